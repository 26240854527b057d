//! ceph-volume: OSD creation on a raw disk (LVM underneath). Cannot run on the build machines (no
//! device-mapper): tests use an argument-recording stub that prints ceph-volume's real output.

use crate::exec::Cmd;

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
