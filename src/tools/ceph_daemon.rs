//! The Ceph daemons and their offline tools, as firstboot's first-monitor bootstrap runs them
//! (the sequence scripts/ceph-start runs on Ceph 16 and 18): `monmaptool --create`,
//! `ceph-mon --mkfs`, the daemons in the foreground (`-f`, for a detached start whose PID we
//! keep) and their systemd units (built with `tools::systemctl`; join stops an OSD's unit on
//! rollback). Secrets never appear here: keys travel in keyring files.

use std::path::Path;

use super::systemctl;
use crate::exec::Cmd;

/// Ceph's daemons read `CEPH_ARGS` too; an inherited `--keyring …` breaks their cephx
/// (the daemon fails to authenticate with the client's key), so every daemon command drops it.
fn daemon(prog: &str) -> Cmd {
    Cmd::new(prog).env_remove("CEPH_ARGS")
}

/// `monmaptool --create --clobber --addv ID ADDRVEC --fsid FSID MAP`.
pub fn monmap_create(map: &Path, id: &str, addrvec: &str, fsid: &str) -> Cmd {
    Cmd::new("monmaptool")
        .args([
            "--create",
            "--clobber",
            "--addv",
            id,
            addrvec,
            "--fsid",
            fsid,
        ])
        .arg(map)
        .timeout_secs(30)
        .what("creating the initial monitor map")
}

/// `ceph-mon -c CONF --mkfs -i ID --monmap MAP --keyring KEYRING [--setuser U --setgroup G]`.
pub fn mon_mkfs(conf: &Path, id: &str, map: &Path, keyring: &Path, user: Option<&str>) -> Cmd {
    let mut c = daemon("ceph-mon")
        .arg("-c")
        .arg(conf)
        .args(["--mkfs", "-i", id, "--monmap"])
        .arg(map)
        .arg("--keyring")
        .arg(keyring);
    if let Some(u) = user {
        c = c.args(["--setuser", u, "--setgroup", u]);
    }
    c.timeout_secs(120)
        .what(format!("creating the data of monitor mon.{id}"))
}

/// `ceph-mon|ceph-mgr -c CONF -i ID -f` (foreground: the caller detaches it and keeps the PID).
pub fn foreground(kind: &str, conf: &Path, id: &str) -> Cmd {
    daemon(&format!("ceph-{kind}"))
        .arg("-c")
        .arg(conf)
        .args(["-i", id, "-f"])
        .what(format!("starting {kind}.{id}"))
}

/// `ceph-KIND -c CONF -i ID --show-config-value OPTION`: the daemon's effective setting
/// (its built-in default unless the conf overrides it). Reads only.
pub fn show_config_value(kind: &str, conf: &Path, id: &str, option: &str) -> Cmd {
    daemon(&format!("ceph-{kind}"))
        .arg("-c")
        .arg(conf)
        .args(["-i", id, "--show-config-value", option])
        .read_only()
        .timeout_secs(30)
        .what(format!("reading {kind}.{id}'s {option}"))
}

/// `systemctl enable --now ceph-KIND.target ceph-KIND@ID` (idempotent).
pub fn systemd_enable(kind: &str, id: &str) -> Cmd {
    let target = format!("ceph-{kind}.target");
    let unit = format!("ceph-{kind}@{id}");
    systemctl::cmd(["enable", "--now", &target, &unit], 120)
        .what(format!("starting {kind}.{id} (systemd)"))
}

/// `systemctl restart ceph-KIND@ID`.
pub fn systemd_restart(kind: &str, id: &str) -> Cmd {
    systemctl::restart(&format!("ceph-{kind}@{id}"), 120)
        .what(format!("restarting {kind}.{id} (systemd)"))
}

/// `systemctl stop ceph-KIND@ID` (unchecked: a unit that is not running is stopped already).
pub fn systemd_stop(kind: &str, id: &str) -> Cmd {
    systemctl::stop(&format!("ceph-{kind}@{id}"), 120).unchecked()
}

/// `systemctl daemon-reload` (after a unit drop-in changed).
pub fn systemd_daemon_reload() -> Cmd {
    systemctl::cmd(["daemon-reload"], 60).what("reloading systemd's unit files")
}

/// `systemctl try-restart 'ceph-mgr@*.service'`: restarts the managers that run, starts none.
pub fn systemd_try_restart_mgrs() -> Cmd {
    systemctl::cmd(["try-restart", "ceph-mgr@*.service"], 120)
        .what("restarting the running ceph-mgr units")
}

/// `systemctl is-active --quiet ceph-KIND@ID` (exit 0 when running).
pub fn systemd_is_active(kind: &str, id: &str) -> Cmd {
    systemctl::is_active(&format!("ceph-{kind}@{id}"), 30)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        assert_eq!(
            monmap_create(Path::new("/t/monmap"), "hv1", "[v2:1.2.3.4:3300,v1:1.2.3.4:6789]", "f")
                .to_string(),
            "monmaptool --create --clobber --addv hv1 '[v2:1.2.3.4:3300,v1:1.2.3.4:6789]' --fsid f /t/monmap"
        );
        assert_eq!(
            foreground("mgr", Path::new("/e/ceph.conf"), "hv1").to_string(),
            "-u CEPH_ARGS ceph-mgr -c /e/ceph.conf -i hv1 -f"
        );
        assert!(mon_mkfs(
            Path::new("/c"),
            "a",
            Path::new("/m"),
            Path::new("/k"),
            Some("ceph")
        )
        .to_string()
        .ends_with("--keyring /k --setuser ceph --setgroup ceph"));
    }
}
