//! `hotlines.csv` -> organization + service (+ phones, languages, schedule, service area, tags).

use crate::source::{Row, Sheet};
use crate::{attribute_to, date_of, id_of, opt, put, taxonomy, web_uri, Attribution};
use crate::{BundleError, HOTLINES_FILE};
use hsds::model::{
    Language, Organization, OrganizationId, Phone, Schedule, Service, ServiceArea, ServiceId,
};
use hsds::vocab::term;
use hsds::Directory;
use std::collections::BTreeSet;
use std::path::Path;

const COLUMNS: &[&str] = &[
    "region",
    "name",
    "purpose",
    "phone",
    "text",
    "chat",
    "tty",
    "languages",
    "hours",
    "consent_note",
    "source_seen",
    "seen_on",
];

/// The days of a week, as HSDS `byday` tokens.
pub const EVERY_DAY: &str = "MO,TU,WE,TH,FR,SA,SU";

/// Convert every row of `hotlines.csv`; returns the number of rows.
pub(crate) fn convert(sources: &Path, dir: &mut Directory) -> Result<usize, BundleError> {
    let sheet = Sheet::read(sources, HOTLINES_FILE, COLUMNS)?;
    let mut seen = BTreeSet::new();
    for row in sheet.rows() {
        let name = row
            .present("name")
            .ok_or_else(|| row.bad("name", "empty"))?;
        if !seen.insert(name.to_string()) {
            return Err(row.bad("name", format!("'{name}' is listed twice")));
        }
        hotline(dir, &row, name)?;
    }
    Ok(sheet.len())
}

fn hotline(dir: &mut Directory, row: &Row<'_>, name: &str) -> Result<(), BundleError> {
    let key = format!("hotline:{name}");
    let origin = row.origin();
    let purpose = row
        .present("purpose")
        .ok_or_else(|| row.bad("purpose", "empty: every listing needs a description"))?;
    let seen_on = date_of(row.get("seen_on")).ok_or_else(|| {
        row.bad(
            "seen_on",
            format!("'{}' is not a YYYY-MM-DD date", row.get("seen_on")),
        )
    })?;
    let source_seen = row
        .present("source_seen")
        .ok_or_else(|| row.bad("source_seen", "empty: every listing needs its source"))?;
    let area = region_name(row.get("region"))
        .filter(|_| area_uri(row.get("region")).is_some())
        .ok_or_else(|| row.bad("region", format!("unknown region '{}'", row.get("region"))))?;
    let url = match row.present("chat") {
        None => None,
        Some(chat) => Some(
            web_uri(chat)
                .ok_or_else(|| row.bad("chat", format!("'{chat}' is not an absolute URL")))?,
        ),
    };

    let org_id: OrganizationId = id_of(&format!("{key}/organization"));
    let svc_id: ServiceId = id_of(&format!("{key}/service"));
    let organization = Organization {
        id: org_id,
        name: name.to_string(),
        description: purpose.to_string(),
        ..Organization::default()
    };
    put(dir, &organization, origin.clone())?;
    let service = Service {
        id: svc_id,
        organization_id: Some(org_id),
        name: name.to_string(),
        description: Some(purpose.to_string()),
        url,
        status: "active".to_string(),
        interpretation_services: opt(row.present("languages")),
        application_process: opt(row.present("consent_note")),
        assured_date: Some(seen_on.clone()),
        ..Service::default()
    };
    put(dir, &service, origin.clone())?;
    let who = Attribution {
        date: &seen_on,
        shown: source_seen,
        file: HOTLINES_FILE,
        action: crate::ACTION_SOURCE_SEEN,
    };
    attribute_to(dir, org_id, crate::ALL_FIELDS, &who, origin.clone())?;
    attribute_to(dir, svc_id, crate::ALL_FIELDS, &who, origin.clone())?;

    phones(dir, row, &key, svc_id)?;
    languages(dir, row, &key, svc_id)?;
    if let Some(hours) = row.present("hours") {
        put(dir, &schedule(&key, svc_id, hours), origin.clone())?;
    }
    let area = ServiceArea {
        id: id_of(&format!("{key}/service_area")),
        service_id: Some(svc_id),
        name: Some(area.to_string()),
        uri: Some(area_uri(row.get("region")).unwrap_or_default()),
        description: Some(format!("haven region code {}", row.get("region"))),
        ..ServiceArea::default()
    };
    put(dir, &area, origin.clone())?;
    for code in terms(name, purpose) {
        taxonomy::tag(dir, svc_id, code, origin.clone())?;
    }
    taxonomy::tag_oe(dir, svc_id, HOTLINE_OE, origin.clone())?;
    Ok(())
}

/// The service area named by a haven region code (ISO 3166-1/2, plus US-NY-NYC for the city).
pub fn region_name(code: &str) -> Option<&'static str> {
    Some(match code.trim() {
        "US" => "United States",
        "US-NY" => "New York State",
        "US-NY-NYC" => "New York City",
        "GB" => "United Kingdom",
        _ => return None,
    })
}

/// The Open Eligibility term of every hotline: 108-07-02 Help Hotlines.
pub const HOTLINE_OE: &str = "108-07-02";

/// The haven area URI (`hsds::haven::Area`) of a haven region code.
pub fn area_uri(code: &str) -> Option<String> {
    use hsds::haven::Area;
    let area = match code.trim() {
        "US-NY-NYC" => Area::City("US-NY-NYC".into()),
        c if c.len() == 2 => Area::Country(c.to_string()),
        c if c.len() > 3 && c.as_bytes()[2] == b'-' => Area::State(c.to_string()),
        _ => return None,
    };
    Some(area.uri())
}

/// The haven taxonomy terms of a hotline, from plain keywords in its name and purpose.
pub fn terms(name: &str, purpose: &str) -> Vec<&'static str> {
    let text = format!("{name} {purpose}").to_lowercase();
    let mut out = vec![term::HOTLINE];
    if text.contains("traffick") || text.contains("slavery") {
        out.push(term::TRAFFICKING);
    }
    if text.contains("domestic") {
        out.push(term::DOMESTIC_VIOLENCE);
    }
    if text.contains("crisis") {
        out.push(term::CRISIS);
    }
    if text.contains("emergency") || text.contains("immediate danger") {
        out.push(term::EMERGENCY);
    }
    out
}

fn phones(
    dir: &mut Directory,
    row: &Row<'_>,
    key: &str,
    svc_id: ServiceId,
) -> Result<(), BundleError> {
    let mut push = |kind: &str, n: usize, number: &str, description: Option<&str>| {
        let phone = Phone {
            id: id_of(&format!("{key}/phone/{kind}/{n}")),
            service_id: Some(svc_id),
            number: number.to_string(),
            r#type: Some(kind.to_string()),
            description: opt(description),
            ..Phone::default()
        };
        put(dir, &phone, row.origin())
    };
    if let Some(voice) = row.present("phone") {
        for (n, number) in voice
            .split(';')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .enumerate()
        {
            if !number.chars().any(|c| c.is_ascii_digit()) {
                return Err(row.bad("phone", format!("'{number}' has no digits")));
            }
            push("voice", n, number, None)?;
        }
    }
    if let Some(text) = row.present("text") {
        let (number, description) = text_line(text)
            .ok_or_else(|| row.bad("text", format!("no number to text in '{text}'")))?;
        push("text", 0, &number, Some(&description))?;
    }
    if let Some(tty) = row.present("tty") {
        if !tty.chars().any(|c| c.is_ascii_digit()) {
            return Err(row.bad("tty", format!("'{tty}' has no digits")));
        }
        push("textphone", 0, tty, Some("TTY"))?;
    }
    Ok(())
}

/// The number to text and what to send: `BEFREE or HELP to 233733` -> ("233733", "Text BEFREE or
/// HELP to 233733"); a bare number -> ("988", "Text 988"); free text keeps its words as the
/// description and its first number (`text-to-911 only in some areas` -> "911").
pub fn text_line(text: &str) -> Option<(String, String)> {
    let is_number = |v: &str| {
        v.chars().any(|c| c.is_ascii_digit())
            && v.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '+' | '.'))
    };
    let text = text.trim();
    if is_number(text) {
        return Some((text.to_string(), format!("Text {text}")));
    }
    if let Some((keyword, number)) = text.rsplit_once(" to ") {
        if is_number(number.trim()) && !keyword.trim().is_empty() {
            return Some((
                number.trim().to_string(),
                format!("Text {} to {}", keyword.trim(), number.trim()),
            ));
        }
    }
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then(|| (digits, text.to_string()))
}

/// ISO 639-1 codes of the language names we can map with certainty.
fn language_code(name: &str) -> Option<&'static str> {
    Some(match name {
        "English" => "en",
        "Spanish" => "es",
        "French" => "fr",
        _ => return None,
    })
}

/// Named languages of a `languages` cell: (name, note). `phone: 200+ languages via interpreters;
/// text and chat: English, Spanish` -> [("English", "text and chat"), ("Spanish", "text and chat")].
pub fn named_languages(cell: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for segment in cell.split(';') {
        let (label, items) = match segment.split_once(':') {
            Some((l, i)) => (Some(l.trim().to_string()), i),
            None => (None, segment),
        };
        for item in items.split(',').map(str::trim) {
            let is_name = item.chars().next().is_some_and(|c| c.is_uppercase())
                && item.chars().all(char::is_alphabetic);
            if is_name && !out.iter().any(|(n, _): &(String, _)| n == item) {
                out.push((item.to_string(), label.clone()));
            }
        }
    }
    out
}

fn languages(
    dir: &mut Directory,
    row: &Row<'_>,
    key: &str,
    svc_id: ServiceId,
) -> Result<(), BundleError> {
    let Some(cell) = row.present("languages") else {
        return Ok(());
    };
    for (name, note) in named_languages(cell) {
        let language = Language {
            id: id_of(&format!("{key}/language/{name}")),
            service_id: Some(svc_id),
            code: opt(language_code(&name)),
            name: Some(name),
            note,
            ..Language::default()
        };
        put(dir, &language, row.origin())?;
    }
    Ok(())
}

/// A 24/7 schedule (every day 00:00:00-23:59:59, "through the end of the day"), or a description-only one.
fn schedule(key: &str, svc_id: ServiceId, hours: &str) -> Schedule {
    let base = Schedule {
        id: id_of(&format!("{key}/schedule")),
        service_id: Some(svc_id),
        ..Schedule::default()
    };
    if is_24_7(hours) {
        let r = crate::hours::all_day(EVERY_DAY);
        Schedule {
            freq: Some(r.freq.to_string()),
            byday: Some(r.byday.to_string()),
            opens_at: Some(r.opens_at.to_string()),
            closes_at: Some(r.closes_at.to_string()),
            description: Some("Open 24 hours, every day".to_string()),
            ..base
        }
    } else {
        Schedule {
            description: Some(hours.to_string()),
            ..base
        }
    }
}

/// Whether an hours cell says "always open".
pub fn is_24_7(hours: &str) -> bool {
    let h = hours.trim().to_lowercase();
    matches!(
        h.as_str(),
        "24/7" | "24x7" | "24 / 7" | "24 hours" | "24 hours, 7 days"
    )
}
