//! `blocklist apply`: plan (diff against the last applied state), guard, then either a delta
//! (`nft -c` + one `nft -f` transaction) or a staged full load (the new sets filled in bounded
//! `nft -f` runs under the other generation's names, then one switch transaction), then the
//! state file, the snippet and the metrics, each written atomically.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::ArgMatches;
use serde::Serialize;

use super::{effective, flag, print_diff_lines, set_diff, verify, BlocklistConfig, SourceOpts};
use crate::context::Ctx;
use crate::error::Error;
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::cidr_nft::{
    self, render_delta, render_layout, render_prepare, render_switch, render_unstage, Chunks,
    DeltaCount, Gen, Layout, RenderOpts, State, LOAD_CHUNK, TABLE,
};
use crate::model::cidr_set::Sets;
use crate::output;
use crate::tools::{nft, nft_netlink};

#[derive(Serialize)]
struct Report {
    /// The kernel set changed (under --dry-run: would change): a full load, or a non-empty delta.
    changed: bool,
    dry_run: bool,
    mode: &'static str,
    baseline: &'static str,
    applied: bool,
    elements_added: usize,
    elements_removed: usize,
    kernel_elements: usize,
    ipv4_addresses: u128,
    ipv6_addresses: u128,
    #[serde(flatten)]
    diff: super::SetDiff,
}

/// How far a delta may keep the kernel's prefix-length sets: up to this many times the
/// expansion budget of a fresh layout (`prefix_lengths::budget`).
const DELTA_LAYOUT_SLACK: u128 = 2;

fn state_path(ctx: &Ctx) -> anyhow::Result<PathBuf> {
    Ok(ctx
        .general()?
        .state_dir
        .join("blocklist")
        .join("applied.state"))
}

pub fn run(ctx: &mut Ctx, m: &ArgMatches, cfg: &BlocklistConfig) -> anyhow::Result<i32> {
    let started = Instant::now();
    let opts = SourceOpts::from(m, cfg, &["files", "block"], &["allow"]);
    let full_flag = flag(m, "full");
    let force = flag(m, "force");
    let _lock = ctx.lock("blocklist", Duration::from_secs(120))?;
    let (loaded, new) = effective(&opts)?;
    if cfg.require_integrity {
        integrity(cfg, &loaded)?;
    }
    let exec = ctx.exec()?;

    // Baseline: the last applied state on disk; the live table only when there is none (first
    // run) or on an explicit --full (which shows and heals drift).
    let spath = state_path(ctx)?;
    let state = std::fs::read(&spath).ok().and_then(|b| State::parse(&b));
    let now = crate::clock::unix_now();
    let periodic = state.as_ref().is_some_and(|s| {
        cfg.full_reload_hours > 0 && now.saturating_sub(s.last_full) >= cfg.full_reload_hours * 3600
    });
    // Which generation of set names the chains reference: the kernel's word when it was listed,
    // else the state's.
    let (baseline, baseline_name, live) = match (&state, full_flag) {
        (Some(s), false) => (s.sets.clone(), "state", nft::LiveGen::One(s.gen)),
        _ => live_sets()?,
    };
    let render_key = cfg.render_opts().key();
    // A delta cannot change the chains (priority, forward hook): such a change reloads fully.
    let full = full_flag || periodic || state.as_ref().is_none_or(|s| s.render != render_key);

    let d = set_diff(
        &baseline,
        &new,
        if ctx.flags.verbose > 0 {
            usize::MAX
        } else {
            20
        },
    );
    guard(cfg, &baseline, &new, force)?;

    // Each set's kernel layout once (a pass over up to millions of CIDRs). A delta keeps the
    // prefix lengths that have sets in the kernel, adding one only where expanding into them
    // would cost more than DELTA_LAYOUT_SLACK times a fresh layout's budget: a churn then moves
    // no element from one set to another. A full reload chooses the lengths anew.
    let (old_layout, new_layout) = match (&state, full) {
        (Some(s), false) => (
            Layout::in_declared(&baseline, &s.declared, None),
            Layout::in_declared(&new, &s.declared, Some(DELTA_LAYOUT_SLACK)),
        ),
        _ => (Layout::of(&baseline), Layout::of(&new)),
    };
    let opts = cfg.render_opts();
    capacity_guard(cfg, &loaded, new_layout.elements())?;
    // A delta that would overfill a set in the kernel (its `size`) becomes a full reload. A
    // full load renders nothing here: its runs are rendered one at a time while it loads.
    let live_gen = state.as_ref().map(|s| s.gen).unwrap_or_default();
    let delta = match (&state, full) {
        (Some(s), false) => render_delta(&old_layout, &s.declared, &new_layout, &opts, live_gen),
        _ => None,
    };
    let full = full || delta.is_none();
    let count = match &delta {
        Some(d) => d.count,
        None => DeltaCount {
            elements_added: new_layout.elements(),
            elements_removed: old_layout.elements(),
        },
    };
    let ruleset = delta.as_ref().map(|d| d.ruleset.as_slice());
    let mode = if full {
        "full"
    } else if ruleset.is_some_and(<[u8]>::is_empty) {
        "none"
    } else {
        "delta"
    };
    if !ctx.json() && !ctx.flags.quiet {
        println!(
            "plan ({mode}, against the {}): {}; kernel elements +{} -{}",
            match baseline_name {
                "state" => "last applied set",
                "live" => "live set",
                _ => "empty set (no table loaded)",
            },
            super::diff_summary(&d),
            count.elements_added,
            count.elements_removed
        );
        print_diff_lines(&d);
    }

    let result = load(exec, cfg, ruleset, &new_layout, live);
    let ok = result.is_ok();
    if let Some(p) = &cfg.metrics_file {
        let applied = if ok {
            (&new, &new_layout)
        } else {
            (&baseline, &old_layout)
        };
        let text = metrics(applied.0, applied.1, now, ok, started.elapsed());
        let dir = p.parent().map(|d| exec.create_dir_all(d, 0o755));
        let written = dir
            .unwrap_or(Ok(()))
            .and_then(|_| exec.write_file(p, text.as_bytes(), FileSpec::PUBLIC));
        if let Err(e) = written {
            tracing::warn!("cannot write metrics {}: {e:#}", p.display());
        }
    }
    let loaded_full = result?;

    // The kernel now holds `new`: record it (and the generation the chains now reference), then
    // the snippet that restores it at boot: one complete file under the live generation's names,
    // so that deltas after a reboot find their sets.
    let (last_full, declared, gen) = match (loaded_full, delta) {
        (Some(gen), _) => (now, new_layout.declared(), gen),
        (None, Some(d)) => (
            state.as_ref().map(|s| s.last_full).unwrap_or(now),
            d.declared,
            live_gen,
        ),
        (None, None) => unreachable!("a full load returns its generation"),
    };
    let snippet = render_layout(&new_layout, &declared, &opts, gen);
    let st = State {
        sets: new,
        last_full,
        declared,
        render: render_key,
        gen,
    };
    if let Some(dir) = spath.parent() {
        exec.create_dir_all(dir, 0o755)?;
    }
    exec.write_file(&spath, &st.render(), FileSpec::mode(0o644))?;
    if let Some(dir) = cfg.snippet.parent() {
        exec.create_dir_all(dir, 0o755)?;
    }
    exec.write_file_if_changed(&cfg.snippet, &snippet, FileSpec::PUBLIC)?;
    let r = Report {
        changed: mode != "none",
        dry_run: ctx.dry_run(),
        mode,
        baseline: baseline_name,
        applied: !ctx.dry_run(),
        elements_added: count.elements_added,
        elements_removed: count.elements_removed,
        kernel_elements: new_layout.elements(),
        ipv4_addresses: st.sets.v4.count(),
        ipv6_addresses: st.sets.v6.count(),
        diff: d,
    };
    exec.audit_event(
        "blocklist-apply",
        &format!(
            "blocklist {} apply: +{} -{} kernel elements",
            r.mode, r.elements_added, r.elements_removed
        ),
        &serde_json::json!({
            "mode": r.mode,
            "elements_added": r.elements_added,
            "elements_removed": r.elements_removed,
            "added_cidrs": r.diff.added_cidrs,
            "removed_cidrs": r.diff.removed_cidrs,
            "kernel_elements": r.kernel_elements,
        }),
    )?;
    if ctx.json() {
        output::print_json(&r)?;
    } else if !ctx.flags.quiet && !ctx.dry_run() {
        println!(
            "applied ({}): {} kernel elements, {} IPv4 + {} IPv6 addresses blocked",
            r.mode, r.kernel_elements, r.ipv4_addresses, r.ipv6_addresses
        );
    }
    Ok(0)
}

/// The live sets (those the chains reference), or empty when the table does not exist, and
/// which generation is live. Read over netlink (a dump streamed into intervals: tens of MB for
/// a million elements, where `nft -j list table` took 24 s and 580 MB).
fn live_sets() -> anyhow::Result<(Sets, &'static str, nft::LiveGen)> {
    match nft_netlink::read_table(TABLE)
        .map_err(|e| e.context("cannot read the live blocklist table"))?
    {
        None => Ok((Sets::default(), "empty", nft::LiveGen::Nothing)),
        Some((sets, table)) => Ok((sets, "live", table.live_gen())),
    }
}

const REJECTED: &str = "nft rejected the new blocklist; the live set is unchanged";

/// Sends the delta (`Some`, one `nft -f` transaction) or loads the whole layout (`None`: a
/// staged full load). Returns the generation a full load left live, None after a delta. A
/// failed delta (drift: an element to delete is missing, or the table is gone) falls back to
/// one full load.
///
/// No `nft -c` pass before a real load: `nft -f` sends the whole file as ONE netlink batch,
/// and the kernel commits it only when every message in it was accepted, otherwise it aborts
/// the whole batch and the live ruleset is untouched. `nft -c` runs the same parse and the same
/// kernel validation and then aborts on purpose, so it catches nothing `nft -f` would not.
/// Under --dry-run `nft -c` is what runs (the load is only printed), so a plan is still checked
/// against the kernel; `[blocklist] check_deltas` keeps the extra pass for deltas when asked.
fn load(
    exec: &Exec,
    cfg: &BlocklistConfig,
    delta: Option<&[u8]>,
    new: &Layout,
    live: nft::LiveGen,
) -> anyhow::Result<Option<Gen>> {
    let opts = cfg.render_opts();
    let Some(ruleset) = delta else {
        return full_load(exec, new, &opts, live).map(Some);
    };
    if ruleset.is_empty() {
        return Ok(None);
    }
    let applied = (|| -> anyhow::Result<()> {
        if cfg.check_deltas || exec.is_dry_run() {
            exec.run(&nft::check(ruleset.to_vec()))?;
        }
        exec.run(&nft::apply(ruleset.to_vec()))?;
        Ok(())
    })();
    match applied {
        Ok(()) => Ok(None),
        Err(e) => {
            tracing::warn!("the delta did not apply ({e:#}); the live set drifted from the last applied state: reloading the whole table");
            if !exec.is_dry_run() {
                eprintln!("blocklist: delta rejected (live set drifted?): doing a full reload");
            }
            // The layout run() already computed: no second pass over the sets.
            full_load(exec, new, &opts, live).map(Some)
        }
    }
}

/// A full load. Staged, so that no nft run parses more than [`LOAD_CHUNK`] elements (nft's
/// parser needs ~390 B per element: one `nft -f` of a 1M-entry table peaked at 363 MB):
///   1. one transaction creates the sets of the generation the chains do NOT reference (`live`:
///      from the listing when apply listed the table, else from the state; after deleting what
///      an interrupted earlier load left under those names);
///   2. the elements, in runs of at most [`LOAD_CHUNK`], each rendered just before its run;
///   3. ONE transaction re-creates the chains on the new sets and deletes the old ones.
///
/// Until 3 commits, no rule references the new sets: the datapath sees the old complete set,
/// then the new complete set, never a partial one. A failure in 1 or 2 leaves the live
/// ruleset untouched; the kernel aborts a failed 3 whole. Either way the staging sets are then
/// deleted again (best effort: the next full load clears them anyway), and the error says the
/// live set is unchanged.
///
/// Under --dry-run: today's plan, the whole new table as ONE file, checked by `nft -c` and
/// printed as the `nft -f` it would be (nothing mutating runs). When staging has no free names
/// (the chains reference both generations, as a delta under a stale state can leave them, or
/// the state names the wrong one, or a set of another type sits under a staging name), the
/// first transaction fails and the table is replaced by one `nft -f` of the whole table, as
/// before the staged load (atomic, but nft then parses every element at once).
fn full_load(
    exec: &Exec,
    new: &Layout,
    opts: &RenderOpts,
    live: nft::LiveGen,
) -> anyhow::Result<Gen> {
    let declared = new.declared();
    let whole = |gen: Gen| -> anyhow::Result<Gen> {
        let text = render_layout(new, &declared, opts, gen);
        if exec.is_dry_run() {
            exec.run(&nft::check(text.clone()))
                .map_err(|e| e.context(REJECTED))?;
        }
        exec.run(&nft::apply(text))
            .map_err(|e| e.context(REJECTED))?;
        Ok(gen)
    };
    let gen = match live {
        nft::LiveGen::Nothing => Gen::A,
        nft::LiveGen::One(live) => live.other(),
        nft::LiveGen::Mixed => {
            tracing::warn!("the blocklist chains reference both generations of sets: replacing the whole table in one nft run");
            return whole(Gen::A);
        }
    };
    if exec.is_dry_run() {
        return whole(gen);
    }
    if let Err(e) = exec.run(&nft::apply(render_prepare(&declared, gen))) {
        tracing::warn!(
            "cannot create the staging sets ({e:#}): replacing the whole table in one nft run"
        );
        return whole(Gen::A);
    }
    let staged = (|| -> anyhow::Result<()> {
        for chunk in Chunks::new(new, gen, LOAD_CHUNK) {
            exec.run(&nft::apply(chunk))?;
        }
        exec.run(&nft::apply(render_switch(&declared, opts, gen)))?;
        Ok(())
    })();
    if let Err(e) = staged {
        if let Err(c) = exec.run(&nft::apply(render_unstage(&declared, gen))) {
            tracing::warn!("cannot delete the staging sets of the failed load (the next full load will): {c:#}");
        }
        return Err(e.context(REJECTED));
    }
    Ok(gen)
}

/// Refuses (exit 3, whatever --force says) a set the kernel cannot take: more elements than
/// `[blocklist] max_kernel_elements`, or more memory than a full load of it needs (the kernel's
/// new sets next to the old ones, our copies, one bounded nft run: an OOM kill mid-load could
/// hit VMs). Checked before any nft run.
fn capacity_guard(
    cfg: &BlocklistConfig,
    loaded: &super::sources::Loaded,
    elements: usize,
) -> anyhow::Result<()> {
    let available = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| cidr_nft::mem_available(&m));
    let Some(fault) = cidr_nft::load_fault(elements, cfg.max_kernel_elements, available) else {
        return Ok(());
    };
    let block: Vec<&str> = loaded
        .files
        .iter()
        .filter(|f| f.role == super::sources::Role::Block)
        .map(|f| f.path.as_str())
        .collect();
    let input = match block.as_slice() {
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (+{} more sources)", rest.len()),
        [] => "the block sources".to_string(),
    };
    Err(Error::Refused(format!(
        "{input}: the kernel cannot take this set: {fault}; nothing was changed"
    ))
    .into())
}

/// Refuses (exit 3) an apply that blocks too much of an address family or removes most of the
/// set, unless --force.
fn guard(cfg: &BlocklistConfig, old: &Sets, new: &Sets, force: bool) -> anyhow::Result<()> {
    if force {
        return Ok(());
    }
    let (s4, s6) = new.share_percent();
    for (fam, share) in [("IPv4", s4), ("IPv6", s6)] {
        if share > cfg.max_block_percent {
            return Err(Error::Refused(format!(
                "the new set blocks {share:.2}% of the {fam} address space (limit {}%, [blocklist] max_block_percent); use --force if intended",
                cfg.max_block_percent
            ))
            .into());
        }
    }
    let removed = old.difference(new);
    for (fam, before, gone) in [
        ("IPv4", old.v4.count(), removed.v4.count()),
        ("IPv6", old.v6.count(), removed.v6.count()),
    ] {
        if before > 0 {
            let pct = gone as f64 * 100.0 / before as f64;
            if pct > cfg.max_removal_percent {
                return Err(Error::Refused(format!(
                    "the new set removes {pct:.1}% of the blocked {fam} addresses (limit {}%, [blocklist] max_removal_percent); use --force if intended",
                    cfg.max_removal_percent
                ))
                .into());
            }
        }
    }
    Ok(())
}

/// Checks the bytes that were parsed against the configured metadata (no re-read: no race).
fn integrity(cfg: &BlocklistConfig, l: &super::sources::Loaded) -> anyhow::Result<()> {
    let meta = cfg.metadata.as_ref().ok_or_else(|| {
        crate::error::config("[blocklist] require_integrity needs [blocklist] metadata")
    })?;
    let entries = verify::read_metadata(meta)?;
    for f in &l.files {
        let p = Path::new(&f.path);
        let base = p.file_name().map(|b| b.to_string_lossy().into_owned());
        let found = entries.iter().find(|(k, mp, _)| {
            Some(k.as_str()) == base.as_deref()
                || mp.file_name().map(|b| b.to_string_lossy().into_owned()) == base
        });
        let ok = match found {
            Some((_, _, Some(h))) => h.eq_ignore_ascii_case(&f.sha256),
            _ => false,
        };
        if !ok {
            return Err(crate::error::invalid(format!(
                "integrity check failed for {} (SHA-256 {}): not matching {}; nothing was changed",
                f.path,
                f.sha256,
                meta.display()
            )));
        }
    }
    Ok(())
}

/// Prometheus textfile-collector format, through the same renderer as `debvisor metrics`.
fn metrics(sets: &Sets, l: &Layout, now: u64, ok: bool, took: Duration) -> String {
    let mut m = crate::model::metrics::Set::new();
    let help = "Elements in the kernel sets of the blocklist.";
    for (set, n) in [
        ("blocked_ips", l.v4.ips.len()),
        ("blocked_nets", l.v4.nets_len()),
        ("blocked_ips6", l.v6.ips.len()),
        ("blocked_nets6", l.v6.nets_len()),
    ] {
        m.gauge("blocklist_elements", help, &[("set", set)], n as f64);
    }
    for (fam, n, addrs) in [
        ("ipv4", sets.v4.cidr_count(), sets.v4.count() as f64),
        ("ipv6", sets.v6.cidr_count(), sets.v6.count() as f64),
    ] {
        m.gauge(
            "blocklist_entries",
            "CIDRs in the effective blocklist.",
            &[("family", fam)],
            n as f64,
        );
        m.gauge(
            "blocklist_addresses",
            "Addresses blocked.",
            &[("family", fam)],
            addrs,
        );
    }
    m.gauge(
        "blocklist_last_apply_timestamp_seconds",
        "Time of the last apply attempt.",
        &[],
        now as f64,
    );
    m.gauge(
        "blocklist_last_apply_success",
        "1 if the last apply succeeded.",
        &[],
        ok as u8 as f64,
    );
    m.gauge(
        "blocklist_last_apply_duration_seconds",
        "Duration of the last apply.",
        &[],
        took.as_secs_f64(),
    );
    m.render()
}
