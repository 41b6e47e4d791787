//! A confidential location (a shelter, a safe house) never leaves haven with its street address
//! or precise coordinates: not in any page, any API form, any search output or any export,
//! unless an operator asks `haven export --include-confidential` for a trusted backup.

mod support;

use support::haven;

use std::path::Path;

const ORG: &str = "0c1f7f62-5c44-4c31-9f0e-7a3c3f0a0001";
const SERVICE: &str = "0c1f7f62-5c44-4c31-9f0e-7a3c3f0a0002";
const SHELTER: &str = "0c1f7f62-5c44-4c31-9f0e-7a3c3f0a0003";
const STREET: &str = "731 Quietwater Row";
const LAT: &str = "40.7481234";
const LON: &str = "-73.9912345";

/// A one-shelter directory (test data, not a real organization), marked confidential the
/// documented way: an attribute linking the location to a `confidential-location` term.
fn fixture(dir: &Path) -> std::path::PathBuf {
    let doc = serde_json::json!({
        "organization": [{"id": ORG, "name": "Test Shelter Org (test data)", "description": "test data"}],
        "service": [{"id": SERVICE, "organization_id": ORG, "name": "Test emergency shelter (test data)", "status": "active"}],
        "location": [{"id": SHELTER, "name": "Test shelter site (test data)", "location_type": "physical",
                       "latitude": LAT.parse::<f64>().unwrap(), "longitude": LON.parse::<f64>().unwrap(),
                       "transportation": "behind the Quietwater laundromat"}],
        "address": [{"id": "0c1f7f62-5c44-4c31-9f0e-7a3c3f0a0004", "location_id": SHELTER, "address_1": STREET,
                      "city": "New York", "state_province": "NY", "postal_code": "10001", "country": "US", "address_type": "physical"}],
        "service_at_location": [{"id": "0c1f7f62-5c44-4c31-9f0e-7a3c3f0a0005", "service_id": SERVICE, "location_id": SHELTER}],
        "phone": [{"id": "0c1f7f62-5c44-4c31-9f0e-7a3c3f0a0006", "service_id": SERVICE, "number": "212-555-0100", "type": "voice"}],
        "taxonomy": [{"id": "0c1f7f62-5c44-4c31-9f0e-7a3c3f0a0007", "name": "haven", "description": "test taxonomy"}],
        "taxonomy_term": [{"id": "0c1f7f62-5c44-4c31-9f0e-7a3c3f0a0008", "code": "confidential-location",
                           "name": "Confidential location", "description": "address not shown",
                           "taxonomy_id": "0c1f7f62-5c44-4c31-9f0e-7a3c3f0a0007"}],
        "attribute": [{"id": "0c1f7f62-5c44-4c31-9f0e-7a3c3f0a0009", "link_id": SHELTER, "link_entity": "location",
                        "link_type": "confidential", "taxonomy_term_id": "0c1f7f62-5c44-4c31-9f0e-7a3c3f0a0008"}]
    });
    let p = dir.join("shelter.json");
    std::fs::write(&p, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    p
}

/// What would place the shelter: its street, its precise coordinates (any 4+ decimals of them),
/// its directions.
fn leaks(text: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    for (what, needle) in [
        ("street", STREET),
        ("street", "Quietwater Row"),
        ("latitude", "40.7481"),
        ("longitude", "-73.9912"),
        ("directions", "laundromat"),
    ] {
        if text.contains(needle) {
            found.push(what);
        }
    }
    found
}

fn all_files_under(p: &Path) -> String {
    let mut out = String::new();
    if p.is_dir() {
        for e in std::fs::read_dir(p).unwrap() {
            out.push_str(&all_files_under(&e.unwrap().path()));
        }
    } else {
        out.push_str(&std::fs::read_to_string(p).unwrap_or_default());
    }
    out
}

#[test]
fn exports_leave_out_confidential_addresses_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = fixture(d);
    haven(
        d,
        &["--db", "sqlite:h.sqlite", "import", file.to_str().unwrap()],
    );
    for format in ["json", "ndjson"] {
        let text = haven(
            d,
            &[
                "--db",
                "sqlite:h.sqlite",
                "export",
                "--format",
                format,
                "--out",
                "-",
            ],
        );
        assert!(
            leaks(&text).is_empty(),
            "{format} export leaks {:?}",
            leaks(&text)
        );
        assert!(
            text.contains("Test shelter site (test data)"),
            "the shelter is still listed"
        );
        assert!(text.contains("212-555-0100"), "and reachable by phone");
    }
    haven(
        d,
        &[
            "--db",
            "sqlite:h.sqlite",
            "export",
            "--format",
            "datapackage",
            "--out",
            "pkg",
        ],
    );
    let text = all_files_under(&d.join("pkg"));
    assert!(
        leaks(&text).is_empty(),
        "datapackage leaks {:?}",
        leaks(&text)
    );
    // The explicit flag is a faithful copy.
    let full = haven(
        d,
        &[
            "--db",
            "sqlite:h.sqlite",
            "export",
            "--format",
            "ndjson",
            "--out",
            "-",
            "--include-confidential",
        ],
    );
    assert_eq!(
        leaks(&full),
        ["street", "street", "latitude", "longitude", "directions"]
    );
}

#[test]
fn pages_and_the_api_never_show_a_confidential_address() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = fixture(d);
    let db = format!("sqlite:{}", d.join("h.sqlite").display());
    haven(d, &["--db", &db, "import", file.to_str().unwrap()]);
    let server = support::serve(&db);
    let a = &server.addr;
    for path in [
        format!("/services/{SERVICE}"),
        format!("/es/services/{SERVICE}"),
        "/find?near=10001".to_string(),
        "/find?near=40.75,-73.99&q=shelter".to_string(),
        format!("/api/services/{SERVICE}"),
        "/api/service_at_locations".to_string(),
        "/api/service_at_locations?format=ndjson".to_string(),
        "/api/services?lat=40.75&lon=-73.99".to_string(),
        "/api/services?format=ndjson".to_string(),
        "/api/organizations?format=ndjson".to_string(),
        "/api/service_at_locations?postcode=10001".to_string(),
        format!("/api/organizations/{ORG}"),
    ] {
        let (status, body) = support::get(a, &path);
        assert_eq!(status, 200, "{path}");
        assert!(
            leaks(&body).is_empty(),
            "{path} leaks {:?}:\n{body}",
            leaks(&body)
        );
    }
    let (status, body) = support::get(a, &format!("/services/{SERVICE}"));
    assert_eq!(status, 200);
    assert!(
        body.contains("212-555-0100"),
        "the page still gives the phone"
    );
}
