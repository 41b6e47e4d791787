//! The page shell every public page shares: the quick exit first, a way to the hotlines in one
//! tap, the language switcher, and the security-minded defaults (no inline script, no third
//! party). Pages hand it their title and body.

use crate::{assets, AppState};
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fluent_bundle::FluentValue;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::convert::Infallible;
use std::sync::Arc;

/// The locale of a request: from the URL prefix (`/es/...`, `/en/...`), else `Accept-Language`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lang {
    /// The locale code (`en`, `es`).
    pub code: String,
    /// Whether the URL named it (links then keep the prefix); else it was negotiated.
    pub explicit: bool,
    /// Right-to-left script.
    pub rtl: bool,
    /// The request path without the locale prefix (`/find`), for the switcher.
    pub rest: String,
    /// The request's query string, if any (kept when switching language).
    pub query: Option<String>,
}

impl Lang {
    /// A link to one of our pages in this request's language.
    pub fn href(&self, path: &str) -> String {
        if self.explicit {
            if path == "/" {
                format!("/{}/", self.code)
            } else {
                format!("/{}{}", self.code, path)
            }
        } else {
            path.to_string()
        }
    }

    /// The same page in another locale, with only the parameters some page reads (anything
    /// else in the address is not carried into links).
    pub fn switch_to(&self, code: &str) -> String {
        let path = if self.rest == "/" {
            format!("/{code}/")
        } else {
            format!("/{code}{}", self.rest)
        };
        let pairs: Vec<(String, String)> = self
            .query
            .as_deref()
            .and_then(|q| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default();
        let kept: Vec<&(String, String)> = pairs
            .iter()
            .filter(|(k, _)| PAGE_PARAMS.contains(&k.as_str()))
            .collect();
        match serde_urlencoded::to_string(&kept) {
            Ok(q) if !q.is_empty() => format!("{path}?{q}"),
            _ => path,
        }
    }

    /// Whether the address carries a query (a search, a trail, picked lines): such a page says
    /// something about the person, so no cache keeps it.
    pub fn has_query(&self) -> bool {
        self.query.as_deref().is_some_and(|q| !q.is_empty())
    }
}

/// Every query parameter a public page reads; the language switcher carries only these.
pub const PAGE_PARAMS: &[&str] = &[
    "near", "lat", "lon", "q", "type", "taxonomy", "radius", "language", "free", "open_now",
    "limit", "line", "neutral", "trail",
];

impl FromRequestParts<Arc<AppState>> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map(|o| o.0.clone())
            .unwrap_or_else(|| parts.uri.clone());
        // `//es/find` is `/es/find`: repeated leading slashes would make the switcher link
        // to `/en//es/find`.
        let path = format!("/{}", uri.path().trim_start_matches('/'));
        let path = path.as_str();
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        let cat = state.catalog;
        let (code, explicit, rest) = match cat.locale(first) {
            Some(l) => {
                let rest = &path[1 + first.len()..];
                (
                    l.code.clone(),
                    true,
                    if rest.is_empty() {
                        "/".to_string()
                    } else {
                        rest.to_string()
                    },
                )
            }
            None => {
                let al = parts
                    .headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                (cat.negotiate(al).to_string(), false, path.to_string())
            }
        };
        let rtl = cat.locale(&code).is_some_and(|l| l.rtl);
        Ok(Lang {
            code,
            explicit,
            rtl,
            rest,
            query: uri.query().map(str::to_string),
        })
    }
}

/// How a page may be cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// The same for everyone (guide, hotlines, articles): shared caches may keep it briefly.
    Public,
    /// Says what someone looked for (search results, a service page): no cache keeps it.
    Private,
}

/// One page to render.
pub struct Page {
    /// The `<title>` and the `<h1>` (pages may add their own heading instead: see `heading`).
    pub title: String,
    /// Whether the shell prints the title as the `<h1>`.
    pub heading: bool,
    /// The main content.
    pub body: Markup,
    /// Cache policy.
    pub cache: Cache,
    /// The response status (400 for a form with mistakes, 404...).
    pub status: StatusCode,
    /// Extra scripts of ours (logical asset names), loaded deferred.
    pub scripts: Vec<&'static str>,
    /// Extra stylesheets of ours (logical asset names).
    pub styles: Vec<&'static str>,
}

impl Page {
    /// A page with the usual defaults: public, 200, the title as heading.
    pub fn new(title: impl Into<String>, body: Markup) -> Page {
        Page {
            title: title.into(),
            heading: true,
            body,
            cache: Cache::Public,
            status: StatusCode::OK,
            scripts: Vec::new(),
            styles: Vec::new(),
        }
    }

    /// Mark as private (search results, service pages).
    pub fn private(mut self) -> Page {
        self.cache = Cache::Private;
        self
    }

    /// Set the status.
    pub fn status(mut self, s: StatusCode) -> Page {
        self.status = s;
        self
    }
}

/// Translate a message for this request.
pub fn t(state: &AppState, lang: &Lang, id: &str) -> String {
    state.catalog.msg(&lang.code, id)
}

/// Translate with arguments.
pub fn tf(state: &AppState, lang: &Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    state.catalog.fmt(&lang.code, id, args)
}

/// Render a page in the shell.
pub fn render(state: &AppState, lang: &Lang, page: Page) -> Response {
    let tr = |id: &str| t(state, lang, id);
    let dir = if lang.rtl { "rtl" } else { "ltr" };
    let doc = html! {
        (DOCTYPE)
        html lang=(lang.code) dir=(dir) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (page.title) " · " (tr("site-name")) }
                link rel="icon" href="data:,";
                link rel="stylesheet" href=(assets::url("site.css"));
                link rel="stylesheet" href=(assets::url("print.css")) media="print";
                @for s in &page.styles { link rel="stylesheet" href=(assets::url(s)); }
                script src=(assets::url("exit.js")) defer {}
                script src=(assets::url("find.js")) defer {}
                @for s in &page.scripts { script src=(assets::url(s)) defer {} }
                @for l in state.catalog.locales() {
                    link rel="alternate" hreflang=(l.code) href=(lang.switch_to(&l.code));
                }
            }
            body {
                a id="quick-exit" class="quick-exit" href=(state.config.exit_url) rel="noreferrer"
                    aria-describedby="quick-exit-help" {
                    (tr("quick-exit"))
                }
                p id="quick-exit-help" class="visually-hidden" { (tr("quick-exit-help")) }
                a class="skip" href="#main" { (tr("skip-to-content")) }
                header class="site" {
                    a class="brand" href=(lang.href("/")) { (tr("site-name")) }
                    nav aria-label=(tr("nav-label")) {
                        ul {
                            li { a href=(lang.href("/find")) { (tr("nav-find")) } }
                            li { a class="call" href=(lang.href("/hotlines")) { (tr("nav-hotlines")) } }
                            li { a href=(lang.href("/guide")) { (tr("nav-guide")) } }
                            li { a href=(lang.href("/learn")) { (tr("nav-learn")) } }
                            li { a href=(lang.href("/safety")) { (tr("nav-safety")) } }
                        }
                    }
                    nav class="langs" aria-label=(tr("lang-label")) {
                        ul {
                            @for l in state.catalog.locales() {
                                li {
                                    @if l.code == lang.code {
                                        span aria-current="true" lang=(l.code) { (l.name) }
                                    } @else {
                                        a href=(lang.switch_to(&l.code)) lang=(l.code) hreflang=(l.code) { (l.name) }
                                    }
                                }
                            }
                        }
                    }
                }
                main id="main" tabindex="-1" {
                    @if page.heading { h1 { (page.title) } }
                    (page.body)
                }
                footer class="site" {
                    p class="emergency" { (PreEscaped(tr("footer-emergency-html"))) }
                    ul {
                        li { a href=(lang.href("/hotlines")) { (tr("nav-hotlines")) } }
                        li { a href=(lang.href("/card")) { (tr("nav-card")) } }
                        li { a href=(lang.href("/safety")) { (tr("nav-safety")) } }
                        li { a href=(lang.href("/about")) { (tr("nav-about")) } }
                    }
                    p { (tr("footer-privacy")) }
                }
            }
        }
    };
    let cache = match page.cache {
        Cache::Public if !lang.has_query() => "public, max-age=300",
        _ => "private, no-store",
    };
    let mut res = (page.status, doc.into_string()).into_response();
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if !lang.explicit {
        h.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    }
    res
}

/// A page that says what went wrong, in the request's language, with the right status.
pub fn error_page(state: &AppState, lang: &Lang, status: StatusCode, message: &str) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => t(state, lang, "error-not-found-title"),
        StatusCode::BAD_REQUEST => t(state, lang, "error-bad-request-title"),
        _ => t(state, lang, "error-server-title"),
    };
    let body = html! {
        p { (message) }
        p { a href=(lang.href("/")) { (t(state, lang, "error-home")) } }
        p { a href=(lang.href("/hotlines")) { (t(state, lang, "nav-hotlines")) } }
    };
    render(state, lang, Page::new(title, body).private().status(status))
}

/// The words schedules are described in for this request's language (English where a message
/// is missing), so "Mon-Fri 9:00-17:00" reads "lun-vie 9:00-17:00" on a Spanish page.
pub fn hours_words(state: &AppState, lang: &Lang) -> search::hours::Words {
    let en = search::hours::Words::english();
    let get = |id: &str, fallback: &str| {
        state
            .catalog
            .try_fmt(&lang.code, id, &[])
            .unwrap_or_else(|| fallback.to_string())
    };
    let day_ids = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let ord_ids = ["1", "2", "3", "4", "5"];
    // Fluent placeholders are written `{ $n }` in the files; the hours templates use `{n}`.
    let templ = |id: &str, fallback: &str| {
        let raw = state.catalog.try_fmt(
            &lang.code,
            id,
            &[
                ("n", "{n}".into()),
                ("time", "{time}".into()),
                ("days", "{days}".into()),
                ("what", "{what}".into()),
                ("from", "{from}".into()),
                ("to", "{to}".into()),
                ("date", "{date}".into()),
                ("ord", "{ord}".into()),
            ],
        );
        raw.unwrap_or_else(|| fallback.to_string())
    };
    search::hours::Words {
        days: std::array::from_fn(|i| get(&format!("hours-day-{}", day_ids[i]), &en.days[i])),
        every_day: get("hours-every-day", &en.every_day),
        hours_24: get("hours-24", &en.hours_24),
        hours_24_from: templ("hours-24-from", &en.hours_24_from),
        every_other_week: format!(
            "{} ",
            get("hours-every-other-week", en.every_other_week.trim_end())
        ),
        every_n_weeks: format!(
            "{} ",
            templ("hours-every-n-weeks", en.every_n_weeks.trim_end())
        ),
        every_n_days: templ("hours-every-n-days", &en.every_n_days),
        every_weekdays: templ("hours-every-weekdays", &en.every_weekdays),
        ordinals: std::array::from_fn(|i| {
            get(&format!("hours-ordinal-{}", ord_ids[i]), &en.ordinals[i])
        }),
        nth: templ("hours-ordinal-n", &en.nth),
        last: get("hours-last", &en.last),
        from_last: templ("hours-from-last", &en.from_last),
        and: format!(" {} ", get("hours-and", en.and.trim())),
        day_n: templ("hours-day-n", &en.day_n),
        day_from_end: templ("hours-day-from-end", &en.day_from_end),
        of_the_month: templ("hours-of-the-month", &en.of_the_month),
        of_every_n_months: templ("hours-of-every-n-months", &en.of_every_n_months),
        from_to: templ("hours-from-to", &en.from_to),
        from: templ("hours-from", &en.from),
        until: templ("hours-until", &en.until),
        closed: get("hours-closed", &en.closed),
        unknown: get("status-unknown", &en.unknown),
    }
}

/// The site's own origin for absolute URLs (the card's QR code, the feed, share links, the API
/// root): the configured public origin; else, from a configured proxy only, what it forwards
/// (`X-Forwarded-Proto`, `X-Forwarded-Host`); else the address haven listens on when it is a
/// specific one; else nothing, and links stay relative. A client's own `Host` is never used,
/// so no request can point a cached page somewhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteOrigin {
    /// `https://host[:port]`, or empty when links must stay relative.
    pub base: String,
    /// Whether it came from a proxy's forwarded headers (responses then vary by them).
    pub forwarded: bool,
}

impl SiteOrigin {
    /// Whether absolute URLs can be made.
    pub fn is_known(&self) -> bool {
        !self.base.is_empty()
    }

    /// Say which request headers the response depended on (for shared caches).
    pub fn vary(&self, res: &mut Response) {
        if self.forwarded {
            res.headers_mut().append(
                header::VARY,
                HeaderValue::from_static("X-Forwarded-Proto, X-Forwarded-Host"),
            );
        }
    }
}

impl FromRequestParts<Arc<AppState>> for SiteOrigin {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let peer = crate::peer_of(parts).map(|a| a.ip());
        Ok(origin(state, &parts.headers, peer))
    }
}

/// The one place the site's origin is decided (see [`SiteOrigin`]).
pub fn origin(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    peer: Option<std::net::IpAddr>,
) -> SiteOrigin {
    if let Some(base) = state.config.public_origin() {
        return SiteOrigin {
            base,
            forwarded: false,
        };
    }
    if peer.is_some_and(|p| state.config.trusted_proxies.contains(&p)) {
        let first = |name: &str| {
            headers
                .get(name)
                .and_then(|h| h.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(|v| v.trim().to_ascii_lowercase())
                .filter(|v| !v.is_empty())
        };
        let proto = first("x-forwarded-proto");
        let fwd_host = first("x-forwarded-host");
        let host = fwd_host.clone().or_else(|| {
            headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_ascii_lowercase)
        });
        let host_ok = host.as_deref().is_some_and(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        });
        if (proto.is_some() || fwd_host.is_some()) && host_ok {
            let scheme = if proto.as_deref() == Some("https") {
                "https"
            } else {
                "http"
            };
            return SiteOrigin {
                base: format!("{scheme}://{}", host.unwrap_or_default()),
                forwarded: true,
            };
        }
    }
    SiteOrigin {
        base: state.fixed_origin().unwrap_or_default(),
        forwarded: false,
    }
}
