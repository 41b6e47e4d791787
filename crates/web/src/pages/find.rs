//! Find help: where, what, language, free, open now, as plain GET parameters, so a result page
//! can be bookmarked or shared and works without JavaScript.

use crate::directory::{self, dial, s, ServiceDetail};
use crate::layout::{error_page, render, t, tf, Lang, Page};
use crate::pages::map;
use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use maud::{html, Markup};
use search::gazetteer::{Gazetteer, NearError};
use std::collections::HashMap;
use std::sync::Arc;

/// The largest radius a person can ask for, in km.
pub const MAX_RADIUS_KM: f64 = 500.0;
/// Results per page, and the most a page shows.
pub const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 50;

/// The form as submitted: every field optional, kept as typed so the form shows it back.
#[derive(Debug, Default, Clone)]
pub struct Form {
    /// Postal code or place.
    pub near: String,
    /// Coordinates from "use my location".
    pub lat: String,
    /// Coordinates from "use my location".
    pub lon: String,
    /// Words.
    pub q: String,
    /// Service type (taxonomy term code).
    pub kind: String,
    /// Radius in km.
    pub radius: String,
    /// Language code.
    pub language: String,
    /// Free of charge only.
    pub free: bool,
    /// Open now only.
    pub open_now: bool,
    /// How many results.
    pub limit: String,
}

/// One mistake in the form: which field, and what to do.
#[derive(Debug, Clone)]
pub struct FieldError {
    /// The parameter name.
    pub field: &'static str,
    /// The message, already translated.
    pub message: String,
}

impl Form {
    /// Read the query string; unknown parameters are ignored, repeated ones take the last.
    pub fn parse(raw: Option<&str>) -> Form {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
        let map: HashMap<String, String> = pairs.into_iter().collect();
        let get = |k: &str| map.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        let flag = |k: &str| matches!(get(k).as_str(), "1" | "on" | "true" | "yes");
        Form {
            near: get("near"),
            lat: get("lat"),
            lon: get("lon"),
            q: get("q"),
            // `taxonomy` is the API's and the guide's name for the same filter.
            kind: if get("type").is_empty() {
                get("taxonomy")
            } else {
                get("type")
            },
            radius: get("radius"),
            language: get("language"),
            free: flag("free"),
            open_now: flag("open_now"),
            limit: get("limit"),
        }
    }

    /// Whether the person asked for anything (else the page shows the form only).
    pub fn is_search(&self) -> bool {
        !(self.near.is_empty()
            && self.lat.is_empty()
            && self.lon.is_empty()
            && self.q.is_empty()
            && self.kind.is_empty())
    }

    /// This form as a query string (for "more results" and the language switcher).
    pub fn query_string(&self, limit: Option<usize>) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        let mut push = |k: &'static str, v: &str| {
            if !v.is_empty() {
                parts.push((k, v.to_string()));
            }
        };
        push("near", &self.near);
        push("lat", &self.lat);
        push("lon", &self.lon);
        push("q", &self.q);
        push("type", &self.kind);
        push("radius", &self.radius);
        push("language", &self.language);
        if self.free {
            parts.push(("free", "1".into()));
        }
        if self.open_now {
            parts.push(("open_now", "1".into()));
        }
        if let Some(l) = limit {
            parts.push(("limit", l.to_string()));
        }
        serde_urlencoded::to_string(&parts).unwrap_or_default()
    }
}

/// Where the search is centred, in words for the page.
#[derive(Debug, Clone)]
pub struct Centre {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// What to call it ("10001 New York, NY", "your location").
    pub label: String,
}

/// A checked form: the query to run, or what is wrong with it.
pub fn to_query(
    state: &AppState,
    lang: &Lang,
    form: &Form,
    now: DateTime<Utc>,
) -> Result<(search::Query, Option<Centre>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let tr = |id: &str| t(state, lang, id);
    let mut centre = None;
    if !form.lat.is_empty() || !form.lon.is_empty() {
        let lat = form
            .lat
            .parse::<f64>()
            .ok()
            .filter(|v| (-90.0..=90.0).contains(v));
        let lon = form
            .lon
            .parse::<f64>()
            .ok()
            .filter(|v| (-180.0..=180.0).contains(v));
        match (lat, lon) {
            (Some(lat), Some(lon)) => {
                centre = Some(Centre {
                    lat,
                    lon,
                    label: tr("find-your-location"),
                })
            }
            _ => {
                if lat.is_none() {
                    errors.push(FieldError {
                        field: "lat",
                        message: tr("find-error-lat"),
                    });
                }
                if lon.is_none() {
                    errors.push(FieldError {
                        field: "lon",
                        message: tr("find-error-lon"),
                    });
                }
            }
        }
    } else if !form.near.is_empty() {
        match Gazetteer::get().resolve(&form.near) {
            Ok(p) => {
                let label = match &p.region {
                    Some(r) if !p.name.ends_with(r.as_str()) => format!("{}, {r}", p.name),
                    _ => p.name.clone(),
                };
                centre = Some(Centre {
                    lat: p.lat,
                    lon: p.lon,
                    label,
                })
            }
            Err(e) => {
                let (id, what, sugg) = match &e {
                    NearError::UnknownPostalCode { code, suggestions } => {
                        ("find-error-postcode", code.clone(), suggestions.clone())
                    }
                    NearError::UnknownPlace { name, suggestions } => {
                        ("find-error-place", name.clone(), suggestions.clone())
                    }
                    NearError::BadCoordinates { input, .. } => {
                        ("find-error-coordinates", input.clone(), Vec::new())
                    }
                    NearError::Empty => ("find-error-place", String::new(), Vec::new()),
                };
                let mut message = tf(state, lang, id, &[("input", what.into())]);
                if !sugg.is_empty() {
                    message.push(' ');
                    message.push_str(&tf(
                        state,
                        lang,
                        "find-did-you-mean",
                        &[("options", sugg.join(", ").into())],
                    ));
                }
                errors.push(FieldError {
                    field: "near",
                    message,
                });
            }
        }
    }
    let mut radius_km = None;
    if !form.radius.is_empty() {
        match form.radius.parse::<f64>() {
            Ok(r) if r > 0.0 && r <= MAX_RADIUS_KM => radius_km = Some(r),
            _ => errors.push(FieldError {
                field: "radius",
                message: tf(
                    state,
                    lang,
                    "find-error-radius",
                    &[("max", MAX_RADIUS_KM.into())],
                ),
            }),
        }
        if centre.is_none() && errors.iter().all(|e| e.field != "near") {
            errors.push(FieldError {
                field: "near",
                message: tr("find-error-radius-needs-place"),
            });
        }
    }
    let mut limit = DEFAULT_LIMIT;
    if !form.limit.is_empty() {
        match form.limit.parse::<usize>() {
            Ok(l) if (1..=MAX_LIMIT).contains(&l) => limit = l,
            _ => errors.push(FieldError {
                field: "limit",
                message: tf(
                    state,
                    lang,
                    "find-error-limit",
                    &[("max", MAX_LIMIT.into())],
                ),
            }),
        }
    }
    if !form.language.is_empty()
        && (form.language.len() > 35
            || !form
                .language
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        errors.push(FieldError {
            field: "language",
            message: tr("find-error-language"),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let q = search::Query {
        text: Some(form.q.clone()).filter(|s| !s.is_empty()),
        near: centre.as_ref().map(|c| (c.lat, c.lon)),
        radius_km,
        limit,
        taxonomy: Some(form.kind.clone()).filter(|s| !s.is_empty()),
        language: Some(form.language.clone()).filter(|s| !s.is_empty()),
        free: form.free,
        open_at: form.open_now.then_some(now),
        status_at: Some(now),
        include_inactive: false,
    };
    Ok((q, centre))
}

/// `GET /find`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    lang: Lang,
    RawQuery(raw): RawQuery,
) -> Response {
    let form = Form::parse(raw.as_deref());
    let now = Utc::now();
    let index = state.index.current();
    let types = index.service_types();
    if !form.is_search() {
        let body = html! { (form_html(&state, &lang, &form, &types, &[])) };
        return render(
            &state,
            &lang,
            Page::new(t(&state, &lang, "find-title"), body),
        );
    }
    // The form again, with what to fix: status 400, never cached.
    let mistakes = |errors: Vec<FieldError>| {
        let body = html! { (form_html(&state, &lang, &form, &types, &errors)) };
        render(
            &state,
            &lang,
            Page::new(t(&state, &lang, "find-title-errors"), body)
                .private()
                .status(StatusCode::BAD_REQUEST),
        )
    };
    let (query, centre) = match to_query(&state, &lang, &form, now) {
        Ok(q) => q,
        Err(errors) => return mistakes(errors),
    };
    let results = match index.search(&query) {
        Ok(r) => r,
        Err(search::SearchError::UnknownTaxonomy { term, .. }) => {
            return mistakes(vec![FieldError {
                field: "type",
                message: tf(&state, &lang, "find-error-type", &[("input", term.into())]),
            }])
        }
        Err(e) => {
            return mistakes(vec![FieldError {
                field: "near",
                message: e.to_string(),
            }])
        }
    };
    let ids: Vec<String> = results
        .hits
        .iter()
        .map(|h| h.service_id.clone())
        .chain(results.area_hits.iter().map(|h| h.service_id.clone()))
        .collect();
    let details = match state
        .with_store(move |st| directory::result_services(st, ids))
        .await
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("haven: find: {e}");
            let msg = t(&state, &lang, "error-server");
            return error_page(&state, &lang, StatusCode::INTERNAL_SERVER_ERROR, &msg);
        }
    };
    let body = html! {
        (form_html(&state, &lang, &form, &types, &[]))
        (results_html(&state, &lang, &form, &query, centre.as_ref(), &results, &details, now))
    };
    render(
        &state,
        &lang,
        Page::new(t(&state, &lang, "find-title-results"), body).private(),
    )
}

fn form_html(
    state: &AppState,
    lang: &Lang,
    form: &Form,
    types: &[(String, String)],
    errors: &[FieldError],
) -> Markup {
    let tr = |id: &str| t(state, lang, id);
    let err = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let near_err = err("near").or_else(|| err("lat")).or_else(|| err("lon"));
    html! {
        @if !errors.is_empty() {
            div class="errors" role="alert" tabindex="-1" id="form-errors" {
                h2 { (tr("find-errors-heading")) }
                ul {
                    @for e in errors {
                        li { a href={ "#f-" (e.field) } { (e.message) } }
                    }
                }
            }
        }
        form class="find" method="get" action=(lang.href("/find")) role="search" {
            div class="field" {
                label for="f-near" { (tr("find-near-label")) }
                p class="hint" id="f-near-hint" { (tr("find-near-hint")) }
                input id="f-near" name="near" type="text" value=(form.near) autocomplete="postal-code"
                    aria-describedby="f-near-hint" aria-invalid=[near_err.as_ref().map(|_| "true")];
                @if let Some(m) = &near_err { p class="error" { (m) } }
                span id="f-lat" {} span id="f-lon" {}
                @if !form.lat.is_empty() { input type="hidden" name="lat" value=(form.lat); }
                @if !form.lon.is_empty() { input type="hidden" name="lon" value=(form.lon); }
                button type="button" class="locate" hidden data-locating=(tr("find-locating")) data-denied=(tr("find-location-denied")) { (tr("find-use-location")) }
                p class="locate-status" role="status" {}
            }
            div class="field" {
                label for="f-q" { (tr("find-q-label")) }
                input id="f-q" name="q" type="search" value=(form.q);
            }
            div class="field" {
                label for="f-type" { (tr("find-type-label")) }
                select id="f-type" name="type" aria-invalid=[err("type").map(|_| "true")] {
                    option value="" { (tr("find-type-any")) }
                    @for (code, name) in types {
                        option value=(code) selected[form.kind.eq_ignore_ascii_case(code)] { (name) }
                    }
                }
                @if let Some(m) = err("type") { p class="error" id="f-type-error" { (m) } }
            }
            div class="field" {
                label for="f-radius" { (tr("find-radius-label")) }
                select id="f-radius" name="radius" aria-invalid=[err("radius").map(|_| "true")] {
                    option value="" { (tr("find-radius-any")) }
                    @for r in ["5", "10", "25", "50", "100", "250"] {
                        option value=(r) selected[form.radius == r] { (tf(state, lang, "find-radius-km", &[("km", r.into())])) }
                    }
                    @if !form.radius.is_empty() && !["5", "10", "25", "50", "100", "250"].contains(&form.radius.as_str()) {
                        option value=(form.radius) selected { (form.radius) }
                    }
                }
                @if let Some(m) = err("radius") { p class="error" { (m) } }
            }
            div class="field" {
                label for="f-language" { (tr("find-language-label")) }
                select id="f-language" name="language" aria-invalid=[err("language").map(|_| "true")] {
                    option value="" { (tr("find-language-any")) }
                    @for (code, id) in LANGUAGES {
                        option value=(code) selected[form.language.eq_ignore_ascii_case(code)] { (tr(id)) }
                    }
                    @if !form.language.is_empty() && !LANGUAGES.iter().any(|(c, _)| c.eq_ignore_ascii_case(&form.language)) {
                        option value=(form.language) selected { (form.language) }
                    }
                }
                @if let Some(m) = err("language") { p class="error" { (m) } }
            }
            fieldset class="checks" {
                legend { (tr("find-only-legend")) }
                div {
                    input id="f-free" type="checkbox" name="free" value="1" checked[form.free];
                    label for="f-free" { (tr("find-free-label")) }
                }
                div {
                    input id="f-open" type="checkbox" name="open_now" value="1" checked[form.open_now];
                    label for="f-open" { (tr("find-open-label")) }
                }
            }
            @if let Some(m) = err("limit") { p class="error" id="f-limit" { (m) } }
            button type="submit" class="primary" { (tr("find-submit")) }
        }
    }
}

/// Languages offered in the filter (code, message id); any other code still works in the URL.
const LANGUAGES: &[(&str, &str)] = &[
    ("en", "language-en"),
    ("es", "language-es"),
    ("zh", "language-zh"),
    ("vi", "language-vi"),
    ("ko", "language-ko"),
    ("ru", "language-ru"),
    ("ar", "language-ar"),
    ("fr", "language-fr"),
    ("ht", "language-ht"),
    ("pt", "language-pt"),
    ("tl", "language-tl"),
    ("asl", "language-asl"),
];

#[allow(clippy::too_many_arguments)]
fn results_html(
    state: &AppState,
    lang: &Lang,
    form: &Form,
    query: &search::Query,
    centre: Option<&Centre>,
    results: &search::Results,
    details: &HashMap<String, ServiceDetail>,
    now: DateTime<Utc>,
) -> Markup {
    let tr = |id: &str| t(state, lang, id);
    let n = results.hits.len();
    let summary = match centre {
        Some(c) => tf(
            state,
            lang,
            "find-results-near",
            &[("count", n.into()), ("place", c.label.clone().into())],
        ),
        None => tf(state, lang, "find-results", &[("count", n.into())]),
    };
    let points: Vec<(usize, f64, f64)> = results
        .hits
        .iter()
        .enumerate()
        .filter_map(|(i, h)| Some((i + 1, h.latitude?, h.longitude?)))
        .collect();
    html! {
        section class="results" aria-labelledby="results-heading" {
            h2 id="results-heading" { (tr("find-results-heading")) }
            p role="status" { (summary) }
            @if !results.unmatched_terms.is_empty() {
                p { (tf(state, lang, "find-unmatched", &[("words", results.unmatched_terms.join(", ").into())])) }
            }
            @if centre.is_some() && !has_local_help(results, details) {
                p class="no-local" { (tf(state, lang, "find-no-local", &[("place", centre.map(|c| c.label.clone()).unwrap_or_default().into())])) }
            }
            (area_group_html(state, lang, results, details))
            @if n == 0 {
                p { (tr("find-none")) }
                p { a href=(lang.href("/hotlines")) { (tr("find-none-hotlines")) } }
            } @else {
                @if !results.area_hits.is_empty() { h2 { (tr("find-places-heading")) } }
                @if !points.is_empty() {
                    (map::results_map(state, lang, centre.map(|c| (c.lat, c.lon)), &points))
                }
                ol class="hits" {
                    @for (i, hit) in results.hits.iter().enumerate() {
                        li { (hit_html(state, lang, i + 1, hit, details.get(&hit.service_id), now)) }
                    }
                }
                @if n == query.limit && query.limit < MAX_LIMIT {
                    p { a href={ (lang.href("/find")) "?" (form.query_string(Some((query.limit + DEFAULT_LIMIT).min(MAX_LIMIT)))) } { (tr("find-more")) } }
                }
            }
        }
    }
}

/// The open status of a hit in words: "Open now, closes at 17:00", "Closed, opens Tue 9:00",
/// "Hours unknown".
pub fn status_words(
    state: &AppState,
    lang: &Lang,
    open: Option<bool>,
    detail: Option<&ServiceDetail>,
    location_id: Option<&str>,
    now: DateTime<Utc>,
) -> (String, &'static str) {
    let place = detail.and_then(|d| {
        d.places
            .iter()
            .find(|p| Some(s(&p.location, "id")) == location_id)
    });
    match open {
        None => (t(state, lang, "status-unknown"), "unknown"),
        Some(is_open) => {
            let when = detail.and_then(|d| {
                let (h, zone, fixed) = d.hours(place);
                match (zone, fixed) {
                    (Some(z), _) => {
                        if is_open {
                            h.closes_at(z, now)
                        } else {
                            h.next_opening(z, now)
                        }
                    }
                    (None, Some(f)) => {
                        if is_open {
                            h.closes_at(f, now)
                        } else {
                            h.next_opening(f, now)
                        }
                    }
                    (None, None) => None,
                }
            });
            let fmt_time = |t: chrono::NaiveDateTime| t.format("%H:%M").to_string();
            if is_open {
                match when {
                    // A 24-hour service "closes" at the end of the horizon: say open 24 hours.
                    Some(c) if (c - now.naive_utc()).num_hours() < 48 => (
                        tf(
                            state,
                            lang,
                            "status-open-closes",
                            &[("time", fmt_time(c).into())],
                        ),
                        "open",
                    ),
                    _ => (t(state, lang, "status-open"), "open"),
                }
            } else {
                match when {
                    Some(o) => (
                        tf(
                            state,
                            lang,
                            "status-closed-opens",
                            &[
                                ("day", weekday(state, lang, o)),
                                ("time", fmt_time(o).into()),
                            ],
                        ),
                        "closed",
                    ),
                    None => (t(state, lang, "status-closed"), "closed"),
                }
            }
        }
    }
}

fn weekday(
    state: &AppState,
    lang: &Lang,
    t: chrono::NaiveDateTime,
) -> fluent_bundle::FluentValue<'static> {
    use chrono::Datelike;
    let id = match t.weekday() {
        chrono::Weekday::Mon => "day-mon",
        chrono::Weekday::Tue => "day-tue",
        chrono::Weekday::Wed => "day-wed",
        chrono::Weekday::Thu => "day-thu",
        chrono::Weekday::Fri => "day-fri",
        chrono::Weekday::Sat => "day-sat",
        chrono::Weekday::Sun => "day-sun",
    };
    state.catalog.msg(&lang.code, id).into()
}

/// "2.3 km (1.4 mi)".
/// A hit's distance in words: "about N km" where the place is confidential (the index rounds
/// it), exact otherwise.
pub fn hit_distance(state: &AppState, lang: &Lang, hit: &search::Hit) -> Option<String> {
    let km = hit.distance_km?;
    Some(if hit.distance_approximate {
        let mi = (km / 1.609_344).round().max(1.0);
        tf(
            state,
            lang,
            "find-distance-about",
            &[
                ("km", format!("{km:.0}").into()),
                ("mi", format!("{mi:.0}").into()),
            ],
        )
    } else {
        distance_words(km)
    })
}

/// How far a place can be and still count as local help (beyond it, the page says plainly that
/// it knows no local organization and points to the lines that serve the area).
pub const LOCAL_KM: f64 = 80.0;

/// Whether the results hold local help other than hospitals within [`LOCAL_KM`].
pub fn has_local_help(results: &search::Results, details: &HashMap<String, ServiceDetail>) -> bool {
    results.hits.iter().any(|h| {
        h.distance_km.is_some_and(|km| km <= LOCAL_KM)
            && details
                .get(&h.service_id)
                .is_none_or(|d| !d.has_type("hospital"))
    })
}

/// The lines that serve the searched point's area, under their own label, never among the
/// distances: call or text.
pub fn area_group_html(
    state: &AppState,
    lang: &Lang,
    results: &search::Results,
    details: &HashMap<String, ServiceDetail>,
) -> Markup {
    html! {
        @if !results.area_hits.is_empty() {
            section class="area-hits" aria-labelledby="area-heading" {
                h2 id="area-heading" { (t(state, lang, "find-area-heading")) }
                p class="hint" { (t(state, lang, "find-area-hint")) }
                ul class="hits" {
                    @for a in &results.area_hits {
                        li {
                            article class="hit" {
                                h3 { a href=(lang.href(&format!("/services/{}", a.service_id))) { (a.name) } }
                                @if !a.organization.is_empty() && a.organization != a.name { p class="org" { (a.organization) } }
                                @let area = details.get(&a.service_id).and_then(|d| {
                                    let r = d.service_areas.iter().find(|r| s(r, "name") == a.service_area)?;
                                    Some(d.text(hsds::Table::ServiceArea, r, "name", &lang.code).0.to_string())
                                }).unwrap_or_else(|| a.service_area.clone());
                                p class="meta" { (tf(state, lang, "find-area-serves", &[("area", area.into())])) }
                                @if let Some(d) = details.get(&a.service_id) { (phone_actions(state, lang, &d.phones, d)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn distance_words(km: f64) -> String {
    let mi = km / 1.609_344;
    if km < 10.0 {
        format!("{km:.1} km ({mi:.1} mi)")
    } else {
        format!("{km:.0} km ({mi:.0} mi)")
    }
}

/// The call/text actions for a list of HSDS phone rows of a service (whose translations give
/// each phone's note in the reader's language where the directory has one).
pub fn phone_actions(
    state: &AppState,
    lang: &Lang,
    phones: &[hsds::Record],
    detail: &ServiceDetail,
) -> Markup {
    html! {
        @if !phones.is_empty() {
            ul class="actions" {
                @for p in phones {
                    @let number = s(p, "number");
                    @let kind = s(p, "type");
                    @let d = dial(number);
                    @if !d.is_empty() {
                        li {
                            @if kind == "text" || kind == "sms" {
                                a class="action" href={ "sms:" (d) } { (t(state, lang, "action-text")) " " (number) }
                            } @else if kind == "textphone" {
                                a class="action" href={ "tel:" (d) } { (t(state, lang, "action-tty")) " " (number) }
                            } @else if kind == "fax" {
                                span { (t(state, lang, "action-fax")) " " (number) }
                            } @else {
                                a class="action" href={ "tel:" (d) } { (t(state, lang, "action-call")) " " (number) }
                            }
                            @let (desc, desc_lang) = detail.text(hsds::Table::Phone, p, "description", &lang.code);
                            @if !desc.is_empty() { " " span class="note" lang=[directory::lang_mark(desc_lang, &lang.code)] { "(" (desc) ")" } }
                        }
                    }
                }
            }
        }
    }
}

/// A one-line address and its `geo:` and directions links.
pub fn address_html(state: &AppState, lang: &Lang, place: &directory::Place) -> Markup {
    let lat = directory::f(&place.location, "latitude");
    let lon = directory::f(&place.location, "longitude");
    let line = place.addresses.first().map(|a| {
        [
            s(a, "address_1"),
            s(a, "city"),
            s(a, "state_province"),
            s(a, "postal_code"),
        ]
        .iter()
        .filter(|x| !x.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
    });
    if place.confidential {
        // No street and no map links: the place is shown by its area and phone only.
        return html! { p class="address confidential" { (t(state, lang, "listing-confidential")) } };
    }
    html! {
        @if let Some(l) = &line { p class="address" { (l) } }
        @if let (Some(lat), Some(lon)) = (lat, lon) {
            ul class="actions" {
                li { a class="action" href={ "geo:" (lat) "," (lon) } { (t(state, lang, "action-map-app")) } }
                li { a class="action" href={ "https://www.openstreetmap.org/directions?to=" (lat) "%2C" (lon) } rel="noreferrer" { (t(state, lang, "action-directions")) } }
            }
        }
    }
}

fn hit_html(
    state: &AppState,
    lang: &Lang,
    n: usize,
    hit: &search::Hit,
    detail: Option<&ServiceDetail>,
    now: DateTime<Utc>,
) -> Markup {
    let (status, class) = status_words(
        state,
        lang,
        hit.open,
        detail,
        hit.location_id.as_deref(),
        now,
    );
    let place = detail.and_then(|d| {
        d.places
            .iter()
            .find(|p| Some(s(&p.location, "id")) == hit.location_id.as_deref())
    });
    html! {
        article class="hit" {
            h3 {
                span class="marker" aria-hidden="true" { (n) }
                a href=(lang.href(&format!("/services/{}", hit.service_id))) { (hit.name) }
            }
            @if !hit.organization.is_empty() && hit.organization != hit.name { p class="org" { (hit.organization) } }
            p class="meta" {
                @if let Some(d) = hit_distance(state, lang, hit) { span class="distance" { (d) } " · " }
                span class={ "status " (class) } { (status) }
            }
            @if let Some(d) = detail {
                (crate::pages::hospital::limits_html(state, lang, d))
                (phone_actions(state, lang, &d.phones, d))
                @if let Some(p) = place { (address_html(state, lang, p)) }
                @let langs: Vec<(&str, &str)> = d.languages.iter().map(|l| d.text(hsds::Table::Language, l, "name", &lang.code)).filter(|(n, _)| !n.is_empty()).collect();
                @if !langs.is_empty() {
                    p {
                        (t(state, lang, "service-languages")) ": "
                        @for (i, (n, l)) in langs.iter().enumerate() {
                            @if i > 0 { ", " }
                            span lang=[directory::lang_mark(l, &lang.code)] { (n) }
                        }
                    }
                }
                (crate::pages::trust::provenance_line(state, lang, d, now.date_naive()))
            }
        }
    }
}
