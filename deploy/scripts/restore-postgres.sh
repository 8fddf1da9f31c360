#!/usr/bin/env bash
# Restore a backup-postgres.sh dump into DATABASE_URL, in one transaction: the objects in the
# dump are dropped and recreated (--clean --if-exists); a failure leaves the database unchanged.
# Stop writers first (scale backend and mcp-server to 0, see docs/RUNBOOK.md).
#
#   DATABASE_URL=postgresql://user:pw@localhost:5432/todo deploy/scripts/restore-postgres.sh --yes FILE.dump
set -euo pipefail
source "$(dirname "$0")/_common.sh"

[ "${1:-}" = "--yes" ] || die "replaces the tables in the dump; run again with --yes first"
shift
file="${1:?usage: restore-postgres.sh --yes FILE.dump}"
[ -s "$file" ] || die "no such dump: $file"
[ -n "${DATABASE_URL:-}" ] || die "set DATABASE_URL"
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname "$(libpq_url "$DATABASE_URL")" "$file"
echo "restored $file"
