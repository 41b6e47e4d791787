-- The PostgreSQL peer's schema as the benchmark has always loaded it ("today"): one row per
-- service-at-location ("doc") with everything the query classes filter on (see bench/search.sh
-- for what each column is and why). Reads the raw.* text tables the script COPYs the CSVs into.
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
