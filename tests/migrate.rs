//! debvisor-migrate (and hvctl migrate) against two REAL libvirtd nodes on loopback with real
//! KVM guests: a plain live migration, a guest that keeps dirtying memory under a low bandwidth
//! that is raised mid-flight, an abort that leaves the guest running on the source, post-copy,
//! pre-check refusals, dry run, and an evacuation.

mod common;

use common::libvirt::Nodes;
use common::Sandbox;
use serde_json::Value;

fn events(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn result(ev: &[Value]) -> Value {
    ev.iter()
        .rev()
        .find(|e| e["event"] == "result")
        .cloned()
        .unwrap_or_else(|| panic!("no result event in {ev:?}"))
}

/// [cluster] nodes with names, and the nodes' image directory declared shared (both "nodes"
/// see the same files: they run on one machine).
fn config(nodes: &Nodes) -> String {
    format!(
        "[cluster]\nnodes = [{{ name = \"n1\", libvirt_uri = \"{}\" }}, {{ name = \"n2\", libvirt_uri = \"{}\" }}]\n\
         [migrate]\nshared_paths = [\"{}\"]\npoll_interval = \"300ms\"\n",
        nodes.uri(1),
        nodes.tcp_uri(2),
        nodes.base.display()
    )
}

#[test]
fn live_migration_prechecks_dry_run_hvctl_and_evacuation() {
    let t = "live_migration_prechecks_dry_run_hvctl_and_evacuation";
    let Some(nodes) = Nodes::start(t, 2, None) else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&config(&nodes));
    nodes.define_guest(1, "mig1", "m1");
    nodes.start_guest(1, "m1");
    let u1 = nodes.uri(1);

    // Dry run: pre-checks run (read-only), the migration is only planned.
    let out = sb
        .cmd_as("debvisor-migrate")
        .args(["-c", &u1, "--dry-run", "m1", "n2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("would run: virsh -q -c"), "{s}");
    assert!(s.contains("migrate --live --persistent --unsafe"), "{s}");
    assert_eq!(nodes.domstate(1, "m1").as_deref(), Some("running"));
    assert_eq!(nodes.domstate(2, "m1"), None);

    // Pre-check refusals: unknown node (5), VM not running (3).
    sb.cmd_as("debvisor-migrate")
        .args(["-c", &u1, "m1", "nowhere"])
        .assert()
        .code(5);
    nodes.define_guest(1, "tiny1", "off1");
    let out = sb
        .cmd_as("debvisor-migrate")
        .args(["-c", &u1, "off1", "n2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("shut_off"));

    // The real thing, with JSON events.
    let out = sb
        .cmd_as("debvisor-migrate")
        .args(["-c", &u1, "--json", "m1", "n2", "--max-downtime", "500ms"])
        .output()
        .unwrap();
    let ev = events(&out);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(ev[0]["event"], "prechecked");
    assert_eq!(ev[0]["storage"], "shared");
    let r = result(&ev);
    assert_eq!(r["status"], "migrated", "{r}");
    assert_eq!(r["target"], "n2");
    assert!(
        r["downtime_ms"].as_u64().is_some(),
        "measured downtime: {r}"
    );
    assert_eq!(nodes.domstate(2, "m1").as_deref(), Some("running"));
    // Default: the source keeps a shut-off definition.
    assert_eq!(nodes.domstate(1, "m1").as_deref(), Some("shut off"));
    let audit = sb.audit_entries();
    assert!(audit.iter().any(|a| a["action"] == "migrate"), "{audit:?}");

    // Already defined on the target: refused (3) — no second copy.
    nodes.virsh(2, &["destroy", "m1"]);
    nodes.start_guest(1, "m1");
    let out = sb
        .cmd_as("debvisor-migrate")
        .args(["-c", &u1, "m1", "n2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("already defined on the target"));
    nodes.virsh(2, &["undefine", "m1"]);

    // hvctl migrate: the same engine; --undefine-source removes the source definition.
    let out = sb
        .cmd_as("hvctl")
        .args([
            "-c",
            &u1,
            "migrate",
            "m1",
            &nodes.tcp_uri(2),
            "--undefine-source",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("m1 migrated from"));
    assert_eq!(nodes.domstate(2, "m1").as_deref(), Some("running"));
    assert_eq!(nodes.domstate(1, "m1"), None);

    // Evacuation of node 1: two running VMs, two at a time, to the other cluster node.
    nodes.start_guest(1, "off1");
    nodes.define_guest(1, "tiny1", "ev2");
    nodes.start_guest(1, "ev2");
    let out = sb
        .cmd_as("debvisor-migrate")
        .args(["--evacuate", "n1", "--parallel", "2", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let ev = events(&out);
    let summary = ev.iter().find(|e| e["event"] == "summary").unwrap();
    assert_eq!(summary["vms"], 2, "{summary}");
    assert_eq!(summary["migrated"], 2, "{summary}");
    for vm in ["off1", "ev2"] {
        assert_eq!(nodes.domstate(2, vm).as_deref(), Some("running"), "{vm}");
        assert_eq!(nodes.domstate(1, vm).as_deref(), Some("shut off"), "{vm}");
    }
}

#[test]
fn dirtying_guest_low_bandwidth_raised_midflight_abort_and_postcopy() {
    let t = "dirtying_guest_low_bandwidth_raised_midflight_abort_and_postcopy";
    let Some(nodes) = Nodes::start(t, 2, None) else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&config(&nodes));
    nodes.define_guest(1, "dirty1", "d1");
    nodes.start_guest(1, "d1");
    let u1 = nodes.uri(1);
    let u2 = nodes.uri(2);
    // Wait until the guest "OS" runs (it prints TINYBOOT, then dirties memory): during the
    // firmware's boot, memory is hardly dirtied and any migration converges.
    let serial = nodes.base.join("images/d1-serial.log");
    let t0 = std::time::Instant::now();
    while !std::fs::read_to_string(&serial)
        .unwrap_or_default()
        .contains("TINYBOOT")
    {
        assert!(
            t0.elapsed().as_secs() < 60,
            "guest did not boot: {}",
            serial.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    std::thread::sleep(std::time::Duration::from_secs(1));

    // The guest rewrites 512 KiB in a loop. At 1 MiB/s with a 1 ms downtime budget the last
    // pass can never be sent within the budget, so pre-copy does not converge (with qemu's
    // default 300 ms it sometimes does when the loaded host starves the guest's vCPU).
    //
    // 1. Abort: --timeout aborts it. The VM must still run on the source (verified by the tool
    //    AND here), and not exist on the target.
    let out = sb
        .cmd_as("debvisor-migrate")
        .args([
            "-c",
            &u1,
            "--json",
            "d1",
            "n2",
            "--bandwidth",
            "1MiB/s",
            "--timeout",
            "4s",
        ])
        .args(["--max-downtime", "1ms"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "rolled back: {out:?}");
    let ev = events(&out);
    assert!(ev.iter().any(|e| e["event"] == "abort"), "{ev:?}");
    let r = result(&ev);
    assert_eq!(r["status"], "rolled_back", "{r}");
    assert_eq!(r["source_state"], "running");
    assert!(r["target_state"].is_null());
    assert!(String::from_utf8_lossy(&out.stderr).contains("still runs on"));
    assert_eq!(nodes.domstate(1, "d1").as_deref(), Some("running"));
    assert_eq!(nodes.domstate(2, "d1"), None);

    // 1b. Ctrl-C (SIGINT) mid-flight: the job is aborted cleanly and the outcome verified.
    let child = std::process::Command::new(common::bin())
        .args([
            "migrate",
            "-c",
            &u1,
            "--json",
            "d1",
            "n2",
            "--bandwidth",
            "1MiB/s",
        ])
        .args(["--max-downtime", "1ms"])
        .env("DEBVISOR_CONFIG", sb.config_path())
        .env("DEBVISOR_AUDIT_LOG", sb.audit_log())
        .env("DEBVISOR_LOCK_DIR", sb.path().join("lock"))
        .env("DEBVISOR_STATE_DIR", sb.path().join("state"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(4));
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(6), "{out:?}");
    let r = result(&events(&out));
    assert_eq!(r["status"], "rolled_back", "{r}");
    assert!(
        r["failure"].as_str().unwrap().contains("interrupted"),
        "{r}"
    );
    assert_eq!(nodes.domstate(1, "d1").as_deref(), Some("running"));
    assert_eq!(nodes.domstate(2, "d1"), None);

    // 2. Low bandwidth, raised mid-flight by the schedule: completes.
    let out = sb
        .cmd_as("debvisor-migrate")
        .args(["-c", &u1, "--json", "d1", "n2", "--bandwidth", "8Mbit/s"])
        .args([
            "--bandwidth-schedule",
            "4s=2GiB/s",
            "--timeout",
            "120s",
            "--max-downtime",
            "1ms",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let ev = events(&out);
    let started = ev.iter().find(|e| e["event"] == "started").unwrap();
    assert!(
        started["command"]
            .as_str()
            .unwrap()
            .contains("--bandwidth 1 "),
        "8 Mbit/s = 1 MiB/s: {started}"
    );
    let bw = ev
        .iter()
        .position(|e| e["event"] == "bandwidth")
        .expect("bandwidth raised");
    assert_eq!(ev[bw]["mib_per_s"], 2048);
    // Progress before the raise: slow, and not finished.
    let before: Vec<&Value> = ev[..bw]
        .iter()
        .filter(|e| e["event"] == "progress" && e["rate_bytes_per_s"].as_u64().unwrap_or(0) > 0)
        .collect();
    assert!(!before.is_empty(), "{ev:?}");
    assert!(
        before
            .iter()
            .all(|e| e["rate_bytes_per_s"].as_u64().unwrap() < 3 << 20),
        "{before:?}"
    );
    assert!(before
        .iter()
        .any(|e| e["eta_s"].as_f64().is_some() && e["percent"].as_f64().is_some()));
    let r = result(&ev);
    assert_eq!(r["status"], "migrated", "{r}");
    assert_eq!(r["bandwidth_changes"], 1);
    assert_eq!(nodes.domstate(2, "d1").as_deref(), Some("running"));
    assert_eq!(nodes.domstate(1, "d1").as_deref(), Some("shut off"));

    // 3. Post-copy back to node 1: never converges in pre-copy at 1 MiB/s, so the switch to
    //    post-copy is what completes it.
    let out = sb
        .cmd_as("debvisor-migrate")
        .args([
            "-c",
            &u2,
            "--json",
            "d1",
            &nodes.tcp_uri(1),
            "--storage",
            "shared",
        ])
        .args([
            "--bandwidth",
            "1MiB/s",
            "--postcopy",
            "--postcopy-after",
            "3s",
            "--undefine-source",
        ])
        .args(["--timeout", "60s", "--max-downtime", "1ms"])
        .output()
        .unwrap();
    // node 1 still holds the shut-off definition from step 2: refused first…
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    nodes.virsh(1, &["undefine", "d1"]);
    let out = sb
        .cmd_as("debvisor-migrate")
        .args([
            "-c",
            &u2,
            "--json",
            "d1",
            &nodes.tcp_uri(1),
            "--storage",
            "shared",
        ])
        .args([
            "--bandwidth",
            "1MiB/s",
            "--postcopy",
            "--postcopy-after",
            "3s",
            "--undefine-source",
        ])
        .args(["--timeout", "60s", "--max-downtime", "1ms"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let ev = events(&out);
    assert!(ev.iter().any(|e| e["event"] == "postcopy"), "{ev:?}");
    let r = result(&ev);
    assert_eq!(r["postcopy_used"], true, "{r}");
    assert_eq!(r["source_defined"], false, "{r}");
    assert_eq!(nodes.domstate(1, "d1").as_deref(), Some("running"));
    assert_eq!(nodes.domstate(2, "d1"), None);
}
