//! Network and grant evidence (`orgs/affiliation-evidence.csv`) -> an `attribute` on each bundled
//! organization whose name matches (`network-member` or `federal-grant`, `value` = the words to
//! show), with its own metadata row (source URLs and date). Unmatched rows are reported.

use crate::hours::collapse;
use crate::leads::norm_name;
use crate::source::{Row, Sheet};
use crate::taxonomy::{self, Tag};
use crate::{attribute_to, date_of, id, Attribution, BundleError, ConvertReport, Finding};
use crate::{ACTION_SOURCE_SEEN, EVIDENCE_FILE};
use hsds::model::{Organization, OrganizationId};
use hsds::vocab::term;
use hsds::{Directory, Table};
use std::collections::BTreeMap;
use std::path::Path;

const COLUMNS: &[&str] = &[
    "name",
    "description",
    "source_url",
    "source_date",
    "evidence_type",
    "seen_date",
];

/// The term and words of an evidence row, or None for a type haven does not show.
pub fn shown(evidence_type: &str, description: &str, date: &str) -> Option<(&'static str, String)> {
    let t = evidence_type.trim();
    Some(match t {
        "NYATN member" => (
            term::NETWORK_MEMBER,
            format!("Listed as a member of the New York Anti-Trafficking Network ({date})"),
        ),
        "Freedom Network USA member" => (
            term::NETWORK_MEMBER,
            format!("Listed as a member of Freedom Network USA ({date})"),
        ),
        "Freedom Network USA (policy co-chair on staff)" => (
            term::NETWORK_MEMBER,
            format!("Staff member listed as Freedom Network USA policy co-chair ({date})"),
        ),
        "Coalition listing" => (
            term::NETWORK_MEMBER,
            format!("Listed by an anti-trafficking coalition: {description} ({date})"),
        ),
        _ if t.contains("grant") || t.contains("CFDA") => (
            term::FEDERAL_GRANT,
            format!("Named as recipient of a federal anti-trafficking grant ({t}): {description} ({date})"),
        ),
        _ => return None,
    })
}

/// Every name an organization can be matched by: its name, its alternate names, and the part
/// of either before " - ".
fn names_of(org: &Organization) -> Vec<String> {
    let alternate = org.alternate_name.as_deref().unwrap_or("");
    let mut out = Vec::new();
    for n in std::iter::once(org.name.as_str()).chain(alternate.split(';')) {
        let n = n.trim().trim_start_matches("formerly ");
        let n = n.split(" (").next().unwrap_or(n);
        for v in [n, n.split(" - ").next().unwrap_or(n)] {
            let v = norm_name(v);
            if !v.is_empty() && !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// The names an evidence row can be matched by: as given, without a parenthesis, and `(now X)`.
fn evidence_names(name: &str) -> Vec<String> {
    let mut out = vec![norm_name(name)];
    if let Some((head, _)) = name.split_once(" - ") {
        out.push(norm_name(head));
    }
    if let Some((head, paren)) = name.split_once(" (") {
        out.push(norm_name(head));
        if let Some(now) = paren.trim_end_matches(')').strip_prefix("now ") {
            out.push(norm_name(now));
        }
    }
    out
}

pub(crate) fn convert(
    sources: &Path,
    dir: &mut Directory,
    report: &mut ConvertReport,
    aliases: &[(String, OrganizationId)],
) -> Result<(), BundleError> {
    let sheet = Sheet::read(sources, EVIDENCE_FILE, COLUMNS)?;
    let mut by_name: BTreeMap<String, Vec<OrganizationId>> = BTreeMap::new();
    for (alias, oid) in aliases {
        by_name.entry(alias.clone()).or_default().push(*oid);
    }
    let orgs = dir
        .records(Table::Organization)
        .map(hsds::from_record)
        .collect::<Result<Vec<Organization>, _>>()?;
    for org in &orgs {
        for n in names_of(org) {
            let ids = by_name.entry(n).or_default();
            if !ids.contains(&org.id) {
                ids.push(org.id);
            }
        }
    }
    for row in sheet.rows() {
        one(dir, report, &row, &by_name, &orgs)?;
    }
    Ok(())
}

fn one(
    dir: &mut Directory,
    report: &mut ConvertReport,
    row: &Row<'_>,
    by_name: &BTreeMap<String, Vec<OrganizationId>>,
    orgs_by_id: &[Organization],
) -> Result<(), BundleError> {
    let name = collapse(row.get("name"));
    let mut finding = |what: String| {
        report.findings.push(Finding {
            file: EVIDENCE_FILE.into(),
            row: row.number,
            field: "name".into(),
            what,
        })
    };
    let hit = evidence_names(&name)
        .into_iter()
        .find_map(|n| by_name.get(&n).cloned());
    let orgs = match hit {
        Some(ids) if ids.len() == 1 => ids,
        Some(ids) => {
            report.evidence_unmatched += 1;
            finding(format!(
                "'{name}' matches {} bundled organizations; not attached",
                ids.len()
            ));
            return Ok(());
        }
        None => {
            report.evidence_unmatched += 1;
            finding(format!(
                "'{name}' matches no bundled organization; not attached"
            ));
            return Ok(());
        }
    };
    let date = collapse(row.get("source_date"));
    let Some((code, mut words)) = shown(
        row.get("evidence_type"),
        &collapse(row.get("description")),
        &date,
    ) else {
        report.evidence_unmatched += 1;
        finding(format!(
            "evidence type '{}' is neither network membership nor a grant; not attached",
            row.get("evidence_type")
        ));
        return Ok(());
    };
    let seen = date_of(row.get("seen_date")).ok_or_else(|| {
        row.bad(
            "seen_date",
            format!("'{}' is not a YYYY-MM-DD date", row.get("seen_date")),
        )
    })?;
    let urls = collapse(row.get("source_url"));
    if urls.is_empty() {
        return Err(row.bad("source_url", "empty: evidence needs its source"));
    }
    let org_id = orgs[0];
    let org_name = orgs_by_id
        .iter()
        .find(|o| o.id == org_id)
        .map_or("", |o| o.name.as_str());
    if norm_name(org_name) != norm_name(&name) {
        words.push_str(&format!(" (listed as \"{name}\")"));
    }
    let mut tag = Tag::haven(code);
    tag.key = format!(
        "evidence:{}",
        id(&format!("{name}|{}|{urls}", row.get("evidence_type")))
    );
    tag.value = Some(words);
    let attr = taxonomy::tag_with(dir, org_id, &tag, row.origin())?;
    let shown = format!("{urls} (source date: {date})");
    let who = Attribution {
        date: &seen,
        shown: &shown,
        file: EVIDENCE_FILE,
        action: ACTION_SOURCE_SEEN,
    };
    attribute_to(dir, attr, crate::ALL_FIELDS, &who, row.origin())?;
    report.evidence_matched += 1;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_words_say_what_it_is() {
        assert_eq!(
            shown("NYATN member", "", "2013-2014"),
            Some((
                term::NETWORK_MEMBER,
                "Listed as a member of the New York Anti-Trafficking Network (2013-2014)".into()
            ))
        );
        assert_eq!(
            shown("DOJ OVC grant", "$1", "FY2016").map(|s| s.0),
            Some(term::FEDERAL_GRANT)
        );
        assert_eq!(shown("NYS designation (as reported)", "", ""), None);
    }

    #[test]
    fn evidence_names_include_the_new_name() {
        assert!(
            evidence_names("New York Asian Women's Center (now Womankind)")
                .contains(&"womankind".to_string())
        );
    }
}
