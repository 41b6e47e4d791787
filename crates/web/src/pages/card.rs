//! The pocket card: a printable, discreet, credit-card-sized card with the numbers the person
//! picks, an optional neutral title, and a QR code to the hotlines page.

use crate::directory::{s, ServiceDetail};
use crate::layout::{error_page, render, t, Lang, Page};
use crate::pages::hotlines;
use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, PreEscaped};
use std::sync::Arc;

/// `GET /card?line=ID&line=ID&neutral=1`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    lang: Lang,
    site: crate::layout::SiteOrigin,
    RawQuery(raw): RawQuery,
) -> Response {
    let lines = match hotlines::load(&state).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("haven: card: {e}");
            return error_page(
                &state,
                &lang,
                StatusCode::INTERNAL_SERVER_ERROR,
                &t(&state, &lang, "error-server"),
            );
        }
    };
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let asked = !pairs.is_empty();
    let picked: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "line")
        .map(|(_, v)| v.as_str())
        .collect();
    let neutral = pairs.iter().any(|(k, v)| k == "neutral" && v == "1");
    let unknown: Vec<&str> = picked
        .iter()
        .filter(|id| !lines.iter().any(|d| s(&d.service, "id") == **id))
        .cloned()
        .collect();
    let tr = |k: &str| t(&state, &lang, k);
    if !unknown.is_empty() {
        return error_page(
            &state,
            &lang,
            StatusCode::BAD_REQUEST,
            &tr("card-error-unknown-line"),
        );
    }
    // With nothing picked yet, the card starts with the national lines that have phones.
    let chosen: Vec<&ServiceDetail> = if asked {
        lines
            .iter()
            .filter(|d| picked.contains(&s(&d.service, "id")))
            .collect()
    } else {
        lines
            .iter()
            .filter(|d| !d.phones.is_empty())
            .take(3)
            .collect()
    };
    // A QR code needs an absolute address; with no known origin the card has none.
    let target = format!("{}{}", site.base, lang.href("/hotlines"));
    let qr = qrcode::QrCode::new(target.as_bytes())
        .ok()
        .filter(|_| site.is_known())
        .map(|c| {
            c.render::<qrcode::render::svg::Color>()
                .min_dimensions(120, 120)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default();
    // The renderer emits an XML declaration; inline SVG in HTML needs only the element.
    let qr = qr
        .find("<svg")
        .map(|i| qr[i..].to_string())
        .unwrap_or_default();
    let title = if neutral {
        tr("card-neutral-title")
    } else {
        tr("card-title-on-card")
    };
    let body = html! {
        p class="lead no-print" { (tr("card-intro")) }
        form method="get" action=(lang.href("/card")) class="no-print card-form" {
            fieldset {
                legend { (tr("card-pick-legend")) }
                @for d in lines.iter().filter(|d| !d.phones.is_empty()) {
                    @let id = s(&d.service, "id");
                    div {
                        input type="checkbox" name="line" value=(id) id={ "c-" (id) } checked[chosen.iter().any(|c| s(&c.service, "id") == id)];
                        label for={ "c-" (id) } lang="en" { (s(&d.service, "name")) }
                    }
                }
            }
            div {
                input type="checkbox" name="neutral" value="1" id="c-neutral" checked[neutral];
                label for="c-neutral" { (tr("card-neutral-label")) }
            }
            button type="submit" { (tr("card-update")) }
        }
        div class="pocket-card" {
            p class="card-title" { (title) }
            ul {
                @for d in &chosen {
                    @let voice = d.phones.iter().find(|p| s(p, "type") == "voice" || s(p, "type").is_empty());
                    @let text = d.phones.iter().find(|p| s(p, "type") == "text");
                    li {
                        @if neutral { span { (initials(s(&d.service, "name"))) } } @else { span lang="en" { (s(&d.service, "name")) } }
                        ": "
                        @if let Some(p) = voice { strong { (s(p, "number")) } }
                        @if let Some(p) = text { " · " (tr("action-text")) " " (s(p, "number")) }
                    }
                }
                li { (tr("card-emergency-line")) }
            }
            div class="qr" aria-hidden="true" { (PreEscaped(qr)) }
            p class="visually-hidden" { (tr("card-qr-alt")) }
        }
        p class="no-print" { (tr("card-print-hint")) }
    };
    let mut page = Page::new(tr("card-title"), body);
    page.styles.push("card.css");
    let mut res = render(&state, &lang, page);
    site.vary(&mut res);
    res
}

/// "National Human Trafficking Hotline" → "NHTH": a name that means nothing to a stranger.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_uppercase()
}
