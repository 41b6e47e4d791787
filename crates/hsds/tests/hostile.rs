//! Hostile and broken files: packages that name files outside themselves, zip bombs, huge
//! cells and records, a million columns, and JSON too large to hold whole. Each is refused
//! early with a problem that says what and where, or read within bounded memory. Small limits
//! stand in for the defaults so the files stay small.

mod common;

use common::*;
use hsds::io::{read_path_with, Collect, Limits};
use hsds::Table;
use std::io::Write;
use std::path::{Path, PathBuf};

const ORG_HEADER: &str = "id,name,description";
const ORG_ID: &str = "3f2a1b7c-0d4e-4f5a-8b6c-7d8e9f0a1b2c";

/// Read one path within `limits`; a read error fails the test.
fn read_with(path: &Path, limits: &Limits) -> Collect {
    let mut c = Collect::default();
    read_path_with(path, limits, &mut c)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    c
}

fn shown(c: &Collect) -> Vec<String> {
    c.problems.iter().map(ToString::to_string).collect()
}

/// A package folder with a descriptor listing `resources` (name, path) and the files given.
fn package(dir: &Path, resources: &[(&str, &str)], files: &[(&str, &str)]) -> PathBuf {
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let list: Vec<serde_json::Value> = resources
        .iter()
        .map(|(n, p)| serde_json::json!({"name": n, "path": p}))
        .collect();
    std::fs::write(
        pkg.join("datapackage.json"),
        serde_json::json!({ "resources": list }).to_string(),
    )
    .unwrap();
    for (name, text) in files {
        std::fs::write(pkg.join(name), text).unwrap();
    }
    pkg
}

fn org_csv() -> String {
    format!("{ORG_HEADER}\n{ORG_ID},Synthetic test org,Made up for a test\n")
}

#[test]
fn a_package_cannot_name_absolute_paths_or_climb_out_with_dot_dot() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("outside.csv"), org_csv()).unwrap();
    let pkg = package(
        tmp.path(),
        &[
            ("organization", "../outside.csv"),
            ("service", "/etc/passwd"),
            ("phone", "https://example.org/phones.csv"),
        ],
        &[],
    );
    let c = read_with(&pkg, &Limits::default());
    assert!(c.directory.is_empty(), "nothing may be read from outside");
    let desc = pkg.join("datapackage.json").display().to_string();
    let p = shown(&c);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert_eq!(
        p[0],
        format!("{desc}:/resources/0/path: error: resource \"organization\" path \"../outside.csv\" goes up out of the package with ..; a datapackage may only name files inside its folder; not read")
    );
    assert!(p[1].starts_with(&format!("{desc}:/resources/1/path: error: resource \"service\" path \"/etc/passwd\" is an absolute path")), "{}", p[1]);
    assert!(
        p[2].contains("\"https://example.org/phones.csv\" is a URL"),
        "{}",
        p[2]
    );
}

#[cfg(unix)]
#[test]
fn links_are_followed_only_while_they_stay_inside_the_package() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = tmp.path().join("secret.csv");
    std::fs::write(&secret, org_csv()).unwrap();
    let pkg = package(
        tmp.path(),
        &[
            ("organization", "organizations.csv"),
            ("service", "services.csv"),
        ],
        &[("real.csv", "id,organization_id,name,status\n")],
    );
    std::os::unix::fs::symlink(&secret, pkg.join("organizations.csv")).unwrap();
    // A link to a file inside the package is fine.
    std::os::unix::fs::symlink(pkg.join("real.csv"), pkg.join("services.csv")).unwrap();
    let c = read_with(&pkg, &Limits::default());
    assert_eq!(c.directory.records(Table::Organization).count(), 0);
    let p = shown(&c);
    assert_eq!(p.len(), 1, "{p:#?}");
    let real = std::fs::canonicalize(&secret).unwrap();
    assert_eq!(
        p[0],
        format!(
            "{}: error: is a link to {}, outside the package folder; not read",
            pkg.join("organizations.csv").display(),
            real.display()
        )
    );
}

/// A zip holding `members` (name, bytes), deflated.
fn zip_of(path: &Path, members: &[(&str, &[u8])]) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        z.start_file(*name, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn a_zip_bomb_is_refused_from_the_archive_directory_before_inflating() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bomb.zip");
    // 8 MiB of one repeated row compresses about a thousand times.
    let mut csv = org_csv().into_bytes();
    let row = format!("{ORG_ID},x,y\n");
    while csv.len() < 8 << 20 {
        csv.extend_from_slice(row.as_bytes());
    }
    let desc = br#"{"resources":[{"name":"organization","path":"organizations.csv"}]}"#;
    zip_of(
        &path,
        &[("datapackage.json", desc), ("organizations.csv", &csv)],
    );
    let c = read_with(&path, &Limits::default());
    assert!(c.directory.is_empty());
    let p = shown(&c);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].starts_with(&format!(
            "{}!organizations.csv: error: inflates ",
            path.display()
        )) && p[0].contains("times (from ")
            && p[0].ends_with("not read, as it looks like a zip bomb"),
        "{}",
        p[0]
    );
    // The same member within a size cap smaller than it is refused for its size.
    let small = Limits {
        zip_entry_bytes: 1 << 20,
        ..Limits::default()
    };
    let p = shown(&read_with(&path, &small));
    assert_eq!(
        p,
        vec![format!("{}!organizations.csv: error: inflates to 8 MiB, more than the 1 MiB haven reads from one zip member; not read", path.display())]
    );
}

#[test]
fn an_oversized_descriptor_is_refused_in_a_folder_and_in_a_zip() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = package(tmp.path(), &[("organization", "organizations.csv")], &[]);
    let limits = Limits {
        descriptor_bytes: 16,
        ..Limits::default()
    };
    let p = shown(&read_with(&pkg, &limits));
    assert_eq!(p.len(), 1);
    assert!(
        p[0].ends_with("more than the 16 bytes a datapackage descriptor may be; not read"),
        "{}",
        p[0]
    );
    let zip = tmp.path().join("p.zip");
    zip_of(&zip, &[("top/datapackage.json", &[b' '; 4096])]);
    let p = shown(&read_with(&zip, &limits));
    assert_eq!(
        p,
        vec![format!("{}!top/datapackage.json: error: inflates to 4 KiB, more than the 16 bytes haven reads from one zip member; not read", zip.display())]
    );
}

#[test]
fn zip_members_with_absolute_or_dot_dot_names_are_never_read() {
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("slip.zip");
    let csv = org_csv();
    zip_of(
        &zip,
        &[
            ("../organizations.csv", csv.as_bytes()),
            ("/organizations.csv", csv.as_bytes()),
        ],
    );
    let mut c = Collect::default();
    let err = read_path_with(&zip, &Limits::default(), &mut c).unwrap_err();
    assert!(err
        .to_string()
        .contains("neither a datapackage.json nor any HSDS CSV file"));
    assert!(c.directory.is_empty());
}

#[test]
fn a_huge_cell_is_refused_at_its_row_before_it_is_buffered() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("organizations.csv");
    let big = "x".repeat(5000);
    std::fs::write(
        &path,
        format!("{ORG_HEADER}\n{ORG_ID},a,b\n2f0c4e1a-8b7d-4c3e-9f1a-0b2c3d4e5f60,\"{big}\",c\nnever,read,this\n"),
    )
    .unwrap();
    let limits = Limits {
        record_bytes: 4096,
        field_bytes: 1000,
        ..Limits::default()
    };
    let c = read_with(&path, &limits);
    assert_eq!(c.directory.records(Table::Organization).count(), 1);
    let p = shown(&c);
    assert_eq!(
        p,
        vec![format!("{}:3: error: organization: row is larger than 4 KiB, the most one record may be (a cell this large is not directory data); the rest of this file was not read", path.display())]
    );
    // Under the row cap but over the field cap: that row is refused, the rest is read.
    let limits = Limits {
        field_bytes: 1000,
        ..Limits::default()
    };
    let c = read_with(&path, &limits);
    let p = shown(&c);
    assert_eq!(p[0], format!("{}:3: error: organization.name: is 4.8 KiB long, more than the 1000 bytes one field may hold; the row was not read", path.display()));
    assert_eq!(c.directory.records(Table::Organization).count(), 2);
}

#[test]
fn a_table_with_too_many_unknown_columns_is_refused_at_its_header() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("organizations.csv");
    let extras: Vec<String> = (0..300).map(|i| format!("x{i}")).collect();
    let cells = vec!["v"; 300].join(",");
    std::fs::write(
        &path,
        format!("{ORG_HEADER},{}\n{ORG_ID},a,b,{cells}\n", extras.join(",")),
    )
    .unwrap();
    let c = read_with(&path, &Limits::default());
    assert!(c.directory.is_empty());
    assert_eq!(
        shown(&c),
        vec![format!("{}:1: error: organization: the header has 300 columns that are not HSDS fields, more than the 256 extra columns a table may carry; the file was not read", path.display())]
    );
}

/// The official JSON examples, read whole and streamed, give the same records and problems.
#[test]
fn streaming_large_json_reads_the_official_examples_exactly_as_reading_whole() {
    let stream = Limits {
        json_whole_bytes: 0,
        ..Limits::default()
    };
    let mut streamed_any = 0;
    for path in examples().iter().filter(|p| p.is_file()) {
        let whole = read_with(path, &Limits::default());
        let streamed = read_with(path, &stream);
        let text = std::fs::read_to_string(path).unwrap();
        let single_record = text.trim_start().starts_with('{')
            && serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .is_some();
        if single_record {
            // One record larger than the whole-read cap is refused, never parsed.
            assert!(streamed.directory.is_empty(), "{}", path.display());
            assert!(
                shown(&streamed)[0].contains("is one record of"),
                "{}",
                path.display()
            );
            continue;
        }
        streamed_any += 1;
        assert_eq!(
            streamed.directory.content(),
            whole.directory.content(),
            "{}",
            path.display()
        );
        assert_eq!(shown(&streamed), shown(&whole), "{}", path.display());
    }
    assert!(streamed_any >= 5, "only {streamed_any} examples streamed");
}

#[test]
fn a_streamed_item_over_the_record_cap_is_skipped_without_being_parsed_and_said() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("organizations.json");
    let big = "y".repeat(10_000);
    let doc = format!(
        r#"{{"contents": [{{"id":"{ORG_ID}","name":"a","description":"b"}}, {{"id":"2f0c4e1a-8b7d-4c3e-9f1a-0b2c3d4e5f60","name":"{big}","description":"c"}}, {{"id":"9b0c4e1a-8b7d-4c3e-9f1a-0b2c3d4e5f60","name":"c","description":"d"}}]}}"#
    );
    std::fs::write(&path, doc).unwrap();
    let limits = Limits {
        json_whole_bytes: 100,
        record_bytes: 1000,
        ..Limits::default()
    };
    let c = read_with(&path, &limits);
    let ids: Vec<&str> = c
        .directory
        .records(Table::Organization)
        .filter_map(hsds::record_id)
        .collect();
    assert_eq!(ids, [ORG_ID, "9b0c4e1a-8b7d-4c3e-9f1a-0b2c3d4e5f60"]);
    let p = shown(&c);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].starts_with(&format!("{}:/contents/1: error: is a record of 9.8 KiB, more than the 1000 bytes one record may be; not read", path.display())),
        "{}",
        p[0]
    );
    // The tabular form streams per table too, with each table's pointer.
    let doc = format!(
        r#"{{"organization": [{{"id":"{ORG_ID}","name":"{big}","description":"b"}}], "service": []}}"#
    );
    std::fs::write(&path, doc).unwrap();
    let p = shown(&read_with(&path, &limits));
    assert!(
        p[0].contains(":/organization/0: error: is a record of"),
        "{p:?}"
    );
}

#[test]
fn an_ndjson_line_over_the_record_cap_is_skipped_and_the_rest_read() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("x.ndjson");
    let big = "z".repeat(5000);
    std::fs::write(
        &path,
        format!(
            "{{\"organization\":[{{\"id\":\"{ORG_ID}\",\"name\":\"{big}\",\"description\":\"d\"}}]}}\n{{\"organization\":[{{\"id\":\"2f0c4e1a-8b7d-4c3e-9f1a-0b2c3d4e5f60\",\"name\":\"n\",\"description\":\"d\"}}]}}\n"
        ),
    )
    .unwrap();
    let limits = Limits {
        record_bytes: 1000,
        ..Limits::default()
    };
    let c = read_with(&path, &limits);
    assert_eq!(c.directory.records(Table::Organization).count(), 1);
    assert_eq!(
        shown(&c),
        vec![format!(
            "{}:/1: error: line 1 is 4.9 KiB, more than the 1000 bytes one record may be; not read",
            path.display()
        )]
    );
}

fn org(id: &str, name: &str) -> hsds::Record {
    let mut r = hsds::Record::new();
    r.insert("id".into(), id.into());
    r.insert("name".into(), name.into());
    r.insert("description".into(), "Synthetic test org".into());
    r
}

#[test]
fn extra_fields_are_said_once_per_file_and_capped_per_record_and_per_table() {
    use hsds::validate::{Checker, Verdict};
    let file: std::sync::Arc<str> = std::sync::Arc::from("orgs.csv");
    let limits = Limits {
        extra_fields_per_record: 2,
        extra_columns_per_table: 3,
        ..Limits::default()
    };
    let mut c = Checker::with_limits(limits);
    let t = Table::Organization;
    let with = |id: &str, extras: &[&str]| {
        let mut r = org(id, "n");
        for e in extras {
            r.insert((*e).into(), "v".into());
        }
        r
    };
    let ids = [
        "00000000-0000-4000-8000-000000000001",
        "00000000-0000-4000-8000-000000000002",
        "00000000-0000-4000-8000-000000000003",
        "00000000-0000-4000-8000-000000000004",
    ];
    let row = |r| hsds::Origin::row(&file, r);
    assert_eq!(
        c.check(t, &mut with(ids[0], &["a", "b"]), &row(2)),
        Verdict::Keep
    );
    assert_eq!(
        c.check(t, &mut with(ids[1], &["a", "c"]), &row(3)),
        Verdict::Keep
    );
    assert_eq!(
        c.check(t, &mut with(ids[2], &["a", "b", "c"]), &row(4)),
        Verdict::Reject
    );
    assert_eq!(
        c.check(t, &mut with(ids[3], &["d"]), &row(5)),
        Verdict::Reject
    );
    let said: Vec<String> = c.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "orgs.csv:2: warning: organization.a: is not an HSDS 3.0 field; kept as an extra field (said once per file)",
            "orgs.csv:2: warning: organization.b: is not an HSDS 3.0 field; kept as an extra field (said once per file)",
            "orgs.csv:3: warning: organization.c: is not an HSDS 3.0 field; kept as an extra field (said once per file)",
            "orgs.csv:4: error: organization: has 3 fields that are not HSDS fields, more than the 2 one record may carry",
            "orgs.csv:5: error: organization: brings more than 3 distinct fields that are not HSDS fields to table organization (\"d\" is one too many)",
        ]
    );
}

#[test]
fn text_over_the_field_cap_is_an_error_at_its_field() {
    use hsds::validate::{Checker, Verdict};
    let file: std::sync::Arc<str> = std::sync::Arc::from("orgs.json");
    let mut c = Checker::with_limits(Limits {
        field_bytes: 40,
        ..Limits::default()
    });
    let mut r = org(ORG_ID, "a name longer than the forty bytes allowed");
    r.insert("description".into(), "short".into());
    let v = c.check(
        Table::Organization,
        &mut r,
        &hsds::Origin::pointer(&file, "/0"),
    );
    assert_eq!(v, Verdict::Reject);
    assert_eq!(
        c.problems()[0].to_string(),
        "orgs.json:/0/name: error: organization.name: is 42 bytes long, more than the 40 bytes one field may hold"
    );
    assert_eq!(c.problems().len(), 1);
}

#[test]
fn control_and_bidi_override_characters_are_removed_with_a_warning() {
    use hsds::validate::{Checker, Verdict};
    let file: std::sync::Arc<str> = std::sync::Arc::from("orgs.csv");
    let mut c = Checker::new();
    // A right-to-left override makes "1-555-0100" display as "0010-555-1".
    let mut r = org(ORG_ID, "Help\u{202e}line\u{0007}\tand\nmore");
    let v = c.check(Table::Organization, &mut r, &hsds::Origin::row(&file, 2));
    assert_eq!(v, Verdict::Keep);
    assert_eq!(r["name"], "Helpline\tand\nmore");
    assert_eq!(
        c.problems()[0].to_string(),
        "orgs.csv:2: warning: organization.name: held invisible control characters (U+0007, U+202E); removed"
    );
    assert_eq!(c.problems().len(), 1);
}

#[test]
fn a_uuid_in_capitals_is_the_same_record_and_references_fold_too() {
    let tmp = tempfile::tempdir().unwrap();
    let lower = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610";
    let upper = lower.to_ascii_uppercase();
    let path = tmp.path().join("x.json");
    std::fs::write(
        &path,
        serde_json::json!({
            "organization": [
                {"id": lower, "name": "Synthetic org", "description": "d"},
                {"id": upper, "name": "Synthetic org", "description": "d"},
            ],
            "service": [
                {"id": "2f0c4e1a-8b7d-4c3e-9f1a-0b2c3d4e5f60", "organization_id": upper, "name": "s", "status": "active"},
            ],
        })
        .to_string(),
    )
    .unwrap();
    let mut c = read_with(&path, &Limits::default());
    let problems = check(&mut c.directory);
    assert!(problems.is_empty(), "{problems:#?}");
    let content = c.directory.content();
    assert_eq!(
        content[&Table::Organization].keys().collect::<Vec<_>>(),
        [lower]
    );
    let svc = content[&Table::Service].values().next().unwrap();
    assert_eq!(svc["organization_id"], lower);
}
