//! Exact interval for an incident count.

use super::special::gamma_quantile;
use super::{check_level, Interval, StatsError};

/// The exact (Garwood, 1936) two-sided interval for the mean of a Poisson count: with
/// `alpha = 1 - level`, the bounds are
/// `lo = χ²(alpha/2; 2k) / 2` (0 when `k = 0`) and `hi = χ²(1 - alpha/2; 2k + 2) / 2`,
/// which are the gamma quantiles `G⁻¹(alpha/2; k)` and `G⁻¹(1 - alpha/2; k + 1)` with unit
/// scale. It is "exact" in the sense that its coverage is never below `level`.
///
/// For 95%: count 0 gives `[0, 3.689]`, count 10 gives `[4.795, 18.390]`.
pub fn poisson_ci(count: u64, level: f64) -> Result<Interval, StatsError> {
    check_level(level)?;
    let alpha = 1.0 - level;
    let k = count as f64;
    let lo = if count == 0 {
        0.0
    } else {
        gamma_quantile(k, alpha / 2.0).ok_or(StatsError::InvalidLevel(level))?
    };
    let hi = gamma_quantile(k + 1.0, 1.0 - alpha / 2.0).ok_or(StatsError::InvalidLevel(level))?;
    Ok(Interval { lo, hi })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_interval(count: u64, want_lo: f64, want_hi: f64) {
        let got = poisson_ci(count, 0.95).unwrap();
        assert!(
            (got.lo - want_lo).abs() < 5e-4 && (got.hi - want_hi).abs() < 5e-4,
            "count {count}: got [{}, {}], want [{want_lo}, {want_hi}]",
            got.lo,
            got.hi
        );
    }

    #[test]
    fn matches_published_95_percent_table() {
        // Garwood intervals as tabulated (e.g. Ulm 1990; Sahai and Khurshid 1993).
        assert_interval(0, 0.0, 3.689);
        assert_interval(1, 0.0253, 5.572);
        assert_interval(2, 0.242, 7.225);
        assert_interval(5, 1.6235, 11.6683);
        assert_interval(10, 4.795, 18.390);
    }

    #[test]
    fn count_zero_upper_bound_is_closed_form() {
        // With k = 0 the upper bound solves e^(-μ) = alpha/2, so μ = -ln(alpha/2).
        for level in [0.8, 0.9, 0.95, 0.99] {
            let got = poisson_ci(0, level).unwrap();
            let want = -((1.0 - level) / 2.0_f64).ln();
            assert_eq!(got.lo, 0.0);
            assert!((got.hi - want).abs() < 1e-10);
        }
    }

    #[test]
    fn bounds_have_the_defining_tail_probabilities() {
        // Pr[Poisson(hi) <= k] = alpha/2 and Pr[Poisson(lo) >= k] = alpha/2, summed directly.
        let poisson_cdf = |k: u64, mu: f64| {
            let mut term = (-mu).exp();
            let mut sum = term;
            for j in 1..=k {
                term *= mu / j as f64;
                sum += term;
            }
            sum
        };
        for k in [1u64, 3, 10, 40] {
            let ci = poisson_ci(k, 0.95).unwrap();
            assert!((poisson_cdf(k, ci.hi) - 0.025).abs() < 1e-10);
            assert!((1.0 - poisson_cdf(k - 1, ci.lo) - 0.025).abs() < 1e-10);
            assert!(ci.contains(k as f64));
        }
    }

    #[test]
    fn rejects_bad_levels() {
        for level in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
            assert!(matches!(
                poisson_ci(3, level),
                Err(StatsError::InvalidLevel(_))
            ));
        }
    }
}
