//! The index kept up to date change by change is exactly the index a full build gives: random
//! small directories, random sequences of imports and edits (names, descriptions, phones,
//! schedules, places, types, languages, areas served, confidential flags, organizations, rows
//! that move between owners or name owners that come later), each applied by
//! `LiveIndex::refresh`, compared with a fresh build of the same store by their canonical dumps
//! and by the answers to queries of every class.

use hsds::haven::CONFIDENTIAL_TERM_CODE;
use proptest::prelude::*;
use search::{Index, LiveIndex, Query, Refreshed};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use store::{Record, Table};

mod support;
use support::{rec, uuid, WORDS};
const LANGS: [&str; 4] = ["en", "es", "fr", "Spanish"];
/// Taxonomy terms: a parent and its child, a shelter type (named by the word "shelter"), an
/// unrelated one, and haven's confidential marker.
const TERMS: [(&str, &str, Option<usize>); 5] = [
    ("parent", "Parent", None),
    ("child", "Child", Some(0)),
    ("101-04", "Emergency Shelter", None),
    ("other", "Other", None),
    (CONFIDENTIAL_TERM_CODE, "Confidential", None),
];
const AREAS: [&str; 4] = [
    "urn:haven:area:country:US",
    "urn:haven:area:state:US-NY",
    "urn:haven:area:postal:US:10001",
    "urn:haven:area:city:US-NY-NYC",
];
/// Points in and around New York, some equal, so ties and shared zones are common.
const POINTS: [(f64, f64); 6] = [
    (40.75, -73.99),
    (40.75, -73.99),
    (40.70, -74.01),
    (40.85, -73.90),
    (42.65, -73.75),
    (34.05, -118.25),
];

/// One edit of the directory; indexes pick among the records that exist (modulo their count).
#[derive(Debug, Clone)]
enum Op {
    NewService(Vec<usize>, usize),
    Rename(usize, Vec<usize>),
    Describe(usize, Vec<usize>),
    Status(usize, bool),
    Org(usize, usize),
    RenameOrg(usize, usize),
    NewPhone(usize, u16),
    EditPhone(usize, u16),
    /// Move a phone to another service, or to a service-at-location (dropping its service).
    MovePhone(usize, usize, bool),
    NewLanguage(usize, usize, bool),
    EditLanguage(usize, usize),
    NewSchedule(usize, u8, u32, u32),
    EditSchedule(usize, u32, u32),
    NewPlace(usize, usize),
    MovePlace(usize, usize),
    /// Point a service-at-location at another location.
    MoveLink(usize, usize),
    Confidential(usize, bool),
    Type(usize, usize),
    Free(usize, bool),
    Area(usize, usize),
    /// A phone naming a service that does not exist yet (the next new service).
    EarlyPhone(u16),
}

fn words() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..WORDS.len(), 1..3)
}

fn op() -> impl Strategy<Value = Op> {
    let i = || 0usize..64;
    prop_oneof![
        (words(), i()).prop_map(|(w, o)| Op::NewService(w, o)),
        (i(), words()).prop_map(|(s, w)| Op::Rename(s, w)),
        (i(), words()).prop_map(|(s, w)| Op::Describe(s, w)),
        (i(), any::<bool>()).prop_map(|(s, a)| Op::Status(s, a)),
        (i(), i()).prop_map(|(s, o)| Op::Org(s, o)),
        (i(), words()).prop_map(|(o, w)| Op::RenameOrg(o, w[0])),
        (i(), any::<u16>()).prop_map(|(s, n)| Op::NewPhone(s, n)),
        (i(), any::<u16>()).prop_map(|(p, n)| Op::EditPhone(p, n)),
        (i(), i(), any::<bool>()).prop_map(|(p, s, sal)| Op::MovePhone(p, s, sal)),
        (i(), 0..LANGS.len(), any::<bool>()).prop_map(|(s, l, loc)| Op::NewLanguage(s, l, loc)),
        (i(), 0..LANGS.len()).prop_map(|(r, l)| Op::EditLanguage(r, l)),
        (i(), 0u8..3, 0u32..24, 1u32..24).prop_map(|(s, k, o, l)| Op::NewSchedule(s, k, o, l)),
        (i(), 0u32..24, 1u32..24).prop_map(|(r, o, l)| Op::EditSchedule(r, o, l)),
        (i(), 0..POINTS.len()).prop_map(|(s, p)| Op::NewPlace(s, p)),
        (i(), 0..POINTS.len()).prop_map(|(l, p)| Op::MovePlace(l, p)),
        (i(), i()).prop_map(|(k, l)| Op::MoveLink(k, l)),
        (i(), any::<bool>()).prop_map(|(l, c)| Op::Confidential(l, c)),
        (i(), 0..4usize).prop_map(|(s, t)| Op::Type(s, t)),
        (i(), any::<bool>()).prop_map(|(s, f)| Op::Free(s, f)),
        (i(), 0..AREAS.len()).prop_map(|(s, a)| Op::Area(s, a)),
        any::<u16>().prop_map(Op::EarlyPhone),
    ]
}

/// The directory as the test means it: every record by table and id, and ids by kind.
#[derive(Default)]
struct World {
    rows: BTreeMap<(Table, String), Record>,
    next: usize,
    services: Vec<String>,
    phones: Vec<String>,
    languages: Vec<String>,
    schedules: Vec<String>,
    locations: Vec<String>,
    links: Vec<String>,
    /// Records changed by the current step.
    dirty: Vec<(Table, String)>,
}

impl World {
    fn id(&mut self, kind: u8) -> String {
        self.next += 1;
        uuid(kind, self.next)
    }

    fn put(&mut self, table: Table, v: Value) {
        let r = rec(v);
        let id = hsds::record_id(&r).unwrap_or_default().to_string();
        self.rows.insert((table, id.clone()), r);
        self.dirty.push((table, id));
    }

    fn edit(&mut self, table: Table, id: &str, f: impl FnOnce(&mut Record)) {
        if let Some(r) = self.rows.get_mut(&(table, id.to_string())) {
            f(r);
            self.dirty.push((table, id.to_string()));
        }
    }

    fn pick(list: &[String], i: usize) -> Option<String> {
        (!list.is_empty()).then(|| list[i % list.len()].clone())
    }

    fn start() -> World {
        let mut w = World::default();
        for o in 0..2 {
            w.put(
                Table::Organization,
                json!({"id": uuid(1, o), "name": format!("Org {o}"), "description": "d"}),
            );
        }
        w.put(
            Table::Taxonomy,
            json!({"id": uuid(9, 0), "name": "t", "description": "d"}),
        );
        for (i, (code, name, parent)) in TERMS.iter().enumerate() {
            let mut t = json!({"id": uuid(2, i), "code": code, "name": name, "description": "d"});
            if let Some(p) = parent {
                t["parent_id"] = json!(uuid(2, *p));
            }
            w.put(Table::TaxonomyTerm, t);
        }
        w
    }

    fn apply(&mut self, op: &Op) {
        let text = |ws: &[usize]| ws.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        match op {
            Op::NewService(ws, o) => {
                // The id an early phone may already name.
                let id = uuid(3, self.services.len());
                self.services.push(id.clone());
                self.put(
                    Table::Service,
                    json!({"id": id, "organization_id": uuid(1, o % 2), "name": text(ws),
                           "status": "active"}),
                );
            }
            Op::Rename(s, ws) => {
                if let Some(id) = World::pick(&self.services, *s) {
                    self.edit(Table::Service, &id, |r| {
                        r.insert("name".into(), json!(text(ws)));
                    });
                }
            }
            Op::Describe(s, ws) => {
                if let Some(id) = World::pick(&self.services, *s) {
                    self.edit(Table::Service, &id, |r| {
                        r.insert("description".into(), json!(text(ws)));
                    });
                }
            }
            Op::Status(s, active) => {
                if let Some(id) = World::pick(&self.services, *s) {
                    let status = if *active { "active" } else { "inactive" };
                    self.edit(Table::Service, &id, |r| {
                        r.insert("status".into(), json!(status));
                    });
                }
            }
            Op::Org(s, o) => {
                if let Some(id) = World::pick(&self.services, *s) {
                    self.edit(Table::Service, &id, |r| {
                        r.insert("organization_id".into(), json!(uuid(1, o % 2)));
                    });
                }
            }
            Op::RenameOrg(o, w) => {
                self.edit(Table::Organization, &uuid(1, o % 2), |r| {
                    r.insert("name".into(), json!(format!("{} aid", WORDS[*w])));
                });
            }
            Op::NewPhone(s, n) => {
                if let Some(sid) = World::pick(&self.services, *s) {
                    let id = self.id(11);
                    self.phones.push(id.clone());
                    self.put(
                        Table::Phone,
                        json!({"id": id, "service_id": sid, "number": format!("+1 555 {n:05}")}),
                    );
                }
            }
            Op::EditPhone(p, n) => {
                if let Some(id) = World::pick(&self.phones, *p) {
                    self.edit(Table::Phone, &id, |r| {
                        r.insert("number".into(), json!(format!("+1 666 {n:05}")));
                    });
                }
            }
            Op::MovePhone(p, s, to_link) => {
                let target = if *to_link {
                    World::pick(&self.links, *s).map(|l| ("service_at_location_id", l))
                } else {
                    World::pick(&self.services, *s).map(|x| ("service_id", x))
                };
                if let (Some(id), Some((field, to))) = (World::pick(&self.phones, *p), target) {
                    self.edit(Table::Phone, &id, |r| {
                        r.remove("service_id");
                        r.remove("service_at_location_id");
                        r.insert(field.into(), json!(to));
                    });
                }
            }
            Op::NewLanguage(s, l, at_location) => {
                let owner = if *at_location {
                    World::pick(&self.locations, *s).map(|x| ("location_id", x))
                } else {
                    World::pick(&self.services, *s).map(|x| ("service_id", x))
                };
                if let Some((field, to)) = owner {
                    let id = self.id(4);
                    self.languages.push(id.clone());
                    let (k, v) = if LANGS[*l].len() == 2 {
                        ("code", LANGS[*l])
                    } else {
                        ("name", LANGS[*l])
                    };
                    self.put(Table::Language, json!({"id": id, field: to, k: v}));
                }
            }
            Op::EditLanguage(r, l) => {
                if let Some(id) = World::pick(&self.languages, *r) {
                    self.edit(Table::Language, &id, |x| {
                        x.remove("name");
                        x.insert("code".into(), json!(LANGS[*l].to_lowercase()));
                    });
                }
            }
            Op::NewSchedule(s, kind, open, len) => {
                let owner = match kind {
                    0 => World::pick(&self.services, *s).map(|x| ("service_id", x)),
                    1 => World::pick(&self.links, *s).map(|x| ("service_at_location_id", x)),
                    _ => World::pick(&self.locations, *s).map(|x| ("location_id", x)),
                };
                if let Some((field, to)) = owner {
                    let id = self.id(7);
                    self.schedules.push(id.clone());
                    let close = (open + len) % 24;
                    self.put(
                        Table::Schedule,
                        json!({"id": id, field: to, "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR",
                               "opens_at": format!("{open:02}:00:00"),
                               "closes_at": format!("{close:02}:00:00")}),
                    );
                }
            }
            Op::EditSchedule(r, open, len) => {
                if let Some(id) = World::pick(&self.schedules, *r) {
                    let close = (open + len) % 24;
                    self.edit(Table::Schedule, &id, |x| {
                        x.insert("opens_at".into(), json!(format!("{open:02}:00:00")));
                        x.insert("closes_at".into(), json!(format!("{close:02}:00:00")));
                        x.insert("byday".into(), json!("SA,SU"));
                    });
                }
            }
            Op::NewPlace(s, p) => {
                if let Some(sid) = World::pick(&self.services, *s) {
                    let (lid, kid) = (self.id(8), self.id(10));
                    let (lat, lon) = POINTS[*p];
                    self.locations.push(lid.clone());
                    self.links.push(kid.clone());
                    self.put(
                        Table::Location,
                        json!({"id": lid, "location_type": "physical", "latitude": lat, "longitude": lon}),
                    );
                    self.put(
                        Table::ServiceAtLocation,
                        json!({"id": kid, "service_id": sid, "location_id": lid}),
                    );
                }
            }
            Op::MovePlace(l, p) => {
                if let Some(id) = World::pick(&self.locations, *l) {
                    let (lat, lon) = POINTS[*p];
                    self.edit(Table::Location, &id, |r| {
                        r.insert("latitude".into(), json!(lat + 0.001));
                        r.insert("longitude".into(), json!(lon));
                    });
                }
            }
            Op::MoveLink(k, l) => {
                if let (Some(id), Some(to)) = (
                    World::pick(&self.links, *k),
                    World::pick(&self.locations, *l),
                ) {
                    self.edit(Table::ServiceAtLocation, &id, |r| {
                        r.insert("location_id".into(), json!(to));
                    });
                }
            }
            Op::Confidential(l, on) => {
                if let Some(lid) = World::pick(&self.locations, *l) {
                    // One marker row per location, pointed at the confidential term or not.
                    let id = format!("conf-{lid}");
                    let term = if *on { 4 } else { 3 };
                    self.put(
                        Table::Attribute,
                        json!({"id": id, "link_id": lid, "link_entity": "location",
                               "taxonomy_term_id": uuid(2, term)}),
                    );
                }
            }
            Op::Type(s, t) => {
                if let Some(sid) = World::pick(&self.services, *s) {
                    let id = format!("type-{sid}");
                    self.put(
                        Table::Attribute,
                        json!({"id": id, "link_id": sid, "link_entity": "service",
                               "taxonomy_term_id": uuid(2, *t)}),
                    );
                }
            }
            Op::Free(s, free) => {
                if let Some(sid) = World::pick(&self.services, *s) {
                    let id = format!("cost-{sid}");
                    let amount = if *free { 0 } else { 10 };
                    self.put(
                        Table::CostOption,
                        json!({"id": id, "service_id": sid, "amount": amount, "currency": "USD"}),
                    );
                }
            }
            Op::Area(s, a) => {
                if let Some(sid) = World::pick(&self.services, *s) {
                    let id = self.id(12);
                    self.put(
                        Table::ServiceArea,
                        json!({"id": id, "service_id": sid, "name": format!("area {a}"),
                               "uri": AREAS[*a]}),
                    );
                }
            }
            Op::EarlyPhone(n) => {
                let sid = uuid(3, self.services.len());
                let id = self.id(11);
                self.phones.push(id.clone());
                self.put(
                    Table::Phone,
                    json!({"id": id, "service_id": sid, "number": format!("+1 777 {n:05}")}),
                );
            }
        }
    }

    /// Write the step's changed records in one import.
    fn commit(&mut self, st: &mut dyn store::Store) {
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.sort();
        dirty.dedup();
        let mut imp = st.begin().expect("begin");
        for key in dirty {
            if let Some(r) = self.rows.get(&key) {
                imp.upsert(key.0, r).expect("upsert");
            }
        }
        imp.commit().expect("commit");
    }
}

/// Queries of every class: nearest, nearest with filters, text, text within a radius, service
/// type words, taxonomy, language, free, open at a time, inactive included, no place at all.
fn queries() -> Vec<Query> {
    let at = |h: i64| {
        chrono::DateTime::parse_from_rfc3339("2026-12-07T00:00:00Z")
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default()
            + chrono::Duration::hours(h)
    };
    let nyc = Some((40.75, -73.99));
    let base = Query {
        limit: 5,
        status_at: Some(at(12)),
        ..Query::default()
    };
    let mut v = vec![
        Query {
            near: nyc,
            ..base.clone()
        },
        Query {
            near: Some((40.0, -100.0)),
            limit: 20,
            ..base.clone()
        },
        Query {
            near: nyc,
            language: Some("es".into()),
            open_at: Some(at(15)),
            ..base.clone()
        },
        Query {
            near: nyc,
            language: Some("spanish".into()),
            include_inactive: true,
            ..base.clone()
        },
        Query {
            near: nyc,
            free: true,
            radius_km: Some(30.0),
            ..base.clone()
        },
        Query {
            near: nyc,
            taxonomy: Some("parent".into()),
            ..base.clone()
        },
        Query {
            taxonomy: Some("101-04".into()),
            limit: 50,
            ..base.clone()
        },
        Query {
            limit: 100,
            include_inactive: true,
            ..base.clone()
        },
        Query {
            open_at: Some(at(16 + 24 * 5)),
            limit: 100,
            ..base.clone()
        },
    ];
    for text in [
        "shelter",
        "legal clinic",
        "refugio",
        "food aid",
        "hotline zebra",
    ] {
        v.push(Query {
            text: Some(text.into()),
            limit: 50,
            ..base.clone()
        });
        v.push(Query {
            text: Some(text.into()),
            near: nyc,
            ..base.clone()
        });
        v.push(Query {
            text: Some(text.into()),
            near: nyc,
            radius_km: Some(25.0),
            ..base.clone()
        });
    }
    v
}

fn check(live: &LiveIndex, st: &dyn store::Store) -> Result<(), TestCaseError> {
    let inc = live.current();
    let full = Index::build(st).expect("build");
    prop_assert_eq!(inc.seq, full.seq);
    prop_assert_eq!(inc.canonical(), full.canonical());
    prop_assert_eq!(inc.len(), full.len());
    prop_assert_eq!(inc.service_types(), full.service_types());
    for q in queries() {
        let want = full.search(&q).expect("search");
        prop_assert_eq!(&inc.search(&q).expect("search"), &want, "query {:?}", q);
        prop_assert_eq!(&inc.brute_force(&q).expect("brute"), &want, "brute {:?}", q);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Any sequence of imports and edits, applied change by change, gives the index a full
    /// build of the same store gives, after every step.
    #[test]
    fn an_index_following_changes_is_the_index_a_full_build_gives(
        first in prop::collection::vec(op(), 0..25),
        steps in prop::collection::vec(prop::collection::vec(op(), 1..6), 1..8),
    ) {
        let mut st = store::open("sqlite::memory:").expect("store");
        let mut w = World::start();
        for o in &first {
            w.apply(o);
        }
        w.commit(st.as_mut());
        let live = LiveIndex::build(st.as_ref()).expect("build");
        check(&live, st.as_ref())?;
        for step in &steps {
            for o in step {
                w.apply(o);
            }
            w.commit(st.as_mut());
            let how = live.refresh_how(st.as_ref()).expect("refresh");
            prop_assert_ne!(how, Refreshed::Rebuilt);
            check(&live, st.as_ref())?;
        }
    }
}

/// A small directory, imported in one step.
fn small(st: &mut dyn store::Store) -> World {
    let mut w = World::start();
    for i in 0..4 {
        w.apply(&Op::NewService(vec![i, i + 1], i));
        w.apply(&Op::NewPlace(i, i));
        w.apply(&Op::NewPhone(i, i as u16));
    }
    w.commit(st);
    w
}

#[test]
fn a_change_is_applied_to_the_services_it_affects_only() {
    let mut st = store::open("sqlite::memory:").expect("store");
    let mut w = small(st.as_mut());
    let live = LiveIndex::build(st.as_ref()).expect("build");
    w.apply(&Op::EditPhone(1, 42));
    w.commit(st.as_mut());
    assert_eq!(
        live.refresh_how(st.as_ref()).expect("refresh"),
        Refreshed::Incremental
    );
    assert_eq!(live.current().delta_services(), 1, "one phone, one service");
    // An organization's name is in the text of every service of it.
    w.apply(&Op::RenameOrg(0, 2));
    w.commit(st.as_mut());
    live.refresh(st.as_ref()).expect("refresh");
    let inc = live.current();
    assert_eq!(
        inc.delta_services(),
        3,
        "the phone's service and org 0's two"
    );
    assert_eq!(
        inc.canonical(),
        Index::build(st.as_ref()).expect("build").canonical()
    );
    assert!(!live.refresh(st.as_ref()).expect("refresh"), "nothing new");
}

#[test]
fn a_taxonomy_change_or_a_delta_past_its_bound_rebuilds_everything() {
    let mut st = store::open("sqlite::memory:").expect("store");
    let mut w = small(st.as_mut());
    let live = LiveIndex::build(st.as_ref())
        .expect("build")
        .with_max_delta(2);
    w.apply(&Op::Rename(0, vec![3]));
    w.commit(st.as_mut());
    assert_eq!(
        live.refresh_how(st.as_ref()).expect("refresh"),
        Refreshed::Incremental
    );
    // Three services changed: past the bound of two.
    for s in 1..4 {
        w.apply(&Op::Describe(s, vec![s]));
    }
    w.commit(st.as_mut());
    assert_eq!(
        live.refresh_how(st.as_ref()).expect("refresh"),
        Refreshed::Rebuilt
    );
    assert_eq!(
        live.current().delta_services(),
        0,
        "compacted into the base"
    );
    w.edit(Table::TaxonomyTerm, &uuid(2, 2), |r| {
        r.insert("name".into(), json!("Refuge"));
    });
    w.commit(st.as_mut());
    assert_eq!(
        live.refresh_how(st.as_ref()).expect("refresh"),
        Refreshed::Rebuilt
    );
    let full = Index::build(st.as_ref()).expect("build");
    assert_eq!(live.current().canonical(), full.canonical());
}

#[test]
fn a_store_that_went_back_is_read_again_whole() {
    let mut st = store::open("sqlite::memory:").expect("store");
    let mut w = small(st.as_mut());
    let live = LiveIndex::build(st.as_ref()).expect("build");
    w.apply(&Op::Rename(0, vec![3]));
    w.commit(st.as_mut());
    live.refresh(st.as_ref()).expect("refresh");
    // Another, smaller store behind the same index (a restored backup): its sequence is behind.
    let mut other = store::open("sqlite::memory:").expect("store");
    let mut w2 = World::start();
    w2.apply(&Op::NewService(vec![0], 0));
    w2.commit(other.as_mut());
    assert!(other.last_change().expect("seq") < live.current().seq);
    assert_eq!(
        live.refresh_how(other.as_ref()).expect("refresh"),
        Refreshed::Rebuilt
    );
    assert_eq!(live.current().len(), 1);
}
