//! `Store::get_many`: many records of a table in one read, as their stored canonical JSON with
//! their change times, answering exactly what `get` + `encode` + `modified_at` answer one by
//! one: on SQLite, on PostgreSQL, through the trait's default and through the public view.

mod common;

use common::Fixture;
use serde_json::json;
use store::{Hidden, Record, Redacted, Store, StoreError, StoredJson, Table};

on_both!(
    many_records_read_at_once_are_what_one_by_one_reads_give,
    the_public_view_trims_and_hides_in_a_batch_as_it_does_one_by_one,
);

fn rec(v: serde_json::Value) -> Record {
    match v {
        serde_json::Value::Object(m) => m,
        other => panic!("fixture is not an object: {other}"),
    }
}

fn uuid(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// 150 organizations (more than one statement's worth), half with UUID ids, half with text
/// ids, bodies with escapes and non-ASCII text; a second import changes some, so change times
/// differ.
fn fill(st: &mut dyn Store) -> Vec<String> {
    let ids: Vec<String> = (0..150)
        .map(|i| {
            if i % 2 == 0 {
                uuid(i)
            } else {
                format!("org-{i:03}")
            }
        })
        .collect();
    let mut imp = st.begin().expect("begin");
    for (i, id) in ids.iter().enumerate() {
        let r = rec(json!({"id": id, "name": format!("Org \"{i}\" – ñ \\ {{}}"),
                           "description": "helps", "year_incorporated": 1990 + i}));
        imp.upsert(Table::Organization, &r).expect("upsert");
    }
    imp.upsert(
        Table::Service,
        &rec(json!({"id": ids[0], "name": "same id, other table"})),
    )
    .expect("upsert");
    imp.commit().expect("commit");
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut imp = st.begin().expect("begin");
    for id in ids.iter().step_by(7) {
        let r = rec(json!({"id": id, "name": "renamed", "description": "helps"}));
        imp.upsert(Table::Organization, &r).expect("upsert");
    }
    imp.commit().expect("commit");
    ids
}

/// What `get_many` must answer, read one record at a time.
fn one_by_one(st: &dyn Store, table: Table, ids: &[&str]) -> Vec<Option<StoredJson>> {
    ids.iter()
        .map(|id| {
            st.get(table, id).expect("get").map(|r| StoredJson {
                body: store::encode(table, &r).expect("encode"),
                modified_at: st
                    .modified_at(table, id)
                    .expect("modified_at")
                    .expect("a record has a change time"),
            })
        })
        .collect()
}

fn check(st: &dyn Store, ids: &[String]) {
    // Out of order, repeated, missing, and more than a chunk.
    let absent = uuid(99_999);
    let mut ask: Vec<&str> = ids.iter().rev().map(String::as_str).collect();
    ask.insert(3, "no-such-org");
    ask.insert(10, ids[5].as_str());
    ask.push(&absent);
    ask.push(ids[5].as_str());
    let got = st.get_many(Table::Organization, &ask).expect("get_many");
    assert_eq!(got.len(), ask.len());
    assert_eq!(got, one_by_one(st, Table::Organization, &ask));
    assert!(got[3].is_none(), "a missing id is None in its place");
    assert_eq!(
        got[10],
        got[ask.len() - 1],
        "an id asked twice is answered twice"
    );
    assert!(got
        .iter()
        .flatten()
        .any(|s| s.body.starts_with(b"{\"description\"")));
    // Another table is not mixed in: the service with an organization's id is found as a service.
    let svc = st.get_many(Table::Service, &[ids[0].as_str(), ids[1].as_str()]);
    let svc = svc.expect("get_many");
    assert!(svc[0].as_ref().is_some_and(|s| s.body
        == br#"{"id":"00000000-0000-4000-8000-000000000000","name":"same id, other table"}"#));
    assert!(svc[1].is_none());
    assert_eq!(
        st.get_many(Table::Organization, &[]).expect("empty"),
        Vec::new()
    );
}

fn many_records_read_at_once_are_what_one_by_one_reads_give(fx: &Fixture) {
    let mut st = fx.open();
    let ids = fill(st.as_mut());
    check(st.as_ref(), &ids);
}

/// The SQLite store seen only through the trait's required methods (so `get_many` is the
/// trait's default).
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
        self.0.describe()
    }
}

#[test]
fn the_default_get_many_answers_the_same_as_sqlite() {
    let fx = Fixture::sqlite();
    let mut plain = Plain(fx.open());
    let ids = fill(&mut plain);
    check(&plain, &ids);
    let sqlite = fx.open();
    let ask: Vec<&str> = ids.iter().map(String::as_str).collect();
    assert_eq!(
        plain.get_many(Table::Organization, &ask).expect("default"),
        sqlite.get_many(Table::Organization, &ask).expect("sqlite")
    );
}

fn the_public_view_trims_and_hides_in_a_batch_as_it_does_one_by_one(fx: &Fixture) {
    let mut st = fx.open();
    let term = uuid(1);
    let (safe, open) = (uuid(2), uuid(3));
    let (safe_addr, open_addr) = (uuid(4), uuid(5));
    let rows = [
        (
            Table::TaxonomyTerm,
            json!({"id": term, "code": hsds::haven::CONFIDENTIAL_TERM_CODE, "name": "Confidential", "description": "x"}),
        ),
        (
            Table::Attribute,
            json!({"id": uuid(6), "link_entity": "location", "link_id": safe, "taxonomy_term_id": term}),
        ),
        (
            Table::Location,
            json!({"id": safe, "name": "Safe house", "latitude": 40.1, "longitude": -73.2, "transportation": "bus 5", "location_type": "physical"}),
        ),
        (
            Table::Location,
            json!({"id": open, "name": "Drop-in", "latitude": 40.3, "longitude": -73.4, "location_type": "physical"}),
        ),
        (
            Table::Address,
            json!({"id": safe_addr, "location_id": safe, "address_1": "1 Secret St", "city": "X", "region": "NY", "postal_code": "10001", "country": "US", "address_type": "physical"}),
        ),
        (
            Table::Address,
            json!({"id": open_addr, "location_id": open, "address_1": "2 Open St", "city": "X", "region": "NY", "postal_code": "10001", "country": "US", "address_type": "physical"}),
        ),
    ];
    let mut imp = st.begin().expect("begin");
    for (t, r) in rows {
        imp.upsert(t, &rec(r)).expect("upsert");
    }
    imp.commit().expect("commit");
    let hidden = Hidden::load(st.as_ref()).expect("hidden");
    let view = Redacted::new(st.as_mut(), &hidden);
    let locations = view
        .get_many(Table::Location, &[&safe, &open])
        .expect("locations");
    assert_eq!(
        locations,
        one_by_one(&view, Table::Location, &[&safe, &open])
    );
    let safe_body = String::from_utf8(locations[0].clone().expect("kept").body).expect("utf8");
    assert!(
        !safe_body.contains("latitude") && !safe_body.contains("bus 5"),
        "{safe_body}"
    );
    assert!(safe_body.contains("Safe house"));
    let addresses = view
        .get_many(Table::Address, &[&safe_addr, &open_addr])
        .expect("addresses");
    assert!(
        addresses[0].is_none(),
        "a confidential address does not exist in the view"
    );
    assert!(addresses[1]
        .as_ref()
        .is_some_and(|a| String::from_utf8_lossy(&a.body).contains("2 Open St")));
}
