//! Code typed from memory against a card's code (docs/design.md §14.1):
//! read as written, case, marks and punctuation all counting, but with each
//! run of whitespace (line ends, indentation and line continuations too)
//! one space, so that a block of several lines can be typed on one, and
//! spacing inside a command is no error while a different flag is. Compared word by word (words
//! apart by whitespace), as a shell reads a command: a near miss is a slip
//! inside one word, within max(1, ⌊n / 5⌋) characters of its n, that is not
//! a flag (`-r` for `-R`, `--hard` for `--soft` are other commands).

use unicode_normalization::UnicodeNormalization;

use super::{Verdict, allowed, verdict_grade};
use crate::scheduler::Grade;

/// Typed code compared with the expected code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeComparison {
    pub verdict: Verdict,
    /// The expected words with what happened to each, and typed words with
    /// no place among them, in order.
    pub words: Vec<Word>,
    /// What was typed, whitespace collapsed.
    pub typed: String,
}

/// One word of the expected code, or a typed word between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    Right(String),
    Wrong { expected: String, typed: String },
    Missing(String),
    Extra(String),
}

impl CodeComparison {
    /// The grade §12 proposes for one answer: exact 5, near miss 4,
    /// otherwise 1, nothing typed 0.
    pub fn grade(&self) -> Grade {
        verdict_grade(self.verdict)
    }
}

/// Code as compared: NFC, each run of whitespace one space, none at the
/// ends. A backslash that ends a line only continues it (shells, C, Python
/// read it so), so it is spacing too; typed on one line, it is a `\\`
/// standing alone, and that goes as well.
pub fn collapse(code: &str) -> String {
    let code: String = code.nfc().collect();
    let mut words: Vec<&str> = Vec::new();
    for line in code.lines() {
        let line = line.trim_end();
        let line = line.strip_suffix('\\').unwrap_or(line);
        words.extend(line.split_whitespace().filter(|w| *w != "\\"));
    }
    words.join(" ")
}

/// Compares typed code with the expected code. Typed code in backticks, as
/// Markdown writes it inline, is read without them, unless the expected
/// code starts with one.
pub fn compare_code(expected: &str, typed: &str) -> CodeComparison {
    let expected = collapse(expected);
    let typed = collapse(typed);
    let typed = match expected.starts_with('`') {
        true => typed,
        false => unquote(&typed).to_string(),
    };
    let e: Vec<&str> = expected.split_whitespace().collect();
    let t: Vec<&str> = typed.split_whitespace().collect();
    // Too long to pair word by word: right or wrong as a whole.
    let words = match super::too_long(e.len(), t.len()) {
        false => pair(&e, &t),
        true if e == t => e.iter().map(|w| Word::Right(w.to_string())).collect(),
        true => e.iter().map(|w| Word::Missing(w.to_string())).collect(),
    };
    let verdict = if t.is_empty() {
        Verdict::Nothing
    } else if e == t {
        Verdict::Exact
    } else if one_slip(&words) {
        Verdict::Near
    } else {
        Verdict::Wrong
    };
    CodeComparison {
        verdict,
        words,
        typed,
    }
}

/// The expected words with the typed ones: as many words as can be kept
/// in order kept right (a longest common subsequence, the earliest where
/// several are as long), and between two of them, what is left on both
/// sides paired in order as words typed otherwise, the rest missing or
/// extra. So an option added or dropped leaves the words after it right.
fn pair(e: &[&str], t: &[&str]) -> Vec<Word> {
    let (n, m) = (e.len(), t.len());
    let width = m + 1;
    // The longest common subsequence of every two suffixes.
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = match e[i] == t[j] {
                true => lcs[(i + 1) * width + j + 1] + 1,
                false => lcs[(i + 1) * width + j].max(lcs[i * width + j + 1]),
            };
        }
    }
    let at = |i: usize, j: usize| lcs[i * width + j];
    let mut words = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (0, 0);
    // Words left over since the last word kept, on each side.
    let (mut left_e, mut left_t) = (Vec::new(), Vec::new());
    while i < n || j < m {
        if i < n && j < m && e[i] == t[j] && at(i, j) == at(i + 1, j + 1) + 1 {
            flush(&mut left_e, &mut left_t, &mut words);
            words.push(Word::Right(e[i].to_string()));
            (i, j) = (i + 1, j + 1);
        } else if i < n && (j == m || at(i, j) == at(i + 1, j)) {
            left_e.push(e[i]);
            i += 1;
        } else {
            left_t.push(t[j]);
            j += 1;
        }
    }
    flush(&mut left_e, &mut left_t, &mut words);
    words
}

/// The words left over between two kept ones, as pairs typed otherwise,
/// then missing or extra ones; `left_e` and `left_t` are emptied.
fn flush(left_e: &mut Vec<&str>, left_t: &mut Vec<&str>, words: &mut Vec<Word>) {
    let (k, l) = (left_e.len(), left_t.len());
    for (x, y) in left_e.iter().zip(left_t.iter()) {
        words.push(Word::Wrong {
            expected: x.to_string(),
            typed: y.to_string(),
        });
    }
    words.extend(
        left_e[l.min(k)..]
            .iter()
            .map(|x| Word::Missing(x.to_string())),
    );
    words.extend(
        left_t[k.min(l)..]
            .iter()
            .map(|y| Word::Extra(y.to_string())),
    );
    left_e.clear();
    left_t.clear();
}

/// `text` without the backticks around it (one run on each side).
fn unquote(text: &str) -> &str {
    let ticks = text.len() - text.trim_start_matches('`').len();
    if ticks == 0 || text.len() < 2 * ticks + 1 || !text.ends_with(&"`".repeat(ticks)) {
        return text;
    }
    text[ticks..text.len() - ticks].trim()
}

/// Whether the only difference is one word typed a little otherwise, and
/// not a flag.
fn one_slip(words: &[Word]) -> bool {
    let mut slips = words.iter().filter(|w| !matches!(w, Word::Right(_)));
    match (slips.next(), slips.next()) {
        (Some(Word::Wrong { expected, typed }), None) => {
            let e: Vec<char> = expected.chars().collect();
            let t: Vec<char> = typed.chars().collect();
            !is_flag(expected)
                && !is_flag(typed)
                && strsim::generic_levenshtein(&e, &t) <= allowed(e.len())
        }
        _ => false,
    }
}

/// A command-line option: `-r`, `--soft`, `-m`.
fn is_flag(word: &str) -> bool {
    word.len() > 1 && word.starts_with('-')
}

/// What differed, a line each (`--soft: typed --hard`, `HEAD~1: missing`,
/// `+-f: typed, not in the answer`), or that nothing was typed; nothing
/// for an exact answer. No styling: the front-ends add their own.
pub fn render_code(comparison: &CodeComparison) -> Vec<String> {
    if comparison.verdict == Verdict::Nothing {
        return vec!["nothing typed".to_string()];
    }
    comparison
        .words
        .iter()
        .filter_map(|word| match word {
            Word::Right(_) => None,
            Word::Wrong { expected, typed } => Some(format!("{expected}: typed {typed}")),
            Word::Missing(expected) => Some(format!("{expected}: missing")),
            Word::Extra(typed) => Some(format!("+{typed}: typed, not in the answer")),
        })
        .collect()
}
