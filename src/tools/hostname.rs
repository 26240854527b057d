//! hostname: the node's fully qualified name as the resolver sees it.

use crate::exec::Cmd;

/// `hostname --fqdn` (asks the resolver: /etc/hosts, then DNS).
pub fn fqdn() -> Cmd {
    Cmd::new("hostname")
        .arg("--fqdn")
        .read_only()
        .timeout_secs(10)
        .what("the resolver to qualify the hostname")
}
