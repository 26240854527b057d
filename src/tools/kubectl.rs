//! kubectl: every call has kubectl's own request timeout AND a hard deadline in the execution
//! layer — a silent API server makes kubectl retry discovery for minutes otherwise.

use std::path::{Path, PathBuf};

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
        self.base(args).what("the Kubernetes API server (kubectl)")
    }

    /// `kubectl [--kubeconfig K] [--context C] [--cache-dir D] --request-timeout=Ns ARGS…` with
    /// the hard deadline, mutating, no description yet.
    fn base<I, S>(&self, args: I) -> Cmd
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
    }

    /// `kubectl get KINDS -o json` across all namespaces (one call for several kinds).
    pub fn get_all(&self, kinds: &str) -> Cmd {
        self.cmd(["get", kinds, "--all-namespaces", "-o", "json"])
            .read_only()
    }

    pub fn get_nodes(&self) -> Cmd {
        self.cmd(["get", "nodes", "-o", "json"]).read_only()
    }

    /// `kubectl get node NAME -o json` (read-only): is it cordoned already?
    pub fn get_node(&self, name: &str) -> Cmd {
        self.cmd(["get", "node", name, "-o", "json"])
            .read_only()
            .what(format!("Kubernetes node {name}"))
    }

    /// `kubectl drain NAME --ignore-daemonsets --delete-emptydir-data --timeout=Ts`: cordons,
    /// then evicts (PodDisruptionBudgets respected: kubectl retries a blocked eviction until
    /// the timeout). The process deadline is the timeout plus 30 s.
    pub fn drain(&self, name: &str, timeout_secs: u64) -> Cmd {
        self.cmd([
            "drain",
            name,
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            &format!("--timeout={timeout_secs}s"),
        ])
        .timeout_secs(timeout_secs + 30)
        .what(format!("draining {name}"))
    }

    /// `kubectl uncordon NAME`.
    pub fn uncordon(&self, name: &str) -> Cmd {
        self.cmd(["uncordon", name])
            .what(format!("uncordoning {name}"))
    }

    /// Node usage from metrics-server; fails when it is not installed (callers treat that as
    /// "no usage data").
    pub fn node_metrics(&self) -> Cmd {
        self.cmd(["get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes"])
            .read_only()
            .unchecked()
    }
}

/// The admin kubeconfig `kubeadm init` writes.
pub const ADMIN_CONF: &str = "/etc/kubernetes/admin.conf";

/// kubectl as firstboot runs it on the control plane it just initialised: the admin
/// kubeconfig, 20 s per request, 60 s per process.
fn admin() -> Kubectl {
    Kubectl {
        kubeconfig: Some(PathBuf::from(ADMIN_CONF)),
        context: None,
        request_timeout: 20,
        deadline: 60,
        cache_dir: None,
    }
}

/// `kubectl --kubeconfig admin.conf apply -f MANIFEST` (a local file: never remote YAML).
pub fn admin_apply_file(manifest: &Path) -> Cmd {
    admin().base(["apply", "-f", &manifest.display().to_string()])
}

/// `kubectl --kubeconfig admin.conf taint nodes NODE node-role.kubernetes.io/control-plane:NoSchedule-`:
/// lets a single node run ordinary pods.
pub fn admin_untaint_control_plane(node: &str) -> Cmd {
    admin().base([
        "taint",
        "nodes",
        node,
        "node-role.kubernetes.io/control-plane:NoSchedule-",
    ])
}

/// `kubectl --kubeconfig K --request-timeout=5s get --raw /readyz`: is the API server ready
/// (health-check; 10 s deadline).
pub fn readyz(kubeconfig: &Path) -> Cmd {
    Kubectl {
        kubeconfig: Some(kubeconfig.to_path_buf()),
        context: None,
        request_timeout: 5,
        deadline: 10,
        cache_dir: None,
    }
    .base(["get", "--raw", "/readyz"])
    .read_only()
    .what("the Kubernetes API server")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::Effect;

    #[test]
    fn commands() {
        let a = admin_apply_file(Path::new("/usr/share/cni.yaml"));
        assert_eq!(
            a.to_string(),
            "kubectl --kubeconfig /etc/kubernetes/admin.conf --request-timeout=20s apply -f /usr/share/cni.yaml"
        );
        assert_eq!(a.effect(), Effect::Mutating);
        assert!(admin_untaint_control_plane("hv1")
            .to_string()
            .ends_with("taint nodes hv1 node-role.kubernetes.io/control-plane:NoSchedule-"));
        let r = readyz(Path::new("/k"));
        assert_eq!(
            r.to_string(),
            "kubectl --kubeconfig /k --request-timeout=5s get --raw /readyz"
        );
        assert_eq!(r.effect(), Effect::ReadOnly);
    }
}
