//! The SQLite backend: one embedded file, WAL mode, versioned migrations (see the crate docs for the layout).

use crate::migrations::{self, Migration};
use crate::{Change, Import, OpenOptions, Outcome, Record, Stamped, Store, StoreError, Table};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, Statement, ToSql, Transaction, TransactionBehavior};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another process's lock before giving up, in seconds.
pub(crate) const BUSY_TIMEOUT_SECS: u64 = 10;
/// How long a writer waits for another process's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(BUSY_TIMEOUT_SECS);
/// Page cache per connection, in KiB (negative `cache_size` means KiB in SQLite).
const CACHE_KIB: i64 = 64 * 1024;
/// Page cache while an import runs: big imports insert at random places in the key index, and a
/// cache that holds most of it is ~25% faster at 5M rows. Bounded, whatever the import's size.
const IMPORT_CACHE_KIB: i64 = 256 * 1024;
/// How much of the file a whole-directory scan may map into memory (address space, not RAM).
const MMAP_BYTES: i64 = 1 << 36;
/// Page cache while the key index of a bulk load is built.
const SORT_CACHE_KIB: i64 = 64 * 1024;
/// How large the WAL file may stay on disk after a checkpoint, in bytes.
const WAL_KEEP_BYTES: i64 = 64 * 1024 * 1024;

const SELECT_BODY: &str = "SELECT body FROM record WHERE tbl = ?1 AND id = ?2";
const SELECT_EXISTS: &str = "SELECT 1 FROM record WHERE tbl = ?1 AND id = ?2";
const DROP_KEY_INDEX: &str = "DROP INDEX record_key";
const CREATE_KEY_INDEX: &str = "CREATE UNIQUE INDEX record_key ON record (tbl, id)";

/// One owner-lookup index ([`crate::LOOKUP_FIELDS`]): its name, its create statement, the query
/// that uses it and the table codes whose HSDS schema has the field.
///
/// The index covers only those tables (`tbl IN (...)`), so building it parses the JSON of their
/// rows alone (about a quarter of all rows per field at a million services, where parsing every
/// row for every field took about 100 s); the query repeats both the table list and the indexed
/// expression exactly, so SQLite uses the partial index (and has no ORDER BY, which would make it
/// prefer the key index: results are sorted after reading). Indexes built by earlier versions
/// (the same name, without the table list) still serve the same query.
struct Lookup {
    field: &'static str,
    name: String,
    create: String,
    query: String,
    tables: Vec<i64>,
}

fn lookups() -> &'static [Lookup] {
    static CELL: std::sync::OnceLock<Vec<Lookup>> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        crate::LOOKUP_FIELDS
            .iter()
            .map(|&field| {
                let tables: Vec<i64> = Table::ALL
                    .iter()
                    .filter(|&&t| hsds::spec(t).field_names().any(|f| f == field))
                    .map(|&t| code(t))
                    .collect();
                let list = tables
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                let expr = format!("json_extract(body, '$.{field}')");
                Lookup {
                    field,
                    name: format!("record_by_{field}"),
                    create: format!(
                        "CREATE INDEX IF NOT EXISTS record_by_{field} ON record (tbl, {expr}) \
                         WHERE tbl IN ({list}) AND {expr} IS NOT NULL"
                    ),
                    query: format!(
                        "SELECT id, body FROM record WHERE tbl = ?1 AND tbl IN ({list}) AND {expr} = ?2"
                    ),
                    tables,
                }
            })
            .collect()
    })
}

/// The create statements of the lookup indexes that exist.
fn existing_lookups(conn: &Connection) -> Result<Vec<&'static str>, StoreError> {
    let mut out = Vec::new();
    let mut stmt =
        conn.prepare_cached("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1")?;
    for l in lookups() {
        if stmt.exists([l.name.as_str()])? {
            out.push(l.create.as_str());
        }
    }
    Ok(out)
}

/// Build every missing lookup index inside `tx` (an import's, before it commits), with SQLite's
/// sorter on several threads as for the key index.
fn build_lookups(tx: &Connection) -> Result<(), StoreError> {
    if existing_lookups(tx)?.len() == lookups().len() {
        return Ok(());
    }
    let _ = tx.pragma_update_and_check(None, "threads", 4, |r| r.get::<_, i64>(0));
    tx.pragma_update(None, "cache_size", -SORT_CACHE_KIB)?;
    tx.pragma_update(None, "temp_store", "FILE")?;
    let built = lookups()
        .iter()
        .try_for_each(|l| tx.execute_batch(&l.create));
    tx.pragma_update(None, "temp_store", "MEMORY")?;
    built?;
    Ok(())
}
const INSERT: &str =
    "INSERT INTO record (seq, tbl, id, body, modified_at) VALUES (?1, ?2, ?3, ?4, ?5)";
const UPDATE: &str =
    "UPDATE record SET seq = ?1, body = ?4, modified_at = ?5 WHERE tbl = ?2 AND id = ?3";

/// A store in one SQLite file (or in memory), the embedded default backend.
pub struct SqliteStore {
    conn: Connection,
    label: String,
    /// The database file, for the extra connections of a split scan (`None` in memory).
    file: Option<PathBuf>,
    /// Opened read-only (immutable): no import, no migration, no lookup index build.
    read_only: bool,
}

impl SqliteStore {
    /// Every stored record in storage order (the body of `scan_json`).
    fn scan_rows(&self, f: &mut crate::ScanFn<'_>) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, tbl, body FROM record")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (_, table, body) = scanned_row(row)?;
            f(table, body)?;
        }
        Ok(())
    }

    /// The records of every `parts`-th run of `chunk` change sequences from run `part`, up to
    /// `last`, in storage order: one part of a split scan.
    fn scan_chunks(
        conn: &Connection,
        (part, parts, chunk): (u64, u64, u64),
        last: i64,
        f: &mut crate::PartFn<'_>,
    ) -> Result<(), StoreError> {
        let mut stmt =
            conn.prepare_cached("SELECT seq, tbl, body FROM record WHERE seq >= ?1 AND seq < ?2")?;
        let mut run = part;
        loop {
            let lo = i64::try_from(run.saturating_mul(chunk)).unwrap_or(i64::MAX);
            if lo > last {
                return Ok(());
            }
            let hi = lo.saturating_add(i64::try_from(chunk).unwrap_or(i64::MAX));
            let mut rows = stmt.query([lo, hi])?;
            while let Some(row) = rows.next()? {
                let (seq, table, body) = scanned_row(row)?;
                f(seq, table, body)?;
            }
            run += parts;
        }
    }

    /// A read-only connection to the same file for one part of a split scan.
    fn part_connection(path: &Path) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.execute_batch(&format!("PRAGMA mmap_size = {MMAP_BYTES}"))?;
        Ok(conn)
    }

    /// The last change and the highest stored sequence, read inside the caller's transaction
    /// (its snapshot starts here).
    fn snapshot_marks(conn: &Connection) -> Result<(u64, i64), StoreError> {
        let last: i64 = conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'last_seq'")?
            .query_row([], |r| r.get(0))?;
        let top: Option<i64> = conn
            .prepare_cached("SELECT max(seq) FROM record")?
            .query_row([], |r| r.get(0))?;
        Ok((u64::try_from(last).unwrap_or(0), top.unwrap_or(0)))
    }

    /// Copy the whole database, page for page, into the new file `out` with SQLite's online
    /// backup API (other connections may go on reading and writing meanwhile).
    pub(crate) fn backup_to(&self, out: &Path) -> Result<(), StoreError> {
        let mut dst = Connection::open(out).map_err(|source| StoreError::Open {
            path: out.to_path_buf(),
            source,
        })?;
        let b = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
        b.run_to_completion(4096, Duration::ZERO, None)?;
        Ok(())
    }

    /// Open a database file, creating it and its parent folders when missing, and migrate it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path, &OpenOptions::default())
    }

    /// Open a database file as `opts` say: create it only when allowed, read-only when the file,
    /// its folder or the file system cannot be written (or when asked).
    pub fn open_with(path: &Path, opts: &OpenOptions) -> Result<Self, StoreError> {
        let exists = path.exists();
        if !exists && !opts.create {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        if exists && (opts.read_only || not_writable(path)) {
            return Self::open_read_only(path, opts);
        }
        if let Some(parent) = path.parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
        }
        let flags = if opts.create {
            rusqlite::OpenFlags::default()
        } else {
            rusqlite::OpenFlags::default() - rusqlite::OpenFlags::SQLITE_OPEN_CREATE
        };
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let label = format!("SQLite {}", path.display());
        match Self::init(conn, label, path.to_path_buf(), opts.cache_kib) {
            // A read-only file system shows itself only when SQLite first writes (the WAL).
            Err(StoreError::Open { source, .. }) if exists && is_read_only_error(&source) => {
                Self::open_read_only(path, opts)
            }
            other => other,
        }
    }

    /// Open an existing file read-only and immutable (nothing can change it under us: a
    /// read-only image), refusing one that would need writing first.
    fn open_read_only(path: &Path, opts: &OpenOptions) -> Result<Self, StoreError> {
        let refuse = |reason: String| StoreError::ReadOnly {
            path: path.to_path_buf(),
            reason,
        };
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Err(refuse(format!(
                "recent changes are still in {} and not yet in the file; open it once with write \
                 access (haven serve or haven import) so SQLite folds them in",
                wal.display()
            )));
        }
        let uri = format!("file:{}?immutable=1", uri_path(path));
        let conn = Connection::open_with_flags(
            uri,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                | rusqlite::OpenFlags::SQLITE_OPEN_URI
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let found = user_version(&conn).map_err(open_err)?;
        check_not_newer(found)?;
        let current = migrations::sqlite_version();
        if found < current {
            return Err(refuse(format!(
                "its schema is version {found} and this haven needs {current}; open it once with \
                 write access so haven upgrades it"
            )));
        }
        conn.pragma_update(None, "cache_size", -opts.cache_kib)
            .map_err(open_err)?;
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(open_err)?;
        Ok(SqliteStore {
            conn,
            label: format!("SQLite {} (read-only)", path.display()),
            file: Some(path.to_path_buf()),
            read_only: true,
        })
    }

    /// Open a private in-memory database, for tests and dry runs; gone when dropped.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        Self::init(conn, "SQLite in memory".to_string(), path, CACHE_KIB)
    }

    fn init(
        conn: Connection,
        label: String,
        path: PathBuf,
        cache_kib: i64,
    ) -> Result<Self, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // Read the version before changing anything, so a newer database is left untouched.
        // This is also where a file that is not a SQLite database is noticed.
        let found = user_version(&conn).map_err(open_err)?;
        check_not_newer(found)?;
        let _mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "cache_size", -cache_kib)
            .map_err(open_err)?;
        let _limit: i64 = conn
            .pragma_update_and_check(None, "journal_size_limit", WAL_KEEP_BYTES, |r| r.get(0))
            .map_err(open_err)?;
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(open_err)?;
        migrate(&conn, migrations::SQLITE)?;
        let file = (path.as_os_str() != ":memory:").then_some(path);
        Ok(SqliteStore {
            conn,
            label,
            file,
            read_only: false,
        })
    }

    /// A change sequence at or before the first change made at or after `since` (RFC 3339).
    ///
    /// Change times grow with the sequence (each import stamps its begin time, taken under the
    /// write lock), so the answer is a binary search over the rowid: a few dozen seeks whatever
    /// the store's size. It searches for an hour earlier than asked, so a wall clock that stepped
    /// back between two imports cannot hide a change; callers still filter on the time itself.
    fn first_seq_near(&self, since: &str) -> Result<i64, StoreError> {
        let Ok(t) = chrono::DateTime::parse_from_rfc3339(since) else {
            return Ok(0); // not a time we can reason about: scan the whole feed
        };
        let early = (t.with_timezone(&chrono::Utc) - chrono::Duration::hours(1))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut probe = self.conn.prepare_cached(
            "SELECT modified_at FROM record WHERE seq >= ?1 ORDER BY seq LIMIT 1",
        )?;
        let (mut lo, mut hi) = (0i64, to_i64(self.stored_last_seq()?) + 1);
        // Invariant: every row before `lo` changed before `early`; the row at or after `hi`
        // (if any) changed at or after it.
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let at: Option<String> = {
                let mut rows = probe.query([mid])?;
                match rows.next()? {
                    Some(r) => Some(r.get(0)?),
                    None => None,
                }
            };
            match at {
                Some(a) if a < early => lo = mid + 1,
                _ => hi = mid,
            }
        }
        Ok(lo)
    }

    fn stored_last_seq(&self) -> Result<u64, StoreError> {
        let v: i64 = self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'last_seq'")?
            .query_row([], |r| r.get(0))?;
        Ok(u64::try_from(v).unwrap_or(0))
    }
}

/// The change sequence and table of a row whose first two columns are `seq, tbl`.
fn seq_and_table(row: &rusqlite::Row<'_>) -> Result<(u64, Table), StoreError> {
    let seq = u64::try_from(row.get::<_, i64>(0)?).unwrap_or(0);
    let stored = row.get::<_, i64>(1)?;
    let table = table_of(stored).ok_or_else(|| StoreError::CorruptChange {
        seq,
        reason: format!("table code {stored} names no HSDS table"),
    })?;
    Ok((seq, table))
}

/// A `seq, tbl, body` row of a scan: its sequence, table and JSON bytes, or what is corrupt.
fn scanned_row<'r>(row: &'r rusqlite::Row<'_>) -> Result<(u64, Table, &'r [u8]), StoreError> {
    let (seq, table) = seq_and_table(row)?;
    match row.get_ref(2)? {
        ValueRef::Text(b) => Ok((seq, table, b)),
        other => Err(StoreError::CorruptChange {
            seq,
            reason: format!("the body is stored as {:?}, not JSON", other.data_type()),
        }),
    }
}

fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map(|v| u32::try_from(v).unwrap_or(u32::MAX))
}

fn check_not_newer(found: u32) -> Result<(), StoreError> {
    let supported = migrations::sqlite_version();
    if found > supported {
        return Err(StoreError::NewerSchema { found, supported });
    }
    Ok(())
}

/// Apply every step newer than the database's version, each in its own transaction with its
/// version bump. The version is re-read under the write lock, so two processes opening a new file
/// at once do not both run a step.
fn migrate(conn: &Connection, steps: &[Migration]) -> Result<(), StoreError> {
    for m in steps {
        let fail = |source: rusqlite::Error| StoreError::Migration {
            version: m.version,
            name: m.name,
            source: Box::new(source),
        };
        if user_version(conn)? >= m.version {
            continue;
        }
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(fail)?;
        let now = user_version(&tx).map_err(fail)?;
        check_not_newer(now)?;
        if now >= m.version {
            continue; // another process got there first; dropping `tx` ends it
        }
        tx.execute_batch(m.sql).map_err(fail)?;
        tx.pragma_update(None, "user_version", m.version)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    Ok(())
}

/// Canonical JSON bytes bound as SQL text without another UTF-8 check (serde_json writes UTF-8).
struct JsonText<'b>(&'b [u8]);

impl ToSql for JsonText<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(self.0)))
    }
}

/// A table as stored: its position in `Table::ALL` (a test pins these; never reorder).
fn code(table: Table) -> i64 {
    Table::ALL
        .iter()
        .position(|&t| t == table)
        .map_or(-1, |i| i as i64)
}

/// The table a stored code names.
fn table_of(code: i64) -> Option<Table> {
    usize::try_from(code)
        .ok()
        .and_then(|i| Table::ALL.get(i).copied())
}

/// An id as stored: a canonical (lowercase, hyphenated) UUID as its 16 bytes, anything else as
/// text, so the key index stays small and quick to sort.
#[derive(Clone, Copy)]
struct DbId<'a> {
    text: &'a str,
    uuid: Option<[u8; 16]>,
}

impl<'a> DbId<'a> {
    fn new(text: &'a str) -> Self {
        DbId {
            text,
            uuid: uuid_bytes(text),
        }
    }
}

fn uuid_bytes(id: &str) -> Option<[u8; 16]> {
    hsds::canonical_uuid(id).map(u128::to_be_bytes)
}

impl ToSql for DbId<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match &self.uuid {
            Some(b) => ValueRef::Blob(b),
            None => ValueRef::Text(self.text.as_bytes()),
        }))
    }
}

/// An id read back from the key column.
fn id_text(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Blob(b) if b.len() == 16 => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!(
                "{}-{}-{}-{}-{}",
                &hex[..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..]
            )
        }
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        _ => "?".to_string(),
    }
}

/// Turn a stored body back into a record, or say why it is damaged.
fn decode(table: Table, id: ValueRef<'_>, body: ValueRef<'_>) -> Result<Record, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        table,
        id: id_text(id),
        reason,
    };
    let bytes = match body {
        ValueRef::Text(b) => b,
        other => {
            return Err(corrupt(format!(
                "the body is stored as {:?}, not as JSON text",
                other.data_type()
            )))
        }
    };
    serde_json::from_slice::<Record>(bytes)
        .map_err(|e| corrupt(format!("the body is not a JSON object: {e}")))
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Whether the permission bits deny writing the file or its folder (SQLite needs both for its
/// WAL). Bits, not a trial write: the super-user passes every trial, but an operator who made
/// an image read-only meant it.
fn not_writable(path: &Path) -> bool {
    let no_write = |p: &Path| {
        std::fs::metadata(p).is_ok_and(|m| {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                m.permissions().mode() & 0o222 == 0
            }
            #[cfg(not(unix))]
            {
                m.permissions().readonly()
            }
        })
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    no_write(path) || no_write(dir)
}

/// Whether SQLite failed because it could not write (a read-only file or file system).
fn is_read_only_error(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if matches!(
        f.code,
        rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied
    ))
}

/// A path as the path part of a `file:` URI (`%`, `?` and `#` escaped).
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

impl Store for SqliteStore {
    fn begin(&mut self) -> Result<Box<dyn Import + '_>, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.file.clone().unwrap_or_default(),
                reason: "it was opened read-only, so nothing can be imported into it".to_string(),
            });
        }
        // `&mut self` guarantees no other transaction on this connection, so the unchecked
        // constructor is safe here; taking a shared borrow lets the import hold its statements.
        let conn: &Connection = &self.conn;
        conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        let cache = CacheGuard(conn);
        // An empty store takes its first load through a rollback journal instead of the WAL:
        // the new pages are then written once instead of twice (WAL, then checkpoint), and the
        // load stays all-or-nothing. It only switches when no other connection is open on the
        // file (SQLite refuses otherwise), and goes back to WAL when the import ends.
        let journal = if store_is_empty(conn)? {
            match conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
            {
                Ok(mode) => JournalGuard(conn, mode.eq_ignore_ascii_case("delete")),
                // Another connection has the file open: stay in WAL.
                Err(rusqlite::Error::SqliteFailure(f, _))
                    if matches!(
                        f.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    ) =>
                {
                    JournalGuard(conn, false)
                }
                Err(e) => return Err(e.into()),
            }
        } else {
            JournalGuard(conn, false)
        };
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        // Read under the write lock. max(seq) guards against a counter behind the rows, so a
        // sequence number is never handed out twice.
        let last: i64 = tx.query_row(
            "SELECT max(coalesce((SELECT value FROM meta WHERE key = 'last_seq'), 0), \
                        coalesce((SELECT max(seq) FROM record), 0))",
            [],
            |r| r.get(0),
        )?;
        let last = u64::try_from(last).unwrap_or(0);
        // Tables with no rows yet take inserts without the read-before-write.
        let mut fresh = [false; Table::ALL.len()];
        {
            let mut any = tx.prepare("SELECT EXISTS (SELECT 1 FROM record WHERE tbl = ?1)")?;
            for (i, t) in Table::ALL.iter().enumerate() {
                fresh[i] = !any.query_row([code(*t)], |r| r.get::<_, bool>(0))?;
            }
        }
        // Into an empty store, rows go in without the key index, which is built once, sorted, at
        // the end: far cheaper than millions of random index inserts. The checker never sends
        // the same key twice, and if anything did, building the unique index fails the commit.
        let bulk = fresh.iter().all(|&f| f);
        if bulk {
            // The lookup indexes go too; the commit builds them all, sorted, once.
            tx.execute_batch(DROP_KEY_INDEX)?;
            for l in lookups() {
                tx.execute_batch(&format!("DROP INDEX IF EXISTS {}", l.name))?;
            }
        }
        Ok(Box::new(SqliteImport {
            select_body: conn.prepare(SELECT_BODY)?,
            select_exists: RefCell::new(conn.prepare(SELECT_EXISTS)?),
            insert: conn.prepare(INSERT)?,
            update: conn.prepare(UPDATE)?,
            tx,
            _cache: cache,
            start_seq: last,
            seq: last,
            modified_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            fresh,
            index_dropped: std::cell::Cell::new(bulk),
            _journal: journal,
        }))
    }

    fn get(&self, table: Table, id: &str) -> Result<Option<Record>, StoreError> {
        let mut stmt = self.conn.prepare_cached(SELECT_BODY)?;
        let mut rows = stmt.query((code(table), DbId::new(id)))?;
        match rows.next()? {
            None => Ok(None),
            Some(row) => decode(table, ValueRef::Text(id.as_bytes()), row.get_ref(0)?).map(Some),
        }
    }

    fn exists(&self, table: Table, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached(SELECT_EXISTS)?
            .exists((code(table), DbId::new(id)))?)
    }

    fn count(&self, table: Table) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM record WHERE tbl = ?1")?
            .query_row([code(table)], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn scan_json(&self, f: &mut crate::ScanFn<'_>) -> Result<(), StoreError> {
        // Read through a memory map while scanning (page-by-page reads were most of the time),
        // and unmap afterwards so the file's pages do not stay in the process.
        // (In-memory databases answer nothing to this pragma; files answer the size set.)
        self.conn
            .execute_batch(&format!("PRAGMA mmap_size = {MMAP_BYTES}"))?;
        let result = self.scan_rows(f);
        self.conn.execute_batch("PRAGMA mmap_size = 0")?;
        result
    }

    fn scan_json_parts(
        &self,
        chunk: u64,
        parts: &mut [&mut crate::PartFn<'_>],
    ) -> Result<(), StoreError> {
        let n = parts.len() as u64;
        let chunk = chunk.max(1);
        let Some(path) = self.file.as_deref().filter(|_| n > 1) else {
            // One part, or a database in memory that no second connection can see.
            return crate::scan_json_routed(self, chunk, parts);
        };
        self.conn
            .execute_batch(&format!("PRAGMA mmap_size = {MMAP_BYTES}"))?;
        let result = (|| {
            let tx = self.conn.unchecked_transaction()?;
            let (last, top) = Self::snapshot_marks(&tx)?;
            let Some((first, rest)) = parts.split_first_mut() else {
                return Ok(());
            };
            let seen: Vec<Result<u64, StoreError>> = std::thread::scope(|scope| {
                let others: Vec<_> = rest
                    .iter_mut()
                    .enumerate()
                    .map(|(k, f)| {
                        scope.spawn(move || {
                            let conn = Self::part_connection(path)?;
                            let tx = conn.unchecked_transaction()?;
                            let (seen, _) = Self::snapshot_marks(&tx)?;
                            if seen == last {
                                Self::scan_chunks(&tx, (k as u64 + 1, n, chunk), top, &mut **f)?;
                            }
                            Ok(seen)
                        })
                    })
                    .collect();
                let mine = Self::scan_chunks(&tx, (0, n, chunk), top, &mut **first).map(|()| last);
                std::iter::once(mine)
                    .chain(others.into_iter().map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(StoreError::Callback("a scan thread panicked".into()))
                        })
                    }))
                    .collect()
            });
            for r in seen {
                let other = r?;
                if other != last {
                    return Err(StoreError::ChangedDuringScan { first: last, other });
                }
            }
            Ok(())
        })();
        self.conn.execute_batch("PRAGMA mmap_size = 0")?;
        result
    }

    fn for_each(
        &self,
        table: Table,
        f: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, body FROM record WHERE tbl = ?1 ORDER BY id")?;
        let mut rows = stmt.query([code(table)])?;
        while let Some(row) = rows.next()? {
            f(decode(table, row.get_ref(0)?, row.get_ref(1)?)?)?;
        }
        Ok(())
    }

    fn changes_since(&self, after: u64, limit: usize) -> Result<Vec<Change>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, tbl, id, modified_at FROM record WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut rows = stmt.query((to_i64(after), limit))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let (seq, table) = seq_and_table(row)?;
            out.push(Change {
                seq,
                table,
                id: id_text(row.get_ref(2)?),
                modified_at: row.get(3)?,
            });
        }
        Ok(out)
    }

    fn children(&self, table: Table, field: &str, value: &str) -> Result<Vec<Record>, StoreError> {
        crate::check_field(field)?;
        let mut out = Vec::new();
        // A table whose schema lacks the field is not in the index: it is scanned.
        let indexed = lookups()
            .iter()
            .find(|l| l.field == field && l.tables.contains(&code(table)));
        let mut stmt = match indexed {
            Some(l) => self.conn.prepare_cached(&l.query)?,
            None => self.conn.prepare_cached(
                "SELECT id, body FROM record WHERE tbl = ?1 AND json_extract(body, ?3) = ?2",
            )?,
        };
        let path = format!("$.{field}");
        let mut rows = match indexed {
            Some(_) => stmt.query((code(table), value))?,
            None => stmt.query((code(table), value, path.as_str()))?,
        };
        while let Some(row) = rows.next()? {
            out.push(decode(table, row.get_ref(0)?, row.get_ref(1)?)?);
        }
        // Sorted here, not by SQL: an ORDER BY id makes SQLite walk the key index over the whole
        // table (it gives the order for free) instead of the selective lookup index.
        out.sort_by(|a, b| hsds::record_id(a).cmp(&hsds::record_id(b)));
        Ok(out)
    }

    fn prepare_lookups(&mut self) -> Result<bool, StoreError> {
        let before = existing_lookups(&self.conn)?.len();
        if before == lookups().len() || self.read_only {
            return Ok(false);
        }
        let tx = self.conn.unchecked_transaction()?;
        build_lookups(&tx)?;
        tx.commit()?;
        Ok(true)
    }

    fn list(
        &self,
        table: Table,
        since: Option<&str>,
        offset: u64,
        limit: usize,
    ) -> Result<Vec<Stamped>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = to_i64(offset);
        let mut out = Vec::new();
        let mut push = |row: &rusqlite::Row<'_>| -> Result<(), StoreError> {
            out.push(Stamped {
                record: decode(table, row.get_ref(0)?, row.get_ref(1)?)?,
                modified_at: row.get(2)?,
            });
            Ok(())
        };
        match since {
            None => {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT id, body, modified_at FROM record WHERE tbl = ?1 \
                     ORDER BY id LIMIT ?2 OFFSET ?3",
                )?;
                let mut rows = stmt.query((code(table), limit, offset))?;
                while let Some(row) = rows.next()? {
                    push(row)?;
                }
            }
            Some(t) => {
                let from = self.first_seq_near(t)?;
                // `+tbl` keeps SQLite on the rowid (seq) range instead of the whole table's
                // key range: the changes since a time are a suffix of the feed.
                let mut stmt = self.conn.prepare_cached(
                    "SELECT id, body, modified_at FROM record WHERE seq >= ?1 AND +tbl = ?2 \
                     AND modified_at >= ?3 ORDER BY id LIMIT ?4 OFFSET ?5",
                )?;
                let mut rows = stmt.query((from, code(table), t, limit, offset))?;
                while let Some(row) = rows.next()? {
                    push(row)?;
                }
            }
        }
        Ok(out)
    }

    fn list_after(
        &self,
        table: Table,
        since: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Stamped>, StoreError> {
        let Some(after) = after else {
            return self.list(table, since, 0, limit);
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let key = DbId::new(after);
        let mut out = Vec::new();
        let mut push = |row: &rusqlite::Row<'_>| -> Result<(), StoreError> {
            out.push(Stamped {
                record: decode(table, row.get_ref(0)?, row.get_ref(1)?)?,
                modified_at: row.get(2)?,
            });
            Ok(())
        };
        // `id > ?` compares stored ids as the key index orders them (the same encoding).
        match since {
            None => {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT id, body, modified_at FROM record WHERE tbl = ?1 AND id > ?2 \
                     ORDER BY id LIMIT ?3",
                )?;
                let mut rows = stmt.query((code(table), key, limit))?;
                while let Some(row) = rows.next()? {
                    push(row)?;
                }
            }
            Some(t) => {
                let from = self.first_seq_near(t)?;
                let mut stmt = self.conn.prepare_cached(
                    "SELECT id, body, modified_at FROM record WHERE seq >= ?1 AND +tbl = ?2 \
                     AND modified_at >= ?3 AND id > ?4 ORDER BY id LIMIT ?5",
                )?;
                let mut rows = stmt.query((from, code(table), t, key, limit))?;
                while let Some(row) = rows.next()? {
                    push(row)?;
                }
            }
        }
        Ok(out)
    }

    fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn release_memory(&self) {
        // Best effort: the cache refills on demand.
        let _ = self.conn.execute_batch("PRAGMA shrink_memory");
    }

    fn count_since(&self, table: Table, since: Option<&str>) -> Result<u64, StoreError> {
        let Some(t) = since else {
            return self.count(table);
        };
        let from = self.first_seq_near(t)?;
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM record WHERE seq >= ?1 AND +tbl = ?2 AND modified_at >= ?3",
            )?
            .query_row((from, code(table), t), |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn modified_at(&self, table: Table, id: &str) -> Result<Option<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT modified_at FROM record WHERE tbl = ?1 AND id = ?2")?;
        let mut rows = stmt.query((code(table), DbId::new(id)))?;
        match rows.next()? {
            None => Ok(None),
            Some(row) => Ok(Some(row.get(0)?)),
        }
    }

    fn last_change(&self) -> Result<u64, StoreError> {
        self.stored_last_seq()
    }

    fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(user_version(&self.conn)?)
    }

    fn describe(&self) -> String {
        self.label.clone()
    }

    fn get_many(
        &self,
        table: Table,
        ids: &[&str],
    ) -> Result<Vec<Option<crate::StoredJson>>, StoreError> {
        let mut out: Vec<Option<crate::StoredJson>> = vec![None; ids.len()];
        for (n, chunk) in ids.chunks(crate::GET_MANY_CHUNK).enumerate() {
            let base = n * crate::GET_MANY_CHUNK;
            let keys: Vec<DbId<'_>> = chunk.iter().map(|id| DbId::new(id)).collect();
            // Two statement sizes (the list padded with its first id; SQLite reads each
            // distinct value of an IN list once), so both stay in the connection's small
            // statement cache beside the others.
            let width = if chunk.len() <= 8 {
                8
            } else {
                crate::GET_MANY_CHUNK
            };
            let marks: Vec<String> = (0..width).map(|i| format!("?{}", i + 2)).collect();
            let sql = format!(
                "SELECT id, body, modified_at FROM record WHERE tbl = ?1 AND id IN ({})",
                marks.join(", ")
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            stmt.raw_bind_parameter(1, code(table))?;
            for i in 0..width {
                stmt.raw_bind_parameter(i + 2, keys.get(i).unwrap_or(&keys[0]))?;
            }
            let mut rows = stmt.raw_query();
            while let Some(row) = rows.next()? {
                let id = row.get_ref(0)?;
                let body = match row.get_ref(1)? {
                    ValueRef::Text(b) => b.to_vec(),
                    other => {
                        return Err(StoreError::Corrupt {
                            table,
                            id: id_text(id),
                            reason: format!(
                                "the body is stored as {:?}, not as JSON text",
                                other.data_type()
                            ),
                        })
                    }
                };
                let modified_at: String = row.get(2)?;
                let same = |k: &DbId<'_>| match (id, &k.uuid) {
                    (ValueRef::Blob(b), Some(u)) => b == u.as_slice(),
                    (ValueRef::Text(t), None) => t == k.text.as_bytes(),
                    _ => false,
                };
                // An id asked for twice is answered twice.
                for (i, k) in keys.iter().enumerate() {
                    if same(k) {
                        out[base + i] = Some(crate::StoredJson {
                            body: body.clone(),
                            modified_at: modified_at.clone(),
                        });
                    }
                }
            }
        }
        Ok(out)
    }
}

/// Whether no table holds a record (a brand-new store).
fn store_is_empty(conn: &Connection) -> Result<bool, StoreError> {
    Ok(
        !conn.query_row("SELECT EXISTS (SELECT 1 FROM record)", [], |r| {
            r.get::<_, bool>(0)
        })?,
    )
}

/// Switches the journal back to WAL when dropped, if the import switched it away.
struct JournalGuard<'a>(&'a Connection, bool);

impl Drop for JournalGuard<'_> {
    fn drop(&mut self) {
        if self.1 {
            // Best effort: every open sets WAL again anyway.
            let _ = self
                .0
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
        }
    }
}

/// Puts the connection's page cache back to its reading size when dropped.
struct CacheGuard<'a>(&'a Connection);

impl Drop for CacheGuard<'_> {
    fn drop(&mut self) {
        // Best effort: failing to shrink a cache costs memory, not correctness.
        let _ = self.0.pragma_update(None, "cache_size", -CACHE_KIB);
    }
}

/// One SQLite write transaction with its statements prepared once, for the whole import.
///
/// Field order matters: the statements are finalized before the transaction ends.
struct SqliteImport<'a> {
    select_body: Statement<'a>,
    select_exists: RefCell<Statement<'a>>,
    insert: Statement<'a>,
    update: Statement<'a>,
    /// Rolls back when dropped without commit.
    tx: Transaction<'a>,
    /// Gives the import's extra page cache back when the import ends, however it ends.
    _cache: CacheGuard<'a>,
    /// The sequence counter when the import began.
    start_seq: u64,
    /// The last sequence number handed out.
    seq: u64,
    /// One time for every change of this import.
    modified_at: String,
    /// Per table (in `Table::ALL` order): empty when the import began.
    fresh: [bool; Table::ALL.len()],
    /// The key index is dropped for a bulk load into an empty store and must be rebuilt
    /// before any lookup and before commit.
    index_dropped: std::cell::Cell<bool>,
    /// Puts the WAL back after a first load that used a rollback journal; declared after
    /// `tx` so it runs once the transaction has ended.
    _journal: JournalGuard<'a>,
}

impl<'a> SqliteImport<'a> {
    /// Rebuild the key index if a bulk load dropped it; a duplicate key fails here.
    fn restore_index(&self) -> Result<(), StoreError> {
        if self.index_dropped.get() {
            // Reading is over by now: let SQLite's sorter use both cores. It only works in
            // parallel on runs that spill past the page cache, so a smaller cache is faster here
            // (measured: 15 s -> 10 s for 10M keys, with temporary files rather than memory).
            let _ = self
                .tx
                .pragma_update_and_check(None, "threads", 4, |r| r.get::<_, i64>(0));
            self.tx.pragma_update(None, "cache_size", -SORT_CACHE_KIB)?;
            // The parallel sorter spills to temporary files; kept in memory it is twice as slow.
            self.tx.pragma_update(None, "temp_store", "FILE")?;
            let built = self.tx.execute_batch(CREATE_KEY_INDEX);
            self.tx.pragma_update(None, "temp_store", "MEMORY")?;
            built.map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    StoreError::DuplicateKey
                }
                other => other.into(),
            })?;
            self.index_dropped.set(false);
        }
        Ok(())
    }

    /// The transaction with its statements finalized first, as SQLite needs before it ends;
    /// the guards come along so the page cache and journal mode go back after it ends.
    fn into_transaction(self) -> (Transaction<'a>, (CacheGuard<'a>, JournalGuard<'a>)) {
        let SqliteImport {
            select_body,
            select_exists,
            insert,
            update,
            tx,
            _cache,
            _journal,
            ..
        } = self;
        drop((select_body, select_exists, insert, update));
        (tx, (_cache, _journal))
    }
}

impl Import for SqliteImport<'_> {
    fn upsert_json(&mut self, table: Table, id: &str, body: &[u8]) -> Result<Outcome, StoreError> {
        let name = code(table);
        let id = DbId::new(id);
        if self.index_dropped.get() {
            let seq = to_i64(self.seq + 1);
            self.insert
                .execute((seq, name, id, JsonText(body), &self.modified_at))?;
            self.seq += 1;
            return Ok(Outcome::Created);
        }
        let slot = Table::ALL.iter().position(|&t| t == table).unwrap_or(0);
        if self.fresh[slot] {
            let seq = to_i64(self.seq + 1);
            match self
                .insert
                .execute((seq, name, id, JsonText(body), &self.modified_at))
            {
                Ok(_) => {
                    self.seq += 1;
                    return Ok(Outcome::Created);
                }
                // Written earlier in this same import: compare and update below.
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::ConstraintViolation => {}
                Err(e) => return Err(e.into()),
            }
        }
        let same = {
            let mut rows = self.select_body.query((name, id))?;
            match rows.next()? {
                None => None,
                Some(row) => Some(matches!(row.get_ref(0)?, ValueRef::Text(b) if b == body)),
            }
        };
        match same {
            Some(true) => Ok(Outcome::Unchanged),
            Some(false) => {
                let seq = to_i64(self.seq + 1);
                self.update
                    .execute((seq, name, id, JsonText(body), &self.modified_at))?;
                self.seq += 1;
                Ok(Outcome::Updated)
            }
            None => {
                let seq = to_i64(self.seq + 1);
                self.insert
                    .execute((seq, name, id, JsonText(body), &self.modified_at))?;
                self.seq += 1;
                Ok(Outcome::Created)
            }
        }
    }

    fn exists(&self, table: Table, id: &str) -> Result<bool, StoreError> {
        self.restore_index()?;
        Ok(self
            .select_exists
            .borrow_mut()
            .exists((code(table), DbId::new(id)))?)
    }

    fn commit(self: Box<Self>) -> Result<(), StoreError> {
        self.restore_index()?;
        // Everything `serve` needs is built here, in the import's transaction: the first start
        // does not build lookup indexes (a bulk load builds them all; a store from before
        // imports built them gets them with its next import).
        build_lookups(&self.tx)?;
        let (start_seq, seq) = (self.start_seq, self.seq);
        let (tx, _guards) = self.into_transaction();
        if seq != start_seq {
            tx.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'last_seq'",
                [to_i64(seq)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn rollback(self: Box<Self>) -> Result<(), StoreError> {
        let (tx, _guards) = self.into_transaction();
        // After a full disk or an I/O error SQLite may have rolled the transaction back
        // itself: then there is nothing left to undo, and saying "no transaction is active"
        // would hide the error that caused it.
        if tx.is_autocommit() {
            return Ok(());
        }
        tx.rollback()?;
        Ok(())
    }
}

#[cfg(test)]
mod lookup_tests {
    use crate::Table;
    #[test]
    fn every_lookup_field_has_its_index_and_query() {
        let names: Vec<&str> = super::lookups().iter().map(|l| l.name.as_str()).collect();
        let fields: Vec<String> = crate::LOOKUP_FIELDS
            .iter()
            .map(|f| format!("record_by_{f}"))
            .collect();
        assert_eq!(names, fields);
        for l in super::lookups() {
            let expr = format!("json_extract(body, '$.{}')", l.field);
            assert!(!l.tables.is_empty(), "{}: no table has it", l.field);
            let list = format!(
                "tbl IN ({})",
                l.tables
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            assert!(
                l.create.contains(&format!("ON record (tbl, {expr})")),
                "{}",
                l.create
            );
            assert!(
                l.create
                    .ends_with(&format!("WHERE {list} AND {expr} IS NOT NULL")),
                "{}",
                l.create
            );
            assert!(
                l.query.ends_with(&format!("{list} AND {expr} = ?2")),
                "{}",
                l.query
            );
        }
        // SQLite really reads each lookup through its index (the table list does not hide it).
        let mut st = super::SqliteStore::open_in_memory().unwrap();
        let tx = crate::Store::begin(&mut st).unwrap();
        tx.commit().unwrap();
        for l in super::lookups() {
            let plan: Vec<String> = st
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {}", l.query))
                .unwrap()
                .query_map((l.tables[0], "x"), |r| r.get::<_, String>(3))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert!(
                plan.iter()
                    .any(|p| p.contains(&format!("INDEX {}", l.name))),
                "{}: {plan:?}",
                l.field
            );
        }
        // The phone's owners are indexed for phones; a service has no service_id of its own.
        let service_id = &super::lookups()[0];
        assert!(service_id.tables.contains(&super::code(Table::Phone)));
        assert!(!service_id.tables.contains(&super::code(Table::Service)));
    }
}

#[cfg(test)]
mod import_error_tests {
    //! An import that fails says why in plain words, and leaves the store as it was.
    use super::*;
    use crate::Store;

    fn body(i: usize) -> Vec<u8> {
        format!(
            r#"{{"id":"org-{i}","name":"Synthetic org {i}","description":"{}"}}"#,
            "x".repeat(2000)
        )
        .into_bytes()
    }

    fn integrity(conn: &Connection) -> String {
        conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap_or_default()
    }

    #[test]
    fn a_full_disk_is_named_and_the_rollback_after_it_does_not_hide_it() {
        let tmp = tempfile::tempdir().unwrap();
        let mut st = SqliteStore::open(&tmp.path().join("h.db")).unwrap();
        {
            let mut tx = st.begin().unwrap();
            tx.upsert_json(Table::Organization, "org-keep", &body(0))
                .unwrap();
            tx.commit().unwrap();
        }
        // A size limit a few pages above today's stands in for a full disk: SQLite answers
        // SQLITE_FULL exactly as it does when the disk runs out.
        let pages: i64 = st
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        st.conn
            .pragma_update(None, "max_page_count", pages + 8)
            .unwrap();
        let mut tx = st.begin().unwrap();
        let mut failure = None;
        for i in 1..10_000 {
            if let Err(e) = tx.upsert_json(Table::Organization, &format!("org-{i}"), &body(i)) {
                failure = Some(e);
                break;
            }
        }
        let failure = failure.expect("the size limit was reached");
        assert!(matches!(failure, StoreError::DiskFull(_)), "{failure:?}");
        assert!(
            failure
                .to_string()
                .starts_with("the disk holding the database is full"),
            "{failure}"
        );
        tx.rollback()
            .expect("a rollback after a full disk succeeds");
        assert_eq!(st.count(Table::Organization).unwrap(), 1);
        assert!(st.exists(Table::Organization, "org-keep").unwrap());
        assert_eq!(integrity(&st.conn), "ok");
    }

    #[test]
    fn another_writer_holding_the_lock_is_named_as_such() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("h.db");
        let mut first = SqliteStore::open(&path).unwrap();
        let mut second = SqliteStore::open(&path).unwrap();
        second.conn.busy_timeout(Duration::from_millis(50)).unwrap();
        let _holding = first.begin().unwrap();
        let err = second
            .begin()
            .err()
            .expect("the second writer must wait, then fail");
        assert!(matches!(err, StoreError::Busy(_)), "{err:?}");
        assert_eq!(
            err.to_string(),
            "another import (or another program) is writing to this database and did not finish within 10 s; try again when it has finished"
        );
    }
}
