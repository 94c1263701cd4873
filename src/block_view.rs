//! A card's lead and details (docs/design.md §14.1) laid out for a terminal,
//! for every view that shows them: paragraphs and quotes rendered from
//! their Markdown and wrapped like the rest of a card (`styled::wrap`), code
//! kept verbatim between fences, tables as aligned columns. On a terminal
//! no line is wider than the width, wide characters counted as two columns;
//! piped output (no width) is never wrapped. Long blocks fold to their first
//! lines, saying how many are hidden.

use unicode_width::UnicodeWidthChar;

use crate::cards::{Block, BlockKind};
use crate::styled;
use crate::width::{columns, pad};

/// How blocks are laid out: the width to fit (`None`: piped, no wrapping),
/// whether to style, and the indent every line starts with.
#[derive(Debug, Clone, Copy)]
pub struct Layout<'a> {
    pub width: Option<usize>,
    pub color: bool,
    pub indent: &'a str,
}

/// Columns a tab stands for in code: code keeps its tabs, but a terminal's
/// tab stops are not ours to know.
const TAB: &str = "    ";

/// The lines of `blocks`, a blank line between two blocks.
pub fn lines(blocks: &[Block], layout: Layout<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for (k, block) in blocks.iter().enumerate() {
        if k > 0 {
            out.push(String::new());
        }
        match &block.kind {
            BlockKind::Paragraph => out.extend(prose(&block.text.md, layout, "")),
            BlockKind::Quote => {
                for line in block.text.md.lines() {
                    // An item's line keeps its dash: read alone, `- x`
                    // would be a list, not text.
                    match line.strip_prefix("- ") {
                        Some(item) => out.extend(prose(item, layout, "│ - ")),
                        None => out.extend(prose(line, layout, "│ ")),
                    }
                }
            }
            BlockKind::Code { lang } => code(&block.text.md, lang.as_deref(), layout, &mut out),
            BlockKind::Table => table(&block.text.md, layout, &mut out),
        }
    }
    out
}

/// What a list card's question says of its answer (docs/design.md §14.1):
/// how many items (`4 items`), or for an answer of details alone, what they
/// are: `code`, `1 paragraph`, `2 paragraphs, code`, `1 table`; `None` when
/// there is nothing to say.
pub fn count(items: usize, details: &[Block]) -> Option<String> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if items > 0 {
        return Some(plural(items, "item"));
    }
    // Each kind once, where it first comes, with how many of it.
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for block in details {
        let kind = block.kind.as_str();
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind, 1)),
        }
    }
    let said: Vec<String> = kinds
        .into_iter()
        .map(|(kind, n)| match (kind, n) {
            ("code", 1) => "code".to_string(),
            ("code", n) => format!("{n} code blocks"),
            (kind, n) => plural(n, kind),
        })
        .collect();
    (!said.is_empty()).then(|| said.join(", "))
}

/// Lines past `max` folded away: the first `max - 1` lines (less a blank
/// line that would end them), then one saying how many more there are and
/// `hint` (how to see them all). Lines that fit are returned as they are.
pub fn fold(mut lines: Vec<String>, max: usize, indent: &str, hint: &str) -> Vec<String> {
    if lines.len() <= max || max < 2 {
        return lines;
    }
    let total = lines.len();
    lines.truncate(max - 1);
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let hidden = total - lines.len();
    lines.push(format!(
        "{indent}… {hidden} more line{} ({hint})",
        if hidden == 1 { "" } else { "s" }
    ));
    lines
}

/// Inline Markdown wrapped under the indent and `mark` (a quote's bar, an
/// item's dash), the following lines hanging under the text.
fn prose(md: &str, layout: Layout<'_>, mark: &str) -> Vec<String> {
    let first = format!("{}{mark}", layout.indent);
    let rest = format!("{}{}", layout.indent, mark.replace("- ", "  "));
    let width = layout.width.unwrap_or(usize::MAX);
    styled::wrap(md, width, &first, &rest, layout.color)
}

/// Inline Markdown on one line, styled, never wrapped.
fn inline(md: &str, color: bool) -> String {
    styled::wrap(md, usize::MAX, "", "", color).concat()
}

/// Code between fences, each line as written (tabs as spaces). On a
/// terminal a line wider than the width is broken between characters, each
/// continuation marked `↪`, so that nothing is hidden and nothing reflows.
fn code(text: &str, lang: Option<&str>, layout: Layout<'_>, out: &mut Vec<String>) {
    let indent = layout.indent;
    let paint = |s: &str| match layout.color {
        true => console::style(s).yellow().force_styling(true).to_string(),
        false => s.to_string(),
    };
    out.push(format!("{indent}```{}", lang.unwrap_or("")));
    for line in text.split('\n') {
        let line = line.replace('\t', TAB);
        let room = layout
            .width
            .map(|w| w.saturating_sub(columns(indent)).max(4));
        match room {
            Some(room) if columns(&line) > room => {
                for (k, piece) in split_columns(&line, room - 2).iter().enumerate() {
                    let mark = if k == 0 { "" } else { "↪ " };
                    out.push(format!("{indent}{mark}{}", paint(piece)));
                }
            }
            _ => out.push(format!("{indent}{}", paint(&line))),
        }
    }
    out.push(format!("{indent}```"));
}

/// `line` cut into pieces of at most `room` columns (the first gets two
/// more, as the others carry a mark), never splitting a character.
fn split_columns(line: &str, room: usize) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut used = 0;
    let mut limit = room + 2;
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > limit && used > 0 {
            pieces.push(String::new());
            used = 0;
            limit = room.max(1);
        }
        pieces.last_mut().expect("a piece").push(c);
        used += w;
    }
    pieces
}

/// A table as aligned columns under a rule when it fits the width; else
/// each row on its own wrapped line, cells apart by `│`.
fn table(md: &str, layout: Layout<'_>, out: &mut Vec<String>) {
    let indent = layout.indent;
    let rows: Vec<Vec<String>> = md
        .lines()
        .enumerate()
        .filter(|(k, _)| *k != 1)
        .map(|(_, row)| cells(row).iter().map(|c| inline(c, layout.color)).collect())
        .collect();
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; count];
    for row in &rows {
        for (k, cell) in row.iter().enumerate() {
            widths[k] = widths[k].max(columns(cell));
        }
    }
    let total = columns(indent) + widths.iter().sum::<usize>() + 3 * count.saturating_sub(1);
    if layout.width.is_some_and(|w| total > w) {
        for row in &rows {
            let joined = row.join(" │ ");
            out.extend(crate::width::wrap(
                &joined,
                layout.width.unwrap_or(usize::MAX),
                indent,
                &format!("{indent}  "),
            ));
        }
        return;
    }
    for (r, row) in rows.iter().enumerate() {
        let padded: Vec<String> = (0..count)
            .map(|k| {
                let cell = row.get(k).map_or("", String::as_str);
                match k + 1 == count {
                    true => cell.to_string(),
                    false => pad(cell, widths[k]),
                }
            })
            .collect();
        out.push(
            format!("{indent}{}", padded.join(" │ "))
                .trim_end()
                .to_string(),
        );
        if r == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
            out.push(format!("{indent}{}", rule.join("─┼─")));
        }
    }
}

/// The cells of one row of a GitHub table as `cards` writes it
/// (`| a | b |`); an escaped `\|` is a `|` of its cell, as GitHub shows it.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().expect("a cell").push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().expect("a cell").push(c),
        }
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: BlockKind, md: &str) -> Block {
        Block::new(kind, md, md, 1)
    }

    fn piped(indent: &str) -> Layout<'_> {
        Layout {
            width: None,
            color: false,
            indent,
        }
    }

    fn terminal(width: usize) -> Layout<'static> {
        Layout {
            width: Some(width),
            color: false,
            indent: "  ",
        }
    }

    #[test]
    fn code_is_fenced_and_kept_verbatim_with_its_indentation() {
        let code = block(
            BlockKind::Code {
                lang: Some("rust".into()),
            },
            "fn main() {\n    println!(\"hi\");\n}",
        );
        assert_eq!(
            lines(&[code], piped("  ")),
            [
                "  ```rust",
                "  fn main() {",
                "      println!(\"hi\");",
                "  }",
                "  ```"
            ]
        );
    }

    #[test]
    fn piped_prose_is_one_line_however_long() {
        let long = "word ".repeat(60);
        let shown = lines(&[block(BlockKind::Paragraph, long.trim())], piped(""));
        assert_eq!(shown, [long.trim()]);
    }

    #[test]
    fn on_a_terminal_prose_wraps_and_korean_counts_two_columns() {
        let text = "레거시 시스템 개편의 기술은 의존성을 한 방향으로 정리하는 것이다";
        let shown = lines(&[block(BlockKind::Paragraph, text)], terminal(20));
        assert!(shown.len() > 1, "{shown:?}");
        for line in &shown {
            assert!(columns(line) <= 20, "{line:?}");
            assert!(line.starts_with("  "), "{line:?}");
        }
        let words: Vec<&str> = shown.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words.join(" "), text);
    }

    #[test]
    fn on_a_terminal_a_long_code_line_breaks_marked_and_never_reflows() {
        let code = block(
            BlockKind::Code { lang: None },
            "git log --oneline --graph --decorate --all\nls",
        );
        let shown = lines(&[code], terminal(20));
        assert_eq!(
            shown,
            [
                "  ```",
                "  git log --oneline ",
                "  ↪ --graph --decora",
                "  ↪ te --all",
                "  ls",
                "  ```"
            ]
        );
        for line in &shown {
            assert!(columns(line) <= 20, "{line:?}");
        }
    }

    #[test]
    fn wide_code_characters_are_never_split() {
        let code = block(
            BlockKind::Code { lang: None },
            "echo 레거시시스템개편의기술",
        );
        for line in lines(&[code], terminal(14)) {
            assert!(columns(&line) <= 14, "{line:?}");
        }
    }

    #[test]
    fn quotes_keep_their_lines_under_a_bar() {
        let quote = block(BlockKind::Quote, "Archiving utility.\n- one");
        assert_eq!(
            lines(&[quote], piped("")),
            ["│ Archiving utility.", "│ - one"]
        );
    }

    #[test]
    fn a_table_that_fits_is_aligned_and_one_that_does_not_is_a_line_per_row() {
        let table = block(
            BlockKind::Table,
            "| 명령 | 뜻 |\n| --- | --- |\n| `ls` | 목록 보기 |\n| `cd a\\|b` | 이동 |",
        );
        assert_eq!(
            lines(std::slice::from_ref(&table), piped("")),
            [
                "명령   │ 뜻",
                "───────┼──────────",
                "ls     │ 목록 보기",
                "cd a|b │ 이동",
            ]
        );
        let narrow = lines(&[table], terminal(12));
        assert!(narrow.iter().all(|l| columns(l) <= 12), "{narrow:?}");
        assert!(narrow.iter().any(|l| l.contains("│")), "{narrow:?}");
    }

    #[test]
    fn blocks_are_apart_by_a_blank_line() {
        let shown = lines(
            &[
                block(BlockKind::Paragraph, "one"),
                block(BlockKind::Paragraph, "two"),
            ],
            piped(""),
        );
        assert_eq!(shown, ["one", "", "two"]);
    }

    #[test]
    fn long_blocks_fold_saying_how_many_lines_are_hidden_and_how_to_see_them() {
        let many: Vec<String> = (1..=20).map(|k| format!("line {k}")).collect();
        let folded = fold(many.clone(), 8, "  ", "--full shows them all");
        assert_eq!(folded.len(), 8);
        assert_eq!(folded[6], "line 7");
        assert_eq!(folded[7], "  … 13 more lines (--full shows them all)");
        assert_eq!(fold(many[..8].to_vec(), 8, "", "x"), many[..8].to_vec());
        // Folding right after a blank line does not end on it.
        let apart = lines(
            &[
                block(BlockKind::Paragraph, "one"),
                block(BlockKind::Paragraph, "two"),
            ],
            piped(""),
        );
        assert_eq!(fold(apart, 2, "", "x"), ["one", "… 2 more lines (x)"]);
    }

    #[test]
    fn a_question_counts_items_or_says_what_details_answer_it() {
        let code = || {
            block(
                BlockKind::Code {
                    lang: Some("sh".into()),
                },
                "ls",
            )
        };
        let paragraph = || block(BlockKind::Paragraph, "text");
        assert_eq!(count(4, &[code()]).as_deref(), Some("4 items"));
        assert_eq!(count(1, &[]).as_deref(), Some("1 item"));
        assert_eq!(count(0, &[code()]).as_deref(), Some("code"));
        assert_eq!(
            count(0, &[code(), code()]).as_deref(),
            Some("2 code blocks")
        );
        assert_eq!(
            count(0, &[paragraph(), code(), paragraph()]).as_deref(),
            Some("2 paragraphs, code")
        );
        assert_eq!(
            count(0, &[block(BlockKind::Table, "| a |\n| - |")]).as_deref(),
            Some("1 table")
        );
        assert_eq!(
            count(0, &[block(BlockKind::Quote, "q")]).as_deref(),
            Some("1 quote")
        );
        assert_eq!(count(0, &[]), None);
    }
}
