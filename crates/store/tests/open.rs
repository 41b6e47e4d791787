//! How a store is opened under a server: never created by accident, read-only when the file
//! cannot be written, and walked by key rather than by offset.

mod common;

use common::Fixture;
use serde_json::json;
use std::path::Path;
use store::{OpenOptions, Record, StoreError, Table};

fn rec(v: serde_json::Value) -> Record {
    match v {
        serde_json::Value::Object(m) => m,
        other => panic!("fixture is not an object: {other}"),
    }
}

on_both!(keyset_paging_walks_a_table_in_the_same_order_as_offsets);

/// A store file with `n` synthetic organizations (ids mixing UUIDs and plain text).
fn make(path: &Path, n: usize) {
    make_at(&url(path), n)
}

/// A store at `url` with `n` synthetic organizations (ids mixing UUIDs and plain text).
fn make_at(url: &str, n: usize) {
    let mut st = store::open(url).expect("create");
    let mut imp = st.begin().expect("begin");
    for i in 0..n {
        let id = if i % 2 == 0 {
            format!("{i:08x}-0000-4000-8000-000000000000")
        } else {
            format!("org-{i:04}")
        };
        imp.upsert(
            Table::Organization,
            &rec(json!({"id": id, "name": format!("Synthetic org {i}"), "description": "test"})),
        )
        .expect("upsert");
    }
    imp.commit().expect("commit");
}

fn url(path: &Path) -> String {
    format!("sqlite:{}", path.display())
}

#[test]
fn a_serving_open_never_creates_a_missing_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gone.sqlite");
    let err = store::open_with(&url(&path), &OpenOptions::serving())
        .err()
        .expect("a missing file is an error");
    assert!(
        matches!(&err, StoreError::Missing { path: p } if p == &path),
        "{err}"
    );
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(!path.exists(), "nothing was created");
    assert!(!store::exists(&url(&path)).expect("exists"));
    make(&path, 3);
    assert!(store::exists(&url(&path)).expect("exists"));
    let st = store::open_with(&url(&path), &OpenOptions::serving()).expect("open existing");
    assert_eq!(st.count(Table::Organization).expect("count"), 3);
    assert!(!st.is_read_only());
}

#[cfg(unix)]
#[test]
fn a_read_only_store_is_served_read_only_and_refuses_imports() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("image");
    std::fs::create_dir(&folder).expect("mkdir");
    let path = folder.join("h.sqlite");
    make(&path, 5);
    for p in [&path, &folder] {
        let mode = if p == &folder { 0o555 } else { 0o444 };
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    let opened = store::open_with(&url(&path), &OpenOptions::serving());
    // Put the permissions back before asserting, so the temporary folder can be removed.
    let restore = || {
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    };
    let mut st = match opened {
        Ok(s) => s,
        Err(e) => {
            restore();
            panic!("a read-only store opens: {e}");
        }
    };
    assert!(st.is_read_only());
    assert!(st.describe().contains("read-only"), "{}", st.describe());
    assert_eq!(st.count(Table::Organization).expect("count"), 5);
    let err = st.begin().err().expect("no import into a read-only store");
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(
        !folder.join("h.sqlite-wal").exists(),
        "nothing written beside it"
    );
    drop(st);
    restore();
}

fn keyset_paging_walks_a_table_in_the_same_order_as_offsets(fx: &Fixture) {
    make_at(&fx.url, 37);
    let st = store::open_with(&fx.url, &OpenOptions::serving()).expect("open");
    let by_offset: Vec<String> = st
        .list(Table::Organization, None, 0, 100)
        .expect("list")
        .iter()
        .map(|s| hsds::record_id(&s.record).unwrap_or_default().to_string())
        .collect();
    assert_eq!(by_offset.len(), 37);
    let mut walked = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = st
            .list_after(Table::Organization, None, after.as_deref(), 5)
            .expect("list_after");
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 5);
        for s in &page {
            walked.push(hsds::record_id(&s.record).unwrap_or_default().to_string());
        }
        after = walked.last().cloned();
    }
    assert_eq!(walked, by_offset);
    // With a time, only what changed since then; a time after every change gives nothing.
    let since = st
        .list_after(Table::Organization, Some("2000-01-01T00:00:00Z"), None, 100)
        .expect("since");
    assert_eq!(since.len(), 37);
    let later = st
        .list_after(Table::Organization, Some("2999-01-01T00:00:00Z"), None, 100)
        .expect("later");
    assert!(later.is_empty());
}

#[test]
fn a_serving_open_of_a_postgres_database_without_a_store_says_so() {
    let Some(fx) = Fixture::postgres("serving_open_without_store") else {
        return;
    };
    assert!(!store::exists(&fx.url).expect("exists"));
    let err = store::open_with(&fx.url, &OpenOptions::serving())
        .err()
        .expect("no store yet");
    assert!(matches!(&err, StoreError::NotInitialized { .. }), "{err}");
    assert!(err.to_string().contains("haven migrate"), "{err}");
    assert!(
        !store::exists(&fx.url).expect("exists"),
        "nothing was created"
    );
    make_at(&fx.url, 3);
    assert!(store::exists(&fx.url).expect("exists"));
    let st = store::open_with(&fx.url, &OpenOptions::serving()).expect("open existing");
    assert_eq!(st.count(Table::Organization).expect("count"), 3);
    assert!(
        st.describe().starts_with("PostgreSQL "),
        "{}",
        st.describe()
    );
}

#[test]
fn a_read_only_postgres_database_is_served_read_only_and_refuses_imports() {
    let Some(fx) = Fixture::postgres("read_only_database") else {
        return;
    };
    make_at(&fx.url, 5);
    let mut raw = fx.raw_postgres().expect("raw");
    let db: String = raw
        .query_one("SELECT current_database()", &[])
        .expect("name")
        .get(0);
    raw.batch_execute(&format!(
        "ALTER DATABASE {db} SET default_transaction_read_only = on"
    ))
    .expect("make read-only");
    let mut st = store::open_with(&fx.url, &OpenOptions::serving()).expect("opens");
    assert!(st.is_read_only());
    assert!(st.describe().contains("read-only"), "{}", st.describe());
    assert_eq!(st.count(Table::Organization).expect("count"), 5);
    let err = st.begin().err().expect("no import into a read-only store");
    assert!(matches!(err, StoreError::ReadOnlyDatabase { .. }), "{err}");
    assert!(!st.prepare_lookups().expect("nothing to do"));
}
