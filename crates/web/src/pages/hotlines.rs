//! The hotlines: call, text, chat, TTY, languages, hours, and what each line does with what you
//! tell it. Reachable from every page in one tap.

use crate::directory::{self, s, ServiceDetail};
use crate::layout::{error_page, hours_words, render, t, Lang, Page};
use crate::pages::find::phone_actions;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
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
    let body = html! {
        p class="lead" { (tr("hotlines-intro")) }
        p class="emergency" { (tr("hotlines-emergency")) }
        p { a class="action" href=(lang.href("/hospital")) { (tr("hospital-nearest-link")) } }
        @if lines.is_empty() { p { (tr("hotlines-none")) } }
        @for d in lines.iter() { (hotline_html(&state, &lang, d)) }
        p { a href=(lang.href("/card")) { (tr("hotlines-card-link")) } }
    };
    render(&state, &lang, Page::new(tr("hotlines-title"), body))
}

/// One hotline as a card: what it is for, how to reach it, languages, hours, consent.
pub fn hotline_html(state: &AppState, lang: &Lang, d: &ServiceDetail) -> Markup {
    let tr = |k: &str| t(state, lang, k);
    let svc = &d.service;
    let url = s(svc, "url");
    let areas: Vec<&str> = d
        .service_areas
        .iter()
        .map(|a| s(a, "name"))
        .filter(|n| !n.is_empty())
        .collect();
    let langs: Vec<&str> = d
        .languages
        .iter()
        .map(|l| s(l, "name"))
        .filter(|n| !n.is_empty())
        .collect();
    let (hours, _, _) = d.hours(None);
    let words = hours_words(state, lang);
    html! {
        section class="hotline" aria-labelledby={ "h-" (s(svc, "id")) } {
            h2 id={ "h-" (s(svc, "id")) } { (s(svc, "name")) }
            @if !areas.is_empty() { p class="area" lang="en" { (areas.join(", ")) } }
            p lang="en" { (s(svc, "description")) }
            (phone_actions(state, lang, &d.phones))
            @if url.starts_with("https://") {
                p { a class="action" href=(url) rel="noreferrer" { (tr("hotline-website-chat")) } }
            }
            dl class="facts" {
                @if !langs.is_empty() || !s(svc, "interpretation_services").is_empty() {
                    dt { (tr("service-languages")) }
                    dd lang="en" {
                        (langs.join(", "))
                        @if !langs.is_empty() && !s(svc, "interpretation_services").is_empty() { "; " }
                        (s(svc, "interpretation_services"))
                    }
                }
                dt { (tr("service-hours")) }
                dd { (if hours.is_empty() { tr("status-unknown") } else { hours.describe_with(&words) }) }
                dt { (tr("hotline-consent")) }
                dd {
                    @let c = s(svc, "application_process");
                    @if c.is_empty() { (tr("hotline-consent-unknown")) } @else { span lang="en" { (c) } }
                }
                @let (seen, stale) = crate::pages::trust::provenance_words(state, lang, d.provenance().as_ref(), chrono::Utc::now().date_naive());
                dt { (tr("listing-source-heading")) }
                dd { (seen) @if let Some(s) = stale { " " (s) } }
            }
        }
    }
}
