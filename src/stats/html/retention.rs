//! Retention of mature cards in each of the last twelve months, against
//! the retention the learner aims at.

use std::fmt::Write;

use super::svg::{self, Frame, Scale, esc, num, percent, plural};
use super::{close_section, empty, month_name, open_section, table};
use crate::stats::{MonthRate, Stats};

pub fn section(out: &mut String, stats: &Stats) {
    open_section(
        out,
        "retention",
        false,
        "Retention of mature cards by month",
    );
    let months = &stats.retention_by_month;
    let desired = stats.desired_retention;
    let r = &stats.retention;
    let overall = |rate: &crate::stats::Rate| match rate.rate {
        Some(share) => format!(
            "{} of {}",
            percent(share),
            plural(rate.reviews, "review", "reviews")
        ),
        None => "no reviews".to_string(),
    };
    let summary = format!(
        "Last 30 days {}; all time {}. Aim: {} (desired retention).",
        overall(&r.last_30_days),
        overall(&r.all_time),
        percent(desired)
    );
    if months.iter().all(|m| m.retention.reviews == 0) {
        empty(
            out,
            &format!(
                "No reviews of mature cards in the last twelve months yet: a card is mature once \
                 its interval reaches 21 days, and its reviews from then on show how much you \
                 retain. Aim: {}.",
                percent(desired)
            ),
        );
        close_section(out);
        return;
    }
    let _ = write!(out, "<p>{}</p><figure>", esc(&summary));
    draw(out, months, desired, &summary);
    out.push_str(
        "<ul class=\"legend\"><li><span class=\"swatch mature\"></span>share of reviews of \
         mature cards graded 3 or more</li><li><span class=\"swatch target\"></span>desired \
         retention</li></ul></figure>",
    );
    let rows: Vec<Vec<String>> = months
        .iter()
        .map(|m| {
            vec![
                m.month.clone(),
                m.retention.rate.map_or("–".to_string(), percent),
                m.retention.passed.to_string(),
                m.retention.reviews.to_string(),
            ]
        })
        .collect();
    table(
        out,
        "Each month's retention, as a table",
        &["Month", "Retention", "Passed", "Reviews"],
        &rows,
    );
    close_section(out);
}

fn draw(out: &mut String, months: &[MonthRate], desired: f64, summary: &str) {
    let frame = Frame::BARS;
    let scale = Scale {
        top: 100.0,
        step: 10.0,
    };
    // From a round tenth below the lowest month and the aim, at most 50%,
    // so that the months' differences show.
    let lowest = months
        .iter()
        .filter_map(|m| m.retention.rate)
        .fold(desired, f64::min)
        * 100.0;
    let low = (((lowest - 5.0) / 10.0).floor() * 10.0).clamp(0.0, 50.0);
    svg::open(
        out,
        "retention-chart",
        "chart",
        (frame.width, frame.height),
        "Retention of mature cards by month",
        summary,
    );
    svg::y_axis(out, &frame, low, &scale, |v| format!("{v:.0}%"));
    let pitch = frame.plot_width() / months.len().max(1) as f64;
    for (i, m) in months.iter().enumerate() {
        let x = frame.left + pitch * i as f64;
        let month: u32 = m.month.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
        let title = match m.retention.rate {
            Some(rate) => format!(
                "{}: {} of {} passed ({})",
                m.month,
                m.retention.passed,
                plural(m.retention.reviews, "review", "reviews"),
                percent(rate)
            ),
            None => format!("{}: no reviews of mature cards", m.month),
        };
        let _ = write!(
            out,
            "<g class=\"month\" data-label=\"{}\"><title>{}</title>",
            esc(&m.month),
            esc(&title)
        );
        if let Some(rate) = m.retention.rate {
            let value = (rate * 100.0).max(low);
            let top = frame.y(value, low, &scale);
            let _ = write!(
                out,
                "<rect class=\"mature\" data-rate=\"{rate:.4}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                num(x + pitch * 0.15),
                num(top),
                num(pitch * 0.7),
                num((frame.bottom_y() - top).max(0.5))
            );
        }
        out.push_str("</g>");
        svg::x_label(
            out,
            &frame,
            x + pitch / 2.0,
            month_name(month.saturating_sub(1)),
        );
    }
    let y = frame.y(desired * 100.0, low, &scale);
    let _ = write!(
        out,
        "<line class=\"target\" data-value=\"{}\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
        num(desired * 100.0),
        num(frame.left),
        num(frame.width - frame.right),
        num(y),
        num(y)
    );
    svg::close(out);
}
