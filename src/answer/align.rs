//! What differed between an expected and a typed answer, character by
//! character of the expected one (docs/design.md §12). The distance itself
//! is `strsim`'s; this is one cheapest edit path of the same length, walked
//! back through the table, so each expected syllable can be told right or
//! wrong and a wrong one can name the jamo at fault.

use super::hangul::{self, Role};
use super::normalize::Text;
use super::{Piece, Slip};

/// One step of an edit path between expected units `a` and typed units `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Match(usize, usize),
    Substitute(usize, usize),
    Delete(usize),
    Insert(usize),
}

impl Op {
    fn typed(self) -> Option<usize> {
        match self {
            Op::Match(_, j) | Op::Substitute(_, j) | Op::Insert(j) => Some(j),
            Op::Delete(_) => None,
        }
    }
}

/// A cheapest edit path from `a` to `b`, in order. The table holds the
/// distance between every two suffixes, so the path is walked forwards,
/// taking a match or a substitution where one is as cheap as a gap: the
/// first slip is named first, and gaps fall late (`fotosynthesis` for
/// `photosynthesis` is p typed f, then h missing).
pub fn align(a: &[char], b: &[char]) -> Vec<Op> {
    let (n, m) = (a.len(), b.len());
    let width = m + 1;
    let mut d = vec![0u32; (n + 1) * width];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            d[i * width + j] = if i == n {
                (m - j) as u32
            } else if j == m {
                (n - i) as u32
            } else {
                let cost = u32::from(a[i] != b[j]);
                (d[(i + 1) * width + j + 1] + cost)
                    .min(d[(i + 1) * width + j] + 1)
                    .min(d[i * width + j + 1] + 1)
            };
        }
    }
    let at = |i: usize, j: usize| d[i * width + j];
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::with_capacity(n.max(m));
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] && at(i, j) == at(i + 1, j + 1) {
            ops.push(Op::Match(i, j));
            (i, j) = (i + 1, j + 1);
        } else if i < n && j < m && at(i, j) == at(i + 1, j + 1) + 1 {
            ops.push(Op::Substitute(i, j));
            (i, j) = (i + 1, j + 1);
        } else if i < n && at(i, j) == at(i + 1, j) + 1 {
            ops.push(Op::Delete(i));
            i += 1;
        } else {
            ops.push(Op::Insert(j));
            j += 1;
        }
    }
    ops
}

/// The number of edits on a path.
pub fn cost(ops: &[Op]) -> usize {
    ops.iter().filter(|op| !matches!(op, Op::Match(..))).count()
}

/// The expected answer's characters with what happened to each, and typed
/// text that has no place in it, along the path `ops`.
pub fn pieces(expected: &Text, typed: &Text, ops: &[Op]) -> Vec<Piece> {
    // The expected character each typed character is first paired with: a
    // letter inserted into a typed syllable belongs with that syllable (각
    // typed for 가 is a slip in 가's final, not an extra letter).
    let mut paired: Vec<Option<usize>> = vec![None; typed.chars.len()];
    for op in ops {
        if let Op::Match(i, j) | Op::Substitute(i, j) = *op {
            paired[typed.units[j].of].get_or_insert(expected.units[i].of);
        }
    }
    let owner = |op: Op| match op {
        Op::Match(i, _) | Op::Substitute(i, _) | Op::Delete(i) => Some(expected.units[i].of),
        Op::Insert(j) => paired[typed.units[j].of],
    };
    let mut ops_of: Vec<Vec<Op>> = vec![Vec::new(); expected.chars.len()];
    // Typed characters with no expected counterpart, by the expected
    // character they come before (`chars.len()`: after the last).
    let mut extra_before: Vec<Vec<usize>> = vec![Vec::new(); expected.chars.len() + 1];
    let mut orphans: Vec<usize> = Vec::new();
    for &op in ops {
        match owner(op) {
            Some(e) => {
                ops_of[e].push(op);
                push_new(&mut extra_before[e], orphans.drain(..));
            }
            None => orphans.extend(op.typed().map(|j| typed.units[j].of)),
        }
    }
    push_new(&mut extra_before[expected.chars.len()], orphans.drain(..));

    let extra = |at: &[usize]| Piece::Extra(at.iter().map(|&k| typed.chars[k]).collect());
    let mut out = Vec::with_capacity(expected.chars.len());
    for (e, &ch) in expected.chars.iter().enumerate() {
        if !expected.kept[e] {
            out.push(Piece::Ignored(ch));
            continue;
        }
        if !extra_before[e].is_empty() {
            out.push(extra(&extra_before[e]));
        }
        out.push(judge(expected, typed, e, &ops_of[e]));
    }
    if let Some(last) = extra_before.last().filter(|x| !x.is_empty()) {
        out.push(extra(last));
    }
    out
}

/// Appends the typed characters `new` not already last in `to`.
fn push_new(to: &mut Vec<usize>, new: impl Iterator<Item = usize>) {
    for k in new {
        if to.last() != Some(&k) {
            to.push(k);
        }
    }
}

/// Expected character `e`, given the steps of the path that touch it.
fn judge(expected: &Text, typed: &Text, e: usize, ops: &[Op]) -> Piece {
    let ch = expected.chars[e];
    // Right: every unit matched, by the units of one whole typed character.
    let mut matched_in: Option<usize> = None;
    let mut whole = ops.iter().all(|op| match *op {
        Op::Match(_, j) => {
            let of = typed.units[j].of;
            *matched_in.get_or_insert(of) == of
        }
        _ => false,
    });
    if let Some(t) = matched_in {
        whole &= typed.units.iter().filter(|u| u.of == t).count() == ops.len();
    }
    if whole && matched_in.is_some() {
        return Piece::Right(ch);
    }
    let mut typed_chars: Vec<usize> = Vec::new();
    push_new(
        &mut typed_chars,
        ops.iter()
            .filter_map(|op| op.typed())
            .map(|j| typed.units[j].of),
    );
    let shown: String = typed_chars.iter().map(|&k| typed.chars[k]).collect();
    let slips = match hangul::syllable(ch) {
        Some(syllable) if !typed_chars.is_empty() => slips(syllable, expected, typed, ops),
        _ => Vec::new(),
    };
    Piece::Wrong {
        expected: ch,
        typed: shown,
        slips,
    }
}

/// Which jamo of an expected syllable were typed otherwise: its letters in
/// each place against the typed letters the path pairs with them. A typed
/// letter with no expected one takes its own place in its typed syllable
/// (the ㄱ of 각 typed for 가 is a final), or else the place of the letter
/// before it.
fn slips(syllable: hangul::Syllable, expected: &Text, typed: &Text, ops: &[Op]) -> Vec<Slip> {
    const ROLES: [Role; 3] = [Role::Initial, Role::Medial, Role::Final];
    let mut want: [Vec<char>; 3] = Default::default();
    let mut got: [Vec<char>; 3] = Default::default();
    let mut place = Role::Initial;
    let slot = |role: Role| ROLES.iter().position(|r| *r == role).expect("a role");
    for op in ops {
        match *op {
            Op::Match(i, j) | Op::Substitute(i, j) => {
                place = expected.units[i].role.unwrap_or(place);
                want[slot(place)].push(expected.units[i].letter);
                got[slot(place)].push(typed.units[j].letter);
            }
            Op::Delete(i) => {
                place = expected.units[i].role.unwrap_or(place);
                want[slot(place)].push(expected.units[i].letter);
            }
            Op::Insert(j) => {
                let role = typed.units[j].role.unwrap_or(place);
                got[slot(role)].push(typed.units[j].letter);
            }
        }
    }
    ROLES
        .iter()
        .enumerate()
        .filter(|(k, _)| want[*k] != got[*k])
        .map(|(k, &role)| Slip {
            role,
            expected: syllable
                .jamo(role)
                .map_or_else(String::new, |j| j.to_string()),
            typed: hangul::join(&got[k]),
        })
        .collect()
}
