//! The timer-driven units (packaging/systemd/debvisor-{ceph-health,zfs-scrub,blocklist,metrics}.{service,timer}):
//! accepted by `systemd-analyze verify`, free of the shell `${VAR}` pitfall that broke the legacy
//! ceph-health and zfs-scrub units, and running command lines this binary accepts.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const UNITS: [&str; 8] = [
    "debvisor-ceph-health.service",
    "debvisor-ceph-health.timer",
    "debvisor-zfs-scrub.service",
    "debvisor-zfs-scrub.timer",
    "debvisor-blocklist.service",
    "debvisor-blocklist.timer",
    "debvisor-metrics.service",
    "debvisor-metrics.timer",
];
const INSTALLED_BIN: &str = "/usr/sbin/debvisor";

fn unit_text(name: &str) -> String {
    std::fs::read_to_string(common::repo().join("packaging/systemd").join(name)).unwrap()
}

/// Copies the units into `dir` with ExecStart pointing at the binary under test (verify
/// requires an existing executable).
fn copy_units(dir: &Path, bin: &Path) {
    for u in UNITS {
        let t = unit_text(u).replace(INSTALLED_BIN, &bin.display().to_string());
        std::fs::write(dir.join(u), t).unwrap();
    }
}

fn verify(dir: &Path) -> std::process::Output {
    let paths: Vec<PathBuf> = UNITS.iter().map(|u| dir.join(u)).collect();
    Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .args(&paths)
        .output()
        .unwrap()
}

fn exec_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with("Exec"))
        .map(|l| l.split_once('=').unwrap().1.to_string())
        .collect()
}

#[test]
fn systemd_analyze_verify_accepts_the_storage_units() {
    if which::which("systemd-analyze").is_err() {
        common::skip(
            "systemd_analyze_verify_accepts_the_storage_units",
            "systemd-analyze not installed (apt-get install systemd)",
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    copy_units(dir.path(), &common::bin());
    let out = verify(dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "systemd-analyze verify failed:\n{err}"
    );
    for u in UNITS {
        assert!(!err.contains(u), "verify complained about {u}:\n{err}");
    }

    // Control: verify does check ExecStart, so the substitution above is what makes it pass.
    let bad = tempfile::tempdir().unwrap();
    copy_units(bad.path(), Path::new("/nonexistent/debvisor"));
    let out = verify(bad.path());
    assert!(!out.status.success(), "verify accepted a missing binary");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not executable"));
}

#[test]
fn units_have_no_shell_variable_pitfalls() {
    for u in UNITS {
        let text = unit_text(u);
        for (i, l) in text.lines().enumerate() {
            if l.trim_start().starts_with('#') {
                continue;
            }
            assert!(
                !l.contains('$') && !l.contains('%'),
                "{u}:{}: systemd expands $VAR / %specifiers here: {l}",
                i + 1
            );
            assert!(
                !l.contains("bash -c") && !l.contains("sh -c"),
                "{u}:{}: no shell in units: {l}",
                i + 1
            );
            assert!(
                !l.starts_with("Environment"),
                "{u}: no environment plumbing"
            );
        }
        for e in exec_lines(&text) {
            let prog = e.trim_start_matches(['-', '@', ':', '+', '!']);
            assert!(prog.starts_with(INSTALLED_BIN), "{u}: runs {e}");
        }
    }
}

#[test]
fn unit_command_lines_are_accepted_by_the_binary() {
    // Each ExecStart's arguments must parse (an unknown flag before --help is a usage error).
    for u in [
        "debvisor-ceph-health.service",
        "debvisor-zfs-scrub.service",
        "debvisor-blocklist.service",
        "debvisor-metrics.service",
    ] {
        for e in exec_lines(&unit_text(u)) {
            let args: Vec<&str> = e
                .trim_start_matches(['-', '@', ':', '+', '!'])
                .split_whitespace()
                .skip(1)
                .collect();
            let out = Command::new(common::bin())
                .args(&args)
                .arg("--help")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{u}: `debvisor {}` rejected: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn timers_schedule_hourly_health_and_weekly_randomized_scrub() {
    let h = unit_text("debvisor-ceph-health.timer");
    assert!(h.contains("OnCalendar=hourly"));
    assert!(h.contains("Persistent=true"));
    let z = unit_text("debvisor-zfs-scrub.timer");
    assert!(z.contains("OnCalendar=Sun *-*-* 02:00:00"));
    assert!(z.contains("RandomizedDelaySec="));
    let s = unit_text("debvisor-ceph-health.service");
    assert!(s.contains("ExecStart=/usr/sbin/debvisor cephctl alerts\n"));
    assert!(s.contains("StandardOutput=journal"));
    // the man pages the units reference exist (generated into man/)
    for u in UNITS {
        for l in unit_text(u)
            .lines()
            .filter(|l| l.starts_with("Documentation=man:"))
        {
            let page = l.trim_start_matches("Documentation=man:");
            let (name, sect) = page.trim_end_matches(')').split_once('(').unwrap();
            let p = common::repo().join("man").join(format!("{name}.{sect}"));
            assert!(
                p.exists(),
                "{u} references {page}, but {} is missing",
                p.display()
            );
        }
    }
}

#[test]
fn metrics_timer_runs_every_minute_into_node_exporters_directory() {
    let t = unit_text("debvisor-metrics.timer");
    assert!(t.contains("OnUnitActiveSec=1min"), "{t}");
    assert!(t.contains("OnBootSec=1min"), "{t}");
    let s = unit_text("debvisor-metrics.service");
    assert!(
        s.contains("metrics --quiet --textfile /var/lib/prometheus/node-exporter"),
        "{s}"
    );
    // A run must end before the next one starts.
    assert!(s.contains("TimeoutStartSec=50s"), "{s}");
}
