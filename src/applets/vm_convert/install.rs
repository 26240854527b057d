//! Puts a finished image in place: the partial image renamed over DST, the journal removed,
//! and the manifest (`DST.manifest.json`) of a verified image written.

use super::convert::Job;
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::qemu_img::{self as m, Manifest};

/// Installs the partial image of `job` as DST; with a verified `digest`, writes its manifest
/// and returns the manifest's path.
pub(super) fn install(
    exec: &Exec,
    job: &Job,
    digest: Option<&str>,
) -> anyhow::Result<Option<String>> {
    let dst = job.dst.as_path();
    // A manifest describes one image: drop the old one before the old image is replaced, and
    // write the new one only once the new image has its final name.
    let mf = m::manifest_path(dst);
    if mf.exists() {
        exec.remove_file(&mf)?;
    }
    exec.rename(&job.part, dst)?;
    if job.journal_file.exists() {
        exec.remove_file(&job.journal_file)?;
    }
    let Some(d) = digest else {
        return Ok(None);
    };
    let man = Manifest {
        version: 2,
        image: dst
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        format: job.to.clone(),
        virtual_size: job.source.info.virtual_size,
        guest_blake3: Some(d.to_string()),
        guest_sha256: None,
        source: job.source.path.display().to_string(),
        source_format: job.source.format.clone(),
        created: crate::clock::now_rfc3339(),
        tool: format!("debvisor {}", crate::cli::VERSION),
    };
    let mut text = serde_json::to_string_pretty(&man)?;
    text.push('\n');
    exec.write_file(&mf, text.as_bytes(), FileSpec::PUBLIC)?;
    Ok(Some(mf.display().to_string()))
}
