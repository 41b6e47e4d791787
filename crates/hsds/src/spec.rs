//! The official HSDS 3.0 schemas, embedded and read once, so every rule comes from the standard's own files.

use crate::Table;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The official Frictionless descriptor (CSV column order and datapackage field types).
pub const DATAPACKAGE_JSON: &str = include_str!("../spec/v3.0/datapackage.json");

/// haven's datapackage resource for its `translation` table (`translations.csv`), written in
/// the official descriptor's style so an export stays one valid tabular data package.
pub const TRANSLATION_RESOURCE_JSON: &str = include_str!("../spec/haven/translation.resource.json");

fn schema_source(table: Table) -> &'static str {
    match table {
        Table::Organization => include_str!("../spec/v3.0/schema/organization.json"),
        Table::Program => include_str!("../spec/v3.0/schema/program.json"),
        Table::Service => include_str!("../spec/v3.0/schema/service.json"),
        Table::Attribute => include_str!("../spec/v3.0/schema/attribute.json"),
        Table::ServiceAtLocation => include_str!("../spec/v3.0/schema/service_at_location.json"),
        Table::Location => include_str!("../spec/v3.0/schema/location.json"),
        Table::Phone => include_str!("../spec/v3.0/schema/phone.json"),
        Table::Contact => include_str!("../spec/v3.0/schema/contact.json"),
        Table::Address => include_str!("../spec/v3.0/schema/address.json"),
        Table::Schedule => include_str!("../spec/v3.0/schema/schedule.json"),
        Table::Funding => include_str!("../spec/v3.0/schema/funding.json"),
        Table::ServiceArea => include_str!("../spec/v3.0/schema/service_area.json"),
        Table::RequiredDocument => include_str!("../spec/v3.0/schema/required_document.json"),
        Table::Language => include_str!("../spec/v3.0/schema/language.json"),
        Table::Accessibility => include_str!("../spec/v3.0/schema/accessibility.json"),
        Table::TaxonomyTerm => include_str!("../spec/v3.0/schema/taxonomy_term.json"),
        Table::Metadata => include_str!("../spec/v3.0/schema/metadata.json"),
        Table::MetaTableDescription => {
            include_str!("../spec/v3.0/schema/meta_table_description.json")
        }
        Table::CostOption => include_str!("../spec/v3.0/schema/cost_option.json"),
        Table::OrganizationIdentifier => {
            include_str!("../spec/v3.0/schema/organization_identifier.json")
        }
        Table::Taxonomy => include_str!("../spec/v3.0/schema/taxonomy.json"),
        Table::Translation => include_str!("../spec/haven/translation.json"),
    }
}

/// The official JSON Schema of one object, as shipped (for validators and docs); for
/// `translation`, haven's own schema in the same style.
pub fn json_schema(table: Table) -> &'static str {
    schema_source(table)
}

/// What a scalar field holds, merging the JSON Schema type with the datapackage's finer type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A UUID (RFC 4122 text form).
    Uuid,
    /// An e-mail address.
    Email,
    /// An absolute URI.
    Uri,
    /// A JSON number (CSV: a decimal number).
    Number,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A time of day, `HH:MM` or `HH:MM:SS`, optionally with a UTC offset.
    Time,
    /// An RFC 3339 date-time.
    DateTime,
}

/// One scalar (tabular) field of a table.
#[derive(Debug, Clone)]
pub struct Field {
    /// Field name, as in the schema and the CSV header.
    pub name: String,
    /// What the value must look like.
    pub kind: Kind,
    /// Allowed values, when the schema lists them.
    pub allowed: Option<Vec<String>>,
    /// Required in every form (JSON `required`).
    pub required: bool,
    /// Required in the tabular form only (HSDS `tabular_required`, e.g. a service's organization_id).
    pub tabular_required: bool,
}

/// A property of the nested ("full") JSON form that holds other objects.
#[derive(Debug, Clone)]
pub struct Nested {
    /// Property name, e.g. `phones`.
    pub name: String,
    /// The table of the nested objects.
    pub table: Table,
    /// An array (`phones`) rather than a single object (`organization`).
    pub many: bool,
}

/// How much a reference matters when it does not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// The record means nothing without it (a service's organization): unresolved is an error.
    Required,
    /// One of a child row's owners: at least one owner reference of the row must resolve.
    Owner,
    /// Helpful but optional (a parent organization): unresolved is a warning.
    Optional,
}

/// Where a reference field points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Always the same table.
    Table(Table),
    /// The table named by another field of the same row (attribute `link_entity`, metadata `resource_type`).
    NamedBy(&'static str),
}

/// A reference from one field to another record's id.
#[derive(Debug, Clone, Copy)]
pub struct Reference {
    /// The field holding the id.
    pub field: &'static str,
    /// The table it points into.
    pub target: Target,
    /// What happens when it does not resolve.
    pub kind: RefKind,
}

/// Everything haven knows about one table.
#[derive(Debug, Clone)]
pub struct TableSpec {
    /// Which table.
    pub table: Table,
    /// Scalar fields in official CSV column order.
    pub fields: Vec<Field>,
    /// Nested object properties of the full JSON form.
    pub nested: Vec<Nested>,
    /// References to other records.
    pub references: Vec<Reference>,
    by_name: BTreeMap<String, usize>,
}

impl TableSpec {
    /// The scalar field with this name, if the schema has it.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.by_name.get(name).map(|&i| &self.fields[i])
    }

    /// The nested property with this name, if the schema has it.
    pub fn nested(&self, name: &str) -> Option<&Nested> {
        self.nested.iter().find(|n| n.name == name)
    }

    /// Names of the scalar fields in CSV order.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.name.as_str())
    }
}

fn references(table: Table) -> Vec<Reference> {
    use RefKind::*;
    use Table as T;
    let r = |field, t, kind| Reference {
        field,
        target: Target::Table(t),
        kind,
    };
    match table {
        T::Organization => vec![r("parent_organization_id", T::Organization, Optional)],
        T::Program => vec![r("organization_id", T::Organization, Owner)],
        T::Service => vec![
            r("organization_id", T::Organization, Required),
            r("program_id", T::Program, Optional),
        ],
        T::Attribute => vec![
            Reference {
                field: "link_id",
                target: Target::NamedBy("link_entity"),
                kind: Optional,
            },
            r("taxonomy_term_id", T::TaxonomyTerm, Optional),
        ],
        T::ServiceAtLocation => vec![
            r("service_id", T::Service, Required),
            r("location_id", T::Location, Required),
        ],
        T::Location => vec![r("organization_id", T::Organization, Optional)],
        T::Phone => vec![
            r("location_id", T::Location, Owner),
            r("service_id", T::Service, Owner),
            r("organization_id", T::Organization, Owner),
            r("contact_id", T::Contact, Owner),
            r("service_at_location_id", T::ServiceAtLocation, Owner),
        ],
        T::Contact => vec![
            r("organization_id", T::Organization, Owner),
            r("service_id", T::Service, Owner),
            r("service_at_location_id", T::ServiceAtLocation, Owner),
            r("location_id", T::Location, Owner),
        ],
        T::Address => vec![r("location_id", T::Location, Owner)],
        T::Schedule => vec![
            r("service_id", T::Service, Owner),
            r("location_id", T::Location, Owner),
            r("service_at_location_id", T::ServiceAtLocation, Owner),
        ],
        T::Funding => vec![
            r("organization_id", T::Organization, Owner),
            r("service_id", T::Service, Owner),
        ],
        T::ServiceArea => vec![r("service_id", T::Service, Owner)],
        T::RequiredDocument => vec![r("service_id", T::Service, Owner)],
        T::Language => vec![
            r("service_id", T::Service, Owner),
            r("location_id", T::Location, Owner),
            r("phone_id", T::Phone, Owner),
        ],
        T::Accessibility => vec![r("location_id", T::Location, Owner)],
        T::TaxonomyTerm => vec![
            r("parent_id", T::TaxonomyTerm, Optional),
            r("taxonomy_id", T::Taxonomy, Optional),
        ],
        T::Metadata => vec![Reference {
            field: "resource_id",
            target: Target::NamedBy("resource_type"),
            kind: Optional,
        }],
        T::MetaTableDescription => vec![],
        T::CostOption => vec![r("service_id", T::Service, Owner)],
        T::OrganizationIdentifier => vec![r("organization_id", T::Organization, Owner)],
        T::Taxonomy => vec![],
        T::Translation => vec![Reference {
            field: "resource_id",
            target: Target::NamedBy("resource_type"),
            kind: Required,
        }],
    }
}

fn ref_target(v: &Value) -> Option<(Table, bool)> {
    let r = v.get("$ref").map(|r| (r, false)).or_else(|| {
        v.get("items")
            .and_then(|i| i.get("$ref"))
            .map(|r| (r, true))
    })?;
    let name = r.0.as_str()?.trim_end_matches(".json");
    Table::lookup(name).map(|t| (t, r.1))
}

fn build(table: Table, datapackage: &Value) -> TableSpec {
    // Both sources are compiled into the binary and checked by the tests below, so a
    // malformed file is a build defect, not user input.
    let schema: Value = serde_json::from_str(schema_source(table)).expect("embedded HSDS schema");
    let props = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let tabular_required: Vec<&str> = schema["tabular_required"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let resource = datapackage["resources"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["name"] == table.name()));
    let mut dp_types: Vec<(String, String)> = Vec::new();
    if let Some(res) = resource {
        for f in res["schema"]["fields"].as_array().into_iter().flatten() {
            dp_types.push((
                f["name"].as_str().unwrap_or_default().to_string(),
                f["type"].as_str().unwrap_or("string").to_string(),
            ));
        }
    }
    let mut fields = Vec::new();
    // The compiled API schemas nest two relations the modular ones do not declare.
    let mut nested = match table {
        Table::Organization => vec![Nested {
            name: "services".into(),
            table: Table::Service,
            many: true,
        }],
        Table::ServiceAtLocation => vec![Nested {
            name: "service".into(),
            table: Table::Service,
            many: false,
        }],
        _ => Vec::new(),
    };
    // Scalar fields in datapackage (CSV) order, then any scalar the JSON schema adds.
    let mut order: Vec<String> = dp_types.iter().map(|(n, _)| n.clone()).collect();
    for (k, v) in &props {
        if ref_target(v).is_none() && !order.contains(k) {
            order.push(k.clone());
        }
    }
    for (k, v) in &props {
        if let Some((t, many)) = ref_target(v) {
            nested.push(Nested {
                name: k.clone(),
                table: t,
                many,
            });
        }
    }
    for name in order {
        let Some(p) = props.get(&name) else { continue };
        let dp_type = dp_types
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.as_str())
            .unwrap_or("string");
        let kind = match (p["type"].as_str(), p["format"].as_str(), dp_type) {
            (_, _, "date") => Kind::Date,
            (_, _, "time") => Kind::Time,
            (_, Some("date-time"), _) | (_, _, "datetime") => Kind::DateTime,
            (Some("number"), _, _) | (_, _, "number") => Kind::Number,
            (_, Some("uuid"), _) => Kind::Uuid,
            (_, Some("email"), _) => Kind::Email,
            (_, Some("uri"), _) => Kind::Uri,
            _ => Kind::Text,
        };
        let allowed = p["enum"].as_array().map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        });
        fields.push(Field {
            required: required.contains(&name.as_str()),
            tabular_required: tabular_required.contains(&name.as_str()),
            name,
            kind,
            allowed,
        });
    }
    let by_name = fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.clone(), i))
        .collect();
    TableSpec {
        table,
        fields,
        nested,
        references: references(table),
        by_name,
    }
}

/// The spec of one table, built once from the embedded official files.
pub fn spec(table: Table) -> &'static TableSpec {
    static SPECS: OnceLock<Vec<TableSpec>> = OnceLock::new();
    let specs = SPECS.get_or_init(|| {
        let dp: Value = serde_json::from_str(DATAPACKAGE_JSON).expect("embedded datapackage.json");
        let haven: Value =
            serde_json::from_str(TRANSLATION_RESOURCE_JSON).expect("embedded translation resource");
        let haven = serde_json::json!({ "resources": [haven] });
        Table::ALL
            .iter()
            .map(|&t| build(t, if t.is_hsds() { &dp } else { &haven }))
            .collect()
    });
    &specs[Table::ALL.iter().position(|&t| t == table).unwrap_or(0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_fields_in_datapackage_order() {
        let mut dp: Value = serde_json::from_str(DATAPACKAGE_JSON).unwrap();
        let haven: Value = serde_json::from_str(TRANSLATION_RESOURCE_JSON).unwrap();
        dp["resources"].as_array_mut().unwrap().push(haven);
        for t in Table::ALL {
            let s = spec(t);
            assert_eq!(s.table, t);
            let res = dp["resources"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == t.name())
                .unwrap_or_else(|| panic!("{t} missing from datapackage"));
            assert_eq!(res["path"], t.file_name());
            let dp_names: Vec<&str> = res["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            let ours: Vec<&str> = s.field_names().collect();
            assert_eq!(ours, dp_names, "{t}");
            assert!(s.field("id").unwrap().kind == Kind::Uuid);
        }
    }

    #[test]
    fn kinds_enums_and_requirements_come_from_the_schema() {
        let svc = spec(Table::Service);
        assert_eq!(
            svc.field("status").unwrap().allowed.as_ref().unwrap().len(),
            4
        );
        assert!(svc.field("name").unwrap().required);
        assert!(svc.field("organization_id").unwrap().tabular_required);
        assert_eq!(svc.field("email").unwrap().kind, Kind::Email);
        assert_eq!(svc.field("last_modified").unwrap().kind, Kind::DateTime);
        assert_eq!(svc.field("assured_date").unwrap().kind, Kind::Date);
        assert_eq!(svc.field("minimum_age").unwrap().kind, Kind::Number);
        assert_eq!(
            spec(Table::Schedule).field("opens_at").unwrap().kind,
            Kind::Time
        );
        let phones = svc.nested("phones").unwrap();
        assert_eq!(phones.table, Table::Phone);
        assert!(phones.many);
        let org = svc.nested("organization").unwrap();
        assert!(!org.many);
        assert_eq!(org.table, Table::Organization);
    }
}
