//! The shared-folder scenarios of the benchmark (docs/design.md §10, issue
//! 15): a folder of five devices' journals holding ten events per card, a
//! no-change sync over it, a sync merging one new foreign grade per card,
//! and the bytes per grade of this device's own file. The foreign files are
//! written here with the library's own `journal::encode`, so setting up a
//! million events takes seconds; this device's grades go into its database
//! and reach its file through the binary's first merge, as a user's would.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use recall::journal::{self, Body, CardName, DeviceId, Event, EventId};
use recall::scheduler::{Day, Grade};
use recall::store::{CardFilter, NewReview, Store};

use super::{Bench, Row, Samples, copy_db};

/// Events per card over the five devices: two of this device's grades and
/// eight events of the four others.
const SLOTS: usize = 10;
const DEVICES: usize = 5;
/// The history spans about two years before today.
const SPAN_DAYS: Day = 730;
/// Each other device's clock, minutes east of UTC (this device's is `NOW`'s).
const OFFSETS: [i32; DEVICES - 1] = [0, 60, -300, 540];

/// What one slot of a card's history is, on the device it falls to.
#[derive(Clone, Copy)]
enum Kind {
    Grade(u8),
    /// The device takes back its previous grade.
    Undo,
    /// Suspend, or unsuspend if the card is suspended.
    Toggle,
}

/// One slot: the device (0 is this one), its day and second, and what.
fn slot(card: usize, k: usize, today: Day) -> (usize, Day, i64, Kind) {
    let device = (card + k * 3) % DEVICES;
    let step = SPAN_DAYS / SLOTS as Day;
    let day = today - SPAN_DAYS + k as Day * step + (card % step as usize) as Day;
    // Between 08:00 and 20:00 local time, so the day is the calendar day.
    let second = 8 * 3600 + (card * 37 + k * 911) as i64 % (12 * 3600);
    let mix = (card * 7 + k * 13) % 100;
    let grades = [5, 4, 4, 3, 4, 5, 2, 4, 3, 1, 4, 5, 3, 0, 4, 4, 5];
    let kind = match mix {
        _ if device == 0 => Kind::Grade(grades[(card * 7 + k * 3) % grades.len()]),
        0..=3 => Kind::Undo,
        4 | 5 => Kind::Toggle,
        _ => Kind::Grade(grades[(card * 7 + k * 3) % grades.len()]),
    };
    (device, day, second, kind)
}

fn foreign_id(n: usize) -> DeviceId {
    let hex = format!("{:016x}", journal::fnv1a64(format!("bench-{n}").as_bytes()));
    DeviceId::parse(&hex).expect("16 hex digits are a device id")
}

fn grade(g: u8) -> Grade {
    Grade::new(g).expect("a grade")
}

/// The shared folder as set up: its own device's grades are in the database.
pub struct Setup {
    /// The first other device: where the new grades go.
    pub first: DeviceId,
    /// How many lines the first other device's file has.
    pub first_seq: u64,
    pub events: usize,
    /// (row id, name) of each live card.
    pub names: Vec<(i64, CardName)>,
}

/// Gives this device's grades to the database at `db` and writes the four
/// other devices' files into `dir`.
pub fn prepare(db: &Path, dir: &Path, today: Day) -> Result<Setup, String> {
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let mut names = Vec::new();
    store
        .each_card(CardFilter::Live, |s| {
            let (identity, ordinal) = s.card.identity();
            names.push((s.card.id, journal::card_name(identity, ordinal)));
            Ok(())
        })
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;

    // This device: slot by slot, so each card's grades come in time order.
    const CHUNK: usize = 50_000;
    let mut events = 0;
    for k in 0..SLOTS {
        for (c, chunk) in names.chunks(CHUNK).enumerate() {
            store
                .write(|w| {
                    for (i, &(card_id, _)) in chunk.iter().enumerate() {
                        let index = c * CHUNK + i;
                        let (device, day, second, kind) = slot(index, k, today);
                        let (0, Kind::Grade(g)) = (device, kind) else {
                            continue;
                        };
                        recall::grading::record(
                            w,
                            &recall::scheduler::Scheduler::Sm2,
                            &NewReview {
                                card_id,
                                at: i64::from(day) * 86_400 + second,
                                day,
                                grade: grade(g),
                                millis: 3_000,
                                due_offset: None,
                            },
                        )?;
                        events += 1;
                    }
                    Ok::<_, recall::store::StoreError>(())
                })
                .map_err(|e| e.to_string())?;
        }
    }

    // The others: every slot, then each device's file in time order.
    let mut slots: Vec<Vec<(i64, usize, Kind)>> = vec![Vec::new(); DEVICES];
    for index in 0..names.len() {
        for k in 0..SLOTS {
            let (device, day, second, kind) = slot(index, k, today);
            if device > 0 {
                let at = i64::from(day) * 86_400 + second - i64::from(OFFSETS[device - 1]) * 60;
                slots[device].push((at, index, kind));
            }
        }
    }
    let mut suspended = vec![false; names.len()];
    let mut first_seq = 0;
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (n, mut list) in slots.into_iter().enumerate().skip(1) {
        list.sort_by_key(|&(at, index, _)| (at, index));
        let me = foreign_id(n);
        let offset = OFFSETS[n - 1];
        let mut text = String::with_capacity(list.len() * 110);
        let mut last_grade: Option<EventId> = None;
        for (seq, (at, index, kind)) in list.into_iter().enumerate() {
            let card = names[index].1;
            let day = ((at + i64::from(offset) * 60).div_euclid(86_400)) as Day;
            let body = match kind {
                Kind::Undo if last_grade.is_some() => Body::Undo {
                    event: last_grade.take().expect("checked"),
                },
                Kind::Toggle => {
                    suspended[index] = !suspended[index];
                    if suspended[index] {
                        Body::Suspend { card, at }
                    } else {
                        Body::Unsuspend { card, at }
                    }
                }
                Kind::Grade(g) => Body::Grade {
                    card,
                    grade: grade(g),
                    at,
                    offset,
                    day,
                    due_offset: None,
                },
                Kind::Undo => Body::Grade {
                    card,
                    grade: grade(4),
                    at,
                    offset,
                    day,
                    due_offset: None,
                },
            };
            let id = EventId {
                device: me.clone(),
                seq: seq as u64 + 1,
            };
            if matches!(body, Body::Grade { .. }) {
                last_grade = Some(id.clone());
            }
            text.push_str(&journal::encode(&Event { id, body }));
            text.push('\n');
            events += 1;
            if n == 1 {
                first_seq = seq as u64 + 1;
            }
        }
        let path = dir.join(journal::file_name(&me));
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(Setup {
        first: foreign_id(1),
        first_seq,
        events,
        names,
    })
}

/// One new grade per card from the first other device, given yesterday
/// evening, as lines to append to its file.
pub fn new_grades(setup: &Setup, today: Day) -> String {
    let day = today - 1;
    let mut text = String::new();
    for (i, &(_, card)) in setup.names.iter().enumerate() {
        let event = Event {
            id: EventId {
                device: setup.first.clone(),
                seq: setup.first_seq + i as u64 + 1,
            },
            body: Body::Grade {
                card,
                grade: grade([5, 4, 3, 4][i % 4]),
                at: i64::from(day) * 86_400 + 18 * 3600 + (i % 7200) as i64,
                offset: OFFSETS[0],
                day,
                due_offset: None,
            },
        };
        text.push_str(&journal::encode(&event));
        text.push('\n');
    }
    text
}

/// Each file of the folder with its length, to put the folder back.
fn lengths(dir: &Path) -> Result<Vec<(PathBuf, u64)>, String> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        out.push((path.clone(), super::file_size(&path)));
    }
    out.sort();
    Ok(out)
}

/// Cuts every file back to its length in `snapshot`.
fn restore(snapshot: &[(PathBuf, u64)]) -> Result<(), String> {
    for (path, len) in snapshot {
        fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|f| f.set_len(*len))
            .map_err(|e| format!("cannot restore {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The shared-folder rows: the first merge of the whole folder (no target,
/// its memory counts), a no-change sync, a sync merging one new grade per
/// card, and the own file's bytes per grade.
pub fn scenarios(
    bench: &Bench,
    base: &Path,
    root: &Path,
    runs: usize,
    today: Day,
    keep: bool,
) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let dir = root.join("shared");
    let db = root.join("shared.db");
    copy_db(base, &db)?;
    let started = Instant::now();
    let setup = prepare(&db, &dir, today)?;
    println!(
        "prepared a shared folder of {DEVICES} devices, {} events, in {:.1}s",
        setup.events,
        started.elapsed().as_secs_f64()
    );
    // With --keep, the database before it joins the folder too, to profile
    // that first merge again.
    if keep {
        copy_db(&db, &root.join("shared-unjoined.db"))?;
    }
    let shared = Bench {
        shared: Some(dir.clone()),
        ..bench.clone()
    };
    let mut absorb = Samples::default();
    absorb.add(shared.run(&db, &["sync"])?);
    println!(
        "first merge of the folder (untimed setup): {}",
        super::ms(absorb.median())
    );
    rows.push(absorb.row(
        &format!(
            "first `sync` with the shared folder ({} events, once)",
            setup.events
        ),
        "(setup; memory counts)".into(),
        true,
    ));
    rows.last_mut().expect("pushed").ok = None;

    let own = dir.join(format!("{}.jsonl", own_device(&dir, &setup)?));
    let own_bytes = super::file_size(&own);
    let own_grades = fs::read_to_string(&own)
        .map_err(|e| format!("cannot read {}: {e}", own.display()))?
        .lines()
        .filter(|l| l.contains("\"k\":\"grade\""))
        .count();

    let merged = root.join("shared-merged.db");
    copy_db(&db, &merged)?;
    let snapshot = lengths(&dir)?;

    let work = root.join("shared-work.db");
    copy_db(&merged, &work)?;
    let mut unchanged = Samples::default();
    for _ in 0..runs {
        unchanged.add(shared.run(&work, &["sync"])?);
    }
    if lengths(&dir)? != snapshot {
        return Err("a `sync` with nothing changed wrote to the shared folder".into());
    }
    rows.push(unchanged.row_within(
        &format!(
            "`sync`, nothing changed, shared folder of {DEVICES} devices ({} events)",
            setup.events
        ),
        40.0,
    ));

    let append = new_grades(&setup, today);
    let first = dir.join(journal::file_name(&setup.first));
    let out = root.join("shared-sync.json");
    let mut merging = Samples::default();
    for _ in 0..runs {
        restore(&snapshot)?;
        copy_db(&merged, &work)?;
        fs::OpenOptions::new()
            .append(true)
            .open(&first)
            .and_then(|mut f| f.write_all(append.as_bytes()))
            .map_err(|e| format!("cannot append to {}: {e}", first.display()))?;
        merging.add(shared.run_to(&work, &["sync", "--json"], &out)?);
        let report = fs::read_to_string(&out).unwrap_or_default();
        let merged_count = serde_json::from_str::<serde_json::Value>(&report)
            .ok()
            .and_then(|v| v["journal"]["grades_merged"].as_u64());
        if merged_count != Some(setup.names.len() as u64) {
            return Err(format!(
                "the merging `sync` merged {merged_count:?} grades, not {}",
                setup.names.len()
            ));
        }
    }
    restore(&snapshot)?;
    rows.push(merging.row_within(
        &format!("`sync` merging {} new foreign grades", setup.names.len()),
        2000.0,
    ));

    let per_grade = own_bytes as f64 / own_grades.max(1) as f64;
    rows.push(Row {
        scenario: format!("journal bytes per grade (this device's file, {own_grades} grades)"),
        median: format!("{per_grade:.0} B/grade"),
        min: String::new(),
        rss_kb: None,
        target: "≤ 160 B/grade".into(),
        ok: Some(per_grade <= 160.0),
    });
    Ok(rows)
}

/// This device's id: the one journal in the folder that the setup did not
/// write.
fn own_device(dir: &Path, setup: &Setup) -> Result<String, String> {
    let others: Vec<String> = (1..DEVICES)
        .map(|n| journal::file_name(&foreign_id(n)))
        .collect();
    debug_assert_eq!(others[0], journal::file_name(&setup.first));
    fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .find(|n| n.ends_with(".jsonl") && !others.contains(n))
        .and_then(|n| n.strip_suffix(".jsonl").map(str::to_owned))
        .ok_or_else(|| "the first merge wrote no journal of this device".into())
}
