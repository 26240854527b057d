//! The console tools against real components: a real libvirtd with real KVM guests (qemu's own
//! VNC server, autoport on 127.0.0.1) and real websockify processes. The WebSocket client below
//! is written independently of the code under test: an HTTP Upgrade handshake, then the first
//! binary frame, which must carry the VNC server's RFB banner.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

use common::Sandbox;
use serde_json::Value;

static RANGE: AtomicU16 = AtomicU16::new(0);

/// A private websockify port range per test (other tests and engineers run concurrently).
fn port_range() -> (u16, u16) {
    let n = RANGE.fetch_add(1, Ordering::SeqCst);
    let base = 30000 + ((std::process::id() % 400) as u16) * 30 + n * 8;
    (base, base + 7)
}

/// Stops every websockify a sandbox's vnc-ensure recorded (by PID, after checking the PID is
/// still that websockify), even when the test fails.
struct Websockifies(PathBuf);

impl Drop for Websockifies {
    fn drop(&mut self) {
        for pid in recorded_pids(&self.0) {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            if String::from_utf8_lossy(&cmdline).contains("websockify") {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid as i32),
                    nix::sys::signal::Signal::SIGTERM,
                );
            }
        }
    }
}

fn recorded_pids(state: &Path) -> Vec<u32> {
    let Ok(t) = std::fs::read_to_string(state.join("vnc/instances.json")) else {
        return vec![];
    };
    let v: Value = serde_json::from_str(&t).unwrap_or_default();
    v["instances"]
        .as_object()
        .map(|o| {
            o.values()
                .filter_map(|i| i["pid"].as_u64().map(|p| p as u32))
                .collect()
        })
        .unwrap_or_default()
}

fn sandbox_with_range() -> (Sandbox, Websockifies, (u16, u16)) {
    let sb = Sandbox::new();
    let (lo, hi) = port_range();
    sb.write_config(&format!(
        "[console]\nwebsockify_mode = \"spawn\"\nport_min = {lo}\nport_max = {hi}\n\
         public_url = \"https://hv.example.test\"\n"
    ));
    let guard = Websockifies(sb.path().join("state"));
    (sb, guard, (lo, hi))
}

use common::json_of;

/// Reads the 12-byte RFB banner straight from a VNC server.
fn raw_banner(port: u16) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut b = [0u8; 12];
    s.read_exact(&mut b).unwrap();
    String::from_utf8_lossy(&b).into_owned()
}

/// A minimal WebSocket client: Upgrade handshake, then the payload of the first data frame.
fn banner_through_websocket(port: u16, path: &str) -> Result<String, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            other => return Err(format!("handshake cut short: {other:?} after {buf:?}")),
        }
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    if !head.starts_with("HTTP/1.1 101") {
        return Err(format!("no upgrade: {head}"));
    }
    // RFC 6455: the accept value for the RFC's sample key.
    if !head.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") {
        return Err(format!("wrong Sec-WebSocket-Accept: {head}"));
    }
    let mut hdr = [0u8; 2];
    s.read_exact(&mut hdr).map_err(|e| e.to_string())?;
    if hdr[0] & 0x0f == 8 {
        return Err("websockify closed the WebSocket".into());
    }
    if hdr[0] != 0x82 {
        return Err(format!("expected a final binary frame, got {:#x}", hdr[0]));
    }
    let len = match hdr[1] & 0x7f {
        126 => {
            let mut l = [0u8; 2];
            s.read_exact(&mut l).unwrap();
            u16::from_be_bytes(l) as usize
        }
        l if l < 126 => l as usize,
        _ => return Err("frame too large".into()),
    };
    let mut payload = vec![0u8; len];
    s.read_exact(&mut payload).map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&payload).into_owned())
}

#[test]
fn real_kvm_guests_vnc_target_port_and_one_websockify_per_vm() {
    let test = "real_kvm_guests_vnc_target_port_and_one_websockify_per_vm";
    if which::which("websockify").is_err() {
        common::skip(test, "websockify not installed (scripts/install-deps)");
        return;
    }
    let Some(nodes) = common::libvirt::Nodes::start(test, 1, None) else {
        return;
    };
    nodes.define_guest(1, "tiny1", "c1");
    nodes.define_guest(1, "tiny1", "c2");
    nodes.virsh(1, &["start", "c1"]);
    nodes.virsh(1, &["start", "c2"]);
    let uri = nodes.uri(1);
    let (sb, _guard, (lo, hi)) = sandbox_with_range();

    // vnc-target: the PORT (not the display number), checked against virsh and the RFB banner.
    let mut vnc_ports = Vec::new();
    for vm in ["c1", "c2"] {
        let out = sb
            .cmd_as("debvisor-vnc-target")
            .args(["-c", &uri, "--json", vm])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let j = json_of(&out);
        let port = j["port"].as_u64().unwrap() as u16;
        let display: u16 = nodes
            .virsh(1, &["vncdisplay", vm])
            .trim()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(port, 5900 + display, "{j}");
        assert_eq!(j["display"], display);
        assert_eq!(j["reachable"], true);
        assert!(
            j["banner"].as_str().unwrap().starts_with("RFB 003.00"),
            "{j}"
        );
        assert!(raw_banner(port).starts_with("RFB 003.00"));
        // --port prints just the port (the legacy script printed the display number).
        let out = sb
            .cmd_as("debvisor-vnc-target.sh")
            .args(["-c", &uri, "--port", vm])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            port.to_string()
        );
        vnc_ports.push(port);
    }
    assert_ne!(vnc_ports[0], vnc_ports[1]);

    // vnc-ensure: one websockify per VM, each on its own port, each bridging to its VM.
    let mut ws_ports = Vec::new();
    for vm in ["c1", "c2"] {
        let out = sb
            .cmd_as("debvisor-vnc-ensure")
            .args(["-c", &uri, "--json", vm])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let j = json_of(&out);
        assert_eq!(j["status"], "started", "{j}");
        let port = j["port"].as_u64().unwrap() as u16;
        assert!((lo..=hi).contains(&port));
        assert_eq!(
            j["url"],
            format!("https://hv.example.test/novnc/vnc.html?path=vnc/{vm}&autoconnect=1")
        );
        assert!(
            j["banner"].as_str().unwrap_or("").starts_with("RFB 003.00"),
            "{j}"
        );
        let banner = banner_through_websocket(port, &format!("/vnc/{vm}")).unwrap();
        assert!(banner.starts_with("RFB 003.00"), "{banner:?}");
        ws_ports.push(port);
    }
    assert_ne!(ws_ports[0], ws_ports[1], "two VMs must get two ports");
    // Each websockify targets its own VM's VNC port.
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(sb.path().join("state/vnc/instances.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        state["instances"]["c1"]["target"],
        format!("127.0.0.1:{}", vnc_ports[0])
    );
    assert_eq!(
        state["instances"]["c2"]["target"],
        format!("127.0.0.1:{}", vnc_ports[1])
    );
    let map = std::fs::read_to_string(sb.path().join("state/vnc/nginx-ports.map")).unwrap();
    assert!(map.contains(&format!("/vnc/c1 {};", ws_ports[0])), "{map}");
    assert!(map.contains(&format!("/vnc/c2 {};", ws_ports[1])), "{map}");

    // Idempotent: a second ensure keeps the running instance.
    let out = sb
        .cmd()
        .args(["vnc-ensure", "-c", &uri, "--json", "c1"])
        .output()
        .unwrap();
    let j = json_of(&out);
    assert_eq!(j["status"], "running");
    assert_eq!(j["port"], ws_ports[0]);
    let out = sb
        .cmd()
        .args(["vnc-ensure", "-c", &uri, "--check", "c1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));

    // A stale instance (its process died) is detected and replaced on the same port.
    let pid = state["instances"]["c1"]["pid"].as_u64().unwrap() as i32;
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let out = sb
        .cmd()
        .args(["vnc-ensure", "-c", &uri, "--check", "c1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let out = sb
        .cmd()
        .args(["vnc-ensure", "--list", "--json"])
        .output()
        .unwrap();
    let list = json_of(&out);
    let c1 = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["vm"] == "c1")
        .unwrap();
    assert_eq!(c1["health"], "process_gone");
    let out = sb
        .cmd()
        .args(["vnc-ensure", "-c", &uri, "--json", "c1"])
        .output()
        .unwrap();
    let j = json_of(&out);
    assert_eq!(j["status"], "restarted", "{j}");
    assert_eq!(j["replaced"], "process_gone");
    assert_eq!(j["port"], ws_ports[0]);
    assert!(banner_through_websocket(ws_ports[0], "/vnc/c1")
        .unwrap()
        .starts_with("RFB 003.00"));

    // Stop: the process goes, the port closes, the port is free again.
    let old_pid = json_of(&out)["pid"].as_u64().unwrap();
    let out = sb
        .cmd()
        .args(["vnc-ensure", "--stop", "c1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        !Path::new(&format!("/proc/{old_pid}/cmdline")).exists()
            || std::fs::read(format!("/proc/{old_pid}/cmdline"))
                .unwrap()
                .is_empty()
    );
    assert!(TcpStream::connect(("127.0.0.1", ws_ports[0])).is_err());
    let audit = std::fs::read_to_string(sb.audit_log()).unwrap();
    assert!(audit.contains("\"vnc-instance-started\""));
    assert!(audit.contains("\"vnc-instance-stopped\""));
    assert!(audit.contains("\"spawn-daemon\""));
}

#[test]
fn test_driver_fixed_ports_target_and_ensure() {
    let test = "test_driver_fixed_ports_target_and_ensure";
    let uri = format!(
        "test://{}",
        common::repo().join("scripts/demo-node.xml").display()
    );
    let (sb, _guard, (lo, _hi)) = sandbox_with_range();
    // web1 has <graphics type='vnc' port='5901' autoport='no'>: the port is 5901, display :1.
    let out = sb
        .cmd()
        .args(["vnc-target", "-c", &uri, "--port", "web1"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "5901",
        "{out:?}"
    );
    let out = sb
        .cmd()
        .args(["vnc-target", "-c", &uri, "--json", "web2"])
        .output()
        .unwrap();
    let j = json_of(&out);
    assert_eq!(j["port"], 5902);
    assert_eq!(j["display"], 2);
    assert_eq!(j["listen"], "127.0.0.1");
    // Exit code follows reachability (nothing of ours listens on 5902, but another test's guest
    // might): 0 exactly when reachable.
    assert_eq!(out.status.code() == Some(0), j["reachable"] == true);
    // A VM without VNC graphics: precondition (3); a bad name: invalid (5); unknown VM: 1.
    let out = sb
        .cmd()
        .args(["vnc-target", "-c", &uri, "db1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let out = sb
        .cmd()
        .args(["vnc-target", "-c", &uri, "a/../b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let out = sb
        .cmd()
        .args(["vnc-target", "-c", &uri, "nosuchvm"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));

    // Dry run: the plan names websockify with the fixed target; nothing starts.
    let out = sb
        .cmd()
        .args(["vnc-ensure", "-c", &uri, "--dry-run", "web1"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("websockify --log-file=") && stdout.contains("127.0.0.1:5901"),
        "{stdout}"
    );
    assert!(!sb.path().join("state/vnc/instances.json").exists());

    if which::which("websockify").is_err() {
        common::skip(test, "websockify not installed (scripts/install-deps)");
        return;
    }
    // For real: websockify starts on the first port of the range and really listens.
    let out = sb
        .cmd()
        .args(["vnc-ensure", "-c", &uri, "--json", "web1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let j = json_of(&out);
    let port = j["port"].as_u64().unwrap() as u16;
    assert!(port >= lo);
    assert_eq!(j["target"], "127.0.0.1:5901");
    let pid = j["pid"].as_u64().unwrap();
    // A client that stays connected: websockify forks a handler for it, which inherits the
    // listening socket. --stop must end that child too, or the port keeps accepting.
    let held = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let out = sb
        .cmd()
        .args(["vnc-ensure", "--stop", "web1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
    let left: Vec<String> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path().join("stat")).ok())
        .filter(|stat| {
            let rest = &stat[stat.rfind(')').unwrap() + 1..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            f[0] != "Z" && f[2] == pid.to_string()
        })
        .collect();
    assert!(
        left.is_empty(),
        "websockify's group {pid} outlived --stop: {left:?}"
    );
    drop(held);
}

#[test]
fn packaged_websockify_unit_and_nginx_snippets() {
    let unit = std::fs::read_to_string(
        common::repo().join("packaging/systemd/debvisor-websockify@.service"),
    )
    .unwrap();
    let body: String = unit
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!body.contains("bash"), "no shell in the unit");
    assert!(!body.contains("${"), "no ${{VAR}} in the unit");
    assert!(body.contains("EnvironmentFile=/run/debvisor/websockify/%i.env"));
    assert!(body.contains("ExecStart=/usr/bin/websockify $WEBSOCKIFY_LISTEN $WEBSOCKIFY_TARGET"));
    // The env file vnc-ensure writes defines exactly the variables the unit uses (dry-run shows
    // the unit restart; the env-file format itself is unit-tested in tools::websockify).
    if which::which("systemd-analyze").is_ok() {
        let d = tempfile::tempdir().unwrap();
        let inst = d.path().join("debvisor-websockify@web1.service");
        std::fs::write(&inst, &unit).unwrap();
        let out = std::process::Command::new("systemd-analyze")
            .args(["verify", "--man=no"])
            .arg(&inst)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("Unknown key") && !err.contains("Invalid"),
            "systemd-analyze: {err}"
        );
    }
    let snippet =
        std::fs::read_to_string(common::repo().join("packaging/nginx/debvisor-novnc.conf"))
            .unwrap();
    assert!(snippet.contains("proxy_pass http://127.0.0.1:$debvisor_vnc_port;"));
    assert!(snippet.contains("proxy_set_header Upgrade $http_upgrade;"));
    let map =
        std::fs::read_to_string(common::repo().join("packaging/nginx/debvisor-novnc-map.conf"))
            .unwrap();
    assert!(map.contains("include /var/lib/debvisor/vnc/nginx-ports.map;"));
}
