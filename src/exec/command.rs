//! A command as a value: what to run, where, with what input, for how long, and whether it
//! changes state. Building one has no effect; only [`super::Exec`] runs it.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::quote::quote;
use super::remote::Node;

/// Default deadline for a command that does not set its own: no wait is unbounded.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// A secret value: never printed, logged, or placed on a command line.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Secret(bytes.into())
    }
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// One argv element.
#[derive(Debug, Clone)]
pub enum Arg {
    Plain(OsString),
    /// The execution layer writes the secret to a private 0600 file and passes that file's
    /// path here; the file is removed when the command ends.
    SecretFile(Secret),
}

/// What the child reads on stdin.
#[derive(Debug, Clone, Default)]
pub enum Input {
    #[default]
    Null,
    Data(Vec<u8>),
    Secret(Secret),
    /// The caller's own stdin (interactive tools such as a serial console).
    Inherit,
}

/// Whether running the command can change the state of the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Safe to run under `--dry-run`; not audited.
    ReadOnly,
    /// Printed instead of run under `--dry-run`; audited when run.
    Mutating,
}

#[derive(Debug, Clone)]
pub struct Cmd {
    pub(crate) program: OsString,
    pub(crate) args: Vec<Arg>,
    pub(crate) env: Vec<(OsString, Option<OsString>)>,
    pub(crate) cwd: Option<PathBuf>,
    pub(crate) input: Input,
    pub(crate) timeout: Duration,
    pub(crate) effect: Effect,
    pub(crate) retries: u32,
    pub(crate) retry_delay: Duration,
    pub(crate) check: bool,
    pub(crate) what: Option<String>,
    pub(crate) node: Option<Node>,
}

impl Cmd {
    /// A new command. It is treated as mutating until marked [`Cmd::read_only`]: forgetting the
    /// mark makes a dry run print too much, never run too much.
    pub fn new(program: impl Into<OsString>) -> Self {
        Cmd {
            program: program.into(),
            args: Vec::new(),
            env: Vec::new(),
            cwd: None,
            input: Input::Null,
            timeout: DEFAULT_TIMEOUT,
            effect: Effect::Mutating,
            retries: 0,
            retry_delay: Duration::from_millis(500),
            check: true,
            what: None,
            node: None,
        }
    }

    pub fn arg(mut self, a: impl Into<OsString>) -> Self {
        self.args.push(Arg::Plain(a.into()));
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args
            .extend(args.into_iter().map(|a| Arg::Plain(a.into())));
        self
    }

    /// Passes a secret as the path of a private file holding it (e.g. `nsupdate -k FILE`).
    pub fn secret_file_arg(mut self, s: Secret) -> Self {
        self.args.push(Arg::SecretFile(s));
        self
    }

    pub fn env(mut self, k: impl Into<OsString>, v: impl Into<OsString>) -> Self {
        self.env.push((k.into(), Some(v.into())));
        self
    }

    pub fn env_remove(mut self, k: impl Into<OsString>) -> Self {
        self.env.push((k.into(), None));
        self
    }

    pub fn cwd(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = Some(dir.into());
        self
    }

    pub fn stdin(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.input = Input::Data(data.into());
        self
    }

    pub fn secret_stdin(mut self, s: Secret) -> Self {
        self.input = Input::Secret(s);
        self
    }

    pub fn inherit_stdin(mut self) -> Self {
        self.input = Input::Inherit;
        self
    }

    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    pub fn timeout_secs(self, secs: u64) -> Self {
        self.timeout(Duration::from_secs(secs))
    }

    pub fn read_only(mut self) -> Self {
        self.effect = Effect::ReadOnly;
        self
    }

    pub fn mutating(mut self) -> Self {
        self.effect = Effect::Mutating;
        self
    }

    /// Declares the command idempotent and allows `attempts` retries with exponential backoff
    /// (starting at `delay`, doubling, capped at 30 s). Never used for non-idempotent commands.
    pub fn idempotent_retries(mut self, attempts: u32, delay: Duration) -> Self {
        self.retries = attempts;
        self.retry_delay = delay;
        self
    }

    /// Do not turn a non-zero exit status into an error; the caller inspects it (for tools whose
    /// exit status is data, such as `qemu-img compare` or `nft -c`).
    pub fn unchecked(mut self) -> Self {
        self.check = false;
        self
    }

    /// Describes what the command is for; used in plans and in "timed out waiting for …".
    pub fn what(mut self, what: impl Into<String>) -> Self {
        self.what = Some(what.into());
        self
    }

    /// Runs the command on another cluster node over ssh instead of locally.
    pub fn on(mut self, node: &Node) -> Self {
        self.node = Some(node.clone());
        self
    }

    pub fn effect(&self) -> Effect {
        self.effect
    }

    pub fn program(&self) -> &std::ffi::OsStr {
        &self.program
    }

    pub fn node(&self) -> Option<&Node> {
        self.node.as_ref()
    }

    /// argv as it will be shown: secrets replaced by a placeholder.
    pub fn display_argv(&self) -> Vec<String> {
        let mut v = vec![self.program.to_string_lossy().into_owned()];
        for a in &self.args {
            v.push(match a {
                Arg::Plain(s) => s.to_string_lossy().into_owned(),
                Arg::SecretFile(_) => "<secret-file>".to_string(),
            });
        }
        v
    }

    pub fn description(&self) -> String {
        self.what.clone().unwrap_or_else(|| format!("`{self}`"))
    }
}

/// The exact, shell-escaped command line (secrets masked), prefixed by environment changes
/// and the node when remote.
impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(node) = &self.node {
            write!(f, "[{}] ", node.name)?;
        }
        if let Some(dir) = &self.cwd {
            write!(f, "cd {} && ", quote(&dir.to_string_lossy()))?;
        }
        for (k, v) in &self.env {
            match v {
                Some(v) => write!(
                    f,
                    "{}={} ",
                    k.to_string_lossy(),
                    quote(&v.to_string_lossy())
                )?,
                None => write!(f, "-u {} ", k.to_string_lossy())?,
            }
        }
        let argv = self.display_argv();
        let mut first = true;
        for a in &argv {
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            if a == "<secret-file>" {
                f.write_str(a)?;
            } else {
                f.write_str(&quote(a))?;
            }
        }
        match &self.input {
            Input::Secret(_) => f.write_str(" < <secret>"),
            Input::Data(d) => write!(f, " < <{} bytes>", d.len()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_exact_quoted_line_and_masks_secrets() {
        let c = Cmd::new("nsupdate")
            .args(["-t", "5"])
            .secret_file_arg(Secret::new("c2VjcmV0"))
            .arg("zone name; rm")
            .env("LC_ALL", "C");
        let s = c.to_string();
        assert_eq!(s, "LC_ALL=C nsupdate -t 5 <secret-file> 'zone name; rm'");
        assert!(!format!("{c:?}").contains("c2VjcmV0"));
    }

    #[test]
    fn unmarked_commands_are_mutating() {
        assert_eq!(Cmd::new("virsh").effect(), Effect::Mutating);
        assert_eq!(Cmd::new("virsh").read_only().effect(), Effect::ReadOnly);
    }
}
