//! ceph-volume: OSD creation on a raw disk (LVM underneath). Cannot run on the build machines (no
//! device-mapper): tests use an argument-recording stub that prints ceph-volume's real output.

use std::path::Path;

use crate::exec::Cmd;

/// `CEPH_CONF=CONF ceph-volume lvm list --format json`: the OSDs on this node (unchecked: the
/// caller reads a failure as "no OSDs"). ceph-volume finds the cluster through `CEPH_CONF`.
pub fn lvm_list(prog: &str, conf: &Path) -> Cmd {
    Cmd::new(prog)
        .args(["lvm", "list", "--format", "json"])
        .env("CEPH_CONF", conf)
        .read_only()
        .unchecked()
        .timeout_secs(60)
}

/// `ceph-volume lvm create --data DEV` (prints `--> ceph-volume lvm activate successful for osd
/// ID: N` on stderr; parse with `model::join::parse_ceph_volume_osd_id`).
pub fn lvm_create(prog: &str, device: &str) -> Cmd {
    Cmd::new(prog)
        .args(["lvm", "create", "--data", device])
        .timeout_secs(900)
        .what(format!("creating a Ceph OSD on {device}"))
}

/// `ceph-volume lvm zap --destroy DEV`: removes the LVM volumes and signatures it created.
pub fn lvm_zap(prog: &str, device: &str) -> Cmd {
    Cmd::new(prog)
        .args(["lvm", "zap", "--destroy", device])
        .timeout_secs(300)
        .what(format!("wiping {device} (ceph-volume lvm zap)"))
}
