//! The store, feature by feature, on SQLite files in temporary folders and on fresh PostgreSQL
//! databases (see `common`): every test named `NAME::sqlite` has its `NAME::postgres` twin.

mod common;

use common::Fixture;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use store::{Change, Outcome, Record, Store, StoreError, Table};

on_both!(
    upsert_counts_created_updated_unchanged,
    importing_the_same_records_twice_changes_nothing_and_says_so,
    same_id_in_different_tables_are_different_records,
    explicit_rollback_leaves_the_store_as_it_was,
    dropping_an_import_without_commit_rolls_back,
    uncommitted_writes_are_invisible_to_other_connections,
    import_exists_sees_its_own_uncommitted_writes,
    for_each_is_ordered_by_id_and_streams_every_record,
    for_each_passes_the_callbacks_error_through_and_stops,
    changes_since_lists_changes_in_order_with_limit,
    record_without_string_id_is_missing_id,
    a_damaged_body_is_reported_as_corrupt,
    extra_and_nested_fields_round_trip,
    first_load_into_an_empty_store_is_bulk_and_leaves_wal_on,
    a_duplicate_key_in_a_bulk_load_fails_the_commit_and_keeps_nothing,
    uuid_ids_are_stored_compactly_and_read_back_as_written,
    scan_json_yields_every_record_once_as_stored,
    scan_in_parts_yields_every_record_once_in_storage_order,
    a_failing_part_stops_the_scan_with_its_error,
    children_finds_a_services_phones_with_and_without_lookup_indexes,
    children_refuses_a_field_name_that_is_not_hsds,
    a_bulk_load_into_an_empty_store_keeps_the_lookup_indexes,
    a_newer_schema_is_refused_and_left_untouched,
    a_record_from_a_table_this_haven_does_not_know_is_named,
    nested_walks_and_reads_inside_a_walk_see_one_store,
);

/// Run a damaging SQL statement against the store's own tables (named as in SQLite; on
/// PostgreSQL they carry the `haven_` prefix).
fn damage(fx: &Fixture, sql: &str) {
    match fx.raw_postgres() {
        Some(mut c) => {
            let sql = sql
                .replace("UPDATE record", "UPDATE haven_record")
                .replace("FROM record", "FROM haven_record");
            c.batch_execute(&sql).expect("damage");
        }
        None => {
            let path = fx.sqlite_path().expect("a file");
            let c = rusqlite::Connection::open(&path).expect("raw open");
            c.execute_batch(sql).expect("damage");
        }
    }
}

fn rec(v: serde_json::Value) -> Record {
    match v {
        serde_json::Value::Object(m) => m,
        other => panic!("fixture is not an object: {other}"),
    }
}

fn org(id: &str, name: &str) -> Record {
    rec(json!({"id": id, "name": name, "description": "helps"}))
}

fn svc(id: &str, org: &str) -> Record {
    rec(
        json!({"id": id, "organization_id": org, "name": format!("service {id}"), "status": "active"}),
    )
}

fn open_at(path: &Path) -> Box<dyn Store> {
    store::open(&format!("sqlite:{}", path.display())).expect("open store")
}

/// Everything a store holds, in a comparable form: every table's records by id, the change feed,
/// the counter.
#[derive(Debug, PartialEq)]
struct Dump {
    tables: BTreeMap<Table, Vec<(String, String)>>,
    changes: Vec<Change>,
    last: u64,
}

fn dump(s: &dyn Store) -> Dump {
    let mut tables = BTreeMap::new();
    for t in Table::ALL {
        let mut rows = Vec::new();
        s.for_each(t, &mut |r| {
            let id = hsds::record_id(&r).unwrap_or_default().to_string();
            rows.push((id, serde_json::to_string(&r).unwrap_or_default()));
            Ok(())
        })
        .expect("for_each");
        tables.insert(t, rows);
    }
    Dump {
        tables,
        changes: s.changes_since(0, usize::MAX).expect("changes"),
        last: s.last_change().expect("last_change"),
    }
}

fn import(s: &mut dyn Store, rows: &[(Table, Record)]) -> Vec<Outcome> {
    let mut imp = s.begin().expect("begin");
    let out = rows
        .iter()
        .map(|(t, r)| imp.upsert(*t, r).expect("upsert"))
        .collect();
    imp.commit().expect("commit");
    out
}

fn sample() -> Vec<(Table, Record)> {
    vec![
        (Table::Organization, org("o1", "Safe Harbor")),
        (Table::Organization, org("o2", "Open Door")),
        (Table::Service, svc("s1", "o1")),
        (Table::Service, svc("s2", "o2")),
    ]
}

#[test]
fn open_creates_file_and_folders_and_reopen_keeps_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nested/deeper/haven.sqlite");
    {
        let mut s = open_at(&path);
        assert!(path.exists(), "file created on first use");
        assert!(store::is_empty(s.as_ref()).expect("is_empty"));
        assert_eq!(s.last_change().expect("last"), 0);
        assert_eq!(s.schema_version().expect("version"), 1);
        import(s.as_mut(), &sample());
        assert!(!store::is_empty(s.as_ref()).expect("is_empty"));
    }
    let s = open_at(&path);
    assert_eq!(
        s.get(Table::Organization, "o1").expect("get"),
        Some(org("o1", "Safe Harbor"))
    );
    assert_eq!(s.count(Table::Service).expect("count"), 2);
    assert_eq!(s.count(Table::Phone).expect("count"), 0);
    assert_eq!(s.last_change().expect("last"), 4);
    assert!(s.describe().starts_with("SQLite "), "{}", s.describe());
    assert!(s.describe().contains("haven.sqlite"), "{}", s.describe());
}

#[test]
fn every_url_form_opens_the_same_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("forms.sqlite");
    {
        let mut s = store::open(&path.display().to_string()).expect("plain path");
        import(s.as_mut(), &sample());
    }
    for url in [
        format!("sqlite:{}", path.display()),
        format!("sqlite://{}", path.display()),
        path.display().to_string(),
    ] {
        let s = store::open(&url).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(s.count(Table::Organization).expect("count"), 2, "{url}");
    }
}

#[test]
fn in_memory_store_works_and_starts_empty() {
    let mut s = store::open("sqlite::memory:").expect("memory");
    assert!(store::is_empty(s.as_ref()).expect("is_empty"));
    import(s.as_mut(), &sample());
    assert_eq!(s.count(Table::Organization).expect("count"), 2);
}

#[test]
fn default_url_is_a_relative_sqlite_file() {
    assert_eq!(store::default_url(), "sqlite:haven-data/haven.sqlite");
}

#[test]
fn unknown_scheme_is_a_bad_url_naming_it() {
    let err = store::open("mysql://x").err().expect("must fail");
    assert!(
        matches!(&err, StoreError::BadUrl { url, .. } if url == "mysql://x"),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains("mysql://x") && msg.contains("mysql"), "{msg}");
}

#[test]
fn a_postgres_url_that_cannot_connect_names_the_server_but_never_the_password() {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    let url = "postgres://haven:s3cret@127.0.0.1:1/haven";
    let err = store::open(url).err().expect("must fail");
    assert!(matches!(&err, StoreError::Connect { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("127.0.0.1:1/haven"), "{msg}");
    assert!(!msg.contains("s3cret"), "{msg}");
    let err = store::open("postgres://h/db?sslmode=require")
        .err()
        .expect("TLS is refused");
    assert!(err.to_string().contains("without TLS"), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_an_open_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, vec![b'x'; 4096]).expect("write");
    let err = store::open(&path.display().to_string())
        .err()
        .expect("must fail");
    assert!(
        matches!(&err, StoreError::Open { path: p, .. } if p == &path),
        "{err:?}"
    );
    assert!(err.to_string().contains("notes.txt"), "{err}");
}

#[test]
fn folder_that_cannot_be_created_is_a_create_dir_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").expect("write");
    let err = store::open(&format!("sqlite:{}/sub/haven.sqlite", blocker.display()))
        .err()
        .expect("must fail");
    assert!(matches!(err, StoreError::CreateDir { .. }), "{err:?}");
}

fn upsert_counts_created_updated_unchanged(fx: &Fixture) {
    let mut s = fx.open();
    assert_eq!(import(s.as_mut(), &sample()), vec![Outcome::Created; 4]);
    let after_first = s.last_change().expect("last");
    assert_eq!(after_first, 4);

    let mut changed = sample();
    changed[1].1 = org("o2", "Open Door Shelter");
    changed.push((Table::Phone, rec(json!({"id": "p1", "number": "555-0100"}))));
    assert_eq!(
        import(s.as_mut(), &changed),
        vec![
            Outcome::Unchanged,
            Outcome::Updated,
            Outcome::Unchanged,
            Outcome::Unchanged,
            Outcome::Created
        ]
    );
    assert_eq!(s.last_change().expect("last"), 6, "one sequence per change");
    assert_eq!(
        s.get(Table::Organization, "o2").expect("get"),
        Some(org("o2", "Open Door Shelter"))
    );
}

fn importing_the_same_records_twice_changes_nothing_and_says_so(fx: &Fixture) {
    let mut s = fx.open();
    import(s.as_mut(), &sample());
    let before = dump(s.as_ref());
    drop(s);
    let mut s = fx.open();
    // Built in a different key order: the canonical body is still the same.
    let mut again = sample();
    again[0].1 = rec(json!({"description": "helps", "name": "Safe Harbor", "id": "o1"}));
    assert_eq!(import(s.as_mut(), &again), vec![Outcome::Unchanged; 4]);
    assert_eq!(
        dump(s.as_ref()),
        before,
        "no new change sequence, nothing rewritten"
    );
}

fn same_id_in_different_tables_are_different_records(fx: &Fixture) {
    let mut s = fx.open();
    let out = import(
        s.as_mut(),
        &[
            (Table::Organization, org("x", "an org")),
            (Table::Service, svc("x", "x")),
        ],
    );
    assert_eq!(out, vec![Outcome::Created, Outcome::Created]);
    assert_eq!(
        s.get(Table::Service, "x").expect("get"),
        Some(svc("x", "x"))
    );
    assert_eq!(s.get(Table::Program, "x").expect("get"), None);
}

fn explicit_rollback_leaves_the_store_as_it_was(fx: &Fixture) {
    let mut s = fx.open();
    import(s.as_mut(), &sample());
    let before = dump(s.as_ref());
    {
        let mut imp = s.begin().expect("begin");
        imp.upsert(Table::Organization, &org("o1", "renamed"))
            .expect("upsert");
        imp.upsert(Table::Organization, &org("o9", "new"))
            .expect("upsert");
        assert!(imp.exists(Table::Organization, "o9").expect("exists"));
        imp.rollback().expect("rollback");
    }
    assert_eq!(dump(s.as_ref()), before);
    assert!(!s.exists(Table::Organization, "o9").expect("exists"));
    // The sequence numbers the rolled-back import used are handed out again: nothing saw them.
    assert_eq!(
        import(s.as_mut(), &[(Table::Organization, org("o9", "new"))]),
        vec![Outcome::Created]
    );
    assert_eq!(s.last_change().expect("last"), before.last + 1);
}

fn dropping_an_import_without_commit_rolls_back(fx: &Fixture) {
    let mut s = fx.open();
    import(s.as_mut(), &sample());
    let before = dump(s.as_ref());
    {
        let mut imp = s.begin().expect("begin");
        for i in 0..100 {
            imp.upsert(Table::Service, &svc(&format!("new{i}"), "o1"))
                .expect("upsert");
        }
        imp.upsert(Table::Service, &svc("s1", "o2"))
            .expect("upsert");
        // dropped here
    }
    assert_eq!(dump(s.as_ref()), before);
    drop(s);
    assert_eq!(
        dump(fx.open().as_ref()),
        before,
        "nothing reached the file either"
    );
}

fn uncommitted_writes_are_invisible_to_other_connections(fx: &Fixture) {
    let mut writer = fx.open();
    let reader = fx.open();
    let mut imp = writer.begin().expect("begin");
    imp.upsert(Table::Organization, &org("o1", "x"))
        .expect("upsert");
    assert!(!reader.exists(Table::Organization, "o1").expect("exists"));
    assert_eq!(reader.last_change().expect("last"), 0);
    imp.commit().expect("commit");
    assert!(reader.exists(Table::Organization, "o1").expect("exists"));
    assert_eq!(reader.last_change().expect("last"), 1);
}

fn import_exists_sees_its_own_uncommitted_writes(fx: &Fixture) {
    let mut s = fx.open();
    import(s.as_mut(), &[(Table::Organization, org("old", "kept"))]);
    let mut imp = s.begin().expect("begin");
    assert!(imp.exists(Table::Organization, "old").expect("exists"));
    assert!(!imp.exists(Table::Organization, "o1").expect("exists"));
    imp.upsert(Table::Organization, &org("o1", "x"))
        .expect("upsert");
    assert!(imp.exists(Table::Organization, "o1").expect("exists"));
    assert!(
        !imp.exists(Table::Service, "o1").expect("exists"),
        "tables are separate"
    );
    // And upsert sees them too: the same record again is unchanged.
    assert_eq!(
        imp.upsert(Table::Organization, &org("o1", "x"))
            .expect("upsert"),
        Outcome::Unchanged
    );
    assert_eq!(
        imp.upsert(Table::Organization, &org("o1", "y"))
            .expect("upsert"),
        Outcome::Updated
    );
    imp.commit().expect("commit");
    assert_eq!(
        s.get(Table::Organization, "o1").expect("get"),
        Some(org("o1", "y"))
    );
}

fn for_each_is_ordered_by_id_and_streams_every_record(fx: &Fixture) {
    let mut s = fx.open();
    let ids = ["m", "a", "z", "b10", "b2", "B"];
    let rows: Vec<_> = ids
        .iter()
        .map(|id| (Table::Service, svc(id, "o")))
        .collect();
    import(s.as_mut(), &rows);
    import(
        s.as_mut(),
        &[(Table::Organization, org("o", "other table"))],
    );
    let mut seen = Vec::new();
    s.for_each(Table::Service, &mut |r| {
        seen.push(hsds::record_id(&r).unwrap_or_default().to_string());
        Ok(())
    })
    .expect("for_each");
    let mut expected: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(seen, expected);
}

fn for_each_passes_the_callbacks_error_through_and_stops(fx: &Fixture) {
    let mut s = fx.open();
    import(s.as_mut(), &sample());
    let mut calls = 0;
    let err = s
        .for_each(Table::Organization, &mut |_| {
            calls += 1;
            Err(StoreError::Callback("disk full on export".into()))
        })
        .expect_err("must fail");
    assert_eq!(calls, 1);
    assert_eq!(err.to_string(), "disk full on export");
}

fn changes_since_lists_changes_in_order_with_limit(fx: &Fixture) {
    let mut s = fx.open();
    import(s.as_mut(), &sample()); // seq 1..=4: o1 o2 s1 s2
    import(s.as_mut(), &[(Table::Organization, org("o1", "renamed"))]); // seq 5

    let all = s.changes_since(0, 100).expect("changes");
    let got: Vec<(u64, Table, &str)> = all
        .iter()
        .map(|c| (c.seq, c.table, c.id.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, Table::Organization, "o2"),
            (3, Table::Service, "s1"),
            (4, Table::Service, "s2"),
            (5, Table::Organization, "o1"),
        ],
        "a record appears once, at its latest change"
    );
    let page: Vec<u64> = s
        .changes_since(2, 2)
        .expect("changes")
        .iter()
        .map(|c| c.seq)
        .collect();
    assert_eq!(page, vec![3, 4]);
    assert!(s.changes_since(5, 10).expect("changes").is_empty());
    assert!(s.changes_since(0, 0).expect("changes").is_empty());
    for c in &all {
        // RFC 3339 UTC, e.g. 2025-01-31T12:00:00.123Z
        assert!(
            c.modified_at.ends_with('Z') && c.modified_at.len() == 24,
            "{}",
            c.modified_at
        );
        assert_eq!(&c.modified_at[10..11], "T");
    }
}

fn record_without_string_id_is_missing_id(fx: &Fixture) {
    let mut s = fx.open();
    let mut imp = s.begin().expect("begin");
    for bad in [
        json!({"name": "no id"}),
        json!({"id": 7, "name": "numeric id"}),
    ] {
        let err = imp
            .upsert(Table::Location, &rec(bad))
            .expect_err("must fail");
        assert!(
            matches!(
                err,
                StoreError::MissingId {
                    table: Table::Location
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("location"), "{err}");
    }
    imp.commit().expect("commit");
    assert_eq!(s.last_change().expect("last"), 0);
}

fn a_damaged_body_is_reported_as_corrupt(fx: &Fixture) {
    {
        let mut s = fx.open();
        import(s.as_mut(), &sample());
    }
    damage(fx, "UPDATE record SET body = '[1,2]' WHERE id = 'o2'");
    let s = fx.open();
    let err = s.get(Table::Organization, "o2").expect_err("must fail");
    assert!(
        matches!(&err, StoreError::Corrupt { table: Table::Organization, id, .. } if id == "o2"),
        "{err:?}"
    );
    assert!(err.to_string().contains("o2"), "{err}");
    let err = s
        .for_each(Table::Organization, &mut |_| Ok(()))
        .expect_err("must fail");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    // Other records are still readable.
    assert!(s.get(Table::Organization, "o1").expect("get").is_some());
}

fn extra_and_nested_fields_round_trip(fx: &Fixture) {
    let mut s = fx.open();
    let r = rec(json!({
        "id": "l1", "latitude": 40.7128, "longitude": -74.006, "name": "Ünïcode ✓ \"quoted\"",
        "x_custom": {"nested": [1, null, true]}, "big": 12345678901234u64
    }));
    import(s.as_mut(), &[(Table::Location, r.clone())]);
    assert_eq!(s.get(Table::Location, "l1").expect("get"), Some(r.clone()));
    assert_eq!(
        import(s.as_mut(), &[(Table::Location, r)]),
        vec![Outcome::Unchanged]
    );
}

#[test]
fn the_file_is_in_wal_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("wal.sqlite");
    let _s = open_at(&path);
    let c = rusqlite::Connection::open(&path).expect("raw open");
    let mode: String = c
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
}

const U1: &str = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
const U2: &str = "ffffffff-0000-4000-8000-000000000001";

fn journal_mode(path: &Path) -> String {
    let c = rusqlite::Connection::open(path).expect("raw open");
    c.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal_mode")
}

fn first_load_into_an_empty_store_is_bulk_and_leaves_wal_on(fx: &Fixture) {
    let mut s = fx.open();
    let mut imp = s.begin().expect("begin");
    assert_eq!(
        imp.upsert(Table::Organization, &org(U1, "a")).unwrap(),
        Outcome::Created
    );
    assert_eq!(
        imp.upsert(Table::Service, &svc(U2, U1)).unwrap(),
        Outcome::Created
    );
    // Lookups inside the bulk load see its own rows (the key index is rebuilt first).
    assert!(imp.exists(Table::Organization, U1).unwrap());
    assert!(!imp.exists(Table::Organization, U2).unwrap());
    // After the rebuild, upserts take the ordinary path: an edit is an update.
    assert_eq!(
        imp.upsert(Table::Service, &svc(U2, "other")).unwrap(),
        Outcome::Updated
    );
    imp.commit().expect("commit");
    drop(s);
    if let Some(path) = fx.sqlite_path() {
        assert_eq!(journal_mode(&path), "wal");
    }
    let s = fx.open();
    assert!(s.exists(Table::Organization, U1).unwrap());
    assert_eq!(
        s.get(Table::Service, U2).unwrap().unwrap()["organization_id"],
        "other"
    );
}

fn a_duplicate_key_in_a_bulk_load_fails_the_commit_and_keeps_nothing(fx: &Fixture) {
    let mut s = fx.open();
    let mut imp = s.begin().expect("begin");
    imp.upsert(Table::Organization, &org(U1, "a")).unwrap();
    imp.upsert(Table::Organization, &org(U1, "b")).unwrap();
    let err = imp.commit().expect_err("duplicate key must fail");
    assert!(matches!(err, StoreError::DuplicateKey), "{err}");
    assert!(store::is_empty(s.as_ref()).unwrap());
    assert_eq!(s.count(Table::Organization).unwrap(), 0);
    // The store is still usable and back in WAL mode.
    import(s.as_mut(), &[(Table::Organization, org(U1, "a"))]);
    assert_eq!(s.count(Table::Organization).unwrap(), 1);
    drop(s);
    if let Some(path) = fx.sqlite_path() {
        assert_eq!(journal_mode(&path), "wal");
    }
}

fn uuid_ids_are_stored_compactly_and_read_back_as_written(fx: &Fixture) {
    let mut s = fx.open();
    let upper = "0B1C2D3E-4F50-4A6B-8C7D-9E0F1A2B3C4D";
    import(
        s.as_mut(),
        &[
            (Table::Organization, org(U1, "lower")),
            (Table::Organization, org(upper, "upper")),
            (Table::Organization, org("org-7", "text id")),
        ],
    );
    // An uppercase spelling is another id, not the same uuid.
    assert_eq!(s.count(Table::Organization).unwrap(), 3);
    assert_eq!(
        s.get(Table::Organization, U1).unwrap().unwrap()["name"],
        "lower"
    );
    assert_eq!(
        s.get(Table::Organization, upper).unwrap().unwrap()["name"],
        "upper"
    );
    assert_eq!(
        s.get(Table::Organization, "org-7").unwrap().unwrap()["name"],
        "text id"
    );
    let mut ids: Vec<String> = s
        .changes_since(0, 10)
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    ids.sort();
    let mut want = vec![U1.to_string(), upper.to_string(), "org-7".to_string()];
    want.sort();
    assert_eq!(ids, want);
}

#[test]
fn table_codes_are_pinned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("codes.sqlite");
    let mut s = open_at(&path);
    import(
        s.as_mut(),
        &[
            (Table::Organization, org(U1, "a")),
            (Table::Service, svc(U2, U1)),
        ],
    );
    drop(s);
    let c = rusqlite::Connection::open(&path).expect("raw open");
    let mut stmt = c
        .prepare("SELECT tbl, typeof(id) FROM record ORDER BY seq")
        .unwrap();
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // Stored codes are positions in Table::ALL; changing that order would misread every store.
    assert_eq!(rows, [(0, "blob".to_string()), (2, "blob".to_string())]);
}

fn scan_json_yields_every_record_once_as_stored(fx: &Fixture) {
    let mut s = fx.open();
    import(
        s.as_mut(),
        &[
            (Table::Organization, org(U1, "a")),
            (Table::Service, svc(U2, U1)),
            (Table::Organization, org("o2", "b")),
        ],
    );
    let mut seen = Vec::new();
    s.scan_json(&mut |t, body| {
        let r: Record = serde_json::from_slice(body).expect("json");
        seen.push((t, hsds::record_id(&r).unwrap_or_default().to_string()));
        Ok(())
    })
    .expect("scan");
    seen.sort();
    assert_eq!(
        seen,
        [
            (Table::Organization, U1.to_string()),
            (Table::Organization, "o2".to_string()),
            (Table::Service, U2.to_string())
        ]
    );
}

/// Read a store in `parts` parts of `chunk` places: what each part saw, in the order it saw it.
fn scan_parts(s: &dyn Store, parts: usize, chunk: u64) -> Vec<Vec<(u64, Table, String)>> {
    let mut seen: Vec<Vec<(u64, Table, String)>> = vec![Vec::new(); parts];
    {
        let mut fns: Vec<Box<store::PartFn<'_>>> = seen
            .iter_mut()
            .map(|out| {
                let f: Box<store::PartFn<'_>> = Box::new(move |n, t, body| {
                    let r: Record = serde_json::from_slice(body).expect("json");
                    out.push((n, t, hsds::record_id(&r).unwrap_or_default().to_string()));
                    Ok(())
                });
                f
            })
            .collect();
        let mut refs: Vec<&mut store::PartFn<'_>> = fns.iter_mut().map(|f| &mut **f).collect();
        s.scan_json_parts(chunk, &mut refs).expect("scan in parts");
    }
    seen
}

/// A file store is read in parts on their own connections and threads, a store in memory on
/// one; either way every record comes exactly once, each part in storage order, and the parts
/// merged by their numbers are the whole scan's order.
fn scan_in_parts_yields_every_record_once_in_storage_order(fx: &Fixture) {
    let mut stores = vec![fx.open()];
    if fx.backend == store::Backend::Sqlite {
        stores.push(store::open("sqlite::memory:").expect("open"));
    }
    let rows: Vec<(Table, Record)> = (0..40)
        .flat_map(|i| {
            let o = format!("org-{i:02}");
            let s = format!("svc-{i:02}");
            [
                (Table::Organization, org(&o, "n")),
                (Table::Service, svc(&s, &o)),
            ]
        })
        .collect();
    for st in stores.iter_mut() {
        let st = st.as_mut();
        import(st, &rows);
        // A second import changes some records, which moves them later in storage order.
        import(
            st,
            &[
                (Table::Organization, org("org-03", "renamed")),
                (Table::Organization, org("org-30", "x")),
            ],
        );
        let mut whole = Vec::new();
        st.scan_json(&mut |t, body| {
            let r: Record = serde_json::from_slice(body).expect("json");
            whole.push((t, hsds::record_id(&r).unwrap_or_default().to_string()));
            Ok(())
        })
        .expect("scan");
        assert_eq!(whole.len(), 80);
        for (parts, chunk) in [(1, 65536), (2, 1), (3, 4), (4, 7), (2, 1000)] {
            let seen = scan_parts(st, parts, chunk);
            for part in &seen {
                assert!(
                    part.windows(2).all(|w| w[0].0 < w[1].0),
                    "each part in order"
                );
            }
            if chunk < 40 {
                assert!(
                    seen.iter().all(|p| !p.is_empty()),
                    "{parts} parts of {chunk}: every part reads"
                );
            }
            let mut merged: Vec<(u64, Table, String)> = seen.into_iter().flatten().collect();
            merged.sort();
            let merged: Vec<(Table, String)> =
                merged.into_iter().map(|(_, t, id)| (t, id)).collect();
            assert_eq!(
                merged,
                whole,
                "{parts} parts of {chunk} ({})",
                st.describe()
            );
        }
    }
}

/// A part that fails stops the whole read with its error.
fn a_failing_part_stops_the_scan_with_its_error(fx: &Fixture) {
    let mut st = fx.open();
    let rows: Vec<(Table, Record)> = (0..20)
        .map(|i| (Table::Organization, org(&format!("o{i}"), "n")))
        .collect();
    import(st.as_mut(), &rows);
    let mut ok = |_: u64, _: Table, _: &[u8]| Ok(());
    let mut fail =
        |_: u64, _: Table, _: &[u8]| Err(StoreError::Callback("part two refused".into()));
    let mut parts: Vec<&mut store::PartFn<'_>> = vec![&mut ok, &mut fail];
    let err = st
        .scan_json_parts(1, &mut parts)
        .expect_err("the second part fails");
    assert!(err.to_string().contains("part two refused"), "{err}");
}

fn phone(id: &str, service: &str, number: &str) -> Record {
    rec(json!({"id": id, "service_id": service, "number": number}))
}

fn children_ids(s: &dyn Store, table: Table, field: &str, value: &str) -> Vec<String> {
    s.children(table, field, value)
        .expect("children")
        .iter()
        .map(|r| hsds::record_id(r).unwrap_or_default().to_string())
        .collect()
}

fn children_finds_a_services_phones_with_and_without_lookup_indexes(fx: &Fixture) {
    let mut s = fx.open();
    let mut rows = sample();
    rows.push((Table::Phone, phone("p2", "s1", "2")));
    rows.push((Table::Phone, phone("p1", "s1", "1")));
    rows.push((Table::Phone, phone("p3", "s2", "3")));
    import(s.as_mut(), &rows);
    let before = children_ids(s.as_ref(), Table::Phone, "service_id", "s1");
    assert_eq!(before, ["p1", "p2"]);
    // SQLite's import builds the lookup indexes itself (serve has nothing left to build);
    // PostgreSQL's first call builds them.
    assert_eq!(
        s.prepare_lookups().unwrap(),
        fx.sqlite_path().is_none(),
        "the first call builds the indexes unless the import did"
    );
    assert!(
        !s.prepare_lookups().unwrap(),
        "second call has nothing to do"
    );
    assert_eq!(
        children_ids(s.as_ref(), Table::Phone, "service_id", "s1"),
        before
    );
    assert_eq!(
        children_ids(s.as_ref(), Table::Phone, "service_id", "nope"),
        Vec::<String>::new()
    );
    // A later import is seen through the index.
    import(s.as_mut(), &[(Table::Phone, phone("p4", "s1", "4"))]);
    assert_eq!(
        children_ids(s.as_ref(), Table::Phone, "service_id", "s1"),
        ["p1", "p2", "p4"]
    );
    // A field without an index still answers, by a scan.
    assert_eq!(
        children_ids(s.as_ref(), Table::Phone, "number", "3"),
        ["p3"]
    );
}

fn children_refuses_a_field_name_that_is_not_hsds(fx: &Fixture) {
    let s = fx.open();
    match s.children(Table::Phone, "service_id') OR 1=1 --", "x") {
        Err(StoreError::BadField { field }) => assert!(field.starts_with("service_id')")),
        other => panic!("{other:?}"),
    }
}

fn a_bulk_load_into_an_empty_store_keeps_the_lookup_indexes(fx: &Fixture) {
    let mut s = fx.open();
    s.prepare_lookups().unwrap();
    let mut rows = sample();
    rows.push((Table::Phone, phone("p1", "s1", "1")));
    import(s.as_mut(), &rows);
    assert!(!s.prepare_lookups().unwrap(), "the bulk load rebuilt them");
    assert_eq!(
        children_ids(s.as_ref(), Table::Phone, "service_id", "s1"),
        ["p1"]
    );
}

/// Write a schema version into the store behind its back.
fn set_version(fx: &Fixture, v: u32) {
    match fx.raw_postgres() {
        Some(mut c) => c
            .batch_execute(&format!("UPDATE haven_schema SET version = {v}"))
            .expect("set version"),
        None => {
            let c = rusqlite::Connection::open(fx.sqlite_path().expect("file")).expect("raw");
            c.pragma_update(None, "user_version", v)
                .expect("set version");
        }
    }
}

fn a_newer_schema_is_refused_and_left_untouched(fx: &Fixture) {
    import(fx.open().as_mut(), &sample());
    set_version(fx, 999);
    let err = store::open(&fx.url).err().expect("must fail");
    assert!(
        matches!(
            err,
            StoreError::NewerSchema {
                found: 999,
                supported: 1
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("999"), "{err}");
    // Left untouched: put the version back and everything is still there.
    set_version(fx, 1);
    assert_eq!(fx.open().count(Table::Organization).expect("count"), 2);
}

fn a_record_from_a_table_this_haven_does_not_know_is_named(fx: &Fixture) {
    let mut s = fx.open();
    import(s.as_mut(), &sample());
    if fx.backend == store::Backend::Sqlite {
        damage(fx, "UPDATE record SET tbl = 99 WHERE seq = 3");
    } else {
        damage(fx, "UPDATE record SET tbl = 'nonesuch' WHERE seq = 3");
    }
    let err = s.changes_since(0, 10).expect_err("must fail");
    assert!(
        matches!(err, StoreError::CorruptChange { seq: 3, .. }),
        "{err:?}"
    );
    let err = s.scan_json(&mut |_, _| Ok(())).expect_err("must fail");
    assert!(err.to_string().contains("change 3"), "{err}");
}

/// A walk's callback may read the store again, even walk it again, and sees the same store.
fn nested_walks_and_reads_inside_a_walk_see_one_store(fx: &Fixture) {
    let mut s = fx.open();
    let mut rows = sample();
    for i in 0..30 {
        rows.push((Table::Phone, phone(&format!("p{i:02}"), "s1", "1")));
    }
    import(s.as_mut(), &rows);
    let st = s.as_ref();
    let mut seen = Vec::new();
    st.for_each(Table::Service, &mut |svc| {
        let id = hsds::record_id(&svc).unwrap_or_default().to_string();
        let mut phones = 0;
        st.for_each(Table::Phone, &mut |p| {
            if p["service_id"] == id.as_str() {
                phones += 1;
            }
            Ok(())
        })?;
        let org = st
            .get(
                Table::Organization,
                svc["organization_id"].as_str().unwrap_or(""),
            )?
            .map(|o| o["name"].as_str().unwrap_or("").to_string());
        seen.push((
            id,
            phones,
            org,
            st.children(Table::Phone, "service_id", "s1")?.len(),
        ));
        Ok(())
    })
    .expect("nested walk");
    assert_eq!(
        seen,
        [
            ("s1".to_string(), 30, Some("Safe Harbor".to_string()), 30),
            ("s2".to_string(), 0, Some("Open Door".to_string()), 30)
        ]
    );
    // The connection is usable afterwards, for reads and for an import.
    import(s.as_mut(), &[(Table::Phone, phone("p99", "s2", "2"))]);
    assert_eq!(s.count(Table::Phone).expect("count"), 31);
}
