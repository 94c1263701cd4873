//! The SQLite store: the only module that speaks SQL. It opens and migrates
//! the database file and reads and writes rows; it knows nothing of terminals
//! or notes files.

mod blocks;
mod cards;
mod check;
mod convert;
mod deck_stats;
mod files;
mod journal;
mod practice;
mod queue;
mod replay;
mod reviews;
mod schema;
mod stats;
mod totals;
mod transfer;

use std::cell::{Cell, RefCell};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use cards::{CardFilter, CardRow, CardState, ListedCard, NewCard};
pub use check::{CardLog, Problem};
pub use files::FileState;
pub use journal::{Alias, EventBatch, EventRow, ForeignReview, NamedCard, Unjournaled};
pub use practice::{CramRow, PracticeRow, TypedFacts};
pub use queue::QueueRow;
pub use replay::StoredCard;
pub use reviews::{LoggedReview, NewReview, ReviewRow};
pub use schema::LATEST as SCHEMA_VERSION;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 64;
pub use stats::{CardFigure, DayFacts, DeckFacts, Hardest, Passed, StatsAsk, StatsFacts};
pub use transfer::{ImportedCard, ImportedPractice, ImportedReview};

/// How long a write waits for another `recall` process to finish its own,
/// unless the `busy_timeout_ms` setting says otherwise.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the database folder {}: {reason}", path.display())]
    CreateFolder { path: PathBuf, reason: String },
    #[error("cannot open the database {}: {reason}", path.display())]
    Open { path: PathBuf, reason: String },
    #[error("{} is not a SQLite database; refusing to touch it", path.display())]
    NotSqlite { path: PathBuf },
    #[error("{} is a SQLite database of another program, not recall's; refusing to touch it", path.display())]
    Foreign { path: PathBuf },
    #[error(
        "{} was written by a newer recall (schema version {found}, this binary knows up to {known}); upgrade recall to use it",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{} is read-only; recall needs to write to it (check its permissions)", path.display())]
    ReadOnly { path: PathBuf },
    // Not a `source`: the message already carries SQLite's words, and a
    // source would print them again in the error chain.
    #[error("database error in {}: {error}", path.display())]
    Sql {
        path: PathBuf,
        error: rusqlite::Error,
    },
    /// The device id kept in the database is not one recall makes.
    #[error(
        "{} keeps the device id {id:?}, which is not one recall makes (1 to 32 lowercase \
         letters or digits); nothing can be shared under it",
        path.display()
    )]
    BadDeviceId { path: PathBuf, id: String },
    /// The schedules were computed, by another recall process, with a
    /// scheduler this one does not know (a newer version's).
    #[error(
        "{} is scheduled by {fingerprint:?}, which this recall does not know; upgrade recall to use it",
        path.display()
    )]
    UnknownScheduler { path: PathBuf, fingerprint: String },
    /// A row this recall cannot read, e.g. "card 12 in data/recall.db has
    /// kind "quiz", which this recall does not know".
    #[error("card {card} in {} {what}", path.display())]
    Damaged {
        path: PathBuf,
        card: i64,
        what: String,
    },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An error inside the store before the database's path is attached, so
/// that the code reading and writing rows converts rusqlite's errors, and
/// its own, with a bare `?`. `Store::at` and `Writer::at` attach the path.
#[derive(Debug)]
enum Fault {
    Sql(rusqlite::Error),
    Damaged(convert::CardDamage),
    /// An error that already names its database.
    Store(StoreError),
}

/// What the store's row code returns.
type Faulty<T> = std::result::Result<T, Fault>;

impl From<rusqlite::Error> for Fault {
    fn from(error: rusqlite::Error) -> Fault {
        match convert::card_damage(&error) {
            Some(damage) => Fault::Damaged(convert::CardDamage {
                card: damage.card,
                what: damage.what.clone(),
            }),
            None => Fault::Sql(error),
        }
    }
}

impl From<StoreError> for Fault {
    fn from(error: StoreError) -> Fault {
        Fault::Store(error)
    }
}

impl Fault {
    fn at(self, path: &Path) -> StoreError {
        match self {
            Fault::Sql(error) => StoreError::Sql {
                path: path.to_path_buf(),
                error,
            },
            Fault::Damaged(d) => StoreError::Damaged {
                path: path.to_path_buf(),
                card: d.card,
                what: d.what,
            },
            Fault::Store(error) => error,
        }
    }
}

/// An open, migrated database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to
    /// the current schema. A file that is not SQLite, another program's
    /// database, or one from a newer `recall` is refused before anything is
    /// written to it. A write waits up to [`BUSY_TIMEOUT`] for another
    /// process's.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_waiting(path, BUSY_TIMEOUT)
    }

    /// [`Store::open`], with writes waiting up to `busy_timeout` for another
    /// process's before failing as locked.
    pub fn open_waiting(path: &Path, busy_timeout: Duration) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| StoreError::CreateFolder {
                path: parent.to_path_buf(),
                reason: crate::notes::plain(&e),
            })?;
        }
        if check_header(path)? == Found::Unsure {
            // Look first through a read-only connection: closing a writable
            // one may checkpoint a leftover WAL into a file we then refuse.
            Store::connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY, busy_timeout)?
                .check_ownership()?;
        }
        let store = Store::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            busy_timeout,
        )?;
        store.check_ownership()?;
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// A connection to `path` opened with `flags`, waiting for other
    /// processes' locks up to `busy_timeout`.
    fn connect(path: &Path, flags: OpenFlags, busy_timeout: Duration) -> Result<Store> {
        let open_error = |e: rusqlite::Error| StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(open_error)?;
        // SQLite counts the wait in an `int` of milliseconds; rusqlite
        // panics on a longer one.
        let busy_timeout = busy_timeout.min(Duration::from_millis(i32::MAX as u64));
        conn.busy_timeout(busy_timeout).map_err(open_error)?;
        // A merge runs some twenty statements per card in turn; rusqlite's
        // default cache of 16 would parse them again for every card.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Where the database lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self, error: rusqlite::Error) -> StoreError {
        StoreError::Sql {
            path: self.path.clone(),
            error,
        }
    }

    /// Runs `f`, naming this database in any error it gives.
    fn at<T>(&self, f: impl FnOnce() -> Faulty<T>) -> Result<T> {
        f().map_err(|fault| fault.at(&self.path))
    }

    fn version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.not_sqlite_or(e))
    }

    /// SQLite reports a non-database file only when it first reads it.
    fn not_sqlite_or(&self, e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotSqlite {
                path: self.path.clone(),
            },
            _ => self.sql(e),
        }
    }

    fn check_ownership(&self) -> Result<()> {
        let version = self.version()?;
        let app_id: i64 = self
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| self.sql(e))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| self.sql(e))?;
        judge(&self.path, app_id, version, tables == 0)
    }

    /// Runs `f` with SQLite's page cache raised to `kib` KiB, then sets it
    /// back. A merge of many events walks several large tables and indexes
    /// in step; with SQLite's default 2 MiB, pages it will soon write again
    /// are spilled to the log and read back (docs/design.md §10).
    pub fn with_cache<T>(&self, kib: u32, f: impl FnOnce() -> T) -> T {
        let before: Option<i64> = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .ok();
        let _ = self.conn.pragma_update(None, "cache_size", -i64::from(kib));
        let value = f();
        if let Some(before) = before {
            let _ = self.conn.pragma_update(None, "cache_size", before);
        }
        value
    }

    fn configure(&self) -> Result<()> {
        self.conn
            .execute_batch(
                // The page size applies only to a new database (it must come
                // before WAL mode). 16 KiB pages make a first sync of 100,000
                // cards about a tenth faster than SQLite's 4 KiB: fewer page
                // splits and a fifth as many write calls (examples/bench.rs).
                "PRAGMA page_size = 16384;
                 PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;
                 -- Statement journals stay in memory: on disk, a sync's
                 -- updates wrote one page to a temporary file per page changed.
                 PRAGMA temp_store = MEMORY;",
            )
            .map_err(|e| self.sql(e))
    }

    fn migrate(&self) -> Result<()> {
        let from = self.version()?;
        if from == schema::LATEST {
            return Ok(());
        }
        if from > 0 {
            self.backup(from)?;
        }
        let tx = self.conn.unchecked_transaction().map_err(|e| self.sql(e))?;
        // Another process may have migrated while we waited for the lock.
        let from: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.sql(e))?;
        for step in &schema::MIGRATIONS[from as usize..] {
            tx.execute_batch(step).map_err(|e| self.sql(e))?;
        }
        tx.pragma_update(None, "user_version", schema::LATEST)
            .map_err(|e| self.sql(e))?;
        tx.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .map_err(|e| self.sql(e))?;
        tx.commit().map_err(|e| self.sql(e))
    }

    /// An empty database in memory, for runs that must write nothing to
    /// disk (`sync --dry-run` before any database exists).
    pub fn open_in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| StoreError::Open {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let store = Store { conn, path };
        store.migrate()?;
        Ok(store)
    }

    /// Copies the database to `<file>.bak-v<version>` before a migration.
    fn backup(&self, version: i64) -> Result<()> {
        let mut target = self.path.clone().into_os_string();
        target.push(format!(".bak-v{version}"));
        let target = PathBuf::from(target);
        if target.exists() {
            return Ok(());
        }
        self.conn
            .execute("VACUUM INTO ?1", [target.to_string_lossy()])
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// Runs `f` in one write transaction, taken at once (`BEGIN IMMEDIATE`)
    /// so that two processes never both read, then both try to write. Reads
    /// through `self` inside `f` see the transaction: a sync plans and
    /// applies under one lock. Nested calls are not allowed.
    /// An error from `f` rolls everything back.
    pub fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Writer<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| self.sql(e))?;
        let writer = Writer {
            tx: &tx,
            path: &self.path,
            inserts: RefCell::default(),
            naming: Cell::new(None),
            days: RefCell::default(),
        };
        let value = f(&writer)?;
        writer.write_days().map_err(|fault| fault.at(&self.path))?;
        drop(writer);
        tx.commit().map_err(|e| self.sql(e))?;
        Ok(value)
    }
}

/// Write access inside one transaction.
pub struct Writer<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    path: &'a Path,
    /// The statements that insert new cards, prepared on first use and kept:
    /// a first sync runs them for every card of the collection.
    inserts: RefCell<Option<cards::Inserts<'a>>>,
    /// Whether cards carry their journal name, read on first use: only a
    /// database with a device id, one that has exchanged through a shared
    /// folder (docs/design.md §10), names them, so a database that never
    /// shares pays nothing for names.
    naming: Cell<Option<bool>>,
    /// The days' review totals this transaction changed (`totals`).
    days: RefCell<std::collections::BTreeMap<crate::scheduler::Day, totals::DayDelta>>,
}

impl Writer<'_> {
    /// The database this transaction writes.
    pub fn path(&self) -> &Path {
        self.path
    }

    /// Runs `f`, naming this database in any error it gives.
    fn at<T>(&self, f: impl FnOnce() -> Faulty<T>) -> Result<T> {
        f().map_err(|fault| fault.at(self.path))
    }
}

/// What `check_header` found at a database path.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// No file, or an empty one: SQLite makes a new database there.
    Nothing,
    /// A database whose own header says it is recall's, and not newer.
    Ours,
    /// A database only SQLite can judge: writes are pending beside it, or
    /// its header is not one SQLite wrote.
    Unsure,
}

/// Refuses a non-empty file that does not start with SQLite's magic header,
/// an existing file we may not write, and one whose header says it is
/// another program's or a newer recall's, before SQLite gets a chance to
/// touch it (even a read-only look at a WAL database leaves an empty `-wal`
/// and a `-shm` behind).
fn check_header(path: &Path) -> Result<Found> {
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: crate::notes::plain(&e),
            });
        }
    };
    // SQLite's 100-byte database header, then the header of the schema
    // table's first page.
    let mut header = [0u8; 108];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => {
                return Err(StoreError::Open {
                    path: path.to_path_buf(),
                    reason: crate::notes::plain(&e),
                });
            }
        }
    }
    if read == 0 {
        return Ok(Found::Nothing);
    }
    if read < 16 || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    check_writable(path)?;
    // Writes pending in a WAL or a hot journal may change the header.
    if has_content(&side_file(path, "-wal"))? || has_content(&side_file(path, "-journal"))? {
        return Ok(Found::Unsure);
    }
    match header_fields(&header[..read]) {
        Some((app_id, version, empty)) => {
            judge(path, app_id, version, empty)?;
            Ok(Found::Ours)
        }
        None => Ok(Found::Unsure),
    }
}

/// The application id, the user version and whether the schema is empty,
/// from the start of a database file, if SQLite could have written it
/// (https://sqlite.org/fileformat.html: the payload fractions are fixed, the
/// page size a power of two, the first page a table b-tree).
fn header_fields(header: &[u8]) -> Option<(i64, i64, bool)> {
    let header: &[u8; 108] = header.try_into().ok()?;
    let be32 = |at: usize| {
        let bytes = [header[at], header[at + 1], header[at + 2], header[at + 3]];
        i64::from(i32::from_be_bytes(bytes))
    };
    let page_size = u16::from_be_bytes([header[16], header[17]]);
    let well_formed = (page_size == 1 || (page_size >= 512 && page_size.is_power_of_two()))
        && matches!(header[18], 1 | 2)
        && matches!(header[19], 1 | 2)
        && header[21..24] == [64, 32, 32];
    let cells = u16::from_be_bytes([header[103], header[104]]);
    let empty = match header[100] {
        0x0d => cells == 0,
        0x05 => false,
        _ => return None,
    };
    well_formed.then_some((be32(68), be32(60), empty))
}

/// Refuses a database that is neither recall's nor empty, or that a newer
/// recall wrote.
fn judge(path: &Path, app_id: i64, version: i64, empty: bool) -> Result<()> {
    if !(app_id == schema::APPLICATION_ID || (app_id == 0 && empty)) {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
        });
    }
    if version > schema::LATEST {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: schema::LATEST,
        });
    }
    Ok(())
}

/// `<database>-wal` and the like: SQLite's files beside the database.
fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the file exists and is not empty.
fn has_content(path: &Path) -> Result<bool> {
    match fs::metadata(path) {
        Ok(meta) => Ok(meta.len() > 0),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(StoreError::Open {
            path: path.to_path_buf(),
            reason: crate::notes::plain(&e),
        }),
    }
}

/// Refuses a database file we may not write. SQLite would open it read-only
/// and leave `-wal` and `-shm` files behind with the file's permissions, and
/// those keep the database read-only even once the file is writable again.
fn check_writable(path: &Path) -> Result<()> {
    use std::io::ErrorKind;
    match fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => Ok(()),
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            })
        }
        Err(e) => Err(StoreError::Open {
            path: path.to_path_buf(),
            reason: crate::notes::plain(&e),
        }),
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
