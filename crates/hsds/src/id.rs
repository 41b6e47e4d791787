//! Typed record ids, one per table (`ServiceId`, `LocationId`...), plus [`AnyId`] for the two
//! references that may point into any table (`attribute.link_id`, `metadata.resource_id`).
//!
//! An id is parsed once, where it enters (a record, a URL, a form), into the canonical spelling
//! every layer stores and compares: a lowercase, hyphenated UUID. It is held as those 36 ASCII
//! bytes inline, so it is `Copy`, orders exactly as the stored text does, and lends
//! [`as_str`](ServiceId::as_str) to the raw store API without allocating. A service id cannot
//! be passed where a location id is expected: the compiler checks the references the schema
//! declares (see [`crate::model::Owns`]).

use crate::{canonical_uuid, Table};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::hash::Hash;
use std::str::FromStr;

/// A text is not a UUID in its hyphenated form, so it names no record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a UUID (like 2f0c4e1a-8b7d-4c3e-9f1a-0b2c3d4e5f60)")]
pub struct IdError {
    /// The text as given.
    pub text: String,
}

/// Length of a hyphenated UUID.
const LEN: usize = 36;

/// The nil UUID, what a `Default` model struct carries until it is given its id.
const NIL: [u8; LEN] = *b"00000000-0000-0000-0000-000000000000";

/// The 36 canonical bytes every id type wraps; only [`Text::parse`] and [`Text::from_uuid`] make one.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Text([u8; LEN]);

impl Text {
    fn parse(s: &str) -> Result<Text, IdError> {
        let bad = || IdError {
            text: s.to_string(),
        };
        let bytes: &[u8; LEN] = s.as_bytes().try_into().map_err(|_| bad())?;
        let mut b = *bytes;
        b.make_ascii_lowercase();
        // 36 bytes of a str lowercased stay UTF-8 (only ASCII letters change).
        let lower = std::str::from_utf8(&b).map_err(|_| bad())?;
        canonical_uuid(lower).ok_or_else(bad)?;
        Ok(Text(b))
    }

    fn from_uuid(u: uuid::Uuid) -> Text {
        let mut b = NIL;
        u.hyphenated().encode_lower(&mut b);
        Text(b)
    }

    fn as_str(&self) -> &str {
        // Only hex digits and hyphens are ever stored (see `parse` and `from_uuid`).
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(NIL)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a UUID (like 2f0c4e1a-8b7d-4c3e-9f1a-0b2c3d4e5f60)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Text::parse(v).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(V)
    }
}

/// What every id type offers, so generic code (the store's typed reads) can take any of them.
pub trait Id:
    Copy
    + Eq
    + Ord
    + Hash
    + Default
    + fmt::Debug
    + fmt::Display
    + FromStr<Err = IdError>
    + Serialize
    + for<'de> Deserialize<'de>
    + Into<AnyId>
{
    /// The table whose records this id names.
    const TABLE: Table;

    /// Parse an id in any letter case; the result is always the canonical lowercase spelling.
    fn parse(s: &str) -> Result<Self, IdError>;

    /// The id of a UUID (the bundle derives its ids as UUID v5 of stable keys).
    fn from_uuid(u: uuid::Uuid) -> Self;

    /// The canonical text, as the store and the JSON hold it.
    fn as_str(&self) -> &str;
}

macro_rules! id_type {
    ($(#[$m:meta])* $ty:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $ty(Text);

        impl $ty {
            /// Parse an id in any letter case into its canonical lowercase spelling.
            pub fn parse(s: &str) -> Result<Self, IdError> {
                Text::parse(s).map($ty)
            }

            /// The id of a UUID.
            pub fn from_uuid(u: uuid::Uuid) -> Self {
                $ty(Text::from_uuid(u))
            }

            /// The canonical text, as the store and the JSON hold it.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($ty), "({})"), self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                $ty::parse(s)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
    };
}

id_type!(
    /// The id of a record of any table, for the references whose table another field names
    /// (`attribute.link_id` with `link_entity`, `metadata.resource_id` with `resource_type`).
    AnyId
);

macro_rules! ids {
    ($($ty:ident => $table:ident,)*) => {
        $(
            id_type!(
                #[doc = concat!("The id of a `", stringify!($table), "` record, parsed once into its canonical spelling.")]
                $ty
            );

            impl Id for $ty {
                const TABLE: Table = Table::$table;
                fn parse(s: &str) -> Result<Self, IdError> {
                    $ty::parse(s)
                }
                fn from_uuid(u: uuid::Uuid) -> Self {
                    $ty::from_uuid(u)
                }
                fn as_str(&self) -> &str {
                    $ty::as_str(self)
                }
            }

            impl From<$ty> for AnyId {
                fn from(id: $ty) -> AnyId {
                    AnyId(id.0)
                }
            }

            impl From<AnyId> for $ty {
                /// Read a polymorphic reference as the table its companion field names.
                fn from(id: AnyId) -> $ty {
                    $ty(id.0)
                }
            }
        )*

        /// The tables that have an id type here, in the order declared (tests check it is every table).
        pub const ID_TABLES: &[Table] = &[$(Table::$table),*];
    };
}

ids! {
    OrganizationId => Organization,
    ProgramId => Program,
    ServiceId => Service,
    AttributeId => Attribute,
    ServiceAtLocationId => ServiceAtLocation,
    LocationId => Location,
    PhoneId => Phone,
    ContactId => Contact,
    AddressId => Address,
    ScheduleId => Schedule,
    FundingId => Funding,
    ServiceAreaId => ServiceArea,
    RequiredDocumentId => RequiredDocument,
    LanguageId => Language,
    AccessibilityId => Accessibility,
    TaxonomyTermId => TaxonomyTerm,
    MetadataId => Metadata,
    MetaTableDescriptionId => MetaTableDescription,
    CostOptionId => CostOption,
    OrganizationIdentifierId => OrganizationIdentifier,
    TaxonomyId => Taxonomy,
    TranslationId => Translation,
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANON: &str = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610";

    #[test]
    fn any_case_parses_to_the_canonical_spelling() {
        let a = ServiceId::parse(CANON).unwrap();
        let b: ServiceId = "D9D5E0F5-D3CE-4F73-9A2F-4DD0ECC6C610".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(b.as_str(), CANON);
        assert_eq!(b.to_string(), CANON);
        assert_eq!(format!("{b:?}"), format!("ServiceId({CANON})"));
    }

    #[test]
    fn other_texts_are_refused_with_the_text() {
        for bad in [
            "",
            "org-1",
            "d9d5e0f5d3ce4f739a2f4dd0ecc6c610",
            "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c61",
            "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c6100",
            "d9d5e0f5-d3ce-4f73-9a2f_4dd0ecc6c610",
            "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c6g0",
            "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6cé0",
        ] {
            let e = LocationId::parse(bad).unwrap_err();
            assert_eq!(e.text, bad);
            assert!(e.to_string().contains("is not a UUID"), "{e}");
        }
    }

    #[test]
    fn ids_order_as_their_text_and_round_trip_through_json() {
        let lo = OrganizationId::parse("00000000-0000-0000-0000-0000000000ff").unwrap();
        let hi = OrganizationId::parse("0a000000-0000-0000-0000-000000000000").unwrap();
        assert!(lo < hi && lo.as_str() < hi.as_str());
        let json = serde_json::to_string(&hi).unwrap();
        assert_eq!(json, "\"0a000000-0000-0000-0000-000000000000\"");
        assert_eq!(serde_json::from_str::<OrganizationId>(&json).unwrap(), hi);
        let e = serde_json::from_str::<OrganizationId>("\"nope\"").unwrap_err();
        assert!(e.to_string().contains("nope"), "{e}");
        assert!(serde_json::from_str::<OrganizationId>("12").is_err());
    }

    #[test]
    fn uuids_become_ids_and_any_id_keeps_the_value() {
        let u = uuid::Uuid::parse_str(CANON).unwrap();
        let s = ServiceId::from_uuid(u);
        assert_eq!(s.as_str(), CANON);
        let any: AnyId = s.into();
        assert_eq!(any.as_str(), CANON);
        assert_eq!(ServiceId::from(any), s);
        assert_eq!(
            ServiceId::default().as_str(),
            "00000000-0000-0000-0000-000000000000"
        );
    }

    #[test]
    fn every_table_has_one_id_type() {
        let mut t = ID_TABLES.to_vec();
        t.sort();
        assert_eq!(t, Table::ALL);
        assert_eq!(<TaxonomyTermId as Id>::TABLE, Table::TaxonomyTerm);
    }
}
