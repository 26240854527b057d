//! Commands that run while the caller keeps working: start one, poll it, wait for it, kill it.
//! Used for long jobs that are watched from the side (a `virsh migrate` whose progress is read
//! with `domjobinfo` meanwhile) and for running several at once from one thread (an evacuation).
//!
//! Same rules as [`Exec::run`]: dry-run plans mutating commands instead of starting them,
//! mutating commands are audited when they end, the command has a deadline (its whole process
//! group is killed on expiry), stdout/stderr are captured and a non-zero exit is an error
//! unless the command is unchecked. Unlike `run`, a pending Ctrl-C does NOT kill the command:
//! the caller sees it with [`interrupted`] and decides (e.g. abort the migration job cleanly,
//! then verify where the VM runs).

use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::{
    interrupt, kill_group, plain_command, plan_step_for, spawn_reader, termination, Cmd, Effect,
    Exec, Output, Placement, Stream,
};
use crate::error::{Error, Termination};

/// The signal (SIGINT/SIGTERM/SIGHUP) received since start, if any.
pub fn interrupted() -> Option<i32> {
    interrupt::pending()
}

/// A started command. Dropping it while it runs kills its process group.
pub struct Running<'a> {
    exec: &'a Exec,
    cmd: Cmd,
    shown: String,
    child: Option<Child>,
    rx: Option<mpsc::Receiver<(Stream, Option<String>)>>,
    readers: Vec<std::thread::JoinHandle<()>>,
    open: usize,
    stdout: String,
    stderr: String,
    start: Instant,
    planned: bool,
    done: bool,
}

impl Exec {
    /// Starts `cmd` and returns at once. Under `--dry-run` a mutating command is only planned
    /// (the handle then reports a successful, not-run [`Output`] on the first poll).
    pub fn start(&self, cmd: &Cmd) -> anyhow::Result<Running<'_>> {
        let shown = cmd.to_string();
        let mut r = Running {
            exec: self,
            cmd: cmd.clone(),
            shown: shown.clone(),
            child: None,
            rx: None,
            readers: Vec::new(),
            open: 0,
            stdout: String::new(),
            stderr: String::new(),
            start: Instant::now(),
            planned: false,
            done: false,
        };
        if self.dry_run && cmd.effect == Effect::Mutating {
            self.record_exec(cmd, false);
            self.print_plan(plan_step_for(cmd));
            r.planned = true;
            return Ok(r);
        }
        if cmd.node.is_some() {
            anyhow::bail!("background commands run locally only (`{shown}`)");
        }
        let mut proc = plain_command(cmd, "a background command", Placement::OwnGroup)?;
        if cmd.effect == Effect::Mutating {
            self.audit.ensure_open()?;
            tracing::info!(command = %shown, "start");
        } else {
            tracing::debug!(command = %shown, "start (read-only)");
        }
        self.record_exec(cmd, true);
        proc.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        interrupt::install();
        let mut child = proc
            .spawn()
            .with_context(|| format!("cannot start `{shown}`"))?;
        let (tx, rx) = mpsc::channel();
        if let Some(o) = child.stdout.take() {
            r.readers.push(spawn_reader(o, Stream::Stdout, tx.clone()));
        }
        if let Some(e) = child.stderr.take() {
            r.readers.push(spawn_reader(e, Stream::Stderr, tx.clone()));
        }
        r.open = r.readers.len();
        r.rx = Some(rx);
        r.child = Some(child);
        r.start = Instant::now();
        Ok(r)
    }
}

impl Running<'_> {
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    pub fn command(&self) -> &str {
        &self.shown
    }

    /// Whether this was only planned (dry run).
    pub fn planned(&self) -> bool {
        self.planned
    }

    /// Output lines so far.
    pub fn stderr_so_far(&self) -> &str {
        &self.stderr
    }

    fn drain(&mut self) {
        let Some(rx) = &self.rx else { return };
        while let Ok((stream, line)) = rx.try_recv() {
            match line {
                Some(l) => match stream {
                    Stream::Stdout => self.stdout.push_str(&l),
                    Stream::Stderr => self.stderr.push_str(&l),
                },
                None => self.open = self.open.saturating_sub(1),
            }
        }
    }

    /// Non-blocking: `Ok(None)` while it runs; `Ok(Some(output))` once it ended (an error for a
    /// checked command that failed, or when the deadline passed and it was killed).
    pub fn poll(&mut self) -> anyhow::Result<Option<Output>> {
        if self.done {
            anyhow::bail!("`{}` was already collected", self.shown);
        }
        if self.planned {
            self.done = true;
            return Ok(Some(Output::planned()));
        }
        self.drain();
        let Some(child) = self.child.as_mut() else {
            anyhow::bail!("`{}` is not running", self.shown);
        };
        let status = match child.try_wait() {
            Ok(Some(st)) => termination(st),
            Ok(None) => {
                if self.start.elapsed() >= self.cmd.timeout {
                    let pid = child.id() as i32;
                    kill_group(child, pid, false);
                    self.finish_streams();
                    self.done = true;
                    let d = self.start.elapsed();
                    self.audit("timed out", false, d)?;
                    return Err(Error::Timeout {
                        secs: self.cmd.timeout.as_secs(),
                        what: self.cmd.description(),
                    }
                    .into());
                }
                return Ok(None);
            }
            Err(_) => Termination::Exited(-1),
        };
        self.finish_streams();
        self.done = true;
        let duration = self.start.elapsed();
        let out = Output {
            status,
            stdout: std::mem::take(&mut self.stdout),
            stderr: std::mem::take(&mut self.stderr),
            duration,
            ran: true,
        };
        self.audit(&status.to_string(), out.success(), duration)?;
        if self.cmd.check && !out.success() {
            return Err(Error::CommandFailed {
                command: self.shown.clone(),
                status,
                stderr: out.stderr.clone(),
            }
            .into());
        }
        Ok(Some(out))
    }

    /// Blocks until the command ends (polling every 20 ms; Ctrl-C does not interrupt it).
    pub fn wait(mut self) -> anyhow::Result<Output> {
        loop {
            if let Some(o) = self.poll()? {
                return Ok(o);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Terminates the command's process group (SIGTERM, then SIGKILL after 3 s).
    pub fn kill(&mut self) {
        if let Some(child) = self.child.as_mut() {
            if !self.done {
                let pid = child.id() as i32;
                kill_group(child, pid, false);
            }
        }
    }

    fn finish_streams(&mut self) {
        // The process ended; its pipes close (children of it may keep them open briefly).
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.open > 0 && Instant::now() < deadline {
            self.drain();
            if self.open > 0 {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        if self.open == 0 {
            for r in self.readers.drain(..) {
                let _ = r.join();
            }
        }
        self.drain();
    }

    fn audit(&self, status: &str, ok: bool, d: Duration) -> anyhow::Result<()> {
        self.exec.audit_exec(&self.cmd, &self.shown, status, ok, d)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if !self.done && !self.planned {
            self.kill();
            let _ = self.audit("killed (handle dropped)", false, self.start.elapsed());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::AuditLog;

    fn exec(dir: &std::path::Path, dry_run: bool) -> Exec {
        Exec::new(
            dry_run,
            false,
            AuditLog::new(dir.join("audit.jsonl"), "test", &["test".to_string()]),
        )
    }

    #[test]
    fn start_poll_collects_output_and_status() {
        let d = tempfile::tempdir().unwrap();
        let e = exec(d.path(), false);
        let cmd = Cmd::new("sh")
            .args(["-c", "echo hi; sleep 0.3; echo bye >&2; exit 3"])
            .read_only()
            .unchecked();
        let mut r = e.start(&cmd).unwrap();
        assert!(r.poll().unwrap().is_none(), "still running");
        let out = r.wait().unwrap();
        assert_eq!(out.status, Termination::Exited(3));
        assert_eq!(out.stdout, "hi\n");
        assert_eq!(out.stderr, "bye\n");

        // Checked: the failure is an error naming the command and stderr.
        let err = e
            .start(
                &Cmd::new("sh")
                    .args(["-c", "echo nope >&2; exit 1"])
                    .read_only(),
            )
            .unwrap()
            .wait()
            .unwrap_err();
        assert!(format!("{err:#}").contains("nope"), "{err:#}");
    }

    #[test]
    fn deadline_kills_and_mutations_are_audited_or_planned() {
        let d = tempfile::tempdir().unwrap();
        let e = exec(d.path(), false);
        let t0 = Instant::now();
        let err = e
            .start(
                &Cmd::new("sleep")
                    .arg("30")
                    .read_only()
                    .timeout(Duration::from_millis(300)),
            )
            .unwrap()
            .wait()
            .unwrap_err();
        assert!(matches!(
            err.downcast_ref::<Error>(),
            Some(Error::Timeout { .. })
        ));
        assert!(t0.elapsed() < Duration::from_secs(10));

        e.start(&Cmd::new("true")).unwrap().wait().unwrap();
        let audit = std::fs::read_to_string(d.path().join("audit.jsonl")).unwrap();
        assert!(audit.contains("\"command\":\"true\""), "{audit}");

        let dry = exec(d.path(), true);
        let mut r = dry
            .start(&Cmd::new("touch").arg(d.path().join("x")))
            .unwrap();
        assert!(r.planned());
        assert!(!r.poll().unwrap().unwrap().ran);
        assert!(!d.path().join("x").exists());
    }
}
