//! Reading what a page shows from the store: a service with everything a person needs to act
//! on it (phones, hours, places, languages, costs, when it was verified), and the hotlines.
//! Each service comes with the translations of its records' text (`hsds::translation`), so a
//! page shows the reader's language where one exists and marks the source language elsewhere.

use crate::WebError;
use hsds::translation::{suits, Translations, SOURCE_LANGUAGE};
use hsds::{Record, Table};
use search::hours::{self, Hours};
use std::collections::HashMap;
use store::Store;

/// A location of a service, with what is attached to it.
#[derive(Debug, Clone)]
pub struct Place {
    /// The HSDS location.
    pub location: Record,
    /// Its addresses (physical first).
    pub addresses: Vec<Record>,
    /// Its own schedules.
    pub schedules: Vec<Record>,
    /// Its own phones.
    pub phones: Vec<Record>,
    /// A shelter or safe house: no street, no precise point (see `store::confidential`).
    pub confidential: bool,
}

/// Evidence about an organization shown as what it is ("Listed as a member of ... (2013-2015)"),
/// with where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The words to show, as the bundle or an importer wrote them (`attribute.value`).
    pub words: String,
    /// The source (an address or a name) and its date, from the attribute's metadata row.
    pub source: Option<String>,
    /// The date the source gives.
    pub date: Option<String>,
}

/// How far a listing can be trusted, from its metadata: never "verified" unless someone did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// A person checked the listing (curation, a call-back).
    Verified,
    /// Copied from a named public source as it stood on a date.
    SourceSeen,
    /// Found in the named sources, not yet verified by anyone.
    Lead,
}

/// Where a listing comes from and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// What kind of check stands behind it.
    pub trust: Trust,
    /// The date of the check or of the source (YYYY-MM-DD).
    pub date: String,
    /// The source, as it should be shown.
    pub source: Option<String>,
}

impl Provenance {
    /// Whether the listing has not been verified for more than a year on `today`.
    pub fn stale(&self, today: chrono::NaiveDate) -> bool {
        chrono::NaiveDate::parse_from_str(self.date.get(..10).unwrap_or(""), "%Y-%m-%d")
            .map(|d| (today - d).num_days() > 365)
            .unwrap_or(true)
    }
}

/// Evidence terms (haven taxonomy codes) shown on an organization's listings.
pub const EVIDENCE_TERMS: &[&str] = &["network-member", "federal-grant"];

/// A service and everything around it.
#[derive(Debug, Clone)]
pub struct ServiceDetail {
    /// The HSDS service.
    pub service: Record,
    /// Its organization.
    pub organization: Option<Record>,
    /// The service's phones.
    pub phones: Vec<Record>,
    /// The service's own schedules.
    pub schedules: Vec<Record>,
    /// Languages spoken.
    pub languages: Vec<Record>,
    /// Where it is offered.
    pub places: Vec<Place>,
    /// Costs.
    pub cost_options: Vec<Record>,
    /// Where it serves.
    pub service_areas: Vec<Record>,
    /// Names of its taxonomy terms (service types).
    pub types: Vec<String>,
    /// Codes of the same terms, in the same order: what code compares (never display names).
    pub type_codes: Vec<String>,
    /// What is known about the organization (network memberships, grants), with sources.
    pub evidence: Vec<Evidence>,
    /// Review history (verification source and date).
    pub metadata: Vec<Record>,
    /// Translations of the text of all the records above, in every language the store has.
    pub translations: Translations,
}

/// A string field of a record ("" when absent).
pub fn s<'a>(r: &'a Record, field: &str) -> &'a str {
    r.get(field).and_then(|v| v.as_str()).unwrap_or("")
}

/// A number field of a record.
pub fn f(r: &Record, field: &str) -> Option<f64> {
    r.get(field).and_then(|v| v.as_f64())
}

/// Everything about one service, or None when no service has this id.
pub fn service(st: &dyn Store, id: &str) -> Result<Option<ServiceDetail>, WebError> {
    Loader::new(Scope::Everything).service(st, id)
}

/// What a list of search results shows of each service `ids` names that exists: everything
/// [`service`] reads except what only a listing's own page shows (the organization's record,
/// the evidence about it, and costs: `organization` is None, `evidence` and `cost_options` are
/// empty), with each taxonomy term read once for the whole list. A results page reads about
/// a fifth fewer records this way.
pub fn result_services(
    st: &dyn Store,
    ids: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, ServiceDetail>, WebError> {
    let mut loader = Loader::new(Scope::Results);
    let mut out = HashMap::new();
    for id in ids {
        if out.contains_key(&id) {
            continue;
        }
        if let Some(d) = loader.service(st, &id)? {
            out.insert(id, d);
        }
    }
    Ok(out)
}

/// How much of a service a [`Loader`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// All of it (a listing's own page, the hotlines).
    Everything,
    /// What a results list shows (see [`result_services`]).
    Results,
}

/// Reads services from one store, remembering the taxonomy terms it has read (a directory has
/// few, and most services share them).
struct Loader {
    scope: Scope,
    terms: HashMap<String, Option<Record>>,
}

impl Loader {
    fn new(scope: Scope) -> Loader {
        Loader {
            scope,
            terms: HashMap::new(),
        }
    }

    fn service(&mut self, st: &dyn Store, id: &str) -> Result<Option<ServiceDetail>, WebError> {
        let everything = self.scope == Scope::Everything;
        let Some(service) = st.get(Table::Service, id)? else {
            return Ok(None);
        };
        let organization_id = service
            .get("organization_id")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let organization = match &organization_id {
            Some(o) if everything => st.get(Table::Organization, o)?,
            _ => None,
        };
        let mut places = Vec::new();
        for sal in st.children(Table::ServiceAtLocation, "service_id", id)? {
            let Some(lid) = sal.get("location_id").and_then(|v| v.as_str()) else {
                continue;
            };
            let Some(location) = st.get(Table::Location, lid)? else {
                continue;
            };
            let mut addresses = st.children(Table::Address, "location_id", lid)?;
            addresses.sort_by_key(|a| s(a, "address_type") != "physical");
            let confidential = self
                .terms_of(st, lid)?
                .iter()
                .any(|(_, t)| s(t, "code") == hsds::haven::CONFIDENTIAL_TERM_CODE);
            places.push(Place {
                location,
                addresses,
                schedules: st.children(Table::Schedule, "location_id", lid)?,
                phones: st.children(Table::Phone, "location_id", lid)?,
                confidential,
            });
        }
        let mut types = Vec::new();
        let mut type_codes = Vec::new();
        for (_, term) in self.terms_of(st, id)? {
            types.push(s(&term, "name").to_string());
            type_codes.push(s(&term, "code").to_string());
        }
        let mut metadata = st.children(Table::Metadata, "resource_id", id)?;
        let mut evidence = Vec::new();
        // The organization's own metadata rows count for provenance even where the record
        // itself is not read (an organization that is gone has no rows either).
        let org_id = match &organization {
            Some(o) => Some(s(o, "id").to_string()),
            None if !everything => organization_id,
            None => None,
        };
        if let Some(oid) = &org_id {
            metadata.extend(st.children(Table::Metadata, "resource_id", oid)?);
        }
        if let (Some(oid), true) = (&org_id, everything) {
            for (a, term) in self.terms_of(st, oid)? {
                if !EVIDENCE_TERMS.contains(&s(&term, "code")) || s(&a, "value").is_empty() {
                    continue;
                }
                let meta = st.children(Table::Metadata, "resource_id", s(&a, "id"))?;
                let m = meta.first();
                evidence.push(Evidence {
                    words: s(&a, "value").to_string(),
                    source: m
                        .map(|m| s(m, "replacement_value").to_string())
                        .filter(|v| !v.is_empty()),
                    date: m
                        .map(|m| s(m, "last_action_date").to_string())
                        .filter(|v| !v.is_empty()),
                });
            }
        }
        let mut d = ServiceDetail {
            phones: st.children(Table::Phone, "service_id", id)?,
            schedules: st.children(Table::Schedule, "service_id", id)?,
            languages: st.children(Table::Language, "service_id", id)?,
            cost_options: if everything {
                st.children(Table::CostOption, "service_id", id)?
            } else {
                Vec::new()
            },
            service_areas: st.children(Table::ServiceArea, "service_id", id)?,
            service,
            organization,
            places,
            types,
            type_codes,
            evidence,
            metadata,
            translations: Translations::new(),
        };
        d.translations = translations_of(st, &d)?;
        Ok(Some(d))
    }

    /// The attributes linking a record to taxonomy terms, with each term.
    fn terms_of(
        &mut self,
        st: &dyn Store,
        link_id: &str,
    ) -> Result<Vec<(Record, Record)>, WebError> {
        let mut out = Vec::new();
        for a in st.children(Table::Attribute, "link_id", link_id)? {
            let Some(tid) = a.get("taxonomy_term_id").and_then(|v| v.as_str()) else {
                continue;
            };
            let term = match self.terms.get(tid) {
                Some(t) => t.clone(),
                None => {
                    let t = st.get(Table::TaxonomyTerm, tid)?;
                    self.terms.insert(tid.to_string(), t.clone());
                    t
                }
            };
            if let Some(term) = term {
                out.push((a, term));
            }
        }
        Ok(out)
    }
}

/// The translations of every record a detail shows (none read when the store has none).
fn translations_of(st: &dyn Store, d: &ServiceDetail) -> Result<Translations, WebError> {
    let mut out = Translations::new();
    if st.count(Table::Translation)? == 0 {
        return Ok(out);
    }
    let mut records: Vec<&Record> = vec![&d.service];
    records.extend(d.organization.iter());
    for list in [
        &d.phones,
        &d.schedules,
        &d.languages,
        &d.cost_options,
        &d.service_areas,
    ] {
        records.extend(list.iter());
    }
    for p in &d.places {
        records.push(&p.location);
        for list in [&p.addresses, &p.schedules, &p.phones] {
            records.extend(list.iter());
        }
    }
    let mut seen = std::collections::HashSet::new();
    for r in records {
        let id = s(r, "id");
        if id.is_empty() || !seen.insert(id) {
            continue;
        }
        for t in st.children(Table::Translation, "resource_id", id)? {
            out.add(&t);
        }
    }
    Ok(out)
}

/// The `lang` attribute text in language `text_lang` needs on a page in `page_lang`: None when
/// the page's language already says it.
pub fn lang_mark<'a>(text_lang: &'a str, page_lang: &str) -> Option<&'a str> {
    (!suits(page_lang, text_lang)).then_some(text_lang)
}

impl ServiceDetail {
    /// A text field of one of this detail's records (`table` says which kind) as a reader of
    /// `lang` sees it: the translation into `lang` where one exists, else the source text;
    /// with the language the text is in, for the page's `lang` attribute.
    pub fn text<'a>(
        &'a self,
        table: Table,
        record: &'a Record,
        field: &str,
        lang: &str,
    ) -> (&'a str, &'a str) {
        let source = s(record, field);
        if suits(lang, SOURCE_LANGUAGE) || source.is_empty() {
            return (source, SOURCE_LANGUAGE);
        }
        let want = [lang.to_string()];
        match self.translations.best(table, s(record, "id"), field, &want) {
            Some((l, v)) => (v, l),
            None => (source, SOURCE_LANGUAGE),
        }
    }

    /// The service's hours at a place (its own rows plus the place's), and the zone they are
    /// read in: the place's real zone from its coordinates, else the rows' numeric offset.
    pub fn hours(
        &self,
        place: Option<&Place>,
    ) -> (Hours, Option<chrono_tz::Tz>, Option<chrono::FixedOffset>) {
        let mut rows: Vec<&Record> = self.schedules.iter().collect();
        if let Some(p) = place {
            rows.extend(p.schedules.iter());
        }
        let (h, _problems) = hours::parse(&rows);
        let zone = place.and_then(|p| {
            let lat = f(&p.location, "latitude")?;
            let lon = f(&p.location, "longitude")?;
            search::gazetteer::timezone_at(lat, lon)
        });
        (h, zone, hours::fallback_zone(&rows))
    }

    /// Whether any cost option says it is free.
    pub fn free(&self) -> bool {
        self.cost_options.iter().any(|c| {
            let o = s(c, "option").to_ascii_lowercase();
            o.contains("free") || c.get("amount").and_then(|v| v.as_f64()) == Some(0.0)
        })
    }

    /// Where the listing comes from and when: the newest attribution metadata row of the
    /// service (or its organization), read honestly: a bundled copy of a public source is
    /// [`Trust::SourceSeen`] even where an older bundle wrote "verified".
    pub fn provenance(&self) -> Option<Provenance> {
        use hsds::haven::{ACTION_LEAD, ACTION_SOURCE_SEEN, ACTION_VERIFIED, BUNDLED_BY_PREFIX};
        let trust_of = |m: &Record| match s(m, "last_action_type") {
            ACTION_LEAD => Some(Trust::Lead),
            ACTION_SOURCE_SEEN => Some(Trust::SourceSeen),
            ACTION_VERIFIED if s(m, "updated_by").starts_with(BUNDLED_BY_PREFIX) => {
                Some(Trust::SourceSeen)
            }
            ACTION_VERIFIED => Some(Trust::Verified),
            _ => None,
        };
        let meta = self
            .metadata
            .iter()
            .filter(|m| trust_of(m).is_some() && s(m, "field_name") == "*")
            .max_by(|a, b| s(a, "last_action_date").cmp(s(b, "last_action_date")));
        let assured = s(&self.service, "assured_date");
        match meta {
            Some(m) => Some(Provenance {
                trust: trust_of(m).unwrap_or(Trust::SourceSeen),
                date: s(m, "last_action_date").to_string(),
                source: Some(s(m, "replacement_value").to_string())
                    .filter(|v| !v.is_empty() && v != "not recorded"),
            }),
            // Without an attribution row, `assured_date` is the publisher's own word.
            None if !assured.is_empty() => Some(Provenance {
                trust: Trust::SourceSeen,
                date: assured.to_string(),
                source: None,
            }),
            None => None,
        }
    }

    /// Whether the service has a term with this code (codes, never display names).
    pub fn has_type(&self, code: &str) -> bool {
        self.type_codes.iter().any(|c| c == code)
    }
}

/// The areas a line serves when none is `home_region` ("United Kingdom"), to say so beside
/// its number; None for home lines and lines with no area.
pub fn away_area(d: &ServiceDetail, home_region: &str) -> Option<String> {
    let names: Vec<&str> = d
        .service_areas
        .iter()
        .map(|a| s(a, "name"))
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty() && !names.contains(&home_region)).then(|| names.join(", "))
}

/// Only digits and a leading `+`: what a `tel:` or `sms:` link needs.
pub fn dial(number: &str) -> String {
    number
        .chars()
        .enumerate()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect()
}

/// The hotlines: every active service typed `hotline`, with details: lines for trafficking
/// first, then lines serving `home_region` (a service area name, e.g. "United States") before
/// those of other countries, then by name; 911 last.
pub fn hotlines(
    st: &dyn Store,
    index: &search::Index,
    home_region: &str,
) -> Result<Vec<ServiceDetail>, WebError> {
    let q = search::Query {
        taxonomy: Some("hotline".to_string()),
        limit: 200,
        ..Default::default()
    };
    let hits = match index.search(&q) {
        Ok(r) => r.hits,
        // A directory without the hotline type simply has no hotlines.
        Err(search::SearchError::UnknownTaxonomy { .. }) => Vec::new(),
        Err(e) => return Err(WebError::Internal(e.to_string())),
    };
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for h in hits {
        if !seen.insert(h.service_id.clone()) {
            continue;
        }
        if let Some(d) = service(st, &h.service_id)? {
            out.push(d);
        }
    }
    // Lines for trafficking first (the reason people come), 911 last (the footer and the guide
    // give it on its own), then by name.
    let rank = |d: &ServiceDetail| {
        if d.has_type("trafficking") {
            0
        } else if d.has_type("emergency") {
            2
        } else {
            1
        }
    };
    let away = |d: &ServiceDetail| {
        !d.service_areas.is_empty() && !d.service_areas.iter().any(|a| s(a, "name") == home_region)
    };
    out.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| away(a).cmp(&away(b)))
            .then_with(|| s(&a.service, "name").cmp(s(&b.service, "name")))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(v: serde_json::Value) -> Record {
        v.as_object().cloned().unwrap_or_default()
    }

    fn detail(metadata: Vec<Record>, assured: Option<&str>) -> ServiceDetail {
        let mut service = rec(json!({"id": "s", "name": "A service"}));
        if let Some(a) = assured {
            service.insert("assured_date".into(), a.into());
        }
        ServiceDetail {
            service,
            organization: None,
            phones: vec![],
            schedules: vec![],
            languages: vec![],
            places: vec![],
            cost_options: vec![],
            service_areas: vec![],
            types: vec![],
            type_codes: vec![],
            evidence: vec![],
            metadata,
            translations: Translations::new(),
        }
    }

    fn meta(action: &str, date: &str, by: &str) -> Record {
        rec(
            json!({"id": date, "resource_id": "s", "field_name": "*", "last_action_type": action,
                   "last_action_date": date, "replacement_value": "Some public source", "updated_by": by}),
        )
    }

    fn day(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_bundled_copy_of_a_source_is_never_called_verified() {
        let old_bundle = detail(
            vec![meta(
                "verified",
                "2021-06-07",
                "haven bundled data: orgs/x.csv",
            )],
            Some("2021-06-07"),
        );
        let p = old_bundle.provenance().unwrap();
        assert_eq!(p.trust, Trust::SourceSeen);
        assert_eq!(p.source.as_deref(), Some("Some public source"));
        let seen = detail(vec![meta("source-seen", "2026-12-01", "x")], None);
        assert_eq!(seen.provenance().unwrap().trust, Trust::SourceSeen);
        let checked = detail(
            vec![meta("verified", "2026-11-30", "a coalition admin")],
            None,
        );
        assert_eq!(checked.provenance().unwrap().trust, Trust::Verified);
        let lead = detail(vec![meta("listed-unverified", "2019-07-01", "x")], None);
        assert_eq!(lead.provenance().unwrap().trust, Trust::Lead);
        // Another action (an edit) is not provenance; assured_date alone is the source's word.
        let edited = detail(vec![meta("update", "2026-01-01", "x")], Some("2020-01-01"));
        let p = edited.provenance().unwrap();
        assert_eq!(
            (p.trust, p.date.as_str()),
            (Trust::SourceSeen, "2020-01-01")
        );
        assert_eq!(detail(vec![], None).provenance(), None);
    }

    #[test]
    fn the_newest_attribution_wins_and_a_year_makes_it_stale() {
        let d = detail(
            vec![
                meta("source-seen", "2021-06-07", "x"),
                meta("verified", "2026-06-01", "an editor"),
            ],
            None,
        );
        let p = d.provenance().unwrap();
        assert_eq!((p.trust, p.date.as_str()), (Trust::Verified, "2026-06-01"));
        assert!(!p.stale(day("2026-12-02")));
        assert!(p.stale(day("2027-06-03")));
        let bad = Provenance {
            trust: Trust::SourceSeen,
            date: "c.2014".into(),
            source: None,
        };
        assert!(
            bad.stale(day("2026-12-02")),
            "an unreadable date is not fresh"
        );
    }
}
