//! The headers every response carries, and the request log that says nothing about anyone.

use axum::body::Body;
use axum::extract::{MatchedPath, State};
use axum::http::{header, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::Instant;

/// No inline script or style, nothing from another origin, no framing, forms only to us.
pub const CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     media-src 'self'; connect-src 'self'; font-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'; manifest-src 'self'";

/// Add the security headers; pages that did not choose a cache policy get `no-store`.
pub async fn headers(req: Request<Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        header::HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    set(
        h,
        header::HeaderName::from_static("permissions-policy"),
        "geolocation=(self), camera=(), microphone=(), interest-cohort=()",
    );
    h.remove(header::SET_COOKIE);
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}

/// One line per request: method, the route's pattern (`/services/{id}`, never the id), status,
/// milliseconds. No address, no query string, no user agent: nothing that tells who looked
/// for what.
pub async fn log(State(on): State<Arc<bool>>, req: Request<Body>, next: Next) -> Response {
    if !*on {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "(unmatched)".to_string());
    let t = Instant::now();
    let res = next.run(req).await;
    eprintln!(
        "haven: {method} {route} {} {:.1}ms",
        res.status().as_u16(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    res
}
