//! The text and JSON views of `config`, `stats` and `show` say the same
//! (docs/design.md §8). Each text view is read into labelled figures; a
//! table per command maps each label to the JSON paths it shows and says
//! what the text must read, worked out from the JSON. Checked both ways,
//! on collections that fill every section: each figure the text prints is
//! mapped and reads as the JSON says, and each value in the JSON is shown
//! by some figure (or is listed as the JSON's alone, with why). A figure
//! added to one view and not the other fails here, whichever view it is.

use std::collections::BTreeSet;
use std::fs;

use serde_json::Value;
use tempfile::TempDir;

use crate::support::{Env, SuccessOutput, card, history, id, json};

/// The day every view is taken: a month after the history's last grades.
const LATER: &str = "2026-03-31T09:00:00Z";

/// A figure of a text view, and its counterpart in the JSON view.
struct Figure {
    /// Its label, as the command's reader names what it read.
    label: &'static str,
    /// The JSON it shows: `/`-separated keys, `*` for each element of an
    /// array. A path covers everything under it.
    json: &'static [&'static str],
    /// What the text must read, from the JSON (and the label).
    reads: fn(&Value, &str) -> String,
}

/// What the JSON holds and the text does not print: the path, and why.
type JsonOnly = (&'static str, &'static str);

/// The labels read with a value and the paths found, over every view
/// compared: a figure never seen is a table entry left behind.
#[derive(Default)]
struct Seen {
    labels: BTreeSet<&'static str>,
    paths: BTreeSet<&'static str>,
}

/// Compares one text view, read into `(label, value)`, with its JSON view.
fn compare(
    what: &str,
    text: &[(String, String)],
    json: &Value,
    figures: &[Figure],
    json_only: &[JsonOnly],
    seen: &mut Seen,
) {
    for (label, value) in text {
        let figure = figures
            .iter()
            .find(|f| f.label == label)
            .unwrap_or_else(|| {
                panic!("{what}: the text prints {label:?} ({value:?}), which maps to no JSON")
            });
        assert_eq!(
            value,
            &(figure.reads)(json, label),
            "{what}: {label:?} reads otherwise than the JSON says"
        );
        if !value.is_empty() {
            seen.labels.insert(figure.label);
        }
    }
    let mut leaves = Vec::new();
    leaf_paths(json, String::new(), &mut leaves);
    for leaf in &leaves {
        let mapped = figures
            .iter()
            .flat_map(|f| f.json.iter())
            .chain(json_only.iter().map(|(path, _)| path))
            .filter(|path| covers(path, leaf))
            .copied()
            .collect::<Vec<_>>();
        assert!(
            !mapped.is_empty(),
            "{what}: the JSON's {leaf} is printed nowhere in the text view"
        );
        seen.paths.extend(mapped);
    }
}

/// After every view: each figure was read with a value and each path met.
fn all_seen(what: &str, figures: &[Figure], json_only: &[JsonOnly], seen: &Seen) {
    for figure in figures {
        assert!(
            seen.labels.contains(figure.label),
            "{what}: {:?} was never read from the text",
            figure.label
        );
    }
    let paths = figures.iter().flat_map(|f| f.json.iter());
    for path in paths.chain(json_only.iter().map(|(path, _)| path)) {
        assert!(
            seen.paths.contains(path),
            "{what}: {path} was never in the JSON"
        );
    }
}

/// Every leaf of `value` (a scalar, null, or an empty array or object) by
/// its path, array indices written `*`.
fn leaf_paths(value: &Value, at: String, out: &mut Vec<String>) {
    let join = |key: &str| match at.is_empty() {
        true => key.to_string(),
        false => format!("{at}/{key}"),
    };
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, v) in map {
                leaf_paths(v, join(key), out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for v in items {
                leaf_paths(v, join("*"), out);
            }
        }
        _ => out.push(at),
    }
}

/// Whether `path` is `leaf` or one of its ancestors.
fn covers(path: &str, leaf: &str) -> bool {
    leaf == path || leaf.starts_with(&format!("{path}/"))
}

/// What a command prints, which must succeed.
fn text_of(mut cmd: assert_cmd::Command) -> String {
    String::from_utf8(cmd.success_stdout()).unwrap()
}

/// The same command's `--json`.
fn json_of(mut cmd: assert_cmd::Command) -> Value {
    json(&cmd.arg("--json").success_stdout())
}

/// Words split on whitespace and joined by one space, so that columns
/// compare without their padding.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A JSON value as the text prints it: strings bare, null as `none`.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".into(),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| format!("{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("a count: {v}"))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("a number: {v}"))
}

/// A collection that fills every section of every view: 60 cards in
/// `deck`, 50 of them with most of a year of grades (400 and more a day or
/// more apart: enough to calibrate and to fit), a leech, a card whose note
/// changed since its last review, a suspended card, a retired deck, and in
/// `talk`, cards with context and Markdown, typed answers (one of them a
/// repeat that day) and a practice grade, all before `LATER`; in `shell`,
/// answers with a lead (a paragraph with marks, a quote), with code as
/// their only detail, and with code or a table beside their items.
fn rich() -> Env {
    let env = Env::new();
    let deck: String = (0..60)
        .map(|i| format!("# Card {i}\n\n- answer {i}\n\n"))
        .collect();
    env.write("deck.md", &deck);
    env.write(
        "talk.md",
        "# Talk\n\n## Part one\n\n- Topic\n  - a **bold** phrase to learn here\n  - second fact\n",
    );
    env.write("gone.md", "# Gone\n\n- soon\n");
    env.write("shell.md", SHELL);
    env.sync();
    history(&env, 50, 9);
    let cards = env.cards();
    let leech = id(card(&cards, "Card 50"));
    env.review(leech, &[5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0]);
    env.recall_at(LATER)
        .args(["review", "--type", "--new", "1", "--deck", "talk"])
        .write_stdin("nope\n\nTopic\n\n")
        .assert()
        .success();
    env.recall_at(LATER)
        .args(["cram", "--deck", "talk", "--limit", "1"])
        .write_stdin("\n3\n")
        .assert()
        .success();
    let suspended = id(card(&cards, "Card 55")).to_string();
    env.recall_at(LATER)
        .args(["suspend", &suspended])
        .assert()
        .success();
    env.remove("gone.md");
    env.write("deck.md", &deck.replace("answer 3\n", "answer 3, edited\n"));
    env.recall_at(LATER).arg("sync").assert().success();
    env
}

/// Notes whose answers hold more than items (docs/design.md §14.1).
const SHELL: &str = "# Shell

A shell reads commands. It runs **each** one with `fork`.

> Every process has a parent.
> - even the first

- Undo the last commit:

`git reset --soft HEAD~1`

- Loops
  ```sh
  for f in *.md; do
  \twc -l \"$f\"

  done
  ```
  - each file in turn
- Exit codes
  - the last one is in `$?`

  | code | meaning |
  | --- | --- |
  | 0 | success |
  | 127 | command not found |
";

/// `recall …` at `LATER` under FSRS.
fn fsrs(env: &Env) -> assert_cmd::Command {
    let mut cmd = env.recall_at(LATER);
    cmd.env("RECALL_SCHEDULER", "fsrs");
    cmd
}

// `config`: a line per setting (`name value (source)`), the FSRS
// parameters' line and weights, and the settings file.

fn config_text(text: &str) -> Vec<(String, String)> {
    let mut figures = Vec::new();
    let mut weights = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("fsrs parameters: ") {
            figures.push(("fsrs parameters".into(), rest.into()));
        } else if let Some(rest) = line.strip_prefix("skip_headings: ") {
            figures.push(("skip_headings names".into(), rest.into()));
        } else if let Some(rest) = line.strip_prefix("settings file: ") {
            figures.push(("settings file".into(), rest.into()));
        } else if let Some(row) = line.strip_prefix("  w") {
            weights.extend(row.split_whitespace().skip(1).map(str::to_string));
        } else {
            let (name, rest) = line.split_once(' ').expect("a setting's line");
            let rest = rest.trim();
            let open = rest.rfind(" (").expect("a source");
            let (value, source) = (rest[..open].trim(), &rest[open + 1..]);
            figures.push((name.into(), format!("{value} {source}")));
        }
    }
    figures.push(("fsrs weights".into(), weights.join(" ")));
    figures
}

/// A setting's line: its value and where it came from.
fn setting(c: &Value, name: &str) -> String {
    let source = match c["sources"][name].as_str() {
        Some("flag") => "command-line flag",
        Some("environment") => "environment variable",
        Some("file") => "settings file",
        Some("default") => "default",
        Some("database") => "database",
        Some("none") => "made at the first sync with shared set",
        other => panic!("{name}'s source {other:?}"),
    };
    format!("{} ({source})", plain(&c[name]))
}

/// Each setting's line, and its value and source in the JSON.
const SETTINGS: [&[&str]; 17] = [
    &["notes", "sources/notes"],
    &["db", "sources/db"],
    &["new_per_day", "sources/new_per_day"],
    &["day_starts_at", "sources/day_starts_at"],
    &["cloze", "sources/cloze"],
    &["skip_link_lists", "sources/skip_link_lists"],
    &["cloze_min_words", "sources/cloze_min_words"],
    &["max_reviews_per_day", "sources/max_reviews_per_day"],
    &["easy_days", "sources/easy_days"],
    &["type_answers", "sources/type_answers"],
    &["scheduler", "sources/scheduler"],
    &["desired_retention", "sources/desired_retention"],
    &["busy_timeout_ms", "sources/busy_timeout_ms"],
    &["ignore", "sources/ignore"],
    &["shared", "sources/shared"],
    &["device", "sources/device"],
    &["device_id", "sources/device_id"],
];

fn config_figures() -> Vec<Figure> {
    let mut figures: Vec<Figure> = SETTINGS
        .iter()
        .map(|&json| Figure {
            label: json[0],
            json,
            reads: setting,
        })
        .collect();
    figures.push(Figure {
        label: "fsrs parameters",
        json: &["fsrs_params/fitted"],
        reads: |c, _| {
            let whose = match c["fsrs_params"]["fitted"].as_bool().unwrap() {
                true => "fitted by `recall optimize`",
                false => "FSRS-6's defaults",
            };
            let when = match c["scheduler"].as_str().unwrap() {
                "fsrs" => "in use",
                _ => "in use when scheduler = \"fsrs\"",
            };
            format!("{whose} ({when})")
        },
    });
    figures.push(Figure {
        label: "fsrs weights",
        json: &["fsrs_params/weights"],
        reads: |c, _| {
            let weights = c["fsrs_params"]["weights"].as_array().unwrap();
            assert_eq!(weights.len(), 21);
            let shown: Vec<String> = weights.iter().map(|w| format!("{:.4}", f(w))).collect();
            shown.join(" ")
        },
    });
    figures.push(Figure {
        label: "load_balance",
        json: &["load_balance", "sources/load_balance"],
        reads: |c, _| {
            let on = match (&c["load_balance"], c["scheduler"].as_str()) {
                (Value::Bool(on), _) => *on,
                (Value::Null, Some("fsrs")) => true,
                (Value::Null, _) => false,
                (other, _) => panic!("load_balance {other}"),
            };
            let value = serde_json::json!({
                "load_balance": if on { "on" } else { "off" },
                "sources": { "load_balance": c["sources"]["load_balance"] },
            });
            let shown = setting(&value, "load_balance");
            match c["load_balance"] {
                // Unset, the text says what it follows.
                Value::Null => shown.replacen(" (", " (on under fsrs, off under sm2) (", 1),
                _ => shown,
            }
        },
    });
    figures.push(Figure {
        label: "skip_headings",
        json: &["sources/skip_headings"],
        reads: |c, _| {
            let n = c["skip_headings"].as_array().unwrap().len();
            let count = match n {
                0 => "none".to_string(),
                1 => "1 name, below".to_string(),
                n => format!("{n} names, below"),
            };
            // The count, with the source as `setting` words it.
            let counted = serde_json::json!({
                "skip_headings": count,
                "sources": { "skip_headings": c["sources"]["skip_headings"] },
            });
            setting(&counted, "skip_headings")
        },
    });
    figures.push(Figure {
        label: "skip_headings names",
        json: &["skip_headings"],
        reads: |c, _| {
            let names: Vec<String> = c["skip_headings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| format!("{:?}", n.as_str().unwrap()))
                .collect();
            names.join(", ")
        },
    });
    figures.push(Figure {
        label: "settings file",
        json: &["file"],
        reads: |c, _| match &c["file"] {
            Value::Null => {
                "none (looked for ./recall.toml and ~/.config/recall/recall.toml)".into()
            }
            file => plain(file),
        },
    });
    figures
}

#[test]
fn config_prints_the_same_settings_in_both_views() {
    let figures = config_figures();
    let mut seen = Seen::default();
    let mut check = |what: &str, cmd: &dyn Fn() -> assert_cmd::Command| {
        let text = config_text(&text_of(cmd()));
        let mut with_json = cmd();
        with_json.arg("--json");
        let json = json(&with_json.success_stdout());
        compare(what, &text, &json, &figures, &[], &mut seen);
    };
    // No database, no file: the defaults.
    let bare = Env::new();
    check("bare", &|| {
        let mut cmd = bare.recall_bare();
        cmd.arg("config");
        cmd
    });
    // A database that shared and fitted, and a settings file.
    let env = rich();
    let shared = TempDir::new().unwrap();
    env.recall_at(LATER)
        .arg("--shared")
        .arg(shared.path())
        .arg("sync")
        .assert()
        .success();
    env.recall_at(LATER).arg("optimize").assert().success();
    let file = env.dir.path().join("recall.toml");
    fs::write(
        &file,
        format!(
            "ignore = [\"daily/**\", \"templates/**\"]\ndevice = \"laptop\"\n\
             scheduler = \"fsrs\"\ndesired_retention = 0.85\ntype_answers = true\n\
             shared = {:?}\n",
            shared.path()
        ),
    )
    .unwrap();
    check("a settings file", &|| {
        let mut cmd = env.recall_at(LATER);
        cmd.env("RECALL_CONFIG", &file)
            .env("RECALL_BUSY_TIMEOUT_MS", "2500")
            .arg("config");
        cmd
    });
    all_seen("config", &figures, &[], &seen);
}

// `show`: the card's head line, then `label: text` lines, the answer (its
// lead, items and details), the changed mark, and the history's lines.

fn show_text(text: &str) -> Vec<(String, String)> {
    let mut figures: Vec<(String, String)> = Vec::new();
    let mut lines = text.lines().peekable();
    let head = lines.next().expect("the card's line");
    figures.push(("card".into(), head.into()));
    let (mut context, mut memory, mut changed) = (String::new(), String::new(), "no");
    let (mut answer, mut history) = (Vec::new(), Vec::new());
    let (mut lead, mut details) = (Vec::new(), Vec::new());
    while let Some(line) = lines.next() {
        if line == "answer:" {
            // Blocks before the items are the lead, after them the details;
            // a card with no items is an item card, whose blocks are details.
            let mut blocks = Vec::new();
            let mut code = false;
            while let Some(line) = lines.next_if(|l| l.is_empty() || l.starts_with("  ")) {
                let line = line.strip_prefix("  ").unwrap_or(line);
                if line.starts_with("```") {
                    code = !code;
                }
                match line.strip_prefix("- ").filter(|_| !code) {
                    Some(item) => {
                        answer.push(item);
                        lead.append(&mut blocks);
                    }
                    None => blocks.push(line),
                }
            }
            details = blocks;
        } else if line == "history:" {
            for entry in lines.by_ref() {
                history.push(without_grade_name(entry.trim()));
            }
        } else if line == "changed in the notes since its last review" {
            changed = "yes";
        } else {
            let (label, rest) = line.split_once(": ").expect("a labelled line");
            match label {
                "context" => context = rest.into(),
                "memory" => memory = rest.into(),
                // `history: no reviews yet`
                "history" => assert_eq!(rest, "no reviews yet"),
                _ => figures.push((label.into(), rest.into())),
            }
        }
    }
    figures.push(("context".into(), context));
    figures.push(("memory".into(), memory));
    figures.push(("changed".into(), changed.into()));
    figures.push(("answer".into(), answer.join("\n")));
    figures.push(("lead".into(), lead.join("\n")));
    figures.push(("details".into(), details.join("\n")));
    figures.push(("history".into(), history.join("\n")));
    figures
}

/// A history line without the name of its grade (`grade 4 (good)` is
/// `grade 4`), which follows from the grade and the scheduler.
fn without_grade_name(entry: &str) -> String {
    let Some(at) = entry.find("grade ") else {
        return entry.into();
    };
    let digit = at + "grade ".len() + 1;
    match entry[digit..].strip_prefix(" (") {
        Some(rest) => {
            let close = rest.find(')').expect("a grade's name");
            format!("{}{}", &entry[..digit], &rest[close + 1..])
        }
        None => entry.into(),
    }
}

fn show_figures() -> Vec<Figure> {
    vec![
        Figure {
            label: "card",
            json: &["id", "kind", "state"],
            reads: |c, _| {
                format!(
                    "card {} · {} · {}",
                    c["id"],
                    plain(&c["kind"]),
                    plain(&c["state"])
                )
            },
        },
        Figure {
            label: "source",
            json: &["file", "line", "deck"],
            reads: |c, _| {
                let file = plain(&c["file"]);
                if !file.ends_with(&format!("/{}.md", plain(&c["deck"]))) {
                    return format!("{file} is not deck {}'s file", c["deck"]);
                }
                format!("{file}:{}", c["line"])
            },
        },
        Figure {
            label: "context",
            json: &["context", "context_md"],
            reads: |c, _| list_md(c, "context", " › "),
        },
        Figure {
            label: "question",
            json: &["question", "question_md"],
            reads: |c, _| {
                assert!(!plain(&c["question"]).is_empty());
                plain(&c["question_md"])
            },
        },
        Figure {
            label: "answer",
            json: &["answer", "answer_md"],
            reads: |c, _| list_md(c, "answer", "\n"),
        },
        Figure {
            label: "lead",
            json: &["lead"],
            reads: |c, _| blocks_text(&c["lead"]),
        },
        Figure {
            label: "details",
            json: &["details"],
            reads: |c, _| blocks_text(&c["details"]),
        },
        Figure {
            label: "changed",
            json: &["changed"],
            reads: |c, _| match c["changed"].as_bool().unwrap() {
                true => "yes".into(),
                false => "no".into(),
            },
        },
        Figure {
            label: "schedule",
            json: &["due", "interval", "ef", "repetitions", "lapses"],
            reads: |c, _| {
                if u(&c["reviews"]) == 0 {
                    return "new, never reviewed".into();
                }
                // Under FSRS, which has stability instead, EF says nothing.
                let ef = match c.get("stability") {
                    None => format!("EF {:.2}, ", f(&c["ef"])),
                    Some(_) => String::new(),
                };
                format!(
                    "due {}, interval {}, {ef}{}, {}",
                    plain(&c["due"]).replace("none", "-"),
                    plural(u(&c["interval"]), "day"),
                    plural(u(&c["repetitions"]), "repetition"),
                    plural(u(&c["lapses"]), "lapse"),
                )
            },
        },
        Figure {
            label: "memory",
            json: &["stability", "difficulty", "retrievability"],
            reads: |c, _| match c.get("stability") {
                None | Some(Value::Null) => String::new(),
                Some(stability) => format!(
                    "stability {:.1} days, difficulty {:.2} of 10{}",
                    f(stability),
                    f(&c["difficulty"]),
                    match &c["retrievability"] {
                        Value::Null => String::new(),
                        r => format!(", {:.0}% likely recalled today", f(r) * 100.0),
                    }
                ),
            },
        },
        Figure {
            label: "history",
            json: &[
                "history/*/at",
                "history/*/grade",
                "history/*/counted",
                "history/*/proposed",
                "history/*/practice",
                "history",
                "reviews",
                "last_review",
            ],
            reads: |c, _| {
                let history = c["history"].as_array().unwrap();
                let practice = |r: &Value| r["practice"] == true;
                let reviews: Vec<&Value> = history.iter().filter(|r| !practice(r)).collect();
                if u(&c["reviews"]) != reviews.len() as u64 {
                    return format!("{} reviews, {} in the history", c["reviews"], reviews.len());
                }
                let last = reviews.last().map_or(Value::Null, |r| r["at"].clone());
                if c["last_review"] != last {
                    return format!("last review {}, {last} in the history", c["last_review"]);
                }
                let lines: Vec<String> = history
                    .iter()
                    .map(|r| {
                        format!(
                            "{}  {}grade {}{}{}",
                            plain(&r["at"]),
                            if practice(r) { "practice: " } else { "" },
                            r["grade"],
                            match &r["proposed"] {
                                Value::Null => String::new(),
                                p => format!(", typed, {p} proposed"),
                            },
                            if r["counted"] == false && !practice(r) {
                                ", a repeat that day"
                            } else {
                                ""
                            }
                        )
                    })
                    .collect();
                lines.join("\n")
            },
        },
    ]
}

/// A lead's or details' blocks as the text shows them when piped: a
/// paragraph's Markdown read (marks gone), a quote's lines behind a bar,
/// code between fences with its language, each line as written (a tab as
/// four spaces), a table's cells aligned under a rule; a blank line between
/// two blocks.
fn blocks_text(blocks: &Value) -> String {
    use unicode_width::UnicodeWidthStr;
    let read = |md: &str| md.replace("**", "").replace('`', "");
    let mut lines: Vec<String> = Vec::new();
    for block in blocks.as_array().expect("a list of blocks") {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let text = plain(&block["text"]);
        match block["kind"].as_str().expect("a kind") {
            "paragraph" => lines.push(read(&text)),
            "quote" => lines.extend(text.lines().map(|l| format!("│ {}", read(l)))),
            "code" => {
                let lang = block["lang"].as_str().unwrap_or("");
                lines.push(format!("```{lang}"));
                lines.extend(text.split('\n').map(|l| l.replace('\t', "    ")));
                lines.push("```".into());
            }
            "table" => {
                let rows: Vec<Vec<String>> = text
                    .lines()
                    .enumerate()
                    .filter(|(k, _)| *k != 1)
                    .map(|(_, row)| {
                        let row = row.trim().trim_matches('|');
                        row.split('|').map(|c| read(c.trim())).collect()
                    })
                    .collect();
                let mut widths = vec![0; rows[0].len()];
                for row in &rows {
                    for (k, cell) in row.iter().enumerate() {
                        widths[k] = widths[k].max(cell.width());
                    }
                }
                for (r, row) in rows.iter().enumerate() {
                    let cells: Vec<String> = row
                        .iter()
                        .zip(&widths)
                        .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.width())))
                        .collect();
                    lines.push(cells.join(" │ ").trim_end().to_string());
                    if r == 0 {
                        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                        lines.push(rule.join("─┼─"));
                    }
                }
            }
            other => panic!("a block of kind {other}"),
        }
    }
    lines.join("\n")
}

/// `what_md` joined as the text shows it, checked against the plain list.
fn list_md(c: &Value, what: &str, by: &str) -> String {
    let md = c[format!("{what}_md")].as_array().unwrap();
    let plain_list = c[what].as_array().unwrap();
    if md.len() != plain_list.len() {
        return format!(
            "{what}: {} items in Markdown, {} plain",
            md.len(),
            plain_list.len()
        );
    }
    md.iter().map(plain).collect::<Vec<_>>().join(by)
}

/// The recall day each grade counted for: the text gives the time, and
/// the day follows from it and `day_starts_at`.
const SHOW_JSON_ONLY: [JsonOnly; 1] = [("history/*/day", "follows from the time shown")];

#[test]
fn show_prints_the_same_card_in_both_views() {
    let env = rich();
    let cards = env.all_cards();
    let figures = show_figures();
    let mut seen = Seen::default();
    for question in [
        "Part one",
        "Topic",
        "Card 3",
        "Card 50",
        "Card 55",
        "Gone",
        "Shell",
        "Undo the last commit:",
        "Loops",
        "Exit codes",
    ] {
        let card_id = id(card(&cards, question)).to_string();
        for (scheduler, cmd) in [
            (
                "SM-2",
                &(|| env.recall_at(LATER)) as &dyn Fn() -> assert_cmd::Command,
            ),
            ("FSRS", &|| fsrs(&env)),
        ] {
            let what = format!("show {question:?} under {scheduler}");
            let mut text = cmd();
            text.args(["show", &card_id]);
            let mut with_json = cmd();
            with_json.args(["show", &card_id]);
            compare(
                &what,
                &show_text(&text_of(text)),
                &json_of(with_json),
                &figures,
                &SHOW_JSON_ONLY,
                &mut seen,
            );
        }
    }
    all_seen("show", &figures, &SHOW_JSON_ONLY, &seen);
}

// `stats`: `Title  key value · …` lines, the forecast, streak and heatmap,
// retention, the deck table, leeches, the hardest cards and calibration.

fn stats_text(text: &str) -> Vec<(String, String)> {
    let mut figures: Vec<(String, String)> = Vec::new();
    let mut push = |label: &str, value: String| figures.push((label.to_string(), value));
    let (mut typed, mut leeches, mut hardest_by, mut hardest, mut decks) = (
        String::new(),
        Vec::new(),
        String::new(),
        Vec::new(),
        Vec::new(),
    );
    let (mut forecast, mut heat) = (Vec::new(), 0);
    let mut calibration: Vec<String> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let (title, rest) = line.split_once("  ").unwrap_or((line, ""));
        match title {
            "Cards" => {
                for item in rest.split(" · ") {
                    let (key, n) = item.rsplit_once(' ').unwrap();
                    push(&format!("cards {key}"), n.into());
                }
            }
            "Today" => {
                let items: Vec<&str> = rest.split(" · ").collect();
                for item in &items[..3] {
                    let (key, n) = item.rsplit_once(' ').unwrap();
                    push(&format!("today {key}"), n.into());
                }
                push("today time", items[3].into());
            }
            "Typed" => typed = rest.into(),
            "Reviews per day" => {
                push("streak", rest.into());
                lines.next(); // the months
                for _ in 0..7 {
                    let row = lines.next().expect("a weekday's row");
                    heat += row[5..].chars().filter(|&c| c != '·').count();
                }
            }
            "Retention of mature cards" => {
                let (recent, all) = rest.split_once(" · ").unwrap();
                push(
                    "retention last 30 days",
                    recent["last 30 days ".len()..].into(),
                );
                push("retention all time", all["all time ".len()..].into());
            }
            "Calibration" => {
                calibration.push(rest.into());
                calibration.extend(lines.by_ref().map(str::to_string));
            }
            _ if line.starts_with("Due in the next ") => {
                push("forecast days", line.into());
                while let Some(day) = lines.next_if(|l| !l.is_empty()) {
                    forecast.push(day.rsplit(' ').next().unwrap().to_string());
                }
            }
            _ if line.starts_with("Deck ") => {
                assert_eq!(words(line), "Deck cards new due mature retention");
                while let Some(row) = lines.next_if(|l| !l.is_empty()) {
                    decks.push(words(row));
                }
            }
            _ if line.starts_with("Leeches ") => {
                leeches.push(line.to_string());
                while let Some(row) = lines.next_if(|l| !l.is_empty()) {
                    leeches.push(words(row));
                }
            }
            _ if line.starts_with("Hardest cards (") => {
                hardest_by = line["Hardest cards (".len()..line.len() - 1].into();
                while let Some(row) = lines.next_if(|l| !l.is_empty()) {
                    hardest.push(words(row));
                }
            }
            "" => {}
            _ => panic!("a line stats does not print: {line:?}"),
        }
    }
    push("typed", typed);
    push("forecast", forecast.join(","));
    push("heatmap", heat.to_string());
    push("decks", decks.join("\n"));
    push("leeches", leeches.join("\n"));
    push("hardest by", hardest_by);
    push("hardest", hardest.join("\n"));
    stats_calibration(&calibration, &mut push);
    figures
}

/// Calibration's lines: how many reviews it needs, or the figures, the
/// bins and the notes.
fn stats_calibration(lines: &[String], push: &mut impl FnMut(&str, String)) {
    let Some(first) = lines.first() else {
        return;
    };
    if first.starts_with("needs ") {
        let sentence: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
        push("calibration needs", sentence.join(" "));
        return;
    }
    push(
        "calibration reviews",
        first.rsplit(' ').nth(1).unwrap().into(),
    );
    push(
        "calibration sm2",
        lines[1].trim()["SM-2".len()..].trim().into(),
    );
    push(
        "calibration fsrs",
        lines[2].trim()["FSRS-6".len()..].trim().into(),
    );
    assert_eq!(words(&lines[3]), "recall SM-2 FSRS-6");
    let bins = lines[4..]
        .iter()
        .take_while(|l| l.trim().starts_with(|c: char| c.is_ascii_digit()));
    // `93→ 80%` and `93→100%`: a cell's arrow, without its padding.
    let bins: Vec<String> = bins.map(|l| words(l).replace("→ ", "→")).collect();
    let notes: Vec<&str> = lines[4 + bins.len()..].iter().map(|l| l.trim()).collect();
    push("calibration bins", bins.join("\n"));
    push("calibration notes", notes.join(" "));
}

fn rate(r: &Value) -> String {
    match &r["rate"] {
        Value::Null => "- (no reviews)".into(),
        rate => format!("{:.0}% ({}/{})", f(rate) * 100.0, r["passed"], r["reviews"]),
    }
}

fn count_figure(label: &'static str, path: &'static [&'static str]) -> Figure {
    Figure {
        label,
        json: path,
        reads: |s, label| {
            let (section, key) = label.split_once(' ').unwrap();
            let key = match key {
                "new" if section == "today" => "new_seen",
                key => key,
            };
            s[section][key].to_string()
        },
    }
}

/// Both schedulers' needs, which the text gives once.
fn needs(s: &Value) -> String {
    let (sm2, fsrs) = (&s["calibration"]["sm2"], &s["calibration"]["fsrs"]);
    if sm2["status"] != "needs_more_reviews" {
        return String::new();
    }
    if sm2 != fsrs {
        return format!("SM-2 {sm2} and FSRS {fsrs} differ");
    }
    format!(
        "needs {} more reviews made a day or more after the card's one before ({} so far, {} \
         wanted) to say how well SM-2 and FSRS predict your recall",
        sm2["more_needed"], sm2["reviews"], sm2["wanted"]
    )
}

/// One scheduler's figures, as its calibration line gives them.
fn calibrated(c: &Value) -> String {
    format!(
        "log loss {:.3} · RMSE(bins) {:.3} · AUC {}",
        f(&c["log_loss"]),
        f(&c["rmse_bins"]),
        match &c["auc"] {
            Value::Null => "-".into(),
            auc => format!("{:.3}", f(auc)),
        }
    )
}

fn stats_figures() -> Vec<Figure> {
    let mut figures = vec![
        count_figure("cards new", &["cards/new"]),
        count_figure("cards learning", &["cards/learning"]),
        count_figure("cards mature", &["cards/mature"]),
        count_figure("cards suspended", &["cards/suspended"]),
        count_figure("cards retired", &["cards/retired"]),
        count_figure("cards total", &["cards/total"]),
        count_figure("today due", &["today/due"]),
        count_figure("today reviewed", &["today/reviewed"]),
        count_figure("today new", &["today/new_seen"]),
    ];
    figures.extend([
        Figure {
            label: "today time",
            json: &["today/seconds"],
            reads: |s, _| {
                let seconds = u(&s["today"]["seconds"]);
                format!("{}m {:02}s", seconds / 60, seconds % 60)
            },
        },
        Figure {
            label: "typed",
            json: &["typed"],
            reads: |s, _| {
                let t = &s["typed"];
                if u(&t["typed"]) == 0 && u(&t["practice"]) == 0 {
                    return String::new();
                }
                let share = match &t["typed_share"] {
                    Value::Null => "-".into(),
                    share => format!("{:.0}%", f(share) * 100.0),
                };
                format!(
                    "{} of {} reviews typed ({share}) · proposal overridden {} up, {} down · {}",
                    t["typed"],
                    t["reviews"],
                    t["overridden_up"],
                    t["overridden_down"],
                    plural(u(&t["practice"]), "practice grade")
                )
            },
        },
        Figure {
            label: "forecast days",
            json: &["forecast", "limit"],
            reads: |s, _| {
                let days = s["forecast"].as_array().unwrap().len();
                let limit = &s["limit"];
                let note = match (limit["max_reviews_per_day"].as_u64(), u(&limit["waiting"])) {
                    (None, _) => "no daily limit".to_string(),
                    (Some(max), 0) => format!("limit {max} reviews a day"),
                    (Some(max), 1) => format!("limit {max} reviews a day · 1 waits today"),
                    (Some(max), n) => format!("limit {max} reviews a day · {n} wait today"),
                };
                format!("Due in the next {days} days  {note}")
            },
        },
        Figure {
            label: "forecast",
            json: &["forecast"],
            reads: |s, _| {
                let counts = s["forecast"].as_array().unwrap().iter();
                counts.map(|n| n.to_string()).collect::<Vec<_>>().join(",")
            },
        },
        Figure {
            label: "streak",
            json: &["streak"],
            reads: |s, _| {
                let current = u(&s["streak"]["current"]);
                format!(
                    "streak {}, longest {}",
                    plural(current, "day"),
                    s["streak"]["longest"]
                )
            },
        },
        Figure {
            // One cell a day with reviews: every day of these collections
            // falls within the calendar's weeks.
            label: "heatmap",
            json: &["reviews_per_day"],
            reads: |s, _| {
                let days = s["reviews_per_day"].as_array().unwrap();
                assert!(
                    days.iter()
                        .all(|d| u(&d["count"]) > 0 && d["date"].is_string())
                );
                days.len().to_string()
            },
        },
        Figure {
            label: "retention last 30 days",
            json: &["retention/last_30_days"],
            reads: |s, _| rate(&s["retention"]["last_30_days"]),
        },
        Figure {
            label: "retention all time",
            json: &["retention/all_time"],
            reads: |s, _| rate(&s["retention"]["all_time"]),
        },
        Figure {
            label: "decks",
            json: &["decks"],
            reads: |s, _| {
                let decks = s["decks"].as_array().unwrap().iter().map(|d| {
                    words(&format!(
                        "{} {} {} {} {} {}",
                        plain(&d["deck"]),
                        d["cards"],
                        d["new"],
                        d["due"],
                        d["mature"],
                        rate(&d["retention"])
                    ))
                });
                decks.collect::<Vec<_>>().join("\n")
            },
        },
        Figure {
            label: "leeches",
            json: &["leeches", "leech_lapses"],
            reads: |s, _| {
                let leeches = s["leeches"].as_array().unwrap();
                if leeches.is_empty() {
                    return String::new();
                }
                let mut lines = vec![format!("Leeches ({} lapses or more)", s["leech_lapses"])];
                lines.extend(leeches.iter().map(|l| {
                    format!(
                        "#{} {} lapses {}",
                        l["id"],
                        l["lapses"],
                        plain(&l["question"])
                    )
                }));
                lines.join("\n")
            },
        },
        Figure {
            label: "hardest by",
            json: &["hardest_by"],
            reads: |s, _| match (s["hardest"].as_array().unwrap().len(), &s["hardest_by"]) {
                (0, _) => String::new(),
                (_, by) if by == "lowest_ef" => "lowest EF".into(),
                (_, by) if by == "highest_difficulty" => "highest FSRS difficulty".into(),
                (_, by) => panic!("hardest by {by}"),
            },
        },
        Figure {
            label: "hardest",
            json: &["hardest"],
            reads: |s, _| {
                let by_difficulty = s["hardest_by"] == "highest_difficulty";
                let hardest = s["hardest"].as_array().unwrap().iter().map(|h| {
                    let measure = match &h["difficulty"] {
                        d if by_difficulty && !d.is_null() => format!("D {:.2}", f(d)),
                        _ => format!("EF {:.2}", f(&h["ef"])),
                    };
                    format!("#{} {measure} {}", h["id"], plain(&h["question"]))
                });
                hardest.collect::<Vec<_>>().join("\n")
            },
        },
        Figure {
            label: "calibration needs",
            json: &[
                "calibration/sm2/status",
                "calibration/sm2/reviews",
                "calibration/sm2/more_needed",
                "calibration/sm2/wanted",
                "calibration/fsrs/status",
                "calibration/fsrs/reviews",
                "calibration/fsrs/more_needed",
                "calibration/fsrs/wanted",
            ],
            reads: |s, _| needs(s),
        },
        Figure {
            label: "calibration reviews",
            json: &[
                "calibration/sm2/status",
                "calibration/sm2/reviews",
                "calibration/fsrs/status",
                "calibration/fsrs/reviews",
            ],
            reads: |s, _| {
                let c = &s["calibration"];
                assert_eq!(c["sm2"]["reviews"], c["fsrs"]["reviews"]);
                c["sm2"]["reviews"].to_string()
            },
        },
        Figure {
            label: "calibration sm2",
            json: &[
                "calibration/sm2/log_loss",
                "calibration/sm2/rmse_bins",
                "calibration/sm2/auc",
            ],
            reads: |s, _| calibrated(&s["calibration"]["sm2"]),
        },
        Figure {
            label: "calibration fsrs",
            json: &[
                "calibration/fsrs/log_loss",
                "calibration/fsrs/rmse_bins",
                "calibration/fsrs/auc",
                "calibration/fsrs_parameters",
            ],
            reads: |s, _| {
                let c = &s["calibration"];
                format!(
                    "{}  ({} parameters)",
                    calibrated(&c["fsrs"]),
                    plain(&c["fsrs_parameters"])
                )
            },
        },
        Figure {
            label: "calibration bins",
            json: &["calibration/sm2/bins", "calibration/fsrs/bins"],
            reads: |s, _| {
                let c = &s["calibration"];
                let (sm2, fsrs) = (
                    c["sm2"]["bins"].as_array().unwrap(),
                    c["fsrs"]["bins"].as_array().unwrap(),
                );
                let cell = |b: &Value| match (&b["predicted"], &b["observed"]) {
                    (Value::Null, _) | (_, Value::Null) => "0 -".to_string(),
                    (p, o) => format!("{} {:.0}→ {:.0}%", b["count"], f(p) * 100.0, f(o) * 100.0),
                };
                let rows = sm2
                    .iter()
                    .zip(fsrs)
                    .rev()
                    .filter(|(a, b)| u(&a["count"]) > 0 || u(&b["count"]) > 0);
                let rows = rows.map(|(a, b)| {
                    assert_eq!((&a["from"], &a["to"]), (&b["from"], &b["to"]));
                    words(&format!(
                        "{:.0}-{:.0}% {} {}",
                        f(&a["from"]) * 100.0,
                        f(&a["to"]) * 100.0,
                        cell(a),
                        cell(b)
                    ))
                });
                let rows = rows.map(|r| r.replace("→ ", "→"));
                rows.collect::<Vec<_>>().join("\n")
            },
        },
        Figure {
            label: "calibration notes",
            json: &["calibration/sm2_model"],
            reads: |s, _| {
                format!(
                    "Per tenth of predicted recall: reviews, predicted → observed recall. {}. \
                     Lower log loss and RMSE(bins) are better; a higher AUC tells recalls from \
                     lapses better.",
                    plain(&s["calibration"]["sm2_model"])
                )
            },
        },
    ]);
    figures
}

/// The figures `recall report` draws and `stats` does not print.
const STATS_JSON_ONLY: [JsonOnly; 11] = [
    ("forecast_month", "the report's month ahead"),
    ("reviews_by_state", "the report's 90 days by card state"),
    ("retention_by_month", "the report's retention by month"),
    (
        "desired_retention",
        "the report's line on retention by month",
    ),
    ("states_over_time", "the report's cards by state over time"),
    ("decks/*/learning", "the report's deck progress bars"),
    ("decks/*/suspended", "the report's deck progress bars"),
    (
        "hardest/*/deck",
        "the report's file:line of each hardest card",
    ),
    (
        "hardest/*/line",
        "the report's file:line of each hardest card",
    ),
    ("leeches/*/deck", "the report's file:line of each leech"),
    ("leeches/*/line", "the report's file:line of each leech"),
];

#[test]
fn stats_prints_the_same_figures_in_both_views() {
    let figures = stats_figures();
    let mut seen = Seen::default();
    let mut check = |what: &str, cmd: &dyn Fn() -> assert_cmd::Command| {
        let mut text = cmd();
        text.arg("stats");
        let text = stats_text(&text_of(text));
        let mut with_json = cmd();
        with_json.arg("stats");
        compare(
            what,
            &text,
            &json_of(with_json),
            &figures,
            &STATS_JSON_ONLY,
            &mut seen,
        );
    };
    // Too few reviews to calibrate: it says how many more.
    let small = Env::new();
    small.write("deck.md", "# A\n\n- one\n\n# B\n\n- two\n");
    small.sync();
    small.review(id(card(&small.cards(), "A")), &[4, 5]);
    check("a small collection", &|| small.recall_at(LATER));
    let env = rich();
    check("under SM-2", &|| env.recall_at(LATER));
    check("under FSRS", &|| fsrs(&env));
    all_seen("stats", &figures, &STATS_JSON_ONLY, &seen);
}
