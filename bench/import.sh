#!/usr/bin/env bash
# Import benchmark: what a user waits for before `haven serve` can answer (haven's validated,
# all-or-nothing import, which also builds the lookup indexes serve needs), beside two floors
# loading the same CSVs on the same machine in the same run:
#  * PostgreSQL 15 tuned for a bulk load: wal_level=minimal (no WAL for tables created in the
#    loading transaction), CREATE TABLE + COPY FREEZE in one transaction, a large max_wal_size,
#    one session per core; typed tables (from the HSDS datapackage's field types), then primary
#    keys, the foreign keys the datapackage declares, and an index on every foreign-key column
#    (what haven's lookup indexes are), all added after the load, one session per core;
#  * SQLite's own CSV import (the sqlite3 shell's .import, journal off) into text tables: the
#    floor of haven's storage engine, with no validation, keys or indexes at all.
# Each contender runs REPEAT times (default 3), the order alternating, with `sync` between runs;
# the median and the minimum are reported.
# Usage: bash bench/import.sh [SERVICES]   (default 1000000; PKG=DIR reuses a generated package)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
REPEAT=${REPEAT:-3}
WORK=${BENCH_DIR:-/tmp/haven-bench-import}
PGBIN=/usr/lib/postgresql/15/bin
PORT=${PGPORT_BENCH:-54329}
CORES=$(nproc)

if [ ! -x "$PGBIN/postgres" ]; then
  apt-get update -qq && apt-get install -y -qq postgresql-15 >/dev/null
fi
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }

nice -n 10 cargo build --release -q -p haven
HAVEN=$PWD/target/release/haven
mkdir -p "$WORK"
PKG=${PKG:-$WORK/pkg}
if [ ! -f "$PKG/datapackage.json" ]; then
  echo "generating $N synthetic services..."
  "$HAVEN" generate --services "$N" --seed 42 --out "$PKG" >/dev/null
fi
ROWS=$(for f in "$PKG"/*.csv; do tail -n +2 "$f" | wc -l; done | paste -sd+ | bc)
SIZE=$(du -sh "$PKG" | cut -f1)
echo "datapackage $PKG: $ROWS rows, $SIZE"
chmod -R a+rX "$PKG"

# Typed DDL, keys and foreign keys from the datapackage the files came with.
python3 - "$PKG" "$WORK" "$CORES" <<'PY'
import json, os, sys
pkg, work, cores = sys.argv[1], sys.argv[2], int(sys.argv[3])
dp = json.load(open(os.path.join(pkg, "datapackage.json")))
types = {"string": "text", "number": "double precision", "integer": "bigint", "boolean": "boolean",
         "date": "date", "datetime": "timestamptz", "time": "time"}
res = [r for r in dp["resources"] if os.path.exists(os.path.join(pkg, r["path"]))]
res.sort(key=lambda r: -os.path.getsize(os.path.join(pkg, r["path"])))
loads, keys, fks = [[] for _ in range(cores)], [[] for _ in range(cores)], [[] for _ in range(cores)]
size = [0] * cores
for r in res:
    s = min(range(cores), key=lambda i: size[i])
    size[s] += os.path.getsize(os.path.join(pkg, r["path"]))
    t = r["name"]
    cols = ", ".join(f'"{f["name"]}" ' + ("uuid" if f.get("format") == "uuid" else types.get(f["type"], "text"))
                     for f in r["schema"]["fields"])
    path = os.path.abspath(os.path.join(pkg, r["path"]))
    loads[s].append(f'CREATE TABLE "{t}" ({cols});\n'
                    f"COPY \"{t}\" FROM '{path}' WITH (FORMAT csv, HEADER true, FREEZE true);\n")
    keys[s].append(f'ALTER TABLE "{t}" ADD PRIMARY KEY (id);\n')
    for fk in r["schema"].get("foreignKeys", []):
        ref = fk["reference"]["resource"]
        if not any(x["name"] == ref for x in res):
            continue
        col = fk["fields"]
        fks[s].append(f'ALTER TABLE "{t}" ADD FOREIGN KEY ("{col}") REFERENCES "{ref}" (id);\n'
                      f'CREATE INDEX ON "{t}" ("{col}");\n')
for i in range(cores):
    open(os.path.join(work, f"load{i}.sql"), "w").write(
        "\\set ON_ERROR_STOP 1\nSET maintenance_work_mem = '512MB';\nBEGIN;\n" + "".join(loads[i]) + "COMMIT;\n")
    open(os.path.join(work, f"keys{i}.sql"), "w").write(
        "\\set ON_ERROR_STOP 1\nSET maintenance_work_mem = '512MB';\n" + "".join(keys[i]))
    open(os.path.join(work, f"fks{i}.sql"), "w").write(
        "\\set ON_ERROR_STOP 1\nSET maintenance_work_mem = '512MB';\n" + "".join(fks[i]))
PY

PGDATA="$WORK/pg"
chown -R postgres "$WORK"
pg_stop() { su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m fast stop >/dev/null 2>&1" || true; }
trap pg_stop EXIT
psql_() { psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }
run_pg() {
  pg_stop; rm -rf "$PGDATA"; mkdir -p "$PGDATA"; chown postgres "$PGDATA"
  su postgres -c "$PGBIN/initdb -D $PGDATA -A trust -U postgres >/dev/null"
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA -l $WORK/pg.log -w start -o \"-p $PORT -k $WORK -c listen_addresses=127.0.0.1 \
    -c wal_level=minimal -c max_wal_senders=0 -c archive_mode=off -c max_wal_size=32GB -c checkpoint_timeout=1h \
    -c shared_buffers=4GB -c maintenance_work_mem=1GB -c max_parallel_maintenance_workers=$CORES\"" >/dev/null
  local t0 t1 pids
  t0=$(date +%s.%N)
  for phase in load keys fks; do
    pids=()
    for i in $(seq 0 $((CORES - 1))); do psql_ -f "$WORK/$phase$i.sql" >/dev/null & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p" || { echo "PostgreSQL $phase failed (see $WORK/pg.log)" >&2; return 1; }; done
  done
  psql_ -c CHECKPOINT >/dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
run_sqlite() {
  rm -f "$WORK/floor.sqlite"
  local t0 t1
  t0=$(date +%s.%N)
  { echo "PRAGMA journal_mode = OFF;"; echo "PRAGMA synchronous = OFF;"; echo "PRAGMA cache_size = -1048576;"
    echo "BEGIN;"
    for f in "$PKG"/*.csv; do echo ".import --csv $f $(basename "$f" .csv)"; done
    echo "COMMIT;"; } | sqlite3 "$WORK/floor.sqlite" >/dev/null
  sync -f "$WORK/floor.sqlite" 2>/dev/null || sync
  t1=$(date +%s.%N)
  rm -f "$WORK/floor.sqlite"
  echo "$t1 - $t0" | bc -l
}
run_haven() {
  rm -f "$WORK"/haven.sqlite*
  /usr/bin/time -f "%e %M" -o "$WORK/haven.time" "$HAVEN" --db "sqlite:$WORK/haven.sqlite" import "$PKG" >/dev/null
  local secs kb
  read -r secs kb < "$WORK/haven.time"
  echo "$kb" >> "$WORK/haven.rss"
  # The store is ready to serve: no lookup index is left for the first start to build.
  [ "$(sqlite3 "$WORK/haven.sqlite" "SELECT count(*) FROM sqlite_master WHERE name LIKE 'record_by_%'")" = 8 ] \
    || { echo "haven's import left lookup indexes unbuilt" >&2; return 1; }
  rm -f "$WORK"/haven.sqlite*
  echo "$secs"
}

: > "$WORK/haven.rss"
declare -A T=([haven]="" [pg]="" [sqlite]="")
for rep in $(seq 1 "$REPEAT"); do
  if [ $((rep % 2)) = 1 ]; then order="haven pg sqlite"; else order="sqlite pg haven"; fi
  for who in $order; do
    sync
    t=$(run_$who) || { echo "the $who run failed" >&2; exit 1; }
    printf '  run %s: %-6s %7.1f s\n' "$rep" "$who" "$t"
    T[$who]="${T[$who]} $t"
  done
done
pg_stop; trap - EXIT

med() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mn() { printf '%s\n' $1 | sort -g | head -1; }
HM=$(med "${T[haven]}"); HMIN=$(mn "${T[haven]}")
PM=$(med "${T[pg]}"); PMIN=$(mn "${T[pg]}")
SM=$(med "${T[sqlite]}"); SMIN=$(mn "${T[sqlite]}")
RSS=$(sort -g "$WORK/haven.rss" | tail -1)
printf '\nimport of %s services (%s rows, %s of CSV), %s runs each, median / min:\n' "$N" "$ROWS" "$SIZE" "$REPEAT"
printf '  haven import (validated, one transaction, lookup indexes built): %7.1f / %7.1f s  (%.0f services/s; peak RSS %.0f MB)\n' \
  "$HM" "$HMIN" "$(echo "$N / $HM" | bc -l)" "$(echo "$RSS / 1024" | bc -l)"
printf '  PostgreSQL 15 bulk load, typed, keys + FKs + FK indexes after:   %7.1f / %7.1f s\n' "$PM" "$PMIN"
printf '  SQLite %s .import of the CSVs (text tables, no keys):          %7.1f / %7.1f s\n' "$(sqlite3 --version | cut -d' ' -f1)" "$SM" "$SMIN"
printf '  haven / PostgreSQL: %.2fx (median), %.2fx (min); target at most 2x\n' "$(echo "$HM / $PM" | bc -l)" "$(echo "$HMIN / $PMIN" | bc -l)"
printf '  haven / SQLite floor: %.2fx (median), %.2fx (min); target at most 3x\n' "$(echo "$HM / $SM" | bc -l)" "$(echo "$HMIN / $SMIN" | bc -l)"
