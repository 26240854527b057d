//! Detached daemons whose PID the caller keeps (e.g. one websockify per VM): like
//! [`Exec::spawn_detached`], and returns the PID so the instance can later be checked for
//! staleness and stopped. Same dry-run and audit rules.

use std::process::Stdio;

use anyhow::Context as _;

use super::{plain_command, plan_step_for, AuditEntry, Cmd, Effect, Exec, Placement};

impl Exec {
    /// Starts `cmd` in a new session with no stdio and returns its PID; `None` under
    /// `--dry-run` (the command is only printed). The child is not waited for.
    pub fn spawn_daemon(&self, cmd: &Cmd) -> anyhow::Result<Option<u32>> {
        if self.dry_run && cmd.effect == Effect::Mutating {
            self.record_exec(cmd, false);
            self.print_plan(plan_step_for(cmd));
            return Ok(None);
        }
        let shown = cmd.to_string();
        let mut proc = plain_command(cmd, "a detached command", Placement::NewSession)?;
        if cmd.effect == Effect::Mutating {
            self.audit.ensure_open()?;
        }
        self.record_exec(cmd, true);
        proc.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = proc
            .spawn()
            .with_context(|| format!("cannot start `{shown}`"))?;
        let pid = child.id();
        // Not waited for: it outlives us and is reparented to init when we exit.
        drop(child);
        tracing::info!(command = %shown, pid, "daemon started");
        if cmd.effect == Effect::Mutating {
            let detail = serde_json::json!({ "pid": pid });
            self.audit.record(AuditEntry {
                action: "spawn-daemon",
                node: None,
                command: &shown,
                status: "started",
                ok: true,
                duration_ms: 0,
                detail: Some(&detail),
            })?;
        }
        Ok(Some(pid))
    }
}
