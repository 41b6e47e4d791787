//! Typed reads over any [`Store`]: `get::<Service>(st, id)` and `children::<Phone>(st, owner)`
//! return `hsds::model` structs, so callers name fields the compiler checks instead of string
//! keys. They are thin functions over the raw [`Store::get`] / [`Store::children`] /
//! [`Store::for_each`] (so every backend has them, unchanged), and a stored record that does
//! not fit its struct is a [`TypedError::Model`] saying table, id and field.

use crate::{Store, StoreError};
use hsds::model::{Object, Owns};
use hsds::{from_record, Id, ModelError};

/// A typed read failed: the store itself, or a stored record that does not fit its struct.
#[derive(Debug, thiserror::Error)]
pub enum TypedError {
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored record does not parse as its struct (names the table, the id and the field).
    #[error("stored record does not fit the model: {0}")]
    Model(#[from] ModelError),
}

/// One record by its typed id, as its model struct (None when there is no such record).
pub fn get<T: Object, S: Store + ?Sized>(st: &S, id: T::Id) -> Result<Option<T>, TypedError> {
    match st.get(T::TABLE, id.as_str())? {
        Some(r) => Ok(Some(from_record(&r)?)),
        None => Ok(None),
    }
}

/// The `T` rows that refer to `owner` (a service's phones, a location's addresses), ordered by
/// id. The owner's id type picks the field (`ServiceId` → `service_id`); for attributes and
/// metadata, which may point into any table, only the rows naming the owner's table are kept.
pub fn children<T: Object, S: Store + ?Sized>(
    st: &S,
    owner: impl Owns<T>,
) -> Result<Vec<T>, TypedError> {
    children_of(st, owner)
}

fn children_of<T: Object, O: Owns<T>, S: Store + ?Sized>(
    st: &S,
    owner: O,
) -> Result<Vec<T>, TypedError> {
    let mut out = Vec::new();
    for r in st.children(T::TABLE, O::FIELD, owner.as_str())? {
        let child: T = from_record(&r)?;
        if O::is_about(&child) {
            out.push(child);
        }
    }
    Ok(out)
}

/// Every record of `T`'s table, ordered by id, each handed to `f` as its struct (streamed: a
/// million rows are never collected). The first record that does not fit stops the walk.
pub fn for_each<T: Object, S: Store + ?Sized>(
    st: &S,
    f: &mut dyn FnMut(T) -> Result<(), TypedError>,
) -> Result<(), TypedError> {
    // The store's callback returns a StoreError: ours travels inside it and is unwrapped after.
    let walked = st.for_each(T::TABLE, &mut |r| {
        from_record::<T>(&r)
            .map_err(TypedError::from)
            .and_then(&mut *f)
            .map_err(|e| StoreError::Callback(Box::new(e)))
    });
    match walked {
        Ok(()) => Ok(()),
        Err(StoreError::Callback(b)) => match b.downcast::<TypedError>() {
            Ok(ours) => Err(*ours),
            Err(other) => Err(StoreError::Callback(other).into()),
        },
        Err(e) => Err(e.into()),
    }
}
