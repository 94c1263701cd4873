//! `recall`: spaced repetition for cards generated from Markdown notes.
//!
//! Layers, from the outside in (DESIGN.md §9): `cli` and `commands` parse and
//! dispatch; they drive `sync` (and later the review session and stats);
//! those stand on the pure card generator (`cards`), the pure SM-2 scheduler
//! (`sm2`), the SQLite `store`, the `clock` and the file walk (`notes`).

pub mod cards;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod editor;
pub mod notes;
pub mod session;
pub mod settings;
pub mod sm2;
pub mod stats;
pub mod store;
pub mod styled;
pub mod sync;
pub mod width;
