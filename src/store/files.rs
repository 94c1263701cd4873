//! The notes files seen at the last sync, which let a sync skip files whose
//! size and modification time did not change, and the generator options
//! they were read with (`meta`).

use rusqlite::params;

use super::{Result, Store, Writer};

/// What a file looked like when it was last read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState {
    pub size: u64,
    pub mtime_ns: i64,
    pub hash: u64,
}

impl Store {
    /// Every file seen at the last sync, sorted by deck name as Rust
    /// orders strings.
    pub fn file_states(&self) -> Result<Vec<(String, FileState)>> {
        self.at(|| {
            let mut stmt = self
                .conn
                .prepare("SELECT deck, size, mtime_ns, hash FROM files ORDER BY deck")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    FileState {
                        size: r.get::<_, i64>(1)? as u64,
                        mtime_ns: r.get(2)?,
                        hash: r.get::<_, i64>(3)? as u64,
                    },
                ))
            })?;
            let mut states: Vec<(String, FileState)> = rows.collect::<rusqlite::Result<_>>()?;
            // SQLite sorts by bytes, as Rust does; sorting again costs little
            // on sorted input and keeps a sync's merge with the walk exact.
            states.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            Ok(states)
        })
    }
}

impl Store {
    /// A value of the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.at(|| {
            use rusqlite::OptionalExtension;
            Ok(self
                .conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()?)
        })
    }
}

impl Writer<'_> {
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.at(|| {
            Ok(self
                .tx
                .execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                    params![key, value],
                )
                .map(|_| ())?)
        })
    }

    pub fn save_file(&self, deck: &str, state: FileState) -> Result<()> {
        self.at(|| {
            Ok(self.tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO files (deck, size, mtime_ns, hash) VALUES (?1, ?2, ?3, ?4)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        deck,
                        state.size as i64,
                        state.mtime_ns,
                        state.hash as i64
                    ])
                })
                .map(|_| ())?)
        })
    }

    pub fn forget_file(&self, deck: &str) -> Result<()> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached("DELETE FROM files WHERE deck = ?1")
                .and_then(|mut s| s.execute([deck]))
                .map(|_| ())?)
        })
    }
}
