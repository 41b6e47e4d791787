//! haven's guide: the "What should I do?" flow and the learning series, as content files in
//! `content/` (built into the binary, or read from a folder), with their Fluent translations,
//! checked so that no path dead-ends and no message is missing.

pub mod check;
pub mod flow;
pub mod i18n;
pub mod learn;
pub mod problem;
pub mod routes;
pub mod rules;
pub mod source;

pub use flow::{
    Action, ActionKind, Answer, Block, BlockSpec, Flow, RenderedAction, RenderedAnswer,
    RenderedStep, Step, UI_MESSAGES,
};
pub use i18n::{Catalog, Locale, DEFAULT_LOCALE};
pub use learn::{Article, Series, Video};
pub use problem::{ContentErrors, Problem, ProblemKind};
pub use routes::KNOWN_ROUTES;
pub use source::Source;
