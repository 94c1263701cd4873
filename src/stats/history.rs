//! Cards by state over time (docs/design.md §16): on each of the last 52
//! weeks' ends and today, how many live cards were new, learning and
//! mature. A graded card's state between one grade and the next is the one
//! its interval then says (§4's 21 days), the interval the scheduler in force
//! gave it; the log's replay for calibration (`compare::Calibrating`) already
//! computes those intervals, so following them costs no second replay. Pure:
//! the caller feeds the logs.

use super::calibration::{FsrsPredictor, Predictor, Sm2Predictor};
use crate::clock;
use crate::scheduler::{Day, Grade, is_mature};

/// Weeks before today that the history goes back.
pub const WEEKS: usize = 52;
/// The days counted: today and the same weekday of each of the `WEEKS`
/// weeks before.
pub const POINTS: usize = WEEKS + 1;

/// The cards in each state on one day: counted as a day's reviews by
/// state are, one type for both.
pub type StatePoint = super::DayStates;

/// The day of point `i` (0 is the oldest, `POINTS - 1` today).
pub fn point_day(today: Day, i: usize) -> Day {
    today - 7 * (WEEKS - i) as Day
}

/// Graded cards counted by state at each point, summed card by card as
/// difference arrays: a span of days in one state adds one at the first
/// point it covers and takes it back after the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradedOverTime {
    today: Day,
    learning: [i64; POINTS + 1],
    mature: [i64; POINTS + 1],
}

impl GradedOverTime {
    pub fn new(today: Day) -> GradedOverTime {
        GradedOverTime {
            today,
            learning: [0; POINTS + 1],
            mature: [0; POINTS + 1],
        }
    }

    /// The first point on or after `day`; `POINTS` when none is.
    fn point_from(&self, day: Day) -> usize {
        let first = point_day(self.today, 0);
        let weeks = i64::from(day) - i64::from(first);
        if weeks <= 0 {
            0
        } else {
            usize::try_from((weeks + 6) / 7).map_or(POINTS, |i| i.min(POINTS))
        }
    }

    /// A card spent the days from `from` up to `until` (for good when
    /// `None`) in the state its `interval` gives, asked only when those
    /// days hold a point.
    pub fn span(&mut self, from: Day, until: Option<Day>, interval: impl FnOnce() -> u32) {
        let start = self.point_from(from);
        let end = until.map_or(POINTS, |day| self.point_from(day));
        if start >= end {
            return;
        }
        let counts = if is_mature(interval()) {
            &mut self.mature
        } else {
            &mut self.learning
        };
        counts[start] += 1;
        counts[end] -= 1;
    }

    /// Learning and mature cards at each point, oldest first.
    pub fn counts(&self) -> Vec<(Day, u64, u64)> {
        let (mut learning, mut mature) = (0i64, 0i64);
        (0..POINTS)
            .map(|i| {
                learning += self.learning[i];
                mature += self.mature[i];
                (
                    point_day(self.today, i),
                    learning.max(0) as u64,
                    mature.max(0) as u64,
                )
            })
            .collect()
    }
}

/// A predictor whose card's states are followed into a `GradedOverTime`
/// as it takes in the card's grades; `finish` counts the span after the
/// last grade.
pub struct Followed<'h, P> {
    predictor: P,
    history: &'h mut GradedOverTime,
    /// The day of the last grade, the latest seen (a day earlier than it
    /// counts as the same day, as replay reads it).
    last: Option<Day>,
}

/// The interval a predictor's card has after the grades it took in: the
/// scheduler's own, as replay computes it.
pub trait Interval {
    fn interval(&self) -> u32;
}

impl Interval for Sm2Predictor {
    fn interval(&self) -> u32 {
        Sm2Predictor::interval(self)
    }
}

impl Interval for FsrsPredictor<'_> {
    fn interval(&self) -> u32 {
        FsrsPredictor::interval(self)
    }
}

impl<'h, P: Predictor + Interval> Followed<'h, P> {
    pub fn new(predictor: P, history: &'h mut GradedOverTime) -> Followed<'h, P> {
        Followed {
            predictor,
            history,
            last: None,
        }
    }

    /// Counts the card from its last grade on.
    pub fn finish(self) {
        if let Some(from) = self.last {
            let predictor = &self.predictor;
            self.history.span(from, None, || predictor.interval());
        }
    }
}

impl<P: Predictor + Interval> Predictor for Followed<'_, P> {
    fn recall(&self, day: Day) -> f64 {
        self.predictor.recall(day)
    }

    fn grade(&mut self, grade: Grade, day: Day) {
        if let Some(from) = self.last {
            let predictor = &self.predictor;
            self.history.span(from, Some(day), || predictor.interval());
        }
        self.predictor.grade(grade, day);
        self.last = Some(self.last.map_or(day, |last| last.max(day)));
    }
}

/// New, learning and mature cards at each point: the graded ones as
/// followed, and as new the live cards there by then (`since_by_day`:
/// cards by the day they came, in any order) that were not graded yet.
pub fn states_over_time(since_by_day: &[(Day, u64)], graded: &GradedOverTime) -> Vec<StatePoint> {
    graded
        .counts()
        .into_iter()
        .map(|(day, learning, mature)| {
            let there: u64 = since_by_day
                .iter()
                .filter(|(since, _)| *since <= day)
                .map(|(_, n)| n)
                .sum();
            StatePoint {
                date: clock::format_day(day),
                day,
                new: there.saturating_sub(learning + mature),
                learning,
                mature,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::fsrs::{Fsrs, Params};
    use crate::stats::calibration::score;

    const TODAY: Day = 20_000;

    fn grade(n: u8) -> Grade {
        Grade::new(n).unwrap()
    }

    /// Follows one card's grades (days from today) through SM-2.
    fn follow_sm2(history: &mut GradedOverTime, grades: &[(Day, u8)]) {
        let mut followed = Followed::new(Sm2Predictor::default(), history);
        for &(day, g) in grades {
            followed.grade(grade(g), TODAY + day);
        }
        followed.finish();
    }

    #[test]
    fn points_are_today_and_the_same_weekday_of_each_week_before() {
        assert_eq!(point_day(TODAY, POINTS - 1), TODAY);
        assert_eq!(point_day(TODAY, POINTS - 2), TODAY - 7);
        assert_eq!(point_day(TODAY, 0), TODAY - 364);
    }

    #[test]
    fn a_card_is_learning_then_mature_as_its_sm2_intervals_grow() {
        let mut history = GradedOverTime::new(TODAY);
        // Intervals 1, 6, then under 21 from day -57, then over it from
        // day -41: mature from there on.
        follow_sm2(&mut history, &[(-64, 5), (-63, 5), (-57, 5), (-41, 5)]);
        let counts = history.counts();
        let at = |day: Day| {
            let (_, learning, mature) = counts.iter().find(|(d, ..)| *d == TODAY + day).unwrap();
            (*learning, *mature)
        };
        assert_eq!(at(-70), (0, 0), "not graded yet");
        assert_eq!(at(-63), (1, 0), "learning from its first grade");
        assert_eq!(at(-42), (1, 0));
        assert_eq!(at(-35), (0, 1), "mature after the grade that set 42 days");
        assert_eq!(at(0), (0, 1));
    }

    #[test]
    fn a_lapse_takes_a_mature_card_back_to_learning() {
        let mut history = GradedOverTime::new(TODAY);
        follow_sm2(
            &mut history,
            &[(-200, 5), (-199, 5), (-193, 5), (-177, 5), (-135, 1)],
        );
        let counts = history.counts();
        let at = |day: Day| counts.iter().find(|(d, ..)| *d == TODAY + day).unwrap();
        assert_eq!(at(-140).2, 1, "mature before the lapse");
        assert_eq!((at(-133).1, at(-133).2), (1, 0), "learning after it");
    }

    #[test]
    fn grades_before_the_first_point_count_from_it() {
        let mut history = GradedOverTime::new(TODAY);
        follow_sm2(&mut history, &[(-900, 4)]);
        let counts = history.counts();
        assert!(counts.iter().all(|&(_, learning, _)| learning == 1));
    }

    #[test]
    fn under_fsrs_the_interval_followed_is_fsrs_own() {
        let model = Fsrs::new(Params::DEFAULT, 0.9);
        let mut history = GradedOverTime::new(TODAY);
        let log = [(-300, 4), (-290, 4), (-250, 4)];
        let mut followed = Followed::new(FsrsPredictor::new(&model), &mut history);
        for &(day, g) in &log {
            followed.grade(grade(g), TODAY + day);
        }
        followed.finish();
        let replay = model
            .replay(log.iter().map(|&(day, g)| crate::scheduler::fsrs::Review {
                grade: grade(g),
                day: TODAY + day,
            }))
            .unwrap();
        let (_, learning, mature) = *history.counts().last().unwrap();
        assert_eq!(
            (learning, mature),
            if is_mature(replay.interval) {
                (0, 1)
            } else {
                (1, 0)
            }
        );
    }

    #[test]
    fn a_followed_predictor_predicts_as_the_one_it_wraps() {
        let log: Vec<_> = [(0, 4), (3, 4), (12, 2), (13, 4)]
            .iter()
            .map(|&(day, g)| crate::stats::calibration::Review {
                day: TODAY + day,
                grade: grade(g),
            })
            .collect();
        let mut plain = Vec::new();
        score(log.iter().copied(), Sm2Predictor::default(), |p| {
            plain.push(p.predicted)
        });
        let mut history = GradedOverTime::new(TODAY + 20);
        let mut followed = Followed::new(Sm2Predictor::default(), &mut history);
        let mut watched = Vec::new();
        score(log.iter().copied(), &mut followed, |p| {
            watched.push(p.predicted)
        });
        followed.finish();
        assert_eq!(plain, watched);
        assert_eq!(history.counts().last().unwrap().1, 1);
    }

    #[test]
    fn new_cards_are_those_there_and_not_graded_yet() {
        let mut history = GradedOverTime::new(TODAY);
        follow_sm2(&mut history, &[(-10, 4)]);
        // Three cards came 20 days ago, one a week ago.
        let since = [(TODAY - 20, 3), (TODAY - 7, 1)];
        let points = states_over_time(&since, &history);
        let last = points.last().unwrap();
        assert_eq!((last.new, last.learning, last.mature), (3, 1, 0));
        assert_eq!(last.date, clock::format_day(TODAY));
        let three_weeks = &points[POINTS - 4];
        assert_eq!(three_weeks.day, TODAY - 21);
        assert_eq!(three_weeks.new, 0, "nothing there yet");
        let two_weeks = &points[POINTS - 3];
        assert_eq!((two_weeks.new, two_weeks.learning), (3, 0));
    }
}
