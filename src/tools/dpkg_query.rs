//! dpkg-query: installed package versions on a cluster node.

use crate::exec::{Cmd, Node};

/// `dpkg-query -W -f '${Package} ${Version}\n' PACKAGE…` on the node: one `NAME VERSION` line
/// per installed package (unchecked: a package that is not installed makes it exit 1, and the
/// others are still listed).
pub fn versions(packages: &[String], node: &Node) -> Cmd {
    Cmd::new("dpkg-query")
        .args(["-W", "-f", "${Package} ${Version}\\n"])
        .args(packages)
        .on(node)
        .read_only()
        .unchecked()
        .timeout_secs(60)
}

/// The same on this node.
pub fn versions_here(packages: &[String]) -> Cmd {
    Cmd::new("dpkg-query")
        .args(["-W", "-f", "${Package} ${Version}\\n"])
        .args(packages)
        .read_only()
        .unchecked()
        .timeout_secs(60)
        .what("installed package versions")
}
