//! zfs-scrub: scrubs the configured pools one at a time, waits for each to finish (with a
//! timeout), reports the errors found and exits non-zero when there were any. Pools already
//! scrubbing or resilvering are skipped. A deterministic per-host delay staggers nodes that share
//! the same timer schedule.
//!
//! Pools: the arguments, else /etc/default/debvisor-zfs-scrub (KEY=VALUE data, never sourced:
//! ZFS_SCRUB_POOLS, or the legacy ZFS_POOL_LIST / ZFS_POOL), else every imported pool.

use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Serialize;

use super::zfs_status::pool_args;
use super::Applet;
use crate::config::sections::ZfsConfig;
use crate::context::Ctx;
use crate::error::{self, Error};
use crate::model::zfs::{self, Vdev};
use crate::output::{self, Table};
use crate::tools::zpool;

pub const APPLET: Applet = Applet {
    name: "zfs-scrub",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Scrub ZFS pools one at a time, wait, and report the errors found",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("zfs-scrub")
        .arg(
            Arg::new("pools")
                .value_name("POOL")
                .action(ArgAction::Append)
                .help("Pools to scrub [default: from the defaults file, else all imported pools]"),
        )
        .arg(
            Arg::new("timeout")
                .long("timeout")
                .value_name("SECS")
                .value_parser(clap::value_parser!(u64).range(1..))
                .help("Longest wait per pool [defaults file: ZFS_SCRUB_TIMEOUT] [config: zfs.scrub_timeout_secs] [default: 43200]"),
        )
        .arg(
            Arg::new("stagger-max")
                .long("stagger-max")
                .value_name("SECS")
                .value_parser(clap::value_parser!(u64))
                .help("Upper bound of the per-host start delay, 0 for none [defaults file: ZFS_SCRUB_STAGGER] [config: zfs.stagger_max_secs] [default: 1800]"),
        )
        .arg(
            Arg::new("defaults-file")
                .long("defaults-file")
                .value_name("FILE")
                .value_parser(clap::value_parser!(std::path::PathBuf))
                .help("KEY=VALUE file with ZFS_SCRUB_POOLS etc. [config: zfs.defaults_file] [default: /etc/default/debvisor-zfs-scrub]"),
        )
        .after_help(
            "Examples:\n  debvisor zfs-scrub\n  debvisor zfs-scrub tank --stagger-max 0 --timeout 7200\n  \
             debvisor zfs-scrub --dry-run --json",
        )
}

#[derive(Debug, Serialize)]
struct PoolResult {
    pool: String,
    /// scrubbed | skipped | failed | timed_out | planned | not_started
    result: &'static str,
    scan_errors: u64,
    data_errors: u64,
    troubled_vdevs: Vec<Vdev>,
    message: String,
}

#[derive(Serialize)]
struct Report {
    stagger_secs: u64,
    pools: Vec<PoolResult>,
    errors_found: bool,
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let cfg: ZfsConfig = ctx.config()?.section("zfs")?;
    let defaults_path = m
        .get_one::<std::path::PathBuf>("defaults-file")
        .cloned()
        .unwrap_or_else(|| cfg.defaults_file.clone());
    let defaults = match std::fs::read_to_string(&defaults_path) {
        Ok(text) => zfs::parse_defaults(&text)
            .map_err(|e| error::config(format!("{}: {e}", defaults_path.display())))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Default::default(),
        Err(e) => {
            return Err(error::config(format!(
                "cannot read {}: {e}",
                defaults_path.display()
            )))
        }
    };
    for k in &defaults.ignored_keys {
        tracing::debug!(
            "{}: ignoring {k} (not used by debvisor)",
            defaults_path.display()
        );
    }
    let timeout = m
        .get_one::<u64>("timeout")
        .copied()
        .or(defaults.timeout_secs)
        .unwrap_or(cfg.scrub_timeout_secs)
        .max(1);
    let stagger_max = m
        .get_one::<u64>("stagger-max")
        .copied()
        .or(defaults.stagger_max_secs)
        .unwrap_or(cfg.stagger_max_secs);

    let exec = ctx.exec()?;
    let mut pools = pool_args(m)?;
    if pools.is_empty() {
        pools = defaults.pools.clone();
    }
    if pools.is_empty() {
        let out = exec.run(&zpool::names())?;
        pools = out
            .stdout
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && zfs::validate_pool_name(l).is_ok())
            .map(str::to_string)
            .collect();
    }
    if pools.is_empty() {
        if !ctx.json() {
            println!("no pools to scrub");
        }
        return Ok(0);
    }

    let _lock = ctx.lock("zfs-scrub", Duration::from_secs(5))?;
    let host = nix::unistd::gethostname()
        .map(|h| h.to_string_lossy().into_owned())
        .unwrap_or_default();
    let delay = zfs::stagger_secs(&host, stagger_max);
    if delay > 0 {
        if exec.is_dry_run() {
            if !ctx.json() {
                println!("would wait {delay} s first (per-host stagger for {host})");
            }
        } else {
            tracing::info!("waiting {delay} s (per-host stagger for {host})");
            if !ctx.flags.quiet && !ctx.json() {
                eprintln!(
                    "zfs-scrub: waiting {delay} s before starting (per-host stagger for {host})"
                );
            }
            std::thread::sleep(Duration::from_secs(delay));
        }
    }

    let mut results: Vec<PoolResult> = Vec::new();
    let mut timed_out = false;
    for pool in &pools {
        if timed_out {
            results.push(PoolResult {
                pool: pool.clone(),
                result: "not_started",
                scan_errors: 0,
                data_errors: 0,
                troubled_vdevs: Vec::new(),
                message: "not started: an earlier scrub is still running".into(),
            });
            continue;
        }
        let r = scrub_one(ctx, pool, timeout);
        let r = match r {
            Ok(r) => r,
            Err(e) => {
                let is_timeout = e
                    .chain()
                    .any(|c| matches!(c.downcast_ref::<Error>(), Some(Error::Timeout { .. })));
                timed_out |= is_timeout;
                PoolResult {
                    pool: pool.clone(),
                    result: if is_timeout { "timed_out" } else { "failed" },
                    scan_errors: 0,
                    data_errors: 0,
                    troubled_vdevs: Vec::new(),
                    message: format!("{e:#}"),
                }
            }
        };
        if !ctx.json() && !ctx.flags.quiet {
            eprintln!("zfs-scrub: {}: {} ({})", r.pool, r.result, r.message);
        }
        results.push(r);
    }

    let errors_found = results
        .iter()
        .any(|r| r.scan_errors > 0 || r.data_errors > 0 || !r.troubled_vdevs.is_empty());
    let failed = results.iter().any(|r| r.result == "failed");
    if ctx.json() {
        output::print_json(&Report {
            stagger_secs: delay,
            pools: results,
            errors_found,
        })?;
    } else {
        let mut t = Table::new(["POOL", "RESULT", "SCAN ERRORS", "DATA ERRORS", "DETAIL"])
            .right(2)
            .right(3);
        for r in &results {
            t.row([
                r.pool.clone(),
                r.result.to_string(),
                r.scan_errors.to_string(),
                r.data_errors.to_string(),
                r.message.clone(),
            ]);
        }
        t.print()?;
    }
    Ok(if timed_out {
        error::code::TIMEOUT
    } else if errors_found || failed {
        1
    } else {
        0
    })
}

fn scrub_one(ctx: &Ctx, pool: &str, timeout: u64) -> anyhow::Result<PoolResult> {
    let exec = ctx.exec()?;
    let pools = [pool.to_string()];
    let before = zfs::parse_status(&exec.run(&zpool::status(&pools))?.stdout);
    let Some(st) = before.iter().find(|p| p.name == pool) else {
        anyhow::bail!("`zpool status {pool}` did not report the pool");
    };
    if st.scan.in_progress() {
        return Ok(PoolResult {
            pool: pool.into(),
            result: "skipped",
            scan_errors: 0,
            data_errors: st.data_errors,
            troubled_vdevs: Vec::new(),
            message: format!(
                "a {} is already running ({:.1}% done); not starting another",
                st.scan.kind,
                st.scan.progress_percent.unwrap_or(0.0)
            ),
        });
    }
    exec.run(&zpool::scrub(pool))?;
    if exec.is_dry_run() {
        return Ok(PoolResult {
            pool: pool.into(),
            result: "planned",
            scan_errors: 0,
            data_errors: 0,
            troubled_vdevs: Vec::new(),
            message: format!("would scrub and wait up to {timeout} s"),
        });
    }
    exec.run(&zpool::wait_scrub(pool, timeout))?;
    let after = zfs::parse_status(&exec.run(&zpool::status(&pools))?.stdout);
    let Some(st) = after.into_iter().find(|p| p.name == pool) else {
        anyhow::bail!("`zpool status {pool}` did not report the pool after the scrub");
    };
    let bad: Vec<Vdev> = st
        .troubled_vdevs()
        .into_iter()
        .filter(|v| v.depth > 0)
        .cloned()
        .collect();
    let s = &st.scan;
    let mut msg = if s.state == "finished" && s.kind == "scrub" {
        format!(
            "repaired {} with {} errors ({})",
            s.repaired, s.errors, s.when
        )
    } else {
        format!("scan: {}", s.text)
    };
    if st.data_errors > 0 {
        msg.push_str(&format!("; {}", st.errors));
    }
    for v in &bad {
        msg.push_str(&format!(
            "; {} {} r/w/c {}/{}/{}",
            v.name, v.state, v.read_errors, v.write_errors, v.checksum_errors
        ));
    }
    Ok(PoolResult {
        pool: pool.into(),
        result: "scrubbed",
        scan_errors: s.errors,
        data_errors: st.data_errors,
        troubled_vdevs: bad,
        message: msg,
    })
}
