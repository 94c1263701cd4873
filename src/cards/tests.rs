//! Unit tests of the card generator, one rule or edge case each.

use super::*;

#[test]
fn dump_sample() {
    let text = include_str!("../../notes/conference-notes.md");
    for d in generate("conference-notes", text) {
        println!(
            "{:?} {} {:?} | {} => {:?}",
            d.kind, d.line, d.context, d.question, d.answer
        );
    }
}
