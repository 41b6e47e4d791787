//! State outlines for the results map (to be filled from bundled public-domain boundaries).

/// SVG path data of the outlines visible in `view` (min_lat, max_lat, min_lon, max_lon).
pub fn outline_paths(
    _view: (f64, f64, f64, f64),
    _project: &dyn Fn(f64, f64) -> (f64, f64),
) -> Vec<String> {
    Vec::new()
}
