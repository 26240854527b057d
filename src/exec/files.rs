//! File changes, under the same rules as mutating commands (planned under `--dry-run`,
//! audited otherwise), and the one atomic-write primitive of the crate.
//!
//! Atomic write: a temp file in the destination's directory, written, fsynced, given its final
//! mode, renamed over the destination, then the directory fsynced. A crash at any point leaves
//! the old file or the new one, never a mix.

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::Exec;

/// How a file is written.
#[derive(Debug, Clone, Copy)]
pub struct FileSpec {
    pub mode: u32,
    /// Never print or log the contents (key files).
    pub secret: bool,
}

impl FileSpec {
    pub const PUBLIC: FileSpec = FileSpec {
        mode: 0o644,
        secret: false,
    };
    pub const PRIVATE: FileSpec = FileSpec {
        mode: 0o600,
        secret: true,
    };
    pub fn mode(mode: u32) -> Self {
        FileSpec {
            mode,
            secret: false,
        }
    }
}

impl Exec {
    /// Writes `contents` to `path` atomically with the given mode.
    pub fn write_file(&self, path: &Path, contents: &[u8], spec: FileSpec) -> anyhow::Result<()> {
        let desc = format!(
            "write {} ({} bytes, mode {:04o}{})",
            path.display(),
            contents.len(),
            spec.mode,
            if spec.secret { ", secret" } else { "" }
        );
        self.change("write-file", &desc, || {
            atomic_write(path, contents, spec.mode)
        })?;
        Ok(())
    }

    /// Writes only when the contents differ; returns whether the file changed (or would).
    pub fn write_file_if_changed(
        &self,
        path: &Path,
        contents: &[u8],
        spec: FileSpec,
    ) -> anyhow::Result<bool> {
        if let Ok(old) = fs::read(path) {
            let same_mode = fs::metadata(path)
                .map(|m| m.permissions().mode() & 0o7777 == spec.mode)
                .unwrap_or(false);
            if old == contents && same_mode {
                return Ok(false);
            }
        }
        self.write_file(path, contents, spec)?;
        Ok(true)
    }

    /// Creates (or atomically replaces) a symlink.
    pub fn symlink(&self, target: &Path, link: &Path) -> anyhow::Result<()> {
        let desc = format!("symlink {} -> {}", link.display(), target.display());
        self.change("symlink", &desc, || atomic_symlink(target, link))?;
        Ok(())
    }

    pub fn remove_file(&self, path: &Path) -> anyhow::Result<()> {
        let desc = format!("remove {}", path.display());
        self.change("remove", &desc, || {
            fs::remove_file(path).with_context(|| format!("removing {}", path.display()))
        })?;
        Ok(())
    }

    pub fn create_dir_all(&self, path: &Path, mode: u32) -> anyhow::Result<()> {
        if path.is_dir() {
            return Ok(());
        }
        let desc = format!("mkdir -p {} (mode {mode:04o})", path.display());
        self.change("mkdir", &desc, || {
            fs::create_dir_all(path).with_context(|| format!("creating {}", path.display()))?;
            fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
            Ok(())
        })?;
        Ok(())
    }

    pub fn rename(&self, from: &Path, to: &Path) -> anyhow::Result<()> {
        let desc = format!("rename {} -> {}", from.display(), to.display());
        self.change("rename", &desc, || {
            fs::rename(from, to)
                .with_context(|| format!("renaming {} to {}", from.display(), to.display()))?;
            sync_parent(to);
            Ok(())
        })?;
        Ok(())
    }
}

pub(crate) fn atomic_write(path: &Path, contents: &[u8], mode: u32) -> anyhow::Result<()> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(
            ".{}.",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .with_context(|| format!("creating a temp file in {}", dir.display()))?;
    // Mode before contents: a secret is never readable by others, not even for a moment.
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(mode))?;
    tmp.write_all(contents)
        .with_context(|| format!("writing {}", path.display()))?;
    tmp.as_file().sync_all()?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("renaming into {}", path.display()))?;
    sync_parent(path);
    Ok(())
}

fn atomic_symlink(target: &Path, link: &Path) -> anyhow::Result<()> {
    let dir = parent_dir(link);
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        link.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let _ = fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp)
        .with_context(|| format!("creating symlink {}", tmp.display()))?;
    fs::rename(&tmp, link).with_context(|| format!("renaming into {}", link.display()))?;
    sync_parent(link);
    Ok(())
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn sync_parent(path: &Path) {
    if let Ok(d) = File::open(parent_dir(path)) {
        let _ = d.sync_all();
    }
}

/// A private (0600) temp file holding a secret, on tmpfs when available; removed on drop.
pub(crate) fn private_temp_file(contents: &[u8]) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = ["/dev/shm", "/run"]
        .iter()
        .map(PathBuf::from)
        .find(|d| d.is_dir() && tempfile::tempfile_in(d).is_ok())
        .unwrap_or_else(std::env::temp_dir);
    let mut f = tempfile::Builder::new()
        .prefix(".debvisor-secret.")
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)?;
    f.write_all(contents)?;
    f.as_file().sync_all()?;
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_with_mode_and_leaves_no_temp() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("k.key");
        atomic_write(&p, b"old", 0o644).unwrap();
        atomic_write(&p, b"new", 0o600).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn symlink_replacement_is_atomic_and_idempotent() {
        let d = tempfile::tempdir().unwrap();
        let l = d.path().join("hvctl");
        atomic_symlink(Path::new("/a"), &l).unwrap();
        atomic_symlink(Path::new("/b"), &l).unwrap();
        assert_eq!(fs::read_link(&l).unwrap(), Path::new("/b"));
    }
}
