//! hvctl against the libvirt test driver (scripts/demo-node.xml, test:///default, generated
//! node files) and against a real libvirtd node running a real KVM guest.

mod common;

use common::Sandbox;
use serde_json::Value;

fn demo_uri() -> String {
    format!("test://{}/scripts/demo-node.xml", common::repo().display())
}

fn virsh_spawns(sb: &Sandbox) -> usize {
    sb.exec_entries()
        .iter()
        .filter(|e| e["ran"] == true && e["argv"][0] == "virsh")
        .count()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn list_table_json_csv_and_filters_on_the_demo_node() {
    let sb = Sandbox::new();
    let out = sb
        .cmd_as("hvctl")
        .env("LIBVIRT_DEFAULT_URI", demo_uri())
        .arg("list")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let table = stdout(&out);
    assert!(table.starts_with("ID  NAME"), "{table}");
    assert!(table.contains("build-old    shut off"), "{table}");
    assert!(table.contains("db1          paused"), "{table}");

    // --json (global flag) and -o json give the same document.
    let out = sb
        .cmd_as("hvctl")
        .env("LIBVIRT_DEFAULT_URI", demo_uri())
        .args(["list", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let web1 = rows.iter().find(|r| r["name"] == "web1").unwrap();
    assert_eq!(web1["state"], "running");
    assert_eq!(web1["id"], 1);

    let out = sb
        .cmd_as("hvctl")
        .args([
            "-c",
            &demo_uri(),
            "list",
            "--filter",
            "state=running,name=web*",
        ])
        .args(["-c", "name,state", "-o", "csv"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "name,state\nweb1,running\nweb2,running\n");

    let out = sb
        .cmd_as("hvctl")
        .args([
            "-c",
            &demo_uri(),
            "list",
            "--filter",
            "state=shut_off",
            "--filter",
            "state=paused",
        ])
        .args(["-o", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["build-old", "db1"]);

    // Bad filters are usage errors.
    sb.cmd_as("hvctl")
        .args(["-c", &demo_uri(), "list", "--filter", "colour=red"])
        .assert()
        .code(2);
}

#[test]
fn list_spawns_the_same_two_processes_whatever_the_number_of_domains() {
    let sb = Sandbox::new();
    for n in [3usize, 300] {
        let mut xml = String::from("<?xml version=\"1.0\"?>\n<node>\n<memory>67108864</memory>\n");
        for i in 0..n {
            xml.push_str(&format!(
                "<domain type=\"test\" xmlns:test=\"http://libvirt.org/schemas/domain/test/1.0\"><name>vm{i}</name>\
                 <memory>1048576</memory><vcpu>1</vcpu><os><type arch=\"x86_64\">hvm</type></os>\
                 <test:runstate>{}</test:runstate></domain>\n",
                if i % 2 == 0 { 1 } else { 5 }
            ));
        }
        xml.push_str("</node>\n");
        let path = sb.path().join(format!("node{n}.xml"));
        std::fs::write(&path, xml).unwrap();
        let _ = std::fs::remove_file(sb.exec_log());
        let out = sb
            .cmd_as("hvctl")
            .args([
                "-c",
                &format!("test://{}", path.display()),
                "--json",
                "list",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v.as_array().unwrap().len(), n);
        // list+domstats, and one dominfo batch for what the test driver's domstats lacks: the
        // same two processes for 3 domains as for 300.
        assert_eq!(virsh_spawns(&sb), 2, "n={n}: {:?}", sb.exec_entries());
        assert!(
            v.as_array()
                .unwrap()
                .iter()
                .all(|r| r["vcpus"] == 1 && r["memory_bytes"].as_u64().is_some()),
            "vCPUs and memory from the batch: {v}"
        );
    }
}

#[test]
fn uri_comes_from_flag_env_or_config() {
    let sb = Sandbox::new();
    sb.write_config(&format!("[libvirt]\nuri = \"{}\"\n", demo_uri()));
    let out = sb
        .cmd_as("hvctl")
        .args(["list", "-c", "name"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("k8s-worker1"), "{out:?}");
    // The environment overrides the file, the flag overrides both.
    let out = sb
        .cmd_as("hvctl")
        .env("LIBVIRT_DEFAULT_URI", "test:///default")
        .args(["list", "-c", "name"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "NAME\ntest\n");
    let out = sb
        .cmd_as("hvctl")
        .env("LIBVIRT_DEFAULT_URI", "test:///default")
        .args(["--connect", &demo_uri(), "list", "-c", "name"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("web2"));
}

#[test]
fn dry_run_shutdown_and_destroy_plan_without_running() {
    let sb = Sandbox::new();
    let out = sb
        .cmd_as("hvctl")
        .env("LIBVIRT_DEFAULT_URI", demo_uri())
        .args(["--dry-run", "shutdown", "web1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let s = stdout(&out);
    assert!(s.contains("would run: virsh -q -c"), "{s}");
    assert!(s.contains("shutdown --domain web1"), "{s}");
    let out = sb
        .cmd_as("hvctl")
        .env("LIBVIRT_DEFAULT_URI", demo_uri())
        .args([
            "--dry-run",
            "shutdown",
            "web1",
            "--force",
            "--timeout",
            "5s",
        ])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("destroy --domain web1"), "{out:?}");
    for e in sb.exec_entries() {
        assert!(!(e["effect"] == "mutating" && e["ran"] == true), "{e}");
    }
    assert!(sb.audit_entries().is_empty());
}

#[test]
fn lifecycle_snapshots_info_resources_on_the_test_driver() {
    let sb = Sandbox::new();
    let h = |args: &[&str]| {
        sb.cmd_as("hvctl")
            .args(["-c", "test:///default"])
            .args(args)
            .output()
            .unwrap()
    };
    // destroy is destructive: refused without --yes when not on a terminal.
    let out = h(&["destroy", "test"]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs --yes"));
    let out = h(&["--yes", "destroy", "test"]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("test destroyed"));
    // The test driver keeps state per connection, so each command starts from "running".
    let out = h(&["start", "test"]);
    assert!(stdout(&out).contains("already running"), "{out:?}");
    let out = h(&["--json", "snapshot", "test", "create", "before"]);
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["action"], "snapshot-create");
    assert_eq!(
        h(&["snapshot", "test", "revert", "../etc"]).status.code(),
        Some(5),
        "a path-like snapshot name is refused (exit 5), never passed to virsh"
    );
    let out = h(&["--json", "info", "test"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["name"], "test");
    assert_eq!(v["vcpus"], 2);
    assert_eq!(v["disks"][0]["target"], "vda");
    let _ = std::fs::remove_file(sb.exec_log());
    let out = h(&["--json", "resources", "--all", "--interval", "100ms"]);
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["name"], "test");
    assert_eq!(virsh_spawns(&sb), 2, "two samples, one bulk call each");
    // Audit: the destroy and the snapshot ran and were logged.
    let audit = sb.audit_entries();
    assert!(audit.iter().any(|a| a["command"]
        .as_str()
        .unwrap()
        .contains("destroy --domain test")));
}

/// A real libvirtd node with a real KVM guest.
#[test]
fn real_node_list_resources_lifecycle_snapshots_console() {
    let Some(nodes) = common::libvirt::Nodes::start(
        "real_node_list_resources_lifecycle_snapshots_console",
        1,
        None,
    ) else {
        return;
    };
    let uri = nodes.uri(1);
    nodes.define_guest(1, "tiny1", "hv1");
    let sb = Sandbox::new();
    let h = |args: &[&str]| {
        sb.cmd_as("hvctl")
            .args(["-c", &uri])
            .args(args)
            .output()
            .unwrap()
    };
    // Retried only when qemu loses the race for a VNC port to a parallel test's libvirtd.
    let start = || {
        for attempt in 0.. {
            let out = h(&["start", "hv1"]);
            if out.status.success() {
                return;
            }
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                attempt < 5 && err.contains("Address already in use"),
                "{out:?}"
            );
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
    };
    start();
    assert_eq!(nodes.domstate(1, "hv1").as_deref(), Some("running"));

    let out = h(&["--json", "list"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v[0];
    assert_eq!(r["name"], "hv1");
    assert_eq!(r["state"], "running");
    assert_eq!(r["vcpus"], 1);
    assert_eq!(r["memory_bytes"], 128 * 1024 * 1024);
    assert!(r["cpu_time_s"].as_f64().is_some(), "{r}");

    let out = h(&["--json", "resources", "hv1", "--interval", "500ms"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cpu = v[0]["cpu_percent"]
        .as_f64()
        .expect("cpu % from two samples");
    // The guest spins dirtying memory: it is busy.
    assert!(cpu > 1.0 && cpu < 250.0, "{cpu}");
    assert!(v[0]["block_rd_bytes"].as_u64().is_some());
    assert!(v[0]["rss_bytes"].as_u64().unwrap() > 1 << 20);

    // Snapshots.
    assert!(h(&["snapshot", "hv1", "create", "s1"]).status.success());
    let out = h(&["--json", "snapshot", "hv1", "list"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["name"], "s1");
    assert_eq!(
        h(&["snapshot", "hv1", "revert", "s1"]).status.code(),
        Some(3),
        "needs --yes"
    );
    let out = h(&["--yes", "snapshot", "hv1", "revert", "s1"]);
    assert!(out.status.success(), "{out:?}");
    let out = h(&["--yes", "snapshot", "hv1", "delete", "s1"]);
    assert!(out.status.success(), "{out:?}");
    assert!(nodes.virsh(1, &["snapshot-list", "hv1"]).trim().is_empty());

    // The boot-sector guest ignores ACPI: shutdown hits its deadline (124) …
    let out = h(&["shutdown", "hv1", "--timeout", "2s"]);
    assert_eq!(out.status.code(), Some(124), "{out:?}");
    assert_eq!(nodes.domstate(1, "hv1").as_deref(), Some("running"));
    // … and --force destroys it at the deadline.
    let out = h(&[
        "--yes",
        "--json",
        "shutdown",
        "hv1",
        "--timeout",
        "2s",
        "--force",
    ]);
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["state"], "shut_off");
    assert_eq!(nodes.domstate(1, "hv1").as_deref(), Some("shut off"));

    // console: exec-replaced by virsh (which, without a terminal, refuses and says so).
    start();
    let _ = std::fs::remove_file(sb.exec_log());
    let out = h(&["console", "hv1"]);
    let last = sb.exec_entries().last().cloned().unwrap();
    assert_eq!(last["argv"][4], "console", "{last}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("hvctl: error"),
        "virsh itself must answer: {err}"
    );

    let out = h(&["--yes", "destroy", "hv1"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(nodes.domstate(1, "hv1").as_deref(), Some("shut off"));
}

/// An unknown VM is named with its connection, not as virsh's raw error after the command line.
#[test]
fn info_of_an_unknown_vm_says_so() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["hvctl", "-c", "test:///default", "info", "nosuchvm"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert_eq!(
        err.trim(),
        "hvctl: error: no VM named `nosuchvm` on test:///default (`hvctl list --all` shows the defined ones)"
    );
}
