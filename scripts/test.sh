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

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
mkdir -p target
cargo test --workspace --quiet 2>&1 | tee target/test-output.txt
bash scripts/api-fuzz.sh

bash scripts/browser-test.sh 2>&1 | tee -a target/test-output.txt  # real-browser tests (headless Chromium)
# One closing line for the whole suite (cargo prints one per test binary).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "haven: %d passed, %d failed\n", p, f }' target/test-output.txt
