//! Random splits of a sorted pool into two groups, located only where the groups' medians are.
//!
//! The permutation test needs, for a random split of the sorted pooled sample into a group of
//! `cur` and a group of `prev` values, only the pooled positions of each group's middle order
//! statistics. A uniformly random split is a uniformly random arrangement of `cur` "current"
//! and `prev` "previous" labels over the sorted positions. In such an arrangement the number
//! of "previous" labels before the `k`-th "current" one follows the negative hypergeometric
//! law, and given it, the labels before and after that position are again independent,
//! uniformly random arrangements of the counts left on each side. So each middle order
//! statistic is found by one negative hypergeometric draw inside the stretch of positions that
//! holds it, which then splits in two; four draws give both groups' medians. That is the same
//! distribution as shuffling every label (the Monte Carlo permutation test), at a cost of
//! about the standard deviation of the draws, `O(sqrt(n))`, instead of `O(n)`.

use super::rng::Xoshiro256StarStar;

/// How many uniform numbers one negative hypergeometric draw may try before it gives up on
/// rounding and returns the value it started from. The probabilities it sums are computed
/// from logarithms of factorials, so they add up to 1 within about 1e-12; a uniform number
/// above the computed total, which forces another try, is that rare. The cap is a guard
/// against an endless loop, never reached in practice.
const MAX_INVERSION_TRIES: usize = 64;

/// The pooled positions of the two groups' middle order statistics in one split (both the
/// same position when the group has an odd size).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct MiddlePositions {
    pub(crate) prev: (usize, usize),
    pub(crate) cur: (usize, usize),
}

/// The 0-based ranks of the order statistics whose mean is the median of `n` values (the
/// same rank twice when `n` is odd).
pub(crate) fn middle_ranks(n: usize) -> (usize, usize) {
    ((n - 1) / 2, n / 2)
}

/// Which group a label belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Prev,
    Cur,
}

/// A stretch of pooled positions `start..start + prev + cur` whose labels are, given what has
/// been drawn so far, a uniformly random arrangement of `prev` and `cur` labels.
#[derive(Debug, Clone, Copy)]
struct Stretch {
    start: usize,
    prev: usize,
    cur: usize,
}

impl Stretch {
    fn count(&self, group: Group) -> usize {
        match group {
            Group::Prev => self.prev,
            Group::Cur => self.cur,
        }
    }

    fn len(&self) -> usize {
        self.prev + self.cur
    }

    /// A stretch at `start` with `of_group` labels of `group` and `others` of the other.
    fn with_counts(start: usize, group: Group, of_group: usize, others: usize) -> Self {
        match group {
            Group::Prev => Self {
                start,
                prev: of_group,
                cur: others,
            },
            Group::Cur => Self {
                start,
                prev: others,
                cur: of_group,
            },
        }
    }
}

/// The most stretches a split can have: one at first, and each of the four located labels
/// splits one stretch into three.
const MAX_STRETCHES: usize = 9;

/// Draws [`MiddlePositions`] of uniformly random splits of a pool of `prev + cur` positions.
pub(crate) struct SplitSampler {
    prev_n: usize,
    cur_n: usize,
    /// `ln(k!)` for `k` in `0..=prev + cur`.
    ln_factorials: Vec<f64>,
    /// The first draw of every split locates the current group's lower middle in the whole
    /// pool, always with the same law, so its cumulative distribution is tabulated once.
    first_draw: OthersBefore,
    first_draw_cumulative: Vec<f64>,
    /// The stretches of the split being drawn, in position order: `stretches[..stretch_count]`.
    stretches: [Stretch; MAX_STRETCHES],
    stretch_count: usize,
}

impl SplitSampler {
    /// A sampler of splits into groups of `prev_n` and `cur_n` (each at least 1).
    pub(crate) fn new(prev_n: usize, cur_n: usize) -> Self {
        let ln_factorials = ln_factorials(prev_n + cur_n);
        let first_draw = OthersBefore {
            k: middle_ranks(cur_n).0 + 1,
            targets: cur_n,
            others: prev_n,
        };
        let first_draw_cumulative = first_draw.cumulative_table(&ln_factorials);
        let whole = Stretch {
            start: 0,
            prev: prev_n,
            cur: cur_n,
        };
        Self {
            prev_n,
            cur_n,
            ln_factorials,
            first_draw,
            first_draw_cumulative,
            stretches: [whole; MAX_STRETCHES],
            stretch_count: 1,
        }
    }

    /// The middle positions of both groups in one uniformly random split.
    pub(crate) fn sample(&mut self, rng: &mut Xoshiro256StarStar) -> MiddlePositions {
        self.stretches[0] = Stretch {
            start: 0,
            prev: self.prev_n,
            cur: self.cur_n,
        };
        self.stretch_count = 1;
        let cur_upper = middle_ranks(self.cur_n).1;
        let (prev_lower, prev_upper) = middle_ranks(self.prev_n);
        // The current group's lower middle, `first_draw.k`-th of its labels: inversion of the tabulated law: the first value whose cumulative probability passes
        // a uniform number scaled to the table's total.
        let total = self.first_draw_cumulative.last().copied().unwrap_or(1.0);
        let u = rng.next_f64() * total;
        let others_before = self
            .first_draw_cumulative
            .partition_point(|&c| c <= u)
            .min(self.first_draw.others);
        let cur_lower_position = self.split(0, Group::Cur, self.first_draw.k, others_before);
        // An odd group's two middle ranks are one.
        let cur_upper_position = if cur_upper == self.first_draw.k - 1 {
            cur_lower_position
        } else {
            self.locate(Group::Cur, cur_upper, rng)
        };
        let prev_lower_position = self.locate(Group::Prev, prev_lower, rng);
        let prev_upper_position = if prev_upper == prev_lower {
            prev_lower_position
        } else {
            self.locate(Group::Prev, prev_upper, rng)
        };
        let cur = (cur_lower_position, cur_upper_position);
        let prev = (prev_lower_position, prev_upper_position);
        MiddlePositions { prev, cur }
    }

    /// The pooled position of the `rank`-th (0-based) label of `group`, drawn given the
    /// stretches drawn so far; the stretch holding it is split around it.
    fn locate(&mut self, group: Group, rank: usize, rng: &mut Xoshiro256StarStar) -> usize {
        let mut before = 0;
        for index in 0..self.stretch_count {
            let stretch = self.stretches[index];
            let in_stretch = stretch.count(group);
            if rank >= before + in_stretch {
                before += in_stretch;
                continue;
            }
            if stretch.len() == 1 {
                return stretch.start;
            }
            let law = OthersBefore {
                // 1-based rank of the label within this stretch.
                k: rank - before + 1,
                targets: in_stretch,
                others: stretch.len() - in_stretch,
            };
            let others_before = law.sample_by_inversion(&self.ln_factorials, rng);
            return self.split(index, group, law.k, others_before);
        }
        // Unreachable: the stretches hold every label of both groups and `rank` is below the
        // group's size. Position 0 keeps a broken call from panicking.
        0
    }

    /// Puts the `k`-th (1-based) label of `group` in stretch `index` after `others_before`
    /// labels of the other group, replaces the stretch by the part before it, the label, and
    /// the part after it (empty parts are kept: they hold no label, so [`Self::locate`] passes
    /// over them), and returns the label's position.
    fn split(&mut self, index: usize, group: Group, k: usize, others_before: usize) -> usize {
        let stretch = self.stretches[index];
        let in_stretch = stretch.count(group);
        let others = stretch.len() - in_stretch;
        let position = stretch.start + k - 1 + others_before;
        // Each split adds two stretches and a split locates one of at most four labels, so
        // there is room; the check keeps a broken call from writing past the array.
        if self.stretch_count + 2 > MAX_STRETCHES {
            return position;
        }
        self.stretches
            .copy_within(index + 1..self.stretch_count, index + 3);
        self.stretches[index] = Stretch::with_counts(stretch.start, group, k - 1, others_before);
        self.stretches[index + 1] = Stretch::with_counts(position, group, 1, 0);
        self.stretches[index + 2] =
            Stretch::with_counts(position + 1, group, in_stretch - k, others - others_before);
        self.stretch_count += 2;
        position
    }
}

/// The negative hypergeometric law of the number of "other" labels before the `k`-th
/// (1-based) "target" label in a uniformly random arrangement of `targets` target and
/// `others` other labels. Counting the arrangements that put `j` others first,
/// `P(j) = C(k-1+j, j)·C(targets-k+others-j, others-j) / C(targets+others, others)` for `j`
/// in `0..=others`, so `P(j+1)/P(j) = (k+j)(others-j) / ((j+1)(targets-k+others-j))`. Its
/// mean is `k·others/(targets+1)`.
#[derive(Debug, Clone, Copy)]
struct OthersBefore {
    k: usize,
    targets: usize,
    others: usize,
}

impl OthersBefore {
    /// The value nearest the mean, where the inversion starts.
    fn start(&self) -> usize {
        let mean = self.k as f64 * self.others as f64 / (self.targets as f64 + 1.0);
        // The mean lies in [0, others]; `as` truncates the non-negative mean + 1/2.
        ((mean + 0.5) as usize).min(self.others)
    }

    /// `P(j)`, from logarithms of factorials.
    fn probability(&self, j: usize, ln_factorials: &[f64]) -> f64 {
        let ln_choose =
            |n: usize, r: usize| ln_factorials[n] - ln_factorials[r] - ln_factorials[n - r];
        let after = self.targets - self.k;
        (ln_choose(self.k - 1 + j, j) + ln_choose(after + self.others - j, self.others - j)
            - ln_choose(self.targets + self.others, self.others))
        .exp()
    }

    /// `P(j+1) / P(j)`, for `j < others`.
    fn up_factor(&self, j: usize) -> f64 {
        let after = self.targets - self.k;
        ((self.k + j) as f64 * (self.others - j) as f64)
            / ((j + 1) as f64 * (after + self.others - j) as f64)
    }

    /// `P(j-1) / P(j)`, for `j > 0`: the inverse of `up_factor(j - 1)`.
    fn down_factor(&self, j: usize) -> f64 {
        let after = self.targets - self.k;
        (j as f64 * (after + self.others - j + 1) as f64)
            / ((self.k + j - 1) as f64 * (self.others - j + 1) as f64)
    }

    /// One draw by inversion: starting at [`Self::start`] and stepping outwards on both sides
    /// in turn, the probabilities are added until their sum passes a uniform number. Any fixed
    /// order of the values gives exactly the law by inversion; this one takes about as many
    /// steps as the standard deviation.
    fn sample_by_inversion(&self, ln_factorials: &[f64], rng: &mut Xoshiro256StarStar) -> usize {
        if self.others == 0 {
            return 0;
        }
        // For the first target, P(0) = targets / (targets + others) needs no logarithms, and
        // the mean others / (targets + 1) is usually below 1, so the search starts at 0.
        let (start, p_start) = if self.k == 1 {
            (0, self.targets as f64 / (self.targets + self.others) as f64)
        } else {
            let start = self.start();
            (start, self.probability(start, ln_factorials))
        };
        for _ in 0..MAX_INVERSION_TRIES {
            let u = rng.next_f64();
            let mut cumulative = p_start;
            if u < cumulative {
                return start;
            }
            let (mut up, mut p_up) = (start, p_start);
            let (mut down, mut p_down) = (start, p_start);
            while up < self.others || down > 0 {
                if up < self.others {
                    p_up *= self.up_factor(up);
                    up += 1;
                    cumulative += p_up;
                    if u < cumulative {
                        return up;
                    }
                }
                if down > 0 {
                    p_down *= self.down_factor(down);
                    down -= 1;
                    cumulative += p_down;
                    if u < cumulative {
                        return down;
                    }
                }
            }
        }
        start
    }

    /// The cumulative probabilities `P(0), P(0) + P(1), ...` up to `others`, computed outwards
    /// from the start so that no probability underflows before the ones near the mean are
    /// known (far tails underflow to 0, as they should).
    fn cumulative_table(&self, ln_factorials: &[f64]) -> Vec<f64> {
        let start = self.start();
        let mut probabilities = vec![0.0; self.others + 1];
        probabilities[start] = self.probability(start, ln_factorials);
        for j in start..self.others {
            probabilities[j + 1] = probabilities[j] * self.up_factor(j);
        }
        for j in (1..=start).rev() {
            probabilities[j - 1] = probabilities[j] * self.down_factor(j);
        }
        let mut sum = 0.0;
        for p in &mut probabilities {
            sum += *p;
            *p = sum;
        }
        probabilities
    }
}

/// `ln(k!)` for `k` in `0..=n`, as a running sum of `ln k`. The sum is compensated (Kahan,
/// 1965), so its error stays at a few units in the last place instead of growing with `n`.
fn ln_factorials(n: usize) -> Vec<f64> {
    let mut table = Vec::with_capacity(n + 1);
    table.push(0.0);
    let (mut sum, mut compensation) = (0.0f64, 0.0f64);
    for k in 1..=n {
        let term = (k as f64).ln() - compensation;
        let next = sum + term;
        compensation = (next - sum) - term;
        sum = next;
        table.push(sum);
    }
    table
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::stats::special::ln_gamma;

    /// Every `c`-subset of `0..n` in lexicographic order, as sorted positions.
    fn subsets(n: usize, c: usize) -> Vec<Vec<usize>> {
        let mut all = Vec::new();
        let mut chosen: Vec<usize> = (0..c).collect();
        loop {
            all.push(chosen.clone());
            let Some(slot) = (0..c).rev().find(|&i| chosen[i] < n - c + i) else {
                return all;
            };
            chosen[slot] += 1;
            for next in slot + 1..c {
                chosen[next] = chosen[next - 1] + 1;
            }
        }
    }

    /// The middle positions of a split given the current group's sorted positions, by
    /// listing both groups.
    fn middle_positions_of(total: usize, cur_positions: &[usize]) -> MiddlePositions {
        let prev_positions: Vec<usize> =
            (0..total).filter(|p| !cur_positions.contains(p)).collect();
        let middle = |positions: &[usize]| {
            let (lower, upper) = middle_ranks(positions.len());
            (positions[lower], positions[upper])
        };
        MiddlePositions {
            prev: middle(&prev_positions),
            cur: middle(cur_positions),
        }
    }

    #[test]
    fn log_factorials_match_ln_gamma() {
        let table = ln_factorials(20_000);
        for k in [0usize, 1, 2, 10, 170, 3394, 20_000] {
            let want = ln_gamma(k as f64 + 1.0).unwrap();
            assert!(
                (table[k] - want).abs() <= 1e-12 * want.max(1.0),
                "ln({k}!) = {} vs {want}",
                table[k]
            );
        }
    }

    #[test]
    fn negative_hypergeometric_draws_follow_the_exact_law() {
        // Exact probabilities by counting arrangements with u128 binomials; 200,000 draws; each
        // frequency within 5 binomial standard errors.
        fn choose(n: usize, k: usize) -> u128 {
            (0..k).fold(1u128, |c, i| c * (n - i) as u128 / (i + 1) as u128)
        }
        for (k, targets, others) in [
            (1, 1, 1),
            (1, 3, 4),
            (2, 3, 4),
            (3, 3, 4),
            (5, 9, 12),
            (8, 17, 30),
        ] {
            let law = OthersBefore { k, targets, others };
            let ln_factorials = ln_factorials(targets + others);
            let mut rng = Xoshiro256StarStar::seed_from_u64((k * 100 + others) as u64);
            let trials = 200_000;
            let mut counts = vec![0usize; others + 1];
            for _ in 0..trials {
                counts[law.sample_by_inversion(&ln_factorials, &mut rng)] += 1;
            }
            let table = law.cumulative_table(&ln_factorials);
            let total = choose(targets + others, others);
            for (j, &count) in counts.iter().enumerate() {
                let ways = choose(k - 1 + j, j) * choose(targets - k + others - j, others - j);
                let p = ways as f64 / total as f64;
                let tabulated = table[j] - if j == 0 { 0.0 } else { table[j - 1] };
                assert!(
                    (tabulated - p).abs() < 1e-12,
                    "table P({j}) = {tabulated}, want {p}"
                );
                let got = count as f64 / trials as f64;
                let se = (p * (1.0 - p) / trials as f64).sqrt();
                assert!(
                    (got - p).abs() < 5.0 * se + 1e-9,
                    "k {k}, {targets} targets, {others} others: P({j}) = {p}, drawn {got}"
                );
            }
        }
    }

    #[test]
    fn large_negative_hypergeometric_tables_sum_to_one() {
        // The report's largest case: the middle of 3394 among 3401 others. The start value's
        // probability comes from log factorials near ln(6795!) = 53,000, so rounding there
        // (about 1e-11 relative) bounds how far from 1 the total may be.
        let law = OthersBefore {
            k: 1697,
            targets: 3394,
            others: 3401,
        };
        let table = law.cumulative_table(&ln_factorials(3394 + 3401));
        let total = table[3401];
        assert!((total - 1.0).abs() < 1e-9, "{total}");
        // The median of the other labels before the middle target is near half of them.
        let median = table.partition_point(|&c| c < 0.5);
        assert!((1690..=1712).contains(&median), "{median}");
    }

    #[test]
    fn splits_follow_the_exact_permutation_distribution() {
        // For small pools, every split is listed; the law of the four middle positions it
        // implies must match the sampler's frequencies. Odd and even sizes on both sides.
        for (prev_n, cur_n) in [(1, 1), (1, 4), (3, 4), (4, 4), (5, 3), (6, 5)] {
            let total = prev_n + cur_n;
            let all = subsets(total, cur_n);
            let mut exact: BTreeMap<MiddlePositions, f64> = BTreeMap::new();
            for cur_positions in &all {
                *exact
                    .entry(middle_positions_of(total, cur_positions))
                    .or_insert(0.0) += 1.0 / all.len() as f64;
            }
            let mut sampler = SplitSampler::new(prev_n, cur_n);
            let mut rng = Xoshiro256StarStar::seed_from_u64(total as u64);
            let trials = 100_000;
            let mut counts: BTreeMap<MiddlePositions, usize> = BTreeMap::new();
            for _ in 0..trials {
                *counts.entry(sampler.sample(&mut rng)).or_insert(0) += 1;
            }
            for drawn in counts.keys() {
                assert!(
                    exact.contains_key(drawn),
                    "{prev_n}/{cur_n}: drew {drawn:?}"
                );
            }
            for (positions, &p) in &exact {
                let got = counts.get(positions).copied().unwrap_or(0) as f64 / trials as f64;
                let se = (p * (1.0 - p) / trials as f64).sqrt();
                assert!(
                    (got - p).abs() < 5.0 * se + 1e-9,
                    "{prev_n}/{cur_n}: {positions:?} has probability {p}, drawn {got}"
                );
            }
        }
    }

    #[test]
    fn splits_agree_with_shuffling_on_larger_pools() {
        // 20,000 splits of a pool of 75 + 60 by the sampler and by a partial Fisher-Yates
        // shuffle; each middle position's two-sample Kolmogorov-Smirnov distance exceeds
        // 1.95·sqrt(2/20000) = 0.0195 with probability 0.001 when both draw from one law.
        let (prev_n, cur_n) = (75, 60);
        let total = prev_n + cur_n;
        let trials = 20_000;
        let mut sampler = SplitSampler::new(prev_n, cur_n);
        let mut rng = Xoshiro256StarStar::seed_from_u64(31);
        let fast: Vec<MiddlePositions> = (0..trials).map(|_| sampler.sample(&mut rng)).collect();
        let mut rng = Xoshiro256StarStar::seed_from_u64(32);
        let mut positions: Vec<usize> = (0..total).collect();
        let shuffled: Vec<MiddlePositions> = (0..trials)
            .map(|_| {
                for i in 0..cur_n {
                    let j = i + rng.index(total - i);
                    positions.swap(i, j);
                }
                let mut cur_positions = positions[..cur_n].to_vec();
                cur_positions.sort_unstable();
                middle_positions_of(total, &cur_positions)
            })
            .collect();
        type Coordinate = fn(&MiddlePositions) -> usize;
        let coordinates: [(&str, Coordinate); 4] = [
            ("prev lower", |m| m.prev.0),
            ("prev upper", |m| m.prev.1),
            ("cur lower", |m| m.cur.0),
            ("cur upper", |m| m.cur.1),
        ];
        for (name, coordinate) in coordinates {
            let mut a: Vec<usize> = fast.iter().map(coordinate).collect();
            let mut b: Vec<usize> = shuffled.iter().map(coordinate).collect();
            a.sort_unstable();
            b.sort_unstable();
            let distance = (0..total)
                .map(|x| {
                    let share = |v: &[usize]| v.partition_point(|&d| d <= x) as f64 / trials as f64;
                    (share(&a) - share(&b)).abs()
                })
                .fold(0.0, f64::max);
            assert!(distance < 0.0195, "{name}: KS distance {distance}");
        }
        // The positions are consistent: the odd group (75) has one middle, the even group's
        // upper middle follows its lower one, and no position is in both groups.
        for m in &fast {
            assert!(m.prev.0 == m.prev.1 && m.cur.0 < m.cur.1 && m.cur.1 < total);
            assert!(m.prev.0 != m.cur.0 && m.prev.0 != m.cur.1);
        }
    }
}
