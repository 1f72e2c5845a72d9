#!/usr/bin/env bash
# Serving under load (wrk from Debian): the static limit, the article cached through the app
# and through the nginx micro-cache, and uncached renders, in one run. See bench/serve.py.
# Needs: wrk, nginx, PostgreSQL and Redis (scripts/local_services.sh starts them).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk not installed: apt install wrk" >&2; exit 1; }
scripts/local_services.sh start >/dev/null
exec .venv/bin/python bench/serve.py "$@"
