//! The information pages: staying safe online, and about the data.

use crate::layout::{render, t, Lang, Page};
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use maud::html;
use std::sync::Arc;

/// `GET /safety`.
pub async fn safety(State(state): State<Arc<AppState>>, lang: Lang) -> Response {
    let body = html! { p { "todo" } };
    render(
        &state,
        &lang,
        Page::new(t(&state, &lang, "safety-title"), body),
    )
}

/// `GET /about`.
pub async fn about(State(state): State<Arc<AppState>>, lang: Lang) -> Response {
    let body = html! { p { "todo" } };
    render(
        &state,
        &lang,
        Page::new(t(&state, &lang, "about-title"), body),
    )
}
