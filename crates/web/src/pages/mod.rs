//! The public pages, one module per page.

pub mod card;
pub mod find;
pub mod guide;
pub mod home;
pub mod hospital;
pub mod hotlines;
pub mod info;
pub mod learn;
pub mod map;
pub mod service;
pub mod trust;

use crate::layout::{error_page, t, Lang};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use std::sync::Arc;

/// Any address we do not serve: a page in the right language that points somewhere useful.
pub async fn not_found(State(state): State<Arc<AppState>>, lang: Lang) -> Response {
    let msg = t(&state, &lang, "error-not-found");
    error_page(&state, &lang, StatusCode::NOT_FOUND, &msg)
}
