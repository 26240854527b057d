//! A stand-in Kubernetes API server (scripts/k8s-stub-api) that the REAL kubectl talks to, with
//! the fixtures of tests/fixtures/k8s (hand-written in the API's shape; no API server can run
//! here — see that directory's README). Stopped by PID on drop.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct StubApi {
    pub dir: tempfile::TempDir,
    child: Child,
    pub port: u16,
}

impl StubApi {
    pub fn start(test: &str, silent: bool) -> Option<StubApi> {
        Self::start_with(test, silent, "k8s")
    }

    /// Serves tests/fixtures/FIXTURES instead of the default set.
    pub fn start_with(test: &str, silent: bool, fixtures_dir: &str) -> Option<StubApi> {
        if which::which("kubectl").is_err() {
            super::skip(test, "kubectl not installed (kubernetes-client)");
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("dv-k8s.")
            .tempdir()
            .unwrap();
        let fixtures = dir.path().join("fixtures");
        std::fs::create_dir(&fixtures).unwrap();
        for e in std::fs::read_dir(super::repo().join("tests/fixtures").join(fixtures_dir))
            .unwrap()
            .flatten()
        {
            if e.path().extension().is_some_and(|x| x == "json") {
                std::fs::copy(e.path(), fixtures.join(e.file_name())).unwrap();
            }
        }
        let child = Command::new("/usr/bin/python3")
            .arg(super::script("k8s-stub-api"))
            .arg(dir.path())
            .env("STUB_MODE", if silent { "silent" } else { "normal" })
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3");
        let mut stub = StubApi {
            dir,
            child,
            port: 0,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(p) = std::fs::read_to_string(stub.dir.path().join("port")) {
                stub.port = p.trim().parse().unwrap();
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if stub.port == 0 {
            super::skip(test, "stub API server did not start");
            return None;
        }
        std::fs::write(stub.kubeconfig(), stub.kubeconfig_text()).unwrap();
        Some(stub)
    }

    pub fn kubeconfig(&self) -> PathBuf {
        self.dir.path().join("kubeconfig")
    }

    fn kubeconfig_text(&self) -> String {
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: stub\n  cluster:\n    server: http://127.0.0.1:{}\n\
             contexts:\n- name: stub\n  context:\n    cluster: stub\n    user: stub\ncurrent-context: stub\n\
             users:\n- name: stub\n  user: {{}}\n",
            self.port
        )
    }

    /// The current object as the stub serves it (fixtures plus patches).
    pub fn get(&self, path: &str) -> serde_json::Value {
        let out = std::process::Command::new("kubectl")
            .arg("--kubeconfig")
            .arg(self.kubeconfig())
            .args(["get", "--raw", path])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
    }

    pub fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("requests.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

impl Drop for StubApi {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
