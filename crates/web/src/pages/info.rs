//! The information pages: staying safe online, and where the data comes from.

use crate::layout::{render, t, Lang, Page};
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use maud::html;
use std::sync::Arc;

/// `GET /safety`: what the quick exit does and does not do, private browsing, clearing
/// history, safer devices.
pub async fn safety(State(state): State<Arc<AppState>>, lang: Lang) -> Response {
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
        p class="lead" { (tr("safety-lead")) }
        (section("safety-exit-heading", &["safety-exit-does", "safety-exit-does-not", "safety-exit-keys"]))
        (section("safety-private-heading", &["safety-private-what", "safety-private-how"]))
        (section("safety-history-heading", &["safety-history-what", "safety-history-how", "safety-history-care"]))
        (section("safety-device-heading", &["safety-device-what", "safety-device-phone", "safety-device-accounts"]))
        (section("safety-haven-heading", &["safety-haven-what", "safety-haven-numbers"]))
    };
    render(&state, &lang, Page::new(tr("safety-title"), body))
}

/// `GET /about`: every source, its licence and attribution, and how listings are verified.
pub async fn about(State(state): State<Arc<AppState>>, lang: Lang) -> Response {
    let tr = |k: &str| t(&state, &lang, k);
    let body = html! {
        p class="lead" { (tr("about-lead")) }
        section {
            h2 { (tr("about-sources-heading")) }
            dl class="facts" {
                dt { (tr("about-hotlines-name")) } dd { (tr("about-hotlines-detail")) }
                dt { (tr("about-hifld-name")) } dd { (tr("about-hifld-detail")) }
                dt { (tr("about-cms-name")) } dd { (tr("about-cms-detail")) }
                dt { (tr("about-hsds-name")) } dd { (tr("about-hsds-detail")) }
                dt { (tr("about-gazetteer-name")) }
                dd {
                    ul {
                        @for a in search::gazetteer::Gazetteer::attribution() { li lang="en" { (a) } }
                    }
                }
                dt { (tr("about-atlas-name")) } dd { (tr("about-atlas-detail")) }
            }
        }
        section {
            h2 { (tr("about-verify-heading")) }
            p { (tr("about-verify-what")) }
            p { (tr("about-verify-caution")) }
        }
        section {
            h2 { (tr("about-privacy-heading")) }
            p { (tr("about-privacy-what")) }
        }
        section {
            h2 { (tr("about-software-heading")) }
            p { (tr("about-software-what")) }
        }
    };
    render(&state, &lang, Page::new(tr("about-title"), body))
}
