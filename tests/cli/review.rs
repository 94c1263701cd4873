//! `recall review` end to end (docs/design.md §4 and §5): SM-2 across simulated
//! days, the in-session repeat, undo/skip/quit, the new-card quota, siblings,
//! the queue's order, the line protocol's edge cases, and one run of the
//! interactive front-end under a pseudo-terminal.

use crate::support::collection as review_support;

use std::time::Duration;

use crate::support::sized_terminal;
use predicates::str::contains;
use review_support::{Collection, Review, at, date, grades, headings, morning, recall_command};

/// One day of an SM-2 walk: the first grade of the day, the in-session
/// repeats it calls for, and the schedule expected afterwards.
struct Step {
    grade: u8,
    repeats: &'static [u8],
    interval: u32,
    /// In hundredths.
    ef: u32,
    repetitions: u32,
    lapses: u32,
}

const fn step(grade: u8, repeats: &'static [u8], interval: u32, ef: u32, reps: u32) -> Step {
    Step {
        grade,
        repeats,
        interval,
        ef,
        repetitions: reps,
        lapses: 0,
    }
}

/// Reviews a single card on each due day in turn and checks its schedule
/// after every session, then its whole review log.
fn walk(steps: &[Step]) {
    let c = Collection::new(&headings(&["Only"]));
    let mut day = 0;
    let mut log = Vec::new();
    let mut id = None;
    for (n, s) in steps.iter().enumerate() {
        let mut given = vec![s.grade];
        given.extend_from_slice(s.repeats);
        let session = c.review(&morning(day), &[], &grades(&given));
        assert_eq!(
            session.questions().len(),
            given.len(),
            "day {day}: asked once per grade and no more\n{}",
            session.stdout
        );
        let card = c.card(&morning(day), "Only");
        assert_eq!(
            (
                card.interval,
                card.ef100(),
                card.repetitions,
                card.lapses,
                card.due.as_deref(),
            ),
            (
                s.interval,
                s.ef,
                s.repetitions,
                s.lapses,
                Some(date(day + u64::from(s.interval)).to_string().as_str()),
            ),
            "after step {} (grade {} on day {day})",
            n + 1,
            s.grade
        );
        for (k, &grade) in given.iter().enumerate() {
            log.push(Review {
                day: date(day).to_string(),
                grade,
                counted: k == 0,
            });
        }
        assert_eq!(card.reviews as usize, log.len());
        id = Some(card.id);
        day += u64::from(s.interval);
    }
    assert_eq!(c.history(&morning(day), id.unwrap()), log);
}

#[test]
fn five_perfect_grades_give_intervals_1_6_17_48_140_and_ef_3() {
    walk(&[
        step(5, &[], 1, 260, 1),
        step(5, &[], 6, 270, 2),
        step(5, &[], 17, 280, 3),
        step(5, &[], 48, 290, 4),
        step(5, &[], 140, 300, 5),
    ]);
}

#[test]
fn six_grades_of_3_give_intervals_1_6_14_30_59_107_and_ef_1_66_and_repeats_change_nothing() {
    // A 3 brings the card back in the session until it scores 4 or more
    // (a second 3 on the first day too); only the day's first grade counts.
    walk(&[
        step(3, &[3, 4], 1, 236, 1),
        step(3, &[4], 6, 222, 2),
        step(3, &[5], 14, 208, 3),
        step(3, &[4], 30, 194, 4),
        step(3, &[4], 59, 180, 5),
        step(3, &[4], 107, 166, 6),
    ]);
}

#[test]
fn failing_resets_the_interval_and_is_a_lapse_only_once_the_card_was_learned() {
    let lapse = |mut s: Step, lapses| {
        s.lapses = lapses;
        s
    };
    walk(&[
        // 0, 0, 5, 5, 5: EF 1.7, then the 1.3 floor, then up by 0.1 a day.
        step(0, &[4], 1, 170, 0),
        step(0, &[4], 1, 130, 0),
        step(5, &[], 1, 140, 1),
        step(5, &[], 6, 150, 2),
        // ceil(6 × 1.5) is 9, exactly.
        step(5, &[], 9, 160, 3),
        // A learned card fails: a lapse.
        lapse(step(2, &[5], 1, 130, 0), 1),
        lapse(step(4, &[], 1, 130, 1), 1),
        // One repetition is enough to lapse again; the repeat 1 changes nothing.
        lapse(step(1, &[1, 4], 1, 130, 0), 2),
    ]);
}

#[test]
fn a_review_before_4am_counts_for_the_day_before() {
    let c = Collection::new(&headings(&["Only"]));
    // 03:30 on day 1 is still day 0: the card is due on day 1.
    c.review(&at(1, "03:30"), &[], &grades(&[5]));
    let card = c.card(&at(1, "03:30"), "Only");
    assert_eq!(card.due.as_deref(), Some(date(1).to_string().as_str()));
    assert_eq!(
        c.history(&at(1, "03:30"), card.id)[0].day,
        date(0).to_string()
    );

    // At 03:45 it is not due yet, unless the day starts at 03:00.
    let later = c.review(&at(1, "03:45"), &[], "");
    assert!(later.stdout.starts_with("Nothing to review now."));
    let early = c.review(&at(1, "03:45"), &["--day-starts-at", "3"], &grades(&[5]));
    assert_eq!(early.questions(), ["Only"]);
    let card = c.card(&at(1, "03:45"), "Only");
    assert_eq!((card.interval, card.repetitions), (6, 2));
    assert_eq!(card.due.as_deref(), Some(date(7).to_string().as_str()));
    let history = c.history(&at(1, "03:45"), card.id);
    assert_eq!(history[1].day, date(1).to_string());
    assert!(history[1].counted);
}

#[test]
fn a_card_graded_below_4_comes_back_in_the_session_without_changing_its_schedule() {
    let c = Collection::new(&headings(&["A", "B", "C"]));
    let session = c.review(&morning(0), &[], &grades(&[1, 5, 5, 4]));
    assert_eq!(session.questions(), ["A", "B", "C", "A"]);
    assert!(
        session
            .stdout
            .contains("Reviewed 3 cards, 2 of them (67%) graded 3 or more on first try"),
        "{}",
        session.stdout
    );
    let a = c.card(&morning(0), "A");
    // The schedule is the 1's alone: EF 2.5 - 0.54, interval 1, no repetition.
    assert_eq!(
        (a.interval, a.ef100(), a.repetitions, a.lapses, a.reviews),
        (1, 196, 0, 0, 2)
    );
    let history = c.history(&morning(0), a.id);
    assert_eq!(
        history
            .iter()
            .map(|r| (r.grade, r.counted))
            .collect::<Vec<_>>(),
        [(1, true), (4, false)]
    );
}

#[test]
fn undo_takes_the_grade_out_of_the_log_restores_the_schedule_and_asks_again() {
    let c = Collection::new(&headings(&["A", "B"]));
    c.review(&morning(0), &["--new", "1"], &grades(&[5]));
    // Day 1: A is due, B is new. A gets a 3 (and would come back after B);
    // `u` at B's question takes it back and asks A again.
    let session = c.review(&morning(1), &[], "\n3\nu\n\n5\n\n5\n");
    assert_eq!(session.questions(), ["A", "B", "A", "B"]);
    assert!(session.stdout.contains("undone: the last grade of card"));
    let a = c.card(&morning(1), "A");
    // As if the 3 had never been given: 5 then 5.
    assert_eq!(
        (a.interval, a.ef100(), a.repetitions, a.reviews),
        (6, 270, 2, 2)
    );
    let history = c.history(&morning(1), a.id);
    assert_eq!(
        history
            .iter()
            .map(|r| (r.grade, r.counted))
            .collect::<Vec<_>>(),
        [(5, true), (5, true)]
    );
}

#[test]
fn undo_after_a_skip_takes_back_only_the_repeat_and_loses_no_card() {
    let names = ["A", "B", "C", "D", "E", "F", "G"];
    let c = Collection::new(&headings(&names));
    // A fails and is put back behind five cards; B is skipped; the undo at
    // C's question must take A's repeat out of the queue, not G.
    let input = format!("\n2\ns\nu\n{}", grades(&[5; 6]));
    let session = c.review(&morning(0), &[], &input);
    assert_eq!(
        session.questions(),
        ["A", "B", "C", "A", "C", "D", "E", "F", "G"]
    );
    for card in c.cards(&morning(0)) {
        let expected = if card.question == "B" { 0 } else { 1 };
        assert_eq!(card.reviews, expected, "card {}", card.question);
    }
}

#[test]
fn skip_leaves_the_card_ungraded_and_the_session_goes_on() {
    let c = Collection::new(&headings(&["A", "B"]));
    let session = c.review(&morning(0), &[], "s\n\n5\n");
    assert_eq!(session.questions(), ["A", "B"]);
    assert!(session.stdout.contains("Reviewed 1 card, "));
    assert!(session.stdout.contains(", 1 skipped in "));
    let a = c.card(&morning(0), "A");
    assert_eq!((a.state.as_str(), a.reviews), ("new", 0));
    assert_eq!(c.card(&morning(0), "B").repetitions, 1);
}

#[test]
fn quit_ends_the_session_and_keeps_the_grades_given() {
    let c = Collection::new(&headings(&["A", "B", "C"]));
    let session = c.review(&morning(0), &[], "\n5\n\nq\n\n5\n");
    assert_eq!(session.questions(), ["A", "B"]);
    assert!(session.stdout.contains("Reviewed 1 card, "));
    let reviews: Vec<u32> = c.cards(&morning(0)).iter().map(|c| c.reviews).collect();
    assert_eq!(reviews, [1, 0, 0]);
}

#[test]
fn end_of_input_ends_the_session_cleanly_keeping_every_grade() {
    let c = Collection::new(&headings(&["A", "B", "C"]));
    // The input ends with C's answer showing.
    let session = c.review(&morning(0), &[], "\n5\n\n4\n\n");
    assert_eq!(session.questions(), ["A", "B", "C"]);
    assert!(session.stdout.contains("Reviewed 2 cards, "));
    let cards = c.cards(&morning(0));
    let got: Vec<(u32, u32)> = cards.iter().map(|c| (c.reviews, c.ef100())).collect();
    assert_eq!(got, [(1, 260), (1, 250), (0, 250)]);
    assert_eq!(cards[2].state, "new");
}

#[test]
fn garbage_and_a_grade_before_the_reveal_are_refused_and_asked_again() {
    let c = Collection::new(&headings(&["A"]));
    let session = c.review(&morning(0), &[], "5\nx\n\n\n7\n5\n");
    let out = &session.stdout;
    assert!(
        out.contains("reveal the answer first (Enter), then grade it"),
        "{out}"
    );
    assert!(out.contains("\"x\" is not an answer here"), "{out}");
    assert!(out.contains("grade the answer first: 0-5"), "{out}");
    assert!(out.contains("\"7\" is not an answer here"), "{out}");
    assert_eq!(session.questions(), ["A"]);
    let a = c.card(&morning(0), "A");
    assert_eq!((a.reviews, a.repetitions, a.ef100()), (1, 1, 260));
}

#[test]
fn the_new_card_quota_counts_new_cards_already_seen_today() {
    let c = Collection::new(&headings(&["A", "B", "C", "D", "E"]));
    let all = grades(&[5; 5]);
    // One new card answered, then quit at the second.
    let first = c.review(&morning(0), &["--new", "2"], "\n5\nq\n");
    assert_eq!(first.questions(), ["A", "B"]);
    let second = c.review(&morning(0), &["--new", "2"], &all);
    assert_eq!(second.questions(), ["B"]);
    let third = c.review(&morning(0), &["--new", "2"], &all);
    assert!(third.stdout.starts_with("Nothing to review now."));
    assert!(
        third
            .stdout
            .contains("Next card due 2026-03-02 (in 1 day).")
    );
    // Next day: the two due cards, then two more new ones.
    let next = c.review(&morning(1), &["--new", "2"], &all);
    let mut asked = next.questions();
    asked[..2].sort();
    assert_eq!(asked, ["A", "B", "C", "D"]);
}

#[test]
fn limit_caps_the_session() {
    let c = Collection::new(&headings(&["A", "B", "C", "D"]));
    let all = grades(&[5; 4]);
    assert_eq!(
        c.review(&morning(0), &["--limit", "2"], &all).questions(),
        ["A", "B"]
    );
    assert_eq!(
        c.review(&morning(0), &["--limit", "1"], &all).questions(),
        ["C"]
    );
}

#[test]
fn siblings_are_asked_one_per_day() {
    // `H` lists two items, each with a bold phrase: a list card and two
    // clozes of one family. `Other` is a family of its own.
    let c = Collection::new(
        "# H\n\n- **alpha** comes first of all\n- **beta** comes second of all\n\n# Other\n\n- x\n",
    );
    let reviews = |day| -> Vec<(String, u32)> {
        c.cards(&morning(day))
            .into_iter()
            .map(|c| (c.question, c.reviews))
            .collect()
    };
    let all = grades(&[5; 4]);
    let day0 = c.review(&morning(0), &[], &all);
    assert_eq!(day0.questions(), ["H", "Other"]);
    assert!(
        c.review(&morning(0), &[], &all)
            .stdout
            .starts_with("Nothing to review now.")
    );
    // Day 1: H is due, so its clozes wait.
    let mut day1 = c.review(&morning(1), &[], &all).questions();
    day1.sort();
    assert_eq!(day1, ["H", "Other"]);
    // Day 2: H and Other are not due; one cloze comes, the other waits.
    assert_eq!(c.review(&morning(2), &[], &all).questions().len(), 1);
    assert_eq!(
        reviews(2),
        [
            ("H".to_string(), 2),
            ("[…] comes first of all".to_string(), 1),
            ("[…] comes second of all".to_string(), 0),
            ("Other".to_string(), 2),
        ]
    );
}

#[test]
fn an_empty_queue_says_so_and_exits_0() {
    let nothing = Collection::new("# Prose only\n\nNo lists, no cards.\n");
    let session = nothing.review(&morning(0), &[], "");
    assert_eq!(
        session.stdout.trim_end(),
        "Nothing to review now. No cards to review yet: add headings with bullet lists to your notes."
    );

    let c = Collection::new(&headings(&["A"]));
    c.review(&morning(0), &[], &grades(&[5]));
    let done = c.review(&morning(0), &[], "");
    assert_eq!(
        done.stdout.trim_end(),
        "Nothing to review now. Next card due 2026-03-02 (in 1 day)."
    );
}

#[test]
fn a_malformed_recall_now_is_refused_naming_the_value() {
    let c = Collection::new(&headings(&["A"]));
    c.recall("yesterday at noon")
        .arg("review")
        .write_stdin("\n5\n")
        .assert()
        .failure()
        .stderr(contains("RECALL_NOW=\"yesterday at noon\""));
}

#[test]
fn due_cards_come_before_new_ones_most_overdue_first() {
    let c = Collection::new(&headings(&["A", "B", "C", "D"]));
    // Day 0: skip A, learn B (due day 1). Day 1: skip B, learn A (due day 2).
    let day0 = c.review(&morning(0), &["--new", "2"], "s\n\n5\n");
    assert_eq!(day0.questions(), ["A", "B"]);
    let day1 = c.review(&morning(1), &["--new", "1"], "s\n\n5\n");
    assert_eq!(day1.questions(), ["B", "A"]);
    // Day 4: B (3 days overdue), A (2 days), then the new cards in note order.
    let day4 = c.review(&morning(4), &[], &grades(&[5; 4]));
    assert_eq!(day4.questions(), ["B", "A", "C", "D"]);
}

#[test]
fn the_terminal_front_end_reveals_with_enter_and_grades_with_one_key() {
    let c = Collection::new(&headings(&["A"]));
    let mut cmd = recall_command(c.dir(), &morning(0));
    cmd.current_dir(c.notes())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .arg("--notes")
        .arg(c.notes())
        .arg("--db")
        .arg(c.db())
        .args(["review", "--seed", "1"]);
    let timeout = Duration::from_secs(10).as_millis() as u64;
    let mut term = rexpect::session::spawn_command(cmd, Some(timeout)).unwrap();
    term.exp_string("Q: A").unwrap();
    term.exp_string("[Enter] reveal").unwrap();
    term.send("\r").unwrap();
    term.flush().unwrap();
    term.exp_string("answer of A").unwrap();
    term.exp_string("[0-5] grade").unwrap();
    // A digit grades at once, no Enter.
    term.send("4").unwrap();
    term.flush().unwrap();
    term.exp_string("Reviewed 1 card").unwrap();
    term.exp_eof().unwrap();

    let a = c.card(&morning(0), "A");
    assert_eq!((a.reviews, a.repetitions, a.interval), (1, 1, 1));
    let history = c.history(&morning(0), a.id);
    assert_eq!(history.iter().map(|r| r.grade).collect::<Vec<_>>(), [4]);
}

#[test]
fn limit_counts_the_cards_shown_not_the_siblings_left_out() {
    // `H` and its two clozes are one family; A, B and C are their own.
    let c = Collection::new(&format!(
        "# H\n\n- **alpha** comes first of all\n- **beta** comes second of all\n\n{}",
        headings(&["A", "B", "C"])
    ));
    let one = |day, expected: &[&str]| {
        let asked = c.review(&morning(day), &["--limit", "1"], &grades(&[5]));
        assert_eq!(asked.questions(), expected, "day {day}");
    };
    // H is learnt on days 0 and 1 (due day 7), its first cloze on days 2
    // and 3 (due day 9).
    one(0, &["H"]);
    one(1, &["H"]);
    one(2, &["[…] comes first of all"]);
    one(3, &["[…] comes first of all"]);
    // Day 9: H and its cloze are due together, the other cloze is new; H is
    // asked, its siblings wait, and three cards are still shown.
    let day9 = c.review(&morning(9), &["--limit", "3"], &grades(&[5; 5]));
    assert_eq!(day9.questions(), ["H", "A", "B"]);
    assert!(day9.stdout.contains("Reviewed 3 cards"), "{}", day9.stdout);
    assert!(day9.stdout.contains("· 3 left ──"), "{}", day9.stdout);
}

#[test]
fn on_a_narrow_terminal_the_card_the_grade_legend_and_the_summary_fit_its_width() {
    use unicode_width::UnicodeWidthStr;
    let c = Collection::new(&headings(&[
        "레거시 시스템 개편의 기술 - 배달 플랫폼에서 겪은 N번의 개편 경험기",
    ]));
    // Synced beforehand: this test is about the session's own lines.
    c.recall(&morning(0)).arg("sync").assert().success();
    let mut inner = c.command(&morning(0));
    inner.args(["review", "--seed", "1", "--no-sync"]);
    let cmd = sized_terminal(40, 30, &inner);
    let timeout = Duration::from_secs(30).as_millis() as u64;
    let mut term = rexpect::session::spawn_command(cmd, Some(timeout)).unwrap();
    let mut screen = term.exp_string("reveal").unwrap() + "reveal";
    term.send("\r").unwrap();
    term.flush().unwrap();
    screen += &(term.exp_string("5 perfect").unwrap() + "5 perfect");
    term.send("5").unwrap();
    term.flush().unwrap();
    screen += &term.exp_eof().unwrap();
    // rexpect hands over each byte as one character.
    let bytes: Vec<u8> = screen.chars().map(|c| u8::try_from(c).unwrap()).collect();
    let screen = String::from_utf8(bytes).unwrap();
    let screen = console::strip_ansi_codes(&screen);
    let lines: Vec<&str> = screen.split(['\r', '\n']).collect();
    for line in &lines {
        assert!(line.width() <= 40, "{} columns: {line:?}", line.width());
    }
    for expected in [
        "Q: 레거시 시스템 개편의 기술 - 배달",
        "   플랫폼에서 겪은 N번의 개편 경험기",
        // Each grade with the interval it would give a new card.
        "0 blackout · 1d   1 wrong, familiar · 1d",
        "2 wrong, easy · 1d   3 hard · 1d",
        "4 hesitant · 1d   5 perfect · 1d",
    ] {
        assert!(lines.contains(&expected), "{expected:?} in {lines:#?}");
    }
    assert!(screen.contains("Reviewed 1 card"), "{screen}");
    assert_eq!(c.cards(&morning(0))[0].reviews, 1);
}

#[test]
fn when_only_siblings_of_answered_cards_are_left_review_says_they_wait_for_tomorrow() {
    // `H` and its two clozes are one family: once H is answered, the clozes
    // wait for another day, so nothing more is due *now*.
    let c =
        Collection::new("# H\n\n- **alpha** comes first of all\n- **beta** comes second of all\n");
    let session = c.review(&morning(0), &[], &grades(&[5]));
    assert_eq!(session.questions(), ["H"]);
    assert!(
        session.stdout.contains("they come back tomorrow"),
        "{}",
        session.stdout
    );
    assert!(
        !session.stdout.contains("More cards are due now"),
        "{}",
        session.stdout
    );
    let again = c.review(&morning(0), &[], "");
    assert!(
        again.stdout.contains("Nothing to review now."),
        "{}",
        again.stdout
    );
    assert!(
        !again.stdout.contains("More cards are due now"),
        "{}",
        again.stdout
    );

    // Quitting with cards left in the queue still says more are due.
    let c = Collection::new(&headings(&["A", "B"]));
    let quit = c.review(&morning(0), &[], "\n5\nq\n");
    assert!(
        quit.stdout.contains("More cards are due now."),
        "{}",
        quit.stdout
    );
}
