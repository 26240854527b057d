//! Kubernetes API objects as k8sctl needs them, parsed leniently (every field optional: an odd
//! or newer API response must never crash the tool), and the summaries built from them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct List<T> {
    pub items: Vec<T>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct Meta {
    pub name: String,
    pub namespace: Option<String>,
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Node {
    pub metadata: Meta,
    pub spec: NodeSpec,
    pub status: NodeStatus,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NodeSpec {
    pub unschedulable: bool,
    pub taints: Vec<Taint>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Taint {
    pub key: String,
    pub effect: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NodeStatus {
    pub conditions: Vec<Condition>,
    pub allocatable: BTreeMap<String, String>,
    pub capacity: BTreeMap<String, String>,
    pub node_info: NodeInfo,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NodeInfo {
    pub kubelet_version: String,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct Condition {
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct NodeSummary {
    pub name: String,
    pub ready: bool,
    pub status: String,
    pub roles: Vec<String>,
    pub version: String,
    pub schedulable: bool,
    /// Pressure conditions that are True (MemoryPressure, DiskPressure, PIDPressure, …).
    pub problems: Vec<String>,
    pub cpu_allocatable_millicores: u64,
    pub memory_allocatable_bytes: u64,
    pub pods_allocatable: u64,
    pub cpu_used_millicores: Option<u64>,
    pub memory_used_bytes: Option<u64>,
}

pub fn summarize_nodes(nodes: &List<Node>, metrics: Option<&NodeMetricsList>) -> Vec<NodeSummary> {
    let usage: BTreeMap<&str, &Usage> = metrics
        .map(|m| {
            m.items
                .iter()
                .map(|i| (i.metadata.name.as_str(), &i.usage))
                .collect()
        })
        .unwrap_or_default();
    let mut v: Vec<NodeSummary> = nodes
        .items
        .iter()
        .map(|n| {
            let ready_cond = n.status.conditions.iter().find(|c| c.kind == "Ready");
            let ready = ready_cond.is_some_and(|c| c.status == "True");
            let problems: Vec<String> = n
                .status
                .conditions
                .iter()
                .filter(|c| c.kind != "Ready" && c.status == "True")
                .map(|c| c.kind.clone())
                .collect();
            let mut roles: Vec<String> = n
                .metadata
                .labels
                .keys()
                .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                .map(str::to_string)
                .collect();
            if roles.is_empty() {
                roles.push("<none>".into());
            }
            let mut status = if ready {
                "Ready".to_string()
            } else {
                "NotReady".to_string()
            };
            if ready_cond.is_none() {
                status = "Unknown".into();
            }
            if n.spec.unschedulable {
                status.push_str(",SchedulingDisabled");
            }
            let u = usage.get(n.metadata.name.as_str());
            NodeSummary {
                name: n.metadata.name.clone(),
                ready,
                status,
                roles,
                version: n.status.node_info.kubelet_version.clone(),
                schedulable: !n.spec.unschedulable,
                problems,
                cpu_allocatable_millicores: n
                    .status
                    .allocatable
                    .get("cpu")
                    .and_then(|s| parse_cpu(s))
                    .unwrap_or(0),
                memory_allocatable_bytes: n
                    .status
                    .allocatable
                    .get("memory")
                    .and_then(|s| parse_quantity(s))
                    .unwrap_or(0),
                pods_allocatable: n
                    .status
                    .allocatable
                    .get("pods")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0),
                cpu_used_millicores: u.and_then(|u| parse_cpu(&u.cpu)),
                memory_used_bytes: u.and_then(|u| parse_quantity(&u.memory)),
            }
        })
        .collect();
    // Unhealthy nodes first, then by name.
    v.sort_by(|a, b| {
        (a.ready && a.problems.is_empty())
            .cmp(&(b.ready && b.problems.is_empty()))
            .then(a.name.cmp(&b.name))
    });
    v
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NodeMetricsList {
    pub items: Vec<NodeMetrics>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NodeMetrics {
    pub metadata: Meta,
    pub usage: Usage,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Usage {
    pub cpu: String,
    pub memory: String,
}

/// A Deployment, StatefulSet or DaemonSet (the status fields differ per kind).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Workload {
    pub kind: String,
    pub metadata: Meta,
    pub spec: WorkloadSpec,
    pub status: WorkloadStatus,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WorkloadSpec {
    pub replicas: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct WorkloadStatus {
    pub ready_replicas: Option<u64>,
    pub replicas: Option<u64>,
    pub desired_number_scheduled: Option<u64>,
    pub number_ready: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Pod {
    pub metadata: Meta,
    pub spec: PodSpec,
    pub status: PodStatus,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PodSpec {
    pub node_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PodStatus {
    pub phase: String,
    pub reason: Option<String>,
    pub container_statuses: Vec<ContainerStatus>,
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ContainerStatus {
    pub name: String,
    pub ready: bool,
    pub restart_count: u64,
    pub state: BTreeMap<String, ContainerState>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ContainerState {
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct WorkloadSummary {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub desired: u64,
    pub ready: u64,
    pub healthy: bool,
}

pub fn summarize_workloads(list: &List<Workload>) -> Vec<WorkloadSummary> {
    let mut v: Vec<WorkloadSummary> = list
        .items
        .iter()
        .map(|w| {
            let (desired, ready) = if w.kind == "DaemonSet" {
                (
                    w.status.desired_number_scheduled.unwrap_or(0),
                    w.status.number_ready.unwrap_or(0),
                )
            } else {
                (
                    w.spec.replicas.unwrap_or(1),
                    w.status.ready_replicas.unwrap_or(0),
                )
            };
            WorkloadSummary {
                kind: w.kind.clone(),
                namespace: w.metadata.namespace.clone().unwrap_or_default(),
                name: w.metadata.name.clone(),
                desired,
                ready,
                healthy: ready >= desired,
            }
        })
        .collect();
    v.sort_by(|a, b| {
        a.healthy
            .cmp(&b.healthy)
            .then(a.namespace.cmp(&b.namespace))
            .then(a.name.cmp(&b.name))
    });
    v
}

#[derive(Debug, Serialize, PartialEq)]
pub struct FailingPod {
    pub namespace: String,
    pub name: String,
    pub node: Option<String>,
    pub phase: String,
    pub reason: String,
    pub restarts: u64,
}

/// Pods that need attention: not Succeeded and (not Running, or a container not ready, or in a
/// waiting state such as CrashLoopBackOff / ImagePullBackOff).
pub fn failing_pods(pods: &List<Pod>) -> Vec<FailingPod> {
    let mut v: Vec<FailingPod> = pods
        .items
        .iter()
        .filter_map(|p| {
            let s = &p.status;
            if s.phase == "Succeeded" {
                return None;
            }
            let waiting = s
                .container_statuses
                .iter()
                .find_map(|c| c.state.get("waiting").and_then(|w| w.reason.clone()));
            let terminated = s
                .container_statuses
                .iter()
                .find_map(|c| c.state.get("terminated").and_then(|w| w.reason.clone()));
            let not_ready = s.container_statuses.iter().any(|c| !c.ready);
            let restarts = s.container_statuses.iter().map(|c| c.restart_count).sum();
            let bad = s.phase != "Running" || not_ready || waiting.is_some();
            if !bad {
                return None;
            }
            let reason = waiting
                .or(terminated)
                .or_else(|| s.reason.clone())
                .or_else(|| {
                    s.conditions
                        .iter()
                        .find(|c| c.status == "False" && c.reason.is_some())
                        .and_then(|c| c.reason.clone())
                })
                .unwrap_or_else(|| {
                    if not_ready {
                        "NotReady".into()
                    } else {
                        s.phase.clone()
                    }
                });
            Some(FailingPod {
                namespace: p.metadata.namespace.clone().unwrap_or_default(),
                name: p.metadata.name.clone(),
                node: p.spec.node_name.clone(),
                phase: s.phase.clone(),
                reason,
                restarts,
            })
        })
        .collect();
    v.sort_by(|a, b| {
        b.restarts
            .cmp(&a.restarts)
            .then(a.namespace.cmp(&b.namespace))
            .then(a.name.cmp(&b.name))
    });
    v
}

/// CPU quantity to millicores: "2" → 2000, "250m" → 250, "1500000n" → 2 (rounded up).
pub fn parse_cpu(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Some(n) = s.strip_suffix('n') {
        return n.parse::<u64>().ok().map(|v| v.div_ceil(1_000_000));
    }
    if let Some(u) = s.strip_suffix('u') {
        return u.parse::<u64>().ok().map(|v| v.div_ceil(1_000));
    }
    if let Some(m) = s.strip_suffix('m') {
        return m.parse().ok();
    }
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| (v * 1000.0).round() as u64)
}

/// Memory quantity to bytes: "16331400Ki", "2Gi", "1G", "129M", "1e3", plain bytes.
pub fn parse_quantity(s: &str) -> Option<u64> {
    let s = s.trim();
    const SUFFIXES: [(&str, u64); 12] = [
        ("Ki", 1 << 10),
        ("Mi", 1 << 20),
        ("Gi", 1 << 30),
        ("Ti", 1 << 40),
        ("Pi", 1 << 50),
        ("Ei", 1 << 60),
        ("k", 1_000),
        ("M", 1_000_000),
        ("G", 1_000_000_000),
        ("T", 1_000_000_000_000),
        ("P", 1_000_000_000_000_000),
        ("E", 1_000_000_000_000_000_000),
    ];
    for (suf, mul) in SUFFIXES {
        if let Some(n) = s.strip_suffix(suf) {
            return n.parse::<u64>().ok().and_then(|v| v.checked_mul(mul));
        }
    }
    if let Some(m) = s.strip_suffix('m') {
        return m.parse::<u64>().ok().map(|v| v / 1000);
    }
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0 && *v < 1.8e19)
        .map(|v| v as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quantities() {
        assert_eq!(parse_cpu("2"), Some(2000));
        assert_eq!(parse_cpu("250m"), Some(250));
        assert_eq!(parse_cpu("1500000n"), Some(2));
        assert_eq!(parse_quantity("16331400Ki"), Some(16_331_400 * 1024));
        assert_eq!(parse_quantity("2Gi"), Some(2 << 30));
        assert_eq!(parse_quantity("129M"), Some(129_000_000));
        assert_eq!(parse_quantity("bogus"), None);
        assert_eq!(parse_quantity("99999999999Ei"), None);
    }

    proptest! {
        #[test]
        fn quantity_parsers_never_panic(s in ".{0,24}") {
            let _ = parse_cpu(&s);
            let _ = parse_quantity(&s);
        }

        #[test]
        fn object_parsers_never_panic(s in "\\PC{0,200}") {
            let _ = serde_json::from_str::<List<Node>>(&s);
            let _ = serde_json::from_str::<List<Pod>>(&s);
            let _ = serde_json::from_str::<List<Workload>>(&s);
        }
    }
}
