//! Counting for people: field paths count from 0 (`timeline[6]`), sentences from 1
//! ("the 7th timeline entry").

/// `index` (from 0) as an English ordinal counted from 1: 0 → "1st", 10 → "11th", 21 → "22nd".
pub fn ordinal(index: usize) -> String {
    let n = index + 1;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::ordinal;

    #[test]
    fn ordinals_count_from_one() {
        let shown: Vec<String> = [0, 1, 2, 3, 6, 10, 11, 12, 20, 21, 100, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            shown,
            [
                "1st", "2nd", "3rd", "4th", "7th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "112th"
            ]
        );
    }
}
