//! Building the seed image and installing it: the files staged in a private directory, the
//! image made by xorriso (ISO) or mkfs.vfat + mcopy (vfat) with every timestamp fixed, then
//! written to the output atomically, 0600 when it holds secrets, and reported with its SHA-256.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::inputs::SeedFile;
use super::{CloudinitConfig, Report};
use crate::context::Ctx;
use crate::error::{precondition, usage};
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::qemu_img::hex;
use crate::output;
use crate::tools::{vfat, xorriso};

/// A validated seed, ready to build.
pub(super) struct Seed<'a> {
    /// The VM (for the audit log).
    pub name: &'a str,
    pub files: &'a [SeedFile],
    /// `iso` or `vfat`.
    pub format: &'a str,
    pub label: &'static str,
    /// Every timestamp inside the image.
    pub epoch: u64,
    /// Whether any file holds secrets.
    pub secret: bool,
}

/// The output is no directory, replaced only with `--force`, and its directory exists.
pub(super) fn check_output(out: &Path, force: bool) -> anyhow::Result<()> {
    if out.is_dir() {
        return Err(usage(format!("{} is a directory", out.display())));
    }
    if out.exists() && !force {
        return Err(precondition(format!(
            "{} exists; pass --force to replace it",
            out.display()
        )));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(precondition(format!(
                "{}: no such directory",
                dir.display()
            )));
        }
    }
    Ok(())
}

/// Builds the image, writes it to `out` and reports it (under `--dry-run`: plans the write).
pub(super) fn build_and_install(
    ctx: &Ctx,
    cfg: &CloudinitConfig,
    seed: &Seed,
    out: &Path,
    mut report: Report,
) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    // Stage the files in a private directory, build, then write the image atomically.
    let scratch = exec.scratch_dir("debvisor-seed.")?;
    let image = build_image(exec, seed, scratch.path())?;
    let spec = if seed.secret {
        FileSpec::PRIVATE
    } else {
        FileSpec::PUBLIC
    };
    if exec.is_dry_run() {
        exec.change(
            "write-file",
            &format!(
                "write {} (the built image, mode {:04o})",
                out.display(),
                spec.mode
            ),
            || Ok(()),
        )?;
        return Ok(0);
    }
    let bytes = std::fs::read(&image)
        .map_err(|e| anyhow::anyhow!("reading the built image {}: {e}", image.display()))?;
    let sha = hex(&Sha256::digest(&bytes));
    report.changed = std::fs::read(out).ok().as_deref() != Some(&bytes[..]);
    if report.changed {
        exec.write_file(out, &bytes, spec)?;
    }
    drop(scratch);
    report.output = Some(out.display().to_string());
    report.bytes = bytes.len() as u64;
    report.sha256 = Some(sha.clone());
    warn_if_large(ctx, cfg, report.bytes)?;
    if report.changed {
        exec.audit_event(
            "cloudinit_iso",
            &format!("wrote seed {} for {}", out.display(), seed.name),
            &serde_json::json!({"output": report.output, "format": seed.format, "sha256": sha,
            "bytes": report.bytes, "files": report.files, "secret": seed.secret}),
        )?;
    }
    if ctx.json() {
        output::print_json(&report)?;
    } else if !ctx.flags.quiet {
        println!(
            "{} {} ({} {}, label {}, {}, files: {})",
            if report.changed {
                "wrote"
            } else {
                "unchanged (already this image):"
            },
            out.display(),
            seed.format,
            output::bytes(report.bytes),
            seed.label,
            if seed.secret {
                "mode 0600: holds secrets"
            } else {
                "mode 0644"
            },
            report.files.join(", ")
        );
        println!("sha256 {sha}");
    }
    Ok(0)
}

/// Stages the files under `dir/seed` (secrets 0600) and builds `dir/seed.img` from them.
fn build_image(exec: &Exec, seed: &Seed, dir: &Path) -> anyhow::Result<PathBuf> {
    let content_dir = dir.join("seed");
    exec.create_dir_all(&content_dir, 0o700)?;
    let mut staged = Vec::new();
    let mut total = 0u64;
    for f in seed.files {
        let p = content_dir.join(f.name);
        let spec = if f.secret {
            FileSpec::PRIVATE
        } else {
            FileSpec::mode(0o644)
        };
        exec.write_file(&p, &f.bytes, spec)?;
        total += f.bytes.len() as u64;
        staged.push(p);
    }
    staged.sort();
    let image = dir.join("seed.img");
    if seed.format == "vfat" {
        exec.run(&vfat::mkfs(
            &image,
            seed.label,
            vfat_volume_id(seed.files),
            vfat::size_kib(total, seed.files.len()),
        ))?;
        exec.run(&vfat::mcopy(&image, &staged, seed.epoch))?;
    } else {
        exec.run(&xorriso::build_iso(
            &content_dir,
            &image,
            seed.label,
            seed.epoch,
        ))?;
    }
    Ok(image)
}

/// A vfat volume id derived from the contents (names and bytes), so the same seed gives the
/// same image.
fn vfat_volume_id(files: &[SeedFile]) -> u32 {
    let mut h = Sha256::new();
    for f in files {
        h.update(f.name.as_bytes());
        h.update(&f.bytes);
    }
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// The `[cloudinit] warn_size_kib` warning for a large image.
fn warn_if_large(ctx: &Ctx, cfg: &CloudinitConfig, bytes: u64) -> anyhow::Result<()> {
    if bytes > cfg.warn_size_kib * 1024 {
        let w = format!(
            "the image is {} (more than [cloudinit] warn_size_kib = {} KiB); some hypervisors and \
             datasources handle large seeds badly",
            output::bytes(bytes),
            cfg.warn_size_kib
        );
        if ctx.json() {
            output::print_json(&serde_json::json!({"event": "warning", "message": w}))?;
        } else {
            eprintln!("cloudinit-iso: warning: {w}");
        }
    }
    Ok(())
}
