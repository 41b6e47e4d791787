//! Stored records kept in memory between requests, as the public view reads them (canonical
//! JSON, confidential locations already redacted), so a list page reads from the store only
//! what no recent page read: the organizations of a city's services, the services near busy
//! places. Everything kept belongs to one store version (its change sequence): the first read at
//! a newer version empties the cache, so a record is never served older than the store.
//!
//! Memory is bounded by [`MAX_BYTES`] (ids and bodies): two generations, the newest taking
//! what is read and what is found in the older; when the newest is full it becomes the older
//! and the previous older is dropped (a cheap approximation of least-recently-used).
//! Nothing about who asked what is kept: records are public directory data.

use hsds::Table;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use store::{Store, StoreError, StoredJson};

/// How many bytes of records (ids and bodies) are kept at most.
pub const MAX_BYTES: usize = 96 << 20;
/// Independent parts, so requests on different cores rarely wait for each other.
const SHARDS: usize = 16;

type Key = (Table, Box<str>);

#[derive(Default)]
struct Shard {
    seq: u64,
    young: HashMap<Key, Arc<StoredJson>>,
    old: HashMap<Key, Arc<StoredJson>>,
    young_bytes: usize,
}

impl Shard {
    fn at(&mut self, seq: u64) {
        if self.seq != seq {
            self.seq = seq;
            self.young.clear();
            self.old.clear();
            self.young_bytes = 0;
        }
    }

    fn get(&mut self, key: &Key) -> Option<Arc<StoredJson>> {
        if let Some(r) = self.young.get(key) {
            return Some(r.clone());
        }
        let r = self.old.remove(key)?;
        self.put(key.clone(), r.clone());
        Some(r)
    }

    fn put(&mut self, key: Key, r: Arc<StoredJson>) {
        let cost = key.1.len() + r.body.len() + r.modified_at.len() + 64;
        if self.young_bytes + cost > MAX_BYTES / SHARDS / 2 {
            self.old = std::mem::take(&mut self.young);
            self.young_bytes = 0;
        }
        self.young_bytes += cost;
        if let Some(prev) = self.young.insert(key, r) {
            self.young_bytes = self
                .young_bytes
                .saturating_sub(prev.body.len() + prev.modified_at.len());
        }
    }
}

/// The cache itself (one per app, in its state).
pub struct Records {
    shards: Vec<Mutex<Shard>>,
}

impl Default for Records {
    fn default() -> Self {
        Records {
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
        }
    }
}

impl Records {
    fn shard(&self, table: Table, id: &str) -> std::sync::MutexGuard<'_, Shard> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (table, id).hash(&mut h);
        let s = &self.shards[(h.finish() as usize) % SHARDS];
        s.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// [`Store::get_many`] through the cache: what is kept for this store version is answered
    /// from memory, the rest in one batched read of `st` (which must be the view whose records
    /// are kept: the app's public view) and kept.
    pub fn get_many(
        &self,
        st: &dyn Store,
        table: Table,
        ids: &[&str],
    ) -> Result<Vec<Option<Arc<StoredJson>>>, StoreError> {
        let seq = st.last_change()?;
        let mut out: Vec<Option<Arc<StoredJson>>> = Vec::with_capacity(ids.len());
        let mut missing: Vec<usize> = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let mut s = self.shard(table, id);
            s.at(seq);
            let found = s.get(&(table, Box::from(*id)));
            if found.is_none() {
                missing.push(i);
            }
            out.push(found);
        }
        if missing.is_empty() {
            return Ok(out);
        }
        let keys: Vec<&str> = missing.iter().map(|&i| ids[i]).collect();
        let read = st.get_many(table, &keys)?;
        for (&i, r) in missing.iter().zip(read) {
            let Some(r) = r else { continue };
            let key: Key = (table, Box::from(ids[i]));
            let mut s = self.shard(table, ids[i]);
            // Kept only if no newer version was seen meanwhile (then this read may be older);
            // an id asked twice is kept once.
            if s.seq == seq {
                if let Some(kept) = s.young.get(&key) {
                    out[i] = Some(kept.clone());
                    continue;
                }
                let r = Arc::new(r);
                s.put(key, r.clone());
                out[i] = Some(r);
            } else {
                out[i] = Some(Arc::new(r));
            }
        }
        Ok(out)
    }

    /// (records, bytes) held now, for tests and diagnostics.
    pub fn size(&self) -> (usize, usize) {
        self.shards.iter().fold((0, 0), |(n, b), s| {
            let s = s.lock().unwrap_or_else(|p| p.into_inner());
            let old: usize = s
                .old
                .iter()
                .map(|(k, r)| k.1.len() + r.body.len() + r.modified_at.len() + 64)
                .sum();
            (n + s.young.len() + s.old.len(), b + s.young_bytes + old)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn import(st: &mut dyn Store, rows: &[(&str, &str)]) {
        let mut imp = st.begin().expect("begin");
        for (id, name) in rows {
            let r = json!({"id": id, "name": name});
            let serde_json::Value::Object(r) = r else {
                unreachable!()
            };
            imp.upsert(Table::Organization, &r).expect("upsert");
        }
        imp.commit().expect("commit");
    }

    fn names(got: &[Option<Arc<StoredJson>>]) -> Vec<Option<String>> {
        got.iter()
            .map(|r| {
                r.as_ref()
                    .map(|r| String::from_utf8_lossy(&r.body).into_owned())
            })
            .collect()
    }

    #[test]
    fn kept_records_answer_as_the_store_does_and_never_outlive_a_change() {
        let mut st = store::open("sqlite::memory:").expect("store");
        import(st.as_mut(), &[("a", "A"), ("b", "B")]);
        let rec = Records::default();
        let ask = ["a", "zz", "b", "a"];
        let first = rec
            .get_many(st.as_ref(), Table::Organization, &ask)
            .expect("read");
        let direct: Vec<Option<Arc<StoredJson>>> = st
            .get_many(Table::Organization, &ask)
            .expect("direct")
            .into_iter()
            .map(|r| r.map(Arc::new))
            .collect();
        assert_eq!(names(&first), names(&direct));
        assert_eq!(rec.size().0, 2, "found records are kept, missing ones not");
        // Kept: the same answer (the same allocation) without reading the store.
        let again = rec
            .get_many(st.as_ref(), Table::Organization, &["a"])
            .expect("read");
        assert!(Arc::ptr_eq(
            again[0].as_ref().expect("a"),
            first[0].as_ref().expect("a")
        ));
        // Another table with the same id is another record.
        let svc = rec
            .get_many(st.as_ref(), Table::Service, &["a"])
            .expect("read");
        assert!(svc[0].is_none());
        // A change: the next read sees it.
        import(st.as_mut(), &[("a", "A2")]);
        let after = rec
            .get_many(st.as_ref(), Table::Organization, &["a", "b"])
            .expect("read");
        assert_eq!(
            names(&after),
            vec![
                Some(r#"{"id":"a","name":"A2"}"#.to_string()),
                Some(r#"{"id":"b","name":"B"}"#.to_string())
            ]
        );
    }

    #[test]
    fn memory_stays_within_its_bound() {
        let mut st = store::open("sqlite::memory:").expect("store");
        let big = "x".repeat(64 << 10);
        let ids: Vec<String> = (0..4000).map(|i| format!("o{i:05}")).collect();
        let rows: Vec<(&str, &str)> = ids.iter().map(|i| (i.as_str(), big.as_str())).collect();
        import(st.as_mut(), &rows);
        let rec = Records::default();
        for chunk in ids.chunks(100) {
            let ask: Vec<&str> = chunk.iter().map(String::as_str).collect();
            let got = rec
                .get_many(st.as_ref(), Table::Organization, &ask)
                .expect("read");
            assert!(got.iter().all(Option::is_some));
        }
        let (n, bytes) = rec.size();
        assert!(bytes <= MAX_BYTES, "{bytes} bytes kept");
        assert!(n < ids.len(), "{n} of 4000 records of 64 KiB kept");
        assert!(bytes > MAX_BYTES / 4, "the cache is used: {bytes} bytes");
    }
}
