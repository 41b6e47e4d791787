#!/usr/bin/env bash
# Incremental index benchmark: at 1,000,000 services, edits to 1, 100 and 10,000 services (one
# import each) and the time from commit until search finds them all (LiveIndex::refresh, as the
# web's refresher calls it), beside a full index rebuild of the same store timed in the same run.
#
# Usage: bash bench/incremental.sh [SERVICES]   (default 1000000; SEED=42)
#
# The store is the one bench/search.sh generates (made with it when missing); it is copied to a
# temporary folder first, since the benchmark writes to it. The copy is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
SEED=${SEED:-42}
SRC=${BENCH_DIR:-/tmp/haven-bench-search}/n$N-s$SEED
if [ ! -f "$SRC/haven.sqlite" ]; then
  echo "no store at $SRC; making one with bench/search.sh's generator..."
  cargo build --release -q -p haven
  mkdir -p "$SRC"
  ./target/release/haven generate --services "$N" --seed "$SEED" --out "$SRC/pkg" >/dev/null
  ./target/release/haven --db "sqlite:$SRC/haven.sqlite" import "$SRC/pkg" >/dev/null
fi
echo "building (release)..."
cargo build --release -q -p search --example incremental_bench
COPY=$(mktemp -d "${TMPDIR:-/tmp}/haven-incremental.XXXXXX")
trap 'rm -rf "$COPY"' EXIT
cp "$SRC/haven.sqlite" "$COPY/haven.sqlite"
for f in "$SRC"/haven.sqlite-wal "$SRC"/haven.sqlite-shm; do
  [ -f "$f" ] && cp "$f" "$COPY/"
done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
nice -n -5 ./target/release/examples/incremental_bench --db "sqlite:$COPY/haven.sqlite" --seed 7
