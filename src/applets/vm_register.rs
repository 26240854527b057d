//! vm-register: publishes a VM's name and address in DNS through dns-update, and removes it.
//!
//! Three ways in:
//! - `vm-register NAME ADDR`: register now (the legacy `vm-register <vm> <ip>` interface);
//! - `vm-register --wait NAME --mac MAC…`: what the libvirt hook (applet `qemu-hook`) starts as a
//!   detached job when a VM has started: waits, with a deadline, for the VM's address in the DHCP
//!   lease files and/or `virsh domifaddr`, then registers it;
//! - `vm-register --delete NAME [ADDR]`: what the hook starts on `release`.
//!
//! Each registration is remembered in `<state_dir>/vm-register/NAME.json`, so the removal deletes
//! exactly the address that was published; `vm-register --list` shows them.

use crate::config::views::LibvirtView;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::Applet;
use crate::context::Ctx;
use crate::error::{invalid, usage, Error};
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::{domain_xml, hosts_file, vm_address};
use crate::output::{self, Table};
use crate::tools::dns_update_cli::DnsUpdate;
use crate::tools::virsh::{self, Virsh};

pub const APPLET: Applet = Applet {
    name: "vm-register",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Register a VM's address in DNS (or remove it); waits for the DHCP lease when asked",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("vm-register")
        .arg(
            Arg::new("name")
                .value_name("NAME")
                .required_unless_present("list")
                .help("VM (libvirt domain) name; must be a valid DNS label"),
        )
        .arg(
            Arg::new("addr")
                .value_name("ADDR")
                .value_parser(clap::value_parser!(IpAddr))
                .help("The VM's address (register now); with --delete: remove only this address"),
        )
        .arg(
            Arg::new("mac")
                .long("mac")
                .value_name("MAC")
                .action(ArgAction::Append)
                .help("A MAC address of the VM, to find its DHCP lease (repeatable)"),
        )
        .arg(
            Arg::new("wait")
                .long("wait")
                .action(ArgAction::SetTrue)
                .conflicts_with_all(["addr", "delete"])
                .help("Wait for the VM's address (DHCP leases, virsh domifaddr), then register it"),
        )
        .arg(
            Arg::new("timeout")
                .long("timeout")
                .value_name("SECS")
                .value_parser(clap::value_parser!(u64))
                .help("How long --wait waits for an address [config: vm_register.wait_timeout_secs] [default: 300]"),
        )
        .arg(
            Arg::new("delete")
                .long("delete")
                .action(ArgAction::SetTrue)
                .help("Remove the VM's records (the address recorded at registration unless ADDR is given)"),
        )
        .arg(
            Arg::new("list")
                .long("list")
                .action(ArgAction::SetTrue)
                .conflicts_with_all(["wait", "delete", "addr"])
                .help("List the registrations made on this node"),
        )
        .arg(
            Arg::new("ttl")
                .long("ttl")
                .value_name("SECS")
                .value_parser(clap::value_parser!(u32))
                .help("Record TTL passed to dns-update [config: vm_register.ttl]"),
        )
        .arg(
            super::args::connect(),
        )
        .after_help(
            "Examples:\n  vm-register web1 10.10.20.5\n  vm-register --delete web1\n  \
             vm-register --wait web1 --mac 52:54:00:12:34:56 --timeout 120\n  vm-register --list --json",
        )
}

pub use crate::config::sections::VmRegisterConfig;

/// `<state_dir>/vm-register/NAME.json`
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Registration {
    name: String,
    address: IpAddr,
    macs: Vec<String>,
    source: String,
    registered_at: String,
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let cfg_file = ctx.config()?;
    let cfg: VmRegisterConfig = cfg_file.section("vm_register")?;
    let lv: LibvirtView = cfg_file.section("libvirt")?;
    let state = ctx.general()?.state_dir.join("vm-register");
    if m.get_flag("list") {
        return list(ctx, &state);
    }
    let name = m.get_one::<String>("name").expect("required");
    hosts_file::validate_label(name).map_err(|e| invalid(format!("VM name: {e}")))?;
    let macs = parse_macs(m)?;
    let owner = match &cfg.owner {
        Some(o) if o.is_empty() => None,
        Some(o) => Some(o.clone()),
        None => crate::cluster::local_node_name()
            .ok()
            .filter(|h| !h.is_empty()),
    };
    let dns = DnsUpdate::new(&cfg.dns_update_command)?.owner(owner);
    let virsh = Virsh::new(virsh::resolve_uri(
        m.get_one::<String>("connect").map(String::as_str),
        lv.uri.as_deref(),
    ));
    let exec = ctx.exec()?;
    let ttl = m.get_one::<u32>("ttl").copied().or(cfg.ttl);

    if m.get_flag("delete") {
        let _lock = ctx.lock(&format!("vm-register-{name}"), Duration::from_secs(60))?;
        let file = state.join(format!("{name}.json"));
        let recorded = read_registration(&file);
        let addr = m
            .get_one::<IpAddr>("addr")
            .copied()
            .or(recorded.as_ref().map(|r| r.address));
        let out = exec.run(&dns.delete(name, addr))?;
        // dns-update --owner leaves a name another node registered since (live migration) and
        // says so on stdout: "NAME: left in place: registered by OWNER since".
        let kept_by = out.stdout.lines().find_map(|l| {
            l.split_once("left in place: registered by ")
                .and_then(|(_, r)| r.split_whitespace().next())
                .map(str::to_string)
        });
        if recorded.is_some() {
            exec.remove_file(&file)?;
        }
        let (what, action) = match &kept_by {
            Some(o) => (
                format!("{name} left in DNS: registered by {o} since"),
                "kept",
            ),
            None => (format!("{name} removed from DNS"), "removed"),
        };
        exec.audit_event(
            "vm-unregister",
            &what,
            &serde_json::json!({"name": name, "old": addr, "new": null, "kept_by": kept_by}),
        )?;
        report(ctx, name, addr, action)?;
        return Ok(0);
    }

    let (addr, source) = match m.get_one::<IpAddr>("addr") {
        Some(a) => (*a, "argument".to_string()),
        None if m.get_flag("wait") => {
            let timeout = Duration::from_secs(
                m.get_one::<u64>("timeout")
                    .copied()
                    .unwrap_or(cfg.wait_timeout_secs),
            );
            match wait_for_address(exec, &cfg, &virsh, name, &macs, timeout)? {
                Some(found) => found,
                None => {
                    tracing::info!("{name} is no longer running; nothing to register");
                    report(ctx, name, None, "vm-gone")?;
                    return Ok(0);
                }
            }
        }
        None => return Err(usage("give ADDR, or --wait to wait for the VM's address")),
    };

    let _lock = ctx.lock(&format!("vm-register-{name}"), Duration::from_secs(60))?;
    // The hook's job may outlive the VM (destroyed while we waited): do not publish a dead VM.
    if m.get_flag("wait") && cfg.use_libvirt && !domain_running(exec, &virsh, name) {
        report(ctx, name, None, "vm-gone")?;
        return Ok(0);
    }
    let file = state.join(format!("{name}.json"));
    let old = read_registration(&file);
    exec.run(&dns.add(name, addr, ttl))?;
    let reg = Registration {
        name: name.clone(),
        address: addr,
        macs,
        source: source.clone(),
        registered_at: crate::clock::now_rfc3339(),
    };
    exec.create_dir_all(&state, 0o755)?;
    exec.write_file(&file, &serde_json::to_vec_pretty(&reg)?, FileSpec::PUBLIC)?;
    exec.audit_event(
        "vm-register",
        &format!("{name} -> {addr} ({source})"),
        &serde_json::json!({"name": name, "old": old.map(|o| o.address), "new": addr, "source": source}),
    )?;
    report(ctx, name, Some(addr), "registered")?;
    Ok(0)
}

fn parse_macs(m: &ArgMatches) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for raw in m.get_many::<String>("mac").into_iter().flatten() {
        let mac = domain_xml::normalize_mac(raw).ok_or_else(|| {
            invalid(format!(
                "`{}` is not a MAC address (aa:bb:cc:dd:ee:ff)",
                hosts_file::safe_prefix(raw)
            ))
        })?;
        if !out.contains(&mac) {
            out.push(mac);
        }
    }
    Ok(out)
}

fn report(ctx: &Ctx, name: &str, addr: Option<IpAddr>, action: &str) -> anyhow::Result<()> {
    if ctx.json() {
        output::print_json(
            &serde_json::json!({"name": name, "address": addr, "action": action, "dry_run": ctx.dry_run()}),
        )?;
    } else if !ctx.flags.quiet && !ctx.dry_run() {
        match addr {
            Some(a) => println!("{name}: {action} ({a})"),
            None => println!("{name}: {action}"),
        }
    }
    Ok(())
}

fn read_registration(file: &Path) -> Option<Registration> {
    serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()
}

fn list(ctx: &Ctx, state: &Path) -> anyhow::Result<i32> {
    let mut regs: Vec<Registration> = std::fs::read_dir(state)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| read_registration(&e.path()))
        .collect();
    regs.sort_by(|a, b| a.name.cmp(&b.name));
    if ctx.json() {
        output::print_json(&regs)?;
    } else {
        let mut t = Table::new(["NAME", "ADDRESS", "MACS", "SOURCE", "REGISTERED"]);
        for r in &regs {
            t.row([
                r.name.clone(),
                r.address.to_string(),
                r.macs.join(","),
                r.source.clone(),
                r.registered_at.clone(),
            ]);
        }
        t.print()?;
    }
    Ok(0)
}

/// Polls the lease files (read in-process, no spawn) and, if allowed, `virsh domifaddr` (one
/// process per poll) until an address for one of `macs` appears. Ok(None): the VM went away.
fn wait_for_address(
    exec: &Exec,
    cfg: &VmRegisterConfig,
    virsh: &Virsh,
    name: &str,
    macs: &[String],
    timeout: Duration,
) -> anyhow::Result<Option<(IpAddr, String)>> {
    if macs.is_empty() && !cfg.use_libvirt {
        return Err(usage(
            "--wait needs --mac when [vm_register] use_libvirt is false",
        ));
    }
    let deadline = Instant::now() + timeout;
    let interval = Duration::from_millis(cfg.poll_interval_ms.clamp(50, 60_000));
    loop {
        let now = crate::clock::unix_now();
        if !macs.is_empty() {
            for (path, leases) in read_leases(&cfg.lease_files) {
                if let Some(a) = vm_address::pick_address(&leases, macs, now) {
                    return Ok(Some((a, format!("lease {}", path.display()))));
                }
            }
        }
        if cfg.use_libvirt {
            let cmd = virsh
                .cmd(["domifaddr", name])
                .read_only()
                .unchecked()
                .timeout_secs(15)
                .what(format!("the addresses of {name}"));
            match exec.run(&cmd) {
                Ok(out) if out.success() => {
                    let leases = vm_address::parse_domifaddr(&out.stdout);
                    let any: Vec<String>;
                    let wanted = if macs.is_empty() {
                        any = leases.iter().map(|l| l.mac.clone()).collect();
                        &any
                    } else {
                        macs
                    };
                    if let Some(a) = vm_address::pick_address(&leases, wanted, now) {
                        return Ok(Some((a, "virsh domifaddr".into())));
                    }
                }
                Ok(out) if vm_is_gone(&out.stderr) => return Ok(None),
                Ok(_) | Err(_) => {} // libvirt busy or restarting: keep polling until the deadline
            }
        }
        if Instant::now() + interval > deadline {
            return Err(Error::Timeout {
                secs: timeout.as_secs(),
                what: format!(
                    "an address for {name} ({}) in the DHCP leases{}",
                    if macs.is_empty() {
                        "any MAC".to_string()
                    } else {
                        macs.join(", ")
                    },
                    if cfg.use_libvirt {
                        " or virsh domifaddr"
                    } else {
                        ""
                    }
                ),
            }
            .into());
        }
        std::thread::sleep(interval);
    }
}

/// virsh's errors for a domain that is gone or shut off.
fn vm_is_gone(stderr: &str) -> bool {
    stderr.contains("Domain not found")
        || stderr.contains("domain is not running")
        || stderr.contains("failed to get domain")
}

fn domain_running(exec: &Exec, virsh: &Virsh, name: &str) -> bool {
    let cmd = virsh
        .cmd(["domstate", name])
        .read_only()
        .unchecked()
        .timeout_secs(15)
        .what(format!("the state of {name}"));
    match exec.run(&cmd) {
        Ok(out) if out.success() => out.stdout.trim() == "running",
        // A failing check must not lose a registration: only a clear "gone" says no.
        Ok(out) => !vm_is_gone(&out.stderr),
        Err(_) => true,
    }
}

/// Every lease file: entries of `paths` that are files, and the `*.status` / `*.leases` files
/// of entries that are directories. Unreadable files are skipped.
fn read_leases(paths: &[PathBuf]) -> Vec<(PathBuf, Vec<vm_address::Lease>)> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|f| {
                    f.extension()
                        .is_some_and(|x| x == "status" || x == "leases")
                })
                .collect();
            inner.sort();
            files.extend(inner);
        } else {
            files.push(p.clone());
        }
    }
    files
        .into_iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(&f).ok()?;
            Some((f, vm_address::parse_lease_file(&text)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gone_messages() {
        // virsh 9.0 error texts for a missing / shut-off domain.
        assert!(vm_is_gone(
            "error: failed to get domain 'x'\nerror: Domain not found: no domain with matching name 'x'"
        ));
        assert!(vm_is_gone(
            "error: Requested operation is not valid: domain is not running"
        ));
        assert!(!vm_is_gone("error: failed to connect to the hypervisor"));
    }
}
