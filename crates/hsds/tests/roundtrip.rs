//! What haven writes it reads back unchanged: the official examples and random directories
//! survive the datapackage (folder and zip), tabular JSON and NDJSON forms; and the CSV reader
//! copes with what spreadsheets produce (BOM, CRLF, quoted newlines, empty cells).

mod common;

use common::*;
use hsds::io::{read_path, write_datapackage, write_json, write_ndjson, Collect};
use hsds::{Directory, Origin, Record, Table};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

type Content = BTreeMap<Table, BTreeMap<String, Record>>;

/// Read one exported path back and check it: it must read and check with no errors.
fn reread(path: &Path) -> Directory {
    let mut c = Collect::default();
    read_path(path, &mut c).unwrap_or_else(|e| panic!("reading back {}: {e}", path.display()));
    let mut problems = c.problems;
    problems.extend(check(&mut c.directory));
    let errs = errors(&problems);
    assert!(
        errs.is_empty(),
        "{}: errors reading back:\n{}",
        path.display(),
        errs.join("\n")
    );
    c.directory
}

/// The forms a directory is exported to and read back from.
#[derive(Debug, Clone, Copy)]
enum Form {
    Datapackage,
    Json,
    Ndjson,
}

fn export(dir: &Directory, form: Form, tmp: &Path) -> PathBuf {
    match form {
        Form::Datapackage => {
            let out = tmp.join("pkg");
            write_datapackage(dir, &out).expect("write_datapackage");
            out
        }
        Form::Json | Form::Ndjson => {
            let out = tmp.join(if matches!(form, Form::Json) {
                "export.json"
            } else {
                "export.ndjson"
            });
            let mut f = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
            match form {
                Form::Json => write_json(dir, &mut f, &out).expect("write_json"),
                _ => write_ndjson(dir, &mut f, &out).expect("write_ndjson"),
            };
            f.flush().unwrap();
            out
        }
    }
}

/// Export a checked directory in one form, read it back, check it, and return it.
fn round_trip(dir: &Directory, form: Form) -> Directory {
    let tmp = tempfile::tempdir().unwrap();
    reread(&export(dir, form, tmp.path()))
}

fn assert_same(original: &Directory, back: &Directory, what: &str) {
    assert_eq!(back.len(), original.len(), "{what}: record count changed");
    let (a, b): (Content, Content) = (original.content(), back.content());
    if a != b {
        for (t, recs) in &a {
            for (id, r) in recs {
                let other = b.get(t).and_then(|m| m.get(id));
                assert_eq!(other, Some(r), "{what}: {t} {id} changed");
            }
        }
        assert_eq!(a, b, "{what}: content changed");
    }
}

#[test]
fn official_examples_survive_every_form() {
    for ex in examples() {
        let (dir, _) = read_checked(&ex);
        for form in [Form::Datapackage, Form::Json, Form::Ndjson] {
            let back = round_trip(&dir, form);
            assert_same(&dir, &back, &format!("{} via {form:?}", ex.display()));
        }
    }
}

/// Zip a folder's files under `top/` (or at the root when `top` is empty).
fn zip_folder(folder: &Path, zip_path: &Path, top: &str) {
    let f = std::fs::File::create(zip_path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default();
    if !top.is_empty() {
        z.add_directory(top, opts).unwrap();
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.iter().any(|p| p.ends_with("datapackage.json")));
    for p in names {
        let name = p.file_name().unwrap().to_str().unwrap();
        let member = if top.is_empty() {
            name.to_string()
        } else {
            format!("{top}/{name}")
        };
        z.start_file(member, opts).unwrap();
        z.write_all(&std::fs::read(&p).unwrap()).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn zipped_datapackages_read_back_the_same_with_or_without_a_top_folder() {
    for ex in [
        spec_dir().join("examples/csv"),
        spec_dir().join("examples/service_full.json"),
    ] {
        let (dir, _) = read_checked(&ex);
        let tmp = tempfile::tempdir().unwrap();
        let pkg = export(&dir, Form::Datapackage, tmp.path());
        for top in ["haven-export", ""] {
            let zip_path = tmp.path().join(format!("export{top}.zip"));
            zip_folder(&pkg, &zip_path, top);
            let back = reread(&zip_path);
            assert_same(
                &dir,
                &back,
                &format!("{} zipped under {top:?}", ex.display()),
            );
            // Problems and records point into the archive member.
            let (_, origin) = &back.tables[&Table::Service][0];
            let want = if top.is_empty() {
                "!services.csv".to_string()
            } else {
                format!("!{top}/services.csv")
            };
            assert!(origin.file.ends_with(&want), "{origin}");
        }
    }
}

const ORG1: &str = "7c3c1b52-0d7c-4b5e-8d2a-0f2a3b4c5d6e";
const ORG2: &str = "8d4d2c63-1e8d-4c6f-9e3b-1a3b4c5d6e7f";
const SVC1: &str = "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5";
const SVC2: &str = "2e3f4051-6b7c-4d8e-9fa0-b1c2d3e4f5a6";
const SVC3: &str = "3f405162-7c8d-4e9f-a0b1-c2d3e4f5a6b7";

/// A datapackage as a spreadsheet saves it: BOM, CRLF, quoted newlines and commas, empty cells.
fn spreadsheet_package(dir: &Path, with_descriptor: bool) {
    std::fs::create_dir_all(dir).unwrap();
    if with_descriptor {
        let desc = json!({"name": "hand-made", "resources": [
            {"name": "organization", "path": "organizations.csv"},
            {"name": "service", "path": "services.csv"}
        ]});
        std::fs::write(dir.join("datapackage.json"), desc.to_string()).unwrap();
    }
    let orgs = format!(
        "\u{feff}id,name,description,email,website\r\n\
         {ORG1},\"Hope, Inc.\",\"Line one\r\nline two, with \"\"quotes\"\"\",,https://hope.example.org\r\n\
         {ORG2},Second,Plain,info@second.example.org,\r\n"
    );
    let svcs = format!(
        "\u{feff}id,organization_id,name,status,email,minimum_age,description\r\n\
         {SVC1},{ORG1},\"Night\nshelter\",active,,18,\r\n\
         {SVC2},{ORG1},Food,inactive,food@hope.example.org,,\"a, b\"\r\n\
         {SVC3},{ORG2},Drop-in,open,,,\r\n"
    );
    std::fs::write(dir.join("organizations.csv"), orgs).unwrap();
    std::fs::write(dir.join("services.csv"), svcs).unwrap();
}

fn get<'a>(d: &'a Directory, t: Table, id: &str) -> &'a Record {
    d.records(t)
        .find(|r| r.get("id").and_then(Value::as_str) == Some(id))
        .unwrap_or_else(|| panic!("{t} {id} not read"))
}

#[test]
fn spreadsheet_csv_reads_with_the_right_values_and_rows() {
    for with_descriptor in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        let pkg = tmp.path().join("pkg");
        spreadsheet_package(&pkg, with_descriptor);
        let Collect {
            mut directory,
            problems,
        } = read(std::slice::from_ref(&pkg));
        // The BOM is not part of the first column name, so no column is reported missing.
        assert!(errors(&problems).is_empty(), "{problems:?}");
        assert_eq!(
            problems.len(),
            usize::from(!with_descriptor),
            "{problems:?}"
        );
        assert_eq!(directory.records(Table::Organization).count(), 2);
        assert_eq!(directory.records(Table::Service).count(), 3);

        let o1 = get(&directory, Table::Organization, ORG1);
        assert_eq!(o1["name"], "Hope, Inc.");
        assert_eq!(o1["description"], "Line one\r\nline two, with \"quotes\"");
        assert_eq!(o1["website"], "https://hope.example.org");
        assert!(
            !o1.contains_key("email"),
            "an empty cell is an absent field: {o1:?}"
        );
        let o2 = get(&directory, Table::Organization, ORG2);
        assert_eq!(o2["email"], "info@second.example.org");
        assert!(
            !o2.contains_key("website"),
            "the last cell before CRLF is empty: {o2:?}"
        );
        let s1 = get(&directory, Table::Service, SVC1);
        assert_eq!(s1["name"], "Night\nshelter");
        assert_eq!(s1["minimum_age"], json!(18));
        assert_eq!(
            s1.len(),
            5,
            "id, organization_id, name, status, minimum_age: {s1:?}"
        );
        let s2 = get(&directory, Table::Service, SVC2);
        assert_eq!(s2["description"], "a, b");
        assert!(!s2.contains_key("minimum_age"));

        // Rows as a spreadsheet shows them: header is row 1; a record with a quoted newline is one row.
        let rows: Vec<String> = directory.tables[&Table::Service]
            .iter()
            .map(|(_, o)| o.to_string())
            .collect();
        let file = pkg.join("services.csv").display().to_string();
        assert_eq!(
            rows,
            vec![
                format!("{file}:2"),
                format!("{file}:3"),
                format!("{file}:4")
            ]
        );
        let orows: Vec<String> = directory.tables[&Table::Organization]
            .iter()
            .map(|(_, o)| o.to_string())
            .collect();
        let ofile = pkg.join("organizations.csv").display().to_string();
        assert_eq!(orows, vec![format!("{ofile}:2"), format!("{ofile}:3")]);

        // The checker names the file, the row and the field of the bad status.
        let checked = check(&mut directory);
        let errs = errors(&checked);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].starts_with(&format!("{file}:4: error: service.status: \"open\"")),
            "{}",
            errs[0]
        );
    }
}

#[test]
fn a_short_csv_row_is_reported_at_its_spreadsheet_row() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("pkg");
    spreadsheet_package(&pkg, true);
    // Row 2 spans two lines; row 3 is the short one.
    let text = format!("id,name,description\r\n{ORG1},\"Two\r\nlines\",d\r\n{ORG2},short\r\n");
    std::fs::write(pkg.join("organizations.csv"), text).unwrap();
    let c = read(std::slice::from_ref(&pkg));
    let errs = errors(&c.problems);
    let file = pkg.join("organizations.csv").display().to_string();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!("{file}:3: error: organization: row has 2 cells")),
        "{}",
        errs[0]
    );
}

// ---- Random valid directories ----------------------------------------------------------

/// Text as people type it: unicode, quotes, commas, newlines (CR and LF), tabs, leading spaces.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,;:.\"'\\n\\r\\t\\-éñßø中文한🙂]{1,24}"
}

fn email() -> impl Strategy<Value = String> {
    "[a-z]{1,8}@[a-z]{1,8}\\.org"
}

fn url() -> impl Strategy<Value = String> {
    "https://[a-z]{1,8}\\.org/[a-z0-9]{0,6}"
}

/// Unknown fields a producer added (kept by haven, as text).
fn extras() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map("x_[a-z]{1,6}", text(), 0..3)
}

fn time() -> impl Strategy<Value = String> {
    (0u32..24, 0u32..60, prop::option::of(0u32..60)).prop_map(|(h, m, s)| match s {
        Some(s) => format!("{h:02}:{m:02}:{s:02}"),
        None => format!("{h:02}:{m:02}"),
    })
}

/// A coordinate in range with up to 7 decimals (about 1 cm), as GPS and geocoders give them.
/// Full-precision doubles are left to `json_keeps_full_precision_coordinates` (see there).
fn coordinate(limit: i64) -> impl Strategy<Value = f64> {
    (-limit * 10_000_000..=limit * 10_000_000).prop_map(|n| n as f64 / 1e7)
}

fn id(table: Table, i: usize) -> String {
    let t = Table::ALL.iter().position(|x| *x == table).unwrap();
    format!("{t:08x}-0000-4000-8000-{i:012x}")
}

type Extras = BTreeMap<String, String>;
type OrgG = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<f64>,
    Extras,
);
type SvcG = (
    prop::sample::Index,
    String,
    &'static str,
    Option<String>,
    Option<u32>,
    Option<String>,
    Extras,
);
type LocG = (
    Option<prop::sample::Index>,
    &'static str,
    Option<(f64, f64)>,
    Option<String>,
    Extras,
);
type PhoneG = (
    prop::sample::Index,
    String,
    Option<u32>,
    Option<String>,
    Extras,
);
type SchedG = (
    prop::sample::Index,
    Vec<bool>,
    &'static str,
    Option<(String, String)>,
    Option<String>,
);
type LangG = (
    prop::sample::Index,
    String,
    Option<&'static str>,
    Option<String>,
);

#[derive(Debug, Clone)]
struct Gen {
    orgs: Vec<OrgG>,
    services: Vec<SvcG>,
    locations: Vec<LocG>,
    phones: Vec<PhoneG>,
    schedules: Vec<SchedG>,
    languages: Vec<LangG>,
}

fn gen() -> impl Strategy<Value = Gen> {
    let org = (
        text(),
        text(),
        prop::option::of(email()),
        prop::option::of(url()),
        prop::option::of(1800.0..2024.0f64),
        extras(),
    );
    let statuses =
        prop::sample::select(vec!["active", "inactive", "defunct", "temporarily closed"]);
    let svc = (
        any::<prop::sample::Index>(),
        text(),
        statuses,
        prop::option::of(text()),
        prop::option::of(0u32..100),
        prop::option::of(email()),
        extras(),
    );
    let kinds = prop::sample::select(vec!["physical", "postal", "virtual"]);
    let loc = (
        prop::option::of(any::<prop::sample::Index>()),
        kinds,
        prop::option::of((coordinate(90), coordinate(180))),
        prop::option::of(text()),
        extras(),
    );
    let phone = (
        any::<prop::sample::Index>(),
        "\\+?[0-9 ()\\-]{3,15}",
        prop::option::of(1u32..9999),
        prop::option::of(text()),
        extras(),
    );
    let sched = (
        any::<prop::sample::Index>(),
        prop::collection::vec(any::<bool>(), 7),
        prop::sample::select(vec!["WEEKLY", "MONTHLY"]),
        prop::option::of((time(), time())),
        prop::option::of(text()),
    );
    let lang = (
        any::<prop::sample::Index>(),
        text(),
        prop::option::of(prop::sample::select(vec!["en", "es", "fr", "zh"])),
        prop::option::of(text()),
    );
    (
        prop::collection::vec(org, 1..4),
        prop::collection::vec(svc, 0..5),
        prop::collection::vec(loc, 0..4),
        prop::collection::vec(phone, 0..4),
        prop::collection::vec(sched, 0..3),
        prop::collection::vec(lang, 0..3),
    )
        .prop_map(
            |(orgs, services, locations, phones, schedules, languages)| Gen {
                orgs,
                services,
                locations,
                phones,
                schedules,
                languages,
            },
        )
}

fn put(r: &mut Record, k: &str, v: Option<impl Into<Value>>) {
    if let Some(v) = v {
        r.insert(k.to_string(), v.into());
    }
}

fn add_extras(r: &mut Record, extras: &Extras) {
    for (k, v) in extras {
        r.insert(k.clone(), Value::String(v.clone()));
    }
}

impl Gen {
    fn directory(&self) -> Directory {
        let file: std::sync::Arc<str> = "generated.json".into();
        let mut d = Directory::default();
        let mut push = |t: Table, i: usize, r: Record| {
            d.push(t, r, Origin::pointer(&file, format!("/{t}/{i}")))
        };
        for (i, (name, desc, email, web, year, ex)) in self.orgs.iter().enumerate() {
            let mut r = Record::new();
            r.insert("id".into(), id(Table::Organization, i).into());
            r.insert("name".into(), name.clone().into());
            r.insert("description".into(), desc.clone().into());
            put(&mut r, "email", email.clone());
            put(&mut r, "website", web.clone());
            put(&mut r, "year_incorporated", year.map(|y| y.floor()));
            add_extras(&mut r, ex);
            push(Table::Organization, i, r);
        }
        for (i, (org, name, status, desc, age, email, ex)) in self.services.iter().enumerate() {
            let mut r = Record::new();
            r.insert("id".into(), id(Table::Service, i).into());
            r.insert(
                "organization_id".into(),
                id(Table::Organization, org.index(self.orgs.len())).into(),
            );
            r.insert("name".into(), name.clone().into());
            r.insert("status".into(), (*status).into());
            put(&mut r, "description", desc.clone());
            put(&mut r, "minimum_age", *age);
            put(&mut r, "email", email.clone());
            add_extras(&mut r, ex);
            push(Table::Service, i, r);
        }
        for (i, (org, kind, coords, name, ex)) in self.locations.iter().enumerate() {
            let mut r = Record::new();
            r.insert("id".into(), id(Table::Location, i).into());
            r.insert("location_type".into(), (*kind).into());
            put(
                &mut r,
                "organization_id",
                org.map(|o| id(Table::Organization, o.index(self.orgs.len()))),
            );
            put(&mut r, "latitude", coords.map(|c| c.0));
            put(&mut r, "longitude", coords.map(|c| c.1));
            put(&mut r, "name", name.clone());
            add_extras(&mut r, ex);
            push(Table::Location, i, r);
        }
        let n = self.services.len();
        if n == 0 {
            return d;
        }
        for (i, (svc, number, ext, desc, ex)) in self.phones.iter().enumerate() {
            let mut r = Record::new();
            r.insert("id".into(), id(Table::Phone, i).into());
            r.insert("service_id".into(), id(Table::Service, svc.index(n)).into());
            r.insert("number".into(), number.clone().into());
            put(&mut r, "extension", *ext);
            put(&mut r, "description", desc.clone());
            add_extras(&mut r, ex);
            push(Table::Phone, i, r);
        }
        for (i, (svc, days, freq, hours, desc)) in self.schedules.iter().enumerate() {
            let mut r = Record::new();
            r.insert("id".into(), id(Table::Schedule, i).into());
            r.insert("service_id".into(), id(Table::Service, svc.index(n)).into());
            let byday: Vec<&str> = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
                .iter()
                .zip(days)
                .filter(|(_, on)| **on)
                .map(|(d, _)| *d)
                .collect();
            if !byday.is_empty() {
                r.insert("byday".into(), byday.join(",").into());
            }
            r.insert("freq".into(), (*freq).into());
            if let Some((open, close)) = hours {
                r.insert("opens_at".into(), open.clone().into());
                r.insert("closes_at".into(), close.clone().into());
            }
            put(&mut r, "description", desc.clone());
            push(Table::Schedule, i, r);
        }
        for (i, (svc, name, code, note)) in self.languages.iter().enumerate() {
            let mut r = Record::new();
            r.insert("id".into(), id(Table::Language, i).into());
            r.insert("service_id".into(), id(Table::Service, svc.index(n)).into());
            r.insert("name".into(), name.clone().into());
            put(&mut r, "code", *code);
            put(&mut r, "note", note.clone());
            push(Table::Language, i, r);
        }
        d
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn random_valid_directories_survive_every_form(g in gen()) {
        let mut dir = g.directory();
        let generated = dir.len();
        let problems = check(&mut dir);
        // Extra fields are kept and said once per (file, table, field); nothing else is said.
        let mut extras = std::collections::BTreeSet::new();
        let others: Vec<String> = problems
            .iter()
            .filter(|p| {
                let said = !p.is_error()
                    && p.message == "is not an HSDS 3.0 field; kept as an extra field (said once per file)"
                    && p.field.as_ref().is_some_and(|f| f.starts_with("x_"))
                    && extras.insert((p.table, p.field.clone()));
                !said
            })
            .map(|p| p.to_string())
            .collect();
        prop_assert!(others.is_empty(), "checker complains about valid data: {:?}", others);
        prop_assert_eq!(dir.len(), generated);
        // The JSON export of random data also meets the official compiled tabular schema.
        static TABULAR: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
        let mut buf = Vec::new();
        write_json(&dir, &mut buf, Path::new("export.json")).expect("write_json");
        let doc: Value = serde_json::from_slice(&buf).expect("write_json writes JSON");
        let errs = schema_errors(TABULAR.get_or_init(tabular_validator), &doc);
        prop_assert!(errs.is_empty(), "not valid against compiled/tabular.json: {:?}", errs);
        for form in [Form::Datapackage, Form::Json, Form::Ndjson] {
            let back = round_trip(&dir, form);
            prop_assert_eq!(back.len(), dir.len(), "{:?}: record count changed", form);
            prop_assert_eq!(back.content(), dir.content(), "{:?}: content changed", form);
        }
    }
}

#[test]
fn generated_times_are_normalized_once_and_then_stable() {
    // The property above compares against the checked directory; make sure checking does
    // normalize HH:MM (so the comparison is not vacuous about times) and nothing else.
    let mut r = Record::new();
    r.insert("id".into(), id(Table::Schedule, 0).into());
    r.insert("service_id".into(), id(Table::Service, 0).into());
    r.insert("freq".into(), "WEEKLY".into());
    r.insert("opens_at".into(), "09:30".into());
    r.insert("closes_at".into(), "17:00:00".into());
    let mut d = Directory::default();
    d.push(Table::Schedule, r, Origin::file("s.json"));
    let _ = check(&mut d);
    let s = d.records(Table::Schedule).next().unwrap();
    assert_eq!(s["opens_at"], "09:30:00");
    assert_eq!(s["closes_at"], "17:00:00");
}

/// A coordinate such as 9.518995029289865 (the shortest text of its double, as serde_json
/// writes it) must read back as the same double. The CSV reader parses with Rust's exact
/// `f64::from_str`; the JSON readers use serde_json, whose default float parser may be one ULP
/// off unless its `float_roundtrip` feature is on, so JSON and NDJSON exports of such values do
/// not restore bit-for-bit; the workspace enables `serde_json`'s `float_roundtrip` for this.
#[test]
fn json_keeps_full_precision_coordinates() {
    let mut d = Directory::default();
    let mut r = Record::new();
    r.insert("id".into(), id(Table::Location, 0).into());
    r.insert("location_type".into(), "physical".into());
    r.insert("latitude".into(), json!(0.0));
    r.insert("longitude".into(), json!(9.518995029289865));
    d.push(Table::Location, r, Origin::file("l.json"));
    for form in [Form::Datapackage, Form::Json, Form::Ndjson] {
        let back = round_trip(&d, form);
        assert_same(&d, &back, &format!("{form:?}"));
    }
}
