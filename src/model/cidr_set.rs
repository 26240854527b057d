//! Exact set arithmetic on address intervals, for IPv4 (`u32`) and IPv6 (`u128`).
//!
//! An [`IntervalSet`] is a sorted vector of disjoint, non-adjacent, inclusive `[lo, hi]`
//! intervals: the canonical form of a set of addresses. Building one is a sort plus a linear
//! merge (O(n log n)); union, difference and the minimal CIDR cover are linear sweeps.

use super::cidr::Net;

/// An address type: `u32` (IPv4) or `u128` (IPv6).
pub trait Addr:
    Copy + Ord + Eq + std::hash::Hash + std::fmt::Debug + Send + Sync + 'static
{
    const BITS: u8;
    const ZERO: Self;
    const MAX: Self;
    fn succ(self) -> Option<Self>;
    fn pred(self) -> Option<Self>;
    /// Trailing zero bits (BITS for zero).
    fn tz(self) -> u32;
    /// floor(log2(hi - lo + 1)), i.e. the largest k with 2^k <= size; BITS for the full space.
    fn span_log2(lo: Self, hi: Self) -> u32;
    fn add_pow2(self, k: u32) -> Option<Self>;
    /// Number of addresses in [lo, hi], saturating at u128::MAX (only `::/0` saturates).
    fn count(lo: Self, hi: Self) -> u128;
    fn net(self, len: u8) -> Net;
    fn from_net(n: &Net) -> Option<(Self, Self)>;
}

macro_rules! impl_addr {
    ($t:ty, $bits:expr, $variant:ident) => {
        impl Addr for $t {
            const BITS: u8 = $bits;
            const ZERO: Self = 0;
            const MAX: Self = <$t>::MAX;
            fn succ(self) -> Option<Self> {
                self.checked_add(1)
            }
            fn pred(self) -> Option<Self> {
                self.checked_sub(1)
            }
            fn tz(self) -> u32 {
                self.trailing_zeros()
            }
            fn span_log2(lo: Self, hi: Self) -> u32 {
                let d = hi - lo;
                match d.checked_add(1) {
                    Some(n) => n.ilog2(),
                    None => $bits,
                }
            }
            fn add_pow2(self, k: u32) -> Option<Self> {
                if k >= $bits {
                    None
                } else {
                    self.checked_add((1 as $t) << k)
                }
            }
            fn count(lo: Self, hi: Self) -> u128 {
                ((hi - lo) as u128).saturating_add(1)
            }
            fn net(self, len: u8) -> Net {
                Net::$variant(self, len)
            }
            fn from_net(n: &Net) -> Option<(Self, Self)> {
                match *n {
                    Net::$variant(..) => {
                        let (a, b) = n.bounds();
                        Some((a as $t, b as $t))
                    }
                    _ => None,
                }
            }
        }
    };
}
impl_addr!(u32, 32, V4);
impl_addr!(u128, 128, V6);

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IntervalSet<A: Addr> {
    iv: Vec<(A, A)>,
}

impl<A: Addr> IntervalSet<A> {
    pub fn new() -> Self {
        IntervalSet { iv: Vec::new() }
    }

    /// Builds the canonical set from arbitrary (overlapping, unsorted) inclusive intervals.
    pub fn from_intervals(mut v: Vec<(A, A)>) -> Self {
        v.retain(|(a, b)| a <= b);
        v.sort_unstable();
        let mut out: Vec<(A, A)> = Vec::with_capacity(v.len());
        for (lo, hi) in v {
            if let Some(last) = out.last_mut() {
                // Overlapping or adjacent: extend.
                if last.1 == A::MAX || lo <= last.1.succ().unwrap_or(A::MAX) {
                    if hi > last.1 {
                        last.1 = hi;
                    }
                    continue;
                }
            }
            out.push((lo, hi));
        }
        out.shrink_to_fit();
        IntervalSet { iv: out }
    }

    /// From intervals already sorted, disjoint and non-adjacent (e.g. a state file). Checked.
    pub fn from_canonical(v: Vec<(A, A)>) -> Option<Self> {
        let ok = v.iter().all(|(a, b)| a <= b)
            && v.windows(2)
                .all(|w| w[0].1 < w[1].0 && w[0].1.succ() != Some(w[1].0));
        ok.then_some(IntervalSet { iv: v })
    }

    pub fn intervals(&self) -> &[(A, A)] {
        &self.iv
    }

    pub fn is_empty(&self) -> bool {
        self.iv.is_empty()
    }

    pub fn len(&self) -> usize {
        self.iv.len()
    }

    /// Addresses covered (saturating at u128::MAX).
    pub fn count(&self) -> u128 {
        self.iv
            .iter()
            .fold(0u128, |acc, &(a, b)| acc.saturating_add(A::count(a, b)))
    }

    pub fn contains(&self, x: A) -> bool {
        let i = self.iv.partition_point(|&(lo, _)| lo <= x);
        i > 0 && self.iv[i - 1].1 >= x
    }

    pub fn union(&self, other: &Self) -> Self {
        let mut v = Vec::with_capacity(self.iv.len() + other.iv.len());
        v.extend_from_slice(&self.iv);
        v.extend_from_slice(&other.iv);
        Self::from_intervals(v)
    }

    /// `self − other`, exactly: an interval of `other` inside one of `self` splits it.
    pub fn difference(&self, other: &Self) -> Self {
        let mut out = Vec::with_capacity(self.iv.len());
        let mut j = 0;
        let o = &other.iv;
        for &(lo, hi) in &self.iv {
            let mut cur = lo;
            // Skip `other` intervals entirely before this one.
            while j < o.len() && o[j].1 < cur {
                j += 1;
            }
            let mut k = j;
            let mut done = false;
            while k < o.len() && o[k].0 <= hi {
                let (olo, ohi) = o[k];
                if olo > cur {
                    out.push((cur, olo.pred().expect("olo > cur >= 0")));
                }
                match ohi.succ() {
                    Some(n) if ohi < hi => cur = n,
                    _ => {
                        done = true;
                        break;
                    }
                }
                k += 1;
            }
            if !done {
                out.push((cur, hi));
            }
            // The last `other` interval may reach into the next `self` interval.
            j = k.saturating_sub(1).max(j);
        }
        IntervalSet { iv: out }
    }

    /// The minimal CIDR cover, in address order.
    pub fn cidrs(&self) -> impl Iterator<Item = Net> + '_ {
        self.iv
            .iter()
            .flat_map(|&(lo, hi)| RangeCidrs { lo: Some(lo), hi })
    }

    /// Number of CIDRs in the minimal cover (without allocating them).
    pub fn cidr_count(&self) -> usize {
        self.cidrs().count()
    }
}

/// Splits one inclusive range into its minimal list of CIDR blocks.
struct RangeCidrs<A: Addr> {
    lo: Option<A>,
    hi: A,
}

impl<A: Addr> Iterator for RangeCidrs<A> {
    type Item = Net;
    fn next(&mut self) -> Option<Net> {
        let lo = self.lo?;
        if lo > self.hi {
            return None;
        }
        let k = lo.tz().min(A::BITS as u32).min(A::span_log2(lo, self.hi));
        let net = lo.net(A::BITS - k as u8);
        self.lo = lo.add_pow2(k);
        Some(net)
    }
}

/// The canonical sets of one list: IPv4 and IPv6 together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sets {
    pub v4: IntervalSet<u32>,
    pub v6: IntervalSet<u128>,
}

impl Sets {
    pub fn from_nets<'a>(nets: impl IntoIterator<Item = &'a Net>) -> Sets {
        let mut v4 = Vec::new();
        let mut v6 = Vec::new();
        for n in nets {
            match *n {
                Net::V4(..) => v4.extend(u32::from_net(n)),
                Net::V6(..) => v6.extend(u128::from_net(n)),
            }
        }
        Sets {
            v4: IntervalSet::from_intervals(v4),
            v6: IntervalSet::from_intervals(v6),
        }
    }

    pub fn difference(&self, other: &Sets) -> Sets {
        Sets {
            v4: self.v4.difference(&other.v4),
            v6: self.v6.difference(&other.v6),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.v4.is_empty() && self.v6.is_empty()
    }

    pub fn cidrs(&self) -> impl Iterator<Item = Net> + '_ {
        self.v4.cidrs().chain(self.v6.cidrs())
    }

    /// Share of the address space covered, per family, in percent.
    pub fn share_percent(&self) -> (f64, f64) {
        (
            self.v4.count() as f64 * 100.0 / 4_294_967_296.0,
            self.v6.count() as f64 * 100.0 / 2f64.powi(128),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cidr::parse_line;
    use proptest::prelude::*;

    fn set(lines: &[&str]) -> Sets {
        let nets: Vec<Net> = lines
            .iter()
            .map(|l| parse_line(l.as_bytes()).unwrap().unwrap())
            .collect();
        Sets::from_nets(&nets)
    }

    fn strs(s: &Sets) -> Vec<String> {
        s.cidrs().map(|n| n.to_string()).collect()
    }

    #[test]
    fn aggregation_and_carving() {
        let s = set(&["10.0.0.0/25", "10.0.0.128/25", "10.0.1.0/24", "10.0.0.5"]);
        assert_eq!(strs(&s), vec!["10.0.0.0/23"]);
        let block = set(&["10.0.0.0/16", "2001:db8::/32"]);
        let allow = set(&["10.0.0.1", "2001:db8::/33"]);
        let eff = block.difference(&allow);
        let v = strs(&eff);
        assert_eq!(v.len(), 16 + 1, "{v:?}");
        assert_eq!(v[0], "10.0.0.0");
        assert_eq!(v[1], "10.0.0.2/31");
        assert_eq!(v[15], "10.0.128.0/17");
        assert_eq!(v[16], "2001:db8:8000::/33");
        assert_eq!(eff.v4.count(), 65535);
        // Adjacent but disjoint stays two intervals only when not adjacent: they merge here.
        let s = set(&["0.0.0.0/1", "128.0.0.0/1"]);
        assert_eq!(strs(&s), vec!["0.0.0.0/0"]);
        assert_eq!(s.v4.count(), 1 << 32);
        let s = set(&["::/0"]);
        assert_eq!(strs(&s), vec!["::/0"]);
        assert_eq!(s.v6.count(), u128::MAX);
        let all = set(&["0.0.0.0/0"]);
        let d = all.difference(&set(&["255.255.255.255", "0.0.0.0"]));
        assert_eq!(d.v4.intervals(), &[(1, u32::MAX - 1)]);
        assert_eq!(d.v4.cidr_count(), 62);
    }

    #[test]
    fn difference_spanning_several() {
        let a = IntervalSet::<u32>::from_intervals(vec![(0, 10), (20, 30), (40, 50)]);
        let b = IntervalSet::<u32>::from_intervals(vec![(5, 25), (29, 41), (50, 60)]);
        assert_eq!(a.difference(&b).intervals(), &[(0, 4), (26, 28), (42, 49)]);
        assert_eq!(
            b.difference(&a).intervals(),
            &[(11, 19), (31, 39), (51, 60)]
        );
        assert!(a.difference(&a).is_empty());
    }

    fn arb_nets4() -> impl Strategy<Value = Vec<(u32, u8)>> {
        // Small address window so that overlaps are frequent.
        proptest::collection::vec((0u32..4096, 20u8..=32), 0..40)
    }

    fn norm4(v: &[(u32, u8)]) -> Vec<Net> {
        v.iter()
            .map(|&(a, l)| Net::V4(a & !crate::model::cidr::host_mask32(l), l))
            .collect()
    }

    proptest! {
        /// compile's set is exactly union(block) − union(allow), checked address by address
        /// against a naive model; the CIDR cover is disjoint, exact and minimal-shaped.
        #[test]
        fn difference_matches_naive_v4(b in arb_nets4(), a in arb_nets4(), probes in proptest::collection::vec(0u32..5000, 64)) {
            let (bn, an) = (norm4(&b), norm4(&a));
            let eff = Sets::from_nets(&bn).difference(&Sets::from_nets(&an));
            let naive = |x: u32| bn.iter().any(|n| n.contains(&Net::V4(x, 32)))
                && !an.iter().any(|n| n.contains(&Net::V4(x, 32)));
            for x in probes.iter().copied().chain(0..4200) {
                prop_assert_eq!(eff.v4.contains(x), naive(x), "address {}", x);
            }
            let cidrs: Vec<Net> = eff.cidrs().collect();
            let back = Sets::from_nets(&cidrs);
            prop_assert_eq!(&back, &eff);
            for w in cidrs.windows(2) {
                prop_assert!(w[0].bounds().1 < w[1].bounds().0);
                // Minimal: two sibling halves would have been merged into their parent.
                let (x, y) = (w[0], w[1]);
                prop_assert!(!(x.prefix_len() == y.prefix_len() && x.prefix_len() > 0
                    && Net::V4(x.bounds().0 as u32 & !crate::model::cidr::host_mask32(x.prefix_len() - 1), x.prefix_len() - 1).contains(&y)));
            }
        }

        #[test]
        fn difference_matches_naive_v6(
            b in proptest::collection::vec((any::<u16>(), 100u8..=128), 0..30),
            a in proptest::collection::vec((any::<u16>(), 100u8..=128), 0..30),
            probes in proptest::collection::vec(any::<u16>(), 200),
            hi in any::<u128>(),
        ) {
            // Random high bits shared by all entries, a small varying window below.
            let base = hi & !0xffff_ffffu128;
            let mk = |v: &[(u16, u8)]| -> Vec<Net> {
                v.iter().map(|&(x, l)| {
                    let addr = base | ((x as u128) << 12);
                    Net::V6(addr & !crate::model::cidr::host_mask128(l), l)
                }).collect()
            };
            let (bn, an) = (mk(&b), mk(&a));
            let eff = Sets::from_nets(&bn).difference(&Sets::from_nets(&an));
            for p in probes {
                let x = base | ((p as u128) << 12) | (p as u128 & 0xfff);
                let naive = bn.iter().any(|n| n.contains(&Net::V6(x, 128)))
                    && !an.iter().any(|n| n.contains(&Net::V6(x, 128)));
                prop_assert_eq!(eff.v6.contains(x), naive);
            }
            let cidrs: Vec<Net> = eff.cidrs().collect();
            prop_assert_eq!(&Sets::from_nets(&cidrs), &eff);
        }
    }
}
