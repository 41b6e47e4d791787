//! haven reads every official HSDS 3.0 example without errors, and what it writes validates
//! against the official schemas: the compiled tabular schema for whole exports and NDJSON lines,
//! the modular per-object schemas for each flat record.

mod common;

use common::*;
use hsds::io::{write_json, write_ndjson};
use hsds::{Directory, Origin, Record, Table};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The records each official example holds, per table.
fn expected_counts(example: &Path) -> BTreeMap<Table, usize> {
    use Table::*;
    let name = example
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let tables: Vec<Table> = match name {
        "base.json" => vec![],
        "location.json" => vec![
            Location,
            Phone,
            Contact,
            Address,
            Schedule,
            Language,
            Accessibility,
        ],
        "organization_full.json" | "service_full.json" | "service_at_location_full.json" => {
            Table::HSDS
                .into_iter()
                .filter(|t| *t != MetaTableDescription)
                .collect()
        }
        "organization_list.json" => vec![Organization],
        "service_list.json" => vec![Organization, Program, Service],
        "service_at_location_list.json" => {
            vec![Organization, Program, Service, ServiceAtLocation, Location]
        }
        "tabular.json" | "csv" => Table::HSDS.to_vec(),
        "taxonomy.json" | "taxonomy_list.json" => vec![Taxonomy],
        "taxonomy_term.json" | "taxonomy_term_list.json" => vec![TaxonomyTerm, Taxonomy],
        other => panic!("new official example {other}: add its expected counts here"),
    };
    tables.into_iter().map(|t| (t, 1)).collect()
}

#[test]
fn every_official_example_reads_with_no_errors_and_the_expected_records() {
    for ex in examples() {
        let (dir, problems) = read_checked(&ex);
        assert_eq!(counts(&dir), expected_counts(&ex), "{}", ex.display());
        // Every record keeps an id (the official examples all give one).
        for (t, rows) in &dir.tables {
            for (r, o) in rows {
                assert!(
                    r.get("id")
                        .and_then(Value::as_str)
                        .is_some_and(|id| !id.is_empty()),
                    "{o}: {t} without id"
                );
            }
        }
        // Warnings are expected (unresolved optional references, latitude 100...), never errors.
        assert!(problems.iter().all(|p| !p.is_error()));
    }
}

#[test]
fn the_csv_datapackage_has_one_record_in_each_of_21_tables() {
    let (dir, _) = read_checked(&spec_dir().join("examples/csv"));
    assert_eq!(dir.tables.len(), 21);
    for t in Table::HSDS {
        assert_eq!(dir.records(t).count(), 1, "{t}");
        let (_, origin) = &dir.tables[&t][0];
        assert_eq!(
            origin.to_string(),
            format!(
                "{}:2",
                spec_dir()
                    .join("examples/csv")
                    .join(t.file_name())
                    .display()
            )
        );
    }
}

/// Validate a tabular JSON document, also making sure every key is a table the schema knows (the
/// compiled schema allows unknown keys, so a misnamed table would otherwise pass unchecked).
fn assert_tabular_valid(
    v: &jsonschema::Validator,
    schema: &Value,
    doc: &Value,
    what: &str,
) -> usize {
    let errs = schema_errors(v, doc);
    assert!(
        errs.is_empty(),
        "{what}: not valid against compiled/tabular.json:\n{}",
        errs.join("\n")
    );
    let obj = doc
        .as_object()
        .unwrap_or_else(|| panic!("{what}: not a JSON object"));
    let mut n = 0;
    for (k, list) in obj {
        assert!(
            schema["properties"].get(k).is_some(),
            "{what}: key {k} is not a table of the tabular schema"
        );
        n += list
            .as_array()
            .unwrap_or_else(|| panic!("{what}: {k} is not a list"))
            .len();
    }
    n
}

#[test]
fn json_exports_of_every_example_validate_against_the_compiled_tabular_schema() {
    let schema = spec_json("schema/compiled/tabular.json");
    let v = tabular_validator();
    for ex in examples() {
        let (dir, _) = read_checked(&ex);
        let mut buf = Vec::new();
        let counts = write_json(&dir, &mut buf, Path::new("out.json")).expect("write_json");
        assert_eq!(counts.values().sum::<u64>() as usize, dir.len());
        let doc: Value = serde_json::from_slice(&buf).expect("write_json writes JSON");
        let n = assert_tabular_valid(&v, &schema, &doc, &ex.display().to_string());
        assert_eq!(n, dir.len(), "{}", ex.display());
    }
}

#[test]
fn each_ndjson_line_validates_against_the_compiled_tabular_schema() {
    let schema = spec_json("schema/compiled/tabular.json");
    let v = tabular_validator();
    for ex in examples() {
        let (dir, _) = read_checked(&ex);
        let mut buf = Vec::new();
        write_ndjson(&dir, &mut buf, Path::new("out.ndjson")).expect("write_ndjson");
        let text = String::from_utf8(buf).expect("UTF-8");
        let mut n = 0;
        for (i, line) in text.lines().enumerate() {
            let doc: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}: line {}: {e}", ex.display(), i + 1));
            assert_eq!(
                doc.as_object().map(|o| o.len()),
                Some(1),
                "one table per line"
            );
            n += assert_tabular_valid(
                &v,
                &schema,
                &doc,
                &format!("{} line {}", ex.display(), i + 1),
            );
        }
        assert_eq!(n, dir.len(), "{}: one line per record", ex.display());
    }
}

#[test]
fn every_flat_record_validates_against_its_modular_schema() {
    let validators: BTreeMap<Table, jsonschema::Validator> = Table::HSDS
        .into_iter()
        .map(|t| (t, table_validator(t)))
        .collect();
    let mut seen = 0;
    for ex in examples() {
        let (dir, _) = read_checked(&ex);
        for (t, rows) in &dir.tables {
            for (r, o) in rows {
                let errs = schema_errors(&validators[t], &Value::Object(r.clone()));
                assert!(
                    errs.is_empty(),
                    "{o}: {t} not valid against schema/{t}.json:\n{}",
                    errs.join("\n")
                );
                seen += 1;
            }
        }
    }
    assert!(seen >= 21 * 2, "only {seen} records were validated");
}

/// A valid flat service and its organization, then one edit the official schema rejects.
fn service_dir(edit: impl FnOnce(&mut Record)) -> Directory {
    let org = json!({"id": "7c3c1b52-0d7c-4b5e-8d2a-0f2a3b4c5d6e", "name": "Org", "description": "Helps"});
    let mut svc = json!({
        "id": "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5",
        "organization_id": "7c3c1b52-0d7c-4b5e-8d2a-0f2a3b4c5d6e",
        "name": "Shelter",
        "status": "active"
    });
    edit(svc.as_object_mut().unwrap());
    let mut d = Directory::default();
    let file: std::sync::Arc<str> = "test.json".into();
    d.push(
        Table::Organization,
        org.as_object().unwrap().clone(),
        Origin::pointer(&file, "/organization/0"),
    );
    d.push(
        Table::Service,
        svc.as_object().unwrap().clone(),
        Origin::pointer(&file, "/service/0"),
    );
    d
}

fn export_json(dir: &Directory) -> Value {
    let mut buf = Vec::new();
    write_json(dir, &mut buf, Path::new("t.json")).unwrap();
    serde_json::from_slice(&buf).unwrap()
}

/// Errors haven's checker gives, as (table, field).
fn checker_errors(dir: &mut Directory) -> Vec<(Option<Table>, Option<String>)> {
    check(dir)
        .into_iter()
        .filter(|p| p.is_error())
        .map(|p| (p.table, p.field))
        .collect()
}

#[test]
fn the_validators_reject_what_the_official_schema_rejects() {
    let v = tabular_validator();
    // The unedited control passes both, so the failures below are about the edit.
    let mut ok = service_dir(|_| {});
    assert!(schema_errors(&v, &export_json(&ok)).is_empty());
    assert!(checker_errors(&mut ok).is_empty());

    // A status outside the enum.
    let mut bad = service_dir(|s| {
        s.insert("status".into(), json!("open"));
    });
    let errs = schema_errors(&v, &export_json(&bad));
    assert!(
        errs.iter().any(|e| e.contains("/service/0/status")),
        "{errs:?}"
    );
    assert_eq!(
        checker_errors(&mut bad),
        vec![(Some(Table::Service), Some("status".into()))]
    );

    // A required field missing.
    let mut bad = service_dir(|s| {
        s.remove("name");
    });
    assert!(!schema_errors(&v, &export_json(&bad)).is_empty());
    assert_eq!(
        checker_errors(&mut bad),
        vec![(Some(Table::Service), Some("name".into()))]
    );

    // A malformed e-mail address (format assertions are on).
    let mut bad = service_dir(|s| {
        s.insert("email".into(), json!("not an address"));
    });
    assert!(!schema_errors(&v, &export_json(&bad)).is_empty());
    assert_eq!(
        checker_errors(&mut bad),
        vec![(Some(Table::Service), Some("email".into()))]
    );

    // A phone without a number, owned by the service.
    let mut bad = service_dir(|_| {});
    let phone = json!({"id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", "service_id": "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5"});
    bad.push(
        Table::Phone,
        phone.as_object().unwrap().clone(),
        Origin::file("phones.json"),
    );
    let errs = schema_errors(&v, &export_json(&bad));
    assert!(
        errs.iter()
            .any(|e| e.contains("number") && e.contains("/phone/0")),
        "{errs:?}"
    );
    assert!(!schema_errors(&table_validator(Table::Phone), &phone).is_empty());
    assert_eq!(
        checker_errors(&mut bad),
        vec![(Some(Table::Phone), Some("number".into()))]
    );
}

#[test]
fn references_to_the_modular_schemas_are_resolved_not_skipped() {
    // A service in the nested form whose phone lacks its number is only rejected when
    // `"$ref": "phone.json"` was fetched through the retriever.
    let v = table_validator(Table::Service);
    let good = json!({"id": "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5", "name": "S", "status": "active",
        "phones": [{"id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", "number": "555-0100"}]});
    assert!(
        schema_errors(&v, &good).is_empty(),
        "{:?}",
        schema_errors(&v, &good)
    );
    let mut bad = good.clone();
    bad["phones"][0].as_object_mut().unwrap().remove("number");
    let errs = schema_errors(&v, &bad);
    assert!(
        errs.iter()
            .any(|e| e.contains("number") && e.contains("/phones/0")),
        "{errs:?}"
    );
}
