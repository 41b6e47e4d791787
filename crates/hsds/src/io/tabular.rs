//! The tabular datapackage: `datapackage.json` plus one CSV per table, in a folder or a zip.

use super::limits::{size, unsafe_member_path, Capped, Limits, RowCap};
use super::{parse_number, ReadError, Sink};
use crate::spec::{spec, Kind};
use crate::{Origin, Problem, Record, Table};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The resources a datapackage descriptor lists: (table, CSV path inside the package).
fn resources(
    descriptor: &str,
    file: &Arc<str>,
    sink: &mut dyn Sink,
) -> Option<Vec<(Table, String)>> {
    let v: Value = match serde_json::from_str(descriptor.trim_start_matches('\u{feff}')) {
        Ok(v) => v,
        Err(e) => {
            sink.problem(Problem::file(
                Origin::file(file),
                format!(
                    "datapackage.json is not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            ));
            return None;
        }
    };
    let Some(list) = v.get("resources").and_then(Value::as_array) else {
        sink.problem(Problem::file(
            Origin::pointer(file, ""),
            "datapackage.json has no \"resources\" list",
        ));
        return None;
    };
    let mut out = Vec::new();
    for (i, r) in list.iter().enumerate() {
        let name = r.get("name").and_then(Value::as_str).unwrap_or_default();
        let path = r.get("path").and_then(Value::as_str);
        let table = Table::lookup(name)
            .or_else(|| path.and_then(|p| Table::lookup(p.rsplit('/').next().unwrap_or(p))));
        if let Some(why) = path.and_then(unsafe_member_path) {
            sink.problem(Problem::file(
                Origin::pointer(file, format!("/resources/{i}/path")),
                format!(
                    "resource \"{name}\" path \"{}\" {why}; not read",
                    path.unwrap_or_default().escape_debug()
                ),
            ));
            continue;
        }
        match (table, path) {
            (Some(t), Some(p)) => out.push((t, p.to_string())),
            (Some(t), None) => out.push((t, t.file_name().to_string())),
            (None, _) => sink.problem(Problem {
                severity: crate::Severity::Warning,
                origin: Origin::pointer(file, format!("/resources/{i}")),
                table: None,
                field: None,
                message: format!("resource \"{name}\" is not an HSDS 3.0 table; skipped"),
            }),
        }
    }
    Some(out)
}

/// Read a datapackage folder (with `datapackage.json`, or failing that the official CSV names).
pub fn read_datapackage_dir(dir: &Path, sink: &mut dyn Sink) -> Result<(), ReadError> {
    read_datapackage_dir_with(dir, &Limits::default(), sink)
}

/// Where a file named by a package really is, if it is inside the package: links are
/// followed only while they stay in the folder (`Err` says why not, in plain words).
fn inside(base: &Path, path: &Path) -> Result<Option<PathBuf>, String> {
    match std::fs::canonicalize(path) {
        Ok(real) if real.starts_with(base) => Ok(Some(real)),
        Ok(real) => Err(format!(
            "is a link to {}, outside the package folder; not read",
            real.display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot be read: {e}")),
    }
}

/// [`read_datapackage_dir`] within `limits`.
pub fn read_datapackage_dir_with(
    dir: &Path,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> Result<(), ReadError> {
    let desc_path = dir.join("datapackage.json");
    let io = |path: &Path, e| ReadError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let base = std::fs::canonicalize(dir).map_err(|e| io(dir, e))?;
    let tables: Vec<(Table, PathBuf)> = if desc_path.is_file() {
        let file: Arc<str> = Arc::from(desc_path.display().to_string());
        let real = match inside(&base, &desc_path) {
            Ok(Some(real)) => real,
            Ok(None) => desc_path.clone(),
            Err(why) => {
                sink.problem(Problem::file(Origin::file(&file), why));
                return Ok(());
            }
        };
        let len = std::fs::metadata(&real)
            .map_err(|e| io(&desc_path, e))?
            .len();
        if len > limits.descriptor_bytes {
            sink.problem(Problem::file(
                Origin::file(&file),
                format!(
                    "is {}, more than the {} a datapackage descriptor may be; not read",
                    size(len),
                    size(limits.descriptor_bytes)
                ),
            ));
            return Ok(());
        }
        let text = std::fs::read_to_string(&real).map_err(|e| io(&desc_path, e))?;
        match resources(&text, &file, sink) {
            Some(rs) => rs.into_iter().map(|(t, p)| (t, dir.join(p))).collect(),
            None => return Ok(()),
        }
    } else {
        let found: Vec<(Table, PathBuf)> = Table::ALL
            .iter()
            .map(|t| (*t, dir.join(t.file_name())))
            .filter(|(_, p)| p.is_file())
            .collect();
        if found.is_empty() {
            return Err(ReadError::Unsupported {
                path: dir.to_path_buf(),
                message: "is a folder with neither a datapackage.json nor any HSDS CSV file (organizations.csv, services.csv, ...)".into(),
            });
        }
        sink.problem(Problem {
            severity: crate::Severity::Warning,
            origin: Origin::file(&dir.display().to_string()),
            table: None,
            field: None,
            message: "has no datapackage.json; reading the CSV files with official HSDS names"
                .into(),
        });
        found
    };
    // Parents first, so references resolve as rows arrive and little waits for the end.
    let mut tables = tables;
    tables.sort_by_key(|(t, _)| t.dependency_rank());
    let total: u64 = tables
        .iter()
        .filter_map(|(_, p)| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let mut done = 0u64;
    for (t, p) in tables {
        let name: Arc<str> = Arc::from(p.display().to_string());
        let real = match inside(&base, &p) {
            Ok(Some(real)) => real,
            Ok(None) => {
                sink.problem(Problem::file(
                    Origin::file(&name),
                    format!("is listed in datapackage.json for table {t} but does not exist"),
                ));
                continue;
            }
            Err(why) => {
                sink.problem(Problem::file(Origin::file(&name), why));
                continue;
            }
        };
        if !real.is_file() {
            sink.problem(Problem::file(
                Origin::file(&name),
                format!("is listed in datapackage.json for table {t} but is not a file"),
            ));
            continue;
        }
        let f = std::fs::File::open(&real).map_err(|e| io(&p, e))?;
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        read_csv(f, t, &name, done, total, limits, sink).map_err(|e| io(&p, e))?;
        done += len;
        sink.progress(done, total);
    }
    Ok(())
}

/// Read one CSV file whose name says its table (`phones.csv`, `phone.csv`).
pub fn read_csv_file(path: &Path, sink: &mut dyn Sink) -> Result<(), ReadError> {
    read_csv_file_with(path, &Limits::default(), sink)
}

/// [`read_csv_file`] within `limits`.
pub fn read_csv_file_with(
    path: &Path,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> Result<(), ReadError> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let stem = name.strip_suffix(".csv").unwrap_or(name);
    let table = Table::lookup(name)
        .or_else(|| Table::lookup(stem))
        .ok_or_else(|| ReadError::Unsupported {
            path: path.to_path_buf(),
            message: "is not named after an HSDS table (e.g. organizations.csv, services.csv); rename it or import its datapackage folder".into(),
        })?;
    let f = std::fs::File::open(path).map_err(|e| ReadError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let total = f.metadata().map(|m| m.len()).unwrap_or(0);
    let file: Arc<str> = Arc::from(path.display().to_string());
    read_csv(f, table, &file, 0, total, limits, sink).map_err(|e| ReadError::Io {
        path: path.to_path_buf(),
        source: e,
    })
}

/// Why a zip member may not be inflated, if it may not: too large, or compressed so well
/// that it is a zip bomb rather than data. Decided from the archive's directory, before
/// a byte is inflated.
fn zip_member_problem<R: Read>(
    entry: &zip::read::ZipFile<'_, R>,
    limit: u64,
    limits: &Limits,
) -> Option<String> {
    let (full, packed) = (entry.size(), entry.compressed_size());
    if full > limit {
        return Some(format!(
            "inflates to {}, more than the {} haven reads from one zip member; not read",
            size(full),
            size(limit)
        ));
    }
    if full > 1 << 20 && full / packed.max(1) > limits.zip_ratio {
        return Some(format!(
            "inflates {} times (from {} to {}), far more than real data compresses (the limit is {} times); not read, as it looks like a zip bomb",
            full / packed.max(1),
            size(packed),
            size(full),
            limits.zip_ratio
        ));
    }
    None
}

/// Read a `.zip` of a datapackage (the descriptor may sit in one top folder).
pub fn read_zip(path: &Path, sink: &mut dyn Sink) -> Result<(), ReadError> {
    read_zip_with(path, &Limits::default(), sink)
}

/// [`read_zip`] within `limits`.
pub fn read_zip_with(path: &Path, limits: &Limits, sink: &mut dyn Sink) -> Result<(), ReadError> {
    let zerr = |e: zip::result::ZipError| ReadError::Zip {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let f = std::fs::File::open(path).map_err(|e| ReadError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut z = zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(zerr)?;
    // Members with absolute or `..` names are never read, whatever the descriptor says.
    let names: Vec<String> = z
        .file_names()
        .filter(|n| unsafe_member_path(n).is_none())
        .map(str::to_string)
        .collect();
    let desc = names
        .iter()
        .filter(|n| n.rsplit('/').next() == Some("datapackage.json"))
        .min_by_key(|n| n.matches('/').count())
        .cloned();
    let shown = path.display().to_string();
    let (prefix, tables): (String, Vec<(Table, String)>) = match desc {
        Some(d) => {
            let prefix = d.strip_suffix("datapackage.json").unwrap_or("").to_string();
            let file: Arc<str> = Arc::from(format!("{shown}!{d}"));
            let entry = z.by_name(&d).map_err(zerr)?;
            if let Some(why) = zip_member_problem(&entry, limits.descriptor_bytes, limits) {
                sink.problem(Problem::file(Origin::file(&file), why));
                return Ok(());
            }
            let declared = entry.size();
            let mut text = String::new();
            Capped::new(
                entry,
                declared,
                format!("{file}: inflates past the size its zip entry declares"),
            )
            .read_to_string(&mut text)
            .map_err(|e| ReadError::Io {
                path: path.to_path_buf(),
                source: e,
            })?;
            match resources(&text, &file, sink) {
                Some(rs) => (prefix, rs),
                None => return Ok(()),
            }
        }
        None => {
            let rs: Vec<(Table, String)> = names
                .iter()
                .filter_map(|n| {
                    Table::lookup(n.rsplit('/').next().unwrap_or(n)).map(|t| (t, n.clone()))
                })
                .collect();
            if rs.is_empty() {
                return Err(ReadError::Unsupported {
                    path: path.to_path_buf(),
                    message: "is a zip with neither a datapackage.json nor any HSDS CSV file"
                        .into(),
                });
            }
            (String::new(), rs)
        }
    };
    let mut tables = tables;
    tables.sort_by_key(|(t, _)| t.dependency_rank());
    let total: u64 = tables
        .iter()
        .filter_map(|(_, p)| z.by_name(&format!("{prefix}{p}")).ok().map(|f| f.size()))
        .sum();
    let mut done = 0;
    for (t, p) in tables {
        let member = format!("{prefix}{}", p.strip_prefix("./").unwrap_or(&p));
        let file: Arc<str> = Arc::from(format!("{shown}!{member}"));
        let entry = match z.by_name(&member) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => {
                sink.problem(Problem::file(
                    Origin::file(&file),
                    format!("is listed in datapackage.json for table {t} but is not in the zip"),
                ));
                continue;
            }
            Err(e) => return Err(zerr(e)),
        };
        if let Some(why) = zip_member_problem(&entry, limits.zip_entry_bytes, limits) {
            sink.problem(Problem::file(Origin::file(&file), why));
            continue;
        }
        let len = entry.size();
        let capped = Capped::new(
            entry,
            len,
            format!("{file}: inflates past the size its zip entry declares"),
        );
        read_csv(capped, t, &file, done, total, limits, sink).map_err(|e| ReadError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        done += len;
        sink.progress(done, total);
    }
    Ok(())
}

/// Read the rows of one table's CSV: BOM, CRLF, quoted newlines and empty cells all handled.
fn read_csv<R: Read>(
    input: R,
    table: Table,
    file: &Arc<str>,
    base_done: u64,
    total: u64,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    let ts = spec(table);
    let capped = RowCap::new(input, limits.record_bytes);
    let too_long = capped.hit.clone();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(std::io::BufReader::with_capacity(1 << 16, capped));
    let mut rec = csv::StringRecord::new();
    let mut row: u64 = 0;
    let mut header: Vec<String> = Vec::new();
    let mut kinds: Vec<Option<Kind>> = Vec::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) if too_long.get() => {
                sink.problem(Problem::error(
                    Origin::row(file, row + 1),
                    table,
                    None,
                    format!(
                        "row is larger than {}, the most one record may be (a cell this large is not directory data); the rest of this file was not read",
                        size(limits.record_bytes)
                    ),
                ));
                return Ok(());
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(row + 1);
                let bad_utf8 = matches!(e.kind(), csv::ErrorKind::Utf8 { .. });
                sink.problem(Problem::error(
                    Origin::row(file, row + 1),
                    table,
                    None,
                    if bad_utf8 {
                        format!("row is not valid UTF-8 text (line {line}); save the file as UTF-8")
                    } else {
                        format!("cannot read the CSV here (line {line}): {e}")
                    },
                ));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return Err(std::io::Error::other(e.to_string()));
                }
                row += 1;
                continue;
            }
        }
        row += 1;
        if row == 1 {
            header = rec
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let h = if i == 0 {
                        h.trim_start_matches('\u{feff}')
                    } else {
                        h
                    };
                    h.trim().to_string()
                })
                .collect();
            kinds = header.iter().map(|h| ts.field(h).map(|f| f.kind)).collect();
            let mut seen = std::collections::BTreeSet::new();
            for h in &header {
                if h.is_empty() {
                    sink.problem(Problem::error(
                        Origin::row(file, 1),
                        table,
                        None,
                        "the header has an empty column name",
                    ));
                } else if !seen.insert(h.as_str()) {
                    sink.problem(Problem::error(
                        Origin::row(file, 1),
                        table,
                        Some(h),
                        "the column appears twice in the header",
                    ));
                }
            }
            for f in ts
                .fields
                .iter()
                .filter(|f| f.required || f.tabular_required)
            {
                if !header.contains(&f.name) {
                    sink.problem(Problem::error(
                        Origin::row(file, 1),
                        table,
                        Some(&f.name),
                        "required column is missing from the header",
                    ));
                }
            }
            if !header.iter().any(|h| h == "id") {
                return Ok(());
            }
            let extra = kinds.iter().filter(|k| k.is_none()).count();
            if extra > limits.extra_columns_per_table {
                sink.problem(Problem::error(
                    Origin::row(file, 1),
                    table,
                    None,
                    format!(
                        "the header has {extra} columns that are not HSDS fields, more than the {} extra columns a table may carry; the file was not read",
                        limits.extra_columns_per_table
                    ),
                ));
                return Ok(());
            }
            continue;
        }
        if rec.len() == 1 && rec.get(0).is_some_and(|c| c.trim().is_empty()) {
            continue; // a blank line
        }
        if rec.len() != header.len() {
            sink.problem(Problem::error(
                Origin::row(file, row),
                table,
                None,
                format!(
                    "row has {} cells but the header has {} columns",
                    rec.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let mut record = Record::new();
        let mut too_big = false;
        for (i, cell) in rec.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            if cell.len() > limits.field_bytes {
                sink.problem(Problem::error(
                    Origin::row(file, row),
                    table,
                    Some(&header[i]),
                    format!(
                        "is {} long, more than the {} one field may hold; the row was not read",
                        size(cell.len() as u64),
                        size(limits.field_bytes as u64)
                    ),
                ));
                too_big = true;
                break;
            }
            let v = match kinds[i] {
                Some(Kind::Number) => match parse_number(cell) {
                    Some(n) => Value::Number(n),
                    None => Value::String(cell.to_string()),
                },
                _ => Value::String(cell.to_string()),
            };
            record.insert(header[i].clone(), v);
        }
        if too_big {
            continue;
        }
        sink.record(table, record, Origin::row(file, row));
        if row.is_multiple_of(20_000) {
            let pos = rdr.position().byte();
            sink.progress(base_done + pos, total);
        }
    }
    Ok(())
}

/// Read one table's CSV from any reader (embedded data, network bodies); `name` is shown in problems.
pub fn read_csv_from<R: Read>(
    input: R,
    table: Table,
    name: &str,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    let file: Arc<str> = Arc::from(name);
    read_csv(input, table, &file, 0, 0, &Limits::default(), sink)
}
