//! The typed model matches the official HSDS 3.0 schemas field for field (ids typed wherever
//! the schema says UUID), reads the official examples and the whole bundled directory and
//! writes them back unchanged, keeps fields it does not know, and names the field that does not fit.

use hsds::model::*;
use hsds::{from_record, spec, spec::json_schema, to_record, ModelError, Object, Record, Table};
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

    // Every property the schema calls a UUID is a typed id: other text is refused, naming it.
    let s = schema(table);
    for (k, p) in s["properties"].as_object().unwrap() {
        if p["format"] != "uuid" {
            continue;
        }
        let mut bad = full.as_object().unwrap().clone();
        bad.insert(k.clone(), json!("not-a-uuid"));
        let e = from_record::<T>(&bad).expect_err(&format!("{table}.{k} takes any text"));
        match e {
            ModelError::Invalid { field, .. } => {
                assert_eq!(field.as_deref(), Some(k.as_str()), "{table}.{k}")
            }
            other => panic!("{table}.{k}: {other}"),
        }
    }

    // The spec's scalar and nested names are the struct's fields, so a row shape checked
    // against the spec (`fields_outside_model`) is checked against the struct.
    let spec_names: BTreeSet<String> = spec(table)
        .field_names()
        .map(str::to_string)
        .chain(spec(table).nested.iter().map(|n| n.name.clone()))
        // The two relations only the compiled API schemas nest (kept in `extra`).
        .filter(|n| {
            !matches!(
                (table, n.as_str()),
                (Table::Organization, "services") | (Table::ServiceAtLocation, "service")
            )
        })
        .collect();
    assert_eq!(spec_names, names, "{table}: spec names");
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

    let loc = "1554f2e2-a373-45db-a3fa-9fc48a61c15e";
    let r = record(json!({"id": loc, "location_type": "physical", "latitude": "north"}));
    let e = from_record::<Location>(&r).unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with(&format!("location {loc}: latitude: ")),
        "{text}"
    );
    assert!(text.contains("north"), "{text}");
    assert!(matches!(
        e,
        ModelError::Invalid { table: Table::Location, ref id, field: Some(ref f), .. }
            if id == loc && f == "latitude"
    ));

    // Inside a nested object the field is a path; a bad id is named like any other field.
    let s = json!({"id": loc, "name": "n", "status": "active",
        "phones": [{"id": loc, "number": "1"}, {"id": loc, "number": "2", "service_id": "S-1"}]});
    let e = from_record::<Service>(&record(s)).unwrap_err();
    assert!(
        matches!(&e, ModelError::Invalid { field: Some(f), .. } if f == "phones[1].service_id"),
        "{e}"
    );
    assert!(e.to_string().contains("S-1"), "{e}");
    let e = from_record::<Program>(&record(
        json!({"id": "P-7", "name": "n", "description": "d"}),
    ))
    .unwrap_err();
    assert!(
        matches!(&e, ModelError::Invalid { id, field: Some(f), .. } if id == "P-7" && f == "id")
    );
}

#[test]
fn ids_are_parsed_once_into_the_canonical_spelling() {
    let r = record(
        json!({"id": "AC148810-D857-441C-9679-408F346DE14B", "name": "n",
        "status": "active", "organization_id": "D9D0B1A2-0000-4000-8000-000000000001"}),
    );
    let s: Service = from_record(&r).unwrap();
    assert_eq!(s.id.as_str(), "ac148810-d857-441c-9679-408f346de14b");
    assert_eq!(
        s.organization_id.map(|o| o.to_string()).as_deref(),
        Some("d9d0b1a2-0000-4000-8000-000000000001")
    );
    assert_eq!(s.id(), s.id);
    assert_eq!(
        to_record(&s).unwrap()["id"],
        "ac148810-d857-441c-9679-408f346de14b"
    );
}

/// The typed owner links are exactly the schema's references to one fixed table.
#[test]
fn owner_links_are_the_schemas_references() {
    let ours: BTreeSet<(Table, String, Table)> = REFERENCES
        .iter()
        .map(|&(t, f, o)| (t, f.to_string(), o))
        .collect();
    let mut theirs = BTreeSet::new();
    for t in Table::ALL {
        for r in &spec(t).references {
            if let hsds::Target::Table(o) = r.target {
                theirs.insert((t, r.field.to_string(), o));
            }
        }
    }
    assert_eq!(ours, theirs);
    assert_eq!(<ServiceId as Owns<Phone>>::FIELD, "service_id");
    assert_eq!(
        <ServiceAtLocationId as Owns<Schedule>>::FIELD,
        "service_at_location_id"
    );
    assert_eq!(
        <OrganizationId as Owns<Organization>>::FIELD,
        "parent_organization_id"
    );
}

#[test]
fn table_named_links_are_about_the_owners_table_only() {
    let mut a = Attribute {
        link_entity: Some("Service".into()),
        ..Attribute::default()
    };
    assert_eq!(<ServiceId as Owns<Attribute>>::FIELD, "link_id");
    assert!(<ServiceId as Owns<Attribute>>::is_about(&a));
    assert!(!<LocationId as Owns<Attribute>>::is_about(&a));
    a.link_entity = None;
    assert!(<LocationId as Owns<Attribute>>::is_about(&a));
    // A term's attributes are the ones that use it, not the ones linked to it.
    assert_eq!(
        <TaxonomyTermId as Owns<Attribute>>::FIELD,
        "taxonomy_term_id"
    );
    let m = Metadata {
        resource_type: Some("location".into()),
        ..Metadata::default()
    };
    assert!(<LocationId as Owns<Metadata>>::is_about(&m));
    assert!(!<ServiceId as Owns<Metadata>>::is_about(&m));
    let t = Translation {
        resource_type: "service".into(),
        ..Translation::default()
    };
    assert!(<ServiceId as Owns<Translation>>::is_about(&t));
    assert!(!<OrganizationId as Owns<Translation>>::is_about(&t));
}

fn bundled_round_trip<T: Object + std::fmt::Debug>(rows: &[(Record, hsds::Origin)]) -> usize {
    for (r, origin) in rows {
        let typed: T = from_record(r).unwrap_or_else(|e| panic!("{origin}: {e}"));
        let back = to_record(&typed).unwrap_or_else(|e| panic!("{origin}: {e}"));
        assert_eq!(&back, r, "{origin}: round trip");
        assert!(
            typed.extra().is_empty(),
            "{origin}: untyped {:?}",
            typed.extra().keys()
        );
    }
    rows.len()
}

/// Every record haven ships parses into its struct and writes back as the same JSON.
#[test]
fn every_bundled_record_round_trips_through_its_struct() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled");
    let mut c = hsds::io::Collect::default();
    hsds::io::read_datapackage_dir(&dir, &mut c).unwrap();
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let mut seen = BTreeSet::new();
    let mut total = 0;
    for (table, rows) in &c.directory.tables {
        seen.insert(*table);
        total += match table {
            Table::Organization => bundled_round_trip::<Organization>(rows),
            Table::Program => bundled_round_trip::<Program>(rows),
            Table::Service => bundled_round_trip::<Service>(rows),
            Table::Attribute => bundled_round_trip::<Attribute>(rows),
            Table::ServiceAtLocation => bundled_round_trip::<ServiceAtLocation>(rows),
            Table::Location => bundled_round_trip::<Location>(rows),
            Table::Phone => bundled_round_trip::<Phone>(rows),
            Table::Contact => bundled_round_trip::<Contact>(rows),
            Table::Address => bundled_round_trip::<Address>(rows),
            Table::Schedule => bundled_round_trip::<Schedule>(rows),
            Table::Funding => bundled_round_trip::<Funding>(rows),
            Table::ServiceArea => bundled_round_trip::<ServiceArea>(rows),
            Table::RequiredDocument => bundled_round_trip::<RequiredDocument>(rows),
            Table::Language => bundled_round_trip::<Language>(rows),
            Table::Accessibility => bundled_round_trip::<Accessibility>(rows),
            Table::TaxonomyTerm => bundled_round_trip::<TaxonomyTerm>(rows),
            Table::Metadata => bundled_round_trip::<Metadata>(rows),
            Table::MetaTableDescription => bundled_round_trip::<MetaTableDescription>(rows),
            Table::CostOption => bundled_round_trip::<CostOption>(rows),
            Table::OrganizationIdentifier => bundled_round_trip::<OrganizationIdentifier>(rows),
            Table::Taxonomy => bundled_round_trip::<Taxonomy>(rows),
            Table::Translation => bundled_round_trip::<Translation>(rows),
        };
    }
    // The bundle fills these tables; a reader that silently dropped one would pass otherwise.
    for t in [
        Table::Service,
        Table::Location,
        Table::Phone,
        Table::Schedule,
        Table::Attribute,
        Table::Metadata,
        Table::TaxonomyTerm,
        Table::Translation,
        Table::ServiceArea,
    ] {
        assert!(seen.contains(&t), "{t} missing from data/bundled");
    }
    assert!(total > 50_000, "only {total} records");
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct FewLocationFields<'a> {
    #[serde(borrow)]
    id: std::borrow::Cow<'a, str>,
    latitude: Option<f64>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct MisspeltLocationFields {
    id: String,
    lattitude: Option<f64>,
    #[serde(rename = "addresses")]
    places: Vec<Address>,
}

#[test]
fn row_shapes_are_held_against_their_model_struct() {
    assert_eq!(field_names::<FewLocationFields>(), ["id", "latitude"]);
    assert_eq!(
        fields_outside_model::<FewLocationFields>(Table::Location),
        Some(vec![])
    );
    assert_eq!(
        fields_outside_model::<MisspeltLocationFields>(Table::Location),
        Some(vec!["lattitude"])
    );
    assert_eq!(
        fields_outside_model::<FewLocationFields>(Table::Phone),
        Some(vec!["latitude"])
    );
    // The model structs keep unknown fields, so serde reads them as maps: no fixed names.
    assert_eq!(fields_outside_model::<Location>(Table::Location), None);
}
