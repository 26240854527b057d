//! join, on real components: a REAL one-node Ceph cluster (CRUSH bucket, placement, weight and
//! purge are real `ceph` commands against it), a simulated cluster node in its own network
//! namespace reached over REAL ssh (version, clock, join token), a REAL etcd, and the real kubectl
//! against the stand-in API server (scripts/k8s-stub-api). The test process plays the joining node;
//! its disk is a real loop device picked by the real disk survey.
//!
//! Stubbed, because they cannot run here (and said so):
//! * ceph-volume (needs device-mapper for its LVM volumes): an argument-recording stub that prints
//!   ceph-volume's real output shape and creates the OSD entry with the REAL `ceph osd new`, so
//!   the CRUSH placement and the rollback's purge act on a real OSD in the real cluster.
//! * kubeadm (not in Debian 12): an argument-recording stub; `token create` prints kubeadm's
//!   one-line join command, `join` keeps the config file it was given and, like a kubelet, creates
//!   the Node object in the API server.
//! * a clock skew cannot be created between namespaces (they share the host's clock): the refusal
//!   is proven by lowering `[join] max_clock_skew_secs` below what any ssh round trip measures.

mod common;

use std::process::Command;

use common::{etcd::Etcd, k8s::StubApi, loopdisk::LoopDisks, nodes::Cluster, Sandbox};

const HASH: &str = "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const TOKEN: &str = "abcdef.0123456789abcdef";

use common::write_exe;

struct Setup {
    sb: Sandbox,
    ceph: common::ceph::Ceph,
    etcd: Etcd,
    stub: StubApi,
    cluster: Cluster,
    disks: LoopDisks,
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

fn config(s: &Setup, remote_debvisor: &str, skew: &str) {
    let sb = &s.sb;
    let state = s.cluster.state_path().display().to_string();
    let st = sb.path().join("stubs");
    sb.write_config(&format!(
        "[ceph]\nconf = \"{}\"\nkeyring = \"{}\"\n\n[k8s]\nkubeconfig = \"{}\"\n\n[etcd]\nendpoints = [\"{}\"]\n\n\
         [join]\nnode_name = \"hv4\"\nfqdn = \"hv4.cluster.test\"\nremote_debvisor = \"{remote_debvisor}\"\n\
         remote_kubeadm = \"{kubeadm}\"\nkubeadm = \"{kubeadm}\"\nceph_volume = \"{cv}\"\nmax_clock_skew_secs = {skew}\n\
         include_loop_disks = true\ndisk_allowlist = {disks:?}\nregister_timeout_secs = 10\n\
         taints = [\"debvisor.io/storage=true:NoSchedule\"]\n\n[join.labels]\n\"debvisor.io/role\" = \"hypervisor\"\n\n\
         [[cluster.nodes]]\nname = \"n1\"\naddress = \"{}\"\nssh_user = \"root\"\nidentity_file = \"{state}/client/id_ed25519\"\nknown_hosts = \"{state}/known_hosts\"\n",
        s.ceph.conf().display(),
        s.ceph.keyring().display(),
        s.stub.kubeconfig().display(),
        s.etcd.endpoint(),
        s.cluster.ip(1),
        kubeadm = st.join("kubeadm").display(),
        cv = st.join("ceph-volume").display(),
        disks = s.disks.devices,
    ));
}

fn setup(test: &str) -> Option<Setup> {
    let ceph = common::ceph::Ceph::start(test, 1)?;
    let etcd = Etcd::start(test)?;
    let stub = StubApi::start_with(test, false, "k8s-upgrade")?;
    let mut disks = LoopDisks::new(test)?;
    disks.add();
    let signed = disks.add();
    disks.mkfs(&signed);
    let cluster = Cluster::start_with_host_link(test, 1)?;
    let sb = Sandbox::new();
    let st = sb.path().join("stubs");
    std::fs::create_dir_all(&st).unwrap();
    let log = sb.path().join("calls.log").display().to_string();
    write_exe(
        &st.join("ceph-volume"),
        &format!(
            "#!/bin/sh\necho \"ceph-volume $*\" >> {log}\ncase \"$1 $2\" in\n\
             'lvm create')\n  uuid=$(cat /proc/sys/kernel/random/uuid)\n\
               echo 'Running command: /usr/bin/ceph-authtool --gen-print-key' >&2\n\
               echo \"Running command: /usr/bin/ceph --cluster ceph --name client.bootstrap-osd --keyring /var/lib/ceph/bootstrap-osd/ceph.keyring -i - osd new $uuid\" >&2\n\
               id=$(env -u CEPH_ARGS ceph -c {conf} --keyring {key} --connect-timeout 10 osd new $uuid) || exit 1\n\
               echo \"Running command: /usr/bin/systemctl start ceph-osd@$id\" >&2\n\
               echo \"--> ceph-volume lvm activate successful for osd ID: $id\" >&2\n\
               echo \"--> ceph-volume lvm create successful for: $4\" >&2;;\n\
             'lvm zap')\n  echo \"--> Zapping: $4\" >&2\n  echo \"--> Zapping successful for: <Raw Device: $4>\" >&2;;\n\
             esac\nexit 0\n",
            conf = ceph.conf().display(),
            key = ceph.keyring().display()
        ),
    );
    std::fs::write(
        sb.path().join("node.json"),
        r#"{"apiVersion":"v1","kind":"Node","metadata":{"name":"hv4","labels":{"kubernetes.io/hostname":"hv4"}},"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#,
    )
    .unwrap();
    write_exe(
        &st.join("kubeadm"),
        &format!(
            "#!/bin/sh\necho \"$(hostname) kubeadm $*\" >> {log}\ncase \"$1 $2\" in\n\
             'token create') echo 'kubeadm join {ip}:6443 --token {TOKEN} --discovery-token-ca-cert-hash {HASH} ';;\n\
             'join --config') cp \"$3\" {sb}/join-config.yaml\n  [ -e {sb}/fail-kubeadm ] && {{ echo '[preflight] Running pre-flight checks' ; echo 'error execution phase kubelet-start: timed out waiting for the condition' >&2; exit 1; }}\n\
               kubectl --kubeconfig {kc} --cache-dir {sb}/kcache create --validate=false -f {sb}/node.json >/dev/null || exit 1;;\n\
             esac\nexit 0\n",
            ip = cluster.ip(1),
            sb = sb.path().display(),
            kc = stub.kubeconfig().display()
        ),
    );
    write_exe(
        &st.join("old-debvisor"),
        "#!/bin/sh\necho 'debvisor 0.0.1'\n",
    );
    let s = Setup {
        sb,
        ceph,
        etcd,
        stub,
        cluster,
        disks,
    };
    config(&s, &common::bin().display().to_string(), "1.0");
    Some(s)
}

fn join(s: &Setup, extra: &[&str]) -> (Option<i32>, String, String) {
    let out =
        s.sb.cmd()
            .args(["join", "--mode", "all", "--cluster", "n1"])
            .args(extra)
            .env("DEBVISOR_KUBECTL_CACHE_DIR", s.sb.path().join("kcache"))
            .output()
            .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn calls(s: &Setup) -> String {
    std::fs::read_to_string(s.sb.path().join("calls.log")).unwrap_or_default()
}

fn osd_ids(s: &Setup) -> Vec<u64> {
    s.ceph
        .json(&["osd", "ls"])
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect()
}

fn crush_node(s: &Setup, name: &str) -> Option<serde_json::Value> {
    s.ceph.json(&["osd", "tree"])["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == name)
        .cloned()
}

#[test]
fn join_all_on_real_ceph_etcd_and_ssh_with_rollback_and_noop_rerun() {
    let Some(s) = setup("join_all_on_real_ceph_etcd_and_ssh_with_rollback_and_noop_rerun") else {
        return;
    };
    let disk = s.disks.devices[0].clone();
    let key = |leaf: &str| format!("/debvisor/nodes/hv4/info/{leaf}");
    let nothing_changed = |s: &Setup, when: &str| {
        assert_eq!(osd_ids(s), vec![0], "{when}: OSDs changed");
        assert!(crush_node(s, "hv4").is_none(), "{when}: bucket created");
        for leaf in ["fqdn", "address", "roles", "joined_at"] {
            assert_eq!(s.etcd.get(&key(leaf)), None, "{when}: etcd {leaf} written");
        }
        let c = calls(s);
        assert!(
            !c.contains("lvm create") && !c.contains("kubeadm join"),
            "{when}: {c}"
        );
    };

    // Version mismatch (over real ssh): refused, exit 3, nothing done.
    config(
        &s,
        &s.sb.path().join("stubs/old-debvisor").display().to_string(),
        "1.0",
    );
    let (code, _, err) = join(&s, &["--yes"]);
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains("toolbox version mismatch")
            && err.contains(&format!("debvisor {}", env!("CARGO_PKG_VERSION")))
            && err.contains("n1 runs 0.0.1"),
        "{err}"
    );
    // Clock skew above the limit: refused with the measured skew (see the module comment).
    config(&s, &common::bin().display().to_string(), "0.000001");
    let (code, _, err) = join(&s, &["--yes"]);
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains("clock skew with n1 is") && err.contains("limit 0.000001 s"),
        "{err}"
    );
    nothing_changed(&s, "refusals");
    config(&s, &common::bin().display().to_string(), "1.0");

    // --disk never overrides the survey: a disk with a signature is refused by name.
    let signed = s.disks.devices[1].clone();
    let (code, _, err) = join(&s, &["--yes", "--disk", &signed]);
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains(&format!("--disk {signed} refused: has a signature (ext4)")),
        "{err}"
    );
    nothing_changed(&s, "--disk refusal");

    // --dry-run: the whole plan from real state; nothing changes.
    let (code, plan, err) = join(&s, &["--dry-run"]);
    assert_eq!(code, Some(0), "{plan}{err}");
    for want in [
        "osd crush add-bucket hv4 host".to_string(),
        "osd crush move hv4 root=default".into(),
        format!(
            "would run: {} lvm create --data {disk}",
            s.sb.path().join("stubs/ceph-volume").display()
        ),
        format!("create-or-move 'osd.<new id on {disk}>' 0.0020 host=hv4"),
        "token create --print-join-command".into(),
        "join --config <secret-file>".into(),
        "put /debvisor/nodes/hv4/info/roles ceph,k8s".into(),
        "label node hv4 debvisor.io/role=hypervisor --overwrite".into(),
        "taint node hv4 debvisor.io/storage=true:NoSchedule --overwrite".into(),
    ] {
        assert!(plan.contains(&want), "plan lacks {want:?}:\n{plan}");
    }
    nothing_changed(&s, "dry run");

    // The legacy command line (debvisor-join.sh): `--dry-run --check CLUSTER_NAME MONITOR_HOST`
    // (the documented call that the old script rejected), --skip-k8s = --mode ceph, the
    // cluster name becomes a label.
    let legacy =
        s.sb.cmd_as("debvisor-join")
            .args(["--dry-run", "--check", "--skip-k8s", "production", "n1"])
            .env("DEBVISOR_KUBECTL_CACHE_DIR", s.sb.path().join("kcache"))
            .output()
            .unwrap();
    let lo = String::from_utf8_lossy(&legacy.stdout);
    assert_eq!(
        legacy.status.code(),
        Some(0),
        "{lo}{}",
        String::from_utf8_lossy(&legacy.stderr)
    );
    assert!(
        lo.contains("preflight ok") && lo.contains("would create an OSD"),
        "{lo}"
    );
    assert!(!lo.contains("would join Kubernetes"), "--skip-k8s: {lo}");
    nothing_changed(&s, "legacy --check");
    let legacy =
        s.sb.cmd_as("debvisor-join")
            .args(["--dry-run", "production", "n1"])
            .env("DEBVISOR_KUBECTL_CACHE_DIR", s.sb.path().join("kcache"))
            .output()
            .unwrap();
    let lo = String::from_utf8_lossy(&legacy.stdout);
    assert!(lo.contains("debvisor.io/cluster=production"), "{lo}");
    nothing_changed(&s, "legacy dry run");
    // Without a monitor host (and no --cluster): a usage error, exit 2, nothing changed.
    let bad =
        s.sb.cmd_as("debvisor-join")
            .args(["--dry-run", "production"])
            .output()
            .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        !plan.contains(&signed),
        "the signed disk was planned: {plan}"
    );
    assert!(!s.sb.path().join("state/join/journal.json").exists());

    // A failure in a later step (kubeadm join exits 1) rolls back, in reverse order, the real
    // etcd keys, the real OSD entry and the real CRUSH bucket; exit 6, and it says what.
    std::fs::write(s.sb.path().join("fail-kubeadm"), "").unwrap();
    let (code, out, err) = join(&s, &["--yes"]);
    assert_eq!(code, Some(6), "{out}{err}");
    assert!(err.contains("kubeadm join"), "{err}");
    let rb = err
        .split("rolled back: ")
        .nth(1)
        .unwrap_or_else(|| panic!("{err}"));
    let order = [
        "Kubernetes node hv4",
        "bootstrap token abcdef on n1",
        "etcd key /debvisor/nodes/hv4/info/roles",
        "etcd key /debvisor/nodes/hv4/info/fqdn",
        &format!("on {disk}"),
        "CRUSH host bucket hv4",
    ];
    let mut pos = 0;
    for o in order {
        let p = rb[pos..]
            .find(o)
            .unwrap_or_else(|| panic!("{o:?} not rolled back in order: {err}"));
        pos += p;
    }
    assert!(!err.contains("NOT rolled back"), "{err}");
    assert_eq!(osd_ids(&s), vec![0], "the OSD entry was not purged");
    assert!(
        crush_node(&s, "hv4").is_none(),
        "the bucket was not removed"
    );
    for leaf in ["fqdn", "address", "roles", "joined_at"] {
        assert_eq!(s.etcd.get(&key(leaf)), None, "etcd {leaf} left");
    }
    let c = calls(&s);
    assert!(c.contains("kubeadm reset -f"), "{c}");
    // The bootstrap token was revoked on the cluster node (by its public id only).
    assert!(
        c.contains(&format!(
            "{}-node1 kubeadm token delete abcdef",
            s.cluster.prefix
        )),
        "{c}"
    );
    assert!(
        c.contains(&format!("ceph-volume lvm zap --destroy {disk}")),
        "{c}"
    );

    // The full join.
    std::fs::remove_file(s.sb.path().join("fail-kubeadm")).unwrap();
    let (code, out, err) = join(&s, &["--yes"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let ids = osd_ids(&s);
    assert_eq!(ids.len(), 2, "{ids:?}");
    let id = ids[1];
    assert!(
        out.contains(&format!("joined hv4 to the cluster of n1: OSDs osd.{id} under CRUSH host hv4; Kubernetes node hv4; registered in etcd")),
        "{out}"
    );
    assert!(
        err.contains(&format!("created osd.{id} on {disk}")),
        "{err}"
    );
    // The real CRUSH tree: host hv4 under root default, holding osd.N with weight = 2 GiB in TiB.
    let host = crush_node(&s, "hv4").expect("host bucket hv4");
    assert_eq!(host["type"], "host");
    assert_eq!(host["children"], serde_json::json!([id]));
    let root = crush_node(&s, "default").unwrap();
    assert!(
        root["children"].as_array().unwrap().contains(&host["id"]),
        "{root}"
    );
    let osd = crush_node(&s, &format!("osd.{id}")).unwrap();
    let w = osd["crush_weight"].as_f64().unwrap();
    assert!((w - 2.0 / 1024.0).abs() < 0.0002, "weight {w}");
    // etcd registration.
    assert_eq!(
        s.etcd.get(&key("fqdn")).as_deref(),
        Some("hv4.cluster.test")
    );
    assert_eq!(
        s.etcd.get(&key("address")),
        Some(format!("{}.1", s.cluster.net)),
        "the address towards the cluster node (host link)"
    );
    assert_eq!(s.etcd.get(&key("roles")).as_deref(), Some("ceph,k8s"));
    assert!(s.etcd.get(&key("joined_at")).unwrap().contains('T'));
    // Kubernetes: the token went in the private config file, never on a command line.
    let jc = std::fs::read_to_string(s.sb.path().join("join-config.yaml")).unwrap();
    assert!(
        jc.contains(TOKEN) && jc.contains(HASH) && jc.contains("name: \"hv4\""),
        "{jc}"
    );
    let c = calls(&s);
    assert!(!c.contains(TOKEN), "token on argv: {c}");
    // Revoked once the node registered (not left valid for its TTL), and nothing left to undo.
    let revoked = c
        .matches(&format!(
            "{}-node1 kubeadm token delete abcdef",
            s.cluster.prefix
        ))
        .count();
    assert_eq!(
        revoked, 2,
        "once after the failed join, once after this one: {c}"
    );
    let jn: serde_json::Value = serde_json::from_slice(
        &std::fs::read(s.sb.path().join("state/join/journal.json")).unwrap(),
    )
    .unwrap();
    assert!(!jn.to_string().contains("abcdef"), "{jn}");
    assert!(
        c.contains(&format!(
            "{}-node1 kubeadm token create --print-join-command --ttl 30m",
            s.cluster.prefix
        )),
        "the token must come from the cluster node over ssh: {c}"
    );
    let audit = std::fs::read_to_string(s.sb.audit_log()).unwrap();
    assert!(!audit.contains(TOKEN), "token in the audit log");
    assert!(audit.contains(&format!("osd.{id}")), "{audit}");
    let node = s.stub.get("/api/v1/nodes/hv4");
    assert_eq!(
        node["metadata"]["labels"]["debvisor.io/role"], "hypervisor",
        "{node}"
    );
    assert_eq!(
        node["spec"]["taints"][0]["key"], "debvisor.io/storage",
        "{node}"
    );
    let j: serde_json::Value = serde_json::from_slice(
        &std::fs::read(s.sb.path().join("state/join/journal.json")).unwrap(),
    )
    .unwrap();
    assert!(j["finished"].is_string(), "{j}");

    // A second run is a no-op that says so.
    let before = calls(&s);
    let (code, out, err) = join(&s, &["--yes"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("hv4 is already a member of the cluster of n1")
            && out.contains(&format!("CRUSH host hv4 holds osd.{id}"))
            && out.contains("nothing to do"),
        "{out}"
    );
    let after = calls(&s);
    assert!(
        !after[before.len()..].contains("lvm create")
            && !after[before.len()..].contains("kubeadm join"),
        "{after}"
    );
    assert_eq!(osd_ids(&s).len(), 2);
}
