//! Node maintenance mode: the record that marks a node (in etcd, where the whole cluster sees
//! it, and in the local journal the command resumes from), the order of the enable and disable
//! steps, what is still pending, the choice of evacuation targets by free memory, and the pods
//! that block a drain. Pure data and transitions; no I/O.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The record's format; a newer one is refused (never half-understood).
pub const FORMAT: u32 = 1;

/// Steps of `maintenance enable`, in order. The mark comes first (so "prevents new operations"
/// holds from the first change on), then the changes in upgrade's order.
pub const ENABLE_STEPS: [&str; 5] = ["mark", "noout", "evacuate", "drain", "active"];

/// Steps of `maintenance disable`, in order: the flags this tool set, the VMs it moved (with
/// `--restore-vms`), Ceph healthy again, and only then the mark is cleared.
pub const DISABLE_STEPS: [&str; 5] = ["unset-noout", "uncordon", "restore-vms", "health", "clear"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// `enable` is running or was interrupted: the node is already fenced off.
    #[default]
    Entering,
    /// Fully in maintenance.
    Active,
    /// `disable` is running or was interrupted.
    Leaving,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Entering => "entering",
            Phase::Active => "active",
            Phase::Leaving => "leaving",
        }
    }
}

/// A VM this tool moved off the node (or is moving: `done` false until it runs on `target`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    pub vm: String,
    pub target: String,
    #[serde(default)]
    pub done: bool,
}

/// A VM that could not be moved, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotMoved {
    pub vm: String,
    pub error: String,
}

/// The maintenance record of one node. The same JSON is the etcd value
/// (`PREFIX/NODE/maintenance`) and the local journal (`STATE/maintenance/NODE.json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Record {
    pub format: u32,
    pub node: String,
    pub phase: Phase,
    /// `user@host` that enabled it.
    pub by: String,
    /// RFC 3339.
    pub since: String,
    pub reason: Option<String>,
    /// Steps of the current command (enable or disable) already done.
    pub done: Vec<String>,
    /// OSDs on which THIS tool set noout (an operator's own flags are never listed).
    pub noout: Vec<u32>,
    /// Whether THIS tool cordoned the Kubernetes node (false when it already was).
    pub cordoned: bool,
    pub moved: Vec<Moved>,
    pub not_moved: Vec<NotMoved>,
    /// Whether `disable` migrates the moved VMs back.
    pub restore_vms: bool,
}

impl Record {
    pub fn new(node: &str, by: String, since: String, reason: Option<String>) -> Self {
        Record {
            format: FORMAT,
            node: node.to_string(),
            by,
            since,
            reason,
            ..Default::default()
        }
    }

    /// "since T by WHO: REASON" (the reason only when given): how every message names a mark.
    pub fn since_by(&self) -> String {
        format!(
            "since {} by {}{}",
            self.since,
            self.by,
            self.reason
                .as_deref()
                .map(|x| format!(": {x}"))
                .unwrap_or_default()
        )
    }

    /// Parses a stored record; a newer format is refused with a clear message.
    pub fn parse(text: &str) -> Result<Record, String> {
        let r: Record =
            serde_json::from_str(text).map_err(|e| format!("not a maintenance record: {e}"))?;
        if r.format > FORMAT {
            return Err(format!(
                "maintenance record format {} is newer than this debvisor understands ({FORMAT})",
                r.format
            ));
        }
        if r.node.is_empty() {
            return Err("maintenance record without a node name".into());
        }
        Ok(r)
    }

    pub fn is_done(&self, step: &str) -> bool {
        self.done.iter().any(|d| d == step)
    }

    pub fn mark_done(&mut self, step: &str) {
        if !self.is_done(step) {
            self.done.push(step.to_string());
        }
    }

    /// The next step of `enable` (Entering) or `disable` (Leaving); None when through.
    pub fn next_step(&self) -> Option<&'static str> {
        let steps: &[&'static str] = match self.phase {
            Phase::Entering => &ENABLE_STEPS,
            Phase::Leaving => &DISABLE_STEPS,
            Phase::Active => return None,
        };
        steps.iter().copied().find(|s| !self.is_done(s))
    }

    /// Starts leaving: the disable steps begin from scratch (the enable steps are history).
    pub fn begin_leaving(&mut self, restore_vms: bool) {
        if self.phase != Phase::Leaving {
            self.phase = Phase::Leaving;
            self.done.clear();
            self.restore_vms = restore_vms;
        } else {
            // A resumed disable keeps its choice unless the re-run asks for more.
            self.restore_vms |= restore_vms;
        }
    }

    /// What is still pending, in words (status): the steps left and what is still set.
    pub fn pending(&self) -> Vec<String> {
        let mut v: Vec<String> = match self.phase {
            Phase::Entering => ENABLE_STEPS
                .iter()
                .filter(|s| !self.is_done(s))
                .map(|s| format!("enable: {s}"))
                .collect(),
            Phase::Leaving => DISABLE_STEPS
                .iter()
                .filter(|s| !self.is_done(s))
                .filter(|s| **s != "restore-vms" || self.restore_vms)
                .map(|s| format!("disable: {s}"))
                .collect(),
            Phase::Active => Vec::new(),
        };
        if !self.noout.is_empty() {
            v.push(format!(
                "noout set on {}",
                self.noout
                    .iter()
                    .map(|i| format!("osd.{i}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
        if self.cordoned {
            v.push("cordoned".into());
        }
        let away: Vec<String> = self
            .moved
            .iter()
            .filter(|m| m.done)
            .map(|m| format!("{}→{}", m.vm, m.target))
            .collect();
        if !away.is_empty() {
            v.push(format!("moved away: {}", away.join(" ")));
        }
        if !self.not_moved.is_empty() {
            v.push(format!(
                "not moved (--force): {}",
                self.not_moved
                    .iter()
                    .map(|n| n.vm.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
        v
    }
}

/// The etcd key of a node's record.
pub fn etcd_key(prefix: &str, node: &str) -> String {
    format!("{}/{node}/maintenance", prefix.trim_end_matches('/'))
}

/// Records from `etcdctl get --prefix PREFIX/` output (key line, value line, …): only the keys
/// `PREFIX/NODE/maintenance`; unreadable values are reported, never a panic.
pub fn parse_etcd_listing(prefix: &str, out: &str) -> (Vec<Record>, Vec<String>) {
    let prefix = prefix.trim_end_matches('/');
    let mut recs = Vec::new();
    let mut bad = Vec::new();
    let mut lines = out.lines();
    while let Some(key) = lines.next() {
        let Some(value) = lines.next() else { break };
        let Some(node) = key
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('/'))
            .and_then(|r| r.strip_suffix("/maintenance"))
        else {
            continue;
        };
        if node.is_empty() || node.contains('/') {
            continue;
        }
        match Record::parse(value) {
            Ok(r) => recs.push(r),
            Err(e) => bad.push(format!("{key}: {e}")),
        }
    }
    (recs, bad)
}

/// A VM to place: its memory and vCPUs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guest {
    pub name: String,
    pub memory_bytes: u64,
    pub vcpus: u64,
}

/// A candidate node: free memory, host CPUs (None when unknown) and the vCPUs already running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub node: String,
    pub available_bytes: u64,
    pub cpus: Option<u64>,
    pub running_vcpus: u64,
}

/// Places VMs on candidate nodes, largest memory first. Memory is the hard limit (a VM goes
/// only where it fits with the reserve: RAM cannot be overcommitted safely); among the nodes
/// where it fits, the one whose vCPU commitment (running vCPUs per host CPU, this VM included)
/// is lowest wins, then the one with the most memory left, then the one listed first. A node
/// of unknown CPU count ranks after those known. A VM that fits nowhere gets None.
pub fn place(
    guests: &[Guest],
    candidates: &[Candidate],
    reserve: u64,
) -> Vec<(String, Option<String>)> {
    let mut left: Vec<u64> = candidates.iter().map(|c| c.available_bytes).collect();
    let mut vcpus: Vec<u64> = candidates.iter().map(|c| c.running_vcpus).collect();
    let mut order: Vec<usize> = (0..guests.len()).collect();
    order.sort_by(|a, b| {
        guests[*b]
            .memory_bytes
            .cmp(&guests[*a].memory_bytes)
            .then(a.cmp(b))
    });
    let mut out: BTreeMap<usize, Option<String>> = BTreeMap::new();
    for i in order {
        let g = &guests[i];
        let need = g.memory_bytes.saturating_add(reserve);
        // Commitment after placing g, compared as fractions (a/b < c/d ⇔ a·d < c·b) in u128.
        let commit = |k: usize| -> Option<(u128, u128)> {
            let cpus = candidates[k].cpus.filter(|c| *c > 0)?;
            Some((vcpus[k].saturating_add(g.vcpus) as u128, cpus as u128))
        };
        let best = (0..candidates.len())
            .filter(|k| left[*k] >= need)
            .min_by(|a, b| {
                let by_cpu = match (commit(*a), commit(*b)) {
                    (Some((na, da)), Some((nb, db))) => (na * db).cmp(&(nb * da)),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                };
                by_cpu.then(left[*b].cmp(&left[*a])).then(a.cmp(b))
            });
        if let Some(k) = best {
            left[k] -= g.memory_bytes;
            vcpus[k] = vcpus[k].saturating_add(g.vcpus);
            out.insert(i, Some(candidates[k].node.clone()));
        } else {
            out.insert(i, None);
        }
    }
    out.into_iter()
        .map(|(i, t)| (guests[i].name.clone(), t))
        .collect()
}

/// The pods a `kubectl drain` could not evict, from its output lines
/// (`error when evicting pods/"web-1" -n "shop" (will retry after 5s): Cannot evict pod as it
/// would violate the pod's disruption budget.`), as `namespace/name`, sorted, unique.
pub fn drain_blockers(output: &str) -> Vec<String> {
    let mut set = BTreeSet::new();
    for l in output.lines() {
        let Some(rest) = l.split("evicting pods/").nth(1) else {
            continue;
        };
        let name = rest.trim_start_matches('"').split('"').next().unwrap_or("");
        let ns = rest
            .split(" -n ")
            .nth(1)
            .map(|r| {
                r.trim_start_matches('"')
                    .split(['"', ' '])
                    .next()
                    .unwrap_or("")
            })
            .unwrap_or("");
        if name.is_empty() {
            continue;
        }
        set.insert(if ns.is_empty() {
            name.to_string()
        } else {
            format!("{ns}/{name}")
        });
    }
    set.into_iter().collect()
}

/// OSD ids whose per-OSD noout flag is set, from `ceph osd dump -f json` (`osds[].state`
/// lists `noout`); plus whether the global flag is set. Unreadable input: nothing set.
pub fn noout_in_dump(dump: &serde_json::Value) -> (BTreeSet<u32>, bool) {
    let ids = dump
        .get("osds")
        .and_then(|o| o.as_array())
        .into_iter()
        .flatten()
        .filter(|o| {
            o.get("state")
                .and_then(|s| s.as_array())
                .is_some_and(|s| s.iter().any(|x| x.as_str() == Some("noout")))
        })
        .filter_map(|o| o.get("osd").and_then(|i| i.as_u64()))
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    let global = dump
        .get("flags")
        .and_then(|f| f.as_str())
        .is_some_and(|f| f.split(',').any(|x| x == "noout"));
    (ids, global)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn enable_then_disable_walks_the_steps_and_resumes() {
        let mut r = Record::new("n1", "root@h".into(), "t".into(), Some("disk".into()));
        assert_eq!(r.next_step(), Some("mark"));
        r.mark_done("mark");
        r.mark_done("noout");
        r.noout = vec![0];
        let back = Record::parse(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.next_step(), Some("evacuate"));
        assert!(back.pending().contains(&"noout set on osd.0".to_string()));
        for s in ENABLE_STEPS {
            r.mark_done(s);
        }
        assert_eq!(r.next_step(), None);
        r.phase = Phase::Active;
        r.begin_leaving(false);
        assert_eq!(r.next_step(), Some("unset-noout"));
        assert!(!r.pending().iter().any(|p| p.contains("restore-vms")));
        r.begin_leaving(true);
        assert!(r.restore_vms && r.pending().iter().any(|p| p.contains("restore-vms")));
    }

    #[test]
    fn newer_or_nameless_records_are_refused() {
        let e = Record::parse(r#"{"format":9,"node":"n1"}"#).unwrap_err();
        assert!(e.contains("format 9 is newer"), "{e}");
        assert!(Record::parse(r#"{"format":1}"#).is_err());
        assert!(Record::parse("garbage").is_err());
    }

    #[test]
    fn etcd_listing_keeps_only_maintenance_keys() {
        let r = serde_json::to_string(&Record::new("n2", "a".into(), "t".into(), None)).unwrap();
        let out = format!(
            "/debvisor/nodes/n1/address\n10.0.0.1\n/debvisor/nodes/n2/maintenance\n{r}\n/debvisor/nodes/n3/maintenance\n{{bad\n"
        );
        let (recs, bad) = parse_etcd_listing("/debvisor/nodes/", &out);
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].node, "n2");
        assert_eq!(bad.len(), 1);
        assert!(bad[0].starts_with("/debvisor/nodes/n3/maintenance"));
        assert_eq!(
            etcd_key("/debvisor/nodes/", "n1"),
            "/debvisor/nodes/n1/maintenance"
        );
    }

    fn guest(name: &str, memory_bytes: u64, vcpus: u64) -> Guest {
        Guest {
            name: name.into(),
            memory_bytes,
            vcpus,
        }
    }

    fn cand(node: &str, available_bytes: u64, cpus: Option<u64>, running_vcpus: u64) -> Candidate {
        Candidate {
            node: node.into(),
            available_bytes,
            cpus,
            running_vcpus,
        }
    }

    #[test]
    fn placement_by_free_memory_when_cpus_are_alike() {
        let g = 1u64 << 30;
        let c = [cand("b", 3 * g, Some(8), 0), cand("c", 4 * g, Some(8), 0)];
        let vms = vec![
            guest("small", g, 0),
            guest("big", 3 * g, 0),
            guest("huge", 8 * g, 0),
        ];
        let p = place(&vms, &c, 0);
        // huge fits nowhere; big goes to c (most free), then small to b (3 GiB left vs 1).
        assert_eq!(
            p,
            vec![
                ("small".to_string(), Some("b".to_string())),
                ("big".to_string(), Some("c".to_string())),
                ("huge".to_string(), None),
            ]
        );
        // The reserve counts: with 1 GiB reserve "big" no longer fits on b, still on c.
        let p = place(&vms[1..2], &c[..1], g);
        assert_eq!(p[0].1, None);
    }

    #[test]
    fn placement_prefers_the_less_committed_cpus_where_memory_fits() {
        let g = 1u64 << 30;
        // b has more free memory but 14 of its 8 CPUs' worth of vCPUs already running; c has
        // less memory and idle CPUs: the 2-vCPU VM goes to c.
        let c = [cand("b", 16 * g, Some(8), 14), cand("c", 4 * g, Some(8), 2)];
        assert_eq!(
            place(&[guest("web", 2 * g, 2)], &c, 0)[0].1.as_deref(),
            Some("c")
        );
        // Memory stays the hard limit: a 6 GiB VM cannot go to c however idle it is.
        assert_eq!(
            place(&[guest("db", 6 * g, 2)], &c, 0)[0].1.as_deref(),
            Some("b")
        );
        // Commitment counts the VMs placed in the same run: four 2-vCPU VMs spread out.
        let even = [cand("b", 16 * g, Some(4), 0), cand("c", 16 * g, Some(4), 0)];
        let vms: Vec<Guest> = (0..4).map(|i| guest(&format!("v{i}"), g, 2)).collect();
        let p = place(&vms, &even, 0);
        let on_b = p.iter().filter(|(_, t)| t.as_deref() == Some("b")).count();
        assert_eq!(on_b, 2, "{p:?}");
        // A node whose CPU count is unknown ranks after a known one.
        let c = [cand("x", 16 * g, None, 0), cand("y", 2 * g, Some(4), 3)];
        assert_eq!(place(&[guest("a", g, 1)], &c, 0)[0].1.as_deref(), Some("y"));
    }

    #[test]
    fn drain_blockers_from_kubectl_output() {
        // kubectl 1.2x drain output while a PodDisruptionBudget blocks an eviction.
        let out = "node/hv1 cordoned\nevicting pod shop/web-1\n\
                   error when evicting pods/\"web-1\" -n \"shop\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n\
                   error when evicting pods/\"web-1\" -n \"shop\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n\
                   error when evicting pods/\"db-0\" -n \"data\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n";
        assert_eq!(drain_blockers(out), vec!["data/db-0", "shop/web-1"]);
        assert!(drain_blockers("node/hv1 drained\n").is_empty());
    }

    #[test]
    fn noout_flags_from_an_osd_dump() {
        // Shape of `ceph osd dump -f json` (Ceph 16) with osd.1 flagged per OSD.
        let d = serde_json::json!({"flags":"sortbitwise,recovery_deletes","osds":[
            {"osd":0,"state":["exists","up"]},{"osd":1,"state":["exists","noout","up"]}]});
        let (ids, global) = noout_in_dump(&d);
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), vec![1]);
        assert!(!global);
        let (_, global) = noout_in_dump(&serde_json::json!({"flags":"noout,sortbitwise"}));
        assert!(global);
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,300}") {
            let _ = Record::parse(&s);
            let _ = parse_etcd_listing("/debvisor/nodes", &s);
            let _ = drain_blockers(&s);
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&s) {
                let _ = noout_in_dump(&v);
            }
        }

        #[test]
        fn placement_never_overcommits(mems in proptest::collection::vec(0u64..64, 0..12),
                                       avail in proptest::collection::vec(0u64..128, 0..4)) {
            let vms: Vec<Guest> = mems.iter().enumerate().map(|(i, m)| guest(&format!("v{i}"), *m, (*m % 5) + 1)).collect();
            let c: Vec<Candidate> = avail.iter().enumerate().map(|(i, a)| cand(&format!("n{i}"), *a, (i % 3 != 0).then_some(4 + i as u64), i as u64)).collect();
            let p = place(&vms, &c, 1);
            prop_assert_eq!(p.len(), vms.len());
            for cand in &c {
                let used: u64 = p.iter().zip(&vms).filter(|((_, t), _)| t.as_deref() == Some(cand.node.as_str())).map(|(_, v)| v.memory_bytes).sum();
                prop_assert!(used <= cand.available_bytes);
            }
        }
    }
}
