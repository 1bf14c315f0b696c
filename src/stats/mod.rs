//! Statistics for honest MTTR reports.
//!
//! Incident durations are few and heavily right-skewed, so a quarter's mean moves by
//! chance more than by anything a team did. This module gives the MTTR report what it needs
//! to say how much of a change is real:
//!
//! - descriptive statistics ([`median`], [`quantile`], [`p90`], [`mean`],
//!   [`geometric_mean`], [`max`], [`share_meeting`]);
//! - a percentile-bootstrap interval for the median ([`bootstrap_median_ci`]);
//! - the change between two periods as a ratio of medians with its bootstrap interval and a
//!   permutation-test p-value ([`median_ratio`]), never called detectable with fewer than
//!   [`MIN_COUNT_FOR_CHANGE`] incidents in a period;
//! - the smallest change the data could have detected ([`minimum_detectable_ratio`]);
//! - an exact (Garwood) interval for an incident count ([`poisson_ci`]).
//!
//! Every function is pure and silent: no printing, no I/O, no panics on data. Empty input,
//! NaN or infinite values give `None` (descriptive statistics, which map to JSON `null`) or a
//! [`StatsError`] (intervals and tests, where the reason matters).
//!
//! Results are deterministic: the same input and seed give the same output on every run and
//! platform (the random numbers come from this module's own [`Xoshiro256StarStar`], pure
//! 64-bit integer arithmetic; the normal, gamma and negative hypergeometric draws built on it
//! also use `ln` and `exp`, whose last bit may differ between math libraries, which changes a
//! draw less than once in 1e12), and they do not depend on the order of the input, because
//! every function works on a sorted copy.
//!
//! Durations are in minutes by convention, but nothing here depends on the unit.

mod bootstrap;
mod compare;
mod describe;
mod poisson;
mod power;
mod rng;
mod special;
mod split;
mod variates;

pub use bootstrap::{bootstrap_median_ci, DEFAULT_LEVEL, DEFAULT_RESAMPLES};
pub use compare::{
    median_ratio, median_ratio_with, MedianRatio, PValueMethod, RatioSettings,
    DEFAULT_PERMUTATIONS, EXACT_PERMUTATION_LIMIT, MIN_COUNT_FOR_CHANGE,
};
pub use describe::{
    geometric_mean, max, mean, median, p90, quantile, share_ci95, share_meeting, P90_MIN_COUNT,
};
pub use poisson::poisson_ci;
pub use power::{
    minimum_detectable_ratio, minimum_detectable_ratio_with, normal_quantile, pooled_log_sd,
    DEFAULT_ALPHA, DEFAULT_POWER,
};
pub use rng::Xoshiro256StarStar;
pub use special::{gamma_quantile, ln_gamma, regularized_gamma_p, regularized_gamma_q};

/// Why a statistic could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StatsError {
    /// The sample has no values.
    #[error("the {sample} sample is empty")]
    Empty {
        /// Which sample: "input" for a single sample, else "previous" or "current".
        sample: &'static str,
    },
    /// A value is NaN or infinite.
    #[error("value {value} at index {index} of the {sample} sample is not a finite number")]
    NonFinite {
        /// Which sample the value is in.
        sample: &'static str,
        /// Position of the value in the input as given.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// A value is zero or negative where logarithms (ratios) are taken.
    #[error(
        "value {value} at index {index} of the {sample} sample is not positive; \
         ratios of durations need durations above zero"
    )]
    NonPositive {
        /// Which sample the value is in.
        sample: &'static str,
        /// Position of the value in the input as given.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// Too few values for the statistic (e.g. a standard deviation needs two).
    #[error("{statistic} needs at least {needed} values in all, got {got}")]
    TooFewValues {
        /// What was being computed.
        statistic: &'static str,
        /// The least number of values it needs.
        needed: usize,
        /// How many there were.
        got: usize,
    },
    /// A confidence level outside the open interval (0, 1).
    #[error("confidence level {0} is not strictly between 0 and 1")]
    InvalidLevel(f64),
    /// A resample or permutation count of zero.
    #[error("the number of {what} must be at least 1")]
    NoResamples {
        /// "resamples" or "permutations".
        what: &'static str,
    },
}

/// A closed interval `[lo, hi]`, e.g. a 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
}

impl Interval {
    /// Whether `x` lies in `[lo, hi]` (bounds included).
    pub fn contains(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }

    /// Whether `x` lies strictly outside `[lo, hi]`.
    pub fn excludes(&self, x: f64) -> bool {
        x < self.lo || x > self.hi
    }

    /// `[lo, hi]`, the shape the JSON report uses.
    pub fn to_array(self) -> [f64; 2] {
        [self.lo, self.hi]
    }
}

/// A sorted copy of `values`, or the reason it cannot be used: empty, or a value that is
/// not finite. `sample` names the sample in the error.
fn sorted_finite(values: &[f64], sample: &'static str) -> Result<Vec<f64>, StatsError> {
    if values.is_empty() {
        return Err(StatsError::Empty { sample });
    }
    if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(StatsError::NonFinite {
            sample,
            index,
            value,
        });
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    Ok(sorted)
}

/// Like [`sorted_finite`], and every value must be above zero (for logarithms and ratios).
fn sorted_positive(values: &[f64], sample: &'static str) -> Result<Vec<f64>, StatsError> {
    let sorted = sorted_finite(values, sample)?;
    if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| **v <= 0.0) {
        return Err(StatsError::NonPositive {
            sample,
            index,
            value,
        });
    }
    Ok(sorted)
}

/// Checks that a confidence level lies strictly between 0 and 1 (NaN is rejected too).
fn check_level(level: f64) -> Result<(), StatsError> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(StatsError::InvalidLevel(level))
    }
}
