#!/usr/bin/env bash
# Real-browser tests of the public site (issue 4): headless Chromium drives `haven serve` on a
# scratch store, with axe-core (WCAG 2.2 A/AA), network, cookie, quick-exit and no-JavaScript
# checks on every page in every shipped language. Installs what it needs, idempotently:
# Debian's chromium + chromium-driver, axe-core from npm (pinned by tests/browser/package-lock.json)
# and selenium from PyPI (pinned in scripts/requirements-test.txt). Nothing leaves the machine:
# the quick exit points to a tiny local page served by a second local server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# 1. Chromium and its driver (Debian packages).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "browser: installing chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 2. axe-core, exactly the version locked in tests/browser/package-lock.json.
axe_version() { node -p "require('./tests/browser/$1').$2" 2>/dev/null || true; }
want="$(axe_version package-lock.json "packages['node_modules/axe-core'].version")"
have="$(axe_version node_modules/axe-core/package.json version)"
if [ -z "$have" ] || [ "$have" != "$want" ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# 3. selenium, pinned (test.sh installs the same file; this makes the script work on its own).
if [ ! -x .venv-test/bin/pip ]; then
  python3 -m venv .venv-test
fi
.venv-test/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt

# 4. The binary.
cargo build --quiet -p haven
BIN="${CARGO_TARGET_DIR:-target}/debug/haven"

# 5. The servers: haven on a scratch store, and the local "exit" page.
TMP="$(mktemp -d)"
HAVEN_PID=""
EXIT_PID=""
cleanup() {
  for pid in $HAVEN_PID $EXIT_PID; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$TMP/exit"
cat >"$TMP/exit/index.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Weather</title></head>
<body><h1>Weather</h1><p>Sunny, 21 degrees.</p></body></html>
HTML
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$TMP/exit" >"$TMP/exit.log" 2>&1 &
EXIT_PID=$!

wait_for() { # file pattern seconds pid
  local i=0
  while [ "$i" -lt "$(($3 * 10))" ]; do
    if grep -Eq "$2" "$1" 2>/dev/null; then return 0; fi
    if ! kill -0 "$4" 2>/dev/null; then return 1; fi
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

if ! wait_for "$TMP/exit.log" 'port [0-9]+' 30 "$EXIT_PID"; then
  echo "browser: the exit page server did not start:" >&2
  cat "$TMP/exit.log" >&2
  exit 1
fi
EXIT_PORT="$(grep -Eo 'port [0-9]+' "$TMP/exit.log" | head -1 | grep -Eo '[0-9]+')"
EXIT_URL="http://127.0.0.1:$EXIT_PORT/"

# First start loads the bundled directory into the new store (a few seconds).
"$BIN" --db "sqlite:$TMP/h.sqlite" serve --addr 127.0.0.1:0 --exit-url "$EXIT_URL" \
  >"$TMP/haven.log" 2>&1 &
HAVEN_PID=$!
if ! wait_for "$TMP/haven.log" 'serving on http://' 600 "$HAVEN_PID"; then
  echo "browser: haven serve did not start:" >&2
  cat "$TMP/haven.log" >&2
  exit 1
fi
BASE="$(grep -Eo 'serving on http://[0-9.:]+' "$TMP/haven.log" | head -1 | sed 's/serving on //')"
echo "browser: haven at $BASE, quick exit to $EXIT_URL"

# 6. The tests.
status=0
.venv-test/bin/python tests/browser/test_pages.py --base "$BASE" --exit-url "$EXIT_URL" \
  --axe "$ROOT/tests/browser/node_modules/axe-core/axe.min.js" || status=$?
if [ "$status" -ne 0 ]; then
  echo "browser: haven's log (no IPs, no queries):" >&2
  tail -n 40 "$TMP/haven.log" >&2
fi
exit "$status"
