//! Typed reads (`store::typed`) on SQLite and PostgreSQL: records come back as their model
//! structs, children are found by the owner's id type, and a stored record that does not fit
//! its struct is an error naming the table, the id and the field.

mod common;

use common::Fixture;
use hsds::model::{Attribute, Location, LocationId, Phone, Service, ServiceId};
use hsds::{Id, ModelError};
use serde_json::json;
use store::typed::{self, TypedError};
use store::{Record, Store, Table};

on_both!(
    records_come_back_as_their_structs,
    children_are_found_by_the_owners_id_type,
    a_record_that_does_not_fit_names_table_id_and_field,
    every_record_of_a_table_streams_as_structs_until_one_fails,
);

const SVC: &str = "5a1c4d0e-0000-4000-8000-000000000001";
const SVC2: &str = "5a1c4d0e-0000-4000-8000-000000000002";
const LOC: &str = "1b2c3d4e-0000-4000-8000-000000000001";

fn rec(v: serde_json::Value) -> Record {
    match v {
        serde_json::Value::Object(m) => m,
        other => panic!("fixture is not an object: {other}"),
    }
}

fn import(st: &mut dyn Store, rows: &[(Table, serde_json::Value)]) {
    let mut imp = st.begin().expect("begin");
    for (t, r) in rows {
        imp.upsert(*t, &rec(r.clone())).expect("upsert");
    }
    imp.commit().expect("commit");
}

fn service(id: &str, name: &str) -> (Table, serde_json::Value) {
    (
        Table::Service,
        json!({"id": id, "name": name, "status": "active", "minimum_age": 16}),
    )
}

fn phone(id: &str, owner: &str, number: &str) -> (Table, serde_json::Value) {
    (
        Table::Phone,
        json!({"id": id, "service_id": owner, "number": number, "type": "voice"}),
    )
}

fn records_come_back_as_their_structs(fx: &Fixture) {
    let mut st = fx.open();
    import(st.as_mut(), &[service(SVC, "Legal help")]);
    let id = ServiceId::parse(SVC).unwrap();
    let s: Service = typed::get::<Service, _>(st.as_ref(), id).unwrap().unwrap();
    assert_eq!(s.id, id);
    assert_eq!(s.name, "Legal help");
    assert_eq!(s.minimum_age, Some(16.0));
    assert!(s.extra.is_empty());
    let missing = ServiceId::parse(SVC2).unwrap();
    assert!(typed::get::<Service, _>(st.as_ref(), missing)
        .unwrap()
        .is_none());
    // The same text as a location id looks in the location table, where it is not.
    let as_location = LocationId::parse(SVC).unwrap();
    assert!(typed::get::<Location, _>(st.as_ref(), as_location)
        .unwrap()
        .is_none());
}

fn children_are_found_by_the_owners_id_type(fx: &Fixture) {
    let mut st = fx.open();
    st.prepare_lookups().expect("lookups");
    import(
        st.as_mut(),
        &[
            service(SVC, "Legal help"),
            service(SVC2, "Shelter"),
            phone("0c000000-0000-4000-8000-000000000002", SVC, "555-0102"),
            phone("0c000000-0000-4000-8000-000000000001", SVC, "555-0101"),
            phone("0c000000-0000-4000-8000-000000000003", SVC2, "555-0200"),
            (
                Table::Location,
                json!({"id": LOC, "location_type": "physical", "latitude": 40.5}),
            ),
            (
                Table::Phone,
                json!({"id": "0c000000-0000-4000-8000-000000000004", "location_id": LOC, "number": "555-0300"}),
            ),
            // One attribute on the service, and one on a location that shares the service's
            // id text: only the service's is the service's.
            (
                Table::Attribute,
                json!({"id": "0a000000-0000-4000-8000-000000000001", "link_id": SVC,
                       "link_entity": "service", "value": "on the service"}),
            ),
            (
                Table::Attribute,
                json!({"id": "0a000000-0000-4000-8000-000000000002", "link_id": SVC,
                       "link_entity": "location", "value": "on a location"}),
            ),
        ],
    );
    let svc = ServiceId::parse(SVC).unwrap();
    let phones: Vec<Phone> = typed::children::<Phone, _>(st.as_ref(), svc).unwrap();
    let numbers: Vec<&str> = phones.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(
        numbers,
        ["555-0101", "555-0102"],
        "a service's phones, by id"
    );
    assert!(phones.iter().all(|p| p.service_id == Some(svc)));

    let loc = LocationId::parse(LOC).unwrap();
    let at_location: Vec<Phone> = typed::children::<Phone, _>(st.as_ref(), loc).unwrap();
    assert_eq!(at_location.len(), 1);
    assert_eq!(at_location[0].location_id, Some(loc));

    let attrs: Vec<Attribute> = typed::children::<Attribute, _>(st.as_ref(), svc).unwrap();
    let values: Vec<Option<&str>> = attrs.iter().map(|a| a.value.as_deref()).collect();
    assert_eq!(values, [Some("on the service")]);
    let on_location = LocationId::parse(SVC).unwrap();
    let attrs: Vec<Attribute> = typed::children::<Attribute, _>(st.as_ref(), on_location).unwrap();
    assert_eq!(attrs.len(), 1);
    assert_eq!(attrs[0].value.as_deref(), Some("on a location"));

    let none = ServiceId::parse("5a1c4d0e-0000-4000-8000-00000000ffff").unwrap();
    assert!(typed::children::<Phone, _>(st.as_ref(), none)
        .unwrap()
        .is_empty());
}

fn a_record_that_does_not_fit_names_table_id_and_field(fx: &Fixture) {
    let mut st = fx.open();
    // The raw store takes any JSON object with an id; the typed read is where it must fit.
    import(
        st.as_mut(),
        &[
            service(SVC, "Legal help"),
            (
                Table::Phone,
                json!({"id": "0c000000-0000-4000-8000-000000000001", "service_id": SVC,
                       "number": "555-0101", "extension": "ten"}),
            ),
            (
                Table::Location,
                json!({"id": LOC, "location_type": "physical", "organization_id": "org-1"}),
            ),
        ],
    );
    let svc = ServiceId::parse(SVC).unwrap();
    let e = typed::children::<Phone, _>(st.as_ref(), svc).unwrap_err();
    match &e {
        TypedError::Model(ModelError::Invalid {
            table, id, field, ..
        }) => {
            assert_eq!(*table, Table::Phone);
            assert_eq!(id, "0c000000-0000-4000-8000-000000000001");
            assert_eq!(field.as_deref(), Some("extension"));
        }
        other => panic!("not a model error: {other}"),
    }
    let text = e.to_string();
    assert!(
        text.contains("phone 0c000000-0000-4000-8000-000000000001: extension:"),
        "{text}"
    );
    assert!(text.contains("ten"), "{text}");

    let loc = LocationId::parse(LOC).unwrap();
    let e = typed::get::<Location, _>(st.as_ref(), loc).unwrap_err();
    assert!(
        matches!(&e, TypedError::Model(ModelError::Invalid { table: Table::Location, field: Some(f), .. }) if f == "organization_id"),
        "{e}"
    );
}

fn every_record_of_a_table_streams_as_structs_until_one_fails(fx: &Fixture) {
    let mut st = fx.open();
    import(
        st.as_mut(),
        &[
            service(SVC2, "Shelter"),
            service(SVC, "Legal help"),
            (Table::Phone, json!({"id": LOC, "number": "1"})),
        ],
    );
    let mut names = Vec::new();
    typed::for_each::<Service, _>(st.as_ref(), &mut |s| {
        names.push(s.name);
        Ok(())
    })
    .unwrap();
    assert_eq!(names, ["Legal help", "Shelter"], "in id order");

    // The callback's own error comes back as it was given.
    let mut seen = 0;
    let e = typed::for_each::<Service, _>(st.as_ref(), &mut |_| {
        seen += 1;
        Err(TypedError::Model(ModelError::NotAnObject {
            table: <ServiceId as Id>::TABLE,
        }))
    })
    .unwrap_err();
    assert_eq!(seen, 1, "the walk stops at the first error");
    assert!(
        matches!(
            e,
            TypedError::Model(ModelError::NotAnObject {
                table: Table::Service
            })
        ),
        "{e}"
    );

    // A record that does not fit stops the walk with the model error.
    import(
        st.as_mut(),
        &[(
            Table::Service,
            json!({"id": "5a1c4d0e-0000-4000-8000-000000000000", "status": "active"}),
        )],
    );
    let mut after = 0;
    let e = typed::for_each::<Service, _>(st.as_ref(), &mut |_| {
        after += 1;
        Ok(())
    })
    .unwrap_err();
    assert_eq!(after, 0, "the unfit record sorts first and stops the walk");
    let text = e.to_string();
    assert!(
        text.contains("5a1c4d0e-0000-4000-8000-000000000000") && text.contains("name"),
        "{text}"
    );
}
