//! Disk space: the estimate a conversion is refused on before it starts, and the allocated
//! size of a file (what an interrupted run already wrote, what the new image takes).

use std::path::Path;

use super::convert::Job;
use crate::error::precondition;
use crate::exec::Exec;
use crate::model::qemu_img as m;
use crate::output;
use crate::tools::fs_space;
use crate::tools::qemu_img as q;

/// Refuses the job when the destination directory has clearly too little room for it (what a
/// previous attempt already allocated in the partial image counts as written).
pub(super) fn ensure_room(exec: &Exec, job: &Job) -> anyhow::Result<()> {
    let need = required(exec, job).saturating_sub(allocated(&job.part));
    if let Ok(free) = fs_space::of(&job.dir).map(|s| s.avail) {
        if free < need {
            return Err(precondition(format!(
                "not enough space in {}: the conversion needs about {}, {} free",
                job.dir.display(),
                output::bytes(need),
                output::bytes(free)
            )));
        }
    }
    Ok(())
}

/// qemu-img measure where it can (qcow2/raw targets), else the allocated size of the source
/// chain; a raw target without sparse detection needs the full virtual size. Plus 1 %.
fn required(exec: &Exec, job: &Job) -> u64 {
    let source = &job.source;
    let to = job.to.as_str();
    let chain_alloc: u64 = source.chain.iter().filter_map(|i| i.actual_size).sum();
    // (For a raw source its allocated size is already the answer: save the spawn.)
    let measured =
        if matches!(to, "qcow2" | "raw") && !job.opts.force_share && source.format != "raw" {
            exec.run(&q::measure(&source.path, &source.format, to))
                .ok()
                .and_then(|o| m::Measure::parse(&o.stdout).ok())
                .map(|mm| mm.required)
        } else {
            None
        };
    let base = if to == "raw" && !job.opts.sparse {
        source.info.virtual_size
    } else {
        measured.unwrap_or(chain_alloc)
    };
    base + base / 100
}

/// Bytes allocated on disk for `p` (0 when it does not exist).
pub(super) fn allocated(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).map(|m| m.blocks() * 512).unwrap_or(0)
}
