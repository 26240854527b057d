//! `mkfs.vfat` + `mcopy`: the vfat flavour of a NoCloud seed (label CIDATA), reproducible
//! (`--invariant`, a volume id derived from the contents, SOURCE_DATE_EPOCH for mtools).

use std::path::{Path, PathBuf};

use crate::exec::Cmd;

/// `mkfs.vfat -C --invariant -i VOLID -n LABEL FILE SIZE_KIB` (creates FILE).
pub fn mkfs(out: &Path, label: &str, volume_id: u32, size_kib: u64) -> Cmd {
    Cmd::new("mkfs.vfat")
        .args(["-C", "--invariant", "-i"])
        .arg(format!("{volume_id:08x}"))
        .args(["-n", label])
        .arg(out)
        .arg(size_kib.to_string())
        .timeout_secs(60)
        .what("mkfs.vfat for the seed image")
}

/// `mcopy -o -i IMG FILES… ::/` with timestamps fixed to `epoch`.
pub fn mcopy(img: &Path, files: &[PathBuf], epoch: u64) -> Cmd {
    Cmd::new("mcopy")
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .env("MTOOLS_SKIP_CHECK", "1")
        .args(["-o", "-i"])
        .arg(img)
        .args(files)
        .arg("::/")
        .timeout_secs(60)
        .what("mcopy of the seed files")
}

/// Image size: room for the files plus FAT overhead, at least 1 MiB.
pub fn size_kib(total_bytes: u64, files: usize) -> u64 {
    (total_bytes / 1024 + 4 * files as u64 + 64).max(1024)
}
