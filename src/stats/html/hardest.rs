//! The hardest cards, by the measure of the scheduler in force, each with
//! the `file:line` it comes from; and the leeches.

use std::fmt::Write;

use super::svg::{esc, plural};
use super::{close_section, empty, open_section};
use crate::stats::{LEECH_LAPSES, Stats};
use crate::store::Hardest;

pub fn section(out: &mut String, stats: &Stats, source_of: &dyn Fn(&str) -> String) {
    let by = match stats.hardest_by {
        Hardest::LowestEf => "lowest EF",
        Hardest::HighestDifficulty => "highest FSRS difficulty",
    };
    open_section(out, "hardest", false, &format!("Hardest cards ({by})"));
    if stats.hardest.is_empty() {
        empty(
            out,
            "No card reviewed yet: the cards you find hardest show here, with the line of your \
             notes they come from.",
        );
    } else {
        out.push_str("<ol class=\"hardest\">");
        for h in &stats.hardest {
            let measure = match (stats.hardest_by, h.difficulty) {
                (Hardest::HighestDifficulty, Some(d)) => format!("difficulty {d:.2}"),
                _ => format!("EF {:.2}", h.ef),
            };
            item(
                out,
                h.id,
                &h.question,
                &format!("{}:{}", source_of(&h.deck), h.line),
                &format!(
                    "{measure} · {}",
                    plural(u64::from(h.lapses), "lapse", "lapses")
                ),
            );
        }
        out.push_str("</ol>");
    }
    if !stats.leeches.is_empty() {
        let _ = write!(
            out,
            "<h3>Leeches ({LEECH_LAPSES} lapses or more)</h3><p class=\"note\">Cards forgotten \
             again and again: rewriting or splitting the note often helps more than reviewing.</p>\
             <ol class=\"hardest leeches\">"
        );
        for l in &stats.leeches {
            item(
                out,
                l.id,
                &l.question,
                &format!("{}:{}", source_of(&l.deck), l.line),
                &plural(u64::from(l.lapses), "lapse", "lapses"),
            );
        }
        out.push_str("</ol>");
    }
    close_section(out);
}

fn item(out: &mut String, id: i64, question: &str, place: &str, measure: &str) {
    // A measure and its unit stay on one line.
    let measure = measure
        .replace(' ', "\u{a0}")
        .replace("\u{a0}·\u{a0}", " · ");
    let _ = write!(
        out,
        "<li data-id=\"{id}\"><span class=\"q\">{}</span><span class=\"where\">{}</span> \
         <span class=\"note\">· {} · card {id}</span></li>",
        esc(question),
        esc(place),
        esc(&measure)
    );
}
