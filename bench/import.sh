#!/usr/bin/env bash
# Import benchmark: haven's validated, transactional import of a synthetic datapackage vs
# PostgreSQL 15 `\copy` of the same CSVs into plain text tables (no validation), in one run.
# Usage: bash bench/import.sh [SERVICES]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
WORK=${BENCH_DIR:-/tmp/haven-bench-import}
PGBIN=/usr/lib/postgresql/15/bin

if [ ! -x "$PGBIN/postgres" ]; then
  apt-get update -qq && apt-get install -y -qq postgresql-15 >/dev/null
fi
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build --release -q -p haven
HAVEN=$PWD/target/release/haven
rm -rf "$WORK" && mkdir -p "$WORK"
echo "generating $N synthetic services..."
"$HAVEN" generate --services "$N" --seed 42 --out "$WORK/pkg" >/dev/null
ROWS=$(for f in "$WORK"/pkg/*.csv; do tail -n +2 "$f" | wc -l; done | paste -sd+ | bc)
SIZE=$(du -sh "$WORK/pkg" | cut -f1)
echo "datapackage: $ROWS rows, $SIZE"

# haven: validate + one SQLite transaction.
/usr/bin/time -f "%e %M" -o "$WORK/haven.time" "$HAVEN" --db "sqlite:$WORK/haven.sqlite" import "$WORK/pkg" >/dev/null
read -r H_SECS H_KB < "$WORK/haven.time"

# PostgreSQL: a throwaway cluster on loopback, one plain text table per CSV, \copy each.
PGDATA="$WORK/pg"; mkdir -p "$PGDATA"; chown -R postgres "$WORK"
PORT=54329
su postgres -c "$PGBIN/initdb -D $PGDATA -A trust -U postgres >/dev/null"
su postgres -c "$PGBIN/pg_ctl -D $PGDATA -o '-p $PORT -k $WORK -c listen_addresses=127.0.0.1' -l $WORK/pg.log -w start >/dev/null"
trap 'su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m fast stop >/dev/null" || true' EXIT
SQL="$WORK/copy.sql"; : > "$SQL"
for f in "$WORK"/pkg/*.csv; do
  t=$(basename "$f" .csv)
  cols=$(head -1 "$f" | tr -d '\r' | sed 's/,/ text, /g; s/$/ text/')
  echo "CREATE TABLE \"$t\" ($cols);" >> "$SQL"
done
psql -q -h 127.0.0.1 -p $PORT -U postgres -f "$SQL" >/dev/null
COPY="$WORK/copy2.sql"; : > "$COPY"
echo "\\timing off" >> "$COPY"
for f in "$WORK"/pkg/*.csv; do
  t=$(basename "$f" .csv)
  echo "\\copy \"$t\" FROM '$f' WITH (FORMAT csv, HEADER true)" >> "$COPY"
done
START=$(date +%s.%N)
psql -q -h 127.0.0.1 -p $PORT -U postgres -v ON_ERROR_STOP=1 -1 -f "$COPY" >/dev/null
END=$(date +%s.%N)
P_SECS=$(echo "$END - $START" | bc -l)

printf '\nimport of %s services (%s rows)\n' "$N" "$ROWS"
printf '  haven import (validated, one transaction): %8.2f s  %10.0f services/s  peak RSS %6.0f MB\n' "$H_SECS" "$(echo "$N / $H_SECS" | bc -l)" "$(echo "$H_KB / 1024" | bc -l)"
printf '  PostgreSQL 15 \\copy (no validation):       %8.2f s  %10.0f services/s\n' "$P_SECS" "$(echo "$N / $P_SECS" | bc -l)"
printf '  ratio haven / \\copy time: %.2fx (target: at most 3x); peak memory target: under 2048 MB\n' "$(echo "$H_SECS / $P_SECS" | bc -l)"
