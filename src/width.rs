//! Text measured in terminal columns: wide characters (Hangul, CJK) take two.
//! Used to fit tables and charts to the terminal.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns the text takes on a terminal.
pub fn columns(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The text cut to at most `width` columns, with `…` where it was cut.
/// Never splits a character.
pub fn truncate(text: &str, width: usize) -> String {
    if columns(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The text cut or padded with spaces to exactly `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let cut = truncate(text, width);
    let fill = width.saturating_sub(columns(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_takes_two_columns() {
        assert_eq!(columns("개편"), 4);
        assert_eq!(columns("ab개"), 4);
    }

    #[test]
    fn truncation_never_exceeds_the_width_nor_splits_a_wide_character() {
        for width in 0..12 {
            let cut = truncate("레거시 system 개편", width);
            assert!(columns(&cut) <= width, "{cut:?} at {width}");
        }
        assert_eq!(truncate("개편의 기술", 5), "개편…");
        assert_eq!(truncate("short", 10), "short");
    }

    #[test]
    fn padding_fills_to_the_exact_width() {
        assert_eq!(columns(&pad("개편", 7)), 7);
        assert_eq!(columns(&pad("개편의 기술 배달", 7)), 7);
    }
}
