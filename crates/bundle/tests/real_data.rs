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

#[test]
fn every_bundled_hotline_has_spanish_for_every_text_a_reader_sees() {
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sources");
    let (dir, report) = bundle::convert(&sources).expect("real sources convert");
    let s = |r: &hsds::Record, k: &str| {
        r.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let spanish: std::collections::BTreeSet<(String, String, String)> = dir
        .records(Table::Translation)
        .filter(|t| s(t, "language") == "es")
        .map(|t| {
            (
                s(t, "resource_type"),
                s(t, "resource_id"),
                s(t, "field_name"),
            )
        })
        .collect();
    let mut wanted = Vec::new();
    for name in [
        "National Human Trafficking Hotline",
        "National Domestic Violence Hotline",
        "988 Suicide & Crisis Lifeline",
        "Emergency services",
        "New York State Domestic and Sexual Violence Hotline",
        "Safe Horizon Hotline",
        "Modern Slavery & Exploitation Helpline",
    ] {
        let svc = bundle::id(&format!("hotline:{name}/service"));
        let svc_rec = dir
            .records(Table::Service)
            .find(|r| s(r, "id") == svc)
            .expect("hotline service");
        for f in [
            "description",
            "application_process",
            "interpretation_services",
        ] {
            if !s(svc_rec, f).is_empty() {
                wanted.push(("service", svc.clone(), f));
            }
        }
        for (t, field) in [
            (Table::Schedule, "description"),
            (Table::ServiceArea, "name"),
            (Table::Language, "name"),
            (Table::Phone, "description"),
        ] {
            for r in dir
                .records(t)
                .filter(|r| s(r, "service_id") == svc && !s(r, field).is_empty())
            {
                // "TTY" is the same word in Spanish.
                if t == Table::Phone && s(r, "type") == "textphone" {
                    continue;
                }
                wanted.push((t.name(), s(r, "id"), field));
            }
        }
    }
    assert!(wanted.len() > 40, "{}", wanted.len());
    for (t, id, f) in &wanted {
        assert!(
            spanish.contains(&(t.to_string(), id.clone(), f.to_string())),
            "no Spanish for {t} {id} {f}"
        );
    }
    // And every translation is one of those or an organization's description (the purpose).
    assert_eq!(report.translations, wanted.len() + 7);
}

/// The conversion, now built from typed model structs, still writes the shipped datapackage
/// byte for byte (the CLI's `bundle build` test checks the same through the binary).
#[test]
fn the_conversion_writes_the_shipped_datapackage_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (dir, _) = bundle::convert(&root.join("data/sources")).expect("real sources convert");
    let out = tempfile::tempdir().expect("tempdir");
    hsds::io::write_datapackage(&dir, out.path()).expect("write");
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let shipped = root.join("data/bundled");
    assert_eq!(names(&shipped), names(out.path()));
    for n in names(&shipped) {
        let a = std::fs::read(shipped.join(&n)).expect("shipped file");
        let b = std::fs::read(out.path().join(&n)).expect("written file");
        assert!(
            a == b,
            "data/bundled/{n} differs from the conversion's output"
        );
    }
}
