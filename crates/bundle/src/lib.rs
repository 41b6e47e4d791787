//! The reproducible conversion of haven's starting facts (`data/sources/`) into HSDS 3.0 records.
//!
//! [`convert`] reads the hotlines file and their Spanish translations, the two US hospital files, the NYC Crime Victim Services
//! Finder, the New York anti-trafficking leads, the network evidence and the Open Eligibility
//! taxonomy, and returns an in-memory [`hsds::Directory`] plus a [`ConvertReport`] (counts, how the
//! hospital files joined, and every source defect found, by row and field). Same input, same
//! output: every id is a UUID v5 of [`NAMESPACE`] and a stable key (`hotline:<name>/service`,
//! `hifld:<ID>/location`, `nyc:<organization>|<site>|<street>/service`, `lead:<name>|<city>/...`),
//! so importing the bundle twice changes nothing.
//! Every record is built as its typed `hsds::model` struct (typed ids, term codes from
//! `hsds::vocab`) and flattened once, when it is pushed.
//!
//! # Where things live in HSDS (the mapping choices)
//!
//! * **Attribution** (principle 3: every listing shows its source and when it was last checked).
//!   Every organization, service and location gets an HSDS `metadata` row: `resource_type` = the
//!   table, `resource_id` = the record, `last_action_type` = [`ACTION_SOURCE_SEEN`] ("seen in the
//!   named public source on that date": nobody called or verified it) or, for the anti-trafficking
//!   leads, [`ACTION_LEAD`] ("listed, not yet verified"), `last_action_date` = the date,
//!   `field_name` = [`ALL_FIELDS`] (`*`: the whole record), `previous_value` = [`PREVIOUS_VALUE`] (a CSV cannot hold an empty required value),
//!   `replacement_value` = the attribution to show (a hotline's `source_seen`, or
//!   [`HIFLD_ATTRIBUTION`]), `updated_by` = [`UPDATED_BY_PREFIX`] + the source file. The service's
//!   own `assured_date` holds the same date, so consumers that ignore metadata still see it.
//!   Facts taken from the CMS file (the ER tag, a CMS phone) get their own metadata row on the
//!   `attribute` / `phone` record, with [`CMS_ATTRIBUTION`] and the CMS vintage [`CMS_DATE`].
//! * **Consent note** (hotlines): the service's `application_process`. For a hotline, calling *is*
//!   the application, and what the counsellor does with what you say (acts only with consent, except
//!   for minors or imminent danger) is the part of that process a person at risk needs before
//!   calling. It is a standard field every HSDS consumer shows, unlike an invented extra field.
//! * **Languages**: named languages become `language` rows (`name`, ISO 639-1 `code` only for the
//!   few names we can map with certainty, `note` = the part of the column they came from); the whole
//!   column, as given, goes in the service's `interpretation_services`, which is where "200+
//!   languages via interpreters" belongs. No language is invented.
//! * **24/7 hours**: one `schedule` row: `freq` WEEKLY, `byday` `MO,TU,WE,TH,FR,SA,SU`,
//!   `opens_at` `00:00:00`, `closes_at` `23:59:59` (times are `HH:MM:SS` everywhere in the bundle),
//!   `description` "Open 24 hours, every day" (hotlines) or "Emergency department open 24 hours
//!   (CMS Hospital General Information: Emergency Services = Yes)" (hospitals). An open-now
//!   evaluator reads `closes_at` 23:59:59 as "through the end of the day". No UTC offset is given:
//!   a schedule covering every minute of every day means the same in every time zone. Other
//!   hotline hours are kept as free text in a schedule `description` only; the NYC finder's hours
//!   are read by [`hours`] (rules only where unambiguous, the words always in `description`).
//! * **Emergency department** (hospitals): an `attribute` row linking the service to the haven
//!   taxonomy term `emergency-department` (CMS "Emergency Services" = Yes) or
//!   `no-emergency-department` (= No), plus "Emergency department: yes / no / unknown" in the service
//!   description. Unmatched hospitals get neither tag. The CMS CCN of a matched hospital is an
//!   `organization_identifier` row.
//! * **Taxonomy**: haven's own terms ([`taxonomy::TERMS`]: situations, populations, service types,
//!   listing marks, hospital kinds) and Open Eligibility (every term of `oe.json`), both linked by
//!   `attribute` rows; situations a service is for carry `link_type` "eligibility", populations
//!   "audience". The mapping of every source flag is in `docs/taxonomy.md`.
//! * **Confidential locations** (shelters, residences, safe houses): no `address` row at all, the
//!   coordinates of a fixed borough or city centre said so in the location's name and description,
//!   and an `attribute` to the `confidential-location` term (`hsds::haven`).
//! * **Areas served** (hotlines): `service_area.uri` = a haven area URN (`hsds::haven::Area`).
//! * **Translations** (hotlines): haven's `translation` table (`hsds::translation`), one row per
//!   field and language (`resource_type`, `resource_id`, `field_name`, `language`, `value`), from
//!   `hotline-translations-es.csv`; ids are UUID v5 of `translation:<table>:<record id>:<field>:es`.
//! * **Network evidence**: an `attribute` on the organization to `network-member` or
//!   `federal-grant` whose `value` is the words to show, with its own metadata row (source URL and
//!   date).

mod evidence;
pub mod gazetteer;
mod hospitals;
mod hotlines;
pub mod hours;
mod leads;
pub mod nyc;
pub mod projection;
mod source;
pub mod taxonomy;
mod translations;

use hsds::model::Metadata;
use hsds::{AnyId, Directory, Id, Object, Origin};
use std::path::Path;
use uuid::Uuid;

pub use hospitals::{country2, house_number, name_words, serves_some, zip5, ER_HOURS};
pub use hotlines::{is_24_7, named_languages, region_name, terms, text_line, EVERY_DAY};
pub use translations::HOTLINE_TRANSLATIONS_ES_FILE;

/// haven's fixed UUID v5 namespace (uuid5(URL, "urn:haven:bundle")), so bundled ids never change.
pub const NAMESPACE: Uuid = Uuid::from_u128(0xfaea08ec_20c1_5224_9277_a48abd9cc8fa);

/// What an attribution record says came before: HSDS requires a value and a CSV cell cannot hold an empty one.
pub const PREVIOUS_VALUE: &str = "not recorded";

/// Path of the hotlines file inside the sources directory, as origins and attributions name it.
pub const HOTLINES_FILE: &str = "hotlines.csv";
/// Path of the HIFLD hospitals file inside the sources directory.
pub const HIFLD_FILE: &str = "hospitals/hifld_hospitals.csv";
/// Path of the CMS Hospital General Information file inside the sources directory.
pub const CMS_FILE: &str = "hospitals/cms_hospital_general_information.csv";

/// The attribution actions the web reads (one vocabulary, defined in `hsds::haven`): facts seen
/// in a named public source on a date ([`ACTION_SOURCE_SEEN`]); leads not yet verified
/// ([`ACTION_LEAD`]). Nothing bundled is called verified, because nobody verified it.
pub use hsds::haven::{ACTION_LEAD, ACTION_SOURCE_SEEN};
/// Path of the NYC Crime Victim Services Finder file inside the sources directory.
pub const NYC_FILE: &str = "orgs/facility.csv";
/// Path of the NYC finder's label table (flag column -> name).
pub const NYC_FIELDS_FILE: &str = "orgs/fields.js";
/// Path of the New York anti-trafficking leads.
pub const LEADS_FILE: &str = "orgs/ny-anti-trafficking-leads.csv";
/// Path of the network and grant evidence.
pub const EVIDENCE_FILE: &str = "orgs/affiliation-evidence.csv";
/// Attribution shown for facts from the NYC finder.
pub const NYC_ATTRIBUTION: &str =
    "NYC Crime Victim Services Finder (City of New York), data of 2021-06-07";
/// Date of the NYC finder's data (its last change in the City's repository).
pub const NYC_DATE: &str = "2021-06-07";
/// `metadata.field_name` of an attribution row: it vouches for the whole record.
pub const ALL_FIELDS: &str = "*";
/// Start of `metadata.updated_by` on every bundled attribution row (then the source file).
pub use hsds::haven::BUNDLED_BY_PREFIX as UPDATED_BY_PREFIX;
/// Attribution shown for facts from the HIFLD file.
pub const HIFLD_ATTRIBUTION: &str = "HIFLD Hospitals (DHS), public use";
/// Attribution shown for facts from the CMS file (ER flag, fallback phone).
pub const CMS_ATTRIBUTION: &str = "CMS Hospital General Information, public domain";
/// Date of HIFLD facts whose row has no usable SOURCEDATE/VAL_DATE: the release date.
pub const HIFLD_RELEASE_DATE: &str = "2022-04-12";
/// Date of CMS facts: the file carries none, so the day it was published to GitHub (2026-02-06).
pub const CMS_DATE: &str = "2026-02-06";

/// Why a conversion failed, naming the file (and row and field) to go and look at.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The file could not be opened or is not readable CSV.
    #[error("{file}: cannot read: {source}")]
    Read {
        /// The source file, relative to the sources directory.
        file: String,
        /// What went wrong underneath.
        #[source]
        source: csv::Error,
    },
    /// A column the conversion needs is not in the file's header.
    #[error("{file}: missing column '{column}'")]
    MissingColumn {
        /// The source file.
        file: String,
        /// The column name expected in the header.
        column: String,
    },
    /// A row holds a value that cannot be converted.
    #[error("{file}:{row}: {field}: {reason}")]
    BadRow {
        /// The source file.
        file: String,
        /// Spreadsheet row number (the header is row 1).
        row: u64,
        /// The column.
        field: String,
        /// What is wrong with the value.
        reason: String,
    },
    /// A record built from the sources does not serialize as its HSDS object (a bundle defect).
    #[error("building the bundled records: {0}")]
    Model(#[from] hsds::ModelError),
}

/// A defect of a source row, kept as published and reported so a person can look at it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The source file, relative to the sources directory.
    pub file: String,
    /// Spreadsheet row number (the header is row 1).
    pub row: u64,
    /// The column.
    pub field: String,
    /// What is wrong, and what the bundle did about it.
    pub what: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.row, self.field, self.what
        )
    }
}

/// How many rows were read and how the two hospital files joined, so a new vintage can be judged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConvertReport {
    /// NYC finder rows converted (one service and one location each).
    pub nyc_sites: usize,
    /// Organizations made from the NYC finder (one per name).
    pub nyc_organizations: usize,
    /// NYC sites bundled as confidential (no street, borough centre).
    pub nyc_residential: usize,
    /// NYC schedules read into times / kept as words only.
    pub hours_read: usize,
    /// NYC hours fields kept as words only.
    pub hours_words: usize,
    /// Anti-trafficking lead rows converted (one location each; one service per name).
    pub leads: usize,
    /// Evidence rows attached to a bundled organization.
    pub evidence_matched: usize,
    /// Evidence rows whose name matches no bundled organization (also in `findings`).
    pub evidence_unmatched: usize,
    /// Source defects, by file, row and field.
    pub findings: Vec<Finding>,
    /// Hotline rows converted.
    pub hotlines: usize,
    /// Translation records made from `hotline-translations-es.csv`.
    pub translations: usize,
    /// HIFLD rows with STATUS = OPEN (each one becomes a hospital listing).
    pub hospitals_open: usize,
    /// CMS rows read.
    pub cms_rows: usize,
    /// CMS rows matched to an open HIFLD hospital by ZIP + street house number.
    pub matched_by_number: usize,
    /// CMS rows matched by ZIP + a distinctive name word (after the number pass).
    pub matched_by_name: usize,
    /// CMS rows matched to no HIFLD hospital (none, or ambiguous candidates).
    pub unmatched_cms: usize,
    /// Open hospitals tagged `emergency-department`.
    pub er_yes: usize,
    /// Open hospitals tagged `no-emergency-department`.
    pub er_no: usize,
    /// Open hospitals with no CMS match: emergency department unknown.
    pub er_unknown: usize,
}

impl ConvertReport {
    /// Share of CMS rows matched (0..=1), the headline number of the join.
    pub fn matched_ratio(&self) -> f64 {
        if self.cms_rows == 0 {
            return 0.0;
        }
        (self.matched_by_number + self.matched_by_name) as f64 / self.cms_rows as f64
    }
}

impl std::fmt::Display for ConvertReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "hotlines {} ({} Spanish translations); open hospitals {}; CMS rows {}: matched by number {}, by name {}, unmatched {} ({:.1}% matched); emergency department yes {}, no {}, unknown {}",
            self.hotlines,
            self.translations,
            self.hospitals_open,
            self.cms_rows,
            self.matched_by_number,
            self.matched_by_name,
            self.unmatched_cms,
            self.matched_ratio() * 100.0,
            self.er_yes,
            self.er_no,
            self.er_unknown
        )?;
        write!(
            f,
            "\nNYC victim services: {} sites of {} organizations ({} residential, bundled without street); hours read {}, words only {}\nanti-trafficking leads {}; network evidence matched {}, unmatched {}\nsource findings ({}):",
            self.nyc_sites,
            self.nyc_organizations,
            self.nyc_residential,
            self.hours_read,
            self.hours_words,
            self.leads,
            self.evidence_matched,
            self.evidence_unmatched,
            self.findings.len()
        )?;
        for finding in &self.findings {
            write!(f, "\n  {finding}")?;
        }
        Ok(())
    }
}

/// Convert the sources directory (`data/sources/`) into HSDS records and the join statistics.
///
/// Reads `hotlines.csv`, `hotline-translations-es.csv`, `hospitals/*.csv`, `orgs/*` and `taxonomy/open-eligibility/oe.json`
/// under `sources`, and the ZIP and city centres of the gazetteer beside it (`../gazetteer`);
/// every record's origin is its source row.
pub fn convert(sources: &Path) -> Result<(Directory, ConvertReport), BundleError> {
    let mut dir = Directory::default();
    let mut report = ConvertReport::default();
    taxonomy::push(&mut dir)?;
    taxonomy::push_open_eligibility(sources, &mut dir)?;
    report.hotlines = hotlines::convert(sources, &mut dir)?;
    report.translations = translations::convert(sources, &mut dir)?;
    hospitals::convert(sources, &mut dir, &mut report)?;
    let sites = nyc::convert(sources, &mut dir, &mut report)?;
    let gaz = gazetteer::Gazetteer::read(&gazetteer::dir_for(sources))?;
    let aliases = leads::convert(sources, &mut dir, &mut report, &sites, &gaz)?;
    evidence::convert(sources, &mut dir, &mut report, &aliases)?;
    report.findings.sort();
    Ok((dir, report))
}

/// The deterministic id of the record with this stable key (UUID v5 in [`NAMESPACE`]).
pub fn id(key: &str) -> String {
    Uuid::new_v5(&NAMESPACE, key.as_bytes()).to_string()
}

/// The deterministic typed id of the record with this stable key (UUID v5 in [`NAMESPACE`]).
pub(crate) fn id_of<I: Id>(key: &str) -> I {
    I::from_uuid(Uuid::new_v5(&NAMESPACE, key.as_bytes()))
}

/// The deterministic id of a record of a table known only at run time (UUID v5 in [`NAMESPACE`]).
pub(crate) fn any_id_of(key: &str) -> AnyId {
    AnyId::from_uuid(Uuid::new_v5(&NAMESPACE, key.as_bytes()))
}

/// Add one bundled record, built as its model struct, to the directory.
pub(crate) fn put<T: Object>(
    dir: &mut Directory,
    value: &T,
    origin: Origin,
) -> Result<(), BundleError> {
    Ok(dir.push_object(value, origin)?)
}

/// A string field's value, absent when the source has none.
pub(crate) fn opt(v: Option<&str>) -> Option<String> {
    v.map(str::to_string)
}

/// One attribution (`metadata`) row about a record.
pub(crate) struct Attribution<'a> {
    pub date: &'a str,
    pub shown: &'a str,
    pub file: &'a str,
    /// [`ACTION_SOURCE_SEEN`] or [`ACTION_LEAD`].
    pub action: &'a str,
}

/// Push the attribution `metadata` row of `resource` (field `*` unless named).
pub(crate) fn attribute_to<I: Id>(
    dir: &mut Directory,
    resource: I,
    field: &str,
    a: &Attribution<'_>,
    origin: Origin,
) -> Result<(), BundleError> {
    let table = I::TABLE;
    let metadata = Metadata {
        id: id_of(&format!("metadata:{table}:{resource}:{field}")),
        resource_id: Some(resource.into()),
        resource_type: Some(table.name().to_string()),
        last_action_date: a.date.to_string(),
        last_action_type: a.action.to_string(),
        field_name: field.to_string(),
        previous_value: PREVIOUS_VALUE.to_string(),
        replacement_value: a.shown.to_string(),
        updated_by: format!("{UPDATED_BY_PREFIX}{}", a.file),
        ..Metadata::default()
    };
    put(dir, &metadata, origin)
}

/// A website as an absolute http(s) URI: kept when it is one, `http://`-prefixed when it is clearly
/// a bare host (`www.x.org/...`), dropped otherwise (spaces, other schemes, no dotted host).
pub fn web_uri(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let lower = raw.to_ascii_lowercase();
    let candidate = if lower.starts_with("http://") || lower.starts_with("https://") {
        raw.to_string()
    } else if lower.starts_with("www.") {
        format!("http://{raw}")
    } else {
        return None;
    };
    let rest = candidate.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    let chars_ok = candidate.chars().all(|c| {
        c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    });
    (host_ok && chars_ok).then_some(candidate)
}

/// A `YYYY-MM-DD` date from the leading date of a value (`2021/10/19 00:00:00+00` or `2026-12-01`).
pub fn date_of(raw: &str) -> Option<String> {
    let head: String = raw.trim().chars().take(10).collect();
    let norm = head.replace('/', "-");
    chrono::NaiveDate::parse_from_str(&norm, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites_are_absolute_uris_or_dropped() {
        assert_eq!(
            web_uri("http://www.a.com").as_deref(),
            Some("http://www.a.com")
        );
        assert_eq!(
            web_uri("www.cpgh.org").as_deref(),
            Some("http://www.cpgh.org")
        );
        assert_eq!(
            web_uri("www.nortonsoundhealth.org/").as_deref(),
            Some("http://www.nortonsoundhealth.org/")
        );
        assert_eq!(web_uri("http://www.alaweb.com/ tgarske"), None);
        assert_eq!(web_uri("NOT AVAILABLE"), None);
        assert_eq!(web_uri("mailto:x@y.org"), None);
        assert_eq!(web_uri("https://localhost/x"), None);
    }

    #[test]
    fn dates_come_from_the_leading_date() {
        assert_eq!(
            date_of("2021/10/19 00:00:00+00").as_deref(),
            Some("2021-10-19")
        );
        assert_eq!(date_of("2026-12-01").as_deref(), Some("2026-12-01"));
        assert_eq!(date_of("-999"), None);
        assert_eq!(date_of("2021/13/40 00:00:00+00"), None);
    }

    #[test]
    fn ids_are_stable_uuids() {
        assert_eq!(id("hifld:1"), id("hifld:1"));
        assert_ne!(id("hifld:1"), id("hifld:2"));
        assert_eq!(Uuid::parse_str(&id("x")).unwrap().get_version_num(), 5);
        assert_eq!(
            NAMESPACE,
            Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:haven:bundle")
        );
    }
}
