//! How well SM-2 and FSRS predicted the learner's recall: predicted against
//! observed recall in the ten bins of predicted recall, beside the
//! diagonal of a perfect prediction, and the figures `stats` prints (log
//! loss, RMSE(bins), AUC) to the same three decimals.

use std::fmt::Write;

use super::svg::{self, Frame, Scale, count, esc, num, percent};
use super::{close_section, empty, open_section, table};
use crate::stats::Stats;
use crate::stats::calibration::{Calibration, Figures, MIN_REVIEWS, RecallBin};

pub fn section(out: &mut String, stats: &Stats) {
    open_section(
        out,
        "calibration",
        false,
        "How well each scheduler predicts your recall",
    );
    let Some(report) = &stats.calibration else {
        empty(out, "Calibration was not computed.");
        close_section(out);
        return;
    };
    let (sm2, fsrs) = match (&report.sm2, &report.fsrs) {
        (Calibration::Ready(sm2), Calibration::Ready(fsrs)) => (sm2, fsrs),
        (Calibration::NeedsMoreReviews { reviews, .. }, _)
        | (_, Calibration::NeedsMoreReviews { reviews, .. }) => {
            empty(
                out,
                &format!(
                    "Not enough reviews yet: {} more reviews made a day or more after the card's \
                     one before ({} so far, {MIN_REVIEWS} wanted) are needed to say how well \
                     SM-2 and FSRS predict your recall.",
                    count(MIN_REVIEWS.saturating_sub(*reviews)),
                    count(*reviews)
                ),
            );
            close_section(out);
            return;
        }
    };
    let summary = format!(
        "Over {} reviews: log loss SM-2 {:.3}, FSRS-6 {:.3}; RMSE(bins) SM-2 {:.3}, FSRS-6 {:.3}. \
         Lower is better; a point on the diagonal is a bin predicted exactly.",
        count(sm2.reviews),
        sm2.log_loss,
        fsrs.log_loss,
        sm2.rmse_bins,
        fsrs.rmse_bins
    );
    figures(out, sm2, fsrs);
    out.push_str("<figure>");
    draw(out, sm2, fsrs, &summary);
    let _ = write!(
        out,
        "<ul class=\"legend\"><li><span class=\"swatch sm2\"></span>SM-2</li>\
         <li><span class=\"swatch fsrs\"></span>FSRS-6 ({} parameters)</li></ul>\
         <figcaption>Each mark is a tenth of predicted recall, as large as its share of \
         reviews. {}.</figcaption></figure>",
        report.fsrs_parameters,
        esc(report.sm2_model)
    );
    let cell = |b: &RecallBin| match (b.predicted, b.observed) {
        (Some(p), Some(o)) => format!("{} · {} → {}", count(b.count), percent(p), percent(o)),
        _ => "–".to_string(),
    };
    let rows: Vec<Vec<String>> = sm2
        .bins
        .iter()
        .zip(&fsrs.bins)
        .rev()
        .map(|(a, b)| {
            vec![
                format!("{:.0}–{:.0}%", a.from * 100.0, a.to * 100.0),
                cell(a),
                cell(b),
            ]
        })
        .collect();
    table(
        out,
        "Reviews, predicted → observed recall per bin, as a table",
        &["Predicted recall", "SM-2", "FSRS-6"],
        &rows,
    );
    close_section(out);
}

/// The three figures of each scheduler, as `stats` prints them, a
/// scheduler a column so that the table stays narrow.
fn figures(out: &mut String, sm2: &Figures, fsrs: &Figures) {
    let auc = |f: &Figures| f.auc.map_or("–".to_string(), |auc| format!("{auc:.3}"));
    let rows = [
        (
            "Reviews scored",
            "reviews",
            count(sm2.reviews),
            count(fsrs.reviews),
        ),
        (
            "Log loss",
            "log-loss",
            format!("{:.3}", sm2.log_loss),
            format!("{:.3}", fsrs.log_loss),
        ),
        (
            "RMSE(bins)",
            "rmse",
            format!("{:.3}", sm2.rmse_bins),
            format!("{:.3}", fsrs.rmse_bins),
        ),
        ("AUC", "auc", auc(sm2), auc(fsrs)),
    ];
    out.push_str(
        "<table class=\"figures\"><thead><tr><th scope=\"col\">Figure</th>\
         <th scope=\"col\">SM-2</th><th scope=\"col\">FSRS-6</th></tr></thead><tbody>",
    );
    for (name, class, a, b) in rows {
        let _ = write!(
            out,
            "<tr class=\"{class}\"><th scope=\"row\">{name}</th><td>{a}</td><td>{b}</td></tr>"
        );
    }
    out.push_str(
        "</tbody></table><p class=\"note\">Lower log loss and RMSE(bins) are better; a higher \
         AUC tells recalls from lapses better.</p>",
    );
}

fn draw(out: &mut String, sm2: &Figures, fsrs: &Figures, summary: &str) {
    let frame = Frame {
        width: 360.0,
        height: 260.0,
        left: 40.0,
        right: 12.0,
        top: 10.0,
        bottom: 34.0,
    };
    let scale = Scale {
        top: 100.0,
        step: 20.0,
    };
    svg::open(
        out,
        "calibration-chart",
        "chart",
        (frame.width, frame.height),
        "Predicted against observed recall, SM-2 and FSRS-6",
        summary,
    );
    svg::y_axis(out, &frame, 0.0, &scale, |v| format!("{v:.0}%"));
    let x_of = |share: f64| frame.left + frame.plot_width() * share;
    for value in scale.ticks() {
        svg::x_label(out, &frame, x_of(value / 100.0), &format!("{value:.0}%"));
    }
    let _ = write!(
        out,
        "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">predicted recall</text>\
         <text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"start\">observed</text>\
         <line class=\"diagonal\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
        num(frame.left + frame.plot_width() / 2.0),
        num(frame.height - 3.0),
        num(frame.left + 4.0),
        num(frame.top + 10.0),
        num(x_of(0.0)),
        num(frame.y(0.0, 0.0, &scale)),
        num(x_of(1.0)),
        num(frame.y(100.0, 0.0, &scale))
    );
    let most = sm2
        .bins
        .iter()
        .chain(&fsrs.bins)
        .map(|b| b.count)
        .max()
        .unwrap_or(1)
        .max(1);
    for (class, name, f) in [("sm2", "SM-2", sm2), ("fsrs", "FSRS-6", fsrs)] {
        for bin in &f.bins {
            let (Some(predicted), Some(observed)) = (bin.predicted, bin.observed) else {
                continue;
            };
            let size = 2.5 + 5.5 * (bin.count as f64 / most as f64).sqrt();
            let (x, y) = (x_of(predicted), frame.y(observed * 100.0, 0.0, &scale));
            let title = format!(
                "{name}, predicted {:.0}–{:.0}%: {} reviews, predicted {} on average, {} recalled",
                bin.from * 100.0,
                bin.to * 100.0,
                count(bin.count),
                percent(predicted),
                percent(observed)
            );
            let data = format!(
                "data-from=\"{}\" data-count=\"{}\" data-predicted=\"{predicted:.4}\" data-observed=\"{observed:.4}\"",
                num(bin.from * 100.0),
                bin.count
            );
            // SM-2 as circles, FSRS as squares: told apart without colour.
            if class == "sm2" {
                let _ = write!(
                    out,
                    "<circle class=\"{class}\" {data} cx=\"{}\" cy=\"{}\" r=\"{}\"><title>{}</title></circle>",
                    num(x),
                    num(y),
                    num(size),
                    esc(&title)
                );
            } else {
                let _ = write!(
                    out,
                    "<rect class=\"{class}\" {data} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>",
                    num(x - size * 0.9),
                    num(y - size * 0.9),
                    num(size * 1.8),
                    num(size * 1.8),
                    esc(&title)
                );
            }
        }
    }
    svg::close(out);
}
