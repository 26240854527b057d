//! The resume journal (`DST.journal`) of a conversion and what makes it trustworthy: what a
//! fresh job records, reading and writing it, the fsync of the partial image that must precede
//! any progress it claims, and the boot id that tells a resume whether the machine rebooted.

use std::path::Path;

use anyhow::Context as _;

use super::inspect::Source;
use crate::error::precondition;
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::qemu_img::Journal;
use crate::tools::qemu_img::ConvertOpts;

/// The journal of a fresh conversion: what decides the bytes written, nothing done yet.
pub(super) fn new_journal(
    source: &Source,
    to: &str,
    options: &[String],
    opts: &ConvertOpts,
    mode: &str,
) -> Journal {
    let (source_size, source_mtime_ns) = source_identity(&source.path);
    let mut options = options.to_vec();
    options.push(format!("sparse={}", opts.sparse));
    Journal {
        version: 1,
        source: source.path.display().to_string(),
        source_format: source.format.clone(),
        source_size,
        source_mtime_ns,
        target_format: to.to_string(),
        options,
        virtual_size: source.info.virtual_size,
        chunk_size: 0,
        chunks_done: 0,
        chunks_synced: 0,
        boot_id: boot_id(),
        mode: mode.to_string(),
        synced_bytes: 0,
    }
}

/// Size and mtime of the source: a resume must not mix bytes of two versions of it.
fn source_identity(p: &Path) -> (u64, i128) {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p)
        .map(|md| {
            (
                md.size(),
                md.mtime() as i128 * 1_000_000_000 + md.mtime_nsec() as i128,
            )
        })
        .unwrap_or((0, 0))
}

/// The kernel's boot id: tells a resume whether the machine rebooted since the journal entry.
fn boot_id() -> String {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// fsync of the image being written (its data must be on disk before the journal says so
/// across reboots, and before the rename).
pub(super) fn sync_file(exec: &Exec, p: &Path) -> anyhow::Result<()> {
    exec.change("fsync", &format!("fsync {}", p.display()), || {
        std::fs::File::open(p)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("fsync of {}", p.display()))
    })?;
    Ok(())
}

/// The journal of an interrupted conversion, if there is a readable one.
pub(super) fn read_journal(path: &Path) -> Option<Journal> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
}

pub(super) fn write_journal(exec: &Exec, path: &Path, j: &Journal) -> anyhow::Result<()> {
    let mut s = serde_json::to_string(j)?;
    s.push('\n');
    exec.write_file(path, s.as_bytes(), FileSpec::PUBLIC)
}

/// The refusal to resume while the partial image is locked: a run killed with SIGKILL can leave
/// its qemu-img writing on.
pub(super) fn still_written(part: &Path) -> anyhow::Error {
    precondition(format!(
        "{} is still being written by another process (a qemu-img left behind by a killed \
         run?); wait for it to end, then run this command again",
        part.display()
    ))
}
