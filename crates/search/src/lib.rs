//! haven's directory index, in memory: "what is the nearest place that can help, now, in my
//! language?" answered in well under a millisecond, built from the store and kept live.

pub mod gazetteer;
pub mod hours;
pub mod text;
