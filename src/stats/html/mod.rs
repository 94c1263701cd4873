//! `Stats` as one self-contained HTML page (docs/design.md §16): the
//! second printer of the figures `stats` computes, beside the terminal's
//! (`print`). Inline SVG and CSS, nothing fetched: it reads offline, on a
//! phone, in light and dark, and on paper. Each chart has a title, a
//! description and a table behind it, and says so when there is nothing to
//! show yet. A file per section; `svg` holds what they share. The page is
//! built as a string, so nothing here does I/O.

mod calendar;
mod calibration;
mod decks;
mod forecast;
mod hardest;
mod retention;
mod reviews;
mod states;
pub mod svg;

use std::fmt::Write;

use chrono::Datelike;

use super::Stats;
use crate::clock;
use crate::scheduler::Day;
use svg::{count, esc, percent, plural};

/// The page's style: colours for light, dark and print, and the layout
/// for every width.
const STYLE: &str = include_str!("style.css");

/// What the page shows besides the figures.
pub struct Page<'a> {
    pub stats: &'a Stats,
    pub today: Day,
    /// The `--deck` glob the figures are narrowed to, if any.
    pub deck: Option<&'a str>,
    /// The scheduler in force, by name.
    pub scheduler: &'a str,
    /// The notes file of a deck, as the reader would open it.
    pub source_of: &'a dyn Fn(&str) -> String,
}

/// The whole page.
pub fn render(page: &Page<'_>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let stats = page.stats;
    let date = clock::format_day(page.today);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\
         <meta charset=\"utf-8\"/>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
         <meta name=\"color-scheme\" content=\"light dark\"/>\
         <title>recall progress report, {date}</title>\n<style>\n{STYLE}</style>\n</head>\n\
         <body><div class=\"page\">\n<header><h1>Progress report</h1><p class=\"sub\">{}</p>",
        subtitle(page, &date)
            .iter()
            .map(|part| format!("<span class=\"nowrap\">{}</span>", esc(part)))
            .collect::<Vec<_>>()
            .join(" · ")
    );
    tiles(&mut out, stats);
    out.push_str("</header>\n");
    if stats.cards.total == 0 {
        out.push_str(
            "<p class=\"empty\" id=\"nothing-yet\">Nothing to show yet: this collection has no \
             cards. Run <code>recall sync</code> to make cards from your notes, then \
             <code>recall review</code>; this report fills in as you review.</p>\n",
        );
    }
    out.push_str("<main>\n");
    calendar::section(&mut out, stats, page.today);
    reviews::section(&mut out, stats);
    forecast::section(&mut out, stats);
    retention::section(&mut out, stats);
    states::section(&mut out, stats);
    calibration::section(&mut out, stats);
    hardest::section(&mut out, stats, page.source_of);
    decks::section(&mut out, stats);
    let _ = write!(
        out,
        "</main>\n<footer><p>Made by recall on {date}. The figures are those of \
         <code>recall stats --json</code>{}.</p></footer>\n</div></body>\n</html>\n",
        page.deck
            .map(|glob| format!(" --deck {}", esc(&shell_word(glob))))
            .unwrap_or_default()
    );
    out
}

/// The line under the title, in parts that each keep to one line: when,
/// which decks, which scheduler.
fn subtitle(page: &Page<'_>, date: &str) -> [String; 3] {
    let decks = match page.deck {
        Some(glob) => format!("decks matching {glob}"),
        None => "all decks".to_string(),
    };
    [
        long_date(page.today, date),
        decks,
        format!("scheduler {}", page.scheduler),
    ]
}

/// `Sunday 1 March 2026`.
fn long_date(day: Day, fallback: &str) -> String {
    let date = clock::day_to_date(day);
    if date.year() < 0 {
        return fallback.to_string();
    }
    date.format("%A %-d %B %Y").to_string()
}

/// A glob as the reader would type it after `--deck`.
fn shell_word(glob: &str) -> String {
    if glob
        .chars()
        .all(|c| c.is_alphanumeric() || "-_./".contains(c))
    {
        glob.to_string()
    } else {
        format!("'{}'", glob.replace('\'', "'\\''"))
    }
}

/// The figures at a glance.
fn tiles(out: &mut String, stats: &Stats) {
    let c = &stats.cards;
    let live = c.new + c.learning + c.mature;
    let retention = &stats.retention.last_30_days;
    let tiles = [
        (
            "Cards",
            count(c.total),
            format!(
                "{} new · {} learning · {} mature",
                count(c.new),
                count(c.learning),
                count(c.mature)
            ),
        ),
        (
            "Mature",
            if live > 0 {
                percent(c.mature as f64 / live as f64)
            } else {
                "–".to_string()
            },
            format!("of {}, suspended ones aside", plural(live, "card", "cards")),
        ),
        (
            "Due today",
            count(stats.today.due),
            format!(
                "{} reviewed today",
                plural(stats.today.reviewed, "card", "cards")
            ),
        ),
        (
            "Streak",
            plural(u64::from(stats.streak.current), "day", "days"),
            format!(
                "longest {}",
                plural(u64::from(stats.streak.longest), "day", "days")
            ),
        ),
        (
            "Retention, 30 days",
            retention.rate.map_or("–".to_string(), percent),
            format!(
                "{} of mature cards · aim {}",
                plural(retention.reviews, "review", "reviews"),
                percent(stats.desired_retention)
            ),
        ),
    ];
    out.push_str("<dl class=\"tiles\">");
    for (name, value, note) in tiles {
        let _ = write!(
            out,
            "<div><dt>{}</dt><dd>{}<small>{}</small></dd></div>",
            esc(name),
            esc(&value),
            esc(&note)
        );
    }
    out.push_str("</dl>");
}

/// Opens a section with its heading; `wide` ones span the page.
fn open_section(out: &mut String, id: &str, wide: bool, heading: &str) {
    let _ = write!(
        out,
        "<section id=\"{id}\"{}><h2>{}</h2>",
        if wide { " class=\"wide\"" } else { "" },
        esc(heading)
    );
}

fn close_section(out: &mut String) {
    out.push_str("</section>\n");
}

/// What a section shows when there is nothing to draw yet.
fn empty(out: &mut String, text: &str) {
    let _ = write!(out, "<p class=\"empty\">{}</p>", esc(text));
}

/// A chart's figures as a table, folded under `summary`: the text
/// alternative a reader can open. Cells are escaped here.
fn table(out: &mut String, summary: &str, head: &[&str], rows: &[Vec<String>]) {
    let _ = write!(
        out,
        "<details><summary>{}</summary><div class=\"table-wrap\"><table><thead><tr>",
        esc(summary)
    );
    for h in head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\">{}</th>", esc(cell));
            } else {
                let _ = write!(out, "<td>{}</td>", esc(cell));
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></details>");
}

/// `5 Mar 2026`: a day as the summaries name it.
fn day_name(day: Day) -> String {
    let date = clock::day_to_date(day);
    format!(
        "{} {} {}",
        date.day(),
        month_name(date.month0()),
        date.year()
    )
}

/// `Mar 1`: a day as the axes label it.
fn short_date(day: Day) -> String {
    let date = clock::day_to_date(day);
    format!("{} {}", month_name(date.month0()), date.day())
}

/// `Mar`.
fn month_name(month0: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES[month0 as usize % 12]
}

#[cfg(test)]
mod tests;
