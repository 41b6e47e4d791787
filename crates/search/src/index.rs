//! The directory index: one document per service at a location (or per service with no
//! location), a grid for nearest and radius queries, the text index, and compact filters.
//!
//! Built in two phases from the store's raw JSON (order-independent): rows are parsed into
//! small structs, then linked. Everything a query needs is in memory; phones and names are
//! kept so a result can be shown without going back to the store.

use crate::hours::{Hours, OpenState};
use crate::text::TextIndex;
use chrono::{DateTime, Utc};
use hsds::Table;
use serde::Deserialize;
use std::collections::HashMap;

/// Mean Earth radius in km (IUGG), for haversine distances.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two points given in degrees.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// Hand the build's freed temporaries back to the operating system, so the process keeps
/// about what the index holds (glibc keeps freed heap otherwise).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: malloc_trim only returns free heap pages to the kernel; it touches no live
        // allocation and has no preconditions.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Kilometres per degree of latitude on the mean sphere.
const KM_PER_DEG: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;
/// Grid cell size in degrees: about 5.6 km north-south (dense cities hold hundreds per cell).
const CELL_DEG: f64 = 0.05;
const LAT_CELLS: i32 = (180.0 / CELL_DEG) as i32;
/// Rings walked cell by cell before switching to the list of non-empty cells (about 270 km).
const RING_WALK_LIMIT: i32 = 48;
const LON_CELLS: i32 = (360.0 / CELL_DEG) as i32;
/// Fine cells a side of a coarse cell (3 degrees), for the nearest search far from any data.
const COARSE: i32 = 60;
const COARSE_DEG: f64 = CELL_DEG * COARSE as f64;
const COARSE_ROWS: i32 = LAT_CELLS / COARSE;
const COARSE_COLS: i32 = LON_CELLS / COARSE;
/// Coarse rings walked before the rest are taken in order (a wider ring would wrap round).
const COARSE_RING_LIMIT: i32 = (COARSE_COLS - 1) / 2;

/// The coarse cell holding fine cell `key`, as (row, column).
fn coarse_of(key: u32) -> (i32, i32) {
    let (r, c) = (
        (key / LON_CELLS as u32) as i32,
        (key % LON_CELLS as u32) as i32,
    );
    (r / COARSE, c / COARSE)
}

/// Chebyshev distance in coarse cells from (r0, c0) to the coarse cell of fine cell `key`.
fn coarse_ring_of(r0: i32, c0: i32, key: u32) -> i32 {
    let (r, c) = coarse_of(key);
    let dc = (c - c0).rem_euclid(COARSE_COLS);
    (r - r0).abs().max(dc.min(COARSE_COLS - dc))
}

fn cell_of(lat: f64, lon: f64) -> (i32, i32) {
    let r = (((lat + 90.0) / CELL_DEG).floor() as i32).clamp(0, LAT_CELLS - 1);
    let c = (((lon + 180.0) / CELL_DEG).floor() as i32).rem_euclid(LON_CELLS);
    (r, c)
}

fn cell_key(r: i32, c: i32) -> u32 {
    (r as u32) * (LON_CELLS as u32) + c.rem_euclid(LON_CELLS) as u32
}

/// What a search asks for. Built by the CLI, the web pages and the API alike.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Free text, matched in English and Spanish.
    pub text: Option<String>,
    /// Where the person is (latitude, longitude in degrees).
    pub near: Option<(f64, f64)>,
    /// Only results within this many km (needs `near`).
    pub radius_km: Option<f64>,
    /// How many results at most.
    pub limit: usize,
    /// A taxonomy term: its id, code or name (case-insensitive); its sub-terms match too.
    pub taxonomy: Option<String>,
    /// A language the service speaks: code ("es") or name ("Spanish").
    pub language: Option<String>,
    /// Only services with a free-of-charge cost option.
    pub free: bool,
    /// Only services open at this instant ("open now" is `Utc::now()`).
    pub open_at: Option<DateTime<Utc>>,
    /// Evaluate open/closed at this instant for display without filtering (defaults to now).
    pub status_at: Option<DateTime<Utc>>,
    /// Include services whose status is not `active`.
    pub include_inactive: bool,
}

/// One result: a service, at a location when it has one.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// The service's HSDS id.
    pub service_id: String,
    /// The service's name.
    pub name: String,
    /// The organization's name.
    pub organization: String,
    /// The location's HSDS id, when the service is at a location.
    pub location_id: Option<String>,
    /// Latitude in degrees.
    pub latitude: Option<f64>,
    /// Longitude in degrees.
    pub longitude: Option<f64>,
    /// Great-circle distance from the query point, in km.
    pub distance_km: Option<f64>,
    /// Open now (or at the asked time): true, false, or null when the hours are unknown.
    pub open: Option<bool>,
    /// Phone numbers, as listed.
    pub phones: Vec<String>,
    /// Text relevance (only for text queries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// The location is confidential (a shelter, a safe house): no coordinates are given, and
    /// `distance_km` is measured from a coarse grid point ([`CONFIDENTIAL_GRID_DEG`]).
    pub confidential: bool,
    /// `distance_km` is rounded to whole km (at least 1): say "about N km".
    pub distance_approximate: bool,
}

/// A service that serves the query point's area (a hotline, a citywide line) and has no place
/// nearer to show: listed apart from the distance-ordered hits, never mixed into them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AreaHit {
    /// The service's HSDS id.
    pub service_id: String,
    /// The service's name.
    pub name: String,
    /// The organization's name.
    pub organization: String,
    /// The `service_area.name` of the most local of its areas that holds the point.
    pub service_area: String,
    /// Phone numbers, as listed.
    pub phones: Vec<String>,
    /// Open now (or at the asked time): true, false, or null when the hours are unknown.
    pub open: Option<bool>,
    /// Text relevance (only for text queries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
}

/// Confidential locations are placed on a grid of this many degrees (about 5.6 km north-south)
/// when the index is built: their precise coordinates are never kept, so no result can carry them.
pub const CONFIDENTIAL_GRID_DEG: f64 = 0.05;

/// The grid point a confidential location is placed on.
fn snap(v: f64) -> f64 {
    (v / CONFIDENTIAL_GRID_DEG).round() * CONFIDENTIAL_GRID_DEG
}

/// A text query word that names a service type, for a service of that type, scores this: more
/// than any one word's BM25 score can be, so typed services rank first, and all alike, so among
/// them the nearest comes first.
const TYPE_SCORE: f32 = 64.0;

/// The answer to a query, with what a person needs to understand an empty one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    /// Best first.
    pub hits: Vec<Hit>,
    /// With `near`: services without a nearer place whose area served holds the point, most
    /// relevant (with text), then most local (postal list, county, city, state, country) first.
    pub area_hits: Vec<AreaHit>,
    /// Query words that matched nothing in the directory.
    pub unmatched_terms: Vec<String>,
}

/// A query that cannot be answered as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SearchError {
    /// The taxonomy filter names no term.
    #[error("no service type \"{term}\"; known types include: {}", known.join(", "))]
    UnknownTaxonomy {
        /// What was asked.
        term: String,
        /// Some codes that exist.
        known: Vec<String>,
    },
    /// A radius without a point to measure from.
    #[error("--radius needs a place to measure from (--near)")]
    RadiusWithoutNear,
    /// A radius that is not a positive number of km.
    #[error("radius {0} km is not a positive distance")]
    BadRadius(f64),
    /// Coordinates out of range.
    #[error("{lat},{lon} is not a point on Earth (latitude -90..90, longitude -180..180)")]
    BadPoint {
        /// Latitude given.
        lat: f64,
        /// Longitude given.
        lon: f64,
    },
}

/// The index cannot be built from the store.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The store could not be read.
    #[error("reading the store: {0}")]
    Store(#[from] store::StoreError),
    /// A stored record is not the JSON the index expects.
    #[error("{table} record in the store is not valid: {reason}")]
    Record {
        /// Which table.
        table: Table,
        /// What is wrong.
        reason: String,
    },
}

/// A record id kept small: a canonical uuid (nearly every id) as its 16 bytes, anything else as
/// text. Orders exactly as the ids' text does, so ties break the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Id {
    Uuid([u8; 16]),
    Text(Box<str>),
}

impl Id {
    #[cfg(test)]
    fn new(s: &str) -> Id {
        match hsds::canonical_uuid(s) {
            Some(v) => Id::Uuid(v.to_be_bytes()),
            None => Id::Text(s.into()),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Id::Text(t) if t.is_empty())
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Id::Uuid(_) => 0,
            Id::Text(t) if t.is_empty() => 0,
            Id::Text(t) => (t.len() + 8).max(32),
        }
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Id::Text(t) => f.write_str(t),
            Id::Uuid(b) => {
                // Hex by table into one buffer: every result row prints its ids.
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let mut out = [0u8; 36];
                let mut o = 0;
                for (i, byte) in b.iter().enumerate() {
                    if matches!(i, 4 | 6 | 8 | 10) {
                        out[o] = b'-';
                        o += 1;
                    }
                    out[o] = HEX[usize::from(byte >> 4)];
                    out[o + 1] = HEX[usize::from(byte & 15)];
                    o += 2;
                }
                // Only ASCII hex digits and hyphens were written.
                f.write_str(std::str::from_utf8(&out).map_err(|_| std::fmt::Error)?)
            }
        }
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self, other) {
            // Canonical uuids are fixed-width lowercase hex: byte order is text order.
            (Id::Uuid(a), Id::Uuid(b)) => a.cmp(b),
            (Id::Text(a), Id::Text(b)) => a.cmp(b),
            _ => self.to_string().cmp(&other.to_string()),
        }
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Between phone numbers in [`Service::phones`] (a character no number contains).
const PHONE_SEP: char = '\u{1f}';

/// A piece of [`Core::strings`]: names and phone lists live in one buffer, not in a million
/// small heap blocks.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn push(arena: &mut String, s: &str) -> Span {
        let start = arena.len();
        arena.push_str(s);
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            len: u32::try_from(s.len()).unwrap_or(0),
        }
    }

    fn get(self, arena: &str) -> &str {
        let a = self.start as usize;
        arena.get(a..a + self.len as usize).unwrap_or("")
    }

    /// The same text once its buffer is appended after `by` bytes of another.
    fn shifted(self, by: usize) -> Span {
        let start = (self.start as usize).saturating_add(by);
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            len: self.len,
        }
    }
}

/// A service as queries need it, compact: one heap block per list, ids as 16 bytes, names and
/// phones in the shared string buffer.
struct Service {
    id: Id,
    name: Span,
    org: u32,
    /// Phone numbers joined by [`PHONE_SEP`].
    phones: Span,
    /// Language codes and names, lowercased, as ids into `Core::language_ids`.
    languages: Box<[u16]>,
    /// Taxonomy term indexes (with their ancestors).
    terms: Box<[u32]>,
    hours: Option<Hours>,
    /// Zone from the schedules' numeric offset when no location gives one (last resort).
    fallback_zone: Option<chrono_tz::Tz>,
}

impl Service {
    fn phones<'a>(&self, arena: &'a str) -> impl Iterator<Item = &'a str> {
        self.phones
            .get(arena)
            .split(PHONE_SEP)
            .filter(|p| !p.is_empty())
    }
}

/// A service while the index is being linked: lists still growing.
struct ServiceDraft {
    id: Id,
    org: u32,
    active: bool,
    free: bool,
    /// In the parsed rows' phone buffer.
    phones: Vec<Span>,
    languages: Vec<u16>,
    terms: Vec<u32>,
    hours: Option<Hours>,
    fallback_zone: Option<chrono_tz::Tz>,
}

impl ServiceDraft {
    fn finish(self, arena: &mut String, phone_text: &str) -> Service {
        let start = arena.len();
        for (i, p) in self.phones.iter().enumerate() {
            if i > 0 {
                arena.push(PHONE_SEP);
            }
            arena.extend(p.get(phone_text).chars().filter(|&c| c != PHONE_SEP));
        }
        Service {
            id: self.id,
            // Set from the parsed text once the text thread hands it back.
            name: Span::default(),
            org: self.org,
            phones: Span {
                start: u32::try_from(start).unwrap_or(u32::MAX),
                len: u32::try_from(arena.len() - start).unwrap_or(0),
            },
            languages: self.languages.into_boxed_slice(),
            terms: self.terms.into_boxed_slice(),
            hours: self.hours,
            fallback_zone: self.fallback_zone,
        }
    }
}

struct Doc {
    service: u32,
    location: u32,
    lat: f64,
    lon: f64,
    has_point: bool,
    tz: Option<chrono_tz::Tz>,
    /// Hours of this service at this location, when they differ from the service's.
    hours: Option<u32>,
    /// Languages spoken at the location, lowercased.
    languages: u32,
    /// The service's and the location's languages under id 64, as bits, so the language
    /// filter reads only the doc (the service is a cache miss away).
    lang_mask: u64,
    /// [`DOC_ACTIVE`] and [`DOC_FREE`]: the service's status and cost, copied for the same reason.
    flags: u8,
}

/// [`Doc::flags`]: the service is active.
const DOC_ACTIVE: u8 = 1;
/// [`Doc::flags`]: the service has a free-of-charge cost option.
const DOC_FREE: u8 = 2;
/// [`Doc::flags`]: the location is confidential (its point is already snapped to the grid).
const DOC_CONFIDENTIAL: u8 = 4;

fn doc_flags(s: &ServiceDraft) -> u8 {
    (if s.active { DOC_ACTIVE } else { 0 }) | (if s.free { DOC_FREE } else { 0 })
}

/// Languages under id 64 as bits.
fn mask_of(languages: &[u16]) -> u64 {
    languages
        .iter()
        .filter(|&&l| l < 64)
        .fold(0u64, |m, &l| m | (1u64 << l))
}

#[derive(Clone)]
struct Term {
    id: Box<str>,
    code: Option<Box<str>>,
    name: Box<str>,
}

/// One built part of the directory index (the base, or the delta of changed services),
/// ready to answer queries; [`crate::Index`] runs queries over one or two of them.
pub(crate) struct Core {
    services: Vec<Service>,
    orgs: std::sync::Arc<[Box<str>]>,
    locations: Vec<Id>,
    /// Service names and phone lists, referred to by [`Span`]s.
    strings: String,
    docs: Vec<Doc>,
    /// Doc indexes sorted by grid cell; `cells` maps a cell to its slice.
    by_cell: Vec<u32>,
    cells: crate::text::FxHashMap<u32, (u32, u32)>,
    /// Coarse cell (row * COARSE_COLS + column) -> its non-empty fine cells.
    coarse: crate::text::FxHashMap<u32, Box<[u32]>>,
    /// Per service: its docs, as `service_doc_list[service_doc_start[s]..service_doc_start[s + 1]]`.
    service_doc_start: Vec<u32>,
    service_doc_list: Vec<u32>,
    text: TextIndex,
    terms: std::sync::Arc<[Term]>,
    sal_hours: Vec<Hours>,
    location_languages: Vec<Vec<u16>>,
    /// Every language code and name seen, lowercased, numbered.
    language_ids: crate::text::FxHashMap<Box<str>, u16>,
    /// The areas services serve, resolved to outlines, each with its [`crate::areas::rank`]
    /// and uri.
    areas: Vec<(crate::areas::Resolved, u8, Box<str>)>,
    /// (service, area, `service_area.name`), by service then area rank.
    service_areas: Vec<(u32, u32, Box<str>)>,
    /// Per entry of [`crate::types::TYPE_WORDS`]: the services of that type, sorted.
    type_services: Vec<Vec<u32>>,
    /// Per term: how many services are linked to it (with their terms' ancestors), and
    /// whether it is another term's parent, so the type menu lists what can be found, not a
    /// taxonomy's empty branches and headings.
    term_count: Vec<u32>,
    is_parent: Vec<bool>,
    /// The taxonomy rows as read, so a delta numbers its terms exactly as this part does.
    term_rows: std::sync::Arc<[TermRow]>,
    /// The language keys in id order, so a delta numbers its languages as this part does.
    language_keys: Vec<Box<str>>,
    /// What each row read counted for: see [`Dep`]. Sorted by row hash.
    pub(crate) deps: Vec<Dep>,
    /// Every storage position fitted in a [`Dep`] (a delta can order its rows by them).
    pub(crate) positions_ok: bool,
}

/// A taxonomy term as read: its key, the term, its parent's key.
type TermRow = (Key, Term, Option<Key>);

/// One row the index read, for following changes: the hash of its table and id
/// ([`row_hash`]), what it counted for (a service number, a location number with
/// [`LOCATION_OWNER`], or [`NO_OWNER`]) and its storage position (ordered tables only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Dep {
    pub hash: u64,
    pub owner: u32,
    pub pos: u32,
}

/// [`Dep::owner`]: the row counted for every service at this location.
pub(crate) const LOCATION_OWNER: u32 = 1 << 31;
/// [`Dep::owner`]: the row counted for nothing (it names no record this part holds).
pub(crate) const NO_OWNER: u32 = u32::MAX;

/// A row's table and id, hashed: what [`Dep`]s are found by. Uuids (nearly every id) are mixed
/// from their 128 bits, other ids from their bytes.
pub(crate) fn row_hash(table: Table, id: &str) -> u64 {
    key_hash(table, &key(id))
}

fn key_hash(table: Table, k: &Key) -> u64 {
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let t = (table as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    match k {
        Key::U(v) => mix(mix((*v as u64) ^ t) ^ ((*v >> 64) as u64)),
        Key::S(s) => {
            let mut h = mix(t ^ 0x5851_F42D_4C95_7F2D);
            for c in s.as_bytes().chunks(8) {
                let mut b = [0u8; 8];
                b[..c.len()].copy_from_slice(c);
                h = mix(h ^ u64::from_le_bytes(b));
            }
            mix(h ^ s.len() as u64)
        }
    }
}

/// A text query resolved once: the words that name a service type, and the rest.
struct PreparedText {
    /// The words that name no type (all of them when none does).
    rest: crate::text::TextQuery,
    /// `rest` has no searchable word.
    rest_empty: bool,
    /// Per type named (that some service has): its entry and its words as a text query.
    typed: Vec<(usize, crate::text::TextQuery)>,
}

// Phase-one row shapes: only the fields the index needs, borrowed from the stored JSON.
type S<'a> = std::borrow::Cow<'a, str>;

#[derive(Deserialize)]
struct JOrg<'a> {
    #[serde(borrow)]
    id: S<'a>,
    #[serde(borrow, default)]
    name: Option<S<'a>>,
}

#[derive(Deserialize)]
struct JService<'a> {
    #[serde(borrow)]
    id: S<'a>,
    #[serde(borrow, default)]
    organization_id: Option<S<'a>>,
    #[serde(borrow, default)]
    name: Option<S<'a>>,
    #[serde(borrow, default)]
    alternate_name: Option<S<'a>>,
    #[serde(borrow, default)]
    description: Option<S<'a>>,
    #[serde(borrow, default)]
    status: Option<S<'a>>,
}

#[derive(Deserialize)]
struct JLocation<'a> {
    #[serde(borrow)]
    id: S<'a>,
    #[serde(default)]
    latitude: Option<f64>,
    #[serde(default)]
    longitude: Option<f64>,
}

#[derive(Deserialize)]
struct JRefs<'a> {
    #[serde(borrow, default)]
    id: Option<S<'a>>,
    #[serde(borrow, default)]
    service_id: Option<S<'a>>,
    #[serde(borrow, default)]
    location_id: Option<S<'a>>,
    #[serde(borrow, default)]
    service_at_location_id: Option<S<'a>>,
    #[serde(borrow, default)]
    number: Option<S<'a>>,
    #[serde(borrow, default)]
    code: Option<S<'a>>,
    #[serde(borrow, default)]
    name: Option<S<'a>>,
    #[serde(borrow, default)]
    parent_id: Option<S<'a>>,
    #[serde(borrow, default)]
    link_id: Option<S<'a>>,
    #[serde(borrow, default)]
    link_entity: Option<S<'a>>,
    #[serde(borrow, default)]
    taxonomy_term_id: Option<S<'a>>,
    #[serde(default)]
    amount: Option<f64>,
    #[serde(borrow, default)]
    option: Option<S<'a>>,
    #[serde(borrow, default)]
    uri: Option<S<'a>>,
}

/// A schedule row: its owners, and the fields the hours parser reads, borrowed from the JSON.
#[derive(Deserialize)]
struct JSchedule<'a> {
    #[serde(borrow, default)]
    service_id: Option<S<'a>>,
    #[serde(borrow, default)]
    location_id: Option<S<'a>>,
    #[serde(borrow, default)]
    service_at_location_id: Option<S<'a>>,
    #[serde(borrow, default)]
    id: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    timezone: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    opens_at: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    closes_at: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    byday: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    bymonthday: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    byweekno: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    byyearday: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    count: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    dtstart: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    freq: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    interval: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    until: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    valid_from: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    valid_to: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    wkst: Option<Scalar<'a>>,
}

impl crate::hours::Row for JSchedule<'_> {
    fn field(&self, name: &str) -> Option<crate::hours::Field<'_>> {
        let v = match name {
            "id" => &self.id,
            "timezone" => &self.timezone,
            "opens_at" => &self.opens_at,
            "closes_at" => &self.closes_at,
            "byday" => &self.byday,
            "bymonthday" => &self.bymonthday,
            "byweekno" => &self.byweekno,
            "byyearday" => &self.byyearday,
            "count" => &self.count,
            "dtstart" => &self.dtstart,
            "freq" => &self.freq,
            "interval" => &self.interval,
            "until" => &self.until,
            "valid_from" => &self.valid_from,
            "valid_to" => &self.valid_to,
            "wkst" => &self.wkst,
            _ => return None,
        };
        match v.as_ref()? {
            Scalar::Str(s) => Some(crate::hours::Field::Str(s)),
            Scalar::Num(n) => Some(crate::hours::Field::Num(*n)),
            Scalar::Null => None,
            Scalar::Other(o) => Some(crate::hours::Field::Other(o.clone())),
        }
    }
}

/// A JSON value as the hours parser sees it, read without building a `serde_json::Value`.
enum Scalar<'a> {
    Str(S<'a>),
    Num(f64),
    Null,
    /// A boolean, array or object, as JSON text (the parser only names it in a message).
    Other(String),
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = Scalar<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Str(S::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Str(S::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Str(S::Owned(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Num(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Num(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Num(v as f64))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Other(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E>(self) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Null)
            }
            fn visit_some<D2: serde::Deserializer<'de>>(
                self,
                d: D2,
            ) -> Result<Scalar<'a>, D2::Error> {
                Scalar::deserialize(d)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, a: A) -> Result<Scalar<'a>, A::Error> {
                let v = serde_json::Value::deserialize(
                    serde::de::value::SeqAccessDeserializer::new(a),
                )?;
                Ok(Scalar::Other(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, a: A) -> Result<Scalar<'a>, A::Error> {
                let v = serde_json::Value::deserialize(
                    serde::de::value::MapAccessDeserializer::new(a),
                )?;
                Ok(Scalar::Other(v.to_string()))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// An id as a map key: canonical uuids as 128 bits (fast to hash, small), anything else as text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    U(u128),
    S(Box<str>),
}

fn key(id: &str) -> Key {
    match hsds::canonical_uuid(id) {
        Some(v) => Key::U(v),
        None => Key::S(id.into()),
    }
}

/// A record's own id as both a map key and the compact id kept in the index (one parse).
fn key_and_id(id: &str) -> (Key, Id) {
    match hsds::canonical_uuid(id) {
        Some(v) => (Key::U(v), Id::Uuid(v.to_be_bytes())),
        None => (Key::S(id.into()), Id::Text(id.into())),
    }
}

type KeyMap<V> = crate::text::FxHashMap<Key, V>;

fn bad(table: Table, e: serde_json::Error) -> BuildError {
    BuildError::Record {
        table,
        reason: e.to_string(),
    }
}

impl Core {
    /// Build the index from everything in the store.
    pub(crate) fn build(st: &dyn store::Store) -> Result<Core, BuildError> {
        let trace = std::env::var_os("HAVEN_TRACE").is_some();
        let t0 = std::time::Instant::now();
        // The store is read in parts, one per core, each parsed on the thread that reads it.
        let parts = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
        let raw = match Raw::scan(st, parts, store::SCAN_CHUNK) {
            // An import landed between the parts' snapshots: read it again in one piece.
            Err(BuildError::Store(store::StoreError::ChangedDuringScan { .. })) => {
                Raw::scan(st, 1, store::SCAN_CHUNK)?
            }
            other => other?,
        };
        if trace {
            eprintln!("TRACE scan+parse {:?} ({parts} parts)", t0.elapsed());
        }
        let t1 = std::time::Instant::now();
        let index = raw.link();
        if trace {
            eprintln!("TRACE link {:?}", t1.elapsed());
        }
        let t2 = std::time::Instant::now();
        release_freed_memory();
        if trace {
            eprintln!("TRACE release freed memory {:?}", t2.elapsed());
        }
        Ok(index)
    }

    /// [`Core::build`] reading the store in `parts` parts of `chunk`-record runs, so tests can
    /// hold a split read to the same answers as a whole one.
    pub(crate) fn build_in_parts(
        st: &dyn store::Store,
        parts: usize,
        chunk: u64,
    ) -> Result<Core, BuildError> {
        Ok(Raw::scan(st, parts, chunk)?.link())
    }

    /// Number of documents (service-location pairs) in this part.
    pub(crate) fn doc_count(&self) -> usize {
        self.docs.len()
    }

    /// The service number of the service with this id, if this part holds it.
    pub(crate) fn service_number(&self, id: &str) -> Option<u32> {
        let h = row_hash(Table::Service, id);
        let from = self.deps.partition_point(|d| d.hash < h);
        self.deps[from..]
            .iter()
            .take_while(|d| d.hash == h)
            .map(|d| d.owner)
            .find(|&s| {
                self.services
                    .get(s as usize)
                    .is_some_and(|x| x.id.to_string() == id)
            })
    }

    /// The rows with this hash ([`row_hash`]) this part read.
    pub(crate) fn deps_of(&self, hash: u64) -> &[Dep] {
        let from = self.deps.partition_point(|d| d.hash < hash);
        let to = from + self.deps[from..].partition_point(|d| d.hash == hash);
        &self.deps[from..to]
    }

    /// A service's id.
    pub(crate) fn service_id(&self, s: u32) -> Option<String> {
        self.services.get(s as usize).map(|x| x.id.to_string())
    }

    /// A location's id.
    pub(crate) fn location_id(&self, l: u32) -> Option<String> {
        self.locations
            .get(l as usize)
            .filter(|x| !x.is_empty())
            .map(|x| x.to_string())
    }
}

/// The taxonomy terms (service types) some live service of the parts is linked to, as (code or
/// id, name), by name: what a "type of help" menu offers (no empty branches, no headings; a
/// filter may still name any term). Every part has the same terms.
pub(crate) fn service_types_of(parts: &[Part<'_>]) -> Vec<(String, String)> {
    let Some(first) = parts.first() else {
        return Vec::new();
    };
    let count = |t: usize| -> u64 {
        parts
            .iter()
            .map(|p| {
                let n = p.core.term_count.get(t).copied().unwrap_or(0);
                let dead = p
                    .dead
                    .and_then(|d| d.term_count.get(t).copied())
                    .unwrap_or(0);
                u64::from(n.saturating_sub(dead))
            })
            .sum()
    };
    let core = first.core;
    {
        let mut v: Vec<(String, String)> = core
            .terms
            .iter()
            .enumerate()
            .filter(|(i, _)| count(*i) > 0 && !core.is_parent.get(*i).copied().unwrap_or(false))
            .map(|(_, t)| {
                let key = t.code.as_deref().unwrap_or(&t.id).to_string();
                (key, t.name.to_string())
            })
            .collect();
        v.sort_by(|a, b| {
            a.1.to_lowercase()
                .cmp(&b.1.to_lowercase())
                .then(a.0.cmp(&b.0))
        });
        v.dedup();
        v
    }
}

impl Core {
    /// Resolve a taxonomy filter to term indexes, or say which terms exist.
    fn term_filter(&self, term: &str) -> Result<u32, SearchError> {
        let t = term.trim().to_lowercase();
        self.terms
            .iter()
            .position(|x| {
                x.id.as_ref() == t
                    || x.code.as_deref().is_some_and(|c| c.to_lowercase() == t)
                    || x.name.to_lowercase() == t
            })
            .map(|i| i as u32)
            .ok_or_else(|| SearchError::UnknownTaxonomy {
                term: term.to_string(),
                known: self
                    .terms
                    .iter()
                    .filter_map(|x| x.code.as_deref().map(str::to_string))
                    .take(12)
                    .collect(),
            })
    }

    fn hours_of(&self, d: &Doc) -> Option<&Hours> {
        match d.hours {
            Some(h) => self.sal_hours.get(h as usize),
            None => self.services[d.service as usize].hours.as_ref(),
        }
    }

    /// [`Self::open_state`], reading the instant in the doc's zone once per zone.
    fn open_state_in(
        &self,
        d: &Doc,
        at: DateTime<Utc>,
        zones: &mut Vec<(chrono_tz::Tz, crate::hours::LocalTime)>,
    ) -> OpenState {
        let (Some(tz), Some(h)) = (d.tz, self.hours_of(d)) else {
            return self.open_state(d, at);
        };
        if h.is_empty() {
            return OpenState::Unknown;
        }
        let i = match zones.iter().position(|(z, _)| *z == tz) {
            Some(i) => i,
            None => {
                zones.push((tz, crate::hours::LocalTime::new(tz, at)));
                zones.len() - 1
            }
        };
        h.state_at_local(&zones[i].1)
    }

    fn open_state(&self, d: &Doc, at: DateTime<Utc>) -> OpenState {
        let Some(h) = self.hours_of(d) else {
            return OpenState::Unknown;
        };
        if h.is_empty() {
            return OpenState::Unknown;
        }
        match d.tz {
            Some(tz) => h.state_at(tz, at),
            None => match self.services[d.service as usize].fallback_zone {
                Some(tz) => h.state_at(tz, at),
                // No place and no offset (a national hotline): the answer stands only if it is
                // the same in every whole-hour zone on Earth, as for "24 hours, every day".
                None => {
                    let first = h.state_at(chrono_tz::Etc::GMTPlus12, at);
                    let same = WHOLE_HOUR_ZONES.iter().all(|&z| h.state_at(z, at) == first);
                    if same {
                        first
                    } else {
                        OpenState::Unknown
                    }
                }
            },
        }
    }

    /// The filters a doc answers by itself, without its service or its hours: false only when
    /// [`Self::passes`] would be false too.
    #[inline]
    fn passes_quick(&self, d: &Doc, f: &Filters<'_>) -> bool {
        f.dead.is_none_or(|b| !bit_set(b, d.service))
            && (f.include_inactive || d.flags & DOC_ACTIVE != 0)
            && (!f.free || d.flags & DOC_FREE != 0)
            && f.language
                .is_none_or(|lang| lang >= 64 || d.lang_mask & (1u64 << lang) != 0)
    }

    /// Does a doc pass every non-geo, non-text filter?
    fn passes(&self, d: &Doc, f: &Filters<'_>) -> bool {
        if f.dead.is_some_and(|b| bit_set(b, d.service)) {
            return false;
        }
        if !f.include_inactive && d.flags & DOC_ACTIVE == 0 {
            return false;
        }
        if f.free && d.flags & DOC_FREE == 0 {
            return false;
        }
        if let Some(lang) = f.language {
            let spoken = if lang < 64 {
                d.lang_mask & (1u64 << lang) != 0
            } else {
                self.services[d.service as usize].languages.contains(&lang)
                    || self
                        .location_languages
                        .get(d.languages as usize)
                        .is_some_and(|l| l.contains(&lang))
            };
            if !spoken {
                return false;
            }
        }
        if let Some(t) = f.term {
            if !self.services[d.service as usize].terms.contains(&t) {
                return false;
            }
        }
        if let Some(at) = f.open_at {
            // With a zone, read the local time once per zone per query.
            let state = match (d.tz, self.hours_of(d)) {
                (Some(tz), Some(h)) if !h.is_empty() => {
                    let mut cache = f.local.borrow_mut();
                    let i = match cache.iter().position(|(z, _)| *z == tz) {
                        Some(i) => i,
                        None => {
                            cache.push((tz, crate::hours::LocalTime::new(tz, at)));
                            cache.len() - 1
                        }
                    };
                    // Most candidates of a night-time query are closed all that hour.
                    if !h.may_be_open(&cache[i].1) {
                        return false;
                    }
                    h.state_at_local(&cache[i].1)
                }
                _ => self.open_state(d, at),
            };
            if state != OpenState::Open {
                return false;
            }
        }
        true
    }

    /// This part's best `limit` docs for a query, in result order (relevance, then distance,
    /// then service and location id), with the text words that matched nothing. Without
    /// text, nothing farther than `bound` km is wanted (an earlier part found `limit` nearer).
    fn pick(
        &self,
        q: &Query,
        filters: &Filters<'_>,
        (text, prepared): (Option<&str>, Option<&PreparedText>),
        limit: usize,
        bound: f64,
    ) -> (Picked, Vec<String>) {
        let typed = prepared.is_some_and(|p| !p.typed.is_empty());
        let mut unmatched = Vec::new();
        let picked: Vec<(u32, Option<f64>, Option<f32>)>;
        match (text, q.near) {
            (Some(_), Some((lat, lon))) if q.radius_km.is_some() && !typed => {
                // Text within a radius: the radius's documents, each tested against the
                // prepared query (a bit test) and scored only when it matches.
                let Some(tq) = prepared.map(|p| &p.rest) else {
                    return (Vec::new(), Vec::new());
                };
                unmatched = tq.unmatched_terms().to_vec();
                let mut scored: Vec<(u32, f64, f32)> = Vec::new();
                if !tq.matches_nothing() {
                    let radius = q.radius_km.unwrap_or(0.0);
                    let keep = |doc: &Doc| {
                        self.passes_quick(doc, filters) && self.text.matches(tq, doc.service)
                    };
                    let mut found: Vec<(u32, f64)> = Vec::new();
                    let mut svcs: Vec<u32> = Vec::new();
                    self.for_each_within(lat, lon, radius, &keep, &mut |d, km| {
                        let doc = &self.docs[d as usize];
                        if self.passes(doc, filters) {
                            found.push((d, km));
                            svcs.push(doc.service);
                        }
                    });
                    // Scored together, so the text index's reads run ahead of the scoring.
                    let scores = self.text.score_each(tq, &svcs);
                    scored = found
                        .into_iter()
                        .zip(scores)
                        .filter_map(|((d, km), s)| s.map(|s| (d, km, s)))
                        .collect();
                }
                top_k(&mut scored, limit, |a, b| {
                    b.2.total_cmp(&a.2)
                        .then(a.1.total_cmp(&b.1))
                        .then_with(|| self.tiebreak(a.0, b.0))
                });
                picked = scored
                    .into_iter()
                    .map(|(d, km, s)| (d, Some(km), Some(s)))
                    .collect();
            }
            (Some(_), near) => {
                let Some(p) = prepared else {
                    return (Vec::new(), Vec::new());
                };
                let r = self.text_hits(p);
                unmatched = r.unmatched_terms;
                let mut scored: Vec<(u32, Option<f64>, f32)> = Vec::new();
                for (svc, score) in r.hits {
                    for &d in self.docs_of(svc) {
                        let doc = &self.docs[d as usize];
                        let dist = match near {
                            Some((lat, lon)) if doc.has_point => {
                                Some(haversine_km(lat, lon, doc.lat, doc.lon))
                            }
                            Some(_) => None,
                            None => None,
                        };
                        if near.is_some() && dist.is_none() {
                            continue;
                        }
                        if let (Some(r), Some(km)) = (q.radius_km, dist) {
                            if km > r {
                                continue;
                            }
                        }
                        if self.passes(doc, filters) {
                            scored.push((d, dist, score));
                        }
                    }
                }
                top_k(&mut scored, limit, |a, b| {
                    b.2.total_cmp(&a.2)
                        .then(a.1.unwrap_or(0.0).total_cmp(&b.1.unwrap_or(0.0)))
                        .then_with(|| self.tiebreak(a.0, b.0))
                });
                picked = scored
                    .into_iter()
                    .map(|(d, km, s)| (d, km, Some(s)))
                    .collect();
            }
            (None, Some((lat, lon))) => {
                let found = match q.radius_km {
                    Some(r) => self.nearest(lat, lon, filters, limit, r.min(bound)),
                    None => self.nearest(lat, lon, filters, limit, bound),
                };
                picked = found
                    .into_iter()
                    .map(|(d, km)| (d, Some(km), None))
                    .collect();
            }
            (None, None) => {
                // No place and no text: every matching service, by service id.
                let mut all: Vec<u32> = (0..self.docs.len() as u32)
                    .filter(|&d| self.passes(&self.docs[d as usize], filters))
                    .collect();
                all.sort_by(|&a, &b| self.tiebreak(a, b));
                all.truncate(limit);
                picked = all.into_iter().map(|d| (d, None, None)).collect();
            }
        }
        (picked, unmatched)
    }

    /// Resolve a text query against every part: the words that name a service type some live
    /// service has ([`crate::types`]), and the rest; one [`PreparedText`] per part.
    fn prepare_text(parts: &[Part<'_>], t: &str) -> Vec<PreparedText> {
        let split = crate::types::split(t);
        let tparts: Vec<crate::text::TextPart<'_>> = parts
            .iter()
            .map(|p| crate::text::TextPart {
                ix: &p.core.text,
                dead: p.dead.map(|d| &d.text),
            })
            .collect();
        let mut rest = vec![split.rest];
        let mut typed: Vec<(usize, Vec<crate::text::TextQuery>)> = Vec::new();
        for (entry, words) in split.types {
            if parts.iter().any(|p| p.has_type(entry)) {
                typed.push((entry, crate::text::joint_query(&tparts, &words)));
            } else {
                rest.push(words);
            }
        }
        // Without a type, the query is read exactly as before (the text index's own paths).
        let rest = if typed.is_empty() {
            crate::text::joint_query(&tparts, t)
        } else {
            crate::text::joint_query(&tparts, &rest.join(" "))
        };
        rest.into_iter()
            .enumerate()
            .map(|(i, rest)| PreparedText {
                rest_empty: rest.is_empty(),
                rest,
                typed: typed.iter().map(|(e, qs)| (*e, qs[i].clone())).collect(),
            })
            .collect()
    }

    /// A service's relevance for a prepared query, None when it does not match: a word that
    /// names a type scores [`TYPE_SCORE`] for a service of that type, else its text score.
    fn score_one(&self, p: &PreparedText, svc: u32) -> Option<f32> {
        if p.typed.is_empty() {
            return self.text.score(&p.rest, svc);
        }
        let mut score = 0.0;
        if !p.rest_empty {
            score += self.text.score(&p.rest, svc)?;
        }
        for (entry, words) in &p.typed {
            let of_type = self
                .type_services
                .get(*entry)
                .is_some_and(|v| v.binary_search(&svc).is_ok());
            score += if of_type {
                TYPE_SCORE
            } else {
                self.text.score(words, svc)?
            };
        }
        Some(score)
    }

    /// Every service of this part matching a text query, best first (ties by service number),
    /// with the words that matched nothing.
    fn text_hits(&self, p: &PreparedText) -> crate::text::TextResult {
        let candidates = match p.typed.first() {
            None => self.text.matching_query(&p.rest),
            Some((first, words)) if p.rest_empty => {
                let mut v = self.type_services.get(*first).cloned().unwrap_or_default();
                v.extend(self.text.matching_query(words));
                v.sort_unstable();
                v.dedup();
                v
            }
            Some(_) => self.text.matching_query(&p.rest),
        };
        let mut hits: Vec<(u32, f32)> = candidates
            .into_iter()
            .filter_map(|s| self.score_one(p, s).map(|x| (s, x)))
            .collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        crate::text::TextResult {
            hits,
            unmatched_terms: p.rest.unmatched_terms().to_vec(),
        }
    }

    /// Services of this part without a place among `hits` whose area holds the point and that
    /// pass the query's filters (text included; the radius does not apply: a line serves its
    /// whole area), as (doc, score, area rank, row of `service_areas`).
    fn area_found(
        &self,
        (lat, lon): (f64, f64),
        f: &Filters<'_>,
        text: Option<&PreparedText>,
        hits: &[Hit],
    ) -> Vec<(u32, Option<f32>, u8, usize)> {
        if self.service_areas.is_empty() {
            return Vec::new();
        }
        // Each area is tested against the point at most once per query.
        let mut inside: Vec<Option<bool>> = vec![None; self.areas.len()];
        let mut found: Vec<(u32, Option<f32>, u8, usize)> = Vec::new();
        let rows = &self.service_areas;
        let mut i = 0;
        while i < rows.len() {
            let svc = rows[i].0;
            let start = i;
            while i < rows.len() && rows[i].0 == svc {
                i += 1;
            }
            let Some(&d) = self.docs_of(svc).first() else {
                continue;
            };
            if !self.passes(&self.docs[d as usize], f) {
                continue;
            }
            let score = match text {
                Some(p) => match self.score_one(p, svc) {
                    Some(s) => Some(s),
                    None => continue,
                },
                None => None,
            };
            // Rows are by rank: the first area that holds the point is the most local.
            let Some(row) = (start..i).find(|&r| {
                let a = rows[r].1 as usize;
                *inside[a].get_or_insert_with(|| self.areas[a].0.contains(lat, lon))
            }) else {
                continue;
            };
            let id = self.services[svc as usize].id.to_string();
            if hits.iter().any(|h| h.service_id == id) {
                continue;
            }
            found.push((d, score, self.areas[rows[row].1 as usize].1, row));
        }
        found
    }

    /// An area group row.
    fn area_hit(
        &self,
        (d, score, row): (u32, Option<f32>, usize),
        at: DateTime<Utc>,
        zones: &mut Vec<(chrono_tz::Tz, crate::hours::LocalTime)>,
    ) -> AreaHit {
        let doc = &self.docs[d as usize];
        let s = &self.services[doc.service as usize];
        AreaHit {
            service_id: s.id.to_string(),
            name: s.name.get(&self.strings).to_string(),
            organization: self.org_name(s),
            service_area: self.service_areas[row].2.to_string(),
            phones: s.phones(&self.strings).map(str::to_string).collect(),
            open: open_flag(self.open_state_in(doc, at, zones)),
            score,
        }
    }

    fn org_name(&self, s: &Service) -> String {
        self.orgs
            .get(s.org as usize)
            .map(|o| o.to_string())
            .unwrap_or_default()
    }

    /// A query's filters resolved against this part: the term by this part's terms (every part
    /// has the same), the language by `languages` (the newest part's numbering, which extends
    /// the older parts').
    fn filters<'a>(
        &self,
        q: &Query,
        languages: &crate::text::FxHashMap<Box<str>, u16>,
        dead: Option<&'a [u64]>,
    ) -> Result<Filters<'a>, SearchError> {
        Ok(Filters {
            term: q
                .taxonomy
                .as_deref()
                .map(|t| self.term_filter(t))
                .transpose()?,
            // A language nobody lists gets an id no service has.
            language: q.language.as_deref().map(|l| {
                languages
                    .get(l.trim().to_lowercase().as_str())
                    .copied()
                    .unwrap_or(u16::MAX)
            }),
            free: q.free,
            open_at: q.open_at,
            local: Default::default(),
            include_inactive: q.include_inactive,
            dead,
        })
    }

    /// Every doc of this part that answers a query, found by scanning them all: the reference
    /// the property tests hold the fast paths to.
    fn brute_force_part(&self, q: &Query, f: &Filters<'_>, p: Option<&PreparedText>) -> Picked {
        let answer = p.map(|p| self.text_hits(p));
        let scores: Option<HashMap<u32, f32>> =
            answer.as_ref().map(|a| a.hits.iter().copied().collect());
        let mut all: Picked = Vec::new();
        for (i, doc) in self.docs.iter().enumerate() {
            let score = match &scores {
                Some(m) => match m.get(&doc.service) {
                    Some(s) => Some(*s),
                    None => continue,
                },
                None => None,
            };
            let km = match q.near {
                Some((lat, lon)) => {
                    if !doc.has_point {
                        continue;
                    }
                    Some(haversine_km(lat, lon, doc.lat, doc.lon))
                }
                None => None,
            };
            if let (Some(r), Some(d)) = (q.radius_km, km) {
                if d > r {
                    continue;
                }
            }
            if self.passes(doc, f) {
                all.push((i as u32, km, score));
            }
        }
        all
    }

    fn tiebreak(&self, a: u32, b: u32) -> std::cmp::Ordering {
        let (da, db) = (&self.docs[a as usize], &self.docs[b as usize]);
        self.services[da.service as usize]
            .id
            .cmp(&self.services[db.service as usize].id)
            .then_with(|| {
                self.locations[da.location as usize].cmp(&self.locations[db.location as usize])
            })
            // A service linked to one location twice: its links in the order they were stored
            // (docs of one cell are numbered in that order).
            .then(a.cmp(&b))
    }

    /// A service's docs (one per location, or one with no place).
    fn docs_of(&self, svc: u32) -> &[u32] {
        let i = svc as usize;
        match (
            self.service_doc_start.get(i),
            self.service_doc_start.get(i + 1),
        ) {
            (Some(&a), Some(&b)) => &self.service_doc_list[a as usize..b as usize],
            _ => &[],
        }
    }

    /// A result row. `zones` keeps the instant's local time per zone met so far in this query
    /// (results are usually all in one or two zones).
    fn hit(
        &self,
        d: u32,
        km: Option<f64>,
        score: Option<f32>,
        at: DateTime<Utc>,
        zones: &mut Vec<(chrono_tz::Tz, crate::hours::LocalTime)>,
    ) -> Hit {
        let doc = &self.docs[d as usize];
        let s = &self.services[doc.service as usize];
        let location = &self.locations[doc.location as usize];
        let confidential = doc.flags & DOC_CONFIDENTIAL != 0;
        let shown = doc.has_point && !confidential;
        Hit {
            service_id: s.id.to_string(),
            name: s.name.get(&self.strings).to_string(),
            organization: self.org_name(s),
            location_id: (!location.is_empty()).then(|| location.to_string()),
            latitude: shown.then_some(doc.lat),
            longitude: shown.then_some(doc.lon),
            distance_km: if confidential {
                km.map(|k| k.round().max(1.0))
            } else {
                km
            },
            open: open_flag(self.open_state_in(doc, at, zones)),
            phones: s.phones(&self.strings).map(str::to_string).collect(),
            score,
            confidential,
            distance_approximate: confidential && km.is_some(),
        }
    }

    /// The `k` nearest passing docs within `max_km`, by distance then tiebreak, searching rings
    /// of cells outwards until no unvisited cell can hold anything nearer than the k-th found.
    fn nearest(
        &self,
        lat: f64,
        lon: f64,
        f: &Filters<'_>,
        k: usize,
        max_km: f64,
    ) -> Vec<(u32, f64)> {
        let (r0, c0) = cell_of(lat, lon);
        let mut best: Vec<(u32, f64)> = Vec::new();
        let consider = |best: &mut Vec<(u32, f64)>, d: u32| {
            let doc = &self.docs[d as usize];
            let limit = if best.len() >= k {
                best[k - 1].1.min(max_km)
            } else {
                max_km
            };
            // The latitude difference alone is a lower bound on the distance: skip the
            // trigonometry for what cannot be nearer.
            if (doc.lat - lat).abs() * KM_PER_DEG > limit {
                return;
            }
            // Then what the doc itself says (status, cost, language bits), before the
            // trigonometry: a language or "free" filter turns most candidates away here.
            if !self.passes_quick(doc, f) {
                return;
            }
            let km = haversine_km(lat, lon, doc.lat, doc.lon);
            if km > limit {
                return;
            }
            if !self.passes(doc, f) {
                return;
            }
            let pos = best.partition_point(|&(x, xkm)| {
                xkm < km || (xkm == km && self.tiebreak(x, d).is_lt())
            });
            best.insert(pos, (d, km));
            best.truncate(k);
        };
        // Nothing at `km` or beyond can be among the results: past the radius, or past the k-th.
        let beyond = |best: &Vec<(u32, f64)>, km: f64| {
            km > max_km || (best.len() >= k && km > best[k - 1].1)
        };
        // A non-empty cell's docs, unless the whole cell is beyond (a dense city's neighbouring
        // cells hold hundreds of docs each).
        let visit_cell = |best: &mut Vec<(u32, f64)>, key: u32| {
            let Some(&(start, end)) = self.cells.get(&key) else {
                return;
            };
            let (r, c) = (
                (key / LON_CELLS as u32) as i32,
                (key % LON_CELLS as u32) as i32,
            );
            if beyond(best, cell_lower_bound_km(lat, lon, r, c)) {
                return;
            }
            for &d in &self.by_cell[start as usize..end as usize] {
                consider(best, d);
            }
        };
        let mut ring = 0;
        loop {
            if beyond(&best, ring_lower_bound_km(lat, ring)) {
                break;
            }
            if ring > RING_WALK_LIMIT {
                // Far from anything (an ocean, an island): rather than probing ever wider rings
                // of mostly empty cells, walk rings of coarse cells, each listing its non-empty
                // cells, with the same stopping rule; cells the rings above saw are skipped.
                let (cr0, cc0) = (r0 / COARSE, c0 / COARSE);
                for cring in 0..=COARSE_RING_LIMIT {
                    if beyond(&best, ring_lower_bound_sized(lat, cring, COARSE_DEG)) {
                        return best;
                    }
                    for_ring(cr0, cc0, cring, &mut |r, c| {
                        if !(0..COARSE_ROWS).contains(&r) {
                            return;
                        }
                        let c = c.rem_euclid(COARSE_COLS);
                        let Some(fine) = self.coarse.get(&((r * COARSE_COLS + c) as u32)) else {
                            return;
                        };
                        if beyond(&best, square_lower_bound_km(lat, lon, r, c, COARSE_DEG)) {
                            return;
                        }
                        for &key in fine.iter().filter(|&&key| ring_of(r0, c0, key) >= ring) {
                            visit_cell(&mut best, key);
                        }
                    });
                }
                // Beyond the coarse rings (the far side of the globe): the cells left, in ring
                // order.
                let mut rest: Vec<(i32, u32)> = self
                    .cells
                    .keys()
                    .filter(|&&key| coarse_ring_of(cr0, cc0, key) > COARSE_RING_LIMIT)
                    .map(|&key| (ring_of(r0, c0, key), key))
                    .filter(|&(r, _)| r >= ring)
                    .collect();
                rest.sort_unstable();
                for (r, key) in rest {
                    if beyond(&best, ring_lower_bound_km(lat, r)) {
                        break;
                    }
                    visit_cell(&mut best, key);
                }
                break;
            }
            for_ring(r0, c0, ring, &mut |r, c| {
                if (0..LAT_CELLS).contains(&r) {
                    visit_cell(&mut best, cell_key(r, c));
                }
            });
            ring += 1;
        }
        best
    }

    /// Call `f` with every placed doc within `radius` km and its distance, in no order.
    fn for_each_within(
        &self,
        lat: f64,
        lon: f64,
        radius: f64,
        keep: &dyn Fn(&Doc) -> bool,
        f: &mut dyn FnMut(u32, f64),
    ) {
        let dlat = radius / (EARTH_RADIUS_KM * std::f64::consts::PI / 180.0);
        let lat_lo = lat - dlat;
        let lat_hi = lat + dlat;
        let (r_lo, _) = cell_of(lat_lo.max(-90.0), lon);
        let (r_hi, _) = cell_of(lat_hi.min(90.0), lon);
        // Bounding longitudes of a spherical cap (Matuschek): asin(sin δ / cos φ), unless the
        // cap reaches a pole, when every longitude is in.
        let ratio = (radius / EARTH_RADIUS_KM).sin() / lat.to_radians().cos();
        let wide = radius / EARTH_RADIUS_KM >= std::f64::consts::FRAC_PI_2;
        let all_lons = lat_lo <= -90.0 || lat_hi >= 90.0 || wide || ratio.is_nan() || ratio >= 1.0;
        let dlon = if all_lons {
            180.0
        } else {
            ratio.asin().to_degrees() + CELL_DEG
        };
        let (_, c_lo) = cell_of(lat, lon - dlon);
        let span = ((2.0 * dlon) / CELL_DEG).ceil() as i32 + 1;
        let span = span.min(LON_CELLS);
        let box_cells = (i64::from(r_hi - r_lo) + 1) * i64::from(span);
        if box_cells > self.cells.len() as i64 {
            // A box wider than the directory: test every placed doc instead of every cell.
            for (d, doc) in self.docs.iter().enumerate() {
                if doc.has_point && keep(doc) {
                    let km = haversine_km(lat, lon, doc.lat, doc.lon);
                    if km <= radius {
                        f(d as u32, km);
                    }
                }
            }
            return;
        }
        for r in r_lo..=r_hi {
            for i in 0..span {
                if let Some(&(start, end)) = self.cells.get(&cell_key(r, c_lo + i)) {
                    for &d in &self.by_cell[start as usize..end as usize] {
                        let doc = &self.docs[d as usize];
                        if !keep(doc) {
                            continue;
                        }
                        let km = haversine_km(lat, lon, doc.lat, doc.lon);
                        if km <= radius {
                            f(d, km);
                        }
                    }
                }
            }
        }
    }

    /// Approximate heap bytes held by the index (for the benchmark's memory figure).
    pub(crate) fn memory_bytes(&self) -> usize {
        let svc: usize = self
            .services
            .iter()
            .map(|s| {
                std::mem::size_of::<Service>()
                    + s.id.heap_bytes()
                    + s.languages.len() * 2
                    + s.terms.len() * 4
            })
            .sum();
        svc + self.strings.capacity()
            + self.docs.len() * std::mem::size_of::<Doc>()
            + (self.service_doc_start.len() + self.service_doc_list.len()) * 4
            + self.by_cell.len() * 4
            + self.cells.len() * 24
            + self.text.memory_bytes()
            + self.locations.len() * std::mem::size_of::<Id>()
            + self.locations.iter().map(Id::heap_bytes).sum::<usize>()
            + self.deps.capacity() * std::mem::size_of::<Dep>()
    }
}

/// Refuse a query that cannot be answered as asked (a point off Earth, a radius without a point).
fn validate(q: &Query) -> Result<(), SearchError> {
    if let Some((lat, lon)) = q.near {
        if !(-90.0..=90.0).contains(&lat)
            || !(-180.0..=180.0).contains(&lon)
            || lat.is_nan()
            || lon.is_nan()
        {
            return Err(SearchError::BadPoint { lat, lon });
        }
    }
    if let Some(r) = q.radius_km {
        if q.near.is_none() {
            return Err(SearchError::RadiusWithoutNear);
        }
        if r.is_nan() || r <= 0.0 || !r.is_finite() {
            return Err(SearchError::BadRadius(r));
        }
    }
    Ok(())
}

/// Picked docs: (doc, distance in km, text score).
type Picked = Vec<(u32, Option<f64>, Option<f32>)>;

/// Whether bit `i` is set.
#[inline]
pub(crate) fn bit_set(bits: &[u64], i: u32) -> bool {
    bits.get((i / 64) as usize)
        .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
}

/// What a part masks: the services a newer part replaced, and what they counted for in the
/// statistics queries read (text, service types, doc count).
#[derive(Default)]
pub(crate) struct Dead {
    /// Masked services, as bits.
    pub bits: Vec<u64>,
    /// Their text statistics.
    pub text: crate::text::DeadText,
    /// Their docs, counted.
    pub docs: usize,
    /// Per taxonomy term: how many masked services have it.
    pub term_count: Vec<u32>,
}

impl Dead {
    /// The mask of `services` of `core`, with their statistics.
    pub(crate) fn of(core: &Core, services: &[u32]) -> Dead {
        let mut bits = vec![0u64; core.services.len().div_ceil(64)];
        let mut term_count = vec![0u32; core.terms.len()];
        let mut docs = 0;
        for &s in services {
            let Some(w) = bits.get_mut((s / 64) as usize) else {
                continue;
            };
            if *w & (1u64 << (s % 64)) != 0 {
                continue;
            }
            *w |= 1u64 << (s % 64);
            docs += core.docs_of(s).len();
            for &t in core.services[s as usize].terms.iter() {
                if let Some(c) = term_count.get_mut(t as usize) {
                    *c += 1;
                }
            }
        }
        let live = services.iter().copied().filter(|&s| bit_set(&bits, s));
        Dead {
            text: core.text.dead_stats(live),
            bits,
            docs,
            term_count,
        }
    }
}

/// One index among those a query runs over: the base, masking what it no longer holds, or the
/// delta of changed services.
#[derive(Clone, Copy)]
pub(crate) struct Part<'a> {
    pub core: &'a Core,
    pub dead: Option<&'a Dead>,
}

impl Part<'_> {
    fn is_dead(&self, svc: u32) -> bool {
        self.dead.is_some_and(|d| bit_set(&d.bits, svc))
    }

    /// Whether a live service of this part has the type of [`crate::types::TYPE_WORDS`] entry.
    fn has_type(&self, entry: usize) -> bool {
        self.core
            .type_services
            .get(entry)
            .is_some_and(|v| v.iter().any(|&s| !self.is_dead(s)))
    }
}

/// Docs across parts: more relevant first, then nearer, then by service id and location id
/// (what every query path orders by).
fn joint_cmp(
    parts: &[Part<'_>],
    a: &(usize, u32, Option<f64>, Option<f32>),
    b: &(usize, u32, Option<f64>, Option<f32>),
) -> std::cmp::Ordering {
    let by_score = match (a.3, b.3) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        _ => std::cmp::Ordering::Equal,
    };
    by_score
        .then(a.2.unwrap_or(0.0).total_cmp(&b.2.unwrap_or(0.0)))
        .then_with(|| doc_tiebreak(parts, (a.0, a.1), (b.0, b.1)))
}

/// Two docs of any parts by service id, then location id.
fn doc_tiebreak(parts: &[Part<'_>], a: (usize, u32), b: (usize, u32)) -> std::cmp::Ordering {
    let (pa, pb) = (parts[a.0].core, parts[b.0].core);
    let (da, db) = (&pa.docs[a.1 as usize], &pb.docs[b.1 as usize]);
    pa.services[da.service as usize]
        .id
        .cmp(&pb.services[db.service as usize].id)
        .then_with(|| pa.locations[da.location as usize].cmp(&pb.locations[db.location as usize]))
        .then((a.0, a.1).cmp(&(b.0, b.1)))
}

/// How a query is answered over parts, whichever path picks the docs.
enum Mode {
    Fast,
    BruteForce,
}

/// Answer a query over parts (the base and the delta of changed services), as one index over
/// their live services would.
pub(crate) fn search_parts(parts: &[Part<'_>], q: &Query) -> Result<Results, SearchError> {
    answer(parts, q, Mode::Fast)
}

/// [`search_parts`] by scanning every document: the reference for the fast paths.
pub(crate) fn brute_force_parts(parts: &[Part<'_>], q: &Query) -> Result<Results, SearchError> {
    answer(parts, q, Mode::BruteForce)
}

fn answer(parts: &[Part<'_>], q: &Query, mode: Mode) -> Result<Results, SearchError> {
    if matches!(mode, Mode::Fast) {
        validate(q)?;
    }
    let Some(newest) = parts.last() else {
        return Ok(Results::default());
    };
    let languages = &newest.core.language_ids;
    let filters = parts
        .iter()
        .map(|p| p.core.filters(q, languages, p.dead.map(|d| &d.bits[..])))
        .collect::<Result<Vec<_>, _>>()?;
    let limit = if q.limit == 0 { 10 } else { q.limit };
    let at = q.status_at.or(q.open_at).unwrap_or_else(Utc::now);
    let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let prepared: Option<Vec<PreparedText>> = text.map(|t| Core::prepare_text(parts, t));
    let prep = |i: usize| prepared.as_ref().and_then(|v| v.get(i));
    let mut unmatched = Vec::new();
    let mut picked: Vec<(usize, u32, Option<f64>, Option<f32>)> = Vec::new();
    // The nearest search of a later part needs to look no farther than the limit-th doc found
    // so far: a farther doc cannot be among the results.
    let mut bound = f64::INFINITY;
    for (i, p) in parts.iter().enumerate() {
        let list = match mode {
            Mode::Fast => {
                let (list, words) = p.core.pick(q, &filters[i], (text, prep(i)), limit, bound);
                unmatched = words;
                if text.is_none() && list.len() >= limit {
                    if let Some(km) = list.last().and_then(|x| x.1) {
                        bound = bound.min(km);
                    }
                }
                list
            }
            Mode::BruteForce => {
                if let Some(pt) = prep(i) {
                    unmatched = pt.rest.unmatched_terms().to_vec();
                }
                p.core.brute_force_part(q, &filters[i], prep(i))
            }
        };
        picked.extend(list.into_iter().map(|(d, km, s)| (i, d, km, s)));
    }
    // One part's pick is in order already; the brute force and several parts are sorted here.
    if parts.len() > 1 || matches!(mode, Mode::BruteForce) {
        top_k(&mut picked, limit, |a, b| joint_cmp(parts, a, b));
    }
    let mut zones = Vec::new();
    let hits: Vec<Hit> = picked
        .into_iter()
        .map(|(i, d, km, score)| parts[i].core.hit(d, km, score, at, &mut zones))
        .collect();
    let area_hits = match q.near {
        Some(point) => {
            let mut found: Vec<(usize, u32, Option<f32>, u8, usize)> = Vec::new();
            for (i, p) in parts.iter().enumerate() {
                let f = p.core.area_found(point, &filters[i], prep(i), &hits);
                found.extend(f.into_iter().map(|(d, s, rank, row)| (i, d, s, rank, row)));
            }
            found.sort_by(|a, b| {
                let by_score = match (a.2, b.2) {
                    (Some(x), Some(y)) => y.total_cmp(&x),
                    _ => std::cmp::Ordering::Equal,
                };
                by_score
                    .then(a.3.cmp(&b.3))
                    .then_with(|| doc_tiebreak(parts, (a.0, a.1), (b.0, b.1)))
            });
            found.truncate(limit);
            found
                .into_iter()
                .map(|(i, d, s, _, row)| parts[i].core.area_hit((d, s, row), at, &mut zones))
                .collect()
        }
        None => Vec::new(),
    };
    Ok(Results {
        hits,
        area_hits,
        unmatched_terms: unmatched,
    })
}

/// Everything the parts answer queries from, as text that does not depend on how the index
/// numbered anything (services, docs, terms, languages, areas) or on which part a service sits
/// in: two indexes that print the same give the same answer to every query.
pub(crate) fn canonical_of(parts: &[Part<'_>]) -> String {
    use std::fmt::Write;
    let mut services: Vec<(String, String)> = Vec::new();
    let (mut n, mut len, mut docs) = (0u64, 0f64, 0usize);
    for p in parts {
        let c = p.core;
        let (pn, plen) = c.text.totals();
        let dead = p.dead.map_or((0, 0.0), |d| (d.text.n, d.text.len));
        n += u64::from(pn - dead.0);
        len += plen - dead.1;
        docs += c.docs.len() - p.dead.map_or(0, |d| d.docs);
        let stems = c.text.stems_by_id();
        let mut lang_names = vec![""; c.language_ids.len().max(1)];
        for (k, &id) in &c.language_ids {
            if let Some(x) = lang_names.get_mut(id as usize) {
                *x = k;
            }
        }
        let langs = |ids: &[u16]| {
            let mut v: Vec<&str> = ids
                .iter()
                .map(|&i| lang_names.get(i as usize).copied().unwrap_or("?"))
                .collect();
            v.sort_unstable();
            v.dedup();
            v.join(",")
        };
        for (i, svc) in c.services.iter().enumerate() {
            let si = i as u32;
            if p.is_dead(si) {
                continue;
            }
            let mut out = String::new();
            let flags = c
                .docs_of(si)
                .first()
                .map_or(0, |&d| c.docs[d as usize].flags);
            let mut terms: Vec<&str> = svc
                .terms
                .iter()
                .filter_map(|&t| c.terms.get(t as usize).map(|t| &*t.id))
                .collect();
            terms.sort_unstable();
            let types: Vec<usize> = (0..c.type_services.len())
                .filter(|&e| c.type_services[e].binary_search(&si).is_ok())
                .collect();
            let _ = writeln!(
                out,
                "service {} name={:?} org={:?} phones={:?} flags={} languages={} terms={:?} \
                 types={types:?} hours={:?} fallback={:?}",
                svc.id,
                svc.name.get(&c.strings),
                c.org_name(svc),
                svc.phones(&c.strings).collect::<Vec<_>>(),
                flags & (DOC_ACTIVE | DOC_FREE),
                langs(&svc.languages),
                terms,
                svc.hours,
                svc.fallback_zone,
            );
            let (tlen, tf) = c.text.canonical_doc(si, &stems);
            let _ = writeln!(out, "  text len={tlen} {tf:?}");
            for &d in c.docs_of(si) {
                let doc = &c.docs[d as usize];
                let _ = writeln!(
                    out,
                    "  doc location={} point={:?} tz={:?} hours={:?} languages={} flags={}",
                    c.locations[doc.location as usize],
                    doc.has_point
                        .then_some((doc.lat.to_bits(), doc.lon.to_bits())),
                    doc.tz,
                    c.hours_of(doc),
                    c.location_languages
                        .get(doc.languages as usize)
                        .map_or(String::new(), |l| langs(l)),
                    doc.flags,
                );
                let mask = mask_of(&svc.languages)
                    | c.location_languages
                        .get(doc.languages as usize)
                        .map_or(0, |l| mask_of(l));
                if doc.lang_mask != mask {
                    let _ = writeln!(out, "  doc language bits disagree");
                }
            }
            let from = c.service_areas.partition_point(|r| r.0 < si);
            for (_, a, name) in c.service_areas[from..].iter().take_while(|r| r.0 == si) {
                let (_, rank, uri) = &c.areas[*a as usize];
                let _ = writeln!(out, "  area {uri} rank={rank} name={name:?}");
            }
            services.push((svc.id.to_string(), out));
        }
    }
    services.sort();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "services={} docs={docs} text_docs={n} text_len={len}",
        services.len()
    );
    let _ = writeln!(out, "types={:?}", service_types_of(parts));
    for (_, s) in services {
        out.push_str(&s);
    }
    out
}

/// An open state as results say it: open, closed, or unknown (None).
fn open_flag(state: OpenState) -> Option<bool> {
    match state {
        OpenState::Open => Some(true),
        OpenState::Closed => Some(false),
        OpenState::Unknown => None,
    }
}

struct Filters<'a> {
    /// Services this part masks (replaced by a newer part), as bits.
    dead: Option<&'a [u64]>,
    /// Local times of `open_at` per zone met so far in this query.
    local: std::cell::RefCell<Vec<(chrono_tz::Tz, crate::hours::LocalTime)>>,
    term: Option<u32>,
    language: Option<u16>,
    free: bool,
    open_at: Option<DateTime<Utc>>,
    include_inactive: bool,
}

/// UTC-12 to UTC+14, to test whether hours without a zone give the same answer everywhere.
const WHOLE_HOUR_ZONES: [chrono_tz::Tz; 27] = {
    use chrono_tz::Etc::*;
    [
        GMTPlus12, GMTPlus11, GMTPlus10, GMTPlus9, GMTPlus8, GMTPlus7, GMTPlus6, GMTPlus5,
        GMTPlus4, GMTPlus3, GMTPlus2, GMTPlus1, GMT, GMTMinus1, GMTMinus2, GMTMinus3, GMTMinus4,
        GMTMinus5, GMTMinus6, GMTMinus7, GMTMinus8, GMTMinus9, GMTMinus10, GMTMinus11, GMTMinus12,
        GMTMinus13, GMTMinus14,
    ]
};

/// The fixed-offset IANA zone (`Etc/GMT-5` is UTC+5) for a whole-hour UTC offset.
fn zone_for_offset(off: chrono::FixedOffset) -> Option<chrono_tz::Tz> {
    let secs = off.local_minus_utc();
    if secs % 3600 != 0 {
        return None;
    }
    let h = secs / 3600;
    let name = if h == 0 {
        "Etc/GMT".to_string()
    } else {
        format!("Etc/GMT{:+}", -h)
    };
    name.parse().ok()
}

/// The time zone at a point, looked up once per ~1 km square at the square's centre (so the
/// answer depends on the point alone, never on which point of the square came first), or at
/// the point itself where the centre has no zone (a shore).
fn zone_near(
    cache: &mut crate::text::FxHashMap<(i64, i64), Option<chrono_tz::Tz>>,
    lat: f64,
    lon: f64,
) -> Option<chrono_tz::Tz> {
    let cell = ((lat * 100.0).round() as i64, (lon * 100.0).round() as i64);
    let centre = *cache.entry(cell).or_insert_with(|| {
        crate::gazetteer::timezone_at(cell.0 as f64 / 100.0, cell.1 as f64 / 100.0)
    });
    centre.or_else(|| crate::gazetteer::timezone_at(lat, lon))
}

/// Keep the `k` first of `v` in `cmp` order, sorted: a selection, then a sort of those `k`
/// only (a city's text matches can number thousands, and a page shows ten).
fn top_k<T>(v: &mut Vec<T>, k: usize, mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    if k == 0 {
        v.clear();
        return;
    }
    if v.len() > k {
        v.select_nth_unstable_by(k - 1, &mut cmp);
        v.truncate(k);
    }
    v.sort_by(cmp);
}

/// A lower bound on the great-circle distance in km from a point to any point of cell (r, c).
///
/// Haversine: hav d = hav Δφ + cos φ1 cos φ2 hav Δλ, with Δφ and Δλ at their smallest over the
/// cell and both cosines at their smallest (the latitude nearest a pole), so no point of the
/// cell is nearer. The cell is widened by a hair so rounding never drops a doc on its edge.
fn cell_lower_bound_km(lat: f64, lon: f64, r: i32, c: i32) -> f64 {
    square_lower_bound_km(lat, lon, r, c.rem_euclid(LON_CELLS), CELL_DEG)
}

/// [`cell_lower_bound_km`] for the square of side `size` degrees at row `r`, column `c` of a
/// grid of that size (fine cells, or coarse cells of [`COARSE`] fine cells a side).
fn square_lower_bound_km(lat: f64, lon: f64, r: i32, c: i32, size: f64) -> f64 {
    const HAIR: f64 = 1e-7;
    let lat_lo = f64::from(r) * size - 90.0 - HAIR;
    let lat_hi = lat_lo + size + 2.0 * HAIR;
    let dlat = (lat_lo - lat).max(lat - lat_hi).max(0.0);
    let lon_lo = f64::from(c) * size - 180.0 - HAIR;
    let width = size + 2.0 * HAIR;
    let offset = (lon - lon_lo).rem_euclid(360.0);
    let dlon = if offset <= width {
        0.0
    } else {
        (offset - width).min(360.0 - offset).clamp(0.0, 180.0)
    };
    let far = lat.abs().max(lat_lo.abs()).max(lat_hi.abs()).min(90.0);
    let cos_far = far.to_radians().cos().max(0.0);
    let a = (dlat.to_radians() / 2.0).sin().powi(2)
        + cos_far * cos_far * (dlon.to_radians() / 2.0).sin().powi(2);
    let d = 2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin();
    (d * (1.0 - 1e-9) - 1e-9).max(0.0)
}

/// A lower bound on the distance from a point at `lat` to any cell `ring` cells away.
fn ring_lower_bound_km(lat: f64, ring: i32) -> f64 {
    ring_lower_bound_sized(lat, ring, CELL_DEG)
}

/// [`ring_lower_bound_km`] for rings of squares of side `size` degrees.
fn ring_lower_bound_sized(lat: f64, ring: i32, size: f64) -> f64 {
    if ring <= 1 {
        return 0.0;
    }
    let steps = f64::from(ring - 1) * size;
    let km_per_deg = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;
    // North-south the separation is at least `steps` degrees of latitude. East-west it is at
    // least `steps` degrees of longitude at the latitude nearest a pole the ring reaches.
    // (Great-circle, not along the parallel, which would overstate it.)
    let far_lat = (lat.abs() + f64::from(ring) * size).min(90.0);
    let half = (steps.min(180.0) / 2.0).to_radians();
    let ew = 2.0
        * EARTH_RADIUS_KM
        * (far_lat.to_radians().cos() * half.sin())
            .clamp(0.0, 1.0)
            .asin();
    (steps * km_per_deg).min(ew).max(0.0)
}

/// Call `f` for every cell at Chebyshev distance `ring` from (r0, c0); `2 * ring + 1` must not
/// exceed the number of columns (the caller switches to a full scan before rings wrap).
fn for_ring(r0: i32, c0: i32, ring: i32, f: &mut dyn FnMut(i32, i32)) {
    if ring == 0 {
        f(r0, c0);
        return;
    }
    for c in (c0 - ring)..=(c0 + ring) {
        f(r0 - ring, c);
        f(r0 + ring, c);
    }
    for r in (r0 - ring + 1)..(r0 + ring) {
        f(r, c0 - ring);
        f(r, c0 + ring);
    }
}

/// Chebyshev distance in cells, columns wrapping round the globe.
fn ring_of(r0: i32, c0: i32, key: u32) -> i32 {
    let r = (key / LON_CELLS as u32) as i32;
    let c = (key % LON_CELLS as u32) as i32;
    let dc = (c - c0).rem_euclid(LON_CELLS);
    (r - r0).abs().max(dc.min(LON_CELLS - dc))
}

/// Per entry of [`crate::types::TYPE_WORDS`], the services with a term of one of its codes
/// (compared exactly; services hold their terms' ancestors, so sub-terms count), sorted.
fn services_by_type(terms: &[Term], services: &[Service]) -> Vec<Vec<u32>> {
    let table = crate::types::TYPE_WORDS;
    // Per term, the entries naming its code, as bits (the table has fewer than 32 entries).
    let masks: Vec<u32> = terms
        .iter()
        .map(|t| {
            let code = t.code.as_deref().map(str::trim).unwrap_or("");
            table
                .iter()
                .enumerate()
                .filter(|(_, e)| !code.is_empty() && e.codes.contains(&code))
                .fold(0u32, |m, (i, _)| m | (1 << i))
        })
        .collect();
    let mut out = vec![Vec::new(); table.len()];
    if masks.iter().all(|&m| m == 0) {
        return out;
    }
    for (s, svc) in services.iter().enumerate() {
        let mut m = svc.terms.iter().fold(0u32, |m, &t| {
            m | masks.get(t as usize).copied().unwrap_or(0)
        });
        while m != 0 {
            let i = m.trailing_zeros() as usize;
            out[i].push(s as u32);
            m &= m - 1;
        }
    }
    out
}

/// Phase one: the rows the index needs, as they come from the store in any order, compacted.
#[derive(Default)]
pub(crate) struct Raw {
    orgs: Vec<(Key, Box<str>)>,
    services: Vec<RawService>,
    locations: Vec<RawLocation>,
    /// (storage order, row hash, id, service, location).
    sals: Vec<(u64, u64, Key, Key, Key)>,
    phones: Vec<RawPhone>,
    languages: Vec<RawLanguage>,
    /// (row hash, service, term).
    attributes: Vec<(u64, Key, Key)>,
    /// Location-to-term links (the confidential marker): (row hash, location, term).
    location_attributes: Vec<(u64, Key, Key)>,
    /// (storage order, row hash, service, `service_area.name`, area) for rows whose uri is a
    /// haven area.
    service_areas: Vec<(u64, u64, Key, Box<str>, hsds::haven::Area)>,
    terms: Vec<TermRow>,
    /// (row hash, service) of free cost options.
    free: Vec<(u64, Key)>,
    schedules: Vec<RawSchedule>,
    /// Language codes and names, lowercased, numbered as first met (the index's language ids).
    language_ids: crate::text::FxHashMap<Box<str>, u16>,
    /// The same in id order, to renumber another part's ids when parts are merged.
    language_keys: Vec<Box<str>>,
    /// Service names, alternate names and descriptions, one buffer instead of three million
    /// small blocks.
    text: String,
    /// Phone numbers, likewise.
    phone_text: String,
}

/// (storage order, row hash, service, service_at_location, number): a service's phones are
/// listed in storage order, so parts read side by side are put back in it.
type RawPhone = (u64, u64, Option<Key>, Option<Key>, Span);
/// A location's key, id and point (if valid).
type RawLocation = (Key, Id, Option<(f64, f64)>);
/// A language row: its hash, its service, its location, and the code and name it gives as ids
/// into [`Raw::language_ids`] ([`NO_LANGUAGE`] when blank).
type RawLanguage = (u64, Option<Key>, Option<Key>, [u16; 2]);

/// A language row's blank code or name.
const NO_LANGUAGE: u16 = u16::MAX;

struct RawService {
    key: Key,
    id: Id,
    org: Option<Key>,
    /// These three in [`Raw::text`].
    name: Span,
    alternate: Span,
    description: Span,
    active: bool,
}

struct RawSchedule {
    /// Storage order: the first schedule's zone is the service's fallback zone.
    seq: u64,
    /// [`row_hash`] of the row.
    hash: u64,
    sal: Option<Key>,
    service: Option<Key>,
    location: Option<Key>,
    hours: Hours,
    zone: Option<chrono::FixedOffset>,
}

fn opt_key(s: &Option<S<'_>>) -> Option<Key> {
    s.as_deref().map(key)
}

fn boxed(s: Option<S<'_>>) -> Box<str> {
    s.map(|c| c.into_owned().into_boxed_str())
        .unwrap_or_default()
}

/// What the text thread indexes, per service: its name (handed back when done), its
/// organization, its taxonomy terms (`term_start` into `term_list`, CSR), its alternate name
/// and description. Organization and term names are shared, not copied.
struct TextInput {
    /// The parsed rows' text buffer, which every span below points into.
    text: String,
    names: Vec<Span>,
    orgs_of: Vec<u32>,
    /// Service-to-term links as parsed, with what resolves them.
    attributes: Vec<(Key, Key)>,
    svc_ix: std::sync::Arc<KeyMap<u32>>,
    term_ix: KeyMap<u32>,
    /// Each term with its ancestors (a parent term matches its children's services).
    ancestry: Vec<Vec<u32>>,
    fields: Vec<(Span, Span)>,
    orgs: std::sync::Arc<[Box<str>]>,
    terms: std::sync::Arc<[Term]>,
}

/// Index every service's words: name, alternate name, organization, taxonomy terms and
/// description, weighted in that order of importance; the text buffer and the names' spans come
/// back for the index, with each service's terms.
fn build_text(input: TextInput) -> TextDone {
    let trace = std::env::var_os("HAVEN_TRACE").is_some();
    let t = std::time::Instant::now();
    // Each service's terms with their ancestors, sorted and without repeats, as one list.
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(input.attributes.len());
    for (link, term) in &input.attributes {
        if let (Some(&s), Some(&t)) = (input.svc_ix.get(link), input.term_ix.get(term)) {
            for &a in input.ancestry.get(t as usize).map_or(&[][..], |a| a) {
                pairs.push((s, a));
            }
        }
    }
    drop(input.attributes);
    pairs.sort_unstable();
    pairs.dedup();
    let n = input.fields.len();
    let mut term_start = Vec::with_capacity(n + 1);
    let mut term_list = Vec::with_capacity(pairs.len());
    let mut next = pairs.iter().peekable();
    for s in 0..n as u32 {
        term_start.push(term_list.len() as u32);
        while let Some(&(_, t)) = next.next_if(|p| p.0 == s) {
            term_list.push(t);
        }
    }
    term_start.push(term_list.len() as u32);
    drop(pairs);
    let mut text = TextIndex::new();
    let mut words: Vec<(&str, f32)> = Vec::new();
    let raw = input.text.as_str();
    for (s, &(alternate, description)) in input.fields.iter().enumerate() {
        words.clear();
        words.push((input.names.get(s).map_or("", |n| n.get(raw)), 3.0));
        words.push((alternate.get(raw), 2.0));
        let org = input
            .orgs_of
            .get(s)
            .and_then(|&o| input.orgs.get(o as usize));
        words.push((org.map_or("", |o| o), 2.0));
        let (a, b) = (term_start[s] as usize, term_start[s + 1] as usize);
        for &t in &term_list[a..b] {
            if let Some(term) = input.terms.get(t as usize) {
                words.push((&term.name, 2.0));
            }
        }
        words.push((description.get(raw), 1.0));
        text.add(s as u32, &words);
    }
    if trace {
        eprintln!("TRACE text {:?}", t.elapsed());
    }
    TextDone {
        text,
        raw_text: input.text,
        names: input.names,
        term_start,
        term_list,
    }
}

/// What the text thread hands back: the text index, the parsed text buffer with the names'
/// spans, and each service's terms (`term_start` into `term_list`).
struct TextDone {
    text: TextIndex,
    raw_text: String,
    names: Vec<Span>,
    term_start: Vec<u32>,
    term_list: Vec<u32>,
}

impl Raw {
    /// The tables the index reads (others are skipped before they are copied or parsed).
    fn wants(table: Table) -> bool {
        matches!(
            table,
            Table::Organization
                | Table::Service
                | Table::Location
                | Table::ServiceAtLocation
                | Table::Phone
                | Table::Language
                | Table::Schedule
                | Table::Attribute
                | Table::TaxonomyTerm
                | Table::CostOption
                | Table::ServiceArea
        )
    }

    /// Read the store in `parts` parts side by side, each into its own `Raw`, then merge them.
    fn scan(st: &dyn store::Store, parts: usize, chunk: u64) -> Result<Raw, BuildError> {
        let parts = parts.max(1);
        let mut raws: Vec<Raw> = (0..parts).map(|_| Raw::default()).collect();
        let mut failed: Vec<Option<BuildError>> = (0..parts).map(|_| None).collect();
        {
            let mut fns: Vec<Box<store::PartFn<'_>>> = raws
                .iter_mut()
                .zip(failed.iter_mut())
                .map(|(raw, failed)| {
                    let f: Box<store::PartFn<'_>> = Box::new(move |seq, table, body| {
                        if !Raw::wants(table) {
                            return Ok(());
                        }
                        raw.add(seq, table, body).map_err(|e| {
                            let stop = store::StoreError::Callback(e.to_string().into());
                            *failed = Some(e);
                            stop
                        })
                    });
                    f
                })
                .collect();
            let mut refs: Vec<&mut store::PartFn<'_>> = fns.iter_mut().map(|f| &mut **f).collect();
            let scanned = st.scan_json_parts(chunk, &mut refs);
            drop(refs);
            drop(fns);
            // A record the parser refused is the error to report, not the stop it caused.
            if let Some(e) = failed.iter_mut().find_map(Option::take) {
                return Err(e);
            }
            scanned?;
        }
        let mut all = raws.into_iter();
        let mut raw = all.next().unwrap_or_default();
        for other in all {
            raw.merge(other);
        }
        Ok(raw)
    }

    /// An empty part that numbers taxonomy terms and languages as `base` does: a delta's rows
    /// go in, and its services link to the same terms with the same ids.
    pub(crate) fn seeded(base: &Core) -> Raw {
        let mut raw = Raw {
            terms: base.term_rows.to_vec(),
            ..Raw::default()
        };
        for k in &base.language_keys {
            raw.language(k);
        }
        raw
    }

    /// Add one stored record at storage order `seq` (the build reads them from the store's
    /// scan; a delta from its own reads).
    pub(crate) fn add_record(
        &mut self,
        seq: u64,
        table: Table,
        body: &[u8],
    ) -> Result<(), BuildError> {
        if Raw::wants(table) && table != Table::TaxonomyTerm {
            self.add(seq, table, body)?;
        }
        Ok(())
    }

    /// The id of a lowercased language code or name, numbered as first met (ids stop growing
    /// at `u16::MAX - 1`, which then stands for every further one).
    fn language(&mut self, key: &str) -> u16 {
        if let Some(&id) = self.language_ids.get(key) {
            return id;
        }
        let id = self.language_keys.len().min(usize::from(NO_LANGUAGE - 1)) as u16;
        if usize::from(id) == self.language_keys.len() {
            self.language_keys.push(key.into());
        }
        self.language_ids.insert(key.into(), id);
        id
    }

    /// Append another part's rows (phones and schedules are put in storage order afterwards).
    fn merge(&mut self, mut o: Raw) {
        // The other part numbered its languages itself: renumber them into this part's ids.
        let keys = std::mem::take(&mut o.language_keys);
        let renumber: Vec<u16> = keys.iter().map(|k| self.language(k)).collect();
        for row in &mut o.languages {
            for id in &mut row.3 {
                if *id != NO_LANGUAGE {
                    *id = renumber
                        .get(usize::from(*id))
                        .copied()
                        .unwrap_or(NO_LANGUAGE - 1);
                }
            }
        }
        self.orgs.extend(o.orgs);
        let by = self.text.len();
        self.text.push_str(&o.text);
        self.services.extend(o.services.into_iter().map(|mut s| {
            s.name = s.name.shifted(by);
            s.alternate = s.alternate.shifted(by);
            s.description = s.description.shifted(by);
            s
        }));
        self.locations.extend(o.locations);
        self.sals.extend(o.sals);
        let by = self.phone_text.len();
        self.phone_text.push_str(&o.phone_text);
        self.phones.extend(
            o.phones
                .into_iter()
                .map(|(q, h, s, l, n)| (q, h, s, l, n.shifted(by))),
        );
        self.languages.extend(o.languages);
        self.attributes.extend(o.attributes);
        self.location_attributes.extend(o.location_attributes);
        self.service_areas.extend(o.service_areas);
        self.terms.extend(o.terms);
        self.free.extend(o.free);
        self.schedules.extend(o.schedules);
    }

    fn add(&mut self, seq: u64, table: Table, body: &[u8]) -> Result<(), BuildError> {
        match table {
            Table::Organization => {
                let o: JOrg = serde_json::from_slice(body).map_err(|e| bad(table, e))?;
                self.orgs.push((key(&o.id), boxed(o.name)));
            }
            Table::Service => {
                let s: JService = serde_json::from_slice(body).map_err(|e| bad(table, e))?;
                let (key, id) = key_and_id(&s.id);
                self.services.push(RawService {
                    key,
                    id,
                    org: opt_key(&s.organization_id),
                    active: s.status.as_deref().is_none_or(|st| st == "active"),
                    name: Span::push(&mut self.text, s.name.as_deref().unwrap_or("")),
                    alternate: Span::push(
                        &mut self.text,
                        s.alternate_name.as_deref().unwrap_or(""),
                    ),
                    description: Span::push(&mut self.text, s.description.as_deref().unwrap_or("")),
                });
            }
            Table::Location => {
                let l: JLocation = serde_json::from_slice(body).map_err(|e| bad(table, e))?;
                let point = match (l.latitude, l.longitude) {
                    (Some(a), Some(b))
                        if (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&b) =>
                    {
                        Some((a, b))
                    }
                    _ => None,
                };
                let (key, id) = key_and_id(&l.id);
                self.locations.push((key, id, point));
            }
            Table::ServiceAtLocation
            | Table::Phone
            | Table::Language
            | Table::Attribute
            | Table::TaxonomyTerm
            | Table::CostOption
            | Table::ServiceArea => {
                let r: JRefs = serde_json::from_slice(body).map_err(|e| bad(table, e))?;
                self.add_refs(seq, table, r);
            }
            Table::Schedule => {
                let r: JSchedule = serde_json::from_slice(body).map_err(|e| bad(table, e))?;
                let (hours, _) = crate::hours::parse(&[&r]);
                let hash = match &r.id {
                    Some(Scalar::Str(id)) => row_hash(table, id),
                    _ => 0,
                };
                self.schedules.push(RawSchedule {
                    seq,
                    hash,
                    sal: opt_key(&r.service_at_location_id),
                    service: opt_key(&r.service_id),
                    location: opt_key(&r.location_id),
                    zone: crate::hours::fallback_zone(&[&r]),
                    hours,
                });
            }
            _ => {}
        }
        Ok(())
    }

    fn add_refs(&mut self, seq: u64, table: Table, r: JRefs<'_>) {
        let hash = r.id.as_deref().map_or(0, |id| row_hash(table, id));
        match table {
            Table::ServiceAtLocation => {
                if let (Some(id), Some(s), Some(l)) = (&r.id, &r.service_id, &r.location_id) {
                    let k = key(id);
                    self.sals
                        .push((seq, key_hash(table, &k), k, key(s), key(l)));
                }
            }
            Table::Phone => {
                if let Some(n) = r.number {
                    self.phones.push((
                        seq,
                        hash,
                        opt_key(&r.service_id),
                        opt_key(&r.service_at_location_id),
                        Span::push(&mut self.phone_text, &n),
                    ));
                }
            }
            Table::Language => {
                let mut keys = [NO_LANGUAGE; 2];
                for (slot, v) in keys.iter_mut().zip([&r.code, &r.name]) {
                    if let Some(v) = v {
                        let v = v.trim();
                        if v.chars().any(char::is_uppercase) {
                            *slot = self.language(&v.to_lowercase());
                        } else if !v.is_empty() {
                            *slot = self.language(v);
                        }
                    }
                }
                self.languages
                    .push((hash, opt_key(&r.service_id), opt_key(&r.location_id), keys));
            }
            Table::Attribute => {
                let is_service = r.link_entity.as_deref().is_none_or(|e| e == "service");
                let is_location = r
                    .link_entity
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case("location"));
                if let (Some(link), Some(term)) = (&r.link_id, &r.taxonomy_term_id) {
                    if is_service {
                        self.attributes.push((hash, key(link), key(term)));
                    } else if is_location {
                        self.location_attributes.push((hash, key(link), key(term)));
                    }
                }
            }
            Table::ServiceArea => {
                // Other URIs and codes haven cannot read are not areas: ignored, as a
                // `service_area` without a uri always was.
                let area = r
                    .uri
                    .as_deref()
                    .and_then(|u| hsds::haven::Area::parse(u).ok().flatten());
                if let (Some(area), Some(svc)) = (area, &r.service_id) {
                    self.service_areas
                        .push((seq, hash, key(svc), boxed(r.name), area));
                }
            }
            Table::TaxonomyTerm => {
                if let Some(id) = &r.id {
                    self.terms.push((
                        key(id),
                        Term {
                            id: id.as_ref().into(),
                            code: r.code.map(|c| c.into_owned().into_boxed_str()),
                            name: boxed(r.name),
                        },
                        opt_key(&r.parent_id),
                    ));
                }
            }
            Table::CostOption => {
                let free = r.amount == Some(0.0)
                    || r.option.as_deref().is_some_and(|o| {
                        let o = o.to_lowercase();
                        o.contains("free") || o.contains("gratis") || o.contains("gratuito")
                    });
                if let (true, Some(s)) = (free, &r.service_id) {
                    self.free.push((hash, key(s)));
                }
            }
            _ => {}
        }
    }

    /// Phase two: link rows into services and docs.
    pub(crate) fn link(mut self) -> Core {
        // Rows whose order a service shows are put in storage order (parts read side by side
        // interleave their runs; a delta's reads come in any order).
        self.phones.sort_by_key(|p| p.0);
        self.schedules.sort_by_key(|r| r.seq);
        self.sals.sort_by_key(|r| r.0);
        self.service_areas.sort_by_key(|r| r.0);
        let positions_ok = [
            self.phones.last().map(|p| p.0),
            self.schedules.last().map(|r| r.seq),
            self.sals.last().map(|r| r.0),
            self.service_areas.last().map(|r| r.0),
        ]
        .into_iter()
        .flatten()
        .all(|q| u32::try_from(q).is_ok());
        let pos = |q: u64| u32::try_from(q).unwrap_or(u32::MAX);
        let mut deps: Vec<Dep> = Vec::new();
        let term_rows: std::sync::Arc<[TermRow]> = self.terms.clone().into();
        let language_keys = std::mem::take(&mut self.language_keys);
        let trace = std::env::var_os("HAVEN_TRACE").is_some();
        let t0 = std::time::Instant::now();
        // With HAVEN_TRACE set, say when each step of linking starts.
        let mark = |step: &str| {
            if trace {
                eprintln!("TRACE link: {step} at {:?}", t0.elapsed());
            }
        };
        let mut org_ix: KeyMap<u32> = KeyMap::default();
        org_ix.reserve(self.orgs.len());
        let mut orgs = Vec::with_capacity(self.orgs.len());
        for (k, name) in self.orgs {
            org_ix.insert(k, orgs.len() as u32);
            orgs.push(name);
        }
        let orgs: std::sync::Arc<[Box<str>]> = orgs.into();
        // Taxonomy terms, with ancestors for "a parent term matches its children".
        let mut term_ix: KeyMap<u32> = KeyMap::default();
        let mut terms = Vec::with_capacity(self.terms.len());
        let mut parents = Vec::with_capacity(self.terms.len());
        let mut confidential_terms: Vec<Key> = Vec::new();
        for (k, t, parent) in self.terms {
            if t.code.as_deref().is_some_and(|c| {
                c.trim()
                    .eq_ignore_ascii_case(hsds::haven::CONFIDENTIAL_TERM_CODE)
            }) {
                confidential_terms.push(k.clone());
            }
            term_ix.insert(k, terms.len() as u32);
            terms.push(t);
            parents.push(parent);
        }
        let terms: std::sync::Arc<[Term]> = terms.into();
        let parent_of: Vec<Option<u32>> = parents
            .iter()
            .map(|p| p.as_ref().and_then(|p| term_ix.get(p).copied()))
            .collect();
        let with_ancestors = |t: u32| {
            let mut out = vec![t];
            let mut cur = t;
            while let Some(p) = parent_of.get(cur as usize).copied().flatten() {
                if out.contains(&p) {
                    break;
                }
                out.push(p);
                cur = p;
            }
            out
        };
        let mut is_parent = vec![false; parent_of.len()];
        for p in parent_of.iter().flatten() {
            if let Some(x) = is_parent.get_mut(*p as usize) {
                *x = true;
            }
        }
        // Terms are few and links many: each term's ancestry is worked out once.
        let ancestry: Vec<Vec<u32>> = (0..parent_of.len() as u32).map(with_ancestors).collect();
        mark("services");
        // Services: numbered, and what the text thread needs taken first, so that thread
        // starts before the drafts below are made.
        let mut svc_ix: KeyMap<u32> = KeyMap::default();
        svc_ix.reserve(self.services.len());
        let n = self.services.len();
        deps.reserve(n + self.phones.len() + self.sals.len() + self.schedules.len());
        let (mut names, mut orgs_of, mut text_fields) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for (i, s) in self.services.iter().enumerate() {
            deps.push(Dep {
                hash: key_hash(Table::Service, &s.key),
                owner: i as u32,
                pos: 0,
            });
            svc_ix.insert(s.key.clone(), i as u32);
            names.push(s.name);
            orgs_of.push(
                s.org
                    .as_ref()
                    .and_then(|o| org_ix.get(o).copied())
                    .unwrap_or(u32::MAX),
            );
            text_fields.push((s.alternate, s.description));
        }
        let svc_ix = std::sync::Arc::new(svc_ix);
        for (hash, link, term) in &self.attributes {
            if let (Some(&s), true) = (svc_ix.get(link), term_ix.contains_key(term)) {
                deps.push(Dep {
                    hash: *hash,
                    owner: s,
                    pos: 0,
                });
            }
        }
        let attributes: Vec<(Key, Key)> = self
            .attributes
            .into_iter()
            .map(|(_, link, term)| (link, term))
            .collect();
        // The text index is built on a second thread while this one links the rest. It links
        // the taxonomy terms too (the index gets them back with the names); organization and
        // term names are shared, not copied.
        let text_input = TextInput {
            text: self.text,
            names,
            orgs_of: orgs_of.clone(),
            attributes,
            svc_ix: svc_ix.clone(),
            term_ix,
            ancestry,
            fields: text_fields,
            orgs: orgs.clone(),
            terms: terms.clone(),
        };
        mark("text starts");
        let text_thread = std::thread::spawn(move || build_text(text_input));
        mark("drafts");
        let services_raw = self.services;
        let mut services: Vec<ServiceDraft> = services_raw
            .into_iter()
            .zip(orgs_of)
            .map(|(s, org)| ServiceDraft {
                id: s.id,
                org,
                active: s.active,
                free: false,
                phones: Vec::new(),
                languages: Vec::new(),
                terms: Vec::new(),
                hours: None,
                fallback_zone: None,
            })
            .collect();
        for (hash, k) in self.free {
            if let Some(&s) = svc_ix.get(&k) {
                services[s as usize].free = true;
                deps.push(Dep {
                    hash,
                    owner: s,
                    pos: 0,
                });
            }
        }
        let phone_text = self.phone_text;
        mark("locations");
        // Locations (index 0 is "no location").
        let mut loc_ix: KeyMap<u32> = KeyMap::default();
        loc_ix.reserve(self.locations.len());
        let mut locations: Vec<Id> = Vec::with_capacity(self.locations.len() + 1);
        locations.push(Id::Text("".into()));
        let mut points: Vec<Option<(f64, f64)>> = vec![None];
        for (k, id, point) in self.locations {
            loc_ix.insert(k, locations.len() as u32);
            locations.push(id);
            points.push(point);
        }
        // Confidential locations: their points are snapped to the grid now, so the precise
        // ones are never kept.
        let mut confidential = vec![false; locations.len()];
        for (hash, loc, term) in &self.location_attributes {
            if let (Some(&l), true) = (loc_ix.get(loc), confidential_terms.contains(term)) {
                deps.push(Dep {
                    hash: *hash,
                    owner: LOCATION_OWNER | l,
                    pos: 0,
                });
                confidential[l as usize] = true;
                if let Some(p) = points[l as usize].as_mut() {
                    *p = (snap(p.0), snap(p.1));
                }
            }
        }
        mark("areas");
        // Areas served: each distinct area resolved once (outlines decoded here, not in a query).
        let mut area_ix: std::collections::HashMap<hsds::haven::Area, Option<u32>> =
            Default::default();
        let mut areas: Vec<(crate::areas::Resolved, u8, Box<str>)> = Vec::new();
        // (service, area, name), in storage order.
        let mut service_areas: Vec<(u32, u32, Box<str>)> = Vec::new();
        for (seq, hash, svc, name, area) in self.service_areas {
            let Some(&s) = svc_ix.get(&svc) else {
                deps.push(Dep {
                    hash,
                    owner: NO_OWNER,
                    pos: pos(seq),
                });
                continue;
            };
            deps.push(Dep {
                hash,
                owner: s,
                pos: pos(seq),
            });
            let a = *area_ix.entry(area.clone()).or_insert_with(|| {
                let resolved = crate::areas::resolve(&area)?;
                areas.push((resolved, crate::areas::rank(&area), area.uri().into()));
                Some(areas.len() as u32 - 1)
            });
            if let Some(a) = a {
                let name = if name.is_empty() {
                    area.uri().into()
                } else {
                    name
                };
                service_areas.push((s, a, name));
            }
        }
        // By service, then rank; areas of one rank in the order the service's rows were
        // stored (never by what other services list), each area once.
        service_areas.sort_by_key(|x| (x.0, areas[x.1 as usize].1));
        let mut seen: Vec<(u32, u32)> = Vec::new();
        service_areas.retain(|x| {
            if seen.last().is_some_and(|l| l.0 != x.0) {
                seen.clear();
            }
            if seen.contains(&(x.0, x.1)) {
                return false;
            }
            seen.push((x.0, x.1));
            true
        });
        mark("sals");
        // Service-at-location links.
        let mut sal_ix: KeyMap<(u32, u32)> = KeyMap::default();
        sal_ix.reserve(self.sals.len());
        let mut sal_list: Vec<(Key, u32, u32)> = Vec::with_capacity(self.sals.len());
        for (seq, hash, k, s, l) in self.sals {
            let owner = match (svc_ix.get(&s), loc_ix.get(&l)) {
                (Some(&s), Some(&l)) => {
                    sal_ix.insert(k.clone(), (s, l));
                    sal_list.push((k, s, l));
                    s
                }
                _ => NO_OWNER,
            };
            deps.push(Dep {
                hash,
                owner,
                pos: pos(seq),
            });
        }
        mark("phones");
        for (seq, hash, svc, sal, number) in self.phones {
            let owner = svc
                .as_ref()
                .and_then(|s| svc_ix.get(s).copied())
                .or_else(|| sal.as_ref().and_then(|x| sal_ix.get(x).map(|v| v.0)));
            deps.push(Dep {
                hash,
                owner: owner.unwrap_or(NO_OWNER),
                pos: pos(seq),
            });
            if let Some(s) = owner {
                services[s as usize].phones.push(number);
            }
        }
        mark("languages");
        let mut location_languages: Vec<Vec<u16>> = vec![Vec::new()];
        let language_ids = self.language_ids;
        let mut loc_lang_slot: crate::text::FxHashMap<u32, u32> = Default::default();
        for (hash, svc, loc, keys) in self.languages {
            let keys = keys.into_iter().filter(|&k| k != NO_LANGUAGE);
            let owner = match svc.as_ref().and_then(|s| svc_ix.get(s)) {
                Some(&s) => s,
                None => loc
                    .as_ref()
                    .and_then(|x| loc_ix.get(x))
                    .map_or(NO_OWNER, |&l| LOCATION_OWNER | l),
            };
            if owner != NO_OWNER {
                deps.push(Dep {
                    hash,
                    owner,
                    pos: 0,
                });
            }
            if let Some(&s) = svc.as_ref().and_then(|s| svc_ix.get(s)) {
                for k in keys {
                    if !services[s as usize].languages.contains(&k) {
                        services[s as usize].languages.push(k);
                    }
                }
            } else if let Some(&l) = loc.as_ref().and_then(|x| loc_ix.get(x)) {
                let slot = *loc_lang_slot.entry(l).or_insert_with(|| {
                    location_languages.push(Vec::new());
                    (location_languages.len() - 1) as u32
                });
                location_languages[slot as usize].extend(keys);
            }
        }
        mark("schedules");
        // Schedules: per service-at-location (most specific), per service, per location.
        // Most owners have one row: it is kept as parsed, and a further row is merged in.
        let mut zones: crate::text::FxHashMap<u32, chrono::FixedOffset> = Default::default();
        let mut sal_hours: Vec<Hours> = Vec::new();
        let mut sal_hours_ix: KeyMap<u32> = KeyMap::default();
        let mut loc_hours_ix: crate::text::FxHashMap<u32, u32> = Default::default();
        let add_to = |slot: &mut Hours, more: Hours| {
            let had = std::mem::take(slot);
            *slot = Hours::merge([had, more]);
        };
        for r in self.schedules {
            let owner = if let Some(&(s, _)) = r.sal.as_ref().and_then(|x| sal_ix.get(x)) {
                s
            } else if let Some(&s) = r.service.as_ref().and_then(|s| svc_ix.get(s)) {
                s
            } else {
                r.location
                    .as_ref()
                    .and_then(|x| loc_ix.get(x))
                    .map_or(NO_OWNER, |&l| LOCATION_OWNER | l)
            };
            deps.push(Dep {
                hash: r.hash,
                owner,
                pos: pos(r.seq),
            });
            if let Some(sal) = r.sal.filter(|x| sal_ix.contains_key(x)) {
                match sal_hours_ix.get(&sal) {
                    Some(&i) => add_to(&mut sal_hours[i as usize], r.hours),
                    None => {
                        sal_hours_ix.insert(sal, sal_hours.len() as u32);
                        sal_hours.push(r.hours);
                    }
                }
            } else if let Some(&s) = r.service.as_ref().and_then(|s| svc_ix.get(s)) {
                if let Some(z) = r.zone {
                    zones.entry(s).or_insert(z);
                }
                match &mut services[s as usize].hours {
                    Some(h) => add_to(h, r.hours),
                    none => *none = Some(r.hours),
                }
            } else if let Some(&l) = r.location.as_ref().and_then(|x| loc_ix.get(x)) {
                match loc_hours_ix.get(&l) {
                    Some(&i) => add_to(&mut sal_hours[i as usize], r.hours),
                    None => {
                        loc_hours_ix.insert(l, sal_hours.len() as u32);
                        sal_hours.push(r.hours);
                    }
                }
            }
        }
        for (s, z) in zones {
            services[s as usize].fallback_zone = zone_for_offset(z);
        }
        mark("docs");
        // Docs: one per service-at-location, one per service with none.
        let mut zone_cache: crate::text::FxHashMap<(i64, i64), Option<chrono_tz::Tz>> =
            Default::default();
        let mut docs = Vec::with_capacity(sal_list.len().max(services.len()));
        let mut service_docs: Vec<Vec<u32>> = vec![Vec::new(); services.len()];
        for (k, s, l) in &sal_list {
            let (s, l) = (*s, *l);
            let point = points[l as usize];
            let tz = point.and_then(|(a, b)| zone_near(&mut zone_cache, a, b));
            let service_has_hours = services[s as usize].hours.is_some();
            let slot = loc_lang_slot.get(&l).copied().unwrap_or(0);
            let hours = sal_hours_ix.get(k).copied().or_else(|| {
                if service_has_hours {
                    None
                } else {
                    loc_hours_ix.get(&l).copied()
                }
            });
            service_docs[s as usize].push(docs.len() as u32);
            docs.push(Doc {
                service: s,
                location: l,
                lat: point.map_or(0.0, |p| p.0),
                lon: point.map_or(0.0, |p| p.1),
                has_point: point.is_some(),
                tz,
                hours,
                languages: slot,
                lang_mask: mask_of(&services[s as usize].languages)
                    | location_languages
                        .get(slot as usize)
                        .map_or(0, |l| mask_of(l)),
                flags: doc_flags(&services[s as usize])
                    | if confidential[l as usize] {
                        DOC_CONFIDENTIAL
                    } else {
                        0
                    },
            });
        }
        for (s, list) in service_docs.iter_mut().enumerate() {
            if list.is_empty() {
                list.push(docs.len() as u32);
                docs.push(Doc {
                    service: s as u32,
                    location: 0,
                    lat: 0.0,
                    lon: 0.0,
                    has_point: false,
                    tz: None,
                    hours: None,
                    languages: 0,
                    lang_mask: mask_of(&services[s].languages),
                    flags: doc_flags(&services[s]),
                });
            }
        }
        mark("grid");
        // Grid. Docs are renumbered in cell order, so a cell's docs sit together in memory.
        let mut placed: Vec<(u32, u32)> = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.has_point)
            .map(|(i, d)| {
                let (r, c) = cell_of(d.lat, d.lon);
                (cell_key(r, c), i as u32)
            })
            .collect();
        placed.sort_unstable();
        let unplaced = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.has_point)
            .map(|(i, _)| i as u32);
        let order: Vec<u32> = placed.iter().map(|&(_, d)| d).chain(unplaced).collect();
        let mut new_of = vec![0u32; docs.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of[old as usize] = new as u32;
        }
        let mut slots: Vec<Option<Doc>> = docs.into_iter().map(Some).collect();
        let docs: Vec<Doc> = order
            .iter()
            .filter_map(|&old| slots[old as usize].take())
            .collect();
        for list in service_docs.iter_mut() {
            for d in list.iter_mut() {
                *d = new_of[*d as usize];
            }
        }
        let mut cells: crate::text::FxHashMap<u32, (u32, u32)> = Default::default();
        let mut i = 0;
        while i < placed.len() {
            let cell = placed[i].0;
            let start = i;
            while i < placed.len() && placed[i].0 == cell {
                i += 1;
            }
            cells.insert(cell, (start as u32, i as u32));
        }
        let by_cell = (0..placed.len() as u32).collect();
        let mut coarse: crate::text::FxHashMap<u32, Vec<u32>> = Default::default();
        for &key in cells.keys() {
            let (r, c) = coarse_of(key);
            coarse
                .entry((r * COARSE_COLS + c) as u32)
                .or_default()
                .push(key);
        }
        let coarse = coarse
            .into_iter()
            .map(|(k, v)| (k, v.into_boxed_slice()))
            .collect();
        // What does not need the text index is finished while it is still being built.
        let mut service_doc_start = Vec::with_capacity(service_docs.len() + 1);
        let mut service_doc_list = Vec::with_capacity(docs.len());
        for list in &service_docs {
            service_doc_start.push(service_doc_list.len() as u32);
            service_doc_list.extend_from_slice(list);
        }
        service_doc_start.push(service_doc_list.len() as u32);
        drop(service_docs);
        let mut strings = String::new();
        let mut services: Vec<Service> = services
            .into_iter()
            .map(|d| d.finish(&mut strings, &phone_text))
            .collect();
        mark("waiting for text");
        let done = match text_thread.join() {
            Ok(done) => done,
            // A bug in the text index: fail as if it had run on this thread.
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let TextDone {
            text,
            raw_text,
            names,
            term_start,
            term_list,
        } = done;
        // The names and terms came back with the text index (spans may point anywhere in the
        // buffer).
        for (s, (svc, name)) in services.iter_mut().zip(&names).enumerate() {
            svc.name = Span::push(&mut strings, name.get(&raw_text));
            let (a, b) = (term_start[s] as usize, term_start[s + 1] as usize);
            svc.terms = term_list[a..b].into();
        }
        drop(names);
        drop(raw_text);
        strings.shrink_to_fit();
        let type_services = services_by_type(&terms, &services);
        let mut term_count = vec![0u32; terms.len()];
        for svc in &services {
            for &t in svc.terms.iter() {
                if let Some(x) = term_count.get_mut(t as usize) {
                    *x += 1;
                }
            }
        }
        deps.sort_unstable();
        deps.shrink_to_fit();
        Core {
            services,
            orgs,
            locations,
            strings,
            docs,
            by_cell,
            coarse,
            cells,
            service_doc_start,
            service_doc_list,
            text,
            terms,
            sal_hours,
            location_languages,
            language_ids,
            areas,
            service_areas,
            type_services,
            term_count,
            is_parent,
            term_rows,
            language_keys,
            deps,
            positions_ok,
        }
    }
}

#[cfg(test)]
mod grid_tests {
    use super::*;

    /// splitmix64, for reproducible cases without a dependency.
    fn rng(seed: &mut u64) -> f64 {
        *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The nearest search skips a cell when its bound exceeds the k-th distance found, so the
    /// bound must never exceed the distance to any point that falls in the cell: near and far,
    /// across the date line, near the poles, and on the cell's own edges.
    #[test]
    fn cell_bound_never_exceeds_the_distance_to_a_point_of_the_cell() {
        let mut seed = 7u64;
        let mut cases = 0;
        for i in 0..20_000 {
            let lat = match i % 4 {
                0 => rng(&mut seed) * 180.0 - 90.0,
                1 => 85.0 + rng(&mut seed) * 5.0,
                _ => rng(&mut seed) * 120.0 - 60.0,
            };
            let lon = if i % 5 == 0 {
                179.9 + rng(&mut seed) * 0.1
            } else {
                rng(&mut seed) * 360.0 - 180.0
            };
            // A point near the query (or anywhere), the cell it falls in, and the bound.
            let spread = if i % 3 == 0 { 180.0 } else { 0.4 };
            let plat = (lat + (rng(&mut seed) - 0.5) * spread).clamp(-90.0, 90.0);
            let mut plon = lon + (rng(&mut seed) - 0.5) * spread * 2.0;
            if plon >= 180.0 {
                plon -= 360.0;
            }
            if plon < -180.0 {
                plon += 360.0;
            }
            // Every fourth point sits exactly on a cell corner.
            if i % 4 == 3 {
                plon = (plon / CELL_DEG).floor() * CELL_DEG;
            }
            let (r, c) = cell_of(plat, plon);
            let bound = cell_lower_bound_km(lat, lon, r, c);
            let d = haversine_km(lat, lon, plat, plon);
            assert!(
                bound <= d,
                "({lat}, {lon}) to ({plat}, {plon}) in cell ({r}, {c}): bound {bound} > {d}"
            );
            cases += usize::from(bound > 0.0);
        }
        assert!(
            cases > 5_000,
            "most cases are away from the point's own cell: {cases}"
        );
        // The bound is tight enough to prune: a cell 10 cells north is at least 9 cells away.
        let (r, c) = cell_of(40.0, -74.0);
        let nine_cells = 9.0 * CELL_DEG * KM_PER_DEG;
        assert!(cell_lower_bound_km(40.0 + 0.001, -74.0, r + 10, c) > nine_cells * 0.999);
    }

    #[test]
    fn top_k_keeps_the_first_k_in_order() {
        let mut seed = 3u64;
        for n in [0usize, 1, 2, 9, 10, 11, 50, 400] {
            for k in [0usize, 1, 3, 10, 11, 500] {
                let v: Vec<(u32, u32)> = (0..n)
                    .map(|i| ((rng(&mut seed) * 20.0) as u32, i as u32))
                    .collect();
                let mut want = v.clone();
                want.sort();
                want.truncate(k);
                let mut got = v;
                top_k(&mut got, k, |a, b| a.cmp(b));
                assert_eq!(got, want, "n {n} k {k}");
            }
        }
    }
}

#[cfg(test)]
mod schedule_row_tests {
    use super::JSchedule;
    use crate::hours;

    /// The build reads schedules straight from JSON; the web reads stored records. Both must
    /// give the same hours, zone and messages, whatever a row holds.
    #[test]
    fn schedules_read_from_json_match_schedules_read_as_records() {
        let bodies = [
            r#"{"byday":"MO,TU,WE,TH,FR","closes_at":"17:00:00","freq":"WEEKLY","id":"s1","interval":1,"opens_at":"08:00:00","service_id":"x","wkst":"MO"}"#,
            r#"{"byday":"FR","opens_at":"22:00","closes_at":"06:00","freq":"WEEKLY","timezone":-5}"#,
            r#"{"byday":"SA,SU","opens_at":"00:00","closes_at":"23:59","freq":"WEEKLY","timezone":"-8"}"#,
            r#"{"byday":"1MO,-1FR","opens_at":"09:00","closes_at":"12:00","freq":"MONTHLY","dtstart":"2026-01-05","interval":"2"}"#,
            r#"{"bymonthday":"1,15,-1","opens_at":"10:00","closes_at":"14:00"}"#,
            r#"{"valid_from":"2026-12-24","valid_to":"2026-12-26","opens_at":"","closes_at":"","description":"Closed"}"#,
            r#"{"valid_from":"20261224","valid_to":"2026-12-26T00:00:00Z","byday":"MO","opens_at":"09:00","closes_at":"10:00"}"#,
            r#"{"byday":"MO","opens_at":"09:00+02:00","closes_at":"17:00+02:00","freq":"WEEKLY"}"#,
            r#"{"byday":"MO","opens_at":"9am","closes_at":"5pm","freq":"WEEKLY"}"#,
            r#"{"byday":"MO","opens_at":"09:00","closes_at":"17:00","freq":"YEARLY"}"#,
            r#"{"byday":"MO","opens_at":"09:00","closes_at":"17:00","interval":1.5,"count":3}"#,
            r#"{"byday":"MO","opens_at":"09:00","closes_at":"17:00","interval":true}"#,
            r#"{"byday":"MO","opens_at":"09:00","closes_at":"17:00","count":[1,2]}"#,
            r#"{"byday":"MO","opens_at":"09:00","closes_at":"17:00","timezone":{"h":1}}"#,
            r#"{"byday":"MO","opens_at":"09:00","closes_at":"17:00","timezone":null,"until":null}"#,
            r#"{"byday":"TU","opens_at":"09:00","closes_at":"17:00","until":"2026-06-30","dtstart":"2026-01-06","byweekno":"1,2","freq":"WEEKLY"}"#,
            r#"{"byyearday":"1,100","freq":"DAILY","opens_at":"08:00","closes_at":"09:00"}"#,
            r#"{"id":"esc\u00e1ped \"id\"","byday":"W\u0045","opens_at":"08:00","closes_at":"09:00"}"#,
            r#"{"id":7,"byday":5,"opens_at":8,"closes_at":"09:00"}"#,
            r#"{}"#,
        ];
        for body in bodies {
            let record: hsds::Record = serde_json::from_str(body).expect("fixture");
            let row: JSchedule = serde_json::from_str(body).expect("fixture");
            assert_eq!(hours::parse(&[&row]), hours::parse(&[&record]), "{body}");
            assert_eq!(
                hours::fallback_zone(&[&row]),
                hours::fallback_zone(&[&record]),
                "{body}"
            );
        }
    }
}

#[cfg(test)]
mod id_tests {
    use super::Id;

    #[test]
    fn compact_ids_print_back_as_given_and_order_as_their_text() {
        let texts = [
            "00000000-0000-4000-8000-000000000000",
            "0a0172f3-bda4-5c4a-94df-b110dd32ca16",
            "0a0172f3-bda4-5c4a-94df-b110dd32ca1",
            "0A0172F3-BDA4-5C4A-94DF-B110DD32CA16",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "svc-1",
            "",
            "zz",
        ];
        for t in texts {
            assert_eq!(Id::new(t).to_string(), t);
        }
        assert!(matches!(Id::new(texts[1]), Id::Uuid(_)));
        assert!(
            matches!(Id::new(texts[3]), Id::Text(_)),
            "not canonical: kept as text"
        );
        for a in texts {
            for b in texts {
                assert_eq!(Id::new(a).cmp(&Id::new(b)), a.cmp(b), "{a} vs {b}");
            }
        }
        assert!(Id::new("").is_empty() && !Id::new(texts[0]).is_empty());
    }
}
