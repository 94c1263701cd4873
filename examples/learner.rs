//! A simulated learner, whose log the README's "Choosing a scheduler"
//! examples are run on: `cargo run --release --example learner -- DIR`
//! writes `DIR/notes` (1,000 cards from the notes generator) and
//! `DIR/data/recall.db`, the database `recall` uses in `DIR` by default,
//! holding nine months of reviews under SM-2 (2025-06-01 to 2026-02-28, up
//! to 20 new cards a day, one grade a card a day, a day in six and two
//! holidays skipped, so that many cards are reviewed late). The
//! learner's memory follows FSRS-6 with weights far from the defaults
//! (quicker to forget a new card, slower to strengthen), so the log is
//! one that neither scheduler was fitted to. Deterministic: the same run
//! gives the same database.
//!
//! Then, in `DIR`, at `RECALL_NOW=2026-03-01T09:00:00+09:00`: `recall
//! stats`, `recall optimize`, `RECALL_SCHEDULER=fsrs recall review`.

#[path = "common/notes_gen.rs"]
mod notes_gen;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use recall::clock;
use recall::grading;
use recall::scheduler::fsrs::{Fsrs, Memory, Params};
use recall::scheduler::{Day, Grade, Scheduler};
use recall::store::{CardFilter, NewReview, Store};

const USAGE: &str = "usage: learner DIR";

/// The learner's memory: FSRS-6 with initial stabilities a third of the
/// defaults', a smaller gain from each success and a steeper forgetting
/// curve.
const MEMORY: [f32; 21] = [
    0.07, 0.43, 0.77, 2.77, 6.4133, 0.8334, 3.0194, 0.001, 1.2, 0.1666, 0.796, 1.4835, 0.0614,
    0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.35,
];
const NEW_PER_DAY: usize = 20;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match run(&PathBuf::from(dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("learner: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path) -> Result<(), String> {
    let notes = dir.join("notes");
    let db = dir.join("data").join("recall.db");
    if db.exists() {
        return Err(format!("{} exists already", db.display()));
    }
    let generated = notes_gen::generate(&notes, notes_gen::GenOptions::new(1_000))
        .map_err(|e| format!("writing notes: {e}"))?;
    let first = date(2025, 6, 1);
    let last = date(2026, 2, 28);
    let store = Store::open(&db).map_err(|e| e.to_string())?;
    let options = recall::sync::Options {
        now: seconds(first),
        cards: recall::cards::Options::default(),
        scope: recall::notes::Scope::EMPTY,
    };
    recall::sync::sync(&store, &notes, &options, false).map_err(|e| e.to_string())?;
    // New cards in note order: as a session introduces them.
    let mut new = Vec::new();
    store
        .each_listed_card(CardFilter::New, false, |card| {
            new.push((card.deck.to_string(), card.line, card.id));
            Ok::<(), std::io::Error>(())
        })
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    new.sort();
    let mut new = new.into_iter().map(|(_, _, id)| id);

    let memory = Fsrs::new(Params::new(&MEMORY).map_err(|e| e.to_string())?, 0.9);
    let mut rng = XorShift(0x5eed_1ea2_0e25);
    // Each card learnt: its memory, the day of its last grade, its due day.
    let mut learnt: Vec<(i64, Memory, Day, Day)> = Vec::new();
    let mut reviews = 0usize;
    let holidays = [
        (date(2025, 8, 9), date(2025, 8, 17)),
        (date(2025, 12, 24), date(2026, 1, 1)),
    ];
    for day in clock::date_to_day(first)..=clock::date_to_day(last) {
        let today = clock::day_to_date(day);
        let away = holidays
            .iter()
            .any(|&(from, to)| (from..=to).contains(&today));
        if away || rng.chance(1.0 / 6.0) {
            continue;
        }
        let at = seconds(today);
        let mut graded: Vec<(i64, Grade)> = Vec::new();
        for card in learnt.iter_mut().filter(|c| c.3 <= day) {
            let recall = memory.retrievability(card.1, (day - card.2) as u32);
            let grade = if rng.chance(f64::from(recall)) {
                match recall {
                    r if r > 0.9 => 5,
                    r if r > 0.75 => 4,
                    _ => 3,
                }
            } else {
                1 + u8::from(rng.chance(0.3))
            };
            let grade = Grade::new(grade).expect("0 to 5");
            card.1 = memory.next(Some(card.1), grade, (day - card.2) as u32);
            card.2 = day;
            graded.push((card.0, grade));
        }
        for card in new.by_ref().take(NEW_PER_DAY) {
            // A first sight: known already now and then, else half-known.
            let grade = match rng.next() % 20 {
                0..=3 => 5,
                4..=11 => 4,
                12..=16 => 3,
                _ => 1,
            };
            let grade = Grade::new(grade).expect("0 to 5");
            learnt.push((card, memory.next(None, grade, 0), day, day));
            graded.push((card, grade));
        }
        let due = store
            .write(|w| {
                let mut due = Vec::with_capacity(graded.len());
                for (i, &(card_id, grade)) in graded.iter().enumerate() {
                    let review = NewReview {
                        card_id,
                        at: at + i as i64 * 20,
                        day,
                        grade,
                        millis: 4_000,
                        due_offset: None,
                    };
                    grading::record(w, &Scheduler::Sm2, &review)?;
                    let (progress, _) = w.progress_of(card_id)?;
                    due.push((card_id, progress.and_then(|p| p.schedule.due)));
                }
                Ok::<_, recall::store::StoreError>(due)
            })
            .map_err(|e| e.to_string())?;
        reviews += graded.len();
        for (card_id, due) in due {
            let card = learnt.iter_mut().find(|c| c.0 == card_id).expect("learnt");
            card.3 = due.unwrap_or(day + 1);
        }
    }
    println!(
        "{} cards in {} files; {reviews} reviews from {first} to {last} in {}",
        generated.cards,
        generated.files,
        db.display()
    );
    Ok(())
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a date")
}

/// 09:00 in Seoul (+09:00) on `date`, in Unix seconds.
fn seconds(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp()
}

/// A small deterministic generator: the same log on every machine.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}
