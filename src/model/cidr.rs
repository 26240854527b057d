//! Blocklist entries: a hand-written, allocation-free parser for one IPv4 or IPv6 address or
//! CIDR per line (`#` comments, whole-line or inline; blank lines), fast formatting, and the
//! special-purpose ranges an operator should be warned about.
//!
//! The parser is strict where the legacy validator was lax: host bits set (`10.0.0.1/8`),
//! leading zeros in IPv4 octets (`010.0.0.1`, octal in some tools), zone ids and trailing
//! garbage are errors with a one-line reason. It never panics (proptest + bounded fuzz below).

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// One network: address (host bits zero) and prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Net {
    V4(u32, u8),
    V6(u128, u8),
}

impl Net {
    pub fn prefix_len(&self) -> u8 {
        match *self {
            Net::V4(_, l) | Net::V6(_, l) => l,
        }
    }
    pub fn is_v4(&self) -> bool {
        matches!(self, Net::V4(..))
    }
    /// First and last address as u128 (IPv4 in the low 32 bits), for family-local comparisons.
    pub fn bounds(&self) -> (u128, u128) {
        match *self {
            Net::V4(a, l) => (a as u128, (a | host_mask32(l)) as u128),
            Net::V6(a, l) => (a, a | host_mask128(l)),
        }
    }
    /// Whether `self` contains `other` (same family).
    pub fn contains(&self, other: &Net) -> bool {
        if self.is_v4() != other.is_v4() || self.prefix_len() > other.prefix_len() {
            return false;
        }
        let (a, b) = self.bounds();
        let (c, _) = other.bounds();
        a <= c && c <= b
    }
    pub fn overlaps(&self, other: &Net) -> bool {
        self.contains(other) || other.contains(self)
    }
}

pub fn host_mask32(len: u8) -> u32 {
    if len >= 32 {
        0
    } else {
        u32::MAX >> len
    }
}

pub fn host_mask128(len: u8) -> u128 {
    if len >= 128 {
        0
    } else {
        u128::MAX >> len
    }
}

/// A single-address network prints as the bare address (like the input format and iprange).
impl fmt::Display for Net {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Net::V4(a, 32) => write!(f, "{}", Ipv4Addr::from(a)),
            Net::V4(a, l) => write!(f, "{}/{l}", Ipv4Addr::from(a)),
            Net::V6(a, 128) => write!(f, "{}", Ipv6Addr::from(a)),
            Net::V6(a, l) => write!(f, "{}/{l}", Ipv6Addr::from(a)),
        }
    }
}

/// Appends an IPv4 address in dotted-quad form (much faster than `Display` for big lists).
pub fn push_v4(out: &mut Vec<u8>, a: u32) {
    for (i, shift) in [24u32, 16, 8, 0].iter().enumerate() {
        if i > 0 {
            out.push(b'.');
        }
        push_u8((a >> shift) as u8, out);
    }
}

fn push_u8(v: u8, out: &mut Vec<u8>) {
    if v >= 100 {
        out.push(b'0' + v / 100);
        out.push(b'0' + (v / 10) % 10);
        out.push(b'0' + v % 10);
    } else if v >= 10 {
        out.push(b'0' + v / 10);
        out.push(b'0' + v % 10);
    } else {
        out.push(b'0' + v);
    }
}

/// Appends `net` as the input format writes it (bare address for /32 and /128).
pub fn push_net(out: &mut Vec<u8>, net: &Net) {
    match *net {
        Net::V4(a, l) => {
            push_v4(out, a);
            if l != 32 {
                out.push(b'/');
                push_u8(l, out);
            }
        }
        Net::V6(a, l) => {
            use std::io::Write;
            let _ = write!(out, "{}", Ipv6Addr::from(a));
            if l != 128 {
                out.push(b'/');
                push_u8(l, out);
            }
        }
    }
}

/// Why a line is not a valid entry. The `Display` text is the reason printed after `FILE:LINE:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// An address part is missing (`/24`).
    Empty,
    NotAnAddress(String),
    BadPrefix {
        prefix: String,
        max: u8,
    },
    HostBits {
        entry: String,
        network: Net,
    },
    /// A dotted mask after `/` that is not a contiguous netmask or host mask, or is both.
    BadMask {
        mask: String,
        reason: &'static str,
    },
    Garbage {
        entry: String,
        rest: String,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(f, "empty entry (no address before the prefix length)"),
            ParseError::NotAnAddress(s) => write!(f, "not an IPv4/IPv6 address or CIDR: {s:?}"),
            ParseError::BadPrefix { prefix, max } => {
                write!(f, "bad prefix length /{prefix} (must be 0-{max})")
            }
            ParseError::HostBits { entry, network } => write!(
                f,
                "host bits set in {entry} (the network is {})",
                NetCidr(*network)
            ),
            ParseError::BadMask { mask, reason } => write!(f, "bad mask /{mask}: {reason}"),
            ParseError::Garbage { entry, rest } => {
                write!(f, "garbage after the address {entry}: {rest:?}")
            }
        }
    }
}

/// Displays a network always with its prefix length.
pub struct NetCidr(pub Net);
impl fmt::Display for NetCidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Net::V4(a, l) => write!(f, "{}/{l}", Ipv4Addr::from(a)),
            Net::V6(a, l) => write!(f, "{}/{l}", Ipv6Addr::from(a)),
        }
    }
}

fn lossy(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    if s.chars().count() > 80 {
        let mut t: String = s.chars().take(77).collect();
        t.push_str("...");
        t
    } else {
        s.into_owned()
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c')
}

fn trim(mut b: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = b {
        if is_space(*first) {
            b = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = b {
        if is_space(*last) {
            b = rest;
        } else {
            break;
        }
    }
    b
}

/// Parses one line of a blocklist. `Ok(None)` for blank lines and comments.
pub fn parse_line(line: &[u8]) -> Result<Option<Net>, ParseError> {
    let body = match line.iter().position(|&c| c == b'#') {
        Some(i) => &line[..i],
        None => line,
    };
    let body = trim(body);
    if body.is_empty() {
        return Ok(None);
    }
    let end = body.iter().position(|&c| is_space(c)).unwrap_or(body.len());
    let (tok, rest) = body.split_at(end);
    let net = parse_net(tok)?;
    let rest = trim(rest);
    if !rest.is_empty() {
        return Err(ParseError::Garbage {
            entry: lossy(tok),
            rest: lossy(rest),
        });
    }
    Ok(Some(net))
}

/// Parses `ADDR` or `ADDR/LEN` (IPv4 or IPv6), host bits must be zero.
pub fn parse_net(tok: &[u8]) -> Result<Net, ParseError> {
    let (addr, plen) = match tok.iter().position(|&c| c == b'/') {
        Some(i) => (&tok[..i], Some(&tok[i + 1..])),
        None => (tok, None),
    };
    if addr.is_empty() {
        return Err(ParseError::Empty);
    }
    let v6 = addr.contains(&b':');
    let max = if v6 { 128u8 } else { 32u8 };
    let not_addr = || ParseError::NotAnAddress(lossy(tok));
    // The address first: a line that is not an address at all says so, whatever follows '/'.
    let (a4, a6) = if v6 {
        (0, parse_v6(addr).ok_or_else(not_addr)?)
    } else {
        (parse_v4(addr).ok_or_else(not_addr)?, 0)
    };
    let len = match plen {
        None => max,
        // IPv4 netmask notation (`10.0.0.0/255.0.0.0`, as iprange and the legacy validator
        // accept), or a host mask (`/0.0.0.255`) where it cannot be read as a netmask.
        Some(p) if !v6 && p.contains(&b'.') => mask_len(p)?,
        Some(p) => parse_prefix(p, max).ok_or_else(|| ParseError::BadPrefix {
            prefix: lossy(p),
            max,
        })?,
    };
    let net = if v6 {
        let net = a6 & !host_mask128(len);
        (net, a6 != net, Net::V6(net, len))
    } else {
        let net = a4 & !host_mask32(len);
        (net as u128, a4 != net, Net::V4(net, len))
    };
    if net.1 {
        return Err(ParseError::HostBits {
            entry: lossy(tok),
            network: net.2,
        });
    }
    Ok(net.2)
}

/// The prefix length of a dotted IPv4 mask: a netmask (ones, then zeros) or a host mask (zeros,
/// then ones). 0.0.0.0 and 255.255.255.255 are both (/0 or /32), so they are refused.
fn mask_len(p: &[u8]) -> Result<u8, ParseError> {
    let bad = |reason| ParseError::BadMask {
        mask: lossy(p),
        reason,
    };
    let m = parse_v4(p).ok_or_else(|| bad("not a dotted IPv4 mask"))?;
    if m == 0 || m == u32::MAX {
        return Err(bad(
            "ambiguous: /0 as a netmask and /32 as a host mask, or the reverse; write /0 or /32",
        ));
    }
    if m.leading_ones() + m.trailing_zeros() == 32 {
        return Ok(m.leading_ones() as u8);
    }
    if m.leading_zeros() + m.trailing_ones() == 32 {
        return Ok(m.leading_zeros() as u8);
    }
    Err(bad("not a contiguous netmask or host mask"))
}

fn parse_prefix(p: &[u8], max: u8) -> Option<u8> {
    if p.is_empty() || p.len() > 3 || !p.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = p.iter().fold(0u32, |acc, &d| acc * 10 + (d - b'0') as u32);
    (v <= max as u32).then_some(v as u8)
}

/// Strict dotted quad: four decimal octets 0-255, no leading zeros.
pub fn parse_v4(s: &[u8]) -> Option<u32> {
    let mut out: u32 = 0;
    let mut octets = 0;
    let mut i = 0;
    while i <= s.len() {
        let start = i;
        let mut v: u32 = 0;
        while i < s.len() && s[i].is_ascii_digit() {
            v = v * 10 + (s[i] - b'0') as u32;
            i += 1;
            if i - start > 3 {
                return None;
            }
        }
        let n = i - start;
        if n == 0 || v > 255 || (n > 1 && s[start] == b'0') {
            return None;
        }
        out = (out << 8) | v;
        octets += 1;
        if i == s.len() {
            break;
        }
        if s[i] != b'.' || octets == 4 {
            return None;
        }
        i += 1;
    }
    (octets == 4).then_some(out)
}

fn hex(c: u8) -> Option<u16> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as u16),
        b'a'..=b'f' => Some((c - b'a' + 10) as u16),
        b'A'..=b'F' => Some((c - b'A' + 10) as u16),
        _ => None,
    }
}

/// Parses groups separated by ':' (no "::" inside); the last one may be a dotted quad when
/// `allow_v4_tail`. Returns the 16-bit groups.
fn v6_groups(s: &[u8], allow_v4_tail: bool, out: &mut [u16; 8], n: &mut usize) -> Option<()> {
    if s.is_empty() {
        return Some(());
    }
    let parts = s.split(|&c| c == b':');
    let count = s.iter().filter(|&&c| c == b':').count() + 1;
    for (idx, part) in parts.enumerate() {
        let last = idx + 1 == count;
        if last && allow_v4_tail && part.contains(&b'.') {
            let v4 = parse_v4(part)?;
            if *n + 2 > 8 {
                return None;
            }
            out[*n] = (v4 >> 16) as u16;
            out[*n + 1] = v4 as u16;
            *n += 2;
            continue;
        }
        if part.is_empty() || part.len() > 4 || *n >= 8 {
            return None;
        }
        let mut v = 0u16;
        for &c in part {
            v = (v << 4) | hex(c)?;
        }
        out[*n] = v;
        *n += 1;
    }
    Some(())
}

/// IPv6 in RFC 4291 text form (with `::` and an optional IPv4 tail); no zone ids.
pub fn parse_v6(s: &[u8]) -> Option<u128> {
    if s.len() > 45 {
        return None;
    }
    let dc = s.windows(2).position(|w| w == b"::");
    let mut head = [0u16; 8];
    let mut tail = [0u16; 8];
    let (mut nh, mut nt) = (0usize, 0usize);
    match dc {
        None => {
            v6_groups(s, true, &mut head, &mut nh)?;
            if nh != 8 {
                return None;
            }
        }
        Some(i) => {
            let (l, r) = (&s[..i], &s[i + 2..]);
            if r.windows(2).any(|w| w == b"::") {
                return None;
            }
            v6_groups(l, false, &mut head, &mut nh)?;
            v6_groups(r, true, &mut tail, &mut nt)?;
            if nh + nt > 7 {
                return None;
            }
        }
    }
    let mut groups = [0u16; 8];
    groups[..nh].copy_from_slice(&head[..nh]);
    groups[8 - nt..].copy_from_slice(&tail[..nt]);
    Some(groups.iter().fold(0u128, |acc, &g| (acc << 16) | g as u128))
}

/// Special-purpose ranges worth a warning in a blocklist (blocking them is rarely intended).
pub fn special_ranges() -> &'static [(Net, &'static str)] {
    const fn v4(a: [u8; 4], l: u8) -> Net {
        Net::V4(u32::from_be_bytes(a), l)
    }
    const fn v6(hi: u16, l: u8) -> Net {
        Net::V6((hi as u128) << 112, l)
    }
    static R: [(Net, &str); 18] = [
        (v4([0, 0, 0, 0], 8), "\"this network\" (0.0.0.0/8)"),
        (v4([10, 0, 0, 0], 8), "private (RFC 1918)"),
        (v4([100, 64, 0, 0], 10), "shared address space (RFC 6598)"),
        (v4([127, 0, 0, 0], 8), "loopback"),
        (v4([169, 254, 0, 0], 16), "link-local"),
        (v4([172, 16, 0, 0], 12), "private (RFC 1918)"),
        (v4([192, 0, 2, 0], 24), "documentation (RFC 5737)"),
        (v4([192, 168, 0, 0], 16), "private (RFC 1918)"),
        (v4([198, 51, 100, 0], 24), "documentation (RFC 5737)"),
        (v4([203, 0, 113, 0], 24), "documentation (RFC 5737)"),
        (v4([224, 0, 0, 0], 4), "multicast"),
        (v4([240, 0, 0, 0], 4), "reserved (240.0.0.0/4)"),
        (Net::V6(0, 127), "unspecified/loopback (::/127)"),
        (Net::V6(0xffff_0000_0000, 96), "IPv4-mapped (::ffff:0:0/96)"),
        (
            Net::V6(0x2001_0db8 << 96, 32),
            "documentation (2001:db8::/32)",
        ),
        (v6(0xfc00, 7), "unique local (fc00::/7)"),
        (v6(0xfe80, 10), "link-local"),
        (v6(0xff00, 8), "multicast"),
    ];
    &R
}

/// The special ranges `net` overlaps, by label.
pub fn special_labels(net: &Net) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = special_ranges()
        .iter()
        .filter(|(r, _)| r.overlaps(net))
        .map(|(_, l)| *l)
        .collect();
    let mut seen = Vec::with_capacity(v.len());
    v.retain(|l| {
        let new = !seen.contains(l);
        seen.push(*l);
        new
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> Result<Option<Net>, ParseError> {
        parse_line(s.as_bytes())
    }

    #[test]
    fn netmask_and_host_mask_notation() {
        let n = |s: &str| parse_net(s.as_bytes());
        assert_eq!(n("10.0.0.0/255.0.0.0"), n("10.0.0.0/8"));
        assert_eq!(n("192.168.1.0/255.255.255.0"), n("192.168.1.0/24"));
        assert_eq!(n("192.168.1.128/255.255.255.128"), n("192.168.1.128/25"));
        // host mask (Cisco wildcard), where it cannot be a netmask
        assert_eq!(n("10.1.0.0/0.0.255.255"), n("10.1.0.0/16"));
        // host bits still refused, named in CIDR
        assert!(matches!(
            n("10.0.0.1/255.0.0.0"),
            Err(ParseError::HostBits { .. })
        ));
        for (bad, why) in [
            ("10.0.0.0/255.0.255.0", "not a contiguous"),
            ("10.0.0.1/255.255.255.255", "ambiguous"),
            ("0.0.0.0/0.0.0.0", "ambiguous"),
            ("10.0.0.0/255.0.0", "not a dotted IPv4 mask"),
        ] {
            let e = n(bad).unwrap_err().to_string();
            assert!(e.contains(why), "{bad}: {e}");
        }
        // IPv6 keeps prefix lengths only
        assert!(n("2001:db8::/ffff::").is_err());
    }

    #[test]
    fn accepts_the_input_format() {
        assert_eq!(p("10.0.0.0/8").unwrap(), Some(Net::V4(0x0a00_0000, 8)));
        assert_eq!(
            p("  203.0.113.0/24        # Known botnet").unwrap(),
            Some(Net::V4(0xcb00_7100, 24))
        );
        assert_eq!(p("1.2.3.4").unwrap(), Some(Net::V4(0x0102_0304, 32)));
        assert_eq!(p("# comment").unwrap(), None);
        assert_eq!(p("   \t\r").unwrap(), None);
        assert_eq!(p("").unwrap(), None);
        assert_eq!(
            p("2001:db8:bad::1/128   # Known attacker").unwrap(),
            Some(Net::V6(0x2001_0db8_0bad_0000_0000_0000_0000_0001, 128))
        );
        assert_eq!(p("::/0").unwrap(), Some(Net::V6(0, 0)));
        assert_eq!(p("::1").unwrap(), Some(Net::V6(1, 128)));
        assert_eq!(
            p("::ffff:1.2.3.4").unwrap(),
            Some(Net::V6(0xffff_0102_0304, 128))
        );
        assert_eq!(
            p("1:2:3:4:5:6:7::").unwrap(),
            Some(Net::V6(0x0001_0002_0003_0004_0005_0006_0007_0000, 128))
        );
        assert_eq!(p("0.0.0.0/0").unwrap(), Some(Net::V4(0, 0)));
    }

    #[test]
    fn reasons_for_bad_lines() {
        assert!(matches!(p("10.0.0.1/8"), Err(ParseError::HostBits { .. })));
        assert_eq!(
            p("10.0.0.1/8").unwrap_err().to_string(),
            "host bits set in 10.0.0.1/8 (the network is 10.0.0.0/8)"
        );
        assert!(matches!(
            p("10.0.0.0/33"),
            Err(ParseError::BadPrefix { .. })
        ));
        assert!(matches!(p("::/129"), Err(ParseError::BadPrefix { .. })));
        assert!(matches!(p("10.0.0.0/"), Err(ParseError::BadPrefix { .. })));
        assert!(matches!(p("/24"), Err(ParseError::Empty)));
        assert!(matches!(p("1.2.3.4 foo"), Err(ParseError::Garbage { .. })));
        for bad in [
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "01.2.3.4",
            "1..2.3",
            "example.com",
            "1.2.3.4-1.2.3.9",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            "fe80::1%eth0",
            "12345::",
            ":1:2",
            "1.2.3.4\\'),open(\\'x\\',\\'w\\'),ip_network(\\'1.1.1.1",
        ] {
            assert!(
                matches!(p(bad), Err(ParseError::NotAnAddress(_))),
                "{bad}: {:?}",
                p(bad)
            );
        }
        assert!(parse_line(b"\xff\xfe").is_err());
    }

    #[test]
    fn v6_agrees_with_std_on_examples() {
        for s in [
            "::",
            "::1",
            "2001:db8::",
            "2001:db8:0:0:1:0:0:1",
            "fe80::1:2:3:4",
            "::ffff:10.0.0.1",
            "64:ff9b::192.0.2.33",
            "1:2:3:4:5:6:1.2.3.4",
        ] {
            let ours = parse_v6(s.as_bytes()).unwrap();
            let std: Ipv6Addr = s.parse().unwrap();
            assert_eq!(ours, u128::from(std), "{s}");
        }
    }

    #[test]
    fn display_and_push_agree() {
        for n in [
            Net::V4(0x0a00_0000, 8),
            Net::V4(0xffff_ffff, 32),
            Net::V6(1, 128),
            Net::V6(0x2001_0db8 << 96, 32),
        ] {
            let mut b = Vec::new();
            push_net(&mut b, &n);
            assert_eq!(String::from_utf8(b).unwrap(), n.to_string());
            assert_eq!(p(&n.to_string()).unwrap(), Some(n));
        }
    }

    #[test]
    fn special_ranges_are_found() {
        assert_eq!(
            special_labels(&Net::V4(0xcb00_7100, 24)),
            vec!["documentation (RFC 5737)"]
        );
        assert!(special_labels(&Net::V4(0x0808_0808, 32)).is_empty());
        assert!(special_labels(&Net::V4(0, 0)).len() > 5);
        assert_eq!(special_labels(&Net::V6(1, 128)).len(), 1);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// The parser never panics on arbitrary bytes.
        #[test]
        fn never_panics_on_bytes(b in proptest::collection::vec(any::<u8>(), 0..80)) {
            let _ = parse_line(&b);
        }

        /// Nor on address-like strings, and agrees with std on what is an address.
        #[test]
        fn agrees_with_std(s in "[0-9a-fA-F:./]{0,45}") {
            let ours = parse_line(s.as_bytes());
            if let Ok(a) = s.parse::<Ipv6Addr>() {
                prop_assert_eq!(ours, Ok(Some(Net::V6(u128::from(a), 128))));
            } else if let Ok(a) = s.parse::<Ipv4Addr>() {
                prop_assert_eq!(ours, Ok(Some(Net::V4(u32::from(a), 32))));
            } else if !s.contains('/') {
                prop_assert!(ours.is_err() || ours == Ok(None));
            }
        }

        /// Formatting then parsing gives the same network.
        #[test]
        fn round_trip(a in any::<u32>(), l in 0u8..=32, b in any::<u128>(), m in 0u8..=128) {
            let n4 = Net::V4(a & !host_mask32(l), l);
            let n6 = Net::V6(b & !host_mask128(m), m);
            prop_assert_eq!(p(&n4.to_string()).unwrap(), Some(n4));
            prop_assert_eq!(p(&format!("{}  # c", n6)).unwrap(), Some(n6));
        }
    }

    /// Bounded fuzz: mutations of valid lines (byte flips, insertions, truncations).
    #[test]
    fn bounded_fuzz_of_mutated_lines() {
        let seeds: &[&[u8]] = &[
            b"10.0.0.0/8 # x",
            b"2001:db8::/32",
            b"::ffff:1.2.3.4/128",
            b"1.2.3.4",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200_000 {
            let mut v = seeds[(next() % seeds.len() as u64) as usize].to_vec();
            for _ in 0..(next() % 4 + 1) {
                let r = next();
                let i = (r >> 8) as usize % (v.len() + 1);
                match r % 3 {
                    0 if i < v.len() => v[i] = (r >> 32) as u8,
                    1 => v.insert(i, b"0123456789abcdef:./# \t"[(r >> 40) as usize % 22]),
                    _ => v.truncate(i),
                }
            }
            let _ = parse_line(&v);
        }
    }
}
