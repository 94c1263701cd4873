//! What gives no card (docs/design.md §14.2): reference sections, link
//! lists, and clozes with nothing to learn. Each rule is a test on text or
//! inline events; the outline applies them and reports every skip as data.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use serde::Serialize;

/// Why a card was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "&'static str")]
pub enum SkipRule {
    /// A heading or item named as references, and all under it.
    ReferenceSection,
    /// A card whose every answer item is only links to other documents.
    LinkList,
    /// A cloze whose item leaves too few words outside the blank.
    ClozeTooShort,
    /// A cloze whose phrase its item or context shows anyway.
    ClozeGivesItselfAway,
}

impl SkipRule {
    /// The rule's name, as `preview -v`, `sync -v` and `--json` print it.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipRule::ReferenceSection => "reference section",
            SkipRule::LinkList => "link list",
            SkipRule::ClozeTooShort => "cloze too short",
            SkipRule::ClozeGivesItselfAway => "cloze gives itself away",
        }
    }
}

impl From<SkipRule> for &'static str {
    fn from(rule: SkipRule) -> &'static str {
        rule.as_str()
    }
}

/// A card (or a reference section's cards) left out, and why: the line of
/// its heading or item, and its text (a cloze's question).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub line: u32,
    pub rule: SkipRule,
    pub text: String,
}

impl Skip {
    /// The skip as `preview -v` and `sync -v` name it, after `skipped `:
    /// `notes/os.md:88: reference section "참고 자료"`.
    pub fn describe(&self, path: &std::path::Path) -> String {
        format!(
            "{}:{}: {} {:?}",
            path.display(),
            self.line,
            self.rule.as_str(),
            self.text
        )
    }
}

/// The heading and item names that open a reference section, as given and
/// as compared. Cloning shares them.
#[derive(Debug, Clone)]
pub struct SkipHeadings(Arc<Names>);

#[derive(Debug)]
struct Names {
    given: Vec<String>,
    /// The names as compared, made on the first comparison: a command
    /// that reads no note (a sync with nothing changed) pays nothing for
    /// them.
    compiled: OnceLock<Compiled>,
}

#[derive(Debug)]
struct Compiled {
    /// Each name normalized (`normalize`), sorted, without duplicates.
    normal: Vec<String>,
    /// Bytes of the longest normalized name.
    longest: usize,
    /// The first and the last letter of each normalized name, sorted: a
    /// text whose first letter (numerals aside) or last letter is none of
    /// them names none, and is not normalized. Normalizing takes only
    /// non-letters off the ends, and numbering off the start, so a text
    /// and its normalized form share those letters. `None` when a name
    /// has no letter.
    ends: Option<(Vec<char>, Vec<char>)>,
}

impl Compiled {
    fn of(given: &[String]) -> Compiled {
        let mut normal: Vec<String> = given
            .iter()
            .map(|n| normalize(n))
            .filter(|n| !n.is_empty())
            .collect();
        normal.sort_unstable();
        normal.dedup();
        let longest = normal.iter().map(String::len).max().unwrap_or(0);
        let ends: Option<Vec<(char, char)>> = normal
            .iter()
            .map(|n| Some((first_letter(n)?, last_letter(n)?)))
            .collect();
        let ends = ends.map(|ends| {
            let mut firsts: Vec<char> = ends.iter().map(|e| e.0).collect();
            let mut lasts: Vec<char> = ends.iter().map(|e| e.1).collect();
            for letters in [&mut firsts, &mut lasts] {
                letters.sort_unstable();
                letters.dedup();
            }
            (firsts, lasts)
        });
        Compiled {
            normal,
            longest,
            ends,
        }
    }
}

/// The default reference names: English, Korean, Chinese (simplified and
/// traditional) and Japanese. Only names that head references whatever the
/// topic: `참고 사항` ("points to note"), `Resources`, `Links` and
/// `Contents` often head knowledge, and are left to the link-list rule.
pub const DEFAULT_SKIP_HEADINGS: &[&str] = &[
    // English
    "References",
    "Reference",
    "Sources",
    "Source(s)",
    "Sources and further reading",
    "Source(s) and further reading",
    "References and further reading",
    "Further reading",
    "See also",
    "Bibliography",
    "Credits",
    "Acknowledgements",
    "Acknowledgments",
    "External links",
    "Useful links",
    "Related links",
    "Learning resources",
    "Additional resources",
    "Further resources",
    "External resources",
    "Recommended reading",
    "Additional reading",
    "Table of contents",
    "TOC",
    // Korean
    "참고",
    "참고 자료",
    "참고 문헌",
    "참고 링크",
    "관련 링크",
    "참조",
    "출처",
    "레퍼런스",
    "더 읽을거리",
    "더 읽어보기",
    "함께 보기",
    "같이 보기",
    "목차",
    // Chinese, simplified
    "参考",
    "参考资料",
    "参考文献",
    "参考链接",
    "来源",
    "出处",
    "来源及延伸阅读",
    "延伸阅读",
    "扩展阅读",
    "另见",
    "参见",
    "致谢",
    "目录",
    // Chinese, traditional
    "參考",
    "參考資料",
    "參考文獻",
    "參考連結",
    "來源",
    "出處",
    "來源及延伸閱讀",
    "延伸閱讀",
    "擴展閱讀",
    "另見",
    "參見",
    "致謝",
    "目錄",
    // Japanese
    "参考資料",
    "参考文献",
    "参考リンク",
    "出典",
    "関連項目",
    "その他の参考資料",
    "その他の参考資料、ページ",
    "謝辞",
    "目次",
];

impl SkipHeadings {
    pub fn new<I, S>(names: I) -> SkipHeadings
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let given: Vec<String> = names.into_iter().map(Into::into).collect();
        SkipHeadings(Arc::new(Names {
            given,
            compiled: OnceLock::new(),
        }))
    }

    fn compiled(&self) -> &Compiled {
        self.0.compiled.get_or_init(|| Compiled::of(&self.0.given))
    }

    /// No names: the rule is off.
    pub fn none() -> SkipHeadings {
        SkipHeadings::new(Vec::<String>::new())
    }

    /// The names as given.
    pub fn names(&self) -> &[String] {
        &self.0.given
    }

    /// Whether a heading's or item's plain text names references.
    pub fn matches(&self, text: &str) -> bool {
        let names = self.compiled();
        // Brackets, numbering and emoji add bytes, but not this many: most
        // items are far longer than any name and are not normalized.
        if names.normal.is_empty() || text.len() > names.longest + 48 {
            return false;
        }
        if let Some((firsts, lasts)) = &names.ends {
            let (Some(first), Some(last)) = (first_letter(text), last_letter(text)) else {
                return false;
            };
            if firsts.binary_search(&first).is_err() && !is_numeral(first) {
                return false;
            }
            if lasts.binary_search(&last).is_err() {
                return false;
            }
        }
        names.normal.binary_search(&normalize(text)).is_ok()
    }

    /// A short stable digest of the names, for the generator's
    /// fingerprint: another list gives another digest (one that compares
    /// the same but is written otherwise costs one needless reading).
    pub fn digest(&self) -> String {
        // FNV-1a over the names, each ended by a byte text never holds.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for name in &self.0.given {
            for byte in name.bytes().chain([0xff]) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}

impl Default for SkipHeadings {
    fn default() -> SkipHeadings {
        SkipHeadings::new(DEFAULT_SKIP_HEADINGS.iter().copied())
    }
}

impl PartialEq for SkipHeadings {
    fn eq(&self, other: &SkipHeadings) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.given == other.0.given
    }
}

impl Eq for SkipHeadings {}

/// A name as compared: case folded, emoji and spaces gone, and surrounding
/// brackets and quotes, leading numbering and a trailing colon taken off,
/// as often as they occur (`1. [References]:` is `references`).
pub fn normalize(text: &str) -> String {
    let mut s: String = match text.is_ascii() {
        true => text
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect(),
        false => text
            .chars()
            .filter(|c| !is_emoji(*c) && !c.is_whitespace())
            .flat_map(lowercase)
            .collect(),
    };
    loop {
        let before = s.len();
        let trimmed = s.trim_end_matches([':', '：']);
        let trimmed = without_numbering(trimmed);
        let trimmed = without_brackets(trimmed);
        if trimmed.len() == before {
            break;
        }
        s = trimmed.to_string();
    }
    s
}

/// Opening and closing brackets and quotes that may surround a name.
const PAIRS: &[(char, char)] = &[
    ('[', ']'),
    ('(', ')'),
    ('{', '}'),
    ('<', '>'),
    ('【', '】'),
    ('「', '」'),
    ('『', '』'),
    ('《', '》'),
    ('〈', '〉'),
    ('〔', '〕'),
    ('（', '）'),
    ('［', '］'),
    ('"', '"'),
    ('\'', '\''),
    ('“', '”'),
    ('‘', '’'),
    ('*', '*'),
    ('_', '_'),
];

fn without_brackets(s: &str) -> &str {
    let mut chars = s.chars();
    let (Some(first), Some(last)) = (chars.next(), chars.next_back()) else {
        return s;
    };
    match PAIRS
        .iter()
        .any(|&(open, close)| first == open && last == close)
    {
        true => &s[first.len_utf8()..s.len() - last.len_utf8()],
        false => s,
    }
}

/// `s` without a leading number (`1.`, `2)`, `3-`, `1.2.`, `iv.`, `三、`)
/// followed by more text. With spaces gone, a number needs its mark, except
/// Arabic digits, which never start a reference name.
fn without_numbering(s: &str) -> &str {
    if let Some(inner) = s.strip_prefix(['(', '（'])
        && let Some(close) = inner.find([')', '）'])
        && close > 0
        && inner[..close].chars().all(|c| c.is_ascii_digit())
    {
        let rest = inner[close..].trim_start_matches([')', '）']);
        return if rest.is_empty() { s } else { rest };
    }
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = if digits > 0 {
        s[digits..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
    } else {
        let end = s.len() - s.trim_start_matches(is_numeral).len();
        let rest = &s[end..];
        match rest.chars().next() {
            Some('.' | ')' | '、' | '．') if end > 0 => rest,
            _ => return s,
        }
    };
    let rest = rest.trim_start_matches(['.', ')', '、', '．', '-', ':', '：']);
    if rest.is_empty() { s } else { rest }
}

/// Letters that may number a heading: Roman and CJK numerals.
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        'i' | 'v'
            | 'x'
            | 'l'
            | 'c'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
    )
}

/// A letter: alphanumeric, not an Arabic digit. CJK and ASCII are told
/// without Unicode's tables, which most text never needs.
fn is_letter(c: char) -> bool {
    match c.is_ascii() {
        true => c.is_ascii_alphabetic(),
        false => is_cjk(c) || c.is_alphanumeric(),
    }
}

/// The first letter of `text`, lowercase.
fn first_letter(text: &str) -> Option<char> {
    let c = text.chars().find(|c| is_letter(*c))?;
    lowercase(c).next()
}

/// The last letter of `text`, lowercase.
fn last_letter(text: &str) -> Option<char> {
    let c = text.chars().rev().find(|c| is_letter(*c))?;
    lowercase(c).last()
}

/// `c` lowercase, CJK (which has no case) without Unicode's tables.
fn lowercase(c: char) -> impl Iterator<Item = char> {
    let cased = (!c.is_ascii() && !is_cjk(c)).then(|| c.to_lowercase());
    let plain = cased.is_none().then(|| c.to_ascii_lowercase());
    plain.into_iter().chain(cased.into_iter().flatten())
}

/// Emoji and the joiners and selectors that build them, roughly: enough to
/// read `📚 References` as `References`.
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF
        | 0xFE0E | 0xFE0F | 0x200D | 0x20E3 | 0xE0020..=0xE007F)
}

/// Whether an item's own text is only links to other documents (a URL, a
/// Markdown link to a URL or another file, a wikilink to another note),
/// with nothing else but punctuation, symbols and emoji. A link to a
/// heading of the same note (`#anchor`, `[[#Heading]]`) is not one.
pub fn only_links(events: &[(Event<'_>, Range<usize>)]) -> bool {
    let mut links = 0usize;
    let mut depth = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                if depth == 0 {
                    let target = dest_url.trim();
                    let same_note = match link_type {
                        LinkType::WikiLink { .. } => target.starts_with('#') || target.is_empty(),
                        _ => target.starts_with('#'),
                    };
                    if same_note {
                        return false;
                    }
                    links += 1;
                }
                depth += 1;
            }
            Event::End(TagEnd::Link) => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            // Most items are words: say so at their first one. Text with
            // no `:` holds no address.
            Event::Text(text)
                if memchr::memchr(b':', text.as_bytes()).is_none() && has_alphanumeric(text) =>
            {
                return false;
            }
            Event::Text(text) => {
                for word in text.split_whitespace() {
                    if is_url(word) {
                        links += 1;
                    } else if has_alphanumeric(word) {
                        return false;
                    }
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => return false,
            _ => {}
        }
    }
    links > 0
}

fn has_alphanumeric(text: &str) -> bool {
    match text.is_ascii() {
        true => text.bytes().any(|b| b.is_ascii_alphanumeric()),
        false => text.chars().any(|c| c.is_ascii_digit() || is_letter(c)),
    }
}

/// Whether a word is a bare address (`https://…`, `http://…`), opening
/// brackets aside.
fn is_url(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '<', '[']);
    let lower = word.get(..8).unwrap_or(word).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && word.len() > 8
}

/// Words in `text` as the cloze rule counts them: each whitespace-separated
/// run holding a letter or digit is one, except that CJK ideographs, kana
/// and Hangul count one word per two characters (rounded up), since those
/// scripts write several words without spaces; a run mixing both counts
/// both parts (`API가` is two).
pub fn words(text: &str) -> usize {
    text.split_whitespace()
        .map(|run| {
            if run.is_ascii() {
                return usize::from(run.bytes().any(|b| b.is_ascii_alphanumeric()));
            }
            let cjk = run.chars().filter(|&c| is_cjk(c)).count();
            let other = run.chars().any(|c| !is_cjk(c) && c.is_alphanumeric());
            cjk.div_ceil(2) + usize::from(other)
        })
        .sum()
}

/// CJK ideographs, kana and Hangul.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7AF | 0xD7B0..=0xD7FF
        | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Text as the give-away test compares it: case folded, whitespace runs as
/// one space, none at either end.
fn folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        match word.is_ascii() {
            true => out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase()))),
            false => out.extend(word.chars().flat_map(lowercase)),
        }
    }
    out
}

/// Why a cloze gives nothing to learn, if it does: `rest` is its item's
/// text outside the blank, `phrase` the blanked phrase, `context` its
/// context entries. `min_words` 0 turns both tests off.
pub fn cloze_fault(
    rest: &str,
    phrase: &str,
    context: &[String],
    min_words: u32,
) -> Option<SkipRule> {
    if min_words == 0 {
        return None;
    }
    if words(rest) < min_words as usize {
        return Some(SkipRule::ClozeTooShort);
    }
    let phrase = folded(phrase);
    if phrase.is_empty() {
        return None;
    }
    let shown_in_context = context
        .iter()
        .any(|entry| folded(entry.trim_end_matches([':', '：'])) == phrase);
    if shown_in_context || appears_in(&folded(rest), &phrase) {
        return Some(SkipRule::ClozeGivesItselfAway);
    }
    None
}

/// Whether `phrase` occurs in `text` (both folded). Where the phrase starts
/// or ends with a letter or digit of a script written with spaces, the text
/// must not run on with another there (`C` is not in `created`), except for
/// a plural `s` or `es` at its end (`Pod` is in `Pods`). CJK edges match
/// anywhere: particles and endings attach to words there (`자동화를`).
fn appears_in(text: &str, phrase: &str) -> bool {
    let spaced = |c: char| c.is_alphanumeric() && !is_cjk(c);
    let first = phrase.chars().next().is_some_and(spaced);
    let last = phrase.chars().next_back().is_some_and(spaced);
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = &text[at + phrase.len()..];
        let start_ok = !first || !before.is_some_and(spaced);
        let end_ok = !last || {
            let rest = after
                .strip_prefix("es")
                .or_else(|| after.strip_prefix('s'))
                .filter(|r| !r.chars().next().is_some_and(spaced))
                .unwrap_or(after);
            !rest.chars().next().is_some_and(spaced)
        };
        start_ok && end_ok
    })
}
