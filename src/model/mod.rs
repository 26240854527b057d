//! Pure logic without I/O: parsers and renderers of external formats. Unit-tested and fuzzed here.

pub mod cidr;
pub mod cidr_nft;
pub mod cidr_set;
