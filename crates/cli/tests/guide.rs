//! `haven guide --plain` and `haven content check` as a user runs them: every path of the
//! shipped flow walked to its end in English and Spanish by piping choices on stdin.

use guide::{Catalog, Flow};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// One store with the bundled directory, loaded once for all tests (loading is the slow part).
fn db() -> &'static str {
    static DB: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    &DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("guide.sqlite").display().to_string();
        let out = haven(&["--db", &db, "bundle", "load"], "");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (dir, db)
    })
    .1
}

fn haven(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(args)
        .env_remove("HAVEN_DB")
        .env("LANG", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run haven");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("haven output")
}

fn guide(lang: &str, input: &str, extra: &[&str]) -> String {
    let mut args = vec!["--db", db(), "guide", "--plain", "--lang", lang];
    args.extend_from_slice(extra);
    let out = haven(&args, input);
    assert!(
        out.status.success(),
        "haven guide failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Every path from the start to an end: (step ids, the numbers to type).
fn paths(flow: &Flow) -> Vec<(Vec<String>, Vec<usize>)> {
    let mut out = Vec::new();
    let mut stack = vec![(vec![flow.start().to_string()], Vec::new())];
    while let Some((steps, typed)) = stack.pop() {
        assert!(out.len() < 200, "too many paths to walk one by one");
        let step = flow.step(steps.last().unwrap()).unwrap();
        let targets: Vec<&str> = step.targets().collect();
        if targets.is_empty() {
            out.push((steps, typed));
            continue;
        }
        for (i, t) in targets.iter().enumerate().rev() {
            let (mut s, mut n) = (steps.clone(), typed.clone());
            s.push(t.to_string());
            n.push(i + 1);
            stack.push((s, n));
        }
    }
    out.reverse();
    out
}

#[test]
fn every_path_of_the_guide_walks_to_its_end_in_english_and_spanish() {
    let flow = Flow::embedded().unwrap();
    let catalog = Catalog::embedded().unwrap();
    let all = paths(flow);
    assert!(all.len() >= 10);
    for lang in ["en", "es"] {
        for (steps, typed) in &all {
            let input: String = typed.iter().map(|n| format!("{n}\n")).collect::<String>() + "q\n";
            let out = guide(lang, &input, &[]);
            // Each step's title, in order.
            let mut at = 0;
            for id in steps {
                let title = flow.render(catalog, lang, id).unwrap().title;
                let found = out[at..].find(&format!("{title}\n")).unwrap_or_else(|| {
                    panic!("{lang} {steps:?}: {id} ({title}) not shown after byte {at}:\n{out}")
                });
                at += found + title.len();
            }
            assert!(
                out[at..].contains(&catalog.msg(lang, "guide-ui-end")),
                "{lang} {steps:?}: no end message:\n{out}"
            );
            assert!(
                !out.contains(&catalog.msg(lang, "guide-ui-invalid")),
                "{out}"
            );
            assert!(!out.contains("[guide-"), "a message is missing:\n{out}");
            let shows_hotlines = steps.iter().any(|id| {
                flow.step(id)
                    .unwrap()
                    .actions
                    .iter()
                    .any(|a| a.kind == guide::ActionKind::Hotlines)
            });
            let (nhth, ndvh) = match lang {
                "es" => (
                    "National Human Trafficking Hotline: 1-888-373-7888 · Envía BEFREE o HELP al 233733 · TTY 711",
                    "National Domestic Violence Hotline: 1-800-799-7233 · Envía START al 88788",
                ),
                _ => (
                    "National Human Trafficking Hotline: 1-888-373-7888 · Text BEFREE or HELP to 233733 · TTY 711",
                    "National Domestic Violence Hotline: 1-800-799-7233 · Text START to 88788",
                ),
            };
            if shows_hotlines {
                assert!(
                    out.contains(&format!("  {nhth}")) && out.contains(&format!("  {ndvh}")),
                    "{lang} {steps:?}: hotlines not shown:\n{out}"
                );
            }
            // Every step shows at least one line to call (review L14): its hotlines, or the
            // footer line.
            let footer = format!("{} {nhth}", catalog.msg(lang, "guide-ui-footer"));
            let shown = out.matches(&footer).count() + out.matches(&format!("  {nhth}")).count();
            assert!(
                shown >= steps.len(),
                "{lang} {steps:?}: a step without a hotline:\n{out}"
            );
            // Only the reader's country's lines; 911 only as the emergency action.
            assert!(
                !out.contains("08000"),
                "{lang}: the UK line is shown:\n{out}"
            );
            assert!(
                !out.contains("Emergency services: 911"),
                "{lang}: 911 among the hotlines"
            );
        }
    }
}

#[test]
fn back_start_over_quit_and_the_end_of_input() {
    // worried -> hard-to-tell, b -> start, 2 -> hard-to-tell, s -> start, q.
    let out = guide("en", "2\nb\n2\ns\nq\n", &[]);
    assert_eq!(out.matches("What is happening?\n").count(), 3, "{out}");
    assert_eq!(
        out.matches("You probably can't tell by looking\n").count(),
        2,
        "{out}"
    );
    // Input that just stops ends the walk quietly.
    let out = guide("es", "2\n", &[]);
    assert!(
        out.contains("Lo más probable es que no se note a simple vista"),
        "{out}"
    );
    // A wrong number is refused, in the reader's language.
    let out = guide("es", "7\nq\n", &[]);
    assert!(out.contains("Escribe uno de los números que ves"), "{out}");
}

#[test]
fn a_spanish_reader_s_keys_go_back_start_over_and_quit() {
    // 2 -> hard-to-tell, a (atrás) -> start, 2, i (inicio) -> start, s (salir) quits:
    // nothing after it is read.
    let out = guide("es", "2\na\n2\ni\ns\n2\n", &[]);
    assert_eq!(out.matches("¿Qué está pasando?\n").count(), 3, "{out}");
    assert_eq!(
        out.matches("Lo más probable es que no se note a simple vista\n")
            .count(),
        2,
        "{out}"
    );
    assert!(
        out.contains("a: atrás. i: empezar de nuevo. s: salir."),
        "{out}"
    );
    assert!(!out.contains("Escribe uno de los números que ves"), "{out}");
}

#[test]
fn a_postal_code_shows_the_nearest_hospitals() {
    // start -> me -> talk: hotlines, organizations and hospitals near a place.
    let out = guide("en", "3\n2\nq\n", &["--near", "10016"]);
    let after = &out[out.find("The nearest hospital\n").expect("hospital action")..];
    let first = after.lines().nth(2).unwrap_or_default();
    assert!(first.starts_with("  ") && first.contains(" km"), "{after}");
    // Or given while walking.
    let out = guide("en", "3\n2\np 10016\nq\n", &[]);
    assert!(out.contains("type p and a postal code"), "{out}");
    assert!(out.matches(" km, ").count() >= 1, "{out}");
    // A place the gazetteer doesn't know is said, not a crash.
    let out = guide("en", "3\n2\np 00000\nq\n", &[]);
    assert!(out.contains("Organizations near you"), "{out}");
}

#[test]
fn an_unknown_language_is_refused() {
    let out = haven(&["--db", db(), "guide", "--plain", "--lang", "xx"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("--lang xx: not a shipped language (shipped: en, es)"));
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../guide/tests/fixtures")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else if entry.file_name() != "expected.txt" {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn content_check_passes_on_the_shipped_content_and_names_each_problem() {
    let out = haven(&["content", "check"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("the built-in content has no problems"));

    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), dir.path());
    let folder = dir.path().display().to_string();
    let out = haven(&["content", "check", &folder], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    copy_tree(&fixtures().join("answer-to-nowhere"), dir.path());
    copy_tree(&fixtures().join("message-missing-in-spanish"), dir.path());
    let out = haven(&["content", "check", &folder], "");
    assert_eq!(out.status.code(), Some(1));
    // One line per problem; with the flow broken, the message is found from the English file.
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "guide/flow.toml: step \"start\": answer 2 leads to \"nowhere\", which does not exist\n\
         locales/en/guide.ftl: message \"t-advice-w\" is missing in locale es\n"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 problems in content folder"));
    // Once the flow loads, the missing message is named with the step that shows it.
    copy_tree(&fixtures().join("base/guide"), &dir.path().join("guide"));
    let out = haven(&["content", "check", &folder], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "guide/flow.toml: step \"advice\": message \"t-advice-w\" is missing in locale es\n"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 problem in content folder"));

    let out = haven(&["content", "check", "/no/such/folder"], "");
    assert!(!out.status.success());
}

#[test]
fn the_spanish_guide_shows_the_hotlines_in_spanish_and_the_english_guide_in_english() {
    // start -> me -> talk: the hotlines action.
    let es = guide("es", "3\n2\nq\n", &[]);
    for want in [
        "    ayuda confidencial, información y referencias para cualquier persona afectada por la trata",
        "    por teléfono: más de 200 idiomas con intérpretes; por mensaje de texto y chat: inglés, español",
        "    solo actúa con el consentimiento de quien llama, salvo si hay personas menores de edad o un peligro inminente",
        "988 Suicide & Crisis Lifeline: 988 · Envía un mensaje de texto al 988",
    ] {
        assert!(es.contains(want), "{want}:\n{es}");
    }
    for english in [
        "confidential help",
        "interpreters",
        "caller's consent",
        "[en]",
    ] {
        assert!(
            !es.contains(english),
            "{english} on a Spanish screen:\n{es}"
        );
    }
    let en = guide("en", "3\n2\nq\n", &[]);
    assert!(
        en.contains("    confidential help, information and referrals")
            && en.contains("    acts only with the caller's consent"),
        "{en}"
    );
    assert!(
        !en.contains("ayuda confidencial") && !en.contains("[en]"),
        "{en}"
    );
    // The footer of other steps stays one line: name and numbers.
    let footer = es
        .lines()
        .find(|l| l.starts_with("Ayuda las 24 horas: "))
        .unwrap_or_default();
    assert!(footer.ends_with("TTY 711"), "{footer}");
}
