//! HIFLD open hospitals -> organization + service + location + address (+ phone, tags), with the
//! CMS "Emergency Services" flag joined on ZIP + house number, then ZIP + a distinctive name word.

use crate::source::{Row, Sheet};
use crate::{attribute_to, date_of, id_of, opt, put, taxonomy, web_uri, Attribution};
use crate::{BundleError, ConvertReport, ALL_FIELDS, CMS_ATTRIBUTION, CMS_DATE, CMS_FILE};
use crate::{HIFLD_ATTRIBUTION, HIFLD_FILE, HIFLD_RELEASE_DATE};
use hsds::model::{
    Address, Location, LocationId, Organization, OrganizationId, OrganizationIdentifier, Phone,
    PhoneId, Schedule, ScheduleId, Service, ServiceAtLocation, ServiceId,
};
use hsds::vocab::term;
use hsds::{Directory, Origin};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

const HIFLD_COLUMNS: &[&str] = &[
    "ID",
    "NAME",
    "ADDRESS",
    "CITY",
    "STATE",
    "ZIP",
    "TELEPHONE",
    "TYPE",
    "STATUS",
    "COUNTRY",
    "LATITUDE",
    "LONGITUDE",
    "SOURCEDATE",
    "VAL_DATE",
    "WEBSITE",
    "ALT_NAME",
    "TRAUMA",
];

const CMS_COLUMNS: &[&str] = &[
    "Facility ID",
    "Facility Name",
    "Address",
    "City/Town",
    "ZIP Code",
    "Telephone Number",
    "Hospital Type",
    "Emergency Services",
];

/// Words too common in hospital names to tell two hospitals in one ZIP apart.
const COMMON_WORDS: &[&str] = &[
    "HOSPITAL",
    "HOSPITALS",
    "MEDICAL",
    "MEDICINE",
    "CENTER",
    "CENTERS",
    "CENTRE",
    "REGIONAL",
    "HEALTH",
    "HEALTHCARE",
    "SAINT",
    "ST",
    "OF",
    "THE",
    "COUNTY",
    "MEMORIAL",
    "COMMUNITY",
    "GENERAL",
    "AND",
    "AT",
    "IN",
    "FOR",
    "INC",
    "LLC",
    "CARE",
    "SYSTEM",
    "SYSTEMS",
    "SERVICES",
    "CAMPUS",
    "HOSP",
    "MED",
    "CTR",
];

/// One open HIFLD hospital, as read.
struct Hifld<'a> {
    row: Row<'a>,
    id: &'a str,
    zip: Option<String>,
    number: Option<String>,
    words: BTreeSet<String>,
    tokens: Vec<String>,
    city: Vec<String>,
    kind: &'a str,
}

/// One CMS row, as read.
struct Cms<'a> {
    row: Row<'a>,
    ccn: &'a str,
    zip: Option<String>,
    number: Option<String>,
    words: BTreeSet<String>,
    tokens: Vec<String>,
    city: Vec<String>,
    kind: Option<&'static str>,
    class: Option<Class>,
    er: bool,
}

/// How a CMS row was matched.
#[derive(Clone, Copy, PartialEq, Eq)]
enum By {
    Number,
    Name,
}

pub(crate) fn convert(
    sources: &Path,
    dir: &mut Directory,
    report: &mut ConvertReport,
) -> Result<(), BundleError> {
    let hifld_sheet = Sheet::read(sources, HIFLD_FILE, HIFLD_COLUMNS)?;
    let cms_sheet = Sheet::read(sources, CMS_FILE, CMS_COLUMNS)?;

    let mut open = Vec::new();
    let mut ids = HashSet::new();
    for row in hifld_sheet.rows() {
        let hid = row.present("ID").ok_or_else(|| row.bad("ID", "empty"))?;
        if !ids.insert(hid) {
            return Err(row.bad("ID", format!("'{hid}' is listed twice")));
        }
        match row.get("STATUS") {
            "OPEN" => {}
            "CLOSED" => continue,
            other => return Err(row.bad("STATUS", format!("'{other}' is neither OPEN nor CLOSED"))),
        }
        open.push(Hifld {
            id: hid,
            zip: zip5(row.get("ZIP")),
            number: house_number(row.get("ADDRESS")),
            words: name_words(row.get("NAME")),
            tokens: name_tokens(row.get("NAME")),
            city: name_tokens(row.get("CITY")),
            kind: row.get("TYPE"),
            row,
        });
    }
    let mut cms = Vec::new();
    let mut ccns = HashSet::new();
    for row in cms_sheet.rows() {
        let ccn = row
            .present("Facility ID")
            .ok_or_else(|| row.bad("Facility ID", "empty"))?;
        if !ccns.insert(ccn) {
            return Err(row.bad("Facility ID", format!("'{ccn}' is listed twice")));
        }
        let er = match row.get("Emergency Services") {
            "Yes" => true,
            "No" => false,
            other => {
                return Err(row.bad(
                    "Emergency Services",
                    format!("'{other}' is neither Yes nor No"),
                ))
            }
        };
        cms.push(Cms {
            ccn,
            zip: zip5(row.get("ZIP Code")),
            number: house_number(row.get("Address")),
            words: name_words(row.get("Facility Name")),
            tokens: name_tokens(row.get("Facility Name")),
            city: name_tokens(row.get("City/Town")),
            kind: hifld_type(row.get("Hospital Type")),
            class: class_of(hifld_type(row.get("Hospital Type")).unwrap_or("GENERAL ACUTE CARE")),
            er,
            row,
        });
    }

    let matches = join(&open, &cms);
    report.hospitals_open = open.len();
    report.cms_rows = cms.len();
    for (_, by) in matches.values() {
        match by {
            By::Number => report.matched_by_number += 1,
            By::Name => report.matched_by_name += 1,
        }
    }
    report.unmatched_cms = cms.len() - matches.len();

    for (i, h) in open.iter().enumerate() {
        let m = matches.get(&i).map(|&(c, _)| &cms[c]);
        match m {
            Some(c) if c.er => report.er_yes += 1,
            Some(_) => report.er_no += 1,
            None => report.er_unknown += 1,
        }
        hospital(dir, h, m)?;
    }
    Ok(())
}

/// How alike a CMS row and an HIFLD hospital are, compared in this order: the same full name,
/// the share of distinctive name words in common (per mille), the same hospital type.
type Likeness = (bool, u32, bool);

fn likeness(c: &Cms<'_>, h: &Hifld<'_>) -> Likeness {
    let shared = c.words.intersection(&h.words).count() as u32;
    let union = c.words.union(&h.words).count() as u32;
    (
        c.tokens == h.tokens,
        (shared * 1000).checked_div(union).unwrap_or(0),
        c.kind == Some(h.kind),
    )
}

/// One-to-one matches: open-HIFLD index -> (CMS index, how).
///
/// Pass 1 proposes, for each CMS row, the open HIFLD hospitals with its ZIP and house number;
/// pass 2, for rows still unmatched, the free hospitals in its ZIP sharing a distinctive name
/// word. One candidate is taken as it is; among several, the single most alike one (see
/// [`Likeness`]; it must share a name word) is taken, and a tie is ambiguous: no match. When
/// several CMS rows propose the same hospital, the same rule picks one of them or none.
fn join(open: &[Hifld<'_>], cms: &[Cms<'_>]) -> BTreeMap<usize, (usize, By)> {
    let mut by_number: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    let mut by_zip: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, h) in open.iter().enumerate() {
        if let Some(zip) = &h.zip {
            by_zip.entry(zip).or_default().push(i);
            if let Some(n) = &h.number {
                by_number.entry((zip, n)).or_default().push(i);
            }
        }
    }
    let mut matched: BTreeMap<usize, (usize, By)> = BTreeMap::new();
    let mut cms_done: HashSet<usize> = HashSet::new();

    let mut proposals: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (ci, c) in cms.iter().enumerate() {
        let (Some(zip), Some(n)) = (&c.zip, &c.number) else {
            continue;
        };
        let Some(cands) = by_number.get(&(zip.as_str(), n.as_str())) else {
            continue;
        };
        if let Some(h) = best(cands, |h| likeness(c, &open[h])) {
            proposals.entry(h).or_default().push(ci);
        }
    }
    settle(
        &proposals,
        open,
        cms,
        &mut matched,
        &mut cms_done,
        By::Number,
    );

    let mut proposals: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (ci, c) in cms.iter().enumerate() {
        if cms_done.contains(&ci) || c.words.is_empty() {
            continue;
        }
        let Some(zip) = &c.zip else { continue };
        let Some(cands) = by_zip.get(zip.as_str()) else {
            continue;
        };
        let free: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|h| !matched.contains_key(h) && name_alike(c, &open[*h]))
            .collect();
        if let Some(h) = best(&free, |h| likeness(c, &open[h])) {
            proposals.entry(h).or_default().push(ci);
        }
    }
    settle(&proposals, open, cms, &mut matched, &mut cms_done, By::Name);
    matched
}

/// Broad kinds of hospital: a name-only match must not cross them (a psychiatric hospital is not
/// the acute hospital down the road that shares a word of its name).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Acute,
    Psychiatric,
    RehabOrLongTerm,
}

fn class_of(hifld_type: &str) -> Option<Class> {
    match hifld_type {
        "PSYCHIATRIC" => Some(Class::Psychiatric),
        "REHABILITATION" | "LONG TERM CARE" | "CHRONIC DISEASE" => Some(Class::RehabOrLongTerm),
        "GENERAL ACUTE CARE" | "CRITICAL ACCESS" | "CHILDREN" | "WOMEN" | "MILITARY"
        | "SPECIAL" => Some(Class::Acute),
        _ => None,
    }
}

/// Pass 2's test: the same broad kind, and a distinctive name word in common that is not just the
/// name of either hospital's city (AUGUSTA VA MEDICAL CENTER is not TRINITY HOSPITAL OF AUGUSTA).
fn name_alike(c: &Cms<'_>, h: &Hifld<'_>) -> bool {
    let same_class = match (c.class, class_of(h.kind)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    same_class
        && c.words
            .intersection(&h.words)
            .any(|w| !c.city.contains(w) && !h.city.contains(w))
}

/// The only candidate, or the single most alike of several (sharing a name word); else None.
fn best(cands: &[usize], like: impl Fn(usize) -> Likeness) -> Option<usize> {
    match cands {
        [] => return None,
        [one] => return Some(*one),
        _ => {}
    }
    let scored: Vec<(Likeness, usize)> = cands
        .iter()
        .map(|&i| (like(i), i))
        .filter(|(l, _)| l.1 > 0)
        .collect();
    let top = scored.iter().map(|(l, _)| *l).max()?;
    let mut at_top = scored.iter().filter(|(l, _)| *l == top);
    let first = at_top.next()?.1;
    at_top.next().is_none().then_some(first)
}

/// Accept the proposals: an HIFLD hospital wanted by one CMS row takes it; wanted by several, it
/// takes the single most alike, or none.
fn settle(
    proposals: &BTreeMap<usize, Vec<usize>>,
    open: &[Hifld<'_>],
    cms: &[Cms<'_>],
    matched: &mut BTreeMap<usize, (usize, By)>,
    cms_done: &mut HashSet<usize>,
    by: By,
) {
    for (&h, cs) in proposals {
        if let Some(ci) = best(cs, |ci| likeness(&cms[ci], &open[h])) {
            matched.insert(h, (ci, by));
            cms_done.insert(ci);
        }
    }
}

/// The Open Eligibility term of every hospital: 106-06 Medical Care.
pub const HOSPITAL_OE: &str = "106-06";
/// The words of a hospital's 24-hour emergency department schedule.
pub const ER_HOURS: &str =
    "Emergency department open 24 hours (CMS Hospital General Information: Emergency Services = Yes)";

/// The haven term of a hospital that serves only some people, from its HIFLD `TYPE`, its name
/// (VA hospitals not typed MILITARY) and its CMS `Hospital Type`; None for hospitals open to all.
pub fn serves_some(hifld_type: &str, name: &str, cms_type: &str) -> Option<&'static str> {
    let upper = name.to_uppercase();
    let words = name_tokens(name);
    let va = words.iter().any(|w| w == "VA")
        || [
            "VETERANS AFFAIRS",
            "VETERANS HEALTH",
            "VETERAN'S HEALTH",
            "VETERANS ADMINISTRATION",
        ]
        .iter()
        .any(|p| upper.contains(p))
        || cms_type == "Acute Care - Veterans Administration"
        || cms_type == "Acute Care - Department of Defense";
    Some(match hifld_type {
        "MILITARY" => term::VETERANS_OR_MILITARY,
        _ if va => term::VETERANS_OR_MILITARY,
        "PSYCHIATRIC" => term::PSYCHIATRIC_HOSPITAL,
        "CHILDREN" => term::CHILDRENS_HOSPITAL,
        "LONG TERM CARE" => term::LONG_TERM_CARE,
        "REHABILITATION" => term::REHABILITATION_HOSPITAL,
        "WOMEN" => term::WOMENS_HOSPITAL,
        "CHRONIC DISEASE" => term::CHRONIC_DISEASE_HOSPITAL,
        _ => return None,
    })
}

/// The HIFLD `TYPE` matching a CMS `Hospital Type`, when there is one.
pub fn hifld_type(cms_type: &str) -> Option<&'static str> {
    Some(match cms_type {
        "Acute Care Hospitals" => "GENERAL ACUTE CARE",
        "Critical Access Hospitals" => "CRITICAL ACCESS",
        "Psychiatric" => "PSYCHIATRIC",
        "Childrens" => "CHILDREN",
        "Long-term" => "LONG TERM CARE",
        "Acute Care - Veterans Administration" | "Acute Care - Department of Defense" => "MILITARY",
        _ => return None,
    })
}

/// Every word of a name, upper-cased, apostrophes dropped (for "the same full name").
pub fn name_tokens(name: &str) -> Vec<String> {
    name.to_uppercase()
        .replace(['\'', '’'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The 5-digit ZIP of a value (`2134` -> `02134`, `36420-1234` -> `36420`), or None.
pub fn zip5(raw: &str) -> Option<String> {
    let head = raw.trim().split('-').next().unwrap_or_default();
    if head.is_empty() || head.len() > 5 || !head.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(format!("{head:0>5}"))
}

/// The house number starting a street address (`849 SOUTH THREE NOTCH` -> `849`), or None.
pub fn house_number(address: &str) -> Option<String> {
    let digits: String = address
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then_some(digits)
}

/// The distinctive words of a hospital name: upper-cased, apostrophes dropped, common words
/// (HOSPITAL, MEDICAL, CENTER, SAINT/ST, ...) and numbers left out.
pub fn name_words(name: &str) -> BTreeSet<String> {
    name.to_uppercase()
        .replace(['\'', '’'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1 && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !COMMON_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// ISO 3166-1 alpha-2 code of an HIFLD `COUNTRY` (alpha-3). Territories keep their own codes.
pub fn country2(alpha3: &str) -> Option<&'static str> {
    Some(match alpha3 {
        "USA" => "US",
        "PRI" => "PR",
        "GUM" => "GU",
        "VIR" => "VI",
        "ASM" => "AS",
        "MNP" => "MP",
        "PLW" => "PW",
        _ => return None,
    })
}

fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn coordinate(row: &Row<'_>, field: &str, limit: f64) -> Result<Option<f64>, BundleError> {
    let Some(raw) = row.present(field) else {
        return Ok(None);
    };
    let v: f64 = raw
        .parse()
        .map_err(|_| row.bad(field, format!("'{raw}' is not a number")))?;
    if !(-limit..=limit).contains(&v) {
        return Err(row.bad(field, format!("{v} is out of range")));
    }
    Ok(Some(v))
}

fn hospital(dir: &mut Directory, h: &Hifld<'_>, cms: Option<&Cms<'_>>) -> Result<(), BundleError> {
    let row = &h.row;
    let origin = row.origin();
    let key = format!("hifld:{}", h.id);
    let name = row
        .present("NAME")
        .ok_or_else(|| row.bad("NAME", "empty"))?;
    let country = country2(row.get("COUNTRY")).ok_or_else(|| {
        row.bad(
            "COUNTRY",
            format!("unknown country '{}'", row.get("COUNTRY")),
        )
    })?;
    let latitude = coordinate(row, "LATITUDE", 90.0)?;
    let longitude = coordinate(row, "LONGITUDE", 180.0)?;
    let website = row.present("WEBSITE").and_then(web_uri);
    let assured = [date_of(row.get("SOURCEDATE")), date_of(row.get("VAL_DATE"))]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or_else(|| HIFLD_RELEASE_DATE.to_string());
    let kind = row.present("TYPE").map(sentence_case);
    let kind_text = kind.as_deref().unwrap_or("Hospital");
    let place = match (row.present("CITY"), row.present("STATE")) {
        (Some(c), Some(st)) => format!(" in {c}, {st}"),
        _ => String::new(),
    };
    let mut description = if kind.is_some() {
        format!("{kind_text} hospital.")
    } else {
        "Hospital.".to_string()
    };
    description.push_str(&match cms {
        Some(c) if c.er => format!(
            " Emergency department: yes (CMS Hospital General Information, CCN {}: Emergency Services = Yes).",
            c.ccn
        ),
        Some(c) => format!(
            " Emergency department: no (CMS Hospital General Information, CCN {}: Emergency Services = No).",
            c.ccn
        ),
        None => " Emergency department: unknown (not found in CMS Hospital General Information).".to_string(),
    });
    if let Some(trauma) = row.present("TRAUMA") {
        description.push_str(&format!(" Trauma center: {trauma} (HIFLD)."));
    }
    let cms_type = cms.map_or("", |c| c.row.get("Hospital Type"));
    let only_some = serves_some(row.get("TYPE"), name, cms_type);
    if let Some(code) = only_some {
        if let Some((_, term, words, _)) = taxonomy::TERMS.iter().find(|t| t.0 == code) {
            description.push_str(&format!(" Serves only some people: {term}. {words}"));
        }
    }

    let org_id: OrganizationId = id_of(&format!("{key}/organization"));
    let svc_id: ServiceId = id_of(&format!("{key}/service"));
    let loc_id: LocationId = id_of(&format!("{key}/location"));
    let organization = Organization {
        id: org_id,
        name: name.to_string(),
        alternate_name: opt(row.present("ALT_NAME")),
        description: format!("{kind_text} hospital{place}."),
        website: website.clone(),
        ..Organization::default()
    };
    put(dir, &organization, origin.clone())?;
    let service = Service {
        id: svc_id,
        organization_id: Some(org_id),
        name: name.to_string(),
        description: Some(description),
        url: website,
        status: "active".to_string(),
        assured_date: Some(assured.clone()),
        ..Service::default()
    };
    put(dir, &service, origin.clone())?;
    let location = Location {
        id: loc_id,
        location_type: "physical".to_string(),
        organization_id: Some(org_id),
        name: Some(name.to_string()),
        latitude,
        longitude,
        external_identifier: Some(h.id.to_string()),
        external_identifier_type: Some("HIFLD Hospitals ID".to_string()),
        ..Location::default()
    };
    put(dir, &location, origin.clone())?;
    if let (Some(address_1), Some(city), Some(state), Some(zip)) = (
        row.present("ADDRESS"),
        row.present("CITY"),
        row.present("STATE"),
        h.zip.as_deref(),
    ) {
        let address = Address {
            id: id_of(&format!("{key}/address")),
            location_id: Some(loc_id),
            address_1: address_1.to_string(),
            city: city.to_string(),
            state_province: state.to_string(),
            postal_code: zip.to_string(),
            country: country.to_string(),
            address_type: "physical".to_string(),
            ..Address::default()
        };
        put(dir, &address, origin.clone())?;
    }
    let at = ServiceAtLocation {
        id: id_of(&format!("{key}/service_at_location")),
        service_id: Some(svc_id),
        location_id: Some(loc_id),
        ..ServiceAtLocation::default()
    };
    put(dir, &at, origin.clone())?;

    let hifld = Attribution {
        date: &assured,
        shown: HIFLD_ATTRIBUTION,
        file: HIFLD_FILE,
        action: crate::ACTION_SOURCE_SEEN,
    };
    let cms_who = Attribution {
        date: CMS_DATE,
        shown: CMS_ATTRIBUTION,
        file: CMS_FILE,
        action: crate::ACTION_SOURCE_SEEN,
    };
    attribute_to(dir, org_id, ALL_FIELDS, &hifld, origin.clone())?;
    attribute_to(dir, svc_id, ALL_FIELDS, &hifld, origin.clone())?;
    attribute_to(dir, loc_id, ALL_FIELDS, &hifld, origin.clone())?;

    let phone_id: PhoneId = id_of(&format!("{key}/phone"));
    let phone = |number: &str| Phone {
        id: phone_id,
        service_id: Some(svc_id),
        number: number.to_string(),
        r#type: Some("voice".to_string()),
        description: Some("Main number".to_string()),
        ..Phone::default()
    };
    if let Some(number) = row.present("TELEPHONE") {
        put(dir, &phone(number), origin.clone())?;
    } else if let Some(c) = cms {
        if let Some(number) = c.row.present("Telephone Number") {
            let cms_origin: Origin = c.row.origin();
            put(dir, &phone(number), cms_origin.clone())?;
            attribute_to(dir, phone_id, ALL_FIELDS, &cms_who, cms_origin)?;
        }
    }

    taxonomy::tag(dir, svc_id, term::HOSPITAL, origin.clone())?;
    taxonomy::tag_oe(dir, svc_id, HOSPITAL_OE, origin.clone())?;
    if let Some(code) = only_some {
        taxonomy::tag(dir, svc_id, term::SERVES_SOME_PEOPLE, origin.clone())?;
        taxonomy::tag(dir, svc_id, code, origin.clone())?;
    }
    if let Some(c) = cms.filter(|c| c.er) {
        let r = crate::hours::all_day(crate::EVERY_DAY);
        let cms_origin = c.row.origin();
        let sched_id: ScheduleId = id_of(&format!("{key}/schedule"));
        let schedule = Schedule {
            id: sched_id,
            service_id: Some(svc_id),
            freq: Some(r.freq.to_string()),
            byday: Some(r.byday),
            opens_at: Some(r.opens_at),
            closes_at: Some(r.closes_at),
            description: Some(ER_HOURS.to_string()),
            ..Schedule::default()
        };
        put(dir, &schedule, cms_origin.clone())?;
        attribute_to(dir, sched_id, ALL_FIELDS, &cms_who, cms_origin)?;
    }
    if let Some(c) = cms {
        let code = if c.er {
            term::EMERGENCY_DEPARTMENT
        } else {
            term::NO_EMERGENCY_DEPARTMENT
        };
        let cms_origin = c.row.origin();
        let attr = taxonomy::tag(dir, svc_id, code, cms_origin.clone())?;
        attribute_to(dir, attr, "taxonomy_term_id", &cms_who, cms_origin)?;
        let identifier = OrganizationIdentifier {
            id: id_of(&format!("{key}/identifier/cms:{}", c.ccn)),
            organization_id: Some(org_id),
            identifier_type: "CMS Certification Number (CCN)".to_string(),
            identifier: c.ccn.to_string(),
            ..OrganizationIdentifier::default()
        };
        put(dir, &identifier, c.row.origin())?;
    }
    Ok(())
}
