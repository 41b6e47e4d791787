//! The PostgreSQL backend: the same one-table layout as SQLite (`haven_record`, keyed by table
//! name and id, with a change sequence), versioned migrations, and a `COPY` path for a first load.
//!
//! Connections are plain (no TLS): haven talks to a server on loopback or a Unix socket; TLS to a
//! remote server goes through the operator's usual means (a local pooler or tunnel).
//!
//! Reads that walk many rows do it in pages of [`PAGE`] rows by key inside one REPEATABLE READ
//! snapshot, so a walk sees one version of the store, never holds a million rows in memory, and
//! lets its callback read the store again between pages.

use crate::migrations::{self, Migration};
use crate::{Change, Import, OpenOptions, Outcome, Record, Stamped, Store, StoreError, Table};
use postgres::types::ToSql;
use postgres::{Client, Config, NoTls, Row, Statement, Transaction};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

/// Rows per page of a long walk (a few MB of bodies).
const PAGE: i64 = 5000;
/// Bytes of binary `COPY` data gathered before they are sent.
const COPY_FLUSH: usize = 4 << 20;
/// How long a writer waits for another import's lock before giving up (the same as SQLite's).
const LOCK_TIMEOUT: &str = "SET LOCAL lock_timeout = '10s'";
/// Serializes schema migrations between processes opening the same database at once.
const MIGRATION_LOCK: i64 = 0x6861_7665_6e00; // "haven\0"
/// The notification channel a commit announces its last change sequence on.
pub const CHANNEL: &str = "haven_changes";

const SELECT_BODY: &str =
    "SELECT body FROM haven_record WHERE tbl = $1 AND is_uuid = $2 AND id = $3";
const SELECT_EXISTS: &str =
    "SELECT EXISTS (SELECT 1 FROM haven_record WHERE tbl = $1 AND is_uuid = $2 AND id = $3)";
const UPSERT: &str = "INSERT INTO haven_record AS r (seq, tbl, is_uuid, id, body, modified_at) \
     VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT (tbl, is_uuid, id) DO UPDATE \
     SET seq = EXCLUDED.seq, body = EXCLUDED.body, modified_at = EXCLUDED.modified_at \
     WHERE r.body <> EXCLUDED.body \
     RETURNING (xmax = 0)";
const COPY_IN: &str = "COPY haven_record (seq, tbl, is_uuid, id, body, modified_at) \
     FROM STDIN (FORMAT binary)";
/// A store in one PostgreSQL database, for deployments with several `haven serve` instances.
pub struct PostgresStore {
    client: RefCell<Client>,
    /// How to open more connections (the parts of a split scan).
    config: Config,
    /// "host:port/database", never the password.
    target: String,
    read_only: bool,
    /// How many walks are open on this connection: only the outermost begins and ends the
    /// snapshot transaction.
    depth: Cell<u32>,
    /// Statements prepared once per connection, by their SQL.
    prepared: RefCell<HashMap<String, Statement>>,
}

/// Parse a `postgres://` URL (or key=value string), refusing what haven does not do (TLS).
pub(crate) fn config_of(url: &str) -> Result<Config, StoreError> {
    let shown = crate::redact_url(url);
    let mut config: Config = url.parse().map_err(|e| StoreError::BadUrl {
        url: shown.clone(),
        reason: format!("it is not a PostgreSQL connection URL ({e})"),
    })?;
    if config.get_ssl_mode() == postgres::config::SslMode::Require {
        return Err(StoreError::Unsupported {
            url: shown,
            reason: "haven connects to PostgreSQL without TLS (on loopback or a Unix socket); \
                     for a remote server use your usual TLS tunnel or pooler and point haven at \
                     it, or drop sslmode=require"
                .to_string(),
        });
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    if config.get_application_name().is_none() {
        config.application_name("haven");
    }
    Ok(config)
}

/// "host:port/database" of a configuration, for messages (no user, no password).
fn target_of(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or("postgres");
    format!("{host}:{port}/{db}")
}

fn connect(config: &Config, target: &str) -> Result<Client, StoreError> {
    config.connect(NoTls).map_err(|source| StoreError::Connect {
        target: target.to_string(),
        source,
    })
}

/// Whether the database a URL names already holds a haven store (its schema table exists).
pub(crate) fn has_store(url: &str) -> Result<bool, StoreError> {
    let config = config_of(url)?;
    let target = target_of(&config);
    let mut client = connect(&config, &target)?;
    Ok(schema_version(&mut client)?.is_some())
}

/// The schema version, or None when the database holds no haven store.
fn schema_version(client: &mut Client) -> Result<Option<u32>, StoreError> {
    let row = client.query_one("SELECT to_regclass('haven_schema') IS NOT NULL", &[])?;
    if !row.get::<_, bool>(0) {
        return Ok(None);
    }
    let v: Option<i32> = client
        .query_opt("SELECT version FROM haven_schema", &[])?
        .map(|r| r.get(0));
    Ok(Some(v.map_or(0, |v| u32::try_from(v).unwrap_or(0))))
}

/// Apply every step newer than the database's version, each in its own transaction with its
/// version bump, under an advisory lock so two processes never run the same step.
fn migrate(client: &mut Client, steps: &[Migration]) -> Result<(), StoreError> {
    let supported = migrations::postgres_version();
    for m in steps {
        let fail = |source: postgres::Error| StoreError::Migration {
            version: m.version,
            name: m.name,
            source: Box::new(source),
        };
        let mut tx = client.transaction().map_err(fail)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(fail)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS haven_schema (
                 one     boolean PRIMARY KEY DEFAULT true CHECK (one),
                 version integer NOT NULL
             );
             INSERT INTO haven_schema (one, version) VALUES (true, 0) ON CONFLICT DO NOTHING;",
        )
        .map_err(fail)?;
        let now: i32 = tx
            .query_one("SELECT version FROM haven_schema", &[])
            .map_err(fail)?
            .get(0);
        let now = u32::try_from(now).unwrap_or(0);
        if now > supported {
            return Err(StoreError::NewerSchema {
                found: now,
                supported,
            });
        }
        if now >= m.version {
            continue; // dropping `tx` ends it
        }
        tx.batch_execute(m.sql).map_err(fail)?;
        let v = i32::try_from(m.version).unwrap_or(i32::MAX);
        tx.execute("UPDATE haven_schema SET version = $1", &[&v])
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    Ok(())
}

/// The table a stored name names (any table this build knows, whatever its position).
fn table_named(name: &str) -> Option<Table> {
    Table::ALL.into_iter().find(|t| t.name() == name)
}

/// Whether an id sorts with the UUIDs (the same split SQLite's key makes).
fn is_uuid(id: &str) -> bool {
    hsds::canonical_uuid(id).is_some()
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Turn a stored body back into a record, or say why it is damaged.
fn decode(table: Table, id: &str, body: &str) -> Result<Record, StoreError> {
    serde_json::from_str::<Record>(body).map_err(|e| StoreError::Corrupt {
        table,
        id: id.to_string(),
        reason: format!("the body is not a JSON object: {e}"),
    })
}

/// The table of a stored row, or what is damaged about it.
fn row_table(seq: i64, name: &str) -> Result<Table, StoreError> {
    table_named(name).ok_or_else(|| StoreError::CorruptChange {
        seq: to_u64(seq),
        reason: format!("table '{name}' is not an HSDS table this haven knows"),
    })
}

/// A `is_uuid, id, body` row as a record.
fn keyed_record(table: Table, row: &Row) -> Result<Record, StoreError> {
    decode(table, row.get(1), row.get(2))
}

impl PostgresStore {
    /// Connect to the database a URL names, creating or upgrading haven's schema when allowed.
    pub fn open_with(url: &str, opts: &OpenOptions) -> Result<Self, StoreError> {
        let config = config_of(url)?;
        let target = target_of(&config);
        let mut client = connect(&config, &target)?;
        let encoding: String = client.query_one("SHOW server_encoding", &[])?.get(0);
        if !encoding.eq_ignore_ascii_case("UTF8") {
            return Err(StoreError::Unsupported {
                url: crate::redact_url(url),
                reason: format!(
                    "the database's encoding is {encoding}, and haven stores UTF-8 text; create \
                     it with `createdb -E UTF8 -T template0 NAME`"
                ),
            });
        }
        let server_read_only: bool = client
            .query_one(
                "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'",
                &[],
            )?
            .get(0);
        let read_only = opts.read_only || server_read_only;
        let supported = migrations::postgres_version();
        match schema_version(&mut client)? {
            Some(found) if found > supported => {
                return Err(StoreError::NewerSchema { found, supported })
            }
            Some(found) if found == supported => {}
            None if !opts.create => return Err(StoreError::NotInitialized { target }),
            found if read_only => {
                return Err(StoreError::ReadOnlyDatabase {
                    target,
                    reason: format!(
                        "its haven schema is version {} and this haven needs {supported}; run \
                         `haven migrate` against the primary server",
                        found.unwrap_or(0)
                    ),
                })
            }
            _ => migrate(&mut client, migrations::POSTGRES)?,
        }
        Ok(PostgresStore {
            client: RefCell::new(client),
            config,
            target,
            read_only,
            depth: Cell::new(0),
            prepared: RefCell::new(HashMap::new()),
        })
    }

    /// The prepared statement for `sql` on this connection (prepared on first use).
    fn statement(&self, client: &mut Client, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.prepared.borrow().get(sql) {
            return Ok(s.clone());
        }
        let s = client.prepare(sql)?;
        self.prepared
            .borrow_mut()
            .insert(sql.to_string(), s.clone());
        Ok(s)
    }

    /// The connection, for one statement at a time (never held across a callback).
    fn client(&self) -> Result<std::cell::RefMut<'_, Client>, StoreError> {
        self.client.try_borrow_mut().map_err(|_| {
            StoreError::Callback("the PostgreSQL connection was used while it was busy".into())
        })
    }

    /// Run one statement and collect its rows.
    fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, StoreError> {
        let mut c = self.client()?;
        let stmt = self.statement(&mut c, sql)?;
        Ok(c.query(&stmt, params)?)
    }

    /// Run `f` inside one REPEATABLE READ snapshot (reusing the one already open on this
    /// connection by an enclosing walk).
    fn snapshot<T>(&self, f: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
        let outer = self.depth.get() == 0;
        if outer {
            self.client()?
                .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        }
        self.depth.set(self.depth.get() + 1);
        let result = f();
        self.depth.set(self.depth.get() - 1);
        if outer {
            let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
            let ended = self.client()?.batch_execute(end);
            if result.is_ok() {
                ended?;
            }
        }
        result
    }

    /// Walk the rows of a query page by page inside one snapshot: `next(None)` reads the first
    /// page, `next(Some(last))` the page after the previous page's last row; a short page ends.
    fn pages(
        &self,
        mut next: impl FnMut(Option<&Row>) -> Result<Vec<Row>, StoreError>,
        f: &mut dyn FnMut(&Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.snapshot(|| {
            let mut rows = next(None)?;
            loop {
                for row in &rows {
                    f(row)?;
                }
                if (rows.len() as i64) < PAGE {
                    return Ok(());
                }
                rows = next(rows.last())?;
            }
        })
    }

    /// A change sequence at or before the first change made at or after `since` (RFC 3339),
    /// found the way SQLite's backend finds it (a binary search over the sequence, an hour
    /// early), so both answer the same.
    fn first_seq_near(&self, since: &str) -> Result<i64, StoreError> {
        let Ok(t) = chrono::DateTime::parse_from_rfc3339(since) else {
            return Ok(0);
        };
        let early = (t.with_timezone(&chrono::Utc) - chrono::Duration::hours(1))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let (mut lo, mut hi) = (0i64, to_i64(self.last_change()?) + 1);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let at: Option<String> = self
                .query(
                    "SELECT modified_at FROM haven_record WHERE seq >= $1 ORDER BY seq LIMIT 1",
                    &[&mid],
                )?
                .first()
                .map(|r| r.get(0));
            match at {
                Some(a) if a < early => lo = mid + 1,
                _ => hi = mid,
            }
        }
        Ok(lo)
    }

    /// Rows of `table` in key order as stamped records, from a query whose columns are
    /// `is_uuid, id, body, modified_at`.
    fn stamped(&self, table: Table, rows: Vec<Row>) -> Result<Vec<Stamped>, StoreError> {
        rows.iter()
            .map(|row| {
                Ok(Stamped {
                    record: keyed_record(table, row)?,
                    modified_at: row.get(3),
                })
            })
            .collect()
    }

    /// Read the runs of a split scan that fall to one part, on its own connection.
    fn scan_part(
        client: &mut Client,
        (part, parts, chunk): (u64, u64, u64),
        top: i64,
        f: &mut crate::PartFn<'_>,
    ) -> Result<(), StoreError> {
        let stmt = client.prepare(
            "SELECT seq, tbl, body FROM haven_record WHERE seq >= $1 AND seq < $2 AND seq > $3 \
             ORDER BY seq LIMIT $4",
        )?;
        let mut run = part;
        loop {
            let lo = to_i64(run.saturating_mul(chunk));
            if lo > top {
                return Ok(());
            }
            let hi = lo.saturating_add(to_i64(chunk));
            let mut after = lo - 1;
            loop {
                let rows = client.query(&stmt, &[&lo, &hi, &after, &PAGE])?;
                for row in &rows {
                    let seq: i64 = row.get(0);
                    let table = row_table(seq, row.get(1))?;
                    f(to_u64(seq), table, row.get::<_, &str>(2).as_bytes())?;
                }
                match rows.last() {
                    Some(last) if rows.len() as i64 == PAGE => after = last.get(0),
                    _ => break,
                }
            }
            run += parts;
        }
    }

    /// The name of the lookup index for `field`.
    fn lookup_index(field: &str) -> String {
        format!("haven_record_by_{field}")
    }

    /// The JSON expression a lookup index and its query share (field checked by the caller).
    fn lookup_expr(field: &str) -> String {
        format!("((body::jsonb) ->> '{field}')")
    }
}

impl Store for PostgresStore {
    fn begin(&mut self) -> Result<Box<dyn Import + '_>, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnlyDatabase {
                target: self.target.clone(),
                reason: "it was opened read-only, so nothing can be imported into it".to_string(),
            });
        }
        self.prepared.get_mut().clear();
        let client = self.client.get_mut();
        let mut tx = client.transaction()?;
        tx.batch_execute(LOCK_TIMEOUT)?;
        // One import at a time: the counter row is the write lock, held until commit, so
        // sequences are handed out in commit order and a follower of the feed misses nothing.
        let counter: i64 = tx
            .query_one(
                "SELECT value FROM haven_meta WHERE key = 'last_seq' FOR UPDATE",
                &[],
            )?
            .get(0);
        let top: Option<i64> = tx
            .query_one("SELECT max(seq) FROM haven_record", &[])?
            .get(0);
        let last = to_u64(counter.max(top.unwrap_or(0)));
        let empty: bool = tx
            .query_one("SELECT NOT EXISTS (SELECT 1 FROM haven_record)", &[])?
            .get(0);
        // Into an empty store, rows go in by binary COPY, in batches, without a round trip per
        // row: every row is new. The indexes stay (dropping them would lock out every reader
        // until the load commits); if the same key came twice, the COPY or the commit fails.
        let upsert = tx.prepare(UPSERT)?;
        let exists = tx.prepare(SELECT_EXISTS)?;
        Ok(Box::new(PgImport {
            tx: RefCell::new(tx),
            upsert,
            exists,
            start_seq: last,
            seq: last,
            modified_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            bulk: RefCell::new(empty.then(|| Bulk { buf: copy_header() })),
        }))
    }

    fn get(&self, table: Table, id: &str) -> Result<Option<Record>, StoreError> {
        let rows = self.query(SELECT_BODY, &[&table.name(), &is_uuid(id), &id])?;
        rows.first()
            .map(|r| decode(table, id, r.get(0)))
            .transpose()
    }

    fn exists(&self, table: Table, id: &str) -> Result<bool, StoreError> {
        let rows = self.query(SELECT_EXISTS, &[&table.name(), &is_uuid(id), &id])?;
        Ok(rows.first().is_some_and(|r| r.get(0)))
    }

    fn count(&self, table: Table) -> Result<u64, StoreError> {
        let rows = self.query(
            "SELECT count(*) FROM haven_record WHERE tbl = $1",
            &[&table.name()],
        )?;
        Ok(rows.first().map_or(0, |r| to_u64(r.get(0))))
    }

    fn for_each(
        &self,
        table: Table,
        f: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let name = table.name();
        self.pages(
            |last| match last {
                None => self.query(
                    "SELECT is_uuid, id, body FROM haven_record WHERE tbl = $1 \
                     ORDER BY is_uuid, id LIMIT $2",
                    &[&name, &PAGE],
                ),
                Some(r) => self.query(
                    "SELECT is_uuid, id, body FROM haven_record WHERE tbl = $1 \
                     AND (is_uuid, id) > ($2, $3) ORDER BY is_uuid, id LIMIT $4",
                    &[&name, &r.get::<_, bool>(0), &r.get::<_, &str>(1), &PAGE],
                ),
            },
            &mut |row| f(keyed_record(table, row)?),
        )
    }

    fn changes_since(&self, after: u64, limit: usize) -> Result<Vec<Change>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut out = Vec::new();
        let mut from = to_i64(after);
        // In pages, so a follower asking for everything never gets one huge result at once.
        self.snapshot(|| loop {
            let page = (limit - out.len() as i64).min(PAGE * 10);
            if page <= 0 {
                return Ok(());
            }
            let rows = self.query(
                "SELECT seq, tbl, id, modified_at FROM haven_record WHERE seq > $1 \
                 ORDER BY seq LIMIT $2",
                &[&from, &page],
            )?;
            for row in &rows {
                let seq: i64 = row.get(0);
                out.push(Change {
                    seq: to_u64(seq),
                    table: row_table(seq, row.get(1))?,
                    id: row.get(2),
                    modified_at: row.get(3),
                });
                from = seq;
            }
            if (rows.len() as i64) < page {
                return Ok(());
            }
        })?;
        Ok(out)
    }

    fn scan_json(&self, f: &mut crate::ScanFn<'_>) -> Result<(), StoreError> {
        self.pages(
            |last| {
                let after: i64 = last.map_or(0, |r| r.get(0));
                self.query(
                    "SELECT seq, tbl, body FROM haven_record WHERE seq > $1 ORDER BY seq LIMIT $2",
                    &[&after, &PAGE],
                )
            },
            &mut |row| {
                let seq: i64 = row.get(0);
                f(
                    row_table(seq, row.get(1))?,
                    row.get::<_, &str>(2).as_bytes(),
                )
            },
        )
    }

    fn scan_json_parts(
        &self,
        chunk: u64,
        parts: &mut [&mut crate::PartFn<'_>],
    ) -> Result<(), StoreError> {
        let n = parts.len() as u64;
        let chunk = chunk.max(1);
        if n <= 1 {
            return crate::scan_json_routed(self, chunk, parts);
        }
        self.snapshot(|| {
            // Every part reads the same snapshot: this connection exports it and the others
            // adopt it, so no import can land between them.
            let row = self.query(
                "SELECT pg_export_snapshot(), \
                 (SELECT value FROM haven_meta WHERE key = 'last_seq'), \
                 (SELECT coalesce(max(seq), 0) FROM haven_record)",
                &[],
            )?;
            let Some(row) = row.first() else {
                return Ok(());
            };
            let (snap, last, top): (String, i64, i64) = (row.get(0), row.get(1), row.get(2));
            let Some((first, rest)) = parts.split_first_mut() else {
                return Ok(());
            };
            let config = &self.config;
            let target = &self.target;
            let seen: Vec<Result<i64, StoreError>> = std::thread::scope(|scope| {
                let others: Vec<_> = rest
                    .iter_mut()
                    .enumerate()
                    .map(|(k, f)| {
                        let snap = &snap;
                        scope.spawn(move || {
                            let mut c = connect(config, target)?;
                            c.batch_execute(&format!(
                                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; \
                                 SET TRANSACTION SNAPSHOT '{}'",
                                snap.replace('\'', "")
                            ))?;
                            let seen: i64 = c
                                .query_one(
                                    "SELECT value FROM haven_meta WHERE key = 'last_seq'",
                                    &[],
                                )?
                                .get(0);
                            if seen == last {
                                Self::scan_part(&mut c, (k as u64 + 1, n, chunk), top, &mut **f)?;
                            }
                            c.batch_execute("COMMIT")?;
                            Ok(seen)
                        })
                    })
                    .collect();
                let mine = self
                    .client()
                    .and_then(|mut c| Self::scan_part(&mut c, (0, n, chunk), top, &mut **first))
                    .map(|()| last);
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
                    return Err(StoreError::ChangedDuringScan {
                        first: to_u64(last),
                        other: to_u64(other),
                    });
                }
            }
            Ok(())
        })
    }

    fn children(&self, table: Table, field: &str, value: &str) -> Result<Vec<Record>, StoreError> {
        crate::check_field(field)?;
        let expr = Self::lookup_expr(field);
        let rows = self.query(
            &format!("SELECT is_uuid, id, body FROM haven_record WHERE tbl = $1 AND {expr} = $2"),
            &[&table.name(), &value],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let r = keyed_record(table, row)?;
            // `->>` turns a number into text too; only a string equal to `value` counts, as on
            // SQLite.
            if r.get(field).and_then(|v| v.as_str()) == Some(value) {
                out.push(r);
            }
        }
        out.sort_by(|a, b| hsds::record_id(a).cmp(&hsds::record_id(b)));
        Ok(out)
    }

    fn prepare_lookups(&mut self) -> Result<bool, StoreError> {
        if self.read_only {
            return Ok(false);
        }
        let have: Vec<String> = self
            .query(
                "SELECT indexname::text FROM pg_indexes WHERE tablename = 'haven_record' \
                 AND schemaname = current_schema()",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let missing: Vec<&str> = crate::LOOKUP_FIELDS
            .into_iter()
            .filter(|f| !have.contains(&Self::lookup_index(f)))
            .collect();
        if missing.is_empty() {
            return Ok(false);
        }
        let client = self.client.get_mut();
        let mut tx = client.transaction()?;
        for field in missing {
            let expr = Self::lookup_expr(field);
            tx.batch_execute(&format!(
                "CREATE INDEX IF NOT EXISTS {} ON haven_record (tbl, {expr}) \
                 WHERE {expr} IS NOT NULL",
                Self::lookup_index(field)
            ))?;
        }
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
        let rows = match since {
            None => self.query(
                "SELECT is_uuid, id, body, modified_at FROM haven_record WHERE tbl = $1 \
                 ORDER BY is_uuid, id LIMIT $2 OFFSET $3",
                &[&table.name(), &limit, &offset],
            )?,
            Some(t) => {
                let from = self.first_seq_near(t)?;
                self.query(
                    "SELECT is_uuid, id, body, modified_at FROM haven_record WHERE tbl = $1 \
                     AND seq >= $2 AND modified_at >= $3 ORDER BY is_uuid, id LIMIT $4 OFFSET $5",
                    &[&table.name(), &from, &t, &limit, &offset],
                )?
            }
        };
        self.stamped(table, rows)
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
        let uuid = is_uuid(after);
        let rows = match since {
            None => self.query(
                "SELECT is_uuid, id, body, modified_at FROM haven_record WHERE tbl = $1 \
                 AND (is_uuid, id) > ($2, $3) ORDER BY is_uuid, id LIMIT $4",
                &[&table.name(), &uuid, &after, &limit],
            )?,
            Some(t) => {
                let from = self.first_seq_near(t)?;
                self.query(
                    "SELECT is_uuid, id, body, modified_at FROM haven_record WHERE tbl = $1 \
                     AND seq >= $2 AND modified_at >= $3 AND (is_uuid, id) > ($4, $5) \
                     ORDER BY is_uuid, id LIMIT $6",
                    &[&table.name(), &from, &t, &uuid, &after, &limit],
                )?
            }
        };
        self.stamped(table, rows)
    }

    fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn is_usable(&self) -> bool {
        self.client.try_borrow().map_or(true, |c| !c.is_closed())
    }

    fn count_since(&self, table: Table, since: Option<&str>) -> Result<u64, StoreError> {
        let Some(t) = since else {
            return self.count(table);
        };
        let from = self.first_seq_near(t)?;
        let rows = self.query(
            "SELECT count(*) FROM haven_record WHERE tbl = $1 AND seq >= $2 AND modified_at >= $3",
            &[&table.name(), &from, &t],
        )?;
        Ok(rows.first().map_or(0, |r| to_u64(r.get(0))))
    }

    fn modified_at(&self, table: Table, id: &str) -> Result<Option<String>, StoreError> {
        let rows = self.query(
            "SELECT modified_at FROM haven_record WHERE tbl = $1 AND is_uuid = $2 AND id = $3",
            &[&table.name(), &is_uuid(id), &id],
        )?;
        Ok(rows.first().map(|r| r.get(0)))
    }

    fn last_change(&self) -> Result<u64, StoreError> {
        let rows = self.query("SELECT value FROM haven_meta WHERE key = 'last_seq'", &[])?;
        Ok(rows.first().map_or(0, |r| to_u64(r.get(0))))
    }

    fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(schema_version(&mut *self.client()?)?.unwrap_or(0))
    }

    fn describe(&self) -> String {
        if self.read_only {
            format!("PostgreSQL {} (read-only)", self.target)
        } else {
            format!("PostgreSQL {}", self.target)
        }
    }

    fn get_many(
        &self,
        table: Table,
        ids: &[&str],
    ) -> Result<Vec<Option<crate::StoredJson>>, StoreError> {
        let mut out: Vec<Option<crate::StoredJson>> = vec![None; ids.len()];
        for (n, chunk) in ids.chunks(crate::GET_MANY_CHUNK).enumerate() {
            let base = n * crate::GET_MANY_CHUNK;
            // `is_uuid` follows from the id, so both lists together name exactly these keys,
            // and the key index answers each pair.
            let mut kinds: Vec<bool> = chunk.iter().map(|id| is_uuid(id)).collect();
            kinds.sort_unstable();
            kinds.dedup();
            let list: Vec<&str> = chunk.to_vec();
            let rows = self.query(
                "SELECT id, body, modified_at FROM haven_record \
                 WHERE tbl = $1 AND is_uuid = ANY($2) AND id = ANY($3)",
                &[&table.name(), &kinds, &list],
            )?;
            for row in &rows {
                let id: &str = row.get(0);
                let body: &str = row.get(1);
                let modified_at: &str = row.get(2);
                for (i, want) in chunk.iter().enumerate() {
                    if *want == id {
                        out[base + i] = Some(crate::StoredJson {
                            body: body.as_bytes().to_vec(),
                            modified_at: modified_at.to_string(),
                        });
                    }
                }
            }
        }
        Ok(out)
    }
}

/// The state of a first load that goes in by `COPY`.
struct Bulk {
    /// Binary COPY data not yet sent.
    buf: Vec<u8>,
}

/// The start of a binary COPY stream: signature, flags, no header extension.
fn copy_header() -> Vec<u8> {
    let mut b = Vec::with_capacity(COPY_FLUSH + 4096);
    b.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
    b.extend_from_slice(&0i32.to_be_bytes());
    b.extend_from_slice(&0i32.to_be_bytes());
    b
}

fn copy_field(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.extend_from_slice(&i32::try_from(bytes.len()).unwrap_or(i32::MAX).to_be_bytes());
    buf.extend_from_slice(bytes);
}

/// One PostgreSQL write transaction for a whole import.
struct PgImport<'a> {
    tx: RefCell<Transaction<'a>>,
    upsert: Statement,
    exists: Statement,
    start_seq: u64,
    seq: u64,
    modified_at: String,
    /// Some while a first load streams rows by COPY with the indexes dropped.
    bulk: RefCell<Option<Bulk>>,
}

impl PgImport<'_> {
    /// Send the buffered COPY rows (if any) as one COPY statement.
    fn flush(tx: &mut Transaction<'_>, bulk: &mut Bulk) -> Result<(), StoreError> {
        if bulk.buf.len() <= copy_header().len() {
            return Ok(());
        }
        bulk.buf.extend_from_slice(&(-1i16).to_be_bytes());
        let mut w = tx.copy_in(COPY_IN)?;
        w.write_all(&bulk.buf).map_err(StoreError::Copy)?;
        w.finish()?;
        bulk.buf = copy_header();
        Ok(())
    }

    /// End a first load: send what is buffered (a key sent twice fails here, as
    /// [`StoreError::DuplicateKey`]). Later writes take the ordinary upsert, which compares.
    fn end_bulk(&self) -> Result<(), StoreError> {
        let Some(mut bulk) = self.bulk.borrow_mut().take() else {
            return Ok(());
        };
        Self::flush(&mut self.tx.borrow_mut(), &mut bulk)
    }
}

impl Import for PgImport<'_> {
    fn upsert_json(&mut self, table: Table, id: &str, body: &[u8]) -> Result<Outcome, StoreError> {
        let text = std::str::from_utf8(body).map_err(|_| StoreError::NotText {
            table,
            id: id.to_string(),
        })?;
        let seq = to_i64(self.seq + 1);
        if let Some(bulk) = self.bulk.get_mut() {
            let buf = &mut bulk.buf;
            buf.extend_from_slice(&6i16.to_be_bytes());
            copy_field(buf, &seq.to_be_bytes());
            copy_field(buf, table.name().as_bytes());
            copy_field(buf, &[u8::from(is_uuid(id))]);
            copy_field(buf, id.as_bytes());
            copy_field(buf, text.as_bytes());
            copy_field(buf, self.modified_at.as_bytes());
            self.seq += 1;
            if bulk.buf.len() >= COPY_FLUSH {
                Self::flush(self.tx.get_mut(), bulk)?;
            }
            return Ok(Outcome::Created);
        }
        let rows = self.tx.get_mut().query(
            &self.upsert,
            &[
                &seq,
                &table.name(),
                &is_uuid(id),
                &id,
                &text,
                &self.modified_at,
            ],
        )?;
        match rows.first() {
            None => Ok(Outcome::Unchanged),
            Some(row) => {
                self.seq += 1;
                Ok(if row.get::<_, bool>(0) {
                    Outcome::Created
                } else {
                    Outcome::Updated
                })
            }
        }
    }

    fn exists(&self, table: Table, id: &str) -> Result<bool, StoreError> {
        self.end_bulk()?;
        let row = self
            .tx
            .borrow_mut()
            .query_one(&self.exists, &[&table.name(), &is_uuid(id), &id])?;
        Ok(row.get(0))
    }

    fn commit(self: Box<Self>) -> Result<(), StoreError> {
        self.end_bulk()?;
        let mut tx = self.tx.into_inner();
        if self.seq != self.start_seq {
            let seq = to_i64(self.seq);
            tx.execute(
                "UPDATE haven_meta SET value = $1 WHERE key = 'last_seq'",
                &[&seq],
            )?;
            // Delivered at commit, to every instance listening: the change feed moved.
            tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &seq.to_string()])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn rollback(self: Box<Self>) -> Result<(), StoreError> {
        self.tx.into_inner().rollback()?;
        Ok(())
    }
}

/// The application name of a listening connection, so an operator (or a test) can find it in
/// `pg_stat_activity`.
pub const LISTENER_NAME: &str = "haven listen";
/// The first wait before connecting again after the listening connection dropped; it doubles
/// on every failure up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// The longest wait between two attempts to listen again.
const MAX_BACKOFF: Duration = Duration::from_secs(15);
/// How often an idle listening connection is checked (a query that must answer), so a
/// connection the network dropped without a word is noticed.
const PING_EVERY: Duration = Duration::from_secs(30);

/// A dedicated connection that `LISTEN`s on [`CHANNEL`], connecting again (with backoff) when
/// it drops.
pub(crate) struct PgListener {
    config: Config,
    target: String,
    client: Option<Client>,
    /// When the next connection attempt may start, and the wait after it fails.
    retry_at: std::time::Instant,
    backoff: Duration,
    /// Whether the last attempt or the connection failed (so the caller hears of it once).
    down: bool,
    pinged: std::time::Instant,
}

impl PgListener {
    /// Prepare to listen on the database a URL names (the first connection is made on the
    /// first wait, so a server that is down at start does not stop the caller).
    pub(crate) fn new(url: &str) -> Result<PgListener, StoreError> {
        let mut config = config_of(url)?;
        config
            .application_name(LISTENER_NAME)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(30));
        let target = target_of(&config);
        let now = std::time::Instant::now();
        Ok(PgListener {
            config,
            target,
            client: None,
            retry_at: now,
            backoff: FIRST_BACKOFF,
            down: false,
            pinged: now,
        })
    }

    fn listen(&self) -> Result<Client, StoreError> {
        let mut c = connect(&self.config, &self.target)?;
        c.batch_execute(&format!("LISTEN {CHANNEL}"))?;
        Ok(c)
    }

    /// The connection dropped or could not be made: say so once, try again after the backoff.
    fn failed(&mut self, reason: String) -> Option<crate::Wake> {
        self.client = None;
        self.retry_at = std::time::Instant::now() + self.backoff;
        self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
        let first = !self.down;
        self.down = true;
        first.then_some(crate::Wake::Lost { reason })
    }

    /// Block until a commit is announced, the listening connection comes back or drops, or
    /// `timeout` passes.
    pub(crate) fn wait(&mut self, timeout: Duration) -> crate::Wake {
        use postgres::fallible_iterator::FallibleIterator;
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let now = std::time::Instant::now();
            if now >= deadline {
                return crate::Wake::Timeout;
            }
            let Some(client) = self.client.as_mut() else {
                if now < self.retry_at {
                    std::thread::sleep(self.retry_at.min(deadline) - now);
                    continue;
                }
                match self.listen() {
                    Ok(c) => {
                        self.client = Some(c);
                        self.backoff = FIRST_BACKOFF;
                        self.down = false;
                        self.pinged = std::time::Instant::now();
                        // Changes made while nobody listened were not announced: catch up.
                        return crate::Wake::Listening;
                    }
                    Err(e) => match self.failed(e.to_string()) {
                        Some(w) => return w,
                        None => continue,
                    },
                }
            };
            let got = client.notifications().timeout_iter(deadline - now).next();
            match got {
                Ok(Some(_)) => {
                    // Several commits announced at once are one wake-up.
                    while let Ok(Some(_)) = client.notifications().iter().next() {}
                    return crate::Wake::Changed;
                }
                Ok(None) if client.is_closed() => {
                    if let Some(w) = self.failed("the server closed the connection".into()) {
                        return w;
                    }
                }
                Ok(None) => {
                    if self.pinged.elapsed() >= PING_EVERY {
                        self.pinged = std::time::Instant::now();
                        if let Err(e) = client.is_valid(Duration::from_secs(5)) {
                            if let Some(w) = self.failed(e.to_string()) {
                                return w;
                            }
                            continue;
                        }
                    }
                    return crate::Wake::Timeout;
                }
                Err(e) => {
                    if let Some(w) = self.failed(e.to_string()) {
                        return w;
                    }
                }
            }
        }
    }

    /// Whether the listening connection is up now.
    pub(crate) fn is_listening(&self) -> bool {
        self.client.as_ref().is_some_and(|c| !c.is_closed())
    }

    /// "host:port/database", for messages.
    pub(crate) fn target(&self) -> &str {
        &self.target
    }
}
