//! How a card's lead and details (docs/design.md §14.1) sit in
//! `card_texts`: a JSON list of blocks, NULL when there are none, each
//! block in both of its forms, the plain one only where it differs from
//! the Markdown (code, most paragraphs). A list that does not read is a
//! damaged value naming its card and column, as any other.

use std::borrow::Cow;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use serde::{Deserialize, Serialize};

use super::convert::Damage;
use crate::cards::{Block, BlockKind, Text};

/// One block as stored: kind, language (code only), Markdown, plain text
/// where it differs, line. The texts are borrowed from the stored JSON when
/// they can be, and copied when they hold an escape (a line end, a quote):
/// code nearly always does.
#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    #[serde(borrow)]
    k: Cow<'a, str>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    l: Option<Cow<'a, str>>,
    #[serde(borrow)]
    m: Cow<'a, str>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    p: Option<Cow<'a, str>>,
    n: u32,
}

/// `blocks` as stored: `None` for none.
pub(super) fn to_json(blocks: &[Block]) -> Option<String> {
    if blocks.is_empty() {
        return None;
    }
    let stored: Vec<Stored<'_>> = blocks
        .iter()
        .map(|b| Stored {
            k: Cow::Borrowed(b.kind.as_str()),
            l: match &b.kind {
                BlockKind::Code { lang } => lang.as_deref().map(Cow::Borrowed),
                _ => None,
            },
            m: Cow::Borrowed(&b.text.md),
            p: (b.text.plain != b.text.md).then_some(Cow::Borrowed(b.text.plain.as_str())),
            n: b.line,
        })
        .collect();
    Some(serde_json::to_string(&stored).expect("blocks serialize"))
}

/// Whether a stored lead or details reads, for `check`, which reports
/// damage rather than stopping at it.
pub(super) fn check(value: ValueRef<'_>) -> Result<(), Damage> {
    match BlockList::column_result(value) {
        Ok(_) => Ok(()),
        Err(_) => Err(Damage::Blocks(
            value
                .as_str()
                .map_or_else(|_| "a value that is not text".into(), str::to_string),
        )),
    }
}

/// A stored list of blocks (NULL reads as none).
pub(super) struct BlockList(pub Vec<Block>);

impl FromSql for BlockList {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<BlockList> {
        if value == ValueRef::Null {
            return Ok(BlockList(Vec::new()));
        }
        let text = value.as_str()?;
        let damaged = || FromSqlError::Other(Box::new(Damage::Blocks(text.to_string())));
        let stored: Vec<Stored<'_>> = serde_json::from_str(text).map_err(|_| damaged())?;
        stored
            .into_iter()
            .map(|s| {
                let md = s.m.into_owned();
                Some(Block {
                    kind: BlockKind::parse(&s.k, s.l.as_deref())?,
                    text: Text {
                        plain: s.p.map_or_else(|| md.clone(), Cow::into_owned),
                        md,
                    },
                    line: s.n,
                })
            })
            .collect::<Option<Vec<Block>>>()
            .map(BlockList)
            .ok_or_else(damaged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: BlockKind, plain: &str, md: &str, line: u32) -> Block {
        Block::new(kind, plain, md, line)
    }

    fn read(json: &str) -> FromSqlResult<Vec<Block>> {
        BlockList::column_result(ValueRef::Text(json.as_bytes())).map(|b| b.0)
    }

    #[test]
    fn blocks_read_back_as_stored_line_ends_quotes_tabs_and_all() {
        let blocks = vec![
            block(
                BlockKind::Code {
                    lang: Some("rust".into()),
                },
                "fn main() {\n\tprintln!(\"hi\");\n}",
                "fn main() {\n\tprintln!(\"hi\");\n}",
                12,
            ),
            block(
                BlockKind::Quote,
                "«Copy» types\nare copied",
                "«**Copy**» types\n- are copied",
                3,
            ),
            block(BlockKind::Table, "a | b", "| a | b |\n| --- | --- |", 7),
        ];
        let json = to_json(&blocks).expect("blocks to store");
        assert_eq!(read(&json).unwrap(), blocks);
        assert_eq!(to_json(&[]), None);
        assert_eq!(
            BlockList::column_result(ValueRef::Null).unwrap().0,
            Vec::new()
        );
    }

    #[test]
    fn a_list_that_does_not_read_is_damage_not_a_guess() {
        assert!(read("[{\"k\":\"poem\",\"m\":\"x\",\"n\":1}]").is_err());
        assert!(read("not json").is_err());
    }
}
