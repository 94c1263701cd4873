//! The shared journal (docs/design.md §10): the append-only files through
//! which devices share their grades, suspends and card renames. This is its
//! pure core: callers hand it bytes and events and get values back; it does
//! no I/O, reads no clock and knows no database.
//!
//! - `event`: the line format (one compact JSON object per line, a version,
//!   a globally unique event id, cards named by a hash of deck and key),
//!   `encode` and `decode_line`.
//! - `file`: which files in the shared folder are journals and whose
//!   (conflict copies of sync tools included), and `read_from`, which reads
//!   a file's complete lines from where the last read stopped.
//! - `merge`: the union of every device's events, per card: its grades less
//!   the undone ones in replay's order, its suspended mark, and where old
//!   names lead.

pub mod event;
pub mod file;
pub mod merge;

#[cfg(test)]
mod tests;

pub use event::{
    Body, CardName, Change, DeviceId, Event, EventId, LineError, VERSION, card_name, decode_line,
    encode, fnv1a64, second_order,
};
pub use file::{BadLine, Chunk, JournalName, Refused, file_name, journal_name, read_from};
pub use merge::{CardHistory, Merged, MergedGrade, merge};
