//! Card generation: turns one notes file (deck name + Markdown text) into card
//! drafts, following docs/design.md §2, with Obsidian's syntax read as §13
//! says and the answers and skips of §14. Pure: no I/O, no clock, no
//! database.

mod blocks;
pub mod front_matter;
mod highlight;
mod inline;
mod outline;
mod skip;
mod source;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

pub use blocks::{Block, BlockKind, Text};
pub use highlight::{Mark, marks as highlight_marks};
pub use skip::{DEFAULT_SKIP_HEADINGS, Skip, SkipHeadings, SkipRule};
pub use source::deck_name;

/// What kind of question a card asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A heading or item, answered by the items under it.
    List,
    /// An item with one bold phrase blanked out.
    Cloze,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::List => "list",
            Kind::Cloze => "cloze",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "list" => Some(Kind::List),
            "cloze" => Some(Kind::Cloze),
            _ => None,
        }
    }
}

/// A card as the notes describe it right now, before it is matched with the
/// stored cards. Plain fields feed identity and `--json`; `_md` fields keep the
/// inline Markdown for display. The context path is shared by every card
/// under the same item or heading, so a file of many cards does not copy it
/// for each. A lead or details are part of the answer, never of the
/// identity: a card that gains them stays the same card (§14.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub deck: String,
    pub kind: Kind,
    pub context: Arc<[String]>,
    pub question: String,
    pub answer: Vec<String>,
    pub context_md: Arc<[String]>,
    pub question_md: String,
    pub answer_md: Vec<String>,
    /// A heading card's lead: the paragraphs, quotes and code between the
    /// heading and its first list, shown before the items.
    pub lead: Vec<Block>,
    /// An item card's details: the blocks of the item's body other than
    /// its sub-lists, in note order.
    pub details: Vec<Block>,
    /// 1-based line of the question in its file.
    pub line: u32,
    /// 1-based line of the list card this card belongs with: the card itself
    /// for a list card, the card whose answer holds the item for a cloze.
    /// Cards sharing it give each other away and are not asked on one day.
    pub family_line: u32,
}

impl Draft {
    /// What identifies the card inside its deck (docs/design.md §1): kind, context
    /// path, question, and for a cloze the blanked phrase.
    pub fn key(&self) -> String {
        key(self.kind, &self.context, &self.question, &self.answer, 0)
    }

    /// `key`'s parts with the deck, borrowed.
    pub fn identity(&self) -> Identity<'_> {
        identity(
            &self.deck,
            self.kind,
            &self.context,
            &self.question,
            &self.answer,
        )
    }
}

/// A card's identity (docs/design.md §1) as borrowed parts: deck, kind, context
/// path, question, and for a cloze the blanked phrase ("" for a list card).
/// Sync compares these in place, so matching thousands of cards builds no
/// key strings; `key` joins the same parts into one.
pub type Identity<'a> = (&'a str, Kind, &'a [String], &'a str, &'a str);

pub fn identity<'a>(
    deck: &'a str,
    kind: Kind,
    context: &'a [String],
    question: &'a str,
    answer: &'a [String],
) -> Identity<'a> {
    let phrase = match kind {
        Kind::Cloze => answer.first().map_or("", String::as_str),
        Kind::List => "",
    };
    (deck, kind, context, question, phrase)
}

/// A card's identity inside its deck. `ordinal` tells apart cards whose other
/// parts repeat (the same question twice under one heading). Fields are
/// joined with control characters that plain text never contains.
pub fn key(
    kind: Kind,
    context: &[String],
    question: &str,
    answer: &[String],
    ordinal: u32,
) -> String {
    let (_, _, _, _, phrase) = identity("", kind, context, question, answer);
    let mut key = String::from(kind.as_str());
    for part in context {
        key.push('\u{1f}');
        key.push_str(part);
    }
    key.push('\u{1e}');
    key.push_str(question);
    if kind == Kind::Cloze {
        key.push('\u{1e}');
        key.push_str(phrase);
    }
    if ordinal > 0 {
        key.push('\u{1d}');
        key.push_str(&ordinal.to_string());
    }
    key
}

/// Every card the Markdown `text` of deck `deck` gives, in note order,
/// under the default options.
pub fn generate(deck: &str, text: &str) -> Vec<Draft> {
    generate_with(deck, text, &Options::default()).drafts
}

/// What a notes file gives: its cards, and what the options left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// The cards, in note order.
    pub drafts: Vec<Draft>,
    /// The cards left out by docs/design.md §14.2, in note order: one per
    /// reference section (at its heading or item), per link list, per cloze.
    pub skips: Vec<Skip>,
}

/// Choices a learner can make about which cards their notes give. Cloning
/// is cheap: the reference names are shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Whether bold spans in items make cloze cards.
    pub cloze: bool,
    /// Names of headings and items that open a reference section, which
    /// gives no card (§14.2). Empty: the rule is off.
    pub skip_headings: SkipHeadings,
    /// Whether a card whose answer items are only links is left out.
    pub skip_link_lists: bool,
    /// Fewest words a cloze's item must hold outside the blank; 0 turns off
    /// this check and the give-away one.
    pub cloze_min_words: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            cloze: true,
            skip_headings: SkipHeadings::default(),
            skip_link_lists: true,
            cloze_min_words: 3,
        }
    }
}

impl Options {
    /// A short text that changes whenever the options change the cards, so
    /// a sync can tell that every file must be read again.
    ///
    /// How the notes' Markdown reads is part of it: `markdown 3` is the
    /// reading of §14 (leads, details, tables), after `markdown 2`, the
    /// reading of Obsidian's syntax (§13). Cards stored by an earlier
    /// reading keep their history through sync's rule 1r (§3).
    pub fn fingerprint(&self) -> String {
        format!(
            "{}; markdown 3; skip headings {}; {}; cloze words {}",
            if self.cloze { "cloze" } else { "no-cloze" },
            self.skip_headings.digest(),
            if self.skip_link_lists {
                "skip link lists"
            } else {
                "keep link lists"
            },
            self.cloze_min_words,
        )
    }
}

/// The pulldown-cmark extensions the notes are read with: wikilinks
/// (`[[Page]]`, `![[embed]]`), footnotes (`[^1]`, GitHub's syntax, as
/// Obsidian's) and tables (GitHub's, for an item's details). Strikethrough,
/// task lists and callout kinds are not needed for any card, so they stay
/// off and read as CommonMark does.
pub fn markdown_options() -> pulldown_cmark::Options {
    pulldown_cmark::Options::ENABLE_WIKILINKS
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_TABLES
}

/// The plain text the generator reads today in `md`, one line of inline
/// Markdown as a card stores it (`question_md`, an item of `answer_md` or
/// `context_md`): comments cut out, then parsed and rendered as an item's
/// text is. `None` when `md` does not read as one paragraph (a stored
/// `1. x` would read as a list), since its text cannot then be told.
///
/// Sync compares stored cards by it when the reading of Markdown changed
/// (docs/design.md §3, rule 1r). A footnote's definition lies elsewhere in
/// the file, so here every `[^label]` reads as a reference.
pub fn reread(md: &str) -> Option<String> {
    if md.is_empty() {
        return Some(String::new());
    }
    let text = match source::without_comments(md) {
        Some((cut, _)) => Cow::Owned(cut),
        None => Cow::Borrowed(md),
    };
    let options = markdown_options() | pulldown_cmark::Options::ENABLE_OLD_FOOTNOTES;
    let mut events = Parser::new_ext(&text, options).into_offset_iter();
    match events.next() {
        None => return Some(String::new()),
        Some((Event::Start(Tag::Paragraph), _)) => {}
        Some(_) => return None,
    }
    let mut inlines = Vec::new();
    for (event, range) in events.by_ref() {
        if matches!(event, Event::End(TagEnd::Paragraph)) {
            break;
        }
        inlines.push((event, range));
    }
    if events.next().is_some() {
        return None;
    }
    Some(inline::render(&inlines, &text).plain)
}

/// Every card the text gives under the given options, in note order, and
/// the cards those options leave out.
pub fn generate_with(deck: &str, text: &str, options: &Options) -> Generated {
    // Not study notes: no cards, whoever asks (docs/design.md §13).
    if front_matter::opts_out(text) {
        return Generated::default();
    }
    let source::Prepared { text, lines } = source::prepare(text);
    let outline = outline::Outline::parse(&text, &lines);
    let stem = deck.rsplit('/').next().unwrap_or(deck);
    outline::drafts(outline, deck, stem, options)
}
