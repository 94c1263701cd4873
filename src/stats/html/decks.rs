//! The decks with their progress: a bar of mature, learning, new and
//! suspended cards each, with what is due and how well mature cards are
//! retained.

use std::fmt::Write;

use super::svg::{count, esc, num, percent};
use super::{close_section, empty, open_section};
use crate::stats::{Deck, Stats};

pub fn section(out: &mut String, stats: &Stats) {
    open_section(out, "decks", true, "Decks");
    if stats.decks.is_empty() {
        empty(
            out,
            "No decks yet: each Markdown file of your notes that gives cards is a deck.",
        );
        close_section(out);
        return;
    }
    out.push_str(
        "<div class=\"table-wrap\"><table class=\"decks\"><thead><tr>\
         <th scope=\"col\">Deck</th><th scope=\"col\">Progress</th><th scope=\"col\">Cards</th>\
         <th scope=\"col\" class=\"hide-narrow\">New</th>\
         <th scope=\"col\" class=\"hide-narrow\">Learning</th>\
         <th scope=\"col\" class=\"hide-narrow\">Mature</th><th scope=\"col\">Due</th>\
         <th scope=\"col\">Retention</th></tr></thead><tbody>",
    );
    for d in &stats.decks {
        let _ = write!(
            out,
            "<tr data-deck=\"{}\"><th scope=\"row\" class=\"deck\">{}</th><td>",
            esc(&d.deck),
            esc(&d.deck)
        );
        progress(out, d);
        let _ = write!(
            out,
            "</td><td>{}</td><td class=\"hide-narrow\">{}</td><td class=\"hide-narrow\">{}</td>\
             <td class=\"hide-narrow\">{}</td><td>{}</td><td>{}</td></tr>",
            count(d.cards),
            count(d.new),
            count(d.learning),
            count(d.mature),
            count(d.due),
            d.retention.rate.map_or("–".to_string(), |rate| format!(
                "{}<span class=\"hide-narrow\"> of {}</span>",
                percent(rate),
                count(d.retention.reviews)
            ))
        );
    }
    out.push_str(
        "</tbody></table></div><ul class=\"legend\"><li><span class=\"swatch mature\"></span>mature</li>\
         <li><span class=\"swatch learning\"></span>learning</li>\
         <li><span class=\"swatch new\"></span>new</li>\
         <li><span class=\"swatch suspended\"></span>suspended</li></ul>\
         <p class=\"note\">Retention: the share of reviews of the deck's mature cards graded 3 or \
         more, of that many reviews.</p>",
    );
    close_section(out);
}

/// A deck's cards as one bar, mature first.
fn progress(out: &mut String, d: &Deck) {
    let parts = [
        ("mature", d.mature),
        ("learning", d.learning),
        ("new", d.new),
        ("suspended", d.suspended),
    ];
    let total = d.cards.max(1) as f64;
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"progress\" viewBox=\"0 0 100 10\" \
         preserveAspectRatio=\"none\" role=\"img\"><title>{}: {} mature, {} learning, {} new, {} \
         suspended</title>",
        esc(&d.deck),
        d.mature,
        d.learning,
        d.new,
        d.suspended
    );
    let mut x = 0.0;
    for (class, n) in parts {
        if n == 0 {
            continue;
        }
        let width = 100.0 * n as f64 / total;
        let _ = write!(
            out,
            "<rect class=\"{class}\" data-value=\"{n}\" x=\"{}\" y=\"0\" width=\"{}\" height=\"10\"/>",
            num(x),
            num(width)
        );
        x += width;
    }
    out.push_str("</svg>");
}
