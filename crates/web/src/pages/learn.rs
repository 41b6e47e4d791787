//! The learning series on the web: the parts in order, each with "part N of M", previous/next,
//! tags, plain share links (no third-party widgets), an Atom feed, and video served by haven
//! itself with captions.

use crate::layout::{error_page, render, t, tf, Lang, Page, SiteOrigin};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use guide::learn::{tag_message, Article, Series};
use guide::Source;
use maud::{html, Markup, PreEscaped};
use std::sync::Arc;

/// The built-in series, or the error page to answer with (boxed: a response is large).
fn series(state: &AppState, lang: &Lang) -> Result<&'static Series, Box<Response>> {
    Series::embedded().map_err(|e| {
        eprintln!("haven: series content: {e}");
        Box::new(error_page(
            state,
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            &t(state, lang, "error-server"),
        ))
    })
}

fn tag_list(state: &AppState, lang: &Lang, tags: &[String]) -> Markup {
    html! {
        ul class="tags" {
            @for tag in tags {
                li { a href=(lang.href(&format!("/learn/tags/{tag}"))) { (t(state, lang, &tag_message(tag))) } }
            }
        }
    }
}

fn part_list(state: &AppState, lang: &Lang, parts: &[&Article]) -> Markup {
    html! {
        ol class="parts" {
            @for a in parts {
                li value=(a.part) {
                    h2 { a href=(lang.href(&format!("/learn/{}", a.slug))) { (a.title) } }
                    p class="meta" { (tf(state, lang, "learn-part-of", &[("part", a.part.into()), ("total", a.total.into())])) }
                    p { (a.summary) }
                }
            }
        }
    }
}

/// `GET /learn`.
pub async fn index(State(state): State<Arc<AppState>>, lang: Lang) -> Response {
    let series = match series(&state, &lang) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let parts: Vec<&Article> = series.parts(&lang.code).iter().collect();
    let tags: Vec<String> = series
        .tags(&lang.code)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    let tr = |k: &str| t(&state, &lang, k);
    let body = html! {
        p class="lead" { (tr("learn-intro")) }
        (part_list(&state, &lang, &parts))
        h2 { (tr("learn-tags")) }
        (tag_list(&state, &lang, &tags))
        p { a href=(lang.href("/learn/feed.atom")) type="application/atom+xml" { (tr("web-learn-feed")) } }
    };
    render(&state, &lang, Page::new(tr("learn-title"), body))
}

/// `GET /learn/tags/{tag}`.
pub async fn tag(
    State(state): State<Arc<AppState>>,
    lang: Lang,
    Path(tag): Path<String>,
) -> Response {
    let series = match series(&state, &lang) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let parts = series.by_tag(&lang.code, &tag);
    if parts.is_empty() {
        return error_page(
            &state,
            &lang,
            StatusCode::NOT_FOUND,
            &t(&state, &lang, "web-learn-no-tag"),
        );
    }
    let name = t(&state, &lang, &tag_message(&tag));
    let body = html! {
        (part_list(&state, &lang, &parts))
        p { a href=(lang.href("/learn")) { (t(&state, &lang, "web-learn-all-parts")) } }
    };
    render(
        &state,
        &lang,
        Page::new(
            tf(
                &state,
                &lang,
                "web-learn-tag-title",
                &[("tag", name.into())],
            ),
            body,
        ),
    )
}

/// `GET /learn/{slug}`.
pub async fn article(
    State(state): State<Arc<AppState>>,
    lang: Lang,
    site: SiteOrigin,
    Path(slug): Path<String>,
) -> Response {
    let series = match series(&state, &lang) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(a) = series.article(&lang.code, &slug) else {
        return error_page(
            &state,
            &lang,
            StatusCode::NOT_FOUND,
            &t(&state, &lang, "web-learn-no-part"),
        );
    };
    let (prev, next) = series.prev_next(&lang.code, &slug).unwrap_or((None, None));
    let tr = |k: &str| t(&state, &lang, k);
    let url = format!("{}{}", site.base, lang.href(&format!("/learn/{}", a.slug)));
    let enc = |s: &str| {
        serde_urlencoded::to_string([("", s)])
            .unwrap_or_default()
            .trim_start_matches('=')
            .to_string()
    };
    let share_text = format!("{} {}", a.title, url);
    let body = html! {
        article class="part" {
            p class="meta" {
                (tf(&state, &lang, "learn-part-of", &[("part", a.part.into()), ("total", a.total.into())]))
                " · " time datetime=(a.date.format("%Y-%m-%d")) { (a.date.format("%Y-%m-%d")) }
            }
            @if let Some(v) = &a.video {
                video controls preload="none" {
                    source src=(format!("/learn/media/{}", v.file));
                    track kind="captions" src=(format!("/learn/media/{}", v.captions)) srclang=(lang.code) label=(tr("web-learn-captions")) default;
                    p { a href=(format!("/learn/media/{}", v.file)) { (tr("web-learn-video-download")) } }
                }
            }
            (PreEscaped(&a.html))
            h2 { (tr("learn-tags")) }
            (tag_list(&state, &lang, &a.tags))
            section class="share" {
                h2 { (tr("learn-share")) }
                label for="share-url" { (tr("web-share-copy")) }
                input id="share-url" type="text" readonly value=(url);
                ul class="actions" {
                    li { a class="action" href={ "mailto:?subject=" (enc(&a.title)) "&body=" (enc(&url)) } { (tr("web-share-email")) } }
                    li { a class="action" href={ "sms:?&body=" (enc(&share_text)) } { (tr("web-share-sms")) } }
                    li { a class="action" href={ "https://wa.me/?text=" (enc(&share_text)) } rel="noreferrer" { "WhatsApp" } }
                    li { a class="action" href={ "https://t.me/share/url?url=" (enc(&url)) "&text=" (enc(&a.title)) } rel="noreferrer" { "Telegram" } }
                }
            }
            nav class="part-nav" aria-label=(tr("web-learn-nav")) {
                @if let Some(p) = prev { a rel="prev" href=(lang.href(&format!("/learn/{}", p.slug))) { (tr("learn-previous")) ": " (p.title) } }
                @if let Some(n) = next { a rel="next" href=(lang.href(&format!("/learn/{}", n.slug))) { (tr("learn-next")) ": " (n.title) } }
            }
            p { a href=(lang.href("/learn")) { (tr("web-learn-all-parts")) } }
        }
    };
    let mut res = render(&state, &lang, Page::new(a.title.clone(), body));
    site.vary(&mut res);
    res
}

/// `GET /learn/feed.atom`.
pub async fn feed(State(state): State<Arc<AppState>>, lang: Lang, site: SiteOrigin) -> Response {
    let series = match series(&state, &lang) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let xml = series.atom(&lang.code, &site.base, state.catalog);
    let mut res = (
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        xml,
    )
        .into_response();
    if !lang.explicit {
        // Without a locale prefix the language came from Accept-Language.
        res.headers_mut()
            .append(header::VARY, HeaderValue::from_static("Accept-Language"));
    }
    site.vary(&mut res);
    res
}

/// `GET /learn/media/{file}`: a part's video or captions, from the built-in content.
pub async fn media(Path(file): Path<String>) -> Response {
    let ct = match file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
        Some(e) if e == "mp4" => "video/mp4",
        Some(e) if e == "webm" => "video/webm",
        Some(e) if e == "vtt" => "text/vtt; charset=utf-8",
        Some(e) if e == "jpg" || e == "jpeg" => "image/jpeg",
        Some(e) if e == "png" => "image/png",
        _ => return (StatusCode::NOT_FOUND, "no such file").into_response(),
    };
    match Source::Embedded.bytes(&format!("learn/media/{file}")) {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, ct),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            bytes,
        )
            .into_response(),
        _ => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}
