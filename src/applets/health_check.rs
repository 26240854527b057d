//! health-check: is this node able to do its job? Each check says ok / warning / critical /
//! skipped, why, and what to do about it. Exit 0 healthy, 1 degraded, 2 critical.

use crate::config::views::{CephView, DnsView, K8sView, LibvirtView};
use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::Applet;

mod diagnostics;
pub mod dns_checks;
use crate::context::Ctx;
use crate::exec::Exec;
use crate::output::{self, Table};
use crate::tools::virsh::{self, Virsh};
use crate::tools::{self, kubectl, qemu_img, zpool};

pub const APPLET: Applet = Applet {
    name: "health-check",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Check this node's tools and services and score its health",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("health-check")
        .arg(super::args::connect())
        .arg(
            Arg::new("only")
                .long("only")
                .value_name("CHECK")
                .action(ArgAction::Append)
                .value_delimiter(',')
                .value_parser(CHECKS)
                .help("Run only these checks"),
        )
        .arg(
            Arg::new("collect-diagnostics")
                .long("collect-diagnostics")
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Also write a tar.gz for support to FILE (0600, atomically): tool versions, config, audit tail, unit journals, Ceph/libvirt/nftables/ZFS/BIND state, lifecycle journals; secrets redacted; MISSING.txt lists what could not be collected"),
        )
        .after_help(
            "Examples:\n  debvisor health-check\n  debvisor health-check --json\n  \
             debvisor health-check -c test:///default --only libvirt,qemu-img,disk\n  \
             debvisor health-check --collect-diagnostics /root/debvisor-diag.tar.gz",
        )
}

pub const CHECKS: [&str; 12] = [
    "libvirt",
    "qemu-img",
    "ceph",
    "zfs",
    "dns",
    "dns-sync",
    "dns-expiry",
    "dnssec",
    "tsig",
    "kubernetes",
    "disk",
    "maintenance",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Skipped,
    Warning,
    Critical,
}

#[derive(Debug, Serialize)]
pub struct Check {
    pub name: &'static str,
    /// What the check is about when a check has many (a DNS server, a path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub status: Status,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Status {
    /// The gauge value `debvisor metrics` exports: 0 ok, 1 warning, 2 critical, -1 skipped.
    pub fn gauge(self) -> f64 {
        match self {
            Status::Ok => 0.0,
            Status::Warning => 1.0,
            Status::Critical => 2.0,
            Status::Skipped => -1.0,
        }
    }
}

impl Check {
    fn new(name: &'static str, status: Status, message: impl Into<String>) -> Self {
        Check {
            name,
            subject: None,
            status,
            message: message.into(),
            hint: None,
        }
    }
    fn about(mut self, s: impl Into<String>) -> Self {
        self.subject = Some(s.into());
        self
    }
    fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }
}

#[derive(Debug, Serialize)]
struct Report {
    status: &'static str,
    score: u32,
    checks: Vec<Check>,
}

/// The parts of other applets' sections that health-check reads (lenient: other keys belong to
/// their applets).
/// `[health]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct HealthConfig {
    disk_paths: Vec<PathBuf>,
    disk_warn_percent: f64,
    disk_crit_percent: f64,
}

impl Default for HealthConfig {
    fn default() -> Self {
        HealthConfig {
            disk_paths: vec![
                "/".into(),
                "/var/lib/libvirt/images".into(),
                "/var/lib/debvisor".into(),
            ],
            disk_warn_percent: 15.0,
            disk_crit_percent: 5.0,
        }
    }
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let only: Option<Vec<String>> = m.get_many::<String>("only").map(|v| v.cloned().collect());
    let checks = collect(
        ctx,
        m.get_one::<String>("connect").map(String::as_str),
        only.as_deref(),
    )?;
    if let Some(file) = m.get_one::<PathBuf>("collect-diagnostics") {
        let _lock = ctx.lock(
            "health-check-diagnostics",
            std::time::Duration::from_secs(30),
        )?;
        let s = diagnostics::collect(
            ctx,
            file,
            m.get_one::<String>("connect").map(String::as_str),
            &checks,
        )?;
        if !ctx.json() && !ctx.flags.quiet {
            eprintln!(
                "{} {}: {} files, {} not collected (listed in MISSING.txt)",
                if ctx.dry_run() {
                    "would write"
                } else {
                    "wrote"
                },
                s.file.display(),
                s.collected.len(),
                s.missing.len()
            );
        }
    }
    let score = score(&checks);
    let worst = checks.iter().map(|c| c.status).max().unwrap_or(Status::Ok);
    let (status, code) = match worst {
        Status::Critical => ("critical", 2),
        Status::Warning => ("degraded", 1),
        _ => ("healthy", 0),
    };
    let report = Report {
        status,
        score,
        checks,
    };
    if ctx.json() {
        output::print_json(&report)?;
    } else {
        let mut t = Table::new(["CHECK", "STATUS", "MESSAGE", "HINT"]);
        for c in &report.checks {
            t.row([
                c.name.to_string(),
                format!("{:?}", c.status).to_lowercase(),
                c.message.clone(),
                c.hint.clone().unwrap_or_default(),
            ]);
        }
        t.print()?;
        if !ctx.flags.quiet {
            println!("\nnode is {status} (score {score}/100)");
        }
    }
    Ok(code)
}

/// "maintenance" (logic in `maintenance/health.rs`): a warning when this node is marked.
fn check_maintenance(ctx: &Ctx) -> Option<Check> {
    let me = crate::cluster::local_node_name().unwrap_or_default();
    let (warn, msg, hint) = super::maintenance::health::check(ctx, &me);
    let c = Check::new(
        "maintenance",
        if warn { Status::Warning } else { Status::Ok },
        msg,
    );
    Some(match hint {
        Some(h) => c.hint(h),
        None => c,
    })
}

/// Runs the checks (`only`: a subset of [`CHECKS`]); `debvisor metrics` exports the same.
pub fn collect(
    ctx: &Ctx,
    connect: Option<&str>,
    only: Option<&[String]>,
) -> anyhow::Result<Vec<Check>> {
    let cfg = ctx.config()?;
    let health: HealthConfig = cfg.section("health")?;
    let libvirt: LibvirtView = cfg.section("libvirt")?;
    let dns: DnsView = cfg.section("dns")?;
    let ceph: CephView = cfg.section("ceph")?;
    let k8s: K8sView = cfg.section("k8s")?;
    // The whole [zfs] section, as zfs-status reads it: its thresholds are the operator's.
    let zfs: crate::config::sections::ZfsConfig = cfg.section("zfs")?;
    let wanted = |name: &str| only.is_none_or(|o| o.iter().any(|x| x == name));
    let exec = ctx.exec()?;

    let mut checks = Vec::new();
    if wanted("libvirt") {
        let uri = virsh::resolve_uri(connect, libvirt.uri.as_deref());
        checks.push(check_libvirt(exec, &uri));
    }
    if wanted("qemu-img") {
        checks.push(check_qemu_img(exec));
    }
    if wanted("ceph") {
        checks.push(check_ceph(exec, &ceph));
    }
    if wanted("zfs") {
        checks.push(check_zfs(exec, &zfs));
    }
    if ["dns", "dns-sync", "dns-expiry", "dnssec"]
        .iter()
        .any(|c| wanted(c))
    {
        let full: crate::config::sections::DnsConfig = cfg.section("dns")?;
        let tsig: crate::config::sections::TsigConfig = cfg.section("tsig")?;
        checks.extend(dns_checks::checks(exec, &dns, &full, &tsig, &wanted)?);
    }
    if wanted("tsig") {
        let tsig: crate::config::sections::TsigConfig = cfg.section("tsig")?;
        let full: crate::config::sections::DnsConfig = cfg.section("dns")?;
        checks.push(dns_checks::tsig_check(&full, &tsig));
    }
    if wanted("kubernetes") {
        checks.push(check_kubernetes(exec, &k8s));
    }
    if wanted("disk") {
        checks.extend(check_disks(&health));
    }
    if wanted("maintenance") {
        checks.extend(check_maintenance(ctx));
    }
    Ok(checks)
}

/// 100 minus 10 per warning and 30 per critical, floored at 0. Skipped checks cost nothing.
pub fn score(checks: &[Check]) -> u32 {
    let lost: u32 = checks
        .iter()
        .map(|c| match c.status {
            Status::Warning => 10,
            Status::Critical => 30,
            _ => 0,
        })
        .sum();
    100u32.saturating_sub(lost)
}

fn tool_present(tool: &str) -> bool {
    which::which(tool).is_ok()
}

fn first_line(s: &str) -> String {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string()
}

fn check_libvirt(exec: &Exec, uri: &str) -> Check {
    if !tool_present("virsh") {
        return Check::new("libvirt", Status::Critical, "virsh not found")
            .hint("apt-get install libvirt-clients");
    }
    match exec.run(&Virsh::new(uri).probe()) {
        Ok(out) => Check::new(
            "libvirt",
            Status::Ok,
            format!("connected to {}", first_line(&out.stdout)),
        ),
        Err(e) => Check::new("libvirt", Status::Critical, format!("{uri}: {e:#}"))
            .hint("start libvirtd (systemctl start libvirtd) or check --connect / libvirt.uri"),
    }
}

fn check_qemu_img(exec: &Exec) -> Check {
    if !tool_present("qemu-img") {
        return Check::new(
            "qemu-img",
            Status::Warning,
            "qemu-img not found (vm-convert will not work)",
        )
        .hint("apt-get install qemu-utils");
    }
    match exec.run(&qemu_img::version()) {
        Ok(out) => Check::new("qemu-img", Status::Ok, first_line(&out.stdout)),
        Err(e) => Check::new("qemu-img", Status::Warning, format!("{e:#}")),
    }
}

fn check_ceph(exec: &Exec, ceph: &CephView) -> Check {
    let conf = crate::config::resolve::ceph_conf(None, ceph.conf.clone());
    if !conf.exists() {
        return Check::new(
            "ceph",
            Status::Skipped,
            format!("no cluster configured ({} absent)", conf.display()),
        );
    }
    if !tool_present("ceph") {
        return Check::new(
            "ceph",
            Status::Critical,
            "a cluster is configured but the ceph CLI is missing",
        )
        .hint("apt-get install ceph-common");
    }
    match exec.run(&tools::ceph::health_probe(&conf, ceph.keyring.as_deref())) {
        Ok(out) => match serde_json::from_str::<crate::model::ceph::Health>(&out.stdout) {
            Ok(h) => ceph_check_from(&h),
            Err(_) => Check::new("ceph", Status::Critical, "unparsable `ceph health detail`")
                .hint("run `cephctl status` for details"),
        },
        Err(e) => Check::new("ceph", Status::Critical, format!("{e:#}"))
            .hint("check that the monitors are up and the keyring is readable"),
    }
}

/// Ceph's health as one check: the status, the checks behind it (muted ones too: a cluster that
/// is HEALTH_OK only because of `ceph health mute` is a warning, not ok), and the suggested
/// action of the worst check (e.g. the Debian 13 mgr/bcrypt remedy) as the hint.
fn ceph_check_from(h: &crate::model::ceph::Health) -> Check {
    use crate::model::ceph_report::explain_checks;
    let checks = explain_checks(h);
    let list = |muted: bool| -> String {
        checks
            .iter()
            .filter(|c| c.muted == muted)
            .map(|c| format!("{} ({})", c.code, c.summary))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let hint = checks
        .iter()
        .find(|c| !c.muted)
        .map(|c| c.action.clone())
        .unwrap_or_else(|| "run `cephctl status` for details".into());
    match h.status.as_str() {
        "HEALTH_OK" => {
            let muted = list(true);
            if muted.is_empty() {
                Check::new("ceph", Status::Ok, "HEALTH_OK")
            } else {
                let codes: Vec<&str> = checks
                    .iter()
                    .filter(|c| c.muted)
                    .map(|c| c.code.as_str())
                    .collect();
                Check::new(
                    "ceph",
                    Status::Warning,
                    format!("HEALTH_OK only because checks are muted: {muted}"),
                )
                .hint(format!(
                    "a muted check still matters: fix it, or `ceph health unmute {}`",
                    codes.join(" ")
                ))
            }
        }
        st => {
            let level = if st == "HEALTH_WARN" {
                Status::Warning
            } else {
                Status::Critical
            };
            let open = list(false);
            let msg = if open.is_empty() {
                st.to_string()
            } else {
                format!("{st}: {open}")
            };
            Check::new("ceph", level, msg).hint(hint)
        }
    }
}

fn check_zfs(exec: &Exec, zfs_cfg: &crate::config::sections::ZfsConfig) -> Check {
    // The zfs-status parsers (model::zfs): health, capacity, scrub errors, troubled vdevs.
    use crate::model::zfs as zm;
    if !tool_present("zpool") {
        return Check::new("zfs", Status::Skipped, "ZFS not installed");
    }
    let list = match exec.run(&zpool::list(&[])) {
        Ok(out) => zm::parse_list(&out.stdout),
        Err(e) => return Check::new("zfs", Status::Critical, format!("{e:#}")),
    };
    let status = exec
        .run(&zpool::status(&[]))
        .map(|o| zm::parse_status(&o.stdout))
        .unwrap_or_default();
    let cap_warn = zfs_cfg.capacity_warn_percent;
    let (worst, reports) = zm::pool_reports(&list, &status, cap_warn);
    let by_health: String = reports
        .iter()
        .map(|r| format!("{}\t{}\n", r.name, r.health))
        .collect();
    let base = zfs_check_from(&by_health);
    if reports.is_empty() {
        return base;
    }
    let level = match worst {
        0 => Status::Ok,
        1 => Status::Warning,
        _ => Status::Critical,
    }
    .max(base.status);
    let problems: Vec<String> = reports
        .iter()
        .flat_map(|r| r.problems.iter().map(move |p| format!("{}: {p}", r.name)))
        .collect();
    let mut message = base.message;
    if !problems.is_empty() {
        message = format!("{message} ({})", problems.join("; "));
    }
    let c = Check::new("zfs", level, message);
    if level > Status::Ok {
        c.hint("run `debvisor zfs-status` for details; replace failed devices with `zpool replace`")
    } else {
        c
    }
}

/// Interprets `zpool list -H -o name,health` (tab-separated).
fn zfs_check_from(out: &str) -> Check {
    let mut worst = Status::Ok;
    let mut parts = Vec::new();
    for line in out.lines().filter(|l| !l.trim().is_empty()) {
        let mut f = line.split('\t');
        let (name, health) = (f.next().unwrap_or("?"), f.next().unwrap_or("?").trim());
        let s = match health {
            "ONLINE" => Status::Ok,
            "DEGRADED" => Status::Warning,
            _ => Status::Critical,
        };
        worst = worst.max(s);
        parts.push(format!("{name} {health}"));
    }
    if parts.is_empty() {
        return Check::new("zfs", Status::Skipped, "no pools");
    }
    let c = Check::new("zfs", worst, parts.join(", "));
    if worst > Status::Ok {
        c.hint("run `zpool status -x` and replace failed devices")
    } else {
        c
    }
}

fn check_kubernetes(exec: &Exec, k8s: &K8sView) -> Check {
    let kubeconfig = crate::config::resolve::kubeconfig(None, k8s.kubeconfig.clone())
        .unwrap_or_else(|| PathBuf::from("/etc/kubernetes/admin.conf"));
    if !kubeconfig.exists() {
        return Check::new(
            "kubernetes",
            Status::Skipped,
            format!("no kubeconfig ({} absent)", kubeconfig.display()),
        );
    }
    if !tool_present("kubectl") {
        return Check::new(
            "kubernetes",
            Status::Warning,
            "kubeconfig present but kubectl missing",
        )
        .hint("install kubectl");
    }
    // A silent API server makes kubectl wait for minutes: always bound it.
    match exec.run(&kubectl::readyz(&kubeconfig)) {
        Ok(out) => Check::new(
            "kubernetes",
            Status::Ok,
            format!("API server ready ({})", first_line(&out.stdout)),
        ),
        Err(e) => Check::new("kubernetes", Status::Critical, format!("{e:#}"))
            .hint("check kubelet and the control-plane pods"),
    }
}

fn check_disks(cfg: &HealthConfig) -> Vec<Check> {
    let mut seen_fs = Vec::new();
    let mut out = Vec::new();
    for p in &cfg.disk_paths {
        if !p.exists() {
            continue;
        }
        match crate::tools::fs_space::of(p) {
            Ok(space) => {
                if seen_fs.contains(&space.fsid) {
                    continue;
                }
                seen_fs.push(space.fsid);
                out.push(disk_check(p, space.avail, space.total, cfg));
            }
            Err(e) => out.push(Check::new(
                "disk",
                Status::Warning,
                format!("{}: {e}", p.display()),
            )),
        }
    }
    out
}

fn disk_check(p: &Path, avail: u64, total: u64, cfg: &HealthConfig) -> Check {
    let pct = if total == 0 {
        100.0
    } else {
        avail as f64 * 100.0 / total as f64
    };
    let msg = format!(
        "{}: {} free of {} ({pct:.1}%)",
        p.display(),
        output::bytes(avail),
        output::bytes(total)
    );
    let status = if pct < cfg.disk_crit_percent {
        Status::Critical
    } else if pct < cfg.disk_warn_percent {
        Status::Warning
    } else {
        Status::Ok
    };
    let c = Check::new("disk", status, msg).about(p.display().to_string());
    if status > Status::Ok {
        c.hint(format!("free space on {}", p.display()))
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_and_zfs_parsing() {
        // Recorded from `zpool list -H -o name,health` on a ZFS host (no ZFS module here).
        let c = zfs_check_from("tank\tONLINE\nbackup\tDEGRADED\n");
        assert_eq!(c.status, Status::Warning);
        assert_eq!(c.message, "tank ONLINE, backup DEGRADED");
        let c = zfs_check_from("tank\tFAULTED\n");
        assert_eq!(c.status, Status::Critical);
        let checks = vec![
            Check::new("a", Status::Warning, ""),
            Check::new("b", Status::Critical, ""),
            Check::new("c", Status::Skipped, ""),
        ];
        assert_eq!(score(&checks), 60);
    }

    #[test]
    fn ceph_health_names_cause_and_muted_checks() {
        // Real `ceph health detail -f json` of Ceph 18.2.7 on Debian 13 (fixtures README, reef-*).
        let h = |f: &str| -> crate::model::ceph::Health {
            let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/ceph")
                .join(f);
            serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
        };
        let c = ceph_check_from(&h("reef-healthy-health-detail.json"));
        assert_eq!((c.status, c.message.as_str()), (Status::Ok, "HEALTH_OK"));
        let c = ceph_check_from(&h("reef-mgr-pyo3-health-detail.json"));
        assert_eq!(c.status, Status::Warning);
        assert!(
            c.message
                .starts_with("HEALTH_WARN: MGR_MODULE_DEPENDENCY (11 mgr modules"),
            "{}",
            c.message
        );
        assert!(
            c.hint
                .as_deref()
                .unwrap()
                .contains("cephctl mgr-compat enable"),
            "{:?}",
            c.hint
        );
        let c = ceph_check_from(&h("reef-muted-health-detail.json"));
        assert_eq!(c.status, Status::Warning, "muted is not ok: {}", c.message);
        assert!(
            c.message.contains("muted: MGR_MODULE_DEPENDENCY"),
            "{}",
            c.message
        );
        assert!(c
            .hint
            .as_deref()
            .unwrap()
            .contains("ceph health unmute MGR_MODULE_DEPENDENCY"));
    }

    #[test]
    fn disk_thresholds() {
        let cfg = HealthConfig::default();
        assert_eq!(disk_check(Path::new("/"), 50, 100, &cfg).status, Status::Ok);
        assert_eq!(
            disk_check(Path::new("/"), 10, 100, &cfg).status,
            Status::Warning
        );
        assert_eq!(
            disk_check(Path::new("/"), 1, 100, &cfg).status,
            Status::Critical
        );
    }
}
