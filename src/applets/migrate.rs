//! migrate (`debvisor-migrate`): live migration of a VM to another node, with pre-checks,
//! progress, bandwidth control, post-copy, timeout/abort, a verified outcome and the measured
//! downtime; `--evacuate NODE` moves every running VM off a node. `hvctl migrate` uses the same
//! code (see [`migrate_one`] and the engine in `migrate/engine.rs`).

pub mod engine;

use crate::config::views::LibvirtView;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Deserialize;

use self::engine::{Event, Migration, NodeRef, Outcome, Request, Status, StorageMode};
use super::Applet;
use crate::context::Ctx;
use crate::error::{invalid, precondition, usage};
use crate::model::virsh_units::{parse_bandwidth_mib, parse_duration, parse_schedule};
use crate::output::{self, Table};
use crate::tools::virsh::{self, Virsh};

pub const APPLET: Applet = Applet {
    name: "migrate",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Live-migrate VMs between nodes (pre-checks, progress, rollback report, evacuation)",
    command: cli,
    run,
};

/// The migration options shared with `hvctl migrate`.
pub fn migration_args(cmd: Command) -> Command {
    cmd.arg(
        Arg::new("bandwidth")
            .long("bandwidth")
            .value_name("RATE")
            .help("Bandwidth limit with a unit: 100MiB/s, 1GiB/s, 800Mbit/s, 1Gbps, unlimited [config: migrate.bandwidth]"),
    )
    .arg(
        Arg::new("bandwidth-schedule")
            .long("bandwidth-schedule")
            .value_name("T=RATE,…")
            .help("Change the bandwidth mid-flight, e.g. 10s=200MiB/s,60s=unlimited (times count from when data starts moving)"),
    )
    .arg(
        Arg::new("auto-converge")
            .long("auto-converge")
            .action(ArgAction::SetTrue)
            .help("Throttle the guest's vCPUs when memory is dirtied faster than it is sent"),
    )
    .arg(
        Arg::new("postcopy")
            .long("postcopy")
            .action(ArgAction::SetTrue)
            .help("Switch to post-copy when pre-copy has not finished after --postcopy-after (guarantees completion; cannot be rolled back once switched)"),
    )
    .arg(
        Arg::new("postcopy-after")
            .long("postcopy-after")
            .value_name("DURATION")
            .help("Pre-copy time before switching to post-copy [default: 10s]"),
    )
    .arg(
        Arg::new("timeout")
            .long("timeout")
            .value_name("DURATION")
            .help("Abort the migration (the VM keeps running on the source) after this long, e.g. 10m [config: migrate.timeout]"),
    )
    .arg(
        Arg::new("max-downtime")
            .long("max-downtime")
            .value_name("DURATION")
            .help("Maximum tolerable switch-over downtime, e.g. 300ms [config: migrate.max_downtime]"),
    )
    .arg(
        Arg::new("storage")
            .long("storage")
            .value_name("MODE")
            .value_parser(["auto", "shared", "copy"])
            .default_value("auto")
            .help("Disks: auto (detect shared storage, copy local disks), shared (same paths on both nodes), copy (--copy-storage-all)"),
    )
    .arg(
        Arg::new("undefine-source")
            .long("undefine-source")
            .action(ArgAction::SetTrue)
            .help("Remove the VM's definition from the source after success (default: keep it, shut off)"),
    )
    .arg(
        Arg::new("p2p")
            .long("p2p")
            .action(ArgAction::SetTrue)
            .help("Peer-to-peer: the source libvirtd connects to the target itself"),
    )
}

/// `--force`: allow a target node that is in maintenance mode (shared with `hvctl migrate`).
pub fn force_arg() -> Arg {
    Arg::new("force")
        .long("force")
        .action(ArgAction::SetTrue)
        .help("Allow a target node that is in maintenance mode (`debvisor maintenance status`)")
}

fn cli() -> Command {
    let cmd = clap::Command::new("migrate")
        .arg(
            super::args::connect()
                .help("Source libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]"),
        )
        .arg(Arg::new("vm").value_name("VM").help("The VM to migrate"))
        .arg(
            Arg::new("target")
                .value_name("TARGET")
                .help("Target node: a name from [cluster] nodes, or a libvirt URI"),
        )
        .arg(
            Arg::new("check")
                .long("check")
                .action(ArgAction::SetTrue)
                .help("Run the pre-checks only"),
        )
        .arg(
            Arg::new("evacuate")
                .long("evacuate")
                .value_name("NODE")
                .conflicts_with_all(["vm", "set-bandwidth"])
                .help("Migrate every running VM off NODE (a [cluster] node name or URI)"),
        )
        .arg(
            Arg::new("to")
                .long("to")
                .value_name("NODE")
                .action(ArgAction::Append)
                .help("With --evacuate: target nodes (default: every other [cluster] node)"),
        )
        .arg(
            Arg::new("parallel")
                .long("parallel")
                .value_name("N")
                .value_parser(clap::value_parser!(u32).range(1..=16))
                .help("With --evacuate: migrations at a time [config: migrate.parallel] [default: 2]"),
        )
        .arg(force_arg())
        .arg(
            Arg::new("set-bandwidth")
                .long("set-bandwidth")
                .value_name("RATE")
                .requires("vm")
                .help("Change the bandwidth of VM's migration that is running now (from another shell)"),
        );
    migration_args(cmd).after_help(
        "Examples:\n  debvisor-migrate web1 hv2\n  \
         debvisor-migrate web1 qemu+tcp://10.0.0.12/system --bandwidth 800Mbit/s --timeout 10m\n  \
         debvisor-migrate db1 hv2 --bandwidth 50MiB/s --bandwidth-schedule 30s=200MiB/s --max-downtime 300ms\n  \
         debvisor-migrate db1 hv2 --postcopy --postcopy-after 20s --json\n  \
         debvisor-migrate --set-bandwidth 1GiB/s db1\n  \
         debvisor-migrate --evacuate hv1 --parallel 3\n  \
         debvisor-migrate --dry-run web1 hv2",
    )
}

/// `[migrate]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct MigrateConfig {
    bandwidth: Option<String>,
    timeout: Option<String>,
    max_downtime: Option<String>,
    postcopy_after: Option<String>,
    auto_converge: bool,
    parallel: Option<u32>,
    shared_paths: Vec<PathBuf>,
    memory_reserve_mib: Option<u64>,
    p2p: bool,
    undefine_source: bool,
    poll_interval: Option<String>,
}

fn cluster_nodes(ctx: &Ctx) -> anyhow::Result<Vec<NodeRef>> {
    let c: crate::cluster::ClusterConfig = ctx.config()?.section("cluster")?;
    Ok(c.nodes()
        .into_iter()
        .map(|n| NodeRef {
            uri: n.libvirt_uri(),
            name: n.name,
        })
        .collect())
}

fn looks_like_uri(s: &str) -> bool {
    s.contains("://") || s.starts_with("test:")
}

fn uri_host(uri: &str) -> Option<String> {
    let rest = uri.split_once("://")?.1;
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

/// A node given by name ([cluster] nodes) or as a libvirt URI.
pub fn resolve_node(ctx: &Ctx, s: &str) -> anyhow::Result<NodeRef> {
    let nodes = cluster_nodes(ctx)?;
    if let Some(n) = nodes.iter().find(|n| n.name == s) {
        return Ok(n.clone());
    }
    if looks_like_uri(s) {
        let name = nodes
            .iter()
            .find(|n| n.uri == s)
            .map(|n| n.name.clone())
            .or_else(|| uri_host(s))
            .unwrap_or_else(|| s.to_string());
        return Ok(NodeRef {
            name,
            uri: s.to_string(),
        });
    }
    Err(invalid(format!(
        "unknown node `{s}`: not in [cluster] nodes ({}) and not a libvirt URI",
        crate::cluster::names_for_error(nodes.iter().map(|n| n.name.as_str()))
    )))
}

/// The source node: --connect, LIBVIRT_DEFAULT_URI, [libvirt] uri, qemu:///system.
pub fn source_node(ctx: &Ctx, connect: Option<&str>) -> anyhow::Result<NodeRef> {
    let lv: LibvirtView = ctx.config()?.section("libvirt")?;
    let uri = virsh::resolve_uri(connect, lv.uri.as_deref());
    let nodes = cluster_nodes(ctx)?;
    let name = nodes
        .iter()
        .find(|n| n.uri == uri)
        .map(|n| n.name.clone())
        .or_else(|| uri_host(&uri))
        .or_else(|| {
            nix::unistd::gethostname()
                .ok()
                .map(|h| h.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "local".into());
    Ok(NodeRef { name, uri })
}

fn dur_opt(
    flag: &str,
    v: Option<String>,
    cfg: &Option<String>,
) -> anyhow::Result<Option<Duration>> {
    v.or_else(|| cfg.clone())
        .map(|s| parse_duration(&s).map_err(|e| usage(format!("--{flag}: {e}"))))
        .transpose()
}

/// The shared migration flags as given (None/false: not given, `[migrate]` decides).
#[derive(Debug, Default, Clone)]
pub struct MigrationFlags {
    bandwidth: Option<String>,
    bandwidth_schedule: Option<String>,
    auto_converge: bool,
    postcopy: bool,
    postcopy_after: Option<String>,
    timeout: Option<String>,
    max_downtime: Option<String>,
    storage: Option<String>,
    undefine_source: bool,
    p2p: bool,
}

impl MigrationFlags {
    /// From a command built with [`migration_args`].
    pub fn from_matches(m: &ArgMatches) -> Self {
        let s = |k: &str| m.try_get_one::<String>(k).ok().flatten().cloned();
        let f = |k: &str| {
            m.try_get_one::<bool>(k)
                .ok()
                .flatten()
                .copied()
                .unwrap_or(false)
        };
        MigrationFlags {
            bandwidth: s("bandwidth"),
            bandwidth_schedule: s("bandwidth-schedule"),
            auto_converge: f("auto-converge"),
            postcopy: f("postcopy"),
            postcopy_after: s("postcopy-after"),
            timeout: s("timeout"),
            max_downtime: s("max-downtime"),
            storage: s("storage"),
            undefine_source: f("undefine-source"),
            p2p: f("p2p"),
        }
    }
}

/// Builds a request from the shared migration flags and `[migrate]`.
pub fn request_from(
    ctx: &Ctx,
    m: &ArgMatches,
    vm: &str,
    source: NodeRef,
    target: NodeRef,
) -> anyhow::Result<Request> {
    request_with(ctx, &MigrationFlags::from_matches(m), vm, source, target)
}

/// Builds a request from flags (possibly none: `MigrationFlags::default()`) and `[migrate]`.
/// Used by maintenance's evacuation and upgrade's evacuate phase.
pub fn request_with(
    ctx: &Ctx,
    fl: &MigrationFlags,
    vm: &str,
    source: NodeRef,
    target: NodeRef,
) -> anyhow::Result<Request> {
    let cfg: MigrateConfig = ctx.config()?.section("migrate")?;
    let bw = fl.bandwidth.clone().or_else(|| cfg.bandwidth.clone());
    let bandwidth_mib = bw
        .map(|b| parse_bandwidth_mib(&b).map_err(|e| usage(format!("--bandwidth: {e}"))))
        .transpose()?
        .filter(|b| *b > 0);
    let schedule = fl
        .bandwidth_schedule
        .as_deref()
        .map(|s| parse_schedule(s).map_err(|e| usage(format!("--bandwidth-schedule: {e}"))))
        .transpose()?
        .unwrap_or_default();
    let storage = match fl.storage.as_deref() {
        Some("shared") => StorageMode::Shared,
        Some("copy") => StorageMode::Copy,
        _ => StorageMode::Auto,
    };
    Ok(Request {
        vm: vm.to_string(),
        source,
        target,
        bandwidth_mib,
        schedule,
        auto_converge: fl.auto_converge || cfg.auto_converge,
        postcopy: fl.postcopy,
        postcopy_after: dur_opt(
            "postcopy-after",
            fl.postcopy_after.clone(),
            &cfg.postcopy_after,
        )?
        .unwrap_or(Duration::from_secs(10)),
        timeout: dur_opt("timeout", fl.timeout.clone(), &cfg.timeout)?,
        max_downtime_ms: dur_opt("max-downtime", fl.max_downtime.clone(), &cfg.max_downtime)?
            .map(|d| d.as_millis().max(1) as u64),
        storage,
        shared_paths: cfg.shared_paths.clone(),
        undefine_source: fl.undefine_source || cfg.undefine_source,
        p2p: fl.p2p || cfg.p2p,
        memory_reserve_bytes: cfg.memory_reserve_mib.unwrap_or(256) << 20,
        poll: cfg
            .poll_interval
            .as_deref()
            .map(parse_duration)
            .transpose()
            .map_err(|e| crate::error::config(format!("[migrate] poll_interval: {e}")))?
            .unwrap_or(Duration::from_millis(500)),
    })
}

pub fn lock_name(vm: &str) -> String {
    let s: String = vm
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("migrate-{s}")
}

/// Renders engine events: JSON lines with --json, a progress bar on a terminal, short log
/// lines on stderr otherwise.
pub struct Renderer {
    json: bool,
    quiet: bool,
    bar: Option<indicatif::ProgressBar>,
    last_line: std::time::Instant,
}

impl Renderer {
    pub fn new(ctx: &Ctx, bar: bool) -> Self {
        let bar = (bar && ctx.progress_allowed()).then(|| {
            let b = indicatif::ProgressBar::new(1000);
            b.set_style(
                indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {percent:>3}% {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            b
        });
        Renderer {
            json: ctx.json(),
            quiet: ctx.flags.quiet,
            bar,
            last_line: std::time::Instant::now(),
        }
    }

    fn say(&self, s: &str) {
        if self.quiet {
            return;
        }
        match &self.bar {
            Some(b) => b.println(s),
            None => eprintln!("{s}"),
        }
    }

    pub fn event(&mut self, e: &Event) {
        if self.json {
            let _ = output::print_json(e);
            return;
        }
        match e {
            Event::Prechecked {
                vm,
                target,
                memory_bytes,
                target_available_bytes,
                storage,
                disks,
                ..
            } => self.say(&format!(
                "{vm}: pre-checks passed (memory {}, {} available on {target}; storage: {storage}{})",
                output::bytes(*memory_bytes),
                output::bytes(*target_available_bytes),
                if disks.is_empty() { String::new() } else { format!(": {}", disks.join("; ")) }
            )),
            Event::Started { vm, command } => {
                if let Some(b) = &self.bar {
                    b.set_prefix(vm.clone());
                }
                self.say(&format!("{vm}: started: {command}"))
            }
            Event::Progress {
                vm,
                percent,
                data_remaining,
                rate_bytes_per_s,
                eta_s,
                iteration,
                postcopy,
                ..
            } => {
                let msg = format!(
                    "{} remaining, {}/s, ETA {}, pass {}{}",
                    data_remaining.map(output::bytes).unwrap_or_else(|| "?".into()),
                    rate_bytes_per_s.map(output::bytes).unwrap_or_else(|| "?".into()),
                    eta_s.map(|e| format!("{e:.0}s")).unwrap_or_else(|| "?".into()),
                    iteration.map(|i| i.to_string()).unwrap_or_else(|| "?".into()),
                    if *postcopy { " (post-copy)" } else { "" }
                );
                if let Some(b) = &self.bar {
                    b.set_position((percent.unwrap_or(0.0) * 10.0) as u64);
                    b.set_message(msg);
                } else if self.last_line.elapsed() >= Duration::from_secs(5) {
                    self.last_line = std::time::Instant::now();
                    self.say(&format!(
                        "{vm}: {:.1}% {msg}",
                        percent.unwrap_or(0.0)
                    ));
                }
            }
            Event::Bandwidth {
                vm,
                mib_per_s,
                reason,
            } => self.say(&format!(
                "{vm}: bandwidth set to {} ({reason})",
                if *mib_per_s == 0 { "unlimited".to_string() } else { format!("{mib_per_s} MiB/s") }
            )),
            Event::MaxDowntime { vm, ms } => {
                self.say(&format!("{vm}: maximum downtime set to {ms} ms"))
            }
            Event::Postcopy { vm, after_ms } => self.say(&format!(
                "{vm}: switched to post-copy after {:.1} s",
                *after_ms as f64 / 1000.0
            )),
            Event::Abort { vm, reason } => self.say(&format!("{vm}: aborting: {reason}")),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

pub fn report(ctx: &Ctx, o: &Outcome) -> anyhow::Result<()> {
    ctx.exec()?.audit_event(
        "migrate",
        &o.message,
        &serde_json::to_value(o).unwrap_or_default(),
    )?;
    if ctx.json() {
        output::print_json(o)?;
    } else if o.ok {
        // Failures are reported once, as the error line (exit 6 when rolled back).
        println!("{}", o.message);
    }
    Ok(())
}

/// One migration, end to end: lock, pre-checks, run, verify, report. Shared with hvctl.
pub fn migrate_one(ctx: &Ctx, req: Request, check_only: bool, force: bool) -> anyhow::Result<i32> {
    super::maintenance::guard::refuse(
        ctx,
        &req.target.name,
        &format!("migrating {} onto {}", req.vm, req.target.name),
        force,
    )?;
    let _lock = ctx.lock(&lock_name(&req.vm), Duration::ZERO)?;
    let exec = ctx.exec()?;
    let mut r = Renderer::new(ctx, !check_only);
    let pre = engine::precheck(exec, &req, &mut |e: &Event| r.event(e))?;
    if check_only {
        r.finish();
        if !ctx.json() {
            println!(
                "{}: ready to migrate from {} to {}",
                req.vm, req.source.name, req.target.name
            );
        }
        return Ok(0);
    }
    let outcome = engine::run_one(exec, pre, &mut |e: &Event| r.event(e))?;
    r.finish();
    report(ctx, &outcome)?;
    match outcome.error() {
        Some(e) => Err(e),
        None => Ok(0),
    }
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let source = source_node(ctx, m.get_one::<String>("connect").map(String::as_str))?;
    if let Some(node) = m.get_one::<String>("evacuate") {
        return evacuate(ctx, m, node);
    }
    let vm = m
        .get_one::<String>("vm")
        .ok_or_else(|| usage("missing VM (or --evacuate NODE)"))?;
    if let Some(rate) = m.get_one::<String>("set-bandwidth") {
        let mib = parse_bandwidth_mib(rate).map_err(|e| usage(format!("--set-bandwidth: {e}")))?;
        let exec = ctx.exec()?;
        let src = Virsh::new(&source.uri);
        let job = crate::model::virsh::parse_jobinfo(&exec.run(&src.domjobinfo(vm, false))?.stdout);
        if !job.active() && !ctx.dry_run() {
            return Err(precondition(format!(
                "{vm} has no migration running on {}",
                source.name
            )));
        }
        let value = if mib == 0 { 8_796_093_022_207 } else { mib };
        exec.run(&src.migrate_setspeed(vm, value))?;
        if !ctx.dry_run() {
            println!(
                "{vm}: migration bandwidth set to {}",
                if mib == 0 {
                    "unlimited".into()
                } else {
                    format!("{mib} MiB/s")
                }
            );
        }
        return Ok(0);
    }
    let target = m
        .get_one::<String>("target")
        .ok_or_else(|| usage("missing TARGET node"))?;
    let target = resolve_node(ctx, target)?;
    let req = request_from(ctx, m, vm, source, target)?;
    migrate_one(ctx, req, m.get_flag("check"), m.get_flag("force"))
}

/// `--evacuate NODE`: every running VM of NODE, a few at a time, then a summary.
fn evacuate(ctx: &Ctx, m: &ArgMatches, node: &str) -> anyhow::Result<i32> {
    let cfg: MigrateConfig = ctx.config()?.section("migrate")?;
    let source = resolve_node(ctx, node)?;
    let marked = super::maintenance::guard::marked_names(ctx);
    let targets: Vec<NodeRef> = match m.get_many::<String>("to") {
        Some(v) => {
            let t: Vec<NodeRef> = v
                .map(|t| resolve_node(ctx, t))
                .collect::<anyhow::Result<_>>()?;
            for n in &t {
                super::maintenance::guard::refuse(
                    ctx,
                    &n.name,
                    &format!("evacuating {} onto {}", source.name, n.name),
                    m.get_flag("force"),
                )?;
            }
            t
        }
        // Never a node in maintenance.
        None => cluster_nodes(ctx)?
            .into_iter()
            .filter(|n| n.uri != source.uri && n.name != source.name)
            .filter(|n| !marked.contains(&n.name))
            .collect(),
    };
    if targets.is_empty() {
        return Err(usage(
            "no target nodes: give --to NODE or configure [cluster] nodes (nodes in maintenance are never targets)",
        ));
    }
    let parallel = m
        .get_one::<u32>("parallel")
        .copied()
        .or(cfg.parallel)
        .unwrap_or(2)
        .max(1) as usize;
    let _lock = ctx.lock(
        &format!("evacuate-{}", lock_name(&source.name)),
        Duration::ZERO,
    )?;
    let exec = ctx.exec()?;
    let out = exec.run(&Virsh::new(&source.uri).list_running_names())?;
    let mut queue: std::collections::VecDeque<String> = out
        .stdout
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let total = queue.len();
    let mut r = Renderer::new(ctx, false);
    let mut results: Vec<Outcome> = Vec::new();
    let mut failures: Vec<(String, String)> = Vec::new();
    let mut committed: HashMap<String, u64> = HashMap::new();
    let mut active: Vec<(Migration, u64, Option<crate::lock::LockGuard>)> = Vec::new();
    let mut rr = 0usize;
    while !queue.is_empty() || !active.is_empty() {
        while active.len() < parallel {
            let Some(vm) = queue.pop_front() else { break };
            let lock = match ctx.lock(&lock_name(&vm), Duration::ZERO) {
                Ok(l) => l,
                Err(e) => {
                    failures.push((vm, format!("{e:#}")));
                    continue;
                }
            };
            let mut last_err = String::from("no target");
            let mut started = false;
            for k in 0..targets.len() {
                let t = targets[(rr + k) % targets.len()].clone();
                let mut req = request_from(ctx, m, &vm, source.clone(), t.clone())?;
                req.memory_reserve_bytes += committed.get(&t.uri).copied().unwrap_or(0);
                let mut on = |e: &Event| r.event(e);
                match engine::precheck(exec, &req, &mut on) {
                    Ok(pre) => {
                        let mem = pre.memory_bytes;
                        let mig = Migration::start(exec, pre, &mut on)?;
                        *committed.entry(t.uri.clone()).or_default() += mem;
                        active.push((mig, mem, lock));
                        rr = (rr + k + 1) % targets.len();
                        started = true;
                        break;
                    }
                    Err(e) => last_err = format!("{} → {}: {e:#}", vm, t.name),
                }
            }
            if !started {
                failures.push((vm, last_err));
                // The lock of a VM that could not start is released here (moved into the
                // closure scope above only on success).
            }
        }
        let mut i = 0;
        while i < active.len() {
            let mut on = |e: &Event| r.event(e);
            match active[i].0.step(&mut on)? {
                Some(o) => {
                    let (mig, mem, _lock) = active.remove(i);
                    if let Some(c) = committed.get_mut(&mig.req.target.uri) {
                        *c = c.saturating_sub(mem);
                    }
                    report(ctx, &o)?;
                    results.push(o);
                }
                None => i += 1,
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    r.finish();
    let migrated = results
        .iter()
        .filter(|o| matches!(o.status, Status::Migrated | Status::Planned))
        .count();
    let unsafe_states = results
        .iter()
        .filter(|o| matches!(o.status, Status::RunningOnBoth | Status::RunningNowhere))
        .count();
    if ctx.json() {
        output::print_json(&serde_json::json!({
            "event": "summary",
            "node": source.name,
            "vms": total,
            "migrated": migrated,
            "failed": total - migrated,
            "needs_attention": unsafe_states,
            "not_started": failures.iter().map(|(v, e)| serde_json::json!({"vm": v, "error": e})).collect::<Vec<_>>(),
        }))?;
    } else {
        let mut t = Table::new(["VM", "TARGET", "STATUS", "DOWNTIME", "MESSAGE"]);
        for o in &results {
            t.row([
                o.vm.clone(),
                o.target.clone(),
                format!("{:?}", o.status).to_lowercase(),
                o.downtime_ms
                    .map(|d| format!("{d} ms"))
                    .unwrap_or_else(|| "-".into()),
                o.failure.clone().unwrap_or_default(),
            ]);
        }
        for (v, e) in &failures {
            t.row([
                v.clone(),
                "-".into(),
                "not_started".into(),
                "-".into(),
                e.clone(),
            ]);
        }
        println!();
        t.print()?;
        println!(
            "\nevacuation of {}: {migrated}/{total} VMs migrated{}",
            source.name,
            if unsafe_states > 0 {
                format!(", {unsafe_states} NEED ATTENTION")
            } else {
                String::new()
            }
        );
    }
    if unsafe_states > 0 {
        anyhow::bail!(
            "evacuation of {}: {unsafe_states} VM(s) need attention (see above)",
            source.name
        );
    }
    if migrated < total {
        return Err(crate::error::Error::Partial(format!(
            "evacuation of {}: {} of {total} VMs not migrated (still on the source)",
            source.name,
            total - migrated
        ))
        .into());
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_hosts() {
        assert_eq!(
            uri_host("qemu+tcp://127.0.0.3/system").as_deref(),
            Some("127.0.0.3")
        );
        assert_eq!(
            uri_host("qemu+ssh://root@hv2/system").as_deref(),
            Some("hv2")
        );
        assert_eq!(uri_host("qemu:///system"), None);
        assert!(looks_like_uri("test:///default"));
        assert!(!looks_like_uri("hv2"));
    }
}
