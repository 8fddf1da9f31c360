# Shared helpers of the backup/restore scripts (sourced, not run).

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# Split a redis:// URL into REDIS_HOST, REDIS_PORT, REDIS_PASSWORD and REDIS_DB.
parse_redis_url() {
  local url="$1" re='^rediss?://(([^:@/]*):([^@/]*)@)?([^:/]+)(:([0-9]+))?(/([0-9]+))?$'
  [[ "$url" =~ $re ]] || die "cannot parse Redis URL: $url"
  REDIS_PASSWORD="${BASH_REMATCH[3]}"
  REDIS_HOST="${BASH_REMATCH[4]}"
  REDIS_PORT="${BASH_REMATCH[6]:-6379}"
  REDIS_DB="${BASH_REMATCH[8]:-0}"
}

# libpq accepts postgresql:// but not SQLAlchemy's postgresql+psycopg:// driver suffix.
libpq_url() { printf '%s' "$1" | sed -E 's#^postgres(ql)?\+[a-z0-9]+://#postgresql://#'; }
