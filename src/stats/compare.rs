//! SM-2 and FSRS calibrated on the learner's own log, side by side
//! (docs/design.md §11): what `stats` reports under "Calibration". Each
//! card's log, as it streams from the store in replay order, is replayed
//! through both predictors at once and their figures summed as they go
//! (`calibration::Tally`), so a log of a million reviews is read once and
//! never held whole. Pure: the caller feeds the logs.

use serde::Serialize;

use super::calibration::{self, Calibration, FsrsPredictor, Review, Sm2Predictor, Tally};
use crate::scheduler::Entry;
use crate::scheduler::fsrs::Fsrs;

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

/// A report being summed, card by card.
pub struct Calibrating<'a> {
    fsrs: &'a Fsrs,
    fitted: bool,
    sm2_tally: Tally,
    fsrs_tally: Tally,
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
        }
    }

    /// Takes in one card's log, in replay order.
    pub fn card(&mut self, log: &[Entry]) {
        let reviews = || {
            log.iter().map(|e| Review {
                day: e.day,
                grade: e.grade,
            })
        };
        let sm2 = &mut self.sm2_tally;
        calibration::score(reviews(), Sm2Predictor::default(), |p| sm2.add(&p));
        let fsrs = &mut self.fsrs_tally;
        calibration::score(reviews(), FsrsPredictor::new(self.fsrs), |p| fsrs.add(&p));
    }

    /// The figures of both, or how many more reviews they need.
    pub fn finish(self) -> Report {
        Report {
            sm2_model: calibration::SM2_MODEL,
            sm2: self.sm2_tally.finish(),
            fsrs_parameters: if self.fitted { "fitted" } else { "default" },
            fsrs: self.fsrs_tally.finish(),
        }
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
        let report = report.finish();
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
    fn a_short_log_says_how_many_more_reviews_each_needs() {
        let fsrs = Fsrs::new(Params::DEFAULT, 0.9);
        let mut report = Calibrating::new(&fsrs, true);
        report.card(&log(&[(0, 4), (3, 4), (10, 2)]));
        let report = report.finish();
        assert_eq!(report.fsrs_parameters, "fitted");
        let needs = Calibration::NeedsMoreReviews {
            reviews: 2,
            more_needed: 98,
        };
        assert_eq!((report.sm2.clone(), report.fsrs), (needs.clone(), needs));
    }
}
