//! `haven`: the one binary. Serve the site, import, validate and export HSDS data, make demo data.

mod bundled;
mod generate;
mod guide_cmd;
mod pipeline;
mod serve;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// haven: a survivor-centered guide and referral directory.
#[derive(Parser)]
#[command(name = "haven", version, about, long_about = None)]
struct Cli {
    /// Where the directory is stored: `sqlite:PATH` or a plain file path (the default), or a
    /// PostgreSQL database, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (no TLS: loopback
    /// or a socket), for several `haven serve` instances sharing one directory.
    #[arg(long, global = true, env = "HAVEN_DB", default_value_t = store::default_url())]
    db: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the public site on the embedded store (loads the bundled directory on first start).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Where the quick-exit button leads.
        #[arg(long, default_value = web::DEFAULT_EXIT_URL)]
        exit_url: String,
        /// Log nothing at all per request (the default log has no IP address and no query).
        #[arg(long)]
        quiet: bool,
        /// The site's public origin (https://help.example.org) for every absolute URL: the
        /// card's QR code, the feed, the API root. Never taken from a request's Host.
        #[arg(long, env = "HAVEN_PUBLIC_ORIGIN")]
        public_origin: Option<String>,
        /// A reverse proxy whose X-Forwarded-Proto/-Host are believed (repeatable).
        #[arg(
            long = "trusted-proxy",
            env = "HAVEN_TRUSTED_PROXY",
            value_delimiter = ','
        )]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// Open connections at most; past it new ones get a short 503.
        #[arg(long, default_value_t = web::Limits::default().max_connections)]
        max_connections: usize,
        /// Seconds a request's headers may take to arrive.
        #[arg(long, default_value_t = web::Limits::default().header_timeout.as_secs())]
        header_timeout: u64,
        /// Seconds a connection may stay with no byte moving before it is closed.
        #[arg(long, default_value_t = web::Limits::default().idle_timeout.as_secs())]
        idle_timeout: u64,
        /// Seconds between checks of the store for changes nobody announced (default 1 for
        /// PostgreSQL, which also announces each commit at once; 5 for SQLite).
        #[arg(long, env = "HAVEN_REFRESH_EVERY", value_parser = serve::seconds)]
        refresh_every: Option<std::time::Duration>,
        /// Seconds the search index may stay behind the store before /readyz says "not ready"
        /// (0: whenever it is behind).
        #[arg(long, env = "HAVEN_READY_MAX_LAG", default_value = "30", value_parser = serve::seconds)]
        ready_max_lag: std::time::Duration,
        /// On SIGTERM or Ctrl-C, seconds requests being answered may take to finish.
        #[arg(long, default_value = "10", value_parser = serve::seconds)]
        drain_timeout: std::time::Duration,
    },
    /// Import HSDS files (JSON, NDJSON, a datapackage folder or .zip), all or nothing.
    Import {
        /// Files or datapackage folders to import together, as one transaction.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Treat warnings (unresolved optional references, ...) as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Check HSDS files as `import` would, without writing anything. Exit 0 when importable.
    Validate {
        /// Files or datapackage folders to check together.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Export everything in the store.
    Export {
        /// Output form.
        #[arg(long, value_enum, default_value_t = Format::Datapackage)]
        format: Format,
        /// Output file (json, ndjson; `-` for standard output) or folder (datapackage).
        #[arg(long)]
        out: PathBuf,
        /// Also write the street addresses and coordinates of confidential locations (shelters,
        /// safe houses), which are left out by default. Only for a trusted backup or move.
        #[arg(long)]
        include_confidential: bool,
        /// Datapackage only: prefix text cells starting with = + - @ with ' so a spreadsheet
        /// shows them instead of running them as formulas (not for importing back).
        #[arg(long)]
        escape_formulas: bool,
    },
    /// Write a deterministic synthetic datapackage, labelled as demo data, for benchmarks and demos.
    Generate {
        /// How many services.
        #[arg(long, default_value_t = 1000)]
        services: u64,
        /// Random seed: the same seed gives the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output folder (created; must be empty or an earlier datapackage).
        #[arg(long)]
        out: PathBuf,
    },
    /// Find help: nearest first, with text, service type, language, free and open-now filters.
    Search {
        /// Words to look for in names, descriptions and service types (English and Spanish).
        text: Vec<String>,
        /// Where: "LAT,LON", a postal code ("10001") or a place ("Brooklyn, NY").
        #[arg(long)]
        near: Option<String>,
        /// Only results within this many km of --near.
        #[arg(long)]
        radius: Option<f64>,
        /// How many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Service type: a taxonomy term's code, name or id (e.g. hotline, emergency-department).
        #[arg(long)]
        taxonomy: Option<String>,
        /// A language spoken, by code ("es") or name ("Spanish").
        #[arg(long)]
        language: Option<String>,
        /// Only services that are free of charge.
        #[arg(long)]
        free: bool,
        /// Only services open now (in each location's own time zone).
        #[arg(long, conflicts_with = "open_at")]
        open_now: bool,
        /// Only services open at this time (RFC 3339, e.g. 2026-12-04T22:30:00-05:00).
        #[arg(long)]
        open_at: Option<String>,
        /// Include services that are not active.
        #[arg(long)]
        all: bool,
        /// One JSON array of results instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// The bundled directory (hotlines, US hospitals).
    Bundle {
        #[command(subcommand)]
        command: BundleCommand,
    },
    /// Walk the guide "I think someone may be trafficked. What should I do?" in the terminal.
    Guide {
        /// Language (en, es); default: from LANG, else English.
        #[arg(long)]
        lang: Option<String>,
        /// Numbered choices read line by line: no cursor movement or colour (screen readers).
        #[arg(long)]
        plain: bool,
        /// A postal code or place for the "nearest" results (also `p CODE` while walking).
        #[arg(long)]
        near: Option<String>,
    },
    /// The guide's and the series' content files.
    Content {
        #[command(subcommand)]
        command: guide_cmd::ContentCommand,
    },
    /// Create the store's tables, or bring them to this haven's schema version (either backend).
    Migrate,
    /// Write a backup of the store to a new SQLite file (a consistent snapshot on either backend).
    Backup {
        /// The backup file to create (never overwritten).
        #[arg(long)]
        out: PathBuf,
    },
    /// Load a backup made by `haven backup` into the store (`--db`), which must be empty.
    Restore {
        /// The backup file.
        path: PathBuf,
    },
    /// Copy a whole directory from one store to another, empty one (e.g. SQLite to PostgreSQL).
    Copy {
        /// The store to read, e.g. sqlite:haven-data/haven.sqlite.
        #[arg(long)]
        from: String,
        /// The empty store to fill, e.g. postgres://haven@127.0.0.1/haven.
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand)]
enum BundleCommand {
    /// Convert the source files (data/sources) into the shipped datapackage (data/bundled).
    Build {
        /// Folder with hotlines.csv and hospitals/.
        #[arg(long, default_value = "data/sources")]
        sources: PathBuf,
        /// Output datapackage folder.
        #[arg(long, default_value = "data/bundled")]
        out: PathBuf,
    },
    /// Load the bundled directory into the store now (serve does this on first start).
    Load,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON object keyed by table name (the official tabular JSON form).
    Json,
    /// One record per line, each a one-record tabular document.
    Ndjson,
    /// A folder with datapackage.json and one CSV per table.
    Datapackage,
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    // The search data's licences ask for attribution: it closes `haven search --help`.
    let credits = format!(
        "Data sources:\n  {}",
        search::gazetteer::Gazetteer::attribution().join("\n  ")
    );
    let cmd = Cli::command().mut_subcommand("search", |c| c.after_help(credits));
    let cli = match Cli::from_arg_matches(&cmd.get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("haven: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn open_store(url: &str) -> Result<Box<dyn store::Store>> {
    store::open(url).with_context(|| format!("opening the store at {}", store::redact_url(url)))
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Import { paths, strict } => {
            let mut st = open_store(&cli.db)?;
            let report = pipeline::run(st.as_mut(), &paths, strict, false)?;
            pipeline::print_problems(&report.problems, 100);
            if report.has_errors() {
                let n = report.problems.iter().filter(|p| p.is_error()).count();
                eprintln!(
                    "haven: import failed with {n} error{}; nothing was written.",
                    if n == 1 { "" } else { "s" }
                );
                return Ok(ExitCode::from(1));
            }
            print!("{}", pipeline::format_tally(&report.tally, false));
            let changed: u64 = report.tally.values().map(|t| t.created + t.updated).sum();
            if changed == 0 {
                println!("Nothing changed: the store already holds exactly this data.");
            } else {
                println!("Imported into {}.", st.describe());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { paths, strict } => {
            let mut st = open_store(&cli.db)?;
            let report = pipeline::run(st.as_mut(), &paths, strict, true)?;
            pipeline::print_problems(&report.problems, 100);
            let errors = report.problems.iter().filter(|p| p.is_error()).count();
            let warnings = report.problems.len() - errors;
            print!("{}", pipeline::format_tally(&report.tally, true));
            if errors > 0 {
                println!("Not importable: {errors} error(s), {warnings} warning(s).");
                Ok(ExitCode::from(1))
            } else {
                println!("Valid: {warnings} warning(s).");
                Ok(ExitCode::SUCCESS)
            }
        }
        Command::Export {
            format,
            out,
            include_confidential,
            escape_formulas,
        } => {
            if escape_formulas && !matches!(format, Format::Datapackage) {
                anyhow::bail!("--escape-formulas applies to --format datapackage (CSV) only");
            }
            let mut st = open_store(&cli.db)?;
            let described = st.describe();
            let hidden = if include_confidential {
                store::Hidden::default()
            } else {
                store::Hidden::load(st.as_ref())?
            };
            if !hidden.is_empty() {
                eprintln!(
                    "Leaving out the street address and coordinates of {} confidential location(s) (--include-confidential writes them).",
                    hidden.locations.len()
                );
            }
            let view = store::Redacted::new(st.as_mut(), &hidden);
            let src = StoreSource(&view);
            let counts = match format {
                Format::Datapackage => {
                    let options = hsds::io::WriteOptions { escape_formulas };
                    hsds::io::write_datapackage_with(&src, &out, &options)?
                }
                Format::Json | Format::Ndjson => {
                    let write = |w: &mut dyn std::io::Write| match format {
                        Format::Json => hsds::io::write_json(&src, w, &out),
                        _ => hsds::io::write_ndjson(&src, w, &out),
                    };
                    if out.as_os_str() == "-" {
                        let stdout = std::io::stdout();
                        let mut lock = std::io::BufWriter::new(stdout.lock());
                        write(&mut lock)?
                    } else {
                        // Written beside the target and renamed, so a failure leaves no half file.
                        let tmp = out.with_extension("tmp-export");
                        let f = std::fs::File::create(&tmp)
                            .with_context(|| format!("creating {}", tmp.display()))?;
                        let mut w = std::io::BufWriter::new(f);
                        let counts = write(&mut w);
                        drop(w);
                        match counts {
                            Ok(c) => {
                                std::fs::rename(&tmp, &out)
                                    .with_context(|| format!("writing {}", out.display()))?;
                                c
                            }
                            Err(e) => {
                                let _ = std::fs::remove_file(&tmp);
                                return Err(e.into());
                            }
                        }
                    }
                }
            };
            let total: u64 = counts.values().sum();
            if out.as_os_str() != "-" {
                eprintln!(
                    "Exported {total} records from {described} to {}.",
                    out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate {
            services,
            seed,
            out,
        } => {
            if services == 0 {
                bail!("--services must be at least 1");
            }
            let summary = generate::generate(&generate::GenerateOptions {
                services,
                seed,
                out: out.clone(),
            })?;
            println!(
                "Wrote {} synthetic demo records ({services} services, seed {seed}) to {}.",
                summary.total(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Bundle { command } => match command {
            BundleCommand::Build { sources, out } => {
                let (dir, report) = bundle::convert(&sources)
                    .with_context(|| format!("converting the sources in {}", sources.display()))?;
                let counts = hsds::io::write_datapackage(&dir, &out)?;
                println!("{report}");
                let total: u64 = counts.values().sum();
                println!("Wrote {total} records to {}.", out.display());
                Ok(ExitCode::SUCCESS)
            }
            BundleCommand::Load => {
                let mut st = open_store(&cli.db)?;
                let report = bundled::load(st.as_mut())?;
                print!("{}", pipeline::format_tally(&report.tally, false));
                Ok(ExitCode::SUCCESS)
            }
        },
        Command::Search {
            text,
            near,
            radius,
            limit,
            taxonomy,
            language,
            free,
            open_now,
            open_at,
            all,
            json,
        } => {
            let open_at = match (open_now, open_at) {
                (true, _) => Some(chrono::Utc::now()),
                (false, Some(t)) => Some(
                    chrono::DateTime::parse_from_rfc3339(&t)
                        .map_err(|e| anyhow::anyhow!("--open-at \"{t}\" is not an RFC 3339 time (like 2026-12-04T22:30:00-05:00): {e}"))?
                        .with_timezone(&chrono::Utc),
                ),
                (false, None) => None,
            };
            let point = match &near {
                Some(n) => {
                    let place = search::gazetteer::Gazetteer::get().resolve(n)?;
                    Some((place.lat, place.lon))
                }
                None => None,
            };
            let st = open_store(&cli.db)?;
            let index = search::Index::build(st.as_ref())?;
            let query = search::Query {
                text: (!text.is_empty()).then(|| text.join(" ")),
                near: point,
                radius_km: radius,
                limit,
                taxonomy,
                language,
                free,
                open_at,
                status_at: None,
                include_inactive: all,
            };
            let results = index.search(&query)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&search_json(&results)?)?);
            } else {
                print!("{}", search_table(&results));
            }
            if !results.unmatched_terms.is_empty() {
                eprintln!(
                    "haven: no listing contains: {}",
                    results.unmatched_terms.join(", ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            addr,
            exit_url,
            quiet,
            public_origin,
            trusted_proxies,
            max_connections,
            header_timeout,
            idle_timeout,
            refresh_every,
            ready_max_lag,
            drain_timeout,
        } => {
            let refresh_every = match refresh_every {
                Some(d) => d,
                None => web::Config::refresh_for(store::backend_of(&cli.db)?),
            };
            let config = web::Config {
                exit_url,
                log_requests: !quiet,
                public_origin,
                trusted_proxies,
                refresh_every: refresh_every.max(std::time::Duration::from_millis(50)),
                ready_max_lag,
                limits: web::Limits {
                    max_connections,
                    header_timeout: std::time::Duration::from_secs(header_timeout.max(1)),
                    idle_timeout: std::time::Duration::from_secs(idle_timeout.max(1)),
                    drain_timeout,
                    ..web::Limits::default()
                },
                ..web::Config::default()
            };
            config.check()?;
            serve::first_start(&cli.db)?;
            serve::serve(&cli.db, &addr, config)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Guide { lang, plain, near } => guide_cmd::run_guide(&cli.db, lang, plain, near),
        Command::Content { command } => guide_cmd::run_content(command),
        Command::Migrate => {
            let st = open_store(&cli.db)?;
            println!("{}: schema version {}", st.describe(), st.schema_version()?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { out } => {
            let shown = store::redact_url(&cli.db);
            let moved = store::backup(&cli.db, &out)
                .with_context(|| format!("backing up {shown} to {}", out.display()))?;
            println!("backed up {} records to {}", moved.records, out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { path } => {
            let shown = store::redact_url(&cli.db);
            let moved = store::restore(&path, &cli.db)
                .with_context(|| format!("restoring {} into {shown}", path.display()))?;
            println!("restored {} records into {shown}", moved.records);
            Ok(ExitCode::SUCCESS)
        }
        Command::Copy { from, to } => {
            let (f, t) = (store::redact_url(&from), store::redact_url(&to));
            let moved = store::copy(&from, &to).with_context(|| format!("copying {f} to {t}"))?;
            println!("copied {} records from {f} to {t}", moved.records);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `haven search --json`: one array, the nearest places first, then the lines that serve the
/// point's area, each with `distance_km: null` and `service_area` (the area's name).
fn search_json(r: &search::Results) -> Result<serde_json::Value> {
    let mut all = Vec::with_capacity(r.hits.len() + r.area_hits.len());
    for h in &r.hits {
        all.push(serde_json::to_value(h)?);
    }
    for a in &r.area_hits {
        let mut v = serde_json::to_value(a)?;
        if let Some(m) = v.as_object_mut() {
            m.insert("distance_km".into(), serde_json::Value::Null);
        }
        all.push(v);
    }
    Ok(serde_json::Value::Array(all))
}

/// A name cut to `n` characters for a table column.
fn cut(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    } else {
        s.to_string()
    }
}

fn open_words(open: Option<bool>) -> &'static str {
    match open {
        Some(true) => "open",
        Some(false) => "closed",
        None => "hours unknown",
    }
}

/// The human form of search results: a readable table of the nearest places, then the lines
/// that serve the point's area under their own label, or a sentence when there are none.
fn search_table(r: &search::Results) -> String {
    if r.hits.is_empty() && r.area_hits.is_empty() {
        return "No services match. Try a larger --radius, fewer filters, or other words.\n".into();
    }
    let mut out = String::new();
    if !r.hits.is_empty() {
        out.push_str(&format!(
            "{:<3} {:<40} {:<30} {:>9}  {:<13} {}\n",
            "#", "name", "organization", "km", "open", "phone"
        ));
    }
    for (i, h) in r.hits.iter().enumerate() {
        // A confidential location's distance is from a coarse grid point, rounded.
        let km = match h.distance_km {
            Some(d) if h.distance_approximate => format!("about {d:.0}"),
            Some(d) => format!("{d:.1}"),
            None => "-".into(),
        };
        out.push_str(&format!(
            "{:<3} {:<40} {:<30} {:>9}  {:<13} {}\n",
            i + 1,
            cut(&h.name, 40),
            cut(&h.organization, 30),
            km,
            open_words(h.open),
            h.phones.first().map(String::as_str).unwrap_or("-")
        ));
    }
    if !r.area_hits.is_empty() {
        if !r.hits.is_empty() {
            out.push('\n');
        }
        out.push_str("Serves your area: call or text\n");
        out.push_str(&format!(
            "{:<3} {:<40} {:<30} {:<20}  {:<13} {}\n",
            "#", "name", "organization", "serves", "open", "phone"
        ));
        for (i, a) in r.area_hits.iter().enumerate() {
            out.push_str(&format!(
                "{:<3} {:<40} {:<30} {:<20}  {:<13} {}\n",
                i + 1,
                cut(&a.name, 40),
                cut(&a.organization, 30),
                cut(&a.service_area, 20),
                open_words(a.open),
                a.phones.first().map(String::as_str).unwrap_or("-")
            ));
        }
    }
    out
}

/// The store as a source of records for the writers.
struct StoreSource<'a>(&'a dyn store::Store);

impl hsds::io::RecordSource for StoreSource<'_> {
    fn each(
        &self,
        table: hsds::Table,
        f: &mut dyn FnMut(&hsds::Record) -> Result<(), hsds::io::WriteError>,
    ) -> Result<(), hsds::io::WriteError> {
        let mut inner: Option<hsds::io::WriteError> = None;
        let r = self.0.for_each(table, &mut |rec| match f(&rec) {
            Ok(()) => Ok(()),
            Err(e) => {
                inner = Some(e);
                Err(store::StoreError::Callback("export stopped".into()))
            }
        });
        match (r, inner) {
            (_, Some(e)) => Err(e),
            (Err(e), None) => Err(hsds::io::WriteError::Source(e.to_string())),
            (Ok(()), None) => Ok(()),
        }
    }
}
