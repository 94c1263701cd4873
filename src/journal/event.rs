//! One journal line: the event format, its encoding and its decoding
//! (docs/design.md §10). A line is one compact JSON object with short field
//! names, so a typical grade stays near 110 bytes.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

use crate::cards::{self, Kind};
use crate::scheduler::{Day, Grade};

/// The newest journal format this build reads, and writes for a grade the
/// load balancer moved (docs/design.md §15): version 2 is version 1 plus a
/// grade's `b`, the days its card's due day was moved by. Every other line
/// is written as version 1, byte for byte as before, so that only the
/// lines an older recall would misread stop it (`LineError::Newer`).
pub const VERSION: u32 = 2;

/// The version of lines without a balanced grade.
const VERSION_1: u32 = 1;

/// A device's id: 1 to 32 lowercase ASCII letters or digits. It names the
/// device's journal file and starts each of its event ids, so it must be
/// safe in a file name and hold no `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceId(String);

impl DeviceId {
    /// `s` as a device id, if it is one.
    pub fn parse(s: &str) -> Option<DeviceId> {
        let valid = (1..=32).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        valid.then(|| DeviceId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A globally unique event id, `<device>-<sequence>`: the device that wrote
/// the event and its 1-based place in that device's file. Only one device
/// writes a file, so no two events share an id. Ids order by device, then
/// by sequence as a number; merge breaks ties in time with this order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventId {
    pub device: DeviceId,
    pub seq: u64,
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.device, self.seq)
    }
}

impl FromStr for EventId {
    type Err = ();

    /// A device id, `-`, and a decimal sequence without sign or leading zero.
    fn from_str(s: &str) -> Result<EventId, ()> {
        let (device, seq) = s.split_once('-').ok_or(())?;
        let canonical = !seq.is_empty()
            && seq.bytes().all(|b| b.is_ascii_digit())
            && !(seq.len() > 1 && seq.starts_with('0'));
        if !canonical {
            return Err(());
        }
        Ok(EventId {
            device: DeviceId::parse(device).ok_or(())?,
            seq: seq.parse().map_err(|_| ())?,
        })
    }
}

/// A card as events name it: a 64-bit FNV-1a hash of its deck and key
/// (`card_name`), written as 16 hex digits. Never a local row id, which
/// differs between devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardName(pub u64);

impl fmt::Display for CardName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl FromStr for CardName {
    type Err = ();

    fn from_str(s: &str) -> Result<CardName, ()> {
        let hex = s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !hex {
            return Err(());
        }
        u64::from_str_radix(s, 16).map(CardName).map_err(|_| ())
    }
}

/// Where a grade stands among the grades of its second (docs/design.md
/// §10): those with a journal event in event id order, as the union orders
/// them on every device, then those not journaled yet. Callers break what
/// is left of a tie by review id.
pub fn second_order(event: Option<&str>) -> (bool, Option<EventId>) {
    let id = event.and_then(|e| e.parse().ok());
    (id.is_none(), id)
}

/// 64-bit FNV-1a (Fowler–Noll–Vo): small, fixed forever, and the same on
/// every platform, which a name shared between devices needs (std's hasher
/// promises none of that).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The name of the card with this identity (`cards::identity`: deck, kind,
/// context path, question, cloze phrase) and ordinal (docs/design.md §1, §3).
/// The canonical encoding gives each string its byte length first and the
/// context its part count (u32 little-endian), then the ordinal, so no two
/// identities encode alike whatever text they contain.
pub fn card_name(identity: cards::Identity<'_>, ordinal: u32) -> CardName {
    let (deck, kind, context, question, phrase) = identity;
    fn put(bytes: &mut Vec<u8>, s: &str) {
        bytes.extend_from_slice(&(s.len() as u32).to_le_bytes());
        bytes.extend_from_slice(s.as_bytes());
    }
    let mut bytes = Vec::with_capacity(64);
    put(&mut bytes, deck);
    put(&mut bytes, kind.as_str());
    bytes.extend_from_slice(&(context.len() as u32).to_le_bytes());
    for part in context {
        put(&mut bytes, part);
    }
    put(&mut bytes, question);
    put(&mut bytes, if kind == Kind::Cloze { phrase } else { "" });
    bytes.extend_from_slice(&ordinal.to_le_bytes());
    CardName(fnv1a64(&bytes))
}

/// One journal event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Event {
    pub id: EventId,
    pub body: Body,
}

/// What happened. Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Body {
    /// A grade given to `card` at `at`, on a clock `offset` minutes east of
    /// UTC, counted for recall day `day` (docs/design.md §4), its card's
    /// due day moved `due_offset` days by the load balancer (§15).
    Grade {
        card: CardName,
        grade: Grade,
        at: i64,
        offset: i32,
        day: Day,
        due_offset: Option<i32>,
    },
    /// The grade event `event` is undone.
    Undo {
        event: EventId,
    },
    Suspend {
        card: CardName,
        at: i64,
    },
    Unsuspend {
        card: CardName,
        at: i64,
    },
    /// A sync renamed, moved or revived a card: the card named `from` is
    /// named `to` from `at` on.
    Identity {
        from: CardName,
        to: CardName,
        at: i64,
        why: Change,
    },
}

/// Which of the sync's rules gave a card a new name (docs/design.md §3).
/// It is there for the reader of a journal; merging treats all alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// The question was edited.
    Renamed,
    /// The card moved to another section or file.
    Moved,
    /// A retired card came back under a key that differs from its last.
    Revived,
    /// The same card read anew (the Markdown reader changed).
    Changed,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Renamed => "renamed",
            Change::Moved => "moved",
            Change::Revived => "revived",
            Change::Changed => "changed",
        }
    }

    /// The change a sync outcome's name stands for.
    pub fn from_name(name: &str) -> Option<Change> {
        [
            Change::Renamed,
            Change::Moved,
            Change::Revived,
            Change::Changed,
        ]
        .into_iter()
        .find(|c| c.name() == name)
    }
}

/// Why a line is not an event this build can use. Display gives the reason
/// alone; the file reader adds the line number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("not a journal event: {0}")]
    Json(String),
    #[error(
        "journal version {found} is newer than this recall reads (version {VERSION}); upgrade recall"
    )]
    Newer { found: u64 },
    #[error("journal version {0} does not exist")]
    BadVersion(u64),
    #[error("unknown event kind `{0}`")]
    Kind(String),
    #[error("`{kind}` event without a valid `{field}`")]
    Field {
        kind: &'static str,
        field: &'static str,
    },
}

/// The line as JSON, as read: every field but the version and id is
/// optional, so one shape fits every kind. Strings are borrowed from the
/// line where they hold no escape.
#[derive(Debug, Deserialize)]
struct Wire<'a> {
    v: u64,
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    k: Cow<'a, str>,
    #[serde(default, borrow)]
    c: Option<Text<'a>>,
    #[serde(default)]
    g: Option<u8>,
    #[serde(default)]
    t: Option<i64>,
    #[serde(default)]
    o: Option<i32>,
    #[serde(default)]
    d: Option<Day>,
    /// A grade's due offset (version 2).
    #[serde(default)]
    b: Option<i32>,
    /// The undone event.
    #[serde(default, borrow)]
    u: Option<Text<'a>>,
    /// An identity change's old name (`c` holds the new one).
    #[serde(default, borrow)]
    f: Option<Text<'a>>,
    /// Why an identity changed.
    #[serde(default, borrow)]
    r: Option<Text<'a>>,
}

/// A string of a line, borrowed where it holds no escape. serde borrows a
/// `Cow` only as a field of its own, not inside an `Option`, hence this.
#[derive(Debug, Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// Read when a line does not fit `Wire`, so that a newer version is
/// refused as such even when its fields no longer fit this build's shape.
#[derive(Deserialize)]
struct VersionOnly {
    v: u64,
}

/// The event as one line of compact JSON, without the newline: the fields
/// in the order `v`, `id`, `k`, `c`, `g`, `t`, `o`, `d`, `b`, `u`, `f`,
/// `r`, each only where the kind has it; version 2 for a grade with a due
/// offset, else version 1. Every value is a number, one of a few
/// fixed words, a card name of hex digits, or an event id of lowercase
/// letters, digits and a dash, so nothing needs escaping.
pub fn encode(event: &Event) -> String {
    use fmt::Write as _;
    let mut line = String::with_capacity(112);
    let kind = match event.body {
        Body::Grade { .. } => "grade",
        Body::Undo { .. } => "undo",
        Body::Suspend { .. } => "suspend",
        Body::Unsuspend { .. } => "unsuspend",
        Body::Identity { .. } => "identity",
    };
    let version = match event.body {
        Body::Grade {
            due_offset: Some(_),
            ..
        } => VERSION,
        _ => VERSION_1,
    };
    // Writing to a String cannot fail.
    let _ = write!(line, r#"{{"v":{version},"id":"{}","k":"{kind}""#, event.id);
    let _ = match &event.body {
        Body::Grade {
            card,
            grade,
            at,
            offset,
            day,
            due_offset,
        } => write!(
            line,
            r#","c":"{card}","g":{},"t":{at},"o":{offset},"d":{day}"#,
            grade.value()
        )
        .and_then(|()| match due_offset {
            Some(moved) => write!(line, r#","b":{moved}"#),
            None => Ok(()),
        }),
        Body::Undo { event } => write!(line, r#","u":"{event}""#),
        Body::Suspend { card, at } | Body::Unsuspend { card, at } => {
            write!(line, r#","c":"{card}","t":{at}"#)
        }
        Body::Identity { from, to, at, why } => write!(
            line,
            r#","c":"{to}","t":{at},"f":"{from}","r":"{}""#,
            why.name()
        ),
    };
    line.push('}');
    line
}

/// One line (without its newline) as an event. Fields its version does not
/// have are ignored, as an older reader ignores them: a `b` counts only in
/// a line of version 2.
pub fn decode_line(line: &str) -> Result<Event, LineError> {
    let json = |e: serde_json::Error| LineError::Json(e.to_string());
    let wire: Wire = match serde_json::from_str(line) {
        Ok(wire) => wire,
        Err(e) => {
            let version = serde_json::from_str::<VersionOnly>(line).map_err(json)?.v;
            return Err(match version_error(version) {
                Some(refused) => refused,
                None => json(e),
            });
        }
    };
    if let Some(refused) = version_error(wire.v) {
        return Err(refused);
    }
    let kind: &'static str = match wire.k.as_ref() {
        "grade" => "grade",
        "undo" => "undo",
        "suspend" => "suspend",
        "unsuspend" => "unsuspend",
        "identity" => "identity",
        other => return Err(LineError::Kind(other.to_owned())),
    };
    let missing = |field| LineError::Field { kind, field };
    let id = wire.id.parse().map_err(|()| missing("id"))?;
    let card = |s: &Option<Text<'_>>, field| {
        s.as_deref()
            .and_then(|s| s.parse::<CardName>().ok())
            .ok_or(missing(field))
    };
    let at = wire.t.ok_or(missing("t"));
    let body = match kind {
        "grade" => Body::Grade {
            card: card(&wire.c, "c")?,
            grade: wire.g.and_then(Grade::new).ok_or(missing("g"))?,
            at: at?,
            // chrono's FixedOffset stops short of a day either way.
            offset: wire.o.filter(|o| o.abs() < 24 * 60).ok_or(missing("o"))?,
            day: wire.d.ok_or(missing("d"))?,
            due_offset: wire.b.filter(|_| wire.v >= 2),
        },
        "undo" => Body::Undo {
            event: wire
                .u
                .as_deref()
                .and_then(|u| u.parse().ok())
                .ok_or(missing("u"))?,
        },
        "suspend" => Body::Suspend {
            card: card(&wire.c, "c")?,
            at: at?,
        },
        "unsuspend" => Body::Unsuspend {
            card: card(&wire.c, "c")?,
            at: at?,
        },
        _ => Body::Identity {
            from: card(&wire.f, "f")?,
            to: card(&wire.c, "c")?,
            at: at?,
            why: wire
                .r
                .as_deref()
                .and_then(Change::from_name)
                .ok_or(missing("r"))?,
        },
    };
    Ok(Event { id, body })
}

/// Why a line of version `version` is refused, if it is.
fn version_error(version: u64) -> Option<LineError> {
    if version > u64::from(VERSION) {
        Some(LineError::Newer { found: version })
    } else if version == 0 {
        Some(LineError::BadVersion(version))
    } else {
        None
    }
}
