//! Reading one source CSV: header checked for the columns we need, rows numbered as a spreadsheet.

use crate::BundleError;
use hsds::Origin;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// A source file read whole, with its required columns located.
pub(crate) struct Sheet {
    pub file: Arc<str>,
    index: HashMap<String, usize>,
    records: Vec<csv::StringRecord>,
}

/// One data row of a sheet.
pub(crate) struct Row<'a> {
    sheet: &'a Sheet,
    record: &'a csv::StringRecord,
    /// Spreadsheet row number (header = 1).
    pub number: u64,
}

impl Sheet {
    /// Read `rel` under `sources`, failing when a `required` column is missing.
    pub fn read(sources: &Path, rel: &str, required: &[&str]) -> Result<Sheet, BundleError> {
        let read_err = |source| BundleError::Read {
            file: rel.to_string(),
            source,
        };
        let mut rdr = csv::ReaderBuilder::new()
            .from_path(sources.join(rel))
            .map_err(read_err)?;
        let headers = rdr.headers().map_err(read_err)?.clone();
        let index: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim_start_matches('\u{feff}').trim().to_string(), i))
            .collect();
        for col in required {
            if !index.contains_key(*col) {
                return Err(BundleError::MissingColumn {
                    file: rel.to_string(),
                    column: (*col).to_string(),
                });
            }
        }
        let records = rdr
            .records()
            .collect::<Result<Vec<_>, _>>()
            .map_err(read_err)?;
        Ok(Sheet {
            file: Arc::from(rel),
            index,
            records,
        })
    }

    /// The data rows in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().enumerate().map(|(i, record)| Row {
            sheet: self,
            record,
            number: i as u64 + 2,
        })
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.records.len()
    }
}

impl<'a> Row<'a> {
    /// The trimmed value of a column ("" when the column or the cell is absent).
    pub fn get(&self, column: &str) -> &'a str {
        self.sheet
            .index
            .get(column)
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or_default()
    }

    /// The value, or None when empty or one of the sources' "missing" markers.
    pub fn present(&self, column: &str) -> Option<&'a str> {
        present(self.get(column))
    }

    /// Where this row is, for records made from it.
    pub fn origin(&self) -> Origin {
        Origin::row(&self.sheet.file, self.number)
    }

    /// A typed error about one field of this row.
    pub fn bad(&self, field: &str, reason: impl Into<String>) -> BundleError {
        BundleError::BadRow {
            file: self.sheet.file.to_string(),
            row: self.number,
            field: field.to_string(),
            reason: reason.into(),
        }
    }
}

/// None for empty values and the "missing" markers the HIFLD file uses (`NOT AVAILABLE`, `-999`).
pub(crate) fn present(v: &str) -> Option<&str> {
    let v = v.trim();
    match v {
        "" | "NOT AVAILABLE" | "-999" => None,
        _ => Some(v),
    }
}
