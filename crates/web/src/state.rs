//! What every request shares: the configuration, translations, the live search index, a small
//! pool of store connections used from blocking threads (SQLite calls block), the API's
//! response cache, and the limits that keep one client from holding what everyone needs.
//!
//! The index follows the store: a refresher thread wakes when the store announces a commit
//! (PostgreSQL's `NOTIFY`, through [`store::Follower`]) or when `refresh_every` passes, reads
//! the change sequence, and applies what changed. It also makes the first index when the state
//! was opened with [`AppState::open_deferred`], so `haven serve` can listen (and answer
//! `/healthz` and `/readyz`) before a million services are indexed.

use crate::WebError;
use guide::Catalog;
use search::{Index, LiveIndex};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use store::Store;

/// How the site behaves; every field has a default that runs out of the box.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the quick exit goes: a neutral site that raises no questions. Must be an absolute
    /// `http(s)` URL on another origin ([`Config::check`]).
    pub exit_url: String,
    /// Log one line per request (method, route pattern, status, time). Never an IP address,
    /// never a query string, never the concrete path of a service someone looked at.
    pub log_requests: bool,
    /// How often the search index checks the store for changes even when no commit was
    /// announced (the catch-up for a missed announcement; SQLite announces none). See
    /// [`Config::refresh_for`].
    pub refresh_every: Duration,
    /// How long the index may stay behind the store's change sequence before `/readyz` says
    /// "not ready" (zero: not ready whenever it is behind, even while applying a change).
    pub ready_max_lag: Duration,
    /// The service area whose hotlines are listed before other countries' (a service area
    /// name as the directory spells it).
    pub home_region: String,
    /// The site's public origin (`https://help.example.org`), used for every absolute URL (the
    /// card's QR code, the feed, the API root). Without it, absolute URLs use the address
    /// haven listens on when that is a specific one, else links stay relative. Never taken
    /// from a request's `Host`.
    pub public_origin: Option<String>,
    /// Peers whose `X-Forwarded-Proto` / `X-Forwarded-Host` are believed (a reverse proxy in
    /// front of haven); everyone else's are ignored.
    pub trusted_proxies: Vec<IpAddr>,
    /// Time and size limits for connections and streams.
    pub limits: Limits,
}

/// The bounds that keep slow, idle or greedy clients from exhausting sockets, threads and
/// memory (see `docs/security.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// A request's headers must arrive within this time of the connection being ready.
    pub header_timeout: Duration,
    /// A connection with no byte moving either way for this long is closed (idle keep-alive,
    /// a client that stopped reading).
    pub idle_timeout: Duration,
    /// Open connections at most; past it a new connection gets a short 503 and is closed.
    pub max_connections: usize,
    /// NDJSON streams being written at once at most; past it, a 503 problem with `Retry-After`.
    pub max_streams: usize,
    /// How long one batch of an NDJSON stream may wait for the client to read; past it the
    /// walk stops and frees its thread and store connection.
    pub stream_write_timeout: Duration,
    /// On SIGTERM or Ctrl-C, how long requests already being answered may take to finish
    /// before the process exits anyway.
    pub drain_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_connections: 1024,
            max_streams: 8,
            stream_write_timeout: Duration::from_secs(20),
            drain_timeout: Duration::from_secs(10),
        }
    }
}

/// The default quick-exit target: a weather site, the kind of page anyone might have open.
pub const DEFAULT_EXIT_URL: &str = "https://weather.com/";

impl Default for Config {
    fn default() -> Self {
        Config {
            exit_url: DEFAULT_EXIT_URL.to_string(),
            log_requests: true,
            refresh_every: Duration::from_secs(5),
            ready_max_lag: Duration::from_secs(30),
            home_region: "United States".to_string(),
            public_origin: None,
            trusted_proxies: Vec::new(),
            limits: Limits::default(),
        }
    }
}

/// An absolute `http`/`https` URL split into its lower-cased origin and the rest.
fn split_http_url(url: &str) -> Option<(String, &str)> {
    let lower = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let scheme = if lower.starts_with("https://") {
        "https"
    } else if lower.starts_with("http://") {
        "http"
    } else {
        return None;
    };
    let rest = &url[scheme.len() + 3..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let ok = !authority.is_empty()
        && !authority.starts_with(':')
        && authority
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b));
    ok.then(|| {
        (
            format!("{scheme}://{}", authority.to_ascii_lowercase()),
            tail,
        )
    })
}

impl Config {
    /// The default catch-up interval for a backend: PostgreSQL announces every commit, and a
    /// 1 s catch-up bounds what a missed announcement costs; a SQLite file announces nothing
    /// and is shared by one machine's processes, so 5 s.
    pub fn refresh_for(backend: store::Backend) -> Duration {
        match backend {
            store::Backend::Postgres => Duration::from_secs(1),
            store::Backend::Sqlite => Duration::from_secs(5),
        }
    }

    /// Refuse a configuration that would silently break something: a quick exit that is not
    /// an absolute http(s) URL on another origin, a public origin that is not an origin.
    pub fn check(&self) -> Result<(), WebError> {
        let bad = |flag: &str, message: String| WebError::Config {
            flag: flag.to_string(),
            message,
        };
        if let Some(o) = &self.public_origin {
            match split_http_url(o) {
                Some((_, tail)) if tail.is_empty() || tail == "/" => {}
                _ => {
                    return Err(bad(
                        "--public-origin",
                        format!(
                            "\"{o}\" is not an origin: give scheme and host only, like \
                             https://help.example.org"
                        ),
                    ))
                }
            }
        }
        let e = self.exit_url.trim();
        if e.chars().any(char::is_control) || e != self.exit_url {
            return Err(bad(
                "--exit-url",
                "it contains spaces or control characters".to_string(),
            ));
        }
        let Some((origin, _)) = split_http_url(e) else {
            return Err(bad(
                "--exit-url",
                format!(
                    "\"{e}\" is not an absolute http(s) URL; the quick exit must lead to another \
                     site, like {DEFAULT_EXIT_URL}"
                ),
            ));
        };
        if self.public_origin().is_some_and(|o| o == origin) {
            return Err(bad(
                "--exit-url",
                format!("\"{e}\" is on this site's own origin; the quick exit must leave it"),
            ));
        }
        Ok(())
    }

    /// The configured public origin, normalized (lower case, no trailing slash).
    pub fn public_origin(&self) -> Option<String> {
        self.public_origin
            .as_deref()
            .and_then(split_http_url)
            .map(|(o, _)| o)
    }

    /// Whether the quick exit leads to this origin (used once the listening address is known).
    pub fn exit_is_on(&self, origin: &str) -> bool {
        split_http_url(&self.exit_url).is_some_and(|(o, _)| o == origin)
    }
}

/// The search index as every handler reads it: an empty index until the first build, then the
/// live one, so the server can listen before the directory is indexed.
pub struct IndexSlot {
    live: OnceLock<LiveIndex>,
    empty: Arc<Index>,
}

impl IndexSlot {
    fn new() -> Result<IndexSlot, WebError> {
        let none = store::open("sqlite::memory:")?;
        Ok(IndexSlot {
            live: OnceLock::new(),
            empty: Arc::new(Index::build(none.as_ref())?),
        })
    }

    /// The index as it is now (empty before the first build); stable while held.
    pub fn current(&self) -> Arc<Index> {
        self.live
            .get()
            .map_or_else(|| self.empty.clone(), LiveIndex::current)
    }

    /// Whether the first index was built (before it, searches would find nothing).
    pub fn is_built(&self) -> bool {
        self.live.get().is_some()
    }
}

/// Whether an instance should get traffic, as `/readyz` says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    /// The index is built and at the store's change sequence (or catching up within
    /// `ready_max_lag`).
    Ready {
        /// The change sequence the index reflects.
        seq: u64,
    },
    /// The first index is still being built.
    Building,
    /// The index has been behind the store for longer than `ready_max_lag`.
    Behind {
        /// The change sequence the index reflects.
        index: u64,
        /// The store's change sequence.
        store: u64,
        /// For how long it has been seen behind.
        since: Duration,
    },
    /// The store cannot be read (a database down, a file deleted or replaced).
    Unavailable(String),
}

/// Shared by all handlers (behind an `Arc`).
pub struct AppState {
    /// The site's configuration.
    pub config: Config,
    /// Every shipped locale's messages.
    pub catalog: &'static Catalog,
    /// The directory index every search goes through (web pages and API alike).
    pub index: IndexSlot,
    /// True once the first index is built.
    ready: tokio::sync::watch::Sender<bool>,
    /// When `/readyz` first saw the index behind the store (None while in step).
    behind_since: Mutex<Option<Instant>>,
    pool: Mutex<Vec<Box<dyn Store>>>,
    store_url: String,
    /// What the public view hides (confidential locations), with the store version it was read at.
    hidden: Mutex<Option<(u64, Arc<store::Hidden>)>>,
    /// The store file and its identity when opened (device, inode), to notice a replacement.
    watched: Option<(PathBuf, Option<(u64, u64)>)>,
    /// Set once the store file was deleted or replaced under us: no new connection is opened.
    lost: AtomicBool,
    read_only: bool,
    /// The hotlines as last read, with the index version they were read at.
    hotlines: Mutex<Option<(u64, Arc<Vec<crate::directory::ServiceDetail>>)>>,
    /// The API's in-memory response cache.
    pub(crate) responses: crate::api::cache::Cache,
    /// What the API's handlers share: recent records, the gate on store work.
    pub(crate) api: crate::api::Shared,
    /// NDJSON streams being written now (at most `limits.max_streams`).
    pub(crate) streams: Arc<tokio::sync::Semaphore>,
    /// Where precomputed full exports are kept (removed when the state is dropped).
    pub(crate) exports: crate::api::export::Exports,
    /// `http://ADDR` of the listening socket when it is a specific address.
    listen_origin: OnceLock<String>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .field("store_url", &self.store_url)
            .finish_non_exhaustive()
    }
}

/// Connections kept open for reuse; more are opened under load and closed past this (closing
/// gives their page cache back).
const POOL_KEEP: usize = 8;

/// The identity of a file: (device, inode) on Unix.
fn identity(path: &std::path::Path) -> Option<(u64, u64)> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        Some((0, 0))
    }
}

impl AppState {
    /// Open the store, make its owner lookups fast, and build the index. A missing store file
    /// is created here, at start, and said in the log; once serving, a store file that
    /// disappears is never created again (see [`Self::unhealthy`]).
    pub fn open(config: Config, store_url: &str) -> Result<AppState, WebError> {
        let state = Self::open_deferred(config, store_url)?;
        state.build_index()?;
        Ok(state)
    }

    /// Like [`Self::open`] but without building the index: the refresher
    /// ([`Self::spawn_refresher`], started by [`crate::serve`]) builds it first thing, and
    /// until then `/readyz` says "building" and index-backed pages answer 503 with
    /// `Retry-After`. [`Self::wait_ready`] resolves once it is built.
    pub fn open_deferred(config: Config, store_url: &str) -> Result<AppState, WebError> {
        config.check()?;
        let first_start = !store::exists(store_url)?;
        let opts = store::OpenOptions {
            create: first_start,
            ..store::OpenOptions::serving()
        };
        let mut st = store::open_with(store_url, &opts)?;
        if first_start {
            eprintln!("haven: created a new, empty store: {}", st.describe());
        }
        let read_only = st.is_read_only();
        if read_only {
            eprintln!(
                "haven: {} is read-only: serving it as it is (imports need write access)",
                st.describe()
            );
        }
        let t = std::time::Instant::now();
        if st.prepare_lookups()? {
            // Once per store: about 12 s per lookup at a million services.
            eprintln!(
                "haven: built the store's lookup indexes in {:.1} s (once per store)",
                t.elapsed().as_secs_f64()
            );
        }
        let index = IndexSlot::new()?;
        let catalog = Catalog::embedded().map_err(|e| WebError::Content(e.to_string()))?;
        // Load the gazetteer now, off the request path: the first postal-code search should not
        // wait for it.
        let _ = std::thread::Builder::new()
            .name("gazetteer".to_string())
            .spawn(|| {
                search::gazetteer::Gazetteer::get();
            });
        let watched = store::file_of(store_url)?.map(|p| {
            let id = identity(&p);
            (p, id)
        });
        let streams = Arc::new(tokio::sync::Semaphore::new(
            config.limits.max_streams.max(1),
        ));
        Ok(AppState {
            config,
            catalog,
            index,
            ready: tokio::sync::watch::channel(false).0,
            behind_since: Mutex::new(None),
            pool: Mutex::new(vec![st]),
            store_url: store_url.to_string(),
            hidden: Mutex::new(None),
            watched,
            lost: AtomicBool::new(false),
            read_only,
            hotlines: Mutex::new(None),
            responses: crate::api::cache::Cache::default(),
            api: crate::api::Shared::default(),
            streams,
            exports: crate::api::export::Exports::new()?,
            listen_origin: OnceLock::new(),
        })
    }

    /// Build the first index from the store (or, once built, bring it up to date). Returns
    /// whether the index changed.
    pub fn build_index(&self) -> Result<bool, WebError> {
        if let Some(live) = self.index.live.get() {
            return self.with_raw_store_blocking(|st| Ok(live.refresh(st)?));
        }
        let live = self.with_raw_store_blocking(|st| Ok(LiveIndex::build(st)?))?;
        let _ = self.index.live.set(live);
        self.ready.send_replace(true);
        Ok(true)
    }

    /// Resolves once the first index is built (at once for [`Self::open`]).
    pub async fn wait_ready(&self) {
        let mut rx = self.ready.subscribe();
        let _ = rx.wait_for(|built| *built).await;
    }

    /// Whether this instance should get traffic now: the index built and at the store's change
    /// sequence (or behind it for less than `ready_max_lag`), and the store readable. Reads
    /// the store's change sequence, so call it from a blocking thread.
    pub fn readiness(&self) -> Readiness {
        if let Some(why) = self.unhealthy() {
            return Readiness::Unavailable(why);
        }
        if !self.index.is_built() {
            return Readiness::Building;
        }
        let index = self.index.current().seq;
        let store = match self.with_raw_store_blocking(|st| Ok(st.last_change()?)) {
            Ok(s) => s,
            Err(e) => return Readiness::Unavailable(format!("cannot read the store: {e}")),
        };
        let mut since = match self.behind_since.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if index >= store {
            *since = None;
            return Readiness::Ready { seq: index };
        }
        let first = *since.get_or_insert_with(Instant::now);
        let behind = first.elapsed();
        if behind < self.config.ready_max_lag {
            Readiness::Ready { seq: index }
        } else {
            Readiness::Behind {
                index,
                store,
                since: behind,
            }
        }
    }

    /// Remember the listening address as the origin of absolute URLs (when no public origin is
    /// configured and the address is a specific one, not 0.0.0.0 or [::]).
    pub fn set_listen_addr(&self, addr: std::net::SocketAddr) {
        if !addr.ip().is_unspecified() {
            let _ = self.listen_origin.set(format!("http://{addr}"));
        }
    }

    /// The origin for absolute URLs that no request header can change: the configured public
    /// origin, else the listening address; None when links must stay relative.
    pub fn fixed_origin(&self) -> Option<String> {
        self.config
            .public_origin()
            .or_else(|| self.listen_origin.get().cloned())
    }

    /// (entries, bytes) in the API's response cache now: searches must never add to it.
    pub fn cached_responses(&self) -> (usize, usize) {
        self.responses.size()
    }

    /// How many full exports are kept as files now.
    pub fn exports_kept(&self) -> usize {
        self.exports.generated()
    }

    /// Whether the store is being served read-only.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// Why the site cannot answer from the store, if it cannot: the store file was deleted or
    /// replaced while serving.
    pub fn unhealthy(&self) -> Option<String> {
        self.check_store();
        self.lost.load(Ordering::Relaxed).then(|| {
            let path = self
                .watched
                .as_ref()
                .map(|(p, _)| p.display().to_string())
                .unwrap_or_default();
            format!(
                "the store file {path} was deleted or replaced while haven was serving it; \
                 restart haven serve once the right file is in place"
            )
        })
    }

    /// Notice a store file deleted or replaced under us (once; said in the log).
    fn check_store(&self) {
        let Some((path, Some(id))) = &self.watched else {
            return;
        };
        if self.lost.load(Ordering::Relaxed) {
            return;
        }
        let now = identity(path);
        if now != Some(*id) && !self.lost.swap(true, Ordering::Relaxed) {
            let what = if now.is_none() { "deleted" } else { "replaced" };
            eprintln!(
                "haven: the store file {} was {what} while serving; answering from what is \
                 already open, opening nothing new and not rebuilding the index. Restart haven \
                 serve once the right file is in place.",
                path.display()
            );
        }
    }

    /// Run `f` with the public view of a store connection (confidential locations redacted, see
    /// `store::confidential`) on a blocking thread, so the async workers never wait on disk.
    pub async fn with_store<T, F>(self: &Arc<Self>, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, WebError> + Send + 'static,
    {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.with_store_blocking(f))
            .await
            .map_err(|e| WebError::Internal(format!("store task failed: {e}")))?
    }

    /// Like [`Self::with_store`], from code that is already on a blocking thread.
    pub fn with_store_blocking<T>(
        &self,
        f: impl FnOnce(&dyn Store) -> Result<T, WebError>,
    ) -> Result<T, WebError> {
        let mut st = self.take()?;
        let out = match self.hidden_now(st.as_ref()) {
            Ok(h) if h.is_empty() => f(st.as_ref()),
            Ok(h) => f(&store::Redacted::new(st.as_mut(), &h)),
            Err(e) => Err(e),
        };
        self.give_back(st);
        out
    }

    /// Like [`Self::with_store_blocking`] but with everything the store holds, confidential
    /// addresses included: only for the search index, which never hands precise places out.
    fn with_raw_store_blocking<T>(
        &self,
        f: impl FnOnce(&dyn Store) -> Result<T, WebError>,
    ) -> Result<T, WebError> {
        let st = self.take()?;
        let out = f(st.as_ref());
        self.give_back(st);
        out
    }

    /// What the public view hides at the store's current version (read again after a change).
    fn hidden_now(&self, st: &dyn Store) -> Result<Arc<store::Hidden>, WebError> {
        let seq = st.last_change()?;
        let lock = || match self.hidden.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if let Some((s, h)) = lock().as_ref() {
            if *s == seq {
                return Ok(h.clone());
            }
        }
        let h = Arc::new(store::Hidden::load(st)?);
        *lock() = Some((seq, h.clone()));
        Ok(h)
    }

    /// The hotlines read at index version `seq`, if that is what is kept.
    pub(crate) fn hotlines_cached(
        &self,
        seq: u64,
    ) -> Option<Arc<Vec<crate::directory::ServiceDetail>>> {
        let g = match self.hotlines.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        g.as_ref()
            .filter(|(s, _)| *s == seq)
            .map(|(_, l)| l.clone())
    }

    /// Keep the hotlines read at index version `seq`.
    pub(crate) fn cache_hotlines(
        &self,
        seq: u64,
        lines: Arc<Vec<crate::directory::ServiceDetail>>,
    ) {
        let mut g = match self.hotlines.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        *g = Some((seq, lines));
    }

    fn take(&self) -> Result<Box<dyn Store>, WebError> {
        let pooled = match self.pool.lock() {
            Ok(mut g) => g.pop(),
            Err(p) => p.into_inner().pop(),
        };
        if let Some(s) = pooled {
            return Ok(s);
        }
        self.check_store();
        if self.lost.load(Ordering::Relaxed) {
            return Err(WebError::StoreLost);
        }
        let opts = store::OpenOptions {
            read_only: self.read_only,
            ..store::OpenOptions::serving()
        };
        Ok(store::open_with(&self.store_url, &opts)?)
    }

    fn give_back(&self, st: Box<dyn Store>) {
        let mut g = match self.pool.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if !st.is_usable() {
            // Closed by the server: most likely a restart that closed every connection opened
            // before it, which would each fail one request. Drop them all; the next requests
            // open new ones.
            g.clear();
            return;
        }
        if g.len() < POOL_KEEP {
            g.push(st);
        }
    }

    /// After a burst: shrink the pooled connections' caches and hand freed heap back to the
    /// operating system, so RSS comes down again.
    fn release_memory(&self) {
        {
            let g = match self.pool.lock() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            for st in g.iter() {
                st.release_memory();
            }
        }
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: malloc_trim only returns free heap pages to the kernel.
        unsafe {
            libc::malloc_trim(0);
        }
    }

    /// Keep the index in step with the store: build the first index if the state was opened
    /// deferred, then wake on every announced commit (PostgreSQL) or every
    /// `config.refresh_every`, whichever comes first, and apply what changed in the background
    /// (queries keep using the previous index meanwhile). A missed announcement or a dropped
    /// listening connection loses nothing: every wake-up reads the change sequence. It never
    /// swaps a directory with services for an empty one, and stops following a store file that
    /// was deleted or replaced (saying so in the log).
    pub fn spawn_refresher(self: &Arc<Self>) {
        let me = Arc::downgrade(self);
        let every = self.config.refresh_every;
        let mut follower = match store::Follower::new(&self.store_url) {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("haven: cannot follow the store's announcements ({e}); polling");
                None
            }
        };
        std::thread::Builder::new()
            .name("index-refresh".to_string())
            .spawn(move || {
                let mut lost = false;
                loop {
                    if let Some(me) = me.upgrade() {
                        if !me.index.is_built() && !me.first_build() {
                            drop(me);
                            std::thread::sleep(every);
                            continue;
                        }
                    }
                    let wake = match follower.as_mut() {
                        Some(f) => f.wait(every),
                        None => {
                            std::thread::sleep(every);
                            store::Wake::Timeout
                        }
                    };
                    let Some(me) = me.upgrade() else {
                        return;
                    };
                    let target = follower.as_ref().and_then(|f| f.target()).unwrap_or("");
                    match wake {
                        store::Wake::Lost { reason } => {
                            lost = true;
                            eprintln!(
                                "haven: not listening for changes on {target} ({reason}); \
                                 checking every {:.1} s and connecting again",
                                every.as_secs_f64()
                            );
                        }
                        store::Wake::Listening if lost => {
                            lost = false;
                            eprintln!("haven: listening for changes on {target} again");
                        }
                        _ => {}
                    }
                    me.follow_store();
                }
            })
            .map(|_| ())
            .unwrap_or_else(|e| eprintln!("haven: no index refresh thread: {e}"));
    }

    /// Build the first index (said in the log); false when it failed (said too).
    fn first_build(&self) -> bool {
        let t = Instant::now();
        match self.build_index() {
            Ok(_) => {
                let index = self.index.current();
                eprintln!(
                    "haven: search index built in {:.1} s ({} services, change {})",
                    t.elapsed().as_secs_f64(),
                    index.len(),
                    index.seq
                );
                true
            }
            Err(e) => {
                eprintln!(
                    "haven: could not build the search index: {e}; trying again in {:.1} s",
                    self.config.refresh_every.as_secs_f64()
                );
                false
            }
        }
    }

    /// One catch-up: bring the index to the store's change sequence, sweep the caches.
    fn follow_store(&self) {
        self.check_store();
        if self.lost.load(Ordering::Relaxed) || self.read_only {
            self.release_memory();
            return;
        }
        let had = self.index.current().len();
        let t = Instant::now();
        let res = self.with_raw_store_blocking(|st| {
            if had > 0 && store::is_empty(st)? {
                return Err(WebError::Internal(
                    "the store is empty now but the index holds services; keeping the \
                     index (was the store file emptied?)"
                        .to_string(),
                ));
            }
            match self.index.live.get() {
                Some(live) => Ok(live.refresh(st)?),
                None => Ok(false),
            }
        });
        match res {
            Ok(true) => eprintln!(
                "haven: the directory changed; search index at change {} ({:.0} ms)",
                self.index.current().seq,
                t.elapsed().as_secs_f64() * 1000.0
            ),
            Ok(false) => {}
            Err(e) => eprintln!("haven: could not refresh the search index: {e}"),
        }
        self.responses.sweep();
        self.release_memory();
    }
}
