//! The checker on broken content: each folder under `tests/fixtures/` (except `base`) holds
//! the files that differ from `base/` (a small valid tree) and `expected.txt`, the exact
//! problem lines `haven content check` must print for it. Set `UPDATE_FIXTURES=1` to rewrite
//! the expected files (then read the diff: they are the specification).

use guide::{check::check, Source};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
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

/// The base tree with one fixture's files laid over it.
fn tree(name: &str) -> (tempfile::TempDir, Source) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), dir.path());
    if name != "base" {
        copy_tree(&fixtures().join(name), dir.path());
    }
    let src = Source::Dir(dir.path().to_path_buf());
    (dir, src)
}

fn problems(name: &str) -> String {
    let (_dir, src) = tree(name);
    check(&src).iter().map(|p| format!("{p}\n")).collect()
}

fn assert_fixture(name: &str) {
    let got = problems(name);
    let path = fixtures().join(name).join("expected.txt");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(!want.is_empty(), "{name}: expected.txt is missing or empty");
    assert_eq!(got, want, "{name}");
}

#[test]
fn the_base_fixture_is_valid() {
    assert_eq!(problems("base"), "");
}

#[test]
fn every_fixture_folder_has_a_test() {
    let src: String = include_str!("fixtures.rs")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if name != "base" {
            let test = name.replace('-', "_");
            assert!(
                src.contains(&format!("fixture!({test},")),
                "no test for fixture {name}"
            );
        }
    }
}

macro_rules! fixture {
    ($test:ident, $name:literal) => {
        #[test]
        fn $test() {
            assert_fixture($name);
        }
    };
}

// The flow's graph.
fixture!(unreachable_step, "unreachable-step");
fixture!(dead_end, "dead-end");
fixture!(loop_without_exit, "loop-without-exit");
fixture!(answer_to_nowhere, "answer-to-nowhere");
fixture!(next_to_nowhere, "next-to-nowhere");
fixture!(answers_and_next, "answers-and-next");
fixture!(end_that_leads_on, "end-that-leads-on");
fixture!(no_start, "no-start");
fixture!(start_missing, "start-missing");
fixture!(second_start, "second-start");
fixture!(duplicate_step, "duplicate-step");
fixture!(bad_step_id, "bad-step-id");
fixture!(bad_block, "bad-block");
fixture!(toml_syntax_error, "toml-syntax-error");
// Actions and links.
fixture!(unknown_action_kind, "unknown-action-kind");
fixture!(link_to_unknown_page, "link-to-unknown-page");
fixture!(link_to_missing_article, "link-to-missing-article");
fixture!(link_without_route, "link-without-route");
// Messages.
fixture!(message_missing_in_spanish, "message-missing-in-spanish");
fixture!(message_only_in_spanish, "message-only-in-spanish");
fixture!(message_missing_everywhere, "message-missing-everywhere");
fixture!(
    ui_message_missing_in_spanish,
    "ui-message-missing-in-spanish"
);
fixture!(translation_syntax_error, "translation-syntax-error");
// The series.
fixture!(front_matter_missing, "front-matter-missing");
fixture!(front_matter_missing_field, "front-matter-missing-field");
fixture!(front_matter_bad_date, "front-matter-bad-date");
fixture!(bad_article_name, "bad-article-name");
fixture!(part_number_mismatch, "part-number-mismatch");
fixture!(duplicate_part, "duplicate-part");
fixture!(part_gap, "part-gap");
fixture!(article_missing_in_spanish, "article-missing-in-spanish");
fixture!(bad_tag, "bad-tag");
fixture!(tags_differ_across_locales, "tags-differ-across-locales");
fixture!(tag_without_a_name, "tag-without-a-name");
fixture!(series_name_differs, "series-name-differs");
fixture!(video_files_missing, "video-files-missing");
fixture!(video_without_captions, "video-without-captions");
fixture!(
    article_links_to_unknown_page,
    "article-links-to-unknown-page"
);
fixture!(article_links_to_missing_tag, "article-links-to-missing-tag");
// What the words say.
fixture!(unsourced_number_and_address, "unsourced-number-and-address");
fixture!(formal_spanish, "formal-spanish");
fixture!(
    emergency_among_confidential_lines,
    "emergency-among-confidential-lines"
);
fixture!(path_without_hotlines, "path-without-hotlines");
