//! The rolling upgrade across simulated nodes (network namespaces with their own sshd, reached
//! over real ssh), with a REAL Ceph cluster for the noout / ok-to-stop / HEALTH_OK gates and the
//! real kubectl against the stand-in API server for drain/uncordon, and two real libvirtd nodes
//! with a KVM guest for the evacuate step.
//!
//! What cannot run here is simulated, and said so: apt-get on the nodes is an argument-recording
//! stub (the nodes share the host's dpkg database, which a test must never upgrade), and a
//! "reboot" is a stub that clears /run/reboot-required and writes a new boot id into the node's
//! private /run (the nodes share the host kernel). These stand-ins stay as the fast path for the
//! gates (Ceph, Kubernetes, evacuation), which the guests cannot carry; real apt-get, a postinst
//! that asks for a reboot, real reboots and boot ids, SIGKILL mid-reboot and a node that never
//! comes back are covered by tests/vm_nodes.rs on real Debian 13 guests (the vm tier).

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{k8s::StubApi, libvirt::Nodes, nodes::Cluster, Sandbox};

use common::write_exe;

struct Setup {
    sb: Sandbox,
    ceph: common::ceph::Ceph,
    stub: StubApi,
    cluster: Cluster,
}

impl Drop for Setup {
    fn drop(&mut self) {
        // ssh ControlMaster processes outlive the tool by design (ControlPersist): close them.
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(self.sb.path().join("ssh").display().to_string())
            .status();
    }
}

fn setup(test: &str) -> Option<Setup> {
    setup_with(test, None)
}

/// With `libvirt`: nodes n1 and n2 also get the URIs of two real libvirtd nodes and the
/// evacuate phase is on.
fn setup_with(test: &str, libvirt: Option<&Nodes>) -> Option<Setup> {
    let ceph = common::ceph::Ceph::start(test, 3)?;
    let stub = StubApi::start_with(test, false, "k8s-upgrade")?;
    // Three replicas (min 2) so that one OSD at a time is ok-to-stop, as on a real cluster.
    let pools = ceph.json(&["osd", "pool", "ls"]);
    for p in pools.as_array().unwrap() {
        let p = p.as_str().unwrap();
        ceph.ceph(&[
            "osd",
            "pool",
            "set",
            p,
            "size",
            "3",
            "--yes-i-really-mean-it",
        ]);
        ceph.ceph(&["osd", "pool", "set", p, "min_size", "2"]);
    }
    ceph.wait_settled(3, 240);
    let cluster = Cluster::start_with_host_link(test, 3)?;
    let sb = Sandbox::new();
    let log = sb.path().join("apt.log");
    let node2 = format!("{}-node2", cluster.prefix);
    write_exe(
        &sb.path().join("stub-apt"),
        &format!(
            "#!/bin/sh\necho \"$(hostname) $*\" >> {log}\ncase \"$1\" in\n  -s) echo 'Inst libssl3 [3.0.11-1~deb12u1] (3.0.13-1~deb12u1 Debian-Security:12/stable-security [amd64])'\n      [ \"$(hostname)\" = {node2} ] && echo 'Inst linux-image-6.1.0-18-amd64 (6.1.76-1 Debian-Security:12/stable-security [amd64])';;\n  update) ;;\n  *) sleep 0.3; [ \"$(hostname)\" = {node2} ] && touch /run/reboot-required;;\nesac\nexit 0\n",
            log = log.display()
        ),
    );
    write_exe(
        &sb.path().join("stub-reboot"),
        &format!("#!/bin/sh\necho \"$(hostname) reboot\" >> {}\nrm -f /run/reboot-required\ncat /proc/sys/kernel/random/uuid > /run/dv-boot-id\n", log.display()),
    );
    let state = cluster.state_path().display().to_string();
    let mut cfg = format!(
        "[ceph]\nconf = \"{}\"\nkeyring = \"{}\"\n\n[k8s]\nkubeconfig = \"{}\"\n\n[upgrade]\napt_get = \"{}\"\nreboot_command = [\"{}\"]\nboot_id_file = \"/run/dv-boot-id\"\nhealth_poll_secs = 1\nevacuate = false\nreboot_timeout_secs = 30\n",
        ceph.conf().display(),
        ceph.keyring().display(),
        stub.kubeconfig().display(),
        sb.path().join("stub-apt").display(),
        sb.path().join("stub-reboot").display()
    );
    if let Some(l) = libvirt {
        cfg = cfg.replace("evacuate = false", "evacuate = true");
        // The libvirt "nodes" share this machine's files: the image directory is shared storage.
        cfg.push_str(&format!(
            "\n[migrate]\nshared_paths = [\"{}\"]\npoll_interval = \"300ms\"\n",
            l.base.display()
        ));
    }
    for i in 1..=3 {
        cluster.sh(i, "cat /proc/sys/kernel/random/uuid > /run/dv-boot-id");
        cfg.push_str(&format!(
            "\n[[cluster.nodes]]\nname = \"n{i}\"\naddress = \"{}\"\nssh_user = \"root\"\nidentity_file = \"{state}/client/id_ed25519\"\nknown_hosts = \"{state}/known_hosts\"\nk8s_name = \"hv{i}\"\nosds = [{}]\n",
            cluster.ip(i),
            i - 1
        ));
        if let Some(l) = libvirt.filter(|_| i <= 2) {
            let uri = if i == 1 { l.uri(1) } else { l.tcp_uri(2) };
            cfg.push_str(&format!("libvirt_uri = \"{uri}\"\n"));
        }
    }
    sb.write_config(&cfg);
    Some(Setup {
        sb,
        ceph,
        stub,
        cluster,
    })
}

fn journal(sb: &Sandbox) -> serde_json::Value {
    std::fs::read(sb.path().join("state/upgrade/journal.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(serde_json::Value::Null)
}

fn done_count(j: &serde_json::Value) -> usize {
    j["progress"]
        .as_object()
        .map(|o| {
            o.values()
                .map(|p| p["done"].as_array().map(|a| a.len()).unwrap_or(0))
                .sum()
        })
        .unwrap_or(0)
}

#[test]
fn rolling_upgrade_survives_kills_and_leaves_no_flag_set() {
    let Some(s) = setup("rolling_upgrade_survives_kills_and_leaves_no_flag_set") else {
        return;
    };
    let sb = &s.sb;

    // --check --diff: gates + simulation on every node over ssh; changes nothing.
    let out = sb
        .cmd()
        .args(["upgrade", "--check", "--diff"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("n2: 2 package(s) to upgrade, kernel changes (reboot)"),
        "{text}"
    );
    assert!(
        text.contains("libssl3 3.0.11-1~deb12u1 -> 3.0.13-1~deb12u1"),
        "{text}"
    );
    let apt = std::fs::read_to_string(sb.path().join("apt.log")).unwrap();
    // --check refreshes the package lists, then only simulates: no package changes.
    assert!(
        apt.lines()
            .all(|l| l.contains(" -s ") || l.ends_with(" update")),
        "--check ran more than a list refresh and a simulation: {apt}"
    );
    for i in 1..=3 {
        let node = format!("{}-node{i}", s.cluster.prefix);
        let mine: Vec<&str> = apt
            .lines()
            .filter(|l| l.starts_with(&format!("{node} ")))
            .collect();
        assert_eq!(
            mine.first().map(|l| l.ends_with(" update")),
            Some(true),
            "{node}: refresh first: {apt}"
        );
        assert_eq!(mine.len(), 2, "{node}: {apt}");
    }
    assert!(!sb.path().join("state/upgrade/journal.json").exists());

    // --dry-run: the whole rolling plan from real state (gates run), nothing changes.
    let out = sb.cmd().args(["upgrade", "--dry-run"]).output().unwrap();
    let plan = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{plan}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        plan.contains("osd add-noout osd.0") && plan.contains("osd rm-noout osd.2"),
        "{plan}"
    );
    assert!(
        plan.contains("drain hv2") && plan.contains("uncordon hv3"),
        "{plan}"
    );
    assert!(plan.contains("dist-upgrade"), "{plan}");
    let apt_after = std::fs::read_to_string(sb.path().join("apt.log")).unwrap();
    let by_dry_run = apt_after.strip_prefix(apt.as_str()).unwrap_or(&apt_after);
    assert!(
        by_dry_run.lines().all(|l| l.contains(" -s ")),
        "a dry run ran apt for real (beyond --check's lines): {by_dry_run}"
    );
    assert!(!sb.path().join("state/upgrade/journal.json").exists());
    assert_eq!(s.ceph.json(&["health"])["status"], "HEALTH_OK");

    // Kill the upgrade with SIGKILL at growing points (after 1, 3, 5, … 25 of the 27 phases
    // are recorded: every one of a node's 9 phases is the interrupted one at least once),
    // re-running each time: it must resume, never redo a finished phase's change blindly, and
    // end with every flag cleared.
    let total = 3 * 9;
    let mut kills = 0;
    let mut killed_in_phase = std::collections::BTreeSet::new();
    for target in (1..total).step_by(2) {
        let mut child = Command::new(common::bin())
            .arg("upgrade")
            .envs(sandbox_env(sb))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if done_count(&journal(sb)) >= target {
                let _ = child.kill();
                let _ = child.wait();
                kills += 1;
                killed_in_phase.insert(done_count(&journal(sb)) % 9);
                break;
            }
            if let Ok(Some(st)) = child.try_wait() {
                assert!(
                    st.success() || done_count(&journal(sb)) < total,
                    "upgrade failed: {st}"
                );
                break;
            }
            assert!(
                Instant::now() < deadline,
                "upgrade made no progress towards {target} phases"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // While interrupted, the journal names exactly what is still set.
        let j = journal(sb);
        let noout: Vec<u64> = j["noout"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(_, v)| v.as_array().unwrap().iter().map(|x| x.as_u64().unwrap()))
            .collect();
        let status = sb.cmd().args(["upgrade", "--status"]).output().unwrap();
        let st = String::from_utf8_lossy(&status.stdout);
        for id in &noout {
            assert!(st.contains(&format!("ceph osd rm-noout osd.{id}")), "{st}");
        }
    }
    assert!(kills >= 10, "only {kills} kills landed");
    assert!(
        killed_in_phase.len() >= 7,
        "interrupted in phases {killed_in_phase:?} only"
    );

    // The final run resumes and finishes.
    let out = sb.cmd().args(["upgrade"]).output().unwrap();
    common::assert_ok(&out);
    let j = journal(sb);
    assert!(j["finished"].is_string(), "{j}");
    assert_eq!(j["noout"], serde_json::json!({}));
    assert_eq!(j["cordoned"], serde_json::json!([]));
    let apt_log = std::fs::read_to_string(sb.path().join("apt.log")).unwrap();
    assert_eq!(j["progress"]["n2"]["rebooted"], true, "{j:#}\n{apt_log}");
    assert_eq!(j["progress"]["n1"]["rebooted"], false);
    // No flag left on the real cluster or the API server.
    let health = s.ceph.json(&["health"]);
    assert_eq!(health["status"], "HEALTH_OK", "{health}");
    let dump = s.ceph.json(&["osd", "dump"]);
    for o in dump["osds"].as_array().unwrap() {
        assert!(!o["state"].to_string().contains("noout"), "{o}");
    }
    for i in 1..=3 {
        let n = s.stub.get(&format!("/api/v1/nodes/hv{i}"));
        assert_ne!(n["spec"]["unschedulable"], true, "hv{i} left cordoned: {n}");
    }
    // Every node really upgraded (the non-simulating apt call ran on each).
    let apt = std::fs::read_to_string(sb.path().join("apt.log")).unwrap();
    for i in 1..=3 {
        let node = format!("{}-node{i}", s.cluster.prefix);
        assert!(
            apt.lines()
                .any(|l| l.starts_with(&node) && l.contains("dist-upgrade") && !l.contains(" -s ")),
            "{node} not upgraded:\n{apt}"
        );
    }
    assert!(apt.contains(&format!("{}-node2 reboot", s.cluster.prefix)));
    assert!(!apt.contains(&format!("{}-node1 reboot", s.cluster.prefix)));
}

#[test]
fn a_failed_gate_stops_before_any_flag_and_says_so() {
    let Some(s) = setup("a_failed_gate_stops_before_any_flag_and_says_so") else {
        return;
    };
    // Make the cluster unhealthy: noout set by someone else → HEALTH_WARN.
    s.ceph.ceph(&["osd", "set", "noout"]);
    s.ceph.wait_status("HEALTH_WARN", 60, |st| {
        st["health"]["status"] == "HEALTH_WARN"
    });
    let out = s.sb.cmd().args(["upgrade"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("n1: phase precheck failed") && err.contains("HEALTH_WARN"),
        "{err}"
    );
    assert!(err.contains("no maintenance flag is set"), "{err}");
    // The operator's own cluster-wide flag was not touched by the failure path.
    let dump = s.ceph.json(&["osd", "dump"]);
    assert!(
        dump["flags"].as_str().unwrap_or("").contains("noout"),
        "{dump}"
    );
    s.ceph.ceph(&["osd", "unset", "noout"]);
}

/// The evacuate phase with two REAL libvirtd nodes: upgrading n1 first live-migrates its
/// running guest to n2 (`migrate --evacuate`, run by the upgrade), before n1's packages.
#[test]
fn upgrade_evacuates_running_vms_before_the_packages() {
    let t = "upgrade_evacuates_running_vms_before_the_packages";
    let Some(nodes) = Nodes::start(t, 2, None) else {
        return;
    };
    let Some(s) = setup_with(t, Some(&nodes)) else {
        return;
    };
    nodes.define_guest(1, "mig1", "up1");
    nodes.start_guest(1, "up1");
    let out =
        s.sb.cmd()
            .args(["upgrade", "--node", "n1"])
            .output()
            .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(nodes.domstate(2, "up1").as_deref(), Some("running"));
    assert_ne!(nodes.domstate(1, "up1").as_deref(), Some("running"));
    // Order, from the execution log: the guest moved, then n1's packages were upgraded.
    let ran: Vec<String> =
        s.sb.exec_entries()
            .iter()
            .filter(|e| e["ran"] == true)
            .map(|e| e["argv"].to_string())
            .collect();
    let migrated = ran
        .iter()
        .position(|a| a.contains("\"migrate\"") && a.contains("up1"))
        .unwrap_or_else(|| panic!("no virsh migrate of up1 in {ran:#?}"));
    let upgraded = ran
        .iter()
        .position(|a| a.contains("dist-upgrade") && !a.contains("\"-s\""))
        .unwrap_or_else(|| panic!("no dist-upgrade in {ran:#?}"));
    assert!(migrated < upgraded, "{ran:#?}");
    let j = journal(&s.sb);
    assert!(j["finished"].is_string(), "{j}");
    assert_eq!(j["noout"], serde_json::json!({}));
    assert_eq!(j["cordoned"], serde_json::json!([]));
}

fn sandbox_env(sb: &Sandbox) -> Vec<(String, String)> {
    let p = |x: &str| sb.path().join(x).display().to_string();
    vec![
        (
            "DEBVISOR_CONFIG".into(),
            sb.config_path().display().to_string(),
        ),
        (
            "DEBVISOR_AUDIT_LOG".into(),
            sb.audit_log().display().to_string(),
        ),
        ("DEBVISOR_STATE_DIR".into(), p("state")),
        ("DEBVISOR_LOCK_DIR".into(), p("lock")),
        ("DEBVISOR_LOG_DIR".into(), p("log")),
        ("DEBVISOR_SSH_CONTROL_DIR".into(), p("ssh")),
    ]
}
