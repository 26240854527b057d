//! Pure logic without I/O: parsers and renderers of external formats. Unit-tested and fuzzed here.
pub mod disks;
pub mod k8s;
pub mod netlink;
pub mod profile;
