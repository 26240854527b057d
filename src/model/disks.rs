//! Which disks firstboot may use for storage. Pure logic over `lsblk -J`, `wipefs --no-act --json`
//! and the root filesystem's source: a disk is usable only if it is not the OS disk (whatever its
//! naming: sdX, vdX, nvmeXnY, mmcblkX — found through the device tree, not by string surgery), has
//! no partitions, no holders, nothing mounted on it or below it, and no signature of any kind.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Lsblk {
    pub blockdevices: Vec<BlockDevice>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct BlockDevice {
    pub name: String,
    pub kname: Option<String>,
    pub path: Option<String>,
    #[serde(deserialize_with = "num_or_str")]
    pub size: u64,
    #[serde(rename = "type")]
    pub kind: String,
    pub mountpoint: Option<String>,
    /// Older util-linux prints "0"/"1" strings, newer prints booleans.
    #[serde(deserialize_with = "bool_or_str")]
    pub rm: bool,
    #[serde(deserialize_with = "bool_or_str")]
    pub rota: bool,
    pub tran: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub children: Vec<BlockDevice>,
}

impl BlockDevice {
    pub fn path(&self) -> String {
        self.path
            .clone()
            .unwrap_or_else(|| format!("/dev/{}", self.name))
    }
    fn kname(&self) -> &str {
        self.kname.as_deref().unwrap_or(&self.name)
    }
    fn any_mounted(&self) -> Option<String> {
        self.mountpoint
            .clone()
            .or_else(|| self.children.iter().find_map(|c| c.any_mounted()))
    }
    fn contains_path(&self, p: &str) -> bool {
        self.path() == p || self.children.iter().any(|c| c.contains_path(p))
    }
}

fn bool_or_str<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Bool(b) => b,
        serde_json::Value::String(s) => s == "1" || s.eq_ignore_ascii_case("true"),
        serde_json::Value::Number(n) => n.as_u64() == Some(1),
        _ => false,
    })
}

fn num_or_str<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_u64().unwrap_or(0),
        serde_json::Value::String(s) => s.parse().unwrap_or(0),
        _ => 0,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Wipefs {
    pub signatures: Vec<Signature>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct Signature {
    /// Kernel name without /dev (as wipefs prints it).
    pub device: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// What the selection looks at.
#[derive(Debug, Default)]
pub struct DiskFacts {
    pub lsblk: Lsblk,
    pub signatures: Vec<Signature>,
    /// Source of the root filesystem (`findmnt -n -o SOURCE /`), e.g. /dev/nvme0n1p2 or overlay.
    pub root_source: Option<String>,
    /// kname → holders (from /sys/block/KNAME/holders).
    pub holders: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct Policy {
    /// Consider loop devices (tests on loop disks; never on a real node by default).
    pub include_loop: bool,
    /// Only these device paths are candidates, when set.
    pub allow: Option<Vec<String>>,
    pub min_size: u64,
    pub require_removable: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            include_loop: false,
            allow: None,
            min_size: 1 << 30,
            require_removable: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Verdict {
    pub path: String,
    pub size: u64,
    pub removable: bool,
    pub rotational: bool,
    pub usable: bool,
    /// Why it is excluded, or "blank" when usable.
    pub reason: String,
}

/// Judges every top-level disk. Usable disks are the ones firstboot may wipe.
pub fn judge(facts: &DiskFacts, policy: &Policy) -> Vec<Verdict> {
    let signed: BTreeSet<&str> = facts
        .signatures
        .iter()
        .map(|s| s.device.trim_start_matches("/dev/"))
        .collect();
    let sig_of = |kname: &str| {
        facts
            .signatures
            .iter()
            .filter(|s| s.device.trim_start_matches("/dev/") == kname)
            .map(|s| s.kind.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
            .join(",")
    };
    let root = facts
        .root_source
        .as_deref()
        .filter(|s| s.starts_with("/dev/"));
    facts
        .lsblk
        .blockdevices
        .iter()
        .map(|d| {
            let reason = if let Some(r) = root.filter(|r| d.contains_path(r)) {
                Some(format!("OS disk (root filesystem on {r})"))
            } else if !(d.kind == "disk" || (policy.include_loop && d.kind == "loop")) {
                Some(format!("type {} is not a disk", d.kind))
            } else if policy
                .allow
                .as_ref()
                .is_some_and(|a| !a.contains(&d.path()))
            {
                Some("not in the configured allow-list".into())
            } else if let Some(m) = d.any_mounted() {
                Some(format!("mounted ({m})"))
            } else if !d.children.is_empty() {
                Some(format!(
                    "has partitions or holders ({})",
                    d.children
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                ))
            } else if facts.holders.get(d.kname()).is_some_and(|h| !h.is_empty()) {
                Some(format!("in use by {}", facts.holders[d.kname()].join(",")))
            } else if signed.contains(d.kname()) {
                Some(format!("has a signature ({})", sig_of(d.kname())))
            } else if d.size < policy.min_size {
                Some(format!("too small ({} bytes)", d.size))
            } else if policy.require_removable && !d.rm {
                Some("not removable".into())
            } else {
                None
            };
            Verdict {
                path: d.path(),
                size: d.size,
                removable: d.rm,
                rotational: d.rota,
                usable: reason.is_none(),
                reason: reason.unwrap_or_else(|| "blank".into()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/disks/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn loop_facts(root: Option<&str>) -> DiskFacts {
        DiskFacts {
            lsblk: serde_json::from_str(&fixture("lsblk.json")).unwrap(),
            signatures: serde_json::from_str::<Wipefs>(&fixture("wipefs.json"))
                .unwrap()
                .signatures,
            root_source: root.map(str::to_string),
            holders: BTreeMap::new(),
        }
    }

    #[test]
    fn recorded_loop_disks_pick_exactly_the_blank_ones() {
        let policy = Policy {
            include_loop: true,
            ..Policy::default()
        };
        let v = judge(&loop_facts(Some("/dev/vda")), &policy);
        let usable: Vec<&str> = v
            .iter()
            .filter(|d| d.usable)
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(usable, ["/dev/loop0", "/dev/loop1"]);
        let reason = |p: &str| v.iter().find(|d| d.path == p).unwrap().reason.clone();
        assert_eq!(reason("/dev/loop2"), "has a signature (ext4)");
        assert!(
            reason("/dev/loop3").starts_with("has partitions"),
            "{}",
            reason("/dev/loop3")
        );
        assert_eq!(reason("/dev/loop4"), "mounted (/tmp/disks/m)");
        // Without include_loop nothing qualifies.
        assert!(judge(&loop_facts(None), &Policy::default())
            .iter()
            .all(|d| !d.usable));
    }

    #[test]
    fn the_os_disk_is_found_through_the_tree_for_any_naming() {
        // lsblk -J shape for an NVMe and an eMMC root (as printed by util-linux 2.38).
        for (disk, part) in [
            ("nvme0n1", "nvme0n1p2"),
            ("mmcblk0", "mmcblk0p2"),
            ("sda", "sda1"),
        ] {
            let json = format!(
                r#"{{"blockdevices":[{{"name":"{disk}","path":"/dev/{disk}","size":512110190592,"type":"disk","mountpoint":null,"rm":false,"rota":false,
                "children":[{{"name":"{part}","path":"/dev/{part}","size":511000000000,"type":"part","mountpoint":null,"rm":false,"rota":false}}]}},
                {{"name":"sdz","path":"/dev/sdz","size":4000787030016,"type":"disk","mountpoint":null,"rm":"0","rota":"1"}}]}}"#
            );
            let facts = DiskFacts {
                lsblk: serde_json::from_str(&json).unwrap(),
                root_source: Some(format!("/dev/{part}")),
                ..Default::default()
            };
            let v = judge(&facts, &Policy::default());
            assert_eq!(
                v[0].reason,
                format!("OS disk (root filesystem on /dev/{part})")
            );
            assert!(v[1].usable && v[1].rotational, "{v:?}");
        }
    }

    #[test]
    fn the_host_os_disk_is_protected() {
        let facts = DiskFacts {
            lsblk: serde_json::from_str(&fixture("lsblk-host.json")).unwrap(),
            root_source: Some("/dev/vda".into()),
            ..Default::default()
        };
        assert!(judge(&facts, &Policy::default()).iter().all(|d| !d.usable));
    }

    #[test]
    fn holders_and_removable_rules() {
        let mut facts = loop_facts(None);
        facts.holders.insert("loop0".into(), vec!["dm-0".into()]);
        let policy = Policy {
            include_loop: true,
            require_removable: true,
            ..Policy::default()
        };
        let v = judge(&facts, &policy);
        assert_eq!(v[0].reason, "in use by dm-0");
        assert_eq!(v[1].reason, "not removable");
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,300}") {
            let _ = serde_json::from_str::<Lsblk>(&s);
            let _ = serde_json::from_str::<Wipefs>(&s);
        }
    }
}
