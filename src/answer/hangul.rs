//! Hangul as letters, the units typed answers are compared in
//! (docs/design.md §12): a syllable is its initial, medial and final (no
//! unit for a missing final), compound vowels and compound finals split
//! into their parts, double consonants (ㄲ ㄸ ㅃ ㅆ ㅉ) one letter each. Every
//! letter is a compatibility jamo (U+3131..U+3163), so the same consonant
//! as an initial or a final is one unit, and a jamo the learner typed on its
//! own is a letter too. Pure: Unicode's syllable formula and a few tables.
//!
//! Crates that split syllables exist (`unic-ucd-hangul` gives conjoining
//! jamo without splitting compounds; the young `hangeul_jamo` splits ㄲ into
//! ㄱㄱ, against §12), so the few tables §12 needs live here.

/// Where a letter sits in its syllable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Initial,
    Medial,
    Final,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Initial => "initial",
            Role::Medial => "medial",
            Role::Final => "final",
        }
    }
}

/// The first precomposed syllable, 가.
const SYLLABLE_BASE: u32 = 0xAC00;
/// Medials times finals (with "no final"): syllables per initial.
const PER_INITIAL: u32 = 21 * 28;
/// How many precomposed syllables there are.
pub const SYLLABLES: u32 = 19 * 21 * 28;

/// The 19 initials in Unicode's order (L index), as compatibility jamo.
pub const INITIALS: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ',
    'ㅌ', 'ㅍ', 'ㅎ',
];

/// The 21 medials in Unicode's order (V index), as compatibility jamo.
pub const MEDIALS: [char; 21] = [
    'ㅏ', 'ㅐ', 'ㅑ', 'ㅒ', 'ㅓ', 'ㅔ', 'ㅕ', 'ㅖ', 'ㅗ', 'ㅘ', 'ㅙ', 'ㅚ', 'ㅛ', 'ㅜ', 'ㅝ', 'ㅞ',
    'ㅟ', 'ㅠ', 'ㅡ', 'ㅢ', 'ㅣ',
];

/// The 27 finals in Unicode's order (T index 1..=27; 0 is "no final"), as
/// compatibility jamo.
pub const FINALS: [char; 27] = [
    'ㄱ', 'ㄲ', 'ㄳ', 'ㄴ', 'ㄵ', 'ㄶ', 'ㄷ', 'ㄹ', 'ㄺ', 'ㄻ', 'ㄼ', 'ㄽ', 'ㄾ', 'ㄿ', 'ㅀ', 'ㅁ',
    'ㅂ', 'ㅄ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ',
];

/// Compound jamo and the two letters each is written with. Double
/// consonants are not here: §12 counts each as one letter.
const COMPOUNDS: [(char, [char; 2]); 18] = [
    ('ㅘ', ['ㅗ', 'ㅏ']),
    ('ㅙ', ['ㅗ', 'ㅐ']),
    ('ㅚ', ['ㅗ', 'ㅣ']),
    ('ㅝ', ['ㅜ', 'ㅓ']),
    ('ㅞ', ['ㅜ', 'ㅔ']),
    ('ㅟ', ['ㅜ', 'ㅣ']),
    ('ㅢ', ['ㅡ', 'ㅣ']),
    ('ㄳ', ['ㄱ', 'ㅅ']),
    ('ㄵ', ['ㄴ', 'ㅈ']),
    ('ㄶ', ['ㄴ', 'ㅎ']),
    ('ㄺ', ['ㄹ', 'ㄱ']),
    ('ㄻ', ['ㄹ', 'ㅁ']),
    ('ㄼ', ['ㄹ', 'ㅂ']),
    ('ㄽ', ['ㄹ', 'ㅅ']),
    ('ㄾ', ['ㄹ', 'ㅌ']),
    ('ㄿ', ['ㄹ', 'ㅍ']),
    ('ㅀ', ['ㄹ', 'ㅎ']),
    ('ㅄ', ['ㅂ', 'ㅅ']),
];

/// A precomposed syllable's jamo, compounds whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syllable {
    pub initial: char,
    pub medial: char,
    pub final_: Option<char>,
}

impl Syllable {
    /// The jamo in `role`, if the syllable has one there.
    pub fn jamo(self, role: Role) -> Option<char> {
        match role {
            Role::Initial => Some(self.initial),
            Role::Medial => Some(self.medial),
            Role::Final => self.final_,
        }
    }
}

/// The jamo of `c` if it is a precomposed syllable (가..힣), by Unicode's
/// formula S = 0xAC00 + (L × 21 + V) × 28 + T.
pub fn syllable(c: char) -> Option<Syllable> {
    let s = (c as u32).checked_sub(SYLLABLE_BASE)?;
    if s >= SYLLABLES {
        return None;
    }
    let t = s % 28;
    Some(Syllable {
        initial: INITIALS[(s / PER_INITIAL) as usize],
        medial: MEDIALS[(s % PER_INITIAL / 28) as usize],
        final_: (t > 0).then(|| FINALS[t as usize - 1]),
    })
}

/// The letters a jamo is written with: a compound's two parts, any other
/// jamo itself.
pub fn split(jamo: char) -> (char, Option<char>) {
    match COMPOUNDS.iter().find(|(c, _)| *c == jamo) {
        Some((_, [a, b])) => (*a, Some(*b)),
        None => (jamo, None),
    }
}

/// The compound jamo written `a` then `b`, if there is one.
pub fn compound(a: char, b: char) -> Option<char> {
    COMPOUNDS
        .iter()
        .find(|(_, parts)| *parts == [a, b])
        .map(|(c, _)| *c)
}

/// A modern jamo standing on its own, as a compatibility jamo: compatibility
/// jamo themselves (ㄱ..ㅣ) and the conjoining jamo (U+1100..) that NFC
/// leaves when they do not make a syllable.
pub fn standalone(c: char) -> Option<char> {
    let n = c as u32;
    match n {
        0x3131..=0x3163 => Some(c),
        0x1100..=0x1112 => Some(INITIALS[(n - 0x1100) as usize]),
        0x1161..=0x1175 => Some(MEDIALS[(n - 0x1161) as usize]),
        0x11A8..=0x11C2 => Some(FINALS[(n - 0x11A8) as usize]),
        _ => None,
    }
}

/// The letters of `c` in order, each with its place in the syllable
/// (`None` for a jamo typed on its own), or `None` when `c` is not modern
/// Hangul.
pub fn letters(c: char) -> Option<Vec<(char, Option<Role>)>> {
    let mut out = Vec::with_capacity(5);
    let mut push = |jamo: char, role: Option<Role>| {
        let (a, b) = split(jamo);
        out.push((a, role));
        out.extend(b.map(|b| (b, role)));
    };
    if let Some(s) = syllable(c) {
        push(s.initial, Some(Role::Initial));
        push(s.medial, Some(Role::Medial));
        if let Some(f) = s.final_ {
            push(f, Some(Role::Final));
        }
    } else {
        push(standalone(c)?, None);
    }
    Some(out)
}

/// Letters joined back for display: two letters that make a compound show
/// as it (ㅗ, ㅏ as ㅘ), others as they are.
pub fn join(letters: &[char]) -> String {
    match letters {
        [a, b] => match compound(*a, *b) {
            Some(c) => c.to_string(),
            None => letters.iter().collect(),
        },
        _ => letters.iter().collect(),
    }
}
