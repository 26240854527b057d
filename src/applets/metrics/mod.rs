//! metrics: the node's state for Prometheus. One run collects every subsystem with a bounded
//! number of processes each (no per-VM or per-record spawns), and prints the Prometheus text
//! exposition format (`--json`: the same values), or writes `DIR/debvisor.prom` atomically for
//! node_exporter's textfile collector (`--textfile DIR`). A collector that fails yields
//! `debvisor_collector_success{collector="…"} 0` and the others still report: the file is never
//! missing nor partial.
//!
//! Collectors: `health` (health-check's checks and score), `dns` (`dns.rs`), `ceph` and `zfs`
//! (`storage.rs`, the parsers of cephctl and zfs-status), `blocklist`, `vms`, `websockify`, `tsig`,
//! `journals`, `units`, `maintenance` (`node.rs`).

pub mod dns;
pub mod node;
pub mod storage;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Deserialize;

use super::health_check::{self, Check};
use super::Applet;
use crate::config::sections::{DnsConfig, TsigConfig};
use crate::config::views::{CephView, LibvirtView};
use crate::context::Ctx;
use crate::exec::files::FileSpec;
use crate::model::metrics::Set;
use crate::tools::ceph::Ceph;
use crate::tools::virsh;

pub const APPLET: Applet = Applet {
    name: "metrics",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Export this node's health, DNS, storage, blocklist and VM state as Prometheus metrics",
    command: cli,
    run,
};

pub const COLLECTORS: [&str; 11] = [
    "health",
    "dns",
    "ceph",
    "zfs",
    "blocklist",
    "vms",
    "websockify",
    "tsig",
    "journals",
    "units",
    "maintenance",
];

/// The textfile name node_exporter reads (`*.prom` in its directory).
pub const FILE_NAME: &str = "debvisor.prom";

fn cli() -> Command {
    Command::new("metrics")
        .arg(super::args::connect())
        .arg(
            Arg::new("textfile")
                .long("textfile")
                .value_name("DIR")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Write DIR/debvisor.prom atomically for node_exporter's textfile collector (Debian: /var/lib/prometheus/node-exporter) instead of printing"),
        )
        .arg(
            Arg::new("only")
                .long("only")
                .value_name("COLLECTOR")
                .action(ArgAction::Append)
                .value_delimiter(',')
                .value_parser(COLLECTORS)
                .help("Run only these collectors"),
        )
        .after_help(
            "Examples:\n  debvisor metrics\n  debvisor metrics --json --only dns,zfs\n  \
             debvisor metrics --textfile /var/lib/prometheus/node-exporter",
        )
}

/// `[metrics]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct MetricsConfig {
    /// Collectors run when `--only` is not given.
    collectors: Vec<String>,
    /// Units whose last result is exported.
    units: Vec<String>,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig {
            collectors: COLLECTORS.iter().map(|s| s.to_string()).collect(),
            units: [
                "debvisor-blocklist.service",
                "debvisor-ceph-health.service",
                "debvisor-zfs-scrub.service",
                "debvisor-metrics.service",
                "debvisor-firstboot.service",
                "tsig-rotate.service",
                "hostname-register.service",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let cfg = ctx.config()?;
    let mcfg: MetricsConfig = cfg.section("metrics")?;
    for c in &mcfg.collectors {
        if !COLLECTORS.contains(&c.as_str()) {
            return Err(crate::error::config(format!(
                "[metrics] collectors: unknown collector `{c}` (known: {})",
                COLLECTORS.join(", ")
            )));
        }
    }
    let only: Vec<String> = m
        .get_many::<String>("only")
        .map(|v| v.cloned().collect())
        .unwrap_or(mcfg.collectors.clone());
    let textfile = m.get_one::<PathBuf>("textfile").cloned();
    let connect = m.get_one::<String>("connect").cloned();
    let _lock = match &textfile {
        Some(_) => ctx.lock("metrics", Duration::from_secs(30))?,
        None => None,
    };

    let set = collect(ctx, &only, connect.as_deref(), &mcfg)?;
    if let Some(dir) = textfile {
        let exec = ctx.exec()?;
        exec.create_dir_all(&dir, 0o755)?;
        let path = dir.join(FILE_NAME);
        exec.write_file(&path, set.render().as_bytes(), FileSpec::PUBLIC)?;
        if ctx.json() {
            crate::output::print_json(&set.to_json())?;
        } else if !ctx.flags.quiet && !ctx.dry_run() {
            eprintln!("wrote {}", path.display());
        }
    } else if ctx.json() {
        crate::output::print_json(&set.to_json())?;
    } else {
        print!("{}", set.render());
    }
    Ok(0)
}

/// Runs the collectors in order; each one's failure is a `collector_success 0`, never an error.
fn collect(
    ctx: &Ctx,
    only: &[String],
    connect: Option<&str>,
    mcfg: &MetricsConfig,
) -> anyhow::Result<Set> {
    let cfg = ctx.config()?;
    let general = ctx.general()?;
    let exec = ctx.exec()?;
    let dns_full: DnsConfig = cfg.section("dns")?;
    let tsig: TsigConfig = cfg.section("tsig")?;
    let ceph_view: CephView = cfg.section("ceph")?;
    let libvirt: LibvirtView = cfg.section("libvirt")?;
    let now = crate::clock::unix_now() as i64;
    let wants = |c: &str| only.iter().any(|o| o == c);

    let mut set = Set::new();
    // health-check's DNS checks come from the dns collector's probe (one probe per run).
    let mut dns_checks: Vec<Check> = Vec::new();
    let run_one = |name: &str,
                   configured: bool,
                   set: &mut Set,
                   f: &mut dyn FnMut(&mut Set) -> anyhow::Result<()>| {
        let started = Instant::now();
        let mut mine = Set::new();
        let ok = if configured {
            match f(&mut mine) {
                Ok(()) => true,
                Err(e) => {
                    tracing::warn!("metrics: collector {name} failed: {e:#}");
                    false
                }
            }
        } else {
            true
        };
        if ok {
            set.extend(mine);
        }
        let l = [("collector", name)];
        set.gauge(
            "collector_success",
            "1 when the collector ran (or had nothing to collect), 0 when it failed or timed out.",
            &l,
            ok as u8 as f64,
        );
        set.gauge(
            "collector_configured",
            "1 when the subsystem is configured or present on this node.",
            &l,
            configured as u8 as f64,
        );
        set.gauge(
            "collector_duration_seconds",
            "How long the collector took.",
            &l,
            started.elapsed().as_secs_f64(),
        );
    };

    if wants("dns") {
        let probe = dns::Probe::from_config(&dns_full, &tsig)?;
        let configured = probe.is_some() && which::which("dig").is_ok();
        run_one("dns", configured, &mut set, &mut |s| {
            let r = probe.as_ref().expect("configured").run(exec, now)?;
            dns::metrics(&r, s);
            dns_checks = health_check::dns_checks::from_report(&r, &dns_full, &|_| true);
            Ok(())
        });
    }
    if wants("health") {
        run_one("health", true, &mut set, &mut |s| {
            let rest: Vec<String> = health_check::CHECKS
                .iter()
                .filter(|c| !c.starts_with("dns"))
                .map(|c| c.to_string())
                .collect();
            let mut checks = health_check::collect(ctx, connect, Some(&rest))?;
            checks.append(&mut dns_checks);
            health_metrics(&checks, s);
            Ok(())
        });
    }
    if wants("ceph") {
        let conf = crate::config::resolve::ceph_conf(None, ceph_view.conf.clone());
        let configured = conf.exists() && which::which("ceph").is_ok();
        run_one("ceph", configured, &mut set, &mut |s| {
            let ceph = Ceph::resolve(
                None,
                None,
                ceph_view.conf.clone(),
                ceph_view.keyring.clone(),
                10,
            );
            storage::ceph(exec, &ceph, &general.state_dir, s)
        });
    }
    if wants("zfs") {
        run_one("zfs", which::which("zpool").is_ok(), &mut set, &mut |s| {
            storage::zfs(exec, now, s)
        });
    }
    if wants("blocklist") {
        run_one("blocklist", true, &mut set, &mut |s| {
            node::blocklist(&general.state_dir, now, s)
        });
    }
    if wants("vms") {
        let uri = virsh::resolve_uri(connect, libvirt.uri.as_deref());
        run_one("vms", which::which("virsh").is_ok(), &mut set, &mut |s| {
            node::vms(exec, &uri, s)
        });
    }
    if wants("websockify") {
        run_one("websockify", true, &mut set, &mut |s| {
            node::websockify(&general.state_dir, s)
        });
    }
    if wants("tsig") {
        run_one("tsig", true, &mut set, &mut |s| {
            let client = tsig.client_key.clone().unwrap_or(dns_full.key_file.clone());
            node::tsig(
                &[("client", &client), ("bind", &tsig.bind_include)],
                tsig.rotation_days,
                now,
                s,
            );
            Ok(())
        });
    }
    if wants("journals") {
        run_one("journals", true, &mut set, &mut |s| {
            let sd = &general.state_dir;
            let files: [(&str, PathBuf); 3] = [
                ("firstboot", general.log_dir.join("firstboot-report.json")),
                ("join", sd.join("join/journal.json")),
                ("upgrade", sd.join("upgrade/journal.json")),
            ];
            let refs: Vec<(&str, &Path)> = files.iter().map(|(n, p)| (*n, p.as_path())).collect();
            node::journals(&refs, now, s);
            Ok(())
        });
    }
    if wants("units") {
        // sd_booted(3): systemd is the init system when /run/systemd/system exists.
        let configured = which::which("systemctl").is_ok()
            && Path::new("/run/systemd/system").is_dir()
            && !mcfg.units.is_empty();
        run_one("units", configured, &mut set, &mut |s| {
            node::units(exec, &mcfg.units, now, s)
        });
    }
    if wants("maintenance") {
        run_one("maintenance", true, &mut set, &mut |s| {
            // The same records `maintenance status` reads (etcd, else the local journal).
            node::maintenance(&crate::applets::maintenance::guard::read(ctx)?, s);
            Ok(())
        });
    }
    set.gauge(
        "metrics_last_run_timestamp_seconds",
        "When debvisor metrics last collected.",
        &[],
        now as f64,
    );
    Ok(set)
}

/// One gauge per check (0 ok, 1 warning, 2 critical, -1 skipped; the worst when a check has
/// several results for one subject) and the score.
pub fn health_metrics(checks: &[Check], set: &mut Set) {
    let mut worst: std::collections::BTreeMap<(String, String), health_check::Status> =
        Default::default();
    for c in checks {
        let k = (c.name.to_string(), c.subject.clone().unwrap_or_default());
        let e = worst.entry(k).or_insert(c.status);
        *e = (*e).max(c.status);
    }
    for ((check, subject), st) in worst {
        set.gauge(
            "health_check_status",
            "health-check result per check: 0 ok, 1 warning, 2 critical, -1 skipped.",
            &[("check", check.as_str()), ("subject", subject.as_str())],
            st.gauge(),
        );
    }
    set.gauge(
        "health_score",
        "health-check's score (100 minus 10 per warning and 30 per critical).",
        &[],
        health_check::score(checks) as f64,
    );
}
