//! Writing a directory out: the tabular datapackage (official names and table schemas, plus
//! haven's `translations.csv` resource), the tabular JSON form, and NDJSON; all streamed, so a million-service export stays small in memory.

use crate::spec::{spec, DATAPACKAGE_JSON, TRANSLATION_RESOURCE_JSON};
use crate::{Directory, Record, Table};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Something that can hand out every record of a table, in a stable order (the store, a Directory).
pub trait RecordSource {
    /// Call `f` with each record of `table`.
    fn each(
        &self,
        table: Table,
        f: &mut dyn FnMut(&Record) -> Result<(), WriteError>,
    ) -> Result<(), WriteError>;
}

impl RecordSource for Directory {
    fn each(
        &self,
        table: Table,
        f: &mut dyn FnMut(&Record) -> Result<(), WriteError>,
    ) -> Result<(), WriteError> {
        for r in self.records(table) {
            f(r)?;
        }
        Ok(())
    }
}

/// An export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Writing a file failed.
    #[error("{path}: cannot write: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The output folder exists, is not empty and is not a datapackage: refuse to mix files into it.
    #[error(
        "{path}: folder is not empty and holds no datapackage.json; choose an empty or new folder"
    )]
    NotEmpty { path: PathBuf },
    /// Reading the records to export failed.
    #[error("reading records to export: {0}")]
    Source(String),
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> WriteError + '_ {
    move |e| WriteError::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

/// The text a CSV cell holds for a value.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Choices for a datapackage export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Prefix text cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
    /// carriage return first) with `'`, for people who open the CSV files in a spreadsheet.
    /// The files are then no longer an exact copy of the data: do not import them back.
    pub escape_formulas: bool,
}

/// A text cell made safe to open in a spreadsheet: one starting with `=`, `+`, `-`, `@`, tab
/// or carriage return gets a leading `'`, so it shows as text instead of running as a formula.
pub fn escape_formula(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// What an export wrote: records per table.
pub type Counts = BTreeMap<Table, u64>;

/// Write a datapackage folder: `datapackage.json` and one CSV per non-empty table.
///
/// Written to a temporary folder beside `out` and renamed into place, so a failed export
/// never leaves a half-written package; an existing datapackage at `out` is replaced.
pub fn write_datapackage(source: &dyn RecordSource, out: &Path) -> Result<Counts, WriteError> {
    write_datapackage_with(source, out, &WriteOptions::default())
}

/// [`write_datapackage`] with choices (formula escaping for spreadsheet users).
pub fn write_datapackage_with(
    source: &dyn RecordSource,
    out: &Path,
    options: &WriteOptions,
) -> Result<Counts, WriteError> {
    if out.exists() {
        let has_desc = out.join("datapackage.json").is_file();
        let empty = std::fs::read_dir(out)
            .map_err(io_err(out))?
            .next()
            .is_none();
        if !has_desc && !empty {
            return Err(WriteError::NotEmpty {
                path: out.to_path_buf(),
            });
        }
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io_err(parent))?;
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("export");
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
    }
    std::fs::create_dir_all(&tmp).map_err(io_err(&tmp))?;
    let result = write_package_into(source, &tmp, options);
    let counts = match result {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(io_err(out))?;
    }
    std::fs::rename(&tmp, out).map_err(io_err(out))?;
    Ok(counts)
}

/// Ids per table, for deciding which declared foreign keys hold in this export.
fn id_sets(source: &dyn RecordSource) -> Result<BTreeMap<Table, HashSet<String>>, WriteError> {
    let mut out = BTreeMap::new();
    for t in Table::ALL {
        let mut s = HashSet::new();
        source.each(t, &mut |r| {
            if let Some(id) = r.get("id").and_then(Value::as_str) {
                s.insert(id.to_string());
            }
            Ok(())
        })?;
        out.insert(t, s);
    }
    Ok(out)
}

fn write_package_into(
    source: &dyn RecordSource,
    dir: &Path,
    options: &WriteOptions,
) -> Result<Counts, WriteError> {
    let mut official: Value =
        serde_json::from_str(DATAPACKAGE_JSON).map_err(|e| WriteError::Source(e.to_string()))?;
    // haven's translation table is one more resource, described in the same style.
    let haven: Value = serde_json::from_str(TRANSLATION_RESOURCE_JSON)
        .map_err(|e| WriteError::Source(e.to_string()))?;
    if let Some(list) = official["resources"].as_array_mut() {
        list.push(haven);
    }
    let ids = id_sets(source)?;
    let mut counts = Counts::new();
    let mut resources = Vec::new();
    for t in Table::ALL {
        let ts = spec(t);
        // Pass 1: which extra (non-schema) columns appear, and which foreign keys fail.
        let mut extras: BTreeSet<String> = BTreeSet::new();
        let mut n = 0u64;
        let mut broken_fk: BTreeSet<String> = BTreeSet::new();
        let fks: Vec<(String, Table)> = official_fks(&official, t);
        source.each(t, &mut |r| {
            n += 1;
            for k in r.keys() {
                if ts.field(k).is_none() {
                    extras.insert(k.clone());
                }
            }
            for (field, target) in &fks {
                if let Some(v) = r.get(field).and_then(Value::as_str) {
                    if !ids.get(target).is_some_and(|s| s.contains(v)) {
                        broken_fk.insert(field.clone());
                    }
                }
            }
            Ok(())
        })?;
        if n == 0 {
            continue;
        }
        counts.insert(t, n);
        let path = dir.join(t.file_name());
        let f = std::fs::File::create(&path).map_err(io_err(&path))?;
        let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 16, f));
        let columns: Vec<String> = ts
            .field_names()
            .map(str::to_string)
            .chain(extras.iter().cloned())
            .collect();
        let csv_err = |e: csv::Error| WriteError::Io {
            path: path.clone(),
            source: std::io::Error::other(e.to_string()),
        };
        w.write_record(&columns).map_err(csv_err)?;
        let mut row: Vec<String> = Vec::with_capacity(columns.len());
        source.each(t, &mut |r| {
            row.clear();
            row.extend(columns.iter().map(|c| match r.get(c) {
                Some(Value::String(s)) if options.escape_formulas => escape_formula(s).into_owned(),
                Some(v) => cell(v),
                None => String::new(),
            }));
            w.write_record(&row).map_err(csv_err)
        })?;
        w.flush().map_err(io_err(&path))?;
        // The official resource descriptor, plus extra columns, minus foreign keys this data breaks.
        let mut res = official["resources"]
            .as_array()
            .and_then(|rs| rs.iter().find(|r| r["name"] == t.name()))
            .cloned()
            .unwrap_or_else(|| serde_json::json!({"name": t.name(), "path": t.file_name(), "schema": {"fields": []}}));
        if let Some(fields) = res
            .pointer_mut("/schema/fields")
            .and_then(Value::as_array_mut)
        {
            for e in &extras {
                fields.push(serde_json::json!({"name": e, "type": "string", "description": "Extra field kept from the imported data (not part of HSDS 3.0)."}));
            }
        }
        if let Some(list) = res
            .pointer_mut("/schema/foreignKeys")
            .and_then(Value::as_array_mut)
        {
            // Generic tools reject a key into a table the package lacks, or one the data breaks.
            list.retain(|fk| {
                let f = fk["fields"].as_str().unwrap_or_default();
                let target = fk["reference"]["resource"].as_str().and_then(Table::lookup);
                let present = target.is_some_and(|t| ids.get(&t).is_some_and(|s| !s.is_empty()));
                present && !broken_fk.contains(f)
            });
        }
        resources.push(res);
    }
    let mut desc = official.clone();
    desc["resources"] = Value::Array(resources);
    let path = dir.join("datapackage.json");
    let text =
        serde_json::to_string_pretty(&desc).map_err(|e| WriteError::Source(e.to_string()))?;
    std::fs::write(&path, text + "\n").map_err(io_err(&path))?;
    Ok(counts)
}

fn official_fks(official: &Value, t: Table) -> Vec<(String, Table)> {
    official["resources"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["name"] == t.name()))
        .and_then(|r| r["schema"]["foreignKeys"].as_array())
        .map(|fks| {
            fks.iter()
                .filter_map(|fk| {
                    let f = fk["fields"].as_str()?;
                    let target = Table::lookup(fk["reference"]["resource"].as_str()?)?;
                    Some((f.to_string(), target))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn write_record(w: &mut dyn Write, r: &Record, path: &Path) -> Result<(), WriteError> {
    serde_json::to_writer(w, r).map_err(|x| WriteError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(x.to_string()),
    })
}

/// Write the tabular JSON form: one object keyed by table name, each a list of flat records
/// (the shape of the official compiled `tabular.json` schema).
pub fn write_json(
    source: &dyn RecordSource,
    w: &mut dyn Write,
    path: &Path,
) -> Result<Counts, WriteError> {
    let e = io_err(path);
    let mut counts = Counts::new();
    w.write_all(b"{").map_err(&e)?;
    let mut first_table = true;
    for t in Table::ALL {
        let mut n = 0u64;
        source.each(t, &mut |r| {
            if n == 0 {
                if !first_table {
                    w.write_all(b",").map_err(&e)?;
                }
                write!(w, "\n  \"{}\": [\n    ", t.name()).map_err(&e)?;
            } else {
                w.write_all(b",\n    ").map_err(&e)?;
            }
            write_record(&mut *w, r, path)?;
            n += 1;
            Ok(())
        })?;
        if n > 0 {
            w.write_all(b"\n  ]").map_err(&e)?;
            first_table = false;
            counts.insert(t, n);
        }
    }
    w.write_all(b"\n}\n").map_err(&e)?;
    w.flush().map_err(&e)?;
    Ok(counts)
}

/// Write NDJSON: one line per record, each line a one-record tabular document
/// (`{"phone":[{...}]}`), so every line validates on its own and says its table.
pub fn write_ndjson(
    source: &dyn RecordSource,
    w: &mut dyn Write,
    path: &Path,
) -> Result<Counts, WriteError> {
    let e = io_err(path);
    let mut counts = Counts::new();
    for t in Table::ALL {
        let mut n = 0u64;
        source.each(t, &mut |r| {
            write!(w, "{{\"{}\":[", t.name()).map_err(&e)?;
            write_record(&mut *w, r, path)?;
            w.write_all(b"]}\n").map_err(&e)?;
            n += 1;
            Ok(())
        })?;
        if n > 0 {
            counts.insert(t, n);
        }
    }
    w.flush().map_err(&e)?;
    Ok(counts)
}
