//! `--verify`: the new image against its source, in about one read pass. qemu-img compare runs
//! while a thread hashes the guest data of one raw side (or the new image through qemu-nbd):
//! both read the same data at the same time, so the page cache serves the second reader.
//! qemu-img check of the new image's metadata runs meanwhile.

use std::path::Path;

use super::convert::Job;
use super::digest::{start_hash, Algo};
use super::progress::Progress;
use crate::context::Ctx;
use crate::error::Error;
use crate::exec::{Exec, Output, Stream};
use crate::model::qemu_img as m;
use crate::tools::qemu_img as q;

/// Verifies the partial image of `job` before it is renamed; returns its guest BLAKE3.
pub(super) fn run(ctx: &Ctx, exec: &Exec, job: &Job) -> anyhow::Result<String> {
    let (source, part, to) = (&job.source, job.part.as_path(), job.to.as_str());
    // Hash the raw side when there is one and it has no backing file (its bytes are the
    // guest bytes); otherwise the new image (never shared, no backing).
    let hasher = if source.format == "raw" && to != "raw" {
        start_hash(
            exec,
            &source.path,
            "raw",
            job.opts.force_share,
            Algo::Blake3,
        )?
    } else {
        start_hash(exec, part, to, false, Algo::Blake3)?
    };
    // Metadata consistency of the new image (formats that support checks), meanwhile.
    let checker = if to != "raw" {
        Some(exec.start(&q::check(part, to))?)
    } else {
        None
    };
    let out = compare(ctx, exec, job)?;
    let digest = hasher
        .join()
        .map_err(|_| anyhow::anyhow!("the checksum thread panicked"))??;
    if let Some(c) = checker {
        refuse_bad_metadata(c.wait()?, part, to)?;
    }
    compare_verdict(&out, part)?;
    Ok(digest)
}

/// `qemu-img compare -p` of source and new image, drawing progress.
fn compare(ctx: &Ctx, exec: &Exec, job: &Job) -> anyhow::Result<Output> {
    let vsize = job.source.info.virtual_size;
    let mut progress = Progress::new(ctx, "verify", vsize);
    let cmd = q::compare(
        &job.source.path,
        &job.source.format,
        &job.part,
        &job.to,
        job.opts.force_share,
        m::timeout_for(vsize, job.min_rate),
    )
    .arg("-p");
    let out = exec.run_streaming(&cmd, &mut |s, line| {
        if s == Stream::Stdout {
            if let Some(p) = m::parse_progress(line) {
                progress.set((vsize as f64 * p / 100.0) as u64);
            }
        }
    })?;
    progress.finish();
    Ok(out)
}

/// qemu-img check's outcome: corrupt metadata (or a failed check) fails the verification.
fn refuse_bad_metadata(out: Output, part: &Path, to: &str) -> anyhow::Result<()> {
    if matches!(m::check_status(out.code()), "corrupt" | "error") {
        return Err(Error::CommandFailed {
            command: q::check(part, to).to_string(),
            status: out.status,
            stderr: out.stderr,
        }
        .into());
    }
    Ok(())
}

/// qemu-img compare's outcome (its progress lines removed from what it said).
fn compare_verdict(out: &Output, part: &Path) -> anyhow::Result<()> {
    let stdout: String = out
        .stdout
        .split(['\r', '\n'])
        .filter(|l| m::parse_progress(l).is_none())
        .collect::<Vec<_>>()
        .join(" ");
    match m::compare_result(out.code(), &stdout, &out.stderr) {
        m::CompareResult::Identical => Ok(()),
        m::CompareResult::Differ(why) => Err(anyhow::anyhow!(
            "verification FAILED: the new image differs from the source ({}); it was left as {} \
             (did the source change? run again with --restart to convert from scratch)",
            why.trim(),
            part.display()
        )),
        m::CompareResult::Error(e) => Err(anyhow::anyhow!("qemu-img compare failed: {}", e.trim())),
    }
}
