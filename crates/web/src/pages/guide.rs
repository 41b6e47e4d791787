//! The guide on the web: one step per page, the path so far in the URL (`?trail=`), back and
//! start-over links, live directory results in advice steps; no cookies, no JavaScript needed,
//! nothing about the path logged (the request log names only the route pattern).

use crate::layout::{error_page, render, t, tf, Lang, Page};
use crate::pages::find::{phone_actions, Form};
use crate::pages::hotlines;
use crate::{AppState, WebError};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use guide::flow::{ActionKind, Block, RenderedAction};
use guide::Flow;
use maud::{html, Markup};
use std::sync::Arc;

/// How many nearest places an advice step shows.
const NEAREST: usize = 3;
/// The longest trail kept in a URL (a walk never needs more; longer input is cut).
const MAX_TRAIL: usize = 40;

/// `GET /guide`: the first step.
pub async fn start(state: State<Arc<AppState>>, lang: Lang, raw: RawQuery) -> Response {
    match Flow::embedded() {
        Ok(flow) => show(state, lang, flow.start().to_string(), raw).await,
        Err(e) => content_error(&state, &lang, &e.to_string()),
    }
}

/// `GET /guide/{step}`.
pub async fn step(
    state: State<Arc<AppState>>,
    lang: Lang,
    Path(id): Path<String>,
    raw: RawQuery,
) -> Response {
    show(state, lang, id, raw).await
}

fn content_error(state: &AppState, lang: &Lang, e: &str) -> Response {
    eprintln!("haven: guide content: {e}");
    error_page(
        state,
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        &t(state, lang, "error-server"),
    )
}

async fn show(
    State(state): State<Arc<AppState>>,
    lang: Lang,
    id: String,
    RawQuery(raw): RawQuery,
) -> Response {
    let flow = match Flow::embedded() {
        Ok(f) => f,
        Err(e) => return content_error(&state, &lang, &e.to_string()),
    };
    let Some(step) = flow.render(state.catalog, &lang.code, &id) else {
        return error_page(
            &state,
            &lang,
            StatusCode::NOT_FOUND,
            &t(&state, &lang, "web-guide-no-step"),
        );
    };
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    // Only real step ids survive in the trail, so a hand-edited URL cannot inject anything.
    let trail: Vec<String> = pairs
        .iter()
        .find(|(k, _)| k == "trail")
        .map(|(_, v)| {
            v.split(',')
                .filter(|s| flow.step(s).is_some())
                .take(MAX_TRAIL)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let near = pairs
        .iter()
        .find(|(k, _)| k == "near")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let mut forward = trail.clone();
    forward.push(step.id.clone());
    if forward.len() > MAX_TRAIL {
        forward.remove(0);
    }
    let forward = forward.join(",");
    let link = |to: &str| -> String {
        let mut q: Vec<(&str, &str)> = vec![("trail", forward.as_str())];
        if !near.is_empty() {
            q.push(("near", near.as_str()));
        }
        format!(
            "{}?{}",
            lang.href(&format!("/guide/{to}")),
            serde_urlencoded::to_string(&q).unwrap_or_default()
        )
    };
    let back = trail.last().map(|prev| {
        let rest = trail[..trail.len() - 1].join(",");
        let mut q: Vec<(&str, &str)> = Vec::new();
        if !rest.is_empty() {
            q.push(("trail", rest.as_str()));
        }
        if !near.is_empty() {
            q.push(("near", near.as_str()));
        }
        let qs = serde_urlencoded::to_string(&q).unwrap_or_default();
        let base = lang.href(&format!("/guide/{prev}"));
        if qs.is_empty() {
            base
        } else {
            format!("{base}?{qs}")
        }
    });
    let mut action_html = Vec::new();
    let mut status = StatusCode::OK;
    for a in &step.actions {
        let (m, bad) = action(&state, &lang, a, &near, &step.id, &trail).await;
        if bad {
            status = StatusCode::BAD_REQUEST;
        }
        action_html.push(m);
    }
    let tr = |k: &str| t(&state, &lang, k);
    let body = html! {
        p class="guide-label" { (tr("guide-ui-title")) }
        h1 { (step.title) }
        // In immediate danger the call comes before any reading (the step says actions_first).
        @if step.actions_first && !action_html.is_empty() {
            div class="step-actions" { @for m in &action_html { (m) } }
        }
        @for b in &step.blocks {
            @match b {
                Block::Paragraph(p) => p { (p) },
                Block::Warning(w) => p class="warning" { strong { (w) } },
                Block::List(items) => ul { @for i in items { li { (i) } } },
            }
        }
        @if !step.actions_first && !action_html.is_empty() {
            div class="step-actions" { @for m in &action_html { (m) } }
        }
        @if !step.answers.is_empty() {
            ul class="answers" {
                @for a in &step.answers { li { a href=(link(&a.next)) { (a.label) } } }
            }
        }
        @if let Some(next) = &step.next {
            p { a class="action" href=(link(next)) { (tr("guide-ui-continue")) } }
        }
        @if step.is_end { p { (tr("web-guide-end")) } }
        nav class="step-nav" aria-label=(tr("web-guide-nav")) {
            @if let Some(b) = &back { a href=(b) rel="prev" { (tr("guide-ui-back")) } }
            a href=(lang.href("/guide")) { (tr("guide-ui-start-over")) }
        }
    };
    let mut page = Page::new(step.title.clone(), body);
    page.heading = false;
    page.status = status;
    // The person-at-risk branch says something about whoever reads it: no cache keeps it.
    if !near.is_empty() || step.id == "for-me" || step.id.starts_with("me-") {
        page = page.private();
    }
    render(&state, &lang, page)
}

/// One action: a link, or live results from the directory. Returns whether the input was bad.
async fn action(
    state: &Arc<AppState>,
    lang: &Lang,
    a: &RenderedAction,
    near: &str,
    step_id: &str,
    trail: &[String],
) -> (Markup, bool) {
    let tr = |k: &str| t(state, lang, k);
    let head = html! {
        h2 { (a.label) }
        @if let Some(d) = &a.detail { p { (d) } }
    };
    match a.kind {
        ActionKind::Hotlines => {
            let lines = hotlines::load(state).await.unwrap_or_default();
            // The reader's country's lines, with text codes; 911 has its own action.
            let split = hotlines::Lines::split(&lines, &state.config.home_region);
            let m = html! {
                section class="action-block" {
                    (head)
                    (hotlines::quick_lines(state, lang, &split.home))
                    p { a href=(lang.href("/hotlines")) { (tr("home-all-hotlines")) } }
                }
            };
            (m, false)
        }
        ActionKind::NearestOrganizations | ActionKind::NearestHospital => {
            let (results, bad) = if near.is_empty() {
                (None, None)
            } else {
                match nearest(state, lang, a.kind, near).await {
                    Ok(r) => (Some(r), None),
                    Err(msg) => (None, Some(msg)),
                }
            };
            let m = html! {
                section class="action-block" {
                    (head)
                    form method="get" action=(lang.href(&format!("/guide/{step_id}"))) class="inline" {
                        @if !trail.is_empty() { input type="hidden" name="trail" value=(trail.join(",")); }
                        label for={ "near-" (a.kind) } { (tr("find-near-label")) }
                        input id={ "near-" (a.kind) } name="near" type="text" value=(near) autocomplete="postal-code"
                            aria-invalid=[bad.as_ref().map(|_| "true")];
                        button type="submit" { (tr("web-guide-show-nearest")) }
                    }
                    @if let Some(msg) = &bad { p class="error" role="alert" { (msg) } }
                    @if let Some(r) = &results { (r) }
                    p class="hint" { (tr("web-guide-nothing-saved")) }
                    @if let Some(h) = &a.href {
                        @let href = match a.kind { ActionKind::NearestHospital => lang.href("/hospital"), _ => lang.href(h) };
                        p { a href=(href) { (tr("web-guide-more-results")) } }
                    }
                }
            };
            (m, bad.is_some())
        }
        ActionKind::Emergency => {
            let m = html! {
                section class="action-block emergency" {
                    (head)
                    p { a class="action" href="tel:911" { (tr("action-call")) " 911" } }
                }
            };
            (m, false)
        }
        ActionKind::PocketCard | ActionKind::Link => {
            let href = a
                .href
                .as_deref()
                .map(|h| lang.href(h))
                .unwrap_or_else(|| lang.href("/card"));
            let m = html! {
                section class="action-block" {
                    p { a class="action" href=(href) { (a.label) } }
                    @if let Some(d) = &a.detail { p { (d) } }
                }
            };
            (m, false)
        }
    }
}

/// The nearest places of the action's type to a postal code or place, as a short list.
async fn nearest(
    state: &Arc<AppState>,
    lang: &Lang,
    kind: ActionKind,
    near: &str,
) -> Result<Markup, String> {
    let form = Form {
        near: near.to_string(),
        kind: kind.taxonomy().unwrap_or_default().to_string(),
        limit: NEAREST.to_string(),
        ..Default::default()
    };
    let now = chrono::Utc::now();
    let (query, centre) =
        crate::pages::find::to_query(state, lang, &form, now).map_err(|errs| {
            errs.iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" ")
        })?;
    let mut results = match state.index.current().search(&query) {
        Ok(r) => r,
        Err(search::SearchError::UnknownTaxonomy { .. }) => search::Results::default(),
        Err(e) => return Err(e.to_string()),
    };
    // A trusted organization 3,000 km away is no local help: past LOCAL_KM the step says so and
    // gives the lines that serve the area, which can refer to local groups.
    let organizations = kind == ActionKind::NearestOrganizations;
    if organizations {
        results.hits.retain(|h| {
            h.distance_km
                .is_some_and(|km| km <= crate::pages::find::LOCAL_KM)
        });
    } else {
        results.area_hits.clear();
    }
    let ids: Vec<String> = results
        .hits
        .iter()
        .map(|h| h.service_id.clone())
        .chain(results.area_hits.iter().map(|h| h.service_id.clone()))
        .collect();
    let details = state
        .with_store(move |st| {
            let mut v = std::collections::HashMap::new();
            for id in ids {
                if let Some(d) = crate::directory::service(st, &id)? {
                    v.insert(id, d);
                }
            }
            Ok::<_, WebError>(v)
        })
        .await
        .map_err(|e| {
            eprintln!("haven: guide nearest: {e}");
            t(state, lang, "error-server")
        })?;
    let place = centre.map(|c| c.label).unwrap_or_default();
    let hits = &results.hits;
    Ok(html! {
        @if hits.is_empty() && organizations {
            p class="no-local" { (tf(state, lang, "find-no-local", &[("place", place.clone().into())])) }
        } @else if hits.is_empty() {
            p { (t(state, lang, "guide-ui-no-results")) }
        } @else {
            p role="status" { (tf(state, lang, "find-results-near", &[("count", hits.len().into()), ("place", place.into())])) }
            ol class="hits" {
                @for h in hits {
                    li {
                        article class="hit" {
                            h3 { a href=(lang.href(&format!("/services/{}", h.service_id))) { (h.name) } }
                            @if !h.organization.is_empty() && h.organization != h.name { p class="org" { (h.organization) } }
                            @if let Some(km) = crate::pages::find::hit_distance(state, lang, h) { p class="meta" { (km) } }
                            @if let Some(d) = details.get(&h.service_id) {
                                (crate::pages::hospital::limits_html(state, lang, d))
                                (phone_actions(state, lang, &d.phones, d))
                            }
                        }
                    }
                }
            }
        }
        (crate::pages::find::area_group_html(state, lang, &results, &details))
    })
}
