//! vm-convert: converts a disk image between qcow2, raw, vmdk, vdi, vhdx and vpc — safely
//! (format never probed by qemu, backing/extent files confined to allowed directories, disks
//! of running VMs refused), resumably (one in-order qemu-img resumed from the written
//! high-water mark, or chunks, with a journal), atomically (temp name + rename) and verifiably
//! (qemu-img compare + a format-independent guest-data BLAKE3 in a manifest; `--check DST`
//! re-verifies).
//!
//! This file is the applet: its command line, the `[images]` section and the dispatch to the
//! two things it does, `convert` (`--in SRC --out DST`) and `check` (`--check DST`).

mod check;
mod chunks;
mod convert;
mod digest;
mod inspect;
mod install;
mod journal;
mod paths;
mod progress;
mod space;
mod stream;
mod verify;
mod whole;

use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Deserialize;

use super::Applet;
use crate::context::Ctx;
use crate::error::usage;
use crate::model::qemu_img as m;
use convert::ConvertArgs;

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
    clap::Command::new("vm-convert")
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
        return check::run(ctx, dst);
    }
    let (Some(src), Some(dst)) = (a.get_one::<PathBuf>("in"), a.get_one::<PathBuf>("out")) else {
        return Err(usage(
            "--in SRC and --out DST are required (or --check DST)",
        ));
    };
    convert::run(ctx, &cfg, &convert_args(a, src, dst))
}

/// The command line of a conversion as plain values; `convert` validates them.
fn convert_args(a: &ArgMatches, src: &Path, dst: &Path) -> ConvertArgs {
    ConvertArgs {
        src: src.to_path_buf(),
        dst: dst.to_path_buf(),
        from: a.get_one::<String>("from").cloned(),
        to: a
            .get_one::<String>("to")
            .cloned()
            .unwrap_or_else(|| "qcow2".into()),
        compress: a.get_flag("compress"),
        sparse: !a.get_flag("no-sparse"),
        cache: a.get_one::<String>("cache").cloned(),
        rate_limit: a.get_one::<String>("rate-limit").cloned(),
        coroutines: a.get_one::<u8>("coroutines").copied(),
        parallel_writes: a.get_flag("parallel-writes"),
        verify: a.get_flag("verify"),
        force: a.get_flag("force"),
        force_shared: a.get_flag("force-shared"),
        allow_backing_dirs: a
            .get_many::<PathBuf>("allow-backing-dir")
            .into_iter()
            .flatten()
            .cloned()
            .collect(),
        restart: a.get_flag("restart"),
        compact: a.get_flag("compact"),
    }
}
