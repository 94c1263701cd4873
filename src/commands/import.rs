//! `recall import FILE`: restores cards, schedules and reviews (with the
//! proposals of typed ones and the load balancer's due offsets) and
//! practice grades from a `recall export --format json` file, of version 1
//! to 3. Cards already present (same deck and
//! key) are kept and only receive reviews they lack, so importing the same
//! file twice changes nothing the second time. Each touched card's schedule
//! is rebuilt from its log by replay (`grading::rebuild`, docs/design.md §7).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Deserialize;

use super::export::{ExportCard, FORMAT, VERSION};
use crate::cards::BlockKind;
use crate::clock;
use crate::grading;
use crate::scheduler::Grade;
use crate::settings::Context;
use crate::store::{ImportedCard, ImportedPractice, ImportedReview};

#[derive(Deserialize)]
struct ExportFile {
    format: String,
    version: u32,
    cards: Vec<ExportCard>,
}

/// Restore cards, schedules and reviews from a `recall export --format json` file.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: recall import backup.json")]
pub struct Args {
    /// The JSON export to read.
    pub file: PathBuf,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let file = args.file.as_path();
    let text =
        fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let export: ExportFile = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{} is not a recall JSON export ({e})", file.display()))?;
    if export.format != FORMAT || export.version > VERSION {
        anyhow::bail!(
            "{} is a {:?} file of version {}; this recall reads {FORMAT:?} up to version {VERSION}",
            file.display(),
            export.format,
            export.version
        );
    }
    let clock = super::clock(ctx)?;
    let (store, scheduler) = super::open_store(ctx)?;

    // Check every entry before writing anything.
    let mut entries = Vec::new();
    for card in &export.cards {
        let row = card.row().with_context(|| {
            let blocks = card.lead.iter().chain(&card.details);
            match blocks
                .map(|b| &b.kind)
                .find(|k| BlockKind::parse(k, None).is_none())
            {
                Some(kind) => format!(
                    "{}: card {} has a block of kind {kind:?}, which this recall does not know",
                    file.display(),
                    card.id
                ),
                None => format!(
                    "{}: card {} has unknown kind {:?}",
                    file.display(),
                    card.id,
                    card.kind
                ),
            }
        })?;
        let grade = |what: &str, n: u8| {
            Grade::new(n)
                .with_context(|| format!("{}: card {} has {what} {n}", file.display(), card.id))
        };
        let day = |what: &str, day: &str| {
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map(clock::date_to_day)
                .with_context(|| {
                    format!(
                        "{}: card {} has {what} on {day:?}, not a date",
                        file.display(),
                        card.id
                    )
                })
        };
        let mut reviews = Vec::new();
        for r in &card.reviews {
            reviews.push(ImportedReview {
                at: r.at,
                day: day("a review", &r.day)?,
                grade: grade("a review with grade", r.grade)?,
                millis: r.millis,
                proposed: r
                    .proposed
                    .map(|n| grade("a review whose proposed grade is", n))
                    .transpose()?,
                due_offset: r.due_offset,
            });
        }
        let mut practice = Vec::new();
        for p in &card.practice {
            practice.push(ImportedPractice {
                at: p.at,
                day: day("a practice grade", &p.day)?,
                grade: grade("a practice grade of", p.grade)?,
                proposed: p
                    .proposed
                    .map(|n| grade("a practice grade whose proposed grade is", n))
                    .transpose()?,
            });
        }
        entries.push((row, reviews, practice));
    }

    let decks: HashSet<&str> = entries.iter().map(|(row, ..)| row.deck.as_str()).collect();
    let decks: Vec<&str> = decks.into_iter().collect();
    let stored = store.cards_of_decks(&decks)?;
    let existing: HashMap<_, i64> = stored.iter().map(|c| (c.identity(), c.id)).collect();
    let now = clock.timestamp();
    let (added_cards, added_reviews, added_practice) = store.write(|w| {
        let scheduler = grading::in_force(w, &scheduler)?;
        let (mut cards, mut reviews, mut practised) = (0usize, 0usize, 0usize);
        for (row, log, practice) in &entries {
            let id = match existing.get(&row.identity()) {
                Some(&id) => id,
                None => {
                    cards += 1;
                    w.insert_imported(&ImportedCard { row, added_at: now })?
                }
            };
            // A review is added once, whether the database has it already
            // or the file lists it twice: a backup of a database that an
            // earlier recall left holding a merged grade twice lists both,
            // and they are one grade (docs/design.md §10).
            let mut have: HashSet<_> = w.review_keys(id)?.into_iter().collect();
            let mut inserted = false;
            for r in log {
                if have.insert((r.at, r.day, r.grade)) {
                    w.insert_imported_review(id, r)?;
                    inserted = true;
                    reviews += 1;
                }
            }
            if inserted {
                grading::rebuild(w, &scheduler, id)?;
            }
            // Practice is never replayed: it is only added where missing.
            let have: HashSet<_> = w.practice_keys(id)?.into_iter().collect();
            for p in practice {
                if !have.contains(&(p.at, p.day, p.grade)) {
                    w.insert_imported_practice(id, p)?;
                    practised += 1;
                }
            }
        }
        Ok::<_, crate::store::StoreError>((cards, reviews, practised))
    })?;
    let practice = entries.iter().map(|(.., p)| p.len()).sum::<usize>();
    println!(
        "imported {} cards ({added_cards} new) and {} reviews ({added_reviews} new){} from {}",
        entries.len(),
        entries.iter().map(|(_, r, _)| r.len()).sum::<usize>(),
        if practice > 0 {
            format!(", and {practice} practice grades ({added_practice} new)")
        } else {
            String::new()
        },
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}
