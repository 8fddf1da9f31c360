#!/usr/bin/env bash
# Self-signed TLS certificate for the ingress (seed "TLS/HTTPS Architecture"): RSA 2048,
# 365 days, CN and SAN todo-app.local + *.todo-app.local. Idempotent: an existing, still valid
# pair for the same host is kept (FORCE=1 replaces it). The key never leaves this folder
# (gitignored).
#
#   ./certs/generate.sh [HOST]        then run the kubectl command it prints
set -euo pipefail

HOST="${1:-todo-app.local}"
DIR="$(cd "$(dirname "$0")" && pwd)"
CRT="$DIR/tls.crt"
KEY="$DIR/tls.key"
NAMESPACE="${NAMESPACE:-todo-phaseiv}"
SECRET="${SECRET:-todo-app-tls}"

valid_for_a_week() {
  [ -s "$CRT" ] && [ -s "$KEY" ] \
    && openssl x509 -in "$CRT" -noout -checkend 604800 >/dev/null \
    && openssl x509 -in "$CRT" -noout -subject | grep -q "CN *= *$HOST"
}

if [ "${FORCE:-0}" != "1" ] && valid_for_a_week; then
  echo "Keeping the existing certificate for $HOST (FORCE=1 to replace it)." >&2
else
  umask 077
  openssl req -x509 -nodes -days 365 -newkey rsa:2048 \
    -keyout "$KEY" \
    -out "$CRT" \
    -subj "/CN=$HOST/O=TodoApp" \
    -addext "subjectAltName=DNS:$HOST,DNS:*.$HOST" 2>/dev/null
  chmod 600 "$KEY"
  chmod 644 "$CRT"
  echo "Wrote $CRT and $KEY." >&2
fi

openssl x509 -in "$CRT" -noout -subject -enddate -ext subjectAltName >&2
cat <<EOT

Create (or replace) the Kubernetes Secret the Ingress uses:
  kubectl create namespace $NAMESPACE --dry-run=client -o yaml | kubectl apply -f -
  kubectl create secret tls $SECRET --cert="$CRT" --key="$KEY" -n $NAMESPACE \\
    --dry-run=client -o yaml | kubectl apply -f -
EOT
