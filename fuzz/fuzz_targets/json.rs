//! Fuzz the JSON readers: the same bytes as a whole document, as a streamed large document
//! (a zero whole-read limit), and as NDJSON.
#![no_main]

mod common;

use hsds::io::{read_path_with, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = common::scratch();
    let stream = Limits {
        json_whole_bytes: 0,
        record_bytes: 4096,
        ..Limits::default()
    };
    for (name, limits) in [
        ("services.json", Limits::default()),
        ("any.json", stream),
        ("lines.ndjson", Limits::default()),
    ] {
        let path = dir.join(name);
        if std::fs::write(&path, data).is_err() {
            return;
        }
        let mut sink = common::Check::new();
        let _ = read_path_with(&path, &limits, &mut sink);
        sink.finish();
    }
});
