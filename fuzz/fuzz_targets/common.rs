//! Shared by the fuzz targets: a sink that checks every record as an import would, and a
//! scratch folder in memory-backed storage when there is one. Each target uses only a part.
#![allow(dead_code)]

use hsds::io::Sink;
use hsds::validate::Checker;
use hsds::{Origin, Problem, Record, Table};
use std::path::PathBuf;

/// Checks each record as `haven import` does; any panic in reading or checking is a bug.
pub struct Check(pub Checker);

impl Sink for Check {
    fn record(&mut self, table: Table, mut record: Record, origin: Origin) {
        self.0.check(table, &mut record, &origin);
    }
    fn problem(&mut self, problem: Problem) {
        // Every problem must print: Display may not panic on any input.
        let _ = problem.to_string();
        self.0.report(problem);
    }
}

impl Check {
    /// A checker with the default limits.
    pub fn new() -> Self {
        Check(Checker::new())
    }
    /// Resolve references as the end of an import does.
    pub fn finish(self) {
        let problems = self
            .0
            .finish(&mut |_, _| Ok::<bool, ()>(false))
            .unwrap_or_default();
        for p in problems {
            let _ = p.to_string();
        }
    }
}

/// A per-process scratch folder, in /dev/shm when it exists (files there cost no disk).
pub fn scratch() -> PathBuf {
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("haven-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}
