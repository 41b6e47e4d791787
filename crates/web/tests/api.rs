//! The HSDS 3.0 API, over HTTP against the real app (issue 6), read as its feature list:
//! every response of every endpoint validates against the official compiled schemas; pages walk
//! the whole directory with no duplicates and no gaps and NDJSON streams the same set; search
//! extensions; `modified_after` returns exactly what a second import changed; bad parameters
//! are 400 problem details naming the parameter; 404s; ETag/304, caching, gzip and CORS.

mod api_support;

use api_support::*;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::sync::{Mutex, OnceLock};

/// The shared read-only app (examples + synthetic directory).
fn app() -> &'static App {
    static APP: OnceLock<App> = OnceLock::new();
    APP.get_or_init(|| start("api-shared", load))
}

fn url(path: &str) -> String {
    format!("{}/api{path}", app().base)
}

/// Validators, compiled once per schema file (the compiled nested schemas are megabytes).
fn check(schema: &str, doc: &Value, what: &str) {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static jsonschema::Validator>>> =
        OnceLock::new();
    let v = {
        let mut m = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        *m.entry(schema.to_string())
            .or_insert_with(|| Box::leak(Box::new(validator(schema))))
    };
    let errs = errors(v, doc);
    assert!(
        errs.is_empty(),
        "{what}: not valid against {schema}:\n{}",
        errs.join("\n")
    );
}

/// The official Page envelope, every field present and consistent.
fn check_page(doc: &Value, per_page: u64, what: &str) -> Vec<Value> {
    for k in [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ] {
        assert!(doc.get(k).is_some(), "{what}: envelope without {k}: {doc}");
    }
    let total = doc["total_items"].as_u64().expect("total_items");
    let pages = doc["total_pages"].as_u64().expect("total_pages");
    let page = doc["page_number"].as_u64().expect("page_number");
    let contents = doc["contents"].as_array().expect("contents").clone();
    assert_eq!(pages, total.div_ceil(per_page), "{what}");
    assert_eq!(doc["size"].as_u64(), Some(contents.len() as u64), "{what}");
    assert_eq!(doc["first_page"].as_bool(), Some(page == 1), "{what}");
    assert_eq!(doc["last_page"].as_bool(), Some(page >= pages), "{what}");
    assert_eq!(doc["empty"].as_bool(), Some(contents.is_empty()), "{what}");
    contents
}

/// GET a list and validate the envelope and each item; returns the items.
fn list(path: &str, item_schema: &str) -> Vec<Value> {
    let r = get(&url(path));
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
    let doc = r.json();
    let per_page = path
        .split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("per_page="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let items = check_page(&doc, per_page, path);
    for (i, it) in items.iter().enumerate() {
        check(item_schema, it, &format!("{path} item {i}"));
    }
    items
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|v| v["id"].as_str().expect("id").to_string())
        .collect()
}

/// Every id of a list, by walking its pages.
fn walk(path: &str, per_page: u64, item_schema: &str) -> Vec<String> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut out = Vec::new();
    let mut page = 1;
    loop {
        let items = list(
            &format!("{path}{sep}page={page}&per_page={per_page}"),
            item_schema,
        );
        if items.is_empty() {
            break;
        }
        out.extend(ids(&items));
        page += 1;
        assert!(page < 1000, "{path}: pages never end");
    }
    out
}

fn ndjson(path: &str) -> Vec<Value> {
    let r = get(&url(path));
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    assert_eq!(r.header("content-type"), Some("application/x-ndjson"));
    r.text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}: {l}")))
        .collect()
}

fn problem(path: &str, status: u16, param: Option<&str>) -> Value {
    let r = get(&url(path));
    assert_eq!(r.status, status, "{path}: {}", r.text());
    assert_eq!(
        r.header("content-type"),
        Some("application/problem+json"),
        "{path}"
    );
    let p = r.json();
    assert_eq!(p["status"].as_u64(), Some(u64::from(status)), "{path}");
    for k in ["type", "title", "detail"] {
        assert!(p[k].as_str().is_some_and(|s| !s.is_empty()), "{path}: {p}");
    }
    if let Some(name) = param {
        assert_eq!(p["parameter"].as_str(), Some(name), "{path}: {p}");
        assert!(
            p["detail"].as_str().is_some_and(|d| d.contains(name)),
            "{path}: the detail should name {name}: {p}"
        );
    }
    p
}

// ---------------------------------------------------------------------------------------------

#[test]
fn the_root_says_which_hsds_version_and_where_the_openapi_document_is() {
    let r = get(&url("/"));
    assert_eq!(r.status, 200, "{}", r.text());
    let doc = r.json();
    assert_eq!(doc["version"], "3.0");
    let oa = doc["openapi_url"].as_str().expect("openapi_url");
    assert_eq!(oa, format!("{}/api/openapi.json", app().base));
    assert!(doc["profile"]
        .as_str()
        .is_some_and(|p| p.starts_with("https://")));
    assert_eq!(get(oa).status, 200);
}

#[test]
fn every_list_and_detail_response_validates_against_the_official_schemas() {
    let svc = "compiled/service_list.json";
    let svc_full = "compiled/service.json.gz";
    for path in [
        "/services",
        "/services?minimal=true",
        "/services?search=shelter",
        "/services?lat=40.75&lon=-73.98",
        "/services?lat=40.75&lon=-73.98&radius_km=3&language=es&free=true",
        "/services?open_now=true",
        "/services?taxonomy_term_id=shelter",
        "/services?organization_id=00000003-0000-4000-8000-000000000001",
    ] {
        assert!(!list(path, svc).is_empty(), "{path} found nothing");
    }
    let full = list("/services?full=true&per_page=20", svc_full);
    assert!(full
        .iter()
        .any(|s| s["phones"].as_array().is_some_and(|p| !p.is_empty())));
    for id in ids(&list("/services?per_page=1000", svc)) {
        let r = get(&url(&format!("/services/{id}")));
        assert_eq!(r.status, 200);
        check(svc_full, &r.json(), &format!("/services/{id}"));
    }
    // The official example, fully nested, as the official file nests it.
    let ex = get(&url("/services/ac148810-d857-441c-9679-408f346de14b")).json();
    for k in [
        "organization",
        "phones",
        "schedules",
        "service_at_locations",
        "languages",
        "cost_options",
    ] {
        assert!(ex.get(k).is_some(), "the example service lacks {k}: {ex}");
    }
    assert!(ex["service_at_locations"][0]["location"]["addresses"].is_array());
    assert!(
        ex["organization"].get("services").is_none(),
        "no cycle back"
    );

    let org = "compiled/organization_list.json";
    let org_full = "compiled/organization.json.gz";
    let orgs = list("/organizations", org);
    assert_eq!(orgs.len(), 4);
    list("/organizations?search=branch", org);
    for it in list("/organizations?full=true", org_full) {
        assert!(it["services"].is_array());
    }
    for it in list("/organizations?full_service=true", org_full) {
        assert!(it["services"].is_array());
    }
    for id in ids(&orgs) {
        for q in ["", "?full_service=true"] {
            let r = get(&url(&format!("/organizations/{id}{q}")));
            assert_eq!(r.status, 200);
            check(org_full, &r.json(), &format!("/organizations/{id}{q}"));
        }
    }

    let tax = list("/taxonomies", "taxonomy.json");
    assert!(tax.len() >= 2);
    for id in ids(&tax) {
        check(
            "taxonomy.json",
            &get(&url(&format!("/taxonomies/{id}"))).json(),
            &id,
        );
    }
    let terms = list("/taxonomy_terms", "taxonomy_term.json");
    for id in ids(&terms) {
        check(
            "taxonomy_term.json",
            &get(&url(&format!("/taxonomy_terms/{id}"))).json(),
            &id,
        );
    }

    let sal = "compiled/service_at_location_list.json";
    let sal_full = "compiled/service_at_location.json.gz";
    let sals = list("/service_at_locations", sal);
    assert!(sals
        .iter()
        .any(|s| s["location"].is_object() && s["service"].is_object()));
    list("/service_at_locations?postcode=10001&proximity=3000", sal);
    list("/service_at_locations?full=true&per_page=10", sal_full);
    for id in ids(&list("/service_at_locations?per_page=1000", sal))
        .iter()
        .take(40)
    {
        let r = get(&url(&format!("/service_at_locations/{id}")));
        assert_eq!(r.status, 200);
        let doc = r.json();
        // The official file says "service" here; the intent (and haven) is the service_at_location.
        check(sal_full, &doc, &format!("/service_at_locations/{id}"));
        assert!(doc["service"].is_object() && doc["location"].is_object());
    }
}

#[test]
fn pages_walk_every_list_with_no_duplicates_and_no_gaps_and_ndjson_streams_the_same_set() {
    for (path, schema, table) in [
        (
            "/services",
            "compiled/service_list.json",
            hsds::Table::Service,
        ),
        (
            "/organizations",
            "compiled/organization_list.json",
            hsds::Table::Organization,
        ),
        ("/taxonomies", "taxonomy.json", hsds::Table::Taxonomy),
        (
            "/taxonomy_terms",
            "taxonomy_term.json",
            hsds::Table::TaxonomyTerm,
        ),
        (
            "/service_at_locations",
            "compiled/service_at_location_list.json",
            hsds::Table::ServiceAtLocation,
        ),
    ] {
        let st = store::open(&app().store_url).expect("store");
        let mut want = Vec::new();
        st.for_each(table, &mut |r| {
            want.push(hsds::record_id(&r).unwrap_or_default().to_string());
            Ok(())
        })
        .expect("for_each");
        let walked = walk(path, 7, schema);
        let set: BTreeSet<&String> = walked.iter().collect();
        assert_eq!(set.len(), walked.len(), "{path}: duplicates across pages");
        assert_eq!(walked, want, "{path}: pages are the table in id order");
        // Same order again, with a different page size.
        assert_eq!(
            walk(path, 50, schema),
            walked,
            "{path}: stable across page sizes"
        );
        let streamed = ids(&ndjson(&format!("{path}?format=ndjson")));
        assert_eq!(
            streamed, walked,
            "{path}: ndjson is the same set in the same order"
        );
    }
    // A search pages and streams the same way.
    let q = "/services?lat=40.8&lon=-73.9";
    let walked = walk(q, 9, "compiled/service_list.json");
    assert_eq!(ids(&ndjson(&format!("{q}&format=ndjson"))), walked);
    let set: BTreeSet<&String> = walked.iter().collect();
    assert_eq!(set.len(), walked.len());
}

#[test]
fn the_search_extensions_use_the_index_and_say_how_far() {
    let near = list(
        "/services?lat=40.70&lon=-74.00&per_page=1000",
        "compiled/service_list.json",
    );
    let km: Vec<f64> = near
        .iter()
        .map(|s| s["distance_km"].as_f64().expect("distance_km"))
        .collect();
    assert!(km.windows(2).all(|w| w[0] <= w[1]), "nearest first: {km:?}");
    assert_eq!(near[0]["name"], "Test service 000");
    // Inactive services are left out of searches, as on the public pages.
    assert!(near.iter().all(|s| s["status"] == "active"));
    let r3 = list(
        "/services?lat=40.70&lon=-74.00&radius_km=3&per_page=1000",
        "compiled/service_list.json",
    );
    assert!(!r3.is_empty() && r3.len() < near.len());
    assert!(r3.iter().all(|s| s["distance_km"].as_f64() <= Some(3.0)));
    let es = list(
        "/services?language=es&per_page=1000",
        "compiled/service_list.json",
    );
    assert!(!es.is_empty());
    assert!(es.iter().all(|s| {
        let n: usize = s["name"].as_str().unwrap_or("")[13..].parse().unwrap_or(1);
        n.is_multiple_of(2)
    }));
    let free = list(
        "/services?free=true&per_page=1000",
        "compiled/service_list.json",
    );
    assert!(free.iter().all(|s| {
        let n: usize = s["name"].as_str().unwrap_or("")[13..].parse().unwrap_or(1);
        n.is_multiple_of(3)
    }));
    // A term includes its sub-terms: shelter = shelter + youth shelter.
    let shelter = list(
        "/services?taxonomy_term_id=00000002-0000-4000-8000-000000000001&per_page=1000",
        "compiled/service_list.json",
    );
    let youth = list(
        "/services?taxonomy_term_id=00000002-0000-4000-8000-000000000002&per_page=1000",
        "compiled/service_list.json",
    );
    assert!(youth.len() < shelter.len() && !youth.is_empty());
    let by_tax = list(
        "/services?taxonomy_id=00000001-0000-4000-8000-000000000001&per_page=1000",
        "compiled/service_list.json",
    );
    assert_eq!(by_tax.len(), SERVICES);
    // Text: every active service that says "shelter" is found (the index also reads the
    // service types, so more may match).
    let text = ids(&list(
        "/services?search=shelter&per_page=1000",
        "compiled/service_list.json",
    ));
    for i in (0..SERVICES).filter(|i| i.is_multiple_of(4) && i % 10 != 9) {
        assert!(text.contains(&uid(4, i)), "service {i} says shelter");
    }
    // Postcode and proximity (metres) on service_at_locations.
    let sals = list(
        "/service_at_locations?postcode=10001&proximity=5000&per_page=1000",
        "compiled/service_at_location_list.json",
    );
    assert!(!sals.is_empty());
    assert!(sals.iter().all(|s| s["distance_km"].as_f64() <= Some(5.0)));
    // Minimal is just that.
    for s in list("/services?minimal=true", "compiled/service_list.json") {
        let keys: BTreeSet<&str> = s
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert!(
            keys.is_subset(&BTreeSet::from([
                "id",
                "name",
                "status",
                "last_modified",
                "modified_at"
            ])),
            "{keys:?}"
        );
    }
}

#[test]
fn bad_parameters_are_400_problem_details_naming_the_parameter() {
    for (path, param) in [
        ("/services?page=0", "page"),
        ("/services?page=abc", "page"),
        ("/services?page=", "page"),
        ("/taxonomies?modified_after=", "modified_after"),
        ("/services?per_page=1001", "per_page"),
        ("/services?per_page=-1", "per_page"),
        ("/services?format=xml", "format"),
        ("/services?full=maybe", "full"),
        ("/services?minimal=true&full=true", "minimal"),
        ("/services?modified_after=yesterday", "modified_after"),
        ("/services?lat=40", "lon"),
        ("/services?lat=91&lon=0", "lat"),
        ("/services?lat=40&lon=NaN", "lon"),
        ("/services?radius_km=5", "radius_km"),
        ("/services?lat=1&lon=1&radius_km=0", "radius_km"),
        ("/services?open_at=soon", "open_at"),
        (
            "/services?open_now=true&open_at=2025-01-01T00:00:00Z",
            "open_at",
        ),
        ("/services?postcode=10001", "postcode"),
        ("/services?pgae=2", "pgae"),
        ("/services?page=1&page=2", "page"),
        ("/organizations?full_service=nah", "full_service"),
        ("/organizations/x?full=true", "full"),
        ("/taxonomy_terms?top_only=2", "top_only"),
        ("/service_at_locations?postcode=00000", "postcode"),
        ("/service_at_locations?proximity=100", "proximity"),
        (
            "/service_at_locations?postcode=10001&lat=1&lon=1",
            "postcode",
        ),
        (
            "/service_at_locations?proximity=-5&postcode=10001",
            "proximity",
        ),
        ("/taxonomies?search=x&format=csv", "format"),
        ("/services/x?page=2", "page"),
    ] {
        problem(path, 400, Some(param));
    }
}

#[test]
fn unknown_ids_and_paths_are_404_problem_details() {
    for path in [
        "/services/00000000-0000-4000-8000-00000000dead",
        "/services/not-a-uuid",
        "/organizations/nope",
        "/taxonomies/nope",
        "/taxonomy_terms/nope",
        "/service_at_locations/nope",
    ] {
        problem(path, 404, Some("id"));
    }
    problem("/nothing-here", 404, None);
    let r = request("POST", &url("/services"), &[]);
    assert_eq!(r.status, 405);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    // Filters that match nothing are empty pages, not errors.
    let empty = get(&url("/services?organization_id=nope")).json();
    assert_eq!(empty["total_items"], 0);
    assert_eq!(empty["empty"], true);
    assert_eq!(empty["total_pages"], 0);
    let beyond = get(&url("/services?page=999")).json();
    assert_eq!(beyond["empty"], true);
    assert!(beyond["total_items"].as_u64() > Some(0));
}

#[test]
fn etags_answer_304_and_responses_say_how_to_cache() {
    for path in [
        "/services?per_page=5",
        "/services/ac148810-d857-441c-9679-408f346de14b",
        "/openapi.json",
        "/docs",
        "/",
    ] {
        let r = get(&url(path));
        assert_eq!(r.status, 200, "{path}");
        let tag = r.header("etag").expect("etag").to_string();
        assert!(tag.starts_with("W/\""), "{tag}");
        assert!(
            r.header("cache-control")
                .is_some_and(|c| c.starts_with("public")),
            "{path}"
        );
        let again = request("GET", &url(path), &[("If-None-Match", &tag)]);
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(tag.as_str()));
        let other = request("GET", &url(path), &[("If-None-Match", "W/\"nope\"")]);
        assert_eq!(other.status, 200);
        // The same request gives the same tag; another page another one.
        assert_eq!(get(&url(path)).header("etag"), Some(tag.as_str()));
    }
    assert_ne!(
        get(&url("/services?per_page=5")).header("etag"),
        get(&url("/services?per_page=5&page=2")).header("etag")
    );
    // Errors are not cached.
    assert_eq!(
        get(&url("/services?page=0")).header("cache-control"),
        Some("no-store")
    );
}

#[test]
fn responses_are_gzipped_on_request_and_open_to_other_origins() {
    let plain = get(&url("/services?per_page=100"));
    let r = request(
        "GET",
        &url("/services?per_page=100"),
        &[("Accept-Encoding", "gzip")],
    );
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&r.body[..])
        .read_to_end(&mut out)
        .expect("gunzip");
    assert_eq!(out, plain.body);
    assert!(r.body.len() < plain.body.len() / 3);
    assert_eq!(plain.header("access-control-allow-origin"), Some("*"));
    let pre = request(
        "OPTIONS",
        &url("/services"),
        &[
            ("Origin", "https://partner.example"),
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "if-none-match"),
        ],
    );
    assert_eq!(pre.status, 204);
    assert_eq!(pre.header("access-control-allow-origin"), Some("*"));
    assert!(pre
        .header("access-control-allow-methods")
        .is_some_and(|m| m.contains("GET")));
    assert!(pre
        .header("access-control-allow-headers")
        .is_some_and(|m| m.contains("If-None-Match")));
    // The site's security headers hold for the API too.
    assert!(plain.header("content-security-policy").is_some());
    assert!(plain.header("set-cookie").is_none());
    let head = request("HEAD", &url("/services"), &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

#[test]
fn modified_after_returns_exactly_what_the_second_import_changed() {
    let own = start("api-sync", load);
    let st = store::open(&own.store_url).expect("store");
    let before = st.last_change().expect("seq");
    drop(st);
    std::thread::sleep(std::time::Duration::from_millis(30));
    let cut = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    std::thread::sleep(std::time::Duration::from_millis(30));
    // The second import: two services renamed, one added, one organization changed, the rest
    // sent again unchanged.
    let mut rows = synthetic();
    for (t, r) in rows.iter_mut() {
        let id = r["id"].as_str().unwrap_or_default().to_string();
        if *t == hsds::Table::Service && (id == uid(4, 5) || id == uid(4, 77)) {
            r.insert("name".into(), Value::from(format!("Renamed {id}")));
        }
        if *t == hsds::Table::Organization && id == uid(3, 2) {
            r.insert("email".into(), Value::from("new@example.org"));
        }
    }
    rows.push((
        hsds::Table::Service,
        serde_json::from_value(
            serde_json::json!({"id": uid(4, 900), "organization_id": uid(3, 0),
            "name": "Brand new", "status": "active"}),
        )
        .expect("record"),
    ));
    let cached = get(&format!("{}/api/services?per_page=1000", own.base)).text();
    assert!(!cached.contains("Renamed"));
    import(&own.store_url, &rows);
    // The response cache lets go once the index has seen the change.
    let mut fresh = false;
    for _ in 0..100 {
        if get(&format!("{}/api/services?per_page=1000", own.base))
            .text()
            .contains("Renamed")
        {
            fresh = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        fresh,
        "a cached list still showed the old names after the refresh"
    );
    let st = store::open(&own.store_url).expect("store");
    assert_eq!(
        st.last_change().expect("seq"),
        before + 4,
        "exactly four changes"
    );
    let q = |path: &str| get(&format!("{}/api{path}", own.base));
    let enc = cut.replace('+', "%2B");
    let changed = q(&format!("/services?modified_after={enc}")).json();
    let mut want = vec![uid(4, 5), uid(4, 77), uid(4, 900)];
    want.sort();
    assert_eq!(ids(changed["contents"].as_array().expect("contents")), want);
    assert_eq!(changed["total_items"], 3);
    for s in changed["contents"].as_array().expect("contents") {
        assert!(s["modified_at"].as_str() >= Some(cut.as_str()));
        check("compiled/service_list.json", s, "changed service");
    }
    let streamed: Vec<String> = q(&format!(
        "/services?modified_after={enc}&format=ndjson&minimal=true"
    ))
    .text()
    .lines()
    .map(|l| {
        serde_json::from_str::<Value>(l).expect("line")["id"]
            .as_str()
            .unwrap_or("")
            .to_string()
    })
    .collect();
    assert_eq!(streamed, want);
    let orgs = q(&format!("/organizations?modified_after={enc}")).json();
    assert_eq!(
        ids(orgs["contents"].as_array().expect("contents")),
        vec![uid(3, 2)]
    );
    assert_eq!(
        q(&format!("/service_at_locations?modified_after={enc}")).json()["total_items"],
        0
    );
    // With a filter too, and a date in the future: nothing.
    let org0 = q(&format!(
        "/services?modified_after={enc}&organization_id={}",
        uid(3, 0)
    ))
    .json();
    assert_eq!(
        ids(org0["contents"].as_array().expect("contents")),
        vec![uid(4, 900)]
    );
    assert_eq!(
        q("/services?modified_after=2999-01-01").json()["total_items"],
        0
    );
    // Before everything: all of it.
    let all = q("/services?modified_after=2000-01-01").json();
    assert_eq!(all["total_items"].as_u64(), Some(SERVICES as u64 + 2));
}

#[test]
fn taxonomy_terms_filter_by_taxonomy_parent_and_top_level() {
    let tax = "00000001-0000-4000-8000-000000000001";
    let all = ids(&list(
        &format!("/taxonomy_terms?taxonomy_id={tax}"),
        "taxonomy_term.json",
    ));
    assert_eq!(all.len(), 3);
    let top = ids(&list(
        &format!("/taxonomy_terms?taxonomy_id={tax}&top_only=true"),
        "taxonomy_term.json",
    ));
    assert_eq!(top, vec![uid(2, 1), uid(2, 3)]);
    let kids = ids(&list(
        &format!("/taxonomy_terms?parent_id={}", uid(2, 1)),
        "taxonomy_term.json",
    ));
    assert_eq!(kids, vec![uid(2, 2)]);
    let t = get(&url(&format!("/taxonomy_terms/{}", uid(2, 2)))).json();
    assert_eq!(t["taxonomy_detail"]["id"], tax);
    let found = ids(&list("/taxonomy_terms?search=youth", "taxonomy_term.json"));
    assert_eq!(found, vec![uid(2, 2)]);
}

#[test]
fn per_page_is_capped_at_1000() {
    let r = get(&url("/services?per_page=1000")).json();
    assert_eq!(r["size"].as_u64(), Some(SERVICES as u64 + 1));
    let p = problem("/services?per_page=1001", 400, Some("per_page"));
    assert!(p["detail"].as_str().is_some_and(|d| d.contains("1000")));
}

#[test]
fn the_docs_page_is_plain_html_with_no_script_and_nothing_from_elsewhere() {
    let r = get(&url("/docs"));
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let html = r.text();
    assert!(!html.contains("<script"), "no script");
    assert!(!html.contains(" style="), "no inline style (CSP)");
    for attr in ["src=\"http", "src=\"//"] {
        assert!(
            !html.contains(attr),
            "nothing loaded from another origin: {attr}"
        );
    }
    for link in html.split("<link ").skip(1) {
        assert!(
            link.contains("href=\"/assets/"),
            "only our own stylesheet: {link}"
        );
    }
    for must in [
        "GET /api/services",
        "modified_after",
        "distance_km",
        "problem-bad-parameter",
        "1000",
        "service_at_locations/{id}",
    ] {
        assert!(html.contains(must), "the docs should mention {must}");
    }
    assert!(r
        .header("content-security-policy")
        .is_some_and(|c| c.contains("script-src 'self'")));
}

/// The official example service and organization, with a synthetic Spanish translation.
const EX_SVC: &str = "ac148810-d857-441c-9679-408f346de14b";
const EX_ORG: &str = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610";

fn translated_app() -> &'static App {
    static APP: OnceLock<App> = OnceLock::new();
    APP.get_or_init(|| {
        start("api-translations", |url| {
            load(url);
            let rec = |n: u32, t: &str, id: &str, field: &str, value: &str| {
                serde_json::json!({"id": format!("00000000-0000-4000-8000-{n:012}"),
                    "resource_type": t, "resource_id": id, "field_name": field,
                    "language": "es", "value": value})
                .as_object()
                .cloned()
                .unwrap_or_default()
            };
            import(
                url,
                &[
                    (
                        hsds::Table::Translation,
                        rec(
                            1,
                            "service",
                            EX_SVC,
                            "description",
                            "Consejería (traducción de prueba)",
                        ),
                    ),
                    (
                        hsds::Table::Translation,
                        rec(
                            2,
                            "organization",
                            EX_ORG,
                            "description",
                            "Organización de ejemplo (traducción de prueba)",
                        ),
                    ),
                ],
            );
        })
    })
}

#[test]
fn lang_and_accept_language_give_directory_text_in_spanish_with_each_fields_language() {
    let base = format!("{}/api", translated_app().base);
    for (path, headers) in [
        (format!("/services/{EX_SVC}?lang=es"), vec![]),
        (
            format!("/services/{EX_SVC}"),
            vec![("Accept-Language", "es-MX,es;q=0.9,en;q=0.5")],
        ),
    ] {
        let r = request("GET", &format!("{base}{path}"), &headers);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(
            r.header("content-language"),
            Some(if headers.is_empty() { "es" } else { "es-MX" })
        );
        assert!(
            r.header("vary")
                .is_some_and(|v| v.contains("Accept-Language")),
            "{path}"
        );
        let doc = r.json();
        check("compiled/service.json.gz", &doc, &path);
        assert_eq!(doc["description"], "Consejería (traducción de prueba)");
        assert_eq!(doc["x_haven_languages"]["description"], "es");
        assert_eq!(doc["x_haven_languages"]["name"], "en");
        assert_eq!(
            doc["organization"]["description"],
            "Organización de ejemplo (traducción de prueba)"
        );
        assert_eq!(
            doc["organization"]["x_haven_languages"]["description"],
            "es"
        );
    }
    // English, or nothing asked: the directory's text, unchanged and without the member.
    for (path, headers) in [
        (format!("/services/{EX_SVC}"), vec![]),
        (
            format!("/services/{EX_SVC}?lang=en"),
            vec![("Accept-Language", "es")],
        ),
    ] {
        let doc = request("GET", &format!("{base}{path}"), &headers).json();
        assert!(
            doc["description"]
                .as_str()
                .is_some_and(|d| d.starts_with("Counselling")),
            "{path}"
        );
        assert!(doc.get("x_haven_languages").is_none(), "{path}");
    }
    let org = get(&format!("{base}/organizations/{EX_ORG}?lang=es")).json();
    check(
        "compiled/organization.json.gz",
        &org,
        "organization in Spanish",
    );
    assert_eq!(org["x_haven_languages"]["description"], "es");
    // A language that is not a tag is a 400 naming the parameter.
    let bad = get(&format!("{base}/services/{EX_SVC}?lang=espa%C3%B1ol"));
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("lang"), "{}", bad.text());
}
