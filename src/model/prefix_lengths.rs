//! Which prefix lengths of a blocklist get their own kernel set (and so their own rule).
//!
//! Every length with a set costs every packet one more rule: a masked load and a hash lookup.
//! ipset's hash:net loops over its lengths inside one match, so a layout with one rule per
//! length in use (22 for a realistic 1M feed) lost to it on the packet path. Expanding a rare
//! length into the next longer one that keeps its set (a /22 into four /24s, a /30 into four
//! addresses) removes its rule at the price of more elements. [`choose`] picks the fewest
//! lengths whose expansion stays within an element budget, exactly (a small dynamic program:
//! there are at most 129 lengths).

use std::collections::BTreeSet;

/// Elements a layout may add by expansion: a quarter of the unexpanded count, at least
/// [`MIN_BUDGET`] (small feeds can afford to lose every rare length).
pub fn budget(elements: usize) -> u128 {
    (elements as u128 / 4).max(MIN_BUDGET)
}

pub const MIN_BUDGET: u128 = 4096;

/// `count << shift` minus `count`: the elements expanding `count` prefixes by `shift` bits
/// adds, saturating.
fn growth(count: u128, shift: u8) -> u128 {
    let factor = 1u128.checked_shl(shift as u32).unwrap_or(u128::MAX);
    count.saturating_mul(factor.saturating_sub(1))
}

/// Elements added when every length with elements that is not in `kept` is expanded into the
/// next longer length in `kept` (the address length, `counts.len() - 1`, is always kept).
/// `counts[len]` is the element count at each length.
pub fn extra(counts: &[u128], kept: &BTreeSet<u8>) -> u128 {
    let bits = (counts.len() - 1) as u8;
    let mut total = 0u128;
    for (len, &c) in counts.iter().enumerate() {
        let len = len as u8;
        if c == 0 || len == bits || kept.contains(&len) {
            continue;
        }
        let target = kept.range(len..).next().copied().unwrap_or(bits);
        total = total.saturating_add(growth(c, target - len));
    }
    total
}

/// The fewest lengths (the address length `counts.len() - 1` always among them) such that
/// expanding every other length in use into the next longer chosen one adds at most `budget`
/// elements; among equally few, the cheapest.
pub fn choose(counts: &[u128], budget: u128) -> BTreeSet<u8> {
    let bits = (counts.len() - 1) as u8;
    // p[0] = the address length, then the lengths in use, longest first; index n + 1 stands for
    // "past the shortest" (the lengths after the last kept one go into it).
    let mut p: Vec<u8> = vec![bits];
    p.extend((0..bits).rev().filter(|&l| counts[l as usize] > 0));
    let n = p.len() - 1;
    // cost[j][i] (j < i): p[j] kept, every length strictly between p[j] and p[i] (p[i] itself
    // only if i = n + 1) expanded into p[j].
    let mut cost = vec![vec![0u128; n + 2]; n + 1];
    for (j, row) in cost.iter_mut().enumerate() {
        let mut acc = 0u128;
        for i in j + 1..=n + 1 {
            row[i] = acc;
            if i <= n {
                acc = acc.saturating_add(growth(counts[p[i] as usize], p[j] - p[i]));
            }
        }
    }
    // best[i][k]: the least growth of p[1..i] with p[i] kept and k kept among p[1..=i];
    // from[i][k]: the kept index before it.
    const NONE: u128 = u128::MAX;
    let mut best = vec![vec![NONE; n + 1]; n + 1];
    let mut from = vec![vec![0usize; n + 1]; n + 1];
    best[0][0] = 0;
    for i in 1..=n {
        for k in 1..=i {
            for j in 0..i {
                let c = best[j][k - 1].saturating_add(cost[j][i]);
                if best[j][k - 1] != NONE && c < best[i][k] {
                    best[i][k] = c;
                    from[i][k] = j;
                }
            }
        }
    }
    // The fewest kept lengths whose total (the tail after the last kept one included) fits;
    // keeping every length costs nothing, so k = n always fits.
    let mut choice = None;
    'k: for k in 0..=n {
        let mut cheapest: Option<(u128, usize)> = None;
        for (j, b) in best.iter().enumerate() {
            if b[k] == NONE {
                continue;
            }
            let c = b[k].saturating_add(cost[j][n + 1]);
            if c <= budget && cheapest.is_none_or(|(bc, _)| c < bc) {
                cheapest = Some((c, j));
            }
        }
        if let Some((_, j)) = cheapest {
            choice = Some((j, k));
            break 'k;
        }
    }
    let (mut i, mut k) = choice.unwrap_or((n, n));
    let mut kept = BTreeSet::from([bits]);
    while i > 0 {
        kept.insert(p[i]);
        i = from[i][k];
        k -= 1;
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(bits: usize, at: &[(usize, u128)]) -> Vec<u128> {
        let mut c = vec![0; bits + 1];
        for &(l, n) in at {
            c[l] = n;
        }
        c
    }

    #[test]
    fn rare_lengths_are_expanded_into_the_next_longer_kept_one() {
        // 1000 addresses, 1000 /24s, 10 /22s, 5 /30s: with room for 100 more elements the
        // /22s (3 more each) and /30s (3 more each) lose their sets.
        let c = counts(32, &[(32, 1000), (24, 1000), (22, 10), (30, 5)]);
        let kept = choose(&c, 100);
        assert_eq!(kept, BTreeSet::from([24, 32]));
        assert_eq!(extra(&c, &kept), 10 * 3 + 5 * 3);
        // No room: every length keeps its set.
        assert_eq!(choose(&c, 0), BTreeSet::from([22, 24, 30, 32]));
        // Room for the /30s only (15), not the /22s (30).
        assert_eq!(choose(&c, 20), BTreeSet::from([22, 24, 32]));
    }

    #[test]
    fn the_cheapest_of_the_fewest_wins() {
        // /16 x1 next to 1000 /24s goes into the /24s (255 more).
        let c = counts(32, &[(24, 1000), (16, 1)]);
        assert_eq!(choose(&c, 1000), BTreeSet::from([24, 32]));
        // One rule either way: the /16 into the /24s (255 more) beats the /24s into addresses
        // (2 x 255) ...
        let c = counts(32, &[(24, 2), (16, 1), (32, 10)]);
        assert_eq!(choose(&c, 1000), BTreeSet::from([24, 32]));
        assert_eq!(extra(&c, &BTreeSet::from([16, 32])), 2 * 255);
        // ... and without room for it, both keep their sets.
        assert_eq!(choose(&c, 200), BTreeSet::from([16, 24, 32]));
        // /31 -> /32 costs 100, /28 -> /32 150 (/28 -> /31 70), /23 -> /24 400.
        let c = counts(32, &[(31, 100), (28, 10), (24, 500), (23, 400)]);
        assert_eq!(choose(&c, 250), BTreeSet::from([23, 24, 32]));
        assert_eq!(choose(&c, 649), BTreeSet::from([23, 24, 32]));
        assert_eq!(choose(&c, 650), BTreeSet::from([24, 32]));
        assert_eq!(extra(&c, &BTreeSet::from([24, 32])), 650);
        // The shortest length can go too: everything into addresses when that is cheap.
        let c = counts(32, &[(30, 3), (31, 2), (32, 1)]);
        assert_eq!(choose(&c, 100), BTreeSet::from([32]));
        assert_eq!(extra(&c, &BTreeSet::from([32])), 3 * 3 + 2);
    }

    #[test]
    fn ipv6_and_huge_shifts_saturate_instead_of_overflowing() {
        let c = counts(128, &[(1, 1), (128, 5), (64, 100)]);
        // /1 into /64 is 2^63 elements: never within a sane budget.
        let kept = choose(&c, 1 << 20);
        assert_eq!(kept, BTreeSet::from([1, 64, 128]));
        assert!(extra(&c, &BTreeSet::from([128])) >= 1 << 127);
        assert_eq!(
            extra(&counts(128, &[(0, 1)]), &BTreeSet::new()),
            u128::MAX - 1
        );
        assert_eq!(choose(&counts(128, &[]), 0), BTreeSet::from([128]));
    }
}
