#!/usr/bin/env bash
# Back up Redis as an RDB snapshot, taken from the live server over the replication protocol
# (`redis-cli --rdb`): no access to the server's data directory is needed.
#
#   REDIS_URL=redis://localhost:6379/0 deploy/scripts/backup-redis.sh [OUT.rdb]
#
# In the cluster, first: kubectl port-forward -n todo-phaseiv svc/redis-service 6379:6379
# The snapshot holds every database of the server. Default output: backups/redis-<UTC time>.rdb
set -euo pipefail
source "$(dirname "$0")/_common.sh"

parse_redis_url "${REDIS_URL:-redis://127.0.0.1:6379/0}"
out="${1:-backups/redis-$(date -u +%Y%m%dT%H%M%SZ).rdb}"
mkdir -p "$(dirname "$out")"

if [ -n "$REDIS_PASSWORD" ]; then export REDISCLI_AUTH="$REDIS_PASSWORD"; fi
redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --rdb "$out" >&2
[ -s "$out" ] || die "empty snapshot: $out"
echo "$out"
