//! hostname-register: publishes this node's primary IPv4 address and FQDN as a hosts(5) line in
//! dnsmasq's hosts directory (`/etc/dnsmasq.d/hosts/<host>.conf`), reloads dnsmasq only when the
//! file changed, and optionally registers the same record in BIND through dns-update.
//!
//! Cluster-aware: when etcd answers and `/debvisor/self/node_id` is set, a non-empty
//! `/debvisor/nodes/<id>/info/fqdn` overrides the local FQDN. etcd down or absent costs at most
//! `etcd_timeout_secs` (+3 s hard deadline) once, then the local name is used.

use crate::config::views::{DnsView, EtcdView};
use std::net::{IpAddr, Ipv4Addr, UdpSocket};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::Applet;
use crate::context::Ctx;
use crate::error::{invalid, precondition};
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::hosts_file;
use crate::output::{self, Table};
use crate::tools::dns_update_cli::{self, DnsUpdate};
use crate::tools::dnsmasq;
use crate::tools::etcdctl::{self, Etcdctl};
use crate::tools::hostname;

pub const APPLET: Applet = Applet {
    name: "hostname-register",
    bare_link: true,
    legacy: &[],
    section: 8,
    about: "Register this node's address and FQDN with dnsmasq (and optionally BIND)",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("hostname-register")
        .arg(
            Arg::new("address")
                .long("address")
                .value_name("IPV4")
                .value_parser(clap::value_parser!(Ipv4Addr))
                .help("Address to publish [config: hostname_register.address] [default: source address of the default route]"),
        )
        .arg(
            Arg::new("fqdn")
                .long("fqdn")
                .value_name("NAME")
                .help("FQDN to publish (overrides etcd and the local name)"),
        )
        .arg(
            Arg::new("hosts-dir")
                .long("hosts-dir")
                .value_name("DIR")
                .value_parser(clap::value_parser!(PathBuf))
                .help("dnsmasq hosts directory [config: hostname_register.hosts_dir] [default: /etc/dnsmasq.d/hosts]"),
        )
        .arg(
            Arg::new("etcd-endpoints")
                .long("etcd-endpoints")
                .value_name("URLS")
                .help("etcd endpoints, comma-separated [env: ETCDCTL_ENDPOINTS] [config: etcd.endpoints]"),
        )
        .arg(
            Arg::new("no-etcd")
                .long("no-etcd")
                .action(ArgAction::SetTrue)
                .help("Do not consult etcd for the FQDN"),
        )
        .arg(
            Arg::new("dns")
                .long("dns")
                .action(ArgAction::SetTrue)
                .conflicts_with("no-dns")
                .help("Also register the record in BIND through dns-update [config: hostname_register.dns_update]"),
        )
        .arg(
            Arg::new("no-dns")
                .long("no-dns")
                .action(ArgAction::SetTrue)
                .help("Do not call dns-update even if configured"),
        )
        .after_help(
            "Examples:\n  hostname-register\n  hostname-register --dry-run\n  \
             hostname-register --address 10.10.20.7 --fqdn node7.debvisor.local --dns\n  \
             hostname-register --no-etcd --json",
        )
}

/// `[hostname_register]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct HostnameRegisterConfig {
    hosts_dir: PathBuf,
    reload_command: Vec<String>,
    address: Option<Ipv4Addr>,
    route_probe: IpAddr,
    fqdn: Option<String>,
    domain: Option<String>,
    etcd: bool,
    etcd_timeout_secs: u64,
    dns_update: bool,
    dns_update_command: Vec<String>,
}

impl Default for HostnameRegisterConfig {
    fn default() -> Self {
        HostnameRegisterConfig {
            hosts_dir: dnsmasq::DEFAULT_HOSTS_DIR.into(),
            reload_command: dnsmasq::default_reload_command(),
            address: None,
            route_probe: IpAddr::V4(Ipv4Addr::new(198, 51, 100, 1)),
            fqdn: None,
            domain: None,
            etcd: true,
            etcd_timeout_secs: 3,
            dns_update: false,
            dns_update_command: Vec::new(),
        }
    }
}

/// Shared keys read leniently.
/// What the last run published (state_dir/hostname-register.json): lets a renamed node remove
/// its stale file, and retries a reload that failed.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct LastRun {
    file: PathBuf,
    fqdn: String,
    address: String,
    reload_pending: bool,
}

#[derive(Debug, Serialize)]
struct Report {
    host: String,
    fqdn: String,
    fqdn_source: String,
    address: String,
    address_source: &'static str,
    file: String,
    changed: bool,
    stale_removed: Option<String>,
    dnsmasq_reloaded: bool,
    dns_updated: bool,
    dry_run: bool,
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let cfg_file = ctx.config()?;
    let cfg: HostnameRegisterConfig = cfg_file.section("hostname_register")?;
    let etcd_view: EtcdView = cfg_file.section("etcd")?;
    let dns_view: DnsView = cfg_file.section("dns")?;
    let state_dir = ctx.general()?.state_dir;
    let _lock = ctx.lock("hostname-register", Duration::from_secs(30))?;
    let exec = ctx.exec()?;

    // 1. The name: flag > etcd > config > local hostname.
    let (fqdn_raw, fqdn_source) = if let Some(f) = m.get_one::<String>("fqdn") {
        (f.clone(), "flag".to_string())
    } else {
        let from_etcd = if cfg.etcd && !m.get_flag("no-etcd") {
            let endpoints = etcd_endpoints(m, &etcd_view);
            etcd_fqdn(
                exec,
                endpoints,
                Duration::from_secs(cfg.etcd_timeout_secs.max(1)),
            )
        } else {
            None
        };
        match from_etcd {
            Some((f, id)) => (f, format!("etcd (node {id})")),
            None => match &cfg.fqdn {
                Some(f) if !f.is_empty() => (f.clone(), "config".to_string()),
                _ => (
                    local_fqdn(exec, cfg.domain.as_deref().or(dns_view.zone.as_deref()))?,
                    "hostname".to_string(),
                ),
            },
        }
    };
    let fqdn = hosts_file::normalize_fqdn(&fqdn_raw)
        .map_err(|e| invalid(format!("FQDN from {fqdn_source}: {e}")))?;
    let host = hosts_file::host_of(&fqdn).to_string();

    // 2. The address: flag > config > the source address of the route to route_probe.
    let (address, address_source) = match m.get_one::<Ipv4Addr>("address").copied() {
        Some(a) => (a, "flag"),
        None => match cfg.address {
            Some(a) => (a, "config"),
            None => (route_source_v4(cfg.route_probe)?, "route"),
        },
    };
    check_publishable(address)?;

    // 3. The file, written only when its content changes.
    let dir = m
        .get_one::<PathBuf>("hosts-dir")
        .cloned()
        .unwrap_or(cfg.hosts_dir.clone());
    let file = dnsmasq::hosts_file(&dir, &host);
    let content = hosts_file::render(IpAddr::V4(address), &fqdn, &host);
    let state_file = state_dir.join("hostname-register.json");
    let last: Option<LastRun> = std::fs::read_to_string(&state_file)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok());
    let old_content = std::fs::read_to_string(&file).ok();

    exec.create_dir_all(&dir, 0o755)?;
    let changed = exec.write_file_if_changed(&file, content.as_bytes(), FileSpec::PUBLIC)?;
    if changed {
        exec.audit_event(
            "hostname-register",
            &format!("{} -> {fqdn} {address}", file.display()),
            &serde_json::json!({
                "file": file,
                "old": old_content.as_deref().and_then(|c| hosts_file::parse(c).into_iter().next())
                    .map(|l| format!("{} {}", l.addr, l.names.join(" "))),
                "new": format!("{address} {fqdn} {host}"),
                "fqdn_source": fqdn_source,
            }),
        )?;
    }
    // A renamed node: remove the file it published under its old name (only our own files).
    let mut stale_removed = None;
    if let Some(prev) = last.as_ref().filter(|l| l.file != file) {
        if std::fs::read_to_string(&prev.file).is_ok_and(|c| hosts_file::is_managed(&c)) {
            exec.remove_file(&prev.file)?;
            stale_removed = Some(prev.file.display().to_string());
        }
    }

    // 4. Reload dnsmasq when something changed (or a previous reload failed).
    let need_reload =
        changed || stale_removed.is_some() || last.as_ref().is_some_and(|l| l.reload_pending);
    let mut reloaded = false;
    let mut reload_err = None;
    if need_reload {
        if let Some(cmd) = dnsmasq::reload(&cfg.reload_command) {
            match exec.run(&cmd) {
                Ok(_) => reloaded = true,
                // No dnsmasq on this node (it runs on the designated one): nothing to reload.
                Err(e) if dnsmasq::not_installed(&cmd, &e) => {
                    tracing::info!("dnsmasq is not installed here: nothing to reload");
                }
                Err(e) => reload_err = Some(e),
            }
        }
    }
    let record = LastRun {
        file: file.clone(),
        fqdn: fqdn.clone(),
        address: address.to_string(),
        reload_pending: reload_err.is_some(),
    };
    let record_json = serde_json::to_vec_pretty(&record)?;
    exec.create_dir_all(&state_dir, 0o755)?;
    exec.write_file_if_changed(&state_file, &record_json, FileSpec::PUBLIC)?;
    if let Some(e) = reload_err {
        return Err(e.context(format!(
            "{} was written but dnsmasq did not reload (the next run retries)",
            file.display()
        )));
    }

    // 5. BIND, through dns-update.
    let want_dns = (cfg.dns_update || m.get_flag("dns")) && !m.get_flag("no-dns");
    if want_dns {
        let du = DnsUpdate::new(&cfg.dns_update_command)?;
        let name = dns_update_cli::name_in_zone(&fqdn, dns_view.zone.as_deref());
        exec.run(&du.add(&name, IpAddr::V4(address), None))?;
    }

    // The journal's record of the run (structured: F_FQDN=, F_ADDRESS=, F_FILE=, F_CHANGED=, …).
    if !ctx.dry_run() {
        tracing::info!(
            fqdn = %fqdn,
            address = %address,
            file = %file.display(),
            changed,
            dnsmasq_reloaded = reloaded,
            dns_updated = want_dns,
            "registered {fqdn} at {address} in {} ({})",
            file.display(),
            if changed { "updated" } else { "unchanged" }
        );
    }
    let report = Report {
        host: host.clone(),
        fqdn: fqdn.clone(),
        fqdn_source,
        address: address.to_string(),
        address_source,
        file: file.display().to_string(),
        changed,
        stale_removed,
        dnsmasq_reloaded: reloaded,
        dns_updated: want_dns,
        dry_run: ctx.dry_run(),
    };
    if ctx.json() {
        output::print_json(&report)?;
    } else if !ctx.flags.quiet && !ctx.dry_run() {
        let mut t = Table::new(["HOST", "FQDN", "ADDRESS", "FILE", "STATUS"]);
        let mut status = vec![if changed { "updated" } else { "unchanged" }.to_string()];
        if reloaded {
            status.push("dnsmasq reloaded".into());
        }
        if let Some(s) = &report.stale_removed {
            status.push(format!("removed stale {s}"));
        }
        if want_dns {
            status.push("DNS updated".into());
        }
        t.row([
            host,
            format!("{fqdn} ({})", report.fqdn_source),
            format!("{address} ({address_source})"),
            report.file.clone(),
            status.join(", "),
        ]);
        t.print()?;
    }
    Ok(0)
}

/// Endpoints: flag > ETCDCTL_ENDPOINTS > `[etcd] endpoints` > the local default. An explicitly
/// empty list means "no etcd".
fn etcd_endpoints(m: &ArgMatches, view: &EtcdView) -> Vec<String> {
    let split = |s: &str| {
        s.split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect::<Vec<_>>()
    };
    if let Some(f) = m.get_one::<String>("etcd-endpoints") {
        return split(f);
    }
    if let Ok(e) = std::env::var("ETCDCTL_ENDPOINTS") {
        if !e.trim().is_empty() {
            return split(&e);
        }
    }
    match &view.endpoints {
        Some(v) => v.clone(),
        None => vec![etcdctl::DEFAULT_ENDPOINT.to_string()],
    }
}

/// The FQDN etcd holds for this node, or None (etcd absent, down, or nothing set). Bounded:
/// when the first read fails, the second is not attempted.
fn etcd_fqdn(exec: &Exec, endpoints: Vec<String>, timeout: Duration) -> Option<(String, String)> {
    if endpoints.is_empty() {
        return None;
    }
    if which::which("etcdctl").is_err() {
        tracing::info!("etcdctl not installed: using the local FQDN");
        return None;
    }
    let etcd = Etcdctl::new(endpoints, timeout);
    let id = match exec.run(&etcd.get("/debvisor/self/node_id")) {
        Ok(out) => etcdctl::parse_value(&out.stdout)?,
        Err(e) => {
            tracing::warn!("etcd unreachable, using the local FQDN: {e:#}");
            return None;
        }
    };
    // The id becomes part of a key: one path segment, no separators.
    if id.is_empty()
        || id.len() > 128
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        || id.starts_with('.')
    {
        tracing::warn!(
            "ignoring invalid node id `{}` in etcd",
            hosts_file::safe_prefix(&id)
        );
        return None;
    }
    match exec.run(&etcd.get(&format!("/debvisor/nodes/{id}/info/fqdn"))) {
        Ok(out) => etcdctl::parse_value(&out.stdout).map(|f| (f, id)),
        Err(e) => {
            tracing::warn!("etcd read failed, using the local FQDN: {e:#}");
            None
        }
    }
}

/// The local FQDN: the kernel hostname if it is qualified, else hostname + domain, else
/// `hostname --fqdn` (resolver-based, bounded).
fn local_fqdn(exec: &Exec, domain: Option<&str>) -> anyhow::Result<String> {
    let h = nix::unistd::gethostname()
        .map_err(|e| precondition(format!("cannot read the hostname: {e}")))?
        .to_string_lossy()
        .into_owned();
    if h.contains('.') {
        return Ok(h);
    }
    if let Some(d) = domain
        .map(|d| d.trim_matches('.'))
        .filter(|d| !d.is_empty())
    {
        return Ok(format!("{h}.{d}"));
    }
    match exec.run(&hostname::fqdn()) {
        Ok(out) if out.stdout.trim().contains('.') => Ok(out.stdout.trim().to_string()),
        _ => Err(precondition(format!(
            "cannot determine this node's FQDN (hostname `{h}` has no domain): pass --fqdn, or \
             set [hostname_register] domain or [dns] zone"
        ))),
    }
}

/// The source address the kernel picks to reach `probe` (a UDP "connect" sends no packet).
fn route_source_v4(probe: IpAddr) -> anyhow::Result<Ipv4Addr> {
    let err = |e: std::io::Error| {
        precondition(format!(
            "cannot find the primary IPv4 address (no route to {probe}: {e}); pass --address or \
             set [hostname_register] address"
        ))
    };
    let sock = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).map_err(err)?;
    sock.connect((probe, 53)).map_err(err)?;
    match sock.local_addr().map_err(err)?.ip() {
        IpAddr::V4(a) => Ok(a),
        IpAddr::V6(a) => Err(precondition(format!(
            "the route to {probe} uses IPv6 source {a}; pass --address"
        ))),
    }
}

fn check_publishable(a: Ipv4Addr) -> anyhow::Result<()> {
    if a.is_loopback()
        || a.is_unspecified()
        || a.is_link_local()
        || a.is_multicast()
        || a.is_broadcast()
    {
        return Err(invalid(format!(
            "{a} is not a publishable node address (loopback, link-local, multicast or unspecified)"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishable_addresses() {
        assert!(check_publishable("10.10.20.7".parse().unwrap()).is_ok());
        for bad in [
            "127.0.0.1",
            "0.0.0.0",
            "169.254.1.1",
            "224.0.0.1",
            "255.255.255.255",
        ] {
            assert!(check_publishable(bad.parse().unwrap()).is_err(), "{bad}");
        }
    }
}
