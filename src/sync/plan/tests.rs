//! Unit tests of sync planning: each rule of docs/design.md §3 on small hand-built
//! drafts and stored cards, then the order the rules apply in, then ordinals.

use std::sync::Arc;

use super::*;

/// A list card of `deck` at `line`, under the headings `context`.
fn list(deck: &str, context: &[&str], question: &str, answer: &[&str], line: u32) -> Draft {
    let context: Arc<[String]> = context.iter().map(|s| s.to_string()).collect();
    let answer: Vec<String> = answer.iter().map(|s| s.to_string()).collect();
    Draft {
        deck: deck.to_string(),
        kind: Kind::List,
        context_md: context.clone(),
        context,
        question_md: question.to_string(),
        question: question.to_string(),
        answer_md: answer.clone(),
        answer,
        lead: Vec::new(),
        details: Vec::new(),
        line,
        family_line: line,
    }
}

/// A cloze card blanking `phrase` out of `question`.
fn cloze(deck: &str, context: &[&str], question: &str, phrase: &str, line: u32) -> Draft {
    Draft {
        kind: Kind::Cloze,
        ..list(deck, context, question, &[phrase], line)
    }
}

/// The stored card a sync of `draft` (with `ordinal`) would have written.
fn row(id: i64, draft: &Draft, ordinal: u32) -> CardRow {
    CardRow {
        id,
        deck: draft.deck.clone(),
        kind: draft.kind,
        ordinal,
        context: draft.context.to_vec(),
        question: draft.question.clone(),
        answer: draft.answer.clone(),
        context_md: draft.context_md.to_vec(),
        question_md: draft.question_md.clone(),
        answer_md: draft.answer_md.clone(),
        lead: draft.lead.clone(),
        details: draft.details.clone(),
        line: draft.line,
        family_line: draft.family_line,
        retired: false,
        suspended: false,
        changed: false,
    }
}

fn retired(card: CardRow) -> CardRow {
    CardRow {
        retired: true,
        ..card
    }
}

fn incoming(drafts: &[Draft]) -> Vec<Incoming> {
    number(drafts.to_vec())
}

fn matched(id: i64, draft: usize, outcome: Outcome, needs_write: bool) -> Match {
    Match {
        id,
        draft,
        outcome,
        needs_write,
    }
}

// Rule 1: same deck and key.

#[test]
fn identical_card_is_unchanged_and_needs_no_write() {
    let draft = list("rust", &["Traits"], "Ownership", &["move", "borrow"], 3);
    let stored = row(7, &draft, 0);
    let plan = plan(&incoming(&[draft]), &[stored]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Unchanged, false)]);
    assert!(plan.added.is_empty());
    assert!(plan.retired.is_empty());
}

#[test]
fn card_whose_line_moved_is_unchanged_but_rewritten() {
    let stored = list("rust", &["Traits"], "Ownership", &["move", "borrow"], 3);
    let draft = list("rust", &["Traits"], "Ownership", &["move", "borrow"], 10);
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Unchanged, true)]);
}

#[test]
fn card_whose_markdown_changed_is_unchanged_but_rewritten() {
    let stored = list("rust", &[], "Traits", &["Send"], 1);
    let mut draft = stored.clone();
    draft.answer_md = vec!["`Send`".to_string()];
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Unchanged, true)]);
}

#[test]
fn edited_answer_is_changed() {
    let stored = list("rust", &["Traits"], "Ownership", &["move", "borrow"], 3);
    let draft = list(
        "rust",
        &["Traits"],
        "Ownership",
        &["move", "borrow", "drop"],
        3,
    );
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Changed, true)]);
    assert!(plan.added.is_empty());
    assert!(plan.retired.is_empty());
}

/// A paragraph of details, in its two forms.
fn paragraph(plain: &str, md: &str) -> crate::cards::Block {
    crate::cards::Block::new(crate::cards::BlockKind::Paragraph, plain, md, 2)
}

#[test]
fn details_whose_text_changed_make_the_card_changed_and_their_emphasis_does_not() {
    let mut stored = list("rust", &[], "Borrowing", &[], 1);
    stored.details = vec![paragraph(
        "one writer or many readers",
        "one writer or many readers",
    )];
    let mut emphasis = stored.clone();
    emphasis.details = vec![paragraph(
        "one writer or many readers",
        "one *writer* or many readers",
    )];
    let plan_of = |draft: &Draft| {
        plan(
            &incoming(std::slice::from_ref(draft)),
            &[row(7, &stored, 0)],
        )
    };
    assert_eq!(
        plan_of(&emphasis).matched,
        [matched(7, 0, Outcome::Unchanged, true)]
    );
    let mut edited = stored.clone();
    edited.details = vec![paragraph(
        "one writer and no reader",
        "one writer and no reader",
    )];
    assert_eq!(
        plan_of(&edited).matched,
        [matched(7, 0, Outcome::Changed, true)]
    );
    // A lead gained is a changed answer too.
    let mut lead = stored.clone();
    lead.lead = vec![paragraph("the borrow checker", "the borrow checker")];
    assert_eq!(
        plan_of(&lead).matched,
        [matched(7, 0, Outcome::Changed, true)]
    );
}

#[test]
fn same_key_in_another_deck_is_not_the_same_card() {
    let stored = list("rust", &[], "Traits", &["Send"], 1);
    let draft = list("go", &[], "Traits", &["Send", "Sync"], 1);
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert!(plan.matched.is_empty());
    assert_eq!(plan.added, [0]);
    assert_eq!(plan.retired, [7]);
}

// Rule 2: same kind, question and answer, anywhere.

#[test]
fn section_moved_under_another_heading_is_moved() {
    let stored = list("rust", &["Traits"], "Ownership", &["move", "borrow"], 3);
    let draft = list("rust", &["Memory"], "Ownership", &["move", "borrow"], 20);
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Moved, true)]);
    assert!(plan.added.is_empty());
    assert!(plan.retired.is_empty());
}

#[test]
fn card_moved_to_another_deck_is_moved() {
    let stored = list("rust", &["Traits"], "Ownership", &["move", "borrow"], 3);
    let draft = list(
        "rust/memory",
        &["Traits"],
        "Ownership",
        &["move", "borrow"],
        3,
    );
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Moved, true)]);
    assert!(plan.retired.is_empty());
}

#[test]
fn moved_cloze_keeps_its_card() {
    let stored = cloze("rust", &["A"], "The […] checks", "borrow checker", 4);
    let draft = cloze("notes", &["B"], "The […] checks", "borrow checker", 9);
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Moved, true)]);
}

#[test]
fn same_text_of_another_kind_is_not_moved() {
    let stored = list("rust", &["A"], "The […] checks", &["borrow checker"], 4);
    let draft = cloze("rust", &["B"], "The […] checks", "borrow checker", 4);
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert!(plan.matched.is_empty());
    assert_eq!(plan.added, [0]);
    assert_eq!(plan.retired, [7]);
}

#[test]
fn moved_twins_pair_up_in_order() {
    let a = list("rust", &["A"], "Q", &["x"], 1);
    let b = list("rust", &["B"], "Q", &["x"], 5);
    let drafts = [
        list("rust", &["C"], "Q", &["x"], 1),
        list("rust", &["D"], "Q", &["x"], 5),
    ];
    let plan = plan(&incoming(&drafts), &[row(1, &a, 0), row(2, &b, 0)]);
    assert_eq!(
        plan.matched,
        [
            matched(1, 0, Outcome::Moved, true),
            matched(2, 1, Outcome::Moved, true)
        ]
    );
}

// Rule 3: same deck, kind and answer, exactly one candidate on each side.

#[test]
fn edited_question_is_renamed() {
    let stored = list("rust", &["Traits"], "Ownership", &["move", "borrow"], 3);
    let draft = list(
        "rust",
        &["Traits"],
        "Ownership rules",
        &["move", "borrow"],
        3,
    );
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Renamed, true)]);
    assert!(plan.added.is_empty());
    assert!(plan.retired.is_empty());
}

#[test]
fn edited_cloze_sentence_is_renamed() {
    let stored = cloze("rust", &["A"], "The […] checks", "borrow checker", 4);
    let draft = cloze(
        "rust",
        &["A"],
        "The […] checks lifetimes",
        "borrow checker",
        4,
    );
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Renamed, true)]);
}

#[test]
fn two_drafts_for_one_card_are_added_not_renamed() {
    let stored = list("rust", &[], "Old", &["x", "y"], 1);
    let drafts = [
        list("rust", &[], "New one", &["x", "y"], 1),
        list("rust", &[], "New two", &["x", "y"], 5),
    ];
    let plan = plan(&incoming(&drafts), &[row(7, &stored, 0)]);
    assert!(plan.matched.is_empty());
    assert_eq!(plan.added, [0, 1]);
    assert_eq!(plan.retired, [7]);
}

#[test]
fn two_cards_for_one_draft_are_retired_not_renamed() {
    let stored = [
        row(1, &list("rust", &[], "Old one", &["x"], 1), 0),
        row(2, &list("rust", &[], "Old two", &["x"], 5), 0),
    ];
    let draft = list("rust", &[], "New", &["x"], 1);
    let plan = plan(&incoming(&[draft]), &stored);
    assert!(plan.matched.is_empty());
    assert_eq!(plan.added, [0]);
    assert_eq!(plan.retired, [1, 2]);
}

#[test]
fn edited_question_in_another_deck_is_not_renamed() {
    let stored = list("rust", &[], "Old", &["x"], 1);
    let draft = list("go", &[], "New", &["x"], 1);
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert!(plan.matched.is_empty());
    assert_eq!(plan.added, [0]);
    assert_eq!(plan.retired, [7]);
}

#[test]
fn question_and_answer_both_edited_is_a_new_card() {
    let stored = list("rust", &[], "Old", &["x"], 1);
    let draft = list("rust", &[], "New", &["y"], 1);
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert!(plan.matched.is_empty());
    assert_eq!(plan.added, [0]);
    assert_eq!(plan.retired, [7]);
}

// Rule 4: new, retired, revived.

#[test]
fn drafts_without_a_card_are_added_in_order() {
    let drafts = [
        list("rust", &[], "A", &["x"], 1),
        list("rust", &[], "B", &["y"], 4),
    ];
    let plan = plan(&incoming(&drafts), &[]);
    assert_eq!(
        plan,
        Plan {
            added: vec![0, 1],
            ..Plan::default()
        }
    );
}

#[test]
fn cards_without_a_draft_are_retired() {
    let stored = [
        row(1, &list("rust", &[], "A", &["x"], 1), 0),
        row(2, &list("rust", &[], "B", &["y"], 4), 0),
    ];
    let plan = plan(&[], &stored);
    assert_eq!(
        plan,
        Plan {
            retired: vec![1, 2],
            ..Plan::default()
        }
    );
}

#[test]
fn returning_card_revives_the_retired_one() {
    let draft = list("rust", &["Traits"], "Ownership", &["move", "borrow"], 3);
    let stored = retired(row(7, &draft, 0));
    let plan = plan(&incoming(&[draft]), &[stored]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Revived, true)]);
    assert!(plan.added.is_empty());
    assert!(plan.retired.is_empty());
}

#[test]
fn revived_card_may_come_back_with_another_answer() {
    let stored = list("rust", &["Traits"], "Ownership", &["move"], 3);
    let draft = list("rust", &["Traits"], "Ownership", &["move", "borrow"], 3);
    let plan = plan(&incoming(&[draft]), &[retired(row(7, &stored, 0))]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Revived, true)]);
}

#[test]
fn retired_card_is_not_retired_again() {
    let stored = list("rust", &[], "Gone", &["x"], 1);
    let plan = plan(&[], &[retired(row(7, &stored, 0))]);
    assert_eq!(plan, Plan::default());
}

#[test]
fn retired_card_is_not_moved() {
    let stored = list("rust", &["A"], "Q", &["x"], 1);
    let draft = list("go", &["B"], "Q", &["x"], 1);
    let plan = plan(&incoming(&[draft]), &[retired(row(7, &stored, 0))]);
    assert!(plan.matched.is_empty());
    assert_eq!(plan.added, [0]);
    assert!(plan.retired.is_empty());
}

#[test]
fn retired_card_is_not_renamed() {
    let stored = list("rust", &[], "Old", &["x"], 1);
    let draft = list("rust", &[], "New", &["x"], 1);
    let plan = plan(&incoming(&[draft]), &[retired(row(7, &stored, 0))]);
    assert!(plan.matched.is_empty());
    assert_eq!(plan.added, [0]);
    assert!(plan.retired.is_empty());
}

#[test]
fn retired_card_is_not_a_second_candidate_for_a_rename() {
    // The retired card shares deck, kind and answer, but only live cards
    // count as candidates: the edit is still a rename.
    let live = list("rust", &[], "Old", &["x"], 1);
    let gone = list("rust", &[], "Older", &["x"], 9);
    let draft = list("rust", &[], "New", &["x"], 1);
    let stored = [row(1, &live, 0), retired(row(2, &gone, 0))];
    let plan = plan(&incoming(&[draft]), &stored);
    assert_eq!(plan.matched, [matched(1, 0, Outcome::Renamed, true)]);
}

// Rule 1r: same deck and key once the stored Markdown is read as today.

/// The card an older generator, which read `[[X]]` as text, stored for
/// `draft`: every text as written in the notes, plain and Markdown alike.
fn stored_raw(id: i64, draft: &Draft, ordinal: u32, raw: &[(&str, &str)]) -> CardRow {
    let old = |text: &str| {
        raw.iter()
            .fold(text.to_string(), |t, (now, then)| t.replace(now, then))
    };
    let mut card = row(id, draft, ordinal);
    card.context = card.context.iter().map(|c| old(c)).collect();
    card.question = old(&card.question);
    card.answer = card.answer.iter().map(|a| old(a)).collect();
    card.context_md = card.context.clone();
    card.question_md = card.question.clone();
    card.answer_md = card.answer.clone();
    card
}

#[test]
fn wikilinks_read_anew_in_question_and_answer_keep_the_card() {
    // Rules 1 to 3 alone would make it new: both question and answer changed.
    let draft = list(
        "rust",
        &["Traits"],
        "Rust auto traits",
        &["Send", "Sync"],
        3,
    );
    let raw = [
        ("Rust", "[[Rust]]"),
        ("Send", "[[Send]]"),
        ("Sync", "[[Sync|Sync]]"),
    ];
    let stored = stored_raw(7, &draft, 0, &raw);
    assert_eq!(stored.question, "[[Rust]] auto traits");
    let plan = plan(&incoming(&[draft]), &[stored]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Changed, true)]);
    assert!(plan.added.is_empty());
    assert!(plan.retired.is_empty());
}

#[test]
fn wikilinks_read_anew_in_a_cloze_and_its_context_keep_the_card() {
    let draft = cloze(
        "rust",
        &["Rust > Traits"],
        "The […] checks Lifetimes",
        "borrow checker",
        4,
    );
    let raw = [
        ("Rust > Traits", "[[Rust#Traits]]"),
        ("borrow checker", "[[Borrowck|borrow checker]]"),
        ("Lifetimes", "[[Lifetimes]]"),
    ];
    let stored = stored_raw(7, &draft, 0, &raw);
    assert_eq!(stored.answer, ["[[Borrowck|borrow checker]]"]);
    let plan = plan(&incoming(&[draft]), &[stored]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Changed, true)]);
    assert!(plan.retired.is_empty());
}

#[test]
fn a_card_reading_the_same_today_is_not_matched_by_rereading() {
    // Its text has no syntax read differently now: an edit of both question
    // and answer is still a new card.
    let stored = list("rust", &[], "Old **bold**", &["x"], 1);
    let draft = list("rust", &[], "New", &["y"], 1);
    let plan = plan(&incoming(&[draft]), &[row(7, &stored, 0)]);
    assert!(plan.matched.is_empty());
    assert_eq!(plan.added, [0]);
    assert_eq!(plan.retired, [7]);
}

#[test]
fn a_card_read_anew_in_another_deck_is_not_matched() {
    let draft = list("go", &[], "Rust", &["Send"], 1);
    let stored = stored_raw(
        7,
        &list("rust", &[], "Rust", &["Send"], 1),
        0,
        &[("Rust", "[[Rust]]"), ("Send", "[[Send]]")],
    );
    let plan = plan(&incoming(&[draft]), &[stored]);
    assert!(plan.matched.is_empty());
    assert_eq!(plan.added, [0]);
    assert_eq!(plan.retired, [7]);
}

#[test]
fn a_card_read_anew_pairs_with_the_draft_its_reading_repeats() {
    // `[[A]]` and `A` were two questions; now they read alike, and the
    // second draft of `A` is the wikilink's card.
    let plain = list("rust", &["H"], "A", &["x"], 1);
    let linked = list("rust", &["H"], "A", &["y"], 5);
    let stored = [
        row(1, &plain, 0),
        stored_raw(2, &linked, 0, &[("A", "[[A]]")]),
    ];
    let plan = plan(&incoming(&[plain, linked]), &stored);
    assert_eq!(
        plan.matched,
        [
            matched(1, 0, Outcome::Unchanged, false),
            matched(2, 1, Outcome::Changed, true)
        ]
    );
    assert!(plan.added.is_empty() && plan.retired.is_empty());
}

#[test]
fn rereading_wins_over_the_same_text_elsewhere() {
    let draft = list("rust", &["A"], "Q", &["x"], 1);
    let linked = stored_raw(1, &draft, 0, &[("Q", "[[Q]]")]);
    let elsewhere = row(2, &list("go", &["B"], "Q", &["x"], 1), 0);
    let plan = plan(&incoming(&[draft]), &[linked, elsewhere]);
    assert_eq!(plan.matched, [matched(1, 0, Outcome::Changed, true)]);
    assert_eq!(plan.retired, [2]);
}

#[test]
fn a_retired_card_read_anew_is_revived() {
    // Rule 4r: a file out of the notes when the reading changed comes back.
    let draft = list("rust", &[], "Rust", &["Send ==auto=="], 1);
    let draft = Draft {
        answer: vec!["Send auto".to_string()],
        ..draft
    };
    let mut stored = retired(stored_raw(7, &draft, 0, &[("Rust", "[[Rust]]")]));
    stored.answer = vec!["Send ==auto==".to_string()];
    stored.answer_md = stored.answer.clone();
    let plan = plan(&incoming(&[draft]), &[stored]);
    assert_eq!(plan.matched, [matched(7, 0, Outcome::Revived, true)]);
    assert!(plan.added.is_empty());
}

// Precedence: rule 1, then 2, then 3, and revival only after all three.

#[test]
fn same_key_wins_over_same_text_elsewhere() {
    // The draft has card 1's key (answer edited) and card 2's exact text.
    let keyed = list("rust", &["A"], "Q", &["x", "y"], 1);
    let elsewhere = list("rust", &["B"], "Q", &["x"], 8);
    let draft = list("rust", &["A"], "Q", &["x"], 1);
    let stored = [row(1, &keyed, 0), row(2, &elsewhere, 0)];
    let plan = plan(&incoming(&[draft]), &stored);
    assert_eq!(plan.matched, [matched(1, 0, Outcome::Changed, true)]);
    assert_eq!(plan.retired, [2]);
}

#[test]
fn same_text_elsewhere_wins_over_a_rename() {
    // Card 1 could be renamed into the draft (same deck and answer), but
    // card 2 in another deck has the draft's exact text: it moved.
    let old_question = list("rust", &[], "Old", &["x"], 1);
    let same_text = list("go", &[], "New", &["x"], 1);
    let draft = list("rust", &[], "New", &["x"], 1);
    let stored = [row(1, &old_question, 0), row(2, &same_text, 0)];
    let plan = plan(&incoming(&[draft]), &stored);
    assert_eq!(plan.matched, [matched(2, 0, Outcome::Moved, true)]);
    assert_eq!(plan.retired, [1]);
}

#[test]
fn rename_wins_over_revival() {
    let live = list("rust", &[], "Old", &["x"], 1);
    let draft = list("rust", &[], "New", &["x"], 1);
    let stored = [row(1, &live, 0), retired(row(2, &draft, 0))];
    let plan = plan(&incoming(&[draft]), &stored);
    assert_eq!(plan.matched, [matched(1, 0, Outcome::Renamed, true)]);
    assert!(plan.retired.is_empty());
}

#[test]
fn move_wins_over_revival() {
    let live = list("go", &[], "Q", &["x"], 1);
    let draft = list("rust", &[], "Q", &["x"], 1);
    let stored = [row(1, &live, 0), retired(row(2, &draft, 0))];
    let plan = plan(&incoming(&[draft]), &stored);
    assert_eq!(plan.matched, [matched(1, 0, Outcome::Moved, true)]);
    assert!(plan.retired.is_empty());
}

#[test]
fn every_outcome_in_one_plan_is_listed_by_draft() {
    let kept = list("rust", &[], "Kept", &["k"], 1);
    let edited = list("rust", &[], "Edited", &["e"], 3);
    let moved = list("rust", &["A"], "Moved", &["m"], 5);
    let renamed = list("rust", &[], "Renamed", &["r"], 7);
    let revived = list("rust", &[], "Revived", &["v"], 9);
    let gone = list("rust", &[], "Gone", &["g"], 11);
    let stored = [
        row(1, &kept, 0),
        row(2, &edited, 0),
        row(3, &moved, 0),
        row(4, &renamed, 0),
        retired(row(5, &revived, 0)),
        row(6, &gone, 0),
    ];
    let drafts = [
        list("rust", &[], "Fresh", &["f"], 1),
        revived.clone(),
        list("rust", &[], "Renamed!", &["r"], 7),
        list("rust", &["B"], "Moved", &["m"], 5),
        list("rust", &[], "Edited", &["e", "more"], 3),
        kept.clone(),
    ];
    let plan = plan(&incoming(&drafts), &stored);
    assert_eq!(
        plan.matched,
        [
            matched(5, 1, Outcome::Revived, true),
            matched(4, 2, Outcome::Renamed, true),
            matched(3, 3, Outcome::Moved, true),
            matched(2, 4, Outcome::Changed, true),
            matched(1, 5, Outcome::Unchanged, false),
        ]
    );
    assert_eq!(plan.added, [0]);
    assert_eq!(plan.retired, [6]);
    assert_eq!(plan.count(Outcome::Unchanged), 1);
    assert_eq!(plan.count(Outcome::Moved), 1);
}

// Planning file by file, as the streaming first sync does.

/// `plan` of each deck's drafts against that deck's cards alone, with the
/// draft numbers of the whole list, as one plan.
fn plan_deck_by_deck(drafts: &[Incoming], stored: &[CardRow], decks: &[&str]) -> Plan {
    let mut whole = Plan::default();
    for deck in decks {
        let (offsets, own): (Vec<usize>, Vec<Incoming>) = drafts
            .iter()
            .enumerate()
            .filter(|(_, i)| i.draft.deck == *deck)
            .map(|(d, i)| (d, i.clone()))
            .unzip();
        let cards: Vec<CardRow> = stored.iter().filter(|c| c.deck == *deck).cloned().collect();
        let part = plan(&own, &cards);
        whole.matched.extend(part.matched.iter().map(|m| Match {
            draft: offsets[m.draft],
            ..*m
        }));
        whole.added.extend(part.added.iter().map(|&d| offsets[d]));
        whole.retired.extend(part.retired);
    }
    whole.matched.sort_by_key(|m| m.draft);
    whole.added.sort_unstable();
    whole
}

#[test]
fn with_no_live_card_each_deck_plans_alone_as_in_the_whole_plan() {
    let comeback = list("rust", &["Traits"], "Ownership", &["move"], 3);
    // Would be moved, or renamed, were the retired cards live.
    let elsewhere = list("go", &[], "Same text", &["t"], 1);
    let edited = list("rust", &[], "Old question", &["r"], 9);
    let stored = [
        retired(row(1, &comeback, 0)),
        retired(row(2, &elsewhere, 0)),
        retired(row(3, &edited, 0)),
    ];
    let drafts = incoming(&[
        list("rust", &[], "Same text", &["t"], 1),
        comeback.clone(),
        list("go", &[], "New", &["n"], 2),
        list("rust", &[], "New question", &["r"], 9),
        list("go", &[], "Same text", &["t"], 1),
    ]);
    let whole = plan(&drafts, &stored);
    assert_eq!(
        whole.matched,
        [
            matched(1, 1, Outcome::Revived, true),
            matched(2, 4, Outcome::Revived, true),
        ]
    );
    assert_eq!(whole.added, [0, 2, 3]);
    assert!(whole.retired.is_empty());
    assert_eq!(plan_deck_by_deck(&drafts, &stored, &["go", "rust"]), whole);
}

// Ordinals: repeated keys inside one deck.

#[test]
fn repeated_key_in_a_deck_is_numbered_in_order() {
    let drafts = vec![
        list("rust", &["A"], "Q", &["x"], 1),
        list("rust", &["A"], "Q", &["y"], 4),
        list("rust", &["A"], "Other", &["z"], 7),
        list("rust", &["A"], "Q", &["w"], 9),
    ];
    let ordinals: Vec<u32> = number(drafts).iter().map(|i| i.ordinal).collect();
    assert_eq!(ordinals, [0, 1, 0, 2]);
}

#[test]
fn same_question_in_another_deck_or_context_is_not_numbered() {
    let drafts = vec![
        list("rust", &["A"], "Q", &["x"], 1),
        list("go", &["A"], "Q", &["x"], 1),
        list("rust", &["B"], "Q", &["x"], 5),
        cloze("rust", &["A"], "Q", "x", 1),
    ];
    let ordinals: Vec<u32> = number(drafts).iter().map(|i| i.ordinal).collect();
    assert_eq!(ordinals, [0, 0, 0, 0]);
}

#[test]
fn clozes_of_one_item_differ_by_their_phrase() {
    let drafts = vec![
        cloze("rust", &[], "[…] and **b**", "a", 1),
        cloze("rust", &[], "[…] and **b**", "b", 1),
        cloze("rust", &[], "[…] and **b**", "a", 3),
    ];
    let ordinals: Vec<u32> = number(drafts).iter().map(|i| i.ordinal).collect();
    assert_eq!(ordinals, [0, 0, 1]);
}

#[test]
fn ordinal_is_part_of_the_key() {
    let drafts = number(vec![
        list("rust", &["A"], "Q", &["x"], 1),
        list("rust", &["A"], "Q", &["y"], 4),
    ]);
    assert_ne!(drafts[0].key(), drafts[1].key());
    assert_eq!(drafts[0].key(), drafts[0].draft.key());
}

#[test]
fn repeated_questions_keep_their_own_cards() {
    let first = list("rust", &["A"], "Q", &["x"], 1);
    let second = list("rust", &["A"], "Q", &["y"], 4);
    let stored = [row(1, &first, 0), row(2, &second, 1)];
    let plan = plan(&incoming(&[first, second]), &stored);
    assert_eq!(
        plan.matched,
        [
            matched(1, 0, Outcome::Unchanged, false),
            matched(2, 1, Outcome::Unchanged, false)
        ]
    );
}

#[test]
fn answer_edit_of_a_repeated_question_changes_only_that_card() {
    let first = list("rust", &["A"], "Q", &["x"], 1);
    let second = list("rust", &["A"], "Q", &["y"], 4);
    let stored = [row(1, &first, 0), row(2, &second, 1)];
    let edited = list("rust", &["A"], "Q", &["y", "z"], 4);
    let plan = plan(&incoming(&[first, edited]), &stored);
    assert_eq!(
        plan.matched,
        [
            matched(1, 0, Outcome::Unchanged, false),
            matched(2, 1, Outcome::Changed, true)
        ]
    );
}
