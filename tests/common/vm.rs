//! Real Debian 13 guests (scripts/vm-nodes): booted once per test binary and shared, because a
//! boot costs minutes under TCG. Each guest gets this build's .deb through apt from the local
//! repository the fleet serves (never `dpkg -i`).
//!
//! Teardown is by PID and does not depend on the test process ending well: scripts/vm-nodes
//! starts a watcher on this process's PID that powers the guests off and kills them when it exits
//! (a panic, a SIGKILL, or simply the end of the run).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use super::{repo, script};

/// How many guests the tier boots (3 share 2 cores in about 4½ minutes under TCG).
pub const NODES: usize = 3;

pub struct Fleet {
    pub state: PathBuf,
    pub netns: String,
    pub image: PathBuf,
    /// The .deb the guests were given (version N).
    pub deb: PathBuf,
    pub version: String,
    locks: Vec<Mutex<()>>,
    repo_lock: Mutex<()>,
}

static FLEET: OnceLock<Result<Fleet, String>> = OnceLock::new();

/// The shared fleet, started (and the package installed on every guest) on first use. Panics
/// with the reason when it cannot start: the vm tier runs only where guests can boot.
pub fn fleet() -> &'static Fleet {
    match FLEET.get_or_init(Fleet::start) {
        Ok(f) => f,
        Err(e) => panic!("the Debian 13 guests did not start: {e}"),
    }
}

/// The built package (scripts/package): DEBVISOR_VM_DEB, else the newest target/debian/*.deb.
fn built_deb() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("DEBVISOR_VM_DEB") {
        return Ok(PathBuf::from(p));
    }
    let dir = repo().join("target/debian");
    let mut debs: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e} (run scripts/package first)", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    debs.sort_by_key(|p| p.metadata().and_then(|m| m.modified()).ok());
    debs.pop()
        .ok_or_else(|| format!("no .deb in {} (run scripts/package first)", dir.display()))
}

/// Runs a host command and panics, naming it and its stderr, unless it succeeds.
#[track_caller]
fn run_ok(c: &mut Command) -> Output {
    let out = c.output().unwrap_or_else(|e| panic!("{c:?}: {e}"));
    assert!(
        out.status.success(),
        "{c:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn deb_field(deb: &Path, field: &str) -> String {
    let out = run_ok(Command::new("dpkg-deb").arg("--field").arg(deb).arg(field));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

impl Fleet {
    fn start() -> Result<Fleet, String> {
        let deb = built_deb()?;
        let state = std::env::var_os("DEBVISOR_VM_STATE")
            .map(PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join(format!("dv-vm.{}", std::process::id())));
        let t0 = Instant::now();
        // DEBVISOR_VM_REUSE=1 with DEBVISOR_VM_STATE: use guests already started there (while
        // working on these tests; they are not reset, so only for re-runs of a test).
        let reuse = std::env::var("DEBVISOR_VM_REUSE").as_deref() == Ok("1")
            && state.join("netns").exists();
        let out = Command::new(script("vm-nodes"))
            .arg(if reuse { "status" } else { "start" })
            .arg(&state)
            .arg(NODES.to_string())
            .arg("--owner")
            .arg(std::process::id().to_string())
            .output()
            .map_err(|e| format!("scripts/vm-nodes: {e}"))?;
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
        if !out.status.success() {
            return Err(format!("scripts/vm-nodes start failed ({})", out.status));
        }
        eprintln!("vm tier: {NODES} guests up in {} s", t0.elapsed().as_secs());
        let read = |f: &str| {
            std::fs::read_to_string(state.join(f))
                .map(|s| s.trim().to_string())
                .map_err(|e| format!("{}: {e}", state.join(f).display()))
        };
        let fleet = Fleet {
            netns: read("netns")?,
            image: PathBuf::from(read("image")?),
            version: deb_field(&deb, "Version"),
            deb,
            state,
            locks: (0..NODES).map(|_| Mutex::new(())).collect(),
            repo_lock: Mutex::new(()),
        };
        fleet.publish(std::slice::from_ref(&fleet.deb));
        // Every guest: the repository as its only apt source, then the package through apt.
        let t1 = Instant::now();
        std::thread::scope(|s| {
            for i in 1..=NODES {
                let f = &fleet;
                s.spawn(move || {
                    f.ok(
                        i,
                        "echo 'deb [trusted=yes] http://10.0.2.2:8000/ ./' >/etc/apt/sources.list.d/debvisor-test.list \
                         && apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -q -y install debvisor",
                    );
                });
            }
        });
        eprintln!(
            "vm tier: debvisor installed through apt on every guest in {} s",
            t1.elapsed().as_secs()
        );
        Ok(fleet)
    }

    /// Exclusive use of guest `i` (tests run in parallel; each holds the guests it changes).
    pub fn lock(&self, i: usize) -> MutexGuard<'_, ()> {
        self.locks[i - 1].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A command run inside the fleet's network namespace (where the guests are reachable).
    pub fn in_netns(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.netns]).arg(program);
        c
    }

    pub fn ssh_config(&self) -> PathBuf {
        self.state.join("ssh_config")
    }

    /// `sh -c CMD` on guest i (one ssh round trip, multiplexed over a master connection).
    pub fn ssh(&self, i: usize, cmd: &str) -> Output {
        self.in_netns("ssh")
            .arg("-F")
            .arg(self.ssh_config())
            .arg(format!("node{i}"))
            .arg("--")
            .arg(cmd)
            .output()
            .unwrap()
    }

    /// Runs CMD on guest i, panics (with its stderr) unless it succeeds, returns its stdout.
    #[track_caller]
    pub fn ok(&self, i: usize, cmd: &str) -> String {
        let out = self.ssh(i, cmd);
        assert!(
            out.status.success(),
            "node{i}: `{cmd}` failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Makes `debs` (and only them) the content of the local repository, with its index.
    pub fn publish(&self, debs: &[PathBuf]) {
        let _g = self.repo_lock.lock().unwrap_or_else(|e| e.into_inner());
        let dir = self.state.join("repo");
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "deb") {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        for d in debs {
            std::fs::copy(d, dir.join(d.file_name().unwrap())).unwrap();
        }
        let out = run_ok(
            Command::new("dpkg-scanpackages")
                .args(["--multiversion", "."])
                .current_dir(&dir),
        );
        // Atomic: a guest's apt-get update never reads half an index.
        std::fs::write(dir.join("Packages.tmp"), &out.stdout).unwrap();
        std::fs::rename(dir.join("Packages.tmp"), dir.join("Packages")).unwrap();
    }

    /// The guest's current boot id.
    pub fn boot_id(&self, i: usize) -> String {
        self.ok(i, "cat /proc/sys/kernel/random/boot_id")
            .trim()
            .to_string()
    }

    /// Reboots guest i and waits (up to `timeout`) for it to answer with a new boot id.
    pub fn reboot(&self, i: usize, timeout: Duration) -> String {
        let before = self.boot_id(i);
        // --no-block: `systemctl reboot` over ssh otherwise hangs until sshd is killed.
        self.ok(i, "systemctl reboot --no-block");
        self.wait_new_boot(i, &before, timeout)
    }

    /// Waits until guest i answers over ssh with a boot id other than `before`.
    pub fn wait_new_boot(&self, i: usize, before: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let out = self
                .in_netns("timeout")
                .arg("40")
                .arg("ssh")
                .arg("-F")
                .arg(self.ssh_config())
                .args(["-o", "ControlPath=none", "-o", "ConnectTimeout=10"])
                .arg(format!("node{i}"))
                .arg("cat /proc/sys/kernel/random/boot_id")
                .output()
                .unwrap();
            let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if out.status.success() && !id.is_empty() && id != before {
                // The old master connection died with the old boot: drop its socket.
                let _ = self
                    .in_netns("ssh")
                    .arg("-F")
                    .arg(self.ssh_config())
                    .args(["-O", "exit"])
                    .arg(format!("node{i}"))
                    .output();
                return id;
            }
            assert!(
                Instant::now() < deadline,
                "node{i} did not come back with a new boot id within {} s (serial log: {})",
                timeout.as_secs(),
                self.state.join(format!("node{i}/serial.log")).display()
            );
            std::thread::sleep(Duration::from_secs(3));
        }
    }

    /// `systemctl show -p PROPS UNIT` as a map.
    pub fn unit_props(
        &self,
        i: usize,
        unit: &str,
        props: &str,
    ) -> std::collections::BTreeMap<String, String> {
        self.ok(i, &format!("systemctl show -p {props} {unit}"))
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Journal entries (journalctl -o json) matching `filter` on guest i.
    pub fn journal(&self, i: usize, filter: &str) -> Vec<serde_json::Value> {
        self.ok(i, &format!("journalctl -o json --no-pager {filter}"))
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }
}

/// Builds a .deb from `control` fields and maintainer scripts, in `dir`.
pub fn build_test_deb(dir: &Path, name: &str, version: &str, postinst: &str) -> PathBuf {
    let root = dir.join(format!("{name}-{version}"));
    std::fs::create_dir_all(root.join("DEBIAN")).unwrap();
    std::fs::create_dir_all(root.join(format!("usr/share/doc/{name}"))).unwrap();
    std::fs::write(
        root.join(format!("usr/share/doc/{name}/README")),
        format!("{name} {version}: a package of the DebVisor vm tier\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("DEBIAN/control"),
        format!(
            "Package: {name}\nVersion: {version}\nArchitecture: all\nMaintainer: DebVisor tests <root@localhost>\n\
             Priority: optional\nSection: misc\nDescription: test package of the DebVisor vm tier\n"
        ),
    )
    .unwrap();
    super::write_exe(&root.join("DEBIAN/postinst"), postinst);
    let deb = dir.join(format!("{name}_{version}_all.deb"));
    run_ok(
        Command::new("dpkg-deb")
            .args(["--root-owner-group", "-Zgzip", "-b"])
            .arg(&root)
            .arg(&deb),
    );
    deb
}

/// This build's package rebuilt as a newer version (same files, Version: `version`).
pub fn rebuild_with_version(deb: &Path, dir: &Path, version: &str) -> PathBuf {
    let root = dir.join(format!("debvisor-{version}"));
    run_ok(Command::new("dpkg-deb").arg("-R").arg(deb).arg(&root));
    let control = root.join("DEBIAN/control");
    let text = std::fs::read_to_string(&control).unwrap();
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("Version:") {
                format!("Version: {version}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&control, text).unwrap();
    let out = dir.join(format!("debvisor_{version}_amd64.deb"));
    run_ok(
        Command::new("dpkg-deb")
            .args(["--root-owner-group", "-Zgzip", "-b"])
            .arg(&root)
            .arg(&out),
    );
    out
}
