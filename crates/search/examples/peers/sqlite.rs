//! The search benchmark's second peer, in process: the same directory in SQLite with an R*Tree
//! for places and FTS5 for text (both compiled into haven's bundled SQLite), queried the way an
//! embedded-app developer who knows SQLite well would: prepared statements, the file memory
//! mapped with a large page cache, the R*Tree over active docs only with what the filters read
//! kept beside each point (auxiliary columns), rows stored in space-filling (Morton) order, the
//! nearest found by a growing box, and local time computed once per zone per query.
//!
//! Text goes through haven's own analyzer ([`search::text::analyze`]) into FTS5, as a custom
//! tokenizer would, so both sides match the same words; FTS5 ranks with its own BM25, so for
//! text classes the benchmark compares the sets of matches within the radius, not their order.
//! Distances are haversine on the same sphere as haven's, computed in Rust (SQLite has no
//! trigonometry of its own in every build).

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Datelike, Timelike, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use search::{haversine_km, Query, EARTH_RADIUS_KM};

/// One result: ids and the great-circle distance in km.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerHit {
    pub service_id: String,
    pub location_id: String,
    pub km: f64,
}

/// How the peer answers a class: each is a complete, correct plan; the benchmark keeps the
/// fastest per class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// The R*Tree first (a growing box for nearest; the radius's box for text), filters on the
    /// candidates.
    GeoFirst,
    /// The selective index first (FTS5 match list, or the term's docs), then the radius.
    FilterFirst,
}

impl Plan {
    pub fn name(self) -> &'static str {
        match self {
            Plan::GeoFirst => "rtree-first",
            Plan::FilterFirst => "filter-first",
        }
    }
}

/// Wall times of building the peer's database.
pub struct BuildTimes {
    /// Reading the CSVs and writing the rows (one transaction).
    pub load_s: f64,
    /// The R*Tree, FTS5 and term index, built after the rows are in.
    pub index_s: f64,
    pub docs: usize,
}

/// The peer: one SQLite connection to its own database file.
pub struct SqlitePeer {
    conn: Connection,
    zones: Vec<chrono_tz::Tz>,
}

/// Service numbers closer than this join one FTS5 range probe (the few between cost less
/// than another probe).
const RUN_GAP: i64 = 64;

/// Kilometres per degree of latitude on haven's sphere.
const KM_PER_DEG: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;

fn csv_rows(
    pkg: &Path,
    file: &str,
    cols: &[&str],
    mut f: impl FnMut(&[&str]),
) -> Result<(), String> {
    let path = pkg.join(file);
    let mut r = csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = r.headers().map_err(|e| e.to_string())?.clone();
    let at: Vec<usize> = cols
        .iter()
        .map(|c| {
            headers
                .iter()
                .position(|h| h == *c)
                .ok_or_else(|| format!("{file} has no column {c}"))
        })
        .collect::<Result<_, _>>()?;
    let mut rec = csv::StringRecord::new();
    while r
        .read_record(&mut rec)
        .map_err(|e| format!("{file}: {e}"))?
    {
        let vals: Vec<&str> = at.iter().map(|&i| rec.get(i).unwrap_or("")).collect();
        f(&vals);
    }
    Ok(())
}

/// Seconds since midnight of "HH:MM[:SS]".
fn secs(t: &str) -> Option<i64> {
    let mut it = t.split(':').map(|p| p.parse::<i64>().ok());
    let h = it.next()??;
    let m = it.next()??;
    let s = it.next().flatten().unwrap_or(0);
    Some(h * 3600 + m * 60 + s)
}

/// Interleave the bits of two 16-bit cells: a Z-order key, so points near in space are near in
/// storage.
fn morton(lat: f64, lon: f64) -> u32 {
    let y = (((lat + 90.0) / 180.0) * 65535.0).clamp(0.0, 65535.0) as u32;
    let x = (((lon + 180.0) / 360.0) * 65535.0).clamp(0.0, 65535.0) as u32;
    let spread = |mut v: u32| {
        v = (v | (v << 8)) & 0x00FF_00FF;
        v = (v | (v << 4)) & 0x0F0F_0F0F;
        v = (v | (v << 2)) & 0x3333_3333;
        (v | (v << 1)) & 0x5555_5555
    };
    spread(x) | (spread(y) << 1)
}

struct Svc {
    id: String,
    name: String,
    other: String,
    description: String,
    active: bool,
    langs: u64,
    hours: Option<Vec<(i64, i64)>>,
    terms: Vec<u32>,
}

impl SqlitePeer {
    /// Build the peer's database at `db` from the datapackage in `pkg`, with each location's
    /// IANA zone from `tz_of` (the zone haven's gazetteer gives it, as the PostgreSQL peer uses).
    pub fn build(
        pkg: &Path,
        tz_of: &HashMap<String, String>,
        db: &Path,
    ) -> Result<(SqlitePeer, BuildTimes), String> {
        let e = |e: rusqlite::Error| e.to_string();
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let t0 = Instant::now();
        let conn = Connection::open(db).map_err(e)?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;
             PRAGMA temp_store = MEMORY; PRAGMA page_size = 4096;
             CREATE TABLE term (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, code TEXT, name TEXT);
             CREATE TABLE lang (key TEXT PRIMARY KEY, bit INTEGER NOT NULL) WITHOUT ROWID;
             CREATE TABLE doc (id INTEGER PRIMARY KEY, svc INTEGER NOT NULL, service_id TEXT NOT NULL,
                               location_id TEXT NOT NULL, active INTEGER NOT NULL,
                               lat REAL NOT NULL, lon REAL NOT NULL, tz INTEGER, langs INTEGER NOT NULL,
                               hours BLOB);
             CREATE TABLE doc_term (term INTEGER NOT NULL, doc INTEGER NOT NULL,
                                    PRIMARY KEY (term, doc)) WITHOUT ROWID;
             CREATE TABLE svc_text (svc INTEGER PRIMARY KEY, name TEXT, other TEXT, description TEXT);",
        )
        .map_err(e)?;

        // Taxonomy terms, each with its ancestors (a parent term matches its children).
        let mut terms: Vec<(String, String, String, String)> = Vec::new();
        csv_rows(
            pkg,
            "taxonomy_terms.csv",
            &["id", "code", "name", "parent_id"],
            |v| {
                terms.push((v[0].into(), v[1].into(), v[2].into(), v[3].into()));
            },
        )?;
        let term_ix: HashMap<String, u32> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.0.clone(), i as u32))
            .collect();
        let ancestry: Vec<Vec<u32>> = (0..terms.len())
            .map(|i| {
                let mut out = vec![i as u32];
                let mut at = i;
                while let Some(&p) = term_ix.get(&terms[at].3) {
                    if out.contains(&p) {
                        break;
                    }
                    out.push(p);
                    at = p as usize;
                }
                out
            })
            .collect();

        let mut orgs: HashMap<String, String> = HashMap::new();
        csv_rows(pkg, "organizations.csv", &["id", "name"], |v| {
            orgs.insert(v[0].into(), v[1].into());
        })?;
        let mut svcs: Vec<Svc> = Vec::new();
        let mut svc_ix: HashMap<String, usize> = HashMap::new();
        csv_rows(
            pkg,
            "services.csv",
            &[
                "id",
                "organization_id",
                "name",
                "alternate_name",
                "description",
                "status",
            ],
            |v| {
                svc_ix.insert(v[0].into(), svcs.len());
                let org = orgs.get(v[1]).cloned().unwrap_or_default();
                svcs.push(Svc {
                    id: v[0].into(),
                    name: v[2].into(),
                    other: format!("{} {}", v[3], org),
                    description: v[4].into(),
                    active: v[5] == "active",
                    langs: 0,
                    hours: None,
                    terms: Vec::new(),
                });
            },
        )?;
        // Languages: code and name, lowercased, as the bits of one mask per service.
        let mut lang_bit: HashMap<String, u32> = HashMap::new();
        csv_rows(pkg, "languages.csv", &["service_id", "code", "name"], |v| {
            let Some(&s) = svc_ix.get(v[0]) else { return };
            for key in [v[1], v[2]] {
                let key = key.trim().to_lowercase();
                if key.is_empty() {
                    continue;
                }
                let next = lang_bit.len() as u32;
                let bit = *lang_bit.entry(key).or_insert(next);
                if bit < 64 {
                    svcs[s].langs |= 1 << bit;
                }
            }
        })?;
        // Weekly hours as seconds-of-the-week spans (as the PostgreSQL peer builds them).
        csv_rows(
            pkg,
            "schedules.csv",
            &["service_id", "freq", "byday", "opens_at", "closes_at"],
            |v| {
                let Some(&s) = svc_ix.get(v[0]) else { return };
                let (Some(o), Some(c)) = (secs(v[3]), secs(v[4])) else {
                    return;
                };
                if v[1] != "WEEKLY" {
                    return;
                }
                let c = if c >= 23 * 3600 + 59 * 60 {
                    86400
                } else if c <= o {
                    c + 86400
                } else {
                    c
                };
                let spans = svcs[s].hours.get_or_insert_with(Vec::new);
                for code in v[2].split(',') {
                    let Some(day) = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
                        .iter()
                        .position(|d| *d == code.trim())
                    else {
                        continue;
                    };
                    let base = day as i64 * 86400;
                    spans.push((base + o, (base + c).min(604800)));
                    if base + c > 604800 {
                        spans.push((0, base + c - 604800));
                    }
                }
                spans.retain(|(a, b)| a < b);
            },
        )?;
        for s in &mut svcs {
            if s.hours.as_ref().is_some_and(|h| h.is_empty()) {
                s.hours = None;
            }
        }
        let mut term_names: Vec<Vec<u32>> = vec![Vec::new(); svcs.len()];
        csv_rows(
            pkg,
            "attributes.csv",
            &["link_id", "taxonomy_term_id", "link_entity"],
            |v| {
                if !(v[2].is_empty() || v[2] == "service") {
                    return;
                }
                let (Some(&s), Some(&t)) = (svc_ix.get(v[0]), term_ix.get(v[1])) else {
                    return;
                };
                for &a in &ancestry[t as usize] {
                    svcs[s].terms.push(a);
                    term_names[s].push(a);
                }
            },
        )?;
        let mut locs: HashMap<String, (f64, f64)> = HashMap::new();
        csv_rows(
            pkg,
            "locations.csv",
            &["id", "latitude", "longitude"],
            |v| {
                if let (Ok(a), Ok(b)) = (v[1].parse::<f64>(), v[2].parse::<f64>()) {
                    locs.insert(v[0].into(), (a, b));
                }
            },
        )?;
        let mut zones: Vec<chrono_tz::Tz> = Vec::new();
        let mut zone_ix: HashMap<String, i64> = HashMap::new();
        // (morton, svc, location id, lat, lon, tz)
        let mut docs: Vec<(u32, usize, String, f64, f64, Option<i64>)> = Vec::new();
        csv_rows(
            pkg,
            "service_at_location.csv",
            &["service_id", "location_id"],
            |v| {
                let (Some(&s), Some(&(lat, lon))) = (svc_ix.get(v[0]), locs.get(v[1])) else {
                    return;
                };
                let tz = tz_of.get(v[1]).and_then(|name| {
                    if let Some(&i) = zone_ix.get(name) {
                        return Some(i);
                    }
                    let z: chrono_tz::Tz = name.parse().ok()?;
                    zones.push(z);
                    zone_ix.insert(name.clone(), zones.len() as i64 - 1);
                    Some(zones.len() as i64 - 1)
                });
                docs.push((morton(lat, lon), s, v[1].to_string(), lat, lon, tz));
            },
        )?;
        // Heap in space-filling order; services numbered in the order their first doc comes.
        docs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut svc_no: Vec<i64> = vec![-1; svcs.len()];
        let mut next_svc = 0i64;
        let tx = conn.unchecked_transaction().map_err(e)?;
        {
            let mut ins_term = tx
                .prepare("INSERT INTO term VALUES (?1, ?2, ?3, ?4)")
                .map_err(e)?;
            for (i, t) in terms.iter().enumerate() {
                ins_term
                    .execute(params![i as i64, t.0, t.1, t.2])
                    .map_err(e)?;
            }
            let mut ins_lang = tx.prepare("INSERT INTO lang VALUES (?1, ?2)").map_err(e)?;
            for (k, b) in &lang_bit {
                ins_lang.execute(params![k, *b as i64]).map_err(e)?;
            }
            let mut ins_doc = tx
                .prepare("INSERT INTO doc VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
                .map_err(e)?;
            let mut ins_text = tx
                .prepare("INSERT INTO svc_text VALUES (?1, ?2, ?3, ?4)")
                .map_err(e)?;
            for (i, (_, s, loc, lat, lon, tz)) in docs.iter().enumerate() {
                let svc = &svcs[*s];
                if svc_no[*s] < 0 {
                    svc_no[*s] = next_svc;
                    next_svc += 1;
                    // haven's analyzer, as a custom tokenizer would apply it; terms' names
                    // (with their ancestors) are part of the service's text, as in haven.
                    let mut other = svc.other.clone();
                    let mut names = term_names[*s].clone();
                    names.sort_unstable();
                    names.dedup();
                    for t in names {
                        other.push(' ');
                        other.push_str(&terms[t as usize].2);
                    }
                    ins_text
                        .execute(params![
                            svc_no[*s],
                            search::text::analyze(&svc.name).join(" "),
                            search::text::analyze(&other).join(" "),
                            search::text::analyze(&svc.description).join(" "),
                        ])
                        .map_err(e)?;
                }
                let hours: Option<Vec<u8>> = svc.hours.as_ref().map(|h| {
                    h.iter()
                        .flat_map(|&(a, b)| {
                            let mut x = (a as u32).to_le_bytes().to_vec();
                            x.extend_from_slice(&(b as u32).to_le_bytes());
                            x
                        })
                        .collect()
                });
                ins_doc
                    .execute(params![
                        i as i64,
                        svc_no[*s],
                        svc.id,
                        loc,
                        svc.active,
                        lat,
                        lon,
                        tz,
                        svc.langs as i64,
                        hours
                    ])
                    .map_err(e)?;
            }
        }
        tx.commit().map_err(e)?;
        let load_s = t0.elapsed().as_secs_f64();
        drop(docs);

        let t1 = Instant::now();
        let tx = conn.unchecked_transaction().map_err(e)?;
        tx.execute_batch(
            "CREATE VIRTUAL TABLE geo USING rtree (id, min_lat, max_lat, min_lon, max_lon,
                                                  +lat, +lon, +svc, +langs, +tz, +hours);
             INSERT INTO geo SELECT id, lat, lat, lon, lon, lat, lon, svc, langs, tz, hours
                             FROM doc WHERE active ORDER BY id;
             CREATE VIRTUAL TABLE fts USING fts5 (name, other, description,
                                                   tokenize = 'unicode61 remove_diacritics 0');
             INSERT INTO fts (rowid, name, other, description)
                   SELECT svc, name, other, description FROM svc_text ORDER BY svc;
             INSERT INTO fts (fts) VALUES ('optimize');
             DROP TABLE svc_text;
             CREATE INDEX doc_svc ON doc (svc);",
        )
        .map_err(e)?;
        {
            let mut ins = tx
                .prepare("INSERT OR IGNORE INTO doc_term VALUES (?1, ?2)")
                .map_err(e)?;
            let mut by_svc = tx.prepare("SELECT id, svc FROM doc").map_err(e)?;
            let mut rows = by_svc.query([]).map_err(e)?;
            let mut back: HashMap<i64, usize> = HashMap::new();
            for (s, &no) in svc_no.iter().enumerate() {
                if no >= 0 {
                    back.insert(no, s);
                }
            }
            let mut pairs: Vec<(i64, i64)> = Vec::new();
            while let Some(r) = rows.next().map_err(e)? {
                let (doc, svc): (i64, i64) = (r.get(0).map_err(e)?, r.get(1).map_err(e)?);
                if let Some(&s) = back.get(&svc) {
                    for &t in &svcs[s].terms {
                        pairs.push((t as i64, doc));
                    }
                }
            }
            pairs.sort_unstable();
            pairs.dedup();
            for (t, d) in pairs {
                ins.execute(params![t, d]).map_err(e)?;
            }
        }
        tx.commit().map_err(e)?;
        conn.execute_batch("ANALYZE;").map_err(e)?;
        let index_s = t1.elapsed().as_secs_f64();
        let n_docs: i64 = conn
            .query_row("SELECT count(*) FROM doc", [], |r| r.get(0))
            .map_err(e)?;
        drop(conn);
        let peer = SqlitePeer::open(db, zones)?;
        Ok((
            peer,
            BuildTimes {
                load_s,
                index_s,
                docs: n_docs as usize,
            },
        ))
    }

    /// Open the built file for reading, tuned for it: no journal to consult, the whole file
    /// memory-mapped, a page cache larger than the file, statements prepared once (cached).
    fn open(db: &Path, zones: Vec<chrono_tz::Tz>) -> Result<SqlitePeer, String> {
        let conn = Connection::open_with_flags(
            db,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| e.to_string())?;
        conn.execute_batch(
            "PRAGMA mmap_size = 68719476736; PRAGMA cache_size = -2097152; PRAGMA temp_store = MEMORY;",
        )
        .map_err(|e| e.to_string())?;
        conn.set_prepared_statement_cache_capacity(64);
        // Read every page once, so the first timed queries do not pay for the disk.
        conn.query_row(
            "SELECT count(*) FROM geo, (SELECT count(*) FROM doc), (SELECT count(*) FROM doc_term)",
            [],
            |_| Ok(()),
        )
        .map_err(|e| e.to_string())?;
        Ok(SqlitePeer { conn, zones })
    }

    /// SQLite's version and whether FTS5 and the R*Tree are compiled in (they must be).
    pub fn describe(&self) -> Result<String, String> {
        let version: String = self
            .conn
            .query_row("SELECT sqlite_version()", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        let mut stmt = self
            .conn
            .prepare("PRAGMA compile_options")
            .map_err(|e| e.to_string())?;
        let opts: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| e.to_string())?
            .filter_map(Result::ok)
            .collect();
        for need in ["ENABLE_FTS5", "ENABLE_RTREE"] {
            if !opts.iter().any(|o| o == need) {
                return Err(format!("the bundled SQLite lacks {need}"));
            }
        }
        Ok(format!("SQLite {version} (ENABLE_FTS5, ENABLE_RTREE)"))
    }

    /// The plans that answer `q`'s class.
    pub fn plans(q: &Query) -> &'static [Plan] {
        if q.text.is_some() || q.taxonomy.is_some() {
            &[Plan::GeoFirst, Plan::FilterFirst]
        } else {
            &[Plan::GeoFirst]
        }
    }

    /// Answer `q` with `plan`: the top `q.limit` (all, with `limit == usize::MAX`).
    pub fn search(&self, q: &Query, plan: Plan) -> Result<Vec<PeerHit>, String> {
        let (lat, lon) = q.near.ok_or("the peer answers queries with a point")?;
        let k = if q.limit == 0 { 10 } else { q.limit };
        let max_km = q.radius_km.unwrap_or(f64::INFINITY);
        let e = |e: rusqlite::Error| e.to_string();
        if let Some(text) = &q.text {
            let m = fts_query(text);
            if m.is_empty() {
                return Ok(Vec::new());
            }
            // (doc, km, bm25: lower is better)
            let mut found: Vec<(i64, f64, f64)> = Vec::new();
            let (boxes, _) = bounds(lat, lon, max_km);
            for (la0, la1, lo0, lo1) in boxes {
                match plan {
                    Plan::GeoFirst => {
                        // The radius's docs from the R*Tree, then FTS5 over the runs of service
                        // numbers they fall in (rows are in space-filling order, so a box is a
                        // few dozen runs; FTS5 seeks its posting list to each run's rowids).
                        let mut near: Vec<(i64, i64, f64)> = Vec::new(); // (svc, doc, km)
                        let mut stmt = self
                            .conn
                            .prepare_cached(
                                "SELECT g.id, g.lat, g.lon, g.svc FROM geo g WHERE g.max_lat >= ?1 \
                                 AND g.min_lat <= ?2 AND g.max_lon >= ?3 AND g.min_lon <= ?4",
                            )
                            .map_err(e)?;
                        let mut rows = stmt.query(params![la0, la1, lo0, lo1]).map_err(e)?;
                        while let Some(r) = rows.next().map_err(e)? {
                            let km =
                                haversine_km(lat, lon, r.get(1).map_err(e)?, r.get(2).map_err(e)?);
                            if km <= max_km {
                                near.push((r.get(3).map_err(e)?, r.get(0).map_err(e)?, km));
                            }
                        }
                        near.sort_by_key(|a| a.0);
                        let mut probe = self
                            .conn
                            .prepare_cached(
                                "SELECT rowid, bm25(fts, 3.0, 2.0, 1.0) FROM fts \
                                 WHERE fts MATCH ?1 AND rowid >= ?2 AND rowid <= ?3",
                            )
                            .map_err(e)?;
                        let mut i = 0;
                        while i < near.len() {
                            let mut j = i + 1;
                            while j < near.len() && near[j].0 - near[j - 1].0 <= RUN_GAP {
                                j += 1;
                            }
                            let run = &near[i..j];
                            let mut rows = probe
                                .query(params![m, run[0].0, run[run.len() - 1].0])
                                .map_err(e)?;
                            while let Some(r) = rows.next().map_err(e)? {
                                let svc: i64 = r.get(0).map_err(e)?;
                                let score: f64 = r.get(1).map_err(e)?;
                                let at = run.partition_point(|x| x.0 < svc);
                                for x in run[at..].iter().take_while(|x| x.0 == svc) {
                                    found.push((x.1, x.2, score));
                                }
                            }
                            i = j;
                        }
                    }
                    Plan::FilterFirst => {
                        let mut stmt = self
                            .conn
                            .prepare_cached(
                                "SELECT d.id, d.lat, d.lon, bm25(fts, 3.0, 2.0, 1.0) FROM fts \
                                 JOIN doc d ON d.svc = fts.rowid \
                                 WHERE fts MATCH ?5 AND d.active AND d.lat BETWEEN ?1 AND ?2 \
                                   AND d.lon BETWEEN ?3 AND ?4",
                            )
                            .map_err(e)?;
                        let mut rows = stmt.query(params![la0, la1, lo0, lo1, m]).map_err(e)?;
                        while let Some(r) = rows.next().map_err(e)? {
                            let km =
                                haversine_km(lat, lon, r.get(1).map_err(e)?, r.get(2).map_err(e)?);
                            if km <= max_km {
                                found.push((r.get(0).map_err(e)?, km, r.get(3).map_err(e)?));
                            }
                        }
                    }
                }
            }
            found.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.1.total_cmp(&b.1)));
            // Ties of score and distance (rare) break by ids, as everywhere else.
            return self.finish(found, k);
        }
        let term = match &q.taxonomy {
            Some(t) => Some(
                self.conn
                    .prepare_cached(
                        "SELECT id FROM term WHERE lower(code) = ?1 OR uuid = ?1 OR lower(name) = ?1 LIMIT 1",
                    )
                    .map_err(e)?
                    .query_row([t.trim().to_lowercase()], |r| r.get::<_, i64>(0))
                    .optional()
                    .map_err(e)?
                    .ok_or_else(|| format!("no term {t}"))?,
            ),
            None => None,
        };
        let lang_mask = match &q.language {
            Some(l) => Some(
                self.conn
                    .prepare_cached("SELECT bit FROM lang WHERE key = ?1")
                    .map_err(e)?
                    .query_row([l.trim().to_lowercase()], |r| r.get::<_, i64>(0))
                    .optional()
                    .map_err(e)?
                    .map_or(0i64, |b| 1i64 << b),
            ),
            None => None,
        };
        if term.is_some() && plan == Plan::FilterFirst {
            // The term's docs within the radius's box, nearest first.
            let mut found = Vec::new();
            for (la0, la1, lo0, lo1) in bounds(lat, lon, max_km).0 {
                let mut stmt = self
                    .conn
                    .prepare_cached(
                        "SELECT d.id, d.lat, d.lon FROM doc_term t JOIN doc d ON d.id = t.doc \
                         WHERE t.term = ?5 AND d.active AND d.lat BETWEEN ?1 AND ?2 \
                           AND d.lon BETWEEN ?3 AND ?4",
                    )
                    .map_err(e)?;
                let mut rows = stmt.query(params![la0, la1, lo0, lo1, term]).map_err(e)?;
                while let Some(r) = rows.next().map_err(e)? {
                    let km = haversine_km(lat, lon, r.get(1).map_err(e)?, r.get(2).map_err(e)?);
                    if km <= max_km {
                        found.push((r.get(0).map_err(e)?, km, 0.0));
                    }
                }
            }
            found.sort_by(|a: &(i64, f64, f64), b| a.1.total_cmp(&b.1));
            return self.finish(found, k);
        }
        // Nearest by a growing box: grow until k passing docs lie within the box's inscribed
        // circle (then nothing outside the box can be nearer), or the radius is reached.
        let mut local: Vec<Option<i64>> = vec![None; self.zones.len()];
        let mut r = 4.0f64;
        loop {
            let r_eff = r.min(max_km);
            let (boxes, whole) = bounds(lat, lon, r_eff);
            let mut found: Vec<(i64, f64, f64)> = Vec::new();
            for (la0, la1, lo0, lo1) in boxes {
                let sql = match (term.is_some(), lang_mask.is_some()) {
                    (true, _) => {
                        "SELECT g.id, g.lat, g.lon, g.tz, g.hours FROM geo g \
                         WHERE g.max_lat >= ?1 AND g.min_lat <= ?2 AND g.max_lon >= ?3 AND g.min_lon <= ?4 \
                           AND EXISTS (SELECT 1 FROM doc_term t WHERE t.term = ?5 AND t.doc = g.id)"
                    }
                    (false, true) => {
                        "SELECT g.id, g.lat, g.lon, g.tz, g.hours FROM geo g \
                         WHERE g.max_lat >= ?1 AND g.min_lat <= ?2 AND g.max_lon >= ?3 AND g.min_lon <= ?4 \
                           AND g.langs & ?5 != 0"
                    }
                    (false, false) => {
                        "SELECT g.id, g.lat, g.lon, g.tz, g.hours FROM geo g \
                         WHERE g.max_lat >= ?1 AND g.min_lat <= ?2 AND g.max_lon >= ?3 AND g.min_lon <= ?4 \
                           AND ?5 IS NULL"
                    }
                };
                let extra: Option<i64> = term.or(lang_mask);
                let mut stmt = self.conn.prepare_cached(sql).map_err(e)?;
                let mut rows = stmt.query(params![la0, la1, lo0, lo1, extra]).map_err(e)?;
                while let Some(row) = rows.next().map_err(e)? {
                    let km = haversine_km(lat, lon, row.get(1).map_err(e)?, row.get(2).map_err(e)?);
                    if km > r_eff {
                        continue;
                    }
                    if let Some(at) = q.open_at {
                        let tz: Option<i64> = row.get(3).map_err(e)?;
                        let hours = row
                            .get_ref(4)
                            .map_err(e)?
                            .as_blob_or_null()
                            .map_err(|x| x.to_string())?;
                        let (Some(tz), Some(hours)) = (tz, hours) else {
                            continue;
                        };
                        let sow = *local[tz as usize]
                            .get_or_insert_with(|| week_second(self.zones[tz as usize], at));
                        if !open_at(hours, sow) {
                            continue;
                        }
                    }
                    found.push((row.get(0).map_err(e)?, km, 0.0));
                }
            }
            if found.len() >= k || r_eff >= max_km || whole {
                found.sort_by(|a, b| a.1.total_cmp(&b.1));
                return self.finish(found, k);
            }
            // Grow by the shortfall (density is roughly even over a few km), at least doubling.
            let n = found.len().max(1) as f64;
            r *= ((k as f64 * 2.0 / n).sqrt()).max(2.0);
        }
    }

    /// The first `k` of `found` (sorted by score then km) with their ids; docs tied with the
    /// k-th on score and distance are ordered by service then location id, as haven orders them.
    fn finish(&self, mut found: Vec<(i64, f64, f64)>, k: usize) -> Result<Vec<PeerHit>, String> {
        let e = |e: rusqlite::Error| e.to_string();
        let mut end = k.min(found.len());
        while end < found.len()
            && end > 0
            && found[end].1 == found[end - 1].1
            && found[end].2 == found[end - 1].2
        {
            end += 1;
        }
        found.truncate(end);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT service_id, location_id FROM doc WHERE id = ?1")
            .map_err(e)?;
        let mut out: Vec<(f64, PeerHit)> = Vec::with_capacity(found.len());
        for (d, km, s) in found {
            let (service_id, location_id) = stmt
                .query_row([d], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .map_err(e)?;
            out.push((
                s,
                PeerHit {
                    service_id,
                    location_id,
                    km,
                },
            ));
        }
        out.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(a.1.km.total_cmp(&b.1.km))
                .then_with(|| a.1.service_id.cmp(&b.1.service_id))
                .then_with(|| a.1.location_id.cmp(&b.1.location_id))
        });
        out.truncate(k);
        Ok(out.into_iter().map(|(_, h)| h).collect())
    }
}

/// The instant's second of the local week (Monday 00:00 = 0) in `tz`.
fn week_second(tz: chrono_tz::Tz, at: DateTime<Utc>) -> i64 {
    let l = at.with_timezone(&tz);
    i64::from(l.weekday().num_days_from_monday()) * 86400 + i64::from(l.num_seconds_from_midnight())
}

/// Whether a packed list of `[start, end)` week-second spans holds `sow`.
fn open_at(hours: &[u8], sow: i64) -> bool {
    hours.chunks_exact(8).any(|c| {
        let a = u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as i64;
        let b = u32::from_le_bytes([c[4], c[5], c[6], c[7]]) as i64;
        a <= sow && sow < b
    })
}

/// An FTS5 query from free text: each word (split as typed) becomes the OR of haven's stems
/// for it, and all words must match; empty when nothing is left (only stop words).
pub fn fts_query(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .map(search::text::analyze)
        .filter(|s| !s.is_empty())
        .map(|stems| {
            let alts: Vec<String> = stems.iter().map(|s| format!("\"{s}\"")).collect();
            format!("({})", alts.join(" OR "))
        })
        .collect();
    words.join(" AND ")
}

/// The latitude/longitude boxes (one, or two across the antimeridian) that hold every point
/// within `km` of (lat, lon), and whether they cover the whole Earth.
fn bounds(lat: f64, lon: f64, km: f64) -> (Vec<(f64, f64, f64, f64)>, bool) {
    // The R*Tree keeps 32-bit coordinates rounded outwards and is asked for overlap, so a
    // point inside the box is never lost; the margin only covers the box's own arithmetic.
    const EPS: f64 = 1e-9;
    if !km.is_finite() || km / EARTH_RADIUS_KM >= std::f64::consts::PI {
        return (vec![(-90.0, 90.0, -180.0, 180.0)], true);
    }
    let dlat = km / KM_PER_DEG;
    let (la0, la1) = ((lat - dlat - EPS).max(-90.0), (lat + dlat + EPS).min(90.0));
    let ratio = (km / EARTH_RADIUS_KM).sin() / lat.to_radians().cos();
    let wide = km / EARTH_RADIUS_KM >= std::f64::consts::FRAC_PI_2;
    if la0 <= -90.0 || la1 >= 90.0 || wide || ratio.is_nan() || ratio >= 1.0 {
        return (vec![(la0, la1, -180.0, 180.0)], la0 <= -90.0 && la1 >= 90.0);
    }
    let dlon = ratio.asin().to_degrees() + EPS;
    let (lo0, lo1) = (lon - dlon, lon + dlon);
    let boxes = if lo0 < -180.0 {
        vec![(la0, la1, lo0 + 360.0, 180.0), (la0, la1, -180.0, lo1)]
    } else if lo1 > 180.0 {
        vec![(la0, la1, lo0, 180.0), (la0, la1, -180.0, lo1 - 360.0)]
    } else {
        vec![(la0, la1, lo0, lo1)]
    };
    (boxes, false)
}
