//! The blocks an answer holds besides its items (docs/design.md §14.1): a
//! heading's lead and an item's details, each a paragraph, block quote, code
//! block or table, read from the parser's events as they come, without
//! recursion, in the two forms a card keeps.
//!
//! | kind | `md` | `plain` |
//! | --- | --- | --- |
//! | paragraph | its inline Markdown on one line, as an item's | its text, whitespace collapsed |
//! | quote | one line per paragraph, heading or item inside it (items as `- text`), no `>` marks | the same lines' plain text |
//! | code | the code as written, indentation kept, line ends as `\n`, no trailing line end | the same |
//! | table | a GitHub table: header row, alignment row, body rows, each `\| cell \| … \|` | one line per row, cells joined by ` \| ` |
//!
//! `plain` is what typed answers compare and what card comparisons see;
//! `md` is what the views render and what `--json` prints.

use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Tag, TagEnd};
use serde::Serialize;

use super::inline;

/// One text in the two forms a card keeps: `plain` for comparisons and
/// typed answers, `md` (Markdown) for display.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Text {
    pub plain: String,
    pub md: String,
}

/// What a block is, and for code its language.
///
/// In JSON the kind is a lowercase tag beside the block's other fields:
/// `{"kind":"code","lang":"rust","text":"…","line":12}`; `lang` is there
/// only for fenced code that names one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BlockKind {
    Paragraph,
    Quote,
    Code {
        #[serde(skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
    },
    Table,
}

impl BlockKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            BlockKind::Paragraph => "paragraph",
            BlockKind::Quote => "quote",
            BlockKind::Code { .. } => "code",
            BlockKind::Table => "table",
        }
    }

    /// The kind `as_str` names, code with `lang`; `None` for a name this
    /// recall does not know.
    pub fn parse(name: &str, lang: Option<&str>) -> Option<BlockKind> {
        Some(match name {
            "paragraph" => BlockKind::Paragraph,
            "quote" => BlockKind::Quote,
            "code" => BlockKind::Code {
                lang: lang.map(str::to_string),
            },
            "table" => BlockKind::Table,
            _ => return None,
        })
    }
}

/// A block of a heading's lead or of an item's details. In JSON:
/// `{"kind":…, ["lang":…,] "text": <md>, "line": <line>}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Block {
    #[serde(flatten)]
    pub kind: BlockKind,
    #[serde(serialize_with = "markdown")]
    pub text: Text,
    /// 1-based line where the block starts in its file.
    pub line: u32,
}

impl Block {
    /// A block of `kind` at `line` whose text reads `plain` and is written
    /// `md`.
    pub fn new(kind: BlockKind, plain: &str, md: &str, line: u32) -> Block {
        Block {
            kind,
            text: Text {
                plain: plain.to_string(),
                md: md.to_string(),
            },
            line,
        }
    }
}

fn markdown<S: serde::Serializer>(text: &Text, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&text.md)
}

type Inlines<'a> = Vec<(Event<'a>, Range<usize>)>;

/// A block being read: fed every event from its start to its end.
pub struct Reading<'a> {
    /// Tags open inside the block, its own included: 0 when it has ended.
    depth: usize,
    line: u32,
    body: Body<'a>,
}

enum Body<'a> {
    Paragraph(Inlines<'a>),
    Code {
        lang: Option<String>,
        code: String,
    },
    Quote {
        lines: Vec<Text>,
        current: Inlines<'a>,
        /// Whether the line being read is an item's, shown as `- text`.
        item: bool,
    },
    Table {
        aligns: Vec<Alignment>,
        rows: Vec<Vec<Text>>,
        row: Vec<Text>,
        cell: Inlines<'a>,
    },
    /// A tag this module does not read; its block is dropped.
    Other,
}

/// Whether `tag` starts a block that can be read here.
pub fn is_readable(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::Table(_)
    )
}

impl<'a> Reading<'a> {
    /// Starts reading the block `tag` opens, on `line`.
    pub fn start(tag: &Tag<'a>, line: u32) -> Reading<'a> {
        let body = match tag {
            Tag::Paragraph => Body::Paragraph(Vec::new()),
            Tag::CodeBlock(kind) => Body::Code {
                lang: match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(|word| word.trim_matches(['{', '}', '.']).to_string())
                        .filter(|lang| !lang.is_empty()),
                    CodeBlockKind::Indented => None,
                },
                code: String::new(),
            },
            Tag::BlockQuote(_) => Body::Quote {
                lines: Vec::new(),
                current: Vec::new(),
                item: false,
            },
            Tag::Table(aligns) => Body::Table {
                aligns: aligns.clone(),
                rows: Vec::new(),
                row: Vec::new(),
                cell: Vec::new(),
            },
            _ => Body::Other,
        };
        Reading {
            depth: 1,
            line,
            body,
        }
    }

    /// Whether the block is a code block.
    pub fn is_code_block(&self) -> bool {
        matches!(self.body, Body::Code { .. })
    }

    /// Takes the next event inside the block; `true` once the block ended.
    pub fn feed(&mut self, event: Event<'a>, range: Range<usize>, source: &str) -> bool {
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth -= 1,
            _ => {}
        }
        if self.depth == 0 {
            if let Body::Quote {
                lines,
                current,
                item,
            } = &mut self.body
            {
                flush(lines, current, item, source);
            }
            return true;
        }
        match &mut self.body {
            Body::Paragraph(inlines) => inlines.push((event, range)),
            Body::Code { code, .. } => {
                if let Event::Text(text) = &event {
                    code.push_str(text);
                }
            }
            Body::Quote {
                lines,
                current,
                item,
            } => match &event {
                Event::Start(tag) if !inline::is_inline(tag) => {
                    flush(lines, current, item, source);
                    *item = matches!(tag, Tag::Item);
                }
                Event::End(end) if !inline::is_inline_end(end) => {
                    flush(lines, current, item, source)
                }
                Event::Rule => flush(lines, current, item, source),
                Event::Html(_) => {}
                _ => current.push((event, range)),
            },
            Body::Table {
                rows, row, cell, ..
            } => match &event {
                Event::Start(Tag::TableCell) => cell.clear(),
                Event::End(TagEnd::TableCell) => row.push(text(cell, source)),
                Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                    rows.push(std::mem::take(row));
                }
                Event::Start(Tag::TableHead | Tag::TableRow) => row.clear(),
                _ => cell.push((event, range)),
            },
            Body::Other => {}
        }
        false
    }

    /// The block read, or `None` when it holds no text: an image, an embed
    /// or an HTML tag alone is not text, nor is an empty code block.
    pub fn finish(self, source: &str) -> Option<Block> {
        let line = self.line;
        let (kind, text) = match self.body {
            Body::Paragraph(inlines) => {
                if !has_text(&inlines) {
                    return None;
                }
                (BlockKind::Paragraph, text(&inlines, source))
            }
            Body::Code { lang, code } => {
                let code = verbatim(&code);
                if code.trim().is_empty() {
                    return None;
                }
                let text = Text {
                    plain: code.clone(),
                    md: code,
                };
                (BlockKind::Code { lang }, text)
            }
            Body::Quote { lines, .. } => {
                if lines.is_empty() {
                    return None;
                }
                let plain = lines.iter().map(|l| l.plain.as_str()).collect::<Vec<_>>();
                let md = lines.iter().map(|l| l.md.as_str()).collect::<Vec<_>>();
                let text = Text {
                    plain: plain.join("\n"),
                    md: md.join("\n"),
                };
                (BlockKind::Quote, text)
            }
            Body::Table { aligns, rows, .. } => {
                if rows.iter().flatten().all(|cell| cell.plain.is_empty()) {
                    return None;
                }
                (BlockKind::Table, table(&aligns, &rows))
            }
            Body::Other => return None,
        };
        Some(Block { kind, text, line })
    }

    /// The block read as a code block when it is a paragraph made only of
    /// inline code (a command under a cheat-sheet line, §14.1): its code
    /// spans, one per line of the paragraph, spans on one line apart by a
    /// space. `None` for anything else.
    pub fn only_code(&self) -> Option<Block> {
        let Body::Paragraph(inlines) = &self.body else {
            return None;
        };
        let mut code = String::new();
        let mut line_start = true;
        let mut any = false;
        for (event, _) in inlines {
            match event {
                Event::Code(span) => {
                    if !line_start {
                        code.push(' ');
                    }
                    code.push_str(span);
                    line_start = false;
                    any = true;
                }
                Event::SoftBreak | Event::HardBreak => {
                    code.push('\n');
                    line_start = true;
                }
                Event::Text(text) if text.trim().is_empty() => {}
                _ => return None,
            }
        }
        let code = code.trim_end_matches('\n').to_string();
        any.then(|| Block {
            kind: BlockKind::Code { lang: None },
            text: Text {
                plain: code.clone(),
                md: code,
            },
            line: self.line,
        })
    }
}

/// A quote's line read so far, ended: rendered and kept when it has text.
fn flush<'a>(lines: &mut Vec<Text>, current: &mut Inlines<'a>, item: &mut bool, source: &str) {
    if current.is_empty() {
        return;
    }
    if has_text(current) {
        let mut line = quoted(current, source);
        if *item {
            line.md.insert_str(0, "- ");
        }
        lines.push(line);
    }
    current.clear();
    *item = false;
}

/// Whether inline events hold text: characters other than spaces outside
/// images and embeds, or code. Inline HTML and footnote references are not
/// text.
fn has_text(inlines: &[(Event<'_>, Range<usize>)]) -> bool {
    let mut image = 0usize;
    for (event, _) in inlines {
        match event {
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            Event::Start(_) if image > 0 => image += 1,
            Event::End(_) if image > 0 => image -= 1,
            Event::Text(text) if image == 0 && !text.trim().is_empty() => return true,
            Event::Code(code) if image == 0 && !code.trim().is_empty() => return true,
            _ => {}
        }
    }
    false
}

/// A paragraph inside a quote in both forms, read line by line: its source
/// holds the quote's marks between lines, which its Markdown form must not.
fn quoted(inlines: &Inlines<'_>, source: &str) -> Text {
    let mut out = Text::default();
    let breaks = |(event, _): &(Event<'_>, Range<usize>)| {
        matches!(event, Event::SoftBreak | Event::HardBreak)
    };
    for line in inlines.split(breaks).filter(|line| !line.is_empty()) {
        let Text { plain, md } = text(line, source);
        for (all, part) in [(&mut out.plain, plain), (&mut out.md, md)] {
            if !all.is_empty() && !part.is_empty() {
                all.push(' ');
            }
            all.push_str(&part);
        }
    }
    out
}

/// Inline events in both forms.
fn text(inlines: &[(Event<'_>, Range<usize>)], source: &str) -> Text {
    let (plain, md) = inline::render_text(inlines, source);
    Text { plain, md }
}

/// Code as written: line ends as `\n`, no line end or blank line at the end.
fn verbatim(code: &str) -> String {
    let code = if code.contains('\r') {
        code.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        code.to_string()
    };
    let end = code.trim_end().len();
    // Keep the last line's own spaces only up to its last character.
    code[..end].to_string()
}

/// A table's rows as a GitHub table and as plain lines.
fn table(aligns: &[Alignment], rows: &[Vec<Text>]) -> Text {
    let mut md = String::new();
    let mut plain = String::new();
    for (r, row) in rows.iter().enumerate() {
        if r > 0 {
            md.push('\n');
            plain.push('\n');
        }
        md.push('|');
        for cell in row {
            md.push(' ');
            md.push_str(&cell.md);
            md.push_str(" |");
        }
        let cells: Vec<&str> = row.iter().map(|c| c.plain.as_str()).collect();
        plain.push_str(&cells.join(" | "));
        if r == 0 {
            md.push_str("\n|");
            for align in aligns {
                md.push_str(match align {
                    Alignment::None => " --- |",
                    Alignment::Left => " :-- |",
                    Alignment::Center => " :-: |",
                    Alignment::Right => " --: |",
                });
            }
        }
    }
    Text { plain, md }
}
