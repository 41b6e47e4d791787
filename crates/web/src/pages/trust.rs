//! Trust, shown: the `/about/trust` page (what haven's listings are and are not) and the lines
//! every listing shows about where it comes from, when, and how far it can be trusted.

use crate::directory::{Provenance, ServiceDetail, Trust};
use crate::layout::{render, t, tf, Lang, Page};
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use maud::{html, Markup};
use std::sync::Arc;

/// `GET /about/trust`: every source with its date, what "verified" means, that listings are not
/// endorsements, private addresses, and what to do about a wrong listing.
pub async fn page(State(state): State<Arc<AppState>>, lang: Lang) -> Response {
    let tr = |k: &str| t(&state, &lang, k);
    let section = |heading: &str, paras: &[&str]| {
        html! {
            section {
                h2 { (tr(heading)) }
                @for p in paras { p { (tr(p)) } }
            }
        }
    };
    let body = html! {
        p class="lead" { (tr("trust-lead")) }
        section {
            h2 { (tr("trust-sources-heading")) }
            ul {
                @for k in ["trust-source-hotlines", "trust-source-nyc", "trust-source-leads", "trust-source-evidence", "trust-source-hospitals", "trust-source-taxonomy"] {
                    li { (tr(k)) }
                }
            }
        }
        (section("trust-verified-heading", &["trust-verified-what", "trust-verified-stale"]))
        (section("trust-endorse-heading", &["trust-endorse-what"]))
        (section("trust-confidential-heading", &["trust-confidential-what"]))
        (section("trust-report-heading", &["trust-report-what"]))
    };
    render(&state, &lang, Page::new(tr("trust-title"), body))
}

/// The words for where a listing comes from, and a second line when it is over a year old.
pub fn provenance_words(
    state: &AppState,
    lang: &Lang,
    p: Option<&Provenance>,
    today: chrono::NaiveDate,
) -> (String, Option<String>) {
    let Some(p) = p else {
        return (t(state, lang, "listing-unknown"), None);
    };
    let date = || ("date", p.date.clone().into());
    let main = match (p.trust, &p.source) {
        (Trust::Lead, Some(src)) => tf(
            state,
            lang,
            "listing-lead",
            &[("source", src.clone().into()), date()],
        ),
        (Trust::Lead, None) => tf(
            state,
            lang,
            "listing-lead",
            &[("source", "?".into()), date()],
        ),
        (Trust::Verified, Some(src)) => tf(
            state,
            lang,
            "listing-verified-by",
            &[date(), ("source", src.clone().into())],
        ),
        (Trust::Verified, None) => tf(state, lang, "listing-verified", &[date()]),
        (Trust::SourceSeen, Some(src)) if !p.date.is_empty() => tf(
            state,
            lang,
            "listing-source-seen",
            &[("source", src.clone().into()), date()],
        ),
        (Trust::SourceSeen, Some(src)) => tf(
            state,
            lang,
            "listing-source-seen-undated",
            &[("source", src.clone().into())],
        ),
        (Trust::SourceSeen, None) => tf(state, lang, "listing-seen-on", &[date()]),
    };
    let stale = (p.trust != Trust::Lead && p.stale(today))
        .then(|| tf(state, lang, "listing-stale", &[date()]));
    (main, stale)
}

/// The listing's provenance section on its own page, with the evidence about its organization.
pub fn provenance_html(
    state: &AppState,
    lang: &Lang,
    d: &ServiceDetail,
    today: chrono::NaiveDate,
) -> Markup {
    let tr = |k: &str| t(state, lang, k);
    let p = d.provenance();
    let (main, stale) = provenance_words(state, lang, p.as_ref(), today);
    html! {
        @if !d.evidence.is_empty() {
            section class="evidence" {
                h2 { (tr("listing-about-org")) }
                ul {
                    @for e in &d.evidence {
                        li {
                            span lang="en" { (e.words) }
                            @if let Some(src) = &e.source {
                                " " span class="hint" { (tf(state, lang, "listing-evidence-source", &[("source", src.clone().into()), ("date", e.date.clone().unwrap_or_default().into())])) }
                            }
                        }
                    }
                }
            }
        }
        section class="verified" {
            h2 { (tr("listing-source-heading")) }
            p { (main) }
            @if let Some(s) = stale { p class="stale" { (s) } }
            p { (tr("listing-not-endorsement")) " " a href=(lang.href("/about/trust")) { (tr("listing-about-trust")) } }
        }
    }
}

/// One short line for a result list: the source and date, or "not yet verified".
pub fn provenance_line(
    state: &AppState,
    lang: &Lang,
    d: &ServiceDetail,
    today: chrono::NaiveDate,
) -> Markup {
    let p = d.provenance();
    let (main, stale) = provenance_words(state, lang, p.as_ref(), today);
    html! {
        p class="verified" { (main) @if let Some(s) = stale { " " span class="stale" { (s) } } }
    }
}
