//! Percentile bootstrap interval for the median.

use super::describe::{midpoint, quantile_by_selection};
use super::rng::Xoshiro256StarStar;
use super::{check_level, sorted_finite, Interval, StatsError};

/// The confidence level the report uses: 95%.
pub const DEFAULT_LEVEL: f64 = 0.95;

/// Bootstrap resamples the report uses. The Monte Carlo error of a 2.5% percentile from
/// B resamples is about `sqrt(0.025 · 0.975 / B)` in probability, about 0.35 percentage
/// points at 2000, small beside the width of the interval itself with tens of incidents.
pub const DEFAULT_RESAMPLES: usize = 2000;

/// Stream of the seed used by [`bootstrap_median_ci`] (see [`Xoshiro256StarStar::for_stream`]).
const MEDIAN_CI_STREAM: u64 = 1;

/// A percentile bootstrap interval for the median (Efron and Tibshirani, "An Introduction to
/// the Bootstrap", 1993, ch. 13): draw `resamples` samples of the same size with replacement,
/// take each one's median, and return the `(1 - level)/2` and `(1 + level)/2` quantiles
/// (R type 7, as in [`super::quantile`]) of those medians.
///
/// The same values and seed always give the same interval, whatever their order: the values
/// are sorted before resampling. With one value the interval is that value; with very few
/// values the bootstrap distribution of the median takes only a handful of values, so the
/// interval is coarse (and its coverage below `level`): the report should show `n` beside it.
pub fn bootstrap_median_ci(
    values: &[f64],
    level: f64,
    resamples: usize,
    seed: u64,
) -> Result<Interval, StatsError> {
    check_level(level)?;
    if resamples == 0 {
        return Err(StatsError::NoResamples { what: "resamples" });
    }
    let sorted = sorted_finite(values, "input")?;
    let mut rng = Xoshiro256StarStar::for_stream(seed, MEDIAN_CI_STREAM);
    let mut resampler = MedianResampler::new(&sorted);
    let mut medians: Vec<f64> = (0..resamples)
        .map(|_| resampler.resampled_median(&mut rng))
        .collect();
    Ok(percentile_interval(&mut medians, level))
}

/// The central `level` percentile interval of bootstrap statistics, which it reorders.
pub(crate) fn percentile_interval(statistics: &mut [f64], level: f64) -> Interval {
    let tail = (1.0 - level) / 2.0;
    Interval {
        lo: quantile_by_selection(statistics, tail),
        hi: quantile_by_selection(statistics, 1.0 - tail),
    }
}

/// Draws bootstrap resamples of a sorted sample and returns their medians, in O(n) per
/// resample: because the sample is sorted, the order statistics of a resample are found by
/// counting how often each position was drawn, without sorting the resample.
pub(crate) struct MedianResampler<'a> {
    sorted: &'a [f64],
    draws_per_position: Vec<u32>,
}

impl<'a> MedianResampler<'a> {
    /// A resampler over `sorted`, which must be sorted ascending and non-empty.
    pub(crate) fn new(sorted: &'a [f64]) -> Self {
        Self {
            sorted,
            draws_per_position: vec![0; sorted.len()],
        }
    }

    /// The median of one resample of `n` draws with replacement.
    pub(crate) fn resampled_median(&mut self, rng: &mut Xoshiro256StarStar) -> f64 {
        let n = self.sorted.len();
        self.draws_per_position.fill(0);
        for _ in 0..n {
            self.draws_per_position[rng.index(n)] += 1;
        }
        // 0-based ranks of the middle order statistics; equal for odd n.
        let lower_rank = (n - 1) / 2;
        let upper_rank = n / 2;
        let mut drawn_so_far = 0usize;
        let mut lower_value = None;
        for (position, &draws) in self.draws_per_position.iter().enumerate() {
            drawn_so_far += draws as usize;
            if lower_value.is_none() && drawn_so_far > lower_rank {
                lower_value = Some(self.sorted[position]);
            }
            if drawn_so_far > upper_rank {
                let upper_value = self.sorted[position];
                return match lower_value {
                    Some(lower) if lower_rank != upper_rank => midpoint(lower, upper_value),
                    _ => upper_value,
                };
            }
        }
        // Unreachable: the counts add up to n > upper_rank. The sample's own median is the
        // honest fallback rather than a panic.
        super::describe::median_of_sorted(self.sorted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_gives_a_point_interval() {
        let ci = bootstrap_median_ci(&[12.0], 0.95, 500, 1).unwrap();
        assert_eq!(ci, Interval { lo: 12.0, hi: 12.0 });
    }

    #[test]
    fn two_values_span_both() {
        // Resample medians of [1, 3] are 1, 2 or 3 with probabilities 1/4, 1/2, 1/4, so the
        // 2.5% and 97.5% points are 1 and 3.
        let ci = bootstrap_median_ci(&[3.0, 1.0], 0.95, 2000, 9).unwrap();
        assert_eq!(ci, Interval { lo: 1.0, hi: 3.0 });
    }

    #[test]
    fn resampled_medians_follow_the_exact_bootstrap_distribution() {
        // For [1, 2, 3] the resample median is 1 when at least two of the three draws are
        // the 1: 3·(1/3)²·(2/3) + (1/3)³ = 7/27; by symmetry 3 also has 7/27, and 2 has 13/27.
        let sorted = [1.0, 2.0, 3.0];
        let mut resampler = MedianResampler::new(&sorted);
        let mut rng = Xoshiro256StarStar::seed_from_u64(5);
        let trials = 27_000;
        let mut counts = [0usize; 3];
        for _ in 0..trials {
            let m = resampler.resampled_median(&mut rng);
            counts[m as usize - 1] += 1;
        }
        // 7000, 13000, 7000 expected; sd about 72 and 82.
        assert!((counts[0] as i64 - 7000).abs() < 450, "{counts:?}");
        assert!((counts[1] as i64 - 13000).abs() < 450, "{counts:?}");
        assert!((counts[2] as i64 - 7000).abs() < 450, "{counts:?}");
    }

    #[test]
    fn even_resamples_average_the_middle_pair() {
        let sorted = [10.0, 20.0];
        let mut resampler = MedianResampler::new(&sorted);
        let mut rng = Xoshiro256StarStar::seed_from_u64(11);
        for _ in 0..200 {
            let m = resampler.resampled_median(&mut rng);
            assert!(m == 10.0 || m == 15.0 || m == 20.0, "{m}");
        }
    }

    #[test]
    fn interval_is_reproducible_and_brackets_the_median() {
        let values = [
            5.0, 7.0, 12.0, 13.0, 18.0, 22.0, 40.0, 41.0, 65.0, 300.0, 9.0,
        ];
        let a = bootstrap_median_ci(&values, 0.95, 2000, 42).unwrap();
        let b = bootstrap_median_ci(&values, 0.95, 2000, 42).unwrap();
        assert_eq!(a, b);
        assert!(a.contains(18.0));
        assert!(a.lo < a.hi);
        let mut reversed = values;
        reversed.reverse();
        assert_eq!(bootstrap_median_ci(&reversed, 0.95, 2000, 42).unwrap(), a);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert_eq!(
            bootstrap_median_ci(&[], 0.95, 100, 1),
            Err(StatsError::Empty { sample: "input" })
        );
        assert!(matches!(
            bootstrap_median_ci(&[1.0, f64::NAN], 0.95, 100, 1),
            Err(StatsError::NonFinite { index: 1, .. })
        ));
        assert_eq!(
            bootstrap_median_ci(&[1.0], 0.95, 0, 1),
            Err(StatsError::NoResamples { what: "resamples" })
        );
        assert_eq!(
            bootstrap_median_ci(&[1.0], 1.0, 10, 1),
            Err(StatsError::InvalidLevel(1.0))
        );
    }
}
