//! A real one-node Ceph 16 cluster (1 mon, 1 mgr, N bluestore OSDs on sparse files, cephx, on
//! loopback with free ports) started by scripts/ceph-start in a unique temp dir, and stopped by
//! PID (scripts/ceph-stop --purge) on drop. About 15 s to HEALTH_OK.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Whether Ceph's daemons and tools are installed; if not, a loud skip notice (a failure under
/// DEBVISOR_REQUIRE_COMPONENTS=1).
pub fn tools_installed(test: &str) -> bool {
    super::programs_installed(
        test,
        &[
            "ceph",
            "ceph-mon",
            "ceph-mgr",
            "ceph-osd",
            "ceph-authtool",
            "monmaptool",
        ],
        "apt-get install ceph-mon ceph-mgr ceph-osd ceph-common",
    )
}

pub struct Ceph {
    pub dir: PathBuf,
    pub env: HashMap<String, String>,
}

impl Ceph {
    /// Starts a cluster with `osds` OSDs, or returns None after a loud skip notice.
    pub fn start(test: &str, osds: u32) -> Option<Ceph> {
        if !tools_installed(test) {
            return None;
        }
        if !super::is_root() {
            super::skip(test, "the Ceph recipe was verified as root only");
            return None;
        }
        // Short path: admin sockets DIR/run/NAME.asok must fit in 107 bytes.
        let dir = tempfile::Builder::new()
            .prefix("dv-ceph.")
            .tempdir_in("/tmp")
            .unwrap()
            .keep();
        let mut cmd = Command::new(super::script("ceph-start"));
        cmd.arg(&dir)
            .arg(osds.to_string())
            .env_remove("CEPH_ARGS")
            .env_remove("CEPH_CONF")
            .env("CEPH_TIMEOUT", "240");
        match super::run_env_script(&mut cmd) {
            Ok(env) => Some(Ceph { dir, env }),
            Err(e) => {
                let _ = Command::new(super::script("ceph-stop"))
                    .arg(&dir)
                    .arg("--purge")
                    .output();
                super::skip(test, &format!("Ceph did not start: {e}"));
                None
            }
        }
    }

    pub fn conf(&self) -> PathBuf {
        PathBuf::from(&self.env["CEPH_CONF"])
    }

    pub fn keyring(&self) -> PathBuf {
        PathBuf::from(&self.env["CEPH_KEYRING"])
    }

    /// Runs the real `ceph` CLI against this cluster (for setting up and checking state).
    pub fn ceph(&self, args: &[&str]) -> Output {
        Command::new("ceph")
            .arg("-c")
            .arg(self.conf())
            .arg("--keyring")
            .arg(self.keyring())
            .args(["--connect-timeout", "10"])
            .args(args)
            .env_remove("CEPH_ARGS")
            .output()
            .unwrap()
    }

    /// `ceph ARGS -f json`, parsed; panics with stderr on failure.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.extend(["-f", "json"]);
        let out = self.ceph(&a);
        assert!(
            out.status.success(),
            "ceph {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "ceph {args:?}: {e}: {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// `rados -p POOL put NAME FILE`.
    pub fn rados_put(&self, pool: &str, name: &str, file: &Path) {
        let out = Command::new("rados")
            .arg("-c")
            .arg(self.conf())
            .arg("--keyring")
            .arg(self.keyring())
            .args(["-p", pool, "put", name])
            .arg(file)
            .env_remove("CEPH_ARGS")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "rados put: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Polls `ceph status` until `ok` holds (or panics after `secs`).
    pub fn wait_status(&self, what: &str, secs: u64, ok: impl Fn(&serde_json::Value) -> bool) {
        let end = Instant::now() + Duration::from_secs(secs);
        loop {
            let s = self.json(&["status"]);
            if ok(&s) {
                return;
            }
            assert!(
                Instant::now() < end,
                "timed out after {secs} s waiting for {what}: {s}"
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    /// Waits until HEALTH_OK with every PG active+clean.
    pub fn wait_clean(&self, secs: u64) {
        self.wait_status("HEALTH_OK and all PGs active+clean", secs, |s| {
            s["health"]["status"] == "HEALTH_OK"
                && s["pgmap"]["pgs_by_state"]
                    .as_array()
                    .is_some_and(|a| a.iter().all(|x| x["state_name"] == "active+clean"))
        });
    }

    /// Waits until a pool change (size, min_size) has been applied and has settled: every PG
    /// active+clean with `size` OSDs acting, every OSD ok-to-stop, HEALTH_OK, all of it seen
    /// unchanged for 5 s. One clean reading is not enough: the mgr's PG stats lag the osdmap (a
    /// min_size change opens a new interval and the PGs peer again after the stats said clean),
    /// and with stats every 1 s a 5 s window sees that peering.
    pub fn wait_settled(&self, size: usize, secs: u64) {
        let end = Instant::now() + Duration::from_secs(secs);
        let mut since: Option<Instant> = None;
        loop {
            let (ok, why) = self.settled(size);
            if !ok {
                since = None;
            } else if since.get_or_insert_with(Instant::now).elapsed() >= Duration::from_secs(5) {
                return;
            }
            assert!(
                Instant::now() < end,
                "timed out after {secs} s waiting for the PGs to settle at size {size}: {why}"
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    fn settled(&self, size: usize) -> (bool, String) {
        let status = self.json(&["status"]);
        if status["health"]["status"] != "HEALTH_OK" {
            return (false, format!("health {}", status["health"]));
        }
        let ls = self.json(&["pg", "ls"]);
        // Pacific prints a bare array, later releases {"pg_stats": [...]}.
        let pgs = ls["pg_stats"]
            .as_array()
            .or(ls.as_array())
            .cloned()
            .unwrap_or_default();
        if pgs.is_empty() {
            return (false, "no PG stats yet".into());
        }
        for pg in &pgs {
            let acting = pg["acting"].as_array().map_or(0, Vec::len);
            if pg["state"] != "active+clean" || acting != size {
                return (
                    false,
                    format!("pg {} is {} on {acting} OSD(s)", pg["pgid"], pg["state"]),
                );
            }
        }
        let osds = self.json(&["osd", "ls"]);
        for id in osds.as_array().into_iter().flatten() {
            let name = format!("osd.{id}");
            if !self.ceph(&["osd", "ok-to-stop", &name]).status.success() {
                return (false, format!("{name} not ok-to-stop"));
            }
        }
        (true, String::new())
    }

    /// Waits until every PG is active+clean (whatever the health checks say).
    pub fn wait_pgs_clean(&self, secs: u64) {
        self.wait_status("all PGs active+clean", secs, |s| {
            s["pgmap"]["pgs_by_state"].as_array().is_some_and(|a| {
                !a.is_empty() && a.iter().all(|x| x["state_name"] == "active+clean")
            })
        });
    }

    /// Stops one daemon (e.g. `osd.2`) by its stored PID.
    pub fn stop_daemon(&self, name: &str) {
        let out = Command::new(super::script("ceph-stop"))
            .arg(&self.dir)
            .arg(name)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "ceph-stop {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// (Re)starts one daemon and waits until it is up.
    pub fn start_daemon(&self, name: &str) {
        let out = Command::new(super::script("ceph-start"))
            .arg(&self.dir)
            .args(["--start-daemon", name])
            .env_remove("CEPH_ARGS")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "ceph-start --start-daemon {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn pid_of(&self, name: &str) -> Option<i32> {
        std::fs::read_to_string(self.dir.join("pids").join(format!("{name}.pid")))
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// Stops the whole cluster now (the drop guard then has nothing left to do but purge).
    pub fn stop_all(&self) {
        let _ = Command::new(super::script("ceph-stop"))
            .arg(&self.dir)
            .output();
    }
}

impl Drop for Ceph {
    fn drop(&mut self) {
        let _ = Command::new(super::script("ceph-stop"))
            .arg(&self.dir)
            .arg("--purge")
            .output();
    }
}
