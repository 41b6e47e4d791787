-- The PostgreSQL peer's expert schema, built from today's doc table (same rows, same columns):
--  * the heap in space-filling order (geohash, a Z-order curve), so the docs near a point sit in
--    few pages and a radius or KNN scan reads little;
--  * only the docs every class asks for (active ones with a point), so no index needs a predicate;
--  * the zone as a small integer (zone.id), so a query computes the local time once per zone
--    (an array indexed by it) instead of AT TIME ZONE per row;
--  * GiST on the point for KNN, and GiST on (point, text vector) so "text within a radius"
--    is answered radius first with the text tested inside the same index scan;
--  * the language array (45% Spanish) is a filter only: no index that the planner could drive
--    a nearest search from; terms keep their GIN index, which wins for a rare service type.
\set ON_ERROR_STOP 1
SET maintenance_work_mem = '1GB';
CREATE TABLE zone AS SELECT row_number() OVER (ORDER BY tz)::int AS id, tz AS name
  FROM (SELECT DISTINCT tz FROM doc WHERE tz IS NOT NULL) z;
ALTER TABLE zone ADD PRIMARY KEY (id);
CREATE TABLE docx AS
  SELECT d.sal_id, d.service_id, d.location_id, d.geog, z.id AS tz_id, d.langs, d.terms,
         d.open_week, d.tsv
  FROM doc d LEFT JOIN zone z ON z.name = d.tz
  WHERE d.active
  ORDER BY ST_GeoHash(d.geog::geometry, 12);
ALTER TABLE docx ADD PRIMARY KEY (sal_id);
CREATE INDEX docx_geog ON docx USING gist (geog);
CREATE INDEX docx_geog_tsv ON docx USING gist (geog, tsv);
CREATE INDEX docx_terms ON docx USING gin (terms);
VACUUM (FREEZE, ANALYZE) docx;
ANALYZE zone;
