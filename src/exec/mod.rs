//! The execution layer: the ONLY place in the crate that spawns a process or changes a file.
//!
//! Every external action is a [`Cmd`] value handed to [`Exec`]. Here, and only here:
//! - `--dry-run` is enforced: read-only commands run (plans are computed from real state),
//!   mutating commands and file changes are printed as a plan and not run;
//! - mutating actions are audit-logged (one JSON line each) and traced;
//! - every command has a deadline; on expiry its whole process group is killed;
//! - failures become errors naming the command, its exit status or signal, and its stderr tail;
//! - secrets are passed through private 0600 files or stdin, never argv or logs;
//! - commands for other nodes are wrapped in multiplexed, host-key-checked ssh.

mod audit;
pub mod background;
mod command;
mod detach;
pub mod files;
mod interrupt;
pub mod nbd;
mod owner;
pub mod packages;
pub mod quote;
mod remote;
pub mod scratch;

use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;
use serde::Serialize;

pub use audit::{AuditLog, Entry as AuditEntry};
pub use command::{Arg, Cmd, Effect, Input, Secret, DEFAULT_TIMEOUT};
pub use packages::debian_package;
pub use remote::Node;

use crate::error::{Error, Termination};

/// What a finished (or planned) command produced.
#[derive(Debug, Clone)]
pub struct Output {
    pub status: Termination,
    pub stdout: String,
    pub stderr: String,
    pub duration: Duration,
    /// false when the command was only planned (dry run).
    pub ran: bool,
}

impl Output {
    pub fn success(&self) -> bool {
        self.status == Termination::Exited(0)
    }
    pub fn code(&self) -> Option<i32> {
        match self.status {
            Termination::Exited(c) => Some(c),
            Termination::Signaled(_) => None,
        }
    }
    fn planned() -> Self {
        Output {
            status: Termination::Exited(0),
            stdout: String::new(),
            stderr: String::new(),
            duration: Duration::ZERO,
            ran: false,
        }
    }
}

/// Which stream a line came from, for [`Exec::run_streaming`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// One step of a dry-run plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanStep {
    pub dry_run: bool,
    pub action: String,
    pub would_run: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stdin: Option<String>,
}

pub struct Exec {
    dry_run: bool,
    json: bool,
    audit: AuditLog,
    exec_log: Option<PathBuf>,
    ssh_control_dir: PathBuf,
    plan: std::cell::RefCell<Vec<PlanStep>>,
    history: std::cell::RefCell<Vec<String>>,
}

impl Exec {
    pub fn new(dry_run: bool, json: bool, audit: AuditLog) -> Self {
        let runtime = std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/run"));
        Exec {
            dry_run,
            json,
            audit,
            exec_log: exec_log_path(),
            ssh_control_dir: std::env::var_os("DEBVISOR_SSH_CONTROL_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| runtime.join("debvisor-ssh")),
            plan: Default::default(),
            history: Default::default(),
        }
    }

    pub fn is_dry_run(&self) -> bool {
        self.dry_run
    }

    pub fn audit_log(&self) -> &AuditLog {
        &self.audit
    }

    /// Every command run or planned since the last call, rendered (for per-step reports).
    pub fn take_history(&self) -> Vec<String> {
        std::mem::take(&mut *self.history.borrow_mut())
    }

    /// The steps planned (not run) so far in a dry run.
    pub fn plan(&self) -> Vec<PlanStep> {
        self.plan.borrow().clone()
    }

    /// Runs a command to completion and captures its output. A non-zero exit is an error
    /// unless the command is [`Cmd::unchecked`].
    pub fn run(&self, cmd: &Cmd) -> anyhow::Result<Output> {
        self.run_streaming(cmd, &mut |_, _| {})
    }

    /// Like [`Exec::run`], and calls `on_line` for each line (split on `\n` and `\r`, so
    /// progress updates arrive as they are drawn) while the command runs.
    pub fn run_streaming(
        &self,
        cmd: &Cmd,
        on_line: &mut dyn FnMut(Stream, &str),
    ) -> anyhow::Result<Output> {
        if self.dry_run && cmd.effect == Effect::Mutating {
            self.record_exec(cmd, false);
            self.print_plan(plan_step_for(cmd));
            return Ok(Output::planned());
        }
        let mut attempt = 0;
        let mut delay = cmd.retry_delay;
        loop {
            let result = self.run_once(cmd, on_line);
            match result {
                Err(e) if attempt < cmd.retries && is_retryable(&e) => {
                    attempt += 1;
                    tracing::warn!(command = %cmd, attempt, "retrying after error: {e:#}");
                    std::thread::sleep(delay);
                    delay = (delay * 2).min(Duration::from_secs(30));
                }
                other => return other,
            }
        }
    }

    fn run_once(&self, cmd: &Cmd, on_line: &mut dyn FnMut(Stream, &str)) -> anyhow::Result<Output> {
        let shown = cmd.to_string();
        let real = match &cmd.node {
            Some(node) => {
                std::fs::create_dir_all(&self.ssh_control_dir).ok();
                remote::wrap(cmd, node, &self.ssh_control_dir)?
            }
            None => cmd.clone(),
        };
        let program = resolve_program(&real.program)?;
        if cmd.effect == Effect::Mutating {
            self.audit.ensure_open()?;
            tracing::info!(command = %shown, "run: {shown}");
        } else {
            tracing::debug!(command = %shown, "run (read-only): {shown}");
        }
        self.record_exec(cmd, true);

        let mut secret_files = Vec::new();
        let mut proc = Command::new(&program);
        for a in &real.args {
            match a {
                Arg::Plain(s) => {
                    proc.arg(s);
                }
                Arg::SecretFile(s) => {
                    let f = files::private_temp_file(s.expose())?;
                    proc.arg(f.path());
                    secret_files.push(f);
                }
            }
        }
        for (k, v) in &real.env {
            match v {
                Some(v) => proc.env(k, v),
                None => proc.env_remove(k),
            };
        }
        if let Some(d) = &real.cwd {
            proc.current_dir(d);
        }
        let interactive = matches!(real.input, Input::Inherit);
        proc.stdin(match real.input {
            Input::Null => Stdio::null(),
            Input::Inherit => Stdio::inherit(),
            _ => Stdio::piped(),
        });
        proc.stdout(Stdio::piped()).stderr(Stdio::piped());
        if !interactive {
            // Own process group: a timeout or Ctrl-C kills the command and all its children.
            proc.process_group(0);
        }
        interrupt::install();
        let start = Instant::now();
        let mut child = proc
            .spawn()
            .with_context(|| format!("cannot start `{shown}`"))?;
        let feeder = match &real.input {
            Input::Data(d) => Some(feed_stdin(&mut child, d.clone())),
            Input::Secret(s) => Some(feed_stdin(&mut child, s.expose().to_vec())),
            _ => None,
        };
        let (status, stdout, stderr) =
            wait_with_deadline(&mut child, cmd, interactive, start, on_line);
        if let Some(f) = feeder {
            let _ = f.join();
        }
        drop(secret_files);
        let duration = start.elapsed();

        let status = match status {
            Ok(s) => s,
            Err(Waited::TimedOut) => {
                self.audit_exec(cmd, &shown, "timed out", false, duration)?;
                return Err(Error::Timeout {
                    secs: cmd.timeout.as_secs(),
                    what: cmd.description(),
                }
                .into());
            }
            Err(Waited::Interrupted(sig)) => {
                self.audit_exec(cmd, &shown, "interrupted", false, duration)?;
                anyhow::bail!("interrupted by signal {sig} while running `{shown}`");
            }
        };
        let out = Output {
            status,
            stdout,
            stderr,
            duration,
            ran: true,
        };
        self.audit_exec(cmd, &shown, &status.to_string(), out.success(), duration)?;
        if cmd.check && !out.success() {
            return Err(Error::CommandFailed {
                command: shown,
                status,
                stderr: out.stderr.clone(),
            }
            .into());
        }
        Ok(out)
    }

    /// Starts a command that outlives this process (new session, no stdio), e.g. the work the
    /// libvirt hook hands off. Returns as soon as it is started.
    pub fn spawn_detached(&self, cmd: &Cmd) -> anyhow::Result<()> {
        self.spawn_daemon(cmd).map(|_| ())
    }

    /// Replaces this process with the command (an interactive console). Under `--dry-run` a
    /// mutating command is only printed.
    pub fn exec_replace(&self, cmd: &Cmd) -> anyhow::Result<()> {
        if self.dry_run && cmd.effect == Effect::Mutating {
            self.print_plan(plan_step_for(cmd));
            return Ok(());
        }
        let mut proc = plain_command(cmd, "an exec-replaced command", Placement::Inherit)?;
        self.record_exec(cmd, true);
        let err = proc.exec();
        Err(anyhow::anyhow!("cannot exec `{cmd}`: {err}"))
    }

    /// Performs an in-process state change (a file write, a signal, …) under the same rules as
    /// a mutating command: planned under `--dry-run`, audited otherwise.
    pub fn change<T>(
        &self,
        action: &str,
        description: &str,
        f: impl FnOnce() -> anyhow::Result<T>,
    ) -> anyhow::Result<Option<T>> {
        if self.dry_run {
            self.history.borrow_mut().push(description.to_string());
            self.print_plan(PlanStep {
                dry_run: true,
                action: action.to_string(),
                would_run: description.to_string(),
                node: None,
                what: None,
                stdin: None,
            });
            return Ok(None);
        }
        self.audit.ensure_open()?;
        self.history.borrow_mut().push(description.to_string());
        let start = Instant::now();
        let result = f();
        let ok = result.is_ok();
        let status = match &result {
            Ok(_) => "ok".to_string(),
            Err(e) => format!("error: {e:#}"),
        };
        self.audit.record(AuditEntry {
            action,
            node: None,
            command: description,
            status: &status,
            ok,
            duration_ms: start.elapsed().as_millis(),
            detail: None,
        })?;
        result.map(Some)
    }

    /// Records an applet-level event (an applied change that is not a single command, e.g. the
    /// old and new values of a DNS record) in the audit log. Nothing is written in a dry run.
    pub fn audit_event(
        &self,
        action: &str,
        description: &str,
        detail: &serde_json::Value,
    ) -> anyhow::Result<()> {
        if self.dry_run {
            return Ok(());
        }
        self.audit.record(AuditEntry {
            action,
            node: None,
            command: description,
            status: "ok",
            ok: true,
            duration_ms: 0,
            detail: Some(detail),
        })
    }

    fn audit_exec(
        &self,
        cmd: &Cmd,
        shown: &str,
        status: &str,
        ok: bool,
        d: Duration,
    ) -> anyhow::Result<()> {
        if cmd.effect != Effect::Mutating {
            return Ok(());
        }
        self.audit.record(AuditEntry {
            action: "exec",
            node: cmd.node.as_ref().map(|n| n.name.as_str()),
            command: shown,
            status,
            ok,
            duration_ms: d.as_millis(),
            detail: None,
        })
    }

    fn print_plan(&self, step: PlanStep) {
        let mut out = std::io::stdout().lock();
        if self.json {
            let _ = serde_json::to_writer(&mut out, &step);
            let _ = writeln!(out);
        } else {
            if step.action == "run" {
                let _ = writeln!(out, "would run: {}", step.would_run);
            } else {
                let _ = writeln!(out, "would {}", step.would_run);
            }
            if let Some(w) = &step.what {
                let _ = writeln!(out, "    # {w}");
            }
            if let Some(s) = &step.stdin {
                for l in s.lines() {
                    let _ = writeln!(out, "    | {l}");
                }
            }
        }
        self.plan.borrow_mut().push(step);
    }

    /// Test hook (feature `test-hooks`, test builds only): with DEBVISOR_EXEC_LOG set, one JSON
    /// line per command (run or planned). A release binary never reads the variable.
    fn record_exec(&self, cmd: &Cmd, ran: bool) {
        self.history.borrow_mut().push(cmd.to_string());
        let Some(path) = &self.exec_log else { return };
        let line = serde_json::json!({
            "argv": cmd.display_argv(),
            "effect": cmd.effect,
            "ran": ran,
            "node": cmd.node.as_ref().map(|n| n.name.clone()),
        });
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
        {
            let _ = writeln!(f, "{line}");
        }
    }
}

#[cfg(feature = "test-hooks")]
fn exec_log_path() -> Option<PathBuf> {
    std::env::var_os("DEBVISOR_EXEC_LOG").map(PathBuf::from)
}

#[cfg(not(feature = "test-hooks"))]
fn exec_log_path() -> Option<PathBuf> {
    None
}

fn plan_step_for(cmd: &Cmd) -> PlanStep {
    PlanStep {
        dry_run: true,
        action: "run".into(),
        would_run: cmd.to_string(),
        node: cmd.node.as_ref().map(|n| n.name.clone()),
        what: cmd.what.clone(),
        stdin: match &cmd.input {
            Input::Data(d) => Some(String::from_utf8_lossy(d).into_owned()),
            _ => None,
        },
    }
}

fn is_retryable(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<Error>(),
        Some(Error::CommandFailed { .. } | Error::Timeout { .. })
    )
}

/// Where a spawned process lives relative to us.
#[derive(Clone, Copy)]
pub(crate) enum Placement {
    Inherit,
    OwnGroup,
    NewSession,
}

/// A `std::process::Command` for `cmd` with its program resolved, plain arguments, environment
/// and working directory — for the paths that cannot pass secret files (detached, background,
/// exec-replaced commands outlive the temp file that would hold the secret).
pub(crate) fn plain_command(cmd: &Cmd, kind: &str, place: Placement) -> anyhow::Result<Command> {
    let mut proc = Command::new(resolve_program(&cmd.program)?);
    match place {
        Placement::Inherit => {}
        // Its own process group: a timeout or Ctrl-C can kill it and all its children.
        Placement::OwnGroup => {
            proc.process_group(0);
        }
        // A new session: it outlives us and leaves our terminal.
        Placement::NewSession => {
            // SAFETY: setsid is async-signal-safe.
            unsafe {
                proc.pre_exec(|| {
                    nix::unistd::setsid().map_err(std::io::Error::from)?;
                    Ok(())
                });
            }
        }
    }
    for a in &cmd.args {
        match a {
            Arg::Plain(s) => proc.arg(s),
            Arg::SecretFile(_) => anyhow::bail!("{kind} cannot take a secret file: `{cmd}`"),
        };
    }
    for (k, v) in &cmd.env {
        match v {
            Some(v) => proc.env(k, v),
            None => proc.env_remove(k),
        };
    }
    if let Some(d) = &cmd.cwd {
        proc.current_dir(d);
    }
    Ok(proc)
}

fn resolve_program(program: &std::ffi::OsStr) -> anyhow::Result<PathBuf> {
    let p = Path::new(program);
    if p.components().count() > 1 {
        return Ok(p.to_path_buf());
    }
    which::which(program).map_err(|_| {
        let tool = program.to_string_lossy().into_owned();
        Error::MissingTool {
            package: debian_package(&tool).to_string(),
            tool,
        }
        .into()
    })
}

fn feed_stdin(child: &mut Child, data: Vec<u8>) -> std::thread::JoinHandle<()> {
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // A writer thread: a child that fills its stdout before reading all stdin must not deadlock.
    std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    })
}

enum Waited {
    TimedOut,
    Interrupted(i32),
}

type WaitResult = (Result<Termination, Waited>, String, String);

fn wait_with_deadline(
    child: &mut Child,
    cmd: &Cmd,
    interactive: bool,
    start: Instant,
    on_line: &mut dyn FnMut(Stream, &str),
) -> WaitResult {
    let (tx, rx) = mpsc::channel::<(Stream, Option<String>)>();
    let mut readers = Vec::new();
    if let Some(out) = child.stdout.take() {
        readers.push(spawn_reader(out, Stream::Stdout, tx.clone()));
    }
    if let Some(err) = child.stderr.take() {
        readers.push(spawn_reader(err, Stream::Stderr, tx.clone()));
    }
    drop(tx);
    let deadline = start + cmd.timeout;
    let mut stdout = String::new();
    let mut stderr = String::new();
    let mut open = readers.len();
    let pid = child.id() as i32;

    let outcome: Result<Termination, Waited> = loop {
        if let Some(sig) = interrupt::pending() {
            kill_group(child, pid, interactive);
            break Err(Waited::Interrupted(sig));
        }
        let now = Instant::now();
        if now >= deadline {
            kill_group(child, pid, interactive);
            break Err(Waited::TimedOut);
        }
        if open == 0 {
            match child.try_wait() {
                Ok(Some(st)) => break Ok(termination(st)),
                Ok(None) => {
                    std::thread::sleep(Duration::from_millis(2).min(deadline - now));
                    continue;
                }
                Err(_) => break Ok(Termination::Exited(-1)),
            }
        }
        let wait = (deadline - now).min(Duration::from_millis(100));
        match rx.recv_timeout(wait) {
            Ok((stream, Some(line))) => {
                on_line(stream, line.trim_end_matches(['\n', '\r']));
                match stream {
                    Stream::Stdout => stdout.push_str(&line),
                    Stream::Stderr => stderr.push_str(&line),
                }
            }
            Ok((_, None)) => open -= 1,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => open = 0,
        }
    };
    // Drain whatever the readers still hold (after a kill, the pipes close promptly).
    for r in readers {
        let _ = r.join();
    }
    while let Ok((stream, Some(line))) = rx.try_recv() {
        match stream {
            Stream::Stdout => stdout.push_str(&line),
            Stream::Stderr => stderr.push_str(&line),
        }
    }
    (outcome, stdout, stderr)
}

fn spawn_reader(
    mut r: impl Read + Send + 'static,
    stream: Stream,
    tx: mpsc::Sender<(Stream, Option<String>)>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        let mut pending: Vec<u8> = Vec::new();
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    pending.extend_from_slice(&buf[..n]);
                    while let Some(i) = pending.iter().position(|b| *b == b'\n' || *b == b'\r') {
                        let line: Vec<u8> = pending.drain(..=i).collect();
                        let _ =
                            tx.send((stream, Some(String::from_utf8_lossy(&line).into_owned())));
                    }
                }
            }
        }
        if !pending.is_empty() {
            let _ = tx.send((stream, Some(String::from_utf8_lossy(&pending).into_owned())));
        }
        let _ = tx.send((stream, None));
    })
}

fn kill_group(child: &mut Child, pid: i32, interactive: bool) {
    let target = Pid::from_raw(pid);
    let term = |sig| {
        if interactive {
            let _ = nix::sys::signal::kill(target, sig);
        } else {
            let _ = killpg(target, sig);
        }
    };
    term(Signal::SIGTERM);
    let grace = Instant::now() + Duration::from_secs(3);
    while Instant::now() < grace {
        if let Ok(Some(_)) = child.try_wait() {
            // The leader is gone; make sure no straggler in its group survives.
            if !interactive {
                let _ = killpg(target, Signal::SIGKILL);
            }
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    term(Signal::SIGKILL);
    let _ = child.wait();
}

fn termination(st: std::process::ExitStatus) -> Termination {
    match (st.code(), st.signal()) {
        (Some(c), _) => Termination::Exited(c),
        (None, Some(s)) => Termination::Signaled(s),
        _ => Termination::Exited(-1),
    }
}
