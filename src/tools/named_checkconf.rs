//! named-checkconf: BIND's configuration checker.

use std::path::Path;

use crate::exec::Cmd;

/// `named-checkconf CONF`: checks named.conf (and what it includes) before a reload.
pub fn check(conf: &Path) -> Cmd {
    Cmd::new("named-checkconf")
        .arg(conf)
        .read_only()
        .timeout_secs(30)
        .what("named.conf check before reload")
}
