//! DebVisor toolbox: library behind the `debvisor` multi-call binary. See ARCHITECTURE.md.

pub(crate) mod applets;
pub mod ceph_mgr_compat;
pub mod cli;
pub(crate) mod clock;
pub(crate) mod cluster;
pub(crate) mod config;
pub(crate) mod context;
pub mod error;
pub mod exec;
pub(crate) mod journal;
pub(crate) mod lock;
pub(crate) mod logging;
pub mod model;
pub(crate) mod output;
pub mod tools;
