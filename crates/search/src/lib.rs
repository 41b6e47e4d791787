//! haven's directory index, in memory: "what is the nearest place that can help, now, in my
//! language?" answered in well under a millisecond, built from the store and kept live.

pub mod areas;
mod delta;
pub mod gazetteer;
pub mod hours;
mod index;
mod live;
pub mod text;
pub mod types;

pub use delta::{Index, MAX_DELTA};
pub use index::{
    haversine_km, AreaHit, BuildError, Hit, Query, Results, SearchError, CONFIDENTIAL_GRID_DEG,
    EARTH_RADIUS_KM,
};
pub use live::{LiveIndex, Refreshed};
