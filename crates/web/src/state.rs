//! What every request shares: the configuration, translations, the live search index, and a
//! small pool of store connections used from blocking threads (SQLite calls block).

use crate::WebError;
use guide::Catalog;
use search::LiveIndex;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use store::Store;

/// How the site behaves; every field has a default that runs out of the box.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the quick exit goes: a neutral site that raises no questions.
    pub exit_url: String,
    /// Log one line per request (method, route pattern, status, time). Never an IP address,
    /// never a query string, never the concrete path of a service someone looked at.
    pub log_requests: bool,
    /// How often the search index checks the store for changes.
    pub refresh_every: Duration,
    /// The service area whose hotlines are listed before other countries' (a service area
    /// name as the directory spells it).
    pub home_region: String,
}

/// The default quick-exit target: a weather site, the kind of page anyone might have open.
pub const DEFAULT_EXIT_URL: &str = "https://weather.com/";

impl Default for Config {
    fn default() -> Self {
        Config {
            exit_url: DEFAULT_EXIT_URL.to_string(),
            log_requests: true,
            refresh_every: Duration::from_secs(5),
            home_region: "United States".to_string(),
        }
    }
}

/// Shared by all handlers (behind an `Arc`).
pub struct AppState {
    /// The site's configuration.
    pub config: Config,
    /// Every shipped locale's messages.
    pub catalog: &'static Catalog,
    /// The directory index every search goes through (web pages and API alike).
    pub index: Arc<LiveIndex>,
    pool: Mutex<Vec<Box<dyn Store>>>,
    store_url: String,
    /// What the public view hides (confidential locations), with the store version it was read at.
    hidden: Mutex<Option<(u64, Arc<store::Hidden>)>>,
    /// The hotlines as last read, with the index version they were read at.
    hotlines: Mutex<Option<(u64, Arc<Vec<crate::directory::ServiceDetail>>)>>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .field("store_url", &self.store_url)
            .finish_non_exhaustive()
    }
}

/// Connections kept open for reuse; more are opened under load and closed past this.
const POOL_KEEP: usize = 32;

impl AppState {
    /// Open the store, make its owner lookups fast, and build the index.
    pub fn open(config: Config, store_url: &str) -> Result<AppState, WebError> {
        let mut st = store::open(store_url)?;
        let t = std::time::Instant::now();
        if st.prepare_lookups()? {
            // Once per store: about 12 s per lookup at a million services.
            eprintln!(
                "haven: built the store's lookup indexes in {:.1} s (once per store)",
                t.elapsed().as_secs_f64()
            );
        }
        let index = Arc::new(LiveIndex::build(st.as_ref())?);
        let catalog = Catalog::embedded().map_err(|e| WebError::Content(e.to_string()))?;
        // Load the gazetteer now, off the request path: the first postal-code search should not
        // wait for it.
        let _ = std::thread::Builder::new()
            .name("gazetteer".to_string())
            .spawn(|| {
                search::gazetteer::Gazetteer::get();
            });
        Ok(AppState {
            config,
            catalog,
            index,
            pool: Mutex::new(vec![st]),
            store_url: store_url.to_string(),
            hidden: Mutex::new(None),
            hotlines: Mutex::new(None),
        })
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
        match pooled {
            Some(s) => Ok(s),
            None => Ok(store::open(&self.store_url)?),
        }
    }

    fn give_back(&self, st: Box<dyn Store>) {
        let mut g = match self.pool.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if g.len() < POOL_KEEP {
            g.push(st);
        }
    }

    /// Keep the index in step with the store: check every `config.refresh_every`, rebuild in
    /// the background when it changed (queries keep using the previous index meanwhile).
    pub fn spawn_refresher(self: &Arc<Self>) {
        let me = self.clone();
        let every = self.config.refresh_every;
        std::thread::Builder::new()
            .name("index-refresh".to_string())
            .spawn(move || loop {
                std::thread::sleep(every);
                let res = me.with_raw_store_blocking(|st| Ok(me.index.refresh(st)?));
                match res {
                    Ok(true) => eprintln!("haven: the directory changed; search index rebuilt"),
                    Ok(false) => {}
                    Err(e) => eprintln!("haven: could not refresh the search index: {e}"),
                }
            })
            .map(|_| ())
            .unwrap_or_else(|e| eprintln!("haven: no index refresh thread: {e}"));
    }
}
