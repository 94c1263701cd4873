//! Writes a deterministic collection of realistic notes for benchmarks:
//! `cargo run --release --example gen-notes -- [--cards N] [--files F] [--seed S] DIR`.
//! Defaults: 100,000 cards in N/20 files, a fixed seed. The same arguments
//! always give byte-for-byte the same files.

#[path = "common/notes_gen.rs"]
mod notes_gen;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use notes_gen::GenOptions;

const USAGE: &str = "usage: gen-notes [--cards N] [--files F] [--seed S] DIR";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-notes: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut cards = 100_000usize;
    let mut files = None;
    let mut seed = notes_gen::DEFAULT_SEED;
    let mut dir = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value"))
                .and_then(|v| {
                    v.parse::<u64>()
                        .map_err(|_| format!("{name} {v:?} is not a whole number"))
                })
        };
        match arg.as_str() {
            "--cards" => cards = value("--cards")? as usize,
            "--files" => files = Some(value("--files")? as usize),
            "--seed" => seed = value("--seed")?,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            other if dir.is_none() => dir = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    let dir = dir.ok_or("the output folder DIR is missing")?;
    let mut options = GenOptions::new(cards);
    options.seed = seed;
    if let Some(files) = files {
        if files == 0 {
            return Err("--files must be at least 1".into());
        }
        options.files = files;
    }
    let started = Instant::now();
    let summary = notes_gen::generate(&dir, options)
        .map_err(|e| format!("cannot write notes under {}: {e}", dir.display()))?;
    println!(
        "wrote {} files, {} cards, {} bytes under {} in {:.1}s (seed {seed})",
        summary.files,
        summary.cards,
        summary.bytes,
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
