//! `recall check [--json]`: verifies the database like `git fsck` — SQLite's
//! integrity and foreign keys, and every schedule against its review log.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::cli::Cli;

pub fn run(cli: &Cli, json: bool) -> anyhow::Result<ExitCode> {
    let store = super::open_store(cli)?;
    let problems = store.check()?;
    let cards = store.live_count()?;
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({ "ok": problems.is_empty(), "problems": problems }),
        )?;
        writeln!(out)?;
    } else if problems.is_empty() {
        writeln!(
            out,
            "ok: {} is intact; every schedule matches its review log ({cards} cards)",
            store.path().display()
        )?;
    } else {
        for p in &problems {
            match p.card {
                Some(card) => writeln!(out, "card {card}: {}", p.what)?,
                None => writeln!(out, "{}", p.what)?,
            }
        }
        writeln!(
            out,
            "{} problem{} found",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        )?;
    }
    Ok(super::status(!problems.is_empty()))
}
