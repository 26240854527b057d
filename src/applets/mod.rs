//! The applet table. Each applet is one module exposing `APPLET`: its names, its clap
//! definition (which drives parsing, --help, man pages and completions) and its entry point.
//! Registering an applet is one line in [`APPLETS`].

use crate::context::Ctx;

pub mod args;
pub mod blocklist;
pub mod cephctl;
pub mod cloudinit_iso;
pub mod console_ticket;
pub mod dns_update;
pub mod firstboot;
pub mod generate;
pub mod health_check;
pub mod hostname_register;
pub mod hvctl;
pub mod install_links;
pub mod join;
pub mod k8sctl;
pub mod maintenance;
pub mod migrate;
pub mod qemu_hook;
pub mod tsig_keygen;
pub mod tsig_rotate;
pub mod upgrade;
pub mod vm_convert;
pub mod vm_register;
pub mod vnc_ensure;
pub mod vnc_target;
pub mod zfs_scrub;
pub mod zfs_status;

pub struct Applet {
    /// Canonical name: `debvisor NAME …` and the link `debvisor-NAME`.
    pub name: &'static str,
    /// Also install a link with the bare name (the legacy tool had it, e.g. `hvctl`).
    pub bare_link: bool,
    /// Other argv[0] names accepted for drop-in compatibility with the legacy scripts
    /// (a `.sh` suffix is accepted on every name).
    pub legacy: &'static [&'static str],
    /// Man page section: 8 for administration, 1 for the rest.
    pub section: u8,
    pub about: &'static str,
    pub command: fn() -> clap::Command,
    pub run: fn(&mut Ctx, &clap::ArgMatches) -> anyhow::Result<i32>,
}

impl Applet {
    /// The names installed as links by `install-links`.
    pub fn link_names(&self) -> Vec<String> {
        let mut v = vec![format!("debvisor-{}", self.name)];
        if self.bare_link {
            v.push(self.name.to_string());
        }
        v
    }

    /// Whether argv[0] (file name, `.sh` already stripped) selects this applet.
    pub fn answers_to(&self, name: &str) -> bool {
        name.strip_prefix("debvisor-") == Some(self.name)
            || (self.bare_link && name == self.name)
            || self.legacy.contains(&name)
    }
}

pub static APPLETS: &[Applet] = &[
    health_check::APPLET,
    install_links::APPLET,
    generate::APPLET,
    hostname_register::APPLET,
    vm_register::APPLET,
    qemu_hook::APPLET,
    vnc_target::APPLET,
    vnc_ensure::APPLET,
    console_ticket::APPLET,
    k8sctl::APPLET,
    firstboot::APPLET,
    upgrade::APPLET,
    join::APPLET,
    maintenance::APPLET,
    cephctl::APPLET,
    zfs_scrub::APPLET,
    zfs_status::APPLET,
    dns_update::APPLET,
    tsig_keygen::APPLET,
    tsig_rotate::APPLET,
    migrate::APPLET,
    hvctl::APPLET,
    blocklist::APPLET,
    vm_convert::APPLET,
    cloudinit_iso::APPLET,
];

pub fn find(name: &str) -> Option<&'static Applet> {
    APPLETS.iter().find(|a| a.name == name)
}

pub fn by_argv0(name: &str) -> Option<&'static Applet> {
    let name = name.strip_suffix(".sh").unwrap_or(name);
    APPLETS.iter().find(|a| a.answers_to(name))
}
