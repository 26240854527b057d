//! Logging through `tracing`: human lines on stderr, or native journald fields when stderr is
//! connected to the journal (systemd sets JOURNAL_STREAM). Set up only after argument parsing.

use tracing_subscriber::prelude::*;
use tracing_subscriber::EnvFilter;

/// `identifier` is the journal's SYSLOG_IDENTIFIER: the applet's name, so that
/// `journalctl -t hostname-register` finds what the unit of that name logged (not "debvisor").
pub fn init(verbose: u8, quiet: bool, identifier: &str) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        _ => "debug",
    };
    let filter = EnvFilter::try_from_env("DEBVISOR_LOG").unwrap_or_else(|_| EnvFilter::new(level));
    let registry = tracing_subscriber::registry().with(filter);
    if under_journald() {
        if let Ok(layer) = tracing_journald::layer() {
            let _ = registry
                .with(layer.with_syslog_identifier(identifier.to_string()))
                .try_init();
            return;
        }
    }
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let _ = registry.with(fmt).try_init();
}

/// systemd.exec(5): JOURNAL_STREAM is "DEVICE:INODE" of stderr when it is the journal.
fn under_journald() -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(v) = std::env::var("JOURNAL_STREAM") else {
        return false;
    };
    let Some((dev, ino)) = v.split_once(':') else {
        return false;
    };
    let Ok(meta) = std::fs::metadata("/proc/self/fd/2") else {
        return false;
    };
    dev.parse::<u64>().ok() == Some(meta.dev()) && ino.parse::<u64>().ok() == Some(meta.ino())
}
