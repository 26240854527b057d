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

/// The live (not zombie) processes of process group `pgid`. A daemon started in its own
/// session leads a group its forked children share (websockify forks one per connection, and
/// each child inherits the listening socket), so "stopped" means the whole group is gone.
pub fn group_members(pgid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|s| parse_stat_group(&s))
                .is_some_and(|(state, group)| state != 'Z' && state != 'X' && group == pgid)
        })
        .collect()
}

/// State and process group from a `/proc/PID/stat` line: `pid (comm) state ppid pgrp …`. The
/// command name may itself contain spaces and parentheses, so fields count from the last `)`.
fn parse_stat_group(stat: &str) -> Option<(char, u32)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_ascii_whitespace();
    let state = fields.next()?.chars().next()?;
    let _ppid = fields.next()?;
    let pgrp = fields.next()?.parse().ok()?;
    Some((state, pgrp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_count_from_the_last_parenthesis() {
        assert_eq!(
            parse_stat_group("4242 (web (sock) ify) S 1 4242 4242 0 -1 4194560"),
            Some(('S', 4242))
        );
        assert_eq!(parse_stat_group("17 (x) Z 1 9 9"), Some(('Z', 9)));
        assert_eq!(parse_stat_group("17 (x"), None);
        assert_eq!(parse_stat_group("17 (x) S 1"), None);
        assert_eq!(parse_stat_group(""), None);
    }

    #[test]
    fn this_process_is_in_its_own_group() {
        let me = std::process::id();
        let pgid = parse_stat_group(&std::fs::read_to_string("/proc/self/stat").unwrap())
            .unwrap()
            .1;
        assert!(group_members(pgid).contains(&me));
    }
}
