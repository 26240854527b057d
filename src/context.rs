//! What every applet receives: the global flags, the configuration (loaded lazily, after
//! argument parsing, so `--help` and `--version` never touch the disk) and the execution layer.

use std::cell::OnceCell;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use crate::config::{Config, General};
use crate::error::Error;
use crate::exec::{AuditLog, Exec};
use crate::lock::{self, LockGuard};

#[derive(Debug, Clone, Default)]
pub struct GlobalFlags {
    pub dry_run: bool,
    pub json: bool,
    pub verbose: u8,
    pub quiet: bool,
    pub yes: bool,
    pub config: Option<PathBuf>,
}

pub struct Ctx {
    pub applet: &'static str,
    pub argv: Vec<String>,
    pub flags: GlobalFlags,
    config: OnceCell<Config>,
    exec: OnceCell<Exec>,
}

impl Ctx {
    pub fn new(applet: &'static str, argv: Vec<String>, flags: GlobalFlags) -> Self {
        Ctx {
            applet,
            argv,
            flags,
            config: OnceCell::new(),
            exec: OnceCell::new(),
        }
    }

    pub fn dry_run(&self) -> bool {
        self.flags.dry_run
    }

    pub fn json(&self) -> bool {
        self.flags.json
    }

    pub fn config(&self) -> anyhow::Result<&Config> {
        if let Some(c) = self.config.get() {
            return Ok(c);
        }
        let c = Config::load(self.flags.config.as_deref())?;
        Ok(self.config.get_or_init(|| c))
    }

    pub fn general(&self) -> anyhow::Result<General> {
        self.config()?.general()
    }

    pub fn exec(&self) -> anyhow::Result<&Exec> {
        if let Some(e) = self.exec.get() {
            return Ok(e);
        }
        let general = self.general()?;
        let audit = AuditLog::new(general.audit_log, self.applet, &self.argv);
        let e = Exec::new(self.flags.dry_run, self.flags.json, audit);
        Ok(self.exec.get_or_init(|| e))
    }

    /// Guards a destructive step: allowed with `--yes`, planned-only under `--dry-run`, asked
    /// interactively on a terminal, refused otherwise.
    pub fn confirm(&self, what: &str) -> anyhow::Result<()> {
        if self.flags.yes || self.flags.dry_run {
            return Ok(());
        }
        if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            eprint!("{what}\nType 'yes' to continue: ");
            let mut answer = String::new();
            std::io::stdin().read_line(&mut answer)?;
            if answer.trim().eq_ignore_ascii_case("yes") {
                return Ok(());
            }
            return Err(Error::Refused(format!("{what}: not confirmed")).into());
        }
        Err(Error::Refused(format!(
            "{what}: destructive step needs --yes when not run from a terminal"
        ))
        .into())
    }

    /// Takes this applet's lock (or a named one) for the duration of the guard.
    /// Skipped under `--dry-run`, which changes nothing.
    pub fn lock(&self, name: &str, wait: Duration) -> anyhow::Result<Option<LockGuard>> {
        if self.flags.dry_run {
            return Ok(None);
        }
        let dir = self.general()?.lock_dir;
        lock::acquire(&dir, name, wait).map(Some)
    }

    /// Another applet of this binary as one command (`debvisor hostname-register …`), passing on
    /// the configuration file this run uses.
    pub fn applet_cmd(&self, applet: &str) -> anyhow::Result<crate::exec::Cmd> {
        Ok(crate::tools::debvisor::applet(
            &std::env::current_exe()?,
            applet,
            self.flags.config.as_deref(),
        ))
    }

    /// Whether progress bars may be drawn: stderr is a terminal, and neither `--json` nor
    /// `--quiet` asked for silence.
    pub fn progress_allowed(&self) -> bool {
        !self.flags.json && !self.flags.quiet && std::io::stderr().is_terminal()
    }
}
