//! haven's web app: the public pages (server-rendered HTML that works without JavaScript, in
//! every shipped language) and the HSDS API, on the store and the live search index; with
//! `/healthz` (alive), `/readyz` (should get traffic) and a server loop that drains open
//! requests on SIGTERM or Ctrl-C.

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
/// The /find page's form as parsed from a query string (for the query-parameter fuzz target).
pub use pages::find::Form as FindForm;
/// Which hotlines a screen shows (home country, 911 apart, other countries), shared with the
/// terminal guide so both show the same lines.
pub use pages::hotlines;
pub use state::{AppState, Config, IndexSlot, Limits, Readiness, DEFAULT_EXIT_URL};

use axum::extract::{ConnectInfo, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
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
        .route("/about/trust", get(pages::trust::page))
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
        .route("/healthz", get(health))
        .route("/readyz", get(readyz))
        .route("/api/", api::root())
        .nest("/api", api::router())
        .fallback(pages::not_found)
        .route_layer(axum::middleware::from_fn_with_state(log_on, security::log))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            until_built,
        ))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Seconds a client is asked to wait while the first index is built.
const STARTING_RETRY: &str = "5";

/// Until the first index is built, everything but `/healthz`, `/readyz` and the assets answers
/// 503 with `Retry-After` (a problem document under `/api`, a short page with the quick exit
/// elsewhere): an empty index would answer "no help found", which is worse than "one moment".
async fn until_built(
    State(state): State<Arc<AppState>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    if state.index.is_built()
        || path == "/healthz"
        || path == "/readyz"
        || path.starts_with("/assets/")
    {
        return next.run(req).await;
    }
    let mut res = if path == "/api" || path.starts_with("/api/") {
        api::problem::Problem {
            kind: "/api/docs#problem-unavailable".to_string(),
            title: "Unavailable".to_string(),
            status: 503,
            detail: "haven is starting: the directory is being loaded; try again in a few \
                     seconds"
                .to_string(),
            parameter: None,
        }
        .into_response()
    } else {
        let page = maud::html! {
            (maud::DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta http-equiv="refresh" content=(STARTING_RETRY);
                    title { "One moment" }
                }
                body { main {
                    h1 { "One moment" }
                    p { "The directory is loading. This page tries again in a few seconds." }
                    p { a href=(state.config.exit_url) { "Quick exit" } }
                } }
            }
        };
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page.into_string(),
        )
            .into_response()
    };
    res.headers_mut().insert(
        header::RETRY_AFTER,
        header::HeaderValue::from_static(STARTING_RETRY),
    );
    res
}

/// A plain-text answer for the health endpoints.
fn plain(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// `GET /readyz`: whether a load balancer should send this instance traffic: 200 once the
/// search index is built and at the store's change sequence, else 503 with the reason (and
/// `Retry-After` while the first index is built).
async fn readyz(State(state): State<Arc<AppState>>) -> Response {
    let st = state.clone();
    let r = tokio::task::spawn_blocking(move || st.readiness())
        .await
        .unwrap_or_else(|e| Readiness::Unavailable(format!("the check failed: {e}")));
    let not = StatusCode::SERVICE_UNAVAILABLE;
    match r {
        Readiness::Ready { seq } => plain(StatusCode::OK, format!("ready (change {seq})\n")),
        Readiness::Building => {
            let mut res = plain(not, "not ready: building the search index\n".to_string());
            res.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from_static(STARTING_RETRY),
            );
            res
        }
        Readiness::Behind {
            index,
            store,
            since,
        } => plain(
            not,
            format!(
                "not ready: the search index is at change {index}, the store at {store}, \
                 behind for {:.0} s\n",
                since.as_secs_f64()
            ),
        ),
        Readiness::Unavailable(why) => plain(not, format!("not ready: {why}\n")),
    }
}

/// `GET /healthz`: liveness for a supervisor: 200 while the process can serve (also while the
/// first index is built, see `/readyz`); 503 with the reason when the store file was deleted
/// or replaced while serving, which only a restart mends.
async fn health(State(state): State<Arc<AppState>>) -> Response {
    let (status, text) = match state.unhealthy() {
        Some(why) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {why}\n"),
        ),
        None if state.read_only() => (StatusCode::OK, "ok (read-only store)\n".to_string()),
        None => (StatusCode::OK, "ok\n".to_string()),
    };
    plain(status, text)
}

/// What a connection past the cap gets before it is closed.
const BUSY: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
retry-after: 5\r\ncache-control: no-store\r\nconnection: close\r\ncontent-length: 48\r\n\r\n\
The site is busy. Please try again in a moment.\n";

/// Milliseconds since the process's first connection, for cheap activity stamps.
fn now_ms() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// A socket that remembers when a byte last moved either way.
struct Watched {
    io: tokio::net::TcpStream,
    last: Arc<AtomicU64>,
}

impl Watched {
    fn touch(&self) {
        self.last.store(now_ms(), Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let me = self.get_mut();
        let before = buf.filled().len();
        let r = Pin::new(&mut me.io).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            me.touch();
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let me = self.get_mut();
        let r = Pin::new(&mut me.io).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            me.touch();
        }
        r
    }
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let me = self.get_mut();
        let r = Pin::new(&mut me.io).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            me.touch();
        }
        r
    }
    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// Serve the app on a bound listener until the process is stopped (Ctrl-C or SIGTERM), within
/// the configured [`Limits`]: headers must arrive within `header_timeout`, a connection where
/// nothing moves for `idle_timeout` is closed, and past `max_connections` a new connection gets
/// a short 503 and is closed (the open ones keep being served).
///
/// On the signal it stops accepting (the listening socket is closed, so a load balancer's next
/// connection goes elsewhere), closes idle keep-alive connections, lets requests being answered
/// finish for up to `drain_timeout`, and returns. A second signal returns at once.
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<AppState>) -> std::io::Result<()> {
    serve_until(listener, state, shutdown()).await
}

/// [`serve`] until `stop` resolves instead of until a signal (tests, embedding).
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let local = listener.local_addr()?;
    state.set_listen_addr(local);
    if let Some(o) = state.fixed_origin() {
        if state.config.exit_is_on(&o) {
            return Err(std::io::Error::other(format!(
                "--exit-url: \"{}\" is on this site's own origin ({o}); the quick exit must \
                 leave it",
                state.config.exit_url
            )));
        }
    }
    state.spawn_refresher();
    let limits = state.config.limits.clone();
    let app = router(state.clone());
    let max = limits.max_connections.max(1);
    let slots = Arc::new(tokio::sync::Semaphore::new(max));
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::pin!(stop);
    let mut last_busy_log: Option<Instant> = None;
    loop {
        let (sock, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors (or a connection reset before accept): wait a
                    // little instead of spinning; open connections keep being served.
                    if e.raw_os_error() == Some(libc::EMFILE) || e.raw_os_error() == Some(libc::ENFILE) {
                        eprintln!("haven: out of file descriptors; not accepting for 100 ms");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            let _ = sock.try_write(BUSY);
            if last_busy_log.is_none_or(|t| t.elapsed() >= Duration::from_secs(60)) {
                last_busy_log = Some(Instant::now());
                eprintln!("haven: {max} connections open (the cap); refusing new ones with 503");
            }
            continue;
        };
        let _ = sock.set_nodelay(true);
        let last = Arc::new(AtomicU64::new(now_ms()));
        let io = Watched {
            io: sock,
            last: last.clone(),
        };
        let app = app.clone();
        let svc = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
            let mut req = req.map(axum::body::Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            tower::ServiceExt::oneshot(app.clone(), req)
        });
        let mut stop_rx = stop_rx.clone();
        let limits = limits.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut b = hyper::server::conn::http1::Builder::new();
            b.timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .keep_alive(true);
            let conn = b.serve_connection(TokioIo::new(io), svc);
            tokio::pin!(conn);
            let idle_ms = u64::try_from(limits.idle_timeout.as_millis()).unwrap_or(u64::MAX);
            let mut stopping = false;
            loop {
                let idle = now_ms().saturating_sub(last.load(Ordering::Relaxed));
                let left = Duration::from_millis(idle_ms.saturating_sub(idle).max(20));
                tokio::select! {
                    _ = conn.as_mut() => break,
                    _ = tokio::time::sleep(left) => {
                        let idle = now_ms().saturating_sub(last.load(Ordering::Relaxed));
                        if idle >= idle_ms {
                            break; // dropping the connection closes the socket
                        }
                    }
                    _ = stop_rx.changed(), if !stopping => {
                        stopping = true;
                        conn.as_mut().graceful_shutdown();
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let open = max - slots.available_permits();
    let drain = limits.drain_timeout;
    if open > 0 {
        eprintln!(
            "haven: stopping: no new connections; finishing {open} open (at most {:.0} s)",
            drain.as_secs_f64()
        );
    }
    // Let requests being answered finish, for a while; a second signal cuts it short.
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let drained = tokio::select! {
        r = tokio::time::timeout(drain, slots.acquire_many(all)) => r.is_ok(),
        _ = shutdown() => false,
    };
    let left = max - slots.available_permits();
    if drained || left == 0 {
        eprintln!("haven: stopped");
    } else {
        eprintln!("haven: stopped with {left} connections still open (cut off)");
    }
    Ok(())
}

/// The peer address of a request, when it came through [`serve`].
pub fn peer_of(parts: &axum::http::request::Parts) -> Option<SocketAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    /// (status, retry-after, content-type, body) of one GET through the whole app.
    async fn fetch(app: &Router, path: &str) -> (u16, String, String, String) {
        let req = Request::get(path).body(Body::empty()).expect("request");
        let res = app.clone().oneshot(req).await.expect("response");
        let h = |n: header::HeaderName| {
            res.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let (status, retry, kind) = (
            res.status().as_u16(),
            h(header::RETRY_AFTER),
            h(header::CONTENT_TYPE),
        );
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .expect("body");
        (
            status,
            retry,
            kind,
            String::from_utf8_lossy(&body).into_owned(),
        )
    }

    #[test]
    fn until_the_first_index_is_built_only_health_readiness_and_assets_answer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite:{}", dir.path().join("h.sqlite").display());
        let config = Config {
            log_requests: false,
            exit_url: "https://weather.example/today?a=1&b=2".to_string(),
            ..Config::default()
        };
        let state = Arc::new(AppState::open_deferred(config, &url).expect("open"));
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let app = router(state.clone());
        rt.block_on(async {
            let (status, retry, kind, body) = fetch(&app, "/find?near=10001").await;
            assert_eq!((status, retry.as_str()), (503, STARTING_RETRY));
            assert!(kind.starts_with("text/html"), "{kind}");
            assert!(
                body.contains("href=\"https://weather.example/today?a=1&amp;b=2\""),
                "the quick exit is on the page, escaped: {body}"
            );
            let (status, retry, kind, body) = fetch(&app, "/api/services").await;
            assert_eq!((status, retry.as_str()), (503, STARTING_RETRY));
            assert_eq!(kind, api::problem::PROBLEM_JSON);
            assert!(body.contains("\"status\":503"), "{body}");
            assert_eq!(fetch(&app, "/es/hotlines").await.0, 503);
            assert_eq!(fetch(&app, "/healthz").await.0, 200);
            assert_eq!(fetch(&app, &assets::url("site.css")).await.0, 200);
            let (status, retry, _, body) = fetch(&app, "/readyz").await;
            assert_eq!((status, retry.as_str()), (503, STARTING_RETRY));
            assert_eq!(body, "not ready: building the search index\n");
        });
        assert_eq!(state.readiness(), Readiness::Building);
        state.build_index().expect("build");
        assert_eq!(state.readiness(), Readiness::Ready { seq: 0 });
        rt.block_on(async {
            assert_eq!(fetch(&app, "/find").await.0, 200);
            assert_eq!(fetch(&app, "/api/services").await.0, 200);
            let (status, retry, _, body) = fetch(&app, "/readyz").await;
            assert_eq!((status, retry.as_str()), (200, ""));
            assert_eq!(body, "ready (change 0)\n");
        });
        // wait_ready resolves once built (it would hang before).
        rt.block_on(async {
            tokio::time::timeout(Duration::from_secs(5), state.wait_ready())
                .await
                .expect("ready");
        });
    }
}
