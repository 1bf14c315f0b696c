//! Comparing two periods: the ratio of their median durations, how uncertain it is, and
//! whether it is larger than chance.

use super::bootstrap::{percentile_interval, MedianResampler, DEFAULT_LEVEL, DEFAULT_RESAMPLES};
use super::describe::{median_of_sorted, midpoint};
use super::power::{minimum_detectable_ratio, pooled_log_sd};
use super::rng::Xoshiro256StarStar;
use super::split::{middle_ranks, MiddlePositions, SplitSampler};
use super::variates::VariateSource;
use super::{check_level, sorted_positive, Interval, StatsError};

/// Random permutations for the Monte Carlo p-value. Its resolution is `1 / (B + 1)`, and at
/// p = 0.05 its standard error is about `sqrt(0.05 · 0.95 / 2000) = 0.005`.
pub const DEFAULT_PERMUTATIONS: usize = 2000;

/// When the two samples can be split into groups of their sizes in at most this many ways,
/// the permutation test enumerates every split and its p-value is exact.
pub const EXACT_PERMUTATION_LIMIT: u64 = 10_000;

/// The fewest incidents a period needs before a change can be called detectable. Below it
/// the bootstrap distribution of a median takes only a handful of values and the percentile
/// interval is far too narrow: in simulation (log-normal, sigma 1, no real change, 1000
/// trials each) it excluded 1 in 100% of trials with one incident per period, 31% with two,
/// 10% with three and 8% with four, against the nominal 5%; with five or more it was 3-6%.
/// The exact permutation test agrees that nothing smaller can be shown: with at most four
/// per period its p-value never fell below 0.05.
pub const MIN_COUNT_FOR_CHANGE: usize = 5;

/// Seed streams (see [`Xoshiro256StarStar::for_stream`]); distinct from the one of
/// [`super::bootstrap_median_ci`] so the same seed gives unrelated draws.
const RATIO_BOOTSTRAP_STREAM: u64 = 2;
const PERMUTATION_STREAM: u64 = 3;

/// Two log-median differences closer than this count as equal in the permutation test:
/// splits whose medians have exactly the same ratio as the observed ones can differ in the
/// last bits after rounding (the observed statistic is a difference of logarithms, each
/// split is tested by a product), and they must count as "at least as extreme".
const STATISTIC_TIE_TOLERANCE: f64 = 1e-9;

/// How [`median_ratio_with`] resamples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatioSettings {
    /// Confidence level of the interval of the ratio, strictly between 0 and 1.
    pub level: f64,
    /// Bootstrap resamples for the interval.
    pub resamples: usize,
    /// Random permutations for the p-value when the exact test is too large.
    pub permutations: usize,
    /// Seed of every random draw: the same seed gives the same result.
    pub seed: u64,
}

impl RatioSettings {
    /// The report's settings ([`DEFAULT_LEVEL`], [`DEFAULT_RESAMPLES`],
    /// [`DEFAULT_PERMUTATIONS`]) with the given seed.
    pub fn with_seed(seed: u64) -> Self {
        Self {
            level: DEFAULT_LEVEL,
            resamples: DEFAULT_RESAMPLES,
            permutations: DEFAULT_PERMUTATIONS,
            seed,
        }
    }
}

impl Default for RatioSettings {
    fn default() -> Self {
        Self::with_seed(0)
    }
}

/// How the p-value was obtained, so a report can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PValueMethod {
    /// Every way of splitting the pooled durations into groups of the two sizes was tried.
    ExactPermutation {
        /// How many splits there are: `C(n_prev + n_cur, n_cur)`.
        splits: u64,
    },
    /// A random sample of splits was tried.
    MonteCarloPermutation {
        /// How many random splits.
        permutations: usize,
    },
}

/// The change from a previous period to the current one.
#[derive(Debug, Clone, PartialEq)]
pub struct MedianRatio {
    /// Median of the previous period.
    pub prev_median: f64,
    /// Median of the current period.
    pub cur_median: f64,
    /// `cur_median / prev_median`: below 1 means faster (better) in the current period.
    pub ratio: f64,
    /// Percentile bootstrap interval of the ratio at `level`.
    pub ci: Interval,
    /// Confidence level of `ci`.
    pub level: f64,
    /// Whether the change is larger than chance: `ci` excludes 1 (DESIGN.md's rule) and
    /// neither period is `too_few_to_detect`.
    pub detectable: bool,
    /// A period has fewer than [`MIN_COUNT_FOR_CHANGE`] incidents, so no change is called
    /// detectable, whatever `ci` says; the report should say "too few incidents" instead.
    pub too_few_to_detect: bool,
    /// Two-sided permutation-test p-value for "both periods come from one distribution",
    /// with the absolute difference of log medians as the statistic.
    pub p_value: f64,
    /// Exact or Monte Carlo.
    pub p_value_method: PValueMethod,
    /// The smallest ratio (either way) these sample sizes and this spread would detect with
    /// 80% power at the 5% level ([`minimum_detectable_ratio`] with [`pooled_log_sd`]);
    /// `None` when there are too few values to estimate the spread.
    pub minimum_detectable_ratio: Option<f64>,
}

/// [`median_ratio_with`] at the report's settings ([`RatioSettings::with_seed`]).
pub fn median_ratio(prev: &[f64], cur: &[f64], seed: u64) -> Result<MedianRatio, StatsError> {
    median_ratio_with(prev, cur, &RatioSettings::with_seed(seed))
}

/// Compares the durations of two periods by the ratio of their medians, `cur / prev`.
///
/// - **Interval**: percentile bootstrap. Each period is resampled independently with
///   replacement (the periods are independent samples), the ratio of the two resample
///   medians is taken `settings.resamples` times, and the interval is the central
///   `settings.level` range of those ratios (R type 7 quantiles).
/// - **Detectable**: the interval excludes 1 (DESIGN.md's rule), and each period has at
///   least [`MIN_COUNT_FOR_CHANGE`] incidents (below that the interval is not trustworthy).
/// - **p-value**: two-sided permutation test of "the two periods' durations come from one
///   distribution", with statistic `T = |ln median(cur) - ln median(prev)|` (the size of the
///   log ratio, so halving and doubling are equally extreme). Under that hypothesis every
///   split of the pooled durations into groups of the two sizes is equally likely; the
///   p-value is the share of splits with `T` at least the observed one. When there are at
///   most [`EXACT_PERMUTATION_LIMIT`] splits all are enumerated (exact p-value); otherwise
///   `settings.permutations` uniformly random splits are drawn (only where each group's
///   middle order statistics fall, which is all the statistic needs) and
///   `p = (1 + b) / (1 + B)`, with `b`
///   of the `B` random splits at least as extreme (Phipson and Smyth, 2010: never 0, and
///   valid).
///
/// The interval and the p-value answer slightly different questions and, near the edge,
/// can disagree; the report decides by the interval and prints the p-value beside it.
///
/// Durations must be positive and finite (logs and ratios), and each period non-empty.
/// The result does not depend on the order of either input.
pub fn median_ratio_with(
    prev: &[f64],
    cur: &[f64],
    settings: &RatioSettings,
) -> Result<MedianRatio, StatsError> {
    check_level(settings.level)?;
    if settings.resamples == 0 {
        return Err(StatsError::NoResamples { what: "resamples" });
    }
    if settings.permutations == 0 {
        return Err(StatsError::NoResamples {
            what: "permutations",
        });
    }
    let prev_sorted = sorted_positive(prev, "previous")?;
    let cur_sorted = sorted_positive(cur, "current")?;
    let prev_median = median_of_sorted(&prev_sorted);
    let cur_median = median_of_sorted(&cur_sorted);
    let ratio = cur_median / prev_median;

    let ci = bootstrap_ratio_interval(&prev_sorted, &cur_sorted, settings)?;
    let (p_value, p_value_method) = permutation_p_value(
        &prev_sorted,
        &cur_sorted,
        settings.permutations,
        settings.seed,
    );
    let minimum_detectable_ratio = pooled_log_sd(prev, cur)
        .ok()
        .and_then(|sd| minimum_detectable_ratio(prev.len(), cur.len(), sd));

    let too_few_to_detect =
        prev_sorted.len() < MIN_COUNT_FOR_CHANGE || cur_sorted.len() < MIN_COUNT_FOR_CHANGE;

    Ok(MedianRatio {
        prev_median,
        cur_median,
        ratio,
        ci,
        level: settings.level,
        detectable: !too_few_to_detect && ci.excludes(1.0),
        too_few_to_detect,
        p_value,
        p_value_method,
        minimum_detectable_ratio,
    })
}

/// Percentile bootstrap interval of `median(cur*) / median(prev*)`: each period's resample
/// median is drawn independently by [`MedianResampler`].
fn bootstrap_ratio_interval(
    prev_sorted: &[f64],
    cur_sorted: &[f64],
    settings: &RatioSettings,
) -> Result<Interval, StatsError> {
    let mut source = VariateSource::new(Xoshiro256StarStar::for_stream(
        settings.seed,
        RATIO_BOOTSTRAP_STREAM,
    ));
    let mut prev_resampler = MedianResampler::new(prev_sorted, "previous")?;
    let mut cur_resampler = MedianResampler::new(cur_sorted, "current")?;
    let mut ratios: Vec<f64> = (0..settings.resamples)
        .map(|_| {
            let prev_median = prev_resampler.resampled_median(&mut source);
            let cur_median = cur_resampler.resampled_median(&mut source);
            cur_median / prev_median
        })
        .collect();
    Ok(percentile_interval(&mut ratios, settings.level))
}

/// The permutation test's statistic: the absolute log ratio of the two medians.
fn log_median_distance(prev_median: f64, cur_median: f64) -> f64 {
    (cur_median.ln() - prev_median.ln()).abs()
}

/// Whether one split of the sorted pooled sample, given by the pooled positions of each
/// group's middle order statistics, has a statistic `|ln c - ln p|` of at least `t`, where
/// `threshold_factor = e^t`. That holds exactly when `c >= p·e^t` or `p >= c·e^t` (ln is
/// increasing), so no logarithm is taken per split.
fn split_at_least(pooled: &[f64], middle: MiddlePositions, threshold_factor: f64) -> bool {
    let median_at = |(lower, upper): (usize, usize)| {
        if lower == upper {
            pooled[lower]
        } else {
            midpoint(pooled[lower], pooled[upper])
        }
    };
    let (prev, cur) = (median_at(middle.prev), median_at(middle.cur));
    cur >= prev * threshold_factor || prev >= cur * threshold_factor
}

/// The `rank`-th (0-based) position of `0..` that is not in `chosen_sorted`: starting from
/// `rank`, every chosen position at or below the candidate pushes it one further.
fn nth_unchosen(chosen_sorted: &[usize], rank: usize) -> usize {
    let mut position = rank;
    for &chosen in chosen_sorted {
        if chosen > position {
            break;
        }
        position += 1;
    }
    position
}

/// `C(n, k)` if it is at most `cap`, else `None`.
fn binomial_up_to(n: usize, k: usize, cap: u64) -> Option<u64> {
    let k = k.min(n - k);
    let mut count: u128 = 1;
    for i in 0..k {
        // C(n, i + 1) = C(n, i) · (n - i) / (i + 1), an integer at every step.
        count = count * (n - i) as u128 / (i + 1) as u128;
        if count > u128::from(cap) {
            return None;
        }
    }
    u64::try_from(count).ok()
}

/// The permutation p-value and how it was computed (see [`median_ratio_with`]).
fn permutation_p_value(
    prev_sorted: &[f64],
    cur_sorted: &[f64],
    permutations: usize,
    seed: u64,
) -> (f64, PValueMethod) {
    let observed = log_median_distance(median_of_sorted(prev_sorted), median_of_sorted(cur_sorted));
    let threshold_factor = (observed - STATISTIC_TIE_TOLERANCE).exp();
    let mut pooled: Vec<f64> = prev_sorted.iter().chain(cur_sorted).copied().collect();
    pooled.sort_by(f64::total_cmp);
    let total = pooled.len();
    let cur_n = cur_sorted.len();
    let prev_n = prev_sorted.len();

    if let Some(splits) = binomial_up_to(total, cur_n, EXACT_PERMUTATION_LIMIT) {
        // Enumerate the cur_n-subsets of positions in lexicographic order. Each subset is
        // sorted, so the current group's middle positions are read from it directly and the
        // previous group's are found among the positions it leaves out.
        let (cur_lower, cur_upper) = middle_ranks(cur_n);
        let (prev_lower, prev_upper) = middle_ranks(prev_n);
        let mut chosen: Vec<usize> = (0..cur_n).collect();
        let mut at_least_as_extreme: u64 = 0;
        loop {
            let middle = MiddlePositions {
                prev: (
                    nth_unchosen(&chosen, prev_lower),
                    nth_unchosen(&chosen, prev_upper),
                ),
                cur: (chosen[cur_lower], chosen[cur_upper]),
            };
            if split_at_least(&pooled, middle, threshold_factor) {
                at_least_as_extreme += 1;
            }
            // Advance to the next subset: bump the rightmost index that can still move.
            let Some(slot) = (0..cur_n).rev().find(|&i| chosen[i] < total - cur_n + i) else {
                break;
            };
            chosen[slot] += 1;
            for next in slot + 1..cur_n {
                chosen[next] = chosen[next - 1] + 1;
            }
        }
        let p_value = at_least_as_extreme as f64 / splits as f64;
        return (p_value, PValueMethod::ExactPermutation { splits });
    }

    let mut rng = Xoshiro256StarStar::for_stream(seed, PERMUTATION_STREAM);
    let mut sampler = SplitSampler::new(prev_n, cur_n);
    let at_least_as_extreme = (0..permutations)
        .filter(|_| split_at_least(&pooled, sampler.sample(&mut rng), threshold_factor))
        .count();
    let p_value = (1 + at_least_as_extreme) as f64 / (1 + permutations) as f64;
    (
        p_value,
        PValueMethod::MonteCarloPermutation { permutations },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The permutation p-value from first principles: every subset of positions of the right
    /// size, as a bit mask, each group's median by sorting it.
    fn brute_force_p_value(prev: &[f64], cur: &[f64]) -> f64 {
        let pooled: Vec<f64> = prev.iter().chain(cur).copied().collect();
        let median = |mut group: Vec<f64>| {
            group.sort_by(f64::total_cmp);
            let n = group.len();
            if n % 2 == 1 {
                group[n / 2]
            } else {
                (group[n / 2 - 1] + group[n / 2]) / 2.0
            }
        };
        let observed = (median(cur.to_vec()).ln() - median(prev.to_vec()).ln()).abs();
        let (mut extreme, mut splits) = (0u32, 0u32);
        for mask in 0u32..(1 << pooled.len()) {
            if mask.count_ones() as usize != cur.len() {
                continue;
            }
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for (i, &v) in pooled.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    b.push(v);
                } else {
                    a.push(v);
                }
            }
            splits += 1;
            if (median(b).ln() - median(a).ln()).abs() >= observed - 1e-9 {
                extreme += 1;
            }
        }
        f64::from(extreme) / f64::from(splits)
    }

    #[test]
    fn hand_computed_exact_permutation_p_value() {
        // Pool {1, 2, 3, 4}, groups of two; observed medians 1.5 and 3.5. The six splits
        // (current group listed) have median ratios: {3,4}: 3.5/1.5, {1,2}: 1.5/3.5,
        // {1,3} and {2,4}: 2/3 and 3/2, {1,4} and {2,3}: 1. Two of six are as extreme.
        let result = median_ratio(&[1.0, 2.0], &[3.0, 4.0], 7).unwrap();
        assert!((result.p_value - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            result.p_value_method,
            PValueMethod::ExactPermutation { splits: 6 }
        );
        assert!((result.ratio - 3.5 / 1.5).abs() < 1e-12);
    }

    #[test]
    fn exact_p_values_match_brute_force_with_ties() {
        let cases: [(&[f64], &[f64]); 4] = [
            (&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]),
            (&[5.0, 5.0, 7.0, 30.0], &[5.0, 9.0, 9.0]),
            (
                &[12.0, 3.0, 45.0, 8.0, 20.0],
                &[60.0, 33.0, 90.0, 15.0, 240.0, 41.0],
            ),
            (&[2.0], &[2.0, 2.0, 3.0]),
        ];
        for (prev, cur) in cases {
            let result = median_ratio(prev, cur, 1).unwrap();
            assert!(matches!(
                result.p_value_method,
                PValueMethod::ExactPermutation { .. }
            ));
            let want = brute_force_p_value(prev, cur);
            assert!(
                (result.p_value - want).abs() < 1e-12,
                "{prev:?} vs {cur:?}: {} vs {want}",
                result.p_value
            );
        }
    }

    #[test]
    fn monte_carlo_p_value_approximates_the_exact_one() {
        // C(18, 9) = 48620 splits: too many to enumerate, few enough for the brute force.
        let prev = [4.0, 9.0, 12.0, 15.0, 22.0, 30.0, 31.0, 55.0, 80.0];
        let cur = [10.0, 18.0, 25.0, 40.0, 41.0, 52.0, 70.0, 95.0, 200.0];
        let settings = RatioSettings {
            permutations: 20_000,
            ..RatioSettings::with_seed(3)
        };
        let result = median_ratio_with(&prev, &cur, &settings).unwrap();
        assert_eq!(
            result.p_value_method,
            PValueMethod::MonteCarloPermutation {
                permutations: 20_000
            }
        );
        let want = brute_force_p_value(&prev, &cur);
        // Standard error at most sqrt(0.25 / 20000) = 0.0035.
        assert!(
            (result.p_value - want).abs() < 0.015,
            "{} vs {want}",
            result.p_value
        );
    }

    #[test]
    fn tiny_periods_are_never_a_detectable_change() {
        // Resample medians of [10, 20] are 10, 15 or 20 and of [40, 50] 40, 45 or 50, so the
        // bootstrap ratios all lie in [2, 5] and the interval excludes 1; yet only 2 of the 6
        // splits of the pool are this extreme (p = 1/3): far from a demonstrated change.
        let result = median_ratio(&[10.0, 20.0], &[40.0, 50.0], 4).unwrap();
        assert!(result.ci.excludes(1.0));
        assert!((result.p_value - 1.0 / 3.0).abs() < 1e-12);
        assert!(result.too_few_to_detect);
        assert!(!result.detectable);
        // One incident in the current period beside many in the previous one.
        let prev: Vec<f64> = (1..=30).map(f64::from).collect();
        let result = median_ratio(&prev, &[400.0], 4).unwrap();
        assert!(result.too_few_to_detect && !result.detectable);
        // Five each is enough to be judged.
        let prev = [10.0, 11.0, 12.0, 13.0, 14.0];
        let cur = [100.0, 110.0, 120.0, 130.0, 140.0];
        let result = median_ratio(&prev, &cur, 4).unwrap();
        assert!(!result.too_few_to_detect);
        assert!(result.detectable);
    }

    #[test]
    fn identical_periods_are_not_a_change() {
        let period = [5.0, 12.0, 30.0, 31.0, 47.0, 60.0, 180.0];
        let result = median_ratio(&period, &period, 11).unwrap();
        assert_eq!(result.ratio, 1.0);
        assert!(!result.detectable);
        assert!(result.ci.contains(1.0));
        assert!(result.p_value > 0.5);
    }

    #[test]
    fn a_large_clear_change_is_detectable() {
        let prev: Vec<f64> = (0..25).map(|i| 100.0 + 4.0 * f64::from(i)).collect();
        let cur: Vec<f64> = prev.iter().map(|v| v / 5.0).collect();
        let result = median_ratio(&prev, &cur, 2).unwrap();
        assert!((result.ratio - 0.2).abs() < 1e-12);
        assert!(result.detectable);
        assert!(result.ci.hi < 1.0);
        assert!(result.p_value < 0.01);
        assert!(result.minimum_detectable_ratio.unwrap() > 1.0);
    }

    #[test]
    fn result_is_reproducible_and_order_free() {
        let prev = [
            14.0, 3.0, 27.0, 9.0, 61.0, 18.0, 22.0, 5.0, 45.0, 33.0, 12.0, 7.0,
        ];
        let cur = [
            8.0, 2.0, 19.0, 6.0, 25.0, 4.0, 11.0, 16.0, 9.0, 30.0, 3.0, 13.0,
        ];
        let a = median_ratio(&prev, &cur, 99).unwrap();
        let b = median_ratio(&prev, &cur, 99).unwrap();
        assert_eq!(a, b);
        let mut prev_reversed = prev;
        prev_reversed.reverse();
        let mut cur_rotated = cur;
        cur_rotated.rotate_left(5);
        assert_eq!(median_ratio(&prev_reversed, &cur_rotated, 99).unwrap(), a);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert_eq!(
            median_ratio(&[], &[1.0], 0),
            Err(StatsError::Empty { sample: "previous" })
        );
        assert_eq!(
            median_ratio(&[1.0], &[], 0),
            Err(StatsError::Empty { sample: "current" })
        );
        assert!(matches!(
            median_ratio(&[1.0], &[2.0, 0.0], 0),
            Err(StatsError::NonPositive {
                sample: "current",
                index: 1,
                ..
            })
        ));
        assert!(matches!(
            median_ratio(&[f64::NAN], &[2.0], 0),
            Err(StatsError::NonFinite { .. })
        ));
        let no_permutations = RatioSettings {
            permutations: 0,
            ..RatioSettings::default()
        };
        assert_eq!(
            median_ratio_with(&[1.0], &[2.0], &no_permutations),
            Err(StatsError::NoResamples {
                what: "permutations"
            })
        );
    }

    #[test]
    fn binomial_is_exact_and_capped() {
        assert_eq!(binomial_up_to(4, 2, 100), Some(6));
        assert_eq!(binomial_up_to(18, 9, 100_000), Some(48_620));
        assert_eq!(binomial_up_to(18, 9, 10_000), None);
        assert_eq!(binomial_up_to(60, 30, 10_000), None);
        assert_eq!(binomial_up_to(5, 5, 10), Some(1));
    }
}
