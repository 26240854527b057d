//! ansible-playbook: the HA TSIG rotation, when the site delegates it to Ansible.

use std::path::Path;

use crate::exec::Cmd;

/// `ansible-playbook -i INVENTORY PLAYBOOK --limit LIMIT` (up to an hour; stream its lines).
pub fn tsig_rotation(inventory: &Path, playbook: &Path, limit: &str) -> Cmd {
    Cmd::new("ansible-playbook")
        .arg("-i")
        .arg(inventory)
        .arg(playbook)
        .args(["--limit", limit])
        .timeout_secs(3600)
        .what("the HA TSIG rotation playbook")
}
