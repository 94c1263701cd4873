//! `recall report` through the real binary (docs/design.md §16): the page
//! is well-formed wherever it is written (a file by default, stdout with
//! `-o -`), every chart's marks are `stats --json`'s figures on the same
//! history, an empty collection says there is nothing yet, and `--open`
//! hands the file to the system's opener, or says plainly that it could
//! not while the file stays written.

use std::fs;
use std::path::Path;

use roxmltree::{Document, Node, ParsingOptions};
use serde_json::Value;

use crate::support::{Env, SuccessOutput, history, id, json};

/// Forty days after the tests' `NOW`, when the history below is behind.
const LATER: &str = "2026-04-10T09:00:00Z";

/// One card per `#` heading, each its own family.
fn headings(n: usize) -> String {
    (0..n)
        .map(|i| format!("# Card {i}\n\n- answer {i}\n\n"))
        .collect()
}

fn parse(page: &str) -> Document<'_> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(page, options)
        .unwrap_or_else(|e| panic!("the page is not well-formed: {e}"))
}

fn section<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.tag_name().name() == "section" && n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no section #{id}"))
}

fn elements<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    node.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == name)
        .collect()
}

fn has_class(node: &Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}

fn text(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

fn number(node: &Node<'_, '_>, attribute: &str) -> u64 {
    node.attribute(attribute)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no number {attribute} on {node:?}"))
}

/// Each bar of a chart: its label, and its value in each of `classes`.
fn bars(section: Node<'_, '_>, classes: &[&str]) -> Vec<(String, Vec<u64>)> {
    elements(section, "g")
        .into_iter()
        .filter(|g| has_class(g, "bar"))
        .map(|g| {
            let values = classes
                .iter()
                .map(|class| {
                    elements(g, "rect")
                        .iter()
                        .find(|r| has_class(r, class))
                        .map_or(0, |r| number(r, "data-value"))
                })
                .collect();
            (g.attribute("data-label").unwrap().to_string(), values)
        })
        .collect()
}

fn u(value: &Value) -> u64 {
    value.as_u64().unwrap_or_else(|| panic!("a count: {value}"))
}

/// `recall stats --json` and `recall report -o -`, at the same moment.
fn stats_and_page(env: &Env, now: &str, args: &[&str]) -> (Value, String) {
    let stats = json(
        &env.recall_at(now)
            .args(["stats", "--json"])
            .args(args)
            .success_stdout(),
    );
    let page = env
        .recall_at(now)
        .args(["report", "-o", "-"])
        .args(args)
        .success_stdout();
    (stats, String::from_utf8(page).expect("UTF-8"))
}

#[test]
fn every_chart_draws_the_figures_stats_computes_on_the_same_history() {
    let env = Env::new();
    env.write("deck.md", &headings(45));
    env.write("lang/rust.md", &headings(5));
    env.sync();
    history(&env, 40, 8);
    // A few reviews in the last days, so the recent charts have marks.
    let cards = env.cards();
    env.review(id(&cards[44]), &[4, 5, 3]);
    let (stats, page) = stats_and_page(&env, LATER, &[]);
    let doc = parse(&page);

    // The calendar: a cell a day, marked where `stats` counts reviews.
    let cells: Vec<(String, u64)> = elements(section(&doc, "calendar"), "rect")
        .iter()
        .filter(|r| has_class(r, "day") && number(r, "data-count") > 0)
        .map(|r| {
            (
                r.attribute("data-date").unwrap().to_string(),
                number(r, "data-count"),
            )
        })
        .collect();
    let first_cell = elements(section(&doc, "calendar"), "rect")
        .iter()
        .find(|r| has_class(r, "day"))
        .and_then(|r| r.attribute("data-date"))
        .unwrap()
        .to_string();
    let per_day: Vec<(String, u64)> = stats["reviews_per_day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["date"].as_str().unwrap().to_string(), u(&d["count"])))
        .filter(|(date, _)| *date >= first_cell)
        .collect();
    assert!(per_day.len() > 100, "a long history: {}", per_day.len());
    assert_eq!(cells, per_day);
    let streak = &stats["streak"];
    assert!(
        text(section(&doc, "calendar")).contains(&format!("longest {} day", u(&streak["longest"])))
    );

    // The last 90 days by card state.
    let expected: Vec<(String, Vec<u64>)> = stats["reviews_by_state"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                vec![u(&d["new"]), u(&d["learning"]), u(&d["mature"])],
            )
        })
        .collect();
    assert_eq!(expected.len(), 90);
    assert_eq!(
        bars(section(&doc, "reviews"), &["new", "learning", "mature"]),
        expected
    );

    // The month ahead.
    let expected: Vec<(String, Vec<u64>)> = stats["forecast_month"]["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                vec![u(&d["count"])],
            )
        })
        .collect();
    assert_eq!(expected.len(), 30);
    assert!(expected.iter().any(|(_, n)| n[0] > 0));
    assert_eq!(bars(section(&doc, "forecast"), &["due"]), expected);
    // The default daily limit, far above these days: said, not drawn.
    assert_eq!(stats["forecast_month"]["limit"], 200);
    assert!(
        text(section(&doc, "forecast"))
            .contains("The daily limit is 200 reviews; no day is over it."),
        "{}",
        text(section(&doc, "forecast"))
    );

    // Retention by month, against the desired retention.
    let months: Vec<(String, Option<String>)> = elements(section(&doc, "retention"), "g")
        .into_iter()
        .filter(|g| has_class(g, "month"))
        .map(|g| {
            let bar = elements(g, "rect")
                .first()
                .and_then(|r| r.attribute("data-rate"))
                .map(str::to_string);
            (g.attribute("data-label").unwrap().to_string(), bar)
        })
        .collect();
    let expected: Vec<(String, Option<String>)> = stats["retention_by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_string(),
                m["rate"].as_f64().map(|r| format!("{r:.4}")),
            )
        })
        .collect();
    assert!(expected.iter().filter(|m| m.1.is_some()).count() >= 3);
    assert_eq!(months, expected);
    assert_eq!(stats["desired_retention"], 0.9);

    // Cards by state over time, from the first week with a card; the last
    // point is today's cards.
    let expected: Vec<(String, Vec<u64>)> = stats["states_over_time"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["date"].as_str().unwrap().to_string(),
                vec![u(&p["new"]), u(&p["learning"]), u(&p["mature"])],
            )
        })
        .filter(|(_, v)| v.iter().sum::<u64>() > 0)
        .collect();
    assert_eq!(
        bars(section(&doc, "states"), &["new", "learning", "mature"]),
        expected
    );
    let c = &stats["cards"];
    assert_eq!(
        expected.last().unwrap().1,
        [u(&c["new"]), u(&c["learning"]), u(&c["mature"])]
    );
    assert!(u(&c["mature"]) > 0);

    // Calibration: the figures `stats` gives, to three decimals.
    let calibration = section(&doc, "calibration");
    let row = |class: &str| {
        let tr = elements(calibration, "tr")
            .into_iter()
            .find(|r| has_class(r, class))
            .unwrap_or_else(|| panic!("no row {class}"));
        elements(tr, "td").into_iter().map(text).collect::<Vec<_>>()
    };
    let figure = |scheduler: &str, name: &str| {
        format!(
            "{:.3}",
            stats["calibration"][scheduler][name].as_f64().unwrap()
        )
    };
    assert_eq!(stats["calibration"]["sm2"]["status"], "ready");
    assert_eq!(
        row("log-loss"),
        [figure("sm2", "log_loss"), figure("fsrs", "log_loss")]
    );
    assert_eq!(
        row("rmse"),
        [figure("sm2", "rmse_bins"), figure("fsrs", "rmse_bins")]
    );
    let marks = elements(calibration, "circle").len();
    let bins = stats["calibration"]["sm2"]["bins"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| u(&b["count"]) > 0)
        .count();
    assert_eq!(marks, bins);

    // Decks, and the hardest cards with the line `show` gives as source.
    let decks: Vec<(String, u64)> = elements(section(&doc, "decks"), "tr")
        .into_iter()
        .filter_map(|r| Some((r.attribute("data-deck")?.to_string(), r)))
        .map(|(deck, r)| {
            let mature = elements(r, "rect")
                .iter()
                .find(|b| has_class(b, "mature"))
                .map_or(0, |b| number(b, "data-value"));
            (deck, mature)
        })
        .collect();
    let expected: Vec<(String, u64)> = stats["decks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["deck"].as_str().unwrap().to_string(), u(&d["mature"])))
        .collect();
    assert_eq!(decks, expected);
    assert_eq!(decks.len(), 2);
    let hardest = elements(section(&doc, "hardest"), "li");
    assert_eq!(hardest.len(), stats["hardest"].as_array().unwrap().len());
    let top = &stats["hardest"][0];
    assert_eq!(
        hardest[0].attribute("data-id"),
        Some(&*u(&top["id"]).to_string())
    );
    let shown = env
        .recall_at(LATER)
        .args(["show", &u(&top["id"]).to_string()])
        .success_stdout();
    let shown = String::from_utf8(shown).unwrap();
    let source = shown
        .lines()
        .find_map(|l| l.strip_prefix("source: "))
        .expect("a source");
    assert!(
        text(hardest[0]).contains(source),
        "{source} in {}",
        text(hardest[0])
    );
}

#[test]
fn a_deck_filter_narrows_the_page_as_it_narrows_stats() {
    let env = Env::new();
    env.write("deck.md", &headings(6));
    env.write("lang/rust.md", &headings(3));
    env.sync();
    let rust: Vec<i64> = env
        .cards_with(&["--deck", "lang/*"])
        .iter()
        .map(id)
        .collect();
    env.review(rust[0], &[5, 5]);
    let (stats, page) = stats_and_page(&env, LATER, &["--deck", "lang/*"]);
    let doc = parse(&page);
    assert_eq!(u(&stats["cards"]["total"]), 3);
    let decks: Vec<&str> = elements(section(&doc, "decks"), "tr")
        .iter()
        .filter_map(|r| r.attribute("data-deck"))
        .collect();
    assert_eq!(decks, ["lang/rust"]);
    assert!(text(doc.root_element()).contains("decks matching lang/*"));
}

#[test]
fn an_empty_collection_gives_a_page_that_says_there_is_nothing_yet() {
    let env = Env::new();
    let page = env.recall().args(["report", "-o", "-"]).success_stdout();
    let page = String::from_utf8(page).unwrap();
    let doc = parse(&page);
    assert!(text(doc.root_element()).contains("Nothing to show yet"));
    for id in [
        "calendar",
        "reviews",
        "forecast",
        "retention",
        "states",
        "calibration",
        "hardest",
        "decks",
    ] {
        let s = section(&doc, id);
        assert_eq!(
            elements(s, "p")
                .iter()
                .filter(|p| has_class(p, "empty"))
                .count(),
            1,
            "#{id} says it has nothing yet"
        );
        assert!(elements(s, "svg").is_empty(), "#{id} draws nothing");
    }
}

#[test]
fn the_page_goes_to_recall_report_html_by_default_and_to_stdout_with_a_dash() {
    let env = Env::new();
    env.write("deck.md", &headings(3));
    let out = env.recall().arg("report").assert().success();
    let stdout = &out.get_output().stdout;
    assert!(stdout.is_empty(), "nothing on stdout");
    // The command runs in the test's folder, its current folder.
    let default = env.dir.path().join("recall-report.html");
    let written = fs::read_to_string(&default).expect("the page in the current folder");
    parse(&written);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        stderr.contains(&format!(
            "wrote the progress report to {}",
            default.display()
        )),
        "{stderr}"
    );

    fs::remove_file(&default).unwrap();
    let page = env.recall().args(["report", "-o", "-"]).success_stdout();
    assert!(page.starts_with(b"<!DOCTYPE html>"));
    parse(std::str::from_utf8(&page).unwrap());
    assert!(!default.exists(), "-o - writes no file");

    let named = env.dir.path().join("progress.html");
    env.recall()
        .args(["-q", "report", "-o"])
        .arg(&named)
        .assert()
        .success()
        .stderr("");
    parse(&fs::read_to_string(&named).unwrap());
}

#[test]
fn a_page_that_cannot_be_written_is_an_error_naming_the_file() {
    let env = Env::new();
    let nowhere = env.dir.path().join("no/such/folder/report.html");
    env.recall()
        .args(["report", "-o"])
        .arg(&nowhere)
        .assert()
        .failure()
        .stderr(predicates::str::contains(format!(
            "cannot write {}",
            nowhere.display()
        )));
    env.recall()
        .args(["report", "-o", "-", "--open"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--open needs a file"));
}

/// A folder holding only a fake `xdg-open` that logs its arguments to
/// `opened.txt` beside it and exits with `status`.
#[cfg(all(unix, not(target_os = "macos")))]
fn fake_opener(dir: &Path, status: u8) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    fs::create_dir_all(&bin).unwrap();
    let script = bin.join("xdg-open");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\nexit {status}\n",
            dir.join("opened.txt").display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn open_hands_the_written_page_to_the_systems_opener() {
    let env = Env::new();
    env.write("deck.md", &headings(2));
    let bin = fake_opener(env.dir.path(), 0);
    let out = env
        .recall()
        .env("PATH", &bin)
        .args(["report", "--open"])
        .assert()
        .success();
    let page = env.dir.path().join("recall-report.html");
    let opened = fs::read_to_string(env.dir.path().join("opened.txt")).expect("the opener ran");
    assert_eq!(opened.trim_end(), page.display().to_string());
    parse(&fs::read_to_string(&page).unwrap());
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.contains(&page.display().to_string()), "{stderr}");
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn a_missing_or_failing_opener_is_an_error_that_leaves_the_page_written() {
    let env = Env::new();
    env.write("deck.md", &headings(2));
    let page = env.dir.path().join("recall-report.html");
    // No opener on the path at all.
    let empty = env.dir.path().join("empty-bin");
    fs::create_dir(&empty).unwrap();
    env.recall()
        .env("PATH", &empty)
        .args(["report", "--open"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(format!(
            "cannot open the report: xdg-open is not installed; the report is written to {}",
            page.display()
        )));
    parse(&fs::read_to_string(&page).expect("written all the same"));

    fs::remove_file(&page).unwrap();
    let bin = fake_opener(env.dir.path(), 4);
    env.recall()
        .env("PATH", &bin)
        .args(["report", "--open"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(format!(
            "xdg-open could not open {} (exit status: 4)",
            page.display()
        )));
    assert!(page.exists());
}
