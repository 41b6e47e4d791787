//! NYC Crime Victim Services Finder (`orgs/facility.csv`, 2021-06-07) -> one organization per
//! organization name, and per site row one location (+ address, accessibility) and one service
//! (+ phone, languages, schedules, service types, situations, populations).
//!
//! Choices a reviewer should check:
//! * **Residential sites** ([`is_residential`]: a shelter or housing flag and a name word such as
//!   shelter, residence, safe haven, apartments, transitional) are bundled with no `address` row,
//!   at the fixed centre of their borough ([`BOROUGHS`]), said so in the location's name and
//!   description, and tagged `confidential-location`. Their street never enters the bundle.
//! * **Coordinates**: X/Y (EPSG:2263, US survey feet) converted by `proj4rs` ([`crate::projection`]).
//! * **Defects** are kept as published and reported ([`crate::Finding`]): a ZIP that contradicts
//!   the borough, a missing ZIP, a phone without ten digits or with an area code outside NYC, a
//!   website that is not a URL, hours that look wrong, a U+FFFD character.
//! * **Eligibility**: victim-type flags -> haven situation terms (`link_type` "eligibility"); the
//!   age bands -> `minimum_age`/`maximum_age` only when the ticked bands are contiguous; the bands,
//!   victim types and the source's eligibility text -> `eligibility_description`.
//! * **Trafficking**: a row whose names, eligibility text or other-service text mention
//!   trafficking is tagged `trafficking` (eligibility), so "trusted organizations" finds the
//!   Family Justice Centers ("...and/or sex trafficking") and Safe Horizon's Anti-Trafficking
//!   Program.

use crate::hours::{self, Reading};
use crate::projection::StatePlane;
use crate::source::{Row, Sheet};
use crate::taxonomy::{self, Tag, LINK_AUDIENCE, LINK_ELIGIBILITY};
use crate::{attribute_to, id_of, opt, put, web_uri, Attribution, BundleError, Finding};
use crate::{ConvertReport, ACTION_SOURCE_SEEN, ALL_FIELDS, NYC_ATTRIBUTION, NYC_DATE, NYC_FILE};
use hsds::model::{
    Accessibility, Address, Language, Location, LocationId, Organization, OrganizationId, Phone,
    Schedule, Service, ServiceAtLocation, ServiceId,
};
use hsds::vocab::term;
use hsds::{Directory, Origin};
use std::collections::BTreeMap;
use std::path::Path;

/// The 14 service flags: (column, haven code, Open Eligibility codes). Names are fields.js's.
pub const SERVICE_FLAGS: &[(&str, &str, &[&str])] = &[
    ("CASE_MANAGEMENT", term::CASE_MANAGEMENT, &["108-05"]),
    (
        "CRISIS_INTERVENTION",
        term::CRISIS_INTERVENTION,
        &["101-06"],
    ),
    ("LEGAL_SERVICES", term::LEGAL, &["111-01"]),
    ("SAFETY_PLANNING", term::SAFETY_PLANNING, &["101-06-01"]),
    ("IMMIGRATION_SERVICES", term::IMMIGRATION, &["111-01-02"]),
    (
        "EMERGENCY_OR_TRANSITIONAL_SHELTER",
        term::SHELTER,
        &["101-04", "103-01"],
    ),
    ("PERMANENT_HOUSING", term::HOUSING, &["103-05-02"]),
    ("HEALTH_CARE", term::HEALTH_CARE, &["106-06"]),
    ("MENTAL_HEALTH_COUNSELING", term::COUNSELING, &["108-07-01"]),
    (
        "DRUG_ADDICTION_SCREENING_AND_TREATMENT",
        term::ADDICTION,
        &["106-01"],
    ),
    ("LANGUAGE_INTERPRETATION", term::INTERPRETATION, &["111-05"]),
    ("PUBLIC_BENEFITS", term::PUBLIC_BENEFITS, &["107-03"]),
    (
        "JOB_TRAINING_AND_ECONOMIC_EMPOWERMENT",
        term::JOB_TRAINING,
        &["110-03"],
    ),
    (
        "RESTORATIVE_JUSTICE",
        term::RESTORATIVE_JUSTICE,
        &["111-02"],
    ),
];

/// Victim-type flags: (column, haven situation code, words in the eligibility description).
pub const VICTIM_FLAGS: &[(&str, &str, &str)] = &[
    (
        "INTIMATE_PARTNER_VIOLENCE",
        term::DOMESTIC_VIOLENCE,
        "intimate partner violence",
    ),
    (
        "FAMILY_VIOLENCE",
        term::DOMESTIC_VIOLENCE,
        "family violence",
    ),
    ("SEXUAL_ASSAULT", term::SEXUAL_ASSAULT, "sexual assault"),
    ("VIOLENT_CRIME", term::VIOLENT_CRIME, "violent crime"),
    ("HATE_CRIME", term::HATE_CRIME, "hate crime"),
    (
        "PROPERTY/FINANCIAL_CRIMES",
        term::FINANCIAL_CRIME,
        "property or financial crime",
    ),
];

/// Age bands: (column, from, to; None = no upper bound). Bands touch at 5, 24/25 and 60.
pub const AGE_BANDS: &[(&str, u32, Option<u32>)] = &[
    ("AGE_0-5", 0, Some(5)),
    ("AGE_5-24", 5, Some(24)),
    ("AGE_25-60", 25, Some(60)),
    ("AGE_60+", 60, None),
];

/// Language flags: (column, name as fields.js gives it, ISO 639-1 code).
pub const LANGUAGE_FLAGS: &[(&str, &str, &str)] = &[
    ("SPANISH", "Spanish", "es"),
    ("ARABIC", "Arabic", "ar"),
    ("BENGALI", "Bengali", "bn"),
    ("CHINESE", "Chinese", "zh"),
    ("FRENCH", "French", "fr"),
    ("HAITIAN-CREOLE", "Haitian-Creole", "ht"),
    ("ITALIAN", "Italian", "it"),
    ("KOREAN", "Korean", "ko"),
    ("POLISH", "Polish", "pl"),
    ("RUSSIAN", "Russian", "ru"),
    ("URDU", "Urdu", "ur"),
    ("YIDDISH", "Yiddish", "yi"),
];

/// Language names OTHER_LANGUAGE uses that are clearly one named language: (name, ISO 639-1 or "").
pub const OTHER_LANGUAGES: &[(&str, &str)] = &[
    ("Afrikaans", "af"),
    ("Albanian", "sq"),
    ("American Sign Language", ""),
    ("Armenian", "hy"),
    ("Bambara", "bm"),
    ("Cantonese", ""),
    ("Dari", ""),
    ("Farsi", "fa"),
    ("German", "de"),
    ("Greek", "el"),
    ("Gujarati", "gu"),
    ("Hebrew", "he"),
    ("Hindi", "hi"),
    ("Japanese", "ja"),
    ("Mandigo", ""),
    ("Nepali", "ne"),
    ("Portuguese", "pt"),
    ("Punjabi", "pa"),
    ("Singhalese", "si"),
    ("Thai", "th"),
    ("Tibetan", "bo"),
    ("Toishanese", ""),
    ("Twi", "tw"),
    ("Vietnamese", "vi"),
    ("Wenzhounese", ""),
    ("Wolof", "wo"),
    ("Yiddish", "yi"),
];

/// Population flags: (column, haven population code).
pub const POPULATION_FLAGS: &[(&str, &str)] = &[
    ("ARAB_MIDDLE_EASTERN", term::ARAB_MIDDLE_EASTERN),
    ("ASIAN_PACIFIC_ISLANDER", term::ASIAN_PACIFIC_ISLANDER),
    (
        "BLACK_AFRICAN_AMERICAN_AFRICAN",
        term::BLACK_AFRICAN_AMERICAN_AFRICAN,
    ),
    ("CARIBBEAN_INDO-CARIBBEAN", term::CARIBBEAN_INDO_CARIBBEAN),
    ("HISPANIC_LATINO_A_X", term::HISPANIC_LATINO),
    ("SOUTH_ASIAN", term::SOUTH_ASIAN),
    ("JEWISH", term::JEWISH),
    ("HINDU", term::HINDU),
    ("MUSLIM", term::MUSLIM),
    ("SIKH", term::SIKH),
    (
        "INDIGENOUS_FIRST_PEOPLE_AMERICAN_INDIAN_NATIVE_AMERICAN",
        term::INDIGENOUS,
    ),
    ("LGBTQ+", term::LGBTQ),
    (
        "TRANSGENDER_AND_GENDER_NONCONFORMING_FOCUS",
        term::TRANSGENDER_GENDER_NONCONFORMING,
    ),
    ("PEOPLE_WITH_DISABILITIES", term::PEOPLE_WITH_DISABILITIES),
];

/// The five boroughs: (BOROUGH value, ZIP prefixes, fixed centre lat, lon). A centre is an
/// approximate middle of the borough, chosen once and rounded to 0.0001 degrees: where a
/// confidential site is shown, and nothing more.
pub const BOROUGHS: &[(&str, &[&str], f64, f64)] = &[
    ("Manhattan", &["100", "101", "102"], 40.7831, -73.9712),
    ("Brooklyn", &["112"], 40.6782, -73.9442),
    (
        "Queens",
        &["110", "111", "113", "114", "116"],
        40.7282,
        -73.7949,
    ),
    ("Bronx", &["104"], 40.8448, -73.8648),
    ("Staten Island", &["103"], 40.5795, -74.1502),
];

/// Name words that, with a shelter or housing flag, make a site residential.
pub const RESIDENTIAL_WORDS: &[&str] = &[
    "shelter",
    "residence",
    "safe haven",
    "apartments",
    "transitional",
];

/// NYC area codes and toll-free prefixes: any other area code is reported.
const NYC_AREA_CODES: &[&str] = &[
    "212", "332", "347", "646", "718", "917", "929", "800", "833", "844", "855", "866", "877",
    "888",
];

const COLUMNS: &[&str] = &[
    "ORGANIZATION_NAME",
    "LOCATION_NAME",
    "ADDRESS_1",
    "ADDRESS_2",
    "PHONE",
    "EXT",
    "OTHER_SERVICE",
    "ELIGIBILITY_CRITERIA",
    "MAIN_HOURS_OF_OPERATION",
    "WEEKEND_HOURS_OF_OPERATION",
    "OTHER_LANGUAGE",
    "WHEELCHAIR_ACCESS",
    "REFERRAL_REQUIRED",
    "BOROUGH",
    "X",
    "Y",
    "WEBSITE",
];

/// A converted site, for the leads that name the same place.
#[derive(Debug, Clone)]
pub struct Site {
    /// Source row.
    pub row: u64,
    /// Organization name (trimmed, whitespace collapsed).
    pub organization: String,
    /// ADDRESS_1, whitespace collapsed.
    pub street: String,
    /// The bundled coordinates (a borough centre for residential sites).
    pub lat: f64,
    /// See `lat`.
    pub lon: f64,
    /// Whether the site was bundled as confidential.
    pub residential: bool,
}

/// Whether a site is residential: a shelter/housing flag and a residential word in its name.
pub fn is_residential(location_name: &str, shelter_flag: bool, housing_flag: bool) -> bool {
    let name = location_name.to_lowercase();
    (shelter_flag || housing_flag) && RESIDENTIAL_WORDS.iter().any(|w| name.contains(w))
}

/// Whether a flag cell is ticked ("1"; blanks and spaces are not).
fn ticked(row: &Row<'_>, column: &str) -> bool {
    row.get(column) == "1"
}

/// The borough entry of a BOROUGH value.
pub fn borough(name: &str) -> Option<&'static (&'static str, &'static [&'static str], f64, f64)> {
    BOROUGHS.iter().find(|b| b.0 == name)
}

/// "City, ST ZIP" with stray spaces -> (city, state, ZIP), ZIP None when absent.
pub fn split_city_line(raw: &str) -> Option<(String, String, Option<String>)> {
    let line = hours::collapse(raw);
    let mut rest = line.trim_end_matches([',', ' ']).to_string();
    let mut zip = None;
    let digits: String = rest
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let head = digits.split('-').next().unwrap_or("");
    if head.len() == 5 && head.chars().all(|c| c.is_ascii_digit()) {
        zip = Some(digits.clone());
        rest.truncate(rest.len() - digits.len());
    }
    let rest = rest.trim_end_matches([',', ' ']);
    let (city, state) = if let Some(c) = rest.strip_suffix("New York") {
        (c, "NY")
    } else if let Some(c) = rest.strip_suffix("NY") {
        (c, "NY")
    } else {
        return None;
    };
    let city = city.trim_end_matches([',', ' ']).trim();
    if city.is_empty() {
        return None;
    }
    Some((city.to_string(), state.to_string(), zip))
}

/// Ticked age bands -> (minimum, maximum) when they are contiguous; None otherwise.
pub fn age_range(ticked: &[bool]) -> Option<(u32, Option<u32>)> {
    let first = ticked.iter().position(|t| *t)?;
    let last = ticked.iter().rposition(|t| *t)?;
    if ticked[first..=last].iter().any(|t| !t) {
        return None;
    }
    Some((AGE_BANDS[first].1, AGE_BANDS[last].2))
}

/// A website as an absolute URL; a bare domain (`drny.org`) gets `http://`.
fn site_uri(raw: &str) -> Option<String> {
    let raw = raw.trim();
    web_uri(raw).or_else(|| {
        let bare = !raw.contains("://")
            && raw.contains('.')
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/'));
        if bare {
            web_uri(&format!("http://{raw}"))
        } else {
            None
        }
    })
}

/// Named languages in an OTHER_LANGUAGE text: only items that are a name of [`OTHER_LANGUAGES`].
pub fn other_languages(text: &str) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&'static str, &'static str)> = Vec::new();
    for item in text.split([',', ';', '\n']).map(str::trim) {
        if let Some(hit) = OTHER_LANGUAGES.iter().find(|(n, _)| *n == item) {
            if !out.contains(hit) {
                out.push(*hit);
            }
        }
    }
    out
}

struct Ctx<'a> {
    dir: &'a mut Directory,
    report: &'a mut ConvertReport,
    sp: StatePlane,
}

impl Ctx<'_> {
    fn find(&mut self, row: &Row<'_>, field: &str, what: impl Into<String>) {
        self.report.findings.push(Finding {
            file: NYC_FILE.to_string(),
            row: row.number,
            field: field.to_string(),
            what: what.into(),
        });
    }
}

const WHO: Attribution<'static> = Attribution {
    date: NYC_DATE,
    shown: NYC_ATTRIBUTION,
    file: NYC_FILE,
    action: ACTION_SOURCE_SEEN,
};

/// Convert every row; returns the sites (for the leads).
pub(crate) fn convert(
    sources: &Path,
    dir: &mut Directory,
    report: &mut ConvertReport,
) -> Result<Vec<Site>, BundleError> {
    let sheet = Sheet::read(sources, NYC_FILE, COLUMNS)?;
    let sp = StatePlane::new().map_err(|reason| BundleError::BadRow {
        file: NYC_FILE.into(),
        row: 0,
        field: "X/Y".into(),
        reason: format!("the EPSG:2263 projection cannot be built: {reason}"),
    })?;
    let mut cx = Ctx { dir, report, sp };
    // organizations first, in order of first appearance
    let mut orgs: BTreeMap<String, (OrganizationId, Origin, usize, Option<String>)> =
        BTreeMap::new();
    let mut order = Vec::new();
    for row in sheet.rows() {
        let name = hours::collapse(row.get("ORGANIZATION_NAME"));
        if name.is_empty() {
            return Err(row.bad("ORGANIZATION_NAME", "empty"));
        }
        let entry = orgs.entry(name.clone()).or_insert_with(|| {
            order.push(name.clone());
            (
                id_of(&format!("nyc:org:{}", name.to_lowercase())),
                row.origin(),
                0,
                None,
            )
        });
        entry.2 += 1;
        if entry.3.is_none() {
            entry.3 = site_uri(row.get("WEBSITE"));
        }
    }
    for name in &order {
        let (org_id, origin, n, website) = &orgs[name];
        let organization = Organization {
            id: *org_id,
            name: name.clone(),
            description: format!(
                "Crime victim service provider in New York City, listed with {n} site{} in the NYC Crime Victim Services Finder (City of New York, 2021).",
                if *n == 1 { "" } else { "s" }
            ),
            website: website.clone(),
            ..Organization::default()
        };
        put(cx.dir, &organization, origin.clone())?;
        attribute_to(cx.dir, *org_id, ALL_FIELDS, &WHO, origin.clone())?;
    }
    cx.report.nyc_organizations = order.len();

    let mut sites = Vec::new();
    let mut keys = std::collections::HashSet::new();
    for row in sheet.rows() {
        let org = hours::collapse(row.get("ORGANIZATION_NAME"));
        let org_id = orgs[&org].0;
        let site = site(&mut cx, &row, &org, org_id, &mut keys)?;
        sites.push(site);
    }
    cx.report.nyc_sites = sheet.len();
    Ok(sites)
}

fn site(
    cx: &mut Ctx<'_>,
    row: &Row<'_>,
    org: &str,
    org_id: OrganizationId,
    keys: &mut std::collections::HashSet<String>,
) -> Result<Site, BundleError> {
    let origin = row.origin();
    let location_name = hours::collapse(row.get("LOCATION_NAME"));
    let street = hours::collapse(row.get("ADDRESS_1"));
    let key = format!(
        "nyc:{}|{}|{}",
        org.to_lowercase(),
        location_name.to_lowercase(),
        street.to_lowercase()
    );
    if !keys.insert(key.clone()) {
        return Err(row.bad(
            "LOCATION_NAME",
            format!("the site '{location_name}' at '{street}' of '{org}' is listed twice"),
        ));
    }
    let svc_id: ServiceId = id_of(&format!("{key}/service"));
    let loc_id: LocationId = id_of(&format!("{key}/location"));
    let site_name = if location_name.is_empty() {
        org.to_string()
    } else {
        location_name.clone()
    };
    let borough_name = row.get("BOROUGH");
    let Some(&(bname, prefixes, blat, blon)) = borough(borough_name) else {
        return Err(row.bad(
            "BOROUGH",
            format!("'{borough_name}' is not one of the five boroughs"),
        ));
    };
    let residential = is_residential(
        &location_name,
        ticked(row, "EMERGENCY_OR_TRANSITIONAL_SHELTER"),
        ticked(row, "PERMANENT_HOUSING"),
    );

    // coordinates
    let parse = |field: &str| -> Result<f64, BundleError> {
        row.get(field)
            .parse::<f64>()
            .map_err(|_| row.bad(field, format!("'{}' is not a number", row.get(field))))
    };
    let (x, y) = (parse("X")?, parse("Y")?);
    let (lat, lon) = cx
        .sp
        .to_wgs84(x, y)
        .map_err(|reason| row.bad("X/Y", reason))?;
    let (shown_lat, shown_lon) = if residential {
        (blat, blon)
    } else {
        (lat, lon)
    };

    // address line 2, ZIP and borough
    let city_line = split_city_line(row.get("ADDRESS_2"));
    match &city_line {
        None => cx.find(
            row,
            "ADDRESS_2",
            format!(
                "'{}' is not 'City, NY ZIP'; no address bundled",
                row.get("ADDRESS_2")
            ),
        ),
        Some((_, _, None)) => cx.find(
            row,
            "ADDRESS_2",
            format!(
                "no ZIP code in '{}'; no address bundled",
                hours::collapse(row.get("ADDRESS_2"))
            ),
        ),
        Some((_, _, Some(zip))) if !prefixes.iter().any(|p| zip.starts_with(p)) => cx.find(
            row,
            "ADDRESS_2",
            format!("ZIP {zip} is not a {bname} ZIP code (BOROUGH = {bname}); kept as published"),
        ),
        Some(_) => {}
    }

    // location
    let (loc_name, loc_description) = if residential {
        (
            format!("{site_name} (confidential address)"),
            format!("Confidential address (shown at the centre of {bname}): a residential site (shelter or residence) whose street address haven does not publish. Contact {org} by phone."),
        )
    } else {
        (site_name.clone(), format!("A site of {org} in {bname}."))
    };
    let location = Location {
        id: loc_id,
        location_type: "physical".to_string(),
        organization_id: Some(org_id),
        name: Some(loc_name),
        description: Some(loc_description),
        latitude: num(shown_lat),
        longitude: num(shown_lon),
        ..Location::default()
    };
    put(cx.dir, &location, origin.clone())?;
    attribute_to(cx.dir, loc_id, ALL_FIELDS, &WHO, origin.clone())?;
    if residential {
        cx.report.nyc_residential += 1;
        taxonomy::tag(cx.dir, loc_id, term::CONFIDENTIAL_LOCATION, origin.clone())?;
    } else if let Some((city, state, Some(zip))) = &city_line {
        if street.is_empty() {
            cx.find(row, "ADDRESS_1", "empty; no address bundled");
        } else {
            let address = Address {
                id: id_of(&format!("{key}/address")),
                location_id: Some(loc_id),
                address_1: street.clone(),
                city: city.clone(),
                state_province: state.clone(),
                postal_code: zip.clone(),
                country: "US".to_string(),
                address_type: "physical".to_string(),
                ..Address::default()
            };
            put(cx.dir, &address, origin.clone())?;
        }
    }
    if ticked(row, "WHEELCHAIR_ACCESS") {
        let access = Accessibility {
            id: id_of(&format!("{key}/accessibility/wheelchair")),
            location_id: Some(loc_id),
            description: Some("Wheelchair accessible".to_string()),
            details: Some(
                "WHEELCHAIR_ACCESS = 1 in the NYC Crime Victim Services Finder (2021-06-07)"
                    .to_string(),
            ),
            ..Accessibility::default()
        };
        put(cx.dir, &access, origin.clone())?;
    }

    // service
    let service_names: Vec<&str> = SERVICE_FLAGS
        .iter()
        .filter(|(col, ..)| ticked(row, col))
        .map(|(_, code, _)| service_label(code))
        .collect();
    let other_service = clean(cx, row, "OTHER_SERVICE");
    let mut description = if service_names.is_empty() {
        "Crime victim services (the source ticks no service type for this site).".to_string()
    } else {
        format!("{}.", service_names.join(", "))
    };
    if let Some(other) = &other_service {
        description.push_str(&format!(" Also: {other}"));
        if !other.ends_with('.') {
            description.push('.');
        }
    }
    let eligibility_text = clean(cx, row, "ELIGIBILITY_CRITERIA");
    let mut victims: Vec<&str> = VICTIM_FLAGS
        .iter()
        .filter(|(col, ..)| ticked(row, col))
        .map(|(.., words)| *words)
        .collect();
    victims.dedup();
    let bands: Vec<bool> = AGE_BANDS.iter().map(|(c, ..)| ticked(row, c)).collect();
    let mut eligibility = Vec::new();
    if let Some(t) = &eligibility_text {
        eligibility.push(t.clone());
    }
    if !victims.is_empty() {
        eligibility.push(format!("Victims of: {}.", victims.join(", ")));
    }
    if bands.iter().any(|b| *b) {
        let names: Vec<&str> = AGE_BANDS
            .iter()
            .zip(&bands)
            .filter(|(_, b)| **b)
            .map(|((c, ..), _)| c.trim_start_matches("AGE_"))
            .collect();
        eligibility.push(format!(
            "Ages (as the source bands them): {}.",
            names.join(", ")
        ));
    }
    let ages = age_range(&bands);
    let referral = clean(cx, row, "REFERRAL_REQUIRED");
    let other_language = clean(cx, row, "OTHER_LANGUAGE");
    let website = site_uri(row.get("WEBSITE"));
    if website.is_none() && !row.get("WEBSITE").is_empty() {
        cx.find(
            row,
            "WEBSITE",
            format!(
                "'{}' is not a web address; left out",
                row.get("WEBSITE").trim()
            ),
        );
    }
    let joined = |v: &[String]| (!v.is_empty()).then(|| v.join(" "));
    let service = Service {
        id: svc_id,
        organization_id: Some(org_id),
        name: site_name.clone(),
        description: Some(description),
        url: website,
        status: "active".to_string(),
        interpretation_services: other_language.clone(),
        application_process: referral.map(|r| format!("Referral (as the source states it): {r}")),
        eligibility_description: joined(&eligibility),
        minimum_age: ages.map(|(lo, _)| f64::from(lo)),
        maximum_age: ages.and_then(|(_, hi)| hi).map(f64::from),
        assured_date: Some(NYC_DATE.to_string()),
        ..Service::default()
    };
    put(cx.dir, &service, origin.clone())?;
    attribute_to(cx.dir, svc_id, ALL_FIELDS, &WHO, origin.clone())?;
    let at = ServiceAtLocation {
        id: id_of(&format!("{key}/service_at_location")),
        service_id: Some(svc_id),
        location_id: Some(loc_id),
        ..ServiceAtLocation::default()
    };
    put(cx.dir, &at, origin.clone())?;

    phone(cx, row, &key, svc_id)?;
    languages(cx, row, &key, svc_id, other_language.as_deref())?;
    schedules(cx, row, &key, svc_id)?;

    // tags: service types (haven + Open Eligibility), situations, populations
    for (col, code, oe) in SERVICE_FLAGS {
        if ticked(row, col) {
            taxonomy::tag(cx.dir, svc_id, code, origin.clone())?;
            for c in *oe {
                taxonomy::tag_oe(cx.dir, svc_id, c, origin.clone())?;
            }
        }
    }
    let mut situations: Vec<&str> = VICTIM_FLAGS
        .iter()
        .filter(|(col, ..)| ticked(row, col))
        .map(|(_, code, _)| *code)
        .collect();
    let mentions = [
        org,
        location_name.as_str(),
        eligibility_text.as_deref().unwrap_or(""),
        other_service.as_deref().unwrap_or(""),
    ]
    .iter()
    .any(|t| t.to_lowercase().contains("traffick"));
    if mentions {
        situations.push(term::TRAFFICKING);
    }
    situations.sort_unstable();
    situations.dedup();
    for code in situations {
        let t = Tag::haven(code).link(LINK_ELIGIBILITY);
        taxonomy::tag_with(cx.dir, svc_id, &t, origin.clone())?;
    }
    for (col, code) in POPULATION_FLAGS {
        if ticked(row, col) {
            let t = Tag::haven(code).link(LINK_AUDIENCE);
            taxonomy::tag_with(cx.dir, svc_id, &t, origin.clone())?;
        }
    }

    Ok(Site {
        row: row.number,
        organization: org.to_string(),
        street,
        lat: shown_lat,
        lon: shown_lon,
        residential,
    })
}

/// The fields.js name of a service flag (the haven term's name is the same words).
fn service_label(code: &str) -> &'static str {
    taxonomy::TERMS
        .iter()
        .find(|t| t.0 == code)
        .map_or("", |t| t.1)
}

fn num(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// A free-text cell: HTML stripped, whitespace collapsed, U+FFFD reported and shown as a space.
fn clean(cx: &mut Ctx<'_>, row: &Row<'_>, field: &str) -> Option<String> {
    let raw = row.get(field);
    if raw.contains('\u{fffd}') {
        cx.find(
            row,
            field,
            "contains U+FFFD (a character lost in the source's encoding); shown as a space",
        );
    }
    let text = hours::strip_html(&raw.replace('\u{fffd}', " "));
    (!text.is_empty()).then_some(text)
}

fn phone(cx: &mut Ctx<'_>, row: &Row<'_>, key: &str, svc_id: ServiceId) -> Result<(), BundleError> {
    let number = hours::collapse(row.get("PHONE"));
    if number.is_empty() {
        cx.find(row, "PHONE", "empty: no phone bundled");
        return Ok(());
    }
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let mut description = None;
    if digits.len() != 10 {
        cx.find(
            row,
            "PHONE",
            format!(
                "'{number}' has {} digits, not 10; kept as published",
                digits.len()
            ),
        );
        description = Some(format!(
            "Number as published by the source; it has {} digits, not 10: check it before calling.",
            digits.len()
        ));
    } else if !NYC_AREA_CODES.contains(&&digits[..3]) {
        cx.find(
            row,
            "PHONE",
            format!("area code {} of '{number}' is neither a New York City nor a toll-free code; kept as published", &digits[..3]),
        );
    }
    let ext = row.get("EXT");
    let extension = if ext.is_empty() {
        None
    } else {
        match ext.parse::<u64>() {
            Ok(n) => Some(n as f64),
            Err(_) => {
                cx.find(row, "EXT", format!("'{ext}' is not a number; left out"));
                None
            }
        }
    };
    let phone = Phone {
        id: id_of(&format!("{key}/phone")),
        service_id: Some(svc_id),
        number,
        extension,
        r#type: Some("voice".to_string()),
        description,
        ..Phone::default()
    };
    put(cx.dir, &phone, row.origin())
}

fn languages(
    cx: &mut Ctx<'_>,
    row: &Row<'_>,
    key: &str,
    svc_id: ServiceId,
    other: Option<&str>,
) -> Result<(), BundleError> {
    let mut seen = Vec::new();
    let mut push = |cx: &mut Ctx<'_>, name: &str, code: &str, note: Option<&str>| {
        if seen.iter().any(|n: &String| n == name) {
            return Ok(());
        }
        seen.push(name.to_string());
        let language = Language {
            id: id_of(&format!("{key}/language/{name}")),
            service_id: Some(svc_id),
            name: Some(name.to_string()),
            code: (!code.is_empty()).then(|| code.to_string()),
            note: opt(note),
            ..Language::default()
        };
        put(cx.dir, &language, row.origin())
    };
    for (col, name, code) in LANGUAGE_FLAGS {
        if ticked(row, col) {
            push(cx, name, code, None)?;
        }
    }
    if let Some(text) = other {
        for (name, code) in other_languages(text) {
            push(
                cx,
                name,
                code,
                Some("named in the source's other-languages text"),
            )?;
        }
    }
    Ok(())
}

fn schedules(
    cx: &mut Ctx<'_>,
    row: &Row<'_>,
    key: &str,
    svc_id: ServiceId,
) -> Result<(), BundleError> {
    for (field, part) in [
        ("MAIN_HOURS_OF_OPERATION", "main"),
        ("WEEKEND_HOURS_OF_OPERATION", "weekend"),
    ] {
        let raw = row.get(field).replace('\u{fffd}', " ");
        let Some((words, reading)) = hours::read(&raw) else {
            continue;
        };
        let base = |n: usize| Schedule {
            id: id_of(&format!("{key}/schedule/{part}/{n}")),
            service_id: Some(svc_id),
            description: Some(words.clone()),
            ..Schedule::default()
        };
        match reading {
            Reading::Rules(rules) => {
                cx.report.hours_read += 1;
                for (n, r) in rules.into_iter().enumerate() {
                    let schedule = Schedule {
                        freq: Some(r.freq.to_string()),
                        byday: Some(r.byday),
                        opens_at: Some(r.opens_at),
                        closes_at: Some(r.closes_at),
                        ..base(n)
                    };
                    put(cx.dir, &schedule, row.origin())?;
                }
            }
            Reading::Words | Reading::Bad(_) => {
                if let Reading::Bad(why) = &reading {
                    cx.find(row, field, format!("{why}; kept as words only"));
                }
                cx.report.hours_words += 1;
                put(cx.dir, &base(0), row.origin())?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn city_lines_with_stray_spaces_split() {
        let t =
            |c: &str, z: Option<&str>| Some((c.to_string(), "NY".to_string(), z.map(String::from)));
        assert_eq!(
            split_city_line("Brooklyn, NY 11201            "),
            t("Brooklyn", Some("11201"))
        );
        assert_eq!(
            split_city_line("Staten Island, NY10301"),
            t("Staten Island", Some("10301"))
        );
        assert_eq!(
            split_city_line("Bronx New York 10461"),
            t("Bronx", Some("10461"))
        );
        assert_eq!(
            split_city_line("Staten Island, NY, 10301"),
            t("Staten Island", Some("10301"))
        );
        assert_eq!(
            split_city_line("Jamaica,  New York  11432"),
            t("Jamaica", Some("11432"))
        );
        assert_eq!(
            split_city_line("Queens NY 11101   "),
            t("Queens", Some("11101"))
        );
        assert_eq!(
            split_city_line("Staten Island, NY 10301-1827"),
            t("Staten Island", Some("10301-1827"))
        );
        assert_eq!(
            split_city_line("Far Rockaway, NY "),
            t("Far Rockaway", None)
        );
        assert_eq!(
            split_city_line("New York, NY 10013"),
            t("New York", Some("10013"))
        );
        assert_eq!(split_city_line("Somewhere 12345"), None);
        assert_eq!(split_city_line(""), None);
    }

    #[test]
    fn ages_only_when_contiguous() {
        assert_eq!(age_range(&[true, true, false, false]), Some((0, Some(24))));
        assert_eq!(age_range(&[false, true, true, true]), Some((5, None)));
        assert_eq!(
            age_range(&[false, false, true, false]),
            Some((25, Some(60)))
        );
        assert_eq!(age_range(&[true, false, true, false]), None);
        assert_eq!(age_range(&[false; 4]), None);
    }

    #[test]
    fn residential_needs_a_flag_and_a_word() {
        assert!(is_residential("Safe Haven 3 - Crisis Shelter", true, false));
        assert!(is_residential("Regent Family Residence", true, false));
        assert!(is_residential("Barrier Free Living Apartments", true, true));
        assert!(!is_residential(
            "Safe Haven 3 - Crisis Shelter",
            false,
            false
        ));
        assert!(!is_residential("Sunrise Drop-in Center", true, false));
    }

    #[test]
    fn only_clear_language_names_are_taken() {
        assert_eq!(
            other_languages(
                "German, Farsi; The Domestic Violence Project Has Access to Language Line"
            ),
            [("German", "de"), ("Farsi", "fa")]
        );
        assert_eq!(other_languages("Punjabi,Farsi,Hindi").len(), 3);
        assert!(other_languages("Tagalog languages").is_empty());
        assert!(other_languages("Bilingual hotline (English/ Spanish)").is_empty());
    }

    #[test]
    fn bare_domains_become_urls_and_junk_is_dropped() {
        assert_eq!(site_uri("drny.org").as_deref(), Some("http://drny.org"));
        assert_eq!(
            site_uri("http://www.aafscny.org/").as_deref(),
            Some("http://www.aafscny.org/")
        );
        assert_eq!(site_uri("\nhttp://www.info@rcda.nyc.gov"), None);
    }
}
