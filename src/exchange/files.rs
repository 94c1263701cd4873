//! The shared folder's files (docs/design.md §10): the other devices' files
//! read from where the last merge stopped, this device's own file claimed
//! (no other machine may write it) and appended to.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::{Read as _, Seek, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use super::Exchange;
use crate::journal::{self, DeviceId, Event};
use crate::store::{Store, StoreError};

#[cfg(test)]
#[path = "files_tests.rs"]
mod tests;

/// What is new in one other device's file, or the next slice of it.
pub(super) struct FileRead {
    pub name: String,
    /// Where the next read starts, and the complete lines before it.
    pub offset: usize,
    pub lines: u32,
    pub events: Vec<Event>,
    /// Whether the file holds more after this slice.
    pub more: bool,
}

/// The most bytes of a file read at once, about 110,000 events: a merge
/// holds one slice of a file in memory, and applies it in a transaction
/// of its own (docs/design.md §10). Each slice sweeps the tables a merge
/// writes once, so fewer, larger slices write fewer pages: merging
/// 100,035 grades took 2.05 s in slices of 8 MiB and 1.9 s in one of 12,
/// for 6 MB more at the peak (examples/bench.rs).
const SLICE_BYTES: usize = 12 << 20;

/// Another device's file with new bytes since the last merge.
pub(super) struct Pending {
    name: String,
    path: PathBuf,
    offset: usize,
    lines: Option<u32>,
}

/// The other devices' files that grew since the last merge, to be read one
/// at a time (`read`), so that a merge holds one file's new events at
/// once. A file as long as what was read of it is not opened; one that got
/// shorter (replaced, or rolled back by a sync tool) is read again from its
/// start, which is safe as events are kept by id. Problems go to
/// `out.errors`, one per file or line; the other files still merge.
pub(super) fn others(
    store: &Store,
    dir: &Path,
    me: &DeviceId,
    out: &mut Exchange,
) -> Result<Vec<Pending>, StoreError> {
    let own_file = journal::file_name(me);
    let mut names: Vec<(String, journal::JournalName)> = fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| *n != own_file)
                .filter_map(|n| journal::journal_name(&n).map(|j| (n, j)))
                .collect()
        })
        .unwrap_or_default();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    let states = store.write(|w| {
        names
            .iter()
            .map(|(n, _)| w.read_state(n))
            .collect::<Result<Vec<_>, StoreError>>()
    })?;
    let mut devices = BTreeSet::new();
    let mut grown = Vec::new();
    for ((name, j), (offset, lines)) in names.into_iter().zip(states) {
        if j.device != *me {
            devices.insert(j.device.clone());
        }
        let path = dir.join(&name);
        let len = match fs::metadata(&path) {
            Ok(m) => m.len() as usize,
            Err(e) => {
                out.errors.push(cannot_read(&path, &e));
                continue;
            }
        };
        if len == offset && lines.is_some() {
            continue;
        }
        let (offset, lines) = if len < offset {
            (0, Some(0))
        } else {
            (offset, lines)
        };
        grown.push(Pending {
            name,
            path,
            offset,
            lines,
        });
    }
    out.devices = devices.len();
    Ok(grown)
}

/// Reads the next slice of complete lines a file gained (`more` says
/// whether another follows), and moves `file` past it; `None` when it
/// cannot be read or is refused (said in `out.errors`).
pub(super) fn read(file: &mut Pending, out: &mut Exchange) -> Option<FileRead> {
    read_at_most(file, SLICE_BYTES, out)
}

fn read_at_most(file: &mut Pending, slice: usize, out: &mut Exchange) -> Option<FileRead> {
    let path = &file.path;
    match read_new_lines(path, file.offset, file.lines, slice) {
        Ok(Ok(read)) => {
            file.offset = read.offset;
            file.lines = Some(read.lines);
            for bad in &read.errors {
                out.errors.push(format!(
                    "{}:{}: {}; the line was left out",
                    path.display(),
                    bad.line,
                    bad.error
                ));
            }
            if let Some(newer) = &read.newer {
                out.errors.push(format!(
                    "{}:{}: {}; this line and the rest of the file were not merged",
                    path.display(),
                    newer.line,
                    newer.error
                ));
            }
            Some(FileRead {
                name: file.name.clone(),
                offset: read.offset,
                lines: read.lines,
                events: read.events,
                more: read.more,
            })
        }
        Ok(Err(refused)) => {
            out.errors
                .push(format!("{} was not merged: {refused}", path.display()));
            None
        }
        Err(e) => {
            out.errors.push(cannot_read(path, &e));
            None
        }
    }
}

/// A file's complete lines from `offset` on, numbered from `lines` + 1.
struct NewLines {
    offset: usize,
    lines: u32,
    events: Vec<Event>,
    errors: Vec<journal::BadLine>,
    /// Whether the slice stopped before the end of the file.
    more: bool,
    /// The line of a newer journal version the read stopped at.
    newer: Option<journal::BadLine>,
}

/// Reads only the part of the file after `offset`, plus the byte before it,
/// so that `journal::read_from` can tell that the offset still starts a
/// line. `lines` is `None` where an older schema did not count them: the
/// part before the offset is counted once.
fn read_new_lines(
    path: &Path,
    offset: usize,
    lines: Option<u32>,
    slice: usize,
) -> std::io::Result<Result<NewLines, journal::Refused>> {
    let from = offset.saturating_sub(1);
    let lines = match lines {
        Some(lines) => lines,
        None => {
            // Every complete line before the offset, the newline just
            // before it included.
            let mut head = vec![0; offset];
            fs::File::open(path)?.read_exact(&mut head)?;
            memchr::memchr_iter(b'\n', &head).count() as u32
        }
    };
    let start = offset - from;
    // A slice, grown until it holds a whole line (or the file's end).
    let mut limit = slice;
    let (bytes, more) = loop {
        let bytes = read_part(path, from as u64, start + limit)?;
        let more = bytes.len() == start + limit;
        if !more || memchr::memchr(b'\n', &bytes[start..]).is_some() {
            break (bytes, more);
        }
        limit *= 2;
    };
    // `read_from` numbers lines from the start of `bytes`, where the byte
    // before the offset, a newline, already counts as one.
    let shift = |line: u32| line + lines - start as u32;
    Ok(match journal::read_from(&bytes, start) {
        Ok(chunk) => {
            let read = memchr::memchr_iter(b'\n', &bytes[start..chunk.offset]).count() as u32;
            Ok(NewLines {
                offset: from + chunk.offset,
                lines: lines + read,
                events: chunk.events.into_iter().map(|(_, e)| e).collect(),
                // Nothing past a line of a newer version is read.
                more: more && chunk.newer.is_none(),
                errors: chunk
                    .errors
                    .into_iter()
                    .map(|b| journal::BadLine {
                        line: shift(b.line),
                        error: b.error,
                    })
                    .collect(),
                newer: chunk.newer.map(|b| journal::BadLine {
                    line: shift(b.line),
                    error: b.error,
                }),
            })
        }
        Err(refused) => Err(refused),
    })
}

/// Makes sure no other machine writes this device's file. A database copied
/// to a second machine has the first one's device id; whichever of the two
/// finds lines it did not write in the file (past what it wrote itself)
/// takes a new id: its events not yet written are given the new id, and
/// the old file is from then on another device's, merged like any. Returns
/// the warning saying so.
pub(super) fn claim_own_file(
    store: &Store,
    dir: &Path,
    me: &DeviceId,
) -> Result<Option<String>, StoreError> {
    let path = dir.join(journal::file_name(me));
    let len = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let mark = store.write(|w| w.meta_number("journal_bytes"))? as u64;
    if len < mark {
        return restore(store, &path, me, len);
    }
    if len == mark {
        return Ok(None);
    }
    let Ok(tail) = read_tail(&path, mark) else {
        return Ok(None);
    };
    let Ok(chunk) = journal::read_from(&tail, 0) else {
        return Ok(None);
    };
    let foreign = store.write(|w| -> Result<bool, StoreError> {
        for (_, event) in &chunk.events {
            let known = w.event_line(&event.id.to_string())?;
            if known.as_deref() != Some(journal::encode(event).as_str()) {
                return Ok(true);
            }
        }
        Ok(false)
    })?;
    if !foreign {
        return Ok(None);
    }
    let new = store.write(|w| -> Result<String, StoreError> {
        let new = w.new_device_id()?;
        let device = DeviceId::parse(&new).expect("a made device id is valid");
        let queued = w.outbox(0, usize::MAX)?;
        w.clear_outbox()?;
        for (i, (_, line)) in queued.iter().enumerate() {
            let Ok(mut event) = journal::decode_line(line) else {
                continue;
            };
            let old = event.id.to_string();
            event.id = journal::EventId {
                device: device.clone(),
                seq: i as u64 + 1,
            };
            let id = event.id.to_string();
            w.rekey_event(&old, &id, event.id.seq, &journal::encode(&event))?;
        }
        w.set_meta("journal_seq", &queued.len().to_string())?;
        w.set_meta("journal_bytes", "0")?;
        // The old file is read from its start as another device's.
        w.set_read_state(&journal::file_name(me), 0, 0)?;
        Ok(new)
    })?;
    Ok(Some(format!(
        "{} holds lines this database did not write: another machine uses the same device \
         id {me} (the database was copied); this database now writes as device {new}, and \
         nothing was lost",
        path.display()
    )))
}

/// This device's file is shorter than this database wrote it: a sync tool
/// brought back an older copy, or it was deleted. The file can be rebuilt
/// from the database (docs/design.md §10): every event of this device that
/// the file lacks is queued again, to be appended by this merge's flush.
fn restore(
    store: &Store,
    path: &Path,
    me: &DeviceId,
    len: u64,
) -> Result<Option<String>, StoreError> {
    let bytes = fs::read(path).unwrap_or_default();
    let present: HashSet<u64> = journal::read_from(&bytes, 0)
        .map(|c| c.events.into_iter().map(|(_, e)| e.id.seq).collect())
        .unwrap_or_default();
    let missing = store.write(|w| -> Result<usize, StoreError> {
        let mut missing = 0;
        for (seq, line) in w.own_event_lines(me.as_str())? {
            if !present.contains(&seq) && w.requeue(seq, &line)? {
                missing += 1;
            }
        }
        w.set_meta("journal_bytes", &len.to_string())?;
        Ok(missing)
    })?;
    if missing == 0 {
        return Ok(None);
    }
    Ok(Some(format!(
        "{} is shorter than this database wrote it (an older copy brought back, or \
         deleted); its {missing} missing lines are written again from the database",
        path.display()
    )))
}

/// Writes the queued lines to this device's file. Lines already there (a
/// write that reached the file before a crash) are not written again.
/// Returns how many lines were written; a failure is a warning and the
/// lines stay queued. The queue is read a page at a time, so that a first
/// merge that journals years of grades holds a page of them.
pub(super) fn flush(
    store: &Store,
    dir: &Path,
    me: &DeviceId,
    warnings: &mut Vec<String>,
) -> Result<usize, StoreError> {
    const PAGE: usize = 10_000;
    let path: PathBuf = dir.join(journal::file_name(me));
    store.write(|w| -> Result<usize, StoreError> {
        let first = w.outbox(0, PAGE)?;
        if first.is_empty() {
            return Ok(0);
        }
        // Only what follows the mark is read: a session appends grade by
        // grade to a file that may hold years of them.
        let mark = w.meta_number("journal_bytes")? as u64;
        let len = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let from = if mark <= len { mark } else { 0 };
        // From the newline before the mark, so that the tail's last byte
        // tells whether the file ends a line even when nothing follows it.
        let tail = read_tail(&path, from.saturating_sub(1)).unwrap_or_default();
        let present: HashSet<u64> = journal::read_from(&tail, 0)
            .map(|c| c.events.into_iter().map(|(_, e)| e.id.seq).collect())
            .unwrap_or_default();
        let mut written = 0;
        let mut bytes = 0;
        let mut file = match fs::OpenOptions::new().create(true).append(true).open(&path) {
            Ok(file) => Some(std::io::BufWriter::new(file)),
            Err(e) => return Ok(cannot_append(&path, &e, warnings)),
        };
        // Lines go out page by page; the first write that fails stops the
        // writing, and the lines stay queued.
        let mut failed = None;
        let mut put = |out: &mut Option<std::io::BufWriter<fs::File>>, text: &[u8]| {
            if let Some(file) = out
                && let Err(e) = file.write_all(text)
            {
                failed = Some(e);
                // Dropped as it is, a writer would still write what it
                // holds: the rest of a line, which other devices would
                // read as damaged.
                if let Some(writer) = out.take() {
                    drop(writer.into_parts());
                }
            }
        };
        // A file cut short of its last newline gets one first, so that the
        // new line does not join it.
        if len > 0 && tail.last() != Some(&b'\n') {
            put(&mut file, b"\n");
            bytes += 1;
        }
        let mut page = first;
        loop {
            for (seq, line) in &page {
                if !present.contains(seq) {
                    put(&mut file, line.as_bytes());
                    put(&mut file, b"\n");
                    bytes += line.len() as u64 + 1;
                    written += 1;
                }
            }
            match page.last() {
                Some(&(last, _)) if page.len() == PAGE && file.is_some() => {
                    page = w.outbox(last, PAGE)?;
                }
                _ => break,
            }
        }
        let appended = match (failed, file) {
            (Some(e), _) => Err(e),
            (None, Some(file)) => file
                .into_inner()
                .map_err(|e| e.into_error())
                .and_then(|f| f.sync_data()),
            (None, None) => Ok(()),
        };
        match appended {
            Ok(()) => {
                w.clear_outbox()?;
                w.set_meta("journal_bytes", &(len + bytes).to_string())?;
                Ok(written)
            }
            Err(e) => Ok(cannot_append(&path, &e, warnings)),
        }
    })
}

/// The warning of an append that failed; nothing was appended.
fn cannot_append(path: &Path, e: &std::io::Error, warnings: &mut Vec<String>) -> usize {
    warnings.push(format!(
        "cannot append to {}: {}; this device's progress is kept and appended at the next sync",
        path.display(),
        crate::notes::plain(e)
    ));
    0
}

fn cannot_read(path: &Path, e: &std::io::Error) -> String {
    format!("cannot read {}: {}", path.display(), crate::notes::plain(e))
}

/// The bytes of the file at `path` from `from` on.
fn read_tail(path: &Path, from: u64) -> std::io::Result<Vec<u8>> {
    read_part(path, from, usize::MAX)
}

/// At most `limit` bytes of the file at `path` from `from` on.
fn read_part(path: &Path, from: u64, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut file = fs::File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut bytes = Vec::new();
    file.take(limit as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}
