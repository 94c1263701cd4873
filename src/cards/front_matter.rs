//! The YAML front matter at the top of a notes file, as far as recall reads
//! it: the `recall` key, with which a file leaves the study notes
//! (docs/design.md §13). Pure: text in, answers out.
//!
//! Only the block a file starts with counts: `---` on the first line (after
//! a byte-order mark), up to a closing `---` or `...`, as `source` blanks it.
//! recall needs one key of it, so it reads keys at the block's top level
//! rather than parsing YAML in full.

/// Where a file's front matter lies, in its text less a byte-order mark.
pub(super) struct Block {
    /// Its lines between the fences.
    pub body: std::ops::Range<usize>,
    /// Just past the closing fence's line.
    pub end: usize,
    /// How many lines it takes, fences included.
    pub lines: usize,
}

/// The front matter block `text` starts with, if it is closed: the one
/// reading of the fences, for this module and for `source`, which blanks it.
pub(super) fn find(text: &str) -> Option<Block> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let start = first.len();
    let mut at = start;
    for (n, line) in lines.enumerate() {
        if matches!(line.trim_end(), "---" | "...") {
            return Some(Block {
                body: start..at,
                end: at + line.len(),
                lines: n + 2,
            });
        }
        at += line.len();
    }
    None
}

/// The front matter's lines (without the `---` fences), if the text starts
/// with a closed block.
pub fn block(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    find(text).map(|b| &text[b.body])
}

/// The value of the top-level `recall` key as written (quotes kept, a
/// trailing comment dropped) and its 1-based line, if the front matter has
/// one. A repeated key: the last counts, as in YAML loaders that allow it.
pub fn recall_value(text: &str) -> Option<(u32, &str)> {
    let block = block(text)?;
    let mut found = None;
    for (n, line) in block.lines().enumerate() {
        if let Some(value) = value_of(line, "recall") {
            // Line 1 is the opening `---`.
            found = Some((n as u32 + 2, value));
        }
    }
    found
}

/// Whether the file's front matter says `recall: false`, and so the file
/// gives no cards. Only YAML's boolean false counts, as YAML 1.2 (and
/// Obsidian's properties) read it: `false`, `False` or `FALSE`, unquoted.
/// `no`, `off` and `"false"` are strings there, so they do not: a file is
/// left out only when its front matter plainly says so.
pub fn opts_out(text: &str) -> bool {
    recall_value(text).is_some_and(|(_, value)| matches!(value, "false" | "False" | "FALSE"))
}

/// A warning for a `recall` key whose value is not a YAML boolean (`no`,
/// `"false"`), which leaves the file in when its writer most likely meant
/// it out; `file` names the file in the sentence.
pub fn warning(text: &str, file: &str) -> Option<String> {
    let (line, value) = recall_value(text)?;
    let boolean = ["true", "True", "TRUE", "false", "False", "FALSE"];
    (!boolean.contains(&value)).then(|| {
        format!(
            "{file}:{line}: `recall: {value}` in the front matter is not a YAML boolean, so the \
             file still gives cards; `recall: false` leaves it out"
        )
    })
}

/// The value on `line` if the line sets top-level `key` (plain, `"key"` or
/// `'key'`, then `:` and a space or the line's end).
fn value_of<'t>(line: &'t str, key: &str) -> Option<&'t str> {
    let rest = [format!("\"{key}\""), format!("'{key}'"), key.to_string()]
        .iter()
        .find_map(|k| line.strip_prefix(k.as_str()))?;
    let rest = rest.trim_start_matches([' ', '\t']).strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t', '\r'])) {
        return None;
    }
    // A `#` after a space starts a comment.
    let value = match rest.find(" #").or_else(|| rest.find("\t#")) {
        Some(i) => &rest[..i],
        None => rest,
    };
    Some(value.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_false_at_the_top_of_the_front_matter_opts_the_file_out() {
        for text in [
            "---\nrecall: false\n---\n# A\n- x\n",
            "---\ntitle: Daily\nrecall: false\ntags: [todo]\n---\n- x\n",
            "\u{feff}---\r\nrecall: False\r\n...\r\n- x\r\n",
            "---\nrecall : FALSE   # not study\n---\n",
            "---\n\"recall\": false\n---\n",
            "---\nrecall:\tfalse\n---\n",
        ] {
            assert!(opts_out(text), "{text:?}");
        }
    }

    #[test]
    fn only_yaml_boolean_false_counts_not_strings_that_look_like_it() {
        for value in [
            "true",
            "no",
            "off",
            "n",
            "0",
            "\"false\"",
            "'false'",
            "",
            "false-ish",
        ] {
            let text = format!("---\nrecall: {value}\n---\n- x\n");
            assert!(!opts_out(&text), "{value:?}");
        }
    }

    #[test]
    fn recall_false_outside_the_front_matter_block_does_not_count() {
        for text in [
            // Not at the top of the file.
            "# A\n---\nrecall: false\n---\n",
            "\n---\nrecall: false\n---\n",
            // Never closed: not front matter at all.
            "---\nrecall: false\n- x\n",
            // Nested under another key, or a longer key.
            "---\nmeta:\n  recall: false\n---\n",
            "---\nrecall_me: false\nrecalls: false\n---\n",
            // In the body, after the block.
            "---\ntitle: t\n---\nrecall: false\n",
        ] {
            assert!(!opts_out(text), "{text:?}");
        }
    }

    #[test]
    fn the_value_and_line_of_the_last_recall_key_are_reported() {
        let text = "---\ntitle: x\nrecall: no # maybe\n---\n";
        assert_eq!(recall_value(text), Some((3, "no")));
        let twice = "---\nrecall: false\nrecall: true\n---\n";
        assert_eq!(recall_value(twice), Some((3, "true")));
        assert!(!opts_out(twice));
        assert_eq!(recall_value("# no front matter\n"), None);
    }

    #[test]
    fn a_recall_value_that_is_not_a_boolean_is_warned_about_with_its_line() {
        let warning = warning("---\ntitle: t\nrecall: no\n---\n- x\n", "a.md");
        assert_eq!(
            warning.as_deref(),
            Some(
                "a.md:3: `recall: no` in the front matter is not a YAML boolean, so the file \
                 still gives cards; `recall: false` leaves it out"
            )
        );
        for quiet in [
            "---\nrecall: false\n---\n",
            "---\nrecall: True\n---\n",
            "# none\n",
        ] {
            assert_eq!(super::warning(quiet, "a.md"), None, "{quiet:?}");
        }
    }

    #[test]
    fn the_block_is_the_lines_between_the_fences() {
        assert_eq!(block("---\na: 1\nb: 2\n---\nbody\n"), Some("a: 1\nb: 2\n"));
        assert_eq!(block("---\n---\n"), Some(""));
        assert_eq!(block("body\n"), None);
        assert_eq!(block(""), None);
    }
}
