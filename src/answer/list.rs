//! A list card's typed items against its items (docs/design.md §12): one
//! to one, in any order, the most exact matches first, then the most
//! matches; typed items that match nothing cost nothing.
//!
//! Exact matching is equality of the read answers, so items fall into
//! classes of equal answers, and within a class any item stands for any
//! other. The most exact matches are then, class by class, as many pairs as
//! the smaller side has, whichever items they take; what is left of a class
//! lies on one side only, so the rest can match only nearly, and the most
//! near matches among what is left is a maximum bipartite matching
//! (augmenting paths). Together that is the best matching in that order.

use super::normalize::{self, Text};
use super::{Comparison, Verdict, compare_read, grade};
use crate::scheduler::Grade;

/// A list card's typed items compared with its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListComparison {
    /// The card's items, in the card's order.
    pub items: Vec<Item>,
    /// Typed items that matched no item, in the order typed.
    pub extra: Vec<String>,
}

/// One item of the card and how it was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub expected: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Typed exactly, as `typed`.
    Exact {
        typed: String,
    },
    /// Nearly typed: what differed is in `comparison`.
    Near {
        comparison: Comparison,
    },
    Missed,
}

impl ListComparison {
    /// Items typed exactly.
    pub fn exact(&self) -> usize {
        self.items
            .iter()
            .filter(|i| matches!(i.outcome, Outcome::Exact { .. }))
            .count()
    }

    /// Items typed exactly or nearly.
    pub fn matched(&self) -> usize {
        self.items
            .iter()
            .filter(|i| !matches!(i.outcome, Outcome::Missed))
            .count()
    }

    /// Whether no item was typed at all.
    pub fn nothing_typed(&self) -> bool {
        self.matched() == 0 && self.extra.is_empty()
    }

    /// The grade §12 proposes: every item exact 5; every item exact or near
    /// 4; at least half matched 3; at least one 2; none 1; nothing typed 0.
    pub fn grade(&self) -> Grade {
        let (all, matched) = (self.items.len(), self.matched());
        grade(if self.nothing_typed() {
            0
        } else if self.exact() == all {
            5
        } else if matched == all {
            4
        } else if 2 * matched >= all {
            3
        } else if matched >= 1 {
            2
        } else {
            1
        })
    }
}

/// Compares typed items (one a line, as typed) with a list card's items.
/// Lines with nothing to compare (empty, or only punctuation) are not items.
pub fn compare_list<E: AsRef<str>, T: AsRef<str>>(expected: &[E], typed: &[T]) -> ListComparison {
    let wanted: Vec<Text> = expected
        .iter()
        .map(|e| normalize::read(e.as_ref()))
        .collect();
    let lines: Vec<(&str, Text)> = typed
        .iter()
        .map(|t| (t.as_ref().trim(), normalize::read(t.as_ref())))
        .filter(|(_, text)| !text.units.is_empty())
        .collect();
    let mut pair: Vec<Option<usize>> = vec![None; wanted.len()];
    let mut taken: Vec<Option<usize>> = vec![None; lines.len()];
    for (i, want) in wanted.iter().enumerate() {
        let same =
            (0..lines.len()).find(|&j| taken[j].is_none() && lines[j].1.folded == want.folded);
        if let Some(j) = same {
            pair[i] = Some(j);
            taken[j] = Some(i);
        }
    }
    let exact_pairs = pair.clone();
    // Near edges among what is left, closest first so that ties go to the
    // likelier pairing.
    let mut near: Vec<Vec<usize>> = vec![Vec::new(); wanted.len()];
    for (i, want) in wanted.iter().enumerate() {
        if pair[i].is_some() {
            continue;
        }
        let mut candidates: Vec<(usize, usize)> = (0..lines.len())
            .filter(|&j| taken[j].is_none())
            .filter_map(|j| match super::judge(want, &lines[j].1) {
                (Verdict::Near, distance) => Some((distance, j)),
                _ => None,
            })
            .collect();
        candidates.sort_unstable();
        near[i] = candidates.into_iter().map(|(_, j)| j).collect();
    }
    let mut near_of: Vec<Option<usize>> = vec![None; lines.len()];
    for i in 0..wanted.len() {
        if !near[i].is_empty() {
            let mut seen = vec![false; lines.len()];
            augment(i, &near, &mut near_of, &mut seen);
        }
    }
    for (j, i) in near_of.iter().enumerate() {
        if let Some(i) = *i {
            pair[i] = Some(j);
            taken[j] = Some(i);
        }
    }
    let items = expected
        .iter()
        .enumerate()
        .map(|(i, e)| Item {
            expected: e.as_ref().to_string(),
            outcome: match (pair[i], exact_pairs[i]) {
                (Some(j), Some(_)) => Outcome::Exact {
                    typed: lines[j].0.to_string(),
                },
                (Some(j), None) => {
                    let mut comparison = compare_read(&wanted[i], &lines[j].1);
                    comparison.typed = lines[j].0.to_string();
                    Outcome::Near { comparison }
                }
                (None, _) => Outcome::Missed,
            },
        })
        .collect();
    let extra = lines
        .iter()
        .zip(&taken)
        .filter(|(_, t)| t.is_none())
        .map(|((line, _), _)| line.to_string())
        .collect();
    ListComparison { items, extra }
}

/// Kuhn's augmenting path from expected item `i` through near edges:
/// whether `i` could be matched, moving earlier matches where needed.
fn augment(
    i: usize,
    near: &[Vec<usize>],
    near_of: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    for &j in &near[i] {
        if seen[j] {
            continue;
        }
        seen[j] = true;
        if near_of[j].is_none_or(|other| augment(other, near, near_of, seen)) {
            near_of[j] = Some(i);
            return true;
        }
    }
    false
}
