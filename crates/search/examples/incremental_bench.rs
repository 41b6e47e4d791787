//! The incremental index benchmark (driven by `bench/incremental.sh`): open a store (a copy:
//! it is written to), build the index, then apply edits to 1, 100 and 10,000 services, each
//! batch in one import, and time from the commit until a search finds every edited service by
//! its new name (`LiveIndex::refresh`, the web's refresher call). The peer is the full rebuild
//! this replaced, timed in the same run on the same store.
//!
//! ```text
//! cargo run --release -p search --example incremental_bench -- --db sqlite:PATH [--seed 7]
//! ```

use search::{Index, LiveIndex, Query, Refreshed};
use std::time::{Duration, Instant};
use store::Table;

/// Resident set size of this process in MB, from /proc/self/status.
fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// A word the directory does not hold, made of letters only (the text index reads digits as
/// their own words), unique per batch.
fn marker(batch: usize) -> String {
    let letters: String = format!("{batch:04}")
        .bytes()
        .map(|b| char::from(b'k' + (b - b'0')))
        .collect();
    format!("zqx{letters}")
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v.get(((v.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or_default()
}

/// p50 and p99 of 500 nearest-10 and 500 text-within-25-km queries around New York.
fn query_latency(ix: &Index) -> (Duration, Duration, Duration, Duration) {
    let mut near = Vec::new();
    let mut text = Vec::new();
    for i in 0..500 {
        let p = (
            40.5 + (i % 50) as f64 * 0.01,
            -74.2 + (i / 50) as f64 * 0.05,
        );
        let q = Query {
            near: Some(p),
            limit: 10,
            ..Query::default()
        };
        let t = Instant::now();
        let _ = ix.search(&q);
        near.push(t.elapsed());
        let q = Query {
            text: Some("shelter".into()),
            radius_km: Some(25.0),
            ..q
        };
        let t = Instant::now();
        let _ = ix.search(&q);
        text.push(t.elapsed());
    }
    (
        percentile(&mut near, 0.5),
        percentile(&mut near, 0.99),
        percentile(&mut text, 0.5),
        percentile(&mut text, 0.99),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let db = arg("--db").ok_or("--db sqlite:PATH is required")?;
    let seed: u64 = arg("--seed").map_or(Ok(7), |s| s.parse())?;
    let mut st = store::open(&db)?;
    let t = Instant::now();
    if st.prepare_lookups()? {
        println!(
            "owner lookups built in {:.1} s (once per store)",
            t.elapsed().as_secs_f64()
        );
    }
    let services = st.count(Table::Service)?;
    println!("store: {} ({services} services)", st.describe());
    let rss0 = rss_mb();
    let t = Instant::now();
    let first = Index::build(st.as_ref())?;
    let first_build = t.elapsed();
    println!(
        "full build: {:.2} s, index {} MB, RSS {} MB",
        first_build.as_secs_f64(),
        first.memory_bytes() >> 20,
        rss_mb().saturating_sub(rss0)
    );
    let (a50, a99, c50, c99) = query_latency(&first);
    println!(
        "queries, base only: nearest p50/p99 {a50:?}/{a99:?}; shelter 25 km p50/p99 {c50:?}/{c99:?}"
    );
    let live = LiveIndex::new(first);
    println!();
    println!("| services changed | visible after (incremental) | full rebuild | ratio |");
    println!("| --- | --- | --- | --- |");
    let mut offset = seed.wrapping_mul(7919) % services.max(1);
    for (batch, n) in [1usize, 100, 10_000].into_iter().enumerate() {
        let word = marker(batch);
        // n services in id order from a seeded place: a new name each, and a new number for
        // the first phone of every other one.
        if offset + n as u64 > services {
            offset = 0;
        }
        let page = st.list(Table::Service, None, offset, n)?;
        offset += n as u64;
        let mut phones = Vec::new();
        for (i, s) in page.iter().enumerate() {
            if i % 2 == 0 {
                if let Some(id) = hsds::record_id(&s.record) {
                    if let Some(p) = st
                        .children(Table::Phone, "service_id", id)?
                        .into_iter()
                        .next()
                    {
                        phones.push(p);
                    }
                }
            }
        }
        {
            let mut imp = st.begin()?;
            for s in &page {
                let mut r = s.record.clone();
                let name = r
                    .get("name")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string();
                r.insert("name".into(), format!("{name} {word}").into());
                imp.upsert(Table::Service, &r)?;
            }
            for p in &phones {
                let mut r = p.clone();
                r.insert(
                    "number".into(),
                    format!("+1 555 01{batch}{}", phones.len()).into(),
                );
                imp.upsert(Table::Phone, &r)?;
            }
            imp.commit()?;
        }
        let t = Instant::now();
        let how = live.refresh_how(st.as_ref())?;
        let found = live
            .current()
            .search(&Query {
                text: Some(word.clone()),
                limit: n + 10,
                include_inactive: true,
                ..Query::default()
            })?
            .hits
            .len();
        let visible = t.elapsed();
        if found < n {
            return Err(format!("after {n} edits a search finds {found} of them").into());
        }
        let t = Instant::now();
        let full = Index::build(st.as_ref())?;
        let rebuild = t.elapsed();
        if full.canonical() != live.current().canonical() {
            return Err(
                format!("after {n} edits the incremental index differs from a full build").into(),
            );
        }
        drop(full);
        println!(
            "| {n} | {:.1} ms ({how:?}) | {:.2} s | {:.0}x |",
            visible.as_secs_f64() * 1e3,
            rebuild.as_secs_f64(),
            rebuild.as_secs_f64() / visible.as_secs_f64().max(1e-9)
        );
        if how != Refreshed::Incremental {
            return Err("the refresh rebuilt everything".into());
        }
    }
    let cur = live.current();
    println!();
    println!(
        "delta: {} services; index {} MB",
        cur.delta_services(),
        cur.memory_bytes() >> 20
    );
    let (a50, a99, c50, c99) = query_latency(&cur);
    println!(
        "queries, base + delta: nearest p50/p99 {a50:?}/{a99:?}; shelter 25 km p50/p99 {c50:?}/{c99:?}"
    );
    Ok(())
}
