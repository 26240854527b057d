//! virsh: the libvirt command-line client.

use crate::exec::Cmd;

pub const DEFAULT_URI: &str = "qemu:///system";

/// Resolves the libvirt URI: flag, then LIBVIRT_DEFAULT_URI, then `[libvirt] uri`, then the
/// system default.
pub fn resolve_uri(flag: Option<&str>, configured: Option<&str>) -> String {
    if let Some(u) = flag.filter(|u| !u.is_empty()) {
        return u.to_string();
    }
    if let Ok(u) = std::env::var("LIBVIRT_DEFAULT_URI") {
        if !u.is_empty() {
            return u;
        }
    }
    configured
        .filter(|u| !u.is_empty())
        .unwrap_or(DEFAULT_URI)
        .to_string()
}

#[derive(Debug, Clone)]
pub struct Virsh {
    pub uri: String,
}

impl Virsh {
    pub fn new(uri: impl Into<String>) -> Self {
        Virsh { uri: uri.into() }
    }

    /// `virsh -c URI ARGS…` (mutating until marked otherwise).
    pub fn cmd<I, S>(&self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: Into<std::ffi::OsString>,
    {
        Cmd::new("virsh")
            .args(["-q", "-c"])
            .arg(&self.uri)
            .args(args)
            .timeout_secs(60)
    }

    /// `virsh uri`: proves the connection works and shows where it landed.
    pub fn probe(&self) -> Cmd {
        self.cmd(["uri"])
            .read_only()
            .timeout_secs(15)
            .what(format!("libvirt at {}", self.uri))
    }
}
