//! Validation a user can act on: the official schema rules per record, then what the schemas
//! cannot say (duplicate ids, coordinates in range, well-formed schedules, references).

use crate::spec::{spec, Kind, RefKind, Target};
use crate::{Origin, Problem, Record, Table};
use serde_json::Value;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A fast, non-cryptographic hasher (the FxHash mix): ids are the checker's hot path, and
/// nothing here faces an adversary that could exploit collisions beyond slowing one import.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// What the checker decided about one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Well-formed: write it.
    Keep,
    /// The same record (same id, same content) was already given, e.g. nested twice: skip it.
    Repeat,
    /// It has an error: do not write it.
    Reject,
}

/// Ids seen in one table, kept small: canonical UUIDs fold to 128 bits, so a million-row
/// import keeps about 33 bytes per record.
#[derive(Debug, Default)]
struct Ids {
    uuids: FastMap<u128, Seen>,
    texts: FastMap<Box<str>, Seen>,
}

/// The 128-bit form of an id written as a canonical lowercase hyphenated UUID, so distinct
/// texts always stay distinct.
fn uuid_key(id: &str) -> Option<u128> {
    crate::record::canonical_uuid(id)
}

impl Ids {
    fn get(&self, id: &str) -> Option<&Seen> {
        match uuid_key(id) {
            Some(k) => self.uuids.get(&k),
            None => self.texts.get(id),
        }
    }
    fn insert(&mut self, id: &str, seen: Seen) {
        match uuid_key(id) {
            Some(k) => self.uuids.insert(k, seen),
            None => self.texts.insert(id.into(), seen),
        };
    }
}

/// Where an id was first seen, in 8 bytes: a CSV row (file index << 48 | row), or with the
/// top bit set an index into the checker's list of other origins (JSON pointers).
#[derive(Debug, Clone, Copy)]
struct SeenAt(u64);

const OTHER: u64 = 1 << 63;

#[derive(Debug)]
struct Seen {
    hash: u64,
    at: SeenAt,
}

#[derive(Debug)]
struct Pending {
    table: Table,
    origin: Origin,
    /// (field, target table or None when the target table name is itself invalid, id, kind)
    refs: Vec<(&'static str, Result<Table, String>, String, RefKind)>,
}

/// Streaming validator: feed it every record of an input, then call [`Checker::finish`].
///
/// It holds only ids and a content hash per record, so it scales to millions of rows.
#[derive(Debug, Default)]
pub struct Checker {
    limits: crate::io::Limits,
    /// Extra (non-HSDS) field names seen per table, each warned about once per file.
    extras: FastMap<Table, std::collections::BTreeSet<String>>,
    /// (file, table, field) of the extra fields already warned about.
    extras_said: std::collections::HashSet<(std::sync::Arc<str>, Table, String)>,
    /// Tables already told they carry too many distinct extra fields.
    too_wide: Vec<Table>,
    seen: FastMap<Table, Ids>,
    files: Vec<std::sync::Arc<str>>,
    origins: Vec<Origin>,
    pending: Vec<Pending>,
    problems: Vec<Problem>,
    errors: usize,
    warnings: usize,
    missing_columns: Vec<(std::sync::Arc<str>, Table, String)>,
    /// (table, record id, field, language) of each translation kept, and where it was.
    translation_keys: std::collections::HashMap<(Table, String, String, String), SeenAt>,
}

fn hash_value(v: &Value, h: &mut Fx) {
    match v {
        Value::Null => h.write_u8(0),
        Value::Bool(b) => h.write_u8(1 + u8::from(*b)),
        Value::Number(n) => {
            h.write_u8(3);
            match n.as_f64() {
                Some(f) => h.write_u64(f.to_bits()),
                None => n.to_string().hash(h),
            }
        }
        Value::String(s) => {
            h.write_u8(4);
            s.hash(h);
        }
        Value::Array(a) => {
            h.write_u8(5);
            h.write_usize(a.len());
            for x in a {
                hash_value(x, h);
            }
        }
        Value::Object(o) => {
            h.write_u8(6);
            h.write_usize(o.len());
            for (k, x) in o {
                k.hash(h);
                hash_value(x, h);
            }
        }
    }
}

/// A content hash of a record (maps are sorted, so equal records hash equal).
fn hash_record(r: &Record) -> u64 {
    let mut h = Fx(0x243f_6a88_85a3_08d3);
    for (k, v) in r {
        k.hash(&mut h);
        hash_value(v, &mut h);
    }
    h.finish()
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Is this a time of day: `HH:MM` or `HH:MM:SS`, optionally followed by `Z` or `±HH:MM`?
pub fn is_time(s: &str) -> bool {
    let (clock, zone) = match s.find(['Z', '+', '-']) {
        Some(i) => s.split_at(i),
        None => (s, ""),
    };
    let ok_zone = zone.is_empty()
        || zone == "Z"
        || (zone.len() == 6
            && chrono::NaiveTime::parse_from_str(&format!("{}:00", &zone[1..]), "%H:%M:%S")
                .is_ok());
    let ok_clock = match clock.len() {
        5 => chrono::NaiveTime::parse_from_str(clock, "%H:%M").is_ok(),
        8 => chrono::NaiveTime::parse_from_str(clock, "%H:%M:%S").is_ok(),
        _ => false,
    };
    ok_clock && ok_zone
}

/// Is this a calendar date `YYYY-MM-DD`?
pub fn is_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// Is this an RFC 3339 date-time?
pub fn is_date_time(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// Is this a UUID in its hyphenated text form?
pub fn is_uuid(s: &str) -> bool {
    uuid_key(s).is_some() || (s.len() == 36 && uuid::Uuid::try_parse(s).is_ok())
}

/// Is this a plausible e-mail address (`local@domain`, no spaces)?
pub fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !s.chars().any(char::is_whitespace)
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

/// Is this an absolute URI (`scheme:rest`, no spaces)?
pub fn is_uri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => {
            let mut cs = scheme.chars();
            cs.next().is_some_and(|c| c.is_ascii_alphabetic())
                && cs.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !rest.is_empty()
                && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// Is this one RFC 5545 BYDAY token: a weekday with an optional ordinal (`MO`, `1MO`, `-1FR`)?
pub fn is_byday_token(t: &str) -> bool {
    // The weekday is the last two bytes: they must be whole characters (found by fuzzing:
    // "09չR" split inside 'չ' and panicked).
    if t.len() < 2 || !t.is_char_boundary(t.len() - 2) {
        return false;
    }
    let (ord, day) = t.split_at(t.len() - 2);
    if !DAYS.contains(&day) {
        return false;
    }
    if ord.is_empty() {
        return true;
    }
    let digits = ord.strip_prefix(['+', '-']).unwrap_or(ord);
    !digits.is_empty()
        && digits.len() <= 2
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(digits.parse::<u8>(), Ok(1..=53))
}

/// Check a comma-separated list of integers within `lo..=hi`, zero excluded.
fn int_list_problem(s: &str, lo: i32, hi: i32) -> Option<String> {
    for tok in s.split(',') {
        let tok = tok.trim();
        match tok.parse::<i32>() {
            Ok(n) if n != 0 && n >= lo && n <= hi => {}
            _ => {
                return Some(format!(
                    "'{tok}' is not a whole number from {lo} to {hi} (zero excluded); give a comma-separated list such as 1,15"
                ))
            }
        }
    }
    None
}

/// Whether a character is invisible control that text in a directory never needs: C0
/// controls other than tab and line breaks, DEL, and the bidi embeddings, overrides and
/// isolates (U+202A-U+202E, U+2066-U+2069), which can make a phone number display reversed.
pub fn is_stripped_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The canonical (lowercase, hyphenated) spelling of an id written as a UUID in another
/// case, so `D9D5...` and `d9d5...` are one record; `None` when it is already canonical or
/// is not a UUID.
pub fn canonical_id(id: &str) -> Option<String> {
    if id.len() != 36 || crate::record::canonical_uuid(id).is_some() {
        return None;
    }
    uuid::Uuid::try_parse(id)
        .ok()
        .map(|u| u.hyphenated().to_string())
}

impl Checker {
    /// A new checker with nothing seen.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new checker holding records to `limits` (field length, extra fields).
    pub fn with_limits(limits: crate::io::Limits) -> Self {
        Checker {
            limits,
            ..Self::default()
        }
    }

    /// Clean what every field shares before its own rules: ids in one spelling, invisible
    /// controls removed (with a warning), text within the length cap, extra fields within
    /// their caps. Returns false when the record must be rejected.
    fn clean(&mut self, table: Table, record: &mut Record, origin: &Origin) -> bool {
        let ts = spec(table);
        let mut ok = true;
        let mut extra = 0usize;
        for (key, v) in record.iter_mut() {
            let is_extra = ts.field(key).is_none();
            extra += usize::from(is_extra);
            let Value::String(s) = v else { continue };
            if s.len() > self.limits.field_bytes {
                let msg = format!(
                    "is {} long, more than the {} one field may hold",
                    crate::io::limits_size(s.len() as u64),
                    crate::io::limits_size(self.limits.field_bytes as u64)
                );
                self.report(Problem::error(origin.field(key), table, Some(key), msg));
                ok = false;
                continue;
            }
            if s.chars().any(is_stripped_control) {
                let found: std::collections::BTreeSet<String> = s
                    .chars()
                    .filter(|c| is_stripped_control(*c))
                    .map(|c| format!("U+{:04X}", u32::from(c)))
                    .collect();
                s.retain(|c| !is_stripped_control(c));
                let msg = format!(
                    "held invisible control characters ({}); removed",
                    found.into_iter().collect::<Vec<_>>().join(", ")
                );
                self.report(Problem::warning(origin.field(key), table, Some(key), msg));
            }
            if key == "id" || key.ends_with("_id") {
                if let Some(c) = canonical_id(s) {
                    *s = c;
                }
            }
        }
        if extra == 0 {
            return ok;
        }
        if extra > self.limits.extra_fields_per_record {
            let msg = format!(
                "has {extra} fields that are not HSDS fields, more than the {} one record may carry",
                self.limits.extra_fields_per_record
            );
            self.report(Problem::error(origin.clone(), table, None, msg));
            return false;
        }
        let cap = self.limits.extra_columns_per_table;
        for key in record.keys().filter(|k| ts.field(k).is_none()) {
            let known = self.extras.entry(table).or_default();
            if !known.contains(key.as_str()) {
                if known.len() >= cap {
                    if !self.too_wide.contains(&table) {
                        self.too_wide.push(table);
                        let msg = format!(
                            "brings more than {cap} distinct fields that are not HSDS fields to table {table} (\"{key}\" is one too many)"
                        );
                        self.report(Problem::error(origin.clone(), table, None, msg));
                    }
                    ok = false;
                    continue;
                }
                known.insert(key.clone());
            }
            let said = (origin.file.clone(), table, key.clone());
            if !self.extras_said.contains(&said) {
                let msg = "is not an HSDS 3.0 field; kept as an extra field (said once per file)";
                self.report(Problem::warning(origin.field(key), table, Some(key), msg));
                self.extras_said.insert(said);
            }
        }
        ok
    }

    /// Problems found so far (the per-record ones; references come at [`Checker::finish`]).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Errors found so far.
    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// Record a problem that a reader found (unreadable cell, bad header...).
    pub fn report(&mut self, p: Problem) {
        // A missing header column is said once; its rows then skip the same complaint.
        if let (crate::Loc::Row(1), Some(t), Some(f)) = (&p.origin.at, p.table, &p.field) {
            if p.is_error() {
                self.missing_columns
                    .push((p.origin.file.clone(), t, f.clone()));
            }
        }
        if p.is_error() {
            self.errors += 1;
        } else {
            self.warnings += 1;
        }
        self.problems.push(p);
    }

    fn seen_at(&mut self, origin: &Origin) -> SeenAt {
        if let crate::Loc::Row(r) = origin.at {
            // Rows arrive file by file: the newest file is almost always the one.
            let newest = self.files.len().checked_sub(1);
            let same = newest.filter(|&i| std::sync::Arc::ptr_eq(&self.files[i], &origin.file));
            let fi = match same.or_else(|| self.files.iter().position(|f| *f == origin.file)) {
                Some(i) => i,
                None => {
                    self.files.push(origin.file.clone());
                    self.files.len() - 1
                }
            };
            if fi < (1 << 15) && r < (1 << 48) {
                return SeenAt(((fi as u64) << 48) | r);
            }
        }
        self.origins.push(origin.clone());
        SeenAt(OTHER | (self.origins.len() - 1) as u64)
    }

    fn origin_of(&self, at: SeenAt) -> Origin {
        if at.0 & OTHER != 0 {
            self.origins[(at.0 & !OTHER) as usize].clone()
        } else {
            Origin::row(&self.files[(at.0 >> 48) as usize], at.0 & ((1 << 48) - 1))
        }
    }

    /// Whether an id of a table was seen in this input.
    pub fn has(&self, table: Table, id: &str) -> bool {
        self.seen.get(&table).is_some_and(|m| m.get(id).is_some())
    }

    /// Check one flat record. Values of the wrong type that convert without loss (a number
    /// given for a text field) are converted in place, with a warning.
    pub fn check(&mut self, table: Table, record: &mut Record, origin: &Origin) -> Verdict {
        let before = self.errors;
        let ts = spec(table);
        if !self.clean(table, record, origin) {
            return Verdict::Reject;
        }
        // Types, formats, enums.
        for (key, v) in record.iter_mut() {
            let key = key.as_str();
            let Some(field) = ts.field(key) else { continue };
            let at = || origin.field(key);
            match field.kind {
                Kind::Number => {
                    if let Value::String(s) = v {
                        let parsed = crate::io::parse_number(s);
                        match parsed {
                            Some(n) => {
                                let msg = format!("should be a number, found text \"{s}\"; kept as the number {n}");
                                *v = Value::Number(n);
                                self.report(Problem::warning(at(), table, Some(key), msg));
                            }
                            None => {
                                let msg = format!("should be a number, found \"{s}\"");
                                self.report(Problem::error(at(), table, Some(key), msg));
                            }
                        }
                    } else if !v.is_number() {
                        let msg = format!("should be a number, found {}", describe(v));
                        self.report(Problem::error(at(), table, Some(key), msg));
                    }
                }
                _ => {
                    if let Value::Number(n) = v {
                        let msg =
                            format!("should be text, found the number {n}; kept as text \"{n}\"");
                        *v = Value::String(n.to_string());
                        self.report(Problem::warning(at(), table, Some(key), msg));
                    } else if let Value::Bool(b) = v {
                        let msg = format!("should be text, found {b}; kept as text \"{b}\"");
                        *v = Value::String(b.to_string());
                        self.report(Problem::warning(at(), table, Some(key), msg));
                    }
                    let Some(s) = v.as_str() else {
                        let msg = format!("should be text, found {}", describe(v));
                        self.report(Problem::error(at(), table, Some(key), msg));
                        continue;
                    };
                    // Times are stored as HH:MM:SS, the datapackage's form, so generic tools accept them.
                    if field.kind == Kind::Time && s.len() == 5 && is_time(s) {
                        *v = Value::String(format!("{s}:00"));
                    }
                    let s = v.as_str().unwrap_or_default();
                    let bad = match field.kind {
                        Kind::Uuid if !is_uuid(s) => {
                            Some("is not a UUID (like 2f0c4e1a-8b7d-4c3e-9f1a-0b2c3d4e5f60)")
                        }
                        Kind::Email if !is_email(s) => Some("is not an e-mail address"),
                        Kind::Uri if !is_uri(s) => {
                            Some("is not an absolute URI (like https://example.org/page)")
                        }
                        Kind::Date if !is_date(s) => Some("is not a date written YYYY-MM-DD"),
                        Kind::Time if !is_time(s) => {
                            Some("is not a time of day written HH:MM or HH:MM:SS (24-hour)")
                        }
                        Kind::DateTime if !is_date_time(s) => Some(
                            "is not a date and time in RFC 3339 form (like 2024-05-01T09:30:00Z)",
                        ),
                        _ => None,
                    };
                    if let Some(why) = bad {
                        let msg = format!("\"{s}\" {why}");
                        self.report(Problem::error(at(), table, Some(key), msg));
                        continue;
                    }
                    if table == Table::Schedule && key == "byday" {
                        let bad: Vec<&str> = s
                            .split(',')
                            .map(str::trim)
                            .filter(|t| !is_byday_token(t))
                            .collect();
                        if !bad.is_empty() {
                            let msg = format!(
                                "\"{}\" is not a weekday token; use MO, TU, WE, TH, FR, SA, SU, comma-separated, with an optional position for monthly rules (1MO, -1FR)",
                                bad.join(",")
                            );
                            self.report(Problem::error(at(), table, Some(key), msg));
                        }
                    } else if let Some(allowed) = &field.allowed {
                        if !allowed.iter().any(|a| a == s) {
                            let msg = format!("\"{s}\" is not one of: {}", allowed.join(", "));
                            self.report(Problem::error(at(), table, Some(key), msg));
                        }
                    }
                }
            }
        }
        // Required fields.
        for f in &ts.fields {
            if (f.required || f.tabular_required)
                && !record.contains_key(&f.name)
                && !self
                    .missing_columns
                    .iter()
                    .any(|(file, t, name)| *t == table && *name == f.name && *file == origin.file)
            {
                let msg = "is required but missing".to_string();
                self.report(Problem::error(origin.clone(), table, Some(&f.name), msg));
            }
        }
        self.rules_beyond_schema(table, record, origin);
        let id = crate::record_id(record).map(str::to_string);
        let verdict = if self.errors > before {
            Verdict::Reject
        } else {
            Verdict::Keep
        };
        // Duplicates.
        let Some(id) = id else { return verdict };
        let hash = hash_record(record);
        if let Some(prev) = self.seen.get(&table).and_then(|m| m.get(&id)) {
            if prev.hash == hash {
                return Verdict::Repeat;
            }
            let first = self.origin_of(prev.at);
            let msg = format!("id {id} is used twice with different content (first at {first})");
            self.report(Problem::error(origin.clone(), table, Some("id"), msg));
            return Verdict::Reject;
        }
        let at = self.seen_at(origin);
        self.seen
            .entry(table)
            .or_default()
            .insert(&id, Seen { hash, at });
        if verdict == Verdict::Keep && table == Table::Translation {
            if let Some((t, rid, field, lang, _)) = crate::translation::key(record) {
                let k = (
                    t,
                    rid.to_string(),
                    field.to_string(),
                    lang.to_ascii_lowercase(),
                );
                if let Some(&prev) = self.translation_keys.get(&k) {
                    let first = self.origin_of(prev);
                    let msg = format!(
                        "{t} {rid} already has a \"{lang}\" translation of {field} (first at {first}); give one per field and language"
                    );
                    self.report(Problem::error(origin.clone(), table, Some("language"), msg));
                    return Verdict::Reject;
                }
                self.translation_keys.insert(k, at);
            }
        }
        if verdict == Verdict::Keep {
            self.queue_references(table, record, origin);
        }
        verdict
    }

    fn rules_beyond_schema(&mut self, table: Table, record: &Record, origin: &Origin) {
        let num = |k: &str| record.get(k).and_then(Value::as_f64);
        if table == Table::Location {
            for (k, lim) in [("latitude", 90.0), ("longitude", 180.0)] {
                if let Some(x) = num(k) {
                    if !(-lim..=lim).contains(&x) {
                        let msg = format!(
                            "{x} is outside -{lim}..{lim}; kept as given, but the location cannot be placed on a map or found by distance"
                        );
                        self.report(Problem::warning(origin.field(k), table, Some(k), msg));
                    }
                }
            }
            if record.contains_key("latitude") != record.contains_key("longitude") {
                let missing = if record.contains_key("latitude") {
                    "longitude"
                } else {
                    "latitude"
                };
                let msg = "is missing while the other coordinate is given; give both or neither";
                self.report(Problem::error(origin.clone(), table, Some(missing), msg));
            }
        }
        if table == Table::Schedule {
            let s = |k: &str| record.get(k).and_then(Value::as_str);
            for (k, lo, hi) in [
                ("bymonthday", -31, 31),
                ("byyearday", -366, 366),
                ("byweekno", -53, 53),
            ] {
                if let Some(v) = s(k) {
                    if let Some(msg) = int_list_problem(v, lo, hi) {
                        self.report(Problem::error(origin.field(k), table, Some(k), msg));
                    }
                }
            }
            for k in ["interval", "count"] {
                if let Some(x) = num(k) {
                    if x < 1.0 || x.fract() != 0.0 {
                        let msg = format!("{x} should be a whole number of at least 1");
                        self.report(Problem::error(origin.field(k), table, Some(k), msg));
                    }
                }
            }
            if let Some(tz) = num("timezone") {
                if !(-12.0..=14.0).contains(&tz) {
                    let msg = format!("{tz} is not a UTC offset in hours (-12 to 14)");
                    self.report(Problem::error(
                        origin.field("timezone"),
                        table,
                        Some("timezone"),
                        msg,
                    ));
                }
            }
            if let (Some(a), Some(b)) = (s("valid_from"), s("valid_to")) {
                if is_date(a) && is_date(b) && b < a {
                    let msg = format!("{b} is before valid_from {a}");
                    self.report(Problem::error(
                        origin.field("valid_to"),
                        table,
                        Some("valid_to"),
                        msg,
                    ));
                }
            }
            if s("byday").is_some() && s("freq").is_none() {
                let msg = "byday is given but freq is not; say WEEKLY or MONTHLY";
                self.report(Problem::error(origin.clone(), table, Some("freq"), msg));
            }
            if s("opens_at").is_some() != s("closes_at").is_some() && s("freq").is_some() {
                let missing = if s("opens_at").is_some() {
                    "closes_at"
                } else {
                    "opens_at"
                };
                let msg = "is missing while the other end of the opening hours is given";
                self.report(Problem::warning(origin.clone(), table, Some(missing), msg));
            }
        }
        if table == Table::Translation {
            self.translation_rules(record, origin);
        }
        for k in ["minimum_age", "maximum_age"] {
            if table == Table::Service {
                if let Some(x) = num(k) {
                    if !(0.0..=150.0).contains(&x) {
                        let msg = format!("{x} is not an age in years");
                        self.report(Problem::error(origin.field(k), table, Some(k), msg));
                    }
                }
            }
        }
    }

    /// A translation names a text field of an HSDS table and a BCP 47 language (the table
    /// name itself is checked against the schema's list; the record, at [`Checker::finish`]).
    fn translation_rules(&mut self, record: &Record, origin: &Origin) {
        let table = Table::Translation;
        let s = |k: &str| record.get(k).and_then(Value::as_str);
        if let (Some(t), Some(field)) = (
            s("resource_type")
                .and_then(Table::lookup)
                .filter(|t| t.is_hsds()),
            s("field_name"),
        ) {
            if let Some(why) = crate::translation::untranslatable(t, field) {
                let f = "field_name";
                self.report(Problem::error(origin.field(f), table, Some(f), why));
            }
        }
        if let Some(lang) = s("language") {
            if !crate::translation::is_language_tag(lang) {
                let f = "language";
                let msg = format!(
                    "\"{lang}\" is not a BCP 47 language tag; write it like es, es-419 or zh-Hant"
                );
                self.report(Problem::error(origin.field(f), table, Some(f), msg));
            }
        }
    }

    fn queue_references(&mut self, table: Table, record: &Record, origin: &Origin) {
        let ts = spec(table);
        let mut refs = Vec::new();
        for r in &ts.references {
            let Some(id) = record.get(r.field).and_then(Value::as_str) else {
                continue;
            };
            let target = match r.target {
                Target::Table(t) => Ok(t),
                Target::NamedBy(f) => {
                    let name = record.get(f).and_then(Value::as_str).unwrap_or_default();
                    Table::lookup(name).ok_or_else(|| format!("{f} \"{name}\""))
                }
            };
            if let Ok(t) = target {
                if self.has(t, id) {
                    if r.kind == RefKind::Owner {
                        // One owner resolves: the row means something; others still get checked.
                        refs.push((r.field, Ok(t), String::new(), RefKind::Owner));
                    }
                    continue;
                }
            }
            refs.push((r.field, target, id.to_string(), r.kind));
        }
        let has_owner_field = ts.references.iter().any(|r| r.kind == RefKind::Owner);
        let owners_given = refs.iter().any(|r| r.3 == RefKind::Owner);
        if has_owner_field && !owners_given {
            let names: Vec<&str> = ts
                .references
                .iter()
                .filter(|r| r.kind == RefKind::Owner)
                .map(|r| r.field)
                .collect();
            let msg = format!("belongs to nothing: give one of {}", names.join(", "));
            self.report(Problem::error(origin.clone(), table, None, msg));
            return;
        }
        if refs.iter().any(|r| !r.2.is_empty()) {
            self.pending.push(Pending {
                table,
                origin: origin.clone(),
                refs,
            });
        }
    }

    /// Resolve the references left open against the whole input, then against `known`
    /// (the store), and return every problem, errors first within each file order.
    pub fn finish<E>(
        mut self,
        known: &mut dyn FnMut(Table, &str) -> Result<bool, E>,
    ) -> Result<Vec<Problem>, E> {
        let pending = std::mem::take(&mut self.pending);
        for p in pending {
            let mut owner_ok = false;
            let mut owner_missing = Vec::new();
            for (field, target, id, kind) in &p.refs {
                if id.is_empty() {
                    owner_ok = true;
                    continue;
                }
                let resolved = match target {
                    Ok(t) => self.has(*t, id) || known(*t, id)?,
                    Err(_) => false,
                };
                if resolved {
                    if *kind == RefKind::Owner {
                        owner_ok = true;
                    }
                    continue;
                }
                let what = match target {
                    Ok(t) => format!("{id} does not match any {t} in this import or the store"),
                    Err(named) => {
                        format!("{id} cannot be looked up: {named} is not an HSDS table name")
                    }
                };
                match kind {
                    RefKind::Required => self.report(Problem::error(
                        p.origin.field(field),
                        p.table,
                        Some(field),
                        what,
                    )),
                    RefKind::Optional => self.report(Problem::warning(
                        p.origin.field(field),
                        p.table,
                        Some(field),
                        format!("{what}; kept as given"),
                    )),
                    RefKind::Owner => owner_missing.push((*field, what)),
                }
            }
            for (field, what) in owner_missing {
                if owner_ok {
                    let msg = format!("{what}; kept as given (another owner reference resolves)");
                    self.report(Problem::warning(
                        p.origin.field(field),
                        p.table,
                        Some(field),
                        msg,
                    ));
                } else {
                    let msg = format!("{what}, and no other owner reference of this row resolves");
                    self.report(Problem::error(
                        p.origin.field(field),
                        p.table,
                        Some(field),
                        msg,
                    ));
                }
            }
        }
        Ok(self.problems)
    }
}

/// Check a whole in-memory directory: per-record rules, then references (against `known` too).
pub fn check_directory<E>(
    dir: &mut crate::Directory,
    known: &mut dyn FnMut(Table, &str) -> Result<bool, E>,
) -> Result<Vec<Problem>, E> {
    let mut c = Checker::new();
    for (table, rows) in dir.tables.iter_mut() {
        for (rec, origin) in rows.iter_mut() {
            c.check(*table, rec, origin);
        }
    }
    c.finish(known)
}

/// Turn warnings into errors, for `--strict`.
pub fn strict(problems: &mut [Problem]) {
    for p in problems {
        p.severity = crate::Severity::Error;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(
            is_time("09:30")
                && is_time("23:59:59")
                && is_time("10:00:00Z")
                && is_time("10:00:00-05:00")
        );
        assert!(!is_time("24:00") && !is_time("9:30") && !is_time("noon"));
        assert!(is_date("2024-02-29") && !is_date("2023-02-29") && !is_date("2024-2-1"));
        assert!(is_date_time("2024-05-01T09:30:00Z") && !is_date_time("2024-05-01"));
        assert!(is_email("a@b.org") && !is_email("a b@c.org") && !is_email("nope"));
        assert!(
            is_uri("https://x.org/a")
                && is_uri("tel:+15550100")
                && !is_uri("www.x.org")
                && !is_uri("http://a b")
        );
        assert!(is_byday_token("MO") && is_byday_token("-1FR") && is_byday_token("2TU"));
        assert!(!is_byday_token("MON") && !is_byday_token("0MO") && !is_byday_token("mo"));
        assert!(!is_byday_token("09չR") && !is_byday_token("չ") && !is_byday_token("1éMO"));
    }

    #[test]
    fn duplicates_are_found_for_uuid_and_other_ids_and_uuid_spellings_fold_together() {
        let file: std::sync::Arc<str> = std::sync::Arc::from("t.csv");
        let mut c = Checker::new();
        let rec = |id: &str, name: &str| {
            let mut r = Record::new();
            r.insert("id".into(), Value::String(id.into()));
            r.insert("name".into(), Value::String(name.into()));
            r.insert("description".into(), Value::String("d".into()));
            r
        };
        let lower = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610";
        let upper = "D9D5E0F5-D3CE-4F73-9A2F-4DD0ECC6C610";
        let t = Table::Organization;
        assert_eq!(
            c.check(t, &mut rec(lower, "a"), &Origin::row(&file, 2)),
            Verdict::Keep
        );
        assert_eq!(
            c.check(t, &mut rec(lower, "a"), &Origin::row(&file, 3)),
            Verdict::Repeat
        );
        assert_eq!(
            c.check(t, &mut rec(lower, "b"), &Origin::row(&file, 4)),
            Verdict::Reject
        );
        assert!(c.problems().last().is_some_and(|p| p.to_string()
            == format!("t.csv:4: error: organization.id: id {lower} is used twice with different content (first at t.csv:2)")));
        // Upper case is the same uuid: one record, so the same content repeats and other
        // content is a duplicate id, said in the canonical spelling.
        assert_eq!(
            c.check(t, &mut rec(upper, "a"), &Origin::row(&file, 5)),
            Verdict::Repeat
        );
        assert_eq!(
            c.check(t, &mut rec(upper, "b"), &Origin::row(&file, 6)),
            Verdict::Reject
        );
        assert!(c.problems().last().is_some_and(|p| p.to_string()
            == format!("t.csv:6: error: organization.id: id {lower} is used twice with different content (first at t.csv:2)")));
        assert!(c.has(t, lower) && !c.has(t, upper));
        let ptr = Origin::pointer(&file, "/0");
        c.check(t, &mut rec("org-1", "x"), &ptr);
        assert_eq!(
            c.check(t, &mut rec("org-1", "y"), &Origin::pointer(&file, "/1")),
            Verdict::Reject
        );
        assert!(c
            .problems()
            .last()
            .is_some_and(|p| p.message.ends_with("(first at t.csv:/0)")));
    }
}
