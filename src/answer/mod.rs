//! Typed answers checked against the card's (docs/design.md §12): how the
//! two are read (`normalize`), Hangul as letters (`hangul`), how far apart
//! they are (Levenshtein over letter units, `strsim`'s), what differed (for
//! Hangul, the syllable and the jamo at fault), and the grade proposed. A
//! list card's typed items are matched with its items in any order; code
//! is compared as written, word by word (`code`, §14.1). Pure: no I/O, no
//! clock, no store; the review session asks and prints.

mod align;
mod code;
pub mod hangul;
mod list;
mod normalize;
mod render;
#[cfg(test)]
mod tests;

use crate::scheduler::Grade;

pub use code::{CodeComparison, Word, collapse, compare_code, render_code};
pub use hangul::Role;
pub use list::{Item, ListComparison, Outcome, compare_list};
pub use render::{render, render_list};

/// How a typed answer stands against the expected one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The same answer once both are read as §12 says.
    Exact,
    /// Within the near-miss distance: max(1, ⌊n / 5⌋) letter units, n being
    /// the expected answer's. Letter units alike but written otherwise
    /// (`갑ㅅ` for `값`) are near too: the letters are right, the spelling
    /// is not.
    Near,
    Wrong,
    /// Nothing to compare: an empty line, or only spaces and punctuation.
    Nothing,
}

/// A typed answer compared with the expected one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub verdict: Verdict,
    /// Levenshtein distance in letter units.
    pub distance: usize,
    /// The largest distance that is still a near miss.
    pub allowed: usize,
    /// The expected answer (after NFC), character by character, with what
    /// happened to each and typed text that has no place in it.
    pub pieces: Vec<Piece>,
    /// What was typed, without surrounding whitespace.
    pub typed: String,
}

/// One character of the expected answer, or typed text between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Not compared: a space, a Markdown mark, punctuation at a word's edge.
    Ignored(char),
    Right(char),
    Wrong {
        expected: char,
        /// The typed characters paired with it; empty when it was left out.
        typed: String,
        /// For a Hangul syllable, each place whose jamo was typed otherwise
        /// (none when it was left out, or when its letters were all typed
        /// but split across other syllables).
        slips: Vec<Slip>,
    },
    /// Typed characters with no counterpart in the expected answer.
    Extra(String),
}

/// A jamo of a syllable typed otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    pub role: Role,
    /// The syllable's jamo in that place, compound whole (ㅘ); empty for a
    /// final the syllable does not have.
    pub expected: String,
    /// What was typed there, compounds joined; empty when nothing was.
    pub typed: String,
}

impl Comparison {
    /// The grade §12 proposes: exact 5, near miss 4, otherwise 1, nothing
    /// typed 0.
    pub fn grade(&self) -> Grade {
        verdict_grade(self.verdict)
    }
}

/// The grade one answer proposes: exact 5, near miss 4, otherwise 1,
/// nothing typed 0.
fn verdict_grade(verdict: Verdict) -> Grade {
    grade(match verdict {
        Verdict::Exact => 5,
        Verdict::Near => 4,
        Verdict::Wrong => 1,
        Verdict::Nothing => 0,
    })
}

pub(crate) fn grade(n: u8) -> Grade {
    Grade::new(n).expect("a grade from 0 to 5")
}

/// The answer as §12 compares it: NFC, lower case, without Markdown marks,
/// link syntax, punctuation at the edges of words or whitespace. Two
/// answers are the same exactly when these are equal.
pub fn normalize(text: &str) -> String {
    normalize::read(text).folded
}

/// The letter units of `text` as compared: each Hangul syllable its
/// initial, medial and final letters (compounds split, double consonants
/// whole), any other character itself. 쓰다듬다 is ㅆㅡㄷㅏㄷㅡㅁㄷㅏ.
pub fn units(text: &str) -> Vec<char> {
    normalize::read(text).letters()
}

/// The largest distance that is still a near miss for an expected answer
/// of `n` units: max(1, ⌊n / 5⌋).
pub fn allowed(n: usize) -> usize {
    (n / 5).max(1)
}

/// Compares a typed answer with the expected one (a cloze's phrase, a
/// one-item card's item).
pub fn compare(expected: &str, typed: &str) -> Comparison {
    let expected = normalize::read(expected);
    let typed_text = normalize::read(typed);
    let mut comparison = compare_read(&expected, &typed_text);
    comparison.typed = typed.trim().to_string();
    comparison
}

/// The most cells a comparison's table may hold (expected letters times
/// typed ones): past it (a long paragraph or table typed at length, a
/// pasted file) an answer is only exact or wrong, so that no typed line
/// can cost gigabytes or minutes.
pub const MAX_CELLS: usize = 4_000_000;

/// Whether two answers of `n` and `m` units are too long to align.
pub(crate) fn too_long(n: usize, m: usize) -> bool {
    (n + 1).saturating_mul(m + 1) > MAX_CELLS
}

/// The distance and verdict of two answers already read.
fn judge(expected: &normalize::Text, typed: &normalize::Text) -> (Verdict, usize) {
    let a = expected.letters();
    let b = typed.letters();
    if too_long(a.len(), b.len()) {
        return match expected.folded == typed.folded {
            true => (Verdict::Exact, 0),
            false => (Verdict::Wrong, a.len().max(b.len())),
        };
    }
    let distance = strsim::generic_levenshtein(&a, &b);
    let verdict = if b.is_empty() {
        Verdict::Nothing
    } else if expected.folded == typed.folded {
        Verdict::Exact
    } else if distance <= allowed(a.len()) {
        Verdict::Near
    } else {
        Verdict::Wrong
    };
    (verdict, distance)
}

fn compare_read(expected: &normalize::Text, typed: &normalize::Text) -> Comparison {
    let (verdict, distance) = judge(expected, typed);
    let unaligned = too_long(expected.units.len(), typed.units.len());
    let pieces = if verdict == Verdict::Exact || unaligned {
        let each = |(e, &ch): (usize, &char)| match expected.kept[e] {
            true => Piece::Right(ch),
            false => Piece::Ignored(ch),
        };
        expected.chars.iter().enumerate().map(each).collect()
    } else {
        let ops = align::align(&expected.letters(), &typed.letters());
        debug_assert_eq!(align::cost(&ops), distance, "the path is a cheapest one");
        align::pieces(expected, typed, &ops)
    };
    Comparison {
        verdict,
        distance,
        allowed: allowed(expected.units.len()),
        pieces,
        typed: typed.chars.iter().collect::<String>().trim().to_string(),
    }
}

/// The FSRS button a proposed grade stands for (docs/design.md §11, §12):
/// 1 Again, 2 Hard, 3 Good, 4 Easy. An exact answer (5) proposes Good, since
/// a typed answer is rarely "easy"; 4 and 3 propose Hard; lower, Again. The
/// button is logged as SuperMemo 1, 3, 4, 5 (§11).
pub fn fsrs_button(proposal: Grade) -> u8 {
    match proposal.value() {
        5 => 3,
        3 | 4 => 2,
        _ => 1,
    }
}
