//! The typed HSDS 3.0 model: one serde struct per object, every field of the official schema,
//! and the currency between haven's layers: the bundle builds these structs, the store reads
//! them back (`store::typed`), so a field name or a reference is checked by the compiler
//! instead of being a string key.
//!
//! Scalars are `Option<String>` / `Option<f64>` (required ones plain `String`), ids are the
//! typed [`crate::id`] newtypes (`ServiceId`, `LocationId`...), nested objects follow the schema
//! (`phones: Vec<Phone>`, `organization: Option<Box<Organization>>`), and every struct keeps the
//! fields the schema does not define in `extra`, so nothing is lost on the way back out.
//! [`from_record`] and [`to_record`] convert to and from the flat store [`Record`]s; [`Owns`]
//! says which id a child row refers to its owner by (a phone to its service by `service_id`).
//!
//! The structs are declared through [`model!`](self): it writes the serde attributes every
//! optional field needs (skip when absent, default when missing, HSDS numbers read from text),
//! so they are not repeated by hand on every field.

pub use crate::id::*;
use crate::{spec, Record, Table};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A record could not become (or come from) a typed object; says which table, record and field.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The record's fields do not fit the object (a required field missing, a wrong type...).
    #[error("{table} {id}: {}{source}", field.as_deref().map(|f| format!("{f}: ")).unwrap_or_default())]
    Invalid {
        /// The table the record was read as.
        table: Table,
        /// The record's id, or `(no id)`.
        id: String,
        /// The field whose value is wrong (`phones[0].number` inside a nested object); None
        /// when the record as a whole is (a missing required field names itself in `source`).
        field: Option<String>,
        /// What serde found wrong.
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

/// One of the 21 HSDS objects (or haven's `translation`): ties a struct to its table and its id
/// type so conversions can name it in errors and typed reads can take the right id.
pub trait Object: Serialize + DeserializeOwned {
    /// The id type of the table.
    type Id: Id;
    /// The table whose rows this struct holds.
    const TABLE: Table;

    /// The record's id.
    fn id(&self) -> Self::Id;

    /// The fields the schema does not define, kept as given (extensions, newer HSDS fields).
    fn extra(&self) -> &Map<String, Value>;
}

/// Turn a flat store record into a typed object; numbers given as text (as CSV gives them) are accepted.
pub fn from_record<T: Object>(record: &Record) -> Result<T, ModelError> {
    serde_path_to_error::deserialize(record).map_err(|e| {
        let field = e.path().to_string();
        ModelError::Invalid {
            table: T::TABLE,
            id: crate::record_id(record).unwrap_or("(no id)").to_string(),
            field: (field != ".").then_some(field),
            source: e.into_inner(),
        }
    })
}

/// Turn a typed object back into its flat record: scalar fields and extras, nested objects dropped.
pub fn to_record<T: Object>(value: &T) -> Result<Record, ModelError> {
    let table = T::TABLE;
    let Value::Object(mut map) = to_json(value)? else {
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
        id: value.id().to_string(),
        field: None,
        source,
    })
}

impl crate::Directory {
    /// Add a typed object to its table as its flat record ([`to_record`]: nested objects are
    /// not written; push each as its own record).
    pub fn push_object<T: Object>(
        &mut self,
        value: &T,
        origin: crate::Origin,
    ) -> Result<(), ModelError> {
        self.push(T::TABLE, to_record(value)?, origin);
        Ok(())
    }
}

/// The field names a `Deserialize` struct reads, asked of serde itself (no value is needed):
/// lets a test hold a borrowed fast-path row shape against its model struct.
pub fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};
    struct Names(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("field names read")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> de::Deserializer<'de> for &mut Names {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = Some(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut names = Names(None);
    let _ = T::deserialize(&mut names);
    names.0.unwrap_or(&[])
}

/// The fields a borrowed row shape reads that its table's model struct does not have (empty:
/// the shape is a field subset of the struct, so it cannot read a field HSDS does not define);
/// `None` when `Row` is not a plain struct (serde reads it as a map, so its fields are unknown).
pub fn fields_outside_model<'de, Row: Deserialize<'de>>(table: Table) -> Option<Vec<&'static str>> {
    let names = field_names::<Row>();
    if names.is_empty() {
        return None;
    }
    let s = spec(table);
    Some(
        names
            .iter()
            .copied()
            .filter(|n| s.field(n).is_none() && s.nested(n).is_none())
            .collect(),
    )
}

/// Declares the model structs: for each, the struct with its serde derive and `extra` field,
/// the serde attributes of each field chosen from its type (`Option<f64>`: an HSDS number;
/// `Option<_>`: skipped when absent; `Vec<_>`: skipped when empty, both defaulted when
/// missing; anything else required), and its [`Object`] impl.
macro_rules! model {
    ($( $(#[$sm:meta])* pub struct $name:ident : $id:ident { $($body:tt)* } )*) => {
        $( model!(@field [$(#[$sm])*] $name $id [] $($body)*); )*
    };
    (@field [$($sm:tt)*] $name:ident $id:ident [$($done:tt)*]) => {
        $($sm)*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            $($done)*
            /// Fields the schema does not define, kept so they are written back unchanged.
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }

        impl Object for $name {
            type Id = $id;
            const TABLE: Table = <$id as Id>::TABLE;
            fn id(&self) -> $id {
                self.id
            }
            fn extra(&self) -> &Map<String, Value> {
                &self.extra
            }
        }

        impl TryFrom<&Record> for $name {
            type Error = ModelError;
            fn try_from(record: &Record) -> Result<Self, ModelError> {
                from_record(record)
            }
        }
    };
    (@field $sm:tt $name:ident $id:ident [$($done:tt)*]
        $(#[$m:meta])* pub $f:ident : Option<f64>, $($rest:tt)*) => {
        model!(@field $sm $name $id [$($done)*
            $(#[$m])*
            #[serde(default, skip_serializing_if = "Option::is_none", with = "number")]
            pub $f: Option<f64>,
        ] $($rest)*);
    };
    (@field $sm:tt $name:ident $id:ident [$($done:tt)*]
        $(#[$m:meta])* pub $f:ident : Option<$t:ty>, $($rest:tt)*) => {
        model!(@field $sm $name $id [$($done)*
            $(#[$m])*
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub $f: Option<$t>,
        ] $($rest)*);
    };
    (@field $sm:tt $name:ident $id:ident [$($done:tt)*]
        $(#[$m:meta])* pub $f:ident : Vec<$t:ty>, $($rest:tt)*) => {
        model!(@field $sm $name $id [$($done)*
            $(#[$m])*
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub $f: Vec<$t>,
        ] $($rest)*);
    };
    (@field $sm:tt $name:ident $id:ident [$($done:tt)*]
        $(#[$m:meta])* pub $f:ident : $t:ty, $($rest:tt)*) => {
        model!(@field $sm $name $id [$($done)* $(#[$m])* pub $f: $t,] $($rest)*);
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

model! {
    /// The details about each organization delivering services.
    pub struct Organization: OrganizationId {
        /// The identifier for the organization.
        pub id: OrganizationId,
        /// The official or public name of the organization.
        pub name: String,
        /// An (optional) alternative or commonly used name for the organization.
        pub alternate_name: Option<String>,
        /// A free text description containing a brief summary about the organization.
        pub description: String,
        /// The contact e-mail address for the organization.
        pub email: Option<String>,
        /// The URL (website address) of the organization.
        pub website: Option<String>,
        /// DEPRECATED: Government assigned tax designation for tax-exempt organizations.
        pub tax_status: Option<String>,
        /// DEPRECATED: A government issued identifier used for the purpose of tax administration.
        pub tax_id: Option<String>,
        /// The year in which the organization was legally formed.
        pub year_incorporated: Option<f64>,
        /// The legal conditions that an organization is operating under.
        pub legal_status: Option<String>,
        /// A URL to an image associated with the organization which can be presented alongside its name.
        pub logo: Option<String>,
        /// A persistent identifier to uniquely identify the organization such as those provided by Open Corporates or some other relevant URI provider.
        pub uri: Option<String>,
        /// The identifier of the organization's parent organization.
        pub parent_organization_id: Option<OrganizationId>,
        /// The sources of funding for a service or organization.
        pub funding: Vec<Funding>,
        /// The details of the named contacts for services and organizations.
        pub contacts: Vec<Contact>,
        /// The details of the telephone numbers are used to contact organizations, services, and locations.
        pub phones: Vec<Phone>,
        /// The details of the locations where organizations operate.
        pub locations: Vec<Location>,
        /// The details of collection of related services.
        pub programs: Vec<Program>,
        /// The details of the third party identifiers for organizations, such as: company registration number, charity number, tax registration number.
        pub organization_identifiers: Vec<OrganizationIdentifier>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The details of collections of related services.
    pub struct Program: ProgramId {
        /// The identifier for the program.
        pub id: ProgramId,
        /// The identifier for the organization which the program belongs to.
        pub organization_id: Option<OrganizationId>,
        /// The name of the program.
        pub name: String,
        /// The (optional) alternative name for the program.
        pub alternate_name: Option<String>,
        /// A free text description of the program.
        pub description: String,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The details of the services provided by organizations to a range of different groups.
    pub struct Service: ServiceId {
        /// The identifier for the service.
        pub id: ServiceId,
        /// The identifier of the organization that provides this service.
        pub organization_id: Option<OrganizationId>,
        /// The identifier of the program this service is delivered under.
        pub program_id: Option<ProgramId>,
        /// The official or public name of the service.
        pub name: String,
        /// An (optional) alternative name for this service.
        pub alternate_name: Option<String>,
        /// A free text description of the service.
        pub description: Option<String>,
        /// URL of the service.
        pub url: Option<String>,
        /// An email address which can be used to contact the service provider.
        pub email: Option<String>,
        /// The current status of the service which can be active, inactive, defunct, or temporarily closed.
        pub status: String,
        /// A free text description of any interpretation services available for accessing this service.
        pub interpretation_services: Option<String>,
        /// A free text description of the steps needed to access this service.
        pub application_process: Option<String>,
        /// A free text description of any charges for service users to access this service.
        pub fees_description: Option<String>,
        /// DEPRECATED: The time a client may expect to wait before receiving a service.
        pub wait_time: Option<String>,
        /// DEPRECATED: Details of any charges for service users to access this service.
        pub fees: Option<String>,
        /// A free text description of any accreditations.
        pub accreditations: Option<String>,
        /// A free text description of the type of person for whom this service is intended.
        pub eligibility_description: Option<String>,
        /// The minimum age of a person required to meet this eligibility requirement.
        pub minimum_age: Option<f64>,
        /// The maximum age of a person required to meet this eligibility requirement.
        pub maximum_age: Option<f64>,
        /// The date that the information about the service was last checked.
        pub assured_date: Option<String>,
        /// The contact e-mail address for the person or organization which last assured the service.
        pub assurer_email: Option<String>,
        /// DEPRECATED: An organization may have a license issued by a government entity to operate legally.
        pub licenses: Option<String>,
        /// A description of any short term alerts concerning the service.
        pub alert: Option<String>,
        /// The datetime when the service, or any related information about the service, has changed.
        pub last_modified: Option<String>,
        /// The details of the telephone numbers used to contact organizations, services, and locations.
        pub phones: Vec<Phone>,
        /// The details of when a service or location is open.
        pub schedules: Vec<Schedule>,
        /// The details of the geographic area for which a service is available.
        pub service_areas: Vec<ServiceArea>,
        /// A link between a service and a specific location.
        pub service_at_locations: Vec<ServiceAtLocation>,
        /// The details of the languages that are spoken at locations or services.
        pub languages: Vec<Language>,
        /// The details about each organization delivering services.
        pub organization: Option<Box<Organization>>,
        /// The sources of funding for a service or organization.
        pub funding: Vec<Funding>,
        /// The costs of a service at certain points in time.
        pub cost_options: Vec<CostOption>,
        /// The details of collections of related services.
        pub program: Option<Box<Program>>,
        /// The details of any documents that are required in order to access or use services.
        pub required_documents: Vec<RequiredDocument>,
        /// The details of the named contacts for services and organizations.
        pub contacts: Vec<Contact>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// A link between a service and a specific location.
    pub struct ServiceAtLocation: ServiceAtLocationId {
        /// The identifier of the service at location entry.
        pub id: ServiceAtLocationId,
        /// The identifier of the service at a given location.
        pub service_id: Option<ServiceId>,
        /// The identifier of the location where this service operates.
        pub location_id: Option<LocationId>,
        /// A free text description of the service at this specific location.
        pub description: Option<String>,
        /// The details of the named contacts for services and organizations.
        pub contacts: Vec<Contact>,
        /// The details of the telephone numbers used to contact organizations, services, and locations.
        pub phones: Vec<Phone>,
        /// The details of when a service or location is open.
        pub schedules: Vec<Schedule>,
        /// The details of the locations where organizations operate.
        pub location: Option<Box<Location>>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The locations where organizations operate.
    pub struct Location: LocationId {
        /// The identifier of the location.
        pub id: LocationId,
        /// The type of location, which may be either physical, postal, or virtual.
        pub location_type: String,
        /// If location_type is virtual, then this field represents the URL of a virtual location.
        pub url: Option<String>,
        /// The organization identifier for a location.
        pub organization_id: Option<OrganizationId>,
        /// The name of the location.
        pub name: Option<String>,
        /// An (optional) alternative name of the location.
        pub alternate_name: Option<String>,
        /// A free text description of the location.
        pub description: Option<String>,
        /// A free text description of the access to public or private transportation to and from the location.
        pub transportation: Option<String>,
        /// The latitude of the location expressed in decimal degrees in WGS84 datum.
        pub latitude: Option<f64>,
        /// The longitude of the location expressed in decimal degrees in WGS84 datum.
        pub longitude: Option<f64>,
        /// A third party identifier for the location, which can be drawn from other services e.g.
        pub external_identifier: Option<String>,
        /// The scheme used for the location's external_identifier e.g.
        pub external_identifier_type: Option<String>,
        /// The languages that are spoken at locations or services.
        pub languages: Vec<Language>,
        /// The addresses of locations where organizations operate.
        pub addresses: Vec<Address>,
        /// The details of the named contacts for services and organizations.
        pub contacts: Vec<Contact>,
        /// The details of the arrangements for access to locations for people who have disabilities.
        pub accessibility: Vec<Accessibility>,
        /// The details of the telephone numbers used to contact organizations, services, and locations.
        pub phones: Vec<Phone>,
        /// The details of when a service or location is open.
        pub schedules: Vec<Schedule>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// The metadata table contains a record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The addresses of locations where organizations operate.
    pub struct Address: AddressId {
        /// The identifier of the postal address.
        pub id: AddressId,
        /// The identifier of the location for this postal address.
        pub location_id: Option<LocationId>,
        /// The name of the person or entity whose attention should be sought at the location.
        pub attention: Option<String>,
        /// The first line(s) of the address, including office, building number and street.
        pub address_1: String,
        /// A second (additional) line of address information.
        pub address_2: Option<String>,
        /// The city in which the address is located.
        pub city: String,
        /// The region in which the address is located (optional).
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
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The details of the telephone numbers used to contact organizations, services, and locations.
    pub struct Phone: PhoneId {
        /// The identifier for the phone number.
        pub id: PhoneId,
        /// The identifier of the location where this phone number is located.
        pub location_id: Option<LocationId>,
        /// The identifier of the service for which this is the phone number.
        pub service_id: Option<ServiceId>,
        /// The identifier of the organization for which this is the phone number.
        pub organization_id: Option<OrganizationId>,
        /// The identifier of the contact for which this is the phone number.
        pub contact_id: Option<ContactId>,
        /// The identifier of the ‘service at location’ table entry, when this phone number is specific to a service in a particular location.
        pub service_at_location_id: Option<ServiceAtLocationId>,
        /// The phone number.
        pub number: String,
        /// The extension of the phone number.
        pub extension: Option<f64>,
        /// Indicates the type of phone service, drawing from the RFC6350 list of types (text (for SMS), voice, fax, cell, video, pager, textphone).
        #[serde(rename = "type")]
        pub r#type: Option<String>,
        /// A free text description providing extra information about the phone service.
        pub description: Option<String>,
        /// The details of the languages that are spoken at locations or services.
        pub languages: Vec<Language>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The details of when a service or location is open.
    pub struct Schedule: ScheduleId {
        /// The identifier for the schedule.
        pub id: ScheduleId,
        /// The identifier of the service for which this is the regular schedule.
        pub service_id: Option<ServiceId>,
        /// The identifier of the location for which this is the regular schedule.
        pub location_id: Option<LocationId>,
        /// The identifier of the ‘service at location’ table entry, when this schedule is specific to a service in a particular location.
        pub service_at_location_id: Option<ServiceAtLocationId>,
        /// The date from which the schedule information is valid.
        pub valid_from: Option<String>,
        /// The last date on which the schedule information is valid.
        pub valid_to: Option<String>,
        /// ICal - The date of the first event is the schedule.
        pub dtstart: Option<String>,
        /// The timezone that all dates are expressed as, expressed as a UTC offset.
        pub timezone: Option<f64>,
        /// ICal - The date of the last occurrence of the recurring event.
        pub until: Option<String>,
        /// ICal - The number of times that the event occurs.
        pub count: Option<f64>,
        /// ICal - The two-letter code for the day on which the week starts.
        pub wkst: Option<String>,
        /// ICal - How often the frequency repeats.
        pub freq: Option<String>,
        /// ICal - How often the frequency repeats.
        pub interval: Option<f64>,
        /// ICal - Comma separated days of the week.
        pub byday: Option<String>,
        /// ICal - Comma separated numeric weeks of the year, where freq is WEEKLY.
        pub byweekno: Option<String>,
        /// ICal - Comma separated numeric days of the month, where frequency is MONTHLY.
        pub bymonthday: Option<String>,
        /// ICal - Comma separated numeric days of the month, where frequency is YEARLY.
        pub byyearday: Option<String>,
        /// A free text description of the availability of the service.
        pub description: Option<String>,
        /// The time when a service or location opens.
        pub opens_at: Option<String>,
        /// The time when a service or location closes.
        pub closes_at: Option<String>,
        /// URL of a link for the schedule which may show each individual session and may provide a booking facility.
        pub schedule_link: Option<String>,
        /// A free text description of how to attend this service.
        pub attending_type: Option<String>,
        /// Free text notes on the schedule.
        pub notes: Option<String>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The languages that are spoken at locations or services.
    pub struct Language: LanguageId {
        /// The identifier for the language.
        pub id: LanguageId,
        /// The identifier of the service for which the entry describes the languages in which services are delivered.
        pub service_id: Option<ServiceId>,
        /// The identifier of the location for which the entry describes the languages in which services are delivered.
        pub location_id: Option<LocationId>,
        /// The identifier of the phone for which the entry describes the languages in which services delivered.
        pub phone_id: Option<PhoneId>,
        /// The name of the language in which the service is delivered.
        pub name: Option<String>,
        /// The ISO 639-1 or ISO 639-3 code for the language.
        pub code: Option<String>,
        /// A free text description of any additional context or services provided for this language.
        pub note: Option<String>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The details of the arrangements for access to locations for people who have disabilities.
    pub struct Accessibility: AccessibilityId {
        /// The identifier for this accessibility information.
        pub id: AccessibilityId,
        /// The identifier for the location of the accessibility provision.
        pub location_id: Option<LocationId>,
        /// A free text description of the assistance or infrastructure that facilitates access to clients with disabilities.
        pub description: Option<String>,
        /// Any further details relating to the relevant accessibility arrangements at this location.
        pub details: Option<String>,
        /// The URL of a page giving more information about the accessibility of the location.
        pub url: Option<String>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The details of the named contacts for services and organizations.
    pub struct Contact: ContactId {
        /// The identifier for the contact.
        pub id: ContactId,
        /// The identifier of the organization for which this is a contact.
        pub organization_id: Option<OrganizationId>,
        /// The identifier of the service for which this is a contact.
        pub service_id: Option<ServiceId>,
        /// The identifier of the ‘service at location’ entry, when this contact is specific to a service in a particular location.
        pub service_at_location_id: Option<ServiceAtLocationId>,
        /// The identifier for the location of the contact.
        pub location_id: Option<LocationId>,
        /// The name of the contact.
        pub name: Option<String>,
        /// The job title of the contact.
        pub title: Option<String>,
        /// The department that the contact is a part of.
        pub department: Option<String>,
        /// The email address of the contact.
        pub email: Option<String>,
        /// The details of the telephone numbers used to contact organizations, services, and locations.
        pub phones: Vec<Phone>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The sources of funding for a service or organization.
    pub struct Funding: FundingId {
        /// The identifier for the funding.
        pub id: FundingId,
        /// The identifier of the organization in receipt of this funding.
        pub organization_id: Option<OrganizationId>,
        /// The identifier of the service in receipt of this funding.
        pub service_id: Option<ServiceId>,
        /// A free text description of the source of funds for this organization or service.
        pub source: Option<String>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The details of the geographic area for which a service is available.
    pub struct ServiceArea: ServiceAreaId {
        /// The identifier for the service area.
        pub id: ServiceAreaId,
        /// The identifier of the service for which this entry describes the service area.
        pub service_id: Option<ServiceId>,
        /// A free text geographic area where a service is available.
        pub name: Option<String>,
        /// A more detailed free text description of this service area.
        pub description: Option<String>,
        /// A definition of the polygon defining the area.
        pub extent: Option<String>,
        /// The format of the extent field populated from an enum of "geojson", "topojson", "kml",and (for legacy systems or early state during transformation) "text".
        pub extent_type: Option<String>,
        /// A URI which acts as a persistent identifier to identify an area.
        pub uri: Option<String>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The details of any documents that are required in order to access or use services.
    pub struct RequiredDocument: RequiredDocumentId {
        /// The identifier for the document.
        pub id: RequiredDocumentId,
        /// The identifier of the service for which this entry describes the required document.
        pub service_id: Option<ServiceId>,
        /// A free text description of the document required to apply for or receive the service.
        pub document: Option<String>,
        /// A web link to the document.
        pub uri: Option<String>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The costs of a service at certain points in time.
    pub struct CostOption: CostOptionId {
        /// The identifier for the cost option.
        pub id: CostOptionId,
        /// The identifier of the services for which the entry describes the cost.
        pub service_id: Option<ServiceId>,
        /// The date when this price is valid from.
        pub valid_from: Option<String>,
        /// The date when this price is valid to.
        pub valid_to: Option<String>,
        /// Conditions associated with the cost option.
        pub option: Option<String>,
        /// The 3 letter currency code of this cost option (expected to be gbp by Open Referral UK).
        pub currency: Option<String>,
        /// The cost of the option, expressed as an amount.
        pub amount: Option<f64>,
        /// Specific details qualifying the cost amount.
        pub amount_description: Option<String>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// A link between a service and one or more classifications that describe the nature of the service provided.
    pub struct Attribute: AttributeId {
        /// The identifier of the attribute entry.
        pub id: AttributeId,
        /// The identifier of the entity to which this taxonomy term applies.
        pub link_id: Option<AnyId>,
        /// The identifier of this taxonomy term from the taxonomy table.
        pub taxonomy_term_id: Option<TaxonomyTermId>,
        /// A code taken from an enumerated open codelist to indicate what the taxonomy term describes, e.g.
        pub link_type: Option<String>,
        /// The table of the Link Identifier.
        pub link_entity: Option<String>,
        /// The value (if any) of an attribute.
        pub value: Option<String>,
        /// Each service can be categorized according to one or more taxonomy terms.
        pub taxonomy_term: Option<Box<TaxonomyTerm>>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The taxonomies from which taxonomy terms are taken.
    pub struct Taxonomy: TaxonomyId {
        /// The identifier of the taxonomy.
        pub id: TaxonomyId,
        /// The name of the taxonomy from which terms are sourced.
        pub name: String,
        /// A free text description of the taxonomy.
        pub description: String,
        /// The URI of the taxonomy.
        pub uri: Option<String>,
        /// The version of the taxonomy.
        pub version: Option<String>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// Each service can be categorized according to one or more taxonomy terms.
    pub struct TaxonomyTerm: TaxonomyTermId {
        /// The identifier for this taxonomy term.
        pub id: TaxonomyTermId,
        /// The term identfier as used in the taxonomy.
        pub code: Option<String>,
        /// The taxonomy term itself.
        pub name: String,
        /// A free text description of the term.
        pub description: String,
        /// If this is a child term in a hierarchical taxonomy, give the identifier of the parent category.
        pub parent_id: Option<TaxonomyTermId>,
        /// If this is an established taxonomy, a free text description of which taxonomy is in use.
        pub taxonomy: Option<String>,
        /// Taxonomies from which taxonomy terms are taken.
        pub taxonomy_detail: Option<Box<Taxonomy>>,
        /// An ISO 639-1, or ISO 639-2 \[language code\](available at http://www.loc.gov/standards/iso639-2/php/code_list.php) to represent the language of the term.
        pub language: Option<String>,
        /// The identifier of the taxonomy containing the term.
        pub taxonomy_id: Option<TaxonomyId>,
        /// URI of the term.
        pub term_uri: Option<String>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// A record of the changes that have been made to the data in order to maintain provenance information.
    pub struct Metadata: MetadataId {
        /// The identifier for this metadata.
        pub id: MetadataId,
        /// The identifier of the resource (service, program, location, address, or contact) that this metadata describes.
        pub resource_id: Option<AnyId>,
        /// The type of entity being referenced.
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
    }

    /// Metadata about individual tables.
    pub struct MetaTableDescription: MetaTableDescriptionId {
        /// The identifier for the metadata description.
        pub id: MetaTableDescriptionId,
        /// The name for the metadata description.
        pub name: Option<String>,
        /// The ISO 639-1 or ISO 639-3 code for the language of the metadata description.
        pub language: Option<String>,
        /// The character set of the metadata description.
        pub character_set: Option<String>,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// The details of the third party identifiers for organizations, such as: company registration number, charity number, tax registration number.
    pub struct OrganizationIdentifier: OrganizationIdentifierId {
        /// The identifier for this organization identifier entry.
        pub id: OrganizationIdentifierId,
        /// The identifier of the organization.
        pub organization_id: Option<OrganizationId>,
        /// The scheme of the third party identifier, according to http://org-id.guide/.
        pub identifier_scheme: Option<String>,
        /// A human-readable equivalent of the identifier_scheme.
        pub identifier_type: String,
        /// The third-party identifier value.
        pub identifier: String,
        /// A link between a service and one or more classifications that describe the nature of the service provided.
        pub attributes: Vec<Attribute>,
        /// A record of the changes that have been made to the data in order to maintain provenance information.
        pub metadata: Vec<Metadata>,
    }

    /// haven's extension (not HSDS 3.0): one field of another record in another language.
    pub struct Translation: TranslationId {
        /// The identifier of the translation.
        pub id: TranslationId,
        /// The HSDS table of the record whose field is translated.
        pub resource_type: String,
        /// The identifier of the record whose field is translated.
        pub resource_id: AnyId,
        /// The name of the translated field.
        pub field_name: String,
        /// The language of the value, a BCP 47 tag.
        pub language: String,
        /// The field's text in that language.
        pub value: String,
    }
}

/// An id that owns rows of `T`: `T` refers to its owner through [`Owns::FIELD`] (a phone to its
/// service through `service_id`), so the store's typed `children::<Phone>(service_id)` is checked
/// by the compiler and a location id cannot ask for a program's rows.
pub trait Owns<T: Object>: Id {
    /// The field of `T` that holds this owner's id.
    const FIELD: &'static str;

    /// Whether a row found through [`Owns::FIELD`] is about this owner's table: always, except
    /// where another field names the table (`attribute.link_entity`, `metadata.resource_type`).
    fn is_about(_child: &T) -> bool {
        true
    }
}

macro_rules! owns {
    ($($child:ident . $field:ident -> $owner:ident,)*) => {
        $(
            impl Owns<$child> for $owner {
                const FIELD: &'static str = stringify!($field);
            }
        )*

        /// Every reference from a field to one fixed table, as (table, field, target): the
        /// [`Owns`] impls, listed so a test holds them against the schema's references.
        pub const REFERENCES: &[(Table, &str, Table)] = &[
            $((<$child as Object>::TABLE, stringify!($field), <$owner as Id>::TABLE),)*
        ];
    };
}

owns! {
    Organization.parent_organization_id -> OrganizationId,
    Program.organization_id -> OrganizationId,
    Service.organization_id -> OrganizationId,
    Service.program_id -> ProgramId,
    Attribute.taxonomy_term_id -> TaxonomyTermId,
    ServiceAtLocation.service_id -> ServiceId,
    ServiceAtLocation.location_id -> LocationId,
    Location.organization_id -> OrganizationId,
    Phone.location_id -> LocationId,
    Phone.service_id -> ServiceId,
    Phone.organization_id -> OrganizationId,
    Phone.contact_id -> ContactId,
    Phone.service_at_location_id -> ServiceAtLocationId,
    Contact.organization_id -> OrganizationId,
    Contact.service_id -> ServiceId,
    Contact.service_at_location_id -> ServiceAtLocationId,
    Contact.location_id -> LocationId,
    Address.location_id -> LocationId,
    Schedule.service_id -> ServiceId,
    Schedule.location_id -> LocationId,
    Schedule.service_at_location_id -> ServiceAtLocationId,
    Funding.organization_id -> OrganizationId,
    Funding.service_id -> ServiceId,
    ServiceArea.service_id -> ServiceId,
    RequiredDocument.service_id -> ServiceId,
    Language.service_id -> ServiceId,
    Language.location_id -> LocationId,
    Language.phone_id -> PhoneId,
    Accessibility.location_id -> LocationId,
    TaxonomyTerm.parent_id -> TaxonomyTermId,
    TaxonomyTerm.taxonomy_id -> TaxonomyId,
    CostOption.service_id -> ServiceId,
    OrganizationIdentifier.organization_id -> OrganizationId,
}

/// Whether a table-naming field (`link_entity`, `resource_type`) names `table`; a row that
/// leaves it out is kept, since nothing says it is about another table.
fn names_table(named: Option<&str>, table: Table) -> bool {
    named.is_none_or(|n| n.trim().eq_ignore_ascii_case(table.name()))
}

macro_rules! owns_by_name {
    ($child:ident . $field:ident named by |$c:ident| $named:expr; $($owner:ident),* $(,)?) => {
        $(
            impl Owns<$child> for $owner {
                const FIELD: &'static str = stringify!($field);
                fn is_about($c: &$child) -> bool {
                    names_table($named, <$owner as Id>::TABLE)
                }
            }
        )*
    };
}

// An attribute found by a taxonomy term's id is one that uses the term (`taxonomy_term_id`,
// above), so the term is the one table whose `link_id` rows are not read this way.
owns_by_name! {
    Attribute.link_id named by |c| c.link_entity.as_deref();
    OrganizationId, ProgramId, ServiceId, AttributeId, ServiceAtLocationId, LocationId, PhoneId,
    ContactId, AddressId, ScheduleId, FundingId, ServiceAreaId, RequiredDocumentId, LanguageId,
    AccessibilityId, MetadataId, MetaTableDescriptionId, CostOptionId,
    OrganizationIdentifierId, TaxonomyId, TranslationId,
}
owns_by_name! {
    Metadata.resource_id named by |c| c.resource_type.as_deref();
    OrganizationId, ProgramId, ServiceId, AttributeId, ServiceAtLocationId, LocationId, PhoneId,
    ContactId, AddressId, ScheduleId, FundingId, ServiceAreaId, RequiredDocumentId, LanguageId,
    AccessibilityId, TaxonomyTermId, MetadataId, MetaTableDescriptionId, CostOptionId,
    OrganizationIdentifierId, TaxonomyId, TranslationId,
}
owns_by_name! {
    Translation.resource_id named by |c| Some(c.resource_type.as_str());
    OrganizationId, ProgramId, ServiceId, AttributeId, ServiceAtLocationId, LocationId, PhoneId,
    ContactId, AddressId, ScheduleId, FundingId, ServiceAreaId, RequiredDocumentId, LanguageId,
    AccessibilityId, TaxonomyTermId, MetadataId, MetaTableDescriptionId, CostOptionId,
    OrganizationIdentifierId, TaxonomyId, TranslationId,
}
