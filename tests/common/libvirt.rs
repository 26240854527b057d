//! Real root libvirtd "nodes" (scripts/libvirt-start), each in its own mount namespace on its
//! own loopback address, running real KVM guests (a 512-byte boot sector as the OS). Stopped by
//! PID and purged on drop, even when the test fails.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

static INSTANCE: AtomicU32 = AtomicU32::new(0);

pub struct Nodes {
    pub base: PathBuf,
    pub env: HashMap<String, String>,
    pub count: usize,
}

impl Nodes {
    /// Starts `count` libvirtd nodes, or returns None after a loud skip notice.
    /// `hook`: a program installed as /etc/libvirt/hooks/qemu on every node.
    pub fn start(test: &str, count: usize, hook: Option<&Path>) -> Option<Nodes> {
        if !super::is_root() {
            super::skip(test, "real libvirtd nodes need root");
            return None;
        }
        if !Path::new("/dev/kvm").exists() {
            super::skip(test, "/dev/kvm is missing");
            return None;
        }
        if which::which("libvirtd").is_err() && !Path::new("/usr/sbin/libvirtd").exists() {
            super::skip(test, "libvirtd not installed: run scripts/install-deps");
            return None;
        }
        // A short, unique BASE (unix socket paths are limited to 107 bytes) and a unique
        // loopback /24 per instance, so tests can run in parallel.
        let n = INSTANCE.fetch_add(1, Ordering::SeqCst);
        let pid = std::process::id();
        let base = PathBuf::from(format!("/tmp/dvl-{pid}-{n}"));
        let _ = std::fs::remove_dir_all(&base);
        let prefix = format!("127.{}.{}", 100 + (pid % 100), 10 + n);
        let mut cmd = Command::new(super::script("libvirt-start"));
        cmd.arg(&base)
            .arg(count.to_string())
            .env("ADDR_PREFIX", &prefix);
        if let Some(h) = hook {
            cmd.env("HOOK", h);
        }
        let mut nodes = Nodes {
            base,
            env: HashMap::new(),
            count,
        };
        match super::run_env_script(&mut cmd) {
            Ok(env) => {
                nodes.env = env;
                Some(nodes)
            }
            Err(e) => {
                drop(nodes); // stops whatever started
                super::skip(test, &format!("libvirtd did not start: {e}"));
                None
            }
        }
    }

    pub fn uri(&self, node: usize) -> String {
        self.env[&format!("NODE{node}_URI")].clone()
    }

    pub fn tcp_uri(&self, node: usize) -> String {
        self.env[&format!("NODE{node}_TCP_URI")].clone()
    }

    pub fn addr(&self, node: usize) -> String {
        self.env[&format!("NODE{node}_ADDR")].clone()
    }

    pub fn hooks_log(&self, node: usize) -> PathBuf {
        self.base.join(format!("nodes/node{node}/hooks.log"))
    }

    /// Defines (not starts) a guest on `node` from scripts/guest/TEMPLATE.xml, renamed to `name`,
    /// with its own qcow2 overlay on the bootable base image. Returns the XML path.
    pub fn define_guest(&self, node: usize, template: &str, name: &str) -> PathBuf {
        let images = self.base.join("images");
        let out = Command::new(super::script("guest-image"))
            .arg(&images)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "guest-image: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let xml =
            std::fs::read_to_string(super::repo().join(format!("scripts/guest/{template}.xml")))
                .unwrap();
        let xml = xml
            .replace("@BASE@", &self.base.display().to_string())
            .replace(
                &format!("<name>{template}</name>"),
                &format!("<name>{name}</name>"),
            )
            .replace(
                &format!("images/{template}.qcow2"),
                &format!("images/{name}.qcow2"),
            )
            .replace(
                &format!("images/{template}-serial.log"),
                &format!("images/{name}-serial.log"),
            );
        let disk = images.join(format!("{name}.qcow2"));
        let st = Command::new("qemu-img")
            .args(["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b"])
            .arg(images.join("base-boot.qcow2"))
            .arg(&disk)
            .status()
            .unwrap();
        assert!(st.success());
        let path = self.base.join(format!("{name}.xml"));
        std::fs::write(&path, xml).unwrap();
        self.virsh(node, &["define", &path.display().to_string()]);
        path
    }

    /// Runs virsh against `node` directly (test set-up, not the code under test).
    pub fn virsh(&self, node: usize, args: &[&str]) -> String {
        let out = Command::new("virsh")
            .arg("-q")
            .arg("-c")
            .arg(self.uri(node))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "virsh {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `virsh start`, retried when qemu loses the race for a VNC port: each daemon has its own
    /// 16-port range (scripts/libvirt-start), but two of them can hash to the same range.
    pub fn start_guest(&self, node: usize, name: &str) {
        for attempt in 0.. {
            let out = Command::new("virsh")
                .args(["-q", "-c", &self.uri(node), "start", name])
                .output()
                .unwrap();
            if out.status.success() {
                return;
            }
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                attempt < 5 && err.contains("Address already in use"),
                "virsh start {name}: {err}"
            );
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
    }

    pub fn domstate(&self, node: usize, name: &str) -> Option<String> {
        let out = Command::new("virsh")
            .arg("-q")
            .arg("-c")
            .arg(self.uri(node))
            .args(["domstate", name])
            .output()
            .unwrap();
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    }
}

impl Drop for Nodes {
    fn drop(&mut self) {
        let _ = Command::new(super::script("libvirt-stop"))
            .arg(&self.base)
            .arg("--purge")
            .output();
        let _ = std::fs::remove_dir_all(&self.base);
    }
}
