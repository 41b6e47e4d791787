//! JSON inputs: a record, a list, an API envelope, the tabular JSON form, NDJSON; nested
//! "full" objects are flattened into their tables with owner references filled in.

use super::limits::{size, Limits};
use super::{ReadError, Sink};
use crate::record::escape_pointer;
use crate::spec::spec;
use crate::{Origin, Problem, Record, Table};
use serde_json::Value;
use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::Arc;

/// Table names in the order a file name is matched against them (longest first).
const HINTS: [(&str, Table); 23] = [
    ("organization_identifier", Table::OrganizationIdentifier),
    ("translation", Table::Translation),
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

/// Said of the API's root document, which describes an API and holds no records.
const ROOT_DOCUMENT: &str =
    "is an HSDS API root document (version, profile, openapi_url): it holds no records";

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
    read_json_with(path, &Limits::default(), sink)
}

/// [`read_json`] within `limits`: documents larger than `limits.json_whole_bytes` are read
/// one top-level item at a time, so memory follows the largest record, not the file.
pub fn read_json_with(path: &Path, limits: &Limits, sink: &mut dyn Sink) -> Result<(), ReadError> {
    let file: Arc<str> = Arc::from(path.display().to_string());
    let io = |e| ReadError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let total = std::fs::metadata(path).map_err(io)?.len();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let hint = table_hint(path);
    if ext == "ndjson" || ext == "jsonl" {
        return read_ndjson(path, &file, hint, total, limits, sink);
    }
    if total > limits.json_whole_bytes {
        return stream::read_large(path, &file, hint, total, limits, sink);
    }
    let text = std::fs::read_to_string(path).map_err(io)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match serde_json::from_str::<Value>(text) {
        Ok(v) => {
            read_document(v, &file, "", hint, sink);
            sink.progress(total, total);
            Ok(())
        }
        Err(e) if looks_like_ndjson(&e, text.lines()) => {
            read_ndjson(path, &file, hint, total, limits, sink)
        }
        Err(e) => Err(json_error(path, &e)),
    }
}

/// A document that fails to parse after its first line, every line an object: NDJSON.
fn looks_like_ndjson<'l>(e: &serde_json::Error, mut lines: impl Iterator<Item = &'l str>) -> bool {
    e.classify() == serde_json::error::Category::Syntax
        && e.line() > 1
        && lines.all(|l| l.trim().is_empty() || l.trim_start().starts_with('{'))
}

fn json_error(path: &Path, e: &serde_json::Error) -> ReadError {
    ReadError::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

/// Read one line of at most `limit` bytes into `buf`; a longer line is skipped to its end
/// and reported as `Ok(Some(len))` so it never sits in memory whole.
fn capped_line(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<Option<Option<u64>>> {
    buf.clear();
    let n = r.by_ref().take(limit + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.len() as u64 <= limit || buf.ends_with(b"\n") {
        return Ok(Some(None));
    }
    // Too long: skip to the end of the line without keeping it.
    let mut skipped = buf.len() as u64;
    buf.clear();
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                skipped += i as u64 + 1;
                r.consume(i + 1);
                break;
            }
            None => {
                let l = chunk.len();
                skipped += l as u64;
                r.consume(l);
            }
        }
    }
    Ok(Some(Some(skipped)))
}

fn read_ndjson(
    path: &Path,
    file: &Arc<str>,
    hint: Option<Table>,
    total: u64,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> Result<(), ReadError> {
    let io = |e| ReadError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let f = std::fs::File::open(path).map_err(io)?;
    let mut r = std::io::BufReader::new(f);
    let mut buf = Vec::new();
    let mut done = 0u64;
    let mut line_no = 0usize;
    while let Some(long) = capped_line(&mut r, &mut buf, limits.record_bytes).map_err(io)? {
        line_no += 1;
        if let Some(len) = long {
            done += len;
            sink.problem(Problem::file(
                Origin::pointer(file, format!("/{line_no}")),
                format!(
                    "line {line_no} is {}, more than the {} one record may be; not read",
                    size(len),
                    size(limits.record_bytes)
                ),
            ));
            continue;
        }
        done += buf.len() as u64;
        let Ok(line) = std::str::from_utf8(&buf) else {
            sink.problem(Problem::file(
                Origin::pointer(file, format!("/{line_no}")),
                format!("line {line_no} is not valid UTF-8 text; save the file as UTF-8"),
            ));
            continue;
        };
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
        if line_no.is_multiple_of(10_000) {
            sink.progress(done, total);
        }
    }
    sink.progress(total, total);
    Ok(())
}

/// Large documents: a first pass learns the document's form and the size of every item
/// without keeping any of it; the second reads the items one at a time.
mod stream {
    use super::*;
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::cell::Cell;
    use std::collections::BTreeSet;
    use std::rc::Rc;

    /// Counts the bytes a parser has taken, to size items and report progress.
    struct Counting<R> {
        inner: R,
        n: Rc<Cell<u64>>,
    }

    impl<R: std::io::Read> std::io::Read for Counting<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let k = self.inner.read(buf)?;
            self.n.set(self.n.get() + k as u64);
            Ok(k)
        }
    }

    /// A file being parsed, and how many bytes the parser has taken from it.
    type Counted = (Counting<std::io::BufReader<std::fs::File>>, Rc<Cell<u64>>);

    fn open(path: &Path) -> Result<Counted, ReadError> {
        let f = std::fs::File::open(path).map_err(|e| ReadError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        let mut r = std::io::BufReader::with_capacity(1 << 16, f);
        // Skip a byte order mark.
        let bom = r
            .fill_buf()
            .map(|b| b.starts_with(b"\xef\xbb\xbf"))
            .unwrap_or(false);
        if bom {
            r.consume(3);
        }
        let n = Rc::new(Cell::new(0));
        Ok((
            Counting {
                inner: r,
                n: n.clone(),
            },
            n,
        ))
    }

    /// The form of a document, as the first pass found it.
    #[derive(Debug, Default)]
    struct Shape {
        array: bool,
        object: bool,
        contents: bool,
        all_tables: bool,
        has_id: bool,
        has_openapi: bool,
        scalar: Option<&'static str>,
        /// Items too large to read: (key of their list, "" for a top-level list; index; bytes).
        big: Vec<(String, usize, u64)>,
    }

    struct Probe<'a> {
        n: &'a Rc<Cell<u64>>,
        limit: u64,
        key: String,
        big: &'a mut Vec<(String, usize, u64)>,
    }

    impl<'de> DeserializeSeed<'de> for Probe<'_> {
        /// Whether the value was a list.
        type Value = bool;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Probe<'_> {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
            let mut i = 0;
            loop {
                let before = self.n.get();
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(true);
                }
                let len = self.n.get().saturating_sub(before);
                if len > self.limit {
                    self.big.push((self.key.clone(), i, len));
                }
                i += 1;
            }
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(false)
        }
        fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_str<E>(self, _: &str) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_unit<E>(self) -> Result<bool, E> {
            Ok(false)
        }
    }

    struct TopProbe<'a> {
        n: &'a Rc<Cell<u64>>,
        limit: u64,
        shape: &'a mut Shape,
    }

    impl<'de> Visitor<'de> for TopProbe<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an HSDS object or a list of them")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
            self.shape.array = true;
            let probe = Probe {
                n: self.n,
                limit: self.limit,
                key: String::new(),
                big: &mut self.shape.big,
            };
            probe.visit_seq(seq).map(|_| ())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let s = self.shape;
            s.object = true;
            s.all_tables = true;
            while let Some(k) = map.next_key::<String>()? {
                let watch = k == "contents" || Table::lookup(&k).is_some();
                let is_list = if watch {
                    map.next_value_seed(Probe {
                        n: self.n,
                        limit: self.limit,
                        key: k.clone(),
                        big: &mut s.big,
                    })?
                } else {
                    map.next_value::<IgnoredAny>()?;
                    false
                };
                s.contents |= k == "contents" && is_list;
                s.all_tables &= Table::lookup(&k).is_some() && is_list;
                s.has_id |= k == "id";
                s.has_openapi |= k == "openapi_url";
            }
            Ok(())
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            self.shape.scalar = Some("true/false");
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            self.shape.scalar = Some("a number");
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            self.shape.scalar = Some("a number");
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            self.shape.scalar = Some("a number");
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            self.shape.scalar = Some("text");
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            self.shape.scalar = Some("null");
            Ok(())
        }
    }

    /// Reads the items of one list one at a time, skipping those the first pass found too large.
    struct Items<'a> {
        file: &'a Arc<str>,
        base: String,
        key: String,
        hint: Option<Table>,
        big: &'a BTreeSet<(String, usize)>,
        n: &'a Rc<Cell<u64>>,
        total: u64,
        sink: &'a mut dyn Sink,
    }

    impl<'de> DeserializeSeed<'de> for Items<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }

    impl<'de> Visitor<'de> for Items<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of HSDS objects")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut i = 0;
            loop {
                if self.big.contains(&(self.key.clone(), i)) {
                    if seq.next_element::<IgnoredAny>()?.is_none() {
                        return Ok(());
                    }
                } else {
                    let Some(v) = seq.next_element::<Value>()? else {
                        return Ok(());
                    };
                    let ptr = format!("{}/{i}", self.base);
                    merged(self.sink, |m| read_item(v, self.file, &ptr, self.hint, m));
                }
                i += 1;
                if i.is_multiple_of(1000) {
                    self.sink.progress(self.n.get(), self.total);
                }
            }
        }
    }

    struct Top<'a> {
        contents: bool,
        items: Items<'a>,
    }

    impl<'de> Visitor<'de> for Top<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an HSDS object or a list of them")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
            self.items.visit_seq(seq)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let Top { contents, items } = self;
            let Items {
                file,
                hint,
                big,
                n,
                total,
                sink,
                ..
            } = items;
            let mut done_contents = false;
            while let Some(k) = map.next_key::<String>()? {
                let table = Table::lookup(&k);
                let (stream, hint) = if contents {
                    (k == "contents" && !done_contents, hint)
                } else {
                    (table.is_some(), table)
                };
                if !stream {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                done_contents |= k == "contents";
                let base = format!("/{}", escape_pointer(&k));
                map.next_value_seed(Items {
                    file,
                    base,
                    key: k,
                    hint,
                    big,
                    n,
                    total,
                    sink: &mut *sink,
                })?;
            }
            Ok(())
        }
    }

    /// Read a document too large to hold whole: lists, `{"contents": [...]}` envelopes and
    /// the tabular form stream; a single record that large is refused.
    pub(super) fn read_large(
        path: &Path,
        file: &Arc<str>,
        hint: Option<Table>,
        total: u64,
        limits: &Limits,
        sink: &mut dyn Sink,
    ) -> Result<(), ReadError> {
        let mut shape = Shape::default();
        {
            let (r, n) = open(path)?;
            let mut de = serde_json::Deserializer::from_reader(r);
            let probe = TopProbe {
                n: &n,
                limit: limits.record_bytes,
                shape: &mut shape,
            };
            let parsed =
                serde::Deserializer::deserialize_any(&mut de, probe).and_then(|()| de.end());
            if let Err(e) = parsed {
                let f = std::fs::File::open(path).map_err(|e| ReadError::Io {
                    path: path.to_path_buf(),
                    source: e,
                })?;
                let mut lines = std::io::BufReader::new(f);
                let mut buf = Vec::new();
                let mut all_objects = true;
                while let Ok(Some(_)) = capped_line(&mut lines, &mut buf, 64) {
                    let l = String::from_utf8_lossy(&buf);
                    all_objects &= l.trim().is_empty() || l.trim_start().starts_with('{');
                    if !all_objects {
                        break;
                    }
                }
                if all_objects && looks_like_ndjson(&e, std::iter::empty()) {
                    return read_ndjson(path, file, hint, total, limits, sink);
                }
                return Err(json_error(path, &e));
            }
        }
        if let Some(kind) = shape.scalar {
            sink.problem(Problem::file(
                Origin::pointer(file, ""),
                format!("expected an HSDS object or a list of them, found {kind}"),
            ));
            return Ok(());
        }
        if shape.object && !shape.has_id && shape.has_openapi && !shape.contents {
            sink.problem(Problem {
                severity: crate::Severity::Warning,
                origin: Origin::pointer(file, ""),
                table: None,
                field: None,
                message: ROOT_DOCUMENT.into(),
            });
            return Ok(());
        }
        let streams =
            shape.array || shape.contents || (shape.object && shape.all_tables && !shape.has_id);
        if !streams {
            sink.problem(Problem::file(
                Origin::pointer(file, ""),
                format!(
                    "is one record of {}, more than the {} one record may be; not read",
                    size(total),
                    size(limits.record_bytes.min(limits.json_whole_bytes))
                ),
            ));
            return Ok(());
        }
        let mut big = BTreeSet::new();
        for (key, i, len) in shape.big {
            let base = if key.is_empty() {
                String::new()
            } else {
                format!("/{}", escape_pointer(&key))
            };
            sink.problem(Problem::file(
                Origin::pointer(file, format!("{base}/{i}")),
                format!(
                    "is a record of {}, more than the {} one record may be; not read",
                    size(len),
                    size(limits.record_bytes)
                ),
            ));
            big.insert((key, i));
        }
        let (r, n) = open(path)?;
        let mut de = serde_json::Deserializer::from_reader(r);
        let top = Top {
            contents: shape.contents,
            items: Items {
                file,
                base: String::new(),
                key: String::new(),
                hint,
                big: &big,
                n: &n,
                total,
                sink: &mut *sink,
            },
        };
        serde::Deserializer::deserialize_any(&mut de, top).map_err(|e| json_error(path, &e))?;
        sink.progress(total, total);
        Ok(())
    }
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

/// Run `read` with a [`Merge`] in front of `out`, then pass the merged records on.
fn merged(out: &mut dyn Sink, read: impl FnOnce(&mut dyn Sink)) {
    let mut merge = Merge {
        out,
        index: Default::default(),
        rows: Vec::new(),
    };
    read(&mut merge);
    let Merge { out, rows, .. } = merge;
    for (t, r, o) in rows {
        out.record(t, r, o);
    }
}

/// One parsed JSON document: decide which form it is and read its records.
fn read_document(v: Value, file: &Arc<str>, base: &str, hint: Option<Table>, out: &mut dyn Sink) {
    merged(out, |m| read_forms(v, file, base, hint, m));
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
                    message: ROOT_DOCUMENT.into(),
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
