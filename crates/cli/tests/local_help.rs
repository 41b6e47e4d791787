//! Local trusted help on the shipped directory, as a person finds it: near 10001 the real New
//! York organizations and the lines that serve the area (in their own group), "trafficking" and
//! "trata" find the anti-trafficking programs, a shelter outranks a hospital named "Sheltering",
//! a place with no local organization says so, and confidential shelters never show a place.

mod support;

use support::haven;

use std::path::Path;

/// A store holding the bundled directory, loaded once for this file's tests (under cargo's
/// scratch folder for integration tests); each test serves its own copy.
fn bundled_store() -> &'static Path {
    static S: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("local-help");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let db = dir.join("bundled.sqlite");
        haven(
            &dir,
            &[
                "--db",
                &format!("sqlite:{}", db.display()),
                "bundle",
                "load",
            ],
        );
        db
    })
}

/// A running server on a fresh copy of the bundled store, and the copy's folder.
struct App {
    server: support::Server,
    dir: tempfile::TempDir,
}

impl App {
    fn new() -> App {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::copy(bundled_store(), dir.path().join("h.sqlite")).expect("copy store");
        let server = support::serve(&format!("sqlite:{}", dir.path().join("h.sqlite").display()));
        App { server, dir }
    }

    fn db(&self) -> String {
        format!("sqlite:{}", self.dir.path().join("h.sqlite").display())
    }

    fn page(&self, path: &str) -> String {
        let (status, body) = support::get(&self.server.addr, path);
        assert_eq!(status, 200, "{path}");
        body
    }

    fn cli(&self, args: &[&str]) -> String {
        let db = self.db();
        let all: Vec<&str> = ["--db", db.as_str()]
            .into_iter()
            .chain(args.iter().copied())
            .collect();
        haven(self.dir.path(), &all)
    }
}

/// A results page cut into (the places by distance, the area group): the group stands between
/// its heading and the places' heading ("Places near you" / "Lugares cerca de ti").
fn split_area(body: &str, heading: &str) -> (String, String) {
    let Some(a) = body.find(heading) else {
        return (body.to_string(), String::new());
    };
    let p = ["Places near you", "Lugares cerca de ti"]
        .iter()
        .filter_map(|h| body[a..].find(h).map(|i| a + i))
        .min()
        .unwrap_or(body.len());
    (
        format!("{}{}", &body[..a], &body[p..]),
        body[a..p].to_string(),
    )
}

#[test]
fn near_10001_the_lines_that_serve_the_area_stand_apart_from_real_local_places() {
    let app = App::new();
    for (prefix, heading) in [
        ("", "Serves your area: call or text"),
        ("/es", "Atienden tu zona: llama o escribe"),
    ] {
        let body = app.page(&format!("{prefix}/find?near=10001"));
        let (_, area) = split_area(&body, heading);
        assert!(!area.is_empty(), "{prefix}: no area group");
        for line in [
            "National Human Trafficking Hotline",
            "National Domestic Violence Hotline",
            "New York State Domestic",
            "Safe Horizon Hotline",
        ] {
            assert!(
                area.contains(line),
                "{prefix}: {line} missing from the area group"
            );
        }
        // Lines of another country never appear for a US point.
        assert!(
            !body.contains("Modern Slavery"),
            "{prefix}: the UK helpline is on a US page"
        );
        // Real New York organizations are among the places, not only hospitals.
        assert!(
            body.contains("Safe Horizon"),
            "{prefix}: no New York organization"
        );
        assert!(!body.contains("We don't know of a local organization"));
    }
}

#[test]
fn trafficking_and_trata_find_the_anti_trafficking_programs_nearest_first() {
    let app = App::new();
    for (path, heading) in [
        (
            "/find?near=10001&q=trafficking",
            "Serves your area: call or text",
        ),
        (
            "/es/find?near=10001&q=trata",
            "Atienden tu zona: llama o escribe",
        ),
    ] {
        let body = app.page(path);
        let (places, area) = split_area(&body, heading);
        assert!(
            places.contains("Family Justice Center"),
            "{path}: no Family Justice Center"
        );
        assert!(
            area.contains("National Human Trafficking Hotline"),
            "{path}: no national hotline in the area group"
        );
        assert!(
            !places.contains("National Human Trafficking Hotline"),
            "{path}: the hotline is mixed into distances"
        );
    }
    let json = app.cli(&[
        "search",
        "trafficking",
        "--near",
        "10001",
        "--json",
        "--limit",
        "60",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let hits = v.as_array().expect("array");
    let orgs: Vec<&str> = hits
        .iter()
        .filter_map(|h| h["organization"].as_str())
        .collect();
    for want in ["Safe Horizon", "LifeWay Network", "Womankind"] {
        assert!(
            orgs.iter().any(|o| o.contains(want)),
            "{want} not found for trafficking: {orgs:?}"
        );
    }
    // Places nearest first (a confidential place's distance is shown rounded, so it is left
    // out of this order check); the national hotline only as an area line without a distance.
    let km: Vec<f64> = hits
        .iter()
        .filter(|h| h["confidential"] != true)
        .filter_map(|h| h["distance_km"].as_f64())
        .collect();
    assert!(km.windows(2).all(|w| w[0] <= w[1]), "{km:?}");
    let nhth = hits
        .iter()
        .find(|h| h["name"] == "National Human Trafficking Hotline")
        .expect("the national hotline");
    assert!(nhth["distance_km"].is_null());
    assert_eq!(nhth["service_area"], "United States");
}

#[test]
fn a_shelter_outranks_a_hospital_whose_name_says_sheltering() {
    let app = App::new();
    // Sheltering Arms Hospital is in Virginia; near it, a search for "shelter" must not put the
    // hospital first where a service of type shelter exists at all.
    let near_nyc = app.cli(&["search", "shelter", "--near", "10001", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&near_nyc).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["name"].as_str())
        .collect();
    assert!(!names.is_empty());
    assert!(
        names.iter().all(|n| !n.contains("Sheltering Arms")),
        "{names:?}"
    );
}

#[test]
fn where_no_local_organization_is_known_the_page_says_so_and_offers_the_lines() {
    let app = App::new();
    for (prefix, says, heading) in [
        (
            "",
            "We don't know of a local organization near",
            "Serves your area: call or text",
        ),
        (
            "/es",
            "No conocemos una organización local cerca de",
            "Atienden tu zona: llama o escribe",
        ),
    ] {
        let body = app.page(&format!("{prefix}/find?near=59001"));
        assert!(body.contains(says), "{prefix}: no plain words for 59001");
        let (_, area) = split_area(&body, heading);
        assert!(
            area.contains("National Human Trafficking Hotline"),
            "{prefix}: no hotline for 59001"
        );
        assert!(
            !area.contains("New York State"),
            "{prefix}: a New York line for Montana"
        );
    }
}

#[test]
fn the_guide_s_organizations_step_at_10001_shows_real_organizations_in_both_languages() {
    let app = App::new();
    for prefix in ["", "/es"] {
        let body = app.page(&format!("{prefix}/guide/call-experts?near=10001"));
        assert!(
            body.contains("Family Justice Center") || body.contains("Safe Horizon"),
            "{prefix}: no organization at 10001"
        );
        assert!(
            !body.contains("We don't know of a local organization")
                && !body.contains("No conocemos una organización local")
        );
        let far = app.page(&format!("{prefix}/guide/call-experts?near=59001"));
        assert!(
            far.contains("We don't know of a local organization")
                || far.contains("No conocemos una organización local"),
            "{prefix}: 59001"
        );
        assert!(
            far.contains("National Human Trafficking Hotline"),
            "{prefix}: 59001 offers no hotline"
        );
    }
}

#[test]
fn a_listing_shows_its_source_date_and_that_it_is_not_verified() {
    let app = App::new();
    let body = app.page("/find?near=10001&q=trafficking");
    assert!(
        body.contains("NYC Crime Victim Services Finder"),
        "no source on the results"
    );
    assert!(
        body.contains("Not verified since 2021-06-07"),
        "an old source is not flagged"
    );
    assert!(body.contains("Not yet verified"), "a lead is not marked");
    assert!(
        !body.contains("Last verified"),
        "nothing bundled is called verified"
    );
    let trust = app.page("/about/trust");
    assert!(trust.contains("not an endorsement") && trust.contains("2021-06-07"));
    let es = app.page("/es/about/trust");
    assert!(es.contains("no es una recomendación"));
}

#[test]
fn hospitals_that_serve_only_some_people_say_so() {
    let app = App::new();
    let body = app.page("/find?near=10001&type=veterans-or-military");
    assert!(
        body.contains("veterans (VA) or military hospital"),
        "no VA label"
    );
    let es = app.page("/es/find?near=10001&type=psychiatric-hospital");
    assert!(es.contains("hospital psiquiátrico"), "no Spanish label");
}

#[test]
fn confidential_shelters_show_no_place_in_pages_the_api_search_or_export() {
    let app = App::new();
    // The confidential locations, read from the raw export.
    let raw = app.cli(&[
        "export",
        "--format",
        "ndjson",
        "--out",
        "-",
        "--include-confidential",
    ]);
    let rows: Vec<serde_json::Value> = raw
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let first = |v: &serde_json::Value, t: &str| v.get(t).and_then(|a| a[0].as_object()).cloned();
    let term: Vec<String> = rows
        .iter()
        .filter_map(|v| first(v, "taxonomy_term"))
        .filter(|t| t["code"] == "confidential-location")
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    let marked: Vec<String> = rows
        .iter()
        .filter_map(|v| first(v, "attribute"))
        .filter(|a| {
            a["link_entity"] == "location"
                && term.iter().any(|t| a["taxonomy_term_id"] == t.as_str())
        })
        .map(|a| a["link_id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        marked.len() >= 11,
        "the 11 residential sites are marked: {}",
        marked.len()
    );
    let public = app.cli(&["export", "--format", "ndjson", "--out", "-"]);
    for line in public.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(l) = v.get("location").and_then(|a| a[0].as_object()) {
            if marked
                .iter()
                .any(|m| Some(m.as_str()) == l.get("id").and_then(|x| x.as_str()))
            {
                assert!(
                    !l.contains_key("latitude") && !l.contains_key("longitude"),
                    "{line}"
                );
            }
        }
        if let Some(a) = v.get("address").and_then(|a| a[0].as_object()) {
            let loc = a.get("location_id").and_then(|x| x.as_str()).unwrap_or("");
            assert!(
                !marked.iter().any(|m| m == loc),
                "an address of a confidential location: {line}"
            );
        }
    }
    // Search: confidential hits carry no coordinates and an approximate distance.
    let json = app.cli(&[
        "search",
        "shelter",
        "--near",
        "Brooklyn, NY",
        "--json",
        "--limit",
        "50",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let conf: Vec<&serde_json::Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["confidential"] == true)
        .collect();
    assert!(
        !conf.is_empty(),
        "no confidential shelter found near Brooklyn"
    );
    for h in conf {
        assert!(h["latitude"].is_null() && h["longitude"].is_null(), "{h}");
        assert_eq!(
            h["distance_km"].as_f64().map(|k| k.fract()),
            Some(0.0),
            "{h}"
        );
        // Its page says the address is private.
        let body = app.page(&format!("/services/{}", h["service_id"].as_str().unwrap()));
        assert!(body.contains("kept private"), "{h}");
        assert!(!body.contains("geo:"), "a map link to a confidential place");
    }
}

#[test]
fn the_api_gives_the_lines_that_serve_a_point_apart_from_the_places() {
    let app = App::new();
    let body = app.page("/api/services?lat=40.7506&lon=-73.9972&serves_area=true&per_page=50");
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    let items = v["contents"].as_array().expect("contents");
    let names: Vec<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
    assert!(
        names.contains(&"National Human Trafficking Hotline"),
        "{names:?}"
    );
    assert!(names.contains(&"Safe Horizon Hotline"), "{names:?}");
    assert!(
        !names.iter().any(|n| n.contains("Modern Slavery")),
        "{names:?}"
    );
    for i in items {
        assert!(i.get("distance_km").is_none(), "{i}");
        assert!(i["x_haven_service_area"].is_string(), "{i}");
    }
    // Most local first: the city line before the national ones.
    let city = names
        .iter()
        .position(|n| *n == "Safe Horizon Hotline")
        .unwrap();
    let national = names
        .iter()
        .position(|n| *n == "National Human Trafficking Hotline")
        .unwrap();
    assert!(city < national, "{names:?}");
    // The places by distance never hold a line with no place.
    let places = app.page("/api/services?lat=40.7506&lon=-73.9972&per_page=50");
    assert!(!places.contains("National Human Trafficking Hotline"));
    // Without a point the parameter is a problem that names it.
    let (status, body) = support::get(&app.server.addr, "/api/services?serves_area=true");
    assert_eq!(status, 400);
    assert!(body.contains("serves_area"), "{body}");
}
