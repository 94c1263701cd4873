//! A comparison as plain text (docs/design.md §12): the expected answer with
//! each wrong character in brackets and typed extras as `[+…]`, then a line
//! per wrong character saying what was typed (for Hangul, the jamo at
//! fault). No styling: the session's front-ends add their own.

use super::{Comparison, ListComparison, Outcome, Piece, Verdict};

/// `comparison` as lines of plain text, each ending in a newline.
///
/// ```text
/// [쓰]다듬다
///   쓰: typed 스 (initial ㅆ, typed ㅅ)
/// ```
pub fn render(comparison: &Comparison) -> String {
    let mut out = String::new();
    write(comparison, "", &mut out);
    out
}

fn write(comparison: &Comparison, indent: &str, out: &mut String) {
    let plain = |out: &mut String| {
        for piece in &comparison.pieces {
            match piece {
                Piece::Ignored(c) | Piece::Right(c) | Piece::Wrong { expected: c, .. } => {
                    out.push(*c)
                }
                Piece::Extra(_) => {}
            }
        }
    };
    match comparison.verdict {
        Verdict::Exact => {
            plain(out);
            out.push('\n');
            return;
        }
        Verdict::Nothing => {
            plain(out);
            out.push('\n');
            out.push_str(indent);
            out.push_str("  nothing typed\n");
            return;
        }
        Verdict::Near | Verdict::Wrong => {}
    }
    let mut notes = Vec::new();
    for piece in &comparison.pieces {
        match piece {
            Piece::Ignored(c) | Piece::Right(c) => out.push(*c),
            Piece::Wrong {
                expected,
                typed,
                slips,
            } => {
                out.push('[');
                out.push(*expected);
                out.push(']');
                let mut note = match typed.is_empty() {
                    true => format!("{expected}: missing"),
                    false => format!("{expected}: typed {typed}"),
                };
                if !slips.is_empty() {
                    let said: Vec<String> = slips
                        .iter()
                        .map(|s| {
                            let or_none = |t: &str| match t {
                                "" => "none".to_string(),
                                t => t.to_string(),
                            };
                            format!(
                                "{} {}, typed {}",
                                s.role.as_str(),
                                or_none(&s.expected),
                                or_none(&s.typed)
                            )
                        })
                        .collect();
                    note.push_str(&format!(" ({})", said.join("; ")));
                }
                notes.push(note);
            }
            Piece::Extra(typed) => {
                out.push_str(&format!("[+{typed}]"));
                notes.push(format!("+{typed}: typed, not in the answer"));
            }
        }
    }
    out.push('\n');
    for note in notes {
        out.push_str(indent);
        out.push_str("  ");
        out.push_str(&note);
        out.push('\n');
    }
}

/// `list` as lines of plain text: each item matched, nearly matched (with
/// what differed) or missed, then the typed items that matched none.
///
/// ```text
/// matched  사과
/// nearly   [쓰]다듬다  (typed 스다듬다)
///            쓰: typed 스 (initial ㅆ, typed ㅅ)
/// missed   배
/// not in the answer: 포도
/// ```
pub fn render_list(list: &ListComparison) -> String {
    let mut out = String::new();
    for item in &list.items {
        match &item.outcome {
            Outcome::Exact { .. } => {
                out.push_str("matched  ");
                out.push_str(&item.expected);
                out.push('\n');
            }
            Outcome::Near { comparison } => {
                let mut shown = String::new();
                write(comparison, "         ", &mut shown);
                let (first, rest) = shown.split_once('\n').unwrap_or((&shown, ""));
                out.push_str(&format!("nearly   {first}  (typed {})\n", comparison.typed));
                out.push_str(rest);
            }
            Outcome::Missed => {
                out.push_str("missed   ");
                out.push_str(&item.expected);
                out.push('\n');
            }
        }
    }
    if !list.extra.is_empty() {
        out.push_str("not in the answer: ");
        out.push_str(&list.extra.join(", "));
        out.push('\n');
    }
    out
}
