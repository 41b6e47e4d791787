//! The public view of a store: confidential locations (a shelter, a safe house) with their street
//! addresses gone and their coordinates and directions removed, on every read path at once.
//!
//! A location is confidential when an `attribute` links it to a term whose code is
//! [`hsds::haven::CONFIDENTIAL_TERM_CODE`] (see `hsds::haven`). Pages, the API (every form,
//! NDJSON included) and `haven export` read through [`Redacted`], so no output can forget the
//! rule: the address rows of such a location do not exist in this view, and the location record
//! keeps its name, phones and hours but not `latitude`, `longitude` or `transportation`.
//! Translations of what is hidden (an address's street, a location's directions) go with it.

use crate::{Change, Import, Record, Stamped, Store, StoreError, StoredJson, Table};
use std::collections::HashSet;

/// Which records the public view hides or trims, read once per store version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hidden {
    /// Ids of confidential locations (their records are trimmed).
    pub locations: HashSet<String>,
    /// Ids of the address rows of those locations (left out).
    pub addresses: HashSet<String>,
    /// Ids of the translations of those addresses and of the removed location fields (left out).
    pub translations: HashSet<String>,
}

impl Hidden {
    /// Find the confidential locations and their addresses: the marker terms, the attributes
    /// that link a location to one of them, then those locations' address rows.
    pub fn load(st: &dyn Store) -> Result<Hidden, StoreError> {
        let mut terms = HashSet::new();
        st.for_each(Table::TaxonomyTerm, &mut |t| {
            if t.get("code").and_then(|v| v.as_str()) == Some(hsds::haven::CONFIDENTIAL_TERM_CODE) {
                if let Some(id) = hsds::record_id(&t) {
                    terms.insert(id.to_string());
                }
            }
            Ok(())
        })?;
        let mut hidden = Hidden::default();
        if terms.is_empty() {
            return Ok(hidden);
        }
        st.for_each(Table::Attribute, &mut |a| {
            if let Some((location, term)) = hsds::haven::location_attribute(&a) {
                if terms.contains(term) {
                    hidden.locations.insert(location.to_string());
                }
            }
            Ok(())
        })?;
        for l in &hidden.locations {
            for a in st.children(Table::Address, "location_id", l)? {
                if let Some(id) = hsds::record_id(&a) {
                    hidden.addresses.insert(id.to_string());
                }
            }
        }
        for id in hidden.locations.iter().chain(&hidden.addresses) {
            for t in st.children(Table::Translation, "resource_id", id)? {
                if hidden.hides_translation(&t) {
                    if let Some(tid) = hsds::record_id(&t) {
                        hidden.translations.insert(tid.to_string());
                    }
                }
            }
        }
        Ok(hidden)
    }

    /// Whether nothing is hidden (most directories), so callers can skip the view.
    pub fn is_empty(&self) -> bool {
        self.locations.is_empty() && self.addresses.is_empty()
    }

    /// Whether a translation carries hidden text: any field of a hidden address, or a field
    /// [`hsds::haven::redact_location`] removes from a confidential location.
    fn hides_translation(&self, t: &Record) -> bool {
        let g = |k: &str| t.get(k).and_then(|v| v.as_str()).unwrap_or_default();
        let id = g("resource_id");
        match Table::lookup(g("resource_type")) {
            Some(Table::Address) => self.addresses.contains(id),
            Some(Table::Location) => {
                self.locations.contains(id)
                    && hsds::haven::LOCATION_PRECISE_FIELDS.contains(&g("field_name"))
            }
            _ => false,
        }
    }

    /// The record as the public may see it: None when it is left out.
    pub fn apply(&self, table: Table, mut record: Record) -> Option<Record> {
        let id = hsds::record_id(&record).unwrap_or_default();
        match table {
            Table::Address if self.addresses.contains(id) => None,
            // An address row added since the set was read still names its location.
            Table::Address
                if record
                    .get("location_id")
                    .and_then(|v| v.as_str())
                    .is_some_and(|l| self.locations.contains(l)) =>
            {
                None
            }
            Table::Location if self.locations.contains(id) => {
                hsds::haven::redact_location(&mut record);
                Some(record)
            }
            Table::Translation if self.hides_translation(&record) => None,
            _ => Some(record),
        }
    }

    /// How many records of a table the view leaves out (as far as the set read knows).
    fn hidden_in(&self, table: Table) -> u64 {
        match table {
            Table::Address => self.addresses.len() as u64,
            Table::Translation => self.translations.len() as u64,
            _ => 0,
        }
    }

    fn hides(&self, table: Table, id: &str) -> bool {
        (table == Table::Address && self.addresses.contains(id))
            || (table == Table::Translation && self.translations.contains(id))
    }
}

/// A read-only view of a store with [`Hidden`] applied to every record it hands out.
pub struct Redacted<'a> {
    // `&mut` because a shared reference to a store is not `Send` (a connection is not `Sync`).
    inner: &'a mut dyn Store,
    hidden: &'a Hidden,
}

impl<'a> Redacted<'a> {
    /// The public view of `inner`, hiding what `hidden` names (read it with [`Hidden::load`]).
    pub fn new(inner: &'a mut dyn Store, hidden: &'a Hidden) -> Redacted<'a> {
        Redacted { inner, hidden }
    }
}

impl Store for Redacted<'_> {
    fn begin(&mut self) -> Result<Box<dyn Import + '_>, StoreError> {
        Err(StoreError::ReadOnlyView)
    }

    fn get(&self, table: Table, id: &str) -> Result<Option<Record>, StoreError> {
        Ok(self
            .inner
            .get(table, id)?
            .and_then(|r| self.hidden.apply(table, r)))
    }

    fn exists(&self, table: Table, id: &str) -> Result<bool, StoreError> {
        if self.hidden.hides(table, id) {
            return Ok(false);
        }
        self.inner.exists(table, id)
    }

    fn count(&self, table: Table) -> Result<u64, StoreError> {
        let n = self.inner.count(table)?;
        Ok(n.saturating_sub(self.hidden.hidden_in(table)))
    }

    fn for_each(
        &self,
        table: Table,
        f: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.inner
            .for_each(table, &mut |r| match self.hidden.apply(table, r) {
                Some(r) => f(r),
                None => Ok(()),
            })
    }

    fn changes_since(&self, after: u64, limit: usize) -> Result<Vec<Change>, StoreError> {
        let mut out = self.inner.changes_since(after, limit)?;
        out.retain(|c| !self.hidden.hides(c.table, &c.id));
        Ok(out)
    }

    fn children(&self, table: Table, field: &str, value: &str) -> Result<Vec<Record>, StoreError> {
        Ok(self
            .inner
            .children(table, field, value)?
            .into_iter()
            .filter_map(|r| self.hidden.apply(table, r))
            .collect())
    }

    fn list(
        &self,
        table: Table,
        since: Option<&str>,
        offset: u64,
        limit: usize,
    ) -> Result<Vec<Stamped>, StoreError> {
        Ok(self
            .inner
            .list(table, since, offset, limit)?
            .into_iter()
            .filter_map(|s| {
                self.hidden.apply(table, s.record).map(|record| Stamped {
                    record,
                    modified_at: s.modified_at,
                })
            })
            .collect())
    }

    fn list_after(
        &self,
        table: Table,
        since: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Stamped>, StoreError> {
        // Refill past hidden rows, so a short page still means the end of the table.
        let mut out = Vec::new();
        let mut cursor = after.map(str::to_string);
        while out.len() < limit {
            let want = limit - out.len();
            let page = self
                .inner
                .list_after(table, since, cursor.as_deref(), want)?;
            let got = page.len();
            cursor = page
                .last()
                .and_then(|s| hsds::record_id(&s.record))
                .map(str::to_string);
            out.extend(page.into_iter().filter_map(|s| {
                self.hidden.apply(table, s.record).map(|record| Stamped {
                    record,
                    modified_at: s.modified_at,
                })
            }));
            if got < want || cursor.is_none() {
                break;
            }
        }
        Ok(out)
    }

    fn is_read_only(&self) -> bool {
        self.inner.is_read_only()
    }

    fn release_memory(&self) {
        self.inner.release_memory()
    }

    fn is_usable(&self) -> bool {
        self.inner.is_usable()
    }

    fn count_since(&self, table: Table, since: Option<&str>) -> Result<u64, StoreError> {
        let n = self.inner.count_since(table, since)?;
        Ok(if since.is_none() {
            n.saturating_sub(self.hidden.hidden_in(table))
        } else {
            n
        })
    }

    fn modified_at(&self, table: Table, id: &str) -> Result<Option<String>, StoreError> {
        if self.hidden.hides(table, id) {
            return Ok(None);
        }
        self.inner.modified_at(table, id)
    }

    fn last_change(&self) -> Result<u64, StoreError> {
        self.inner.last_change()
    }

    fn schema_version(&self) -> Result<u32, StoreError> {
        self.inner.schema_version()
    }

    fn describe(&self) -> String {
        format!("{} (public view)", self.inner.describe())
    }

    fn get_many(&self, table: Table, ids: &[&str]) -> Result<Vec<Option<StoredJson>>, StoreError> {
        let mut out = self.inner.get_many(table, ids)?;
        if !matches!(table, Table::Address | Table::Location | Table::Translation) {
            return Ok(out); // nothing of these tables is ever hidden or trimmed
        }
        for slot in &mut out {
            let Some(found) = slot.take() else {
                continue;
            };
            let record: Record =
                serde_json::from_slice(&found.body).map_err(|e| StoreError::Corrupt {
                    table,
                    id: "?".to_string(),
                    reason: format!("the body is not a JSON object: {e}"),
                })?;
            *slot = match self.hidden.apply(table, record) {
                Some(r) => Some(StoredJson {
                    body: crate::encode(table, &r)?,
                    modified_at: found.modified_at,
                }),
                None => None,
            };
        }
        Ok(out)
    }
}
