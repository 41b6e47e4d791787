//! List items assembled from the store's canonical JSON without parsing it into values and
//! writing it out again: a stored body is compact JSON with its keys sorted (what
//! `store::encode` writes), so an item is the body's own members with the nested records and
//! haven's extensions slotted in at their sorted places. The bytes are the ones the parsed path
//! writes (`serde_json` over a sorted map), which the tests check record by record.
//!
//! A body that is not in that form (whitespace, keys out of order: never written by haven) is
//! refused here, and the caller renders it the slow way instead.

use serde_json::Value;
use std::borrow::Cow;

/// Why a body cannot be spliced as it is.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SpliceError {
    /// Not compact JSON object syntax at this byte offset.
    #[error("not a compact JSON object at byte {0}")]
    Syntax(usize),
    /// Two top-level keys out of sorted order (not a canonical body).
    #[error("keys are not in sorted order")]
    Unsorted,
}

/// One top-level member: its key as written (with the quotes) and its value as written.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    /// The key, quotes and escapes included.
    pub raw_key: &'a [u8],
    /// The value's bytes.
    pub value: &'a [u8],
}

impl<'a> Member<'a> {
    /// The key as text (unescaped).
    pub fn key(&self) -> Cow<'a, str> {
        let inner = &self.raw_key[1..self.raw_key.len() - 1];
        if !inner.contains(&b'\\') {
            if let Ok(s) = std::str::from_utf8(inner) {
                return Cow::Borrowed(s);
            }
        }
        Cow::Owned(serde_json::from_slice::<String>(self.raw_key).unwrap_or_default())
    }

    /// Whether the key is `name` (without unescaping when it has no escape).
    pub fn key_is(&self, name: &str) -> bool {
        let inner = &self.raw_key[1..self.raw_key.len() - 1];
        if !inner.contains(&b'\\') {
            return inner == name.as_bytes();
        }
        self.key() == name
    }

    /// The value when it is a JSON string (a reference such as `organization_id`).
    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        let v = self.value;
        if v.first() != Some(&b'"') {
            return None;
        }
        let inner = &v[1..v.len() - 1];
        if !inner.contains(&b'\\') {
            return std::str::from_utf8(inner).ok().map(Cow::Borrowed);
        }
        serde_json::from_slice::<String>(v).ok().map(Cow::Owned)
    }
}

/// The end (exclusive) of the string starting at `i` (a `"`).
fn string_end(b: &[u8], mut i: usize) -> Result<usize, SpliceError> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'"' => return Ok(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    Err(SpliceError::Syntax(i))
}

/// The end (exclusive) of the value starting at `i`.
fn value_end(b: &[u8], start: usize) -> Result<usize, SpliceError> {
    match b.get(start) {
        None => Err(SpliceError::Syntax(start)),
        Some(b'"') => string_end(b, start),
        Some(b'{') | Some(b'[') => {
            let mut depth = 0usize;
            let mut i = start;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        i = string_end(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            Err(SpliceError::Syntax(i))
        }
        Some(_) => {
            // A number, true, false or null: up to the next separator.
            let mut i = start;
            while i < b.len() && !matches!(b[i], b',' | b'}' | b']') {
                if b[i].is_ascii_whitespace() {
                    return Err(SpliceError::Syntax(i));
                }
                i += 1;
            }
            if i == start {
                return Err(SpliceError::Syntax(i));
            }
            Ok(i)
        }
    }
}

/// The top-level members of a compact JSON object, in order; refuses anything not canonical
/// at the top level (whitespace, unsorted keys) so it is never spliced differently from how it
/// would be written.
pub fn members(body: &[u8]) -> Result<Vec<Member<'_>>, SpliceError> {
    let mut out: Vec<Member<'_>> = Vec::with_capacity(32);
    if body.first() != Some(&b'{') {
        return Err(SpliceError::Syntax(0));
    }
    let mut i = 1;
    if body.get(i) == Some(&b'}') {
        return if body.len() == 2 {
            Ok(out)
        } else {
            Err(SpliceError::Syntax(2))
        };
    }
    loop {
        if body.get(i) != Some(&b'"') {
            return Err(SpliceError::Syntax(i));
        }
        let k_end = string_end(body, i)?;
        let raw_key = &body[i..k_end];
        if body.get(k_end) != Some(&b':') {
            return Err(SpliceError::Syntax(k_end));
        }
        let v_start = k_end + 1;
        let v_end = value_end(body, v_start)?;
        let m = Member {
            raw_key,
            value: &body[v_start..v_end],
        };
        if let Some(prev) = out.last() {
            let (a, b) = (prev.raw_key, m.raw_key);
            let plain = !a.contains(&b'\\') && !b.contains(&b'\\');
            let sorted = if plain {
                // Unescaped keys: their UTF-8 bytes order as their text does.
                a[1..a.len() - 1] < b[1..b.len() - 1]
            } else {
                prev.key() < m.key()
            };
            if !sorted {
                return Err(SpliceError::Unsorted);
            }
        }
        out.push(m);
        match body.get(v_end) {
            Some(b',') => i = v_end + 1,
            Some(b'}') if v_end + 1 == body.len() => return Ok(out),
            _ => return Err(SpliceError::Syntax(v_end)),
        }
    }
}

/// Write the object made of `members` with `extra` (key, value bytes) added, an extra key
/// replacing a member of the same key, every key at its sorted place: what inserting them into
/// the parsed map and writing it would give.
pub fn write_object(
    out: &mut Vec<u8>,
    members: &[Member<'_>],
    extra: &mut [(&str, Cow<'_, [u8]>)],
) {
    extra.sort_by(|a, b| a.0.cmp(b.0));
    out.push(b'{');
    let mut first = true;
    let mut sep = |out: &mut Vec<u8>| {
        if !first {
            out.push(b',');
        }
        first = false;
    };
    let mut e = 0;
    for m in members {
        let key = m.key();
        while e < extra.len() && extra[e].0 < key.as_ref() {
            sep(out);
            write_key(out, extra[e].0);
            out.extend_from_slice(&extra[e].1);
            e += 1;
        }
        if e < extra.len() && extra[e].0 == key.as_ref() {
            // Replaced by the extra value (a later extra of the same key wins, as an insert would).
            while e + 1 < extra.len() && extra[e + 1].0 == extra[e].0 {
                e += 1;
            }
            sep(out);
            write_key(out, extra[e].0);
            out.extend_from_slice(&extra[e].1);
            e += 1;
            continue;
        }
        sep(out);
        out.extend_from_slice(m.raw_key);
        out.push(b':');
        out.extend_from_slice(m.value);
    }
    while e < extra.len() {
        while e + 1 < extra.len() && extra[e + 1].0 == extra[e].0 {
            e += 1;
        }
        sep(out);
        write_key(out, extra[e].0);
        out.extend_from_slice(&extra[e].1);
        e += 1;
    }
    out.push(b'}');
}

fn write_key(out: &mut Vec<u8>, key: &str) {
    let _ = serde_json::to_writer(&mut *out, key);
    out.push(b':');
}

/// A value as `serde_json` writes it.
pub fn json(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spliced(body: &str, extra: &mut [(&str, Cow<'_, [u8]>)]) -> String {
        let b = body.as_bytes();
        let m = members(b).expect("canonical");
        let mut out = Vec::new();
        write_object(&mut out, &m, extra);
        String::from_utf8(out).expect("utf8")
    }

    /// The reference: parse, insert, write.
    fn parsed(body: &str, extra: &[(&str, Value)]) -> String {
        let mut m: serde_json::Map<String, Value> = serde_json::from_str(body).expect("json");
        for (k, v) in extra {
            m.insert(k.to_string(), v.clone());
        }
        serde_json::to_string(&m).expect("write")
    }

    #[test]
    fn splicing_gives_the_bytes_of_the_parsed_path() {
        let bodies = [
            r#"{}"#,
            r#"{"a":1}"#,
            r#"{"id":"x","name":"A \"quoted\" name, {with} [brackets]","organization_id":"o1","z":[1,{"q":"]"}]}"#,
            r#"{"b":null,"d":true,"e\u00e9":"\\","m":-1.5e-7,"x":{"y":{"z":[]}}}"#,
            r#"{"distance_km":"old","modified_at":"stale","organization":"kept?"}"#,
            r#"{"zz":"last"}"#,
        ];
        let canonical: Vec<String> = bodies
            .iter()
            .map(|b| {
                let v: Value = serde_json::from_str(b).expect("json");
                serde_json::to_string(&v).expect("write")
            })
            .collect();
        let extra = [
            ("organization", json!({"id": "o1", "name": "Org"})),
            ("distance_km", json!(1.234)),
            ("modified_at", json!("2025-01-01T00:00:00.000Z")),
            ("a", json!("first")),
            ("zzz", json!(null)),
        ];
        for body in &canonical {
            for n in 0..=extra.len() {
                let mut ex: Vec<(&str, Cow<'_, [u8]>)> = extra[..n]
                    .iter()
                    .map(|(k, v)| (*k, Cow::Owned(json(v))))
                    .collect();
                assert_eq!(
                    spliced(body, &mut ex),
                    parsed(body, &extra[..n]),
                    "{body} with {n} extras"
                );
            }
        }
    }

    #[test]
    fn a_later_extra_of_the_same_key_wins() {
        let mut ex: Vec<(&str, Cow<'_, [u8]>)> = vec![
            ("k", Cow::Borrowed(b"1".as_slice())),
            ("k", Cow::Borrowed(b"2".as_slice())),
        ];
        assert_eq!(spliced(r#"{"a":0,"k":0}"#, &mut ex), r#"{"a":0,"k":2}"#);
        let mut ex: Vec<(&str, Cow<'_, [u8]>)> = vec![
            ("k", Cow::Borrowed(b"1".as_slice())),
            ("k", Cow::Borrowed(b"2".as_slice())),
        ];
        assert_eq!(spliced(r#"{"a":0}"#, &mut ex), r#"{"a":0,"k":2}"#);
    }

    #[test]
    fn bodies_not_in_canonical_form_are_refused() {
        for bad in [
            "",
            "[]",
            "{",
            r#"{"a":1,}"#,
            r#"{"a": 1}"#,
            r#"{ "a":1}"#,
            r#"{"b":1,"a":2}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a":"unterminated}"#,
            r#"{"a":[1,2}"#,
            r#"{"a":1}x"#,
            r#"{"a":}"#,
        ] {
            assert!(
                members(bad.as_bytes()).is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn string_values_are_read_with_their_escapes() {
        let b = br#"{"a":"plain","b":"with \"escape\" \u00e9","c":12}"#;
        let m = members(b).expect("canonical");
        assert_eq!(m[0].as_str().as_deref(), Some("plain"));
        assert_eq!(m[1].as_str().as_deref(), Some("with \"escape\" é"));
        assert_eq!(m[2].as_str(), None);
    }
}
