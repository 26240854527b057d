//! zpool: the ZFS pool command. Builds `Cmd` values; parsing lives in `model::zfs`.

use crate::exec::Cmd;
use crate::model::zfs::LIST_COLUMNS;

/// `zpool list -Hp -o name,size,alloc,free,frag,cap,dedup,health [POOL…]`
pub fn list(pools: &[String]) -> Cmd {
    Cmd::new("zpool")
        .args(["list", "-H", "-p", "-o", LIST_COLUMNS])
        .args(pools)
        .read_only()
        .timeout_secs(30)
        .what("`zpool list`")
}

/// `zpool list -H -o name`: the imported pools.
pub fn names() -> Cmd {
    Cmd::new("zpool")
        .args(["list", "-H", "-o", "name"])
        .read_only()
        .timeout_secs(30)
        .what("`zpool list`")
}

/// `zpool status -p [POOL…]` (exact numbers in the error columns).
pub fn status(pools: &[String]) -> Cmd {
    Cmd::new("zpool")
        .args(["status", "-p"])
        .args(pools)
        .read_only()
        .timeout_secs(30)
        .what("`zpool status`")
}

/// `zpool scrub POOL`: starts a scrub and returns at once.
pub fn scrub(pool: &str) -> Cmd {
    Cmd::new("zpool")
        .args(["scrub", pool])
        .timeout_secs(60)
        .what(format!("starting a scrub of {pool}"))
}

/// `zpool wait -t scrub POOL` (OpenZFS ≥ 2.0): blocks until the scrub ends. Read-only: it
/// changes nothing. The deadline kills the wait, never the scrub.
pub fn wait_scrub(pool: &str, timeout_secs: u64) -> Cmd {
    Cmd::new("zpool")
        .args(["wait", "-t", "scrub", pool])
        .read_only()
        .timeout_secs(timeout_secs)
        .what(format!("the scrub of {pool} to finish"))
}
