//! `hvctl list` / `hvctl resources`: joins bulk `virsh list` + `domstats` output into rows,
//! filters them (`state=running,name=web*`), and computes rates from two samples. Pure logic.

use std::collections::HashMap;

use serde::Serialize;

use super::virsh::{DomState, DomStats, ListEntry};

/// One VM as `hvctl list` shows it. Fields the driver does not report are None.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VmRow {
    pub name: String,
    pub id: Option<u32>,
    pub state: Option<DomState>,
    pub vcpus: Option<u64>,
    pub memory_bytes: Option<u64>,
    pub max_memory_bytes: Option<u64>,
    pub rss_bytes: Option<u64>,
    pub cpu_time_s: Option<f64>,
}

/// Joins `list --all` (ids) with `domstats` (everything else); the union of both, in list order
/// then domstats order. O(n).
pub fn join(list: &[ListEntry], stats: &[DomStats]) -> Vec<VmRow> {
    let by_name: HashMap<&str, &DomStats> = stats.iter().map(|s| (s.name.as_str(), s)).collect();
    let mut rows = Vec::with_capacity(list.len().max(stats.len()));
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let row = |name: &str, id: Option<u32>, st: Option<DomState>, s: Option<&DomStats>| VmRow {
        name: name.to_string(),
        id,
        state: s.and_then(|s| s.state()).or(st),
        vcpus: s.and_then(|s| s.vcpus()),
        memory_bytes: s
            .and_then(|s| s.memory_kib())
            .map(|k| k.saturating_mul(1024)),
        max_memory_bytes: s
            .and_then(|s| s.max_memory_kib())
            .map(|k| k.saturating_mul(1024)),
        rss_bytes: s.and_then(|s| s.rss_kib()).map(|k| k.saturating_mul(1024)),
        cpu_time_s: s
            .and_then(|s| s.cpu_time_ns())
            .map(|n| (n as f64 / 1e7).round() / 100.0),
    };
    for e in list {
        seen.insert(e.name.as_str());
        rows.push(row(
            &e.name,
            e.id,
            e.state,
            by_name.get(e.name.as_str()).copied(),
        ));
    }
    for s in stats {
        if !seen.contains(s.name.as_str()) {
            rows.push(row(&s.name, None, None, Some(s)));
        }
    }
    rows
}

/// `*` and `?` wildcards (no character classes). Iterative, no recursion blow-up.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// `--filter state=running,name=web*`: values of the same key are alternatives (OR), different
/// keys must all match (AND).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub states: Vec<DomState>,
    pub names: Vec<String>,
}

impl Filter {
    pub fn parse(specs: &[String]) -> Result<Filter, String> {
        let mut f = Filter::default();
        for spec in specs {
            for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let (k, v) = part.split_once('=').ok_or_else(|| {
                    format!("filter `{part}`: expected KEY=VALUE (keys: state, name)")
                })?;
                match k.trim() {
                    "state" => f.states.push(DomState::parse_filter(v).ok_or_else(|| {
                        format!(
                            "filter `{part}`: unknown state `{v}` (running, paused, shut_off, crashed, pmsuspended, in_shutdown, blocked)"
                        )
                    })?),
                    "name" => f.names.push(v.trim().to_string()),
                    other => {
                        return Err(format!(
                            "filter `{part}`: unknown key `{other}` (keys: state, name)"
                        ))
                    }
                }
            }
        }
        Ok(f)
    }

    pub fn matches(&self, r: &VmRow) -> bool {
        (self.states.is_empty() || r.state.is_some_and(|s| self.states.contains(&s)))
            && (self.names.is_empty() || self.names.iter().any(|p| glob(p, &r.name)))
    }
}

/// Usage of one VM between two `domstats` samples.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Usage {
    pub name: String,
    pub state: Option<DomState>,
    pub vcpus: Option<u64>,
    pub cpu_time_s: Option<f64>,
    /// Percent of one host CPU (100 = one core busy), like top.
    pub cpu_percent: Option<f64>,
    pub memory_bytes: Option<u64>,
    pub rss_bytes: Option<u64>,
    pub block_rd_bytes: Option<u64>,
    pub block_wr_bytes: Option<u64>,
    pub block_rd_bytes_per_s: Option<f64>,
    pub block_wr_bytes_per_s: Option<f64>,
    pub net_rx_bytes: Option<u64>,
    pub net_tx_bytes: Option<u64>,
    pub net_rx_bytes_per_s: Option<f64>,
    pub net_tx_bytes_per_s: Option<f64>,
    pub interval_s: f64,
}

fn rate(a: Option<u64>, b: Option<u64>, secs: f64) -> Option<f64> {
    let (a, b) = (a?, b?);
    if secs <= 0.0 || b < a {
        return None;
    }
    Some(((b - a) as f64 / secs * 10.0).round() / 10.0)
}

/// Computes usage from two samples taken `secs` apart (VMs present in the second sample).
pub fn usage(first: &[DomStats], second: &[DomStats], secs: f64) -> Vec<Usage> {
    let before: HashMap<&str, &DomStats> = first.iter().map(|s| (s.name.as_str(), s)).collect();
    second
        .iter()
        .map(|b| {
            let a = before.get(b.name.as_str()).copied();
            let cpu_percent = match (a.and_then(|a| a.cpu_time_ns()), b.cpu_time_ns()) {
                (Some(x), Some(y)) if y >= x && secs > 0.0 => {
                    Some(((y - x) as f64 / (secs * 1e9) * 1000.0).round() / 10.0)
                }
                _ => None,
            };
            Usage {
                name: b.name.clone(),
                state: b.state(),
                vcpus: b.vcpus(),
                cpu_time_s: b.cpu_time_ns().map(|n| (n as f64 / 1e7).round() / 100.0),
                cpu_percent,
                memory_bytes: b.memory_kib().map(|k| k.saturating_mul(1024)),
                rss_bytes: b.rss_kib().map(|k| k.saturating_mul(1024)),
                block_rd_bytes: b.block_rd_bytes(),
                block_wr_bytes: b.block_wr_bytes(),
                block_rd_bytes_per_s: rate(
                    a.and_then(|a| a.block_rd_bytes()),
                    b.block_rd_bytes(),
                    secs,
                ),
                block_wr_bytes_per_s: rate(
                    a.and_then(|a| a.block_wr_bytes()),
                    b.block_wr_bytes(),
                    secs,
                ),
                net_rx_bytes: b.net_rx_bytes(),
                net_tx_bytes: b.net_tx_bytes(),
                net_rx_bytes_per_s: rate(a.and_then(|a| a.net_rx_bytes()), b.net_rx_bytes(), secs),
                net_tx_bytes_per_s: rate(a.and_then(|a| a.net_tx_bytes()), b.net_tx_bytes(), secs),
                interval_s: secs,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::virsh::{parse_domstats, parse_list};

    #[test]
    fn join_test_driver() {
        let list = parse_list(include_str!("../../tests/data/virsh/list-test-q.txt"));
        let stats = parse_domstats(include_str!("../../tests/data/virsh/domstats-test.txt"));
        let rows = join(&list, &stats);
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0].name, "web1");
        assert_eq!(rows[0].id, Some(1));
        assert_eq!(rows[0].memory_bytes, None);
        let f = Filter::parse(&["state=running,name=web*".into()]).unwrap();
        let names: Vec<_> = rows
            .iter()
            .filter(|r| f.matches(r))
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(names, ["web1", "web2"]);
        let f = Filter::parse(&["state=shut_off".into(), "state=paused".into()]).unwrap();
        let names: Vec<_> = rows
            .iter()
            .filter(|r| f.matches(r))
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(names, ["db1", "build-old"]);
        assert!(Filter::parse(&["colour=red".into()]).is_err());
        assert!(Filter::parse(&["state=sleepy".into()]).is_err());
    }

    #[test]
    fn join_qemu() {
        let list = parse_list(include_str!("../../tests/data/virsh/list-qemu.txt"));
        let stats = parse_domstats(include_str!("../../tests/data/virsh/domstats-qemu.txt"));
        let rows = join(&list, &stats);
        let d = rows.iter().find(|r| r.name == "dirty1").unwrap();
        assert_eq!(d.memory_bytes, Some(256 << 20));
        assert_eq!(d.vcpus, Some(1));
        assert_eq!(d.cpu_time_s, Some(1.55));
    }

    #[test]
    fn globs() {
        assert!(glob("web*", "web1"));
        assert!(glob("*", ""));
        assert!(glob("w?b*1", "web-01"));
        assert!(!glob("web*", "db1"));
        assert!(glob("*a*b*c*", "xxaxxbxxcxx"));
        assert!(!glob("a*", "ba"));
    }

    #[test]
    fn usage_rates() {
        let a = parse_domstats("Domain: 'v'\n  state.state=1\n  cpu.time=1000000000\n  block.count=1\n  block.0.rd.bytes=100\n  net.count=1\n  net.0.rx.bytes=10\n");
        let b = parse_domstats("Domain: 'v'\n  state.state=1\n  cpu.time=1500000000\n  block.count=1\n  block.0.rd.bytes=2148\n  net.count=1\n  net.0.rx.bytes=1010\n");
        let u = usage(&a, &b, 2.0);
        assert_eq!(u[0].cpu_percent, Some(25.0));
        assert_eq!(u[0].block_rd_bytes_per_s, Some(1024.0));
        assert_eq!(u[0].net_rx_bytes_per_s, Some(500.0));
        assert_eq!(u[0].block_wr_bytes_per_s, Some(0.0));
    }

    proptest::proptest! {
        #[test]
        fn glob_never_panics(p in "[a-c*?]{0,12}", t in "[a-c]{0,12}") {
            let _ = glob(&p, &t);
        }
        #[test]
        fn filter_never_panics(s in "(?s).{0,40}") {
            let _ = Filter::parse(&[s]);
        }
    }
}

#[cfg(test)]
mod batch_tests {
    use crate::model::virsh::{parse_domstats, parse_list};

    /// `virsh -q 'list --all ; domstats --raw …'` prints both in one stream; each parser
    /// must take only its own lines.
    #[test]
    fn batch_output_splits_cleanly() {
        let text = format!(
            "{}\n{}",
            include_str!("../../tests/data/virsh/list-qemu.txt"),
            include_str!("../../tests/data/virsh/domstats-qemu.txt")
        );
        let l = parse_list(&text);
        assert_eq!(l.len(), 2);
        let s = parse_domstats(&text);
        assert_eq!(s.len(), 2);
        assert!(s
            .iter()
            .all(|d| !d.fields.keys().any(|k| k.contains("running"))));
    }
}
