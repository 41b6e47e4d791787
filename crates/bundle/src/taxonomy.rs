//! The two taxonomies bundled listings are tagged with (via HSDS `attribute` rows): haven's own
//! terms (situations served, populations, listing marks, service types) and the Open Eligibility
//! human services taxonomy (`data/sources/taxonomy/open-eligibility/oe.json`, CC BY-SA 3.0).

use crate::{id, record, s, BundleError};
/// The link types and the taxonomy's name, defined once in `hsds::vocab`.
pub use hsds::vocab::{LINK_AUDIENCE, LINK_ELIGIBILITY, TAXONOMY_NAME};
use hsds::{Directory, Origin, Table};
use serde_json::Value;
use std::path::Path;

/// Name of the bundled Open Eligibility taxonomy.
pub const OE_NAME: &str = "Open Eligibility";
/// Path of the Open Eligibility file inside the sources directory.
pub const OE_FILE: &str = "taxonomy/open-eligibility/oe.json";
/// The licence statement Open Eligibility's publisher asks for, carried in the taxonomy record.
pub const OE_ATTRIBUTION: &str = "The Open Eligibility Human Services Taxonomy by Aunt Bertha, Inc. is licensed under a Creative Commons Attribution-ShareAlike 3.0 Unported License (CC BY-SA 3.0, https://creativecommons.org/licenses/by-sa/3.0/).";
/// Where Open Eligibility was taken from (the Ohana API's copy).
pub const OE_URI: &str = "https://github.com/codeforamerica/ohana-api/blob/030acc8600f6ecb45d1c0ba7bfdff86f352dcb89/data/oe.json";


/// Every haven term (defined once, in `hsds::vocab`).
pub use hsds::vocab::TERMS;

/// Id of the haven taxonomy record.
pub fn taxonomy_id() -> String {
    id("taxonomy:haven")
}

/// Id of the haven term with this code (whether or not it is in [`TERMS`]).
pub fn term_id(code: &str) -> String {
    id(&format!("taxonomy:haven/term:{code}"))
}

/// Id of the Open Eligibility taxonomy record.
pub fn oe_taxonomy_id() -> String {
    id("taxonomy:open-eligibility")
}

/// Id of the Open Eligibility term with this `@id` (e.g. `101-04`).
pub fn oe_term_id(code: &str) -> String {
    id(&format!("taxonomy:open-eligibility/term:{code}"))
}

fn origin() -> Origin {
    Origin::file("crates/bundle/src/taxonomy.rs")
}

/// Push haven's taxonomy and its terms.
pub(crate) fn push(dir: &mut Directory) {
    dir.push(
        Table::Taxonomy,
        record([
            ("id", s(taxonomy_id())),
            ("name", s(TAXONOMY_NAME)),
            (
                "description",
                s("haven's own terms for bundled listings: the situations a service is for (trafficking, domestic violence...), the populations it serves, what it does, marks on a listing (confidential address, network membership, grants) and hospital kinds."),
            ),
            ("version", s("2")),
        ]),
        origin(),
    );
    for (code, name, description, parent) in TERMS {
        let parent_id = if parent.is_empty() {
            Value::Null
        } else {
            s(term_id(parent))
        };
        dir.push(
            Table::TaxonomyTerm,
            record([
                ("id", s(term_id(code))),
                ("code", s(*code)),
                ("name", s(*name)),
                ("description", s(*description)),
                ("parent_id", parent_id),
                ("taxonomy", s(TAXONOMY_NAME)),
                ("language", s("en")),
                ("taxonomy_id", s(taxonomy_id())),
            ]),
            origin(),
        );
    }
}

/// Push the Open Eligibility taxonomy from `oe.json`: every term, code = `@id`, name = `@title`,
/// `parent_id` = the enclosing term. Returns the codes read, in file order.
pub(crate) fn push_open_eligibility(
    sources: &Path,
    dir: &mut Directory,
) -> Result<Vec<String>, BundleError> {
    let bad = |reason: String| BundleError::BadRow {
        file: OE_FILE.to_string(),
        row: 0,
        field: "taxonomy".into(),
        reason,
    };
    let text = std::fs::read_to_string(sources.join(OE_FILE))
        .map_err(|e| bad(format!("cannot read: {e}")))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| bad(format!("not JSON: {e}")))?;
    let top = json
        .pointer("/taxonomy/top_level")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("no taxonomy.top_level list".into()))?;
    let file_origin = Origin::file(OE_FILE);
    dir.push(
        Table::Taxonomy,
        record([
            ("id", s(oe_taxonomy_id())),
            ("name", s(OE_NAME)),
            (
                "description",
                s(format!("Open Eligibility human services taxonomy (services part), as shipped by Open Referral's Ohana API (data/oe.json, 2014-12-09): what a service does. {OE_ATTRIBUTION}")),
            ),
            ("uri", s(OE_URI)),
            ("version", s("ohana-api 030acc8 (2014-12-09)")),
        ]),
        file_origin.clone(),
    );
    let mut codes = Vec::new();
    let mut stack: Vec<(&Value, Option<String>)> = top.iter().rev().map(|t| (t, None)).collect();
    while let Some((node, parent)) = stack.pop() {
        let code = node
            .get("@id")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("a term without @id".into()))?;
        let title = node
            .get("@title")
            .and_then(Value::as_str)
            .ok_or_else(|| bad(format!("term {code} has no @title")))?;
        if codes.iter().any(|c| c == code) {
            return Err(bad(format!("term {code} is listed twice")));
        }
        codes.push(code.to_string());
        let parent_title = parent.as_deref().unwrap_or("");
        dir.push(
            Table::TaxonomyTerm,
            record([
                ("id", s(oe_term_id(code))),
                ("code", s(code)),
                ("name", s(title)),
                (
                    "description",
                    s(if parent_title.is_empty() {
                        format!("Open Eligibility top-level category {code} {title}.")
                    } else {
                        format!("Open Eligibility term {code} {title} (under {parent_title}).")
                    }),
                ),
                (
                    "parent_id",
                    parent.as_deref().map_or(Value::Null, |p| s(oe_term_id(p))),
                ),
                ("taxonomy", s(OE_NAME)),
                ("language", s("en")),
                ("taxonomy_id", s(oe_taxonomy_id())),
            ]),
            file_origin.clone(),
        );
        let mut children = Vec::new();
        if let Some(obj) = node.as_object() {
            for (k, v) in obj {
                if k.ends_with("_level") {
                    for c in v.as_array().into_iter().flatten() {
                        children.push(c);
                    }
                }
            }
        }
        for c in children.into_iter().rev() {
            stack.push((c, Some(code.to_string())));
        }
    }
    Ok(codes)
}

/// One tag: which taxonomy, the term, and how it links.
pub(crate) struct Tag<'a> {
    /// The term id ([`term_id`] or [`oe_term_id`]).
    pub term: String,
    /// A key part for the attribute id (`code` or `oe:code`).
    pub key: String,
    /// `link_type`, if any.
    pub link_type: Option<&'a str>,
    /// `value`, if any (words to show).
    pub value: Option<String>,
}

impl Tag<'_> {
    /// A haven term.
    pub fn haven(code: &str) -> Tag<'static> {
        Tag {
            term: term_id(code),
            key: code.to_string(),
            link_type: None,
            value: None,
        }
    }
    /// An Open Eligibility term.
    pub fn oe(code: &str) -> Tag<'static> {
        Tag {
            term: oe_term_id(code),
            key: format!("oe:{code}"),
            link_type: None,
            value: None,
        }
    }
}

impl<'a> Tag<'a> {
    /// The same tag with a `link_type`.
    pub fn link(mut self, link_type: &'a str) -> Tag<'a> {
        self.link_type = Some(link_type);
        self
    }
}

/// Tag a record with a term (an `attribute` row); returns the attribute's id.
pub(crate) fn tag_with(
    dir: &mut Directory,
    entity: Table,
    link_id: &str,
    t: &Tag<'_>,
    origin: Origin,
) -> String {
    let attr_id = id(&format!("attribute:{entity}:{link_id}:{}", t.key));
    dir.push(
        Table::Attribute,
        record([
            ("id", s(attr_id.clone())),
            ("link_id", s(link_id)),
            ("taxonomy_term_id", s(t.term.clone())),
            ("link_entity", s(entity.name())),
            ("link_type", t.link_type.map_or(Value::Null, s)),
            ("value", t.value.clone().map_or(Value::Null, s)),
        ]),
        origin,
    );
    attr_id
}

/// Tag a record with a haven term (an `attribute` row); returns the attribute's id.
pub(crate) fn tag(
    dir: &mut Directory,
    entity: Table,
    link_id: &str,
    code: &str,
    origin: Origin,
) -> String {
    tag_with(dir, entity, link_id, &Tag::haven(code), origin)
}

/// Tag a record with an Open Eligibility term.
pub(crate) fn tag_oe(
    dir: &mut Directory,
    entity: Table,
    link_id: &str,
    code: &str,
    origin: Origin,
) {
    tag_with(dir, entity, link_id, &Tag::oe(code), origin);
}
