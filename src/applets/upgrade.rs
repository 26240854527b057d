//! upgrade: a rolling upgrade of the cluster's nodes, one at a time, with the safety gates an
//! operator would apply by hand — and a journal, so an interrupted run resumes at the right node
//! and phase and a failure leaves the cluster in a known, reported state.
//!
//! Per node: precheck (HEALTH_OK, no degraded PGs, k8s nodes Ready, ok-to-stop for its OSDs) →
//! noout on its OSDs → evacuate its VMs (migrate --evacuate) → kubectl drain → packages →
//! reboot only if the node needs it (new kernel, /run/reboot-required), and wait for the node →
//! uncordon → clear noout → wait for HEALTH_OK. Flags are cleared only by the phase that owns
//! them, never blindly on failure.

use crate::config::views::{CephView, K8sView};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::maintenance::steps;
use super::migrate::MigrationFlags;
use super::Applet;
use crate::cluster::{ClusterConfig, NodeConfig};
use crate::context::Ctx;
use crate::error::{self, code, Error};
use crate::exec::Exec;
use crate::journal::JsonJournal;
use crate::model::upgrade::{self, Journal, PackageChange};
use crate::output::{self, Table};
use crate::tools::ceph::Ceph;
use crate::tools::kubectl::Kubectl;
use crate::tools::{apt_get, cat, dpkg_query, sh, systemctl};

pub const APPLET: Applet = Applet {
    name: "upgrade",
    bare_link: false,
    legacy: &[],
    section: 8,
    about:
        "Rolling, resumable upgrade of the cluster's nodes with Ceph and Kubernetes safety gates",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("upgrade")
        .arg(Arg::new("node").long("node").value_name("NODE").action(ArgAction::Append).help("Upgrade these nodes, in this order [default: every [cluster] node]"))
        .arg(Arg::new("check").long("check").action(ArgAction::SetTrue).help("Run the pre-checks, refresh the package lists (apt-get update) and simulate the package upgrade on every node; no package changes"))
        .arg(Arg::new("diff").long("diff").action(ArgAction::SetTrue).requires("check").help("With --check: list every package change (old → new)"))
        .arg(Arg::new("pause").long("pause").action(ArgAction::SetTrue).help("Stop after each node (re-run to continue with the next one)"))
        .arg(Arg::new("status").long("status").action(ArgAction::SetTrue).help("Show the journal of the current/last upgrade"))
        .arg(Arg::new("force").long("force").action(ArgAction::SetTrue).help("Upgrade nodes even when they are in maintenance mode (`debvisor maintenance status`)"))
        .arg(Arg::new("abandon").long("abandon").action(ArgAction::SetTrue).help("Forget an interrupted upgrade's journal (flags it set are listed, not cleared)"))
        .after_help(
            "Examples:\n  debvisor-upgrade --check --diff\n  debvisor-upgrade --node node2 --node node3\n  \
             debvisor-upgrade --status\n  debvisor-upgrade            # resumes an interrupted run",
        )
}

/// `[upgrade]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct UpgradeConfig {
    /// apt-get on the nodes (a path or a name on the node's PATH).
    apt_get: String,
    /// Command that reboots a node.
    reboot_command: Vec<String>,
    reboot_timeout_secs: u64,
    drain_timeout_secs: u64,
    health_timeout_secs: u64,
    health_poll_secs: u64,
    /// Evacuate VMs with `migrate --evacuate` (needs [cluster] libvirt URIs).
    evacuate: bool,
    /// Use Ceph gates (default: when a Ceph configuration exists).
    ceph: Option<bool>,
    /// Use Kubernetes gates (default: when a kubeconfig exists).
    kubernetes: Option<bool>,
    /// Packages whose versions are reported before/after.
    report_packages: Vec<String>,
    /// Where a node's boot id is read, to see that a reboot really happened.
    boot_id_file: String,
}

impl Default for UpgradeConfig {
    fn default() -> Self {
        UpgradeConfig {
            apt_get: "apt-get".into(),
            reboot_command: vec!["systemctl".into(), "reboot".into()],
            reboot_timeout_secs: 900,
            drain_timeout_secs: 600,
            health_timeout_secs: 1800,
            health_poll_secs: 5,
            evacuate: true,
            ceph: None,
            kubernetes: None,
            report_packages: vec![
                "debvisor".into(),
                "ceph-osd".into(),
                "libvirt-daemon".into(),
                "qemu-system-x86".into(),
            ],
            boot_id_file: "/proc/sys/kernel/random/boot_id".into(),
        }
    }
}

struct Upgrader<'a> {
    ctx: &'a Ctx,
    exec: &'a Exec,
    cfg: UpgradeConfig,
    nodes: Vec<NodeConfig>,
    /// Every [cluster] node (evacuation targets).
    all: Vec<NodeConfig>,
    ceph: Option<Ceph>,
    kubectl: Option<Kubectl>,
    journal: JsonJournal,
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let config = ctx.config()?;
    let cfg: UpgradeConfig = config.section("upgrade")?;
    let cluster: ClusterConfig = config.section("cluster")?;
    let cv: CephView = config.section("ceph")?;
    let kv: K8sView = config.section("k8s")?;
    let general = ctx.general()?;
    let journal = JsonJournal::new(
        general.state_dir.join("upgrade/journal.json"),
        "upgrade journal",
    );

    let all = cluster.nodes();
    let nodes: Vec<NodeConfig> = match m.get_many::<String>("node") {
        Some(names) => names
            .map(|n| {
                cluster.find(n).ok_or_else(|| {
                    error::invalid(format!("unknown node `{n}` (not in [cluster] nodes)"))
                })
            })
            .collect::<anyhow::Result<_>>()?,
        None => all.clone(),
    };
    if nodes.is_empty() {
        return Err(error::config(
            "no nodes to upgrade: configure [[cluster.nodes]] or pass --node",
        ));
    }
    let ceph_on = cfg
        .ceph
        .unwrap_or_else(|| crate::config::resolve::ceph_conf(None, cv.conf.clone()).exists());
    let kubeconfig = crate::config::resolve::kubeconfig(None, kv.kubeconfig.clone());
    let k8s_on = cfg
        .kubernetes
        .unwrap_or_else(|| kubeconfig.as_ref().is_some_and(|k| k.exists()));
    let up = Upgrader {
        ctx,
        exec: ctx.exec()?,
        ceph: ceph_on.then(|| Ceph::resolve(None, None, cv.conf.clone(), cv.keyring.clone(), 10)),
        kubectl: k8s_on.then(|| Kubectl {
            kubeconfig,
            context: None,
            request_timeout: 10,
            deadline: 30,
            cache_dir: std::env::var_os("DEBVISOR_KUBECTL_CACHE_DIR").map(PathBuf::from),
        }),
        cfg,
        nodes,
        all,
        journal,
    };

    if m.get_flag("status") {
        return up.show_status();
    }
    let _lock = ctx.lock("upgrade", Duration::from_secs(5))?;
    if m.get_flag("abandon") {
        return up.abandon();
    }
    if m.get_flag("check") {
        return up.check(m.get_flag("diff"));
    }
    // A node an operator put into maintenance is theirs: not upgraded unless --force.
    for n in &up.nodes {
        super::maintenance::guard::refuse(
            ctx,
            &n.name,
            &format!("upgrading {}", n.name),
            m.get_flag("force"),
        )?;
    }
    up.rolling(m.get_flag("pause"))
}

impl Upgrader<'_> {
    fn load_journal(&self) -> anyhow::Result<Option<Journal>> {
        let j: Option<Journal> = self.journal.load()?;
        if let Some(j) = &j {
            j.check_format()
                .map_err(|e| error::invalid(format!("{}: {e}", self.journal.path.display())))?;
        }
        Ok(j)
    }

    fn save(&self, j: &Journal) -> anyhow::Result<()> {
        self.journal.save(self.exec, j)
    }

    fn node(&self, name: &str) -> anyhow::Result<&NodeConfig> {
        self.nodes.iter().find(|n| n.name == name).ok_or_else(|| {
            error::config(format!(
                "the journal names node `{name}`, which is not in [cluster] nodes any more"
            ))
        })
    }

    fn show_status(&self) -> anyhow::Result<i32> {
        let Some(j) = self.load_journal()? else {
            println!("no upgrade journal ({})", self.journal.path.display());
            return Ok(code::OK);
        };
        if self.ctx.json() {
            output::print_json(&j)?;
            return Ok(code::OK);
        }
        let mut t = Table::new(["NODE", "DONE", "NEXT"]);
        let next = j.next();
        for n in &j.nodes {
            let done = j
                .progress
                .get(n)
                .map(|p| p.done.join(","))
                .unwrap_or_default();
            let nx = match &next {
                Some((nn, p)) if nn == n => p.to_string(),
                _ => String::new(),
            };
            t.row([n.clone(), done, nx]);
        }
        t.print()?;
        for (what, fix) in j.outstanding() {
            println!("still set: {what}  (clear: {fix})");
        }
        Ok(code::OK)
    }

    fn abandon(&self) -> anyhow::Result<i32> {
        // Any format: forgetting a newer journal is how its refusal is resolved.
        let Some(j) = self.journal.load::<Journal>()? else {
            println!("no upgrade journal");
            return Ok(code::OK);
        };
        for (what, fix) in j.outstanding() {
            eprintln!("left set: {what}  (clear with: {fix})");
        }
        self.exec.remove_file(&self.journal.path)?;
        Ok(code::OK)
    }

    /// --check: gates and simulated package changes for every node; changes nothing.
    fn check(&self, diff: bool) -> anyhow::Result<i32> {
        let mut problems = 0;
        #[derive(Serialize)]
        struct NodeCheck {
            node: String,
            ok: bool,
            problems: Vec<String>,
            packages: Vec<PackageChange>,
            reboot_needed: bool,
        }
        let mut out = Vec::new();
        for n in &self.nodes {
            let mut np = Vec::new();
            if let Err(e) = self.gates(n) {
                np.push(format!("{e:#}"));
            }
            // Against stale lists the simulation would report nothing to do (found on the Debian
            // 13 guests): refresh them first, as the real run does. No package changes.
            if let Err(e) = self.exec.run(&apt_get::update(&self.cfg.apt_get, &n.ssh())) {
                np.push(format!("{e:#}"));
            }
            let packages = match self.simulate(n) {
                Ok(p) => p,
                Err(e) => {
                    np.push(format!("{e:#}"));
                    Vec::new()
                }
            };
            problems += np.len();
            out.push(NodeCheck {
                node: n.name.clone(),
                ok: np.is_empty(),
                reboot_needed: upgrade::kernel_changes(&packages),
                problems: np,
                packages,
            });
        }
        if self.ctx.json() {
            output::print_json(&out)?;
        } else {
            for c in &out {
                println!(
                    "{}: {} package(s) to upgrade{}{}",
                    c.node,
                    c.packages.len(),
                    if c.reboot_needed {
                        ", kernel changes (reboot)"
                    } else {
                        ""
                    },
                    if c.ok { "" } else { " — NOT READY" }
                );
                for p in &c.problems {
                    println!("  problem: {p}");
                }
                if diff {
                    for p in &c.packages {
                        println!(
                            "  {} {} -> {}",
                            p.package,
                            p.from.as_deref().unwrap_or("(new)"),
                            p.to
                        );
                    }
                }
            }
        }
        Ok(if problems == 0 {
            code::OK
        } else {
            code::FAILED
        })
    }

    fn rolling(&self, pause: bool) -> anyhow::Result<i32> {
        let names: Vec<String> = self.nodes.iter().map(|n| n.name.clone()).collect();
        let mut j = match self.load_journal()? {
            Some(j) if j.finished.is_none() => {
                if !self.ctx.flags.quiet {
                    eprintln!("upgrade: resuming {} ({} node(s))", j.id, j.nodes.len());
                }
                j
            }
            _ => {
                let j = Journal::new(
                    format!("upgrade-{}", crate::clock::unix_now()),
                    crate::clock::now_rfc3339(),
                    names,
                );
                self.save(&j)?;
                j
            }
        };
        let mut current_node: Option<String> = None;
        while let Some((node, phase)) = j.next() {
            if pause && current_node.as_ref().is_some_and(|c| c != &node) {
                eprintln!("upgrade: paused before {node} (--pause); run again to continue");
                return Ok(code::OK);
            }
            current_node = Some(node.clone());
            if !self.ctx.flags.quiet && !self.ctx.json() {
                eprintln!("upgrade: {node}: {phase}");
            }
            let t0 = Instant::now();
            if let Err(e) = self.phase(&mut j, &node, phase) {
                // Stop where we are; report exactly what is still set. Nothing is cleared blindly.
                let _ = self.save(&j);
                let mut msg = format!("{node}: phase {phase} failed: {e:#}");
                let left = j.outstanding();
                if left.is_empty() {
                    msg.push_str("; no maintenance flag is set");
                } else {
                    for (what, fix) in left {
                        msg.push_str(&format!("; still set: {what} (clear: `{fix}`)"));
                    }
                }
                msg.push_str("; fix the cause and run debvisor-upgrade again to resume");
                return Err(match e.downcast::<Error>() {
                    Ok(Error::Timeout { secs, what }) => Error::Timeout {
                        secs,
                        what: format!("{what} — {msg}"),
                    }
                    .into(),
                    _ => anyhow::anyhow!(msg),
                });
            }
            j.mark_done(&node, phase, t0.elapsed().as_millis());
            self.save(&j)?;
        }
        j.finished = Some(crate::clock::now_rfc3339());
        self.save(&j)?;
        self.exec.audit_event(
            "upgrade",
            &format!("upgrade {} finished", j.id),
            &serde_json::to_value(&j)?,
        )?;
        if self.ctx.json() {
            output::print_json(&j)?;
        } else if !self.ctx.flags.quiet {
            let mut t = Table::new(["NODE", "TOTAL", "REBOOTED", "VERSIONS"]);
            for n in &j.nodes {
                let p = j.progress.get(n).cloned().unwrap_or_default();
                let total: u128 = p.timings_ms.values().sum();
                let versions: Vec<String> = p
                    .versions_after
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{k} {}→{v}",
                            p.versions_before.get(k).map(String::as_str).unwrap_or("-")
                        )
                    })
                    .collect();
                t.row([
                    n.clone(),
                    format!("{:.1} s", total as f64 / 1000.0),
                    p.rebooted.to_string(),
                    versions.join(", "),
                ]);
            }
            t.print()?;
        }
        Ok(code::OK)
    }

    fn phase(&self, j: &mut Journal, node: &str, phase: &str) -> anyhow::Result<()> {
        let n = self.node(node)?.clone();
        match phase {
            "precheck" => self.gates(&n),
            "noout" => {
                let Some(ceph) = &self.ceph else {
                    return Ok(());
                };
                // The maintenance steps (one implementation): an operator's own per-OSD
                // flags are left alone and never recorded as ours.
                let ids = self.osds_of(&n)?;
                let ours = j.noout.get(&n.name).cloned().unwrap_or_default();
                let owned = steps::set_noout(self.exec, ceph, &ids, &ours, &mut |o| {
                    if o.is_empty() {
                        j.noout.remove(&n.name);
                    } else {
                        j.noout.insert(n.name.clone(), o.to_vec());
                    }
                    self.save(j)
                })?;
                if owned.is_empty() {
                    j.noout.remove(&n.name);
                }
                Ok(())
            }
            "evacuate" => {
                if !self.cfg.evacuate || n.libvirt_uri.is_none() {
                    return Ok(());
                }
                let marked = crate::applets::maintenance::guard::marked_names(self.ctx);
                let targets: Vec<NodeConfig> = self
                    .all
                    .iter()
                    .filter(|t| t.name != n.name && t.libvirt_uri.is_some())
                    .filter(|t| !marked.contains(&t.name))
                    .cloned()
                    .collect();
                let ev = steps::evacuate(
                    self.ctx,
                    &MigrationFlags::default(),
                    &n,
                    &targets,
                    None,
                    Vec::new(),
                    &mut |_| Ok(()),
                )?;
                if !ev.not_moved.is_empty() {
                    return Err(crate::error::Error::Partial(format!(
                        "evacuation of {}: not migrated (still on the node): {}",
                        n.name,
                        ev.not_moved
                            .iter()
                            .map(|x| format!("{} ({})", x.vm, x.error))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ))
                    .into());
                }
                Ok(())
            }
            "drain" => {
                let Some(k) = &self.kubectl else {
                    return Ok(());
                };
                let kn = n.k8s_name();
                let ours = j.cordoned.contains(&kn);
                steps::drain(
                    self.exec,
                    k,
                    &kn,
                    self.cfg.drain_timeout_secs,
                    self.ctx.flags.quiet,
                    ours,
                    &mut |c| {
                        if c && !j.cordoned.contains(&kn) {
                            j.cordoned.push(kn.clone());
                        }
                        self.save(j)
                    },
                )?;
                Ok(())
            }
            "packages" => {
                let before = self.versions(&n)?;
                let apt = &self.cfg.apt_get;
                self.exec.run(&apt_get::update(apt, &n.ssh()))?;
                let changes = self.simulate(&n)?;
                self.exec.run(&apt_get::dist_upgrade(apt, &n.ssh()))?;
                let after = self.versions(&n)?;
                let p = j.progress.entry(n.name.clone()).or_default();
                p.versions_before = before;
                p.versions_after = after;
                if upgrade::kernel_changes(&changes) {
                    tracing::info!(node = %n.name, "kernel package changed");
                }
                Ok(())
            }
            "reboot" => {
                let state = self.boot_state(&n)?;
                let pending = j.progress.get(&n.name).and_then(|p| p.reboot_from.clone());
                if let Some(before) = pending {
                    if state.boot_id != before {
                        // A previous run rebooted the node and was interrupted before recording it.
                        let p = j.progress.entry(n.name.clone()).or_default();
                        p.rebooted = true;
                        p.reboot_from = None;
                        return Ok(());
                    }
                }
                if !state.reboot_required {
                    return Ok(());
                }
                j.progress.entry(n.name.clone()).or_default().reboot_from =
                    Some(state.boot_id.clone());
                self.save(j)?;
                self.reboot_and_wait(&n, &state.boot_id)?;
                let p = j.progress.entry(n.name.clone()).or_default();
                p.rebooted = true;
                p.reboot_from = None;
                Ok(())
            }
            "uncordon" => {
                let Some(k) = &self.kubectl else {
                    return Ok(());
                };
                let kn = n.k8s_name();
                let ours = j.cordoned.contains(&kn);
                steps::uncordon(self.exec, k, &kn, ours, &mut |_| {
                    j.cordoned.retain(|c| c != &kn);
                    Ok(())
                })
            }
            "unset-noout" => {
                let Some(ceph) = &self.ceph else {
                    return Ok(());
                };
                // Only the flags this upgrade set (recorded in the journal).
                let ours = j.noout.get(&n.name).cloned().unwrap_or_default();
                steps::unset_noout(self.exec, ceph, &ours, &mut |_| {
                    j.noout.remove(&n.name);
                    self.save(j)
                })
            }
            "health" => match &self.ceph {
                Some(ceph) => steps::wait_health(
                    self.exec,
                    ceph,
                    self.cfg.health_timeout_secs,
                    self.cfg.health_poll_secs,
                ),
                None => Ok(()),
            },
            _ => unreachable!("phases are fixed"),
        }
    }

    /// HEALTH_OK, no degraded PGs, every k8s node Ready, and ok-to-stop for the node's OSDs.
    fn gates(&self, n: &NodeConfig) -> anyhow::Result<()> {
        if let Some(ceph) = &self.ceph {
            let st: serde_json::Value =
                serde_json::from_str(&self.exec.run(&ceph.status())?.stdout)?;
            steps::ceph_health(&st)
                .gate()
                .map_err(|e| error::precondition(format!("{e} (see `cephctl status`)")))?;
            let bad: Vec<String> = st
                .pointer("/pgmap/pgs_by_state")
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
                .filter_map(|s| s.get("state_name").and_then(|n| n.as_str()))
                .filter(|s| *s != "active+clean")
                .map(str::to_string)
                .collect();
            if !bad.is_empty() {
                return Err(error::precondition(format!(
                    "PGs not active+clean: {}",
                    bad.join(", ")
                )));
            }
            let ids = self.osds_of(n)?;
            if !ids.is_empty() {
                let mut args = vec!["osd".to_string(), "ok-to-stop".into()];
                args.extend(ids.iter().map(|i| format!("osd.{i}")));
                let a: Vec<&str> = args.iter().map(String::as_str).collect();
                let out = self.exec.run(&ceph.query(&a).unchecked())?;
                let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_default();
                if v.get("ok_to_stop").and_then(|b| b.as_bool()) != Some(true) {
                    return Err(error::precondition(format!(
                        "Ceph says stopping {} is not safe: {}",
                        args[2..].join(" "),
                        if out.stdout.trim().is_empty() {
                            out.stderr.trim().to_string()
                        } else {
                            out.stdout.trim().to_string()
                        }
                    )));
                }
            }
        }
        if let Some(k) = &self.kubectl {
            let v: serde_json::Value =
                serde_json::from_str(&self.exec.run(&k.get_nodes())?.stdout)?;
            let list: crate::model::k8s::List<crate::model::k8s::Node> =
                serde_json::from_value(v).unwrap_or_default();
            let not_ready: Vec<String> = crate::model::k8s::summarize_nodes(&list, None)
                .into_iter()
                .filter(|s| !s.ready)
                .map(|s| s.name)
                .collect();
            if !not_ready.is_empty() {
                return Err(error::precondition(format!(
                    "Kubernetes nodes not Ready: {}",
                    not_ready.join(", ")
                )));
            }
        }
        Ok(())
    }

    fn osds_of(&self, n: &NodeConfig) -> anyhow::Result<Vec<u32>> {
        match &self.ceph {
            Some(ceph) => steps::osds_of(self.exec, ceph, n),
            None => Ok(Vec::new()),
        }
    }

    fn simulate(&self, n: &NodeConfig) -> anyhow::Result<Vec<PackageChange>> {
        let out = self
            .exec
            .run(&apt_get::simulate_dist_upgrade(&self.cfg.apt_get, &n.ssh()))?;
        Ok(upgrade::parse_apt_simulation(&out.stdout))
    }

    fn versions(
        &self,
        n: &NodeConfig,
    ) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
        let out = self
            .exec
            .run(&dpkg_query::versions(&self.cfg.report_packages, &n.ssh()))?;
        Ok(out
            .stdout
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(p, v)| (p.to_string(), v.to_string()))
            .collect())
    }

    fn boot_state(&self, n: &NodeConfig) -> anyhow::Result<BootState> {
        // One ssh round trip: boot id, running kernel, newest installed kernel, Debian's
        // reboot-required flag.
        let out = self
            .exec
            .run(&sh::boot_state(&self.cfg.boot_id_file, &n.ssh()))?;
        let get = |k: &str| {
            out.stdout
                .lines()
                .find_map(|l| l.strip_prefix(k).and_then(|r| r.strip_prefix('=')))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let (boot_id, running, newest) = (get("boot"), get("running"), get("newest"));
        if boot_id.is_empty() {
            return Err(error::precondition(format!(
                "{}: cannot read the boot id from {}",
                n.name, self.cfg.boot_id_file
            )));
        }
        Ok(BootState {
            reboot_required: get("flag") == "1" || (!newest.is_empty() && newest != running),
            boot_id,
        })
    }

    fn reboot_and_wait(&self, n: &NodeConfig, old_boot: &str) -> anyhow::Result<()> {
        let (prog, args) = self
            .cfg
            .reboot_command
            .split_first()
            .ok_or_else(|| error::config("[upgrade] reboot_command is empty"))?;
        // The connection drops as the node goes down: the exit status is not meaningful.
        self.exec.run(&systemctl::reboot(prog, args, &n.ssh()))?;
        if self.exec.is_dry_run() {
            return Ok(());
        }
        let deadline = Instant::now() + Duration::from_secs(self.cfg.reboot_timeout_secs);
        loop {
            if let Ok(out) = self.exec.run(&cat::boot_id(&n.ssh())) {
                let id = out.stdout.trim();
                if out.success() && !id.is_empty() && id != old_boot {
                    return Ok(());
                }
            }
            if Instant::now() >= deadline {
                return Err(Error::Timeout {
                    secs: self.cfg.reboot_timeout_secs,
                    what: format!("{} to come back after the reboot", n.name),
                }
                .into());
            }
            std::thread::sleep(Duration::from_secs(2));
        }
    }
}

struct BootState {
    reboot_required: bool,
    boot_id: String,
}
