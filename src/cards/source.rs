//! The raw text around the Markdown: YAML front matter, comments, line
//! numbers, and deck names derived from file paths.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

/// A notes file ready to parse: front matter blanked, comments cut out, and
/// the lines of the file its offsets fall on.
pub struct Prepared<'a> {
    pub text: Cow<'a, str>,
    pub lines: Lines,
}

/// `text` without front matter (`without_front_matter`) and without
/// comments (`without_comments`), with the line of every offset as in the
/// file.
pub fn prepare(text: &str) -> Prepared<'_> {
    let text = without_front_matter(text);
    let lines = Lines::new(&text);
    match without_comments(&text) {
        Some((cut, cuts)) => Prepared {
            text: Cow::Owned(cut),
            lines: lines.with_cuts(cuts),
        },
        None => Prepared { text, lines },
    }
}

/// The text with its comments cut out, `%% … %%` (Obsidian) and
/// `<!-- … -->` (HTML), inline or spanning lines, outside code spans and
/// code blocks: `None` when it has none. A comment alone on its lines takes
/// those lines with it, so that a list or paragraph around it reads on as if
/// it were not there; otherwise the spaces on one side of it go too, so that
/// `a %% b %% c` reads `a c`. An opening mark with no closing one is text.
/// Also returns the cuts for `Lines::with_cuts`.
///
/// Obsidian reads comments before Markdown, so this works on the raw text
/// (docs/design.md §13); where code is comes from a first parse, made only
/// when a comment mark occurs at all.
pub fn without_comments(text: &str) -> Option<(String, Vec<(usize, usize)>)> {
    if !has_pair(text, b'%') && !has_html_comment(text) {
        return None;
    }
    let code = code_ranges(text);
    let regions = comment_regions(text, &code);
    if regions.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut cuts = Vec::with_capacity(regions.len());
    let (mut pos, mut removed) = (0, 0);
    for region in regions {
        let region = widen(text, region);
        let start = region.start.max(pos);
        if start >= region.end {
            continue;
        }
        out.push_str(&text[pos..start]);
        removed += region.end - start;
        cuts.push((out.len(), removed));
        pos = region.end;
    }
    out.push_str(&text[pos..]);
    Some((out, cuts))
}

/// The source ranges of code spans and code blocks, in order.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    Parser::new_ext(text, super::markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect()
}

/// Whether `offset` falls inside one of the sorted `code` ranges.
fn in_code(code: &[Range<usize>], offset: usize) -> bool {
    let i = code.partition_point(|r| r.end <= offset);
    code.get(i).is_some_and(|r| r.start <= offset)
}

/// The first `mark` at or after `from` outside code.
fn find_outside(text: &str, from: usize, mark: &str, code: &[Range<usize>]) -> Option<usize> {
    text.get(from..)?
        .match_indices(mark)
        .map(|(i, _)| from + i)
        .find(|&i| !in_code(code, i))
}

/// Each comment's range, opening mark to closing mark, in order.
fn comment_regions(text: &str, code: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut regions = Vec::new();
    let (mut obsidian, mut html) = (true, true);
    let mut from = 0;
    loop {
        let percent = obsidian
            .then(|| find_outside(text, from, "%%", code))
            .flatten();
        let angle = html
            .then(|| find_outside(text, from, "<!--", code))
            .flatten();
        let (start, open, close) = match (percent, angle) {
            (Some(p), Some(a)) if a < p => (a, 2, "-->"),
            (Some(p), _) => (p, 2, "%%"),
            (None, Some(a)) => (a, 2, "-->"),
            (None, None) => break,
        };
        // `<!-->` and `<!--->` are whole comments, as in CommonMark: the
        // closing `-->` is looked for from the opening's third byte.
        match find_outside(text, start + open, close, code) {
            Some(end) => {
                let end = end + close.len();
                regions.push(start..end);
                from = end;
            }
            None => match close {
                "%%" => obsidian = false,
                _ => html = false,
            },
        }
    }
    regions
}

/// A comment's range widened to what goes with it: its whole lines when
/// nothing else is on them, else the spaces after it (or, at a line's end,
/// before it).
fn widen(text: &str, region: Range<usize>) -> Range<usize> {
    let is_space = |c: char| c == ' ' || c == '\t';
    let line_start = text[..region.start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let line_end = text[region.end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| region.end + i);
    let before = &text[line_start..region.start];
    let after = &text[region.end..line_end];
    if before.chars().all(is_space) && after.chars().all(is_space) {
        let newline = match &text[line_end..] {
            rest if rest.starts_with("\r\n") => 2,
            "" => 0,
            _ => 1,
        };
        return line_start..line_end + newline;
    }
    if !after.chars().all(is_space) {
        let spaces = after.len() - after.trim_start_matches(is_space).len();
        return region.start..region.end + spaces;
    }
    let spaces = before.len() - before.trim_end_matches(is_space).len();
    region.start - spaces..region.end
}

/// The text with a leading byte-order mark dropped and YAML front matter
/// (`---` on the first line up to a closing `---` or `...`) blanked out.
/// Front matter lines become empty lines so that line numbers stay true.
pub fn without_front_matter(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match super::front_matter::find(text) {
        Some(block) => Cow::Owned("\n".repeat(block.lines) + &text[block.end..]),
        None => Cow::Borrowed(text),
    }
}

/// Maps byte offsets to 1-based line numbers.
pub struct Lines {
    starts: Vec<usize>,
    /// Where text was cut out: (offset in the text parsed, bytes cut out
    /// before it), in order.
    cuts: Vec<(usize, usize)>,
}

impl Lines {
    /// Line ends are `\n`, `\r\n` and a lone `\r`, as in CommonMark, so that
    /// old Mac files number their lines the way the parser reads them.
    pub fn new(text: &str) -> Lines {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                .map(|(i, _)| i + 1),
        );
        Lines {
            starts,
            cuts: Vec::new(),
        }
    }

    /// The lines of a text from which `without_comments` cut what `cuts`
    /// says: offsets into the cut text give the lines of the whole one.
    pub fn with_cuts(self, cuts: Vec<(usize, usize)>) -> Lines {
        Lines { cuts, ..self }
    }

    pub fn line_of(&self, offset: usize) -> u32 {
        let cut = self.cuts.partition_point(|&(at, _)| at <= offset);
        let offset = match cut {
            0 => offset,
            k => offset + self.cuts[k - 1].1,
        };
        let line = self.starts.partition_point(|&start| start <= offset);
        u32::try_from(line).unwrap_or(u32::MAX)
    }
}

/// The deck a notes file belongs to: its path relative to the notes root,
/// `/` separated, without the `.md` extension.
pub fn deck_name(relative: &Path) -> String {
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let joined = parts.join("/");
    match joined.strip_suffix(".md") {
        Some(stem) => stem.to_string(),
        None => joined,
    }
}

/// Whether `text` holds `byte` twice in a row. Asked of every file and every
/// block, so it looks only where `byte` occurs (found by `memchr`), which
/// costs far less than a substring search over text that rarely has it.
pub(super) fn has_pair(text: &str, byte: u8) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(byte, bytes).any(|at| bytes.get(at + 1) == Some(&byte))
}

/// Whether `text` holds `<!--`, looking only at each `<`.
fn has_html_comment(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'<', bytes).any(|at| bytes[at..].starts_with(b"<!--"))
}
