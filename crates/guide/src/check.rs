//! `haven content check`: everything that can be wrong with a content tree, as one list of
//! problems (the flow's graph, the series' numbering and front matter, links to pages that do
//! not exist, messages missing in a shipped locale), then what the words say (`rules`: sourced
//! numbers and addresses, one Spanish register, 911 apart, a hotline on every path). An empty
//! list means the content ships.

use crate::flow::{Flow, FLOW_DIR, UI_MESSAGES};
use crate::i18n::{Catalog, DEFAULT_LOCALE};
use crate::learn::{tag_message, Series, SERIES_MESSAGES};
use crate::problem::{Problem, ProblemKind};
use crate::routes::{match_route, RouteRef};
use crate::source::Source;
use std::collections::{BTreeMap, BTreeSet};

/// Every problem in a content tree, in a stable order (flow, series, translations).
pub fn check(src: &Source) -> Vec<Problem> {
    let mut problems = Vec::new();
    let flow = match Flow::load(src) {
        Ok(f) => Some(f),
        Err(e) => {
            problems.extend(e.0);
            None
        }
    };
    let series = match Series::load(src) {
        Ok(s) => Some(s),
        Err(e) => {
            problems.extend(e.0);
            None
        }
    };
    // Links into the flow and the series must name a step, article or tag that exists.
    // None when the target exists (or its content did not load, and was reported already).
    let missing = |r: &RouteRef, locale: &str| -> Option<String> {
        let gone = match r {
            RouteRef::Page => false,
            RouteRef::Step(s) => flow.as_ref().is_some_and(|f| f.step(s).is_none()),
            RouteRef::Article(a) => series
                .as_ref()
                .is_some_and(|s| s.article(locale, a).is_none()),
            RouteRef::Tag(t) => series
                .as_ref()
                .is_some_and(|s| s.by_tag(locale, t).is_empty()),
        };
        gone.then(|| match r {
            RouteRef::Step(_) => "the guide has no such step".to_string(),
            RouteRef::Article(_) => format!("the {locale} series has no such part"),
            _ => format!("no {locale} part has that tag"),
        })
    };
    if let Some(f) = &flow {
        for step in f.steps() {
            for a in &step.actions {
                if let Some(to) = &a.to {
                    if let Some(what) = match_route(to).and_then(|r| missing(&r, DEFAULT_LOCALE)) {
                        problems.push(Problem::step(
                            &step.file,
                            &step.id,
                            ProblemKind::LinkTargetMissing {
                                link: to.clone(),
                                what,
                            },
                        ));
                    }
                }
            }
        }
    }
    if let Some(s) = &series {
        for locale in s.locales() {
            for a in s.parts(locale) {
                for link in &a.links {
                    if let Some(what) = match_route(link).and_then(|r| missing(&r, locale)) {
                        problems.push(Problem::file(
                            &a.file,
                            ProblemKind::LinkTargetMissing {
                                link: link.clone(),
                                what,
                            },
                        ));
                    }
                }
            }
        }
    }
    let words = crate::rules::check_words(src, flow.as_ref(), series.as_ref());
    let catalog = match Catalog::load(src) {
        Ok(c) => c,
        Err(e) => {
            problems.push(Problem::file(
                "locales",
                ProblemKind::Translations(e.to_string()),
            ));
            problems.extend(words);
            return problems;
        }
    };
    // What each file uses: (file, step) -> ids.
    let mut used: Vec<(String, Option<String>, String)> = Vec::new();
    if let Some(f) = &flow {
        for step in f.steps() {
            for id in step.message_ids() {
                used.push((step.file.clone(), Some(step.id.clone()), id.to_string()));
            }
        }
        for id in UI_MESSAGES {
            used.push((FLOW_DIR.to_string(), None, id.to_string()));
        }
    }
    if let Some(s) = series
        .as_ref()
        .filter(|s| s.locales().any(|l| !s.parts(l).is_empty()))
    {
        for id in SERIES_MESSAGES {
            used.push(("learn".to_string(), None, id.to_string()));
        }
        for locale in s.locales() {
            for a in s.parts(locale) {
                for t in &a.tags {
                    used.push((a.file.clone(), None, tag_message(t)));
                }
            }
        }
    }
    let locales: Vec<String> = catalog.locales().iter().map(|l| l.code.clone()).collect();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for (file, step, id) in &used {
        for locale in &locales {
            if !catalog.has(locale, id) && seen.insert((locale.clone(), id.clone())) {
                let kind = ProblemKind::MissingMessage {
                    id: id.clone(),
                    locale: locale.clone(),
                };
                problems.push(match step {
                    Some(s) => Problem::step(file, s, kind),
                    None => Problem::file(file, kind),
                });
            }
        }
    }
    // Every message of the guide's and series' own files is translated, and no translation
    // has a message English lacks.
    let by_file = ids_by_file(src);
    for (file, ids) in &by_file {
        let Some(locale) = locale_of(file) else {
            continue;
        };
        let name = file.rsplit('/').next().unwrap_or(file);
        let ours = name.starts_with("guide") || name.starts_with("learn");
        for id in ids {
            if locale == DEFAULT_LOCALE {
                if !ours {
                    continue;
                }
                for other in &locales {
                    if other != DEFAULT_LOCALE
                        && !catalog.has(other, id)
                        && seen.insert((other.clone(), id.clone()))
                    {
                        problems.push(Problem::file(
                            file,
                            ProblemKind::MissingMessage {
                                id: id.clone(),
                                locale: other.clone(),
                            },
                        ));
                    }
                }
            } else if !catalog.has(DEFAULT_LOCALE, id) {
                problems.push(Problem::file(
                    file,
                    ProblemKind::ExtraMessage {
                        id: id.clone(),
                        locale: locale.to_string(),
                    },
                ));
            }
        }
    }
    problems.extend(words);
    problems
}

fn locale_of(file: &str) -> Option<&str> {
    let mut parts = file.split('/');
    (parts.next() == Some("locales")).then_some(())?;
    parts.next()
}

/// The message ids of each `.ftl` file, in file order (the catalog merges files per locale;
/// problems should name the file).
fn ids_by_file(src: &Source) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let Ok(files) = src.files("locales", ".ftl") else {
        return out;
    };
    for f in files {
        let res = match fluent_syntax::parser::parse(f.text.as_str()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        let ids = res
            .body
            .iter()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        out.insert(f.path, ids);
    }
    out
}
