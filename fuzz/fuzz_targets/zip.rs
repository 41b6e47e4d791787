//! Fuzz the zip reader: any bytes as a `.zip` datapackage, with small limits so a bomb that
//! slips past the checks shows as a crash (out of memory) rather than a slow run.
#![no_main]

mod common;

use hsds::io::{read_path_with, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = common::scratch().join("p.zip");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let limits = Limits {
        zip_entry_bytes: 1 << 20,
        descriptor_bytes: 1 << 16,
        ..Limits::default()
    };
    let mut sink = common::Check::new();
    let _ = read_path_with(&path, &limits, &mut sink);
    sink.finish();
});
