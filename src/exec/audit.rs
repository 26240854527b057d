//! The audit log: one JSON line per mutating action that actually ran.
//!
//! Fails closed: if the log cannot be opened, the mutating action does not run.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::sync::Mutex;

use anyhow::Context as _;
use serde::Serialize;

#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    file: Mutex<Option<File>>,
    applet: String,
    argv: Vec<String>,
    user: String,
    uid: u32,
}

#[derive(Serialize)]
struct Line<'a> {
    time: String,
    user: &'a str,
    uid: u32,
    applet: &'a str,
    argv: &'a [String],
    action: &'a str,
    node: Option<&'a str>,
    command: &'a str,
    status: &'a str,
    ok: bool,
    duration_ms: u128,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a serde_json::Value>,
}

/// One audited action.
pub struct Entry<'a> {
    /// "exec", "write-file", "symlink", "remove", "mkdir", or an applet-defined verb.
    pub action: &'a str,
    pub node: Option<&'a str>,
    pub command: &'a str,
    pub status: &'a str,
    pub ok: bool,
    pub duration_ms: u128,
    pub detail: Option<&'a serde_json::Value>,
}

impl AuditLog {
    pub fn new(path: PathBuf, applet: &str, argv: &[String]) -> Self {
        let uid = nix::unistd::getuid().as_raw();
        AuditLog {
            path,
            file: Mutex::new(None),
            applet: applet.to_string(),
            argv: argv.to_vec(),
            user: real_user(uid),
            uid,
        }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Opens the log (creating its directory) so a mutating action can be refused before it
    /// runs when the log is not writable.
    pub fn ensure_open(&self) -> anyhow::Result<()> {
        let mut guard = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir).ok();
            }
            let f = OpenOptions::new()
                .append(true)
                .create(true)
                .mode(0o640)
                .open(&self.path)
                .map_err(|e| {
                    crate::error::precondition(format!(
                        "cannot open audit log {}: {e} (set [general] audit_log or DEBVISOR_AUDIT_LOG)",
                        self.path.display()
                    ))
                })?;
            *guard = Some(f);
        }
        Ok(())
    }

    pub fn record(&self, e: Entry<'_>) -> anyhow::Result<()> {
        self.ensure_open()?;
        let line = Line {
            time: crate::clock::now_rfc3339(),
            user: &self.user,
            uid: self.uid,
            applet: &self.applet,
            argv: &self.argv,
            action: e.action,
            node: e.node,
            command: e.command,
            status: e.status,
            ok: e.ok,
            duration_ms: e.duration_ms,
            detail: e.detail,
        };
        let mut buf = serde_json::to_vec(&line)?;
        buf.push(b'\n');
        let mut guard = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let f = guard.as_mut().expect("opened above");
        // One write(2) per line on an O_APPEND file: concurrent writers never interleave lines.
        f.write_all(&buf)
            .with_context(|| format!("writing audit log {}", self.path.display()))?;
        // The message says what happened (journalctl shows MESSAGE alone); the fields are for
        // matching (F_ACTION=, F_COMMAND=, F_STATUS=).
        tracing::info!(target: "audit", action = e.action, command = e.command, status = e.status,
            "audit: {} {} ({})", e.action, e.command, e.status);
        Ok(())
    }
}

/// The human behind the action: the sudo caller when run through sudo.
fn real_user(uid: u32) -> String {
    if let Ok(u) = std::env::var("SUDO_USER") {
        if !u.is_empty() {
            return u;
        }
    }
    for var in ["LOGNAME", "USER"] {
        if let Ok(u) = std::env::var(var) {
            if !u.is_empty() {
                return u;
            }
        }
    }
    passwd_name(uid).unwrap_or_else(|| format!("uid:{uid}"))
}

/// The account name for `uid` from /etc/passwd (a static binary has no NSS; local accounts are
/// what matters on a hypervisor node).
fn passwd_name(uid: u32) -> Option<String> {
    let text = std::fs::read_to_string("/etc/passwd").ok()?;
    text.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let id = f.nth(1)?.parse::<u32>().ok()?;
        (id == uid).then(|| name.to_string())
    })
}
