#!/usr/bin/env bash
# Crash consistency, the long run: kill `haven import` with SIGKILL at random moments N times
# and check that the store is exactly as before or exactly as after the import and passes
# SQLite's integrity check; then fill a small disk (a tmpfs, when this user may mount one)
# mid-import and check the error names the full disk, says nothing was written, and the
# store is unchanged.
# Usage: bash bench/crash.sh [KILLS] [SERVICES]   (default 100 kills of a 20000-service import)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}
SERVICES=${2:-20000}
WORK=${BENCH_DIR:-/tmp/haven-bench-crash}

cargo build --release -q -p haven
HAVEN=$PWD/target/release/haven
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"

integrity() {
  python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$1"
}

# Synthetic test data: a base package, then the large import to kill.
"$HAVEN" generate --services 20 --seed 1 --out base >/dev/null
"$HAVEN" generate --services "$SERVICES" --seed 2 --out big >/dev/null
"$HAVEN" --db ref.sqlite import base >/dev/null
"$HAVEN" --db ref.sqlite export --format ndjson --out before.ndjson 2>/dev/null
start=$(date +%s%N)
"$HAVEN" --db ref.sqlite import big >/dev/null
full_us=$(( ($(date +%s%N) - start) / 1000 ))
"$HAVEN" --db ref.sqlite export --format ndjson --out after.ndjson 2>/dev/null
cp ref.sqlite ref-after.sqlite 2>/dev/null || true
echo "a whole import of $SERVICES services takes $((full_us / 1000)) ms; killing it $N times"

before=0 after=0 bad=0
RANDOM=${SEED:-$$}
for i in $(seq 1 "$N"); do
  rm -f t.sqlite t.sqlite-wal t.sqlite-shm t.sqlite-journal
  "$HAVEN" --db t.sqlite import base >/dev/null
  wait_us=$(( (RANDOM * 32768 + RANDOM) % (full_us * 11 / 10 + 1) ))
  "$HAVEN" --db t.sqlite import big >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%06d' $((wait_us / 1000000)) $((wait_us % 1000000)))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  "$HAVEN" --db t.sqlite export --format ndjson --out now.ndjson 2>/dev/null
  ok=$(integrity t.sqlite)
  if [ "$ok" != ok ]; then
    bad=$((bad + 1)); echo "kill $i after ${wait_us} us: integrity_check says: $ok"
  elif cmp -s now.ndjson before.ndjson; then
    before=$((before + 1))
  elif cmp -s now.ndjson after.ndjson; then
    after=$((after + 1))
  else
    bad=$((bad + 1)); echo "kill $i after ${wait_us} us: the store is neither before nor after"
  fi
done
echo "kills: $N   before: $before   after: $after   broken: $bad"

# A full disk mid-import, on a tmpfs just too small for the large import.
mkdir -p disk
if mount -t tmpfs -o size=$(( $(stat -c %s ref-after.sqlite) / 2 )) tmpfs disk 2>/dev/null; then
  "$HAVEN" --db disk/h.sqlite import base >/dev/null
  "$HAVEN" --db disk/h.sqlite export --format ndjson --out disk-before.ndjson 2>/dev/null
  set +e
  "$HAVEN" --db disk/h.sqlite import big >/dev/null 2>disk.err
  code=$?
  set -e
  "$HAVEN" --db disk/h.sqlite export --format ndjson --out disk-now.ndjson 2>/dev/null || true
  echo "full disk: exit $code: $(tail -1 disk.err)"
  if [ $code -ne 0 ] && grep -q "disk holding the database is full" disk.err \
      && grep -q "nothing was written" disk.err && cmp -s disk-now.ndjson disk-before.ndjson \
      && [ "$(integrity disk/h.sqlite)" = ok ]; then
    echo "full disk: named, nothing written, store intact"
  else
    echo "full disk: FAILED (see $WORK/disk.err)"; bad=$((bad + 1))
  fi
  umount disk
else
  echo "full disk: skipped (this user cannot mount a tmpfs)"
fi
[ "$bad" -eq 0 ]
