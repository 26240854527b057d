//! Whole mode (compressed output, whose writes cannot pass a raw window, or a size that is not
//! a whole number of 512-byte sectors): one `qemu-img convert` of the whole image, not
//! resumable; a failed run removes its partial output. Compressed qcow2 asks for zstd and
//! falls back to zlib where qemu-img lacks it.

use super::convert::Job;
use super::progress::Progress;
use crate::exec::{Exec, Output, Stream};
use crate::model::qemu_img as m;
use crate::tools::qemu_img as q;

/// Converts `job` into its partial image in one run.
pub(super) fn run(exec: &Exec, job: &Job, progress: &mut Progress) -> anyhow::Result<()> {
    let part = job.part.as_path();
    if part.exists() {
        exec.remove_file(part)?;
    }
    let compress = job.opts.compress;
    let r = match convert(exec, job, progress, true) {
        Err(e) if compress && job.to == "qcow2" && format!("{e:#}").contains("zstd") => {
            tracing::warn!("this qemu-img has no zstd support; compressing with zlib");
            convert(exec, job, progress, false)
        }
        other => other,
    };
    if let Err(e) = r {
        progress.abandon();
        if part.exists() {
            let _ = exec.remove_file(part);
        }
        return Err(e.context("conversion failed; the partial output was removed"));
    }
    Ok(())
}

/// The one qemu-img, compressing with zstd or (`zstd` false) the format's default.
fn convert(exec: &Exec, job: &Job, progress: &mut Progress, zstd: bool) -> anyhow::Result<Output> {
    let vsize = job.source.info.virtual_size;
    let options = q::create_options(&job.to, job.opts.compress, zstd);
    let cmd = q::convert_whole(
        &job.source.path,
        &job.source.format,
        &job.part,
        &job.to,
        &options,
        &job.opts,
        m::timeout_for(vsize, job.min_rate),
    );
    exec.run_streaming(&cmd, &mut |s, line| {
        if s == Stream::Stdout {
            if let Some(p) = m::parse_progress(line) {
                progress.set((vsize as f64 * p / 100.0) as u64);
            }
        }
    })
}
