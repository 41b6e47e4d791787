//! HSDS 3.0 for haven: the typed model and its ids (the currency between layers), haven's
//! vocabulary, the official schemas, validation, and the JSON and
//! tabular-datapackage (CSV) forms, and haven's one extension table (`translation`). Pure: no database, no HTTP, so every layer can trust it.

pub mod haven;
pub mod id;
pub mod io;
pub mod model;
pub mod record;
pub mod spec;
pub mod table;
pub mod translation;
pub mod validate;
pub mod vocab;

pub use id::{AnyId, Id, IdError};
pub use model::{from_record, to_record, ModelError, Object, Owns};
pub use record::{canonical_uuid, record_id, Directory, Loc, Origin, Problem, Record, Severity};
pub use spec::{spec, Kind, RefKind, TableSpec, Target};
pub use table::Table;
