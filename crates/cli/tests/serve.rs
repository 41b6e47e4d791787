//! `haven serve` as an operator runs it: the real binary on a new store, talked to over HTTP,
//! its standard error read as the request log.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

use support::{get, serve, serve_in};

#[test]
fn the_request_log_says_nothing_about_who_looked_for_what() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite:{}", dir.path().join("h.sqlite").display());
    let server = serve(&db);
    let a = server.addr.clone();
    assert_eq!(get(&a, "/find?near=10001&q=hospital").0, 200);
    assert_eq!(get(&a, "/find?near=99999&radius=5").0, 400);
    assert_eq!(get(&a, "/es/hospital?near=77002").0, 200);
    let (status, body) = get(&a, "/find?near=10001");
    assert_eq!(status, 200);
    let start = body.find("href=\"/services/").expect("a service link") + 6;
    let path = body[start..start + body[start..].find('"').expect("end")].to_string();
    let service_id = path.trim_start_matches("/services/").to_string();
    assert_eq!(get(&a, &path).0, 200);
    assert_eq!(
        get(&a, "/api/services?lat=40.75&lon=-73.99&per_page=2").0,
        200
    );
    // The log line is written after the response; collect until every request has one.
    let mut log = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while log.iter().filter(|l: &&String| l.contains(" GET ")).count() < 6
        && Instant::now() < deadline
    {
        if let Ok(l) = server.log.recv_timeout(Duration::from_millis(200)) {
            log.push(l);
        }
    }
    for want in [
        "haven: GET /find 200 ",
        "haven: GET /find 400 ",
        "haven: GET /services/{id} 200 ",
        "haven: GET /es/hospital 200 ",
    ] {
        assert!(
            log.iter().any(|l| l.starts_with(want)),
            "no log line {want:?} in {log:#?}"
        );
    }
    assert!(
        log.iter()
            .any(|l| l.starts_with("haven: GET /api/services 200 ")),
        "{log:#?}"
    );
    for line in &log {
        for secret in [
            "127.0.0.1",
            "10001",
            "77002",
            "99999",
            "hospital?",
            "?",
            "near",
            "lat=",
            "Mozilla",
            "secret",
            "elsewhere",
            service_id.as_str(),
        ] {
            // The startup line names the listening address; request lines never do.
            if line.starts_with("haven: serving on") {
                continue;
            }
            assert!(
                !line.contains(secret),
                "log line {line:?} contains {secret:?}"
            );
        }
    }
}

#[test]
fn quiet_serve_logs_no_requests_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite:{}", dir.path().join("h.sqlite").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["--db", &db, "serve", "--addr", "127.0.0.1:0", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let addr = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("listening");
        if let Some(rest) = line.strip_prefix("haven: serving on http://") {
            break rest.split('/').next().unwrap_or_default().to_string();
        }
    };
    assert_eq!(get(&addr, "/find?near=10001").0, 200);
    assert_eq!(get(&addr, "/hotlines").0, 200);
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    let rest: Vec<String> = rx.try_iter().collect();
    assert!(rest.iter().all(|l| !l.contains(" GET ")), "{rest:#?}");
}

#[test]
fn serve_refuses_a_quick_exit_that_would_not_leave_the_site() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite:{}", dir.path().join("h.sqlite").display());
    for bad in ["javascript:alert(1)", "", "/elsewhere"] {
        let out = Command::new(env!("CARGO_BIN_EXE_haven"))
            .args([
                "--db",
                &db,
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--exit-url",
                bad,
            ])
            .output()
            .expect("run");
        assert!(!out.status.success(), "{bad:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--exit-url"), "{bad:?}: {err}");
        assert!(!err.contains("serving on"), "{bad:?}: {err}");
    }
    assert!(
        !dir.path().join("h.sqlite").exists(),
        "a refused start created no store"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn serve_runs_without_core_dumps_and_with_its_open_file_limit_raised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite:{}", dir.path().join("h.sqlite").display());
    // Start it with a low soft limit (as many systems do: 1024 or less), through a shell.
    let mut sh = Command::new("sh");
    sh.args([
        "-c",
        "ulimit -Sn 200 && exec \"$0\" \"$@\"",
        env!("CARGO_BIN_EXE_haven"),
    ]);
    let server = serve_in(sh, &db);
    let limits =
        std::fs::read_to_string(format!("/proc/{}/limits", server.child.id())).expect("limits");
    let row = |name: &str| -> Vec<String> {
        limits
            .lines()
            .find(|l| l.starts_with(name))
            .map(|l| {
                l[name.len()..]
                    .split_whitespace()
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let core = row("Max core file size");
    assert_eq!(core.first().map(String::as_str), Some("0"), "{limits}");
    let files = row("Max open files");
    assert!(files.len() >= 2, "{limits}");
    assert_eq!(
        files[0], files[1],
        "soft open-file limit raised to the hard one"
    );
    assert_ne!(files[0], "200", "{limits}");
    assert_eq!(get(&server.addr, "/healthz").0, 200);
}
