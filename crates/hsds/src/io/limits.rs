//! The bounds every reader keeps to, so a hostile or broken file cannot make an import take
//! memory without limit, read files outside its package, or carry a million columns.

use std::io::Read;

/// How large and how wide an input may be; the defaults hold any real directory with room to
/// spare and keep a whole import well under 2 GB of memory whatever it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest `datapackage.json`, in bytes (the official one is about 150 KB).
    pub descriptor_bytes: u64,
    /// Largest one record may be in its file (a CSV row, one JSON item), in bytes.
    pub record_bytes: u64,
    /// Longest one text field may be, in bytes.
    pub field_bytes: usize,
    /// Most extra (non-HSDS) fields one record may carry.
    pub extra_fields_per_record: usize,
    /// Most distinct extra (non-HSDS) fields one table may carry across an import.
    pub extra_columns_per_table: usize,
    /// Largest uncompressed size of one zip member, in bytes.
    pub zip_entry_bytes: u64,
    /// Largest compression ratio (uncompressed / compressed) of a zip member over 1 MiB;
    /// real CSV compresses 5-20 times, a zip bomb a thousand.
    pub zip_ratio: u64,
    /// JSON documents up to this size are read whole, so an object nested under several
    /// top-level items merges into one record; larger ones are read one item at a time.
    pub json_whole_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            descriptor_bytes: 16 << 20,
            record_bytes: 16 << 20,
            field_bytes: 1 << 20,
            extra_fields_per_record: 64,
            extra_columns_per_table: 256,
            zip_entry_bytes: 16 << 30,
            zip_ratio: 200,
            json_whole_bytes: 64 << 20,
        }
    }
}

/// A size in words a user reads at a glance (`16 MiB`, `512 bytes`).
pub fn size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            let whole = bytes / unit;
            let tenth = (bytes % unit) * 10 / unit;
            return if tenth == 0 {
                format!("{whole} {name}")
            } else {
                format!("{whole}.{tenth} {name}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// Why a relative path named by a package may not be read, if it may not.
///
/// Absolute paths, `..`, drive letters, backslashes and URLs are refused: a package may only
/// name files inside itself.
pub fn unsafe_member_path(p: &str) -> Option<&'static str> {
    if p.is_empty() {
        return Some("is empty");
    }
    if p.contains("://") {
        return Some("is a URL; haven reads only files inside the package");
    }
    if p.starts_with('/') || p.starts_with('\\') || p.as_bytes().get(1) == Some(&b':') {
        return Some("is an absolute path; a datapackage may only name files inside its folder");
    }
    if p.contains('\\') {
        return Some("uses backslashes; write package paths with / (like phones.csv)");
    }
    if p.split('/').any(|c| c == "..") {
        return Some("goes up out of the package with ..; a datapackage may only name files inside its folder");
    }
    if p.chars().any(char::is_control) {
        return Some("holds control characters");
    }
    None
}

/// Passes bytes through but fails once more than `limit` come out: a zip member that inflates
/// past its declared size, or past what haven accepts, stops there instead of filling memory.
pub struct Capped<R> {
    inner: R,
    left: u64,
    what: String,
}

impl<R> Capped<R> {
    /// Let at most `limit` bytes through; `what` says what was too large when it fails.
    pub fn new(inner: R, limit: u64, what: String) -> Self {
        Capped {
            inner,
            left: limit,
            what,
        }
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        // Ask for one byte more than allowed, so going over is seen rather than cut silently.
        let want = buf
            .len()
            .min(usize::try_from(self.left + 1).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                self.what.clone(),
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Passes CSV bytes through while following quotes, and fails as soon as one row grows past
/// `limit` bytes, so a single enormous cell is refused before the CSV reader buffers it.
pub struct RowCap<R> {
    inner: R,
    limit: u64,
    in_row: u64,
    quoted: bool,
    /// Set when the cap was hit, so the reader can say which row in plain words.
    pub hit: std::rc::Rc<std::cell::Cell<bool>>,
}

impl<R> RowCap<R> {
    /// Follow CSV rows of at most `limit` bytes.
    pub fn new(inner: R, limit: u64) -> Self {
        RowCap {
            inner,
            limit,
            in_row: 0,
            quoted: false,
            hit: Default::default(),
        }
    }
}

impl<R: Read> Read for RowCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.hit.get() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "row too large",
            ));
        }
        let n = self.inner.read(buf)?;
        for (i, &b) in buf[..n].iter().enumerate() {
            match b {
                b'"' => self.quoted = !self.quoted,
                b'\n' if !self.quoted => {
                    self.in_row = 0;
                    continue;
                }
                _ => {}
            }
            self.in_row += 1;
            if self.in_row > self.limit {
                // Hand over the rows before this one; the next read fails.
                self.hit.set(true);
                return Ok(i);
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_paths_stay_inside_the_package() {
        for ok in ["phones.csv", "data/phones.csv", "./phones.csv", "a..b.csv"] {
            assert_eq!(unsafe_member_path(ok), None, "{ok}");
        }
        for bad in [
            "/etc/passwd",
            "../x.csv",
            "data/../../x.csv",
            "C:/x.csv",
            "\\\\server\\x.csv",
            "data\\x.csv",
            "https://example.org/x.csv",
            "",
        ] {
            assert!(unsafe_member_path(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn capped_fails_past_the_limit_and_passes_up_to_it() {
        let mut out = Vec::new();
        let ok = Capped::new(&[7u8; 10][..], 10, "x".into()).read_to_end(&mut out);
        assert_eq!(ok.ok(), Some(10));
        let err = Capped::new(&[7u8; 11][..], 10, "too big".into())
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert_eq!(err.to_string(), "too big");
    }

    #[test]
    fn row_cap_counts_quoted_newlines_as_inside_the_row() {
        let short = b"a,b\n\"x\ny\",z\n";
        assert!(RowCap::new(&short[..], 8)
            .read_to_end(&mut Vec::new())
            .is_ok());
        let long = b"a,b\n\"xxxx\nyyyy\",z\n";
        let mut r = RowCap::new(&long[..], 8);
        assert!(r.read_to_end(&mut Vec::new()).is_err());
        assert!(r.hit.get());
        assert_eq!(size(16 << 20), "16 MiB");
        assert_eq!(size(1536), "1.5 KiB");
    }
}
