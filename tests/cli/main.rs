//! The command-line tests: the real `recall` binary driven end to end, one
//! module per part of the product, all in one test binary so that the suite
//! compiles and links once. Every test starts `recall` through
//! `support::recall_command`, which keeps the machine's own settings, database
//! and `RECALL_*` variables out (`hermetic` proves it). One part alone:
//! `cargo test --test cli sync::`.

mod support;

mod answers;
mod backups;
mod bad_input;
mod cards;
mod concurrency;
mod crash;
mod devices;
mod edit;
mod fsrs;
mod hermetic;
mod lint;
mod pipes;
mod preview;
mod reading;
mod report;
mod review;
mod settings;
mod sm2_unchanged;
mod stats;
mod sync;
mod transfer;
mod typed;
mod vault_markdown;
mod vault_scope;
mod views;
mod workload;
mod worth;
