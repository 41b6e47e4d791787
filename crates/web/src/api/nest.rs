//! The nested ("full") HSDS form of a record, assembled from the flat store records by
//! following the official schemas' nested properties: a service with its phones (and their
//! languages), schedules, locations, organization... as the compiled schemas describe it.
//!
//! The nesting is driven by [`hsds::spec`], so it has exactly the official properties. A
//! property is not followed back into a table already on the path (a service's organization
//! does not list the services again), which is also what keeps it finite.

use hsds::{spec, Record, Table};
use serde_json::Value;
use store::{Store, StoreError};

/// The field of `child` rows that points at their `parent` (a phone's `service_id`).
fn owner_field(child: Table, parent: Table) -> Option<&'static str> {
    match child {
        Table::Attribute => Some("link_id"),
        Table::Metadata => Some("resource_id"),
        _ => spec(child)
            .references
            .iter()
            .find(|r| r.target == hsds::Target::Table(parent))
            .map(|r| r.field),
    }
}

/// The field of `parent` that names its single nested `child` (a service's `organization_id`,
/// a taxonomy term's `taxonomy_id` for `taxonomy_detail`).
fn single_field(parent: Table, child: Table) -> Option<&'static str> {
    spec(parent)
        .references
        .iter()
        .find(|r| r.target == hsds::Target::Table(child))
        .map(|r| r.field)
}

/// How deep services go inside an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgServices {
    /// No `services` array.
    Omit,
    /// `services` with each service's own fields only.
    Flat,
    /// `services` with each service fully nested.
    Full,
}

/// Build the nested form of `record` (a row of `table`).
pub fn full(
    st: &dyn Store,
    table: Table,
    record: Record,
    services: OrgServices,
) -> Result<Value, StoreError> {
    let mut path = Vec::new();
    nest(st, table, record, &mut path, services)
}

fn nest(
    st: &dyn Store,
    table: Table,
    mut record: Record,
    path: &mut Vec<Table>,
    services: OrgServices,
) -> Result<Value, StoreError> {
    let id = hsds::record_id(&record).unwrap_or_default().to_string();
    path.push(table);
    for n in &spec(table).nested {
        if path.contains(&n.table) {
            continue;
        }
        if table == Table::Organization && n.table == Table::Service {
            match services {
                OrgServices::Omit => {}
                OrgServices::Flat => {
                    let list = st.children(Table::Service, "organization_id", &id)?;
                    record.insert(
                        n.name.clone(),
                        Value::Array(list.into_iter().map(Value::Object).collect()),
                    );
                }
                OrgServices::Full => {
                    let mut out = Vec::new();
                    for s in st.children(Table::Service, "organization_id", &id)? {
                        out.push(nest(st, Table::Service, s, path, OrgServices::Omit)?);
                    }
                    record.insert(n.name.clone(), Value::Array(out));
                }
            }
            continue;
        }
        if n.many {
            let Some(field) = owner_field(n.table, table) else {
                continue;
            };
            let mut out = Vec::new();
            for child in st.children(n.table, field, &id)? {
                // An attribute or metadata row names the kind of record it is about; one
                // about another kind that happens to share the id is not this record's.
                let about = match n.table {
                    Table::Attribute => child.get("link_entity"),
                    Table::Metadata => child.get("resource_type"),
                    _ => None,
                };
                if let Some(Value::String(kind)) = about {
                    if !kind.is_empty() && Table::lookup(kind) != Some(table) {
                        continue;
                    }
                }
                out.push(nest(st, n.table, child, path, OrgServices::Omit)?);
            }
            record.insert(n.name.clone(), Value::Array(out));
        } else {
            let Some(field) = single_field(table, n.table) else {
                continue;
            };
            let target = record
                .get(field)
                .and_then(Value::as_str)
                .map(str::to_string);
            if let Some(tid) = target {
                if let Some(child) = st.get(n.table, &tid)? {
                    let v = nest(st, n.table, child, path, OrgServices::Omit)?;
                    record.insert(n.name.clone(), v);
                }
            }
        }
    }
    path.pop();
    Ok(Value::Object(record))
}

/// A record with its single nested parents only (a list item: a service with its organization
/// and program, a taxonomy term with its taxonomy), each of those flat.
pub fn one_to_one(st: &dyn Store, table: Table, mut record: Record) -> Result<Record, StoreError> {
    for n in &spec(table).nested {
        if n.many || n.table == Table::Service {
            continue;
        }
        let Some(field) = single_field(table, n.table) else {
            continue;
        };
        let target = record
            .get(field)
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(tid) = target {
            if let Some(child) = st.get(n.table, &tid)? {
                record.insert(n.name.clone(), Value::Object(child));
            }
        }
    }
    Ok(record)
}

/// [`one_to_one`] for a whole page, with haven's per-item extensions, each item's JSON spliced
/// from the stored bodies ([`super::splice`]) instead of parsed and written again; the single
/// parents of the page (a service's organization and program) are read with one batched read
/// per table. An item is None when a body is not canonical JSON (never written by haven): the
/// caller renders that one the parsed way.
pub fn one_to_one_json(
    st: &dyn Store,
    records: &super::records::Records,
    table: Table,
    items: &[super::select::RawItem],
) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
    use super::splice::{self, Member};
    use std::borrow::Cow;
    use std::collections::HashMap;
    let singles: Vec<(&str, Table, &str)> = spec(table)
        .nested
        .iter()
        .filter(|n| !n.many && n.table != Table::Service)
        .filter_map(|n| single_field(table, n.table).map(|f| (n.name.as_str(), n.table, f)))
        .collect();
    let parsed: Vec<Option<Vec<Member<'_>>>> = items
        .iter()
        .map(|it| splice::members(&it.stored.body).ok())
        .collect();
    let field_of = |ms: &[Member<'_>], field: &str| -> Option<String> {
        ms.iter()
            .find(|m| m.key_is(field))
            .and_then(|m| m.as_str())
            .map(Cow::into_owned)
    };
    // Per single parent: its records by id, read once for the page.
    let mut parents: Vec<HashMap<String, std::sync::Arc<store::StoredJson>>> =
        Vec::with_capacity(singles.len());
    for &(_, t, field) in &singles {
        let mut ids: Vec<String> = parsed
            .iter()
            .flatten()
            .filter_map(|ms| field_of(ms, field))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let keys: Vec<&str> = ids.iter().map(String::as_str).collect();
        let found = records.get_many(st, t, &keys)?;
        parents.push(
            ids.into_iter()
                .zip(found)
                .filter_map(|(id, f)| f.map(|f| (id, f)))
                .collect(),
        );
    }
    let mut out = Vec::with_capacity(items.len());
    for (it, ms) in items.iter().zip(&parsed) {
        let Some(ms) = ms else {
            out.push(None);
            continue;
        };
        let mut extra: Vec<(&str, Cow<'_, [u8]>)> = Vec::with_capacity(singles.len() + 3);
        let mut canonical = true;
        for (&(name, _, field), found) in singles.iter().zip(&parents) {
            if let Some(parent) = field_of(ms, field).and_then(|id| found.get(&id)) {
                // Nested as it is stored: only a canonical body reads the same as written.
                canonical &= splice::members(&parent.body).is_ok();
                extra.push((name, Cow::Borrowed(parent.body.as_slice())));
            }
        }
        if !canonical {
            out.push(None);
            continue;
        }
        for (k, v) in super::select::extensions(
            it.distance_km,
            it.service_area.as_deref(),
            &it.stored.modified_at,
        ) {
            extra.push((k, Cow::Owned(splice::json(&v))));
        }
        let mut buf = Vec::with_capacity(it.stored.body.len() * 2 + 256);
        splice::write_object(&mut buf, ms, &mut extra);
        out.push(Some(buf));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::select::{extensions, RawItem};
    use serde_json::json;

    fn rec(v: Value) -> Record {
        match v {
            Value::Object(m) => m,
            other => panic!("fixture is not an object: {other}"),
        }
    }

    /// The parsed path the spliced one replaces: read, nest, extend, write.
    fn parsed(st: &dyn Store, table: Table, it: &RawItem) -> Vec<u8> {
        let r: Record = serde_json::from_slice(&it.stored.body).expect("body");
        let mut m = one_to_one(st, table, r).expect("one_to_one");
        let at = &it.stored.modified_at;
        for (k, v) in extensions(it.distance_km, it.service_area.as_deref(), at) {
            m.insert(k.to_string(), v);
        }
        serde_json::to_vec(&Value::Object(m)).expect("write")
    }

    #[test]
    fn spliced_list_items_are_byte_for_byte_the_parsed_ones() {
        let mut st = store::open("sqlite::memory:").expect("store");
        let org = "00000000-0000-4000-8000-000000000001";
        let program = "00000000-0000-4000-8000-000000000002";
        let rows = vec![
            (
                Table::Organization,
                json!({"id": org, "name": "Org \"one\" – ñ", "description": "helps\n\ttabs \\ {}", "year_incorporated": 1999}),
            ),
            (
                Table::Program,
                json!({"id": program, "organization_id": org, "name": "Prog", "description": "p"}),
            ),
            // Plain, with a program, with an organization that is not there, with extra fields
            // named like what the list adds, with odd keys and numbers.
            (
                Table::Service,
                json!({"id": "s1", "organization_id": org, "name": "A", "status": "active"}),
            ),
            (
                Table::Service,
                json!({"id": "s2", "organization_id": org, "program_id": program, "name": "B", "status": "active", "minimum_age": 3.5e-7}),
            ),
            (
                Table::Service,
                json!({"id": "s3", "organization_id": "missing", "name": "C", "status": "active"}),
            ),
            (
                Table::Service,
                json!({"id": "s4", "organization_id": org, "name": "D", "status": "active",
                                    "distance_km": "theirs", "modified_at": "theirs", "organization": "theirs",
                                    "x_haven_service_area": 1, "zé\u{1F600}": [1, {"a": "]"}], "a\"b": null}),
            ),
            (
                Table::Service,
                json!({"id": "s5", "name": "E", "status": "active", "organization_id": 42}),
            ),
        ];
        let mut imp = st.begin().expect("begin");
        for (t, r) in rows {
            imp.upsert(t, &rec(r)).expect("upsert");
        }
        imp.commit().expect("commit");
        let ids = ["s1", "s2", "s3", "s4", "s5"];
        let found = st.get_many(Table::Service, &ids).expect("get_many");
        let extras: [(Option<f64>, Option<&str>); 4] = [
            (None, None),
            (Some(1.23456789), None),
            (Some(0.0), Some("New York \"State\"")),
            (Some(12345.0), Some("")),
        ];
        let mut items = Vec::new();
        for (i, f) in found.into_iter().enumerate() {
            let f = f.expect("stored");
            let (km, area) = extras[i % extras.len()];
            let modified_at = if i == 4 { String::new() } else { f.modified_at };
            items.push(RawItem {
                stored: std::sync::Arc::new(store::StoredJson {
                    body: f.body,
                    modified_at,
                }),
                distance_km: km,
                service_area: area.map(str::to_string),
            });
        }
        let records = crate::api::records::Records::default();
        let spliced =
            one_to_one_json(st.as_ref(), &records, Table::Service, &items).expect("splice");
        assert_eq!(spliced.len(), items.len());
        for (it, s) in items.iter().zip(&spliced) {
            let s = s.as_ref().expect("a canonical body is spliced");
            assert_eq!(
                String::from_utf8_lossy(s),
                String::from_utf8_lossy(&parsed(st.as_ref(), Table::Service, it))
            );
        }
        let with_program = String::from_utf8_lossy(spliced[1].as_deref().unwrap_or_default());
        assert!(
            with_program.contains(r#""program":{"description":"p","#),
            "{with_program}"
        );
        // A body that is not canonical is left to the parsed path, not spliced differently.
        let odd = RawItem {
            stored: std::sync::Arc::new(store::StoredJson {
                body: br#"{"name": "spaced", "id":"s9"}"#.to_vec(),
                modified_at: String::new(),
            }),
            ..items[0].clone()
        };
        let out = one_to_one_json(st.as_ref(), &records, Table::Service, &[odd]).expect("splice");
        assert_eq!(out, vec![None]);
    }
}
