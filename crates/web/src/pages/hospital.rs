//! The hospital page.

use crate::layout::{render, t, Lang, Page};
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use maud::html;
use std::sync::Arc;

/// `GET /hospital`.
pub async fn page(State(state): State<Arc<AppState>>, lang: Lang) -> Response {
    let body = html! { p { "todo" } };
    render(
        &state,
        &lang,
        Page::new(t(&state, &lang, "site-name"), body),
    )
}
