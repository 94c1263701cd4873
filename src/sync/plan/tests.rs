//! Unit tests of sync planning.
