//! The index kept live: rebuilt from the store when its change sequence moves, and swapped in
//! atomically, so queries never wait for a rebuild and never see half of one.

use crate::{BuildError, Index};
use std::sync::{Arc, RwLock};

/// A shared, refreshable index: readers take a snapshot (`current`), a refresh replaces it.
pub struct LiveIndex {
    current: RwLock<Arc<Index>>,
}

impl LiveIndex {
    /// Build the first index from the store.
    pub fn build(st: &dyn store::Store) -> Result<LiveIndex, BuildError> {
        Ok(LiveIndex {
            current: RwLock::new(Arc::new(Index::build(st)?)),
        })
    }

    /// The index as it is now; cheap (one Arc clone), and stable for as long as it is held.
    pub fn current(&self) -> Arc<Index> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Rebuild if the store changed since the current index was built. Returns whether it did.
    /// A rebuild reads the store outside the lock, so queries keep being answered meanwhile.
    pub fn refresh(&self, st: &dyn store::Store) -> Result<bool, BuildError> {
        let seq = st.last_change()?;
        if seq == self.current().seq {
            return Ok(false);
        }
        let fresh = Arc::new(Index::build(st)?);
        let mut g = match self.current.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *g = fresh;
        Ok(true)
    }
}
