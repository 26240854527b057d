//! One typed wrapper per external program: builds [`crate::exec::Cmd`] values and parses their
//! output into structs. No policy here (that lives in applets), no spawning (that lives in exec).

pub mod blockdev;
pub mod ceph;
pub mod ceph_daemon;
pub mod ceph_volume;
pub mod delv;
pub mod dig;
pub mod dns_update_cli;
pub mod dnsmasq;
pub mod etcdctl;
pub mod ip;
pub mod kubeadm;
pub mod kubectl;
pub mod nft;
pub mod nsupdate;
pub mod procfs;
pub mod qemu_img;
pub mod rndc;
pub mod vfat;
pub mod virsh;
pub mod vnc;
pub mod websockify;
pub mod xorriso;
pub mod zfs;
