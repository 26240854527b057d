//! apt-get on a cluster node over ssh: refresh the lists, simulate, upgrade. The program is
//! `[upgrade] apt_get` (default `apt-get`).

use crate::exec::{Cmd, Node};

/// `apt-get update` on the node.
pub fn update(apt: &str, node: &Node) -> Cmd {
    Cmd::new(apt)
        .arg("update")
        .on(node)
        .timeout_secs(600)
        .what(format!("apt-get update on {}", node.name))
}

/// `apt-get -s -o Debug::NoLocking=1 dist-upgrade`: what an upgrade would change, without the
/// dpkg lock (read-only; parse with `model::upgrade::parse_apt_simulation`).
pub fn simulate_dist_upgrade(apt: &str, node: &Node) -> Cmd {
    Cmd::new(apt)
        .args(["-s", "-o", "Debug::NoLocking=1", "dist-upgrade"])
        .on(node)
        .read_only()
        .timeout_secs(300)
        .what(format!("simulating the upgrade on {}", node.name))
}

/// `env DEBIAN_FRONTEND=noninteractive apt-get -y -o Dpkg::Options::=--force-confold -o
/// Dpkg::Options::=--force-confdef dist-upgrade`: unattended, keeping changed conffiles.
pub fn dist_upgrade(apt: &str, node: &Node) -> Cmd {
    Cmd::new("env")
        .args([
            "DEBIAN_FRONTEND=noninteractive",
            apt,
            "-y",
            "-o",
            "Dpkg::Options::=--force-confold",
            "-o",
            "Dpkg::Options::=--force-confdef",
            "dist-upgrade",
        ])
        .on(node)
        .timeout_secs(3600)
        .what(format!("upgrading packages on {}", node.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::Effect;

    #[test]
    fn commands() {
        let n = Node::new("hv2".to_string(), "10.0.0.2".to_string());
        assert_eq!(update("apt-get", &n).to_string(), "[hv2] apt-get update");
        let s = simulate_dist_upgrade("apt-get", &n);
        assert_eq!(s.effect(), Effect::ReadOnly);
        let u = dist_upgrade("apt-get", &n);
        assert!(u
            .to_string()
            .starts_with("[hv2] env DEBIAN_FRONTEND=noninteractive apt-get -y"));
        assert_eq!(u.effect(), Effect::Mutating);
    }
}
