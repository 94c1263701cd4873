//! Finding and reading notes files on disk: the walk over the notes root
//! (sorted, loop-safe) and reading one file as UTF-8 text.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use crate::cards::deck_name;

/// A notes file found under the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteFile {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its deck name (path under the root, `/` separated, no `.md`).
    pub deck: String,
    /// Size and modification time (nanoseconds since the Unix epoch) as the
    /// walk saw them: what tells a sync the file is unchanged.
    pub size: u64,
    pub mtime_ns: i64,
}

impl NoteFile {
    fn new(path: PathBuf, deck: String, meta: &fs::Metadata) -> NoteFile {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i64);
        NoteFile {
            path,
            deck,
            size: meta.len(),
            mtime_ns,
        }
    }
}

/// A problem with one path, worded for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Checks that the notes root is a folder or a `.md` file, with a sentence
/// naming it when not.
pub fn check_root(root: &Path) -> Result<fs::Metadata, String> {
    let meta = fs::metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound if root.extension().is_some_and(|e| e == "md") => {
            format!("notes file {} does not exist", root.display())
        }
        std::io::ErrorKind::NotFound => {
            format!("notes folder {} does not exist", root.display())
        }
        _ => format!("cannot open notes folder {}: {}", root.display(), plain(&e)),
    })?;
    if meta.is_file() && root.extension().is_none_or(|e| e != "md") {
        return Err(format!(
            "notes folder {} is a file, not a folder (a single notes file must end in .md)",
            root.display()
        ));
    }
    Ok(meta)
}

/// The `.md` files under `root` (or `root` itself when it is a file), sorted
/// by deck name. Directories that cannot be listed and symlink loops are
/// reported and skipped; the walk goes on.
pub fn find(root: &Path) -> Result<(Vec<NoteFile>, Vec<FileError>), String> {
    let meta = check_root(root)?;
    if meta.is_file() {
        let name = root.file_name().map(PathBuf::from).unwrap_or_default();
        let file = NoteFile::new(root.to_path_buf(), deck_name(&name), &meta);
        return Ok((vec![file], Vec::new()));
    }
    let walk = Walk {
        root,
        state: Mutex::new(WalkState {
            pending: vec![root.to_path_buf()],
            ..WalkState::default()
        }),
        changed: Condvar::new(),
    };
    // A sync with nothing to read is mostly this walk's one stat per file,
    // so folders are listed on as many threads as there are cores.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    std::thread::scope(|scope| {
        for _ in 1..workers {
            scope.spawn(|| walk.work());
        }
        walk.work();
    });
    let WalkState {
        mut files,
        mut errors,
        ..
    } = walk
        .state
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    files.sort_by(|a, b| a.deck.cmp(&b.deck));
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, errors))
}

/// A walk over the notes folder shared by several threads: each takes a
/// folder still to list, lists it, and hands back its files and subfolders.
struct Walk<'r> {
    root: &'r Path,
    state: Mutex<WalkState>,
    /// Signalled when folders are added or a thread finishes one.
    changed: Condvar,
}

#[derive(Default)]
struct WalkState {
    pending: Vec<PathBuf>,
    /// Folders being listed: the walk is over when none is left either way.
    busy: usize,
    /// Real paths of the folders listed, so a symlink loop is listed once.
    seen: HashSet<PathBuf>,
    files: Vec<NoteFile>,
    errors: Vec<FileError>,
}

/// What listing one folder found.
#[derive(Default)]
struct Listing {
    files: Vec<NoteFile>,
    folders: Vec<PathBuf>,
    errors: Vec<FileError>,
}

impl Walk<'_> {
    fn lock(&self) -> MutexGuard<'_, WalkState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn work(&self) {
        loop {
            let dir = {
                let mut state = self.lock();
                loop {
                    if let Some(dir) = state.pending.pop() {
                        state.busy += 1;
                        break dir;
                    }
                    if state.busy == 0 {
                        return;
                    }
                    state = self
                        .changed
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            };
            let real = fs::canonicalize(&dir).ok();
            let first_visit = real.is_none_or(|real| self.lock().seen.insert(real));
            let listing = if first_visit {
                list(self.root, dir)
            } else {
                Listing {
                    errors: vec![FileError {
                        path: dir,
                        message: "symlink loop, folder already visited; skipped".into(),
                    }],
                    ..Listing::default()
                }
            };
            let mut state = self.lock();
            state.files.extend(listing.files);
            state.errors.extend(listing.errors);
            state.pending.extend(listing.folders);
            state.busy -= 1;
            self.changed.notify_all();
        }
    }
}

/// The notes files and subfolders of one folder.
fn list(root: &Path, dir: PathBuf) -> Listing {
    let mut found = Listing::default();
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            found.errors.push(FileError {
                path: dir,
                message: format!("cannot list folder: {}", plain(&e)),
            });
            return found;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let is_md = path.extension().is_some_and(|e| e == "md");
        // The listing tells folders and plain files apart without a stat;
        // a notes file is stat'ed once, for the size and time a sync needs,
        // and a symlink once more, to follow it.
        let meta = match entry.file_type() {
            Ok(t) if t.is_dir() => {
                found.folders.push(path);
                continue;
            }
            Ok(t) if t.is_symlink() => fs::metadata(&path),
            Ok(_) if !is_md => continue,
            _ => entry.metadata(),
        };
        match meta {
            Ok(m) if m.is_dir() => found.folders.push(path),
            Ok(m) if is_md && m.is_file() => {
                let relative = path.strip_prefix(root).unwrap_or(&path);
                let deck = deck_name(relative);
                found.files.push(NoteFile::new(path, deck, &m));
            }
            Ok(_) => {}
            Err(e) => {
                if is_md || path.is_symlink() {
                    found.errors.push(FileError {
                        path,
                        message: format!("cannot read: {}", plain(&e)),
                    });
                }
            }
        }
    }
    found
}

/// Reads a notes file as text. Not UTF-8, or binary (NUL bytes), is an error.
pub fn read(path: &Path) -> Result<String, FileError> {
    let fail = |message: String| FileError {
        path: path.to_path_buf(),
        message,
    };
    let bytes = fs::read(path).map_err(|e| fail(format!("cannot read: {}", plain(&e))))?;
    decode(bytes).map_err(fail)
}

/// Bytes of a notes file as text.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.contains(&0) {
        return Err("looks binary (contains NUL bytes), not a Markdown file".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not valid UTF-8 (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// An I/O error's message without the "(os error N)" suffix.
pub fn plain(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// A stable 64-bit hash of a file's bytes (FNV-1a), to tell a touched file
/// from an edited one. Stable across versions, unlike `std`'s hasher.
pub fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The notes file a deck comes from: `root/<deck>.md`, or `root` itself when
/// the notes root is a single file.
pub fn source_path(root: &Path, deck: &str) -> PathBuf {
    if root.is_file() {
        root.to_path_buf()
    } else {
        root.join(format!("{deck}.md"))
    }
}
