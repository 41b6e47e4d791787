//! The typed HSDS 3.0 model: one serde struct per object, every field of the official schema,
//! so the search and web layers work with names the compiler checks instead of string keys.
//!
//! Scalars are `Option<String>` / `Option<f64>` (required ones plain `String`), nested objects
//! follow the schema (`phones: Vec<Phone>`, `organization: Option<Box<Organization>>`), and every
//! struct keeps the fields the schema does not define in `extra`, so nothing is lost on the way
//! back out. [`from_record`] and [`to_record`] convert to and from the flat store [`Record`]s.

use crate::{spec, Record, Table};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A record could not become (or come from) a typed object; says which table and record.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The record's fields do not fit the object (a required field missing, a wrong type...).
    #[error("{table} {id}: {source}")]
    Invalid {
        /// The table the record was read as.
        table: Table,
        /// The record's id, or `(no id)`.
        id: String,
        /// What serde found wrong, naming the field.
        #[source]
        source: serde_json::Error,
    },
    /// The typed value did not serialize to a JSON object (cannot happen for the model's structs).
    #[error("{table}: not a JSON object")]
    NotAnObject {
        /// The table of the value.
        table: Table,
    },
}

/// One of the 21 HSDS objects (or haven's `translation`): ties a struct to its table so conversions can name it in errors.
pub trait Object: Serialize + DeserializeOwned {
    /// The table whose rows this struct holds.
    const TABLE: Table;

    /// The fields the schema does not define, kept as given (extensions, newer HSDS fields).
    fn extra(&self) -> &Map<String, Value>;
}

/// Turn a flat store record into a typed object; numbers given as text (as CSV gives them) are accepted.
pub fn from_record<T: Object>(record: &Record) -> Result<T, ModelError> {
    T::deserialize(record).map_err(|source| ModelError::Invalid {
        table: T::TABLE,
        id: crate::record_id(record).unwrap_or("(no id)").to_string(),
        source,
    })
}

/// Turn a typed object back into its flat record: scalar fields and extras, nested objects dropped.
pub fn to_record<T: Object>(value: &T) -> Result<Record, ModelError> {
    let table = T::TABLE;
    let v = serde_json::to_value(value).map_err(|source| ModelError::Invalid {
        table,
        id: "(serialize)".to_string(),
        source,
    })?;
    let Value::Object(mut map) = v else {
        return Err(ModelError::NotAnObject { table });
    };
    for n in &spec(table).nested {
        map.remove(&n.name);
    }
    Ok(map)
}

/// The full nested JSON form of an object (as the API and the `_full` examples show it).
pub fn to_json<T: Object>(value: &T) -> Result<Value, ModelError> {
    serde_json::to_value(value).map_err(|source| ModelError::Invalid {
        table: T::TABLE,
        id: "(serialize)".to_string(),
        source,
    })
}

macro_rules! objects {
    ($($ty:ident => $table:ident,)*) => {
        $(
            impl Object for $ty {
                const TABLE: Table = Table::$table;

                fn extra(&self) -> &Map<String, Value> {
                    &self.extra
                }
            }

            impl TryFrom<&Record> for $ty {
                type Error = ModelError;
                fn try_from(record: &Record) -> Result<Self, ModelError> {
                    from_record(record)
                }
            }
        )*
    };
}

/// HSDS "number" fields: read from JSON numbers or numeric text (CSV), written as integers when
/// whole, so `12` stays `12` and not `12.0` on a round trip.
mod number {
    use serde::de::{self, Deserializer, Visitor};
    use serde::Serializer;
    use std::fmt;

    /// Largest integer an f64 holds exactly (2^53).
    const EXACT: f64 = 9_007_199_254_740_992.0;

    pub fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match *v {
            Some(x) if x.fract() == 0.0 && x.abs() <= EXACT => s.serialize_i64(x as i64),
            Some(x) => s.serialize_f64(x),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        d.deserialize_any(NumberVisitor)
    }

    struct NumberVisitor;

    impl<'de> Visitor<'de> for NumberVisitor {
        type Value = Option<f64>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number, numeric text, or null")
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v as f64))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v as f64))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let t = v.trim();
            if t.is_empty() {
                return Ok(None);
            }
            match t.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Some(x)),
                _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
            }
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(NumberVisitor)
        }
    }
}

/// The details about each organization delivering services.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// The identifier for the organization.
    pub id: String,
    /// The official or public name of the organization.
    pub name: String,
    /// An (optional) alternative or commonly used name for the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// A free text description containing a brief summary about the organization.
    pub description: String,
    /// The contact e-mail address for the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The URL (website address) of the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// DEPRECATED: Government assigned tax designation for tax-exempt organizations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_status: Option<String>,
    /// DEPRECATED: A government issued identifier used for the purpose of tax administration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    /// The year in which the organization was legally formed.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "number")]
    pub year_incorporated: Option<f64>,
    /// The legal conditions that an organization is operating under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_status: Option<String>,
    /// A URL to an image associated with the organization which can be presented alongside its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// A persistent identifier to uniquely identify the organization such as those provided by Open Corporates or some other relevant URI provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The identifier of the organization's parent organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_organization_id: Option<String>,
    /// The sources of funding for a service or organization.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funding: Vec<Funding>,
    /// The details of the named contacts for services and organizations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// The details of the telephone numbers are used to contact organizations, services, and locations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// The details of the locations where organizations operate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Location>,
    /// The details of collection of related services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<Program>,
    /// The details of the third party identifiers for organizations, such as: company registration number, charity number, tax registration number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organization_identifiers: Vec<OrganizationIdentifier>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The details of collections of related services.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Program {
    /// The identifier for the program.
    pub id: String,
    /// The identifier for the organization which the program belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The name of the program.
    pub name: String,
    /// The (optional) alternative name for the program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// A free text description of the program.
    pub description: String,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The details of the services provided by organizations to a range of different groups.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// The identifier for the service.
    pub id: String,
    /// The identifier of the organization that provides this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The identifier of the program this service is delivered under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program_id: Option<String>,
    /// The official or public name of the service.
    pub name: String,
    /// An (optional) alternative name for this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// A free text description of the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// URL of the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// An email address which can be used to contact the service provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The current status of the service which can be active, inactive, defunct, or temporarily closed.
    pub status: String,
    /// A free text description of any interpretation services available for accessing this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation_services: Option<String>,
    /// A free text description of the steps needed to access this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_process: Option<String>,
    /// A free text description of any charges for service users to access this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees_description: Option<String>,
    /// DEPRECATED: The time a client may expect to wait before receiving a service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_time: Option<String>,
    /// DEPRECATED: Details of any charges for service users to access this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees: Option<String>,
    /// A free text description of any accreditations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accreditations: Option<String>,
    /// A free text description of the type of person for whom this service is intended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility_description: Option<String>,
    /// The minimum age of a person required to meet this eligibility requirement.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "number")]
    pub minimum_age: Option<f64>,
    /// The maximum age of a person required to meet this eligibility requirement.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "number")]
    pub maximum_age: Option<f64>,
    /// The date that the information about the service was last checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assured_date: Option<String>,
    /// The contact e-mail address for the person or organization which last assured the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurer_email: Option<String>,
    /// DEPRECATED: An organization may have a license issued by a government entity to operate legally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licenses: Option<String>,
    /// A description of any short term alerts concerning the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    /// The datetime when the service, or any related information about the service, has changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// The details of the telephone numbers used to contact organizations, services, and locations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// The details of when a service or location is open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Schedule>,
    /// The details of the geographic area for which a service is available.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_areas: Vec<ServiceArea>,
    /// A link between a service and a specific location.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_at_locations: Vec<ServiceAtLocation>,
    /// The details of the languages that are spoken at locations or services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Language>,
    /// The details about each organization delivering services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Box<Organization>>,
    /// The sources of funding for a service or organization.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funding: Vec<Funding>,
    /// The costs of a service at certain points in time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cost_options: Vec<CostOption>,
    /// The details of collections of related services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<Box<Program>>,
    /// The details of any documents that are required in order to access or use services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_documents: Vec<RequiredDocument>,
    /// The details of the named contacts for services and organizations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A link between a service and a specific location.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceAtLocation {
    /// The identifier of the service at location entry.
    pub id: String,
    /// The identifier of the service at a given location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// The identifier of the location where this service operates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    /// A free text description of the service at this specific location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The details of the named contacts for services and organizations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// The details of the telephone numbers used to contact organizations, services, and locations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// The details of when a service or location is open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Schedule>,
    /// The details of the locations where organizations operate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Box<Location>>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The locations where organizations operate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The identifier of the location.
    pub id: String,
    /// The type of location, which may be either physical, postal, or virtual.
    pub location_type: String,
    /// If location_type is virtual, then this field represents the URL of a virtual location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The organization identifier for a location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The name of the location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An (optional) alternative name of the location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// A free text description of the location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A free text description of the access to public or private transportation to and from the location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transportation: Option<String>,
    /// The latitude of the location expressed in decimal degrees in WGS84 datum.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "number")]
    pub latitude: Option<f64>,
    /// The longitude of the location expressed in decimal degrees in WGS84 datum.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "number")]
    pub longitude: Option<f64>,
    /// A third party identifier for the location, which can be drawn from other services e.g.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_identifier: Option<String>,
    /// The scheme used for the location's external_identifier e.g.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_identifier_type: Option<String>,
    /// The languages that are spoken at locations or services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Language>,
    /// The addresses of locations where organizations operate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    /// The details of the named contacts for services and organizations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// The details of the arrangements for access to locations for people who have disabilities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accessibility: Vec<Accessibility>,
    /// The details of the telephone numbers used to contact organizations, services, and locations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// The details of when a service or location is open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Schedule>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// The metadata table contains a record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The addresses of locations where organizations operate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    /// The identifier of the postal address.
    pub id: String,
    /// The identifier of the location for this postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    /// The name of the person or entity whose attention should be sought at the location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention: Option<String>,
    /// The first line(s) of the address, including office, building number and street.
    pub address_1: String,
    /// A second (additional) line of address information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    /// The city in which the address is located.
    pub city: String,
    /// The region in which the address is located (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The state or province in which the address is located.
    pub state_province: String,
    /// The postal code for the address.
    pub postal_code: String,
    /// The country in which the address is located.
    pub country: String,
    /// The type of address which may be physical, postal, or virtual.
    pub address_type: String,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The details of the telephone numbers used to contact organizations, services, and locations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Phone {
    /// The identifier for the phone number.
    pub id: String,
    /// The identifier of the location where this phone number is located.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    /// The identifier of the service for which this is the phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// The identifier of the organization for which this is the phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The identifier of the contact for which this is the phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    /// The identifier of the ‘service at location’ table entry, when this phone number is specific to a service in a particular location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_at_location_id: Option<String>,
    /// The phone number.
    pub number: String,
    /// The extension of the phone number.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "number")]
    pub extension: Option<f64>,
    /// Indicates the type of phone service, drawing from the RFC6350 list of types (text (for SMS), voice, fax, cell, video, pager, textphone).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// A free text description providing extra information about the phone service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The details of the languages that are spoken at locations or services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Language>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The details of when a service or location is open.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// The identifier for the schedule.
    pub id: String,
    /// The identifier of the service for which this is the regular schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// The identifier of the location for which this is the regular schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    /// The identifier of the ‘service at location’ table entry, when this schedule is specific to a service in a particular location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_at_location_id: Option<String>,
    /// The date from which the schedule information is valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// The last date on which the schedule information is valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// ICal - The date of the first event is the schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dtstart: Option<String>,
    /// The timezone that all dates are expressed as, expressed as a UTC offset.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "number")]
    pub timezone: Option<f64>,
    /// ICal - The date of the last occurrence of the recurring event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// ICal - The number of times that the event occurs.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "number")]
    pub count: Option<f64>,
    /// ICal - The two-letter code for the day on which the week starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wkst: Option<String>,
    /// ICal - How often the frequency repeats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freq: Option<String>,
    /// ICal - How often the frequency repeats.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "number")]
    pub interval: Option<f64>,
    /// ICal - Comma separated days of the week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byday: Option<String>,
    /// ICal - Comma separated numeric weeks of the year, where freq is WEEKLY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byweekno: Option<String>,
    /// ICal - Comma separated numeric days of the month, where frequency is MONTHLY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bymonthday: Option<String>,
    /// ICal - Comma separated numeric days of the month, where frequency is YEARLY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byyearday: Option<String>,
    /// A free text description of the availability of the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The time when a service or location opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    /// The time when a service or location closes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
    /// URL of a link for the schedule which may show each individual session and may provide a booking facility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_link: Option<String>,
    /// A free text description of how to attend this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attending_type: Option<String>,
    /// Free text notes on the schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The languages that are spoken at locations or services.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Language {
    /// The identifier for the language.
    pub id: String,
    /// The identifier of the service for which the entry describes the languages in which services are delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// The identifier of the location for which the entry describes the languages in which services are delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    /// The identifier of the phone for which the entry describes the languages in which services delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_id: Option<String>,
    /// The name of the language in which the service is delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The ISO 639-1 or ISO 639-3 code for the language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A free text description of any additional context or services provided for this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The details of the arrangements for access to locations for people who have disabilities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Accessibility {
    /// The identifier for this accessibility information.
    pub id: String,
    /// The identifier for the location of the accessibility provision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    /// A free text description of the assistance or infrastructure that facilitates access to clients with disabilities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Any further details relating to the relevant accessibility arrangements at this location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// The URL of a page giving more information about the accessibility of the location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The details of the named contacts for services and organizations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// The identifier for the contact.
    pub id: String,
    /// The identifier of the organization for which this is a contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The identifier of the service for which this is a contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// The identifier of the ‘service at location’ entry, when this contact is specific to a service in a particular location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_at_location_id: Option<String>,
    /// The identifier for the location of the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    /// The name of the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The job title of the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The department that the contact is a part of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The email address of the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The details of the telephone numbers used to contact organizations, services, and locations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The sources of funding for a service or organization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Funding {
    /// The identifier for the funding.
    pub id: String,
    /// The identifier of the organization in receipt of this funding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The identifier of the service in receipt of this funding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// A free text description of the source of funds for this organization or service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The details of the geographic area for which a service is available.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceArea {
    /// The identifier for the service area.
    pub id: String,
    /// The identifier of the service for which this entry describes the service area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// A free text geographic area where a service is available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A more detailed free text description of this service area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A definition of the polygon defining the area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extent: Option<String>,
    /// The format of the extent field populated from an enum of "geojson", "topojson", "kml",and (for legacy systems or early state during transformation) "text".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extent_type: Option<String>,
    /// A URI which acts as a persistent identifier to identify an area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The details of any documents that are required in order to access or use services.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequiredDocument {
    /// The identifier for the document.
    pub id: String,
    /// The identifier of the service for which this entry describes the required document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// A free text description of the document required to apply for or receive the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// A web link to the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The costs of a service at certain points in time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CostOption {
    /// The identifier for the cost option.
    pub id: String,
    /// The identifier of the services for which the entry describes the cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// The date when this price is valid from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// The date when this price is valid to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// Conditions associated with the cost option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// The 3 letter currency code of this cost option (expected to be gbp by Open Referral UK).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The cost of the option, expressed as an amount.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "number")]
    pub amount: Option<f64>,
    /// Specific details qualifying the cost amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_description: Option<String>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A link between a service and one or more classifications that describe the nature of the service provided.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    /// The identifier of the attribute entry.
    pub id: String,
    /// The identifier of the entity to which this taxonomy term applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_id: Option<String>,
    /// The identifier of this taxonomy term from the taxonomy table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_term_id: Option<String>,
    /// A code taken from an enumerated open codelist to indicate what the taxonomy term describes, e.g.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_type: Option<String>,
    /// The table of the Link Identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_entity: Option<String>,
    /// The value (if any) of an attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Each service can be categorized according to one or more taxonomy terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_term: Option<Box<TaxonomyTerm>>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The taxonomies from which taxonomy terms are taken.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Taxonomy {
    /// The identifier of the taxonomy.
    pub id: String,
    /// The name of the taxonomy from which terms are sourced.
    pub name: String,
    /// A free text description of the taxonomy.
    pub description: String,
    /// The URI of the taxonomy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The version of the taxonomy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Each service can be categorized according to one or more taxonomy terms.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaxonomyTerm {
    /// The identifier for this taxonomy term.
    pub id: String,
    /// The term identfier as used in the taxonomy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The taxonomy term itself.
    pub name: String,
    /// A free text description of the term.
    pub description: String,
    /// If this is a child term in a hierarchical taxonomy, give the identifier of the parent category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// If this is an established taxonomy, a free text description of which taxonomy is in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<String>,
    /// Taxonomies from which taxonomy terms are taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_detail: Option<Box<Taxonomy>>,
    /// An ISO 639-1, or ISO 639-2 \[language code\](available at http://www.loc.gov/standards/iso639-2/php/code_list.php) to represent the language of the term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The identifier of the taxonomy containing the term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_id: Option<String>,
    /// URI of the term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_uri: Option<String>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A record of the changes that have been made to the data in order to maintain provenance information.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// The identifier for this metadata.
    pub id: String,
    /// The identifier of the resource (service, program, location, address, or contact) that this metadata describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// The type of entity being referenced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// The date when data was changed.
    pub last_action_date: String,
    /// The kind of change made to the data.
    pub last_action_type: String,
    /// The name of field that has been modified.
    pub field_name: String,
    /// The previous value of the field that has been modified.
    pub previous_value: String,
    /// The new value of the field that has been modified.
    pub replacement_value: String,
    /// The name of the person who modified the field.
    pub updated_by: String,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Metadata about individual tables.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MetaTableDescription {
    /// The identifier for the metadata description.
    pub id: String,
    /// The name for the metadata description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The ISO 639-1 or ISO 639-3 code for the language of the metadata description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The character set of the metadata description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub character_set: Option<String>,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The details of the third party identifiers for organizations, such as: company registration number, charity number, tax registration number.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationIdentifier {
    /// The identifier for this organization identifier entry.
    pub id: String,
    /// The identifier of the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The scheme of the third party identifier, according to http://org-id.guide/.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier_scheme: Option<String>,
    /// A human-readable equivalent of the identifier_scheme.
    pub identifier_type: String,
    /// The third-party identifier value.
    pub identifier: String,
    /// A link between a service and one or more classifications that describe the nature of the service provided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// A record of the changes that have been made to the data in order to maintain provenance information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<Metadata>,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// haven's extension (not HSDS 3.0): one field of another record in another language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Translation {
    /// The identifier of the translation.
    pub id: String,
    /// The HSDS table of the record whose field is translated.
    pub resource_type: String,
    /// The identifier of the record whose field is translated.
    pub resource_id: String,
    /// The name of the translated field.
    pub field_name: String,
    /// The language of the value, a BCP 47 tag.
    pub language: String,
    /// The field's text in that language.
    pub value: String,
    /// Fields the schema does not define, kept so they are written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

objects! {
    Translation => Translation,
    Organization => Organization,
    Program => Program,
    Service => Service,
    ServiceAtLocation => ServiceAtLocation,
    Location => Location,
    Address => Address,
    Phone => Phone,
    Schedule => Schedule,
    Language => Language,
    Accessibility => Accessibility,
    Contact => Contact,
    Funding => Funding,
    ServiceArea => ServiceArea,
    RequiredDocument => RequiredDocument,
    CostOption => CostOption,
    Attribute => Attribute,
    Taxonomy => Taxonomy,
    TaxonomyTerm => TaxonomyTerm,
    Metadata => Metadata,
    MetaTableDescription => MetaTableDescription,
    OrganizationIdentifier => OrganizationIdentifier,
}
