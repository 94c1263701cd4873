//! `recall stats` against histories built by real scripted review sessions
//! over several days: the JSON figures match what the sessions did, and the
//! terminal layout stays within 80 columns without colour when piped.

use crate::support::collection as review_support;

use review_support::{Collection, SuccessOutput, grades, headings, morning};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

fn stats(c: &Collection, now: &str, args: &[&str]) -> Value {
    let out = c
        .recall(now)
        .args(["stats", "--json"])
        .args(args)
        .success_stdout();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn an_empty_collection_has_zero_figures_and_null_rates() {
    let c = Collection::new("");
    let s = stats(&c, &morning(0), &[]);
    assert_eq!(s["cards"]["total"], 0);
    assert_eq!(s["today"]["due"], 0);
    assert_eq!(s["forecast"].as_array().unwrap().len(), 14);
    assert_eq!(s["reviews_per_day"].as_array().unwrap().len(), 0);
    assert_eq!(s["streak"]["current"], 0);
    assert_eq!(s["retention"]["all_time"]["rate"], Value::Null);
    assert_eq!(s["decks"].as_array().unwrap().len(), 0);
}

#[test]
fn two_days_of_sessions_show_in_states_today_forecast_and_streak() {
    let c = Collection::new(&headings(&["A", "B", "C"]));
    // Day 0: two new cards, both perfect.
    c.review(&morning(0), &["--new", "2"], &grades(&[5, 5]));
    // Day 1: both due; A perfect, B forgotten then right on its repeat.
    c.review(&morning(1), &["--new", "0"], "\n5\n\n2\n\n4\n");

    let s = stats(&c, &morning(1), &[]);
    assert_eq!(s["cards"]["new"], 1);
    assert_eq!(s["cards"]["learning"], 2);
    assert_eq!(s["cards"]["mature"], 0);
    assert_eq!(s["cards"]["total"], 3);
    assert_eq!(s["today"]["reviewed"], 2, "distinct cards graded today");
    assert_eq!(s["today"]["new_seen"], 0);
    assert_eq!(s["today"]["due"], 0);
    let per_day: Vec<(String, u64)> = s["reviews_per_day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        per_day,
        vec![("2026-03-01".to_string(), 2), ("2026-03-02".to_string(), 3)]
    );
    assert_eq!(s["streak"]["current"], 2);
    assert_eq!(s["streak"]["longest"], 2);
    // A: interval 6 from day 1; B: interval 1 after its lapse.
    let forecast: Vec<u64> = s["forecast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(forecast[1], 1);
    assert_eq!(forecast[6], 1);
    assert_eq!(forecast.iter().sum::<u64>(), 2);
    // B, with its lower EF, heads the hardest cards.
    assert_eq!(s["hardest"][0]["question"], "B");
    assert!(s["hardest"][0]["ef"].as_f64().unwrap() < 2.5);

    // The next morning, day 1's cards are due and today has no review yet.
    let s = stats(&c, &morning(2), &[]);
    assert_eq!(s["today"]["due"], 1);
    assert_eq!(s["forecast"][0], 1);
    assert_eq!(
        s["streak"]["current"], 2,
        "not broken before the day is over"
    );
    // A day later with no review: the streak is broken, the longest stays.
    let s = stats(&c, &morning(3), &[]);
    assert_eq!(s["streak"]["current"], 0);
    assert_eq!(s["streak"]["longest"], 2);
    assert_eq!(s["today"]["due"], 1, "overdue cards count as due");
}

#[test]
fn a_session_after_midnight_counts_for_the_evening_before() {
    let c = Collection::new(&headings(&["A", "B"]));
    c.review(
        &review_support::at(0, "21:00"),
        &["--new", "1"],
        &grades(&[5]),
    );
    // 01:30 the next calendar day is still day 0 (the day starts at 04:00).
    c.review(
        &review_support::at(1, "01:30"),
        &["--new", "2"],
        &grades(&[5]),
    );
    let s = stats(&c, &review_support::at(1, "01:45"), &[]);
    assert_eq!(s["reviews_per_day"].as_array().unwrap().len(), 1);
    assert_eq!(s["reviews_per_day"][0]["count"], 2);
    assert_eq!(s["today"]["new_seen"], 2);
    assert_eq!(s["streak"]["current"], 1);
}

#[test]
fn retention_counts_reviews_of_mature_cards_only() {
    let c = Collection::new(&headings(&["A"]));
    // Intervals 1, 6, 17, 48: the fifth review is the first of a mature card.
    for (day, grade) in [(0, 5), (1, 5), (7, 5), (24, 5), (72, 2)] {
        c.review(&morning(day), &[], &format!("\n{grade}\n\n5\n"));
    }
    let s = stats(&c, &morning(72), &[]);
    assert_eq!(s["retention"]["all_time"]["reviews"], 1);
    assert_eq!(s["retention"]["all_time"]["passed"], 0);
    assert_eq!(s["retention"]["all_time"]["rate"], 0.0);
    assert_eq!(s["retention"]["last_30_days"]["reviews"], 1);
    // Forty days on, the lapse is out of the 30-day window.
    let s = stats(&c, &morning(112), &[]);
    assert_eq!(s["retention"]["last_30_days"]["reviews"], 0);
    assert_eq!(s["retention"]["last_30_days"]["rate"], Value::Null);
    assert_eq!(s["decks"][0]["retention"]["reviews"], 1);
}

#[test]
fn deck_filter_narrows_every_figure() {
    let c = Collection::new(&headings(&["A", "B"]));
    std::fs::create_dir(c.notes().join("lang")).unwrap();
    std::fs::write(c.notes().join("lang/rust.md"), headings(&["Traits"])).unwrap();
    c.review(&morning(0), &[], &grades(&[5, 5, 5]));
    let all = stats(&c, &morning(0), &[]);
    assert_eq!(all["cards"]["total"], 3);
    assert_eq!(all["decks"].as_array().unwrap().len(), 2);
    let rust = stats(&c, &morning(0), &["--deck", "lang/*"]);
    assert_eq!(rust["cards"]["total"], 1);
    assert_eq!(rust["today"]["reviewed"], 1);
    assert_eq!(rust["reviews_per_day"][0]["count"], 1);
    assert_eq!(rust["decks"][0]["deck"], "lang/rust");
}

#[test]
fn the_terminal_layout_fits_80_columns_and_has_no_colour_when_piped() {
    let c = Collection::new(&headings(&[
        "아주 긴 한국어 제목: 배달 플랫폼에서 겪은 여러 번의 레거시 시스템 개편 경험기와 그 교훈",
        "B",
    ]));
    c.review(&morning(0), &[], &grades(&[5, 3, 4]));
    let out = c
        .recall(&morning(0))
        .env_remove("NO_COLOR")
        .arg("stats")
        .success_stdout();
    let text = String::from_utf8(out).unwrap();
    for heading in [
        "Cards",
        "Today",
        "Due in the next 14 days",
        "Reviews per day",
        "Retention",
        "Deck",
        "Hardest cards",
    ] {
        assert!(text.contains(heading), "missing {heading:?} in\n{text}");
    }
    assert!(!text.contains('\u{1b}'), "colour escape in piped output");
    for line in text.lines() {
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }
}

#[test]
fn suspended_cards_leave_the_forecast_and_the_due_count() {
    let c = Collection::new(&headings(&["A", "B"]));
    c.review(&morning(0), &[], &grades(&[5, 5]));
    let before = stats(&c, &morning(1), &[]);
    assert_eq!(before["today"]["due"], 2);
    let a = c.card(&morning(1), "A").id;
    c.recall(&morning(1))
        .args(["suspend", &a.to_string()])
        .assert()
        .success();
    let after = stats(&c, &morning(1), &[]);
    assert_eq!(after["today"]["due"], 1);
    assert_eq!(after["forecast"][0], 1);
    assert_eq!(after["cards"]["suspended"], 1);
}

#[test]
fn stats_deck_reads_a_glob_as_cards_deck_does() {
    let c = Collection::new(&headings(&["A"]));
    std::fs::create_dir(c.notes().join("lang")).unwrap();
    std::fs::write(c.notes().join("lang/rust.md"), headings(&["Traits"])).unwrap();
    std::fs::write(c.notes().join("lang/python.md"), headings(&["Decorators"])).unwrap();
    c.review(&morning(0), &[], &grades(&[5, 5, 5]));
    let listed = |pattern: &str| -> Vec<String> {
        let out = c
            .recall(&morning(0))
            .args(["cards", "--json", "--deck", pattern])
            .success_stdout();
        let mut decks: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["deck"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        decks.dedup();
        decks
    };
    let counted = |pattern: &str| -> Vec<String> {
        stats(&c, &morning(0), &["--deck", pattern])["decks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["deck"].as_str().unwrap().to_string())
            .collect()
    };
    // `[!r]` is "not r" to a shell glob (SQLite's GLOB would read `!` or
    // `r`); `**` spans folders.
    for (pattern, decks) in [
        ("lang/[!r]*", &["lang/python"][..]),
        ("**/rust", &["lang/rust"]),
        ("[!l]*", &["deck"]),
    ] {
        assert_eq!(listed(pattern), decks, "cards --deck {pattern}");
        assert_eq!(counted(pattern), decks, "stats --deck {pattern}");
    }
    let python = stats(&c, &morning(0), &["--deck", "lang/[!r]*"]);
    assert_eq!(python["cards"]["total"], 1);
    assert_eq!(python["today"]["reviewed"], 1);
}

#[test]
fn the_json_carries_the_months_ahead_the_last_ninety_days_and_the_states_over_time() {
    let c = Collection::new(&headings(&["A", "B", "C"]));
    // A alone, perfect on days 0, 1, 7 and 24: intervals 1, 6, 17 (still
    // learning), then past 21 days (mature). B's first grade on day 30.
    for day in [0, 1, 7, 24] {
        c.review(&morning(day), &["--new", "1"], &grades(&[5]));
    }
    c.review(&morning(30), &["--new", "1"], &grades(&[5]));
    let s = stats(&c, &morning(30), &[]);

    let points = s["states_over_time"].as_array().unwrap();
    assert_eq!(points.len(), 53, "today and each of the 52 weeks before");
    let state = |p: &Value| {
        (
            p["new"].as_u64().unwrap(),
            p["learning"].as_u64().unwrap(),
            p["mature"].as_u64().unwrap(),
        )
    };
    let today = &points[52];
    assert_eq!(today["date"], "2026-03-31");
    assert_eq!(state(today), (1, 1, 1));
    assert_eq!(
        state(today),
        (
            s["cards"]["new"].as_u64().unwrap(),
            s["cards"]["learning"].as_u64().unwrap(),
            s["cards"]["mature"].as_u64().unwrap()
        )
    );
    assert_eq!(points[51]["date"], "2026-03-24");
    assert_eq!(state(&points[51]), (2, 1, 0), "A was learning a week ago");
    assert_eq!(state(&points[47]), (0, 0, 0), "before the cards were added");

    let days = s["reviews_by_state"].as_array().unwrap();
    assert_eq!(days.len(), 90);
    let day = |date: &str| days.iter().find(|d| d["date"] == date).map(state).unwrap();
    assert_eq!(day("2026-03-01"), (1, 0, 0), "A's first grade");
    assert_eq!(day("2026-03-25"), (0, 1, 0), "A at 17 days is learning");
    assert_eq!(day("2026-03-31"), (1, 0, 0), "B's first grade");

    let ahead = s["forecast_month"]["days"].as_array().unwrap();
    assert_eq!(ahead.len(), 30);
    assert_eq!(ahead[1]["date"], "2026-04-01");
    assert_eq!(ahead[1]["count"], 1, "B is due tomorrow");
    assert_eq!(s["forecast_month"]["limit"], 200, "the default daily limit");
    assert_eq!(s["forecast"][1], 1, "the fortnight's forecast stays");

    assert_eq!(s["retention_by_month"].as_array().unwrap().len(), 12);
    assert_eq!(s["retention_by_month"][11]["month"], "2026-03");
    assert_eq!(s["desired_retention"], 0.9);
    assert_eq!(s["hardest"][0]["deck"], "deck");
    assert!(s["hardest"][0]["line"].as_u64().unwrap() > 0);
}
