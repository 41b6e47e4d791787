//! Import and validate: readers -> checker -> one store transaction, all or nothing.

use hsds::io::Sink;
use hsds::validate::{Checker, Verdict};
use hsds::{Origin, Problem, Record, Table};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use store::{Import, Outcome, Store, StoreError};

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

struct Pipeline<'a> {
    checker: Checker,
    tx: Option<Box<dyn Import + 'a>>,
    tally: BTreeMap<Table, Tally>,
    store_error: Option<StoreError>,
    strict: bool,
    bar: Option<ProgressBar>,
}

impl Sink for Pipeline<'_> {
    fn record(&mut self, table: Table, mut record: Record, origin: Origin) {
        let verdict = self.checker.check(table, &mut record, &origin);
        if verdict != Verdict::Keep {
            return;
        }
        let clean = self.checker.error_count() == 0
            && (!self.strict || self.checker.problems().is_empty())
            && self.store_error.is_none();
        let t = self.tally.entry(table).or_default();
        match (&mut self.tx, clean) {
            (Some(tx), true) => match tx.upsert(table, &record) {
                Ok(Outcome::Created) => t.created += 1,
                Ok(Outcome::Updated) => t.updated += 1,
                Ok(Outcome::Unchanged) => t.unchanged += 1,
                Err(e) => self.store_error = Some(e),
            },
            // Validating, or already failed: count what would be read.
            _ => t.created += 1,
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

type Read<'a> = (
    Checker,
    Option<Box<dyn Import + 'a>>,
    BTreeMap<Table, Tally>,
    Option<StoreError>,
);

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

fn read_into<'a>(
    tx: Option<Box<dyn Import + 'a>>,
    bar: Option<ProgressBar>,
    feed: Feed<'_>,
    strict: bool,
) -> Read<'a> {
    let mut p = Pipeline {
        checker: Checker::new(),
        tx,
        tally: BTreeMap::new(),
        store_error: None,
        strict,
        bar,
    };
    feed(&mut p);
    if let Some(b) = &p.bar {
        b.finish_and_clear();
    }
    (p.checker, p.tx, p.tally, p.store_error)
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
pub fn run_feed(
    store: &mut dyn Store,
    feed: Feed<'_>,
    bar: Option<ProgressBar>,
    strict: bool,
    dry_run: bool,
) -> anyhow::Result<Report> {
    if dry_run {
        let (checker, _, tally, _) = read_into(None, bar, feed, strict);
        let mut problems = checker.finish(&mut |t, id| store.exists(t, id))?;
        if strict {
            hsds::validate::strict(&mut problems);
        }
        return Ok(Report {
            problems,
            tally,
            committed: false,
        });
    }
    let tx = store.begin()?;
    let (checker, tx, tally, store_error) = read_into(Some(tx), bar, feed, strict);
    let Some(tx) = tx else {
        anyhow::bail!("internal: the import transaction was lost");
    };
    if let Some(e) = store_error {
        tx.rollback()?;
        return Err(e.into());
    }
    let mut problems = checker.finish(&mut |t, id| tx.exists(t, id))?;
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
    Ok(report)
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
