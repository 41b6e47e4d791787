//! The shipped content: it passes the checker, and every path of the flow, walked through the
//! Rust API the web and the terminal use, reaches an end in every locale with no message
//! missing, saying what the content brief requires.

use guide::{check::check, ActionKind, Block, Catalog, Flow, RenderedStep, Series, Source};
use std::collections::BTreeSet;

fn flow() -> &'static Flow {
    Flow::embedded().unwrap_or_else(|e| panic!("{e}"))
}

fn catalog() -> &'static Catalog {
    Catalog::embedded().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_shipped_content_has_no_problems() {
    let problems: Vec<String> = check(&Source::Embedded)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_content_folder_on_disk_is_the_embedded_one() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let problems = check(&Source::Dir(dir.clone()));
    assert!(problems.is_empty(), "{problems:?}");
    let disk = Flow::load(&Source::Dir(dir)).unwrap();
    assert_eq!(
        disk.step_ids().collect::<Vec<_>>(),
        flow().step_ids().collect::<Vec<_>>()
    );
}

/// Every path from the start to an end, as the step ids visited and the choice taken at each
/// (answer index, or 0 for "continue"). The flow has no loops (the checker would say so), so a
/// depth-first walk terminates; the cap guards against a future flow that explodes.
pub fn all_paths(flow: &Flow) -> Vec<Vec<(String, usize)>> {
    let mut out = Vec::new();
    let mut stack = vec![vec![(flow.start().to_string(), usize::MAX)]];
    while let Some(path) = stack.pop() {
        assert!(out.len() < 500, "more than 500 paths: cap the walk");
        let (id, _) = path.last().unwrap().clone();
        let step = flow.step(&id).unwrap();
        let targets: Vec<String> = step.targets().map(str::to_string).collect();
        if targets.is_empty() {
            assert!(step.end, "{id} is a dead end");
            out.push(path);
            continue;
        }
        for (i, t) in targets.iter().enumerate().rev() {
            assert!(path.iter().all(|(s, _)| s != t), "loop at {t}");
            let mut p = path.clone();
            p.last_mut().unwrap().1 = i;
            p.push((t.clone(), usize::MAX));
            stack.push(p);
        }
    }
    out.reverse();
    out
}

fn text_of(r: &RenderedStep) -> String {
    let mut t = r.title.clone();
    for b in &r.blocks {
        match b {
            Block::Paragraph(p) | Block::Warning(p) => t.push_str(p),
            Block::List(items) => items.iter().for_each(|i| t.push_str(i)),
        }
    }
    for a in &r.answers {
        t.push_str(&a.label);
    }
    for a in &r.actions {
        t.push_str(&a.label);
        t.push_str(a.detail.as_deref().unwrap_or(""));
    }
    t
}

#[test]
fn every_path_reaches_an_end_in_every_locale_with_every_message_present() {
    let flow = flow();
    let paths = all_paths(flow);
    assert!(paths.len() >= 10, "only {} paths", paths.len());
    let mut visited = BTreeSet::new();
    for locale in ["en", "es"] {
        for path in &paths {
            for (i, (id, choice)) in path.iter().enumerate() {
                visited.insert(id.clone());
                let r = flow.render(catalog(), locale, id).unwrap();
                let text = text_of(&r);
                assert!(
                    !text.contains('['),
                    "{locale} {id}: a message is missing: {text}"
                );
                assert!(!r.title.is_empty());
                if i + 1 == path.len() {
                    assert!(r.is_end, "{locale}: path ends at {id}, not an end");
                    assert!(r.answers.is_empty() && r.next.is_none());
                    // Never a dead end: every end offers a hotline or a way on.
                    assert!(!r.actions.is_empty(), "{id} ends with nothing to do");
                } else if r.answers.is_empty() {
                    assert_eq!(r.next.as_deref(), Some(path[i + 1].0.as_str()));
                    assert_eq!(*choice, 0);
                } else {
                    assert_eq!(r.answers[*choice].next, path[i + 1].0);
                }
            }
        }
    }
    let all: BTreeSet<String> = flow.step_ids().map(str::to_string).collect();
    assert_eq!(visited, all, "some steps are on no path");
}

#[test]
fn spanish_is_written_out_not_left_in_english() {
    let flow = flow();
    for id in flow.step_ids() {
        let en = flow.render(catalog(), "en", id).unwrap();
        let es = flow.render(catalog(), "es", id).unwrap();
        assert_ne!(en.title, es.title, "{id}: same title in en and es");
        assert_ne!(text_of(&en), text_of(&es), "{id}");
        for id_ in flow.step(id).unwrap().message_ids() {
            assert!(catalog().has("es", id_), "{id_} falls back to English");
        }
    }
}

#[test]
fn unknown_steps_render_as_none_not_a_panic() {
    assert!(flow().render(catalog(), "en", "no-such-step").is_none());
    assert!(flow().step("../etc/passwd").is_none());
    // An unknown locale falls back to English words.
    let r = flow().render(catalog(), "fr", flow().start()).unwrap();
    assert_eq!(
        r.title,
        flow()
            .render(catalog(), "en", flow().start())
            .unwrap()
            .title
    );
}

fn english(id: &str) -> String {
    text_of(&flow().render(catalog(), "en", id).unwrap())
}

#[test]
fn immediate_danger_is_the_first_choice_and_says_to_call_911() {
    let start = flow().render(catalog(), "en", flow().start()).unwrap();
    assert_eq!(start.answers[0].next, "danger-now");
    let danger = flow().render(catalog(), "en", "danger-now").unwrap();
    assert!(danger.title.contains("911"));
    assert_eq!(danger.actions[0].kind, ActionKind::Emergency);
    assert!(english("danger-now").contains("afraid of the police"));
}

#[test]
fn the_bystander_path_carries_the_brief() {
    let walk: String = [
        "hard-to-tell",
        "signs",
        "slow-down",
        "police-consent",
        "not-a-rescuer",
        "build-trust",
        "call-experts",
        "concrete-help",
        "care-for-yourself",
        "other-ways",
    ]
    .iter()
    .map(|id| english(id))
    .collect();
    for must in [
        "can't tell by looking",
        "No single sign proves anything",
        "Don't confront",
        "Don't follow, photograph or investigate anyone",
        "without their knowledge or agreement",
        "arrested, detained or deported",
        "The person decides",
        "small talk",
        "eye contact",
        "takes calls from anyone who is worried about someone",
        "acts only with the caller's consent",
        "A mobile phone that is theirs alone",
        "text-to-911 works only in some areas",
        "nearest hospital",
        "January 11",
        "Support organizations led by survivors",
    ] {
        assert!(walk.contains(must), "the bystander path never says: {must}");
    }
    // The signs come in the groups authoritative guides use.
    let signs = flow().render(catalog(), "en", "signs").unwrap();
    let heads: Vec<String> = signs
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) if p.ends_with(':') => Some(p.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        heads,
        [
            "Work and living conditions:",
            "Fear and behaviour:",
            "Health:",
            "Control, documents and money:",
            "Other:"
        ]
    );
    assert!(matches!(signs.blocks.last(), Some(Block::Warning(_))));
}

#[test]
fn actions_show_the_directory_and_link_to_pages_that_exist() {
    let flow = flow();
    let mut kinds = BTreeSet::new();
    for id in flow.step_ids() {
        for a in flow.render(catalog(), "en", id).unwrap().actions {
            kinds.insert(a.kind);
            match a.kind {
                ActionKind::Hotlines => assert_eq!(a.href.as_deref(), Some("/hotlines")),
                ActionKind::PocketCard => assert_eq!(a.href.as_deref(), Some("/card")),
                ActionKind::NearestOrganizations => {
                    assert_eq!(a.href.as_deref(), Some("/find?taxonomy=trafficking"))
                }
                ActionKind::NearestHospital => {
                    assert_eq!(
                        a.href.as_deref(),
                        Some("/find?taxonomy=emergency-department")
                    )
                }
                ActionKind::Emergency => assert!(a.detail.unwrap().contains("911")),
                ActionKind::Link => {
                    let href = a.href.unwrap();
                    assert!(guide::routes::match_route(&href).is_some(), "{href}");
                }
            }
        }
    }
    assert_eq!(
        kinds.len(),
        ActionKind::ALL.len(),
        "every kind is used: {kinds:?}"
    );
}

#[test]
fn the_person_at_risk_gets_help_and_safety_without_being_pushed() {
    let me =
        english("for-me") + &english("me-danger") + &english("me-talk") + &english("me-safety");
    assert!(me.contains("You decide"));
    assert!(me.contains("Quick exit"));
    assert!(me.contains("except when a minor is involved"));
    let safety = flow().render(catalog(), "en", "me-safety").unwrap();
    assert!(safety.is_end);
    assert!(safety
        .actions
        .iter()
        .any(|a| a.href.as_deref() == Some("/safety")));
}

#[test]
fn the_series_has_ten_parts_in_each_language_with_the_same_slugs() {
    let s = Series::embedded().unwrap_or_else(|e| panic!("{e}"));
    let en: Vec<&str> = s.parts("en").iter().map(|a| a.slug.as_str()).collect();
    let es: Vec<&str> = s.parts("es").iter().map(|a| a.slug.as_str()).collect();
    assert!(en.len() >= 10);
    assert_eq!(en, es);
    for locale in ["en", "es"] {
        for (i, a) in s.parts(locale).iter().enumerate() {
            assert_eq!(a.part as usize, i + 1);
            assert_eq!(a.total as usize, en.len());
            let words = a.text.split_whitespace().count();
            assert!((250..=480).contains(&words), "{}: {words} words", a.file);
            assert!(!a.html.contains("<script"), "{}", a.file);
        }
    }
    assert!(s
        .article("es", "consent-and-the-police")
        .unwrap()
        .title
        .contains("consentimiento"));
}
