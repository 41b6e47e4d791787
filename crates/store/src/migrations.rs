//! The schema history of each backend, one ordered list per backend, in one place.
//!
//! Rules: never edit or reorder a step that has shipped; add a new one at the end. Step `i` (0-based)
//! brings the database to version `i + 1`. Each step runs in its own transaction together with the
//! version bump, so a failed or killed upgrade leaves the database at the previous version.

/// One schema step: the SQL that moves the database from the previous version to `version`.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The version the database has after this step.
    pub version: u32,
    /// What the step does, for error messages and diagnostics.
    pub name: &'static str,
    /// The statements, run as one batch.
    pub sql: &'static str,
}

/// The SQLite schema history (tracked with `PRAGMA user_version`).
pub const SQLITE: &[Migration] = &[Migration {
    version: 1,
    name: "records keyed by table and id, change sequence as rowid",
    sql: "
        CREATE TABLE record (
            seq         INTEGER PRIMARY KEY,  -- change sequence; a change moves the row to a new one
            tbl         INTEGER NOT NULL,     -- position of the table in hsds::Table::ALL
            id          NOT NULL,             -- the record's \"id\": 16-byte blob for a canonical uuid, else text
            body        TEXT NOT NULL,        -- canonical JSON object (serde_json, keys sorted)
            modified_at TEXT NOT NULL         -- RFC 3339 UTC time of the import that last changed it
        );
        CREATE UNIQUE INDEX record_key ON record (tbl, id);
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO meta (key, value) VALUES ('last_seq', 0);
    ",
}];

/// The PostgreSQL schema history (tracked in the one-row table `haven_schema`). Tables are
/// prefixed `haven_` so a store can share a database with other software. Like SQLite's, one
/// table holds every HSDS table's records, keyed by the table's name: a new HSDS table needs no
/// migration.
pub const POSTGRES: &[Migration] = &[Migration {
    version: 1,
    name: "records keyed by table and id, change sequence with its own index",
    sql: r#"
        CREATE TABLE haven_record (
            seq         bigint NOT NULL,               -- change sequence; a change gives the row a new one
            tbl         text NOT NULL,                 -- the table's singular HSDS name (hsds::Table::name)
            is_uuid     boolean NOT NULL,              -- id is a canonical UUID: sorts after other ids, as in SQLite
            id          text COLLATE "C" NOT NULL,     -- the record's "id" as written
            body        text COLLATE "C" NOT NULL,     -- canonical JSON object (serde_json, keys sorted)
            modified_at text COLLATE "C" NOT NULL,     -- RFC 3339 UTC time of the import that last changed it
            CONSTRAINT haven_record_key PRIMARY KEY (tbl, is_uuid, id)
        );
        CREATE UNIQUE INDEX haven_record_seq ON haven_record (seq);
        CREATE TABLE haven_meta (
            key   text PRIMARY KEY,
            value bigint NOT NULL
        );
        INSERT INTO haven_meta (key, value) VALUES ('last_seq', 0);
    "#,
}];

/// The newest PostgreSQL schema version this binary knows.
pub fn postgres_version() -> u32 {
    POSTGRES.last().map_or(0, |m| m.version)
}

/// The newest SQLite schema version this binary knows.
pub fn sqlite_version() -> u32 {
    SQLITE.last().map_or(0, |m| m.version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (i, m) in SQLITE.iter().chain(POSTGRES).enumerate() {
            let i = if i >= SQLITE.len() {
                i - SQLITE.len()
            } else {
                i
            };
            assert_eq!(m.version as usize, i + 1, "{}", m.name);
        }
    }
}
