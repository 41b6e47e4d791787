//! The bundled directory (hotlines, US hospitals, NYC victim services, New York anti-trafficking
//! leads, the haven and Open Eligibility taxonomies, the hotlines' Spanish), embedded in the binary and loaded into a new store.

use hsds::Table;

/// The shipped datapackage (`haven bundle build` writes it from data/sources), one CSV per table.
pub const FILES: &[(Table, &str)] = &[
    (
        Table::Accessibility,
        include_str!("../../../data/bundled/accessibility.csv"),
    ),
    (
        Table::Address,
        include_str!("../../../data/bundled/addresses.csv"),
    ),
    (
        Table::Attribute,
        include_str!("../../../data/bundled/attributes.csv"),
    ),
    (
        Table::Language,
        include_str!("../../../data/bundled/languages.csv"),
    ),
    (
        Table::Location,
        include_str!("../../../data/bundled/locations.csv"),
    ),
    (
        Table::Metadata,
        include_str!("../../../data/bundled/metadata.csv"),
    ),
    (
        Table::OrganizationIdentifier,
        include_str!("../../../data/bundled/organization_identifiers.csv"),
    ),
    (
        Table::Organization,
        include_str!("../../../data/bundled/organizations.csv"),
    ),
    (
        Table::Phone,
        include_str!("../../../data/bundled/phones.csv"),
    ),
    (
        Table::Schedule,
        include_str!("../../../data/bundled/schedules.csv"),
    ),
    (
        Table::ServiceArea,
        include_str!("../../../data/bundled/service_areas.csv"),
    ),
    (
        Table::ServiceAtLocation,
        include_str!("../../../data/bundled/service_at_location.csv"),
    ),
    (
        Table::Service,
        include_str!("../../../data/bundled/services.csv"),
    ),
    (
        Table::Taxonomy,
        include_str!("../../../data/bundled/taxonomies.csv"),
    ),
    (
        Table::TaxonomyTerm,
        include_str!("../../../data/bundled/taxonomy_terms.csv"),
    ),
    (
        Table::Translation,
        include_str!("../../../data/bundled/translations.csv"),
    ),
];

/// Import the bundled directory as one transaction (idempotent: a second load changes nothing).
pub fn load(st: &mut dyn store::Store) -> anyhow::Result<crate::pipeline::Report> {
    let mut feed = |sink: &mut dyn hsds::io::Sink| {
        for (table, text) in FILES {
            let name = format!("bundled/{}", table.file_name());
            if let Err(e) = hsds::io::read_csv_from(text.as_bytes(), *table, &name, sink) {
                sink.problem(hsds::Problem::file(
                    hsds::Origin::file(&name),
                    e.to_string(),
                ));
            }
        }
    };
    let report = crate::pipeline::run_feed(st, &mut feed, None, false, false)?;
    if report.has_errors() {
        crate::pipeline::print_problems(&report.problems, 20);
        anyhow::bail!("the bundled directory did not import; this is a bug in haven's build");
    }
    Ok(report)
}
