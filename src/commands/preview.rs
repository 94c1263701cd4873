//! `recall preview [PATH]`: the cards a file or folder would give, straight
//! from the notes, with no database, within the scope sync uses
//! (docs/design.md §13), with their leads and details, and the cards the
//! generator left out (§14).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use crate::block_view::{self, Layout};
use crate::cards::{self, Block, Draft, Kind, Skip};
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
    lead: &'a [Block],
    details: &'a [Block],
    line: u32,
}

/// A card left out, as `--json` prints it: a line with `skipped` (the rule)
/// and no `question`, so a script tells it from a card.
#[derive(Serialize)]
struct JsonSkip<'a> {
    deck: &'a str,
    path: &'a str,
    line: u32,
    skipped: &'static str,
    text: &'a str,
}

/// Lines of a lead or of details shown before they fold.
const FOLD_AT: usize = 12;

/// Show the cards a notes file or folder gives, without touching the database.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: recall preview notes/rust.md --json\n\n\
                  A path inside the notes folder is read with the notes folder's scope \
                  (its ignore files and the ignore setting); a path that scope leaves out \
                  gives no cards, and preview says why.")]
pub struct Args {
    /// A .md file or a folder (default: the notes folder).
    pub path: Option<PathBuf>,
    /// One JSON object per card, one per line, and one per card left out
    /// (with `skipped`, the rule, instead of `question`).
    #[arg(long)]
    pub json: bool,
    /// Show long leads and details whole instead of folding them.
    #[arg(long)]
    pub full: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let json = args.json;
    let walk = Walk::of(ctx, args.path.as_deref()).map_err(anyhow::Error::msg)?;
    let found = notes::find_part(walk.root, &walk.part, walk.scope).map_err(anyhow::Error::msg)?;
    let (files, mut errors, mut warnings) = (found.files, found.errors, found.warnings);
    let mut skipped = match ctx.verbose {
        true => notes::skipped(walk.root, &walk.part, walk.scope).map_err(anyhow::Error::msg)?,
        false => Vec::new(),
    };
    // A path named outright and left out gets its reason even without -v.
    if let Some(named) = walk.named_left_out(files.is_empty()) {
        skipped.push(named);
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let width = crate::width::stdout_width();
    let (mut lists, mut clozes) = (0usize, 0usize);
    let options = super::card_options(ctx);
    let view = View {
        width,
        fold: !args.full,
    };
    // Cards left out, with the file they are in, named after the output.
    let mut left_out: Vec<(String, Skip)> = Vec::new();
    for file in &files {
        let text = match notes::read(&file.path) {
            Ok(text) => text,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let generated = cards::generate_with(&file.deck, &text, &options);
        let path = file.path.display().to_string();
        warnings.extend(cards::front_matter::warning(&text, &path));
        if walk.named_file && cards::front_matter::opts_out(&text) {
            skipped.push(notes::Skipped {
                path: file.path.clone(),
                reason: notes::Reason::FrontMatter,
            });
        }
        if !json && !generated.drafts.is_empty() {
            let head = format!("── {} ({}) ──", file.deck, file.path.display());
            write_line(&mut out, width, "", &head, 3)?;
        }
        for draft in &generated.drafts {
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
                    lead: &draft.lead,
                    details: &draft.details,
                    line: draft.line,
                };
                serde_json::to_writer(&mut out, &card).context("cannot write JSON")?;
                writeln!(out)?;
            } else {
                write_card(&mut out, draft, view)?;
            }
        }
        // Only when asked, so that a script reading one card a line reads
        // cards alone, as before.
        if json && ctx.verbose {
            for skip in &generated.skips {
                let line = JsonSkip {
                    deck: &file.deck,
                    path: &path,
                    line: skip.line,
                    skipped: skip.rule.as_str(),
                    text: &skip.text,
                };
                serde_json::to_writer(&mut out, &line).context("cannot write JSON")?;
                writeln!(out)?;
            }
        }
        left_out.extend(generated.skips.into_iter().map(|s| (path.clone(), s)));
    }
    if !json {
        let mut count = format!("{} cards: {lists} list, {clozes} cloze", lists + clozes);
        if !left_out.is_empty() {
            count.push_str(&format!("; {} left out", left_out.len()));
            if !ctx.verbose {
                count.push_str(" (-v names them)");
            }
        }
        write_line(&mut out, width, "", &count, 2)?;
    }
    out.flush()?;
    for warning in warnings.iter().filter(|_| !ctx.quiet) {
        eprintln!("warning: {warning}");
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.dedup_by(|a, b| a.path == b.path);
    for s in &skipped {
        eprintln!("skipped {}: {}", s.path.display(), s.reason);
    }
    for (path, skip) in left_out.iter().filter(|_| ctx.verbose) {
        eprintln!("skipped {}", skip.describe(Path::new(path)));
    }
    for error in &errors {
        eprintln!("error: {error}");
    }
    Ok(super::status(!errors.is_empty()))
}

/// What a preview walks: the notes root and the part of it named, under the
/// notes root's scope; or a path outside the notes root, walked as a notes
/// root of its own (its own ignore files, hidden names skipped, but not the
/// `ignore` setting, whose globs are relative to the notes root).
struct Walk<'c> {
    root: &'c Path,
    part: PathBuf,
    scope: &'c notes::Scope,
    /// Whether a single file was named.
    named_file: bool,
}

/// The scope of a folder outside the notes root.
static NO_SETTING: notes::Scope = notes::Scope::EMPTY;

impl<'c> Walk<'c> {
    fn of(ctx: &'c Context, path: Option<&'c Path>) -> Result<Walk<'c>, String> {
        let notes_root = &ctx.settings.notes;
        let scope = &ctx.settings.ignore;
        let Some(path) = path else {
            return Ok(Walk {
                root: notes_root,
                part: PathBuf::new(),
                scope,
                named_file: false,
            });
        };
        let meta = notes::check_root(path)?;
        let within = |root: &Path| -> Option<PathBuf> {
            let (root, path) = (root.canonicalize().ok()?, path.canonicalize().ok()?);
            path.strip_prefix(&root).ok().map(Path::to_path_buf)
        };
        let walk = match within(notes_root).filter(|_| notes_root.is_dir()) {
            // The notes root itself, however it is spelled: named as given.
            Some(part) if part.as_os_str().is_empty() => Walk {
                root: path,
                part,
                scope,
                named_file: false,
            },
            Some(part) => Walk {
                root: notes_root,
                part,
                scope,
                named_file: meta.is_file(),
            },
            None => Walk {
                root: path,
                part: PathBuf::new(),
                scope: &NO_SETTING,
                named_file: meta.is_file(),
            },
        };
        Ok(walk)
    }

    /// The named path, if the walk found nothing because the scope leaves
    /// that path out, with why.
    fn named_left_out(&self, found_nothing: bool) -> Option<notes::Skipped> {
        if !found_nothing || self.part.as_os_str().is_empty() {
            return None;
        }
        let reason =
            notes::why_left_out(self.root, &self.part, !self.named_file, self.scope).ok()??;
        Some(notes::Skipped {
            path: self.root.join(&self.part),
            reason,
        })
    }
}

/// How cards are shown: the terminal's width (`None`: piped) and whether
/// long leads and details fold.
#[derive(Clone, Copy)]
struct View {
    width: Option<usize>,
    fold: bool,
}

/// One card: where it is, its question, then its answer as review shows it:
/// the lead, the items, the details. On a terminal (`width`), each line wraps under its own
/// label.
fn write_card(out: &mut impl Write, draft: &Draft, view: View) -> io::Result<()> {
    let width = view.width;
    writeln!(out)?;
    let mut head = format!("line {} · {}", draft.line, draft.kind.as_str());
    let mut indent = 2;
    if !draft.context_md.is_empty() {
        head.push_str(" · ");
        indent = columns(&head);
        head.push_str(&draft.context_md.join(" › "));
    }
    write_line(out, width, "", &head, indent)?;
    // How many items, or what details answer a card without items.
    let count = match draft.kind {
        Kind::List => block_view::count(draft.answer_md.len(), &draft.details),
        Kind::Cloze => None,
    };
    let question = match count {
        Some(count) => format!("{} ({count})", draft.question_md),
        None => draft.question_md.clone(),
    };
    write_line(out, width, "  Q: ", &question, 5)?;
    write_blocks(out, &draft.lead, view)?;
    for item in &draft.answer_md {
        write_line(out, width, "     - ", item, 7)?;
    }
    write_blocks(out, &draft.details, view)?;
    Ok(())
}

/// A lead or details under the question, folded when long.
fn write_blocks(out: &mut impl Write, blocks: &[Block], view: View) -> io::Result<()> {
    if blocks.is_empty() {
        return Ok(());
    }
    let layout = Layout {
        width: view.width,
        color: false,
        indent: "     ",
    };
    let mut lines = block_view::lines(blocks, layout);
    if view.fold {
        lines = block_view::fold(
            lines,
            FOLD_AT,
            layout.indent,
            "preview --full shows them all",
        );
    }
    for line in lines {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
