//! `maintenance enable|disable|status` proven live: two REAL libvirtd nodes with a KVM guest
//! (it really moves and comes back), a REAL Ceph cluster (per-OSD noout, HEALTH_OK), a REAL
//! etcd (the cluster-wide mark), and the real kubectl against the stand-in Kubernetes API
//! (scripts/k8s-stub-api: no API server can run here) for cordon/drain/uncordon.
//! Node n1 owns osd.0 and osd.2, n2 owns osd.1 (`osds = […]` in [cluster]: the test cluster's
//! OSDs all sit under one CRUSH host).

mod common;

use std::time::{Duration, Instant};

use common::{etcd::Etcd, k8s::StubApi, libvirt::Nodes, Sandbox};

struct Setup {
    sb: Sandbox,
    ceph: common::ceph::Ceph,
    stub: StubApi,
    etcd: Etcd,
    nodes: Nodes,
}

fn setup(test: &str) -> Option<Setup> {
    let nodes = Nodes::start(test, 2, None)?;
    let ceph = common::ceph::Ceph::start(test, 3)?;
    let stub = StubApi::start_with(test, false, "k8s-upgrade")?;
    let etcd = Etcd::start(test)?;
    let sb = Sandbox::new();
    sb.write_config(&format!(
        "[ceph]\nconf = \"{}\"\nkeyring = \"{}\"\n\n[k8s]\nkubeconfig = \"{}\"\n\n\
         [etcd]\nendpoints = [\"{}\"]\n\n\
         [maintenance]\nhealth_poll_secs = 1\nhealth_timeout_secs = 240\ndrain_timeout_secs = 30\n\n\
         [migrate]\nshared_paths = [\"{}\"]\npoll_interval = \"300ms\"\n\n\
         [[cluster.nodes]]\nname = \"n1\"\nlibvirt_uri = \"{}\"\nk8s_name = \"hv1\"\nosds = [0, 2]\n\n\
         [[cluster.nodes]]\nname = \"n2\"\nlibvirt_uri = \"{}\"\nk8s_name = \"hv2\"\nosds = [1]\n",
        ceph.conf().display(),
        ceph.keyring().display(),
        stub.kubeconfig().display(),
        etcd.endpoint(),
        nodes.base.display(),
        nodes.uri(1),
        nodes.tcp_uri(2),
    ));
    nodes.define_guest(1, "mig1", "mt1");
    nodes.start_guest(1, "mt1");
    Some(Setup {
        sb,
        ceph,
        stub,
        etcd,
        nodes,
    })
}

/// OSD ids with a per-OSD noout flag, and whether the cluster-wide flag is set.
fn noout(ceph: &common::ceph::Ceph) -> (Vec<u64>, bool) {
    let dump = ceph.json(&["osd", "dump"]);
    let ids = dump["osds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["state"].to_string().contains("\"noout\""))
        .map(|o| o["osd"].as_u64().unwrap())
        .collect();
    let global = dump["flags"]
        .as_str()
        .unwrap_or("")
        .split(',')
        .any(|f| f == "noout");
    (ids, global)
}

fn cordoned(stub: &StubApi, n: &str) -> bool {
    stub.get(&format!("/api/v1/nodes/{n}"))["spec"]["unschedulable"] == true
}

fn mark(etcd: &Etcd) -> Option<serde_json::Value> {
    etcd.get("/debvisor/nodes/n1/maintenance")
        .map(|v| serde_json::from_str(&v).unwrap())
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn enable_moves_vms_flags_only_its_osds_fences_it_off_and_disable_restores() {
    let t = "enable_moves_vms_flags_only_its_osds_fences_it_off_and_disable_restores";
    let Some(s) = setup(t) else { return };
    let sb = &s.sb;
    // An operator's own flag on one of n1's OSDs: never recorded as ours, never cleared.
    s.ceph.ceph(&["osd", "add-noout", "osd.2"]);

    // --dry-run: the whole plan from real state; nothing changes.
    let out = sb
        .cmd()
        .args(["maintenance", "enable", "n1", "--dry-run"])
        .output()
        .unwrap();
    let plan = text(&out);
    assert!(out.status.success(), "{plan}");
    assert!(plan.contains("osd add-noout osd.0"), "{plan}");
    assert!(!plan.contains("osd.2"), "operator's flag planned: {plan}");
    assert!(plan.contains("drain hv1"), "{plan}");
    assert!(
        plan.contains("migrate --live") && plan.contains("mt1"),
        "{plan}"
    );
    assert!(plan.contains("etcdctl") && plan.contains("put"), "{plan}");
    assert_eq!(s.nodes.domstate(1, "mt1").as_deref(), Some("running"));
    assert_eq!(noout(&s.ceph), (vec![2], false));
    assert!(!cordoned(&s.stub, "hv1"));
    assert_eq!(mark(&s.etcd), None);

    // enable: VMs to n2, noout on osd.0 (and osd.2 stays the operator's), cordoned, marked.
    let out = sb
        .cmd()
        .args([
            "maintenance",
            "enable",
            "n1",
            "--reason",
            "replace DIMM",
            "--json",
        ])
        .output()
        .unwrap();
    common::assert_ok(&out);
    let r = common::json_of(&out);
    assert_eq!(r["changed"], true, "{r}");
    assert_eq!(r["state"], "active");
    assert_eq!(r["noout_osds"], serde_json::json!([0]), "{r}");
    assert_eq!(
        r["moved"],
        serde_json::json!([{"vm": "mt1", "target": "n2"}])
    );
    assert_eq!(r["cordoned"], true);
    assert_eq!(s.nodes.domstate(2, "mt1").as_deref(), Some("running"));
    assert_eq!(s.nodes.domstate(1, "mt1"), None, "definition moved with it");
    assert_eq!(
        noout(&s.ceph),
        (vec![0, 2], false),
        "n2's osd.1 / the global flag touched"
    );
    assert!(cordoned(&s.stub, "hv1") && !cordoned(&s.stub, "hv2"));
    let m = mark(&s.etcd).expect("etcd mark");
    assert_eq!(m["phase"], "active");
    assert_eq!(m["reason"], "replace DIMM");
    assert!(m["by"].as_str().unwrap().contains('@'), "{m}");
    assert!(m["since"].as_str().unwrap().contains('T'), "{m}");

    // Again: nothing to do.
    let r = sb.json_ok(&["maintenance", "enable", "n1", "--json"]);
    assert_eq!(r["changed"], false, "{r}");

    // status (human and JSON).
    let st = sb.json_ok(&["maintenance", "status", "--json"]);
    let n1 = &st["nodes"][0];
    assert_eq!(
        (n1["node"].as_str(), n1["state"].as_str()),
        (Some("n1"), Some("active"))
    );
    assert_eq!(n1["reason"], "replace DIMM");
    assert_eq!(n1["noout_osds"], serde_json::json!([0]));
    assert_eq!(st["nodes"][1]["state"], "none");
    let human = String::from_utf8_lossy(&sb.ok(&["maintenance", "status"]).stdout).into_owned();
    assert!(human.lines().next().unwrap().starts_with("NODE"), "{human}");
    assert!(human.contains("replace DIMM"), "{human}");

    // Fenced off: a migrate onto n1, a start on n1 and an upgrade of n1 are refused.
    let out = sb
        .cmd()
        .args(["migrate", "-c", &s.nodes.tcp_uri(2), "mt1", "n1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("n1 is in maintenance") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert_eq!(s.nodes.domstate(2, "mt1").as_deref(), Some("running"));
    s.nodes.define_guest(1, "tiny1", "off1");
    let out = sb
        .cmd()
        .args(["hvctl", "-c", &s.nodes.uri(1), "start", "off1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert_eq!(s.nodes.domstate(1, "off1").as_deref(), Some("shut off"));
    let out = sb.cmd().args(["upgrade", "--node", "n1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        text(&out).contains("upgrading n1: n1 is in maintenance"),
        "{}",
        text(&out)
    );
    // health-check names it (this machine is not n1: an ok check naming n1 and why).
    let hc = sb.json_ok(&["health-check", "--only", "maintenance", "--json"]);
    let c = &hc["checks"][0];
    assert_eq!(c["name"], "maintenance");
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("n1 in maintenance (active)"),
        "{c}"
    );
    assert!(
        c["message"].as_str().unwrap().contains("replace DIMM"),
        "{c}"
    );

    // disable --restore-vms, with the operator's osd.2 flag still set: everything this tool
    // did is undone, osd.2 is left alone, so Ceph never gets to HEALTH_OK → the bounded wait
    // fails (124) and the node stays marked "leaving".
    let mut cfg = std::fs::read_to_string(sb.config_path()).unwrap();
    cfg = cfg.replace("health_timeout_secs = 240", "health_timeout_secs = 8");
    sb.write_config(&cfg);
    let out = sb
        .cmd()
        .args(["maintenance", "disable", "n1", "--restore-vms"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(124), "{}", text(&out));
    assert!(text(&out).contains("HEALTH_OK"), "{}", text(&out));
    assert_eq!(
        noout(&s.ceph),
        (vec![2], false),
        "cleared a flag it did not set"
    );
    assert!(!cordoned(&s.stub, "hv1"));
    assert_eq!(s.nodes.domstate(1, "mt1").as_deref(), Some("running"));
    assert_eq!(s.nodes.domstate(2, "mt1"), None);
    let st = sb.json_ok(&["maintenance", "status", "--json"]);
    assert_eq!(st["nodes"][0]["state"], "leaving", "{st}");
    assert!(
        st["nodes"][0]["pending"]
            .to_string()
            .contains("disable: health"),
        "{st}"
    );
    // The operator clears their flag; the re-run resumes at the health wait and finishes.
    s.ceph.ceph(&["osd", "rm-noout", "osd.2"]);
    let r = sb.json_ok(&["maintenance", "disable", "n1", "--json"]);
    assert_eq!(r["changed"], true, "{r}");
    assert_eq!(r["resumed"], true, "{r}");
    assert_eq!(s.ceph.json(&["health"])["status"], "HEALTH_OK");
    assert_eq!(mark(&s.etcd), None);
    let st = sb.json_ok(&["maintenance", "status", "--json"]);
    assert_eq!(st["nodes"][0]["state"], "none", "{st}");
    let r = sb.json_ok(&["maintenance", "disable", "n1", "--json"]);
    assert_eq!(r["changed"], false, "{r}");
    // And the node takes work again.
    sb.ok(&["hvctl", "-c", &s.nodes.uri(1), "start", "off1"]);
}

/// SIGKILL (DEBVISOR_TEST_KILL_AT) after every journaled step and at the in-step points of
/// enable and of disable; each re-run resumes, and the end state is exactly as without kills.
#[test]
fn killed_at_every_step_enable_and_disable_converge() {
    let t = "killed_at_every_step_enable_and_disable_converge";
    let Some(s) = setup(t) else { return };
    let sb = &s.sb;
    let killed = |args: &[&str], at: &str| {
        let out = sb
            .cmd()
            .args(args)
            .env("DEBVISOR_TEST_KILL_AT", at)
            .output()
            .unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            out.status.signal(),
            Some(9),
            "not killed at {at}: {}",
            text(&out)
        );
    };
    let enable = ["maintenance", "enable", "n1"];
    for at in [
        "mark",
        "noout-recorded",
        "noout",
        "evacuate-intent",
        "evacuate",
        "drain",
    ] {
        killed(&enable, at);
        // While interrupted, the mark already fences n1 off and status says what is pending.
        let st = sb.json_ok(&["maintenance", "status", "--json"]);
        assert_eq!(st["nodes"][0]["state"], "entering", "after {at}: {st}");
        assert!(mark(&s.etcd).is_some(), "after {at}");
    }
    let r = sb.json_ok(&["maintenance", "enable", "n1", "--json"]);
    assert_eq!(r["resumed"], true, "{r}");
    assert_eq!(r["noout_osds"], serde_json::json!([0, 2]), "{r}");
    assert_eq!(
        r["moved"],
        serde_json::json!([{"vm": "mt1", "target": "n2"}]),
        "{r}"
    );
    assert_eq!(noout(&s.ceph), (vec![0, 2], false));
    assert!(cordoned(&s.stub, "hv1"));
    assert_eq!(s.nodes.domstate(2, "mt1").as_deref(), Some("running"));
    assert_eq!(s.nodes.domstate(1, "mt1"), None);

    let disable = ["maintenance", "disable", "n1", "--restore-vms"];
    for at in [
        "unset-noout",
        "uncordon",
        "restore-one",
        "restore-vms",
        "health",
    ] {
        killed(&disable, at);
        let st = sb.json_ok(&["maintenance", "status", "--json"]);
        assert_eq!(st["nodes"][0]["state"], "leaving", "after {at}: {st}");
    }
    let r = sb.json_ok(&["maintenance", "disable", "n1", "--json"]);
    assert_eq!(r["changed"], true, "{r}");
    assert_eq!(noout(&s.ceph), (vec![], false));
    assert!(!cordoned(&s.stub, "hv1"));
    assert_eq!(s.nodes.domstate(1, "mt1").as_deref(), Some("running"));
    assert_eq!(s.nodes.domstate(2, "mt1"), None);
    assert_eq!(mark(&s.etcd), None);
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.ceph.json(&["health"])["status"] != "HEALTH_OK" {
        assert!(Instant::now() < deadline, "Ceph not healthy after disable");
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Bad input: an unknown node is one line naming it and the configured ones, exit 5, and
/// nothing is recorded.
#[test]
fn unknown_node_is_refused_and_nothing_recorded() {
    let sb = Sandbox::new();
    sb.write_config(
        "[maintenance]\nceph = false\nkubernetes = false\n\n[[cluster.nodes]]\nname = \"n1\"\n",
    );
    let out = sb
        .cmd()
        .args(["maintenance", "enable", "nx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown node `nx`") && err.contains("n1"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!sb.path().join("state/maintenance").exists());
    // Without etcd, ceph, k8s or libvirt: the mark alone (local journal), and status shows it.
    let r = sb.json_ok(&["maintenance", "enable", "n1", "--reason", "test", "--json"]);
    assert_eq!(r["changed"], true);
    let st = sb.json_ok(&["maintenance", "status", "--json"]);
    assert_eq!(st["nodes"][0]["state"], "active");
    assert_eq!(st["nodes"][0]["reason"], "test");
    let r = sb.json_ok(&["maintenance", "disable", "n1", "--json"]);
    assert_eq!(r["changed"], true);
    assert!(!sb.path().join("state/maintenance/n1.json").exists());
}
