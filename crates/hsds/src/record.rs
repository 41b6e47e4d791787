//! Flat records, where they came from, and the problems found in them.

use crate::Table;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// One HSDS record in its flat (tabular) form: scalar fields only, keys sorted, extra fields kept.
pub type Record = serde_json::Map<String, Value>;

/// Where in an input a record or a problem is, so a user can go and fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Loc {
    /// A CSV data row, counted as a spreadsheet shows it (the header is row 1).
    Row(u64),
    /// A JSON Pointer into the file (RFC 6901); for NDJSON the first token is the line number.
    Pointer(String),
    /// The file as a whole.
    File,
}

/// A file and a place in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    /// The file as the user named it (or the member path inside a zip).
    pub file: Arc<str>,
    /// Where in the file.
    pub at: Loc,
}

impl Origin {
    /// A CSV row of a file.
    pub fn row(file: &Arc<str>, row: u64) -> Self {
        Origin {
            file: file.clone(),
            at: Loc::Row(row),
        }
    }

    /// A JSON pointer into a file.
    pub fn pointer(file: &Arc<str>, pointer: impl Into<String>) -> Self {
        Origin {
            file: file.clone(),
            at: Loc::Pointer(pointer.into()),
        }
    }

    /// A file as a whole.
    pub fn file(file: &str) -> Self {
        Origin {
            file: Arc::from(file),
            at: Loc::File,
        }
    }

    /// The same place, one field deeper (JSON: pointer gains `/field`; CSV rows stay as they are).
    pub fn field(&self, field: &str) -> Origin {
        match &self.at {
            Loc::Pointer(p) => {
                Origin::pointer(&self.file, format!("{p}/{}", escape_pointer(field)))
            }
            _ => self.clone(),
        }
    }
}

/// Escape one JSON Pointer token (RFC 6901).
pub fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Loc::Row(r) => write!(f, "{}:{}", self.file, r),
            Loc::Pointer(p) if p.is_empty() => write!(f, "{}:/", self.file),
            Loc::Pointer(p) => write!(f, "{}:{}", self.file, p),
            Loc::File => write!(f, "{}", self.file),
        }
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input cannot be imported as it is.
    Error,
    /// Kept as given, but worth a look; `--strict` makes it an error.
    Warning,
}

/// One thing wrong with an input, said once, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file and row or pointer.
    pub origin: Origin,
    /// The table of the record, when known.
    pub table: Option<Table>,
    /// The field, when the problem is about one field.
    pub field: Option<String>,
    /// What is wrong, in plain words.
    pub message: String,
}

impl Problem {
    /// An error about a field of a record.
    pub fn error(
        origin: Origin,
        table: Table,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Error,
            origin,
            table: Some(table),
            field: field.map(str::to_string),
            message: message.into(),
        }
    }

    /// A warning about a field of a record.
    pub fn warning(
        origin: Origin,
        table: Table,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(origin, table, field, message)
        }
    }

    /// An error about a file as a whole (unreadable, not HSDS, ...).
    pub fn file(origin: Origin, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            origin,
            table: None,
            field: None,
            message: message.into(),
        }
    }

    /// Whether this problem stops an import.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {sev}: ", self.origin)?;
        match (&self.table, &self.field) {
            (Some(t), Some(fl)) => write!(f, "{t}.{fl}: ")?,
            (Some(t), None) => write!(f, "{t}: ")?,
            _ => {}
        }
        f.write_str(&self.message)
    }
}

/// A whole directory in memory: every table's records with their origins, in input order.
///
/// Small inputs and tests use it; large imports stream rows instead (see [`crate::io`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Directory {
    /// Records per table, each with where it came from.
    pub tables: BTreeMap<Table, Vec<(Record, Origin)>>,
}

impl Directory {
    /// Add one record to a table.
    pub fn push(&mut self, table: Table, record: Record, origin: Origin) {
        self.tables.entry(table).or_default().push((record, origin));
    }

    /// The records of one table (empty when there are none).
    pub fn records(&self, table: Table) -> impl Iterator<Item = &Record> {
        self.tables
            .get(&table)
            .into_iter()
            .flatten()
            .map(|(r, _)| r)
    }

    /// Number of records across all tables.
    pub fn len(&self) -> usize {
        self.tables.values().map(Vec::len).sum()
    }

    /// True when no table has a record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The records only, per table, sorted by id: the comparable content, free of origins and order.
    pub fn content(&self) -> BTreeMap<Table, BTreeMap<String, Record>> {
        let mut out: BTreeMap<Table, BTreeMap<String, Record>> = BTreeMap::new();
        for (t, rows) in &self.tables {
            let m = out.entry(*t).or_default();
            for (r, _) in rows {
                let id = r
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                m.insert(id, r.clone());
            }
        }
        out.retain(|_, m| !m.is_empty());
        out
    }
}

/// The 128-bit value of an id written as a canonical (lowercase, hyphenated) UUID; `None` for
/// any other spelling, so distinct texts never fold together. Layers use it as a compact key.
pub fn canonical_uuid(id: &str) -> Option<u128> {
    let b = id.as_bytes();
    if b.len() != 36 || b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return None;
    }
    // Lowercase hex digit values, 0xff for anything else: one table load per character (the
    // index build and the store key millions of ids this way).
    const HEX: [u8; 256] = {
        let mut t = [0xffu8; 256];
        let mut i = 0;
        while i < 10 {
            t[b'0' as usize + i] = i as u8;
            i += 1;
        }
        let mut j = 0;
        while j < 6 {
            t[b'a' as usize + j] = 10 + j as u8;
            j += 1;
        }
        t
    };
    let mut v: u128 = 0;
    let mut bad = 0u8;
    for (i, &c) in b.iter().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            continue;
        }
        let d = HEX[c as usize];
        bad |= d;
        v = (v << 4) | u128::from(d & 0x0f);
    }
    // A valid digit is at most 0x0f; any 0xff leaves the high bits set.
    (bad & 0xf0 == 0).then_some(v)
}

/// The id of a record, when it has a string id.
pub fn record_id(record: &Record) -> Option<&str> {
    record.get("id").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::canonical_uuid;

    #[test]
    fn only_the_canonical_spelling_folds_to_128_bits() {
        assert_eq!(
            canonical_uuid("00000000-0000-0000-0000-0000000000ff"),
            Some(255)
        );
        let v = canonical_uuid("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610").unwrap();
        assert_eq!(format!("{v:032x}"), "d9d5e0f5d3ce4f739a2f4dd0ecc6c610");
        for other in [
            "D9D5E0F5-D3CE-4F73-9A2F-4DD0ECC6C610",
            "d9d5e0f5d3ce4f739a2f4dd0ecc6c610",
            "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c61",
            "d9d5e0f5-d3ce-4f73-9a2f_4dd0ecc6c610",
            "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c6g0",
            "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c6-0",
            "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6cé0",
            "org-1",
        ] {
            assert_eq!(canonical_uuid(other), None, "{other}");
        }
    }
}
