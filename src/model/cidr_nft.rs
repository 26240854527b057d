//! The kernel side of a blocklist: how a [`Sets`] value is laid out in nftables, the full
//! ruleset (the snippet in /etc/nftables.d), the delta transaction between two applied sets,
//! and the last-applied state file.
//!
//! Layout (table `inet debvisor_blocklist`): the minimal CIDR cover of the set, split by prefix
//! length into plain HASH sets: single addresses in `blocked_ips` / `blocked_ips6`, and one set
//! per chosen prefix length, `blocked_nets_L` / `blocked_nets6_L`, holding network addresses.
//! The chain matches `ip saddr & MASK(L) @blocked_nets_L` for each chosen length. Every rule
//! costs every packet, so a rare length is expanded into the next longer chosen one (a /22
//! into four /24s) when that is cheap; [`super::prefix_lengths`] chooses (4 prefix sets
//! instead of 22 for the 1M bench feed, for 17% more elements).
//!
//! Every set is declared with a `size` (its element count plus half again, at least
//! [`MIN_SIZE`]): the kernel then picks its fixed-size hash (`nft_hash_fast` for IPv4 keys)
//! instead of the resizable rhashtable, which halves the kernel's share of a 1M-element load
//! (measured: 3.4 s → 1.5 s of system time). The size is also a hard cap on the elements the
//! kernel accepts, so it is recorded in the state; a delta that would overfill a set is replaced
//! by a full reload, which sizes the sets anew.
//!
//! Why not interval sets: with nft 1.0.6, as soon as ANY interval set exists in the network
//! namespace, every element command (even adding one address to an unrelated hash set) first
//! downloads the interval sets' elements: ~0.5 s per `nft` run for a 100k-prefix feed, and
//! deleting interval elements is quadratic. Hash sets load faster and make a delta cost only its
//! own size (a 1% churn of a 1M feed: milliseconds in the kernel). Sets of a length that empties
//! stay declared (empty) until the next full reload, so a delta never has to delete a rule.
//!
//! Two generations of set names ([`Gen`]): A (`blocked_ips`, `blocked_nets_24`, …) and B
//! (`blocked_ips_b`, `blocked_nets_b_24`, …). A full load alternates between them: it fills the
//! other generation's sets, which no rule references yet, in bounded `nft -f` runs
//! ([`render_prepare`], [`Chunks`]), then one transaction ([`render_switch`]) re-creates the
//! chains on them and deletes the old generation. nft's parser needs ~390 B per element, so one
//! `nft -f` of the whole table peaked at 363 MB for 1M entries; staged, no nft run holds more
//! than [`LOAD_CHUNK`] elements, and the datapath still sees only the old complete set or the
//! new complete set (the switch is one kernel transaction).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::net::Ipv6Addr;

use super::cidr::{host_mask128, host_mask32, push_v4};
use super::cidr_set::{Addr, IntervalSet, Sets};
use super::prefix_lengths;

pub const TABLE: &str = "debvisor_blocklist";
pub const CHAIN_INPUT: &str = "debvisor_blocklist_input";
pub const CHAIN_FORWARD: &str = "debvisor_blocklist_forward";
pub const SET_IPS4: &str = "blocked_ips";
pub const SET_IPS6: &str = "blocked_ips6";
/// Prefix of the per-length sets: `blocked_nets_24`, `blocked_nets6_64`.
pub const NETS4_PREFIX: &str = "blocked_nets_";
pub const NETS6_PREFIX: &str = "blocked_nets6_";

/// Elements per `add element` statement (all statements still form one transaction).
const CHUNK: usize = 50_000;

/// The most bits a prefix is ever expanded by (see [`Family::expanded`]).
const MAX_EXPANSION_BITS: u8 = 32;

/// Elements per `nft -f` run of a staged full load. nft's parse costs ~390 B per element, so
/// 100k elements keep each run near 40 MB (plus nft's own ~10 MB), and 1M elements still take
/// only 10 runs (each run costs nft's start and a cache fill without elements: milliseconds).
pub const LOAD_CHUNK: usize = 100_000;

/// A generation of set names (see the module documentation). A full load fills the other
/// generation and switches the chains to it; deltas edit the live one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gen {
    /// `blocked_ips`, `blocked_nets_24`: the names of every layout before the staged load.
    #[default]
    A,
    /// `blocked_ips_b`, `blocked_nets_b_24`.
    B,
}

impl Gen {
    pub fn other(self) -> Gen {
        match self {
            Gen::A => Gen::B,
            Gen::B => Gen::A,
        }
    }
    /// The state file's spelling.
    pub fn tag(self) -> &'static str {
        match self {
            Gen::A => "a",
            Gen::B => "b",
        }
    }
    fn ips_suffix(self) -> &'static str {
        match self {
            Gen::A => "",
            Gen::B => "_b",
        }
    }
    fn nets_infix(self) -> &'static str {
        match self {
            Gen::A => "",
            Gen::B => "b_",
        }
    }
}

/// What a set name of this table is: (generation, IPv6, prefix length; 32 or 128 for the
/// address sets). None for a name that is neither generation's.
pub fn parse_set_name(name: &str) -> Option<(Gen, bool, u8)> {
    for (gen, v6) in [
        (Gen::A, false),
        (Gen::A, true),
        (Gen::B, false),
        (Gen::B, true),
    ] {
        let ips = if v6 { SET_IPS6 } else { SET_IPS4 };
        if name.strip_prefix(ips) == Some(gen.ips_suffix()) {
            return Some((gen, v6, if v6 { 128 } else { 32 }));
        }
    }
    // Longest prefix first: "blocked_nets6_" before "blocked_nets_", "b_" before a number.
    for (prefix, v6, bits) in [(NETS6_PREFIX, true, 128), (NETS4_PREFIX, false, 32)] {
        if let Some(rest) = name.strip_prefix(prefix) {
            let (gen, digits) = match rest.strip_prefix(Gen::B.nets_infix()) {
                Some(d) => (Gen::B, d),
                None => (Gen::A, rest),
            };
            let len = digits
                .parse::<u8>()
                .ok()
                .filter(|&l| l < bits && l.to_string() == digits)?;
            return Some((gen, v6, len));
        }
    }
    None
}

/// The smallest `size` a set is declared with (deltas may grow a set up to its size).
pub const MIN_SIZE: u32 = 1024;

/// Memory one kernel element needs while a full load runs, in bytes, measured with nft 1.0.6 on
/// Linux 6.x (scripts/bench-blocklist): the kernel's element and hash bucket of the new
/// generation (~100 B; the old generation stays until the switch, but MemAvailable already
/// counts it as used) and debvisor's own copies of the sets and layouts (58-59 MB peak for
/// 903,116 elements, ~65 B). nft's parse (~390 B per element) no longer scales with the set:
/// the staged load parses at most [`LOAD_CHUNK`] elements per nft run ([`LOAD_RUN_BYTES`]).
/// Before the staged load, this was 640 B (one nft run parsed every element).
pub const LOAD_BYTES_PER_ELEMENT: u64 = 200;

/// Memory of one nft run of a staged full load: [`LOAD_CHUNK`] elements at ~390 B each plus
/// nft's own ~10 MB, rounded up.
pub const LOAD_RUN_BYTES: u64 = 64 << 20;

/// Why a layout of `elements` kernel elements cannot be loaded, or None: more than
/// `max_elements` (0: no such cap), or more memory than `available` bytes (None: unknown).
pub fn load_fault(elements: usize, max_elements: u64, available: Option<u64>) -> Option<String> {
    let n = elements as u64;
    if max_elements > 0 && n > max_elements {
        return Some(format!(
            "{n} kernel elements, more than the {max_elements} of [blocklist] max_kernel_elements"
        ));
    }
    let need = n
        .saturating_mul(LOAD_BYTES_PER_ELEMENT)
        .saturating_add(LOAD_RUN_BYTES);
    match available {
        Some(avail) if need > avail => Some(format!(
            "{n} kernel elements need about {} MiB of memory to load ({LOAD_BYTES_PER_ELEMENT} B each: the kernel's set, ours; plus {} MiB for one nft run), more than the {} MiB available (MemAvailable)",
            need >> 20,
            LOAD_RUN_BYTES >> 20,
            avail >> 20
        )),
        _ => None,
    }
}

/// `MemAvailable` of /proc/meminfo, in bytes.
pub fn mem_available(meminfo: &str) -> Option<u64> {
    let rest = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))?;
    let kb = rest.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()?;
    kb.checked_mul(1024)
}

/// The `size` of a set declared for `n` elements: room for deltas to grow it by half.
pub fn capacity(n: usize) -> u32 {
    (n.saturating_add(n / 2)).clamp(MIN_SIZE as usize, u32::MAX as usize) as u32
}

#[derive(Debug, Clone)]
pub struct RenderOpts {
    /// Priority of the filter chains (lower runs earlier).
    pub priority: i32,
    /// Also drop forwarded traffic (e.g. to VMs on a bridge).
    pub forward: bool,
}

impl Default for RenderOpts {
    fn default() -> Self {
        RenderOpts {
            priority: -10,
            forward: false,
        }
    }
}

impl RenderOpts {
    /// What a delta cannot change (the chains): recorded in the state; a difference forces a
    /// full reload.
    pub fn key(&self) -> String {
        format!("priority={} forward={}", self.priority, self.forward as u8)
    }
    fn chains(&self) -> Vec<(&'static str, &'static str)> {
        let mut c = vec![(CHAIN_INPUT, "input")];
        if self.forward {
            c.push((CHAIN_FORWARD, "forward"));
        }
        c
    }
}

/// One address family's kernel elements: single addresses, and network addresses by prefix
/// length (each list sorted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family<A> {
    pub ips: Vec<A>,
    pub nets: BTreeMap<u8, Vec<A>>,
}

impl<A> Default for Family<A> {
    fn default() -> Self {
        Family {
            ips: Vec::new(),
            nets: BTreeMap::new(),
        }
    }
}

impl<A: Addr> Family<A> {
    /// The minimal CIDR cover of `s` split by prefix length, every length in use with its set.
    fn cover(s: &IntervalSet<A>) -> Self {
        let mut f = Family::default();
        for n in s.cidrs() {
            let Some((net, _)) = A::from_net(&n) else {
                continue;
            };
            match n.prefix_len() {
                l if l == A::BITS => f.ips.push(net),
                l => f.nets.entry(l).or_insert_with(Vec::new).push(net),
            }
        }
        f
    }
    /// Element counts by prefix length (index = length, `BITS` = the addresses).
    fn counts(&self) -> Vec<u128> {
        let mut c = vec![0u128; A::BITS as usize + 1];
        for (l, e) in self.by_len() {
            c[l as usize] = e.len() as u128;
        }
        c
    }
    /// This family with every prefix length not in `kept` expanded into the next longer
    /// length in `kept` (a /22 into four /24s, a /31 into two addresses). `BITS` is always kept.
    fn expanded(mut self, kept: &BTreeSet<u8>) -> Self {
        let moved: Vec<u8> = self
            .nets
            .keys()
            .copied()
            .filter(|l| !kept.contains(l))
            .collect();
        if moved.is_empty() {
            return self;
        }
        let mut into: BTreeMap<u8, Vec<A>> = BTreeMap::new();
        for len in moved {
            let target = kept.range(len..).next().copied().unwrap_or(A::BITS);
            if target - len > MAX_EXPANSION_BITS {
                // Never within a budget (2^32 elements per network): keep its own set.
                continue;
            }
            let nets = self.nets.remove(&len).unwrap_or_default();
            let step = (A::BITS - target) as u32;
            let out = into.entry(target).or_default();
            for net in nets {
                let mut a = net;
                for i in 0..1u128 << (target - len) {
                    if i > 0 {
                        // The last step past the end of the address space only happens after
                        // the last subnet of a network ending at MAX.
                        match a.add_pow2(step) {
                            Some(next) => a = next,
                            None => break,
                        }
                    }
                    out.push(a);
                }
            }
        }
        for (target, mut add) in into {
            let list = if target == A::BITS {
                &mut self.ips
            } else {
                self.nets.entry(target).or_default()
            };
            // The cover is disjoint, so the expansions never collide with what is there.
            list.append(&mut add);
            list.sort_unstable();
        }
        self
    }
    /// Elements in the prefix sets (all lengths).
    pub fn nets_len(&self) -> usize {
        self.nets.values().map(Vec::len).sum()
    }
    pub fn elements(&self) -> usize {
        self.ips.len() + self.nets_len()
    }
    /// Each set's elements by prefix length; `A::BITS` is the address set (always present).
    pub fn by_len(&self) -> impl Iterator<Item = (u8, &[A])> + '_ {
        std::iter::once((A::BITS, self.ips.as_slice()))
            .chain(self.nets.iter().map(|(l, v)| (*l, v.as_slice())))
    }
    fn get(&self, len: u8) -> &[A] {
        if len == A::BITS {
            return &self.ips;
        }
        self.nets.get(&len).map(Vec::as_slice).unwrap_or(&[])
    }
    /// The sets this family needs, each sized by [`capacity`].
    fn declared(&self) -> BTreeMap<u8, u32> {
        self.by_len().map(|(l, e)| (l, capacity(e.len()))).collect()
    }
}

/// The elements of all sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub v4: Family<u32>,
    pub v6: Family<u128>,
}

impl Layout {
    /// The layout a full load uses: per family, the fewest prefix-length sets whose expansion
    /// stays within [`prefix_lengths::budget`] (see that module for why).
    pub fn of(sets: &Sets) -> Layout {
        fn family<A: Addr>(s: &IntervalSet<A>) -> Family<A> {
            let f = Family::cover(s);
            let counts = f.counts();
            let kept = prefix_lengths::choose(&counts, prefix_lengths::budget(f.elements()));
            f.expanded(&kept)
        }
        Layout {
            v4: family(&sets.v4),
            v6: family(&sets.v6),
        }
    }

    /// The layout of `sets` in the sets `declared` in the kernel: every length not declared is
    /// expanded into the next longer declared one. Without `slack`, exactly what the kernel
    /// holds after loading `sets` into those sets. With it (a delta), a length whose expansion
    /// would add more than `slack` times the budget of a fresh [`Layout::of`] gets a set (and a
    /// rule) of its own, the most costly first: a churn then moves no element between sets,
    /// and a delta only ever adds sets, never deletes one (a full reload chooses anew).
    pub fn in_declared(sets: &Sets, declared: &Declared, slack: Option<u128>) -> Layout {
        fn family<A: Addr>(
            s: &IntervalSet<A>,
            d: &BTreeMap<u8, u32>,
            slack: Option<u128>,
        ) -> Family<A> {
            let f = Family::cover(s);
            let mut kept: BTreeSet<u8> = d.keys().copied().chain([A::BITS]).collect();
            if let Some(times) = slack {
                let counts = f.counts();
                let limit = prefix_lengths::budget(f.elements()).saturating_mul(times);
                while prefix_lengths::extra(&counts, &kept) > limit {
                    let cheapest = (0..A::BITS)
                        .filter(|&l| counts[l as usize] > 0 && !kept.contains(&l))
                        .min_by_key(|&l| {
                            let mut k = kept.clone();
                            k.insert(l);
                            prefix_lengths::extra(&counts, &k)
                        });
                    match cheapest {
                        Some(l) => kept.insert(l),
                        None => break,
                    };
                }
            }
            f.expanded(&kept)
        }
        Layout {
            v4: family(&sets.v4, &declared.v4, slack),
            v6: family(&sets.v6, &declared.v6, slack),
        }
    }
    pub fn elements(&self) -> usize {
        self.v4.elements() + self.v6.elements()
    }
    /// The sets a full load of this layout declares, with their sizes.
    pub fn declared(&self) -> Declared {
        Declared {
            v4: self.v4.declared(),
            v6: self.v6.declared(),
        }
    }
}

/// The sets that exist in the kernel: prefix length → the set's `size`. The length `BITS`
/// (32, 128) is the address set; every other length has a set and a rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    pub v4: BTreeMap<u8, u32>,
    pub v6: BTreeMap<u8, u32>,
}

/// How one family is written in nft syntax.
trait Elem: Addr {
    const IPS: &'static str;
    const NETS: &'static str;
    const TYPE: &'static str;
    const SADDR: &'static str;
    fn push(out: &mut Vec<u8>, a: Self);
    fn mask(len: u8) -> Self;
}
impl Elem for u32 {
    const IPS: &'static str = SET_IPS4;
    const NETS: &'static str = NETS4_PREFIX;
    const TYPE: &'static str = "ipv4_addr";
    const SADDR: &'static str = "ip saddr";
    fn push(out: &mut Vec<u8>, a: u32) {
        push_v4(out, a)
    }
    fn mask(len: u8) -> u32 {
        !host_mask32(len)
    }
}
impl Elem for u128 {
    const IPS: &'static str = SET_IPS6;
    const NETS: &'static str = NETS6_PREFIX;
    const TYPE: &'static str = "ipv6_addr";
    const SADDR: &'static str = "ip6 saddr";
    fn push(out: &mut Vec<u8>, a: u128) {
        let _ = write!(out, "{}", Ipv6Addr::from(a));
    }
    fn mask(len: u8) -> u128 {
        !host_mask128(len)
    }
}

fn push_elements<A: Elem>(out: &mut Vec<u8>, elems: &[A], indent: &str) {
    for (i, e) in elems.iter().enumerate() {
        out.extend_from_slice(indent.as_bytes());
        A::push(out, *e);
        out.extend_from_slice(if i + 1 < elems.len() { b",\n" } else { b"\n" });
    }
}

fn set_name<A: Elem>(gen: Gen, len: u8) -> String {
    if len == A::BITS {
        format!("{}{}", A::IPS, gen.ips_suffix())
    } else {
        format!("{}{}{len}", A::NETS, gen.nets_infix())
    }
}

fn set_decl<A: Elem>(out: &mut Vec<u8>, name: &str, size: u32, elems: &[A]) {
    let _ = writeln!(
        out,
        "  set {name} {{\n    type {}\n    size {size}",
        A::TYPE
    );
    if !elems.is_empty() {
        out.extend_from_slice(b"    elements = {\n");
        push_elements(out, elems, "      ");
        out.extend_from_slice(b"    }\n");
    }
    out.extend_from_slice(b"  }\n");
}

fn family_decls<A: Elem>(out: &mut Vec<u8>, f: &Family<A>, d: &BTreeMap<u8, u32>, gen: Gen) {
    for (&len, &size) in d {
        set_decl(out, &set_name::<A>(gen, len), size, f.get(len));
    }
}

/// The match of one prefix-length set: `ip saddr & 255.255.255.0 @blocked_nets_24`.
fn nets_match<A: Elem>(gen: Gen, len: u8) -> String {
    let mut mask = Vec::new();
    A::push(&mut mask, A::mask(len));
    format!(
        "{} & {} @{}",
        A::SADDR,
        String::from_utf8_lossy(&mask),
        set_name::<A>(gen, len)
    )
}

fn chain(out: &mut Vec<u8>, name: &str, hook: &str, prio: i32, d: &Declared, gen: Gen) {
    let _ = write!(
        out,
        "  chain {name} {{\n    type filter hook {hook} priority {prio}; policy accept;\n    \
         ip saddr @{} counter drop\n",
        set_name::<u32>(gen, 32)
    );
    for &len in d.v4.keys().filter(|&&l| l < 32) {
        let _ = writeln!(out, "    {} counter drop", nets_match::<u32>(gen, len));
    }
    let _ = writeln!(
        out,
        "    ip6 saddr @{} counter drop",
        set_name::<u128>(gen, 128)
    );
    for &len in d.v6.keys().filter(|&&l| l < 128) {
        let _ = writeln!(out, "    {} counter drop", nets_match::<u128>(gen, len));
    }
    out.extend_from_slice(b"  }\n");
}

/// The whole table as one idempotent transaction: `add table` + `delete table` + the new
/// definition, so loading it replaces the previous table atomically (the datapath sees the old
/// sets or the new ones, never an empty or half-loaded set). This is also the snippet written
/// to /etc/nftables.d, so a reboot restores exactly what was applied.
pub fn render_full(sets: &Sets, opts: &RenderOpts) -> Vec<u8> {
    let l = Layout::of(sets);
    render_layout(&l, &l.declared(), opts, Gen::A)
}

/// [`render_full`] of a layout already computed, with the sets `d` declares (each of them, even
/// empty, with its size: what the kernel holds after a delta, so the snippet restores exactly
/// that at boot), named after generation `gen`. Every set of the layout must be in `d` and fit
/// its size.
pub fn render_layout(l: &Layout, d: &Declared, opts: &RenderOpts, gen: Gen) -> Vec<u8> {
    let mut out = Vec::with_capacity(l.elements() * 20 + 1024);
    let _ = write!(
        out,
        "# Generated by `debvisor blocklist apply`: do not edit (edit the sources and re-apply).\n\
         # {} IPv4 addresses + {} IPv4 prefixes, {} IPv6 addresses + {} IPv6 prefixes.\n\
         add table inet {TABLE}\ndelete table inet {TABLE}\ntable inet {TABLE} {{\n",
        l.v4.ips.len(),
        l.v4.nets_len(),
        l.v6.ips.len(),
        l.v6.nets_len()
    );
    family_decls(&mut out, &l.v4, &d.v4, gen);
    family_decls(&mut out, &l.v6, &d.v6, gen);
    for (name, hook) in opts.chains() {
        chain(&mut out, name, hook, opts.priority, d, gen);
    }
    out.extend_from_slice(b"}\n");
    out
}

/// The sets of a staged full load, in declaration order: (name, `nft` type, size).
fn staged_sets(d: &Declared, gen: Gen) -> Vec<(String, &'static str, u32)> {
    let v4 =
        d.v4.iter()
            .map(|(&l, &size)| (set_name::<u32>(gen, l), u32::TYPE, size));
    let v6 =
        d.v6.iter()
            .map(|(&l, &size)| (set_name::<u128>(gen, l), u128::TYPE, size));
    v4.chain(v6).collect()
}

/// `add set` + `delete set` of every name generation `gen` can have (162): deletes whichever of
/// them exist without listing the table. Listing is not an option: nft 1.0.6 fetches every
/// element of every set for any listing of the table, its sets or a chain (`-t` included):
/// 24 s and 580 MB for 900k elements. `add set` of an existing set of the same type is a no-op
/// (its size may differ); one of another type or flags fails the batch (EEXIST).
fn delete_generation(out: &mut Vec<u8>, gen: Gen) {
    let v4 = (0..=32u8).map(|l| (set_name::<u32>(gen, l), u32::TYPE));
    let v6 = (0..=128u8).map(|l| (set_name::<u128>(gen, l), u128::TYPE));
    for (name, ty) in v4.chain(v6) {
        let _ = writeln!(
            out,
            "add set inet {TABLE} {name} {{ type {ty}; }}\ndelete set inet {TABLE} {name}"
        );
    }
}

/// First step of a staged full load into generation `gen`: the table (created if absent), every
/// set of `gen` deleted (what an interrupted earlier load left: no rule references them) and
/// every set of `d` created empty with its size. Deleting and re-creating one name in the same
/// batch works (nft 1.0.6 and 1.1.3 on Linux 6.x): the kernel matches names against the
/// batch's next generation.
pub fn render_prepare(d: &Declared, gen: Gen) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 << 10);
    let _ = writeln!(
        out,
        "# debvisor blocklist full load, 1/3: the staging sets (generation {})\nadd table inet {TABLE}",
        gen.tag()
    );
    delete_generation(&mut out, gen);
    for (name, ty, size) in staged_sets(d, gen) {
        let _ = writeln!(
            out,
            "add set inet {TABLE} {name} {{ type {ty}; size {size}; }}"
        );
    }
    out
}

/// Rendered `add element` runs of a staged full load, each of at most `per_run` elements, made
/// one at a time (only one run's text is ever in memory).
pub struct Chunks<'a> {
    sets: Vec<(String, Slice<'a>)>,
    at: (usize, usize),
    per_run: usize,
}

enum Slice<'a> {
    V4(&'a [u32]),
    V6(&'a [u128]),
}

impl Slice<'_> {
    fn len(&self) -> usize {
        match self {
            Slice::V4(s) => s.len(),
            Slice::V6(s) => s.len(),
        }
    }
}

impl<'a> Chunks<'a> {
    pub fn new(l: &'a Layout, gen: Gen, per_run: usize) -> Chunks<'a> {
        let v4 =
            l.v4.by_len()
                .map(|(len, e)| (set_name::<u32>(gen, len), Slice::V4(e)));
        let v6 =
            l.v6.by_len()
                .map(|(len, e)| (set_name::<u128>(gen, len), Slice::V6(e)));
        Chunks {
            sets: v4.chain(v6).filter(|(_, s)| s.len() > 0).collect(),
            at: (0, 0),
            per_run: per_run.max(1),
        }
    }
}

impl Iterator for Chunks<'_> {
    type Item = Vec<u8>;
    fn next(&mut self) -> Option<Vec<u8>> {
        let mut left = self.per_run;
        let mut out = Vec::new();
        while left > 0 {
            let Some((name, slice)) = self.sets.get(self.at.0) else {
                break;
            };
            let from = self.at.1;
            let n = left.min(CHUNK).min(slice.len() - from);
            if out.is_empty() {
                out.reserve(self.per_run.min(slice.len()) * 20 + 256);
            }
            match slice {
                Slice::V4(e) => statements(&mut out, "add", name, &e[from..from + n]),
                Slice::V6(e) => statements(&mut out, "add", name, &e[from..from + n]),
            }
            left -= n;
            self.at.1 += n;
            if self.at.1 == slice.len() {
                self.at = (self.at.0 + 1, 0);
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// Last step of a staged full load: ONE transaction that re-creates the chains on generation
/// `gen` (with the options now configured: priority, forward hook) and deletes every set of the
/// other generation (sets of neither generation's names are left alone). The kernel commits it
/// whole or aborts it whole. A set deleted after the rules that referenced it in the same batch
/// is accepted: deleting a rule releases its set references at once, not at commit (as in
/// `delete table`).
pub fn render_switch(d: &Declared, opts: &RenderOpts, gen: Gen) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 << 10);
    let _ = writeln!(
        out,
        "# debvisor blocklist full load, 3/3: the chains onto generation {}, the old sets deleted",
        gen.tag()
    );
    // `add chain` first so that `delete chain` finds one whatever was there (a chain of the
    // other hook setting, or none): the input chain, and the forward chain even when it is no
    // longer wanted.
    for chain in [CHAIN_INPUT, CHAIN_FORWARD] {
        let _ = writeln!(
            out,
            "add chain inet {TABLE} {chain}\ndelete chain inet {TABLE} {chain}"
        );
    }
    let _ = writeln!(out, "table inet {TABLE} {{");
    for (name, hook) in opts.chains() {
        chain(&mut out, name, hook, opts.priority, d, gen);
    }
    out.extend_from_slice(b"}\n");
    delete_generation(&mut out, gen.other());
    out
}

/// What a failed staged load leaves: its sets, unreferenced, deleted to free the kernel memory.
pub fn render_unstage(d: &Declared, gen: Gen) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, _, _) in staged_sets(d, gen) {
        let _ = writeln!(out, "delete set inet {TABLE} {name}");
    }
    out
}

/// Elements that differ between two sorted element lists: (removed, added).
fn delta_of<A: Addr>(old: &[A], new: &[A]) -> (Vec<A>, Vec<A>) {
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    loop {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                removed.push(*a);
                i += 1;
            }
            (Some(a), None) => {
                removed.push(*a);
                i += 1;
            }
            (_, Some(b)) => {
                added.push(*b);
                j += 1;
            }
            (None, None) => break,
        }
    }
    (removed, added)
}

/// What a delta changes, in kernel elements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeltaCount {
    pub elements_added: usize,
    pub elements_removed: usize,
}

/// A delta transaction and what it leaves declared in the kernel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delta {
    /// The `nft -f` input; empty when nothing changes.
    pub ruleset: Vec<u8>,
    pub count: DeltaCount,
    pub declared: Declared,
}

fn statements<A: Elem>(out: &mut Vec<u8>, verb: &str, set: &str, elems: &[A]) {
    for chunk in elems.chunks(CHUNK) {
        let _ = writeln!(out, "{verb} element inet {TABLE} {set} {{");
        push_elements(out, chunk, "  ");
        out.extend_from_slice(b"}\n");
    }
}

/// One family's part of a delta: (deletions, new sets and rules, additions), appended to the
/// three buffers so that the whole transaction deletes first and adds last. False when the new
/// elements do not fit the sets in the kernel (a set would exceed its size, or holds elements
/// while its size is unknown): only a full reload can resize them.
fn family_delta<A: Elem>(
    old: &Family<A>,
    new: &Family<A>,
    declared: &mut BTreeMap<u8, u32>,
    (opts, gen): (&RenderOpts, Gen),
    bufs: (&mut Vec<u8>, &mut Vec<u8>, &mut Vec<u8>),
    count: &mut DeltaCount,
) -> bool {
    let (del, decl, add) = bufs;
    let lengths: BTreeSet<u8> = old.by_len().chain(new.by_len()).map(|(l, _)| l).collect();
    for len in lengths {
        let (o, n) = (old.get(len), new.get(len));
        match declared.get(&len) {
            Some(&size) if n.len() > size as usize => return false,
            Some(_) => {}
            // Its elements are loaded, so its set exists, of a size the state does not know.
            None if !o.is_empty() => return false,
            None if n.is_empty() => continue,
            None => {
                let size = capacity(n.len());
                declared.insert(len, size);
                let set = set_name::<A>(gen, len);
                let _ = writeln!(
                    decl,
                    "add set inet {TABLE} {set} {{ type {}; size {size}; }}",
                    A::TYPE
                );
                if len < A::BITS {
                    for (chain, _) in opts.chains() {
                        let _ = writeln!(
                            decl,
                            "add rule inet {TABLE} {chain} {} counter drop",
                            nets_match::<A>(gen, len)
                        );
                    }
                }
            }
        }
        let (removed, added) = delta_of(o, n);
        count.elements_removed += removed.len();
        count.elements_added += added.len();
        let set = set_name::<A>(gen, len);
        statements(del, "delete", &set, &removed);
        statements(add, "add", &set, &added);
    }
    true
}

/// The transaction turning the applied `old` sets (with the sets `declared` in the kernel) into
/// `new`, in one `nft -f` file: element deletions, then sets and rules for prefix lengths new
/// to the kernel, then element additions. Its ruleset is empty when equal. None when `new` does
/// not fit the declared sets (then only a full reload can load it). `gen`: the live generation,
/// whose sets the delta edits.
pub fn render_delta(
    o: &Layout,
    declared: &Declared,
    n: &Layout,
    opts: &RenderOpts,
    gen: Gen,
) -> Option<Delta> {
    let mut d = Delta {
        declared: declared.clone(),
        ..Delta::default()
    };
    let (mut del, mut decl, mut add) = (Vec::new(), Vec::new(), Vec::new());
    let fits = family_delta(
        &o.v4,
        &n.v4,
        &mut d.declared.v4,
        (opts, gen),
        (&mut del, &mut decl, &mut add),
        &mut d.count,
    ) && family_delta(
        &o.v6,
        &n.v6,
        &mut d.declared.v6,
        (opts, gen),
        (&mut del, &mut decl, &mut add),
        &mut d.count,
    );
    if !fits {
        return None;
    }
    if d.count.elements_added + d.count.elements_removed > 0 {
        d.ruleset.extend_from_slice(b"# debvisor blocklist delta\n");
        d.ruleset.extend_from_slice(&del);
        d.ruleset.extend_from_slice(&decl);
        d.ruleset.extend_from_slice(&add);
    }
    Some(d)
}

/// What was last applied to the kernel, kept on disk so that the routine path never lists the
/// live set. Text: a header, `last_full UNIX`, `render KEY`, `generation a|b` (the live [`Gen`]),
/// `sets4 L:SIZE…`, `sets6 L:SIZE…` (the declared sets: prefix length, 32 or 128 for the
/// address set, and `size`), then `4 LO HI` / `6 LO HI` interval lines in hex. A v3 state (no
/// `generation` line) is read as generation A: every layout before v4 used exactly those names,
/// so deltas go on after an upgrade without a full reload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub sets: Sets,
    /// Unix time of the last full reload.
    pub last_full: u64,
    /// The sets that exist in the kernel (possibly empty), with their sizes.
    pub declared: Declared,
    /// [`RenderOpts::key`] of the chains in the kernel.
    pub render: String,
    /// The generation of set names the chains reference (deltas edit it).
    pub gen: Gen,
}

/// v4: the generation of set names of the staged load, and the prefix lengths with sets are
/// chosen by [`prefix_lengths::choose`]. A v3 state (one set per length in use, generation A's
/// names) still reads: deltas keep its lengths, and the next full reload (`full_reload_hours`)
/// brings the chosen ones.
const STATE_HEADER: &str = "debvisor-blocklist-state v4";
const STATE_HEADER_V3: &str = "debvisor-blocklist-state v3";

fn push_lengths(out: &mut Vec<u8>, tag: &str, d: &BTreeMap<u8, u32>) {
    out.extend_from_slice(tag.as_bytes());
    for (len, size) in d {
        let _ = write!(out, " {len}:{size}");
    }
    out.push(b'\n');
}

fn parse_lengths(line: &str, tag: &str, bits: u8) -> Option<BTreeMap<u8, u32>> {
    let rest = line.strip_prefix(tag)?;
    rest.split_whitespace()
        .map(|w| {
            let (l, size) = w.split_once(':')?;
            let l = l.parse::<u8>().ok().filter(|&l| l <= bits)?;
            Some((l, size.parse::<u32>().ok()?))
        })
        .collect()
}

impl State {
    pub fn render(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity((self.sets.v4.len() + self.sets.v6.len()) * 20 + 64);
        let _ = writeln!(
            out,
            "{STATE_HEADER}\nlast_full {}\nrender {}\ngeneration {}",
            self.last_full,
            self.render,
            self.gen.tag()
        );
        push_lengths(&mut out, "sets4", &self.declared.v4);
        push_lengths(&mut out, "sets6", &self.declared.v6);
        for (a, b) in self.sets.v4.intervals() {
            let _ = writeln!(out, "4 {a:x} {b:x}");
        }
        for (a, b) in self.sets.v6.intervals() {
            let _ = writeln!(out, "6 {a:x} {b:x}");
        }
        out
    }

    /// None when the file is not a well-formed state of this version (the caller then does a
    /// full reload, which also upgrades the kernel layout of older versions).
    pub fn parse(text: &[u8]) -> Option<State> {
        let text = std::str::from_utf8(text).ok()?;
        let mut lines = text.lines();
        let v4 = match lines.next()? {
            STATE_HEADER => true,
            STATE_HEADER_V3 => false,
            _ => return None,
        };
        let last_full = lines.next()?.strip_prefix("last_full ")?.parse().ok()?;
        let render = lines.next()?.strip_prefix("render ")?.to_string();
        let gen = if v4 {
            match lines.next()?.strip_prefix("generation ")? {
                "a" => Gen::A,
                "b" => Gen::B,
                _ => return None,
            }
        } else {
            Gen::A
        };
        let declared = Declared {
            v4: parse_lengths(lines.next()?, "sets4", 32)?,
            v6: parse_lengths(lines.next()?, "sets6", 128)?,
        };
        let (mut v4, mut v6) = (Vec::new(), Vec::new());
        for l in lines {
            let mut f = l.split(' ');
            let (fam, a, b) = (f.next()?, f.next()?, f.next()?);
            if f.next().is_some() {
                return None;
            }
            match fam {
                "4" => v4.push((
                    u32::from_str_radix(a, 16).ok()?,
                    u32::from_str_radix(b, 16).ok()?,
                )),
                "6" => v6.push((
                    u128::from_str_radix(a, 16).ok()?,
                    u128::from_str_radix(b, 16).ok()?,
                )),
                _ => return None,
            }
        }
        Some(State {
            sets: Sets {
                v4: IntervalSet::from_canonical(v4)?,
                v6: IntervalSet::from_canonical(v6)?,
            },
            last_full,
            declared,
            render,
            gen,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cidr::parse_line;

    fn sets(lines: &[&str]) -> Sets {
        let nets: Vec<_> = lines
            .iter()
            .map(|l| parse_line(l.as_bytes()).unwrap().unwrap())
            .collect();
        Sets::from_nets(&nets)
    }

    #[test]
    fn full_render_layout() {
        let s = sets(&[
            "1.2.3.4",
            "10.0.0.0/8",
            "10.1.0.0/16",
            "192.0.2.1",
            "192.0.2.2/31",
            "2001:db8::1",
            "2001:db8:1::/48",
        ]);
        let text = String::from_utf8(render_full(&s, &RenderOpts::default())).unwrap();
        assert!(text.contains("delete table inet debvisor_blocklist\n"));
        // 192.0.2.1-3 is covered by 192.0.2.1/32 + 192.0.2.2/31: the /32 is an address, and the
        // lone /31 is cheaper as two addresses than as a set and a rule of its own.
        assert!(text.contains(
            "  set blocked_ips {\n    type ipv4_addr\n    size 1024\n    elements = {\n      1.2.3.4,\n      192.0.2.1,\n      192.0.2.2,\n      192.0.2.3\n    }\n"
        ), "{text}");
        // The /8 stays a network (as addresses it would be 2^24 elements).
        assert!(text.contains(
            "  set blocked_nets_8 {\n    type ipv4_addr\n    size 1024\n    elements = {\n      10.0.0.0\n    }\n"
        ));
        assert!(!text.contains("blocked_nets_31"), "{text}");
        assert!(!text.contains("blocked_nets_16"), "10.1/16 is inside 10/8");
        assert!(!text.contains("interval"));
        assert!(text.contains("      2001:db8::1\n"));
        assert!(text.contains(
            "  set blocked_nets6_48 {\n    type ipv6_addr\n    size 1024\n    elements = {\n      2001:db8:1::\n"
        ));
        assert!(text.contains("type filter hook input priority -10; policy accept;"));
        assert!(text.contains("    ip saddr & 255.0.0.0 @blocked_nets_8 counter drop\n"));
        assert!(text.contains("    ip6 saddr & ffff:ffff:ffff:: @blocked_nets6_48 counter drop\n"));
        assert!(!text.contains("forward"));
        // An empty set has no `elements = { }` (a syntax error in nft).
        let text =
            String::from_utf8(render_full(&Sets::default(), &RenderOpts::default())).unwrap();
        assert!(!text.contains("elements"));
        assert!(!text.contains("blocked_nets"));
    }

    #[test]
    fn set_names_of_both_generations() {
        for (name, want) in [
            ("blocked_ips", Some((Gen::A, false, 32))),
            ("blocked_ips6", Some((Gen::A, true, 128))),
            ("blocked_ips_b", Some((Gen::B, false, 32))),
            ("blocked_ips6_b", Some((Gen::B, true, 128))),
            ("blocked_nets_24", Some((Gen::A, false, 24))),
            ("blocked_nets_b_24", Some((Gen::B, false, 24))),
            ("blocked_nets6_48", Some((Gen::A, true, 48))),
            ("blocked_nets6_b_0", Some((Gen::B, true, 0))),
            ("blocked_nets_32", None),
            ("blocked_nets_024", None),
            ("blocked_nets_c_24", None),
            ("blocked_nets", None),
            ("blocked_ips_c", None),
            ("bench_probe", None),
        ] {
            assert_eq!(parse_set_name(name), want, "{name}");
        }
        for gen in [Gen::A, Gen::B] {
            for len in [0u8, 24, 32] {
                assert_eq!(
                    parse_set_name(&set_name::<u32>(gen, len)),
                    Some((gen, false, len))
                );
            }
            for len in [0u8, 64, 128] {
                assert_eq!(
                    parse_set_name(&set_name::<u128>(gen, len)),
                    Some((gen, true, len))
                );
            }
        }
        assert_eq!(Gen::A.other(), Gen::B);
        assert_eq!(Gen::B.other(), Gen::A);
    }

    #[test]
    fn staged_load_renders_prepare_bounded_chunks_and_one_switch() {
        let many: Vec<String> = (0..2500u32)
            .map(|i| std::net::Ipv4Addr::from(0x0100_0000 + 2 * i).to_string())
            .chain([
                "10.0.0.0/8".into(),
                "2001:db8::1".into(),
                "2001:db8:1::/48".into(),
            ])
            .collect();
        let s = sets(&many.iter().map(String::as_str).collect::<Vec<_>>());
        let l = per_length(&s);
        let d = l.declared();
        let prep = String::from_utf8(render_prepare(&d, Gen::B)).unwrap();
        assert!(
            prep.contains("add table inet debvisor_blocklist\n"),
            "{prep}"
        );
        let del = prep
            .find("add set inet debvisor_blocklist blocked_nets_b_17 { type ipv4_addr; }\ndelete set inet debvisor_blocklist blocked_nets_b_17\n")
            .unwrap();
        assert_eq!(prep.matches("delete set").count(), 162);
        assert!(!prep.contains("set inet debvisor_blocklist blocked_ips "));
        let add = prep
            .find("add set inet debvisor_blocklist blocked_ips_b { type ipv4_addr; size 3750; }\n")
            .unwrap();
        assert!(del < add);
        assert!(prep.contains(
            "add set inet debvisor_blocklist blocked_nets_b_8 { type ipv4_addr; size 1024; }\n"
        ));
        assert!(prep.contains(
            "add set inet debvisor_blocklist blocked_ips6_b { type ipv6_addr; size 1024; }\n"
        ));
        assert!(prep.contains(
            "add set inet debvisor_blocklist blocked_nets6_b_48 { type ipv6_addr; size 1024; }\n"
        ));
        assert!(!prep.contains("element") && !prep.contains("chain"));

        // 2503 elements in runs of at most 1000, every element exactly once, in its set.
        let runs: Vec<String> = Chunks::new(&l, Gen::B, 1000)
            .map(|c| String::from_utf8(c).unwrap())
            .collect();
        assert_eq!(runs.len(), 3);
        let count = |t: &str| {
            t.lines()
                .filter(|l| l.starts_with("  ") && !l.contains('{'))
                .count()
        };
        assert_eq!(
            runs.iter().map(|r| count(r)).collect::<Vec<_>>(),
            [1000, 1000, 503]
        );
        assert!(runs[0]
            .starts_with("add element inet debvisor_blocklist blocked_ips_b {\n  1.0.0.0,\n"));
        assert!(runs[2]
            .contains("add element inet debvisor_blocklist blocked_nets_b_8 {\n  10.0.0.0\n}\n"));
        assert!(runs[2]
            .contains("add element inet debvisor_blocklist blocked_ips6_b {\n  2001:db8::1\n}\n"));
        assert!(runs[2].contains(
            "add element inet debvisor_blocklist blocked_nets6_b_48 {\n  2001:db8:1::\n}\n"
        ));
        assert!(runs
            .iter()
            .all(|r| !r.contains(" blocked_ips {") && !r.contains("chain")));

        let opts = RenderOpts {
            priority: -5,
            forward: true,
        };
        let sw = String::from_utf8(render_switch(&d, &opts, Gen::B)).unwrap();
        let at = |needle: &str| {
            sw.find(needle)
                .unwrap_or_else(|| panic!("{needle:?} not in:\n{sw}"))
        };
        let del_in = at("add chain inet debvisor_blocklist debvisor_blocklist_input\ndelete chain inet debvisor_blocklist debvisor_blocklist_input\n");
        at("add chain inet debvisor_blocklist debvisor_blocklist_forward\ndelete chain inet debvisor_blocklist debvisor_blocklist_forward\n");
        let chain_in = at("  chain debvisor_blocklist_input {\n    type filter hook input priority -5; policy accept;\n    ip saddr @blocked_ips_b counter drop\n    ip saddr & 255.0.0.0 @blocked_nets_b_8 counter drop\n    ip6 saddr @blocked_ips6_b counter drop\n    ip6 saddr & ffff:ffff:ffff:: @blocked_nets6_b_48 counter drop\n  }\n");
        at("  chain debvisor_blocklist_forward {\n    type filter hook forward priority -5;");
        let del_old = at("delete set inet debvisor_blocklist blocked_ips\n");
        at("delete set inet debvisor_blocklist blocked_nets_24\n");
        assert_eq!(sw.matches("delete set").count(), 162);
        assert!(
            !sw.contains("blocked_ips_b {")
                && !sw.contains("set inet debvisor_blocklist blocked_ips_b")
        );
        assert!(del_in < chain_in && chain_in < del_old);
        assert!(!sw.contains("element"));
        let un = String::from_utf8(render_unstage(&d, Gen::B)).unwrap();
        assert!(un.contains("delete set inet debvisor_blocklist blocked_ips_b\n"));
        assert!(un.contains("delete set inet debvisor_blocklist blocked_nets6_b_48\n"));
        assert_eq!(un.lines().count(), 4);

        // A delta edits the live generation's sets.
        let fewer = sets(&["1.0.0.0", "10.0.0.0/8", "192.0.2.0/24"]);
        let delta = render_delta(&l, &d, &per_length(&fewer), &opts, Gen::B).unwrap();
        let t = String::from_utf8(delta.ruleset).unwrap();
        assert!(t.contains("delete element inet debvisor_blocklist blocked_ips_b {\n  1.0.0.2,\n"));
        assert!(t.contains(
            "add set inet debvisor_blocklist blocked_nets_b_24 { type ipv4_addr; size 1024; }\n"
        ));
        assert!(t.contains("add rule inet debvisor_blocklist debvisor_blocklist_input ip saddr & 255.255.255.0 @blocked_nets_b_24 counter drop\n"));
        assert!(
            t.contains("add element inet debvisor_blocklist blocked_nets_b_24 {\n  192.0.2.0\n}\n")
        );
        assert!(!t.contains(" blocked_ips {"), "{t}");
    }

    #[test]
    fn masks() {
        assert_eq!(u32::mask(0), 0);
        assert_eq!(u32::mask(24), 0xffff_ff00);
        assert_eq!(u32::mask(31), 0xffff_fffe);
        assert_eq!(u128::mask(1), 1 << 127);
        assert_eq!(
            nets_match::<u128>(Gen::A, 64),
            "ip6 saddr & ffff:ffff:ffff:ffff:: @blocked_nets6_64"
        );
        assert_eq!(
            nets_match::<u32>(Gen::A, 0),
            "ip saddr & 0.0.0.0 @blocked_nets_0"
        );
    }

    /// Every prefix length in use with its own set (no expansion): the delta mechanics below
    /// are about sets, whichever lengths have one.
    fn per_length(s: &Sets) -> Layout {
        Layout {
            v4: Family::cover(&s.v4),
            v6: Family::cover(&s.v6),
        }
    }

    #[test]
    fn a_full_layout_expands_rare_lengths_and_a_delta_keeps_the_kernels() {
        // 2000 addresses, 2000 /24s, 3 /22s and one /30: the /22s become 12 /24s, the /30 four
        // addresses; one rule for the /24s.
        let mut lines: Vec<String> = (0..2000u32)
            .flat_map(|i| {
                [
                    std::net::Ipv4Addr::from(0x0100_0000 + 4 * i).to_string(),
                    format!("{}/24", std::net::Ipv4Addr::from(0x2000_0000 + (i << 9))),
                ]
            })
            .collect();
        lines.extend([
            "30.0.0.0/22".into(),
            "30.1.0.0/22".into(),
            "30.2.0.0/22".into(),
        ]);
        lines.push("40.0.0.4/30".into());
        let s = sets(&lines.iter().map(String::as_str).collect::<Vec<_>>());
        let l = Layout::of(&s);
        assert_eq!(l.v4.nets.keys().copied().collect::<Vec<_>>(), vec![24]);
        assert_eq!(l.v4.nets[&24].len(), 2000 + 12);
        assert_eq!(l.v4.ips.len(), 2000 + 4);
        assert!(l.v4.ips.windows(2).all(|w| w[0] < w[1]), "sorted");
        assert!(l.v4.nets[&24].windows(2).all(|w| w[0] < w[1]), "sorted");
        assert!(
            l.v4.nets[&24].contains(&0x1e01_0300),
            "30.1.3.0/24 from 30.1.0.0/22"
        );
        // Read back from the kernel's sets, it is the same set.
        let text = String::from_utf8(render_full(&s, &RenderOpts::default())).unwrap();
        assert_eq!(
            text.matches(" counter drop\n").count(),
            3,
            "{}",
            &text[text.len() - 600..]
        );
        // A delta within the kernel's lengths: a new /21 goes into /24s, no new set or rule.
        let d = l.declared();
        let mut more = lines.clone();
        more.push("50.0.0.0/21".into());
        let s2 = sets(&more.iter().map(String::as_str).collect::<Vec<_>>());
        let l2 = Layout::in_declared(&s2, &d, Some(2));
        let old = Layout::in_declared(&s, &d, None);
        assert_eq!(old, l);
        let delta = render_delta(&old, &d, &l2, &RenderOpts::default(), Gen::A).unwrap();
        assert_eq!(delta.count.elements_added, 8);
        let t = String::from_utf8(delta.ruleset).unwrap();
        assert!(!t.contains("add set") && !t.contains("rule"), "{t}");
        // Far past the slack (a thousand /20s, 16 elements each): the /20s get their own set
        // (a delta adds it and its rule), the /21 still goes into /24s.
        let mut lots = lines.clone();
        lots.extend(
            (0..1000u32)
                .map(|i| format!("{}/20", std::net::Ipv4Addr::from(0x6000_0000 + (i << 13)))),
        );
        let s3 = sets(&lots.iter().map(String::as_str).collect::<Vec<_>>());
        let l3 = Layout::in_declared(&s3, &d, Some(2));
        assert_eq!(l3.v4.nets.keys().copied().collect::<Vec<_>>(), vec![20, 24]);
        let delta = render_delta(&old, &d, &l3, &RenderOpts::default(), Gen::A).unwrap();
        let t = String::from_utf8(delta.ruleset).unwrap();
        assert!(
            t.contains("add set inet debvisor_blocklist blocked_nets_20 "),
            "{t}"
        );
        assert_eq!(t.matches("add rule").count(), 1, "{t}");
        assert!(Layout::of(&s3).v4.nets.contains_key(&20));
    }

    #[test]
    fn delta_deletes_then_declares_then_adds() {
        let old = sets(&["1.2.3.4", "5.6.7.8", "10.0.0.0/24", "11.0.0.0/24"]);
        let new = sets(&["1.2.3.4", "9.9.9.9", "10.0.0.0/23", "11.0.0.0/24"]);
        let opts = RenderOpts {
            forward: true,
            ..RenderOpts::default()
        };
        let declared = per_length(&old).declared();
        let d = render_delta(
            &per_length(&old),
            &declared,
            &per_length(&new),
            &opts,
            Gen::A,
        )
        .unwrap();
        let text = String::from_utf8(d.ruleset).unwrap();
        assert_eq!(
            d.count,
            DeltaCount {
                elements_added: 2,
                elements_removed: 2
            }
        );
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle:?} not in:\n{text}"))
        };
        let del = at("delete element inet debvisor_blocklist blocked_ips {\n  5.6.7.8\n}");
        let del24 = at("delete element inet debvisor_blocklist blocked_nets_24 {\n  10.0.0.0\n}");
        let set23 =
            at("add set inet debvisor_blocklist blocked_nets_23 { type ipv4_addr; size 1024; }\n");
        let rule_in = at("add rule inet debvisor_blocklist debvisor_blocklist_input ip saddr & 255.255.254.0 @blocked_nets_23 counter drop\n");
        let rule_fw = at("add rule inet debvisor_blocklist debvisor_blocklist_forward ip saddr & 255.255.254.0 @blocked_nets_23 counter drop\n");
        let add = at("add element inet debvisor_blocklist blocked_ips {\n  9.9.9.9\n}");
        let add23 = at("add element inet debvisor_blocklist blocked_nets_23 {\n  10.0.0.0\n}");
        assert!(del < set23 && del24 < set23 && set23 < rule_in && rule_in < rule_fw);
        assert!(rule_fw < add && rule_fw < add23);
        assert!(
            !text.contains("11.0.0.0"),
            "unchanged elements are not sent"
        );
        // /24 stays declared (11.0.0.0/24 is still in it), /23 is now declared.
        assert_eq!(
            d.declared.v4,
            BTreeMap::from([(23, 1024), (24, 1024), (32, 1024)])
        );
        // Emptying a length keeps its set: no rule is ever deleted by a delta.
        let d2 = render_delta(
            &per_length(&new),
            &d.declared,
            &per_length(&sets(&["1.2.3.4"])),
            &opts,
            Gen::A,
        )
        .unwrap();
        let t2 = String::from_utf8(d2.ruleset).unwrap();
        assert!(
            !t2.contains("add set") && !t2.contains("delete set") && !t2.contains("rule"),
            "{t2}"
        );
        assert_eq!(d2.declared, d.declared);
        // A length already declared (emptied earlier) gets elements without a second rule.
        let d3 = render_delta(
            &per_length(&sets(&["1.2.3.4"])),
            &d2.declared,
            &per_length(&new),
            &opts,
            Gen::A,
        )
        .unwrap();
        let t3 = String::from_utf8(d3.ruleset).unwrap();
        assert!(!t3.contains("add set") && !t3.contains("rule"), "{t3}");
        assert!(render_delta(
            &per_length(&new),
            &d.declared,
            &per_length(&new),
            &opts,
            Gen::A
        )
        .unwrap()
        .ruleset
        .is_empty());
    }

    #[test]
    fn load_faults() {
        assert_eq!(load_fault(1000, 0, None), None);
        assert_eq!(load_fault(1000, 1000, Some(200_000 + (64 << 20))), None);
        assert!(load_fault(1000, 1000, Some(200_000 + (63 << 20))).is_some());
        let f = load_fault(1001, 1000, None).unwrap();
        assert!(
            f.contains("1001 kernel elements") && f.contains("max_kernel_elements"),
            "{f}"
        );
        let f = load_fault(10_000_000, 0, Some(1 << 30)).unwrap();
        assert!(
            f.contains("about 1971 MiB") && f.contains("the 1024 MiB available"),
            "{f}"
        );
        assert_eq!(load_fault(10_000_000, 0, Some(2 << 30)), None);
        let meminfo = "MemTotal:       24684160 kB\nMemFree:        19598612 kB\nMemAvailable:   23863104 kB\n";
        assert_eq!(mem_available(meminfo), Some(23_863_104 * 1024));
        assert_eq!(mem_available("MemFree: 1 kB\n"), None);
        assert_eq!(mem_available("MemAvailable: x kB\n"), None);
    }

    #[test]
    fn a_delta_that_overfills_a_set_is_refused_and_full_loads_size_the_sets() {
        assert_eq!(capacity(0), MIN_SIZE);
        assert_eq!(capacity(1000), 1500);
        assert_eq!(capacity(usize::MAX), u32::MAX);
        let few = sets(&["1.2.3.4"]);
        let many: Vec<String> = (0..2000u32)
            .map(|i| std::net::Ipv4Addr::from(0x0100_0000 + 2 * i).to_string())
            .collect();
        let many = sets(&many.iter().map(String::as_str).collect::<Vec<_>>());
        let opts = RenderOpts::default();
        let (lf, lm) = (per_length(&few), per_length(&many));
        // 2000 addresses do not fit the 1024 of the address set declared for one.
        assert_eq!(render_delta(&lf, &lf.declared(), &lm, &opts, Gen::A), None);
        // A set holding elements the state has no size for: only a full reload knows.
        let mut unknown = lm.declared();
        unknown.v4.remove(&32);
        assert_eq!(render_delta(&lm, &unknown, &lf, &opts, Gen::A), None);
        // Shrinking fits; the full load sizes the address set with half again of room.
        assert!(render_delta(&lm, &lm.declared(), &lf, &opts, Gen::A).is_some());
        let text = String::from_utf8(render_full(&many, &opts)).unwrap();
        assert!(text.contains("  set blocked_ips {\n    type ipv4_addr\n    size 3000\n"));
        // Rendering with what a delta left declared keeps an emptied set (and its rule).
        let mut d = lf.declared();
        d.v4.insert(24, 4096);
        let text = String::from_utf8(render_layout(&lf, &d, &opts, Gen::A)).unwrap();
        assert!(text.contains("  set blocked_nets_24 {\n    type ipv4_addr\n    size 4096\n  }\n"));
        assert!(text.contains("@blocked_nets_24 counter drop"));
    }

    #[test]
    fn state_round_trip_and_rejects_garbage() {
        let s = sets(&["1.2.3.4", "10.0.0.0/8", "::/0"]);
        let st = State {
            declared: Layout::of(&s).declared(),
            sets: s,
            last_full: 1_700_000_000,
            render: RenderOpts::default().key(),
            gen: Gen::B,
        };
        assert_eq!(State::parse(&st.render()), Some(st.clone()));
        assert_eq!(State::parse(b""), None);
        let head = "debvisor-blocklist-state v4\nlast_full 1\nrender priority=-10 forward=0\ngeneration b\nsets4 8:1024 32:1024\nsets6 128:1024\n";
        assert_eq!(
            State::parse(head.replace("generation b", "generation c").as_bytes()),
            None
        );
        // v3 (before the staged load) had generation A's names: read as such, deltas go on.
        let v3 = head.replace("v4", "v3").replace("generation b\n", "");
        let old = State::parse(v3.as_bytes()).unwrap();
        assert_eq!(old.gen, Gen::A);
        assert_eq!(
            old.declared,
            State::parse(head.as_bytes()).unwrap().declared
        );
        assert!(State::parse(format!("{head}4 1 5\n").as_bytes()).is_some());
        assert_eq!(State::parse(format!("{head}4 5 1\n").as_bytes()), None);
        assert_eq!(
            State::parse(format!("{head}4 1 5\n4 6 7\n").as_bytes()),
            None,
            "adjacent intervals are not canonical"
        );
        assert_eq!(
            State::parse(head.replace("sets4 8", "sets4 33").as_bytes()),
            None,
            "no /33"
        );
        assert_eq!(
            State::parse(head.replace("8:1024", "8").as_bytes()),
            None,
            "a set without its size"
        );
        assert_eq!(
            State::parse(b"debvisor-blocklist-state v1\nlast_full 1\n4 1 5\n"),
            None,
            "the v1 layout (interval sets) is replaced by a full reload"
        );
        assert_eq!(
            State::parse(
                b"debvisor-blocklist-state v2\nlast_full 1\nrender priority=-10 forward=0\nsets4 8\nsets6\n"
            ),
            None,
            "v2 (unsized sets) is replaced by a full reload"
        );
    }
}
