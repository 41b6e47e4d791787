//! The offline gazetteer's ZIP and city centres (`data/gazetteer/`, beside the sources directory),
//! read for the leads that have no coordinates of their own.

use crate::BundleError;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// ZIP file name inside the gazetteer directory.
pub const ZIPS_FILE: &str = "us-zips.tsv";
/// City file name inside the gazetteer directory.
pub const CITIES_FILE: &str = "cities.tsv";

/// A ZIP code's centre: (lat, lon, town, state).
pub(crate) type ZipCentre = (f64, f64, String, String);

/// ZIP and city centres.
#[derive(Default)]
pub(crate) struct Gazetteer {
    /// ZIP -> (lat, lon, city, state).
    zips: HashMap<String, ZipCentre>,
    /// (lower-case name or alternate, state) -> (lat, lon, name), most populous first wins.
    cities: HashMap<(String, String), (f64, f64, String)>,
}

/// The gazetteer directory for a sources directory: `<sources>/../gazetteer`.
pub fn dir_for(sources: &Path) -> PathBuf {
    sources.join("..").join("gazetteer")
}

fn read_tsv(path: &Path, name: &str) -> Result<Vec<Vec<String>>, BundleError> {
    let text = std::fs::read_to_string(path).map_err(|e| BundleError::BadRow {
        file: format!("gazetteer/{name}"),
        row: 0,
        field: "file".into(),
        reason: format!("cannot read {}: {e}", path.display()),
    })?;
    Ok(text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect())
}

impl Gazetteer {
    /// Read both files of `dir`.
    pub fn read(dir: &Path) -> Result<Gazetteer, BundleError> {
        let mut g = Gazetteer::default();
        for cols in read_tsv(&dir.join(ZIPS_FILE), ZIPS_FILE)? {
            if let [zip, lat, lon, city, state, ..] = cols.as_slice() {
                if let (Ok(lat), Ok(lon)) = (lat.parse(), lon.parse()) {
                    g.zips
                        .insert(zip.clone(), (lat, lon, city.clone(), state.clone()));
                }
            }
        }
        for cols in read_tsv(&dir.join(CITIES_FILE), CITIES_FILE)? {
            if let [name, lat, lon, country, region, _pop, rest @ ..] = cols.as_slice() {
                if country != "US" {
                    continue;
                }
                let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
                    continue;
                };
                let alternates = rest.first().map(String::as_str).unwrap_or("");
                for n in std::iter::once(name.as_str()).chain(alternates.split('|')) {
                    if n.is_empty() {
                        continue;
                    }
                    g.cities
                        .entry((n.to_lowercase(), region.clone()))
                        .or_insert((lat, lon, name.clone()));
                }
            }
        }
        Ok(g)
    }

    /// The centre of a ZIP: (lat, lon, city, state).
    pub fn zip(&self, zip: &str) -> Option<&ZipCentre> {
        self.zips.get(zip)
    }

    /// The centre of a city in a US state, by name or alternate name: (lat, lon, name).
    pub fn city(&self, name: &str, state: &str) -> Option<&(f64, f64, String)> {
        self.cities.get(&(name.to_lowercase(), state.to_string()))
    }

    /// The single ZIP whose town is `name` in `state`, when exactly one is (a small town).
    pub fn only_zip_of(&self, name: &str, state: &str) -> Option<(&str, &ZipCentre)> {
        let mut hits = self
            .zips
            .iter()
            .filter(|(_, v)| v.2.eq_ignore_ascii_case(name) && v.3 == state);
        let first = hits.next()?;
        hits.next().is_none().then_some((first.0.as_str(), first.1))
    }
}
