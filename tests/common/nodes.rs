//! Simulated cluster nodes (scripts/nodes-start): network namespaces on a private bridge, each
//! with its own sshd, hostname, /etc and /var/lib views. Stopped by PID on drop.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

static N: AtomicU32 = AtomicU32::new(0);

pub struct Cluster {
    pub state: tempfile::TempDir,
    pub prefix: String,
    pub net: String,
    pub count: usize,
}

impl Cluster {
    pub fn start(test: &str, count: usize) -> Option<Cluster> {
        Self::start_opts(test, count, false)
    }

    /// Also gives the host NET.1 on the private network, so a host-side orchestrator reaches
    /// the nodes over ssh.
    pub fn start_with_host_link(test: &str, count: usize) -> Option<Cluster> {
        Self::start_opts(test, count, true)
    }

    fn start_opts(test: &str, count: usize, host_link: bool) -> Option<Cluster> {
        if !super::is_root() {
            super::skip(test, "simulated nodes need root (network namespaces)");
            return None;
        }
        let n = N.fetch_add(1, Ordering::SeqCst);
        let pid = std::process::id();
        let prefix = format!("dv{}{}", pid % 10000, n);
        let net = format!("10.{}.{}", 200 + (pid % 50), n % 250);
        let state = tempfile::Builder::new()
            .prefix("dv-nodes.")
            .tempdir()
            .unwrap();
        let out = Command::new(super::script("nodes-start"))
            .arg(state.path())
            .arg(count.to_string())
            .env("PREFIX", &prefix)
            .env("NET", &net)
            .env("HOST_LINK", if host_link { "1" } else { "0" })
            .output()
            .unwrap();
        let c = Cluster {
            state,
            prefix,
            net,
            count,
        };
        if !out.status.success() {
            super::skip(
                test,
                &format!(
                    "nodes did not start: {}",
                    String::from_utf8_lossy(&out.stderr)
                ),
            );
            return None;
        }
        Some(c)
    }

    pub fn node_dir(&self, i: usize) -> PathBuf {
        self.state.path().join(format!("node{i}"))
    }

    /// Writes a file into node I's own /etc (its overlay upper dir).
    pub fn write_etc(&self, i: usize, rel: &str, body: &str) {
        let p = self.node_dir(i).join("etc.upper").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }

    pub fn ip(&self, i: usize) -> String {
        format!("{}.{}", self.net, 10 + i)
    }

    /// A command run "as node I" (its netns, UTS and mount namespaces).
    pub fn exec(&self, i: usize) -> Command {
        let mut c = Command::new(super::script("nodes-exec"));
        c.arg(self.state.path()).arg(i.to_string());
        c
    }

    pub fn sh(&self, i: usize, script: &str) -> String {
        let out = self.exec(i).args(["sh", "-c", script]).output().unwrap();
        assert!(
            out.status.success(),
            "node{i}: {script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn state_path(&self) -> &Path {
        self.state.path()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(super::script("nodes-stop"))
            .arg(self.state.path())
            .arg("--keep-state")
            .output();
    }
}
