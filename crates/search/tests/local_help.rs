//! Local help as people ask for it: lines that serve an area, confidential shelters, and words
//! that name a type of service. The directory here is SYNTHETIC TEST DATA (invented services,
//! phone numbers in the 555 range), never real listings.

use hsds::haven::CONFIDENTIAL_TERM_CODE;
use search::types::TYPE_WORDS;
use search::{Index, Query};
use serde_json::{json, Value};
use store::{Record, Table};

fn rec(v: Value) -> Record {
    match v {
        Value::Object(m) => m,
        _ => Record::new(),
    }
}

/// 10001's ZIP centroid, in Manhattan.
const ZIP_10001: (f64, f64) = (40.7506, -73.9972);
const PHILADELPHIA: (f64, f64) = (39.9526, -75.1652);
const LONDON: (f64, f64) = (51.5074, -0.1278);
/// A confidential shelter's precise point (synthetic), a few hundred metres from 10001.
const SECRET: (f64, f64) = (40.7537, -73.9811);

struct Fixture {
    rows: Vec<(Table, Record)>,
    n: usize,
}

impl Fixture {
    fn new() -> Fixture {
        let mut f = Fixture {
            rows: Vec::new(),
            n: 0,
        };
        f.push(
            Table::Organization,
            json!({"id": "org", "name": "Synthetic Test Org", "description": "test data"}),
        );
        f.push(
            Table::Taxonomy,
            json!({"id": "tax", "name": "test", "description": "test data"}),
        );
        let mut codes: Vec<&str> = TYPE_WORDS.iter().flat_map(|t| t.codes).copied().collect();
        codes.push(CONFIDENTIAL_TERM_CODE);
        codes.sort_unstable();
        codes.dedup();
        for c in codes {
            // Display names that share no word with the type words: codes decide, not names.
            f.push(
                Table::TaxonomyTerm,
                json!({"id": format!("term-{c}"), "code": c, "name": format!("Kind {}", c.len()), "description": "d", "taxonomy_id": "tax"}),
            );
        }
        f
    }

    fn id(&mut self) -> String {
        self.n += 1;
        format!("row-{}", self.n)
    }

    fn push(&mut self, t: Table, v: Value) {
        self.rows.push((t, rec(v)));
    }

    /// A service with a phone, its terms, and either a place or areas served.
    fn service(&mut self, id: &str, name: &str, codes: &[&str]) {
        self.push(
            Table::Service,
            json!({"id": id, "organization_id": "org", "name": name, "status": "active"}),
        );
        let pid = self.id();
        self.push(
            Table::Phone,
            json!({"id": pid, "service_id": id, "number": "+1 555 0100"}),
        );
        for c in codes {
            let aid = self.id();
            self.push(
                Table::Attribute,
                json!({"id": aid, "link_id": id, "link_entity": "service", "taxonomy_term_id": format!("term-{c}")}),
            );
        }
    }

    fn area(&mut self, service: &str, uri: &str, name: &str) {
        let id = self.id();
        self.push(
            Table::ServiceArea,
            json!({"id": id, "service_id": service, "name": name, "uri": uri}),
        );
    }

    fn place(&mut self, service: &str, (lat, lon): (f64, f64), confidential: bool) -> String {
        let lid = self.id();
        self.push(
            Table::Location,
            json!({"id": lid, "location_type": "physical", "latitude": lat, "longitude": lon}),
        );
        let sal = self.id();
        self.push(
            Table::ServiceAtLocation,
            json!({"id": sal, "service_id": service, "location_id": lid}),
        );
        if confidential {
            let aid = self.id();
            self.push(
                Table::Attribute,
                json!({"id": aid, "link_id": lid, "link_entity": "location", "taxonomy_term_id": format!("term-{CONFIDENTIAL_TERM_CODE}")}),
            );
        }
        lid
    }

    fn build(&self) -> Index {
        let mut st = store::open("sqlite::memory:").expect("store");
        let mut imp = st.begin().expect("begin");
        for (t, r) in &self.rows {
            imp.upsert(*t, r).expect("upsert");
        }
        imp.commit().expect("commit");
        Index::build(st.as_ref()).expect("build")
    }
}

/// Lines without a place, serving areas; one place-based shelter (confidential) and a hospital
/// whose name contains "shelter".
fn directory() -> Fixture {
    let mut f = Fixture::new();
    f.service(
        "national",
        "Synthetic national line",
        &["hotline", "trafficking"],
    );
    f.area("national", "urn:haven:area:country:US", "United States");
    f.push(
        Table::Schedule,
        json!({"id": "always", "service_id": "national", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "00:00"}),
    );
    f.service("state", "Synthetic state line", &["hotline"]);
    f.area("state", "urn:haven:area:state:US-NY", "New York State");
    f.push(
        Table::Schedule,
        json!({"id": "office", "service_id": "state", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}),
    );
    f.service("city", "Synthetic city line", &["domestic-violence"]);
    f.area("city", "urn:haven:area:city:US-NY-NYC", "New York City");
    let lid = f.id();
    f.push(
        Table::Language,
        json!({"id": lid, "service_id": "city", "code": "es", "name": "Spanish"}),
    );
    f.service("zip", "Synthetic neighbourhood line", &[]);
    f.area(
        "zip",
        "urn:haven:area:postal:US:10001+10018",
        "Chelsea and Midtown",
    );
    let cid = f.id();
    f.push(
        Table::CostOption,
        json!({"id": cid, "service_id": "zip", "amount": 0, "currency": "USD"}),
    );
    f.service("uk", "Synthetic UK line", &["hotline", "trafficking"]);
    f.area("uk", "urn:haven:area:country:GB", "United Kingdom");
    // Areas haven cannot read are ignored, never a panic.
    f.service("odd", "Synthetic odd line", &["hotline"]);
    f.area("odd", "urn:haven:area:planet:MARS", "Mars");
    f.area("odd", "urn:haven:area:county:123", "Bad county");
    f.area("odd", "https://example.org/area", "Elsewhere");
    f.service("closed", "Synthetic retired line", &["hotline"]);
    f.area("closed", "urn:haven:area:country:US", "United States");
    f.rows
        .retain(|(t, r)| !(*t == Table::Service && r["id"] == "closed"));
    f.push(
        Table::Service,
        json!({"id": "closed", "organization_id": "org", "name": "Synthetic retired line", "status": "inactive"}),
    );
    f.service("safe", "Safe Rooms", &["101-04"]);
    f.place("safe", SECRET, true);
    f.service("arms", "Sheltering Arms Hospital", &["hospital"]);
    f.place("arms", (40.7510, -73.9970), false);
    f
}

fn near(p: (f64, f64)) -> Query {
    Query {
        near: Some(p),
        limit: 10,
        ..Query::default()
    }
}

fn area_ids(index: &Index, q: &Query) -> Vec<String> {
    let fast = index.search(q).expect("search");
    assert_eq!(fast, index.brute_force(q).expect("brute force"), "{q:?}");
    fast.area_hits.into_iter().map(|h| h.service_id).collect()
}

#[test]
fn lines_serve_the_points_inside_their_areas_most_local_first() {
    let index = directory().build();
    let r = index.search(&near(ZIP_10001)).unwrap();
    let ids: Vec<&str> = r.area_hits.iter().map(|h| h.service_id.as_str()).collect();
    assert_eq!(ids, ["zip", "city", "state", "national"]);
    let names: Vec<&str> = r
        .area_hits
        .iter()
        .map(|h| h.service_area.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Chelsea and Midtown",
            "New York City",
            "New York State",
            "United States"
        ]
    );
    assert_eq!(r.area_hits[0].phones, ["+1 555 0100"]);
    assert_eq!(r.area_hits[3].organization, "Synthetic Test Org");
    // Never mixed into the distance-ordered places.
    let placed: Vec<&str> = r.hits.iter().map(|h| h.service_id.as_str()).collect();
    assert_eq!(placed, ["arms", "safe"]);
    assert!(r.hits.iter().all(|h| h.distance_km.is_some()));
    // Another state, another country.
    assert_eq!(area_ids(&index, &near(PHILADELPHIA)), ["national"]);
    assert_eq!(area_ids(&index, &near(LONDON)), ["uk"]);
    // No point, no area group.
    let all = index
        .search(&Query {
            text: Some("synthetic".into()),
            limit: 20,
            ..Query::default()
        })
        .unwrap();
    assert!(all.area_hits.is_empty());
    // A radius does not hide a line that serves the whole area.
    let tight = Query {
        radius_km: Some(0.5),
        ..near(ZIP_10001)
    };
    assert_eq!(area_ids(&index, &tight).len(), 4);
}

#[test]
fn the_area_group_takes_the_same_filters_as_the_places() {
    let index = directory().build();
    let q = |f: &dyn Fn(&mut Query)| {
        let mut q = near(ZIP_10001);
        f(&mut q);
        area_ids(&index, &q)
    };
    assert_eq!(q(&|q| q.language = Some("es".into())), ["city"]);
    assert_eq!(q(&|q| q.free = true), ["zip"]);
    assert_eq!(
        q(&|q| q.taxonomy = Some("hotline".into())),
        ["state", "national"]
    );
    assert_eq!(q(&|q| q.text = Some("trafficking".into())), ["national"]);
    assert_eq!(q(&|q| q.text = Some("trata".into())), ["national"]);
    assert_eq!(q(&|q| q.text = Some("neighbourhood".into())), ["zip"]);
    assert!(q(&|q| q.text = Some("zebra".into())).is_empty());
    // Open at 03:00 on a Wednesday in New York: only the 24-hour line.
    let night = chrono::DateTime::parse_from_rfc3339("2026-12-09T03:00:00-05:00")
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert_eq!(q(&|q| q.open_at = Some(night)), ["national"]);
    let r = index
        .search(&Query {
            status_at: Some(night),
            ..near(ZIP_10001)
        })
        .unwrap();
    let national = r.area_hits.iter().find(|h| h.service_id == "national");
    assert_eq!(national.map(|h| h.open), Some(Some(true)));
    // Inactive lines only when asked.
    assert!(!q(&|_| {}).contains(&"closed".to_string()));
    assert!(q(&|q| q.include_inactive = true).contains(&"closed".to_string()));
}

#[test]
fn a_confidential_location_gives_no_coordinates_and_an_approximate_distance() {
    let index = directory().build();
    let r = index
        .search(&Query {
            text: Some("safe rooms".into()),
            ..near(ZIP_10001)
        })
        .unwrap();
    let hit = &r.hits[0];
    assert_eq!(hit.service_id, "safe");
    assert!(hit.confidential && hit.distance_approximate);
    assert_eq!((hit.latitude, hit.longitude), (None, None));
    let snap = |v: f64| (v / search::CONFIDENTIAL_GRID_DEG).round() * search::CONFIDENTIAL_GRID_DEG;
    let want = search::haversine_km(ZIP_10001.0, ZIP_10001.1, snap(SECRET.0), snap(SECRET.1))
        .round()
        .max(1.0);
    assert_eq!(hit.distance_km, Some(want));
    // Whole km, at least one, even standing at the door.
    let at_door = index.search(&near(SECRET)).unwrap();
    let d = at_door
        .hits
        .iter()
        .find(|h| h.service_id == "safe")
        .and_then(|h| h.distance_km)
        .unwrap();
    assert!(d >= 1.0 && d.fract() == 0.0, "{d}");
    // Nothing in any result carries the precise point.
    for q in [near(SECRET), near(ZIP_10001), Query::default()] {
        let r = index.search(&q).unwrap();
        let text = serde_json::to_string(&r.hits).unwrap();
        for secret in ["40.7537", "-73.9811", "40.753", "-73.981"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    // An ordinary place keeps its coordinates.
    let arms = at_door
        .hits
        .iter()
        .find(|h| h.service_id == "arms")
        .unwrap();
    assert!(!arms.confidential && !arms.distance_approximate);
    assert_eq!(arms.latitude, Some(40.7510));
}

#[test]
fn a_word_that_names_a_type_ranks_that_type_above_a_name_containing_the_word() {
    let index = directory().build();
    for word in ["shelter", "shelters", "refugio", "albergue"] {
        let q = Query {
            text: Some(word.into()),
            ..near(ZIP_10001)
        };
        let r = index.search(&q).unwrap();
        assert_eq!(r, index.brute_force(&q).unwrap(), "{word}");
        let ids: Vec<&str> = r.hits.iter().map(|h| h.service_id.as_str()).collect();
        let want: &[&str] = if word.starts_with("shelter") {
            &["safe", "arms"]
        } else {
            &["safe"]
        };
        assert_eq!(ids, want, "{word}");
        assert!(r.unmatched_terms.is_empty(), "{word}");
    }
    // The hospital is nearer, but the shelter is what "shelter" asks for.
    let r = index.search(&near(ZIP_10001)).unwrap();
    assert_eq!(r.hits[0].service_id, "arms");
}

/// Every word of the table, in English and Spanish: a service of that type, whose name and
/// description do not contain the word, is found first; a nearer service whose name contains the
/// word comes after it.
#[test]
fn every_type_word_finds_its_type_in_both_languages() {
    let mut f = Fixture::new();
    for (i, t) in TYPE_WORDS.iter().enumerate() {
        let typed = format!("typed-{i}");
        f.service(&typed, &format!("Program number {i}"), &[t.codes[0]]);
        f.place(&typed, (40.70, -73.90), false);
        for (j, w) in t.en.iter().chain(t.es).enumerate() {
            let decoy = format!("decoy-{i}-{j}");
            f.service(&decoy, &format!("The {w} building"), &[]);
            f.place(&decoy, ZIP_10001, false);
        }
    }
    let index = f.build();
    let mut checked = 0;
    for (i, t) in TYPE_WORDS.iter().enumerate() {
        for w in t.en.iter().chain(t.es) {
            let q = Query {
                text: Some(w.to_string()),
                limit: 50,
                ..near(ZIP_10001)
            };
            let r = index.search(&q).unwrap();
            assert_eq!(r, index.brute_force(&q).unwrap(), "{w}");
            let ids: Vec<&str> = r.hits.iter().map(|h| h.service_id.as_str()).collect();
            // Entries that share a word (Spanish "legal" and English "legal", "hospital") list
            // each typed service first, then the decoys.
            let first_decoy = ids.iter().position(|id| id.starts_with("decoy"));
            let typed = ids.iter().position(|id| *id == format!("typed-{i}"));
            assert!(
                matches!((typed, first_decoy), (Some(a), Some(b)) if a < b),
                "{w}: {ids:?}"
            );
            assert!(ids[..first_decoy.unwrap_or(0)]
                .iter()
                .all(|id| id.starts_with("typed")));
            checked += 1;
        }
    }
    assert!(checked >= 30, "{checked}");
}
