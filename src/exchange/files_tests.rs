//! Reading another device's file a slice at a time (docs/design.md §10):
//! every complete line once, in order, with its own line number, whatever
//! the slice size; a line longer than a slice still read; a last line
//! without its newline left for later.

use std::fs;

use tempfile::TempDir;

use super::{Exchange, Pending, read_at_most};
use crate::journal::{self, Body, CardName, DeviceId, Event, EventId};
use crate::scheduler::Grade;

fn grade(seq: u64, card: u64) -> Event {
    Event {
        id: EventId {
            device: DeviceId::parse("0123456789abcdef").unwrap(),
            seq,
        },
        body: Body::Grade {
            card: CardName(card),
            grade: Grade::new(4).unwrap(),
            at: 1_772_355_600 + seq as i64,
            offset: 0,
            day: 20_513,
            due_offset: None,
        },
    }
}

/// Reads the whole file in slices of `slice` bytes: the events' sequence
/// numbers, the errors, and where the last read left off.
fn read_all(file: &mut Pending, slice: usize) -> (Vec<u64>, Vec<String>, usize) {
    let mut out = Exchange::default();
    let mut seqs = Vec::new();
    let mut reads = 0;
    while let Some(read) = read_at_most(file, slice, &mut out) {
        seqs.extend(read.events.iter().map(|e| e.id.seq));
        reads += 1;
        assert!(reads < 10_000, "the reads make no progress");
        if !read.more {
            break;
        }
    }
    (seqs, out.errors, file.offset)
}

#[test]
fn a_file_read_in_slices_gives_every_line_once_with_its_number() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("0123456789abcdef.jsonl");
    let mut text = String::new();
    for seq in 1..=40 {
        text.push_str(&journal::encode(&grade(seq, seq * 7)));
        text.push('\n');
        if seq == 20 {
            text.push_str("{not json\n");
        }
        if seq == 30 {
            // A line far longer than a slice: an unknown field is ignored.
            let long = journal::encode(&grade(1000, 1));
            let padded = long.replacen('{', &format!("{{\"pad\":\"{}\",", "x".repeat(500)), 1);
            text.push_str(&padded);
            text.push('\n');
        }
    }
    let complete = text.len();
    text.push_str("{\"v\":1,\"id\":\"0123456789abcdef-41\""); // still arriving
    fs::write(&path, &text).unwrap();

    let mut expected: Vec<u64> = (1..=30).collect();
    expected.push(1000);
    expected.extend(31..=40);
    for slice in [40, 97, 256, 1 << 20] {
        let mut file = Pending {
            name: "0123456789abcdef.jsonl".into(),
            path: path.clone(),
            offset: 0,
            lines: Some(0),
        };
        let (seqs, errors, offset) = read_all(&mut file, slice);
        assert_eq!(seqs, expected, "slices of {slice} bytes");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains(":21: "), "{errors:?}");
        assert_eq!(offset, complete, "the line still arriving is left");
        assert_eq!(file.lines, Some(42));
    }
}

/// A file read before line counts were kept (schema 2) has its lines before
/// the offset counted once: the next line's number is one more.
#[test]
fn lines_before_an_offset_of_unknown_count_are_counted_once() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("0123456789abcdef.jsonl");
    let mut text = String::new();
    for seq in 1..=3 {
        text.push_str(&journal::encode(&grade(seq, seq)));
        text.push('\n');
    }
    let offset = text.len();
    text.push_str("{not json\n");
    text.push_str(&journal::encode(&grade(4, 4)));
    text.push('\n');
    fs::write(&path, &text).unwrap();
    let mut file = Pending {
        name: "0123456789abcdef.jsonl".into(),
        path: path.clone(),
        offset,
        lines: None,
    };
    let (seqs, errors, _) = read_all(&mut file, 1 << 20);
    assert_eq!(seqs, [4]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains(":4: "), "{errors:?}");
    assert_eq!(file.lines, Some(5));
}
