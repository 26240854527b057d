//! The per-node maintenance steps, ONE implementation used by `maintenance enable|disable` and
//! by upgrade's noout / evacuate / drain / uncordon / unset-noout / health phases. Each step
//! takes what its caller recorded it set, and a `persist` callback that writes the caller's
//! journal BEFORE the change (so a SIGKILL right after the change still finds it recorded);
//! flags are only ever cleared when recorded as set by this tool.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::applets::migrate::{self, engine, MigrationFlags};
use crate::cluster::NodeConfig;
use crate::context::Ctx;
use crate::error::{self, Error};
use crate::exec::Exec;
use crate::model::maintenance::{self as model, Candidate, Guest, Moved, NotMoved};
use crate::tools::ceph::Ceph;
use crate::tools::kubectl::Kubectl;
use crate::tools::virsh::Virsh;

/// The node's OSD ids: configured (`osds = […]`), else the OSDs under its CRUSH host bucket.
pub fn osds_of(exec: &Exec, ceph: &Ceph, n: &NodeConfig) -> anyhow::Result<Vec<u32>> {
    if let Some(ids) = &n.osds {
        return Ok(ids.clone());
    }
    let host = n.crush_host();
    let out = exec.run(&ceph.query(&["osd", "ls-tree", &host]).unchecked())?;
    if !out.success() {
        // ENOENT: no such bucket — the node has no OSDs.
        if out.stderr.contains("does not exist") || out.code() == Some(2) {
            return Ok(Vec::new());
        }
        return Err(Error::CommandFailed {
            command: format!("ceph osd ls-tree {host}"),
            status: out.status,
            stderr: out.stderr,
        }
        .into());
    }
    Ok(serde_json::from_str(&out.stdout).unwrap_or_default())
}

/// Per-OSD noout on `osds` (never the cluster-wide flag). An OSD that already has noout and is
/// not in `ours` was flagged by someone else: it is left alone and never recorded. Returns the
/// OSDs this tool owns the flag of (`ours` plus the ones it set now). Two processes: one
/// `osd dump`, one `add-noout` for all of them.
pub fn set_noout(
    exec: &Exec,
    ceph: &Ceph,
    osds: &[u32],
    ours: &[u32],
    persist: &mut dyn FnMut(&[u32]) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<u32>> {
    if osds.is_empty() {
        return Ok(ours.to_vec());
    }
    let dump: serde_json::Value =
        serde_json::from_str(&exec.run(&ceph.osd_dump())?.stdout).unwrap_or_default();
    let (flagged, _global) = model::noout_in_dump(&dump);
    let mut owned: BTreeSet<u32> = ours.iter().copied().collect();
    owned.extend(osds.iter().filter(|i| !flagged.contains(i)));
    let owned: Vec<u32> = owned.into_iter().collect();
    persist(&owned)?; // recorded before the change
    super::checkpoint("noout-recorded");
    let todo: Vec<u32> = owned
        .iter()
        .copied()
        .filter(|i| !flagged.contains(i))
        .collect();
    if !todo.is_empty() {
        exec.run(&ceph.add_noout_many(&todo))?;
    }
    Ok(owned)
}

/// Clears noout on exactly the OSDs recorded in `ours` (one process), then records none.
pub fn unset_noout(
    exec: &Exec,
    ceph: &Ceph,
    ours: &[u32],
    persist: &mut dyn FnMut(&[u32]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if ours.is_empty() {
        return Ok(());
    }
    exec.run(&ceph.rm_noout_many(ours))?;
    persist(&[])
}

/// Cordons and drains the Kubernetes node `kn` (PodDisruptionBudgets respected, `timeout`
/// seconds). `ours`: this tool already recorded the cordon. A node an operator had cordoned
/// stays theirs (returns false; uncordon will leave it). A drain that fails names the pods
/// that blocked it.
pub fn drain(
    exec: &Exec,
    k: &Kubectl,
    kn: &str,
    timeout: u64,
    quiet: bool,
    ours: bool,
    persist: &mut dyn FnMut(bool) -> anyhow::Result<()>,
) -> anyhow::Result<bool> {
    let mut ours = ours;
    if !ours {
        let node: serde_json::Value =
            serde_json::from_str(&exec.run(&k.get_node(kn))?.stdout).unwrap_or_default();
        let cordoned = node
            .pointer("/spec/unschedulable")
            .and_then(|v| v.as_bool())
            == Some(true);
        if !cordoned {
            ours = true;
            persist(true)?; // recorded before the change: a crash mid-drain still reports it
        }
    }
    let mut seen = String::new();
    let r = exec.run_streaming(&k.drain(kn, timeout), &mut |_, line| {
        seen.push_str(line);
        seen.push('\n');
        if !quiet
            && (line.contains("disruption budget")
                || line.contains("evicting")
                || line.contains("error when evicting"))
        {
            eprintln!("  drain {kn}: {line}");
        }
    });
    if let Err(e) = r {
        let blockers = model::drain_blockers(&seen);
        if !blockers.is_empty() {
            return Err(e.context(format!(
                "draining {kn}: these pods could not be evicted (PodDisruptionBudget): {}",
                blockers.join(", ")
            )));
        }
        return Err(e);
    }
    Ok(ours)
}

/// Uncordons `kn` when this tool cordoned it (`ours`); records that it no longer is.
pub fn uncordon(
    exec: &Exec,
    k: &Kubectl,
    kn: &str,
    ours: bool,
    persist: &mut dyn FnMut(bool) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if !ours {
        return Ok(());
    }
    exec.run(&k.uncordon(kn))?;
    persist(false)
}

fn node_ref(n: &NodeConfig) -> engine::NodeRef {
    engine::NodeRef {
        name: n.name.clone(),
        uri: n.libvirt_uri(),
    }
}

/// Free memory at a node: nodememstats, else freecell (what the migration pre-check uses).
fn available(exec: &Exec, uri: &str) -> Option<u64> {
    let v = Virsh::new(uri);
    if let Ok(o) = exec.run(&v.nodememstats().unchecked()) {
        if o.success() {
            if let Some(a) = crate::model::virsh::parse_nodememstats(&o.stdout).available() {
                return Some(a);
            }
        }
    }
    let o = exec.run(&v.freecell().unchecked()).ok()?;
    crate::model::virsh::parse_freecell_total(&o.stdout)
}

/// A target's host CPUs and running vCPUs (None, 0 when it cannot be read: placement then
/// goes by memory alone for that node).
fn cpu_load(exec: &Exec, uri: &str) -> (Option<u64>, u64) {
    match exec.run(&Virsh::new(uri).cpu_load().unchecked()) {
        Ok(o) if o.success() => crate::model::virsh::parse_cpu_load(&o.stdout),
        _ => (None, 0),
    }
}

/// What an evacuation did.
#[derive(Debug, Default)]
pub struct Evacuation {
    pub moved: Vec<Moved>,
    pub not_moved: Vec<NotMoved>,
}

/// Live-migrates every running VM of `source` to `targets` (nodes NOT in maintenance; the
/// caller filters), each VM to the target where it fits in memory with the lowest vCPU commitment (then the
/// most free memory left: `model::maintenance::place`). `moved`: what the
/// caller recorded (a resumed run first settles the migrations that were in flight).
/// `undefine_source`: Some(true) moves the definition too (maintenance: restore can bring the
/// VM back), None keeps `[migrate]`'s choice (upgrade). Processes: one list and one dominfo
/// batch on the source, one free-memory and one CPU read per target, then the migrations themselves.
#[allow(clippy::too_many_arguments)]
pub fn evacuate(
    ctx: &Ctx,
    flags: &MigrationFlags,
    source: &NodeConfig,
    targets: &[NodeConfig],
    undefine_source: Option<bool>,
    moved: Vec<Moved>,
    persist: &mut dyn FnMut(&[Moved]) -> anyhow::Result<()>,
) -> anyhow::Result<Evacuation> {
    let exec = ctx.exec()?;
    let src = node_ref(source);
    let mut moved = moved;
    // Settle migrations a killed run had started: where does each VM run now?
    let mut changed = false;
    for m in moved.iter_mut().filter(|m| !m.done) {
        if let Some(t) = targets.iter().find(|t| t.name == m.target) {
            if matches!(
                engine::state_at(exec, &t.libvirt_uri(), &m.vm)?,
                Some(crate::model::virsh::DomState::Running)
            ) {
                m.done = true;
                changed = true;
            }
        }
    }
    let before = moved.len();
    moved.retain(|m| m.done);
    if changed || moved.len() != before {
        persist(&moved)?;
    }
    let sv = Virsh::new(&src.uri);
    let names: Vec<String> = exec
        .run(&sv.list_running_names())?
        .stdout
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let mut ev = Evacuation {
        moved,
        not_moved: Vec::new(),
    };
    if names.is_empty() {
        return Ok(ev);
    }
    if targets.is_empty() {
        ev.not_moved = names
            .into_iter()
            .map(|vm| NotMoved {
                vm,
                error: "no other node out of maintenance to move it to".into(),
            })
            .collect();
        return Ok(ev);
    }
    let infos =
        crate::model::virsh::parse_dominfo_many(&exec.run(&sv.dominfo_many(&names))?.stdout);
    let vms: Vec<Guest> = names
        .iter()
        .map(|n| {
            let info = infos.iter().find(|i| &i.name == n);
            Guest {
                name: n.clone(),
                memory_bytes: info
                    .and_then(|i| i.max_memory_bytes.or(i.used_memory_bytes))
                    .unwrap_or(0),
                vcpus: info.and_then(|i| i.vcpus).unwrap_or(1),
            }
        })
        .collect();
    let candidates: Vec<Candidate> = targets
        .iter()
        .map(|t| {
            let uri = t.libvirt_uri();
            let (cpus, running_vcpus) = cpu_load(exec, &uri);
            Candidate {
                node: t.name.clone(),
                available_bytes: available(exec, &uri).unwrap_or(0),
                cpus,
                running_vcpus,
            }
        })
        .collect();
    let probe = migrate::request_with(ctx, flags, "-", src.clone(), src.clone())?;
    let placement = model::place(&vms, &candidates, probe.memory_reserve_bytes);
    let mut r = migrate::Renderer::new(ctx, false);
    for (vm, target) in placement {
        let Some(tname) = target else {
            ev.not_moved.push(NotMoved {
                vm,
                error: "no node out of maintenance has enough free memory".into(),
            });
            continue;
        };
        let t = targets
            .iter()
            .find(|t| t.name == tname)
            .expect("placed on a candidate");
        let _lock = ctx.lock(&migrate::lock_name(&vm), Duration::ZERO)?;
        let mut req = migrate::request_with(ctx, flags, &vm, src.clone(), node_ref(t))?;
        if let Some(u) = undefine_source {
            req.undefine_source = u;
        }
        let mut on = |e: &engine::Event| r.event(e);
        let pre = match engine::precheck(exec, &req, &mut on) {
            Ok(p) => p,
            Err(e) => {
                ev.not_moved.push(NotMoved {
                    vm,
                    error: format!("→ {tname}: {e:#}"),
                });
                continue;
            }
        };
        ev.moved.push(Moved {
            vm: vm.clone(),
            target: tname.clone(),
            done: false,
        });
        persist(&ev.moved)?; // the intent, before the migration starts
        super::checkpoint("evacuate-intent");
        let o = engine::run_one(exec, pre, &mut on)?;
        migrate::report(ctx, &o)?;
        match o.status {
            engine::Status::Migrated | engine::Status::Planned => {
                if let Some(m) = ev.moved.iter_mut().find(|m| m.vm == vm) {
                    m.done = true;
                }
            }
            _ => {
                ev.moved.retain(|m| m.vm != vm);
                ev.not_moved.push(NotMoved {
                    vm,
                    error: o.failure.clone().unwrap_or(o.message.clone()),
                });
            }
        }
        persist(&ev.moved)?;
    }
    r.finish();
    Ok(ev)
}

/// Migrates the VMs recorded in `moved` back to `node` from their targets (`all`: the cluster's
/// nodes). A VM already back (or gone from its target) is dropped from the record. Returns the
/// ones that could not come back, with why.
pub fn restore(
    ctx: &Ctx,
    node: &NodeConfig,
    all: &[NodeConfig],
    moved: Vec<Moved>,
    persist: &mut dyn FnMut(&[Moved]) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<NotMoved>> {
    let exec = ctx.exec()?;
    let home = node_ref(node);
    let mut left = moved;
    let mut failed = Vec::new();
    let mut r = migrate::Renderer::new(ctx, false);
    for m in left.clone() {
        let Some(t) = all.iter().find(|t| t.name == m.target) else {
            failed.push(NotMoved {
                vm: m.vm.clone(),
                error: format!("its node {} is not in [cluster] nodes any more", m.target),
            });
            continue;
        };
        use crate::model::virsh::DomState;
        let at_home = engine::state_at(exec, &home.uri, &m.vm)?;
        let at_target = engine::state_at(exec, &t.libvirt_uri(), &m.vm)?;
        if matches!(at_home, Some(DomState::Running))
            || !matches!(at_target, Some(DomState::Running))
        {
            // Already back (a killed run), or no longer running where we put it: nothing to do.
            left.retain(|x| x.vm != m.vm);
            persist(&left)?;
            continue;
        }
        let _lock = ctx.lock(&migrate::lock_name(&m.vm), Duration::ZERO)?;
        let mut req = migrate::request_with(
            ctx,
            &MigrationFlags::default(),
            &m.vm,
            node_ref(t),
            home.clone(),
        )?;
        req.undefine_source = true;
        let mut on = |e: &engine::Event| r.event(e);
        let outcome = engine::precheck(exec, &req, &mut on)
            .and_then(|pre| engine::run_one(exec, pre, &mut on));
        match outcome {
            Ok(o) if matches!(o.status, engine::Status::Migrated | engine::Status::Planned) => {
                migrate::report(ctx, &o)?;
                left.retain(|x| x.vm != m.vm);
                persist(&left)?;
                super::checkpoint("restore-one");
            }
            Ok(o) => {
                migrate::report(ctx, &o)?;
                failed.push(NotMoved {
                    vm: m.vm.clone(),
                    error: o.failure.unwrap_or(o.message),
                })
            }
            Err(e) => failed.push(NotMoved {
                vm: m.vm.clone(),
                error: format!("{e:#}"),
            }),
        }
    }
    r.finish();
    Ok(failed)
}

/// The `health` section of `ceph status -f json` (an unreadable one gates as "unknown").
pub fn ceph_health(status: &serde_json::Value) -> crate::model::ceph::Health {
    status
        .get("health")
        .and_then(|h| serde_json::from_value(h.clone()).ok())
        .unwrap_or_else(|| crate::model::ceph::Health {
            status: "unknown".into(),
            ..Default::default()
        })
}

/// PG states other than active+clean in `ceph status -f json`.
pub fn unclean_pgs(status: &serde_json::Value) -> Vec<String> {
    status
        .pointer("/pgmap/pgs_by_state")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("state_name").and_then(|n| n.as_str()))
        .filter(|s| *s != "active+clean")
        .map(str::to_string)
        .collect()
}

/// Polls `ceph status` until HEALTH_OK with nothing muted and every PG active+clean, or the
/// deadline (exit 124, naming what is still wrong). Not waited for under --dry-run.
pub fn wait_health(
    exec: &Exec,
    ceph: &Ceph,
    timeout_secs: u64,
    poll_secs: u64,
) -> anyhow::Result<()> {
    if exec.is_dry_run() {
        return Ok(());
    }
    let deadline = Instant::now() + Duration::from_secs(timeout_secs);
    loop {
        let out = exec.run(&ceph.status())?;
        let st: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_default();
        let why = match ceph_health(&st).gate() {
            Ok(()) => {
                let bad = unclean_pgs(&st);
                if bad.is_empty() {
                    return Ok(());
                }
                format!("PGs not active+clean: {}", bad.join(", "))
            }
            Err(why) => why.to_string(),
        };
        if Instant::now() >= deadline {
            return Err(Error::Timeout {
                secs: timeout_secs,
                what: format!("Ceph HEALTH_OK with nothing muted and clean PGs (still: {why})"),
            }
            .into());
        }
        std::thread::sleep(Duration::from_secs(poll_secs.max(1)));
    }
}

/// The node named `name` among `nodes`, or an error naming the configured ones.
pub fn find_node<'a>(nodes: &'a [NodeConfig], name: &str) -> anyhow::Result<&'a NodeConfig> {
    nodes.iter().find(|n| n.name == name).ok_or_else(|| {
        error::invalid(format!(
            "unknown node `{name}`: not in [cluster] nodes ({})",
            crate::cluster::names_for_error(nodes.iter().map(|n| n.name.as_str()))
        ))
    })
}
