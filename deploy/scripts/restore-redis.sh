#!/usr/bin/env bash
# Restore an RDB snapshot into a RUNNING Redis, without touching its data directory:
# a throwaway local redis-server loads the file, then MIGRATE ... COPY REPLACE copies every key
# (with its TTL) to the target. Keys that exist only in the target are kept; keys in the backup
# overwrite. Needs `redis-server` and `redis-cli` locally.
#
#   REDIS_URL=redis://localhost:6379 deploy/scripts/restore-redis.sh --yes FILE.rdb [DB]
#
# DB limits the restore to one database (same index in the target); default: every database.
# In the cluster, first: kubectl port-forward -n todo-phaseiv svc/redis-service 6379:6379
# (The seed's offline alternative, copying dump.rdb into /data and restarting redis-0, is in
# docs/RUNBOOK.md.)
set -euo pipefail
source "$(dirname "$0")/_common.sh"

[ "${1:-}" = "--yes" ] || die "overwrites keys in the target; run again with --yes first"
shift
file="${1:?usage: restore-redis.sh --yes FILE.rdb [DB]}"
only_db="${2:-}"
[ -s "$file" ] || die "no such snapshot: $file"
parse_redis_url "${REDIS_URL:-redis://127.0.0.1:6379/0}"

workdir="$(mktemp -d)"
port=$(( 20000 + RANDOM % 20000 ))
cp "$file" "$workdir/dump.rdb"
redis-server --port "$port" --bind 127.0.0.1 --dir "$workdir" --dbfilename dump.rdb \
  --save "" --appendonly no --daemonize yes --pidfile "$workdir/redis.pid" \
  --logfile "$workdir/redis.log"
cleanup() {
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT
for _ in $(seq 50); do
  [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ] && break
  sleep 0.1
done
[ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ] || die "snapshot did not load: $(cat "$workdir/redis.log")"

auth=()
[ -n "$REDIS_PASSWORD" ] && auth=(AUTH "$REDIS_PASSWORD")
# MIGRATE connects from the throwaway server to the target: reach it by IP/name, not via a socket.
target_host="$REDIS_HOST"
[ "$target_host" = "localhost" ] && target_host=127.0.0.1

total=0
for db in $(redis-cli -p "$port" info keyspace | sed -n 's/^db\([0-9]*\):keys=\([0-9]*\).*/\1/p'); do
  [ -n "$only_db" ] && [ "$db" != "$only_db" ] && continue
  count=$(redis-cli -p "$port" -n "$db" dbsize)
  # One MIGRATE per 100 keys; key names containing newlines are not supported.
  redis-cli -p "$port" -n "$db" --scan | xargs -r -d '\n' -n 100 \
    redis-cli -p "$port" -n "$db" MIGRATE "$target_host" "$REDIS_PORT" "" "$db" 10000 \
    COPY REPLACE "${auth[@]}" KEYS >/dev/null
  echo "db$db: restored $count keys" >&2
  total=$(( total + count ))
done
echo "restored $total keys from $file into $REDIS_HOST:$REDIS_PORT"
