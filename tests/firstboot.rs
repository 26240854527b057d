//! firstboot: profile parsing as data, the network phase building br0 inside a simulated node,
//! disk selection on real loop devices, the JSON report, idempotent re-runs.
//!
//! ZFS cannot run here (no kernel module): `zpool`/`zfs` are argument-recording stubs that print
//! the real OpenZFS texts for the states they simulate ("cannot open 'tank': no such pool").

mod common;

use common::{loopdisk::LoopDisks, nodes::Cluster, Sandbox};
use predicates::prelude::*;

use common::write_exe;

/// zpool/zfs stubs: record argv; `zpool list` answers like OpenZFS for a missing pool until
/// `zpool create` ran.
fn zfs_stubs(sb: &Sandbox) -> std::path::PathBuf {
    let bin = sb.path().join("stubs");
    std::fs::create_dir_all(&bin).unwrap();
    let log = sb.path().join("zfs-calls.log");
    let flag = sb.path().join("pool-created");
    write_exe(
        &bin.join("zpool"),
        &format!(
            "#!/bin/sh\necho \"zpool $*\" >> {log}\ncase \"$1\" in\n  list) [ -e {flag} ] && {{ echo tank; exit 0; }}; echo \"cannot open '$6': no such pool\" >&2; exit 1;;\n  create) touch {flag};;\nesac\nexit 0\n",
            log = log.display(),
            flag = flag.display()
        ),
    );
    write_exe(
        &bin.join("zfs"),
        &format!(
            "#!/bin/sh\necho \"zfs $*\" >> {log}\ncase \"$1\" in\n  list) [ -e {flag} ] && {{ echo tank; cat {ds} 2>/dev/null; }};;\n  create) for a; do last=$a; done; echo \"$last\" >> {ds};;\nesac\nexit 0\n",
            log = log.display(),
            flag = flag.display(),
            ds = sb.path().join("datasets").display()
        ),
    );
    bin
}

fn profile_config(sb: &Sandbox, profile: &str, extra: &str) {
    std::fs::write(sb.path().join("etc/debvisor-profile"), profile).unwrap();
    sb.write_config(&format!(
        "[firstboot]\nprofile_file = \"{0}/etc/debvisor-profile\"\nmode_file = \"{0}/etc/debvisor-mode\"\naddons_file = \"{0}/etc/addons.conf\"\n{extra}",
        sb.path().display()
    ));
}

#[test]
fn a_profile_is_data_never_code() {
    let sb = Sandbox::new();
    profile_config(&sb, "PROFILE=zfs\nDRY_RUN=false\n", "");
    sb.cmd()
        .args(["firstboot", "--plan"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "debvisor-profile:2: unknown key `DRY_RUN`",
        ));
    assert!(
        sb.exec_entries().is_empty(),
        "nothing may run on a bad profile"
    );
    profile_config(&sb, "PROFILE=btrfs\n", "");
    sb.cmd()
        .args(["firstboot", "--plan"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(":1: unknown profile `btrfs`"));
}

#[test]
fn disk_selection_on_loop_devices_picks_exactly_the_blank_ones() {
    let Some(mut disks) =
        LoopDisks::new("disk_selection_on_loop_devices_picks_exactly_the_blank_ones")
    else {
        return;
    };
    let blank: Vec<String> = (0..3).map(|_| disks.add()).collect();
    let signed = disks.add();
    disks.mkfs(&signed);
    let parted = disks.add();
    disks.partition(&parted);
    let mounted = disks.add();
    disks.mkfs(&mounted);
    disks.mount(&mounted);
    // The "OS disk": a disk whose filesystem is the configured root mount.
    let os = disks.add();
    disks.mkfs(&os);
    let os_root = disks.mount(&os);

    let sb = Sandbox::new();
    let stubs = zfs_stubs(&sb);
    let all: Vec<String> = disks.devices.clone();
    profile_config(
        &sb,
        "PROFILE=zfs\n",
        &format!(
            "include_loop_disks = true\ndisk_allowlist = {:?}\nroot_mount = \"{}\"\n",
            all,
            os_root.display()
        ),
    );
    let path = format!("{}:{}", stubs.display(), std::env::var("PATH").unwrap());
    // Plan: exactly the three blank disks, as raidz1.
    let out = sb
        .cmd()
        .args(["firstboot", "--phase", "storage", "--plan", "--json"])
        .env("PATH", &path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    let report: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    let cmds: Vec<String> = report["phases"][0]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let create = cmds
        .iter()
        .find(|c| c.starts_with("zpool create"))
        .expect("a zpool create in the plan");
    assert!(
        create.ends_with(&format!("raidz1 {}", blank.join(" "))),
        "{create}"
    );
    for other in [&signed, &parted, &mounted, &os] {
        assert!(
            !create.contains(other.as_str()),
            "{other} must not be used: {create}"
        );
    }
    assert!(
        !sb.path().join("zfs-calls.log").exists()
            || !std::fs::read_to_string(sb.path().join("zfs-calls.log"))
                .unwrap()
                .contains("create")
    );

    // Destructive without --yes (and without the unit's opt-in): refused before anything runs.
    sb.cmd()
        .args(["firstboot", "--phase", "storage"])
        .env("PATH", &path)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("--yes"));

    // Real run (stub zpool): creates the pool and datasets; a re-run detects it and changes nothing.
    sb.cmd()
        .args(["firstboot", "--phase", "storage", "--yes"])
        .env("PATH", &path)
        .assert()
        .success();
    let calls = std::fs::read_to_string(sb.path().join("zfs-calls.log")).unwrap();
    assert!(
        calls.contains(&format!(
            "zpool create -o ashift=12 -O compression=lz4 -O atime=off -m none tank raidz1 {}",
            blank.join(" ")
        )),
        "{calls}"
    );
    assert!(
        calls.contains("zfs create -o mountpoint=/srv/vm tank/vm"),
        "{calls}"
    );
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(sb.path().join("log/firstboot-report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report["phases"][0]["status"], "applied");
    let before = calls.lines().filter(|l| l.contains("create")).count();
    sb.cmd()
        .args(["firstboot", "--phase", "storage", "--yes", "--json"])
        .env("PATH", &path)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"status\":\"done\""));
    let after = std::fs::read_to_string(sb.path().join("zfs-calls.log")).unwrap();
    assert_eq!(
        after.lines().filter(|l| l.contains("create")).count(),
        before,
        "re-run must not create again"
    );
}

#[test]
fn usb_zfs_refuses_without_three_removable_disks_and_says_why() {
    let Some(mut disks) =
        LoopDisks::new("usb_zfs_refuses_without_three_removable_disks_and_says_why")
    else {
        return;
    };
    let a = disks.add();
    let b = disks.add();
    let sb = Sandbox::new();
    let stubs = zfs_stubs(&sb);
    profile_config(
        &sb,
        "usb-zfs\n",
        &format!(
            "include_loop_disks = true\ndisk_allowlist = {:?}\nallow_destructive = true\n",
            [&a, &b]
        ),
    );
    sb.cmd()
        .args(["firstboot", "--phase", "storage"])
        .env(
            "PATH",
            format!("{}:{}", stubs.display(), std::env::var("PATH").unwrap()),
        )
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("usb-zfs needs at least 3 blank removable disks, found 0")
                .and(predicate::str::contains(format!("{a}: not removable"))),
        );
    assert!(!std::fs::read_to_string(sb.path().join("zfs-calls.log"))
        .unwrap_or_default()
        .contains("create"));
}

/// The network phase, for real, inside a simulated node: br0 takes over eth0's address and MAC,
/// STP is on, the node still reaches its neighbour, and a re-run is a no-op.
#[test]
fn network_phase_builds_br0_inside_a_node() {
    let Some(cluster) = Cluster::start("network_phase_builds_br0_inside_a_node", 2) else {
        return;
    };
    let mac = cluster
        .sh(1, "cat /sys/class/net/eth0/address")
        .trim()
        .to_string();
    let cfg = cluster.node_dir(1).join("debvisor.toml");
    std::fs::write(&cfg, "[firstboot]\nstp_wait_secs = 20\n").unwrap();
    cluster.write_etc(1, "debvisor-profile", "PROFILE=ceph\n");
    let run = |extra: &[&str]| {
        let mut c = cluster.exec(1);
        c.arg(common::bin())
            .args(["firstboot", "--phase", "network", "--json", "--config"])
            .arg(&cfg)
            .args(extra)
            .env(
                "DEBVISOR_AUDIT_LOG",
                cluster.node_dir(1).join("audit.jsonl"),
            )
            .env("DEBVISOR_STATE_DIR", cluster.node_dir(1).join("state"))
            .env("DEBVISOR_LOCK_DIR", cluster.node_dir(1).join("lock"))
            .env("DEBVISOR_LOG_DIR", cluster.node_dir(1).join("log"));
        c.output().unwrap()
    };
    let out = run(&[]);
    common::assert_ok(&out);
    let addr: serde_json::Value =
        serde_json::from_str(&cluster.sh(1, "ip -j -d addr show")).unwrap();
    let link = |n: &str| {
        addr.as_array()
            .unwrap()
            .iter()
            .find(|l| l["ifname"] == n)
            .unwrap()
            .clone()
    };
    let br0 = link("br0");
    assert_eq!(br0["address"], mac, "br0 keeps the NIC's MAC");
    assert!(
        br0["addr_info"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["local"] == cluster.ip(1)),
        "{br0}"
    );
    assert_eq!(br0["linkinfo"]["info_data"]["stp_state"], 1);
    let eth0 = link("eth0");
    assert_eq!(eth0["master"], "br0");
    assert!(
        eth0["addr_info"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["family"] != "inet"),
        "{eth0}"
    );
    // Still connected: node1 reaches node2's sshd through br0 (host keys checked, key auth).
    let hn = cluster.sh(
        1,
        &format!(
            "ssh -F {}/ssh_config node2 hostname",
            cluster.state_path().display()
        ),
    );
    assert_eq!(hn.trim(), format!("{}-node2", cluster.prefix));
    // networkd files in the node's own /etc.
    let netfile = cluster
        .node_dir(1)
        .join("etc.upper/systemd/network/12-debvisor-br0.network");
    assert!(std::fs::read_to_string(netfile)
        .unwrap()
        .contains(&format!("Address={}/24", cluster.ip(1))));
    // Re-run: detected as done, no ip changes.
    let out = run(&[]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["phases"][0]["status"], "done", "{report}");
    assert!(report["phases"][0]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| !c.as_str().unwrap().contains("-batch")));
}

/// A dry run shows every phase — what it would do, or why it would refuse — instead of stopping
/// at the first refusal, and exits non-zero when any would refuse.
#[test]
fn dry_run_shows_every_phase_even_after_a_refusal() {
    let sb = Sandbox::new();
    // `export` as admins write it in a shell-sourced file.
    profile_config(&sb, "export PROFILE=zfs\n", "");
    let out = sb
        .cmd()
        .args(["firstboot", "--plan", "--json"])
        .env("PATH", "/usr/bin:/bin") // no zpool: the storage phase must refuse
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let report = common::json_of(&out);
    let phases: Vec<&str> = report["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(phases.len(), 9, "every phase is in the plan: {phases:?}");
    let storage = report["phases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "storage")
        .unwrap();
    assert_eq!(storage["status"], "failed", "{storage}");
    assert!(
        storage["error"].as_str().unwrap().contains("zpool"),
        "{storage}"
    );
    // Which other phases refuse depends on the machine (no global address in the Debian 13
    // tree's private network namespace: network too); storage always does here.
    let refused = err
        .lines()
        .find_map(|l| l.split_once("would refuse: "))
        .map(|(_, rest)| rest.split(" (").next().unwrap_or("").to_string())
        .unwrap_or_default();
    assert!(refused.split(", ").any(|p| p == "storage"), "{err}");
    let failed: Vec<&str> = report["phases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "failed")
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        refused.split(", ").collect::<Vec<_>>(),
        failed,
        "the message names every refusal"
    );
    assert!(sb
        .exec_entries()
        .iter()
        .all(|e| !(e["effect"] == "mutating" && e["ran"] == true)));
}

/// The tsig phase creates the node's TSIG key through the tsig-keygen applet (found at a real
/// first boot of a Debian 13 guest: it passed an option tsig-keygen does not have, and failed
/// every first boot after the storage phase). The client key goes where [firstboot]
/// tsig_key_file says (0600), the BIND include where [tsig] bind_include says; a re-run detects
/// the key and changes nothing.
#[test]
fn tsig_phase_writes_the_key_pair_once() {
    let sb = Sandbox::new();
    let client = sb.path().join("etc/bind/keys/ddns.key");
    let include = sb.path().join("etc/bind/debvisor-tsig.key");
    profile_config(
        &sb,
        "PROFILE=zfs\n",
        &format!(
            "tsig_key_file = \"{}\"\ntsig_key_name = \"node-key\"\n\n[tsig]\nbind_include = \"{}\"\n",
            client.display(),
            include.display()
        ),
    );
    let tsig_phase = || -> serde_json::Value {
        let out = sb
            .cmd()
            .args(["firstboot", "--phase", "tsig", "--yes", "--json"])
            .output()
            .unwrap();
        common::assert_ok(&out);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let report = tsig_phase();
    assert_eq!(report["phases"][0]["status"], "applied", "{report:#}");
    let key = std::fs::read_to_string(&client).unwrap();
    assert!(
        key.starts_with("key \"node-key\" {") && key.contains("algorithm hmac-sha256;"),
        "{key}"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&client).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let served = std::fs::read_to_string(&include).unwrap();
    assert_eq!(served, key, "the server and the client hold the same key");

    let report = tsig_phase();
    assert_eq!(report["phases"][0]["status"], "done", "{report:#}");
    assert_eq!(std::fs::read_to_string(&client).unwrap(), key, "kept");
}
