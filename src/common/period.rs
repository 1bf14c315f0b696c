//! Date flags as people write them: `2022`, `2022-03`, `2022-Q1` or `2022-03-14`. A period
//! flag names a span of days; `--since` takes its first day and `--until` its last.

use chrono::{Datelike, NaiveDate};

/// The first and last day of the period `text` names.
pub fn period_days(text: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let t = text.trim();
    let bad = || {
        format!(
            "`{t}` is not a date or a period; write YYYY (2022), YYYY-MM (2022-03), YYYY-Qn (2022-Q1) or YYYY-MM-DD (2022-03-14)"
        )
    };
    if let Ok(day) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok((day, day));
    }
    let (year_text, rest) = match t.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (t, None),
    };
    if year_text.len() != 4 {
        return Err(bad());
    }
    let year: i32 = year_text.parse().map_err(|_| bad())?;
    let (first_month, months) = match rest {
        None => (1, 12),
        Some(q) if q.len() == 2 && (q.starts_with('Q') || q.starts_with('q')) => {
            match q[1..].parse::<u32>() {
                Ok(n @ 1..=4) => (3 * (n - 1) + 1, 3),
                _ => return Err(bad()),
            }
        }
        Some(m) if m.len() == 2 => match m.parse::<u32>() {
            Ok(n @ 1..=12) => (n, 1),
            _ => return Err(bad()),
        },
        Some(_) => return Err(bad()),
    };
    let first = NaiveDate::from_ymd_opt(year, first_month, 1).ok_or_else(bad)?;
    let after = first
        .checked_add_months(chrono::Months::new(months))
        .ok_or_else(bad)?;
    let last = after.pred_opt().ok_or_else(bad)?;
    debug_assert!(last.year() == year);
    Ok((first, last))
}

/// For `--since`: the first day of the period.
pub fn period_start(text: &str) -> Result<NaiveDate, String> {
    period_days(text).map(|(first, _)| first)
}

/// For `--until`: the last day of the period.
pub fn period_end(text: &str) -> Result<NaiveDate, String> {
    period_days(text).map(|(_, last)| last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_span_their_days() {
        assert_eq!(
            period_days("2022").unwrap(),
            (d("2022-01-01"), d("2022-12-31"))
        );
        assert_eq!(
            period_days("2024-02").unwrap(),
            (d("2024-02-01"), d("2024-02-29"))
        );
        assert_eq!(
            period_days("2022-Q4").unwrap(),
            (d("2022-10-01"), d("2022-12-31"))
        );
        assert_eq!(
            period_days("2022-03-14").unwrap(),
            (d("2022-03-14"), d("2022-03-14"))
        );
        for bad in [
            "",
            "22",
            "2022-13",
            "2022-Q5",
            "2022-3",
            "last year",
            "2022-03-32",
        ] {
            assert!(period_days(bad).is_err(), "{bad}");
        }
    }
}
