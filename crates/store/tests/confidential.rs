//! The public view of a store: a confidential location's street address and coordinates are gone
//! from every read path, and everything else reads exactly as in the store.

mod common;

use common::Fixture;
use serde_json::json;
use store::{Hidden, Record, Redacted, Store, StoreError, Table};

on_both!(
    a_confidential_location_shows_no_street_and_no_coordinates_on_any_read_path,
    without_the_marker_nothing_is_hidden,
    the_public_view_refuses_writes,
    keyset_pages_through_the_view_skip_hidden_rows_without_ending_early,
);

fn rec(v: serde_json::Value) -> Record {
    match v {
        serde_json::Value::Object(m) => m,
        other => panic!("fixture is not an object: {other}"),
    }
}

const SHELTER: &str = "00000000-0000-4000-8000-000000000001";
const OFFICE: &str = "00000000-0000-4000-8000-000000000002";
const SHELTER_ADDRESS: &str = "00000000-0000-4000-8000-000000000011";
const OFFICE_ADDRESS: &str = "00000000-0000-4000-8000-000000000012";
const TERM: &str = "00000000-0000-4000-8000-000000000021";
const MARK: &str = "00000000-0000-4000-8000-000000000031";
const STREET: &str = "12 Hidden Lane";

/// A store with one confidential location (a shelter) and one public office.
fn fixture(fx: &Fixture, marked: bool) -> Box<dyn Store> {
    let mut st = fx.open();
    let mut rows = vec![
        (
            Table::Location,
            rec(
                json!({"id": SHELTER, "name": "Shelter (test data)", "latitude": 40.712345, "longitude": -73.912345, "transportation": "two blocks from the subway"}),
            ),
        ),
        (
            Table::Location,
            rec(
                json!({"id": OFFICE, "name": "Office (test data)", "latitude": 40.7, "longitude": -73.9}),
            ),
        ),
        (
            Table::Address,
            rec(
                json!({"id": SHELTER_ADDRESS, "location_id": SHELTER, "address_1": STREET, "city": "New York", "state_province": "NY", "postal_code": "10001", "country": "US", "address_type": "physical"}),
            ),
        ),
        (
            Table::Address,
            rec(
                json!({"id": OFFICE_ADDRESS, "location_id": OFFICE, "address_1": "1 Public Street", "city": "New York", "state_province": "NY", "postal_code": "10001", "country": "US", "address_type": "physical"}),
            ),
        ),
        (
            Table::TaxonomyTerm,
            rec(
                json!({"id": TERM, "code": hsds::haven::CONFIDENTIAL_TERM_CODE, "name": "Confidential location", "description": "address not shown"}),
            ),
        ),
        (
            Table::Translation,
            rec(
                json!({"id": "00000000-0000-4000-8000-000000000041", "resource_type": "location", "resource_id": SHELTER, "field_name": "transportation", "language": "es", "value": "a dos cuadras del metro"}),
            ),
        ),
        (
            Table::Translation,
            rec(
                json!({"id": "00000000-0000-4000-8000-000000000042", "resource_type": "address", "resource_id": SHELTER_ADDRESS, "field_name": "address_1", "language": "es", "value": "Calle Oculta 12"}),
            ),
        ),
        (
            Table::Translation,
            rec(
                json!({"id": "00000000-0000-4000-8000-000000000043", "resource_type": "location", "resource_id": SHELTER, "field_name": "name", "language": "es", "value": "Refugio (datos de prueba)"}),
            ),
        ),
    ];
    if marked {
        rows.push((
            Table::Attribute,
            rec(
                json!({"id": MARK, "link_id": SHELTER, "link_entity": "location", "link_type": "confidential", "taxonomy_term_id": TERM}),
            ),
        ));
    }
    let mut imp = st.begin().expect("begin");
    for (t, r) in &rows {
        imp.upsert(*t, r).expect("upsert");
    }
    imp.commit().expect("commit");
    st
}

/// Every record the view hands out by every read path, as text.
fn everything(st: &dyn Store) -> String {
    let mut out = String::new();
    for t in Table::ALL {
        st.for_each(t, &mut |r| {
            out.push_str(&serde_json::to_string(&r).unwrap_or_default());
            Ok(())
        })
        .expect("for_each");
        for s in st.list(t, None, 0, 100).expect("list") {
            out.push_str(&serde_json::to_string(&s.record).unwrap_or_default());
        }
    }
    st.scan_json(&mut |_, body| {
        out.push_str(&String::from_utf8_lossy(body));
        Ok(())
    })
    .expect("scan");
    for id in [SHELTER, OFFICE] {
        for r in st
            .children(Table::Address, "location_id", id)
            .expect("children")
        {
            out.push_str(&serde_json::to_string(&r).unwrap_or_default());
        }
        for r in st
            .children(Table::Translation, "resource_id", id)
            .expect("children")
        {
            out.push_str(&serde_json::to_string(&r).unwrap_or_default());
        }
        if let Some(r) = st.get(Table::Location, id).expect("get") {
            out.push_str(&serde_json::to_string(&r).unwrap_or_default());
        }
    }
    out
}

fn a_confidential_location_shows_no_street_and_no_coordinates_on_any_read_path(fx: &Fixture) {
    let mut st = fixture(fx, true);
    let hidden = Hidden::load(st.as_ref()).expect("load");
    assert_eq!(hidden.locations.len(), 1);
    assert!(hidden.addresses.contains(SHELTER_ADDRESS));
    let view = Redacted::new(st.as_mut(), &hidden);
    let text = everything(&view);
    assert!(!text.contains(STREET), "street leaked: {text}");
    assert!(!text.contains("40.712345") && !text.contains("-73.912345"));
    assert!(!text.contains("subway"));
    // Their translations go with them; the translated name stays, like the name.
    assert!(
        !text.contains("metro") && !text.contains("Calle Oculta"),
        "{text}"
    );
    assert!(text.contains("Refugio (datos de prueba)"));
    assert_eq!(view.count(Table::Translation).expect("count"), 1);
    assert!(!view
        .exists(Table::Translation, "00000000-0000-4000-8000-000000000042")
        .expect("exists"));
    // The public office and the shelter's name stay.
    assert!(text.contains("1 Public Street"));
    assert!(text.contains("Shelter (test data)"));
    let shelter = view.get(Table::Location, SHELTER).unwrap().unwrap();
    assert!(!shelter.contains_key("latitude") && !shelter.contains_key("longitude"));
    assert_eq!(view.get(Table::Address, SHELTER_ADDRESS).unwrap(), None);
    assert!(!view.exists(Table::Address, SHELTER_ADDRESS).unwrap());
    assert_eq!(view.count(Table::Address).unwrap(), 1);
    assert_eq!(view.count_since(Table::Address, None).unwrap(), 1);
    assert_eq!(
        view.modified_at(Table::Address, SHELTER_ADDRESS).unwrap(),
        None
    );
    assert!(view
        .changes_since(0, usize::MAX)
        .unwrap()
        .iter()
        .all(|c| c.id != SHELTER_ADDRESS));
    // The raw store still has everything (for curation and an explicit --include-confidential).
    assert!(everything(st.as_ref()).contains(STREET));
}

fn without_the_marker_nothing_is_hidden(fx: &Fixture) {
    let mut st = fixture(fx, false);
    let hidden = Hidden::load(st.as_ref()).expect("load");
    assert!(hidden.is_empty());
    let view = Redacted::new(st.as_mut(), &hidden);
    assert_eq!(everything(&view), everything(st.as_ref()));
}

fn the_public_view_refuses_writes(fx: &Fixture) {
    let mut st = fixture(fx, true);
    let hidden = Hidden::load(st.as_ref()).expect("load");
    let mut view = Redacted::new(st.as_mut(), &hidden);
    assert!(matches!(view.begin().err(), Some(StoreError::ReadOnlyView)));
}

#[test]
fn an_address_added_after_the_set_was_read_is_still_hidden() {
    let hidden = Hidden {
        locations: [SHELTER.to_string()].into_iter().collect(),
        ..Default::default()
    };
    let late = rec(json!({"id": "late", "location_id": SHELTER, "address_1": STREET}));
    assert_eq!(hidden.apply(Table::Address, late), None);
}

fn keyset_pages_through_the_view_skip_hidden_rows_without_ending_early(fx: &Fixture) {
    let mut st = fixture(fx, true);
    let hidden = Hidden::load(st.as_ref()).expect("load");
    let view = Redacted::new(st.as_mut(), &hidden);
    // The shelter's address sorts first; a one-row page must still bring the office's.
    let page = view.list_after(Table::Address, None, None, 1).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(hsds::record_id(&page[0].record), Some(OFFICE_ADDRESS));
    let rest = view
        .list_after(Table::Address, None, Some(OFFICE_ADDRESS), 5)
        .unwrap();
    assert!(rest.is_empty());
}
