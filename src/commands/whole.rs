//! Output that arrives whole or not at all (docs/design.md §8). An error
//! part-way through a listing or an export (a damaged row, a full disk)
//! leaves stdout empty and a file already there as it was: never half a
//! table, never half a backup.
//!
//! - stdout redirected to a file (`> cards.jsonl`) is written in place and,
//!   if the output is abandoned, cut back to what the file held before;
//! - any other stdout (a pipe, a terminal) gets the output only once it is
//!   complete: it is held meanwhile, in memory, then in a temporary file
//!   once it grows past a few MiB;
//! - `-o FILE` is written to a temporary file beside it, which takes its
//!   name at the end.

use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use tempfile::{NamedTempFile, SpooledTempFile};

/// How much output is held in memory before the rest goes to a temporary
/// file: a few thousand cards, so a large collection's listing costs disk,
/// not memory.
const IN_MEMORY: usize = 4 << 20;

/// Output on its way to stdout or a file; `finish` delivers it, and
/// dropping it unfinished abandons it.
pub struct Whole {
    sink: Sink,
}

enum Sink {
    InPlace(InPlace),
    Held(SpooledTempFile),
    File { temp: NamedTempFile, path: PathBuf },
}

/// Stdout as the regular file it is, which held `from` bytes before.
struct InPlace {
    file: File,
    from: u64,
    finished: bool,
}

impl Whole {
    /// Output for stdout.
    pub fn stdout() -> Whole {
        let sink = match redirected() {
            Some((file, from)) => Sink::InPlace(InPlace {
                file,
                from,
                finished: false,
            }),
            None => Sink::Held(SpooledTempFile::new(IN_MEMORY)),
        };
        Whole { sink }
    }

    /// Output for the file at `path`, made in its folder so that the file
    /// is replaced in one step.
    pub fn file(path: &Path) -> anyhow::Result<Whole> {
        // A link is followed, so that the file it names is the one
        // replaced and the link stays; an existing file's permissions are
        // kept (a backup kept private stays private).
        let (path, existing) = match fs::canonicalize(path) {
            Ok(target) => {
                let permissions = fs::metadata(&target).ok().map(|m| m.permissions());
                (target, permissions)
            }
            Err(_) => (path.to_path_buf(), None),
        };
        let path = path.as_path();
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".recall-").suffix(".partial");
        // As a file made by `File::create`: readable by others unless the
        // umask says otherwise (a temporary file is private by default).
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        // The temporary file's error names the temporary file; the learner
        // named the other.
        let temp = builder.tempfile_in(folder).map_err(|e| {
            let why = match e.kind() {
                io::ErrorKind::NotFound => format!("{} does not exist", folder.display()),
                kind => io::Error::from(kind).to_string(),
            };
            anyhow::anyhow!("cannot write {}: {why}", path.display())
        })?;
        if let Some(permissions) = existing {
            fs::set_permissions(temp.path(), permissions)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(Whole {
            sink: Sink::File {
                temp,
                path: path.to_path_buf(),
            },
        })
    }

    /// Delivers the output, now that it is complete.
    pub fn finish(self) -> anyhow::Result<()> {
        match self.sink {
            Sink::InPlace(mut in_place) => {
                in_place.file.flush()?;
                in_place.finished = true;
            }
            Sink::Held(mut spool) => {
                spool.seek(SeekFrom::Start(0)).map_err(held)?;
                let mut out = io::stdout().lock();
                io::copy(&mut spool, &mut out)?;
                out.flush()?;
            }
            Sink::File { temp, path } => {
                let cannot = || format!("cannot write {}", path.display());
                // On disk before it takes the name: a crash then cannot
                // leave an empty file where the last export was.
                temp.as_file().sync_all().with_context(cannot)?;
                temp.persist(&path)
                    .map_err(|e| e.error)
                    .with_context(cannot)?;
            }
        }
        Ok(())
    }
}

impl Drop for InPlace {
    /// Abandoned output (a temporary file goes with its value): the file is
    /// cut back to what it held, and the offset it shares with stdout put
    /// back there, so that an error message sent to the same file (`2>&1`)
    /// lands where the output would have begun.
    fn drop(&mut self) {
        if !self.finished {
            let _ = self.file.set_len(self.from);
            let _ = self.file.seek(SeekFrom::Start(self.from));
        }
    }
}

impl Write for Whole {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::InPlace(in_place) => in_place.file.write(buf),
            Sink::Held(spool) => spool.write(buf).map_err(held),
            Sink::File { temp, path } => temp.write(buf).map_err(|e| in_file(e, path)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::InPlace(in_place) => in_place.file.flush(),
            Sink::Held(spool) => spool.flush().map_err(held),
            Sink::File { temp, path } => temp.flush().map_err(|e| in_file(e, path)),
        }
    }
}

/// Stdout as a file of its own (the same open file, so the same offset),
/// when it is a regular file, and how many bytes it held: its length, or
/// where its offset stands if beyond. A file opened for appending (`>>`)
/// keeps what it held; one opened with `>` held nothing.
#[cfg(unix)]
fn redirected() -> Option<(File, u64)> {
    use std::os::fd::AsFd;
    let mut file = File::from(io::stdout().as_fd().try_clone_to_owned().ok()?);
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let at = file.stream_position().ok()?;
    Some((file, at.max(meta.len())))
}

#[cfg(not(unix))]
fn redirected() -> Option<(File, u64)> {
    None
}

/// An error of the held output, which can only be its temporary file's:
/// said so, with where that file is made.
fn held(error: io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!(
            "cannot hold the output in a temporary file in {} ({error}); set TMPDIR to a \
             writable folder",
            std::env::temp_dir().display()
        ),
    )
}

/// An error writing the temporary file beside `path`, named by `path`.
fn in_file(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("cannot write {} ({error})", path.display()),
    )
}
