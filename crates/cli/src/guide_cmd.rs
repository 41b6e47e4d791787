//! `haven guide`: the "What should I do?" flow in the terminal, for helpline volunteers and
//! kiosks (arrow keys where the terminal allows; `--plain` for screen readers and pipes), and
//! `haven content check`: the content checker, one line per problem.

use anyhow::{anyhow, Result};
use clap::Subcommand;
use guide::{ActionKind, Block, Catalog, Flow, RenderedStep, Source};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// `haven content ...`
#[derive(Subcommand)]
pub enum ContentCommand {
    /// Check the guide and the series: every step reachable, every path ending, no answer
    /// pointing nowhere, no message missing in a shipped locale, no unknown action or link.
    Check {
        /// A content folder to check (laid out like content/); default: the built-in content.
        dir: Option<PathBuf>,
    },
}

/// Run `haven content check`: problems on standard output, a summary on standard error.
pub fn run_content(command: ContentCommand) -> Result<ExitCode> {
    let ContentCommand::Check { dir } = command;
    let src = match dir {
        Some(d) if !d.is_dir() => return Err(anyhow!("{} is not a folder", d.display())),
        Some(d) => Source::Dir(d),
        None => Source::Embedded,
    };
    let problems = guide::check::check(&src);
    for p in &problems {
        println!("{p}");
    }
    if problems.is_empty() {
        eprintln!("haven: {} has no problems.", src.describe());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "haven: {} problem{} in {}.",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            src.describe()
        );
        Ok(ExitCode::from(1))
    }
}

/// What the guide shows for its directory actions; the CLI answers from its store, tests from
/// fixed lines.
pub trait Lookup {
    /// The home country's hotlines, one each ("name: number · Text X to N · TTY n", then
    /// indented lines saying what it is for, its languages and its consent note),
    /// without 911 (the emergency action says it) and without other countries' lines.
    fn hotlines(&mut self) -> Result<Vec<String>>;
    /// The nearest services of a "nearest" action's kind to a postal code or place.
    fn nearest(&mut self, kind: ActionKind, near: &str) -> Result<Vec<String>>;
}

/// The store the CLI has, searched through the directory index (built on first use).
pub struct StoreLookup {
    store: Box<dyn store::Store>,
    index: Option<search::Index>,
    catalog: &'static Catalog,
    locale: String,
    home_region: String,
    hotlines: Option<Vec<String>>,
}

impl StoreLookup {
    /// Wrap an open store; hotline lines are worded in `locale`, for an instance whose home is
    /// `home_region` (as `haven serve`'s: a country code or a service area name).
    pub fn new(
        store: Box<dyn store::Store>,
        catalog: &'static Catalog,
        locale: &str,
        home_region: &str,
    ) -> StoreLookup {
        StoreLookup {
            store,
            index: None,
            catalog,
            locale: locale.to_string(),
            home_region: home_region.to_string(),
            hotlines: None,
        }
    }

    fn index(&mut self) -> Result<&search::Index> {
        if self.index.is_none() {
            self.index = Some(search::Index::build(self.store.as_ref())?);
        }
        self.index
            .as_ref()
            .ok_or_else(|| anyhow!("the directory index did not build"))
    }

    fn query(&mut self, q: search::Query) -> Result<Vec<search::Hit>> {
        Ok(self.index()?.search(&q)?.hits)
    }

    /// One hotline as a line: name, voice number, how to text it (in the reader's words), TTY.
    fn line(&self, d: &web::directory::ServiceDetail) -> String {
        use web::directory::s;
        let (c, l) = (self.catalog, self.locale.as_str());
        let mut parts = Vec::new();
        for kind in ["voice", "text", "textphone"] {
            for p in d.phones.iter().filter(|p| {
                let t = s(p, "type");
                t == kind || (kind == "voice" && t.is_empty())
            }) {
                let number = s(p, "number").to_string();
                parts.push(match kind {
                    "text" => match web::hotlines::text_code(p) {
                        Some(words) => c.fmt(
                            l,
                            "hotline-text-to",
                            &[
                                (
                                    "code",
                                    words.join(&format!(" {} ", c.msg(l, "hotline-or"))).into(),
                                ),
                                ("number", number.into()),
                            ],
                        ),
                        // No code to send: the directory's own words where they are in the
                        // reader's language ("Envía un mensaje de texto al 988").
                        None => match d.text(hsds::Table::Phone, p, "description", l) {
                            (words, lang)
                                if !words.is_empty()
                                    && web::directory::lang_mark(lang, l).is_none()
                                    && words.contains(number.as_str()) =>
                            {
                                words.to_string()
                            }
                            _ => format!("{} {number}", c.msg(l, "action-text")),
                        },
                    },
                    "textphone" => format!("{} {number}", c.msg(l, "action-tty")),
                    _ => number,
                });
            }
        }
        let mut line = format!("{}: {}", s(&d.service, "name"), parts.join(" · "));
        // Under it, what the line is for, its languages and what it does with what you say:
        // in the reader's language where the directory has it, else marked with its own.
        let shown = |table: hsds::Table, r: &hsds::Record, field: &str| {
            let (text, lang) = d.text(table, r, field, l);
            match web::directory::lang_mark(lang, l) {
                Some(other) if !text.is_empty() => format!("[{other}] {text}"),
                _ => text.to_string(),
            }
        };
        for (table, r, field) in [
            (hsds::Table::Service, &d.service, "description"),
            (hsds::Table::Service, &d.service, "interpretation_services"),
            (hsds::Table::Service, &d.service, "application_process"),
        ] {
            let text = shown(table, r, field);
            if !text.is_empty() {
                line.push_str(&format!("\n    {text}"));
            }
        }
        line
    }
}

impl Lookup for StoreLookup {
    fn hotlines(&mut self) -> Result<Vec<String>> {
        if let Some(lines) = &self.hotlines {
            return Ok(lines.clone());
        }
        let home = self.home_region.clone();
        self.index()?;
        let details = match &self.index {
            Some(index) => web::directory::hotlines(self.store.as_ref(), index, &home)
                .map_err(|e| anyhow!("the hotlines: {e}"))?,
            None => Vec::new(),
        };
        let split = web::hotlines::Lines::split(&details, &home);
        let lines: Vec<String> = split.home.iter().map(|d| self.line(d)).collect();
        self.hotlines = Some(lines.clone());
        Ok(lines)
    }

    fn nearest(&mut self, kind: ActionKind, near: &str) -> Result<Vec<String>> {
        let place = search::gazetteer::Gazetteer::get().resolve(near)?;
        let hits = self.query(search::Query {
            near: Some((place.lat, place.lon)),
            taxonomy: kind.taxonomy().map(str::to_string),
            limit: 3,
            ..Default::default()
        })?;
        Ok(hits
            .iter()
            .map(|h| {
                let mut line = h.name.clone();
                if !h.organization.is_empty() && h.organization != h.name {
                    line.push_str(&format!(" ({})", h.organization));
                }
                if let Some(km) = h.distance_km {
                    line.push_str(&format!(", {km:.1} km"));
                }
                if let Some(p) = h.phones.first() {
                    line.push_str(&format!(", {p}"));
                }
                line
            })
            .collect())
    }
}

/// Run `haven guide`: open the store (loading the bundled directory into a new one, as
/// `serve` does), pick the locale, and walk the flow.
pub fn run_guide(
    db: &str,
    lang: Option<String>,
    plain: bool,
    near: Option<String>,
) -> Result<ExitCode> {
    let catalog = Catalog::embedded().map_err(|e| anyhow!("the built-in translations: {e}"))?;
    let flow = Flow::embedded().map_err(|e| anyhow!("the built-in guide:\n{e}"))?;
    let locale = match lang {
        Some(l) => match catalog.locale(&l) {
            Some(found) => found.code.clone(),
            None => {
                let known: Vec<&str> = catalog.locales().iter().map(|l| l.code.as_str()).collect();
                return Err(anyhow!(
                    "--lang {l}: not a shipped language (shipped: {})",
                    known.join(", ")
                ));
            }
        },
        // LANG=es_MX.UTF-8 -> es, as a terminal user would expect.
        None => {
            let env = std::env::var("LANG").unwrap_or_default();
            let tag = env.split(['.', '@']).next().unwrap_or("").replace('_', "-");
            catalog.negotiate(&tag).to_string()
        }
    };
    let mut st = crate::open_store(db)?;
    if store::is_empty(st.as_ref())? {
        let report = crate::bundled::load(st.as_mut())?;
        let n: u64 = report.tally.values().map(|t| t.created).sum();
        eprintln!("haven: new store: loaded the bundled directory ({n} records).");
    }
    let home = web::Config::default().home_region;
    let mut lookup = StoreLookup::new(st, catalog, &locale, &home);
    let interactive = !plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let mut walk = Walk::new(flow, catalog, &locale, near);
    if interactive {
        walk.colour = std::env::var_os("NO_COLOR").is_none();
        tty::run(&mut walk, &mut lookup)?;
    } else {
        let stdin = std::io::stdin();
        let stdout = std::io::stdout();
        run_plain(
            &mut walk,
            &mut lookup,
            &mut stdin.lock(),
            &mut stdout.lock(),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Where a walk through the guide is: the current step, the way back, the place given.
pub struct Walk<'a> {
    flow: &'a Flow,
    catalog: &'a Catalog,
    locale: String,
    keys: Keys,
    history: Vec<String>,
    current: String,
    near: Option<String>,
    colour: bool,
}

/// What the user asked for at a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Choice number (1-based).
    Choose(usize),
    /// Go back one step.
    Back,
    /// Go back to the first step.
    StartOver,
    /// Stop.
    Quit,
    /// Show the nearest results for this postal code or place.
    Near(String),
    /// Not understood.
    Invalid,
}

/// The one-letter commands at the prompt, in the reader's language (English b/s/q; Spanish
/// a: atrás, i: inicio, s: salir), from the `guide-ui-key-*` messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// Go back one step.
    pub back: String,
    /// Start over.
    pub start_over: String,
    /// Quit.
    pub quit: String,
}

impl Keys {
    /// The keys of a locale.
    pub fn of(catalog: &Catalog, locale: &str) -> Keys {
        let k = |id: &str| catalog.msg(locale, id).trim().to_lowercase();
        Keys {
            back: k("guide-ui-key-back"),
            start_over: k("guide-ui-key-start-over"),
            quit: k("guide-ui-key-quit"),
        }
    }
}

impl Input {
    /// Parse one line typed at the prompt, with the reader's keys. "q", "quit", "exit" and
    /// "salir" always quit, whatever the language: leaving must never be the hard part.
    pub fn parse(line: &str, keys: &Keys) -> Input {
        let t = line.trim();
        let lower = t.to_lowercase();
        if lower == keys.quit || ["q", "quit", "exit", "salir"].contains(&lower.as_str()) {
            return Input::Quit;
        }
        if lower == keys.back || ["back", "atrás", "atras"].contains(&lower.as_str()) {
            return Input::Back;
        }
        if lower == keys.start_over {
            return Input::StartOver;
        }
        if let Some(rest) = t.strip_prefix("p ").or_else(|| t.strip_prefix("P ")) {
            let place = rest.trim();
            if !place.is_empty() {
                return Input::Near(place.to_string());
            }
        }
        match t.parse::<usize>() {
            Ok(n) if n >= 1 => Input::Choose(n),
            _ => Input::Invalid,
        }
    }
}

impl<'a> Walk<'a> {
    /// A walk from the start of the flow in a locale, with an optional place for "nearest".
    pub fn new(
        flow: &'a Flow,
        catalog: &'a Catalog,
        locale: &str,
        near: Option<String>,
    ) -> Walk<'a> {
        Walk {
            flow,
            catalog,
            locale: locale.to_string(),
            keys: Keys::of(catalog, locale),
            history: Vec::new(),
            current: flow.start().to_string(),
            near,
            colour: false,
        }
    }

    fn ui(&self, id: &str) -> String {
        self.catalog.msg(&self.locale, id)
    }

    fn step(&self) -> Result<RenderedStep> {
        self.flow
            .render(self.catalog, &self.locale, &self.current)
            .ok_or_else(|| anyhow!("the guide has no step \"{}\"", self.current))
    }

    /// The labels of the numbered choices at the current step.
    pub fn choices(&self) -> Result<Vec<String>> {
        let s = self.step()?;
        Ok(if !s.answers.is_empty() {
            s.answers.into_iter().map(|a| a.label).collect()
        } else if s.next.is_some() {
            vec![self.ui("guide-ui-continue")]
        } else {
            Vec::new()
        })
    }

    /// Apply an input; false when the user asked to quit, Err(()) when it was not understood.
    fn apply(&mut self, input: &Input) -> Result<Result<bool, ()>> {
        let s = self.step()?;
        match input {
            Input::Quit => return Ok(Ok(false)),
            Input::Back => match self.history.pop() {
                Some(prev) => self.current = prev,
                None => return Ok(Err(())),
            },
            Input::StartOver => {
                self.history.clear();
                self.current = self.flow.start().to_string();
            }
            Input::Near(place) => self.near = Some(place.clone()),
            Input::Choose(n) => {
                let next = if !s.answers.is_empty() {
                    s.answers.get(n - 1).map(|a| a.next.clone())
                } else if *n == 1 {
                    s.next.clone()
                } else {
                    None
                };
                match next {
                    Some(id) => {
                        self.history.push(std::mem::replace(&mut self.current, id));
                    }
                    None => return Ok(Err(())),
                }
            }
            Input::Invalid => return Ok(Err(())),
        }
        Ok(Ok(true))
    }

    /// The current step as text: title, blocks, actions with their live lines, choices.
    fn text(&self, lookup: &mut dyn Lookup) -> Result<String> {
        let s = self.step()?;
        let (bold, reset) = if self.colour {
            ("\x1b[1m", "\x1b[0m")
        } else {
            ("", "")
        };
        let mut out = String::new();
        out.push_str(&format!("{bold}{}{reset}\n\n", s.title));
        for b in &s.blocks {
            match b {
                Block::Paragraph(p) => out.push_str(&format!("{p}\n\n")),
                Block::Warning(w) => out.push_str(&format!("{bold}{w}{reset}\n\n")),
                Block::List(items) => {
                    for i in items {
                        out.push_str(&format!("- {i}\n"));
                    }
                    out.push('\n');
                }
            }
        }
        let blocks = std::mem::take(&mut out);
        let mut wants_place = false;
        for a in &s.actions {
            out.push_str(&format!("{bold}{}{reset}\n", a.label));
            if let Some(d) = &a.detail {
                out.push_str(&format!("{d}\n"));
            }
            let lines = match a.kind {
                ActionKind::Hotlines => Some(lookup.hotlines()),
                k if k.needs_place() => match &self.near {
                    Some(place) => Some(lookup.nearest(k, place)),
                    None => {
                        wants_place = true;
                        None
                    }
                },
                _ => None,
            };
            match lines {
                Some(Ok(l)) if l.is_empty() => {
                    out.push_str(&format!("  {}\n", self.ui("guide-ui-no-results")))
                }
                Some(Ok(l)) => {
                    for line in l {
                        out.push_str(&format!("  {line}\n"));
                    }
                }
                Some(Err(e)) => out.push_str(&format!("  {e}\n")),
                None => {}
            }
            if let Some(href) = a.href.as_deref().filter(|_| a.kind == ActionKind::Link) {
                let prefix = guide::learn::locale_prefix(&self.locale);
                out.push_str(&format!(
                    "  {}: {prefix}{href}\n",
                    self.ui("guide-ui-see-also")
                ));
            }
            out.push('\n');
        }
        if wants_place {
            out.push_str(&format!("{}\n\n", self.ui("guide-ui-postal-hint")));
        }
        // Title first; then, for an emergency step, the actions before the text.
        let title_end = blocks.find("\n\n").map_or(0, |i| i + 2);
        let (title, text) = blocks.split_at(title_end);
        out = if s.actions_first {
            format!("{title}{out}{text}")
        } else {
            format!("{title}{text}{out}")
        };
        // One hotline on every step (review L14), unless the step lists them all already.
        if !s.actions.iter().any(|a| a.kind == ActionKind::Hotlines) {
            if let Some(first) = lookup.hotlines().ok().and_then(|l| l.into_iter().next()) {
                // The footer is the line's first line: its name and numbers.
                let first = first.lines().next().unwrap_or_default();
                out.push_str(&format!("{} {first}\n\n", self.ui("guide-ui-footer")));
            }
        }
        if s.is_end {
            out.push_str(&format!("{}\n\n", self.ui("guide-ui-end")));
        }
        Ok(out)
    }
}

/// The plain walk: numbered choices, one line of input each, no cursor movement or colour.
/// Ends at `q` or at the end of the input.
pub fn run_plain(
    walk: &mut Walk<'_>,
    lookup: &mut dyn Lookup,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<()> {
    let mut show = true;
    loop {
        if show {
            write!(out, "{}", walk.text(lookup)?)?;
            for (i, c) in walk.choices()?.iter().enumerate() {
                writeln!(out, "{}. {c}", i + 1)?;
            }
            writeln!(out, "{}", walk.ui("guide-ui-keys-plain"))?;
        }
        write!(out, "{}: ", walk.ui("guide-ui-choose"))?;
        out.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(out)?;
            return Ok(());
        }
        writeln!(out)?;
        match walk.apply(&Input::parse(&line, &walk.keys))? {
            Ok(true) => show = true,
            Ok(false) => return Ok(()),
            Err(()) => {
                writeln!(out, "{}", walk.ui("guide-ui-invalid"))?;
                show = false;
            }
        }
    }
}

/// The interactive walk: a menu moved with the arrow keys, in raw mode only while choosing.
mod tty {
    use super::{Input, Lookup, Walk};
    use anyhow::Result;
    use crossterm::event::{read, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
    use crossterm::terminal::{disable_raw_mode, enable_raw_mode};
    use crossterm::{cursor, execute, terminal};
    use std::io::Write;

    /// Raw mode for as long as this lives, so an error or panic never leaves the terminal raw.
    struct Raw;
    impl Raw {
        fn on() -> Result<Raw> {
            enable_raw_mode()?;
            Ok(Raw)
        }
    }
    impl Drop for Raw {
        fn drop(&mut self) {
            let _ = disable_raw_mode();
        }
    }

    pub fn run(walk: &mut Walk<'_>, lookup: &mut dyn Lookup) -> Result<()> {
        let mut out = std::io::stdout();
        loop {
            execute!(
                out,
                terminal::Clear(terminal::ClearType::All),
                cursor::MoveTo(0, 0)
            )?;
            write!(out, "{}", walk.text(lookup)?)?;
            writeln!(out, "{}", walk.ui("guide-ui-keys-tty"))?;
            let input = choose(walk, &mut out)?;
            match walk.apply(&input)? {
                Ok(true) | Err(()) => {}
                Ok(false) => {
                    // Leave nothing on a shared screen (a kiosk, a borrowed laptop).
                    execute!(
                        out,
                        terminal::Clear(terminal::ClearType::All),
                        terminal::Clear(terminal::ClearType::Purge),
                        cursor::MoveTo(0, 0)
                    )?;
                    return Ok(());
                }
            }
        }
    }

    /// Draw the menu and read keys until something is chosen.
    fn choose(walk: &Walk<'_>, out: &mut std::io::Stdout) -> Result<Input> {
        let choices = walk.choices()?;
        let mut selected = 0usize;
        let mut drawn = 0u16;
        loop {
            if drawn > 0 {
                execute!(
                    out,
                    cursor::MoveUp(drawn),
                    cursor::MoveToColumn(0),
                    terminal::Clear(terminal::ClearType::FromCursorDown)
                )?;
            }
            for (i, c) in choices.iter().enumerate() {
                let (mark, on, off) = if i == selected && walk.colour {
                    ("> ", "\x1b[7m", "\x1b[0m")
                } else if i == selected {
                    ("> ", "", "")
                } else {
                    ("  ", "", "")
                };
                write!(out, "{mark}{on}{}. {c}{off}\r\n", i + 1)?;
            }
            out.flush()?;
            drawn = choices.len() as u16;
            let key = {
                let _raw = Raw::on()?;
                loop {
                    if let Event::Key(k) = read()? {
                        if k.kind != KeyEventKind::Release {
                            break k;
                        }
                    }
                }
            };
            match key {
                KeyEvent {
                    code: KeyCode::Char('c'),
                    modifiers: KeyModifiers::CONTROL,
                    ..
                } => return Ok(Input::Quit),
                KeyEvent { code, .. } => match code {
                    KeyCode::Up => selected = selected.saturating_sub(1),
                    KeyCode::Down if selected + 1 < choices.len() => selected += 1,
                    KeyCode::Enter if !choices.is_empty() => {
                        return Ok(Input::Choose(selected + 1))
                    }
                    KeyCode::Esc => return Ok(Input::Quit),
                    KeyCode::Char('p') | KeyCode::Char('P') => {
                        write!(out, "{}: ", walk.ui("guide-ui-postal-prompt"))?;
                        out.flush()?;
                        let mut line = String::new();
                        std::io::stdin().read_line(&mut line)?;
                        return Ok(Input::Near(line.trim().to_string()));
                    }
                    KeyCode::Char(c) => {
                        let input = Input::parse(&c.to_string(), &walk.keys);
                        if input != Input::Invalid {
                            return Ok(input);
                        }
                    }
                    _ => {}
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl Lookup for Fixed {
        fn hotlines(&mut self) -> Result<Vec<String>> {
            Ok(vec!["Test Hotline: 1-800-000-0000".into()])
        }
        fn nearest(&mut self, kind: ActionKind, near: &str) -> Result<Vec<String>> {
            Ok(vec![format!("{kind} near {near}")])
        }
    }

    fn walk_with(input: &str, near: Option<&str>) -> String {
        let flow = Flow::embedded().unwrap();
        let catalog = Catalog::embedded().unwrap();
        let mut walk = Walk::new(flow, catalog, "en", near.map(str::to_string));
        let mut out = Vec::new();
        run_plain(&mut walk, &mut Fixed, &mut input.as_bytes(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn input_lines_parse_to_commands() {
        let en = Keys::of(Catalog::embedded().unwrap(), "en");
        assert_eq!(Input::parse(" 2 \n", &en), Input::Choose(2));
        assert_eq!(Input::parse("B", &en), Input::Back);
        assert_eq!(Input::parse("s", &en), Input::StartOver);
        assert_eq!(Input::parse("q\n", &en), Input::Quit);
        assert_eq!(Input::parse("p 10001", &en), Input::Near("10001".into()));
        assert_eq!(Input::parse("0", &en), Input::Invalid);
        assert_eq!(Input::parse("p", &en), Input::Invalid);
        assert_eq!(Input::parse("hello", &en), Input::Invalid);
    }

    #[test]
    fn a_spanish_reader_s_keys_mean_what_they_say() {
        let es = Keys::of(Catalog::embedded().unwrap(), "es");
        // s: salir quits (in English s starts over); a: atrás; i: inicio.
        assert_eq!(Input::parse("s", &es), Input::Quit);
        assert_eq!(Input::parse("salir", &es), Input::Quit);
        assert_eq!(Input::parse("a", &es), Input::Back);
        assert_eq!(Input::parse("i", &es), Input::StartOver);
        // q always quits, in every language.
        assert_eq!(Input::parse("q", &es), Input::Quit);
        assert_eq!(Input::parse("b", &es), Input::Invalid);
    }

    #[test]
    fn a_choice_out_of_range_is_refused_without_moving() {
        let out = walk_with("9\nq\n", None);
        assert!(
            out.contains("Please type one of the numbers shown"),
            "{out}"
        );
        assert_eq!(out.matches("What is happening?").count(), 1, "{out}");
    }

    #[test]
    fn back_and_start_over_return_to_earlier_steps() {
        // start -> worried -> hard-to-tell -> continue -> slow-down; back -> hard-to-tell;
        // s -> start.
        let out = walk_with("2\n1\nb\ns\nb\nq\n", None);
        let titles: Vec<&str> = out
            .lines()
            .filter(|l| {
                [
                    "What is happening?",
                    "You probably can't tell by looking",
                    "Stay calm. Don't rush in.",
                ]
                .contains(l)
            })
            .collect();
        assert_eq!(
            titles,
            [
                "What is happening?",
                "You probably can't tell by looking",
                "Stay calm. Don't rush in.",
                "You probably can't tell by looking",
                "What is happening?",
            ]
        );
        // b at the start has nowhere to go.
        assert!(
            out.ends_with("Please type one of the numbers shown, or b, s or q.\nYour choice: \n"),
            "{out}"
        );
    }

    #[test]
    fn every_step_shows_a_hotline_and_an_emergency_shows_911_before_its_text() {
        // start (no hotlines action): the footer line.
        let out = walk_with("q\n", None);
        assert!(
            out.contains("Help, 24 hours a day: Test Hotline: 1-800-000-0000"),
            "{out}"
        );
        // danger-now: the 911 action comes before the step's first paragraph.
        let out = walk_with("1\nq\n", None);
        let danger = &out[out.find("If someone is in danger right now").unwrap()..];
        let call = danger.find("Emergency: 911").unwrap();
        let text = danger.find("This is the one time not to wait").unwrap();
        assert!(call < text, "{danger}");
    }

    #[test]
    fn nearest_actions_ask_for_a_place_and_show_results_once_given() {
        // start -> me -> talk: hotlines, nearest organizations and hospital.
        let out = walk_with("3\n2\np 10001\nq\n", None);
        assert!(out.contains("  Test Hotline: 1-800-000-0000"), "{out}");
        assert!(out.contains("type p and a postal code"), "{out}");
        assert!(out.contains("  nearest-organizations near 10001"), "{out}");
        assert!(out.contains("  nearest-hospital near 10001"), "{out}");
        let given = walk_with("3\n2\nq\n", Some("Brooklyn, NY"));
        assert!(
            given.contains("  nearest-hospital near Brooklyn, NY"),
            "{given}"
        );
        assert!(!given.contains("type p and a postal code"), "{given}");
    }
}
