#!/usr/bin/env bash
# Back up PostgreSQL with pg_dump (custom format: compressed, restorable table by table).
#
#   DATABASE_URL=postgresql://user:pw@localhost:5432/todo deploy/scripts/backup-postgres.sh [OUT.dump]
#
# In the cluster: port-forward svc/postgresql-service (in-chart database) or use the external
# DATABASE_URL (Neon also keeps its own point-in-time backups). pg_dump must be at least the
# server's major version. Default output: backups/postgres-<UTC time>.dump
set -euo pipefail
source "$(dirname "$0")/_common.sh"

[ -n "${DATABASE_URL:-}" ] || die "set DATABASE_URL"
out="${1:-backups/postgres-$(date -u +%Y%m%dT%H%M%SZ).dump}"
mkdir -p "$(dirname "$out")"
pg_dump --format=custom --no-owner --no-privileges --file "$out" "$(libpq_url "$DATABASE_URL")"
[ -s "$out" ] || die "empty dump: $out"
echo "$out"
