//! Import and validate: readers -> checker -> one store transaction, all or nothing.

use hsds::io::Sink;
use hsds::validate::{Checker, Verdict};
use hsds::{Origin, Problem, Record, Table};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use store::{Outcome, Store, StoreError};

/// Created / updated / unchanged per table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// What an import or a validation found and did.
#[derive(Debug, Default)]
pub struct Report {
    /// Every problem, in the order found.
    pub problems: Vec<Problem>,
    /// Per-table counts of what was (or, when validating, would be) written.
    pub tally: BTreeMap<Table, Tally>,
    /// Whether the store was changed.
    pub committed: bool,
}

impl Report {
    /// True when any problem stops the import.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }
}

/// Rows the checker passed, sent to the writer in batches so the channel costs little per row.
const BATCH: usize = 512;

/// Records ready to write, encoded on the reading thread.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    rows: Vec<(Table, std::ops::Range<usize>, std::ops::Range<usize>)>,
}

/// What the reading thread sends the writing thread.
enum Msg {
    /// Encoded records: (table, id range, body range) into one shared buffer, so a batch is
    /// two allocations however many records it holds.
    Rows(Batch),
    /// Everything is read: resolve the open references against the transaction, then decide.
    Done(Box<Checker>),
}

/// The reading side: checks each record and hands clean ones to the writer (if any).
struct Reading {
    checker: Checker,
    to_writer: Option<std::sync::mpsc::SyncSender<Msg>>,
    batch: Batch,
    /// An encoding failure (not expected for records that passed the checker).
    encode_error: Option<StoreError>,
    /// Set by the writer when the store failed: stop sending, keep checking.
    writer_failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Records read per table (what a validation reports).
    read: BTreeMap<Table, u64>,
    strict: bool,
    bar: Option<ProgressBar>,
}

impl Reading {
    fn flush(&mut self) {
        if self.batch.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.batch);
        if let Some(tx) = &self.to_writer {
            if tx.send(Msg::Rows(rows)).is_err() {
                self.to_writer = None;
            }
        }
    }
}

impl Sink for Reading {
    fn record(&mut self, table: Table, mut record: Record, origin: Origin) {
        let verdict = self.checker.check(table, &mut record, &origin);
        if verdict != Verdict::Keep {
            return;
        }
        *self.read.entry(table).or_default() += 1;
        let clean = self.checker.error_count() == 0
            && (!self.strict || self.checker.problems().is_empty())
            && !self
                .writer_failed
                .load(std::sync::atomic::Ordering::Relaxed);
        // Once anything is wrong the import will roll back: no point writing more.
        if self.to_writer.is_some() && clean && self.encode_error.is_none() {
            let Some(id) = hsds::record_id(&record) else {
                return;
            };
            let b = &mut self.batch;
            let id_start = b.bytes.len();
            b.bytes.extend_from_slice(id.as_bytes());
            let body_start = b.bytes.len();
            if let Err(e) = store::encode_into(table, &record, &mut b.bytes) {
                self.encode_error = Some(e);
                return;
            }
            b.rows
                .push((table, id_start..body_start, body_start..b.bytes.len()));
            if b.rows.len() >= BATCH {
                self.flush();
            }
        }
    }
    fn problem(&mut self, problem: Problem) {
        self.checker.report(problem);
    }
    fn progress(&mut self, done: u64, total: u64) {
        if let Some(b) = &self.bar {
            b.set_length(total);
            b.set_position(done);
        }
    }
}

fn progress_bar(paths: &[PathBuf]) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let total: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    // Small inputs finish before a bar would help.
    if total < 4 << 20 && paths.iter().all(|p| p.is_file()) {
        return None;
    }
    let b = ProgressBar::new(total.max(1));
    b.set_style(
        ProgressStyle::with_template("{spinner} reading {bytes}/{total_bytes} {wide_bar} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(b)
}

/// Feeds records into the pipeline: files named on the command line, or embedded data.
pub type Feed<'f> = &'f mut dyn FnMut(&mut dyn Sink);

/// A feed that reads files; a file that cannot be read at all becomes one problem.
pub fn files(paths: &[PathBuf]) -> impl FnMut(&mut dyn Sink) + '_ {
    move |sink: &mut dyn Sink| {
        for path in paths {
            if let Err(e) = hsds::io::read_path(path, sink) {
                let shown = path.display().to_string();
                let msg = e.to_string();
                let msg = msg
                    .strip_prefix(&format!("{shown}: "))
                    .unwrap_or(&msg)
                    .to_string();
                sink.problem(Problem::file(Origin::file(&shown), msg));
            }
        }
    }
}

fn reading(bar: Option<ProgressBar>, strict: bool) -> Reading {
    Reading {
        checker: Checker::new(),
        to_writer: None,
        batch: Batch::default(),
        encode_error: None,
        writer_failed: Default::default(),
        read: BTreeMap::new(),
        strict,
        bar,
    }
}

/// Read, check and (unless `dry_run`) write `paths` into the store as one transaction.
pub fn run(
    store: &mut dyn Store,
    paths: &[PathBuf],
    strict: bool,
    dry_run: bool,
) -> anyhow::Result<Report> {
    run_feed(
        store,
        &mut files(paths),
        progress_bar(paths),
        strict,
        dry_run,
    )
}

/// Like [`run`], for any feed of records.
///
/// Reading and checking run on this thread while a second thread writes the store, so a large
/// import uses both cores; the writer commits only when the whole input checked clean.
pub fn run_feed(
    store: &mut dyn Store,
    feed: Feed<'_>,
    bar: Option<ProgressBar>,
    strict: bool,
    dry_run: bool,
) -> anyhow::Result<Report> {
    let mut r = reading(bar, strict);
    if dry_run {
        feed(&mut r);
        if let Some(b) = &r.bar {
            b.finish_and_clear();
        }
        let mut problems = r.checker.finish(&mut |t, id| store.exists(t, id))?;
        if strict {
            hsds::validate::strict(&mut problems);
        }
        let tally = r
            .read
            .iter()
            .map(|(t, n)| {
                let tally = Tally {
                    created: *n,
                    ..Tally::default()
                };
                (*t, tally)
            })
            .collect();
        return Ok(Report {
            problems,
            tally,
            committed: false,
        });
    }
    write_feed(store, r, feed).map_err(|e| {
        // Every failure here ends before commit (SQLite commits all or nothing), so the
        // store is exactly as it was: say so, after the first cause.
        anyhow::anyhow!("the import stopped: {e:#}; nothing was written")
    })
}

/// The writing half of [`run_feed`]: read on this thread, write on a second one.
fn write_feed(store: &mut dyn Store, mut r: Reading, feed: Feed<'_>) -> anyhow::Result<Report> {
    let (send, recv) = std::sync::mpsc::sync_channel::<Msg>(16);
    r.to_writer = Some(send);
    let failed = r.writer_failed.clone();
    std::thread::scope(|scope| {
        let strict = r.strict;
        let writer = scope.spawn(move || write_all(store, recv, failed, strict));
        feed(&mut r);
        r.flush();
        if let Some(b) = &r.bar {
            b.finish_and_clear();
        }
        let Reading {
            checker,
            to_writer,
            encode_error,
            ..
        } = r;
        if let Some(e) = encode_error {
            drop(to_writer);
            let _ = writer.join();
            return Err(e.into());
        }
        let sent = to_writer.is_some_and(|tx| tx.send(Msg::Done(Box::new(checker))).is_ok());
        let result = writer
            .join()
            .map_err(|_| anyhow::anyhow!("the store writer stopped unexpectedly"))?;
        if !sent && result.is_ok() {
            anyhow::bail!("the store writer stopped before the import was read");
        }
        result
    })
}

/// The writing side: one transaction; upserts what the reader sends, then resolves the
/// references left open, and commits only when no problem stops the import.
fn write_all(
    store: &mut dyn Store,
    recv: std::sync::mpsc::Receiver<Msg>,
    failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
    strict: bool,
) -> anyhow::Result<Report> {
    let mut tx = store.begin()?;
    let mut tally: BTreeMap<Table, Tally> = BTreeMap::new();
    let mut store_error: Option<StoreError> = None;
    for msg in recv {
        match msg {
            Msg::Rows(batch) => {
                if store_error.is_some() {
                    continue;
                }
                for (table, id, body) in batch.rows {
                    let t = tally.entry(table).or_default();
                    // The id bytes were copied from a &str, so they are UTF-8.
                    let id = std::str::from_utf8(&batch.bytes[id]).unwrap_or_default();
                    match tx.upsert_json(table, id, &batch.bytes[body]) {
                        Ok(Outcome::Created) => t.created += 1,
                        Ok(Outcome::Updated) => t.updated += 1,
                        Ok(Outcome::Unchanged) => t.unchanged += 1,
                        Err(e) => {
                            failed.store(true, std::sync::atomic::Ordering::Relaxed);
                            store_error = Some(e);
                            break;
                        }
                    }
                }
            }
            Msg::Done(checker) => {
                if let Some(e) = store_error {
                    // The first error is the cause; a failing rollback after it is not news.
                    let _ = tx.rollback();
                    return Err(e.into());
                }
                let mut problems = match checker.finish(&mut |t, id| tx.exists(t, id)) {
                    Ok(p) => p,
                    Err(e) => {
                        let _ = tx.rollback();
                        return Err(e.into());
                    }
                };
                if strict {
                    hsds::validate::strict(&mut problems);
                }
                let mut report = Report {
                    problems,
                    tally,
                    committed: false,
                };
                if report.has_errors() {
                    tx.rollback()?;
                } else {
                    tx.commit()?;
                    report.committed = true;
                }
                return Ok(report);
            }
        }
    }
    // The reader went away without finishing: keep nothing.
    let _ = tx.rollback();
    anyhow::bail!("the import was interrupted before it was fully read; nothing was written")
}

/// Print problems one per line, at most `cap`, then how many more there are.
pub fn print_problems(problems: &[Problem], cap: usize) {
    for p in problems.iter().take(cap) {
        eprintln!("{p}");
    }
    if problems.len() > cap {
        let more = problems.len() - cap;
        let errors = problems[cap..].iter().filter(|p| p.is_error()).count();
        eprintln!(
            "... and {more} more problem{} ({errors} error{}, {} warning{}) not shown",
            if more == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            more - errors,
            if more - errors == 1 { "" } else { "s" },
        );
    }
}

/// The per-table table of counts, as printed after an import.
pub fn format_tally(tally: &BTreeMap<Table, Tally>, validating: bool) -> String {
    let mut out = String::new();
    if validating {
        out.push_str(&format!("{:<24} {:>10}\n", "table", "records"));
        for (t, c) in tally {
            out.push_str(&format!("{:<24} {:>10}\n", t.name(), c.created));
        }
    } else {
        out.push_str(&format!(
            "{:<24} {:>10} {:>10} {:>10}\n",
            "table", "created", "updated", "unchanged"
        ));
        for (t, c) in tally {
            out.push_str(&format!(
                "{:<24} {:>10} {:>10} {:>10}\n",
                t.name(),
                c.created,
                c.updated,
                c.unchanged
            ));
        }
    }
    out
}
