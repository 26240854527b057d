//! zpool: the ZFS pool command. Builds `Cmd` values; parsing lives in `model::zfs`. Datasets
//! (`zfs …`) are in `tools::zfs`.

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

/// `zpool list -H -o name POOL` (unchecked: the exit status says whether the pool is imported).
pub fn exists(pool: &str) -> Cmd {
    Cmd::new("zpool")
        .args(["list", "-H", "-o", "name", pool])
        .read_only()
        .unchecked()
        .timeout_secs(30)
}

/// `zpool create -o ashift=12 -O compression=lz4 -O atime=off -m none POOL [VDEV] DEVICE…`:
/// 4 KiB sectors, lz4, no atime, no mountpoint of its own (datasets set theirs). `vdev` is the
/// layout (`mirror`, `raidz1`) or None for a single disk.
pub fn create<I, S>(pool: &str, vdev: Option<&str>, devices: I) -> Cmd
where
    I: IntoIterator<Item = S>,
    S: Into<std::ffi::OsString>,
{
    let mut c = Cmd::new("zpool")
        .args([
            "create",
            "-o",
            "ashift=12",
            "-O",
            "compression=lz4",
            "-O",
            "atime=off",
            "-m",
            "none",
            pool,
        ])
        .timeout_secs(300)
        .what(format!("creating ZFS pool {pool}"));
    if let Some(v) = vdev {
        c = c.arg(v);
    }
    c.args(devices)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::Effect;

    #[test]
    fn commands() {
        assert_eq!(exists("tank").to_string(), "zpool list -H -o name tank");
        assert_eq!(exists("tank").effect(), Effect::ReadOnly);
        let c = create("tank", Some("mirror"), ["/dev/sdb", "/dev/sdc"]);
        assert_eq!(
            c.to_string(),
            "zpool create -o ashift=12 -O compression=lz4 -O atime=off -m none tank mirror /dev/sdb /dev/sdc"
        );
        assert_eq!(c.effect(), Effect::Mutating);
        assert!(create("tank", None, ["/dev/sdb"])
            .to_string()
            .ends_with("none tank /dev/sdb"));
    }
}
