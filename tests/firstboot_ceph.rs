//! firstboot's storage phase for profiles ceph and mixed.
//!
//! REAL: the first-monitor bootstrap runs the real Ceph 16 tools (monmaptool, ceph-mon --mkfs,
//! ceph-mon, ceph-mgr, ceph auth) on loopback with free ports, in a temp dir; the test checks
//! quorum and an available manager with the real `ceph -s -f json`, re-runs for idempotence, and
//! stops the daemons by PID in a Drop guard (even when an assertion fails).
//!
//! STUBBED: ceph-volume (its LVM volumes need device-mapper, which this machine lacks). The stub
//! records its argv, marks the disk as an LVM physical volume with the real `pvcreate` (what
//! ceph-volume's `vgcreate` leaves on it), registers the OSD in the REAL cluster with
//! `ceph osd new` under the client.bootstrap-osd key that firstboot created (as ceph-volume does),
//! and prints ceph-volume's real messages and `lvm list --format json` shape. No OSD daemon runs.
//! ZFS (profile mixed) is an argument-recording stub as in tests/firstboot.rs.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{loopdisk::LoopDisks, Sandbox};

use common::write_exe;

fn free_ports() -> (u16, u16) {
    let a = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let b = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    (
        a.local_addr().unwrap().port(),
        b.local_addr().unwrap().port(),
    )
}

/// Stops the daemons firstboot started (PIDs from its PID files; only a live `ceph-mon|mgr`
/// process reading this test's conf is signalled), on drop.
struct Daemons {
    run_dir: PathBuf,
    conf: PathBuf,
}

impl Daemons {
    /// The daemons of the sandboxed layout of [`ceph_keys`] (declare after the sandbox, so they
    /// are stopped before its directory goes).
    fn of(sb: &Sandbox) -> Daemons {
        Daemons {
            run_dir: sb.path().join("run"),
            conf: sb.path().join("etc/ceph/ceph.conf"),
        }
    }

    fn admin_keyring(&self) -> PathBuf {
        self.conf.with_file_name("ceph.client.admin.keyring")
    }

    fn pid(&self, kind: &str) -> Option<i32> {
        std::fs::read_to_string(self.run_dir.join(format!("debvisor-ceph-{kind}.a.pid")))
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// The PID when it is a live daemon of ours.
    fn live(&self, kind: &str) -> Option<i32> {
        let pid = self.pid(kind)?;
        let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        (cmd.contains(&format!("ceph-{kind}")) && cmd.contains(&self.conf.display().to_string()))
            .then_some(pid)
    }

    fn stop(&self, kind: &str) {
        let Some(pid) = self.live(kind) else { return };
        let p = nix::unistd::Pid::from_raw(pid);
        let _ = nix::sys::signal::kill(p, nix::sys::signal::Signal::SIGTERM);
        let end = Instant::now() + Duration::from_secs(10);
        while self.live(kind).is_some() && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(100));
        }
        if self.live(kind).is_some() {
            let _ = nix::sys::signal::kill(p, nix::sys::signal::Signal::SIGKILL);
        }
    }
}

impl Drop for Daemons {
    fn drop(&mut self) {
        // mgr first, mon last: the reverse of the start order.
        self.stop("mgr");
        self.stop("mon");
    }
}

fn ceph_json(conf: &Path, keyring: &Path, args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new("ceph")
        .arg("-c")
        .arg(conf)
        .arg("--keyring")
        .arg(keyring)
        .args(["--connect-timeout", "10"])
        .args(args)
        .args(["-f", "json"])
        .env_remove("CEPH_ARGS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ceph {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn report_of(out: &std::process::Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.lines().last().unwrap_or("")).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}): {text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn commands(report: &serde_json::Value) -> Vec<String> {
    report["phases"][0]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

/// The [firstboot] keys of a sandboxed Ceph layout (direct daemons, mon id `a`, loopback).
fn ceph_keys(sb: &Sandbox, ports: (u16, u16)) -> String {
    let p = sb.path();
    format!(
        "ceph_conf_dir = \"{0}/etc/ceph\"\nceph_data_dir = \"{0}/lib\"\nceph_run_dir = \"{0}/run\"\n\
         ceph_log_dir = \"{0}/ceph-log\"\nceph_daemons = \"direct\"\nceph_mon_id = \"a\"\n\
         ceph_mon_ip = \"127.0.0.1\"\nceph_public_network = \"127.0.0.0/8\"\n\
         ceph_mon_port_v2 = {1}\nceph_mon_port_v1 = {2}\nceph_wait_secs = 180\n\
         ceph_volume = \"{0}/stubs/ceph-volume\"\ninclude_loop_disks = true\n\
         ceph_extra_conf = \"\"\"\n[global]\nosd pool default size = 1\nmon warn on pool no redundancy = false\n\
         mon data avail warn = 2\nmon data avail crit = 1\n\"\"\"\n",
        p.display(),
        ports.0,
        ports.1
    )
}

fn profile_config(sb: &Sandbox, profile: &str, extra: &str) {
    std::fs::write(sb.path().join("etc/debvisor-profile"), profile).unwrap();
    sb.write_config(&format!(
        "[firstboot]\nprofile_file = \"{0}/etc/debvisor-profile\"\nmode_file = \"{0}/etc/debvisor-mode\"\naddons_file = \"{0}/etc/addons.conf\"\n{extra}",
        sb.path().display()
    ));
}

/// ceph-volume stub (see the module doc). `lvm list` answers `{}` until `lvm create` ran.
fn ceph_volume_stub(sb: &Sandbox) {
    let st = sb.path().join("stubs");
    std::fs::create_dir_all(&st).unwrap();
    write_exe(
        &st.join("ceph-volume"),
        &format!(
            "#!/bin/sh\necho \"ceph-volume $*\" >> {log}\ncase \"$1 $2\" in\n\
             'lvm list') if [ -s {state} ]; then cat {state}; else echo '{{}}'; fi;;\n\
             'lvm create')\n  pvcreate -ff -y \"$4\" >/dev/null 2>&1 || exit 1\n\
               uuid=$(cat /proc/sys/kernel/random/uuid)\n\
               echo 'Running command: /usr/bin/ceph-authtool --gen-print-key' >&2\n\
               echo \"Running command: /usr/bin/ceph --cluster ceph --name client.bootstrap-osd --keyring /var/lib/ceph/bootstrap-osd/ceph.keyring -i - osd new $uuid\" >&2\n\
               id=$(env -u CEPH_ARGS ceph -c \"$CEPH_CONF\" --name client.bootstrap-osd --keyring {boot} --connect-timeout 10 osd new $uuid) || exit 1\n\
               printf '{{\"%s\": [{{\"devices\": [\"%s\"], \"lv_name\": \"osd-block-%s\", \"name\": \"osd-block-%s\", \"tags\": {{\"ceph.osd_id\": \"%s\", \"ceph.osd_fsid\": \"%s\", \"ceph.type\": \"block\"}}, \"type\": \"block\", \"vg_name\": \"ceph-%s\"}}]}}\\n' \"$id\" \"$4\" \"$uuid\" \"$uuid\" \"$id\" \"$uuid\" \"$uuid\" > {state}\n\
               echo \"--> ceph-volume lvm activate successful for osd ID: $id\" >&2\n\
               echo \"--> ceph-volume lvm create successful for: $4\" >&2;;\n\
             esac\nexit 0\n",
            log = sb.path().join("calls.log").display(),
            state = sb.path().join("lvm-list.json").display(),
            boot = sb.path().join("lib/bootstrap-osd/ceph.keyring").display(),
        ),
    );
}

fn mode_of(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn ceph_profile_bootstraps_the_first_monitor_and_manager_for_real() {
    let test = "ceph_profile_bootstraps_the_first_monitor_and_manager_for_real";
    if !common::programs_installed(
        test,
        &["ceph", "ceph-mon", "ceph-mgr", "monmaptool", "pvcreate"],
        "apt-get install ceph-mon ceph-mgr ceph-common lvm2",
    ) {
        return;
    }
    let Some(mut disks) = LoopDisks::new(test) else {
        return;
    };
    let disk = disks.add();
    let sb = Sandbox::new();
    let daemons = Daemons::of(&sb);
    let (conf, admin) = (daemons.conf.clone(), daemons.admin_keyring());
    ceph_volume_stub(&sb);
    profile_config(
        &sb,
        "PROFILE=ceph\n",
        &format!(
            "{}disk_allowlist = [\"{disk}\"]\n",
            ceph_keys(&sb, free_ports())
        ),
    );
    let run = |extra: &[&str]| {
        sb.cmd()
            .args(["firstboot", "--phase", "storage", "--json"])
            .args(extra)
            .env_remove("CEPH_ARGS")
            .env_remove("CEPH_CONF")
            .output()
            .unwrap()
    };

    // 1. The plan: every step, nothing created.
    let out = run(&["--plan"]);
    let plan = commands(&report_of(&out));
    for want in [
        "monmaptool --create --clobber --addv a",
        "ceph-mon -c",
        "--mkfs -i a --monmap",
        "auth get-or-create mgr.a",
        "ceph-mgr -c",
        &format!("lvm create --data {disk}"),
    ] {
        assert!(
            plan.iter().any(|c| c.contains(want)),
            "plan lacks {want}: {plan:#?}"
        );
    }
    assert!(!conf.exists() && !sb.path().join("lib").exists() && daemons.pid("mon").is_none());

    // 2. For real: mon in quorum, mgr available, the OSD registered through bootstrap-osd.
    let out = run(&["--yes"]);
    let report = report_of(&out);
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report["phases"][0]["status"], "applied", "{report}");
    let mon_pid = daemons.live("mon").expect("mon running");
    let mgr_pid = daemons.live("mgr").expect("mgr running");
    let s = ceph_json(&conf, &admin, &["-s"]);
    assert_eq!(s["quorum_names"], serde_json::json!(["a"]), "{s}");
    assert_eq!(s["mgrmap"]["available"], true, "{s}");
    assert_eq!(s["osdmap"]["num_osds"], 1, "the stub's `ceph osd new`: {s}");
    let fsid = s["fsid"].as_str().unwrap().to_string();
    assert!(std::fs::read_to_string(&conf)
        .unwrap()
        .contains(&format!("fsid = {fsid}")));
    let calls = std::fs::read_to_string(sb.path().join("calls.log")).unwrap();
    assert!(
        calls.contains(&format!("ceph-volume lvm create --data {disk}")),
        "{calls}"
    );
    // Keyrings 0600; their secrets never reach argv, the logs or the report.
    let mgr_keyring = sb.path().join("lib/mgr/ceph-a/keyring");
    let boot = sb.path().join("lib/bootstrap-osd/ceph.keyring");
    let mut secrets = Vec::new();
    for k in [&admin, &boot, &mgr_keyring] {
        assert_eq!(mode_of(k), 0o600, "{}", k.display());
        let text = std::fs::read_to_string(k).unwrap();
        let key = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("key = "))
            .unwrap()
            .to_string();
        secrets.push(key);
    }
    assert!(
        !sb.path()
            .join("lib/tmp/debvisor-bootstrap/ceph.mon.keyring")
            .exists(),
        "the staged mon keyring is removed after mkfs"
    );
    let logs = [
        std::fs::read_to_string(sb.audit_log()).unwrap_or_default(),
        std::fs::read_to_string(sb.exec_log()).unwrap_or_default(),
        std::fs::read_to_string(sb.path().join("log/firstboot-report.json")).unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ];
    for key in &secrets {
        assert!(
            logs.iter().all(|l| !l.contains(key.as_str())),
            "a key leaked"
        );
    }

    // 3. Re-run: detected from the system, nothing re-created or restarted.
    let out = run(&["--yes"]);
    let report = report_of(&out);
    assert!(out.status.success(), "{report}");
    assert_eq!(report["phases"][0]["status"], "done", "{report}");
    let cmds = commands(&report);
    for bad in [
        "monmaptool",
        "--mkfs",
        "get-or-create",
        "ceph-mon -c",
        "ceph-mgr -c",
        "lvm create",
    ] {
        assert!(
            cmds.iter().all(|c| !c.contains(bad)),
            "re-run ran {bad}: {cmds:#?}"
        );
    }
    assert_eq!(daemons.live("mon"), Some(mon_pid));
    assert_eq!(daemons.live("mgr"), Some(mgr_pid));
    assert_eq!(ceph_json(&conf, &admin, &["-s"])["fsid"], fsid.as_str());

    // 4. The manager died: a re-run restarts only it (its key exists), and waits until available.
    daemons.stop("mgr");
    let out = run(&["--yes"]);
    let report = report_of(&out);
    assert!(out.status.success(), "{report}");
    assert_eq!(report["phases"][0]["status"], "applied", "{report}");
    let cmds = commands(&report);
    assert!(cmds.iter().any(|c| c.contains("ceph-mgr -c")), "{cmds:#?}");
    for bad in ["--mkfs", "get-or-create", "ceph-mon -c", "lvm create"] {
        assert!(
            cmds.iter().all(|c| !c.contains(bad)),
            "ran {bad}: {cmds:#?}"
        );
    }
    assert_eq!(daemons.live("mon"), Some(mon_pid));
    assert!(daemons.live("mgr").is_some_and(|p| p != mgr_pid));
    assert_eq!(
        ceph_json(&conf, &admin, &["mgr", "stat"])["available"],
        true
    );

    // 5. Interrupted right after `ceph-mon --mkfs` (ceph.conf not yet written, daemons down):
    //    the re-run finishes from the staged conf, keeps the fsid, and runs no mkfs again.
    daemons.stop("mgr");
    daemons.stop("mon");
    let staged = sb.path().join("lib/tmp/debvisor-bootstrap/ceph.conf");
    std::fs::rename(&conf, &staged).unwrap();
    let out = run(&["--yes"]);
    let report = report_of(&out);
    assert!(out.status.success(), "{report}");
    let cmds = commands(&report);
    assert!(cmds.iter().any(|c| c.contains("ceph-mon -c")), "{cmds:#?}");
    for bad in ["--mkfs", "monmaptool", "get-or-create", "lvm create"] {
        assert!(
            cmds.iter().all(|c| !c.contains(bad)),
            "ran {bad}: {cmds:#?}"
        );
    }
    assert!(!staged.exists(), "the stage is cleaned up");
    let s = ceph_json(&conf, &admin, &["-s"]);
    assert_eq!(s["fsid"], fsid.as_str());
    assert_eq!(s["quorum_names"], serde_json::json!(["a"]), "{s}");

    drop(daemons);
    let _ = std::process::Command::new("pvremove")
        .args(["-ff", "-y", &disk])
        .output();
}

/// Profile mixed: refused until the split is configured; then ZFS on its disks, Ceph (first
/// monitor + OSDs) on the others — shown with --plan (nothing runs; ZFS is a stub here).
#[test]
fn mixed_profile_splits_the_disks_as_configured() {
    let test = "mixed_profile_splits_the_disks_as_configured";
    let Some(mut disks) = LoopDisks::new(test) else {
        return;
    };
    let a = disks.add();
    let b = disks.add();
    let signed = disks.add();
    disks.mkfs(&signed);
    let sb = Sandbox::new();
    ceph_volume_stub(&sb);
    let st = sb.path().join("stubs");
    write_exe(
        &st.join("zpool"),
        "#!/bin/sh\n[ \"$1\" = list ] && { echo \"cannot open 'tank': no such pool\" >&2; exit 1; }\nexit 0\n",
    );
    write_exe(&st.join("zfs"), "#!/bin/sh\nexit 0\n");
    let path = format!("{}:{}", st.display(), std::env::var("PATH").unwrap());
    let keys = ceph_keys(&sb, (3300, 6789));

    // Not configured: a config error that says what to set; nothing runs.
    profile_config(&sb, "PROFILE=mixed\n", &keys);
    let out = sb
        .cmd()
        .args(["firstboot", "--phase", "storage", "--plan"])
        .env("PATH", &path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("needs [firstboot] mixed_zfs_disks and mixed_ceph_disks"),
        "{err}"
    );
    // Overlapping lists are refused too.
    profile_config(
        &sb,
        "PROFILE=mixed\n",
        &format!("{keys}mixed_zfs_disks = [\"{a}\"]\nmixed_ceph_disks = [\"{a}\"]\n"),
    );
    let out = sb
        .cmd()
        .args(["firstboot", "--phase", "storage", "--plan"])
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("in both mixed_zfs_disks and mixed_ceph_disks"));

    // Configured: ZFS on a, Ceph on b; a disk with a signature is never used, whichever role.
    profile_config(
        &sb,
        "PROFILE=mixed\n",
        &format!("{keys}mixed_zfs_disks = [\"{a}\"]\nmixed_ceph_disks = [\"{b}\", \"{signed}\"]\n"),
    );
    let out = sb
        .cmd()
        .args(["firstboot", "--phase", "storage", "--plan", "--json"])
        .env("PATH", &path)
        .output()
        .unwrap();
    let report = report_of(&out);
    assert!(out.status.success(), "{report}");
    assert_eq!(report["phases"][0]["status"], "planned", "{report}");
    let cmds = commands(&report);
    let create = cmds
        .iter()
        .find(|c| c.starts_with("zpool create"))
        .expect("zpool create planned");
    assert!(create.ends_with(&format!("tank {a}")), "{create}");
    let osds: Vec<&String> = cmds.iter().filter(|c| c.contains("lvm create")).collect();
    assert_eq!(osds.len(), 1, "{cmds:#?}");
    assert!(osds[0].ends_with(&format!("--data {b}")), "{}", osds[0]);
    assert!(cmds.iter().any(|c| c.contains("--mkfs -i a")), "{cmds:#?}");
    assert!(
        !sb.path().join("calls.log").exists()
            || !std::fs::read_to_string(sb.path().join("calls.log"))
                .unwrap()
                .contains("create")
    );
    assert!(!sb.path().join("etc/ceph").exists());
}

/// Refusals before anything runs: a node meant to join (ceph_bootstrap = false) never starts a
/// cluster of its own; systemd units only know Ceph's default paths.
#[test]
fn ceph_bootstrap_refusals_name_the_fix() {
    let sb = Sandbox::new();
    let keys = ceph_keys(&sb, (3300, 6789));
    let run = || {
        sb.cmd()
            .args(["firstboot", "--phase", "storage", "--plan"])
            .output()
            .unwrap()
    };
    profile_config(
        &sb,
        "PROFILE=ceph\n",
        &format!("{keys}ceph_bootstrap = false\n"),
    );
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("ceph_bootstrap = false") && err.contains("debvisor join --mode ceph"),
        "{err}"
    );
    let systemd = keys.replace("ceph_daemons = \"direct\"", "ceph_daemons = \"systemd\"");
    profile_config(&sb, "PROFILE=ceph\n", &systemd);
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs ceph_conf_dir = \"/etc/ceph\""), "{err}");
    assert!(!sb.path().join("etc/ceph").exists() && !sb.path().join("lib").exists());
    assert!(
        sb.exec_entries().iter().all(|e| e["effect"] != "mutating"),
        "nothing mutating may even be planned"
    );
}

/// A data filesystem too full for ceph-mon: firstboot checks the monitor's own rule
/// (`mon_data_avail_crit`, read from ceph-mon itself) before starting it, and names the figures
/// and the fix instead of leaving a monitor that died with an empty log. Forced for real with
/// `mon data avail crit = 99`, which no test machine's disk satisfies; lowering it in the
/// written ceph.conf, as the message says, lets the re-run finish.
#[test]
fn a_data_filesystem_too_full_for_the_monitor_is_named_before_it_starts() {
    let test = "a_data_filesystem_too_full_for_the_monitor_is_named_before_it_starts";
    if !common::programs_installed(
        test,
        &["ceph", "ceph-mon", "monmaptool"],
        "apt-get install ceph-mon ceph-common",
    ) {
        return;
    }
    // Its own disk for the OSD of the re-run: an empty allow-list would let the stub's
    // pvcreate take any blank loop disk, including a concurrent test's.
    let Some(mut disks) = LoopDisks::new(test) else {
        return;
    };
    let disk = disks.add();
    let sb = Sandbox::new();
    let daemons = Daemons::of(&sb);
    ceph_volume_stub(&sb);
    let keys =
        ceph_keys(&sb, free_ports()).replace("mon data avail crit = 1", "mon data avail crit = 99");
    profile_config(
        &sb,
        "PROFILE=ceph\n",
        &format!("{keys}disk_allowlist = [\"{disk}\"]\n"),
    );
    let run = || {
        sb.cmd()
            .args(["firstboot", "--phase", "storage", "--yes"])
            .env_remove("CEPH_ARGS")
            .env_remove("CEPH_CONF")
            .output()
            .unwrap()
    };
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    let conf = sb.path().join("etc/ceph/ceph.conf");
    assert!(
        err.contains("at or below mon_data_avail_crit = 99%: ceph-mon would refuse to start")
            && err.contains(&format!(
                "lower `mon data avail crit` in {}",
                conf.display()
            )),
        "{err}"
    );
    assert!(
        daemons.pid("mon").is_none(),
        "the monitor must not have been started"
    );

    let text = std::fs::read_to_string(&conf).unwrap();
    assert!(text.contains("mon data avail crit = 99"), "{text}");
    std::fs::write(
        &conf,
        text.replace("mon data avail crit = 99", "mon data avail crit = 1"),
    )
    .unwrap();
    let out = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(daemons.live("mon").is_some(), "mon running after the fix");
    drop(daemons);
    let _ = std::process::Command::new("pvremove")
        .args(["-ff", "-y", &disk])
        .output();
}

/// ceph-volume stand-in that makes a REAL OSD (what `ceph-volume lvm create` does, minus LVM,
/// which needs device-mapper): `ceph osd new` under the bootstrap-osd key, `ceph-osd --mkfs`
/// (bluestore on a sparse file in the OSD's data dir), then the daemon itself, started from `/`
/// like its systemd unit, its PID in RUN_DIR/osd.ID.pid.
fn real_osd_ceph_volume(sb: &Sandbox) {
    let st = sb.path().join("stubs");
    std::fs::create_dir_all(&st).unwrap();
    write_exe(
        &st.join("ceph-volume"),
        &format!(
            "#!/bin/bash\nset -e\necho \"ceph-volume $*\" >> {log}\ncase \"$1 $2\" in\n\
             'lvm list') if [ -s {state} ]; then cat {state}; else echo '{{}}'; fi;;\n\
             'lvm create')\n  uuid=$(cat /proc/sys/kernel/random/uuid); key=$(ceph-authtool --gen-print-key)\n\
               c=\"env -u CEPH_ARGS ceph -c $CEPH_CONF --name client.bootstrap-osd --keyring {boot} --connect-timeout 10\"\n\
               id=$(echo \"{{\\\"cephx_secret\\\": \\\"$key\\\"}}\" | $c osd new $uuid -i -)\n\
               d={data}/osd/ceph-$id; mkdir -p $d\n\
               ceph-authtool --create-keyring $d/keyring --name osd.$id --add-key $key >/dev/null\n\
               env -u CEPH_ARGS ceph-osd -c $CEPH_CONF -i $id --mkfs --osd-uuid $uuid > {logdir}/osd.$id.mkfs 2>&1\n\
               (cd / && exec env -u CEPH_ARGS setsid ceph-osd -c $CEPH_CONF -i $id -f </dev/null >{logdir}/osd.$id.out 2>&1) &\n\
               echo $! > {run}/osd.$id.pid\n\
               printf '{{\"%s\": [{{\"devices\": [\"%s\"], \"tags\": {{\"ceph.osd_id\": \"%s\", \"ceph.osd_fsid\": \"%s\", \"ceph.type\": \"block\"}}, \"type\": \"block\"}}]}}\\n' \"$id\" \"$4\" \"$id\" \"$uuid\" > {state}\n\
               echo \"--> ceph-volume lvm create successful for: $4\" >&2;;\n\
             esac\nexit 0\n",
            log = sb.path().join("calls.log").display(),
            state = sb.path().join("lvm-list.json").display(),
            boot = sb.path().join("lib/bootstrap-osd/ceph.keyring").display(),
            data = sb.path().join("lib").display(),
            logdir = sb.path().join("ceph-log").display(),
            run = sb.path().join("run").display(),
        ),
    );
}

/// Stops OSDs the stand-in started (by the PID files it wrote), on drop.
struct Osds(PathBuf);

impl Drop for Osds {
    fn drop(&mut self) {
        for e in std::fs::read_dir(&self.0).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !(name.starts_with("osd.") && name.ends_with(".pid")) {
                continue;
            }
            let Some(pid) = std::fs::read_to_string(e.path())
                .ok()
                .and_then(|s| s.trim().parse::<i32>().ok())
            else {
                continue;
            };
            let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            if String::from_utf8_lossy(&cmd).contains("ceph-osd") {
                let p = nix::unistd::Pid::from_raw(pid);
                let _ = nix::sys::signal::kill(p, nix::sys::signal::Signal::SIGKILL);
            }
        }
    }
}

/// The Debian 13 case (Ceph 18.2.7, PyO3 python3-bcrypt) and the Debian 12 one, with no shim
/// anywhere in the test: firstboot's bootstrap must end with a cluster that reaches HEALTH_OK
/// with every always-on manager module able to run (the balancer, the PG autoscaler, …, and the
/// `.mgr` pool they create). On trixie that takes the compatibility module firstboot installs
/// (crate::ceph_mgr_compat); on bookworm none is needed and none may be installed.
#[test]
fn ceph_bootstrap_reaches_health_ok_with_every_always_on_mgr_module() {
    let test = "ceph_bootstrap_reaches_health_ok_with_every_always_on_mgr_module";
    if !common::ceph::tools_installed(test) {
        return;
    }
    let Some(mut disks) = LoopDisks::new(test) else {
        return;
    };
    let disk = disks.add();
    let sb = Sandbox::new();
    let daemons = Daemons::of(&sb);
    let (conf, admin) = (daemons.conf.clone(), daemons.admin_keyring());
    let _osds = Osds(sb.path().join("run"));
    real_osd_ceph_volume(&sb);
    let compat_dir = sb.path().join("mgr-python");
    let keys = ceph_keys(&sb, free_ports()).replace(
        "mon data avail crit = 1\n",
        "mon data avail crit = 1\nosd crush chooseleaf type = 0\nmon allow pool size one = true\n\
         [osd]\nosd objectstore = bluestore\nbluestore block create = true\nbluestore block size = 2147483648\n\
         bluestore fsck on mkfs = false\nosd memory target = 939524096\n",
    );
    profile_config(
        &sb,
        "PROFILE=ceph\n",
        &format!(
            "{keys}disk_allowlist = [\"{disk}\"]\n[ceph]\nmgr_compat_dir = \"{}\"\nsystemd_unit_dir = \"{}\"\n",
            compat_dir.display(),
            sb.path().join("units").display()
        ),
    );
    let need = debvisor::ceph_mgr_compat::detect();
    let out = sb
        .cmd()
        .args(["firstboot", "--phase", "storage", "--json", "--yes"])
        .env_remove("CEPH_ARGS")
        .env_remove("CEPH_CONF")
        .output()
        .unwrap();
    let report = report_of(&out);
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let module = compat_dir.join("bcrypt/__init__.py");
    let text = report.to_string();
    if need.needed {
        assert!(
            module.exists(),
            "Debian 13: the compatibility module is installed ({})",
            need.reason
        );
        assert!(
            text.contains("installed the ceph-mgr bcrypt compatibility module"),
            "{report}"
        );
        let mgr = daemons.live("mgr").unwrap();
        let env = std::fs::read(format!("/proc/{mgr}/environ")).unwrap();
        assert!(
            String::from_utf8_lossy(&env).contains(&format!("PYTHONPATH={}", compat_dir.display())),
            "the manager runs with the module on its path"
        );
    } else {
        assert!(
            !module.exists(),
            "not needed here ({}), so not installed",
            need.reason
        );
    }
    assert!(
        !sb.path().join("units").exists(),
        "direct daemons need no systemd drop-in"
    );

    // HEALTH_OK, with nothing muted, within a deadline: the OSD up, `.mgr` created by the
    // manager's modules, its PG active+clean.
    let deadline = Instant::now() + Duration::from_secs(180);
    let health = loop {
        let h = ceph_json(&conf, &admin, &["health", "detail"]);
        let s = ceph_json(&conf, &admin, &["-s"]);
        let clean = s["pgmap"]["num_pgs"].as_u64().unwrap_or(0) > 0
            && s["pgmap"]["pgs_by_state"]
                .as_array()
                .is_some_and(|v| v.iter().all(|p| p["state_name"] == "active+clean"));
        if h["status"] == "HEALTH_OK" && clean {
            break h;
        }
        assert!(
            Instant::now() < deadline,
            "no HEALTH_OK with clean PGs within 180 s: {h}\n{s}"
        );
        std::thread::sleep(Duration::from_millis(500));
    };
    assert_eq!(health["mutes"], serde_json::json!([]), "{health}");
    let pools = ceph_json(&conf, &admin, &["osd", "pool", "ls"]);
    assert!(
        pools
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == ".mgr" || p == "device_health_metrics"),
        "the manager's modules created their pool: {pools}"
    );
    let dump = ceph_json(&conf, &admin, &["mgr", "dump"]);
    let release = dump["always_on_modules"]
        .as_object()
        .unwrap()
        .keys()
        .max()
        .unwrap()
        .clone();
    let always_on = dump["always_on_modules"][&release].as_array().unwrap();
    assert!(always_on.len() >= 8, "{dump}");
    for m in always_on {
        let found = dump["available_modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == *m)
            .unwrap_or_else(|| panic!("always-on module {m} not available: {dump}"));
        assert_eq!(found["can_run"], true, "{m}: {}", found["error_string"]);
    }
    // The autoscaler and the balancer answer: their modules really loaded.
    ceph_json(&conf, &admin, &["osd", "pool", "autoscale-status"]);
    ceph_json(&conf, &admin, &["balancer", "status"]);

    // The tool's own view agrees: status exits 0 (enabled where needed, not needed elsewhere).
    let out = sb
        .cmd()
        .args(["cephctl", "mgr-compat", "status", "--json"])
        .output()
        .unwrap();
    let st: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(st["needed"], need.needed, "{st}");
    assert_eq!(st["module_installed"], need.needed, "{st}");
    drop(daemons);
}

/// The module ceph-mgr imports instead of python3-bcrypt is the real bcrypt behind a process
/// boundary: its hashes verify with the real package and vice versa, wrong passwords fail, and
/// bcrypt's errors (str instead of bytes, a bad salt) are the same exceptions.
#[test]
fn mgr_compat_bcrypt_module_is_real_bcrypt() {
    let test = "mgr_compat_bcrypt_module_is_real_bcrypt";
    let real = std::process::Command::new("/usr/bin/python3")
        .args(["-I", "-c", "import bcrypt"])
        .status();
    if !real.is_ok_and(|s| s.success()) {
        common::skip(
            test,
            "python3-bcrypt is not installed (a ceph-mgr dependency)",
        );
        return;
    }
    let sb = Sandbox::new();
    let dir = sb.path().join("py");
    sb.write_config(&format!(
        "[ceph]\nmgr_compat_dir = \"{}\"\nsystemd_unit_dir = \"{}\"\n",
        dir.display(),
        sb.path().join("units").display()
    ));
    // Installed the way an operator does it (even where not needed, the files are the same).
    let need = debvisor::ceph_mgr_compat::detect();
    let out = sb
        .cmd()
        .args(["cephctl", "mgr-compat", "enable", "--json"])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(out.status.success(), "{r}");
    assert_eq!(r["changed"], need.needed, "{r}");
    if !need.needed {
        assert!(!dir.exists(), "not needed: nothing written ({r})");
        std::fs::create_dir_all(dir.join("bcrypt")).unwrap();
        std::fs::write(
            dir.join("bcrypt/__init__.py"),
            debvisor::ceph_mgr_compat::BCRYPT_MODULE,
        )
        .unwrap();
    } else {
        let dropin = std::fs::read_to_string(
            sb.path()
                .join("units/ceph-mgr@.service.d/debvisor-mgr-compat.conf"),
        )
        .unwrap();
        assert!(
            dropin.contains(&format!("Environment=PYTHONPATH={}\n", dir.display())),
            "{dropin}"
        );
        // Idempotent, then reversible.
        let again = sb
            .cmd()
            .args(["cephctl", "mgr-compat", "enable", "--json"])
            .output()
            .unwrap();
        let r2: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
        assert_eq!(r2["changed"], false, "{r2}");
    }
    let script = r#"
import subprocess, sys
import bcrypt
assert bcrypt.__version__ == "debvisor-mgr-compat", bcrypt.__file__
h = bcrypt.hashpw(b"s3cret", bcrypt.gensalt(4))
assert h.startswith(b"$2b$04$") and len(h) == 60, h
assert bcrypt.checkpw(b"s3cret", h) and not bcrypt.checkpw(b"wrong", h)
# The real package (isolated: not this module) verifies our hash and makes one we verify.
real = subprocess.run(["/usr/bin/python3", "-I", "-c",
    "import bcrypt, sys; h = sys.stdin.buffer.read(); assert bcrypt.checkpw(b's3cret', h); "
    "sys.stdout.buffer.write(bcrypt.hashpw(b'other', bcrypt.gensalt(4)))"],
    input=h, capture_output=True, check=True).stdout
assert bcrypt.checkpw(b"other", real)
for bad, exc in (((("x", b"$2b$04$abcdefghijklmnopqrstuv")), TypeError), (((b"x", b"bad")), ValueError)):
    try:
        bcrypt.hashpw(*bad)
    except exc:
        pass
    else:
        sys.exit(f"no {exc.__name__} for {bad}")
print("ok")
"#;
    let out = std::process::Command::new("/usr/bin/python3")
        .args(["-c", script])
        .env("PYTHONPATH", &dir)
        .output()
        .unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "ok",
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if need.needed {
        let out = sb
            .cmd()
            .args(["cephctl", "mgr-compat", "disable", "--json"])
            .output()
            .unwrap();
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(r["changed"], true, "{r}");
        assert!(!dir.join("bcrypt/__init__.py").exists());
        assert!(!sb
            .path()
            .join("units/ceph-mgr@.service.d/debvisor-mgr-compat.conf")
            .exists());
        let st = sb
            .cmd()
            .args(["cephctl", "mgr-compat", "status"])
            .output()
            .unwrap();
        assert_eq!(st.status.code(), Some(1), "needed but disabled: exit 1");
        assert!(String::from_utf8_lossy(&st.stdout).contains("NEEDED but not enabled"));
    }
}
