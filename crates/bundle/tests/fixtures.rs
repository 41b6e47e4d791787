//! The conversion on small fixtures named after what they prove (tests/fixtures/small/).

mod common;

use bundle::{
    convert, id, taxonomy, BundleError, ConvertReport, CMS_ATTRIBUTION, HIFLD_ATTRIBUTION,
};
use hsds::{Directory, Record, Table};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn small() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small")
}

fn run() -> (Directory, ConvertReport) {
    convert(&small()).expect("fixtures convert")
}

fn str_of<'a>(r: &'a Record, k: &str) -> &'a str {
    r.get(k).and_then(Value::as_str).unwrap_or_default()
}

fn one<'a>(dir: &'a Directory, t: Table, id: &str) -> &'a Record {
    dir.records(t)
        .find(|r| str_of(r, "id") == id)
        .unwrap_or_else(|| panic!("no {t} {id}"))
}

fn where_<'a>(dir: &'a Directory, t: Table, k: &str, v: &str) -> Vec<&'a Record> {
    dir.records(t).filter(|r| str_of(r, k) == v).collect()
}

fn terms_of(dir: &Directory, service_id: &str) -> Vec<String> {
    let mut out: Vec<String> = where_(dir, Table::Attribute, "link_id", service_id)
        .into_iter()
        .map(|a| {
            let term = one(dir, Table::TaxonomyTerm, str_of(a, "taxonomy_term_id"));
            str_of(term, "code").to_string()
        })
        .collect();
    out.sort();
    out
}

fn hospital_service(hifld_id: &str) -> String {
    id(&format!("hifld:{hifld_id}/service"))
}

#[test]
fn every_record_satisfies_the_hsds_schema() {
    let (dir, _) = run();
    let problems = common::problems(&dir);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn ids_are_the_same_on_every_run() {
    let (a, _) = run();
    let (b, _) = run();
    assert_eq!(a.content(), b.content());
    assert_eq!(a, b, "same records, same order, same origins");
    let svc = one(&a, Table::Service, &hospital_service("0001336420"));
    assert_eq!(str_of(svc, "name"), "ANDALUSIA HEALTH");
    // pinned: changing the namespace or the key scheme would break every importer's ids
    assert_eq!(str_of(svc, "id"), "481fa616-e38f-53be-a089-527f00a103a5");
}

#[test]
fn the_join_report_counts_each_way_a_cms_row_matched() {
    let (_, report) = run();
    assert_eq!(
        report,
        ConvertReport {
            hotlines: 2,
            hospitals_open: 8,
            cms_rows: 7,
            matched_by_number: 3,
            matched_by_name: 1,
            unmatched_cms: 3,
            er_yes: 3,
            er_no: 1,
            er_unknown: 4,
            ..report.clone()
        }
    );
}

#[test]
fn closed_hospitals_are_left_out() {
    let (dir, _) = run();
    assert!(dir
        .records(Table::Service)
        .all(|r| str_of(r, "name") != "OLD TOWN HOSPITAL"));
    let hospitals = dir
        .records(Table::Location)
        .filter(|l| str_of(l, "external_identifier_type") == "HIFLD Hospitals ID")
        .count();
    assert_eq!(hospitals, 8);
}

#[test]
fn a_hospital_matched_by_number_with_emergency_services_yes_is_tagged_emergency_department() {
    let (dir, _) = run();
    let svc_id = hospital_service("0001336420");
    assert_eq!(
        terms_of(&dir, &svc_id),
        ["106-06", "emergency-department", "hospital"]
    );
    let svc = one(&dir, Table::Service, &svc_id);
    assert!(str_of(svc, "description").contains("Emergency department: yes"));
    assert!(str_of(svc, "description").contains("Trauma center: LEVEL III"));
    // the ER tag carries its own CMS attribution
    let tag = where_(&dir, Table::Attribute, "link_id", &svc_id)
        .into_iter()
        .find(|a| {
            str_of(a, "taxonomy_term_id")
                == taxonomy::term_id(hsds::vocab::term::EMERGENCY_DEPARTMENT).as_str()
        })
        .unwrap();
    let meta = where_(&dir, Table::Metadata, "resource_id", str_of(tag, "id"));
    assert_eq!(meta.len(), 1);
    assert_eq!(str_of(meta[0], "replacement_value"), CMS_ATTRIBUTION);
    assert_eq!(str_of(meta[0], "resource_type"), "attribute");
    // and the CCN is an organization identifier
    let org_id = str_of(svc, "organization_id");
    let ident = where_(
        &dir,
        Table::OrganizationIdentifier,
        "organization_id",
        org_id,
    );
    assert_eq!(str_of(ident[0], "identifier"), "010036");
}

#[test]
fn a_hospital_without_a_phone_gets_the_cms_phone_matched_by_name() {
    let (dir, _) = run();
    let svc_id = hospital_service("0002000001");
    assert_eq!(
        terms_of(&dir, &svc_id),
        [
            "106-06",
            "hospital",
            "no-emergency-department",
            "psychiatric-hospital",
            "serves-some-people"
        ]
    );
    assert!(str_of(one(&dir, Table::Service, &svc_id), "description")
        .contains("Serves only some people: Psychiatric hospital."));
    let phones = where_(&dir, Table::Phone, "service_id", &svc_id);
    assert_eq!(phones.len(), 1);
    assert_eq!(str_of(phones[0], "number"), "(989) 555-0199");
    let meta = where_(
        &dir,
        Table::Metadata,
        "resource_id",
        str_of(phones[0], "id"),
    );
    assert_eq!(str_of(meta[0], "replacement_value"), CMS_ATTRIBUTION);
    let svc = one(&dir, Table::Service, &svc_id);
    assert_eq!(str_of(svc, "url"), "http://www.lakeview-behavioral.org/");
    assert_eq!(str_of(svc, "assured_date"), "2022-05-02");
}

#[test]
fn ambiguous_and_unmatched_hospitals_have_an_unknown_emergency_department() {
    let (dir, _) = run();
    for hid in ["0004000001", "0004000002", "0006000001"] {
        let svc_id = hospital_service(hid);
        let terms = terms_of(&dir, &svc_id);
        assert!(terms.contains(&"hospital".to_string()), "{hid}");
        assert!(
            !terms.iter().any(|t| t.ends_with("emergency-department")),
            "{hid}: {terms:?}"
        );
        let svc = one(&dir, Table::Service, &svc_id);
        assert!(
            str_of(svc, "description").contains("Emergency department: unknown"),
            "{hid}"
        );
        assert!(where_(
            &dir,
            Table::OrganizationIdentifier,
            "organization_id",
            str_of(svc, "organization_id")
        )
        .is_empty());
    }
}

#[test]
fn two_hospitals_at_one_address_go_to_the_one_with_the_same_name() {
    let (dir, _) = run();
    assert_eq!(
        terms_of(&dir, &hospital_service("0007000001")),
        ["106-06", "emergency-department", "hospital"]
    );
    assert_eq!(
        terms_of(&dir, &hospital_service("0007000002")),
        [
            "106-06",
            "hospital",
            "psychiatric-hospital",
            "serves-some-people"
        ]
    );
}

#[test]
fn missing_markers_leave_fields_out() {
    let (dir, _) = run();
    let hid = "0005000001";
    let loc = one(&dir, Table::Location, &id(&format!("hifld:{hid}/location")));
    assert!(!loc.contains_key("latitude") && !loc.contains_key("longitude"));
    let svc = one(&dir, Table::Service, &hospital_service(hid));
    assert!(
        !svc.contains_key("url"),
        "a website with a space is not a URI"
    );
    assert_eq!(str_of(svc, "assured_date"), bundle::HIFLD_RELEASE_DATE);
    let org = one(&dir, Table::Organization, str_of(svc, "organization_id"));
    assert!(!org.contains_key("alternate_name"));
    // matched by number (330 + 02138, leading zero kept) despite a different name
    assert_eq!(
        terms_of(&dir, &hospital_service(hid)),
        ["106-06", "emergency-department", "hospital"]
    );
}

#[test]
fn hospitals_have_a_located_address_with_zip_and_iso_country() {
    let (dir, _) = run();
    let loc_id = id("hifld:0001336420/location");
    let loc = one(&dir, Table::Location, &loc_id);
    assert_eq!(loc["latitude"], json!(31.29579533));
    assert_eq!(loc["longitude"], json!(-86.49454911));
    assert_eq!(str_of(loc, "location_type"), "physical");
    let addr = where_(&dir, Table::Address, "location_id", &loc_id);
    assert_eq!(str_of(addr[0], "postal_code"), "36420");
    assert_eq!(str_of(addr[0], "country"), "US");
    let pr = where_(
        &dir,
        Table::Address,
        "location_id",
        &id("hifld:0006000001/location"),
    );
    assert_eq!(str_of(pr[0], "country"), "PR");
    assert_eq!(str_of(pr[0], "postal_code"), "00961");
    let cam = where_(
        &dir,
        Table::Address,
        "location_id",
        &id("hifld:0005000001/location"),
    );
    assert_eq!(str_of(cam[0], "postal_code"), "02138");
    let sal = where_(&dir, Table::ServiceAtLocation, "location_id", &loc_id);
    assert_eq!(str_of(sal[0], "service_id"), hospital_service("0001336420"));
}

#[test]
fn every_service_organization_and_location_carries_its_source_and_date() {
    let (dir, _) = run();
    for t in [Table::Service, Table::Organization, Table::Location] {
        for r in dir.records(t) {
            let meta = where_(&dir, Table::Metadata, "resource_id", str_of(r, "id"));
            assert_eq!(meta.len(), 1, "{t} {}", str_of(r, "name"));
            let m = meta[0];
            assert_eq!(str_of(m, "resource_type"), t.name());
            let lead = str_of(m, "updated_by").ends_with(bundle::LEADS_FILE);
            let action = if lead {
                bundle::ACTION_LEAD
            } else {
                bundle::ACTION_SOURCE_SEEN
            };
            assert_eq!(
                str_of(m, "last_action_type"),
                action,
                "{t} {}",
                str_of(r, "name")
            );
            assert_eq!(str_of(m, "field_name"), "*");
            assert!(str_of(m, "updated_by").starts_with(bundle::UPDATED_BY_PREFIX));
            assert!(!str_of(m, "replacement_value").is_empty());
            if t == Table::Service && !lead {
                assert_eq!(str_of(m, "last_action_date"), str_of(r, "assured_date"));
            }
            if lead {
                assert!(!r.contains_key("assured_date"), "a lead is not assured");
            }
        }
    }
    let svc = one(&dir, Table::Service, &hospital_service("0001336420"));
    let meta = where_(&dir, Table::Metadata, "resource_id", str_of(svc, "id"));
    assert_eq!(str_of(meta[0], "replacement_value"), HIFLD_ATTRIBUTION);
    assert_eq!(str_of(meta[0], "last_action_date"), "2021-10-19");
}

#[test]
fn a_hotline_has_its_phones_languages_hours_area_consent_and_source() {
    let (dir, _) = run();
    let key = "hotline:National Human Trafficking Hotline";
    let svc_id = id(&format!("{key}/service"));
    let svc = one(&dir, Table::Service, &svc_id);
    assert_eq!(str_of(svc, "status"), "active");
    assert_eq!(
        str_of(svc, "url"),
        "https://humantraffickinghotline.org/chat"
    );
    assert_eq!(str_of(svc, "assured_date"), "2026-12-01");
    assert!(str_of(svc, "application_process").starts_with("acts only with the caller's consent"));
    assert!(str_of(svc, "interpretation_services").contains("200+ languages"));

    let mut phones: Vec<(String, String, String)> =
        where_(&dir, Table::Phone, "service_id", &svc_id)
            .into_iter()
            .map(|p| {
                (
                    str_of(p, "type").into(),
                    str_of(p, "number").into(),
                    str_of(p, "description").into(),
                )
            })
            .collect();
    phones.sort();
    assert_eq!(
        phones,
        [
            (
                "text".into(),
                "233733".into(),
                "Text BEFREE or HELP to 233733".into()
            ),
            ("textphone".into(), "711".into(), "TTY".into()),
            ("voice".into(), "1-888-373-7888".into(), String::new()),
        ]
    );

    let langs: Vec<(&str, &str, &str)> = where_(&dir, Table::Language, "service_id", &svc_id)
        .into_iter()
        .map(|l| (str_of(l, "name"), str_of(l, "code"), str_of(l, "note")))
        .collect();
    assert_eq!(
        langs,
        [
            ("English", "en", "text and chat"),
            ("Spanish", "es", "text and chat")
        ]
    );

    let sched = where_(&dir, Table::Schedule, "service_id", &svc_id);
    assert_eq!(sched.len(), 1);
    assert_eq!(str_of(sched[0], "freq"), "WEEKLY");
    assert_eq!(str_of(sched[0], "byday"), "MO,TU,WE,TH,FR,SA,SU");
    assert_eq!(str_of(sched[0], "opens_at"), "00:00:00");
    assert_eq!(str_of(sched[0], "closes_at"), "23:59:59");

    let area = where_(&dir, Table::ServiceArea, "service_id", &svc_id);
    assert_eq!(str_of(area[0], "name"), "United States");
    assert_eq!(str_of(area[0], "uri"), "urn:haven:area:country:US");
    assert_eq!(
        terms_of(&dir, &svc_id),
        ["108-07-02", "hotline", "trafficking"]
    );

    let meta = where_(&dir, Table::Metadata, "resource_id", &svc_id);
    assert_eq!(
        str_of(meta[0], "replacement_value"),
        "humantraffickinghotline.org; polarisproject.org; acf.hhs.gov"
    );
    assert_eq!(str_of(meta[0], "last_action_date"), "2026-12-01");

    let dv = id("hotline:National Domestic Violence Hotline/service");
    assert_eq!(
        terms_of(&dir, &dv),
        ["108-07-02", "domestic-violence", "hotline"]
    );
    assert!(!one(&dir, Table::Service, &dv).contains_key("application_process"));
}

#[test]
fn text_lines_keep_the_keyword_and_the_number() {
    assert_eq!(
        bundle::text_line("START to 88788"),
        Some(("88788".into(), "Text START to 88788".into()))
    );
    assert_eq!(
        bundle::text_line("988"),
        Some(("988".into(), "Text 988".into()))
    );
    assert_eq!(
        bundle::text_line("text-to-911 only in some areas: call if you can").map(|t| t.0),
        Some("911".into())
    );
    assert_eq!(bundle::text_line("no number"), None);
}

#[test]
fn name_words_ignore_the_common_ones() {
    let w = bundle::name_words("ST. MARY'S REGIONAL MEDICAL CENTER OF THE COUNTY");
    assert_eq!(w.into_iter().collect::<Vec<_>>(), ["MARYS"]);
    assert_eq!(
        bundle::house_number("849 SOUTH THREE NOTCH"),
        Some("849".into())
    );
    assert_eq!(bundle::house_number("PO BOX 12"), None);
    assert_eq!(bundle::zip5("2138").as_deref(), Some("02138"));
}

fn copy_fixtures(to: &Path) {
    for d in ["hospitals", "orgs", "taxonomy/open-eligibility"] {
        std::fs::create_dir_all(to.join(d)).unwrap();
    }
    for f in [
        bundle::HOTLINES_FILE,
        bundle::HOTLINE_TRANSLATIONS_ES_FILE,
        bundle::HIFLD_FILE,
        bundle::CMS_FILE,
        bundle::NYC_FILE,
        bundle::LEADS_FILE,
        bundle::EVIDENCE_FILE,
        bundle::taxonomy::OE_FILE,
    ] {
        std::fs::copy(small().join(f), to.join(f)).unwrap();
    }
}

/// A private copy of the fixtures (sources in `sources/`, gazetteer beside it), removed when the
/// returned guard drops. The sources directory is `guard.path().join("sources")`.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("bundle-test-")
        .tempdir()
        .unwrap();
    copy_fixtures(&dir.path().join("sources"));
    let gaz = dir.path().join("gazetteer");
    std::fs::create_dir_all(&gaz).unwrap();
    for f in [bundle::gazetteer::ZIPS_FILE, bundle::gazetteer::CITIES_FILE] {
        std::fs::copy(small().join("../gazetteer").join(f), gaz.join(f)).unwrap();
    }
    dir
}

#[test]
fn a_missing_file_is_a_read_error_naming_it() {
    let guard = scratch();
    let dir = &guard.path().join("sources");
    std::fs::remove_file(dir.join(bundle::CMS_FILE)).unwrap();
    match convert(dir) {
        Err(BundleError::Read { file, .. }) => assert_eq!(file, bundle::CMS_FILE),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_column_is_named() {
    let guard = scratch();
    let dir = &guard.path().join("sources");
    let p = dir.join(bundle::HOTLINES_FILE);
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replacen("seen_on", "seen", 1);
    std::fs::write(&p, text).unwrap();
    match convert(dir) {
        Err(BundleError::MissingColumn { file, column }) => {
            assert_eq!(
                (file.as_str(), column.as_str()),
                (bundle::HOTLINES_FILE, "seen_on")
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_bad_date_is_a_bad_row_with_its_row_number() {
    let guard = scratch();
    let dir = &guard.path().join("sources");
    let p = dir.join(bundle::HOTLINES_FILE);
    let text = std::fs::read_to_string(&p).unwrap().replace(
        ",2026-12-01\nUS,National Domestic",
        ",Dec 2026\nUS,National Domestic",
    );
    std::fs::write(&p, text).unwrap();
    match convert(dir) {
        Err(BundleError::BadRow {
            file, row, field, ..
        }) => {
            assert_eq!(
                (file.as_str(), row, field.as_str()),
                (bundle::HOTLINES_FILE, 2, "seen_on")
            )
        }
        other => panic!("{other:?}"),
    }
}

fn findings_of(report: &ConvertReport, file: &str) -> Vec<(u64, String, String)> {
    report
        .findings
        .iter()
        .filter(|f| f.file == file)
        .map(|f| (f.row, f.field.clone(), f.what.clone()))
        .collect()
}

#[test]
fn nyc_defects_are_reported_by_row_and_field_and_kept() {
    let (dir, report) = run();
    assert_eq!(report.nyc_sites, 6);
    assert_eq!(report.nyc_residential, 1);
    let found = findings_of(&report, bundle::NYC_FILE);
    let at = |row: u64, field: &str, what: &str| {
        assert!(
            found
                .iter()
                .any(|f| f.0 == row && f.1 == field && f.2.contains(what)),
            "no finding {row} {field} {what}: {found:#?}"
        )
    };
    at(5, "ADDRESS_2", "ZIP 10003 is not a Brooklyn ZIP code");
    at(
        6,
        "WEEKEND_HOURS_OF_OPERATION",
        "closes (17:00:00) before it opens",
    );
    at(7, "PHONE", "'212-2273-5272' has 11 digits");
    at(
        4,
        "MAIN_HOURS_OF_OPERATION",
        "fragment of another row's hours",
    );
    assert_eq!(found.len(), 4, "{found:#?}");
    // the defective ZIP is kept as published
    assert!(dir
        .records(Table::Address)
        .any(|a| str_of(a, "address_1") == "760 Broadway" && str_of(a, "postal_code") == "10003"));
    // the bad weekend hours stay words only, the good main hours are read
    let bad = dir
        .records(Table::Schedule)
        .find(|s| str_of(s, "description") == "Saturday - Sunday: 9 pm - 5 pm")
        .unwrap();
    let scheds = where_(
        &dir,
        Table::Schedule,
        "service_id",
        str_of(bad, "service_id"),
    );
    let weekend: Vec<_> = scheds
        .iter()
        .filter(|s| str_of(s, "description") == "Saturday - Sunday: 9 pm - 5 pm")
        .collect();
    assert_eq!(weekend.len(), 1);
    assert!(!weekend[0].contains_key("opens_at"));
    assert!(scheds.iter().any(|s| str_of(s, "opens_at") == "09:00:00"));
    // the malformed phone is kept, with a warning in its description
    let jasa = dir
        .records(Table::Phone)
        .find(|p| str_of(p, "number") == "212-2273-5272")
        .unwrap();
    assert!(str_of(jasa, "description").contains("check it before calling"));
}

#[test]
fn a_nyc_site_has_types_situations_languages_audience_and_access() {
    let (dir, _) = run();
    let svc = dir
        .records(Table::Service)
        .find(|s| str_of(s, "name") == "Brooklyn Family Justice Center")
        .unwrap();
    let sid = str_of(svc, "id");
    let codes = terms_of(&dir, sid);
    for c in [
        "case-management",
        "legal",
        "111-01",
        "domestic-violence",
        "sexual-assault",
        "arab-middle-eastern",
    ] {
        assert!(codes.contains(&c.to_string()), "{c}: {codes:?}");
    }
    assert!(
        !codes.contains(&"trafficking".to_string()),
        "no word of it in this row"
    );
    let at = dir
        .records(Table::Service)
        .find(|s| str_of(s, "name") == "Anti-Trafficking")
        .unwrap();
    assert!(terms_of(&dir, str_of(at, "id")).contains(&"trafficking".to_string()));
    assert!(
        str_of(svc, "eligibility_description").contains("Victims of: intimate partner violence")
    );
    assert_eq!(svc["minimum_age"], json!(5));
    assert!(!svc.contains_key("maximum_age"));
    let audience = where_(&dir, Table::Attribute, "link_id", sid)
        .into_iter()
        .filter(|a| str_of(a, "link_type") == "audience")
        .count();
    assert!(audience >= 5);
    let langs: Vec<&str> = where_(&dir, Table::Language, "service_id", sid)
        .into_iter()
        .map(|l| str_of(l, "code"))
        .collect();
    assert_eq!(langs, ["es", "ar", "bn"]);
    let loc = where_(&dir, Table::ServiceAtLocation, "service_id", sid)[0];
    let acc = where_(
        &dir,
        Table::Accessibility,
        "location_id",
        str_of(loc, "location_id"),
    );
    assert_eq!(str_of(acc[0], "description"), "Wheelchair accessible");
    let oe = where_(&dir, Table::Attribute, "link_id", sid)
        .into_iter()
        .filter(|a| str_of(a, "taxonomy_term_id") == taxonomy::oe_term_id("111-01").as_str())
        .count();
    assert_eq!(oe, 1);
}

#[test]
fn a_residential_site_has_no_address_and_the_borough_centre() {
    let (dir, _) = run();
    let loc = dir
        .records(Table::Location)
        .find(|l| str_of(l, "name") == "Safe Haven 3 - Crisis Shelter (confidential address)")
        .unwrap();
    assert_eq!(loc["latitude"], json!(40.7831));
    assert_eq!(loc["longitude"], json!(-73.9712));
    assert!(str_of(loc, "description")
        .starts_with("Confidential address (shown at the centre of Manhattan)"));
    assert!(where_(&dir, Table::Address, "location_id", str_of(loc, "id")).is_empty());
    assert!(terms_of(&dir, str_of(loc, "id")).contains(&"confidential-location".to_string()));
    let everything = format!("{:?}", dir.content());
    assert!(!everything.contains("131 W 132nd Street"));
}

#[test]
fn fixture_leads_and_evidence() {
    let (dir, report) = run();
    assert_eq!(report.leads, 3);
    let lifeway = dir
        .records(Table::Location)
        .find(|l| str_of(l, "name") == "LifeWay Network")
        .unwrap();
    assert!(str_of(lifeway, "description").contains("approximate: ZIP code centre (11374)"));
    assert_eq!(lifeway["latitude"], json!(40.7278));
    // Restore NYC: city-level, confidential, no address
    let restore = dir
        .records(Table::Location)
        .find(|l| str_of(l, "name") == "Restore NYC (New York, NY)")
        .unwrap();
    assert_eq!(restore["latitude"], json!(40.71427));
    assert!(terms_of(&dir, str_of(restore, "id")).contains(&"confidential-location".to_string()));
    // evidence: Safe Horizon (in the fixture's NYC rows) and Restore NYC match; Ayuda does not
    assert_eq!(report.evidence_matched, 2, "{report}");
    assert_eq!(report.evidence_unmatched, 1);
    let ev = findings_of(&report, bundle::EVIDENCE_FILE);
    assert!(
        ev[0].2.contains("'Ayuda' matches no bundled organization"),
        "{ev:?}"
    );
    let restore_org = str_of(restore, "organization_id");
    let values: Vec<&str> = where_(&dir, Table::Attribute, "link_id", restore_org)
        .into_iter()
        .map(|a| str_of(a, "value"))
        .collect();
    assert!(
        values
            .iter()
            .all(|v| v.starts_with("Named as recipient of a federal anti-trafficking grant")),
        "{values:?}"
    );
    assert_eq!(values.len(), 1);
}

#[test]
fn a_broken_nyc_row_is_a_bad_row_not_a_panic() {
    let guard = scratch();
    let dir = &guard.path().join("sources");
    let p = dir.join(bundle::NYC_FILE);
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen(",Brooklyn,987687,", ",Brooklyn,98x7687,", 1),
    )
    .unwrap();
    match convert(dir) {
        Err(BundleError::BadRow {
            file, row, field, ..
        }) => {
            assert_eq!(
                (file.as_str(), row, field.as_str()),
                (bundle::NYC_FILE, 2, "X")
            )
        }
        other => panic!("{other:?}"),
    }
    std::fs::write(
        &p,
        text.replacen(",Brooklyn,987687,", ",Brooklyn-ish,987687,", 1),
    )
    .unwrap();
    match convert(dir) {
        Err(BundleError::BadRow { row, field, .. }) => {
            assert_eq!((row, field.as_str()), (2, "BOROUGH"))
        }
        other => panic!("{other:?}"),
    }
    // a row cut short is a read error naming the file
    let short: String = text
        .lines()
        .take(2)
        .chain(["Only,Three,Fields"])
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&p, short).unwrap();
    match convert(dir) {
        Err(BundleError::Read { file, .. }) => assert_eq!(file, bundle::NYC_FILE),
        other => panic!("{other:?}"),
    }
}

#[test]
fn hospitals_that_serve_only_some_people_are_labelled() {
    assert_eq!(
        bundle::serves_some("PSYCHIATRIC", "X", ""),
        Some("psychiatric-hospital")
    );
    assert_eq!(
        bundle::serves_some(
            "GENERAL ACUTE CARE",
            "JOHN J. PERSHING VA MEDICAL CENTER",
            ""
        ),
        Some("veterans-or-military")
    );
    assert_eq!(
        bundle::serves_some("GENERAL ACUTE CARE", "KAUAI VETERANS MEMORIAL HOSPITAL", ""),
        None
    );
    assert_eq!(
        bundle::serves_some(
            "GENERAL ACUTE CARE",
            "X",
            "Acute Care - Veterans Administration"
        ),
        Some("veterans-or-military")
    );
    assert_eq!(
        bundle::serves_some("CHILDREN", "X", ""),
        Some("childrens-hospital")
    );
    assert_eq!(bundle::serves_some("CRITICAL ACCESS", "X", ""), None);
}

#[test]
fn an_emergency_department_is_open_24_hours_from_the_cms_flag() {
    let (dir, _) = run();
    let er = where_(
        &dir,
        Table::Schedule,
        "service_id",
        &hospital_service("0001336420"),
    );
    assert_eq!(er.len(), 1);
    assert_eq!(str_of(er[0], "description"), bundle::ER_HOURS);
    assert_eq!(
        (str_of(er[0], "opens_at"), str_of(er[0], "closes_at")),
        ("00:00:00", "23:59:59")
    );
    assert!(where_(
        &dir,
        Table::Schedule,
        "service_id",
        &hospital_service("0002000001")
    )
    .is_empty());
}

#[test]
fn hotline_translations_become_translation_records_of_the_bundled_fields() {
    let (dir, report) = run();
    let svc = id("hotline:National Human Trafficking Hotline/service");
    let org = id("hotline:National Human Trafficking Hotline/organization");
    let of = |rid: &str, field: &str| -> Vec<(String, String)> {
        where_(&dir, Table::Translation, "resource_id", rid)
            .into_iter()
            .filter(|t| str_of(t, "field_name") == field)
            .map(|t| {
                (
                    str_of(t, "language").to_string(),
                    str_of(t, "value").to_string(),
                )
            })
            .collect()
    };
    // The purpose is both descriptions; each translation names its table.
    let es = "ayuda confidencial, información y referencias para cualquier persona afectada por la trata o preocupada por ella (puedes llamar aunque solo hayas visto algo)";
    assert_eq!(
        of(&svc, "description"),
        [("es".to_string(), es.to_string())]
    );
    assert_eq!(
        of(&org, "description"),
        [("es".to_string(), es.to_string())]
    );
    let text = id("hotline:National Human Trafficking Hotline/phone/text/0");
    assert_eq!(
        of(&text, "description")[0].1,
        "Envía BEFREE o HELP al 233733"
    );
    let area = id("hotline:National Human Trafficking Hotline/service_area");
    assert_eq!(of(&area, "name")[0].1, "Estados Unidos");
    let english = id("hotline:National Human Trafficking Hotline/language/English");
    assert_eq!(of(&english, "name")[0].1, "inglés");
    for t in dir.records(Table::Translation) {
        let rt = Table::lookup(str_of(t, "resource_type")).expect("a table");
        let rid = str_of(t, "resource_id");
        assert!(
            dir.records(rt).any(|r| str_of(r, "id") == rid),
            "{rt} {rid}"
        );
        assert_eq!(
            str_of(t, "id"),
            id(&format!(
                "translation:{rt}:{}:{}:es",
                str_of(t, "resource_id"),
                str_of(t, "field_name")
            ))
        );
    }
    assert_eq!(report.translations, dir.records(Table::Translation).count());
    assert_eq!(report.translations, 17);
}

#[test]
fn a_translation_of_english_that_is_not_bundled_is_refused_at_its_row() {
    let guard = scratch();
    let dir = &guard.path().join("sources");
    let p = dir.join(bundle::HOTLINE_TRANSLATIONS_ES_FILE);
    let text = std::fs::read_to_string(&p).unwrap();
    for (from, to, row, field) in [
        // The English source changed since the Spanish was written.
        ("Text START to 88788", "Text STOP to 88788", 11, "en"),
        // A hotline that is not in hotlines.csv.
        (
            "National Domestic Violence Hotline,region",
            "Nowhere Hotline,region",
            14,
            "name",
        ),
        // A column that is not translated.
        (
            "National Domestic Violence Hotline,hours",
            "National Domestic Violence Hotline,phone",
            13,
            "column",
        ),
        // The same column twice.
        (
            "language:Spanish,Spanish,español\nNational Domestic",
            "language:English,English,inglés\nNational Domestic",
            9,
            "column",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
        match convert(dir) {
            Err(BundleError::BadRow {
                file,
                row: r,
                field: f,
                ..
            }) => assert_eq!(
                (file.as_str(), r, f.as_str()),
                (bundle::HOTLINE_TRANSLATIONS_ES_FILE, row, field),
                "{to}"
            ),
            other => panic!("{to}: {other:?}"),
        }
    }
}
