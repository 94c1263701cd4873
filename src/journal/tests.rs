use proptest::prelude::*;

use super::*;
use crate::cards::{self, Kind};
use crate::scheduler::{self, Grade, Scheduler};

fn device(s: &str) -> DeviceId {
    DeviceId::parse(s).unwrap()
}

fn id(dev: &str, seq: u64) -> EventId {
    EventId {
        device: device(dev),
        seq,
    }
}

fn grade_event(dev: &str, seq: u64, card: u64, g: u8, at: i64, day: i32) -> Event {
    Event {
        id: id(dev, seq),
        body: Body::Grade {
            card: CardName(card),
            grade: Grade::new(g).unwrap(),
            at,
            offset: 60,
            day,
            due_offset: None,
        },
    }
}

fn body(dev: &str, seq: u64, body: Body) -> Event {
    Event {
        id: id(dev, seq),
        body,
    }
}

// ---- names of cards ----

#[test]
fn fnv1a64_matches_the_published_test_vectors() {
    assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
    assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
    assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
}

#[test]
fn a_card_name_is_fixed_forever_because_other_devices_journals_hold_it() {
    let context = [
        "지금 당장 DevOps를 해야하는 이유, 김충섭".to_string(),
        "도입은 어떻게?".into(),
    ];
    let answer = ["자동화".to_string()];
    let identity = cards::identity(
        "conference-notes",
        Kind::Cloze,
        &context,
        "[…]하자!",
        &answer,
    );
    let name = card_name(identity, 0);
    assert_eq!(name.to_string(), format!("{:016x}", name.0));
    assert_eq!(name, CardName(PINNED_CLOZE_NAME));
}

const PINNED_CLOZE_NAME: u64 = 0x7e7a_aa30_9d91_cb35;

#[test]
fn a_card_name_hashes_the_documented_canonical_encoding() {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"\x01\0\0\0d"); // deck
    bytes.extend_from_slice(b"\x04\0\0\0list"); // kind
    bytes.extend_from_slice(b"\x01\0\0\0\x01\0\0\0h"); // one context part
    bytes.extend_from_slice(b"\x01\0\0\0q"); // question
    bytes.extend_from_slice(b"\0\0\0\0"); // no phrase for a list card
    bytes.extend_from_slice(b"\x02\0\0\0"); // ordinal
    let context = ["h".to_string()];
    assert_eq!(
        card_name(cards::identity("d", Kind::List, &context, "q", &[]), 2),
        CardName(fnv1a64(&bytes))
    );
}

#[test]
fn card_names_tell_apart_every_part_of_an_identity() {
    let ab = ["a".to_string(), "b".to_string()];
    let joined = ["ab".to_string()];
    let phrase = ["x".to_string()];
    let other_phrase = ["y".to_string()];
    let names = [
        card_name(cards::identity("d", Kind::List, &ab, "q", &[]), 0),
        card_name(cards::identity("d", Kind::List, &joined, "q", &[]), 0),
        card_name(cards::identity("e", Kind::List, &ab, "q", &[]), 0),
        card_name(cards::identity("d", Kind::List, &ab, "r", &[]), 0),
        card_name(cards::identity("d", Kind::List, &ab, "q", &[]), 1),
        card_name(cards::identity("d", Kind::Cloze, &ab, "q", &phrase), 0),
        card_name(
            cards::identity("d", Kind::Cloze, &ab, "q", &other_phrase),
            0,
        ),
        card_name(cards::identity("", Kind::List, &[], "dq", &[]), 0),
    ];
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            assert_ne!(a, b);
        }
    }
    // A list card's answer is not part of its identity: editing it keeps the name.
    assert_eq!(
        names[0],
        card_name(cards::identity("d", Kind::List, &ab, "q", &phrase), 0)
    );
}

// ---- the line format ----

#[test]
fn a_grade_line_is_compact_json_and_reads_back() {
    let event = Event {
        id: id("3f9a1c2e8b7d4a60", 1234),
        body: Body::Grade {
            card: CardName(0x0123456789abcdef),
            grade: Grade::new(4).unwrap(),
            at: 1_767_323_456,
            offset: 540,
            day: 20_455,
            due_offset: None,
        },
    };
    let line = encode(&event);
    assert_eq!(
        line,
        r#"{"v":1,"id":"3f9a1c2e8b7d4a60-1234","k":"grade","c":"0123456789abcdef","g":4,"t":1767323456,"o":540,"d":20455}"#
    );
    assert!(line.len() <= 160, "{} bytes", line.len());
    assert_eq!(decode_line(&line), Ok(event));
}

#[test]
fn every_kind_of_event_reads_back_as_written() {
    let events = [
        grade_event("a1", 1, 7, 0, -5, -1),
        body("a1", 2, Body::Undo { event: id("b2", 9) }),
        body(
            "a1",
            3,
            Body::Suspend {
                card: CardName(u64::MAX),
                at: 10,
            },
        ),
        body(
            "a1",
            4,
            Body::Unsuspend {
                card: CardName(0),
                at: 11,
            },
        ),
        body(
            "a1",
            5,
            Body::Identity {
                from: CardName(1),
                to: CardName(2),
                at: 12,
                why: Change::Moved,
            },
        ),
    ];
    for event in events {
        let line = encode(&event);
        assert!(!line.contains('\n'));
        assert_eq!(decode_line(&line), Ok(event), "{line}");
    }
}

/// JSON may spell a string with escapes; another writer's line reads the
/// same as the compact one.
#[test]
fn a_line_with_escaped_strings_reads_as_written_plainly() {
    let plain = r#"{"v":1,"id":"a-1","k":"suspend","c":"0000000000000001","t":5}"#;
    let escaped = r#"{"v":1,"id":"a\u002d1","k":"susp\u0065nd","c":"000000000000000\u0031","t":5}"#;
    assert_eq!(decode_line(escaped), decode_line(plain));
    assert!(decode_line(plain).is_ok());
}

/// A grade the load balancer moved is a line of version 2, its offset in
/// `b`, which a version 1 reader refuses by name rather than misread
/// (docs/design.md §15); any other line stays version 1, byte for byte.
#[test]
fn a_balanced_grade_is_a_version_2_line_and_reads_back_with_its_offset() {
    let grade = |due_offset| Event {
        id: id("3f9a1c2e8b7d4a60", 1234),
        body: Body::Grade {
            card: CardName(0x0123456789abcdef),
            grade: Grade::new(4).unwrap(),
            at: 1_767_323_456,
            offset: 540,
            day: 20_455,
            due_offset,
        },
    };
    let moved = grade(Some(-2));
    let line = encode(&moved);
    assert_eq!(
        line,
        r#"{"v":2,"id":"3f9a1c2e8b7d4a60-1234","k":"grade","c":"0123456789abcdef","g":4,"t":1767323456,"o":540,"d":20455,"b":-2}"#
    );
    assert_eq!(decode_line(&line), Ok(moved));
    assert_eq!(
        encode(&grade(None)),
        r#"{"v":1,"id":"3f9a1c2e8b7d4a60-1234","k":"grade","c":"0123456789abcdef","g":4,"t":1767323456,"o":540,"d":20455}"#
    );
    // A `b` is version 2's: in a line of version 1 it is an unknown field,
    // ignored as a version 1 reader ignores it.
    let v1 = r#"{"v":1,"id":"3f9a1c2e8b7d4a60-1234","k":"grade","c":"0123456789abcdef","g":4,"t":1767323456,"o":540,"d":20455,"b":3}"#;
    assert_eq!(decode_line(v1), Ok(grade(None)));
}

#[test]
fn unknown_fields_of_version_1_are_ignored() {
    let line = r#"{"v":1,"id":"a-1","k":"suspend","c":"0000000000000001","t":5,"note":"later"}"#;
    assert_eq!(
        decode_line(line),
        Ok(body(
            "a",
            1,
            Body::Suspend {
                card: CardName(1),
                at: 5
            }
        ))
    );
}

#[test]
fn a_line_that_is_not_a_valid_event_says_why() {
    let why = |line: &str| decode_line(line).unwrap_err().to_string();
    assert!(why("{not json").starts_with("not a journal event"));
    assert_eq!(
        why(r#"{"v":3,"id":"a-1","k":"whatever","x":[1]}"#),
        "journal version 3 is newer than this recall reads (version 2); upgrade recall"
    );
    assert_eq!(
        why(r#"{"v":1,"id":"a-1","k":"grade","c":"0000000000000001","g":6,"t":1,"o":0,"d":0}"#),
        "`grade` event without a valid `g`"
    );
    assert_eq!(
        why(r#"{"v":1,"id":"a-1","k":"grade","c":"0000000000000001","g":3,"t":1,"d":0}"#),
        "`grade` event without a valid `o`"
    );
    assert_eq!(
        why(r#"{"v":1,"id":"A-1","k":"undo","u":"a-1"}"#),
        "`undo` event without a valid `id`"
    );
    assert_eq!(
        why(r#"{"v":1,"id":"a-01","k":"undo","u":"a-1"}"#),
        "`undo` event without a valid `id`"
    );
    assert_eq!(
        why(r#"{"v":1,"id":"a-1","k":"suspend","c":"1","t":1}"#),
        "`suspend` event without a valid `c`"
    );
    assert_eq!(
        why(r#"{"v":1,"id":"a-1","k":"rate"}"#),
        "unknown event kind `rate`"
    );
    assert_eq!(
        why(r#"{"v":0,"id":"a-1","k":"undo","u":"a-1"}"#),
        "journal version 0 does not exist"
    );
}

// ---- reading files ----

fn lines(events: &[Event]) -> String {
    events.iter().map(|e| encode(e) + "\n").collect()
}

#[test]
fn a_last_line_without_its_newline_is_left_for_the_next_read() {
    let a = grade_event("a", 1, 1, 4, 10, 0);
    let b = grade_event("a", 2, 1, 5, 20, 1);
    let mut bytes = lines(std::slice::from_ref(&a)).into_bytes();
    let whole_b = encode(&b);
    bytes.extend_from_slice(&whole_b.as_bytes()[..20]);

    let first = read_from(&bytes, 0).unwrap();
    assert_eq!(first.events, vec![(1, a.clone())]);
    assert!(first.errors.is_empty());
    assert_eq!(first.offset, encode(&a).len() + 1);

    // The rest of the line arrives: the next read starts where the last stopped.
    bytes.truncate(first.offset);
    bytes.extend_from_slice(whole_b.as_bytes());
    bytes.push(b'\n');
    let second = read_from(&bytes, first.offset).unwrap();
    assert_eq!(second.events, vec![(2, b)]);
    assert_eq!(second.offset, bytes.len());
    assert_eq!(read_from(&bytes, second.offset).unwrap().events, vec![]);
}

#[test]
fn a_malformed_line_is_an_error_with_its_number_and_the_others_still_count() {
    let a = grade_event("a", 1, 1, 4, 10, 0);
    let c = grade_event("a", 3, 1, 2, 30, 2);
    let bytes = format!(
        "{}\n{{\"v\":1,\"id\":\"a-2\"\n\r\n{}\r\n",
        encode(&a),
        encode(&c)
    );
    let chunk = read_from(bytes.as_bytes(), 0).unwrap();
    assert_eq!(chunk.events, vec![(1, a), (4, c)]);
    assert_eq!(chunk.errors.len(), 1);
    assert_eq!(chunk.errors[0].line, 2);
    assert!(
        chunk.errors[0]
            .to_string()
            .starts_with("line 2: not a journal event"),
        "{}",
        chunk.errors[0]
    );
    assert_eq!(chunk.offset, bytes.len());

    let mut binary = bytes.into_bytes();
    binary.extend_from_slice(b"\xff\xfe\n");
    let chunk = read_from(&binary, 0).unwrap();
    assert_eq!(chunk.errors[1].line, 5);
    assert_eq!(
        chunk.errors[1].to_string(),
        "line 5: not a journal event: the line is not UTF-8"
    );
}

/// A line of a newer version stops the read before it: what came before
/// counts, and the read does not move past it, so the rest waits for an
/// upgrade.
#[test]
fn a_line_of_a_newer_version_stops_the_read_before_it() {
    let a = grade_event("a", 1, 1, 4, 10, 0);
    let c = grade_event("a", 3, 1, 4, 10, 0);
    let first = format!("{}\n", encode(&a));
    let bytes = format!("{first}{{\"v\":7,\"id\":\"a-2\"}}\n{}\n", encode(&c));
    let chunk = read_from(bytes.as_bytes(), 0).unwrap();
    assert_eq!(chunk.events, vec![(1, a)]);
    assert_eq!(chunk.offset, first.len());
    let newer = chunk.newer.expect("the newer line");
    assert_eq!(
        newer.to_string(),
        "line 2: journal version 7 is newer than this recall reads (version 2); upgrade recall"
    );
    let again = read_from(bytes.as_bytes(), chunk.offset).unwrap();
    assert!(again.events.is_empty() && again.newer.is_some());
    assert_eq!(again.offset, chunk.offset);
}

#[test]
fn an_offset_the_file_no_longer_has_is_refused() {
    let bytes = lines(&[grade_event("a", 1, 1, 4, 10, 0)]);
    let past = bytes.len() + 1;
    assert_eq!(
        read_from(bytes.as_bytes(), past),
        Err(Refused::Rewritten { offset: past })
    );
    assert_eq!(
        read_from(bytes.as_bytes(), 3).unwrap_err().to_string(),
        "the file no longer matches what was read of it (up to byte 3)"
    );
}

// ---- file names ----

#[test]
fn journals_and_sync_tools_copies_are_told_from_other_files() {
    let own = |d: &str| {
        Some(JournalName {
            device: device(d),
            conflict_copy: false,
        })
    };
    let copy = |d: &str| {
        Some(JournalName {
            device: device(d),
            conflict_copy: true,
        })
    };
    assert_eq!(file_name(&device("3f9a1c2e")), "3f9a1c2e.jsonl");
    assert_eq!(journal_name("3f9a1c2e.jsonl"), own("3f9a1c2e"));
    assert_eq!(
        journal_name("3f9a1c2e (conflicted copy 2026-01-02).jsonl"),
        copy("3f9a1c2e")
    );
    assert_eq!(
        journal_name("3f9a1c2e (Ana's conflicted copy 2026-01-02).jsonl"),
        copy("3f9a1c2e")
    );
    assert_eq!(
        journal_name("3f9a1c2e.sync-conflict-20260102-123456-ABCDEFG.jsonl"),
        copy("3f9a1c2e")
    );
    for other in [
        "3f9a1c2e.json",
        "3f9a1c2e.jsonl.tmp",
        ".syncthing.3f9a1c2e.jsonl.tmp",
        "~3f9a1c2e.jsonl",
        "3F9A.jsonl",
        "a-b.jsonl",
        ".jsonl",
        "3f9a1c2e (1).jsonl",
        "3f9a1c2e.sync-conflict-.jsonl",
        "notes.md",
    ] {
        assert_eq!(journal_name(other), None, "{other}");
    }
}

// ---- merge ----

#[test]
fn merge_keeps_each_grade_once_and_drops_undone_ones_whenever_the_undo_arrives() {
    let g1 = grade_event("a", 1, 5, 4, 100, 1);
    let g2 = grade_event("a", 2, 5, 5, 200, 2);
    let undo = body("b", 1, Body::Undo { event: id("a", 2) });
    let early = merge([undo.clone(), g1.clone(), g1.clone()]);
    let late = merge([g1.clone(), g2.clone(), undo.clone(), g2.clone()]);
    let card = &late.cards[&CardName(5)];
    assert_eq!(card.grades.len(), 1);
    assert_eq!(card.grades[0].event, id("a", 1));
    assert_eq!(card.grades[0].offset, 60);
    assert_eq!(late.events, 3);
    // The undone grade arriving after its undo stays undone.
    assert_eq!(merge([undo, g1, g2]).cards, late.cards);
    assert_eq!(early.cards[&CardName(5)].grades, card.grades);
}

#[test]
fn one_grade_journaled_by_two_devices_is_one_grade() {
    // Device "b" restored a backup of "a" and journaled a's grade as its
    // own: same card, second and grade.
    let a = grade_event("a", 1, 5, 4, 100, 1);
    let b = grade_event("b", 7, 5, 4, 100, 1);
    let merged = merge([b.clone(), a.clone()]);
    let grades = &merged.cards[&CardName(5)].grades;
    assert_eq!(grades.len(), 1, "{grades:?}");
    assert_eq!(grades[0].event, id("a", 1));
    assert_eq!(grades[0].same, vec![id("b", 7)]);
    assert_eq!(
        grades[0].events().cloned().collect::<Vec<_>>(),
        vec![id("a", 1), id("b", 7)]
    );
    // Undoing b's copy leaves a's: the grade stays, once.
    let undo = body("b", 8, Body::Undo { event: id("b", 7) });
    let grades = &merge([a.clone(), b.clone(), undo]).cards[&CardName(5)].grades;
    assert_eq!(grades.len(), 1);
    assert!(grades[0].same.is_empty());
}

#[test]
fn grades_that_differ_in_time_grade_or_card_stay_apart() {
    let merged = merge([
        grade_event("a", 1, 5, 4, 100, 1),
        grade_event("b", 1, 5, 4, 101, 1),
        grade_event("b", 2, 5, 3, 100, 1),
        grade_event("b", 3, 6, 4, 100, 1),
    ]);
    assert_eq!(merged.cards[&CardName(5)].grades.len(), 3);
    assert_eq!(merged.cards[&CardName(6)].grades.len(), 1);
    assert!(
        merged
            .cards
            .values()
            .flat_map(|c| &c.grades)
            .all(|g| g.same.is_empty())
    );
}

#[test]
fn one_device_grading_twice_in_a_second_keeps_both_and_a_copy_pairs_off() {
    // "a" gave the same grade twice in one second (a scripted session);
    // "b" journaled a backup holding both, and "c" only the first.
    let merged = merge([
        grade_event("a", 1, 5, 2, 100, 1),
        grade_event("a", 2, 5, 2, 100, 1),
        grade_event("b", 4, 5, 2, 100, 1),
        grade_event("b", 5, 5, 2, 100, 1),
        grade_event("c", 9, 5, 2, 100, 1),
    ]);
    let grades = &merged.cards[&CardName(5)].grades;
    let pairs: Vec<Vec<EventId>> = grades
        .iter()
        .map(|g| g.events().cloned().collect())
        .collect();
    assert_eq!(
        pairs,
        vec![
            vec![id("a", 1), id("b", 4), id("c", 9)],
            vec![id("a", 2), id("b", 5)],
        ]
    );
    let ranks: Vec<i64> = grades.iter().map(|g| g.entry.id).collect();
    assert_eq!(ranks, vec![0, 1]);
}

#[test]
fn grades_of_one_second_replay_in_event_id_order_across_devices() {
    // Same second: device "a" sorts before "b", and sequence 9 before 10.
    let events = [
        grade_event("b", 1, 5, 5, 100, 1),
        grade_event("a", 10, 5, 0, 100, 1),
        grade_event("a", 9, 5, 3, 100, 1),
    ];
    let merged = merge(events);
    let order: Vec<EventId> = merged.cards[&CardName(5)]
        .grades
        .iter()
        .map(|g| g.event.clone())
        .collect();
    assert_eq!(order, vec![id("a", 9), id("a", 10), id("b", 1)]);
    // Only the first grade of the day counts: a-9's 3.
    let replay = Scheduler::Sm2.replay(merged.cards[&CardName(5)].entries());
    let counted: Vec<bool> = replay.entries.iter().map(|e| e.counted).collect();
    assert_eq!(counted, vec![true, false, false]);
    assert_eq!(replay.progress.unwrap().schedule.ef, 236);
}

#[test]
fn the_latest_suspend_or_unsuspend_wins_ties_going_to_the_greater_id() {
    let card = CardName(3);
    let events = [
        body("a", 1, Body::Suspend { card, at: 50 }),
        body("b", 1, Body::Unsuspend { card, at: 40 }),
    ];
    assert_eq!(merge(events.clone()).cards[&card].suspended, Some(true));
    let tie = [
        body("b", 2, Body::Unsuspend { card, at: 50 }),
        events[0].clone(),
    ];
    assert_eq!(merge(tie).cards[&card].suspended, Some(false));
    assert_eq!(
        merge([grade_event("a", 1, 3, 4, 1, 0)]).cards[&card].suspended,
        None
    );
}

#[test]
fn identity_chains_lead_a_device_that_never_saw_the_first_name_to_the_last() {
    let (a, b, c) = (CardName(0xa), CardName(0xb), CardName(0xc));
    let events = [
        // A device graded the card as A, then its syncs renamed A → B → C.
        grade_event("d1", 1, 0xa, 4, 100, 1),
        body(
            "d1",
            2,
            Body::Identity {
                from: a,
                to: b,
                at: 200,
                why: Change::Renamed,
            },
        ),
        grade_event("d1", 3, 0xb, 4, 300, 2),
        body(
            "d1",
            4,
            Body::Identity {
                from: b,
                to: c,
                at: 400,
                why: Change::Renamed,
            },
        ),
        // Another device only ever knew it as C, and suspended it as A late.
        grade_event("d2", 1, 0xc, 5, 500, 3),
        body("d2", 2, Body::Suspend { card: a, at: 600 }),
    ];
    let merged = merge(events.iter().rev().cloned());
    assert_eq!(merged.resolve(a), c);
    assert_eq!(merged.resolve(b), c);
    assert_eq!(merged.resolve(c), c);
    assert_eq!(merged.cards.keys().copied().collect::<Vec<_>>(), vec![c]);
    let card = &merged.cards[&c];
    assert_eq!(card.grades.len(), 3);
    assert_eq!(card.suspended, Some(true));
    assert_eq!(
        card.entries().map(|e| e.id).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
}

#[test]
fn a_card_renamed_back_ends_under_its_first_name() {
    let (a, b) = (CardName(1), CardName(2));
    let merged = merge([
        // Time decides, not ids: "a-1" sorts first but came last.
        body(
            "a",
            1,
            Body::Identity {
                from: b,
                to: a,
                at: 20,
                why: Change::Renamed,
            },
        ),
        body(
            "x",
            1,
            Body::Identity {
                from: a,
                to: b,
                at: 10,
                why: Change::Renamed,
            },
        ),
        grade_event("x", 3, 2, 4, 15, 0),
    ]);
    assert_eq!(merged.resolve(b), a);
    assert_eq!(merged.resolve(a), a);
    assert_eq!(merged.cards[&a].grades.len(), 1);
}

// ---- merge is commutative and idempotent ----

/// One generated event before its id: (device, what, card, grade, time,
/// which earlier event an undo names).
type Spec = (usize, u8, u64, u8, i64, usize);

const DEVICES: [&str; 3] = ["a", "b", "c"];

/// Events from specs: each device numbers its own events from 1, so ids are
/// unique as the format promises.
fn build(specs: &[Spec]) -> Vec<Event> {
    let mut seqs = [0u64; 3];
    let mut out: Vec<Event> = Vec::new();
    for &(dev, what, card, g, at, target) in specs {
        seqs[dev] += 1;
        let card_name = CardName(card);
        let body = match what {
            0..=4 => Body::Grade {
                card: card_name,
                grade: Grade::new(g).unwrap(),
                at,
                offset: 0,
                // Several grades share a day, so the same-day rule is exercised.
                day: (at / 4) as i32,
                due_offset: None,
            },
            5 if !out.is_empty() => Body::Undo {
                event: out[target % out.len()].id.clone(),
            },
            5 | 6 => Body::Suspend {
                card: card_name,
                at,
            },
            7 => Body::Unsuspend {
                card: card_name,
                at,
            },
            _ => Body::Identity {
                from: card_name,
                to: CardName(u64::from(g) % 4),
                at,
                why: Change::Renamed,
            },
        };
        out.push(self::body(DEVICES[dev], seqs[dev], body));
    }
    out
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0..3usize,
        0..10u8,
        0..4u64,
        0..=5u8,
        0..24i64,
        any::<usize>(),
    )
}

/// Each card's progress after replaying its merged grades.
fn progress(merged: &Merged) -> Vec<(CardName, Option<scheduler::Progress>)> {
    merged
        .cards
        .iter()
        .map(|(name, card)| (*name, Scheduler::Sm2.replay(card.entries()).progress))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn merge_gives_one_result_whatever_the_order_of_exchanges_and_repeats(
        specs in prop::collection::vec(spec(), 0..40),
        device_order in Just(vec![0usize, 1, 2]).prop_shuffle(),
        repeats in prop::collection::vec(any::<prop::sample::Index>(), 0..10),
        shuffle_seed in any::<u64>(),
    ) {
        let events = build(&specs);
        let reference = merge(events.clone());

        // Device by device, in another order, each file read twice over.
        let by_device = |d: usize| events.iter().filter(move |e| e.id.device.as_str() == DEVICES[d]);
        let exchanged: Vec<Event> = device_order
            .iter()
            .flat_map(|&d| by_device(d).chain(by_device(d)))
            .cloned()
            .collect();
        prop_assert_eq!(&merge(exchanged), &reference);

        // Every event in a scrambled order, some twice.
        let mut scrambled = events.clone();
        if !events.is_empty() {
            scrambled.extend(repeats.iter().map(|i| events[i.index(events.len())].clone()));
        }
        let mut state = shuffle_seed | 1;
        for i in (1..scrambled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            scrambled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let merged = merge(scrambled);
        prop_assert_eq!(&merged, &reference);
        prop_assert_eq!(progress(&merged), progress(&reference));

        // Merging a merge's input again with itself changes nothing.
        let twice: Vec<Event> = events.iter().chain(&events).cloned().collect();
        prop_assert_eq!(merge(twice), reference);
    }

    #[test]
    fn replay_of_merged_grades_follows_time_then_event_id(
        specs in prop::collection::vec(spec(), 0..40),
    ) {
        let events = build(&specs);
        let merged = merge(events.clone());
        for (name, card) in &merged.cards {
            // The grades by hand: not undone, under this name, in (time, id) order.
            let undone: Vec<&EventId> = events.iter().filter_map(|e| match &e.body {
                Body::Undo { event } => Some(event),
                _ => None,
            }).collect();
            let mut mine: Vec<(i64, EventId, Grade, i32)> = events.iter().filter_map(|e| match e.body {
                Body::Grade { card, grade, at, day, .. }
                    if merged.resolve(card) == *name && !undone.contains(&&e.id) =>
                    Some((at, e.id.clone(), grade, day)),
                _ => None,
            }).collect();
            mine.sort();
            // A grade another device journaled too (same second and grade)
            // is one grade: each kept grade takes at most one event of
            // every other device, the earliest that fits.
            type Kept = ((i64, EventId, Grade, i32), Vec<DeviceId>);
            let mut kept: Vec<Kept> = Vec::new();
            for m in mine {
                let device = m.1.device.clone();
                match kept.iter_mut().find(|(k, devices)| {
                    (k.0, k.2) == (m.0, m.2) && !devices.contains(&device)
                }) {
                    Some((_, devices)) => devices.push(device),
                    None => kept.push((m, vec![device])),
                }
            }
            let mine: Vec<(i64, EventId, Grade, i32)> = kept.into_iter().map(|(m, _)| m).collect();
            let mut expected = None;
            for &(_, _, grade, day) in &mine {
                expected = Some(Scheduler::Sm2.grade(expected, grade, day).progress);
            }
            prop_assert_eq!(Scheduler::Sm2.replay(card.entries()).progress, expected);
            prop_assert_eq!(
                card.grades.iter().map(|g| g.event.clone()).collect::<Vec<_>>(),
                mine.into_iter().map(|m| m.1).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn every_event_survives_its_line(specs in prop::collection::vec(spec(), 0..20)) {
        let events = build(&specs);
        let text = lines(&events);
        let chunk = read_from(text.as_bytes(), 0).unwrap();
        prop_assert!(chunk.errors.is_empty());
        prop_assert_eq!(chunk.offset, text.len());
        let read: Vec<Event> = chunk.events.into_iter().map(|(_, e)| e).collect();
        prop_assert_eq!(read, events);
    }
}
