//! virsh: the libvirt command-line client.

use crate::exec::Cmd;

pub const DEFAULT_URI: &str = "qemu:///system";

/// Resolves the libvirt URI: flag, then LIBVIRT_DEFAULT_URI, then `[libvirt] uri`, then the
/// system default.
pub fn resolve_uri(flag: Option<&str>, configured: Option<&str>) -> String {
    crate::config::resolve::libvirt_uri(flag, configured, DEFAULT_URI)
}

#[derive(Debug, Clone)]
pub struct Virsh {
    pub uri: String,
}

impl Virsh {
    pub fn new(uri: impl Into<String>) -> Self {
        Virsh { uri: uri.into() }
    }

    /// `virsh -c URI ARGS…` (mutating until marked otherwise).
    pub fn cmd<I, S>(&self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: Into<std::ffi::OsString>,
    {
        Cmd::new("virsh")
            .args(["-q", "-c"])
            .arg(&self.uri)
            .args(args)
            .timeout_secs(60)
    }

    /// `virsh pool-info POOL` (unchecked: the exit status says whether the pool exists).
    pub fn pool_info(&self, pool: &str) -> Cmd {
        self.cmd(["pool-info", pool]).read_only().unchecked()
    }

    /// `virsh pool-define-as POOL dir --target DIR`: a directory-backed storage pool.
    pub fn pool_define_dir(&self, pool: &str, dir: &str) -> Cmd {
        self.cmd(["pool-define-as", pool, "dir", "--target", dir])
    }

    /// `virsh pool-build POOL`.
    pub fn pool_build(&self, pool: &str) -> Cmd {
        self.cmd(["pool-build", pool])
    }

    /// `virsh pool-start POOL`.
    pub fn pool_start(&self, pool: &str) -> Cmd {
        self.cmd(["pool-start", pool])
    }

    /// `virsh pool-autostart POOL`.
    pub fn pool_autostart(&self, pool: &str) -> Cmd {
        self.cmd(["pool-autostart", pool])
    }

    /// `virsh uri`: proves the connection works and shows where it landed.
    pub fn probe(&self) -> Cmd {
        self.cmd(["uri"])
            .read_only()
            .timeout_secs(15)
            .what(format!("libvirt at {}", self.uri))
    }
}

/// Statistics groups for bulk `domstats`: what `hvctl list` and `resources` show.
pub const STATS_GROUPS: [&str; 6] = [
    "--state",
    "--cpu-total",
    "--balloon",
    "--vcpu",
    "--interface",
    "--block",
];

/// How `virsh migrate` should move a domain (what the engine decided; no policy here).
#[derive(Debug, Clone, Default)]
pub struct MigrateOpts {
    /// Live migration (running guest); false = offline.
    pub live: bool,
    /// Keep a persistent definition on the target.
    pub persistent: bool,
    pub undefine_source: bool,
    /// MiB/s; None = libvirt's default (unlimited).
    pub bandwidth_mib: Option<u64>,
    pub auto_converge: bool,
    /// Allow switching to post-copy (`migrate-postcopy`) later.
    pub postcopy: bool,
    pub copy_storage_all: bool,
    /// Storage declared shared by the operator although libvirt cannot prove it.
    pub unsafe_shared: bool,
    /// Peer-to-peer: the source libvirtd connects to the target itself.
    pub p2p: bool,
}

impl Virsh {
    /// Bulk state for every domain: ONE process whatever the number of domains.
    pub fn domstats_all(&self) -> Cmd {
        self.cmd(["domstats", "--raw"])
            .args(STATS_GROUPS)
            .read_only()
            .what("domain statistics")
    }

    /// `list --all` and `domstats` in ONE virsh process (virsh batch mode: one connection, which
    /// is most of the cost — the test driver parses its whole node file per connection). The
    /// command string holds only fixed words, no user input. Feed the output to both
    /// `parse_list` and `parse_domstats`: each skips the other's lines.
    pub fn list_and_stats(&self) -> Cmd {
        self.cmd([format!(
            "list --all ; domstats --raw {}",
            STATS_GROUPS.join(" ")
        )])
        .read_only()
        .what("domain list and statistics")
    }

    /// Bulk state of some domains (one process).
    pub fn domstats_of(&self, doms: &[String]) -> Cmd {
        self.cmd(["domstats", "--raw"])
            .args(STATS_GROUPS)
            .args(doms)
            .read_only()
            .what("domain statistics")
    }

    /// `list --all`: ids and names of every domain (one process).
    pub fn list_all(&self) -> Cmd {
        self.cmd(["list", "--all"]).read_only().what("domain list")
    }

    /// `list --name` (running only) — the VMs an evacuation moves.
    pub fn list_running_names(&self) -> Cmd {
        self.cmd(["list", "--name", "--state-running", "--state-paused"])
            .read_only()
            .what("running domains")
    }

    pub fn dominfo(&self, vm: &str) -> Cmd {
        self.cmd(["dominfo", "--domain", vm])
            .read_only()
            .what(format!("info of {vm}"))
    }

    /// `dominfo` of several domains in ONE virsh process (`dominfo --domain 'a' ; …`): what
    /// `domstats` does not report (the test driver's has only the state; a real host's has
    /// nothing for shut-off VMs). Names must be safe inside virsh's quotes (no `'`, `\`, `;`).
    /// Unchecked: a domain that vanished in between only drops its block.
    pub fn dominfo_many(&self, vms: &[String]) -> Cmd {
        let script = vms
            .iter()
            .map(|v| format!("dominfo --domain '{v}'"))
            .collect::<Vec<_>>()
            .join(" ; ");
        self.cmd([script])
            .read_only()
            .unchecked()
            .what("info of the domains domstats says little about")
    }

    /// `domstate VM`: unchecked (a missing domain is an answer, not an error).
    pub fn domstate(&self, vm: &str) -> Cmd {
        self.cmd(["domstate", "--domain", vm])
            .read_only()
            .unchecked()
            .timeout_secs(30)
            .what(format!("state of {vm}"))
    }

    pub fn dumpxml(&self, vm: &str) -> Cmd {
        self.cmd(["dumpxml", "--domain", vm])
            .read_only()
            .what(format!("XML of {vm}"))
    }

    pub fn domblklist(&self, vm: &str) -> Cmd {
        self.cmd(["domblklist", "--details", "--domain", vm])
            .read_only()
            .what(format!("disks of {vm}"))
    }

    pub fn nodeinfo(&self) -> Cmd {
        self.cmd(["nodeinfo"]).read_only().what("node info")
    }

    /// The host's CPU count and the vCPUs of its running domains, in ONE virsh process
    /// (batch mode; fixed words only): `model::virsh::parse_cpu_load` reads it.
    pub fn cpu_load(&self) -> Cmd {
        self.cmd(["nodeinfo ; domstats --raw --vcpu --list-running"])
            .read_only()
            .what(format!("CPUs and running vCPUs at {}", self.uri))
    }

    pub fn nodememstats(&self) -> Cmd {
        self.cmd(["nodememstats"])
            .read_only()
            .what(format!("free memory at {}", self.uri))
    }

    pub fn freecell(&self) -> Cmd {
        self.cmd(["freecell", "--all"])
            .read_only()
            .what(format!("free memory per NUMA cell at {}", self.uri))
    }

    pub fn start(&self, vm: &str) -> Cmd {
        self.cmd(["start", "--domain", vm])
            .timeout_secs(120)
            .what(format!("start {vm}"))
    }

    /// Asks the guest to shut down (ACPI); returns at once.
    pub fn shutdown(&self, vm: &str) -> Cmd {
        self.cmd(["shutdown", "--domain", vm])
            .what(format!("shut down {vm}"))
    }

    /// Pulls the plug.
    pub fn destroy(&self, vm: &str) -> Cmd {
        self.cmd(["destroy", "--domain", vm])
            .timeout_secs(120)
            .what(format!("destroy (power off) {vm}"))
    }

    pub fn reboot(&self, vm: &str) -> Cmd {
        self.cmd(["reboot", "--domain", vm])
            .what(format!("reboot {vm}"))
    }

    pub fn snapshot_create(&self, vm: &str, name: &str) -> Cmd {
        self.cmd(["snapshot-create-as", "--domain", vm, "--name", name])
            .timeout_secs(600)
            .what(format!("snapshot {name} of {vm}"))
    }

    pub fn snapshot_list(&self, vm: &str) -> Cmd {
        self.cmd(["snapshot-list", "--domain", vm])
            .read_only()
            .what(format!("snapshots of {vm}"))
    }

    pub fn snapshot_revert(&self, vm: &str, name: &str) -> Cmd {
        self.cmd(["snapshot-revert", "--domain", vm, "--snapshotname", name])
            .timeout_secs(600)
            .what(format!("revert {vm} to snapshot {name}"))
    }

    pub fn snapshot_delete(&self, vm: &str, name: &str) -> Cmd {
        self.cmd(["snapshot-delete", "--domain", vm, "--snapshotname", name])
            .timeout_secs(600)
            .what(format!("delete snapshot {name} of {vm}"))
    }

    /// The serial console, for [`crate::exec::Exec::exec_replace`] (the terminal is handed over).
    /// Marked mutating: typing into a guest console changes the guest.
    pub fn console(&self, vm: &str) -> Cmd {
        self.cmd(["console", "--domain", vm])
            .inherit_stdin()
            .what(format!("serial console of {vm}"))
    }

    /// `virsh migrate` from this connection (the source) to `dest_uri`.
    pub fn migrate(&self, vm: &str, dest_uri: &str, o: &MigrateOpts) -> Cmd {
        let mut c = self.cmd(["migrate"]);
        if o.live {
            c = c.arg("--live");
        } else {
            c = c.arg("--offline");
        }
        if o.p2p {
            c = c.arg("--p2p");
        }
        if o.persistent {
            c = c.arg("--persistent");
        }
        if o.undefine_source {
            c = c.arg("--undefinesource");
        }
        if o.auto_converge {
            c = c.arg("--auto-converge");
        }
        if o.postcopy {
            c = c.arg("--postcopy");
        }
        if o.copy_storage_all {
            c = c.arg("--copy-storage-all");
        }
        if o.unsafe_shared {
            c = c.arg("--unsafe");
        }
        if let Some(b) = o.bandwidth_mib.filter(|b| *b > 0) {
            c = c.arg("--bandwidth").arg(b.to_string());
        }
        c.args(["--domain", vm, "--desturi", dest_uri])
            .what(format!("migrate {vm} to {dest_uri}"))
    }

    /// The running (or, with `completed`, the last finished) job, raw numbers.
    pub fn domjobinfo(&self, vm: &str, completed: bool) -> Cmd {
        let mut c = self.cmd(["domjobinfo", "--rawstats"]);
        if completed {
            c = c.arg("--completed");
        }
        c.args(["--domain", vm])
            .read_only()
            .unchecked()
            .timeout_secs(30)
            .what(format!("job of {vm}"))
    }

    pub fn migrate_setspeed(&self, vm: &str, mib_per_s: u64) -> Cmd {
        self.cmd(["migrate-setspeed", "--domain", vm, "--bandwidth"])
            .arg(mib_per_s.to_string())
            .timeout_secs(30)
            .what(format!(
                "set migration bandwidth of {vm} to {mib_per_s} MiB/s"
            ))
    }

    pub fn migrate_setmaxdowntime(&self, vm: &str, ms: u64) -> Cmd {
        self.cmd(["migrate-setmaxdowntime", "--domain", vm, "--downtime"])
            .arg(ms.to_string())
            .timeout_secs(30)
            .what(format!("set maximum downtime of {vm} to {ms} ms"))
    }

    pub fn migrate_postcopy(&self, vm: &str) -> Cmd {
        self.cmd(["migrate-postcopy", "--domain", vm])
            .timeout_secs(30)
            .what(format!("switch migration of {vm} to post-copy"))
    }

    pub fn domjobabort(&self, vm: &str) -> Cmd {
        self.cmd(["domjobabort", "--domain", vm])
            .timeout_secs(30)
            .what(format!("abort the job of {vm}"))
    }
}
