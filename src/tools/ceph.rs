//! ceph: the Ceph command-line client. Builds `Cmd` values (every one with
//! `--connect-timeout`, reads with `-f json`) and parses their output with `model::ceph`.
//!
//! These are the maintenance primitives that join/upgrade reuse: `Ceph::noout_set(Some(3))`,
//! `Ceph::ok_to_stop(3)`, `Ceph::safe_to_destroy(3)`, … each return one command; run it with
//! `ctx.exec()?.run(&cmd)` and parse with the matching `parse_*` function.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::exec::{Cmd, Output};
use crate::model::ceph::{self as m, OkToStop, SafeToDestroy};

/// Default `--connect-timeout` (seconds). Without it the CLI hangs forever when the monitors are
/// gone (it retries the monitors forever).
pub const DEFAULT_CONNECT_TIMEOUT: u64 = 10;

/// How to reach a cluster.
#[derive(Debug, Clone)]
pub struct Ceph {
    /// `-c FILE`; None lets the CLI use CEPH_CONF / CEPH_ARGS / /etc/ceph/ceph.conf.
    pub conf: Option<PathBuf>,
    /// `--keyring FILE`; None lets the CLI use CEPH_ARGS / the conf's keyring setting.
    pub keyring: Option<PathBuf>,
    /// `--connect-timeout N`.
    pub connect_timeout: u64,
}

impl Default for Ceph {
    fn default() -> Self {
        Ceph {
            conf: None,
            keyring: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        }
    }
}

/// Whether `CEPH_ARGS` already names one of these options.
fn ceph_args_has(opts: &[&str]) -> bool {
    std::env::var("CEPH_ARGS").is_ok_and(|a| {
        a.split_whitespace().any(|w| {
            opts.iter()
                .any(|o| w == *o || w.starts_with(&format!("{o}=")))
        })
    })
}

impl Ceph {
    /// Resolves the cluster to talk to. Precedence: flags, then the environment (`CEPH_CONF`,
    /// `CEPH_ARGS`, which the CLI reads itself — nothing is passed then), then `[ceph] conf` /
    /// `keyring`, then the CLI's defaults.
    pub fn resolve(
        flag_conf: Option<PathBuf>,
        flag_keyring: Option<PathBuf>,
        cfg_conf: Option<PathBuf>,
        cfg_keyring: Option<PathBuf>,
        connect_timeout: u64,
    ) -> Ceph {
        let env_conf = std::env::var_os("CEPH_CONF").is_some_and(|v| !v.is_empty())
            || ceph_args_has(&["-c", "--conf"]);
        let env_keyring = ceph_args_has(&["-k", "--keyring"]);
        Ceph {
            conf: flag_conf.or(if env_conf { None } else { cfg_conf }),
            keyring: flag_keyring.or(if env_keyring { None } else { cfg_keyring }),
            connect_timeout: connect_timeout.max(1),
        }
    }

    /// `ceph [-c CONF] [--keyring K] --connect-timeout N ARGS…` — mutating until marked otherwise,
    /// with a deadline that covers the connect timeout plus the command itself.
    pub fn cmd<I, S>(&self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let mut c = Cmd::new("ceph");
        if let Some(conf) = &self.conf {
            c = c.arg("-c").arg(conf);
        }
        if let Some(k) = &self.keyring {
            c = c.arg("--keyring").arg(k);
        }
        c.arg("--connect-timeout")
            .arg(self.connect_timeout.to_string())
            .args(args)
            .timeout_secs(self.connect_timeout + 60)
    }

    /// A read-only query with `-f json`.
    pub fn query(&self, args: &[&str]) -> Cmd {
        self.cmd(args.iter().copied())
            .args(["-f", "json"])
            .read_only()
            .what(format!("`ceph {}`", args.join(" ")))
    }

    /// A mutating command (no JSON: Ceph's setters print their message on stderr).
    pub fn change<S: AsRef<str>>(&self, args: &[S]) -> Cmd {
        let v: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
        self.cmd(v.iter().copied())
            .mutating()
            .what(format!("`ceph {}`", v.join(" ")))
    }

    pub fn status(&self) -> Cmd {
        self.query(&["status"])
    }
    pub fn health_detail(&self) -> Cmd {
        self.query(&["health", "detail"])
    }
    pub fn osd_df(&self) -> Cmd {
        self.query(&["osd", "df"])
    }
    pub fn osd_df_tree(&self) -> Cmd {
        self.query(&["osd", "df", "tree"])
    }
    pub fn osd_dump(&self) -> Cmd {
        self.query(&["osd", "dump"])
    }
    pub fn df_detail(&self) -> Cmd {
        self.query(&["df", "detail"])
    }
    pub fn balancer_status(&self) -> Cmd {
        self.query(&["balancer", "status"])
    }
    pub fn autoscale_status(&self) -> Cmd {
        self.query(&["osd", "pool", "autoscale-status"])
    }
    /// Crash reports not yet archived.
    pub fn crash_ls_new(&self) -> Cmd {
        self.query(&["crash", "ls-new"])
    }

    /// Cluster-wide `ceph osd set noout`, or per OSD `ceph osd add-noout osd.N`.
    pub fn noout_set(&self, osd: Option<u32>) -> Cmd {
        match osd {
            None => self.change(&["osd", "set", "noout"]),
            Some(id) => self.change(&["osd", "add-noout", &format!("osd.{id}")]),
        }
    }

    /// Per-OSD noout on several OSDs in ONE process: `ceph osd add-noout osd.A osd.B …`
    /// (never the cluster-wide flag).
    pub fn add_noout_many(&self, osds: &[u32]) -> Cmd {
        let mut a = vec!["osd".to_string(), "add-noout".into()];
        a.extend(osds.iter().map(|i| format!("osd.{i}")));
        self.change(&a)
    }

    /// `ceph osd rm-noout osd.A osd.B …` in one process.
    pub fn rm_noout_many(&self, osds: &[u32]) -> Cmd {
        let mut a = vec!["osd".to_string(), "rm-noout".into()];
        a.extend(osds.iter().map(|i| format!("osd.{i}")));
        self.change(&a)
    }

    /// Cluster-wide `ceph osd unset noout`, or per OSD `ceph osd rm-noout osd.N`.
    pub fn noout_unset(&self, osd: Option<u32>) -> Cmd {
        match osd {
            None => self.change(&["osd", "unset", "noout"]),
            Some(id) => self.change(&["osd", "rm-noout", &format!("osd.{id}")]),
        }
    }

    /// `ceph osd ok-to-stop osd.N -f json`: exits 16 (EBUSY) with the JSON verdict on stdout
    /// when stopping would make PGs inactive, so it is unchecked; use [`parse_ok_to_stop`].
    /// NOTE: Ceph answers "ok" for an id that does not exist — check existence first.
    pub fn ok_to_stop(&self, osd: u32) -> Cmd {
        self.query(&["osd", "ok-to-stop", &format!("osd.{osd}")])
            .unchecked()
    }

    /// `ceph osd safe-to-destroy osd.N -f json` (exit 0 either way; the lists say why).
    pub fn safe_to_destroy(&self, osd: u32) -> Cmd {
        self.query(&["osd", "safe-to-destroy", &format!("osd.{osd}")])
            .unchecked()
    }

    /// `ceph osd out osd.N`. NOTE: Ceph exits 0 for an id that does not exist ("osd.N does not
    /// exist." on stderr) — check existence first (`osd_dump`).
    pub fn osd_out(&self, osd: u32) -> Cmd {
        self.change(&["osd", "out", &format!("osd.{osd}")])
    }

    pub fn osd_in(&self, osd: u32) -> Cmd {
        self.change(&["osd", "in", &format!("osd.{osd}")])
    }

    /// `ceph osd destroy osd.N --yes-i-really-mean-it`: removes its keys and marks it destroyed
    /// (the id and CRUSH position stay, for a replacement disk). Ceph refuses unless it is down.
    pub fn osd_destroy(&self, osd: u32) -> Cmd {
        self.change(&[
            "osd",
            "destroy",
            &format!("osd.{osd}"),
            "--yes-i-really-mean-it",
        ])
    }

    /// `ceph osd crush add-bucket NAME host`.
    pub fn crush_add_host(&self, name: &str) -> Cmd {
        self.change(&["osd", "crush", "add-bucket", name, "host"])
    }

    /// `ceph osd crush move NAME root=ROOT`.
    pub fn crush_move_to_root(&self, name: &str, root: &str) -> Cmd {
        self.change(&["osd", "crush", "move", name, &format!("root={root}")])
    }

    /// `ceph osd crush create-or-move osd.N WEIGHT host=HOST` (OSD given as `osd.N`, or a
    /// placeholder in a dry-run plan).
    pub fn crush_create_or_move(&self, osd: &str, weight: &str, host: &str) -> Cmd {
        self.change(&[
            "osd",
            "crush",
            "create-or-move",
            osd,
            weight,
            &format!("host={host}"),
        ])
    }

    /// `ceph osd crush rm NAME` (Ceph refuses a non-empty bucket).
    pub fn crush_rm(&self, name: &str) -> Cmd {
        self.change(&["osd", "crush", "rm", name])
    }

    /// `ceph osd purge N --yes-i-really-mean-it`: removes the OSD from CRUSH, auth and the map.
    pub fn osd_purge(&self, osd: u32) -> Cmd {
        self.change(&["osd", "purge", &osd.to_string(), "--yes-i-really-mean-it"])
    }

    /// `ceph osd ls-tree NAME -f json` — the OSD ids under a bucket; exits ENOENT (2) when the
    /// bucket does not exist, so it is unchecked.
    pub fn osd_ls_tree(&self, bucket: &str) -> Cmd {
        self.query(&["osd", "ls-tree", bucket]).unchecked()
    }
}

/// Parses a query's stdout into `T`.
/// health-check's probe: `ceph --connect-timeout 5 -c CONF [--keyring K] health detail -f json`,
/// with a 15 s deadline (a check must not wait for the monitors). Parse as `model::ceph::Health`.
pub fn health_probe(conf: &Path, keyring: Option<&Path>) -> Cmd {
    let mut c = Cmd::new("ceph")
        .args(["--connect-timeout", "5", "-c"])
        .arg(conf);
    if let Some(k) = keyring {
        c = c.arg("--keyring").arg(k);
    }
    c.args(["health", "detail", "-f", "json"])
        .read_only()
        .timeout_secs(15)
        .what("ceph health detail")
}

pub fn parse<T: serde::de::DeserializeOwned>(cmd_what: &str, out: &Output) -> anyhow::Result<T> {
    m::parse(cmd_what, &out.stdout).map_err(|e| anyhow::anyhow!(e))
}

/// The verdict of [`Ceph::ok_to_stop`]: JSON on stdout whatever the exit status; an error only
/// when there is no verdict (then stderr says why).
pub fn parse_ok_to_stop(out: &Output) -> anyhow::Result<OkToStop> {
    match m::parse::<OkToStop>("osd ok-to-stop", &out.stdout) {
        Ok(v) => Ok(v),
        Err(_) => anyhow::bail!(
            "`ceph osd ok-to-stop` gave no verdict ({}): {}",
            out.status,
            out.stderr.trim()
        ),
    }
}

pub fn parse_safe_to_destroy(out: &Output) -> anyhow::Result<SafeToDestroy> {
    match m::parse::<SafeToDestroy>("osd safe-to-destroy", &out.stdout) {
        Ok(v) if out.success() => Ok(v),
        _ => anyhow::bail!(
            "`ceph osd safe-to-destroy` gave no verdict ({}): {}",
            out.status,
            out.stderr.trim()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_call_has_connect_timeout_and_json() {
        let c = Ceph {
            conf: Some("/tmp/c.conf".into()),
            keyring: Some("/tmp/k".into()),
            connect_timeout: 7,
        };
        assert_eq!(
            c.status().to_string(),
            "ceph -c /tmp/c.conf --keyring /tmp/k --connect-timeout 7 status -f json"
        );
        assert_eq!(
            c.noout_set(Some(10)).to_string(),
            "ceph -c /tmp/c.conf --keyring /tmp/k --connect-timeout 7 osd add-noout osd.10"
        );
        assert_eq!(
            Ceph::default().noout_unset(None).to_string(),
            "ceph --connect-timeout 10 osd unset noout"
        );
        assert_eq!(
            Ceph::default().osd_destroy(1).effect(),
            crate::exec::Effect::Mutating
        );
        assert_eq!(
            Ceph::default().ok_to_stop(1).effect(),
            crate::exec::Effect::ReadOnly
        );
    }
}
