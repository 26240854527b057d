//! zfs-status: health, capacity, fragmentation, last scrub and its errors, and troubled vdevs of
//! every (or the named) ZFS pool. Two `zpool` calls. Exit 0 ok, 1 warning, 2 critical.

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Serialize;

use super::Applet;
use crate::context::Ctx;
use crate::error;
use crate::model::zfs::{self, PoolReport};
use crate::output::{self, bytes, Table};
use crate::tools::zpool;

pub const APPLET: Applet = Applet {
    name: "zfs-status",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "ZFS pool health, capacity, fragmentation, last scrub and degraded devices",
    command: cli,
    run,
};

pub use crate::config::sections::ZfsConfig;

fn cli() -> Command {
    clap::Command::new("zfs-status")
        .arg(
            Arg::new("pools")
                .value_name("POOL")
                .action(ArgAction::Append)
                .help("Only these pools [default: all imported pools]"),
        )
        .after_help("Examples:\n  debvisor zfs-status\n  debvisor zfs-status tank --json")
}

#[derive(Serialize)]
struct Report {
    status: &'static str,
    pools: Vec<PoolReport>,
}

/// Lists and inspects pools (two `zpool` calls) and classifies them.
pub fn collect(
    ctx: &Ctx,
    pools: &[String],
    cap_warn: u64,
) -> anyhow::Result<(u8, Vec<PoolReport>)> {
    let exec = ctx.exec()?;
    let list = zfs::parse_list(&exec.run(&zpool::list(pools))?.stdout);
    let status = zfs::parse_status(&exec.run(&zpool::status(pools))?.stdout);
    Ok(zfs::pool_reports(&list, &status, cap_warn))
}

pub fn pool_args(m: &ArgMatches) -> anyhow::Result<Vec<String>> {
    let pools: Vec<String> = m
        .get_many::<String>("pools")
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    for p in &pools {
        zfs::validate_pool_name(p).map_err(error::usage)?;
    }
    Ok(pools)
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let cfg: ZfsConfig = ctx.config()?.section("zfs")?;
    let pools = pool_args(m)?;
    let (worst, reports) = collect(ctx, &pools, cfg.capacity_warn_percent)?;
    if ctx.json() {
        output::print_json(&Report {
            status: zfs::level_name(worst),
            pools: reports,
        })?;
        return Ok(worst as i32);
    }
    if reports.is_empty() {
        println!("no pools");
        return Ok(0);
    }
    let mut t = Table::new([
        "POOL",
        "HEALTH",
        "SIZE",
        "ALLOC",
        "FREE",
        "CAP",
        "FRAG",
        "LAST SCAN",
        "PROBLEMS",
    ])
    .right(2)
    .right(3)
    .right(4)
    .right(5)
    .right(6);
    for r in &reports {
        let s = &r.last_scan;
        let scan = match s.state.as_str() {
            "none" => "never".to_string(),
            "finished" => format!("{} {}, {} errors", s.kind, s.when, s.errors),
            "in_progress" => format!(
                "{} running ({:.1}% done)",
                s.kind,
                s.progress_percent.unwrap_or(0.0)
            ),
            "paused" => format!(
                "{} paused since {} ({:.1}% done)",
                s.kind,
                s.when,
                s.progress_percent.unwrap_or(0.0)
            ),
            other => format!("{} {other} {}", s.kind, s.when),
        };
        t.row([
            r.name.clone(),
            r.health.clone(),
            bytes(r.size_bytes),
            bytes(r.alloc_bytes),
            bytes(r.free_bytes),
            format!("{}%", r.capacity_percent),
            r.fragmentation_percent
                .map(|f| format!("{f}%"))
                .unwrap_or_else(|| "-".into()),
            scan,
            if r.problems.is_empty() {
                "-".to_string()
            } else {
                r.problems.join("; ")
            },
        ]);
    }
    t.print()?;
    for r in reports
        .iter()
        .filter(|r| !r.action.is_empty() && r.level != "ok")
    {
        println!("\n{}: {}", r.name, r.action);
    }
    if !ctx.flags.quiet {
        println!("\nzfs status: {}", zfs::level_name(worst));
    }
    Ok(worst as i32)
}
