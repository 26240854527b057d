//! vnc-target: where a VM's VNC server listens — address and TCP PORT (the legacy script printed
//! the display number) — and whether an RFB server really answers there.
//! Exit 0 reachable, 1 not reachable; 3 when the VM has no VNC or no port yet.

use crate::config::views::LibvirtView;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Serialize;

use super::Applet;
use crate::context::Ctx;
use crate::model::vnc::VncEndpoint;
use crate::output::{self, Table};
use crate::tools::virsh::{self, Virsh};
use crate::tools::vnc;

pub const APPLET: Applet = Applet {
    name: "vnc-target",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Show a VM's VNC listen address and port, and whether it answers",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("vnc-target")
        .arg(
            Arg::new("vm")
                .value_name("VM")
                .required(true)
                .help("Domain name"),
        )
        .arg(super::args::connect())
        .arg(
            Arg::new("port")
                .long("port")
                .action(ArgAction::SetTrue)
                .help("Print only the TCP port (for scripts); no reachability probe"),
        )
        .arg(
            Arg::new("timeout")
                .long("timeout")
                .value_name("SECS")
                .default_value("3")
                .value_parser(clap::value_parser!(u64).range(1..=60))
                .help("How long the reachability probe may take"),
        )
        .after_help(
            "Examples:\n  debvisor-vnc-target web1\n  debvisor-vnc-target --json web1\n  \
             debvisor-vnc-target --port web1\n  \
             debvisor vnc-target -c test:///usr/share/debvisor/demo-node.xml web1",
        )
}

/// `[libvirt]` as the console tools read it (leniently: other keys belong to other applets).
pub(crate) fn virsh_for(ctx: &Ctx, m: &ArgMatches) -> anyhow::Result<Virsh> {
    let lv: LibvirtView = ctx.config()?.section("libvirt")?;
    Ok(Virsh::new(virsh::resolve_uri(
        m.get_one::<String>("connect").map(String::as_str),
        lv.uri.as_deref(),
    )))
}

/// The VM's VNC endpoint, or a precondition error saying why there is none.
pub(crate) fn endpoint(
    exec: &crate::exec::Exec,
    virsh: &Virsh,
    vm: &str,
) -> anyhow::Result<(VncEndpoint, crate::model::vnc::VncGraphics)> {
    let g = vnc::lookup(exec, virsh, vm)?;
    match &g.endpoint {
        Some(e) => Ok((e.clone(), g)),
        None => Err(crate::error::precondition(format!(
            "{vm}: no VNC port assigned{}",
            if g.autoport && !g.running {
                " (autoport: libvirt assigns the port when the VM starts; it is not running)"
            } else {
                ""
            }
        ))),
    }
}

#[derive(Serialize)]
struct Report {
    vm: String,
    running: bool,
    autoport: bool,
    endpoint: VncEndpoint,
    #[serde(skip_serializing_if = "Option::is_none")]
    listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display: Option<u16>,
    target: String,
    #[serde(flatten)]
    probe: vnc::Probe,
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let vm = m.get_one::<String>("vm").expect("required");
    crate::model::ticket::validate_vm_name(vm).map_err(crate::error::invalid)?;
    let virsh = virsh_for(ctx, m)?;
    let exec = ctx.exec()?;
    let (ep, g) = endpoint(exec, &virsh, vm)?;
    let (listen, port) = match &ep {
        VncEndpoint::Tcp { address, port } => (Some(address.clone()), Some(*port)),
        VncEndpoint::Unix { .. } => (None, None),
    };
    if m.get_flag("port") {
        let Some(port) = port else {
            return Err(crate::error::precondition(format!(
                "{vm}: VNC listens on a unix socket ({}), not a TCP port",
                ep.target()
            )));
        };
        println!("{port}");
        return Ok(0);
    }
    let timeout = Duration::from_secs(*m.get_one::<u64>("timeout").expect("default"));
    let probe = vnc::probe(&ep, timeout);
    let code = if probe.reachable { 0 } else { 1 };
    let report = Report {
        vm: vm.clone(),
        running: g.running,
        autoport: g.autoport,
        display: ep.display(),
        target: ep.target(),
        endpoint: ep,
        listen,
        port,
        probe,
    };
    if ctx.json() {
        output::print_json(&report)?;
    } else {
        let mut t = Table::new(["VM", "LISTEN", "PORT", "DISPLAY", "REACHABLE", "DETAIL"]).right(2);
        t.row([
            report.vm.clone(),
            match &report.endpoint {
                VncEndpoint::Unix { path } => format!("unix:{path}"),
                _ => report.listen.clone().unwrap_or_default(),
            },
            report.port.map(|p| p.to_string()).unwrap_or("-".into()),
            report
                .display
                .map(|d| format!(":{d}"))
                .unwrap_or("-".into()),
            if report.probe.reachable { "yes" } else { "no" }.to_string(),
            report
                .probe
                .banner
                .clone()
                .or(report.probe.error.clone())
                .unwrap_or_default(),
        ]);
        t.print()?;
    }
    Ok(code)
}
