//! How big a change the data could have shown: the minimum detectable ratio.
//!
//! A "no detectable change" is only informative beside the size of change that *would* have
//! been detected: with eight incidents a quarter, even halving the median usually goes
//! unnoticed.

use std::sync::OnceLock;

use super::special::regularized_gamma_q;
use super::{sorted_positive, StatsError};

/// Two-sided significance level of the comparison: 5%, to match the 95% intervals.
pub const DEFAULT_ALPHA: f64 = 0.05;

/// Power at which a change counts as "detectable": 80%, the usual convention.
pub const DEFAULT_POWER: f64 = 0.8;

/// Standard error of a sample median over that of a sample mean, for normal data:
/// `sqrt(π/2)` (the median's asymptotic variance is `π σ² / (2n)`; Kendall and Stuart). The
/// report decides on medians, which are less efficient than the mean of log durations that
/// the textbook formula assumes, so without this factor the formula would promise
/// detections the median comparison cannot deliver.
const MEDIAN_STANDARD_ERROR_FACTOR: f64 = 1.253_314_137_315_500_3;

/// The standard normal CDF, `Φ(z) = Q(1/2, z²/2) / 2` for `z <= 0` and `1 - Φ(-z)` above
/// (the chi-square with one degree of freedom is the square of a standard normal).
fn standard_normal_cdf(z: f64) -> f64 {
    let upper_tail = regularized_gamma_q(0.5, z * z / 2.0).unwrap_or(0.0) / 2.0;
    if z <= 0.0 {
        upper_tail
    } else {
        1.0 - upper_tail
    }
}

/// The `p`-quantile of the standard normal distribution (`normal_quantile(0.975)` is
/// 1.959964), by bisection on its CDF. `None` for `p` outside `(0, 1)`.
pub fn normal_quantile(p: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    if p > 0.5 {
        // Symmetry; bisecting in the lower tail keeps relative precision for small p.
        return normal_quantile(1.0 - p).map(|z| -z);
    }
    // Φ(-40) is far below the smallest positive f64, so [-40, 0] brackets every p <= 0.5.
    let (mut lo, mut hi) = (-40.0_f64, 0.0_f64);
    for _ in 0..200 {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            break;
        }
        if standard_normal_cdf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(lo + (hi - lo) / 2.0)
}

/// The pooled standard deviation of the natural logarithms of two samples,
/// `s = sqrt(((n₁ - 1) s₁² + (n₂ - 1) s₂²) / (n₁ + n₂ - 2))`, where `sᵢ²` is the usual
/// (n - 1) variance of `ln x` in sample i. Durations must be positive; the two samples
/// together need at least three values.
pub fn pooled_log_sd(prev: &[f64], cur: &[f64]) -> Result<f64, StatsError> {
    let prev_sorted = sorted_positive(prev, "previous")?;
    let cur_sorted = sorted_positive(cur, "current")?;
    let total = prev_sorted.len() + cur_sorted.len();
    if total < 3 {
        return Err(StatsError::TooFewValues {
            statistic: "a pooled standard deviation",
            needed: 3,
            got: total,
        });
    }
    let sum_of_squares = |sorted: &[f64]| {
        let logs: Vec<f64> = sorted.iter().map(|v| v.ln()).collect();
        let mean = logs.iter().sum::<f64>() / logs.len() as f64;
        logs.iter().map(|l| (l - mean) * (l - mean)).sum::<f64>()
    };
    let pooled_variance =
        (sum_of_squares(&prev_sorted) + sum_of_squares(&cur_sorted)) / (total - 2) as f64;
    Ok(pooled_variance.sqrt())
}

/// The smallest ratio of medians (either way: `r` or `1/r`) that a comparison of `prev_n`
/// and `cur_n` durations would detect with [`DEFAULT_POWER`] at two-sided level
/// [`DEFAULT_ALPHA`], given the log-scale standard deviation `log_sigma` (e.g. from
/// [`pooled_log_sd`]). See [`minimum_detectable_ratio_with`] for the formula.
pub fn minimum_detectable_ratio(prev_n: usize, cur_n: usize, log_sigma: f64) -> Option<f64> {
    // The two normal quantiles are found by bisection on an incomplete gamma function, tens
    // of microseconds, and the report asks for these same two for every comparison.
    static DEFAULT_Z_SUM: OnceLock<Option<f64>> = OnceLock::new();
    let default_z_sum = *DEFAULT_Z_SUM.get_or_init(|| z_sum(DEFAULT_ALPHA, DEFAULT_POWER));
    ratio_for_z_sum(prev_n, cur_n, log_sigma, default_z_sum?)
}

/// `z(1 - alpha/2) + z(power)`, the distance between the null and the alternative in
/// standard errors at which a two-sided level-`alpha` test has this power.
fn z_sum(alpha: f64, power: f64) -> Option<f64> {
    Some(normal_quantile(1.0 - alpha / 2.0)? + normal_quantile(power)?)
}

/// The smallest ratio of medians detectable with probability `power` by a two-sided test at
/// level `alpha`:
///
/// `MDR = exp((z(1 - alpha/2) + z(power)) · sqrt(π/2) · s · sqrt(1/n₁ + 1/n₂))`
///
/// This is the normal-approximation power formula for a difference of two means on the log
/// scale (with alpha 0.05 and power 0.8, `z + z = 1.960 + 0.842 = 2.80`), widened by
/// `sqrt(π/2)` because the report compares medians, whose standard error for log-normal
/// durations is that much larger than the mean's. For 30 incidents in each period and
/// `s = 1` it is about 2.5: smaller changes are mostly invisible.
///
/// `None` when a count is 0, `log_sigma` is negative or not finite, or `alpha`/`power` is
/// outside `(0, 1)`.
pub fn minimum_detectable_ratio_with(
    prev_n: usize,
    cur_n: usize,
    log_sigma: f64,
    alpha: f64,
    power: f64,
) -> Option<f64> {
    ratio_for_z_sum(prev_n, cur_n, log_sigma, z_sum(alpha, power)?)
}

/// The formula of [`minimum_detectable_ratio_with`] once `z(1 - alpha/2) + z(power)` is known.
fn ratio_for_z_sum(prev_n: usize, cur_n: usize, log_sigma: f64, z_sum: f64) -> Option<f64> {
    if prev_n == 0 || cur_n == 0 || !(log_sigma >= 0.0 && log_sigma.is_finite()) {
        return None;
    }
    let standard_error = MEDIAN_STANDARD_ERROR_FACTOR
        * log_sigma
        * (1.0 / prev_n as f64 + 1.0 / cur_n as f64).sqrt();
    let ratio = (z_sum * standard_error).exp();
    ratio.is_finite().then_some(ratio)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantiles_match_tables() {
        let cases = [
            (0.5, 0.0),
            (0.975, 1.959_963_984_540_054),
            (0.8, 0.841_621_233_572_914_3),
            (0.95, 1.644_853_626_951_472_2),
            (0.025, -1.959_963_984_540_054),
            (1e-10, -6.361_340_902_404_056),
        ];
        for (p, want) in cases {
            let got = normal_quantile(p).unwrap();
            assert!((got - want).abs() < 1e-9, "p = {p}: {got} vs {want}");
        }
        assert_eq!(normal_quantile(0.0), None);
        assert_eq!(normal_quantile(1.0), None);
        assert_eq!(normal_quantile(f64::NAN), None);
    }

    #[test]
    fn minimum_detectable_ratio_follows_the_formula() {
        // exp(2.8016 · 1.2533 · 1.0 · sqrt(2/30)) = exp(0.90664) ≈ 2.4759.
        let z_sum = 1.959_963_984_540_054 + 0.841_621_233_572_914_3;
        let want = (z_sum * (std::f64::consts::PI / 2.0).sqrt() * (2.0_f64 / 30.0).sqrt()).exp();
        let got = minimum_detectable_ratio(30, 30, 1.0).unwrap();
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        assert!((got - 2.4759).abs() < 1e-3);
        // Fewer incidents, bigger detectable change; no spread, any change.
        assert!(minimum_detectable_ratio(8, 8, 1.0).unwrap() > got);
        assert_eq!(minimum_detectable_ratio(5, 5, 0.0), Some(1.0));
        assert_eq!(minimum_detectable_ratio(0, 5, 1.0), None);
        assert_eq!(minimum_detectable_ratio(5, 5, f64::NAN), None);
        assert_eq!(minimum_detectable_ratio(5, 5, -1.0), None);
    }

    #[test]
    fn pooled_log_sd_by_hand() {
        // ln values: prev {0, 2}, cur {1, 3, 5} (as e^k). Sums of squares 2 and 8; df 3.
        let e = std::f64::consts::E;
        let prev = [1.0, e * e];
        let cur = [e, e.powi(3), e.powi(5)];
        let got = pooled_log_sd(&prev, &cur).unwrap();
        assert!((got - (10.0_f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!(matches!(
            pooled_log_sd(&[1.0], &[2.0]),
            Err(StatsError::TooFewValues { got: 2, .. })
        ));
        assert!(matches!(
            pooled_log_sd(&[1.0, 0.0], &[2.0]),
            Err(StatsError::NonPositive { index: 1, .. })
        ));
    }
}
