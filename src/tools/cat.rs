//! cat: one kernel value from a cluster node.

use crate::exec::{Cmd, Node};

/// `cat /proc/sys/kernel/random/boot_id` on the node (unchecked: polled while the node reboots).
pub fn boot_id(node: &Node) -> Cmd {
    Cmd::new("cat")
        .arg("/proc/sys/kernel/random/boot_id")
        .on(node)
        .read_only()
        .unchecked()
        .timeout_secs(15)
}
