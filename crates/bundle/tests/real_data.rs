//! The conversion of the real bundled sources (data/sources/): plausible counts, a good join,
//! every record conformant, and the attribution of every record an honest action (never "verified").

mod common;

use hsds::Table;
use std::path::Path;

#[test]
fn the_real_sources_convert_with_a_good_join() {
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sources");
    let (dir, report) = bundle::convert(&sources).expect("real sources convert");
    println!("{report}");
    assert_eq!(report.hotlines, 7);
    assert_eq!(report.hospitals_open, 7_634);
    assert_eq!(report.cms_rows, 5_421);
    assert!(report.matched_ratio() > 0.85, "{report}");
    assert_eq!(
        report.matched_by_number + report.matched_by_name + report.unmatched_cms,
        report.cms_rows
    );
    assert_eq!(
        report.er_yes + report.er_no + report.er_unknown,
        report.hospitals_open
    );
    assert_eq!(report.nyc_sites, 362);
    assert_eq!(report.nyc_organizations, 80);
    assert_eq!(report.leads, 16);
    // hotlines, hospitals, NYC sites, leads (14 names)
    assert_eq!(dir.records(Table::Service).count(), 7 + 7_634 + 362 + 14);
    // hospitals, NYC sites, one per lead row
    assert_eq!(dir.records(Table::Location).count(), 7_634 + 362 + 16);
    for m in dir.records(Table::Metadata) {
        let action = m
            .get("last_action_type")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        assert!(
            action == bundle::ACTION_SOURCE_SEEN || action == bundle::ACTION_LEAD,
            "{action}"
        );
    }
    let problems = common::problems(&dir);
    assert!(
        problems.is_empty(),
        "{} problems, first: {:#?}",
        problems.len(),
        &problems[..problems.len().min(20)]
    );
}
