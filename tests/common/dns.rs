//! A real BIND 9 primary + secondary on loopback (scripts/dns-start), stopped by PID on drop.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

pub struct Dns {
    pub dir: tempfile::TempDir,
    pub env: HashMap<String, String>,
}

impl Dns {
    /// Starts BIND, or returns None after a loud skip notice.
    pub fn start(test: &str) -> Option<Dns> {
        Self::start_with(test, false)
    }

    pub fn start_signed(test: &str) -> Option<Dns> {
        Self::start_with(test, true)
    }

    /// Starts BIND with extra environment for scripts/dns-start (DNS_EXTRA_INCLUDE, …).
    pub fn start_env(test: &str, env: &[(&str, &str)]) -> Option<Dns> {
        Self::start_full(test, false, env)
    }

    /// A signed zone, with extra environment for scripts/dns-start (DNS_SIG_VALIDITY_DAYS, …).
    pub fn start_signed_env(test: &str, env: &[(&str, &str)]) -> Option<Dns> {
        Self::start_full(test, true, env)
    }

    fn start_with(test: &str, dnssec: bool) -> Option<Dns> {
        Self::start_full(test, dnssec, &[])
    }

    fn start_full(test: &str, dnssec: bool, env: &[(&str, &str)]) -> Option<Dns> {
        if which::which("named").is_err() && !std::path::Path::new("/usr/sbin/named").exists() {
            super::skip(
                test,
                "BIND (named) is not installed: run scripts/install-deps",
            );
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("dv-dns.")
            .tempdir()
            .unwrap();
        let mut cmd = Command::new(super::script("dns-start"));
        cmd.arg(dir.path())
            .env("DNS_DNSSEC", if dnssec { "1" } else { "0" });
        for (k, v) in env {
            cmd.env(k, v);
        }
        match super::run_env_script(&mut cmd) {
            Ok(env) => Some(Dns { dir, env }),
            Err(e) => {
                // Stop whatever half-started.
                let _ = Command::new(super::script("dns-stop"))
                    .arg(dir.path())
                    .output();
                super::skip(test, &format!("BIND did not start: {e}"));
                None
            }
        }
    }

    pub fn get(&self, k: &str) -> &str {
        self.env
            .get(k)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("dns env lacks {k}"))
    }

    pub fn primary(&self) -> String {
        format!("{}:{}", self.get("DNS_ADDR"), self.get("DNS_PRIMARY_PORT"))
    }

    pub fn secondary(&self) -> String {
        format!(
            "{}:{}",
            self.get("DNS_ADDR"),
            self.get("DNS_SECONDARY_PORT")
        )
    }

    pub fn rndc(&self) -> String {
        format!(
            "{}:{}",
            self.get("DNS_ADDR"),
            self.get("DNS_PRIMARY_RNDC_PORT")
        )
    }

    pub fn keyfile(&self) -> PathBuf {
        PathBuf::from(self.get("DNS_TSIG_KEYFILE"))
    }

    /// Stops the primary only (to test an unreachable server).
    pub fn kill_primary(&self) {
        let pid: i32 = self.get("DNS_PRIMARY_PID").parse().unwrap();
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

impl Drop for Dns {
    fn drop(&mut self) {
        let _ = Command::new(super::script("dns-stop"))
            .arg(self.dir.path())
            .output();
    }
}
