//! `recall`: spaced repetition for cards generated from Markdown notes.
//!
//! Layers, from the outside in (DESIGN.md §9): `cli` and `commands` parse and
//! dispatch; they drive the work modules; at the bottom sit the pure card
//! generator (`cards`) and the file walk (`notes`).

pub mod cards;
pub mod cli;
pub mod commands;
pub mod notes;
