//! How a card's lead and details (docs/design.md §14.1) sit in
//! `card_texts`: a JSON list of blocks, NULL when there are none, each
//! block in both of its forms, the plain one only where it differs from
//! the Markdown (code, most paragraphs). A list that does not read is a
//! damaged value naming its card and column, as any other.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use serde::{Deserialize, Serialize};

use super::convert::Damage;
use crate::cards::{Block, BlockKind, Text};

/// One block as stored: kind, language (code only), Markdown, plain text
/// where it differs, line.
#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    k: &'a str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    l: Option<&'a str>,
    m: &'a str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p: Option<&'a str>,
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
            k: b.kind.as_str(),
            l: match &b.kind {
                BlockKind::Code { lang } => lang.as_deref(),
                _ => None,
            },
            m: &b.text.md,
            p: (b.text.plain != b.text.md).then_some(b.text.plain.as_str()),
            n: b.line,
        })
        .collect();
    Some(serde_json::to_string(&stored).expect("blocks serialize"))
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
                Some(Block {
                    kind: BlockKind::parse(s.k, s.l)?,
                    text: Text {
                        plain: s.p.unwrap_or(s.m).to_string(),
                        md: s.m.to_string(),
                    },
                    line: s.n,
                })
            })
            .collect::<Option<Vec<Block>>>()
            .map(BlockList)
            .ok_or_else(damaged)
    }
}
