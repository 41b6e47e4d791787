//! What can be wrong with the content, named so an editor can find and fix it: every problem
//! says the file, the step when there is one, and what is wrong, in one line.

use std::fmt;

/// One thing wrong with the content, shown as `FILE: step "ID": what is wrong`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The content file, relative to the content root (`guide/flow.toml`, `learn/es/01-x.md`).
    pub file: String,
    /// The step it is about, when it is about one.
    pub step: Option<String>,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem with a file as a whole.
    pub fn file(file: impl Into<String>, kind: ProblemKind) -> Problem {
        Problem {
            file: file.into(),
            step: None,
            kind,
        }
    }

    /// A problem with one step of a file.
    pub fn step(file: impl Into<String>, step: impl Into<String>, kind: ProblemKind) -> Problem {
        Problem {
            file: file.into(),
            step: Some(step.into()),
            kind,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.step {
            Some(s) => write!(f, "{}: step \"{}\": {}", self.file, s, self.kind),
            None => write!(f, "{}: {}", self.file, self.kind),
        }
    }
}

/// The kinds of problem the loader and `haven content check` find.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    /// The file could not be read.
    #[error("cannot be read: {0}")]
    Read(String),
    /// The TOML does not parse or has fields the format does not know.
    #[error("is not a valid guide file: {0}")]
    Syntax(String),
    /// No file says which step the guide starts at.
    #[error("no guide file says where the guide starts (start = \"step-id\")")]
    NoStart,
    /// Two files each name a start.
    #[error("names a second start step \"{0}\" (the guide has one start)")]
    SecondStart(String),
    /// The start names a step that does not exist.
    #[error("the start step \"{0}\" does not exist")]
    StartMissing(String),
    /// A step id used twice.
    #[error("is defined twice (also in {0})")]
    DuplicateStep(String),
    /// A step id that would not make a clean URL.
    #[error(
        "is not a valid step id (lowercase letters, digits and hyphens; it is part of the URL)"
    )]
    BadStepId,
    /// No path from the start leads here.
    #[error("cannot be reached from the start")]
    Unreachable,
    /// A dead end that is not marked as one.
    #[error("has no answers and no next step, and is not marked as an end (end = true)")]
    NoEnd,
    /// Steps that lead only to each other.
    #[error("no path from here reaches an end (it loops through: {0})")]
    Cycle(String),
    /// An answer leads to a step that does not exist.
    #[error("answer {index} leads to \"{target}\", which does not exist")]
    AnswerNowhere {
        /// 1-based answer number.
        index: usize,
        /// The missing step.
        target: String,
    },
    /// `next` names a step that does not exist.
    #[error("next step \"{0}\" does not exist")]
    NextNowhere(String),
    /// A step both asks a question and leads on by itself.
    #[error("has both answers and a next step (a question's answers say where to go)")]
    AnswersAndNext,
    /// An end that also leads on.
    #[error("is marked as an end but also leads on")]
    EndLeadsOn,
    /// A content block with none or several of its kinds.
    #[error("block {0} must have exactly one of p, list or warning")]
    BadBlock(usize),
    /// An action kind the guide does not know.
    #[error("action {index} has unknown kind \"{kind}\" (known: {known})")]
    UnknownAction {
        /// 1-based action number.
        index: usize,
        /// What the file said.
        kind: String,
        /// The kinds there are.
        known: String,
    },
    /// A link action without its route, or another action with one.
    #[error("action {0}: a link needs `to` and `label`, and only a link has `to`")]
    BadLinkAction(usize),
    /// A link to a route haven does not serve.
    #[error("links to \"{0}\", which is not a haven page")]
    UnknownRoute(String),
    /// A link to a step, article or tag that does not exist.
    #[error("links to \"{link}\", but {what}")]
    LinkTargetMissing {
        /// The link as written.
        link: String,
        /// What is missing, in words.
        what: String,
    },
    /// A message the content uses is missing in a shipped locale.
    #[error("message \"{id}\" is missing in locale {locale}")]
    MissingMessage {
        /// The Fluent message id.
        id: String,
        /// The locale code.
        locale: String,
    },
    /// A message a translation has that English does not (a typo, or English moved on).
    #[error("message \"{id}\" is in {locale} but not in en")]
    ExtraMessage {
        /// The Fluent message id.
        id: String,
        /// The locale code.
        locale: String,
    },
    /// The translations do not load.
    #[error("translations do not load: {0}")]
    Translations(String),
    /// An article's front matter is missing, does not parse, or lacks a field.
    #[error("front matter: {0}")]
    FrontMatter(String),
    /// An article file name not of the form `NN-slug.md`.
    #[error("article file names look like 01-what-is-trafficking.md (two digits, a hyphen, a lowercase slug)")]
    BadArticleName,
    /// The number in the file name and the front matter disagree.
    #[error("file name says part {file} but the front matter says part {front}")]
    PartMismatch {
        /// From the file name.
        file: u32,
        /// From the front matter.
        front: u32,
    },
    /// Two articles of a locale with the same part number.
    #[error("part {part} is also {other}")]
    DuplicatePart {
        /// The part number.
        part: u32,
        /// The other file.
        other: String,
    },
    /// Part numbers that skip one.
    #[error("part {0} is missing: parts are numbered 1, 2, 3, ... with no gaps")]
    PartGap(u32),
    /// A tag that is not a lowercase slug.
    #[error("tag \"{0}\" is not a lowercase slug (letters, digits, hyphens)")]
    BadTag(String),
    /// An article in one locale with no counterpart in another.
    #[error("has no {0} version (every part is published in every locale, with the same slug)")]
    MissingTranslation(String),
    /// The same article numbered or tagged differently across locales.
    #[error("differs from its {locale} version: {what}")]
    TranslationMismatch {
        /// The other locale.
        locale: String,
        /// What differs.
        what: String,
    },
    /// Articles of one locale naming different series.
    #[error("names series \"{found}\" but part 1 names \"{expected}\"")]
    SeriesMismatch {
        /// What part 1 says.
        expected: String,
        /// What this article says.
        found: String,
    },
    /// A phone number or short code a reader sees that haven's sources do not vouch for.
    #[error(
        "{} says the number \"{number}\", which is in none of haven's sources ({})",
        in_message(message),
        crate::rules::FACT_FILES
    )]
    UnsourcedNumber {
        /// The number as written.
        number: String,
        /// The message id, for .ftl text.
        message: Option<String>,
    },
    /// A web address a reader sees that haven's sources do not vouch for.
    #[error(
        "{} gives the address \"{url}\", which is in none of haven's sources ({})",
        in_message(message),
        crate::rules::FACT_FILES
    )]
    UnsourcedUrl {
        /// The address as written.
        url: String,
        /// The message id, for .ftl text.
        message: Option<String>,
    },
    /// Spanish that addresses the reader as usted (haven's Spanish uses tú throughout).
    #[error(
        "{} uses the formal \"{word}\" (usted): haven's Spanish speaks to the reader as tú",
        in_message(message)
    )]
    FormalRegister {
        /// The usted form found.
        word: String,
        /// The message id, for .ftl text.
        message: Option<String>,
    },
    /// 911 named in the same message as words for confidential lines.
    #[error("message \"{message}\" puts 911 beside \"{word}\": 911 sends the police and is never one of the confidential lines")]
    EmergencyAmongConfidential {
        /// The message id.
        message: String,
        /// The confidential word found.
        word: String,
    },
    /// An end the start reaches without any step offering the hotlines.
    #[error("this end is reached without any step offering the hotlines (path: {0})")]
    PathWithoutHotlines(String),
    /// A video or captions file that is not there.
    #[error("{0} does not exist under learn/media/")]
    MissingMedia(String),
}

/// "message \"id\"" for .ftl text, "the text" for an article.
fn in_message(id: &Option<String>) -> String {
    match id {
        Some(id) => format!("message \"{id}\""),
        None => "the text".to_string(),
    }
}

/// Everything wrong with a content tree, when loading it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<Problem>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentErrors {}
