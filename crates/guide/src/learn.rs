//! The learning series: short Markdown articles with front matter, one folder per locale
//! (`content/learn/<locale>/NN-slug.md`), numbered parts with the same slugs in every locale so
//! a reader can switch language on any part. Rendered to safe HTML (raw HTML in the source is
//! shown as text, never passed through), to plain text for the terminal, and to an Atom feed.

use crate::i18n::{Catalog, DEFAULT_LOCALE};
use crate::problem::{ContentErrors, Problem, ProblemKind};
use crate::routes::{is_slug, match_route};
use crate::source::Source;
use chrono::NaiveDate;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The series' folder, relative to the content root.
pub const LEARN_DIR: &str = "learn";
/// Where videos and captions live, relative to the content root.
pub const MEDIA_DIR: &str = "learn/media";

/// Messages the series uses beyond its articles (feed title and the like).
pub const SERIES_MESSAGES: &[&str] = &[
    "learn-title",
    "learn-intro",
    "learn-feed-title",
    "learn-feed-subtitle",
    "learn-feed-author",
    "learn-part-of",
    "learn-tags",
    "learn-previous",
    "learn-next",
    "learn-share",
];

/// The message that names a tag in a locale (`learn-tag-consent`).
pub fn tag_message(tag: &str) -> String {
    format!("learn-tag-{tag}")
}

/// A part's video, served by haven itself, with its captions track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Video {
    /// The video file, relative to `learn/media/`.
    pub file: String,
    /// The WebVTT captions file, relative to `learn/media/`.
    pub captions: String,
}

/// One part of the series in one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The URL segment, the same in every locale (`/learn/{slug}`, `/es/learn/{slug}`).
    pub slug: String,
    /// The locale code.
    pub locale: String,
    /// Its title.
    pub title: String,
    /// One or two sentences, for lists and the feed.
    pub summary: String,
    /// Its part number, from 1.
    pub part: u32,
    /// How many parts the series has in this locale ("part N of M").
    pub total: u32,
    /// The series' name.
    pub series: String,
    /// Tags (slugs; their names are messages `learn-tag-<tag>`).
    pub tags: Vec<String>,
    /// When it was published.
    pub date: NaiveDate,
    /// Its video, if it has one.
    pub video: Option<Video>,
    /// The body as HTML, safe to put in a page (raw HTML escaped; internal links prefixed with
    /// the locale).
    pub html: String,
    /// The body as plain text, for the terminal.
    pub text: String,
    /// The file it came from.
    pub file: String,
    /// The links in its body, as written (without locale prefix), for the checker.
    pub links: Vec<String>,
}

/// Every locale's articles, ordered by part.
#[derive(Debug, Clone)]
pub struct Series {
    parts: BTreeMap<String, Vec<Article>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    title: String,
    summary: String,
    part: u32,
    series: String,
    #[serde(default)]
    tags: Vec<String>,
    date: toml::value::Datetime,
    video: Option<String>,
    captions: Option<String>,
}

impl Series {
    /// The series built into the binary, loaded once (checked by the test suite).
    pub fn embedded() -> Result<&'static Series, &'static ContentErrors> {
        static CELL: OnceLock<Result<Series, ContentErrors>> = OnceLock::new();
        CELL.get_or_init(|| Series::load(&Source::Embedded))
            .as_ref()
    }

    /// Load and check every locale's articles: every problem found, or the series.
    pub fn load(src: &Source) -> Result<Series, ContentErrors> {
        let mut problems = Vec::new();
        let mut parts: BTreeMap<String, Vec<Article>> = BTreeMap::new();
        // Every slug with a file, loaded or not, so a broken article is not also "missing".
        let mut present: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
        // Every shipped locale (a folder under locales/) publishes the series, plus any
        // folder of articles, so a translation without its articles is caught.
        let mut locales = std::collections::BTreeSet::new();
        for folder in [LEARN_DIR, "locales"] {
            match src.subfolders(folder) {
                Ok(l) => locales.extend(l),
                Err(e) => return Err(read_problem(e)),
            }
        }
        for locale in locales.into_iter().filter(|l| l != "media") {
            let files = match src.files(&format!("{LEARN_DIR}/{locale}"), ".md") {
                Ok(f) => f,
                Err(e) => return Err(read_problem(e)),
            };
            let mut list = Vec::new();
            let mut slugs = std::collections::BTreeSet::new();
            for f in files {
                if let Some((_, slug)) = split_name(&f.path) {
                    slugs.insert(slug);
                }
                if let Some(a) = parse_article(src, &locale, &f.path, &f.text, &mut problems) {
                    list.push(a);
                }
            }
            present.insert(locale.clone(), slugs);
            list.sort_by_key(|a| a.part);
            check_numbering(&list, &mut problems);
            let total = list.len() as u32;
            for a in &mut list {
                a.total = total;
            }
            parts.insert(locale, list);
        }
        check_translations(&parts, &present, &mut problems);
        if problems.is_empty() {
            Ok(Series { parts })
        } else {
            Err(ContentErrors(problems))
        }
    }

    /// The locales the series is published in.
    pub fn locales(&self) -> impl Iterator<Item = &str> {
        self.parts.keys().map(String::as_str)
    }

    /// A locale's parts in order (empty for a locale without the series).
    pub fn parts(&self, locale: &str) -> &[Article] {
        self.parts.get(locale).map(Vec::as_slice).unwrap_or(&[])
    }

    /// One part by slug (slugs come from URLs: unknown is None).
    pub fn article(&self, locale: &str, slug: &str) -> Option<&Article> {
        self.parts(locale).iter().find(|a| a.slug == slug)
    }

    /// The parts before and after one, for "previous / next" links; None for an unknown slug.
    pub fn prev_next(
        &self,
        locale: &str,
        slug: &str,
    ) -> Option<(Option<&Article>, Option<&Article>)> {
        let list = self.parts(locale);
        let i = list.iter().position(|a| a.slug == slug)?;
        Some((i.checked_sub(1).and_then(|p| list.get(p)), list.get(i + 1)))
    }

    /// Every tag of a locale's parts with how many parts have it, sorted by tag.
    pub fn tags(&self, locale: &str) -> Vec<(String, usize)> {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for a in self.parts(locale) {
            for t in &a.tags {
                *count.entry(t).or_default() += 1;
            }
        }
        count.into_iter().map(|(t, n)| (t.to_string(), n)).collect()
    }

    /// The parts with a tag, in series order (empty for an unknown tag).
    pub fn by_tag(&self, locale: &str, tag: &str) -> Vec<&Article> {
        self.parts(locale)
            .iter()
            .filter(|a| a.tags.iter().any(|t| t == tag))
            .collect()
    }

    /// The locale's series as an Atom 1.0 feed, with absolute URLs under `base_url`
    /// (e.g. `https://haven.example.org`, no trailing slash needed).
    pub fn atom(&self, locale: &str, base_url: &str, catalog: &Catalog) -> String {
        let base = base_url.trim_end_matches('/');
        let prefix = locale_prefix(locale);
        let list = self.parts(locale);
        let updated = list
            .iter()
            .map(|a| a.date)
            .max()
            .map(atom_date)
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        let m = |id: &str| xml_escape(&catalog.msg(locale, id));
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            xml_escape(locale)
        ));
        out.push_str(&format!("  <title>{}</title>\n", m("learn-feed-title")));
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            m("learn-feed-subtitle")
        ));
        let feed_url = format!("{base}{prefix}/learn/feed.atom");
        out.push_str(&format!("  <id>{}</id>\n", xml_escape(&feed_url)));
        out.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            xml_escape(&feed_url)
        ));
        out.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&format!("{base}{prefix}/learn"))
        ));
        out.push_str(&format!("  <updated>{updated}</updated>\n"));
        out.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            m("learn-feed-author")
        ));
        // Newest first, as feed readers expect.
        for a in list.iter().rev() {
            let url = format!("{base}{prefix}/learn/{}", a.slug);
            let date = atom_date(a.date);
            out.push_str("  <entry>\n");
            out.push_str(&format!("    <title>{}</title>\n", xml_escape(&a.title)));
            out.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
            out.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                xml_escape(&url)
            ));
            out.push_str(&format!("    <published>{date}</published>\n"));
            out.push_str(&format!("    <updated>{date}</updated>\n"));
            for t in &a.tags {
                out.push_str(&format!(
                    "    <category term=\"{}\" label=\"{}\"/>\n",
                    xml_escape(t),
                    m(&tag_message(t))
                ));
            }
            out.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_escape(&a.summary)
            ));
            // Relative links in the body would resolve against the feed reader: make them absolute.
            let html = a.html.replace("href=\"/", &format!("href=\"{base}/"));
            out.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                xml_escape(&html)
            ));
            out.push_str("  </entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }
}

/// The URL prefix of a locale: none for the default, `/es` for Spanish.
pub fn locale_prefix(locale: &str) -> String {
    if locale == DEFAULT_LOCALE {
        String::new()
    } else {
        format!("/{locale}")
    }
}

fn atom_date(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn read_problem(e: crate::source::ReadError) -> ContentErrors {
    ContentErrors(vec![Problem::file(e.path, ProblemKind::Read(e.reason))])
}

/// `NN-slug.md` -> (NN, slug).
fn split_name(path: &str) -> Option<(u32, String)> {
    let name = path.rsplit('/').next()?.strip_suffix(".md")?;
    let (num, slug) = name.split_once('-')?;
    if num.len() != 2 || !num.chars().all(|c| c.is_ascii_digit()) || !is_slug(slug) {
        return None;
    }
    Some((num.parse().ok()?, slug.to_string()))
}

fn parse_article(
    src: &Source,
    locale: &str,
    path: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<Article> {
    let Some((number, slug)) = split_name(path) else {
        problems.push(Problem::file(path, ProblemKind::BadArticleName));
        return None;
    };
    let bad = |problems: &mut Vec<Problem>, why: String| {
        problems.push(Problem::file(path, ProblemKind::FrontMatter(why)));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        bad(
            problems,
            "missing: an article starts with a line +++, its TOML fields, and another +++".into(),
        );
        return None;
    };
    let Some((front, body)) = rest
        .split_once("\n+++\n")
        .or_else(|| rest.split_once("\n+++\r\n"))
        .or_else(|| rest.strip_suffix("\n+++").map(|f| (f, "")))
    else {
        bad(problems, "not closed: no line +++ after the fields".into());
        return None;
    };
    let front: Front = match toml::from_str(front) {
        Ok(f) => f,
        Err(e) => {
            // Lines count from the file's start: the front matter begins on line 2.
            let at = crate::flow::toml_error(&e, &format!("\n{front}"));
            bad(problems, at);
            return None;
        }
    };
    let mut ok = true;
    if front.title.trim().is_empty() || front.summary.trim().is_empty() {
        bad(problems, "title and summary must not be empty".into());
        ok = false;
    }
    let date = match (front.date.date, front.date.time) {
        (Some(d), None) => NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()),
        _ => None,
    };
    let Some(date) = date else {
        bad(
            problems,
            format!("date {} must be a plain date like 2026-12-01", front.date),
        );
        return None;
    };
    if front.part != number {
        problems.push(Problem::file(
            path,
            ProblemKind::PartMismatch {
                file: number,
                front: front.part,
            },
        ));
        ok = false;
    }
    for t in &front.tags {
        if !is_slug(t) {
            problems.push(Problem::file(path, ProblemKind::BadTag(t.clone())));
            ok = false;
        }
    }
    let video = match (front.video, front.captions) {
        (None, None) => None,
        (Some(file), Some(captions)) => {
            for f in [&file, &captions] {
                match src.bytes(&format!("{MEDIA_DIR}/{f}")) {
                    Ok(Some(_)) => {}
                    _ => {
                        problems.push(Problem::file(path, ProblemKind::MissingMedia(f.clone())));
                        ok = false;
                    }
                }
            }
            if !captions.ends_with(".vtt") {
                bad(problems, "captions must be a WebVTT file (.vtt)".into());
                ok = false;
            }
            Some(Video { file, captions })
        }
        _ => {
            bad(
                problems,
                "a video needs a captions track, and captions need a video".into(),
            );
            return None;
        }
    };
    let rendered = render_markdown(body, locale);
    for link in &rendered.links {
        if match_route(link).is_none() {
            problems.push(Problem::file(path, ProblemKind::UnknownRoute(link.clone())));
            ok = false;
        }
    }
    ok.then(|| Article {
        slug,
        locale: locale.to_string(),
        title: front.title,
        summary: front.summary,
        part: front.part,
        total: 0,
        series: front.series,
        tags: front.tags,
        date,
        video,
        html: rendered.html,
        text: rendered.text,
        file: path.to_string(),
        links: rendered.links,
    })
}

fn check_numbering(list: &[Article], problems: &mut Vec<Problem>) {
    for w in list.windows(2) {
        if w[0].part == w[1].part {
            problems.push(Problem::file(
                &w[1].file,
                ProblemKind::DuplicatePart {
                    part: w[1].part,
                    other: w[0].file.clone(),
                },
            ));
        }
    }
    let mut expected = 1;
    for a in list {
        while a.part > expected {
            problems.push(Problem::file(&a.file, ProblemKind::PartGap(expected)));
            expected += 1;
        }
        expected = a.part + 1;
    }
    if let Some(first) = list.first() {
        for a in &list[1..] {
            if a.series != first.series {
                problems.push(Problem::file(
                    &a.file,
                    ProblemKind::SeriesMismatch {
                        expected: first.series.clone(),
                        found: a.series.clone(),
                    },
                ));
            }
        }
    }
}

fn check_translations(
    parts: &BTreeMap<String, Vec<Article>>,
    present: &BTreeMap<String, std::collections::BTreeSet<String>>,
    problems: &mut Vec<Problem>,
) {
    let has = |locale: &str, slug: &str| present.get(locale).is_some_and(|s| s.contains(slug));
    let Some(reference) = parts.get(DEFAULT_LOCALE) else {
        return;
    };
    for (locale, list) in parts {
        if locale == DEFAULT_LOCALE {
            continue;
        }
        for en in reference {
            match list.iter().find(|a| a.slug == en.slug) {
                None if has(locale, &en.slug) => {}
                None => problems.push(Problem::file(
                    &en.file,
                    ProblemKind::MissingTranslation(locale.clone()),
                )),
                Some(a) => {
                    let mut what = Vec::new();
                    if a.part != en.part {
                        what.push(format!("part {} here, {} in {locale}", en.part, a.part));
                    }
                    if a.tags != en.tags {
                        what.push(format!(
                            "tags [{}] here, [{}] in {locale}",
                            en.tags.join(", "),
                            a.tags.join(", ")
                        ));
                    }
                    if !what.is_empty() {
                        problems.push(Problem::file(
                            &en.file,
                            ProblemKind::TranslationMismatch {
                                locale: locale.clone(),
                                what: what.join("; "),
                            },
                        ));
                    }
                }
            }
        }
        for a in list {
            if !has(DEFAULT_LOCALE, &a.slug) {
                problems.push(Problem::file(
                    &a.file,
                    ProblemKind::MissingTranslation(DEFAULT_LOCALE.to_string()),
                ));
            }
        }
    }
}

struct Rendered {
    html: String,
    text: String,
    links: Vec<String>,
}

/// Markdown to safe HTML and plain text. Raw HTML becomes text; links must be haven pages
/// (collected for the checker) and get the locale's prefix.
fn render_markdown(body: &str, locale: &str) -> Rendered {
    let prefix = locale_prefix(locale);
    let mut links = Vec::new();
    let mut text = String::new();
    let mut list_depth = 0usize;
    let events: Vec<Event<'_>> = Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH)
        .map(|ev| match ev {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                links.push(dest_url.to_string());
                let dest = if dest_url.starts_with('/') {
                    CowStr::from(format!("{prefix}{dest_url}"))
                } else {
                    dest_url
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            // Images would be requests to who knows where: show their alt text only.
            Event::Start(Tag::Image { .. }) => Event::Text(CowStr::Borrowed("")),
            Event::End(TagEnd::Image) => Event::Text(CowStr::Borrowed("")),
            other => other,
        })
        .collect();
    for ev in &events {
        match ev {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::Start(Tag::Item) => {
                text.push_str(&"  ".repeat(list_depth.saturating_sub(1)));
                text.push_str("- ");
            }
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                if list_depth == 0 {
                    text.push('\n');
                }
            }
            Event::End(TagEnd::Item) => text.push('\n'),
            Event::End(TagEnd::Paragraph) if list_depth == 0 => text.push_str("\n\n"),
            Event::End(TagEnd::Heading(_)) => text.push_str("\n\n"),
            Event::End(TagEnd::BlockQuote(_)) => text.push('\n'),
            _ => {}
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered {
        html,
        text: text.trim_end().to_string() + "\n",
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text_and_internal_links_get_the_locale() {
        let r = render_markdown(
            "Hi <script>alert(1)</script> [more](/learn/myths) and <b>x</b>.\n\n- one\n- two\n",
            "es",
        );
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(r.html.contains("href=\"/es/learn/myths\""), "{}", r.html);
        assert_eq!(r.links, vec!["/learn/myths".to_string()]);
        assert_eq!(
            r.text,
            "Hi <script>alert(1)</script> more and <b>x</b>.\n\n- one\n- two\n"
        );
    }

    #[test]
    fn file_names_give_part_and_slug() {
        assert_eq!(
            split_name("learn/en/03-signs.md"),
            Some((3, "signs".into()))
        );
        assert_eq!(split_name("learn/en/3-signs.md"), None);
        assert_eq!(split_name("learn/en/03-Signs.md"), None);
        assert_eq!(split_name("learn/en/03.md"), None);
    }
}
