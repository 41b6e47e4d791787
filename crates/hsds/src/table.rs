//! The 21 tables (objects) of HSDS 3.0, and haven's one extension table (`translation`).

use std::fmt;
use std::str::FromStr;

/// One HSDS 3.0 object type; the enum order is the official datapackage order, parents first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    Organization,
    Program,
    Service,
    Attribute,
    ServiceAtLocation,
    Location,
    Phone,
    Contact,
    Address,
    Schedule,
    Funding,
    ServiceArea,
    RequiredDocument,
    Language,
    Accessibility,
    TaxonomyTerm,
    Metadata,
    MetaTableDescription,
    CostOption,
    OrganizationIdentifier,
    Taxonomy,
    /// haven's extension (not HSDS 3.0): a field of another record in another language. See
    /// `hsds::translation`.
    Translation,
}

impl Table {
    /// The 21 official HSDS 3.0 tables, in the official datapackage order.
    pub const HSDS: [Table; 21] = [
        Table::Organization,
        Table::Program,
        Table::Service,
        Table::Attribute,
        Table::ServiceAtLocation,
        Table::Location,
        Table::Phone,
        Table::Contact,
        Table::Address,
        Table::Schedule,
        Table::Funding,
        Table::ServiceArea,
        Table::RequiredDocument,
        Table::Language,
        Table::Accessibility,
        Table::TaxonomyTerm,
        Table::Metadata,
        Table::MetaTableDescription,
        Table::CostOption,
        Table::OrganizationIdentifier,
        Table::Taxonomy,
    ];

    /// Every table haven stores, reads and writes: the 21 of HSDS 3.0, then `translation`. A
    /// store keeps a table's position here, so new tables only ever go at the end.
    pub const ALL: [Table; 22] = {
        let mut all = [Table::Translation; 22];
        let mut i = 0;
        while i < Table::HSDS.len() {
            all[i] = Table::HSDS[i];
            i += 1;
        }
        all
    };

    /// Every table, each after the tables it refers to (organization, then service, location,
    /// service_at_location, contact, phone...), so readers meet most references already resolved.
    pub const DEPENDENCY_ORDER: [Table; 22] = [
        Table::Organization,
        Table::Program,
        Table::Service,
        Table::Location,
        Table::ServiceAtLocation,
        Table::Contact,
        Table::Phone,
        Table::Schedule,
        Table::Language,
        Table::Address,
        Table::Accessibility,
        Table::Funding,
        Table::ServiceArea,
        Table::RequiredDocument,
        Table::CostOption,
        Table::OrganizationIdentifier,
        Table::Taxonomy,
        Table::TaxonomyTerm,
        Table::Attribute,
        Table::Metadata,
        Table::MetaTableDescription,
        Table::Translation,
    ];

    /// Position in [`Table::DEPENDENCY_ORDER`].
    pub fn dependency_rank(self) -> usize {
        Table::DEPENDENCY_ORDER
            .iter()
            .position(|&t| t == self)
            .unwrap_or(usize::MAX)
    }

    /// The singular object name used by the schemas and the datapackage resources.
    pub fn name(self) -> &'static str {
        match self {
            Table::Organization => "organization",
            Table::Program => "program",
            Table::Service => "service",
            Table::Attribute => "attribute",
            Table::ServiceAtLocation => "service_at_location",
            Table::Location => "location",
            Table::Phone => "phone",
            Table::Contact => "contact",
            Table::Address => "address",
            Table::Schedule => "schedule",
            Table::Funding => "funding",
            Table::ServiceArea => "service_area",
            Table::RequiredDocument => "required_document",
            Table::Language => "language",
            Table::Accessibility => "accessibility",
            Table::TaxonomyTerm => "taxonomy_term",
            Table::Metadata => "metadata",
            Table::MetaTableDescription => "meta_table_description",
            Table::CostOption => "cost_option",
            Table::OrganizationIdentifier => "organization_identifier",
            Table::Taxonomy => "taxonomy",
            Table::Translation => "translation",
        }
    }

    /// The official CSV file name of the table in a datapackage.
    pub fn file_name(self) -> &'static str {
        match self {
            Table::Organization => "organizations.csv",
            Table::Program => "programs.csv",
            Table::Service => "services.csv",
            Table::Attribute => "attributes.csv",
            Table::ServiceAtLocation => "service_at_location.csv",
            Table::Location => "locations.csv",
            Table::Phone => "phones.csv",
            Table::Contact => "contacts.csv",
            Table::Address => "addresses.csv",
            Table::Schedule => "schedules.csv",
            Table::Funding => "funding.csv",
            Table::ServiceArea => "service_areas.csv",
            Table::RequiredDocument => "required_documents.csv",
            Table::Language => "languages.csv",
            Table::Accessibility => "accessibility.csv",
            Table::TaxonomyTerm => "taxonomy_terms.csv",
            Table::Metadata => "metadata.csv",
            Table::MetaTableDescription => "meta_table_descriptions.csv",
            Table::CostOption => "cost_options.csv",
            Table::OrganizationIdentifier => "organization_identifiers.csv",
            Table::Taxonomy => "taxonomies.csv",
            Table::Translation => "translations.csv",
        }
    }

    /// Whether this is one of the official HSDS 3.0 tables (not a haven extension).
    pub fn is_hsds(self) -> bool {
        self != Table::Translation
    }

    /// Find a table by its singular name, its CSV file name, or the file name without `.csv`.
    pub fn lookup(s: &str) -> Option<Table> {
        let s = s.trim();
        Table::ALL.into_iter().find(|t| {
            t.name() == s || t.file_name() == s || t.file_name().strip_suffix(".csv") == Some(s)
        })
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name given is not one of the 21 HSDS 3.0 tables (nor haven's `translation`).
#[derive(Debug, thiserror::Error)]
#[error("'{0}' is not an HSDS 3.0 table")]
pub struct UnknownTable(pub String);

impl FromStr for Table {
    type Err = UnknownTable;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Table::lookup(s).ok_or_else(|| UnknownTable(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_order_has_every_table_once_and_parents_first() {
        let mut sorted = Table::DEPENDENCY_ORDER;
        sorted.sort();
        assert_eq!(sorted, Table::ALL);
        for t in Table::ALL {
            for r in &crate::spec(t).references {
                if let crate::Target::Table(target) = r.target {
                    let self_ref = target == t;
                    // phone -> contact -> ... and language -> phone: every fixed target comes first.
                    assert!(
                        self_ref || target.dependency_rank() < t.dependency_rank(),
                        "{t}.{} -> {target}",
                        r.field
                    );
                }
            }
        }
    }

    #[test]
    fn names_and_files_round_trip() {
        for t in Table::ALL {
            assert_eq!(Table::lookup(t.name()), Some(t));
            assert_eq!(Table::lookup(t.file_name()), Some(t));
        }
        assert!("nope".parse::<Table>().is_err());
    }
}
