//! The pocket card: a printable, discreet, credit-card-sized card with the numbers the person
//! picks (by default the home country's trafficking and domestic-violence lines, with how to
//! text them), 911 on its own line, an optional neutral title, and a QR code to the hotlines
//! page only when asked for (a QR says where the card came from).

use crate::directory::{s, ServiceDetail};
use crate::layout::{error_page, render, t, Lang, Page};
use crate::pages::hotlines;
use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, PreEscaped};
use std::sync::Arc;

/// `GET /card?line=ID&line=ID&neutral=1&qr=1`.
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
    let with_qr = pairs.iter().any(|(k, v)| k == "qr" && v == "1");
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
    // With nothing picked yet, the card starts with the home country's trafficking and
    // domestic-violence lines; 911 is always its own line, never one to pick.
    let split = hotlines::Lines::split(&lines, &state.config.home_region);
    let chosen: Vec<&ServiceDetail> = if asked {
        split
            .home
            .iter()
            .chain(&split.away)
            .filter(|d| picked.contains(&s(&d.service, "id")))
            .copied()
            .collect()
    } else {
        split.card_default()
    };
    // A QR code needs an absolute address; with no known origin the card has none.
    let target = format!("{}{}", site.base, lang.href("/hotlines"));
    let qr = if with_qr && site.is_known() {
        qr_svg(&target)
    } else {
        String::new()
    };
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
                @for d in &split.home {
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
            div {
                input type="checkbox" name="qr" value="1" id="c-qr" checked[with_qr];
                label for="c-qr" { (tr("card-qr-label")) }
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
                        @if let Some(p) = text { " · " (hotlines::text_words(&state, &lang, p)) }
                    }
                }
                li { (tr("card-emergency-line")) }
            }
            @if !qr.is_empty() {
                div class="qr" aria-hidden="true" { (PreEscaped(qr)) }
                p class="visually-hidden" { (tr("card-qr-alt")) }
            }
        }
        p class="no-print" { (tr("card-print-hint")) }
    };
    let mut page = Page::new(tr("card-title"), body);
    page.styles.push("card.css");
    let mut res = render(&state, &lang, page);
    site.vary(&mut res);
    res
}

/// A QR code to `target`, as inline SVG (empty if the text does not fit a QR code).
fn qr_svg(target: &str) -> String {
    let svg = qrcode::QrCode::new(target.as_bytes())
        .map(|c| {
            c.render::<qrcode::render::svg::Color>()
                .min_dimensions(120, 120)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default();
    // The renderer emits an XML declaration; inline SVG in HTML needs only the element.
    svg.find("<svg")
        .map(|i| svg[i..].to_string())
        .unwrap_or_default()
}

/// "National Human Trafficking Hotline" → "NHTH": a name that means nothing to a stranger.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_uppercase()
}
