//! `haven import` under hostile files and hostile moments, as a user runs it: a package that
//! names files outside itself, ids in two spellings, another import holding the store, an
//! import killed at random points, and spreadsheet formulas in exported CSV.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const ORG: &str = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610";
const SVC: &str = "ac148810-d857-441c-9679-408f346de14b";

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
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_haven"));
        c.args(args)
            .current_dir(self.dir.path())
            .env_remove("HAVEN_DB");
        c
    }
    fn haven(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("run haven")
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
    fn dump(&self) -> String {
        self.ok(&["export", "--format", "ndjson", "--out", "-"])
    }
    fn db(&self) -> PathBuf {
        self.path("haven-data/haven.sqlite")
    }
}

/// A small package of synthetic test data (one organization, one service).
fn base_package(env: &Env) -> PathBuf {
    env.write(
        "base/organizations.csv",
        &format!("id,name,description\n{ORG},Synthetic Org,Synthetic test data\n"),
    );
    env.write(
        "base/services.csv",
        &format!("id,organization_id,name,status\n{SVC},{ORG},Counselling,active\n"),
    );
    env.path("base")
}

#[test]
fn a_package_naming_a_file_outside_itself_is_refused_and_nothing_is_written() {
    let env = Env::new();
    env.ok(&["import", base_package(&env).to_str().unwrap()]);
    let before = env.dump();
    env.write(
        "outside.csv",
        "id,name,description\n3f2a1b7c-0d4e-4f5a-8b6c-7d8e9f0a1b2c,Not in the package,x\n",
    );
    env.write(
        "evil/datapackage.json",
        r#"{"resources":[{"name":"organization","path":"../outside.csv"},{"name":"service","path":"/etc/passwd"}]}"#,
    );
    let err = env.fails(&["import", "evil"]);
    assert!(
        err.contains("evil/datapackage.json:/resources/0/path: error: resource \"organization\" path \"../outside.csv\" goes up out of the package"),
        "{err}"
    );
    assert!(err.contains("\"/etc/passwd\" is an absolute path"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn ids_in_capitals_import_as_the_record_they_spell() {
    let env = Env::new();
    env.ok(&["import", base_package(&env).to_str().unwrap()]);
    let upper = ORG.to_ascii_uppercase();
    env.write(
        "again/organizations.csv",
        &format!("id,name,description\n{upper},Synthetic Org,Synthetic test data\n"),
    );
    let out = env.ok(&["import", "again"]);
    assert!(out.contains("Nothing changed"), "{out}");
    let dump = env.dump();
    assert_eq!(dump.matches("\"organization\":[").count(), 1, "{dump}");
    assert!(!dump.contains(&upper));
}

#[test]
fn another_import_holding_the_store_is_named_and_nothing_is_written() {
    let env = Env::new();
    env.ok(&["import", base_package(&env).to_str().unwrap()]);
    let before = env.dump();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    env.write(
        "more/organizations.csv",
        "id,name,description\n3f2a1b7c-0d4e-4f5a-8b6c-7d8e9f0a1b2c,Synthetic two,x\n",
    );
    let err = env.fails(&["import", "more"]);
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    assert!(
        err.contains("another import (or another program) is writing to this database and did not finish within 10 s; try again when it has finished; nothing was written"),
        "{err}"
    );
    assert!(!err.contains("database is locked"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn formula_cells_are_exported_as_given_or_escaped_for_spreadsheets() {
    let env = Env::new();
    env.write(
        "f/organizations.csv",
        &format!("id,name,description\n{ORG},\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",@SUM(1)\n"),
    );
    env.ok(&["import", "f"]);
    env.ok(&["export", "--format", "datapackage", "--out", "plain"]);
    let plain = std::fs::read_to_string(env.path("plain/organizations.csv")).unwrap();
    assert!(
        plain.contains(",\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,@SUM(1),"),
        "{plain}"
    );
    env.ok(&[
        "export",
        "--format",
        "datapackage",
        "--escape-formulas",
        "--out",
        "sheet",
    ]);
    let sheet = std::fs::read_to_string(env.path("sheet/organizations.csv")).unwrap();
    assert!(
        sheet.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,'@SUM(1),"),
        "{sheet}"
    );
    assert!(sheet.contains(ORG) && !sheet.contains(&format!("'{ORG}")));
    let out = env.haven(&[
        "export",
        "--format",
        "json",
        "--escape-formulas",
        "--out",
        "x.json",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("--escape-formulas applies to --format datapackage"));
}

/// A small, seedable random number source (xorshift), so a failing run can be repeated.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Kill an import with SIGKILL at random moments: the store is always exactly as before or
/// exactly as after, and SQLite finds it intact.
#[test]
fn an_import_killed_at_random_points_leaves_the_store_before_or_after() {
    const TRIALS: usize = 5;
    let seed = std::env::var("HAVEN_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64 | 1)
                .unwrap_or(1)
        });
    let mut rng = seed;
    // The "after" state and how long a whole import takes, measured once.
    let reference = Env::new();
    reference.ok(&["import", base_package(&reference).to_str().unwrap()]);
    let before = reference.dump();
    reference.ok(&[
        "generate",
        "--services",
        "2000",
        "--seed",
        "5",
        "--out",
        "big",
    ]);
    let big = reference.path("big");
    let started = Instant::now();
    reference.ok(&["import", big.to_str().unwrap()]);
    let full = started.elapsed();
    let after = reference.dump();
    assert_ne!(before, after);
    let mut seen = (0, 0);
    for trial in 0..TRIALS {
        let env = Env::new();
        env.ok(&["import", base_package(&env).to_str().unwrap()]);
        // Anywhere from the start to a little past the measured end.
        let wait = Duration::from_micros(next(&mut rng) % (full.as_micros() as u64 * 11 / 10 + 1));
        let mut child = env
            .cmd(&["import", big.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL on unix; fails only if it already ended
        child.wait().unwrap();
        let now = env.dump();
        let state = if now == before {
            seen.0 += 1;
            "before"
        } else if now == after {
            seen.1 += 1;
            "after"
        } else {
            panic!("trial {trial} (seed {seed}, killed after {wait:?}): the store is neither before nor after the import");
        };
        assert_eq!(
            integrity(&env.db()),
            "ok",
            "trial {trial} (seed {seed}, killed after {wait:?}, {state})"
        );
    }
    assert_eq!(seen.0 + seen.1, TRIALS);
}

#[test]
fn a_descriptor_named_in_the_current_folder_still_reads_its_package() {
    let env = Env::new();
    env.write(
        "datapackage.json",
        r#"{"resources":[{"name":"organization","path":"organizations.csv"}]}"#,
    );
    env.write(
        "organizations.csv",
        &format!("id,name,description\n{ORG},Synthetic Org,Synthetic test data\n"),
    );
    let out = env.ok(&["import", "datapackage.json"]);
    assert!(
        out.contains("organization") && out.contains("Imported"),
        "{out}"
    );
}
