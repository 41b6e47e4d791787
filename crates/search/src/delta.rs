//! The index as queries see it: a base built from the whole store, plus a small delta of the
//! services changed since, which masks their base entries. A change touches only the services
//! whose indexed fields depend on the changed rows; queries run over both parts and merge, with
//! text statistics summed over the live services of both, so every answer is the one a full
//! build would give. The delta is rebuilt from the store for the services it holds; past
//! [`MAX_DELTA`] services (or when the change feed cannot be followed) a full build replaces
//! base and delta at once.

use crate::index::{
    brute_force_parts, canonical_of, row_hash, search_parts, service_types_of, Core, Dead, Part,
    Raw, LOCATION_OWNER, NO_OWNER,
};
use crate::text::FxHashMap;
use crate::{BuildError, Query, Results, SearchError};
use hsds::{Record, Table};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Services a delta holds at most before a change is applied by a full build instead (which
/// also compacts the delta into a new base).
pub const MAX_DELTA: usize = 50_000;

/// Changes read from the feed at most in one refresh before a full build is cheaper.
const MAX_CHANGES: usize = 500_000;

/// The whole directory, ready to answer queries.
pub struct Index {
    base: Arc<Core>,
    over: Option<Arc<Overlay>>,
    /// The store's change sequence the index reflects.
    pub seq: u64,
}

/// Rows read from the store for one service, each with its place in storage order.
type Gathered = Vec<(u64, Table, String, Arc<Vec<u8>>)>;

/// The services changed since the base was built, indexed apart.
struct Overlay {
    delta: Core,
    dead: Dead,
    /// Ids of the services the delta stands for (some may be gone from the store).
    keys: BTreeSet<String>,
    /// Per service in `keys`: its rows as last read.
    rows: FxHashMap<String, Arc<Gathered>>,
    /// Rows changed since the base was built ([`row_hash`]) and their change sequence.
    changed: Arc<FxHashMap<u64, u64>>,
}

impl Index {
    /// Build the index from everything in the store.
    pub fn build(st: &dyn store::Store) -> Result<Index, BuildError> {
        let seq = st.last_change()?;
        Ok(Index {
            base: Arc::new(Core::build(st)?),
            over: None,
            seq,
        })
    }

    /// [`Index::build`] reading the store in `parts` parts of `chunk`-record runs, so tests can
    /// hold a split read to the same answers as a whole one.
    #[doc(hidden)]
    pub fn build_in_parts(
        st: &dyn store::Store,
        parts: usize,
        chunk: u64,
    ) -> Result<Index, BuildError> {
        let seq = st.last_change()?;
        Ok(Index {
            base: Arc::new(Core::build_in_parts(st, parts, chunk)?),
            over: None,
            seq,
        })
    }

    fn parts(&self) -> Vec<Part<'_>> {
        match &self.over {
            None => vec![Part {
                core: &self.base,
                dead: None,
            }],
            Some(o) => vec![
                Part {
                    core: &self.base,
                    dead: Some(&o.dead),
                },
                Part {
                    core: &o.delta,
                    dead: None,
                },
            ],
        }
    }

    /// Number of documents (service-location pairs) in the index.
    pub fn len(&self) -> usize {
        match &self.over {
            None => self.base.doc_count(),
            Some(o) => self.base.doc_count() - o.dead.docs + o.delta.doc_count(),
        }
    }

    /// True when the directory is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Services changed since the last full build, answered from the delta.
    pub fn delta_services(&self) -> usize {
        self.over.as_ref().map_or(0, |o| o.keys.len())
    }

    /// The taxonomy terms (service types) some service is linked to, as (code or id, name), by
    /// name: what a "type of help" menu offers (no empty branches, no headings; a filter may
    /// still name any term).
    pub fn service_types(&self) -> Vec<(String, String)> {
        service_types_of(&self.parts())
    }

    /// Answer a query: nearest first (ties by service id, then location id) without text;
    /// relevance first, then distance, with text.
    pub fn search(&self, q: &Query) -> Result<Results, SearchError> {
        search_parts(&self.parts(), q)
    }

    /// The same answer as [`Index::search`] by scanning every document: the reference the
    /// property tests hold the fast paths to.
    #[doc(hidden)]
    pub fn brute_force(&self, q: &Query) -> Result<Results, SearchError> {
        brute_force_parts(&self.parts(), q)
    }

    /// Everything queries are answered from, as text independent of how the index numbered
    /// things and of which services sit in the delta: an index kept up to date change by change
    /// prints exactly what a full build of the same store prints.
    pub fn canonical(&self) -> String {
        canonical_of(&self.parts())
    }

    /// Approximate heap bytes held by the index (for the benchmark's memory figure).
    pub fn memory_bytes(&self) -> usize {
        self.base.memory_bytes()
            + self.over.as_ref().map_or(0, |o| {
                o.delta.memory_bytes() + o.dead.bits.len() * 8 + o.changed.len() * 24
            })
    }

    /// This index with the store's changes since [`Index::seq`] applied to the services they
    /// affect, or None when the feed cannot be followed that way (the store went back, a
    /// taxonomy term changed, or the changes or the delta grew past their bounds) and a full
    /// build is the answer.
    pub fn follow(
        &self,
        st: &dyn store::Store,
        max_delta: usize,
    ) -> Result<Option<Index>, BuildError> {
        if !self.base.positions_ok {
            return Ok(None);
        }
        let (mut keys, mut rows, mut changed) = match &self.over {
            Some(o) => (o.keys.clone(), o.rows.clone(), (*o.changed).clone()),
            None => Default::default(),
        };
        let mut seq = self.seq;
        // With HAVEN_TRACE set, say how long each step took.
        let trace = std::env::var_os("HAVEN_TRACE").is_some();
        let t0 = std::time::Instant::now();
        // Services read by an earlier round of this call: the index's parts do not know what
        // their rows count for yet, so a later round reads them again.
        let mut fresh: BTreeSet<String> = BTreeSet::new();
        // A commit while the rows are read would leave some services before it and some
        // after: read again until a round saw none.
        for _round in 0..8 {
            let top = st.last_change()?;
            if top < seq {
                return Ok(None);
            }
            if top == seq {
                return Ok(Some(self.with_delta(keys, rows, changed, seq)?));
            }
            let mut affected: BTreeSet<String> = std::mem::take(&mut fresh);
            let mut after = seq;
            while after < top {
                let page = st.changes_since(after, 10_000)?;
                let Some(last) = page.last() else { break };
                after = last.seq;
                for c in &page {
                    if c.table == Table::TaxonomyTerm {
                        return Ok(None);
                    }
                    changed.insert(row_hash(c.table, &c.id), c.seq);
                    if changed.len() > MAX_CHANGES {
                        return Ok(None);
                    }
                    self.affected(st, c.table, &c.id, &mut affected)?;
                }
            }
            if keys.len() + affected.len() > max_delta && keys.union(&affected).count() > max_delta
            {
                return Ok(None);
            }
            if trace {
                eprintln!(
                    "TRACE follow: {} services affected at {:?}",
                    affected.len(),
                    t0.elapsed()
                );
            }
            let order = |table: Table, id: &str| self.order_of(&changed, table, id);
            for id in &affected {
                rows.insert(id.clone(), Arc::new(gather(st, id, &order)?));
                keys.insert(id.clone());
            }
            seq = after.max(top);
            if trace {
                eprintln!("TRACE follow: read at {:?}", t0.elapsed());
            }
            if st.last_change()? == seq {
                let next = self.with_delta(keys, rows, changed, seq)?;
                if trace {
                    eprintln!("TRACE follow: delta linked at {:?}", t0.elapsed());
                }
                return Ok(Some(next));
            }
            fresh = affected;
        }
        Ok(None)
    }

    /// The place in storage order of a row: its base position when it has not changed since
    /// the base was read, else after every such row, by its change sequence.
    fn order_of(&self, changed: &FxHashMap<u64, u64>, table: Table, id: &str) -> u64 {
        let h = row_hash(table, id);
        match changed.get(&h) {
            Some(&seq) => (1u64 << 32).saturating_add(seq),
            None => self.base.deps_of(h).first().map_or(0, |d| u64::from(d.pos)),
        }
    }

    /// A new index over the same base with a delta of `keys` built from `rows`.
    fn with_delta(
        &self,
        keys: BTreeSet<String>,
        rows: FxHashMap<String, Arc<Gathered>>,
        changed: FxHashMap<u64, u64>,
        seq: u64,
    ) -> Result<Index, BuildError> {
        let mut raw = Raw::seeded(&self.base);
        let mut seen: std::collections::HashSet<(Table, &str)> = Default::default();
        for id in &keys {
            for (order, table, rid, body) in rows.get(id).map_or(&[][..], |r| &r[..]) {
                if seen.insert((*table, rid.as_str())) {
                    raw.add_record(*order, *table, body)?;
                }
            }
        }
        let delta = raw.link();
        let dead_services: Vec<u32> = keys
            .iter()
            .filter_map(|id| self.base.service_number(id))
            .collect();
        let dead = Dead::of(&self.base, &dead_services);
        Ok(Index {
            base: self.base.clone(),
            over: Some(Arc::new(Overlay {
                delta,
                dead,
                keys,
                rows,
                changed: Arc::new(changed),
            })),
            seq,
        })
    }

    /// Add to `out` the ids of the services whose indexed fields a change to this row can
    /// touch: those it counted for when last indexed, and those it names now; for a service,
    /// a service-at-location or a location, also those of the rows that hang from it (whose
    /// owner can change when it appears or goes).
    fn affected(
        &self,
        st: &dyn store::Store,
        table: Table,
        id: &str,
        out: &mut BTreeSet<String>,
    ) -> Result<(), BuildError> {
        let now = st.get(table, id)?;
        self.owners(st, table, id, now.as_ref(), out)?;
        // A service that was indexed and still exists keeps its rows: only one that appears or
        // goes can take rows from other owners or give them back.
        if table == Table::Service && now.is_some() && self.holds_service(id) {
            return Ok(());
        }
        let hanging: &[(Table, &str)] = match table {
            Table::Service => &[
                (Table::Phone, "service_id"),
                (Table::Language, "service_id"),
                (Table::Schedule, "service_id"),
                (Table::ServiceAtLocation, "service_id"),
            ],
            Table::ServiceAtLocation => &[
                (Table::Phone, "service_at_location_id"),
                (Table::Schedule, "service_at_location_id"),
            ],
            Table::Location => &[
                (Table::ServiceAtLocation, "location_id"),
                (Table::Language, "location_id"),
                (Table::Schedule, "location_id"),
                (Table::Attribute, "link_id"),
            ],
            _ => &[],
        };
        for (t, field) in hanging {
            for r in st.children(*t, field, id)? {
                let Some(rid) = hsds::record_id(&r).map(str::to_string) else {
                    continue;
                };
                if *t == Table::ServiceAtLocation {
                    self.affected(st, *t, &rid, out)?;
                } else {
                    self.owners(st, *t, &rid, Some(&r), out)?;
                }
            }
        }
        Ok(())
    }

    /// Whether the index holds this service now (in the delta, or in the base unmasked).
    fn holds_service(&self, id: &str) -> bool {
        match &self.over {
            Some(o) if o.keys.contains(id) => o.delta.service_number(id).is_some(),
            _ => self.base.service_number(id).is_some(),
        }
    }

    /// The services a row counted for when last indexed (either part) and those it names now.
    fn owners(
        &self,
        st: &dyn store::Store,
        table: Table,
        id: &str,
        now: Option<&Record>,
        out: &mut BTreeSet<String>,
    ) -> Result<(), BuildError> {
        let h = row_hash(table, id);
        let mut parts: Vec<&Core> = vec![&self.base];
        if let Some(o) = &self.over {
            parts.push(&o.delta);
        }
        for core in parts {
            for d in core.deps_of(h) {
                if d.owner == NO_OWNER {
                    continue;
                }
                if d.owner & LOCATION_OWNER != 0 {
                    if let Some(l) = core.location_id(d.owner & !LOCATION_OWNER) {
                        services_at(st, &l, out)?;
                    }
                } else if let Some(s) = core.service_id(d.owner) {
                    out.insert(s);
                }
            }
        }
        if table == Table::Service {
            out.insert(id.to_string());
        }
        let Some(r) = now else {
            return Ok(());
        };
        let field = |f: &str| r.get(f).and_then(|v| v.as_str()).filter(|v| !v.is_empty());
        match table {
            Table::Organization => {
                for s in st.children(Table::Service, "organization_id", id)? {
                    out.extend(hsds::record_id(&s).map(str::to_string));
                }
            }
            Table::Location => services_at(st, id, out)?,
            Table::ServiceAtLocation
            | Table::Phone
            | Table::Language
            | Table::Schedule
            | Table::CostOption
            | Table::ServiceArea => {
                out.extend(field("service_id").map(str::to_string));
                if let Some(sal) = field("service_at_location_id") {
                    if let Some(x) = st.get(Table::ServiceAtLocation, sal)? {
                        out.extend(
                            x.get("service_id")
                                .and_then(|v| v.as_str())
                                .map(str::to_string),
                        );
                    }
                }
                if table != Table::ServiceAtLocation {
                    if let Some(l) = field("location_id") {
                        services_at(st, l, out)?;
                    }
                }
            }
            Table::Attribute => {
                if let Some(link) = field("link_id") {
                    out.insert(link.to_string());
                    services_at(st, link, out)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Add the services at a location (by its service-at-location rows) to `out`.
fn services_at(
    st: &dyn store::Store,
    location: &str,
    out: &mut BTreeSet<String>,
) -> Result<(), BuildError> {
    for sal in st.children(Table::ServiceAtLocation, "location_id", location)? {
        out.extend(
            sal.get("service_id")
                .and_then(|v| v.as_str())
                .map(str::to_string),
        );
    }
    Ok(())
}

/// Every row a full build would count for service `id`, read from the store, each with its
/// place in storage order (`order`): the service, its organization, its own rows, its
/// service-at-location rows with their locations and the rows hanging from those. A row
/// that names another owner the build prefers (a phone of this service's location link that
/// names another existing service) is left to that owner, as the build does.
fn gather(
    st: &dyn store::Store,
    id: &str,
    order: &dyn Fn(Table, &str) -> u64,
) -> Result<Gathered, BuildError> {
    let mut out: Gathered = Vec::new();
    let Some(svc) = st.get(Table::Service, id)? else {
        return Ok(out);
    };
    let text = |r: &Record, f: &str| {
        r.get(f)
            .and_then(|v| v.as_str())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let push = |out: &mut Gathered, table: Table, r: &Record| -> Result<(), BuildError> {
        if let Some(rid) = hsds::record_id(r) {
            let body = store::encode(table, r)?;
            out.push((order(table, rid), table, rid.to_string(), Arc::new(body)));
        }
        Ok(())
    };
    let is_service = |v: Option<String>| -> Result<bool, BuildError> {
        Ok(match v {
            Some(x) => st.exists(Table::Service, &x)?,
            None => false,
        })
    };
    // A service-at-location the build links: its service and its location exist.
    let sal_links = |v: Option<String>| -> Result<bool, BuildError> {
        let Some(x) = v else { return Ok(false) };
        let Some(sal) = st.get(Table::ServiceAtLocation, &x)? else {
            return Ok(false);
        };
        Ok(
            match (text(&sal, "service_id"), text(&sal, "location_id")) {
                (Some(s), Some(l)) => {
                    st.exists(Table::Service, &s)? && st.exists(Table::Location, &l)?
                }
                _ => false,
            },
        )
    };
    push(&mut out, Table::Service, &svc)?;
    if let Some(org) = text(&svc, "organization_id") {
        if let Some(o) = st.get(Table::Organization, &org)? {
            push(&mut out, Table::Organization, &o)?;
        }
    }
    for (t, field) in [
        (Table::Attribute, "link_id"),
        (Table::CostOption, "service_id"),
        (Table::ServiceArea, "service_id"),
        (Table::Language, "service_id"),
        (Table::Phone, "service_id"),
    ] {
        for r in st.children(t, field, id)? {
            push(&mut out, t, &r)?;
        }
    }
    for r in st.children(Table::Schedule, "service_id", id)? {
        if !sal_links(text(&r, "service_at_location_id"))? {
            push(&mut out, Table::Schedule, &r)?;
        }
    }
    for sal in st.children(Table::ServiceAtLocation, "service_id", id)? {
        let (Some(sal_id), Some(loc_id)) = (text(&sal, "id"), text(&sal, "location_id")) else {
            continue;
        };
        let Some(loc) = st.get(Table::Location, &loc_id)? else {
            continue;
        };
        push(&mut out, Table::ServiceAtLocation, &sal)?;
        push(&mut out, Table::Location, &loc)?;
        for r in st.children(Table::Phone, "service_at_location_id", &sal_id)? {
            if !is_service(text(&r, "service_id"))? {
                push(&mut out, Table::Phone, &r)?;
            }
        }
        for r in st.children(Table::Schedule, "service_at_location_id", &sal_id)? {
            push(&mut out, Table::Schedule, &r)?;
        }
        for r in st.children(Table::Attribute, "link_id", &loc_id)? {
            push(&mut out, Table::Attribute, &r)?;
        }
        for r in st.children(Table::Language, "location_id", &loc_id)? {
            if !is_service(text(&r, "service_id"))? {
                push(&mut out, Table::Language, &r)?;
            }
        }
        for r in st.children(Table::Schedule, "location_id", &loc_id)? {
            if !sal_links(text(&r, "service_at_location_id"))?
                && !is_service(text(&r, "service_id"))?
            {
                push(&mut out, Table::Schedule, &r)?;
            }
        }
    }
    Ok(out)
}
