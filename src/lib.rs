//! `recall`: spaced repetition for cards generated from Markdown notes.
//!
//! Layers, from the outside in (DESIGN.md §9): `cli` and `commands` parse and
//! dispatch; they drive `sync` (and later the review session and stats);
//! those stand on the pure card generator (`cards`), the pure `scheduler`
//! (which grade counts, how a log replays, a card's status; SM-2 in
//! `scheduler::sm2`), the SQLite `store`, the `clock` and the file walk
//! (`notes`).

pub mod cards;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod editor;
pub mod notes;
pub mod scheduler;
pub mod session;
pub mod settings;
pub mod stats;
pub mod store;
pub mod styled;
pub mod sync;
pub mod width;
