//! SM-2 and FSRS calibrated on the learner's own log, side by side
//! (docs/design.md §11): what `stats` reports under "Calibration". Each
//! card's log, as it streams from the store in replay order, is replayed
//! through both predictors at once and their figures summed as they go
//! (`calibration::Tally`), so a log of a million reviews is read once and
//! never held whole. The same replay follows the live cards' states over
//! time (`history`) by the intervals of the scheduler in force. Pure: the
//! caller feeds the logs.

use serde::Serialize;

use super::calibration::{self, Calibration, FsrsPredictor, Review, Sm2Predictor, Tally};
use super::history::{Followed, GradedOverTime};
use crate::scheduler::fsrs::Fsrs;
use crate::scheduler::{Day, Entry};

/// Both schedulers' calibration on the same reviews.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// What SM-2 was taken to predict, which SM-2 itself does not say.
    pub sm2_model: &'static str,
    pub sm2: Calibration,
    /// Whose FSRS weights predicted: `default` (FSRS-6's) or `fitted`
    /// (`recall optimize`'s).
    pub fsrs_parameters: &'static str,
    pub fsrs: Calibration,
}

/// The scheduler in force, whose intervals say a card's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InForce {
    Sm2,
    Fsrs,
}

/// A report being summed, card by card.
pub struct Calibrating<'a> {
    fsrs: &'a Fsrs,
    fitted: bool,
    sm2_tally: Tally,
    fsrs_tally: Tally,
    following: Option<(InForce, GradedOverTime)>,
}

impl<'a> Calibrating<'a> {
    /// Calibrates SM-2 and `fsrs` (FSRS with the weights in use; `fitted`
    /// says whose they are).
    pub fn new(fsrs: &'a Fsrs, fitted: bool) -> Calibrating<'a> {
        Calibrating {
            fsrs,
            fitted,
            sm2_tally: Tally::default(),
            fsrs_tally: Tally::default(),
            following: None,
        }
    }

    /// Also follows the live cards' states up to `today`, by the intervals
    /// of the scheduler `in_force` (which, under FSRS, is `fsrs`).
    pub fn following(mut self, in_force: InForce, today: Day) -> Calibrating<'a> {
        self.following = Some((in_force, GradedOverTime::new(today)));
        self
    }

    /// Takes in one card's log, in replay order.
    pub fn card(&mut self, log: &[Entry]) {
        self.take(log, false);
    }

    /// Takes in the log of a card neither retired nor suspended: scored as
    /// `card` does, and its states followed.
    pub fn live_card(&mut self, log: &[Entry]) {
        self.take(log, true);
    }

    fn take(&mut self, log: &[Entry], live: bool) {
        let reviews = || {
            log.iter().map(|e| Review {
                day: e.day,
                grade: e.grade,
            })
        };
        let Calibrating {
            fsrs: model,
            sm2_tally: sm2,
            fsrs_tally: fsrs,
            following,
            ..
        } = self;
        let sm2_predictor = Sm2Predictor::default();
        let fsrs_predictor = FsrsPredictor::new(model);
        match following.as_mut().filter(|_| live) {
            Some((InForce::Sm2, history)) => {
                let mut followed = Followed::new(sm2_predictor, history);
                calibration::score(reviews(), &mut followed, |p| sm2.add(&p));
                followed.finish();
                calibration::score(reviews(), fsrs_predictor, |p| fsrs.add(&p));
            }
            Some((InForce::Fsrs, history)) => {
                calibration::score(reviews(), sm2_predictor, |p| sm2.add(&p));
                let mut followed = Followed::new(fsrs_predictor, history);
                calibration::score(reviews(), &mut followed, |p| fsrs.add(&p));
                followed.finish();
            }
            None => {
                calibration::score(reviews(), sm2_predictor, |p| sm2.add(&p));
                calibration::score(reviews(), fsrs_predictor, |p| fsrs.add(&p));
            }
        }
    }

    /// The figures of both, or how many more reviews they need; and the
    /// graded cards' states over time, when followed.
    pub fn finish(self) -> (Report, Option<GradedOverTime>) {
        let report = Report {
            sm2_model: calibration::SM2_MODEL,
            sm2: self.sm2_tally.finish(),
            fsrs_parameters: if self.fitted { "fitted" } else { "default" },
            fsrs: self.fsrs_tally.finish(),
        };
        (report, self.following.map(|(_, history)| history))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::Grade;
    use crate::scheduler::fsrs::Params;

    fn log(grades: &[(i32, u8)]) -> Vec<Entry> {
        grades
            .iter()
            .enumerate()
            .map(|(i, &(day, n))| Entry {
                id: i as i64,
                at: i64::from(day) * 86_400 + i as i64,
                day,
                grade: Grade::new(n).unwrap(),
                due_offset: None,
            })
            .collect()
    }

    #[test]
    fn both_schedulers_score_the_same_reviews_and_say_whose_weights_predicted() {
        let fsrs = Fsrs::new(Params::DEFAULT, 0.9);
        let mut report = Calibrating::new(&fsrs, false);
        // 60 cards of three scored reviews each (same-day repeats are not
        // scored): 180 reviews, enough for every figure.
        for card in 0..60 {
            let fail = if card % 4 == 0 { 1 } else { 4 };
            report.card(&log(&[(0, 4), (0, 5), (2, 4), (9, fail), (30, 4)]));
        }
        let (report, followed) = report.finish();
        assert_eq!(followed, None, "states are followed only when asked");
        assert_eq!(report.fsrs_parameters, "default");
        assert_eq!(
            report.sm2_model,
            "SM-2 predicts R = 0.9^(elapsed / interval)"
        );
        let (Calibration::Ready(sm2), Calibration::Ready(fsrs)) = (&report.sm2, &report.fsrs)
        else {
            panic!("180 reviews are enough: {report:?}");
        };
        assert_eq!((sm2.reviews, fsrs.reviews), (180, 180));
        assert_ne!(sm2.log_loss, fsrs.log_loss);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["fsrs"]["status"], "ready");
        assert_eq!(json["sm2"]["bins"].as_array().map(Vec::len), Some(10));
    }

    #[test]
    fn the_live_cards_states_follow_the_scheduler_in_force_and_calibration_is_unchanged() {
        let fsrs = Fsrs::new(Params::DEFAULT, 0.9);
        // One card graded five times over half a year: under SM-2 its last
        // interval is long, under FSRS too; a retired card's log is scored
        // but not followed.
        let card = log(&[(0, 5), (1, 5), (7, 5), (24, 5), (80, 4)]);
        let today = 90;
        let mut plain = Calibrating::new(&fsrs, false);
        plain.card(&card);
        plain.card(&card);
        let (plain, _) = plain.finish();
        for in_force in [InForce::Sm2, InForce::Fsrs] {
            let mut report = Calibrating::new(&fsrs, false).following(in_force, today);
            report.live_card(&card);
            report.card(&card);
            let (report, followed) = report.finish();
            assert_eq!(report, plain, "{in_force:?}");
            let counts = followed.unwrap().counts();
            let (day, learning, mature) = *counts.last().unwrap();
            assert_eq!((day, learning + mature), (today, 1), "{in_force:?}");
            assert_eq!(counts[0], (today - 364, 0, 0));
        }
    }

    #[test]
    fn a_short_log_says_how_many_more_reviews_each_needs() {
        let fsrs = Fsrs::new(Params::DEFAULT, 0.9);
        let mut report = Calibrating::new(&fsrs, true);
        report.card(&log(&[(0, 4), (3, 4), (10, 2)]));
        let (report, _) = report.finish();
        assert_eq!(report.fsrs_parameters, "fitted");
        let needs = Calibration::NeedsMoreReviews {
            reviews: 2,
            more_needed: 98,
            wanted: 100,
        };
        assert_eq!((report.sm2.clone(), report.fsrs), (needs.clone(), needs));
    }
}
