#!/usr/bin/env bash
# Fuzz haven's import readers (CSV, JSON, the datapackage descriptor, zip, schedule parsing) and
# every query-parameter parser (the API's, the /find form's, the place resolver behind `near`)
# for a fixed time per target, starting from the small committed corpus in fuzz/corpus, with
# a 2 GB memory limit (the import's promise); reports executions and crashes per target.
# Usage: bash bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60 s, every target)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(csv json datapackage zip schedule query)
WORK=${FUZZ_DIR:-/tmp/haven-fuzz}

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# cargo fuzz passes nightly-only flags (-Zsanitizer=address); the stable toolchain accepts them
# with RUSTC_BOOTSTRAP=1.
export RUSTC_BOOTSTRAP=1

mkdir -p "$WORK"
printf '%-12s %8s %12s %10s %8s\n' target seconds executions "exec/s" crashes
status=0
for t in "${TARGETS[@]}"; do
  # New inputs go to a scratch corpus; the committed one is only read.
  mkdir -p "$WORK/corpus-$t" "fuzz/artifacts/$t"
  before=$(find "fuzz/artifacts/$t" -type f | wc -l)
  log="$WORK/$t.log"
  if ! (cd fuzz && nice cargo fuzz run "$t" "$WORK/corpus-$t" "corpus/$t" -- \
      -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1) >"$log" 2>&1; then
    status=1
  fi
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log" | tail -1)
  after=$(find "fuzz/artifacts/$t" -type f | wc -l)
  printf '%-12s %8s %12s %10s %8s\n' "$t" "$SECS" "${execs:-?}" "${rate:-?}" "$((after - before))"
  if [ "$((after - before))" -gt 0 ]; then
    echo "  crash inputs in fuzz/artifacts/$t; log: $log" >&2
  elif [ -z "$execs" ]; then
    echo "  $t did not run; see $log" >&2
    tail -5 "$log" >&2
  fi
done
exit $status
