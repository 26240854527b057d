//! Running command values on other cluster nodes over ssh.
//!
//! One multiplexed connection per node (ControlMaster/ControlPersist), host keys checked
//! (StrictHostKeyChecking=yes), never a password prompt (BatchMode). The remote command line is
//! quoted here, once, by the layer: applets never build shell strings.

use std::ffi::OsString;
use std::path::PathBuf;

use serde::Deserialize;

use super::command::{Arg, Cmd, Input};
use super::quote::quote;

/// A cluster node reachable over ssh.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Name used in plans, logs and `--node` flags.
    pub name: String,
    /// Address or host name for ssh.
    pub host: String,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub port: Option<u16>,
    #[serde(default)]
    pub identity_file: Option<PathBuf>,
    #[serde(default)]
    pub known_hosts: Option<PathBuf>,
}

impl Node {
    pub fn new(name: impl Into<String>, host: impl Into<String>) -> Self {
        Node {
            name: name.into(),
            host: host.into(),
            user: None,
            port: None,
            identity_file: None,
            known_hosts: None,
        }
    }
}

/// Turns a command meant for `node` into the local ssh command that runs it there.
/// Secret files become a remote private temp file fed from stdin, so the secret never
/// appears on either command line.
pub(crate) fn wrap(cmd: &Cmd, node: &Node, control_dir: &std::path::Path) -> anyhow::Result<Cmd> {
    let mut words: Vec<String> = Vec::new();
    if let Some(dir) = &cmd.cwd {
        words.push(format!("cd {} &&", quote(&dir.to_string_lossy())));
    }
    let mut env_words = Vec::new();
    for (k, v) in &cmd.env {
        match v {
            Some(v) => env_words.push(format!(
                "{}={}",
                k.to_string_lossy(),
                quote(&v.to_string_lossy())
            )),
            None => env_words.push(format!("-u {}", k.to_string_lossy())),
        }
    }
    if !env_words.is_empty() {
        words.push(format!("env {}", env_words.join(" ")));
    }
    words.push(quote(&cmd.program.to_string_lossy()));

    let mut secret = None;
    for a in &cmd.args {
        match a {
            Arg::Plain(s) => words.push(quote(&s.to_string_lossy())),
            Arg::SecretFile(s) => {
                if secret.is_some() {
                    anyhow::bail!("a remote command can carry at most one secret file: {cmd}");
                }
                secret = Some(s.clone());
                words.push("\"$f\"".to_string());
            }
        }
    }
    let mut line = words.join(" ");
    let mut input = cmd.input.clone();
    if let Some(s) = secret {
        if !matches!(cmd.input, Input::Null) {
            anyhow::bail!("a remote command with a secret file cannot also read stdin: {cmd}");
        }
        line = format!(
            "umask 077; f=$(mktemp) || exit 1; trap 'rm -f \"$f\"' EXIT; cat >\"$f\" && {line}"
        );
        line = format!("sh -c {}", quote(&line));
        input = Input::Secret(s);
    }

    let mut ssh = Cmd::new("ssh");
    ssh.args = ssh_options(node, control_dir)
        .into_iter()
        .map(Arg::Plain)
        .collect();
    ssh.args.push(Arg::Plain("--".into()));
    ssh.args.push(Arg::Plain(line.into()));
    ssh.input = input;
    ssh.timeout = cmd.timeout;
    ssh.effect = cmd.effect;
    ssh.retries = cmd.retries;
    ssh.retry_delay = cmd.retry_delay;
    ssh.check = cmd.check;
    ssh.what = cmd.what.clone();
    Ok(ssh)
}

fn ssh_options(node: &Node, control_dir: &std::path::Path) -> Vec<OsString> {
    let mut o: Vec<OsString> = vec![
        "-o".into(),
        "BatchMode=yes".into(),
        "-o".into(),
        "StrictHostKeyChecking=yes".into(),
        "-o".into(),
        "ConnectTimeout=10".into(),
        "-o".into(),
        "ServerAliveInterval=15".into(),
        "-o".into(),
        "ControlMaster=auto".into(),
        "-o".into(),
        format!("ControlPath={}/%C", control_dir.display()).into(),
        "-o".into(),
        "ControlPersist=120".into(),
    ];
    if let Some(kh) = &node.known_hosts {
        o.push("-o".into());
        o.push(format!("UserKnownHostsFile={}", kh.display()).into());
    }
    if let Some(id) = &node.identity_file {
        o.push("-i".into());
        o.push(id.into());
        o.push("-o".into());
        o.push("IdentitiesOnly=yes".into());
    }
    if let Some(p) = node.port {
        o.push("-p".into());
        o.push(p.to_string().into());
    }
    if let Some(u) = &node.user {
        o.push("-l".into());
        o.push(u.into());
    }
    o.push(node.host.clone().into());
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::command::Secret;

    #[test]
    fn remote_line_is_quoted_once_by_the_layer() {
        let n = Node::new("node2", "10.0.0.2");
        let c = Cmd::new("virsh")
            .args(["domstate", "vm; reboot"])
            .read_only();
        let w = wrap(&c, &n, std::path::Path::new("/run/x")).unwrap();
        let argv = w.display_argv();
        assert_eq!(argv[0], "ssh");
        assert!(argv.contains(&"BatchMode=yes".to_string()));
        assert!(argv.contains(&"StrictHostKeyChecking=yes".to_string()));
        assert_eq!(argv.last().unwrap(), "virsh domstate 'vm; reboot'");
        assert_eq!(w.effect(), crate::exec::Effect::ReadOnly);
    }

    #[test]
    fn secrets_travel_on_stdin_not_argv() {
        let n = Node::new("n", "h");
        let c = Cmd::new("nsupdate")
            .arg("-k")
            .secret_file_arg(Secret::new("TOPSECRET"));
        let w = wrap(&c, &n, std::path::Path::new("/run/x")).unwrap();
        let line = w.display_argv().join(" ");
        assert!(!line.contains("TOPSECRET"));
        assert!(line.contains("mktemp"));
        assert!(matches!(w.input, Input::Secret(_)));
    }
}
