//! `recall`: spaced repetition for cards generated from Markdown notes.
//!
//! Layers, from the outside in (docs/design.md §9): `main.rs` parses the
//! command line (`cli`), resolves the `settings` into one context and hands
//! it to one of the `commands`; those drive the review `session`, `sync` and
//! `stats`; everything stands on the pure card generator (`cards`), the pure
//! `scheduler` (which grade counts, how a log replays, a card's status; SM-2
//! in `scheduler::sm2`) and the SQLite `store`, which `grading` joins
//! (recording, undo, import's rebuild, `check`), and the pure core of the
//! shared `journal` (§10: format, file reading, merge), with small helpers
//! for the `clock`, the notes walk (`notes`), the `editor`, Markdown on a
//! terminal (`styled`, and a card's lead and details in `block_view`) and
//! display `width`.

pub mod answer;
pub mod block_view;
pub mod cards;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod editor;
pub mod exchange;
pub mod grading;
pub mod journal;
pub mod lint;
pub mod notes;
pub mod scheduler;
pub mod session;
pub mod settings;
pub mod stats;
pub mod store;
pub mod styled;
pub mod sync;
pub mod width;
