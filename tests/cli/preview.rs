//! `recall preview` driven through the real binary: JSON and human output on
//! the shipped sample, deck names and order, how the notes root is chosen,
//! and the one-line errors for unreadable files and missing paths. Each test
//! works in its own temporary folder.

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::{Value, json};
use tempfile::TempDir;

use crate::support::{NOW, recall_command, sized_terminal};

const SAMPLE: &str = include_str!("../../notes/conference-notes.md");
const FIRST_TALK: &str =
    "(레거시 시스템) 개편의 기술 - 배달 플랫폼에서 겪은 N번의 개편 경험기, 권용근";
const DEVOPS_TALK: &str = "지금 당장 DevOps를 해야하는 이유, 김충섭";

/// `recall` run inside `dir`, with no notes or database from the environment.
fn recall(dir: &Path) -> Command {
    Command::from_std(recall_command(dir, NOW))
}

/// A temporary folder holding `files` (path, contents).
fn folder(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, contents) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        fs::write(path, contents).expect("write file");
    }
    dir
}

/// A temporary folder with the shipped sample at `notes/conference-notes.md`.
fn sample_folder() -> TempDir {
    folder(&[("notes/conference-notes.md", SAMPLE.as_bytes())])
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Each stdout line parsed as JSON.
fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

/// The JSON lines that are cards (a card has a question).
fn json_cards(output: &Output) -> Vec<Value> {
    let lines = json_lines(output);
    let (cards, others): (Vec<Value>, Vec<Value>) = lines
        .into_iter()
        .partition(|line| line.get("question").is_some());
    assert!(
        others.iter().all(|line| line.get("skipped").is_some()),
        "a line neither card nor skip: {others:?}"
    );
    cards
}

/// The JSON lines that name a card left out.
fn json_skips(output: &Output) -> Vec<Value> {
    json_lines(output)
        .into_iter()
        .filter(|line| line.get("skipped").is_some())
        .collect()
}

fn decks(cards: &[Value]) -> Vec<String> {
    let mut decks: Vec<String> = Vec::new();
    for card in cards {
        let deck = card["deck"].as_str().expect("deck").to_string();
        if decks.last() != Some(&deck) {
            decks.push(deck);
        }
    }
    decks
}

/// The run failed cleanly: non-zero exit, no panic.
fn assert_clean_failure(output: &Output) {
    assert!(!output.status.success(), "exit status should be non-zero");
    assert!(!stderr(output).contains("panicked"), "{}", stderr(output));
}

#[test]
fn json_preview_of_the_sample_prints_50_cards_49_list_1_cloze_and_4_left_out() {
    let dir = sample_folder();
    let output = recall(dir.path())
        .args(["preview", "--json", "notes/"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let cards = json_cards(&output);
    let kind = |k: &str| cards.iter().filter(|c| c["kind"] == k).count();
    assert_eq!((cards.len(), kind("list"), kind("cloze")), (50, 49, 1));
    assert_eq!(
        json_skips(&output),
        Vec::<Value>::new(),
        "skips only with -v"
    );
    let verbose = recall(dir.path())
        .args(["-v", "preview", "--json", "notes/"])
        .output()
        .unwrap();
    assert_eq!(json_cards(&verbose), cards);
    let skips = json_skips(&verbose);
    let rules: Vec<&Value> = skips.iter().map(|s| &s["skipped"]).collect();
    assert_eq!(rules, [&json!("cloze too short"); 4]);
}

#[test]
fn json_card_has_exactly_deck_kind_context_question_answer_lead_details_line() {
    let dir = sample_folder();
    let output = recall(dir.path())
        .args(["preview", "--json", "notes/"])
        .output()
        .unwrap();
    for card in json_cards(&output) {
        let keys: Vec<&str> = card
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "answer", "context", "deck", "details", "kind", "lead", "line", "question"
            ]
        );
    }
}

#[test]
fn json_preview_of_the_sample_holds_the_design_example_cards() {
    let dir = sample_folder();
    let output = recall(dir.path())
        .args(["-v", "preview", "--json", "notes/"])
        .output()
        .unwrap();
    let cards = json_cards(&output);
    let list_example = json!({
        "deck": "conference-notes",
        "kind": "list",
        "context": [FIRST_TALK],
        "question": "개편",
        "answer": [
            "2018 결제시스템 개편",
            "2018 주문시스템 개편",
            "2020 가게노출 시스템 개편",
            "2021 회원시스템 개편"
        ],
        "lead": [],
        "details": [],
        "line": 8
    });
    // §2's cloze example leaves one word of its item: it is left out, and
    // said so.
    let cloze_example = json!({
        "deck": "conference-notes",
        "path": "notes/conference-notes.md",
        "line": 46,
        "skipped": "cloze too short",
        "text": "[…]하자!"
    });
    assert!(cards.contains(&list_example), "missing {list_example}");
    let skips = json_skips(&output);
    assert!(skips.contains(&cloze_example), "missing {cloze_example}");
}

#[test]
fn human_preview_groups_by_deck_and_ends_with_the_count() {
    let dir = sample_folder();
    let output = recall(dir.path())
        .args(["preview", "notes/"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "── conference-notes (notes/conference-notes.md) ──"
    );
    assert_eq!(
        lines.last(),
        Some(&"50 cards: 49 list, 1 cloze; 4 left out (-v names them)")
    );
    assert_eq!(lines.iter().filter(|l| l.starts_with("── ")).count(), 1);
}

#[test]
fn human_preview_shows_breadcrumb_item_count_and_answers() {
    let dir = sample_folder();
    let output = recall(dir.path())
        .args(["preview", "notes/"])
        .output()
        .unwrap();
    let text = stdout(&output);
    let list_block = format!(
        "\nline 8 · list · {FIRST_TALK}\n  Q: 개편 (4 items)\n     - 2018 결제시스템 개편\n     \
         - 2018 주문시스템 개편\n     - 2020 가게노출 시스템 개편\n     - 2021 회원시스템 개편\n"
    );
    let cloze_block = format!(
        "\nline 34 · cloze · {DEVOPS_TALK} › 프로젝트에서 가장 중요한 것: 속도/일정\n  \
         Q: […]를 빨리하면 속도가 빨라짐\n     - 개발과 배포\n"
    );
    assert!(text.contains(&list_block), "{text}");
    assert!(text.contains(&cloze_block), "{text}");
    assert!(
        text.contains("     - **개발과 배포**를 빨리하면 속도가 빨라짐\n"),
        "display keeps bold: {text}"
    );
}

#[test]
fn human_preview_says_1_item_in_the_singular() {
    let dir = folder(&[("notes/one.md", b"# A\n- x\n")]);
    let output = recall(dir.path()).args(["preview"]).output().unwrap();
    assert_eq!(
        stdout(&output),
        "── one (notes/one.md) ──\n\nline 1 · list\n  Q: A (1 item)\n     - x\n1 cards: 1 list, 0 cloze\n"
    );
}

#[test]
fn preview_of_a_single_file_names_the_deck_after_the_file() {
    let dir = folder(&[
        ("notes/rust/traits.md", b"# Traits\n- Send\n- Sync\n"),
        ("notes/other.md", b"# Other\n- x\n"),
    ]);
    let output = recall(dir.path())
        .args(["preview", "--json", "notes/rust/traits.md"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        json_cards(&output),
        vec![json!({
            "deck": "traits",
            "kind": "list",
            "context": [],
            "question": "Traits",
            "answer": ["Send", "Sync"],
            "lead": [],
            "details": [],
            "line": 1
        })]
    );
}

#[test]
fn preview_of_a_nested_folder_names_decks_by_relative_path_in_sorted_order() {
    let files: &[(&str, &[u8])] = &[
        ("notes/rust/traits.md", b"- Send\n  - thread safe\n"),
        ("notes/zeta.md", b"# Z\n- z\n"),
        ("notes/rust/borrow.md", b"# B\n- b\n"),
        ("notes/alpha/deep/one.md", b"# O\n- o\n"),
        ("notes/alpha.md", b"# A\n- a\n"),
        ("notes/readme.txt", b"- not markdown\n"),
        ("notes/.hidden/secret.md", b"# S\n- s\n"),
    ];
    let dir = folder(files);
    let run = || {
        recall(dir.path())
            .args(["preview", "--json", "notes"])
            .output()
            .unwrap()
    };
    let first = run();
    assert!(first.status.success(), "{}", stderr(&first));
    let cards = json_cards(&first);
    assert_eq!(
        decks(&cards),
        [
            "alpha",
            "alpha/deep/one",
            "rust/borrow",
            "rust/traits",
            "zeta"
        ]
    );
    assert_eq!(
        cards[3],
        json!({
            "deck": "rust/traits",
            "kind": "list",
            "context": [],
            "question": "traits",
            "answer": ["Send"],
            "lead": [],
            "details": [],
            "line": 1
        })
    );
    assert_eq!(cards[4]["context"], json!(["traits"]));
    assert_eq!(stdout(&run()), stdout(&first), "order is stable");
}

#[test]
fn human_preview_of_a_nested_folder_prints_one_header_per_deck() {
    let dir = folder(&[
        ("notes/b.md", b"# B\n- b\n"),
        ("notes/a/x.md", b"# X\n- x\n"),
        ("notes/empty.md", b"no lists here\n"),
    ]);
    let output = recall(dir.path()).args(["preview"]).output().unwrap();
    let text = stdout(&output);
    let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("── ")).collect();
    assert_eq!(
        headers,
        ["── a/x (notes/a/x.md) ──", "── b (notes/b.md) ──"]
    );
    assert!(text.ends_with("\n2 cards: 2 list, 0 cloze\n"), "{text}");
}

#[test]
fn preview_reads_the_notes_folder_by_default() {
    let dir = folder(&[("notes/n.md", b"# N\n- n\n"), ("other/o.md", b"# O\n- o\n")]);
    let output = recall(dir.path())
        .args(["preview", "--json"])
        .output()
        .unwrap();
    assert_eq!(decks(&json_cards(&output)), ["n"]);
}

#[test]
fn notes_flag_selects_the_default_root() {
    let dir = folder(&[("notes/n.md", b"# N\n- n\n"), ("other/o.md", b"# O\n- o\n")]);
    for args in [
        ["--notes", "other", "preview", "--json"],
        ["preview", "--notes", "other", "--json"],
    ] {
        let output = recall(dir.path()).args(args).output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(decks(&json_cards(&output)), ["o"], "{args:?}");
    }
}

#[test]
fn recall_notes_env_selects_the_default_root() {
    let dir = folder(&[("notes/n.md", b"# N\n- n\n"), ("other/o.md", b"# O\n- o\n")]);
    let output = recall(dir.path())
        .env("RECALL_NOTES", "other")
        .args(["preview", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(decks(&json_cards(&output)), ["o"]);
}

#[test]
fn notes_flag_wins_over_recall_notes_env() {
    let dir = folder(&[("notes/n.md", b"# N\n- n\n"), ("other/o.md", b"# O\n- o\n")]);
    let output = recall(dir.path())
        .env("RECALL_NOTES", "other")
        .args(["--notes", "notes", "preview", "--json"])
        .output()
        .unwrap();
    assert_eq!(decks(&json_cards(&output)), ["n"]);
}

#[test]
fn path_argument_wins_over_the_default_root() {
    let dir = folder(&[("notes/n.md", b"# N\n- n\n"), ("other/o.md", b"# O\n- o\n")]);
    let output = recall(dir.path())
        .env("RECALL_NOTES", "notes")
        .args(["preview", "--json", "other"])
        .output()
        .unwrap();
    assert_eq!(decks(&json_cards(&output)), ["o"]);
}

#[test]
fn non_utf8_file_is_reported_in_one_line_and_other_files_still_print() {
    let dir = folder(&[
        ("notes/a.md", b"# A\n- a\n"),
        ("notes/bad.md", b"# B\n\xff\xfe- b\n"),
        ("notes/c.md", b"# C\n- c\n"),
    ]);
    let output = recall(dir.path())
        .args(["preview", "--json"])
        .output()
        .unwrap();
    assert_clean_failure(&output);
    assert_eq!(decks(&json_cards(&output)), ["a", "c"]);
    assert_eq!(
        stderr(&output),
        "error: notes/bad.md: is not valid UTF-8 (bad byte at offset 4)\n"
    );
}

#[test]
fn binary_file_is_reported_in_one_line_and_other_files_still_print() {
    let dir = folder(&[
        ("notes/a.md", b"# A\n- a\n"),
        ("notes/blob.md", b"# B\n- b\0\0\x01\x02\n"),
    ]);
    let output = recall(dir.path()).args(["preview"]).output().unwrap();
    assert_clean_failure(&output);
    let text = stdout(&output);
    assert!(text.starts_with("── a (notes/a.md) ──\n"), "{text}");
    assert!(text.ends_with("\n1 cards: 1 list, 0 cloze\n"), "{text}");
    assert_eq!(
        stderr(&output),
        "error: notes/blob.md: looks binary (contains NUL bytes), not a Markdown file\n"
    );
}

#[test]
fn unreadable_single_file_fails_with_one_line() {
    let dir = folder(&[("notes/bad.md", b"\xc3\x28")]);
    let output = recall(dir.path())
        .args(["preview", "notes/bad.md"])
        .output()
        .unwrap();
    assert_clean_failure(&output);
    assert_eq!(
        stderr(&output),
        "error: notes/bad.md: is not valid UTF-8 (bad byte at offset 0)\n"
    );
}

#[test]
fn missing_path_gives_one_line_naming_it() {
    let dir = folder(&[("notes/n.md", b"# N\n- n\n")]);
    let output = recall(dir.path())
        .args(["preview", "nowhere/x.md"])
        .output()
        .unwrap();
    assert_clean_failure(&output);
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("nowhere/x.md"), "{err}");
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn missing_default_notes_folder_gives_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = recall(dir.path()).args(["preview"]).output().unwrap();
    assert_clean_failure(&output);
    assert_eq!(
        stderr(&output),
        "error: notes folder notes does not exist\n"
    );
}

#[test]
fn missing_root_from_env_gives_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = recall(dir.path())
        .env("RECALL_NOTES", "gone")
        .args(["preview", "--json"])
        .output()
        .unwrap();
    assert_clean_failure(&output);
    assert_eq!(stderr(&output), "error: notes folder gone does not exist\n");
}

#[test]
fn empty_notes_folder_gives_zero_cards_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("notes")).unwrap();
    let output = recall(dir.path()).args(["preview"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "0 cards: 0 list, 0 cloze\n");
    let json = recall(dir.path())
        .args(["preview", "--json"])
        .output()
        .unwrap();
    assert_eq!(stdout(&json), "");
}

/// What `recall ARGS`, run in `dir` with the settings of no user, writes on
/// a pseudo-terminal `columns` wide (set with `stty` before `recall`
/// starts, so that it reads the terminal's real size), one entry per line.
pub(crate) fn on_terminal(dir: &Path, columns: u16, args: &[&str]) -> Vec<String> {
    let mut inner = recall_command(dir, NOW);
    inner.args(["--db", "recall.db"]).args(args);
    let cmd = sized_terminal(columns, 50, &inner);
    let mut term = rexpect::session::spawn_command(cmd, Some(30_000)).expect("a pseudo-terminal");
    let screen = term.exp_eof().expect("recall ends");
    // nix's status type is not re-exported: read its printed form.
    let status = format!("{:?}", term.process().wait().expect("exit status"));
    assert!(
        status.starts_with("Exited(") && status.ends_with(", 0)"),
        "{status}: {screen}"
    );
    // rexpect hands over each byte as one character.
    let bytes: Vec<u8> = screen
        .chars()
        .map(|c| u8::try_from(c).expect("one byte per character"))
        .collect();
    let screen = String::from_utf8(bytes).expect("UTF-8 on the terminal");
    screen.split("\r\n").map(str::to_string).collect()
}

/// The text without its spaces and line breaks: what wrapping must keep.
fn ink(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn widest(lines: &[String]) -> usize {
    use unicode_width::UnicodeWidthStr;
    lines.iter().map(|l| l.width()).max().unwrap_or(0)
}

#[test]
fn preview_show_and_cards_on_a_terminal_wrap_to_its_width_and_piped_output_is_not_wrapped() {
    let dir = sample_folder();
    let piped = |args: &[&str]| {
        let output = recall(dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .args(["--db", "recall.db"])
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    piped(&["sync"]);
    for args in [&["preview"][..], &["show", "1"], &["cards"]] {
        let whole = piped(args);
        let whole_lines: Vec<String> = whole.lines().map(str::to_string).collect();
        // The sample's long talk titles do not fit 80 columns; a pipe gets
        // each line whole.
        assert!(widest(&whole_lines) > 80, "{args:?}: {whole}");
        for columns in [80, 50] {
            let lines = on_terminal(dir.path(), columns, args);
            assert!(
                widest(&lines) <= usize::from(columns),
                "{args:?} at {columns}: {lines:#?}"
            );
            assert!(lines.len() > whole_lines.len(), "{args:?}: {lines:#?}");
            // Only spaces and line breaks change.
            assert_eq!(ink(&lines.join("\n")), ink(&whole), "{args:?}");
        }
    }
    // A continuation line hangs under the text of its label.
    let show = on_terminal(dir.path(), 80, &["show", "1"]);
    let question = show
        .iter()
        .position(|l| l.starts_with("question: "))
        .expect("a question line");
    assert!(
        show[question + 1].starts_with("          권용근"),
        "{show:#?}"
    );
}
