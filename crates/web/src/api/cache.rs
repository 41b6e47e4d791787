//! A small in-process cache of whole API responses, keyed by the request's path and query and
//! by the search index's change sequence: the same request while the directory is unchanged is
//! answered from memory (the reverse-proxy cache the `Cache-Control` headers invite, built in).
//!
//! Entries live at most [`TTL`] (never longer than clients may cache them anyway), the cache
//! holds at most [`MAX_ENTRIES`] responses and [`MAX_BYTES`] bytes (it is emptied when full),
//! and it keeps nothing on disk: a restart forgets it.

use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};
use std::time::{Duration, Instant};

/// How long a response is reused at most.
pub const TTL: Duration = Duration::from_secs(30);
/// How many responses are kept at most.
pub const MAX_ENTRIES: usize = 4096;
/// How many body bytes are kept at most.
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

#[derive(Default)]
struct Inner {
    map: HashMap<String, Cached>,
    bytes: usize,
}

fn cache() -> &'static RwLock<Inner> {
    static C: OnceLock<RwLock<Inner>> = OnceLock::new();
    C.get_or_init(Default::default)
}

/// The response remembered for `key` when the directory is still at `seq`.
pub fn get(key: &str, seq: u64) -> Option<Cached> {
    let g = cache().read().unwrap_or_else(|p| p.into_inner());
    g.map
        .get(key)
        .filter(|c| c.seq == seq && c.at.elapsed() < TTL)
        .cloned()
}

/// Remember a response body for `key` at directory sequence `seq`.
pub fn put(key: String, seq: u64, body: Bytes, etag: String) {
    if body.len() > MAX_BYTES / 16 {
        return; // a huge page is not worth holding
    }
    let mut g = cache().write().unwrap_or_else(|p| p.into_inner());
    if g.map.len() >= MAX_ENTRIES || g.bytes + body.len() > MAX_BYTES {
        g.map.clear();
        g.bytes = 0;
    }
    g.bytes += body.len();
    let old = g.map.insert(
        key,
        Cached {
            body,
            etag,
            seq,
            at: Instant::now(),
        },
    );
    if let Some(o) = old {
        g.bytes = g.bytes.saturating_sub(o.body.len());
    }
}
