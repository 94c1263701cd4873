//! How an answer reads before it is compared (docs/design.md §12): NFC,
//! lower case, Markdown marks and link syntax gone, punctuation at the
//! edges of words gone, no whitespace; then the letter units (Hangul letters,
//! other characters one each). Every unit remembers the character it came
//! from, so the comparison can point at the syllable at fault.

use unicode_normalization::UnicodeNormalization;

use super::hangul::{self, Role};

/// An answer as compared: its characters after NFC (what marks point at),
/// which of them count, and the units they give.
#[derive(Debug, Clone)]
pub struct Text {
    /// The answer after NFC, one entry per character.
    pub chars: Vec<char>,
    /// Whether each character is compared (not a space, a mark or edge
    /// punctuation).
    pub kept: Vec<bool>,
    /// The compared characters, lower case, joined: equal for two answers
    /// exactly when they are the same answer.
    pub folded: String,
    pub units: Vec<Unit>,
}

/// One letter unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    pub letter: char,
    /// Index in `Text::chars` of the character it comes from.
    pub of: usize,
    /// Its place in a Hangul syllable; `None` for a jamo on its own and for
    /// other characters.
    pub role: Option<Role>,
}

impl Text {
    pub fn letters(&self) -> Vec<char> {
        self.units.iter().map(|u| u.letter).collect()
    }
}

/// Reads `text` as §12 compares it.
pub fn read(text: &str) -> Text {
    let chars: Vec<char> = text.nfc().collect();
    let mut kept: Vec<bool> = chars.iter().map(|c| !c.is_whitespace()).collect();
    // Dropping can bring marks together (`=_=` leaves `==`, `= . =` too), so
    // the passes run over what is left until nothing more goes: reading
    // an answer already read then changes nothing.
    loop {
        let before = kept.clone();
        drop_links(&chars, &mut kept);
        drop_marks(&chars, &mut kept);
        drop_edge_punctuation(&chars, &mut kept);
        if kept == before {
            break;
        }
    }
    let mut folded = String::with_capacity(text.len());
    let mut units = Vec::with_capacity(chars.len());
    for (of, c) in chars.iter().enumerate() {
        if !kept[of] {
            continue;
        }
        // Lower case (Unicode's mapping, char by char) rather than full case
        // folding: the two differ only in a few letters (ß, final ς) that
        // a learner types as the note has them.
        for lower in c.to_lowercase() {
            folded.push(lower);
            match hangul::letters(lower) {
                Some(letters) => units.extend(letters.into_iter().map(|(letter, role)| Unit {
                    letter,
                    of,
                    role,
                })),
                None => units.push(Unit {
                    letter: lower,
                    of,
                    role: None,
                }),
            }
        }
    }
    // Dropping a mark can leave two combining marks side by side that NFC
    // orders otherwise (`ש` `ׁ` `*` `಼`), so the key is composed again:
    // reading it once more then gives it back unchanged.
    let folded = folded.nfc().collect();
    Text {
        chars,
        kept,
        folded,
        units,
    }
}

/// Drops link syntax, keeping what a reader sees: `[[target|alias]]` reads
/// as its alias, `[[target]]` as its target, `[text](url)` as its text, an
/// embed's `!` goes too. The card generator already shows wikilinks as
/// their text (docs/design.md §13), but keeps ordinary links in an answer's
/// Markdown, and a learner may type either form.
fn drop_links(chars: &[char], kept: &mut [bool]) {
    let at: Vec<usize> = (0..chars.len()).filter(|&k| kept[k]).collect();
    let ch = |k: usize| at.get(k).map(|&i| chars[i]);
    let find = |from: usize, what: char| {
        (from..at.len())
            .take_while(|&k| chars[at[k]] != '\n')
            .find(|&k| chars[at[k]] == what)
    };
    let mut drop = |range: std::ops::Range<usize>| {
        for &i in &at[range] {
            kept[i] = false;
        }
    };
    let mut k = 0;
    while k < at.len() {
        if ch(k) != Some('[') {
            k += 1;
            continue;
        }
        let bang = usize::from(k > 0 && ch(k - 1) == Some('!'));
        if ch(k + 1) == Some('[') {
            let close = find(k + 2, ']').filter(|&c| ch(c + 1) == Some(']'));
            if let Some(close) = close {
                drop(k - bang..k + 2);
                if let Some(bar) = find(k + 2, '|').filter(|&b| b < close) {
                    drop(k + 2..bar + 1);
                }
                drop(close..close + 2);
                k = close + 2;
                continue;
            }
        }
        let link = find(k + 1, ']')
            .filter(|&c| ch(c + 1) == Some('('))
            .and_then(|c| Some((c, find(c + 2, ')')?)));
        if let Some((close, paren)) = link {
            drop(k - bang..k + 1);
            drop(close..paren + 1);
            k = paren + 1;
            continue;
        }
        k += 1;
    }
}

/// Drops Markdown's emphasis and code marks: every `*` and backtick, runs of
/// two or more `=` (highlight) or `~` (strikethrough), and `_` except inside
/// a word (`snake_case` keeps it, as Markdown does).
///
/// Runs are counted over the characters still kept; whether `_` is inside
/// a word is read from its neighbours as written, so `a _b_` loses both.
fn drop_marks(chars: &[char], kept: &mut [bool]) {
    let at: Vec<usize> = (0..chars.len()).filter(|&k| kept[k]).collect();
    let mut k = 0;
    while k < at.len() {
        let c = chars[at[k]];
        let run = at[k..].iter().take_while(|&&i| chars[i] == c).count();
        let mut drop = || {
            for &i in &at[k..k + run] {
                kept[i] = false;
            }
        };
        match c {
            '*' | '`' => drop(),
            '=' | '~' if run >= 2 => drop(),
            '_' => {
                for &i in &at[k..k + run] {
                    // The run of `_` this one is in, as written.
                    let start = chars[..i].iter().rposition(|&b| b != '_').map(|b| b + 1);
                    let end = chars[i..].iter().position(|&a| a != '_').map(|a| i + a);
                    let inside = start.is_some_and(|s| s > 0 && chars[s - 1].is_alphanumeric())
                        && end.is_some_and(|e| chars[e].is_alphanumeric());
                    if !inside {
                        kept[i] = false;
                    }
                }
            }
            _ => {}
        }
        k += run;
    }
}

/// Punctuation that means nothing at the edge of a word: stops, commas,
/// quotes, ellipses, dashes (not the hyphen: `-아요` is an ending), in ASCII,
/// CJK and full-width forms.
fn is_edge_mark(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '¡' | '¿' | '·'
            | '\u{2012}'..='\u{2015}'
            | '\u{2018}'..='\u{201F}'
            | '\u{2024}'..='\u{2027}'
            | '、' | '。' | '・'
            | '！' | '＂' | '＇' | '，' | '．' | '：' | '；' | '？'
            | '｡' | '､' | '･'
    )
}

/// Brackets, opening and closing.
const BRACKETS: [(char, char); 20] = [
    ('(', ')'),
    ('[', ']'),
    ('{', '}'),
    ('<', '>'),
    ('«', '»'),
    ('‹', '›'),
    ('（', '）'),
    ('［', '］'),
    ('｛', '｝'),
    ('〈', '〉'),
    ('《', '》'),
    ('「', '」'),
    ('『', '』'),
    ('【', '】'),
    ('〔', '〕'),
    ('〖', '〗'),
    ('〘', '〙'),
    ('〚', '〛'),
    ('｢', '｣'),
    ('⟨', '⟩'),
];

fn closer_of(c: char) -> Option<char> {
    BRACKETS.iter().find(|(o, _)| *o == c).map(|(_, c)| *c)
}

fn opener_of(c: char) -> Option<char> {
    BRACKETS.iter().find(|(_, k)| *k == c).map(|(o, _)| *o)
}

/// Where the bracket at `word[0]` closes, counting nesting; `word` holds the
/// characters in order (read backwards for a closing bracket).
fn partner(word: impl Iterator<Item = char>, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    for (k, c) in word.enumerate() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.checked_sub(1)?;
        }
        if depth == 0 {
            return Some(k);
        }
    }
    None
}

/// Which ends of a word to strip next: punctuation marks at an edge, a
/// bracket that closes nothing in the word, or a pair that encloses it
/// whole. A bracket that pairs inside the word stays: `(으)세요` and `f(x)`
/// keep theirs, `(서울)` loses both.
fn strip_step(word: &[char]) -> (bool, bool) {
    let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
        return (false, false);
    };
    if is_edge_mark(first) || opener_of(first).is_some() {
        return (true, false);
    }
    if is_edge_mark(last) || closer_of(last).is_some() {
        return (false, true);
    }
    if let Some(close) = closer_of(first) {
        match partner(word.iter().copied(), first, close) {
            None => return (true, false),
            Some(k) if k == word.len() - 1 => return (true, true),
            Some(_) => {}
        }
    }
    if let Some(open) = opener_of(last)
        && partner(word.iter().rev().copied(), last, open).is_none()
    {
        return (false, true);
    }
    (false, false)
}

fn drop_edge_punctuation(chars: &[char], kept: &mut [bool]) {
    let mut start = 0;
    while start < chars.len() {
        let len = chars[start..]
            .iter()
            .position(|c| c.is_whitespace())
            .unwrap_or(chars.len() - start);
        let mut at: Vec<usize> = (start..start + len).filter(|&k| kept[k]).collect();
        let mut lo = 0;
        loop {
            let word: Vec<char> = at[lo..].iter().map(|&k| chars[k]).collect();
            match strip_step(&word) {
                (false, false) => break,
                (first, last) => {
                    if last {
                        kept[at.pop().expect("a last character")] = false;
                    }
                    if first {
                        kept[at[lo]] = false;
                        lo += 1;
                    }
                }
            }
        }
        start += len + 1;
    }
}
