//! The local-help sources as shipped (data/sources/orgs, data/bundled): coordinates, every hours
//! string, confidential residential sites, leads, network evidence, hotline areas, trafficking tags.

use bundle::hours::{self, Reading};
use bundle::projection::StatePlane;
use hsds::{Directory, Record, Table};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn converted() -> &'static (Directory, bundle::ConvertReport) {
    static DIR: OnceLock<(Directory, bundle::ConvertReport)> = OnceLock::new();
    DIR.get_or_init(|| bundle::convert(&root().join("data/sources")).expect("real sources convert"))
}

fn str_of<'a>(r: &'a Record, k: &str) -> &'a str {
    r.get(k).and_then(Value::as_str).unwrap_or_default()
}

fn facility() -> Vec<csv::StringRecord> {
    let mut rdr = csv::Reader::from_path(root().join("data/sources/orgs/facility.csv")).unwrap();
    rdr.records().map(Result::unwrap).collect()
}

fn header() -> csv::StringRecord {
    let mut rdr = csv::Reader::from_path(root().join("data/sources/orgs/facility.csv")).unwrap();
    rdr.headers().unwrap().clone()
}

fn col(h: &csv::StringRecord, name: &str) -> usize {
    h.iter().position(|c| c == name).unwrap()
}

/// Great-circle distance in metres.
fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

fn terms_of(dir: &Directory, link_id: &str) -> BTreeSet<String> {
    dir.records(Table::Attribute)
        .filter(|a| str_of(a, "link_id") == link_id)
        .filter_map(|a| {
            dir.records(Table::TaxonomyTerm)
                .find(|t| str_of(t, "id") == str_of(a, "taxonomy_term_id"))
                .map(|t| str_of(t, "code").to_string())
        })
        .collect()
}

#[test]
fn every_row_converts_within_a_metre_of_proj() {
    let sp = StatePlane::new().unwrap();
    let mut rdr =
        csv::Reader::from_path(root().join("data/sources/orgs/reference-wgs84.csv")).unwrap();
    let rows = facility();
    let h = header();
    let (x, y) = (col(&h, "X"), col(&h, "Y"));
    let mut n = 0;
    for r in rdr.records() {
        let r = r.unwrap();
        let row: usize = r[0].parse().unwrap();
        let src = &rows[row - 2];
        assert_eq!(&src[x], &r[1], "row {row}: reference is for another X");
        let (lat, lon) = sp
            .to_wgs84(src[x].parse().unwrap(), src[y].parse().unwrap())
            .unwrap();
        let d = metres((lat, lon), (r[3].parse().unwrap(), r[4].parse().unwrap()));
        assert!(d < 1.0, "row {row}: {d:.3} m from PROJ");
        n += 1;
    }
    assert_eq!(n, rows.len());
    assert_eq!(n, 362);
}

/// Every distinct hours string of the file and what it became, compared with
/// tests/hours-table.txt (set BLESS=1 to rewrite it after a deliberate change, then review).
#[test]
fn every_hours_string_is_listed_with_what_it_became() {
    let h = header();
    let mut seen = BTreeSet::new();
    for r in facility() {
        for field in ["MAIN_HOURS_OF_OPERATION", "WEEKEND_HOURS_OF_OPERATION"] {
            seen.insert((field, r[col(&h, field)].to_string()));
        }
    }
    let mut out = String::new();
    for (field, raw) in &seen {
        out.push_str(&format!("{field} {raw:?}\n"));
        match hours::read(raw) {
            None => out.push_str("  => (empty: no schedule)\n"),
            Some((words, reading)) => {
                out.push_str(&format!("  words: {words}\n"));
                match reading {
                    Reading::Rules(rules) => {
                        for r in rules {
                            out.push_str(&format!(
                                "  => {} {} {}-{}\n",
                                r.freq, r.byday, r.opens_at, r.closes_at
                            ));
                        }
                    }
                    Reading::Words => out.push_str("  => hours unknown (words only)\n"),
                    Reading::Bad(why) => out.push_str(&format!("  => BAD, words only: {why}\n")),
                }
            }
        }
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hours-table.txt");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &out).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        out, expected,
        "hours readings changed: review, then BLESS=1"
    );
    assert!(seen.len() > 90, "{}", seen.len());
}

/// The residential sites, decided by name words and the shelter/housing flags.
const RESIDENTIAL: &[&str] = &[
    "Barrier Free Living Apartments",
    "Safe Haven 3 - Crisis Shelter",
    "Safe Haven 1 - Transitional Independent Living",
    "Safe Haven 2 - Transitional Independent Living",
    "Schwartz Assessment Shelter",
    "Jamaica Employment Shelter",
    "Cromwell Safe Haven",
    "Regent Family Residence",
    "University Family Residence",
    "Lydia E. Hoffman Family Residence",
    "Bushwick Family Residence",
];

#[test]
fn residential_sites_leave_no_street_and_no_position_in_the_bundle() {
    let h = header();
    let sp = StatePlane::new().unwrap();
    let mut found = Vec::new();
    let mut secrets = Vec::new();
    for r in facility() {
        let name = hours::collapse(&r[col(&h, "LOCATION_NAME")]);
        let is = bundle::nyc::is_residential(
            &name,
            &r[col(&h, "EMERGENCY_OR_TRANSITIONAL_SHELTER")] == "1",
            &r[col(&h, "PERMANENT_HOUSING")] == "1",
        );
        if is {
            found.push(name.clone());
            let pos = sp
                .to_wgs84(
                    r[col(&h, "X")].parse().unwrap(),
                    r[col(&h, "Y")].parse().unwrap(),
                )
                .unwrap();
            secrets.push((name, hours::collapse(&r[col(&h, "ADDRESS_1")]), pos));
        }
    }
    assert_eq!(found, RESIDENTIAL);
    assert_eq!(converted().1.nyc_residential, RESIDENTIAL.len());

    // the shipped CSVs hold neither the street nor the house number with the street's name
    let bundled = root().join("data/bundled");
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&bundled).unwrap() {
        let p = e.unwrap().path();
        texts.push((
            p.clone(),
            std::fs::read_to_string(&p).unwrap().to_lowercase(),
        ));
    }
    for (name, street, _) in &secrets {
        let needle = street.to_lowercase();
        for (p, text) in &texts {
            assert!(
                !text.contains(&needle),
                "{name}: '{street}' is in {}",
                p.display()
            );
        }
    }
    // no bundled location is within 50 m of a residential site
    let (dir, _) = converted();
    for loc in dir.records(Table::Location) {
        let (Some(lat), Some(lon)) = (
            loc.get("latitude").and_then(Value::as_f64),
            loc.get("longitude").and_then(Value::as_f64),
        ) else {
            continue;
        };
        for (name, _, pos) in &secrets {
            let d = metres((lat, lon), *pos);
            assert!(d > 50.0, "{name}: {} is {d:.0} m away", str_of(loc, "name"));
        }
    }
    // each one says where it is shown and carries the confidential marker
    for name in RESIDENTIAL {
        let loc = dir
            .records(Table::Location)
            .find(|l| str_of(l, "name") == format!("{name} (confidential address)"))
            .unwrap_or_else(|| panic!("{name}"));
        assert!(
            str_of(loc, "description").starts_with("Confidential address (shown at the centre of ")
        );
        assert!(terms_of(dir, str_of(loc, "id")).contains(hsds::haven::CONFIDENTIAL_TERM_CODE));
        assert!(dir
            .records(Table::Address)
            .all(|a| str_of(a, "location_id") != str_of(loc, "id")));
    }
}

#[test]
fn leads_carry_their_sources_date_and_not_yet_verified() {
    let (dir, report) = converted();
    assert_eq!(report.leads, 16);
    let mut rdr =
        csv::Reader::from_path(root().join("data/sources/orgs/ny-anti-trafficking-leads.csv"))
            .unwrap();
    let mut names = BTreeSet::new();
    for r in rdr.deserialize::<std::collections::HashMap<String, String>>() {
        let r = r.unwrap();
        let name = &r["name"];
        if !names.insert(name.clone()) {
            continue;
        }
        let svc = dir
            .records(Table::Service)
            .find(|s| {
                str_of(s, "name") == name
                    && str_of(s, "id")
                        == bundle::id(&format!("lead:{}/service", name.to_lowercase()))
            })
            .unwrap_or_else(|| panic!("{name}"));
        let meta: Vec<&Record> = dir
            .records(Table::Metadata)
            .filter(|m| str_of(m, "resource_id") == str_of(svc, "id"))
            .collect();
        assert_eq!(meta.len(), 1, "{name}");
        assert_eq!(str_of(meta[0], "last_action_type"), bundle::ACTION_LEAD);
        let shown = str_of(meta[0], "replacement_value");
        assert!(shown.starts_with("Not yet verified"), "{shown}");
        for url in r["source_url"].split(" | ") {
            assert!(shown.contains(url.trim()), "{name}: {url}");
        }
        assert!(shown.contains(r["source_date"].trim()), "{name}");
        assert!(
            !svc.contains_key("assured_date"),
            "{name}: a lead is not assured"
        );
        assert!(
            terms_of(dir, str_of(svc, "id")).contains("trafficking"),
            "{name}"
        );
    }
    assert_eq!(names.len(), 14);
    let lifeway = dir
        .records(Table::Service)
        .find(|s| str_of(s, "name") == "LifeWay Network" && s.contains_key("application_process"))
        .unwrap();
    assert!(str_of(lifeway, "application_process").contains("Referral required"));
    // city-level rows say so; confidential ones are marked and have no address
    let restore = dir
        .records(Table::Location)
        .find(|l| str_of(l, "name") == "Restore NYC (New York, NY)")
        .unwrap();
    assert!(str_of(restore, "description")
        .contains("city centre of New York, NY: no street address published"));
    assert!(terms_of(dir, str_of(restore, "id")).contains(hsds::haven::CONFIDENTIAL_TERM_CODE));
    let hawthorne = dir
        .records(Table::Location)
        .find(|l| str_of(l, "name") == "Worker Justice Center of New York (Hawthorne, NY)")
        .unwrap();
    assert!(str_of(hawthorne, "description").contains("centre of ZIP code 10532"));
}

#[test]
fn network_evidence_is_attached_with_its_words_and_source() {
    let (dir, report) = converted();
    assert_eq!(report.evidence_matched + report.evidence_unmatched, 32);
    assert!(report.evidence_matched >= 18, "{report}");
    let unmatched = report
        .findings
        .iter()
        .filter(|f| f.file == bundle::EVIDENCE_FILE)
        .count();
    assert_eq!(unmatched, report.evidence_unmatched);
    let safe_horizon = bundle::id("nyc:org:safe horizon");
    let attrs: Vec<&Record> = dir
        .records(Table::Attribute)
        .filter(|a| {
            str_of(a, "link_id") == safe_horizon && str_of(a, "link_entity") == "organization"
        })
        .collect();
    let words: Vec<&str> = attrs.iter().map(|a| str_of(a, "value")).collect();
    assert!(
        words.contains(&"Listed as a member of the New York Anti-Trafficking Network (2013-2014)"),
        "{words:#?}"
    );
    assert!(words
        .iter()
        .any(|w| w.starts_with("Named as recipient of a federal anti-trafficking grant")));
    for a in attrs {
        let meta: Vec<&Record> = dir
            .records(Table::Metadata)
            .filter(|m| str_of(m, "resource_id") == str_of(a, "id"))
            .collect();
        assert_eq!(meta.len(), 1);
        assert!(str_of(meta[0], "replacement_value").contains("https://"));
        assert_eq!(str_of(meta[0], "last_action_date"), "2026-12-02");
    }
}

#[test]
fn hotline_areas_are_haven_area_uris() {
    let (dir, _) = converted();
    let mut got = Vec::new();
    for a in dir.records(Table::ServiceArea) {
        let area = hsds::haven::Area::parse(str_of(a, "uri"))
            .unwrap()
            .unwrap_or_else(|| panic!("{}", str_of(a, "uri")));
        got.push((str_of(a, "name").to_string(), area.uri()));
    }
    got.sort();
    got.dedup();
    assert_eq!(
        got,
        [
            (
                "New York City".to_string(),
                "urn:haven:area:city:US-NY-NYC".to_string()
            ),
            ("New York State".into(), "urn:haven:area:state:US-NY".into()),
            ("United Kingdom".into(), "urn:haven:area:country:GB".into()),
            ("United States".into(), "urn:haven:area:country:US".into()),
        ]
    );
}

#[test]
fn trafficking_programs_are_tagged_trafficking() {
    let (dir, _) = converted();
    let tagged = |pred: &dyn Fn(&Record) -> bool| {
        dir.records(Table::Service)
            .filter(|s| pred(s))
            .filter(|s| terms_of(dir, str_of(s, "id")).contains("trafficking"))
            .count()
    };
    assert_eq!(tagged(&|s| str_of(s, "name") == "Anti-Trafficking"), 1);
    assert!(tagged(&|s| str_of(s, "name").contains("Family Justice Center")) >= 10);
    assert!(tagged(&|s| str_of(s, "organization_id") == bundle::id("nyc:org:womankind")) >= 3);
    // and a precinct office whose text never mentions it is not
    assert_eq!(
        tagged(&|s| str_of(s, "name").starts_with("Crime Victim Assistance Program Brooklyn 76th")),
        0
    );
}

#[test]
fn the_taxonomy_names_are_the_finders_labels() {
    let fields = std::fs::read_to_string(root().join("data/sources/orgs/fields.js")).unwrap();
    let label = |col: &str| {
        let line = fields
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("'{col}'")))
            .unwrap_or_else(|| panic!("{col} not in fields.js"));
        let v = line.split_once(':').unwrap().1.trim().trim_end_matches(',');
        v.trim_matches(['\'', '"']).to_string()
    };
    let name = |code: &str| {
        bundle::taxonomy::TERMS
            .iter()
            .find(|t| t.0 == code)
            .unwrap_or_else(|| panic!("no term {code}"))
            .1
    };
    for (col, code, oe) in bundle::nyc::SERVICE_FLAGS {
        assert_eq!(name(code), label(col), "{col}");
        assert!(!oe.is_empty());
    }
    for (col, code) in bundle::nyc::POPULATION_FLAGS {
        assert_eq!(name(code), label(col), "{col}");
    }
    for (col, lang, _) in bundle::nyc::LANGUAGE_FLAGS {
        assert_eq!(*lang, label(col), "{col}");
    }
    // every Open Eligibility code used is a term of the bundled taxonomy
    let (dir, _) = converted();
    let oe: BTreeSet<&str> = dir
        .records(Table::TaxonomyTerm)
        .filter(|t| str_of(t, "taxonomy") == bundle::taxonomy::OE_NAME)
        .map(|t| str_of(t, "code"))
        .collect();
    assert_eq!(oe.len(), 290);
    for (_, _, codes) in bundle::nyc::SERVICE_FLAGS {
        for c in *codes {
            assert!(oe.contains(c), "{c}");
        }
    }
}

#[test]
fn docs_taxonomy_lists_every_flag_mapping() {
    let doc = std::fs::read_to_string(root().join("docs/taxonomy.md")).unwrap();
    let row = |col: &str| {
        doc.lines()
            .find(|l| l.starts_with(&format!("| `{col}` |")))
            .unwrap_or_else(|| panic!("docs/taxonomy.md has no row for {col}"))
            .to_string()
    };
    for (col, code, oe) in bundle::nyc::SERVICE_FLAGS {
        let line = row(col);
        assert!(line.contains(&format!("`{code}`")), "{line}");
        for c in *oe {
            assert!(line.contains(c), "{line}");
        }
    }
    for (col, code, _) in bundle::nyc::VICTIM_FLAGS {
        assert!(row(col).contains(&format!("`{code}`")), "{col}");
    }
    for (col, code) in bundle::nyc::POPULATION_FLAGS {
        assert!(row(col).contains(&format!("`{code}`")), "{col}");
    }
    assert!(doc.contains("CC BY-SA 3.0"));
}
