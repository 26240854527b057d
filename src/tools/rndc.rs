//! rndc: BIND's control channel (reconfig after key changes). The rndc key is a file (`-k`).

use std::path::Path;

use crate::exec::Cmd;
use crate::model::dns::Server;

/// `rndc -k KEY -s HOST -p PORT reconfig`: re-reads named.conf (and the key includes) without
/// reloading zones.
pub fn reconfig(key_file: &Path, server: &Server) -> Cmd {
    Cmd::new("rndc")
        .arg("-k")
        .arg(key_file)
        .args(["-s", &server.host, "-p", &server.port.to_string()])
        .arg("reconfig")
        .timeout_secs(30)
        .what(format!(
            "BIND at {server} to reload its configuration (rndc reconfig)"
        ))
}

/// `rndc status` (read-only probe).
pub fn status(key_file: &Path, server: &Server) -> Cmd {
    Cmd::new("rndc")
        .arg("-k")
        .arg(key_file)
        .args(["-s", &server.host, "-p", &server.port.to_string()])
        .arg("status")
        .read_only()
        .timeout_secs(15)
        .what(format!("BIND control channel at {server}"))
}

/// `rndc zonestatus ZONE` (read-only): a secondary's serial, next refresh and expiry time.
pub fn zonestatus(key_file: &Path, server: &Server, zone: &str) -> Cmd {
    Cmd::new("rndc")
        .arg("-k")
        .arg(key_file)
        .args(["-s", &server.host, "-p", &server.port.to_string()])
        .arg("zonestatus")
        .arg(zone)
        .read_only()
        .timeout_secs(15)
        .what(format!("zone status of {zone} at {server}"))
}
