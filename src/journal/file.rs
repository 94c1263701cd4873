//! Journal files as bytes: which names in the shared folder are journals and
//! whose, and reading a file's complete lines from where the last read
//! stopped (docs/design.md §10, "Real sync tools").

use super::event::{DeviceId, Event, LineError, decode_line};

/// The name of a device's own journal file.
pub fn file_name(device: &DeviceId) -> String {
    format!("{device}.jsonl")
}

/// A journal file found in the shared folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalName {
    /// The device whose file this is (or was, for a conflict copy).
    pub device: DeviceId,
    /// A copy a sync tool made of it; it merges like any journal, but its
    /// device never appends to it.
    pub conflict_copy: bool,
}

/// Whose journal the file `name` (a bare file name) is, or `None` for any
/// other file. Journals are `<device>.jsonl`, Dropbox's
/// `<device> (… conflicted copy …).jsonl` and Syncthing's
/// `<device>.sync-conflict-<date>-<time>-<who>.jsonl`.
pub fn journal_name(name: &str) -> Option<JournalName> {
    let stem = name.strip_suffix(".jsonl")?;
    let own = |device| {
        DeviceId::parse(device).map(|device| JournalName {
            device,
            conflict_copy: false,
        })
    };
    let copy = |device| {
        DeviceId::parse(device).map(|device| JournalName {
            device,
            conflict_copy: true,
        })
    };
    if let Some((device, rest)) = stem.split_once(" (") {
        return (rest.ends_with(')') && rest.contains("conflicted copy"))
            .then(|| copy(device))
            .flatten();
    }
    if let Some((device, rest)) = stem.split_once(".sync-conflict-") {
        return (!rest.is_empty()).then(|| copy(device)).flatten();
    }
    own(stem)
}

/// What one read of a journal file gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chunk {
    /// The events of the complete lines read, each with its 1-based line
    /// number in the file.
    pub events: Vec<(u32, Event)>,
    /// Where the next read starts: after the last complete line. A last line
    /// without its newline is still arriving and is left for then.
    pub offset: usize,
    /// The complete lines that are not events; the others still count.
    pub errors: Vec<BadLine>,
    /// A line of a newer journal version: this build cannot tell what it
    /// or anything after it means, so the read stops before it (`offset` is
    /// its start) and it waits there for an upgrade.
    pub newer: Option<BadLine>,
}

/// A complete line that is not an event. A caller prints it as
/// `{file}:{line}: {error}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {error}")]
pub struct BadLine {
    pub line: u32,
    pub error: LineError,
}

/// Why nothing of a file is read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The offset is past the end or inside a line: the file was replaced
    /// or cut since it was read up to there.
    #[error("the file no longer matches what was read of it (up to byte {offset})")]
    Rewritten { offset: usize },
}

/// Reads the complete lines of a journal file's `bytes` from `offset`, which
/// is 0 or an offset a previous read returned. Blank lines are skipped; a
/// `\r` before the newline is dropped.
pub fn read_from(bytes: &[u8], offset: usize) -> Result<Chunk, Refused> {
    let at_line_start = offset == 0 || bytes.get(offset - 1) == Some(&b'\n');
    if offset > bytes.len() || !at_line_start {
        return Err(Refused::Rewritten { offset });
    }
    let mut line_no = memchr::memchr_iter(b'\n', &bytes[..offset]).count() as u32;
    let mut chunk = Chunk {
        offset,
        ..Chunk::default()
    };
    let mut start = offset;
    for end in memchr::memchr_iter(b'\n', &bytes[offset..]).map(|i| offset + i) {
        line_no += 1;
        let raw = &bytes[start..end];
        let line_start = start;
        start = end + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let decoded = match std::str::from_utf8(raw) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => decode_line(line),
            Err(_) => Err(LineError::Json("the line is not UTF-8".into())),
        };
        match decoded {
            Ok(event) => chunk.events.push((line_no, event)),
            Err(error @ LineError::Newer { .. }) => {
                chunk.newer = Some(BadLine {
                    line: line_no,
                    error,
                });
                chunk.offset = line_start;
                return Ok(chunk);
            }
            Err(error) => chunk.errors.push(BadLine {
                line: line_no,
                error,
            }),
        }
    }
    chunk.offset = start;
    Ok(chunk)
}
