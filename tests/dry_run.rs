//! The dry-run guarantee, proven with spies: every external tool on PATH is replaced by a spy
//! that records its argv. Each mutating applet path runs under --dry-run; afterwards
//!   1. every spy invocation must be a command the execution layer classed as read-only,
//!   2. the execution layer must report no mutating command as run,
//!   3. the sandbox tree (everything the applet could write) must be unchanged.
//!
//! Spies pass read-only calls through to the real tool when it exists, so plans are computed
//! from real state (e.g. the libvirt test driver), exactly as in production.
//!
//! ADD EVERY NEW MUTATING APPLET PATH TO `CASES`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::Sandbox;

/// Every external program the toolbox may call.
const TOOLS: &[&str] = &[
    "virsh",
    "qemu-img",
    "qemu-nbd",
    "ceph",
    "rbd",
    "rados",
    "zpool",
    "zfs",
    "nsupdate",
    "dig",
    "delv",
    "rndc",
    "kubectl",
    "kubeadm",
    "etcdctl",
    "nft",
    "ip",
    "bridge",
    "systemctl",
    "systemd-run",
    "xorriso",
    "websockify",
    "ssh",
    "apt-get",
    "dpkg",
    "blkid",
    "lsblk",
    "wipefs",
    "findmnt",
    "mkfs.vfat",
    "mcopy",
    "mmd",
    "dnsmasq",
    "ansible-playbook",
    "ceph-volume",
    "named-checkconf",
    "cloud-init",
    "isoinfo",
    "sgdisk",
    "useradd",
    "groupadd",
    "timedatectl",
    "chronyc",
    "reboot",
    "shutdown",
    "kill",
    "pkill",
    "touch",
    "rm",
    "mv",
    "cp",
];

/// (name, argv after `debvisor`, extra config). Each must reach its mutating step.
fn cases(sb: &Sandbox) -> Vec<(&'static str, Vec<String>, String)> {
    let links = sb.path().join("links");
    std::fs::create_dir_all(&links).unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        (
            "install-links",
            vec![
                "install-links".into(),
                "--legacy".into(),
                links.display().to_string(),
            ],
            String::new(),
        ),
        (
            "generate man",
            vec![
                "generate".into(),
                "man".into(),
                sb.path().join("man").display().to_string(),
            ],
            String::new(),
        ),
        (
            "vm-convert",
            {
                let src = sb.path().join("disk.raw");
                std::fs::write(&src, vec![0u8; 1 << 20]).unwrap();
                vec![
                    "vm-convert".into(),
                    "--in".into(),
                    src.display().to_string(),
                    "--out".into(),
                    sb.path().join("disk.qcow2").display().to_string(),
                    "--verify".into(),
                ]
            },
            String::new(),
        ),
        (
            "cloudinit-iso",
            vec![
                "cloudinit-iso".into(),
                "--name".into(),
                "vm1".into(),
                "--out".into(),
                sb.path().join("seed.iso").display().to_string(),
            ],
            String::new(),
        ),
        (
            "cloudinit-iso vfat",
            vec![
                "cloudinit-iso".into(),
                "--name".into(),
                "vm1".into(),
                "--format".into(),
                "vfat".into(),
                "--out".into(),
                sb.path().join("seed.img").display().to_string(),
            ],
            String::new(),
        ),
        (
            "health-check",
            s(&["health-check", "-c", "test:///default"]),
            String::new(),
        ),
    ]
}

fn make_spies(dir: &Path, log: &Path, real_path: &str) {
    std::fs::create_dir_all(dir).unwrap();
    for t in TOOLS {
        let script = format!(
            "#!/bin/sh\nprintf '%s\\n' \"$(basename \"$0\") $*\" >> '{log}'\n\
             PATH='{real_path}'\nreal=$(command -v '{t}' 2>/dev/null) || exit 0\nexec \"$real\" \"$@\"\n",
            log = log.display()
        );
        let p = dir.join(t);
        std::fs::write(&p, script).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn snapshot(dir: &Path, skip: &[PathBuf]) -> BTreeMap<PathBuf, (u64, u128)> {
    let mut m = BTreeMap::new();
    fn walk(d: &Path, skip: &[PathBuf], m: &mut BTreeMap<PathBuf, (u64, u128)>) {
        let Ok(rd) = std::fs::read_dir(d) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if skip.iter().any(|s| p.starts_with(s)) {
                continue;
            }
            let md = std::fs::symlink_metadata(&p).unwrap();
            let mtime = md
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            m.insert(p.clone(), (md.len(), mtime));
            if md.is_dir() {
                walk(&p, skip, m);
            }
        }
    }
    walk(dir, skip, &mut m);
    m
}

#[test]
fn nothing_mutating_runs_under_dry_run() {
    let sb = Sandbox::new();
    let spy_dir = sb.path().join("spies");
    let spy_log = sb.path().join("spy.log");
    let real_path = std::env::var("PATH").unwrap_or_default();
    let real_path = format!("{real_path}:/usr/sbin:/sbin");
    make_spies(&spy_dir, &spy_log, &real_path);

    for (name, argv, config) in cases(&sb) {
        sb.write_config(&config);
        let _ = std::fs::remove_file(sb.exec_log());
        let _ = std::fs::remove_file(&spy_log);
        let skip = [spy_dir.clone(), spy_log.clone(), sb.exec_log()];
        let before = snapshot(sb.path(), &skip);
        let out = sb
            .cmd()
            .args(&argv)
            .arg("--dry-run")
            .arg("--yes")
            .env("PATH", format!("{}:/usr/bin:/bin", spy_dir.display()))
            .output()
            .unwrap();
        let after = snapshot(sb.path(), &skip);
        assert_eq!(
            before, after,
            "{name}: --dry-run changed files in the sandbox"
        );
        assert!(
            out.status.code().is_some_and(|c| c < 100),
            "{name}: crashed: {}",
            String::from_utf8_lossy(&out.stderr)
        );

        let entries = sb.exec_entries();
        for e in &entries {
            assert!(
                !(e["effect"] == "mutating" && e["ran"] == true),
                "{name}: ran a mutating command: {e}"
            );
        }
        let read_only_ran: Vec<String> = entries
            .iter()
            .filter(|e| e["ran"] == true)
            .map(|e| {
                e["argv"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let spied = std::fs::read_to_string(&spy_log).unwrap_or_default();
        for call in spied.lines() {
            assert!(
                read_only_ran.iter().any(|r| r == call || call.starts_with(r.as_str())),
                "{name}: spy saw `{call}`, which the execution layer did not run as read-only\n(read-only runs: {read_only_ran:?})"
            );
        }
        let planned = entries.iter().filter(|e| e["ran"] == false).count();
        let stdout = String::from_utf8_lossy(&out.stdout);
        if name != "health-check" {
            assert!(
                stdout.contains("would "),
                "{name}: no plan printed:\n{stdout}"
            );
        } else {
            assert_eq!(planned, 0);
        }
    }
}
