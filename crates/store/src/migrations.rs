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

/// The newest SQLite schema version this binary knows.
pub fn sqlite_version() -> u32 {
    SQLITE.last().map_or(0, |m| m.version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (i, m) in SQLITE.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1, "{}", m.name);
        }
    }
}
