//! `cloud-init`: its own JSON-schema check of a #cloud-config, the second opinion
//! cloudinit-iso asks for when cloud-init is installed.

use crate::exec::{Cmd, Output, Secret};

/// `cloud-init schema --config-file /dev/stdin`, the contents on stdin (they may hold secrets
/// and must not land in a file or argv). Unchecked: a failed check is a finding, not an error.
pub fn schema(cloud_config: &[u8]) -> Cmd {
    Cmd::new("cloud-init")
        .args(["schema", "--config-file", "/dev/stdin"])
        .secret_stdin(Secret::new(cloud_config.to_vec()))
        .read_only()
        .unchecked()
        .timeout_secs(60)
        .what("cloud-init schema")
}

/// What a failed `cloud-init schema` said, on one line: its meaningful stderr and stdout
/// lines, without the bare `Error:` and `… deprecations:` headings.
pub fn schema_findings(out: &Output) -> String {
    out.stderr
        .lines()
        .chain(out.stdout.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "Error:" && !l.ends_with("deprecations:"))
        .collect::<Vec<_>>()
        .join(" ")
}
