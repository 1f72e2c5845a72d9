#!/usr/bin/env bash
# Start Debian's PostgreSQL and Redis on loopback for the production profile on one machine
# (services do not start themselves here). Installs them if missing; safe to run twice.
# Usage: scripts/local_services.sh [start|stop]
set -euo pipefail
action=${1:-start}
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ "$action" = stop ]; then
  redis-cli -p "${REDIS_PORT:-6379}" shutdown nosave 2>/dev/null || true
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  sudo_if_needed pg_ctlcluster "$version" main stop 2>/dev/null || true
  exit 0
fi

missing=()
command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_if_needed apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
pg_lsclusters -h | grep -q "^${version} main" || sudo_if_needed pg_createcluster "$version" main
sudo_if_needed pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
sudo_if_needed su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jarida') THEN
    CREATE ROLE jarida LOGIN CREATEDB PASSWORD 'jarida';
  END IF;
END $$;
SQL
sudo_if_needed su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname = 'jarida'\"" \
  | grep -q 1 || sudo_if_needed su postgres -c "createdb -O jarida jarida"

if ! redis-cli -p "${REDIS_PORT:-6379}" ping >/dev/null 2>&1; then
  redis-server --port "${REDIS_PORT:-6379}" --bind 127.0.0.1 --daemonize yes \
    --save "" --appendonly no --maxmemory 512mb --maxmemory-policy allkeys-lru >/dev/null
fi
echo "PostgreSQL: postgres://jarida:jarida@127.0.0.1:5432/jarida"
echo "Redis:      redis://127.0.0.1:${REDIS_PORT:-6379}/0"
