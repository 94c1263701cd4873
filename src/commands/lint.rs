//! `recall lint [--deck GLOB] [--json] [--strict]`: the cards the notes give
//! that are likely poor, each with `file:line`, what is wrong and what to do
//! in the note (`lint`, docs/design.md §14.3), then how many cards the
//! rules of §14.2 left out, per rule (`-v` names each, as `preview -v`
//! does). Straight from the notes, within the
//! scope sync uses; no database. `--strict` exits 1 when a card is listed,
//! for a notes repository's CI.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use crate::cards::{self, Draft, SkipRule};
use crate::lint::{self, Finding};
use crate::notes;
use crate::settings::Context;
use crate::width::write_line;

/// List the cards likely poor, and what to do in the notes.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  recall lint\n  recall lint --deck 'rust/*' --strict   \
                  (exit status 1 when a card is listed, for CI)"
)]
pub struct Args {
    /// Only decks matching this glob (`*` matches across folders).
    #[arg(long)]
    pub deck: Option<String>,
    /// One JSON object: the cards listed and the counts.
    #[arg(long)]
    pub json: bool,
    /// Exit with status 1 when any card is listed.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    file: String,
    line: u32,
    deck: &'a str,
    question: &'a str,
    problem: &'static str,
    what: String,
    advice: &'static str,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let decks = super::deck_filter(args.deck.as_deref())?;
    let root = &ctx.settings.notes;
    notes::check_root(root).map_err(anyhow::Error::msg)?;
    let found = notes::find(root, &ctx.settings.ignore).map_err(anyhow::Error::msg)?;
    let mut errors: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
    let options = super::card_options(ctx);
    let mut drafts: Vec<Draft> = Vec::new();
    let mut paths: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut left_out: BTreeMap<SkipRule, usize> = BTreeMap::new();
    let mut skips: Vec<String> = Vec::new();
    for file in found
        .files
        .iter()
        .filter(|f| decks.as_ref().is_none_or(|d| d.matches(&f.deck)))
    {
        let text = match notes::read(&file.path) {
            Ok(text) => text,
            Err(e) => {
                errors.push(e.to_string());
                continue;
            }
        };
        let generated = cards::generate_with(&file.deck, &text, &options);
        for skip in &generated.skips {
            *left_out.entry(skip.rule).or_default() += 1;
            skips.push(skip.describe(&file.path));
        }
        drafts.extend(generated.drafts);
        paths.insert(file.deck.clone(), file.path.clone());
    }
    let findings = lint::lint(&drafts);
    let path_of = |f: &Finding<'_>| {
        paths
            .get(&f.draft.deck)
            .map_or_else(|| f.draft.deck.clone(), |p| p.display().to_string())
    };

    let mut out = io::stdout().lock();
    if args.json {
        let listed: Vec<JsonFinding<'_>> = findings
            .iter()
            .map(|f| JsonFinding {
                file: path_of(f),
                line: f.draft.line,
                deck: &f.draft.deck,
                question: &f.draft.question,
                problem: f.problem.code(),
                what: f.problem.what(),
                advice: f.problem.advice(),
            })
            .collect();
        let counts: BTreeMap<&str, usize> = left_out
            .iter()
            .map(|(rule, n)| (rule.as_str(), *n))
            .collect();
        let value = serde_json::json!({
            "cards": drafts.len(),
            "listed": listed,
            "left_out": counts,
        });
        serde_json::to_writer(&mut out, &value).context("cannot write JSON")?;
        writeln!(out)?;
    } else {
        let width = crate::width::stdout_width();
        for f in &findings {
            let line = format!(
                "{}:{}: {} ({:?}): {}",
                path_of(f),
                f.draft.line,
                f.problem.what(),
                f.draft.question,
                f.problem.advice()
            );
            write_line(&mut out, width, "", &line, 4)?;
        }
        write_line(
            &mut out,
            width,
            "",
            &closing(&findings, drafts.len(), &left_out),
            2,
        )?;
    }
    out.flush()?;
    for skip in skips.iter().filter(|_| ctx.verbose) {
        eprintln!("skipped {skip}");
    }
    for error in &errors {
        eprintln!("error: {error}");
    }
    let failed = !errors.is_empty() || (args.strict && !findings.is_empty());
    Ok(super::status(failed))
}

/// The closing line: how many cards are listed of how many, and what the
/// rules left out, e.g. `2 of 48 cards listed; left out: 3 reference
/// sections, 1 link list`.
fn closing(findings: &[Finding<'_>], cards: usize, left_out: &BTreeMap<SkipRule, usize>) -> String {
    let mut listed: Vec<*const Draft> = findings.iter().map(|f| f.draft as *const Draft).collect();
    listed.dedup();
    let mut line = format!(
        "{} of {cards} card{} listed",
        listed.len(),
        if cards == 1 { "" } else { "s" }
    );
    let counts: Vec<String> = left_out
        .iter()
        .map(|(rule, &n)| format!("{n} {}", plural(*rule, n)))
        .collect();
    match counts.is_empty() {
        true => line.push_str("; nothing left out"),
        false => line.push_str(&format!("; left out: {}", counts.join(", "))),
    }
    line
}

/// What a rule left out, counted.
fn plural(rule: SkipRule, n: usize) -> &'static str {
    let one = n == 1;
    match rule {
        SkipRule::ReferenceSection if one => "reference section",
        SkipRule::ReferenceSection => "reference sections",
        SkipRule::LinkList if one => "link list",
        SkipRule::LinkList => "link lists",
        SkipRule::ClozeTooShort if one => "cloze too short",
        SkipRule::ClozeTooShort => "clozes too short",
        SkipRule::ClozeGivesItselfAway if one => "cloze that gives itself away",
        SkipRule::ClozeGivesItselfAway => "clozes that give themselves away",
    }
}
