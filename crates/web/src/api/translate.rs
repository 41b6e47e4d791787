//! Directory text in the reader's language (haven extension): `lang=es` or `Accept-Language`
//! picks the language; each object of a response gets its translated text fields and
//! `x_haven_languages`, the language of each of its text fields (`hsds::translation`). Without
//! a request for another language, responses are the directory's text unchanged.

use super::problem::Problem;
use axum::http::HeaderMap;
use hsds::translation::{is_language_tag, suits, Translations, LANGUAGES_MEMBER, SOURCE_LANGUAGE};
use hsds::{spec, Table};
use serde_json::Value;
use store::{Store, StoreError};

/// The languages a request asks for, most wanted first: `lang` (which must be a BCP 47 tag),
/// else the `Accept-Language` header by weight; empty when the directory's own text will do.
pub fn wanted(lang: Option<&str>, headers: &HeaderMap) -> Result<Vec<String>, Problem> {
    let list = match lang {
        Some(l) if is_language_tag(l) => vec![l.to_string()],
        Some(l) => {
            return Err(Problem::bad_param(
                "lang",
                format!("\"{l}\" is not a BCP 47 language tag; write it like es or es-419"),
            ))
        }
        None => accept_language(headers),
    };
    // The source language first: nothing to translate.
    Ok(match list.first() {
        Some(first) if !suits(first, SOURCE_LANGUAGE) => list,
        _ => Vec::new(),
    })
}

/// The well-formed tags of an `Accept-Language` header, by descending weight (`*` and tags
/// with weight 0 left out; anything unreadable ignored, never an error).
pub fn accept_language(headers: &HeaderMap) -> Vec<String> {
    let mut tags: Vec<(u16, usize, String)> = Vec::new();
    for v in headers.get_all(axum::http::header::ACCEPT_LANGUAGE) {
        let Ok(text) = v.to_str() else { continue };
        for (i, part) in text.split(',').enumerate() {
            let mut bits = part.split(';');
            let tag = bits.next().unwrap_or("").trim();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if tag != "*" && is_language_tag(tag) && q > 0.0 && q <= 1.0 {
                tags.push(((q * 1000.0) as u16, i, tag.to_string()));
            }
        }
    }
    tags.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    tags.into_iter().map(|(_, _, t)| t).collect()
}

/// Put `want`'s language into an object of `table` and everything nested in it, saying the
/// language of each text field in `x_haven_languages`. Nothing happens when `want` is empty
/// or the store has no translations.
pub fn apply(
    st: &dyn Store,
    table: Table,
    v: &mut Value,
    want: &[String],
) -> Result<(), StoreError> {
    if want.is_empty() || st.count(Table::Translation)? == 0 {
        return Ok(());
    }
    walk(st, table, v, want)
}

fn walk(st: &dyn Store, table: Table, v: &mut Value, want: &[String]) -> Result<(), StoreError> {
    let Value::Object(m) = v else { return Ok(()) };
    for n in &spec(table).nested {
        match m.get_mut(&n.name) {
            Some(Value::Array(items)) => {
                for x in items {
                    walk(st, n.table, x, want)?;
                }
            }
            Some(x @ Value::Object(_)) => walk(st, n.table, x, want)?,
            _ => {}
        }
    }
    let id = hsds::record_id(m).unwrap_or_default().to_string();
    let mut tr = Translations::new();
    if !id.is_empty() {
        for t in st.children(Table::Translation, "resource_id", &id)? {
            tr.add(&t);
        }
    }
    let langs = tr.apply(table, m, want, SOURCE_LANGUAGE);
    if !langs.is_empty() {
        let map = langs
            .into_iter()
            .map(|(k, l)| (k, Value::String(l)))
            .collect();
        m.insert(LANGUAGES_MEMBER.to_string(), Value::Object(map));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_read_by_weight_and_never_fails() {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            "en;q=0.5, es-MX, *;q=0.1, bad tag, fr;q=0".parse().unwrap(),
        );
        assert_eq!(accept_language(&h), ["es-MX", "en"]);
        assert_eq!(wanted(None, &h).unwrap(), ["es-MX", "en"]);
        assert_eq!(wanted(Some("en"), &h).unwrap(), Vec::<String>::new());
        assert_eq!(wanted(Some("es"), &HeaderMap::new()).unwrap(), ["es"]);
        assert!(wanted(Some("español"), &h).is_err());
        assert!(wanted(None, &HeaderMap::new()).unwrap().is_empty());
    }
}
