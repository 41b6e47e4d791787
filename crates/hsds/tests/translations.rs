//! haven's `translation` table: what validation refuses (at the file and row, like other
//! references), and that translations survive every written form (datapackage, JSON, NDJSON)
//! while the rest of the package stays what HSDS tools expect. Synthetic records only.

mod common;

use common::*;
use hsds::io::{read_all, write_datapackage, write_json, write_ndjson};
use hsds::validate::check_directory;
use hsds::{Directory, Origin, Record, Table};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;

const ORG: &str = "7c3c1b52-0d7c-4b5e-8d2a-0f2a3b4c5d6e";
const SVC: &str = "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5";
const STORED: &str = "3b9e6a10-2c4d-4e8f-9a1b-5c6d7e8f9a0b";

fn rec(v: Value) -> Record {
    v.as_object().cloned().unwrap_or_default()
}

fn translation(n: u32, table: &str, id: &str, field: &str, lang: &str, value: &str) -> Record {
    rec(json!({
        "id": format!("00000000-0000-4000-8000-{n:012}"),
        "resource_type": table, "resource_id": id, "field_name": field,
        "language": lang, "value": value,
    }))
}

/// A synthetic organization and service, with a Spanish description of each.
fn small_directory() -> Directory {
    let file: Arc<str> = Arc::from("t.json");
    let at = |i: usize| Origin::pointer(&file, format!("/{i}"));
    let mut d = Directory::default();
    d.push(
        Table::Organization,
        rec(json!({"id": ORG, "name": "Example Org", "description": "Helps people"})),
        at(0),
    );
    d.push(
        Table::Service,
        rec(
            json!({"id": SVC, "organization_id": ORG, "name": "Example line",
            "description": "A help line (synthetic)", "status": "active"}),
        ),
        at(1),
    );
    d.push(
        Table::Translation,
        translation(
            1,
            "service",
            SVC,
            "description",
            "es",
            "Una línea de ayuda (sintética)",
        ),
        at(2),
    );
    d.push(
        Table::Translation,
        translation(
            2,
            "organization",
            ORG,
            "description",
            "es-419",
            "Ayuda a las personas",
        ),
        at(3),
    );
    d
}

fn write_csv(dir: &Path, name: &str, rows: &[&str]) {
    std::fs::write(dir.join(name), rows.join("\n") + "\n").expect("write csv");
}

#[test]
fn a_translation_must_name_a_table_a_text_field_a_language_and_a_record_that_exists() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write_csv(
        dir,
        "organizations.csv",
        &["id,name,description", &format!("{ORG},Example Org,Helps")],
    );
    write_csv(
        dir,
        "services.csv",
        &[
            "id,organization_id,name,status",
            &format!("{SVC},{ORG},Example line,active"),
        ],
    );
    let t = |n: u32, rest: &str| format!("00000000-0000-4000-8000-{n:012},{rest}");
    write_csv(
        dir,
        "translations.csv",
        &[
            "id,resource_type,resource_id,field_name,language,value",
            &t(1, &format!("service,{SVC},name,es,Línea de ejemplo")),
            &t(2, &format!("servicio,{SVC},name,es,Línea")),
            &t(3, &format!("service,{SVC},nombre,es,Línea")),
            &t(4, &format!("service,{SVC},status,es,activo")),
            &t(
                5,
                "service,9f9f9f9f-0000-4000-8000-000000000009,name,es,Línea",
            ),
            &t(6, &format!("service,{SVC},name,español,Línea")),
            &t(7, &format!("service,{SVC},name,ES,Otra línea")),
            &t(8, &format!("translation,{SVC},value,es,x")),
            &t(9, &format!("organization,{STORED},description,es,Ayuda")),
            &t(10, &format!("service,{SVC},name,es-MX,Línea (México)")),
        ],
    );
    let mut c = read_all(&[dir.to_path_buf()]).expect("read");
    let mut problems = c.problems.clone();
    problems.extend(
        check_directory(&mut c.directory, &mut |t, id| {
            Ok::<bool, ()>(t == Table::Organization && id == STORED)
        })
        .expect("lookups"),
    );
    let file = dir.join("translations.csv").display().to_string();
    let got: Vec<String> = errors(&problems)
        .into_iter()
        .map(|e| e.replace(&file, "translations.csv"))
        .collect();
    let all_tables = Table::HSDS.map(|t| t.name()).join(", ");
    assert_eq!(
        got,
        [
            format!("translations.csv:3: error: translation.resource_type: \"servicio\" is not one of: {all_tables}"),
            "translations.csv:4: error: translation.field_name: service has no field \"nombre\"".to_string(),
            "translations.csv:5: error: translation.field_name: service.status is not a text field (it holds a code, a number, an id or a fixed value); only text can be translated".to_string(),
            "translations.csv:7: error: translation.language: \"español\" is not a BCP 47 language tag; write it like es, es-419 or zh-Hant".to_string(),
            format!("translations.csv:8: error: translation.language: service {SVC} already has a \"ES\" translation of name (first at translations.csv:2); give one per field and language"),
            format!("translations.csv:9: error: translation.resource_type: \"translation\" is not one of: {all_tables}"),
            "translations.csv:6: error: translation.resource_id: 9f9f9f9f-0000-4000-8000-000000000009 does not match any service in this import or the store".to_string(),
        ]
    );
    // The good rows are kept: the one for a record only the store holds, and another
    // regional variant of the same field.
    let kept: Vec<&str> = c
        .directory
        .records(Table::Translation)
        .filter_map(|r| r.get("value").and_then(Value::as_str))
        .collect();
    for v in ["Línea de ejemplo", "Ayuda", "Línea (México)"] {
        assert!(kept.contains(&v), "{v} in {kept:?}");
    }
}

#[test]
fn translations_round_trip_through_the_datapackage_with_their_own_table_schema() {
    let d = small_directory();
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("pkg");
    let counts = write_datapackage(&d, &out).expect("write");
    assert_eq!(counts.get(&Table::Translation), Some(&2));
    let desc: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("datapackage.json")).expect("read"))
            .expect("json");
    let res = desc["resources"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["name"] == "translation"))
        .expect("a translation resource");
    assert_eq!(res["path"], "translations.csv");
    let names: Vec<&str> = res["schema"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "id",
            "resource_type",
            "resource_id",
            "field_name",
            "language",
            "value"
        ]
    );
    let header = std::fs::read_to_string(out.join("translations.csv")).expect("csv");
    assert!(header.starts_with("id,resource_type,resource_id,field_name,language,value\n"));
    let (back, _) = read_checked(&out);
    assert_eq!(back.content(), d.content());
}

#[test]
fn translations_round_trip_through_json_and_ndjson_under_their_own_key() {
    let d = small_directory();
    let tmp = tempfile::tempdir().expect("tempdir");
    let schema = spec_json("schema/compiled/tabular.json");
    let v = tabular_validator();
    let json_path = tmp.path().join("all.json");
    let mut buf = Vec::new();
    write_json(&d, &mut buf, &json_path).expect("json");
    std::fs::write(&json_path, &buf).expect("write");
    let doc: Value = serde_json::from_slice(&buf).expect("json");
    assert_eq!(doc["translation"].as_array().map(Vec::len), Some(2));
    // Tools that know only HSDS: the official compiled schema allows the extra key, and the
    // HSDS tables beside it still validate.
    assert!(schema_errors(&v, &doc).is_empty());
    assert!(schema["properties"].get("translation").is_none());
    let (back, _) = read_checked(&json_path);
    assert_eq!(back.content(), d.content());

    let nd_path = tmp.path().join("all.ndjson");
    let mut buf = Vec::new();
    write_ndjson(&d, &mut buf, &nd_path).expect("ndjson");
    std::fs::write(&nd_path, &buf).expect("write");
    let text = String::from_utf8(buf).expect("utf-8");
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("{\"translation\":["))
            .count(),
        2
    );
    let (back, _) = read_checked(&nd_path);
    assert_eq!(back.content(), d.content());
}

#[test]
fn every_translation_row_validates_against_havens_translation_schema() {
    let schema: Value =
        serde_json::from_str(hsds::spec::json_schema(Table::Translation)).expect("schema");
    let v = validator(&schema);
    for r in small_directory().records(Table::Translation) {
        let errs = schema_errors(&v, &Value::Object(r.clone()));
        assert!(errs.is_empty(), "{errs:?}");
    }
    let bad = translation(3, "servicio", SVC, "name", "es", "x");
    assert!(!schema_errors(&v, &Value::Object(bad)).is_empty());
}
