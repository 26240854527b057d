//! kubeadm: the first control plane (`init`), joining a node, and the join command from a
//! control-plane node. kubeadm cannot run on the build machines (not in Debian 12): tests use
//! an argument-recording stub.
//!
//! The bootstrap token is a secret: `join` passes it inside a private JoinConfiguration file
//! (`--config <secret-file>`), never on the command line.

use std::path::Path;

use crate::exec::{Cmd, Node, Secret};

/// `kubeadm token create --print-join-command --ttl T` on a control-plane node (creates a token:
/// mutating). Parse with `model::join::parse_join_command`.
pub fn token_create(kubeadm: &str, node: &Node, ttl: &str) -> Cmd {
    Cmd::new(kubeadm)
        .args(["token", "create", "--print-join-command", "--ttl", ttl])
        .on(node)
        .timeout_secs(60)
        .what(format!("a join token from {}", node.name))
}

/// `kubeadm token delete ID` on a cluster node (ID: the public part of a bootstrap token).
pub fn token_delete(kubeadm: &str, node: &Node, id: &str) -> Cmd {
    Cmd::new(kubeadm)
        .args(["token", "delete", id])
        .on(node)
        .timeout_secs(60)
        .what(format!("revoking bootstrap token {id} on {}", node.name))
}

/// `kubeadm init --pod-network-cidr=CIDR --node-name=NAME`: the first control-plane node.
pub fn init(kubeadm: &str, pod_network_cidr: &str, node_name: &str) -> Cmd {
    init_base(kubeadm)
        .arg(format!("--pod-network-cidr={pod_network_cidr}"))
        .arg(format!("--node-name={node_name}"))
}

/// `kubeadm init --config FILE` (a site's own InitConfiguration).
pub fn init_with_config(kubeadm: &str, config: &Path) -> Cmd {
    init_base(kubeadm).arg("--config").arg(config)
}

fn init_base(kubeadm: &str) -> Cmd {
    Cmd::new(kubeadm)
        .arg("init")
        .timeout_secs(900)
        .what("kubeadm init")
}

/// `kubeadm join --config <private file>`.
pub fn join(kubeadm: &str, config: Secret, timeout_secs: u64) -> Cmd {
    Cmd::new(kubeadm)
        .arg("join")
        .arg("--config")
        .secret_file_arg(config)
        .timeout_secs(timeout_secs)
        .what("kubeadm join")
}

/// `kubeadm reset -f` (undoes a join on this node).
pub fn reset(kubeadm: &str) -> Cmd {
    Cmd::new(kubeadm)
        .args(["reset", "-f"])
        .timeout_secs(300)
        .what("kubeadm reset")
}
