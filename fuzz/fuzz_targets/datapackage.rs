//! Fuzz the datapackage descriptor: any bytes as `datapackage.json` beside two real CSV files
//! and one outside the package that must never be read.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

const ORG: &str = "id,name,description\nd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,Synthetic,x\n";

fuzz_target!(|data: &[u8]| {
    let dir = common::scratch();
    let pkg = dir.join("pkg");
    let _ = std::fs::create_dir_all(&pkg);
    let _ = std::fs::write(dir.join("outside.csv"), "id,name,description\nOUTSIDE,o,o\n");
    let _ = std::fs::write(pkg.join("organizations.csv"), ORG);
    let _ = std::fs::write(pkg.join("services.csv"), "id,organization_id,name,status\n");
    if std::fs::write(pkg.join("datapackage.json"), data).is_err() {
        return;
    }
    let mut c = hsds::io::Collect::default();
    let _ = hsds::io::read_datapackage_dir(&pkg, &mut c);
    for (_, rows) in c.directory.tables {
        for (r, _) in rows {
            assert_ne!(
                hsds::record_id(&r),
                Some("OUTSIDE"),
                "a file outside the package was read"
            );
        }
    }
});
