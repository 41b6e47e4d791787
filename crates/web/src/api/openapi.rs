//! The OpenAPI 3.1 document: paths and parameters generated from the handlers' annotations,
//! completed with haven's info, its server prefix and, as components, the official HSDS 3.0
//! schemas themselves (the 21 object schemas with their `$ref`s pointed inside the document,
//! and the compiled list schemas), so a client or a fuzzer needs nothing from the network.

use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;
use utoipa::openapi::schema::{Object, Schema};
use utoipa::openapi::RefOr;

/// Declares a response body by component name; its schema is filled in by [`document`].
macro_rules! component {
    ($($ty:ident => $name:literal,)*) => {
        $(
            #[doc = concat!("The `", $name, "` component of the API document.")]
            pub struct $ty;
            impl utoipa::PartialSchema for $ty {
                fn schema() -> RefOr<Schema> {
                    RefOr::T(Schema::Object(Object::new()))
                }
            }
            impl utoipa::ToSchema for $ty {
                fn name() -> Cow<'static, str> {
                    Cow::Borrowed($name)
                }
            }
        )*
    };
}

component! {
    ApiInfo => "ApiInfo",
    ServicePage => "ServicePage",
    ServiceItem => "ServiceItem",
    ServiceFull => "ServiceFull",
    OrganizationPage => "OrganizationPage",
    OrganizationItem => "OrganizationItem",
    OrganizationFull => "OrganizationFull",
    TaxonomyPage => "TaxonomyPage",
    TaxonomyItem => "TaxonomyItem",
    TaxonomyDoc => "TaxonomyDoc",
    TaxonomyTermPage => "TaxonomyTermPage",
    TaxonomyTermItem => "TaxonomyTermItem",
    TaxonomyTermDoc => "TaxonomyTermDoc",
    ServiceAtLocationPage => "ServiceAtLocationPage",
    ServiceAtLocationItem => "ServiceAtLocationItem",
    ServiceAtLocationFull => "ServiceAtLocationFull",
    ProblemDoc => "Problem",
}

const SERVICE_LIST: &str =
    include_str!("../../../hsds/spec/v3.0/schema/compiled/service_list.json");
const ORGANIZATION_LIST: &str =
    include_str!("../../../hsds/spec/v3.0/schema/compiled/organization_list.json");
const SAL_LIST: &str =
    include_str!("../../../hsds/spec/v3.0/schema/compiled/service_at_location_list.json");
const OFFICIAL_OPENAPI: &str = include_str!("../../../hsds/spec/v3.0/schema/openapi.json");

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Point `"phone.json"`-style references at the document's components, and drop the keys
/// that only make sense in a standalone schema file.
fn localize(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("$schema");
            m.remove("$id");
            if let Some(Value::String(s)) = m.get_mut("$ref") {
                let name = s.rsplit('/').next().unwrap_or(s).trim_end_matches(".json");
                *s = format!("#/components/schemas/{name}");
            }
            m.values_mut().for_each(localize);
        }
        Value::Array(a) => a.iter_mut().for_each(localize),
        _ => {}
    }
}

fn parse(text: &str) -> Value {
    // Compiled into the binary and checked by the snapshot test: not user input.
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// A list item: the official item schema plus haven's documented extra properties.
fn item(official: &str) -> Value {
    json!({ "allOf": [r(official), r("HavenExtensions")] })
}

/// A page of items in the official envelope.
fn page(item: &str) -> Value {
    json!({
        "allOf": [r("Page")],
        "properties": { "contents": { "type": "array", "items": r(item) } },
        "required": ["total_items", "total_pages", "page_number", "size", "first_page",
                     "last_page", "empty", "contents"]
    })
}

fn components() -> Map<String, Value> {
    let mut c = Map::new();
    for t in hsds::Table::HSDS {
        let mut s = parse(hsds::spec::json_schema(t));
        localize(&mut s);
        c.insert(t.name().to_string(), s);
    }
    for (name, text) in [
        ("service_list", SERVICE_LIST),
        ("organization_list", ORGANIZATION_LIST),
        ("service_at_location_list", SAL_LIST),
    ] {
        let mut s = parse(text);
        localize(&mut s);
        c.insert(name.to_string(), s);
    }
    let official = parse(OFFICIAL_OPENAPI);
    c.insert(
        "Page".into(),
        official["components"]["schemas"]["Page"].clone(),
    );
    let mut info = official["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"]
        .clone();
    if let Some(p) = info.get_mut("properties").and_then(Value::as_object_mut) {
        p.insert(
            "docs_url".into(),
            json!({"type": "string", "format": "uri",
                   "description": "haven extension: the human-readable API documentation."}),
        );
    }
    c.insert("ApiInfo".into(), info);
    c.insert(
        "HavenExtensions".into(),
        json!({
            "type": "object",
            "description": "Properties haven adds to list items (the HSDS schemas allow extra properties).",
            "properties": {
                "distance_km": {
                    "type": "number", "minimum": 0,
                    "description": "haven extension: great-circle km from lat/lon or the postcode, when one was given."
                },
                "x_haven_service_area": {
                    "type": "string",
                    "description": "haven extension: with serves_area=true, the name of the service area that holds the point (the item has no distance_km)."
                },
                "modified_at": {
                    "type": "string", "format": "date-time",
                    "description": "haven extension: when haven's copy of this record last changed (what modified_after compares)."
                }
            }
        }),
    );
    c.insert("ServiceItem".into(), item("service_list"));
    c.insert("ServicePage".into(), page("ServiceItem"));
    c.insert("ServiceFull".into(), r("service"));
    c.insert("OrganizationItem".into(), item("organization_list"));
    c.insert("OrganizationPage".into(), page("OrganizationItem"));
    c.insert(
        "OrganizationFull".into(),
        json!({
            "allOf": [r("organization")],
            "properties": { "services": { "type": "array", "items": r("service") } }
        }),
    );
    c.insert("TaxonomyItem".into(), item("taxonomy"));
    c.insert("TaxonomyPage".into(), page("TaxonomyItem"));
    c.insert("TaxonomyDoc".into(), r("taxonomy"));
    c.insert("TaxonomyTermItem".into(), item("taxonomy_term"));
    c.insert("TaxonomyTermPage".into(), page("TaxonomyTermItem"));
    c.insert("TaxonomyTermDoc".into(), r("taxonomy_term"));
    c.insert(
        "ServiceAtLocationItem".into(),
        item("service_at_location_list"),
    );
    c.insert(
        "ServiceAtLocationPage".into(),
        page("ServiceAtLocationItem"),
    );
    c.insert(
        "ServiceAtLocationFull".into(),
        json!({
            "allOf": [r("service_at_location")],
            "properties": { "service": r("service") }
        }),
    );
    c.insert(
        "Problem".into(),
        json!({
            "type": "object",
            "description": "RFC 9457 problem details.",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string", "description": "A URI reference naming the kind of problem (an anchor of /api/docs)."},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string", "description": "What is wrong, naming the parameter."},
                "parameter": {"type": "string", "description": "The parameter at fault."}
            }
        }),
    );
    c
}

/// OpenAPI links from each list to its detail endpoint (the first item's id), so clients and
/// fuzzers can follow a list to its records.
fn add_links(paths: &mut Value) {
    for (list, detail, op) in [
        ("/services", "/services/{id}", "getFullyNestedServiceById"),
        (
            "/organizations",
            "/organizations/{id}",
            "getOrganizationById",
        ),
        ("/taxonomies", "/taxonomies/{id}", "getTaxonomyById"),
        (
            "/taxonomy_terms",
            "/taxonomy_terms/{id}",
            "getTaxonomyTermById",
        ),
        (
            "/service_at_locations",
            "/service_at_locations/{id}",
            "getServiceAtLocationWithNestedDataById",
        ),
    ] {
        if paths.get(detail).is_none() {
            continue;
        }
        if let Some(resp) = paths
            .get_mut(list)
            .and_then(|p| p.pointer_mut("/get/responses/200"))
            .and_then(Value::as_object_mut)
        {
            resp.insert(
                "links".into(),
                json!({ "detail": {
                    "operationId": op,
                    "parameters": { "id": "$response.body#/contents/0/id" },
                    "description": "The first record of the page, in full."
                }}),
            );
        }
    }
}

/// The complete OpenAPI document, built once.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let generated = serde_json::to_value(super::generated()).unwrap_or(Value::Null);
        let mut doc = Map::new();
        doc.insert("openapi".into(), json!("3.1.0"));
        doc.insert(
            "info".into(),
            json!({
                "title": "haven HSDS 3.0 API",
                "version": env!("CARGO_PKG_VERSION"),
                "summary": "A survivor-centered referral directory, as Open Referral HSDS 3.0.",
                "description": "The official HSDS 3.0 API endpoints and parameters, with haven's \
                    documented extensions (lat, lon, radius_km, language, open_now, open_at, free; \
                    distance_km and modified_at on results). Read-only, no authentication, CORS \
                    open for GET. See /api/docs.",
                "license": { "name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later" }
            }),
        );
        doc.insert(
            "jsonSchemaDialect".into(),
            json!("https://spec.openapis.org/oas/3.1/dialect/base"),
        );
        doc.insert("servers".into(), json!([{ "url": "/api" }]));
        let mut paths = generated["paths"].clone();
        add_links(&mut paths);
        doc.insert("paths".into(), paths);
        doc.insert("components".into(), json!({ "schemas": components() }));
        doc.insert(
            "tags".into(),
            json!([
                {"name": "meta", "description": "About this API."},
                {"name": "services", "description": "Services and where they are offered."},
                {"name": "organizations", "description": "The organizations that provide them."},
                {"name": "taxonomies", "description": "Service types and their vocabularies."}
            ]),
        );
        Value::Object(doc)
    })
}

/// The document as served (pretty, stable key order), built once.
pub fn document_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut b = serde_json::to_vec_pretty(document()).unwrap_or_default();
        b.push(b'\n');
        b
    })
}

/// The query parameters the document gives an operation: the names its handler accepts.
pub fn allowed(path: &str) -> &'static [&'static str] {
    static ALLOWED: OnceLock<HashMap<String, Vec<&'static str>>> = OnceLock::new();
    let map = ALLOWED.get_or_init(|| {
        let mut out = HashMap::new();
        if let Some(paths) = document()["paths"].as_object() {
            for (p, item) in paths {
                let names = item["get"]["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|x| x["in"] == "query")
                    .filter_map(|x| x["name"].as_str())
                    .collect();
                out.insert(p.clone(), names);
            }
        }
        out
    });
    map.get(path).map(Vec::as_slice).unwrap_or(&[])
}
