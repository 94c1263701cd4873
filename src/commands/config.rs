//! `recall config [--json]`: the settings in force and where each came from,
//! and the FSRS parameters in use (FSRS-6's defaults, or those `recall
//! optimize` fitted to this database, docs/design.md §11).

use std::io::{self, Write};
use std::process::ExitCode;

use crate::scheduler::fsrs::Params;
use crate::settings::Context;

/// Print the settings in force and where each comes from, FSRS's parameters
/// and this database's device id.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Settings come from flags, then environment variables, then recall.toml, then defaults."
)]
pub struct Args {
    /// Print them as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let json = args.json;
    let s = &ctx.settings;
    // Looking creates nothing: without a database there is nothing stored.
    let store = match s.db.exists() {
        true => Some(crate::store::Store::open_waiting(&s.db, s.busy_timeout())?),
        false => None,
    };
    let (params, fitted) = match store.as_ref().map(super::fitted_params).transpose()? {
        Some(Some(params)) => (params, true),
        _ => (Params::DEFAULT, false),
    };
    let device_id = store.as_ref().map(|s| s.device_id()).transpose()?.flatten();
    let mut out = io::stdout().lock();
    if json {
        let mut value = serde_json::to_value(s)?;
        // Each weight as the f32 it is (0.212, not 0.21199999749660492).
        let weights: Vec<f64> = params
            .weights()
            .iter()
            .map(|w| w.to_string().parse().unwrap_or(f64::NAN))
            .collect();
        value["fsrs_params"] = serde_json::json!({ "fitted": fitted, "weights": weights });
        value["device_id"] = serde_json::json!(device_id);
        value["sources"]["device_id"] =
            serde_json::json!(DeviceIdSource::of(device_id.as_deref()).key());
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows = [
        ("notes", s.notes.display().to_string(), &s.sources.notes),
        ("db", s.db.display().to_string(), &s.sources.db),
        (
            "new_per_day",
            s.new_per_day.to_string(),
            &s.sources.new_per_day,
        ),
        (
            "day_starts_at",
            s.day_starts_at.to_string(),
            &s.sources.day_starts_at,
        ),
        ("cloze", s.cloze.to_string(), &s.sources.cloze),
        (
            "skip_headings",
            match s.skip_headings.len() {
                0 => "none".to_string(),
                1 => "1 name, below".to_string(),
                n => format!("{n} names, below"),
            },
            &s.sources.skip_headings,
        ),
        (
            "skip_link_lists",
            s.skip_link_lists.to_string(),
            &s.sources.skip_link_lists,
        ),
        (
            "cloze_min_words",
            s.cloze_min_words.to_string(),
            &s.sources.cloze_min_words,
        ),
        (
            "type_answers",
            s.type_answers.to_string(),
            &s.sources.type_answers,
        ),
        ("scheduler", s.scheduler.name().into(), &s.sources.scheduler),
        (
            "desired_retention",
            s.desired_retention.to_string(),
            &s.sources.desired_retention,
        ),
        (
            "max_reviews_per_day",
            match s.max_reviews_per_day {
                0 => "0 (no limit)".to_string(),
                n => n.to_string(),
            },
            &s.sources.max_reviews_per_day,
        ),
        (
            "load_balance",
            match s.load_balance {
                Some(true) => "on".to_string(),
                Some(false) => "off".to_string(),
                None => format!(
                    "{} (on under fsrs, off under sm2)",
                    match s.scheduler {
                        crate::settings::SchedulerChoice::Fsrs => "on",
                        crate::settings::SchedulerChoice::Sm2 => "off",
                    }
                ),
            },
            &s.sources.load_balance,
        ),
        (
            "easy_days",
            format!(
                "{:?}",
                s.easy_days
                    .days()
                    .map(crate::settings::weekday_name)
                    .collect::<Vec<_>>()
            ),
            &s.sources.easy_days,
        ),
        (
            "busy_timeout_ms",
            s.busy_timeout_ms.to_string(),
            &s.sources.busy_timeout_ms,
        ),
        (
            "ignore",
            format!("{:?}", s.ignore.patterns()),
            &s.sources.ignore,
        ),
        (
            "shared",
            s.shared
                .as_ref()
                .map_or("none".into(), |d| d.display().to_string()),
            &s.sources.shared,
        ),
        (
            "device",
            s.device.clone().unwrap_or_else(|| "none".into()),
            &s.sources.device,
        ),
    ];
    let mut rows: Vec<(&str, String, String)> = rows
        .into_iter()
        .map(|(name, value, source)| (name, value, source.to_string()))
        .collect();
    let source = DeviceIdSource::of(device_id.as_deref()).to_string();
    rows.push((
        "device_id",
        device_id.unwrap_or_else(|| "none".into()),
        source,
    ));
    let width = rows.iter().map(|(name, ..)| name.len()).max().unwrap_or(0);
    // Values line up after the longest, at least 24 columns as they always did.
    let values = rows
        .iter()
        .map(|(_, value, _)| crate::width::columns(value))
        .max()
        .unwrap_or(0)
        .max(24);
    for (name, value, source) in rows {
        let value = crate::width::pad(&value, values);
        writeln!(out, "{name:<width$} {value} ({source})")?;
    }
    let whose = if fitted {
        "fitted by `recall optimize`"
    } else {
        "FSRS-6's defaults"
    };
    let when = match s.scheduler {
        crate::settings::SchedulerChoice::Fsrs => "in use",
        crate::settings::SchedulerChoice::Sm2 => "in use when scheduler = \"fsrs\"",
    };
    writeln!(out, "fsrs parameters: {whose} ({when})")?;
    for (row, weights) in params.weights().chunks(7).enumerate() {
        let first = row * 7;
        let numbers: Vec<String> = weights.iter().map(|w| format!("{w:.4}")).collect();
        let label = format!("w{first}-w{}", first + weights.len() - 1);
        writeln!(out, "  {label:<8} {}", numbers.join(" "))?;
    }
    // The reference names are a list longer than a line: below the table,
    // wrapped to the terminal.
    if !s.skip_headings.is_empty() {
        let names: Vec<String> = s.skip_headings.iter().map(|n| format!("{n:?}")).collect();
        crate::width::write_line(
            &mut out,
            crate::width::stdout_width(),
            "",
            &format!("skip_headings: {}", names.join(", ")),
            2,
        )?;
    }
    match &s.file {
        Some(file) => writeln!(out, "settings file: {}", file.display())?,
        None => writeln!(
            out,
            "settings file: none (looked for ./recall.toml and ~/.config/recall/recall.toml)"
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the device id shown comes from (docs/design.md §10): the
/// database keeps it from its first exchange through a shared folder on.
enum DeviceIdSource {
    Database,
    NotYet,
}

impl DeviceIdSource {
    fn of(id: Option<&str>) -> DeviceIdSource {
        match id {
            Some(_) => DeviceIdSource::Database,
            None => DeviceIdSource::NotYet,
        }
    }

    /// As `--json` names it, beside the settings' `default`, `file`, ….
    fn key(&self) -> &'static str {
        match self {
            DeviceIdSource::Database => "database",
            DeviceIdSource::NotYet => "none",
        }
    }
}

impl std::fmt::Display for DeviceIdSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DeviceIdSource::Database => "database",
            DeviceIdSource::NotYet => "made at the first sync with shared set",
        })
    }
}
