//! The node collectors that each cost one process or none: VMs by state (one `virsh list --all`),
//! the blocklist (its state file, and one `nft -j list table` to compare with the kernel), TSIG
//! key age (file times), the journals of firstboot / join / upgrade (files), and the last result
//! of every debvisor unit (one `systemctl show`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::exec::Exec;
use crate::model::cidr_nft::{State, TABLE};
use crate::model::metrics::{self as mm, Set};
use crate::model::virsh as vm;
use crate::tools::systemctl;
use crate::tools::virsh::Virsh;

/// Every state virsh prints, so a state with no VM is a 0, not a missing series.
const VM_STATES: [&str; 8] = [
    "no_state",
    "running",
    "blocked",
    "paused",
    "in_shutdown",
    "shut_off",
    "crashed",
    "pmsuspended",
];

pub fn vms(exec: &Exec, uri: &str, set: &mut Set) -> anyhow::Result<()> {
    let out = exec.run(&Virsh::new(uri).list_all())?;
    vm_metrics(&vm::parse_list(&out.stdout), set);
    Ok(())
}

pub fn vm_metrics(list: &[vm::ListEntry], set: &mut Set) {
    let mut by: BTreeMap<String, u64> = VM_STATES.iter().map(|s| (s.to_string(), 0)).collect();
    for e in list {
        let st = e.state.map(|s| s.as_str()).unwrap_or("no_state");
        *by.entry(st.to_string()).or_default() += 1;
    }
    for (state, n) in by {
        set.gauge(
            "vms",
            "Libvirt domains by state.",
            &[("state", state.as_str())],
            n as f64,
        );
    }
}

/// The blocklist as applied: entries per family and the time of the last successful apply
/// (the state file is written only after the kernel took the set), and whether the kernel's
/// sets still equal it.
pub fn blocklist(state_dir: &Path, now: i64, set: &mut Set) -> anyhow::Result<()> {
    let path = state_dir.join("blocklist").join("applied.state");
    let Ok(bytes) = std::fs::read(&path) else {
        set.gauge(
            "blocklist_applied",
            "1 when a blocklist has been applied on this node.",
            &[],
            0.0,
        );
        return Ok(());
    };
    let state = State::parse(&bytes)
        .ok_or_else(|| anyhow::anyhow!("{}: not a blocklist state file", path.display()))?;
    set.gauge(
        "blocklist_applied",
        "1 when a blocklist has been applied on this node.",
        &[],
        1.0,
    );
    for (fam, n) in [
        ("ipv4", state.sets.v4.cidr_count()),
        ("ipv6", state.sets.v6.cidr_count()),
    ] {
        set.gauge(
            "blocklist_entries",
            "CIDRs in the effective blocklist.",
            &[("family", fam)],
            n as f64,
        );
    }
    if let Some(t) = mtime(&path) {
        set.gauge(
            "blocklist_last_success_age_seconds",
            "Seconds since the last successful blocklist apply.",
            &[],
            (now - t).max(0) as f64,
        );
    }
    // Over netlink, not `nft -j list table`: nft fetches and prints every element (24 s and
    // 580 MB for 900k of them), too much for every scrape.
    let live = crate::tools::nft_netlink::read_table(TABLE)?.map(|(sets, _)| sets);
    set.gauge(
        "blocklist_kernel_in_sync",
        "1 when the kernel's nftables sets hold exactly the last applied blocklist.",
        &[],
        (live.as_ref() == Some(&state.sets)) as u8 as f64,
    );
    Ok(())
}

pub fn mtime(p: &Path) -> Option<i64> {
    let m = std::fs::metadata(p).ok()?.modified().ok()?;
    Some(m.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64)
}

/// TSIG key age: the file time of each configured key file, against the rotation interval.
pub fn tsig(keys: &[(&str, &Path)], rotation_days: u64, now: i64, set: &mut Set) {
    set.gauge(
        "tsig_rotation_interval_seconds",
        "How often the TSIG key is meant to be rotated ([tsig] rotation_days).",
        &[],
        (rotation_days * 86_400) as f64,
    );
    for (role, p) in keys {
        if let Some(t) = mtime(p) {
            set.gauge(
                "tsig_key_age_seconds",
                "Seconds since the TSIG key file was last written (rotated).",
                &[("key", role), ("file", &p.to_string_lossy())],
                (now - t).max(0) as f64,
            );
        }
    }
}

/// firstboot's report and the join / upgrade journals: present, age, and their `status`.
pub fn journals(files: &[(&str, &Path)], now: i64, set: &mut Set) {
    for (name, p) in files {
        let present = p.exists();
        set.gauge(
            "journal_present",
            "1 when the journal or report file exists (join/upgrade: an operation in progress or interrupted).",
            &[("journal", name)],
            present as u8 as f64,
        );
        if !present {
            continue;
        }
        if let Some(t) = mtime(p) {
            set.gauge(
                "journal_age_seconds",
                "Seconds since the journal was last written.",
                &[("journal", name)],
                (now - t).max(0) as f64,
            );
        }
        let status = std::fs::read_to_string(p)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| {
                ["status", "state", "phase"]
                    .iter()
                    .find_map(|k| v.get(k).and_then(|s| s.as_str()).map(String::from))
            })
            .unwrap_or_else(|| "unknown".into());
        set.gauge(
            "journal_status",
            "The journal's status field as a label (value always 1).",
            &[("journal", name), ("status", &status)],
            1.0,
        );
    }
}

/// Nodes in maintenance (`debvisor maintenance`): one series per marked node and phase
/// (entering / active / leaving: a phase other than active for long is an interrupted
/// enable or disable), its pending steps, and the count.
pub fn maintenance(records: &[crate::model::maintenance::Record], set: &mut Set) {
    set.gauge(
        "nodes_in_maintenance",
        "Nodes marked in maintenance (debvisor maintenance status).",
        &[],
        records.len() as f64,
    );
    for r in records {
        set.gauge(
            "node_maintenance",
            "1 for each node in maintenance, labelled with its phase (entering/active/leaving).",
            &[("node", &r.node), ("phase", r.phase.as_str())],
            1.0,
        );
        set.gauge(
            "node_maintenance_pending_steps",
            "What debvisor maintenance still has to do or undo for the node.",
            &[("node", &r.node)],
            r.pending().len() as f64,
        );
    }
}

/// websockify instances recorded by vnc-ensure, by health (running / process_gone /
/// not_listening): procfs and one TCP connect each, no process spawned.
pub fn websockify(state_dir: &Path, set: &mut Set) -> anyhow::Result<()> {
    use crate::applets::vnc_ensure::{health, load_state, Health};
    let state = load_state(&state_dir.join("vnc").join("instances.json"))?;
    let mut by: BTreeMap<&str, u64> = [("running", 0), ("process_gone", 0), ("not_listening", 0)]
        .into_iter()
        .collect();
    for i in state.instances.values() {
        let k = match health(i) {
            Health::Running => "running",
            Health::ProcessGone => "process_gone",
            Health::NotListening => "not_listening",
        };
        *by.entry(k).or_default() += 1;
    }
    for (state, n) in by {
        set.gauge(
            "websockify_instances",
            "websockify instances vnc-ensure recorded, by health (process_gone / not_listening: stale, `vnc-ensure --prune`).",
            &[("state", state)],
            n as f64,
        );
    }
    Ok(())
}

/// The last result of each debvisor unit: 1 when its last run failed, and when it last exited.
pub fn units(exec: &Exec, units: &[String], now: i64, set: &mut Set) -> anyhow::Result<()> {
    let out = exec.run(&systemctl::show_results(units))?;
    if !out.success() && out.stdout.trim().is_empty() {
        anyhow::bail!("systemctl show: {}", out.stderr.trim());
    }
    unit_metrics(&mm::parse_systemctl_show(&out.stdout), now, set);
    Ok(())
}

pub fn unit_metrics(units: &[mm::UnitState], now: i64, set: &mut Set) {
    for u in units {
        let l = [("unit", u.id.as_str())];
        let failed = u.active_state == "failed" || !(u.result.is_empty() || u.result == "success");
        set.gauge(
            "unit_last_run_failed",
            "1 when the unit's last run failed (systemd Result is not success).",
            &l,
            failed as u8 as f64,
        );
        if let Some(t) = mm::parse_systemd_utc(&u.last_exit) {
            set.gauge(
                "unit_last_exit_age_seconds",
                "Seconds since the unit's main process last exited.",
                &l,
                (now - t).max(0) as f64,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_states_are_all_present() {
        let list = vm::parse_list(
            " Id   Name   State\n------------------------\n 1    a      running\n -    b      shut off\n -    c      shut off\n",
        );
        let mut set = Set::new();
        vm_metrics(&list, &mut set);
        assert_eq!(set.get("debvisor_vms", &[("state", "running")]), Some(1.0));
        assert_eq!(set.get("debvisor_vms", &[("state", "shut_off")]), Some(2.0));
        assert_eq!(set.get("debvisor_vms", &[("state", "paused")]), Some(0.0));
    }

    #[test]
    fn failed_units() {
        let u = mm::parse_systemctl_show(
            "Id=a.service\nResult=exit-code\nActiveState=failed\n\nId=b.service\nResult=success\nActiveState=inactive\nExecMainExitTimestamp=Wed 2026-12-16 00:00:00 UTC\n",
        );
        let mut set = Set::new();
        unit_metrics(&u, 1_797_379_260, &mut set);
        let g = |n: &str, u: &str| set.get(n, &[("unit", u)]);
        assert_eq!(g("debvisor_unit_last_run_failed", "a.service"), Some(1.0));
        assert_eq!(g("debvisor_unit_last_run_failed", "b.service"), Some(0.0));
        assert_eq!(
            g("debvisor_unit_last_exit_age_seconds", "b.service"),
            Some(60.0)
        );
    }

    #[test]
    fn maintenance_marks_by_node_and_phase() {
        use crate::model::maintenance::{Phase, Record};
        let mut entering = Record::new("n1", "root@a".into(), "t".into(), None);
        entering.noout = vec![3];
        let mut active = Record::new("n2", "root@a".into(), "t".into(), Some("DIMM".into()));
        active.phase = Phase::Active;
        let mut set = Set::new();
        maintenance(&[entering.clone(), active], &mut set);
        assert_eq!(set.get("debvisor_nodes_in_maintenance", &[]), Some(2.0));
        let mark =
            |n: &str, p: &str| set.get("debvisor_node_maintenance", &[("node", n), ("phase", p)]);
        assert_eq!(mark("n1", "entering"), Some(1.0));
        assert_eq!(mark("n2", "active"), Some(1.0));
        assert_eq!(mark("n2", "entering"), None);
        let pending = |n: &str| set.get("debvisor_node_maintenance_pending_steps", &[("node", n)]);
        assert_eq!(pending("n1"), Some(entering.pending().len() as f64));
        assert!(pending("n1").unwrap() > 0.0);
        let mut none = Set::new();
        maintenance(&[], &mut none);
        assert_eq!(none.get("debvisor_nodes_in_maintenance", &[]), Some(0.0));
    }
}
