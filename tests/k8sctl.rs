//! k8sctl against the REAL kubectl talking to a stand-in API server (no Kubernetes API server
//! can run on these machines; the served objects are hand-written fixtures in the API's shape —
//! see tests/fixtures/k8s/README.md).

mod common;

use common::{k8s::StubApi, Sandbox};
use predicates::prelude::*;

fn sandbox(stub: &StubApi) -> Sandbox {
    let sb = Sandbox::new();
    sb.write_config(&format!(
        "[k8s]\nkubeconfig = \"{}\"\naddons_dir = \"{}\"\nrequest_timeout = 2\ndeadline = 6\n",
        stub.kubeconfig().display(),
        common::repo().join("packaging/addons").display()
    ));
    sb
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(out)))
}

#[test]
fn nodes_report_health_and_resources_unhealthy_first() {
    let Some(stub) = StubApi::start("nodes_report_health_and_resources_unhealthy_first", false)
    else {
        return;
    };
    let sb = sandbox(&stub);
    let out = sb
        .cmd_as("k8sctl")
        .args(["nodes", "--json"])
        .env("DEBVISOR_KUBECTL_CACHE_DIR", sb.path().join("kcache"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let nodes = v.as_array().unwrap();
    assert_eq!(nodes.len(), 3);
    assert_eq!(nodes[0]["name"], "hv3");
    assert_eq!(nodes[0]["ready"], false);
    assert_eq!(nodes[0]["status"], "NotReady");
    assert_eq!(nodes[0]["problems"], serde_json::json!(["DiskPressure"]));
    let hv1 = nodes.iter().find(|n| n["name"] == "hv1").unwrap();
    assert_eq!(hv1["roles"], serde_json::json!(["control-plane"]));
    assert_eq!(hv1["cpu_allocatable_millicores"], 8000);
    assert_eq!(hv1["memory_allocatable_bytes"], 32779508u64 * 1024);
    let hv2 = nodes.iter().find(|n| n["name"] == "hv2").unwrap();
    assert_eq!(hv2["status"], "Ready,SchedulingDisabled");
    assert_eq!(hv2["schedulable"], false);
    // Table output is aligned and names every node.
    sb.cmd_as("k8sctl")
        .arg("nodes")
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("NAME").and(
                predicate::str::is_match("(?m)^hv2 +Ready,SchedulingDisabled +<none> +v1.28.4")
                    .unwrap(),
            ),
        );
}

#[test]
fn workloads_put_failing_pods_first_in_one_call() {
    let Some(stub) = StubApi::start("workloads_put_failing_pods_first_in_one_call", false) else {
        return;
    };
    let sb = sandbox(&stub);
    let out = sb
        .cmd_as("k8sctl")
        .args(["workloads", "--json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let failing: Vec<(&str, &str)> = v["failing_pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        failing,
        [
            ("web-7c9f6d5b8-abcde", "CrashLoopBackOff"),
            ("node-exporter-q8xk2", "ImagePullBackOff"),
            ("db-1", "Unschedulable")
        ]
    );
    let wl = v["workloads"].as_array().unwrap();
    assert_eq!(wl.len(), 5);
    // Degraded workloads come first.
    let degraded: Vec<&str> = wl
        .iter()
        .filter(|w| w["healthy"] == false)
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(degraded, ["node-exporter", "db", "web"]);
    assert_eq!(wl[0]["healthy"], false);
    // Exactly one kubectl process for the whole listing.
    let kubectl_runs = sb
        .exec_entries()
        .iter()
        .filter(|e| e["argv"][0] == "kubectl" && e["ran"] == true)
        .count();
    assert_eq!(kubectl_runs, 1);
}

#[test]
fn addons_enable_list_disable_round_trip() {
    let Some(stub) = StubApi::start("addons_enable_list_disable_round_trip", false) else {
        return;
    };
    let sb = sandbox(&stub);
    let list = |sb: &Sandbox| {
        json(
            &sb.cmd_as("k8sctl")
                .args(["addon", "list", "--json"])
                .assert()
                .success()
                .get_output()
                .stdout
                .clone(),
        )
    };
    let status = |v: &serde_json::Value, name: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .unwrap()["status"]
            .clone()
    };
    let v = list(&sb);
    assert_eq!(v.as_array().unwrap().len(), 4);
    assert_eq!(status(&v, "storage-ceph-rbd"), "disabled");

    // Dry run: planned, nothing sent to the API server.
    let before = stub
        .requests()
        .iter()
        .filter(|r| r.starts_with("PATCH"))
        .count();
    sb.cmd_as("k8sctl")
        .args(["addon", "enable", "storage-ceph-rbd", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("would run: kubectl"));
    assert_eq!(
        stub.requests()
            .iter()
            .filter(|r| r.starts_with("PATCH"))
            .count(),
        before
    );

    sb.cmd_as("k8sctl")
        .args(["addon", "enable", "storage-ceph-rbd"])
        .assert()
        .success();
    assert!(
        stub.requests()
            .iter()
            .any(|r| r.starts_with("PATCH /apis/storage.k8s.io/v1/storageclasses/ceph-rbd")),
        "{:?}",
        stub.requests()
    );
    assert_eq!(status(&list(&sb), "storage-ceph-rbd"), "enabled");
    assert!(sb.audit_entries().iter().any(|e| e["command"]
        .as_str()
        .unwrap()
        .contains("apply --server-side")));

    // Disable is destructive: refused without --yes when not on a terminal.
    sb.cmd_as("k8sctl")
        .args(["addon", "disable", "storage-ceph-rbd"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("--yes"));
    sb.cmd_as("k8sctl")
        .args(["addon", "disable", "storage-ceph-rbd", "--yes"])
        .assert()
        .success();
    assert_eq!(status(&list(&sb), "storage-ceph-rbd"), "disabled");

    sb.cmd_as("k8sctl")
        .args(["addon", "enable", "nope"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("unknown addon `nope`"));
}

#[test]
fn a_silent_api_server_hits_the_hard_deadline() {
    let Some(stub) = StubApi::start("a_silent_api_server_hits_the_hard_deadline", true) else {
        return;
    };
    let sb = sandbox(&stub);
    let t0 = std::time::Instant::now();
    sb.cmd_as("k8sctl")
        .arg("nodes")
        .assert()
        .code(124)
        .stderr(predicate::str::contains(
            "timed out after 6 s waiting for the Kubernetes API server",
        ));
    assert!(t0.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn bad_pod_names_are_refused_before_kubectl_runs() {
    let sb = Sandbox::new();
    sb.cmd_as("k8sctl")
        .args(["logs", "--", "--all-namespaces"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("not a valid Kubernetes name"));
    assert!(sb.exec_entries().is_empty());
}
