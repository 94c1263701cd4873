//! `Stats` laid out for a terminal: tables, a forecast bar chart, a
//! calendar heatmap and the schedulers' calibration, fitted to a given
//! width. Writes to any `io::Write`; colour only when asked for.

use std::io::{self, Write};

use chrono::Datelike;
use console::Style;

use super::calibration::{Calibration, Figures};
use super::compare::Report;
use super::{Rate, Stats};
use crate::clock;
use crate::scheduler::Day;
use crate::store::Hardest;
use crate::width::{columns, pad, truncate, wrap};

/// How to lay the figures out.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub width: usize,
    pub color: bool,
}

struct Paint {
    color: bool,
}

impl Paint {
    fn with(&self, style: Style, text: &str) -> String {
        style.force_styling(self.color).apply_to(text).to_string()
    }
    fn title(&self, text: &str) -> String {
        self.with(Style::new().bold(), text)
    }
    fn dim(&self, text: &str) -> String {
        self.with(Style::new().dim(), text)
    }
    fn bar(&self, text: &str) -> String {
        self.with(Style::new().cyan(), text)
    }
    fn heat(&self, text: &str) -> String {
        self.with(Style::new().green(), text)
    }
}

pub fn print(stats: &Stats, today: Day, layout: Layout, out: &mut dyn Write) -> io::Result<()> {
    let p = Paint {
        color: layout.color,
    };
    let width = layout.width.max(40);
    let c = &stats.cards;
    writeln!(
        out,
        "{}  new {} · learning {} · mature {} · suspended {} · retired {} · total {}",
        p.title("Cards"),
        c.new,
        c.learning,
        c.mature,
        c.suspended,
        c.retired,
        c.total
    )?;
    let t = &stats.today;
    writeln!(
        out,
        "{}  due {} · reviewed {} · new {} · {}m {:02}s",
        p.title("Today"),
        t.due,
        t.reviewed,
        t.new_seen,
        t.seconds / 60,
        t.seconds % 60
    )?;
    if let Some(line) = super::typed::line(&stats.typed) {
        writeln!(out, "{}  {line}", p.title("Typed"))?;
    }

    writeln!(out)?;
    let days = stats.forecast.len();
    writeln!(
        out,
        "{}  {}",
        p.title(&format!("Due in the next {days} days")),
        p.dim(&super::limit::note(&stats.limit))
    )?;
    let max = stats.forecast.iter().copied().max().unwrap_or(0).max(1);
    let room = width.saturating_sub(16).max(10);
    for (i, &count) in stats.forecast.iter().enumerate() {
        let label = match i {
            0 => "today".to_string(),
            _ => format!("+{i}"),
        };
        let length = ((count as usize * room).div_ceil(max as usize)).min(room);
        writeln!(out, "  {:<6} {} {count}", label, p.bar(&"█".repeat(length)))?;
    }

    writeln!(out)?;
    writeln!(
        out,
        "{}  {}",
        p.title("Reviews per day"),
        p.dim(&format!(
            "streak {} day{}, longest {}",
            stats.streak.current,
            if stats.streak.current == 1 { "" } else { "s" },
            stats.streak.longest
        ))
    )?;
    heatmap(stats, today, width, &p, out)?;

    writeln!(out)?;
    writeln!(
        out,
        "{}  last 30 days {} · all time {}",
        p.title("Retention of mature cards"),
        rate(&stats.retention.last_30_days),
        rate(&stats.retention.all_time)
    )?;

    if !stats.decks.is_empty() {
        writeln!(out)?;
        let name = width.saturating_sub(46).clamp(8, 40);
        writeln!(
            out,
            "{}",
            p.title(&format!(
                "{} {:>6} {:>6} {:>6} {:>6}  retention",
                pad("Deck", name),
                "cards",
                "new",
                "due",
                "mature"
            ))
        )?;
        for d in &stats.decks {
            writeln!(
                out,
                "{} {:>6} {:>6} {:>6} {:>6}  {}",
                pad(&d.deck, name),
                d.cards,
                d.new,
                d.due,
                d.mature,
                rate(&d.retention)
            )?;
        }
    }

    if !stats.leeches.is_empty() {
        writeln!(out)?;
        let title = format!("Leeches ({} lapses or more)", stats.leech_lapses);
        writeln!(out, "{}", p.title(&title))?;
        for l in &stats.leeches {
            let head = format!("  #{:<6} {:>3} lapses  ", l.id, l.lapses);
            let room = width.saturating_sub(columns(&head));
            writeln!(out, "{head}{}", truncate(&l.question, room))?;
        }
    }
    if !stats.hardest.is_empty() {
        writeln!(out)?;
        let by = match stats.hardest_by {
            Hardest::LowestEf => "lowest EF",
            Hardest::HighestDifficulty => "highest FSRS difficulty",
        };
        writeln!(out, "{}", p.title(&format!("Hardest cards ({by})")))?;
        for h in &stats.hardest {
            let measure = match (stats.hardest_by, h.difficulty) {
                (Hardest::HighestDifficulty, Some(d)) => format!("D {d:.2}"),
                _ => format!("EF {:.2}", h.ef),
            };
            let head = format!("  #{:<6} {measure}  ", h.id);
            let room = width.saturating_sub(columns(&head));
            writeln!(out, "{head}{}", truncate(&h.question, room))?;
        }
    }
    if let Some(report) = &stats.calibration {
        writeln!(out)?;
        calibration(report, width, &p, out)?;
    }
    Ok(())
}

/// How well each scheduler predicted the learner's recall (docs/design.md
/// §11): the three figures, then predicted against observed recall in the
/// bins either scheduler used, and what SM-2 was taken to predict.
fn calibration(report: &Report, width: usize, p: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let (sm2, fsrs) = match (&report.sm2, &report.fsrs) {
        (Calibration::Ready(sm2), Calibration::Ready(fsrs)) => (sm2, fsrs),
        (
            Calibration::NeedsMoreReviews {
                reviews,
                more_needed,
                wanted,
            },
            _,
        )
        | (
            _,
            Calibration::NeedsMoreReviews {
                reviews,
                more_needed,
                wanted,
            },
        ) => {
            let text = format!(
                "needs {more_needed} more reviews made a day or more after the card's one \
                 before ({reviews} so far, {wanted} wanted) to say how well SM-2 and FSRS \
                 predict your recall"
            );
            let head = format!("{}  ", p.title("Calibration"));
            for line in wrap(&text, width, &head, "  ") {
                writeln!(out, "{line}")?;
            }
            return Ok(());
        }
    };
    writeln!(
        out,
        "{}  {}",
        p.title("Calibration"),
        p.dim(&format!(
            "how well each scheduler predicted your recall, over {} reviews",
            sm2.reviews
        ))
    )?;
    let figures = |f: &Figures| {
        format!(
            "log loss {:.3} · RMSE(bins) {:.3} · AUC {}",
            f.log_loss,
            f.rmse_bins,
            f.auc.map_or("-".to_string(), |auc| format!("{auc:.3}"))
        )
    };
    writeln!(out, "  SM-2    {}", figures(sm2))?;
    writeln!(
        out,
        "  FSRS-6  {}  {}",
        figures(fsrs),
        p.dim(&format!("({} parameters)", report.fsrs_parameters))
    )?;
    // Counts as wide as the largest, so that the table stays narrow.
    let digits = sm2
        .bins
        .iter()
        .chain(&fsrs.bins)
        .map(|b| b.count.to_string().len())
        .max()
        .unwrap_or(1);
    let cell = |bin: &super::calibration::RecallBin| match (bin.predicted, bin.observed) {
        (Some(predicted), Some(observed)) => format!(
            "{:>digits$} {:>3.0}→{:>3.0}%",
            bin.count,
            predicted * 100.0,
            observed * 100.0
        ),
        _ => format!("{:>digits$} {:>8}", 0, "-"),
    };
    let cell_width = digits + 9;
    writeln!(
        out,
        "  {:<8} {:>cell_width$}  {:>cell_width$}",
        "recall", "SM-2", "FSRS-6"
    )?;
    for (a, b) in sm2.bins.iter().zip(&fsrs.bins).rev() {
        if a.count == 0 && b.count == 0 {
            continue;
        }
        let label = format!("{:.0}-{:.0}%", a.from * 100.0, a.to * 100.0);
        writeln!(out, "  {label:<8} {}  {}", cell(a), cell(b))?;
    }
    for note in [
        "Per tenth of predicted recall: reviews, predicted → observed recall.",
        &format!("{}.", report.sm2_model),
        "Lower log loss and RMSE(bins) are better; a higher AUC tells recalls from \
         lapses better.",
    ] {
        for line in wrap(note, width, "  ", "  ") {
            writeln!(out, "{}", p.dim(&line))?;
        }
    }
    Ok(())
}

fn rate(r: &Rate) -> String {
    match r.rate {
        Some(rate) => format!("{:.0}% ({}/{})", rate * 100.0, r.passed, r.reviews),
        None => "- (no reviews)".to_string(),
    }
}

/// Weeks as columns (oldest left), weekdays as rows, one character a day.
fn heatmap(
    stats: &Stats,
    today: Day,
    width: usize,
    p: &Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    const SHADES: [&str; 5] = ["·", "░", "▒", "▓", "█"];
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let weekday = |day: Day| clock::day_to_date(day).weekday().num_days_from_monday() as Day;
    let max_weeks = (super::HEATMAP_DAYS as usize).div_ceil(7) + 1;
    let weeks = width.saturating_sub(6).min(max_weeks).max(1) as Day;
    // The first column starts on the Monday `weeks - 1` weeks before this one.
    let first = today - weekday(today) - 7 * (weeks - 1);
    let counts: std::collections::HashMap<Day, u64> = stats
        .reviews_per_day
        .iter()
        .filter(|d| d.day >= first)
        .map(|d| (d.day, d.count))
        .collect();
    let max = counts.values().copied().max().unwrap_or(0);

    // Month labels above the first week of each month, where they fit with
    // a space before the next.
    let mut labels = vec![' '; weeks as usize];
    let mut free_from = 0;
    let mut last_month = None;
    for w in 0..weeks as usize {
        let date = clock::day_to_date(first + 7 * w as Day);
        if last_month == Some(date.month()) {
            continue;
        }
        last_month = Some(date.month());
        let name: Vec<char> = date.format("%b").to_string().chars().collect();
        if w >= free_from && w + name.len() <= labels.len() {
            labels[w..w + name.len()].copy_from_slice(&name);
            free_from = w + name.len() + 1;
        }
    }
    let header = format!("     {}", labels.iter().collect::<String>());
    writeln!(out, "{}", p.dim(header.trim_end()))?;
    for (row, name) in DAYS.iter().enumerate() {
        let mut line = String::new();
        for w in 0..weeks {
            let day = first + 7 * w + row as Day;
            if day > today {
                break;
            }
            let count = counts.get(&day).copied().unwrap_or(0);
            line.push_str(SHADES[super::heat_level(count, max)]);
        }
        writeln!(out, "{} {}", p.dim(&format!("{name:<4}")), p.heat(&line))?;
    }
    Ok(())
}
