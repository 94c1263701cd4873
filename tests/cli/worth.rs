//! Cards worth reviewing (docs/design.md §14) through the real binary, on
//! the fixture `tests/fixtures/worth/`: a command cheat sheet, a
//! developer's notes with code and tables under items and a definition
//! under a heading, and a file of reference sections, a table of contents
//! and a link list. `preview -v` names every card left out, `preview
//! --json` gives leads and details as fields of their own, the text view
//! shows code as code and folds long blocks, and sync stores the cards
//! preview shows.

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::{Value, json};
use tempfile::TempDir;

use crate::preview::on_terminal;
use crate::support::{NOW, recall_command};

const FILES: [&str; 3] = ["dev-notes.md", "git-cheatsheet.md", "reading.md"];

/// A temporary folder holding the fixture at `notes/`.
fn fixture() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/worth");
    let to = dir.path().join("notes");
    fs::create_dir(&to).expect("notes folder");
    for file in FILES {
        fs::copy(from.join(file), to.join(file)).expect("copy fixture");
    }
    dir
}

fn recall(dir: &Path) -> Command {
    let mut cmd = Command::from_std(recall_command(dir, NOW));
    cmd.args(["--db", "recall.db"]);
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let output = recall(dir).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8")
}

fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .collect()
}

/// The card of `deck` asking `question`.
fn asking<'c>(lines: &'c [Value], deck: &str, question: &str) -> &'c Value {
    lines
        .iter()
        .find(|c| c["deck"] == deck && c["question"] == question)
        .unwrap_or_else(|| panic!("no card of {deck} asks {question:?}"))
}

#[test]
fn preview_v_names_every_card_left_out_with_its_file_line_rule_and_text() {
    let dir = fixture();
    let output = run(dir.path(), &["preview", "-v", "notes"]);
    let err = stderr(&output);
    let skipped: Vec<&str> = err.lines().filter(|l| l.starts_with("skipped ")).collect();
    assert_eq!(
        skipped,
        [
            "skipped notes/reading.md:3: reference section \"Table of Contents\"",
            "skipped notes/reading.md:12: cloze too short \"Open […].\"",
            "skipped notes/reading.md:20: reference section \"來源及延伸閱讀\"",
            "skipped notes/reading.md:29: link list \"Tools\"",
            "skipped notes/reading.md:34: reference section \"References\"",
            "skipped notes/reading.md:43: reference section \"[참고 자료]\"",
        ]
    );
    // Without -v the count says how many, and how to see them.
    let quiet = run(dir.path(), &["preview", "notes"]);
    assert!(!stderr(&quiet).contains("skipped"), "{}", stderr(&quiet));
    assert_eq!(
        stdout(&quiet).lines().last(),
        Some("19 cards: 18 list, 1 cloze; 6 left out (-v names them)")
    );
}

#[test]
fn preview_json_gives_leads_and_details_of_their_own_and_the_skips() {
    let dir = fixture();
    // Without -v, every line is a card, as before leads and details.
    let plain = json_lines(&run(dir.path(), &["preview", "--json", "notes"]));
    assert!(plain.iter().all(|l| l.get("question").is_some()));
    let lines = json_lines(&run(dir.path(), &["-v", "preview", "--json", "notes"]));
    let (cards, skips): (Vec<Value>, Vec<Value>) =
        lines.into_iter().partition(|l| l.get("question").is_some());
    assert_eq!(cards, plain);
    assert_eq!(cards.len(), 19);
    assert_eq!(skips.len(), 6);
    assert_eq!(
        asking(
            &cards,
            "git-cheatsheet",
            "Undo the last commit but keep its changes staged:"
        ),
        &json!({
            "deck": "git-cheatsheet",
            "kind": "list",
            "context": ["git"],
            "question": "Undo the last commit but keep its changes staged:",
            "answer": [],
            "lead": [],
            "details": [{"kind": "code", "text": "git reset --soft HEAD~1", "line": 8}],
            "line": 6
        })
    );
    let git = asking(&cards, "git-cheatsheet", "git");
    assert_eq!(git["answer"].as_array().unwrap().len(), 5);
    assert_eq!(
        git["lead"],
        json!([{
            "kind": "quote",
            "text": "A distributed version control system. Every clone holds the whole history.",
            "line": 3
        }])
    );
    let csrf = asking(&cards, "dev-notes", "CSRF");
    assert_eq!(csrf["answer"], json!(["Defences"]));
    assert_eq!(csrf["lead"][0]["kind"], "paragraph");
    let rc = asking(&cards, "dev-notes", "Rc<T> shares ownership on one thread");
    assert_eq!(
        rc["details"],
        json!([{
            "kind": "code",
            "lang": "rust",
            "text": "let a = Rc::new(5);\nlet b = Rc::clone(&a);\n    // an indented comment stays indented",
            "line": 15
        }])
    );
    let costs = asking(&cards, "dev-notes", "Costs of collections");
    assert_eq!(costs["details"][0]["kind"], "table");
    assert_eq!(
        asking(&cards, "dev-notes", "소유권 이동")["details"][0]["text"],
        "값을 함수에 넘기면 소유권도 넘어간다. **Copy** 타입은 복사된다."
    );
    // `참고 사항` heads knowledge and stays.
    asking(&cards, "reading", "참고 사항");
    assert_eq!(
        skips[3],
        json!({
            "deck": "reading",
            "path": "notes/reading.md",
            "line": 29,
            "skipped": "link list",
            "text": "Tools"
        })
    );
}

#[test]
fn the_text_view_shows_code_as_code_and_folds_a_long_lead_until_asked() {
    let dir = fixture();
    let text = stdout(&run(dir.path(), &["preview", "notes/git-cheatsheet.md"]));
    assert!(
        text.contains(
            "line 6 · list · git\n  Q: Undo the last commit but keep its changes staged: (code)\n     \
             ```\n     git reset --soft HEAD~1\n     ```\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  Q: git (5 items)\n     │ A distributed version control system."),
        "{text}"
    );
    let folded = stdout(&run(dir.path(), &["preview", "notes/dev-notes.md"]));
    assert!(
        folded.contains("         quicksort(&mut right[1..]);\n     }\n     … 14 more lines (preview --full shows them all)\n"),
        "{folded}"
    );
    assert!(!folded.contains("fn partition"), "{folded}");
    let full = stdout(&run(
        dir.path(),
        &["preview", "--full", "notes/dev-notes.md"],
    ));
    assert!(!full.contains("more lines"), "{full}");
    assert!(
        full.contains(
            "     fn partition<T: Ord>(v: &mut [T]) -> usize {\n         let last = v.len() - 1;\n"
        ),
        "{full}"
    );
    assert!(
        full.contains(
            "     operation         │ Vec  │ VecDeque\n     ──────────────────┼──────┼─────────\n"
        ),
        "{full}"
    );
}

#[test]
fn on_a_terminal_leads_and_details_fit_its_width_and_code_never_reflows() {
    use unicode_width::UnicodeWidthStr;
    let dir = fixture();
    let lines = on_terminal(dir.path(), 40, &["preview", "--full", "notes/dev-notes.md"]);
    for line in &lines {
        assert!(line.width() <= 40, "{} columns: {line:?}", line.width());
    }
    // The definition wraps under the question, word by word.
    assert!(
        lines.contains(&"     Cross-site request forgery makes a".to_string()),
        "{lines:#?}"
    );
    // A code line too long is cut where the width ends and marked, its
    // indentation kept; no two code lines are joined.
    assert!(
        lines.contains(&"         let (left, right) = v.split_at_".to_string()),
        "{lines:#?}"
    );
    assert!(lines.contains(&"     ↪ mut(p);".to_string()), "{lines:#?}");
    assert!(
        lines.contains(&"         quicksort(left);".to_string()),
        "{lines:#?}"
    );
}

#[test]
fn sync_stores_the_cards_preview_shows_and_none_it_leaves_out() {
    let dir = fixture();
    let report: Value =
        serde_json::from_slice(&run(dir.path(), &["--notes", "notes", "sync", "--json"]).stdout)
            .unwrap();
    assert_eq!(report["added"], 19);
    let cards = json_lines(&run(dir.path(), &["--notes", "notes", "cards", "--json"]));
    assert_eq!(cards.len(), 19);
    assert!(
        cards
            .iter()
            .all(|c| c["question"] != "Tools" && c["question"] != "References")
    );
    // Every stored card answers as preview says, leads and details
    // included, in `cards --json` and in `show --json`.
    let previewed = json_lines(&run(dir.path(), &["preview", "--json", "notes"]));
    for card in &cards {
        let (deck, question) = (
            card["deck"].as_str().unwrap(),
            card["question"].as_str().unwrap(),
        );
        let draft = asking(&previewed, deck, question);
        for field in ["answer", "lead", "details"] {
            assert_eq!(card[field], draft[field], "{field} of {question:?}");
        }
        let id = card["id"].to_string();
        let shown: Value = serde_json::from_slice(
            &run(dir.path(), &["--notes", "notes", "show", &id, "--json"]).stdout,
        )
        .unwrap();
        for field in ["answer", "lead", "details"] {
            assert_eq!(shown[field], draft[field], "{field} of {question:?}");
        }
    }
    assert!(cards.iter().any(|c| c["lead"] != json!([])));
    assert!(cards.iter().any(|c| c["details"] != json!([])));
}
