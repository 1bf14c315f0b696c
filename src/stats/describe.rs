//! Descriptive statistics of one sample of durations.
//!
//! Each function returns `None` when the sample is empty or holds a NaN or infinite value, so
//! the report can print "n/a" (or JSON `null`) instead of a made-up number.

use super::sorted_finite;

/// The smallest sample for which [`p90`] reports a value. With fewer incidents the 90th
/// percentile is decided by one or two of them, so DESIGN.md makes `p90_minutes` null there.
pub const P90_MIN_COUNT: usize = 20;

/// The median: the middle value of the sorted sample, and for an even count the mean of the
/// two middle values (the convention the JSON report promises).
pub fn median(values: &[f64]) -> Option<f64> {
    sorted_finite(values, "input")
        .ok()
        .map(|sorted| median_of_sorted(&sorted))
}

/// The `p`-quantile, `0 <= p <= 1`, by Hyndman and Fan's definition 7 (the default of R's
/// `quantile()`, and of NumPy's `percentile`): with the sample sorted as
/// `x[0] <= ... <= x[n-1]` and `h = (n - 1) p`, the result is
/// `x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)])`,
/// a linear interpolation between order statistics. `quantile(_, 0.5)` is the median and
/// `quantile(_, 1.0)` the maximum. For 1..=10, `p = 0.9` gives 9.1.
///
/// `None` for an empty sample, a non-finite value, or `p` outside `[0, 1]` (or NaN).
pub fn quantile(values: &[f64], p: f64) -> Option<f64> {
    if !(0.0..=1.0).contains(&p) {
        return None;
    }
    sorted_finite(values, "input")
        .ok()
        .map(|sorted| quantile_of_sorted(&sorted, p))
}

/// The 90th percentile ([`quantile`] at 0.9), or `None` when the sample has fewer than
/// [`P90_MIN_COUNT`] values.
pub fn p90(values: &[f64]) -> Option<f64> {
    if values.len() < P90_MIN_COUNT {
        return None;
    }
    quantile(values, 0.9)
}

/// The arithmetic mean. Shown beside the median because managers ask for it, but a single
/// long incident moves it a lot. `None` also when the sum overflows.
pub fn mean(values: &[f64]) -> Option<f64> {
    let sorted = sorted_finite(values, "input").ok()?;
    // Summing in sorted order makes the result independent of input order (floating-point
    // addition is not associative).
    let result = sorted.iter().sum::<f64>() / sorted.len() as f64;
    result.is_finite().then_some(result)
}

/// The geometric mean, `exp(mean(ln x))`: the natural centre of log-normal-like durations.
/// `None` when any value is zero or negative (its logarithm is undefined).
pub fn geometric_mean(values: &[f64]) -> Option<f64> {
    let sorted = sorted_finite(values, "input").ok()?;
    if sorted[0] <= 0.0 {
        return None;
    }
    let mean_log = sorted.iter().map(|v| v.ln()).sum::<f64>() / sorted.len() as f64;
    Some(mean_log.exp())
}

/// The largest value.
pub fn max(values: &[f64]) -> Option<f64> {
    let sorted = sorted_finite(values, "input").ok()?;
    sorted.last().copied()
}

/// The share of values at or below `target_minutes` ("mitigated within 30 minutes" includes
/// exactly 30), in `[0, 1]`. `None` for an empty sample, a non-finite value, or a NaN target.
pub fn share_meeting(values: &[f64], target_minutes: f64) -> Option<f64> {
    if target_minutes.is_nan() {
        return None;
    }
    let sorted = sorted_finite(values, "input").ok()?;
    let met = sorted.iter().filter(|&&v| v <= target_minutes).count();
    Some(met as f64 / sorted.len() as f64)
}

/// The Wilson score 95% interval of a share of `successes` in `trials` (Wilson, 1927; see
/// Brown, Cai and DasGupta, 2001, for why it beats the textbook p ± z·se at small n and
/// shares near 0 or 1). `None` for no trials or more successes than trials.
pub fn share_ci95(successes: usize, trials: usize) -> Option<super::Interval> {
    if trials == 0 || successes > trials {
        return None;
    }
    // The 97.5% point of the standard normal.
    const Z: f64 = 1.959_963_984_540_054;
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = Z * Z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    Some(super::Interval {
        lo: (centre - half).max(0.0),
        hi: (centre + half).min(1.0),
    })
}

/// Median of a sorted, non-empty, finite sample.
pub(crate) fn median_of_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        midpoint(sorted[n / 2 - 1], sorted[n / 2])
    }
}

/// Mean of two values, halving first so that two huge values cannot overflow.
pub(crate) fn midpoint(a: f64, b: f64) -> f64 {
    a / 2.0 + b / 2.0
}

/// R type 7 quantile of a sorted, non-empty, finite sample; `p` in `[0, 1]`.
pub(crate) fn quantile_of_sorted(sorted: &[f64], p: f64) -> f64 {
    let (below, fraction) = type_7_position(sorted.len(), p);
    if below + 1 >= sorted.len() || fraction <= 0.0 {
        return sorted[below];
    }
    interpolate(sorted[below], sorted[below + 1], fraction)
}

/// The same quantile as [`quantile_of_sorted`], of an unsorted non-empty, finite sample, which
/// it reorders: the two order statistics it needs are found by selection in O(n) instead of
/// sorting in O(n log n). Both compare by `f64::total_cmp`, so they pick the same values.
pub(crate) fn quantile_by_selection(values: &mut [f64], p: f64) -> f64 {
    let n = values.len();
    let (below, fraction) = type_7_position(n, p);
    let (_, lo, above) = values.select_nth_unstable_by(below, f64::total_cmp);
    let lo = *lo;
    if below + 1 >= n || fraction <= 0.0 {
        return lo;
    }
    // The next order statistic is the smallest value above the selected one.
    let hi = above.iter().copied().min_by(f64::total_cmp).unwrap_or(lo);
    interpolate(lo, hi, fraction)
}

/// With the sample sorted as `x[0] <= ... <= x[n-1]` and `h = (n - 1) p`, the index
/// `floor(h)` (kept below `n`) and the fraction `h - floor(h)` of the way to the next value.
fn type_7_position(n: usize, p: f64) -> (usize, f64) {
    let h = (n - 1) as f64 * p;
    let below = (h.floor() as usize).min(n - 1);
    (below, h - below as f64)
}

/// `lo + fraction·(hi - lo)`, within `[lo, hi]`.
fn interpolate(lo: f64, hi: f64, fraction: f64) -> f64 {
    // Rounding in `hi - lo` can push the sum an ulp past `hi`; clamping keeps the quantile
    // monotone in `p` and inside the sample's range.
    (lo + fraction * (hi - lo)).clamp(lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_interval_matches_the_textbook() {
        // 12 of 40: Wilson 95% is 0.1807 to 0.4543 (centre 0.3175, half-width 0.1368).
        let i = share_ci95(12, 40).unwrap();
        assert!(
            (i.lo - 0.1807).abs() < 5e-4 && (i.hi - 0.4543).abs() < 5e-4,
            "{i:?}"
        );
        // 0 of 10 still has an upper bound (0.2775), which p ± z·se would not give.
        let i = share_ci95(0, 10).unwrap();
        assert_eq!(i.lo, 0.0);
        assert!((i.hi - 0.2775).abs() < 5e-4, "{i:?}");
        assert!(share_ci95(3, 0).is_none() && share_ci95(4, 3).is_none());
    }

    #[test]
    fn quantile_by_selection_equals_quantile_of_sorted() {
        // Ties, negative zero beside zero, and sizes around the bootstrap's 2000.
        let mut state = 12_345u64;
        for n in [1usize, 2, 3, 10, 41, 1999, 2000] {
            let values: Vec<f64> = (0..n)
                .map(|i| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    match i % 7 {
                        0 => 0.0,
                        1 => -0.0,
                        _ => ((state >> 40) % 50) as f64 / 4.0,
                    }
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            for p in [0.0, 0.025, 0.1, 0.5, 0.9, 0.975, 1.0] {
                let mut scratch = values.clone();
                let selected = quantile_by_selection(&mut scratch, p);
                let want = quantile_of_sorted(&sorted, p);
                assert_eq!(selected.to_bits(), want.to_bits(), "n {n}, p {p}");
            }
        }
    }

    #[test]
    fn median_of_odd_even_and_tiny_samples() {
        assert_eq!(median(&[7.0]), Some(7.0));
        assert_eq!(median(&[3.0, 1.0]), Some(2.0));
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        // Ties: the middle values are the tied ones.
        assert_eq!(median(&[2.0, 2.0, 2.0, 9.0]), Some(2.0));
        assert_eq!(median(&[1.0, 5.0, 5.0, 5.0, 100.0]), Some(5.0));
        assert_eq!(median(&[1.0, 1.0, 3.0, 3.0]), Some(2.0));
    }

    #[test]
    fn empty_and_non_finite_samples_give_none() {
        for f in [median, mean, geometric_mean, max, p90] {
            assert_eq!(f(&[]), None);
            assert_eq!(f(&[1.0, f64::NAN]), None);
            assert_eq!(f(&[1.0, f64::INFINITY]), None);
        }
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[f64::NAN], 0.5), None);
        assert_eq!(share_meeting(&[], 30.0), None);
        assert_eq!(share_meeting(&[f64::NAN], 30.0), None);
        assert_eq!(share_meeting(&[1.0], f64::NAN), None);
    }

    #[test]
    fn quantile_type_7_reference_values() {
        let one_to_ten: Vec<f64> = (1..=10).map(f64::from).collect();
        // R: quantile(1:10, c(0, .1, .25, .5, .75, .9, 1)) = 1, 1.9, 3.25, 5.5, 7.75, 9.1, 10
        let expected = [
            (0.0, 1.0),
            (0.1, 1.9),
            (0.25, 3.25),
            (0.5, 5.5),
            (0.75, 7.75),
            (0.9, 9.1),
            (1.0, 10.0),
        ];
        for (p, want) in expected {
            let got = quantile(&one_to_ten, p).unwrap();
            assert!(
                (got - want).abs() < 1e-12,
                "p = {p}: got {got}, want {want}"
            );
        }
        // Hand computed: sorted [1, 2, 4, 8], h = 3 * 0.5 = 1.5 -> 2 + 0.5 * (4 - 2) = 3.
        assert_eq!(quantile(&[8.0, 1.0, 4.0, 2.0], 0.5), Some(3.0));
        // h = 3 * 0.2 = 0.6 -> 1 + 0.6 * (2 - 1) = 1.6.
        assert!((quantile(&[8.0, 1.0, 4.0, 2.0], 0.2).unwrap() - 1.6).abs() < 1e-12);
        assert_eq!(quantile(&[42.0], 0.37), Some(42.0));
        assert_eq!(quantile(&[1.0, 2.0], -0.1), None);
        assert_eq!(quantile(&[1.0, 2.0], 1.1), None);
        assert_eq!(quantile(&[1.0, 2.0], f64::NAN), None);
    }

    #[test]
    fn p90_needs_twenty_values() {
        let nineteen: Vec<f64> = (1..=19).map(f64::from).collect();
        assert_eq!(p90(&nineteen), None);
        let twenty: Vec<f64> = (1..=20).map(f64::from).collect();
        // h = 19 * 0.9 = 17.1 -> x[17] + 0.1 (x[18] - x[17]) = 18 + 0.1 = 18.1.
        assert!((p90(&twenty).unwrap() - 18.1).abs() < 1e-12);
    }

    #[test]
    fn means_and_max() {
        assert_eq!(mean(&[1.0, 2.0, 3.0, 10.0]), Some(4.0));
        // Geometric mean of 1, 10, 100 is 10.
        assert!((geometric_mean(&[1.0, 10.0, 100.0]).unwrap() - 10.0).abs() < 1e-12);
        assert!((geometric_mean(&[2.0, 8.0]).unwrap() - 4.0).abs() < 1e-12);
        assert_eq!(geometric_mean(&[0.0, 8.0]), None);
        assert_eq!(geometric_mean(&[-1.0, 8.0]), None);
        assert_eq!(max(&[3.0, 9.5, -2.0]), Some(9.5));
        assert_eq!(mean(&[f64::MAX, f64::MAX]), None);
    }

    #[test]
    fn share_meeting_counts_the_target_itself() {
        assert_eq!(share_meeting(&[10.0, 30.0, 31.0, 120.0], 30.0), Some(0.5));
        assert_eq!(share_meeting(&[31.0], 30.0), Some(0.0));
        assert_eq!(share_meeting(&[1.0, 2.0], 30.0), Some(1.0));
    }
}
