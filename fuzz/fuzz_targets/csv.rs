//! Fuzz the CSV reader and the checker: any bytes as any table's CSV.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let table = hsds::Table::ALL[usize::from(pick) % hsds::Table::ALL.len()];
    let mut sink = common::Check::new();
    let _ = hsds::io::read_csv_from(body, table, "fuzz.csv", &mut sink);
    sink.finish();
});
