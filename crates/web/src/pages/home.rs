//! Home: two doors ("I'm worried about someone", "I need help"), the home country's hotlines
//! (call and text) in one tap, and the nearest hospital one action away.

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
    let split = hotlines::Lines::split(&lines, &state.config.home_region);
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
                (hotlines::quick_lines(&state, &lang, &split.home.iter().take(4).copied().collect::<Vec<_>>()))
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
