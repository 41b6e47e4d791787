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
