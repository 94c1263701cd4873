//! Reviews per day over the last 90 days, each day's bar split by the
//! state of the cards graded: new (their first grade), learning, mature.

use std::fmt::Write;

use super::svg::{self, Bar, Bars, Series, count, esc, plural};
use super::{close_section, day_name, empty, open_section, short_date, table};
use crate::stats::{BY_STATE_DAYS, DayStates, Stats};

/// The three states, bottom of the bar first.
pub const STATES: [Series; 3] = [
    Series {
        class: "mature",
        name: "mature",
    },
    Series {
        class: "learning",
        name: "learning",
    },
    Series {
        class: "new",
        name: "new",
    },
];

fn values(d: &DayStates) -> Vec<u64> {
    vec![d.mature, d.learning, d.new]
}

pub fn section(out: &mut String, stats: &Stats) {
    open_section(
        out,
        "reviews",
        false,
        &format!("Reviews per day, last {BY_STATE_DAYS} days"),
    );
    let days = &stats.reviews_by_state;
    let total: u64 = days.iter().map(DayStates::total).sum();
    if total == 0 {
        empty(
            out,
            &format!(
                "No reviews in the last {BY_STATE_DAYS} days yet: run recall review, and each day's reviews show here by the state of their cards."
            ),
        );
        close_section(out);
        return;
    }
    let (new, learning, mature) = days.iter().fold((0, 0, 0), |(n, l, m), d| {
        (n + d.new, l + d.learning, m + d.mature)
    });
    let active = days.iter().filter(|d| d.total() > 0).count() as u64;
    let summary = format!(
        "{} on {}: {} new, {} learning, {} mature. Busiest day {}.",
        plural(total, "review", "reviews"),
        plural(active, "day", "days"),
        count(new),
        count(learning),
        count(mature),
        days.iter()
            .max_by_key(|d| (d.total(), d.day))
            .map(|d| format!(
                "{}, {}",
                day_name(d.day),
                plural(d.total(), "review", "reviews")
            ))
            .unwrap_or_default()
    );
    let _ = write!(out, "<p>{}</p><figure>", esc(&summary));
    let bars: Vec<Bar> = days
        .iter()
        .map(|d| Bar {
            key: d.date.clone(),
            title: format!(
                "{}: {} ({} new, {} learning, {} mature)",
                d.date,
                plural(d.total(), "review", "reviews"),
                d.new,
                d.learning,
                d.mature
            ),
            values: values(d),
        })
        .collect();
    // A date under every fourth week's end, today's last.
    let labels: Vec<(usize, String)> = (0..days.len())
        .rev()
        .step_by(28)
        .map(|i| (i, short_date(days[i].day)))
        .collect();
    svg::bars(
        out,
        &Bars {
            id: "reviews-chart",
            title: "Reviews per day by card state",
            desc: &summary,
            series: &STATES,
            bars: &bars,
            labels: &labels,
            line: None,
        },
    );
    svg::legend(out, &STATES);
    out.push_str("</figure>");
    let rows: Vec<Vec<String>> = days
        .iter()
        .filter(|d| d.total() > 0)
        .map(|d| {
            vec![
                d.date.clone(),
                count(d.new),
                count(d.learning),
                count(d.mature),
                count(d.total()),
            ]
        })
        .collect();
    table(
        out,
        "The days with reviews, as a table",
        &["Day", "New", "Learning", "Mature", "All"],
        &rows,
    );
    close_section(out);
}
