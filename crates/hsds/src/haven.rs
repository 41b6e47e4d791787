//! haven's conventions on top of HSDS 3.0, in one place so the bundle, the importer, the index,
//! the pages, the API and the export read them the same way: which locations are confidential,
//! and which machine-readable area a `service_area` row names.
//!
//! Both are expressed with plain HSDS fields, so other HSDS tools carry them through unchanged:
//!
//! * **Confidential location**: an `attribute` row with `link_entity` = `location`, `link_id` =
//!   the location's id and `taxonomy_term_id` = a term whose `code` is [`CONFIDENTIAL_TERM_CODE`]
//!   (in haven's own taxonomy, or any taxonomy that uses the same code). Such a location's street
//!   address and precise coordinates never leave haven (see [`redact_location`]).
//! * **Area served**: a `service_area` row whose `uri` is a [`AREA_URI_PREFIX`] URN parsed by
//!   [`Area::parse`]: `urn:haven:area:country:US`, `urn:haven:area:state:US-NY` (ISO 3166-2),
//!   `urn:haven:area:county:36061` (US county FIPS), `urn:haven:area:city:US-NY-NYC` (a city haven
//!   defines as a list of counties) or `urn:haven:area:postal:US:10001+10002` (a postal-code list).
//!   The row's `name` stays the words people read ("New York State").

use crate::Record;

/// `taxonomy_term.code` that marks a location confidential when linked to it by an `attribute`.
pub const CONFIDENTIAL_TERM_CODE: &str = crate::vocab::term::CONFIDENTIAL_LOCATION;

/// Location fields that can place a confidential location more precisely than its area.
pub const LOCATION_PRECISE_FIELDS: &[&str] = &["latitude", "longitude", "transportation"];

/// Remove from a location record every field that could place it more precisely than its area.
///
/// Addresses are separate records: a confidential location's `address` rows are dropped whole by
/// whoever outputs them.
pub fn redact_location(location: &mut Record) {
    for f in LOCATION_PRECISE_FIELDS {
        location.remove(*f);
    }
}

/// Whether an `attribute` record links a location to a term, returning the location's id.
///
/// The caller checks that the term's code is [`CONFIDENTIAL_TERM_CODE`].
pub fn location_attribute(attribute: &Record) -> Option<(&str, &str)> {
    let entity = attribute.get("link_entity")?.as_str()?;
    if !entity.eq_ignore_ascii_case("location") {
        return None;
    }
    let link = attribute.get("link_id")?.as_str()?;
    let term = attribute.get("taxonomy_term_id")?.as_str()?;
    Some((link, term))
}

/// `metadata.last_action_type` of a person's check of a listing (by phone, by the organization):
/// the only action that lets haven call a listing "verified".
pub const ACTION_VERIFIED: &str = "verified";
/// `metadata.last_action_type` of facts copied from a named public source as seen on a date:
/// a listing, not a check.
pub const ACTION_SOURCE_SEEN: &str = "source-seen";
/// `metadata.last_action_type` of a lead: found in the sources named, not yet verified by anyone.
pub const ACTION_LEAD: &str = "listed-unverified";
/// Start of `metadata.updated_by` on haven's bundled attribution rows (older bundles said
/// "verified" for what was only seen in a source).
pub const BUNDLED_BY_PREFIX: &str = "haven bundled data: ";

/// Start of every haven area URI in `service_area.uri`.
pub const AREA_URI_PREFIX: &str = "urn:haven:area:";

/// A machine-readable area a service serves, from a `service_area.uri`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Area {
    /// A whole country, ISO 3166-1 alpha-2 (`US`).
    Country(String),
    /// A state or province, ISO 3166-2 (`US-NY`).
    State(String),
    /// A US county by its five-digit FIPS code (`36061`).
    County(String),
    /// A city haven defines as a set of counties (`US-NY-NYC`: the five boroughs).
    City(String),
    /// A list of postal codes in one country.
    Postal {
        /// ISO 3166-1 alpha-2.
        country: String,
        /// The codes, as written (US: five digits).
        codes: Vec<String>,
    },
}

/// Why a `service_area.uri` that starts with [`AREA_URI_PREFIX`] names no area haven knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AreaError {
    /// The kind after the prefix is not one of country, state, county, city, postal.
    #[error("unknown area kind \"{0}\" (expected country, state, county, city or postal)")]
    UnknownKind(String),
    /// The code after the kind is empty or malformed for that kind.
    #[error("area code \"{code}\" is not a valid {kind} code")]
    BadCode {
        /// The kind.
        kind: &'static str,
        /// What was given.
        code: String,
    },
}

impl Area {
    /// The area a `service_area.uri` names: `Ok(None)` when the uri is not a haven area URN.
    pub fn parse(uri: &str) -> Result<Option<Area>, AreaError> {
        let Some(rest) = uri.trim().strip_prefix(AREA_URI_PREFIX) else {
            return Ok(None);
        };
        let (kind, code) = rest.split_once(':').unwrap_or((rest, ""));
        let bad = |kind: &'static str| AreaError::BadCode {
            kind,
            code: code.to_string(),
        };
        let alpha = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_uppercase());
        Ok(Some(match kind {
            "country" if alpha(code, 2) => Area::Country(code.to_string()),
            "country" => return Err(bad("country")),
            "state" => match code.split_once('-') {
                Some((c, s))
                    if alpha(c, 2)
                        && (1..=3).contains(&s.len())
                        && s.bytes().all(|b| b.is_ascii_alphanumeric()) =>
                {
                    Area::State(code.to_string())
                }
                _ => return Err(bad("state")),
            },
            "county" if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) => {
                Area::County(code.to_string())
            }
            "county" => return Err(bad("county")),
            "city" if code.split('-').count() >= 3 && !code.contains(char::is_whitespace) => {
                Area::City(code.to_string())
            }
            "city" => return Err(bad("city")),
            "postal" => {
                let (country, list) = code.split_once(':').ok_or_else(|| bad("postal"))?;
                let codes: Vec<String> = list
                    .split('+')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect();
                if !alpha(country, 2)
                    || codes.is_empty()
                    || codes
                        .iter()
                        .any(|c| !c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' '))
                {
                    return Err(bad("postal"));
                }
                Area::Postal {
                    country: country.to_string(),
                    codes,
                }
            }
            other => return Err(AreaError::UnknownKind(other.to_string())),
        }))
    }

    /// The URI that [`Area::parse`] reads back as this area.
    pub fn uri(&self) -> String {
        match self {
            Area::Country(c) => format!("{AREA_URI_PREFIX}country:{c}"),
            Area::State(c) => format!("{AREA_URI_PREFIX}state:{c}"),
            Area::County(c) => format!("{AREA_URI_PREFIX}county:{c}"),
            Area::City(c) => format!("{AREA_URI_PREFIX}city:{c}"),
            Area::Postal { country, codes } => {
                format!("{AREA_URI_PREFIX}postal:{country}:{}", codes.join("+"))
            }
        }
    }

    /// The ISO 3166-1 alpha-2 country the area lies in.
    pub fn country(&self) -> &str {
        match self {
            Area::Country(c) | Area::Postal { country: c, .. } => c,
            Area::State(c) | Area::City(c) => c.get(..2).unwrap_or(""),
            Area::County(_) => "US",
        }
    }
}

/// Counties (FIPS) of the cities haven defines, so "the five boroughs" is data, not a polygon.
pub const CITIES: &[(&str, &[&str])] = &[(
    "US-NY-NYC",
    // Bronx, Kings (Brooklyn), New York (Manhattan), Queens, Richmond (Staten Island).
    &["36005", "36047", "36061", "36081", "36085"],
)];

/// The counties of a city haven defines, or None for an unknown city code.
pub fn city_counties(code: &str) -> Option<&'static [&'static str]> {
    CITIES.iter().find(|(c, _)| *c == code).map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_uris_round_trip() {
        for uri in [
            "urn:haven:area:country:US",
            "urn:haven:area:state:US-NY",
            "urn:haven:area:county:36061",
            "urn:haven:area:city:US-NY-NYC",
            "urn:haven:area:postal:US:10001+10002",
        ] {
            let a = Area::parse(uri).unwrap().unwrap();
            assert_eq!(a.uri(), uri);
        }
        assert_eq!(
            Area::parse("urn:haven:area:state:US-NY").unwrap(),
            Some(Area::State("US-NY".into()))
        );
        assert_eq!(
            Area::parse("urn:haven:area:city:US-NY-NYC")
                .unwrap()
                .unwrap()
                .country(),
            "US"
        );
    }

    #[test]
    fn other_uris_are_not_areas_and_bad_codes_say_why() {
        assert_eq!(Area::parse("http://example.com").unwrap(), None);
        assert_eq!(Area::parse("").unwrap(), None);
        assert_eq!(
            Area::parse("urn:haven:area:planet:EARTH"),
            Err(AreaError::UnknownKind("planet".into()))
        );
        assert!(matches!(
            Area::parse("urn:haven:area:country:usa"),
            Err(AreaError::BadCode {
                kind: "country",
                ..
            })
        ));
        assert!(Area::parse("urn:haven:area:county:3606").is_err());
        assert!(Area::parse("urn:haven:area:postal:US:").is_err());
        assert!(Area::parse("urn:haven:area:state:NY").is_err());
    }

    #[test]
    fn redaction_removes_coordinates_and_directions() {
        let mut r = Record::new();
        r.insert("id".into(), "x".into());
        r.insert("latitude".into(), 40.7.into());
        r.insert("longitude".into(), (-73.9).into());
        r.insert("transportation".into(), "next to the subway".into());
        r.insert("name".into(), "Shelter".into());
        redact_location(&mut r);
        assert_eq!(r.len(), 2);
        assert!(r.contains_key("name") && r.contains_key("id"));
    }

    #[test]
    fn the_five_boroughs_are_five_counties() {
        assert_eq!(city_counties("US-NY-NYC").map(<[_]>::len), Some(5));
        assert_eq!(city_counties("US-XX-NOPE"), None);
    }
}
