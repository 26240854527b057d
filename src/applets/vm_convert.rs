//! vm-convert: converts a disk image between qcow2, raw, vmdk, vdi, vhdx and vpc — safely
//! (format never probed by qemu, backing/extent files confined to allowed directories, disks
//! of running VMs refused), resumably (one in-order qemu-img resumed from the written
//! high-water mark, or chunks, with a journal), atomically (temp name + rename) and verifiably
//! (qemu-img compare + a format-independent guest-data BLAKE3 in a manifest; `--check DST`
//! re-verifies).

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Applet;
use crate::context::Ctx;
use crate::error::{invalid, precondition, usage, Error};
use crate::exec::files::FileSpec;
use crate::exec::{Exec, Stream};
use crate::model::qemu_img::{self as m, ImageInfo, Journal, Manifest};
use crate::output;
use crate::tools::qemu_img::{self as q, ConvertOpts};

pub const APPLET: Applet = Applet {
    name: "vm-convert",
    bare_link: false,
    legacy: &["debvisor-vm-convert"],
    section: 8,
    about: "Convert VM disk images safely, resumably and verifiably (qemu-img)",
    command: cli,
    run,
};

const CACHE_MODES: [&str; 5] = ["none", "writeback", "writethrough", "directsync", "unsafe"];

fn cli() -> Command {
    crate::cli::command("vm-convert")
        .arg(Arg::new("in").long("in").short('i').value_name("SRC").value_parser(clap::value_parser!(PathBuf)).help("Source image (file or block device)"))
        .arg(Arg::new("out").long("out").short('o').value_name("DST").value_parser(clap::value_parser!(PathBuf)).help("Destination image (written as DST.part, renamed on success)"))
        .arg(Arg::new("from").long("from").short('f').value_name("FMT").value_parser(m::FORMATS).help("Source format (default: from the header magic; never probed by qemu)"))
        .arg(Arg::new("to").long("to").short('O').value_name("FMT").value_parser(m::FORMATS).default_value("qcow2").help("Destination format"))
        .arg(Arg::new("compress").long("compress").short('c').action(ArgAction::SetTrue).help("Compress (qcow2: zstd where supported, else zlib; not resumable)"))
        .arg(Arg::new("sparse").long("sparse").action(ArgAction::SetTrue).overrides_with("no-sparse").help("Leave zero areas unallocated (default)"))
        .arg(Arg::new("no-sparse").long("no-sparse").action(ArgAction::SetTrue).overrides_with("sparse").help("Write every byte (no zero detection)"))
        .arg(Arg::new("cache").long("cache").short('t').value_name("MODE").value_parser(CACHE_MODES).help("Destination cache mode [config: images.cache] [default: writeback]"))
        .arg(Arg::new("rate-limit").long("rate-limit").value_name("RATE").help("Bandwidth limit in bytes/s (suffixes K, M, G)"))
        .arg(Arg::new("coroutines").long("coroutines").visible_alias("threads").short('m').value_name("N").value_parser(clap::value_parser!(u8).range(1..=16)).help("Parallel coroutines, 1..16 [config: images.coroutines] [default: 8]"))
        .arg(Arg::new("parallel-writes").long("parallel-writes").short('W').action(ArgAction::SetTrue).help("Allow out-of-order writes (faster on some storage)"))
        .arg(Arg::new("verify").long("verify").action(ArgAction::SetTrue).help("Compare with the source and record a guest-data BLAKE3 in DST.manifest.json"))
        .arg(Arg::new("check").long("check").value_name("DST").value_parser(clap::value_parser!(PathBuf)).conflicts_with_all(["in", "out"]).help("Re-verify DST against its manifest (read-only)"))
        .arg(Arg::new("force").long("force").action(ArgAction::SetTrue).help("Replace an existing DST (only after the new image is complete)"))
        .arg(Arg::new("force-shared").long("force-shared").short('U').action(ArgAction::SetTrue).help("Read a disk that a running VM has open (qemu-img -U); the copy may be inconsistent"))
        .arg(Arg::new("allow-backing-dir").long("allow-backing-dir").value_name("DIR").action(ArgAction::Append).value_parser(clap::value_parser!(PathBuf)).help("Also allow backing/extent files under DIR [config: images.allowed_backing_dirs]"))
        .arg(Arg::new("restart").long("restart").action(ArgAction::SetTrue).help("Discard an interrupted conversion instead of resuming it"))
        .arg(Arg::new("compact").long("compact").action(ArgAction::SetTrue).help("qcow2 without preallocated metadata (file size = data; resumable in 64 MiB chunks, slower)"))
        .after_help(
            "Examples:\n  debvisor-vm-convert --in disk.vmdk --out disk.qcow2\n  \
             debvisor-vm-convert --in disk.img --from raw --out disk.qcow2 --compress --verify\n  \
             debvisor-vm-convert --in vm1.qcow2 --out vm1.raw --to raw --json\n  \
             debvisor-vm-convert --check disk.qcow2\n\n\
             An interrupted conversion (Ctrl-C, kill, reboot) resumes when the same command is run again.",
        )
}

/// `[images]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ImagesConfig {
    allowed_backing_dirs: Vec<PathBuf>,
    cache: String,
    coroutines: u8,
    /// Slowest expected throughput (MiB/s), for command deadlines.
    min_throughput_mib: u64,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            allowed_backing_dirs: vec!["/var/lib/libvirt/images".into()],
            cache: "writeback".into(),
            coroutines: 8,
            min_throughput_mib: 5,
        }
    }
}

fn run(ctx: &mut Ctx, a: &ArgMatches) -> anyhow::Result<i32> {
    let cfg: ImagesConfig = ctx.config()?.section("images")?;
    if !CACHE_MODES.contains(&cfg.cache.as_str()) {
        return Err(crate::error::config(format!(
            "images.cache: `{}` is not one of {}",
            cfg.cache,
            CACHE_MODES.join(", ")
        )));
    }
    if let Some(dst) = a.get_one::<PathBuf>("check") {
        return check_cmd(ctx, &cfg, dst);
    }
    let (Some(src), Some(dst)) = (a.get_one::<PathBuf>("in"), a.get_one::<PathBuf>("out")) else {
        return Err(usage(
            "--in SRC and --out DST are required (or --check DST)",
        ));
    };
    convert_cmd(ctx, &cfg, a, src, dst)
}

/// An absolute, lexically normalised path (no symlink resolution for files that do not exist).
fn absolute(p: &Path) -> PathBuf {
    let base = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"))
    };
    let mut out = PathBuf::new();
    for c in base.join(p).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Resolves symlinks where the path exists (the parent otherwise).
fn canonical(p: &Path) -> PathBuf {
    let abs = absolute(p);
    if let Ok(c) = abs.canonicalize() {
        return c;
    }
    match (
        abs.parent().and_then(|d| d.canonicalize().ok()),
        abs.file_name(),
    ) {
        (Some(d), Some(n)) => d.join(n),
        _ => abs,
    }
}

struct Source {
    path: PathBuf,
    format: String,
    info: ImageInfo,
    chain: Vec<ImageInfo>,
}

/// Detects and pins the source format, refuses images in use and references outside the
/// allowed directories.
fn inspect_source(
    exec: &Exec,
    cfg: &ImagesConfig,
    a: &ArgMatches,
    src: &Path,
    force_share: bool,
) -> anyhow::Result<Source> {
    let path = canonical(src);
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(&path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| precondition(format!("cannot read {}: {e}", src.display())))?;
    let sniffed = m::sniff_format(&head);
    let format = match a.get_one::<String>("from") {
        Some(f) => {
            if f == "raw" && sniffed != "raw" {
                tracing::warn!(
                    "{} starts with a {sniffed} header but --from raw was given: copying it as raw bytes",
                    src.display()
                );
            }
            f.clone()
        }
        None => {
            if sniffed != "raw" {
                tracing::info!(
                    "{}: {sniffed} header (pinned as -f {sniffed})",
                    src.display()
                );
            }
            sniffed.to_string()
        }
    };
    let out = exec.run(&q::info(&path, &format, force_share).unchecked())?;
    if !out.success() {
        if m::is_lock_error(&out.stderr) {
            return Err(precondition(format!(
                "{} is in use: another process (most likely a running VM) holds its write lock, so \
                 its contents may change while it is read; shut the VM down, or pass --force-shared \
                 to copy it anyway (the copy may be inconsistent)",
                src.display()
            )));
        }
        return Err(invalid(format!(
            "{} is not a valid {format} image: {}",
            src.display(),
            out.stderr.trim().replace('\n', " | ")
        )));
    }
    let info = ImageInfo::parse(&out.stdout).map_err(invalid)?;
    let mut allowed: Vec<PathBuf> = cfg
        .allowed_backing_dirs
        .iter()
        .chain(
            a.get_many::<PathBuf>("allow-backing-dir")
                .into_iter()
                .flatten(),
        )
        .map(|d| canonical(d))
        .collect();
    if let Some(d) = path.parent() {
        allowed.push(d.to_path_buf());
    }
    check_references(&info, &allowed, src)?;
    let mut chain = vec![info.clone()];
    if info.backing().is_some() {
        if info.backing_filename_format.is_none() {
            return Err(invalid(format!(
                "{}: its backing file {} has no recorded format; refusing to let qemu probe it \
                 (fix with `qemu-img rebase -u -F FMT -b {} {}`)",
                src.display(),
                info.backing().unwrap_or(""),
                info.backing().unwrap_or(""),
                src.display()
            )));
        }
        let out = exec.run(&q::info_chain(&path, &format, force_share))?;
        chain = ImageInfo::parse_chain(&out.stdout).map_err(invalid)?;
        for i in &chain {
            check_references(i, &allowed, src)?;
            if i.backing().is_some() && i.backing_filename_format.is_none() {
                return Err(invalid(format!(
                    "{}: backing file {} has no recorded format",
                    i.filename,
                    i.backing().unwrap_or("")
                )));
            }
        }
    }
    Ok(Source {
        path,
        format,
        info,
        chain,
    })
}

fn check_references(info: &ImageInfo, allowed: &[PathBuf], src: &Path) -> anyhow::Result<()> {
    for r in info.referenced_files() {
        if r.contains(':') && !r.starts_with('/') {
            return Err(invalid(format!(
                "{}: refers to `{r}` (a protocol, not a local file); refused",
                src.display()
            )));
        }
        let base = Path::new(&info.filename).parent().unwrap_or(Path::new("/"));
        let p = canonical(&base.join(&r));
        if !m::inside_any(&p, allowed) {
            return Err(invalid(format!(
                "{}: refers to {} outside the allowed directories ({}); refused \
                 (add --allow-backing-dir DIR if it is legitimate)",
                src.display(),
                p.display(),
                allowed
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ProgressEvent<'a> {
    event: &'static str,
    phase: &'a str,
    percent: f64,
    done_bytes: u64,
    total_bytes: u64,
}

/// Progress: an indicatif bar on a terminal, JSON events with --json, nothing otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    json: bool,
    phase: &'static str,
    total: u64,
    last_pct: f64,
}

impl Progress {
    fn new(ctx: &Ctx, phase: &'static str, total: u64) -> Self {
        let bar = ctx.progress_allowed().then(|| {
            let b = indicatif::ProgressBar::new(total);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg:8} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            b.set_message(phase);
            b
        });
        Progress {
            bar,
            json: ctx.json(),
            phase,
            total,
            last_pct: -1.0,
        }
    }

    fn set(&mut self, done: u64) {
        let done = done.min(self.total);
        if let Some(b) = &self.bar {
            b.set_position(done);
        }
        if self.json {
            let pct = if self.total == 0 {
                100.0
            } else {
                (done as f64 * 10000.0 / self.total as f64).round() / 100.0
            };
            if pct >= self.last_pct + 1.0 || (pct >= 100.0 && self.last_pct < 100.0) {
                self.last_pct = pct;
                let _ = output::print_json(&ProgressEvent {
                    event: "progress",
                    phase: self.phase,
                    percent: pct,
                    done_bytes: done,
                    total_bytes: self.total,
                });
            }
        }
    }

    /// Stops drawing without claiming completion (after an error).
    fn abandon(&mut self) {
        if let Some(b) = self.bar.take() {
            b.abandon();
        }
    }

    fn finish(&mut self) {
        self.set(self.total);
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

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

fn free_space(dir: &Path) -> Option<u64> {
    let s = nix::sys::statvfs::statvfs(dir).ok()?;
    Some(s.blocks_available() as u64 * s.fragment_size() as u64)
}

fn allocated(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).map(|m| m.blocks() * 512).unwrap_or(0)
}

#[derive(Serialize)]
struct Done {
    event: &'static str,
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

fn convert_cmd(
    ctx: &mut Ctx,
    cfg: &ImagesConfig,
    a: &ArgMatches,
    src: &Path,
    dst_arg: &Path,
) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let force_share = a.get_flag("force-shared");
    let to = a
        .get_one::<String>("to")
        .cloned()
        .unwrap_or_else(|| "qcow2".into());
    let dst = canonical(dst_arg);
    if !src.exists() {
        return Err(precondition(format!("{}: no such file", src.display())));
    }
    if canonical(src) == dst {
        return Err(usage("--in and --out name the same file"));
    }
    if dst.is_dir() {
        return Err(usage(format!("{} is a directory", dst.display())));
    }
    if dst.exists() && !a.get_flag("force") {
        return Err(precondition(format!(
            "{} exists; refusing to overwrite it (pass --force to replace it once the new image is complete)",
            dst.display()
        )));
    }
    let rate_limit = match a.get_one::<String>("rate-limit") {
        Some(r) => Some(
            m::parse_size(r)
                .ok_or_else(|| usage(format!("--rate-limit: `{r}` is not a rate like 100M")))?,
        ),
        None => None,
    };
    let source = inspect_source(exec, cfg, a, src, force_share)?;
    let vsize = source.info.virtual_size;
    let compress = a.get_flag("compress");
    if compress && !matches!(to.as_str(), "qcow2" | "vmdk") {
        return Err(usage(format!(
            "--compress needs --to qcow2 (or vmdk), not {to}"
        )));
    }
    let opts = ConvertOpts {
        compress,
        sparse: !a.get_flag("no-sparse"),
        cache: a
            .get_one::<String>("cache")
            .cloned()
            .unwrap_or_else(|| cfg.cache.clone()),
        rate_limit,
        coroutines: Some(
            a.get_one::<u8>("coroutines")
                .copied()
                .unwrap_or(cfg.coroutines)
                .clamp(1, 16),
        ),
        parallel_writes: a.get_flag("parallel-writes"),
        force_share,
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

    // Space: qemu-img measure where it can (qcow2/raw targets), else the allocated size of
    // the source chain; a raw target without sparse detection needs the full virtual size.
    let required = {
        let chain_alloc: u64 = source.chain.iter().filter_map(|i| i.actual_size).sum();
        // (For a raw source its allocated size is already the answer: save the spawn.)
        let measured =
            if matches!(to.as_str(), "qcow2" | "raw") && !force_share && source.format != "raw" {
                exec.run(&q::measure(&source.path, &source.format, &to))
                    .ok()
                    .and_then(|o| m::Measure::parse(&o.stdout).ok())
                    .map(|mm| mm.required)
            } else {
                None
            };
        let base = if to == "raw" && !opts.sparse {
            vsize
        } else {
            measured.unwrap_or(chain_alloc)
        };
        base + base / 100
    };
    let already = allocated(&part);
    if let Some(free) = free_space(&dir) {
        let need = required.saturating_sub(already);
        if free < need {
            return Err(precondition(format!(
                "not enough space in {}: the conversion needs about {}, {} free",
                dir.display(),
                output::bytes(need),
                output::bytes(free)
            )));
        }
    }

    let lock_name = format!(
        "vm-convert.{}",
        &m::hex(&Sha256::digest(dst.to_string_lossy().as_bytes()))[..16]
    );
    let _lock = ctx.lock(&lock_name, Duration::from_secs(2))?;
    let start = Instant::now();
    let mut resumed_from = 0u64;

    // Stream mode (qcow2 with preallocated metadata, raw): ONE qemu-img for the whole image,
    // resumable because its writes land in order and change no metadata. Chunk mode (other
    // formats, --compact, out-of-order writes): one qemu-img per chunk, each leaving a
    // consistent image. Compressed output: one run, not resumable.
    let windowable = !compress && vsize % 512 == 0 && vsize > 0;
    let stream = windowable
        && !opts.parallel_writes
        && (to == "raw" || (to == "qcow2" && !a.get_flag("compact")));
    let chunked = windowable && !stream;
    let mut progress = Progress::new(ctx, "convert", vsize);
    if stream {
        resumed_from = convert_stream(
            ctx,
            a,
            &source,
            &part,
            &journal_file,
            &to,
            &opts,
            min_rate,
            &mut progress,
        )?;
    } else if chunked {
        let options = q::create_options(&to, false, false);
        let chunk = m::chunk_size(vsize);
        let mut want = new_journal(&source, &to, &options, &opts, "chunks");
        want.chunk_size = chunk;
        let old = read_journal(&journal_file);
        let resume = match &old {
            Some(j) if part.exists() && j.same_job(&want) && !a.get_flag("restart") => {
                want.chunks_done = j.resume_point(&want.boot_id);
                want.chunks_synced = want.chunks_done.min(j.chunks_synced);
                true
            }
            _ => false,
        };
        if !resume {
            if old.is_some() || part.exists() {
                tracing::warn!(
                    "discarding the interrupted conversion in {} (different source, options, or --restart)",
                    part.display()
                );
            }
            if part.exists() {
                exec.remove_file(&part)?;
            }
            exec.run(&q::create(&part, &to, &options, vsize))?;
            write_journal(exec, &journal_file, &want)?;
        } else {
            // A run killed with SIGKILL can leave its qemu-img writing on: it holds the lock.
            let out = exec.run(&q::info(&part, &to, false).unchecked())?;
            if m::is_lock_error(&out.stderr) {
                return Err(still_written(&part));
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
        }
        let all = m::chunks(vsize, chunk);
        // Chunks run with `-t unsafe` when the user asked for writeback: each qemu-img still
        // writes all its data and metadata into the file before it exits (valid after a kill),
        // and this process fsyncs the file every few seconds and at the end (valid after a
        // reboot), instead of one flush per chunk.
        let chunk_opts = if opts.cache == "writeback" {
            ConvertOpts {
                cache: "unsafe".into(),
                ..opts.clone()
            }
        } else {
            opts.clone()
        };
        let mut last_sync = Instant::now();
        // `--cache unsafe` asked for no flushes at all.
        let durable = opts.cache != "unsafe";
        for (i, (off, len)) in all.iter().enumerate().skip(want.chunks_done as usize) {
            let cmd = q::convert_chunk(
                &source.path,
                &source.format,
                &part,
                &to,
                *off,
                *len,
                &chunk_opts,
                m::timeout_for(*len, min_rate),
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
                sync_file(exec, &part)?;
                want.chunks_synced = want.chunks_done;
                last_sync = Instant::now();
            }
            write_journal(exec, &journal_file, &want)?;
        }
        if durable {
            sync_file(exec, &part)?;
        }
    } else {
        if part.exists() {
            exec.remove_file(&part)?;
        }
        let mut run_whole = |zstd: bool| -> anyhow::Result<crate::exec::Output> {
            let options = q::create_options(&to, compress, zstd);
            let cmd = q::convert_whole(
                &source.path,
                &source.format,
                &part,
                &to,
                &options,
                &opts,
                m::timeout_for(vsize, min_rate),
            );
            exec.run_streaming(&cmd, &mut |s, line| {
                if s == Stream::Stdout {
                    if let Some(p) = m::parse_progress(line) {
                        progress.set((vsize as f64 * p / 100.0) as u64);
                    }
                }
            })
        };
        let r = match run_whole(true) {
            Err(e) if compress && to == "qcow2" && format!("{e:#}").contains("zstd") => {
                tracing::warn!("this qemu-img has no zstd support; compressing with zlib");
                run_whole(false)
            }
            other => other,
        };
        if let Err(e) = r {
            progress.abandon();
            if part.exists() {
                let _ = exec.remove_file(&part);
            }
            return Err(e.context("conversion failed; the partial output was removed"));
        }
    }
    progress.finish();

    let mut digest = None;
    if a.get_flag("verify") && !exec.is_dry_run() {
        digest = Some(verify(
            ctx,
            exec,
            &source,
            &part,
            &to,
            force_share,
            min_rate,
        )?);
    }
    // A manifest describes one image: drop the old one before the old image is replaced, and
    // write the new one only once the new image has its final name.
    let mf = m::manifest_path(&dst);
    if mf.exists() {
        exec.remove_file(&mf)?;
    }
    exec.rename(&part, &dst)?;
    if journal_file.exists() {
        exec.remove_file(&journal_file)?;
    }
    let mut manifest_file = None;
    if let Some(d) = &digest {
        let man = Manifest {
            version: 2,
            image: dst
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            format: to.clone(),
            virtual_size: vsize,
            guest_blake3: Some(d.clone()),
            guest_sha256: None,
            source: source.path.display().to_string(),
            source_format: source.format.clone(),
            created: crate::clock::now_rfc3339(),
            tool: format!("debvisor {}", crate::cli::VERSION),
        };
        let mut text = serde_json::to_string_pretty(&man)?;
        text.push('\n');
        exec.write_file(&mf, text.as_bytes(), FileSpec::PUBLIC)?;
        manifest_file = Some(mf.display().to_string());
    }
    let done = Done {
        event: "done",
        source: source.path.display().to_string(),
        source_format: source.format.clone(),
        output: dst.display().to_string(),
        format: to.clone(),
        virtual_size: vsize,
        output_bytes: allocated(&dst),
        seconds: (start.elapsed().as_secs_f64() * 100.0).round() / 100.0,
        resumed_from_bytes: resumed_from.min(vsize),
        guest_blake3: digest,
        manifest: manifest_file,
    };
    exec.audit_event(
        "vm_convert",
        &format!("converted {} -> {}", done.source, done.output),
        &serde_json::to_value(&done)?,
    )?;
    if exec.is_dry_run() {
        return Ok(0);
    }
    if ctx.json() {
        output::print_json(&done)?;
    } else if !ctx.flags.quiet {
        println!(
            "converted {} ({}, {}) -> {} ({}, {} on disk) in {:.1} s{}",
            done.source,
            done.source_format,
            output::bytes(vsize),
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

/// The journal of a fresh conversion: what decides the bytes written, nothing done yet.
fn new_journal(
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

/// A stream-mode conversion into `part`: one `qemu-img convert` creating the target (qcow2 with
/// `preallocation=metadata`, so data writes never touch metadata and a killed run leaves a
/// consistent image), or, to resume, one windowed convert from the resume offset on. Every
/// 10 s of a durable run the written high-water mark is fsynced and journalled (what a resume
/// after a reboot may trust). Returns the offset it resumed from.
#[allow(clippy::too_many_arguments)]
fn convert_stream(
    ctx: &Ctx,
    a: &ArgMatches,
    source: &Source,
    part: &Path,
    journal_file: &Path,
    to: &str,
    opts: &ConvertOpts,
    min_rate: u64,
    progress: &mut Progress,
) -> anyhow::Result<u64> {
    let exec = ctx.exec()?;
    let vsize = source.info.virtual_size;
    let mut options = q::create_options(to, false, false);
    if to == "qcow2" {
        options.push("preallocation=metadata".into());
    }
    let mut want = new_journal(source, to, &options, opts, "stream");
    let old = read_journal(journal_file);
    let mut start_at = None;
    if let Some(j) = old
        .as_ref()
        .filter(|j| part.exists() && j.same_job(&want) && !a.get_flag("restart"))
    {
        // A run killed with SIGKILL can leave its qemu-img writing on: it holds the lock.
        let out = exec.run(&q::map(part, to, false))?;
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
            want.synced_bytes = j.synced_bytes.min(vsize);
            start_at = Some(at);
        }
    }
    let start_at = match start_at {
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
            write_journal(exec, journal_file, &want)?;
            0
        }
    };
    let cmd = if start_at == 0 && !part.exists() {
        q::convert_whole(
            &source.path,
            &source.format,
            part,
            to,
            &options,
            opts,
            m::timeout_for(vsize, min_rate),
        )
    } else {
        q::convert_chunk(
            &source.path,
            &source.format,
            part,
            to,
            start_at,
            vsize - start_at,
            opts,
            m::timeout_for(vsize - start_at, min_rate),
        )
    };
    let durable = opts.cache != "unsafe";
    let mut last_checkpoint = Instant::now();
    let window = (vsize - start_at) as f64;
    progress.set(start_at);
    let r = exec.run_streaming(&cmd, &mut |s, line| {
        if s == Stream::Stdout {
            if let Some(p) = m::parse_progress(line) {
                progress.set(start_at + (window * p / 100.0) as u64);
            }
        }
        if durable && last_checkpoint.elapsed() > Duration::from_secs(10) {
            last_checkpoint = Instant::now();
            checkpoint(exec, part, to, journal_file, &mut want);
        }
    });
    if let Err(e) = r {
        progress.abandon();
        return Err(e.context(
            "conversion interrupted; run the same command again to resume where it stopped",
        ));
    }
    Ok(start_at)
}

/// Records how far a running stream conversion got, durably: high-water mark first, then
/// fsync (everything below it was written before the fsync began), then the journal. Best
/// effort: a failed checkpoint only makes a later resume after a reboot start earlier.
fn checkpoint(exec: &Exec, part: &Path, to: &str, journal_file: &Path, j: &mut Journal) {
    let Ok(out) = exec.run(&q::map(part, to, true)) else {
        return;
    };
    let Some(hw) = out.success().then(|| m::high_water(&out.stdout)).flatten() else {
        return;
    };
    if hw >= j.virtual_size || hw <= j.synced_bytes || sync_file(exec, part).is_err() {
        return;
    }
    j.synced_bytes = hw;
    if let Err(e) = write_journal(exec, journal_file, j) {
        tracing::warn!("cannot record the conversion checkpoint: {e:#}");
    }
}

/// The kernel's boot id: tells a resume whether the machine rebooted since the journal entry.
fn boot_id() -> String {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// fsync of the image being written (its data must be on disk before the journal says so
/// across reboots, and before the rename).
fn sync_file(exec: &Exec, p: &Path) -> anyhow::Result<()> {
    exec.change("fsync", &format!("fsync {}", p.display()), || {
        std::fs::File::open(p)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("fsync of {}", p.display()))
    })?;
    Ok(())
}

/// The journal of an interrupted conversion, if there is a readable one.
fn read_journal(path: &Path) -> Option<Journal> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
}

/// The refusal to resume while the partial image is locked: a run killed with SIGKILL can leave
/// its qemu-img writing on.
fn still_written(part: &Path) -> anyhow::Error {
    precondition(format!(
        "{} is still being written by another process (a qemu-img left behind by a killed \
         run?); wait for it to end, then run this command again",
        part.display()
    ))
}

fn write_journal(exec: &Exec, path: &Path, j: &Journal) -> anyhow::Result<()> {
    let mut s = serde_json::to_string(j)?;
    s.push('\n');
    exec.write_file(path, s.as_bytes(), FileSpec::PUBLIC)
}

/// The digest of a manifest: BLAKE3 (version 2) or SHA-256 (version 1 manifests).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Algo {
    Blake3,
    Sha256,
}

impl Algo {
    fn name(self) -> &'static str {
        match self {
            Algo::Blake3 => "blake3",
            Algo::Sha256 => "sha256",
        }
    }
}

enum GuestHasher {
    Blake3(Box<blake3::Hasher>),
    Sha256(Sha256),
}

impl GuestHasher {
    fn new(a: Algo) -> Self {
        match a {
            Algo::Blake3 => GuestHasher::Blake3(Box::new(blake3::Hasher::new())),
            Algo::Sha256 => GuestHasher::Sha256(Sha256::new()),
        }
    }
    fn update(&mut self, b: &[u8]) {
        match self {
            GuestHasher::Blake3(h) => {
                h.update(b);
            }
            GuestHasher::Sha256(h) => h.update(b),
        }
    }
    fn finish(self) -> String {
        match self {
            GuestHasher::Blake3(h) => h.finalize().to_hex().to_string(),
            GuestHasher::Sha256(h) => m::hex(&h.finalize()),
        }
    }
}

/// A thread hashing the guest data of `file`: read directly when raw (its bytes are the guest
/// bytes), through qemu-nbd otherwise.
fn start_hash(
    exec: &Exec,
    file: &Path,
    fmt: &str,
    force_share: bool,
    algo: Algo,
) -> anyhow::Result<std::thread::JoinHandle<anyhow::Result<String>>> {
    if fmt == "raw" {
        let f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
        Ok(std::thread::spawn(move || hash_reader(f, algo)))
    } else {
        let mut ex = exec.nbd_export(&q::nbd_serve(file, fmt, force_share))?;
        Ok(std::thread::spawn(move || {
            let mut h = GuestHasher::new(algo);
            ex.read_all(&mut |b| h.update(b))?;
            Ok(h.finish())
        }))
    }
}

fn hash_reader(mut f: impl Read, algo: Algo) -> anyhow::Result<String> {
    let mut h = GuestHasher::new(algo);
    let mut buf = vec![0u8; 4 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finish())
}

/// qemu-img compare (source vs new image) while a thread hashes the guest data of one raw side
/// (or the new image through qemu-nbd): both read the same data at the same time, so the page
/// cache serves the second reader and verification costs about one read pass.
fn verify(
    ctx: &Ctx,
    exec: &Exec,
    source: &Source,
    part: &Path,
    to: &str,
    force_share: bool,
    min_rate: u64,
) -> anyhow::Result<String> {
    let vsize = source.info.virtual_size;
    // Hash the raw side when there is one and it has no backing file (its bytes are the
    // guest bytes); otherwise the new image (never shared, no backing).
    let hasher = if source.format == "raw" && to != "raw" {
        start_hash(exec, &source.path, "raw", force_share, Algo::Blake3)?
    } else {
        start_hash(exec, part, to, false, Algo::Blake3)?
    };
    // Metadata consistency of the new image (formats that support checks), meanwhile.
    let checker = if to != "raw" {
        Some(exec.start(&q::check(part, to))?)
    } else {
        None
    };
    let mut progress = Progress::new(ctx, "verify", vsize);
    let cmd = q::compare(
        &source.path,
        &source.format,
        part,
        to,
        force_share,
        m::timeout_for(vsize, min_rate),
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
    let digest = hasher
        .join()
        .map_err(|_| anyhow::anyhow!("the checksum thread panicked"))??;
    if let Some(c) = checker {
        let out = c.wait()?;
        if matches!(m::check_status(out.code()), "corrupt" | "error") {
            return Err(Error::CommandFailed {
                command: q::check(part, to).to_string(),
                status: out.status,
                stderr: out.stderr,
            }
            .into());
        }
    }
    let stdout: String = out
        .stdout
        .split(['\r', '\n'])
        .filter(|l| m::parse_progress(l).is_none())
        .collect::<Vec<_>>()
        .join(" ");
    match m::compare_result(out.code(), &stdout, &out.stderr) {
        m::CompareResult::Identical => Ok(digest),
        m::CompareResult::Differ(why) => Err(anyhow::anyhow!(
            "verification FAILED: the new image differs from the source ({}); it was left as {} \
             (did the source change? run again with --restart to convert from scratch)",
            why.trim(),
            part.display()
        )),
        m::CompareResult::Error(e) => Err(anyhow::anyhow!("qemu-img compare failed: {}", e.trim())),
    }
}

#[derive(Serialize)]
struct CheckReport {
    image: String,
    format: String,
    status: &'static str,
    metadata: &'static str,
    algorithm: &'static str,
    expected: String,
    actual: String,
    message: String,
}

/// `--check DST`: re-verify an image against its manifest. Exit 0 ok, 1 mismatch/corrupt.
fn check_cmd(ctx: &Ctx, cfg: &ImagesConfig, dst: &Path) -> anyhow::Result<i32> {
    let _ = cfg;
    let exec = ctx.exec()?;
    let mf = m::manifest_path(dst);
    let text = std::fs::read_to_string(&mf).map_err(|e| {
        precondition(format!(
            "{}: cannot read the manifest {} ({e}); convert with --verify to create one",
            dst.display(),
            mf.display()
        ))
    })?;
    let man: Manifest = serde_json::from_str(&text)
        .map_err(|e| invalid(format!("{}: not a vm-convert manifest: {e}", mf.display())))?;
    if !m::FORMATS.contains(&man.format.as_str()) {
        return Err(invalid(format!(
            "{}: unknown format `{}`",
            mf.display(),
            man.format
        )));
    }
    let out = exec.run(&q::info(dst, &man.format, false).unchecked())?;
    if !out.success() {
        if m::is_lock_error(&out.stderr) {
            return Err(precondition(format!(
                "{} is in use by another process (a running VM?): its contents may be changing",
                dst.display()
            )));
        }
        return Err(invalid(format!(
            "{} is not a valid {} image: {}",
            dst.display(),
            man.format,
            out.stderr.trim()
        )));
    }
    let info = ImageInfo::parse(&out.stdout).map_err(invalid)?;
    if !info.referenced_files().is_empty() {
        return Err(invalid(format!(
            "{} now refers to other files ({}); a converted image has none",
            dst.display(),
            info.referenced_files().join(", ")
        )));
    }
    let metadata = if man.format == "raw" {
        "unsupported"
    } else {
        m::check_status(exec.run(&q::check(dst, &man.format))?.code())
    };
    let (algo, expected) = match (&man.guest_blake3, &man.guest_sha256) {
        (Some(d), _) => (Algo::Blake3, d.clone()),
        (None, Some(d)) => (Algo::Sha256, d.clone()),
        (None, None) => {
            return Err(invalid(format!(
                "{}: the manifest records no guest digest (guest_blake3)",
                mf.display()
            )))
        }
    };
    let actual = start_hash(exec, dst, &man.format, false, algo)?
        .join()
        .map_err(|_| anyhow::anyhow!("the checksum thread panicked"))??;
    let ok_sum = actual == expected && info.virtual_size == man.virtual_size;
    let ok_meta = !matches!(metadata, "corrupt" | "error");
    let (status, message) = match (ok_sum, ok_meta) {
        (true, true) => ("ok", "guest data matches the manifest".to_string()),
        (false, _) => (
            "mismatch",
            format!(
                "guest data differs from the manifest (size {} vs {})",
                info.virtual_size, man.virtual_size
            ),
        ),
        (true, false) => ("corrupt", format!("qemu-img check reports {metadata}")),
    };
    let r = CheckReport {
        image: dst.display().to_string(),
        format: man.format.clone(),
        status,
        metadata,
        algorithm: algo.name(),
        expected,
        actual,
        message,
    };
    if ctx.json() {
        output::print_json(&r)?;
    } else {
        let mut t =
            output::Table::new(["IMAGE", "FORMAT", "STATUS", "METADATA", "DIGEST", "MESSAGE"]);
        t.row([
            r.image.clone(),
            r.format.clone(),
            r.status.to_string(),
            r.metadata.to_string(),
            format!("{}:{}", r.algorithm, &r.actual[..16.min(r.actual.len())]),
            r.message.clone(),
        ]);
        t.print()?;
    }
    Ok(if status == "ok" { 0 } else { 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_paths_are_normalised() {
        assert_eq!(
            absolute(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }

    #[test]
    fn references_outside_allowed_dirs_are_refused() {
        let info = ImageInfo {
            filename: "/img/x.qcow2".into(),
            full_backing_filename: Some("/etc/shadow".into()),
            ..Default::default()
        };
        let e = check_references(&info, &[PathBuf::from("/img")], Path::new("x")).unwrap_err();
        assert!(format!("{e}").contains("outside the allowed"), "{e}");
        let ok = ImageInfo {
            filename: "/img/x.qcow2".into(),
            full_backing_filename: Some("/img/base.raw".into()),
            ..Default::default()
        };
        check_references(&ok, &[PathBuf::from("/img")], Path::new("x")).unwrap();
        let proto = ImageInfo {
            filename: "/img/x.qcow2".into(),
            backing_filename: Some("nbd://evil/x".into()),
            ..Default::default()
        };
        assert!(check_references(&proto, &[PathBuf::from("/img")], Path::new("x")).is_err());
    }
}
