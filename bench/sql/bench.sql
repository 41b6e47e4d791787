-- The PostgreSQL peer's timing harness (bench/search.sh fills in @OUT@, @REPEAT@, @PILOT@).
--
-- Each query is static SQL in a PL/pgSQL function, so PostgreSQL plans it as a prepared
-- statement's life goes (custom plans first, a generic plan after five runs if it looks no
-- worse, unless plan_cache_mode says otherwise); clock_timestamp() around the statement alone
-- measures execution inside the server, with no client, network or parse cost (that favours
-- PostgreSQL: haven's figures exclude transport too). Building the query point is outside the
-- timer on every side; resolving the text to a tsquery and the taxonomy code to an id is inside,
-- as haven analyzes text and resolves the term per query too.
--
-- 1. Plans: EXPLAIN (ANALYZE, BUFFERS) of one query per class and schema, generic and custom
--    (auto_explain, so the plans shown are those of the very statements timed).
-- 2. Pilot: every variant (schema x plan_cache_mode) runs the first @PILOT@ queries of each class
--    (a warm-up pass, then a timed one); the fastest by mean is kept for the class.
-- 3. The kept variant runs every query: a warm-up pass, then @REPEAT@ timed passes, each query's
--    fastest counting, exactly as haven is timed.
-- 4. Agreement with haven: ranked lists for the nearest classes, match sets within the radius
--    for the text classes.
\set ON_ERROR_STOP 1
SET jit = off;
SET work_mem = '64MB';
-- No parallel workers: a millisecond query only pays for starting them on a busy 2-core machine
-- (the plans below show no Gather).
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE q (class text, qid int, lat float8, lon float8, radius_km float8,
                     text text, taxonomy text, language text, open_at timestamptz);
\copy q FROM '@OUT@/queries.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE haven_results (class text, qid int, rank int, service_id uuid, location_id uuid, distance_km float8);
\copy haven_results FROM '@OUT@/haven_results.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE haven_matches (class text, qid int, service_id uuid, location_id uuid);
\copy haven_matches FROM '@OUT@/haven_matches.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE pg_results (class text, qid int, rank int, service_id uuid, location_id uuid, distance_km float8);
CREATE TEMP TABLE pg_matches (class text, qid int, service_id uuid, location_id uuid);
CREATE TEMP TABLE pg_timing (stage text, variant text, class text, qid int, pass int, us float8);
CREATE TEMP TABLE variant (name text, schema text, mode text);
INSERT INTO variant VALUES ('today', 'today', 'auto'), ('today+custom', 'today', 'force_custom_plan'),
                           ('expert', 'expert', 'auto'), ('expert+custom', 'expert', 'force_custom_plan');

-- One run of the first `nq` queries of a class on a schema. pass < 0: plans only (no timing).
CREATE FUNCTION pg_temp.run(sch text, cls text, pass int, nq int, stage text, vname text, record bool)
RETURNS void LANGUAGE plpgsql AS $f$
DECLARE
  r record; pt geography; t0 timestamptz; t1 timestamptz;
  ids uuid[]; locs uuid[]; kms float8[]; tq tsquery; term uuid; sows int[];
BEGIN
  FOR r IN SELECT * FROM q WHERE class = cls AND qid < nq ORDER BY qid LOOP
    pt := ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)::geography;
    IF sch = 'today' AND cls = 'a' THEN
      t0 := clock_timestamp();
      SELECT array_agg(x.service_id), array_agg(x.location_id), array_agg(x.km) INTO ids, locs, kms FROM (
        SELECT d.service_id, d.location_id, ST_Distance(d.geog, pt, false) / 1000 AS km
        FROM doc d WHERE d.active
        ORDER BY d.geog <-> pt LIMIT 10) x;
      t1 := clock_timestamp();
    ELSIF sch = 'today' AND cls = 'b' THEN
      t0 := clock_timestamp();
      SELECT array_agg(x.service_id), array_agg(x.location_id), array_agg(x.km) INTO ids, locs, kms FROM (
        SELECT d.service_id, d.location_id, ST_Distance(d.geog, pt, false) / 1000 AS km
        FROM doc d
        WHERE d.active AND d.langs @> ARRAY[lower(r.language)]
          AND d.open_week @> (((extract(isodow FROM r.open_at AT TIME ZONE d.tz)::int - 1) * 86400)
                              + extract(epoch FROM (r.open_at AT TIME ZONE d.tz)::time)::int)
        ORDER BY d.geog <-> pt LIMIT 10) x;
      t1 := clock_timestamp();
    ELSIF sch = 'today' AND cls IN ('c', 'cr') THEN
      t0 := clock_timestamp();
      tq := plainto_tsquery('english', unaccent(r.text)) || plainto_tsquery('spanish', unaccent(r.text));
      SELECT array_agg(x.service_id), array_agg(x.location_id), array_agg(x.km) INTO ids, locs, kms FROM (
        SELECT d.service_id, d.location_id, ST_Distance(d.geog, pt, false) / 1000 AS km
        FROM doc d
        WHERE d.active AND d.tsv @@ tq AND ST_DWithin(d.geog, pt, r.radius_km * 1000, false)
        ORDER BY ts_rank(d.tsv, tq) DESC, ST_Distance(d.geog, pt, false) LIMIT 10) x;
      t1 := clock_timestamp();
    ELSIF sch = 'today' THEN
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
    ELSIF cls = 'a' THEN
      t0 := clock_timestamp();
      SELECT array_agg(x.service_id), array_agg(x.location_id), array_agg(x.km) INTO ids, locs, kms FROM (
        SELECT d.service_id, d.location_id, ST_Distance(d.geog, pt, false) / 1000 AS km
        FROM docx d ORDER BY d.geog <-> pt LIMIT 10) x;
      t1 := clock_timestamp();
    ELSIF cls = 'b' THEN
      t0 := clock_timestamp();
      -- The instant's second of the local week, once per zone.
      SELECT array_agg(((extract(isodow FROM r.open_at AT TIME ZONE z.name)::int - 1) * 86400
                        + extract(epoch FROM (r.open_at AT TIME ZONE z.name)::time)::int) ORDER BY z.id)
        INTO sows FROM zone z;
      SELECT array_agg(x.service_id), array_agg(x.location_id), array_agg(x.km) INTO ids, locs, kms FROM (
        SELECT d.service_id, d.location_id, ST_Distance(d.geog, pt, false) / 1000 AS km
        FROM docx d
        WHERE d.langs @> ARRAY[lower(r.language)] AND d.open_week @> sows[d.tz_id]
        ORDER BY d.geog <-> pt LIMIT 10) x;
      t1 := clock_timestamp();
    ELSIF cls IN ('c', 'cr') THEN
      t0 := clock_timestamp();
      tq := plainto_tsquery('english', unaccent(r.text)) || plainto_tsquery('spanish', unaccent(r.text));
      -- Radius first: the GiST on (geog, tsv) tests the text inside the radius scan.
      SELECT array_agg(x.service_id), array_agg(x.location_id), array_agg(x.km) INTO ids, locs, kms FROM (
        SELECT d.service_id, d.location_id, ST_Distance(d.geog, pt, false) / 1000 AS km
        FROM docx d
        WHERE ST_DWithin(d.geog, pt, r.radius_km * 1000, false) AND d.tsv @@ tq
        ORDER BY ts_rank(d.tsv, tq) DESC, ST_Distance(d.geog, pt, false) LIMIT 10) x;
      t1 := clock_timestamp();
    ELSE
      t0 := clock_timestamp();
      SELECT t.id INTO term FROM taxonomy_term t
        WHERE lower(t.code) = lower(r.taxonomy) OR t.id::text = lower(r.taxonomy) OR lower(t.name) = lower(r.taxonomy)
        LIMIT 1;
      -- The nearest matching first, then the radius.
      SELECT array_agg(x.service_id), array_agg(x.location_id), array_agg(x.km) INTO ids, locs, kms FROM (
        SELECT * FROM (
          SELECT d.service_id, d.location_id, ST_Distance(d.geog, pt, false) / 1000 AS km
          FROM docx d WHERE d.terms @> ARRAY[term]
          ORDER BY d.geog <-> pt LIMIT 10) n
        WHERE n.km <= r.radius_km) x;
      t1 := clock_timestamp();
    END IF;
    IF pass >= 0 THEN
      INSERT INTO pg_timing VALUES (stage, vname, cls, r.qid, pass, extract(epoch FROM t1 - t0) * 1e6);
    END IF;
    IF record AND ids IS NOT NULL THEN
      INSERT INTO pg_results SELECT cls, r.qid, i, ids[i], locs[i], kms[i] FROM generate_subscripts(ids, 1) AS i;
    END IF;
  END LOOP;
END $f$;

-- Every match of a text class within its radius (untimed), to compare with haven's.
CREATE FUNCTION pg_temp.matches(cls text) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE r record; pt geography; tq tsquery;
BEGIN
  FOR r IN SELECT * FROM q WHERE class = cls ORDER BY qid LOOP
    pt := ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)::geography;
    tq := plainto_tsquery('english', unaccent(r.text)) || plainto_tsquery('spanish', unaccent(r.text));
    INSERT INTO pg_matches SELECT cls, r.qid, d.service_id, d.location_id FROM docx d
      WHERE ST_DWithin(d.geog, pt, r.radius_km * 1000, false) AND d.tsv @@ tq;
  END LOOP;
END $f$;

\pset format unaligned
\pset tuples_only on
\pset fieldsep ' '
\echo PG_VERSIONS
SELECT version();
SELECT 'PostGIS ' || postgis_lib_version() || ' (GEOS ' || postgis_geos_version() || ', PROJ ' || postgis_proj_version() || ')';

-- 1. Plans, as auto_explain prints them for the statements the functions run.
\echo PG_PLANS
LOAD 'auto_explain';
SET auto_explain.log_analyze = on;
SET auto_explain.log_buffers = on;
SET auto_explain.log_timing = on;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
DO $d$ DECLARE s text; c text; m text; BEGIN
  FOREACH s IN ARRAY ARRAY['today', 'expert'] LOOP
    FOREACH c IN ARRAY ARRAY['a', 'b', 'c', 'cr', 'd', 'dr'] LOOP
      FOREACH m IN ARRAY ARRAY['force_generic_plan', 'force_custom_plan'] LOOP
        PERFORM set_config('plan_cache_mode', m, false);
        PERFORM set_config('auto_explain.log_min_duration', '-1', false);
        PERFORM pg_temp.run(s, c, -1, 1, 'plan', s, false);  -- plan it once, then show it run
        RAISE NOTICE 'PLAN schema=% class=% plan_cache_mode=% (query 0)', s, c, m;
        PERFORM set_config('auto_explain.log_min_duration', '0', false);
        PERFORM pg_temp.run(s, c, -1, 1, 'plan', s, false);
        PERFORM set_config('auto_explain.log_min_duration', '-1', false);
      END LOOP;
    END LOOP;
  END LOOP;
END $d$;
SET auto_explain.log_min_duration = -1;
SET client_min_messages = warning;
RESET plan_cache_mode;

-- 2. Pilot, every variant; 3. the fastest variant per class on every query.
DO $d$ DECLARE c text; v record; best text; BEGIN
  FOREACH c IN ARRAY ARRAY['a', 'b', 'c', 'cr', 'd', 'dr'] LOOP
    FOR v IN SELECT * FROM variant LOOP
      PERFORM set_config('plan_cache_mode', v.mode, false);
      FOR p IN 0..1 LOOP PERFORM pg_temp.run(v.schema, c, p, @PILOT@, 'pilot', v.name, false); END LOOP;
    END LOOP;
    SELECT t.variant INTO best FROM pg_timing t WHERE t.stage = 'pilot' AND t.class = c AND t.pass = 1
      GROUP BY t.variant ORDER BY avg(t.us) LIMIT 1;
    SELECT * INTO v FROM variant WHERE name = best;
    PERFORM set_config('plan_cache_mode', v.mode, false);
    FOR p IN 0..@REPEAT@ LOOP
      PERFORM pg_temp.run(v.schema, c, p, 1000000000, 'full', v.name, p = 1);
    END LOOP;
  END LOOP;
END $d$;
RESET plan_cache_mode;
SELECT pg_temp.matches('c'), pg_temp.matches('cr') \g /dev/null

\echo PG_PILOT
SELECT class, variant, round(percentile_disc(0.5) WITHIN GROUP (ORDER BY us)::numeric, 1),
       round(percentile_disc(0.99) WITHIN GROUP (ORDER BY us)::numeric, 1), round(avg(us)::numeric, 1)
FROM pg_timing WHERE stage = 'pilot' AND pass = 1 GROUP BY class, variant ORDER BY class, avg(us);
\echo PG_SUMMARY
SELECT class, min(variant),
       round(percentile_disc(0.5) WITHIN GROUP (ORDER BY us)::numeric, 1),
       round(percentile_disc(0.99) WITHIN GROUP (ORDER BY us)::numeric, 1),
       round(max(us)::numeric, 1),
       round(avg(us)::numeric, 1)
FROM (SELECT class, variant, qid, min(us) AS us FROM pg_timing WHERE stage = 'full' AND pass >= 1
      GROUP BY class, variant, qid) best
GROUP BY class ORDER BY class;
\echo AGREEMENT
-- Per class: queries answered the same, of all; and the largest distance difference (km) on
-- the same result. Nearest classes compare ranked lists (service and location, in order); text
-- classes compare the sets of matches within the radius (the two rank relevance differently).
WITH h AS (SELECT class, qid, array_agg(service_id::text || location_id::text ORDER BY rank) AS l FROM haven_results GROUP BY 1, 2),
     p AS (SELECT class, qid, array_agg(service_id::text || location_id::text ORDER BY rank) AS l FROM pg_results GROUP BY 1, 2),
     hm AS (SELECT class, qid, array_agg(service_id::text || location_id::text ORDER BY service_id, location_id) AS l FROM haven_matches GROUP BY 1, 2),
     pm AS (SELECT class, qid, array_agg(service_id::text || location_id::text ORDER BY service_id, location_id) AS l FROM pg_matches GROUP BY 1, 2),
     both_ AS (
       SELECT q.class, q.qid,
              CASE WHEN q.class IN ('c', 'cr') THEN hm.l ELSE h.l END AS hl,
              CASE WHEN q.class IN ('c', 'cr') THEN pm.l ELSE p.l END AS pl
       FROM q LEFT JOIN h USING (class, qid) LEFT JOIN p USING (class, qid)
              LEFT JOIN hm USING (class, qid) LEFT JOIN pm USING (class, qid))
SELECT class,
       count(*) FILTER (WHERE coalesce(hl, '{}') = coalesce(pl, '{}')),
       count(*),
       -- PostGIS's sphere is WGS84's mean radius (6371008.7714 m), haven's the IUGG mean
       -- (6371008.8 m): the same formula on spheres 3 cm apart, so PostGIS's km are rescaled.
       coalesce((SELECT max(abs(x.distance_km - y.distance_km * 6371.0088 / 6371.008771415)) FROM haven_results x
                 JOIN pg_results y USING (class, qid, rank, service_id, location_id)
                 WHERE x.class = b.class AND b.class NOT IN ('c', 'cr')), 0),
       (SELECT count(*) FROM haven_matches m WHERE m.class = b.class)
FROM both_ b GROUP BY class ORDER BY class;
