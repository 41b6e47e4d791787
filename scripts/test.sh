#!/usr/bin/env bash
# The whole test suite: installs what it needs (idempotently), then runs every check CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# Python tools the suite uses (pinned in scripts/requirements-test.txt).
if [ -f scripts/requirements-test.txt ]; then
  python3 -m venv .venv-test >/dev/null 2>&1 || true
  if [ -x .venv-test/bin/pip ]; then
    .venv-test/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt
  fi
fi

# One clean build, not an incremental cache beside it (CI disks are small).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# PostgreSQL for the store suite's second backend: Debian's server, a throwaway cluster on
# loopback (as bench/import.sh starts one), stopped when the suite ends. Each test creates its own
# database on it through HAVEN_TEST_POSTGRES; without that variable those tests fail under CI.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/postgres" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(pg_bin)
PGWORK=$(mktemp -d /tmp/haven-test-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else bash -c "$1"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PGWORK"
as_pg "$PGBIN/initdb -D $PGWORK/data -A trust -U postgres -E UTF8 >/dev/null"
# A loopback port the system says is free; another process may take it first, so try again.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
for attempt in 1 2 3 4 5; do
  PGPORT=$(free_port)
  if as_pg "$PGBIN/pg_ctl -D $PGWORK/data -o '-p $PGPORT -k $PGWORK -c listen_addresses=127.0.0.1 -c fsync=off' -l $PGWORK/log -w start >/dev/null"; then
    break
  fi
  [ "$attempt" = 5 ] && { echo "PostgreSQL for the tests did not start:"; tail -5 "$PGWORK/log"; exit 1; }
done
trap 'as_pg "$PGBIN/pg_ctl -D $PGWORK/data -m fast stop >/dev/null" || true; rm -rf "$PGWORK"' EXIT
export HAVEN_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PGPORT/postgres"

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
mkdir -p target
cargo test --workspace --quiet 2>&1 | tee target/test-output.txt
# The API suite once more with its store on PostgreSQL: every API answer on both backends.
HAVEN_TEST_API_BACKEND=postgres cargo test -p web --test api --quiet 2>&1 | tee -a target/test-output.txt
bash scripts/api-fuzz.sh

bash scripts/browser-test.sh 2>&1 | tee -a target/test-output.txt  # real-browser tests (headless Chromium)
# One closing line for the whole suite (cargo prints one per test binary).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "haven: %d passed, %d failed\n", p, f }' target/test-output.txt
