//! Persistence of HSDS records for haven, behind one trait so the backend is picked at run time from
//! a URL: SQLite (embedded, the default) or PostgreSQL (`postgres://...`, for several instances
//! sharing one directory; same trait, same layout, its own migration list).
//!
//! # Model
//! A record is a flat [`hsds::Record`], one per (table, id), where the id is the record's `"id"`
//! string. Writes only happen inside an [`Import`]: all-or-nothing, invisible until
//! [`Import::commit`], rolled back when dropped. Every write that changes something spends one
//! *change sequence* number, so the search index and the API's incremental sync can follow
//! [`Store::changes_since`] instead of rescanning.
//!
//! # SQLite layout (and why)
//! One table `record(seq INTEGER PRIMARY KEY, tbl, id, body, modified_at)` with a unique index on
//! `(tbl, id)`, plus `meta(key, value)` holding the sequence counter:
//! - `body` is canonical JSON (`serde_json::to_string` of a map whose keys are sorted), so "is this
//!   record unchanged?" is an exact byte comparison, and importing the same data twice writes nothing
//!   and says so.
//! - `seq` is the rowid. Bodies are hundreds of bytes, which SQLite's own guidance says suits a rowid
//!   table better than `WITHOUT ROWID`; new rows are appended at the right edge of the big b-tree,
//!   and the random-order (UUID) inserts only touch the small key index. The change feed is a plain
//!   rowid range scan. A change moves the row to a new `seq`, so each record appears once in the
//!   feed, at its latest change.
//! - One table for all 21 HSDS tables keeps the schema independent of the HSDS version; per-table
//!   work (`count`, `for_each`) is a range of the `(tbl, id)` index, ordered by id for free.
//!
//! The file runs in WAL mode with `synchronous=NORMAL` (a commit survives a process kill; a power
//! loss may lose the last commits but never leaves a half import) and a busy timeout, so a reader
//! (`haven serve`) and an importer can share it. An import raises the connection's page cache to
//! 256 MiB while it runs (the random-order key index then stays in memory; 5M rows load in about
//! 46 s, see `examples/upsert_speed.rs`) and gives it back when it ends.

pub mod backup;
pub mod confidential;
mod error;
pub mod migrations;
mod postgres;
mod sqlite;
pub mod typed;

pub use backup::{backup, copy, restore, Moved};
pub use confidential::{Hidden, Redacted};
pub use error::{Cause, StoreError};
pub use hsds::{Record, Table};
pub use postgres::{PostgresStore, CHANNEL as CHANGE_CHANNEL, LISTENER_NAME};
pub use sqlite::SqliteStore;

use std::path::PathBuf;

/// Where haven keeps its data when no store URL is given: a SQLite file under the working folder.
pub fn default_url() -> String {
    "sqlite:haven-data/haven.sqlite".to_string()
}

/// Open (and create or upgrade on first use) the store a URL names.
///
/// `sqlite:PATH`, `sqlite://PATH` or a plain path open a SQLite file, creating it and its folders
/// when missing; `sqlite::memory:` opens a private in-memory database (tests, dry runs).
/// `postgres://[user[:password]@]host[:port]/database` (or `postgresql://`) connects to an
/// existing PostgreSQL database without TLS and creates or upgrades haven's tables in it.
pub fn open(url: &str) -> Result<Box<dyn Store>, StoreError> {
    open_with(url, &OpenOptions::default())
}

/// How a store is opened: [`open`] creates what is missing and keeps a large page cache (the
/// CLI's imports and exports); a server opens with [`OpenOptions::serving`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOptions {
    /// Create the file (and its folders) when it is missing; otherwise a missing file is
    /// [`StoreError::Missing`], so a store deleted under a running server is never silently
    /// replaced by an empty one.
    pub create: bool,
    /// Page cache per connection, in KiB: what one connection may hold in memory at most.
    pub cache_kib: i64,
    /// Open read-only even when the file could be written.
    pub read_only: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            create: true,
            cache_kib: 64 * 1024,
            read_only: false,
        }
    }
}

impl OpenOptions {
    /// For the many pooled read connections of `haven serve`: never create, a small page cache
    /// (8 MiB: a burst of 32 connections holds at most 256 MiB of cache), no memory map.
    pub fn serving() -> OpenOptions {
        OpenOptions {
            create: false,
            cache_kib: 8 * 1024,
            read_only: false,
        }
    }
}

/// Open the store a URL names as `opts` say (see [`open`] for the URL forms). A file that is
/// read-only (no write permission on it or its folder, or a read-only file system) is opened
/// read-only: [`Store::is_read_only`] says so and [`Store::begin`] refuses.
pub fn open_with(url: &str, opts: &OpenOptions) -> Result<Box<dyn Store>, StoreError> {
    match parse_url(url)? {
        Target::Sqlite(path) => Ok(Box::new(SqliteStore::open_with(&path, opts)?)),
        Target::SqliteMemory => Ok(Box::new(SqliteStore::open_in_memory()?)),
        Target::Postgres(url) => Ok(Box::new(PostgresStore::open_with(&url, opts)?)),
    }
}

/// Which backend a store URL names, so tools can say what they are about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file, or SQLite in memory.
    Sqlite,
    /// A PostgreSQL database.
    Postgres,
}

/// The backend a store URL names (the URL is checked as [`open`] checks it).
pub fn backend_of(url: &str) -> Result<Backend, StoreError> {
    Ok(match parse_url(url)? {
        Target::Sqlite(_) | Target::SqliteMemory => Backend::Sqlite,
        Target::Postgres(_) => Backend::Postgres,
    })
}

/// A store URL as it may be shown or logged: a password in it is replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(start) = url.find("://").map(|i| i + 3) {
        let end = url[start..]
            .find(['/', '?'])
            .map_or(url.len(), |i| start + i);
        if let Some(at) = url[start..end].rfind('@').map(|i| start + i) {
            if let Some(colon) = url[start..at].find(':').map(|i| start + i) {
                out = format!("{}:***{}", &url[..colon], &url[at..]);
            }
        }
    }
    // key=value forms and query parameters: password=...
    if let Some(i) = out.find("password=") {
        let from = i + "password=".len();
        let to = out[from..].find(['&', ' ']).map_or(out.len(), |j| from + j);
        out.replace_range(from..to, "***");
    }
    out
}

/// The database file a store URL names (None for an in-memory store), so a server can watch
/// that it is still the file it opened.
pub fn file_of(url: &str) -> Result<Option<PathBuf>, StoreError> {
    Ok(match parse_url(url)? {
        Target::Sqlite(path) => Some(path),
        Target::SqliteMemory | Target::Postgres(_) => None,
    })
}

/// Whether the store a URL names exists (its file; for PostgreSQL, haven's tables in the
/// database; an in-memory store always "exists"): `haven serve` creates and loads a store only
/// when it does not.
pub fn exists(url: &str) -> Result<bool, StoreError> {
    match parse_url(url)? {
        Target::Sqlite(path) => Ok(path.exists()),
        Target::SqliteMemory => Ok(true),
        Target::Postgres(url) => postgres::has_store(&url),
    }
}

/// Wakes a follower of the change feed (the search index of `haven serve`) as soon as another
/// process commits, where the backend can say so: PostgreSQL announces every commit on
/// [`CHANGE_CHANNEL`], and a dedicated connection listens for it (connecting again, with
/// backoff, when it drops). SQLite announces nothing, so its follower only waits. Either way
/// the follower reads [`Store::last_change`] after every wake-up, so a missed announcement
/// costs at most one wait.
pub struct Follower {
    listener: Option<postgres::PgListener>,
}

/// Why [`Follower::wait`] returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wake {
    /// A commit was announced: read the change feed now.
    Changed,
    /// The time given passed (or the backend announces nothing): read it anyway.
    Timeout,
    /// The listening connection was (re)made; commits made while it was down were not
    /// announced, so read the feed now.
    Listening,
    /// The listening connection dropped or could not be made (said once per outage); the
    /// follower keeps trying, and meanwhile waits out every timeout in full.
    Lost {
        /// What failed, for the log (never a password).
        reason: String,
    },
}

impl Follower {
    /// A follower for the store a URL names (no connection is made yet).
    pub fn new(url: &str) -> Result<Follower, StoreError> {
        Ok(Follower {
            listener: match parse_url(url)? {
                Target::Postgres(url) => Some(postgres::PgListener::new(&url)?),
                Target::Sqlite(_) | Target::SqliteMemory => None,
            },
        })
    }

    /// Whether commits are announced to this follower at all (PostgreSQL).
    pub fn announces(&self) -> bool {
        self.listener.is_some()
    }

    /// Whether the listening connection is up now (false for SQLite).
    pub fn is_listening(&self) -> bool {
        self.listener.as_ref().is_some_and(|l| l.is_listening())
    }

    /// Where it listens ("host:port/database"), for messages; None for SQLite.
    pub fn target(&self) -> Option<&str> {
        self.listener.as_ref().map(|l| l.target())
    }

    /// Block until a commit is announced or `timeout` passes (see [`Wake`]).
    pub fn wait(&mut self, timeout: std::time::Duration) -> Wake {
        match self.listener.as_mut() {
            Some(l) => l.wait(timeout),
            None => {
                std::thread::sleep(timeout);
                Wake::Timeout
            }
        }
    }
}

/// Whether a store holds no record in any table, so the bundled data can be loaded on first start.
pub fn is_empty(store: &dyn Store) -> Result<bool, StoreError> {
    // Every stored record has exactly one entry in the change feed, so this is O(1).
    Ok(store.changes_since(0, 1)?.is_empty())
}

/// A persistent home for HSDS records; every backend implements it the same way.
pub trait Store: Send {
    /// Begin an all-or-nothing import: nothing is visible or kept until commit.
    fn begin(&mut self) -> Result<Box<dyn Import + '_>, StoreError>;
    /// One record by table and id, for detail pages and the API.
    fn get(&self, table: Table, id: &str) -> Result<Option<Record>, StoreError>;
    /// Whether a record exists, without reading its body.
    fn exists(&self, table: Table, id: &str) -> Result<bool, StoreError>;
    /// How many records a table holds, for diagnostics and progress.
    fn count(&self, table: Table) -> Result<u64, StoreError>;
    /// Every record of a table, ordered by id, streamed (1M+ rows are never collected in memory).
    fn for_each(
        &self,
        table: Table,
        f: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Records changed (created or updated) after change sequence `after`, in change order, with
    /// their sequence, at most `limit` of them. For the search index's live updates and the API's
    /// incremental sync.
    fn changes_since(&self, after: u64, limit: usize) -> Result<Vec<Change>, StoreError>;
    /// Every record of every table as its stored JSON bytes, in storage order: the fastest way
    /// to read the whole directory (the search index is built from it).
    fn scan_json(&self, f: &mut ScanFn<'_>) -> Result<(), StoreError> {
        for t in Table::ALL {
            self.for_each(t, &mut |r| f(t, &encode(t, &r)?))?;
        }
        Ok(())
    }
    /// [`Store::scan_json`] split into `parts.len()` disjoint parts that together hold every
    /// record once, read side by side where the backend can (a database file reads each part
    /// on its own connection and thread, within one snapshot): the search index's build reads
    /// a million services on every core. Each part sees its records in storage order, each with
    /// a number that grows with storage order across all parts, so the parts can be merged back.
    /// [`StoreError::ChangedDuringScan`] means an import landed between the parts' snapshots:
    /// read again, or with [`Store::scan_json`].
    ///
    /// Part `p` reads runs `p`, `p + parts`, `p + 2 * parts`... of `chunk` places in storage
    /// order ([`SCAN_CHUNK`] unless testing).
    fn scan_json_parts(&self, chunk: u64, parts: &mut [&mut PartFn<'_>]) -> Result<(), StoreError> {
        scan_json_routed(self, chunk, parts)
    }
    /// The records of `table` whose `field` (e.g. `service_id`) equals `value`, ordered by id:
    /// a service's phones, a location's addresses. Fast for the owner references once
    /// [`Store::prepare_lookups`] ran; any other field works too, by a scan.
    fn children(&self, table: Table, field: &str, value: &str) -> Result<Vec<Record>, StoreError> {
        check_field(field)?;
        let mut out = Vec::new();
        self.for_each(table, &mut |r| {
            if r.get(field).and_then(|v| v.as_str()) == Some(value) {
                out.push(r);
            }
            Ok(())
        })?;
        Ok(out)
    }
    /// Build what [`Store::children`] needs to answer owner lookups without a scan (once per
    /// store; later imports keep it up to date). Returns whether anything was built.
    fn prepare_lookups(&mut self) -> Result<bool, StoreError> {
        Ok(false)
    }
    /// One page of a table in id order (`limit` records after skipping `offset`), each with
    /// when haven last saw it change; with `since` (RFC 3339 UTC, as [`Change::modified_at`]
    /// spells it), only records changed at or after that time. For the API's listings and its
    /// incremental sync; the default reads everything, backends answer from their indexes.
    fn list(
        &self,
        table: Table,
        since: Option<&str>,
        offset: u64,
        limit: usize,
    ) -> Result<Vec<Stamped>, StoreError> {
        let times = change_times(self, table)?;
        let mut out = Vec::new();
        let mut skipped = 0u64;
        self.for_each(table, &mut |r| {
            if out.len() >= limit {
                return Ok(());
            }
            let id = hsds::record_id(&r).unwrap_or_default().to_string();
            let at = times.get(&id).cloned().unwrap_or_default();
            if since.is_some_and(|s| at.as_str() < s) {
                return Ok(());
            }
            if skipped < offset {
                skipped += 1;
                return Ok(());
            }
            out.push(Stamped {
                record: r,
                modified_at: at,
            });
            Ok(())
        })?;
        Ok(out)
    }
    /// Like [`Store::list`], continuing after the record with id `after` (keyset paging): a walk
    /// over a whole table costs the same per page at its end as at its start, where an offset
    /// rereads everything before it. `None` starts at the beginning.
    fn list_after(
        &self,
        table: Table,
        since: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Stamped>, StoreError> {
        // The default has no index to seek in: skip to `after` in one ordered pass.
        let times = change_times(self, table)?;
        let mut out = Vec::new();
        let mut started = after.is_none();
        self.for_each(table, &mut |r| {
            if out.len() >= limit {
                return Ok(());
            }
            let id = hsds::record_id(&r).unwrap_or_default().to_string();
            if !started {
                started = after == Some(id.as_str());
                return Ok(());
            }
            let at = times.get(&id).cloned().unwrap_or_default();
            if since.is_some_and(|s| at.as_str() < s) {
                return Ok(());
            }
            out.push(Stamped {
                record: r,
                modified_at: at,
            });
            Ok(())
        })?;
        Ok(out)
    }
    /// Whether this store was opened read-only (a read-only file, folder or file system).
    fn is_read_only(&self) -> bool {
        false
    }
    /// Give back memory the connection holds only to be faster (its page cache), after a burst.
    fn release_memory(&self) {}
    /// Whether this connection can still be used: false once a database server closed it (a
    /// restart, a terminated backend), so a pool drops it instead of handing it out again.
    fn is_usable(&self) -> bool {
        true
    }
    /// How many records [`Store::list`] would walk through with this `since` (all of the table
    /// without one), for the API's page counts.
    fn count_since(&self, table: Table, since: Option<&str>) -> Result<u64, StoreError> {
        match since {
            None => self.count(table),
            Some(s) => Ok(change_times(self, table)?
                .values()
                .filter(|at| at.as_str() >= s)
                .count() as u64),
        }
    }
    /// When haven last saw this record change (RFC 3339 UTC), or None when there is no such
    /// record: the API's `modified_at` and the basis of its ETags.
    fn modified_at(&self, table: Table, id: &str) -> Result<Option<String>, StoreError> {
        Ok(change_times(self, table)?.remove(id))
    }
    /// Highest change sequence so far (0 on a new store), where a follower of the feed starts.
    fn last_change(&self) -> Result<u64, StoreError>;
    /// Schema version after migrations, for `haven` diagnostics and tests.
    fn schema_version(&self) -> Result<u32, StoreError>;
    /// A short human description, e.g. "SQLite haven-data/haven.sqlite", for logs and diagnostics.
    fn describe(&self) -> String;
    /// Several records of one table at once, as their stored canonical JSON (the bytes
    /// [`encode`] wrote) with when each last changed, in the order of `ids`, None where there
    /// is no such record: a page of the API reads each table once, not once per record, and
    /// splices the bytes without parsing them. Backends answer from their key index in a few
    /// round trips; the default reads one record at a time.
    fn get_many(&self, table: Table, ids: &[&str]) -> Result<Vec<Option<StoredJson>>, StoreError> {
        ids.iter()
            .map(|id| {
                let Some(r) = self.get(table, id)? else {
                    return Ok(None);
                };
                Ok(Some(StoredJson {
                    body: encode(table, &r)?,
                    modified_at: self.modified_at(table, id)?.unwrap_or_default(),
                }))
            })
            .collect()
    }
}

/// One record as [`Store::get_many`] reads it: its canonical JSON and its last change time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredJson {
    /// The record as canonical JSON (compact, keys sorted), exactly as [`encode`] writes it.
    pub body: Vec<u8>,
    /// When haven last saw it change, RFC 3339 UTC (as [`Change::modified_at`]).
    pub modified_at: String,
}

/// How many ids one statement of a backend's [`Store::get_many`] asks for at most.
pub const GET_MANY_CHUNK: usize = 64;

/// Every record of a table with its last change time, from the change feed (the slow,
/// backend-independent path of the default [`Store::list`]).
fn change_times<S: Store + ?Sized>(
    st: &S,
    table: Table,
) -> Result<std::collections::HashMap<String, String>, StoreError> {
    Ok(st
        .changes_since(0, usize::MAX)?
        .into_iter()
        .filter(|c| c.table == table)
        .map(|c| (c.id, c.modified_at))
        .collect())
}

/// A record with the time haven last saw it change, as [`Store::list`] returns them.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamped {
    /// The record.
    pub record: Record,
    /// When the import that last changed it began, RFC 3339 UTC.
    pub modified_at: String,
}

/// The owner references [`Store::prepare_lookups`] makes fast.
pub const LOOKUP_FIELDS: [&str; 8] = [
    "service_id",
    "location_id",
    "organization_id",
    "link_id",
    "resource_id",
    "phone_id",
    "contact_id",
    "service_at_location_id",
];

/// A field name as HSDS spells them (lowercase letters, digits, `_`), so it is safe in a path.
fn check_field(field: &str) -> Result<(), StoreError> {
    let ok = !field.is_empty()
        && field
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::BadField {
            field: field.to_string(),
        })
    }
}

/// [`Store::scan_json_parts`] on one thread: the whole scan, each record handed to the part
/// its place in storage order falls in (for backends that cannot read side by side).
pub fn scan_json_routed<S: Store + ?Sized>(
    st: &S,
    chunk: u64,
    parts: &mut [&mut PartFn<'_>],
) -> Result<(), StoreError> {
    if parts.is_empty() {
        return Ok(());
    }
    let n = parts.len() as u64;
    let chunk = chunk.max(1);
    let mut i = 0u64;
    st.scan_json(&mut |table, body| {
        let part = ((i / chunk) % n) as usize;
        let r = parts[part](i, table, body);
        i += 1;
        r
    })
}

/// What [`Store::scan_json`] calls for each stored record: its table and JSON bytes.
pub type ScanFn<'f> = dyn FnMut(Table, &[u8]) -> Result<(), StoreError> + 'f;

/// What [`Store::scan_json_parts`] calls for each record of one part, on that part's thread:
/// the record's place in storage order, its table and its JSON bytes.
pub type PartFn<'f> = dyn FnMut(u64, Table, &[u8]) -> Result<(), StoreError> + Send + 'f;

/// Places in storage order per run that one part of [`Store::scan_json_parts`] reads before
/// the next part's run: small enough that every part gets a share of every table.
pub const SCAN_CHUNK: u64 = 1 << 16;

/// The canonical stored form of a record: compact JSON with sorted keys, so equal records are
/// equal bytes and a repeated import can say "unchanged" by comparing them.
pub fn encode(table: Table, record: &Record) -> Result<Vec<u8>, StoreError> {
    let mut buf = Vec::with_capacity(256);
    encode_into(table, record, &mut buf)?;
    Ok(buf)
}

/// Like [`encode`], appending to `buf` (for batches).
pub fn encode_into(table: Table, record: &Record, buf: &mut Vec<u8>) -> Result<(), StoreError> {
    serde_json::to_writer(&mut *buf, record).map_err(|source| StoreError::Encode {
        table,
        id: hsds::record_id(record).unwrap_or("?").to_string(),
        source,
    })
}

/// One all-or-nothing batch of writes, begun with [`Store::begin`].
pub trait Import {
    /// Upsert by id. Returns whether the record was created, updated, or already identical
    /// (unchanged: nothing written, no change sequence spent).
    fn upsert(&mut self, table: Table, record: &Record) -> Result<Outcome, StoreError> {
        let id = hsds::record_id(record).ok_or(StoreError::MissingId { table })?;
        let body = encode(table, record)?;
        self.upsert_json(table, id, &body)
    }
    /// Upsert a record already encoded by [`encode`], so the encoding can happen on another
    /// thread than the writing; `id` must be the record's id.
    fn upsert_json(&mut self, table: Table, id: &str, body: &[u8]) -> Result<Outcome, StoreError>;
    /// Whether a record exists, seeing this import's own writes too (for reference checks).
    fn exists(&self, table: Table, id: &str) -> Result<bool, StoreError>;
    /// Make every write of this import durable and visible at once.
    fn commit(self: Box<Self>) -> Result<(), StoreError>;
    /// Throw every write of this import away. Dropping without commit does the same.
    fn rollback(self: Box<Self>) -> Result<(), StoreError>;
}

/// What an upsert did, so an import can report "12 created, 3 updated, 4000 unchanged".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No record with this table and id existed.
    Created,
    /// A record existed with a different body and was replaced.
    Updated,
    /// A record with exactly this body existed; nothing was written.
    Unchanged,
}

/// One entry of the change feed: which record changed, when, and at which sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The change sequence; strictly increasing, never reused.
    pub seq: u64,
    /// The record's table.
    pub table: Table,
    /// The record's id.
    pub id: String,
    /// When the import that made the change began, RFC 3339 UTC (e.g. `2025-01-31T12:00:00.123Z`).
    pub modified_at: String,
}

/// What a store URL resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Sqlite(PathBuf),
    SqliteMemory,
    /// The URL as given (checked to parse).
    Postgres(String),
}

fn parse_url(url: &str) -> Result<Target, StoreError> {
    let bad = |reason: &str| StoreError::BadUrl {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    if url.trim().is_empty() {
        return Err(bad(
            "it is empty; give a file path or sqlite:PATH (for example sqlite:haven-data/haven.sqlite)",
        ));
    }
    let path = if let Some(rest) = url.strip_prefix("sqlite://") {
        rest
    } else if let Some(rest) = url.strip_prefix("sqlite:") {
        if rest == ":memory:" {
            return Ok(Target::SqliteMemory);
        }
        rest
    } else if let Some(scheme) = scheme_of(url) {
        let lower = scheme.to_ascii_lowercase();
        if scheme == "postgres" || scheme == "postgresql" {
            postgres::config_of(url)?;
            return Ok(Target::Postgres(url.to_string()));
        }
        if lower == "postgres" || lower == "postgresql" {
            return Err(bad("write the scheme in lower case: postgres://..."));
        }
        if lower == "sqlite" {
            // e.g. "SQLITE:path": be strict about spelling rather than guess.
            return Err(bad("write the scheme in lower case: sqlite:PATH"));
        }
        return Err(StoreError::BadUrl {
            url: url.to_string(),
            reason: format!(
                "'{scheme}' is not a store haven knows; use a SQLite file (sqlite:PATH or a plain \
                 path) or PostgreSQL (postgres://host/database)"
            ),
        });
    } else {
        url
    };
    if path.is_empty() {
        return Err(bad("there is no file path after 'sqlite:'"));
    }
    Ok(Target::Sqlite(PathBuf::from(path)))
}

/// The URL scheme, when the text starts with one of two or more characters followed by ':'.
/// (One letter followed by ':' is a Windows drive, so a path.)
fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let ok = first.is_ascii_alphabetic()
        && scheme.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_resolve_to_backends() {
        let p = |s: &str| Target::Sqlite(PathBuf::from(s));
        assert_eq!(parse_url("sqlite:a/b.db").ok(), Some(p("a/b.db")));
        assert_eq!(parse_url("sqlite://a/b.db").ok(), Some(p("a/b.db")));
        assert_eq!(parse_url("sqlite:///abs/b.db").ok(), Some(p("/abs/b.db")));
        assert_eq!(parse_url("a/b.db").ok(), Some(p("a/b.db")));
        assert_eq!(parse_url("C:\\data\\b.db").ok(), Some(p("C:\\data\\b.db")));
        assert_eq!(
            parse_url("sqlite::memory:").ok(),
            Some(Target::SqliteMemory)
        );
        assert!(matches!(
            parse_url("mysql://x"),
            Err(StoreError::BadUrl { .. })
        ));
        assert!(matches!(parse_url(""), Err(StoreError::BadUrl { .. })));
        assert!(matches!(
            parse_url("sqlite:"),
            Err(StoreError::BadUrl { .. })
        ));
        for pg in ["postgres://h/db", "postgresql://u:pw@h:5433/db"] {
            assert_eq!(parse_url(pg).ok(), Some(Target::Postgres(pg.to_string())));
        }
        assert!(matches!(
            parse_url("POSTGRES://h/db"),
            Err(StoreError::BadUrl { .. })
        ));
        assert!(matches!(
            parse_url("postgres://h/db?sslmode=require"),
            Err(StoreError::Unsupported { .. })
        ));
        assert!(matches!(
            parse_url("postgres://h:notaport/db"),
            Err(StoreError::BadUrl { .. })
        ));
    }

    #[test]
    fn passwords_never_show_in_a_redacted_url() {
        assert_eq!(
            redact_url("postgres://haven:s3cret@db:5432/haven"),
            "postgres://haven:***@db:5432/haven"
        );
        assert_eq!(
            redact_url("postgres://db/haven?user=h&password=s3cret&x=1"),
            "postgres://db/haven?user=h&password=***&x=1"
        );
        assert_eq!(redact_url("postgres://h@db/haven"), "postgres://h@db/haven");
        assert_eq!(redact_url("sqlite:a/b.db"), "sqlite:a/b.db");
        let err = parse_url("postgres://u:s3cret@h:notaport/db").err();
        assert!(
            err.is_some_and(|e| !e.to_string().contains("s3cret")),
            "a bad URL's error hides the password"
        );
    }

    #[test]
    fn default_url_is_a_sqlite_file() {
        assert_eq!(
            parse_url(&default_url()).ok(),
            Some(Target::Sqlite(PathBuf::from("haven-data/haven.sqlite")))
        );
    }

    /// Canonical bodies need sorted keys; this fails loudly if some crate turns on serde_json's
    /// `preserve_order` feature for the whole workspace.
    #[test]
    fn json_maps_serialize_with_sorted_keys() {
        let mut r = Record::new();
        r.insert("b".into(), 1.into());
        r.insert("a".into(), 2.into());
        assert_eq!(
            serde_json::to_string(&r).ok().as_deref(),
            Some(r#"{"a":2,"b":1}"#)
        );
    }
}
