//! Calibration (docs/design.md §11): how well a scheduler's predicted
//! probability of recall matched what the learner then did, on their own
//! log. A predictor replays each card's log and, before each grade, says how
//! likely a recall is; the figures compare those predictions with the grades:
//! log loss, RMSE(bins) as the open srs-benchmark defines it, AUC, and
//! predicted vs observed recall in ten bins. Pure: no I/O, no clock.
//!
//! Which reviews are scored follows srs-benchmark
//! (github.com/open-spaced-repetition/srs-benchmark): every review but each
//! card's first, and of those only the ones a day or more after the review
//! before (its `features/base.py` keeps rows with `delta_t > 0`). A same-day
//! repeat is not a test of memory over time, and SM-2 would have to call it a
//! certain recall (0.9^0 = 1). Repeats still reach the predictor, so under
//! FSRS, which models them, they move its state.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::scheduler::fsrs::{Fsrs, Memory};
use crate::scheduler::{Day, Grade, Progress, Scheduler};

/// The fewest scored reviews worth a report. Below it the report says how
/// many more are needed instead of printing noise. At 100 the standard error
/// of a log loss is about 0.06 (a review's loss spreads by about 0.6), a
/// quarter of the gap srs-benchmark measures between SM-2 and FSRS-6 (0.547
/// against 0.321), so the comparison already means something; a bin's
/// observed share still wobbles, which the bins' counts show.
pub const MIN_REVIEWS: u64 = 100;

/// Predictions are clamped to `[LOG_LOSS_CLAMP, 1 - LOG_LOSS_CLAMP]` for the
/// log loss, so that a certain prediction proved wrong costs a large finite
/// amount (about 36) rather than infinity. This is scikit-learn's `log_loss`
/// default (the float64 machine epsilon since 1.2), which srs-benchmark calls.
pub const LOG_LOSS_CLAMP: f64 = f64::EPSILON;

/// The number of equal-width bins of predicted recall in the table.
pub const BINS: usize = 10;

/// The recall SM-2 is taken to aim for: an interval is read as the time at
/// which recall has fallen to 90%.
pub const SM2_TARGET: f64 = 0.9;

/// SM-2's prediction in words, for the report to say what was assumed.
pub const SM2_MODEL: &str = "SM-2 predicts R = 0.9^(elapsed / interval)";

/// One grade of a card's log, as calibration reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    pub day: Day,
    pub grade: Grade,
}

/// One scored review: what was predicted, what happened, and the three
/// features by which srs-benchmark bins reviews for RMSE(bins).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// Predicted probability of recall, in [0, 1].
    pub predicted: f64,
    /// Whether the grade was a recall (3 or more).
    pub recalled: bool,
    /// Days since the card's previous review, at least 1.
    pub elapsed: u32,
    /// srs-benchmark's `i`: 1 + the card's reviews so far, this one
    /// included, that came a day or more after the one before (so 2 for the
    /// first scored review).
    pub review: u32,
    /// srs-benchmark's `rmse_bins_lapse`: the card's earlier failed grades
    /// (below 3) given a day or more after the review before; a failed first
    /// grade or same-day repeat is not a lapse.
    pub lapses: u32,
}

/// A model of one card's memory, fed that card's log in replay order.
pub trait Predictor {
    /// The probability that the card is recalled on `day`, from the grades
    /// seen so far. Only asked after at least one grade.
    fn recall(&self, day: Day) -> f64;
    /// Takes in a grade given on `day`.
    fn grade(&mut self, grade: Grade, day: Day);
}

/// A predictor borrowed, so that its owner can still read it once a log
/// is scored.
impl<P: Predictor + ?Sized> Predictor for &mut P {
    fn recall(&self, day: Day) -> f64 {
        (**self).recall(day)
    }

    fn grade(&mut self, grade: Grade, day: Day) {
        (**self).grade(grade, day);
    }
}

/// SM-2's predicted recall `elapsed` days after a review that set
/// `interval`: 0.9^(elapsed / interval). A negative `elapsed` (a clock set
/// back) counts as 0 and an interval of 0 (never set) as 1.
pub fn sm2_recall(elapsed: i32, interval: u32) -> f64 {
    SM2_TARGET.powf(f64::from(elapsed.max(0)) / f64::from(interval.max(1)))
}

/// SM-2 as a predictor: the card's progress replayed through
/// `Scheduler::grade`, so the same-day rule (docs/design.md §4) holds and
/// `elapsed` runs from the last grade that counted.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sm2Predictor {
    progress: Option<Progress>,
}

impl Sm2Predictor {
    /// The interval SM-2 gave the card at its last grade that counted; 0
    /// before any.
    pub fn interval(&self) -> u32 {
        self.progress.map_or(0, |p| p.schedule.interval)
    }
}

impl Predictor for Sm2Predictor {
    fn recall(&self, day: Day) -> f64 {
        self.progress.map_or(1.0, |p| {
            sm2_recall(day.saturating_sub(p.last_day), p.schedule.interval)
        })
    }

    fn grade(&mut self, grade: Grade, day: Day) {
        self.progress = Some(Scheduler::Sm2.grade(self.progress, grade, day).progress);
    }
}

/// FSRS as a predictor: the card's memory after each grade, as
/// `fsrs::Fsrs::replay` follows it (every grade moves it; a day before the
/// last grade's counts as the same day), recall its retrievability. The
/// intervals, which predictions do not need, are not computed: this runs
/// once per review of the whole log.
#[derive(Debug, Clone, Copy)]
pub struct FsrsPredictor<'a> {
    model: &'a Fsrs,
    /// The memory and the day of the last grade.
    state: Option<(Memory, Day)>,
}

impl<'a> FsrsPredictor<'a> {
    pub fn new(model: &'a Fsrs) -> FsrsPredictor<'a> {
        FsrsPredictor { model, state: None }
    }

    /// The interval FSRS gives the card's memory after its last grade, as
    /// its scheduler does; 0 before any.
    pub fn interval(&self) -> u32 {
        self.state
            .map_or(0, |(memory, _)| self.model.interval(memory))
    }
}

impl Predictor for FsrsPredictor<'_> {
    fn recall(&self, day: Day) -> f64 {
        self.state.map_or(1.0, |(memory, last)| {
            f64::from(self.model.retrievability(memory, elapsed_days(last, day)))
        })
    }

    fn grade(&mut self, grade: Grade, day: Day) {
        self.state = Some(match self.state {
            None => (self.model.next(None, grade, 0), day),
            Some((memory, last)) => (
                self.model
                    .next(Some(memory), grade, elapsed_days(last, day)),
                last.max(day),
            ),
        });
    }
}

/// Whole days from `last` to `day`; none when `day` comes first.
fn elapsed_days(last: Day, day: Day) -> u32 {
    u32::try_from(i64::from(day) - i64::from(last)).unwrap_or(0)
}

/// One card's scored reviews, handed to `each` in order: its log (in replay
/// order, as `Scheduler::replay` sorts it: by time, then review id) fed to
/// `predictor`, fresh for the card.
pub fn score<P: Predictor>(
    log: impl IntoIterator<Item = Review>,
    mut predictor: P,
    mut each: impl FnMut(Prediction),
) {
    let mut previous: Option<Day> = None;
    let mut review = 1;
    let mut lapses = 0;
    for r in log {
        let elapsed = previous.map_or(0, |day| r.day.saturating_sub(day));
        if let Ok(elapsed @ 1..) = u32::try_from(elapsed) {
            review += 1;
            let recalled = r.grade.passed();
            each(Prediction {
                predicted: predictor.recall(r.day),
                recalled,
                elapsed,
                review,
                lapses,
            });
            lapses += u32::from(!recalled);
        }
        predictor.grade(r.grade, r.day);
        previous = Some(r.day);
    }
}

/// The scored reviews of every card, cards in the order given and each
/// card's reviews in its log's order (`score`), each card with a fresh
/// predictor from `new_predictor`.
pub fn predictions<C, P>(
    cards: impl IntoIterator<Item = C>,
    mut new_predictor: impl FnMut() -> P,
) -> Vec<Prediction>
where
    C: AsRef<[Review]>,
    P: Predictor,
{
    let mut out = Vec::new();
    for card in cards {
        score(card.as_ref().iter().copied(), new_predictor(), |p| {
            out.push(p)
        });
    }
    out
}

/// SM-2's scored reviews of these cards' logs.
pub fn sm2_predictions<C: AsRef<[Review]>>(cards: impl IntoIterator<Item = C>) -> Vec<Prediction> {
    predictions(cards, Sm2Predictor::default)
}

/// Mean binary cross-entropy (natural log), predictions clamped by
/// `LOG_LOSS_CLAMP`; `None` without predictions.
pub fn log_loss(predictions: &[Prediction]) -> Option<f64> {
    Tally::of(predictions).log_loss()
}

/// RMSE(bins) as srs-benchmark computes it (`rmse_matrix` in its `utils.py`,
/// with the features made in `features/base.py`): reviews are grouped by
/// three log-scale bins, of days elapsed (base 3.62), of `review` (base
/// 1.89) and of prior lapses (base 1.73, none apart); each group's mean
/// observed recall is compared with its mean prediction, and the squared
/// gaps are averaged weighted by the groups' counts. srs-benchmark keys a
/// group by `round(c * base^floor(log_base x))`; for these constants the
/// rounding never merges two exponents, so keying by the exponent groups
/// alike. `None` without predictions.
pub fn rmse_bins(predictions: &[Prediction]) -> Option<f64> {
    Tally::of(predictions).rmse_bins()
}

/// srs-benchmark's group of a review: the exponents of its days elapsed and
/// review count, and of its lapses when it has any.
type BinKey = (i32, i32, Option<i32>);

/// floor(log_base(x)) for x ≥ 1, computed as srs-benchmark does.
fn log_bin(x: u32, base: f64) -> i32 {
    (f64::from(x.max(1)).ln() / base.ln()).floor() as i32
}

/// The bases of srs-benchmark's three groupings: days elapsed, review
/// count, lapses.
const BIN_BASES: [f64; 3] = [3.62, 1.89, 1.73];

/// The values below which `log_bin` is remembered: a whole log asks the
/// same few small numbers a million times.
const BIN_MEMO: usize = 4096;

/// `log_bin` for each base, remembered for values below `BIN_MEMO`.
#[derive(Debug, Clone)]
struct LogBins([Vec<i32>; 3]);

impl Default for LogBins {
    fn default() -> LogBins {
        LogBins(std::array::from_fn(|_| Vec::new()))
    }
}

impl LogBins {
    fn get(&mut self, which: usize, x: u32) -> i32 {
        let base = BIN_BASES[which];
        let memo = &mut self.0[which];
        match usize::try_from(x).ok().filter(|&x| x < BIN_MEMO) {
            Some(i) => {
                if memo.is_empty() {
                    *memo = (0..BIN_MEMO as u32).map(|x| log_bin(x, base)).collect();
                }
                memo[i]
            }
            None => log_bin(x, base),
        }
    }
}

/// The area under the ROC curve, recall the positive class: the chance that
/// a recalled review was predicted higher than a forgotten one, a tie
/// counting half (the Mann–Whitney U over both counts). `None` unless both
/// outcomes occur.
pub fn auc(predictions: &[Prediction]) -> Option<f64> {
    Tally::of(predictions).auc()
}

/// Every figure's sums over scored reviews given one at a time, so that a
/// whole log is calibrated without holding its predictions: the log loss,
/// srs-benchmark's groups, the ten bins; only AUC keeps each prediction (8
/// bytes), as ranks need them all.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    count: u64,
    loss: f64,
    groups: BTreeMap<BinKey, (u64, f64, f64)>,
    log_bins: LogBins,
    /// Per bin: reviews, sum of predictions, reviews recalled.
    bins: [(u64, f64, u64); BINS],
    recalled: Vec<f64>,
    forgotten: Vec<f64>,
}

impl Tally {
    /// The sums of these predictions.
    pub fn of(predictions: &[Prediction]) -> Tally {
        let mut tally = Tally::default();
        for p in predictions {
            tally.add(p);
        }
        tally
    }

    /// Takes in one scored review.
    pub fn add(&mut self, p: &Prediction) {
        self.count += 1;
        let r = p.predicted.clamp(LOG_LOSS_CLAMP, 1.0 - LOG_LOSS_CLAMP);
        self.loss -= if p.recalled { r.ln() } else { (1.0 - r).ln() };
        let key: BinKey = (
            self.log_bins.get(0, p.elapsed),
            self.log_bins.get(1, p.review),
            (p.lapses > 0).then(|| self.log_bins.get(2, p.lapses)),
        );
        let (count, observed, predicted) = self.groups.entry(key).or_default();
        *count += 1;
        *observed += f64::from(u8::from(p.recalled));
        *predicted += p.predicted;
        let r = p.predicted.clamp(0.0, 1.0);
        let bin = ((r * BINS as f64).floor() as usize).min(BINS - 1);
        let (count, predicted, recalled) = &mut self.bins[bin];
        *count += 1;
        *predicted += r;
        *recalled += u64::from(p.recalled);
        if p.recalled {
            self.recalled.push(p.predicted);
        } else {
            self.forgotten.push(p.predicted);
        }
    }

    /// Scored reviews taken in.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// `log_loss`'s figure.
    pub fn log_loss(&self) -> Option<f64> {
        mean(self.loss, self.count as usize)
    }

    /// `rmse_bins`'s figure.
    pub fn rmse_bins(&self) -> Option<f64> {
        let squares: f64 = self
            .groups
            .values()
            .map(|&(count, observed, predicted)| {
                let n = count as f64;
                n * (observed / n - predicted / n).powi(2)
            })
            .sum();
        mean(squares, self.count as usize).map(f64::sqrt)
    }

    /// `auc`'s figure: for each recalled review, the forgotten ones
    /// predicted lower, and half those predicted the same, walking both
    /// sorted lists once.
    pub fn auc(&mut self) -> Option<f64> {
        if self.recalled.is_empty() || self.forgotten.is_empty() {
            return None;
        }
        self.recalled.sort_unstable_by(f64::total_cmp);
        self.forgotten.sort_unstable_by(f64::total_cmp);
        let (mut below, mut equal_end) = (0usize, 0usize);
        let mut pairs = 0.0;
        for &r in &self.recalled {
            while below < self.forgotten.len() && self.forgotten[below] < r {
                below += 1;
            }
            equal_end = equal_end.max(below);
            while equal_end < self.forgotten.len() && self.forgotten[equal_end] == r {
                equal_end += 1;
            }
            pairs += below as f64 + (equal_end - below) as f64 / 2.0;
        }
        let (pos, neg) = (self.recalled.len() as f64, self.forgotten.len() as f64);
        Some(pairs / (pos * neg))
    }

    /// `recall_bins`'s figure.
    pub fn recall_bins(&self) -> Vec<RecallBin> {
        self.bins
            .iter()
            .enumerate()
            .map(|(bin, &(count, predicted, recalled))| RecallBin {
                from: bin as f64 / BINS as f64,
                to: (bin + 1) as f64 / BINS as f64,
                count,
                predicted: (count > 0).then(|| predicted / count as f64),
                observed: (count > 0).then(|| recalled as f64 / count as f64),
            })
            .collect()
    }

    /// The report on the reviews taken in: the figures, or how many more
    /// reviews they need.
    pub fn finish(mut self) -> Calibration {
        let reviews = self.count;
        match (self.log_loss(), self.rmse_bins()) {
            (Some(log_loss), Some(rmse_bins)) if reviews >= MIN_REVIEWS => {
                Calibration::Ready(Figures {
                    reviews,
                    log_loss,
                    rmse_bins,
                    auc: self.auc(),
                    bins: self.recall_bins(),
                })
            }
            _ => Calibration::NeedsMoreReviews {
                reviews,
                more_needed: MIN_REVIEWS.saturating_sub(reviews),
                wanted: MIN_REVIEWS,
            },
        }
    }
}

/// One bin of predicted recall, `from` ≤ predicted < `to` (the last bin
/// takes 1 too).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RecallBin {
    pub from: f64,
    pub to: f64,
    pub count: u64,
    /// Mean predicted recall of the bin's reviews; `None` when empty.
    pub predicted: Option<f64>,
    /// Share of the bin's reviews recalled; `None` when empty.
    pub observed: Option<f64>,
}

/// Predicted against observed recall in `BINS` equal-width bins of
/// predicted recall, lowest first, empty ones included.
pub fn recall_bins(predictions: &[Prediction]) -> Vec<RecallBin> {
    Tally::of(predictions).recall_bins()
}

/// What `stats` reports of one predictor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Calibration {
    /// Fewer than `wanted` (`MIN_REVIEWS`) scored reviews.
    NeedsMoreReviews {
        reviews: u64,
        more_needed: u64,
        wanted: u64,
    },
    Ready(Figures),
}

/// The figures of a predictor on enough reviews.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Scored reviews: every review but each card's first, same-day repeats
    /// left out.
    pub reviews: u64,
    pub log_loss: f64,
    pub rmse_bins: f64,
    /// `None` when every scored review had the same outcome.
    pub auc: Option<f64>,
    pub bins: Vec<RecallBin>,
}

/// The report on these scored reviews: the figures, or how many more
/// reviews they need.
pub fn calibrate(predictions: &[Prediction]) -> Calibration {
    Tally::of(predictions).finish()
}

fn mean(total: f64, count: usize) -> Option<f64> {
    (count > 0).then(|| total / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scored review in srs-benchmark's first group (one day elapsed,
    /// second review, no lapse), for the metrics that ignore the features.
    fn scored(predicted: f64, recalled: bool) -> Prediction {
        Prediction {
            predicted,
            recalled,
            elapsed: 1,
            review: 2,
            lapses: 0,
        }
    }

    fn binned(
        predicted: f64,
        recalled: bool,
        elapsed: u32,
        review: u32,
        lapses: u32,
    ) -> Prediction {
        Prediction {
            predicted,
            recalled,
            elapsed,
            review,
            lapses,
        }
    }

    fn log(reviews: &[(Day, u8)]) -> Vec<Review> {
        reviews
            .iter()
            .map(|&(day, grade)| Review {
                day,
                grade: Grade::new(grade).expect("a grade"),
            })
            .collect()
    }

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-12,
            "{actual} is not {expected}"
        );
    }

    #[test]
    fn log_loss_is_the_mean_cross_entropy() {
        // -(ln .9 + ln .4 + ln .8 + ln .8) / 4, by python3's math module.
        let p = [
            scored(0.9, true),
            scored(0.6, false),
            scored(0.2, false),
            scored(0.8, true),
        ];
        close(log_loss(&p).unwrap(), 0.36698458754010016);
        assert_eq!(log_loss(&[]), None);
    }

    #[test]
    fn a_certain_prediction_proved_wrong_costs_the_clamp_not_infinity() {
        // -ln(2.220446049250313e-16), by python3's math module.
        close(log_loss(&[scored(1.0, false)]).unwrap(), 36.04365338911715);
        close(log_loss(&[scored(0.0, true)]).unwrap(), 36.04365338911715);
    }

    #[test]
    fn a_perfect_predictor_scores_best_and_the_reverse_worst() {
        let truth = [true, false, true, true, false, true];
        let perfect: Vec<_> = truth
            .iter()
            .map(|&r| scored(if r { 1.0 } else { 0.0 }, r))
            .collect();
        assert!(log_loss(&perfect).unwrap() < 1e-15);
        assert_eq!(rmse_bins(&perfect), Some(0.0));
        assert_eq!(auc(&perfect), Some(1.0));

        // Each outcome in a srs-benchmark group of its own (lapses 0 or 1),
        // so every group is wholly wrong.
        let worst: Vec<_> = truth
            .iter()
            .map(|&r| binned(if r { 0.0 } else { 1.0 }, r, 1, 2, u32::from(r)))
            .collect();
        close(log_loss(&worst).unwrap(), 36.04365338911715);
        assert_eq!(rmse_bins(&worst), Some(1.0));
        assert_eq!(auc(&worst), Some(0.0));
    }

    #[test]
    fn rmse_bins_groups_by_elapsed_days_review_count_and_lapses() {
        // Expected by a python3 snippet keying groups exactly as
        // srs-benchmark's rmse_matrix does:
        //   def key(e, i, l):
        //       dt = round(2.48 * 3.62 ** floor(log(max(e, 1e-6)) / log(3.62)), 2)
        //       ii = round(1.99 * 1.89 ** floor(log(i) / log(1.89)), 0)
        //       ll = round(1.65 * 1.73 ** floor(log(l) / log(1.73)), 0) if l else 0
        //       return (dt, ii, ll)
        //   then sqrt(sum(n * (mean_y - mean_p) ** 2) / N) over the groups.
        // Groups: (2.48, 4, 0) the first two, (8.98, 4, 2) the third and the
        // last, (8.98, 7, 3) the fourth, (2.48, 4, 2) the fifth.
        let p = [
            binned(0.9, true, 1, 2, 0),
            binned(0.7, false, 2, 2, 0),
            binned(0.8, true, 4, 3, 1),
            binned(0.6, true, 10, 4, 2),
            binned(0.5, false, 3, 3, 1),
            binned(0.4, false, 8, 3, 1),
        ];
        close(rmse_bins(&p).unwrap(), 0.3188521078284832);
        assert_eq!(rmse_bins(&[]), None);
    }

    #[test]
    fn rmse_bins_forgives_errors_that_cancel_within_a_group() {
        // Plain RMSE would be 0.5 here; in one group the mean prediction
        // (0.5) is the share recalled (0.5).
        let p = [scored(0.5, true), scored(0.5, false)];
        assert_eq!(rmse_bins(&p), Some(0.0));
    }

    #[test]
    fn auc_counts_ordered_pairs() {
        // scikit-learn's roc_auc_score example: 3 of 4 pairs in order.
        let p = [
            scored(0.1, false),
            scored(0.4, false),
            scored(0.35, true),
            scored(0.8, true),
        ];
        assert_eq!(auc(&p), Some(0.75));
    }

    #[test]
    fn auc_gives_ties_half_credit() {
        // Pairs (recalled, forgotten): (.5,.5) half, (.5,.2), (.7,.5),
        // (.7,.2) whole: 3.5 / 4.
        let p = [
            scored(0.5, true),
            scored(0.5, false),
            scored(0.7, true),
            scored(0.2, false),
        ];
        assert_eq!(auc(&p), Some(0.875));
    }

    #[test]
    fn a_constant_predictor_has_auc_one_half() {
        let p: Vec<_> = (0..7).map(|n| scored(0.5, n % 3 != 0)).collect();
        assert_eq!(auc(&p), Some(0.5));
    }

    #[test]
    fn auc_needs_both_outcomes() {
        assert_eq!(auc(&[scored(0.9, true), scored(0.2, true)]), None);
        assert_eq!(auc(&[]), None);
    }

    #[test]
    fn recall_bins_split_predictions_in_tenths() {
        let p = [
            scored(0.05, false),
            scored(0.15, true),
            scored(0.15, false),
            scored(0.3, true),
            scored(0.95, true),
            scored(1.0, true),
        ];
        let bins = recall_bins(&p);
        assert_eq!(bins.len(), BINS);
        assert_eq!((bins[0].from, bins[0].to), (0.0, 0.1));
        assert_eq!((bins[9].from, bins[9].to), (0.9, 1.0));
        let counts: Vec<u64> = bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, [1, 2, 0, 1, 0, 0, 0, 0, 0, 2]);
        assert_eq!(bins[1].observed, Some(0.5));
        close(bins[1].predicted.unwrap(), 0.15);
        close(bins[9].predicted.unwrap(), 0.975);
        assert_eq!(bins[9].observed, Some(1.0));
        assert_eq!((bins[2].predicted, bins[2].observed), (None, None));
    }

    #[test]
    fn recall_bins_add_up_to_every_review() {
        let p: Vec<_> = (0..=200)
            .map(|n| scored(f64::from(n) / 200.0, n % 2 == 0))
            .collect();
        let bins = recall_bins(&p);
        assert_eq!(bins.iter().map(|b| b.count).sum::<u64>(), 201);
        // Each tenth holds its 20 predictions from k/10 up; 1.0 joins the last.
        assert!(bins[..9].iter().all(|b| b.count == 20));
        assert_eq!(bins[9].count, 21);
    }

    #[test]
    fn sm2_predicts_ninety_percent_at_the_interval() {
        close(sm2_recall(6, 6), 0.9);
        close(sm2_recall(12, 6), 0.81);
        close(sm2_recall(0, 6), 1.0);
        close(sm2_recall(-3, 6), 1.0);
        // 0.9 ** (23 / 17), by python3.
        close(sm2_recall(23, 17), 0.8671471616300969);
    }

    #[test]
    fn sm2_predictions_replay_a_known_log() {
        // Grades 5, 5, 5 give intervals 1, 6, 17 (docs/design.md §4); the
        // same-day repeat on day 1 is not scored and moves nothing; the
        // failure on day 30 is a lapse for the review after it, whose
        // interval is 1.
        let card = log(&[(0, 5), (1, 5), (1, 4), (7, 5), (30, 2), (31, 4)]);
        let only_one = log(&[(3, 5)]);
        let p = sm2_predictions([card, only_one]);
        let seen: Vec<_> = p
            .iter()
            .map(|p| (p.recalled, p.elapsed, p.review, p.lapses))
            .collect();
        assert_eq!(
            seen,
            [
                (true, 1, 2, 0),
                (true, 6, 3, 0),
                (false, 23, 4, 0),
                (true, 1, 5, 1)
            ]
        );
        close(p[0].predicted, 0.9);
        close(p[1].predicted, 0.9);
        close(p[2].predicted, 0.8671471616300969);
        close(p[3].predicted, 0.9);
    }

    #[test]
    fn a_late_review_predicts_less_than_an_early_one() {
        let early = sm2_predictions([log(&[(0, 5), (1, 5), (4, 5)])]);
        let late = sm2_predictions([log(&[(0, 5), (1, 5), (20, 5)])]);
        close(early[1].predicted, 0.9_f64.powf(3.0 / 6.0));
        close(late[1].predicted, 0.9_f64.powf(19.0 / 6.0));
        assert!(late[1].predicted < early[1].predicted);
    }

    #[test]
    fn any_predictor_plugs_in_with_a_fresh_state_per_card() {
        /// Predicts 1/(grades seen + 1): shows each card starts afresh.
        struct Counting(u32);
        impl Predictor for Counting {
            fn recall(&self, _day: Day) -> f64 {
                1.0 / f64::from(self.0 + 1)
            }
            fn grade(&mut self, _grade: Grade, _day: Day) {
                self.0 += 1;
            }
        }
        let cards = [log(&[(0, 4), (0, 4), (2, 4)]), log(&[(5, 1), (6, 3)])];
        let p = predictions(&cards, || Counting(0));
        let predicted: Vec<f64> = p.iter().map(|p| p.predicted).collect();
        // The repeat on day 0 reached the predictor though it was not scored.
        assert_eq!(predicted, [1.0 / 3.0, 0.5]);
        // A failed first grade is no lapse.
        assert_eq!(p[1].lapses, 0);
    }

    #[test]
    fn fsrs_predicts_what_its_own_replay_predicts() {
        let model = Fsrs::new(crate::scheduler::fsrs::Params::DEFAULT, 0.9);
        let card = log(&[(0, 4), (0, 1), (2, 4), (9, 3), (30, 1), (31, 5), (29, 4)]);
        let p = predictions([&card], || FsrsPredictor::new(&model));
        let replay = model
            .replay(card.iter().map(|r| crate::scheduler::fsrs::Review {
                grade: r.grade,
                day: r.day,
            }))
            .unwrap();
        // The replay predicts the same-day repeat too; calibration skips it.
        let expected: Vec<f64> = replay
            .predictions
            .iter()
            .filter(|p| p.elapsed > 0)
            .map(|p| f64::from(p.retrievability))
            .collect();
        let predicted: Vec<f64> = p.iter().map(|p| p.predicted).collect();
        assert_eq!(predicted, expected);
        assert_eq!(p.len(), 4);
        // The memory it ends with is the scheduler's too.
        let scheduler = Scheduler::Fsrs(model.clone());
        let mut progress = None;
        for r in &card {
            progress = Some(scheduler.grade(progress, r.grade, r.day).progress);
        }
        let mut predictor = FsrsPredictor::new(&model);
        for r in &card {
            predictor.grade(r.grade, r.day);
        }
        let p = progress.unwrap();
        assert_eq!(predictor.state, Some((p.memory.unwrap(), p.last_day)));
    }

    #[test]
    fn too_few_reviews_say_how_many_more_are_needed() {
        let p: Vec<_> = (0..99).map(|n| scored(0.9, n % 10 != 0)).collect();
        assert_eq!(
            calibrate(&p),
            Calibration::NeedsMoreReviews {
                reviews: 99,
                more_needed: 1,
                wanted: MIN_REVIEWS,
            }
        );
        assert_eq!(
            calibrate(&[]),
            Calibration::NeedsMoreReviews {
                reviews: 0,
                more_needed: MIN_REVIEWS,
                wanted: MIN_REVIEWS,
            }
        );
        let json = serde_json::to_value(calibrate(&p)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "status": "needs_more_reviews",
                "reviews": 99,
                "more_needed": 1,
                "wanted": 100
            })
        );
    }

    #[test]
    fn enough_reviews_give_every_figure() {
        // 100 reviews predicted 0.9, 90 of them recalled: calibrated.
        let p: Vec<_> = (0..100).map(|n| scored(0.9, n % 10 != 0)).collect();
        let Calibration::Ready(figures) = calibrate(&p) else {
            panic!("100 reviews are enough");
        };
        assert_eq!(figures.reviews, 100);
        // -(0.9 ln 0.9 + 0.1 ln 0.1)
        close(figures.log_loss, 0.3250829733914482);
        close(figures.rmse_bins, 0.0);
        assert_eq!(figures.auc, Some(0.5));
        assert_eq!(figures.bins[9].count, 100);
        let json = serde_json::to_value(calibrate(&p)).unwrap();
        assert_eq!(json["status"], "ready");
        assert_eq!(json["bins"].as_array().map(Vec::len), Some(BINS));
    }
}
