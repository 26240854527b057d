//! Pure logic without I/O: parsers and renderers of external formats. Unit-tested and fuzzed here.

pub mod ceph;
pub mod ceph_history;
pub mod ceph_report;
pub mod disks;
pub mod domain_xml;
pub mod hosts_file;
pub mod k8s;
pub mod netlink;
pub mod profile;
pub mod ticket;
pub mod upgrade;
pub mod vm_address;
pub mod vnc;
pub mod zfs;
