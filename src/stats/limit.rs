//! The daily limit of reviews in `stats` (docs/design.md §15): the limit,
//! the cards it has counted today, and the cards due today that it keeps
//! waiting, as `review` would. Pure: the caller hands over the counts.

use serde::Serialize;

/// The daily limit and what it keeps waiting today.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Limit {
    /// `max_reviews_per_day`; `None` without a limit.
    pub max_reviews_per_day: Option<u32>,
    /// Cards reviewed today that were not new: what the limit counts, in
    /// every deck (as `review --deck` counts them).
    pub reviewed: u64,
    /// Cards due today (overdue ones included) beyond what is left of
    /// today's limit: they wait for the coming days.
    pub waiting: u64,
}

/// The limit of `max_reviews` (0: none) with `reviewed` cards reviewed
/// today, and `due` cards due now.
pub fn compute(max_reviews: u32, reviewed: u64, due: u64) -> Limit {
    if max_reviews == 0 {
        return Limit {
            max_reviews_per_day: None,
            reviewed,
            waiting: 0,
        };
    }
    let left = u64::from(max_reviews).saturating_sub(reviewed);
    Limit {
        max_reviews_per_day: Some(max_reviews),
        reviewed,
        waiting: due.saturating_sub(left),
    }
}

/// The forecast's note on the limit: `limit 200 reviews a day`, with how
/// many wait today when any do; `no daily limit` without one.
pub fn note(limit: &Limit) -> String {
    match limit.max_reviews_per_day {
        None => "no daily limit".into(),
        Some(max) if limit.waiting > 0 => format!(
            "limit {max} reviews a day · {} wait{} today",
            limit.waiting,
            if limit.waiting == 1 { "s" } else { "" }
        ),
        Some(max) => format!("limit {max} reviews a day"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_cards_beyond_what_is_left_of_the_limit_wait() {
        assert_eq!(compute(100, 0, 300).waiting, 200);
        assert_eq!(compute(100, 40, 300).waiting, 240);
        assert_eq!(compute(100, 40, 60).waiting, 0);
        assert_eq!(compute(100, 140, 5).waiting, 5);
        let none = compute(0, 40, 300);
        assert_eq!((none.max_reviews_per_day, none.waiting), (None, 0));
        assert_eq!(note(&none), "no daily limit");
        assert_eq!(
            note(&compute(100, 0, 101)),
            "limit 100 reviews a day · 1 waits today"
        );
        assert_eq!(note(&compute(100, 0, 100)), "limit 100 reviews a day");
    }
}
