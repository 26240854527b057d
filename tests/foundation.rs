//! The multi-call binary: dispatch, global flags, configuration errors, install-links,
//! generated docs, and health-check against real components.

mod common;

use common::{dns::Dns, Sandbox};
use predicates::prelude::*;

#[test]
fn dispatches_on_argv0_with_and_without_prefix_and_sh_suffix() {
    let sb = Sandbox::new();
    for name in ["debvisor-health-check", "debvisor-health-check.sh"] {
        sb.cmd_as(name)
            .arg("--version")
            .assert()
            .success()
            .stdout(predicate::str::starts_with("health-check "));
    }
    sb.cmd()
        .args(["health-check", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
    // An unknown argv[0] falls back to `debvisor APPLET`.
    sb.cmd_as("something-else")
        .args(["--list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("install-links"));
}

#[test]
fn list_shows_applets_and_unknown_applet_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.cmd().arg("--list").assert().success().stdout(
        predicate::str::contains("health-check").and(predicate::str::contains("install-links")),
    );
    sb.cmd().arg("no-such-applet").assert().code(2).stderr(
        predicate::str::contains("unknown applet `no-such-applet`")
            .and(predicate::str::contains("--help")),
    );
    sb.cmd()
        .args(["health-check", "--bogus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("try '--help'"));
}

/// `--version` and `--help` must not touch the disk or the network: traced with strace.
#[test]
fn version_and_help_do_no_io() {
    if which::which("strace").is_err() {
        common::skip(
            "version_and_help_do_no_io",
            "strace not installed (scripts/install-deps installs it)",
        );
        return;
    }
    let sb = Sandbox::new();
    for args in [
        &["health-check", "--version"][..],
        &["health-check", "--help"][..],
    ] {
        let trace = sb.path().join("trace");
        let st = std::process::Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=%file,%network", "-o"])
            .arg(&trace)
            .arg(common::bin())
            .args(args)
            .env("DEBVISOR_CONFIG", "/nonexistent/debvisor.toml")
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(st.success());
        let t = std::fs::read_to_string(&trace).unwrap();
        // Allowed: the exec itself, and procfs reads by the C runtime and Rust's start-up (glibc
        // resolves /proc/self/exe; pthread_getattr_np reads /proc/self/maps for the main
        // thread's stack guard). Neither is disk nor network.
        let calls: Vec<&str> = t
            .lines()
            .filter(|l| !l.contains("execve(") && !l.contains("\"/proc/self/"))
            .filter(|l| !l.contains("newfstatat(3, \"\"") && !l.contains("fstat(3"))
            .collect();
        assert!(
            calls.is_empty(),
            "{args:?} touched files or network:\n{}",
            calls.join("\n")
        );
    }
}

#[test]
fn malformed_config_names_file_line_and_key() {
    let sb = Sandbox::new();
    sb.write_config("[general]\n\n[health]\ndisk_warn_percent = \"lots\"\n");
    sb.cmd()
        .args(["health-check", "--only", "disk"])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains(format!(
                "{}:4: key `disk_warn_percent`",
                sb.config_path().display()
            ))
            .and(predicate::str::contains("\n").count(1)),
        );
    sb.write_config("[helath]\nx = 1\n");
    sb.cmd()
        .args(["health-check", "--only", "disk"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(":1: unknown section [helath]"));
}

#[test]
fn install_links_is_idempotent_and_refuses_foreign_files() {
    let sb = Sandbox::new();
    let dir = sb.path().join("links");
    std::fs::create_dir(&dir).unwrap();
    // Dry run: plans, creates nothing.
    sb.cmd()
        .args(["install-links", "--dry-run"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("would symlink "));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);

    sb.cmd().arg("install-links").arg(&dir).assert().success();
    let link = dir.join("debvisor-health-check");
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        common::bin().canonicalize().unwrap()
    );
    assert!(
        !dir.join("tsig-keygen").exists(),
        "must never shadow BIND's tsig-keygen"
    );
    // Through the link, the applet runs.
    std::process::Command::new(&link)
        .arg("--version")
        .status()
        .unwrap()
        .success()
        .then_some(())
        .unwrap();
    // Second run changes nothing.
    sb.cmd()
        .arg("install-links")
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("already in place"));

    // A foreign file is refused without --force, and nothing is created.
    std::fs::remove_file(&link).unwrap();
    std::fs::write(&link, "#!/bin/sh\n").unwrap();
    sb.cmd()
        .arg("install-links")
        .arg(&dir)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("--force"));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_file());
    sb.cmd()
        .args(["install-links", "--force"])
        .arg(&dir)
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    // Each creation is audited.
    assert!(sb.audit_entries().iter().any(|e| e["action"] == "symlink"));

    sb.cmd()
        .args(["install-links", "--remove"])
        .arg(&dir)
        .assert()
        .success();
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

/// man/ and completions/ are generated from the clap definitions; this fails when they are
/// stale (regenerate with scripts/gen-docs).
#[test]
fn committed_man_pages_and_completions_are_current() {
    let sb = Sandbox::new();
    for (what, dir) in [("man", "man"), ("completions", "completions")] {
        let out = sb.path().join(what);
        sb.cmd()
            .args(["generate", what])
            .arg(&out)
            .assert()
            .success();
        let diff = std::process::Command::new("diff")
            .args(["-r"])
            .arg(common::repo().join(dir))
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            diff.status.success(),
            "{dir}/ is stale; run scripts/gen-docs and commit:\n{}",
            String::from_utf8_lossy(&diff.stdout)
        );
    }
}

#[test]
fn health_check_against_libvirt_test_driver_and_real_bind() {
    let sb = Sandbox::new();
    let Some(dns) = Dns::start("health_check_against_libvirt_test_driver_and_real_bind") else {
        return;
    };
    sb.write_config(&format!(
        "[dns]\nzone = \"debvisor.local\"\nprimaries = [\"{}\"]\nsecondaries = [\"{}\"]\n",
        dns.primary(),
        dns.secondary()
    ));
    let out = sb
        .cmd()
        .args([
            "health-check",
            "--json",
            "-c",
            "test:///default",
            "--only",
            "libvirt,dns",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["status"], "healthy");
    assert_eq!(v["score"], 100);
    let checks = v["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 3, "{v}");
    assert!(checks[0]["message"]
        .as_str()
        .unwrap()
        .contains("test:///default"));
    assert!(checks[1]["message"]
        .as_str()
        .unwrap()
        .contains("SOA serial"));

    // The primary dies: the DNS check goes critical, exit 2, with a hint.
    dns.kill_primary();
    let out = sb
        .cmd()
        .args([
            "health-check",
            "--json",
            "-c",
            "test:///default",
            "--only",
            "libvirt,dns",
        ])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["status"], "critical");
    assert_eq!(v["score"], 70);
    let dead = &v["checks"][1];
    assert_eq!(dead["status"], "critical");
    assert!(dead["hint"].is_string());
}

#[test]
fn health_check_reports_unreachable_libvirt_as_critical() {
    if which::which("virsh").is_err() {
        common::skip(
            "health_check_reports_unreachable_libvirt_as_critical",
            "virsh not installed",
        );
        return;
    }
    let sb = Sandbox::new();
    let sock = sb.path().join("no-such.sock");
    sb.cmd()
        .args(["health-check", "--only", "libvirt", "-c"])
        .arg(format!("qemu+unix:///system?socket={}", sock.display()))
        .assert()
        .code(2)
        .stdout(
            predicate::str::contains("critical").and(predicate::str::contains("start libvirtd")),
        );
}

/// Global flags before the applet name work as after it (`debvisor --dry-run hvctl …`, the
/// busybox/git habit): the same plan, nothing changed.
#[test]
fn global_flags_before_the_applet_name() {
    let sb = Sandbox::new();
    let dir = sb.path().join("links");
    std::fs::create_dir(&dir).unwrap();
    let cfg = sb.config_path();
    let before = sb
        .cmd()
        .args(["--dry-run", "--config"])
        .arg(&cfg)
        .args(["--json", "install-links"])
        .arg(&dir)
        .output()
        .unwrap();
    let after = sb
        .cmd()
        .args(["install-links", "--dry-run", "--config"])
        .arg(&cfg)
        .arg("--json")
        .arg(&dir)
        .output()
        .unwrap();
    common::assert_ok(&before);
    assert_eq!(before.stdout, after.stdout, "same plan either way");
    assert!(!before.stdout.is_empty());
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "--dry-run before the applet is still a dry run"
    );
    let out = sb
        .cmd()
        .args(["--bogus", "hvctl", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown applet `--bogus`"));
}
