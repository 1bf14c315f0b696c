//! Simulation: does "detectable" mean what the report says it means?
//!
//! Incident durations are modelled as log-normal with sigma 1.0 (a 90th percentile about 3.6
//! times the median, typical of real incident histories), 30 incidents per period, and the
//! comparison runs at the report's own settings (2000 resamples and permutations) except
//! where a test says otherwise.

use whys::stats::{
    median_ratio_with, minimum_detectable_ratio, RatioSettings, Xoshiro256StarStar,
    DEFAULT_PERMUTATIONS, DEFAULT_RESAMPLES,
};

const TRIALS: u64 = 200;
const PER_PERIOD: usize = 30;
const LOG_SIGMA: f64 = 1.0;
/// 30 minutes, a typical median time to mitigate.
const BASE_MEDIAN: f64 = 30.0;

/// A standard normal draw by the Box-Muller transform.
fn standard_normal(rng: &mut Xoshiro256StarStar) -> f64 {
    // 1 - u lies in (0, 1], so its logarithm is finite.
    let radius = (-2.0 * (1.0 - rng.next_f64()).ln()).sqrt();
    let angle = 2.0 * std::f64::consts::PI * rng.next_f64();
    radius * angle.cos()
}

fn log_normal_sample(rng: &mut Xoshiro256StarStar, median: f64) -> Vec<f64> {
    (0..PER_PERIOD)
        .map(|_| median * (LOG_SIGMA * standard_normal(rng)).exp())
        .collect()
}

/// How many of the trials flag the change as detectable (by the interval) and as
/// significant (p < 0.05), when the current period's median is `true_ratio` times the
/// previous one's.
fn detections(true_ratio: f64, data_seed: u64, resamples: usize) -> (u64, u64) {
    let mut data_rng = Xoshiro256StarStar::seed_from_u64(data_seed);
    let (mut detectable, mut significant) = (0, 0);
    for trial in 0..TRIALS {
        let prev = log_normal_sample(&mut data_rng, BASE_MEDIAN);
        let cur = log_normal_sample(&mut data_rng, BASE_MEDIAN * true_ratio);
        let settings = RatioSettings {
            resamples,
            permutations: resamples,
            ..RatioSettings::with_seed(trial)
        };
        let result = median_ratio_with(&prev, &cur, &settings).unwrap();
        detectable += u64::from(result.detectable);
        significant += u64::from(result.p_value < 0.05);
    }
    // Shown with `cargo test -- --nocapture`, to see the margins.
    eprintln!(
        "true ratio {true_ratio:.3}: detectable in {detectable}, p < 0.05 in {significant} \
         of {TRIALS} trials"
    );
    (detectable, significant)
}

#[test]
fn no_change_is_reported_as_no_detectable_change() {
    let (detectable, significant) = detections(1.0, 20_251_001, DEFAULT_RESAMPLES);
    // At the 95% level about 10 of 200 false alarms are expected; 20 is the bar.
    assert!(
        TRIALS - detectable >= 180,
        "only {} of {TRIALS} identical periods read as no detectable change",
        TRIALS - detectable
    );
    assert!(significant <= 20, "{significant} of {TRIALS} had p < 0.05");
}

#[test]
fn a_threefold_change_is_detected() {
    assert_eq!(DEFAULT_RESAMPLES, DEFAULT_PERMUTATIONS);
    let (detectable, significant) = detections(3.0, 20_251_002, DEFAULT_RESAMPLES);
    assert!(
        detectable >= 160,
        "a 3x change was detected in only {detectable} of {TRIALS} trials"
    );
    assert!(significant >= 160, "{significant} of {TRIALS} had p < 0.05");
}

#[test]
fn the_minimum_detectable_ratio_is_detected_about_80_percent_of_the_time() {
    // The promise behind "the smallest change the data could have detected": at that true
    // ratio, roughly 80% power. Percentile bootstrap intervals of medians are somewhat
    // conservative at n = 30, so the band is wide; it catches a formula off by a large
    // factor (without the sqrt(π/2) for medians, the ratio would be 2.06 and detected in
    // about 60% of trials). Half the report's resamples keep this test quick.
    let ratio = minimum_detectable_ratio(PER_PERIOD, PER_PERIOD, LOG_SIGMA).unwrap();
    let (detectable, _) = detections(ratio, 20_251_004, 1000);
    assert!(
        (120..=190).contains(&detectable),
        "at the minimum detectable ratio {ratio:.2}, {detectable} of {TRIALS} detected"
    );
}
