//! `haven generate`: a deterministic synthetic HSDS 3.0 tabular datapackage, so benchmarks, demos
//! and tests have a directory of any size without touching real (and sensitive) listings.
//!
//! Every name says it is demo data and every phone number is a reserved fictional US number
//! (555-0100..555-0199), so a generated listing can never send a person in danger to a stranger.
//! Rows are streamed to the CSV files as they are made: memory stays flat whatever the size.

use anyhow::{bail, Context, Result};
use hsds::{spec, Table};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// What to generate and where, as the `haven generate` flags give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// How many services to make (organizations, locations and the rest follow from it).
    pub services: u64,
    /// The seed: the same services and seed give byte-identical files.
    pub seed: u64,
    /// The folder to write the datapackage into (created when missing).
    pub out: PathBuf,
}

/// Rows written per table, so the CLI can say what it made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenerateSummary {
    /// Row count of every table written (tables not generated are absent).
    pub rows: BTreeMap<Table, u64>,
}

impl GenerateSummary {
    /// Rows written across all tables, for the one-line report.
    pub fn total(&self) -> u64 {
        self.rows.values().sum()
    }
}

/// The tables a generated datapackage holds, in the official datapackage order.
const TABLES: [Table; 12] = [
    Table::Organization,
    Table::Service,
    Table::Attribute,
    Table::ServiceAtLocation,
    Table::Location,
    Table::Phone,
    Table::Address,
    Table::Schedule,
    Table::Language,
    Table::TaxonomyTerm,
    Table::CostOption,
    Table::Taxonomy,
];

/// Write a synthetic directory of `opts.services` services into `opts.out`.
pub fn generate(opts: &GenerateOptions) -> Result<GenerateSummary> {
    prepare_folder(&opts.out)?;
    let mut w = Writers::create(&opts.out)?;
    let ids = Ids::new(opts.seed);
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let terms = write_taxonomy(&mut w, &ids)?;
    let places = postal_places();

    let mut org_n = 0u64;
    let mut service_n = 0u64;
    while service_n < opts.services {
        let org = ids.get(Table::Organization, org_n);
        write_organization(&mut w, &mut rng, org_n, &org)?;
        let size = rng.gen_range(1..=9u64).min(opts.services - service_n);
        for _ in 0..size {
            write_service(&mut w, &mut rng, &ids, &terms, &places, service_n, &org)?;
            service_n += 1;
        }
        org_n += 1;
    }

    let mut rows = BTreeMap::new();
    for tw in w.tables {
        rows.insert(tw.table, tw.finish()?);
    }
    write_datapackage(&opts.out)?;
    Ok(GenerateSummary { rows })
}

/// Create the folder, or accept an empty one or an earlier datapackage; refuse anything else.
fn prepare_folder(out: &Path) -> Result<()> {
    if out.exists() {
        if !out.is_dir() {
            bail!("{} exists and is not a folder", out.display());
        }
        let mut entries =
            fs::read_dir(out).with_context(|| format!("cannot read folder {}", out.display()))?;
        if entries.next().is_some() && !out.join("datapackage.json").exists() {
            bail!(
                "{} is not empty and holds no datapackage.json; refusing to write into it \
                 (choose a new or empty folder)",
                out.display()
            );
        }
    }
    fs::create_dir_all(out).with_context(|| format!("cannot create folder {}", out.display()))
}

/// The official descriptor with only the resources of the tables written.
fn write_datapackage(out: &Path) -> Result<()> {
    let mut dp: Value =
        serde_json::from_str(hsds::spec::DATAPACKAGE_JSON).context("embedded datapackage.json")?;
    let names: Vec<&str> = TABLES.iter().map(|t| t.name()).collect();
    if let Some(resources) = dp.get_mut("resources").and_then(Value::as_array_mut) {
        resources.retain(|r| {
            r.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| names.contains(&n))
        });
    }
    let mut text = serde_json::to_string_pretty(&dp)?;
    text.push('\n');
    let path = out.join("datapackage.json");
    fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Deterministic ids: UUID v5 of (table, row number) in a namespace made from the seed, so a
/// row's id is known without remembering it (a service finds its organization's id by number).
struct Ids {
    namespace: Uuid,
}

impl Ids {
    fn new(seed: u64) -> Self {
        let name = format!("https://haven.invalid/generate/seed/{seed}");
        Ids {
            namespace: Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes()),
        }
    }

    fn get(&self, table: Table, n: u64) -> String {
        let tag = TABLES.iter().position(|&t| t == table).unwrap_or(255) as u8;
        let mut name = [0u8; 9];
        name[0] = tag;
        name[1..].copy_from_slice(&n.to_be_bytes());
        Uuid::new_v5(&self.namespace, &name).to_string()
    }
}

/// One CSV file, written in the official column order with a reused row buffer.
struct TableWriter {
    table: Table,
    names: Vec<&'static str>,
    row: Vec<String>,
    csv: csv::Writer<File>,
    count: u64,
}

impl TableWriter {
    fn create(dir: &Path, table: Table) -> Result<Self> {
        let path = dir.join(table.file_name());
        let file =
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut csv = csv::WriterBuilder::new()
            .buffer_capacity(256 * 1024)
            .from_writer(file);
        let names: Vec<&'static str> = spec(table).field_names().collect();
        csv.write_record(&names)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(TableWriter {
            table,
            row: vec![String::new(); names.len()],
            names,
            csv,
            count: 0,
        })
    }

    /// Write one row; fields not named stay empty.
    fn write(&mut self, fields: &[(&str, &str)]) -> Result<()> {
        for cell in &mut self.row {
            cell.clear();
        }
        for (name, value) in fields {
            let Some(i) = self.names.iter().position(|n| n == name) else {
                bail!("{} has no field {name}", self.table);
            };
            self.row[i].push_str(value);
        }
        self.csv
            .write_record(&self.row)
            .with_context(|| format!("cannot write {}", self.table.file_name()))?;
        self.count += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<u64> {
        self.csv
            .flush()
            .with_context(|| format!("cannot write {}", self.table.file_name()))?;
        Ok(self.count)
    }
}

struct Writers {
    tables: Vec<TableWriter>,
}

impl Writers {
    fn create(dir: &Path) -> Result<Self> {
        let tables = TABLES
            .iter()
            .map(|&t| TableWriter::create(dir, t))
            .collect::<Result<_>>()?;
        Ok(Writers { tables })
    }

    fn write(&mut self, table: Table, fields: &[(&str, &str)]) -> Result<()> {
        let i = TABLES.iter().position(|&t| t == table).unwrap_or(0);
        self.tables[i].write(fields)
    }

    fn count(&self, table: Table) -> u64 {
        let i = TABLES.iter().position(|&t| t == table).unwrap_or(0);
        self.tables[i].count
    }
}

const DEMO_DESCRIPTION: &str = "Synthetic demo record generated by haven; not a real service.";

/// (code, name, description, parent code, word used in service names)
const TERMS: &[(&str, &str, &str, Option<&str>, &str)] = &[
    (
        "shelter",
        "Emergency shelter",
        "Safe places to stay tonight.",
        None,
        "Shelter",
    ),
    (
        "hotline",
        "Helpline",
        "Phone, text and chat support lines.",
        None,
        "Helpline",
    ),
    (
        "legal",
        "Legal aid",
        "Free or low-cost legal advice and representation.",
        None,
        "Legal Aid",
    ),
    (
        "legal-immigration",
        "Immigration legal help",
        "Advice on visas, status and protection for survivors.",
        Some("legal"),
        "Immigration Clinic",
    ),
    (
        "medical",
        "Medical care",
        "Clinics and hospitals.",
        None,
        "Clinic",
    ),
    (
        "counselling",
        "Counselling",
        "Emotional support and mental health care.",
        None,
        "Counselling Centre",
    ),
    (
        "case-management",
        "Case management",
        "Help planning next steps and reaching other services.",
        None,
        "Advocacy Service",
    ),
    (
        "food",
        "Food and basic needs",
        "Food, clothing and hygiene items.",
        None,
        "Pantry",
    ),
    (
        "transport",
        "Transport",
        "Help getting to a safe place or an appointment.",
        None,
        "Transport Service",
    ),
];

/// Rare service types, for the search benchmark's selectivity sweep: (code, name, description,
/// the service number modulo [`RARE_EVERY`] that gets it). Linked by service number, with no
/// random draw and ids of their own, so every row a seed made before they existed is unchanged
/// (the new term and attribute rows are added beside them). "Peer mentoring" gives the rare
/// word "mentoring"; "labor-trafficking" is the rare type.
const RARE_TERMS: &[(&str, &str, &str, u64)] = &[
    (
        "labor-trafficking",
        "Labor exploitation response",
        "Help for people forced to work (synthetic rare type).",
        1,
    ),
    (
        "peer-support",
        "Peer mentoring",
        "Survivors supporting survivors (synthetic rare type).",
        501,
    ),
];

/// One service in this many has each rare term (0.1%).
const RARE_EVERY: u64 = 1000;

/// Rare terms' attribute ids are numbered from here, apart from the ordinary attributes' count.
const RARE_ATTRIBUTE_BASE: u64 = 1 << 48;

/// Languages a service may offer besides English and Spanish: (code, name).
const LANGUAGES: &[(&str, &str)] = &[
    ("fr", "French"),
    ("zh", "Chinese"),
    ("vi", "Vietnamese"),
    ("ar", "Arabic"),
    ("ko", "Korean"),
    ("tl", "Tagalog"),
    ("ru", "Russian"),
    ("ht", "Haitian Creole"),
    ("pt", "Portuguese"),
];

const AREA_CODES: &[&str] = &[
    "202", "206", "212", "213", "305", "312", "404", "415", "503", "602", "615", "617", "702",
    "713", "720", "801", "813", "919",
];

const STATES: &[&str] = &[
    "AL", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
    "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
    "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
];

const ORG_KINDS: &[&str] = &[
    "Community Alliance",
    "Outreach Network",
    "Support Collective",
    "Aid Society",
    "Survivor Coalition",
];

const STREETS: &[&str] = &[
    "Demo Street",
    "Example Avenue",
    "Sample Road",
    "Placeholder Lane",
];

/// The taxonomy and its terms; returns the term ids with the word used in service names.
fn write_taxonomy(w: &mut Writers, ids: &Ids) -> Result<Vec<(String, &'static str)>> {
    let taxonomy_id = ids.get(Table::Taxonomy, 0);
    w.write(
        Table::Taxonomy,
        &[
            ("id", &taxonomy_id),
            ("name", "haven demo taxonomy (synthetic data)"),
            (
                "description",
                "A small taxonomy for synthetic demo data generated by haven.",
            ),
            ("uri", "https://example.org/haven-demo-taxonomy"),
            ("version", "1"),
        ],
    )?;
    let term_id = |code: &str| {
        let i = TERMS.iter().position(|t| t.0 == code).unwrap_or(0);
        ids.get(Table::TaxonomyTerm, i as u64)
    };
    let mut out = Vec::new();
    for &(code, name, description, parent, word) in TERMS {
        let id = term_id(code);
        let parent_id = parent.map(term_id).unwrap_or_default();
        let uri = format!("https://example.org/haven-demo-taxonomy/{code}");
        w.write(
            Table::TaxonomyTerm,
            &[
                ("id", &id),
                ("code", code),
                ("name", name),
                ("description", description),
                ("parent_id", &parent_id),
                ("taxonomy", "haven demo taxonomy"),
                ("language", "en"),
                ("taxonomy_id", &taxonomy_id),
                ("term_uri", &uri),
            ],
        )?;
        out.push((id, word));
    }
    for (j, &(code, name, description, _)) in RARE_TERMS.iter().enumerate() {
        let id = ids.get(Table::TaxonomyTerm, (TERMS.len() + j) as u64);
        let uri = format!("https://example.org/haven-demo-taxonomy/{code}");
        w.write(
            Table::TaxonomyTerm,
            &[
                ("id", &id),
                ("code", code),
                ("name", name),
                ("description", description),
                ("taxonomy", "haven demo taxonomy"),
                ("language", "en"),
                ("taxonomy_id", &taxonomy_id),
                ("term_uri", &uri),
            ],
        )?;
    }
    Ok(out)
}

/// How many rare-term attributes the services numbered below `n` have.
fn rare_attributes_before(n: u64) -> u64 {
    RARE_TERMS
        .iter()
        .map(|&(_, _, _, slot)| (n + RARE_EVERY - 1 - slot) / RARE_EVERY)
        .sum()
}

/// The rare term's attribute for service `n`, when it has one (no random draw).
fn write_rare_terms(w: &mut Writers, ids: &Ids, n: u64, service: &str) -> Result<()> {
    for (j, &(_, _, _, slot)) in RARE_TERMS.iter().enumerate() {
        if n % RARE_EVERY != slot {
            continue;
        }
        let term = ids.get(Table::TaxonomyTerm, (TERMS.len() + j) as u64);
        let aid = ids.get(Table::Attribute, RARE_ATTRIBUTE_BASE + n);
        w.write(
            Table::Attribute,
            &[
                ("id", &aid),
                ("link_id", service),
                ("taxonomy_term_id", &term),
                ("link_type", "service_type"),
                ("link_entity", "service"),
            ],
        )?;
    }
    Ok(())
}

fn write_organization(w: &mut Writers, rng: &mut ChaCha8Rng, n: u64, id: &str) -> Result<()> {
    let kind = ORG_KINDS.choose(rng).copied().unwrap_or("Network");
    let name = format!("Demo {kind} {n:06} (synthetic data)");
    let description = format!("{DEMO_DESCRIPTION} A made-up organization for demos and tests.");
    let email = format!("org-{n:06}@example.org");
    let website = format!("https://example.org/demo/org-{n:06}");
    let year = rng.gen_range(1950..=2024u32).to_string();
    w.write(
        Table::Organization,
        &[
            ("id", id),
            ("name", &name),
            ("description", &description),
            ("email", &email),
            ("website", &website),
            ("year_incorporated", &year),
            ("legal_status", "Nonprofit (synthetic)"),
        ],
    )
}

/// Where a location is: a real US postal-code centroid from haven's gazetteer, jittered.
struct Spot {
    lat: f64,
    lon: f64,
    postal_code: &'static str,
    city: &'static str,
    state: &'static str,
}

/// The ZIP centroids locations are placed on: the 50 states, DC and Puerto Rico (military and
/// Pacific-territory codes left out), in the gazetteer's code order so the draw is deterministic.
fn postal_places() -> Vec<&'static search::gazetteer::Place> {
    search::gazetteer::Gazetteer::get()
        .postal_codes()
        .iter()
        .filter(|p| {
            p.region
                .as_deref()
                .is_some_and(|r| STATES.contains(&r) || ["AK", "HI", "DC", "PR"].contains(&r))
        })
        .collect()
}

/// Most jitter around a centroid, in km: services at one ZIP spread over a small town's
/// width instead of sitting on one point.
const JITTER_KM: f64 = 2.0;

/// A point for a location: a ZIP centroid drawn uniformly from `places` (so density follows
/// where ZIP codes are, roughly where people live), moved up to `JITTER_KM` in a uniformly
/// random direction (uniform over the disc).
fn place(rng: &mut ChaCha8Rng, places: &[&'static search::gazetteer::Place]) -> Spot {
    let p = places[rng.gen_range(0..places.len())];
    let r = JITTER_KM * rng.gen::<f64>().sqrt();
    let theta = rng.gen_range(0.0..std::f64::consts::TAU);
    let km_per_deg = search::EARTH_RADIUS_KM.to_radians();
    let lat = (p.lat + r * theta.cos() / km_per_deg).clamp(-90.0, 90.0);
    let lon = p.lon + r * theta.sin() / (km_per_deg * p.lat.to_radians().cos().max(0.01));
    let lon = if lon > 180.0 {
        lon - 360.0
    } else if lon < -180.0 {
        lon + 360.0
    } else {
        lon
    };
    // A postal place's name is "ZIP City".
    let (postal_code, city) = p.name.split_once(' ').unwrap_or((&p.name, ""));
    Spot {
        lat,
        lon,
        postal_code,
        city,
        state: p.region.as_deref().unwrap_or(""),
    }
}

/// A date between 2026-01-01 and 2026-11-28, fixed so output does not depend on the clock.
fn date(rng: &mut ChaCha8Rng) -> String {
    format!(
        "2026-{:02}-{:02}",
        rng.gen_range(1..=11u32),
        rng.gen_range(1..=28u32)
    )
}

fn write_service(
    w: &mut Writers,
    rng: &mut ChaCha8Rng,
    ids: &Ids,
    terms: &[(String, &'static str)],
    places: &[&'static search::gazetteer::Place],
    n: u64,
    org: &str,
) -> Result<()> {
    let id = ids.get(Table::Service, n);
    let primary = rng.gen_range(0..terms.len());
    let word = terms[primary].1;

    // Languages first: the service row mentions interpretation when there is more than English.
    let mut langs: Vec<(&str, &str)> = vec![("en", "English")];
    if rng.gen_bool(0.45) {
        langs.push(("es", "Spanish"));
    }
    if rng.gen_bool(0.15) {
        if let Some(&l) = LANGUAGES.choose(rng) {
            langs.push(l);
        }
    }
    let cost = rng.gen_range(0..100u32);
    let fees = match cost {
        0..=49 => "Free of charge.",
        50..=74 => "Sliding scale by income; no one is turned away.",
        _ => "Ask when you call.",
    };
    let status = match rng.gen_range(0..100u32) {
        0..=91 => "active",
        92..=97 => "inactive",
        _ => "temporarily closed",
    };
    let name = format!("Demo {word} {n:06} (synthetic data)");
    let url = format!("https://example.org/demo/service-{n:06}");
    let email = format!("service-{n:06}@example.org");
    let interpretation = if langs.len() > 1 {
        let names: Vec<&str> = langs.iter().map(|l| l.1).collect();
        format!("Staff speak {}.", names.join(", "))
    } else {
        String::new()
    };
    let minimum_age = if rng.gen_bool(0.3) { "18" } else { "" };
    let assured = date(rng);
    let modified = format!(
        "{}T{:02}:{:02}:00Z",
        date(rng),
        rng.gen_range(0..24u32),
        rng.gen_range(0..60u32)
    );
    w.write(
        Table::Service,
        &[
            ("id", &id),
            ("organization_id", org),
            ("name", &name),
            ("description", DEMO_DESCRIPTION),
            ("url", &url),
            ("email", &email),
            ("status", status),
            ("interpretation_services", &interpretation),
            (
                "application_process",
                "Call or walk in during opening hours (synthetic).",
            ),
            ("fees_description", fees),
            ("eligibility_description", "Anyone (synthetic)."),
            ("minimum_age", minimum_age),
            ("assured_date", &assured),
            ("assurer_email", "verifier@example.org"),
            ("last_modified", &modified),
        ],
    )?;

    // One location per service, with its address and the service_at_location link.
    let location = ids.get(Table::Location, n);
    let spot = place(rng, places);
    let location_name = format!("Demo Site {n:06} (synthetic data)");
    let (lat, lon) = (format!("{:.6}", spot.lat), format!("{:.6}", spot.lon));
    w.write(
        Table::Location,
        &[
            ("id", &location),
            ("location_type", "physical"),
            ("organization_id", org),
            ("name", &location_name),
            ("description", DEMO_DESCRIPTION),
            ("latitude", &lat),
            ("longitude", &lon),
        ],
    )?;
    let street = format!(
        "{} {}",
        rng.gen_range(1..9999u32),
        STREETS.choose(rng).copied().unwrap_or("Demo Street")
    );
    w.write(
        Table::Address,
        &[
            ("id", &ids.get(Table::Address, n)),
            ("location_id", &location),
            ("address_1", &street),
            ("city", spot.city),
            ("state_province", spot.state),
            ("postal_code", spot.postal_code),
            ("country", "US"),
            ("address_type", "physical"),
        ],
    )?;
    w.write(
        Table::ServiceAtLocation,
        &[
            ("id", &ids.get(Table::ServiceAtLocation, n)),
            ("service_id", &id),
            ("location_id", &location),
        ],
    )?;

    // 1-2 phones, reserved fictional numbers only.
    let area = AREA_CODES.choose(rng).copied().unwrap_or("212");
    let phones = if rng.gen_bool(0.35) { 2 } else { 1 };
    for p in 0..phones {
        let number = format!("+1 {area}-555-01{:02}", rng.gen_range(0..100u32));
        let (kind, description) = if p == 0 {
            ("voice", "Main line (fictional number, synthetic data).")
        } else {
            ("text", "Text line (fictional number, synthetic data).")
        };
        let pid = ids.get(Table::Phone, w.count(Table::Phone));
        w.write(
            Table::Phone,
            &[
                ("id", &pid),
                ("service_id", &id),
                ("number", &number),
                ("type", kind),
                ("description", description),
            ],
        )?;
    }

    write_schedules(w, rng, ids, &id)?;

    for (code, lang) in &langs {
        let lid = ids.get(Table::Language, w.count(Table::Language));
        w.write(
            Table::Language,
            &[
                ("id", &lid),
                ("service_id", &id),
                ("name", lang),
                ("code", code),
            ],
        )?;
    }

    // Taxonomy terms via attributes: the primary one, sometimes a second.
    let mut linked = vec![primary];
    if rng.gen_bool(0.4) {
        let other = rng.gen_range(0..terms.len());
        if other != primary {
            linked.push(other);
        }
    }
    for t in linked {
        // Numbered as if no rare term existed, so these ids are what they always were.
        let ordinary = w.count(Table::Attribute) - rare_attributes_before(n);
        let aid = ids.get(Table::Attribute, ordinary);
        w.write(
            Table::Attribute,
            &[
                ("id", &aid),
                ("link_id", &id),
                ("taxonomy_term_id", &terms[t].0),
                ("link_type", "service_type"),
                ("link_entity", "service"),
            ],
        )?;
    }

    write_rare_terms(w, ids, n, &id)?;

    if cost < 75 {
        let cid = ids.get(Table::CostOption, w.count(Table::CostOption));
        let (option, amount, description) = if cost < 50 {
            ("Free", "0".to_string(), "No charge (synthetic).")
        } else {
            (
                "Sliding scale",
                rng.gen_range(5..=40u32).to_string(),
                "Up to this amount per visit, by income (synthetic).",
            )
        };
        w.write(
            Table::CostOption,
            &[
                ("id", &cid),
                ("service_id", &id),
                ("option", option),
                ("currency", "USD"),
                ("amount", &amount),
                ("amount_description", description),
            ],
        )?;
    }
    Ok(())
}

const WEEKDAYS: &str = "MO,TU,WE,TH,FR";
const EVERY_DAY: &str = "MO,TU,WE,TH,FR,SA,SU";

/// Weekly opening hours: regular, split, past midnight, 24 hours, or none at all.
fn write_schedules(w: &mut Writers, rng: &mut ChaCha8Rng, ids: &Ids, service: &str) -> Result<()> {
    let open = format!("{:02}:00:00", rng.gen_range(8..=10u32));
    let close = format!("{:02}:00:00", rng.gen_range(16..=19u32));
    let rows: Vec<(&str, &str, &str, &str)> = match rng.gen_range(0..100u32) {
        0..=9 => vec![],
        10..=54 => vec![(WEEKDAYS, &open, &close, "Weekdays.")],
        55..=64 => vec![
            (WEEKDAYS, &open, &close, "Weekdays."),
            ("SA", "10:00:00", "14:00:00", "Saturday mornings."),
        ],
        65..=76 => vec![
            (WEEKDAYS, &open, "12:30:00", "Weekdays, morning session."),
            (WEEKDAYS, "13:30:00", &close, "Weekdays, afternoon session."),
        ],
        77..=84 => vec![
            ("MO,TU,WE,TH", "18:00:00", "23:00:00", "Evenings."),
            (
                "FR,SA",
                "20:00:00",
                "02:00:00",
                "Late nights, closing after midnight.",
            ),
        ],
        _ => vec![(
            EVERY_DAY,
            "00:00:00",
            "23:59:59",
            "Open 24 hours, every day.",
        )],
    };
    for (byday, opens, closes, description) in rows {
        let sid = ids.get(Table::Schedule, w.count(Table::Schedule));
        w.write(
            Table::Schedule,
            &[
                ("id", &sid),
                ("service_id", service),
                ("freq", "WEEKLY"),
                ("wkst", "MO"),
                ("interval", "1"),
                ("byday", byday),
                ("opens_at", opens),
                ("closes_at", closes),
                ("description", description),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hsds::Kind;
    use std::collections::{BTreeSet, HashMap, HashSet};

    fn run(services: u64, seed: u64, out: &Path) -> GenerateSummary {
        generate(&GenerateOptions {
            services,
            seed,
            out: out.to_path_buf(),
        })
        .unwrap()
    }

    fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }

    fn rows(dir: &Path, table: Table) -> Vec<BTreeMap<String, String>> {
        let mut r = csv::Reader::from_path(dir.join(table.file_name())).unwrap();
        let headers = r.headers().unwrap().clone();
        r.records()
            .map(|rec| {
                headers
                    .iter()
                    .zip(rec.unwrap().iter())
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn same_services_and_seed_give_byte_identical_files() {
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        let sa = run(200, 7, a.path());
        let sb = run(200, 7, b.path());
        run(200, 8, c.path());
        assert_eq!(sa, sb);
        assert_eq!(files(a.path()), files(b.path()));
        assert_ne!(
            files(a.path())["services.csv"],
            files(c.path())["services.csv"]
        );
        assert_eq!(sa.rows[&Table::Service], 200);
        assert_eq!(sa.rows[&Table::Location], 200);
        assert_eq!(sa.rows[&Table::ServiceAtLocation], 200);
        let orgs = sa.rows[&Table::Organization];
        assert!((20..=80).contains(&orgs), "{orgs} organizations");
    }

    #[test]
    fn headers_and_descriptor_are_the_official_ones() {
        let dir = tempfile::tempdir().unwrap();
        let summary = run(50, 1, dir.path());
        let dp: Value =
            serde_json::from_slice(&fs::read(dir.path().join("datapackage.json")).unwrap())
                .unwrap();
        let official: Value = serde_json::from_str(hsds::spec::DATAPACKAGE_JSON).unwrap();
        let resources = dp["resources"].as_array().unwrap();
        assert_eq!(resources.len(), TABLES.len());
        for r in resources {
            let table = Table::lookup(r["name"].as_str().unwrap()).unwrap();
            assert_eq!(r["path"], table.file_name());
            let same = official["resources"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["name"] == r["name"])
                .unwrap();
            assert_eq!(r, same, "{table}: resource copied unchanged");
        }
        for t in TABLES {
            let mut reader = csv::Reader::from_path(dir.path().join(t.file_name())).unwrap();
            let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
            let official: Vec<&str> = spec(t).field_names().collect();
            assert_eq!(header, official, "{t}");
            assert!(summary.rows.contains_key(&t));
        }
        let mut on_disk: BTreeSet<String> = files(dir.path()).into_keys().collect();
        assert!(on_disk.remove("datapackage.json"));
        let written: BTreeSet<String> = TABLES.iter().map(|t| t.file_name().to_string()).collect();
        assert_eq!(on_disk, written);
    }

    #[test]
    fn every_reference_resolves() {
        let dir = tempfile::tempdir().unwrap();
        run(200, 3, dir.path());
        let ids = |t| -> HashSet<String> {
            rows(dir.path(), t)
                .into_iter()
                .map(|r| r["id"].clone())
                .collect()
        };
        let (orgs, services, locations, terms) = (
            ids(Table::Organization),
            ids(Table::Service),
            ids(Table::Location),
            ids(Table::TaxonomyTerm),
        );
        let taxonomies = ids(Table::Taxonomy);
        for s in rows(dir.path(), Table::Service) {
            assert!(orgs.contains(&s["organization_id"]), "{s:?}");
        }
        for l in rows(dir.path(), Table::Location) {
            assert!(orgs.contains(&l["organization_id"]));
        }
        for r in rows(dir.path(), Table::ServiceAtLocation) {
            assert!(services.contains(&r["service_id"]));
            assert!(locations.contains(&r["location_id"]));
        }
        for r in rows(dir.path(), Table::Address) {
            assert!(locations.contains(&r["location_id"]));
        }
        for t in [
            Table::Phone,
            Table::Schedule,
            Table::Language,
            Table::CostOption,
        ] {
            for r in rows(dir.path(), t) {
                assert!(services.contains(&r["service_id"]), "{t}");
            }
        }
        for r in rows(dir.path(), Table::Attribute) {
            assert_eq!(r["link_entity"], "service");
            assert!(services.contains(&r["link_id"]));
            assert!(terms.contains(&r["taxonomy_term_id"]));
        }
        for r in rows(dir.path(), Table::TaxonomyTerm) {
            assert!(taxonomies.contains(&r["taxonomy_id"]));
            if let Some(p) = r.get("parent_id") {
                assert!(terms.contains(p));
            }
        }
        // Ids are unique across the whole package.
        let mut all = HashSet::new();
        for t in TABLES {
            for r in rows(dir.path(), t) {
                assert!(all.insert(r["id"].clone()), "{t}: duplicate id");
            }
        }
    }

    #[test]
    fn rare_terms_reach_one_service_in_a_thousand_and_leave_ordinary_ids_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        run(2500, 42, dir.path());
        let ids = Ids::new(42);
        let term_of: HashMap<String, String> = rows(dir.path(), Table::TaxonomyTerm)
            .into_iter()
            .map(|r| (r["id"].clone(), r["code"].clone()))
            .collect();
        let (mut ordinary, mut rare) = (Vec::new(), Vec::new());
        for r in rows(dir.path(), Table::Attribute) {
            let code = term_of[&r["taxonomy_term_id"]].clone();
            if RARE_TERMS.iter().any(|t| t.0 == code) {
                rare.push((code, r["link_id"].clone(), r["id"].clone()));
            } else {
                ordinary.push(r["id"].clone());
            }
        }
        // The ordinary attributes are numbered 0, 1, 2... exactly as before rare terms existed.
        for (k, id) in ordinary.iter().enumerate() {
            assert_eq!(*id, ids.get(Table::Attribute, k as u64), "attribute {k}");
        }
        // Services 1, 1001, 2001 get the rare type; 501, 1501 the rare word's term.
        let mut got: Vec<(String, String)> =
            rare.iter().map(|r| (r.0.clone(), r.1.clone())).collect();
        got.sort();
        let mut want: Vec<(String, String)> = [1u64, 1001, 2001]
            .iter()
            .map(|&n| ("labor-trafficking".to_string(), ids.get(Table::Service, n)))
            .chain(
                [501u64, 1501]
                    .iter()
                    .map(|&n| ("peer-support".to_string(), ids.get(Table::Service, n))),
            )
            .collect();
        want.sort();
        assert_eq!(got, want);
        for (_, _, id) in &rare {
            assert!(
                !ordinary.contains(id),
                "a rare attribute reuses an ordinary id"
            );
        }
        assert_eq!(rare_attributes_before(0), 0);
        assert_eq!(rare_attributes_before(2), 1);
        assert_eq!(rare_attributes_before(502), 2);
        assert_eq!(rare_attributes_before(1002), 3);
    }

    fn is_time(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() == 8
            && b[2] == b':'
            && b[5] == b':'
            && s[0..2].parse::<u32>().is_ok_and(|h| h < 24)
            && s[3..5].parse::<u32>().is_ok_and(|m| m < 60)
            && s[6..8].parse::<u32>().is_ok_and(|m| m < 60)
    }

    #[test]
    fn every_value_fits_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        run(300, 11, dir.path());
        for t in TABLES {
            let spec = spec(t);
            for row in rows(dir.path(), t) {
                for f in &spec.fields {
                    if f.required || f.tabular_required {
                        assert!(row.contains_key(&f.name), "{t}.{} missing", f.name);
                    }
                    let Some(v) = row.get(&f.name) else { continue };
                    if let Some(allowed) = &f.allowed {
                        assert!(allowed.contains(v), "{t}.{}: {v}", f.name);
                    }
                    let ok = match f.kind {
                        Kind::Uuid => Uuid::parse_str(v).is_ok(),
                        Kind::Number => v.parse::<f64>().is_ok(),
                        Kind::Time => is_time(v),
                        Kind::Date => v.len() == 10 && v.as_bytes()[4] == b'-',
                        Kind::DateTime => {
                            v.len() == 20 && v.ends_with('Z') && v.as_bytes()[10] == b'T'
                        }
                        Kind::Email => v.ends_with("@example.org"),
                        Kind::Uri => v.starts_with("https://example.org/"),
                        Kind::Text => !v.trim().is_empty(),
                    };
                    assert!(ok, "{t}.{} = {v:?} is not a valid {:?}", f.name, f.kind);
                }
            }
        }
    }

    #[test]
    fn everything_says_it_is_demo_data() {
        let dir = tempfile::tempdir().unwrap();
        run(200, 5, dir.path());
        for t in [Table::Organization, Table::Service] {
            for r in rows(dir.path(), t) {
                assert!(r["name"].starts_with("Demo ") && r["name"].ends_with("(synthetic data)"));
                assert!(r["description"].contains("not a real service"));
            }
        }
        let mut kinds = BTreeSet::new();
        for r in rows(dir.path(), Table::Phone) {
            let n = &r["number"];
            assert!(n.starts_with("+1 ") && n[6..].starts_with("-555-01"), "{n}");
            assert_eq!(n.len(), "+1 212-555-0123".len());
            kinds.insert(r["type"].clone());
        }
        assert_eq!(kinds, BTreeSet::from(["text".into(), "voice".into()]));
        let statuses: BTreeSet<String> = rows(dir.path(), Table::Service)
            .into_iter()
            .map(|r| r["status"].clone())
            .collect();
        assert!(statuses.contains("active") && statuses.contains("inactive"));
        let costs: Vec<_> = rows(dir.path(), Table::CostOption);
        assert!(costs
            .iter()
            .any(|c| c["amount"] == "0" && c["option"] == "Free"));
        let langs: BTreeSet<String> = rows(dir.path(), Table::Language)
            .into_iter()
            .map(|r| r["code"].clone())
            .collect();
        assert!(
            langs.contains("en") && langs.contains("es") && langs.len() > 3,
            "{langs:?}"
        );
    }

    #[test]
    fn schedules_cover_split_overnight_and_all_day_hours() {
        let dir = tempfile::tempdir().unwrap();
        run(300, 9, dir.path());
        let schedules = rows(dir.path(), Table::Schedule);
        assert!(
            schedules.iter().any(|s| s["closes_at"] < s["opens_at"]),
            "past midnight"
        );
        assert!(schedules
            .iter()
            .any(|s| s["opens_at"] == "00:00:00" && s["closes_at"] == "23:59:59"));
        assert!(
            schedules.iter().any(|s| s["closes_at"] == "12:30:00"),
            "split hours"
        );
        let with: HashSet<&String> = schedules.iter().map(|s| &s["service_id"]).collect();
        assert!(with.len() < 300, "some services have no schedule");
    }

    #[test]
    fn locations_sit_within_the_jitter_of_their_postal_code_centroid() {
        let dir = tempfile::tempdir().unwrap();
        run(300, 4, dir.path());
        let g = search::gazetteer::Gazetteer::get();
        let points: HashMap<String, (f64, f64)> = rows(dir.path(), Table::Location)
            .into_iter()
            .map(|l| {
                (
                    l["id"].clone(),
                    (
                        l["latitude"].parse().unwrap(),
                        l["longitude"].parse().unwrap(),
                    ),
                )
            })
            .collect();
        let mut codes = HashSet::new();
        for a in rows(dir.path(), Table::Address) {
            let zip = g.postal(&a["postal_code"]).expect("a real ZIP code");
            assert_eq!(zip.region.as_deref(), Some(a["state_province"].as_str()));
            assert!(
                zip.name.ends_with(&a["city"]),
                "{} vs {}",
                zip.name,
                a["city"]
            );
            let (lat, lon) = points[&a["location_id"]];
            let km = search::haversine_km(lat, lon, zip.lat, zip.lon);
            assert!(km <= JITTER_KM + 0.01, "{km} km from {}", zip.name);
            codes.insert(a["postal_code"].clone());
        }
        assert!(
            codes.len() > 250,
            "spread over many ZIP codes: {}",
            codes.len()
        );
    }

    #[test]
    fn refuses_a_folder_that_is_not_a_datapackage() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = generate(&GenerateOptions {
            services: 10,
            seed: 1,
            out: dir.path().to_path_buf(),
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("not empty") && err.contains("datapackage.json"),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );

        // A folder holding an earlier datapackage is regenerated in place; a new one is created.
        let again = tempfile::tempdir().unwrap();
        let nested = again.path().join("a/b");
        run(10, 1, &nested);
        run(10, 1, &nested);
        let empty = tempfile::tempdir().unwrap();
        run(0, 1, empty.path());
        assert_eq!(rows(empty.path(), Table::Service).len(), 0);
    }
}
