//! kubectl: every call has kubectl's own request timeout AND a hard deadline in the execution
//! layer — a silent API server makes kubectl retry discovery for minutes otherwise.

use std::path::PathBuf;

use crate::exec::Cmd;

#[derive(Debug, Clone)]
pub struct Kubectl {
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
    /// kubectl's --request-timeout, seconds.
    pub request_timeout: u64,
    /// Hard deadline for one kubectl process, seconds.
    pub deadline: u64,
    /// kubectl's discovery cache (tests point it into their sandbox).
    pub cache_dir: Option<PathBuf>,
}

impl Kubectl {
    pub fn cmd<I, S>(&self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: Into<std::ffi::OsString>,
    {
        let mut c = Cmd::new("kubectl");
        if let Some(k) = &self.kubeconfig {
            c = c.arg("--kubeconfig").arg(k);
        }
        if let Some(ctx) = &self.context {
            c = c.arg("--context").arg(ctx);
        }
        if let Some(d) = &self.cache_dir {
            c = c.arg("--cache-dir").arg(d);
        }
        c.arg(format!("--request-timeout={}s", self.request_timeout))
            .args(args)
            .timeout_secs(self.deadline)
            .what("the Kubernetes API server (kubectl)")
    }

    /// `kubectl get KINDS -o json` across all namespaces (one call for several kinds).
    pub fn get_all(&self, kinds: &str) -> Cmd {
        self.cmd(["get", kinds, "--all-namespaces", "-o", "json"])
            .read_only()
    }

    pub fn get_nodes(&self) -> Cmd {
        self.cmd(["get", "nodes", "-o", "json"]).read_only()
    }

    /// Node usage from metrics-server; fails when it is not installed (callers treat that as
    /// "no usage data").
    pub fn node_metrics(&self) -> Cmd {
        self.cmd(["get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes"])
            .read_only()
            .unchecked()
    }
}
