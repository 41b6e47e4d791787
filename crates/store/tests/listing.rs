//! Listing for the API: pages in id order with change times, and "what changed since" for
//! incremental sync, on SQLite, on PostgreSQL and through the trait's default (backend-independent) path.

mod common;

use common::Fixture;
use serde_json::json;
use store::{Record, Stamped, Store, StoreError, Table};

on_both!(
    a_store_lists_pages_in_id_order_and_exactly_what_changed_since_a_time,
    a_store_finds_changes_since_a_time_among_many,
);

fn rec(v: serde_json::Value) -> Record {
    match v {
        serde_json::Value::Object(m) => m,
        other => panic!("fixture is not an object: {other}"),
    }
}

fn org(id: &str, name: &str) -> Record {
    rec(json!({"id": id, "name": name, "description": "helps"}))
}

fn import(s: &mut dyn Store, rows: &[Record]) {
    let mut imp = s.begin().expect("begin");
    for r in rows {
        imp.upsert(Table::Organization, r).expect("upsert");
    }
    imp.commit().expect("commit");
}

fn ids(page: &[Stamped]) -> Vec<String> {
    page.iter()
        .map(|s| hsds::record_id(&s.record).unwrap_or_default().to_string())
        .collect()
}

/// The SQLite store seen only through the trait's default methods.
struct Plain(Box<dyn Store>);

impl Store for Plain {
    fn begin(&mut self) -> Result<Box<dyn store::Import + '_>, StoreError> {
        self.0.begin()
    }
    fn get(&self, table: Table, id: &str) -> Result<Option<Record>, StoreError> {
        self.0.get(table, id)
    }
    fn exists(&self, table: Table, id: &str) -> Result<bool, StoreError> {
        self.0.exists(table, id)
    }
    fn count(&self, table: Table) -> Result<u64, StoreError> {
        self.0.count(table)
    }
    fn for_each(
        &self,
        table: Table,
        f: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.0.for_each(table, f)
    }
    fn changes_since(&self, after: u64, limit: usize) -> Result<Vec<store::Change>, StoreError> {
        self.0.changes_since(after, limit)
    }
    fn last_change(&self) -> Result<u64, StoreError> {
        self.0.last_change()
    }
    fn schema_version(&self) -> Result<u32, StoreError> {
        self.0.schema_version()
    }
    fn describe(&self) -> String {
        "plain".to_string()
    }
}

/// Ten organizations, then three of them changed and two added in a second import.
fn two_imports(st: &mut dyn Store) -> String {
    let first: Vec<Record> = (0..10)
        .map(|i| org(&format!("org-{i:02}"), &format!("Org {i}")))
        .collect();
    import(st, &first);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = vec![
        org("org-03", "Org 3 renamed"),
        org("org-07", "Org 7 renamed"),
        org("org-05", "Org 5"), // unchanged: not a change
        org("org-00", "Org 0 renamed"),
        org("org-10", "Org 10"),
        org("org-11", "Org 11"),
    ];
    import(st, &second);
    st.modified_at(Table::Organization, "org-10")
        .expect("modified_at")
        .expect("org-10 exists")
}

fn check(st: &mut dyn Store) {
    let since = two_imports(st);
    // Pages in id order, no gaps, no duplicates.
    let mut all = Vec::new();
    let mut offset = 0;
    loop {
        let page = st.list(Table::Organization, None, offset, 5).expect("list");
        if page.is_empty() {
            break;
        }
        offset += page.len() as u64;
        all.extend(ids(&page));
    }
    let want: Vec<String> = (0..12).map(|i| format!("org-{i:02}")).collect();
    assert_eq!(all, want);
    assert_eq!(
        st.count_since(Table::Organization, None).expect("count"),
        12
    );
    // Exactly what the second import changed, in id order.
    let changed = st
        .list(Table::Organization, Some(&since), 0, 100)
        .expect("since");
    assert_eq!(
        ids(&changed),
        ["org-00", "org-03", "org-07", "org-10", "org-11"]
    );
    assert!(changed.iter().all(|s| s.modified_at == since));
    assert_eq!(
        changed[0].record.get("name").and_then(|v| v.as_str()),
        Some("Org 0 renamed")
    );
    assert_eq!(
        st.count_since(Table::Organization, Some(&since))
            .expect("count"),
        5
    );
    // Paged the same way.
    let p2 = st
        .list(Table::Organization, Some(&since), 2, 2)
        .expect("since page");
    assert_eq!(ids(&p2), ["org-07", "org-10"]);
    // Before everything: all of it; after everything: nothing.
    assert_eq!(
        st.count_since(Table::Organization, Some("2000-01-01T00:00:00.000Z"))
            .expect("count"),
        12
    );
    assert!(st
        .list(Table::Organization, Some("2999-01-01T00:00:00.000Z"), 0, 10)
        .expect("future")
        .is_empty());
    // Another table is not mixed in.
    assert!(st
        .list(Table::Service, Some(&since), 0, 10)
        .expect("services")
        .is_empty());
    assert_eq!(
        st.modified_at(Table::Organization, "nope").expect("ok"),
        None
    );
    let untouched = st
        .modified_at(Table::Organization, "org-05")
        .expect("ok")
        .expect("exists");
    assert!(untouched < since, "{untouched} should be before {since}");
}

fn a_store_lists_pages_in_id_order_and_exactly_what_changed_since_a_time(fx: &Fixture) {
    let mut st = fx.open();
    check(st.as_mut());
}

#[test]
fn the_default_methods_answer_the_same_as_sqlite() {
    let mut st = Plain(store::open("sqlite::memory:").expect("open"));
    check(&mut st);
}

fn a_store_finds_changes_since_a_time_among_many(fx: &Fixture) {
    let mut st = fx.open();
    let many: Vec<Record> = (0..2000).map(|i| org(&format!("o{i:05}"), "x")).collect();
    import(st.as_mut(), &many);
    std::thread::sleep(std::time::Duration::from_millis(20));
    import(st.as_mut(), &[org("o00042", "y"), org("o01999", "y")]);
    let since = st
        .modified_at(Table::Organization, "o00042")
        .expect("ok")
        .expect("exists");
    let got = st
        .list(Table::Organization, Some(&since), 0, 10)
        .expect("list");
    assert_eq!(ids(&got), ["o00042", "o01999"]);
    // A time before both imports finds all of them, through the same search.
    assert_eq!(
        st.count_since(Table::Organization, Some("1999-12-31T23:00:00.000Z"))
            .expect("count"),
        2000
    );
}
