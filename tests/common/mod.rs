//! Shared test harness: a sandbox per test (config, audit log, state and lock dirs under a
//! temp dir), the binary under test, and real components started by the project's own scripts.
//!
//! Components are stopped by PID in `Drop`, so they go away even when a test fails.
//! A component that cannot start makes the test SKIP LOUDLY — or fail when
//! DEBVISOR_REQUIRE_COMPONENTS=1 (scripts/test sets it: there, every component must run).

#![allow(dead_code)]

pub mod ceph;
pub mod dns;
pub mod etcd;
pub mod k8s;
pub mod libvirt;
pub mod loopdisk;
pub mod netns;
pub mod nodes;
pub mod prometheus;
pub mod vm;

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_debvisor"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn script(name: &str) -> PathBuf {
    repo().join("scripts").join(name)
}

/// Prints a loud skip notice, or panics when components are required.
pub fn skip(test: &str, why: &str) {
    if std::env::var("DEBVISOR_REQUIRE_COMPONENTS").as_deref() == Ok("1") {
        panic!("{test}: required component unavailable: {why}");
    }
    eprintln!("\n!!!!!!!! SKIPPED {test}: {why} !!!!!!!!\n");
}

/// Whether every program is on PATH; if not, a loud skip notice naming the first missing one
/// and how to install it (a failure under DEBVISOR_REQUIRE_COMPONENTS=1).
pub fn programs_installed(test: &str, programs: &[&str], install: &str) -> bool {
    match programs.iter().find(|p| which::which(p).is_err()) {
        None => true,
        Some(missing) => {
            skip(test, &format!("{missing} is not installed: {install}"));
            false
        }
    }
}

/// Writes an executable script (stubs, recorders).
pub fn write_exe(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, body).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Whether a program is on the PATH.
pub fn have(tool: &str) -> bool {
    which::which(tool).is_ok()
}

/// A stand-in program SB/NAME.sh that appends its argv (one line per call) to SB/NAME.log.
pub fn recorder(sb: &Sandbox, name: &str) -> (PathBuf, PathBuf) {
    let log = sb.path().join(format!("{name}.log"));
    let p = sb.path().join(format!("{name}.sh"));
    write_exe(
        &p,
        &format!("#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\n", log.display()),
    );
    (p, log)
}

/// The last stdout line of a command as JSON (applets print one JSON document per line).
#[track_caller]
pub fn json_of(out: &std::process::Output) -> serde_json::Value {
    let s = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(s.lines().last().unwrap_or("")).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): stdout {s:?} stderr {:?}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Asserts that a command succeeded; the failure names its status, stdout and stderr.
#[track_caller]
pub fn assert_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// A per-test sandbox: every path the tool writes to is inside `dir`.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("dv-test.")
            .tempdir()
            .unwrap();
        std::fs::create_dir_all(dir.path().join("etc")).unwrap();
        std::fs::write(dir.path().join("etc/debvisor.toml"), "").unwrap();
        Sandbox { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config_path(&self) -> PathBuf {
        self.path().join("etc/debvisor.toml")
    }

    pub fn write_config(&self, toml: &str) {
        std::fs::write(self.config_path(), toml).unwrap();
    }

    pub fn audit_log(&self) -> PathBuf {
        self.path().join("log/audit.jsonl")
    }

    pub fn exec_log(&self) -> PathBuf {
        self.path().join("exec.jsonl")
    }

    /// `debvisor ARGS…` with the sandbox environment.
    /// Runs `debvisor ARGS…` in the sandbox and asserts that it succeeded.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> std::process::Output {
        let out = self.cmd().args(args).output().unwrap();
        assert_ok(&out);
        out
    }

    /// Runs `debvisor ARGS…`, asserts success and returns its JSON output.
    #[track_caller]
    pub fn json_ok(&self, args: &[&str]) -> serde_json::Value {
        json_of(&self.ok(args))
    }

    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::new(bin());
        self.apply_env(&mut c);
        c
    }

    /// The binary invoked through a link named `argv0` (busybox-style dispatch).
    pub fn cmd_as(&self, argv0: &str) -> assert_cmd::Command {
        let link = self.path().join("bin").join(argv0);
        if !link.exists() {
            std::fs::create_dir_all(link.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(bin(), &link).unwrap();
        }
        let mut c = assert_cmd::Command::new(link);
        self.apply_env(&mut c);
        c
    }

    fn apply_env(&self, c: &mut assert_cmd::Command) {
        c.envs(self.envs())
            .env_remove("LIBVIRT_DEFAULT_URI")
            .env_remove("JOURNAL_STREAM");
    }

    /// The environment that points every path the tool uses into the sandbox.
    pub fn envs(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("DEBVISOR_CONFIG", self.config_path()),
            ("DEBVISOR_AUDIT_LOG", self.audit_log()),
            ("DEBVISOR_STATE_DIR", self.path().join("state")),
            ("DEBVISOR_LOCK_DIR", self.path().join("lock")),
            ("DEBVISOR_LOG_DIR", self.path().join("log")),
            ("DEBVISOR_EXEC_LOG", self.exec_log()),
            ("DEBVISOR_SSH_CONTROL_DIR", self.path().join("ssh")),
        ]
    }

    /// The commands the execution layer ran or planned (DEBVISOR_EXEC_LOG).
    pub fn exec_entries(&self) -> Vec<serde_json::Value> {
        read_json_lines(&self.exec_log())
    }

    pub fn audit_entries(&self) -> Vec<serde_json::Value> {
        read_json_lines(&self.audit_log())
    }
}

pub fn read_json_lines(p: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// Runs a project script and parses its KEY=VALUE output lines.
pub fn run_env_script(
    cmd: &mut Command,
) -> Result<std::collections::HashMap<String, String>, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect())
}
