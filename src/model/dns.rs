//! DNS names, addresses, servers, the dns-update batch format, the change plan (current →
//! desired RRsets) and the nsupdate script it renders to. Pure logic: no I/O.
//!
//! Everything that ends up in an nsupdate script or a dig batch file passes through a
//! validator here first (LDH names, parsed IP addresses, numeric TTLs and ports), so no input
//! can add a line, a command or an option to either.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

/// Longest DNS name in text form without the trailing dot (RFC 1035: 255 octets on the wire).
const MAX_NAME: usize = 253;

/// An absolute DNS name: lower-case, LDH labels, with the trailing dot.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fqdn(String);

impl Fqdn {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `self` is `zone` or below it.
    pub fn is_in(&self, zone: &Fqdn) -> bool {
        self == zone || self.0.ends_with(&format!(".{}", zone.0))
    }

    /// Length of the name on the wire (uncompressed).
    pub fn wire_len(&self) -> usize {
        // "a.b." → 1 a 1 b 0 = text length + 1
        self.0.len() + 1
    }

    /// The name without the zone suffix (the host label(s)); the name itself at the apex.
    pub fn relative_to(&self, zone: &Fqdn) -> &str {
        self.0
            .strip_suffix(&format!(".{}", zone.0))
            .unwrap_or(&self.0)
    }
}

impl fmt::Display for Fqdn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn check_labels(text: &str, allow_underscore: bool) -> Result<(), String> {
    if text.is_empty() {
        return Err("empty name".into());
    }
    if text.len() > MAX_NAME {
        return Err(format!("name longer than {MAX_NAME} characters"));
    }
    for label in text.split('.') {
        if label.is_empty() {
            return Err(format!("empty label in `{text}`"));
        }
        if label.len() > 63 {
            return Err(format!("label `{label}` longer than 63 characters"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!("label `{label}` starts or ends with a hyphen"));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || (allow_underscore && *c == '_')))
        {
            return Err(format!(
                "character {c:?} not allowed in `{}` (letters, digits and hyphens only)",
                text.escape_debug()
            ));
        }
    }
    Ok(())
}

/// Parses a zone name (`debvisor.local`, `20.10.10.in-addr.arpa.`).
pub fn parse_zone(s: &str) -> Result<Fqdn, String> {
    let t = s.strip_suffix('.').unwrap_or(s);
    check_labels(t, false).map_err(|e| format!("invalid zone name: {e}"))?;
    Ok(Fqdn(format!("{}.", t.to_ascii_lowercase())))
}

/// Parses a host name: relative names are put under `zone`; absolute names (trailing dot, or
/// already ending in the zone) must lie inside it.
pub fn host_fqdn(name: &str, zone: &Fqdn) -> Result<Fqdn, String> {
    let lower = name.to_ascii_lowercase();
    let (text, absolute) = match lower.strip_suffix('.') {
        Some(t) => (t.to_string(), true),
        None => (lower.clone(), false),
    };
    check_labels(&text, false).map_err(|e| format!("invalid host name: {e}"))?;
    let zone_text = zone.0.trim_end_matches('.');
    let full = if absolute || text == zone_text || text.ends_with(&format!(".{zone_text}")) {
        Fqdn(format!("{text}."))
    } else {
        Fqdn(format!("{text}.{}", zone.0))
    };
    if full.0.len() > MAX_NAME + 1 {
        return Err(format!("invalid host name: `{full}` is too long"));
    }
    if !full.is_in(zone) {
        return Err(format!("`{full}` is outside the zone {zone}"));
    }
    Ok(full)
}

/// A name read back from a server or a journal (may contain `_`, e.g. `_tsig-probe`).
pub fn parse_any_name(s: &str) -> Result<Fqdn, String> {
    let t = s.strip_suffix('.').unwrap_or(s);
    check_labels(t, true)?;
    Ok(Fqdn(format!("{}.", t.to_ascii_lowercase())))
}

/// Parses a unicast host address.
pub fn parse_addr(s: &str) -> Result<IpAddr, String> {
    let ip: IpAddr = s
        .parse()
        .map_err(|_| format!("invalid IP address `{}`", s.escape_debug()))?;
    if ip.is_unspecified() || ip.is_multicast() {
        return Err(format!("`{ip}` is not a host address"));
    }
    if let IpAddr::V4(v4) = ip {
        if v4.is_broadcast() {
            return Err(format!("`{ip}` is not a host address"));
        }
    }
    Ok(ip)
}

pub fn parse_ttl(s: &str) -> Result<u32, String> {
    let v: u32 = s
        .parse()
        .map_err(|_| format!("invalid TTL `{}` (seconds)", s.escape_debug()))?;
    if v == 0 || v > 2_147_483_647 {
        return Err(format!("TTL {v} out of range 1..2147483647"));
    }
    Ok(v)
}

/// The record types this tool reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RType {
    A,
    AAAA,
    PTR,
    SOA,
    DNSKEY,
    TXT,
}

impl RType {
    pub fn for_addr(ip: &IpAddr) -> RType {
        match ip {
            IpAddr::V4(_) => RType::A,
            IpAddr::V6(_) => RType::AAAA,
        }
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            RType::A => "A",
            RType::AAAA => "AAAA",
            RType::PTR => "PTR",
            RType::SOA => "SOA",
            RType::DNSKEY => "DNSKEY",
            RType::TXT => "TXT",
        }
    }
    pub fn parse(s: &str) -> Option<RType> {
        Some(match s {
            "A" => RType::A,
            "AAAA" => RType::AAAA,
            "PTR" => RType::PTR,
            "SOA" => RType::SOA,
            "DNSKEY" => RType::DNSKEY,
            "TXT" => RType::TXT,
            _ => return None,
        })
    }
}

impl fmt::Display for RType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reverse-lookup name of an address (`5.20.10.10.in-addr.arpa.`, nibbles under ip6.arpa).
pub fn ptr_name(ip: &IpAddr) -> Fqdn {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            Fqdn(format!("{}.{}.{}.{}.in-addr.arpa.", o[3], o[2], o[1], o[0]))
        }
        IpAddr::V6(v6) => {
            let mut s = String::with_capacity(73);
            for b in v6.octets().iter().rev() {
                s.push_str(&format!("{:x}.{:x}.", b & 0xf, b >> 4));
            }
            s.push_str("ip6.arpa.");
            Fqdn(s)
        }
    }
}

/// A DNS server: `HOST[:PORT]`, `[V6]:PORT` or a bare IPv6 address. HOST is an IP address or
/// an LDH host name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    pub host: String,
    pub port: u16,
}

impl fmt::Display for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

pub fn parse_server(s: &str) -> Result<Server, String> {
    let bad = || format!("invalid server `{}` (HOST:PORT)", s.escape_debug());
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (h, p) = rest.split_once(']').ok_or_else(bad)?;
        let port = match p.strip_prefix(':') {
            Some(p) => Some(p),
            None if p.is_empty() => None,
            None => return Err(bad()),
        };
        (h.to_string(), port)
    } else if s.matches(':').count() > 1 {
        (s.to_string(), None)
    } else {
        match s.split_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (s.to_string(), None),
        }
    };
    let port = match port {
        Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(bad)?,
        None => 53,
    };
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(Server {
            host: ip.to_string(),
            port,
        });
    }
    check_labels(host.trim_end_matches('.'), false).map_err(|e| format!("{}: {e}", bad()))?;
    Ok(Server {
        host: host.to_ascii_lowercase(),
        port,
    })
}

/// One operation of a dns-update run (a command-line call is a batch of one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Add {
        name: Fqdn,
        addr: IpAddr,
        ttl: Option<u32>,
    },
    Delete {
        name: Fqdn,
        addr: Option<IpAddr>,
    },
}

impl Op {
    pub fn name(&self) -> &Fqdn {
        match self {
            Op::Add { name, .. } | Op::Delete { name, .. } => name,
        }
    }
}

/// Parses batch lines: `add NAME ADDR [TTL]`, `delete NAME [ADDR]`; `#` starts a comment.
/// Errors name the line.
pub fn parse_batch(text: &str, zone: &Fqdn) -> Result<Vec<Op>, String> {
    let mut ops = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let at = |e: String| format!("line {}: {e}", i + 1);
        let f: Vec<&str> = line.split_ascii_whitespace().collect();
        let op = match f.as_slice() {
            ["add", name, addr] | ["add", name, addr, _] => Op::Add {
                name: host_fqdn(name, zone).map_err(at)?,
                addr: parse_addr(addr).map_err(at)?,
                ttl: match f.get(3) {
                    Some(t) => Some(parse_ttl(t).map_err(at)?),
                    None => None,
                },
            },
            ["delete", name] | ["delete", name, _] => Op::Delete {
                name: host_fqdn(name, zone).map_err(at)?,
                addr: match f.get(2) {
                    Some(a) => Some(parse_addr(a).map_err(at)?),
                    None => None,
                },
            },
            _ => {
                return Err(at(format!(
                    "expected `add NAME ADDR [TTL]` or `delete NAME [ADDR]`, got `{}`",
                    line.escape_debug()
                )))
            }
        };
        ops.push(op);
    }
    if ops.is_empty() {
        return Err("the batch contains no operations".into());
    }
    Ok(ops)
}

/// An RRset's identity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Key {
    pub name: Fqdn,
    pub rtype: RType,
}

/// What a server currently holds for one RRset (values in canonical text form, sorted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rrset {
    pub ttl: Option<u32>,
    pub values: BTreeSet<String>,
}

/// One RRset change: from `old` to `new` (an empty `new` deletes the RRset).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub zone: Fqdn,
    pub name: Fqdn,
    #[serde(rename = "type")]
    pub rtype: RType,
    pub ttl: u32,
    pub old: Vec<String>,
    pub new: Vec<String>,
}

impl Change {
    pub fn key(&self) -> Key {
        Key {
            name: self.name.clone(),
            rtype: self.rtype,
        }
    }

    /// The same change backwards (for rollback).
    pub fn inverse(&self) -> Change {
        Change {
            zone: self.zone.clone(),
            name: self.name.clone(),
            rtype: self.rtype,
            ttl: self.ttl,
            old: self.new.clone(),
            new: self.old.clone(),
        }
    }

    /// Upper bound of this change's size in an UPDATE message. nsupdate compresses owner
    /// names: the first occurrence costs the labels below the zone plus a 2-byte pointer to the
    /// zone name (in the zone section), every repeat a 2-byte pointer. Record data is counted
    /// uncompressed.
    fn wire_estimate(&self) -> usize {
        let below_zone = self.name.wire_len().saturating_sub(self.zone.wire_len()) + 2;
        let rd = |v: &String| match self.rtype {
            RType::A => 4,
            RType::AAAA => 16,
            _ => v.len() + 2,
        };
        let prereqs = self.old.len().max(1);
        let rrs = prereqs + 1 + self.new.len();
        let data: usize = self.old.iter().chain(self.new.iter()).map(rd).sum();
        below_zone + (rrs - 1) * 2 + rrs * 10 + data
    }
}

/// The canonical text of a record value (how dig prints it, so they compare equal).
pub fn canonical_value(rtype: RType, v: &str) -> String {
    match rtype {
        RType::A | RType::AAAA => v
            .parse::<IpAddr>()
            .map(|ip| ip.to_string())
            .unwrap_or_else(|_| v.to_string()),
        RType::PTR => v.to_ascii_lowercase(),
        _ => v.to_string(),
    }
}

/// Errors of planning: bad combinations in the input (nothing is sent).
pub type PlanError = String;

/// Computes the RRset changes that take `current` to the state the ops ask for.
///
/// - `add NAME ADDR` replaces NAME's RRset of the address family with ADDR (several adds for the
///   same NAME and family in one batch form one RRset), and points ADDR's PTR at NAME;
/// - `delete NAME` removes NAME's A and AAAA RRsets, `delete NAME ADDR` just that address;
/// - a PTR of an address NAME no longer has is removed when it points at NAME.
///
/// `reverse_zone` says which zone a PTR name belongs to (None: no PTR is managed for it).
pub fn plan(
    zone: &Fqdn,
    ops: &[Op],
    current: &BTreeMap<Key, Rrset>,
    default_ttl: u32,
    reverse_zone: &dyn Fn(&Fqdn) -> Option<Fqdn>,
) -> Result<Vec<Change>, PlanError> {
    let get = |k: &Key| current.get(k).cloned().unwrap_or_default();
    // Desired forward RRsets.
    let mut desired: BTreeMap<Key, (BTreeSet<String>, Option<u32>)> = BTreeMap::new();
    let mut added: BTreeSet<Key> = BTreeSet::new();
    let mut deleted: BTreeSet<Key> = BTreeSet::new();
    for op in ops {
        match op {
            Op::Add { name, addr, ttl } => {
                let k = Key {
                    name: name.clone(),
                    rtype: RType::for_addr(addr),
                };
                if deleted.contains(&k) {
                    return Err(format!("{name} {} is both added and deleted", k.rtype));
                }
                let e = desired.entry(k.clone()).or_default();
                if added.insert(k) {
                    e.0.clear();
                }
                e.0.insert(addr.to_string());
                if let Some(t) = ttl {
                    if e.1.is_some_and(|old| old != *t) {
                        return Err(format!("{name}: conflicting TTLs {} and {t}", e.1.unwrap()));
                    }
                    e.1 = Some(*t);
                }
            }
            Op::Delete { name, addr } => {
                let types: Vec<RType> = match addr {
                    Some(a) => vec![RType::for_addr(a)],
                    None => vec![RType::A, RType::AAAA],
                };
                for t in types {
                    let k = Key {
                        name: name.clone(),
                        rtype: t,
                    };
                    if added.contains(&k) {
                        return Err(format!("{name} {t} is both added and deleted"));
                    }
                    deleted.insert(k.clone());
                    let e = desired
                        .entry(k.clone())
                        .or_insert_with(|| (get(&k).values, None));
                    match addr {
                        Some(a) => {
                            e.0.remove(&a.to_string());
                        }
                        None => e.0.clear(),
                    }
                }
            }
        }
    }

    let mut changes = Vec::new();
    // Desired PTRs: addresses gained point at their name; addresses lost stop pointing at it.
    let mut ptr_desired: BTreeMap<Key, (BTreeSet<String>, u32, Fqdn)> = BTreeMap::new();
    let mut ptr_owner: BTreeMap<Key, Fqdn> = BTreeMap::new();
    for (k, (values, ttl)) in &desired {
        let cur = get(k);
        let ttl = ttl.or(if added.contains(k) { None } else { cur.ttl });
        let ttl = ttl.unwrap_or(default_ttl);
        let ttl_changed = added.contains(k) && cur.ttl.is_some_and(|t| t != ttl);
        if cur.values != *values || ttl_changed {
            changes.push(Change {
                zone: zone.clone(),
                name: k.name.clone(),
                rtype: k.rtype,
                ttl,
                old: cur.values.iter().cloned().collect(),
                new: values.iter().cloned().collect(),
            });
        }
        let target = k.name.to_string();
        for v in values {
            let Ok(ip) = v.parse::<IpAddr>() else {
                continue;
            };
            let pk = Key {
                name: ptr_name(&ip),
                rtype: RType::PTR,
            };
            if let Some(other) = ptr_owner.get(&pk) {
                if *other != k.name {
                    return Err(format!(
                        "address {ip} is given to both {other} and {}",
                        k.name
                    ));
                }
            }
            ptr_owner.insert(pk.clone(), k.name.clone());
            if let Some(rz) = reverse_zone(&pk.name) {
                ptr_desired.insert(pk, (BTreeSet::from([target.clone()]), ttl, rz));
            }
        }
        for v in cur.values.difference(values) {
            let Ok(ip) = v.parse::<IpAddr>() else {
                continue;
            };
            let pk = Key {
                name: ptr_name(&ip),
                rtype: RType::PTR,
            };
            if ptr_owner.contains_key(&pk) || ptr_desired.contains_key(&pk) {
                continue;
            }
            if let Some(rz) = reverse_zone(&pk.name) {
                let mut vals = get(&pk).values;
                if vals.remove(&target) {
                    ptr_desired.insert(pk, (vals, ttl, rz));
                }
            }
        }
    }
    for (pk, (values, ttl, rz)) in ptr_desired {
        let cur = get(&pk);
        let ttl_changed = !values.is_empty() && cur.ttl.is_some_and(|t| t != ttl);
        if cur.values != values || ttl_changed {
            changes.push(Change {
                zone: rz,
                name: pk.name.clone(),
                rtype: RType::PTR,
                ttl,
                old: cur.values.iter().cloned().collect(),
                new: values.into_iter().collect(),
            });
        }
    }
    Ok(changes)
}

/// `--owner TAG`: a TXT value `debvisor-owner=TAG` beside a name's addresses says which node
/// registered it. A delete by another owner then leaves the name alone: after a live migration
/// the source's clean-up must not remove what the destination has just registered.
pub const OWNER_PREFIX: &str = "debvisor-owner=";

pub fn valid_owner(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 63
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// The owner TXT value as dig prints it (quoted).
pub fn owner_txt(tag: &str) -> String {
    format!("\"{OWNER_PREFIX}{tag}\"")
}

/// The owner tag recorded in a TXT RRset, if any.
pub fn owner_in(txt: &Rrset) -> Option<String> {
    txt.values.iter().find_map(|v| {
        v.trim_matches('"')
            .strip_prefix(OWNER_PREFIX)
            .map(str::to_string)
    })
}

/// The TXT change making `tag` the owner of `name` (None: no owner), keeping any other TXT
/// values; None when the RRset is already so.
pub fn owner_change(
    zone: &Fqdn,
    name: &Fqdn,
    current: &Rrset,
    tag: Option<&str>,
    ttl: u32,
) -> Option<Change> {
    let mut new: BTreeSet<String> = current
        .values
        .iter()
        .filter(|v| !v.trim_matches('"').starts_with(OWNER_PREFIX))
        .cloned()
        .collect();
    if let Some(t) = tag {
        new.insert(owner_txt(t));
    }
    (new != current.values).then(|| Change {
        zone: zone.clone(),
        name: name.clone(),
        rtype: RType::TXT,
        ttl: current.ttl.unwrap_or(ttl),
        old: current.values.iter().cloned().collect(),
        new: new.into_iter().collect(),
    })
}

/// The PTR names whose current value `plan` needs beyond the new addresses: those of the
/// addresses the named hosts hold now.
pub fn ptrs_of_current(ops: &[Op], current: &BTreeMap<Key, Rrset>) -> BTreeSet<Fqdn> {
    let mut out = BTreeSet::new();
    for op in ops {
        for t in [RType::A, RType::AAAA] {
            let k = Key {
                name: op.name().clone(),
                rtype: t,
            };
            if let Some(rs) = current.get(&k) {
                for v in &rs.values {
                    if let Ok(ip) = v.parse::<IpAddr>() {
                        out.insert(ptr_name(&ip));
                    }
                }
            }
        }
    }
    out
}

/// Upper bound for one UPDATE message: below the 64 KiB TCP message limit with room for the
/// header, zone section and TSIG record.
pub const MAX_MESSAGE_BYTES: usize = 60_000;

/// One UPDATE message: a zone and the changes it carries (applied atomically by the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub zone: Fqdn,
    pub changes: Vec<Change>,
}

/// Groups changes by zone into as few messages as fit under `max_bytes` each.
pub fn split_messages(changes: &[Change], max_bytes: usize) -> Vec<Message> {
    let mut by_zone: BTreeMap<&Fqdn, Vec<&Change>> = BTreeMap::new();
    let mut order: Vec<&Fqdn> = Vec::new();
    for c in changes {
        if !by_zone.contains_key(&c.zone) {
            order.push(&c.zone);
        }
        by_zone.entry(&c.zone).or_default().push(c);
    }
    let mut out = Vec::new();
    for zone in order {
        let base = 12 + zone.wire_len() + 4 + 200; // header, zone section, TSIG
        let mut cur = Message {
            zone: zone.clone(),
            changes: Vec::new(),
        };
        let mut size = base;
        for c in &by_zone[zone] {
            let s = c.wire_estimate();
            if !cur.changes.is_empty() && size + s > max_bytes {
                out.push(std::mem::replace(
                    &mut cur,
                    Message {
                        zone: zone.clone(),
                        changes: Vec::new(),
                    },
                ));
                size = base;
            }
            size += s;
            cur.changes.push((*c).clone());
        }
        if !cur.changes.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// Renders the nsupdate script: per message `zone`, prerequisites (the RRset is still exactly
/// what was read, so a concurrent change is never clobbered), the update, `send` and `answer`
/// (whose output proves each message was sent and shows its status).
pub fn render_nsupdate(server: &Server, messages: &[Message]) -> String {
    let mut s = format!("server {} {}\n", server.host, server.port);
    for m in messages {
        s.push_str(&format!("zone {}\n", m.zone));
        for c in &m.changes {
            if c.old.is_empty() {
                s.push_str(&format!("prereq nxrrset {} {}\n", c.name, c.rtype));
            } else {
                for v in &c.old {
                    s.push_str(&format!("prereq yxrrset {} {} {v}\n", c.name, c.rtype));
                }
            }
            s.push_str(&format!("update delete {} {}\n", c.name, c.rtype));
            for v in &c.new {
                s.push_str(&format!(
                    "update add {} {} {} {v}\n",
                    c.name, c.ttl, c.rtype
                ));
            }
        }
        s.push_str("send\nanswer\n");
    }
    s
}

/// RFC 1982 serial comparison: whether `a` is at or after `b`.
pub fn serial_ge(a: u32, b: u32) -> bool {
    a == b || (a.wrapping_sub(b) as i32) > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn z() -> Fqdn {
        parse_zone("debvisor.local").unwrap()
    }

    #[test]
    fn names() {
        assert_eq!(
            host_fqdn("vm1", &z()).unwrap().as_str(),
            "vm1.debvisor.local."
        );
        assert_eq!(
            host_fqdn("VM1.debvisor.local", &z()).unwrap().as_str(),
            "vm1.debvisor.local."
        );
        assert_eq!(
            host_fqdn("a.b.debvisor.local.", &z()).unwrap().as_str(),
            "a.b.debvisor.local."
        );
        assert!(host_fqdn("vm1.example.com.", &z())
            .unwrap_err()
            .contains("outside"));
        for bad in [
            "",
            "bad..name",
            "-x",
            "x-",
            "bad_name!",
            "sp ace",
            "a\nupdate delete debvisor.local. NS",
            &"x".repeat(64),
            "ä",
        ] {
            assert!(host_fqdn(bad, &z()).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn addresses_and_ptr() {
        assert!(parse_addr("10.10.20.999").is_err());
        assert!(parse_addr("0.0.0.0").is_err());
        assert!(parse_addr("224.0.0.1").is_err());
        assert!(parse_addr("10.0.0.1; rm").is_err());
        let ip = parse_addr("10.10.20.5").unwrap();
        assert_eq!(ptr_name(&ip).as_str(), "5.20.10.10.in-addr.arpa.");
        let ip6 = parse_addr("2001:db8::1").unwrap();
        assert_eq!(
            ptr_name(&ip6).as_str(),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
        );
    }

    #[test]
    fn servers() {
        assert_eq!(
            parse_server("127.0.0.1:5300").unwrap().to_string(),
            "127.0.0.1:5300"
        );
        assert_eq!(parse_server("ns1.example").unwrap().port, 53);
        assert_eq!(
            parse_server("[::1]:5353").unwrap().to_string(),
            "[::1]:5353"
        );
        assert_eq!(parse_server("::1").unwrap().port, 53);
        for bad in [
            "127.0.0.1/53; touch X; echo ",
            "h:0",
            "h:99999",
            "a b:53",
            "-p:1",
            "",
        ] {
            assert!(parse_server(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn batch_lines_and_errors() {
        let ops = parse_batch(
            "# vms\nadd vm1 10.10.20.5\nadd vm2 10.10.20.6 60  # x\n\ndelete vm3\ndelete vm4 fd00::4\n",
            &z(),
        )
        .unwrap();
        assert_eq!(ops.len(), 4);
        assert_eq!(
            ops[1],
            Op::Add {
                name: host_fqdn("vm2", &z()).unwrap(),
                addr: "10.10.20.6".parse().unwrap(),
                ttl: Some(60)
            }
        );
        let e = parse_batch("add vm1 10.10.20.5\nadd vm2\n", &z()).unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = parse_batch("add vm1 10.10.20.5 abc\n", &z()).unwrap_err();
        assert!(e.contains("TTL"), "{e}");
        assert!(parse_batch("# nothing\n", &z()).is_err());
    }

    fn cur(entries: &[(&str, RType, &[&str])]) -> BTreeMap<Key, Rrset> {
        entries
            .iter()
            .map(|(n, t, v)| {
                (
                    Key {
                        name: parse_any_name(n).unwrap(),
                        rtype: *t,
                    },
                    Rrset {
                        ttl: Some(300),
                        values: v.iter().map(|s| s.to_string()).collect(),
                    },
                )
            })
            .collect()
    }

    fn rev(n: &Fqdn) -> Option<Fqdn> {
        let rz = parse_zone("20.10.10.in-addr.arpa").unwrap();
        n.is_in(&rz).then_some(rz)
    }

    #[test]
    fn replace_moves_the_ptr() {
        let c = cur(&[
            ("vm1.debvisor.local", RType::A, &["10.10.20.5"]),
            (
                "5.20.10.10.in-addr.arpa",
                RType::PTR,
                &["vm1.debvisor.local."],
            ),
        ]);
        let ops = vec![Op::Add {
            name: host_fqdn("vm1", &z()).unwrap(),
            addr: "10.10.20.6".parse().unwrap(),
            ttl: None,
        }];
        let ch = plan(&z(), &ops, &c, 300, &rev).unwrap();
        assert_eq!(ch.len(), 3, "{ch:#?}");
        assert_eq!(ch[0].old, vec!["10.10.20.5"]);
        assert_eq!(ch[0].new, vec!["10.10.20.6"]);
        let p6 = ch
            .iter()
            .find(|c| c.name.as_str().starts_with("6."))
            .unwrap();
        assert_eq!(p6.new, vec!["vm1.debvisor.local."]);
        let p5 = ch
            .iter()
            .find(|c| c.name.as_str().starts_with("5."))
            .unwrap();
        assert!(p5.new.is_empty());
        // Same again: nothing to do.
        let now = cur(&[
            ("vm1.debvisor.local", RType::A, &["10.10.20.6"]),
            (
                "6.20.10.10.in-addr.arpa",
                RType::PTR,
                &["vm1.debvisor.local."],
            ),
        ]);
        assert!(plan(&z(), &ops, &now, 300, &rev).unwrap().is_empty());
    }

    #[test]
    fn delete_and_conflicts() {
        let c = cur(&[
            ("vm1.debvisor.local", RType::A, &["10.10.20.5"]),
            ("vm1.debvisor.local", RType::AAAA, &["fd00::5"]),
            (
                "5.20.10.10.in-addr.arpa",
                RType::PTR,
                &["vm1.debvisor.local."],
            ),
        ]);
        let n = host_fqdn("vm1", &z()).unwrap();
        let ch = plan(
            &z(),
            &[Op::Delete {
                name: n.clone(),
                addr: None,
            }],
            &c,
            300,
            &rev,
        )
        .unwrap();
        assert_eq!(ch.len(), 3);
        assert!(ch.iter().all(|c| c.new.is_empty()));
        let e = plan(
            &z(),
            &[
                Op::Add {
                    name: n.clone(),
                    addr: "10.10.20.5".parse().unwrap(),
                    ttl: None,
                },
                Op::Delete {
                    name: n.clone(),
                    addr: None,
                },
            ],
            &c,
            300,
            &rev,
        )
        .unwrap_err();
        assert!(e.contains("both added and deleted"));
        let e = plan(
            &z(),
            &[
                Op::Add {
                    name: n,
                    addr: "10.10.20.7".parse().unwrap(),
                    ttl: None,
                },
                Op::Add {
                    name: host_fqdn("vm2", &z()).unwrap(),
                    addr: "10.10.20.7".parse().unwrap(),
                    ttl: None,
                },
            ],
            &c,
            300,
            &rev,
        )
        .unwrap_err();
        assert!(e.contains("given to both"), "{e}");
    }

    #[test]
    fn owner_txt_is_set_kept_and_removed() {
        let n = host_fqdn("vm1", &z()).unwrap();
        let none = Rrset::default();
        let c = owner_change(&z(), &n, &none, Some("hvA"), 300).unwrap();
        assert_eq!(c.rtype, RType::TXT);
        assert_eq!(c.new, vec!["\"debvisor-owner=hvA\"".to_string()]);
        assert!(c.old.is_empty());
        let mine = Rrset {
            ttl: Some(60),
            values: BTreeSet::from([
                "\"debvisor-owner=hvA\"".to_string(),
                "\"v=spf1 -all\"".to_string(),
            ]),
        };
        assert_eq!(owner_in(&mine).as_deref(), Some("hvA"));
        assert_eq!(owner_change(&z(), &n, &mine, Some("hvA"), 300), None);
        // Another owner takes it over; foreign TXT values stay.
        let c = owner_change(&z(), &n, &mine, Some("hvB"), 300).unwrap();
        assert_eq!(c.ttl, 60);
        assert_eq!(
            c.new,
            vec![
                "\"debvisor-owner=hvB\"".to_string(),
                "\"v=spf1 -all\"".to_string()
            ]
        );
        let c = owner_change(&z(), &n, &mine, None, 300).unwrap();
        assert_eq!(c.new, vec!["\"v=spf1 -all\"".to_string()]);
        assert_eq!(owner_in(&none), None);
        assert!(
            valid_owner("hv-1.rack2")
                && !valid_owner("a b")
                && !valid_owner("\"x")
                && !valid_owner("")
        );
    }

    #[test]
    fn script_has_prereqs_and_sends() {
        let ch = vec![Change {
            zone: z(),
            name: host_fqdn("vm1", &z()).unwrap(),
            rtype: RType::A,
            ttl: 300,
            old: vec![],
            new: vec!["10.10.20.5".into()],
        }];
        let srv = parse_server("127.0.0.1:5300").unwrap();
        let s = render_nsupdate(&srv, &split_messages(&ch, MAX_MESSAGE_BYTES));
        assert_eq!(
            s,
            "server 127.0.0.1 5300\nzone debvisor.local.\nprereq nxrrset vm1.debvisor.local. A\n\
             update delete vm1.debvisor.local. A\nupdate add vm1.debvisor.local. 300 A 10.10.20.5\nsend\nanswer\n"
        );
    }

    #[test]
    fn large_batches_split_below_64k() {
        let ch: Vec<Change> = (0..3000)
            .map(|i| Change {
                zone: z(),
                name: host_fqdn(&format!("host-{i}"), &z()).unwrap(),
                rtype: RType::A,
                ttl: 300,
                old: vec![],
                new: vec![format!("10.1.{}.{}", i / 250, i % 250 + 1)],
            })
            .collect();
        let msgs = split_messages(&ch, MAX_MESSAGE_BYTES);
        assert!(msgs.len() >= 2 && msgs.len() <= 3, "{}", msgs.len());
        assert_eq!(msgs.iter().map(|m| m.changes.len()).sum::<usize>(), 3000);
        for m in &msgs {
            let est: usize = m.changes.iter().map(|c| c.wire_estimate()).sum();
            assert!(est < 64 * 1024);
        }
    }

    #[test]
    fn serials() {
        assert!(serial_ge(5, 5));
        assert!(serial_ge(6, 5));
        assert!(!serial_ge(4, 5));
        assert!(serial_ge(1, u32::MAX));
    }

    proptest! {
        /// No input can put a newline, a space or a semicolon into a validated name, so the
        /// nsupdate script can never gain a command.
        #[test]
        fn validated_names_cannot_inject(s in "\\PC{0,80}") {
            if let Ok(n) = host_fqdn(&s, &z()) {
                prop_assert!(n.as_str().chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'));
                prop_assert!(n.is_in(&z()));
            }
            let _ = parse_server(&s);
            let _ = parse_addr(&s);
            let _ = parse_batch(&s, &z());
        }

        #[test]
        fn rendered_scripts_have_one_command_per_change_line(
            names in proptest::collection::vec("[a-z][a-z0-9-]{0,10}[a-z0-9]", 1..20),
            octet in 1u8..250,
        ) {
            let ops: Vec<Op> = names.iter().enumerate().map(|(i, n)| Op::Add {
                name: host_fqdn(&format!("{n}{i}"), &z()).unwrap(),
                addr: format!("10.10.20.{}", (octet as usize + i) % 250 + 1).parse().unwrap(),
                ttl: None,
            }).collect();
            let ch = plan(&z(), &ops, &BTreeMap::new(), 300, &rev).unwrap();
            let s = render_nsupdate(&parse_server("127.0.0.1").unwrap(), &split_messages(&ch, MAX_MESSAGE_BYTES));
            for l in s.lines() {
                let first = l.split(' ').next().unwrap();
                prop_assert!(["server", "zone", "prereq", "update", "send", "answer"].contains(&first), "{l}");
            }
            prop_assert_eq!(s.matches("\nsend\n").count(), 2);
        }
    }
}
