//! "Now" and "today": the moment a command runs at (the system clock, or
//! `RECALL_NOW` so scripts and tests can travel in time) and the recall day it
//! falls in, which starts at a configurable hour rather than midnight
//! (docs/design.md §4).

use chrono::{DateTime, Datelike, FixedOffset, Local, NaiveDate, TimeDelta};

use crate::scheduler::Day;

/// `NaiveDate::num_days_from_ce` of 1970-01-01: the offset between chrono's
/// day count and ours.
const EPOCH_FROM_CE: i32 = 719_163;

/// Errors: a malformed RECALL_NOW.
#[derive(Debug, thiserror::Error)]
pub enum ClockError {
    #[error("RECALL_NOW={value:?} is not an RFC 3339 time (like 2026-03-01T09:30:00+09:00)")]
    BadNow { value: String },
}

/// The moment a command runs at, as a fixed-offset local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub now: DateTime<FixedOffset>,
    /// Hour (local time) at which a new recall day starts.
    pub day_starts_at: u32,
}

impl Clock {
    /// From the value of RECALL_NOW if given (parsed as RFC 3339; its own
    /// offset is taken as local time so tests are independent of the
    /// machine's time zone), else the system clock in the local time zone.
    pub fn new(recall_now: Option<&str>, day_starts_at: u32) -> Result<Clock, ClockError> {
        let now = match recall_now {
            Some(value) => parse_now(value)?,
            None => Local::now().fixed_offset(),
        };
        Ok(Clock { now, day_starts_at })
    }

    /// Reads RECALL_NOW from the environment (an empty value counts as unset)
    /// and calls `new`. Only this and `new(None, _)` look outside the process.
    pub fn from_env(day_starts_at: u32) -> Result<Clock, ClockError> {
        let value = match std::env::var("RECALL_NOW") {
            Ok(value) => value,
            Err(std::env::VarError::NotPresent) => String::new(),
            // Not UTF-8, so certainly not RFC 3339: say so rather than ignore it.
            Err(std::env::VarError::NotUnicode(raw)) => {
                return Err(ClockError::BadNow {
                    value: raw.to_string_lossy().into_owned(),
                });
            }
        };
        Clock::new(
            Some(value.as_str()).filter(|v| !v.is_empty()),
            day_starts_at,
        )
    }

    /// Today's day number: the local date of (now - day_starts_at hours), so
    /// a session past midnight still counts for the evening before.
    pub fn today(&self) -> Day {
        let shifted = self.now - TimeDelta::hours(i64::from(self.day_starts_at));
        date_to_day(shifted.date_naive())
    }

    /// The recall day a Unix time falls in, read in this clock's offset
    /// and day start (as `today` reads now).
    pub fn day_of(&self, at: i64) -> Day {
        let local = at + i64::from(self.now.offset().local_minus_utc())
            - i64::from(self.day_starts_at) * 3600;
        Day::try_from(local.div_euclid(86_400)).unwrap_or(if local < 0 {
            Day::MIN
        } else {
            Day::MAX
        })
    }

    /// Seconds since the Unix epoch (for timestamps in the review log).
    pub fn timestamp(&self) -> i64 {
        self.now.timestamp()
    }
}

fn parse_now(value: &str) -> Result<DateTime<FixedOffset>, ClockError> {
    DateTime::parse_from_rfc3339(value).map_err(|_| ClockError::BadNow {
        value: value.to_string(),
    })
}

/// A day number as a calendar date. Numbers beyond chrono's calendar (some
/// 262,000 years out) cannot come from a real date; they clamp to its ends
/// rather than panic.
pub fn day_to_date(day: Day) -> NaiveDate {
    day.checked_add(EPOCH_FROM_CE)
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(if day < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// A calendar date as a day number.
pub fn date_to_day(date: NaiveDate) -> Day {
    date.num_days_from_ce() - EPOCH_FROM_CE
}

/// The weekday of a recall day, which easy days are named by
/// (docs/design.md §15).
pub fn weekday(day: Day) -> chrono::Weekday {
    day_to_date(day).weekday()
}

/// Day number formatted YYYY-MM-DD.
pub fn format_day(day: Day) -> String {
    // Written out by hand: chrono's strftime parser showed in profiles of
    // `cards --json`, which formats a date per card.
    let date = day_to_date(day);
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(now: &str, day_starts_at: u32) -> Clock {
        Clock::new(Some(now), day_starts_at).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> Day {
        date_to_day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn epoch_is_day_zero() {
        assert_eq!(day(1970, 1, 1), 0);
        assert_eq!(day(1970, 1, 2), 1);
        assert_eq!(day(1969, 12, 31), -1);
        assert_eq!(day(2026, 3, 1), 20_513);
    }

    #[test]
    fn day_starts_at_four() {
        assert_eq!(clock("2026-03-01T03:59:59Z", 4).today(), day(2026, 2, 28));
        assert_eq!(clock("2026-03-01T04:00:00Z", 4).today(), day(2026, 3, 1));
        assert_eq!(clock("2026-03-01T23:59:59Z", 4).today(), day(2026, 3, 1));
    }

    #[test]
    fn day_starts_at_midnight() {
        assert_eq!(clock("2026-02-28T23:59:59Z", 0).today(), day(2026, 2, 28));
        assert_eq!(clock("2026-03-01T00:00:00Z", 0).today(), day(2026, 3, 1));
    }

    #[test]
    fn offset_is_local_time() {
        // 09:30 in Tokyo is 00:30 UTC: the learner's morning counts, not the
        // small hours of a UTC day that has not reached 04:00 yet.
        let tokyo = clock("2026-03-01T09:30:00+09:00", 4);
        assert_eq!(tokyo.today(), day(2026, 3, 1));
        assert_eq!(tokyo.now.offset().local_minus_utc(), 9 * 3600);
        assert_eq!(clock("2026-03-01T00:30:00Z", 4).today(), day(2026, 2, 28));
        assert_eq!(
            clock("2026-03-01T01:30:00+09:00", 4).today(),
            day(2026, 2, 28)
        );
    }

    #[test]
    fn timestamp_is_unix_seconds() {
        assert_eq!(clock("1970-01-01T00:00:00Z", 4).timestamp(), 0);
        assert_eq!(
            clock("2026-03-01T09:30:00+09:00", 4).timestamp(),
            1_772_325_000
        );
    }

    #[test]
    fn a_unix_time_falls_in_the_recall_day_its_local_time_does() {
        let seoul = clock("2026-03-02T10:00:00+09:00", 4);
        assert_eq!(seoul.day_of(seoul.timestamp()), seoul.today());
        // 03:59 in Seoul on 1 March is still the last day of February.
        let before_four = clock("2026-03-01T03:59:00+09:00", 4).timestamp();
        assert_eq!(seoul.day_of(before_four), day(2026, 2, 28));
        assert_eq!(seoul.day_of(before_four + 60), day(2026, 3, 1));
        assert_eq!(clock("1970-01-01T00:00:00Z", 0).day_of(-1), -1);
    }

    #[test]
    fn malformed_now_is_an_error() {
        for bad in ["yesterday", "2026-13-01T00:00:00Z", "2026-03-01", ""] {
            let ClockError::BadNow { value } = Clock::new(Some(bad), 4).unwrap_err();
            assert_eq!(value, bad);
        }
    }

    #[test]
    fn error_message_names_the_variable_and_value() {
        let err = Clock::new(Some("yesterday"), 4).unwrap_err();
        assert_eq!(
            err.to_string(),
            "RECALL_NOW=\"yesterday\" is not an RFC 3339 time (like 2026-03-01T09:30:00+09:00)"
        );
    }

    #[test]
    fn date_round_trip() {
        for d in [-800_000, -1, 0, 1, 20_513, 2_932_896] {
            assert_eq!(date_to_day(day_to_date(d)), d);
        }
        let leap = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(day_to_date(date_to_day(leap)), leap);
    }

    #[test]
    fn out_of_calendar_days_clamp() {
        assert_eq!(day_to_date(Day::MAX), NaiveDate::MAX);
        assert_eq!(day_to_date(Day::MIN), NaiveDate::MIN);
    }

    #[test]
    fn format_day_is_iso() {
        assert_eq!(format_day(0), "1970-01-01");
        assert_eq!(format_day(day(2026, 3, 1)), "2026-03-01");
        assert_eq!(format_day(day(2024, 2, 29)), "2024-02-29");
    }
}
