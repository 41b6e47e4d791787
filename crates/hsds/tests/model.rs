//! The typed model matches the official HSDS 3.0 schemas field for field, reads the official
//! examples and writes them back unchanged, and keeps fields it does not know.

use hsds::model::*;
use hsds::{from_record, spec::json_schema, to_record, Object, Record, Table};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

fn schema(table: Table) -> Value {
    serde_json::from_str(json_schema(table)).unwrap()
}

fn ref_table(v: &Value) -> Option<(Table, bool)> {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        return Table::lookup(r.trim_end_matches(".json")).map(|t| (t, false));
    }
    let r = v.get("items")?.get("$ref")?.as_str()?;
    Table::lookup(r.trim_end_matches(".json")).map(|t| (t, true))
}

fn scalar(name: &str, p: &Value) -> Value {
    if let Some(first) = p["enum"].as_array().and_then(|a| a.first()) {
        return first.clone();
    }
    match (p["type"].as_str(), p["format"].as_str()) {
        (Some("number"), _) if name.ends_with("itude") => json!(45.25),
        (Some("number"), _) => json!(7),
        (_, Some("uuid")) => json!("0a7b8d3c-5b6e-4f1a-9c2d-3e4f5a6b7c8d"),
        (_, Some("email")) => json!("someone@example.org"),
        (_, Some("uri")) => json!("https://example.org/x"),
        (_, Some("date-time")) => json!("2024-05-06T07:08:09Z"),
        _ => json!(format!("{name} value")),
    }
}

/// Every property of the schema set; nested objects get their required fields only (depth 1).
fn populated(table: Table, depth: usize) -> Value {
    let s = schema(table);
    let required: Vec<&str> = s["required"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut m = Map::new();
    for (k, p) in s["properties"].as_object().unwrap() {
        if depth > 0 && !required.contains(&k.as_str()) {
            continue;
        }
        let v = match ref_table(p) {
            Some((t, true)) => json!([populated(t, depth + 1)]),
            Some((t, false)) => populated(t, depth + 1),
            None => scalar(k, p),
        };
        m.insert(k.clone(), v);
    }
    Value::Object(m)
}

fn schema_property_names(table: Table) -> BTreeSet<String> {
    schema(table)["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

fn check_fields<T: Object + std::fmt::Debug>(seen: &mut BTreeSet<Table>) {
    let table = T::TABLE;
    seen.insert(table);
    let full = populated(table, 0);
    let typed: T = serde_json::from_value(full.clone())
        .unwrap_or_else(|e| panic!("{table}: populated example does not deserialize: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    let names: BTreeSet<String> = back.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        names,
        schema_property_names(table),
        "{table}: serde field names"
    );
    // A misspelt struct field would leave the schema's name in `extra` (and still write it
    // back), so the names alone would not catch it: every property must land in a typed field.
    assert!(
        typed.extra().is_empty(),
        "{table}: untyped {:?}",
        typed.extra().keys()
    );
    assert_eq!(back, full, "{table}: populated value round trip");
}

#[test]
fn every_struct_has_exactly_the_schema_properties() {
    let mut seen = BTreeSet::new();
    check_fields::<Organization>(&mut seen);
    check_fields::<Program>(&mut seen);
    check_fields::<Service>(&mut seen);
    check_fields::<ServiceAtLocation>(&mut seen);
    check_fields::<Location>(&mut seen);
    check_fields::<Address>(&mut seen);
    check_fields::<Phone>(&mut seen);
    check_fields::<Schedule>(&mut seen);
    check_fields::<Language>(&mut seen);
    check_fields::<Accessibility>(&mut seen);
    check_fields::<Contact>(&mut seen);
    check_fields::<Funding>(&mut seen);
    check_fields::<ServiceArea>(&mut seen);
    check_fields::<RequiredDocument>(&mut seen);
    check_fields::<CostOption>(&mut seen);
    check_fields::<Attribute>(&mut seen);
    check_fields::<Taxonomy>(&mut seen);
    check_fields::<TaxonomyTerm>(&mut seen);
    check_fields::<Metadata>(&mut seen);
    check_fields::<MetaTableDescription>(&mut seen);
    check_fields::<OrganizationIdentifier>(&mut seen);
    check_fields::<Translation>(&mut seen);
    assert_eq!(seen, Table::ALL.into_iter().collect::<BTreeSet<_>>());
}

#[test]
fn nested_objects_are_typed_too() {
    let s: Service = serde_json::from_value(populated(Table::Service, 0)).unwrap();
    assert!(s.phones[0].extra().is_empty());
    assert!(s.organization.as_ref().unwrap().extra().is_empty());
    assert_eq!(s.phones[0].number, "number value");
    assert_eq!(s.minimum_age, Some(7.0));
}

const EXAMPLES: &[(&str, &str)] = &[
    (
        "service_full.json",
        include_str!("../spec/v3.0/examples/service_full.json"),
    ),
    (
        "organization_full.json",
        include_str!("../spec/v3.0/examples/organization_full.json"),
    ),
    (
        "service_at_location_full.json",
        include_str!("../spec/v3.0/examples/service_at_location_full.json"),
    ),
    (
        "location.json",
        include_str!("../spec/v3.0/examples/location.json"),
    ),
    (
        "taxonomy.json",
        include_str!("../spec/v3.0/examples/taxonomy.json"),
    ),
    (
        "taxonomy_term.json",
        include_str!("../spec/v3.0/examples/taxonomy_term.json"),
    ),
];

fn example(name: &str) -> Value {
    let src = EXAMPLES.iter().find(|(n, _)| *n == name).unwrap().1;
    // The official examples contain no nulls, so they compare exactly (no null-stripping needed).
    assert!(!src.contains("null"), "{name} has nulls");
    serde_json::from_str(src).unwrap()
}

fn round_trip<T: Object>(name: &str) -> T {
    let v = example(name);
    let typed: T = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, v, "{name} round trip");
    typed
}

#[test]
fn official_examples_round_trip_exactly() {
    let s: Service = round_trip("service_full.json");
    assert_eq!(s.name, "Community Counselling");
    assert_eq!(s.minimum_age, Some(12.0));
    assert_eq!(s.phones[0].extension, Some(100.0));
    assert!(s.organization.is_some());
    assert!(s.extra.is_empty(), "{:?}", s.extra.keys());

    // The full organization example nests `services`, which organization.json does not define:
    // it is kept as an extra and written back.
    let o: Organization = round_trip("organization_full.json");
    assert_eq!(o.year_incorporated, Some(2011.0));
    assert_eq!(o.extra.keys().collect::<Vec<_>>(), ["services"]);

    // Likewise `service` inside the full service_at_location example.
    let sal: ServiceAtLocation = round_trip("service_at_location_full.json");
    assert_eq!(sal.extra.keys().collect::<Vec<_>>(), ["service"]);
    assert_eq!(sal.location.as_ref().unwrap().latitude, Some(100.0));

    let l: Location = round_trip("location.json");
    assert!(l.extra.is_empty());
    let t: Taxonomy = round_trip("taxonomy.json");
    assert!(t.extra.is_empty());
    let tt: TaxonomyTerm = round_trip("taxonomy_term.json");
    assert!(tt.extra.is_empty());
}

#[test]
fn unknown_fields_survive_a_round_trip_at_every_level() {
    let v = json!({
        "id": "ac148810-d857-441c-9679-408f346de14b",
        "name": "Demo",
        "status": "active",
        "x_haven_verified_by": "coalition",
        "x_nested": {"a": [1, 2.5, "three"]},
        "phones": [{"id": "1554f2e2-a373-45db-a3fa-9fc48a61c15e", "number": "555-0100", "x_note": true}]
    });
    let s: Service = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(s.extra["x_haven_verified_by"], "coalition");
    assert_eq!(s.phones[0].extra["x_note"], true);
    assert_eq!(serde_json::to_value(&s).unwrap(), v);
}

fn record(v: Value) -> Record {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

#[test]
fn flat_records_become_typed_values_and_back() {
    let r = record(json!({
        "id": "ac148810-d857-441c-9679-408f346de14b",
        "organization_id": "d9d0b1a2-0000-4000-8000-000000000001",
        "name": "Demo",
        "status": "active",
        "minimum_age": "12",
        "maximum_age": "",
        "x_extra": "kept"
    }));
    let s: Service = from_record(&r).unwrap();
    assert_eq!(s.minimum_age, Some(12.0));
    assert_eq!(s.maximum_age, None);
    assert_eq!(Service::try_from(&r).unwrap(), s);
    let back = to_record(&s).unwrap();
    assert_eq!(back["minimum_age"], json!(12));
    assert!(!back.contains_key("maximum_age"));
    assert_eq!(back["x_extra"], "kept");

    let loc: Location = from_record(&record(json!({
        "id": "ac148810-d857-441c-9679-408f346de14b",
        "location_type": "physical",
        "latitude": 40.7128,
        "longitude": "-74.006"
    })))
    .unwrap();
    assert_eq!(loc.latitude, Some(40.7128));
    assert_eq!(loc.longitude, Some(-74.006));
    let back = to_record(&loc).unwrap();
    assert_eq!(back["latitude"], json!(40.7128));
}

#[test]
fn to_record_drops_nested_objects() {
    let s: Service = serde_json::from_value(example("service_full.json")).unwrap();
    let r = to_record(&s).unwrap();
    for nested in [
        "phones",
        "organization",
        "schedules",
        "attributes",
        "metadata",
    ] {
        assert!(!r.contains_key(nested), "{nested}");
    }
    assert_eq!(r["name"], "Community Counselling");
}

#[test]
fn conversion_errors_name_the_table_record_and_field() {
    let r = record(json!({"id": "ac148810-d857-441c-9679-408f346de14b", "status": "active"}));
    let e = from_record::<Service>(&r).unwrap_err().to_string();
    assert!(e.contains("service"), "{e}");
    assert!(e.contains("ac148810-d857-441c-9679-408f346de14b"), "{e}");
    assert!(e.contains("name"), "{e}");

    let r = record(json!({"id": "x", "location_type": "physical", "latitude": "north"}));
    let e = from_record::<Location>(&r).unwrap_err().to_string();
    assert!(e.contains("north"), "{e}");
}
