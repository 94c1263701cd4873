//! How a stored card is shown by `cards` and `show`: its JSON form (with
//! FSRS's view of it under FSRS), and the names of its state and dates.

use serde::Serialize;
use serde_json::value::RawValue;

use crate::cards::{Block, Kind};
use crate::clock;
use crate::scheduler::{CardStatus, Day, Progress, Schedule, Scheduler, sm2};
use crate::store::{CardState, ListedCard};

/// A card as `cards --json` prints it: plain text as in `preview --json`,
/// with the lead and details beside the answer's items, each block with its
/// kind, language and Markdown (docs/design.md §14.1). The lists are
/// `[String]`, or when listing, the JSON arrays as stored (`RawValue`),
/// written out without being decoded and encoded again.
#[derive(Serialize)]
pub struct CardJson<'a, List: Serialize + ?Sized = [String]> {
    pub id: i64,
    pub deck: &'a str,
    pub kind: Kind,
    pub context: &'a List,
    pub question: &'a str,
    pub answer: &'a List,
    pub lead: &'a [Block],
    pub details: &'a [Block],
    pub state: CardStatus,
    pub ef: f64,
    pub interval: u32,
    pub repetitions: u32,
    pub lapses: u32,
    pub due: Option<String>,
    pub last_review: Option<String>,
    pub reviews: u32,
    pub changed: bool,
    pub line: u32,
    /// Under FSRS only.
    #[serde(flatten)]
    pub fsrs: Option<FsrsJson>,
}

/// FSRS's view of a card, under FSRS (docs/design.md §11): its memory and
/// the probability of recalling it today; `null` while new.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FsrsJson {
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    pub retrievability: Option<f64>,
}

impl FsrsJson {
    /// The view of a card at `progress` on `today`; `None` under SM-2.
    pub fn of(scheduler: &Scheduler, progress: Option<&Progress>, today: Day) -> Option<FsrsJson> {
        let Scheduler::Fsrs(_) = scheduler else {
            return None;
        };
        let memory = progress.and_then(|p| p.memory);
        Some(FsrsJson {
            stability: memory.map(|m| m.stability),
            difficulty: memory.map(|m| m.difficulty),
            retrievability: progress.and_then(|p| scheduler.retrievability(p, today)),
        })
    }
}

impl<'a> CardJson<'a> {
    pub fn new(
        state: &'a CardState,
        offset: chrono::FixedOffset,
        fsrs: Option<FsrsJson>,
    ) -> CardJson<'a> {
        let schedule = state.schedule().unwrap_or(Schedule::NEW);
        let card = &state.card;
        CardJson {
            id: card.id,
            deck: &card.deck,
            kind: card.kind,
            context: &card.context,
            question: &card.question,
            answer: &card.answer,
            lead: &card.lead,
            details: &card.details,
            state: state.status(),
            ef: f64::from(schedule.ef) / 100.0,
            interval: schedule.interval,
            repetitions: schedule.repetitions,
            lapses: schedule.lapses,
            due: schedule.due.map(clock::format_day),
            last_review: state.last_review.map(|at| timestamp(at, offset)),
            reviews: state.reviews,
            changed: card.changed,
            line: card.line,
            fsrs,
        }
    }
}

impl<'a> CardJson<'a, RawValue> {
    pub fn listed(
        card: &ListedCard<'a>,
        offset: chrono::FixedOffset,
        fsrs: Option<FsrsJson>,
    ) -> CardJson<'a, RawValue> {
        let schedule = card.schedule().unwrap_or(Schedule::NEW);
        CardJson {
            id: card.id,
            deck: card.deck,
            kind: card.kind,
            context: json_list(card.context_json),
            question: card.question,
            answer: json_list(card.answer_json),
            lead: card.lead,
            details: card.details,
            state: card.status(),
            ef: f64::from(schedule.ef) / 100.0,
            interval: schedule.interval,
            repetitions: schedule.repetitions,
            lapses: schedule.lapses,
            due: schedule.due.map(clock::format_day),
            last_review: card.last_review.map(|at| timestamp(at, offset)),
            reviews: card.reviews,
            changed: card.changed,
            line: card.line,
            fsrs,
        }
    }
}

/// A stored JSON list, which the store checked when it read the row (damaged
/// text is an error there, naming the card); the empty list is never used.
fn json_list(stored: &str) -> &RawValue {
    serde_json::from_str(stored)
        .unwrap_or_else(|_| serde_json::from_str("[]").expect("an empty list is JSON"))
}

/// Unix seconds as an RFC 3339 time in the given offset.
pub fn timestamp(at: i64, offset: chrono::FixedOffset) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.with_timezone(&offset).to_rfc3339())
        .unwrap_or_default()
}

pub fn status_name(status: CardStatus) -> &'static str {
    status.name()
}

/// EF as a learner reads it: 2.50.
pub fn ef(schedule: Option<Schedule>) -> String {
    sm2::ef_display(schedule.unwrap_or(Schedule::NEW).ef)
}
