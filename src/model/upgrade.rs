//! The rolling upgrade's journal: the plan (node order), how far each node got, and every
//! maintenance flag the upgrade set and has not cleared yet. Written atomically after each phase,
//! so a re-run after a crash resumes at the right node and phase, and a failure can say exactly
//! what is still set. Pure data and transitions; no I/O.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Phases per node, in order.
pub const PHASES: [&str; 9] = [
    "precheck",
    "noout",
    "evacuate",
    "drain",
    "packages",
    "reboot",
    "uncordon",
    "unset-noout",
    "health",
];

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Journal {
    /// The journal's format: 2 since the noout/evacuate/drain/uncordon phases are the
    /// maintenance steps; a journal without the field is format 1 (same fields, same meaning:
    /// it resumes). A newer format is refused ([`Journal::check_format`]).
    pub format: u32,
    pub id: String,
    pub started: String,
    pub nodes: Vec<String>,
    pub progress: BTreeMap<String, NodeProgress>,
    /// Flags this upgrade set and has not cleared: node → OSD ids with noout.
    pub noout: BTreeMap<String, Vec<u32>>,
    /// Kubernetes nodes this upgrade cordoned and has not uncordoned.
    pub cordoned: Vec<String>,
    pub finished: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct NodeProgress {
    pub done: Vec<String>,
    pub timings_ms: BTreeMap<String, u128>,
    pub versions_before: BTreeMap<String, String>,
    pub versions_after: BTreeMap<String, String>,
    pub rebooted: bool,
    /// Boot id recorded just before a reboot was requested: a run that crashes during the
    /// reboot still knows, when it resumes, that it rebooted the node (the boot id differs).
    pub reboot_from: Option<String>,
}

/// The format this version writes.
pub const FORMAT: u32 = 2;

impl Journal {
    /// Format 0 (absent) and 1 resume as before; newer than [`FORMAT`] is refused.
    pub fn check_format(&self) -> Result<(), String> {
        if self.format > FORMAT {
            return Err(format!(
                "upgrade journal format {} is newer than this debvisor understands ({FORMAT}): finish the upgrade with the newer debvisor, or forget it with --abandon",
                self.format
            ));
        }
        Ok(())
    }

    pub fn new(id: String, started: String, nodes: Vec<String>) -> Self {
        Journal {
            format: FORMAT,
            id,
            started,
            nodes,
            ..Default::default()
        }
    }

    /// The next (node, phase) to run, or None when every node is through.
    pub fn next(&self) -> Option<(String, &'static str)> {
        for n in &self.nodes {
            let done = self
                .progress
                .get(n)
                .map(|p| p.done.as_slice())
                .unwrap_or(&[]);
            if let Some(p) = PHASES.iter().find(|p| !done.iter().any(|d| d == *p)) {
                return Some((n.clone(), p));
            }
        }
        None
    }

    pub fn mark_done(&mut self, node: &str, phase: &str, ms: u128) {
        let p = self.progress.entry(node.to_string()).or_default();
        if !p.done.iter().any(|d| d == phase) {
            p.done.push(phase.to_string());
        }
        p.timings_ms.insert(phase.to_string(), ms);
    }

    pub fn is_complete(&self) -> bool {
        self.next().is_none()
    }

    /// What is still set, with the exact command that clears each flag.
    pub fn outstanding(&self) -> Vec<(String, String)> {
        let mut v = Vec::new();
        for (node, ids) in &self.noout {
            for id in ids {
                v.push((
                    format!("noout on osd.{id} (node {node})"),
                    format!("ceph osd rm-noout osd.{id}"),
                ));
            }
        }
        for n in &self.cordoned {
            v.push((
                format!("node {n} cordoned"),
                format!("kubectl uncordon {n}"),
            ));
        }
        v
    }
}

/// One package change from `apt-get -s dist-upgrade`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageChange {
    pub package: String,
    pub from: Option<String>,
    pub to: String,
}

/// Parses the `Inst` lines of `apt-get -s` output:
/// `Inst libssl3 [3.0.11-1~deb12u1] (3.0.13-1~deb12u1 Debian-Security:12/stable-security [amd64])`.
pub fn parse_apt_simulation(out: &str) -> Vec<PackageChange> {
    out.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("Inst ")?;
            let (package, rest) = rest.split_once(' ')?;
            let (from, rest) = match rest.strip_prefix('[') {
                Some(r) => {
                    let (v, r) = r.split_once(']')?;
                    (Some(v.to_string()), r.trim_start())
                }
                None => (None, rest),
            };
            let to = rest
                .strip_prefix('(')?
                .split_whitespace()
                .next()?
                .to_string();
            Some(PackageChange {
                package: package.to_string(),
                from,
                to,
            })
        })
        .collect()
}

/// Whether the packages change the running kernel: a new linux-image package version.
pub fn kernel_changes(changes: &[PackageChange]) -> bool {
    changes
        .iter()
        .any(|c| c.package.starts_with("linux-image-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn walks_nodes_in_order_and_resumes() {
        let mut j = Journal::new("u1".into(), "t".into(), vec!["n1".into(), "n2".into()]);
        assert_eq!(j.next(), Some(("n1".into(), "precheck")));
        for p in PHASES {
            j.mark_done("n1", p, 1);
        }
        assert_eq!(j.next(), Some(("n2".into(), "precheck")));
        j.mark_done("n2", "precheck", 1);
        j.mark_done("n2", "precheck", 2);
        assert_eq!(j.next(), Some(("n2".into(), "noout")));
        // A serialised journal resumes at the same step.
        let back: Journal = serde_json::from_str(&serde_json::to_string(&j).unwrap()).unwrap();
        assert_eq!(back, j);
        assert_eq!(back.next(), Some(("n2".into(), "noout")));
    }

    #[test]
    fn a_v1_journal_resumes_and_a_newer_one_is_refused() {
        // A journal written before the format field existed (format 1), interrupted on n2.
        let v1 = r#"{"id":"upgrade-1","started":"t","nodes":["n1","n2"],
            "progress":{"n1":{"done":["precheck","noout","evacuate","drain","packages","reboot","uncordon","unset-noout","health"]},
                        "n2":{"done":["precheck","noout"]}},
            "noout":{"n2":[1]},"cordoned":[],"finished":null}"#;
        let j: Journal = serde_json::from_str(v1).unwrap();
        assert_eq!(j.format, 0);
        assert!(j.check_format().is_ok());
        assert_eq!(j.next(), Some(("n2".into(), "evacuate")));
        assert_eq!(j.outstanding()[0].1, "ceph osd rm-noout osd.1");
        let newer: Journal = serde_json::from_str(r#"{"format":3,"id":"u"}"#).unwrap();
        let e = newer.check_format().unwrap_err();
        assert!(
            e.contains("format 3 is newer") && e.contains("--abandon"),
            "{e}"
        );
        assert_eq!(Journal::new("u".into(), "t".into(), vec![]).format, FORMAT);
    }

    #[test]
    fn outstanding_flags_come_with_their_exact_fix() {
        let mut j = Journal::default();
        j.noout.insert("n1".into(), vec![3, 4]);
        j.cordoned.push("n1".into());
        let o = j.outstanding();
        assert_eq!(o[0].1, "ceph osd rm-noout osd.3");
        assert_eq!(o[2].1, "kubectl uncordon n1");
    }

    #[test]
    fn apt_simulation() {
        // Recorded from `apt-get -s dist-upgrade` on Debian 12.
        let out = "Reading package lists...\nInst libssl3 [3.0.11-1~deb12u1] (3.0.13-1~deb12u1 Debian-Security:12/stable-security [amd64])\n\
                   Inst linux-image-6.1.0-18-amd64 (6.1.76-1 Debian-Security:12/stable-security [amd64])\n\
                   Conf libssl3 (3.0.13-1~deb12u1 Debian-Security:12/stable-security [amd64])\n";
        let c = parse_apt_simulation(out);
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0],
            PackageChange {
                package: "libssl3".into(),
                from: Some("3.0.11-1~deb12u1".into()),
                to: "3.0.13-1~deb12u1".into()
            }
        );
        assert_eq!(c[1].from, None);
        assert!(kernel_changes(&c));
        assert!(!kernel_changes(&c[..1]));
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,300}") {
            let _ = parse_apt_simulation(&s);
            let _ = serde_json::from_str::<Journal>(&s);
        }
    }
}
