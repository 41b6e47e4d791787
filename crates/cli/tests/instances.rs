//! Several `haven serve` on one PostgreSQL database, as a scaled-out deployment runs them: an
//! import (by another process) reaches every instance's `/api/services` and `/find` within a
//! second through the store's announcements, an instance that was down serves the new data
//! when it comes back, a dropped listening connection loses nothing; and how one instance
//! starts and stops: `/readyz`, and SIGTERM finishing a request in flight before exiting 0.
//!
//! The PostgreSQL tests need `HAVEN_TEST_POSTGRES` (see `scripts/test.sh`); under `CI=true`
//! they fail without it.

use std::process::Command;
use std::time::{Duration, Instant};

mod support;

use support::{get, haven, serve_in, PgDb, Server};

/// `haven serve` that catches up only every 30 s: anything seen sooner came by announcement.
fn follower(db: &str) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.env("HAVEN_REFRESH_EVERY", "30");
    serve_in(cmd, db)
}

/// A one-service directory at its own spot in the Atlantic, named after `n`.
fn refuge(dir: &std::path::Path, n: u32) -> String {
    let id = |t: u32| format!("{t:08x}-1111-4000-8000-{n:012x}");
    let (lat, lon) = spot(n);
    let doc = serde_json::json!({
        "organization": [{"id": id(1), "name": format!("Refuge Org {n}"),
                          "description": "Test organization for several instances"}],
        "service": [{"id": id(2), "organization_id": id(1), "name": name(n),
                     "status": "active", "description": "A refuge for the instances test"}],
        "location": [{"id": id(3), "location_type": "physical", "organization_id": id(1),
                      "name": format!("Refuge place {n}"), "latitude": lat, "longitude": lon}],
        "service_at_location": [{"id": id(4), "service_id": id(2), "location_id": id(3)}],
    });
    let path = dir.join(format!("refuge-{n}.json"));
    std::fs::write(&path, doc.to_string()).expect("write refuge");
    path.display().to_string()
}

fn name(n: u32) -> String {
    format!("Instances Refuge Number{n}")
}

fn spot(n: u32) -> (f64, f64) {
    (20.0 + f64::from(n), -40.0)
}

/// Whether an instance shows refuge `n` on `/api/services` (a search within 1 km of it,
/// answered from the index) and on `/find` (the public page, from the index too).
fn shows(server: &Server, n: u32) -> bool {
    let (lat, lon) = spot(n);
    let (status, body) = get(
        &server.addr,
        &format!("/api/services?lat={lat}&lon={lon}&radius_km=1"),
    );
    assert_eq!(status, 200, "{body}");
    let api = body.contains(&name(n));
    let (status, page) = get(&server.addr, &format!("/find?lat={lat}&lon={lon}"));
    assert_eq!(status, 200);
    let find = page.contains(&name(n));
    // The index may change between the two requests: true only once both show it, false
    // only while neither does.
    match (api, find) {
        (true, true) => true,
        (false, false) => false,
        _ => shows(server, n),
    }
}

/// How long until every server shows refuge `n` (None: not within `limit`).
fn until_shown(servers: &[&Server], n: u32, limit: Duration) -> Option<Duration> {
    let t = Instant::now();
    loop {
        if servers.iter().all(|s| shows(s, n)) {
            return Some(t.elapsed());
        }
        if t.elapsed() > limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn import(dir: &std::path::Path, db: &str, path: &str) {
    haven(dir, &["--db", db, "import", path]);
}

/// Listening connections haven holds on the database now.
fn listeners(pg: &PgDb) -> i64 {
    pg.admin()
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
            &[&pg.name(), &store::LISTENER_NAME],
        )
        .expect("pg_stat_activity")
        .get(0)
}

#[test]
fn two_instances_on_one_postgres_see_every_import_within_a_second() {
    let Some(pg) = PgDb::new("two_instances") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let pkg = d.join("pkg");
    let pkg = pkg.to_str().expect("utf-8");
    haven(
        d,
        &["generate", "--services", "40", "--seed", "5", "--out", pkg],
    );
    import(d, &pg.url, pkg);
    let a = follower(&pg.url);
    let mut b = follower(&pg.url);
    assert!(!shows(&a, 1) && !shows(&b, 1));

    let r1 = refuge(d, 1);
    import(d, &pg.url, &r1);
    let took = until_shown(&[&a, &b], 1, Duration::from_secs(1));
    assert!(
        took.is_some(),
        "an import reached both instances within 1 s"
    );

    // One instance down while an import lands; back up, it serves the new data at once.
    drop(b);
    let r2 = refuge(d, 2);
    import(d, &pg.url, &r2);
    assert!(until_shown(&[&a], 2, Duration::from_secs(1)).is_some());
    b = follower(&pg.url);
    assert!(
        shows(&b, 2) && shows(&b, 1),
        "the restarted instance caught up"
    );

    // Both listening connections dropped, and no new connection allowed for a while: a commit
    // announced meanwhile reaches nobody, yet it is applied once they listen again.
    let deadline = Instant::now() + Duration::from_secs(10);
    while listeners(&pg) < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        listeners(&pg),
        2,
        "each instance holds one listening connection"
    );
    let mut writer = store::open(&pg.url).expect("open the store");
    let mut admin = pg.admin();
    admin
        .batch_execute(&format!(
            "ALTER DATABASE {} ALLOW_CONNECTIONS false",
            pg.name()
        ))
        .expect("close the database to new connections");
    admin
        .query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = $1 AND application_name = $2",
            &[&pg.name(), &store::LISTENER_NAME],
        )
        .expect("drop the listening connections");
    std::thread::sleep(Duration::from_millis(300));
    let r3 = std::fs::read_to_string(refuge(d, 3)).expect("read refuge 3");
    let doc: serde_json::Value = serde_json::from_str(&r3).expect("json");
    let mut tx = writer.begin().expect("begin");
    for (table, rows) in doc.as_object().expect("object") {
        let table = store::Table::ALL
            .into_iter()
            .find(|t| t.name() == table)
            .expect("a table");
        for row in rows.as_array().expect("rows") {
            tx.upsert(table, row.as_object().expect("record"))
                .expect("upsert");
        }
    }
    tx.commit().expect("commit");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        !shows(&a, 3) && !shows(&b, 3),
        "nothing but the reconnection can bring this change before the 30 s catch-up"
    );
    admin
        .batch_execute(&format!(
            "ALTER DATABASE {} ALLOW_CONNECTIONS true",
            pg.name()
        ))
        .expect("open the database again");
    assert!(
        until_shown(&[&a, &b], 3, Duration::from_secs(10)).is_some(),
        "listening again, both instances caught up"
    );
    assert_eq!(listeners(&pg), 2);
    let r4 = refuge(d, 4);
    import(d, &pg.url, &r4);
    assert!(
        until_shown(&[&a, &b], 4, Duration::from_secs(1)).is_some(),
        "announcements reach both again"
    );
    // Every connection of the instances closed by the server (what a database restart does):
    // the next requests open new ones instead of failing on the dead ones for ever.
    admin
        .query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&pg.name()],
        )
        .expect("close every connection");
    drop(writer);
    let detail = "/api/services/00000002-1111-4000-8000-000000000004";
    let mut tries = 0;
    while get(&a.addr, detail).0 != 200 {
        tries += 1;
        assert!(tries < 20, "the instance never opened a new connection");
    }
    for _ in 0..5 {
        assert_eq!(get(&a.addr, detail).0, 200);
    }
    assert!(
        until_shown(&[&a, &b], 4, Duration::from_secs(1)).is_some(),
        "and it still finds what it found"
    );
    let log: Vec<String> = a.log.try_iter().collect();
    assert!(
        log.iter().any(|l| l.contains("not listening for changes")),
        "the outage is in the log: {log:#?}"
    );
    assert!(
        log.iter()
            .any(|l| l.contains("listening for changes on") && l.ends_with("again")),
        "{log:#?}"
    );
}

/// The status and body of `/readyz`.
fn readyz(server: &Server) -> (u16, String) {
    get(&server.addr, "/readyz")
}

#[test]
fn readyz_is_ready_at_the_stores_change_and_says_so_when_the_index_falls_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let db = format!("sqlite:{}", d.join("h.sqlite").display());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
    // SQLite announces nothing; with an hour between catch-ups the index stays behind.
    cmd.env("HAVEN_REFRESH_EVERY", "3600")
        .env("HAVEN_READY_MAX_LAG", "0");
    let server = serve_in(cmd, &db);
    let (status, body) = readyz(&server);
    assert_eq!(status, 200, "{body}");
    assert!(body.starts_with("ready (change "), "{body}");
    import(d, &db, &refuge(d, 1));
    let (status, body) = readyz(&server);
    assert_eq!(status, 503, "{body}");
    assert!(
        body.starts_with("not ready: the search index is at change "),
        "{body}"
    );
    // Alive all the same: a supervisor must not restart it for being behind.
    assert_eq!(get(&server.addr, "/healthz").0, 200);
}

#[test]
fn sigterm_lets_a_request_in_flight_finish_then_exits_0() {
    let Some(pg) = PgDb::new("drain") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    import(d, &pg.url, &refuge(d, 7));
    let mut server = follower(&pg.url);
    let id = "00000002-1111-4000-8000-000000000007";
    // Hold every read of the store: the next request that needs it waits in flight.
    let mut locker = postgres::Client::connect(&pg.url, postgres::NoTls).expect("connect");
    let mut lock = locker.transaction().expect("begin");
    lock.batch_execute("LOCK TABLE haven_record, haven_meta IN ACCESS EXCLUSIVE MODE")
        .expect("lock");
    let addr = server.addr.clone();
    let slow = std::thread::spawn(move || get(&addr, &format!("/api/services/{id}")));
    std::thread::sleep(Duration::from_millis(500));
    assert!(!slow.is_finished(), "the request waits for the store");
    let pid = i32::try_from(server.child.id()).expect("pid");
    // SAFETY: a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        std::net::TcpStream::connect(&server.addr).is_err(),
        "once stopping, new connections are refused"
    );
    assert!(server.child.try_wait().expect("wait").is_none());
    lock.rollback().expect("release the store");
    let (status, body) = slow.join().expect("request thread");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(&name(7)), "the whole answer: {body}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let code = loop {
        if let Some(s) = server.child.try_wait().expect("wait") {
            break s;
        }
        assert!(Instant::now() < deadline, "haven serve did not exit");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(code.success(), "exit status {code:?}");
    let log: Vec<String> = server.log.try_iter().collect();
    assert!(
        log.iter().any(|l| l.starts_with("haven: stopping")),
        "{log:#?}"
    );
    assert!(log.iter().any(|l| l == "haven: stopped"), "{log:#?}");
}
