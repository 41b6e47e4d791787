//! The guided flow: steps loaded from `content/guide/*.toml`, checked as a graph (every step
//! reachable, every path ending), and rendered in a locale to a neutral structure the web and
//! the terminal both show. Steps hold Fluent message ids only; the words live in `locales/`.

use crate::i18n::Catalog;
use crate::problem::{ContentErrors, Problem, ProblemKind};
use crate::routes::{is_slug, match_route};
use crate::source::Source;
use hsds::vocab::term;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The folder of the flow's files, relative to the content root.
pub const FLOW_DIR: &str = "guide";

/// Messages the guide's own controls use (web and terminal), checked like the steps' messages.
pub const UI_MESSAGES: &[&str] = &[
    "guide-ui-title",
    "guide-ui-continue",
    "guide-ui-back",
    "guide-ui-start-over",
    "guide-ui-quit",
    "guide-ui-end",
    "guide-ui-choose",
    "guide-ui-keys-tty",
    "guide-ui-keys-plain",
    "guide-ui-invalid",
    "guide-ui-postal-prompt",
    "guide-ui-postal-hint",
    "guide-ui-no-results",
    "guide-ui-see-also",
    "guide-ui-footer",
    "guide-ui-key-back",
    "guide-ui-key-start-over",
    "guide-ui-key-quit",
];

/// What an action shows: live results from the directory, or a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActionKind {
    /// The hotlines from the directory.
    Hotlines,
    /// The nearest trusted anti-trafficking and survivor organizations for a postal code.
    NearestOrganizations,
    /// The nearest hospital (with an emergency department) for a postal code.
    NearestHospital,
    /// A link to the printable pocket card (`/card`).
    PocketCard,
    /// How emergency numbers work (911 in the US), and when to use them.
    Emergency,
    /// A link to another haven page (`to`).
    Link,
}

impl ActionKind {
    /// Every kind, in the order the checker lists them.
    pub const ALL: [ActionKind; 6] = [
        ActionKind::Hotlines,
        ActionKind::NearestOrganizations,
        ActionKind::NearestHospital,
        ActionKind::PocketCard,
        ActionKind::Emergency,
        ActionKind::Link,
    ];

    /// The name used in content files (`nearest-organizations`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Hotlines => "hotlines",
            ActionKind::NearestOrganizations => "nearest-organizations",
            ActionKind::NearestHospital => "nearest-hospital",
            ActionKind::PocketCard => "pocket-card",
            ActionKind::Emergency => "emergency",
            ActionKind::Link => "link",
        }
    }

    /// The kind a content file names, if it is one.
    pub fn parse(name: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The directory's taxonomy term (bundle codes) a "nearest" action searches for, so web and
    /// terminal look up the same thing.
    pub fn taxonomy(self) -> Option<&'static str> {
        match self {
            ActionKind::NearestOrganizations => Some(term::TRAFFICKING),
            ActionKind::NearestHospital => Some(term::EMERGENCY_DEPARTMENT),
            ActionKind::Hotlines => Some(term::HOTLINE),
            _ => None,
        }
    }

    /// Whether the action wants a place (postal code) to show results.
    pub fn needs_place(self) -> bool {
        matches!(
            self,
            ActionKind::NearestOrganizations | ActionKind::NearestHospital
        )
    }

    /// Where the action leads on the web, without a locale prefix (None: text only).
    pub fn default_href(self) -> Option<String> {
        match self {
            ActionKind::Hotlines => Some("/hotlines".into()),
            ActionKind::NearestOrganizations | ActionKind::NearestHospital => {
                self.taxonomy().map(|t| format!("/find?taxonomy={t}"))
            }
            ActionKind::PocketCard => Some("/card".into()),
            ActionKind::Emergency | ActionKind::Link => None,
        }
    }
}

impl std::fmt::Display for ActionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A block of a step's text, as message ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockSpec {
    /// One paragraph.
    Paragraph(String),
    /// A short bulleted list, one message per item.
    List(Vec<String>),
    /// Something said with emphasis (a caution).
    Warning(String),
}

/// A choice of a question step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Message id of the choice's words.
    pub label: String,
    /// The step it leads to.
    pub next: String,
}

/// Something a step offers to do, with its words as message ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// What it does.
    pub kind: ActionKind,
    /// Message id of its label (defaults to `guide-action-<kind>`).
    pub label: String,
    /// Message id of a sentence under it (defaults to `guide-action-<kind>-detail`; links: none).
    pub detail: Option<String>,
    /// For links: the route, without locale prefix.
    pub to: Option<String>,
}

/// One step of the flow, as loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The id, also its URL segment (`/guide/{id}`).
    pub id: String,
    /// The file it came from, for problems.
    pub file: String,
    /// Message id of its title (the question, for a question).
    pub title: String,
    /// Its text.
    pub blocks: Vec<BlockSpec>,
    /// A question's choices (empty for advice).
    pub answers: Vec<Answer>,
    /// What it offers to do.
    pub actions: Vec<Action>,
    /// The step after an advice step, if it leads on.
    pub next: Option<String>,
    /// Whether the guide may end here.
    pub end: bool,
    /// Whether its actions come before its text (an emergency: the number first).
    pub actions_first: bool,
}

impl Step {
    /// Whether the step asks a question (has answers) rather than gives advice.
    pub fn is_question(&self) -> bool {
        !self.answers.is_empty()
    }

    /// Every message id the step shows, for completeness checks.
    pub fn message_ids(&self) -> Vec<&str> {
        let mut ids = vec![self.title.as_str()];
        for b in &self.blocks {
            match b {
                BlockSpec::Paragraph(id) | BlockSpec::Warning(id) => ids.push(id),
                BlockSpec::List(items) => ids.extend(items.iter().map(String::as_str)),
            }
        }
        ids.extend(self.answers.iter().map(|a| a.label.as_str()));
        for a in &self.actions {
            ids.push(&a.label);
            if let Some(d) = &a.detail {
                ids.push(d);
            }
        }
        ids
    }

    /// The steps this one leads to, in order (answers, then next).
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.answers
            .iter()
            .map(|a| a.next.as_str())
            .chain(self.next.as_deref())
    }
}

/// The whole flow: its steps and where it starts.
#[derive(Debug, Clone)]
pub struct Flow {
    start: String,
    steps: BTreeMap<String, Step>,
    order: Vec<String>,
}

/// A block of a rendered step: plain text (the web escapes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// One paragraph.
    Paragraph(String),
    /// A short bulleted list.
    List(Vec<String>),
    /// A caution, shown with emphasis.
    Warning(String),
}

/// A question's choice in a locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedAnswer {
    /// The words.
    pub label: String,
    /// The step id it leads to.
    pub next: String,
}

/// An action in a locale; the web or terminal fills in live results for the directory kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedAction {
    /// What it does.
    pub kind: ActionKind,
    /// Its label.
    pub label: String,
    /// A sentence under the label.
    pub detail: Option<String>,
    /// Where it leads, without locale prefix (`/hotlines`, `/find?taxonomy=...`, `/learn/x`).
    pub href: Option<String>,
}

/// A step in a locale, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedStep {
    /// The step id.
    pub id: String,
    /// Its title (the question, for a question).
    pub title: String,
    /// Its text.
    pub blocks: Vec<Block>,
    /// A question's choices.
    pub answers: Vec<RenderedAnswer>,
    /// What it offers to do.
    pub actions: Vec<RenderedAction>,
    /// The step a "continue" leads to, for advice steps that lead on.
    pub next: Option<String>,
    /// Whether this is an end of the guide.
    pub is_end: bool,
    /// Show the actions before the blocks (set on emergency steps, so the call comes first).
    pub actions_first: bool,
}

// The file format (see docs/content.md). Unknown fields are errors, so a typo is caught.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    start: Option<String>,
    #[serde(default)]
    step: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    title: String,
    #[serde(default)]
    blocks: Vec<RawBlock>,
    #[serde(default)]
    answers: Vec<RawAnswer>,
    #[serde(default)]
    actions: Vec<RawAction>,
    next: Option<String>,
    #[serde(default)]
    end: bool,
    #[serde(default)]
    actions_first: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    p: Option<String>,
    list: Option<Vec<String>>,
    warning: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    label: String,
    next: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    kind: String,
    label: Option<String>,
    detail: Option<String>,
    to: Option<String>,
}

impl Flow {
    /// The flow built into the binary, loaded once; the test suite checks it, so an error here
    /// is a build defect, reported rather than hidden.
    pub fn embedded() -> Result<&'static Flow, &'static ContentErrors> {
        static CELL: OnceLock<Result<Flow, ContentErrors>> = OnceLock::new();
        CELL.get_or_init(|| Flow::load(&Source::Embedded)).as_ref()
    }

    /// Load and check the flow of a content tree: every problem found, or the flow.
    pub fn load(src: &Source) -> Result<Flow, ContentErrors> {
        let mut problems = Vec::new();
        let files = match src.files(FLOW_DIR, ".toml") {
            Ok(f) => f,
            Err(e) => {
                return Err(ContentErrors(vec![Problem::file(
                    e.path.clone(),
                    ProblemKind::Read(e.reason),
                )]))
            }
        };
        let mut start: Option<(String, String)> = None;
        // A file that does not parse may hold the start or steps others lead to: checking the
        // graph without it would only add noise.
        let mut unreadable = false;
        let mut steps: BTreeMap<String, Step> = BTreeMap::new();
        let mut order = Vec::new();
        for file in &files {
            let raw: RawFile = match toml::from_str(&file.text) {
                Ok(r) => r,
                Err(e) => {
                    problems.push(Problem::file(
                        &file.path,
                        ProblemKind::Syntax(toml_error(&e, &file.text)),
                    ));
                    unreadable = true;
                    continue;
                }
            };
            if let Some(s) = raw.start {
                if start.is_some() {
                    problems.push(Problem::file(&file.path, ProblemKind::SecondStart(s)));
                } else {
                    start = Some((s, file.path.clone()));
                }
            }
            for (id, value) in raw.step {
                let raw_step: RawStep = match value.try_into() {
                    Ok(s) => s,
                    Err(e) => {
                        problems.push(Problem::step(
                            &file.path,
                            &id,
                            ProblemKind::Syntax(one_line(&e.to_string())),
                        ));
                        continue;
                    }
                };
                if let Some(other) = steps.get(&id) {
                    problems.push(Problem::step(
                        &file.path,
                        &id,
                        ProblemKind::DuplicateStep(other.file.clone()),
                    ));
                    continue;
                }
                if !is_slug(&id) {
                    problems.push(Problem::step(&file.path, &id, ProblemKind::BadStepId));
                }
                let step = build_step(&file.path, &id, raw_step, &mut problems);
                order.push(id.clone());
                steps.insert(id, step);
            }
        }
        if unreadable {
            return Err(ContentErrors(problems));
        }
        let start = match start {
            None => {
                problems.push(Problem::file(FLOW_DIR, ProblemKind::NoStart));
                return Err(ContentErrors(problems));
            }
            Some((s, file)) => {
                if !steps.contains_key(&s) {
                    problems.push(Problem::file(file, ProblemKind::StartMissing(s.clone())));
                    return Err(ContentErrors(problems));
                }
                s
            }
        };
        check_graph(&start, &steps, &order, &mut problems);
        if problems.is_empty() {
            Ok(Flow {
                start,
                steps,
                order,
            })
        } else {
            Err(ContentErrors(problems))
        }
    }

    /// The id of the first step.
    pub fn start(&self) -> &str {
        &self.start
    }

    /// A step by id (ids come from URLs: an unknown one is None, not a panic).
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.get(id)
    }

    /// Every step id, in file order (files sorted by name, steps as written).
    pub fn step_ids(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(String::as_str)
    }

    /// Every step, in file order.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.order.iter().filter_map(|id| self.steps.get(id))
    }

    /// A step's words in a locale (English where a message is missing), or None for an
    /// unknown step.
    pub fn render(&self, catalog: &Catalog, locale: &str, step_id: &str) -> Option<RenderedStep> {
        let step = self.steps.get(step_id)?;
        let m = |id: &str| catalog.msg(locale, id);
        Some(RenderedStep {
            id: step.id.clone(),
            title: m(&step.title),
            blocks: step
                .blocks
                .iter()
                .map(|b| match b {
                    BlockSpec::Paragraph(id) => Block::Paragraph(m(id)),
                    BlockSpec::Warning(id) => Block::Warning(m(id)),
                    BlockSpec::List(items) => Block::List(items.iter().map(|i| m(i)).collect()),
                })
                .collect(),
            answers: step
                .answers
                .iter()
                .map(|a| RenderedAnswer {
                    label: m(&a.label),
                    next: a.next.clone(),
                })
                .collect(),
            actions: step
                .actions
                .iter()
                .map(|a| RenderedAction {
                    kind: a.kind,
                    label: m(&a.label),
                    detail: a.detail.as_deref().map(m),
                    href: a.to.clone().or_else(|| a.kind.default_href()),
                })
                .collect(),
            next: step.next.clone(),
            is_end: step.end,
            actions_first: step.actions_first,
        })
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A TOML error as "line N: what", without the multi-line excerpt.
pub(crate) fn toml_error(e: &toml::de::Error, text: &str) -> String {
    let what = one_line(e.message());
    match e.span() {
        Some(span) if span.start > 0 => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {what}")
        }
        _ => what,
    }
}

fn build_step(file: &str, id: &str, raw: RawStep, problems: &mut Vec<Problem>) -> Step {
    let mut blocks = Vec::new();
    for (i, b) in raw.blocks.into_iter().enumerate() {
        match (b.p, b.list, b.warning) {
            (Some(p), None, None) => blocks.push(BlockSpec::Paragraph(p)),
            (None, Some(l), None) if !l.is_empty() => blocks.push(BlockSpec::List(l)),
            (None, None, Some(w)) => blocks.push(BlockSpec::Warning(w)),
            _ => problems.push(Problem::step(file, id, ProblemKind::BadBlock(i + 1))),
        }
    }
    let mut actions = Vec::new();
    for (i, a) in raw.actions.into_iter().enumerate() {
        let Some(kind) = ActionKind::parse(&a.kind) else {
            problems.push(Problem::step(
                file,
                id,
                ProblemKind::UnknownAction {
                    index: i + 1,
                    kind: a.kind,
                    known: ActionKind::ALL.map(ActionKind::as_str).join(", "),
                },
            ));
            continue;
        };
        let is_link = kind == ActionKind::Link;
        if is_link != a.to.is_some() || (is_link && a.label.is_none()) {
            problems.push(Problem::step(file, id, ProblemKind::BadLinkAction(i + 1)));
            continue;
        }
        if let Some(to) = &a.to {
            if match_route(to).is_none() {
                problems.push(Problem::step(
                    file,
                    id,
                    ProblemKind::UnknownRoute(to.clone()),
                ));
            }
        }
        let default = format!("guide-action-{kind}");
        actions.push(Action {
            kind,
            detail: a
                .detail
                .or_else(|| (!is_link).then(|| format!("{default}-detail"))),
            label: a.label.unwrap_or(default),
            to: a.to,
        });
    }
    if !raw.answers.is_empty() && raw.next.is_some() {
        problems.push(Problem::step(file, id, ProblemKind::AnswersAndNext));
    }
    if raw.end && (raw.next.is_some() || !raw.answers.is_empty()) {
        problems.push(Problem::step(file, id, ProblemKind::EndLeadsOn));
    }
    Step {
        id: id.to_string(),
        file: file.to_string(),
        title: raw.title,
        blocks,
        answers: raw
            .answers
            .into_iter()
            .map(|a| Answer {
                label: a.label,
                next: a.next,
            })
            .collect(),
        actions,
        next: raw.next,
        end: raw.end,
        actions_first: raw.actions_first,
    }
}

/// References, reachability, and that every path can end.
fn check_graph(
    start: &str,
    steps: &BTreeMap<String, Step>,
    order: &[String],
    problems: &mut Vec<Problem>,
) {
    // Answers and next steps that point nowhere.
    for id in order {
        let s = &steps[id];
        for (i, a) in s.answers.iter().enumerate() {
            if !steps.contains_key(&a.next) {
                problems.push(Problem::step(
                    &s.file,
                    id,
                    ProblemKind::AnswerNowhere {
                        index: i + 1,
                        target: a.next.clone(),
                    },
                ));
            }
        }
        if let Some(n) = &s.next {
            if !steps.contains_key(n) {
                problems.push(Problem::step(
                    &s.file,
                    id,
                    ProblemKind::NextNowhere(n.clone()),
                ));
            }
        }
    }
    let forward = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(id) = todo.pop() {
            if let Some(s) = steps.get(&id) {
                for t in s.targets() {
                    if steps.contains_key(t) && seen.insert(t.to_string()) {
                        todo.push(t.to_string());
                    }
                }
            }
        }
        seen
    };
    let mut reachable = forward(start);
    reachable.insert(start.to_string());
    for id in order {
        if !reachable.contains(id) {
            problems.push(Problem::step(&steps[id].file, id, ProblemKind::Unreachable));
        }
    }
    // Dead ends not marked as ends.
    let dead: BTreeSet<&str> = order
        .iter()
        .filter(|id| {
            let s = &steps[*id];
            !s.end && s.answers.is_empty() && s.next.is_none()
        })
        .map(String::as_str)
        .collect();
    for id in &dead {
        problems.push(Problem::step(&steps[*id].file, *id, ProblemKind::NoEnd));
    }
    // Steps from which an end can be reached: backwards from the ends.
    let mut finishes: BTreeSet<&str> = order
        .iter()
        .filter(|id| steps[*id].end)
        .map(String::as_str)
        .collect();
    loop {
        let before = finishes.len();
        for id in order {
            if !finishes.contains(id.as_str()) && steps[id].targets().any(|t| finishes.contains(t))
            {
                finishes.insert(id);
            }
        }
        if finishes.len() == before {
            break;
        }
    }
    // A loop nothing leaves: steps that reach themselves, cannot finish, and whose trouble is
    // not a dead end or a dangling reference already reported. One problem per loop.
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for id in order {
        if finishes.contains(id.as_str()) || reported.contains(id) || !reachable.contains(id) {
            continue;
        }
        let ahead = forward(id);
        if !ahead.contains(id) {
            continue;
        }
        let blamed = ahead.iter().any(|t| {
            dead.contains(t.as_str()) || steps[t].targets().any(|n| !steps.contains_key(n))
        });
        if blamed {
            continue;
        }
        // The loop: the steps that reach this one back, in file order.
        let members: Vec<&String> = order
            .iter()
            .filter(|t| *t == id || (ahead.contains(*t) && forward(t).contains(id)))
            .collect();
        let path: Vec<&str> = members.iter().map(|s| s.as_str()).collect();
        reported.extend(members.iter().map(|s| s.to_string()));
        problems.push(Problem::step(
            &steps[id].file,
            id,
            ProblemKind::Cycle(path.join(", ")),
        ));
    }
}
