//! `recall optimize [--json]`: fits FSRS-6's parameters to this database's
//! review log with the crate's optimizer (docs/design.md §11), says how
//! many reviews and cards it learnt from and how well the default and the
//! fitted parameters predict that log (log loss and RMSE(bins), plain
//! averages over every review but each card's first, as calibration in
//! `stats` computes them), and stores the fitted parameters, which FSRS
//! uses from then on. A log too small to learn from is refused.

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use crate::scheduler::Scheduler;
use crate::scheduler::fsrs::{self, Fsrs, Params, Review};
use crate::settings::Context;
use crate::stats::calibration::{self, FsrsPredictor, Tally};
use crate::width::write_line;

/// Fit FSRS's parameters to your own reviews.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The fitted parameters are stored in the database and used whenever \
                  scheduler = \"fsrs\"; `recall config` shows them. Run it again as your log \
                  grows.\n\nExample: recall optimize"
)]
pub struct Args {
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// How well one set of parameters predicts the log.
#[derive(Debug, Clone, Copy, Serialize)]
struct Fit {
    log_loss: f64,
    rmse_bins: f64,
}

#[derive(Serialize)]
struct Report {
    /// Reviews the optimizer learnt from: a day or more after the card's
    /// previous one.
    reviews: usize,
    /// Cards with at least one such review.
    cards: usize,
    default: Fit,
    fitted: Fit,
    /// The 21 weights, `w0` to `w20`.
    weights: Vec<f64>,
    /// Whether FSRS is the scheduler in force, scheduling with them now.
    in_use: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let json = args.json;
    let (store, scheduler) = super::open_store(ctx)?;
    let mut histories: Vec<Vec<Review>> = Vec::new();
    store.each_log(|_, log| {
        histories.push(
            log.iter()
                .map(|e| Review {
                    grade: e.grade,
                    day: e.day,
                })
                .collect(),
        );
    })?;
    let reviews = fsrs::fit_reviews(&histories);
    let cards = histories
        .iter()
        .filter(|log| fsrs::fit_reviews(std::slice::from_ref(log)) > 0)
        .count();
    let bar = super::bar(ctx, json, "fitting FSRS", "{percent}%");
    let fitted = fsrs::fit(&histories, |done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let params = fitted?;
    let retention = ctx.settings.desired_retention as f32;
    let report = Report {
        reviews,
        cards,
        default: evaluate(&histories, &Fsrs::new(Params::DEFAULT, retention)),
        fitted: evaluate(&histories, &Fsrs::new(params, retention)),
        weights: params
            .weights()
            .iter()
            .map(|w| w.to_string().parse().unwrap_or(f64::NAN))
            .collect(),
        in_use: matches!(scheduler, Scheduler::Fsrs(_)),
    };
    drop(histories);
    let weights = serde_json::to_string(params.weights())?;
    store.write(|w| w.set_meta(super::FSRS_PARAMS, &weights))?;
    // Under FSRS the new weights schedule every card now, not at the next
    // command.
    if report.in_use {
        super::reschedule(ctx, &store, &super::scheduler(ctx, &store)?)?;
    }
    print(&report, &store, json)?;
    Ok(ExitCode::SUCCESS)
}

/// Log loss and RMSE(bins) of FSRS with these parameters on the log, over
/// the reviews calibration scores.
fn evaluate(histories: &[Vec<Review>], model: &Fsrs) -> Fit {
    let mut tally = Tally::default();
    for log in histories {
        let reviews = log.iter().map(|r| calibration::Review {
            day: r.day,
            grade: r.grade,
        });
        calibration::score(reviews, FsrsPredictor::new(model), |p| tally.add(&p));
    }
    Fit {
        log_loss: tally.log_loss().unwrap_or(f64::NAN),
        rmse_bins: tally.rmse_bins().unwrap_or(f64::NAN),
    }
}

fn print(report: &Report, store: &crate::store::Store, json: bool) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    if json {
        // The database the text names, beside the figures.
        let mut value = serde_json::to_value(report)?;
        value["database"] = serde_json::json!(store.path().display().to_string());
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
        return Ok(());
    }
    let width = crate::width::stdout_width();
    let head = format!(
        "Fitted FSRS-6 to {} reviews of {} cards (each a day or more after the card's \
         review before).",
        report.reviews, report.cards
    );
    write_line(&mut out, width, "", &head, 0)?;
    writeln!(
        out,
        "{:<12} {:>9} {:>11}",
        "parameters", "log loss", "RMSE(bins)"
    )?;
    for (name, fit) in [("default", report.default), ("fitted", report.fitted)] {
        writeln!(
            out,
            "{name:<12} {:>9.4} {:>11.4}",
            fit.log_loss, fit.rmse_bins
        )?;
    }
    let stored = if report.in_use {
        format!(
            "The fitted parameters are stored in {} and schedule your cards from now on.",
            store.path().display()
        )
    } else {
        format!(
            "The fitted parameters are stored in {}; they schedule your cards once \
             scheduler = \"fsrs\" (see `recall config`).",
            store.path().display()
        )
    };
    write_line(&mut out, width, "", &stored, 0)?;
    Ok(())
}
