-- Today's indexes on doc: GiST on the point (active docs), GIN on the text vector, the term
-- and language arrays (for the planner to choose), then the raw tables go and stats are taken.
\set ON_ERROR_STOP 1
SET maintenance_work_mem = '1GB';
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
