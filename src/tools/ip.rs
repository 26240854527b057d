//! iproute2: `ip -j` views and `ip -batch` changes.

use crate::exec::Cmd;

pub fn links_with_addrs() -> Cmd {
    Cmd::new("ip")
        .args(["-j", "-d", "addr", "show"])
        .read_only()
        .timeout_secs(10)
}

/// `ip -j -d link show DEV` (with details: a bridge's `stp_state`).
pub fn link_details(dev: &str) -> Cmd {
    Cmd::new("ip")
        .args(["-j", "-d", "link", "show", dev])
        .read_only()
        .timeout_secs(10)
}

pub fn default_routes() -> Cmd {
    Cmd::new("ip")
        .args(["-j", "route", "show", "default"])
        .read_only()
        .timeout_secs(10)
}

pub fn bridge_port(dev: &str) -> Cmd {
    Cmd::new("bridge")
        .args(["-j", "link", "show", "dev", dev])
        .read_only()
        .timeout_secs(10)
}

/// Several changes in one `ip` process (stops at the first error).
pub fn batch(script: String) -> Cmd {
    Cmd::new("ip")
        .args(["-batch", "-"])
        .stdin(script)
        .timeout_secs(30)
}

pub fn set_stp(bridge: &str, on: bool) -> Cmd {
    Cmd::new("ip")
        .args([
            "link",
            "set",
            bridge,
            "type",
            "bridge",
            "stp_state",
            if on { "1" } else { "0" },
        ])
        .timeout_secs(10)
}
