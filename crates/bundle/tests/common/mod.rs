//! Conformance of converted records, judged by haven's own HSDS checker (schema rules, ids,
//! references), so the bundle tests prove "every value satisfies the schema".

use hsds::{Directory, Table};

/// Every problem the checker finds, errors and warnings alike; empty means conformant.
pub fn problems(dir: &Directory) -> Vec<String> {
    let mut dir = dir.clone();
    let mut no_store = |_: Table, _: &str| Ok::<bool, std::convert::Infallible>(false);
    hsds::validate::check_directory(&mut dir, &mut no_store)
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect()
}
