//! The year's calendar of reviews per day, weeks as columns from Monday,
//! shaded as the terminal's heatmap is (`stats::heat_level`), with the
//! streak. On a narrow screen it scrolls, today's end first in view.

use std::collections::HashMap;
use std::fmt::Write;

use chrono::Datelike;

use super::svg::{self, count, esc, num, plural};
use super::{close_section, day_name, empty, month_name, open_section, table};
use crate::clock;
use crate::scheduler::Day;
use crate::stats::{Stats, heat_level};

/// Weeks shown: this one and the 52 before.
pub const WEEKS: Day = 53;
const CELL: f64 = 10.0;
const PITCH: f64 = 12.0;
const LEFT: f64 = 26.0;
const TOP: f64 = 14.0;

/// The first day shown: the Monday `WEEKS - 1` weeks before this week's.
pub fn first_day(today: Day) -> Day {
    let weekday = clock::day_to_date(today).weekday().num_days_from_monday() as Day;
    today - weekday - 7 * (WEEKS - 1)
}

pub fn section(out: &mut String, stats: &Stats, today: Day) {
    open_section(out, "calendar", true, "Reviews in the last year");
    let first = first_day(today);
    let days: Vec<(Day, u64)> = stats
        .reviews_per_day
        .iter()
        .filter(|d| d.day >= first && d.day <= today && d.count > 0)
        .map(|d| (d.day, d.count))
        .collect();
    let streak = &stats.streak;
    let streak_text = format!(
        "Streak: {}, longest {}.",
        plural(u64::from(streak.current), "day", "days"),
        plural(u64::from(streak.longest), "day", "days")
    );
    if days.is_empty() {
        empty(
            out,
            &format!(
                "No reviews in the last year yet: each day you review fills a square here. {streak_text}"
            ),
        );
        close_section(out);
        return;
    }
    let reviews: u64 = days.iter().map(|d| d.1).sum();
    let summary = format!(
        "{} on {} since {}. {streak_text}",
        plural(reviews, "review", "reviews"),
        plural(days.len() as u64, "day", "days"),
        day_name(first)
    );
    let _ = write!(
        out,
        "<p>{}</p><figure><div class=\"scroll\">",
        esc(&summary)
    );
    draw(out, &days, first, today, &summary);
    out.push_str("</div>");
    out.push_str(
        "<figcaption class=\"legend\">Less <svg class=\"legend-scale\" width=\"62\" height=\"10\" \
         viewBox=\"0 0 62 10\" aria-hidden=\"true\">",
    );
    for level in 0..5 {
        let _ = write!(
            out,
            "<rect class=\"c{level}\" x=\"{}\" y=\"0\" width=\"10\" height=\"10\"/>",
            level * 13
        );
    }
    out.push_str("</svg> More</figcaption></figure>");
    let rows: Vec<Vec<String>> = days
        .iter()
        .map(|&(day, n)| vec![clock::format_day(day), count(n)])
        .collect();
    table(
        out,
        "The days with reviews, as a table",
        &["Day", "Reviews"],
        &rows,
    );
    close_section(out);
}

fn draw(out: &mut String, days: &[(Day, u64)], first: Day, today: Day, summary: &str) {
    let counts: HashMap<Day, u64> = days.iter().copied().collect();
    let max = days.iter().map(|d| d.1).max().unwrap_or(0);
    let width = LEFT + PITCH * WEEKS as f64 + 2.0;
    let height = TOP + PITCH * 7.0 + 2.0;
    svg::open(
        out,
        "calendar-chart",
        "calendar",
        (width, height),
        "Reviews per day over the last year",
        summary,
    );
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"0\" y=\"{}\">{name}</text>",
            num(TOP + PITCH * f64::from(row) + CELL - 1.0)
        );
    }
    // Month names over the week a month starts in, where there is room.
    let mut free_from = 0;
    let mut last_month = None;
    for week in 0..WEEKS {
        let date = clock::day_to_date(first + 7 * week);
        if last_month == Some(date.month0()) {
            continue;
        }
        last_month = Some(date.month0());
        if week >= free_from && week + 2 < WEEKS {
            let _ = write!(
                out,
                "<text class=\"tick\" x=\"{}\" y=\"10\">{}</text>",
                num(LEFT + PITCH * week as f64),
                month_name(date.month0())
            );
            free_from = week + 3;
        }
    }
    for week in 0..WEEKS {
        for row in 0..7 {
            let day = first + 7 * week + row;
            if day > today {
                break;
            }
            let n = counts.get(&day).copied().unwrap_or(0);
            let date = clock::format_day(day);
            let _ = write!(
                out,
                "<rect class=\"day c{}\" data-date=\"{date}\" data-count=\"{n}\" x=\"{}\" y=\"{}\" \
                 width=\"{CELL}\" height=\"{CELL}\" rx=\"2\"><title>{date}: {}</title></rect>",
                heat_level(n, max),
                num(LEFT + PITCH * week as f64),
                num(TOP + PITCH * row as f64),
                plural(n, "review", "reviews")
            );
        }
    }
    svg::close(out);
}
