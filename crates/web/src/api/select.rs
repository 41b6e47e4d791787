//! What a list request selects, before paging: a whole table straight from the store (in id
//! order, exact counts at any size), or an ordered list of ids (a search's ranking, a filter's
//! matches). Both page the same way and stream the same set as NDJSON.

use super::params::{Paging, SearchParams, SEARCH_WINDOW};
use super::problem::Problem;
use hsds::{Record, Table};
use search::{Index, Query, SearchError};
use std::collections::{BTreeSet, HashSet};
use store::{Stamped, Store};

/// One selected record id, with its distance from the search point when there was one.
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    /// The record's id.
    pub id: String,
    /// Great-circle km from `lat`/`lon` or the postcode (haven's `distance_km`).
    pub distance_km: Option<f64>,
    /// The name of the service area that holds the point (`serves_area=true`).
    pub service_area: Option<String>,
}

/// The records a list request selects.
#[derive(Debug, Clone)]
pub enum Selection {
    /// A table in id order, optionally only what changed at or after a time.
    Table {
        /// Which table.
        table: Table,
        /// Store-spelled time (`modified_after`).
        since: Option<String>,
    },
    /// These records of a table, in this order.
    Ids {
        /// Which table.
        table: Table,
        /// The ordered selection.
        ids: Vec<Picked>,
    },
}

/// One record of a page, with what the API adds to it.
#[derive(Debug, Clone)]
pub struct Item {
    /// The record.
    pub record: Record,
    /// When haven last saw it change.
    pub modified_at: String,
    /// Distance from the search point.
    pub distance_km: Option<f64>,
    /// The service area that holds the search point (`serves_area=true`).
    pub service_area: Option<String>,
}

/// One record of a page as the store keeps it (canonical JSON), with what the API adds to it:
/// the input of the spliced list items ([`super::nest::one_to_one_json`]).
#[derive(Debug, Clone)]
pub struct RawItem {
    /// The stored body and its change time.
    pub stored: std::sync::Arc<store::StoredJson>,
    /// Distance from the search point.
    pub distance_km: Option<f64>,
    /// The service area that holds the search point (`serves_area=true`).
    pub service_area: Option<String>,
}

impl RawItem {
    /// The parsed form, for the general renderers.
    pub fn parsed(self, table: Table) -> Result<Item, Problem> {
        let record: Record = serde_json::from_slice(&self.stored.body).map_err(|e| {
            Problem::from(store::StoreError::Corrupt {
                table,
                id: "?".to_string(),
                reason: format!("the body is not a JSON object: {e}"),
            })
        })?;
        Ok(Item {
            record,
            modified_at: self.stored.modified_at.clone(),
            distance_km: self.distance_km,
            service_area: self.service_area,
        })
    }
}

impl Selection {
    /// The records of one page of ids as stored JSON, read in one batch (a record deleted
    /// since the ranking is skipped); None for a whole table, which pages by key instead.
    pub fn page_json(
        &self,
        st: &dyn Store,
        records: &super::records::Records,
        offset: u64,
        limit: usize,
    ) -> Result<Option<Vec<RawItem>>, Problem> {
        let Selection::Ids { table, ids } = self else {
            return Ok(None);
        };
        let start = usize::try_from(offset).unwrap_or(usize::MAX).min(ids.len());
        let end = start.saturating_add(limit).min(ids.len());
        let picked = &ids[start..end];
        let keys: Vec<&str> = picked.iter().map(|p| p.id.as_str()).collect();
        let found = records.get_many(st, *table, &keys)?;
        Ok(Some(
            picked
                .iter()
                .zip(found)
                .filter_map(|(p, f)| {
                    f.map(|stored| RawItem {
                        stored,
                        distance_km: p.distance_km,
                        service_area: p.service_area.clone(),
                    })
                })
                .collect(),
        ))
    }

    /// How many records the selection holds.
    pub fn total(&self, st: &dyn Store) -> Result<u64, Problem> {
        Ok(match self {
            Selection::Table { table, since } => cached_count(st, *table, since.as_deref())?,
            Selection::Ids { ids, .. } => ids.len() as u64,
        })
    }

    /// The records of one page.
    pub fn page(&self, st: &dyn Store, offset: u64, limit: usize) -> Result<Vec<Item>, Problem> {
        match self {
            Selection::Table { table, since } => Ok(st
                .list(*table, since.as_deref(), offset, limit)?
                .into_iter()
                .map(|s: Stamped| Item {
                    record: s.record,
                    modified_at: s.modified_at,
                    distance_km: None,
                    service_area: None,
                })
                .collect()),
            Selection::Ids { table, ids } => {
                let start = usize::try_from(offset).unwrap_or(usize::MAX).min(ids.len());
                let end = start.saturating_add(limit).min(ids.len());
                let mut out = Vec::with_capacity(end - start);
                for p in &ids[start..end] {
                    // A record deleted between the ranking and now is skipped, not an error.
                    if let Some(record) = st.get(*table, &p.id)? {
                        let modified_at = st.modified_at(*table, &p.id)?.unwrap_or_default();
                        out.push(Item {
                            record,
                            modified_at,
                            distance_km: p.distance_km,
                            service_area: p.service_area.clone(),
                        });
                    }
                }
                Ok(out)
            }
        }
    }

    /// Every record, in order, in batches (NDJSON streams them); stops early when `f` says so.
    /// A table is walked by key (each batch continues after the last id), so the end of a
    /// million-row table costs what its start does.
    pub fn walk(
        &self,
        st: &dyn Store,
        f: &mut dyn FnMut(Vec<Item>) -> Result<bool, Problem>,
    ) -> Result<(), Problem> {
        const BATCH: usize = 500;
        if let Selection::Table { table, since } = self {
            let mut after: Option<String> = None;
            loop {
                let rows = st.list_after(*table, since.as_deref(), after.as_deref(), BATCH)?;
                let n = rows.len();
                after = rows
                    .last()
                    .and_then(|s| hsds::record_id(&s.record).map(str::to_string));
                let batch: Vec<Item> = rows
                    .into_iter()
                    .map(|s: Stamped| Item {
                        record: s.record,
                        modified_at: s.modified_at,
                        distance_km: None,
                        service_area: None,
                    })
                    .collect();
                if n > 0 && !f(batch)? {
                    return Ok(());
                }
                if n < BATCH || after.is_none() {
                    return Ok(());
                }
            }
        }
        let mut offset = 0u64;
        loop {
            let batch = self.page(st, offset, BATCH)?;
            let n = batch.len();
            let more = match self {
                Selection::Table { .. } => n == BATCH,
                Selection::Ids { ids, .. } => (offset as usize + BATCH) < ids.len(),
            };
            if n > 0 && !f(batch)? {
                return Ok(());
            }
            if !more {
                return Ok(());
            }
            offset += BATCH as u64;
        }
    }

    /// The table the selection is of.
    pub fn table(&self) -> Table {
        match self {
            Selection::Table { table, .. } | Selection::Ids { table, .. } => *table,
        }
    }

    /// Whether this is a whole table with no filter: the same for everyone at one directory
    /// version, so its NDJSON can be precomputed once ([`super::export`]).
    pub fn is_whole_table(&self) -> bool {
        matches!(self, Selection::Table { since: None, .. })
    }

    /// Keep only the ids that pass `keep` (for filters applied after a search).
    pub fn retain(
        &mut self,
        keep: &mut dyn FnMut(&str) -> Result<bool, Problem>,
    ) -> Result<(), Problem> {
        if let Selection::Ids { ids, .. } = self {
            let mut out = Vec::with_capacity(ids.len());
            for p in ids.drain(..) {
                if keep(&p.id)? {
                    out.push(p);
                }
            }
            *ids = out;
        }
        Ok(())
    }
}

/// A table's count (optionally since a time), remembered until the store changes: counting a
/// million services takes tens of milliseconds, and every page of a list needs it.
fn cached_count(st: &dyn Store, table: Table, since: Option<&str>) -> Result<u64, Problem> {
    type Key = (Table, Option<String>);
    static CACHE: std::sync::Mutex<(u64, Vec<(Key, u64)>)> = std::sync::Mutex::new((0, Vec::new()));
    let seq = st.last_change()?;
    let key = (table, since.map(str::to_string));
    {
        let g = CACHE.lock().unwrap_or_else(|p| p.into_inner());
        if g.0 == seq {
            if let Some((_, n)) = g.1.iter().find(|(k, _)| *k == key) {
                return Ok(*n);
            }
        }
    }
    let n = st.count_since(table, since)?;
    let mut g = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if g.0 != seq {
        *g = (seq, Vec::new());
    }
    if g.1.len() >= 64 {
        g.1.clear();
    }
    g.1.push((key, n));
    Ok(n)
}

/// haven's per-item extensions of a list item: `distance_km` (rounded to metres: more digits
/// only look precise), `x_haven_service_area` and `modified_at`, as (key, value).
pub fn extensions(
    distance_km: Option<f64>,
    service_area: Option<&str>,
    modified_at: &str,
) -> Vec<(&'static str, serde_json::Value)> {
    let mut out = Vec::with_capacity(3);
    if let Some(km) = distance_km {
        let km = (km * 1000.0).round() / 1000.0;
        if let Some(n) = serde_json::Number::from_f64(km) {
            out.push(("distance_km", serde_json::Value::Number(n)));
        }
    }
    if let Some(area) = service_area {
        out.push((
            "x_haven_service_area",
            serde_json::Value::String(area.to_string()),
        ));
    }
    if !modified_at.is_empty() {
        out.push((
            "modified_at",
            serde_json::Value::String(modified_at.to_string()),
        ));
    }
    out
}

/// A page as the API sends it: the envelope of [`envelope`] with `contents` holding the items
/// (each already JSON), written as `serde_json` writes the whole map (`contents` sorts first).
pub fn page_body(total: u64, paging: &Paging, items: &[Vec<u8>]) -> Vec<u8> {
    let env = serde_json::to_vec(&envelope(total, paging, items.len())).unwrap_or_default();
    let size: usize = items.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(size + items.len() + env.len() + 16);
    out.extend_from_slice(b"{\"contents\":[");
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(it);
    }
    out.extend_from_slice(b"],");
    out.extend_from_slice(env.get(1..).unwrap_or_default());
    out
}

/// The page envelope numbers for `total` records.
pub fn envelope(
    total: u64,
    paging: &Paging,
    size: usize,
) -> serde_json::Map<String, serde_json::Value> {
    let total_pages = total.div_ceil(paging.per_page);
    let mut m = serde_json::Map::new();
    m.insert("total_items".into(), total.into());
    m.insert("total_pages".into(), total_pages.into());
    m.insert("page_number".into(), paging.page.into());
    m.insert("size".into(), (size as u64).into());
    m.insert("first_page".into(), (paging.page == 1).into());
    m.insert("last_page".into(), (paging.page >= total_pages).into());
    m.insert("empty".into(), (size == 0).into());
    m
}

/// One search result: service id, location id (when at a place), km from the point.
pub type Hit = (String, Option<String>, Option<f64>);

/// A search through the live index, as the web pages run it, ranked and cut at the window.
///
/// Results are (service id, location id, km), best first. Text, place, language, open and free
/// searches leave out services that are not `active` (as the public pages do); a taxonomy term
/// on its own is a filter over every service.
pub fn search_hits(
    index: &Index,
    sp: &SearchParams,
    taxonomy_term: Option<&str>,
) -> Result<Vec<Hit>, Problem> {
    Ok(search(index, sp, taxonomy_term)?
        .hits
        .into_iter()
        .map(|h| (h.service_id, h.location_id, h.distance_km))
        .collect())
}

/// The services whose service area holds the search point, most local first, each with the
/// area's name: the "serves your area" group, never mixed into distances.
pub fn area_hits(
    index: &Index,
    sp: &SearchParams,
    taxonomy_term: Option<&str>,
) -> Result<Vec<Picked>, Problem> {
    Ok(search(index, sp, taxonomy_term)?
        .area_hits
        .into_iter()
        .map(|a| Picked {
            id: a.service_id,
            distance_km: None,
            service_area: Some(a.service_area),
        })
        .collect())
}

/// One index query for the API's search parameters, its errors named by parameter.
fn search(
    index: &Index,
    sp: &SearchParams,
    taxonomy_term: Option<&str>,
) -> Result<search::Results, Problem> {
    let q = Query {
        text: sp.text.clone(),
        near: sp.near,
        radius_km: sp.radius_km,
        limit: SEARCH_WINDOW,
        taxonomy: taxonomy_term.map(str::to_string),
        language: sp.language.clone(),
        free: sp.free,
        open_at: sp.open_at,
        status_at: None,
        include_inactive: !sp.any(),
    };
    match index.search(&q) {
        Ok(r) => Ok(r),
        Err(SearchError::UnknownTaxonomy { .. }) => Ok(search::Results::default()),
        Err(SearchError::BadPoint { .. }) => Err(Problem::bad_param(
            "lat",
            "not a point on Earth (latitude -90..90, longitude -180..180)",
        )),
        Err(SearchError::RadiusWithoutNear) => Err(Problem::bad_param(
            "radius_km",
            "a radius is measured from a point: give lat and lon",
        )),
        Err(SearchError::BadRadius(r)) => Err(Problem::bad_param(
            "radius_km",
            format!("{r} is not a positive distance in km"),
        )),
    }
}

/// Search results as services: each service once, at its best (nearest) place.
pub fn services_from_hits(hits: Vec<Hit>) -> Vec<Picked> {
    let mut seen = HashSet::new();
    hits.into_iter()
        .filter(|(s, _, _)| seen.insert(s.clone()))
        .map(|(id, _, km)| Picked {
            id,
            distance_km: km,
            service_area: None,
        })
        .collect()
}

/// The services with a term of this taxonomy (through their attributes), in id order.
pub fn services_in_taxonomy(
    st: &dyn Store,
    taxonomy_id: &str,
) -> Result<BTreeSet<String>, Problem> {
    let mut terms = HashSet::new();
    st.for_each(Table::TaxonomyTerm, &mut |t| {
        if t.get("taxonomy_id").and_then(|v| v.as_str()) == Some(taxonomy_id) {
            if let Some(id) = hsds::record_id(&t) {
                terms.insert(id.to_string());
            }
        }
        Ok(())
    })?;
    let mut out = BTreeSet::new();
    if terms.is_empty() {
        return Ok(out);
    }
    st.for_each(Table::Attribute, &mut |a| {
        let s = |k: &str| a.get(k).and_then(|v| v.as_str());
        let about_service = matches!(s("link_entity"), None | Some("service") | Some(""));
        if about_service && s("taxonomy_term_id").is_some_and(|t| terms.contains(t)) {
            if let Some(l) = s("link_id") {
                out.insert(l.to_string());
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// Ids in the given order as a selection with no distances.
pub fn picked(ids: impl IntoIterator<Item = String>) -> Vec<Picked> {
    ids.into_iter()
        .map(|id| Picked {
            id,
            distance_km: None,
            service_area: None,
        })
        .collect()
}

/// Whether a record's text fields hold every word of `query` (case-insensitive): the plain
/// search of organizations, taxonomies and terms (the index covers services).
pub fn text_matches(r: &Record, fields: &[&str], query: &str) -> bool {
    let hay: String = fields
        .iter()
        .filter_map(|f| r.get(*f).and_then(|v| v.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|w| hay.contains(w))
}
