//! Areas served against real places: which country, state, county, city or postal list holds a
//! point, from the bundled Census and Natural Earth outlines.

use hsds::haven::Area;
use search::areas::{contains, nearest_zips, outline_counts, resolve, STATE_FIPS};
use std::collections::HashMap;

const MANHATTAN: (f64, f64) = (40.7506, -73.9972);
const BROOKLYN: (f64, f64) = (40.6782, -73.9442);
const STATEN_ISLAND: (f64, f64) = (40.5795, -74.1502);
const BRONX: (f64, f64) = (40.8448, -73.8648);
const WHITE_PLAINS: (f64, f64) = (41.0340, -73.7629);
const PHILADELPHIA: (f64, f64) = (39.9526, -75.1652);
const TRENTON: (f64, f64) = (40.2171, -74.7429);
const LONDON: (f64, f64) = (51.5074, -0.1278);
const BELFAST: (f64, f64) = (54.5973, -5.9301);
const TORONTO: (f64, f64) = (43.6532, -79.3832);
const DETROIT: (f64, f64) = (42.3314, -83.0458);
const SAN_DIEGO: (f64, f64) = (32.7157, -117.1611);
const MEXICO_CITY: (f64, f64) = (19.4326, -99.1332);
const HONOLULU: (f64, f64) = (21.3069, -157.8583);
const ANCHORAGE: (f64, f64) = (61.2181, -149.9003);
const SAN_JUAN: (f64, f64) = (18.4655, -66.1057);

fn area(uri: &str) -> Area {
    Area::parse(uri).expect("valid").expect("a haven area")
}

fn holds(uri: &str, (lat, lon): (f64, f64)) -> bool {
    contains(&area(uri), lat, lon)
}

#[test]
fn a_state_holds_its_points_and_not_another_states() {
    let ny = "urn:haven:area:state:US-NY";
    assert!(holds(ny, MANHATTAN) && holds(ny, WHITE_PLAINS) && holds(ny, STATEN_ISLAND));
    assert!(!holds(ny, PHILADELPHIA), "a point in Pennsylvania");
    assert!(!holds(ny, TRENTON), "a point in New Jersey");
    assert!(holds("urn:haven:area:state:US-PA", PHILADELPHIA));
    assert!(!holds("urn:haven:area:state:US-PA", MANHATTAN));
    assert!(holds("urn:haven:area:state:US-HI", HONOLULU));
    assert!(holds("urn:haven:area:state:US-AK", ANCHORAGE));
}

#[test]
fn near_a_border_both_sides_are_served_and_farther_only_one() {
    // New York and Pennsylvania meet on the 42nd parallel west of the Delaware.
    let (ny, pa) = ("urn:haven:area:state:US-NY", "urn:haven:area:state:US-PA");
    let one_km_into_pa = (41.991, -77.0);
    assert!(holds(pa, one_km_into_pa));
    assert!(
        holds(ny, one_km_into_pa),
        "within the border tolerance, the neighbour's line shows too"
    );
    let six_km_into_pa = (41.945, -77.0);
    assert!(holds(pa, six_km_into_pa) && !holds(ny, six_km_into_pa));
}

#[test]
fn counties_and_a_city_made_of_counties() {
    let manhattan = "urn:haven:area:county:36061";
    assert!(holds(manhattan, MANHATTAN));
    assert!(!holds(manhattan, BRONX) && !holds(manhattan, STATEN_ISLAND));
    assert!(holds("urn:haven:area:county:36005", BRONX));
    let nyc = "urn:haven:area:city:US-NY-NYC";
    for p in [MANHATTAN, BROOKLYN, STATEN_ISLAND, BRONX] {
        assert!(holds(nyc, p), "{p:?}");
    }
    assert!(!holds(nyc, WHITE_PLAINS) && !holds(nyc, TRENTON));
    // A county or city haven has no outline for holds nothing (and does not panic).
    assert!(resolve(&area("urn:haven:area:county:99999")).is_none());
    assert!(resolve(&area("urn:haven:area:city:US-XX-NOPE")).is_none());
    assert!(resolve(&area("urn:haven:area:state:US-XX")).is_none());
    assert!(!holds("urn:haven:area:county:99999", MANHATTAN));
}

#[test]
fn a_postal_list_holds_the_points_whose_nearest_zip_is_listed() {
    let g = search::gazetteer::Gazetteer::get();
    let list = "urn:haven:area:postal:US:10001+10002";
    for code in ["10001", "10002"] {
        let p = g.postal(code).expect(code);
        assert_eq!(nearest_zips(p.lat, p.lon), [code]);
        assert!(holds(list, (p.lat, p.lon)), "{code}");
    }
    let z = g.postal("10003").expect("10003");
    assert!(!holds(list, (z.lat, z.lon)));
    assert!(!holds(list, BROOKLYN) && !holds(list, LONDON));
    // Only US codes are known: another country's list holds no point.
    assert!(resolve(&area("urn:haven:area:postal:GB:SW1A 1AA")).is_none());
}

#[test]
fn a_uk_line_serves_the_uk_and_never_a_us_point() {
    let (gb, us) = ("urn:haven:area:country:GB", "urn:haven:area:country:US");
    assert!(holds(gb, LONDON) && holds(gb, BELFAST));
    for p in [MANHATTAN, HONOLULU, ANCHORAGE, SAN_JUAN, DETROIT, SAN_DIEGO] {
        assert!(!holds(gb, p), "{p:?}");
        assert!(holds(us, p), "{p:?}");
    }
    for p in [LONDON, TORONTO, MEXICO_CITY] {
        assert!(!holds(us, p), "{p:?}");
    }
    // Across the Detroit River and the Mexican border, a US point is in no other country.
    assert!(holds("urn:haven:area:country:CA", TORONTO));
    assert!(!holds("urn:haven:area:country:CA", DETROIT));
    assert!(holds("urn:haven:area:country:MX", MEXICO_CITY));
    assert!(!holds("urn:haven:area:country:MX", SAN_DIEGO));
    // Puerto Rico is in the US and is its own ISO country.
    assert!(holds("urn:haven:area:country:PR", SAN_JUAN));
    assert!(resolve(&area("urn:haven:area:country:ZZ")).is_none());
}

/// The tolerances are chosen on real points: every US ZIP code centroid of the gazetteer (but
/// those of Palau and the Marshall Islands, which are not US) is in `country:US`, and all but a
/// few (a centroid set across a state line) are in their own state.
#[test]
fn us_zip_centroids_are_in_the_us_and_in_their_own_state() {
    let us = resolve(&area("urn:haven:area:country:US")).expect("US outline");
    let mut not_in_state = Vec::new();
    let mut n = 0;
    for z in search::gazetteer::Gazetteer::get().postal_codes() {
        let Some(r) = &z.region else { continue };
        if matches!(r.as_str(), "PW" | "MH" | "FM") {
            assert!(!us.contains(z.lat, z.lon), "{} is not in the US", z.name);
            continue;
        }
        n += 1;
        assert!(us.contains(z.lat, z.lon), "{} {} {}", z.name, z.lat, z.lon);
        if let Some(state) = resolve(&Area::State(format!("US-{r}"))) {
            if !state.contains(z.lat, z.lon) {
                not_in_state.push(z.name.clone());
            }
        }
    }
    assert!(n > 41_000, "{n}");
    assert!(not_in_state.len() <= 3, "{not_in_state:?}");
}

#[test]
fn every_state_outline_has_its_iso_code_and_the_gazetteers_name() {
    let names: HashMap<String, String> = include_str!("../../../data/gazetteer/us-states.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(c, n)| (format!("US-{c}"), n.to_string()))
        .collect();
    let topo: serde_json::Value =
        serde_json::from_str(include_str!("../../../data/atlas/states-10m.json")).unwrap();
    let states = topo["objects"]["states"]["geometries"].as_array().unwrap();
    let fips: HashMap<&str, &str> = STATE_FIPS.iter().copied().collect();
    let mut checked = 0;
    for g in states {
        let id = g["id"].as_str().unwrap_or("");
        let code = fips.get(id).unwrap_or_else(|| panic!("FIPS {id}"));
        // The gazetteer lists the 50 states and DC; the territories have their own names.
        if let Some(want) = names.get(*code) {
            assert_eq!(
                g["properties"]["name"].as_str(),
                Some(want.as_str()),
                "{code}"
            );
            checked += 1;
        }
        assert!(resolve(&Area::State(code.to_string())).is_some(), "{code}");
    }
    assert_eq!(checked, 51, "50 states and DC");
    assert_eq!(states.len(), STATE_FIPS.len());
    let (countries, states, counties) = outline_counts();
    assert!(
        countries > 230 && states == 56 && counties > 3200,
        "{countries} {states} {counties}"
    );
}
