//! etcdctl (etcd v3 API): bounded key reads for cluster-aware applets.
//!
//! Measured with etcd 3.4: with etcd down every call waits 5 s unless
//! `--command-timeout` is given (`--dial-timeout` alone does NOT bound it), so both are always
//! set, and the execution layer's deadline backs them up.

use std::time::Duration;

use crate::exec::Cmd;

pub const DEFAULT_ENDPOINT: &str = "http://127.0.0.1:2379";

#[derive(Debug, Clone)]
pub struct Etcdctl {
    pub endpoints: Vec<String>,
    /// Bound on one call (dial + request).
    pub timeout: Duration,
}

impl Etcdctl {
    pub fn new(endpoints: Vec<String>, timeout: Duration) -> Self {
        Etcdctl { endpoints, timeout }
    }

    fn base(&self) -> Cmd {
        let secs = self.timeout.as_secs().max(1);
        Cmd::new("etcdctl")
            .env("ETCDCTL_API", "3")
            .env_remove("ETCDCTL_ENDPOINTS")
            .arg(format!("--endpoints={}", self.endpoints.join(",")))
            .arg(format!("--dial-timeout={}s", secs.min(2)))
            .arg(format!("--command-timeout={secs}s"))
            .timeout(Duration::from_secs(secs + 3))
    }

    /// `etcdctl get KEY --print-value-only` (read-only). Parse with [`parse_value`].
    pub fn get(&self, key: &str) -> Cmd {
        self.base()
            .args(["get", "--print-value-only", key])
            .read_only()
            .what(format!("etcd key {key}"))
    }

    /// `etcdctl get --prefix PREFIX` (read-only): key line, value line, … (one process for
    /// every key under PREFIX).
    pub fn get_prefix(&self, prefix: &str) -> Cmd {
        self.base()
            .args(["get", "--prefix", prefix])
            .read_only()
            .what(format!("etcd keys under {prefix}"))
    }

    /// `etcdctl put KEY VALUE` (mutating; values here are never secrets).
    pub fn put(&self, key: &str, value: &str) -> Cmd {
        self.base()
            .args(["put", key, value])
            .what(format!("writing etcd key {key}"))
    }

    /// `etcdctl del KEY` (mutating).
    pub fn del(&self, key: &str) -> Cmd {
        self.base()
            .args(["del", key])
            .what(format!("deleting etcd key {key}"))
    }
}

/// The value printed by `get --print-value-only`: None when the key is missing or empty.
/// (etcdctl prints the value followed by one newline; a missing key prints nothing.)
pub fn parse_value(stdout: &str) -> Option<String> {
    let v = stdout.strip_suffix('\n').unwrap_or(stdout);
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_get_command() {
        let e = Etcdctl::new(vec!["http://127.0.0.1:1".into()], Duration::from_secs(3));
        let c = e.get("/debvisor/self/node_id");
        assert_eq!(
            c.to_string(),
            "ETCDCTL_API=3 -u ETCDCTL_ENDPOINTS etcdctl --endpoints=http://127.0.0.1:1 \
             --dial-timeout=2s --command-timeout=3s get --print-value-only /debvisor/self/node_id"
        );
        assert_eq!(c.effect(), crate::exec::Effect::ReadOnly);
        assert_eq!(parse_value("node1\n"), Some("node1".into()));
        assert_eq!(parse_value(""), None);
        assert_eq!(parse_value("\n"), None);
    }
}
