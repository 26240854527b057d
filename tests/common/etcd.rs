//! A real single-member etcd (v3 API) on loopback (scripts/etcd-start), stopped by PID on drop.

use std::collections::HashMap;
use std::process::Command;

pub struct Etcd {
    pub dir: tempfile::TempDir,
    pub env: HashMap<String, String>,
}

impl Etcd {
    /// Starts etcd, or returns None after a loud skip notice.
    pub fn start(test: &str) -> Option<Etcd> {
        if which::which("etcd").is_err() || which::which("etcdctl").is_err() {
            super::skip(
                test,
                "etcd/etcdctl not installed: run scripts/install-deps (etcd-server etcd-client)",
            );
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("dv-etcd.")
            .tempdir()
            .unwrap();
        let mut cmd = Command::new(super::script("etcd-start"));
        cmd.arg(dir.path());
        match super::run_env_script(&mut cmd) {
            Ok(env) => Some(Etcd { dir, env }),
            Err(e) => {
                let _ = Command::new(super::script("etcd-stop"))
                    .arg(dir.path())
                    .output();
                super::skip(test, &format!("etcd did not start: {e}"));
                None
            }
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn endpoint(&self) -> String {
        self.env["ETCD_ENDPOINT"].clone()
    }

    fn etcdctl(&self, args: &[&str]) -> String {
        let out = Command::new("etcdctl")
            .env("ETCDCTL_API", "3")
            .arg(format!("--endpoints={}", self.endpoint()))
            .arg("--command-timeout=5s")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "etcdctl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn put(&self, key: &str, value: &str) {
        self.etcdctl(&["put", key, value]);
    }

    pub fn get(&self, key: &str) -> Option<String> {
        let v = self.etcdctl(&["get", "--print-value-only", key]);
        let v = v.strip_suffix('\n').unwrap_or(&v);
        (!v.is_empty()).then(|| v.to_string())
    }

    pub fn delete(&self, key: &str) {
        self.etcdctl(&["del", key]);
    }

    /// Stops etcd now (to test an unreachable cluster); Drop is then a no-op.
    pub fn stop(&self) {
        let _ = Command::new(super::script("etcd-stop"))
            .arg(self.dir.path())
            .output();
    }
}

impl Drop for Etcd {
    fn drop(&mut self) {
        self.stop();
    }
}
