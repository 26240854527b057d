//! The error type that carries a process exit code, and the exit-code table.
//!
//! Exit codes are documented here and only here (README and the man pages quote this table):
//!
//! | code | meaning |
//! |------|---------|
//! | 0    | success |
//! | 1    | the operation failed (a command failed, a check found a problem) |
//! | 2    | usage error (bad flags or arguments; the message says "try --help") |
//! | 3    | precondition not met: a tool is missing, not root, a lock is held, a component is unreachable |
//! | 4    | configuration error (the file, line and key are named) |
//! | 5    | invalid input (a file or argument failed validation; nothing was changed) |
//! | 6    | partial success, or the operation failed and was rolled back |
//! | 124  | a wait or a command timed out |
//!
//! Some read commands have their own documented status codes (health-check and `cephctl alerts`:
//! 0 ok, 1 warning/degraded, 2 critical); they return them as `Ok(code)`, not as errors.

use std::fmt;

/// Exit codes shared by every applet.
pub mod code {
    pub const OK: i32 = 0;
    pub const FAILED: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const PRECONDITION: i32 = 3;
    pub const CONFIG: i32 = 4;
    pub const INVALID: i32 = 5;
    pub const PARTIAL: i32 = 6;
    pub const TIMEOUT: i32 = 124;
}

/// How a child process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Termination {
    Exited(i32),
    Signaled(i32),
}

impl fmt::Display for Termination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Termination::Exited(c) => write!(f, "exit status {c}"),
            Termination::Signaled(s) => {
                let name = nix::sys::signal::Signal::try_from(*s)
                    .map(|s| s.as_str())
                    .unwrap_or("unknown");
                write!(f, "signal {s} ({name})")
            }
        }
    }
}

/// Errors that decide the exit code. Anything else (plain `anyhow` errors) exits 1.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0} (try --help)")]
    Usage(String),
    #[error("{tool}: not found in PATH (install the Debian package `{package}`)")]
    MissingTool { tool: String, package: String },
    #[error("{0}")]
    Precondition(String),
    #[error("{0}")]
    Config(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Partial(String),
    #[error("`{command}` failed with {status}{}", stderr_tail(.stderr))]
    CommandFailed {
        command: String,
        status: Termination,
        stderr: String,
    },
    #[error("timed out after {secs} s waiting for {what}")]
    Timeout { secs: u64, what: String },
    #[error("refused: {0}")]
    Refused(String),
}

fn stderr_tail(stderr: &str) -> String {
    let trimmed = stderr.trim();
    if trimmed.is_empty() {
        return String::new();
    }
    // The last few lines carry the reason; earlier lines are usually progress noise.
    let lines: Vec<&str> = trimmed.lines().collect();
    let tail = &lines[lines.len().saturating_sub(5)..];
    format!(": {}", tail.join(" | "))
}

impl Error {
    pub fn code(&self) -> i32 {
        match self {
            Error::Usage(_) => code::USAGE,
            Error::MissingTool { .. } | Error::Precondition(_) | Error::Refused(_) => {
                code::PRECONDITION
            }
            Error::Config(_) => code::CONFIG,
            Error::Invalid(_) => code::INVALID,
            Error::Partial(_) => code::PARTIAL,
            Error::CommandFailed { .. } => code::FAILED,
            Error::Timeout { .. } => code::TIMEOUT,
        }
    }
}

/// The exit code for an error chain: the first [`Error`] found in it decides; otherwise 1.
pub fn exit_code_of(err: &anyhow::Error) -> i32 {
    err.chain()
        .find_map(|e| e.downcast_ref::<Error>())
        .map(Error::code)
        .unwrap_or(code::FAILED)
}

/// Shorthands used by applets.
pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    Error::Usage(msg.into()).into()
}
pub fn invalid(msg: impl Into<String>) -> anyhow::Error {
    Error::Invalid(msg.into()).into()
}
pub fn precondition(msg: impl Into<String>) -> anyhow::Error {
    Error::Precondition(msg.into()).into()
}
pub fn config(msg: impl Into<String>) -> anyhow::Error {
    Error::Config(msg.into()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_survive_context() {
        let e = anyhow::Error::from(Error::Invalid("bad".into())).context("while reading x");
        assert_eq!(exit_code_of(&e), code::INVALID);
        let plain = anyhow::anyhow!("plain");
        assert_eq!(exit_code_of(&plain), code::FAILED);
    }

    #[test]
    fn command_failure_names_status_and_stderr_tail() {
        let e = Error::CommandFailed {
            command: "virsh start vm1".into(),
            status: Termination::Exited(1),
            stderr: "noise\nerror: domain is already active\n".into(),
        };
        let s = e.to_string();
        assert!(s.contains("`virsh start vm1`"), "{s}");
        assert!(s.contains("exit status 1"), "{s}");
        assert!(s.contains("domain is already active"), "{s}");
        let sig = Termination::Signaled(9).to_string();
        assert!(sig.contains("SIGKILL"), "{sig}");
    }
}
