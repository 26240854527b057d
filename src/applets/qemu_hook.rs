//! qemu-hook: the libvirt hook `/etc/libvirt/hooks/qemu` (a link to this binary; argv[0] `qemu`).
//!
//! libvirtd runs it synchronously, holding the domain's lock, with argv
//! `<domain> <operation> <sub-op> <extra>` and the domain XML on stdin. So it:
//! - never calls back into libvirt (that can deadlock libvirtd) and never waits for the network;
//! - on `started`: reads the name and MACs from the XML and starts a detached
//!   `vm-register --wait NAME --mac …` job, then returns;
//! - on `release`: starts a detached `vm-register --delete NAME` job;
//! - for every other operation: exits 0 at once;
//! - always exits 0 and prints nothing (a non-zero exit would abort the VM's start or migration,
//!   and stdout of `migrate` would replace the domain XML). Problems go to the audit log.

use std::io::{IsTerminal, Read};

use clap::{Arg, ArgMatches, Command};

use super::Applet;
use crate::config::sections::VmRegisterConfig;
use crate::context::Ctx;
use crate::exec::{Cmd, Exec};
use crate::model::{domain_xml, hosts_file};
use crate::tools::debvisor;

pub const APPLET: Applet = Applet {
    name: "qemu-hook",
    bare_link: false,
    legacy: &["qemu"],
    section: 8,
    about: "libvirt qemu hook: hands VM DNS registration to a background vm-register job",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("qemu-hook")
        .args(
            [
                ("domain", "Domain name"),
                ("operation", "prepare, start, started, stopped, release, migrate, restore, reconnect, attach"),
                ("sub-op", "begin or end"),
                ("extra", "Extra argument (usually -)"),
            ]
            .map(|(id, help)| {
                // Hyphen values allowed: a domain named `-x` must never make the hook fail
                // (a failing hook aborts the VM start); known flags still parse as flags.
                Arg::new(id)
                    .value_name(id.to_uppercase())
                    .allow_hyphen_values(true)
                    .help(help)
            }),
        )
        .after_help(
            "Install as the libvirt hook (libvirtd must be restarted to notice a new hook):\n  \
             ln -s /usr/sbin/debvisor /etc/libvirt/hooks/qemu\n\n\
             Examples:\n  virsh dumpxml web1 | debvisor qemu-hook web1 started begin -\n  \
             debvisor qemu-hook --dry-run web1 release end - < /dev/null",
        )
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let args: Vec<String> = ["domain", "operation", "sub-op", "extra"]
        .iter()
        .map(|id| m.get_one::<String>(id).cloned().unwrap_or_default())
        .collect();
    let op = args.get(1).map(String::as_str).unwrap_or("");
    // Only two operations do anything; everything else returns before touching anything.
    if op != "started" && op != "release" {
        drain_stdin(0);
        return Ok(0);
    }
    let xml = if op == "started" {
        drain_stdin(domain_xml::MAX_XML_BYTES)
    } else {
        drain_stdin(0);
        String::new()
    };
    let domain = args.first().cloned().unwrap_or_default();
    if let Err(e) = handle(ctx, &domain, op, &xml) {
        tracing::debug!("qemu hook {domain} {op}: {e:#}");
        if let Ok(exec) = ctx.exec() {
            let _ = exec.audit_event(
                "qemu-hook",
                &format!("{op} {}: not handed off", hosts_file::safe_prefix(&domain)),
                &serde_json::json!({"ok": false, "domain": domain, "operation": op, "reason": format!("{e:#}")}),
            );
        }
    }
    Ok(0)
}

fn handle(ctx: &Ctx, domain: &str, op: &str, xml: &str) -> anyhow::Result<()> {
    let cfg: VmRegisterConfig = ctx.config()?.section("vm_register")?;
    if !cfg.hook {
        return Ok(());
    }
    hosts_file::validate_label(domain)
        .map_err(|e| anyhow::anyhow!("domain name is not a DNS label: {e}"))?;
    let exec = ctx.exec()?;
    let vm_register = ctx.applet_cmd("vm-register")?;
    match op {
        "started" => {
            let info = domain_xml::parse(xml).map_err(|e| anyhow::anyhow!("domain XML: {e}"))?;
            if let Some(n) = info.name.as_deref().filter(|n| *n != domain) {
                anyhow::bail!(
                    "domain XML names `{}`, argv names `{domain}`",
                    hosts_file::safe_prefix(n)
                );
            }
            let macs = info.macs();
            if macs.is_empty() {
                anyhow::bail!("the domain has no network interface with a MAC address");
            }
            spawn(exec, debvisor::vm_register_wait(vm_register, domain, &macs))
        }
        "release" => spawn(exec, debvisor::vm_register_delete(vm_register, domain)),
        _ => Ok(()),
    }
}

fn spawn(exec: &Exec, cmd: Cmd) -> anyhow::Result<()> {
    exec.spawn_detached(&cmd)
}

/// Reads stdin (libvirt writes the XML there and must not get EPIPE), keeping at most `keep`
/// bytes. Never blocks on a terminal.
fn drain_stdin(keep: usize) -> String {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return String::new();
    }
    let mut lock = stdin.lock();
    let mut buf = Vec::new();
    let _ = (&mut lock).take(keep as u64).read_to_end(&mut buf);
    let _ = std::io::copy(&mut lock, &mut std::io::sink());
    String::from_utf8_lossy(&buf).into_owned()
}
