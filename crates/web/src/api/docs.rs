//! `/api/docs`: the API's documentation as a plain HTML page rendered by haven itself (no
//! CDN-hosted viewer, no script, only the site's own stylesheet, so the strict CSP holds):
//! `docs/api.md` for the concepts, then a reference generated from the OpenAPI document.

use super::{json_bytes, openapi, DOCS_CACHE_CONTROL};
use crate::assets;
use axum::http::HeaderMap;
use axum::response::Response;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde_json::Value;
use std::sync::OnceLock;

/// The guide part of the page, written for people integrating with haven.
const GUIDE_MD: &str = include_str!("../../../../docs/api.md");

/// The page, built once (it only changes with the binary).
pub async fn page(headers: HeaderMap) -> Response {
    static PAGE: OnceLock<Vec<u8>> = OnceLock::new();
    let body = PAGE.get_or_init(|| render().into_string().into_bytes());
    json_bytes(
        &headers,
        body.clone(),
        "text/html; charset=utf-8",
        DOCS_CACHE_CONTROL,
    )
}

fn markdown(md: &str) -> String {
    use pulldown_cmark::{html::push_html, Options, Parser};
    let mut out = String::new();
    let events = Parser::new_ext(
        md,
        Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES,
    )
    .map(|e| match e {
        // docs/api.md is ours, but raw HTML in it would bypass the page's structure: show it.
        pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
            pulldown_cmark::Event::Text(h)
        }
        other => other,
    });
    push_html(&mut out, events);
    out
}

fn schema_type(s: &Value) -> String {
    if let Some(t) = s["type"].as_str() {
        let mut out = t.to_string();
        if let Some(f) = s["format"].as_str() {
            out.push_str(&format!(" ({f})"));
        }
        if let Some(e) = s["enum"].as_array() {
            let vals: Vec<&str> = e.iter().filter_map(Value::as_str).collect();
            out.push_str(&format!(": {}", vals.join(" | ")));
        }
        let (min, max) = (&s["minimum"], &s["maximum"]);
        if !min.is_null() || !max.is_null() {
            out.push_str(&format!(
                " [{} .. {}]",
                if min.is_null() {
                    "".into()
                } else {
                    min.to_string()
                },
                if max.is_null() {
                    "".into()
                } else {
                    max.to_string()
                }
            ));
        }
        return out;
    }
    if let Some(one) = s["oneOf"].as_array().or(s["anyOf"].as_array()) {
        return one
            .iter()
            .map(schema_type)
            .filter(|t| t != "null")
            .collect::<Vec<_>>()
            .join(" or ");
    }
    if let Some(r) = s["$ref"].as_str() {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    "any".to_string()
}

fn reference() -> Markup {
    let doc = openapi::document();
    let empty = serde_json::Map::new();
    let paths = doc["paths"].as_object().unwrap_or(&empty);
    html! {
        h2 id="reference" { "Reference" }
        p { "Every path is under " code { "/api" } ". The machine-readable form is "
            a href="/api/openapi.json" { "/api/openapi.json" } " (OpenAPI 3.1)." }
        @for (path, item) in paths {
            @let op = &item["get"];
            @let anchor = op["operationId"].as_str().unwrap_or("op");
            section {
                h3 id=(anchor) { code { "GET /api" (path) } }
                @if let Some(s) = op["summary"].as_str() { p { (s) } }
                @if let Some(d) = op["description"].as_str() { p { (d) } }
                @let params = op["parameters"].as_array().cloned().unwrap_or_default();
                @if !params.is_empty() {
                    table {
                        thead { tr { th { "Parameter" } th { "In" } th { "Type" } th { "Meaning" } } }
                        tbody {
                            @for p in &params {
                                tr {
                                    td { code { (p["name"].as_str().unwrap_or("")) } }
                                    td { (p["in"].as_str().unwrap_or("")) }
                                    td { (schema_type(&p["schema"])) }
                                    td { (p["description"].as_str().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
                @if let Some(resps) = op["responses"].as_object() {
                    ul {
                        @for (code, r) in resps {
                            li {
                                strong { (code) } " "
                                (r["description"].as_str().unwrap_or(""))
                                @if let Some(c) = r["content"].as_object() {
                                    " (" (c.keys().cloned().collect::<Vec<_>>().join(", ")) ")"
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn render() -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { "haven API: HSDS 3.0" }
                link rel="stylesheet" href=(assets::url("site.css"));
            }
            body {
                main id="main" class="api-docs" {
                    (PreEscaped(markdown(GUIDE_MD)))
                    (reference())
                }
            }
        }
    }
}
