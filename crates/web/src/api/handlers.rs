//! The endpoints. Each handler's `#[utoipa::path]` annotation is its OpenAPI operation, and
//! the parameter structs below are both the documentation and the list of names the handler
//! accepts (see [`super::openapi::allowed`]), so the two cannot drift apart.

use super::nest::{self, OrgServices};
use super::openapi::{self as oa, allowed};
use super::params::{store_time, Paging, Params, SearchParams};
use super::problem::Problem;
use super::select::{self, Item, Picked, RawItem, Selection};
use super::translate;
use super::{etag_of, json_bytes, respond, CACHE_CONTROL, NDJSON, PRIVATE_CACHE_CONTROL};
use crate::AppState;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use hsds::{Record, Table};
use search::Index;
use serde_json::{Map, Value};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use store::Store;
use utoipa::{IntoParams, ToSchema};

// ---- parameter documentation (and the accepted names) ----

/// `format`: JSON pages (the default) or every result as NDJSON.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum Format {
    /// One page in the paginated envelope.
    Json,
    /// Every result, one JSON object per line, no envelope and no paging.
    Ndjson,
}

/// Paging, shared by every list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PageQuery {
    /// Page number of paginated result (1-based).
    #[param(minimum = 1, maximum = 4294967295_u64)]
    page: Option<u64>,
    /// Number of results requested in a single page: 1 to 1000 (default 50). For everything at
    /// once use `format=ndjson`.
    #[param(minimum = 1, maximum = 1000)]
    per_page: Option<u64>,
    /// Return results in the specified format. Default is `json`; `ndjson` streams all the
    /// results without pagination, one per line.
    #[param(inline)]
    format: Option<Format>,
}

/// `search`, as the spec has it on every list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchQuery {
    /// Full text search. On services and service_at_locations it is the search of haven's
    /// index (English and Spanish, ranked by relevance, then distance); elsewhere every word
    /// must appear in the name or description.
    search: Option<String>,
}

/// `lang`: haven extension, the language of directory text.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct LangQuery {
    /// haven extension: the language for directory text, a BCP 47 tag such as `es` (without it,
    /// the request's `Accept-Language` decides). Text fields that have a translation into it
    /// are given in it; every object then says the language of each of its text fields in
    /// `x_haven_languages` (e.g. `{"description": "es", "name": "en"}`), `en` being the
    /// directory's own text. Asking for English, or for nothing, gives the text unchanged.
    lang: Option<String>,
}

/// `modified_after`: the spec's on services and service_at_locations; haven adds it to the
/// other lists too, so every table can be mirrored.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SinceQuery {
    /// Return all results modified on or after this datetime (RFC 3339, e.g.
    /// `2025-01-31T12:00:00Z`; a date means midnight UTC). "Modified" means haven's copy of the
    /// record changed (created or updated by an import), which is what a mirror needs.
    #[param(value_type = Option<String>, format = DateTime)]
    modified_after: Option<String>,
}

/// The spec's service filters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ServiceFilterQuery {
    /// Search for services with particular taxonomy_term (its id; its sub-terms match too).
    taxonomy_term_id: Option<String>,
    /// Search for services which contain any term with this taxonomy.
    taxonomy_id: Option<String>,
    /// Search for services that this organization provides.
    organization_id: Option<String>,
    /// Return fully nested services (the `/services/{id}` form) in the list.
    full: Option<bool>,
}

/// `minimal`, on services only.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MinimalQuery {
    /// Return just each service's `id`, `name`, `status`, `last_modified` (when it has one)
    /// and `modified_at`. Combine with `format=ndjson` to get every service in one call.
    minimal: Option<bool>,
}

/// `serves_area`, on services only: the lines that serve a point's area, apart from places.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct AreaQuery {
    /// haven extension: with `lat`/`lon`, list the services whose service area holds the point
    /// (a hotline that serves the whole country, state or city; no place to go to), most local
    /// first, instead of the places by distance. Each item then carries `x_haven_service_area`
    /// (the area's name) and no `distance_km`. The other filters apply as usual.
    serves_area: Option<bool>,
}

/// haven's search extensions (not in the HSDS spec).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct GeoQuery {
    /// haven extension: latitude (WGS 84 degrees) to rank by distance from; needs `lon`.
    /// Results then carry `distance_km`.
    #[param(minimum = -90.0, maximum = 90.0)]
    lat: Option<f64>,
    /// haven extension: longitude (WGS 84 degrees); needs `lat`.
    #[param(minimum = -180.0, maximum = 180.0)]
    lon: Option<f64>,
    /// haven extension: only results within this many km of `lat`/`lon` (more than 0, at
    /// most 20038).
    #[param(minimum = 0.0, exclusive_minimum = 0.0, maximum = 20038.0)]
    radius_km: Option<f64>,
    /// haven extension: only services that speak this language (code such as `es`, or name).
    language: Option<String>,
    /// haven extension: only services open now, in each location's own time zone.
    open_now: Option<bool>,
    /// haven extension: only services open at this instant (RFC 3339); not with `open_now`.
    #[param(value_type = Option<String>, format = DateTime)]
    open_at: Option<String>,
    /// haven extension: only services with a free-of-charge cost option.
    free: Option<bool>,
}

/// The spec's postcode search, on service_at_locations.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PostcodeQuery {
    /// The postcode or zip code of a point: results are ranked by distance from its centroid
    /// (haven's gazetteer holds US ZIP codes). Not with `lat`/`lon`.
    postcode: Option<String>,
    /// Return services that exist within this many meters from the centroid of the provided
    /// postcode (or of `lat`/`lon`).
    #[param(value_type = Option<f64>, minimum = 0.0, exclusive_minimum = 0.0, maximum = 20038000.0)]
    proximity: Option<String>,
}

/// The organization list's nesting switches.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct OrgListQuery {
    /// Fully nested organization with service array that contains full service information.
    full_service: Option<bool>,
    /// Contains full nested organization information.
    full: Option<bool>,
}

/// The organization detail's nesting switch.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct OrgDetailQuery {
    /// Fully nested organization with service array that contains full service information
    /// (without it, each service has its own fields only).
    full_service: Option<bool>,
}

/// The taxonomy term list's filters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct TermQuery {
    /// Only terms of this taxonomy.
    taxonomy_id: Option<String>,
    /// Only top-level terms: terms that are not child terms (they have no `parent_id`).
    top_only: Option<bool>,
    /// Receive taxonomy terms that have a parent with this id.
    parent_id: Option<String>,
}

// ---- machinery shared by the handlers ----

/// What turns a selected record into the JSON a client gets.
type Render = Arc<dyn Fn(&dyn Store, Item) -> Result<Value, Problem> + Send + Sync>;
/// What selects the records of a list.
type Select = Box<dyn FnOnce(&dyn Store, &Index) -> Result<Selection, Problem> + Send>;
/// What turns a page of stored bodies into list items without parsing them (see
/// [`nest::one_to_one_json`]); an item it cannot splice (None) goes through the [`Render`].
type Splice = Arc<
    dyn Fn(
            &dyn Store,
            &super::records::Records,
            &[RawItem],
        ) -> Result<Vec<Option<Vec<u8>>>, Problem>
        + Send
        + Sync,
>;

/// Answer a list request: one page in the envelope, or everything as NDJSON. A `private`
/// request (a search) is never kept in the response cache and says `private, no-store`.
async fn run_list(
    state: Arc<AppState>,
    headers: HeaderMap,
    key: String,
    paging: Paging,
    choose: Select,
    (render, splice): (Render, Option<Splice>),
    private: bool,
) -> Response {
    let index = state.index.current();
    if paging.ndjson && paging.page > 1 {
        return Problem::bad_param(
            "page",
            "format=ndjson sends every result in one response, without pages; leave page out \
             (or use format=json to page)",
        )
        .into_response();
    }
    if paging.ndjson {
        return stream(state, index, key, choose, render, private).await;
    }
    let seq = index.seq;
    let policy = if private {
        PRIVATE_CACHE_CONTROL
    } else {
        CACHE_CONTROL
    };
    if !private {
        if let Some(c) = state.responses.get(&key, seq) {
            return respond(&headers, c.body, &c.etag, "application/json", policy);
        }
    }
    let me = state.clone();
    let Ok(_turn) = state.api.gate.acquire().await else {
        return gate_closed();
    };
    let built = state
        .with_store(move |st| {
            let page = (|| -> Result<Vec<u8>, Problem> {
                let sel = choose(st, &index)?;
                let total = sel.total(st)?;
                let limit = usize::try_from(paging.per_page).unwrap_or(usize::MAX);
                let to_json = |v: Value| {
                    serde_json::to_vec(&v)
                        .map_err(|e| Problem::from(crate::WebError::Internal(e.to_string())))
                };
                let mut contents = Vec::new();
                let raw = match &splice {
                    Some(_) => sel.page_json(st, &me.api.records, paging.offset(), limit)?,
                    None => None,
                };
                if let (Some(raw), Some(splice)) = (raw, &splice) {
                    let table = sel.table();
                    let spliced = splice(st, &me.api.records, &raw)?;
                    for (it, done) in raw.into_iter().zip(spliced) {
                        contents.push(match done {
                            Some(bytes) => bytes,
                            None => to_json(render(st, it.parsed(table)?)?)?,
                        });
                    }
                } else {
                    for it in sel.page(st, paging.offset(), limit)? {
                        contents.push(to_json(render(st, it)?)?);
                    }
                }
                Ok(select::page_body(total, &paging, &contents))
            })();
            Ok(page)
        })
        .await;
    match built {
        Ok(Ok(body)) if private => json_bytes(&headers, body, "application/json", policy),
        Ok(Ok(body)) => cached(&state, &headers, key, seq, body),
        Ok(Err(p)) => p.into_response(),
        Err(e) => Problem::from(e).into_response(),
    }
}

/// Remember a fresh JSON body and answer with it.
fn cached(state: &AppState, headers: &HeaderMap, key: String, seq: u64, body: Vec<u8>) -> Response {
    let etag = etag_of(&body);
    let body = Bytes::from(body);
    state.responses.put(key, seq, body.clone(), etag.clone());
    respond(headers, body, &etag, "application/json", CACHE_CONTROL)
}

/// The answer if the store gate were closed (it never is while the app runs).
fn gate_closed() -> Response {
    Problem::from(crate::WebError::Internal(
        "the API is shutting down and reads nothing more".to_string(),
    ))
    .into_response()
}

/// The answer when every NDJSON stream slot is taken.
fn busy() -> Response {
    let mut r = Problem::busy(
        "too many NDJSON streams are being written right now; try again in a few seconds",
    )
    .into_response();
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    r
}

/// An NDJSON response around a body stream.
fn ndjson_response(body: Body, private: bool) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(NDJSON));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if private {
            PRIVATE_CACHE_CONTROL
        } else {
            CACHE_CONTROL
        }),
    );
    res
}

/// Serve a precomputed export file.
async fn export_file(path: &std::path::Path) -> Response {
    match super::export::FileBody::open(path).await {
        Ok(f) => ndjson_response(Body::from_stream(f), false),
        Err(e) => Problem::from(crate::WebError::Internal(format!(
            "cannot read the export {}: {e}",
            path.display()
        )))
        .into_response(),
    }
}

/// The key of an export: the path and the parameters in a fixed order.
fn export_key(key: &str) -> String {
    let (path, query) = key.split_once('?').unwrap_or((key, ""));
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    pairs.sort();
    format!(
        "{path}?{}",
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    )
}

/// NDJSON: the selection is made before the response starts (so a bad request is still a
/// 400). A whole table is written once per directory version into an export file and served
/// from it; anything else is written in batches from a blocking thread as the client reads,
/// at most `limits.max_streams` at once, and a client that stops reading for
/// `limits.stream_write_timeout` is dropped (its thread and store connection freed).
async fn stream(
    state: Arc<AppState>,
    index: Arc<Index>,
    key: String,
    choose: Select,
    render: Render,
    private: bool,
) -> Response {
    let seq = index.seq;
    let key = export_key(&key);
    if let Some(p) = state.exports.ready(&key, seq) {
        return export_file(&p).await;
    }
    let Ok(permit) = state.streams.clone().try_acquire_owned() else {
        return busy();
    };
    let sel = match state.with_store(move |st| Ok(choose(st, &index))).await {
        Ok(Ok(sel)) => sel,
        Ok(Err(p)) => return p.into_response(),
        Err(e) => return Problem::from(e).into_response(),
    };
    if sel.is_whole_table() && !private {
        let _one = state.exports.generating().await;
        if let Some(p) = state.exports.ready(&key, seq) {
            return export_file(&p).await;
        }
        let tmp = state.exports.scratch();
        let file = tmp.clone();
        let written = state
            .with_store(move |st| {
                let _permit = permit;
                Ok(write_export(st, &sel, &render, &file))
            })
            .await;
        let published = match written {
            Ok(Ok(())) => state
                .exports
                .publish(&key, seq, &tmp)
                .map_err(Problem::from),
            Ok(Err(p)) => Err(p),
            Err(e) => Err(Problem::from(e)),
        };
        return match published {
            Ok(p) => export_file(&p).await,
            Err(p) => {
                let _ = std::fs::remove_file(&tmp);
                p.into_response()
            }
        };
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let stalled = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stalled.clone();
    let handle = tokio::runtime::Handle::current();
    let deadline = state.config.limits.stream_write_timeout;
    let st8 = state.clone();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let res = st8.with_store_blocking(|st| {
            let walked = sel.walk(st, &mut |batch| {
                let buf = render_batch(st, &render, batch)?;
                let sent = handle.block_on(tokio::time::timeout(
                    deadline,
                    tx.send(Ok(Bytes::from(buf))),
                ));
                match sent {
                    Ok(Ok(())) => Ok(true),
                    // The client went away: stop reading the store.
                    Ok(Err(_)) => Ok(false),
                    Err(_) => {
                        flag.store(true, std::sync::atomic::Ordering::Relaxed);
                        eprintln!(
                            "haven: NDJSON stream stopped: the client read nothing for {} s",
                            deadline.as_secs()
                        );
                        Ok(false)
                    }
                }
            });
            if let Err(p) = walked {
                eprintln!("haven: NDJSON stream stopped: {}", p.detail);
                let _ = tx.try_send(Err(std::io::Error::other(p.detail)));
            }
            Ok(())
        });
        if let Err(e) = res {
            eprintln!("haven: NDJSON stream failed: {e}");
        }
    });
    ndjson_response(Body::from_stream(Lines(rx, stalled)), private)
}

/// One batch as NDJSON lines.
fn render_batch(st: &dyn Store, render: &Render, batch: Vec<Item>) -> Result<Vec<u8>, Problem> {
    let mut buf = Vec::with_capacity(batch.len() * 512);
    for it in batch {
        let v = render(st, it)?;
        serde_json::to_writer(&mut buf, &v)
            .map_err(|e| Problem::from(crate::WebError::Internal(e.to_string())))?;
        buf.push(b'\n');
    }
    Ok(buf)
}

/// Write a whole selection as NDJSON into `path`.
fn write_export(
    st: &dyn Store,
    sel: &Selection,
    render: &Render,
    path: &std::path::Path,
) -> Result<(), Problem> {
    use std::io::Write;
    let io = |e: std::io::Error| {
        Problem::from(crate::WebError::Internal(format!(
            "cannot write the export {}: {e}",
            path.display()
        )))
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    sel.walk(st, &mut |batch| {
        let buf = render_batch(st, render, batch)?;
        out.write_all(&buf).map_err(io)?;
        Ok(true)
    })?;
    out.flush().map_err(io)
}

/// The NDJSON body: batches from the blocking writer; an error (so the connection is cut, not
/// ended as if complete) once the writer gave up on a client that stopped reading.
struct Lines(
    tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
    Arc<std::sync::atomic::AtomicBool>,
);

impl futures_core::Stream for Lines {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.1.load(std::sync::atomic::Ordering::Relaxed) {
            return Poll::Ready(Some(Err(std::io::Error::other(
                "the client stopped reading",
            ))));
        }
        self.0.poll_recv(cx)
    }
}

/// Answer a single-record request.
async fn run_one(
    state: Arc<AppState>,
    headers: HeaderMap,
    key: String,
    f: impl FnOnce(&dyn Store) -> Result<Value, Problem> + Send + 'static,
) -> Response {
    let seq = state.index.current().seq;
    if let Some(c) = state.responses.get(&key, seq) {
        return respond(&headers, c.body, &c.etag, "application/json", CACHE_CONTROL);
    }
    let Ok(_turn) = state.api.gate.acquire().await else {
        return gate_closed();
    };
    let built = state
        .with_store(move |st| {
            Ok(f(st).and_then(|v| {
                serde_json::to_vec(&v)
                    .map_err(|e| Problem::from(crate::WebError::Internal(e.to_string())))
            }))
        })
        .await;
    match built {
        Ok(Ok(body)) => cached(&state, &headers, key, seq, body),
        Ok(Err(p)) => p.into_response(),
        Err(e) => Problem::from(e).into_response(),
    }
}

/// A record id from the path, or a problem naming it (`%ff` is not text).
fn path_id(id: Result<Path<String>, PathRejection>) -> Result<String, Problem> {
    id.map(|Path(id)| id).map_err(|e| {
        Problem::bad_param(
            "id",
            format!("the id in the path cannot be read ({e}); ids are percent-encoded UTF-8 text"),
        )
    })
}

/// A single-record request read once: the id in its path and the languages it asks for (`lang`,
/// else `Accept-Language`), each mistake a problem naming its parameter.
fn id_and_language(
    route: &str,
    id: Result<Path<String>, PathRejection>,
    q: Option<&str>,
    headers: &HeaderMap,
) -> Result<(String, Vec<String>), Problem> {
    let id = path_id(id)?;
    let p = read(route, q)?;
    Ok((id, translate::wanted(p.text("lang"), headers)?))
}

/// The cache key of a request: its path and query as sent.
fn key_of(uri: &OriginalUri) -> String {
    uri.0
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default()
}

/// The cache key of a response in the languages asked for (the header can ask, not only the
/// address).
fn lang_key(key: String, want: &[String]) -> String {
    if want.is_empty() {
        key
    } else {
        format!("{key}#lang={}", want.join(","))
    }
}

/// Say which language a response is in, and that `Accept-Language` can change it.
fn say_language(mut res: Response, want: &[String]) -> Response {
    let h = res.headers_mut();
    let mut vary: Vec<String> = h
        .get_all(axum::http::header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    vary.push("Accept-Language".to_string());
    if let Ok(v) = axum::http::HeaderValue::from_str(&vary.join(", ")) {
        h.insert(axum::http::header::VARY, v);
    }
    if let Some(l) = want
        .first()
        .and_then(|l| axum::http::HeaderValue::from_str(l).ok())
    {
        h.insert(axum::http::header::CONTENT_LANGUAGE, l);
    }
    res
}

/// Read the parameters an endpoint documents, or the problem with them.
fn read(path: &str, raw: Option<&str>) -> Result<Params, Problem> {
    Params::parse(raw, allowed(path))
}

/// `modified_after` as the store spells times.
fn since(p: &Params) -> Result<Option<String>, Problem> {
    Ok(p.time("modified_after")?.map(store_time))
}

/// Add haven's per-item extensions.
fn extend(mut m: Map<String, Value>, it: &Item) -> Value {
    for (k, v) in select::extensions(it.distance_km, it.service_area.as_deref(), &it.modified_at) {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

/// Keep only ids whose records changed at or after `since`.
fn retain_since(
    sel: &mut Selection,
    st: &dyn Store,
    table: Table,
    since: &str,
) -> Result<(), Problem> {
    sel.retain(&mut |id| {
        Ok(st
            .modified_at(table, id)?
            .is_some_and(|at| at.as_str() >= since))
    })
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The list form of a service: its own fields with its organization and program.
fn service_item(st: &dyn Store, record: Record) -> Result<Map<String, Value>, Problem> {
    Ok(nest::one_to_one(st, Table::Service, record)?)
}

// ---- endpoints ----

/// Retrieve information about this API and its relationship with HSDS.
#[utoipa::path(
    get,
    path = "/",
    operation_id = "getAPIMetaInformation",
    tag = "meta",
    responses(
        (status = 200, description = "A JSON response providing information about this API.", body = oa::ApiInfo),
    )
)]
pub async fn api_info(headers: HeaderMap, site: crate::layout::SiteOrigin) -> Response {
    let base = &site.base;
    let body = serde_json::json!({
        "version": "3.0",
        "profile": "https://docs.openreferral.org/en/3.0/",
        "openapi_url": format!("{base}/api/openapi.json"),
        "docs_url": format!("{base}/api/docs"),
    });
    let mut res = json_bytes(
        &headers,
        serde_json::to_vec(&body).unwrap_or_default(),
        "application/json",
        CACHE_CONTROL,
    );
    site.vary(&mut res);
    res
}

/// Retrieves paginated listings of services that only have one-to-one fields in them.
#[utoipa::path(
    get,
    path = "/services",
    operation_id = "getPaginatedListOfServices",
    tag = "services",
    params(SearchQuery, PageQuery, ServiceFilterQuery, SinceQuery, MinimalQuery, GeoQuery, AreaQuery),
    responses(
        (status = 200, description = "A paginated list of services that only have one-to-one fields in them (with `format=ndjson`: one service per line).",
            content((oa::ServicePage = "application/json"), (oa::ServiceItem = "application/x-ndjson"))),
        (status = 400, description = "A parameter is wrong: the problem names it.", body = oa::ProblemDoc, content_type = "application/problem+json"),
    )
)]
pub async fn list_services(
    State(state): State<Arc<AppState>>,
    RawQuery(q): RawQuery,
    uri: OriginalUri,
    headers: HeaderMap,
) -> Response {
    let plan = (|| -> Result<_, Problem> {
        let p = read("/services", q.as_deref())?;
        let paging = Paging::read(&p)?;
        let sp = SearchParams::read(&p, false)?;
        let since = since(&p)?;
        let term = p.text("taxonomy_term_id").map(str::to_string);
        let taxonomy = p.text("taxonomy_id").map(str::to_string);
        let org = p.text("organization_id").map(str::to_string);
        let minimal = p.bool("minimal")?.unwrap_or(false);
        let full = p.bool("full")?.unwrap_or(false);
        if minimal && full {
            return Err(Problem::bad_param(
                "minimal",
                "give either minimal or full, not both",
            ));
        }
        let serves_area = p.bool("serves_area")?.unwrap_or(false);
        if serves_area && sp.near.is_none() {
            return Err(Problem::bad_param(
                "serves_area",
                "the area served is looked up for a point: give lat and lon",
            ));
        }
        Ok((
            paging,
            sp,
            since,
            term,
            taxonomy,
            org,
            minimal,
            full,
            serves_area,
        ))
    })();
    let (paging, sp, since, term, taxonomy, org, minimal, full, serves_area) = match plan {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let private = sp.any();
    let choose: Select = Box::new(move |st, index| {
        let mut sel = if serves_area {
            Selection::Ids {
                table: Table::Service,
                ids: select::area_hits(index, &sp, term.as_deref())?,
            }
        } else if sp.any() || term.is_some() {
            let hits = select::search_hits(index, &sp, term.as_deref())?;
            Selection::Ids {
                table: Table::Service,
                ids: select::services_from_hits(hits),
            }
        } else if let Some(o) = &org {
            let ids = st
                .children(Table::Service, "organization_id", o)?
                .iter()
                .filter_map(|r| hsds::record_id(r).map(str::to_string))
                .collect::<Vec<_>>();
            Selection::Ids {
                table: Table::Service,
                ids: select::picked(ids),
            }
        } else if let Some(t) = &taxonomy {
            Selection::Ids {
                table: Table::Service,
                ids: select::picked(select::services_in_taxonomy(st, t)?),
            }
        } else {
            return Ok(Selection::Table {
                table: Table::Service,
                since,
            });
        };
        if sp.any() || term.is_some() {
            if let Some(o) = &org {
                sel.retain(&mut |id| {
                    Ok(st.get(Table::Service, id)?.is_some_and(|r| {
                        r.get("organization_id").and_then(|v| v.as_str()) == Some(o)
                    }))
                })?;
            }
        }
        if let Some(t) = &taxonomy {
            if sp.any() || term.is_some() || org.is_some() {
                let set = select::services_in_taxonomy(st, t)?;
                sel.retain(&mut |id| Ok(set.contains(id)))?;
            }
        }
        if let Some(s) = &since {
            retain_since(&mut sel, st, Table::Service, s)?;
        }
        Ok(sel)
    });
    let splice: Option<Splice> = (!minimal && !full).then(|| {
        let s: Splice = Arc::new(|st, records, items| {
            Ok(nest::one_to_one_json(st, records, Table::Service, items)?)
        });
        s
    });
    let render: Render = Arc::new(move |st, it| {
        if minimal {
            let mut m = Map::new();
            for k in ["id", "name", "status", "last_modified"] {
                if let Some(v) = it.record.get(k) {
                    m.insert(k.to_string(), v.clone());
                }
            }
            return Ok(extend(m, &it));
        }
        let m = if full {
            object(nest::full(
                st,
                Table::Service,
                it.record.clone(),
                OrgServices::Omit,
            )?)
        } else {
            service_item(st, it.record.clone())?
        };
        Ok(extend(m, &it))
    });
    run_list(
        state,
        headers,
        key_of(&uri),
        paging,
        choose,
        (render, splice),
        private,
    )
    .await
}

/// Retrieves a fully nested service with all related data with id.
#[utoipa::path(
    get,
    path = "/services/{id}",
    operation_id = "getFullyNestedServiceById",
    tag = "services",
    params(("id" = String, Path, description = "The id of the service that the request is intended to retrieve."), LangQuery),
    responses(
        (status = 200, description = "A Service matching the {id}, with all related data according to the HSDS Specification for Service.", body = oa::ServiceFull),
        (status = 400, description = "A parameter is wrong: the problem names it.", body = oa::ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No service has this id.", body = oa::ProblemDoc, content_type = "application/problem+json"),
    )
)]
pub async fn get_service(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
    uri: OriginalUri,
    headers: HeaderMap,
) -> Response {
    let (id, want) = match id_and_language("/services/{id}", id, q.as_deref(), &headers) {
        Ok(x) => x,
        Err(p) => return p.into_response(),
    };
    let key = lang_key(key_of(&uri), &want);
    let w = want.clone();
    let res = run_one(state, headers, key, move |st| {
        let r = st
            .get(Table::Service, &id)?
            .ok_or_else(|| Problem::not_found("service", &id))?;
        let mut v = nest::full(st, Table::Service, r, OrgServices::Omit)?;
        translate::apply(st, Table::Service, &mut v, &w)?;
        Ok(v)
    })
    .await;
    say_language(res, &want)
}

/// Paginated list of basic Organization information.
#[utoipa::path(
    get,
    path = "/organizations",
    operation_id = "getPaginatedListOfOrganizations",
    tag = "organizations",
    params(SearchQuery, OrgListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, description = "Paginated list of basic Organization information (with `format=ndjson`: one organization per line).",
            content((oa::OrganizationPage = "application/json"), (oa::OrganizationItem = "application/x-ndjson"))),
        (status = 400, description = "A parameter is wrong: the problem names it.", body = oa::ProblemDoc, content_type = "application/problem+json"),
    )
)]
pub async fn list_organizations(
    State(state): State<Arc<AppState>>,
    RawQuery(q): RawQuery,
    uri: OriginalUri,
    headers: HeaderMap,
) -> Response {
    let plan = (|| -> Result<_, Problem> {
        let p = read("/organizations", q.as_deref())?;
        Ok((
            Paging::read(&p)?,
            p.text("search").map(str::to_string),
            since(&p)?,
            p.bool("full")?.unwrap_or(false),
            p.bool("full_service")?.unwrap_or(false),
        ))
    })();
    let (paging, text, since, full, full_service) = match plan {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let private = text.is_some();
    let choose = text_or_table(
        Table::Organization,
        text,
        since,
        &["name", "alternate_name", "description"],
    );
    let render: Render = Arc::new(move |st, it| {
        let services = match (full, full_service) {
            (_, true) => OrgServices::Full,
            (true, false) => OrgServices::Flat,
            (false, false) => OrgServices::Omit,
        };
        let m = if full {
            object(nest::full(
                st,
                Table::Organization,
                it.record.clone(),
                services,
            )?)
        } else if full_service {
            let mut m = it.record.clone();
            let id = hsds::record_id(&m).unwrap_or_default().to_string();
            let mut list = Vec::new();
            for s in st.children(Table::Service, "organization_id", &id)? {
                list.push(nest::full(st, Table::Service, s, OrgServices::Omit)?);
            }
            m.insert("services".into(), Value::Array(list));
            m
        } else {
            it.record.clone()
        };
        Ok(extend(m, &it))
    });
    run_list(
        state,
        headers,
        key_of(&uri),
        paging,
        choose,
        (render, None),
        private,
    )
    .await
}

/// A selection by plain text (every word in one of `fields`) or the whole table.
fn text_or_table(
    table: Table,
    text: Option<String>,
    since: Option<String>,
    fields: &'static [&'static str],
) -> Select {
    Box::new(move |st, _| {
        let Some(t) = text else {
            return Ok(Selection::Table { table, since });
        };
        let mut ids = Vec::new();
        st.for_each(table, &mut |r| {
            if select::text_matches(&r, fields, &t) {
                if let Some(id) = hsds::record_id(&r) {
                    ids.push(id.to_string());
                }
            }
            Ok(())
        })?;
        let mut sel = Selection::Ids {
            table,
            ids: select::picked(ids),
        };
        if let Some(s) = &since {
            retain_since(&mut sel, st, table, s)?;
        }
        Ok(sel)
    })
}

/// Fully nested organization with service array that contains simple information which could
/// only contain the service.id.
#[utoipa::path(
    get,
    path = "/organizations/{id}",
    operation_id = "getOrganizationById",
    tag = "organizations",
    params(("id" = String, Path, description = "The id of the organization that the request is intended to retrieve."), OrgDetailQuery, LangQuery),
    responses(
        (status = 200, description = "Fully nested organization with service array that contains simple information which could only contain the service.id.", body = oa::OrganizationFull),
        (status = 400, description = "A parameter is wrong: the problem names it.", body = oa::ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No organization has this id.", body = oa::ProblemDoc, content_type = "application/problem+json"),
    )
)]
pub async fn get_organization(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
    uri: OriginalUri,
    headers: HeaderMap,
) -> Response {
    let id = match path_id(id) {
        Ok(id) => id,
        Err(p) => return p.into_response(),
    };
    let read_all = read("/organizations/{id}", q.as_deref()).and_then(|p| {
        let full = p.bool("full_service")?.unwrap_or(false);
        Ok((full, translate::wanted(p.text("lang"), &headers)?))
    });
    let (full_service, want) = match read_all {
        Ok(r) => r,
        Err(p) => return p.into_response(),
    };
    let key = lang_key(key_of(&uri), &want);
    let w = want.clone();
    let res = run_one(state, headers, key, move |st| {
        let r = st
            .get(Table::Organization, &id)?
            .ok_or_else(|| Problem::not_found("organization", &id))?;
        let services = if full_service {
            OrgServices::Full
        } else {
            OrgServices::Flat
        };
        let mut v = nest::full(st, Table::Organization, r, services)?;
        translate::apply(st, Table::Organization, &mut v, &w)?;
        Ok(v)
    })
    .await;
    say_language(res, &want)
}

/// Paginated listing of taxonomies.
#[utoipa::path(
    get,
    path = "/taxonomies",
    operation_id = "getPaginatedListOfTaxonomies",
    tag = "taxonomies",
    params(SearchQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, description = "Paginated listing of taxonomies (with `format=ndjson`: one taxonomy per line).",
            content((oa::TaxonomyPage = "application/json"), (oa::TaxonomyItem = "application/x-ndjson"))),
        (status = 400, description = "A parameter is wrong: the problem names it.", body = oa::ProblemDoc, content_type = "application/problem+json"),
    )
)]
pub async fn list_taxonomies(
    State(state): State<Arc<AppState>>,
    RawQuery(q): RawQuery,
    uri: OriginalUri,
    headers: HeaderMap,
) -> Response {
    let plan = (|| -> Result<_, Problem> {
        let p = read("/taxonomies", q.as_deref())?;
        Ok((
            Paging::read(&p)?,
            p.text("search").map(str::to_string),
            since(&p)?,
        ))
    })();
    let (paging, text, since) = match plan {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let private = text.is_some();
    let choose = text_or_table(Table::Taxonomy, text, since, &["name", "description"]);
    let render: Render = Arc::new(|_, it| Ok(extend(it.record.clone(), &it)));
    run_list(
        state,
        headers,
        key_of(&uri),
        paging,
        choose,
        (render, None),
        private,
    )
    .await
}

/// Retrieves full information on a taxonomy by {id}.
#[utoipa::path(
    get,
    path = "/taxonomies/{id}",
    operation_id = "getTaxonomyById",
    tag = "taxonomies",
    params(("id" = String, Path, description = "The id of the taxonomy that the request is intended to retrieve.")),
    responses(
        (status = 200, description = "Full information on taxonomy.", body = oa::TaxonomyDoc),
        (status = 400, description = "A parameter is wrong: the problem names it.", body = oa::ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No taxonomy has this id.", body = oa::ProblemDoc, content_type = "application/problem+json"),
    )
)]
pub async fn get_taxonomy(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
    uri: OriginalUri,
    headers: HeaderMap,
) -> Response {
    let id = match path_id(id) {
        Ok(id) => id,
        Err(p) => return p.into_response(),
    };
    if let Err(p) = read("/taxonomies/{id}", q.as_deref()) {
        return p.into_response();
    }
    run_one(state, headers, key_of(&uri), move |st| {
        let r = st
            .get(Table::Taxonomy, &id)?
            .ok_or_else(|| Problem::not_found("taxonomy", &id))?;
        Ok(Value::Object(r))
    })
    .await
}

/// Paginated listing of taxonomy terms.
#[utoipa::path(
    get,
    path = "/taxonomy_terms",
    operation_id = "getPaginatedListOfTaxonomyTerms",
    tag = "taxonomies",
    params(SearchQuery, PageQuery, TermQuery, SinceQuery),
    responses(
        (status = 200, description = "Paginated listing of taxonomy terms (with `format=ndjson`: one term per line).",
            content((oa::TaxonomyTermPage = "application/json"), (oa::TaxonomyTermItem = "application/x-ndjson"))),
        (status = 400, description = "A parameter is wrong: the problem names it.", body = oa::ProblemDoc, content_type = "application/problem+json"),
    )
)]
pub async fn list_taxonomy_terms(
    State(state): State<Arc<AppState>>,
    RawQuery(q): RawQuery,
    uri: OriginalUri,
    headers: HeaderMap,
) -> Response {
    let plan = (|| -> Result<_, Problem> {
        let p = read("/taxonomy_terms", q.as_deref())?;
        Ok((
            Paging::read(&p)?,
            p.text("search").map(str::to_string),
            since(&p)?,
            p.text("taxonomy_id").map(str::to_string),
            p.text("parent_id").map(str::to_string),
            p.bool("top_only")?.unwrap_or(false),
        ))
    })();
    let (paging, text, since, taxonomy, parent, top_only) = match plan {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let private = text.is_some();
    let choose: Select = if taxonomy.is_none() && parent.is_none() && !top_only {
        text_or_table(
            Table::TaxonomyTerm,
            text,
            since,
            &["name", "code", "description"],
        )
    } else {
        Box::new(move |st, _| {
            let mut ids = Vec::new();
            st.for_each(Table::TaxonomyTerm, &mut |r| {
                let s = |k: &str| r.get(k).and_then(|v| v.as_str()).filter(|v| !v.is_empty());
                let ok = taxonomy
                    .as_deref()
                    .is_none_or(|t| s("taxonomy_id") == Some(t))
                    && parent.as_deref().is_none_or(|p| s("parent_id") == Some(p))
                    && (!top_only || s("parent_id").is_none())
                    && text.as_deref().is_none_or(|t| {
                        select::text_matches(&r, &["name", "code", "description"], t)
                    });
                if ok {
                    if let Some(id) = hsds::record_id(&r) {
                        ids.push(id.to_string());
                    }
                }
                Ok(())
            })?;
            let mut sel = Selection::Ids {
                table: Table::TaxonomyTerm,
                ids: select::picked(ids),
            };
            if let Some(s) = &since {
                retain_since(&mut sel, st, Table::TaxonomyTerm, s)?;
            }
            Ok(sel)
        })
    };
    let render: Render = Arc::new(|st, it| {
        let m = nest::one_to_one(st, Table::TaxonomyTerm, it.record.clone())?;
        Ok(extend(m, &it))
    });
    run_list(
        state,
        headers,
        key_of(&uri),
        paging,
        choose,
        (render, None),
        private,
    )
    .await
}

/// Full information on a taxonomy term.
#[utoipa::path(
    get,
    path = "/taxonomy_terms/{id}",
    operation_id = "getTaxonomyTermById",
    tag = "taxonomies",
    params(("id" = String, Path, description = "The id of the taxonomy term that the request is intended to retrieve.")),
    responses(
        (status = 200, description = "Full information on a taxonomy term.", body = oa::TaxonomyTermDoc),
        (status = 400, description = "A parameter is wrong: the problem names it.", body = oa::ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No taxonomy term has this id.", body = oa::ProblemDoc, content_type = "application/problem+json"),
    )
)]
pub async fn get_taxonomy_term(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
    uri: OriginalUri,
    headers: HeaderMap,
) -> Response {
    let id = match path_id(id) {
        Ok(id) => id,
        Err(p) => return p.into_response(),
    };
    if let Err(p) = read("/taxonomy_terms/{id}", q.as_deref()) {
        return p.into_response();
    }
    run_one(state, headers, key_of(&uri), move |st| {
        let r = st
            .get(Table::TaxonomyTerm, &id)?
            .ok_or_else(|| Problem::not_found("taxonomy term", &id))?;
        Ok(Value::Object(nest::one_to_one(st, Table::TaxonomyTerm, r)?))
    })
    .await
}

/// Retrieve paginated listings of service_at_location that only have one-to-one fields in them.
#[utoipa::path(
    get,
    path = "/service_at_locations",
    operation_id = "getPaginatedListOfServiceAtLocation",
    tag = "services",
    params(SearchQuery, ServiceFilterQuery, SinceQuery, PageQuery, PostcodeQuery, GeoQuery),
    responses(
        (status = 200, description = "Retrieve paginated listings of service_at_location that only have one-to-one fields in them (with `format=ndjson`: one per line).",
            content((oa::ServiceAtLocationPage = "application/json"), (oa::ServiceAtLocationItem = "application/x-ndjson"))),
        (status = 400, description = "A parameter is wrong: the problem names it.", body = oa::ProblemDoc, content_type = "application/problem+json"),
    )
)]
pub async fn list_service_at_locations(
    State(state): State<Arc<AppState>>,
    RawQuery(q): RawQuery,
    uri: OriginalUri,
    headers: HeaderMap,
) -> Response {
    let plan = (|| -> Result<_, Problem> {
        let p = read("/service_at_locations", q.as_deref())?;
        Ok((
            Paging::read(&p)?,
            SearchParams::read(&p, true)?,
            since(&p)?,
            p.text("taxonomy_term_id").map(str::to_string),
            p.text("taxonomy_id").map(str::to_string),
            p.text("organization_id").map(str::to_string),
            p.bool("full")?.unwrap_or(false),
        ))
    })();
    let (paging, sp, since, term, taxonomy, org, full) = match plan {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let private = sp.any();
    let choose: Select = Box::new(move |st, index| {
        let searched = sp.any() || term.is_some();
        if !searched && org.is_none() && taxonomy.is_none() {
            return Ok(Selection::Table {
                table: Table::ServiceAtLocation,
                since,
            });
        }
        // Every way in gives (service, location) pairs, which name the service_at_location.
        let mut pairs: Vec<(String, String, Option<f64>)> = Vec::new();
        if searched {
            let mut seen = std::collections::HashSet::new();
            for (s, l, km) in select::search_hits(index, &sp, term.as_deref())? {
                if let Some(l) = l {
                    if seen.insert((s.clone(), l.clone())) {
                        pairs.push((s, l, km));
                    }
                }
            }
        }
        let mut services: Option<std::collections::BTreeSet<String>> = None;
        if let Some(o) = &org {
            services = Some(
                st.children(Table::Service, "organization_id", o)?
                    .iter()
                    .filter_map(|r| hsds::record_id(r).map(str::to_string))
                    .collect(),
            );
        }
        if let Some(t) = &taxonomy {
            let set = select::services_in_taxonomy(st, t)?;
            services = Some(match services {
                Some(s) => s.intersection(&set).cloned().collect(),
                None => set,
            });
        }
        let mut ids: Vec<Picked> = Vec::new();
        if searched {
            for (s, l, km) in pairs {
                if services.as_ref().is_some_and(|set| !set.contains(&s)) {
                    continue;
                }
                for sal in st.children(Table::ServiceAtLocation, "service_id", &s)? {
                    if sal.get("location_id").and_then(|v| v.as_str()) == Some(l.as_str()) {
                        if let Some(id) = hsds::record_id(&sal) {
                            ids.push(Picked {
                                id: id.to_string(),
                                distance_km: km,
                                service_area: None,
                            });
                        }
                    }
                }
            }
        } else {
            let mut all = Vec::new();
            for s in services.iter().flatten() {
                for sal in st.children(Table::ServiceAtLocation, "service_id", s)? {
                    if let Some(id) = hsds::record_id(&sal) {
                        all.push(id.to_string());
                    }
                }
            }
            all.sort();
            ids = select::picked(all);
        }
        let mut sel = Selection::Ids {
            table: Table::ServiceAtLocation,
            ids,
        };
        if let Some(s) = &since {
            retain_since(&mut sel, st, Table::ServiceAtLocation, s)?;
        }
        Ok(sel)
    });
    let render: Render = Arc::new(move |st, it| {
        if full {
            let m = object(nest::full(
                st,
                Table::ServiceAtLocation,
                it.record.clone(),
                OrgServices::Omit,
            )?);
            return Ok(extend(m, &it));
        }
        Ok(extend(sal_item(st, it.record.clone())?, &it))
    });
    run_list(
        state,
        headers,
        key_of(&uri),
        paging,
        choose,
        (render, None),
        private,
    )
    .await
}

/// The list form of a service_at_location: its fields, its location's and its service's.
fn sal_item(st: &dyn Store, mut record: Record) -> Result<Map<String, Value>, Problem> {
    let s = |r: &Record, k: &str| r.get(k).and_then(|v| v.as_str()).map(str::to_string);
    if let Some(l) = s(&record, "location_id") {
        if let Some(loc) = st.get(Table::Location, &l)? {
            record.insert("location".into(), Value::Object(loc));
        }
    }
    if let Some(sid) = s(&record, "service_id") {
        if let Some(svc) = st.get(Table::Service, &sid)? {
            record.insert("service".into(), Value::Object(service_item(st, svc)?));
        }
    }
    Ok(record)
}

/// Retrieve fully nested service_at_location with all related data with specified id.
///
/// The official file points this response at the service schema; haven follows the intent and
/// returns (and documents) the service_at_location, nested per its compiled schema.
#[utoipa::path(
    get,
    path = "/service_at_locations/{id}",
    operation_id = "getServiceAtLocationWithNestedDataById",
    tag = "services",
    params(("id" = String, Path, description = "The id of the service_at_location that the request is intended to retrieve."), LangQuery),
    responses(
        (status = 200, description = "Retrieve fully nested service_at_location with all related data with specified id.", body = oa::ServiceAtLocationFull),
        (status = 400, description = "A parameter is wrong: the problem names it.", body = oa::ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No service_at_location has this id.", body = oa::ProblemDoc, content_type = "application/problem+json"),
    )
)]
pub async fn get_service_at_location(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
    uri: OriginalUri,
    headers: HeaderMap,
) -> Response {
    let (id, want) = match id_and_language("/service_at_locations/{id}", id, q.as_deref(), &headers)
    {
        Ok(x) => x,
        Err(p) => return p.into_response(),
    };
    let key = lang_key(key_of(&uri), &want);
    let w = want.clone();
    let res = run_one(state, headers, key, move |st| {
        let r = st
            .get(Table::ServiceAtLocation, &id)?
            .ok_or_else(|| Problem::not_found("service_at_location", &id))?;
        let mut v = nest::full(st, Table::ServiceAtLocation, r, OrgServices::Omit)?;
        translate::apply(st, Table::ServiceAtLocation, &mut v, &w)?;
        Ok(v)
    })
    .await;
    say_language(res, &want)
}
