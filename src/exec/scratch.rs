//! A private scratch directory (0700, under $TMPDIR) for files an external tool must read from
//! disk, e.g. the staged seed files of cloudinit-iso. Files inside are written with the usual
//! [`Exec::write_file`]; the directory and its contents are removed when the guard drops.
//! Under `--dry-run` nothing is created: the path is reported and writes into it are planned.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::Exec;

pub struct ScratchDir {
    path: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl ScratchDir {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Exec {
    pub fn scratch_dir(&self, prefix: &str) -> anyhow::Result<ScratchDir> {
        if self.is_dry_run() {
            let path = std::env::temp_dir().join(format!("{prefix}XXXXXX"));
            self.change(
                "mkdir",
                &format!("private scratch directory {}", path.display()),
                || Ok(()),
            )?;
            return Ok(ScratchDir { path, _dir: None });
        }
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .context("creating a scratch directory")?;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))?;
        Ok(ScratchDir {
            path: dir.path().to_path_buf(),
            _dir: Some(dir),
        })
    }
}
