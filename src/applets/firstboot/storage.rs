//! Phase "storage": picks blank disks (never the OS disk, nothing with a signature, partitions,
//! holders or mounts) and builds the profile's storage: the ZFS pool (lz4, datasets vm/docker/k8s)
//! or Ceph (the first monitor and manager when no cluster exists, see ceph_mon.rs, then OSDs), or
//! both for profile mixed (the disk split is configuration). A node whose storage already exists
//! is detected as done; a node with no blank disk and no storage is refused with the reason for
//! every disk.

use std::collections::BTreeMap;

use anyhow::Context as _;

use super::ceph_mon::{self, MonOutcome};
use super::{PhaseResult, Run, Status};
use crate::error;
use crate::exec::Exec;
use crate::model::disks::{self, DiskFacts, Lsblk, Policy, Verdict, Wipefs};
use crate::model::profile::Profile;
use crate::tools::{blockdev, ceph_volume, zfs, zpool};

pub fn storage(run: &Run) -> anyhow::Result<PhaseResult> {
    match run.profile {
        Profile::Zfs | Profile::UsbZfs => zfs(run, None),
        Profile::Ceph => ceph(run, None),
        Profile::Mixed => mixed(run),
    }
}

/// Every disk looked at once with firstboot's policy (see [`survey_disks`]), restricted to `only` (profile mixed: one role's disks); only their verdicts.
fn survey_only(
    run: &Run,
    require_removable: bool,
    only: Option<&[String]>,
) -> anyhow::Result<Vec<Verdict>> {
    let allow = match only {
        Some(o) => Some(o.to_vec()),
        None => (!run.cfg.disk_allowlist.is_empty()).then(|| run.cfg.disk_allowlist.clone()),
    };
    let policy = Policy {
        include_loop: run.cfg.include_loop_disks,
        allow,
        min_size: run.cfg.min_disk_gib << 30,
        require_removable,
    };
    let mut v = survey_disks(run.exec, &run.cfg.root_mount, &policy)?;
    if let Some(o) = only {
        v.retain(|d| o.contains(&d.path));
    }
    Ok(v)
}

/// Looks at every disk once: one lsblk, one signature probe, one findmnt. Never the OS disk (the
/// disk holding `root_mount`), nothing signed, partitioned, held or mounted. Shared with join.
pub fn survey_disks(
    exec: &Exec,
    root_mount: &str,
    policy: &Policy,
) -> anyhow::Result<Vec<Verdict>> {
    let lsblk: Lsblk =
        serde_json::from_str(&exec.run(&blockdev::lsblk())?.stdout).context("parsing lsblk -J")?;
    let root = exec.run(&blockdev::mount_source(root_mount))?;
    let mut holders = BTreeMap::new();
    for d in &lsblk.blockdevices {
        let kname = d.kname.clone().unwrap_or_else(|| d.name.clone());
        if let Ok(rd) = std::fs::read_dir(format!("/sys/block/{kname}/holders")) {
            holders.insert(
                kname,
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect(),
            );
        }
    }
    let mut facts = DiskFacts {
        lsblk,
        signatures: Vec::new(),
        root_source: Some(root.stdout.trim().to_string()).filter(|s| !s.is_empty()),
        holders,
    };
    // Probe signatures only on disks that pass every other rule (the OS disk is never opened),
    // all of them in one process. A probe that fails fails the phase: unknown means not blank.
    let candidates: Vec<String> = disks::judge(&facts, policy)
        .into_iter()
        .filter(|v| v.usable)
        .map(|v| v.path)
        .collect();
    if !candidates.is_empty() {
        let out = exec.run(&blockdev::probe_signatures(&candidates))?;
        facts.signatures = serde_json::from_str::<Wipefs>(&out.stdout)
            .context("parsing wipefs --json")?
            .signatures;
    }
    let verdicts = disks::judge(&facts, policy);
    for v in &verdicts {
        tracing::info!(disk = %v.path, usable = v.usable, reason = %v.reason, "disk survey");
    }
    Ok(verdicts)
}

fn refuse(what: &str, verdicts: &[Verdict]) -> anyhow::Error {
    let detail: Vec<String> = verdicts
        .iter()
        .map(|v| format!("{}: {}", v.path, v.reason))
        .collect();
    error::precondition(format!(
        "{what} ({})",
        if detail.is_empty() {
            "no disks found".into()
        } else {
            detail.join("; ")
        }
    ))
}

fn zfs(run: &Run, only: Option<&[String]>) -> anyhow::Result<PhaseResult> {
    let exec = run.exec;
    let pool = &run.cfg.zfs_pool;
    let exists = exec.run(&zpool::exists(pool))?;
    if exists.success() {
        let created = ensure_datasets(run)?;
        return if created == 0 {
            PhaseResult::done(format!("pool {pool} and its datasets exist"))
        } else {
            PhaseResult::applied(
                exec,
                format!("pool {pool} existed; created {created} dataset(s)"),
            )
        };
    }
    let usb = run.profile == Profile::UsbZfs;
    let verdicts = survey_only(run, usb, only)?;
    let blank: Vec<&Verdict> = verdicts.iter().filter(|v| v.usable).collect();
    if usb && blank.len() < 3 {
        return Err(refuse(
            &format!(
                "usb-zfs needs at least 3 blank removable disks, found {}",
                blank.len()
            ),
            &verdicts,
        ));
    }
    if blank.is_empty() {
        return Err(refuse(
            &format!("no blank disk for pool {pool} and the pool does not exist"),
            &verdicts,
        ));
    }
    let vdev = match blank.len() {
        1 => None,
        2 => Some("mirror"),
        _ => Some("raidz1"),
    };
    exec.run(&zpool::create(
        pool,
        vdev,
        blank.iter().map(|v| v.path.clone()),
    ))?;
    ensure_datasets(run)?;
    PhaseResult::applied(
        exec,
        format!(
            "pool {pool} on {} with lz4; datasets {}",
            blank
                .iter()
                .map(|v| v.path.as_str())
                .collect::<Vec<_>>()
                .join(","),
            run.cfg.zfs_datasets.join(",")
        ),
    )
}

/// Creates the missing datasets; returns how many it created (or would).
fn ensure_datasets(run: &Run) -> anyhow::Result<usize> {
    let exec = run.exec;
    let pool = &run.cfg.zfs_pool;
    let out = exec.run(&zfs::list_names_recursive(pool))?;
    let have: Vec<&str> = out.stdout.lines().map(str::trim).collect();
    let mut n = 0;
    for ds in &run.cfg.zfs_datasets {
        let name = format!("{pool}/{ds}");
        if have.contains(&name.as_str()) {
            continue;
        }
        exec.run(&zfs::create(
            &name,
            &format!("{}/{ds}", run.cfg.zfs_mount_base),
        ))?;
        n += 1;
    }
    Ok(n)
}

fn ceph(run: &Run, only: Option<&[String]>) -> anyhow::Result<PhaseResult> {
    let exec = run.exec;
    // No cluster yet: this node bootstraps the first monitor and manager (ceph_mon.rs).
    let mon = ceph_mon::ensure_first_mon(run)?;
    let (mon_changed, mut said) = match &mon {
        MonOutcome::Elsewhere => (false, Vec::new()),
        MonOutcome::Done => (false, vec!["mon and mgr running".to_string()]),
        MonOutcome::Applied(did) => (true, did.clone()),
    };
    let conf = ceph_mon::Layout::new(run)?.conf;
    // ceph-volume finds the cluster through CEPH_CONF (its bootstrap-osd keyring and OSD data
    // paths are fixed: /var/lib/ceph/…).
    let listed = exec.run(&ceph_volume::lvm_list(&run.cfg.ceph_volume, &conf))?;
    let existing: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap_or_default();
    let verdicts = survey_only(run, false, only)?;
    let blank: Vec<&Verdict> = verdicts.iter().filter(|v| v.usable).collect();
    let have_osds = existing.as_object().is_some_and(|o| !o.is_empty());
    if blank.is_empty() {
        if !have_osds {
            return Err(refuse(
                &format!(
                    "{}no blank disk for a Ceph OSD and none exists",
                    if mon_changed {
                        format!("{}; but ", said.join("; "))
                    } else {
                        String::new()
                    }
                ),
                &verdicts,
            ));
        }
        said.push(format!(
            "{} OSD(s) already on this node",
            existing.as_object().map(|o| o.len()).unwrap_or(0)
        ));
        return if mon_changed {
            PhaseResult::applied(exec, said.join("; "))
        } else {
            PhaseResult::done(said.join("; "))
        };
    }
    for v in &blank {
        exec.run(&ceph_volume::lvm_create(&run.cfg.ceph_volume, &v.path).env("CEPH_CONF", &conf))?;
    }
    said.push(format!(
        "OSDs on {}",
        blank
            .iter()
            .map(|v| v.path.as_str())
            .collect::<Vec<_>>()
            .join(",")
    ));
    PhaseResult::applied(exec, said.join("; "))
}

/// Profile mixed: a ZFS pool for VM images plus Ceph OSDs on the same node. Which disk serves
/// which is a site decision, so it must be configured: `[firstboot] mixed_zfs_disks` and
/// `mixed_ceph_disks` (paths or /dev/disk/by-id links, disjoint). Each role then follows its
/// own profile's rules (blank disks only, done-state from the system), ZFS first.
fn mixed(run: &Run) -> anyhow::Result<PhaseResult> {
    let c = run.cfg;
    if c.mixed_zfs_disks.is_empty() || c.mixed_ceph_disks.is_empty() {
        return Err(error::config(format!(
            "profile mixed ({}) needs [firstboot] mixed_zfs_disks and mixed_ceph_disks (disk paths or /dev/disk/by-id links): \
             which disks form the ZFS pool and which become Ceph OSDs is a site decision",
            c.profile_file.display()
        )));
    }
    let resolve = |key: &str, list: &[String]| -> anyhow::Result<Vec<String>> {
        list.iter()
            .map(|d| {
                std::fs::canonicalize(d)
                    .map(|p| p.display().to_string())
                    .map_err(|e| error::config(format!("[firstboot] {key}: {d}: {e}")))
            })
            .collect()
    };
    let zfs_disks = resolve("mixed_zfs_disks", &c.mixed_zfs_disks)?;
    let ceph_disks = resolve("mixed_ceph_disks", &c.mixed_ceph_disks)?;
    if let Some(d) = zfs_disks.iter().find(|d| ceph_disks.contains(d)) {
        return Err(error::config(format!(
            "[firstboot] {d} is in both mixed_zfs_disks and mixed_ceph_disks"
        )));
    }
    let z = zfs(run, Some(&zfs_disks))?;
    let k = ceph(run, Some(&ceph_disks))?;
    let message = format!("zfs: {}; ceph: {}", z.message, k.message);
    if z.status == Status::Done && k.status == Status::Done {
        PhaseResult::done(message)
    } else {
        PhaseResult::applied(run.exec, message)
    }
}
