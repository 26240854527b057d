//! The process table (`/proc/PID/cmdline`): is a PID still the process we started? A read,
//! not a spawn.

/// The command line of a live process (`None` for a dead process or a zombie).
pub fn proc_cmdline(pid: u32) -> Option<Vec<String>> {
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    if raw.is_empty() {
        return None;
    }
    Some(
        raw.split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect(),
    )
}
