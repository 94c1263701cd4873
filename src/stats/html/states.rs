//! Cards by state over time: on each week's end of the last year and
//! today, how many live cards were new, learning and mature (how much of
//! the collection is well learnt), from the first week with a card.

use std::fmt::Write;

use super::reviews::STATES;
use super::svg::{self, Bar, Bars, count, esc};
use super::{close_section, day_name, empty, open_section, short_date, table};
use crate::stats::Stats;
pub fn section(out: &mut String, stats: &Stats) {
    open_section(out, "states", false, "Cards by state over time");
    let start = stats
        .states_over_time
        .iter()
        .position(|p| p.total() > 0)
        .unwrap_or(stats.states_over_time.len());
    let points = &stats.states_over_time[start..];
    let Some(last) = points.last() else {
        empty(
            out,
            "No cards in review yet: once your notes have cards, this shows week by week how \
             many are new, learning and mature.",
        );
        close_section(out);
        return;
    };
    let first = &points[0];
    let summary = format!(
        "Today {} new, {} learning and {} mature cards{}.",
        count(last.new),
        count(last.learning),
        count(last.mature),
        if points.len() > 1 {
            format!(
                "; on {} {} new, {} learning and {} mature",
                day_name(first.day),
                count(first.new),
                count(first.learning),
                count(first.mature)
            )
        } else {
            String::new()
        }
    );
    let _ = write!(out, "<p>{}</p><figure>", esc(&summary));
    let bars: Vec<Bar> = points
        .iter()
        .map(|p| Bar {
            key: p.date.clone(),
            title: format!(
                "{}: {} new, {} learning, {} mature",
                p.date,
                count(p.new),
                count(p.learning),
                count(p.mature)
            ),
            values: vec![p.mature, p.learning, p.new],
        })
        .collect();
    let every = points.len().div_ceil(5).max(1);
    let labels: Vec<(usize, String)> = (0..points.len())
        .rev()
        .step_by(every)
        .map(|i| (i, short_date(points[i].day)))
        .collect();
    svg::bars(
        out,
        &Bars {
            id: "states-chart",
            title: "Cards by state, week by week",
            desc: &summary,
            series: &STATES,
            bars: &bars,
            labels: &labels,
            line: None,
        },
    );
    svg::legend(out, &STATES);
    out.push_str("</figure>");
    let rows: Vec<Vec<String>> = points
        .iter()
        .map(|p| {
            vec![
                p.date.clone(),
                count(p.new),
                count(p.learning),
                count(p.mature),
            ]
        })
        .collect();
    table(
        out,
        "Each week's cards by state, as a table",
        &["Day", "New", "Learning", "Mature"],
        &rows,
    );
    close_section(out);
}
