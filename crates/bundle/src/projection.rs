//! NY State Plane (EPSG:2263, US survey feet) to WGS84 latitude/longitude, with `proj4rs`.

use proj4rs::proj::Proj;

/// EPSG:2263, NAD83 / New York Long Island (ftUS), as PROJ writes it. NAD83 is taken as WGS84
/// (the null transformation PROJ itself applies between EPSG:4269 and EPSG:4326 by default).
pub const EPSG_2263: &str = "+proj=lcc +lat_0=40.1666666666667 +lon_0=-74 +lat_1=41.0333333333333 +lat_2=40.6666666666667 +x_0=300000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=us-ft +no_defs";
/// WGS84 longitude/latitude.
pub const WGS84: &str = "+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs";

/// A converter from EPSG:2263 to WGS84, built once.
pub struct StatePlane {
    from: Proj,
    to: Proj,
}

impl StatePlane {
    /// Build the two projections (fails only if proj4rs rejects the fixed strings).
    pub fn new() -> Result<StatePlane, String> {
        let from = Proj::from_proj_string(EPSG_2263).map_err(|e| e.to_string())?;
        let to = Proj::from_proj_string(WGS84).map_err(|e| e.to_string())?;
        Ok(StatePlane { from, to })
    }

    /// (latitude, longitude) in degrees of a point given in US survey feet.
    pub fn to_wgs84(&self, x_ft: f64, y_ft: f64) -> Result<(f64, f64), String> {
        let mut p = (x_ft, y_ft, 0.0);
        proj4rs::transform::transform(&self.from, &self.to, &mut p).map_err(|e| e.to_string())?;
        let (lon, lat) = (p.0.to_degrees(), p.1.to_degrees());
        if !lat.is_finite() || !lon.is_finite() {
            return Err(format!("({x_ft}, {y_ft}) has no WGS84 position"));
        }
        Ok((lat, lon))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brooklyn_point_lands_in_brooklyn() {
        let sp = StatePlane::new().unwrap();
        // facility.csv row 2, PROJ: 40.694174, -73.987606
        let (lat, lon) = sp.to_wgs84(987_687.0, 192_183.0).unwrap();
        assert!((lat - 40.694174).abs() < 1e-5, "{lat}");
        assert!((lon + 73.987606).abs() < 1e-5, "{lon}");
    }
}
