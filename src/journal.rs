//! A JSON state journal on disk (upgrade and join record their progress in one): read it back
//! after a crash, rewrite it atomically through the execution layer after each step.

use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error;
use crate::exec::files::FileSpec;
use crate::exec::Exec;

pub struct JsonJournal {
    pub path: PathBuf,
    /// What it is, for the error on a corrupt file ("upgrade journal").
    what: &'static str,
}

impl JsonJournal {
    pub fn new(path: PathBuf, what: &'static str) -> Self {
        JsonJournal { path, what }
    }

    /// The journal, or None when there is none. A corrupt file is an error (exit 5), never
    /// silently a fresh start.
    pub fn load<T: DeserializeOwned>(&self) -> anyhow::Result<Option<T>> {
        match std::fs::read_to_string(&self.path) {
            Ok(t) => serde_json::from_str(&t).map(Some).map_err(|e| {
                error::invalid(format!(
                    "{}: corrupt {}: {e}",
                    self.path.display(),
                    self.what
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Writes it atomically (0640). Not under `--dry-run`: a dry run plans the cluster changes;
    /// its bookkeeping file is not part of the plan.
    pub fn save<T: Serialize>(&self, exec: &Exec, value: &T) -> anyhow::Result<()> {
        if exec.is_dry_run() {
            return Ok(());
        }
        if let Some(d) = self.path.parent() {
            exec.create_dir_all(d, 0o750)?;
        }
        exec.write_file(
            &self.path,
            &serde_json::to_vec_pretty(value)?,
            FileSpec::mode(0o640),
        )
    }
}
