//! The hotlines: call, text, chat, TTY, languages, hours, and what each line does with what you
//! tell it. Reachable from every page in one tap. Every screen shows the lines of the reader's
//! country (the instance's `home_region`), with 911 on its own and other countries' lines apart.

use crate::directory::{self, dial, s, ServiceDetail};
use crate::layout::{error_page, hours_words, render, t, tf, Lang, Page};
use crate::pages::find::phone_actions;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use hsds::Table;
use maud::{html, Markup};
use std::sync::Arc;

/// The hotlines with their details. Home, the card, the guide and this page all show them,
/// so they are read from the store once per index version (the index moves when the store
/// changes), not on every request.
pub async fn load(state: &Arc<AppState>) -> Result<Arc<Vec<ServiceDetail>>, crate::WebError> {
    let index = state.index.current();
    if let Some(lines) = state.hotlines_cached(index.seq) {
        return Ok(lines);
    }
    let seq = index.seq;
    let home = state.config.home_region.clone();
    let lines = Arc::new(
        state
            .with_store(move |st| directory::hotlines(st, &index, &home))
            .await?,
    );
    state.cache_hotlines(seq, lines.clone());
    Ok(lines)
}

/// A hotline's countries (ISO 3166-1 alpha-2), from its service areas: the area URI
/// (`urn:haven:area:...`, [`hsds::haven::Area`]) or, for records made before areas had URIs, the
/// description "haven region code XX".
pub fn line_countries(d: &ServiceDetail) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in &d.service_areas {
        let from_uri = hsds::haven::Area::parse(s(a, "uri"))
            .ok()
            .flatten()
            .map(|area| area.country().to_string());
        let from_code = s(a, "description")
            .strip_prefix("haven region code ")
            .and_then(|c| c.trim().get(..2))
            .map(str::to_string);
        if let Some(c) = from_uri.or(from_code).filter(|c| !c.is_empty()) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// How narrow a line's area is: 0 a country (or unknown), 1 a state, 2 a city or smaller, so
/// national lines come before state and city ones.
fn breadth(d: &ServiceDetail) -> u8 {
    d.service_areas
        .iter()
        .map(|a| {
            let code = match hsds::haven::Area::parse(s(a, "uri")).ok().flatten() {
                Some(area) => area.uri(),
                None => s(a, "description").to_string(),
            };
            let code = code.rsplit([' ', ':']).next().unwrap_or("").to_string();
            match code.matches('-').count() {
                0 => 0,
                1 => 1,
                _ => 2,
            }
        })
        .min()
        .unwrap_or(0)
}

/// Whether a line is the emergency number (911): shown on its own, never among the hotlines.
pub fn is_emergency(d: &ServiceDetail) -> bool {
    d.has_type("emergency")
        || d.phones
            .iter()
            .any(|p| matches!(dial(s(p, "number")).as_str(), "911" | "112" | "999"))
}

/// The instance's country: `home_region` as a country code ("US"), or as the name of a service
/// area ("United States") whose country the lines say.
pub fn home_country(home_region: &str, lines: &[ServiceDetail]) -> Option<String> {
    let h = home_region.trim();
    if h.len() == 2 && h.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(h.to_ascii_uppercase());
    }
    lines.iter().find_map(|d| {
        d.service_areas
            .iter()
            .any(|a| s(a, "name") == h)
            .then(|| line_countries(d).into_iter().next())
            .flatten()
    })
}

/// The lines a screen shows, split the way the reader needs them.
#[derive(Debug, Default)]
pub struct Lines<'a> {
    /// The home country's helplines: trafficking first, then domestic violence, then the rest;
    /// national before state before city.
    pub home: Vec<&'a ServiceDetail>,
    /// 911 (or the country's emergency number), on its own.
    pub emergency: Option<&'a ServiceDetail>,
    /// Lines of other countries, for the hotlines page only, under their own heading.
    pub away: Vec<&'a ServiceDetail>,
}

impl<'a> Lines<'a> {
    /// Split the directory's hotlines for an instance whose home is `home_region`. A directory
    /// whose lines name no country keeps them all at home.
    pub fn split(lines: &'a [ServiceDetail], home_region: &str) -> Lines<'a> {
        let home = home_country(home_region, lines);
        let mut out = Lines::default();
        for d in lines.iter().filter(|d| !d.phones.is_empty()) {
            let countries = line_countries(d);
            let at_home = match &home {
                Some(h) => countries.is_empty() || countries.contains(h),
                None => true,
            };
            if !at_home {
                out.away.push(d);
            } else if is_emergency(d) {
                out.emergency = out.emergency.or(Some(d));
            } else {
                out.home.push(d);
            }
        }
        let kind = |d: &ServiceDetail| {
            if d.has_type("trafficking") {
                0
            } else if d.has_type("domestic-violence") {
                1
            } else {
                2
            }
        };
        out.home.sort_by_key(|d| (kind(d), breadth(d)));
        out
    }

    /// The lines for the trafficking and domestic-violence numbers a pocket card starts with.
    pub fn card_default(&self) -> Vec<&'a ServiceDetail> {
        self.home
            .iter()
            .filter(|d| d.has_type("trafficking") || d.has_type("domestic-violence"))
            .copied()
            .collect()
    }
}

/// The words to text a line, from its phone's description ("Text BEFREE or HELP to 233733":
/// `["BEFREE", "HELP"]`), or None when the description says no word (just text the number).
pub fn text_code(phone: &hsds::Record) -> Option<Vec<String>> {
    let number = s(phone, "number");
    s(phone, "description")
        .strip_prefix("Text ")
        .and_then(|rest| rest.rsplit_once(" to "))
        .filter(|(_, n)| dial(n) == dial(number))
        .map(|(code, _)| code.split(" or ").map(str::to_string).collect())
}

/// How to text a line, in the reader's language: "Text BEFREE or HELP to 233733", or "Text 988".
pub fn text_words(state: &AppState, lang: &Lang, phone: &hsds::Record) -> String {
    let number = s(phone, "number");
    match text_code(phone) {
        Some(words) => tf(
            state,
            lang,
            "hotline-text-to",
            &[
                (
                    "code",
                    words
                        .join(&format!(" {} ", t(state, lang, "hotline-or")))
                        .into(),
                ),
                ("number", number.to_string().into()),
            ],
        ),
        None => format!("{} {number}", t(state, lang, "action-text")),
    }
}

/// The lines as one-tap links: call, and text where the line takes texts. Home and the guide
/// show these.
pub fn quick_lines(state: &AppState, lang: &Lang, lines: &[&ServiceDetail]) -> Markup {
    html! {
        ul class="quick-lines" {
            @for d in lines {
                @let voice = d.phones.iter().find(|p| s(p, "type") == "voice" || s(p, "type").is_empty());
                @let text = d.phones.iter().find(|p| s(p, "type") == "text");
                @let (name, name_lang) = d.text(Table::Service, &d.service, "name", &lang.code);
                li {
                    span lang=[directory::lang_mark(name_lang, &lang.code)] { (name) } ": "
                    @if let Some(p) = voice {
                        a class="action" href={ "tel:" (dial(s(p, "number"))) } { (s(p, "number")) }
                    }
                    @if let Some(p) = text {
                        " · "
                        a class="action" href={ "sms:" (dial(s(p, "number"))) } { (text_words(state, lang, p)) }
                    }
                }
            }
        }
    }
}

/// `GET /hotlines`.
pub async fn page(State(state): State<Arc<AppState>>, lang: Lang) -> Response {
    let lines = match load(&state).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("haven: hotlines: {e}");
            let msg = t(&state, &lang, "error-server");
            return error_page(&state, &lang, StatusCode::INTERNAL_SERVER_ERROR, &msg);
        }
    };
    let tr = |k: &str| t(&state, &lang, k);
    let split = Lines::split(&lines, &state.config.home_region);
    let body = html! {
        p class="lead" { (tr("hotlines-intro")) }
        p class="emergency" { (tr("hotlines-emergency")) }
        p { a class="action" href=(lang.href("/hospital")) { (tr("hospital-nearest-link")) } }
        @if split.home.is_empty() { p { (tr("hotlines-none")) } }
        @for d in &split.home { (hotline_html(&state, &lang, d)) }
        p { a href=(lang.href("/card")) { (tr("hotlines-card-link")) } }
        @if !split.away.is_empty() {
            h2 { (tr("hotlines-other-regions")) }
            @for d in &split.away { (hotline_html(&state, &lang, d)) }
        }
    };
    render(&state, &lang, Page::new(tr("hotlines-title"), body))
}

/// One hotline as a card: what it is for, how to reach it, languages, hours, consent; each
/// text in the reader's language where the directory has it, else marked with its own.
pub fn hotline_html(state: &AppState, lang: &Lang, d: &ServiceDetail) -> Markup {
    let tr = |k: &str| t(state, lang, k);
    let code = lang.code.as_str();
    let svc = &d.service;
    let url = s(svc, "url");
    let areas: Vec<(&str, &str)> = d
        .service_areas
        .iter()
        .map(|a| d.text(Table::ServiceArea, a, "name", code))
        .filter(|(n, _)| !n.is_empty())
        .collect();
    let langs: Vec<(&str, &str)> = d
        .languages
        .iter()
        .map(|l| d.text(Table::Language, l, "name", code))
        .filter(|(n, _)| !n.is_empty())
        .collect();
    let interpretation = d.text(Table::Service, svc, "interpretation_services", code);
    let (name, name_lang) = d.text(Table::Service, svc, "name", code);
    let description = d.text(Table::Service, svc, "description", code);
    let consent = d.text(Table::Service, svc, "application_process", code);
    let hours_note = d
        .schedules
        .iter()
        .map(|r| d.text(Table::Schedule, r, "description", code))
        .find(|(v, _)| !v.is_empty());
    let (hours, _, _) = d.hours(None);
    let words = hours_words(state, lang);
    let mark = |l: &'_ str| directory::lang_mark(l, code).map(str::to_string);
    html! {
        section class="hotline" aria-labelledby={ "h-" (s(svc, "id")) } {
            h2 id={ "h-" (s(svc, "id")) } lang=[mark(name_lang)] { (name) }
            @if !areas.is_empty() {
                p class="area" {
                    @for (i, (a, l)) in areas.iter().enumerate() {
                        @if i > 0 { ", " }
                        span lang=[mark(l)] { (a) }
                    }
                }
            }
            p lang=[mark(description.1)] { (description.0) }
            (phone_actions(state, lang, &d.phones, d))
            @if url.starts_with("https://") {
                p { a class="action" href=(url) rel="noreferrer" { (tr("hotline-website-chat")) } }
            }
            dl class="facts" {
                @if !langs.is_empty() || !interpretation.0.is_empty() {
                    dt { (tr("service-languages")) }
                    dd {
                        @for (i, (n, l)) in langs.iter().enumerate() {
                            @if i > 0 { ", " }
                            span lang=[mark(l)] { (n) }
                        }
                        @if !langs.is_empty() && !interpretation.0.is_empty() { "; " }
                        @if !interpretation.0.is_empty() { span lang=[mark(interpretation.1)] { (interpretation.0) } }
                    }
                }
                dt { (tr("service-hours")) }
                dd {
                    // Hours read as rules are said in the reader's words; only hours given as
                    // words alone show the directory's text.
                    @match (hours.is_empty(), hours_note) {
                        (false, _) => { (hours.describe_with(&words)) }
                        (true, Some((note, l))) => { span lang=[mark(l)] { (note) } }
                        (true, None) => { (tr("status-unknown")) }
                    }
                }
                dt { (tr("hotline-consent")) }
                dd {
                    @if consent.0.is_empty() { (tr("hotline-consent-unknown")) } @else { span lang=[mark(consent.1)] { (consent.0) } }
                }
                @let (seen, stale) = crate::pages::trust::provenance_words(state, lang, d.provenance().as_ref(), chrono::Utc::now().date_naive());
                dt { (tr("listing-source-heading")) }
                dd { (seen) @if let Some(s) = stale { " " (s) } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A synthetic hotline (not a real record) serving one area, written the old way
    /// ("haven region code") or the new way (an area URI).
    fn line(name: &str, number: &str, kind: &str, code: &str, uri: bool) -> ServiceDetail {
        let area = if uri {
            let kind = match code.matches('-').count() {
                0 => "country",
                1 => "state",
                _ => "city",
            };
            json!({ "name": "Area", "uri": format!("urn:haven:area:{kind}:{code}") })
        } else {
            json!({ "name": "Area", "description": format!("haven region code {code}") })
        };
        let rec = |v: serde_json::Value| v.as_object().cloned().unwrap_or_default();
        ServiceDetail {
            service: rec(json!({ "id": name, "name": name })),
            organization: None,
            phones: vec![rec(json!({ "number": number, "type": "voice" }))],
            schedules: vec![],
            languages: vec![],
            places: vec![],
            cost_options: vec![],
            service_areas: vec![rec(area)],
            types: vec![kind.to_string()],
            type_codes: vec![match kind {
                "Human trafficking" => "trafficking",
                "Domestic violence" => "domestic-violence",
                "Emergency services" => "emergency",
                _ => "crisis",
            }
            .to_string()],
            evidence: vec![],
            metadata: vec![],
            translations: Default::default(),
        }
    }

    #[test]
    fn lines_split_by_country_with_911_apart_from_uris_or_region_codes() {
        for uri in [false, true] {
            let lines = vec![
                line(
                    "City line",
                    "1-800-000-0003",
                    "Human trafficking",
                    "US-NY-NYC",
                    uri,
                ),
                line("UK line", "08000 000 000", "Human trafficking", "GB", uri),
                line("Crisis", "988", "Crisis", "US", uri),
                line("Emergency", "911", "Emergency services", "US", uri),
                line("DV line", "1-800-000-0002", "Domestic violence", "US", uri),
                line(
                    "State DV",
                    "1-800-000-0004",
                    "Domestic violence",
                    "US-NY",
                    uri,
                ),
                line("National", "1-800-000-0001", "Human trafficking", "US", uri),
            ];
            for home in ["US", "us"] {
                let split = Lines::split(&lines, home);
                let names: Vec<&str> = split.home.iter().map(|d| s(&d.service, "name")).collect();
                assert_eq!(
                    names,
                    ["National", "City line", "DV line", "State DV", "Crisis"],
                    "uri: {uri}"
                );
                assert_eq!(
                    split.emergency.map(|d| s(&d.service, "name")),
                    Some("Emergency")
                );
                let away: Vec<&str> = split.away.iter().map(|d| s(&d.service, "name")).collect();
                assert_eq!(away, ["UK line"]);
                let card: Vec<&str> = split
                    .card_default()
                    .iter()
                    .map(|d| s(&d.service, "name"))
                    .collect();
                assert_eq!(card, ["National", "City line", "DV line", "State DV"]);
            }
            // From the other side: a UK instance shows the UK line, and no US line.
            let uk = Lines::split(&lines, "GB");
            assert_eq!(uk.home.len(), 1);
            assert_eq!(s(&uk.home[0].service, "name"), "UK line");
            assert!(uk.emergency.is_none());
        }
    }

    #[test]
    fn the_home_region_may_be_a_service_area_name() {
        let mut us = line(
            "National",
            "1-800-000-0001",
            "Human trafficking",
            "US",
            true,
        );
        us.service_areas[0].insert("name".into(), json!("United States"));
        let lines = vec![us];
        assert_eq!(home_country("United States", &lines).as_deref(), Some("US"));
        assert_eq!(home_country("Nowhere", &lines), None);
    }
}
