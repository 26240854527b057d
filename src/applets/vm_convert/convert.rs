//! The convert subcommand (`--in SRC --out DST`): the request checked and planned into a
//! [`Job`], room and lock taken, the image written by one of three modes into `DST.part`,
//! optionally verified, installed under its final name, reported and audited.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::inspect::{inspect_source, Source};
use super::paths::canonical;
use super::progress::Progress;
use super::{chunks, install, space, stream, verify, whole, ImagesConfig};
use crate::context::Ctx;
use crate::error::{precondition, usage};
use crate::exec::Exec;
use crate::model::qemu_img as m;
use crate::output;
use crate::tools::qemu_img::ConvertOpts;

/// What the command line asked a conversion for, not yet checked.
pub(super) struct ConvertArgs {
    pub src: PathBuf,
    pub dst: PathBuf,
    /// `--from`: the source format, instead of the header magic.
    pub from: Option<String>,
    pub to: String,
    pub compress: bool,
    /// false with `--no-sparse`.
    pub sparse: bool,
    /// `--cache`, else `[images] cache`.
    pub cache: Option<String>,
    /// `--rate-limit` as given (`100M`).
    pub rate_limit: Option<String>,
    /// `--coroutines`, else `[images] coroutines`.
    pub coroutines: Option<u8>,
    pub parallel_writes: bool,
    pub verify: bool,
    pub force: bool,
    pub force_shared: bool,
    /// `--allow-backing-dir`, in addition to `[images] allowed_backing_dirs`.
    pub allow_backing_dirs: Vec<PathBuf>,
    pub restart: bool,
    pub compact: bool,
}

/// A conversion, checked and decided: what is read, what is written where, and how.
pub(super) struct Job {
    pub source: Source,
    /// The final name (canonical).
    pub dst: PathBuf,
    /// `DST.part`, the image being written.
    pub part: PathBuf,
    /// `DST.journal`, what a resume reads.
    pub journal_file: PathBuf,
    /// The directory of DST.
    pub dir: PathBuf,
    pub to: String,
    pub opts: ConvertOpts,
    /// The slowest throughput (bytes/s) command deadlines allow for.
    pub min_rate: u64,
    pub restart: bool,
    pub compact: bool,
}

/// How the image is written (see each module).
enum Mode {
    /// One in-order qemu-img, resumed from the written high-water mark.
    Stream,
    /// One qemu-img per chunk, resumed at the next chunk.
    Chunks,
    /// One qemu-img, not resumable.
    Whole,
}

impl Mode {
    /// Stream mode (qcow2 with preallocated metadata, raw): ONE qemu-img for the whole image,
    /// resumable because its writes land in order and change no metadata. Chunk mode (other
    /// formats, --compact, out-of-order writes): one qemu-img per chunk, each leaving a
    /// consistent image. Compressed output: one run, not resumable.
    fn of(job: &Job) -> Mode {
        let vsize = job.source.info.virtual_size;
        let windowable = !job.opts.compress && vsize.is_multiple_of(512) && vsize > 0;
        let stream = windowable
            && !job.opts.parallel_writes
            && (job.to == "raw" || (job.to == "qcow2" && !job.compact));
        if stream {
            Mode::Stream
        } else if windowable {
            Mode::Chunks
        } else {
            Mode::Whole
        }
    }
}

pub(super) fn run(ctx: &Ctx, cfg: &ImagesConfig, args: &ConvertArgs) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let job = plan(exec, cfg, args)?;
    space::ensure_room(exec, &job)?;
    let _lock = ctx.lock(&lock_name(&job.dst), Duration::from_secs(2))?;
    let start = Instant::now();
    let mut progress = Progress::new(ctx, "convert", job.source.info.virtual_size);
    let resumed_from = match Mode::of(&job) {
        Mode::Stream => stream::run(ctx, &job, &mut progress)?,
        Mode::Chunks => chunks::run(ctx, &job, &mut progress)?,
        Mode::Whole => {
            whole::run(exec, &job, &mut progress)?;
            0
        }
    };
    progress.finish();
    let digest = if args.verify && !exec.is_dry_run() {
        Some(verify::run(ctx, exec, &job)?)
    } else {
        None
    };
    let manifest = install::install(exec, &job, digest.as_deref())?;
    let done = Done {
        changed: true,
        event: "done",
        source: job.source.path.display().to_string(),
        source_format: job.source.format.clone(),
        output: job.dst.display().to_string(),
        format: job.to.clone(),
        virtual_size: job.source.info.virtual_size,
        output_bytes: space::allocated(&job.dst),
        seconds: (start.elapsed().as_secs_f64() * 100.0).round() / 100.0,
        resumed_from_bytes: resumed_from.min(job.source.info.virtual_size),
        guest_blake3: digest,
        manifest,
    };
    report(ctx, exec, &done, resumed_from)
}

/// Checks the request in order (paths, rate, source, options, directory) and decides the job.
fn plan(exec: &Exec, cfg: &ImagesConfig, args: &ConvertArgs) -> anyhow::Result<Job> {
    let dst = check_paths(args)?;
    let rate_limit = match &args.rate_limit {
        Some(r) => Some(
            m::parse_size(r)
                .ok_or_else(|| usage(format!("--rate-limit: `{r}` is not a rate like 100M")))?,
        ),
        None => None,
    };
    let source = inspect_source(exec, cfg, args)?;
    let to = args.to.clone();
    if args.compress && !matches!(to.as_str(), "qcow2" | "vmdk") {
        return Err(usage(format!(
            "--compress needs --to qcow2 (or vmdk), not {to}"
        )));
    }
    let opts = ConvertOpts {
        compress: args.compress,
        sparse: args.sparse,
        cache: args.cache.clone().unwrap_or_else(|| cfg.cache.clone()),
        rate_limit,
        coroutines: Some(args.coroutines.unwrap_or(cfg.coroutines).clamp(1, 16)),
        parallel_writes: args.parallel_writes,
        force_share: args.force_shared,
    };
    let min_rate = rate_limit
        .map(|r| r / 2)
        .unwrap_or(cfg.min_throughput_mib << 20)
        .max(1);
    let part = m::part_path(&dst);
    let journal_file = m::journal_path(&dst);
    let dir = dst.parent().unwrap_or(Path::new("/")).to_path_buf();
    if !dir.is_dir() {
        return Err(precondition(format!(
            "{}: no such directory",
            dir.display()
        )));
    }
    Ok(Job {
        source,
        dst,
        part,
        journal_file,
        dir,
        to,
        opts,
        min_rate,
        restart: args.restart,
        compact: args.compact,
    })
}

/// The source exists and differs from DST, DST is no directory and is replaced only with
/// `--force`. Returns DST, canonical.
fn check_paths(args: &ConvertArgs) -> anyhow::Result<PathBuf> {
    let src = args.src.as_path();
    let dst = canonical(&args.dst);
    if !src.exists() {
        return Err(precondition(format!("{}: no such file", src.display())));
    }
    if canonical(src) == dst {
        return Err(usage("--in and --out name the same file"));
    }
    if dst.is_dir() {
        return Err(usage(format!("{} is a directory", dst.display())));
    }
    if dst.exists() && !args.force {
        return Err(precondition(format!(
            "{} exists; refusing to overwrite it (pass --force to replace it once the new image is complete)",
            dst.display()
        )));
    }
    Ok(dst)
}

/// One conversion into a DST at a time, however DST was named.
fn lock_name(dst: &Path) -> String {
    format!(
        "vm-convert.{}",
        &m::hex(&Sha256::digest(dst.to_string_lossy().as_bytes()))[..16]
    )
}

/// The outcome of a conversion: the JSON output and the audit detail.
#[derive(Serialize)]
struct Done {
    event: &'static str,
    /// Always true: a conversion writes DST (an up-to-date DST is `--check DST`'s business).
    changed: bool,
    source: String,
    source_format: String,
    output: String,
    format: String,
    virtual_size: u64,
    output_bytes: u64,
    seconds: f64,
    resumed_from_bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    guest_blake3: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manifest: Option<String>,
}

/// Audits the conversion and, unless this is a dry run, prints it.
fn report(ctx: &Ctx, exec: &Exec, done: &Done, resumed_from: u64) -> anyhow::Result<i32> {
    exec.audit_event(
        "vm_convert",
        &format!("converted {} -> {}", done.source, done.output),
        &serde_json::to_value(done)?,
    )?;
    if exec.is_dry_run() {
        return Ok(0);
    }
    if ctx.json() {
        output::print_json(done)?;
    } else if !ctx.flags.quiet {
        println!(
            "converted {} ({}, {}) -> {} ({}, {} on disk) in {:.1} s{}",
            done.source,
            done.source_format,
            output::bytes(done.virtual_size),
            done.output,
            done.format,
            output::bytes(done.output_bytes),
            done.seconds,
            if resumed_from > 0 {
                format!(" (resumed at {})", output::bytes(done.resumed_from_bytes))
            } else {
                String::new()
            }
        );
        if let Some(d) = &done.guest_blake3 {
            println!("verified: identical guest data; guest blake3 {d}");
        }
    }
    Ok(0)
}
