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
