//! The `haven` binary as a user runs it: import, validate, export, on a real SQLite store.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../hsds/spec/v3.0/examples")
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }
    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }
    fn haven(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_haven"))
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("HAVEN_DB")
            .output()
            .expect("run haven")
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.haven(args);
        assert!(
            out.status.success(),
            "haven {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    fn fails(&self, args: &[&str]) -> String {
        let out = self.haven(args);
        assert_eq!(out.status.code(), Some(1), "haven {args:?} should exit 1");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
    /// The whole store as NDJSON text, to compare before and after.
    fn dump(&self) -> String {
        self.ok(&["export", "--format", "ndjson", "--out", "-"])
    }
}

const ORG: &str = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610";
const SVC: &str = "ac148810-d857-441c-9679-408f346de14b";

fn good_package(env: &Env, dir: &str) -> PathBuf {
    env.write(
        &format!("{dir}/organizations.csv"),
        &format!("id,name,description\n{ORG},Example Org,Helps people\n"),
    );
    env.write(
        &format!("{dir}/services.csv"),
        &format!("id,organization_id,name,status\n{SVC},{ORG},Counselling,active\n"),
    );
    env.path(dir)
}

#[test]
fn default_store_is_created_under_haven_data() {
    let env = Env::new();
    let pkg = good_package(&env, "pkg");
    let out = env.ok(&["import", pkg.to_str().unwrap()]);
    assert!(
        out.contains("organization") && out.contains("created"),
        "{out}"
    );
    assert!(env.path("haven-data/haven.sqlite").is_file());
}

#[test]
fn db_flag_and_env_accept_sqlite_urls_and_plain_paths() {
    let env = Env::new();
    let pkg = good_package(&env, "pkg");
    env.ok(&["--db", "sqlite:a/one.db", "import", pkg.to_str().unwrap()]);
    env.ok(&["--db", "b/two.db", "import", pkg.to_str().unwrap()]);
    assert!(env.path("a/one.db").is_file() && env.path("b/two.db").is_file());
    let out = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["export", "--format", "json", "--out", "-"])
        .current_dir(env.dir.path())
        .env("HAVEN_DB", "sqlite:a/one.db")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Counselling"));
    let err = env.fails(&[
        "--db",
        "mysql://x",
        "export",
        "--format",
        "json",
        "--out",
        "-",
    ]);
    assert!(err.contains("mysql://x"), "{err}");
}

#[test]
fn importing_twice_changes_nothing_and_says_so() {
    let env = Env::new();
    let pkg = good_package(&env, "pkg");
    let first = env.ok(&["import", pkg.to_str().unwrap()]);
    assert!(!first.contains("Nothing changed"));
    let before = env.dump();
    let second = env.ok(&["import", pkg.to_str().unwrap()]);
    assert!(second.contains("Nothing changed"), "{second}");
    assert_eq!(env.dump(), before);
    // An edit is counted as an update.
    env.write(
        "pkg/services.csv",
        &format!("id,organization_id,name,status\n{SVC},{ORG},Counselling and advice,active\n"),
    );
    let third = env.ok(&["import", pkg.to_str().unwrap()]);
    let line = third.lines().find(|l| l.starts_with("service ")).unwrap();
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cols, ["service", "0", "1", "0"], "{third}");
}

/// One broken input per rule: the message names the place and the problem, and nothing is written.
#[test]
fn each_rule_reports_where_and_what_and_writes_nothing() {
    let env = Env::new();
    let pkg = good_package(&env, "base");
    env.ok(&["import", pkg.to_str().unwrap()]);
    let before = env.dump();
    let loc = "3a19ff88-4620-4d17-9830-ac1d859eb5d5";
    let cases: Vec<(&str, String, &str)> = vec![
        ("required", format!("id,organization_id,name,status\n{SVC},{ORG},X,\n"), "services.csv:2: error: service.status: is required but missing"),
        ("required column", format!("id,organization_id,status\n{SVC},{ORG},active\n"), "services.csv:1: error: service.name: required column is missing from the header"),
        ("enum", format!("id,organization_id,name,status\n{SVC},{ORG},X,open\n"), "services.csv:2: error: service.status: \"open\" is not one of: active, inactive, defunct, temporarily closed"),
        ("uuid", format!("id,organization_id,name,status\nabc,{ORG},X,active\n"), "services.csv:2: error: service.id: \"abc\" is not a UUID"),
        ("email", format!("id,organization_id,name,status,email\n{SVC},{ORG},X,active,nope\n"), "services.csv:2: error: service.email: \"nope\" is not an e-mail address"),
        ("uri", format!("id,organization_id,name,status,url\n{SVC},{ORG},X,active,www.x.org\n"), "services.csv:2: error: service.url: \"www.x.org\" is not an absolute URI"),
        ("date", format!("id,organization_id,name,status,assured_date\n{SVC},{ORG},X,active,01/02/2024\n"), "services.csv:2: error: service.assured_date: \"01/02/2024\" is not a date written YYYY-MM-DD"),
        ("date-time", format!("id,organization_id,name,status,last_modified\n{SVC},{ORG},X,active,yesterday\n"), "services.csv:2: error: service.last_modified: \"yesterday\" is not a date and time"),
        ("number", format!("id,organization_id,name,status,minimum_age\n{SVC},{ORG},X,active,twelve\n"), "services.csv:2: error: service.minimum_age: should be a number, found \"twelve\""),
        ("duplicate id", format!("id,organization_id,name,status\n{SVC},{ORG},X,active\n{SVC},{ORG},Y,active\n"), "services.csv:3: error: service.id: id ac148810-d857-441c-9679-408f346de14b is used twice with different content (first at "),
        ("unresolved organization", format!("id,organization_id,name,status\n{SVC},{loc},X,active\n"), "services.csv:2: error: service.organization_id: 3a19ff88-4620-4d17-9830-ac1d859eb5d5 does not match any organization in this import or the store"),
        ("cell count", format!("id,organization_id,name,status\n{SVC},{ORG},X\n"), "services.csv:2: error: service: row has 3 cells but the header has 4 columns"),
    ];
    for (name, services, expected) in cases {
        let dir = format!("case-{}", name.replace(' ', "-"));
        env.write(&format!("{dir}/services.csv"), &services);
        let err = env.fails(&["import", env.path(&dir).to_str().unwrap()]);
        assert!(
            err.contains(expected),
            "case {name}: expected\n  {expected}\nin\n{err}"
        );
        assert!(err.contains("nothing was written"), "case {name}: {err}");
        let problems = err.lines().filter(|l| l.contains(": error: ")).count();
        assert_eq!(problems, 1, "case {name}: each problem once:\n{err}");
        assert_eq!(
            env.dump(),
            before,
            "case {name}: the store changed after a failed import"
        );
        // validate says the same and exits 1.
        let out = env.haven(&["validate", env.path(&dir).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "case {name}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(expected),
            "case {name}"
        );
    }
}

#[test]
fn location_and_schedule_rules() {
    let env = Env::new();
    let pkg = good_package(&env, "p");
    env.ok(&["import", pkg.to_str().unwrap()]);
    let loc = "3a19ff88-4620-4d17-9830-ac1d859eb5d5";
    let sch = "48102e86-bb50-41c4-8f1e-e269368c41d1";
    env.write(
        "p/locations.csv",
        &format!("id,location_type,latitude,longitude\n{loc},physical,100,10\n"),
    );
    env.write(
        "p/schedules.csv",
        &format!(
            "id,service_id,freq,byday,opens_at,closes_at,bymonthday\n{sch},{SVC},WEEKLY,\"MO,XX\",25:00,18:00,\"1,40\"\n"
        ),
    );
    let err = env.fails(&["import", pkg.to_str().unwrap()]);
    for expected in [
        "locations.csv:2: warning: location.latitude: 100 is outside -90..90",
        "schedules.csv:2: error: schedule.byday: \"XX\" is not a weekday token",
        "schedules.csv:2: error: schedule.opens_at: \"25:00\" is not a time of day",
        "schedules.csv:2: error: schedule.bymonthday: '40' is not a whole number from -31 to 31",
    ] {
        assert!(err.contains(expected), "expected {expected} in\n{err}");
    }
}

#[test]
fn child_rows_need_an_owner_and_optional_references_warn() {
    let env = Env::new();
    let pkg = good_package(&env, "p");
    let ph = "1554f2e2-a373-45db-a3fa-9fc48a61c15e";
    let nowhere = "00000000-0000-4000-8000-000000000000";
    env.write(
        "p/phones.csv",
        &format!("id,service_id,number\n{ph},{nowhere},555-0100\n"),
    );
    let err = env.fails(&["import", pkg.to_str().unwrap()]);
    assert!(
        err.contains("phones.csv:2: error: phone.service_id: 00000000-0000-4000-8000-000000000000 does not match any service in this import or the store, and no other owner reference of this row resolves"),
        "{err}"
    );
    env.write("p/phones.csv", &format!("id,number\n{ph},555-0100\n"));
    let err = env.fails(&["import", pkg.to_str().unwrap()]);
    assert!(
        err.contains("phones.csv:2: error: phone: belongs to nothing: give one of"),
        "{err}"
    );
    // A second, unresolved owner is a warning when one resolves; --strict makes it an error.
    env.write(
        "p/phones.csv",
        &format!("id,service_id,location_id,number\n{ph},{SVC},{nowhere},555-0100\n"),
    );
    let out = env.haven(&["import", pkg.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("phones.csv:2: warning: phone.location_id")
    );
    let env2 = Env::new();
    let pkg2 = good_package(&env2, "p");
    env2.write(
        "p/phones.csv",
        &format!("id,service_id,location_id,number\n{ph},{SVC},{nowhere},555-0100\n"),
    );
    let err = env2.fails(&["import", "--strict", pkg2.to_str().unwrap()]);
    assert!(
        err.contains("phones.csv:2: error: phone.location_id"),
        "{err}"
    );
    assert_eq!(env2.dump(), "");
}

#[test]
fn references_resolve_against_the_store() {
    let env = Env::new();
    let pkg = good_package(&env, "p");
    env.ok(&["import", pkg.to_str().unwrap()]);
    let ph = "1554f2e2-a373-45db-a3fa-9fc48a61c15e";
    env.write(
        "later/phones.csv",
        &format!("id,service_id,number\n{ph},{SVC},555-0100\n"),
    );
    let out = env.ok(&["import", env.path("later/phones.csv").to_str().unwrap()]);
    assert!(out.contains("phone"), "{out}");
}

#[test]
fn problem_list_is_capped_at_100_and_says_how_many_more() {
    let env = Env::new();
    let mut text = String::from("id,organization_id,name,status\n");
    for i in 0..150 {
        text.push_str(&format!(
            "{:08x}-0000-4000-8000-000000000000,{ORG},S{i},open\n",
            i
        ));
    }
    env.write(
        "many/organizations.csv",
        &format!("id,name,description\n{ORG},O,D\n"),
    );
    env.write("many/services.csv", &text);
    let err = env.fails(&["import", env.path("many").to_str().unwrap()]);
    // 150 bad statuses plus the warning that the folder has no datapackage.json.
    let shown = err
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .count();
    assert_eq!(shown, 100, "{err}");
    assert!(
        err.contains("... and 51 more problems (51 errors, 0 warnings) not shown"),
        "{err}"
    );
}

#[test]
fn validate_writes_nothing() {
    let env = Env::new();
    let pkg = good_package(&env, "p");
    let out = env.ok(&["validate", pkg.to_str().unwrap()]);
    assert!(out.contains("Valid"), "{out}");
    assert_eq!(env.dump(), "");
}

#[test]
fn unreadable_inputs_are_reported_with_their_path() {
    let env = Env::new();
    let err = env.fails(&["import", "missing.json"]);
    assert!(
        err.contains("missing.json: error: no such file or folder"),
        "{err}"
    );
    env.write("bad.json", "{\"id\": ");
    let err = env.fails(&["import", "bad.json"]);
    assert!(
        err.contains("bad.json") && err.contains("not valid JSON"),
        "{err}"
    );
    env.write("notes.txt", "hello");
    let err = env.fails(&["import", "notes.txt"]);
    assert!(err.contains("notes.txt: error: not a .json"), "{err}");
}

/// Every official example imports, and export -> import into a new store gives back exactly the same store.
#[test]
fn official_examples_round_trip_through_the_store() {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    inputs.sort();
    inputs.push(examples().join("csv"));
    for input in inputs {
        let env = Env::new();
        let shown = input.display().to_string();
        env.ok(&["import", &shown]);
        let x = env.dump();
        if input.file_name().is_some_and(|n| n != "base.json") {
            assert!(!x.is_empty(), "{shown} imported nothing");
        }
        for (format, out) in [
            ("datapackage", "dp"),
            ("json", "all.json"),
            ("ndjson", "all.ndjson"),
        ] {
            env.ok(&["export", "--format", format, "--out", out]);
            let again = Env::new();
            again.ok(&["import", env.path(out).to_str().unwrap()]);
            assert_eq!(again.dump(), x, "{shown} via {format}");
        }
    }
}

#[test]
fn the_bundled_directory_loads_once() {
    let env = Env::new();
    let out = env.ok(&["bundle", "load"]);
    let line = out.lines().find(|l| l.starts_with("service ")).unwrap();
    let created: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(created > 7000, "{out}");
    let out = env.ok(&["bundle", "load"]);
    let line = out.lines().find(|l| l.starts_with("service ")).unwrap();
    assert_eq!(
        line.split_whitespace().collect::<Vec<_>>(),
        ["service", "0", "0", &created.to_string()]
    );
}

/// The shipped datapackage is exactly what the conversion makes from the sources.
#[test]
fn bundled_datapackage_is_reproducible_from_sources() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let env = Env::new();
    let out = env.path("rebuilt");
    let o = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["bundle", "build", "--sources"])
        .arg(root.join("data/sources"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(root.join("data/bundled"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut rebuilt: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    rebuilt.sort();
    assert_eq!(names, rebuilt);
    for n in names {
        let a = std::fs::read(root.join("data/bundled").join(&n)).unwrap();
        let b = std::fs::read(out.join(&n)).unwrap();
        assert!(
            a == b,
            "data/bundled/{n} differs from a fresh `haven bundle build`; rerun it"
        );
    }
}

/// The exported datapackage is accepted as it is by the generic frictionless validator.
#[test]
fn exported_datapackage_passes_frictionless() {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv-test/bin/frictionless");
    if !tool.is_file() {
        // The README test command installs it; running cargo test alone cannot, so fail loudly.
        panic!(
            "{} is missing: run `bash scripts/test.sh`, which installs the pinned tools",
            tool.display()
        );
    }
    for input in [examples().join("csv"), examples().join("service_full.json")] {
        let env = Env::new();
        env.ok(&["import", input.to_str().unwrap()]);
        env.ok(&["export", "--format", "datapackage", "--out", "dp"]);
        let o = Command::new(&tool)
            .args(["validate", "--json"])
            .arg(env.path("dp/datapackage.json"))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success() && text.contains("\"valid\": true"),
            "{}: {text}",
            input.display()
        );
    }
}

/// Translations (haven's extra `translations.csv` resource) leave the exported package valid
/// for generic tools, and a package, JSON or NDJSON export brings them back on import.
#[test]
fn translations_export_as_a_valid_extra_resource_and_import_back_in_every_form() {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv-test/bin/frictionless");
    assert!(
        tool.is_file(),
        "{} is missing: run `bash scripts/test.sh`",
        tool.display()
    );
    let env = Env::new();
    env.ok(&["import", examples().join("csv").to_str().unwrap()]);
    let tr = env.write(
        "translations.csv",
        &format!("id,resource_type,resource_id,field_name,language,value\n00000000-0000-4000-8000-0000000000e5,service,{SVC},description,es,Servicios de consejería (traducción de prueba)\n"),
    );
    env.ok(&["import", tr.to_str().unwrap()]);
    env.ok(&["export", "--format", "datapackage", "--out", "dp"]);
    assert!(env.path("dp/translations.csv").is_file());
    let o = Command::new(&tool)
        .args(["validate", "--json"])
        .arg(env.path("dp/datapackage.json"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && text.contains("\"valid\": true"),
        "{text}"
    );
    env.ok(&["export", "--format", "json", "--out", "all.json"]);
    env.ok(&["export", "--format", "ndjson", "--out", "all.ndjson"]);
    let want = env.dump();
    assert!(want.contains("traducción de prueba"), "{want}");
    for form in ["dp", "all.json", "all.ndjson"] {
        let fresh = Env::new();
        fresh.ok(&["import", env.path(form).to_str().unwrap()]);
        assert_eq!(fresh.dump(), want, "{form}");
    }
    // A translation of a record that is neither in the import nor the store is refused at its row.
    let fresh = Env::new();
    let err = fresh.fails(&["import", tr.to_str().unwrap()]);
    assert!(
        err.contains("translations.csv:2: error: translation.resource_id:")
            && err.contains("does not match any service"),
        "{err}"
    );
}

/// A process killed in the middle of an import leaves nothing of it: the next run sees the
/// store as it was and can import again.
#[test]
fn a_killed_import_leaves_no_half_import() {
    for first_load in [true, false] {
        let env = Env::new();
        if !first_load {
            let pkg = good_package(&env, "base");
            env.ok(&["import", pkg.to_str().unwrap()]);
        }
        let before = env.dump();
        env.ok(&[
            "generate",
            "--services",
            "3000",
            "--seed",
            "9",
            "--out",
            "big",
        ]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_haven"))
            .args(["import", "big"])
            .current_dir(env.dir.path())
            .env_remove("HAVEN_DB")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the import transaction has written to disk (journal or WAL growing).
        let db = env.path("haven-data/haven.sqlite");
        let journal = env.path("haven-data/haven.sqlite-journal");
        let wal = env.path("haven-data/haven.sqlite-wal");
        let start = std::time::Instant::now();
        let mut in_flight = false;
        while start.elapsed() < std::time::Duration::from_secs(60) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
            if journal.exists() || (!first_load && wal_len > 256 * 1024) {
                in_flight = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(
            in_flight,
            "the import ended before it could be killed; make the input larger"
        );
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(db.exists());
        assert_eq!(
            env.dump(),
            before,
            "first_load={first_load}: a killed import left data behind"
        );
        let out = env.ok(&["import", "big"]);
        assert!(
            out.contains("service") && !out.contains("Nothing changed"),
            "{out}"
        );
    }
}

#[test]
fn search_prints_a_table_or_json_and_explains_bad_input() {
    let env = Env::new();
    env.ok(&["bundle", "load"]);
    let table = env.ok(&["search", "--near", "10001", "--limit", "3"]);
    // The places (a header and three rows), then the lines that serve the area, apart.
    let (places, area) = table.split_once("\n\n").unwrap_or((&table, ""));
    let lines: Vec<&str> = places.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(
        area.starts_with("Serves your area: call or text"),
        "{table}"
    );
    assert!(lines[0].contains("name") && lines[0].contains("km") && lines[0].contains("phone"));
    let json: serde_json::Value = serde_json::from_str(&env.ok(&[
        "search",
        "--near",
        "40.7506,-73.9972",
        "--taxonomy",
        "emergency-department",
        "--json",
    ]))
    .unwrap();
    let hits = json.as_array().unwrap();
    assert_eq!(hits.len(), 10);
    for key in [
        "service_id",
        "name",
        "organization",
        "location_id",
        "latitude",
        "longitude",
        "distance_km",
        "open",
        "phones",
    ] {
        assert!(hits[0].get(key).is_some(), "missing {key}: {}", hits[0]);
    }
    let d: Vec<f64> = hits
        .iter()
        .map(|h| h["distance_km"].as_f64().unwrap())
        .collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "nearest first: {d:?}");
    // Hotlines answer text, and 24/7 ones are open now wherever the person is.
    let out = env.ok(&["search", "trafficking", "--open-now"]);
    assert!(
        out.contains("National Human Trafficking Hotline") && out.contains("open"),
        "{out}"
    );
    let err = env.fails(&["search", "--near", "99999"]);
    assert!(
        err.contains("unknown postal code \"99999\"") && err.contains("did you mean"),
        "{err}"
    );
    let err = env.fails(&["search", "--near", "Springfeld, IL"]);
    assert!(err.contains("Springfield, IL"), "{err}");
    let err = env.fails(&["search", "--radius", "5"]);
    assert!(err.contains("--near"), "{err}");
    let err = env.fails(&["search", "--open-at", "tonight"]);
    assert!(err.contains("--open-at \"tonight\""), "{err}");
    let err = env.fails(&["search", "--taxonomy", "spaceships"]);
    assert!(
        err.contains("spaceships") && err.contains("hotline"),
        "{err}"
    );
    let none = env.haven(&["search", "zebra"]);
    assert!(none.status.success());
    assert!(String::from_utf8_lossy(&none.stdout).contains("No services match"));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no listing contains: zebra"));
}

/// The synthetic local-help fixture (`tests/fixtures/local-help`, test data, not real listings)
/// imported into a fresh store.
fn local_help() -> Env {
    let env = Env::new();
    let pkg = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/local-help");
    env.ok(&["import", pkg.to_str().unwrap()]);
    env
}

#[test]
fn search_prints_lines_that_serve_the_area_under_their_own_label() {
    let env = local_help();
    let out = env.ok(&["search", "--near", "10001"]);
    let (places, area) = out
        .split_once("Serves your area: call or text")
        .unwrap_or_else(|| panic!("no area group:\n{out}"));
    // The places table has distances; the lines are only in the area group, with their areas.
    assert!(
        places.contains("Sheltering Arms") && places.contains("km"),
        "{out}"
    );
    assert!(
        !places.contains("National Line") && !places.contains("State Line"),
        "{out}"
    );
    let state = area
        .lines()
        .find(|l| l.contains("Synthetic State Line"))
        .unwrap_or("");
    assert!(
        state.contains("New York State") && state.contains("+1 555 0102"),
        "{out}"
    );
    assert!(area.contains("Synthetic National Line") && area.contains("United States"));
    assert!(!out.contains("UK Line"), "another country's line: {out}");
    // In Philadelphia the state line is not offered; in London only the UK line is.
    let pa = env.ok(&["search", "--near", "Philadelphia, PA"]);
    assert!(
        pa.contains("National Line") && !pa.contains("State Line"),
        "{pa}"
    );
    let uk = env.ok(&["search", "--near", "51.5074,-0.1278"]);
    assert!(
        uk.contains("UK Line") && !uk.contains("National Line"),
        "{uk}"
    );
}

#[test]
fn search_json_gives_area_lines_no_distance_and_confidential_places_no_coordinates() {
    let env = local_help();
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["search", "--near", "10001", "--json"])).unwrap();
    let rows = json.as_array().unwrap();
    let find = |name: &str| {
        rows.iter()
            .find(|r| r["name"].as_str().is_some_and(|n| n.contains(name)))
            .unwrap_or_else(|| panic!("{name} in {json}"))
    };
    let national = find("National Line");
    assert!(national["distance_km"].is_null(), "{national}");
    assert_eq!(national["service_area"], "United States");
    let safe = find("Safe Rooms");
    assert!(
        safe["latitude"].is_null() && safe["longitude"].is_null(),
        "{safe}"
    );
    assert_eq!(safe["confidential"], true);
    assert_eq!(safe["distance_approximate"], true);
    let km = safe["distance_km"].as_f64().unwrap();
    assert!(km >= 1.0 && km.fract() == 0.0, "{km}");
    let hospital = find("Sheltering Arms");
    assert_eq!(hospital["confidential"], false);
    assert!(hospital["latitude"].as_f64().is_some());
    // The places come first, the area lines after them.
    let first_area = rows.iter().position(|r| r.get("service_area").is_some());
    assert_eq!(first_area, Some(2), "{json}");
    // The confidential site's precise point is nowhere, in JSON or in the table.
    let table = env.ok(&["search", "--near", "10001"]);
    for text in [json.to_string(), table.clone()] {
        assert!(
            !text.contains("40.7537") && !text.contains("73.9811"),
            "{text}"
        );
    }
    let safe_row = table
        .lines()
        .find(|l| l.contains("Safe Rooms"))
        .unwrap_or("");
    assert!(safe_row.contains("about 1"), "{table}");
}

#[test]
fn search_for_a_type_word_lists_that_type_first() {
    let env = local_help();
    for word in ["shelter", "refugio", "albergue"] {
        let out = env.ok(&["search", word, "--near", "10001"]);
        let first = out.lines().nth(1).unwrap_or("");
        assert!(first.contains("Synthetic Safe Rooms"), "{word}:\n{out}");
    }
    let out = env.ok(&["search", "shelter", "--near", "10001"]);
    assert!(
        out.contains("Sheltering Arms"),
        "a name with the word still shows, after: {out}"
    );
    let out = env.ok(&["search", "trata", "--near", "10001"]);
    assert!(
        out.contains("Serves your area") && out.contains("National Line"),
        "{out}"
    );
}
