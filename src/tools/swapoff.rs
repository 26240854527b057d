//! swapoff: kubeadm refuses to initialise a node with swap on.

use crate::exec::Cmd;

/// `swapoff -a`: disables every swap device and file.
pub fn all() -> Cmd {
    Cmd::new("swapoff").arg("-a").timeout_secs(60)
}
