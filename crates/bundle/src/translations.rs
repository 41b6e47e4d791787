//! `hotline-translations-es.csv` -> `translation` records (haven's extension table, see
//! `hsds::translation`): the Spanish of each bundled hotline's description, texting
//! instructions, consent note, hours, languages and area names.
//!
//! Each row names a hotline (`name`, as in `hotlines.csv`), what it translates (`column`: a
//! `hotlines.csv` column, or `language:<Name>` for one of its language rows), the English it
//! translates (`en`: the text as bundled, checked here so a changed source cannot keep a stale
//! translation) and the Spanish (`es`).

use crate::source::{Row, Sheet};
use crate::{any_id_of, id_of, put, BundleError};
use hsds::model::Translation;
use hsds::{Directory, Table};
use std::collections::BTreeSet;
use std::path::Path;

/// Path of the Spanish hotline translations inside the sources directory.
pub const HOTLINE_TRANSLATIONS_ES_FILE: &str = "hotline-translations-es.csv";

/// The language of that file's `es` column.
const LANGUAGE: &str = "es";

/// What a `column` translates: (table, key suffix of the record under `hotline:<name>/`, field).
fn targets(column: &str) -> Option<Vec<(Table, String, &'static str)>> {
    let one = |t: Table, key: &str, field: &'static str| vec![(t, key.to_string(), field)];
    Some(match column {
        // The purpose is both the organization's and the service's description.
        "purpose" => vec![
            (Table::Service, "service".into(), "description"),
            (Table::Organization, "organization".into(), "description"),
        ],
        "text" => one(Table::Phone, "phone/text/0", "description"),
        "languages" => one(Table::Service, "service", "interpretation_services"),
        "hours" => one(Table::Schedule, "schedule", "description"),
        "consent_note" => one(Table::Service, "service", "application_process"),
        "region" => one(Table::ServiceArea, "service_area", "name"),
        other => {
            let name = other.strip_prefix("language:")?.trim();
            if name.is_empty() {
                return None;
            }
            one(Table::Language, &format!("language/{name}"), "name")
        }
    })
}

/// Convert every row; returns the number of translation records made.
pub(crate) fn convert(sources: &Path, dir: &mut Directory) -> Result<usize, BundleError> {
    let sheet = Sheet::read(
        sources,
        HOTLINE_TRANSLATIONS_ES_FILE,
        &["name", "column", "en", "es"],
    )?;
    let mut seen = BTreeSet::new();
    let mut made = Vec::new();
    for row in sheet.rows() {
        made.extend(translate(dir, &row, &mut seen)?);
    }
    let n = made.len();
    for (t, origin) in made {
        put(dir, &t, origin)?;
    }
    Ok(n)
}

fn translate(
    dir: &Directory,
    row: &Row<'_>,
    seen: &mut BTreeSet<(String, String)>,
) -> Result<Vec<(Translation, hsds::Origin)>, BundleError> {
    let name = row
        .present("name")
        .ok_or_else(|| row.bad("name", "empty"))?;
    let column = row.get("column");
    let targets = targets(column).ok_or_else(|| {
        row.bad(
            "column",
            format!("'{column}' is not one of purpose, text, languages, hours, consent_note, region, language:<Name>"),
        )
    })?;
    if !seen.insert((name.to_string(), column.to_string())) {
        return Err(row.bad("column", format!("{name}: '{column}' is translated twice")));
    }
    let en = row.get("en");
    let es = row
        .present("es")
        .ok_or_else(|| row.bad("es", "empty: write the Spanish or leave the row out"))?;
    let mut out = Vec::new();
    for (table, key, field) in targets {
        let rid = any_id_of(&format!("hotline:{name}/{key}"));
        let target = dir
            .records(table)
            .find(|r| hsds::record_id(r) == Some(rid.as_str()))
            .ok_or_else(|| {
                row.bad(
                    "name",
                    format!("no bundled hotline '{name}' has a {table} for '{column}'"),
                )
            })?;
        let bundled = target
            .get(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        if bundled != en {
            return Err(row.bad(
                "en",
                format!("'{en}' is not the bundled English of {name} {table}.{field} ('{bundled}'); translate the new text"),
            ));
        }
        let translation = Translation {
            id: id_of(&format!("translation:{table}:{rid}:{field}:{LANGUAGE}")),
            resource_type: table.name().to_string(),
            resource_id: rid,
            field_name: field.to_string(),
            language: LANGUAGE.to_string(),
            value: es.to_string(),
            ..Translation::default()
        };
        out.push((translation, row.origin()));
    }
    Ok(out)
}
