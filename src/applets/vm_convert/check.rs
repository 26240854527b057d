//! The check subcommand (`--check DST`): re-verifies an image against its manifest, read-only.
//! Exit 0 when the guest data matches and the metadata is sound, 1 on a mismatch or corruption.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::digest::{start_hash, Algo};
use crate::context::Ctx;
use crate::error::{invalid, precondition};
use crate::exec::Exec;
use crate::model::qemu_img::{self as m, ImageInfo, Manifest};
use crate::output;
use crate::tools::qemu_img as q;

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

pub(super) fn run(ctx: &Ctx, dst: &Path) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let (mf, man) = read_manifest(dst)?;
    let info = inspect_image(exec, dst, &man)?;
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
    print_report(
        ctx,
        &CheckReport {
            image: dst.display().to_string(),
            format: man.format.clone(),
            status,
            metadata,
            algorithm: algo.name(),
            expected,
            actual,
            message,
        },
    )?;
    Ok(if status == "ok" { 0 } else { 1 })
}

/// `DST.manifest.json`, parsed, with a format vm-convert knows.
fn read_manifest(dst: &Path) -> anyhow::Result<(PathBuf, Manifest)> {
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
    Ok((mf, man))
}

/// qemu-img info of DST read as the manifest's format: refused while another process has it
/// open, or when it refers to other files (a converted image never does).
fn inspect_image(exec: &Exec, dst: &Path, man: &Manifest) -> anyhow::Result<ImageInfo> {
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
    Ok(info)
}

fn print_report(ctx: &Ctx, r: &CheckReport) -> anyhow::Result<()> {
    if ctx.json() {
        output::print_json(r)?;
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
    Ok(())
}
