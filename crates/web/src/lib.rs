//! haven's web app: the public pages (server-rendered HTML that works without JavaScript, in
//! every shipped language) and the HSDS API, on the store and the live search index.

pub mod api;
pub mod assets;
mod atlas;
pub mod directory;
mod error;
pub mod layout;
mod pages;
pub mod security;
mod state;

pub use error::WebError;
/// Which hotlines a screen shows (home country, 911 apart, other countries), shared with the
/// terminal guide so both show the same lines.
pub use pages::hotlines;
pub use state::{AppState, Config, DEFAULT_EXIT_URL};

use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;

/// The public pages, the same set under `/`, `/en` and `/es` (and any locale added later).
fn pages() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(pages::home::page))
        .route("/find", get(pages::find::page))
        .route("/services/{id}", get(pages::service::page))
        .route("/hotlines", get(pages::hotlines::page))
        .route("/hospital", get(pages::hospital::page))
        .route("/card", get(pages::card::page))
        .route("/safety", get(pages::info::safety))
        .route("/about", get(pages::info::about))
        .route("/guide", get(pages::guide::start))
        .route("/guide/{step}", get(pages::guide::step))
        .route("/learn", get(pages::learn::index))
        .route("/learn/feed.atom", get(pages::learn::feed))
        .route("/learn/tags/{tag}", get(pages::learn::tag))
        .route("/learn/media/{file}", get(pages::learn::media))
        .route("/learn/{slug}", get(pages::learn::article))
}

/// The whole app: pages in every locale, assets, the API, security headers, compression.
pub fn router(state: Arc<AppState>) -> Router {
    let mut app = pages();
    for l in state.catalog.locales() {
        app = app
            .nest(&format!("/{}", l.code), pages())
            .route(&format!("/{}/", l.code), get(pages::home::page));
    }
    let log_on = Arc::new(state.config.log_requests);
    app.route("/assets/{file}", get(assets::serve))
        .route("/api/", api::root())
        .nest("/api", api::router())
        .fallback(pages::not_found)
        .route_layer(axum::middleware::from_fn_with_state(log_on, security::log))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Serve the app on a bound listener until the process is stopped (Ctrl-C or SIGTERM).
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<AppState>) -> std::io::Result<()> {
    state.spawn_refresher();
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown())
        .await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
