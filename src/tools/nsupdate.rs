//! nsupdate: sends DNS UPDATE messages. The script goes on stdin (never a file an attacker
//! could swap, never argv); the TSIG key is passed as `-k KEYFILE` (never `-y`, which puts the
//! secret on the command line); always TCP (`-v`) with explicit timeouts.

use std::path::Path;

use crate::exec::{Cmd, Output};
use crate::model::dns_nsupdate::{diagnose, reply_statuses, Diagnosis};

#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// `-t`: whole-update timeout (TCP), seconds.
    pub total: u64,
    /// `-u`: UDP retry interval, seconds.
    pub udp: u64,
    /// `-r`: UDP retries.
    pub retries: u64,
}

/// `nsupdate -v -t T -u U -r R -k KEYFILE` reading `script` on stdin.
pub fn update(key_file: &Path, script: String, t: Timeouts, what: impl Into<String>) -> Cmd {
    Cmd::new("nsupdate")
        .arg("-v")
        .args(["-t", &t.total.to_string()])
        .args(["-u", &t.udp.to_string()])
        .args(["-r", &t.retries.to_string()])
        .arg("-k")
        .arg(key_file)
        .stdin(script)
        .env("LC_ALL", "C")
        .timeout_secs(t.total * 2 + 10)
        .unchecked()
        .what(what)
}

/// The result of one nsupdate run with `messages` sends.
#[derive(Debug)]
pub struct Outcome {
    /// One status per reply received, in order.
    pub statuses: Vec<String>,
    /// None when every message got a NOERROR reply.
    pub failure: Option<Diagnosis>,
}

/// Judges a run: success only when nsupdate exited 0 AND every message was answered NOERROR
/// (nsupdate exits 0 for a script that never sent anything).
pub fn outcome(out: &Output, messages: usize, server: &str, key_file: &Path) -> Outcome {
    let statuses = reply_statuses(&out.stdout);
    let all_ok =
        out.success() && statuses.len() == messages && statuses.iter().all(|s| s == "NOERROR");
    let failure = (!all_ok).then(|| {
        diagnose(
            &out.stderr,
            &statuses,
            server,
            &key_file.display().to_string(),
        )
    });
    Outcome { statuses, failure }
}
