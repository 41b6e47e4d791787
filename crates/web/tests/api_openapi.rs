//! The OpenAPI document haven serves: a snapshot (so any change to the API's surface shows in
//! review; `UPDATE_SNAPSHOTS=1 cargo test -p web --test api_openapi` rewrites it), and a check
//! that it has every endpoint and parameter of the official HSDS 3.0 file.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn official() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../hsds/spec/v3.0/schema/openapi.json");
    serde_json::from_str(&std::fs::read_to_string(p).expect("official openapi")).expect("JSON")
}

#[test]
fn the_openapi_document_matches_its_snapshot() {
    let snap = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/openapi.json");
    let now = web::api::openapi::document_bytes();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snap, now).expect("write snapshot");
        return;
    }
    let was = std::fs::read(&snap).unwrap_or_default();
    assert!(
        was == now,
        "the OpenAPI document changed; review it and run \
         UPDATE_SNAPSHOTS=1 cargo test -p web --test api_openapi"
    );
}

#[test]
fn it_is_openapi_3_1_with_every_official_endpoint_and_parameter() {
    let ours = web::api::openapi::document();
    assert_eq!(ours["openapi"], "3.1.0");
    assert_eq!(ours["servers"][0]["url"], "/api");
    let off = official();
    let names = |params: &Value, doc: &Value| -> BTreeSet<String> {
        params
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let p = match p["$ref"].as_str() {
                    Some(r) => {
                        let name = r.rsplit('/').next().unwrap_or(r);
                        doc["components"]["parameters"][name].clone()
                    }
                    None => p.clone(),
                };
                p["name"].as_str().map(str::to_string)
            })
            .collect()
    };
    let paths = off["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), 11);
    let (mut want_ops, mut have_ops) = (BTreeSet::new(), BTreeSet::new());
    for (path, item) in paths {
        let mine = &ours["paths"][path]["get"];
        assert!(mine.is_object(), "haven lacks GET {path}");
        let mut want = names(&item["get"]["parameters"], &off);
        want.extend(names(&item["parameters"], &off));
        let mut have = names(&mine["parameters"], ours);
        have.extend(names(&ours["paths"][path]["parameters"], ours));
        let missing: Vec<&String> = want.difference(&have).collect();
        assert!(missing.is_empty(), "GET {path} lacks {missing:?}");
        // The official file swaps the two taxonomy_terms operation ids (the list is called
        // ...ById); haven names them for what they do, so compare the set of names below.
        want_ops.insert(
            item["get"]["operationId"]
                .as_str()
                .unwrap_or("")
                .to_string(),
        );
        have_ops.insert(mine["operationId"].as_str().unwrap_or("").to_string());
        assert!(mine["responses"]["200"].is_object(), "{path}");
    }
    assert_eq!(have_ops, want_ops, "the official operation ids");
    // Every $ref inside the document resolves inside it (no network needed).
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(ours, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("external reference {r}"));
        assert!(
            ours["components"]["schemas"][name].is_object(),
            "{r} does not resolve"
        );
    }
    // The known mistake of the official file is fixed, and the extensions are marked.
    let sal = &ours["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"];
    assert_eq!(
        sal["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ServiceAtLocationFull"
    );
    let svc = &ours["paths"]["/services"]["get"]["parameters"];
    for ext in [
        "lat",
        "lon",
        "radius_km",
        "language",
        "open_now",
        "open_at",
        "free",
    ] {
        let p = svc
            .as_array()
            .and_then(|a| a.iter().find(|p| p["name"] == ext))
            .unwrap_or_else(|| panic!("no {ext}"));
        assert!(
            p["description"]
                .as_str()
                .is_some_and(|d| d.starts_with("haven extension")),
            "{ext}"
        );
    }
}
