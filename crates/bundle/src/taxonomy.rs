//! The two taxonomies bundled listings are tagged with (via HSDS `attribute` rows): haven's own
//! terms (situations served, populations, listing marks, service types) and the Open Eligibility
//! human services taxonomy (`data/sources/taxonomy/open-eligibility/oe.json`, CC BY-SA 3.0).

use crate::{id_of, put, BundleError};
use hsds::model::{Attribute, AttributeId, Taxonomy, TaxonomyId, TaxonomyTerm, TaxonomyTermId};
/// The link types and the taxonomy's name, defined once in `hsds::vocab`.
pub use hsds::vocab::{LINK_AUDIENCE, LINK_ELIGIBILITY, TAXONOMY_NAME};
use hsds::{Directory, Id, Origin};
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
pub fn taxonomy_id() -> TaxonomyId {
    id_of("taxonomy:haven")
}

/// Id of the haven term with this code (whether or not it is in [`TERMS`]).
pub fn term_id(code: &str) -> TaxonomyTermId {
    id_of(&format!("taxonomy:haven/term:{code}"))
}

/// Id of the Open Eligibility taxonomy record.
pub fn oe_taxonomy_id() -> TaxonomyId {
    id_of("taxonomy:open-eligibility")
}

/// Id of the Open Eligibility term with this `@id` (e.g. `101-04`).
pub fn oe_term_id(code: &str) -> TaxonomyTermId {
    id_of(&format!("taxonomy:open-eligibility/term:{code}"))
}

fn origin() -> Origin {
    Origin::file("crates/bundle/src/taxonomy.rs")
}

/// Push haven's taxonomy and its terms.
pub(crate) fn push(dir: &mut Directory) -> Result<(), BundleError> {
    let taxonomy = Taxonomy {
        id: taxonomy_id(),
        name: TAXONOMY_NAME.to_string(),
        description: "haven's own terms for bundled listings: the situations a service is for (trafficking, domestic violence...), the populations it serves, what it does, marks on a listing (confidential address, network membership, grants) and hospital kinds.".to_string(),
        version: Some("2".to_string()),
        ..Taxonomy::default()
    };
    put(dir, &taxonomy, origin())?;
    for (code, name, description, parent) in TERMS {
        let term = TaxonomyTerm {
            id: term_id(code),
            code: Some(code.to_string()),
            name: name.to_string(),
            description: description.to_string(),
            parent_id: (!parent.is_empty()).then(|| term_id(parent)),
            taxonomy: Some(TAXONOMY_NAME.to_string()),
            language: Some("en".to_string()),
            taxonomy_id: Some(taxonomy_id()),
            ..TaxonomyTerm::default()
        };
        put(dir, &term, origin())?;
    }
    Ok(())
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
    let taxonomy = Taxonomy {
        id: oe_taxonomy_id(),
        name: OE_NAME.to_string(),
        description: format!("Open Eligibility human services taxonomy (services part), as shipped by Open Referral's Ohana API (data/oe.json, 2014-12-09): what a service does. {OE_ATTRIBUTION}"),
        uri: Some(OE_URI.to_string()),
        version: Some("ohana-api 030acc8 (2014-12-09)".to_string()),
        ..Taxonomy::default()
    };
    put(dir, &taxonomy, file_origin.clone())?;
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
        let term = TaxonomyTerm {
            id: oe_term_id(code),
            code: Some(code.to_string()),
            name: title.to_string(),
            description: if parent_title.is_empty() {
                format!("Open Eligibility top-level category {code} {title}.")
            } else {
                format!("Open Eligibility term {code} {title} (under {parent_title}).")
            },
            parent_id: parent.as_deref().map(oe_term_id),
            taxonomy: Some(OE_NAME.to_string()),
            language: Some("en".to_string()),
            taxonomy_id: Some(oe_taxonomy_id()),
            ..TaxonomyTerm::default()
        };
        put(dir, &term, file_origin.clone())?;
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
    pub term: TaxonomyTermId,
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
pub(crate) fn tag_with<I: Id>(
    dir: &mut Directory,
    link: I,
    t: &Tag<'_>,
    origin: Origin,
) -> Result<AttributeId, BundleError> {
    let entity = I::TABLE;
    let attr_id = id_of(&format!("attribute:{entity}:{link}:{}", t.key));
    let attribute = Attribute {
        id: attr_id,
        link_id: Some(link.into()),
        taxonomy_term_id: Some(t.term),
        link_entity: Some(entity.name().to_string()),
        link_type: t.link_type.map(str::to_string),
        value: t.value.clone(),
        ..Attribute::default()
    };
    put(dir, &attribute, origin)?;
    Ok(attr_id)
}

/// Tag a record with a haven term (an `attribute` row); returns the attribute's id.
pub(crate) fn tag<I: Id>(
    dir: &mut Directory,
    link: I,
    code: &str,
    origin: Origin,
) -> Result<AttributeId, BundleError> {
    tag_with(dir, link, &Tag::haven(code), origin)
}

/// Tag a record with an Open Eligibility term.
pub(crate) fn tag_oe<I: Id>(
    dir: &mut Directory,
    link: I,
    code: &str,
    origin: Origin,
) -> Result<(), BundleError> {
    tag_with(dir, link, &Tag::oe(code), origin).map(drop)
}
