//! Pure logic without I/O: parsers and renderers of external formats. Unit-tested and fuzzed here.
pub mod virsh;
pub mod virsh_list;
pub mod virsh_units;
