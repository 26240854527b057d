//! systemctl: units on this node, and the reboot of a cluster node. Unit-specific builders live
//! next to their daemon (`ceph_daemon`, `websockify`) and are built from the ones here.

use crate::exec::{Cmd, Node};

/// `systemctl ARGS…` (mutating until marked otherwise).
pub fn cmd<I, S>(args: I, timeout_secs: u64) -> Cmd
where
    I: IntoIterator<Item = S>,
    S: Into<std::ffi::OsString>,
{
    Cmd::new("systemctl").args(args).timeout_secs(timeout_secs)
}

/// `systemctl is-active --quiet UNIT`: the exit status is the answer (read-only, unchecked).
pub fn is_active(unit: &str, timeout_secs: u64) -> Cmd {
    cmd(["is-active", "--quiet", unit], timeout_secs)
        .read_only()
        .unchecked()
}

/// `systemctl restart UNIT`.
pub fn restart(unit: &str, timeout_secs: u64) -> Cmd {
    cmd(["restart", unit], timeout_secs)
}

/// `systemctl stop UNIT`.
pub fn stop(unit: &str, timeout_secs: u64) -> Cmd {
    cmd(["stop", unit], timeout_secs)
}

/// `systemctl is-active --quiet docker`.
pub fn docker_is_active() -> Cmd {
    is_active("docker", 10)
}

/// `systemctl restart docker` (after its daemon.json changed).
pub fn docker_restart() -> Cmd {
    restart("docker", 120)
}

/// `systemctl reload nginx.service` (after the /vnc/ route map changed).
pub fn nginx_reload() -> Cmd {
    cmd(["reload", "nginx.service"], 60).what("nginx (new /vnc/ routes)")
}

/// The reboot of a cluster node: `[upgrade] reboot_command` (default `systemctl reboot`) over
/// ssh. Unchecked: the connection drops as the node goes down, so the exit status means nothing.
pub fn reboot(prog: &str, args: &[String], node: &Node) -> Cmd {
    Cmd::new(prog)
        .args(args)
        .on(node)
        .unchecked()
        .timeout_secs(60)
        .what(format!("rebooting {}", node.name))
}

/// `systemctl show -p Id,Result,ActiveState,ExecMainStatus,ExecMainExitTimestamp UNIT…`: the last
/// result of many units in one process (parse with `model::metrics::parse_systemctl_show`).
pub fn show_results(units: &[String]) -> Cmd {
    cmd(
        [
            "show",
            "--timestamp=utc",
            "-p",
            "Id,Result,ActiveState,ExecMainStatus,ExecMainExitTimestamp",
            "--",
        ]
        .into_iter()
        .map(String::from)
        .chain(units.iter().cloned()),
        15,
    )
    .read_only()
    .unchecked()
    .what("last results of the debvisor units")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::Effect;

    #[test]
    fn commands() {
        assert_eq!(
            docker_is_active().to_string(),
            "systemctl is-active --quiet docker"
        );
        assert_eq!(docker_is_active().effect(), Effect::ReadOnly);
        assert_eq!(docker_restart().effect(), Effect::Mutating);
        assert_eq!(nginx_reload().to_string(), "systemctl reload nginx.service");
        let n = Node::new("hv2".to_string(), "10.0.0.2".to_string());
        let r = reboot("systemctl", &["reboot".to_string()], &n);
        assert_eq!(r.to_string(), "[hv2] systemctl reboot");
        assert_eq!(r.effect(), Effect::Mutating);
    }
}
