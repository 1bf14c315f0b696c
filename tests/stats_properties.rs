//! Property tests of the statistics module: monotone quantiles, intervals that contain their
//! estimates, and results that do not depend on the order of the incidents.

use proptest::prelude::*;
use whys::stats::{
    bootstrap_median_ci, geometric_mean, max, mean, median, median_ratio_with, p90, poisson_ci,
    quantile, share_meeting, RatioSettings, MIN_COUNT_FOR_CHANGE,
};

/// Durations in minutes: mostly continuous, sometimes small whole numbers so that ties occur.
fn duration() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => 0.5f64..5000.0,
        1 => (1u32..6).prop_map(f64::from),
    ]
}

fn durations(max_len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(duration(), 1..max_len)
}

/// A sample and a shuffled copy of it.
fn sample_and_shuffle(max_len: usize) -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    durations(max_len).prop_flat_map(|values| (Just(values.clone()), Just(values).prop_shuffle()))
}

/// Cheaper resampling than the report's, so that many cases run quickly in debug builds.
fn quick_settings(seed: u64) -> RatioSettings {
    RatioSettings {
        resamples: 300,
        permutations: 300,
        ..RatioSettings::with_seed(seed)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn quantile_is_monotone_in_p(values in durations(60), p1 in 0.0f64..=1.0, p2 in 0.0f64..=1.0) {
        let (low, high) = if p1 <= p2 { (p1, p2) } else { (p2, p1) };
        let q_low = quantile(&values, low).unwrap();
        let q_high = quantile(&values, high).unwrap();
        prop_assert!(q_low <= q_high, "q({low}) = {q_low} > q({high}) = {q_high}");
        let smallest = values.iter().copied().fold(f64::INFINITY, f64::min);
        prop_assert!(smallest <= q_low && q_high <= max(&values).unwrap());
    }

    #[test]
    fn median_matches_a_sort_and_pick_reference(values in durations(60)) {
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let want = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        let got = median(&values).unwrap();
        prop_assert!((got - want).abs() <= 1e-12 * want.abs());
        let q50 = quantile(&values, 0.5).unwrap();
        prop_assert!((got - q50).abs() <= 1e-12 * want.abs());
    }

    #[test]
    fn descriptive_statistics_ignore_input_order((values, shuffled) in sample_and_shuffle(60)) {
        prop_assert_eq!(median(&values), median(&shuffled));
        prop_assert_eq!(quantile(&values, 0.37), quantile(&shuffled, 0.37));
        prop_assert_eq!(p90(&values), p90(&shuffled));
        prop_assert_eq!(mean(&values), mean(&shuffled));
        prop_assert_eq!(geometric_mean(&values), geometric_mean(&shuffled));
        prop_assert_eq!(max(&values), max(&shuffled));
        prop_assert_eq!(share_meeting(&values, 30.0), share_meeting(&shuffled, 30.0));
    }

    #[test]
    fn median_interval_contains_the_median_and_ignores_order(
        (values, shuffled) in sample_and_shuffle(40),
        seed in any::<u64>(),
    ) {
        let ci = bootstrap_median_ci(&values, 0.95, 500, seed).unwrap();
        let estimate = median(&values).unwrap();
        prop_assert!(ci.lo <= ci.hi);
        prop_assert!(ci.contains(estimate), "{estimate} not in {ci:?}");
        prop_assert_eq!(bootstrap_median_ci(&shuffled, 0.95, 500, seed).unwrap(), ci);
    }

    #[test]
    fn ratio_interval_contains_the_ratio_and_ignores_order(
        (prev, prev_shuffled) in sample_and_shuffle(30),
        (cur, cur_shuffled) in sample_and_shuffle(30),
        seed in any::<u64>(),
    ) {
        let result = median_ratio_with(&prev, &cur, &quick_settings(seed)).unwrap();
        let want = median(&cur).unwrap() / median(&prev).unwrap();
        prop_assert!((result.ratio - want).abs() <= 1e-12 * want);
        prop_assert!(result.ci.contains(result.ratio), "{} not in {:?}", result.ratio, result.ci);
        prop_assert!(result.p_value > 0.0 && result.p_value <= 1.0);
        let too_few = prev.len().min(cur.len()) < MIN_COUNT_FOR_CHANGE;
        prop_assert_eq!(result.too_few_to_detect, too_few);
        prop_assert_eq!(result.detectable, !too_few && result.ci.excludes(1.0));
        let again = median_ratio_with(&prev_shuffled, &cur_shuffled, &quick_settings(seed)).unwrap();
        prop_assert_eq!(again, result);
    }

    #[test]
    fn poisson_interval_contains_the_count_and_grows_with_it(count in 0u64..500) {
        let ci = poisson_ci(count, 0.95).unwrap();
        let next = poisson_ci(count + 1, 0.95).unwrap();
        prop_assert!(ci.lo <= count as f64 && count as f64 <= ci.hi);
        prop_assert!(ci.lo < next.lo);
        prop_assert!(ci.hi < next.hi);
        let wider = poisson_ci(count, 0.99).unwrap();
        prop_assert!(wider.lo <= ci.lo && ci.hi <= wider.hi);
    }
}
