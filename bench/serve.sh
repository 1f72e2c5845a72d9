#!/usr/bin/env bash
# Serving under load, in one run: Jarida's cold render, page cache and nginx micro-cache
# against wagtail/bakerydemo, WordPress from Debian and nginx serving a static file.
# See bench/serve.py (its docstring says what each row means) and bench/peers/.
#   bench/serve.sh [--limit 2000] [--seconds 10] [--rounds 3] [--only ROW,...] [--list]
# Needs: `make install`, ../shared/corpus, PostgreSQL on 127.0.0.1:5432 (role jarida), and
# Debian's wrk, nginx and redis-server (installed here when run as root). WordPress's
# packages are installed by bench/peers/wordpress.py when root, else its row is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  echo "serve bench: .venv missing; run 'make install' first" >&2
  exit 1
fi
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "serve bench: installing ${missing[*]} from Debian" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "serve bench: missing ${missing[*]}: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "serve bench: PostgreSQL is not answering on 127.0.0.1:5432: start it (scripts/local_services.sh start)" >&2
  exit 1
fi
exec .venv/bin/python bench/serve.py "$@"
