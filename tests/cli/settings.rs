//! Settings: flags beat environment variables beat `recall.toml` beat
//! defaults; `recall config` says where each came from; a bad file is named
//! with its key; the `cloze` setting and `--color`, `-q`, `-v` take effect;
//! `recall --help` lists the commands in the order of a day's use, and it
//! and the man pages describe what recall does now.

use crate::support as common;

use common::{Env, SuccessOutput, json};

#[test]
fn defaults_apply_without_a_settings_file() {
    let env = Env::new();
    // Env::recall passes --notes and --db; a bare run shows the defaults.
    let out = env
        .recall_bare()
        .args(["config", "--json"])
        .success_stdout();
    let c = json(&out);
    assert_eq!(c["notes"], "notes");
    assert_eq!(c["db"], "data/recall.db");
    assert_eq!(c["new_per_day"], 20);
    assert_eq!(c["day_starts_at"], 4);
    assert_eq!(c["cloze"], true);
    assert_eq!(c["sources"]["notes"], "default");
    assert_eq!(c["file"], serde_json::Value::Null);
}

#[test]
fn flags_beat_environment_beat_the_file_beat_defaults() {
    let env = Env::new();
    std::fs::write(
        env.dir.path().join("recall.toml"),
        "notes = \"from-file\"\ndb = \"file.db\"\nnew_per_day = 7\nday_starts_at = 6\n",
    )
    .unwrap();
    let bare = || env.recall_bare();
    let read = |cmd: &mut assert_cmd::Command| {
        json(
            &cmd.args(["config", "--json"])
                .assert()
                .success()
                .get_output()
                .stdout,
        )
    };
    let c = read(&mut bare());
    assert_eq!(c["notes"], "from-file");
    assert_eq!(c["sources"]["notes"], "file");
    assert_eq!(c["new_per_day"], 7);
    assert_eq!(c["day_starts_at"], 6);
    let c = read(bare().env("RECALL_NOTES", "from-env"));
    assert_eq!(c["notes"], "from-env");
    assert_eq!(c["sources"]["notes"], "environment");
    assert_eq!(c["db"], "file.db");
    let c = read(bare().env("RECALL_NOTES", "from-env").args([
        "--notes",
        "from-flag",
        "--day-starts-at",
        "2",
    ]));
    assert_eq!(c["notes"], "from-flag");
    assert_eq!(c["sources"]["notes"], "flag");
    assert_eq!(c["day_starts_at"], 2);
    // The human form says the same.
    let out = bare().arg("config").success_stdout();
    let text = String::from_utf8(out).unwrap();
    // The value column is as far in as the longest name, max_reviews_per_day.
    assert!(text.contains("new_per_day         7"), "{text}");
    assert!(text.contains("(settings file)"), "{text}");
}

#[test]
fn busy_timeout_ms_comes_from_the_environment_then_the_file_then_its_default() {
    let env = Env::new();
    let file = env.dir.path().join("recall.toml");
    let config = |mut cmd: assert_cmd::Command| {
        json(
            &cmd.env("RECALL_CONFIG", &file)
                .args(["config", "--json"])
                .success_stdout(),
        )
    };
    std::fs::write(&file, "new_per_day = 5\n").unwrap();
    let c = config(env.recall());
    assert_eq!(c["busy_timeout_ms"], 10_000);
    assert_eq!(c["sources"]["busy_timeout_ms"], "default");
    std::fs::write(&file, "busy_timeout_ms = 2500\n").unwrap();
    let c = config(env.recall());
    assert_eq!(c["busy_timeout_ms"], 2500);
    assert_eq!(c["sources"]["busy_timeout_ms"], "file");
    let mut from_env = env.recall();
    from_env.env("RECALL_BUSY_TIMEOUT_MS", "300");
    let c = config(from_env);
    assert_eq!(c["busy_timeout_ms"], 300);
    assert_eq!(c["sources"]["busy_timeout_ms"], "environment");
    let text = env
        .recall()
        .env("RECALL_CONFIG", &file)
        .env("RECALL_BUSY_TIMEOUT_MS", "300")
        .arg("config")
        .success_stdout();
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("busy_timeout_ms     300 ")
                && l.ends_with("(environment variable)")),
        "{text}"
    );
    env.recall()
        .env("RECALL_BUSY_TIMEOUT_MS", "soon")
        .arg("sync")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "RECALL_BUSY_TIMEOUT_MS = \"soon\"",
        ));
    assert!(!env.db.exists(), "a bad setting opened the database");
}

#[test]
fn help_lists_the_commands_in_the_order_of_a_days_use() {
    let out = Env::new().recall().arg("--help").success_stdout();
    let text = String::from_utf8(out).unwrap();
    let commands: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        commands,
        [
            "review",
            "cram",
            "sync",
            "stats",
            "report",
            "cards",
            "show",
            "open",
            "suspend",
            "unsuspend",
            "preview",
            "lint",
            "check",
            "optimize",
            "export",
            "import",
            "config",
            "completions",
            "man",
            "help"
        ],
        "{text}"
    );
}

#[test]
fn the_user_config_folder_is_read_and_relative_paths_follow_the_file() {
    let env = Env::new();
    let folder = env.dir.path().join("recall");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("recall.toml"), "db = \"db/recall.db\"\n").unwrap();
    let out = env
        .recall_bare()
        .current_dir(&env.notes)
        .args(["config", "--json"])
        .success_stdout();
    let c = json(&out);
    assert_eq!(c["db"], folder.join("db/recall.db").display().to_string());
}

#[test]
fn an_unknown_key_or_a_bad_value_names_the_file_and_key() {
    let env = Env::new();
    let file = env.dir.path().join("custom.toml");
    std::fs::write(&file, "colour = true\n").unwrap();
    env.recall()
        .env("RECALL_CONFIG", &file)
        .arg("config")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("custom.toml"))
        .stderr(predicates::str::contains("unknown field `colour`"));
    std::fs::write(&file, "day_starts_at = 30\n").unwrap();
    env.recall()
        .env("RECALL_CONFIG", &file)
        .arg("stats")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("day_starts_at = 30"));
    std::fs::write(&file, "new_per_day = \"many\"\n").unwrap();
    env.recall()
        .env("RECALL_CONFIG", &file)
        .arg("config")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("custom.toml"));
    env.recall()
        .env("RECALL_CONFIG", env.dir.path().join("missing.toml"))
        .arg("config")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing.toml does not exist"));
}

#[test]
fn new_per_day_from_the_file_sets_the_review_quota_and_the_flag_beats_it() {
    let env = Env::new();
    env.write("deck.md", "# A\n\n- a\n\n# B\n\n- b\n\n# C\n\n- c\n");
    let file = env.dir.path().join("recall.toml");
    std::fs::write(&file, "new_per_day = 1\n").unwrap();
    let out = env
        .recall()
        .env("RECALL_CONFIG", &file)
        .arg("review")
        .write_stdin("\n5\n")
        .success_stdout();
    assert_eq!(String::from_utf8(out).unwrap().matches("Q: ").count(), 1);
    let out = env
        .recall()
        .env("RECALL_CONFIG", &file)
        .args(["review", "--new", "3"])
        .write_stdin("\n5\n\n5\n")
        .success_stdout();
    assert_eq!(String::from_utf8(out).unwrap().matches("Q: ").count(), 2);
}

#[test]
fn cloze_off_retires_cloze_cards_and_on_again_revives_them_with_history() {
    let env = Env::new();
    env.write(
        "deck.md",
        "# Rust\n\n- **ownership** rules every Rust value\n- borrowing\n",
    );
    env.sync();
    let cloze = env
        .cards()
        .into_iter()
        .find(|c| c["kind"] == "cloze")
        .expect("a cloze card");
    env.review(common::id(&cloze), &[4]);
    let file = env.dir.path().join("recall.toml");
    std::fs::write(&file, "cloze = false\n").unwrap();
    let off = env
        .recall()
        .env("RECALL_CONFIG", &file)
        .args(["sync", "--json"])
        .success_stdout();
    assert_eq!(json(&off)["retired"], 1);
    assert!(env.cards().iter().all(|c| c["kind"] == "list"));
    std::fs::write(&file, "cloze = true\n").unwrap();
    let on = env
        .recall()
        .env("RECALL_CONFIG", &file)
        .args(["sync", "--json"])
        .success_stdout();
    assert_eq!(json(&on)["revived"], 1);
    let back = common::card(&env.cards(), "[…] rules every Rust value").clone();
    assert_eq!(common::id(&back), common::id(&cloze));
    assert_eq!(back["reviews"], 1);
}

#[test]
fn colour_follows_color_flag_and_no_color() {
    let env = Env::new();
    env.write("deck.md", "# A\n\n- a\n");
    env.sync();
    let stats = |args: &[&str], no_color: bool| {
        let mut cmd = env.recall();
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd.args(args).arg("stats").success_stdout();
        String::from_utf8(out).unwrap().contains('\u{1b}')
    };
    assert!(!stats(&[], false), "piped output has no colour by default");
    assert!(stats(&["--color", "always"], false));
    assert!(stats(&["--color", "always"], true), "always beats NO_COLOR");
    assert!(!stats(&["--color", "never"], false));
    assert!(!stats(&["--color", "auto"], true));
}

#[test]
fn quiet_hides_warnings_and_verbose_lists_files_read() {
    let env = Env::new();
    env.write("a.md", "# A\n\n- a\n");
    env.write("b.md", "# A\n\n- a\n\n# A\n\n- a\n");
    env.recall()
        .args(["-v", "sync"])
        .assert()
        .success()
        .stderr(predicates::str::contains("read "))
        .stderr(predicates::str::contains("a.md"));
    env.write("c.md", "# C\n\n- c\n\n# C\n\n- c\n");
    env.recall()
        .args(["-q", "sync"])
        .assert()
        .success()
        .stderr(predicates::str::is_empty());
}

#[test]
fn the_ignore_setting_is_shown_by_config_and_a_bad_glob_is_an_error_naming_it() {
    let env = Env::new();
    let text = |cmd: &mut assert_cmd::Command| String::from_utf8(cmd.success_stdout()).unwrap();
    // Every setting's source starts in one column, however long the values.
    let sources_line_up = |shown: &str| {
        let columns: Vec<usize> = shown
            .lines()
            // The settings' table, not what follows it.
            .take_while(|l| !l.starts_with("fsrs parameters"))
            .map(|l| l.rfind(" (").expect("a source in parentheses"))
            .collect();
        assert!(columns.windows(2).all(|w| w[0] == w[1]), "{shown}");
    };
    let shown = text(env.recall().arg("config"));
    assert!(shown.contains("\nignore              [] "), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("ignore ") && l.ends_with(" (default)")),
        "{shown}"
    );
    sources_line_up(&shown);

    let file = env.dir.path().join("custom.toml");
    std::fs::write(&file, "ignore = [\"daily/**\", \"templates/\"]\n").unwrap();
    let shown = text(env.recall().env("RECALL_CONFIG", &file).arg("config"));
    assert!(
        shown.lines().any(
            |l| l.starts_with("ignore              [\"daily/**\", \"templates/\"] ")
                && l.ends_with(" (settings file)")
        ),
        "{shown}"
    );
    sources_line_up(&shown);

    // A bad glob stops every command before the notes are walked.
    std::fs::write(&file, "ignore = [\"daily/**\", \"drafts/[abc\"]\n").unwrap();
    env.write("n.md", "# N\n\n- n\n");
    for command in ["config", "sync", "preview"] {
        let out = env
            .recall()
            .env("RECALL_CONFIG", &file)
            .arg(command)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "error: settings file {}: ignore: the pattern \"drafts/[abc\" is not a valid \
                 glob (unclosed character class; missing ']')\n",
                file.display()
            ),
            "{command}"
        );
    }
    assert!(!env.db.exists(), "a bad setting opened the database");
}

/// `recall man [COMMAND]`'s page, its roff escapes of `-` and `'` read back.
fn man_page(env: &Env, command: Option<&str>) -> String {
    let out = env.recall().arg("man").args(command).success_stdout();
    String::from_utf8(out)
        .unwrap()
        .replace("\\-", "-")
        .replace("\\*(Aq", "'")
}

#[test]
fn help_and_the_man_pages_describe_both_schedulers_typing_cram_and_sharing() {
    let env = Env::new();
    let help = String::from_utf8(env.recall().arg("--help").success_stdout()).unwrap();
    let man = man_page(&env, None);
    // What recall is, before the usage line and in the page's DESCRIPTION.
    let described = [
        help.split("Usage:").next().unwrap().to_string(),
        man.split(".SH DESCRIPTION")
            .nth(1)
            .and_then(|rest| rest.split(".SH").next())
            .expect("a DESCRIPTION section")
            .to_string(),
    ];
    for (text, what) in described.iter().zip(["--help", "recall(1)"]) {
        for named in [
            "SM-2",
            "FSRS-6",
            "recall optimize",
            "recall review --type",
            "recall cram",
            "--shared",
        ] {
            assert!(
                text.contains(named),
                "{what} does not name {named:?}:\n{text}"
            );
        }
    }
    // The settings and the environment that choose them.
    for text in [&help, &man] {
        for named in [
            "scheduler = \"sm2\"",
            "\"fsrs\"",
            "desired_retention",
            "RECALL_SCHEDULER",
        ] {
            assert!(text.contains(named), "{named:?} in:\n{text}");
        }
    }
    // Every page recall(1) refers to is one `recall man COMMAND` prints.
    let pages: Vec<&str> = man
        .lines()
        .filter_map(|l| l.strip_prefix("recall-")?.strip_suffix("(1)"))
        .collect();
    assert_eq!(pages.len(), 19, "{pages:?}");
    for page in pages {
        let text = man_page(&env, Some(page));
        assert!(
            text.contains(&format!(".TH recall-{page} 1")),
            "recall man {page}:\n{text}"
        );
    }
    let review = man_page(&env, Some("review"));
    for named in ["--type", "1 again, 2 hard, 3 good, 4 easy", "e edits"] {
        assert!(
            review.contains(named),
            "{named:?} in recall-review(1):\n{review}"
        );
    }
    env.recall()
        .args(["man", "reveiw"])
        .assert()
        .code(1)
        .stderr("error: recall has no command \"reveiw\" (see `recall --help`)\n");
}
