#!/usr/bin/env bash
# Search benchmark: haven's in-memory index vs PostgreSQL 15 + PostGIS 3 on the same data, the
# same queries and the same machine, in one run.
#
# Usage: bash bench/search.sh [SERVICES]     (default 1000000; QUERIES=2000 per class, SEED=42,
#                                             REPEAT=3 timed runs per query)
#
# Timing: after one untimed warm-up pass, every query runs REPEAT times on each side and its
# fastest run counts, so a hiccup of this shared machine (a p99 is the 20th slowest of 2,000)
# does not decide the figure; REPEAT=1 times each query once.
#
# 1. `haven generate` (locations on real US ZIP centroids, jittered) + `haven import` into SQLite;
#    reused from BENCH_DIR when the same size, seed and generator made it.
# 2. crates/search/examples/search_bench.rs: index build time and memory, then p50/p99 of four
#    query classes at random real ZIP centroids; it writes the queries (and its answers) as CSV.
# 3. A throwaway PostgreSQL cluster on loopback loads the same CSVs, runs the same queries with
#    the best SQL we know (below), timed inside the server, and the two are compared.
# The cluster is stopped on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
SEED=${SEED:-42}
QUERIES=${QUERIES:-2000}
REPEAT=${REPEAT:-3}
WORK=${BENCH_DIR:-/tmp/haven-bench-search}/n$N-s$SEED
PGBIN=/usr/lib/postgresql/15/bin
PORT=${PGPORT_BENCH:-54331}

if [ ! -x "$PGBIN/postgres" ] || [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
  apt-get update -qq && apt-get install -y -qq postgresql-15 postgresql-15-postgis-3 postgresql-contrib >/dev/null
fi

echo "building (release)..."
cargo build --release -q -p haven
cargo build --release -q -p search --example search_bench
HAVEN=$PWD/target/release/haven
BENCH=$PWD/target/release/examples/search_bench
mkdir -p "$WORK"

# --- 1. data ---------------------------------------------------------------------------------
DATA_STAMP="$N $SEED $(cat crates/cli/src/generate.rs data/gazetteer/us-zips.tsv | sha1sum | cut -c1-40)"
if [ -f "$WORK/haven.sqlite" ] && [ "$(cat "$WORK/data.stamp" 2>/dev/null)" = "$DATA_STAMP" ]; then
  echo "reusing $N generated services and their SQLite store in $WORK"
else
  rm -rf "$WORK/pkg" "$WORK"/haven.sqlite* "$WORK/pg" "$WORK/data.stamp" "$WORK/pg.stamp"
  echo "generating $N synthetic services on real ZIP centroids..."
  T0=$(date +%s.%N)
  "$HAVEN" generate --services "$N" --seed "$SEED" --out "$WORK/pkg" >/dev/null
  T1=$(date +%s.%N)
  "$HAVEN" --db "sqlite:$WORK/haven.sqlite" import "$WORK/pkg" >/dev/null
  T2=$(date +%s.%N)
  printf '  generate %.1f s, haven import %.1f s\n' "$(echo "$T1 - $T0" | bc -l)" "$(echo "$T2 - $T1" | bc -l)"
  echo "$DATA_STAMP" > "$WORK/data.stamp"
fi

# --- 2. haven --------------------------------------------------------------------------------
echo
"$BENCH" --db "sqlite:$WORK/haven.sqlite" --out "$WORK/out" --queries "$QUERIES" --seed 7 --repeat "$REPEAT"

# --- 3. PostgreSQL + PostGIS -----------------------------------------------------------------
# The schema and load. One row per service-at-location ("doc"), like haven's index, with
# everything the four query classes filter on, so each class is one indexed scan:
#  * geog geography(Point) + GiST, partial on active docs (every class asks for active only),
#    so KNN `<->` walks active docs only; distances on the sphere (use_spheroid => false), as
#    haven's haversine is;
#  * tsv: English and Spanish configurations combined (each applied to unaccent()ed text),
#    weighted A name / B alternate name, organization, taxonomy terms / D description, + GIN.
#    Not `simple`: haven stems in both languages ("refugio" finds "refugios"), and `simple`
#    does not stem at all; the combined vector matches either language's stem as haven does;
#  * langs text[] (codes and names, lowercased) and terms uuid[] (each term with its ancestors,
#    so a parent term matches its children, as in haven) + GIN, for the planner to choose;
#  * open_week int4multirange: the weekly hours as seconds-of-the-week ranges (past-midnight
#    rows spill into the next day, 23:59 or later closes at the end of the day, SU wraps to
#    MO), evaluated at the query instant in the location's IANA zone (AT TIME ZONE, so DST is
#    PostgreSQL's own): one containment test per row instead of a join to the schedules.
#    NULL when the service has no hours ("unknown", never open), as in haven;
#  * tz: the IANA zone haven's gazetteer gives the location (location_tz.csv from step 2).
LOAD_SQL=$(cat <<'SQL'
\set ON_ERROR_STOP 1
CREATE EXTENSION postgis;
CREATE EXTENSION unaccent;
SET maintenance_work_mem = '1GB';
SET work_mem = '512MB';
CREATE TEMP TABLE week_day (code text PRIMARY KEY, n int);
INSERT INTO week_day VALUES ('MO',0),('TU',1),('WE',2),('TH',3),('FR',4),('SA',5),('SU',6);

CREATE TABLE taxonomy_term AS
  SELECT id::uuid AS id, code, name, NULLIF(parent_id, '')::uuid AS parent_id FROM raw.taxonomy_terms;
ALTER TABLE taxonomy_term ADD PRIMARY KEY (id);
CREATE INDEX ON taxonomy_term (lower(code));

-- Term -> itself and its ancestors.
CREATE TEMP TABLE term_up AS
  WITH RECURSIVE up(term, anc) AS (
    SELECT id, id FROM taxonomy_term
    UNION
    SELECT up.term, t.parent_id FROM up JOIN taxonomy_term t ON t.id = up.anc WHERE t.parent_id IS NOT NULL)
  SELECT * FROM up;

CREATE TEMP TABLE svc_terms AS
  SELECT a.link_id::uuid AS service_id, array_agg(DISTINCT u.anc) AS terms
  FROM raw.attributes a JOIN term_up u ON u.term = a.taxonomy_term_id::uuid
  WHERE coalesce(NULLIF(a.link_entity, ''), 'service') = 'service'
  GROUP BY 1;
CREATE TEMP TABLE svc_langs AS
  SELECT l.service_id::uuid AS service_id, array_agg(DISTINCT x) AS langs
  FROM raw.languages l, unnest(ARRAY[lower(trim(l.code)), lower(trim(l.name))]) AS x
  WHERE l.service_id <> '' AND x <> '' GROUP BY 1;
CREATE TEMP TABLE svc_term_names AS
  SELECT a.link_id::uuid AS service_id, string_agg(t.name, ' ' ORDER BY t.name) AS names
  FROM raw.attributes a JOIN term_up u ON u.term = a.taxonomy_term_id::uuid
  JOIN taxonomy_term t ON t.id = u.anc
  GROUP BY 1;

-- Weekly hours as seconds-of-the-week ranges (the generator emits only WEEKLY byday rules).
CREATE TEMP TABLE svc_hours AS
  WITH r AS (
    SELECT s.service_id::uuid AS service_id, d.n AS day,
           extract(epoch FROM s.opens_at::time)::int AS o,
           CASE WHEN s.closes_at::time >= '23:59' THEN 86400
                WHEN s.closes_at::time <= s.opens_at::time THEN extract(epoch FROM s.closes_at::time)::int + 86400
                ELSE extract(epoch FROM s.closes_at::time)::int END AS c
    FROM raw.schedules s CROSS JOIN LATERAL unnest(string_to_array(s.byday, ',')) AS b(code)
    JOIN week_day d ON d.code = trim(b.code)
    WHERE s.freq = 'WEEKLY' AND s.opens_at <> '' AND s.closes_at <> ''),
  spans AS (
    -- [start, end) in seconds from Monday 00:00; a span past Sunday midnight wraps to Monday.
    SELECT service_id, int4range(day * 86400 + o, least(day * 86400 + c, 604800)) AS span FROM r
    UNION ALL
    SELECT service_id, int4range(0, day * 86400 + c - 604800) FROM r WHERE day * 86400 + c > 604800)
  SELECT service_id, range_agg(span) AS open_week FROM spans WHERE NOT isempty(span) GROUP BY 1;

CREATE TABLE doc AS
  SELECT sal.id::uuid AS sal_id, s.id::uuid AS service_id, l.id::uuid AS location_id,
         s.status = 'active' AS active,
         ST_SetSRID(ST_MakePoint(l.longitude::float8, l.latitude::float8), 4326)::geography AS geog,
         z.tz,
         coalesce(sl.langs, '{}') AS langs,
         coalesce(st.terms, '{}') AS terms,
         h.open_week,
         setweight(to_tsvector('english', unaccent(s.name)), 'A')
         || setweight(to_tsvector('spanish', unaccent(s.name)), 'A')
         || setweight(to_tsvector('english', unaccent(coalesce(s.alternate_name, '') || ' ' || coalesce(o.name, '') || ' ' || coalesce(tn.names, ''))), 'B')
         || setweight(to_tsvector('spanish', unaccent(coalesce(s.alternate_name, '') || ' ' || coalesce(o.name, '') || ' ' || coalesce(tn.names, ''))), 'B')
         || setweight(to_tsvector('english', unaccent(coalesce(s.description, ''))), 'D')
         || setweight(to_tsvector('spanish', unaccent(coalesce(s.description, ''))), 'D') AS tsv
  FROM raw.service_at_location sal
  JOIN raw.services s ON s.id = sal.service_id
  JOIN raw.locations l ON l.id = sal.location_id
  LEFT JOIN raw.organizations o ON o.id = s.organization_id
  LEFT JOIN raw.location_tz z ON z.location_id = l.id
  LEFT JOIN svc_langs sl ON sl.service_id = s.id::uuid
  LEFT JOIN svc_terms st ON st.service_id = s.id::uuid
  LEFT JOIN svc_term_names tn ON tn.service_id = s.id::uuid
  LEFT JOIN svc_hours h ON h.service_id = s.id::uuid
  WHERE l.latitude <> '' AND l.longitude <> '';
ALTER TABLE doc ADD PRIMARY KEY (sal_id);
CREATE INDEX doc_geog ON doc USING gist (geog) WHERE active;
CREATE INDEX doc_tsv ON doc USING gin (tsv);
CREATE INDEX doc_terms ON doc USING gin (terms);
CREATE INDEX doc_langs ON doc USING gin (langs);
CREATE INDEX doc_service ON doc (service_id);
SET client_min_messages = warning;
DROP SCHEMA raw CASCADE;
VACUUM (FREEZE, ANALYZE) doc;
ANALYZE taxonomy_term;
SQL
)

# The timing harness: a PL/pgSQL function per run of a class. Each query is static SQL in the
# function, so PostgreSQL plans it once per session and re-plans as it sees fit (a prepared
# statement's life); clock_timestamp() around the statement alone measures execution inside
# the server, with no client, network or parse cost (that favours PostgreSQL, as haven's
# figures also exclude any transport). Building the query point from lat/lon is outside the
# timer for both; resolving the text to a tsquery and the taxonomy code to an id is inside,
# as haven analyzes text and resolves the term per query too.
BENCH_SQL=$(cat <<'SQL'
\set ON_ERROR_STOP 1
SET jit = off;
SET work_mem = '64MB';
CREATE TEMP TABLE q (class text, qid int, lat float8, lon float8, radius_km float8,
                     text text, taxonomy text, language text, open_at timestamptz);
\copy q FROM '@OUT@/queries.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE haven_results (class text, qid int, rank int, service_id uuid, location_id uuid, distance_km float8);
\copy haven_results FROM '@OUT@/haven_results.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE pg_results (class text, qid int, rank int, service_id uuid, location_id uuid, distance_km float8);
CREATE TEMP TABLE pg_timing (class text, qid int, pass int, us float8);

CREATE FUNCTION pg_temp.run_class(cls text, pass int) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE
  r record; pt geography; t0 timestamptz; t1 timestamptz;
  ids uuid[]; locs uuid[]; kms float8[]; tq tsquery; term uuid;
BEGIN
  FOR r IN SELECT * FROM q WHERE class = cls ORDER BY qid LOOP
    pt := ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)::geography;
    IF cls = 'a' THEN
      t0 := clock_timestamp();
      SELECT array_agg(x.service_id), array_agg(x.location_id), array_agg(x.km) INTO ids, locs, kms FROM (
        SELECT d.service_id, d.location_id, ST_Distance(d.geog, pt, false) / 1000 AS km
        FROM doc d WHERE d.active
        ORDER BY d.geog <-> pt LIMIT 10) x;
      t1 := clock_timestamp();
    ELSIF cls = 'b' THEN
      t0 := clock_timestamp();
      SELECT array_agg(x.service_id), array_agg(x.location_id), array_agg(x.km) INTO ids, locs, kms FROM (
        SELECT d.service_id, d.location_id, ST_Distance(d.geog, pt, false) / 1000 AS km
        FROM doc d
        WHERE d.active AND d.langs @> ARRAY[lower(r.language)]
          AND d.open_week @> (((extract(isodow FROM r.open_at AT TIME ZONE d.tz)::int - 1) * 86400)
                              + extract(epoch FROM (r.open_at AT TIME ZONE d.tz)::time)::int)
        ORDER BY d.geog <-> pt LIMIT 10) x;
      t1 := clock_timestamp();
    ELSIF cls = 'c' THEN
      t0 := clock_timestamp();
      tq := plainto_tsquery('english', unaccent(r.text)) || plainto_tsquery('spanish', unaccent(r.text));
      SELECT array_agg(x.service_id), array_agg(x.location_id), array_agg(x.km) INTO ids, locs, kms FROM (
        SELECT d.service_id, d.location_id, ST_Distance(d.geog, pt, false) / 1000 AS km
        FROM doc d
        WHERE d.active AND d.tsv @@ tq AND ST_DWithin(d.geog, pt, r.radius_km * 1000, false)
        ORDER BY ts_rank(d.tsv, tq) DESC, ST_Distance(d.geog, pt, false) LIMIT 10) x;
      t1 := clock_timestamp();
    ELSE
      t0 := clock_timestamp();
      SELECT t.id INTO term FROM taxonomy_term t
        WHERE lower(t.code) = lower(r.taxonomy) OR t.id::text = lower(r.taxonomy) OR lower(t.name) = lower(r.taxonomy)
        LIMIT 1;
      SELECT array_agg(x.service_id), array_agg(x.location_id), array_agg(x.km) INTO ids, locs, kms FROM (
        SELECT d.service_id, d.location_id, ST_Distance(d.geog, pt, false) / 1000 AS km
        FROM doc d
        WHERE d.active AND d.terms @> ARRAY[term] AND ST_DWithin(d.geog, pt, r.radius_km * 1000, false)
        ORDER BY d.geog <-> pt LIMIT 10) x;
      t1 := clock_timestamp();
    END IF;
    INSERT INTO pg_timing VALUES (cls, r.qid, pass, extract(epoch FROM t1 - t0) * 1e6);
    IF pass = 1 AND ids IS NOT NULL THEN
      INSERT INTO pg_results SELECT cls, r.qid, i, ids[i], locs[i], kms[i] FROM generate_subscripts(ids, 1) AS i;
    END IF;
  END LOOP;
END $f$;

-- Warm-up (pass 0: caches, plans), then the timed passes, one class at a time.
DO $d$ DECLARE c text; BEGIN
  FOREACH c IN ARRAY ARRAY['a','b','c','d'] LOOP
    FOR p IN 0..@REPEAT@ LOOP PERFORM pg_temp.run_class(c, p); END LOOP;
  END LOOP;
END $d$;

\echo PG_SUMMARY
\pset format unaligned
\pset tuples_only on
\pset fieldsep ' '
SELECT class,
       round(percentile_disc(0.5) WITHIN GROUP (ORDER BY us)::numeric, 1),
       round(percentile_disc(0.99) WITHIN GROUP (ORDER BY us)::numeric, 1),
       round(max(us)::numeric, 1),
       round(avg(us)::numeric, 1)
FROM (SELECT class, qid, min(us) AS us FROM pg_timing WHERE pass >= 1 GROUP BY class, qid) best
GROUP BY class ORDER BY class;
\echo AGREEMENT
-- Per class: queries whose ranked lists are the same (service and location, in order), and
-- the share of haven's results PostgreSQL also returned (set overlap).
WITH h AS (SELECT class, qid, array_agg(service_id::text || location_id::text ORDER BY rank) AS l FROM haven_results GROUP BY 1, 2),
     p AS (SELECT class, qid, array_agg(service_id::text || location_id::text ORDER BY rank) AS l FROM pg_results GROUP BY 1, 2),
     both_ AS (SELECT q.class, q.qid, h.l AS hl, p.l AS pl FROM q LEFT JOIN h USING (class, qid) LEFT JOIN p USING (class, qid))
SELECT class,
       count(*) FILTER (WHERE coalesce(hl, '{}') = coalesce(pl, '{}')),
       count(*),
       (SELECT count(*) FROM haven_results x JOIN pg_results y USING (class, qid, service_id, location_id) WHERE x.class = b.class),
       (SELECT count(*) FROM haven_results x WHERE x.class = b.class),
       (SELECT count(*) FROM pg_results y WHERE y.class = b.class)
FROM both_ b GROUP BY class ORDER BY class;
SQL
)

PGDATA="$WORK/pg"
PG_STAMP="$DATA_STAMP $(printf '%s' "$LOAD_SQL" | sha1sum | cut -c1-40) $(sha1sum < "$WORK/out/location_tz.csv" | cut -c1-40)"
psql_() { psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }
chown postgres "$WORK"
stop_pg() { su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m fast stop >/dev/null 2>&1" || true; }
trap stop_pg EXIT
RELOAD=1
if [ -f "$PGDATA/PG_VERSION" ] && [ "$(cat "$WORK/pg.stamp" 2>/dev/null)" = "$PG_STAMP" ]; then RELOAD=0; fi
if [ $RELOAD = 1 ]; then
  rm -rf "$PGDATA" "$WORK/pg.stamp"; mkdir -p "$PGDATA"; chown postgres "$PGDATA"
  su postgres -c "$PGBIN/initdb -D $PGDATA -A trust -U postgres >/dev/null"
fi
# Memory as generous as haven's: everything fits in shared buffers; no JIT (it only slows
# millisecond queries); parallel workers left at the default for the planner to use.
su postgres -c "$PGBIN/pg_ctl -D $PGDATA -l $WORK/pg.log -w start -o \"-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c shared_buffers=4GB -c effective_cache_size=12GB -c random_page_cost=1.1 -c jit=off -c max_wal_size=8GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off\"" >/dev/null
echo
if [ $RELOAD = 1 ]; then
  echo "loading the same CSVs into PostgreSQL 15 + PostGIS 3 (doc table, GiST, GIN, ANALYZE)..."
  T0=$(date +%s.%N)
  RAW="$WORK/raw.sql"
  { echo '\set ON_ERROR_STOP 1'; echo 'CREATE SCHEMA raw;'
    for t in organizations services locations service_at_location languages schedules attributes taxonomy_terms; do
      f="$WORK/pkg/$t.csv"
      cols=$(head -1 "$f" | tr -d '\r' | sed 's/,/ text, /g; s/$/ text/')
      echo "CREATE UNLOGGED TABLE raw.\"$t\" ($cols);"
      echo "\\copy raw.\"$t\" FROM '$f' WITH (FORMAT csv, HEADER true)"
    done
    echo 'CREATE UNLOGGED TABLE raw.location_tz (location_id text, tz text);'
    echo "\\copy raw.location_tz FROM '$WORK/out/location_tz.csv' WITH (FORMAT csv, HEADER true)"
  } > "$RAW"
  psql_ -f "$RAW"
  printf '%s\n' "$LOAD_SQL" | psql_ >/dev/null
  T1=$(date +%s.%N)
  printf '  loaded and indexed in %.1f s\n' "$(echo "$T1 - $T0" | bc -l)"
  echo "$PG_STAMP" > "$WORK/pg.stamp"
else
  echo "reusing the loaded PostgreSQL cluster in $PGDATA"
fi
psql_ -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" -c "SELECT pg_prewarm(c.oid::regclass) FROM pg_class c WHERE relname LIKE 'doc%' OR relname LIKE 'taxonomy_term%'" >/dev/null
PG_SQL=${BENCH_SQL//@OUT@/$WORK/out}
PG_OUT=$(printf '%s\n' "${PG_SQL//@REPEAT@/$REPEAT}" | psql_)
stop_pg
trap - EXIT

# --- report ----------------------------------------------------------------------------------
hv() { awk -v k="$1" '$1 == k { print $2 }' "$WORK/out/haven_summary.txt"; }
SUMMARY=$(printf '%s\n' "$PG_OUT" | sed -n '/^PG_SUMMARY$/,/^AGREEMENT$/p' | grep -v -e PG_SUMMARY -e AGREEMENT)
AGREE=$(printf '%s\n' "$PG_OUT" | sed -n '/^AGREEMENT$/,$p' | grep -v AGREEMENT)
NAMES=("" "10 nearest" "10 nearest, es + open at" "text shelter + 25 km" "taxonomy legal + 50 km")
printf '\nsearch benchmark: %s services, %s queries per class, limit 10, each query the fastest of %s runs on both sides (PostgreSQL timed in-server)\n' "$N" "$QUERIES" "$REPEAT"
printf '  index build %.2f s (target < 10 s); index memory: RSS delta %s MB, memory_bytes %s MB (target < 1024 MB)\n' \
  "$(hv build_s)" "$(hv rss_delta_mb)" "$(hv memory_bytes_mb)"
printf '  %-28s %12s %12s %14s %14s %10s %10s %s\n' class "haven p50" "haven p99" "PostGIS p50" "PostGIS p99" "p50 x" "p99 x" "same lists / overlap"
i=0
for c in a b c d; do
  i=$((i + 1))
  read -r _ pp50 pp99 _ _ <<< "$(printf '%s\n' "$SUMMARY" | awk -v c=$c '$1 == c')"
  read -r _ same total both hn _ <<< "$(printf '%s\n' "$AGREE" | awk -v c=$c '$1 == c')"
  hp50=$(hv ${c}_p50_us); hp99=$(hv ${c}_p99_us)
  printf '  (%s) %-24s %9.1f us %9.1f us %11.1f us %11.1f us %9.0fx %9.0fx   %s/%s, %.1f%%\n' "$c" "${NAMES[$i]}" \
    "$hp50" "$hp99" "$pp50" "$pp99" "$(echo "$pp50 / $hp50" | bc -l)" "$(echo "$pp99 / $hp99" | bc -l)" \
    "$same" "$total" "$(echo "100 * $both / ($hn + 0.000001)" | bc -l)"
done
printf '  targets: haven p99 < 1000 us per class; PostGIS/haven >= 20x per class\n'
printf '  (x = PostGIS time / haven time; "same lists": queries with identical ranked results; overlap: share of haven hits PostGIS also returned;\n'
printf '   class c ranks by relevance, and haven (BM25) and ts_rank order ties differently, so its lists may differ while both are right)\n'
