//! What an answer holds besides its items (docs/design.md §14.1), wherever a
//! stored card is shown, through the real binary on the fixture
//! `tests/fixtures/worth/`: review on a pseudo-terminal 60 columns wide and
//! in line mode (the lead, the items, the details; code verbatim, apart
//! from the prose; long blocks folded with a note naming `recall show`),
//! cram, code typed from memory, and the Anki and CSV exports.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::support::{Env, SuccessOutput, card, id, json, sized_terminal};

const FILES: [&str; 3] = ["dev-notes.md", "git-cheatsheet.md", "reading.md"];

/// A collection of the fixture's notes, synced.
fn worth() -> Env {
    let env = Env::new();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/worth");
    for file in FILES {
        env.write(file, &fs::read_to_string(from.join(file)).expect("fixture"));
    }
    env.sync();
    env
}

/// The id of the card asking `question`.
fn id_of(env: &Env, question: &str) -> i64 {
    id(card(&env.cards(), question))
}

/// A line-mode session of `args` on `input`: its stdout.
fn session(env: &Env, args: &[&str], input: &str) -> String {
    let out = env.recall().args(args).write_stdin(input).success_stdout();
    String::from_utf8(out).unwrap()
}

/// The long lead of `Sorting` (24 lines, two functions), folded to what 24
/// rows leave it under its question and over its items and the prompt.
fn sorting_fold(env: &Env) -> String {
    let sorting = id_of(env, "Sorting");
    format!("  … 14 more lines (recall show {sorting} shows them all)")
}

#[test]
fn on_a_terminal_60_columns_wide_code_is_verbatim_nothing_overflows_and_a_long_lead_folds() {
    use unicode_width::UnicodeWidthStr;
    let env = worth();
    let mut inner = env.command_at(crate::support::NOW);
    inner.args(["review", "--deck", "dev-notes", "--seed", "1", "--no-sync"]);
    let cmd = sized_terminal(60, 24, &inner);
    let timeout = Duration::from_secs(30).as_millis() as u64;
    let mut term = rexpect::session::spawn_command(cmd, Some(timeout)).unwrap();
    let mut screen = String::new();
    // The deck's seven new cards, revealed and graded in note order.
    for _ in 0..7 {
        screen += &(term.exp_string("[Enter] reveal").unwrap() + "[Enter] reveal");
        term.send("\r").unwrap();
        term.flush().unwrap();
        screen += &(term.exp_string("[0-5] grade").unwrap() + "[0-5] grade");
        term.send("5").unwrap();
        term.flush().unwrap();
    }
    screen += &term.exp_eof().unwrap();
    // rexpect hands over each byte as one character.
    let bytes: Vec<u8> = screen.chars().map(|c| u8::try_from(c).unwrap()).collect();
    let screen = console::strip_ansi_codes(&String::from_utf8(bytes).unwrap()).to_string();
    let lines: Vec<&str> = screen.split(['\r', '\n']).collect();
    for line in &lines {
        assert!(line.width() <= 60, "{} columns: {line:?}", line.width());
    }
    let has = |expected: &str| lines.iter().any(|l| l.trim_end() == expected);
    // Code: fenced with its language, each line as written, indentation
    // kept, never joined with another line or with the prose.
    for expected in [
        "Q: Rc<T> shares ownership on one thread  (code)",
        "  ```rust",
        "  let a = Rc::new(5);",
        "  let b = Rc::clone(&a);",
        "      // an indented comment stays indented",
        "  ```",
        "      let (left, right) = v.split_at_mut(p);",
        // A table's columns, and what answers a card without items.
        "Q: Costs of collections  (1 table)",
        "  operation         │ Vec  │ VecDeque",
        "Q: 소유권 이동  (1 paragraph)",
        // The lead's paragraph wraps under the answer, the item after it.
        "  Cross-site request forgery makes a signed-in browser send",
        "  a request its user never meant to send.",
        "  - Defences",
        &sorting_fold(&env),
    ] {
        assert!(has(expected), "{expected:?} in {lines:#?}");
    }
    assert!(!screen.contains("fn partition"), "{screen}");
    assert!(screen.contains("Reviewed 7 cards"), "{screen}");
}

#[test]
fn in_line_mode_the_answer_is_the_lead_the_items_then_the_details_folded_past_the_rows_left() {
    let env = worth();
    env.write(
        "shell.md",
        "# Shell\n\n- Loops\n  ```sh\n  for f in *.md; do\n  \twc -l \"$f\"\n  done\n  ```\n  - each file in turn\n",
    );
    env.sync();
    let out = session(
        &env,
        &["review", "--no-sync", "--deck", "dev-notes"],
        &"\n5\n".repeat(7),
    );
    for expected in [
        "Q: CSRF  (1 item)\n[Enter] reveal · s skip · u undo · e edit · q quit\nA:\n  \
         Cross-site request forgery makes a signed-in browser send a request its user\n  \
         never meant to send.\n  - Defences\n",
        "Q: Rc<T> shares ownership on one thread  (code)\n\
         [Enter] reveal · s skip · u undo · e edit · q quit\nA:\n  ```rust\n  \
         let a = Rc::new(5);\n  let b = Rc::clone(&a);\n      \
         // an indented comment stays indented\n  ```\n0 blackout",
        "A:\n  값을 함수에 넘기면 소유권도 넘어간다. Copy 타입은 복사된다.\n0 blackout",
    ] {
        assert!(out.contains(expected), "{expected:?} in\n{out}");
    }
    // The long lead: its first lines, the note, then the items.
    let fold = format!(
        "  quicksort(&mut right[1..]);\n  }}\n{}\n  - average O(n log n), worst O(n²)\n",
        sorting_fold(&env)
    );
    assert!(out.contains(&fold), "{fold:?} in\n{out}");
    // `recall show` is where the rest is: the whole lead, never folded.
    let shown = env
        .recall()
        .args(["show", &id_of(&env, "Sorting").to_string()])
        .success_stdout();
    let shown = String::from_utf8(shown).unwrap();
    assert!(
        shown.contains("  fn partition<T: Ord>(v: &mut [T]) -> usize {\n"),
        "{shown}"
    );
    assert!(!shown.contains("more lines"), "{shown}");
    // Details come after the items, a tab in code as four spaces.
    // (`Shell` first, its one item `Loops`; then the card `Loops`.)
    let loops = session(
        &env,
        &["review", "--no-sync", "--deck", "shell"],
        "\n5\n\n5\n",
    );
    assert!(
        loops.contains(
            "Q: Loops  (1 item)\n[Enter] reveal · s skip · u undo · e edit · q quit\nA:\n  \
             - each file in turn\n  ```sh\n  for f in *.md; do\n      wc -l \"$f\"\n  done\n  ```\n"
        ),
        "{loops}"
    );
}

#[test]
fn cram_shows_an_answer_of_code_as_review_does() {
    let env = worth();
    let out = session(
        &env,
        &["cram", "--deck", "git-cheatsheet", "--limit", "5"],
        &"\n5\n".repeat(5),
    );
    for expected in [
        "Q: Undo the last commit but keep its changes staged:  (code)\n\
         [Enter] reveal · s skip · u undo · e edit · q quit\nA:\n  ```\n  \
         git reset --soft HEAD~1\n  ```\n",
        "A:\n  ```sh\n  git log -p -- {{path/to/file}}\n  ```\n",
        "Q: git  (5 items)\n[Enter] reveal · s skip · u undo · e edit · q quit\nA:\n  \
         │ A distributed version control system. Every clone holds the whole history.\n  \
         - Undo the last commit but keep its changes staged:\n",
    ] {
        assert!(out.contains(expected), "{expected:?} in\n{out}");
    }
    assert!(out.contains("Practised 5 cards"), "{out}");
}

#[test]
fn a_command_typed_from_memory_forgives_spacing_but_not_another_flag() {
    let env = worth();
    // The deck's cards in note order: `git` (five items, typed as a
    // list), then its four commands.
    let out = session(
        &env,
        &["review", "--no-sync", "--type", "--deck", "git-cheatsheet"],
        "\n\n\
         git   reset --soft\tHEAD~1\n\n\
         git show {{commit}}\n\n\
         `git log -p -- {{path/to/file}}`\n\n\
         git remote -V\n\n",
    );
    for expected in [
        "Q: Undo the last commit but keep its changes staged:  (code)\n\
         type the code on one line (spacing does not count), then Enter\nA:\n  ```\n  \
         git reset --soft HEAD~1\n  ```\nproposed grade: 5 (perfect)\n",
        "A:\n  ```\n  git show {{commit}}:{{path/to/file}}\n  ```\n  \
         {{commit}}:{{path/to/file}}: typed {{commit}}\nproposed grade: 1",
        "A:\n  ```sh\n  git log -p -- {{path/to/file}}\n  ```\nproposed grade: 5",
        "A:\n  ```\n  git remote -v\n  ```\n  -v: typed -V\nproposed grade: 1",
    ] {
        assert!(out.contains(expected), "{expected:?} in\n{out}");
    }
    // Each proposal is kept with the grade it became.
    for (question, proposed) in [
        ("Undo the last commit but keep its changes staged:", 5),
        ("Show a file as it was at a commit:", 1),
        ("List the commits that touched a file, with their diffs:", 5),
        ("원격 저장소 목록 보기:", 1),
    ] {
        let shown = json(
            &env.recall()
                .args(["show", &id_of(&env, question).to_string(), "--json"])
                .success_stdout(),
        );
        let history = shown["history"].as_array().unwrap();
        assert_eq!(history.len(), 1, "{question}: {history:?}");
        assert_eq!(history[0]["proposed"], proposed, "{question}");
        assert_eq!(history[0]["grade"], proposed, "{question}");
    }
}

#[test]
fn on_a_terminal_a_typed_command_shows_the_code_then_the_word_at_fault() {
    use unicode_width::UnicodeWidthStr;
    let env = worth();
    let mut inner = env.command_at(crate::support::NOW);
    inner.args([
        "review",
        "--type",
        "--no-sync",
        "--deck",
        "git-cheatsheet",
        "--limit",
        "2",
    ]);
    let cmd = sized_terminal(60, 24, &inner);
    let timeout = Duration::from_secs(30).as_millis() as u64;
    let mut term = rexpect::session::spawn_command(cmd, Some(timeout)).unwrap();
    // `git` first: nothing typed, graded 5 over its proposal so that it
    // does not come back.
    let mut screen = term.exp_string("an empty line ends").unwrap();
    term.send("\r").unwrap();
    term.flush().unwrap();
    screen += &term.exp_string("[Enter] accept 0").unwrap();
    term.send("5").unwrap();
    term.flush().unwrap();
    screen += &term.exp_string("spacing does not count").unwrap();
    term.send("git  reset --hard HEAD~1\r").unwrap();
    term.flush().unwrap();
    screen += &term.exp_string("[Enter] accept 1").unwrap();
    term.send("5").unwrap();
    term.flush().unwrap();
    screen += &term.exp_eof().unwrap();
    let bytes: Vec<u8> = screen.chars().map(|c| u8::try_from(c).unwrap()).collect();
    let screen = console::strip_ansi_codes(&String::from_utf8(bytes).unwrap()).to_string();
    let lines: Vec<&str> = screen
        .split(['\r', '\n'])
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect();
    for line in &lines {
        assert!(line.width() <= 60, "{} columns: {line:?}", line.width());
    }
    let at = (0..lines.len() - 1)
        .find(|&k| lines[k] == "A:" && lines[k + 1] == "  ```")
        .unwrap_or_else(|| panic!("the typed command's answer in {lines:#?}"));
    assert_eq!(
        lines[at..at + 6],
        [
            "A:",
            "  ```",
            "  git reset --soft HEAD~1",
            "  ```",
            "  --soft: typed --hard",
            "proposed grade: 1 (wrong, but familiar once seen)"
        ]
    );
    let undo = id_of(&env, "Undo the last commit but keep its changes staged:");
    let shown = json(
        &env.recall()
            .args(["show", &undo.to_string(), "--json"])
            .success_stdout(),
    );
    assert_eq!(shown["history"][0]["proposed"], 1);
    assert_eq!(shown["history"][0]["grade"], 5);
    // A list's outcomes keep their column when a long item wraps.
    assert!(
        lines.contains(&"  missed   List the commits that touched a file, with their"),
        "{lines:#?}"
    );
    assert!(lines.contains(&"           diffs:"), "{lines:#?}");
}

/// The records of an Anki export, each split into its four fields, a
/// quoted field unquoted.
fn anki_records(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|line| {
            line.split('\t')
                .map(
                    |f| match f.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
                        Some(inner) => inner.replace("\"\"", "\""),
                        None => f.to_string(),
                    },
                )
                .collect()
        })
        .collect()
}

#[test]
fn the_anki_export_holds_the_whole_answer_as_escaped_html_code_in_pre_and_code() {
    let env = worth();
    env.write(
        "html.md",
        "# Markup\n\n<b>not</b> markup: <script>alert(1)</script>\n\n- tags\n  - `<br>` breaks\n\n  \
         Raw <img src=x onerror=alert(1)> stays text.\n",
    );
    env.sync();
    let text = String::from_utf8(
        env.recall()
            .args(["export", "--format", "anki"])
            .success_stdout(),
    )
    .unwrap();
    let records = anki_records(&text);
    assert_eq!(records.len(), env.cards().len());
    for record in &records {
        assert_eq!(record.len(), 4, "one line, four fields: {record:?}");
    }
    // The back of the card asking `front` (after its breadcrumb, if any).
    let back = |front: &str| -> String {
        records
            .iter()
            .find(|r| r[0] == front || r[0].ends_with(&format!("</small><br>{front}")))
            .unwrap_or_else(|| panic!("no record asks {front:?}"))[1]
            .clone()
    };
    assert_eq!(
        back("Undo the last commit but keep its changes staged:"),
        "<pre><code>git reset --soft HEAD~1</code></pre>"
    );
    assert_eq!(
        back("<code>Rc&lt;T&gt;</code> shares ownership on one thread"),
        "<pre><code class=\"language-rust\">let a = Rc::new(5);<br>let b = Rc::clone(&amp;a);<br>    \
         // an indented comment stays indented</code></pre>"
    );
    assert!(
        back("git").starts_with(
            "<blockquote><p>A distributed version control system. Every clone holds the whole \
             history.</p></blockquote><ul><li>Undo the last commit"
        ),
        "{}",
        back("git")
    );
    let table = back("Costs of collections");
    assert!(
        table.starts_with("<table><thead><tr><th>operation</th>"),
        "{table}"
    );
    // Items, then details; whatever HTML the notes hold arrives as text.
    assert_eq!(
        back("Markup"),
        "<p>&lt;b&gt;not&lt;/b&gt; markup: &lt;script&gt;alert(1)&lt;/script&gt;</p><ul><li>tags</li></ul>"
    );
    assert_eq!(
        back("tags"),
        "<ul><li><code>&lt;br&gt;</code> breaks</li></ul><p>Raw &lt;img src=x \
         onerror=alert(1)&gt; stays text.</p>"
    );
    assert!(
        !text.contains("<script") && !text.contains("<img"),
        "{text}"
    );
}

/// The fields of one CSV record starting at `text`, and the rest after it
/// (RFC 4180: a quoted field may hold commas, quotes doubled, line ends).
fn csv_record(text: &str) -> (Vec<String>, &str) {
    let mut fields = vec![String::new()];
    let mut chars = text.char_indices().peekable();
    let mut quoted = false;
    while let Some((at, c)) = chars.next() {
        match (c, quoted) {
            ('"', false) => quoted = true,
            ('"', true) if chars.peek().map(|(_, c)| *c) == Some('"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', true) => quoted = false,
            (',', false) => fields.push(String::new()),
            ('\n', false) => return (fields, &text[at + 1..]),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    (fields, "")
}

#[test]
fn the_csv_export_ends_each_row_with_the_lead_and_details_in_plain_text() {
    let env = worth();
    let text = String::from_utf8(
        env.recall()
            .args(["export", "--format", "csv"])
            .success_stdout(),
    )
    .unwrap();
    let mut rows = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let (fields, after) = csv_record(rest);
        rows.push(fields);
        rest = after;
    }
    assert_eq!(
        rows[0],
        [
            "id",
            "deck",
            "kind",
            "context",
            "question",
            "answer",
            "state",
            "ef",
            "interval",
            "repetitions",
            "lapses",
            "due",
            "last_review",
            "reviews",
            "lead",
            "details"
        ]
    );
    assert_eq!(rows.len(), 1 + env.cards().len());
    let row = |question: &str| -> &Vec<String> {
        rows.iter()
            .find(|r| r[4] == question)
            .unwrap_or_else(|| panic!("no row asks {question:?}"))
    };
    for r in &rows {
        assert_eq!(r.len(), 16, "{r:?}");
    }
    // Code as written, indentation and line ends kept.
    let rc = row("Rc<T> shares ownership on one thread");
    assert_eq!(
        rc[15],
        "let a = Rc::new(5);\nlet b = Rc::clone(&a);\n    // an indented comment stays indented"
    );
    assert_eq!(rc[14], "");
    // Plain text: marks gone, a table's cells apart by ` | `.
    assert_eq!(
        row("소유권 이동")[15],
        "값을 함수에 넘기면 소유권도 넘어간다. Copy 타입은 복사된다."
    );
    assert_eq!(
        row("Costs of collections")[15],
        "operation | Vec | VecDeque\npush at the back | O(1) | O(1)\npush at the front | O(n) | O(1)"
    );
    let git = row("git");
    assert_eq!(
        git[14],
        "A distributed version control system. Every clone holds the whole history."
    );
    assert_eq!(git[5].lines().count(), 5);
}
