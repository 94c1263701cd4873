//! Sync planning: matching the drafts generated from the notes with the
//! stored cards, in the order docs/design.md §3 gives. Pure: the plan is
//! applied elsewhere, in one transaction. This is the one place that decides
//! what becomes of each draft and each stored card.

use std::collections::VecDeque;

// Keys are the learner's own notes, not an attacker's: a fast hash beats
// SipHash's flood resistance here (numbering every draft of a first sync
// spent 2.6% of the parsing thread hashing).
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::cards::{self, Block, Draft, Identity, Kind};
use crate::store::CardRow;

/// A draft with the ordinal that tells it apart from earlier drafts of the
/// same deck with the same key.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub draft: Draft,
    pub ordinal: u32,
}

impl Incoming {
    /// The draft's identity and its ordinal, as `CardRow::identity`.
    pub fn identity(&self) -> (Identity<'_>, u32) {
        (self.draft.identity(), self.ordinal)
    }

    pub fn key(&self) -> String {
        crate::cards::key(
            self.draft.kind,
            &self.draft.context,
            &self.draft.question,
            &self.draft.answer,
            self.ordinal,
        )
    }
}

/// How a draft found its stored card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Same deck and key, same answer.
    Unchanged,
    /// Same deck and key, the answer changed (rule 1); or same deck and key
    /// once the stored text is read as the generator reads Markdown now
    /// (rule 1r).
    Changed,
    /// Same kind, question and answer elsewhere: the section or file moved (rule 2).
    Moved,
    /// Same deck, kind and answer, the only candidate on each side: the
    /// question was edited (rule 3).
    Renamed,
    /// A retired card with the same deck and key came back (rule 4), the
    /// key read as in rule 1r when that is what it takes.
    Revived,
}

impl Outcome {
    /// The outcome's name, as a journal's identity event gives it.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Unchanged => "unchanged",
            Outcome::Changed => "changed",
            Outcome::Moved => "moved",
            Outcome::Renamed => "renamed",
            Outcome::Revived => "revived",
        }
    }
}

/// A draft matched with a stored card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub id: i64,
    pub draft: usize,
    pub outcome: Outcome,
    /// Whether the stored row differs from the draft at all (text, line,
    /// Markdown); an unchanged card that needs no write is left alone.
    pub needs_write: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub matched: Vec<Match>,
    /// Drafts that become new cards.
    pub added: Vec<usize>,
    /// Stored live cards whose source is gone.
    pub retired: Vec<i64>,
}

impl Plan {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.matched.iter().filter(|m| m.outcome == outcome).count()
    }
}

/// Gives each draft its ordinal: the number of earlier drafts in the same deck
/// with the same key. The key's parts are compared in place, borrowed from
/// the drafts, because a first sync numbers every card of the collection.
pub fn number(drafts: Vec<Draft>) -> Vec<Incoming> {
    let ordinals: Vec<u32> = {
        let mut seen: HashMap<Identity<'_>, u32> = HashMap::with_capacity(drafts.len());
        drafts
            .iter()
            .map(|d| {
                let earlier = seen.entry(d.identity()).or_insert(0);
                let ordinal = *earlier;
                *earlier += 1;
                ordinal
            })
            .collect()
    };
    drafts
        .into_iter()
        .zip(ordinals)
        .map(|(draft, ordinal)| Incoming { draft, ordinal })
        .collect()
}

/// Matches `drafts` (every card of the files that were read) against
/// `stored` (every card, live or retired, of those files' decks and of the
/// decks whose files vanished).
///
/// Rules 1 to 3 match live cards only, and only rule 2 looks across decks.
/// So when `stored` holds no live card, each deck's drafts are planned
/// against that deck's cards exactly as they would be with every other
/// deck's: the streaming first sync plans one file at a time on that ground.
pub fn plan(drafts: &[Incoming], stored: &[CardRow]) -> Plan {
    let mut plan = Plan::default();
    let mut draft_left: Vec<bool> = vec![true; drafts.len()];
    let live: Vec<&CardRow> = stored.iter().filter(|c| !c.retired).collect();
    // With nothing live (a first sync) every draft goes straight to rule 4.
    if !live.is_empty() {
        let live_left = match_live(drafts, &live, &mut draft_left, &mut plan);
        plan.retired = live
            .iter()
            .zip(&live_left)
            .filter(|(_, left)| **left)
            .map(|(c, _)| c.id)
            .collect();
    }

    // Rule 4: revive retired cards by deck and key; the rest is new.
    let retired: HashMap<(Identity<'_>, u32), &CardRow> = stored
        .iter()
        .filter(|c| c.retired)
        .map(|c| (c.identity(), c))
        .collect();
    let mut revived: HashSet<i64> = HashSet::new();
    for (d, incoming) in drafts.iter().enumerate() {
        let revives = match retired.is_empty() || !draft_left[d] {
            true => None,
            false => retired.get(&incoming.identity()),
        };
        if let Some(card) = revives {
            draft_left[d] = false;
            revived.insert(card.id);
            take(&mut plan, drafts, d, card, Outcome::Revived);
        }
    }
    // Rule 4r: then by deck and key as rule 1r reads them.
    if !retired.is_empty() {
        let left: Vec<&CardRow> = stored
            .iter()
            .filter(|c| c.retired && !revived.contains(&c.id))
            .collect();
        for (d, i) in match_reread(drafts, &draft_left, &left) {
            draft_left[d] = false;
            take(&mut plan, drafts, d, left[i], Outcome::Revived);
        }
    }
    plan.added = (0..drafts.len()).filter(|&d| draft_left[d]).collect();
    plan.matched.sort_by_key(|m| m.draft);
    plan
}

/// Rules 1 to 3: matches drafts with the `live` cards, clearing
/// `draft_left` for each draft matched. Returns which live cards are left.
fn match_live(
    drafts: &[Incoming],
    live: &[&CardRow],
    draft_left: &mut [bool],
    plan: &mut Plan,
) -> Vec<bool> {
    let mut live_left: Vec<bool> = vec![true; live.len()];

    // Rule 1: same deck and key.
    let by_key: HashMap<(Identity<'_>, u32), usize> = live
        .iter()
        .enumerate()
        .map(|(i, c)| (c.identity(), i))
        .collect();
    for (d, incoming) in drafts.iter().enumerate() {
        if let Some(&i) = by_key.get(&incoming.identity())
            && live_left[i]
        {
            live_left[i] = false;
            draft_left[d] = false;
            let outcome = if same_answer(live[i], &incoming.draft) {
                Outcome::Unchanged
            } else {
                Outcome::Changed
            };
            take(plan, drafts, d, live[i], outcome);
        }
    }

    // Rule 1r: same deck and key, reading the stored text as Markdown is
    // read now. Only cards whose reading changed are candidates.
    let left: Vec<usize> = (0..live.len()).filter(|&i| live_left[i]).collect();
    let cards: Vec<&CardRow> = left.iter().map(|&i| live[i]).collect();
    for (d, k) in match_reread(drafts, draft_left, &cards) {
        let i = left[k];
        live_left[i] = false;
        draft_left[d] = false;
        take(plan, drafts, d, live[i], Outcome::Changed);
    }

    // Rule 2: same kind, question and answer, anywhere.
    type Text<'a> = (Kind, &'a str, &'a [String], Vec<&'a str>);
    let mut by_text: HashMap<Text<'_>, VecDeque<usize>> = HashMap::new();
    for (i, card) in live.iter().enumerate().filter(|(i, _)| live_left[*i]) {
        by_text
            .entry((
                card.kind,
                card.question.as_str(),
                card.answer.as_slice(),
                said(&card.lead, &card.details),
            ))
            .or_default()
            .push_back(i);
    }
    for (d, incoming) in drafts.iter().enumerate() {
        if !draft_left[d] {
            continue;
        }
        let draft = &incoming.draft;
        let text = (
            draft.kind,
            draft.question.as_str(),
            draft.answer.as_slice(),
            said(&draft.lead, &draft.details),
        );
        if let Some(i) = by_text.get_mut(&text).and_then(VecDeque::pop_front) {
            live_left[i] = false;
            draft_left[d] = false;
            take(plan, drafts, d, live[i], Outcome::Moved);
        }
    }

    // Rule 3: same deck, kind and answer, exactly one candidate on each side.
    type Group<'a> = (&'a str, Kind, &'a [String], Vec<&'a str>);
    let mut groups: HashMap<Group<'_>, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (d, incoming) in drafts.iter().enumerate().filter(|(d, _)| draft_left[*d]) {
        let draft = &incoming.draft;
        let group = (
            draft.deck.as_str(),
            draft.kind,
            draft.answer.as_slice(),
            said(&draft.lead, &draft.details),
        );
        groups.entry(group).or_default().0.push(d);
    }
    for (i, card) in live.iter().enumerate().filter(|(i, _)| live_left[*i]) {
        let group = (
            card.deck.as_str(),
            card.kind,
            card.answer.as_slice(),
            said(&card.lead, &card.details),
        );
        if let Some(entry) = groups.get_mut(&group) {
            entry.1.push(i);
        }
    }
    let mut renamed: Vec<(usize, usize)> = groups
        .into_values()
        .filter_map(|(ds, is)| match (ds.as_slice(), is.as_slice()) {
            ([d], [i]) => Some((*d, *i)),
            _ => None,
        })
        .collect();
    renamed.sort_unstable();
    for (d, i) in renamed {
        live_left[i] = false;
        draft_left[d] = false;
        take(plan, drafts, d, live[i], Outcome::Renamed);
    }
    live_left
}

/// A stored card's identity as the generator reads its stored Markdown
/// today: context, question and cloze phrase.
struct Reread {
    context: Vec<String>,
    question: String,
    phrase: String,
}

impl Reread {
    /// `card`'s identity read anew, when it reads differently from what is
    /// stored; `None` when it reads the same or cannot be read.
    fn of(card: &CardRow) -> Option<Reread> {
        let context = card
            .context_md
            .iter()
            .map(|md| cards::reread(md))
            .collect::<Option<Vec<String>>>()?;
        let question = cards::reread(&card.question_md)?;
        let phrase = match card.kind {
            Kind::Cloze => cards::reread(card.answer_md.first()?)?,
            Kind::List => String::new(),
        };
        let (_, _, stored_context, stored_question, stored_phrase) = card.identity().0;
        let same = context[..] == stored_context[..]
            && question == stored_question
            && phrase == stored_phrase;
        (!same).then_some(Reread {
            context,
            question,
            phrase,
        })
    }
}

/// Rules 1r and 4r: pairs the drafts still left with the `cards` whose
/// identity, read as the generator reads Markdown today, is theirs: same
/// deck and key. A card whose reading did not change is no candidate, so
/// the rule only ever rescues a card that a new reading would otherwise
/// retire; among several candidates of one key, cards pair with drafts in
/// the order of their ordinals. Returns (draft, index into `cards`) pairs.
///
/// Reading costs a parse per stored text, so only the cards of decks that
/// still have a draft left are read: a sync that changes nothing, or only
/// edits a line, reads none or a few.
fn match_reread(
    drafts: &[Incoming],
    draft_left: &[bool],
    cards: &[&CardRow],
) -> Vec<(usize, usize)> {
    let decks: HashSet<&str> = drafts
        .iter()
        .zip(draft_left)
        .filter(|(_, left)| **left)
        .map(|(i, _)| i.draft.deck.as_str())
        .collect();
    if decks.is_empty() || cards.is_empty() {
        return Vec::new();
    }
    let mut rereads: Vec<(usize, Reread)> = cards
        .iter()
        .enumerate()
        .filter(|(_, c)| decks.contains(c.deck.as_str()))
        .filter_map(|(i, c)| Reread::of(c).map(|r| (i, r)))
        .collect();
    if rereads.is_empty() {
        return Vec::new();
    }
    rereads.sort_by_key(|(i, _)| cards[*i].ordinal);
    let mut by_key: HashMap<Identity<'_>, VecDeque<usize>> = HashMap::new();
    for (i, r) in &rereads {
        let card = cards[*i];
        let key = (
            card.deck.as_str(),
            card.kind,
            &r.context[..],
            r.question.as_str(),
            r.phrase.as_str(),
        );
        by_key.entry(key).or_default().push_back(*i);
    }
    drafts
        .iter()
        .enumerate()
        .filter(|(d, _)| draft_left[*d])
        .filter_map(|(d, incoming)| {
            let i = by_key.get_mut(&incoming.draft.identity())?.pop_front()?;
            Some((d, i))
        })
        .collect()
}

/// Records that draft `draft` is the stored `card`, by `outcome`.
fn take(plan: &mut Plan, drafts: &[Incoming], draft: usize, card: &CardRow, outcome: Outcome) {
    let needs_write = outcome != Outcome::Unchanged || differs(card, &drafts[draft]);
    plan.matched.push(Match {
        id: card.id,
        draft,
        outcome,
        needs_write,
    });
}

/// What an answer says besides its items (docs/design.md §14.1): each
/// block of the lead, then of the details, as plain text. A card's answer
/// is its items and these; where the blocks stand does not change it.
fn said<'a>(lead: &'a [Block], details: &'a [Block]) -> Vec<&'a str> {
    lead.iter()
        .chain(details)
        .map(|b| b.text.plain.as_str())
        .collect()
}

/// Whether the stored card answers as the draft does: the same items, and
/// the same lead and details (kinds and text, wherever they stand).
fn same_answer(card: &CardRow, draft: &Draft) -> bool {
    // As items are: by their plain text, so a change of emphasis alone is
    // no change of answer.
    let blocks = |a: &[Block], b: &[Block]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| (&x.kind, &x.text.plain) == (&y.kind, &y.text.plain))
    };
    card.answer == draft.answer
        && blocks(&card.lead, &draft.lead)
        && blocks(&card.details, &draft.details)
}

/// Whether anything stored for the card differs from the draft.
fn differs(card: &CardRow, incoming: &Incoming) -> bool {
    let d = &incoming.draft;
    card.deck != d.deck
        || card.kind != d.kind
        || card.ordinal != incoming.ordinal
        || card.context[..] != d.context[..]
        || card.question != d.question
        || card.answer != d.answer
        || card.context_md[..] != d.context_md[..]
        || card.question_md != d.question_md
        || card.answer_md != d.answer_md
        || card.lead != d.lead
        || card.details != d.details
        || card.line != d.line
        || card.family_line != d.family_line
}

#[cfg(test)]
mod tests;
