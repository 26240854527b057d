//! Pure logic without I/O: parsers and renderers of external formats. Unit-tested and fuzzed here.

pub mod dns;
pub mod dns_dig;
pub mod dns_nsupdate;
pub mod tsig;
