//! The checks on what the content *says*, beyond its shape: every phone number, short code and
//! web address a reader sees is one of haven's sourced facts; Spanish speaks to the reader in
//! one register (tú); 911 is never put among the confidential lines; and no path through the
//! guide ends without offering the hotlines.

use crate::flow::{ActionKind, Flow};
use crate::learn::Series;
use crate::problem::{Problem, ProblemKind};
use crate::source::Source;
use std::collections::{BTreeMap, BTreeSet};

/// haven's hotline rows, as shipped (`data/sources/hotlines.csv`).
const HOTLINES_CSV: &str = include_str!("../../../data/sources/hotlines.csv");
/// haven's own sourced hotline facts (`data/sources/hotline-facts.csv`).
const FACTS_CSV: &str = include_str!("../../../data/sources/hotline-facts.csv");

/// Where the known numbers and addresses come from, named in problems.
pub const FACT_FILES: &str = "data/sources/hotlines.csv, data/sources/hotline-facts.csv";

/// Usted forms that haven's tú Spanish never uses. These are never anything else (usted itself,
/// and imperatives with a pronoun attached), so they count wherever they appear.
pub const USTED_WORDS: &[&str] = &[
    "usted",
    "inténtelo",
    "déjelo",
    "revíselo",
    "recórtela",
    "ciérrela",
    "bórrelos",
    "cámbielas",
    "pregúnteselo",
    "pregúntele",
];

/// Usted imperatives that are also the subjunctive ("que nadie llame la atención"): they count
/// only where an imperative stands: at the start of a sentence, after "y" or "o", or after a
/// sentence-initial "No".
pub const USTED_COMMANDS: &[&str] = &[
    "llame", "marque", "escriba", "elija", "revise", "imprima", "pulse", "presione", "empiece",
];

/// The usted forms in a Spanish text, each once, in the order found.
pub fn usted_forms(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found: Vec<String> = Vec::new();
    let mut prev: Option<&str> = None;
    let mut prev_began = false;
    let mut boundary = true;
    for token in lower.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let word = token.trim_end_matches(|c: char| !c.is_alphanumeric());
        let after = &token[word.len()..];
        if !word.is_empty() {
            let command = USTED_COMMANDS.contains(&word)
                && (boundary
                    || matches!(prev, Some("y") | Some("o"))
                    || (prev == Some("no") && prev_began));
            if (USTED_WORDS.contains(&word) || command) && !found.iter().any(|f| f == word) {
                found.push(word.to_string());
            }
            prev = Some(word);
            prev_began = boundary;
            boundary = false;
        }
        if after
            .chars()
            .any(|c| matches!(c, '.' | ':' | ';' | '!' | '?' | '¡' | '¿' | '\n'))
        {
            boundary = true;
            prev = None;
        }
    }
    found
}

/// Words that say a line is confidential or anonymous, which 911 is not.
const CONFIDENTIAL_WORDS: &[&str] = &[
    "confidential",
    "free and",
    "anonymous",
    "give your name",
    "confidencial",
    "gratuit",
    "anónim",
    "dar tu nombre",
    "dar su nombre",
];

/// The phone numbers (digits only) and web addresses haven's sources vouch for.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    numbers: BTreeSet<String>,
    urls: BTreeSet<String>,
}

impl Facts {
    /// The facts shipped with haven.
    pub fn shipped() -> Facts {
        let mut f = Facts::default();
        for row in csv_rows(HOTLINES_CSV) {
            for col in ["phone", "text", "tty"] {
                f.add_numbers(row.get(col).map(String::as_str).unwrap_or(""));
            }
            f.add_urls(row.get("chat").map(String::as_str).unwrap_or(""));
        }
        for row in csv_rows(FACTS_CSV) {
            let value = row.get("value").map(String::as_str).unwrap_or("");
            f.add_numbers(value);
            f.add_urls(value);
            f.add_urls(row.get("source").map(String::as_str).unwrap_or(""));
        }
        f
    }

    fn add_numbers(&mut self, text: &str) {
        for (_, run) in number_runs(text) {
            let digits: String = run.chars().filter(char::is_ascii_digit).collect();
            self.numbers.insert(normal_number(&digits));
        }
    }

    fn add_urls(&mut self, text: &str) {
        for u in urls(text) {
            self.urls.insert(normal_url(&u));
        }
    }

    /// Whether a number (any spelling) is one of the sourced numbers.
    pub fn knows_number(&self, number: &str) -> bool {
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        self.numbers.contains(&normal_number(&digits))
    }

    /// Whether a web address is one of the sourced addresses.
    pub fn knows_url(&self, url: &str) -> bool {
        self.urls.contains(&normal_url(url))
    }
}

/// US numbers are the same with or without the leading 1.
fn normal_number(digits: &str) -> String {
    match digits.strip_prefix('1') {
        Some(rest) if digits.len() == 11 => rest.to_string(),
        _ => digits.to_string(),
    }
}

fn normal_url(u: &str) -> String {
    u.trim_end_matches('/').to_lowercase()
}

/// A small CSV reader (quoted fields, doubled quotes), enough for haven's own source files.
fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut records: Vec<Vec<String>> = Vec::new();
    let (mut field, mut record, mut quoted) = (String::new(), Vec::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    let mut it = records.into_iter();
    let header = it.next().unwrap_or_default();
    it.map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// Runs of digits written as one number ("1-800-342-3720", "08000 121 700", "233733"), with
/// the byte offset where each starts.
fn number_runs(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i;
        // A separator joins digits only when a digit follows it directly.
        while j < bytes.len() {
            let c = bytes[j].1;
            if c.is_ascii_digit() {
                end = j;
                j += 1;
            } else if matches!(c, '-' | ' ' | '.' | ')' | '(')
                && bytes.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit())
            {
                j += 1;
            } else {
                break;
            }
        }
        let run: String = bytes[start..=end].iter().map(|(_, c)| *c).collect();
        out.push((bytes[start].0, run));
        i = end + 1;
    }
    out
}

/// `2026-12-01`: a date, not a phone number.
fn is_iso_date(run: &str) -> bool {
    let parts: Vec<&str> = run.split('-').collect();
    parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_digit()))
}

/// `2013-2015`: a span of years (19xx or 20xx), not a phone number.
fn is_year_span(run: &str) -> bool {
    let year = |p: &str| {
        p.len() == 4
            && (p.starts_with("19") || p.starts_with("20"))
            && p.bytes().all(|b| b.is_ascii_digit())
    };
    matches!(run.split_once('-'), Some((a, b)) if year(a) && year(b) && a <= b)
}

/// The numbers a reader would dial or text: 7 or more digits; a 3-digit N11 code or 988; a 5-
/// or 6-digit short code written after "to", "at", "al" or "a" (how texting is written).
pub fn dialable(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, run) in number_runs(text) {
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let before = text[..at].trim_end();
        let word = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        let short_code = (5..=6).contains(&digits.len())
            && run == digits
            && ["to", "at", "al", "a"].contains(&word.as_str());
        let n11 = digits.len() == 3 && run == digits && (digits.ends_with("11") || digits == "988");
        if (digits.len() >= 7 && !is_iso_date(&run) && !is_year_span(&run)) || short_code || n11 {
            out.push(run);
        }
    }
    out
}

/// Web addresses written out in a text.
pub fn urls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("http://").or_else(|| rest.find("https://")) {
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '<' | '>' | ']' | ';'))
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ':']);
        out.push(url.to_string());
        rest = &tail[end..];
    }
    out
}

/// One piece of text a reader sees, and where it comes from.
struct Shown {
    file: String,
    locale: String,
    /// The message id, for .ftl text; None for an article.
    id: Option<String>,
    text: String,
}

/// Every message of every .ftl file (its text, without placeables), and every article's title,
/// summary, body and links.
fn shown(src: &Source, series: Option<&Series>) -> Vec<Shown> {
    let mut out = Vec::new();
    if let Ok(files) = src.files("locales", ".ftl") {
        for f in files {
            let locale = f.path.split('/').nth(1).unwrap_or("").to_string();
            let res = match fluent_syntax::parser::parse(f.text.as_str()) {
                Ok(r) => r,
                Err((r, _)) => r,
            };
            for e in res.body {
                if let fluent_syntax::ast::Entry::Message(m) = e {
                    let mut text = String::new();
                    let patterns = m.value.iter().chain(m.attributes.iter().map(|a| &a.value));
                    for p in patterns {
                        for el in &p.elements {
                            if let fluent_syntax::ast::PatternElement::TextElement { value } = el {
                                text.push_str(value);
                            }
                        }
                        text.push(' ');
                    }
                    out.push(Shown {
                        file: f.path.clone(),
                        locale: locale.clone(),
                        id: Some(m.id.name.to_string()),
                        text,
                    });
                }
            }
        }
    }
    if let Some(s) = series {
        for locale in s.locales() {
            for a in s.parts(locale) {
                let text = format!(
                    "{}\n{}\n{}\n{}",
                    a.title,
                    a.summary,
                    a.text,
                    a.links.join(" ")
                );
                out.push(Shown {
                    file: a.file.clone(),
                    locale: locale.to_string(),
                    id: None,
                    text,
                });
            }
        }
    }
    out
}

/// The problems with what the content says (see the module comment).
pub fn check_words(src: &Source, flow: Option<&Flow>, series: Option<&Series>) -> Vec<Problem> {
    let facts = Facts::shipped();
    let mut problems = Vec::new();
    for s in shown(src, series) {
        let push = |problems: &mut Vec<Problem>, kind: ProblemKind| {
            problems.push(Problem::file(&s.file, kind));
        };
        for n in dialable(&s.text) {
            if !facts.knows_number(&n) {
                push(
                    &mut problems,
                    ProblemKind::UnsourcedNumber {
                        number: n,
                        message: s.id.clone(),
                    },
                );
            }
        }
        for u in urls(&s.text) {
            if !facts.knows_url(&u) {
                push(
                    &mut problems,
                    ProblemKind::UnsourcedUrl {
                        url: u,
                        message: s.id.clone(),
                    },
                );
            }
        }
        if s.locale == "es" {
            for word in usted_forms(&s.text) {
                push(
                    &mut problems,
                    ProblemKind::FormalRegister {
                        word,
                        message: s.id.clone(),
                    },
                );
            }
        }
        if let Some(id) = &s.id {
            let lower = s.text.to_lowercase();
            if dialable(&s.text).iter().any(|n| n == "911") {
                if let Some(w) = CONFIDENTIAL_WORDS.iter().find(|w| lower.contains(*w)) {
                    push(
                        &mut problems,
                        ProblemKind::EmergencyAmongConfidential {
                            message: id.clone(),
                            word: w.to_string(),
                        },
                    );
                }
            }
        }
    }
    if let Some(f) = flow {
        problems.extend(paths_without_hotlines(f));
    }
    problems
}

/// Ends the start reaches without passing a step that offers the hotlines: a reader on that
/// path would finish the guide with no line to call.
fn paths_without_hotlines(flow: &Flow) -> Vec<Problem> {
    let offers = |id: &str| {
        flow.step(id)
            .is_some_and(|s| s.actions.iter().any(|a| a.kind == ActionKind::Hotlines))
    };
    let mut problems = Vec::new();
    // Breadth-first over steps that offer no hotline, remembering how each was reached.
    let mut came_from: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::new();
    if !offers(flow.start()) {
        came_from.insert(flow.start().to_string(), None);
        queue.push_back(flow.start().to_string());
    }
    while let Some(id) = queue.pop_front() {
        let Some(step) = flow.step(&id) else { continue };
        if step.end {
            let mut path = vec![id.clone()];
            let mut at = id.clone();
            while let Some(Some(prev)) = came_from.get(&at) {
                path.push(prev.clone());
                at = prev.clone();
            }
            path.reverse();
            problems.push(Problem::step(
                &step.file,
                &id,
                ProblemKind::PathWithoutHotlines(path.join(" -> ")),
            ));
        }
        for t in step.targets() {
            if !offers(t) && !came_from.contains_key(t) {
                came_from.insert(t.to_string(), Some(id.clone()));
                queue.push_back(t.to_string());
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_a_reader_would_dial_are_found_and_others_are_not() {
        assert_eq!(
            dialable("Call 1-800-342-3720, 24 hours. TTY: 1-800-638-5163."),
            ["1-800-342-3720", "1-800-638-5163"]
        );
        assert_eq!(
            dialable("text HELP to 233733 or call 911"),
            ["233733", "911"]
        );
        assert_eq!(dialable("envía START al 88788"), ["88788"]);
        assert_eq!(dialable("UK: 08000 121 700"), ["08000 121 700"]);
        // Not phone numbers: a postal code example, a count, an age, a date, a year.
        assert!(dialable("for example: p 10001, more than 200 languages, under 18").is_empty());
        assert!(dialable("as seen on 2026-12-01, the 2022 release").is_empty());
        assert!(dialable("listed 2013-2015, grants of 2009-2022").is_empty());
        // A run that only looks like years is still dialed when it is not a span.
        assert_eq!(dialable("call 2015-2013"), ["2015-2013"]);
    }

    #[test]
    fn the_shipped_facts_know_the_hotlines_in_any_spelling() {
        let f = Facts::shipped();
        for n in [
            "1-888-373-7888",
            "888-373-7888",
            "233733",
            "88788",
            "911",
            "08000121700",
        ] {
            assert!(f.knows_number(n), "{n}");
        }
        assert!(f.knows_number("1-800-635-1522"));
        assert!(!f.knows_number("1-555-010-9999"));
        assert!(f.knows_url("https://report.cybertip.org/"));
        assert!(!f.knows_url("https://example.org"));
    }

    #[test]
    fn usted_is_found_as_a_command_not_as_a_subjunctive() {
        assert_eq!(
            usted_forms("Llame antes de ir. Revíselo o escriba otro."),
            ["llame", "revíselo", "escriba"]
        );
        assert_eq!(
            usted_forms("No llame. Puede usted volver."),
            ["llame", "usted"]
        );
        // Subjunctives and tú forms are not usted.
        assert!(usted_forms(
            "que no llame la atención; deja que ella marque el ritmo; llama al 911"
        )
        .is_empty());
        assert!(usted_forms("alguien que lo revise. Elige uno.").is_empty());
    }

    #[test]
    fn urls_end_at_spaces_and_closing_punctuation() {
        assert_eq!(
            urls("see https://report.cybertip.org, or (https://a.example/x)."),
            ["https://report.cybertip.org", "https://a.example/x"]
        );
    }
}
