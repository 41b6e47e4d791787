//! The index against a brute-force scan of the same data, for every query class, on random
//! directories (points all over the globe, ties, filters), through a real store.

use proptest::prelude::*;
use search::{Index, Query};
use serde_json::json;
use store::{Record, Table};

mod support;
use support::{rec, uuid, WORDS};
const LANGS: [&str; 3] = ["en", "es", "fr"];

#[derive(Debug, Clone)]
struct Svc {
    words: Vec<usize>,
    langs: Vec<usize>,
    term: Option<usize>,
    free: bool,
    active: bool,
    points: Vec<(f64, f64)>,
    hours: Option<(u32, u32)>,
}

fn point() -> impl Strategy<Value = (f64, f64)> {
    prop_oneof![
        // Anywhere, poles and antimeridian included.
        (-90.0f64..=90.0, -180.0f64..=180.0),
        // Far north, where longitude degrees are short.
        (60.0f64..89.9, -180.0f64..=180.0),
        // A small city, so neighbours and ties are common.
        (40.0f64..40.3, -74.2f64..-73.9),
        // Points that collide exactly.
        Just((40.1, -74.0)),
        (
            -1.0f64..1.0,
            prop_oneof![(179.0f64..=180.0), (-180.0f64..-179.0)]
        ),
    ]
}

fn svc() -> impl Strategy<Value = Svc> {
    (
        prop::collection::vec(0..WORDS.len(), 1..3),
        prop::collection::vec(0..LANGS.len(), 0..3),
        prop::option::of(0..3usize),
        any::<bool>(),
        prop::bool::weighted(0.85),
        prop::collection::vec(point(), 0..3),
        prop::option::of((0u32..24, 1u32..24)),
    )
        .prop_map(|(words, langs, term, free, active, points, hours)| Svc {
            words,
            langs,
            term,
            free,
            active,
            points,
            hours,
        })
}

fn build(services: &[Svc]) -> Index {
    let mut st = store::open("sqlite::memory:").expect("store");
    fill(st.as_mut(), services);
    Index::build(st.as_ref()).expect("build")
}

/// Import the services (and their organization, terms, languages, costs, hours, places and
/// phones) into a store.
fn fill(st: &mut dyn store::Store, services: &[Svc]) {
    let mut rows: Vec<(Table, Record)> = vec![
        (
            Table::Organization,
            rec(json!({"id": uuid(1, 0), "name": "Org", "description": "d"})),
        ),
        (
            Table::Taxonomy,
            rec(json!({"id": uuid(9, 0), "name": "t", "description": "d"})),
        ),
        (
            Table::TaxonomyTerm,
            rec(json!({"id": uuid(2, 0), "code": "parent", "name": "Parent", "description": "d"})),
        ),
        (
            Table::TaxonomyTerm,
            rec(
                json!({"id": uuid(2, 1), "code": "child", "name": "Child", "description": "d", "parent_id": uuid(2, 0)}),
            ),
        ),
        (
            Table::TaxonomyTerm,
            rec(json!({"id": uuid(2, 2), "code": "other", "name": "Other", "description": "d"})),
        ),
    ];
    let mut n = 0usize;
    for (i, s) in services.iter().enumerate() {
        let sid = uuid(3, i);
        let name: Vec<&str> = s.words.iter().map(|&w| WORDS[w]).collect();
        rows.push((
            Table::Service,
            rec(
                json!({"id": sid, "organization_id": uuid(1, 0), "name": name.join(" "),
                        "status": if s.active { "active" } else { "inactive" }}),
            ),
        ));
        // Two phones, listed in the order they were stored.
        for k in 0..2 {
            n += 1;
            rows.push((
                Table::Phone,
                rec(json!({"id": uuid(11, n), "service_id": sid, "number": format!("+1 555 01{:02} {k}", i % 100)})),
            ));
        }
        for &l in &s.langs {
            n += 1;
            rows.push((
                Table::Language,
                rec(json!({"id": uuid(4, n), "service_id": sid, "code": LANGS[l]})),
            ));
        }
        if let Some(t) = s.term {
            n += 1;
            rows.push((
                Table::Attribute,
                rec(json!({"id": uuid(5, n), "link_id": sid, "link_entity": "service", "taxonomy_term_id": uuid(2, t)})),
            ));
        }
        if s.free {
            n += 1;
            rows.push((
                Table::CostOption,
                rec(json!({"id": uuid(6, n), "service_id": sid, "amount": 0, "currency": "USD"})),
            ));
        }
        if let Some((open, len)) = s.hours {
            n += 1;
            let close = (open + len) % 24;
            rows.push((
                Table::Schedule,
                rec(json!({"id": uuid(7, n), "service_id": sid, "freq": "WEEKLY",
                           "byday": "MO,TU,WE,TH,FR,SA,SU",
                           "opens_at": format!("{open:02}:00:00"), "closes_at": format!("{close:02}:00:00")})),
            ));
        }
        for &(lat, lon) in &s.points {
            n += 1;
            let lid = uuid(8, n);
            rows.push((Table::Location, rec(json!({"id": lid, "location_type": "physical", "latitude": lat, "longitude": lon}))));
            rows.push((
                Table::ServiceAtLocation,
                rec(json!({"id": uuid(10, n), "service_id": sid, "location_id": lid})),
            ));
        }
    }
    let mut imp = st.begin().expect("begin");
    for (t, r) in &rows {
        imp.upsert(*t, r).expect("upsert");
    }
    imp.commit().expect("commit");
}

fn query() -> impl Strategy<Value = Query> {
    (
        prop::option::of(point()),
        prop::option::of(prop_oneof![
            Just(1.0f64),
            5.0f64..50.0,
            100.0f64..3000.0,
            3000.0f64..20000.0
        ]),
        1usize..8,
        prop::option::of(prop_oneof![Just("parent"), Just("child"), Just("Other")]),
        prop::option::of(0..LANGS.len()),
        any::<bool>(),
        prop::option::of(0i64..(7 * 24)),
        prop::option::of(prop::collection::vec(0..WORDS.len(), 1..3)),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(near, radius, limit, taxonomy, lang, free, open_h, words, all)| Query {
                text: words.map(|w| w.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ")),
                radius_km: near.and(radius),
                near,
                limit,
                taxonomy: taxonomy.map(str::to_string),
                language: lang.map(|l| LANGS[l].to_string()),
                free,
                open_at: open_h.map(|h| {
                    chrono::DateTime::parse_from_rfc3339("2026-12-07T00:00:00Z")
                        .map(|t| t.with_timezone(&chrono::Utc))
                        .unwrap_or_default()
                        + chrono::Duration::hours(h)
                }),
                status_at: chrono::DateTime::parse_from_rfc3339("2026-12-07T12:00:00Z")
                    .ok()
                    .map(|t| t.with_timezone(&chrono::Utc)),
                include_inactive: all,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// The build reads a database file in parts on several threads and merges them; whatever
    /// the split, the index answers exactly as one read in a single piece (phones in storage
    /// order included).
    #[test]
    fn an_index_read_in_parts_answers_as_one_read_whole(
        services in prop::collection::vec(svc(), 0..30),
        queries in prop::collection::vec(query(), 1..8),
        parts in 2usize..5,
        chunk in 1u64..6,
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite:{}", dir.path().join("h.sqlite").display());
        let mut st = store::open(&url).expect("store");
        fill(st.as_mut(), &services);
        let whole = Index::build_in_parts(st.as_ref(), 1, store::SCAN_CHUNK).expect("whole");
        let split = Index::build_in_parts(st.as_ref(), parts, chunk).expect("split");
        let built = Index::build(st.as_ref()).expect("build");
        prop_assert_eq!(whole.len(), split.len());
        for q in &queries {
            let want = whole.search(q).expect("search");
            prop_assert_eq!(&split.search(q).expect("search"), &want, "query {:?}", q);
            prop_assert_eq!(&built.search(q).expect("search"), &want, "query {:?}", q);
        }
    }

    #[test]
    fn every_query_class_matches_a_brute_force_scan(
        services in prop::collection::vec(svc(), 0..40),
        queries in prop::collection::vec(query(), 1..12),
    ) {
        let index = build(&services);
        for q in &queries {
            let fast = index.search(q).expect("search");
            let slow = index.brute_force(q).expect("brute force");
            prop_assert_eq!(&fast, &slow, "query {:?}", q);
        }
    }
}

#[test]
fn nearest_first_with_ties_broken_by_service_id() {
    let services = vec![
        Svc {
            words: vec![0],
            langs: vec![],
            term: None,
            free: false,
            active: true,
            points: vec![(40.1, -74.0)],
            hours: None,
        },
        Svc {
            words: vec![1],
            langs: vec![],
            term: None,
            free: false,
            active: true,
            points: vec![(40.1, -74.0)],
            hours: None,
        },
        Svc {
            words: vec![2],
            langs: vec![],
            term: None,
            free: false,
            active: true,
            points: vec![(40.0, -74.0)],
            hours: None,
        },
    ];
    let index = build(&services);
    let r = index
        .search(&Query {
            near: Some((40.0, -74.0)),
            limit: 3,
            ..Query::default()
        })
        .unwrap();
    let ids: Vec<&str> = r.hits.iter().map(|h| h.service_id.as_str()).collect();
    assert_eq!(ids, [uuid(3, 2), uuid(3, 0), uuid(3, 1)]);
    assert_eq!(r.hits[0].distance_km, Some(0.0));
    // 0.1 degree of latitude on the mean sphere.
    let d = r.hits[1].distance_km.unwrap();
    assert!((d - 11.1195).abs() < 0.001, "{d}");
    assert_eq!(
        r.hits[0].open, None,
        "no schedule is hours unknown, never closed"
    );
}

#[test]
fn bad_queries_are_refused_with_a_reason() {
    let index = build(&[]);
    let e = index
        .search(&Query {
            radius_km: Some(5.0),
            ..Query::default()
        })
        .unwrap_err();
    assert!(e.to_string().contains("--near"), "{e}");
    let e = index
        .search(&Query {
            near: Some((91.0, 0.0)),
            ..Query::default()
        })
        .unwrap_err();
    assert!(e.to_string().contains("91"), "{e}");
    let e = index
        .search(&Query {
            near: Some((1.0, 0.0)),
            radius_km: Some(-3.0),
            ..Query::default()
        })
        .unwrap_err();
    assert!(e.to_string().contains("-3"), "{e}");
    let e = index
        .search(&Query {
            taxonomy: Some("nope".into()),
            ..Query::default()
        })
        .unwrap_err();
    assert!(
        e.to_string().contains("nope") && e.to_string().contains("parent"),
        "{e}"
    );
}

#[test]
fn only_active_services_unless_asked() {
    let mut s = Svc {
        words: vec![0],
        langs: vec![],
        term: None,
        free: false,
        active: false,
        points: vec![(1.0, 1.0)],
        hours: None,
    };
    let index = build(&[s.clone()]);
    let q = Query {
        near: Some((1.0, 1.0)),
        ..Query::default()
    };
    assert!(index.search(&q).unwrap().hits.is_empty());
    let all = Query {
        include_inactive: true,
        ..q.clone()
    };
    assert_eq!(index.search(&all).unwrap().hits.len(), 1);
    s.active = true;
    assert_eq!(build(&[s]).search(&q).unwrap().hits.len(), 1);
}

#[test]
fn text_that_matches_nothing_says_which_word() {
    let s = Svc {
        words: vec![0],
        langs: vec![],
        term: None,
        free: false,
        active: true,
        points: vec![(1.0, 1.0)],
        hours: None,
    };
    let index = build(&[s]);
    let r = index
        .search(&Query {
            text: Some("shelter zebra".into()),
            ..Query::default()
        })
        .unwrap();
    assert!(r.hits.is_empty());
    assert_eq!(r.unmatched_terms, ["zebra"]);
    let r = index
        .search(&Query {
            text: Some("shelters".into()),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(r.hits.len(), 1);
}

#[test]
fn a_service_with_no_place_is_open_only_if_open_in_every_zone() {
    let always = Svc {
        words: vec![5],
        langs: vec![],
        term: None,
        free: false,
        active: true,
        points: vec![],
        hours: Some((0, 24)),
    };
    let office = Svc {
        hours: Some((9, 8)),
        ..always.clone()
    };
    let index = build(&[always, office]);
    let r = index
        .search(&Query {
            text: Some("hotline".into()),
            ..Query::default()
        })
        .unwrap();
    let open: Vec<Option<bool>> = r.hits.iter().map(|h| h.open).collect();
    // 00:00-00:00 every day is 24 hours anywhere; 09:00-17:00 depends on a zone it lacks.
    assert_eq!(open, [Some(true), None]);
    // And a place-less service is never a "nearest" result.
    let near = index
        .search(&Query {
            near: Some((0.0, 0.0)),
            ..Query::default()
        })
        .unwrap();
    assert!(near.hits.is_empty());
}

#[test]
fn the_live_index_follows_the_store_without_a_restart() {
    let mut st = store::open("sqlite::memory:").expect("store");
    let org = rec(json!({"id": uuid(1, 0), "name": "Org", "description": "d"}));
    let mut imp = st.begin().unwrap();
    imp.upsert(Table::Organization, &org).unwrap();
    imp.commit().unwrap();
    let live = search::LiveIndex::build(st.as_ref()).unwrap();
    assert!(live.current().is_empty());
    assert!(
        !live.refresh(st.as_ref()).unwrap(),
        "nothing changed, nothing rebuilt"
    );
    let held = live.current();
    let mut imp = st.begin().unwrap();
    imp.upsert(
        Table::Service,
        &rec(json!({"id": uuid(3, 1), "organization_id": uuid(1, 0), "name": "Night shelter", "status": "active"})),
    )
    .unwrap();
    imp.commit().unwrap();
    assert!(live.refresh(st.as_ref()).unwrap());
    let r = live
        .current()
        .search(&Query {
            text: Some("shelter".into()),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(r.hits.len(), 1);
    // A reader that took the old snapshot keeps a consistent view.
    assert!(held.is_empty());
}

#[test]
fn a_wide_radius_near_the_pole_reaches_far_round_in_longitude() {
    // (85, 120) is 2,547 km from (70, 0): inside 3,000 km although 120 degrees of longitude away.
    let far = Svc {
        words: vec![0],
        langs: vec![],
        term: None,
        free: false,
        active: true,
        points: vec![(85.0, 120.0)],
        hours: None,
    };
    let index = build(&[far]);
    for radius in [3000.0, 2600.0] {
        let q = Query {
            near: Some((70.0, 0.0)),
            radius_km: Some(radius),
            ..Query::default()
        };
        let r = index.search(&q).unwrap();
        assert_eq!(r.hits.len(), 1, "radius {radius}");
        assert_eq!(r, index.brute_force(&q).unwrap());
        let d = r.hits[0].distance_km.unwrap();
        assert!((d - 2547.0).abs() < 5.0, "{d}");
    }
    let q = Query {
        near: Some((70.0, 0.0)),
        radius_km: Some(2500.0),
        ..Query::default()
    };
    assert!(index.search(&q).unwrap().hits.is_empty());
}

#[test]
fn the_language_filter_finds_every_language_however_many_there_are() {
    // More languages than the 64 the index keeps as bits per service: the rest take the list.
    let mut st = store::open("sqlite::memory:").expect("store");
    let mut rows: Vec<(Table, Record)> = vec![(
        Table::Organization,
        rec(json!({"id": uuid(1, 0), "name": "Org", "description": "d"})),
    )];
    for i in 0..100usize {
        let sid = uuid(3, i);
        rows.push((
            Table::Service,
            rec(json!({"id": sid, "organization_id": uuid(1, 0), "name": format!("s{i}"), "status": "active"})),
        ));
        rows.push((
            Table::Language,
            rec(json!({"id": uuid(4, i), "service_id": sid, "code": format!("l{i}")})),
        ));
    }
    let mut imp = st.begin().expect("begin");
    for (t, r) in &rows {
        imp.upsert(*t, r).expect("upsert");
    }
    imp.commit().expect("commit");
    let index = Index::build(st.as_ref()).expect("build");
    for i in [0usize, 1, 31, 63, 64, 65, 99] {
        let q = Query {
            language: Some(format!("l{i}")),
            limit: 200,
            ..Default::default()
        };
        let fast = index.search(&q).expect("search");
        let slow = index.brute_force(&q).expect("brute force");
        let ids: Vec<&str> = fast.hits.iter().map(|h| h.service_id.as_str()).collect();
        assert_eq!(ids, [uuid(3, i).as_str()], "l{i}");
        assert_eq!(fast, slow, "l{i}");
    }
}
