//! The page read back as XML: well-formed, every section there, the
//! marks of each chart those of the figures, nothing fetched from
//! elsewhere, and plain words where there is nothing to show.

use roxmltree::{Document, Node, ParsingOptions};

use super::*;
use crate::scheduler::fsrs::{Fsrs, Params};
use crate::stats::compare::{Calibrating, InForce};
use crate::stats::{Goals, compute, history};
use crate::store::{CardFigure, DayFacts, DeckFacts, Passed, StatsFacts};

/// 2024-10-04, a Friday.
const TODAY: Day = 20_000;

const SECTIONS: [&str; 8] = [
    "calendar",
    "reviews",
    "forecast",
    "retention",
    "states",
    "calibration",
    "hardest",
    "decks",
];

fn parse(page: &str) -> Document<'_> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(page, options)
        .unwrap_or_else(|e| panic!("the page is not well-formed: {e}"))
}

fn render_stats(stats: &Stats, deck: Option<&str>) -> String {
    render(&Page {
        stats,
        today: TODAY,
        deck,
        scheduler: "SM-2",
        source_of: &|deck: &str| format!("notes/{deck}.md"),
    })
}

fn by_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no element #{id}"))
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

/// A collection with a history: reviews on some days of the last year
/// (mature ones among them), cards due ahead, two decks, a hard card and a
/// leech whose questions need escaping, and a log long enough to
/// calibrate.
fn busy() -> Stats {
    let day = |offset: Day, reviews: u64, mature: u64, passed: u64| DayFacts {
        day: TODAY + offset,
        reviews,
        millis: reviews * 4_000,
        mature: Passed {
            reviews: mature,
            passed,
        },
    };
    let figure = |id: i64, question: &str, lapses: u32, ef: u16| CardFigure {
        id,
        deck: "lang/korean".into(),
        line: 40 + id as u32,
        question: question.into(),
        lapses,
        ef,
        difficulty: None,
    };
    let facts = StatsFacts {
        decks: vec![
            DeckFacts {
                deck: "lang/korean".into(),
                new: 5,
                learning: 7,
                mature: 20,
                suspended: 1,
                due: 4,
                mature_reviews: Passed {
                    reviews: 30,
                    passed: 27,
                },
                reviews: 300,
                ..DeckFacts::default()
            },
            DeckFacts {
                deck: "rust".into(),
                new: 10,
                learning: 2,
                mature: 0,
                ..DeckFacts::default()
            },
        ],
        due_by_day: vec![(TODAY - 2, 3), (TODAY, 1), (TODAY + 1, 6), (TODAY + 20, 2)],
        reviews_by_day: vec![
            day(-500, 9, 0, 0),
            day(-300, 12, 0, 0),
            day(-120, 8, 2, 2),
            day(-60, 20, 5, 4),
            day(-2, 15, 6, 5),
            day(-1, 30, 10, 9),
            day(0, 11, 4, 4),
        ],
        first_graded_by_day: vec![(TODAY - 60, 4), (TODAY, 2)],
        live_since_by_day: vec![(TODAY - 400, 30), (TODAY - 90, 40)],
        cards_reviewed_today: 9,
        new_seen_today: 2,
        leeches: vec![figure(3, "떡볶이 & <김밥>", 9, 130)],
        hardest: vec![
            figure(3, "떡볶이 & <김밥>", 9, 130),
            figure(4, "日本語の\"question\"", 2, 150),
        ],
        ..StatsFacts::default()
    };
    let mut stats = compute(
        &facts,
        TODAY,
        Goals {
            desired_retention: 0.85,
            daily_limit: None,
        },
    );
    // 60 cards of four scored reviews each, and their states followed.
    let fsrs = Fsrs::new(Params::DEFAULT, 0.9);
    let mut replay = Calibrating::new(&fsrs, false).following(InForce::Sm2, TODAY);
    for card in 0..60 {
        let fail = if card % 5 == 0 { 1 } else { 4 };
        let log: Vec<crate::scheduler::Entry> =
            [(-90, 4), (-89, 4), (-83, fail), (-60, 5), (-10, 4)]
                .iter()
                .enumerate()
                .map(|(i, &(day, grade))| crate::scheduler::Entry {
                    id: i as i64,
                    at: i64::from(TODAY + day) * 86_400,
                    day: TODAY + day,
                    grade: crate::scheduler::Grade::new(grade).unwrap(),
                    due_offset: None,
                })
                .collect();
        replay.live_card(&log);
    }
    let (report, graded) = replay.finish();
    stats.calibration = Some(report);
    stats.states_over_time = history::states_over_time(&facts.live_since_by_day, &graded.unwrap());
    stats
}

#[test]
fn the_page_is_well_formed_and_holds_every_section_with_a_text_alternative() {
    let stats = busy();
    let page = render_stats(&stats, None);
    let doc = parse(&page);
    assert_eq!(doc.root_element().tag_name().name(), "html");
    for id in SECTIONS {
        let section = by_id(&doc, id);
        assert_eq!(section.tag_name().name(), "section", "#{id}");
        assert!(elements(section, "h2").len() == 1, "#{id} has one heading");
        assert!(
            elements(section, "p")
                .iter()
                .all(|p| !has_class(p, "empty")),
            "#{id} has something to show"
        );
    }
    // Every chart is labelled by its title and description, and has its
    // figures as a table, but for the calibration, whose table of figures
    // is open, and the decks, which are one.
    for svg in elements(doc.root_element(), "svg")
        .iter()
        .filter(|s| has_class(s, "chart") || has_class(s, "calendar"))
    {
        let labels = svg.attribute("aria-labelledby").expect("labelled");
        for id in labels.split(' ') {
            assert!(!text(by_id(&doc, id)).is_empty(), "{id} says something");
        }
        assert_eq!(svg.attribute("role"), Some("img"));
    }
    for id in [
        "calendar",
        "reviews",
        "forecast",
        "retention",
        "states",
        "calibration",
    ] {
        assert_eq!(
            elements(by_id(&doc, id), "table").len().min(1),
            1,
            "#{id} has a table"
        );
    }
}

#[test]
fn nothing_is_fetched_from_elsewhere() {
    let page = render_stats(&busy(), None);
    let doc = parse(&page);
    for name in [
        "script", "link", "img", "iframe", "object", "embed", "image", "use",
    ] {
        assert!(elements(doc.root_element(), name).is_empty(), "no <{name}>");
    }
    // The only URIs are the namespaces'.
    let uris: Vec<&str> = page
        .match_indices("http")
        .map(|(i, _)| &page[i..i + 30])
        .collect();
    assert!(
        uris.iter().all(|u| u.starts_with("http://www.w3.org/")),
        "{uris:?}"
    );
    for css in ["@import", "url(", "@font-face"] {
        assert!(!page.contains(css), "no {css}");
    }
}

#[test]
fn card_text_is_escaped_and_comes_back_as_written_with_its_file_and_line() {
    let page = render_stats(&busy(), None);
    let doc = parse(&page);
    let hardest = by_id(&doc, "hardest");
    let items: Vec<Node> = elements(hardest, "li");
    // Ten hardest at most, then the leeches.
    assert_eq!(items.len(), 3);
    let first = text(items[0]);
    assert!(first.contains("떡볶이 & <김밥>"), "{first}");
    assert!(first.contains("notes/lang/korean.md:43"), "{first}");
    assert!(
        // Each measure with its unit, unbroken.
        first.contains("EF\u{a0}1.30") && first.contains("9\u{a0}lapses"),
        "{first}"
    );
    assert!(text(items[1]).contains("日本語の\"question\""));
    assert!(text(hardest).contains("Leeches (8 lapses or more)"));
}

#[test]
fn the_calendar_has_a_cell_a_day_and_marks_the_days_with_reviews() {
    let stats = busy();
    let page = render_stats(&stats, None);
    let doc = parse(&page);
    let cells: Vec<Node> = elements(by_id(&doc, "calendar"), "rect")
        .into_iter()
        .filter(|r| has_class(r, "day"))
        .collect();
    let first = calendar::first_day(TODAY);
    assert_eq!(cells.len() as Day, TODAY - first + 1);
    let reviewed: Vec<(&str, u64)> = cells
        .iter()
        .filter(|c| number(c, "data-count") > 0)
        .map(|c| (c.attribute("data-date").unwrap(), number(c, "data-count")))
        .collect();
    // The days of the last year, not the one 500 days ago.
    let expected: Vec<(String, u64)> = stats
        .reviews_per_day
        .iter()
        .filter(|d| d.day >= first)
        .map(|d| (d.date.clone(), d.count))
        .collect();
    assert_eq!(reviewed.len(), 6);
    assert_eq!(
        reviewed,
        expected
            .iter()
            .map(|(d, n)| (d.as_str(), *n))
            .collect::<Vec<_>>()
    );
    // The busiest day is the darkest, a quiet one lighter.
    let cell = |date: String| {
        cells
            .iter()
            .find(|c| c.attribute("data-date") == Some(&date))
            .unwrap()
    };
    assert!(has_class(cell(clock::format_day(TODAY - 1)), "c4"));
    assert!(has_class(cell(clock::format_day(TODAY - 120)), "c2"));
    assert!(has_class(cell(clock::format_day(TODAY - 3)), "c0"));
    assert!(text(by_id(&doc, "calendar")).contains("Streak: 3 days, longest 3 days."));
}

/// The values of each bar of a chart, by series class.
fn bars(doc: &Document<'_>, id: &str, classes: &[&str]) -> Vec<(String, Vec<u64>)> {
    elements(by_id(doc, id), "g")
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

#[test]
fn the_forecast_bars_are_the_months_counts_and_a_limit_draws_a_line() {
    let mut stats = busy();
    let doc_text = render_stats(&stats, None);
    let doc = parse(&doc_text);
    let drawn = bars(&doc, "forecast", &["due"]);
    let expected: Vec<(String, Vec<u64>)> = stats
        .forecast_month
        .days
        .iter()
        .map(|d| (d.date.clone(), vec![d.count]))
        .collect();
    assert_eq!(drawn, expected);
    assert_eq!(drawn[0].1, [4], "overdue cards are due today");
    assert!(
        elements(by_id(&doc, "forecast"), "line")
            .iter()
            .all(|l| !has_class(l, "limit"))
    );
    assert!(text(by_id(&doc, "forecast")).contains("No daily review limit is set."));

    stats.forecast_month.limit = Some(5);
    let page = render_stats(&stats, None);
    let doc = parse(&page);
    let limit: Vec<Node> = elements(by_id(&doc, "forecast"), "line")
        .into_iter()
        .filter(|l| has_class(l, "limit"))
        .collect();
    assert_eq!(limit.len(), 1);
    assert_eq!(number(&limit[0], "data-value"), 5);
    assert!(
        text(by_id(&doc, "forecast")).contains("The daily limit is 5 reviews; 1 day is over it.")
    );

    // A limit far above every day is said, not drawn: it would flatten
    // the bars.
    stats.forecast_month.limit = Some(200);
    let doc_text = render_stats(&stats, None);
    let doc = parse(&doc_text);
    assert!(
        elements(by_id(&doc, "forecast"), "line")
            .iter()
            .all(|l| !has_class(l, "limit"))
    );
    assert!(
        text(by_id(&doc, "forecast"))
            .contains("The daily limit is 200 reviews; no day is over it.")
    );
}

#[test]
fn the_last_ninety_days_and_the_states_over_time_are_drawn_as_computed() {
    let stats = busy();
    let page = render_stats(&stats, None);
    let doc = parse(&page);
    let drawn = bars(&doc, "reviews", &["new", "learning", "mature"]);
    let expected: Vec<(String, Vec<u64>)> = stats
        .reviews_by_state
        .iter()
        .map(|d| (d.date.clone(), vec![d.new, d.learning, d.mature]))
        .collect();
    assert_eq!(drawn, expected);
    assert_eq!(drawn.len(), 90);
    assert_eq!(drawn[89].1, [2, 5, 4]);

    let drawn = bars(&doc, "states", &["new", "learning", "mature"]);
    // From the first week with a card.
    let expected: Vec<(String, Vec<u64>)> = stats
        .states_over_time
        .iter()
        .filter(|p| p.new + p.learning + p.mature > 0)
        .map(|p| (p.date.clone(), vec![p.new, p.learning, p.mature]))
        .collect();
    assert_eq!(drawn, expected);
    assert_eq!(drawn.len(), 53, "cards were there a year ago");
    // The 60 cards graded, and 10 not yet.
    assert_eq!(drawn.last().unwrap().1[0], 10);
    let last = &drawn.last().unwrap().1;
    assert_eq!(last[0] + last[1] + last[2], 70);
}

#[test]
fn retention_by_month_and_calibration_show_the_figures_stats_prints() {
    let stats = busy();
    let page = render_stats(&stats, None);
    let doc = parse(&page);
    let months: Vec<(String, Option<String>)> = elements(by_id(&doc, "retention"), "g")
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
    let expected: Vec<(String, Option<String>)> = stats
        .retention_by_month
        .iter()
        .map(|m| (m.month.clone(), m.retention.rate.map(|r| format!("{r:.4}"))))
        .collect();
    assert_eq!(months, expected);
    let target: Vec<Node> = elements(by_id(&doc, "retention"), "line")
        .into_iter()
        .filter(|l| has_class(l, "target"))
        .collect();
    assert_eq!(number(&target[0], "data-value"), 85);

    let Some(crate::stats::compare::Report {
        sm2: crate::stats::calibration::Calibration::Ready(sm2),
        fsrs: crate::stats::calibration::Calibration::Ready(fsrs),
        ..
    }) = &stats.calibration
    else {
        panic!("enough reviews to calibrate");
    };
    let calibration = by_id(&doc, "calibration");
    let row = |class: &str| {
        let tr = elements(calibration, "tr")
            .into_iter()
            .find(|r| has_class(r, class))
            .unwrap();
        elements(tr, "td").into_iter().map(text).collect::<Vec<_>>()
    };
    assert_eq!(
        row("log-loss"),
        [
            format!("{:.3}", sm2.log_loss),
            format!("{:.3}", fsrs.log_loss)
        ]
    );
    assert_eq!(
        row("rmse"),
        [
            format!("{:.3}", sm2.rmse_bins),
            format!("{:.3}", fsrs.rmse_bins)
        ]
    );
    // A mark per bin with reviews, each scheduler's own.
    let marks = |name: &str, class: &str| {
        elements(calibration, name)
            .into_iter()
            .filter(|m| has_class(m, class))
            .map(|m| number(&m, "data-count"))
            .collect::<Vec<_>>()
    };
    let counts = |f: &crate::stats::calibration::Figures| {
        f.bins
            .iter()
            .filter(|b| b.count > 0)
            .map(|b| b.count)
            .collect::<Vec<_>>()
    };
    assert_eq!(marks("circle", "sm2"), counts(sm2));
    assert_eq!(marks("rect", "fsrs"), counts(fsrs));
}

#[test]
fn decks_show_their_progress_bars() {
    let page = render_stats(&busy(), Some("lang/*"));
    let doc = parse(&page);
    let rows: Vec<Node> = elements(by_id(&doc, "decks"), "tr")
        .into_iter()
        .filter(|r| r.attribute("data-deck").is_some())
        .collect();
    assert_eq!(rows.len(), 2);
    let bar: Vec<(String, u64)> = elements(rows[0], "rect")
        .iter()
        .map(|r| {
            (
                r.attribute("class").unwrap().to_string(),
                number(r, "data-value"),
            )
        })
        .collect();
    assert_eq!(
        bar,
        [
            ("mature".to_string(), 20),
            ("learning".to_string(), 7),
            ("new".to_string(), 5),
            ("suspended".to_string(), 1)
        ]
    );
    assert!(text(doc.root_element()).contains("decks matching lang/*"));
    assert!(text(doc.root_element()).contains("recall stats --json --deck 'lang/*'"));
}

#[test]
fn an_empty_collection_says_there_is_nothing_yet_in_every_section() {
    let mut stats = compute(
        &StatsFacts::default(),
        TODAY,
        Goals {
            desired_retention: 0.9,
            daily_limit: None,
        },
    );
    let fsrs = Fsrs::new(Params::DEFAULT, 0.9);
    let (report, graded) = Calibrating::new(&fsrs, false)
        .following(InForce::Sm2, TODAY)
        .finish();
    stats.calibration = Some(report);
    stats.states_over_time = history::states_over_time(&[], &graded.unwrap());
    let page = render_stats(&stats, None);
    let doc = parse(&page);
    assert!(text(by_id(&doc, "nothing-yet")).contains("no cards"));
    for id in SECTIONS {
        let section = by_id(&doc, id);
        let empty: Vec<Node> = elements(section, "p")
            .into_iter()
            .filter(|p| has_class(p, "empty"))
            .collect();
        assert_eq!(empty.len(), 1, "#{id} says it has nothing yet");
        assert!(elements(section, "svg").is_empty(), "#{id} draws nothing");
    }
    assert!(text(by_id(&doc, "calibration")).contains("100 more reviews"));
}
