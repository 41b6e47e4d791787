//! JSON inputs: a record, a list, an API envelope, the tabular JSON form, NDJSON; nested
//! "full" objects are flattened into their tables with owner references filled in.

use super::{ReadError, Sink};
use crate::record::escape_pointer;
use crate::spec::spec;
use crate::{Origin, Problem, Record, Table};
use serde_json::Value;
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

/// Table names in the order a file name is matched against them (longest first).
const HINTS: [(&str, Table); 22] = [
    ("organization_identifier", Table::OrganizationIdentifier),
    ("meta_table_description", Table::MetaTableDescription),
    ("service_at_location", Table::ServiceAtLocation),
    ("required_document", Table::RequiredDocument),
    ("taxonomy_term", Table::TaxonomyTerm),
    ("accessibility", Table::Accessibility),
    ("organization", Table::Organization),
    ("service_area", Table::ServiceArea),
    ("cost_option", Table::CostOption),
    ("taxonomies", Table::Taxonomy),
    ("attribute", Table::Attribute),
    ("location", Table::Location),
    ("metadata", Table::Metadata),
    ("schedule", Table::Schedule),
    ("language", Table::Language),
    ("taxonomy", Table::Taxonomy),
    ("address", Table::Address),
    ("contact", Table::Contact),
    ("funding", Table::Funding),
    ("program", Table::Program),
    ("service", Table::Service),
    ("phone", Table::Phone),
];

/// The table a file name suggests (`service_full.json` -> service), if any.
pub fn table_hint(path: &Path) -> Option<Table> {
    let stem = path
        .file_stem()?
        .to_str()?
        .to_ascii_lowercase()
        .replace('-', "_");
    HINTS
        .iter()
        .find(|(h, _)| stem.contains(h))
        .map(|(_, t)| *t)
}

/// Guess the table of a record from its keys: every required key present, most keys known.
fn infer_table(obj: &serde_json::Map<String, Value>) -> Result<Table, String> {
    let mut best: Vec<(usize, Table)> = Vec::new();
    for t in Table::ALL {
        let s = spec(t);
        let required_ok = s
            .fields
            .iter()
            .filter(|f| f.required)
            .all(|f| obj.contains_key(&f.name));
        if !required_ok {
            continue;
        }
        let known = obj
            .keys()
            .filter(|k| s.field(k).is_some() || s.nested(k).is_some())
            .count();
        best.push((known, t));
    }
    best.sort_by_key(|b| std::cmp::Reverse(b.0));
    match best.as_slice() {
        [] => {
            Err("is not an HSDS record: it lacks the required fields of every HSDS object".into())
        }
        [(_, t)] => Ok(*t),
        [(a, t), (b, u), ..] if a == b => Err(format!(
            "could be a {t} or a {u}; name the file after its table (e.g. {}s.json) so haven knows",
            t.name()
        )),
        [(_, t), ..] => Ok(*t),
    }
}

/// Read a JSON or NDJSON file.
pub fn read_json(path: &Path, sink: &mut dyn Sink) -> Result<(), ReadError> {
    let file: Arc<str> = Arc::from(path.display().to_string());
    let io = |e| ReadError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let hint = table_hint(path);
    if ext == "ndjson" || ext == "jsonl" {
        return read_ndjson(path, &file, hint, total, sink);
    }
    let text = std::fs::read_to_string(path).map_err(io)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match serde_json::from_str::<Value>(text) {
        Ok(v) => {
            read_document(v, &file, "", hint, sink);
            sink.progress(total, total);
            Ok(())
        }
        Err(e)
            if e.classify() == serde_json::error::Category::Syntax
                && e.line() > 1
                && text.trim_start().starts_with('{')
                && text
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .all(|l| l.trim_start().starts_with('{')) =>
        {
            read_ndjson(path, &file, hint, total, sink)
        }
        Err(e) => Err(ReadError::Json {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        }),
    }
}

fn read_ndjson(
    path: &Path,
    file: &Arc<str>,
    hint: Option<Table>,
    total: u64,
    sink: &mut dyn Sink,
) -> Result<(), ReadError> {
    let f = std::fs::File::open(path).map_err(|e| ReadError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut done = 0u64;
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| ReadError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        done += line.len() as u64 + 1;
        let line_no = i + 1;
        let l = line.trim().trim_start_matches('\u{feff}');
        if l.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(l) {
            Ok(v) => read_document(v, file, &format!("/{line_no}"), hint, sink),
            Err(e) => sink.problem(Problem::file(
                Origin::pointer(file, format!("/{line_no}")),
                format!("line {line_no} is not valid JSON: {e}"),
            )),
        }
        if line_no % 10_000 == 0 {
            sink.progress(done, total);
        }
    }
    sink.progress(total, total);
    Ok(())
}

/// Gathers one document's records so an object nested under several owners (a phone under
/// its contact and its location) becomes one record carrying every owner reference.
struct Merge<'a> {
    out: &'a mut dyn Sink,
    index: std::collections::HashMap<(Table, String), usize>,
    rows: Vec<(Table, Record, Origin)>,
}

impl Sink for Merge<'_> {
    fn record(&mut self, table: Table, record: Record, origin: Origin) {
        let id = record.get("id").and_then(Value::as_str).map(str::to_string);
        if let Some(id) = id {
            if let Some(&i) = self.index.get(&(table, id.clone())) {
                let prev = &mut self.rows[i].1;
                let compatible = record
                    .iter()
                    .all(|(k, v)| prev.get(k).is_none_or(|p| p == v));
                if compatible {
                    for (k, v) in record {
                        prev.entry(k).or_insert(v);
                    }
                    return;
                }
            } else {
                self.index.insert((table, id), self.rows.len());
            }
        }
        self.rows.push((table, record, origin));
    }
    fn problem(&mut self, problem: Problem) {
        self.out.problem(problem);
    }
}

/// One parsed JSON document: decide which form it is and read its records.
fn read_document(v: Value, file: &Arc<str>, base: &str, hint: Option<Table>, out: &mut dyn Sink) {
    let mut merge = Merge {
        out,
        index: Default::default(),
        rows: Vec::new(),
    };
    read_forms(v, file, base, hint, &mut merge);
    let Merge { out, rows, .. } = merge;
    for (t, r, o) in rows {
        out.record(t, r, o);
    }
}

fn read_forms(v: Value, file: &Arc<str>, base: &str, hint: Option<Table>, sink: &mut dyn Sink) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                read_item(item, file, &format!("{base}/{i}"), hint, sink);
            }
        }
        Value::Object(mut obj) => {
            if let Some(Value::Array(_)) = obj.get("contents") {
                if let Some(Value::Array(items)) = obj.remove("contents") {
                    for (i, item) in items.into_iter().enumerate() {
                        read_item(item, file, &format!("{base}/contents/{i}"), hint, sink);
                    }
                }
                return;
            }
            // `{}` is an empty tabular document (an export of an empty store).
            let tabular = obj
                .iter()
                .all(|(k, v)| Table::lookup(k).is_some() && v.is_array());
            if tabular {
                for (k, v) in obj {
                    let Some(t) = Table::lookup(&k) else { continue };
                    if let Value::Array(items) = v {
                        let key = escape_pointer(&k);
                        for (i, item) in items.into_iter().enumerate() {
                            read_item(item, file, &format!("{base}/{key}/{i}"), Some(t), sink);
                        }
                    }
                }
                return;
            }
            if !obj.contains_key("id") && obj.contains_key("openapi_url") {
                sink.problem(Problem {
                    severity: crate::Severity::Warning,
                    origin: Origin::pointer(file, base),
                    table: None,
                    field: None,
                    message: "is an HSDS API root document (version, profile, openapi_url): it holds no records".into(),
                });
                return;
            }
            read_item(Value::Object(obj), file, base, hint, sink);
        }
        other => sink.problem(Problem::file(
            Origin::pointer(file, base),
            format!(
                "expected an HSDS object or a list of them, found {}",
                kind_of(&other)
            ),
        )),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn read_item(v: Value, file: &Arc<str>, ptr: &str, hint: Option<Table>, sink: &mut dyn Sink) {
    let Value::Object(obj) = v else {
        sink.problem(Problem::file(
            Origin::pointer(file, ptr),
            format!("expected an HSDS object, found {}", kind_of(&v)),
        ));
        return;
    };
    let table = match hint {
        Some(t) => t,
        None => match infer_table(&obj) {
            Ok(t) => t,
            Err(msg) => {
                sink.problem(Problem::file(Origin::pointer(file, ptr), msg));
                return;
            }
        },
    };
    flatten(table, obj, file, ptr, None, None, sink);
}

/// Split a nested object into flat records: its scalars, then each nested object in its own table.
fn flatten(
    table: Table,
    mut obj: serde_json::Map<String, Value>,
    file: &Arc<str>,
    ptr: &str,
    parent: Option<(Table, &str)>,
    context: Option<&Record>,
    sink: &mut dyn Sink,
) {
    let ts = spec(table);
    let mut record = Record::new();
    let mut children: Vec<(String, Value)> = Vec::new();
    for (k, v) in std::mem::take(&mut obj) {
        if v.is_null() {
            continue;
        }
        if ts.nested(&k).is_some() {
            children.push((k, v));
        } else {
            record.insert(k, v);
        }
    }
    if let Some((pt, pid)) = parent {
        fill_owner(table, &mut record, pt, pid);
    }
    // A single object nested in a record shares its context: a service's program belongs to
    // the service's organization.
    if let Some(ctx) = context {
        for f in &ts.fields {
            if f.name != "id" && f.name.ends_with("_id") && !record.contains_key(&f.name) {
                if let Some(v) = ctx.get(&f.name).filter(|v| v.is_string()) {
                    record.insert(f.name.clone(), v.clone());
                }
            }
        }
    }
    let id = record.get("id").and_then(Value::as_str).map(str::to_string);
    // A single nested object (a service's organization) is what `<table>_id` points at.
    for (k, v) in &children {
        let (Some(n), Some(cid)) = (ts.nested(k), v.get("id").and_then(Value::as_str)) else {
            continue;
        };
        let field = format!("{}_id", n.table.name());
        if !n.many && ts.field(&field).is_some() && !record.contains_key(&field) {
            record.insert(field, Value::String(cid.to_string()));
        }
    }
    let origin = Origin::pointer(file, ptr);
    for (k, v) in children {
        let Some(n) = ts.nested(&k) else { continue };
        let cptr = format!("{ptr}/{}", escape_pointer(&k));
        match (n.many, v) {
            (true, Value::Array(items)) => {
                for (i, item) in items.into_iter().enumerate() {
                    let iptr = format!("{cptr}/{i}");
                    match item {
                        Value::Object(o) => flatten(
                            n.table,
                            o,
                            file,
                            &iptr,
                            id.as_deref().map(|id| (table, id)),
                            None,
                            sink,
                        ),
                        other => sink.problem(Problem::error(
                            Origin::pointer(file, iptr),
                            table,
                            Some(&k),
                            format!(
                                "each item should be a {} object, found {}",
                                n.table,
                                kind_of(&other)
                            ),
                        )),
                    }
                }
            }
            (false, Value::Object(o)) => {
                flatten(n.table, o, file, &cptr, None, Some(&record), sink);
            }
            (many, other) => sink.problem(Problem::error(
                Origin::pointer(file, cptr),
                table,
                Some(&k),
                format!(
                    "should be {}, found {}",
                    if many {
                        format!("a list of {} objects", n.table)
                    } else {
                        format!("a {} object", n.table)
                    },
                    kind_of(&other)
                ),
            )),
        }
    }
    sink.record(table, record, origin);
}

/// A child nested under a parent refers to it: fill the reference when the child left it out.
fn fill_owner(table: Table, record: &mut Record, parent: Table, parent_id: &str) {
    let ts = spec(table);
    let set = |record: &mut Record, k: &str, v: &str| {
        if !record.contains_key(k) {
            record.insert(k.to_string(), Value::String(v.to_string()));
        }
    };
    match table {
        Table::Attribute => {
            set(record, "link_id", parent_id);
            set(record, "link_entity", parent.name());
        }
        Table::Metadata => {
            set(record, "resource_id", parent_id);
            set(record, "resource_type", parent.name());
        }
        _ => {
            let field = format!("{}_id", parent.name());
            if ts.field(&field).is_some() {
                set(record, &field, parent_id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_from_file_names() {
        assert_eq!(
            table_hint(Path::new("x/service_full.json")),
            Some(Table::Service)
        );
        assert_eq!(
            table_hint(Path::new("service_at_location_list.json")),
            Some(Table::ServiceAtLocation)
        );
        assert_eq!(
            table_hint(Path::new("taxonomy_term_list.json")),
            Some(Table::TaxonomyTerm)
        );
        assert_eq!(
            table_hint(Path::new("taxonomies.json")),
            Some(Table::Taxonomy)
        );
        assert_eq!(table_hint(Path::new("base.json")), None);
    }
}
