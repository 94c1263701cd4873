//! How the domain's values sit in SQLite columns (`ToSql`, `FromSql`), kept
//! here so that the pure modules (cards, scheduler) know nothing of rusqlite;
//! and what a stored value that cannot be read turns into: an error naming
//! the card, never a guess (a list card, a blackout, an empty list).

use std::error::Error;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::cards::Kind;
use crate::scheduler::Grade;

/// What is wrong with one stored value, said of the card it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(super) enum Damage {
    #[error("has kind {0:?}, which this recall does not know")]
    Kind(String),
    #[error("has a review with grade {0}, outside 0-5")]
    Grade(i64),
    #[error("has a stored list that is not a JSON list of text: {0:?}")]
    List(String),
    #[error("has stored blocks that are not a JSON list of blocks: {0:?}")]
    Blocks(String),
    #[error(
        "has a review whose load balancer's offset is {0}, not a number of days from -36500 to 36500"
    )]
    Offset(String),
}

impl Damage {
    fn into_sql(self) -> FromSqlError {
        FromSqlError::Other(Box::new(self))
    }

    /// What is wrong, said of a card, naming the column a list was read
    /// from (`answer`, `context_md`, …).
    pub(super) fn of_column(&self, column: &str) -> String {
        match self {
            Damage::List(text) => {
                format!("has its {column} stored as {text:?}, which is not a JSON list of text")
            }
            Damage::Blocks(text) => {
                format!("has its {column} stored as {text:?}, which is not a JSON list of blocks")
            }
            other => other.to_string(),
        }
    }
}

/// A review's stored load balancer offset (docs/design.md §15), for
/// `check`, which reads raw values: NULL (not moved) or whole days within
/// the longest interval either way.
pub(super) fn due_offset(value: ValueRef<'_>) -> Result<Option<i32>, Damage> {
    match value {
        ValueRef::Null => Ok(None),
        ValueRef::Integer(n) if (-MAX_OFFSET..=MAX_OFFSET).contains(&n) => Ok(Some(n as i32)),
        ValueRef::Integer(n) => Err(Damage::Offset(n.to_string())),
        ValueRef::Real(x) => Err(Damage::Offset(x.to_string())),
        ValueRef::Text(t) => Err(Damage::Offset(format!("{:?}", String::from_utf8_lossy(t)))),
        ValueRef::Blob(_) => Err(Damage::Offset("a blob".into())),
    }
}

/// A stored load balancer offset as readers take it: a damaged one is an
/// error naming its card (through `of_card`), never read as some number.
pub(super) struct DueOffset(pub Option<i32>);

impl FromSql for DueOffset {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<DueOffset> {
        due_offset(value).map(DueOffset).map_err(Damage::into_sql)
    }
}

/// The furthest a due day may move either way: the longest interval
/// (schema step 8's CHECK writes it as a literal, frozen).
pub(super) const MAX_OFFSET: i64 = crate::scheduler::sm2::MAX_INTERVAL as i64;

/// What is wrong with a stored kind, if anything, for `check`, which reads
/// raw values so that it can report damage instead of stopping at it.
pub(super) fn kind_damage(value: ValueRef<'_>) -> Option<String> {
    match Kind::column_result(value) {
        Ok(_) => None,
        Err(FromSqlError::Other(damage)) => Some(damage.to_string()),
        Err(other) => Some(format!("has a kind that is not text ({other})")),
    }
}

/// A damaged value, with the card it belongs to and the column it was read
/// from: what `Fault` turns into `StoreError::Damaged`.
#[derive(Debug, thiserror::Error)]
#[error("{what}")]
pub(super) struct CardDamage {
    pub card: i64,
    pub what: String,
}

/// Names the card in a damaged value's error, so that the error says which
/// card to look at; other errors pass unchanged. For lists, it also names
/// the column (`answer`, `context_md`, …).
pub(super) fn of_card(
    card: i64,
    row: &rusqlite::Row<'_>,
    error: rusqlite::Error,
) -> rusqlite::Error {
    let rusqlite::Error::FromSqlConversionFailure(index, kind, inner) = error else {
        return error;
    };
    let Some(damage) = inner.downcast_ref::<Damage>() else {
        return rusqlite::Error::FromSqlConversionFailure(index, kind, inner);
    };
    let column = row.as_ref().column_name(index).unwrap_or("text");
    let what = damage.of_column(column);
    rusqlite::Error::FromSqlConversionFailure(index, kind, Box::new(CardDamage { card, what }))
}

/// The damage `of_card` named, if this error is one.
pub(super) fn card_damage(error: &rusqlite::Error) -> Option<&CardDamage> {
    match error {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => {
            (inner.as_ref() as &(dyn Error + 'static)).downcast_ref()
        }
        _ => None,
    }
}

impl ToSql for Kind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl FromSql for Kind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Kind> {
        let text = value.as_str()?;
        Kind::parse(text).ok_or_else(|| Damage::Kind(text.to_string()).into_sql())
    }
}

impl ToSql for Grade {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(self.value().into())
    }
}

impl FromSql for Grade {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Grade> {
        let n = value.as_i64()?;
        u8::try_from(n)
            .ok()
            .and_then(Grade::new)
            .ok_or_else(|| Damage::Grade(n).into_sql())
    }
}

/// A list of plain or Markdown text, stored as a JSON array of strings.
pub(super) struct TextList(pub Vec<String>);

impl FromSql for TextList {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<TextList> {
        let text = value.as_str()?;
        serde_json::from_str(text)
            .map(TextList)
            .map_err(|_| Damage::List(text.to_string()).into_sql())
    }
}

/// Checks that stored text is a JSON list of strings without building it,
/// for listings that pass the JSON through as it is.
pub(super) fn check_text_list(text: &str) -> Result<(), Damage> {
    use serde::de::{Deserializer, SeqAccess, Visitor};

    /// Accepts a string and keeps nothing of it.
    struct AnyText;
    impl<'de> serde::Deserialize<'de> for AnyText {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<AnyText, D::Error> {
            d.deserialize_str(AnyText)
        }
    }
    impl Visitor<'_> for AnyText {
        type Value = AnyText;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("text")
        }
        fn visit_str<E>(self, _: &str) -> Result<AnyText, E> {
            Ok(AnyText)
        }
    }

    struct Texts;
    impl<'de> Visitor<'de> for Texts {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of text")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element::<AnyText>()?.is_some() {}
            Ok(())
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    de.deserialize_seq(Texts)
        .and_then(|()| de.end())
        .map_err(|_| Damage::List(text.to_string()))
}

/// Column `index` of `row`: stored text that must be a JSON list of text,
/// checked and passed through as it is.
pub(super) fn text_list_json<'r>(
    row: &'r rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<&'r str> {
    let text = row.get_ref(index)?.as_str()?;
    check_text_list(text).map_err(|damage| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            Box::new(damage),
        )
    })?;
    Ok(text)
}
