//! The HSDS 3.0 API under `/api`.

use crate::AppState;
use axum::Router;
use std::sync::Arc;

/// The API's routes, nested at `/api`.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
}
