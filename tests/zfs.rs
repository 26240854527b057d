//! zfs-status, zfs-scrub and health-check's ZFS check, against a STUB `zpool`.
//!
//! There is no ZFS kernel module on the machines these tiers run on, so `zpool` cannot run for real
//! here: this is the fast path. The real run is in the vm tier (tests/vm_nodes.rs), where Debian 13
//! guests carry OpenZFS built for their kernel: zfs-status and zfs-scrub (and the shipped scrub
//! unit) on a real mirror through repaired checksum errors and a degraded member, and firstboot's
//! ZFS profile on blank disks. Every test here puts a stub `zpool` first on PATH that REPLAYS REAL OUTPUT of OpenZFS 2.3.9
//! (tests/fixtures/zfs/recorded/, INDEX.tsv has the exact command of each file) and records its
//! argv, one line per call. States the recorded run did not produce (data errors, a running
//! resilver) come from the hand-written fixtures next to it (tests/fixtures/zfs/README.md).
//! The stub keeps a tiny bit of state: after `zpool scrub POOL` it answers `zpool status POOL`
//! with the "after" file, and `zpool wait` sleeps $STUB_WAIT seconds.

mod common;

use std::path::{Path, PathBuf};

use common::Sandbox;

/// A hand-written fixture (tests/fixtures/zfs/NAME).
fn fixture(name: &str) -> String {
    std::fs::read_to_string(common::repo().join("tests/fixtures/zfs").join(name)).unwrap()
}

/// Real OpenZFS 2.3.9 output (tests/fixtures/zfs/recorded/NAME).
fn recorded(name: &str) -> String {
    fixture(&format!("recorded/{name}"))
}

/// The `zpool status` report of a recorded file that also holds the one-line `zpool status -j`
/// after it (52, 53).
fn status_report(name: &str) -> String {
    recorded(name)
        .lines()
        .take_while(|l| !l.starts_with('{'))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// `zpool list -H -p` at the end of the recorded run (55 also holds `zfs list` lines after it):
/// tank 69 % full, 14 % fragmented, ONLINE.
fn list_final() -> String {
    recorded("55-zpool-list-final-Hp.txt")
        .lines()
        .next()
        .map(|l| format!("{l}\n"))
        .unwrap()
}

struct Stub {
    dir: PathBuf,
}

impl Stub {
    /// A stub zpool under the sandbox; `files` are (name in stub dir, contents):
    /// `list-Hp.txt` (what `zpool list -H -p` prints), `status-all.txt` / `status-all.stderr`
    /// (`zpool status`), `status-POOL.txt` and `status-POOL.after.txt` (`zpool status POOL`
    /// before / after its scrub).
    fn new(sb: &Sandbox, files: &[(&str, String)]) -> Stub {
        let dir = sb.path().join("zpool-stub");
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        let stub = Stub { dir };
        for (n, c) in files {
            stub.write(n, c);
        }
        let script = r#"#!/bin/sh
# STUB zpool (tests only): replays recorded zpool output and records its argv.
D=$(dirname "$0")/..
printf '%s\n' "$*" >> "$D/argv.log"
case "$*" in
  # list-Hp.txt holds `zpool list -H -p`: the default columns name size alloc free ckpoint
  # expandsz frag cap dedup health altroot; -o name,size,alloc,free,frag,cap,dedup,health are
  # columns 1-4 and 7-10 of it. No file: no pools (-H prints nothing then).
  "list -H -p -o name,size,alloc,free,frag,cap,dedup,health")
    [ -e "$D/list-Hp.txt" ] && cut -f1-4,7-10 "$D/list-Hp.txt"; exit 0 ;;
  "list -H -o name")
    [ -e "$D/list-Hp.txt" ] && cut -f1 "$D/list-Hp.txt"; exit 0 ;;
esac
case "$1" in
  status)
    shift; [ "$1" = -p ] && shift
    if [ $# -eq 0 ]; then
      cat "$D/status-all.txt"
      [ -e "$D/status-all.stderr" ] && cat "$D/status-all.stderr" >&2
      exit 0
    fi
    for p in "$@"; do
      if [ -e "$D/scrubbed-$p" ] && [ -e "$D/status-$p.after.txt" ]; then cat "$D/status-$p.after.txt"
      elif [ -e "$D/status-$p.txt" ]; then cat "$D/status-$p.txt"
      # as recorded (44-zpool-status-nosuchpool): exit 1
      else echo "cannot open '$p': no such pool" >&2; exit 1; fi
    done ;;
  scrub) touch "$D/scrubbed-$2" ;;
  wait) sleep "${STUB_WAIT:-0}" ;;
  *) echo "stub zpool: unexpected $*" >&2; exit 2 ;;
esac
"#;
        let p = stub.dir.join("bin/zpool");
        std::fs::write(&p, script).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        stub
    }

    fn write(&self, name: &str, contents: &str) {
        std::fs::write(self.dir.join(name), contents).unwrap();
    }

    fn path_env(&self) -> String {
        format!(
            "{}:{}",
            self.dir.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }

    fn calls(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("argv.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

use common::json_of;

fn write_defaults(sb: &Sandbox, text: &str) -> PathBuf {
    let p = sb.path().join("etc/debvisor-zfs-scrub");
    std::fs::write(&p, text).unwrap();
    p
}

fn config_with_defaults(sb: &Sandbox, defaults: &Path) {
    sb.write_config(&format!(
        "[zfs]\ndefaults_file = \"{}\"\nstagger_max_secs = 0\n",
        defaults.display()
    ));
}

const LIST_CALL: &str = "list -H -p -o name,size,alloc,free,frag,cap,dedup,health";

fn zfs_status(sb: &Sandbox, stub: &Stub, json: bool) -> std::process::Output {
    let mut c = sb.cmd();
    c.arg("zfs-status");
    if json {
        c.arg("--json");
    }
    c.env("PATH", stub.path_env()).output().unwrap()
}

#[test]
fn zfs_status_reports_a_recorded_degraded_pool() {
    // Recorded after `zpool offline tank /dev/vdc`: `zpool list -H -p` and `zpool status -x`
    // (for the one, unhealthy, pool the same report as `zpool status`).
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            ("list-Hp.txt", recorded("33-zpool-list-degraded-Hp.txt")),
            ("status-all.txt", recorded("34-zpool-status-x-degraded.txt")),
        ],
    );
    let out = zfs_status(&sb, &stub, true);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j = json_of(&out);
    assert_eq!(j["status"], "warning");
    let pools = j["pools"].as_array().unwrap();
    assert_eq!(pools.len(), 1);
    let tank = &pools[0];
    assert_eq!(tank["name"], "tank");
    assert_eq!(tank["health"], "DEGRADED");
    assert_eq!(tank["level"], "warning");
    assert_eq!(tank["size_bytes"], 1_006_632_960u64);
    assert_eq!(tank["alloc_bytes"], 67_354_624u64);
    assert_eq!(tank["capacity_percent"], 6);
    assert_eq!(tank["fragmentation_percent"], 3);
    assert_eq!(tank["last_scan"]["kind"], "scrub");
    assert_eq!(tank["last_scan"]["state"], "finished");
    assert_eq!(tank["last_scan"]["errors"], 0);
    assert_eq!(tank["last_scan"]["when"], "Tue Dec 1 22:50:49 2026");
    let bad: Vec<(&str, &str)> = tank["troubled_vdevs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["name"].as_str().unwrap(), v["state"].as_str().unwrap()))
        .collect();
    assert_eq!(bad, [("mirror-0", "DEGRADED"), ("vdc", "OFFLINE")]);
    let problems = tank["problems"].to_string();
    assert!(problems.contains("pool is DEGRADED"), "{problems}");
    assert!(
        problems.contains("vdc OFFLINE (errors r/w/c 0/0/0)"),
        "{problems}"
    );
    // two zpool calls, no more
    assert_eq!(stub.calls(), [LIST_CALL, "status -p"]);

    // The table form (same recorded output), with the pool's `action:` paragraph
    let out = zfs_status(&sb, &stub, false);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("scrub Tue Dec 1 22:50:49 2026, 0 errors"),
        "{text}"
    );
    assert!(
        text.contains(
            "tank: Online the device using 'zpool online' or replace the device with 'zpool replace'."
        ),
        "{text}"
    );
    assert!(text.contains("zfs status: warning"), "{text}");
}

#[test]
fn zfs_status_joins_list_and_status_of_two_pools() {
    // tank: recorded (end of the run, after a finished scrub); backup: hand-written, a resilver
    // in progress (the recorded run has no second pool and no running resilver).
    let sb = Sandbox::new();
    let backup_list =
        "backup\t1992864825344\t1494648619008\t498216206336\t-\t-\t31\t75\t1.00\tDEGRADED\t-\n";
    let stub = Stub::new(
        &sb,
        &[
            ("list-Hp.txt", format!("{backup_list}{}", list_final())),
            (
                "status-all.txt",
                format!(
                    "{}\n{}",
                    fixture("status-backup-resilvering.txt"),
                    recorded("54-zpool-scrub-resume-wait.txt")
                ),
            ),
        ],
    );
    let out = zfs_status(&sb, &stub, true);
    assert_eq!(out.status.code(), Some(1));
    let j = json_of(&out);
    let pools = j["pools"].as_array().unwrap();
    let tank = pools.iter().find(|p| p["name"] == "tank").unwrap();
    assert_eq!(tank["health"], "ONLINE");
    assert_eq!(tank["level"], "ok");
    assert_eq!(tank["capacity_percent"], 69);
    assert_eq!(tank["fragmentation_percent"], 14);
    assert_eq!(tank["last_scan"]["state"], "finished");
    assert_eq!(tank["last_scan"]["when"], "Tue Dec 1 22:54:04 2026");
    assert_eq!(tank["troubled_vdevs"].as_array().unwrap().len(), 0);
    let backup = pools.iter().find(|p| p["name"] == "backup").unwrap();
    assert_eq!(backup["level"], "warning");
    assert_eq!(backup["capacity_percent"], 75);
    assert_eq!(backup["last_scan"]["kind"], "resilver");
    assert_eq!(backup["last_scan"]["state"], "in_progress");
    let bad: Vec<&str> = backup["troubled_vdevs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert!(bad.contains(&"11474307467318862"), "{bad:?}");
    let text = String::from_utf8_lossy(&zfs_status(&sb, &stub, false).stdout).into_owned();
    assert!(text.contains("resilver running (19.0% done)"), "{text}");
}

#[test]
fn zfs_status_shows_recorded_running_and_paused_scrubs() {
    // A 665 MiB scrub, recorded while running (52) and after `zpool scrub -p` (53).
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            ("list-Hp.txt", recorded("51-write-more-data.txt")),
            (
                "status-all.txt",
                status_report("52-zpool-scrub-in-progress.txt"),
            ),
        ],
    );
    let out = zfs_status(&sb, &stub, false);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("scrub running (15.6% done)"), "{text}");

    stub.write(
        "status-all.txt",
        &status_report("53-zpool-scrub-paused.txt"),
    );
    let out = zfs_status(&sb, &stub, true);
    assert_eq!(out.status.code(), Some(0));
    let scan = &json_of(&out)["pools"][0]["last_scan"];
    assert_eq!(scan["state"], "paused");
    assert_eq!(scan["when"], "Tue Dec 1 22:53:57 2026");
    assert_eq!(scan["progress_percent"], 55.15);
    let text = String::from_utf8_lossy(&zfs_status(&sb, &stub, false).stdout).into_owned();
    assert!(
        text.contains("scrub paused since Tue Dec 1 22:53:57 2026 (55.1% done)"),
        "{text}"
    );
}

#[test]
fn zfs_status_and_health_check_without_pools() {
    // Recorded `zpool status` with no pool imported: nothing on stdout, "no pools available" on
    // stderr, exit 0. (`zpool list -H` then prints nothing: no list-Hp.txt.)
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            ("status-all.txt", recorded("09-zpool-status-nopools.txt")),
            (
                "status-all.stderr",
                recorded("09-zpool-status-nopools.stderr"),
            ),
        ],
    );
    let out = zfs_status(&sb, &stub, false);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "no pools\n");
    let out = zfs_status(&sb, &stub, true);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_of(&out)["pools"].as_array().unwrap().len(), 0);
    let out = sb
        .cmd()
        .args(["health-check", "--only", "zfs", "--json"])
        .env("PATH", stub.path_env())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let c = &json_of(&out)["checks"][0];
    assert_eq!(c["message"], "no pools", "{c}");
}

#[test]
fn zfs_status_is_critical_on_data_errors() {
    // Hand-written report of a scrub that found 2 errors (no recorded corruption).
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            ("list-Hp.txt", list_final()),
            ("status-all.txt", fixture("status-tank-errors.txt")),
        ],
    );
    let out = zfs_status(&sb, &stub, true);
    assert_eq!(out.status.code(), Some(2));
    let j = json_of(&out);
    assert_eq!(j["pools"][0]["level"], "critical");
    assert_eq!(j["pools"][0]["data_errors"], 2);
    assert!(j["pools"][0]["problems"]
        .to_string()
        .contains("sda ONLINE (errors r/w/c 0/0/14)"));
}

#[test]
fn zfs_scrub_skips_busy_pools_waits_and_reports_errors() {
    // tank: recorded fresh pool before (no scan yet), hand-written "with 2 errors" after its
    // scrub; backup: hand-written, resilvering, must be skipped.
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            ("status-tank.txt", recorded("12-zpool-status.txt")),
            ("status-tank.after.txt", fixture("status-tank-errors.txt")),
            (
                "status-backup.txt",
                fixture("status-backup-resilvering.txt"),
            ),
        ],
    );
    // The legacy file's keys, read as data; ZFS_SCRUB_OPTIONS is ignored.
    let d = write_defaults(
        &sb,
        "# /etc/default/debvisor-zfs-scrub\nZFS_POOL=tank\nZFS_POOL_LIST=\"tank backup\"\nZFS_SCRUB_OPTIONS=\"\"\nZFS_SCRUB_TIMEOUT=60\n",
    );
    config_with_defaults(&sb, &d);
    let out = sb
        .cmd()
        .args(["zfs-scrub", "--json"])
        .env("PATH", stub.path_env())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j = json_of(&out);
    assert_eq!(j["errors_found"], true);
    assert_eq!(j["pools"][0]["pool"], "tank");
    assert_eq!(j["pools"][0]["result"], "scrubbed");
    assert_eq!(j["pools"][0]["scan_errors"], 2);
    assert_eq!(j["pools"][0]["data_errors"], 2);
    assert_eq!(j["pools"][1]["pool"], "backup");
    assert_eq!(j["pools"][1]["result"], "skipped");
    assert_eq!(
        stub.calls(),
        [
            "status -p tank",
            "scrub tank",
            "wait -t scrub tank",
            "status -p tank",
            "status -p backup"
        ],
        "one pool at a time; no scrub of the resilvering pool"
    );
    // the scrub is audit-logged (mutating); the reads are not
    let audit = sb.audit_entries();
    assert!(
        audit.iter().any(|e| e["command"] == "zpool scrub tank"),
        "{audit:?}"
    );
}

#[test]
fn zfs_scrub_does_not_start_a_scrub_while_one_runs() {
    // Recorded while a scrub of tank was running (52).
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[(
            "status-tank.txt",
            status_report("52-zpool-scrub-in-progress.txt"),
        )],
    );
    config_with_defaults(&sb, &sb.path().join("absent"));
    let out = sb
        .cmd()
        .args(["zfs-scrub", "tank", "--json"])
        .env("PATH", stub.path_env())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j = json_of(&out);
    assert_eq!(j["pools"][0]["result"], "skipped");
    assert!(
        j["pools"][0]["message"]
            .as_str()
            .unwrap()
            .contains("a scrub is already running (15.6% done)"),
        "{j}"
    );
    assert_eq!(stub.calls(), ["status -p tank"]);
}

#[test]
fn zfs_scrub_clean_pool_exits_zero_and_falls_back_to_all_pools() {
    // Recorded: the pool list, `zpool status tank` before (fresh) and after (24) the scrub;
    // no defaults file: all pools.
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            ("list-Hp.txt", list_final()),
            ("status-tank.txt", recorded("12-zpool-status.txt")),
            (
                "status-tank.after.txt",
                recorded("24-zpool-status-scrubbing.txt"),
            ),
        ],
    );
    config_with_defaults(&sb, &sb.path().join("absent"));
    let out = sb
        .cmd()
        .args(["zfs-scrub"])
        .env("PATH", stub.path_env())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("repaired 0B with 0 errors (Tue Dec 1 22:50:49 2026)"),
        "{text}"
    );
    assert_eq!(
        stub.calls(),
        [
            "list -H -o name",
            "status -p tank",
            "scrub tank",
            "wait -t scrub tank",
            "status -p tank"
        ]
    );
}

#[test]
fn zfs_scrub_times_out_and_does_not_start_the_next_pool() {
    // Recorded `zpool status tank` (a second pool named by renaming it); `zpool wait` sleeps
    // longer than --timeout.
    let sb = Sandbox::new();
    let st = recorded("24-zpool-status-scrubbing.txt");
    let stub = Stub::new(
        &sb,
        &[
            ("status-tank.txt", st.clone()),
            ("status-other.txt", st.replace("tank", "other")),
        ],
    );
    config_with_defaults(&sb, &sb.path().join("absent"));
    let out = sb
        .cmd()
        .args(["zfs-scrub", "tank", "other", "--timeout", "1", "--json"])
        .env("PATH", stub.path_env())
        .env("STUB_WAIT", "10")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(124));
    let j = json_of(&out);
    assert_eq!(j["pools"][0]["result"], "timed_out");
    assert!(j["pools"][0]["message"]
        .as_str()
        .unwrap()
        .contains("the scrub of tank to finish"));
    assert_eq!(j["pools"][1]["result"], "not_started");
    assert!(!stub.calls().iter().any(|c| c == "scrub other"));
}

#[test]
fn zfs_scrub_dry_run_plans_the_scrub_and_the_stagger() {
    // Recorded `zpool status tank`.
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[("status-tank.txt", recorded("24-zpool-status-scrubbing.txt"))],
    );
    config_with_defaults(&sb, &sb.path().join("absent"));
    let run = || {
        sb.cmd()
            .args([
                "zfs-scrub",
                "tank",
                "--dry-run",
                "--stagger-max",
                "1000000000",
            ])
            .env("PATH", stub.path_env())
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("would run: zpool scrub tank"), "{text}");
    assert!(text.contains("would wait "), "{text}");
    assert_eq!(stub.calls(), ["status -p tank"], "only the read ran");
    // the per-host delay is deterministic
    let again = String::from_utf8_lossy(&run().stdout).into_owned();
    let wait_line = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("would wait"))
            .map(str::to_string)
    };
    assert_eq!(wait_line(&text), wait_line(&again));
}

#[test]
fn zfs_scrub_refuses_shell_syntax_in_the_defaults_file() {
    // The legacy unit relied on ${VAR} expansion; this file is data, and says so.
    let sb = Sandbox::new();
    let stub = Stub::new(&sb, &[]);
    let d = write_defaults(&sb, "ZFS_POOL=tank\nZFS_POOL_LIST=\"${ZFS_POOL}\"\n");
    config_with_defaults(&sb, &d);
    let out = sb
        .cmd()
        .args(["zfs-scrub"])
        .env("PATH", stub.path_env())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2") && err.contains("not a script"),
        "{err}"
    );
    assert!(stub.calls().is_empty());
    // and invalid pool names never reach zpool
    let out = sb
        .cmd()
        .args(["zfs-scrub", "-f"])
        .env("PATH", stub.path_env())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn health_check_uses_the_zfs_status_parser() {
    // Recorded: the DEGRADED pool after `zpool offline tank /dev/vdc`.
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            ("list-Hp.txt", recorded("33-zpool-list-degraded-Hp.txt")),
            ("status-all.txt", recorded("34-zpool-status-x-degraded.txt")),
        ],
    );
    let out = sb
        .cmd()
        .args(["health-check", "--only", "zfs", "--json"])
        .env("PATH", stub.path_env())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let j = json_of(&out);
    let msg = j["checks"][0]["message"].as_str().unwrap();
    assert!(msg.starts_with("tank DEGRADED"), "{msg}");
    assert!(msg.contains("vdc OFFLINE"), "{msg}");
}

/// health-check reads the operator's `[zfs] capacity_warn_percent`, as zfs-status does (it used
/// the built-in 80 % whatever the config said).
#[test]
fn health_check_honours_the_configured_zfs_capacity_threshold() {
    // Recorded: tank 69 % full, ONLINE, last scrub clean.
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            ("list-Hp.txt", list_final()),
            ("status-all.txt", recorded("54-zpool-scrub-resume-wait.txt")),
        ],
    );
    let check = |config: &str| {
        sb.write_config(config);
        let out = sb
            .cmd()
            .args(["health-check", "--only", "zfs", "--json"])
            .env("PATH", stub.path_env())
            .output()
            .unwrap();
        let j = json_of(&out);
        (
            out.status.code(),
            j["checks"][0]["status"].as_str().unwrap_or("").to_string(),
        )
    };
    // 69 % full: fine at the default threshold (80) ...
    assert_eq!(check(""), (Some(0), "ok".to_string()));
    // ... a warning when the operator set 69 (the threshold counts), fine at 70.
    assert_eq!(
        check("[zfs]\ncapacity_warn_percent = 69\n"),
        (Some(1), "warning".to_string())
    );
    assert_eq!(
        check("[zfs]\ncapacity_warn_percent = 70\n"),
        (Some(0), "ok".to_string())
    );
}
