//! Reading what a page shows from the store: a service with everything a person needs to act
//! on it (phones, hours, places, languages, costs, when it was verified), and the hotlines.

use crate::WebError;
use hsds::{Record, Table};
use search::hours::{self, Hours};
use store::Store;

/// A location of a service, with what is attached to it.
#[derive(Debug, Clone)]
pub struct Place {
    /// The HSDS location.
    pub location: Record,
    /// Its addresses (physical first).
    pub addresses: Vec<Record>,
    /// Its own schedules.
    pub schedules: Vec<Record>,
    /// Its own phones.
    pub phones: Vec<Record>,
}

/// A service and everything around it.
#[derive(Debug, Clone)]
pub struct ServiceDetail {
    /// The HSDS service.
    pub service: Record,
    /// Its organization.
    pub organization: Option<Record>,
    /// The service's phones.
    pub phones: Vec<Record>,
    /// The service's own schedules.
    pub schedules: Vec<Record>,
    /// Languages spoken.
    pub languages: Vec<Record>,
    /// Where it is offered.
    pub places: Vec<Place>,
    /// Costs.
    pub cost_options: Vec<Record>,
    /// Where it serves.
    pub service_areas: Vec<Record>,
    /// Names of its taxonomy terms (service types).
    pub types: Vec<String>,
    /// Review history (verification source and date).
    pub metadata: Vec<Record>,
}

/// A string field of a record ("" when absent).
pub fn s<'a>(r: &'a Record, field: &str) -> &'a str {
    r.get(field).and_then(|v| v.as_str()).unwrap_or("")
}

/// A number field of a record.
pub fn f(r: &Record, field: &str) -> Option<f64> {
    r.get(field).and_then(|v| v.as_f64())
}

/// Everything about one service, or None when no service has this id.
pub fn service(st: &dyn Store, id: &str) -> Result<Option<ServiceDetail>, WebError> {
    let Some(service) = st.get(Table::Service, id)? else {
        return Ok(None);
    };
    let organization = match service.get("organization_id").and_then(|v| v.as_str()) {
        Some(o) => st.get(Table::Organization, o)?,
        None => None,
    };
    let mut places = Vec::new();
    for sal in st.children(Table::ServiceAtLocation, "service_id", id)? {
        let Some(lid) = sal.get("location_id").and_then(|v| v.as_str()) else {
            continue;
        };
        let Some(location) = st.get(Table::Location, lid)? else {
            continue;
        };
        let mut addresses = st.children(Table::Address, "location_id", lid)?;
        addresses.sort_by_key(|a| s(a, "address_type") != "physical");
        places.push(Place {
            location,
            addresses,
            schedules: st.children(Table::Schedule, "location_id", lid)?,
            phones: st.children(Table::Phone, "location_id", lid)?,
        });
    }
    let mut types = Vec::new();
    for a in st.children(Table::Attribute, "link_id", id)? {
        if let Some(tid) = a.get("taxonomy_term_id").and_then(|v| v.as_str()) {
            if let Some(term) = st.get(Table::TaxonomyTerm, tid)? {
                types.push(s(&term, "name").to_string());
            }
        }
    }
    let mut metadata = st.children(Table::Metadata, "resource_id", id)?;
    if let Some(o) = &organization {
        metadata.extend(st.children(Table::Metadata, "resource_id", s(o, "id"))?);
    }
    Ok(Some(ServiceDetail {
        phones: st.children(Table::Phone, "service_id", id)?,
        schedules: st.children(Table::Schedule, "service_id", id)?,
        languages: st.children(Table::Language, "service_id", id)?,
        cost_options: st.children(Table::CostOption, "service_id", id)?,
        service_areas: st.children(Table::ServiceArea, "service_id", id)?,
        service,
        organization,
        places,
        types,
        metadata,
    }))
}

impl ServiceDetail {
    /// The service's hours at a place (its own rows plus the place's), and the zone they are
    /// read in: the place's real zone from its coordinates, else the rows' numeric offset.
    pub fn hours(
        &self,
        place: Option<&Place>,
    ) -> (Hours, Option<chrono_tz::Tz>, Option<chrono::FixedOffset>) {
        let mut rows: Vec<&Record> = self.schedules.iter().collect();
        if let Some(p) = place {
            rows.extend(p.schedules.iter());
        }
        let (h, _problems) = hours::parse(&rows);
        let zone = place.and_then(|p| {
            let lat = f(&p.location, "latitude")?;
            let lon = f(&p.location, "longitude")?;
            search::gazetteer::timezone_at(lat, lon)
        });
        (h, zone, hours::fallback_zone(&rows))
    }

    /// Whether any cost option says it is free.
    pub fn free(&self) -> bool {
        self.cost_options.iter().any(|c| {
            let o = s(c, "option").to_ascii_lowercase();
            o.contains("free") || c.get("amount").and_then(|v| v.as_f64()) == Some(0.0)
        })
    }

    /// The newest verification date: `assured_date`, else a metadata row's date.
    pub fn verified(&self) -> Option<(String, Option<String>)> {
        let assured = s(&self.service, "assured_date");
        let meta = self
            .metadata
            .iter()
            .filter(|m| {
                s(m, "last_action_type") == "verified" || s(m, "last_action_type").is_empty()
            })
            .max_by(|a, b| s(a, "last_action_date").cmp(s(b, "last_action_date")));
        let source = meta
            .map(|m| s(m, "replacement_value").to_string())
            .filter(|v| !v.is_empty() && v != "not recorded");
        if !assured.is_empty() {
            return Some((assured.to_string(), source));
        }
        meta.map(|m| (s(m, "last_action_date").to_string(), source))
    }
}

/// The areas a line serves when none is `home_region` ("United Kingdom"), to say so beside
/// its number; None for home lines and lines with no area.
pub fn away_area(d: &ServiceDetail, home_region: &str) -> Option<String> {
    let names: Vec<&str> = d
        .service_areas
        .iter()
        .map(|a| s(a, "name"))
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty() && !names.contains(&home_region)).then(|| names.join(", "))
}

/// Only digits and a leading `+`: what a `tel:` or `sms:` link needs.
pub fn dial(number: &str) -> String {
    number
        .chars()
        .enumerate()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect()
}

/// The hotlines: every active service typed `hotline`, with details: lines for trafficking
/// first, then lines serving `home_region` (a service area name, e.g. "United States") before
/// those of other countries, then by name; 911 last.
pub fn hotlines(
    st: &dyn Store,
    index: &search::Index,
    home_region: &str,
) -> Result<Vec<ServiceDetail>, WebError> {
    let q = search::Query {
        taxonomy: Some("hotline".to_string()),
        limit: 200,
        ..Default::default()
    };
    let hits = match index.search(&q) {
        Ok(r) => r.hits,
        // A directory without the hotline type simply has no hotlines.
        Err(search::SearchError::UnknownTaxonomy { .. }) => Vec::new(),
        Err(e) => return Err(WebError::Internal(e.to_string())),
    };
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for h in hits {
        if !seen.insert(h.service_id.clone()) {
            continue;
        }
        if let Some(d) = service(st, &h.service_id)? {
            out.push(d);
        }
    }
    // Lines for trafficking first (the reason people come), 911 last (the footer and the guide
    // give it on its own), then by name.
    let rank = |d: &ServiceDetail| {
        if d.types.iter().any(|t| t == "Human trafficking") {
            0
        } else if d.types.iter().any(|t| t == "Emergency services") {
            2
        } else {
            1
        }
    };
    let away = |d: &ServiceDetail| {
        !d.service_areas.is_empty() && !d.service_areas.iter().any(|a| s(a, "name") == home_region)
    };
    out.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| away(a).cmp(&away(b)))
            .then_with(|| s(&a.service, "name").cmp(s(&b.service, "name")))
    });
    Ok(out)
}
