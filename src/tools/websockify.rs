//! websockify: the WebSocket-to-TCP bridge noVNC talks to. Builds the commands that start one
//! instance (directly, as a detached daemon, or as the systemd template instance
//! `debvisor-websockify@VM.service`), and checks instances: is the recorded PID still that
//! websockify, does its port listen, does a WebSocket handshake through it reach an RFB server.
//!
//! The systemctl commands for the template unit live here (built with `tools::systemctl`)
//! because they only make sense together with the instance environment file written here.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use super::systemctl;
use crate::exec::Cmd;
use crate::model::ticket::b64std_encode;
use crate::model::vnc::{self, VncEndpoint};

pub const UNIT_TEMPLATE: &str = "debvisor-websockify@.service";

/// `debvisor-websockify@VM.service` (VM names are validated: no escaping needed, and the unit
/// uses `%i`, the raw instance name).
pub fn unit_name(vm: &str) -> String {
    format!("debvisor-websockify@{vm}.service")
}

/// `host:port` for websockify's listen argument (IPv6 in brackets).
pub fn host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// The websockify argv after the program name.
pub fn args(
    listen: &str,
    port: u16,
    target: &VncEndpoint,
    log_file: Option<&Path>,
    web: Option<&Path>,
) -> Vec<String> {
    let mut a = Vec::new();
    if let Some(l) = log_file {
        a.push(format!("--log-file={}", l.display()));
    }
    if let Some(w) = web {
        a.push(format!("--web={}", w.display()));
    }
    match target {
        VncEndpoint::Unix { path } => {
            a.push(format!("--unix-target={path}"));
            a.push(host_port(listen, port));
        }
        VncEndpoint::Tcp { .. } => {
            a.push(host_port(listen, port));
            a.push(target.target());
        }
    }
    a
}

/// A detached websockify (the `spawn` mode).
pub fn daemon(
    program: &str,
    listen: &str,
    port: u16,
    target: &VncEndpoint,
    log_file: Option<&Path>,
    web: Option<&Path>,
) -> Cmd {
    Cmd::new(program)
        .args(args(listen, port, target, log_file, web))
        .what(format!(
            "websockify {} -> {}",
            host_port(listen, port),
            target.target()
        ))
}

/// The instance environment file read by `debvisor-websockify@.service` (`EnvironmentFile=`).
/// Each variable is used as one whole word in `ExecStart=`, which systemd expands itself — no
/// shell, no `${VAR}` inside `bash -c` (the legacy unit's empty-port bug).
pub fn env_file(vm: &str, listen: &str, port: u16, target: &VncEndpoint) -> String {
    let target_arg = match target {
        VncEndpoint::Unix { path } => format!("--unix-target={path}"),
        VncEndpoint::Tcp { .. } => target.target(),
    };
    format!(
        "# debvisor-websockify@{vm}.service — written by `debvisor vnc-ensure {vm}`; do not edit.\n\
         WEBSOCKIFY_LISTEN={}\nWEBSOCKIFY_TARGET={target_arg}\n",
        host_port(listen, port)
    )
}

pub fn unit_restart(vm: &str) -> Cmd {
    systemctl::restart(&unit_name(vm), 60).what(format!("websockify for {vm} (systemd)"))
}

pub fn unit_stop(vm: &str) -> Cmd {
    systemctl::stop(&unit_name(vm), 60)
}

/// `systemctl is-active --quiet UNIT` (exit status is the answer).
pub fn unit_is_active(vm: &str) -> Cmd {
    systemctl::is_active(&unit_name(vm), 15)
}

/// Whether `pid` is a websockify listening on `listen_arg` (guards against PID reuse).
pub fn is_websockify(pid: u32, listen_arg: &str) -> bool {
    super::procfs::proc_cmdline(pid).is_some_and(|argv| {
        argv.iter().any(|a| a.ends_with("websockify")) && argv.iter().any(|a| a == listen_arg)
    })
}

/// Whether something accepts TCP connections on host:port.
pub fn listening(host: &str, port: u16, timeout: Duration) -> bool {
    super::vnc::resolve(host, port)
        .and_then(|a| TcpStream::connect_timeout(&a, timeout))
        .is_ok()
}

/// Polls until host:port accepts connections or `wait` passes; `gone` (checked between
/// polls) stops early when the process died.
pub fn wait_listening(host: &str, port: u16, wait: Duration, gone: &dyn Fn() -> bool) -> bool {
    let deadline = Instant::now() + wait;
    loop {
        if listening(host, port, Duration::from_millis(500)) {
            return true;
        }
        if Instant::now() >= deadline || gone() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Opens a WebSocket through websockify (HTTP Upgrade, subprotocol `binary`) and returns the
/// payload of the first data frame — the VNC server's RFB banner when the chain works.
pub fn ws_probe(host: &str, port: u16, path: &str, timeout: Duration) -> anyhow::Result<String> {
    let addr = super::vnc::resolve(host, port)?;
    let mut s = TcpStream::connect_timeout(&addr, timeout)?;
    s.set_read_timeout(Some(timeout))?;
    s.set_write_timeout(Some(timeout))?;
    let mut key = [0u8; 16];
    getrandom::fill(&mut key).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: {}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary\r\n\r\n",
        host_port(host, port),
        b64std_encode(&key)
    );
    s.write_all(req.as_bytes())?;
    let deadline = Instant::now() + timeout;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    // The HTTP response head.
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if Instant::now() >= deadline || buf.len() > 16 * 1024 {
            anyhow::bail!("no complete HTTP response from websockify");
        }
        match s.read(&mut chunk)? {
            0 => anyhow::bail!("websockify closed the connection during the handshake"),
            n => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let status_line = String::from_utf8_lossy(&buf[..head_end])
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    if !status_line.contains(" 101") {
        anyhow::bail!("WebSocket upgrade refused: {status_line}");
    }
    buf.drain(..head_end);
    loop {
        if let Some((frame, used)) = vnc::parse_ws_frame(&buf, 64 * 1024) {
            buf.drain(..used);
            match frame.opcode {
                vnc::WS_OP_BINARY | vnc::WS_OP_TEXT => {
                    return Ok(String::from_utf8_lossy(&frame.payload)
                        .trim_end()
                        .to_string())
                }
                vnc::WS_OP_CLOSE => {
                    let reason = frame.payload.get(2..).unwrap_or_default();
                    anyhow::bail!(
                        "websockify closed the WebSocket: {}",
                        String::from_utf8_lossy(reason)
                    )
                }
                _ => continue,
            }
        }
        if Instant::now() >= deadline || buf.len() > 128 * 1024 {
            anyhow::bail!("no data frame from websockify");
        }
        match s.read(&mut chunk)? {
            0 => anyhow::bail!("websockify closed the connection"),
            n => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argv_and_env_file() {
        let t = VncEndpoint::Tcp {
            address: "0.0.0.0".into(),
            port: 5901,
        };
        assert_eq!(
            args("127.0.0.1", 6081, &t, None, None),
            ["127.0.0.1:6081", "127.0.0.1:5901"]
        );
        let u = VncEndpoint::Unix {
            path: "/run/v.sock".into(),
        };
        assert_eq!(
            args("::1", 6081, &u, Some(Path::new("/l")), None),
            ["--log-file=/l", "--unix-target=/run/v.sock", "[::1]:6081"]
        );
        let e = env_file("web1", "127.0.0.1", 6081, &t);
        assert!(
            e.contains("\nWEBSOCKIFY_LISTEN=127.0.0.1:6081\nWEBSOCKIFY_TARGET=127.0.0.1:5901\n")
        );
        assert!(!e.contains("${"));
        assert_eq!(unit_name("web1"), "debvisor-websockify@web1.service");
    }
}
