//! `haven migrate`, `backup`, `restore` and `copy` as an operator runs them: a backup restored
//! exports byte for byte what the store exported, and the same input exports the same bytes from
//! SQLite and from PostgreSQL (the PostgreSQL half needs `HAVEN_TEST_POSTGRES`, see
//! `scripts/test.sh`; under CI it fails without it).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

mod support;

use support::PgDb;

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
        assert!(!out.status.success(), "haven {args:?} should have failed");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
    /// A synthetic directory (every table the generator fills), as a datapackage folder.
    fn input(&self) -> String {
        let pkg = self.path("pkg");
        self.ok(&[
            "generate",
            "--services",
            "120",
            "--seed",
            "7",
            "--out",
            pkg.to_str().expect("utf-8 path"),
        ]);
        pkg.display().to_string()
    }
    /// Every byte the store exports: the datapackage folder's files and the NDJSON stream.
    fn export(&self, db: &str, name: &str) -> BTreeMap<String, Vec<u8>> {
        let out = self.path(name);
        self.ok(&[
            "--db",
            db,
            "export",
            "--include-confidential",
            "--out",
            out.to_str().expect("utf-8 path"),
        ]);
        let mut files = BTreeMap::new();
        for e in std::fs::read_dir(&out).expect("export folder") {
            let p = e.expect("entry").path();
            let key = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            files.insert(key, std::fs::read(&p).expect("read export"));
        }
        let nd = self.haven(&["--db", db, "export", "--format", "ndjson", "--out", "-"]);
        assert!(nd.status.success());
        files.insert("-.ndjson".to_string(), nd.stdout);
        assert!(files.len() > 5, "a real export: {:?}", files.keys());
        files
    }
}

fn assert_same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (k, v) in a {
        assert!(b.get(k) == Some(v), "{what}: {k} differs");
    }
}

#[test]
fn a_sqlite_backup_restores_to_a_byte_identical_export() {
    let env = Env::new();
    let pkg = env.input();
    env.ok(&["--db", "sqlite:a.db", "import", &pkg]);
    let before = env.export("sqlite:a.db", "before");
    let said = env.ok(&["--db", "sqlite:a.db", "backup", "--out", "a.backup"]);
    assert!(
        said.starts_with("backed up ") && said.contains("a.backup"),
        "{said}"
    );
    // Never over an existing file.
    let err = env.fails(&["--db", "sqlite:a.db", "backup", "--out", "a.backup"]);
    assert!(err.contains("already exists"), "{err}");
    env.ok(&["--db", "sqlite:r/restored.db", "restore", "a.backup"]);
    assert_same(
        &before,
        &env.export("sqlite:r/restored.db", "after"),
        "restored",
    );
    // A restore goes into an empty store only: the data already there is never mixed with it.
    let err = env.fails(&["--db", "sqlite:a.db", "restore", "a.backup"]);
    assert!(err.contains("already holds records"), "{err}");
    let err = env.fails(&["--db", "sqlite:x.db", "restore", "missing.backup"]);
    assert!(
        err.contains("missing.backup") && err.contains("no such file"),
        "{err}"
    );
}

#[test]
fn migrate_reports_the_schema_version_and_copy_refuses_a_full_target() {
    let env = Env::new();
    let out = env.ok(&["--db", "sqlite:m.db", "migrate"]);
    assert!(
        out.contains("m.db") && out.contains("schema version 1"),
        "{out}"
    );
    let pkg = env.input();
    env.ok(&["--db", "sqlite:a.db", "import", &pkg]);
    env.ok(&["--db", "sqlite:b.db", "import", &pkg]);
    let err = env.fails(&["copy", "--from", "sqlite:a.db", "--to", "sqlite:b.db"]);
    assert!(err.contains("already holds records"), "{err}");
    let said = env.ok(&["copy", "--from", "sqlite:a.db", "--to", "sqlite:c.db"]);
    assert!(said.starts_with("copied "), "{said}");
    assert_same(
        &env.export("sqlite:a.db", "a"),
        &env.export("sqlite:c.db", "c"),
        "copy",
    );
}

#[test]
fn the_same_input_exports_the_same_bytes_from_sqlite_and_postgres() {
    let Some(pg) = PgDb::new("same_bytes") else {
        return;
    };
    let env = Env::new();
    let pkg = env.input();
    let out = env.ok(&["--db", &pg.url, "migrate"]);
    assert!(
        out.starts_with("PostgreSQL ") && out.contains("schema version 1"),
        "{out}"
    );
    env.ok(&["--db", "sqlite:a.db", "import", &pkg]);
    env.ok(&["--db", &pg.url, "import", &pkg]);
    let sqlite = env.export("sqlite:a.db", "from-sqlite");
    let postgres = env.export(&pg.url, "from-postgres");
    assert_same(&sqlite, &postgres, "SQLite vs PostgreSQL export");
    // Importing the same input again changes nothing on either backend.
    let again = env.ok(&["--db", &pg.url, "import", &pkg]);
    let rows: Vec<Vec<&str>> = again
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|w| w.len() == 4)
        .collect();
    assert!(rows.len() > 5, "{again}");
    assert!(
        rows.iter()
            .all(|w| w[1] == "0" && w[2] == "0" && w[3] != "0"),
        "nothing created or updated the second time:\n{again}"
    );
    assert_same(
        &sqlite,
        &env.export(&pg.url, "again"),
        "after a second import",
    );
}

#[test]
fn a_postgres_backup_restores_and_copies_move_a_directory_between_backends() {
    let (Some(pg), Some(pg2), Some(pg3)) = (
        PgDb::new("backup_src"),
        PgDb::new("backup_dst"),
        PgDb::new("copy_dst"),
    ) else {
        return;
    };
    let env = Env::new();
    let pkg = env.input();
    env.ok(&["--db", &pg.url, "import", &pkg]);
    let before = env.export(&pg.url, "before");
    env.ok(&["--db", &pg.url, "backup", "--out", "pg.backup"]);
    env.ok(&["--db", &pg2.url, "restore", "pg.backup"]);
    assert_same(
        &before,
        &env.export(&pg2.url, "restored"),
        "PostgreSQL restore",
    );
    let err = env.fails(&["--db", &pg2.url, "restore", "pg.backup"]);
    assert!(err.contains("already holds records"), "{err}");
    // The backup is a SQLite store of its own: restored into SQLite it exports the same too.
    env.ok(&["--db", "sqlite:from-pg.db", "restore", "pg.backup"]);
    assert_same(
        &before,
        &env.export("sqlite:from-pg.db", "as-sqlite"),
        "into SQLite",
    );
    // SQLite -> PostgreSQL with copy.
    env.ok(&["copy", "--from", "sqlite:from-pg.db", "--to", &pg3.url]);
    assert_same(&before, &env.export(&pg3.url, "copied"), "copied back");
}

#[test]
fn a_postgres_password_never_shows_in_an_error() {
    let env = Env::new();
    let err = env.fails(&[
        "--db",
        "postgres://haven:s3cret@127.0.0.1:1/haven",
        "migrate",
    ]);
    assert!(err.contains("127.0.0.1:1/haven"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
}
