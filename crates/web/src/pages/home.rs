//! Home: two doors ("I'm worried about someone", "I need help"), the hotlines in one tap, and
//! the nearest hospital one action away.

use crate::directory::{dial, s};
use crate::layout::{render, t, Lang, Page};
use crate::pages::hotlines;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use maud::html;
use std::sync::Arc;

/// `GET /`.
pub async fn page(State(state): State<Arc<AppState>>, lang: Lang) -> Response {
    let lines = hotlines::load(&state).await.unwrap_or_default();
    let tr = |k: &str| t(&state, &lang, k);
    let mut page = Page::new(
        tr("home-title"),
        html! {
            p class="lead" { (tr("home-lead")) }
            div class="doors" {
                a class="door" href=(lang.href("/guide")) {
                    strong { (tr("home-door-worried")) }
                    span { (tr("home-door-worried-detail")) }
                }
                a class="door" href=(lang.href("/find")) {
                    strong { (tr("home-door-help")) }
                    span { (tr("home-door-help-detail")) }
                }
            }
            section aria-labelledby="home-hotlines" {
                h2 id="home-hotlines" { (tr("home-hotlines-heading")) }
                ul class="quick-lines" {
                    @for d in lines.iter().filter(|d| !d.phones.is_empty()).take(4) {
                        @let voice = d.phones.iter().find(|p| s(p, "type") == "voice" || s(p, "type").is_empty());
                        @if let Some(p) = voice {
                            li {
                                a class="action" href={ "tel:" (dial(s(p, "number"))) } {
                                    span lang="en" { (s(&d.service, "name")) @if let Some(a) = crate::directory::away_area(d, &state.config.home_region) { " (" (a) ")" } } ": " (s(p, "number"))
                                }
                            }
                        }
                    }
                }
                p { a href=(lang.href("/hotlines")) { (tr("home-all-hotlines")) } }
            }
            section aria-labelledby="home-hospital" {
                h2 id="home-hospital" { (tr("hospital-title")) }
                form method="get" action=(lang.href("/hospital")) class="inline" {
                    label for="home-near" { (tr("find-near-label")) }
                    input id="home-near" name="near" type="text" autocomplete="postal-code";
                    button type="submit" { (tr("hospital-submit")) }
                }
            }
            section aria-labelledby="home-more" {
                h2 id="home-more" { (tr("home-more-heading")) }
                ul {
                    li { a href=(lang.href("/learn")) { (tr("nav-learn")) } }
                    li { a href=(lang.href("/card")) { (tr("nav-card")) } }
                    li { a href=(lang.href("/safety")) { (tr("nav-safety")) } }
                }
            }
        },
    );
    page.heading = true;
    render(&state, &lang, page)
}
