//! Query parameters, read strictly: an unknown or repeated parameter, a malformed number, date
//! or boolean, or a combination that means nothing is a 400 problem naming the parameter,
//! never a silent default and never a 500.

use super::problem::Problem;
use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use std::collections::BTreeMap;

/// The most records one page holds; larger `per_page` values are refused (use `format=ndjson`
/// to get everything in one response).
pub const MAX_PER_PAGE: u64 = 1000;
/// Records per page when `per_page` is not given.
pub const DEFAULT_PER_PAGE: u64 = 50;
/// The most results a search (text, place, open-now, language, free, taxonomy term) ranks; its
/// pages and `total_items` stop there. Ranking costs about 4 µs per result at 1M services, and
/// every page of a search ranks the whole window (so `total_items` is exact within it).
pub const SEARCH_WINDOW: usize = 250;
/// The furthest `radius_km` that means anything (half the Earth's circumference).
pub const MAX_RADIUS_KM: f64 = 20_038.0;

/// The parameters of one request, each given at most once.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: BTreeMap<String, String>,
}

impl Params {
    /// Read a raw query string, refusing parameters the endpoint does not know and repeats.
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, Problem> {
        let list: Vec<(String, String)> = match raw {
            None | Some("") => Vec::new(),
            Some(q) => serde_urlencoded::from_str(q).map_err(|e| {
                Problem::bad_param("query", format!("the query string is not well formed: {e}"))
            })?,
        };
        let mut pairs = BTreeMap::new();
        for (k, v) in list {
            if !allowed.contains(&k.as_str()) {
                let mut known: Vec<&str> = allowed.to_vec();
                known.sort_unstable();
                return Err(Problem::bad_param(
                    &k,
                    format!(
                        "this endpoint has no such parameter; it takes: {}",
                        known.join(", ")
                    ),
                ));
            }
            if pairs.insert(k.clone(), v).is_some() {
                return Err(Problem::bad_param(&k, "given more than once; give it once"));
            }
        }
        Ok(Params { pairs })
    }

    /// A text parameter; an empty value counts as not given.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.pairs
            .get(name)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    /// A typed parameter's value: absent is None, but given empty is a mistake (`page=`).
    fn typed(&self, name: &str, what: &str) -> Result<Option<&str>, Problem> {
        match self.pairs.get(name).map(|s| s.trim()) {
            None => Ok(None),
            Some("") => Err(Problem::bad_param(
                name,
                format!("it is empty; give {what} or leave the parameter out"),
            )),
            Some(v) => Ok(Some(v)),
        }
    }

    /// `true` or `false` (any case; also `1`/`0`).
    pub fn bool(&self, name: &str) -> Result<Option<bool>, Problem> {
        let Some(v) = self.typed(name, "true or false")? else {
            return Ok(None);
        };
        match v.to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(Some(true)),
            "false" | "0" => Ok(Some(false)),
            _ => Err(Problem::bad_param(
                name,
                format!("\"{v}\" is not a boolean; use true or false"),
            )),
        }
    }

    /// A whole number within `min..=max`.
    pub fn uint(&self, name: &str, min: u64, max: u64) -> Result<Option<u64>, Problem> {
        let Some(v) = self.typed(name, "a whole number")? else {
            return Ok(None);
        };
        let n: u64 = v.parse().map_err(|_| {
            Problem::bad_param(
                name,
                format!("\"{v}\" is not a whole number from {min} to {max}"),
            )
        })?;
        if n < min || n > max {
            return Err(Problem::bad_param(
                name,
                format!("{n} is out of range: give a whole number from {min} to {max}"),
            ));
        }
        Ok(Some(n))
    }

    /// A finite decimal number within `min..=max`.
    pub fn float(&self, name: &str, min: f64, max: f64) -> Result<Option<f64>, Problem> {
        let Some(v) = self.typed(name, "a number")? else {
            return Ok(None);
        };
        let x: f64 = v
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| {
                Problem::bad_param(name, format!("\"{v}\" is not a number from {min} to {max}"))
            })?;
        if x < min || x > max {
            return Err(Problem::bad_param(
                name,
                format!("{x} is out of range: give a number from {min} to {max}"),
            ));
        }
        Ok(Some(x))
    }

    /// An instant: RFC 3339 (`2025-01-31T12:00:00Z`, any offset), a date and time without an
    /// offset (read as UTC), or a date (midnight UTC).
    pub fn time(&self, name: &str) -> Result<Option<DateTime<Utc>>, Problem> {
        let Some(v) = self.typed(name, "a date-time")? else {
            return Ok(None);
        };
        parse_time(v).map(Some).ok_or_else(|| {
            Problem::bad_param(
                name,
                format!(
                    "\"{v}\" is not a date-time; use RFC 3339, e.g. 2025-01-31T12:00:00Z, or a date, \
                     e.g. 2025-01-31"
                ),
            )
        })
    }
}

/// Read the instant forms [`Params::time`] accepts.
pub fn parse_time(v: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Some(t.with_timezone(&Utc));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(v, f) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// An instant as the store spells change times, so the two compare as text.
pub fn store_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Which page, how big, and whether to stream everything instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// 1-based page number.
    pub page: u64,
    /// Records per page.
    pub per_page: u64,
    /// `format=ndjson`: every result, one JSON object per line, no envelope.
    pub ndjson: bool,
}

impl Paging {
    /// Read `page`, `per_page` and `format`.
    pub fn read(p: &Params) -> Result<Paging, Problem> {
        let ndjson = match p.typed("format", "json or ndjson")? {
            None => false,
            Some(f) if f.eq_ignore_ascii_case("json") => false,
            Some(f) if f.eq_ignore_ascii_case("ndjson") => true,
            Some(f) => {
                return Err(Problem::bad_param(
                    "format",
                    format!("\"{f}\" is not a format haven serves; use json or ndjson"),
                ))
            }
        };
        Ok(Paging {
            page: p.uint("page", 1, u64::from(u32::MAX))?.unwrap_or(1),
            per_page: p
                .uint("per_page", 1, MAX_PER_PAGE)?
                .unwrap_or(DEFAULT_PER_PAGE),
            ndjson,
        })
    }

    /// How many records come before this page.
    pub fn offset(&self) -> u64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

/// haven's search extensions (and the spec's `search`, `postcode`, `proximity`), validated.
#[derive(Debug, Clone, Default)]
pub struct SearchParams {
    /// Full text (`search`).
    pub text: Option<String>,
    /// The point distances are measured from: `lat`+`lon`, or the `postcode`'s centroid.
    pub near: Option<(f64, f64)>,
    /// Only results within this many km (`radius_km`, or `proximity` in metres).
    pub radius_km: Option<f64>,
    /// A language spoken (`language`): code or name.
    pub language: Option<String>,
    /// Only services open at this instant (`open_at`, or now for `open_now=true`).
    pub open_at: Option<DateTime<Utc>>,
    /// Only services with a free cost option (`free=true`).
    pub free: bool,
}

impl SearchParams {
    /// Read the search parameters the endpoint allows (`postcode`/`proximity` only where the
    /// spec has them).
    pub fn read(p: &Params, postcode_allowed: bool) -> Result<SearchParams, Problem> {
        let lat = p.float("lat", -90.0, 90.0)?;
        let lon = p.float("lon", -180.0, 180.0)?;
        let mut near = match (lat, lon) {
            (Some(a), Some(o)) => Some((a, o)),
            (None, None) => None,
            (Some(_), None) => return Err(Problem::bad_param("lon", "lat needs lon too")),
            (None, Some(_)) => return Err(Problem::bad_param("lat", "lon needs lat too")),
        };
        let mut radius_km = p.float("radius_km", 0.0, MAX_RADIUS_KM)?;
        if radius_km == Some(0.0) {
            return Err(Problem::bad_param(
                "radius_km",
                "a radius must be more than 0 km",
            ));
        }
        if postcode_allowed {
            if let Some(code) = p.text("postcode") {
                if near.is_some() {
                    return Err(Problem::bad_param(
                        "postcode",
                        "give either postcode or lat and lon, not both",
                    ));
                }
                let place = search::gazetteer::Gazetteer::get()
                    .postal(code)
                    .ok_or_else(|| {
                        Problem::bad_param(
                            "postcode",
                            format!("\"{code}\" is not a postal code haven knows (US ZIP codes)"),
                        )
                    })?;
                near = Some((place.lat, place.lon));
            }
            if let Some(m) = p.float("proximity", 0.0, MAX_RADIUS_KM * 1000.0)? {
                if radius_km.is_some() {
                    return Err(Problem::bad_param(
                        "proximity",
                        "give either proximity (metres) or radius_km, not both",
                    ));
                }
                if m == 0.0 {
                    return Err(Problem::bad_param(
                        "proximity",
                        "a proximity must be more than 0 metres",
                    ));
                }
                if near.is_none() {
                    return Err(Problem::bad_param(
                        "proximity",
                        "proximity is measured from a postcode (or lat and lon): give one",
                    ));
                }
                radius_km = Some(m / 1000.0);
            }
        }
        if radius_km.is_some() && near.is_none() {
            return Err(Problem::bad_param(
                "radius_km",
                "a radius is measured from a point: give lat and lon",
            ));
        }
        let open_now = p.bool("open_now")?.unwrap_or(false);
        let open_at = p.time("open_at")?;
        if open_now && open_at.is_some() {
            return Err(Problem::bad_param(
                "open_at",
                "give either open_now or open_at, not both",
            ));
        }
        Ok(SearchParams {
            text: p.text("search").map(str::to_string),
            near,
            radius_km,
            language: p.text("language").map(str::to_string),
            open_at: if open_now { Some(Utc::now()) } else { open_at },
            free: p.bool("free")?.unwrap_or(false),
        })
    }

    /// Whether anything here asks for a search (and so for the index's ranking).
    pub fn any(&self) -> bool {
        self.text.is_some()
            || self.near.is_some()
            || self.language.is_some()
            || self.open_at.is_some()
            || self.free
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> Result<Params, Problem> {
        Params::parse(
            Some(q),
            &["page", "per_page", "format", "lat", "lon", "flag"],
        )
    }

    #[test]
    fn unknown_and_repeated_parameters_are_named() {
        let e = p("pgae=2").err().map(|e| e.parameter);
        assert_eq!(e, Some(Some("pgae".to_string())));
        let e = p("page=1&page=2").err().map(|e| e.parameter);
        assert_eq!(e, Some(Some("page".to_string())));
    }

    #[test]
    fn numbers_booleans_and_times_are_strict() {
        let q = p("page=0").map(|q| Paging::read(&q));
        assert!(matches!(q, Ok(Err(Problem { status: 400, .. }))));
        let q = p("per_page=1001").map(|q| Paging::read(&q));
        assert!(matches!(q, Ok(Err(Problem { status: 400, .. }))));
        let q = p("page=3&per_page=20&format=ndjson").and_then(|q| Paging::read(&q));
        assert_eq!(
            q.clone().ok(),
            Some(Paging {
                page: 3,
                per_page: 20,
                ndjson: true
            })
        );
        assert_eq!(q.map(|q| q.offset()).ok(), Some(40));
        assert!(p("flag=yes").and_then(|q| q.bool("flag")).is_err());
        assert_eq!(
            p("flag=TRUE").and_then(|q| q.bool("flag")).ok(),
            Some(Some(true))
        );
        assert!(p("lat=NaN")
            .and_then(|q| q.float("lat", -90.0, 90.0))
            .is_err());
        assert!(p("lat=91")
            .and_then(|q| q.float("lat", -90.0, 90.0))
            .is_err());
        assert_eq!(
            parse_time("2025-01-31T13:00:00+01:00").map(store_time),
            Some("2025-01-31T12:00:00.000Z".to_string())
        );
        assert_eq!(
            parse_time("2025-01-31").map(store_time),
            Some("2025-01-31T00:00:00.000Z".to_string())
        );
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn lat_needs_lon() {
        let q = p("lat=40").and_then(|q| SearchParams::read(&q, false));
        assert_eq!(q.err().and_then(|e| e.parameter), Some("lon".to_string()));
        let q = p("lat=40&lon=-73").and_then(|q| SearchParams::read(&q, false));
        assert_eq!(q.ok().and_then(|s| s.near), Some((40.0, -73.0)));
    }
}
