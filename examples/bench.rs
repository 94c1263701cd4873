//! Benchmarks the real `recall` binary on a generated collection and prints a
//! Markdown table of medians, peak memory (max RSS) and the targets:
//! `cargo build --release && cargo run --release --example bench -- [--cards N] [--runs K]`.
//!
//! It builds nothing itself: it runs `$CARGO_TARGET_DIR/release/recall` (or
//! the `recall` next to this example's own folder, or `target/release/recall`;
//! `--bin PATH` to choose). Notes come from the same generator as `gen-notes`;
//! the large histories the review, stats and cards scenarios need are
//! prepared through the library. The floor for the first sync is measured in
//! the same run: parsing the same files with pulldown-cmark plus bulk-inserting
//! as many rows into an empty SQLite file. Each `recall` runs under a fresh
//! copy of this executable acting as a small wrapper (`wrap`), which measures
//! its max RSS with `wait4` (see there why). Linux only (it reads /proc).

#[path = "common/notes_gen.rs"]
mod notes_gen;
#[path = "bench/shared.rs"]
mod shared;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use recall::clock::Clock;
use recall::scheduler::{Day, Grade};
use recall::store::{CardFilter, NewReview, Store};

const USAGE: &str = "usage: bench [--cards N] [--runs K] [--grades G] [--bin PATH] [--dir DIR] [--keep] \
     [--only shared|local|review]";

/// `recall report` with the page on stdout, which the benchmark sends to a
/// file as it does `stats`'s text.
const REPORT: [&str; 3] = ["report", "-o", "-"];

/// The clock of every run: "today" for the review, stats and cards scenarios.
const NOW: &str = "2026-03-02T12:00:00+00:00";

/// A day's start hour, as the binary's default.
const DAY_STARTS_AT: u32 = 4;

/// The first argument that makes this binary the measuring wrapper.
const WRAP: &str = "--wrap-child";

/// A command that opens the database and does next to nothing else: timed
/// after a change of scheduler, it is the replay of every card.
const REPLAY_ONLY: [&str; 3] = ["cards", "--state", "suspended"];

struct Args {
    cards: usize,
    runs: usize,
    grades: usize,
    bin: Option<PathBuf>,
    dir: Option<PathBuf>,
    keep: bool,
    /// `shared`: only the shared-folder scenarios (after one first sync);
    /// `local`: all but those; `review`: only the review scenarios (after
    /// one first sync).
    only: Option<Only>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Only {
    Shared,
    Local,
    Review,
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some(WRAP) {
        return wrap(&argv[2..]);
    }
    match parse_args().and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        cards: 100_000,
        runs: 5,
        grades: 200,
        bin: None,
        dir: None,
        keep: false,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        let number = |name: &str, v: String| {
            v.parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{name} {v:?} is not a positive whole number"))
        };
        match arg.as_str() {
            "--cards" => args.cards = number("--cards", value("--cards")?)?,
            "--runs" => args.runs = number("--runs", value("--runs")?)?,
            "--grades" => args.grades = number("--grades", value("--grades")?)?,
            "--bin" => args.bin = Some(PathBuf::from(value("--bin")?)),
            "--dir" => args.dir = Some(PathBuf::from(value("--dir")?)),
            "--keep" => args.keep = true,
            "--only" => {
                args.only = match value("--only")?.as_str() {
                    "shared" => Some(Only::Shared),
                    "local" => Some(Only::Local),
                    "review" => Some(Only::Review),
                    other => {
                        return Err(format!(
                            "--only {other:?}: shared, local or review\n{USAGE}"
                        ));
                    }
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unexpected argument {other:?}\n{USAGE}")),
        }
    }
    Ok(args)
}

/// One line of the results table.
struct Row {
    scenario: String,
    median: String,
    min: String,
    rss_kb: Option<u64>,
    target: String,
    ok: Option<bool>,
}

fn run(args: &Args) -> Result<(), String> {
    let bin = find_binary(args.bin.as_deref())?;
    let work = match &args.dir {
        Some(dir) => {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            tempfile::Builder::new()
                .prefix("recall-bench-")
                .tempdir_in(dir)
        }
        None => tempfile::Builder::new().prefix("recall-bench-").tempdir(),
    }
    .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let root = work.path().to_path_buf();
    let notes = root.join("notes");
    let bench = Bench {
        wrapper: std::env::current_exe()
            .map_err(|e| format!("cannot find this benchmark's executable: {e}"))?,
        report: root.join("wrapper-report.txt"),
        bin: bin.clone(),
        notes: notes.clone(),
        stderr: root.join("stderr.txt"),
        shared: None,
        scheduler: None,
        review_flags: &["--max-reviews", "0"],
    };

    print_machine(&bin, args);

    let started = Instant::now();
    let generated = notes_gen::generate(&notes, notes_gen::GenOptions::new(args.cards))
        .map_err(|e| format!("cannot generate notes: {e}"))?;
    let cards = generated.cards;
    println!(
        "notes: {} files, {} cards, {:.1} MB, generated in {:.1}s under {}",
        generated.files,
        cards,
        generated.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        root.display()
    );
    let mut rows = Vec::new();

    let local = args.only.is_none() || args.only == Some(Only::Local);
    let clock = Clock::new(Some(NOW), DAY_STARTS_AT).map_err(|e| e.to_string())?;
    let today = clock.today();
    let db = root.join("first.db");
    let base = root.join("base.db");
    let mut db_bytes = 0;
    let mut floors = None;
    let mut optimize_rss = None;
    // A database in step with the notes as they stand at the end of the
    // local scenarios (which edit them), for the shared ones.
    let mut synced = base.clone();
    if local {
        // The floor: parse + bulk insert, measured here and now.
        let (read, parse, insert, insert_16k) = floor(&generated.paths, cards, args.runs, &root)?;
        floors = Some((parse, insert, insert_16k));
        let floor = parse + insert;
        println!(
            "floor: parse {} + insert {} = {} (reading the files, not counted: {})",
            ms(parse),
            ms(insert),
            ms(floor),
            ms(read)
        );
        println!(
            "  the same insert with 16 KiB pages, as recall's databases use: {} (floor {})",
            ms(insert_16k),
            ms(parse + insert_16k)
        );

        // First sync, each run into a new database.
        let mut first = Samples::default();
        for _ in 0..args.runs {
            remove_db(&db);
            first.add(bench.run(&db, &["sync"])?);
        }
        db_bytes = file_size(&db) + file_size(&wal_of(&db));
        copy_db(&db, &base)?;
        let first_median = first.median();
        rows.push(first.row(
            "first `sync` (whole collection)",
            format!("≤ 1.5 × floor = {}", ms(floor.mul_f64(1.5))),
            first_median <= floor.mul_f64(1.5),
        ));

        // Syncs on the synced collection.
        let work_db = root.join("work.db");
        copy_db(&base, &work_db)?;
        let mut unchanged = Samples::default();
        for _ in 0..args.runs {
            unchanged.add(bench.run(&work_db, &["sync"])?);
        }
        rows.push(unchanged.row_within("`sync`, nothing changed", 30.0));

        let mut rng = StdRng::seed_from_u64(7);
        let mut edits = 0;
        let mut one = Samples::default();
        for _ in 0..args.runs {
            let path = generated.paths.choose(&mut rng).expect("files");
            edits += 1;
            notes_gen::edit_file(path, &mut rng, edits).map_err(|e| e.to_string())?;
            one.add(bench.run(&work_db, &["sync"])?);
        }
        rows.push(one.row_within("`sync`, 1 file edited", 40.0));

        let mut tenth = Samples::default();
        let mut order: Vec<usize> = (0..generated.paths.len()).collect();
        for _ in 0..args.runs {
            order.shuffle(&mut rng);
            for &i in &order[..generated.paths.len().div_ceil(10)] {
                edits += 1;
                notes_gen::edit_file(&generated.paths[i], &mut rng, edits)
                    .map_err(|e| e.to_string())?;
            }
            tenth.add(bench.run(&work_db, &["sync"])?);
        }
        synced = work_db.clone();
        let tenth_limit = first_median.mul_f64(0.25);
        let tenth_ok = tenth.median() <= tenth_limit;
        rows.push(tenth.row(
            "`sync`, 10% of files edited",
            format!("≤ 25% of first sync = {}", ms(tenth_limit)),
            tenth_ok,
        ));

        // The same collection with ignore files that leave out about a fifth
        // of it (docs/design.md §13): what the walk's rules cost.
        let scoped_notes = root.join("scoped-notes");
        let scoped_gen = notes_gen::generate(&scoped_notes, notes_gen::GenOptions::new(args.cards))
            .map_err(|e| format!("cannot generate notes: {e}"))?;
        let left_out = notes_gen::ignore_a_fifth(&scoped_notes, &scoped_gen.paths)
            .map_err(|e| format!("cannot write the ignore files: {e}"))?;
        let scoped = Bench {
            notes: scoped_notes,
            ..bench.clone()
        };
        let scoped_db = root.join("scoped.db");
        let mut scoped_first = Samples::default();
        for _ in 0..args.runs {
            remove_db(&scoped_db);
            scoped_first.add(scoped.run(&scoped_db, &["sync"])?);
        }
        let scoped_ok = scoped_first.median() <= first_median;
        rows.push(scoped_first.row(
            &format!(
                "first `sync`, ignore files leaving out {left_out} of {} files",
                scoped_gen.files
            ),
            format!("≤ first sync of every file = {}", ms(first_median)),
            scoped_ok,
        ));
        let mut scoped_unchanged = Samples::default();
        for _ in 0..args.runs {
            scoped_unchanged.add(scoped.run(&scoped_db, &["sync"])?);
        }
        rows.push(scoped_unchanged.row_within("`sync`, nothing changed, with ignore files", 30.0));

        let (review_rows, due_db) = review_scenarios(&bench, &base, &root, args, today)?;
        rows.extend(review_rows);

        let mut listing = Samples::default();
        let listing_out = root.join("cards.jsonl");
        for _ in 0..args.runs {
            listing.add(bench.run_to(
                &due_db,
                &["cards", "--state", "due", "--json"],
                &listing_out,
            )?);
        }
        let listed = count_lines(&listing_out);
        rows.push(listing.row_within(
            &format!("`cards --state due --json` > file ({listed} lines)"),
            300.0,
        ));

        // A long history.
        let fsrs = Bench {
            scheduler: Some("fsrs"),
            ..bench.clone()
        };
        let stats_db = root.join("stats.db");
        copy_db(&base, &stats_db)?;
        let started = Instant::now();
        let reviews = make_history(&stats_db, today, 10)?;
        println!(
            "prepared {reviews} reviews in {:.1}s",
            started.elapsed().as_secs_f64()
        );
        // `report` prints the figures `stats` computes (docs/design.md
        // §16): the two alternate, so that the machine's drift falls on both.
        let (mut stats, mut report) = (Samples::default(), Samples::default());
        let stats_out = root.join("stats.txt");
        let report_out = root.join("report.html");
        for _ in 0..args.runs {
            stats.add(bench.run_to(&stats_db, &["stats"], &stats_out)?);
            report.add(bench.run_to(&stats_db, &REPORT, &report_out)?);
        }
        rows.push(stats.row_within(
            &format!("`stats` with calibration ({cards} cards, {reviews} reviews)"),
            400.0,
        ));
        rows.push(report.row_within_times(
            "`report` to a file, the same figures as a page",
            &stats,
            2.0,
        ));

        // Switching schedulers: every card's log replayed at the first
        // command after the setting changes, there and back.
        let switch_db = root.join("switch.db");
        let (mut to_fsrs, mut to_sm2) = (Samples::default(), Samples::default());
        for _ in 0..args.runs {
            copy_db(&stats_db, &switch_db)?;
            to_fsrs.add(fsrs.run(&switch_db, &REPLAY_ONLY)?);
            to_sm2.add(bench.run(&switch_db, &REPLAY_ONLY)?);
        }
        rows.push(to_fsrs.row_within(
            &format!("switching SM-2 → FSRS: every card replayed ({reviews} reviews)"),
            5_000.0,
        ));
        rows.push(to_sm2.row_within("switching FSRS → SM-2, the same", 5_000.0));
        fsrs.run(&switch_db, &REPLAY_ONLY)?;
        let (mut fsrs_stats, mut fsrs_report) = (Samples::default(), Samples::default());
        for _ in 0..args.runs {
            fsrs_stats.add(fsrs.run_to(&switch_db, &["stats"], &stats_out)?);
            fsrs_report.add(fsrs.run_to(&switch_db, &REPORT, &report_out)?);
        }
        rows.push(fsrs_stats.row_within("`stats` with calibration under FSRS", 400.0));
        rows.push(fsrs_report.row_within_times("`report` under FSRS", &fsrs_stats, 2.0));

        // Fitting FSRS to the whole log.
        let optimize_db = root.join("optimize.db");
        let mut optimize = Samples::default();
        for _ in 0..args.runs {
            copy_db(&stats_db, &optimize_db)?;
            optimize.add(bench.run(&optimize_db, &["optimize"])?);
        }
        let mut row = optimize.row_within(
            &format!("`optimize` on the whole log ({reviews} reviews)"),
            120_000.0,
        );
        // Its memory is the crate's optimizer's: each review it learns from
        // comes with its card's history up to it. Reported here, and left
        // out of the peak below.
        optimize_rss = row.rss_kb.take();
        row.target = format!(
            "≤ 120 s (max RSS {:.1} MB)",
            optimize_rss.unwrap_or(0) as f64 / 1024.0
        );
        rows.push(row);
    } else {
        // The shared and review scenarios start from a synced collection.
        bench.run(&db, &["sync"])?;
        copy_db(&db, &base)?;
    }

    if args.only == Some(Only::Review) {
        rows.extend(review_scenarios(&bench, &base, &root, args, today)?.0);
    } else if args.only != Some(Only::Local) {
        rows.extend(shared::scenarios(
            &bench, &synced, &root, args.runs, today, args.keep,
        )?);
    }

    let peak = rows.iter().filter_map(|r| r.rss_kb).max().unwrap_or(0);
    rows.push(Row {
        scenario: if optimize_rss.is_some() {
            "peak memory, any scenario but `optimize`".into()
        } else {
            "peak memory, any scenario".into()
        },
        median: format!("{:.1} MB", peak as f64 / 1024.0),
        min: String::new(),
        rss_kb: None,
        target: "≤ 64 MB".into(),
        ok: Some(peak <= 64 * 1024),
    });
    let per_card = db_bytes as f64 / cards.max(1) as f64;
    if local {
        rows.push(Row {
            scenario: format!(
                "database size after first sync ({:.1} MB)",
                db_bytes as f64 / 1e6
            ),
            median: format!("{per_card:.0} B/card"),
            min: String::new(),
            rss_kb: None,
            target: "≤ 600 B/card".into(),
            ok: Some(per_card <= 600.0),
        });
    }

    println!();
    print_table(&rows);
    println!();
    if let Some((parse, insert, insert_16k)) = floors {
        println!(
            "{} runs per scenario ({} grades per review session); floor = parse {} + insert {} \
             (with 16 KiB pages: insert {}).",
            args.runs,
            args.grades,
            ms(parse),
            ms(insert),
            ms(insert_16k)
        );
    }
    println!("load average at end: {}", load_average());
    if args.keep {
        let kept = work.keep();
        println!("kept {}", kept.display());
    }
    Ok(())
}

/// The review scenarios: every card due, `review` until the first card
/// and grading, under SM-2 and under FSRS (docs/design.md §5, §11); the
/// first card with the daily limit of 200 ranking 100,000 due cards; and
/// grading under FSRS on a collection whose due days spread over the
/// coming months, where the load balancer weighs days full of cards
/// (§15). Returns the rows and the database with every card due.
fn review_scenarios(
    bench: &Bench,
    base: &Path,
    root: &Path,
    args: &Args,
    today: Day,
) -> Result<(Vec<Row>, PathBuf), String> {
    let mut rows = Vec::new();
    // Every card due today.
    let due_db = root.join("due.db");
    copy_db(base, &due_db)?;
    let started = Instant::now();
    let due_count = make_all_due(&due_db, today)?;
    println!(
        "prepared {due_count} due cards in {:.1}s",
        started.elapsed().as_secs_f64()
    );

    let mut first_card = Samples::default();
    for _ in 0..args.runs {
        first_card.add(bench.first_card(&due_db)?);
    }
    rows.push(first_card.row_within(
        &format!("`review` until the first card is shown ({due_count} due)"),
        40.0,
    ));

    let mut grading = Samples::default();
    let session_db = root.join("session.db");
    for _ in 0..args.runs {
        remove_db(&session_db);
        copy_db(&due_db, &session_db)?;
        let grades = args.grades.min(due_count.saturating_sub(1)).max(1);
        let (times, rss) = bench.grading(&session_db, grades)?;
        grading.times.extend(times);
        grading.rss_kb = grading.rss_kb.max(rss);
    }
    rows.push(grading.row_within("grading a card until the next one is shown", 5.0));

    // The same review under FSRS (docs/design.md §11): the due cards
    // replayed through it once, untimed, then the same two scenarios,
    // which must be as fast as under SM-2.
    let fsrs = Bench {
        scheduler: Some("fsrs"),
        ..bench.clone()
    };
    let fsrs_due = root.join("fsrs-due.db");
    copy_db(&due_db, &fsrs_due)?;
    fsrs.run(&fsrs_due, &REPLAY_ONLY)?;
    let mut fsrs_first = Samples::default();
    for _ in 0..args.runs {
        fsrs_first.add(fsrs.first_card(&fsrs_due)?);
    }
    rows.push(fsrs_first.row(
        &format!("`review` under FSRS until the first card ({due_count} due)"),
        format!("as under SM-2 ({})", ms(first_card.median())),
        fsrs_first.median() <= first_card.median().mul_f64(1.25),
    ));
    let mut fsrs_grading = Samples::default();
    for _ in 0..args.runs {
        remove_db(&session_db);
        copy_db(&fsrs_due, &session_db)?;
        let grades = args.grades.min(due_count.saturating_sub(1)).max(1);
        let (times, rss) = fsrs.grading(&session_db, grades)?;
        fsrs_grading.times.extend(times);
        fsrs_grading.rss_kb = fsrs_grading.rss_kb.max(rss);
    }
    rows.push(fsrs_grading.row(
        "grading a card under FSRS until the next one is shown",
        format!("as under SM-2 ({})", ms(grading.median())),
        fsrs_grading.median() <= grading.median().mul_f64(1.25),
    ));

    // The default daily limit: the 200 most urgent of every due card.
    let limited = Bench {
        review_flags: &[],
        ..bench.clone()
    };
    let mut limited_first = Samples::default();
    for _ in 0..args.runs {
        limited_first.add(limited.first_card(&due_db)?);
    }
    rows.push(limited_first.row(
        &format!("`review` until the first card, daily limit 200 ({due_count} due)"),
        format!("as without a limit ({})", ms(first_card.median())),
        limited_first.median() <= first_card.median().mul_f64(1.25),
    ));

    // Due days spread over the coming months (ten grades a card over the
    // past year), replayed under FSRS once, untimed: each grade's window
    // holds days with cards due, which the balancer counts.
    let spread = root.join("spread.db");
    copy_db(base, &spread)?;
    make_history(&spread, today, 10)?;
    fsrs.run(&spread, &REPLAY_ONLY)?;
    let mut spread_grading = Samples::default();
    for _ in 0..args.runs {
        remove_db(&session_db);
        copy_db(&spread, &session_db)?;
        let (times, rss) = fsrs.grading(&session_db, args.grades)?;
        spread_grading.times.extend(times);
        spread_grading.rss_kb = spread_grading.rss_kb.max(rss);
    }
    rows.push(spread_grading.row(
        "grading under FSRS until the next card, due days spread over months",
        format!("as with every card due ({})", ms(fsrs_grading.median())),
        spread_grading.median() <= fsrs_grading.median().mul_f64(1.25),
    ));
    Ok((rows, due_db))
}

/// The release binary to measure.
fn find_binary(given: Option<&Path>) -> Result<PathBuf, String> {
    let mut candidates = Vec::new();
    if let Some(path) = given {
        candidates.push(path.to_path_buf());
    } else {
        if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
            candidates.push(PathBuf::from(dir).join("release/recall"));
        }
        // This example runs from <target>/release/examples/.
        if let Ok(exe) = std::env::current_exe()
            && let Some(release) = exe.parent().and_then(Path::parent)
        {
            candidates.push(release.join("recall"));
        }
        candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/recall"));
    }
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            format!(
                "no recall binary at {}; run `cargo build --release` first",
                candidates
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        })
}

fn print_machine(bin: &Path, args: &Args) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown".to_string(), |m| m.trim().to_string());
    let memory = fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or("unknown".to_string(), |kb| {
            format!("{:.1} GB", kb as f64 / 1024.0 / 1024.0)
        });
    println!("machine: {cpus} CPUs (nproc), {model}, {memory} RAM");
    println!("load average at start: {}", load_average());
    println!("binary: {}", bin.display());
    println!(
        "size: {} cards in {} files, {} runs per scenario",
        args.cards,
        (args.cards / 20).max(1),
        args.runs
    );
}

/// The 1, 5 and 15 minute load averages: other work on the machine skews
/// the timings.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

/// Timings of one scenario and the largest max RSS of its processes.
#[derive(Default)]
struct Samples {
    times: Vec<Duration>,
    rss_kb: u64,
}

impl Samples {
    fn add(&mut self, m: Measure) {
        self.times.push(m.wall);
        self.rss_kb = self.rss_kb.max(m.rss_kb);
    }

    fn median(&self) -> Duration {
        median(&self.times)
    }

    fn row(&self, scenario: &str, target: String, ok: bool) -> Row {
        Row {
            scenario: scenario.to_string(),
            median: ms(self.median()),
            min: ms(self.times.iter().min().copied().unwrap_or_default()),
            rss_kb: Some(self.rss_kb),
            target,
            ok: Some(ok),
        }
    }

    fn row_within(&self, scenario: &str, limit_ms: f64) -> Row {
        let ok = self.median().as_secs_f64() * 1000.0 <= limit_ms;
        self.row(scenario, format!("≤ {limit_ms} ms"), ok)
    }

    /// A row whose target is at most `times` the median of `other`, with
    /// the ratio measured.
    fn row_within_times(&self, scenario: &str, other: &Samples, times: f64) -> Row {
        let ratio = self.median().as_secs_f64() / other.median().as_secs_f64().max(1e-9);
        self.row(
            scenario,
            format!("≤ {times} × {} (ratio {ratio:.2})", ms(other.median())),
            ratio <= times,
        )
    }
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

/// Milliseconds, or seconds past ten of them.
fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 10_000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

fn print_table(rows: &[Row]) {
    println!("| scenario | median | min | max RSS | target | ok? |");
    println!("| --- | ---: | ---: | ---: | --- | --- |");
    for r in rows {
        let rss = r
            .rss_kb
            .map_or(String::new(), |kb| format!("{:.1} MB", kb as f64 / 1024.0));
        let ok = match r.ok {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "",
        };
        println!(
            "| {} | {} | {} | {rss} | {} | {ok} |",
            r.scenario, r.median, r.min, r.target
        );
    }
}

/// One measured process: wall time from spawn to exit (or to the event
/// timed) and its peak resident memory.
struct Measure {
    wall: Duration,
    rss_kb: u64,
}

/// How to run the binary on the benchmark's notes, through the wrapper.
#[derive(Clone)]
struct Bench {
    /// This benchmark's own executable, run as the wrapper.
    wrapper: PathBuf,
    bin: PathBuf,
    notes: PathBuf,
    stderr: PathBuf,
    report: PathBuf,
    /// The shared folder (docs/design.md §10), if the scenario has one.
    shared: Option<PathBuf>,
    /// `RECALL_SCHEDULER` (docs/design.md §11); unset: SM-2.
    scheduler: Option<&'static str>,
    /// What `review` is given besides `--no-sync --seed 1`: no daily limit
    /// (docs/design.md §15), so that a session asks every due card, as
    /// before there was one; or nothing, for the default.
    review_flags: &'static [&'static str],
}

impl Bench {
    fn command(&self, db: &Path, args: &[&str]) -> Result<Command, String> {
        let stderr = fs::File::create(&self.stderr).map_err(|e| e.to_string())?;
        let _ = fs::remove_file(&self.report);
        let mut cmd = Command::new(&self.wrapper);
        cmd.arg(WRAP)
            .arg(&self.report)
            .arg(&self.bin)
            .arg("--notes")
            .arg(&self.notes)
            .arg("--db")
            .arg(db)
            .args(self.shared.iter().flat_map(|d| [Path::new("--shared"), d]))
            .args(args)
            .env("RECALL_NOW", NOW)
            .env("NO_COLOR", "1")
            .env_remove("RECALL_NOTES")
            .env_remove("RECALL_DB")
            .env_remove("RECALL_SHARED")
            .env_remove("RECALL_SCHEDULER")
            .stderr(stderr);
        if let Some(scheduler) = self.scheduler {
            cmd.env("RECALL_SCHEDULER", scheduler);
        }
        Ok(cmd)
    }

    /// Runs a command to its end, its output discarded.
    fn run(&self, db: &Path, args: &[&str]) -> Result<Measure, String> {
        let mut cmd = self.command(db, args)?;
        cmd.stdin(Stdio::null()).stdout(Stdio::null());
        self.timed(cmd, args)
    }

    /// Runs a command to its end with its output written to `out`.
    fn run_to(&self, db: &Path, args: &[&str], out: &Path) -> Result<Measure, String> {
        let mut cmd = self.command(db, args)?;
        let file = fs::File::create(out).map_err(|e| e.to_string())?;
        cmd.stdin(Stdio::null()).stdout(file);
        self.timed(cmd, args)
    }

    /// Runs to the end: the wrapper's wall time and max RSS of the child.
    fn timed(&self, mut cmd: Command, args: &[&str]) -> Result<Measure, String> {
        let child = cmd.spawn().map_err(|e| format!("cannot run recall: {e}"))?;
        let (ok, _) = reap(&child);
        match (ok, read_report(&self.report)) {
            (true, Some((wall, rss_kb))) => Ok(Measure { wall, rss_kb }),
            _ => Err(self.failure(args)),
        }
    }

    /// The child's max RSS once the wrapper has ended.
    fn child_rss(&self, child: &Child) -> Option<u64> {
        let (ok, _) = reap(child);
        read_report(&self.report).filter(|_| ok).map(|(_, rss)| rss)
    }

    fn failure(&self, args: &[&str]) -> String {
        let stderr = fs::read_to_string(&self.stderr).unwrap_or_default();
        format!("`recall {}` failed: {}", args.join(" "), stderr.trim())
    }

    fn session(&self, db: &Path) -> Result<Child, String> {
        let mut args = vec!["review", "--no-sync", "--seed", "1"];
        args.extend(self.review_flags);
        let mut cmd = self.command(db, &args)?;
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped());
        cmd.spawn().map_err(|e| format!("cannot run recall: {e}"))
    }

    /// `review` from spawn until the first `Q: ` line (so this one includes
    /// the wrapper's start, about a millisecond); then end of input ends the
    /// session without a grade.
    fn first_card(&self, db: &Path) -> Result<Measure, String> {
        let started = Instant::now();
        let mut child = self.session(db)?;
        let mut out = BufReader::new(child.stdout.take().expect("piped"));
        let shown = read_until(&mut out, "Q: ");
        let wall = started.elapsed();
        drop(child.stdin.take());
        std::io::copy(&mut out, &mut std::io::sink()).ok();
        match (shown, self.child_rss(&child)) {
            (true, Some(rss_kb)) => Ok(Measure { wall, rss_kb }),
            _ => Err(self.failure(&["review"])),
        }
    }

    /// One session: reveal, then time from sending a grade until the next
    /// question is on screen, `grades` times. The grade is a pass of the
    /// scheduler's keys: 5 under SM-2, 3 (good) under FSRS.
    fn grading(&self, db: &Path, grades: usize) -> Result<(Vec<Duration>, u64), String> {
        let (prompt, grade) = match self.scheduler {
            Some("fsrs") => ("[1-4]", b"3\n"),
            _ => ("[0-5]", b"5\n"),
        };
        let mut child = self.session(db)?;
        let mut input = child.stdin.take().expect("piped");
        let mut out = BufReader::new(child.stdout.take().expect("piped"));
        let mut times = Vec::with_capacity(grades);
        let mut ok = read_until(&mut out, "Q: ");
        for _ in 0..grades {
            if !ok {
                break;
            }
            ok = input.write_all(b"\n").and_then(|_| input.flush()).is_ok()
                && read_until(&mut out, prompt);
            if !ok {
                break;
            }
            let started = Instant::now();
            ok = input.write_all(grade).and_then(|_| input.flush()).is_ok()
                && read_until(&mut out, "Q: ");
            times.push(started.elapsed());
        }
        drop(input);
        std::io::copy(&mut out, &mut std::io::sink()).ok();
        match (ok, self.child_rss(&child)) {
            (true, Some(rss_kb)) => Ok((times, rss_kb)),
            _ => Err(self.failure(&["review (grading)"])),
        }
    }
}

/// The measuring wrapper: `bench --wrap-child REPORT PROGRAM ARGS...` runs
/// PROGRAM with this process's stdio, waits for it with `wait4` and writes
/// `<wall ns> <max RSS KiB>` to REPORT; its exit status is the program's.
///
/// Why a wrapper: Linux counts into a child's max RSS the peak RSS of the
/// process that spawned it (the memory it had when it called exec), so a
/// child spawned straight from the benchmark, which holds the notes and
/// prepares histories, would report the benchmark's own peak. This fresh
/// process stays at a few MB.
fn wrap(args: &[String]) -> ExitCode {
    let [report, program, rest @ ..] = args else {
        eprintln!("bench {WRAP}: needs REPORT PROGRAM [ARGS...]");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let child = match Command::new(program).args(rest).spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("bench {WRAP}: cannot run {program}: {e}");
            return ExitCode::from(2);
        }
    };
    let (ok, rss_kb) = reap(&child);
    let wall = started.elapsed();
    if let Err(e) = fs::write(report, format!("{} {rss_kb}\n", wall.as_nanos())) {
        eprintln!("bench {WRAP}: cannot write {report}: {e}");
        return ExitCode::from(2);
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Reads the wrapper's report: the child's wall time and max RSS.
fn read_report(path: &Path) -> Option<(Duration, u64)> {
    let text = fs::read_to_string(path).ok()?;
    let mut parts = text.split_whitespace();
    let nanos: u64 = parts.next()?.parse().ok()?;
    let rss_kb: u64 = parts.next()?.parse().ok()?;
    Some((Duration::from_nanos(nanos), rss_kb))
}

/// Reads lines until one starts with `prefix`; false at end of output.
fn read_until(out: &mut impl BufRead, prefix: &str) -> bool {
    let mut line = String::new();
    loop {
        line.clear();
        match out.read_line(&mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) if line.starts_with(prefix) => return true,
            Ok(_) => {}
        }
    }
}

/// Waits for the child with `wait4`: whether it exited with status 0, and
/// its max RSS in KiB.
fn reap(child: &Child) -> (bool, u64) {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data; wait4 fills it and `status`.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to locals; `pid` is our own unreaped child.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        if std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            return (false, 0);
        }
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (ok, usage.ru_maxrss.max(0) as u64)
}

/// The floor, as medians over `runs`: reading the files (not part of the
/// floor), parsing them with pulldown-cmark as `recall` does, and inserting
/// `cards` rows of about 260 bytes into an empty SQLite file, with
/// SQLite's default page size and with the 16 KiB pages `recall` uses.
fn floor(
    paths: &[PathBuf],
    cards: usize,
    runs: usize,
    root: &Path,
) -> Result<(Duration, Duration, Duration, Duration), String> {
    let started = Instant::now();
    let texts: Vec<String> = paths
        .iter()
        .map(fs::read_to_string)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("cannot read the notes: {e}"))?;
    let read = started.elapsed();

    let mut parse = Vec::new();
    let mut insert = Vec::new();
    let mut insert_16k = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let mut events = 0usize;
        for text in &texts {
            events += pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::empty())
                .into_offset_iter()
                .count();
        }
        parse.push(started.elapsed());
        std::hint::black_box(events);

        let db = root.join("floor.db");
        for (page_size, times) in [(None, &mut insert), (Some(16384), &mut insert_16k)] {
            remove_db(&db);
            let started = Instant::now();
            bulk_insert(&db, cards, page_size).map_err(|e| format!("floor insert: {e}"))?;
            times.push(started.elapsed());
        }
    }
    remove_db(&root.join("floor.db"));
    Ok((read, median(&parse), median(&insert), median(&insert_16k)))
}

/// `n` rows of about 260 bytes of text into a new file, in one transaction
/// with one prepared statement, with the store's journal settings and the
/// given page size (SQLite's default if `None`).
fn bulk_insert(path: &Path, n: usize, page_size: Option<u32>) -> rusqlite::Result<()> {
    let mut conn = rusqlite::Connection::open(path)?;
    if let Some(size) = page_size {
        conn.execute_batch(&format!("PRAGMA page_size = {size};"))?;
    }
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         CREATE TABLE cards (
             id INTEGER PRIMARY KEY, deck TEXT NOT NULL, kind TEXT NOT NULL,
             context TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
             line INTEGER NOT NULL, added_at INTEGER NOT NULL);",
    )?;
    let filler = "데이터베이스 파티셔닝과 도메인 모델링 Kafka replication latency p99 ".repeat(8);
    let cut = |len: usize, from: usize| -> &str {
        let bytes = filler.as_bytes();
        let mut start = from % 64;
        while !filler.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (start + len).min(bytes.len());
        while !filler.is_char_boundary(end) {
            end -= 1;
        }
        &filler[start..end]
    };
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare(
            "INSERT INTO cards (deck, kind, context, question, answer, line, added_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for i in 0..n {
            let deck = format!("talks/2021/backend-{:05}", i / 20);
            stmt.execute(rusqlite::params![
                deck,
                "list",
                cut(40, i),
                cut(60, i + 7),
                cut(130, i + 13),
                i as i64 % 500,
                1_772_000_000i64
            ])?;
        }
    }
    tx.commit()?;
    conn.close().map_err(|(_, e)| e)
}

/// The live cards' ids, in note order.
fn live_ids(store: &Store) -> Result<Vec<i64>, String> {
    let mut ids = Vec::new();
    store
        .each_card(CardFilter::Live, |s| {
            ids.push(s.card.id);
            Ok(())
        })
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    Ok(ids)
}

/// Unix seconds of noon (UTC, as `NOW`) on `day`.
fn noon(day: Day) -> i64 {
    i64::from(day) * 86_400 + 43_200
}

/// Grades every live card once (4, on one of the last seven days), so that
/// all of them fall due by `today`. Returns how many.
fn make_all_due(db: &Path, today: Day) -> Result<usize, String> {
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let ids = live_ids(&store)?;
    let grade = Grade::new(4).expect("a grade");
    for chunk in ids.chunks(20_000) {
        store
            .write(|w| {
                for &card_id in chunk {
                    let day = today - 1 - (card_id % 7) as Day;
                    recall::grading::record(
                        w,
                        &recall::scheduler::Scheduler::Sm2,
                        &NewReview {
                            card_id,
                            at: noon(day),
                            day,
                            grade,
                            millis: 4_000,
                            due_offset: None,
                        },
                    )?;
                }
                Ok::<_, recall::store::StoreError>(())
            })
            .map_err(|e| e.to_string())?;
    }
    Ok(ids.len())
}

/// Gives every live card `per_card` reviews spread over the last year
/// (grades mostly 3-5), oldest first. Returns how many reviews.
fn make_history(db: &Path, today: Day, per_card: usize) -> Result<usize, String> {
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let ids = live_ids(&store)?;
    let grades = [5, 4, 4, 3, 4, 5, 2, 4, 3, 1, 4, 5, 3, 0, 4, 4, 5];
    let spacing = (360 / per_card.max(1)) as Day;
    let mut total = 0;
    for k in 0..per_card {
        for chunk in ids.chunks(50_000) {
            store
                .write(|w| {
                    for &card_id in chunk {
                        let day = today - 365 + k as Day * spacing + (card_id % 30) as Day;
                        let g = grades[(card_id as usize * 7 + k * 3) % grades.len()];
                        recall::grading::record(
                            w,
                            &recall::scheduler::Scheduler::Sm2,
                            &NewReview {
                                card_id,
                                at: noon(day),
                                day,
                                grade: Grade::new(g).expect("a grade"),
                                millis: 2_000 + (card_id % 9_000) as u32,
                                due_offset: None,
                            },
                        )?;
                    }
                    Ok::<_, recall::store::StoreError>(())
                })
                .map_err(|e| e.to_string())?;
            total += chunk.len();
        }
    }
    Ok(total)
}

fn wal_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push("-wal");
    PathBuf::from(name)
}

fn shm_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push("-shm");
    PathBuf::from(name)
}

fn remove_db(db: &Path) {
    for path in [db.to_path_buf(), wal_of(db), shm_of(db)] {
        let _ = fs::remove_file(path);
    }
}

/// Copies a closed database with its WAL, if one was left.
fn copy_db(from: &Path, to: &Path) -> Result<(), String> {
    remove_db(to);
    fs::copy(from, to).map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
    if wal_of(from).exists() {
        fs::copy(wal_of(from), wal_of(to)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn file_size(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| m.len())
}

fn count_lines(path: &Path) -> usize {
    fs::read(path).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
}
