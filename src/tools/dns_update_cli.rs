//! The `dns-update` applet, called as a separate program (`debvisor dns-update …`) by
//! hostname-register and vm-register, so each registration is one audited command with its own
//! deadline, and the applets stay independent of dns-update's internals.
//!
//! CLI contract used here (fixed between the applets):
//!   dns-update NAME ADDR [--ttl N]       add or replace A/AAAA (+PTR)
//!   dns-update --delete NAME [ADDR]      delete
//!   … --owner TAG                         (with `owner`) the TXT ownership tag

use std::ffi::OsString;
use std::net::IpAddr;

use crate::exec::Cmd;

/// The program (and leading arguments) that runs dns-update. Configurable so a site can add
/// `--server`/`--zone`/`--key-file`, and tests can point it at a recorder.
#[derive(Debug, Clone)]
pub struct DnsUpdate {
    argv: Vec<OsString>,
    owner: Option<String>,
}

impl DnsUpdate {
    /// `configured` empty → this very binary: `<current exe> dns-update`.
    pub fn new(configured: &[String]) -> anyhow::Result<Self> {
        let argv = if configured.is_empty() {
            let exe = std::env::current_exe()
                .map_err(|e| anyhow::anyhow!("cannot locate this binary for dns-update: {e}"))?;
            vec![exe.into_os_string(), "dns-update".into()]
        } else {
            configured.iter().map(OsString::from).collect()
        };
        Ok(DnsUpdate { argv, owner: None })
    }

    /// Registers and deletes as `tag` (dns-update `--owner`): a delete then leaves names that
    /// another owner registered since.
    pub fn owner(mut self, tag: Option<String>) -> Self {
        self.owner = tag;
        self
    }

    fn base(&self) -> Cmd {
        Cmd::new(&self.argv[0])
            .args(&self.argv[1..])
            .timeout_secs(120)
    }

    fn with_owner(&self, c: Cmd) -> Cmd {
        match &self.owner {
            Some(t) => c.arg("--owner").arg(t),
            None => c,
        }
    }

    /// Add or replace NAME → ADDR.
    pub fn add(&self, name: &str, addr: IpAddr, ttl: Option<u32>) -> Cmd {
        let mut c = self.base().arg(name).arg(addr.to_string());
        if let Some(t) = ttl {
            c = c.arg("--ttl").arg(t.to_string());
        }
        self.with_owner(c)
            .what(format!("dns-update to register {name} -> {addr}"))
    }

    /// Delete NAME (only ADDR's records when given).
    pub fn delete(&self, name: &str, addr: Option<IpAddr>) -> Cmd {
        let mut c = self.base().arg("--delete").arg(name);
        if let Some(a) = addr {
            c = c.arg(a.to_string());
        }
        self.with_owner(c)
            .what(format!("dns-update to remove {name}"))
    }
}

/// The NAME argument for an FQDN: relative to `zone` when inside it (`node1`), otherwise the
/// absolute name with a trailing dot.
pub fn name_in_zone(fqdn: &str, zone: Option<&str>) -> String {
    let fqdn = fqdn.trim_end_matches('.');
    if let Some(z) = zone
        .map(|z| z.trim_end_matches('.'))
        .filter(|z| !z.is_empty())
    {
        if let Some(rel) = fqdn
            .strip_suffix(z)
            .and_then(|r| r.strip_suffix('.'))
            .filter(|r| !r.is_empty())
        {
            return rel.to_string();
        }
    }
    format!("{fqdn}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_names() {
        let d = DnsUpdate::new(&["/bin/rec".into(), "--zone".into(), "z".into()]).unwrap();
        assert_eq!(
            d.add("vm1", "10.0.0.5".parse().unwrap(), Some(60))
                .to_string(),
            "/bin/rec --zone z vm1 10.0.0.5 --ttl 60"
        );
        assert_eq!(
            d.delete("vm1", None).to_string(),
            "/bin/rec --zone z --delete vm1"
        );
        let own = DnsUpdate::new(&[]).unwrap();
        assert!(own
            .delete("x", None)
            .to_string()
            .contains(" dns-update --delete x"));
        assert_eq!(
            name_in_zone("node1.debvisor.local", Some("debvisor.local")),
            "node1"
        );
        assert_eq!(
            name_in_zone("node1.other.test", Some("debvisor.local")),
            "node1.other.test."
        );
        assert_eq!(name_in_zone("node1.other.test", None), "node1.other.test.");
        assert_eq!(
            name_in_zone("xdebvisor.local", Some("debvisor.local")),
            "xdebvisor.local."
        );
    }
}
