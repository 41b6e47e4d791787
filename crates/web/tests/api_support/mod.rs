//! What the API tests share: the real app on a random port over a store holding the official
//! HSDS 3.0 examples plus a small synthetic directory (130 services in and around New York,
//! with places, phones, languages, costs, schedules and taxonomy terms), a tiny HTTP client,
//! and validators built from the official schemas.
//!
//! The store is a SQLite file, or with `HAVEN_TEST_API_BACKEND=postgres` a fresh PostgreSQL
//! database on the server `HAVEN_TEST_POSTGRES` names (`scripts/test.sh` runs the API tests
//! both ways), so every API answer is checked on both backends.
#![allow(dead_code)]

use hsds::{Record, Table};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How many synthetic services the fixture adds to the examples.
pub const SERVICES: usize = 130;

/// Where a test's store lives (inside the target dir, replaced on every run).
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The crate's copy of the official specification.
pub fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../hsds/spec/v3.0")
}

/// A deterministic UUID for record `n` of a table (the schemas require UUID ids).
pub fn uid(table: u16, n: usize) -> String {
    format!("{table:08x}-0000-4000-8000-{n:012x}")
}

fn rec(v: Value) -> Record {
    match v {
        Value::Object(m) => m,
        other => panic!("fixture is not an object: {other}"),
    }
}

/// The synthetic directory: `SERVICES` services of 3 organizations, each at its own location
/// on a line going north-east from lower Manhattan.
pub fn synthetic() -> Vec<(Table, Record)> {
    let mut out = Vec::new();
    let tax = uid(1, 1);
    out.push((
        Table::Taxonomy,
        rec(json!({"id": tax, "name": "haven test types", "description": "Service types for tests", "version": "1"})),
    ));
    let shelter = uid(2, 1);
    let youth = uid(2, 2);
    let hotline = uid(2, 3);
    for (id, code, name, parent) in [
        (&shelter, "shelter", "Shelter", None),
        (&youth, "shelter-youth", "Youth shelter", Some(&shelter)),
        (&hotline, "hotline", "Hotline", None),
    ] {
        let mut t = json!({"id": id, "code": code, "name": name, "description": format!("{name} services"),
                           "taxonomy": "haven test types", "taxonomy_id": tax});
        if let Some(p) = parent {
            t["parent_id"] = json!(p);
        }
        out.push((Table::TaxonomyTerm, rec(t)));
    }
    for o in 0..3 {
        out.push((
            Table::Organization,
            rec(json!({"id": uid(3, o), "name": format!("Test Organization {o}"),
                       "description": format!("Helps people, branch {o}"), "email": "help@example.org"})),
        ));
    }
    for i in 0..SERVICES {
        let sid = uid(4, i);
        let lid = uid(5, i);
        let status = if i % 10 == 9 { "inactive" } else { "active" };
        out.push((
            Table::Service,
            rec(json!({"id": sid, "organization_id": uid(3, i % 3), "name": format!("Test service {i:03}"),
                       "description": if i.is_multiple_of(4) { "Emergency shelter beds" } else { "Counselling and legal advice" },
                       "status": status, "email": "service@example.org"})),
        ));
        out.push((
            Table::Location,
            rec(json!({"id": lid, "location_type": "physical", "organization_id": uid(3, i % 3),
                       "name": format!("Place {i}"),
                       "latitude": 40.70 + (i as f64) * 0.005, "longitude": -74.00 + (i as f64) * 0.004})),
        ));
        out.push((
            Table::ServiceAtLocation,
            rec(json!({"id": uid(6, i), "service_id": sid, "location_id": lid, "description": "here"})),
        ));
        out.push((
            Table::Phone,
            rec(json!({"id": uid(7, i), "service_id": sid, "number": format!("212-555-{:04}", i)})),
        ));
        out.push((
            Table::Address,
            rec(
                json!({"id": uid(8, i), "location_id": lid, "address_1": format!("{i} Test Street"),
                       "city": "New York", "state_province": "NY", "postal_code": "10001",
                       "country": "US", "address_type": "physical"}),
            ),
        ));
        if i.is_multiple_of(2) {
            out.push((
                Table::Language,
                rec(json!({"id": uid(9, i), "service_id": sid, "name": "Spanish", "code": "es"})),
            ));
        }
        if i.is_multiple_of(3) {
            out.push((
                Table::CostOption,
                rec(json!({"id": uid(10, i), "service_id": sid, "option": "Free", "amount": 0})),
            ));
        }
        if i.is_multiple_of(5) {
            out.push((
                Table::Schedule,
                rec(json!({"id": uid(11, i), "service_id": sid, "freq": "WEEKLY",
                           "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "23:59",
                           "description": "Every day"})),
            ));
        }
        let term = match i % 3 {
            0 => &shelter,
            1 => &youth,
            _ => &hotline,
        };
        out.push((
            Table::Attribute,
            rec(
                json!({"id": uid(12, i), "link_id": sid, "link_type": "service_type",
                       "link_entity": "service", "taxonomy_term_id": term}),
            ),
        ));
    }
    out
}

/// Write rows in one import.
pub fn import(url: &str, rows: &[(Table, Record)]) {
    let mut st = store::open(url).expect("open store");
    let mut tx = st.begin().expect("begin");
    for (t, r) in rows {
        tx.upsert(*t, r).expect("upsert");
    }
    tx.commit().expect("commit");
}

/// Load the official CSV example and the synthetic directory, as two imports.
pub fn load(url: &str) {
    let mut c = hsds::io::Collect::default();
    hsds::io::read_datapackage_dir(&spec_dir().join("examples/csv"), &mut c)
        .expect("read the official example");
    let rows: Vec<(Table, Record)> = c
        .directory
        .tables
        .iter()
        .flat_map(|(t, rows)| rows.iter().map(|(r, _)| (*t, r.clone())))
        .collect();
    import(url, &rows);
    import(url, &synthetic());
}

/// A running app: its base URL and its store URL.
pub struct App {
    /// e.g. `http://127.0.0.1:40123`
    pub base: String,
    /// The store it serves.
    pub store_url: String,
}

/// The variable that picks the backend of [`start`]'s store: `sqlite` (the default) or
/// `postgres`.
pub const BACKEND_VAR: &str = "HAVEN_TEST_API_BACKEND";

/// A new, empty store for the test `name` on the backend [`BACKEND_VAR`] names (replaced on
/// every run, like [`scratch`]).
pub fn fresh_store(name: &str) -> String {
    match std::env::var(BACKEND_VAR).as_deref() {
        Err(_) | Ok("") | Ok("sqlite") => {
            format!("sqlite:{}", scratch(name).join("api.sqlite").display())
        }
        Ok("postgres") => fresh_postgres(name),
        Ok(other) => panic!("{BACKEND_VAR}={other}: give sqlite or postgres"),
    }
}

/// A new database `haven_api_<name>` on the server `HAVEN_TEST_POSTGRES` names.
fn fresh_postgres(name: &str) -> String {
    let server = std::env::var("HAVEN_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            panic!(
                "{BACKEND_VAR}=postgres needs HAVEN_TEST_POSTGRES, a server URL where tests may \
                 create databases (scripts/test.sh starts one)"
            )
        });
    let db: String = format!("haven_api_{name}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut admin = postgres::Client::connect(&server, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to HAVEN_TEST_POSTGRES={server}: {e}"));
    // Two statements: CREATE DATABASE cannot run inside a multi-statement batch.
    for sql in [
        format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        format!("CREATE DATABASE {db} ENCODING 'UTF8' TEMPLATE template0"),
    ] {
        admin
            .batch_execute(&sql)
            .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    }
    let (head, query) = server.split_once('?').unwrap_or((&server, ""));
    let at = head.find("://").map_or(0, |i| i + 3);
    let base = head[at..].find('/').map_or(head, |i| &head[..at + i]);
    if query.is_empty() {
        format!("{base}/{db}")
    } else {
        format!("{base}/{db}?{query}")
    }
}

/// Start the app over a store prepared by `prepare`.
pub fn start(name: &str, prepare: impl FnOnce(&str)) -> App {
    let store_url = fresh_store(name);
    prepare(&store_url);
    let config = web::Config {
        log_requests: false,
        refresh_every: Duration::from_millis(100),
        ..Default::default()
    };
    let state = Arc::new(web::AppState::open(config, &store_url).expect("open app"));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("addr")).expect("send");
            web::serve(listener, state).await.expect("serve");
        });
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("app started");
    App {
        base: format!("http://{addr}"),
        store_url,
    }
}

/// One HTTP exchange, as the tests look at it.
#[derive(Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers, lowercased names (last value wins).
    pub headers: BTreeMap<String, String>,
    /// The body bytes as received (not decompressed).
    pub body: Vec<u8>,
}

impl Reply {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
    /// The body as JSON, failing the test when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(400)])
            )
        })
    }
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Send a request with extra headers.
pub fn request(method: &str, url: &str, headers: &[(&str, &str)]) -> Reply {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build();
    let mut req = agent.request(method, url);
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let resp = match req.call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {url}: {e}"),
    };
    let status = resp.status();
    let mut hs = BTreeMap::new();
    for name in resp.headers_names() {
        if let Some(v) = resp.header(&name) {
            hs.insert(name.to_ascii_lowercase(), v.to_string());
        }
    }
    let mut body = Vec::new();
    resp.into_reader()
        .read_to_end(&mut body)
        .unwrap_or_else(|e| panic!("{url}: reading the body: {e}"));
    Reply {
        status,
        headers: hs,
        body,
    }
}

/// `GET` a URL.
pub fn get(url: &str) -> Reply {
    request("GET", url, &[])
}

/// Serves the official modular schemas for `$ref`s like `phone.json`.
struct SpecRetriever;

impl jsonschema::Retrieve for SpecRetriever {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<&str>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let s = uri.as_str();
        let name = s.rsplit('/').next().unwrap_or(s);
        let name = name.split(['#', '?']).next().unwrap_or(name);
        if !name.ends_with(".json") || name.contains("..") {
            return Err(format!("not an HSDS schema reference: {s}").into());
        }
        let text = std::fs::read_to_string(spec_dir().join("schema").join(name))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// A validator for one official schema file (`compiled/service.json.gz` is read compressed).
pub fn validator(rel: &str) -> jsonschema::Validator {
    let path = spec_dir().join("schema").join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = if rel.ends_with(".gz") {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .expect("gunzip schema");
        s
    } else {
        String::from_utf8(bytes).expect("UTF-8 schema")
    };
    let schema: Value = serde_json::from_str(&text).expect("schema JSON");
    jsonschema::options()
        .with_retriever(SpecRetriever)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{rel} does not compile: {e}"))
}

/// Every validation error, with where.
pub fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect()
}
