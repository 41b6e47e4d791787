//! The results map, drawn by the server as inline SVG: numbered markers over state outlines
//! from bundled public-domain boundaries. No tiles, no third-party requests, no JavaScript.

use crate::layout::{t, Lang};
use crate::AppState;
use maud::{html, Markup, PreEscaped};

const W: f64 = 420.0;
const H: f64 = 300.0;
const PAD: f64 = 24.0;

/// A map of the centre (if any) and the numbered result points `(n, lat, lon)`.
pub fn results_map(
    state: &AppState,
    lang: &Lang,
    centre: Option<(f64, f64)>,
    points: &[(usize, f64, f64)],
) -> Markup {
    let mut lats: Vec<f64> = points.iter().map(|p| p.1).collect();
    let mut lons: Vec<f64> = points.iter().map(|p| p.2).collect();
    if let Some((a, b)) = centre {
        lats.push(a);
        lons.push(b);
    }
    let (min_lat, max_lat) = bounds(&lats);
    let (min_lon, max_lon) = bounds(&lons);
    // Equirectangular, corrected for latitude so distances look right at city scale.
    let mid_lat = (min_lat + max_lat) / 2.0;
    let kx = mid_lat.to_radians().cos().max(0.1);
    let span_x = ((max_lon - min_lon) * kx).max(0.01);
    let span_y = (max_lat - min_lat).max(0.01);
    let scale = ((W - 2.0 * PAD) / span_x).min((H - 2.0 * PAD) / span_y);
    let cx = (min_lon + max_lon) / 2.0;
    let cy = mid_lat;
    let project = move |lat: f64, lon: f64| -> (f64, f64) {
        (
            W / 2.0 + (lon - cx) * kx * scale,
            H / 2.0 - (lat - cy) * scale,
        )
    };
    let view = (
        cy - (H / 2.0) / scale,
        cy + (H / 2.0) / scale,
        cx - (W / 2.0) / (scale * kx),
        cx + (W / 2.0) / (scale * kx),
    );
    let outlines = crate::atlas::outline_paths(view, &project, W, H);
    let label = t(state, lang, "map-label");
    html! {
        figure class="map" {
            svg viewBox={ "0 0 " (W) " " (H) } role="img" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg" {
                title id="map-title" { (label) }
                rect class="sea" x="0" y="0" width=(W) height=(H) {}
                @for d in &outlines { path class="land" d=(PreEscaped(d)) {} }
                @if let Some((a, b)) = centre {
                    @let (x, y) = project(a, b);
                    circle class="centre" cx=(fmt(x)) cy=(fmt(y)) r="7" {}
                }
                @for (n, a, b) in points.iter().rev() {
                    @let (x, y) = project(*a, *b);
                    g class="pin" {
                        circle cx=(fmt(x)) cy=(fmt(y)) r="12" {}
                        text x=(fmt(x)) y=(fmt(y + 4.5)) text-anchor="middle" { (n) }
                    }
                }
            }
            figcaption { (t(state, lang, "map-caption")) }
        }
    }
}

fn bounds(v: &[f64]) -> (f64, f64) {
    let lo = v.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 0.0)
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}
