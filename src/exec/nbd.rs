//! Reading a disk image's guest data in-process: `qemu-nbd` serves the image read-only on a
//! private Unix socket and a minimal NBD client (fixed newstyle handshake, simple replies,
//! `NBD_CMD_READ`) streams it. Used for the format-independent content checksum of non-raw
//! images (qemu-img cannot write raw guest data to a pipe). `qemu-nbd` without `--persistent`
//! exits when its one client disconnects, so nothing is left running.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};

use super::{Cmd, Exec};

const NBDMAGIC: &[u8; 8] = b"NBDMAGIC";
const IHAVEOPT: u64 = 0x4948_4156_454F_5054;
const OPT_EXPORT_NAME: u32 = 1;
const FLAG_FIXED_NEWSTYLE: u16 = 1;
const FLAG_NO_ZEROES: u16 = 2;
const REQUEST_MAGIC: u32 = 0x2560_9513;
const REPLY_MAGIC: u32 = 0x6744_6698;
const CMD_READ: u16 = 0;
const CMD_DISC: u16 = 2;
/// Bytes per read request (qemu-nbd accepts up to 32 MiB).
const REQUEST: u64 = 4 << 20;

/// An open read-only NBD export. Dropping it disconnects, which ends the server.
pub struct NbdExport {
    stream: UnixStream,
    size: u64,
    _dir: tempfile::TempDir,
    pid_file: PathBuf,
    cookie: u64,
}

impl Exec {
    /// Starts `serve` (a read-only `qemu-nbd --fork … FILE` built by tools::qemu_img) on a
    /// private socket and connects to it.
    pub fn nbd_export(&self, serve: &Cmd) -> anyhow::Result<NbdExport> {
        let dir = tempfile::Builder::new()
            .prefix("debvisor-nbd.")
            .tempdir()
            .context("creating a private directory for the NBD socket")?;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))?;
        let sock = dir.path().join("nbd.sock");
        let pid_file = dir.path().join("pid");
        let cmd = serve
            .clone()
            .arg(format!("--socket={}", sock.display()))
            .arg(format!("--pid-file={}", pid_file.display()));
        self.run(&cmd)?;
        let deadline = Instant::now() + Duration::from_secs(10);
        let stream = loop {
            match UnixStream::connect(&sock) {
                Ok(s) => break s,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => {
                    kill_server(&pid_file);
                    return Err(e).context("connecting to qemu-nbd");
                }
            }
        };
        stream.set_read_timeout(Some(Duration::from_secs(120)))?;
        let mut ex = NbdExport {
            stream,
            size: 0,
            _dir: dir,
            pid_file,
            cookie: 0,
        };
        if let Err(e) = ex.handshake() {
            kill_server(&ex.pid_file);
            return Err(e);
        }
        Ok(ex)
    }
}

fn kill_server(pid_file: &std::path::Path) {
    if let Some(pid) = std::fs::read_to_string(pid_file)
        .ok()
        .and_then(|s| s.trim().parse::<i32>().ok())
    {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGTERM,
        );
    }
}

impl NbdExport {
    pub fn size(&self) -> u64 {
        self.size
    }

    fn handshake(&mut self) -> anyhow::Result<()> {
        let mut hello = [0u8; 18];
        self.stream
            .read_exact(&mut hello)
            .context("reading the NBD greeting")?;
        if &hello[..8] != NBDMAGIC || u64::from_be_bytes(hello[8..16].try_into()?) != IHAVEOPT {
            bail!("not a newstyle NBD server");
        }
        let flags = u16::from_be_bytes([hello[16], hello[17]]);
        if flags & FLAG_FIXED_NEWSTYLE == 0 {
            bail!("NBD server lacks fixed newstyle negotiation");
        }
        let no_zeroes = flags & FLAG_NO_ZEROES != 0;
        let client_flags: u32 = 1 | if no_zeroes { 2 } else { 0 };
        let mut msg = Vec::new();
        msg.extend_from_slice(&client_flags.to_be_bytes());
        msg.extend_from_slice(&IHAVEOPT.to_be_bytes());
        msg.extend_from_slice(&OPT_EXPORT_NAME.to_be_bytes());
        msg.extend_from_slice(&0u32.to_be_bytes()); // the default export ""
        self.stream.write_all(&msg)?;
        let mut reply = vec![0u8; if no_zeroes { 10 } else { 134 }];
        self.stream
            .read_exact(&mut reply)
            .context("NBD export negotiation")?;
        self.size = u64::from_be_bytes(reply[..8].try_into()?);
        Ok(())
    }

    /// Streams every byte of the export, in order, to `f`.
    pub fn read_all(&mut self, f: &mut dyn FnMut(&[u8])) -> anyhow::Result<()> {
        let mut buf = vec![0u8; REQUEST as usize];
        let mut off = 0;
        while off < self.size {
            let len = REQUEST.min(self.size - off);
            self.request(CMD_READ, off, len as u32)?;
            let mut hdr = [0u8; 16];
            self.stream.read_exact(&mut hdr).context("NBD read reply")?;
            if u32::from_be_bytes(hdr[..4].try_into()?) != REPLY_MAGIC {
                bail!("bad NBD reply magic");
            }
            let err = u32::from_be_bytes(hdr[4..8].try_into()?);
            if err != 0 {
                bail!("NBD read at offset {off} failed (error {err})");
            }
            let data = &mut buf[..len as usize];
            self.stream.read_exact(data).context("NBD read data")?;
            f(data);
            off += len;
        }
        Ok(())
    }

    fn request(&mut self, kind: u16, offset: u64, len: u32) -> anyhow::Result<()> {
        self.cookie += 1;
        let mut m = Vec::with_capacity(28);
        m.extend_from_slice(&REQUEST_MAGIC.to_be_bytes());
        m.extend_from_slice(&0u16.to_be_bytes());
        m.extend_from_slice(&kind.to_be_bytes());
        m.extend_from_slice(&self.cookie.to_be_bytes());
        m.extend_from_slice(&offset.to_be_bytes());
        m.extend_from_slice(&len.to_be_bytes());
        self.stream.write_all(&m)?;
        Ok(())
    }
}

impl Drop for NbdExport {
    fn drop(&mut self) {
        // A clean disconnect ends qemu-nbd (it serves one client).
        if self.request(CMD_DISC, 0, 0).is_err() {
            kill_server(&self.pid_file);
        }
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}
