//! What the `haven` binary's integration tests share: a real `haven serve` on a random port, and
//! a plain HTTP GET (no client library: exactly the bytes a browser would send).

#![allow(dead_code)] // Each test binary uses its own part of the harness.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server process, killed when dropped.
pub struct Server {
    /// The `haven serve` process.
    pub child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// Its standard error, line by line.
    pub log: std::sync::mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start `haven serve` on the store `db` and wait until it says where it listens.
pub fn serve(db: &str) -> Server {
    serve_in(Command::new(env!("CARGO_BIN_EXE_haven")), db)
}

/// Start `haven serve` through `cmd` (the binary itself, or a shell that execs it).
pub fn serve_in(mut cmd: Command, db: &str) -> Server {
    let mut child = cmd
        .args([
            "--db",
            db,
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--exit-url",
            "http://127.0.0.1:9/",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start haven serve");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let addr = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left)
            .expect("haven serve says where it listens");
        if let Some(rest) = line.strip_prefix("haven: serving on http://") {
            break rest.split('/').next().unwrap_or_default().to_string();
        }
    };
    Server {
        child,
        addr,
        log: rx,
    }
}

/// Run `haven ARGS` in `dir` (no `HAVEN_DB` from the environment) and give its standard output,
/// failing the test with its standard error when it fails.
pub fn haven(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(args)
        .current_dir(dir)
        .env_remove("HAVEN_DB")
        .output()
        .expect("run haven");
    assert!(
        out.status.success(),
        "haven {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// GET with a browser-like user agent: (status, body).
pub fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: Mozilla/5.0 secret-agent\r\n\
         Referer: http://elsewhere.example/secret-page\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A fresh PostgreSQL database for one test on the server `HAVEN_TEST_POSTGRES` names (dropped
/// at the end), or None outside CI without a server (said on stderr); under `CI=true` a
/// missing server fails the test, so it can never pass for a green suite.
pub struct PgDb {
    server: String,
    name: String,
    /// The URL of the new database.
    pub url: String,
}

impl PgDb {
    /// Create the database `haven_cli_<pid>_<tag>`.
    pub fn new(tag: &str) -> Option<PgDb> {
        let server = match std::env::var("HAVEN_TEST_POSTGRES") {
            Ok(s) if !s.is_empty() => s,
            _ => {
                assert!(
                    std::env::var("CI").map_or(true, |v| v != "true"),
                    "HAVEN_TEST_POSTGRES is not set, so the PostgreSQL tests cannot run; \
                     scripts/test.sh starts a throwaway server and sets it"
                );
                eprintln!("not run: {tag} on PostgreSQL (HAVEN_TEST_POSTGRES is not set)");
                return None;
            }
        };
        let name = format!("haven_cli_{}_{tag}", std::process::id());
        let mut admin = postgres::Client::connect(&server, postgres::NoTls).expect("connect");
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"
            ))
            .expect("create database");
        let (head, query) = server.split_once('?').unwrap_or((&server, ""));
        let at = head.find("://").map_or(0, |i| i + 3);
        let base = head[at..].find('/').map_or(head, |i| &head[..at + i]);
        let url = if query.is_empty() {
            format!("{base}/{name}")
        } else {
            format!("{base}/{name}?{query}")
        };
        Some(PgDb { server, name, url })
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A connection to the server's own database (to create, alter or watch databases).
    pub fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.server, postgres::NoTls).expect("admin connect")
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
