//! One service: everything a person needs to act on it, and when and where it was verified.

use crate::directory::{self, s};
use crate::layout::{error_page, hours_words, render, t, tf, Lang, Page};
use crate::pages::find::{address_html, phone_actions, status_words};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use hsds::Table;
use maud::{html, Markup};
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
    let code = lang.code.as_str();
    let mark = |l: &str| directory::lang_mark(l, code).map(str::to_string);
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
        (phone_actions(&state, &lang, &detail.phones, &detail))
        @let url = s(svc, "url");
        @if url.starts_with("https://") || url.starts_with("http://") {
            p { a href=(url) rel="noreferrer" { (tr("service-website")) } }
        }
        dl class="facts" {
            @for (label, field) in text_fields {
                @let (v, l) = detail.text(Table::Service, svc, field, code);
                @if !v.is_empty() { dt { (tr(label)) } dd lang=[mark(l)] { (v) } }
            }
            @if !detail.types.is_empty() { dt { (tr("service-types")) } dd lang="en" { (detail.types.join(", ")) } }
            @let langs: Vec<(&str, &str)> = detail.languages.iter().map(|l| detail.text(Table::Language, l, "name", code)).filter(|(n, _)| !n.is_empty()).collect();
            @if !langs.is_empty() { dt { (tr("service-languages")) } dd { (joined(&langs, code)) } }
            @if detail.free() { dt { (tr("service-cost")) } dd { (tr("service-free")) } }
            @let areas: Vec<(&str, &str)> = detail.service_areas.iter().map(|a| detail.text(Table::ServiceArea, a, "name", code)).filter(|(n, _)| !n.is_empty()).collect();
            @if !areas.is_empty() { dt { (tr("service-area")) } dd { (joined(&areas, code)) } }
            dt { (tr("service-hours")) }
            dd { (if hours.is_empty() && detail.places.iter().all(|p| p.schedules.is_empty()) { tr("status-unknown") } else { hours.describe_with(&words) }) }
        }
        @for p in &detail.places {
            section class="place" {
                h2 { (if s(&p.location, "name").is_empty() { tr("service-place") } else { s(&p.location, "name").to_string() }) }
                (address_html(&state, &lang, p))
                (phone_actions(&state, &lang, &p.phones, &detail))
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

/// Texts with their languages, comma-separated, each marked where it is not in the page's.
pub fn joined(items: &[(&str, &str)], page_lang: &str) -> Markup {
    html! {
        @for (i, (text, l)) in items.iter().enumerate() {
            @if i > 0 { ", " }
            span lang=[directory::lang_mark(l, page_lang)] { (text) }
        }
    }
}
