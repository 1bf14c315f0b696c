//! Non-uniform random variates (standard normal, exponential, gamma) drawn from the seeded
//! [`Xoshiro256StarStar`], for the bootstrap's order-statistic resampler.
//!
//! These use `ln`, `exp` and `sqrt` of floating-point numbers. `sqrt` is correctly rounded
//! everywhere; `ln` and `exp` come from the platform's math library and may differ in their
//! last bit between libraries, which changes a draw only when a rejection test or a rounding
//! to an index falls within that last bit: with `n` values, a probability of about
//! `n·1e-16` per draw.

use std::sync::OnceLock;

use super::rng::Xoshiro256StarStar;

/// A seeded stream of uniform, normal, exponential and gamma variates.
pub(crate) struct VariateSource {
    rng: Xoshiro256StarStar,
    ziggurat: &'static Ziggurat,
}

impl VariateSource {
    pub(crate) fn new(rng: Xoshiro256StarStar) -> Self {
        Self {
            rng,
            ziggurat: Ziggurat::normal(),
        }
    }

    /// A uniform number in `[0, 1)`.
    pub(crate) fn uniform(&mut self) -> f64 {
        self.rng.next_f64()
    }

    /// A uniform index in `0..len` (see [`Xoshiro256StarStar::index`]).
    pub(crate) fn index(&mut self, len: usize) -> usize {
        self.rng.index(len)
    }

    /// A uniform number in `(0, 1]`, safe to take the logarithm of.
    fn uniform_above_zero(&mut self) -> f64 {
        1.0 - self.rng.next_f64()
    }

    /// A standard normal variate by the ziggurat method (Marsaglia and Tsang, "The ziggurat
    /// method for generating random variables", Journal of Statistical Software 5(8), 2000).
    /// The area under `f(x) = exp(-x²/2)`, `x >= 0`, is covered by [`ZIGGURAT_LAYERS`]
    /// horizontal layers of equal area `v`: a base layer (the rectangle `[0, r] × [0, f(r)]`
    /// plus the tail beyond `r`) and rectangles `[0, x_i] × [f(x_i), f(x_(i+1))]` stacked
    /// on it. A point uniform in the union of the layers is drawn by picking a layer
    /// uniformly and a uniform `x` across it; its `x` is accepted when the point is under the
    /// curve, so accepted `x` have density proportional to `f`. Within the part of a layer
    /// that lies below the next one up (`x < x_(i+1)`) it always is, which is most draws: one
    /// 64-bit number, one multiplication and one comparison. The rest test a uniform height
    /// against `f(x)`, or for the base layer draw from the tail, and a rejected point starts
    /// over from the choice of layer. The layer, the sign and `x` come from disjoint bits of
    /// one 64-bit number (7, 1 and 53 bits), so they are independent.
    pub(crate) fn standard_normal(&mut self) -> f64 {
        let z = self.ziggurat;
        loop {
            let bits = self.rng.next_u64();
            // ZIGGURAT_LAYERS is 128: the low 7 bits pick the layer, the next one the sign.
            let layer = (bits & 0x7f) as usize;
            let sign = if bits & 0x80 == 0 { 1.0 } else { -1.0 };
            let x = (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64) * z.widths[layer];
            if x < z.widths[layer + 1] {
                return sign * x;
            }
            if layer == 0 {
                return sign * self.normal_tail(z.widths[1]);
            }
            let height =
                z.heights[layer] + self.uniform() * (z.heights[layer + 1] - z.heights[layer]);
            if height < (-0.5 * x * x).exp() {
                return sign * x;
            }
        }
    }

    /// A normal variate conditioned to exceed `r > 0`, by Marsaglia's method ("Generating a
    /// variable from the tail of the normal distribution", Technometrics 6(1), 1964): for
    /// exponentials `a = E₁/r` and `b = E₂`, `r + a` has the tail's density once `2b > a²`.
    fn normal_tail(&mut self, r: f64) -> f64 {
        loop {
            let a = self.exponential() / r;
            let b = self.exponential();
            if 2.0 * b > a * a {
                return r + a;
            }
        }
    }

    /// An exponential variate with mean 1, by inversion: `-ln U` for `U` uniform in `(0, 1]`.
    pub(crate) fn exponential(&mut self) -> f64 {
        -self.uniform_above_zero().ln()
    }
}

/// Layers of the normal ziggurat; a power of two, so a layer is a few random bits.
const ZIGGURAT_LAYERS: usize = 128;

/// `r`, where the base layer's rectangle ends and the tail begins, and `v`, the area of each
/// layer, for 128 layers under `exp(-x²/2)`: the values published by Marsaglia and Tsang
/// (2000), which make the top layer end at `x = 0` with height 1.
const ZIGGURAT_TAIL_START: f64 = 3.442_619_855_899;
const ZIGGURAT_LAYER_AREA: f64 = 9.912_563_035_262_17e-3;

/// The layers of the normal ziggurat: layer `i` spans `x` in `[0, widths[i])` and heights
/// `[heights[i], heights[i + 1])`. The base layer's width is the virtual `v / f(r)`, whose
/// part beyond `r` stands for the tail, which has the same area.
#[derive(Debug)]
struct Ziggurat {
    widths: [f64; ZIGGURAT_LAYERS + 1],
    heights: [f64; ZIGGURAT_LAYERS + 1],
}

impl Ziggurat {
    /// The tables, computed once per process: `x_1 = r`, and each layer's top edge from
    /// its area, `x_(i+1) = f⁻¹(v / x_i + f(x_i))`, up to `x_128 = 0`.
    fn normal() -> &'static Ziggurat {
        static TABLES: OnceLock<Ziggurat> = OnceLock::new();
        TABLES.get_or_init(|| {
            let f = |x: f64| (-0.5 * x * x).exp();
            let r = ZIGGURAT_TAIL_START;
            let v = ZIGGURAT_LAYER_AREA;
            let mut widths = [0.0; ZIGGURAT_LAYERS + 1];
            let mut heights = [0.0; ZIGGURAT_LAYERS + 1];
            widths[0] = v / f(r);
            widths[1] = r;
            heights[1] = f(r);
            for i in 1..ZIGGURAT_LAYERS - 1 {
                let next_height = v / widths[i] + heights[i];
                heights[i + 1] = next_height;
                widths[i + 1] = (-2.0 * next_height.ln()).sqrt();
            }
            widths[ZIGGURAT_LAYERS] = 0.0;
            heights[ZIGGURAT_LAYERS] = 1.0;
            Ziggurat { widths, heights }
        })
    }
}

/// Draws gamma variates of one shape (scale 1) by Marsaglia and Tsang's method ("A simple
/// method for generating gamma variables", ACM TOMS 26(3), 2000). For shape `a >= 1`, with
/// `d = a - 1/3` and `c = 1 / sqrt(9d)`, `d·(1 + c·X)³` for a standard normal `X` has nearly
/// the gamma(a) density; rejecting it unless `ln U < X²/2 + d - d·v + d·ln v` (`v` the cube,
/// `U` uniform) makes it exact, and the cheap squeeze `U < 1 - 0.0331·X⁴` accepts most draws
/// without the logarithms. Shapes below 1 use `gamma(a) = gamma(a + 1)·U^(1/a)` (same paper).
/// The constants depend only on the shape, so they are computed once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GammaSampler {
    /// `d = a - 1/3` of the shape actually sampled (`a + 1` for shapes below 1).
    d: f64,
    /// `c = 1 / sqrt(9d)`.
    c: f64,
    /// `1/a` for shapes below 1, else `None`.
    boost_exponent: Option<f64>,
}

impl GammaSampler {
    /// A sampler of gamma(`shape`, scale 1); `None` unless `shape` is positive and finite.
    pub(crate) fn new(shape: f64) -> Option<Self> {
        if !(shape > 0.0 && shape.is_finite()) {
            return None;
        }
        let (sampled_shape, boost_exponent) = if shape < 1.0 {
            (shape + 1.0, Some(1.0 / shape))
        } else {
            (shape, None)
        };
        let d = sampled_shape - 1.0 / 3.0;
        Some(Self {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
            boost_exponent,
        })
    }

    /// One gamma variate, always positive.
    pub(crate) fn sample(&self, source: &mut VariateSource) -> f64 {
        let variate = loop {
            let x = source.standard_normal();
            let base = 1.0 + self.c * x;
            if base <= 0.0 {
                continue;
            }
            let v = base * base * base;
            let u = source.uniform();
            let x_squared = x * x;
            if u < 1.0 - 0.0331 * x_squared * x_squared
                || u.ln() < 0.5 * x_squared + self.d * (1.0 - v + v.ln())
            {
                break self.d * v;
            }
        };
        match self.boost_exponent {
            Some(exponent) => variate * source.uniform_above_zero().powf(exponent),
            None => variate,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Sample mean and (unbiased) variance.
    pub(crate) fn mean_and_variance(draws: &[f64]) -> (f64, f64) {
        let n = draws.len() as f64;
        let mean = draws.iter().sum::<f64>() / n;
        let variance = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (mean, variance)
    }

    /// Checks a sample's mean and variance against the distribution's, within 5 standard
    /// errors: the mean's is `sqrt(var / N)`, the variance's `var·sqrt((2 + excess) / N)`
    /// for a distribution with excess kurtosis `excess` (large-N approximation).
    pub(crate) fn assert_moments(
        what: &str,
        draws: &[f64],
        mean: f64,
        variance: f64,
        excess_kurtosis: f64,
    ) {
        let n = draws.len() as f64;
        let (got_mean, got_variance) = mean_and_variance(draws);
        let mean_se = (variance / n).sqrt();
        let variance_se = variance * ((2.0 + excess_kurtosis) / n).sqrt();
        assert!(
            (got_mean - mean).abs() < 5.0 * mean_se,
            "{what}: mean {got_mean}, want {mean} ± {mean_se}"
        );
        assert!(
            (got_variance - variance).abs() < 5.0 * variance_se,
            "{what}: variance {got_variance}, want {variance} ± {variance_se}"
        );
    }

    #[test]
    fn ziggurat_layers_close_at_the_top_and_have_equal_areas() {
        let z = Ziggurat::normal();
        let v = ZIGGURAT_LAYER_AREA;
        // The published r and v make the 127th layer's top edge reach height 1 at x = 0.
        let top = v / z.widths[ZIGGURAT_LAYERS - 1] + z.heights[ZIGGURAT_LAYERS - 1];
        assert!((top - 1.0).abs() < 1e-9, "{top}");
        for i in 1..ZIGGURAT_LAYERS {
            assert!(z.widths[i + 1] < z.widths[i] && z.heights[i + 1] > z.heights[i]);
            let area = z.widths[i] * (z.heights[i + 1] - z.heights[i]);
            assert!((area - v).abs() < 1e-9, "layer {i}: area {area}");
        }
        // The base layer: its rectangle and the tail beyond r, ∫ = sqrt(π/2)·erfc(r/√2).
        let tail = 0.5 * (2.0 * std::f64::consts::PI).sqrt() * 5.761_085_123_916e-4;
        let base = ZIGGURAT_TAIL_START * z.heights[1] + tail;
        assert!((base - v).abs() < 1e-9, "base layer area {base}");
        assert!((z.widths[0] * z.heights[1] - v).abs() < 1e-15);
    }

    #[test]
    fn normals_have_mean_0_and_variance_1() {
        let mut source = VariateSource::new(Xoshiro256StarStar::seed_from_u64(1));
        let draws: Vec<f64> = (0..1_000_000).map(|_| source.standard_normal()).collect();
        assert_moments("normal", &draws, 0.0, 1.0, 0.0);
        // Shares beyond 1, 2, and beyond r = 3.4426, where the ziggurat's tail takes over:
        // 2(1 - Φ(z)) is 0.3173, 0.0455 and 5.761e-4; each within 5 binomial errors.
        for (beyond, p) in [
            (1.0f64, 0.317_310_507_862_914f64),
            (2.0, 0.045_500_263_896_358),
            (ZIGGURAT_TAIL_START, 5.761_085_123_916e-4),
        ] {
            let share = draws.iter().filter(|x| x.abs() > beyond).count() as f64 / 1e6;
            let se = (p * (1.0 - p) / 1e6).sqrt();
            assert!(
                (share - p).abs() < 5.0 * se,
                "beyond {beyond}: {share}, want {p}"
            );
        }
        // Symmetric: as many above 0 as below, within 5 standard errors (0.0005).
        let positive = draws.iter().filter(|x| **x > 0.0).count() as f64 / 1e6;
        assert!((positive - 0.5).abs() < 0.0025, "{positive}");
    }

    #[test]
    fn exponentials_have_mean_and_variance_1() {
        let mut source = VariateSource::new(Xoshiro256StarStar::seed_from_u64(2));
        let draws: Vec<f64> = (0..100_000).map(|_| source.exponential()).collect();
        assert!(draws.iter().all(|x| x.is_finite() && *x >= 0.0));
        // The exponential's excess kurtosis is 6.
        assert_moments("exponential", &draws, 1.0, 1.0, 6.0);
    }

    #[test]
    fn gammas_have_mean_and_variance_equal_to_the_shape() {
        // gamma(a, 1) has mean a, variance a and excess kurtosis 6/a. The shapes cover the
        // boost below 1, the exponential (1), and the middle ranks of small and large samples.
        for (seed, shape) in [0.3, 0.5, 1.0, 2.5, 17.0, 1700.0, 50_000.0]
            .into_iter()
            .enumerate()
        {
            let sampler = GammaSampler::new(shape).unwrap();
            let mut source = VariateSource::new(Xoshiro256StarStar::seed_from_u64(seed as u64));
            let draws: Vec<f64> = (0..100_000).map(|_| sampler.sample(&mut source)).collect();
            assert!(draws.iter().all(|x| x.is_finite() && *x > 0.0), "{shape}");
            assert_moments(
                &format!("gamma({shape})"),
                &draws,
                shape,
                shape,
                6.0 / shape,
            );
        }
    }

    /// Excess kurtosis of beta(a, b): `6((a-b)²(a+b+1) - ab(a+b+2)) / (ab(a+b+2)(a+b+3))`.
    pub(crate) fn beta_excess_kurtosis(a: f64, b: f64) -> f64 {
        let total = a + b;
        6.0 * ((a - b).powi(2) * (total + 1.0) - a * b * (total + 2.0))
            / (a * b * (total + 2.0) * (total + 3.0))
    }

    /// Checks draws against beta(a, b): mean `a/(a+b)`, variance `ab / ((a+b)²(a+b+1))`.
    pub(crate) fn assert_beta_moments(what: &str, draws: &[f64], a: f64, b: f64) {
        let total = a + b;
        assert_moments(
            &format!("{what}: beta({a}, {b})"),
            draws,
            a / total,
            a * b / (total * total * (total + 1.0)),
            beta_excess_kurtosis(a, b),
        );
    }

    #[test]
    fn gamma_ratios_are_beta_distributed() {
        // X / (X + Y) with X ~ gamma(a), Y ~ gamma(b) independent is beta(a, b).
        for (a, b) in [(1.0, 1.0), (2.0, 3.0), (50.0, 51.0), (1700.0, 1701.0)] {
            let x = GammaSampler::new(a).unwrap();
            let y = GammaSampler::new(b).unwrap();
            let mut source = VariateSource::new(Xoshiro256StarStar::seed_from_u64(9));
            let draws: Vec<f64> = (0..100_000)
                .map(|_| {
                    let gx = x.sample(&mut source);
                    gx / (gx + y.sample(&mut source))
                })
                .collect();
            assert_beta_moments("gamma ratio", &draws, a, b);
        }
    }

    #[test]
    fn gamma_rejects_shapes_that_are_not_positive_and_finite() {
        assert!(GammaSampler::new(0.0).is_none());
        assert!(GammaSampler::new(-1.0).is_none());
        assert!(GammaSampler::new(f64::NAN).is_none());
        assert!(GammaSampler::new(f64::INFINITY).is_none());
    }
}
