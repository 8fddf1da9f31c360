#!/usr/bin/env bash
# The one place the start commands live: the images, the Helm chart (container args) and the
# local topology test all call this script with a role.
#
#   entrypoint.sh frontend      static Reflex build + GET /api/health        (PORT, default 3000;
#                               BACKEND_URL, default: the page's own origin)
#   entrypoint.sh backend       reflex run --env prod --backend-only          (PORT, default 8000)
#   entrypoint.sh mcp           python -m mcp_server                          (MCP_PORT, 8001)
#   entrypoint.sh reminders     python -m todo_reflex.reminder_worker (no port; SMTP_* settings)
#   entrypoint.sh reminders-alive [SECONDS]  exit 0 if the worker's heartbeat is that fresh (120)
#   entrypoint.sh migrate       todo-admin migrate, retried while the database starts
#   entrypoint.sh purge-deleted todo-admin purge-deleted [--days N] (the nightly CronJob)
#   entrypoint.sh healthcheck [URL...]   exit 0 if any URL answers 2xx (default: local roles)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${PYTHON:-python}"
role="${1:-}"
[ $# -gt 0 ] && shift

case "$role" in
  frontend)
    # Built at image build time by `reflex export --frontend-only --no-zip`.
    exec "$PYTHON" -m todo_reflex.frontend_server \
      --root "${FRONTEND_ROOT:-.web/build/client}" --port "${PORT:-3000}" \
      --backend-url "${BACKEND_URL:-}" "$@"
    ;;
  backend)
    exec reflex run --env prod --backend-only \
      --backend-host "${BACKEND_HOST:-0.0.0.0}" --backend-port "${PORT:-8000}" "$@"
    ;;
  mcp)
    exec "$PYTHON" -m mcp_server "$@"
    ;;
  reminders)
    exec "$PYTHON" -m todo_reflex.reminder_worker "$@"
    ;;
  reminders-alive)
    # The worker touches this file before each reminder and each wait (its probes).
    exec "$PYTHON" -S -c 'import os, sys, time
try:
    age = time.time() - os.stat(sys.argv[1]).st_mtime
except OSError as error:
    sys.exit(f"no heartbeat: {error}")
sys.exit(0 if age < float(sys.argv[2]) else f"heartbeat {age:.0f} s old")' \
      "${DATA_DIR:-data}/reminder-worker.alive" "${1:-120}"
    ;;
  migrate)
    # The in-chart PostgreSQL may still be starting when the post-install hook runs.
    attempts="${MIGRATE_ATTEMPTS:-12}"
    for attempt in $(seq 1 "$attempts"); do
      if todo-admin migrate "$@"; then
        exit 0
      fi
      echo "migrate: attempt $attempt/$attempts failed; retrying in ${MIGRATE_RETRY_SECONDS:-5}s" >&2
      sleep "${MIGRATE_RETRY_SECONDS:-5}"
    done
    exit 1
    ;;
  purge-deleted)
    exec todo-admin purge-deleted "$@"
    ;;
  healthcheck)
    if [ $# -eq 0 ]; then
      set -- "http://127.0.0.1:${PORT:-3000}/api/health" "http://127.0.0.1:${PORT:-8000}/health" \
        "http://127.0.0.1:${MCP_PORT:-8001}/health"
    fi
    exec "$PYTHON" - "$@" <<'PY'
import sys
import urllib.request

for url in sys.argv[1:]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - http only
            body = response.read(200).decode(errors="replace")
            print(f"{url} -> {response.status} {body}")
            sys.exit(0)
    except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
        print(f"{url} -> {error}", file=sys.stderr)
sys.exit(1)
PY
    ;;
  *)
    echo "usage: $(basename "$0") frontend|backend|mcp|reminders|reminders-alive|migrate|purge-deleted|healthcheck [args]" >&2
    exit 64
    ;;
esac
