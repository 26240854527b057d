//! hostname-register against real components: a real etcd (scripts/etcd-start) for the
//! cluster-aware FQDN, a real dnsmasq serving the hosts directory, and the dns-update hand-off.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{etcd::Etcd, Sandbox};
use predicates::prelude::*;

/// A program that records its argv (one line per call) in `log`.
use common::recorder;

fn lines(p: &Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .map(String::from)
        .collect()
}

fn hosts_dir(sb: &Sandbox) -> PathBuf {
    sb.path().join("dnsmasq.d/hosts")
}

/// Runs hostname-register with --json and returns (exit code, report or null, stderr).
fn register(sb: &Sandbox, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = sb
        .cmd()
        .arg("hostname-register")
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report = stdout
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or(serde_json::Value::Null);
    (
        out.status.code().unwrap_or(-1),
        report,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn writes_hosts_line_and_reloads_dnsmasq_only_when_it_changes() {
    let sb = Sandbox::new();
    let (reload, reload_log) = recorder(&sb, "reload");
    sb.write_config(&format!(
        "[hostname_register]\nhosts_dir = \"{}\"\nreload_command = [\"{}\", \"reload\", \"dnsmasq\"]\netcd = false\n",
        hosts_dir(&sb).display(),
        reload.display()
    ));
    let args = ["--address", "10.10.20.7", "--fqdn", "Node7.DebVisor.local."];
    let (code, r, err) = register(&sb, &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["fqdn"], "node7.debvisor.local");
    assert_eq!(r["host"], "node7");
    assert_eq!(r["changed"], true);
    let file = hosts_dir(&sb).join("node7.conf");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.ends_with("\n10.10.20.7 node7.debvisor.local node7\n"),
        "{text}"
    );
    assert_eq!(lines(&reload_log), vec!["reload dnsmasq"]);

    // Same content: no write, no reload.
    let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
    let (code, r, err) = register(&sb, &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["changed"], false);
    assert_eq!(r["dnsmasq_reloaded"], false);
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), mtime);
    assert_eq!(lines(&reload_log).len(), 1);

    // New address: rewritten, reloaded, audited with old and new values.
    let (code, _, err) = register(
        &sb,
        &["--address", "10.10.20.8", "--fqdn", "node7.debvisor.local"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("10.10.20.8 node7.debvisor.local node7"));
    assert_eq!(lines(&reload_log).len(), 2);
    let audit = sb.audit_entries();
    let ev = audit
        .iter()
        .rev()
        .find(|e| e["action"] == "hostname-register")
        .expect("audit event");
    assert_eq!(ev["detail"]["old"], "10.10.20.7 node7.debvisor.local node7");
    assert_eq!(ev["detail"]["new"], "10.10.20.8 node7.debvisor.local node7");

    // Renamed node: the new file is written, the old one (ours) removed, one reload.
    let (code, r, err) = register(
        &sb,
        &["--address", "10.10.20.8", "--fqdn", "node8.debvisor.local"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!file.exists(), "stale file kept");
    assert!(hosts_dir(&sb).join("node8.conf").exists());
    assert_eq!(r["stale_removed"], file.display().to_string());
    assert_eq!(lines(&reload_log).len(), 3);
}

#[test]
fn a_failed_reload_is_reported_and_retried_next_run() {
    let sb = Sandbox::new();
    let flag = sb.path().join("reload-ok");
    let script = sb.path().join("reload.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n[ -e '{}' ] || {{ echo 'Job for dnsmasq.service failed' >&2; exit 1; }}\n",
            flag.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    sb.write_config(&format!(
        "[hostname_register]\nhosts_dir = \"{}\"\nreload_command = [\"{}\"]\netcd = false\n",
        hosts_dir(&sb).display(),
        script.display()
    ));
    let args = ["--address", "10.10.20.7", "--fqdn", "node7.debvisor.local"];
    let (code, _, err) = register(&sb, &args);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("did not reload") && err.contains("Job for dnsmasq.service failed"),
        "{err}"
    );
    std::fs::write(&flag, "").unwrap();
    let (code, r, err) = register(&sb, &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["changed"], false);
    assert_eq!(r["dnsmasq_reloaded"], true, "pending reload not retried");
}

#[test]
fn names_that_could_inject_are_refused_before_anything_is_written() {
    let sb = Sandbox::new();
    let (reload, reload_log) = recorder(&sb, "reload");
    sb.write_config(&format!(
        "[hostname_register]\nhosts_dir = \"{}\"\nreload_command = [\"{}\"]\netcd = false\n",
        hosts_dir(&sb).display(),
        reload.display()
    ));
    for bad in [
        "../../etc/passwd.x",
        "node1",
        "a.b;reboot",
        "node 1.debvisor.local",
        "node1.debvisor.local\n10.0.0.1 evil",
    ] {
        let (code, _, err) = register(&sb, &["--address", "10.10.20.7", "--fqdn", bad]);
        assert_eq!(code, 5, "{bad:?}: {err}");
    }
    let (code, _, err) = register(
        &sb,
        &["--address", "127.0.0.1", "--fqdn", "n.debvisor.local"],
    );
    assert_eq!(code, 5, "{err}");
    assert!(!hosts_dir(&sb).exists());
    assert!(lines(&reload_log).is_empty());
}

#[test]
fn default_address_is_the_source_of_the_default_route() {
    let sb = Sandbox::new();
    sb.write_config(&format!(
        "[hostname_register]\nhosts_dir = \"{}\"\nreload_command = []\netcd = false\n",
        hosts_dir(&sb).display()
    ));
    let (code, r, err) = register(&sb, &["--fqdn", "node7.debvisor.local"]);
    if code == 3 {
        // No route on this machine: the error must say how to fix it.
        assert!(err.contains("--address"), "{err}");
        return;
    }
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["address_source"], "route");
    let a: std::net::Ipv4Addr = r["address"].as_str().unwrap().parse().unwrap();
    assert!(!a.is_loopback() && !a.is_unspecified());
}

#[test]
fn etcd_fqdn_overrides_the_local_name_when_set() {
    let test = "etcd_fqdn_overrides_the_local_name_when_set";
    let Some(etcd) = Etcd::start(test) else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&format!(
        "[etcd]\nendpoints = [\"{}\"]\n[hostname_register]\nhosts_dir = \"{}\"\nreload_command = []\nfqdn = \"local7.debvisor.local\"\n",
        etcd.endpoint(),
        hosts_dir(&sb).display()
    ));
    let run = || {
        let (code, r, err) = register(&sb, &["--address", "10.10.20.7"]);
        assert_eq!(code, 0, "{err}");
        (
            r["fqdn"].as_str().unwrap().to_string(),
            r["fqdn_source"].as_str().unwrap().to_string(),
        )
    };
    // No node id: local (configured) name.
    assert_eq!(run(), ("local7.debvisor.local".into(), "config".into()));
    // Node id but no fqdn key: still local.
    etcd.put("/debvisor/self/node_id", "n7");
    assert_eq!(run().1, "config");
    // Non-empty fqdn in etcd: it wins, and the old file goes away.
    etcd.put("/debvisor/nodes/n7/info/fqdn", "hv7.cluster.debvisor.local");
    assert_eq!(
        run(),
        ("hv7.cluster.debvisor.local".into(), "etcd (node n7)".into())
    );
    assert!(hosts_dir(&sb).join("hv7.conf").exists());
    assert!(!hosts_dir(&sb).join("local7.conf").exists());
    // Empty value: local again.
    etcd.put("/debvisor/nodes/n7/info/fqdn", "");
    assert_eq!(run().1, "config");
    // A node id that would escape its key prefix is ignored.
    etcd.put("/debvisor/self/node_id", "../n7");
    etcd.put("/debvisor/nodes/n7/info/fqdn", "hv7.cluster.debvisor.local");
    assert_eq!(run().1, "config");
    // The flag beats etcd.
    etcd.put("/debvisor/self/node_id", "n7");
    let (code, r, err) = register(
        &sb,
        &["--address", "10.10.20.7", "--fqdn", "x.debvisor.local"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["fqdn_source"], "flag");
    // etcdctl was bounded by the layer and etcd's own timeouts.
    let etcd_cmds: Vec<String> = sb
        .exec_entries()
        .iter()
        .filter(|e| e["argv"][0] == "etcdctl")
        .map(|e| e["argv"].to_string())
        .collect();
    assert!(!etcd_cmds.is_empty());
    assert!(
        etcd_cmds.iter().all(|c| c.contains("--command-timeout=")),
        "{etcd_cmds:?}"
    );
}

#[test]
fn etcd_down_or_silent_falls_back_within_a_bounded_time() {
    let test = "etcd_down_or_silent_falls_back_within_a_bounded_time";
    let Some(etcd) = Etcd::start(test) else {
        return;
    };
    etcd.put("/debvisor/self/node_id", "n7");
    etcd.put("/debvisor/nodes/n7/info/fqdn", "hv7.cluster.debvisor.local");
    let down = etcd.endpoint();
    etcd.stop();
    // A listener that accepts TCP connections but never answers: the worst case.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_ep = format!("http://{}", silent.local_addr().unwrap());
    let sb = Sandbox::new();
    for ep in [down, silent_ep] {
        sb.write_config(&format!(
            "[etcd]\nendpoints = [\"{ep}\"]\n[hostname_register]\nhosts_dir = \"{}\"\nreload_command = []\nfqdn = \"local7.debvisor.local\"\netcd_timeout_secs = 1\n",
            hosts_dir(&sb).display()
        ));
        let t = Instant::now();
        let (code, r, err) = register(&sb, &["--address", "10.10.20.7"]);
        let took = t.elapsed();
        assert_eq!(code, 0, "{ep}: {err}");
        assert_eq!(r["fqdn_source"], "config", "{ep}");
        assert!(err.contains("etcd unreachable"), "{ep}: no warning: {err}");
        // One bounded etcdctl call (1 s command timeout, 4 s hard deadline), never a second.
        assert!(took < Duration::from_secs(15), "{ep}: took {took:?}");
    }
    drop(silent);
}

#[test]
fn dns_option_hands_the_record_to_dns_update() {
    let sb = Sandbox::new();
    let (du, du_log) = recorder(&sb, "dns-update");
    sb.write_config(&format!(
        "[dns]\nzone = \"debvisor.local\"\n[hostname_register]\nhosts_dir = \"{}\"\nreload_command = []\netcd = false\ndns_update_command = [\"{}\", \"--key-file\", \"/etc/debvisor/dns.key\"]\n",
        hosts_dir(&sb).display(),
        du.display()
    ));
    let (code, r, err) = register(
        &sb,
        &[
            "--address",
            "10.10.20.7",
            "--fqdn",
            "node7.debvisor.local",
            "--dns",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["dns_updated"], true);
    // Relative to the zone; outside the zone the name is absolute (trailing dot).
    let (code, _, err) = register(
        &sb,
        &[
            "--address",
            "10.10.20.7",
            "--fqdn",
            "node7.other.test",
            "--dns",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        lines(&du_log),
        vec![
            "--key-file /etc/debvisor/dns.key node7 10.10.20.7",
            "--key-file /etc/debvisor/dns.key node7.other.test. 10.10.20.7"
        ]
    );
    // Without --dns (and not configured): no call.
    register(
        &sb,
        &["--address", "10.10.20.9", "--fqdn", "node7.debvisor.local"],
    );
    assert_eq!(lines(&du_log).len(), 2);
}

/// dnsmasq on a random loopback port serving the hosts directory; killed by PID on drop.
struct Dnsmasq {
    child: std::process::Child,
    port: u16,
}

impl Dnsmasq {
    fn start(test: &str, hostsdir: &Path, dir: &Path) -> Option<Dnsmasq> {
        let bin = which::which("dnsmasq")
            .ok()
            .or_else(|| Some(PathBuf::from("/usr/sbin/dnsmasq")).filter(|p| p.exists()));
        let Some(bin) = bin else {
            common::skip(test, "dnsmasq not installed (apt-get install dnsmasq-base)");
            return None;
        };
        std::fs::create_dir_all(hostsdir).unwrap();
        for _ in 0..5 {
            let port = std::net::UdpSocket::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let mut child = std::process::Command::new(&bin)
                .args([
                    "--keep-in-foreground",
                    "--conf-file=/dev/null",
                    "--listen-address=127.0.0.1",
                    "--bind-interfaces",
                    "--no-resolv",
                    "--no-hosts",
                    "--user=root",
                    "--log-facility=-",
                ])
                .arg(format!("--port={port}"))
                .arg(format!("--hostsdir={}", hostsdir.display()))
                .arg(format!("--pid-file={}", dir.join("dnsmasq.pid").display()))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(300));
            if child.try_wait().unwrap().is_none() {
                return Some(Dnsmasq { child, port });
            }
        }
        common::skip(test, "dnsmasq did not start");
        None
    }

    fn query(&self, name: &str) -> String {
        let out = std::process::Command::new("dig")
            .args(["+short", "+time=2", "+tries=2", "-p"])
            .arg(self.port.to_string())
            .arg("@127.0.0.1")
            .arg(name)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn real_dnsmasq_serves_the_registered_name() {
    let test = "real_dnsmasq_serves_the_registered_name";
    let sb = Sandbox::new();
    let Some(dnsmasq) = Dnsmasq::start(test, &hosts_dir(&sb), sb.path()) else {
        return;
    };
    // dnsmasq re-reads its hosts files on SIGHUP (what `systemctl reload dnsmasq` sends).
    sb.write_config(&format!(
        "[hostname_register]\nhosts_dir = \"{}\"\nreload_command = [\"kill\", \"-HUP\", \"{}\"]\netcd = false\n",
        hosts_dir(&sb).display(),
        dnsmasq.child.id()
    ));
    let wait_for = |name: &str, want: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let got = dnsmasq.query(name);
            if got == want || Instant::now() > deadline {
                return got;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    let (code, _, err) = register(
        &sb,
        &["--address", "10.10.20.7", "--fqdn", "node7.debvisor.local"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(wait_for("node7.debvisor.local", "10.10.20.7"), "10.10.20.7");
    let (code, _, err) = register(
        &sb,
        &["--address", "10.10.20.8", "--fqdn", "node7.debvisor.local"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(wait_for("node7.debvisor.local", "10.10.20.8"), "10.10.20.8");
}

#[test]
fn answers_to_its_bare_and_legacy_names() {
    let sb = Sandbox::new();
    for n in [
        "hostname-register",
        "hostname-register.sh",
        "debvisor-hostname-register",
    ] {
        sb.cmd_as(n)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("hostname-register --address"));
    }
}

/// dnsmasq runs on the designated node only: on every other node systemctl answers "Unit
/// dnsmasq.service not found" (exit 5), which must not fail the boot-time unit — the hosts file
/// is written, nothing is left pending. (Seen on a real Debian 13 guest: the unit failed.)
#[test]
fn a_node_without_dnsmasq_registers_without_failing() {
    let sb = Sandbox::new();
    let bin = sb.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let systemctl = bin.join("systemctl");
    common::write_exe(
        &systemctl,
        "#!/bin/sh\necho \"Failed to try-reload-or-restart dnsmasq.service: Unit dnsmasq.service not found.\" >&2\nexit 5\n",
    );
    sb.write_config(&format!(
        "[hostname_register]\nhosts_dir = \"{}\"\nreload_command = [\"{}\", \"try-reload-or-restart\", \"dnsmasq\"]\netcd = false\n",
        hosts_dir(&sb).display(),
        systemctl.display()
    ));
    let args = ["--address", "10.10.20.7", "--fqdn", "node7.debvisor.local"];
    let (code, r, err) = register(&sb, &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["changed"], true, "{r}");
    assert_eq!(r["dnsmasq_reloaded"], false, "{r}");
    assert!(hosts_dir(&sb).join("node7.conf").exists());
    // Nothing pending: the next run neither retries nor fails.
    let (code, r, err) = register(&sb, &args);
    assert_eq!(
        (code, &r["changed"]),
        (0, &serde_json::json!(false)),
        "{err}"
    );
    // Any other failure of the same command still fails (and is retried).
    common::write_exe(
        &systemctl,
        "#!/bin/sh\necho 'Job for dnsmasq.service failed' >&2\nexit 1\n",
    );
    std::fs::remove_file(hosts_dir(&sb).join("node7.conf")).unwrap();
    let (code, _, err) = register(&sb, &args);
    assert_eq!(code, 1, "{err}");
}
