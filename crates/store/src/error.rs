//! What can go wrong when storing or reading records, named so the CLI can say it plainly.

use hsds::Table;
use std::path::PathBuf;

impl From<rusqlite::Error> for StoreError {
    /// Name the causes an operator can act on (disk full, another writer, a record too
    /// large) instead of passing SQLite's wording through.
    fn from(e: rusqlite::Error) -> Self {
        let code = match &e {
            rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
            _ => None,
        };
        match code {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull(Box::new(e)),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy(Box::new(e))
            }
            Some(rusqlite::ErrorCode::TooBig) => StoreError::TooBig(Box::new(e)),
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<postgres::Error> for StoreError {
    /// The same causes as for SQLite, found by PostgreSQL's SQLSTATE codes, so an operator reads
    /// the same words whichever backend they run.
    fn from(e: postgres::Error) -> Self {
        use postgres::error::SqlState;
        let Some(code) = e.code().cloned() else {
            return StoreError::Postgres(e);
        };
        if code == SqlState::DISK_FULL || code == SqlState::OUT_OF_MEMORY {
            StoreError::DiskFull(Box::new(e))
        } else if code == SqlState::LOCK_NOT_AVAILABLE
            || code == SqlState::T_R_DEADLOCK_DETECTED
            || code == SqlState::T_R_SERIALIZATION_FAILURE
        {
            StoreError::Busy(Box::new(e))
        } else if code == SqlState::PROGRAM_LIMIT_EXCEEDED {
            StoreError::TooBig(Box::new(e))
        } else if code == SqlState::UNIQUE_VIOLATION {
            StoreError::DuplicateKey
        } else if code == SqlState::READ_ONLY_SQL_TRANSACTION {
            StoreError::ReadOnlyDatabase {
                target: String::new(),
                reason: format!(
                    "the server accepts no writes (a standby, or default_transaction_read_only \
                     is on): {e}"
                ),
            }
        } else {
            StoreError::Postgres(e)
        }
    }
}

/// The database error underneath a [`StoreError`] that names a cause (SQLite's or PostgreSQL's).
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Every failure of the store, one variant per cause a user or operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A write was asked of the public (redacted) view, which only reads.
    #[error("the public view of the store is read-only")]
    ReadOnlyView,

    /// The store URL is not one haven understands.
    #[error("cannot use store URL '{url}': {reason}")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it, in plain words.
        reason: String,
    },

    /// A lookup by a field name that is not an HSDS field name.
    #[error("cannot look records up by field '{field}': not an HSDS field name")]
    BadField {
        /// The field as asked.
        field: String,
    },

    /// The URL names a backend this build does not have yet.
    #[error("cannot use store URL '{url}': {reason}")]
    Unsupported {
        /// The URL as given.
        url: String,
        /// Which backend is missing and what to use instead.
        reason: String,
    },

    /// The folder for a new database file could not be created.
    #[error("cannot create the folder {} for the database: {source}", path.display())]
    CreateDir {
        /// The folder haven tried to create.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },

    /// The database file could not be opened or is not a SQLite database.
    #[error("cannot open the database {}: {source}", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// SQLite's reason.
        source: rusqlite::Error,
    },

    /// The database file is not there, and this open was not allowed to create it.
    #[error(
        "the database {} does not exist (it was deleted or moved, or the path is wrong); \
         haven creates a store only on first start",
        path.display()
    )]
    Missing {
        /// The database file.
        path: PathBuf,
    },

    /// A read-only store cannot be served as it is.
    #[error("the database {} is read-only and cannot be used as it is: {reason}", path.display())]
    ReadOnly {
        /// The database file.
        path: PathBuf,
        /// What would need writing, and what to do.
        reason: String,
    },

    /// A schema migration failed; the database stays at the version before it.
    #[error("cannot upgrade the database schema to version {version} ({name}): {source}")]
    Migration {
        /// The version the failed step would have reached.
        version: u32,
        /// What the step does.
        name: &'static str,
        /// The database's reason.
        source: Cause,
    },

    /// The database was written by a newer haven; this binary must not touch it.
    #[error(
        "the database has schema version {found} but this haven only knows up to {supported}; \
         upgrade haven (the data was left untouched)"
    )]
    NewerSchema {
        /// The version found in the database.
        found: u32,
        /// The newest version this binary knows.
        supported: u32,
    },

    /// The parts of a split scan saw different versions of the store (an import committed
    /// between their snapshots); nothing was wrong with the data.
    #[error("the store changed while it was being read in parts (change {first} and {other})")]
    ChangedDuringScan {
        /// The last change the first part saw.
        first: u64,
        /// The last change another part saw.
        other: u64,
    },

    /// Any other SQLite failure (I/O error, damaged file...).
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),

    /// The disk (or the database's size limit) filled up while writing.
    #[error("the disk holding the database is full ({0})")]
    DiskFull(Cause),

    /// Another process (most often another import) held the database's write lock for
    /// longer than haven waits.
    #[error(
        "another import (or another program) is writing to this database and did not finish \
         within {} s; try again when it has finished",
        crate::sqlite::BUSY_TIMEOUT_SECS
    )]
    Busy(Cause),

    /// A record is larger than SQLite can store in one row.
    #[error("a record is too large for the database to store ({0})")]
    TooBig(Cause),
    /// The same table and id was written twice in one bulk import (the checker prevents it;
    /// this guards the store itself).
    #[error("the same record id was written twice in one import; nothing was kept")]
    DuplicateKey,

    /// The PostgreSQL server could not be reached or refused the connection.
    #[error("cannot connect to the PostgreSQL database {target}: {source}")]
    Connect {
        /// Where haven tried to connect (host, port, database; never the password).
        target: String,
        /// The client's reason.
        source: postgres::Error,
    },

    /// The PostgreSQL database has no haven schema, and this open was not allowed to create it.
    #[error(
        "the PostgreSQL database {target} holds no haven store yet; run `haven migrate` \
         (or `haven import`) against it first"
    )]
    NotInitialized {
        /// The database (host, port, name).
        target: String,
    },

    /// The PostgreSQL server takes no writes (a standby or a read-only setting).
    #[error("the PostgreSQL database {target} is read-only: {reason}")]
    ReadOnlyDatabase {
        /// The database (host, port, name), empty when not known where the error arose.
        target: String,
        /// What would need writing, and what to do.
        reason: String,
    },

    /// Any other PostgreSQL failure (a lost connection, a server error).
    #[error("database error: {0}")]
    Postgres(postgres::Error),

    /// Writing rows to PostgreSQL's bulk loader failed.
    #[error("database error while bulk-loading rows: {0}")]
    Copy(std::io::Error),

    /// A record body to store is not UTF-8 text.
    #[error("the {table} record '{id}' to store is not UTF-8 JSON text")]
    NotText {
        /// The record's table.
        table: Table,
        /// The record's id.
        id: String,
    },

    /// A restore or copy was aimed at a store that already holds records.
    #[error("{store} already holds records; restore or copy into an empty store")]
    NotEmpty {
        /// The target store, as it describes itself.
        store: String,
    },

    /// A backup or restore file could not be written or read.
    #[error("cannot use the backup file {}: {reason}", path.display())]
    Backup {
        /// The backup file.
        path: PathBuf,
        /// What went wrong, in plain words.
        reason: String,
    },

    /// A stored record body is not a JSON object, so the database was changed outside haven or damaged.
    #[error("stored {table} record '{id}' is damaged: {reason}")]
    Corrupt {
        /// The record's table.
        table: Table,
        /// The record's id.
        id: String,
        /// What is wrong with the stored body.
        reason: String,
    },

    /// A stored row names a table haven does not know, so the database was changed outside haven.
    #[error("stored change {seq} is damaged: {reason}")]
    CorruptChange {
        /// The change sequence of the row.
        seq: u64,
        /// What is wrong with it.
        reason: String,
    },

    /// A record to store has no string `id`, so it cannot be keyed.
    #[error("a {table} record has no string \"id\" field, so it cannot be stored")]
    MissingId {
        /// The record's table.
        table: Table,
    },

    /// A record could not be written as JSON.
    #[error("cannot encode {table} record '{id}' as JSON: {source}")]
    Encode {
        /// The record's table.
        table: Table,
        /// The record's id.
        id: String,
        /// serde_json's reason.
        source: serde_json::Error,
    },

    /// A `for_each` callback stopped the walk with its own error, passed through untouched.
    #[error(transparent)]
    Callback(Box<dyn std::error::Error + Send + Sync>),
}
