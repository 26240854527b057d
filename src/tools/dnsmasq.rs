//! dnsmasq: the reload that makes it re-read its hosts files, and where those files live.

use std::path::{Path, PathBuf};

use crate::exec::Cmd;

pub const DEFAULT_HOSTS_DIR: &str = "/etc/dnsmasq.d/hosts";

/// `systemctl try-reload-or-restart dnsmasq`: dnsmasq re-reads its hosts files on SIGHUP (its
/// reload); when dnsmasq is not running (early boot) this does nothing instead of failing.
pub fn default_reload_command() -> Vec<String> {
    ["systemctl", "try-reload-or-restart", "dnsmasq"]
        .map(String::from)
        .to_vec()
}

/// The reload command from its configured argv (program first). None when empty (disabled).
pub fn reload(argv: &[String]) -> Option<Cmd> {
    let (prog, args) = argv.split_first()?;
    Some(
        Cmd::new(prog)
            .args(args)
            .timeout_secs(30)
            .what("dnsmasq to reload its hosts files"),
    )
}

/// Whether a failed reload said that this node has no dnsmasq unit at all (systemctl: "Unit
/// dnsmasq.service not found."): dnsmasq runs on the designated node only, so on every other
/// node there is nothing to reload, which is not a failure.
pub fn not_installed(reload: &Cmd, err: &anyhow::Error) -> bool {
    let systemctl = std::path::Path::new(reload.program())
        .file_name()
        .is_some_and(|n| n == "systemctl");
    systemctl
        && err.chain().any(|c| {
            matches!(c.downcast_ref::<crate::error::Error>(),
                Some(crate::error::Error::CommandFailed { stderr, .. })
                    if stderr.contains("not found") || stderr.contains("not loaded"))
        })
}

/// `<dir>/<host>.conf` (host must already be a validated DNS label).
pub fn hosts_file(dir: &Path, host: &str) -> PathBuf {
    dir.join(format!("{host}.conf"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reload_and_paths() {
        assert_eq!(
            reload(&default_reload_command()).unwrap().to_string(),
            "systemctl try-reload-or-restart dnsmasq"
        );
        assert!(reload(&[]).is_none());
        assert_eq!(
            hosts_file(Path::new(DEFAULT_HOSTS_DIR), "node1"),
            PathBuf::from("/etc/dnsmasq.d/hosts/node1.conf")
        );
    }
}
