//! Obsidian's `==highlight==`, which pulldown-cmark does not parse: where
//! the `==` pairs of a run of parsed events are. Looked for in text events
//! only, so code spans, which are events of their own, never hold one
//! (docs/design.md §13). Both the generator (clozes) and the terminal
//! renderer (`styled`) read highlights through this one function.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag};

/// One `==` of a highlight pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The index of the text event it is in.
    pub event: usize,
    /// Its byte offset in that event's text.
    pub at: usize,
    /// Whether it opens the highlight (else it closes it).
    pub open: bool,
}

/// The `==` marks that pair up in `events`, parsed from `source`, in order.
///
/// A mark is a run of exactly two `=` in text that is the source as written
/// (not an entity or an escape); it opens when a non-space follows it, and
/// closes when a non-space precedes it, the nearest opener before it in the
/// same inline container (as emphasis does). Text inside images and inside
/// links whose text is replaced (embeds, unaliased wikilinks) is left alone.
pub fn marks(events: &[(Event<'_>, Range<usize>)], source: &str) -> Vec<Mark> {
    // Most blocks have no `==` at all: every block of every file comes here.
    let any = events
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if has_mark(t)));
    if !any {
        return Vec::new();
    }
    let mut found = Vec::new();
    // Open containers (event index of their start), the skipped depth, and
    // the openers not yet closed, with their container.
    let mut containers: Vec<usize> = Vec::new();
    let mut skip = 0usize;
    let mut openers: Vec<(Option<usize>, Mark)> = Vec::new();
    for (k, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                if skip > 0 || replaces_its_text(tag) {
                    skip += 1;
                }
                containers.push(k);
            }
            Event::End(_) => {
                skip = skip.saturating_sub(1);
                containers.pop();
            }
            Event::Text(text)
                if skip == 0
                    && has_mark(text)
                    && source.get(range.clone()) == Some(text.as_ref()) =>
            {
                let container = containers.last().copied();
                for at in runs(text, range.start, source) {
                    let offset = range.start + at;
                    let before = source[..offset].chars().next_back();
                    let after = source[offset + 2..].chars().next();
                    let can_open = after.is_some_and(|c| !c.is_whitespace());
                    let can_close = before.is_some_and(|c| !c.is_whitespace());
                    let opener = openers
                        .iter()
                        .rposition(|(c, _)| *c == container)
                        .filter(|_| can_close);
                    let mark = Mark {
                        event: k,
                        at,
                        open: false,
                    };
                    match opener {
                        Some(i) => {
                            found.push(openers[i].1);
                            found.push(mark);
                            openers.truncate(i);
                        }
                        None if can_open => openers.push((container, Mark { open: true, ..mark })),
                        None => {}
                    }
                }
            }
            _ => {}
        }
    }
    found.sort_by_key(|m| (m.event, m.at));
    found
}

/// Whether a tag's text is replaced as a whole: an image (its alt text is
/// not shown) or a wikilink without an alias (its target is shown instead).
fn replaces_its_text(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Image { .. }
            | Tag::Link {
                link_type: LinkType::WikiLink { has_pothole: false },
                ..
            }
    )
}

/// Byte offsets in `text` (which starts at `start` in `source`) of the runs
/// of exactly two `=`. A `=` escaped with a backslash starts a text event of
/// its own, and is not part of a run.
fn runs(text: &str, start: usize, source: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let escaped = start > 0 && source.as_bytes()[start - 1] == b'\\';
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'=' {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < bytes.len() && bytes[i] == b'=' {
            i += 1;
        }
        let first = if run_start == 0 && escaped { 1 } else { 0 };
        if i - run_start - first == 2 {
            out.push(run_start + first);
        }
    }
    out
}

/// Whether `text` holds `==` anywhere: asked of every text of every block,
/// so it looks only at each `=`, found by `memchr`.
fn has_mark(text: &str) -> bool {
    crate::cards::source::has_pair(text, b'=')
}
