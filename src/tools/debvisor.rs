//! debvisor: this toolbox as a command — its version on a cluster node, and the vm-register
//! jobs the libvirt hook hands off. (dns-update, called by the registration applets, has its
//! own module: `dns_update_cli`.)

use crate::exec::{Cmd, Node};

/// `EXE APPLET [--config FILE]`: another applet of this binary, with the configuration file
/// this run uses (see `Ctx::applet_cmd`).
pub fn applet(exe: &std::path::Path, applet: &str, config: Option<&std::path::Path>) -> Cmd {
    let c = Cmd::new(exe).arg(applet);
    match config {
        Some(cfg) => c.arg("--config").arg(cfg),
        None => c,
    }
}

/// `debvisor --version` on a cluster node over ssh (unchecked: the caller tells ssh's 255,
/// "unreachable", from a missing toolbox). Parse with `model::join::parse_version`.
pub fn version(prog: &str, node: &Node) -> Cmd {
    Cmd::new(prog)
        .arg("--version")
        .on(node)
        .read_only()
        .unchecked()
        .timeout_secs(30)
        .what(format!("the toolbox version on {}", node.name))
}

/// `… vm-register --wait DOMAIN --mac MAC…`: registers a started domain once it has an address.
/// `vm_register` is this binary's vm-register applet (`Ctx::applet_cmd("vm-register")`).
pub fn vm_register_wait(vm_register: Cmd, domain: &str, macs: &[String]) -> Cmd {
    let mut c = vm_register.args(["--wait", domain]);
    for mac in macs {
        c = c.arg("--mac").arg(mac);
    }
    c.what(format!("register {domain} in DNS once it has an address"))
}

/// `… vm-register --delete DOMAIN`: removes a released domain from DNS.
pub fn vm_register_delete(vm_register: Cmd, domain: &str) -> Cmd {
    vm_register
        .args(["--delete", domain])
        .what(format!("remove {domain} from DNS"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::Effect;

    #[test]
    fn commands() {
        let n = Node::new("hv1".to_string(), "10.0.0.1".to_string());
        let v = version("debvisor", &n);
        assert_eq!(v.to_string(), "[hv1] debvisor --version");
        assert_eq!(v.effect(), Effect::ReadOnly);
        let base = || Cmd::new("/usr/bin/debvisor").arg("vm-register");
        let w = vm_register_wait(base(), "web1", &["52:54:00:00:00:01".to_string()]);
        assert_eq!(
            w.to_string(),
            "/usr/bin/debvisor vm-register --wait web1 --mac 52:54:00:00:00:01"
        );
        assert_eq!(w.effect(), Effect::Mutating);
        assert_eq!(
            vm_register_delete(base(), "web1").to_string(),
            "/usr/bin/debvisor vm-register --delete web1"
        );
    }
}
