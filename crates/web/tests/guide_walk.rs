//! Every path of the guide walked to its end through the web app, in every shipped language,
//! by following the links a person would follow (answers and "continue"), with no JavaScript.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

/// Start the app on a random port over an empty store; returns its address.
fn start() -> (String, tempfile::TempDir) {
    start_over(false)
}

/// Load haven's bundled directory (data/bundled: the hotlines, hospitals) into a new store.
fn load_bundle(store_url: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled");
    let mut c = hsds::io::Collect::default();
    hsds::io::read_datapackage_dir(&dir, &mut c).expect("read the bundle");
    let mut st = store::open(store_url).expect("open store");
    let mut tx = st.begin().expect("begin");
    for (table, rows) in &c.directory.tables {
        for (rec, _) in rows {
            tx.upsert(*table, rec).expect("upsert");
        }
    }
    tx.commit().expect("commit");
}

/// Start the app on a random port, over an empty store or one holding the bundled directory.
fn start_over(bundle: bool) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite:{}", dir.path().join("h.sqlite").display());
    if bundle {
        load_bundle(&url);
    }
    let state = web::AppState::open(
        web::Config {
            log_requests: false,
            ..Default::default()
        },
        &url,
    )
    .expect("app state");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    std::thread::spawn(move || {
        rt.block_on(async move {
            let _ = web::serve(listener, Arc::new(state)).await;
        })
    });
    (addr, dir)
}

/// A plain HTTP/1.1 GET: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, body)
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// The hrefs of links inside an element that starts with `marker` (e.g. `<ul class="answers">`)
/// up to its closing tag `end`.
fn links_in(body: &str, marker: &str, end: &str) -> Vec<String> {
    let Some(start) = body.find(marker) else {
        return Vec::new();
    };
    let rest = &body[start..];
    let block = &rest[..rest.find(end).unwrap_or(rest.len())];
    block
        .split("href=\"")
        .skip(1)
        .filter_map(|p| p.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .collect()
}

/// The "continue" link of an advice step: the `a.action` whose href goes to another step and
/// that is not inside an action block (those link to other pages).
fn continue_link(body: &str, prefix: &str) -> Option<String> {
    let nav = body.find("class=\"step-nav\"").unwrap_or(body.len());
    let before = &body[..nav];
    before
        .rmatch_indices("<p><a class=\"action\" href=\"")
        .map(|(i, m)| &before[i + m.len()..])
        .filter_map(|p| p.split('"').next())
        .find(|h| h.starts_with(&format!("{prefix}/guide/")))
        .map(|h| h.replace("&amp;", "&"))
}

fn step_of(href: &str) -> String {
    href.split("/guide/")
        .nth(1)
        .unwrap_or("")
        .split('?')
        .next()
        .unwrap_or("")
        .to_string()
}

fn walk(addr: &str, prefix: &str, lang: &str) -> (usize, BTreeSet<String>) {
    let flow = guide::Flow::embedded().expect("flow");
    let mut ends = 0;
    let mut seen_steps = BTreeSet::new();
    // Depth-first over paths; a step already on the current path is a loop (the checker
    // guarantees every loop has a way out, so such a branch is not followed again).
    let mut stack: Vec<(String, Vec<String>)> = vec![(format!("{prefix}/guide"), Vec::new())];
    let mut pages = 0;
    while let Some((href, path)) = stack.pop() {
        pages += 1;
        assert!(pages < 5_000, "the walk does not end");
        let (status, body) = get(addr, &href);
        assert_eq!(status, 200, "{href}");
        assert!(
            body.contains(&format!("<html lang=\"{lang}\"")),
            "{href} is not in {lang}"
        );
        assert!(!body.contains("[guide-"), "{href} shows a missing message");
        let here = if href.ends_with("/guide") {
            flow.start().to_string()
        } else {
            step_of(&href)
        };
        seen_steps.insert(here.clone());
        let step = flow.step(&here).expect("a real step");
        let mut path = path;
        path.push(here.clone());
        let answers = links_in(&body, "<ul class=\"answers\">", "</ul>");
        assert_eq!(
            answers.len(),
            step.answers.len(),
            "{href}: every answer is a link"
        );
        let mut next: Vec<String> = answers;
        if step.next.is_some() {
            next.push(
                continue_link(&body, prefix).unwrap_or_else(|| panic!("{href}: no continue link")),
            );
        }
        if step.end {
            ends += 1;
            assert!(
                body.contains("class=\"step-nav\""),
                "{href}: an end offers back and start over"
            );
        }
        // Back goes where we came from.
        if path.len() > 1 {
            let nav = links_in(&body, "class=\"step-nav\"", "</nav>");
            let back = nav.first().expect("back link");
            assert_eq!(step_of(back), path[path.len() - 2], "{href}: back");
        }
        for n in next {
            assert!(n.contains("trail="), "{n}: the path so far is in the URL");
            if !path.contains(&step_of(&n)) {
                stack.push((n, path.clone()));
            }
        }
    }
    (ends, seen_steps)
}

#[test]
fn every_path_of_the_guide_reaches_an_end_on_the_web_in_every_language() {
    let (addr, _dir) = start();
    let flow = guide::Flow::embedded().expect("flow");
    let all: BTreeSet<String> = flow.step_ids().map(str::to_string).collect();
    for (prefix, lang) in [("", "en"), ("/es", "es")] {
        let (ends, seen) = walk(&addr, prefix, lang);
        assert!(ends > 0, "{lang}: no path ends");
        assert_eq!(seen, all, "{lang}: every step is reachable by links");
    }
}

#[test]
fn an_unknown_step_is_a_404_page_and_a_forged_trail_is_ignored() {
    let (addr, _dir) = start();
    let (status, body) = get(&addr, "/guide/no-such-step");
    assert_eq!(status, 404);
    assert!(body.contains("id=\"quick-exit\""));
    let flow = guide::Flow::embedded().expect("flow");
    let start = flow.start();
    let (status, body) = get(&addr, &format!("/guide/{start}?trail=%3Cscript%3E,nope"));
    assert_eq!(status, 200);
    assert!(
        !body.contains("<script>"),
        "nothing from the trail is echoed"
    );
    assert!(
        !body.contains("rel=\"prev\""),
        "no back link from a trail of non-steps"
    );
}

#[test]
fn the_series_pages_link_parts_in_order_with_tags_and_a_feed_in_every_language() {
    let (addr, _dir) = start();
    let series = guide::Series::embedded().expect("series");
    for (prefix, lang) in [("", "en"), ("/es", "es")] {
        let parts = series.parts(lang);
        assert!(parts.len() >= 10, "{lang}: at least 10 parts");
        let (status, index) = get(&addr, &format!("{prefix}/learn"));
        assert_eq!(status, 200);
        // The index lists every part, in part order.
        let mut at = 0;
        for p in parts {
            let href = format!("href=\"{prefix}/learn/{}\"", p.slug);
            let pos = index[at..]
                .find(&href)
                .unwrap_or_else(|| panic!("{lang}: {href} in order"));
            at += pos + href.len();
        }
        for (i, p) in parts.iter().enumerate() {
            let (status, body) = get(&addr, &format!("{prefix}/learn/{}", p.slug));
            assert_eq!(status, 200, "{}", p.slug);
            assert!(body.contains(&format!("<html lang=\"{lang}\"")));
            let nav = &body[body.find("class=\"part-nav\"").expect("part nav")..];
            let nav = &nav[..nav.find("</nav>").unwrap_or(nav.len())];
            match i.checked_sub(1).map(|j| &parts[j]) {
                Some(before) => assert!(
                    nav.contains(&format!("href=\"{prefix}/learn/{}\"", before.slug)),
                    "{}: previous",
                    p.slug
                ),
                None => assert!(
                    !nav.contains("rel=\"prev\""),
                    "{}: the first part has no previous",
                    p.slug
                ),
            }
            match parts.get(i + 1) {
                Some(after) => assert!(
                    nav.contains(&format!("href=\"{prefix}/learn/{}\"", after.slug)),
                    "{}: next",
                    p.slug
                ),
                None => assert!(
                    !nav.contains("rel=\"next\""),
                    "{}: the last part has no next",
                    p.slug
                ),
            }
            for tag in &p.tags {
                let (status, tagged) = get(&addr, &format!("{prefix}/learn/tags/{tag}"));
                assert_eq!(status, 200, "{tag}");
                assert!(
                    tagged.contains(&format!("href=\"{prefix}/learn/{}\"", p.slug)),
                    "{tag} lists {}",
                    p.slug
                );
            }
            // Share links are plain URLs: no scripts, no widgets.
            assert!(body.contains("mailto:?subject="));
            assert!(!body.contains("<iframe"));
        }
        let (status, _) = get(&addr, &format!("{prefix}/learn/tags/no-such-tag"));
        assert_eq!(status, 404);
        let (status, _) = get(&addr, &format!("{prefix}/learn/no-such-part"));
        assert_eq!(status, 404);
        let (status, feed) = get(&addr, &format!("{prefix}/learn/feed.atom"));
        assert_eq!(status, 200);
        assert!(feed.starts_with("<?xml"), "{lang}: the feed is XML");
        assert_eq!(
            feed.matches("<entry>").count(),
            parts.len(),
            "{lang}: one entry per part"
        );
        for p in parts {
            assert!(
                feed.contains(&format!("http://{addr}{prefix}/learn/{}", p.slug)),
                "{lang}: absolute link to {}",
                p.slug
            );
        }
    }
}

/// The text of the first element starting with `marker`, up to `end`.
fn section<'a>(body: &'a str, marker: &str, end: &str) -> &'a str {
    let Some(at) = body.find(marker) else {
        return "";
    };
    let rest = &body[at..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn every_hotline_block_shows_the_home_country_s_lines_with_text_codes_and_911_apart() {
    let (addr, _dir) = start_over(true);
    for (prefix, texting) in [
        ("", "Text BEFREE or HELP to 233733"),
        ("/es", "Envía BEFREE o HELP al 233733"),
    ] {
        for page in ["/guide/call-experts", "/guide/care-for-yourself", "/"] {
            let href = format!("{prefix}{page}");
            let (status, body) = get(&addr, &href);
            assert_eq!(status, 200, "{href}");
            let lines = section(&body, "<ul class=\"quick-lines\">", "</ul>");
            // Trafficking and domestic violence, with how to text them (review H2).
            for must in [
                "tel:18883737888",
                "sms:233733",
                texting,
                "tel:18007997233",
                "sms:88788",
            ] {
                assert!(lines.contains(must), "{href}: no {must} in {lines}");
            }
            // The UK helpline is not a US reader's line; 911 is never among the hotlines.
            assert!(!lines.contains("08000"), "{href}: {lines}");
            assert!(!lines.contains("tel:911"), "{href}: {lines}");
            // Trafficking first, then domestic violence.
            let nhth = lines.find("18883737888").unwrap_or(usize::MAX);
            assert!(nhth < lines.find("18007997233").unwrap_or(0), "{href}");
        }
        // The guide's own pages also show New York's state and city lines.
        let (_, body) = get(&addr, &format!("{prefix}/guide/call-experts"));
        let lines = section(&body, "<ul class=\"quick-lines\">", "</ul>");
        assert!(
            lines.contains("tel:18009426906") && lines.contains("tel:18006214673"),
            "{lines}"
        );
    }
}

#[test]
fn the_hotlines_page_keeps_911_and_other_countries_apart() {
    let (addr, _dir) = start_over(true);
    let (_, body) = get(&addr, "/hotlines");
    let other = body
        .find("Lines in other countries")
        .expect("an other-countries heading");
    let uk = body
        .find("08000 121 700")
        .expect("the UK line is still listed");
    assert!(uk > other, "the UK line comes under its own heading");
    assert!(body.find("National Human Trafficking Hotline").unwrap() < other);
    // 911 has its own words, not a hotline card saying what it does with what you tell it.
    assert!(
        !body.contains(">Emergency services</h2>"),
        "911 is not one of the hotlines"
    );
    assert!(body.contains("not a helpline"));
    assert!(!body.contains("free and confidential"));
}

#[test]
fn the_default_pocket_card_has_the_trafficking_and_dv_lines_and_no_qr_unless_asked() {
    let (addr, _dir) = start_over(true);
    let card = |path: &str| {
        let (status, body) = get(&addr, path);
        assert_eq!(status, 200, "{path}");
        section(&body, "<div class=\"pocket-card\">", "print-hint").to_string()
    };
    let default = card("/card");
    for must in [
        "1-888-373-7888",
        "233733",
        "1-800-799-7233",
        "88788",
        "Emergency: 911",
    ] {
        assert!(
            default.contains(must),
            "no {must} on the default card: {default}"
        );
    }
    assert!(!default.contains("08000"), "{default}");
    assert!(
        !default.contains("<svg"),
        "no QR code unless asked: {default}"
    );
    assert!(!card("/card?neutral=1").contains("<svg"));
    assert!(card("/card?qr=1").contains("<svg"));
    let es = card("/es/card");
    assert!(es.contains("Envía START al 88788"), "{es}");
}

#[test]
fn in_immediate_danger_the_call_to_911_comes_before_any_reading() {
    let (addr, _dir) = start();
    for prefix in ["", "/es"] {
        let (status, body) = get(&addr, &format!("{prefix}/guide/danger-now"));
        assert_eq!(status, 200);
        let main = &body[body.find("<h1").expect("a heading")..];
        let actions = main.find("class=\"step-actions\"").expect("actions");
        let call = main.find("href=\"tel:911\"").expect("a 911 button");
        let first_paragraph = main.find("<p>").unwrap_or(usize::MAX);
        assert!(
            actions < first_paragraph && call < main.find("</section>").unwrap_or(0),
            "{prefix}: the 911 button comes after the text"
        );
    }
    // A step without the flag keeps its words before its actions.
    let (_, body) = get(&addr, "/guide/call-experts");
    let main = &body[body.find("<h1").expect("a heading")..];
    assert!(main.find("<p>").unwrap_or(0) < main.find("step-actions").unwrap_or(usize::MAX));
}
