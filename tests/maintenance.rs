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

    // debvisor metrics exports the mark from the same records (etcd).
    let m = sb.json_ok(&["metrics", "--only", "maintenance", "--json"]);
    let series = |name: &str| -> Vec<serde_json::Value> {
        m["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["name"] == name)
            .flat_map(|x| x["samples"].as_array().unwrap().clone())
            .collect()
    };
    let marks = series("debvisor_node_maintenance");
    assert_eq!(marks.len(), 1, "{m}");
    assert_eq!(marks[0]["labels"]["node"], "n1", "{m}");
    assert_eq!(marks[0]["labels"]["phase"], "active", "{m}");
    assert_eq!(
        series("debvisor_nodes_in_maintenance")[0]["value"],
        1.0,
        "{m}"
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
    // Fenced off: join of n1, upgrade of n1 and a migration onto n1 refuse before any work,
    // with one line naming the node, who and why.
    for (args, what) in [
        (
            vec!["join", "--cluster", "n1", "--node-name", "n1", "--check"],
            "joining n1",
        ),
        (vec!["upgrade", "--node", "n1"], "upgrading n1"),
        (
            vec!["migrate", "-c", "test:///default", "test", "n1"],
            "migrating test onto n1",
        ),
    ] {
        let out = sb.cmd().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
        assert!(
            err.contains(&format!("{what}: n1 is in maintenance (active, since"))
                && err.contains(": test)")
                && err.contains("--force"),
            "{args:?}: {err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
    }
    let r = sb.json_ok(&["maintenance", "disable", "n1", "--json"]);
    assert_eq!(r["changed"], true);
    assert!(!sb.path().join("state/maintenance/n1.json").exists());
    // Unmarked: the same migration is no longer refused for maintenance (it fails on its own
    // terms: n1 has no reachable libvirt here).
    let out = sb
        .cmd()
        .args(["migrate", "-c", "test:///default", "test", "n1"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("maintenance"));
}

/// A PodDisruptionBudget that allows no disruption blocks the drain: the stand-in API answers
/// the eviction as the API server does (429, "Cannot evict pod as it would violate the pod's
/// disruption budget."), the REAL kubectl drain retries until its timeout, and enable stops
/// with one error naming the blocked pod (not the evictable one, which really went), the node
/// staying marked "entering" so a re-run resumes at the drain.
#[test]
fn a_disruption_budget_blocks_the_drain_and_the_error_names_the_pod() {
    let test = "a_disruption_budget_blocks_the_drain_and_the_error_names_the_pod";
    let Some(stub) = StubApi::start_with(test, false, "k8s-upgrade") else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&format!(
        "[k8s]\nkubeconfig = \"{}\"\n\n[maintenance]\ndrain_timeout_secs = 8\n\n\
         [[cluster.nodes]]\nname = \"n1\"\nk8s_name = \"hv1\"\n",
        stub.kubeconfig().display()
    ));
    let create = |path: &str, obj: serde_json::Value| {
        let f = sb.path().join("obj.json");
        std::fs::write(&f, obj.to_string()).unwrap();
        let out = std::process::Command::new("kubectl")
            .arg("--kubeconfig")
            .arg(stub.kubeconfig())
            .args(["create", "--raw", path, "-f"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(out.status.success(), "{path}: {out:?}");
    };
    let pod = |name: &str, app: &str, node: &str| {
        serde_json::json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "shop", "uid": format!("uid-{name}"),
                "labels": {"app": app},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                    "name": format!("{app}-rs"), "uid": format!("rs-{app}"), "controller": true}]},
            "spec": {"nodeName": node, "containers": [{"name": "c", "image": "x"}]},
            "status": {"phase": "Running"}})
    };
    create("/api/v1/namespaces/shop/pods", pod("web-1", "web", "hv1"));
    create(
        "/api/v1/namespaces/shop/pods",
        pod("cache-1", "cache", "hv1"),
    );
    create("/api/v1/namespaces/shop/pods", pod("web-2", "web", "hv2"));
    create(
        "/apis/policy/v1/namespaces/shop/poddisruptionbudgets",
        serde_json::json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}},
            "status": {"currentHealthy": 2, "desiredHealthy": 2, "disruptionsAllowed": 0}}),
    );

    let out = sb
        .cmd()
        .args(["maintenance", "enable", "n1", "--reason", "pdb"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}\n{:#?}", stub.requests());
    let last = err.trim().lines().last().unwrap_or("");
    assert!(last.contains("shop/web-1"), "{err}");
    assert!(
        !last.contains("cache-1") && !last.contains("web-2"),
        "{err}"
    );
    // The evictable pod really went; the protected one and the other node's pod stayed.
    assert!(stub
        .get("/api/v1/namespaces/shop/pods/cache-1")
        .get("kind")
        .is_none());
    assert_eq!(
        stub.get("/api/v1/namespaces/shop/pods/web-1")["metadata"]["name"],
        "web-1"
    );
    assert_eq!(
        stub.get("/api/v1/namespaces/shop/pods/web-2")["metadata"]["name"],
        "web-2"
    );
    assert!(stub
        .requests()
        .iter()
        .any(|r| r.starts_with("POST /api/v1/namespaces/shop/pods/web-1/eviction")));
    assert!(cordoned(&stub, "hv1"));
    let st = sb.json_ok(&["maintenance", "status", "--json"]);
    assert_eq!(st["nodes"][0]["state"], "entering", "{st}");
}
