//! Cards due on each of the next 30 days, overdue ones today, with the
//! daily review limit drawn across when one is in force.

use std::fmt::Write;

use super::svg::{self, Bar, Bars, Series, count, esc, plural};
use super::{close_section, day_name, empty, open_section, short_date, table};
use crate::stats::{MONTH_AHEAD_DAYS, Stats};

const DUE: [Series; 1] = [Series {
    class: "due",
    name: "due",
}];

pub fn section(out: &mut String, stats: &Stats) {
    open_section(
        out,
        "forecast",
        false,
        &format!("Due in the next {MONTH_AHEAD_DAYS} days"),
    );
    let month = &stats.forecast_month;
    let total: u64 = month.days.iter().map(|d| d.count).sum();
    let limit_text = match month.limit {
        Some(limit) => {
            let over = month
                .days
                .iter()
                .filter(|d| d.count > u64::from(limit))
                .count() as u64;
            let over = match over {
                0 => "no day is".to_string(),
                n => plural(n, "day is", "days are"),
            };
            format!(
                " The daily limit is {}; {over} over it.",
                plural(u64::from(limit), "review", "reviews"),
            )
        }
        None => " No daily review limit is set.".to_string(),
    };
    if total == 0 {
        empty(
            out,
            &format!(
                "Nothing due in the next {MONTH_AHEAD_DAYS} days yet: cards you review are scheduled here.{limit_text}"
            ),
        );
        close_section(out);
        return;
    }
    let busiest = month
        .days
        .iter()
        .max_by_key(|d| (d.count, std::cmp::Reverse(d.day)))
        .map(|d| format!("{}, {}", day_name(d.day), plural(d.count, "card", "cards")))
        .unwrap_or_default();
    let summary = format!(
        "{} due in all, {} today (overdue ones included). Busiest day {busiest}.{limit_text}",
        plural(total, "card", "cards"),
        count(month.days[0].count),
    );
    let _ = write!(out, "<p>{}</p><figure>", esc(&summary));
    let bars: Vec<Bar> = month
        .days
        .iter()
        .map(|d| Bar {
            key: d.date.clone(),
            title: format!("{}: {} due", d.date, plural(d.count, "card", "cards")),
            values: vec![d.count],
        })
        .collect();
    let labels: Vec<(usize, String)> = (0..month.days.len())
        .step_by(7)
        .map(|i| {
            let label = if i == 0 {
                "today".to_string()
            } else {
                short_date(month.days[i].day)
            };
            (i, label)
        })
        .collect();
    svg::bars(
        out,
        &Bars {
            id: "forecast-chart",
            title: "Cards due per day over the next 30 days",
            desc: &summary,
            series: &DUE,
            bars: &bars,
            labels: &labels,
            // Drawn where it tells something: a limit far above every
            // day would flatten the bars to nothing, and the text says it.
            line: month
                .limit
                .filter(|&limit| near_the_bars(month, limit))
                .map(|limit| {
                    (
                        u64::from(limit),
                        format!("limit {}", count(u64::from(limit))),
                    )
                }),
        },
    );
    out.push_str("</figure>");
    let rows: Vec<Vec<String>> = month
        .days
        .iter()
        .map(|d| vec![d.date.clone(), count(d.count)])
        .collect();
    table(
        out,
        "Each day's cards due, as a table",
        &["Day", "Due"],
        &rows,
    );
    close_section(out);
}

/// Whether the busiest day comes within half of the daily `limit`, so
/// that a line at the limit leaves the bars readable.
fn near_the_bars(month: &crate::stats::Forecast, limit: u32) -> bool {
    let busiest = month.days.iter().map(|d| d.count).max().unwrap_or(0);
    busiest.saturating_mul(2) >= u64::from(limit)
}
