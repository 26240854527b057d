//! File ownership changes (`chown`), under the same rules as every other change: planned
//! under `--dry-run`, audited otherwise.

use std::path::Path;

use anyhow::Context as _;

use super::Exec;

impl Exec {
    /// Sets the owner and/or group of `path` (None leaves it unchanged).
    pub fn chown(&self, path: &Path, uid: Option<u32>, gid: Option<u32>) -> anyhow::Result<()> {
        let desc = format!(
            "chown {}:{} {}",
            uid.map(|u| u.to_string()).unwrap_or_default(),
            gid.map(|g| g.to_string()).unwrap_or_default(),
            path.display()
        );
        self.change("chown", &desc, || {
            nix::unistd::chown(
                path,
                uid.map(nix::unistd::Uid::from_raw),
                gid.map(nix::unistd::Gid::from_raw),
            )
            .with_context(|| format!("chown {}", path.display()))
        })?;
        Ok(())
    }
}
