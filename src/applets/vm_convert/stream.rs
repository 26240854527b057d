//! Stream mode (raw, and qcow2 with preallocated metadata): ONE `qemu-img convert` for the
//! whole image, creating the target (qcow2 with `preallocation=metadata`, so data writes never
//! touch metadata and a killed run leaves a consistent image), or, to resume, one windowed
//! convert from the resume offset on. Resumable because its writes land in order: what lies
//! below the written high-water mark is done. Every 10 s of a durable run the high-water mark
//! is fsynced and journalled (what a resume after a reboot may trust).

use std::time::{Duration, Instant};

use super::convert::Job;
use super::journal::{new_journal, read_journal, still_written, sync_file, write_journal};
use super::progress::Progress;
use crate::context::Ctx;
use crate::exec::{Cmd, Exec, Stream};
use crate::model::qemu_img::{self as m, Journal};
use crate::output;
use crate::tools::qemu_img as q;

/// Converts `job` into its partial image; returns the offset it resumed from (0: from scratch).
pub(super) fn run(ctx: &Ctx, job: &Job, progress: &mut Progress) -> anyhow::Result<u64> {
    let exec = ctx.exec()?;
    let vsize = job.source.info.virtual_size;
    let part = job.part.as_path();
    let mut options = q::create_options(&job.to, false, false);
    if job.to == "qcow2" {
        options.push("preallocation=metadata".into());
    }
    let mut want = new_journal(&job.source, &job.to, &options, &job.opts, "stream");
    let old = read_journal(&job.journal_file);
    let start_at = match resume_offset(exec, job, old.as_ref(), &mut want)? {
        Some(at) => {
            if !ctx.flags.quiet && !ctx.json() {
                eprintln!(
                    "vm-convert: resuming {} at {} of {}",
                    part.display(),
                    output::bytes(at),
                    output::bytes(vsize)
                );
            }
            at
        }
        None => {
            if old.is_some() || part.exists() {
                tracing::warn!(
                    "discarding the interrupted conversion in {} (different source, options, reboot without checkpoint, or --restart)",
                    part.display()
                );
            }
            if part.exists() {
                exec.remove_file(part)?;
            }
            write_journal(exec, &job.journal_file, &want)?;
            0
        }
    };
    let cmd = convert_from(job, &options, start_at);
    convert_with_checkpoints(exec, job, &cmd, start_at, &mut want, progress)?;
    Ok(start_at)
}

/// Where an interrupted run of the same job may be resumed, if it may: `want` takes over the
/// checkpoint it trusts. Refuses while a qemu-img left behind still writes the partial image.
fn resume_offset(
    exec: &Exec,
    job: &Job,
    old: Option<&Journal>,
    want: &mut Journal,
) -> anyhow::Result<Option<u64>> {
    let part = job.part.as_path();
    let Some(j) = old.filter(|j| part.exists() && j.same_job(want) && !job.restart) else {
        return Ok(None);
    };
    // A run killed with SIGKILL can leave its qemu-img writing on: it holds the lock.
    let out = exec.run(&q::map(part, &job.to, false))?;
    if m::is_lock_error(&out.stderr) {
        return Err(still_written(part));
    }
    let hw = out.success().then(|| m::high_water(&out.stdout)).flatten();
    let rebooted = j.boot_id != want.boot_id;
    // After a reboot only a checkpoint is trusted, and without one even the metadata that
    // qemu-img wrote at creation may not have reached the disk: start over. An unreadable
    // map or unmapped clusters (creation cut short) start over too.
    if hw.is_some() && !(rebooted && j.synced_bytes == 0) {
        let at = m::stream_resume_offset(j, &want.boot_id, hw);
        want.synced_bytes = j.synced_bytes.min(job.source.info.virtual_size);
        return Ok(Some(at));
    }
    Ok(None)
}

/// The one qemu-img of this run: creating the whole target, or the window from `start_at` on.
fn convert_from(job: &Job, options: &[String], start_at: u64) -> Cmd {
    let vsize = job.source.info.virtual_size;
    if start_at == 0 && !job.part.exists() {
        q::convert_whole(
            &job.source.path,
            &job.source.format,
            &job.part,
            &job.to,
            options,
            &job.opts,
            m::timeout_for(vsize, job.min_rate),
        )
    } else {
        q::convert_chunk(
            &job.source.path,
            &job.source.format,
            &job.part,
            &job.to,
            start_at,
            vsize - start_at,
            &job.opts,
            m::timeout_for(vsize - start_at, job.min_rate),
        )
    }
}

/// Runs `cmd`, drawing progress and checkpointing every 10 s unless `--cache unsafe` asked
/// for no flushes at all.
fn convert_with_checkpoints(
    exec: &Exec,
    job: &Job,
    cmd: &Cmd,
    start_at: u64,
    want: &mut Journal,
    progress: &mut Progress,
) -> anyhow::Result<()> {
    let vsize = job.source.info.virtual_size;
    let durable = job.opts.cache != "unsafe";
    let mut last_checkpoint = Instant::now();
    let window = (vsize - start_at) as f64;
    progress.set(start_at);
    let r = exec.run_streaming(cmd, &mut |s, line| {
        if s == Stream::Stdout {
            if let Some(p) = m::parse_progress(line) {
                progress.set(start_at + (window * p / 100.0) as u64);
            }
        }
        if durable && last_checkpoint.elapsed() > Duration::from_secs(10) {
            last_checkpoint = Instant::now();
            checkpoint(exec, job, want);
        }
    });
    if let Err(e) = r {
        progress.abandon();
        return Err(e.context(
            "conversion interrupted; run the same command again to resume where it stopped",
        ));
    }
    Ok(())
}

/// Records how far a running stream conversion got, durably: high-water mark first, then
/// fsync (everything below it was written before the fsync began), then the journal. Best
/// effort: a failed checkpoint only makes a later resume after a reboot start earlier.
fn checkpoint(exec: &Exec, job: &Job, j: &mut Journal) {
    let part = job.part.as_path();
    let Ok(out) = exec.run(&q::map(part, &job.to, true)) else {
        return;
    };
    let Some(hw) = out.success().then(|| m::high_water(&out.stdout)).flatten() else {
        return;
    };
    if hw >= j.virtual_size || hw <= j.synced_bytes || sync_file(exec, part).is_err() {
        return;
    }
    j.synced_bytes = hw;
    if let Err(e) = write_journal(exec, &job.journal_file, j) {
        tracing::warn!("cannot record the conversion checkpoint: {e:#}");
    }
}
