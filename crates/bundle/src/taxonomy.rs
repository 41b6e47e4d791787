//! haven's small taxonomy: the terms bundled services are tagged with (via HSDS `attribute` rows).

use crate::{id, record, s};
use hsds::{Directory, Origin, Table};

/// The taxonomy's name (HSDS `taxonomy.name`, and `taxonomy_term.taxonomy`).
pub const TAXONOMY_NAME: &str = "haven";

/// Every term: (code, name, description). Codes are stable; search filters use them.
pub const TERMS: &[(&str, &str, &str)] = &[
    ("hotline", "Hotline", "A phone, text or chat line people can reach directly."),
    ("trafficking", "Human trafficking", "Help for anyone affected by or worried about human trafficking or modern slavery."),
    ("domestic-violence", "Domestic violence", "Support and safety planning for people experiencing abuse at home or by a partner."),
    ("crisis", "Crisis support", "Immediate emotional or crisis support."),
    ("emergency", "Emergency services", "Emergency response for immediate danger to life."),
    ("hospital", "Hospital", "A hospital."),
    ("emergency-department", "Emergency department", "The hospital reports an emergency department (CMS Hospital General Information: Emergency Services = Yes)."),
    ("no-emergency-department", "No emergency department", "The hospital reports no emergency department (CMS Hospital General Information: Emergency Services = No)."),
];

/// Id of the haven taxonomy record.
pub fn taxonomy_id() -> String {
    id("taxonomy:haven")
}

/// Id of the term with this code (whether or not it is in [`TERMS`]).
pub fn term_id(code: &str) -> String {
    id(&format!("taxonomy:haven/term:{code}"))
}

fn origin() -> Origin {
    Origin::file("crates/bundle/src/taxonomy.rs")
}

/// Push the taxonomy and its terms.
pub(crate) fn push(dir: &mut Directory) {
    dir.push(
        Table::Taxonomy,
        record([
            ("id", s(taxonomy_id())),
            ("name", s(TAXONOMY_NAME)),
            (
                "description",
                s("haven's service taxonomy for bundled listings: what a service is for, and whether a hospital has an emergency department."),
            ),
            ("version", s("1")),
        ]),
        origin(),
    );
    for (code, name, description) in TERMS {
        dir.push(
            Table::TaxonomyTerm,
            record([
                ("id", s(term_id(code))),
                ("code", s(*code)),
                ("name", s(*name)),
                ("description", s(*description)),
                ("taxonomy", s(TAXONOMY_NAME)),
                ("language", s("en")),
                ("taxonomy_id", s(taxonomy_id())),
            ]),
            origin(),
        );
    }
}

/// Tag a record with a term (an `attribute` row); returns the attribute's id.
pub(crate) fn tag(
    dir: &mut Directory,
    entity: Table,
    link_id: &str,
    code: &str,
    origin: Origin,
) -> String {
    let attr_id = id(&format!("attribute:{entity}:{link_id}:{code}"));
    dir.push(
        Table::Attribute,
        record([
            ("id", s(attr_id.clone())),
            ("link_id", s(link_id)),
            ("taxonomy_term_id", s(term_id(code))),
            ("link_entity", s(entity.name())),
        ]),
        origin,
    );
    attr_id
}
