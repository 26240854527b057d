//! lsblk, wipefs (signature probe), findmnt: read-only views of the node's disks.

use crate::exec::Cmd;

pub fn lsblk() -> Cmd {
    Cmd::new("lsblk")
        .args([
            "-J",
            "-b",
            "-o",
            "NAME,KNAME,PATH,SIZE,TYPE,MOUNTPOINT,RM,ROTA,TRAN,PKNAME,MODEL,SERIAL",
        ])
        .read_only()
        .timeout_secs(30)
}

/// Signatures on all given devices in ONE process (`blkid -p` stops at the first blank disk).
/// `--no-act` makes it a pure probe.
pub fn probe_signatures<I, S>(devices: I) -> Cmd
where
    I: IntoIterator<Item = S>,
    S: Into<std::ffi::OsString>,
{
    Cmd::new("wipefs")
        .args(["--no-act", "--json"])
        .args(devices)
        .read_only()
        .timeout_secs(60)
}

/// The source device of the filesystem mounted at `mountpoint` (e.g. /dev/nvme0n1p2, overlay).
pub fn mount_source(mountpoint: &str) -> Cmd {
    Cmd::new("findmnt")
        .args(["-n", "-o", "SOURCE", "--mountpoint", mountpoint])
        .read_only()
        .unchecked()
        .timeout_secs(10)
}
