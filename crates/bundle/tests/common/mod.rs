//! A conformance check of flat records against the HSDS 3.0 spec (fields, kinds, enums, required
//! fields, unique ids, references), so the bundle tests prove "every value satisfies the schema".

use hsds::{spec, Directory, Kind, Record, Table, Target};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn is_time(v: &str) -> bool {
    let t = v.trim_end_matches('Z');
    let t = t.split(['+', '-']).next().unwrap_or_default();
    chrono::NaiveTime::parse_from_str(t, "%H:%M").is_ok()
        || chrono::NaiveTime::parse_from_str(t, "%H:%M:%S").is_ok()
}

fn is_uri(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once("://") else {
        return false;
    };
    !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && v.chars().all(|c| c.is_ascii_graphic())
}

fn check_value(kind: Kind, v: &Value) -> Result<(), String> {
    match (kind, v) {
        (Kind::Number, Value::Number(_)) => Ok(()),
        (Kind::Number, other) => Err(format!("{other} is not a JSON number")),
        (_, Value::String(s)) => {
            let ok = match kind {
                Kind::Text => true,
                Kind::Uuid => uuid::Uuid::parse_str(s).is_ok(),
                Kind::Email => s.contains('@') && !s.contains(' '),
                Kind::Uri => is_uri(s),
                Kind::Date => {
                    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10
                }
                Kind::Time => is_time(s),
                Kind::DateTime => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
                Kind::Number => unreachable!(),
            };
            if ok {
                Ok(())
            } else {
                Err(format!("'{s}' is not a valid {kind:?}"))
            }
        }
        (_, other) => Err(format!("{other} is not a string")),
    }
}

/// Every problem found, as "table id: field: what"; empty means conformant.
pub fn problems(dir: &Directory) -> Vec<String> {
    let mut out = Vec::new();
    let mut ids: BTreeMap<Table, BTreeSet<String>> = BTreeMap::new();
    for (t, rows) in &dir.tables {
        let set = ids.entry(*t).or_default();
        for (r, _) in rows {
            let id = r
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            if !set.insert(id.clone()) {
                out.push(format!("{t} {id}: duplicate id"));
            }
        }
    }
    for (t, rows) in &dir.tables {
        for (r, origin) in rows {
            out.extend(
                record_problems(*t, r, &ids)
                    .into_iter()
                    .map(|p| format!("{origin}: {p}")),
            );
        }
    }
    out
}

fn record_problems(t: Table, r: &Record, ids: &BTreeMap<Table, BTreeSet<String>>) -> Vec<String> {
    let sp = spec(t);
    let id = r.get("id").and_then(Value::as_str).unwrap_or("?");
    let mut out = Vec::new();
    for (k, v) in r {
        let Some(f) = sp.field(k) else {
            out.push(format!("{t} {id}: {k}: not an HSDS field"));
            continue;
        };
        if let Err(e) = check_value(f.kind, v) {
            out.push(format!("{t} {id}: {k}: {e}"));
        }
        if let (Some(allowed), Some(s)) = (&f.allowed, v.as_str()) {
            if !allowed.iter().any(|a| a == s) {
                out.push(format!("{t} {id}: {k}: '{s}' not one of {allowed:?}"));
            }
        }
    }
    for f in &sp.fields {
        if (f.required || f.tabular_required) && !r.contains_key(&f.name) {
            out.push(format!("{t} {id}: {}: required but missing", f.name));
        }
    }
    for reference in &sp.references {
        let Some(target_id) = r.get(reference.field).and_then(Value::as_str) else {
            continue;
        };
        let target = match reference.target {
            Target::Table(tt) => Some(tt),
            Target::NamedBy(field) => r.get(field).and_then(Value::as_str).and_then(Table::lookup),
        };
        match target {
            Some(tt) if ids.get(&tt).is_some_and(|s| s.contains(target_id)) => {}
            _ => out.push(format!(
                "{t} {id}: {}: {target_id} does not resolve",
                reference.field
            )),
        }
    }
    if t == Table::Schedule {
        if let Some(byday) = r.get("byday").and_then(Value::as_str) {
            for d in byday.split(',') {
                if !["MO", "TU", "WE", "TH", "FR", "SA", "SU"].contains(&d) {
                    out.push(format!("{t} {id}: byday: '{d}' is not a day"));
                }
            }
        }
    }
    out
}
