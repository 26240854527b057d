//! `maintenance enable NODE`: mark → noout → evacuate → drain → active, journaled per step.

use std::time::Duration;

use clap::ArgMatches;

use super::{checkpoint, moved_out, print_outcome, save, steps, Env, Outcome};
use crate::applets::migrate::MigrationFlags;
use crate::error::{self, code};
use crate::model::maintenance::{Phase, Record};
use crate::output::Table;

pub fn run(env: &Env, m: &ArgMatches) -> anyhow::Result<i32> {
    let ctx = env.ctx;
    let exec = ctx.exec()?;
    let name = m.get_one::<String>("node").expect("required");
    let node = env.node(name)?;
    let force = m.get_flag("force");
    let _lock = ctx.lock(
        &format!("maintenance-{}", node.name),
        Duration::from_secs(5),
    )?;
    let (mut rec, resumed) = match env.store.load(exec, &node.name)? {
        Some(r) if r.phase == Phase::Active => {
            let o = outcome(&r, false, false, ctx.dry_run());
            print_outcome(
                ctx,
                &o,
                &format!(
                    "{} is already in maintenance ({}); nothing to do",
                    r.node,
                    r.since_by()
                ),
            )?;
            return Ok(code::OK);
        }
        Some(r) if r.phase == Phase::Leaving => {
            return Err(error::precondition(format!(
                "{} is leaving maintenance (an interrupted disable): run `debvisor maintenance disable {}` to finish it first",
                r.node, r.node
            )));
        }
        Some(r) => {
            if !ctx.flags.quiet && !ctx.json() {
                eprintln!(
                    "maintenance: resuming enable of {} ({})",
                    r.node,
                    r.done.join(", ")
                );
            }
            (r, true)
        }
        None => (
            Record::new(
                &node.name,
                super::who(),
                crate::clock::now_rfc3339(),
                m.get_one::<String>("reason").cloned(),
            ),
            false,
        ),
    };
    let flags = MigrationFlags::from_matches(m);
    while let Some(step) = rec.next_step() {
        if !ctx.flags.quiet && !ctx.json() {
            eprintln!("maintenance: {}: {step}", node.name);
        }
        match step {
            "mark" => {}
            "noout" => {
                if let Some(ceph) = &env.ceph {
                    let osds = steps::osds_of(exec, ceph, &node)?;
                    let ours = rec.noout.clone();
                    rec.noout = steps::set_noout(exec, ceph, &osds, &ours, &mut |o| {
                        rec.noout = o.to_vec();
                        save(env, &rec)
                    })?;
                }
            }
            "evacuate" => {
                if env.cfg.evacuate && node.libvirt_uri.is_some() {
                    let (marked, _) = env.store.list(exec)?;
                    let marked: Vec<String> = marked.into_iter().map(|r| r.node).collect();
                    let targets = env.targets(&node.name, &marked);
                    let prior = std::mem::take(&mut rec.moved);
                    let ev = steps::evacuate(
                        ctx,
                        &flags,
                        &node,
                        &targets,
                        Some(true),
                        prior,
                        &mut |mv| {
                            rec.moved = mv.to_vec();
                            save(env, &rec)
                        },
                    )?;
                    rec.moved = ev.moved;
                    if !ev.not_moved.is_empty() && !force {
                        save(env, &rec)?;
                        let list: Vec<String> = ev
                            .not_moved
                            .iter()
                            .map(|n| format!("{} ({})", n.vm, n.error))
                            .collect();
                        return Err(error::precondition(format!(
                            "{}: {} VM(s) cannot be moved: {}; {} stays marked (entering); re-run with --force to continue without them, or `debvisor maintenance disable {}` to undo",
                            node.name,
                            ev.not_moved.len(),
                            list.join("; "),
                            node.name,
                            node.name
                        )));
                    }
                    rec.not_moved = ev.not_moved;
                }
            }
            "drain" => {
                if let Some(k) = &env.kubectl {
                    let ours = rec.cordoned;
                    rec.cordoned = steps::drain(
                        exec,
                        k,
                        &node.k8s_name(),
                        env.cfg.drain_timeout_secs,
                        ctx.flags.quiet,
                        ours,
                        &mut |c| {
                            rec.cordoned = c;
                            save(env, &rec)
                        },
                    )
                    .map_err(|e| {
                        e.context(format!(
                            "{} stays marked (entering); fix the cause and re-run, or `debvisor maintenance disable {}` to undo",
                            node.name, node.name
                        ))
                    })?;
                }
            }
            "active" => rec.phase = Phase::Active,
            _ => unreachable!("steps are fixed"),
        }
        if rec.phase != Phase::Active {
            rec.mark_done(step);
        } else {
            rec.done.clear();
        }
        save(env, &rec)?;
        checkpoint(step);
    }
    exec.audit_event(
        "maintenance",
        &format!("{} entered maintenance", node.name),
        &serde_json::to_value(&rec)?,
    )?;
    let o = outcome(&rec, true, resumed, ctx.dry_run());
    if ctx.json() {
        print_outcome(ctx, &o, "")?;
    } else if !ctx.flags.quiet {
        let mut t = Table::new(["STEP", "RESULT"]);
        t.row([
            "noout".to_string(),
            if rec.noout.is_empty() {
                "no OSD flagged by this tool".into()
            } else {
                rec.noout
                    .iter()
                    .map(|i| format!("osd.{i}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            },
        ]);
        for mv in &o.moved {
            t.row(["moved".to_string(), format!("{} → {}", mv.vm, mv.target)]);
        }
        for n in &rec.not_moved {
            t.row(["not moved".to_string(), format!("{}: {}", n.vm, n.error)]);
        }
        t.row([
            "kubernetes".to_string(),
            if rec.cordoned {
                format!("{} cordoned and drained", node.k8s_name())
            } else if env.kubectl.is_some() {
                format!("{} drained (it was cordoned already)", node.k8s_name())
            } else {
                "not used".into()
            },
        ]);
        t.print()?;
        println!(
            "{}{} is in maintenance{}",
            if ctx.dry_run() { "(dry run) " } else { "" },
            node.name,
            rec.reason
                .as_deref()
                .map(|x| format!(": {x}"))
                .unwrap_or_default()
        );
    }
    Ok(code::OK)
}

pub(super) fn outcome(r: &Record, changed: bool, resumed: bool, dry_run: bool) -> Outcome {
    Outcome {
        node: r.node.clone(),
        action: "enable",
        changed,
        state: r.phase.as_str(),
        noout_osds: r.noout.clone(),
        cordoned: r.cordoned,
        moved: moved_out(&r.moved),
        not_moved: r.not_moved.clone(),
        restored: Vec::new(),
        resumed,
        dry_run,
    }
}
