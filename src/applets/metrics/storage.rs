//! The Ceph and ZFS collectors: the same commands and parsers cephctl and zfs-status use
//! (`model::ceph`, `model::ceph_history`, `model::zfs`). Ceph: `ceph status` + `ceph df detail`
//! (two processes); ZFS: `zpool list` + `zpool status` (two processes), whatever the number of
//! pools.

use std::path::Path;

use crate::exec::Exec;
use crate::model::ceph::{Df, Status};
use crate::model::ceph_history::{self, History};
use crate::model::metrics::{self as mm, Set};
use crate::model::zfs as zm;
use crate::tools::ceph::{self as tool, Ceph};
use crate::tools::zpool;

/// Ceph health as a number: 0 HEALTH_OK, 1 HEALTH_WARN, 2 HEALTH_ERR (and anything unknown).
pub fn health_code(s: &str) -> f64 {
    match s {
        "HEALTH_OK" => 0.0,
        "HEALTH_WARN" => 1.0,
        _ => 2.0,
    }
}

pub fn ceph(exec: &Exec, ceph: &Ceph, state_dir: &Path, set: &mut Set) -> anyhow::Result<()> {
    let st: Status = tool::parse("status", &exec.run(&ceph.status())?)?;
    ceph_status_metrics(&st, set);
    let df: Df = tool::parse("df detail", &exec.run(&ceph.df_detail())?)?;
    let history = std::fs::read_to_string(state_dir.join(ceph_history::FILE_NAME))
        .map(|t| History::parse(&t))
        .unwrap_or_default();
    ceph_df_metrics(&df, &history, set);
    Ok(())
}

pub fn ceph_status_metrics(st: &Status, set: &mut Set) {
    set.gauge(
        "ceph_health_status",
        "Ceph health: 0 HEALTH_OK, 1 HEALTH_WARN, 2 HEALTH_ERR.",
        &[],
        health_code(&st.health.status),
    );
    let osd = &st.osdmap;
    for (state, n) in [
        ("total", osd.num_osds),
        ("up", osd.num_up_osds),
        ("in", osd.num_in_osds),
    ] {
        set.gauge("ceph_osds", "OSDs by state.", &[("state", state)], n as f64);
    }
    let not_clean: u64 = st
        .pgmap
        .pgs_by_state
        .iter()
        .filter(|p| p.state_name != "active+clean")
        .map(|p| p.count)
        .sum();
    set.gauge(
        "ceph_pgs_not_active_clean",
        "Placement groups in any state but active+clean.",
        &[],
        not_clean as f64,
    );
    set.gauge(
        "ceph_pgs",
        "Placement groups in total.",
        &[],
        st.pgmap.num_pgs as f64,
    );
}

pub fn ceph_df_metrics(df: &Df, history: &History, set: &mut Set) {
    for p in &df.pools {
        let l = [("pool", p.name.as_str())];
        // percent_used is a ratio (0..1) in `ceph df -f json`.
        set.gauge(
            "ceph_pool_used_ratio",
            "Used share of a pool's capacity (ceph df percent_used, 0..1).",
            &l,
            p.stats.percent_used,
        );
        set.gauge(
            "ceph_pool_stored_bytes",
            "Bytes stored in a pool.",
            &l,
            p.stats.stored as f64,
        );
        set.gauge(
            "ceph_pool_max_avail_bytes",
            "Bytes a pool can still take.",
            &l,
            p.stats.max_avail as f64,
        );
        if let Some(d) = history
            .projection(&p.name, p.stats.stored, p.stats.max_avail)
            .and_then(|pr| pr.days_until_full)
        {
            set.gauge(
                "ceph_pool_projected_full_days",
                "Days until the pool is full at the growth rate of cephctl's history (absent when not growing).",
                &l,
                d,
            );
        }
    }
}

pub fn zfs(exec: &Exec, now: i64, set: &mut Set) -> anyhow::Result<()> {
    let list = zm::parse_list(&exec.run(&zpool::list(&[]))?.stdout);
    let status = zm::parse_status(&exec.run(&zpool::status(&[]))?.stdout);
    zfs_metrics(&list, &status, now, set);
    Ok(())
}

pub fn zfs_metrics(list: &[zm::PoolList], status: &[zm::PoolStatus], now: i64, set: &mut Set) {
    for p in list {
        let l = [("pool", p.name.as_str())];
        set.gauge(
            "zfs_pool_online",
            "1 when the pool's health is ONLINE.",
            &l,
            (p.health == "ONLINE") as u8 as f64,
        );
        set.gauge(
            "zfs_pool_health",
            "The pool's health as a label (value always 1).",
            &[("pool", p.name.as_str()), ("health", p.health.as_str())],
            1.0,
        );
        set.gauge(
            "zfs_pool_capacity_ratio",
            "Allocated share of the pool (0..1).",
            &l,
            p.capacity_percent as f64 / 100.0,
        );
        if let Some(f) = p.fragmentation_percent {
            set.gauge(
                "zfs_pool_fragmentation_ratio",
                "Free-space fragmentation of the pool (0..1).",
                &l,
                f as f64 / 100.0,
            );
        }
    }
    for s in status {
        let l = [("pool", s.name.as_str())];
        if s.scan.kind == "scrub" {
            set.gauge(
                "zfs_pool_scrub_errors",
                "Errors the last finished scrub reported.",
                &l,
                s.scan.errors as f64,
            );
            if s.scan.state == "finished" {
                if let Some(t) = mm::parse_zpool_time(&s.scan.when) {
                    set.gauge(
                        "zfs_pool_last_scrub_age_seconds",
                        "Seconds since the last completed scrub.",
                        &l,
                        (now - t).max(0) as f64,
                    );
                }
            }
        }
        set.gauge(
            "zfs_pool_data_errors",
            "Data errors zpool status reports.",
            &l,
            s.data_errors as f64,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(p: &str) -> String {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(p),
        )
        .unwrap()
    }

    #[test]
    fn ceph_values_from_the_recorded_cluster() {
        // Real `ceph status` of Ceph 18.2.7 (tests/fixtures/ceph), parsed as cephctl does.
        let st: Status =
            crate::model::ceph::parse("status", &fixture("ceph/reef-healthy-status.json")).unwrap();
        let mut set = Set::new();
        ceph_status_metrics(&st, &mut set);
        assert_eq!(set.get("debvisor_ceph_health_status", &[]), Some(0.0));
        assert_eq!(
            set.get("debvisor_ceph_osds", &[("state", "total")]),
            Some(st.osdmap.num_osds as f64)
        );
        assert!(st.osdmap.num_osds > 0);
    }

    #[test]
    fn ceph_osd_down_and_pools_from_the_recorded_cluster() {
        let st: Status =
            crate::model::ceph::parse("status", &fixture("ceph/reef-osd-down-status.json"))
                .unwrap();
        let mut set = Set::new();
        ceph_status_metrics(&st, &mut set);
        let up = set.get("debvisor_ceph_osds", &[("state", "up")]).unwrap();
        let total = set
            .get("debvisor_ceph_osds", &[("state", "total")])
            .unwrap();
        assert!(up < total, "an OSD is down: {up} of {total}");
        assert!(set.get("debvisor_ceph_health_status", &[]).unwrap() >= 1.0);
        let df: Df =
            crate::model::ceph::parse("df", &fixture("ceph/reef-osd-down-df-detail.json")).unwrap();
        let mut h = History::default();
        let pool = df.pools[0].name.clone();
        let avail = df.pools[0].stats.max_avail;
        h.push(0, [(pool.clone(), (0, avail))].into(), 10);
        h.push(86_400, [(pool.clone(), (avail / 10, avail))].into(), 10);
        ceph_df_metrics(&df, &h, &mut set);
        let ratio = set
            .get("debvisor_ceph_pool_used_ratio", &[("pool", &pool)])
            .unwrap();
        assert!((0.0..=1.0).contains(&ratio), "{ratio}");
        let days = set
            .get("debvisor_ceph_pool_projected_full_days", &[("pool", &pool)])
            .unwrap();
        assert!((9.0..=11.0).contains(&days), "{days}");
    }

    #[test]
    fn zfs_values_from_the_recorded_pool() {
        // The same parsers as zfs-status, on real OpenZFS 2.3.9 output (fixtures/zfs/recorded).
        let rec = |f: &str| fixture(&format!("zfs/recorded/{f}"));
        // end of the run: `zpool list -H -p` (55's first line), the scrub that just finished
        let list = zm::parse_list(rec("55-zpool-list-final-Hp.txt").lines().next().unwrap());
        let status = zm::parse_status(&rec("54-zpool-scrub-resume-wait.txt"));
        let now = mm::parse_zpool_time("Tue Dec  1 23:54:04 2026").unwrap();
        let mut set = Set::new();
        zfs_metrics(&list, &status, now, &mut set);
        let g = |set: &Set, n: &str| set.get(n, &[("pool", "tank")]);
        assert_eq!(g(&set, "debvisor_zfs_pool_online"), Some(1.0));
        assert_eq!(g(&set, "debvisor_zfs_pool_capacity_ratio"), Some(0.69));
        assert_eq!(g(&set, "debvisor_zfs_pool_fragmentation_ratio"), Some(0.14));
        assert_eq!(g(&set, "debvisor_zfs_pool_scrub_errors"), Some(0.0));
        assert_eq!(g(&set, "debvisor_zfs_pool_data_errors"), Some(0.0));
        assert_eq!(
            g(&set, "debvisor_zfs_pool_last_scrub_age_seconds"),
            Some(3600.0)
        );

        // DEGRADED (a leg offline)
        let mut set = Set::new();
        let list = zm::parse_list(&rec("33-zpool-list-degraded-Hp.txt"));
        let status = zm::parse_status(&rec("34-zpool-status-x-degraded.txt"));
        zfs_metrics(&list, &status, now, &mut set);
        assert_eq!(g(&set, "debvisor_zfs_pool_online"), Some(0.0));
        assert_eq!(
            set.get(
                "debvisor_zfs_pool_health",
                &[("pool", "tank"), ("health", "DEGRADED")]
            ),
            Some(1.0)
        );

        // a resilver is no scrub; a running scrub has no completion age yet
        for (f, errors) in [
            ("42-zpool-status-after-import.txt", None),
            ("52-zpool-scrub-in-progress.txt", Some(0.0)),
        ] {
            let mut set = Set::new();
            zfs_metrics(&[], &zm::parse_status(&rec(f)), now, &mut set);
            assert_eq!(
                g(&set, "debvisor_zfs_pool_last_scrub_age_seconds"),
                None,
                "{f}"
            );
            assert_eq!(g(&set, "debvisor_zfs_pool_scrub_errors"), errors, "{f}");
        }

        // scrub errors: hand-written (the recorded pool never had any), fixtures/zfs/README.md
        let mut set = Set::new();
        let status = zm::parse_status(&fixture("zfs/status-tank-errors.txt"));
        zfs_metrics(&[], &status, now, &mut set);
        assert_eq!(g(&set, "debvisor_zfs_pool_scrub_errors"), Some(2.0));
        assert_eq!(g(&set, "debvisor_zfs_pool_data_errors"), Some(2.0));
    }
}
