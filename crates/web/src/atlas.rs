//! US state outlines for the results map, from the bundled us-atlas TopoJSON (US Census Bureau
//! cartographic boundaries, public domain): decoded once, drawn only where the view is, with
//! detail reduced to what the map's pixels can show, so a map stays a few KB.

use serde_json::Value;
use std::sync::OnceLock;

const TOPOJSON: &str = include_str!("../../../data/atlas/states-10m.json");

/// One closed ring of a state's outline, in degrees.
struct Ring {
    /// (min_lon, min_lat, max_lon, max_lat).
    bbox: (f64, f64, f64, f64),
    /// (lon, lat) points.
    points: Vec<(f64, f64)>,
}

fn rings() -> &'static [Ring] {
    static CELL: OnceLock<Vec<Ring>> = OnceLock::new();
    CELL.get_or_init(|| decode(TOPOJSON).unwrap_or_default())
}

/// Decode the `states` collection of a TopoJSON topology into rings (None if it is not one).
fn decode(text: &str) -> Option<Vec<Ring>> {
    let topo: Value = serde_json::from_str(text).ok()?;
    let scale = topo.pointer("/transform/scale")?.as_array()?;
    let translate = topo.pointer("/transform/translate")?.as_array()?;
    let (sx, sy) = (scale.first()?.as_f64()?, scale.get(1)?.as_f64()?);
    let (tx, ty) = (translate.first()?.as_f64()?, translate.get(1)?.as_f64()?);
    // Arcs are delta-encoded quantized positions.
    let arcs: Vec<Vec<(f64, f64)>> = topo
        .get("arcs")?
        .as_array()?
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.as_array()
                .map(|pts| {
                    pts.iter()
                        .filter_map(|p| {
                            x += p.get(0)?.as_i64()?;
                            y += p.get(1)?.as_i64()?;
                            Some((x as f64 * sx + tx, y as f64 * sy + ty))
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let ring_of = |idx: &[Value]| -> Vec<(f64, f64)> {
        let mut pts: Vec<(f64, f64)> = Vec::new();
        for i in idx.iter().filter_map(Value::as_i64) {
            let (arc, reversed) = if i >= 0 {
                (arcs.get(i as usize), false)
            } else {
                (arcs.get(!i as usize), true)
            };
            let Some(arc) = arc else { continue };
            let mut seg: Vec<(f64, f64)> = arc.clone();
            if reversed {
                seg.reverse();
            }
            // Consecutive arcs share their joining point.
            let skip = usize::from(!pts.is_empty());
            pts.extend(seg.into_iter().skip(skip));
        }
        pts
    };
    let mut out = Vec::new();
    for g in topo.pointer("/objects/states/geometries")?.as_array()? {
        let polygons: Vec<&Value> = match g.get("type").and_then(Value::as_str) {
            Some("Polygon") => vec![g.get("arcs")?],
            Some("MultiPolygon") => g.get("arcs")?.as_array()?.iter().collect(),
            _ => continue,
        };
        for poly in polygons {
            for ring in poly.as_array().into_iter().flatten() {
                let points = ring_of(ring.as_array().map(Vec::as_slice).unwrap_or(&[]));
                if points.len() < 3 {
                    continue;
                }
                let mut bbox = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
                for &(x, y) in &points {
                    bbox = (bbox.0.min(x), bbox.1.min(y), bbox.2.max(x), bbox.3.max(y));
                }
                out.push(Ring { bbox, points });
            }
        }
    }
    Some(out)
}

/// SVG path data of the outlines visible in `view` (min_lat, max_lat, min_lon, max_lon), in the
/// map's pixels through `project(lat, lon)`, for a map `width` x `height` pixels.
pub fn outline_paths(
    view: (f64, f64, f64, f64),
    project: &dyn Fn(f64, f64) -> (f64, f64),
    width: f64,
    height: f64,
) -> Vec<String> {
    let (min_lat, max_lat, min_lon, max_lon) = view;
    // Half a view of margin on each side: edges leaving the view keep their direction there.
    let (mlat, mlon) = ((max_lat - min_lat) / 2.0, (max_lon - min_lon) / 2.0);
    let (lo_lat, hi_lat, lo_lon, hi_lon) = (
        min_lat - mlat,
        max_lat + mlat,
        min_lon - mlon,
        max_lon + mlon,
    );
    let (x0, x1, y0, y1) = (-width / 2.0, width * 1.5, -height / 2.0, height * 1.5);
    let mut out = Vec::new();
    for r in rings() {
        let (a, b, c, d) = r.bbox;
        if c < lo_lon || a > hi_lon || d < lo_lat || b > hi_lat {
            continue;
        }
        let mut path = String::new();
        let mut last: Option<(f64, f64)> = None;
        let mut n = 0;
        for &(lon, lat) in &r.points {
            let (x, y) = project(lat, lon);
            let (x, y) = (x.clamp(x0, x1), y.clamp(y0, y1));
            // Drop points closer than ~1.5 px to the last kept one: invisible detail.
            if let Some((px, py)) = last {
                if (x - px).abs() < 1.5 && (y - py).abs() < 1.5 {
                    continue;
                }
            }
            path.push_str(if n == 0 { "M" } else { "L" });
            path.push_str(&format!("{x:.0} {y:.0}"));
            last = Some((x, y));
            n += 1;
        }
        if n >= 3 {
            path.push('Z');
            out.push(path);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_atlas_decodes_into_state_rings() {
        let r = rings();
        assert!(r.len() >= 51, "{} rings", r.len());
        // Some ring covers Manhattan (about 40.78 N, 73.97 W).
        assert!(r.iter().any(|r| r.bbox.0 < -73.97
            && r.bbox.2 > -73.97
            && r.bbox.1 < 40.78
            && r.bbox.3 > 40.78));
    }

    #[test]
    fn only_outlines_near_the_view_are_drawn_and_stay_small() {
        let project = |lat: f64, lon: f64| ((lon + 74.5) * 600.0, (41.2 - lat) * 600.0);
        let paths = outline_paths((40.5, 41.0, -74.3, -73.7), &project, 640.0, 400.0);
        assert!(!paths.is_empty());
        let bytes: usize = paths.iter().map(String::len).sum();
        assert!(bytes < 20_000, "{bytes} bytes of path data");
        // The open Pacific has no outline; Hawaii seen from above has some.
        let sea = |lat: f64, lon: f64| ((lon + 141.0) * 600.0, (31.0 - lat) * 600.0);
        assert!(outline_paths((30.0, 30.5, -140.5, -140.0), &sea, 640.0, 400.0).is_empty());
        let hawaii = |lat: f64, lon: f64| ((lon + 156.5) * 300.0, (20.5 - lat) * 300.0);
        assert!(!outline_paths((19.0, 20.2, -156.2, -154.8), &hawaii, 640.0, 400.0).is_empty());
    }
}
