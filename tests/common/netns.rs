//! A throw-away network namespace (`ip netns add`), deleted on drop. nft commands run inside
//! it never touch the host's ruleset. Needs root (CAP_NET_ADMIN + CAP_SYS_ADMIN).

use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

static SEQ: AtomicU32 = AtomicU32::new(0);

pub struct Netns {
    pub name: String,
}

impl Netns {
    /// Creates a uniquely named namespace with `lo` up, or returns None after a loud skip.
    pub fn create(test: &str) -> Option<Netns> {
        if !super::is_root() {
            super::skip(test, "network namespaces need root");
            return None;
        }
        if which::which("nft").is_err() && !std::path::Path::new("/usr/sbin/nft").exists() {
            super::skip(test, "nft is not installed: run scripts/install-deps");
            return None;
        }
        let name = format!(
            "dvt-{}-{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::SeqCst),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
                % 100_000
        );
        let st = Command::new("ip").args(["netns", "add", &name]).status();
        if !st.is_ok_and(|s| s.success()) {
            super::skip(test, &format!("`ip netns add {name}` failed"));
            return None;
        }
        let ns = Netns { name };
        let up = ns.run("ip", &["link", "set", "lo", "up"]);
        assert!(up.status.success(), "lo up: {up:?}");
        Some(ns)
    }

    /// `ip netns exec NAME PROG` (add args, env… on the returned Command).
    pub fn command(&self, prog: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.name]).arg(prog);
        c
    }

    pub fn run(&self, prog: &str, args: &[&str]) -> Output {
        self.command(prog).args(args).output().unwrap()
    }

    /// `nft ARGS` inside the namespace; panics with stderr on failure.
    pub fn nft(&self, args: &[&str]) -> String {
        let o = self.run("nft", args);
        assert!(
            o.status.success(),
            "nft {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .status();
    }
}
