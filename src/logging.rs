//! Logging through `tracing`: human lines on stderr, or native journald fields when stderr is
//! connected to the journal (systemd sets JOURNAL_STREAM). Set up only after argument parsing.

use tracing_subscriber::prelude::*;
use tracing_subscriber::EnvFilter;

/// `identifier` is the journal's SYSLOG_IDENTIFIER: the applet's name, so that
/// `journalctl -t hostname-register` finds what the unit of that name logged (not "debvisor").
///
/// Under journald the level is at least `info` whatever `--quiet` says: the journal is the record
/// of what a unit did (`journalctl -p` filters it, not the source), and the units pass `--quiet`
/// only to keep the human table off it. A hostname-register.service that succeeded at boot must
/// leave a line saying what it registered.
pub fn init(verbose: u8, quiet: bool, identifier: &str) {
    let journal = under_journald();
    let level = level(verbose, quiet, journal);
    let filter = EnvFilter::try_from_env("DEBVISOR_LOG").unwrap_or_else(|_| EnvFilter::new(level));
    let registry = tracing_subscriber::registry().with(filter);
    if journal {
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

fn level(verbose: u8, quiet: bool, journal: bool) -> &'static str {
    match (quiet, verbose, journal) {
        (_, 0, true) => "info",
        (true, _, false) => "error",
        (false, 0, false) => "warn",
        (_, 1, _) => "info",
        _ => "debug",
    }
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

#[cfg(test)]
mod tests {
    use super::level;

    #[test]
    fn the_journal_always_gets_what_a_unit_did() {
        assert_eq!(
            level(0, true, true),
            "info",
            "--quiet keeps only the table off the journal"
        );
        assert_eq!(level(0, false, true), "info");
        assert_eq!(level(2, false, true), "debug");
        assert_eq!(level(0, true, false), "error");
        assert_eq!(level(0, false, false), "warn");
        assert_eq!(level(1, false, false), "info");
    }
}
