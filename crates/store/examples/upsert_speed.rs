//! Import speed of the SQLite store: N services, each with a location, a service_at_location, a
//! phone and a schedule (5 rows per service, random UUID-like ids), in one transaction; then the
//! same data again (all unchanged), then a full `for_each` walk.
//!
//! `cargo run --release -p store --example upsert_speed -- 1000000 [PATH]`
//!
//! Measured on the 2-core project machine, 1,000,000 services (5M rows, 216 bytes of JSON each):
//! first import 46 s (~109k rows/s, peak RSS 300 MB), same data again 27 s (~186k rows/s, all
//! unchanged). PostgreSQL 15 `\copy` of the same 5M rows into `record(seq, tbl, id, body,
//! modified_at, PRIMARY KEY (tbl, id))` on the same machine: 71 s.

use serde_json::{json, Value};
use std::time::Instant;
use store::{Outcome, Record, Store, Table};

/// A deterministic UUID-shaped id, spread like a v4 UUID so inserts hit the index at random.
fn uuid(kind: u64, n: u64) -> String {
    let mut x = kind.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ n.wrapping_add(0x632B_E59B_D9B4_E019);
    let mut mix = || {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let (a, b) = (mix(), mix());
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

fn obj(v: Value) -> Record {
    match v {
        Value::Object(m) => m,
        _ => Record::new(),
    }
}

fn rows(i: u64) -> [(Table, Record); 5] {
    let org = uuid(0, i / 10);
    let svc = uuid(1, i);
    let loc = uuid(2, i);
    [
        (
            Table::Service,
            obj(json!({
                "id": svc, "organization_id": org, "name": format!("Service {i}"),
                "description": "Emergency shelter, case management and legal referrals for survivors.",
                "status": "active", "email": format!("intake{i}@example.org"),
                "url": format!("https://example.org/services/{i}"), "languages": "en,es",
                "last_modified": "2025-01-15T10:00:00Z",
            })),
        ),
        (
            Table::Location,
            obj(json!({
                "id": loc, "organization_id": org, "location_type": "physical",
                "name": format!("Site {i}"), "latitude": 40.0 + (i % 1000) as f64 / 1000.0,
                "longitude": -74.0 - (i % 997) as f64 / 1000.0,
            })),
        ),
        (
            Table::ServiceAtLocation,
            obj(json!({"id": uuid(3, i), "service_id": svc, "location_id": loc})),
        ),
        (
            Table::Phone,
            obj(json!({
                "id": uuid(4, i), "service_id": svc, "number": format!("+1 555 {:07}", i % 10_000_000),
                "type": "voice", "description": "24/7 hotline",
            })),
        ),
        (
            Table::Schedule,
            obj(json!({
                "id": uuid(5, i), "service_id": svc, "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR",
                "opens_at": "09:00", "closes_at": "17:00", "timezone": "America/New_York",
            })),
        ),
    ]
}

fn peak_rss_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "?".into())
}

fn pass(s: &mut dyn Store, n: u64) -> Result<[u64; 3], store::StoreError> {
    let mut counts = [0u64; 3];
    let mut imp = s.begin()?;
    for i in 0..n {
        for (t, r) in rows(i) {
            let k = match imp.upsert(t, &r)? {
                Outcome::Created => 0,
                Outcome::Updated => 1,
                Outcome::Unchanged => 2,
            };
            counts[k] += 1;
        }
    }
    imp.commit()?;
    Ok(counts)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let path = args
        .next()
        .unwrap_or_else(|| dir.path().join("speed.sqlite").display().to_string());
    let total = n * 5;

    let t = Instant::now();
    let mut bytes = 0usize;
    for i in 0..n {
        for (_, r) in rows(i) {
            bytes += serde_json::to_string(&r)?.len();
        }
    }
    let gen = t.elapsed().as_secs_f64();
    println!(
        "generate+encode only: {total} rows in {gen:.2}s ({:.0} rows/s), {:.0} bytes/row",
        total as f64 / gen,
        bytes as f64 / total as f64
    );

    let mut s = store::open(&path)?;
    println!("store: {}", s.describe());
    for label in ["first import", "same data again"] {
        let t = Instant::now();
        let c = pass(s.as_mut(), n)?;
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{label}: {total} rows in {secs:.2}s = {:.0} rows/s (created {}, updated {}, unchanged {}); peak RSS {}",
            total as f64 / secs,
            c[0],
            c[1],
            c[2],
            peak_rss_mib()
        );
    }
    let t = Instant::now();
    let mut walked = 0u64;
    for table in [Table::Service, Table::Location, Table::Phone] {
        s.for_each(table, &mut |_| {
            walked += 1;
            Ok(())
        })?;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "for_each: {walked} rows in {secs:.2}s = {:.0} rows/s; last_change {}; peak RSS {}",
        walked as f64 / secs,
        s.last_change()?,
        peak_rss_mib()
    );
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("file size: {:.0} MiB", size as f64 / 1048576.0);
    Ok(())
}
