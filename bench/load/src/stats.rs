//! What a run counts: latencies (kept whole, in microseconds, so quantiles are exact), errors
//! by kind, how the slow readers and slow clients ended, and the server process's memory,
//! threads and open files read from /proc over time.

use crate::http::Failure;
use crate::slow::{ClientEnd, ReaderEnd};
use std::collections::BTreeMap;
use std::time::Duration;

/// Outcomes of ordinary requests over some span.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    /// Latency of each successful request, in microseconds.
    pub lat_us: Vec<u32>,
    /// Failures by kind.
    pub errors: BTreeMap<Failure, u64>,
}

impl Tally {
    /// Count one request.
    pub fn add(&mut self, lat: Duration, outcome: Result<(), Failure>) {
        match outcome {
            Ok(()) => self
                .lat_us
                .push(u32::try_from(lat.as_micros()).unwrap_or(u32::MAX)),
            Err(f) => *self.errors.entry(f).or_insert(0) += 1,
        }
    }

    /// Successful requests.
    pub fn ok(&self) -> u64 {
        self.lat_us.len() as u64
    }

    /// Failed requests.
    pub fn failed(&self) -> u64 {
        self.errors.values().sum()
    }

    /// Latency quantiles in ms (p50, p90, p99, max), after sorting.
    pub fn quantiles(&mut self) -> Option<[f64; 4]> {
        if self.lat_us.is_empty() {
            return None;
        }
        self.lat_us.sort_unstable();
        let n = self.lat_us.len();
        let q = |f: f64| self.lat_us[((f * n as f64) as usize).min(n - 1)] as f64 / 1000.0;
        Some([q(0.5), q(0.9), q(0.99), self.lat_us[n - 1] as f64 / 1000.0])
    }

    /// Quantiles in words: "p50 1.2 ms, p90 ..., p99 ..., max ...".
    pub fn latency_words(&mut self) -> String {
        match self.quantiles() {
            None => "no successful request".to_string(),
            Some([p50, p90, p99, max]) => {
                format!("p50 {p50:.1} ms, p90 {p90:.1} ms, p99 {p99:.1} ms, max {max:.1} ms")
            }
        }
    }

    /// Errors in words: "HTTP 503: 12, connection reset: 3" or "none".
    pub fn error_words(&self) -> String {
        if self.errors.is_empty() {
            return "none".to_string();
        }
        let mut v: Vec<(&Failure, &u64)> = self.errors.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1));
        v.iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Move everything counted here into `into`.
    pub fn drain_into(&mut self, into: &mut Tally) {
        into.lat_us.append(&mut self.lat_us);
        for (k, n) in std::mem::take(&mut self.errors) {
            *into.errors.entry(k).or_insert(0) += n;
        }
    }
}

/// How the hostile part of the mix fared.
#[derive(Debug, Default, Clone)]
pub struct Slow {
    /// Slow readers started.
    pub readers: u64,
    /// How each one that ended, ended.
    pub reader_ends: BTreeMap<ReaderEnd, u64>,
    /// Slow clients started.
    pub clients: u64,
    /// How long after connecting each cut-off slow client was cut, in ms.
    pub cut_after_ms: Vec<u64>,
    /// Slow clients the server never cut off.
    pub outlived: u64,
    /// Slow clients that could not connect.
    pub client_failed: u64,
}

impl Slow {
    /// Count a slow client's end.
    pub fn client_ended(&mut self, end: ClientEnd) {
        match end {
            ClientEnd::Cut(d) => self.cut_after_ms.push(d.as_millis() as u64),
            ClientEnd::Outlived => self.outlived += 1,
            ClientEnd::Failed => self.client_failed += 1,
        }
    }

    /// The readers' line of the report.
    pub fn reader_words(&self) -> String {
        let n = |e: ReaderEnd| self.reader_ends.get(&e).copied().unwrap_or(0);
        let ended: u64 = self.reader_ends.values().sum();
        format!(
            "{} started: {} refused with 503 (the stream cap), {} read to the end, {} gave up \
             mid-stream, {} cut off by the server, {} failed otherwise, {} still reading",
            self.readers,
            n(ReaderEnd::Refused),
            n(ReaderEnd::Finished),
            n(ReaderEnd::GaveUp),
            n(ReaderEnd::Cut),
            n(ReaderEnd::Failed),
            self.readers.saturating_sub(ended)
        )
    }

    /// The slow clients' line of the report.
    pub fn client_words(&mut self) -> String {
        self.cut_after_ms.sort_unstable();
        let cut = self.cut_after_ms.len() as u64;
        let range = match (self.cut_after_ms.first(), self.cut_after_ms.last()) {
            (Some(a), Some(b)) => format!(
                " after {:.1}-{:.1} s (median {:.1} s)",
                *a as f64 / 1000.0,
                *b as f64 / 1000.0,
                self.cut_after_ms[self.cut_after_ms.len() / 2] as f64 / 1000.0
            ),
            _ => String::new(),
        };
        format!(
            "{} started: {cut} cut off by the server{range}, {} outlived the header timeout, \
             {} could not connect, {} still sending",
            self.clients,
            self.outlived,
            self.client_failed,
            self.clients
                .saturating_sub(cut + self.outlived + self.client_failed)
        )
    }
}

/// The server process as /proc shows it at one moment.
#[derive(Debug, Clone, Copy)]
pub struct ProcSample {
    /// Seconds since the run started.
    pub at_s: f64,
    /// Resident memory, MB.
    pub rss_mb: f64,
    /// Threads.
    pub threads: u64,
    /// Open file descriptors (sockets, the store, ...).
    pub fds: u64,
}

/// Read `/proc/PID`; None once the process is gone.
pub fn proc_sample(pid: u32, at_s: f64) -> Option<ProcSample> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let rss_kb = field("VmRSS:")?;
    let threads = field("Threads:").unwrap_or(0);
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count() as u64)
        .unwrap_or(0);
    Some(ProcSample {
        at_s,
        rss_mb: rss_kb as f64 / 1024.0,
        threads,
        fds,
    })
}

/// CPU seconds (user + system) the process has used so far, from `/proc/PID/stat`: on a
/// shared machine, CPU per request says more about cost than throughput does.
pub fn cpu_secs(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; the fields after its ')' are plain.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / CLOCK_TICKS)
}

/// Seconds some runnable task has waited for a CPU since boot (`/proc/pressure/cpu`, "some"):
/// how busy the shared machine was, beside the server's own cost.
pub fn cpu_stall_secs() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/pressure/cpu").ok()?;
    let some = text.lines().find(|l| l.starts_with("some "))?;
    let total = some
        .split_whitespace()
        .find_map(|f| f.strip_prefix("total="))?;
    Some(total.parse::<f64>().ok()? / 1e6)
}

/// `sysconf(_SC_CLK_TCK)` on Linux.
const CLOCK_TICKS: f64 = 100.0;

/// Whether memory stayed flat: after warm-up (the sample a tenth of the way in), the end is
/// within 25% + 16 MB of it. Returns (warm, end, max, flat).
pub fn flat(samples: &[ProcSample]) -> Option<(f64, f64, f64, bool)> {
    let last = samples.last()?;
    let warm = samples
        .iter()
        .find(|s| s.at_s >= last.at_s / 10.0)
        .unwrap_or(last);
    let max = samples.iter().map(|s| s.rss_mb).fold(0.0, f64::max);
    Some((
        warm.rss_mb,
        last.rss_mb,
        max,
        last.rss_mb <= warm.rss_mb * 1.25 + 16.0,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_exact_and_errors_are_counted_by_kind() {
        let mut t = Tally::default();
        for ms in 1..=100u64 {
            t.add(Duration::from_millis(ms), Ok(()));
        }
        t.add(Duration::ZERO, Err(Failure::Status(503)));
        t.add(Duration::ZERO, Err(Failure::Status(503)));
        t.add(Duration::ZERO, Err(Failure::Reset));
        assert_eq!((t.ok(), t.failed()), (100, 3));
        assert_eq!(t.quantiles(), Some([51.0, 91.0, 100.0, 100.0]));
        assert_eq!(t.error_words(), "HTTP 503: 2, connection reset: 1");
        let mut all = Tally::default();
        t.drain_into(&mut all);
        assert_eq!((t.ok(), t.failed(), all.ok(), all.failed()), (0, 0, 100, 3));
        assert_eq!(Tally::default().error_words(), "none");
    }

    fn s(at_s: f64, rss_mb: f64) -> ProcSample {
        ProcSample {
            at_s,
            rss_mb,
            threads: 1,
            fds: 1,
        }
    }

    #[test]
    fn flat_means_no_growth_after_warm_up() {
        // Warm-up growth is fine; steady afterwards is flat.
        let steady: Vec<_> = (0..=20)
            .map(|i| {
                s(
                    i as f64 * 30.0,
                    if i == 0 { 40.0 } else { 150.0 + (i % 3) as f64 },
                )
            })
            .collect();
        assert!(flat(&steady).unwrap().3);
        // A leak of 10 MB a sample is not.
        let leak: Vec<_> = (0..=20)
            .map(|i| s(i as f64 * 30.0, 100.0 + 10.0 * i as f64))
            .collect();
        let (warm, end, max, ok) = flat(&leak).unwrap();
        assert_eq!((warm, end, max, ok), (120.0, 300.0, 300.0, false));
        assert!(flat(&[]).is_none());
    }

    #[test]
    fn this_process_can_be_sampled() {
        let p = proc_sample(std::process::id(), 0.0).unwrap();
        assert!(p.rss_mb > 0.0 && p.threads >= 1 && p.fds >= 1);
        // Busy for a while (however shared the machine): the CPU count must move.
        let before = cpu_secs(std::process::id()).unwrap();
        let t = std::time::Instant::now();
        let mut used = 0.0;
        while used < 0.05 && t.elapsed() < Duration::from_secs(30) {
            for _ in 0..1_000_000 {
                std::hint::black_box(0u64);
            }
            used = cpu_secs(std::process::id()).unwrap() - before;
        }
        assert!(
            used >= 0.05,
            "{used} s of CPU counted after 30 s of busy loop"
        );
    }
}
