//! Pure logic without I/O: parsers and renderers of external formats. Unit-tested and fuzzed here.

pub mod ceph;
pub mod ceph_history;
pub mod ceph_report;
pub mod zfs;
