//! The VNC side of a VM: where libvirt says its VNC server listens (`virsh dumpxml`, one call),
//! and whether something there really speaks RFB (a TCP connect that reads the banner).

use std::io::Read;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use crate::exec::{Cmd, Exec};
use crate::model::vnc::{self, VncEndpoint, VncGraphics};
use crate::tools::virsh::Virsh;

/// `virsh dumpxml VM` (read-only). The live XML of a running domain carries the port libvirt
/// actually assigned (autoport), unlike the inactive XML.
pub fn dumpxml(virsh: &Virsh, vm: &str) -> Cmd {
    virsh
        .cmd(["dumpxml", vm])
        .read_only()
        .timeout_secs(30)
        .what(format!("the domain XML of {vm}"))
}

/// Looks up the VM's VNC graphics (one virsh call).
pub fn lookup(exec: &Exec, virsh: &Virsh, vm: &str) -> anyhow::Result<VncGraphics> {
    let out = exec.run(&dumpxml(virsh, vm))?;
    vnc::parse_domain_vnc(&out.stdout).map_err(|e| match e {
        vnc::VncXmlError::NoVncGraphics => crate::error::precondition(format!("{vm}: {e}")),
        _ => anyhow::anyhow!("{vm}: {e}"),
    })
}

/// The result of probing a VNC endpoint.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Probe {
    pub reachable: bool,
    /// `RFB 003.008` when an RFB server answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Connects to the endpoint and reads the 12-byte RFB banner (bounded by `timeout`).
pub fn probe(endpoint: &VncEndpoint, timeout: Duration) -> Probe {
    let result = match endpoint {
        VncEndpoint::Tcp { port, .. } => {
            let host = endpoint.connect_host().unwrap_or_default();
            resolve(&host, *port).and_then(|a| {
                let s = TcpStream::connect_timeout(&a, timeout)?;
                read_banner(s, timeout)
            })
        }
        VncEndpoint::Unix { path } => std::os::unix::net::UnixStream::connect(path).and_then(|s| {
            s.set_read_timeout(Some(timeout))?;
            read_banner(s, timeout)
        }),
    };
    match result {
        Ok(b) => match vnc::parse_rfb_banner(&b) {
            Some(_) => Probe {
                reachable: true,
                banner: Some(String::from_utf8_lossy(&b).trim_end().to_string()),
                error: None,
            },
            None => Probe {
                reachable: false,
                banner: None,
                error: Some(format!(
                    "connected, but no RFB banner (got {:?})",
                    String::from_utf8_lossy(&b)
                )),
            },
        },
        Err(e) => Probe {
            reachable: false,
            banner: None,
            error: Some(e.to_string()),
        },
    }
}

pub fn resolve(host: &str, port: u16) -> std::io::Result<SocketAddr> {
    (host, port).to_socket_addrs()?.next().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("cannot resolve {host}"),
        )
    })
}

trait Timed: Read {
    fn set_timeout(&self, t: Duration) -> std::io::Result<()>;
}
impl Timed for TcpStream {
    fn set_timeout(&self, t: Duration) -> std::io::Result<()> {
        self.set_read_timeout(Some(t))
    }
}
impl Timed for std::os::unix::net::UnixStream {
    fn set_timeout(&self, t: Duration) -> std::io::Result<()> {
        self.set_read_timeout(Some(t))
    }
}

fn read_banner(mut s: impl Timed, timeout: Duration) -> std::io::Result<Vec<u8>> {
    s.set_timeout(timeout)?;
    let mut buf = [0u8; 12];
    let mut got = 0;
    while got < buf.len() {
        match s.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(buf[..got].to_vec())
}
