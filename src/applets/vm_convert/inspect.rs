//! The source image, inspected before anything is written: its format pinned (from the header
//! magic or `--from`, never probed by qemu), a disk a running VM holds refused, and every
//! backing or extent file confined to the allowed directories with a recorded format.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::convert::ConvertArgs;
use super::paths::canonical;
use super::ImagesConfig;
use crate::error::{invalid, precondition};
use crate::exec::Exec;
use crate::model::qemu_img::{self as m, ImageInfo};
use crate::tools::qemu_img as q;

/// The source of a conversion, as inspected.
pub(super) struct Source {
    pub path: PathBuf,
    pub format: String,
    pub info: ImageInfo,
    /// The image and its backing files, top first (just the image when it has none).
    pub chain: Vec<ImageInfo>,
}

/// Detects and pins the source format, refuses images in use and references outside the
/// allowed directories.
pub(super) fn inspect_source(
    exec: &Exec,
    cfg: &ImagesConfig,
    args: &ConvertArgs,
) -> anyhow::Result<Source> {
    let src = args.src.as_path();
    let force_share = args.force_shared;
    let path = canonical(src);
    let format = pin_format(src, &path, args.from.as_deref())?;
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
        .chain(&args.allow_backing_dirs)
        .map(|d| canonical(d))
        .collect();
    if let Some(d) = path.parent() {
        allowed.push(d.to_path_buf());
    }
    check_references(&info, &allowed, src)?;
    let chain = if info.backing().is_some() {
        backing_chain(exec, &info, &path, &format, &allowed, args)?
    } else {
        vec![info.clone()]
    };
    Ok(Source {
        path,
        format,
        info,
        chain,
    })
}

/// The format qemu is told to read `src` as: `--from` when given (warning when a raw copy of
/// an image file is asked for), else what the header magic says.
fn pin_format(src: &Path, path: &Path, from: Option<&str>) -> anyhow::Result<String> {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| precondition(format!("cannot read {}: {e}", src.display())))?;
    let sniffed = m::sniff_format(&head);
    Ok(match from {
        Some(f) => {
            if f == "raw" && sniffed != "raw" {
                tracing::warn!(
                    "{} starts with a {sniffed} header but --from raw was given: copying it as raw bytes",
                    src.display()
                );
            }
            f.to_string()
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
    })
}

/// The whole backing chain of an image that has a backing file, each member checked like the
/// image itself; a member without a recorded backing format is refused (qemu would probe it).
fn backing_chain(
    exec: &Exec,
    info: &ImageInfo,
    path: &Path,
    format: &str,
    allowed: &[PathBuf],
    args: &ConvertArgs,
) -> anyhow::Result<Vec<ImageInfo>> {
    let src = args.src.as_path();
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
    let out = exec.run(&q::info_chain(path, format, args.force_shared))?;
    let chain = ImageInfo::parse_chain(&out.stdout).map_err(invalid)?;
    for i in &chain {
        check_references(i, allowed, src)?;
        if i.backing().is_some() && i.backing_filename_format.is_none() {
            return Err(invalid(format!(
                "{}: backing file {} has no recorded format",
                i.filename,
                i.backing().unwrap_or("")
            )));
        }
    }
    Ok(chain)
}

/// Refuses an image whose backing or extent files are protocols or lie outside `allowed`.
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

#[cfg(test)]
mod tests {
    use super::*;

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
