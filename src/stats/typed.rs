//! Typed answers and practice in figures (docs/design.md §12): the share of
//! reviews whose answer was typed, how often the grade given overrode the
//! proposal (up or down), and the practice grades of `recall cram`. Pure:
//! the store counts per deck, this sums the decks chosen.

use serde::Serialize;

use crate::store::TypedFacts;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Typed {
    /// Reviews, typed or not (practice is not a review).
    pub reviews: u64,
    /// Reviews whose answer was typed.
    pub typed: u64,
    /// `typed / reviews`; `None` without reviews.
    pub typed_share: Option<f64>,
    /// Typed reviews graded above the proposal, and below it.
    pub overridden_up: u64,
    pub overridden_down: u64,
    /// Practice grades (`recall cram`).
    pub practice: u64,
}

/// Sums the decks' counts, of `reviews` reviews in those decks in all.
pub fn compute<'a>(reviews: u64, decks: impl IntoIterator<Item = &'a TypedFacts>) -> Typed {
    let mut t = Typed {
        reviews,
        ..Typed::default()
    };
    for d in decks {
        t.typed += d.typed;
        t.overridden_up += d.over;
        t.overridden_down += d.under;
        t.practice += d.practice;
    }
    t.typed_share = (t.reviews > 0).then(|| t.typed as f64 / t.reviews as f64);
    t
}

/// The one line `stats` prints, or `None` when nothing was typed or
/// practised (the line would only say so).
pub fn line(t: &Typed) -> Option<String> {
    if t.typed == 0 && t.practice == 0 {
        return None;
    }
    let share = t
        .typed_share
        .map_or("-".to_string(), |s| format!("{:.0}%", s * 100.0));
    Some(format!(
        "{} of {} reviews typed ({share}) · proposal overridden {} up, {} down · {} practice grade{}",
        t.typed,
        t.reviews,
        t.overridden_up,
        t.overridden_down,
        t.practice,
        if t.practice == 1 { "" } else { "s" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deck(typed: u64, over: u64, under: u64, practice: u64) -> TypedFacts {
        TypedFacts {
            deck: "d".into(),
            typed,
            over,
            under,
            practice,
        }
    }

    #[test]
    fn the_decks_are_summed_and_the_share_is_of_all_reviews() {
        let t = compute(8, &[deck(1, 1, 0, 2), deck(3, 0, 2, 0)]);
        assert_eq!((t.reviews, t.typed, t.practice), (8, 4, 2));
        assert_eq!((t.overridden_up, t.overridden_down), (1, 2));
        assert_eq!(t.typed_share, Some(0.5));
        assert_eq!(
            line(&t).unwrap(),
            "4 of 8 reviews typed (50%) · proposal overridden 1 up, 2 down · 2 practice grades"
        );
    }

    #[test]
    fn without_typing_or_practice_there_is_no_line_and_no_share_without_reviews() {
        let none = compute(3, &[deck(0, 0, 0, 0)]);
        assert_eq!(line(&none), None);
        let practice_only = compute(0, &[deck(0, 0, 0, 1)]);
        assert_eq!(practice_only.typed_share, None);
        assert!(line(&practice_only).unwrap().contains("(-)"));
    }
}
