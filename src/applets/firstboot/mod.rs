//! firstboot: turns a freshly installed node into a DebVisor hypervisor, in ordered phases.
//!
//! Each phase detects its own done-state from the system (not only from a state file), so a
//! re-run continues where a failed run stopped and never repeats a destructive step. Inputs are
//! read as data (model::profile). Only the storage phase is destructive: it needs `--yes` or the
//! explicit opt-in `[firstboot] allow_destructive = true` (written by the installer for the
//! first-boot unit). A JSON report per phase goes to LOG_DIR/firstboot-report.json.

mod ceph_mon;
mod network;
mod services;
pub mod storage;

use std::path::PathBuf;
use std::time::Instant;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::Applet;
use crate::context::Ctx;
use crate::error::{self, code};
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::profile::{self, Mode, Profile};
use crate::output::{self, Table};

pub const APPLET: Applet = Applet {
    name: "firstboot",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Provision a fresh node: accounts, bridge, storage, Docker, Kubernetes, firewall, libvirt, DNS",
    command: cli,
    run,
};

pub const PHASES: [&str; 9] = [
    "accounts",
    "network",
    "storage",
    "docker",
    "kubernetes",
    "firewall",
    "libvirt-pool",
    "tsig",
    "hostname",
];

fn cli() -> Command {
    clap::Command::new("firstboot")
        .arg(
            Arg::new("phase")
                .long("phase")
                .value_name("NAME")
                .action(ArgAction::Append)
                .value_parser(PHASES)
                .help("Run only this phase (repeatable); the others are not touched"),
        )
        .arg(Arg::new("plan").long("plan").action(ArgAction::SetTrue).help("Print every step and command; change nothing (same as --dry-run)"))
        .arg(Arg::new("force").long("force").action(ArgAction::SetTrue).help("Run even though a previous run completed (phases still detect what is done)"))
        .after_help(
            "Examples:\n  debvisor firstboot --plan\n  debvisor firstboot --phase network --yes\n  \
             debvisor firstboot --yes --json\n\nInputs (read as data, never executed; paths from [firstboot] profile_file, \
             mode_file, addons_file):\n  /etc/debvisor-profile   REQUIRED: PROFILE=ceph|zfs|mixed|usb-zfs (`export`, quotes and \
             comments allowed); without it firstboot refuses to run\n  /etc/debvisor-mode      optional: prod|lab (default lab)\n  \
             /etc/debvisor-addons.conf  optional: ADDON_*=yes|no",
        )
}

/// `[firstboot]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FirstbootConfig {
    pub profile_file: PathBuf,
    pub mode_file: PathBuf,
    pub addons_file: PathBuf,
    /// The first-boot unit's opt-in to destructive steps (disk wiping) without --yes.
    pub allow_destructive: bool,
    pub bridge: String,
    pub primary_nic: Option<String>,
    pub networkd_dir: PathBuf,
    pub stp_wait_secs: u64,
    pub service_accounts: Vec<String>,
    pub include_loop_disks: bool,
    pub disk_allowlist: Vec<String>,
    pub min_disk_gib: u64,
    /// The mount point whose disk is the OS disk (tests point it at a loop device's mount).
    pub root_mount: String,
    pub zfs_pool: String,
    pub zfs_datasets: Vec<String>,
    pub zfs_mount_base: String,
    pub docker_daemon_json: PathBuf,
    pub kubeadm_config: Option<PathBuf>,
    pub pod_network_cidr: String,
    pub cni_manifest: Option<PathBuf>,
    pub untaint_single_node: bool,
    pub nftables_conf: PathBuf,
    pub ssh_port: u16,
    pub libvirt_uri: String,
    pub libvirt_pool_dir: PathBuf,
    pub tsig_key_file: PathBuf,
    pub tsig_key_name: String,
    /// Ceph (profiles ceph and mixed): with no ceph.conf, bootstrap a new cluster's first
    /// monitor here (false: refuse, the node is meant to `join` an existing cluster).
    pub ceph_bootstrap: bool,
    /// ceph.conf and the admin keyring.
    pub ceph_conf_dir: PathBuf,
    /// Monitor/manager data, bootstrap-osd keyring, crash dumps.
    pub ceph_data_dir: PathBuf,
    pub ceph_run_dir: PathBuf,
    pub ceph_log_dir: PathBuf,
    /// How the first monitor and manager run: systemd units or detached processes.
    pub ceph_daemons: ceph_mon::Daemons,
    /// Daemon user under systemd (data dirs and keyrings chowned to it); "" = root.
    pub ceph_user: String,
    /// Monitor and manager id (default: the short hostname).
    pub ceph_mon_id: Option<String>,
    /// Monitor address (default: the primary address, of the default route's device).
    pub ceph_mon_ip: Option<String>,
    pub ceph_mon_port_v2: u16,
    pub ceph_mon_port_v1: u16,
    /// Default: the network of the monitor address.
    pub ceph_public_network: Option<String>,
    /// Appended verbatim to the generated ceph.conf (with its own [section] headers).
    pub ceph_extra_conf: String,
    /// Seconds to wait for monitor quorum and for an available manager.
    pub ceph_wait_secs: u64,
    pub ceph_volume: String,
    /// Profile mixed: disks (paths or /dev/disk/by-id links) for the ZFS pool and for Ceph OSDs.
    pub mixed_zfs_disks: Vec<String>,
    pub mixed_ceph_disks: Vec<String>,
}

impl Default for FirstbootConfig {
    fn default() -> Self {
        FirstbootConfig {
            profile_file: "/etc/debvisor-profile".into(),
            mode_file: "/etc/debvisor-mode".into(),
            addons_file: "/etc/debvisor-addons.conf".into(),
            allow_destructive: false,
            bridge: "br0".into(),
            primary_nic: None,
            networkd_dir: "/etc/systemd/network".into(),
            stp_wait_secs: 40,
            service_accounts: vec!["tsig-rotator".into()],
            include_loop_disks: false,
            disk_allowlist: Vec::new(),
            min_disk_gib: 1,
            root_mount: "/".into(),
            zfs_pool: "tank".into(),
            zfs_datasets: vec!["vm".into(), "docker".into(), "k8s".into()],
            zfs_mount_base: "/srv".into(),
            docker_daemon_json: "/etc/docker/daemon.json".into(),
            kubeadm_config: None,
            pod_network_cidr: "10.244.0.0/16".into(),
            cni_manifest: None,
            untaint_single_node: false,
            nftables_conf: "/etc/nftables.conf".into(),
            ssh_port: 22,
            libvirt_uri: "qemu:///system".into(),
            libvirt_pool_dir: "/var/lib/libvirt/images".into(),
            tsig_key_file: "/etc/bind/keys/ddns.key".into(),
            tsig_key_name: "ddns-key".into(),
            ceph_bootstrap: true,
            ceph_conf_dir: "/etc/ceph".into(),
            ceph_data_dir: "/var/lib/ceph".into(),
            ceph_run_dir: "/var/run/ceph".into(),
            ceph_log_dir: "/var/log/ceph".into(),
            ceph_daemons: ceph_mon::Daemons::Systemd,
            ceph_user: "ceph".into(),
            ceph_mon_id: None,
            ceph_mon_ip: None,
            ceph_mon_port_v2: 3300,
            ceph_mon_port_v1: 6789,
            ceph_public_network: None,
            ceph_extra_conf: String::new(),
            ceph_wait_secs: 180,
            ceph_volume: "ceph-volume".into(),
            mixed_zfs_disks: Vec::new(),
            mixed_ceph_disks: Vec::new(),
        }
    }
}

/// How a phase ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Already in place (detected from the system); nothing was changed.
    Done,
    Applied,
    /// Dry run: the commands were printed, not run.
    Planned,
    Skipped,
    Failed,
}

pub struct PhaseResult {
    pub status: Status,
    pub message: String,
}

impl PhaseResult {
    pub fn done(m: impl Into<String>) -> anyhow::Result<Self> {
        Ok(PhaseResult {
            status: Status::Done,
            message: m.into(),
        })
    }
    pub fn skipped(m: impl Into<String>) -> anyhow::Result<Self> {
        Ok(PhaseResult {
            status: Status::Skipped,
            message: m.into(),
        })
    }
    pub fn applied(exec: &Exec, m: impl Into<String>) -> anyhow::Result<Self> {
        let status = if exec.is_dry_run() {
            Status::Planned
        } else {
            Status::Applied
        };
        Ok(PhaseResult {
            status,
            message: m.into(),
        })
    }
}

#[derive(Debug, Serialize)]
struct PhaseReport {
    name: &'static str,
    status: Status,
    duration_ms: u128,
    commands: Vec<String>,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct Report {
    started: String,
    finished: String,
    hostname: String,
    profile: &'static str,
    mode: Mode,
    dry_run: bool,
    ok: bool,
    phases: Vec<PhaseReport>,
}

/// Everything a phase needs.
pub struct Run<'a> {
    pub ctx: &'a Ctx,
    pub exec: &'a Exec,
    pub cfg: &'a FirstbootConfig,
    pub profile: Profile,
    pub hostname: String,
}

fn read_input(path: &PathBuf, required: bool) -> anyhow::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(error::config(format!(
            "{}: missing: firstboot needs this node's profile (a line PROFILE=ceph|zfs|mixed|usb-zfs), \
             which the image build writes; or point [firstboot] profile_file at it",
            path.display()
        ))),
        Err(e) => Err(error::config(format!("{}: {e}", path.display()))),
    }
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    if m.get_flag("plan") {
        ctx.flags.dry_run = true;
    }
    let cfg: FirstbootConfig = ctx.config()?.section("firstboot")?;
    let general = ctx.general()?;
    let profile_text = read_input(&cfg.profile_file, true)?.unwrap_or_default();
    let profile = profile::parse_profile(&cfg.profile_file.display().to_string(), &profile_text)
        .map_err(error::config)?;
    let mode = match read_input(&cfg.mode_file, false)? {
        Some(t) => {
            profile::parse_mode(&cfg.mode_file.display().to_string(), &t).map_err(error::config)?
        }
        None => Mode::Lab,
    };
    if let Some(t) = read_input(&cfg.addons_file, false)? {
        profile::parse_addons(&cfg.addons_file.display().to_string(), &t).map_err(error::config)?;
    }
    let selected: Vec<&'static str> = match m.get_many::<String>("phase") {
        Some(v) => {
            let wanted: Vec<&String> = v.collect();
            PHASES
                .iter()
                .copied()
                .filter(|p| wanted.iter().any(|w| w == p))
                .collect()
        }
        None => PHASES.to_vec(),
    };
    let done_marker = general.state_dir.join("firstboot.done");
    if done_marker.exists() && m.get_many::<String>("phase").is_none() && !m.get_flag("force") {
        if !ctx.flags.quiet {
            println!(
                "firstboot already completed ({} exists); use --force or --phase to run again",
                done_marker.display()
            );
        }
        return Ok(code::OK);
    }
    if selected.contains(&"storage") && !cfg.allow_destructive {
        // Asked up front, before anything changes: storage wipes disks.
        ctx.confirm("The storage phase wipes the blank disks it selects and creates a storage pool on them.")?;
    }
    let _lock = ctx.lock("firstboot", std::time::Duration::from_secs(5))?;
    let exec = ctx.exec()?;
    let hostname = nix::unistd::gethostname()
        .map(|h| h.to_string_lossy().into_owned())
        .unwrap_or_default();
    let run = Run {
        ctx,
        exec,
        cfg: &cfg,
        profile,
        hostname: hostname.clone(),
    };

    let started = crate::clock::now_rfc3339();
    let mut reports = Vec::new();
    let mut ok = true;
    let mut first_error: Option<anyhow::Error> = None;
    exec.take_history();
    for name in selected {
        if !ctx.flags.quiet && !ctx.json() {
            eprintln!("firstboot: phase {name}…");
        }
        let t0 = Instant::now();
        let result = match name {
            "accounts" => services::accounts(&run),
            "network" => network::bridge(&run),
            "storage" => storage::storage(&run),
            "docker" => services::docker(&run),
            "kubernetes" => services::kubernetes(&run),
            "firewall" => services::firewall(&run),
            "libvirt-pool" => services::libvirt_pool(&run),
            "tsig" => services::tsig(&run),
            "hostname" => services::hostname(&run),
            _ => unreachable!("clap restricts phases"),
        };
        let (status, message, err) = match result {
            Ok(r) => (r.status, r.message, None),
            Err(e) => (Status::Failed, String::new(), Some(e)),
        };
        reports.push(PhaseReport {
            name,
            status,
            duration_ms: t0.elapsed().as_millis(),
            commands: exec.take_history(),
            message,
            error: err.as_ref().map(|e| format!("{e:#}")),
        });
        if let Some(e) = err {
            ok = false;
            tracing::error!("phase {name} failed: {e:#}");
            first_error.get_or_insert(e);
            // Later phases build on earlier ones: a real run stops here (a re-run resumes, the
            // phases detect what is done). A dry run goes on, so that the plan shows every
            // phase: what it would do, or why it would refuse.
            if !ctx.dry_run() {
                break;
            }
        }
    }
    let report = Report {
        started,
        finished: crate::clock::now_rfc3339(),
        hostname,
        profile: profile.name(),
        mode,
        dry_run: ctx.dry_run(),
        ok,
        phases: reports,
    };
    let json = serde_json::to_vec_pretty(&report)?;
    if !ctx.dry_run() {
        exec.create_dir_all(&general.log_dir, 0o750)?;
        exec.write_file(
            &general.log_dir.join("firstboot-report.json"),
            &json,
            FileSpec::mode(0o640),
        )?;
        if ok && m.get_many::<String>("phase").is_none() {
            exec.create_dir_all(&general.state_dir, 0o755)?;
            exec.write_file(
                &done_marker,
                crate::clock::now_rfc3339().as_bytes(),
                FileSpec::PUBLIC,
            )?;
        }
    }
    if ctx.json() {
        output::print_json(&report)?;
    } else {
        let mut t = Table::new(["PHASE", "STATUS", "TIME", "DETAIL"]).right(2);
        for p in &report.phases {
            let detail = p.error.clone().unwrap_or_else(|| p.message.clone());
            t.row([
                p.name.to_string(),
                format!("{:?}", p.status).to_lowercase(),
                format!("{} ms", p.duration_ms),
                detail,
            ]);
        }
        t.print()?;
    }
    let failed: Vec<&str> = report
        .phases
        .iter()
        .filter(|p| p.status == Status::Failed)
        .map(|p| p.name)
        .collect();
    match first_error {
        None => Ok(code::OK),
        Some(e) if ctx.dry_run() => Err(anyhow::anyhow!(
            "{} would refuse: {} (first: {e:#}; the plan above shows every phase)",
            if failed.len() == 1 { "1 phase".to_string() } else { format!("{} phases", failed.len()) },
            failed.join(", ")
        )),
        Some(e) => Err(anyhow::anyhow!(
            "phase {} failed: {e:#} (fix it and run firstboot again: finished phases are detected and skipped)",
            failed.first().copied().unwrap_or("?")
        )),
    }
}
