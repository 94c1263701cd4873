//! `recall preview [PATH]`: the cards a file or folder would give, straight
//! from the notes, with no database.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use crate::cards::{self, Draft, Kind};
use crate::notes;
use crate::settings::Context;
use crate::width::{columns, write_line};

#[derive(Serialize)]
struct JsonCard<'a> {
    deck: &'a str,
    kind: Kind,
    context: &'a [String],
    question: &'a str,
    answer: &'a [String],
    line: u32,
}

/// Show the cards a notes file or folder gives, without touching the database.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: recall preview notes/rust.md --json")]
pub struct Args {
    /// A .md file or a folder (default: the notes folder).
    pub path: Option<PathBuf>,
    /// One JSON object per card, one per line.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let json = args.json;
    let root = args.path.as_deref().unwrap_or(&ctx.settings.notes);
    let (files, mut errors) = notes::find(root).map_err(anyhow::Error::msg)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let width = crate::width::stdout_width();
    let (mut lists, mut clozes) = (0usize, 0usize);
    for file in &files {
        let text = match notes::read(&file.path) {
            Ok(text) => text,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let options = cards::Options {
            cloze: ctx.settings.cloze,
        };
        let drafts = cards::generate_with(&file.deck, &text, options);
        if !json && !drafts.is_empty() {
            let head = format!("── {} ({}) ──", file.deck, file.path.display());
            write_line(&mut out, width, "", &head, 3)?;
        }
        for draft in &drafts {
            match draft.kind {
                Kind::List => lists += 1,
                Kind::Cloze => clozes += 1,
            }
            if json {
                let card = JsonCard {
                    deck: &draft.deck,
                    kind: draft.kind,
                    context: &draft.context,
                    question: &draft.question,
                    answer: &draft.answer,
                    line: draft.line,
                };
                serde_json::to_writer(&mut out, &card).context("cannot write JSON")?;
                writeln!(out)?;
            } else {
                write_card(&mut out, draft, width)?;
            }
        }
    }
    if !json {
        let count = format!("{} cards: {lists} list, {clozes} cloze", lists + clozes);
        write_line(&mut out, width, "", &count, 2)?;
    }
    out.flush()?;
    for error in &errors {
        eprintln!("error: {error}");
    }
    Ok(super::status(!errors.is_empty()))
}

/// One card: where it is, its question, its answer items. On a terminal
/// (`width`), each line wraps under its own label.
fn write_card(out: &mut impl Write, draft: &Draft, width: Option<usize>) -> io::Result<()> {
    writeln!(out)?;
    let mut head = format!("line {} · {}", draft.line, draft.kind.as_str());
    let mut indent = 2;
    if !draft.context_md.is_empty() {
        head.push_str(" · ");
        indent = columns(&head);
        head.push_str(&draft.context_md.join(" › "));
    }
    write_line(out, width, "", &head, indent)?;
    let question = match draft.kind {
        Kind::List => format!(
            "{} ({} item{})",
            draft.question_md,
            draft.answer_md.len(),
            if draft.answer_md.len() == 1 { "" } else { "s" }
        ),
        Kind::Cloze => draft.question_md.clone(),
    };
    write_line(out, width, "  Q: ", &question, 5)?;
    for item in &draft.answer_md {
        write_line(out, width, "     - ", item, 7)?;
    }
    Ok(())
}
