//! haven's guide: the "What should I do?" flow and the learning series, as content files in
//! `content/` (built into the binary, or read from a folder), with their Fluent translations,
//! checked so that no path dead-ends and no message is missing.

pub mod i18n;
pub mod source;

pub use i18n::{Catalog, Locale, DEFAULT_LOCALE};
pub use source::Source;
