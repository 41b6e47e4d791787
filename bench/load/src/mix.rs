//! What the load asks for: a mix of haven's pages and API calls, each request's path drawn
//! from its slot number in the schedule (so a run is reproducible), with random ZIP codes
//! and random points so the searches are new questions, not cache hits.

use std::path::Path;

/// One kind of request in a mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A fixed path.
    Fixed(&'static str),
    /// `/find?near=ZIP` with a random ZIP code.
    FindZip,
    /// `/api/services?lat=..&lon=..` at a random point in the contiguous US.
    ApiPoint,
}

/// A weighted list of request kinds.
#[derive(Debug, Clone)]
pub struct Mix {
    /// The name it was asked for by.
    pub name: String,
    kinds: Vec<Kind>,
    zips: Vec<String>,
}

/// The soak's mix: every public page kind a visitor reaches, the API's search and listing,
/// and the health check, in equal shares (the slow readers and slow clients come on top).
const SOAK: &[Kind] = &[
    Kind::Fixed("/hotlines"),
    Kind::Fixed("/"),
    Kind::FindZip,
    Kind::ApiPoint,
    Kind::Fixed("/api/services?per_page=20"),
    Kind::Fixed("/guide"),
    Kind::Fixed("/healthz"),
];

/// ZIP codes used when no gazetteer file is given.
const FALLBACK_ZIPS: &[&str] = &[
    "10001", "11201", "60601", "77002", "94103", "30303", "98101", "02108",
];

impl Mix {
    /// `soak` (the soak's mix), `find` (only `/find?near=` at random ZIPs) or `api` (only
    /// the API's search at random points); ZIPs from the first column of `zips` (a TSV with a
    /// header, like `data/gazetteer/us-zips.tsv`) when given.
    pub fn named(name: &str, zips: Option<&Path>) -> Result<Mix, String> {
        let kinds = match name {
            "soak" => SOAK.to_vec(),
            "find" => vec![Kind::FindZip],
            "api" => vec![Kind::ApiPoint],
            other => return Err(format!("--mix {other}: expected soak, find or api")),
        };
        let zips = match zips {
            None => FALLBACK_ZIPS.iter().map(|s| s.to_string()).collect(),
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| format!("--zips {}: {e}", p.display()))?;
                let zips: Vec<String> = text
                    .lines()
                    .skip(1)
                    .filter_map(|l| l.split('\t').next())
                    .filter(|z| !z.is_empty() && z.bytes().all(|b| b.is_ascii_digit()))
                    .map(str::to_string)
                    .collect();
                if zips.is_empty() {
                    return Err(format!(
                        "--zips {}: no ZIP codes in its first column",
                        p.display()
                    ));
                }
                zips
            }
        };
        Ok(Mix {
            name: name.to_string(),
            kinds,
            zips,
        })
    }

    /// The path of the request in slot `k` of the schedule.
    pub fn path(&self, k: u64) -> String {
        let mut r = Rng(k.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03);
        let kind = self.kinds[(r.next() % self.kinds.len() as u64) as usize];
        match kind {
            Kind::Fixed(p) => p.to_string(),
            Kind::FindZip => {
                let z = &self.zips[(r.next() % self.zips.len() as u64) as usize];
                format!("/find?near={z}")
            }
            Kind::ApiPoint => {
                let lat = 30.0 + r.unit() * 15.0;
                let lon = -120.0 + r.unit() * 45.0;
                format!("/api/services?lat={lat:.3}&lon={lon:.3}")
            }
        }
    }

    /// The kinds of request, in words, for the report.
    pub fn describe(&self) -> String {
        let names: Vec<String> = self
            .kinds
            .iter()
            .map(|k| match k {
                Kind::Fixed(p) => p.to_string(),
                Kind::FindZip => format!("/find?near=<one of {} ZIPs>", self.zips.len()),
                Kind::ApiPoint => "/api/services?lat&lon=<random US point>".to_string(),
            })
            .collect();
        names.join(", ")
    }
}

/// splitmix64: small, fast, and enough for choosing paths.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_soak_mix_asks_for_every_kind_in_about_equal_shares() {
        let m = Mix::named("soak", None).unwrap();
        let mut counts = std::collections::HashMap::new();
        for k in 0..70_000 {
            let p = m.path(k);
            let key = p.split(['?']).next().unwrap().to_string()
                + if p.contains("lat=") { "?lat" } else { "" }
                + if p.contains("per_page") { "?page" } else { "" };
            *counts.entry(key).or_insert(0) += 1;
        }
        assert_eq!(counts.len(), 7, "{counts:?}");
        for (k, n) in &counts {
            assert!((9_000..11_000).contains(n), "{k}: {n}");
        }
        // The same slot always asks the same thing; different slots vary.
        assert_eq!(m.path(12345), m.path(12345));
        let distinct: std::collections::HashSet<String> = (0..1000).map(|k| m.path(k)).collect();
        assert!(distinct.len() > 100);
    }

    #[test]
    fn zips_come_from_the_first_column_and_a_bad_file_is_named() {
        let dir = std::env::temp_dir().join(format!("haven-load-zips-{}", std::process::id()));
        std::fs::write(&dir, "zip\tlat\n12345\t1\n54321\t2\n").unwrap();
        let m = Mix::named("find", Some(&dir)).unwrap();
        for k in 0..50 {
            let p = m.path(k);
            assert!(p == "/find?near=12345" || p == "/find?near=54321", "{p}");
        }
        std::fs::write(&dir, "zip\nnot-a-zip\n").unwrap();
        let e = Mix::named("find", Some(&dir)).unwrap_err();
        assert!(e.contains("no ZIP codes"), "{e}");
        std::fs::remove_file(&dir).unwrap();
        assert!(Mix::named("all", None)
            .unwrap_err()
            .contains("expected soak"));
    }
}
