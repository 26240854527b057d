//! zfs-status, zfs-scrub and health-check's ZFS check, against a STUB `zpool`.
//!
//! There is no ZFS kernel module on these machines, so `zpool` cannot run for real. Every test
//! here puts a stub `zpool` first on PATH that REPLAYS RECORDED-FORMAT OUTPUT (the OpenZFS 2.1
//! output in tests/fixtures/zfs/, see its README) and records its argv, one line per call.
//! The stub keeps a tiny bit of state: after `zpool scrub POOL` it answers `zpool status POOL`
//! with the "after" fixture, and `zpool wait` sleeps $STUB_WAIT seconds.

mod common;

use std::path::{Path, PathBuf};

use common::Sandbox;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(common::repo().join("tests/fixtures/zfs").join(name)).unwrap()
}

struct Stub {
    dir: PathBuf,
}

impl Stub {
    /// A stub zpool under the sandbox; `files` are (name in stub dir, contents).
    fn new(sb: &Sandbox, files: &[(&str, String)]) -> Stub {
        let dir = sb.path().join("zpool-stub");
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        for (n, c) in files {
            std::fs::write(dir.join(n), c).unwrap();
        }
        let script = r#"#!/bin/sh
# STUB zpool (tests only): replays recorded-format zpool output and records its argv.
D=$(dirname "$0")/..
printf '%s\n' "$*" >> "$D/argv.log"
case "$1" in
  list)
    if [ "$4" = name ]; then cat "$D/names.txt"; else cat "$D/list.txt"; fi ;;
  status)
    shift; [ "$1" = -p ] && shift
    if [ $# -eq 0 ]; then cat "$D/status-all.txt"; exit 0; fi
    for p in "$@"; do
      if [ -e "$D/scrubbed-$p" ] && [ -e "$D/status-$p.after.txt" ]; then cat "$D/status-$p.after.txt"
      elif [ -e "$D/status-$p.txt" ]; then cat "$D/status-$p.txt"
      else echo "cannot open '$p': no such pool" >&2; exit 1; fi
    done ;;
  scrub) touch "$D/scrubbed-$2" ;;
  wait) sleep "${STUB_WAIT:-0}" ;;
  *) echo "stub zpool: unexpected $*" >&2; exit 2 ;;
esac
"#;
        let p = dir.join("bin/zpool");
        std::fs::write(&p, script).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        Stub { dir }
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

#[test]
fn zfs_status_reports_health_capacity_scrub_and_troubled_vdevs() {
    // Stub replaying recorded-format output: backup resilvering (DEGRADED, 75% full), tank clean.
    let sb = Sandbox::new();
    let all = format!(
        "{}\n{}",
        fixture("status-backup-resilvering.txt"),
        fixture("status-tank-clean.txt")
    );
    let stub = Stub::new(
        &sb,
        &[("list.txt", fixture("list.txt")), ("status-all.txt", all)],
    );
    let out = sb
        .cmd()
        .args(["zfs-status", "--json"])
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
    assert_eq!(j["status"], "warning");
    let pools = j["pools"].as_array().unwrap();
    let tank = pools.iter().find(|p| p["name"] == "tank").unwrap();
    assert_eq!(tank["health"], "ONLINE");
    assert_eq!(tank["level"], "ok");
    assert_eq!(tank["capacity_percent"], 41);
    assert_eq!(tank["fragmentation_percent"], 12);
    assert_eq!(tank["last_scan"]["kind"], "scrub");
    assert_eq!(tank["last_scan"]["state"], "finished");
    assert_eq!(tank["last_scan"]["errors"], 0);
    let backup = pools.iter().find(|p| p["name"] == "backup").unwrap();
    assert_eq!(backup["level"], "warning");
    assert_eq!(backup["last_scan"]["state"], "in_progress");
    let bad: Vec<&str> = backup["troubled_vdevs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert!(bad.contains(&"11474307467318862"), "{bad:?}");
    // two zpool calls, no more
    assert_eq!(
        stub.calls(),
        [
            "list -H -p -o name,size,alloc,free,frag,cap,dedup,health",
            "status -p"
        ]
    );

    // The table form (same recorded output)
    let out = sb
        .cmd()
        .args(["zfs-status"])
        .env("PATH", stub.path_env())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("resilver running (19.0% done)"), "{text}");
    assert!(text.contains("zfs status: warning"), "{text}");
}

#[test]
fn zfs_status_is_critical_on_data_errors() {
    // Stub replaying the recorded-format report of a scrub that found 2 errors.
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            (
                "list.txt",
                "tank\t3985729650688\t1634148130406\t2351581520282\t12\t41\t1.00\tONLINE\n".into(),
            ),
            ("status-all.txt", fixture("status-tank-errors.txt")),
        ],
    );
    let out = sb
        .cmd()
        .args(["zfs-status", "--json"])
        .env("PATH", stub.path_env())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let j = json_of(&out);
    assert_eq!(j["pools"][0]["data_errors"], 2);
    assert!(j["pools"][0]["problems"]
        .to_string()
        .contains("sda ONLINE (errors r/w/c 0/0/14)"));
}

#[test]
fn zfs_scrub_skips_busy_pools_waits_and_reports_errors() {
    // Stub replaying recorded-format output: tank clean before, "with 2 errors" after its scrub;
    // backup is resilvering and must be skipped.
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            ("status-tank.txt", fixture("status-tank-clean.txt")),
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
fn zfs_scrub_clean_pool_exits_zero_and_falls_back_to_all_pools() {
    // Stub replaying recorded-format output of a clean mirror; no defaults file: all pools.
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            ("names.txt", "tank\n".into()),
            ("status-tank.txt", fixture("status-tank-clean.txt")),
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
    assert!(text.contains("repaired 0B with 0 errors"), "{text}");
    assert_eq!(stub.calls()[0], "list -H -o name");
}

#[test]
fn zfs_scrub_times_out_and_does_not_start_the_next_pool() {
    // Stub replaying recorded-format output; its `zpool wait` sleeps longer than --timeout.
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            ("status-tank.txt", fixture("status-tank-clean.txt")),
            (
                "status-other.txt",
                fixture("status-tank-clean.txt").replace("tank", "other"),
            ),
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
    // Stub replaying recorded-format output.
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[("status-tank.txt", fixture("status-tank-clean.txt"))],
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
    // Stub replaying recorded-format output: one DEGRADED pool.
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            (
                "list.txt",
                "tank\t3985729650688\t1634148130406\t2351581520282\t12\t41\t1.00\tDEGRADED\n"
                    .into(),
            ),
            ("status-all.txt", fixture("status-tank-degraded.txt")),
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
    assert!(msg.contains("9371654123678190123 UNAVAIL"), "{msg}");
}

/// health-check reads the operator's `[zfs] capacity_warn_percent`, as zfs-status does (it used
/// the built-in 80 % whatever the config said).
#[test]
fn health_check_honours_the_configured_zfs_capacity_threshold() {
    let sb = Sandbox::new();
    let stub = Stub::new(
        &sb,
        &[
            (
                "list.txt",
                "tank\t3985729650688\t3387870202880\t597859447808\t12\t85\t1.00\tONLINE\n".into(),
            ),
            ("status-all.txt", fixture("status-tank-clean.txt")),
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
    // 85 % full: a warning at the default threshold (80) ...
    assert_eq!(check(""), (Some(1), "warning".to_string()));
    // ... and fine when the operator set 88.
    assert_eq!(
        check("[zfs]\ncapacity_warn_percent = 88\n"),
        (Some(0), "ok".to_string())
    );
}
