//! Phase "storage": picks blank disks (never the OS disk, nothing with a signature, partitions,
//! holders or mounts) and builds the profile's storage: the ZFS pool (lz4, datasets vm/docker/k8s)
//! or Ceph OSDs. A node whose storage already exists is detected as done; a node with no blank
//! disk and no storage is refused with the reason for every disk.

use std::collections::BTreeMap;

use anyhow::Context as _;

use super::{PhaseResult, Run};
use crate::error;
use crate::exec::{Cmd, Exec};
use crate::model::disks::{self, DiskFacts, Lsblk, Policy, Verdict, Wipefs};
use crate::model::profile::Profile;
use crate::tools::blockdev;

pub fn storage(run: &Run) -> anyhow::Result<PhaseResult> {
    match run.profile {
        Profile::Zfs | Profile::UsbZfs => zfs(run),
        Profile::Ceph => ceph(run),
        Profile::Mixed => mixed(run),
    }
}

/// Looks at every disk once with firstboot's policy (see [`survey_disks`]).
pub fn survey(run: &Run, require_removable: bool) -> anyhow::Result<Vec<Verdict>> {
    let policy = Policy {
        include_loop: run.cfg.include_loop_disks,
        allow: (!run.cfg.disk_allowlist.is_empty()).then(|| run.cfg.disk_allowlist.clone()),
        min_size: run.cfg.min_disk_gib << 30,
        require_removable,
    };
    survey_disks(run.exec, &run.cfg.root_mount, &policy)
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

fn zfs(run: &Run) -> anyhow::Result<PhaseResult> {
    let exec = run.exec;
    let pool = &run.cfg.zfs_pool;
    let exists = exec.run(
        &Cmd::new("zpool")
            .args(["list", "-H", "-o", "name", pool])
            .read_only()
            .unchecked()
            .timeout_secs(30),
    )?;
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
    let verdicts = survey(run, usb)?;
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
    let mut create = Cmd::new("zpool")
        .args([
            "create",
            "-o",
            "ashift=12",
            "-O",
            "compression=lz4",
            "-O",
            "atime=off",
            "-m",
            "none",
            pool,
        ])
        .timeout_secs(300)
        .what(format!("creating ZFS pool {pool}"));
    match blank.len() {
        1 => {}
        2 => create = create.arg("mirror"),
        _ => create = create.arg("raidz1"),
    }
    create = create.args(blank.iter().map(|v| v.path.clone()));
    exec.run(&create)?;
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
    let out = exec.run(
        &Cmd::new("zfs")
            .args(["list", "-H", "-o", "name", "-r", pool])
            .read_only()
            .unchecked()
            .timeout_secs(30),
    )?;
    let have: Vec<&str> = out.stdout.lines().map(str::trim).collect();
    let mut n = 0;
    for ds in &run.cfg.zfs_datasets {
        let name = format!("{pool}/{ds}");
        if have.contains(&name.as_str()) {
            continue;
        }
        exec.run(
            &Cmd::new("zfs")
                .args(["create", "-o"])
                .arg(format!("mountpoint={}/{ds}", run.cfg.zfs_mount_base))
                .arg(&name)
                .timeout_secs(60),
        )?;
        n += 1;
    }
    Ok(n)
}

fn ceph(run: &Run) -> anyhow::Result<PhaseResult> {
    let exec = run.exec;
    if !std::path::Path::new("/etc/ceph/ceph.conf").exists() {
        return Err(error::precondition(
            "no /etc/ceph/ceph.conf: this node has no Ceph cluster to add OSDs to; bootstrap the first monitor \
             (cephadm bootstrap) or join an existing cluster with `debvisor join --mode ceph`",
        ));
    }
    let listed = exec.run(
        &Cmd::new("ceph-volume")
            .args(["lvm", "list", "--format", "json"])
            .read_only()
            .unchecked()
            .timeout_secs(60),
    )?;
    let existing: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap_or_default();
    let verdicts = survey(run, false)?;
    let blank: Vec<&Verdict> = verdicts.iter().filter(|v| v.usable).collect();
    let have_osds = existing.as_object().is_some_and(|o| !o.is_empty());
    if blank.is_empty() {
        return if have_osds {
            PhaseResult::done(format!(
                "{} OSD(s) already on this node",
                existing.as_object().map(|o| o.len()).unwrap_or(0)
            ))
        } else {
            Err(refuse(
                "no blank disk for a Ceph OSD and none exists",
                &verdicts,
            ))
        };
    }
    for v in &blank {
        exec.run(
            &Cmd::new("ceph-volume")
                .args(["lvm", "create", "--data", &v.path])
                .timeout_secs(900)
                .what(format!("creating a Ceph OSD on {}", v.path)),
        )?;
    }
    PhaseResult::applied(
        exec,
        format!(
            "OSDs on {}",
            blank
                .iter()
                .map(|v| v.path.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ),
    )
}

/// mixed (ZFS for VM images plus Ceph OSDs on the same node) is refused explicitly: how to split
/// the disks is a site decision this version does not make for the operator.
fn mixed(run: &Run) -> anyhow::Result<PhaseResult> {
    Err(error::precondition(format!(
        "profile mixed is not supported by this version's storage phase (choose zfs or ceph in {}); \
         run `debvisor firstboot --phase storage` again after changing it",
        run.cfg.profile_file.display()
    )))
}
