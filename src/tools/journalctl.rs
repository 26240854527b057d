//! journalctl: the recent journal of units (health-check's diagnostics bundle).

use crate::exec::Cmd;

/// `journalctl --no-pager -o short-iso -n LINES -u UNIT…` (read-only, unchecked: a unit that
/// never logged is not an error).
pub fn units_tail(units: &[String], lines: u32) -> Cmd {
    let mut c = Cmd::new("journalctl").args(["--no-pager", "-o", "short-iso", "-n"]);
    c = c.arg(lines.to_string());
    for u in units {
        c = c.arg("-u").arg(u);
    }
    c.read_only()
        .unchecked()
        .timeout_secs(60)
        .what("the journal of the debvisor units")
}
