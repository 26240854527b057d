//! Pure logic without I/O: parsers and renderers of external formats. Unit-tested and fuzzed here.

pub mod ceph;
pub mod ceph_history;
pub mod ceph_report;
pub mod cidr;
pub mod cidr_nft;
pub mod cidr_set;
pub mod cloudinit;
pub mod disks;
pub mod dns;
pub mod dns_dig;
pub mod dns_nsupdate;
pub mod domain_xml;
pub mod hosts_file;
pub mod k8s;
pub mod netlink;
pub mod profile;
pub mod qemu_img;
pub mod ticket;
pub mod tsig;
pub mod upgrade;
pub mod virsh;
pub mod virsh_list;
pub mod virsh_units;
pub mod vm_address;
pub mod vnc;
pub mod zfs;
