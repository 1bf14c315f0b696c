//! A small, seeded pseudo-random generator, so that resampling is reproducible.
//!
//! The generator is xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number
//! generators", 2021), seeded through SplitMix64 as its authors recommend. Both use only
//! wrapping 64-bit integer arithmetic, shifts and rotations, so a seed gives the same stream on
//! every platform and compiler. It is not cryptographic and need not be: it only decides which
//! incidents a bootstrap resample draws.

/// SplitMix64's golden-ratio increment, `floor(2^64 / phi)`.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// One step of SplitMix64 (Steele, Lea and Flood, 2014): advance `state` and return a
/// well-mixed 64-bit output.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(GOLDEN_GAMMA);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The xoshiro256** generator. Create it with [`Xoshiro256StarStar::seed_from_u64`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Xoshiro256StarStar {
    state: [u64; 4],
}

impl Xoshiro256StarStar {
    /// A generator whose 256-bit state is four successive SplitMix64 outputs from `seed`.
    /// SplitMix64 never yields four zeros in a row, so the state is never the all-zero one
    /// on which xoshiro would be stuck.
    pub fn seed_from_u64(seed: u64) -> Self {
        let mut mixer = seed;
        let state = [
            splitmix64(&mut mixer),
            splitmix64(&mut mixer),
            splitmix64(&mut mixer),
            splitmix64(&mut mixer),
        ];
        Self { state }
    }

    /// A generator for one named use (`stream`) of a user's `seed`, so that, say, the
    /// permutation test and the bootstrap draw unrelated numbers from one seed, and changing
    /// the number of permutations does not change the bootstrap interval.
    pub fn for_stream(seed: u64, stream: u64) -> Self {
        let mut mixer = stream;
        let stream_key = splitmix64(&mut mixer);
        Self::seed_from_u64(seed ^ stream_key)
    }

    /// A generator from a raw state (for reference test vectors). `None` for the all-zero
    /// state, which would only ever produce zeros.
    pub fn from_state(state: [u64; 4]) -> Option<Self> {
        (state != [0; 4]).then_some(Self { state })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A uniform number in `[0, 1)` with 53 random bits (every value a multiple of 2^-53).
    pub fn next_f64(&mut self) -> f64 {
        const UNIT: f64 = 1.0 / (1u64 << 53) as f64;
        (self.next_u64() >> 11) as f64 * UNIT
    }

    /// A uniform integer in `[0, bound)`, without modulo bias, by Lemire's multiply-and-reject
    /// method ("Fast random integer generation in an interval", 2019). `bound` 0 gives 0.
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            return 0;
        }
        let mut product = u128::from(self.next_u64()) * u128::from(bound);
        // Products whose low half is below 2^64 mod bound would make some results one draw
        // more likely than others, so they are redrawn. That threshold is below `bound`, so
        // the division computing it is only needed when the low half is below `bound` too.
        if (product as u64) < bound {
            let threshold = bound.wrapping_neg() % bound;
            while (product as u64) < threshold {
                product = u128::from(self.next_u64()) * u128::from(bound);
            }
        }
        (product >> 64) as u64
    }

    /// A uniform index in `[0, len)`; `len` 0 gives 0.
    pub fn index(&mut self, len: usize) -> usize {
        // usize is at most 64 bits on every supported platform, so both casts are lossless.
        self.below(len as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_its_reference_output() {
        // First outputs of SplitMix64 from seed 0, as published with the reference C code.
        let mut state = 0;
        assert_eq!(splitmix64(&mut state), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix64(&mut state), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(splitmix64(&mut state), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn xoshiro_matches_hand_computed_steps() {
        // From state [1, 2, 3, 4]: the first output is rotl(2 * 5, 7) * 9 = 1280 * 9 = 11520.
        // The update then gives s = [7, 0, 262146, 6 << 45], so the second output is
        // rotl(0 * 5, 7) * 9 = 0. Third: the update gives s[1] = 0 ^ (262146 ^ 7) = 262149,
        // and rotl(262149 * 5, 7) * 9 = 1310745 * 128 * 9 = 1509978240.
        let mut rng = Xoshiro256StarStar::from_state([1, 2, 3, 4]).unwrap();
        assert_eq!(rng.next_u64(), 11520);
        assert_eq!(rng.next_u64(), 0);
        assert_eq!(rng.next_u64(), 1_509_978_240);
        assert!(Xoshiro256StarStar::from_state([0; 4]).is_none());
    }

    #[test]
    fn same_seed_same_stream_and_streams_differ() {
        let mut a = Xoshiro256StarStar::seed_from_u64(42);
        let mut b = Xoshiro256StarStar::seed_from_u64(42);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut c = Xoshiro256StarStar::for_stream(42, 1);
        let mut d = Xoshiro256StarStar::for_stream(42, 2);
        assert_ne!(c.next_u64(), d.next_u64());
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = Xoshiro256StarStar::seed_from_u64(7);
        let mut seen = [0u32; 6];
        for _ in 0..6000 {
            let x = rng.index(6);
            seen[x] += 1;
        }
        // Each face expected 1000 times; 6 sd of a binomial(6000, 1/6) is about 173.
        assert!(
            seen.iter().all(|&count| (827..=1173).contains(&count)),
            "{seen:?}"
        );
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.below(1), 0);
    }

    #[test]
    fn next_f64_is_in_the_unit_interval() {
        let mut rng = Xoshiro256StarStar::seed_from_u64(3);
        let mut sum = 0.0;
        for _ in 0..10_000 {
            let u = rng.next_f64();
            assert!((0.0..1.0).contains(&u));
            sum += u;
        }
        // Mean 0.5, sd of the mean sqrt(1/12/10000) ~ 0.0029.
        assert!((sum / 10_000.0 - 0.5).abs() < 0.015);
    }
}
