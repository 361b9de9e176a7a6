#!/usr/bin/env bash
# `make audit`: serve the site as `make run` does (DEBUG off, collected static files, gunicorn)
# on a throwaway database loaded with the demo content, on a free port, and audit it with
# Lighthouse, axe-core and the Nu HTML Checker in the system Chromium. See audit/README.md.
#
#   audit/run.sh              the full audit; exit 1 when any page misses a target
#   audit/run.sh serve        only serve the audited site (until Ctrl-C), to look at it
#   audit/run.sh screenshots  serve it and take screenshots of the home and film pages
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=${1:-audit}
OUT=${AUDIT_OUT_DIR:-$ROOT/.audit}
PY=$ROOT/.venv/bin/python
NODE=$ROOT/audit/node_modules/.bin/node
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

die() { echo "audit: $*" >&2; exit 2; }

[ -x "$PY" ] || die "no .venv: run 'make deps' first"
[ -x "$CHROME_PATH" ] || die "no Chromium at $CHROME_PATH: apt-get update && apt-get install -y chromium"
command -v java >/dev/null || die "no java (the Nu HTML Checker needs Java 11+): apt-get install -y default-jre-headless"
command -v npm >/dev/null || die "no npm (needed once, to install the audit tools): apt-get install -y npm"

# The tools, pinned in audit/package-lock.json. --ignore-scripts: no browser and no JDK is downloaded.
stamp=audit/node_modules/.installed
if [ ! -f "$stamp" ] || [ audit/package-lock.json -nt "$stamp" ]; then
  echo "Installing the audit tools (once)..."
  (cd audit && PUPPETEER_SKIP_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi

# A site of its own: the audit never touches db.sqlite3, media/ or staticfiles/.
site=$OUT/site
rm -rf "$site"
mkdir -p "$site"
export DATABASE_URL="sqlite:///$site/db.sqlite3" MEDIA_ROOT="$site/media" DJANGO_STATIC_ROOT="$site/static"
export DJANGO_DEBUG=0 DJANGO_ENV=local
"$PY" manage.py migrate --noinput --verbosity 0
"$PY" manage.py load_demo >/dev/null
"$PY" manage.py collectstatic --noinput --verbosity 0
# An editor account, to check that the admin still works under its Content-Security-Policy.
export AUDIT_ADMIN_USER=audit AUDIT_ADMIN_PASSWORD="audit-$("$PY" -c 'import secrets; print(secrets.token_hex(12))')"
DJANGO_SUPERUSER_PASSWORD=$AUDIT_ADMIN_PASSWORD "$PY" manage.py createsuperuser --noinput \
  --username "$AUDIT_ADMIN_USER" --email audit@example.invalid >/dev/null

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export PORT
BASE=http://127.0.0.1:$PORT
WEB_CONCURRENCY=${WEB_CONCURRENCY:-2} "$ROOT/.venv/bin/gunicorn" --config gunicorn.conf.py >"$OUT/gunicorn.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 60); do
  curl --noproxy '*' -fs "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { tail -n 20 "$OUT/gunicorn.log" >&2; die "gunicorn did not start"; }
  sleep 0.5
done
curl --noproxy '*' -fs "$BASE/healthz" >/dev/null || die "the site did not answer on $BASE/healthz"

case $MODE in
  serve)
    echo "Serving the audited site on $BASE/ (Ctrl-C to stop)"
    wait "$server"
    ;;
  screenshots)
    "$NODE" audit/screenshots.mjs "$BASE" "$OUT/screenshots"
    ;;
  audit)
    "$NODE" audit/audit.mjs "$BASE" "$OUT"
    ;;
  *) die "unknown mode '$MODE' (audit, serve or screenshots)";;
esac
