//! Areas served: "which areas contain this point?", so a hotline or a citywide line that has no
//! street address is found by the people it serves, and never by people elsewhere.
//!
//! # Outlines (see `data/atlas/README.md` for versions, sha256 and licences)
//! - US states and the US as a whole: `states-10m.json` (us-atlas 3.0.1, US Census Bureau
//!   cartographic boundaries, public domain); ids are state FIPS codes, read as ISO 3166-2 through
//!   [`STATE_FIPS`].
//! - US counties: `counties-10m.json` (same package); ids are five-digit county FIPS codes.
//! - Countries: `countries-50m.json` (world-atlas 2.0.2, Natural Earth, public domain); ids are
//!   ISO 3166-1 numeric codes, read as alpha-2 through `iso-3166-1-numeric.tsv` (npm iso-3166-1
//!   2.1.1, MIT). `country:US` uses the us-atlas nation outline instead (finer, and it holds the
//!   territories: Puerto Rico, Guam, the US Virgin Islands, American Samoa, the Northern Marianas).
//!
//! Each file is decoded once, the first time an area of its kind is resolved: the index resolves
//! its areas while it is built, so no query waits for a decode.
//!
//! # Inside
//! A point is inside an area when it is inside the outline (even-odd rule over every ring, so
//! holes and islands are right) or within [`BORDER_TOLERANCE_KM`] of it: the outlines are
//! simplified (1:10,000,000 for the US, 1:50,000,000 for countries), so a point a little way off
//! a simplified coast or border is counted in. Near a border that can show one extra hotline;
//! hiding the right one would be worse.
//!
//! # Postal lists
//! A postal area (`urn:haven:area:postal:US:10001+10002`) contains a point when the point is in
//! that country and the point's nearest ZIP code centroid in the gazetteer is in the list. A point
//! that came from a ZIP code (`--near 10001`) is that ZIP's centroid, so it always matches its own
//! ZIP (a tie between centroids at the same spot counts every one of them). Only US ZIP codes are
//! known: a postal list of another country matches no point.
//! Cities haven defines ([`hsds::haven::city_counties`]) contain a point inside any of their
//! counties.

use hsds::haven::Area;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const US_STATES: &str = include_str!("../../../data/atlas/states-10m.json");
const US_COUNTIES: &str = include_str!("../../../data/atlas/counties-10m.json");
const COUNTRIES: &str = include_str!("../../../data/atlas/countries-50m.json");
const ISO_NUMERIC: &str = include_str!("../../../data/atlas/iso-3166-1-numeric.tsv");

/// How far outside a simplified outline a point still counts as inside, in km.
///
/// Measured on the gazetteer's 41,912 US ZIP code centroids against their own state's 1:10m
/// outline: 41,747 are inside with no tolerance, 41,861 within 2 km.
pub const BORDER_TOLERANCE_KM: f64 = 2.0;

/// Farther out, up to this many km, a point still counts as inside an area when no other area
/// of the same kind holds it: the shore, a bay, a lake, an island the simplified outline lost
/// (ZIP centroids lie up to 20 km out in Lake Erie and off Maine and California; a test holds
/// every US ZIP centroid inside its state and the US).
pub const OFFSHORE_TOLERANCE_KM: f64 = 25.0;

/// ISO 3166-1 codes of US territories, which are in the US (`country:US`) and their own code.
const US_TERRITORIES: &[&str] = &["AS", "GU", "MP", "PR", "UM", "VI"];

/// State FIPS code -> ISO 3166-2 code, for the states, DC and the territories us-atlas draws
/// (FIPS 5-2 / ANSI INCITS 38 codes, US Census Bureau; a test checks each against the outline's
/// own name and the gazetteer's state list).
pub const STATE_FIPS: &[(&str, &str)] = &[
    ("01", "US-AL"),
    ("02", "US-AK"),
    ("04", "US-AZ"),
    ("05", "US-AR"),
    ("06", "US-CA"),
    ("08", "US-CO"),
    ("09", "US-CT"),
    ("10", "US-DE"),
    ("11", "US-DC"),
    ("12", "US-FL"),
    ("13", "US-GA"),
    ("15", "US-HI"),
    ("16", "US-ID"),
    ("17", "US-IL"),
    ("18", "US-IN"),
    ("19", "US-IA"),
    ("20", "US-KS"),
    ("21", "US-KY"),
    ("22", "US-LA"),
    ("23", "US-ME"),
    ("24", "US-MD"),
    ("25", "US-MA"),
    ("26", "US-MI"),
    ("27", "US-MN"),
    ("28", "US-MS"),
    ("29", "US-MO"),
    ("30", "US-MT"),
    ("31", "US-NE"),
    ("32", "US-NV"),
    ("33", "US-NH"),
    ("34", "US-NJ"),
    ("35", "US-NM"),
    ("36", "US-NY"),
    ("37", "US-NC"),
    ("38", "US-ND"),
    ("39", "US-OH"),
    ("40", "US-OK"),
    ("41", "US-OR"),
    ("42", "US-PA"),
    ("44", "US-RI"),
    ("45", "US-SC"),
    ("46", "US-SD"),
    ("47", "US-TN"),
    ("48", "US-TX"),
    ("49", "US-UT"),
    ("50", "US-VT"),
    ("51", "US-VA"),
    ("53", "US-WA"),
    ("54", "US-WV"),
    ("55", "US-WI"),
    ("56", "US-WY"),
    ("60", "US-AS"),
    ("66", "US-GU"),
    ("69", "US-MP"),
    ("72", "US-PR"),
    ("78", "US-VI"),
];

/// Kilometres per degree of latitude on the mean sphere.
const KM_PER_DEG: f64 = crate::EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;

/// One closed ring, as (longitude, latitude) points, with its bounding box.
struct Ring {
    /// (min_lon, min_lat, max_lon, max_lat).
    bbox: [f64; 4],
    points: Vec<(f64, f64)>,
}

/// An area's outline: every ring of every polygon of it (outer rings, holes, islands).
pub struct Outline {
    bbox: [f64; 4],
    rings: Vec<Ring>,
}

fn bbox_of(points: impl Iterator<Item = (f64, f64)>) -> [f64; 4] {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for (x, y) in points {
        b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    }
    b
}

/// `bbox` grown by `dlon`, `dlat` degrees contains (lon, lat).
fn in_box(b: &[f64; 4], lon: f64, lat: f64, dlon: f64, dlat: f64) -> bool {
    lon >= b[0] - dlon && lon <= b[2] + dlon && lat >= b[1] - dlat && lat <= b[3] + dlat
}

impl Outline {
    /// Inside (even-odd over all rings), or within `tolerance_km` of an edge.
    pub fn contains(&self, lat: f64, lon: f64, tolerance_km: f64) -> bool {
        let dlat = tolerance_km / KM_PER_DEG;
        let cos = lat.to_radians().cos().max(0.01);
        let dlon = dlat / cos;
        if !in_box(&self.bbox, lon, lat, dlon, dlat) {
            return false;
        }
        let mut inside = false;
        for r in &self.rings {
            if in_box(&r.bbox, lon, lat, 0.0, 0.0) && ring_crossings_odd(&r.points, lon, lat) {
                inside = !inside;
            }
        }
        if inside || tolerance_km <= 0.0 {
            return inside;
        }
        // Near an edge: distance in a local plane (km east, km north of the point).
        let tol2 = tolerance_km * tolerance_km;
        let to_km = |(x, y): (f64, f64)| ((x - lon) * cos * KM_PER_DEG, (y - lat) * KM_PER_DEG);
        self.rings
            .iter()
            .filter(|r| in_box(&r.bbox, lon, lat, dlon, dlat))
            .any(|r| {
                r.points.windows(2).any(|w| {
                    let (a, b) = (to_km(w[0]), to_km(w[1]));
                    segment_distance2(a, b) <= tol2
                })
            })
    }
}

/// Whether a ray from (lon, lat) eastwards crosses the ring an odd number of times.
fn ring_crossings_odd(points: &[(f64, f64)], lon: f64, lat: f64) -> bool {
    let mut odd = false;
    let n = points.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (xi, yi) = points[i];
        let (xj, yj) = points[j];
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            odd = !odd;
        }
        j = i;
    }
    odd
}

/// Squared distance from the origin to the segment a-b.
fn segment_distance2(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(a.0 * dx + a.1 * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (a.0 + t * dx, a.1 + t * dy);
    x * x + y * y
}

// TopoJSON, as much of it as outlines need.
#[derive(Deserialize)]
struct Topology {
    transform: Transform,
    arcs: Vec<Vec<(i64, i64)>>,
    objects: HashMap<String, Collection>,
}

#[derive(Deserialize)]
struct Transform {
    scale: (f64, f64),
    translate: (f64, f64),
}

#[derive(Deserialize)]
struct Collection {
    #[serde(default)]
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    arcs: serde_json::Value,
}

/// Outlines of the named collection of a topology, with their geometry ids. Malformed geometries are skipped: the data is ours and a
/// test decodes all of it, but a bad ring must not stop a build.
fn decode(text: &str, collection: &str) -> Vec<(String, Outline)> {
    let Ok(topo) = serde_json::from_str::<Topology>(text) else {
        return Vec::new();
    };
    let (sx, sy) = topo.transform.scale;
    let (tx, ty) = topo.transform.translate;
    // Arcs are delta-encoded quantized positions.
    let arcs: Vec<Vec<(f64, f64)>> = topo
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.iter()
                .map(|&(dx, dy)| {
                    x += dx;
                    y += dy;
                    (x as f64 * sx + tx, y as f64 * sy + ty)
                })
                .collect()
        })
        .collect();
    let ring = |indexes: &serde_json::Value| -> Option<Ring> {
        let mut points: Vec<(f64, f64)> = Vec::new();
        for i in indexes
            .as_array()?
            .iter()
            .filter_map(serde_json::Value::as_i64)
        {
            let (arc, reversed) = if i >= 0 {
                (arcs.get(i as usize)?, false)
            } else {
                (arcs.get(!i as usize)?, true)
            };
            // Consecutive arcs share their joining point.
            let skip = usize::from(!points.is_empty());
            if reversed {
                points.extend(arc.iter().rev().skip(skip));
            } else {
                points.extend(arc.iter().skip(skip));
            }
        }
        (points.len() >= 3).then(|| Ring {
            bbox: bbox_of(points.iter().copied()),
            points,
        })
    };
    let Some(objects) = topo.objects.get(collection) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for g in &objects.geometries {
        let polygons: Vec<&serde_json::Value> = match g.kind.as_deref() {
            Some("Polygon") => vec![&g.arcs],
            Some("MultiPolygon") => g.arcs.as_array().into_iter().flatten().collect(),
            _ => continue,
        };
        let rings: Vec<Ring> = polygons
            .into_iter()
            .flat_map(|p| p.as_array().into_iter().flatten())
            .filter_map(ring)
            .collect();
        if rings.is_empty() {
            continue;
        }
        let id = match &g.id {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let bbox = bbox_of(
            rings
                .iter()
                .flat_map(|r| [(r.bbox[0], r.bbox[1]), (r.bbox[2], r.bbox[3])]),
        );
        out.push((id, Outline { bbox, rings }));
    }
    out
}

/// Outlines by code, decoded on first use.
struct Atlas {
    by_code: HashMap<String, Outline>,
}

impl Atlas {
    fn get(&self, code: &str) -> Option<&Outline> {
        self.by_code.get(code)
    }
}

/// US states (ISO 3166-2) and the nation ("US").
fn us_states() -> &'static Atlas {
    static CELL: OnceLock<Atlas> = OnceLock::new();
    CELL.get_or_init(|| {
        let fips: HashMap<&str, &str> = STATE_FIPS.iter().copied().collect();
        let mut by_code: HashMap<String, Outline> = decode(US_STATES, "states")
            .into_iter()
            .filter_map(|(id, o)| Some((fips.get(id.as_str())?.to_string(), o)))
            .collect();
        if let Some((_, nation)) = decode(US_STATES, "nation").into_iter().next() {
            by_code.insert("US".into(), nation);
        }
        Atlas { by_code }
    })
}

/// US counties by five-digit FIPS code.
fn us_counties() -> &'static Atlas {
    static CELL: OnceLock<Atlas> = OnceLock::new();
    CELL.get_or_init(|| Atlas {
        by_code: decode(US_COUNTIES, "counties").into_iter().collect(),
    })
}

/// Countries by ISO 3166-1 alpha-2 (Natural Earth shapes without an ISO code are left out).
fn countries() -> &'static Atlas {
    static CELL: OnceLock<Atlas> = OnceLock::new();
    CELL.get_or_init(|| {
        let alpha2: HashMap<&str, &str> = ISO_NUMERIC
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((f.next()?, f.next()?))
            })
            .collect();
        Atlas {
            by_code: decode(COUNTRIES, "countries")
                .into_iter()
                .filter_map(|(id, o)| Some((alpha2.get(id.as_str())?.to_string(), o)))
                .collect(),
        }
    })
}

/// The outline of a country: the us-atlas nation for the US, Natural Earth otherwise.
fn country_outline(code: &str) -> Option<&'static Outline> {
    if code == "US" {
        us_states().get("US")
    } else {
        countries().get(code)
    }
}

/// Which atlas an outline comes from: what "another area of the same kind" means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Country,
    State,
    County,
}

/// Whether the point is strictly inside the us-atlas outline of the US.
fn in_us(lat: f64, lon: f64) -> bool {
    us_states()
        .get("US")
        .is_some_and(|us| us.contains(lat, lon, 0.0))
}

/// Whether an outline of `level` other than `code`'s strictly holds the point.
fn other_holds(level: Level, code: &str, lat: f64, lon: f64) -> bool {
    let held = |atlas: &Atlas, skip: &str| {
        atlas
            .by_code
            .iter()
            .any(|(c, o)| c != code && c != skip && o.contains(lat, lon, 0.0))
    };
    match level {
        // The us-atlas nation stands for the US: Natural Earth's own US shape is not "other".
        Level::Country => held(countries(), "US") || (code != "US" && in_us(lat, lon)),
        // The nation shares the states' atlas: only states count as other.
        Level::State => held(us_states(), "US"),
        Level::County => held(us_counties(), ""),
    }
}

/// Whether the outline of area `code` at `level` serves the point: inside, within
/// [`BORDER_TOLERANCE_KM`], or within [`OFFSHORE_TOLERANCE_KM`] and held by no other area of
/// that level. A point inside the US is in no other country but a US territory.
fn serves(level: Level, code: &str, o: &Outline, lat: f64, lon: f64) -> bool {
    if level == Level::Country && code != "US" && !US_TERRITORIES.contains(&code) && in_us(lat, lon)
    {
        return false;
    }
    if o.contains(lat, lon, BORDER_TOLERANCE_KM) {
        return true;
    }
    o.contains(lat, lon, OFFSHORE_TOLERANCE_KM) && !other_holds(level, code, lat, lon)
}

/// An area resolved once, so testing a point against it reads no table and decodes nothing.
pub struct Resolved {
    kind: Kind,
}

enum Kind {
    /// Served by any of these outlines (a city's counties; one for the rest).
    Outlines(Level, Vec<(String, &'static Outline)>),
    /// A US postal list: sorted codes.
    Postal(Vec<String>),
}

/// How local an area is, smallest first: a postal list, a county, a city, a state, a country.
/// Results list the most local lines first.
pub fn rank(area: &Area) -> u8 {
    match area {
        Area::Postal { .. } => 0,
        Area::County(_) => 1,
        Area::City(_) => 2,
        Area::State(_) => 3,
        Area::Country(_) => 4,
    }
}

/// Resolve an area to its outlines (decoding the atlas it needs, once per process), or None when
/// haven has no outline or list for it (an unknown state, county or city code, a postal list
/// outside the US): such an area contains no point.
pub fn resolve(area: &Area) -> Option<Resolved> {
    let one = |level: Level, code: &str, o: Option<&'static Outline>| {
        Some(Kind::Outlines(level, vec![(code.to_string(), o?)]))
    };
    let kind = match area {
        Area::Country(c) => one(Level::Country, c, country_outline(c))?,
        Area::State(c) => one(Level::State, c, us_states().get(c).filter(|_| c != "US"))?,
        Area::County(c) => one(Level::County, c, us_counties().get(c))?,
        Area::City(c) => {
            let v: Vec<(String, &'static Outline)> = hsds::haven::city_counties(c)?
                .iter()
                .filter_map(|&f| Some((f.to_string(), us_counties().get(f)?)))
                .collect();
            if v.is_empty() {
                return None;
            }
            Kind::Outlines(Level::County, v)
        }
        Area::Postal { country, codes } => {
            if country != "US" {
                return None;
            }
            let mut codes = codes.clone();
            codes.sort();
            codes.dedup();
            // Built now, so the first query that needs the nearest ZIP does not wait for it.
            zip_grid();
            country_outline("US")?;
            Kind::Postal(codes)
        }
    };
    Some(Resolved { kind })
}

impl Resolved {
    /// Whether the area serves a point (see the module's notes on tolerance and postal lists).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        match &self.kind {
            Kind::Outlines(level, v) => v.iter().any(|(code, o)| serves(*level, code, o, lat, lon)),
            Kind::Postal(codes) => {
                country_outline("US").is_some_and(|us| serves(Level::Country, "US", us, lat, lon))
                    && nearest_zips(lat, lon)
                        .iter()
                        .any(|z| codes.binary_search_by(|c| c.as_str().cmp(z)).is_ok())
            }
        }
    }
}

/// Whether `area` serves the point: [`resolve`] then [`Resolved::contains`].
pub fn contains(area: &Area, lat: f64, lon: f64) -> bool {
    resolve(area).is_some_and(|r| r.contains(lat, lon))
}

/// ZIP centroids in cells of this many degrees, for the nearest-ZIP lookup.
const ZIP_CELL_DEG: f64 = 0.5;

/// ZIP centroids by cell: (lat, lon, code) per cell.
type ZipGrid = HashMap<(i32, i32), Vec<(f64, f64, &'static str)>>;

/// The gazetteer's ZIP centroids bucketed by cell.
fn zip_grid() -> &'static ZipGrid {
    static CELL: OnceLock<ZipGrid> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut g = ZipGrid::new();
        for p in crate::gazetteer::Gazetteer::get().postal_codes() {
            let Some(code) = p.name.get(..5) else {
                continue;
            };
            g.entry(zip_cell(p.lat, p.lon))
                .or_default()
                .push((p.lat, p.lon, code));
        }
        g
    })
}

fn zip_cell(lat: f64, lon: f64) -> (i32, i32) {
    (
        (lat / ZIP_CELL_DEG).floor() as i32,
        (lon / ZIP_CELL_DEG).floor() as i32,
    )
}

/// The ZIP codes whose centroids are nearest the point (more than one only on an exact tie),
/// searched ring by ring of cells until no further ring can hold a nearer one; empty when no
/// ZIP lies within about 500 km.
pub fn nearest_zips(lat: f64, lon: f64) -> Vec<&'static str> {
    let grid = zip_grid();
    let (r0, c0) = zip_cell(lat, lon);
    let mut best = f64::INFINITY;
    let mut found: Vec<&'static str> = Vec::new();
    for ring in 0..=10i32 {
        // Any cell `ring` away is at least (ring - 1) cells of latitude away north-south, or
        // that many of longitude east-west at the cell's worst latitude: a safe bound is the
        // smaller, taken on the pole side.
        let bound_deg = f64::from((ring - 1).max(0)) * ZIP_CELL_DEG;
        let far = (lat.abs() + f64::from(ring + 1) * ZIP_CELL_DEG).min(89.9);
        let bound = bound_deg * KM_PER_DEG * far.to_radians().cos();
        if bound > best {
            break;
        }
        for dr in -ring..=ring {
            for dc in -ring..=ring {
                if dr.abs().max(dc.abs()) != ring {
                    continue;
                }
                let Some(cell) = grid.get(&(r0 + dr, c0 + dc)) else {
                    continue;
                };
                for &(zl, zo, code) in cell {
                    let d = crate::haversine_km(lat, lon, zl, zo);
                    if d < best {
                        best = d;
                        found.clear();
                        found.push(code);
                    } else if d == best {
                        found.push(code);
                    }
                }
            }
        }
    }
    found
}

/// Number of outlines of each kind haven can resolve: (countries, states and territories,
/// counties), for tests and the about page.
pub fn outline_counts() -> (usize, usize, usize) {
    (
        countries().by_code.len(),
        us_states().by_code.len().saturating_sub(1),
        us_counties().by_code.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_with_a_hole_and_an_island() {
        let sq = |x0: f64, y0: f64, s: f64| -> Ring {
            let points = vec![
                (x0, y0),
                (x0 + s, y0),
                (x0 + s, y0 + s),
                (x0, y0 + s),
                (x0, y0),
            ];
            Ring {
                bbox: bbox_of(points.iter().copied()),
                points,
            }
        };
        let rings = vec![sq(0.0, 0.0, 10.0), sq(4.0, 4.0, 2.0), sq(20.0, 0.0, 1.0)];
        let o = Outline {
            bbox: [0.0, 0.0, 21.0, 10.0],
            rings,
        };
        assert!(o.contains(1.0, 1.0, 0.0));
        assert!(!o.contains(5.0, 5.0, 0.0), "in the hole");
        assert!(o.contains(0.5, 20.5, 0.0), "on the island");
        assert!(!o.contains(5.0, 15.0, 0.0), "between");
        // Just outside the west edge at the equator: 0.01 degree is about 1.1 km.
        assert!(!o.contains(5.0, -0.01, 0.0));
        assert!(o.contains(5.0, -0.01, 2.0));
        assert!(!o.contains(5.0, -0.05, 2.0));
    }
}
