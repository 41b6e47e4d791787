#!/usr/bin/env bash
# Soak bench (issue 16): `haven serve` for DURATION seconds (default 600) at 80% of its measured
# peak throughput, with a mix that includes slow readers (NDJSON streams read at 2 KB/s) and slow
# clients (headers sent one line every 2 s), only to loopback. The load generator is
# bench/load (haven-load, compiled, one thread): it measures the peak closed loop over
# CONNECTIONS keep-alive connections with the soak's own mix, then offers 80% of it open loop
# (a fixed schedule over a keep-alive pool, latency from each request's intended send time).
# Prints the peak, offered vs achieved rate, p50/p90/p99/max, errors by kind, how the slow
# readers and clients were treated, and the server's RSS, threads and open files over time;
# exits non-zero on any error, a soak that fell behind, or RSS that grew.
#
# Usage: bash bench/soak.sh [SERVICES]   (default 20000)
#   DURATION=600 PEAK_SECS=15 CONNECTIONS=16 POOL=64 SLOW_EVERY=200
#   HAVEN=path/to/haven (default: a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
DURATION=${DURATION:-600}
PEAK_SECS=${PEAK_SECS:-15}
CONNECTIONS=${CONNECTIONS:-16}
POOL=${POOL:-64}
SLOW_EVERY=${SLOW_EVERY:-200}
WORK=${SOAK_DIR:-/tmp/haven-soak}/n$N
if [ -z "${HAVEN:-}" ]; then
  echo "building (release)..."
  cargo build --release -q -p haven
  HAVEN=${CARGO_TARGET_DIR:-$PWD/target}/release/haven
fi
echo "building the load generator (bench/load)..."
cargo build --release -q --manifest-path bench/load/Cargo.toml --target-dir bench/load/target
LOAD=$PWD/bench/load/target/release/haven-load
if [ ! -f "$WORK/haven.sqlite" ]; then
  rm -rf "$WORK"; mkdir -p "$WORK"
  "$HAVEN" generate --services "$N" --seed 7 --out "$WORK/data" >/dev/null
  "$HAVEN" --db "sqlite:$WORK/haven.sqlite" import "$WORK/data" >/dev/null
fi
# Server and generator at a better priority than the builds that may share the machine.
PRIO=()
[ "$(id -u)" = 0 ] && PRIO=(nice -n -5)
LOG=$WORK/serve.log
"${PRIO[@]}" "$HAVEN" --db "sqlite:$WORK/haven.sqlite" serve --addr 127.0.0.1:0 --quiet \
  --header-timeout 5 --idle-timeout 15 2>"$LOG" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q "serving on" "$LOG" && break
  sleep 0.2
done
ADDR=$(sed -n 's#.*serving on http://\([^/]*\)/.*#\1#p' "$LOG" | head -1)
[ -n "$ADDR" ] || { echo "haven did not start:"; cat "$LOG"; exit 1; }
# The real server process (the shell's `$!` is it, unless a wrapper forked it).
SPID=$(pgrep -P "$PID" -x haven || echo "$PID")
echo "haven pid $SPID on $ADDR, $N synthetic services; peak for ${PEAK_SECS}s, soak for ${DURATION}s"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
set +e
"${PRIO[@]}" "$LOAD" --addr "$ADDR" --pid "$SPID" --zips data/gazetteer/us-zips.tsv \
  --connections "$CONNECTIONS" --peak-secs "$PEAK_SECS" --duration "$DURATION" --pool "$POOL" \
  --slow-every "$SLOW_EVERY"
code=$?
set -e
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
lines=$(grep -vc "serving on" "$LOG" || true)
echo "server log: $lines lines besides the start; by kind:"
grep -v "serving on" "$LOG" | sed 's/[0-9][0-9]*/N/g' | sort | uniq -c | sort -rn | head -8 || true
exit $code
