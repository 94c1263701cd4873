//! Output piped into a reader that stops early (`recall cards | head`) is
//! not an error: the exit status is 0 and nothing panics.

use crate::support as common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::Env;

#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    let env = Env::new();
    let notes: String = (0..3000)
        .map(|i| format!("# Topic {i}\n\n- item {i}\n  - detail {i}\n\n"))
        .collect();
    env.write("big.md", &notes);
    env.sync();
    for args in [
        &["cards"][..],
        &["cards", "--json"],
        &["preview", "--json"],
        &["export"],
    ] {
        let mut child = env
            .command_at(common::NOW)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is gone: the next writes hit a closed pipe.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!first.is_empty());
    }
}
