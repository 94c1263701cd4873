//! The command-line tests: one test binary that drives the real `recall`
//! binary, every module a part of the product (docs/design.md names them).
//! One binary rather than one per file, so the suite links once.

mod support;

mod bad_input;
mod cards;
mod concurrency;
mod crash;
mod edit;
mod hermetic;
mod pipes;
mod preview;
mod review;
mod settings;
mod stats;
mod sync;
mod transfer;
