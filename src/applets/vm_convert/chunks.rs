//! Chunk mode (other formats, `--compact`, out-of-order writes): the target is created empty,
//! then one qemu-img per chunk converts the same window of source and target, each leaving a
//! consistent image; the journal counts the chunks done, so a resume starts at the next one.

use std::time::{Duration, Instant};

use super::convert::Job;
use super::journal::{new_journal, read_journal, still_written, sync_file, write_journal};
use super::progress::Progress;
use crate::context::Ctx;
use crate::exec::{Exec, Stream};
use crate::model::qemu_img::{self as m, Journal};
use crate::output;
use crate::tools::qemu_img::{self as q, ConvertOpts};

/// Converts `job` into its partial image; returns the offset it resumed from (0: from scratch).
pub(super) fn run(ctx: &Ctx, job: &Job, progress: &mut Progress) -> anyhow::Result<u64> {
    let exec = ctx.exec()?;
    let vsize = job.source.info.virtual_size;
    let part = job.part.as_path();
    let options = q::create_options(&job.to, false, false);
    let chunk = m::chunk_size(vsize);
    let mut want = new_journal(&job.source, &job.to, &options, &job.opts, "chunks");
    want.chunk_size = chunk;
    let old = read_journal(&job.journal_file);
    let mut resumed_from = 0u64;
    if take_over(job, old.as_ref(), &mut want) {
        // A run killed with SIGKILL can leave its qemu-img writing on: it holds the lock.
        let out = exec.run(&q::info(part, &job.to, false).unchecked())?;
        if m::is_lock_error(&out.stderr) {
            return Err(still_written(part));
        }
        resumed_from = want.chunks_done * chunk;
        if !ctx.flags.quiet && !ctx.json() {
            eprintln!(
                "vm-convert: resuming {} at {} of {} ({} chunks of {} already written)",
                part.display(),
                output::bytes(resumed_from.min(vsize)),
                output::bytes(vsize),
                want.chunks_done,
                output::bytes(chunk)
            );
        }
    } else {
        if old.is_some() || part.exists() {
            tracing::warn!(
                "discarding the interrupted conversion in {} (different source, options, or --restart)",
                part.display()
            );
        }
        if part.exists() {
            exec.remove_file(part)?;
        }
        exec.run(&q::create(part, &job.to, &options, vsize))?;
        write_journal(exec, &job.journal_file, &want)?;
    }
    convert_remaining_chunks(exec, job, &mut want, progress)?;
    Ok(resumed_from)
}

/// Whether the partial image of an interrupted run of the same job may be continued; then
/// `want` takes over the chunks it finished (and those it had fsynced).
fn take_over(job: &Job, old: Option<&Journal>, want: &mut Journal) -> bool {
    match old {
        Some(j) if job.part.exists() && j.same_job(want) && !job.restart => {
            want.chunks_done = j.resume_point(&want.boot_id);
            want.chunks_synced = want.chunks_done.min(j.chunks_synced);
            true
        }
        _ => false,
    }
}

/// One qemu-img per chunk not yet done, journalled after each.
fn convert_remaining_chunks(
    exec: &Exec,
    job: &Job,
    want: &mut Journal,
    progress: &mut Progress,
) -> anyhow::Result<()> {
    let vsize = job.source.info.virtual_size;
    let part = job.part.as_path();
    let all = m::chunks(vsize, want.chunk_size);
    // Chunks run with `-t unsafe` when the user asked for writeback: each qemu-img still
    // writes all its data and metadata into the file before it exits (valid after a kill),
    // and this process fsyncs the file every few seconds and at the end (valid after a
    // reboot), instead of one flush per chunk.
    let chunk_opts = if job.opts.cache == "writeback" {
        ConvertOpts {
            cache: "unsafe".into(),
            ..job.opts.clone()
        }
    } else {
        job.opts.clone()
    };
    let mut last_sync = Instant::now();
    // `--cache unsafe` asked for no flushes at all.
    let durable = job.opts.cache != "unsafe";
    for (i, (off, len)) in all.iter().enumerate().skip(want.chunks_done as usize) {
        let cmd = q::convert_chunk(
            &job.source.path,
            &job.source.format,
            part,
            &job.to,
            *off,
            *len,
            &chunk_opts,
            m::timeout_for(*len, job.min_rate),
        );
        progress.set(*off);
        let r = exec.run_streaming(&cmd, &mut |s, line| {
            if s == Stream::Stdout {
                if let Some(p) = m::parse_progress(line) {
                    progress.set(off + (*len as f64 * p / 100.0) as u64);
                }
            }
        });
        if let Err(e) = r {
            progress.abandon();
            return Err(e.context(format!(
                "conversion stopped after {} of {}; run the same command again to resume",
                output::bytes(*off),
                output::bytes(vsize)
            )));
        }
        want.chunks_done = i as u64 + 1;
        if durable && last_sync.elapsed() > Duration::from_secs(10) {
            sync_file(exec, part)?;
            want.chunks_synced = want.chunks_done;
            last_sync = Instant::now();
        }
        write_journal(exec, &job.journal_file, want)?;
    }
    if durable {
        sync_file(exec, part)?;
    }
    Ok(())
}
