//! haven's `translation` table: HSDS 3.0 gives directory text no language, so a translation row
//! carries one field of another record (`resource_type`, `resource_id`, `field_name`) in one
//! language (`language`, a BCP 47 tag) with its `value`. Readers, the store and writers treat it
//! as one more table; this module says which fields may be translated and picks the best text
//! for a reader's languages, falling back to the source text ([`SOURCE_LANGUAGE`]).

use crate::spec::{spec, Kind};
use crate::{Record, Table};
use serde_json::Value;
use std::collections::BTreeMap;

/// The language directory text is written in when nothing says otherwise: haven's sources and
/// the HSDS examples are English. Pages mark untranslated text with it (`lang="en"`).
pub const SOURCE_LANGUAGE: &str = "en";

/// The extension member the API adds to an object served in a requested language: a map from
/// each of the object's text fields to the language its value is in (`{"description": "es"}`).
pub const LANGUAGES_MEMBER: &str = "x_haven_languages";

/// Text fields that are codes or numbers written as text, never prose to translate.
const NOT_PROSE: &[(Table, &str)] = &[
    (Table::Phone, "number"),
    (Table::Phone, "extension"),
    (Table::Language, "code"),
    (Table::TaxonomyTerm, "code"),
    (Table::TaxonomyTerm, "term"),
    (Table::Taxonomy, "version"),
    (Table::Organization, "tax_id"),
    (Table::OrganizationIdentifier, "identifier"),
    (Table::Address, "postal_code"),
    (Table::Address, "country"),
    (Table::Address, "state_province"),
    (Table::Schedule, "byday"),
    (Table::Schedule, "bymonthday"),
    (Table::Schedule, "byyearday"),
    (Table::Schedule, "byweekno"),
    (Table::CostOption, "currency"),
    (Table::Metadata, "resource_id"),
    (Table::Metadata, "resource_type"),
    (Table::Metadata, "field_name"),
    (Table::Metadata, "last_action_type"),
];

/// Why a field cannot carry a translation, in words for an import error; None when it can.
pub fn untranslatable(table: Table, field: &str) -> Option<String> {
    if !table.is_hsds() {
        return Some(format!(
            "{table} is not a table whose text can be translated"
        ));
    }
    let Some(f) = spec(table).field(field) else {
        return Some(format!("{table} has no field \"{field}\""));
    };
    let prose = f.kind == Kind::Text
        && f.allowed.is_none()
        && field != "id"
        && !field.ends_with("_id")
        && !NOT_PROSE.contains(&(table, field));
    (!prose).then(|| {
        format!("{table}.{field} is not a text field (it holds a code, a number, an id or a fixed value); only text can be translated")
    })
}

/// Whether a field of a table holds prose that a translation may carry.
pub fn is_translatable(table: Table, field: &str) -> bool {
    untranslatable(table, field).is_none()
}

/// Whether `tag` is a well-formed BCP 47 language tag (RFC 5646 syntax: language, optional
/// extended language, script, region, variants, extensions, private use), e.g. `es`, `es-419`,
/// `zh-Hant-TW`, `sr-Latn`. Case does not matter; the registry is not consulted.
pub fn is_language_tag(tag: &str) -> bool {
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
    let parts: Vec<&str> = tag.split('-').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || p.len() > 8 || !alnum(p))
    {
        return false;
    }
    let mut i = 0;
    // Private use only: x-whatever.
    if parts[0].eq_ignore_ascii_case("x") {
        return parts.len() > 1;
    }
    let lang = parts[0];
    if !(alpha(lang) && (2..=8).contains(&lang.len()) && lang.len() != 4) {
        return false;
    }
    i += 1;
    // Up to three extended language subtags after a 2-3 letter language.
    let mut ext = 0;
    while lang.len() <= 3 && ext < 3 && parts.get(i).is_some_and(|p| p.len() == 3 && alpha(p)) {
        i += 1;
        ext += 1;
    }
    if parts.get(i).is_some_and(|p| p.len() == 4 && alpha(p)) {
        i += 1;
    }
    if parts
        .get(i)
        .is_some_and(|p| (p.len() == 2 && alpha(p)) || (p.len() == 3 && digit(p)))
    {
        i += 1;
    }
    while parts
        .get(i)
        .is_some_and(|p| (p.len() >= 5) || (p.len() == 4 && p.as_bytes()[0].is_ascii_digit()))
    {
        i += 1;
    }
    // Extensions: a singleton (not x) and at least one 2-8 character subtag each.
    while let Some(p) = parts.get(i) {
        if p.len() != 1 || p.eq_ignore_ascii_case("x") {
            break;
        }
        i += 1;
        let start = i;
        while parts.get(i).is_some_and(|q| q.len() >= 2) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    if parts.get(i).is_some_and(|p| p.eq_ignore_ascii_case("x")) {
        return parts.len() > i + 1;
    }
    i == parts.len()
}

/// The primary language subtag of a tag, lowercased (`es-419` -> `es`).
pub fn primary(tag: &str) -> String {
    tag.split('-').next().unwrap_or("").to_ascii_lowercase()
}

/// Whether text in language `have` suits a reader asking for `want`: the same tag, or the
/// same primary language (`es-419` asked, `es` given, and the other way round).
pub fn suits(want: &str, have: &str) -> bool {
    want.eq_ignore_ascii_case(have) || primary(want) == primary(have)
}

/// The parts of a translation row, when it has them all.
pub fn key(record: &Record) -> Option<(Table, &str, &str, &str, &str)> {
    let g = |k: &str| record.get(k).and_then(Value::as_str);
    Some((
        Table::lookup(g("resource_type")?)?,
        g("resource_id")?,
        g("field_name")?,
        g("language")?,
        g("value")?,
    ))
}

/// Translations of some records, looked up by (table, record id, field).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Translations {
    by_field: BTreeMap<(Table, String, String), Vec<(String, String)>>,
}

impl Translations {
    /// Nothing translated.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one translation row (rows missing a part are ignored: validation refuses them).
    pub fn add(&mut self, record: &Record) {
        if let Some((t, id, field, lang, value)) = key(record) {
            let list = self
                .by_field
                .entry((t, id.to_string(), field.to_string()))
                .or_default();
            if !list.iter().any(|(l, _)| l.eq_ignore_ascii_case(lang)) {
                list.push((lang.to_string(), value.to_string()));
            }
        }
    }

    /// Whether no translation was added.
    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty()
    }

    /// The best translation of one field for a reader asking for `want` (most wanted first):
    /// (language, value). An exact tag beats a same-language one.
    pub fn best(
        &self,
        table: Table,
        id: &str,
        field: &str,
        want: &[String],
    ) -> Option<(&str, &str)> {
        let list = self
            .by_field
            .get(&(table, id.to_string(), field.to_string()))?;
        for w in want {
            let exact = list.iter().find(|(l, _)| l.eq_ignore_ascii_case(w));
            let near = || list.iter().find(|(l, _)| suits(w, l));
            if let Some((l, v)) = exact.or_else(near) {
                return Some((l, v));
            }
        }
        None
    }

    /// Put the reader's language into a record of `table` where a translation exists, and say
    /// the language of every text field it holds: the translation's tag, or `source` (the
    /// language of the untranslated text). A reader who wants the source language gets the
    /// record unchanged.
    pub fn apply(
        &self,
        table: Table,
        record: &mut Record,
        want: &[String],
        source: &str,
    ) -> BTreeMap<String, String> {
        let id = crate::record_id(record).unwrap_or_default().to_string();
        let mut langs = BTreeMap::new();
        let fields: Vec<String> = record
            .iter()
            .filter(|(k, v)| v.as_str().is_some_and(|s| !s.is_empty()) && is_translatable(table, k))
            .map(|(k, _)| k.clone())
            .collect();
        let source_first = want.first().is_some_and(|w| suits(w, source));
        for field in fields {
            let found = if source_first {
                None
            } else {
                self.best(table, &id, &field, want)
            };
            match found {
                Some((lang, value)) => {
                    langs.insert(field.clone(), lang.to_string());
                    record.insert(field, Value::String(value.to_string()));
                }
                None => {
                    langs.insert(field, source.to_string());
                }
            }
        }
        langs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_follow_bcp_47_syntax() {
        for ok in [
            "es",
            "ES",
            "es-419",
            "es-MX",
            "zh-Hant",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "de-CH-1996",
            "en-US-x-twain",
            "x-klingon",
            "zh-yue",
            "sl-rozaj-biske",
            "en-a-bbb-x-ccc",
            "haw",
        ] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "español",
            "es_MX",
            "es-",
            "-es",
            "es--MX",
            "1es",
            "es-x",
            "en-a",
            "toolongtag1",
            "es MX",
            "es-Hant-Latn-a",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn only_prose_fields_can_be_translated() {
        assert!(is_translatable(Table::Service, "description"));
        assert!(is_translatable(Table::Service, "application_process"));
        assert!(is_translatable(Table::ServiceArea, "name"));
        assert!(is_translatable(Table::Phone, "description"));
        for (t, f) in [
            (Table::Service, "id"),
            (Table::Service, "organization_id"),
            (Table::Service, "status"),
            (Table::Service, "url"),
            (Table::Service, "email"),
            (Table::Service, "minimum_age"),
            (Table::Phone, "number"),
            (Table::Location, "latitude"),
            (Table::Translation, "value"),
        ] {
            assert!(!is_translatable(t, f), "{t}.{f}");
        }
        assert_eq!(
            untranslatable(Table::Service, "nonsense").as_deref(),
            Some("service has no field \"nonsense\"")
        );
    }

    fn row(t: &str, id: &str, field: &str, lang: &str, value: &str) -> Record {
        serde_json::json!({"id": format!("{id}{field}{lang}"), "resource_type": t, "resource_id": id,
            "field_name": field, "language": lang, "value": value})
        .as_object()
        .cloned()
        .unwrap_or_default()
    }

    #[test]
    fn the_best_translation_wins_and_untranslated_text_keeps_its_source_language() {
        let mut tr = Translations::new();
        tr.add(&row("service", "s1", "description", "es", "Ayuda"));
        tr.add(&row("service", "s1", "description", "es-MX", "Ayuda (MX)"));
        tr.add(&row("service", "s1", "name", "fr", "Aide"));
        let want = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            tr.best(Table::Service, "s1", "description", &want(&["es-MX"])),
            Some(("es-MX", "Ayuda (MX)"))
        );
        assert_eq!(
            tr.best(Table::Service, "s1", "description", &want(&["es-419"])),
            Some(("es", "Ayuda"))
        );
        assert_eq!(
            tr.best(Table::Service, "s1", "description", &want(&["de"])),
            None
        );
        let mut rec = serde_json::json!({"id": "s1", "name": "Help", "description": "Help line",
            "status": "active", "url": "https://example.org"})
        .as_object()
        .cloned()
        .unwrap_or_default();
        let langs = tr.apply(Table::Service, &mut rec, &want(&["es"]), SOURCE_LANGUAGE);
        assert_eq!(rec["description"], "Ayuda");
        assert_eq!(rec["name"], "Help");
        assert_eq!(langs.get("description").map(String::as_str), Some("es"));
        assert_eq!(langs.get("name").map(String::as_str), Some("en"));
        assert!(!langs.contains_key("status") && !langs.contains_key("url"));
        // Asking for English first keeps the source even where another language exists.
        let mut en = serde_json::json!({"id": "s1", "description": "Help line"})
            .as_object()
            .cloned()
            .unwrap_or_default();
        let langs = tr.apply(
            Table::Service,
            &mut en,
            &want(&["en", "es"]),
            SOURCE_LANGUAGE,
        );
        assert_eq!(en["description"], "Help line");
        assert_eq!(langs["description"], "en");
    }
}
