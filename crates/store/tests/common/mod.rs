//! Runs one store test on every backend: SQLite in a temporary folder, and PostgreSQL in a fresh
//! database per test on the server `HAVEN_TEST_POSTGRES` names (`scripts/test.sh` starts one).
//!
//! Without `HAVEN_TEST_POSTGRES` the PostgreSQL half fails under CI (`CI=true`), so a missing
//! server can never pass for a green suite; run locally, it says "not run" and why.
#![allow(dead_code)] // each test file uses its own share of the helpers

use std::sync::atomic::{AtomicU32, Ordering};
use store::Store;

/// A store to test against, removed when dropped.
pub struct Fixture {
    /// The URL that opens it.
    pub url: String,
    /// Which backend it is.
    pub backend: store::Backend,
    _dir: Option<tempfile::TempDir>,
    /// (server URL, database name) to drop at the end.
    db: Option<(String, String)>,
}

/// The variable naming a PostgreSQL server the tests may create databases on.
pub const PG_VAR: &str = "HAVEN_TEST_POSTGRES";

impl Fixture {
    /// A new SQLite file in a temporary folder.
    pub fn sqlite() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite:{}", dir.path().join("haven.sqlite").display());
        Fixture {
            url,
            backend: store::Backend::Sqlite,
            _dir: Some(dir),
            db: None,
        }
    }

    /// A fresh, empty PostgreSQL database for the test `name`, or None (said on stderr) when no
    /// server is configured outside CI.
    pub fn postgres(name: &str) -> Option<Fixture> {
        let Some(server) = std::env::var(PG_VAR).ok().filter(|v| !v.is_empty()) else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "{PG_VAR} is not set, so the PostgreSQL store tests cannot run; \
                     scripts/test.sh starts a throwaway server and sets it"
                );
            }
            eprintln!(
                "not run: {name} on PostgreSQL ({PG_VAR} is not set; set it to a server URL \
                 where tests may create databases, e.g. postgres://postgres@127.0.0.1:5432/postgres)"
            );
            return None;
        };
        static N: AtomicU32 = AtomicU32::new(0);
        let mut short: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        short.truncate(30);
        let db = format!(
            "haven_t_{}_{}_{short}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = postgres::Client::connect(&server, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to {PG_VAR}={server}: {e}"));
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {db} ENCODING 'UTF8' TEMPLATE template0"
            ))
            .unwrap_or_else(|e| panic!("cannot create test database {db}: {e}"));
        Some(Fixture {
            url: with_database(&server, &db),
            backend: store::Backend::Postgres,
            _dir: None,
            db: Some((server, db)),
        })
    }

    /// Open (a new connection to) the store.
    pub fn open(&self) -> Box<dyn Store> {
        store::open(&self.url).unwrap_or_else(|e| panic!("open {}: {e}", self.url))
    }

    /// A raw SQL connection to the PostgreSQL database (None for SQLite), to damage it on purpose.
    pub fn raw_postgres(&self) -> Option<postgres::Client> {
        self.db
            .as_ref()
            .map(|_| postgres::Client::connect(&self.url, postgres::NoTls).expect("raw connect"))
    }

    /// The SQLite file (None for PostgreSQL).
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        self.url
            .strip_prefix("sqlite:")
            .map(std::path::PathBuf::from)
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some((server, db)) = &self.db {
            // Best effort: a leftover database on a throwaway server harms nothing.
            if let Ok(mut admin) = postgres::Client::connect(server, postgres::NoTls) {
                let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
            }
        }
    }
}

/// A server URL with its database replaced by `db`.
pub fn with_database(server: &str, db: &str) -> String {
    let (head, query) = match server.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (server, String::new()),
    };
    let after_scheme = head.find("://").map_or(0, |i| i + 3);
    let base = match head[after_scheme..].find('/') {
        Some(i) => &head[..after_scheme + i],
        None => head,
    };
    format!("{base}/{db}{query}")
}

/// Declare that the test function `$name(fx: &Fixture)` runs on both backends, as
/// `$name::sqlite` and `$name::postgres`.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(&$crate::common::Fixture::sqlite());
            }
            #[test]
            fn postgres() {
                if let Some(fx) = $crate::common::Fixture::postgres(stringify!($name)) {
                    super::$name(&fx);
                }
            }
        }
    )+};
}
