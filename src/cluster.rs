//! The cluster's nodes (`[[cluster.nodes]]`), shared by the applets that orchestrate several
//! nodes (upgrade, join, migrate): how to reach each one over ssh, its libvirt URI, and the
//! names it has in Ceph's CRUSH map and in Kubernetes.

use std::path::PathBuf;

use serde::Deserialize;

use crate::exec::Node;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ClusterConfig {
    pub nodes: Vec<NodeEntry>,
}

/// A node: a bare name, or a table.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum NodeEntry {
    Name(String),
    Full(NodeConfig),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeConfig {
    pub name: String,
    /// ssh address (default: the name).
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub libvirt_uri: Option<String>,
    #[serde(default)]
    pub ssh_user: Option<String>,
    #[serde(default)]
    pub ssh_port: Option<u16>,
    #[serde(default)]
    pub identity_file: Option<PathBuf>,
    #[serde(default)]
    pub known_hosts: Option<PathBuf>,
    /// The node's host bucket in the CRUSH map (default: the name).
    #[serde(default)]
    pub crush_host: Option<String>,
    /// The node's name in Kubernetes (default: the name).
    #[serde(default)]
    pub k8s_name: Option<String>,
    /// The node's OSD ids (default: the OSDs under its CRUSH host bucket).
    #[serde(default)]
    pub osds: Option<Vec<u32>>,
}

impl NodeEntry {
    pub fn config(&self) -> NodeConfig {
        match self {
            NodeEntry::Name(n) => NodeConfig {
                name: n.clone(),
                ..Default::default()
            },
            NodeEntry::Full(c) => c.clone(),
        }
    }
}

impl NodeConfig {
    pub fn ssh(&self) -> Node {
        let mut n = Node::new(
            self.name.clone(),
            self.address.clone().unwrap_or_else(|| self.name.clone()),
        );
        n.user = self.ssh_user.clone();
        n.port = self.ssh_port;
        n.identity_file = self.identity_file.clone();
        n.known_hosts = self.known_hosts.clone();
        n
    }
    /// The node's libvirt URI: configured, else `qemu+ssh://ADDRESS/system`.
    pub fn libvirt_uri(&self) -> String {
        self.libvirt_uri.clone().unwrap_or_else(|| {
            format!(
                "qemu+ssh://{}/system",
                self.address.as_deref().unwrap_or(&self.name)
            )
        })
    }
    pub fn crush_host(&self) -> String {
        self.crush_host.clone().unwrap_or_else(|| self.name.clone())
    }
    pub fn k8s_name(&self) -> String {
        self.k8s_name.clone().unwrap_or_else(|| self.name.clone())
    }
}

/// Node names for an error message ("hv1, hv2", or "none configured").
pub fn names_for_error<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<&str> = names.into_iter().collect();
    if v.is_empty() {
        return "none configured".to_string();
    }
    v.join(", ")
}

/// This machine's default name in the cluster: its short host name (before the first dot),
/// lower-case.
pub fn local_node_name() -> nix::Result<String> {
    Ok(nix::unistd::gethostname()?
        .to_string_lossy()
        .split('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase())
}

impl ClusterConfig {
    pub fn nodes(&self) -> Vec<NodeConfig> {
        self.nodes.iter().map(NodeEntry::config).collect()
    }

    pub fn find(&self, name: &str) -> Option<NodeConfig> {
        self.nodes().into_iter().find(|n| n.name == name)
    }
}
