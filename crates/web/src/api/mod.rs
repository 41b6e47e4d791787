//! The HSDS 3.0 API under `/api`: the official endpoints and parameters with the paginated
//! envelope, NDJSON streaming, full/minimal forms, incremental sync by `modified_after`, and
//! haven's search extensions (`lat`, `lon`, `radius_km`, `language`, `open_now`, `open_at`,
//! `free`, `distance_km`) answered by the same index as the web pages.
//!
//! HTTP: weak `ETag`s with `If-None-Match` (304), `Cache-Control: public`, CORS for `GET`,
//! errors as RFC 9457 problem details. The OpenAPI 3.1 document is generated from the handlers'
//! annotations (utoipa) with the official HSDS schemas as its components, and rendered as
//! the human-readable page at `/api/docs`. `docs/api.md` explains all of it.

pub mod cache;
mod docs;
pub mod export;
mod handlers;
pub mod nest;
pub mod openapi;
pub mod params;
pub mod problem;
pub mod records;
pub mod select;
pub mod splice;
pub mod translate;

use crate::AppState;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use problem::Problem;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;

/// How long clients and shared caches may reuse a data response without asking again.
pub const CACHE_CONTROL: &str = "public, max-age=60";
/// Searches (a place, a postcode, words, a language...) say what someone looked for: no cache
/// keeps them, shared or private.
pub const PRIVATE_CACHE_CONTROL: &str = "private, no-store";
/// How long the OpenAPI document and the docs page may be reused.
pub const DOCS_CACHE_CONTROL: &str = "public, max-age=300";
/// The NDJSON media type.
pub const NDJSON: &str = "application/x-ndjson";

/// What the API's handlers share across requests (one per app, in its state).
pub struct Shared {
    /// Stored records list pages read recently.
    pub records: records::Records,
    /// At most this many API requests read the store at once: more only queue on the same
    /// cores, and each one past the store's pool of kept connections would open (and then
    /// close) a connection of its own, with a cold page cache.
    pub gate: tokio::sync::Semaphore,
}

/// Store work of the API at once: twice the cores (reads wait a little on the disk), at most
/// the 8 connections the store pool keeps.
fn gate_permits() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .saturating_mul(2)
        .clamp(2, 8)
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            records: records::Records::default(),
            gate: tokio::sync::Semaphore::new(gate_permits()),
        }
    }
}

/// The routes with their OpenAPI operations (one list, so the document and the router agree).
fn routes() -> OpenApiRouter<Arc<AppState>> {
    use utoipa_axum::routes;
    OpenApiRouter::new()
        .routes(routes!(handlers::api_info))
        .routes(routes!(handlers::list_services))
        .routes(routes!(handlers::get_service))
        .routes(routes!(handlers::list_organizations))
        .routes(routes!(handlers::get_organization))
        .routes(routes!(handlers::list_taxonomies))
        .routes(routes!(handlers::get_taxonomy))
        .routes(routes!(handlers::list_taxonomy_terms))
        .routes(routes!(handlers::get_taxonomy_term))
        .routes(routes!(handlers::list_service_at_locations))
        .routes(routes!(handlers::get_service_at_location))
}

/// The API's routes, nested at `/api`.
pub fn router() -> Router<Arc<AppState>> {
    let (router, _) = routes().split_for_parts();
    router
        .route("/openapi.json", axum::routing::get(openapi_json))
        .route("/docs", axum::routing::get(docs::page))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(cors))
}

/// `GET /api/` (with the slash, as the spec's server-relative `/` reads): the same answer as
/// `/api`. Nesting matches `/api` only, so the app routes this one path itself.
pub fn root() -> axum::routing::MethodRouter<Arc<AppState>> {
    axum::routing::get(handlers::api_info).layer(axum::middleware::from_fn(cors))
}

/// The generated document before haven completes it (see [`openapi::document`]).
pub(crate) fn generated() -> utoipa::openapi::OpenApi {
    routes().into_openapi()
}

async fn openapi_json(headers: HeaderMap) -> Response {
    json_bytes(
        &headers,
        openapi::document_bytes().to_vec(),
        "application/json",
        DOCS_CACHE_CONTROL,
    )
}

async fn not_found(req: Request) -> Response {
    Problem::no_such_endpoint(&format!("/api{}", req.uri().path())).into_response()
}

/// CORS for a read-only public API: any origin may `GET`; preflights are answered here. A
/// method the API does not have becomes a problem document rather than an empty 405.
async fn cors(req: Request, next: Next) -> Response {
    let preflight = req.method() == Method::OPTIONS;
    let mut res = if preflight {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, HEAD, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Accept, Accept-Encoding, If-None-Match, Content-Type"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=86400"),
        );
        r
    } else {
        let r = next.run(req).await;
        if r.status() == StatusCode::METHOD_NOT_ALLOWED {
            Problem::method_not_allowed().into_response()
        } else {
            r
        }
    };
    let h = res.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("ETag, Content-Type"),
    );
    res
}

/// A weak entity tag for a response body (weak: compression changes the bytes, not the meaning).
pub fn etag_of(body: &[u8]) -> String {
    let mut a = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut a);
    let mut b = std::collections::hash_map::DefaultHasher::new();
    (body.len(), 0x9e37_79b9_u32).hash(&mut b);
    body.hash(&mut b);
    format!("W/\"{:016x}{:016x}\"", a.finish(), b.finish())
}

/// Whether an `If-None-Match` header matches this tag (weak comparison, `*` matches anything).
fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    let strip = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let mine = strip(etag);
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || strip(t) == mine)
}

/// A complete body with its ETag and cache policy, or 304 when the client has it already.
pub fn json_bytes(
    headers: &HeaderMap,
    body: Vec<u8>,
    content_type: &'static str,
    cache: &'static str,
) -> Response {
    let etag = etag_of(&body);
    respond(headers, Bytes::from(body), &etag, content_type, cache)
}

/// Like [`json_bytes`], for a body whose tag is known already (from the response cache).
pub fn respond(
    headers: &HeaderMap,
    body: Bytes,
    etag: &str,
    content_type: &'static str,
    cache: &'static str,
) -> Response {
    let tag = HeaderValue::from_str(etag).unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
    let mut res = if not_modified(headers, etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Body::from(body).into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        r
    };
    let h = res.headers_mut();
    h.insert(header::ETAG, tag);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    res
}
