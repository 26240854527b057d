//! zfs: the ZFS dataset command (pools are `tools::zpool`).

use crate::exec::Cmd;

/// `zfs list -H -o name -r POOL`: the pool's datasets, one name a line (unchecked: a missing
/// pool lists nothing).
pub fn list_names_recursive(pool: &str) -> Cmd {
    Cmd::new("zfs")
        .args(["list", "-H", "-o", "name", "-r", pool])
        .read_only()
        .unchecked()
        .timeout_secs(30)
}

/// `zfs create -o mountpoint=MOUNTPOINT NAME`.
pub fn create(name: &str, mountpoint: &str) -> Cmd {
    Cmd::new("zfs")
        .args(["create", "-o"])
        .arg(format!("mountpoint={mountpoint}"))
        .arg(name)
        .timeout_secs(60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::Effect;

    #[test]
    fn commands() {
        let l = list_names_recursive("tank");
        assert_eq!(l.to_string(), "zfs list -H -o name -r tank");
        assert_eq!(l.effect(), Effect::ReadOnly);
        let c = create("tank/vms", "/srv/vms");
        assert_eq!(c.to_string(), "zfs create -o mountpoint=/srv/vms tank/vms");
        assert_eq!(c.effect(), Effect::Mutating);
    }
}
