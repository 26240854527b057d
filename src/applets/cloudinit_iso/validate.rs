//! Validation of the seed, before anything is written: every file against its schema, then,
//! when enabled and installed, `cloud-init schema` on each #cloud-config as a second opinion.
//! Warnings are shown; any error refuses the seed.

use super::inputs::SeedFile;
use super::CloudinitConfig;
use crate::context::Ctx;
use crate::error::invalid;
use crate::exec::Exec;
use crate::model::cloudinit::{self as ci, Problem, Severity, UserDataKind};
use crate::output;
use crate::tools::cloud_init;

/// Validates `files`, reports the problems, and returns the warnings (an error fails).
pub(super) fn validate_seed(
    ctx: &Ctx,
    cfg: &CloudinitConfig,
    files: &[SeedFile],
) -> anyhow::Result<Vec<Problem>> {
    let (mut problems, cloud_configs) = check_files(files);
    let exec = ctx.exec()?;
    if cfg.schema_check
        && problems.iter().all(|p| p.severity != Severity::Error)
        && which::which("cloud-init").is_ok()
    {
        for f in cloud_configs {
            problems.extend(cloud_init_opinion(exec, f)?);
        }
    }
    report(ctx, &problems)
}

/// Each file against its schema; also returns the #cloud-config files (user-data and
/// vendor-data may be other kinds).
fn check_files(files: &[SeedFile]) -> (Vec<Problem>, Vec<&SeedFile>) {
    let mut problems: Vec<Problem> = Vec::new();
    let mut cloud_configs = Vec::new();
    for f in files {
        let text = || String::from_utf8_lossy(&f.bytes).into_owned();
        match f.name {
            "user-data" | "vendor-data" => {
                let (kind, p) = ci::validate_user_data(&f.origin, &f.bytes);
                problems.extend(p);
                if kind == Some(UserDataKind::CloudConfig) {
                    cloud_configs.push(f);
                }
            }
            "meta-data" => problems.extend(ci::validate_meta_data(&f.origin, &text())),
            "network-config" => problems.extend(ci::validate_network_config(&f.origin, &text())),
            _ => {}
        }
    }
    (problems, cloud_configs)
}

/// cloud-init's own JSON schema on one #cloud-config: a failure is one error naming the file.
fn cloud_init_opinion(exec: &Exec, f: &SeedFile) -> anyhow::Result<Option<Problem>> {
    let out = exec.run(&cloud_init::schema(&f.bytes))?;
    if out.success() {
        return Ok(None);
    }
    let msg = cloud_init::schema_findings(&out);
    Ok(Some(Problem {
        severity: Severity::Error,
        file: f.origin.clone(),
        line: 1,
        key: String::new(),
        message: format!(
            "cloud-init schema: {}",
            msg.replace("/dev/stdin", &f.origin)
        ),
    }))
}

/// Shows the problems (JSON events with `--json`; otherwise the warnings, and the errors when
/// there are several, on stderr) and fails with the first error.
fn report(ctx: &Ctx, problems: &[Problem]) -> anyhow::Result<Vec<Problem>> {
    let errors: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    let warnings: Vec<Problem> = problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .cloned()
        .collect();
    if !ctx.json() {
        for w in &warnings {
            eprintln!("cloudinit-iso: warning: {w}");
        }
        if errors.len() > 1 {
            for e in &errors {
                eprintln!("cloudinit-iso: {e}");
            }
        }
    } else {
        for p in problems {
            output::print_json(&serde_json::json!({"event": "problem", "problem": p}))?;
        }
    }
    if !errors.is_empty() {
        let first = errors[0].to_string();
        return Err(invalid(if errors.len() == 1 {
            format!("invalid seed: {first}")
        } else {
            format!(
                "invalid seed: {} problems, the first: {first}",
                errors.len()
            )
        }));
    }
    Ok(warnings)
}
