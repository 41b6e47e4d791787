//! The shipped content: it passes the checker, and every path of the flow ends, in every locale.

use guide::{check::check, Block, Catalog, Flow, Series, Source};

#[test]
fn the_shipped_content_has_no_problems() {
    let problems: Vec<String> = check(&Source::Embedded)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
