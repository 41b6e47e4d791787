//! Backups, restores and copies between backends, so an operator can move a directory from
//! SQLite to PostgreSQL (and back) and keep a copy that restores to the same export.
//!
//! A backup is always a haven SQLite file: of a SQLite store, made with SQLite's online backup
//! API (page for page, readers and writers may go on); of a PostgreSQL store, every record read
//! within one REPEATABLE READ snapshot and written in one transaction. A restore loads a backup
//! into an empty store; a copy moves every record of one store into another, empty one.

use crate::{parse_url, OpenOptions, Outcome, Record, SqliteStore, Store, StoreError, Target};
use std::path::Path;

/// What a backup, restore or copy moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Moved {
    /// Records written.
    pub records: u64,
}

/// Write a backup of the store at `url` to the new file `out` (never overwritten).
pub fn backup(url: &str, out: &Path) -> Result<Moved, StoreError> {
    if out.exists() {
        return Err(StoreError::Backup {
            path: out.to_path_buf(),
            reason: "it already exists; haven never overwrites a backup, choose another name"
                .to_string(),
        });
    }
    match parse_url(url)? {
        Target::Sqlite(path) => {
            let src = SqliteStore::open_with(
                &path,
                &OpenOptions {
                    create: false,
                    ..OpenOptions::default()
                },
            )?;
            src.backup_to(out)?;
            let copy = SqliteStore::open(out)?;
            Ok(Moved {
                records: total(&copy)?,
            })
        }
        Target::SqliteMemory => Err(StoreError::Backup {
            path: out.to_path_buf(),
            reason: "an in-memory store has nothing to back up".to_string(),
        }),
        Target::Postgres(_) => {
            let src = crate::open_with(
                url,
                &OpenOptions {
                    create: false,
                    ..OpenOptions::default()
                },
            )?;
            let mut dst = SqliteStore::open(out)?;
            copy_records(src.as_ref(), &mut dst)
        }
    }
}

/// Load the backup file `from` into the store at `url`, which must be empty (or not exist yet).
pub fn restore(from: &Path, url: &str) -> Result<Moved, StoreError> {
    if !from.exists() {
        return Err(StoreError::Backup {
            path: from.to_path_buf(),
            reason: "there is no such file".to_string(),
        });
    }
    let src = SqliteStore::open_with(
        from,
        &OpenOptions {
            create: false,
            read_only: true,
            ..OpenOptions::default()
        },
    )?;
    if let Target::Sqlite(path) = parse_url(url)? {
        if !path.exists() {
            // A new file: page for page, so the restored file is the backup itself.
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            src.backup_to(&path)?;
            return Ok(Moved {
                records: total(&src)?,
            });
        }
    }
    let mut dst = crate::open(url)?;
    copy_records(&src, dst.as_mut())
}

/// Copy every record of the store at `from` into the store at `to`, which must be empty.
pub fn copy(from: &str, to: &str) -> Result<Moved, StoreError> {
    let src = crate::open_with(
        from,
        &OpenOptions {
            create: false,
            ..OpenOptions::default()
        },
    )?;
    let mut dst = crate::open(to)?;
    copy_records(src.as_ref(), dst.as_mut())
}

/// Every record of `src` (one consistent read, in storage order) into the empty `dst`, in one
/// import: all or nothing.
pub fn copy_records(src: &dyn Store, dst: &mut dyn Store) -> Result<Moved, StoreError> {
    if !crate::is_empty(dst)? {
        return Err(StoreError::NotEmpty {
            store: dst.describe(),
        });
    }
    let mut imp = dst.begin()?;
    let mut moved = Moved::default();
    src.scan_json(&mut |table, body| {
        let record: Record = serde_json::from_slice(body).map_err(|e| StoreError::Corrupt {
            table,
            id: "?".to_string(),
            reason: format!("the body is not a JSON object: {e}"),
        })?;
        let id = hsds::record_id(&record).ok_or(StoreError::MissingId { table })?;
        match imp.upsert_json(table, id, body)? {
            Outcome::Created | Outcome::Updated => moved.records += 1,
            Outcome::Unchanged => {}
        }
        Ok(())
    })?;
    imp.commit()?;
    Ok(moved)
}

/// How many records a store holds in all.
fn total(st: &dyn Store) -> Result<u64, StoreError> {
    let mut n = 0;
    for t in crate::Table::ALL {
        n += st.count(t)?;
    }
    Ok(n)
}
