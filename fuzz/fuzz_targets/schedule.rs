//! Fuzz schedule parsing: fields of a schedule record from `|`-separated text, through the
//! checker (times, dates, BYDAY and the RRULE number lists) and the opening-hours parser the
//! search uses (open now, next opening, the words shown).
#![no_main]

mod common;

use hsds::{Origin, Record, Table};
use libfuzzer_sys::fuzz_target;

const FIELDS: [&str; 12] = [
    "freq", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "bymonthday",
    "byyearday", "byweekno", "dtstart", "until", "wkst",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut r = Record::new();
    r.insert("id".into(), "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610".into());
    r.insert("service_id".into(), "ac148810-d857-441c-9679-408f346de14b".into());
    for (k, v) in FIELDS.iter().zip(text.split('|')) {
        r.insert((*k).into(), v.into());
    }
    for t in text.split('|') {
        let _ = hsds::validate::is_time(t);
        let _ = hsds::validate::is_date(t);
        let _ = hsds::validate::is_date_time(t);
        let _ = hsds::validate::is_byday_token(t);
    }
    let file: std::sync::Arc<str> = std::sync::Arc::from("fuzz.csv");
    let mut c = hsds::validate::Checker::new();
    c.check(Table::Schedule, &mut r, &Origin::row(&file, 2));
    let _ = c.finish(&mut |_, _| Ok::<bool, ()>(false));
    let (hours, _report) = search::hours::parse(&[&r]);
    let _ = hours.describe();
    let at = chrono::DateTime::from_timestamp(1_714_550_000, 0).unwrap_or_default();
    let _ = hours.state_at(chrono::Utc, at);
    let _ = hours.next_opening(chrono::Utc, at);
    let _ = hours.closes_at(chrono::Utc, at);
});
