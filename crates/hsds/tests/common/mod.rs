//! Shared helpers for the conformance and round-trip tests: the official example inputs,
//! reading and checking them, and validators built from the official JSON schemas.
#![allow(dead_code)]

use hsds::io::{read_all, Collect};
use hsds::validate::check_directory;
use hsds::{Directory, Problem, Table};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The crate's copy of the official HSDS 3.0 specification.
pub fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/v3.0")
}

/// Every official example input: each `examples/*.json` file and the `examples/csv` datapackage.
pub fn examples() -> Vec<PathBuf> {
    let dir = spec_dir().join("examples");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples folder")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    out.sort();
    assert!(
        out.len() >= 13,
        "expected the 13 official JSON examples, found {}",
        out.len()
    );
    out.push(dir.join("csv"));
    out
}

/// Read inputs, failing the test on any read error.
pub fn read(paths: &[PathBuf]) -> Collect {
    read_all(paths).unwrap_or_else(|e| panic!("reading {paths:?}: {e}"))
}

/// Check a directory in place (no store), returning every problem.
pub fn check(dir: &mut Directory) -> Vec<Problem> {
    check_directory(dir, &mut |_, _| Ok::<bool, ()>(false)).expect("no store lookups fail")
}

/// The error-severity problems among the reader's and the checker's.
pub fn errors(problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.to_string())
        .collect()
}

/// Read an input and check it; panics when either finds an error.
pub fn read_checked(path: &Path) -> (Directory, Vec<Problem>) {
    let Collect {
        mut directory,
        mut problems,
    } = read(&[path.to_path_buf()]);
    problems.extend(check(&mut directory));
    let errs = errors(&problems);
    assert!(
        errs.is_empty(),
        "{}: errors:\n{}",
        path.display(),
        errs.join("\n")
    );
    (directory, problems)
}

/// Records per table, for count assertions.
pub fn counts(dir: &Directory) -> std::collections::BTreeMap<Table, usize> {
    dir.tables
        .iter()
        .map(|(t, rows)| (*t, rows.len()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Serves the official modular schemas for any `$ref` whose last path segment is `<name>.json`.
pub struct SpecRetriever;

impl jsonschema::Retrieve for SpecRetriever {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<&str>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let s = uri.as_str();
        let name = s.rsplit('/').next().unwrap_or(s);
        let name = name.split(['#', '?']).next().unwrap_or(name);
        if !name.ends_with(".json") || name.contains("..") {
            return Err(format!("not an HSDS schema reference: {s}").into());
        }
        let path = spec_dir().join("schema").join(name);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// Build a validator for an official schema with `$ref`s served from the spec folder.
pub fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_retriever(SpecRetriever)
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("official schema does not compile: {e}"))
}

/// Read a JSON file of the spec folder.
pub fn spec_json(rel: &str) -> Value {
    let path = spec_dir().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The compiled tabular schema validator (one object keyed by table, each a list of flat records).
pub fn tabular_validator() -> jsonschema::Validator {
    validator(&spec_json("schema/compiled/tabular.json"))
}

/// The modular schema validator of one table.
pub fn table_validator(table: Table) -> jsonschema::Validator {
    validator(&spec_json(&format!("schema/{}.json", table.name())))
}

/// Every validation error of an instance, as text with its instance path.
pub fn schema_errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}
