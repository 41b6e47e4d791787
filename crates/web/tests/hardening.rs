//! haven under hostile clients, as promised in docs/security.md: slow and idle sockets are cut
//! off, the connection cap refuses cleanly, stalled stream readers are released, no request
//! header can change an absolute URL, searches are never cached, the quick exit must leave the
//! site, and a store deleted, replaced or read-only is handled in plain words.
//! The directory is the API tests' fixture (official examples plus synthetic services).

mod api_support;

use api_support::{import, load, scratch, uid};
use hsds::Table;
use serde_json::json;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Start the app with `config` over the store at `url`.
fn start_with(url: &str, config: web::Config) -> (SocketAddr, Arc<web::AppState>) {
    let state = Arc::new(web::AppState::open(config, url).expect("open app"));
    let st = state.clone();
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
            web::serve(listener, st).await.expect("serve");
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).expect("started");
    (addr, state)
}

fn quiet(limits: web::Limits) -> web::Config {
    web::Config {
        log_requests: false,
        refresh_every: Duration::from_millis(100),
        limits,
        ..Default::default()
    }
}

/// A fresh store with the fixture directory.
fn fixture(name: &str) -> (std::path::PathBuf, String) {
    let dir = scratch(name);
    let path = dir.join("h.sqlite");
    let url = format!("sqlite:{}", path.display());
    load(&url);
    (path, url)
}

/// Send one request on a new connection and read until the server closes it.
fn exchange(addr: SocketAddr, req: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    s.write_all(req.as_bytes()).expect("write");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

fn get(addr: SocketAddr, path: &str, extra: &str) -> String {
    exchange(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{extra}Connection: close\r\n\r\n"),
    )
}

fn status(resp: &str) -> u16 {
    resp.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn header<'a>(resp: &'a str, name: &str) -> Vec<&'a str> {
    let head = resp.split("\r\n\r\n").next().unwrap_or("");
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .collect()
}

fn body(resp: &str) -> &str {
    resp.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("")
}

/// Read one keep-alive response (headers and a Content-Length body) from an open socket.
fn read_response(s: &mut TcpStream) -> String {
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&raw).into_owned();
        if let Some((head, rest)) = text.split_once("\r\n\r\n") {
            let len: usize = header(&format!("{head}\r\n\r\n"), "content-length")
                .first()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            if rest.len() >= len {
                return text;
            }
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return String::from_utf8_lossy(&raw).into_owned(),
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
}

/// Wait until the server closes `s` (read gives 0 or an error); how long that took.
fn closed_within(s: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let t = Instant::now();
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    let mut buf = [0u8; 1024];
    while t.elapsed() < limit {
        match s.read(&mut buf) {
            Ok(0) => return Some(t.elapsed()),
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return Some(t.elapsed()),
        }
    }
    None
}

#[test]
fn a_client_sending_its_headers_slowly_is_cut_off_at_the_header_timeout() {
    let (_, url) = fixture("hardening-slow-headers");
    let (addr, _state) = start_with(
        &url,
        quiet(web::Limits {
            header_timeout: Duration::from_secs(1),
            idle_timeout: Duration::from_secs(30),
            ..Default::default()
        }),
    );
    let mut s = TcpStream::connect(addr).expect("connect");
    s.write_all(b"GET / HTTP/1.1\r\n").expect("write");
    s.set_read_timeout(Some(Duration::from_millis(250)))
        .expect("timeout");
    let t = Instant::now();
    let mut buf = [0u8; 256];
    let mut closed = None;
    // One header line every 250 ms, for up to 8 s: bytes keep coming, the headers never end.
    for i in 0..32 {
        if s.write_all(format!("X-Slow-{i}: x\r\n").as_bytes())
            .is_err()
        {
            closed = Some(t.elapsed());
            break;
        }
        match s.read(&mut buf) {
            Ok(0) => {
                closed = Some(t.elapsed());
                break;
            }
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => {
                closed = Some(t.elapsed());
                break;
            }
        }
    }
    let closed = closed.expect("the slow client was never cut off");
    assert!(closed < Duration::from_secs(4), "cut off after {closed:?}");
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() {
    let (_, url) = fixture("hardening-idle");
    let (addr, _state) = start_with(
        &url,
        quiet(web::Limits {
            header_timeout: Duration::from_secs(20),
            idle_timeout: Duration::from_secs(1),
            ..Default::default()
        }),
    );
    let mut s = TcpStream::connect(addr).expect("connect");
    s.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .expect("write");
    let r = read_response(&mut s);
    assert_eq!(status(&r), 200, "{r}");
    let took = closed_within(&mut s, Duration::from_secs(8)).expect("idle socket stays open");
    assert!(took < Duration::from_secs(4), "closed after {took:?}");
    // A connection that never sends anything is closed too.
    let mut silent = TcpStream::connect(addr).expect("connect");
    assert!(closed_within(&mut silent, Duration::from_secs(8)).is_some());
}

#[test]
fn past_the_connection_cap_a_new_connection_gets_a_503_and_open_ones_are_still_served() {
    let (_, url) = fixture("hardening-cap");
    let (addr, _state) = start_with(
        &url,
        quiet(web::Limits {
            max_connections: 3,
            idle_timeout: Duration::from_secs(60),
            header_timeout: Duration::from_secs(60),
            ..Default::default()
        }),
    );
    let req = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let mut open: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = TcpStream::connect(addr).expect("connect");
            s.write_all(req.as_bytes()).expect("write");
            assert_eq!(status(&read_response(&mut s)), 200);
            s
        })
        .collect();
    let refused = exchange(addr, &req);
    assert_eq!(status(&refused), 503, "at the cap: {refused:?}");
    assert!(body(&refused).contains("busy"), "{refused}");
    assert_eq!(header(&refused, "retry-after"), vec!["5"]);
    // The connections already open are still served at the cap.
    open[0].write_all(req.as_bytes()).expect("write");
    assert_eq!(status(&read_response(&mut open[0])), 200);
    // Below the cap again, new connections get pages.
    open.truncate(1);
    let t = Instant::now();
    loop {
        let r = get(addr, "/hotlines", "");
        if status(&r) == 200 {
            break;
        }
        assert!(t.elapsed() < Duration::from_secs(5), "still refused: {r}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Many services of one organization, with long descriptions (so a stream outgrows the
/// sockets' buffers): synthetic test data.
fn big_org(url: &str, n: usize) -> String {
    let org = uid(90, 1);
    let mut rows = vec![(
        Table::Organization,
        api_support_rec(
            json!({"id": org, "name": "Synthetic big organization", "description": "test data"}),
        ),
    )];
    let filler = "synthetic test description ".repeat(80);
    for i in 0..n {
        rows.push((
            Table::Service,
            api_support_rec(json!({"id": uid(91, i), "organization_id": org,
                "name": format!("Synthetic bulk service {i}"), "status": "active",
                "description": filler})),
        ));
    }
    import(url, &rows);
    org
}

fn api_support_rec(v: serde_json::Value) -> hsds::Record {
    match v {
        serde_json::Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

#[test]
fn a_stalled_ndjson_reader_is_released_within_the_deadline_and_pages_stay_fast() {
    let (_, url) = fixture("hardening-stall");
    let org = big_org(&url, 6000);
    let (addr, _state) = start_with(
        &url,
        quiet(web::Limits {
            max_streams: 2,
            stream_write_timeout: Duration::from_secs(1),
            idle_timeout: Duration::from_secs(120),
            ..Default::default()
        }),
    );
    let path = format!("/api/services?format=ndjson&full=true&organization_id={org}");
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    // Two readers take their headers and stop reading.
    let stalled: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut s = TcpStream::connect(addr).expect("connect");
            s.write_all(req.as_bytes()).expect("write");
            let mut head = [0u8; 64];
            s.set_read_timeout(Some(Duration::from_secs(30)))
                .expect("timeout");
            let n = s.read(&mut head).expect("response starts");
            assert!(String::from_utf8_lossy(&head[..n]).contains(" 200 "));
            s
        })
        .collect();
    // Both stream slots are taken: a third stream is refused with a problem, not queued.
    let third = get(addr, &path, "");
    assert_eq!(status(&third), 503, "{}", &third[..third.len().min(300)]);
    assert_eq!(
        header(&third, "content-type"),
        vec!["application/problem+json"]
    );
    // Store-backed answers stay fast meanwhile.
    let t = Instant::now();
    let one = get(addr, &format!("/api/services/{}", uid(91, 7)), "");
    assert_eq!(status(&one), 200);
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "took {:?}",
        t.elapsed()
    );
    // Past the write deadline the stalled walks stop and free their slots.
    let t = Instant::now();
    loop {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .expect("write");
        let mut head = [0u8; 64];
        s.set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let n = s.read(&mut head).unwrap_or(0);
        if String::from_utf8_lossy(&head[..n]).contains(" 200 ") {
            let mut rest = Vec::new();
            let _ = s.read_to_end(&mut rest);
            let lines = rest.iter().filter(|b| **b == b'\n').count();
            assert!(lines >= 6000, "the full stream arrived: {lines} lines");
            break;
        }
        // A stalled walk stops one deadline after its output no longer fits in the socket
        // buffers and the channel, so the bound is the time to render what fits (several MB
        // of full records, two walks at once; 4-9 s in a debug build on 2 cores) plus the
        // deadline. The stalled readers stay connected until the end and the idle timeout is
        // longer than the bound, so only the write deadline can free their slots in time.
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "the stalled streams still hold their slots after {:?}",
            t.elapsed()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(stalled);
}

#[test]
fn a_poisoned_host_or_forwarded_header_is_not_reflected_in_any_absolute_url() {
    let (_, url) = fixture("hardening-host");
    let (addr, _state) = start_with(
        &url,
        web::Config {
            public_origin: Some("https://help.example.org".to_string()),
            ..quiet(web::Limits::default())
        },
    );
    let evil = "X-Forwarded-Proto: http\r\nX-Forwarded-Host: evil.example\r\n";
    let poisoned = |path: &str| {
        exchange(
            addr,
            &format!(
                "GET {path} HTTP/1.1\r\nHost: evil.example\r\n{evil}Connection: close\r\n\r\n"
            ),
        )
    };
    let api = poisoned("/api/");
    assert_eq!(status(&api), 200);
    assert!(!api.contains("evil.example"), "{api}");
    assert!(body(&api).contains("https://help.example.org/api/openapi.json"));
    let feed = poisoned("/learn/feed.atom");
    assert!(!feed.contains("evil.example"));
    assert!(body(&feed).contains("<id>https://help.example.org/learn/feed.atom</id>"));
    assert!(header(&feed, "vary")
        .iter()
        .any(|v| v.contains("Accept-Language")));
    let card = poisoned("/card?qr=1");
    assert_eq!(status(&card), 200);
    assert!(body(&card).contains("<svg"), "the card has its QR code");
    // The QR code encodes the configured origin: the same drawing whatever Host says.
    let clean = get(addr, "/card?qr=1", "");
    assert_eq!(body(&card), body(&clean));
}

#[test]
fn forwarded_headers_count_only_from_a_trusted_proxy_and_say_vary() {
    let (_, url) = fixture("hardening-proxy");
    let fwd = "X-Forwarded-Proto: https\r\nX-Forwarded-Host: help.example.org\r\n";
    let (trusting, _a) = start_with(
        &url,
        web::Config {
            trusted_proxies: vec!["127.0.0.1".parse().expect("ip")],
            ..quiet(web::Limits::default())
        },
    );
    let r = get(trusting, "/api/", fwd);
    assert!(
        body(&r).contains("https://help.example.org/api/docs"),
        "{r}"
    );
    assert!(header(&r, "vary")
        .iter()
        .any(|v| v.contains("X-Forwarded-Host")));
    let (untrusting, _b) = start_with(&url, quiet(web::Limits::default()));
    let r = get(untrusting, "/api/", fwd);
    assert!(!r.contains("help.example.org"), "{r}");
    assert!(body(&r).contains(&format!("http://{untrusting}/api/docs")));
}

#[test]
fn searches_are_never_cached_and_say_private_no_store() {
    let (_, url) = fixture("hardening-cache");
    let (addr, state) = start_with(&url, quiet(web::Limits::default()));
    let before = state.cached_responses();
    for path in [
        "/api/services?lat=40.75&lon=-73.99",
        "/api/service_at_locations?postcode=10001",
        "/api/services?search=shelter",
        "/api/organizations?search=test",
    ] {
        for _ in 0..2 {
            let r = get(addr, path, "");
            assert_eq!(status(&r), 200, "{path}");
            assert_eq!(
                header(&r, "cache-control"),
                vec!["private, no-store"],
                "{path}"
            );
        }
    }
    assert_eq!(state.cached_responses(), before, "a search was cached");
    let r = get(addr, "/api/services?per_page=3", "");
    assert_eq!(header(&r, "cache-control"), vec!["public, max-age=60"]);
    let (n, bytes) = state.cached_responses();
    assert_eq!(n, before.0 + 1);
    let key_len = "/api/services?per_page=3".len();
    assert!(
        bytes >= before.1 + body(&r).len().min(1) + key_len,
        "keys count in the budget"
    );
}

#[test]
fn pages_that_say_something_about_a_person_are_private_and_links_drop_unknown_parameters() {
    let (_, url) = fixture("hardening-pages");
    let (addr, _state) = start_with(&url, quiet(web::Limits::default()));
    for path in [
        "/guide/for-me",
        "/guide/me-danger",
        "/es/guide/me-safety",
        "/card?neutral=1",
        "/hotlines?near=10001",
    ] {
        let r = get(addr, path, "");
        assert_eq!(status(&r), 200, "{path}");
        assert_eq!(
            header(&r, "cache-control"),
            vec!["private, no-store"],
            "{path}"
        );
    }
    let r = get(addr, "/hotlines", "");
    assert_eq!(header(&r, "cache-control"), vec!["public, max-age=300"]);
    let r = get(addr, "/find?near=10001&utm_source=secret-tracker", "");
    assert!(
        !body(&r).contains("secret-tracker"),
        "echoed an unused parameter"
    );
    assert!(body(&r).contains("/es/find?near=10001"), "kept the search");
    let r = get(addr, "//es/hotlines", "");
    assert!(
        body(&r).contains("href=\"/en/hotlines\""),
        "switcher from //es/hotlines"
    );
    assert!(!body(&r).contains("/en//"));
}

#[test]
fn the_quick_exit_must_be_an_absolute_http_url_on_another_origin() {
    let with = |exit: &str, origin: Option<&str>| web::Config {
        exit_url: exit.to_string(),
        public_origin: origin.map(str::to_string),
        ..Default::default()
    };
    for bad in [
        "javascript:alert(1)",
        "",
        "/relative/path",
        "weather.com",
        "https://",
        "data:text/html,hi",
    ] {
        let e = with(bad, None).check().expect_err(bad);
        assert!(e.to_string().starts_with("--exit-url: "), "{bad}: {e}");
    }
    let e = with(
        "https://HELP.example.org/away",
        Some("https://help.example.org"),
    )
    .check()
    .expect_err("same origin");
    assert!(e.to_string().contains("own origin"), "{e}");
    assert!(
        with("https://weather.com/", Some("https://help.example.org"))
            .check()
            .is_ok()
    );
    let e = with("https://weather.com/", Some("help.example.org"))
        .check()
        .expect_err("origin without scheme");
    assert!(e.to_string().starts_with("--public-origin"), "{e}");
    assert!(web::AppState::open(with("javascript:x", None), "sqlite::memory:").is_err());
}

#[test]
fn a_store_deleted_or_replaced_while_serving_is_said_and_never_swapped_for_an_empty_one() {
    let (path, url) = fixture("hardening-replaced");
    let (addr, _state) = start_with(&url, quiet(web::Limits::default()));
    let count = |addr| {
        let r = get(addr, "/api/services?per_page=1", "");
        serde_json::from_str::<serde_json::Value>(body(&r))
            .ok()
            .and_then(|v| v["total_items"].as_u64())
            .unwrap_or(0)
    };
    let before = count(addr);
    assert!(before > 100);
    assert!(get(addr, "/healthz", "").ends_with("ok\n"));
    // Replace the file with a new, empty store (what a mistaken restore or cleanup does).
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    drop(store::open(&url).expect("a new empty store in its place"));
    std::thread::sleep(Duration::from_millis(600));
    let h = get(addr, "/healthz", "");
    assert_eq!(status(&h), 503, "{h}");
    assert!(body(&h).contains("deleted or replaced"), "{h}");
    assert_eq!(
        count(addr),
        before,
        "the index was swapped for an empty one"
    );
    // Deleted outright: nothing is created in its place.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    std::thread::sleep(Duration::from_millis(400));
    let _ = get(addr, "/api/organizations?per_page=2&page=3", "");
    assert!(!path.exists(), "a store was created under the server");
}

#[cfg(unix)]
#[test]
fn a_read_only_store_is_served_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let (path, url) = fixture("hardening-read-only");
    let dir = path.parent().expect("dir").to_path_buf();
    // Fold the WAL in, as a store image would be.
    drop(store::open(&url).expect("reopen"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let opened = web::AppState::open(quiet(web::Limits::default()), &url);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let state = opened.expect("a read-only store opens");
    assert!(state.read_only());
    drop(state);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let (addr, _state) = start_with(&url, quiet(web::Limits::default()));
    let h = get(addr, "/healthz", "");
    assert!(body(&h).contains("read-only"), "{h}");
    assert_eq!(status(&get(addr, "/hotlines", "")), 200);
    assert_eq!(status(&get(addr, "/api/services?per_page=2", "")), 200);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
}

#[test]
fn smaller_api_edges_answer_problem_details() {
    let (_, url) = fixture("hardening-edges");
    let (addr, state) = start_with(&url, quiet(web::Limits::default()));
    let r = get(addr, "/api/services/%ff", "");
    assert_eq!(status(&r), 400, "{r}");
    assert_eq!(header(&r, "content-type"), vec!["application/problem+json"]);
    assert!(body(&r).contains("\"parameter\":\"id\""), "{r}");
    let r = get(addr, "/api/services?format=ndjson&page=2", "");
    assert_eq!(status(&r), 400);
    assert!(body(&r).contains("\"parameter\":\"page\""), "{r}");
    // A whole-table export is written once per directory version and then served as a file.
    let a = get(addr, "/api/services?format=ndjson", "");
    let b = get(addr, "/api/services?format=ndjson", "");
    assert_eq!(status(&a), 200);
    assert_eq!(body(&a), body(&b));
    assert!(body(&a).lines().count() > 100);
    assert_eq!(state.exports_kept(), 1);
}
