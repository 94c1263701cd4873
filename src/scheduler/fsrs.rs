//! FSRS-6 as docs/design.md §11 has it, through the `fsrs` crate: how a
//! SuperMemo grade reads as an FSRS rating, how one grade moves a card's
//! memory (same-day grades too), the interval for the desired retention, the
//! retrievability after some days, a card's log replayed, and the optimizer
//! that fits the parameters to a learner's log. Pure: no I/O, no clock, no
//! randomness (`fit` runs the crate's optimizer on a thread of its own so that
//! it can report progress, and reads no clock).

#[cfg(test)]
#[path = "fsrs_tests.rs"]
mod tests;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ::fsrs::{
    CombinedProgressState, ComputeParametersInput, FSRS, FSRSError, FSRSItem, FSRSReview,
    MemoryState, NextStates, compute_parameters,
};

/// The longest interval handed out, in days: SM-2's.
pub use super::sm2::MAX_INTERVAL;
use super::sm2::{Day, Grade};

/// The fewest reviews the optimizer is given a log for. A review it can learn
/// from is one made a day or more after the card's previous review. The crate
/// itself returns the defaults unchanged under 8 such reviews and fits only
/// the four first-review stabilities under 64; 400 leaves it enough to fit
/// all 21 weights rather than the noise of a few cards.
pub const MIN_FIT_REVIEWS: usize = 400;

/// The crate's bounds on the decay `w20` (it clips the weights it is given):
/// retrievability, computed here, uses the same value as the crate's intervals.
const DECAY_RANGE: (f32, f32) = (0.1, 0.8);

/// FSRS-6's 21 weights, `w0`..`w20`; `w20` is the forgetting curve's decay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params([f32; 21]);

impl Params {
    /// FSRS-6's defaults, fitted by its authors to the average learner (the
    /// crate's `DEFAULT_PARAMETERS`, which a test keeps equal).
    pub const DEFAULT: Params = Params([
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]);

    /// Weights as stored or fitted: exactly 21 finite numbers. Values outside
    /// the crate's bounds are clipped by it, as the optimizer's are.
    pub fn new(weights: &[f32]) -> Result<Params, ParamsError> {
        let weights: [f32; 21] = weights
            .try_into()
            .map_err(|_| ParamsError::Count(weights.len()))?;
        match weights.iter().position(|w| !w.is_finite()) {
            Some(index) => Err(ParamsError::NotFinite {
                index,
                value: weights[index],
            }),
            None => Ok(Params(weights)),
        }
    }

    pub fn weights(&self) -> &[f32; 21] {
        &self.0
    }
}

impl fmt::Display for Params {
    /// The weights, comma-separated, each in the fewest digits that read
    /// back as the same `f32`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, w) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{w}")?;
        }
        Ok(())
    }
}

impl Default for Params {
    fn default() -> Params {
        Params::DEFAULT
    }
}

/// Weights that are not FSRS-6's.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamsError {
    #[error("FSRS parameters are 21 numbers, not {0}")]
    Count(usize),
    #[error("FSRS parameter w{index} is {value}, not a finite number")]
    NotFinite { index: usize, value: f32 },
}

/// What FSRS remembers of a card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// Days until retrievability falls to 90% (0.001 to 36,500).
    pub stability: f32,
    /// 1 (easiest) to 10 (hardest).
    pub difficulty: f32,
}

impl From<MemoryState> for Memory {
    fn from(m: MemoryState) -> Memory {
        Memory {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

impl From<Memory> for MemoryState {
    fn from(m: Memory) -> MemoryState {
        MemoryState {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

/// FSRS's four answers, Anki's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    /// The four in the prompt's order, keys 1 to 4.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// How FSRS reads a SuperMemo grade (docs/design.md §11): 0–2 Again,
    /// 3 Hard, 4 Good, 5 Easy.
    pub fn of(grade: Grade) -> Rating {
        match grade.value() {
            0..=2 => Rating::Again,
            3 => Rating::Hard,
            4 => Rating::Good,
            _ => Rating::Easy,
        }
    }

    /// The SuperMemo grade the log keeps for this button: 1, 3, 4, 5, so that
    /// the log reads the same under SM-2.
    pub fn grade(self) -> Grade {
        let value = match self {
            Rating::Again => 1,
            Rating::Hard => 3,
            Rating::Good => 4,
            Rating::Easy => 5,
        };
        Grade::new(value).expect("1, 3, 4 and 5 are grades")
    }

    /// The button's name, lowercase, as the prompt shows it.
    pub fn name(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    fn pick(self, states: &NextStates) -> MemoryState {
        match self {
            Rating::Again => states.again.memory,
            Rating::Hard => states.hard.memory,
            Rating::Good => states.good.memory,
            Rating::Easy => states.easy.memory,
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One grade of a card's log as FSRS reads it: the grade and the recall day
/// it counted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    pub grade: Grade,
    pub day: Day,
}

/// What one button would do: the memory after it and the interval it gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Choice {
    pub rating: Rating,
    pub memory: Memory,
    pub interval: u32,
}

/// A card's log replayed.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    pub memory: Memory,
    /// The day of the last grade.
    pub last_day: Day,
    /// Days from the last grade to the next review.
    pub interval: u32,
    pub due: Day,
    /// For every grade but the first, in order, what the memory before it
    /// predicted: the stuff calibration is made of.
    pub predictions: Vec<Prediction>,
}

/// What FSRS predicted for one review, and what happened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// Days since the card's previous grade.
    pub elapsed: u32,
    /// The predicted probability of recall.
    pub retrievability: f32,
    /// Whether the learner recalled it (anything but Again).
    pub recalled: bool,
}

/// FSRS-6 with one learner's parameters and desired retention.
#[derive(Debug, Clone)]
pub struct Fsrs {
    model: FSRS,
    params: Params,
    decay: f32,
    /// The forgetting curve's factor for this decay, `0.9^(1/-decay) - 1`,
    /// computed once as the crate's `current_retrievability` computes it on
    /// every call.
    factor: f32,
    desired_retention: f32,
}

impl Fsrs {
    /// The scheduler for these parameters, aiming at `desired_retention`
    /// (checked by the settings: 0.7 to 0.99).
    pub fn new(params: Params, desired_retention: f32) -> Fsrs {
        let model = FSRS::new(params.weights())
            .expect("21 finite weights are what FSRS::new accepts (Params::new checks)");
        let decay = params.0[20].clamp(DECAY_RANGE.0, DECAY_RANGE.1);
        Fsrs {
            model,
            params,
            decay,
            factor: 0.9f32.powf(1.0 / -decay) - 1.0,
            desired_retention,
        }
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    pub fn desired_retention(&self) -> f32 {
        self.desired_retention
    }

    /// Names these parameters and this desired retention, so that a
    /// database knows which FSRS computed its schedules (docs/design.md
    /// §11): `fsrs-6 r=0.9 w=0.212,1.2931,…`, each number written in the
    /// fewest digits that read back as the same `f32`.
    pub fn fingerprint(&self) -> String {
        format!("fsrs-6 r={} w={}", self.desired_retention, self.params)
    }

    /// The FSRS a `fingerprint` names, if it names one: what a process
    /// uses when another switched the database's scheduler after it
    /// started (docs/design.md §11).
    pub fn from_fingerprint(fingerprint: &str) -> Option<Fsrs> {
        let rest = fingerprint.strip_prefix("fsrs-6 r=")?;
        let (retention, weights) = rest.split_once(" w=")?;
        let retention: f32 = retention.parse().ok()?;
        let weights: Vec<f32> = weights
            .split(',')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        let fsrs = Fsrs::new(Params::new(&weights).ok()?, retention);
        (fsrs.fingerprint() == fingerprint).then_some(fsrs)
    }

    /// What each of the four buttons would do to a card at `before` (`None`
    /// when new) reviewed `elapsed` whole days after its last grade.
    pub fn choices(&self, before: Option<Memory>, elapsed: u32) -> [Choice; 4] {
        let states = self.next_states(before, elapsed);
        Rating::ALL.map(|rating| {
            let memory = states
                .as_ref()
                .map_or_else(|| fallback(before), |s| rating.pick(s).into());
            Choice {
                rating,
                memory,
                interval: self.interval(memory),
            }
        })
    }

    /// The memory after `grade`, given `elapsed` whole days after the last
    /// grade (`before`, `None` when new). A same-day grade (0 days) moves it
    /// too: FSRS-6 models short-term memory.
    pub fn next(&self, before: Option<Memory>, grade: Grade, elapsed: u32) -> Memory {
        // One step of the crate's model for this button alone: the same
        // arithmetic as `next_states` (a test keeps the two equal), at a
        // quarter of its cost, which a replay of a whole log pays per grade.
        let item = FSRSItem {
            reviews: vec![FSRSReview {
                rating: Rating::of(grade) as u32,
                delta_t: elapsed,
            }],
        };
        self.model
            .memory_state(item, before.map(Into::into))
            .map_or_else(|_| fallback(before), Into::into)
    }

    /// Days until retrievability falls to the desired retention, rounded to
    /// whole days (halves away from zero), at least 1, at most 36,500.
    pub fn interval(&self, memory: Memory) -> u32 {
        let exact = self
            .model
            .next_interval(Some(memory.stability), self.desired_retention, 3);
        // `as` maps NaN to 0 and saturates, so the clamp settles every case.
        (exact.round() as u32).clamp(1, MAX_INTERVAL)
    }

    /// The probability of recall `elapsed` days after the last grade: the
    /// crate's `current_retrievability` (a test keeps the two equal), with
    /// its factor computed once, as calibration asks this per review.
    pub fn retrievability(&self, memory: Memory, elapsed: u32) -> f32 {
        self.recall_after(memory.stability, elapsed)
    }

    /// The retrievability of a memory of this `stability` after `elapsed`
    /// days: difficulty plays no part in it.
    pub fn recall_after(&self, stability: f32, elapsed: u32) -> f32 {
        (elapsed as f32 / stability * self.factor + 1.0).powf(-self.decay)
    }

    /// Replays a card's log, in the order the grades were given (the caller's
    /// order: `scheduler::replay`'s). `None` for an empty log: the card is
    /// new. A day earlier than the previous grade's (a time zone changed)
    /// counts as the same day.
    pub fn replay(&self, log: impl IntoIterator<Item = Review>) -> Option<Replay> {
        let mut state: Option<(Memory, Day)> = None;
        let mut predictions = Vec::new();
        for review in log {
            let before = state.map(|(memory, last_day)| {
                let elapsed = elapsed_days(last_day, review.day);
                predictions.push(Prediction {
                    elapsed,
                    retrievability: self.retrievability(memory, elapsed),
                    recalled: Rating::of(review.grade) != Rating::Again,
                });
                (memory, elapsed)
            });
            let memory = self.next(before.map(|b| b.0), review.grade, before.map_or(0, |b| b.1));
            let last_day = state.map_or(review.day, |(_, last)| last.max(review.day));
            state = Some((memory, last_day));
        }
        state.map(|(memory, last_day)| {
            let interval = self.interval(memory);
            Replay {
                memory,
                last_day,
                interval,
                due: last_day.saturating_add(interval as Day),
                predictions,
            }
        })
    }

    fn next_states(&self, before: Option<Memory>, elapsed: u32) -> Option<NextStates> {
        // The crate refuses only a state that is not finite, which clamped
        // weights and a clamped state never make.
        self.model
            .next_states(before.map(Into::into), self.desired_retention, elapsed)
            .ok()
    }
}

/// Where a state the crate refused leaves a card: as it was, or, new, as
/// unstable as FSRS allows.
fn fallback(before: Option<Memory>) -> Memory {
    before.unwrap_or(Memory {
        stability: 0.001,
        difficulty: 10.0,
    })
}

fn elapsed_days(last: Day, day: Day) -> u32 {
    u32::try_from(i64::from(day) - i64::from(last)).unwrap_or(0)
}

/// Why the optimizer gave no parameters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FitError {
    #[error(
        "fitting FSRS needs at least {needed} reviews made a day or more after the card's \
         previous review, and the log has {found}: with fewer, the fit would follow the noise of \
         a few cards rather than the learner's memory"
    )]
    TooFewReviews { found: usize, needed: usize },
    #[error("the FSRS optimizer failed: {0}")]
    Optimizer(String),
}

/// How many of these reviews the optimizer learns from: every grade but a
/// card's first that came a day or more after the card's previous grade.
pub fn fit_reviews(histories: &[Vec<Review>]) -> usize {
    histories
        .iter()
        .map(|log| {
            log.windows(2)
                .filter(|pair| elapsed_days(pair[0].day, pair[1].day) > 0)
                .count()
        })
        .sum()
}

/// Fits FSRS-6's parameters to cards' logs (each in the order given) with the
/// crate's optimizer. `progress(done, total)` is called, on the caller's
/// thread, as the optimizer goes. Refuses a log with fewer than
/// `MIN_FIT_REVIEWS` reviews to learn from.
pub fn fit(
    histories: &[Vec<Review>],
    mut progress: impl FnMut(usize, usize),
) -> Result<Params, FitError> {
    let found = fit_reviews(histories);
    if found < MIN_FIT_REVIEWS {
        return Err(FitError::TooFewReviews {
            found,
            needed: MIN_FIT_REVIEWS,
        });
    }
    let (train_set, card_ids) = training_items(histories);
    let shared = CombinedProgressState::new_shared();
    let input = ComputeParametersInput {
        train_set,
        card_ids: Some(card_ids),
        progress: Some(Arc::clone(&shared)),
        ..ComputeParametersInput::default()
    };
    let outcome = std::thread::scope(|scope| {
        let optimizer = scope.spawn(|| compute_parameters(input));
        let mut last = (0, 0);
        while !optimizer.is_finished() {
            let now = poll(&shared);
            if now != last && now.1 > 0 {
                progress(now.0, now.1);
                last = now;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        optimizer.join()
    });
    let weights = outcome
        .map_err(|_| FitError::Optimizer("it stopped on an internal error".into()))?
        .map_err(|e| FitError::Optimizer(describe(&e).into()))?;
    let (_, total) = poll(&shared);
    if total > 0 {
        progress(total, total);
    }
    Params::new(&weights).map_err(|e| FitError::Optimizer(e.to_string()))
}

fn poll(shared: &Mutex<CombinedProgressState>) -> (usize, usize) {
    // A poisoned lock means the optimizer panicked; its join says so.
    shared
        .lock()
        .map(|p| (p.current().min(p.total()), p.total()))
        .unwrap_or((0, 0))
}

/// The optimizer's items, as the crate wants them: for every review it learns
/// from, the card's log up to and including it, each review with the whole
/// days since the one before (0 for the first).
fn training_items(histories: &[Vec<Review>]) -> (Vec<FSRSItem>, Vec<i64>) {
    let mut items = Vec::new();
    let mut card_ids = Vec::new();
    for (card, log) in histories.iter().enumerate() {
        let reviews: Vec<FSRSReview> = log
            .iter()
            .enumerate()
            .map(|(i, r)| FSRSReview {
                rating: Rating::of(r.grade) as u32,
                delta_t: i
                    .checked_sub(1)
                    .map_or(0, |p| elapsed_days(log[p].day, r.day)),
            })
            .collect();
        for end in 1..reviews.len() {
            if reviews[end].delta_t > 0 {
                items.push(FSRSItem {
                    reviews: reviews[..=end].to_vec(),
                });
                card_ids.push(card as i64);
            }
        }
    }
    (items, card_ids)
}

fn describe(error: &FSRSError) -> &'static str {
    match error {
        FSRSError::NotEnoughData => "not enough reviews to learn from",
        FSRSError::Interrupted => "it was interrupted",
        FSRSError::InvalidParameters => "it produced parameters that are not FSRS-6's",
        FSRSError::OptimalNotFound => "it found no optimum",
        FSRSError::InvalidInput => "the log holds reviews it cannot read",
        FSRSError::InvalidDeckSize => "the deck size is invalid",
    }
}
