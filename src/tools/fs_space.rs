//! Free and total space of the filesystem holding a path (`statvfs`): a read, not a spawn.

use std::path::Path;

/// What `statvfs` reports, in bytes (blocks × fragment size, as df computes them).
pub struct FsSpace {
    /// Tells two paths on one filesystem apart from two filesystems.
    pub fsid: u64,
    /// Available to unprivileged users (`f_bavail`): what df calls "Avail".
    pub avail: u64,
    pub total: u64,
}

pub fn of(path: &Path) -> nix::Result<FsSpace> {
    let s = nix::sys::statvfs::statvfs(path)?;
    let frag = s.fragment_size() as u64;
    Ok(FsSpace {
        fsid: s.filesystem_id() as u64,
        avail: s.blocks_available() as u64 * frag,
        total: s.blocks() as u64 * frag,
    })
}
