//! sh: small fixed scripts run on a cluster node in one ssh round trip. The scripts are
//! constants; values reach them as positional parameters, never spliced into the text.

use crate::exec::{Cmd, Node};

/// One `KEY=VALUE` per line (an empty /boot must not shift the lines): `boot` (the boot id read
/// from `$1`), `running` (the running kernel), `newest` (the newest installed kernel), `flag`
/// (Debian's reboot-required flag, 0/1).
const BOOT_STATE: &str = "echo \"boot=$(cat \"$1\")\"; echo \"running=$(uname -r)\"; \
                      echo \"newest=$(ls /boot 2>/dev/null | sed -n 's/^vmlinuz-//p' | sort -V | tail -n 1)\"; \
                      if [ -e /run/reboot-required ] || [ -e /var/run/reboot-required ]; then echo flag=1; else echo flag=0; fi";

/// `sh -c BOOT_STATE boot-state BOOT_ID_FILE` on the node.
pub fn boot_state(boot_id_file: &str, node: &Node) -> Cmd {
    Cmd::new("sh")
        .args(["-c", BOOT_STATE, "boot-state", boot_id_file])
        .on(node)
        .read_only()
        .timeout_secs(30)
}
