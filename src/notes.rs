//! Finding and reading notes files on disk: the walk over the notes root
//! (sorted, loop-safe) and reading one file as UTF-8 text.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

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
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if meta.is_file() {
        let name = root.file_name().map(PathBuf::from).unwrap_or_default();
        files.push(NoteFile::new(root.to_path_buf(), deck_name(&name), &meta));
        return Ok((files, errors));
    }
    let mut seen = HashSet::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        if let Ok(real) = fs::canonicalize(&dir)
            && !seen.insert(real)
        {
            errors.push(FileError {
                path: dir,
                message: "symlink loop, folder already visited; skipped".into(),
            });
            continue;
        }
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                errors.push(FileError {
                    path: dir,
                    message: format!("cannot list folder: {}", plain(&e)),
                });
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            // One stat per entry (not following links), which also gives the
            // size and time a sync needs; only symlinks are stat'ed again.
            let is_md = path.extension().is_some_and(|e| e == "md");
            let meta = match entry.metadata() {
                Ok(m) if m.file_type().is_symlink() => fs::metadata(&path),
                Ok(m) if m.is_dir() => {
                    pending.push(path);
                    continue;
                }
                Ok(_) if !is_md => continue,
                other => other,
            };
            match meta {
                Ok(m) if m.is_dir() => pending.push(path),
                Ok(m) if is_md => {
                    let relative = path.strip_prefix(root).unwrap_or(&path);
                    let deck = deck_name(relative);
                    files.push(NoteFile::new(path, deck, &m));
                }
                Ok(_) => {}
                Err(e) => {
                    if is_md || path.is_symlink() {
                        errors.push(FileError {
                            path,
                            message: format!("cannot read: {}", plain(&e)),
                        });
                    }
                }
            }
        }
    }
    files.sort_by(|a, b| a.deck.cmp(&b.deck));
    Ok((files, errors))
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
