//! One service: everything a person needs to act on it, and when and where it was verified.

use crate::directory::{self, s};
use crate::layout::{error_page, hours_words, render, t, tf, Lang, Page};
use crate::pages::find::{address_html, phone_actions, status_words};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use maud::html;
use std::sync::Arc;

/// `GET /services/{id}`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    lang: Lang,
    Path(id): Path<String>,
) -> Response {
    let lookup = id.clone();
    let detail = match state
        .with_store(move |st| directory::service(st, &lookup))
        .await
    {
        Ok(Some(d)) => d,
        Ok(None) => {
            let msg = t(&state, &lang, "service-not-found");
            return error_page(&state, &lang, StatusCode::NOT_FOUND, &msg);
        }
        Err(e) => {
            eprintln!("haven: service page: {e}");
            let msg = t(&state, &lang, "error-server");
            return error_page(&state, &lang, StatusCode::INTERNAL_SERVER_ERROR, &msg);
        }
    };
    let now = Utc::now();
    let tr = |k: &str| t(&state, &lang, k);
    let svc = &detail.service;
    let name = s(svc, "name").to_string();
    let org = detail
        .organization
        .as_ref()
        .map(|o| s(o, "name").to_string())
        .unwrap_or_default();
    let (hours, _, _) = detail.hours(None);
    let words = hours_words(&state, &lang);
    let open_at_service = {
        let place = detail.places.first();
        let (h, zone, fixed) = detail.hours(place);
        match (zone, fixed) {
            (Some(z), _) => h.state_at(z, now),
            (None, Some(f)) => h.state_at(f, now),
            (None, None) => search::hours::OpenState::Unknown,
        }
    };
    let open = match open_at_service {
        search::hours::OpenState::Open => Some(true),
        search::hours::OpenState::Closed => Some(false),
        search::hours::OpenState::Unknown => None,
    };
    let first_loc = detail
        .places
        .first()
        .map(|p| s(&p.location, "id").to_string());
    let (status, class) = status_words(
        &state,
        &lang,
        open,
        Some(&detail),
        first_loc.as_deref(),
        now,
    );
    let text_fields = [
        ("service-description", "description"),
        ("service-eligibility", "eligibility_description"),
        ("service-how-to-apply", "application_process"),
        ("service-fees", "fees_description"),
        ("service-interpretation", "interpretation_services"),
        ("service-wait", "wait_time"),
        ("service-alert", "alert"),
    ];
    let body = html! {
        @if !org.is_empty() && org != name { p class="org" { (org) } }
        p class="meta" { span class={ "status " (class) } { (status) } }
        (crate::pages::hospital::limits_html(&state, &lang, &detail))
        (phone_actions(&state, &lang, &detail.phones))
        @let url = s(svc, "url");
        @if url.starts_with("https://") || url.starts_with("http://") {
            p { a href=(url) rel="noreferrer" { (tr("service-website")) } }
        }
        dl class="facts" {
            @for (label, field) in text_fields {
                @let v = s(svc, field);
                @if !v.is_empty() { dt { (tr(label)) } dd lang="en" { (v) } }
            }
            @if !detail.types.is_empty() { dt { (tr("service-types")) } dd lang="en" { (detail.types.join(", ")) } }
            @let langs: Vec<&str> = detail.languages.iter().map(|l| s(l, "name")).filter(|n| !n.is_empty()).collect();
            @if !langs.is_empty() { dt { (tr("service-languages")) } dd lang="en" { (langs.join(", ")) } }
            @if detail.free() { dt { (tr("service-cost")) } dd { (tr("service-free")) } }
            @let areas: Vec<&str> = detail.service_areas.iter().map(|a| s(a, "name")).filter(|n| !n.is_empty()).collect();
            @if !areas.is_empty() { dt { (tr("service-area")) } dd lang="en" { (areas.join(", ")) } }
            dt { (tr("service-hours")) }
            dd { (if hours.is_empty() && detail.places.iter().all(|p| p.schedules.is_empty()) { tr("status-unknown") } else { hours.describe_with(&words) }) }
        }
        @for p in &detail.places {
            section class="place" {
                h2 { (if s(&p.location, "name").is_empty() { tr("service-place") } else { s(&p.location, "name").to_string() }) }
                (address_html(&state, &lang, p))
                (phone_actions(&state, &lang, &p.phones))
                @if !p.schedules.is_empty() {
                    @let (h, _, _) = detail.hours(Some(p));
                    p { (tr("service-hours")) ": " span { (h.describe_with(&words)) } }
                }
            }
        }
        (crate::pages::trust::provenance_html(&state, &lang, &detail, now.date_naive()))
        section class="about-data" {
            @let modified = s(svc, "last_modified");
            @if !modified.is_empty() { p { (tf(&state, &lang, "service-last-modified", &[("date", modified.into())])) } }
            p { a href=(lang.href("/about")) { (tr("service-about-data")) } }
        }
    };
    render(&state, &lang, Page::new(name, body).private())
}
