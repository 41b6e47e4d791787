//! haven-load: the soak bench's load generator. It measures haven's peak throughput closed
//! loop (N keep-alive connections sending back to back, the soak's own mix), then offers a
//! fraction of it open loop for a fixed time: requests go out on a fixed schedule over a
//! keep-alive pool, and each latency counts from the moment the schedule meant to send it
//! (so a stalled server cannot hide its queue: no coordinated omission). Slow readers and slow
//! clients run beside the ordinary requests. It prints peak, offered and achieved rates,
//! latency quantiles, errors by kind, the server's RSS, threads and open files over time, and
//! exits non-zero on any error, a run that fell behind, or memory that grew.
//!
//! Usage: haven-load --addr 127.0.0.1:PORT [--pid PID] [options] (see `--help`).

mod http;
mod mix;
mod slow;
mod stats;

use http::{Conn, Failure, MAX_IDLE};
use mix::Mix;
use stats::{ProcSample, Slow, Tally};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: haven-load --addr HOST:PORT [options]
  --pid PID            the server's process id, to follow its RSS, threads and open files
  --mix NAME           soak (default: every page kind, API search and listing, health),
                       find (/find?near=ZIP only) or api (/api/services?lat&lon only)
  --zips FILE          ZIP codes for /find (first column of a TSV with a header)
  --connections N      closed-loop connections for the peak (default 16)
  --peak-secs S        how long the peak is measured (default 15; 0 = skip, needs --rate)
  --rate R             soak at R req/s instead of a fraction of the peak
  --fraction F         soak at F x peak (default 0.8)
  --duration S         soak length in seconds (default 600; 0 = peak only)
  --pool N             keep-alive connections the soak may use (default 64)
  --slow-every N       one slow reader and one slow client per N requests (default 200; 0 = none)
  --reader-life S      a slow reader gives up after S seconds (default 60)
  --timeout S          an ordinary request fails after S seconds (default 30)
  --samples N          RSS samples (and progress lines) over the soak (default 20)";

/// The command line.
#[derive(Debug, Clone)]
struct Args {
    addr: SocketAddr,
    pid: Option<u32>,
    mix: String,
    zips: Option<PathBuf>,
    connections: usize,
    peak_secs: f64,
    rate: Option<f64>,
    fraction: f64,
    duration: f64,
    pool: usize,
    slow_every: u64,
    reader_life: f64,
    timeout: f64,
    samples: u32,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut addr = None;
    let mut a = Args {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        pid: None,
        mix: "soak".into(),
        zips: None,
        connections: 16,
        peak_secs: 15.0,
        rate: None,
        fraction: 0.8,
        duration: 600.0,
        pool: 64,
        slow_every: 200,
        reader_life: 60.0,
        timeout: 30.0,
        samples: 20,
    };
    fn num<T: std::str::FromStr>(flag: &str, v: Option<String>) -> Result<T, String> {
        let v = v.ok_or_else(|| format!("{flag} needs a value"))?;
        v.parse::<T>()
            .map_err(|_| format!("{flag} {v}: not a valid number"))
    }
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--addr" => {
                let v = it.next().ok_or("--addr needs HOST:PORT")?;
                let sa: SocketAddr = v
                    .parse()
                    .map_err(|_| format!("--addr {v}: expected an IP address and port"))?;
                if !sa.ip().is_loopback() {
                    return Err(format!(
                        "--addr {v}: only loopback addresses are load-tested"
                    ));
                }
                addr = Some(sa);
            }
            "--pid" => a.pid = Some(num(&flag, it.next())?),
            "--mix" => a.mix = it.next().ok_or("--mix needs a name")?,
            "--zips" => a.zips = Some(PathBuf::from(it.next().ok_or("--zips needs a file")?)),
            "--connections" => a.connections = num(&flag, it.next())?,
            "--peak-secs" => a.peak_secs = num(&flag, it.next())?,
            "--rate" => a.rate = Some(num(&flag, it.next())?),
            "--fraction" => a.fraction = num(&flag, it.next())?,
            "--duration" => a.duration = num(&flag, it.next())?,
            "--pool" => a.pool = num(&flag, it.next())?,
            "--slow-every" => a.slow_every = num(&flag, it.next())?,
            "--reader-life" => a.reader_life = num(&flag, it.next())?,
            "--timeout" => a.timeout = num(&flag, it.next())?,
            "--samples" => a.samples = num(&flag, it.next())?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    a.addr = addr.ok_or("--addr is required")?;
    if a.connections == 0 || a.pool == 0 {
        return Err("--connections and --pool must be at least 1".into());
    }
    if a.rate.is_none() && a.peak_secs <= 0.0 {
        return Err("--peak-secs 0 needs --rate".into());
    }
    let positive = |v: f64| v.is_finite() && v > 0.0;
    if a.rate.is_some_and(|r| !positive(r)) || !positive(a.fraction) {
        return Err("--rate and --fraction must be above 0".into());
    }
    for (flag, v) in [
        ("--peak-secs", a.peak_secs),
        ("--duration", a.duration),
        ("--reader-life", a.reader_life),
        ("--timeout", a.timeout),
    ] {
        if !(v >= 0.0 && v.is_finite()) {
            return Err(format!("{flag} {v}: expected seconds, 0 or more"));
        }
    }
    a.samples = a.samples.max(2);
    Ok(a)
}

/// What every task of a run shares.
struct Ctx {
    addr: SocketAddr,
    host: String,
    mix: Mix,
    timeout: Duration,
    slow_every: u64,
    reader_life: Duration,
    /// The next slot of the schedule (across phases, so paths keep varying).
    slots: AtomicU64,
    slow: Mutex<Slow>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Ctx {
    /// Send the request of slot `k` on the pooled connection (opening one when there is none
    /// or it was idle too long), starting the slow reader and client that slot carries.
    async fn send(self: &Arc<Self>, conn: &mut Option<Conn>, k: u64) -> Result<(), Failure> {
        if self.slow_every > 0 && k % self.slow_every == self.slow_every - 1 {
            self.spawn_slow();
        }
        let path = self.mix.path(k);
        let attempt = async {
            if conn
                .as_ref()
                .is_none_or(|c| c.idle_since.elapsed() >= MAX_IDLE)
            {
                *conn = Some(Conn::open(self.addr).await?);
            }
            match conn.as_mut() {
                Some(c) => c.get(&self.host, &path).await,
                None => Err(Failure::ClosedEarly),
            }
        };
        match tokio::time::timeout(self.timeout, attempt).await {
            Ok(Ok(r)) => {
                if !r.keep_alive {
                    *conn = None;
                }
                Ok(())
            }
            Ok(Err(f)) => {
                *conn = None;
                Err(f)
            }
            Err(_) => {
                *conn = None;
                Err(Failure::Timeout)
            }
        }
    }

    fn spawn_slow(self: &Arc<Self>) {
        {
            let mut s = lock(&self.slow);
            s.readers += 1;
            s.clients += 1;
        }
        let me = self.clone();
        tokio::spawn(async move {
            let end = slow::reader(me.addr, &me.host, me.reader_life).await;
            *lock(&me.slow).reader_ends.entry(end).or_insert(0) += 1;
        });
        let me = self.clone();
        tokio::spawn(async move {
            let end = slow::client(me.addr).await;
            lock(&me.slow).client_ended(end);
        });
    }
}

/// `conns` connections sending back to back for `secs`: the most this mix gets through.
async fn closed_loop(ctx: &Arc<Ctx>, conns: usize, secs: f64) -> (Tally, f64) {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let start = Instant::now();
    let stop = start + Duration::from_secs_f64(secs);
    let workers: Vec<_> = (0..conns)
        .map(|_| {
            let ctx = ctx.clone();
            let tally = tally.clone();
            tokio::spawn(async move {
                let mut conn = None;
                while Instant::now() < stop {
                    let k = ctx.slots.fetch_add(1, Ordering::Relaxed);
                    let t = Instant::now();
                    let r = ctx.send(&mut conn, k).await;
                    lock(&tally).add(t.elapsed(), r);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.await;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let t = std::mem::take(&mut *lock(&tally));
    (t, elapsed)
}

/// What an open-loop run saw.
struct Soak {
    total: Tally,
    elapsed: f64,
    samples: Vec<ProcSample>,
    /// Requests that went out more than a second after their slot's time.
    late: u64,
}

/// Offer `rate` req/s for `secs` on a fixed schedule over at most `pool` keep-alive
/// connections, printing a progress line and sampling the server `samples` times.
async fn open_loop(
    ctx: &Arc<Ctx>,
    pool: usize,
    rate: f64,
    secs: f64,
    pid: Option<u32>,
    samples: u32,
) -> Soak {
    let window = Arc::new(Mutex::new(Tally::default()));
    let late = Arc::new(AtomicU64::new(0));
    let t0 = Instant::now() + Duration::from_millis(20);
    let end = t0 + Duration::from_secs_f64(secs);
    let base = ctx.slots.load(Ordering::Relaxed);
    let next = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..pool)
        .map(|_| {
            let (ctx, window, next, late) =
                (ctx.clone(), window.clone(), next.clone(), late.clone());
            tokio::spawn(async move {
                let mut conn = None;
                loop {
                    let j = next.fetch_add(1, Ordering::Relaxed);
                    let at = t0 + Duration::from_secs_f64(j as f64 / rate);
                    if at >= end {
                        break;
                    }
                    tokio::time::sleep_until(at.into()).await;
                    if at.elapsed() > Duration::from_secs(1) {
                        late.fetch_add(1, Ordering::Relaxed);
                    }
                    let r = ctx.send(&mut conn, base + j).await;
                    // From the intended send time: waiting for a free connection counts.
                    lock(&window).add(at.elapsed(), r);
                }
            })
        })
        .collect();
    let mut total = Tally::default();
    let mut procs = Vec::new();
    let sample = |at: Instant| pid.and_then(|p| proc_at(p, at, t0));
    procs.extend(sample(Instant::now()));
    let every = Duration::from_secs_f64(secs / samples as f64);
    for i in 1..=samples {
        tokio::time::sleep_until((t0 + every * i).into()).await;
        let mut w = std::mem::take(&mut *lock(&window));
        let n = w.ok() + w.failed();
        let p = sample(Instant::now());
        println!(
            "  {:>5.0} s: {:>6.0} req/s done, {}, {} errors{}",
            (t0 + every * i).duration_since(t0).as_secs_f64(),
            n as f64 / every.as_secs_f64(),
            match w.quantiles() {
                Some([_, _, p99, _]) => format!("p99 {p99:.1} ms"),
                None => "no successes".into(),
            },
            w.failed(),
            p.map(|p| format!(
                ", RSS {:.0} MB, {} threads, {} fds",
                p.rss_mb, p.threads, p.fds
            ))
            .unwrap_or_default()
        );
        procs.extend(p);
        w.drain_into(&mut total);
    }
    for w in workers {
        let _ = w.await;
    }
    let elapsed = t0.elapsed().as_secs_f64();
    lock(&window).drain_into(&mut total);
    // Memory once the load is over (and the last slow readers are still around).
    if pid.is_some() {
        tokio::time::sleep(Duration::from_secs(3)).await;
        procs.extend(sample(Instant::now()));
    }
    Soak {
        total,
        elapsed,
        samples: procs,
        late: late.load(Ordering::Relaxed),
    }
}

fn proc_at(pid: u32, at: Instant, t0: Instant) -> Option<ProcSample> {
    let s = at.saturating_duration_since(t0).as_secs_f64();
    stats::proc_sample(pid, s)
}

async fn run(a: Args) -> Result<Vec<String>, String> {
    let mix = Mix::named(&a.mix, a.zips.as_deref())?;
    let ctx = Arc::new(Ctx {
        addr: a.addr,
        host: a.addr.to_string(),
        mix,
        timeout: Duration::from_secs_f64(a.timeout),
        slow_every: a.slow_every,
        reader_life: Duration::from_secs_f64(a.reader_life),
        slots: AtomicU64::new(0),
        slow: Mutex::new(Slow::default()),
    });
    let mut failures = Vec::new();
    let start_proc = a.pid.and_then(|p| stats::proc_sample(p, 0.0));
    if let Some(p) = start_proc {
        println!(
            "server at start: RSS {:.0} MB, {} threads, {} fds",
            p.rss_mb, p.threads, p.fds
        );
    }
    println!("mix ({}): {}", ctx.mix.name, ctx.mix.describe());
    if a.slow_every > 0 {
        println!(
            "plus, per {} requests, one slow reader ({} read 1 KB every 0.5 s, given up after \
             {:.0} s) and one slow client (GET / with a header line every 2 s)",
            a.slow_every,
            slow::READER_PATH,
            a.reader_life
        );
    }
    let mut peak = None;
    if a.peak_secs > 0.0 {
        // A short warm-up (page caches, the store pool), not counted.
        let _ = closed_loop(&ctx, a.connections, a.peak_secs.min(3.0)).await;
        let cpu0 = a.pid.and_then(stats::cpu_secs);
        let (mut t, secs) = closed_loop(&ctx, a.connections, a.peak_secs).await;
        let rate = t.ok() as f64 / secs;
        if let (Some(c0), Some(c1)) = (cpu0, a.pid.and_then(stats::cpu_secs)) {
            let n = (t.ok() + t.failed()).max(1) as f64;
            println!(
                "server CPU at the peak: {:.2} ms per request ({:.2} cores busy)",
                (c1 - c0) * 1000.0 / n,
                (c1 - c0) / secs
            );
        }
        println!(
            "peak: {rate:.0} req/s ({} ok in {secs:.1} s, closed loop, {} keep-alive connections); \
             latency {}; errors: {}",
            t.ok(),
            a.connections,
            t.latency_words(),
            t.error_words()
        );
        if t.failed() > 0 {
            failures.push(format!("{} errors while measuring the peak", t.failed()));
        }
        peak = Some(rate);
    }
    if a.duration > 0.0 {
        let rate = match (a.rate, peak) {
            (Some(r), _) => r,
            (None, Some(p)) => p * a.fraction,
            (None, None) => return Err("no rate: give --rate or measure a peak".into()),
        };
        let what = match (a.rate, peak) {
            (None, Some(_)) => format!("{:.0}% of the peak", a.fraction * 100.0),
            _ => "as asked".to_string(),
        };
        println!(
            "soak: {:.0} s open loop at {rate:.0} req/s ({what}), over a pool of up to {} \
             keep-alive connections",
            a.duration, a.pool
        );
        let cpu0 = a.pid.and_then(stats::cpu_secs);
        let stall0 = stats::cpu_stall_secs();
        let mut s = open_loop(&ctx, a.pool, rate, a.duration, a.pid, a.samples).await;
        let done = s.total.ok() + s.total.failed();
        let achieved = done as f64 / s.elapsed;
        if let (Some(c0), Some(c1)) = (cpu0, a.pid.and_then(stats::cpu_secs)) {
            println!(
                "server CPU during the soak: {:.2} ms per request ({:.2} cores busy)",
                (c1 - c0) * 1000.0 / done.max(1) as f64,
                (c1 - c0) / s.elapsed
            );
        }
        if let (Some(w0), Some(w1)) = (stall0, stats::cpu_stall_secs()) {
            println!(
                "machine: some runnable task waited for a CPU {:.0}% of the soak (/proc/pressure/cpu)",
                ((w1 - w0) / s.elapsed * 100.0).min(100.0)
            );
        }
        println!(
            "offered {rate:.0} req/s, achieved {achieved:.0} req/s ({done} requests in {:.1} s: \
             {} ok, {} errors; {} sent over 1 s late)",
            s.elapsed,
            s.total.ok(),
            s.total.failed(),
            s.late
        );
        println!(
            "latency from the intended send time: {}",
            s.total.latency_words()
        );
        println!("errors by kind: {}", s.total.error_words());
        if s.total.failed() > 0 {
            failures.push(format!("{} errors during the soak", s.total.failed()));
        }
        if achieved < rate * 0.97 {
            failures.push(format!(
                "fell behind: achieved {achieved:.0} of {rate:.0} req/s offered"
            ));
        }
        let mut slow = lock(&ctx.slow).clone();
        if a.slow_every > 0 {
            println!("slow readers: {}", slow.reader_words());
            println!("slow clients: {}", slow.client_words());
            if slow.outlived > 0 {
                failures.push(format!(
                    "{} slow clients outlived the header timeout",
                    slow.outlived
                ));
            }
        }
        if !s.samples.is_empty() {
            let line = |f: &dyn Fn(&ProcSample) -> String| {
                s.samples
                    .iter()
                    .map(|p| format!("{:.0}: {}", p.at_s, f(p)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            println!(
                "RSS over time (s: MB): {}",
                line(&|p| format!("{:.0}", p.rss_mb))
            );
            println!("threads over time: {}", line(&|p| p.threads.to_string()));
            println!("open fds over time: {}", line(&|p| p.fds.to_string()));
            if let Some((warm, end, max, flat)) = stats::flat(&s.samples) {
                println!(
                    "RSS after warm-up {warm:.0} MB, at the end {end:.0} MB, highest {max:.0} MB: {}",
                    if flat { "flat" } else { "GROWING" }
                );
                if !flat {
                    failures.push(format!("RSS grew from {warm:.0} MB to {end:.0} MB"));
                }
            }
        } else if a.pid.is_some() {
            failures.push("the server process could not be sampled (gone?)".into());
        }
        if a.pid.is_some_and(|p| stats::proc_sample(p, 0.0).is_none()) {
            failures.push("the server process is gone".into());
        }
    }
    Ok(failures)
}

fn main() {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            if e.is_empty() {
                println!("{USAGE}");
                std::process::exit(0);
            }
            eprintln!("haven-load: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    // One thread: the generator takes at most one core of the machine it shares with the server.
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("haven-load: cannot start the runtime: {e}");
            std::process::exit(2);
        }
    };
    match rt.block_on(run(args)) {
        Ok(failures) if failures.is_empty() => println!("PASS"),
        Ok(failures) => {
            println!("FAIL: {}", failures.join("; "));
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("haven-load: {e}");
            std::process::exit(2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Result<Args, String> {
        parse_args(s.split_whitespace().map(str::to_string))
    }

    /// A server that answers one request at a time, each after 20 ms: 50 req/s at most.
    async fn slow_server() -> SocketAddr {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        let one_at_a_time = Arc::new(tokio::sync::Mutex::new(()));
        tokio::spawn(async move {
            while let Ok((mut s, _)) = l.accept().await {
                let gate = one_at_a_time.clone();
                tokio::spawn(async move {
                    let mut buf = [0u8; 4096];
                    let mut got = Vec::new();
                    loop {
                        while http::find(&got, b"\r\n\r\n").is_none() {
                            match s.read(&mut buf).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => got.extend_from_slice(&buf[..n]),
                            }
                        }
                        got.clear();
                        let _g = gate.lock().await;
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        let r = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                        if s.write_all(r).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        addr
    }

    fn ctx(addr: SocketAddr) -> Arc<Ctx> {
        Arc::new(Ctx {
            addr,
            host: addr.to_string(),
            mix: Mix::named("soak", None).unwrap(),
            timeout: Duration::from_secs(10),
            slow_every: 0,
            reader_life: Duration::from_secs(1),
            slots: AtomicU64::new(0),
            slow: Mutex::new(Slow::default()),
        })
    }

    #[test]
    fn open_loop_latency_counts_the_queue_a_slow_server_builds() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let c = ctx(slow_server().await);
            // Closed loop finds the server's capacity: about 50 req/s.
            let (t, secs) = closed_loop(&c, 4, 1.0).await;
            let peak = t.ok() as f64 / secs;
            assert!((35.0..=55.0).contains(&peak), "peak {peak}");
            // Under it, latency is about the service time (plus the wait for the one worker).
            let mut under = open_loop(&c, 4, 20.0, 1.5, None, 2).await;
            let [p50, _, _, _] = under.total.quantiles().unwrap();
            assert!(p50 < 60.0, "p50 {p50} ms at 20 req/s");
            assert_eq!(under.total.failed(), 0);
            // Over it, requests queue: their latency from the intended time grows with the
            // queue (a closed-loop client would report 20-80 ms here and hide it).
            let mut over = open_loop(&c, 4, 100.0, 1.5, None, 2).await;
            let achieved = (over.total.ok() + over.total.failed()) as f64 / over.elapsed;
            let [_, _, p99, _] = over.total.quantiles().unwrap();
            assert!(p99 > 500.0, "p99 {p99} ms at twice the capacity");
            assert!(achieved < 97.0 * 0.97, "achieved {achieved} of 100 req/s");
        });
    }

    #[test]
    fn arguments_are_checked_with_a_plain_message() {
        let a = args("--addr 127.0.0.1:8080 --rate 500 --peak-secs 0 --duration 60").unwrap();
        assert_eq!(
            (a.rate, a.peak_secs, a.duration, a.pool),
            (Some(500.0), 0.0, 60.0, 64)
        );
        assert!(args("--rate 5").unwrap_err().contains("--addr is required"));
        assert!(args("--addr 10.1.2.3:80")
            .unwrap_err()
            .contains("only loopback"));
        assert!(args("--addr 127.0.0.1:80 --pool x")
            .unwrap_err()
            .contains("--pool x"));
        assert!(args("--addr 127.0.0.1:80 --peak-secs 0")
            .unwrap_err()
            .contains("needs --rate"));
        assert!(args("--addr 127.0.0.1:80 --wat")
            .unwrap_err()
            .contains("unknown option --wat"));
        assert!(args("--addr 127.0.0.1:80 --duration -1")
            .unwrap_err()
            .contains("--duration"));
    }
}
