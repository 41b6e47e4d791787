//! Free-text opening hours ("Monday - Friday: 9 am - 5 pm", some wrapped in HTML) read into HSDS
//! `schedule` rules only where the reading is unambiguous; anything else stays words only.
//!
//! The grammar read (case-insensitive, after HTML is stripped and whitespace collapsed):
//!
//! * a field is a sequence of `[label:] days [:] times` rules; a label is words that are neither
//!   days nor times, ended by `:` ("Crime advocacy services:", "Hotline:") or followed directly by
//!   a monthly day pattern ("Civil legal screening every 2nd Tuesday of the month");
//! * days: `Monday - Friday` (a range), `Tuesday and Wednesday`, `Monday, Wednesday` (lists),
//!   plural day names (`Tuesdays`), or `every 1st and 3rd Monday(s) of the month` (MONTHLY);
//! * times: `9 am - 5 pm`, `9:30am-1pm`, several ranges separated by commas (a lunch break), or
//!   `24 hours`; an hour needs its am/pm; a range that ends before it starts is read only as an
//!   overnight pm-to-am range (`7 pm - 7 am`), otherwise it is a bad string (`9 pm - 5 pm`);
//! * the whole field `Open 24 hours 7 days a week` (or `24/7`) is every day, all day.
//!
//! Every rule of all labels is kept (the site is open when any of its labelled services is),
//! each with the field's whole text as its description. Text left over anywhere (a note such as
//! "please call after 5 pm", "(Appointments only)", "As needed") means the reading is not
//! unambiguous and the field stays a description only ("hours unknown" for the index).

/// The days of a week, as HSDS `byday` tokens, Monday first.
const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const DAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// One recurring opening: HSDS `freq`, `byday`, `opens_at`, `closes_at` (`HH:MM:SS`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `WEEKLY` or `MONTHLY`.
    pub freq: &'static str,
    /// `MO,TU` (weekly) or `1MO,3MO` (monthly, with ordinals).
    pub byday: String,
    /// Local opening time.
    pub opens_at: String,
    /// Local closing time (at or before `opens_at`: the next day).
    pub closes_at: String,
}

/// What an hours field became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Read unambiguously into these rules.
    Rules(Vec<Rule>),
    /// Words only: not hours haven can read without guessing (e.g. "Call to inquire").
    Words,
    /// Words only, and the string looks wrong: the reason is reported with row and field.
    Bad(String),
}

/// An hours field: its words (HTML stripped) and its reading. Empty fields give None.
pub fn read(raw: &str) -> Option<(String, Reading)> {
    let text = strip_html(raw);
    if text.is_empty() {
        return None;
    }
    let lower = raw.trim_start().to_ascii_lowercase();
    if lower.starts_with("<li") {
        return Some((
            text,
            Reading::Bad(
                "a list item without its list: looks like a fragment of another row's hours".into(),
            ),
        ));
    }
    let reading = match parse(&text) {
        Ok(rules) => Reading::Rules(rules),
        Err(Some(bad)) => Reading::Bad(bad),
        Err(None) => Reading::Words,
    };
    Some((text, reading))
}

/// The field's words: tags removed (a `<br>`, `<li>` or `</li>` ends a line), lines trimmed and
/// whitespace collapsed, lines joined by a space after a label (`...:`) and by "; " otherwise.
pub fn strip_html(raw: &str) -> String {
    let mut plain = String::new();
    let mut rest = raw;
    while let Some(start) = rest.find('<') {
        plain.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            plain.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_ascii_lowercase();
        let name = tag.trim_start_matches('/');
        if name.starts_with("br") || name.starts_with("li") || name.starts_with("ul") {
            plain.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    plain.push_str(rest);
    let mut out = String::new();
    for line in plain.lines() {
        let line = collapse(line);
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(if out.ends_with(':') { " " } else { "; " });
        }
        out.push_str(&line);
    }
    out
}

/// Trim and collapse inner whitespace to single spaces.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Day(usize),
    /// A clock time in minutes, with whether it said pm.
    Time(u32, bool),
    Dash,
    Comma,
    Colon,
    And,
    Every,
    Ordinal(u8),
    OfTheMonth,
    AllDay,
    Word(String),
}

/// Split into tokens; Err(Some) for a malformed clock time, Err(None) for a bare number.
fn tokens(text: &str) -> Result<Vec<Tok>, Option<String>> {
    let lower = text.to_ascii_lowercase().replace(['–', '—'], "-");
    let chars: Vec<char> = lower.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' {
            out.push(Tok::Dash);
            i += 1;
        } else if c == ',' {
            out.push(Tok::Comma);
            i += 1;
        } else if c == ':' {
            out.push(Tok::Colon);
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ':') {
                i += 1;
            }
            let num: String = chars[start..i].iter().collect();
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let word: String = chars[j..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if let Some(n) = ordinal(&num, &word) {
                out.push(Tok::Ordinal(n));
                i = j + word.len();
            } else if word == "am" || word == "pm" {
                out.push(clock(&num, word == "pm")?);
                i = j + 2;
            } else if num == "24" && (word == "hours" || word == "hour") {
                out.push(Tok::AllDay);
                i = j + word.len();
            } else {
                // a number without am/pm: not a time we can read without guessing
                return Err(None);
            }
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '\'') {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect();
            out.push(word_token(&w));
        } else {
            out.push(Tok::Word(c.to_string()));
            i += 1;
        }
    }
    Ok(merge_of_the_month(out))
}

fn ordinal(num: &str, suffix: &str) -> Option<u8> {
    let n: u8 = num.parse().ok()?;
    let ok = match n {
        1 => suffix == "st",
        2 => suffix == "nd",
        3 => suffix == "rd",
        4 | 5 => suffix == "th",
        _ => false,
    };
    ok.then_some(n)
}

/// `9`, `9:30`, `12` with am/pm -> minutes since midnight.
fn clock(num: &str, pm: bool) -> Result<Tok, Option<String>> {
    let (h, m) = match num.split_once(':') {
        Some((h, m)) => (h, m),
        None => (num, "0"),
    };
    let bad = || {
        Some(format!(
            "'{num} {}' is not a clock time",
            if pm { "pm" } else { "am" }
        ))
    };
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&h) || m > 59 {
        return Err(bad());
    }
    let h24 = match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, false) => h,
        (h, true) => h + 12,
    };
    Ok(Tok::Time(h24 * 60 + m, pm))
}

fn word_token(w: &str) -> Tok {
    let singular = w.strip_suffix('s').unwrap_or(w);
    if let Some(d) = DAY_NAMES.iter().position(|n| *n == w || *n == singular) {
        return Tok::Day(d);
    }
    match w {
        "and" => Tok::And,
        "to" => Tok::Dash,
        "every" => Tok::Every,
        _ => Tok::Word(w.to_string()),
    }
}

/// `of the month` as one token.
fn merge_of_the_month(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let w = |k: usize, s: &str| matches!(toks.get(k), Some(Tok::Word(x)) if x == s);
        if w(i, "of") && w(i + 1, "the") && w(i + 2, "month") {
            out.push(Tok::OfTheMonth);
            i += 3;
        } else {
            out.push(toks[i].clone());
            i += 1;
        }
    }
    out
}

fn hhmmss(minutes: u32) -> String {
    format!("{:02}:{:02}:00", minutes / 60, minutes % 60)
}

/// Every day, all day: the schedule shape the whole bundle uses for "open 24 hours".
pub fn all_day(byday: &str) -> Rule {
    Rule {
        freq: "WEEKLY",
        byday: byday.to_string(),
        opens_at: "00:00:00".into(),
        closes_at: "23:59:59".into(),
    }
}

/// Err(None): not readable without guessing; Err(Some): a string that looks wrong.
fn parse(text: &str) -> Result<Vec<Rule>, Option<String>> {
    let norm = text.to_ascii_lowercase();
    let norm = norm.trim_end_matches(['.', ' ']);
    if matches!(
        norm,
        "open 24 hours 7 days a week" | "24/7" | "open 24/7" | "24 hours, 7 days a week"
    ) {
        return Ok(vec![all_day(&DAYS.join(","))]);
    }
    let toks = tokens(text)?;
    let mut p = Parser { toks: &toks, at: 0 };
    let mut rules = Vec::new();
    while !p.done() {
        p.label();
        let (freq, days) = p.days().ok_or(None)?;
        // days end with a colon, or a line break in a list ("Monday - Thursday; 10 am - 10 pm")
        if !p.eat(&Tok::Colon) {
            p.eat(&Tok::Word(";".into()));
        }
        for (opens, closes) in p.times()? {
            rules.push(Rule {
                freq,
                byday: days.clone(),
                opens_at: hhmmss(opens),
                closes_at: closes.map_or_else(|| "23:59:59".to_string(), hhmmss),
            });
        }
        // rules may be separated by a comma or a "; " line join
        if !p.eat(&Tok::Comma) {
            p.eat(&Tok::Word(";".into()));
        }
    }
    if rules.is_empty() {
        return Err(None);
    }
    Ok(rules)
}

struct Parser<'a> {
    toks: &'a [Tok],
    at: usize,
}

impl Parser<'_> {
    fn done(&self) -> bool {
        self.at >= self.toks.len()
    }
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }
    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Skip a label: words (no days, times) then `:`, or words then `every`.
    fn label(&mut self) {
        let mut k = self.at;
        while let Some(Tok::Word(w)) = self.toks.get(k) {
            if w == ";" {
                return;
            }
            k += 1;
        }
        if k == self.at {
            return;
        }
        match self.toks.get(k) {
            Some(Tok::Colon) => self.at = k + 1,
            Some(Tok::Every) => self.at = k,
            _ => {}
        }
    }

    /// Days: a range, a list, or a monthly pattern. Returns (freq, byday).
    fn days(&mut self) -> Option<(&'static str, String)> {
        if self.eat(&Tok::Every) {
            let mut ords = Vec::new();
            while let Some(Tok::Ordinal(n)) = self.peek() {
                ords.push(*n);
                self.at += 1;
                if !(self.eat(&Tok::And) || self.eat(&Tok::Comma)) {
                    break;
                }
            }
            let Some(Tok::Day(d)) = self.peek().cloned() else {
                return None;
            };
            self.at += 1;
            if ords.is_empty() || !self.eat(&Tok::OfTheMonth) {
                return None;
            }
            let byday: Vec<String> = ords.iter().map(|n| format!("{n}{}", DAYS[d])).collect();
            return Some(("MONTHLY", byday.join(",")));
        }
        let Some(Tok::Day(first)) = self.peek().cloned() else {
            return None;
        };
        self.at += 1;
        if self.eat(&Tok::Dash) {
            let Some(Tok::Day(last)) = self.peek().cloned() else {
                return None;
            };
            self.at += 1;
            if last <= first || self.peek() == Some(&Tok::Dash) {
                return None; // a wrapped or three-part range: not read
            }
            return Some(("WEEKLY", DAYS[first..=last].join(",")));
        }
        let mut list = vec![first];
        loop {
            let save = self.at;
            if self.eat(&Tok::And) || self.eat(&Tok::Comma) {
                if let Some(Tok::Day(d)) = self.peek().cloned() {
                    self.at += 1;
                    if list.contains(&d) {
                        return None;
                    }
                    list.push(d);
                    continue;
                }
            }
            self.at = save;
            break;
        }
        list.sort_unstable();
        Some((
            "WEEKLY",
            list.iter().map(|d| DAYS[*d]).collect::<Vec<_>>().join(","),
        ))
    }

    /// Ranges separated by commas, or `24 hours` (closes None = end of day).
    fn times(&mut self) -> Result<Vec<(u32, Option<u32>)>, Option<String>> {
        if self.eat(&Tok::AllDay) {
            return Ok(vec![(0, None)]);
        }
        let mut out = Vec::new();
        loop {
            let Some(Tok::Time(o, o_pm)) = self.peek().cloned() else {
                return Err(None);
            };
            self.at += 1;
            if !self.eat(&Tok::Dash) {
                return Err(None);
            }
            let Some(Tok::Time(c, c_pm)) = self.peek().cloned() else {
                return Err(None);
            };
            self.at += 1;
            let overnight = o_pm && !c_pm;
            if c <= o && !overnight {
                return Err(Some(format!(
                    "closes ({}) before it opens ({}) on the same day",
                    hhmmss(c),
                    hhmmss(o)
                )));
            }
            out.push((o, Some(c)));
            // another range after a comma (a lunch break), else done
            let save = self.at;
            if self.eat(&Tok::Comma) && matches!(self.peek(), Some(Tok::Time(..))) {
                continue;
            }
            self.at = save;
            return Ok(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(s: &str) -> Vec<(String, String, String, String)> {
        match read(s).map(|r| r.1) {
            Some(Reading::Rules(r)) => r
                .into_iter()
                .map(|r| (r.freq.to_string(), r.byday, r.opens_at, r.closes_at))
                .collect(),
            other => panic!("{s:?}: {other:?}"),
        }
    }

    fn t(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
        (a.into(), b.into(), c.into(), d.into())
    }

    #[test]
    fn common_forms_become_rules() {
        assert_eq!(
            rules("Monday - Friday: 9 am - 5 pm"),
            [t("WEEKLY", "MO,TU,WE,TH,FR", "09:00:00", "17:00:00")]
        );
        assert_eq!(
            rules("Monday - Friday: 9:30 am - 1 pm, 2:15 pm - 4 pm"),
            [
                t("WEEKLY", "MO,TU,WE,TH,FR", "09:30:00", "13:00:00"),
                t("WEEKLY", "MO,TU,WE,TH,FR", "14:15:00", "16:00:00")
            ]
        );
        assert_eq!(
            rules("Saturday - Sunday: 24 hours"),
            [t("WEEKLY", "SA,SU", "00:00:00", "23:59:59")]
        );
        assert_eq!(
            rules("Monday - Friday: 7 pm - 7 am"),
            [t("WEEKLY", "MO,TU,WE,TH,FR", "19:00:00", "07:00:00")]
        );
        assert_eq!(
            rules("Tuesday and Wednesday: 9 am - 5 pm"),
            [t("WEEKLY", "TU,WE", "09:00:00", "17:00:00")]
        );
        assert_eq!(
            rules("Civil legal screening every 2nd and 4th Tuesdays of the month: 9 am - 5 pm"),
            [t("MONTHLY", "2TU,4TU", "09:00:00", "17:00:00")]
        );
        assert_eq!(
            rules("Monday - Thursday: 9 am - 8 pm Friday: 9 am - 6 pm"),
            [
                t("WEEKLY", "MO,TU,WE,TH", "09:00:00", "20:00:00"),
                t("WEEKLY", "FR", "09:00:00", "18:00:00")
            ]
        );
        assert_eq!(rules("Open 24 hours 7 days a week\n").len(), 1);
        assert_eq!(
            rules("Friday: 12 pm - 12 am"),
            [t("WEEKLY", "FR", "12:00:00", "00:00:00")]
        );
    }

    #[test]
    fn notes_and_guesses_stay_words() {
        for s in [
            "Call to inquire about hours of operation",
            "Monday - Friday: 9 am - 5pm; please call to inquire about availability after 5 pm",
            "Monday - Friday: 9 am - 5 pm (Appointments only)",
            "10am-3pm (With appoitment only)",
            "Monday - Tuesday- Wednesdays: <br> 9 am - 5 pm",
            "Monday - Friday: 9 - 5",
            "24 hour services are available ",
        ] {
            assert_eq!(read(s).map(|r| r.1), Some(Reading::Words), "{s}");
        }
        assert_eq!(read("  "), None);
    }

    #[test]
    fn wrong_looking_strings_are_bad_with_a_reason() {
        for (s, why) in [
            ("Saturday - Sunday: 9 pm - 5 pm", "closes (17:00:00) before"),
            ("Monday: 13 pm - 5 pm", "not a clock time"),
            ("<li>Friday: 9am-12pm</li>", "fragment"),
        ] {
            match read(s).map(|r| r.1) {
                Some(Reading::Bad(r)) => assert!(r.contains(why), "{s}: {r}"),
                other => panic!("{s}: {other:?}"),
            }
        }
    }

    #[test]
    fn html_is_stripped_and_lines_joined() {
        assert_eq!(
            strip_html("<ul><li>Crime advocacy services:<br>Monday - Friday: 12 pm - 8 pm</li><li>DV:<br> Friday: 8 am - 4 pm</li></ul>"),
            "Crime advocacy services: Monday - Friday: 12 pm - 8 pm; DV: Friday: 8 am - 4 pm"
        );
        assert_eq!(strip_html("a <b"), "a <b");
    }
}
