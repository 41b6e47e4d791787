//! The index kept live: each refresh applies the store's new changes to the services they
//! affect ([`Index::follow`]), or rebuilds the whole index when the change feed cannot be
//! followed that way; the result is swapped in atomically, so queries never wait for an update
//! and never see half of one.

use crate::{BuildError, Index};
use std::sync::{Arc, RwLock};

/// A shared, refreshable index: readers take a snapshot (`current`), a refresh replaces it.
pub struct LiveIndex {
    current: RwLock<Arc<Index>>,
    /// Services the delta may hold before a refresh rebuilds everything instead.
    max_delta: usize,
}

/// What one refresh did, for logs and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refreshed {
    /// The store had not changed.
    Unchanged,
    /// The changes were applied to the services they affect.
    Incremental,
    /// The whole index was rebuilt.
    Rebuilt,
}

impl LiveIndex {
    /// Build the first index from the store.
    pub fn build(st: &dyn store::Store) -> Result<LiveIndex, BuildError> {
        Ok(LiveIndex::new(Index::build(st)?))
    }

    /// Keep `index` live from now on.
    pub fn new(index: Index) -> LiveIndex {
        LiveIndex {
            current: RwLock::new(Arc::new(index)),
            max_delta: crate::delta::MAX_DELTA,
        }
    }

    /// The same, with at most `max_delta` changed services kept apart before a full rebuild
    /// (tests use small bounds to take both paths).
    pub fn with_max_delta(mut self, max_delta: usize) -> LiveIndex {
        self.max_delta = max_delta;
        self
    }

    /// The index as it is now; cheap (one Arc clone), and stable for as long as it is held.
    pub fn current(&self) -> Arc<Index> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Bring the index up to the store's last change. Returns whether it changed.
    pub fn refresh(&self, st: &dyn store::Store) -> Result<bool, BuildError> {
        Ok(self.refresh_how(st)? != Refreshed::Unchanged)
    }

    /// [`LiveIndex::refresh`], saying how: the store's reads happen outside the lock, so
    /// queries keep being answered meanwhile.
    pub fn refresh_how(&self, st: &dyn store::Store) -> Result<Refreshed, BuildError> {
        let cur = self.current();
        if st.last_change()? == cur.seq {
            return Ok(Refreshed::Unchanged);
        }
        let (fresh, how) = match cur.follow(st, self.max_delta)? {
            Some(next) => (next, Refreshed::Incremental),
            None => (Index::build(st)?, Refreshed::Rebuilt),
        };
        drop(cur);
        let mut g = match self.current.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *g = Arc::new(fresh);
        Ok(how)
    }
}
