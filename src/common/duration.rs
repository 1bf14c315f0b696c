//! Durations for people: the one formatter of the library, and the one mark for a value
//! that is missing.

use chrono::TimeDelta;

/// What a table or a message shows where a value is missing.
pub const MISSING: &str = "–";

/// A duration for people, its sign dropped, at the precision that suits its size:
/// `850 ns`, `12.4 µs`, `73.9 ms`, `1.81 s`, `12 s`, `25 min`, `3 h 10 min`, `3 d 4 h`.
/// Record times (whole seconds) and trace spans (nanoseconds) both read well; from a minute
/// up, two units are enough for people (`4 min`, not `4 min 30 s`).
pub fn human_duration(delta: TimeDelta) -> String {
    const MICRO: u64 = 1_000;
    const MILLI: u64 = 1_000_000;
    const SECOND: u64 = 1_000_000_000;
    let delta = delta.abs();
    let secs = delta.num_seconds().unsigned_abs();
    let sub_ns = u64::from(delta.subsec_nanos().unsigned_abs());
    if secs == 0 && sub_ns < MICRO {
        format!("{sub_ns} ns")
    } else if secs == 0 && sub_ns < MILLI {
        format!("{:.1} µs", sub_ns as f64 / MICRO as f64)
    } else if secs == 0 && sub_ns < SECOND {
        format!("{:.1} ms", sub_ns as f64 / MILLI as f64)
    } else if secs < 60 && sub_ns != 0 {
        format!("{:.2} s", secs as f64 + sub_ns as f64 / SECOND as f64)
    } else {
        match secs {
            // A zero minor unit is left out: "1 h", not "1 h 0 min".
            s if s >= 86_400 => with_minor(s / 86_400, "d", (s % 86_400) / 3600, "h"),
            s if s >= 3600 => with_minor(s / 3600, "h", (s % 3600) / 60, "min"),
            s if s >= 60 => format!("{} min", s / 60),
            s => format!("{s} s"),
        }
    }
}

fn with_minor(major: u64, major_unit: &str, minor: u64, minor_unit: &str) -> String {
    if minor == 0 {
        format!("{major} {major_unit}")
    } else {
        format!("{major} {major_unit} {minor} {minor_unit}")
    }
}

/// A span of `ns` nanoseconds (a trace's unit), for [`human_duration`].
pub fn nanos(ns: u64) -> TimeDelta {
    TimeDelta::nanoseconds(i64::try_from(ns).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_size_reads_at_its_own_precision() {
        assert_eq!(human_duration(nanos(850)), "850 ns");
        assert_eq!(human_duration(nanos(12_400)), "12.4 µs");
        assert_eq!(human_duration(nanos(73_900_000)), "73.9 ms");
        assert_eq!(human_duration(nanos(1_810_000_000)), "1.81 s");
        assert_eq!(human_duration(TimeDelta::seconds(12)), "12 s");
        assert_eq!(human_duration(TimeDelta::seconds(-25 * 60)), "25 min");
        assert_eq!(human_duration(TimeDelta::seconds(125)), "2 min");
        assert_eq!(
            human_duration(TimeDelta::seconds(3 * 3600 + 600)),
            "3 h 10 min"
        );
        assert_eq!(
            human_duration(TimeDelta::seconds(3 * 86_400 + 4 * 3600)),
            "3 d 4 h"
        );
        assert_eq!(human_duration(TimeDelta::hours(12)), "12 h");
        assert_eq!(human_duration(TimeDelta::days(2)), "2 d");
    }
}
