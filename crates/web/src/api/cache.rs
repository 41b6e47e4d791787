//! A small in-process cache of whole API responses, keyed by the request's path and query and
//! by the search index's change sequence: the same request while the directory is unchanged is
//! answered from memory (the reverse-proxy cache the `Cache-Control` headers invite, built in).
//!
//! Only listings and records that are the same for everyone are kept: searches (text, place,
//! postcode, language, open, free) are never cached, so timing a request tells nothing about
//! what someone else asked. Entries live at most [`TTL`] and expired ones are swept out; the
//! cache holds at most [`MAX_ENTRIES`] responses and [`MAX_BYTES`] bytes counting keys, tags
//! and bodies (it is emptied when full), and it keeps nothing on disk: a restart forgets it.
//! It lives in the app's state, so two apps in one process share nothing.

use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// How long a response is reused at most.
pub const TTL: Duration = Duration::from_secs(30);
/// How many responses are kept at most.
pub const MAX_ENTRIES: usize = 4096;
/// How many bytes (keys, tags and bodies) are kept at most.
pub const MAX_BYTES: usize = 64 << 20;

/// One remembered response body with its entity tag.
#[derive(Clone)]
pub struct Cached {
    /// The body.
    pub body: Bytes,
    /// Its ETag.
    pub etag: String,
    seq: u64,
    at: Instant,
}

impl Cached {
    fn cost(&self, key: &str) -> usize {
        key.len() + self.etag.len() + self.body.len()
    }
}

struct Inner {
    map: HashMap<String, Cached>,
    bytes: usize,
    swept: Instant,
}

/// The cache itself (one per app).
pub struct Cache {
    inner: RwLock<Inner>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            inner: RwLock::new(Inner {
                map: HashMap::new(),
                bytes: 0,
                swept: Instant::now(),
            }),
        }
    }
}

impl Cache {
    /// The response remembered for `key` when the directory is still at `seq`.
    pub fn get(&self, key: &str, seq: u64) -> Option<Cached> {
        let g = self.inner.read().unwrap_or_else(|p| p.into_inner());
        g.map
            .get(key)
            .filter(|c| c.seq == seq && c.at.elapsed() < TTL)
            .cloned()
    }

    /// Remember a response body for `key` at directory sequence `seq`.
    pub fn put(&self, key: String, seq: u64, body: Bytes, etag: String) {
        if body.len() > MAX_BYTES / 16 {
            return; // a huge page is not worth holding
        }
        let entry = Cached {
            body,
            etag,
            seq,
            at: Instant::now(),
        };
        let cost = entry.cost(&key);
        let mut g = self.inner.write().unwrap_or_else(|p| p.into_inner());
        if g.swept.elapsed() >= TTL {
            g.swept = Instant::now();
            g.map.retain(|_, c| c.at.elapsed() < TTL && c.seq == seq);
            g.bytes = g.map.iter().map(|(k, c)| c.cost(k)).sum();
        }
        if g.map.len() >= MAX_ENTRIES || g.bytes + cost > MAX_BYTES {
            g.map.clear();
            g.bytes = 0;
        }
        if let Some(old) = g.map.remove(&key) {
            g.bytes = g.bytes.saturating_sub(old.cost(&key));
        }
        g.bytes += cost;
        g.map.insert(key, entry);
    }

    /// (entries, bytes) held now, for tests and diagnostics.
    pub fn size(&self) -> (usize, usize) {
        let g = self.inner.read().unwrap_or_else(|p| p.into_inner());
        (g.map.len(), g.bytes)
    }

    /// Drop what expired (the sweep `put` runs at most every [`TTL`]), now.
    pub fn sweep(&self) {
        let mut g = self.inner.write().unwrap_or_else(|p| p.into_inner());
        g.swept = Instant::now();
        g.map.retain(|_, c| c.at.elapsed() < TTL);
        g.bytes = g.map.iter().map(|(k, c)| c.cost(k)).sum();
    }
}
