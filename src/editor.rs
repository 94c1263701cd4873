//! Opening a notes file in the learner's editor at a line: `$VISUAL`, then
//! `$EDITOR`, then `vi`, run as `EDITOR +LINE FILE` (vi, vim, nano, emacs,
//! helix), or `code --wait --goto FILE:LINE` for VS Code.

use std::path::Path;
use std::process::Command;

/// The editor command the environment asks for.
pub fn chosen() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// The arguments that put `editor` on `line` of `file`.
pub fn arguments(editor: &str, file: &Path, line: u32) -> Vec<String> {
    let program = editor.split_whitespace().next().unwrap_or(editor);
    let name = Path::new(program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name == "code" || name == "code-insiders" || name == "codium" {
        vec![
            "--wait".into(),
            "--goto".into(),
            format!("{}:{line}", file.display()),
        ]
    } else {
        vec![format!("+{line}"), file.display().to_string()]
    }
}

/// Runs the editor on `file` at `line` and waits for it. The command runs
/// through `sh`, as git runs `$EDITOR`, so that an editor given with its own
/// options (`EDITOR="nvim -u NONE"`) works.
pub fn open(file: &Path, line: u32) -> Result<(), String> {
    let editor = chosen();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg("recall-editor")
        .args(arguments(&editor, file, line))
        .status()
        .map_err(|e| format!("cannot start the editor {editor:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "the editor {editor:?} exited with {}",
            status
                .code()
                .map_or("a signal".to_string(), |c| format!("status {c}"))
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_editors_get_plus_line_then_the_file() {
        let args = arguments("vim", Path::new("notes/a.md"), 12);
        assert_eq!(args, vec!["+12", "notes/a.md"]);
        let args = arguments("/usr/bin/nano -w", Path::new("a.md"), 3);
        assert_eq!(args, vec!["+3", "a.md"]);
    }

    #[test]
    fn vs_code_gets_wait_and_goto() {
        let args = arguments("/usr/local/bin/code", Path::new("a.md"), 7);
        assert_eq!(args, vec!["--wait", "--goto", "a.md:7"]);
    }
}
