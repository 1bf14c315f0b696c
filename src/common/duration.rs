//! Durations for people.

use chrono::TimeDelta;

/// "3 d 4 h", "25 min", "12 s": for messages.
pub fn human_duration(delta: TimeDelta) -> String {
    let secs = delta.num_seconds().unsigned_abs();
    match secs {
        s if s >= 86_400 => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
        s if s >= 3600 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        s if s >= 60 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}
