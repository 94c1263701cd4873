//! Finding and reading notes files on disk: the walk over the notes root
//! (parallel, sorted, loop-safe) within the scope of docs/design.md §13
//! (hidden names, ignore files, the `ignore` setting), why a file is out of
//! it, and reading one file as UTF-8 text.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::{Match, WalkBuilder, WalkState};

use crate::cards::{deck_name, front_matter};

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

/// The names of the files whose lines say, with git's rules, which files
/// under their folder are not notes, strongest first: where two disagree
/// about a path, `.recallignore` wins over `.ignore`, which wins over
/// `.gitignore` (as ripgrep orders its own ignore files).
pub const IGNORE_FILES: [&str; 3] = [".recallignore", ".ignore", ".gitignore"];

/// The `ignore` setting (docs/design.md §13): gitignore-style globs, relative
/// to the notes root, for files that are not study notes. Checked when it is
/// made, so a walk never meets a bad glob.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Scope {
    patterns: Vec<String>,
}

impl Scope {
    /// No globs.
    pub const EMPTY: Scope = Scope {
        patterns: Vec::new(),
    };

    /// The globs, or a sentence naming the first that is not a valid glob.
    pub fn new(patterns: Vec<String>) -> Result<Scope, String> {
        let scope = Scope { patterns };
        scope.matcher(Path::new(""))?;
        Ok(scope)
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// The globs as one matcher for paths under `root`.
    fn matcher(&self, root: &Path) -> Result<Gitignore, String> {
        let mut builder = GitignoreBuilder::new(root);
        // Git reads an unclosed `[` as itself; in a setting it is far more
        // likely a typo, so it is an error here.
        builder.allow_unclosed_class(false);
        for pattern in &self.patterns {
            builder.add_line(None, pattern).map_err(|e| {
                format!(
                    "the pattern {pattern:?} is not a valid glob ({})",
                    glob_error(&e)
                )
            })?;
        }
        builder
            .build()
            .map_err(|e| format!("the patterns cannot be used together ({})", glob_error(&e)))
    }
}

/// What is wrong with a glob, without the crate's "error parsing glob" lead.
fn glob_error(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Glob { err, .. } => err.clone(),
        other => other.to_string(),
    }
}

/// What a walk over the notes found.
#[derive(Debug, Default)]
pub struct Found {
    /// The notes files in scope, sorted by deck.
    pub files: Vec<NoteFile>,
    /// Folders that could not be listed, files that could not be followed
    /// or stat'ed, symlink loops; sorted by path.
    pub errors: Vec<FileError>,
    /// Lines of ignore files that could not be used, one sentence each.
    pub warnings: Vec<String>,
}

/// The `.md` files under `root` that are study notes (or `root` itself when
/// it is a file), sorted by deck name: hidden names are skipped, and so is
/// what the ignore files in the tree and `scope` leave out. Folders that
/// cannot be listed and symlink loops are reported and skipped; the walk
/// goes on.
pub fn find(root: &Path, scope: &Scope) -> Result<Found, String> {
    find_part(root, Path::new(""), scope)
}

/// `find`, listing only `part` of the notes root (a folder or file, given
/// relative to `root`) under the root's rules: the ignore files between the
/// root and `part` count, and `scope`'s globs stay relative to the root.
/// Decks are named as if `part` were the root: relative to it for a folder,
/// after the file itself for a file.
pub fn find_part(root: &Path, part: &Path, scope: &Scope) -> Result<Found, String> {
    let meta = check_root(root)?;
    if meta.is_file() {
        let name = root.file_name().map(PathBuf::from).unwrap_or_default();
        let file = NoteFile::new(root.to_path_buf(), deck_name(&name), &meta);
        return Ok(Found {
            files: vec![file],
            ..Found::default()
        });
    }
    let target = root.join(part);
    let base = match part.as_os_str().is_empty() || target.is_dir() {
        true => target.clone(),
        false => target.parent().map_or(target.clone(), Path::to_path_buf),
    };
    let mut walk = walker(root);
    let setting = scope.matcher(root)?;
    if !part.as_os_str().is_empty() || !scope.patterns.is_empty() {
        let (root, part) = (root.to_path_buf(), part.to_path_buf());
        walk.filter_entry(move |entry| {
            let rel = entry.path().strip_prefix(&root).unwrap_or(entry.path());
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            (part.starts_with(rel) || rel.starts_with(&part))
                && !setting.matched(entry.path(), is_dir).is_ignore()
        });
    }
    let all = Mutex::new(Found::default());
    walk.build_parallel().run(|| {
        let mut mine = Gather {
            found: Found::default(),
            into: &all,
            base: &base,
        };
        Box::new(move |entry| {
            mine.take(entry);
            WalkState::Continue
        })
    });
    let mut found = all.into_inner().unwrap_or_else(PoisonError::into_inner);
    found.files.sort_by(|a, b| a.deck.cmp(&b.deck));
    found.errors.sort_by(|a, b| a.path.cmp(&b.path));
    found.warnings.sort();
    found.warnings.dedup();
    Ok(found)
}

/// The walker every notes walk starts from. What decides a notes folder's
/// scope is inside it: `parents(false)` reads no ignore file above the root,
/// `git_global(false)` not the user's global gitignore and
/// `git_exclude(false)` not `.git/info/exclude`, so the same folder gives
/// the same cards wherever it sits; `require_git(false)` honours a
/// `.gitignore` in a folder that is not a repository.
fn walker(root: &Path) -> WalkBuilder {
    // A sync with nothing to read is mostly this walk's one stat per file,
    // so folders are listed on as many threads as there are cores.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let mut walk = WalkBuilder::new(root);
    walk.hidden(true)
        .parents(false)
        .ignore(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .add_custom_ignore_filename(IGNORE_FILES[0])
        .follow_links(true)
        .threads(threads);
    walk
}

/// One walking thread's finds, handed over when the thread is done.
struct Gather<'a> {
    found: Found,
    into: &'a Mutex<Found>,
    /// The folder deck names are relative to.
    base: &'a Path,
}

impl Gather<'_> {
    fn take(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => return self.found.errors.push(walk_error(e)),
        };
        if let Some(e) = entry.error() {
            ignore_file_warnings(e, None, None, &mut self.found.warnings);
        }
        let path = entry.path();
        // The walk tells folders and plain files apart without a stat (and
        // has followed a symlink already); a notes file is stat'ed once,
        // for the size and time a sync needs.
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if entry.depth() == 0 || !is_file || path.extension().is_none_or(|e| e != "md") {
            return;
        }
        match entry.metadata() {
            Ok(meta) => {
                let deck = deck_name(path.strip_prefix(self.base).unwrap_or(path));
                self.found
                    .files
                    .push(NoteFile::new(path.to_path_buf(), deck, &meta));
            }
            Err(e) => self.found.errors.push(walk_error(e)),
        }
    }
}

impl Drop for Gather<'_> {
    fn drop(&mut self) {
        let mine = std::mem::take(&mut self.found);
        let mut all = self.into.lock().unwrap_or_else(PoisonError::into_inner);
        all.files.extend(mine.files);
        all.errors.extend(mine.errors);
        all.warnings.extend(mine.warnings);
    }
}

/// A walk error worded for the user, naming the path at fault.
fn walk_error(mut e: ignore::Error) -> FileError {
    let mut path = PathBuf::new();
    loop {
        e = match e {
            ignore::Error::WithPath { path: p, err } => {
                if path.as_os_str().is_empty() {
                    path = p;
                }
                *err
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                *err
            }
            ignore::Error::Partial(mut errs) if !errs.is_empty() => errs.swap_remove(0),
            ignore::Error::Loop { child, .. } => {
                return FileError {
                    path: child,
                    message: "symlink loop, folder already visited; skipped".into(),
                };
            }
            ignore::Error::Io(io) => {
                let what = match fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                    true => "cannot list folder",
                    false => "cannot read",
                };
                return FileError {
                    message: format!("{what}: {}", plain(&io)),
                    path,
                };
            }
            other => {
                return FileError {
                    path,
                    message: other.to_string(),
                };
            }
        }
    }
}

/// One sentence per problem an ignore file had: a line that is not a valid
/// glob is left out, an unreadable file counts as empty.
fn ignore_file_warnings(
    e: &ignore::Error,
    path: Option<&Path>,
    line: Option<u64>,
    out: &mut Vec<String>,
) {
    match e {
        ignore::Error::Partial(errs) => {
            for e in errs {
                ignore_file_warnings(e, path, line, out);
            }
        }
        ignore::Error::WithPath { path, err } => ignore_file_warnings(err, Some(path), line, out),
        ignore::Error::WithLineNumber { line, err } => {
            ignore_file_warnings(err, path, Some(*line), out)
        }
        ignore::Error::WithDepth { err, .. } => ignore_file_warnings(err, path, line, out),
        other => {
            let file = path.map_or(String::from("an ignore file"), |p| p.display().to_string());
            out.push(match (other, line) {
                (ignore::Error::Io(io), _) => {
                    format!("{file}: cannot read: {}; its rules are not used", plain(io))
                }
                (_, Some(line)) => format!(
                    "{file}:{line}: {}; the line is not used",
                    glob_or_message(other)
                ),
                (_, None) => format!("{file}: {}", glob_or_message(other)),
            });
        }
    }
}

fn glob_or_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Glob {
            glob: Some(glob),
            err,
        } => format!("{glob:?} is not a valid glob ({err})"),
        other => glob_error(other),
    }
}

/// Why a notes file or folder is out of scope (docs/design.md §13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The path named (the file or a folder it is in) starts with a dot.
    Hidden(PathBuf),
    /// A line of an ignore file.
    IgnoreFile { file: PathBuf, pattern: String },
    /// A glob of the `ignore` setting.
    Setting(String),
    /// The file's front matter says `recall: false`.
    FrontMatter,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Hidden(path) => write!(f, "hidden ({} starts with a dot)", path.display()),
            Reason::IgnoreFile { file, pattern } => {
                write!(f, "ignored by {pattern:?} in {}", file.display())
            }
            Reason::Setting(pattern) => write!(f, "ignored by {pattern:?} in the ignore setting"),
            Reason::FrontMatter => f.write_str("its front matter says recall: false"),
        }
    }
}

/// A `.md` file that gives no cards, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: Reason,
}

/// Every `.md` file under `part` of `root` (as `find_part`) that gives no
/// cards, and why, sorted by path: those the walk leaves out, found by a
/// second walk that keeps everything but `.git`, and those whose front
/// matter says `recall: false`, read for it. The walk itself cannot say which
/// rule left a file out, so this is slower than `find` and only for `-v`.
pub fn skipped(root: &Path, part: &Path, scope: &Scope) -> Result<Vec<Skipped>, String> {
    let found = find_part(root, part, scope)?;
    let opted_out = |path: &Path| read(path).is_ok_and(|text| front_matter::opts_out(&text));
    let mut out = Vec::new();
    if check_root(root)?.is_file() {
        if opted_out(root) {
            out.push(Skipped {
                path: root.to_path_buf(),
                reason: Reason::FrontMatter,
            });
        }
        return Ok(out);
    }
    let in_scope: HashSet<&Path> = found.files.iter().map(|f| f.path.as_path()).collect();
    let mut rules = Rules::new(root, scope)?;
    let mut every = WalkBuilder::new(root);
    let (root_owned, part_owned) = (root.to_path_buf(), part.to_path_buf());
    every
        .standard_filters(false)
        .parents(false)
        .follow_links(true)
        .filter_entry(move |entry| {
            let rel = entry
                .path()
                .strip_prefix(&root_owned)
                .unwrap_or(entry.path());
            entry.file_name() != ".git"
                && (part_owned.starts_with(rel) || rel.starts_with(&part_owned))
        });
    for entry in every.build().flatten() {
        let path = entry.path();
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if entry.depth() == 0 || !is_file || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let reason = match in_scope.contains(path) {
            true => opted_out(path).then_some(Reason::FrontMatter),
            false => rules.why(path.strip_prefix(root).unwrap_or(path), false),
        };
        if let Some(reason) = reason {
            out.push(Skipped {
                path: path.to_path_buf(),
                reason,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Why `rel`, a file (or with `is_dir` a folder) under the notes root, is
/// out of scope, if it is: hidden, or left out by an ignore file or `scope`.
pub fn why_left_out(
    root: &Path,
    rel: &Path,
    is_dir: bool,
    scope: &Scope,
) -> Result<Option<Reason>, String> {
    Ok(Rules::new(root, scope)?.why(rel, is_dir))
}

/// The rules of a walk, put together again path by path to tell which one
/// left a path out. They follow the walker's: for each part of the path from
/// the top, the ignore files of the folders above it, nearest first, each
/// kind (`IGNORE_FILES`) in its order of strength; then a hidden name unless
/// an ignore file re-included it (`!`); then the setting.
struct Rules<'r> {
    root: &'r Path,
    setting: Gitignore,
    /// Each folder's ignore files, by path under the root, read once.
    folders: HashMap<PathBuf, [Gitignore; 3]>,
}

impl<'r> Rules<'r> {
    fn new(root: &'r Path, scope: &Scope) -> Result<Rules<'r>, String> {
        Ok(Rules {
            root,
            setting: scope.matcher(root)?,
            folders: HashMap::new(),
        })
    }

    fn why(&mut self, rel: &Path, is_dir: bool) -> Option<Reason> {
        let parts: Vec<&std::ffi::OsStr> = rel.iter().collect();
        let mut prefix = PathBuf::new();
        for (i, name) in parts.iter().enumerate() {
            let above = prefix.clone();
            prefix.push(name);
            for folder in above.ancestors() {
                if !self.folders.contains_key(folder) {
                    let dir = self.root.join(folder);
                    let read = |name: &str| Gitignore::new(dir.join(name)).0;
                    let rules = IGNORE_FILES.map(read);
                    self.folders.insert(folder.to_path_buf(), rules);
                }
            }
            let path = self.root.join(&prefix);
            let path_is_dir = is_dir || i + 1 < parts.len();
            let mut by_kind = [Match::None, Match::None, Match::None];
            for folder in above.ancestors() {
                for (kind, rules) in self.folders[folder].iter().enumerate() {
                    if by_kind[kind].is_none() {
                        by_kind[kind] = rules.matched(&path, path_is_dir);
                    }
                }
            }
            let [strongest, middle, weakest] = by_kind;
            match strongest.or(middle).or(weakest) {
                Match::Ignore(glob) => {
                    return Some(Reason::IgnoreFile {
                        file: glob.from().map_or_else(PathBuf::new, Path::to_path_buf),
                        pattern: glob.original().to_string(),
                    });
                }
                Match::None if name.to_string_lossy().starts_with('.') => {
                    return Some(Reason::Hidden(path));
                }
                _ => {}
            }
            if let Match::Ignore(glob) = self.setting.matched(&path, path_is_dir) {
                return Some(Reason::Setting(glob.original().to_string()));
            }
        }
        None
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A notes folder `notes` inside a temporary folder, holding `files`.
    fn tree(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temporary folder");
        for (name, text) in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
            fs::write(path, text).expect("write");
        }
        let root = dir.path().join("notes");
        fs::create_dir_all(&root).expect("notes folder");
        (dir, root)
    }

    fn decks(found: &Found) -> Vec<&str> {
        found.files.iter().map(|f| f.deck.as_str()).collect()
    }

    fn scope(patterns: &[&str]) -> Scope {
        Scope::new(patterns.iter().map(|p| p.to_string()).collect()).expect("valid globs")
    }

    #[test]
    fn hidden_names_ignore_files_and_the_setting_each_leave_files_out() {
        let (_dir, root) = tree(&[
            ("notes/a.md", ""),
            ("notes/.trash/t.md", ""),
            ("notes/.gitignore", "scratch.md\n"),
            ("notes/scratch.md", ""),
            ("notes/sub/scratch.md", ""),
            ("notes/drafts/.ignore", "*.md\n!ready.md\n"),
            ("notes/drafts/x.md", ""),
            ("notes/drafts/ready.md", ""),
            ("notes/k/.recallignore", "*.md\n"),
            ("notes/k/.gitignore", "!keep.md\n"),
            ("notes/k/keep.md", ""),
            ("notes/daily/d.md", ""),
            ("notes/readme.txt", ""),
        ]);
        let found = find(&root, &scope(&["daily/**"])).expect("walk");
        // `scratch.md` has no slash: it matches at any depth, as in git;
        // `.recallignore` wins over the `.gitignore` beside it.
        assert_eq!(decks(&found), ["a", "drafts/ready"]);
        assert!(found.errors.is_empty() && found.warnings.is_empty());
        let everything = find(&root, &Scope::default()).expect("walk");
        assert_eq!(decks(&everything), ["a", "daily/d", "drafts/ready"]);
    }

    #[test]
    fn ignore_files_above_the_notes_root_do_not_count() {
        let (dir, root) = tree(&[("notes/a.md", ""), (".gitignore", "a.md\nnotes/\n")]);
        fs::create_dir(dir.path().join(".git")).expect("a repository above");
        assert_eq!(decks(&find(&root, &Scope::default()).expect("walk")), ["a"]);
    }

    #[test]
    fn each_reason_names_the_rule_that_left_a_path_out() {
        let (_dir, root) = tree(&[
            ("notes/.gitignore", "# comment\nscratch.md\n"),
            ("notes/d/.ignore", "*.md\n!ready.md\n"),
            ("notes/.obsidian/x.md", ""),
        ]);
        let scope = scope(&["daily/**"]);
        let why = |rel: &str, is_dir| why_left_out(&root, Path::new(rel), is_dir, &scope).unwrap();
        assert_eq!(
            why("sub/scratch.md", false),
            Some(Reason::IgnoreFile {
                file: root.join(".gitignore"),
                pattern: "scratch.md".into()
            })
        );
        assert_eq!(
            why("d/x.md", false).map(|r| r.to_string()),
            Some(format!(
                "ignored by \"*.md\" in {}",
                root.join("d/.ignore").display()
            ))
        );
        assert_eq!(why("d/ready.md", false), None);
        assert_eq!(
            why(".obsidian/x.md", false),
            Some(Reason::Hidden(root.join(".obsidian")))
        );
        assert_eq!(
            why("daily/2026.md", false),
            Some(Reason::Setting("daily/**".into()))
        );
        assert_eq!(why("daily", true), None);
        assert_eq!(why("notes.md", false), None);
    }

    #[test]
    fn a_bad_line_in_an_ignore_file_is_a_warning_and_the_other_lines_still_count() {
        let (_dir, root) = tree(&[
            ("notes/.gitignore", "x.md\n{a,b\n"),
            ("notes/x.md", ""),
            ("notes/y.md", ""),
        ]);
        let found = find(&root, &Scope::default()).expect("walk");
        assert_eq!(decks(&found), ["y"]);
        assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
        let warning = &found.warnings[0];
        let file = root.join(".gitignore").display().to_string();
        assert!(
            warning.starts_with(&format!("{file}:2: \"{{a,b\" is not a valid glob")),
            "{warning}"
        );
        assert!(warning.ends_with("; the line is not used"), "{warning}");
    }

    #[test]
    fn a_part_of_the_root_is_walked_under_the_roots_rules_with_decks_named_from_it() {
        let (_dir, root) = tree(&[
            ("notes/.recallignore", "rust/old.md\n"),
            ("notes/rust/traits.md", ""),
            ("notes/rust/old.md", ""),
            ("notes/other.md", ""),
        ]);
        let part = find_part(&root, Path::new("rust"), &Scope::default()).expect("walk");
        assert_eq!(decks(&part), ["traits"]);
        let file = find_part(&root, Path::new("rust/traits.md"), &Scope::default()).expect("walk");
        assert_eq!(decks(&file), ["traits"]);
        let ignored = find_part(&root, Path::new("rust/old.md"), &Scope::default()).expect("walk");
        assert!(ignored.files.is_empty());
    }

    #[test]
    fn a_setting_glob_that_is_not_valid_is_named_with_what_is_wrong() {
        let err = Scope::new(vec!["ok/**".into(), "[z-a]".into()]).unwrap_err();
        assert_eq!(
            err,
            "the pattern \"[z-a]\" is not a valid glob (invalid range; 'z' > 'a')"
        );
        assert!(Scope::new(vec!["a[".into()]).is_err());
        assert_eq!(
            scope(&["!keep.md", "/top.md"]).patterns(),
            ["!keep.md", "/top.md"]
        );
    }
}
