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
    // In an emergency the call comes before the text (review M14).
    assert!(danger.actions_first);
    assert!(
        !flow()
            .render(catalog(), "en", "signs")
            .unwrap()
            .actions_first
    );
    assert!(english("danger-now").contains("afraid of the police"));
}

#[test]
fn the_bystander_path_carries_the_brief() {
    let walk: String = [
        "hard-to-tell",
        "slow-down",
        "police-consent",
        "signs",
        "not-a-rescuer",
        "build-trust",
        "call-experts",
        "after-call",
        "concrete-help",
        "care-for-yourself",
        "other-ways",
    ]
    .iter()
    .map(|id| english(id))
    .collect();
    for must in [
        "can't tell by looking",
        "forcing, tricking or threatening someone into work or into commercial sex",
        "No single sign proves anything",
        "Don't confront",
        "Don't follow, photograph or investigate anyone",
        "without their knowledge or agreement",
        "arrested, detained or deported",
        "The person decides",
        "small talk",
        "eye contact",
        "takes calls from anyone who is worried about someone",
        // The truth about consent (review H1, M12): the caller's part, and the exceptions.
        "acts only with consent",
        "it tells the authorities at once",
        "You can say you only want advice",
        "ask what they would do with them",
        "You don't have to give your name",
        "human-rights, survivor-led approach",
        "You may not hear what happens next",
        "A mobile phone that is theirs alone",
        "text-to-911 works only in some areas",
        "nearest hospital",
        "January 11",
        "Support organizations led by survivors",
    ] {
        assert!(walk.contains(must), "the bystander path never says: {must}");
    }
    // The claim the review found wrong is gone everywhere.
    for id in flow().step_ids() {
        assert!(
            !english(id).contains("They work with the person's consent"),
            "{id}"
        );
    }
    // The signs come in the groups authoritative guides use, short, after the warnings.
    let signs = flow().render(catalog(), "en", "signs").unwrap();
    let heads: Vec<String> = signs
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::List(items) => Some(
                items
                    .iter()
                    .map(|i| i.split(':').next().unwrap_or("").to_string())
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(
        heads,
        [
            "Work and living conditions",
            "Fear and behavior",
            "Health",
            "Control",
            "Other"
        ]
    );
    assert!(matches!(signs.blocks.last(), Some(Block::Warning(_))));
}

/// The steps a walk visits when it always takes the first answer of `choices`, in order.
fn walk_ids(choices: &[usize]) -> Vec<String> {
    let mut ids = vec![flow().start().to_string()];
    let mut choices = choices.iter();
    loop {
        let step = flow().step(ids.last().unwrap()).unwrap();
        let next = if step.is_question() {
            match choices.next() {
                Some(&i) => step.answers[i].next.clone(),
                None => return ids,
            }
        } else {
            match &step.next {
                Some(n) => n.clone(),
                None => return ids,
            }
        };
        ids.push(next);
    }
}

#[test]
fn dont_confront_and_consent_come_before_the_signs() {
    let ids = walk_ids(&[1]);
    let at = |id: &str| ids.iter().position(|s| s == id).unwrap();
    assert!(at("slow-down") < at("signs"), "{ids:?}");
    assert!(at("police-consent") < at("signs"), "{ids:?}");
    // A learner sees the do's and don'ts too (review L16).
    assert!(walk_ids(&[3]).contains(&"slow-down".to_string()));
}

#[test]
fn a_minor_gets_its_own_step_with_verified_new_york_numbers() {
    let q = flow().step("under-18").unwrap();
    assert!(q.is_question());
    assert_eq!(q.answers[0].next, "minor");
    let minor = english("minor");
    for must in [
        "Any commercial sex with someone under 18 is trafficking",
        "mandated reporters",
        "1-800-635-1522",
        "1-800-342-3720",
        "https://report.cybertip.org",
    ] {
        assert!(minor.contains(must), "the minor step never says: {must}");
    }
    let es = text_of(&flow().render(catalog(), "es", "minor").unwrap());
    assert!(
        es.contains("1-800-342-3720") && es.contains("menor de 18"),
        "{es}"
    );
}

#[test]
fn each_situation_gets_advice_that_fits_it() {
    let how = flow().step("how-often").unwrap();
    let targets: Vec<&str> = how.answers.iter().map(|a| a.next.as_str()).collect();
    assert_eq!(
        targets,
        [
            "build-trust",
            "saw-once",
            "remote",
            "told-me",
            "call-experts"
        ]
    );
    // Once: no "trust takes months" advice on that path (review M1).
    let once = walk_ids(&[1, 1, 1]);
    assert!(once.contains(&"saw-once".to_string()), "{once:?}");
    assert!(!once.contains(&"not-yet".to_string()), "{once:?}");
    assert!(!once.contains(&"build-trust".to_string()), "{once:?}");
    assert!(english("saw-once").contains("without going back"));
    let told = english("told-me");
    for must in [
        "Believe them",
        "stay calm",
        "Ask what they want",
        "together",
        "Don't promise",
    ] {
        assert!(told.contains(must), "told-me never says: {must}");
    }
    assert!(english("remote").contains("social media"));
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
    // Immigration fears, told truthfully and without a promise (review M8).
    let options = english("me-options");
    assert!(options.contains("not the police or immigration"));
    assert!(options.contains("whatever their immigration status"));
    assert!(options.contains("T visa"));
    assert!(options.contains("A lawyer who knows trafficking can explain"));
    assert!(!options.contains("will get"), "{options}");
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
