//! The learning series: order, "part N of M", previous/next, tags, video, and the Atom feed
//! parsed back as XML.

use guide::{Catalog, Series, Source};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeMap;

fn shipped() -> &'static Series {
    Series::embedded().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn parts_come_in_order_with_part_n_of_m() {
    for locale in ["en", "es"] {
        let parts = shipped().parts(locale);
        let numbers: Vec<u32> = parts.iter().map(|a| a.part).collect();
        assert_eq!(numbers, (1..=parts.len() as u32).collect::<Vec<_>>());
        assert!(parts.iter().all(|a| a.total == parts.len() as u32));
        assert_eq!(parts[0].slug, "what-is-trafficking");
        assert_eq!(parts[9].slug, "what-else-you-can-do");
    }
    assert!(shipped().parts("fr").is_empty());
}

#[test]
fn previous_and_next_link_neighbouring_parts() {
    let s = shipped();
    let (prev, next) = s.prev_next("en", "what-is-trafficking").unwrap();
    assert!(prev.is_none());
    assert_eq!(next.unwrap().slug, "myths-and-facts");
    let (prev, next) = s.prev_next("es", "signs-in-context").unwrap();
    assert_eq!(prev.unwrap().slug, "myths-and-facts");
    assert_eq!(next.unwrap().slug, "why-not-confront");
    assert_eq!(next.unwrap().locale, "es");
    let (prev, next) = s.prev_next("en", "what-else-you-can-do").unwrap();
    assert_eq!(prev.unwrap().part, 9);
    assert_eq!(next.unwrap().slug, "what-organizations-do");
    let (prev, next) = s.prev_next("en", "what-organizations-do").unwrap();
    assert_eq!(prev.unwrap().part, 10);
    assert!(next.is_none());
    assert!(s.prev_next("en", "no-such-part").is_none());
}

#[test]
fn tags_list_their_parts_in_series_order() {
    let s = shipped();
    let tags: BTreeMap<String, usize> = s.tags("en").into_iter().collect();
    assert_eq!(tags.get("consent"), Some(&2));
    assert_eq!(
        s.tags("en"),
        s.tags("es"),
        "tags are the same slugs in every locale"
    );
    let consent: Vec<&str> = s
        .by_tag("es", "consent")
        .iter()
        .map(|a| a.slug.as_str())
        .collect();
    assert_eq!(
        consent,
        ["consent-and-the-police", "supporting-survivors-choices"]
    );
    assert!(s.by_tag("en", "no-such-tag").is_empty());
    // Every tag has a name in every locale.
    let c = Catalog::embedded().unwrap();
    for (tag, _) in s.tags("en") {
        for l in ["en", "es"] {
            assert!(c.has(l, &guide::learn::tag_message(&tag)), "{l} {tag}");
        }
    }
}

#[test]
fn internal_links_carry_the_reader_s_locale_and_the_text_has_no_markup() {
    let s = shipped();
    let en = s.article("en", "consent-and-the-police").unwrap();
    let es = s.article("es", "consent-and-the-police").unwrap();
    assert!(
        en.html.contains("href=\"/learn/reaching-an-organization\""),
        "{}",
        en.html
    );
    assert!(
        es.html
            .contains("href=\"/es/learn/reaching-an-organization\""),
        "{}",
        es.html
    );
    assert!(en.html.contains("<h2>"));
    assert!(
        !en.text.contains("##") && !en.text.contains("]("),
        "{}",
        en.text
    );
    assert!(en.text.contains("\n- arrested"), "{}", en.text);
}

/// Parse an Atom document into (feed fields, entries' fields), failing on malformed XML.
fn parse_atom(xml: &str) -> (BTreeMap<String, String>, Vec<BTreeMap<String, String>>) {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut feed = BTreeMap::new();
    let mut entries: Vec<BTreeMap<String, String>> = Vec::new();
    let mut text = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                text.clear();
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if name == "feed" {
                    for a in e.attributes() {
                        let a = a.unwrap();
                        if a.key.as_ref() == b"xmlns" {
                            feed.insert("xmlns".into(), a.unescape_value().unwrap().to_string());
                        }
                    }
                }
                if name == "entry" {
                    entries.push(BTreeMap::new());
                }
                path.push(name);
            }
            Event::Empty(e) => {
                text.clear();
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let mut attrs = BTreeMap::new();
                for a in e.attributes() {
                    let a = a.unwrap();
                    attrs.insert(
                        String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                        a.unescape_value().unwrap().to_string(),
                    );
                }
                let key = format!(
                    "{name}:{}",
                    attrs
                        .get("rel")
                        .or(attrs.get("term"))
                        .cloned()
                        .unwrap_or_default()
                );
                let value = attrs
                    .get("href")
                    .or(attrs.get("label"))
                    .cloned()
                    .unwrap_or_default();
                match (path.last().map(String::as_str), entries.last_mut()) {
                    (Some("entry"), Some(entry)) => {
                        entry.insert(key, value);
                    }
                    _ => {
                        feed.insert(key, value);
                    }
                }
            }
            // quick-xml hands text and entity references over separately: gather them.
            Event::Text(t) => text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap().to_string();
                let c = match name.as_str() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => r.resolve_char_ref().unwrap().expect("a known entity"),
                };
                text.push(c);
            }
            Event::End(_) => {
                if !text.trim().is_empty() {
                    let value = std::mem::take(&mut text);
                    match (path.len(), entries.last_mut()) {
                        (3, Some(entry)) if path[1] == "entry" => {
                            entry.insert(path[2].clone(), value);
                        }
                        _ => {
                            feed.insert(path.join("/"), value);
                        }
                    }
                }
                text.clear();
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (feed, entries)
}

#[test]
fn the_atom_feed_parses_back_with_absolute_urls_and_dates() {
    let c = Catalog::embedded().unwrap();
    let xml = shipped().atom("es", "https://haven.example.org/", c);
    let (feed, entries) = parse_atom(&xml);
    assert_eq!(feed["xmlns"], "http://www.w3.org/2005/Atom");
    assert_eq!(feed["feed/title"], c.msg("es", "learn-feed-title"));
    assert_eq!(
        feed["feed/id"],
        "https://haven.example.org/es/learn/feed.atom"
    );
    assert_eq!(
        feed["link:self"],
        "https://haven.example.org/es/learn/feed.atom"
    );
    assert_eq!(feed["link:alternate"], "https://haven.example.org/es/learn");
    assert_eq!(feed["feed/updated"], "2026-12-02T00:00:00Z");
    assert_eq!(feed["feed/author/name"], "haven");
    assert_eq!(entries.len(), 11);
    // Newest first: the last part leads.
    let last = &entries[0];
    assert_eq!(last["title"], "Qué hacen las organizaciones especializadas");
    assert_eq!(
        last["id"],
        "https://haven.example.org/es/learn/what-organizations-do"
    );
    assert_eq!(last["link:alternate"], last["id"]);
    assert_eq!(
        last["category:survivors"],
        c.msg("es", "learn-tag-survivors")
    );
    for e in &entries {
        for field in ["title", "id", "updated", "published", "summary", "content"] {
            assert!(e.contains_key(field), "entry lacks {field}: {e:?}");
        }
        assert!(e["updated"].ends_with("T00:00:00Z"));
        // The body's links are absolute, so they work in a feed reader.
        assert!(!e["content"].contains("href=\"/"), "{}", e["content"]);
    }
    let en = shipped().atom("en", "https://haven.example.org", c);
    let (feed, _) = parse_atom(&en);
    assert_eq!(feed["feed/id"], "https://haven.example.org/learn/feed.atom");
}

fn write(root: &std::path::Path, path: &str, text: &str) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn article(part: u32, slug: &str, extra: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"Part {part}\"\nsummary = \"About {slug}\"\npart = {part}\nseries = \"S\"\ntags = [\"t\"]\ndate = 2026-11-{part:02}\n{extra}+++\n\n{body}\n"
    )
}

#[test]
fn a_video_with_captions_is_kept_and_raw_html_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "locales/en/a.ftl", "x = x\n");
    write(root, "learn/media/one.webm", "not really a video");
    write(root, "learn/media/one.en.vtt", "WEBVTT\n");
    write(
        root,
        "learn/en/01-one.md",
        &article(1, "one", "video = \"one.webm\"\ncaptions = \"one.en.vtt\"\n", "Hello <iframe src=\"https://tracker.example\"></iframe> ![x](https://cdn.example/x.png)"),
    );
    write(root, "learn/en/02-two.md", &article(2, "two", "", "Two."));
    let s = Series::load(&Source::Dir(root.to_path_buf())).unwrap();
    let one = s.article("en", "one").unwrap();
    let v = one.video.as_ref().unwrap();
    assert_eq!(
        (v.file.as_str(), v.captions.as_str()),
        ("one.webm", "one.en.vtt")
    );
    assert!(!one.html.contains("<iframe"), "{}", one.html);
    assert!(one.html.contains("&lt;iframe"), "{}", one.html);
    assert!(!one.html.contains("<img"), "{}", one.html);
    assert_eq!(one.date.to_string(), "2026-11-01");
    assert!(s.article("en", "two").unwrap().video.is_none());
    // The feed's updated date is the newest part's.
    let c = Catalog::load(&Source::Dir(root.to_path_buf())).unwrap();
    let (feed, entries) = parse_atom(&s.atom("en", "http://localhost:8080", &c));
    assert_eq!(feed["feed/updated"], "2026-11-02T00:00:00Z");
    assert_eq!(entries[0]["title"], "Part 2");
}
