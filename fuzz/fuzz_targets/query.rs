//! Fuzz every query-parameter parser a request reaches: the API's parameters (paging, search,
//! times, booleans, numbers, the `serves_area` and postcode forms), the /find page's form, and
//! the place resolver behind `near` (postal codes, "City, ST", coordinates).
#![no_main]

use libfuzzer_sys::fuzz_target;
use web::api::params::{Paging, Params, SearchParams};

/// Every parameter any API list route accepts, so the fuzzer reaches each reader.
const ALLOWED: &[&str] = &[
    "page", "per_page", "format", "search", "q", "lat", "lon", "radius_km", "language",
    "open_now", "open_at", "free", "postcode", "proximity", "modified_after", "minimal", "full",
    "taxonomy_term_id", "taxonomy_id", "organization_id", "serves_area",
];

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = Params::parse(Some(raw), ALLOWED) {
        let _ = Paging::read(&p);
        let _ = SearchParams::read(&p, true);
        let _ = SearchParams::read(&p, false);
        for name in ALLOWED {
            let _ = p.text(name);
            let _ = p.bool(name);
            let _ = p.uint(name, 1, 1000);
            let _ = p.float(name, -180.0, 180.0);
            let _ = p.time(name);
        }
    }
    let _ = web::api::params::parse_time(raw);
    let form = web::FindForm::parse(Some(raw));
    let _ = form.is_search();
    let _ = search::gazetteer::Gazetteer::get().resolve(raw);
});
