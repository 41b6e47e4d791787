//! What the index's integration tests build their directories from.

use serde_json::Value;
use store::Record;

/// A JSON object as a record (anything else as an empty one).
pub fn rec(v: Value) -> Record {
    match v {
        Value::Object(m) => m,
        _ => Record::new(),
    }
}

/// A canonical uuid whose first byte says what it is for and whose last bytes count.
pub fn uuid(kind: u8, n: usize) -> String {
    format!("{kind:02x}000000-0000-4000-8000-{n:012x}")
}

/// Words service names are made of: English and Spanish, type words and not.
pub const WORDS: [&str; 8] = [
    "shelter",
    "refugio",
    "legal",
    "clinic",
    "food",
    "hotline",
    "counselling",
    "albergue",
];
