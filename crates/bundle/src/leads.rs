//! New York anti-trafficking leads (`orgs/ny-anti-trafficking-leads.csv`) -> one service per
//! organization name (under the NYC finder's organization of the same name, else a new one), one
//! location per row, each with its own sources and date, marked "not yet verified".
//!
//! Coordinates are never invented: a street row takes the coordinates of the same street in the
//! NYC finder, else its ZIP code's centre ("approximate: ZIP code centre"); a row without a street
//! gets its city's centre from the gazetteer ("city centre, no street address published"), or the
//! centre of the town's only ZIP code, or no location at all (reported). Rows the source marks
//! confidential (`YES - ...`) without a street are tagged `confidential-location`.

use crate::gazetteer::Gazetteer;
use crate::hours::collapse;
use crate::nyc::Site;
use crate::source::{Row, Sheet};
use crate::taxonomy::{self, Tag, LINK_ELIGIBILITY};
use crate::{attribute_to, date_of, id_of, opt, put, web_uri, Attribution, BundleError};
use crate::{ConvertReport, Finding, ACTION_LEAD, ALL_FIELDS, LEADS_FILE};
use hsds::model::{
    Address, Location, LocationId, Organization, OrganizationId, Phone, Service, ServiceAtLocation,
    ServiceId,
};
use hsds::vocab::term;
use hsds::Directory;
use std::collections::BTreeMap;
use std::path::Path;

const COLUMNS: &[&str] = &[
    "name",
    "alternate_name",
    "description",
    "address_1",
    "city",
    "state",
    "postal_code",
    "country",
    "phone",
    "website",
    "email",
    "services",
    "languages",
    "source_url",
    "source_date",
    "populations_served",
    "hotline",
    "location_precision",
    "confidential_location",
    "notes",
    "seen_date",
];

/// Words of the `services` column -> (haven code, Open Eligibility code), for search filters.
const SERVICE_WORDS: &[(&str, &str, &str)] = &[
    ("legal", term::LEGAL, "111-01"),
    ("immigration", term::IMMIGRATION, "111-01-02"),
    ("case management", term::CASE_MANAGEMENT, "108-05"),
    ("counsel", term::COUNSELING, "108-07-01"),
    ("therapy", term::COUNSELING, "108-07-01"),
    ("shelter", term::SHELTER, "101-04"),
    ("housing", term::SHELTER, "103-05-04"),
    ("medical", term::HEALTH_CARE, "106-06"),
    ("economic empowerment", term::JOB_TRAINING, "110-03"),
    ("workforce", term::JOB_TRAINING, "110-03"),
];

/// The words every lead's attribution starts with.
pub const NOT_VERIFIED: &str = "Not yet verified";

/// Normalized organization name: lower case, `&` = and, punctuation and Inc/The dropped.
pub fn norm_name(name: &str) -> String {
    let lower = name
        .to_lowercase()
        .replace('&', " and ")
        .replace(['\'', '’'], "");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "inc" | "the" | "corp" | "llc"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn num(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

pub(crate) fn convert(
    sources: &Path,
    dir: &mut Directory,
    report: &mut ConvertReport,
    sites: &[Site],
    gaz: &Gazetteer,
) -> Result<Vec<(String, OrganizationId)>, BundleError> {
    let sheet = Sheet::read(sources, LEADS_FILE, COLUMNS)?;
    let mut aliases = Vec::new();
    let nyc_orgs: BTreeMap<String, OrganizationId> = sites
        .iter()
        .map(|s| {
            (
                norm_name(&s.organization),
                id_of(&format!("nyc:org:{}", s.organization.to_lowercase())),
            )
        })
        .collect();
    // the first row of each name makes its organization and service
    let mut services: BTreeMap<String, (OrganizationId, ServiceId)> = BTreeMap::new();
    for row in sheet.rows() {
        let name = collapse(row.get("name"));
        if name.is_empty() {
            return Err(row.bad("name", "empty"));
        }
        let seen = date_of(row.get("seen_date")).ok_or_else(|| {
            row.bad(
                "seen_date",
                format!("'{}' is not a YYYY-MM-DD date", row.get("seen_date")),
            )
        })?;
        let urls: Vec<&str> = row
            .get("source_url")
            .split(" | ")
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .collect();
        if urls.is_empty() {
            return Err(row.bad("source_url", "empty: every lead needs its source"));
        }
        let shown = format!(
            "{NOT_VERIFIED}: listed from {} (source date: {}); compiled {seen}",
            urls.join(" | "),
            collapse(row.get("source_date")),
        );
        let who = Attribution {
            date: &seen,
            shown: &shown,
            file: LEADS_FILE,
            action: ACTION_LEAD,
        };
        let key = format!("lead:{}", name.to_lowercase());
        let (org_id, svc_id) = match services.get(&name) {
            Some(ids) => *ids,
            None => {
                let ids = service(dir, &row, &name, &key, &who, &nyc_orgs)?;
                services.insert(name.clone(), ids);
                for alt in row.get("alternate_name").split(';') {
                    let alt = alt.trim().trim_start_matches("formerly ");
                    let alt = alt.split(" (").next().unwrap_or(alt);
                    if !alt.is_empty() {
                        aliases.push((norm_name(alt), ids.0));
                    }
                }
                ids
            }
        };
        report.leads += 1;
        location(
            dir, report, &row, &name, &key, org_id, svc_id, &who, sites, gaz,
        )?;
    }
    Ok(aliases)
}

fn service(
    dir: &mut Directory,
    row: &Row<'_>,
    name: &str,
    key: &str,
    who: &Attribution<'_>,
    nyc_orgs: &BTreeMap<String, OrganizationId>,
) -> Result<(OrganizationId, ServiceId), BundleError> {
    let origin = row.origin();
    let head = name.split(" - ").next().unwrap_or(name);
    let website = row
        .get("website")
        .split(';')
        .find_map(|w| web_uri(w.trim()));
    let org_id = match nyc_orgs
        .get(&norm_name(name))
        .or_else(|| nyc_orgs.get(&norm_name(head)))
    {
        Some(existing) => *existing,
        None => {
            let org_id: OrganizationId = id_of(&format!("{key}/organization"));
            let organization = Organization {
                id: org_id,
                name: name.to_string(),
                alternate_name: opt(row.present("alternate_name")),
                description: collapse(row.get("description")),
                website: website.clone(),
                email: opt(row.present("email")),
                ..Organization::default()
            };
            put(dir, &organization, origin.clone())?;
            attribute_to(dir, org_id, ALL_FIELDS, who, origin.clone())?;
            org_id
        }
    };
    let svc_id: ServiceId = id_of(&format!("{key}/service"));
    let mut description = collapse(row.get("description"));
    for (column, label) in [
        ("services", "Services (as listed)"),
        ("populations_served", "Serves (as listed)"),
        ("languages", "Languages (as listed)"),
    ] {
        if let Some(v) = row.present(column) {
            description.push_str(&format!(" {label}: {}.", v.trim_end_matches('.')));
        }
    }
    description.push_str(&format!(" {NOT_VERIFIED}."));
    let notes = row.present("notes").map(collapse);
    if let Some(n) = &notes {
        description.push_str(&format!(" Caveat from the lead's sources: {n}"));
    }
    let referral = notes
        .as_deref()
        .filter(|n| n.to_lowercase().contains("referral required"));
    let service = Service {
        id: svc_id,
        organization_id: Some(org_id),
        name: name.to_string(),
        alternate_name: opt(row.present("alternate_name")),
        description: Some(description),
        url: website,
        email: opt(row.present("email")),
        status: "active".to_string(),
        application_process: opt(referral),
        ..Service::default()
    };
    put(dir, &service, origin.clone())?;
    attribute_to(dir, svc_id, ALL_FIELDS, who, origin.clone())?;
    phones(dir, row, key, svc_id)?;
    let t = Tag::haven(term::TRAFFICKING).link(LINK_ELIGIBILITY);
    taxonomy::tag_with(dir, svc_id, &t, origin.clone())?;
    let services = row.get("services").to_lowercase();
    let mut done = Vec::new();
    for (word, code, oe) in SERVICE_WORDS {
        if services.contains(word) {
            if !done.contains(code) {
                taxonomy::tag(dir, svc_id, code, origin.clone())?;
                done.push(*code);
            }
            if !done.contains(oe) {
                taxonomy::tag_oe(dir, svc_id, oe, origin.clone())?;
                done.push(*oe);
            }
        }
    }
    Ok((org_id, svc_id))
}

/// `(716) 883-1900 ext. 323 (what it is)` -> (number, extension, description).
pub fn hotline_item(item: &str) -> Option<(String, Option<u64>, Option<String>)> {
    let item = item.trim();
    let (main, note) = match item.find(" (") {
        Some(i) => (
            &item[..i],
            Some(item[i + 2..].trim_end_matches(')').to_string()),
        ),
        None => (item, None),
    };
    let (number, ext) = match main.split_once(" ext. ") {
        Some((n, e)) => (n.trim(), e.trim().parse().ok()),
        None => (main.trim(), None),
    };
    let digits = number.chars().filter(char::is_ascii_digit).count();
    (digits >= 10).then(|| (number.to_string(), ext, note))
}

fn phones(
    dir: &mut Directory,
    row: &Row<'_>,
    key: &str,
    svc_id: ServiceId,
) -> Result<(), BundleError> {
    let main = row.present("phone").map(collapse);
    let mut main_note: Option<String> = None;
    let mut extra = Vec::new();
    for item in row
        .get("hotline")
        .split(';')
        .filter(|i| !i.trim().is_empty())
    {
        if let Some((number, ext, note)) = hotline_item(item) {
            if Some(&number) == main.as_ref() && ext.is_none() {
                main_note = note;
            } else {
                extra.push((number, ext, note));
            }
        }
    }
    let mut push = |n: usize, number: &str, ext: Option<u64>, description: &str| {
        let phone = Phone {
            id: id_of(&format!("{key}/phone/{n}")),
            service_id: Some(svc_id),
            number: number.to_string(),
            extension: ext.map(|e| e as f64),
            r#type: Some("voice".to_string()),
            description: Some(description.to_string()),
            ..Phone::default()
        };
        put(dir, &phone, row.origin())
    };
    if let Some(number) = &main {
        let d = match &main_note {
            Some(n) => format!("Main number as listed ({n})"),
            None => "Main number as listed".to_string(),
        };
        push(0, number, None, &d)?;
    }
    for (i, (number, ext, note)) in extra.iter().enumerate() {
        let d = note.clone().unwrap_or_else(|| "As listed".to_string());
        push(i + 1, number, *ext, &d)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn location(
    dir: &mut Directory,
    report: &mut ConvertReport,
    row: &Row<'_>,
    name: &str,
    key: &str,
    org_id: OrganizationId,
    svc_id: ServiceId,
    who: &Attribution<'_>,
    sites: &[Site],
    gaz: &Gazetteer,
) -> Result<(), BundleError> {
    let origin = row.origin();
    let city = collapse(row.get("city"));
    let state = collapse(row.get("state"));
    let street = collapse(row.get("address_1"));
    let zip = collapse(row.get("postal_code"));
    let confidential = row
        .get("confidential_location")
        .to_ascii_uppercase()
        .starts_with("YES");
    let loc_key = format!("{key}|{}", city.to_lowercase());
    let loc_id: LocationId = id_of(&format!("{loc_key}/location"));
    let place: Option<(f64, f64, String)> = if !street.is_empty() {
        let same = sites
            .iter()
            .find(|s| !s.residential && s.street.eq_ignore_ascii_case(&street));
        match (same, gaz.zip(&zip)) {
            (Some(s), _) => Some((
                s.lat,
                s.lon,
                format!(
                    "Coordinates of the same address in the NYC Crime Victim Services Finder (row {}).",
                    s.row
                ),
            )),
            (None, Some((lat, lon, ..))) => Some((
                *lat,
                *lon,
                format!("Coordinates approximate: ZIP code centre ({zip})."),
            )),
            (None, None) => None,
        }
    } else if let Some((lat, lon, _)) = gaz.city(&city, &state) {
        Some((
            *lat,
            *lon,
            format!("Shown at the city centre of {city}, {state}: no street address published."),
        ))
    } else if let Some((z, (lat, lon, ..))) = gaz.only_zip_of(&city, &state) {
        Some((
            *lat,
            *lon,
            format!("Shown at the centre of ZIP code {z} ({city}, {state}), approximate: no street address published."),
        ))
    } else {
        None
    };
    let Some((lat, lon, how)) = place else {
        report.findings.push(Finding {
            file: LEADS_FILE.into(),
            row: row.number,
            field: "city".into(),
            what: format!(
                "no coordinates for '{city}, {state}' in the gazetteer; listed without a location"
            ),
        });
        return Ok(());
    };
    let description = if confidential {
        format!("Confidential location (shown at the centre of {city}): the source says the address is not published. {how}")
    } else {
        how
    };
    let loc_name = if street.is_empty() {
        format!("{name} ({city}, {state})")
    } else {
        name.to_string()
    };
    let location = Location {
        id: loc_id,
        location_type: "physical".to_string(),
        organization_id: Some(org_id),
        name: Some(loc_name),
        description: Some(description),
        latitude: num(lat),
        longitude: num(lon),
        ..Location::default()
    };
    put(dir, &location, origin.clone())?;
    attribute_to(dir, loc_id, ALL_FIELDS, who, origin.clone())?;
    if confidential {
        taxonomy::tag(dir, loc_id, term::CONFIDENTIAL_LOCATION, origin.clone())?;
    } else if !street.is_empty() && !zip.is_empty() {
        let address = Address {
            id: id_of(&format!("{loc_key}/address")),
            location_id: Some(loc_id),
            address_1: street,
            city,
            state_province: state,
            postal_code: zip,
            country: collapse(row.get("country")),
            address_type: "physical".to_string(),
            ..Address::default()
        };
        put(dir, &address, origin.clone())?;
    }
    let at = ServiceAtLocation {
        id: id_of(&format!("{loc_key}/service_at_location")),
        service_id: Some(svc_id),
        location_id: Some(loc_id),
        ..ServiceAtLocation::default()
    };
    put(dir, &at, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalize_for_matching() {
        assert_eq!(norm_name("Safe Horizon, Inc."), "safe horizon");
        assert_eq!(norm_name("The Legal Aid Society"), "legal aid society");
        assert_eq!(norm_name("My Sister's Place, Inc."), "my sisters place");
        assert_eq!(norm_name("Leake & Watts"), "leake and watts");
    }

    #[test]
    fn hotline_items_keep_extension_and_note() {
        assert_eq!(
            hotline_item(
                "(716) 883-1900 ext. 323 (Trafficking Victim Services line per WKBW article)"
            ),
            Some((
                "(716) 883-1900".into(),
                Some(323),
                Some("Trafficking Victim Services line per WKBW article".into())
            ))
        );
        assert_eq!(hotline_item("call us"), None);
    }
}
