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
        .map(|it| splice::members(&it.body).ok())
        .collect();
    let field_of = |ms: &[Member<'_>], field: &str| -> Option<String> {
        ms.iter()
            .find(|m| m.key() == field)
            .and_then(|m| m.as_str())
            .map(Cow::into_owned)
    };
    // Per single parent: its records by id, read once for the page.
    let mut parents: Vec<HashMap<String, Vec<u8>>> = Vec::with_capacity(singles.len());
    for &(_, t, field) in &singles {
        let mut ids: Vec<String> = parsed
            .iter()
            .flatten()
            .filter_map(|ms| field_of(ms, field))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let keys: Vec<&str> = ids.iter().map(String::as_str).collect();
        let found = st.get_many(t, &keys)?;
        parents.push(
            ids.into_iter()
                .zip(found)
                .filter_map(|(id, f)| f.map(|f| (id, f.body)))
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
            if let Some(body) = field_of(ms, field).and_then(|id| found.get(&id)) {
                // Nested as it is stored: only a canonical body reads the same as written.
                canonical &= splice::members(body).is_ok();
                extra.push((name, Cow::Borrowed(body.as_slice())));
            }
        }
        if !canonical {
            out.push(None);
            continue;
        }
        for (k, v) in super::select::extensions(
            it.distance_km,
            it.service_area.as_deref(),
            &it.modified_at,
        ) {
            extra.push((k, Cow::Owned(splice::json(&v))));
        }
        let mut buf = Vec::with_capacity(it.body.len() * 2 + 256);
        splice::write_object(&mut buf, ms, &mut extra);
        out.push(Some(buf));
    }
    Ok(out)
}
