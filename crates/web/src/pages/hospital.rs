//! The nearest hospitals to a postal code, place or the device's location, emergency
//! departments marked, from the directory.

use crate::directory;
use crate::layout::{error_page, render, t, tf, Lang, Page};
use crate::pages::find::{self, address_html, distance_words, phone_actions, Form};
use crate::{AppState, WebError};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use maud::{html, Markup};
use std::sync::Arc;

const HOW_MANY: usize = 5;

/// `GET /hospital`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    lang: Lang,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut form = Form::parse(raw.as_deref());
    let tr = |k: &str| t(&state, &lang, k);
    if form.near.is_empty() && form.lat.is_empty() && form.lon.is_empty() {
        let body = html! { (form_html(&state, &lang, &form, None)) };
        return render(&state, &lang, Page::new(tr("hospital-title"), body));
    }
    form.kind = "hospital".to_string();
    form.q.clear();
    form.limit = HOW_MANY.to_string();
    let now = Utc::now();
    let (query, centre) = match find::to_query(&state, &lang, &form, now) {
        Ok(q) => q,
        Err(errors) => {
            let msg = errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" ");
            let body = html! { (form_html(&state, &lang, &form, Some(&msg))) };
            return render(
                &state,
                &lang,
                Page::new(tr("find-title-errors"), body)
                    .private()
                    .status(StatusCode::BAD_REQUEST),
            );
        }
    };
    let hits = match state.index.current().search(&query) {
        Ok(r) => r.hits,
        // A directory without hospitals: say so, not an error.
        Err(search::SearchError::UnknownTaxonomy { .. }) => Vec::new(),
        Err(e) => {
            let msg = e.to_string();
            return error_page(&state, &lang, StatusCode::BAD_REQUEST, &msg);
        }
    };
    let ids: Vec<String> = hits.iter().map(|h| h.service_id.clone()).collect();
    let details = match state
        .with_store(move |st| {
            let mut v = Vec::new();
            for id in ids {
                v.push(directory::service(st, &id)?);
            }
            Ok::<_, WebError>(v)
        })
        .await
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("haven: hospital: {e}");
            return error_page(
                &state,
                &lang,
                StatusCode::INTERNAL_SERVER_ERROR,
                &tr("error-server"),
            );
        }
    };
    let place = centre.map(|c| c.label).unwrap_or_default();
    let body = html! {
        (form_html(&state, &lang, &form, None))
        p class="emergency" { (tr("hotlines-emergency")) }
        h2 { (tf(&state, &lang, "hospital-results", &[("place", place.into())])) }
        @if hits.is_empty() { p { (tr("hospital-none")) } }
        ol class="hits" {
            @for (hit, d) in hits.iter().zip(details.iter()) {
                li {
                    article class="hit" {
                        h3 { a href=(lang.href(&format!("/services/{}", hit.service_id))) { (hit.name) } }
                        p class="meta" {
                            @if let Some(km) = hit.distance_km { (distance_words(km)) " · " }
                            @match d.as_ref().map(er_status) {
                                Some(Some(true)) => span class="status open" { (tr("hospital-er-yes")) },
                                Some(Some(false)) => span class="status closed" { (tr("hospital-er-no")) },
                                _ => span class="status unknown" { (tr("hospital-er-unknown")) },
                            }
                        }
                        @if let Some(d) = d {
                            (limits_html(&state, &lang, d))
                            (phone_actions(&state, &lang, &d.phones, d))
                            @if let Some(p) = d.places.first() { (address_html(&state, &lang, p)) }
                        }
                    }
                }
            }
        }
    };
    render(
        &state,
        &lang,
        Page::new(tr("hospital-title"), body).private(),
    )
}

/// Whether the listing reports an emergency department (None: not reported).
fn er_status(d: &directory::ServiceDetail) -> Option<bool> {
    if d.has_type("emergency-department") {
        Some(true)
    } else if d.has_type("no-emergency-department") {
        Some(false)
    } else {
        None
    }
}

/// Hospitals that serve only some people (haven taxonomy codes, from the HIFLD type and name),
/// each with the message that says who.
pub const HOSPITAL_KINDS: &[&str] = &[
    "psychiatric-hospital",
    "childrens-hospital",
    "veterans-or-military",
    "long-term-care",
    "rehabilitation-hospital",
    "womens-hospital",
    "chronic-disease-hospital",
];

/// "Serves only some people: ..." for a hospital whose care is limited, nothing otherwise.
pub fn limits_html(state: &AppState, lang: &Lang, d: &directory::ServiceDetail) -> Markup {
    let kinds: Vec<String> = HOSPITAL_KINDS
        .iter()
        .filter(|k| d.has_type(k))
        .map(|k| t(state, lang, &format!("hospital-kind-{k}")))
        .collect();
    html! {
        @if !kinds.is_empty() {
            p class="limits" { strong { (t(state, lang, "hospital-serves-some")) } " " (kinds.join(" ")) }
        }
    }
}

fn form_html(state: &AppState, lang: &Lang, form: &Form, error: Option<&str>) -> Markup {
    let tr = |k: &str| t(state, lang, k);
    html! {
        @if let Some(e) = error { div class="errors" role="alert" { p { (e) } } }
        form method="get" action=(lang.href("/hospital")) class="find" {
            div class="field" {
                label for="f-near" { (tr("find-near-label")) }
                p class="hint" id="f-near-hint" { (tr("find-near-hint")) }
                input id="f-near" name="near" type="text" value=(form.near) autocomplete="postal-code"
                    aria-describedby="f-near-hint" aria-invalid=[error.map(|_| "true")];
                button type="button" class="locate" hidden data-locating=(tr("find-locating")) data-denied=(tr("find-location-denied")) { (tr("find-use-location")) }
                p class="locate-status" role="status" {}
            }
            button type="submit" class="primary" { (tr("hospital-submit")) }
        }
    }
}
