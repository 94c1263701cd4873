//! `recall export --format anki|csv|json [--deck GLOB] [-o FILE]`: every card
//! out of the database — for Anki's text import, for spreadsheets, or as a
//! complete backup (JSON) that `recall import` restores. Written whole or
//! not at all (`whole`): an error part-way leaves stdout empty and an
//! earlier export under the same name as it was.

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use serde::{Deserialize, Serialize};

use super::card_view::{self, CardJson};
use super::whole::Whole;
use crate::cards::{Block, BlockKind, Kind};
use crate::clock;
use crate::scheduler::Grade;
use crate::settings::Context;
use crate::store::{CardFilter, CardRow, CardState, PracticeRow, ReviewRow};

/// Marks a JSON file as a `recall` export, and its layout version. Version
/// 2 added each typed review's proposal and each card's practice grades
/// (docs/design.md §12); version 3, each review's due offset, the days the
/// load balancer moved its card's due day by (§15). An older recall
/// refuses a newer file rather than drop what it cannot keep, so a file
/// takes the lowest version that holds what it has: a database without
/// offsets still writes version 2, and with neither offsets nor typing
/// version 1, which any recall reads.
pub const FORMAT: &str = "recall-export";
pub const VERSION: u32 = 3;
const VERSION_WITHOUT_OFFSETS: u32 = 2;
const VERSION_WITHOUT_TYPING: u32 = 1;

/// One card of a JSON export, with its whole review log.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExportCard {
    pub id: i64,
    pub deck: String,
    pub kind: String,
    #[serde(default)]
    pub ordinal: u32,
    pub context: Vec<String>,
    pub question: String,
    pub answer: Vec<String>,
    pub context_md: Vec<String>,
    pub question_md: String,
    pub answer_md: Vec<String>,
    /// A heading card's lead and an item card's details (docs/design.md
    /// §14.1); absent when there are none, as in files before them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead: Vec<ExportBlock>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ExportBlock>,
    pub line: u32,
    pub family_line: u32,
    pub retired: bool,
    pub suspended: bool,
    pub changed: bool,
    /// For readers of the file; `import` rebuilds it from `reviews`.
    pub schedule: Option<ExportSchedule>,
    pub reviews: Vec<ExportReview>,
    /// `recall cram`'s grades: kept apart from `reviews`, never replayed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practice: Vec<ExportPractice>,
}

/// A block of a lead or details: as `--json` shows it, with the plain text
/// where it differs from the Markdown, so a restore needs no notes.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExportBlock {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plain: Option<String>,
    pub line: u32,
}

impl ExportBlock {
    fn of(block: &Block) -> ExportBlock {
        ExportBlock {
            kind: block.kind.as_str().into(),
            lang: match &block.kind {
                BlockKind::Code { lang } => lang.clone(),
                _ => None,
            },
            text: block.text.md.clone(),
            plain: (block.text.plain != block.text.md).then(|| block.text.plain.clone()),
            line: block.line,
        }
    }

    /// The block, if its kind is one this recall knows.
    fn block(&self) -> Option<Block> {
        Some(Block::new(
            BlockKind::parse(&self.kind, self.lang.as_deref())?,
            self.plain.as_deref().unwrap_or(&self.text),
            &self.text,
            self.line,
        ))
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ExportSchedule {
    pub ef: f64,
    pub interval: u32,
    pub repetitions: u32,
    pub lapses: u32,
    pub due: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ExportReview {
    /// Unix seconds.
    pub at: i64,
    /// The review day (YYYY-MM-DD) it counted for.
    pub day: String,
    pub grade: u8,
    #[serde(default)]
    pub millis: u32,
    /// The grade a typed answer's comparison proposed; absent when the
    /// answer was not typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<u8>,
    /// Days the load balancer moved the card's due day by from the
    /// interval this grade gave (version 3); absent when not moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_offset: Option<i32>,
}

/// One practice grade (`recall cram`).
#[derive(Debug, Serialize, Deserialize)]
pub struct ExportPractice {
    /// Unix seconds.
    pub at: i64,
    /// The day (YYYY-MM-DD) it was given on.
    pub day: String,
    pub grade: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<u8>,
}

impl ExportCard {
    /// The card row this export entry describes (id 0: not stored yet).
    pub fn row(&self) -> Option<CardRow> {
        Some(CardRow {
            id: 0,
            deck: self.deck.clone(),
            kind: Kind::parse(&self.kind)?,
            ordinal: self.ordinal,
            context: self.context.clone(),
            question: self.question.clone(),
            answer: self.answer.clone(),
            context_md: self.context_md.clone(),
            question_md: self.question_md.clone(),
            answer_md: self.answer_md.clone(),
            lead: self
                .lead
                .iter()
                .map(ExportBlock::block)
                .collect::<Option<_>>()?,
            details: self
                .details
                .iter()
                .map(ExportBlock::block)
                .collect::<Option<_>>()?,
            line: self.line,
            family_line: self.family_line,
            retired: self.retired,
            suspended: self.suspended,
            changed: self.changed,
        })
    }
}

/// Write every card out: for Anki's text import, as CSV, or as a JSON backup.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  recall export --format anki -o recall-anki.txt   (then Anki: File > Import)\n  recall export --format json -o backup.json       (restore with recall import)"
)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Only decks matching this glob (`*` matches across folders).
    #[arg(long)]
    pub deck: Option<String>,
    /// Write to this file instead of stdout; a file already there is
    /// replaced only once the export is complete.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// What `recall export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Tab-separated text for Anki's File > Import, HTML fields, one deck per recall deck.
    Anki,
    /// Every card with its schedule, one row each; the answer's lead and
    /// details in plain text in the last two columns.
    Csv,
    /// Every card with its schedule and full review log; `recall import` reads it back.
    Json,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let (format, output) = (args.format, args.output.as_deref());
    let pattern = super::deck_filter(args.deck.as_deref())?;
    let clock = super::clock(ctx)?;
    let (store, _) = super::open_store(ctx)?;
    let sink = match output {
        Some(path) => Whole::file(path)?,
        None => Whole::stdout(),
    };
    let mut out = BufWriter::new(sink);
    let offset = *clock.now.offset();
    let mut first = true;
    let mut count = 0usize;
    match format {
        ExportFormat::Json => {
            let typed = store.typed_facts()?;
            let version = if store.has_due_offsets()? {
                VERSION
            } else if typed.iter().any(|d| d.typed > 0 || d.practice > 0) {
                VERSION_WITHOUT_OFFSETS
            } else {
                VERSION_WITHOUT_TYPING
            };
            write!(
                out,
                "{{\"format\":\"{FORMAT}\",\"version\":{version},\"cards\":["
            )?
        }
        ExportFormat::Csv => writeln!(
            out,
            "id,deck,kind,context,question,answer,state,ef,interval,repetitions,lapses,due,last_review,reviews,lead,details"
        )?,
        ExportFormat::Anki => {
            for header in [
                "#separator:tab",
                "#html:true",
                "#notetype:Basic",
                "#columns:Front\tBack\tDeck\tTags",
                "#deck column:3",
                "#tags column:4",
            ] {
                writeln!(out, "{header}")?;
            }
        }
    }
    let result = store.each_card(CardFilter::All, |state| {
        if pattern
            .as_ref()
            .is_some_and(|p| !p.matches(&state.card.deck))
        {
            return Ok(());
        }
        count += 1;
        match format {
            ExportFormat::Json => {
                if !first {
                    write!(out, ",")?;
                }
                first = false;
                let id = state.card.id;
                let history = (|| {
                    Ok::<_, crate::store::StoreError>(History {
                        reviews: store.reviews_of(id)?,
                        proposals: store.proposals_of(id)?,
                        practice: store.practice_of(id)?,
                    })
                })()
                .map_err(io::Error::other)?;
                serde_json::to_writer(&mut out, &json_card(&state, &history))?;
                Ok(())
            }
            ExportFormat::Csv => csv_line(&mut out, &state, offset),
            ExportFormat::Anki => super::anki::line(&mut out, &state),
        }
    })?;
    result?;
    if format == ExportFormat::Json {
        writeln!(out, "]}}")?;
    }
    out.into_inner()
        .map_err(io::IntoInnerError::into_error)?
        .finish()?;
    if let Some(path) = output.filter(|_| !ctx.quiet) {
        eprintln!("exported {count} cards to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// A card's reviews, the proposals of its typed ones, and its practice.
struct History {
    reviews: Vec<ReviewRow>,
    proposals: HashMap<i64, Grade>,
    practice: Vec<PracticeRow>,
}

fn json_card(state: &CardState, history: &History) -> ExportCard {
    let c = &state.card;
    ExportCard {
        id: c.id,
        deck: c.deck.clone(),
        kind: c.kind.as_str().into(),
        ordinal: c.ordinal,
        context: c.context.clone(),
        question: c.question.clone(),
        answer: c.answer.clone(),
        context_md: c.context_md.clone(),
        question_md: c.question_md.clone(),
        answer_md: c.answer_md.clone(),
        lead: c.lead.iter().map(ExportBlock::of).collect(),
        details: c.details.iter().map(ExportBlock::of).collect(),
        line: c.line,
        family_line: c.family_line,
        retired: c.retired,
        suspended: c.suspended,
        changed: c.changed,
        schedule: state.schedule().map(|s| ExportSchedule {
            ef: f64::from(s.ef) / 100.0,
            interval: s.interval,
            repetitions: s.repetitions,
            lapses: s.lapses,
            due: s.due.map(clock::format_day),
        }),
        reviews: history
            .reviews
            .iter()
            .map(|r| ExportReview {
                at: r.at,
                day: clock::format_day(r.day),
                grade: r.grade.value(),
                millis: r.millis,
                proposed: history.proposals.get(&r.id).map(|g| g.value()),
                due_offset: r.due_offset,
            })
            .collect(),
        practice: history
            .practice
            .iter()
            .map(|p| ExportPractice {
                at: p.at,
                day: clock::format_day(p.day),
                grade: p.grade.value(),
                proposed: p.proposed.map(Grade::value),
            })
            .collect(),
    }
}

/// One RFC 4180 field: quoted when it holds a comma, quote or line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A lead or details in a CSV cell: plain text, as the other text columns
/// are (code as written, a table a line per row with its cells apart by
/// ` | `, no Markdown marks), the blocks apart by a blank line.
fn plain_blocks(blocks: &[Block]) -> String {
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.plain.as_str()).collect();
    texts.join("\n\n")
}

fn csv_line(
    out: &mut impl Write,
    state: &CardState,
    offset: chrono::FixedOffset,
) -> io::Result<()> {
    let j = CardJson::new(state, offset, None);
    let fields = [
        j.id.to_string(),
        j.deck.to_string(),
        j.kind.as_str().to_string(),
        j.context.join(" › "),
        j.question.to_string(),
        j.answer.join("\n"),
        card_view::status_name(j.state).to_string(),
        format!("{:.2}", j.ef),
        j.interval.to_string(),
        j.repetitions.to_string(),
        j.lapses.to_string(),
        j.due.unwrap_or_default(),
        j.last_review.unwrap_or_default(),
        j.reviews.to_string(),
        plain_blocks(j.lead),
        plain_blocks(j.details),
    ];
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    writeln!(out, "{}", line.join(","))
}
