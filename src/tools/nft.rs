//! `nft` (nftables 1.0.x): command builders and the parser of `nft -j list …` set elements.
//! Rulesets always go through stdin (`-f -`), one file = one kernel transaction.

use std::path::Path;

use serde_json::Value;

use crate::exec::Cmd;
use crate::model::cidr::{host_mask128, host_mask32, parse_net, Net};
use crate::model::cidr_nft::{NETS4_PREFIX, NETS6_PREFIX};
use crate::model::cidr_set::Sets;

/// Loading a large set is slow (a 1M-element interval set takes 20-70 s): generous deadlines.
pub const LOAD_TIMEOUT_SECS: u64 = 900;

/// `nft -c -f -`: validates a ruleset against the live one without committing anything.
/// Needs CAP_NET_ADMIN. Read-only (it runs under --dry-run, so plans are checked for real).
pub fn check(ruleset: Vec<u8>) -> Cmd {
    Cmd::new("nft")
        .args(["-c", "-f", "-"])
        .stdin(ruleset)
        .read_only()
        .timeout_secs(LOAD_TIMEOUT_SECS)
        .what("nft to check the blocklist ruleset")
}

/// `nft -f -`: applies a ruleset as one atomic transaction.
pub fn apply(ruleset: Vec<u8>) -> Cmd {
    Cmd::new("nft")
        .args(["-f", "-"])
        .stdin(ruleset)
        .timeout_secs(LOAD_TIMEOUT_SECS)
        .what("nft to load the blocklist")
}

/// `nft -j list table inet TABLE` (unchecked: a missing table is "empty", not an error).
pub fn list_table_json(table: &str) -> Cmd {
    Cmd::new("nft")
        .args(["-j", "list", "table", "inet", table])
        .read_only()
        .unchecked()
        .timeout_secs(LOAD_TIMEOUT_SECS)
        .what("nft to list the live blocklist")
}

/// `nft list table inet TABLE` (unchecked: the exit status says whether the table is loaded).
pub fn table_loaded(table: &str) -> Cmd {
    Cmd::new("nft")
        .args(["list", "table", "inet", table])
        .read_only()
        .unchecked()
        .timeout_secs(30)
}

/// `nft -c -f FILE`: validates a ruleset file without committing anything (unchecked: the caller
/// reports nft's complaint).
pub fn check_file(path: &Path) -> Cmd {
    Cmd::new("nft")
        .args(["-c", "-f"])
        .arg(path)
        .read_only()
        .unchecked()
        .timeout_secs(60)
}

/// `nft -f FILE`: loads firstboot's base ruleset file as one transaction.
pub fn load_base_file(path: &Path) -> Cmd {
    Cmd::new("nft")
        .arg("-f")
        .arg(path)
        .timeout_secs(60)
        .what("loading the base ruleset")
}

/// One element of `nft -j` output as a network or an inclusive range, as text.
fn element_bounds(v: &Value) -> Option<(Net, Net)> {
    match v {
        Value::String(s) => {
            let n = parse_net(s.as_bytes()).ok()?;
            Some((n, n))
        }
        Value::Object(o) => {
            if let Some(e) = o.get("elem") {
                return element_bounds(e.get("val")?);
            }
            if let Some(p) = o.get("prefix") {
                let text = format!("{}/{}", p.get("addr")?.as_str()?, p.get("len")?.as_u64()?);
                let n = parse_net(text.as_bytes()).ok()?;
                return Some((n, n));
            }
            if let Some(r) = o.get("range") {
                let r = r.as_array()?;
                let a = parse_net(r.first()?.as_str()?.as_bytes()).ok()?;
                let b = parse_net(r.get(1)?.as_str()?.as_bytes()).ok()?;
                return Some((a, b));
            }
            None
        }
        _ => None,
    }
}

/// The prefix length of a per-length set (`blocked_nets_24`, `blocked_nets6_64`), whose
/// elements are network addresses.
fn prefix_set_len(name: &str) -> Option<u8> {
    name.strip_prefix(NETS6_PREFIX)
        .or_else(|| name.strip_prefix(NETS4_PREFIX))?
        .parse()
        .ok()
}

/// The network of `addr` (an address element) with prefix length `len`.
fn widen(n: Net, len: u8) -> Option<Net> {
    match n {
        Net::V4(a, 32) if len < 32 => Some(Net::V4(a & !host_mask32(len), len)),
        Net::V6(a, 128) if len < 128 => Some(Net::V6(a & !host_mask128(len), len)),
        _ => None,
    }
}

/// The union of the elements of every set in `nft -j list …` output, as canonical sets.
/// Elements of the per-prefix-length sets count as their networks. Errors name the element
/// that could not be read.
pub fn parse_sets_json(json: &str) -> anyhow::Result<Sets> {
    let v: Value = serde_json::from_str(json)
        .map_err(|e| anyhow::anyhow!("nft printed JSON that cannot be parsed: {e}"))?;
    let items = v
        .get("nftables")
        .and_then(Value::as_array)
        .ok_or_else(|| anyhow::anyhow!("nft JSON output lacks the `nftables` array"))?;
    let (mut v4, mut v6) = (Vec::new(), Vec::new());
    for item in items {
        let Some(set) = item.get("set") else { continue };
        let Some(elems) = set.get("elem").and_then(Value::as_array) else {
            continue;
        };
        let plen = set
            .get("name")
            .and_then(Value::as_str)
            .and_then(prefix_set_len);
        for e in elems {
            let bounds = element_bounds(e).and_then(|(a, b)| match plen {
                Some(l) => widen(a, l).map(|n| (n, n)),
                None => Some((a, b)),
            });
            let (a, b) = bounds
                .ok_or_else(|| anyhow::anyhow!("unreadable set element in nft output: {e}"))?;
            match (a, b) {
                (Net::V4(..), Net::V4(..)) => v4.push((a.bounds().0 as u32, b.bounds().1 as u32)),
                (Net::V6(..), Net::V6(..)) => v6.push((a.bounds().0, b.bounds().1)),
                _ => anyhow::bail!("mixed-family range in nft output: {e}"),
            }
        }
    }
    Ok(Sets {
        v4: crate::model::cidr_set::IntervalSet::from_intervals(v4),
        v6: crate::model::cidr_set::IntervalSet::from_intervals(v6),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_recorded_list_set_output() {
        // Recorded from nft 1.0.6 (`nft -j list set …`; more in tests/fixtures/tools/*/nft).
        let j = r#"{"nftables":[{"metainfo":{"version":"1.0.6","json_schema_version":1}},{"set":{"family":"inet","name":"blocked_nets","table":"debvisor_blocklist","type":"ipv4_addr","handle":2,"flags":["interval"],"elem":[{"prefix":{"addr":"10.0.0.0","len":8}},"84.205.100.205",{"range":["192.0.2.10","192.0.2.20"]}]}},{"set":{"family":"inet","name":"blocked_ips6","table":"debvisor_blocklist","type":"ipv6_addr","handle":3,"elem":["2001:db8::1",{"elem":{"val":"2001:db8::2","counter":{"packets":0,"bytes":0}}}]}}]}"#;
        let s = parse_sets_json(j).unwrap();
        assert_eq!(
            s.v4.intervals(),
            &[
                (0x0a00_0000, 0x0aff_ffff),
                (0x54cd_64cd, 0x54cd_64cd),
                (0xc000_020a, 0xc000_0214)
            ]
        );
        assert_eq!(s.v6.count(), 2);
        // The per-prefix-length sets of this version: elements are network addresses.
        let j = r#"{"nftables":[{"set":{"family":"inet","name":"blocked_nets_24","table":"debvisor_blocklist","type":"ipv4_addr","elem":["192.0.2.0"]}},{"set":{"family":"inet","name":"blocked_nets6_64","table":"debvisor_blocklist","type":"ipv6_addr","elem":["2001:db8::"]}}]}"#;
        let s = parse_sets_json(j).unwrap();
        assert_eq!(s.v4.intervals(), &[(0xc000_0200, 0xc000_02ff)]);
        assert_eq!(s.v6.count(), 1 << 64);
        assert_eq!(prefix_set_len("blocked_nets6_64"), Some(64));
        assert_eq!(prefix_set_len("blocked_nets_x"), None);
        assert_eq!(prefix_set_len("blocked_ips"), None);
        assert!(parse_sets_json("{}").is_err());
        assert!(parse_sets_json(r#"{"nftables":[{"set":{"elem":[{"x":1}]}}]}"#).is_err());
    }

    #[test]
    fn commands_are_classified() {
        use crate::exec::Effect;
        assert_eq!(check(vec![]).effect(), Effect::ReadOnly);
        assert_eq!(apply(vec![]).effect(), Effect::Mutating);
        assert_eq!(list_table_json("t").effect(), Effect::ReadOnly);
        assert_eq!(table_loaded("t").effect(), Effect::ReadOnly);
        assert_eq!(check_file(Path::new("/f")).effect(), Effect::ReadOnly);
        assert_eq!(check_file(Path::new("/f")).to_string(), "nft -c -f /f");
        assert_eq!(load_base_file(Path::new("/f")).effect(), Effect::Mutating);
    }
}
