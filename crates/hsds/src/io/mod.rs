//! Reading and writing both official HSDS forms: JSON (one object, an array, an API list
//! envelope, the tabular JSON form, NDJSON) and the tabular datapackage (folder or `.zip`).

mod json;
mod limits;
mod tabular;
mod write;

pub use json::{read_json, read_json_with};
pub use limits::{size as limits_size, Limits};
pub use tabular::{
    read_csv_file, read_csv_file_with, read_csv_from, read_datapackage_dir,
    read_datapackage_dir_with, read_zip, read_zip_with,
};
pub use write::{
    escape_formula, write_datapackage, write_datapackage_with, write_json, write_ndjson,
    RecordSource, WriteError, WriteOptions,
};

use crate::{Directory, Origin, Problem, Record, Table};
use std::path::{Path, PathBuf};

/// Where readers send what they find: records, problems, and how far they got.
pub trait Sink {
    /// One flat record, with where it came from.
    fn record(&mut self, table: Table, record: Record, origin: Origin);
    /// A problem the reader found (bad cell, bad header, not HSDS...).
    fn problem(&mut self, problem: Problem);
    /// Bytes of input consumed so far out of the total, for a progress bar.
    fn progress(&mut self, _done: u64, _total: u64) {}
}

/// A whole input could not be read at all (missing, unreadable, not JSON, not a zip...).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The path does not exist.
    #[error("{path}: no such file or folder")]
    NotFound { path: PathBuf },
    /// The file exists but could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid JSON.
    #[error("{path}:{line}:{column}: not valid JSON: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The zip archive is damaged or not a zip.
    #[error("{path}: not a readable zip archive: {message}")]
    Zip { path: PathBuf, message: String },
    /// The path is something haven does not know how to read.
    #[error("{path}: {message}")]
    Unsupported { path: PathBuf, message: String },
}

/// Read any supported input: a `.json`/`.ndjson`/`.jsonl` file, a `.csv` table named after
/// its table, a datapackage folder, or a `.zip` of one.
pub fn read_path(path: &Path, sink: &mut dyn Sink) -> Result<(), ReadError> {
    read_path_with(path, &Limits::default(), sink)
}

/// [`read_path`] within `limits` (tests use small ones; imports use the defaults).
pub fn read_path_with(path: &Path, limits: &Limits, sink: &mut dyn Sink) -> Result<(), ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            ReadError::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            ReadError::Io {
                path: path.to_path_buf(),
                source: e,
            }
        }
    })?;
    if meta.is_dir() {
        return read_datapackage_dir_with(path, limits, sink);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    // A descriptor named on its own stands for its package (it is JSON, but not HSDS records).
    if path.file_name().is_some_and(|n| n == "datapackage.json") {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        return read_datapackage_dir_with(dir.unwrap_or(Path::new(".")), limits, sink);
    }
    match ext.as_str() {
        "zip" => read_zip_with(path, limits, sink),
        "csv" => read_csv_file_with(path, limits, sink),
        "json" | "ndjson" | "jsonl" => read_json_with(path, limits, sink),
        _ => Err(ReadError::Unsupported {
            path: path.to_path_buf(),
            message: "not a .json, .ndjson, .jsonl, .csv or .zip file, nor a datapackage folder"
                .into(),
        }),
    }
}

/// Collects a small input in memory (tests, the bundled data, validation of small files).
#[derive(Debug, Default)]
pub struct Collect {
    /// The records read.
    pub directory: Directory,
    /// The problems the readers found.
    pub problems: Vec<Problem>,
}

impl Sink for Collect {
    fn record(&mut self, table: Table, record: Record, origin: Origin) {
        self.directory.push(table, record, origin);
    }
    fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }
}

/// Read inputs into memory: the directory and the readers' problems (not yet validated).
pub fn read_all(paths: &[PathBuf]) -> Result<Collect, ReadError> {
    let mut c = Collect::default();
    for p in paths {
        read_path(p, &mut c)?;
    }
    Ok(c)
}

/// Parse a number as HSDS writes it in CSV: an integer stays an integer, no `inf`/`NaN`.
pub fn parse_number(s: &str) -> Option<serde_json::Number> {
    let t = s.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) {
        return None;
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(i.into());
    }
    t.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .and_then(serde_json::Number::from_f64)
}
