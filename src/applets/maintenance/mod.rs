//! maintenance: fence a node off before touching it, and bring it back.
//!
//! `enable NODE`: mark it (etcd + local journal) → noout on exactly its OSDs → live-migrate its
//! running VMs to nodes not in maintenance (where each fits in memory, the least CPU-committed first) → cordon + drain its Kubernetes
//! node → active. `disable NODE`: clear only the flags this tool set → uncordon → (with
//! `--restore-vms`) migrate the moved VMs back → wait for HEALTH_OK and clean PGs → clear the
//! mark. Every step is journaled before its change, so a SIGKILL anywhere followed by a re-run
//! converges. While marked, migrate/evacuate never choose the node, and `hvctl start`,
//! `migrate` onto it and `upgrade` of it refuse unless `--force` (see `guard.rs`).
//!
//! The steps themselves (`steps.rs`) are the ones upgrade's per-node phases call.

mod disable;
mod enable;
pub mod guard;
pub mod health;
mod status;
pub mod steps;
pub mod store;

use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::Applet;
use crate::cluster::{ClusterConfig, NodeConfig};
use crate::config::views::{CephView, K8sView};
use crate::context::Ctx;
use crate::error::usage;
use crate::model::maintenance::{Moved, NotMoved, Record};
use crate::tools::ceph::Ceph;
use crate::tools::kubectl::Kubectl;

pub const APPLET: Applet = Applet {
    name: "maintenance",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Node maintenance mode: evacuate VMs, noout its OSDs, drain it, fence off new work; and restore",
    command: cli,
    run,
};

const JSON_DOC: &str = "JSON (--json):\n  \
enable|disable: {\"node\", \"action\": \"enable\"|\"disable\", \"changed\": bool (false: already in/out of\n  \
maintenance, nothing done), \"state\": \"active\"|\"none\"|…, \"noout_osds\": [ids this tool set],\n  \
\"cordoned\": bool, \"moved\": [{\"vm\", \"target\"}], \"not_moved\": [{\"vm\", \"error\"}],\n  \
\"restored\": [vm], \"resumed\": bool, \"dry_run\": bool}\n  \
status: {\"nodes\": [{\"node\", \"state\": \"none\"|\"entering\"|\"active\"|\"leaving\", \"since\", \"by\",\n  \
\"reason\", \"noout_osds\", \"cordoned\", \"moved\", \"not_moved\", \"pending\": [text]}], \"warnings\": [text]}";

fn cli() -> Command {
    let enable = super::migrate::migration_args(
        Command::new("enable")
            .about("Put NODE into maintenance: mark, noout its OSDs, evacuate its VMs, drain it")
            .arg(Arg::new("node").value_name("NODE").required(true).help("A [cluster] node"))
            .arg(Arg::new("reason").long("reason").value_name("TEXT").help("Why (shown by status and health-check)"))
            .arg(
                Arg::new("force")
                    .long("force")
                    .action(ArgAction::SetTrue)
                    .help("Enter maintenance even when some VMs cannot be moved (they are named and recorded)"),
            ),
    );
    let disable = Command::new("disable")
        .about("Take NODE out of maintenance: clear the flags this tool set, uncordon, restore, wait for HEALTH_OK")
        .arg(Arg::new("node").value_name("NODE").required(true).help("A [cluster] node"))
        .arg(
            Arg::new("restore-vms")
                .long("restore-vms")
                .action(ArgAction::SetTrue)
                .help("Migrate the VMs that enable moved away back to NODE"),
        );
    let status = Command::new("status").about(
        "Every [cluster] node's maintenance state, since when, by whom, why, and what is pending",
    );
    Command::new("maintenance")
        .subcommand_required(true)
        .subcommand(enable)
        .subcommand(disable)
        .subcommand(status)
        .after_help(format!(
            "Examples:\n  debvisor maintenance enable hv1 --reason \"replace DIMM\"\n  \
             debvisor maintenance status --json\n  debvisor maintenance disable hv1 --restore-vms\n  \
             debvisor maintenance enable hv1 --dry-run     # the whole plan from real state\n\n\
             An interrupted enable or disable resumes when run again.\n\n{JSON_DOC}"
        ))
}

/// `[maintenance]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MaintenanceConfig {
    /// Record the mark in etcd (default: when `[etcd] endpoints` is configured).
    pub etcd: Option<bool>,
    pub etcd_prefix: String,
    pub etcd_timeout_secs: u64,
    /// Use Ceph (default: when a Ceph configuration exists).
    pub ceph: Option<bool>,
    /// Use Kubernetes (default: when a kubeconfig exists).
    pub kubernetes: Option<bool>,
    /// Evacuate VMs (needs [cluster] libvirt URIs).
    pub evacuate: bool,
    pub drain_timeout_secs: u64,
    pub health_timeout_secs: u64,
    pub health_poll_secs: u64,
}

impl Default for MaintenanceConfig {
    fn default() -> Self {
        MaintenanceConfig {
            etcd: None,
            etcd_prefix: "/debvisor/nodes".into(),
            etcd_timeout_secs: 5,
            ceph: None,
            kubernetes: None,
            evacuate: true,
            drain_timeout_secs: 600,
            health_timeout_secs: 1800,
            health_poll_secs: 5,
        }
    }
}

/// What the jobs share: settings, the cluster, the components in use, the store.
pub(crate) struct Env<'a> {
    pub ctx: &'a Ctx,
    pub cfg: MaintenanceConfig,
    pub nodes: Vec<NodeConfig>,
    pub ceph: Option<Ceph>,
    pub kubectl: Option<Kubectl>,
    pub store: store::Store,
}

impl<'a> Env<'a> {
    fn new(ctx: &'a Ctx) -> anyhow::Result<Env<'a>> {
        let config = ctx.config()?;
        let cfg: MaintenanceConfig = config.section("maintenance")?;
        let cluster: ClusterConfig = config.section("cluster")?;
        let cv: CephView = config.section("ceph")?;
        let kv: K8sView = config.section("k8s")?;
        let ceph_on = cfg
            .ceph
            .unwrap_or_else(|| crate::config::resolve::ceph_conf(None, cv.conf.clone()).exists());
        let kubeconfig = crate::config::resolve::kubeconfig(None, kv.kubeconfig.clone());
        let k8s_on = cfg
            .kubernetes
            .unwrap_or_else(|| kubeconfig.as_ref().is_some_and(|k| k.exists()));
        Ok(Env {
            ctx,
            nodes: cluster.nodes(),
            ceph: ceph_on
                .then(|| Ceph::resolve(None, None, cv.conf.clone(), cv.keyring.clone(), 10)),
            kubectl: k8s_on.then(|| Kubectl {
                kubeconfig,
                context: None,
                request_timeout: 10,
                deadline: 30,
                cache_dir: std::env::var_os("DEBVISOR_KUBECTL_CACHE_DIR").map(PathBuf::from),
            }),
            store: store::Store::from_ctx(ctx)?,
            cfg,
        })
    }

    fn node(&self, name: &str) -> anyhow::Result<NodeConfig> {
        steps::find_node(&self.nodes, name).cloned()
    }

    /// Nodes a VM may move to: other nodes with a libvirt URI, not in maintenance.
    fn targets(&self, source: &str, marked: &[String]) -> Vec<NodeConfig> {
        self.nodes
            .iter()
            .filter(|n| n.name != source && n.libvirt_uri.is_some())
            .filter(|n| !marked.contains(&n.name))
            .cloned()
            .collect()
    }
}

/// The result of enable/disable (`--json`; field names are stable, see JSON_DOC).
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub node: String,
    pub action: &'static str,
    pub changed: bool,
    pub state: &'static str,
    pub noout_osds: Vec<u32>,
    pub cordoned: bool,
    pub moved: Vec<MovedOut>,
    pub not_moved: Vec<NotMoved>,
    pub restored: Vec<String>,
    pub resumed: bool,
    pub dry_run: bool,
}

#[derive(Debug, Serialize)]
pub struct MovedOut {
    pub vm: String,
    pub target: String,
}

pub(crate) fn moved_out(m: &[Moved]) -> Vec<MovedOut> {
    m.iter()
        .filter(|m| m.done)
        .map(|m| MovedOut {
            vm: m.vm.clone(),
            target: m.target.clone(),
        })
        .collect()
}

/// `user@host`: who runs this (the sudo caller when there is one).
fn who() -> String {
    let user = std::env::var("SUDO_USER")
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| nix::unistd::geteuid().to_string());
    let host = nix::unistd::gethostname()
        .map(|h| h.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "?".into());
    format!("{user}@{host}")
}

/// Saves the record (local journal, then etcd) — the journal step of every job.
pub(crate) fn save(env: &Env, r: &Record) -> anyhow::Result<()> {
    env.store.save(env.ctx.exec()?, r)
}

/// Test hook (feature `test-hooks`, test builds only): `DEBVISOR_TEST_KILL_AT=STEP` makes the
/// process SIGKILL itself right after STEP (a step name of enable/disable once it is journaled,
/// or one of the in-step points `noout-recorded`, `evacuate-intent`, `restore-one`), which is
/// how the crash tests kill it deterministically. In a release binary this is a no-op.
pub(crate) fn checkpoint(step: &str) {
    #[cfg(feature = "test-hooks")]
    if std::env::var("DEBVISOR_TEST_KILL_AT").as_deref() == Ok(step) {
        let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL);
    }
    #[cfg(not(feature = "test-hooks"))]
    let _ = step;
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let env = Env::new(ctx)?;
    match m.subcommand() {
        Some(("enable", sm)) => enable::run(&env, sm),
        Some(("disable", sm)) => disable::run(&env, sm),
        Some(("status", _)) => status::run(&env),
        _ => Err(usage("missing subcommand: enable, disable or status")),
    }
}

fn print_outcome(ctx: &Ctx, o: &Outcome, text: &str) -> anyhow::Result<()> {
    if ctx.json() {
        crate::output::print_json(o)?;
    } else if !ctx.flags.quiet {
        println!("{text}");
    }
    Ok(())
}
