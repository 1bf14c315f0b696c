//! Times and dates as a post-mortem writes them.
//!
//! A record's times must carry an explicit UTC offset: "02:00" means nothing when the
//! payments team is in Berlin and the database team in Oregon. The types here parse
//! RFC 3339 strictly and say how to fix the text when it is not.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Marker text at the start of a time error, so the loader can give it its own rule id.
pub(crate) const NO_OFFSET_MARK: &str = "time has no UTC offset";

/// A point in time with the offset the author wrote, e.g. `2025-10-07T08:30:00+02:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<FixedOffset>);

impl Timestamp {
    /// A git commit's time with the offset it was written in.
    pub fn from_git(t: git2::Time) -> Timestamp {
        use chrono::Offset;
        // An offset git cannot have written (beyond a day) is read as UTC.
        let offset =
            chrono::FixedOffset::east_opt(t.offset_minutes() * 60).unwrap_or_else(|| Utc.fix());
        let utc = chrono::DateTime::from_timestamp(t.seconds(), 0).unwrap_or_default();
        Timestamp(utc.with_timezone(&offset))
    }

    /// Parses RFC 3339 with an explicit offset (`Z` or `+hh:mm`); a space may stand for `T`.
    pub fn parse(text: &str) -> Result<Timestamp, String> {
        let text = text.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Ok(Timestamp(t));
        }
        // Say precisely what is wrong: a missing offset is the common case.
        let without_offset = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"));
        if let Ok(naive) = without_offset {
            return Err(format!(
                "{NO_OFFSET_MARK}: `{text}`; write `{}Z` for UTC or add the local offset, e.g. `{}+02:00`",
                naive.format("%Y-%m-%dT%H:%M:%S"),
                naive.format("%Y-%m-%dT%H:%M:%S")
            ));
        }
        if NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
            return Err(format!(
                "{NO_OFFSET_MARK}: `{text}` is a date without a time; write e.g. `{text}T00:00:00Z`"
            ));
        }
        Err(format!(
            "`{text}` is not an RFC 3339 time; write it like `2025-10-07T08:30:00Z` or `2025-10-07T10:30:00+02:00`"
        ))
    }

    pub fn utc(&self) -> DateTime<Utc> {
        self.0.with_timezone(&Utc)
    }

    /// Minutes from `self` to `later` (negative when `later` is earlier).
    pub fn minutes_until(&self, later: &Timestamp) -> f64 {
        (later.0 - self.0).num_milliseconds() as f64 / 60_000.0
    }

    /// Two times less than a second apart are the same instant: the clocks of two
    /// systems skew, and a status page rounds differently from a pager.
    pub fn same_instant(&self, other: &Timestamp) -> bool {
        (self.0 - other.0).abs() < TimeDelta::seconds(1)
    }

    /// `self` is before `other` by at least a second.
    pub fn clearly_before(&self, other: &Timestamp) -> bool {
        !self.same_instant(other) && self.0 < other.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let offset = self.0.offset().local_minus_utc();
        if offset == 0 {
            write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S%.fZ"))
        } else {
            write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S%.f%:z"))
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339 time with an explicit offset, e.g. 2025-10-07T08:30:00Z",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|z|[+-]\\d{2}:\\d{2})$"
        })
    }
}

/// A calendar day, `YYYY-MM-DD`, as action items use for `due` and `done_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub NaiveDate);

impl Day {
    pub fn parse(text: &str) -> Result<Day, String> {
        let text = text.trim();
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Day)
            .map_err(|_| {
                format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. `2025-11-07`")
            })
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Day::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Day {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Day".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "a calendar day, YYYY-MM-DD",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_required_and_the_fix_is_spelled_out() {
        assert!(Timestamp::parse("2025-10-07T08:30:00Z").is_ok());
        assert!(Timestamp::parse("2025-10-07T10:30:00+02:00").is_ok());
        let err = Timestamp::parse("2025-10-07T08:30:00").unwrap_err();
        assert!(err.starts_with(NO_OFFSET_MARK), "{err}");
        assert!(err.contains("2025-10-07T08:30:00Z"), "{err}");
        let err = Timestamp::parse("2025-13-45T08:30:00Z").unwrap_err();
        assert!(err.contains("not an RFC 3339 time"), "{err}");
    }

    #[test]
    fn sub_second_differences_are_the_same_instant() {
        let a = Timestamp::parse("2023-01-10T17:04:42.456Z").unwrap();
        let b = Timestamp::parse("2023-01-10T17:04:42.462Z").unwrap();
        assert!(a.same_instant(&b));
        assert!(!a.clearly_before(&b));
    }

    #[test]
    fn display_keeps_the_written_offset() {
        let t = Timestamp::parse("2025-10-07T10:30:00+02:00").unwrap();
        assert_eq!(t.to_string(), "2025-10-07T10:30:00+02:00");
        let t = Timestamp::parse("2025-10-07T08:30:00Z").unwrap();
        assert_eq!(t.to_string(), "2025-10-07T08:30:00Z");
    }

    #[test]
    fn days_reject_impossible_dates() {
        assert!(Day::parse("2025-11-07").is_ok());
        assert!(Day::parse("2025-13-45").is_err());
    }
}
