//! The config sections that several applets read, each defined once (the applets that own
//! their section alone keep it next to their code). Every key is documented in
//! packaging/debvisor.toml; the shared settings' precedence is `super::resolve`'s.

use std::path::PathBuf;

use serde::Deserialize;

/// `[dns]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DnsConfig {
    pub zone: Option<String>,
    pub primaries: Vec<String>,
    pub secondaries: Vec<String>,
    pub key_file: PathBuf,
    pub reverse_zones: Vec<String>,
    pub ptr: bool,
    pub ttl: u32,
    pub update_timeout: u64,
    pub query_timeout: u64,
    pub verify: bool,
    pub verify_deadline: u64,
    pub dnssec_validate: bool,
    pub dnssec_samples: usize,
    pub trust_anchor: Option<PathBuf>,
    pub lock_wait: u64,
    /// Control channels for `rndc zonestatus` (a secondary's exact expiry time): DNS server
    /// (as in `secondaries`) → rndc `HOST:PORT`. Servers not listed fall back to SOA timing.
    pub rndc_servers: std::collections::BTreeMap<String, String>,
    /// The rndc key for those (default: `[tsig] rndc_key`).
    pub rndc_key: Option<PathBuf>,
    /// health-check / alerts: a secondary whose copy expires within this many hours warns.
    pub expiry_warn_hours: u64,
    /// health-check: an RRSIG (SOA/DNSKEY) expiring within this many days warns.
    pub rrsig_warn_days: u64,
}

impl Default for DnsConfig {
    fn default() -> Self {
        DnsConfig {
            zone: None,
            primaries: Vec::new(),
            secondaries: Vec::new(),
            key_file: "/etc/debvisor/dns-update.key".into(),
            reverse_zones: Vec::new(),
            ptr: true,
            ttl: 300,
            update_timeout: 10,
            query_timeout: 2,
            verify: true,
            verify_deadline: 30,
            dnssec_validate: true,
            dnssec_samples: 4,
            trust_anchor: None,
            lock_wait: 60,
            rndc_servers: Default::default(),
            rndc_key: None,
            expiry_warn_hours: 24,
            rrsig_warn_days: 3,
        }
    }
}

/// `[console]`: vnc-ensure, vnc-target and console-ticket.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConsoleConfig {
    /// "auto" (systemd when /run/systemd/system exists), "spawn" or "systemd".
    pub websockify_mode: String,
    pub websockify: String,
    pub listen: String,
    pub port_min: u16,
    pub port_max: u16,
    pub web_dir: Option<PathBuf>,
    pub unit_env_dir: PathBuf,
    pub public_url: Option<String>,
    pub start_timeout_secs: u64,
    pub nginx_reload: bool,
    pub secret_file: PathBuf,
    pub default_ttl: String,
    pub max_ttl: String,
}

impl Default for ConsoleConfig {
    fn default() -> Self {
        ConsoleConfig {
            websockify_mode: "auto".into(),
            websockify: "websockify".into(),
            listen: "127.0.0.1".into(),
            port_min: 6080,
            port_max: 6179,
            web_dir: None,
            unit_env_dir: "/run/debvisor/websockify".into(),
            public_url: None,
            start_timeout_secs: 15,
            nginx_reload: false,
            secret_file: "/etc/debvisor/console.secret".into(),
            default_ttl: "5m".into(),
            max_ttl: "1h".into(),
        }
    }
}

/// The HA rotation playbook the package ships in the debvisor.node collection (found by
/// Debian's ansible without configuration: /usr/share/ansible/collections is on its default
/// collections path).
pub const SHIPPED_TSIG_PLAYBOOK: &str =
    "/usr/share/ansible/collections/ansible_collections/debvisor/node/playbooks/rotate-tsig-ha.yml";

/// `[tsig]` (shared by tsig-keygen and tsig-rotate).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TsigConfig {
    pub key_name: String,
    pub algorithm: String,
    pub bind_include: PathBuf,
    pub client_key: Option<PathBuf>,
    pub group: String,
    pub rndc_server: String,
    pub rndc_key: PathBuf,
    pub named_conf: Option<PathBuf>,
    pub ansible_playbook: Option<PathBuf>,
    pub ansible_inventory: Option<PathBuf>,
    pub ansible_limit: String,
    /// How often the key is meant to be rotated (tsig-rotate.timer's schedule), in days: the
    /// key age metric and health-check warn past twice this.
    pub rotation_days: u64,
}

impl Default for TsigConfig {
    fn default() -> Self {
        TsigConfig {
            key_name: "debvisor-update".into(),
            algorithm: "hmac-sha256".into(),
            bind_include: "/etc/bind/debvisor-tsig.key".into(),
            client_key: None,
            group: "bind".into(),
            rndc_server: "127.0.0.1:953".into(),
            rndc_key: "/etc/bind/rndc.key".into(),
            named_conf: None,
            ansible_playbook: Some(SHIPPED_TSIG_PLAYBOOK.into()),
            ansible_inventory: None,
            ansible_limit: "dns_primaries,dns_secondaries,dns_clients".into(),
            rotation_days: 30,
        }
    }
}

/// `[vm_register]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VmRegisterConfig {
    /// The libvirt hook hands work to vm-register at all.
    pub hook: bool,
    pub dns_update_command: Vec<String>,
    pub ttl: Option<u32>,
    /// Lease files (dnsmasq format or libvirt `.status` JSON) or directories of them.
    pub lease_files: Vec<PathBuf>,
    /// Ask libvirt (`virsh domifaddr`, `domstate`) while waiting.
    pub use_libvirt: bool,
    pub wait_timeout_secs: u64,
    pub poll_interval_ms: u64,
    /// This node's ownership tag for the names it registers (dns-update --owner; default: the
    /// short host name, lower-case; "" turns ownership off). After a live migration the source's removal
    /// then leaves the name the destination registered.
    pub owner: Option<String>,
}

impl Default for VmRegisterConfig {
    fn default() -> Self {
        VmRegisterConfig {
            hook: true,
            dns_update_command: Vec::new(),
            ttl: None,
            lease_files: vec![
                "/var/lib/libvirt/dnsmasq".into(),
                "/var/lib/misc/dnsmasq.leases".into(),
            ],
            use_libvirt: true,
            wait_timeout_secs: 300,
            poll_interval_ms: 2000,
            owner: None,
        }
    }
}

/// `[zfs]` (shared by zfs-status and zfs-scrub).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ZfsConfig {
    /// KEY=VALUE file naming the pools to scrub (read as data, never sourced).
    pub defaults_file: PathBuf,
    /// Longest wait for one pool's scrub to finish.
    pub scrub_timeout_secs: u64,
    /// Upper bound of the deterministic per-host delay before scrubbing (0: none).
    pub stagger_max_secs: u64,
    /// Capacity at which a pool is reported as a warning (90% and above is critical).
    pub capacity_warn_percent: u64,
}

impl Default for ZfsConfig {
    fn default() -> Self {
        ZfsConfig {
            defaults_file: "/etc/default/debvisor-zfs-scrub".into(),
            scrub_timeout_secs: 12 * 3600,
            stagger_max_secs: 1800,
            capacity_warn_percent: 80,
        }
    }
}
