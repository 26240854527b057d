//! DebVisor toolbox: library behind the `debvisor` multi-call binary. See ARCHITECTURE.md.

pub mod applets;
pub mod ceph_mgr_compat;
pub mod cli;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod context;
pub mod error;
pub mod exec;
pub mod journal;
pub mod lock;
pub mod logging;
pub mod model;
pub mod output;
pub mod tools;
