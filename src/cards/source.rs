//! The raw text around the Markdown: YAML front matter, line numbers, and deck
//! names derived from file paths.

use std::borrow::Cow;
use std::path::Path;

/// The text with a leading byte-order mark dropped and YAML front matter
/// (`---` on the first line up to a closing `---` or `...`) blanked out.
/// Front matter lines become empty lines so that line numbers stay true.
pub fn without_front_matter(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    match lines.next() {
        Some(first) if first.trim_end() == "---" => {}
        _ => return Cow::Borrowed(text),
    }
    let mut end = None;
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        offset += line.len();
        if n > 0 && matches!(line.trim_end(), "---" | "...") {
            end = Some((n + 1, offset));
            break;
        }
    }
    match end {
        Some((count, offset)) => Cow::Owned("\n".repeat(count) + &text[offset..]),
        None => Cow::Borrowed(text),
    }
}

/// Maps byte offsets to 1-based line numbers.
pub struct Lines {
    starts: Vec<usize>,
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
        Lines { starts }
    }

    pub fn line_of(&self, offset: usize) -> u32 {
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
