//! Special functions for exact intervals: log-gamma, the regularized lower incomplete gamma
//! function and its inverse.
//!
//! The chi-square distribution with `k` degrees of freedom is the gamma distribution with
//! shape `k / 2` and scale 2, so a chi-square quantile is `2 * gamma_quantile(k / 2, p)`.
//! The Garwood Poisson interval ([`super::poisson_ci`]) and the normal quantile
//! ([`super::normal_quantile`]) are both built on [`regularized_gamma_p`].

/// Relative precision at which the series and continued fraction stop.
const EPSILON: f64 = 1e-16;
/// Stand-in for zero in the modified Lentz algorithm, so that no step divides by zero.
const TINY: f64 = 1e-300;
/// More terms than any argument in range needs; a guard, not a tuning knob.
const MAX_TERMS: usize = 100_000;
/// Below this argument `ln_gamma` shifts upwards with the recurrence before using Stirling.
const STIRLING_FROM: f64 = 15.0;

/// `ln Γ(x)` for `x > 0`; `None` for `x <= 0`, NaN or infinity.
///
/// For `x >= 15` the Stirling series
/// `(x - 1/2) ln x - x + ln(2π)/2 + 1/(12x) - 1/(360x³) + 1/(1260x⁵) - 1/(1680x⁷) + 1/(1188x⁹)`
/// (the coefficients are `B₂ₖ / (2k (2k - 1))` with Bernoulli numbers `B₂ₖ`), whose next term
/// is below 3e-16 there; for smaller `x` the recurrence `Γ(x) = Γ(x + k) / (x (x+1) ⋯ (x+k-1))`
/// first moves the argument up to 15 or more.
pub fn ln_gamma(x: f64) -> Option<f64> {
    if !(x > 0.0 && x.is_finite()) {
        return None;
    }
    let mut shifted = x;
    let mut log_product = 0.0;
    while shifted < STIRLING_FROM {
        log_product += shifted.ln();
        shifted += 1.0;
    }
    let z = shifted;
    let z2 = z * z;
    let correction = (1.0 / 12.0
        - (1.0 / 360.0 - (1.0 / 1260.0 - (1.0 / 1680.0 - 1.0 / (1188.0 * z2)) / z2) / z2) / z2)
        / z;
    let half_ln_two_pi = 0.5 * (2.0 * std::f64::consts::PI).ln();
    Some((z - 0.5) * z.ln() - z + half_ln_two_pi + correction - log_product)
}

/// The regularized lower incomplete gamma function
/// `P(a, x) = (1 / Γ(a)) ∫₀ˣ t^(a-1) e^(-t) dt`, the CDF at `x` of a gamma distribution
/// with shape `a` and scale 1. `None` for `a <= 0`, `x < 0` or a non-finite argument
/// (`x = +∞` gives 1).
///
/// For `x < a + 1` the power series `P = e^(-x) x^a / Γ(a) · Σₙ xⁿ / (a (a+1) ⋯ (a+n))`
/// converges quickly; beyond it the continued fraction for `Q = 1 - P`,
/// `Q = e^(-x) x^a / Γ(a) · 1 / (x + 1 - a - 1·(1-a) / (x + 3 - a - 2·(2-a) / (x + 5 - a - ⋯)))`,
/// is evaluated by the modified Lentz method (Abramowitz and Stegun 6.5.29 and 6.5.31).
pub fn regularized_gamma_p(a: f64, x: f64) -> Option<f64> {
    if !(a > 0.0 && a.is_finite()) || x.is_nan() || x < 0.0 {
        return None;
    }
    if x == 0.0 {
        return Some(0.0);
    }
    if x.is_infinite() {
        return Some(1.0);
    }
    // ln(e^(-x) x^a / Γ(a)), the common prefactor of both expansions.
    let log_prefactor = a * x.ln() - x - ln_gamma(a)?;
    let p = if x < a + 1.0 {
        lower_series(a, x) * log_prefactor.exp()
    } else {
        1.0 - upper_continued_fraction(a, x) * log_prefactor.exp()
    };
    Some(p.clamp(0.0, 1.0))
}

/// `Σₙ xⁿ / (a (a+1) ⋯ (a+n))`, the series part of `P(a, x)`.
fn lower_series(a: f64, x: f64) -> f64 {
    let mut term = 1.0 / a;
    let mut sum = term;
    let mut denominator = a;
    for _ in 0..MAX_TERMS {
        denominator += 1.0;
        term *= x / denominator;
        sum += term;
        if term.abs() < sum.abs() * EPSILON {
            break;
        }
    }
    sum
}

/// The regularized upper incomplete gamma function `Q(a, x) = 1 - P(a, x)`, computed
/// directly (not as `1 - P`) where it is small, so that far tails keep their relative
/// precision. Same domain as [`regularized_gamma_p`].
pub fn regularized_gamma_q(a: f64, x: f64) -> Option<f64> {
    if !(a > 0.0 && a.is_finite()) || x.is_nan() || x < 0.0 {
        return None;
    }
    if x == 0.0 {
        return Some(1.0);
    }
    if x.is_infinite() {
        return Some(0.0);
    }
    let log_prefactor = a * x.ln() - x - ln_gamma(a)?;
    let q = if x < a + 1.0 {
        1.0 - lower_series(a, x) * log_prefactor.exp()
    } else {
        upper_continued_fraction(a, x) * log_prefactor.exp()
    };
    Some(q.clamp(0.0, 1.0))
}

/// The continued-fraction part of `Q(a, x)`, by the modified Lentz method.
fn upper_continued_fraction(a: f64, x: f64) -> f64 {
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut fraction = d;
    for i in 1..MAX_TERMS {
        let i = i as f64;
        let numerator = -i * (i - a);
        b += 2.0;
        d = numerator * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + numerator / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let step = d * c;
        fraction *= step;
        if (step - 1.0).abs() < EPSILON {
            break;
        }
    }
    fraction
}

/// The `p`-quantile of the gamma distribution with shape `a` and scale 1: the `x` with
/// `P(a, x) = p`, found by bisection (P is increasing in `x`, so bisection cannot fail).
/// `p = 0` gives 0. `None` for `p` outside `[0, 1)`, `a <= 0` or non-finite `a`.
pub fn gamma_quantile(a: f64, p: f64) -> Option<f64> {
    let valid = (0.0..1.0).contains(&p) && a > 0.0 && a.is_finite();
    if !valid {
        return None;
    }
    if p == 0.0 {
        return Some(0.0);
    }
    let mut lo = 0.0_f64;
    // Mean a, sd sqrt(a): this is usually above the quantile already; doubling makes sure.
    let mut hi = a + 10.0 * a.sqrt() + 10.0;
    while regularized_gamma_p(a, hi)? < p {
        lo = hi;
        hi *= 2.0;
        if !hi.is_finite() {
            return None;
        }
    }
    // Each halving gains one bit; 2000 steps reach adjacent floats from any bracket.
    for _ in 0..2000 {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            break;
        }
        if regularized_gamma_p(a, mid)? < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= hi * 1e-15 {
            break;
        }
    }
    Some(lo + (hi - lo) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, tolerance: f64) -> bool {
        (got - want).abs() <= tolerance * want.abs().max(1.0)
    }

    #[test]
    fn ln_gamma_of_integers_is_log_factorial() {
        let mut log_factorial = 0.0_f64; // ln((n-1)!) for Γ(n)
        for n in 1..=170 {
            if n > 1 {
                log_factorial += ((n - 1) as f64).ln();
            }
            let got = ln_gamma(n as f64).unwrap();
            assert!(
                close(got, log_factorial, 1e-13),
                "n = {n}: {got} vs {log_factorial}"
            );
        }
    }

    #[test]
    fn ln_gamma_at_half_integers() {
        // Γ(1/2) = √π and Γ(3/2) = √π / 2.
        let ln_sqrt_pi = 0.5 * std::f64::consts::PI.ln();
        assert!(close(ln_gamma(0.5).unwrap(), ln_sqrt_pi, 1e-14));
        assert!(close(ln_gamma(1.5).unwrap(), ln_sqrt_pi - 2f64.ln(), 1e-14));
        assert_eq!(ln_gamma(0.0), None);
        assert_eq!(ln_gamma(-1.0), None);
        assert_eq!(ln_gamma(f64::NAN), None);
    }

    #[test]
    fn incomplete_gamma_with_integer_shape_is_a_poisson_tail() {
        // For integer k, P(k, x) = Pr[Poisson(x) >= k] = 1 - Σ_{j<k} e^(-x) x^j / j!.
        for k in 1..=30u32 {
            for x in [0.01_f64, 0.5, 1.0, 3.7, 10.0, 25.0, 60.0] {
                let mut term = (-x).exp();
                let mut cdf_below_k = 0.0;
                for j in 0..k {
                    if j > 0 {
                        term *= x / f64::from(j);
                    }
                    cdf_below_k += term;
                }
                let want = 1.0 - cdf_below_k;
                let got = regularized_gamma_p(f64::from(k), x).unwrap();
                assert!(
                    (got - want).abs() < 1e-12,
                    "k = {k}, x = {x}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn incomplete_gamma_at_one_half_is_erf() {
        // P(1/2, x²) = erf(x); erf(1) = 0.8427007929497149 and erf(2) = 0.9953222650189527.
        assert!((regularized_gamma_p(0.5, 1.0).unwrap() - 0.842_700_792_949_714_9).abs() < 1e-14);
        assert!((regularized_gamma_p(0.5, 4.0).unwrap() - 0.995_322_265_018_952_7).abs() < 1e-14);
        assert_eq!(regularized_gamma_p(2.0, 0.0), Some(0.0));
        assert_eq!(regularized_gamma_p(2.0, f64::INFINITY), Some(1.0));
        assert_eq!(regularized_gamma_p(0.0, 1.0), None);
        assert_eq!(regularized_gamma_p(1.0, -1.0), None);
        // Q = 1 - P, and Q(1, x) = e^(-x) keeps its precision far in the tail.
        for &(a, x) in &[(0.5, 0.3), (0.5, 9.0), (4.0, 2.0), (4.0, 12.0)] {
            let sum = regularized_gamma_p(a, x).unwrap() + regularized_gamma_q(a, x).unwrap();
            assert!((sum - 1.0).abs() < 1e-14);
        }
        let far = regularized_gamma_q(1.0, 600.0).unwrap();
        assert!((far / (-600.0f64).exp() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn gamma_quantile_inverts_the_cdf() {
        // Shape 1 is the exponential distribution: quantile -ln(1 - p).
        for p in [0.001_f64, 0.025, 0.5, 0.975, 0.999] {
            let want = -(1.0 - p).ln();
            assert!(close(gamma_quantile(1.0, p).unwrap(), want, 1e-12));
        }
        // Chi-square with 20 degrees of freedom at 0.975 is 34.16961 (printed tables).
        let chi2 = 2.0 * gamma_quantile(10.0, 0.975).unwrap();
        assert!((chi2 - 34.169_607).abs() < 1e-5, "{chi2}");
        for &a in &[0.5, 3.0, 11.0, 250.0] {
            for &p in &[0.01, 0.3, 0.9] {
                let x = gamma_quantile(a, p).unwrap();
                assert!((regularized_gamma_p(a, x).unwrap() - p).abs() < 1e-12);
            }
        }
        assert_eq!(gamma_quantile(2.0, 0.0), Some(0.0));
        assert_eq!(gamma_quantile(2.0, 1.0), None);
        assert_eq!(gamma_quantile(-2.0, 0.5), None);
    }
}
