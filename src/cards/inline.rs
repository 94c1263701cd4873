//! The text of one block's inline content, in the two forms a card keeps:
//! plain text (identity, `--json`) and Markdown (display), plus the cloze
//! questions its bold and highlighted spans give. Obsidian's syntax reads as
//! Obsidian shows it in both forms (docs/design.md §13): wikilinks as their
//! text, embeds as a placeholder, footnote references and block ids not at
//! all; the Markdown form keeps `==highlight==` marks, as it keeps bold.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::highlight;

/// What `[…]` stands in for in a cloze question.
pub const BLANK: &str = "[…]";

/// Bold spans past this many in one item give no cloze: each cloze carries
/// the whole item, so a pathological line of thousands of bold spans would
/// otherwise need memory in the square of its length.
pub const MAX_CLOZES: usize = 50;

/// One bold span turned into a cloze question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cloze {
    pub question: String,
    pub question_md: String,
    pub answer: String,
    pub answer_md: String,
}

/// A block's inline content rendered for a card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlineText {
    pub plain: String,
    pub md: String,
    pub clozes: Vec<Cloze>,
}

/// The plain text pieces of a run of inline events, borrowed from the
/// events where they can be, with the outermost cloze span each piece sits
/// in (if any), and the edits that turn the source into the Markdown form.
#[derive(Default)]
struct Pieces<'e> {
    pieces: Vec<(Cow<'e, str>, Option<usize>)>,
    /// Source range of each outermost cloze span (bold or highlight),
    /// delimiters included, and of its inner content.
    spans: Vec<(Range<usize>, Range<usize>)>,
    /// Source ranges the Markdown form shows otherwise (wikilinks, embeds,
    /// footnote references, a block id), sorted, none overlapping.
    edits: Vec<Edit<'e>>,
}

/// A source range and what the Markdown form shows instead.
type Edit<'e> = (Range<usize>, Cow<'e, str>);

fn pieces<'e>(events: &'e [(Event<'_>, Range<usize>)], source: &str) -> Pieces<'e> {
    let mut out = Pieces::default();
    let marks = highlight::marks(events, source);
    let mut marks = marks.into_iter().peekable();
    let block_id = block_id(events, source);
    // Open cloze spans, bold and highlight alike: only the outermost counts.
    let mut depth = 0usize;
    // Whether the outermost open span is bold: its inner range grows with
    // the events in it, where a highlight's is fixed by its marks.
    let mut bold_outer = false;
    // Depth inside an image or a link whose text is not shown.
    let mut skip = 0usize;
    // Open links: for an aliased wikilink, where its pieces start, its range
    // and its target.
    let mut links: Vec<Option<(usize, Range<usize>, &'e str)>> = Vec::new();
    for (k, (event, range)) in events.iter().enumerate() {
        if depth > 0 && bold_outer && !matches!(event, Event::End(TagEnd::Strong)) {
            let inner = &mut out.spans.last_mut().expect("open span").1;
            if inner.start == inner.end {
                *inner = range.clone();
            } else {
                inner.end = inner.end.max(range.end);
            }
        }
        if skip > 0 {
            match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                _ => {}
            }
            continue;
        }
        let current = (depth > 0).then(|| out.spans.len() - 1);
        match event {
            Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => {
                out.replace(range, embed_placeholder(dest_url), current);
                skip = 1;
            }
            Event::Start(Tag::Image { .. }) => skip = 1,
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                if *has_pothole {
                    links.push(Some((out.pieces.len(), range.clone(), dest_url.as_ref())));
                } else {
                    out.replace(range, link_text(dest_url), current);
                    skip = 1;
                }
            }
            Event::Start(Tag::Link { .. }) => links.push(None),
            Event::End(TagEnd::Link) => {
                if let Some(Some((from, whole, target))) = links.pop() {
                    if out.pieces[from..].iter().any(|(t, _)| !t.trim().is_empty()) {
                        // `[[target|alias]]` shows its alias, marks and all.
                        let alias = whole.start + "[[".len() + target.len() + "|".len();
                        out.edits.push((whole.start..alias, Cow::Borrowed("")));
                        out.edits
                            .push((whole.end - "]]".len()..whole.end, Cow::Borrowed("")));
                    } else {
                        out.pieces.truncate(from);
                        out.replace(&whole, link_text(target), current);
                    }
                }
            }
            Event::Start(Tag::Strong) => {
                if depth == 0 {
                    out.spans.push((range.clone(), range.end..range.end));
                    bold_outer = true;
                }
                depth += 1;
            }
            Event::End(TagEnd::Strong) => depth = depth.saturating_sub(1),
            Event::Text(text) => {
                let text = match &block_id {
                    Some((cut, _)) if k == events.len() - 1 => &text[..*cut],
                    _ => text.as_ref(),
                };
                let mut at = 0;
                while let Some(mark) = marks.next_if(|m| m.event == k) {
                    let current = (depth > 0).then(|| out.spans.len() - 1);
                    out.pieces
                        .push((Cow::Borrowed(&text[at..mark.at]), current));
                    let offset = range.start + mark.at;
                    if mark.open {
                        if depth == 0 {
                            out.spans.push((offset..offset, offset + 2..offset + 2));
                            bold_outer = false;
                        }
                        depth += 1;
                    } else {
                        depth = depth.saturating_sub(1);
                        if depth == 0 && !bold_outer {
                            let span = out.spans.last_mut().expect("open highlight");
                            span.0.end = offset + 2;
                            span.1.end = offset;
                        }
                    }
                    at = mark.at + 2;
                }
                let current = (depth > 0).then(|| out.spans.len() - 1);
                out.pieces.push((Cow::Borrowed(&text[at..]), current));
            }
            Event::Code(text) => out.pieces.push((Cow::Borrowed(text.as_ref()), current)),
            Event::SoftBreak | Event::HardBreak => out.pieces.push((Cow::Borrowed(" "), current)),
            Event::FootnoteReference(_) => out.edits.push((range.clone(), Cow::Borrowed(""))),
            _ => {}
        }
    }
    if let Some((_, id)) = block_id {
        out.edits.push((id, Cow::Borrowed("")));
    }
    out.edits.sort_by_key(|(range, _)| range.start);
    out
}

impl<'e> Pieces<'e> {
    /// Shows `text` for the source `range`, in plain and Markdown alike.
    fn replace(&mut self, range: &Range<usize>, text: String, span: Option<usize>) {
        self.edits.push((range.clone(), Cow::Owned(text.clone())));
        self.pieces.push((Cow::Owned(text), span));
    }
}

/// What a wikilink shows: its target, sections after ` > ` as Obsidian
/// shows them (`Page#Heading` is `Page > Heading`, `#Heading` is `Heading`);
/// a block reference (`#^id`) is left out.
pub fn link_text(target: &str) -> String {
    let parts: Vec<&str> = target
        .split('#')
        .map(str::trim)
        .enumerate()
        .filter(|(i, part)| !part.is_empty() && (*i == 0 || !part.starts_with('^')))
        .map(|(_, part)| part)
        .collect();
    match parts.is_empty() {
        true => target.trim_matches('#').trim().to_string(),
        false => parts.join(" > "),
    }
}

/// Extensions Obsidian shows as images.
const IMAGE_EXTENSIONS: [&str; 8] = ["avif", "bmp", "gif", "jpeg", "jpg", "png", "svg", "webp"];

/// What an embed `![[target]]` shows: `[image: name]` for an image file,
/// `[embed: name]` for anything else (a note, a section, a PDF), `name`
/// being the target's file name without its folders; a note's sections
/// follow as in `link_text`, an image's fragment (`#icon`) and size
/// (`|100`) are left out.
pub fn embed_placeholder(target: &str) -> String {
    let (file, sections) = target.split_once('#').unwrap_or((target, ""));
    let name = file.trim().rsplit('/').next().unwrap_or(file).trim();
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if extension.is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.as_str())) {
        return format!("[image: {name}]");
    }
    let shown = match sections {
        "" => name.to_string(),
        _ => link_text(&format!("{name}#{sections}")),
    };
    match shown.is_empty() {
        true => "[embed]".to_string(),
        false => format!("[embed: {shown}]"),
    }
}

/// An Obsidian block id (` ^id` ending a block) in the last event: where
/// that event's text is cut, and the source range the id takes.
fn block_id(events: &[(Event<'_>, Range<usize>)], source: &str) -> Option<(usize, Range<usize>)> {
    let (Event::Text(text), range) = events.last()? else {
        return None;
    };
    if source.get(range.clone()) != Some(text.as_ref()) {
        return None;
    }
    let trimmed = text.trim_end();
    // The id is the run of letters, digits and dashes ending the text, right
    // after a caret; looking back only over that run keeps a long block's
    // text from being searched whole for a caret it almost never has.
    let id_len = trimmed
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let caret = trimmed.len().checked_sub(id_len + 1)?;
    if id_len == 0 || trimmed.as_bytes()[caret] != b'^' {
        return None;
    }
    let before = &trimmed[..caret];
    let apart = match before.chars().next_back() {
        Some(c) => c.is_whitespace(),
        // An id on a line of its own, or all of the text.
        None => {
            events.len() == 1
                || matches!(
                    events[events.len() - 2].0,
                    Event::SoftBreak | Event::HardBreak
                )
        }
    };
    apart.then(|| (caret, range.start + caret..range.start + trimmed.len()))
}

/// Builds text with whitespace runs read as one space and none at either
/// end, from pieces that may split a word (`foo**bar**` reads `foobar`).
/// Card generation runs it on every block of every file, so it copies whole
/// words instead of collecting and joining them.
#[derive(Default)]
struct Collapsed {
    text: String,
    space: bool,
}

impl Collapsed {
    fn with_capacity(capacity: usize) -> Collapsed {
        Collapsed {
            text: String::with_capacity(capacity),
            space: false,
        }
    }

    fn push(&mut self, piece: &str) {
        if is_one_word_run(piece) {
            self.word(piece);
            return;
        }
        let bytes = piece.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let space = whitespace_len(piece, i);
            if space > 0 {
                self.space = true;
                i += space;
                continue;
            }
            let start = i;
            i += 1;
            loop {
                // Most bytes cannot start a space: skip them without decoding.
                i += bytes[i..]
                    .iter()
                    .position(|&b| may_start_space(b))
                    .unwrap_or(bytes.len() - i);
                if i == bytes.len() || whitespace_len(piece, i) > 0 {
                    break;
                }
                i += 1;
            }
            self.word(&piece[start..i]);
        }
    }

    fn word(&mut self, word: &str) {
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push_str(word);
    }
}

/// Whether `byte` may begin a whitespace character: an ASCII space, or a
/// lead byte of one of the few non-ASCII spaces (U+0085, U+00A0, U+1680,
/// U+2000 to U+205F, U+3000). UTF-8 continuation bytes never match, so a
/// scan can go byte by byte and decode only here.
fn may_start_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// Whether `text` needs no collapsing: words apart by single ASCII spaces,
/// none at either end, and no byte that may start another kind of space.
/// Most text of most notes is like this and is copied whole.
fn is_one_word_run(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if first == b' ' || last == b' ' {
        return false;
    }
    let mut after_space = false;
    for &b in bytes {
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if may_start_space(b) {
            return false;
        } else {
            after_space = false;
        }
    }
    true
}

/// The length of the whitespace character (as `char::is_whitespace` reads
/// it) starting at byte `i` of `text`, or 0.
fn whitespace_len(text: &str, i: usize) -> usize {
    match text.as_bytes()[i] {
        b'\t'..=b'\r' | b' ' => 1,
        b if may_start_space(b) => text[i..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// Whitespace runs read as one space; no space at either end.
#[cfg(test)]
pub fn collapse(text: &str) -> String {
    collapse_pieces(&[text])
}

/// `collapse` of the pieces' concatenation, built piece by piece as a
/// block's text is.
#[cfg(test)]
pub fn collapse_pieces(pieces: &[&str]) -> String {
    let mut out = Collapsed::default();
    for piece in pieces {
        out.push(piece);
    }
    out.text
}

/// Markdown source joined onto one line: each line trimmed, joined by a space.
/// A lone `\r` ends a line too (CommonMark), so it is split on as well.
fn one_line(md: &str) -> String {
    if !md.bytes().any(|b| b == b'\n' || b == b'\r') {
        return md.trim().to_string();
    }
    let mut out = String::with_capacity(md.len());
    for line in md
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// The Markdown source of `range` with `edits` applied. Where an edit
/// shows nothing, the spaces after it go too when a space comes before it,
/// so that `a [^1] b` reads `a b`.
fn edited<'s>(source: &'s str, range: Range<usize>, edits: &[Edit<'_>]) -> Cow<'s, str> {
    let first = edits.partition_point(|(r, _)| r.start < range.start);
    let inside = edits[first..]
        .iter()
        .take_while(|(r, _)| r.end <= range.end);
    if inside.clone().next().is_none() {
        return Cow::Borrowed(&source[range]);
    }
    let mut out = String::with_capacity(range.len());
    let mut pos = range.start;
    for (r, shown) in inside {
        if r.start < pos {
            continue;
        }
        out.push_str(&source[pos..r.start]);
        out.push_str(shown);
        pos = r.end;
        if shown.is_empty() && out.ends_with([' ', '\t']) {
            let rest = &source[pos..range.end];
            pos += rest.len() - rest.trim_start_matches([' ', '\t']).len();
        }
    }
    out.push_str(&source[pos..range.end]);
    Cow::Owned(out)
}

/// `edited`, joined onto one line.
fn markdown(source: &str, range: Range<usize>, edits: &[Edit<'_>]) -> String {
    one_line(&edited(source, range, edits))
}

/// Renders the inline `events` of one block; `source` is the text their
/// ranges point into.
pub fn render(events: &[(Event<'_>, Range<usize>)], source: &str) -> InlineText {
    let Some(whole) = extent(events) else {
        return InlineText::default();
    };
    let Pieces {
        pieces,
        spans,
        edits,
    } = pieces(events, source);
    let mut plain = Collapsed::with_capacity(whole.len());
    for (text, _) in &pieces {
        plain.push(text);
    }
    let md = markdown(source, whole.clone(), &edits);
    let clozes = spans
        .iter()
        .take(MAX_CLOZES)
        .enumerate()
        .filter_map(|(k, (outer, inner))| {
            let mut answer = Collapsed::default();
            let mut question = Collapsed::default();
            let mut blanked = false;
            for (text, span) in &pieces {
                if *span == Some(k) {
                    answer.push(text);
                    if !blanked {
                        question.push(BLANK);
                        blanked = true;
                    }
                } else {
                    question.push(text);
                }
            }
            if answer.text.is_empty() {
                return None;
            }
            let question_md = format!(
                "{}{BLANK}{}",
                edited(source, whole.start..outer.start, &edits),
                edited(source, outer.end..whole.end, &edits)
            );
            Some(Cloze {
                question: question.text,
                question_md: one_line(&question_md),
                answer: answer.text,
                answer_md: markdown(source, inner.clone(), &edits),
            })
        })
        .collect();
    InlineText {
        plain: plain.text,
        md,
        clozes,
    }
}

/// The plain and Markdown forms of the inline `events` of one block, as
/// `render` gives them, without the clozes: for blocks that give none.
pub fn render_text(events: &[(Event<'_>, Range<usize>)], source: &str) -> (String, String) {
    let Some(whole) = extent(events) else {
        return (String::new(), String::new());
    };
    let Pieces { pieces, edits, .. } = pieces(events, source);
    let mut plain = Collapsed::with_capacity(whole.len());
    for (text, _) in &pieces {
        plain.push(text);
    }
    (plain.text, markdown(source, whole, &edits))
}

/// The source range the events cover.
fn extent(events: &[(Event<'_>, Range<usize>)]) -> Option<Range<usize>> {
    let start = events.iter().map(|(_, r)| r.start).min()?;
    let end = events.iter().map(|(_, r)| r.end).max()?;
    Some(start..end)
}

/// Whether a tag opens an inline span (emphasis, a link, an image…)
/// rather than a block.
pub(super) fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// Whether an end closes an inline span, as `is_inline` opens one.
pub(super) fn is_inline_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}
