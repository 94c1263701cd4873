//! The daily workload, simulated (docs/design.md §15): a learner whose
//! memory follows FSRS-6 with fixed weights studies 3,000 cards, 20 new a
//! day, for 365 days, through recall's own queue (`session::daily`), review
//! session (`session::Session` on `StoreBackend`), grading, scheduler and
//! load balancer, on a database in memory. It runs the same learner three
//! times, without balancing, with it, and with it and easy weekends, and
//! prints a Markdown table of each run's daily reviews side by side:
//!
//! `cargo run --release --example workload -- [--seed N] [--days N] [--cards N] [--new N]
//! [--max-reviews N] [--csv FILE]`
//!
//! Deterministic for a seed: each answer's chance is drawn from a hash of
//! the seed, the card and how often it was answered (`Learner`), and
//! nothing reads the clock but the session's seconds, which no schedule
//! depends on. `--csv` writes each day's reviews of each run.
//!
//! The year is no steady state (the cards are all learnt by day 150), so
//! beside the busiest day over the whole run's mean day the table weighs
//! each day against the fortnight centred on it, which follows that trend
//! but not one day's spike.

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::Weekday;
use recall::cards::{Draft, Kind};
use recall::grading::Balance;
use recall::scheduler::balance::EasyDays;
use recall::scheduler::fsrs::{Fsrs, Memory, Params, Rating};
use recall::scheduler::{Day, Scheduler};
use recall::session::daily::{self, DailyLimits};
use recall::session::machine::{Input, Session};
use recall::session::store_backend::StoreBackend;
use recall::store::{NewCard, Store, StoreError};

const USAGE: &str =
    "usage: workload [--seed N] [--days N] [--cards N] [--new N] [--max-reviews N] [--csv FILE]";

/// The simulation's first day: Monday 2026-01-05.
const FIRST_DAY: Day = 20_458;

/// What one run is asked to do.
#[derive(Clone, Copy)]
struct Plan {
    seed: u64,
    days: usize,
    cards: usize,
    new_per_day: usize,
    max_reviews: u32,
}

/// One run's way of placing due days.
#[derive(Clone, Copy)]
struct Variant {
    name: &'static str,
    balance: bool,
    easy: EasyDays,
}

/// What a run measured.
struct Outcome {
    /// Cards reviewed each day (not new that day, each once), as the daily
    /// limit counts them.
    reviews: Vec<u32>,
    /// Every grade given, repeats after again included.
    grades: u64,
    /// Reviews of cards graded before, recalled and in all.
    recalled: u64,
    reviewed: u64,
    /// Due cards the daily limit kept waiting, summed over the days.
    waited: u64,
    /// The due offsets the balancer chose, one per grade it moved.
    offsets: Vec<i32>,
    /// Grades that set a due day (every grade under FSRS).
    placed: u64,
}

fn main() -> ExitCode {
    match parse().and_then(|(plan, csv)| run(plan, csv.as_deref())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("workload: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse() -> Result<(Plan, Option<String>), String> {
    let mut plan = Plan {
        seed: 1,
        days: 365,
        cards: 3_000,
        new_per_day: 20,
        max_reviews: recall::settings::DEFAULT_MAX_REVIEWS,
    };
    let mut csv = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        let number = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{arg} {v:?} is not a whole number\n{USAGE}"))
        };
        match arg.as_str() {
            "--seed" => plan.seed = number(value()?)?,
            "--days" => plan.days = number(value()?)? as usize,
            "--cards" => plan.cards = number(value()?)? as usize,
            "--new" => plan.new_per_day = number(value()?)? as usize,
            "--max-reviews" => plan.max_reviews = number(value()?)? as u32,
            "--csv" => csv = Some(value()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(format!("unexpected argument {arg:?}\n{USAGE}")),
        }
    }
    Ok((plan, csv))
}

fn run(plan: Plan, csv: Option<&str>) -> Result<(), String> {
    let variants = [
        Variant {
            name: "without balancing",
            balance: false,
            easy: EasyDays::NONE,
        },
        Variant {
            name: "with balancing",
            balance: true,
            easy: EasyDays::NONE,
        },
        Variant {
            name: "with balancing, easy weekends",
            balance: true,
            easy: EasyDays::new([Weekday::Sat, Weekday::Sun]),
        },
    ];
    let started = std::time::Instant::now();
    let outcomes: Vec<Outcome> = variants
        .iter()
        .map(|v| simulate(plan, *v).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    println!(
        "{} cards, {} new a day, {} days, daily limit {}, seed {}; FSRS-6 with its default \
         weights schedules, and the learner's memory follows the same; {:.1} s\n",
        plan.cards,
        plan.new_per_day,
        plan.days,
        plan.max_reviews,
        plan.seed,
        started.elapsed().as_secs_f64()
    );
    print_table(&variants, &outcomes);
    if let Some(path) = csv {
        let mut text = String::from("day,date");
        for v in &variants {
            text.push_str(&format!(",{}", v.name.replace(',', "")));
        }
        text.push('\n');
        for day in 0..plan.days {
            let date = recall::clock::format_day(FIRST_DAY + day as Day);
            text.push_str(&format!("{day},{date}"));
            for o in &outcomes {
                text.push_str(&format!(",{}", o.reviews[day]));
            }
            text.push('\n');
        }
        std::fs::write(path, text).map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    Ok(())
}

/// A learner studying the whole year through recall, placing due days as
/// `variant` says.
fn simulate(plan: Plan, variant: Variant) -> Result<Outcome, StoreError> {
    let store = Store::open_in_memory()?;
    add_cards(&store, plan.cards)?;
    let scheduler = Scheduler::Fsrs(Fsrs::new(Params::DEFAULT, 0.9));
    let mut learner = Learner::new(plan.seed);
    let limits = DailyLimits {
        new_per_day: plan.new_per_day,
        max_reviews: plan.max_reviews,
    };
    let mut outcome = Outcome {
        reviews: Vec::with_capacity(plan.days),
        grades: 0,
        recalled: 0,
        reviewed: 0,
        waited: 0,
        offsets: Vec::new(),
        placed: 0,
    };
    for day in 0..plan.days {
        let today = FIRST_DAY + day as Day;
        let built = daily::build(
            &store,
            &scheduler,
            today,
            None,
            limits,
            plan.seed ^ day as u64,
        )?;
        outcome.waited += built.queue.waiting as u64;
        let mut session =
            Session::new(built.queue.cards.iter().map(|c| c.id)).buttons(scheduler.buttons());
        let morning = i64::from(today) * 86_400 + 9 * 3_600;
        let mut backend = StoreBackend::new(&store, &scheduler, today, morning)
            .balancing(Balance::new(Some(variant.balance), variant.easy));
        while let Some(card) = session.current() {
            session.handle(Input::Reveal, &mut backend)?;
            let answer = learner.answer(card, today);
            if let Some(recalled) = answer.recalled {
                outcome.reviewed += 1;
                outcome.recalled += u64::from(recalled);
            }
            session.handle(Input::Key(answer.key), &mut backend)?;
            outcome.grades += 1;
        }
        outcome.reviews.push(store.reviewed_on(today)?);
    }
    for card in 1..=plan.cards as i64 {
        for review in store.reviews_of(card)? {
            outcome.placed += u64::from(review.counted);
            outcome.offsets.extend(review.due_offset);
        }
    }
    Ok(outcome)
}

/// `n` cards of one deck, each a family of its own, in note order.
fn add_cards(store: &Store, n: usize) -> Result<(), StoreError> {
    store.write(|w| {
        for i in 0..n {
            let question = format!("card {i}");
            let draft = Draft {
                deck: "simulated".into(),
                kind: Kind::List,
                context: Arc::from([]),
                question: question.clone(),
                answer: vec![format!("answer {i}")],
                context_md: Arc::from([]),
                question_md: question,
                answer_md: vec![format!("answer {i}")],
                lead: Vec::new(),
                details: Vec::new(),
                line: i as u32 + 1,
                family_line: i as u32 + 1,
            };
            w.insert_card(
                &NewCard {
                    draft: &draft,
                    ordinal: 0,
                },
                0,
            )?;
        }
        Ok(())
    })
}

/// The simulated learner: FSRS-6 with its default weights is how memory
/// works here, each card's memory, the day it was last seen and how often
/// it was answered kept apart from recall's own (which only sees the
/// grades). Each answer's chance comes from a hash of the seed, the card
/// and how many times the card was answered, not from one stream of
/// numbers: the same learner gives the n-th answer of a card the same
/// draw in every run, so that the runs differ by their schedules, not by
/// luck (common random numbers).
struct Learner {
    memory: Fsrs,
    cards: HashMap<i64, Seen>,
    seed: u64,
}

/// What the learner's memory holds of a card.
#[derive(Clone, Copy)]
struct Seen {
    memory: Memory,
    last: Day,
    answers: u64,
}

/// What the learner answers, and for a card seen on an earlier day,
/// whether they recalled it.
struct Answer {
    key: u8,
    recalled: Option<bool>,
}

impl Learner {
    fn new(seed: u64) -> Learner {
        Learner {
            memory: Fsrs::new(Params::DEFAULT, 0.9),
            cards: HashMap::new(),
            seed,
        }
    }

    /// A number in [0, 1) for the `answers`-th answer of `card`, the
    /// `what`-th draw of it.
    fn draw(&self, card: i64, answers: u64, what: u64) -> f64 {
        let mut z = self.seed ^ (card as u64).rotate_left(20) ^ answers.rotate_left(42) ^ what;
        for _ in 0..2 {
            z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
        }
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Answers `card` on `day` with one of FSRS's four keys: a new card
    /// again 25%, hard 10%, good 55%, easy 10%; a card seen before is
    /// recalled with the probability its memory gives, and then hard 15%,
    /// good 75%, easy 10%, else again.
    fn answer(&mut self, card: i64, day: Day) -> Answer {
        let seen = self.cards.get(&card).copied();
        let answers = seen.map_or(0, |s| s.answers);
        let (draw, how) = (self.draw(card, answers, 1), self.draw(card, answers, 2));
        let elapsed = seen.map_or(0, |s| u32::try_from(day - s.last).unwrap_or(0));
        let (rating, recalled) = match seen {
            None => {
                let rating = match draw {
                    d if d < 0.25 => Rating::Again,
                    d if d < 0.35 => Rating::Hard,
                    d if d < 0.90 => Rating::Good,
                    _ => Rating::Easy,
                };
                (rating, None)
            }
            Some(s) => {
                let recalled =
                    draw < f64::from(self.memory.recall_after(s.memory.stability, elapsed));
                let rating = match (recalled, how) {
                    (false, _) => Rating::Again,
                    (true, h) if h < 0.15 => Rating::Hard,
                    (true, h) if h < 0.90 => Rating::Good,
                    (true, _) => Rating::Easy,
                };
                (rating, (elapsed > 0).then_some(recalled))
            }
        };
        let memory = self
            .memory
            .next(seen.map(|s| s.memory), rating.grade(), elapsed);
        self.cards.insert(
            card,
            Seen {
                memory,
                last: day,
                answers: answers + 1,
            },
        );
        Answer {
            key: rating as u8,
            recalled,
        }
    }
}

fn print_table(variants: &[Variant], outcomes: &[Outcome]) {
    print!("| |");
    for v in variants {
        print!(" {} |", v.name);
    }
    println!();
    print!("| --- |");
    for _ in variants {
        print!(" ---: |");
    }
    println!();
    let row = |label: &str, f: &dyn Fn(&Outcome) -> String| {
        print!("| {label} |");
        for o in outcomes {
            print!(" {} |", f(o));
        }
        println!();
    };
    let first = &outcomes[0];
    let total = |o: &Outcome| o.reviews.iter().map(|&r| u64::from(r)).sum::<u64>();
    let retention = |o: &Outcome| 100.0 * o.recalled as f64 / o.reviewed.max(1) as f64;
    row("busiest day / mean of its fortnight", &|o| {
        format!("{:.2}", local_peak(&o.reviews))
    });
    row("standard deviation from the fortnight's mean", &|o| {
        format!("{:.1}", local_deviation(&o.reviews))
    });
    row("busiest day / mean day of the whole run", &|o| {
        format!("{:.2}", peak(&o.reviews))
    });
    row("standard deviation of daily reviews", &|o| {
        format!("{:.1}", deviation(&o.reviews))
    });
    row("retention", &|o| {
        let points = retention(o) - retention(first);
        if std::ptr::eq(o, first) {
            format!("{:.2}%", retention(o))
        } else {
            format!("{:.2}% ({points:+.2} points)", retention(o))
        }
    });
    row("total reviews", &|o| {
        let change = 100.0 * (total(o) as f64 / total(first).max(1) as f64 - 1.0);
        if std::ptr::eq(o, first) {
            total(o).to_string()
        } else {
            format!("{} ({change:+.1}%)", total(o))
        }
    });
    row("reviews on Saturdays and Sundays", &|o| {
        let weekend: u64 = o
            .reviews
            .iter()
            .enumerate()
            .filter(|&(day, _)| {
                let weekday = recall::clock::weekday(FIRST_DAY + day as Day);
                matches!(weekday, Weekday::Sat | Weekday::Sun)
            })
            .map(|(_, &r)| u64::from(r))
            .sum();
        format!("{:.1}%", 100.0 * weekend as f64 / total(o).max(1) as f64)
    });
    row("grades that moved a due day", &|o| {
        let later = o.offsets.iter().filter(|&&d| d > 0).count();
        let mean =
            o.offsets.iter().map(|&d| f64::from(d)).sum::<f64>() / o.offsets.len().max(1) as f64;
        if o.offsets.is_empty() {
            "none".into()
        } else {
            format!(
                "{:.0}%, {:.0}% of them later, {mean:+.1} days on average",
                100.0 * o.offsets.len() as f64 / o.placed.max(1) as f64,
                100.0 * later as f64 / o.offsets.len() as f64
            )
        }
    });
    row("grades, repeats included", &|o| o.grades.to_string());
    row("due cards that waited for the daily limit", &|o| {
        o.waited.to_string()
    });
}

/// The days a day's reviews are weighed against: the fortnight around it,
/// 7 days on each side, which follows the year's trend (the new cards run
/// out, the intervals grow) but not one day's spike.
const SIDE: usize = 7;

/// Each day's reviews over the mean of the fortnight around it, for the
/// days that have a whole fortnight around them.
fn against_fortnight(xs: &[u32]) -> impl Iterator<Item = (f64, f64)> + '_ {
    (SIDE..xs.len().saturating_sub(SIDE)).map(|day| {
        let around = mean(&xs[day - SIDE..=day + SIDE]);
        (f64::from(xs[day]), around)
    })
}

fn local_peak(xs: &[u32]) -> f64 {
    against_fortnight(xs)
        .filter(|&(_, around)| around > 0.0)
        .map(|(x, around)| x / around)
        .fold(0.0, f64::max)
}

fn local_deviation(xs: &[u32]) -> f64 {
    let squares: Vec<f64> = against_fortnight(xs)
        .map(|(x, m)| (x - m).powi(2))
        .collect();
    (squares.iter().sum::<f64>() / squares.len().max(1) as f64).sqrt()
}

fn mean(xs: &[u32]) -> f64 {
    xs.iter().map(|&x| f64::from(x)).sum::<f64>() / xs.len().max(1) as f64
}

fn peak(xs: &[u32]) -> f64 {
    f64::from(xs.iter().copied().max().unwrap_or(0)) / mean(xs).max(f64::MIN_POSITIVE)
}

fn deviation(xs: &[u32]) -> f64 {
    let m = mean(xs);
    (xs.iter().map(|&x| (f64::from(x) - m).powi(2)).sum::<f64>() / xs.len().max(1) as f64).sqrt()
}
