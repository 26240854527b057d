//! `maintenance disable NODE`: unset-noout → uncordon → restore-vms → health → clear, in that
//! order, journaled per step; only what the record says this tool set is cleared.

use std::time::Duration;

use clap::ArgMatches;

use super::{checkpoint, moved_out, print_outcome, save, steps, Env, Outcome};
use crate::error::{self, code};
use crate::output::Table;

pub fn run(env: &Env, m: &ArgMatches) -> anyhow::Result<i32> {
    let ctx = env.ctx;
    let exec = ctx.exec()?;
    let name = m.get_one::<String>("node").expect("required");
    let node = env.node(name)?;
    let _lock = ctx.lock(
        &format!("maintenance-{}", node.name),
        Duration::from_secs(5),
    )?;
    let Some(mut rec) = env.store.load(exec, &node.name)? else {
        let o = Outcome {
            node: node.name.clone(),
            action: "disable",
            changed: false,
            state: "none",
            noout_osds: Vec::new(),
            cordoned: false,
            moved: Vec::new(),
            not_moved: Vec::new(),
            restored: Vec::new(),
            resumed: false,
            dry_run: ctx.dry_run(),
        };
        print_outcome(
            ctx,
            &o,
            &format!("{} is not in maintenance; nothing to do", node.name),
        )?;
        return Ok(code::OK);
    };
    let resumed = rec.phase == crate::model::maintenance::Phase::Leaving;
    rec.begin_leaving(m.get_flag("restore-vms"));
    save(env, &rec)?;
    let noout_cleared = rec.noout.clone();
    let was_cordoned = rec.cordoned;
    let mut restored: Vec<String> = Vec::new();
    while let Some(step) = rec.next_step() {
        if !ctx.flags.quiet && !ctx.json() {
            eprintln!("maintenance: {}: {step}", node.name);
        }
        match step {
            "unset-noout" => {
                if !rec.noout.is_empty() {
                    let ceph = env.ceph.as_ref().ok_or_else(|| {
                        error::config(format!(
                            "the record of {} lists noout on {:?} but Ceph is not configured here ([ceph] conf)",
                            node.name, rec.noout
                        ))
                    })?;
                    let ours = rec.noout.clone();
                    steps::unset_noout(exec, ceph, &ours, &mut |o| {
                        rec.noout = o.to_vec();
                        save(env, &rec)
                    })?;
                }
            }
            "uncordon" => {
                if rec.cordoned {
                    let k = env.kubectl.as_ref().ok_or_else(|| {
                        error::config(format!(
                            "the record of {} says this tool cordoned it but Kubernetes is not configured here ([k8s] kubeconfig)",
                            node.name
                        ))
                    })?;
                    let ours = rec.cordoned;
                    steps::uncordon(exec, k, &node.k8s_name(), ours, &mut |c| {
                        rec.cordoned = c;
                        save(env, &rec)
                    })?;
                }
            }
            "restore-vms" => {
                if rec.restore_vms {
                    let back: Vec<_> = rec.moved.iter().filter(|m| m.done).cloned().collect();
                    let failed =
                        steps::restore(ctx, &node, &env.nodes, back.clone(), &mut |left| {
                            rec.moved = left.to_vec();
                            save(env, &rec)
                        })?;
                    restored.extend(
                        back.iter()
                            .filter(|b| !rec.moved.iter().any(|l| l.vm == b.vm))
                            .map(|b| b.vm.clone()),
                    );
                    if !failed.is_empty() {
                        save(env, &rec)?;
                        let list: Vec<String> = failed
                            .iter()
                            .map(|n| format!("{} ({})", n.vm, n.error))
                            .collect();
                        return Err(error::Error::Partial(format!(
                            "{}: {} VM(s) could not be moved back: {}; the node stays marked (leaving); re-run to retry",
                            node.name,
                            failed.len(),
                            list.join("; ")
                        ))
                        .into());
                    }
                }
            }
            "health" => {
                if let Some(ceph) = &env.ceph {
                    steps::wait_health(
                        exec,
                        ceph,
                        env.cfg.health_timeout_secs,
                        env.cfg.health_poll_secs,
                    )
                    .map_err(|e| {
                        e.context(format!(
                            "{}: its flags are cleared but Ceph is not healthy yet; the node stays marked (leaving); re-run to wait again",
                            node.name
                        ))
                    })?;
                }
            }
            "clear" => {}
            _ => unreachable!("steps are fixed"),
        }
        rec.mark_done(step);
        if step == "clear" {
            env.store.clear(exec, &node.name)?;
        } else {
            save(env, &rec)?;
        }
        checkpoint(step);
    }
    exec.audit_event(
        "maintenance",
        &format!("{} left maintenance", node.name),
        &serde_json::to_value(&rec)?,
    )?;
    let o = Outcome {
        node: node.name.clone(),
        action: "disable",
        changed: true,
        state: "none",
        noout_osds: noout_cleared.clone(),
        cordoned: was_cordoned,
        moved: moved_out(&rec.moved),
        not_moved: rec.not_moved.clone(),
        restored: restored.clone(),
        resumed,
        dry_run: ctx.dry_run(),
    };
    if ctx.json() {
        print_outcome(ctx, &o, "")?;
    } else if !ctx.flags.quiet {
        let mut t = Table::new(["STEP", "RESULT"]);
        t.row([
            "noout cleared".to_string(),
            if noout_cleared.is_empty() {
                "none (this tool set none)".into()
            } else {
                noout_cleared
                    .iter()
                    .map(|i| format!("osd.{i}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            },
        ]);
        t.row([
            "uncordoned".to_string(),
            if was_cordoned {
                node.k8s_name()
            } else {
                "no (this tool did not cordon it)".into()
            },
        ]);
        for v in &restored {
            t.row(["moved back".to_string(), v.clone()]);
        }
        for mv in &o.moved {
            t.row([
                "still away".to_string(),
                format!("{} on {}", mv.vm, mv.target),
            ]);
        }
        t.print()?;
        println!(
            "{}{} is out of maintenance",
            if ctx.dry_run() { "(dry run) " } else { "" },
            node.name
        );
    }
    Ok(code::OK)
}
