//! cephctl: Ceph status, capacity and balance reports in plain words, alerts for timers and
//! monitoring, and safe maintenance helpers (noout, ok-to-stop, out/in, safe-destroy).
//!
//! Every `ceph` call passes `--connect-timeout` and `-f json`, and each subcommand makes at most
//! three calls (one `ceph` call costs about 0.3 s).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

mod mgr_compat;

use super::Applet;
use crate::context::Ctx;
use crate::error::{self, Error};
use crate::exec::files::FileSpec;
use crate::model::ceph::{
    self as m, Autoscale, Balancer, Crash, Df, Health, OsdDf, OsdDump, Status,
};
use crate::model::ceph_history::{self, History};
use crate::model::ceph_report as report;
use crate::output::{self, bytes, Table};
use crate::tools::ceph::{self as tool, Ceph};

pub const APPLET: Applet = Applet {
    name: "cephctl",
    bare_link: true,
    legacy: &["cephctl-enhanced"],
    section: 8,
    about: "Ceph status, capacity, balance and alerts, and safe OSD maintenance",
    command: cli,
    run,
};

/// `[ceph]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CephConfig {
    /// Cluster configuration file (flag --conf; env CEPH_CONF / CEPH_ARGS win over this).
    pub conf: Option<PathBuf>,
    /// Client keyring (flag --keyring; env CEPH_ARGS wins over this).
    pub keyring: Option<PathBuf>,
    /// Seconds for `ceph --connect-timeout` (flag --cluster-timeout).
    pub connect_timeout: u64,
    /// `cephctl alerts` warns when an OSD is at least this full (Ceph's own near-full ratio,
    /// 85% by default, raises OSD_NEARFULL on top).
    pub osd_warn_percent: f64,
    /// Samples kept in the pool growth history (hourly from the timer: 1344 = 8 weeks).
    pub history_samples: usize,
    /// Where `cephctl mgr-compat enable` (and firstboot) put the ceph-mgr bcrypt module
    /// (default /usr/local/lib/debvisor/ceph-mgr-python).
    pub mgr_compat_dir: Option<PathBuf>,
    /// Where the ceph-mgr@.service drop-in goes (default /etc/systemd/system).
    pub systemd_unit_dir: Option<PathBuf>,
}

impl Default for CephConfig {
    fn default() -> Self {
        CephConfig {
            conf: None,
            keyring: None,
            connect_timeout: tool::DEFAULT_CONNECT_TIMEOUT,
            osd_warn_percent: 80.0,
            history_samples: 1344,
            mgr_compat_dir: None,
            systemd_unit_dir: None,
        }
    }
}

fn osd_arg() -> Arg {
    Arg::new("osd")
        .value_name("OSD")
        .required(true)
        .help("OSD id: N or osd.N (matched exactly)")
}

fn cli() -> Command {
    clap::Command::new("cephctl")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            Arg::new("conf")
                .long("conf")
                .short('c')
                .global(true)
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]"),
        )
        .arg(
            Arg::new("keyring")
                .long("keyring")
                .short('k')
                .global(true)
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Client keyring [env: CEPH_ARGS] [config: ceph.keyring]"),
        )
        .arg(
            Arg::new("cluster-timeout")
                .long("cluster-timeout")
                .global(true)
                .value_name("SECS")
                .value_parser(clap::value_parser!(u64).range(1..=3600))
                .help("Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]"),
        )
        .subcommand(
            clap::Command::new("status")
                .about("Health (each check explained, with a suggested action), capacity, OSDs, PGs, client I/O"),
        )
        .subcommand(
            clap::Command::new("osd")
                .about("Per-OSD report and OSD maintenance")
                .subcommand_required(true)
                .subcommand(clap::Command::new("list").about(
                    "Host, up/in, weight/reweight, utilisation and variance, PGs and a suggestion per OSD",
                ))
                .subcommand(
                    clap::Command::new("out")
                        .about("Mark an OSD out (its data moves to other OSDs)")
                        .arg(osd_arg()),
                )
                .subcommand(
                    clap::Command::new("in")
                        .about("Mark an OSD in again")
                        .arg(osd_arg()),
                )
                .subcommand(
                    clap::Command::new("safe-destroy")
                        .about("Destroy a (down) OSD, only if `ceph osd safe-to-destroy` says no data would be lost; needs --yes")
                        .arg(osd_arg()),
                ),
        )
        .subcommand(
            clap::Command::new("pool")
                .about("Pool reports")
                .subcommand_required(true)
                .subcommand(
                    clap::Command::new("capacity")
                        .about("Stored, used, max available, replicas/EC, PGs, quota and fill projection per pool")
                        .arg(
                            Arg::new("record")
                                .long("record")
                                .action(ArgAction::SetTrue)
                                .help("Append a sample to the growth history (STATE_DIR/ceph-pool-history.json); the timer does this hourly"),
                        ),
                ),
        )
        .subcommand(
            clap::Command::new("pg")
                .about("Placement group reports")
                .subcommand_required(true)
                .subcommand(
                    clap::Command::new("balance")
                        .about("PG and utilisation spread, balancer and autoscaler state, and recommendations as exact commands")
                        .arg(
                            Arg::new("apply")
                                .long("apply")
                                .action(ArgAction::SetTrue)
                                .help("Run the recommended commands (with --dry-run: only show them)"),
                        ),
                ),
        )
        .subcommand(clap::Command::new("alerts").about(
            "Critical and warning checks (worst first), recent crashes, near-full OSDs; exit 0 ok, 1 warning, 2 critical",
        ))
        .subcommand(
            clap::Command::new("noout")
                .about("Set or unset noout, cluster-wide or for one OSD (maintenance)")
                .arg(
                    Arg::new("action")
                        .required(true)
                        .value_parser(["set", "unset"])
                        .help("set or unset"),
                )
                .arg(
                    Arg::new("osd")
                        .long("osd")
                        .value_name("OSD")
                        .help("Only this OSD (N or osd.N) via `ceph osd add-noout`/`rm-noout`"),
                ),
        )
        .subcommand(
            clap::Command::new("ok-to-stop")
                .about("Whether an OSD can be stopped without making PGs inactive; exit 0 yes, 1 no")
                .arg(osd_arg()),
        )
        .subcommand(mgr_compat::cli())
        .after_help(
            "Examples:\n  cephctl status\n  cephctl alerts --json\n  cephctl osd list\n  \
             cephctl pool capacity --record\n  cephctl pg balance --apply --dry-run\n  \
             cephctl noout set --osd 3\n  cephctl ok-to-stop osd.3\n  cephctl osd out 3\n  \
             cephctl osd safe-destroy 3 --yes\n  cephctl --conf /etc/ceph/other.conf --cluster-timeout 5 status",
        )
}

fn run(ctx: &mut Ctx, mm: &ArgMatches) -> anyhow::Result<i32> {
    let cfg: CephConfig = ctx.config()?.section("ceph")?;
    let timeout = mm
        .get_one::<u64>("cluster-timeout")
        .copied()
        .unwrap_or(cfg.connect_timeout);
    let ceph = Ceph::resolve(
        mm.get_one::<PathBuf>("conf").cloned(),
        mm.get_one::<PathBuf>("keyring").cloned(),
        cfg.conf.clone(),
        cfg.keyring.clone(),
        timeout,
    );
    let osd_of = |sm: &ArgMatches, name: &str| -> anyhow::Result<Option<u32>> {
        sm.get_one::<String>(name)
            .map(|s| m::parse_osd_id(s).map_err(error::usage))
            .transpose()
    };
    if !matches!(mm.subcommand_name(), Some("mgr-compat")) {
        cluster_configured(&ceph)?;
    }
    match mm.subcommand() {
        Some(("mgr-compat", a)) => mgr_compat::run(
            ctx,
            &crate::ceph_mgr_compat::Paths::new(
                cfg.mgr_compat_dir.as_deref(),
                cfg.systemd_unit_dir.as_deref(),
            ),
            a,
        ),
        Some(("status", _)) => status(ctx, &ceph),
        Some(("alerts", _)) => alerts(ctx, &ceph, &cfg),
        Some(("osd", sm)) => match sm.subcommand() {
            Some(("list", _)) => osd_list(ctx, &ceph),
            Some((verb @ ("out" | "in"), a)) => {
                osd_in_out(ctx, &ceph, osd_of(a, "osd")?.unwrap_or(0), verb == "out")
            }
            Some(("safe-destroy", a)) => safe_destroy(ctx, &ceph, osd_of(a, "osd")?.unwrap_or(0)),
            _ => Err(error::usage("cephctl osd: missing subcommand")),
        },
        Some(("pool", sm)) => match sm.subcommand() {
            Some(("capacity", a)) => pool_capacity(ctx, &ceph, &cfg, a.get_flag("record")),
            _ => Err(error::usage("cephctl pool: missing subcommand")),
        },
        Some(("pg", sm)) => match sm.subcommand() {
            Some(("balance", a)) => pg_balance(ctx, &ceph, a.get_flag("apply")),
            _ => Err(error::usage("cephctl pg: missing subcommand")),
        },
        Some(("noout", a)) => {
            let set = a.get_one::<String>("action").map(String::as_str) == Some("set");
            noout(ctx, &ceph, set, osd_of(a, "osd")?)
        }
        Some(("ok-to-stop", a)) => ok_to_stop(ctx, &ceph, osd_of(a, "osd")?.unwrap_or(0)),
        _ => Err(error::usage("cephctl: missing subcommand")),
    }
}

/// Runs a read-only query and parses its JSON.
fn query<T: serde::de::DeserializeOwned>(
    ctx: &Ctx,
    cmd: &crate::exec::Cmd,
    what: &str,
) -> anyhow::Result<T> {
    let out = ctx.exec()?.run(cmd)?;
    tool::parse(what, &out)
}

// ---------------------------------------------------------------------------------------------
// status

fn status(ctx: &Ctx, ceph: &Ceph) -> anyhow::Result<i32> {
    let s: Status = query(ctx, &ceph.status(), "status")?;
    let detail: Option<Health> = if s.health.checks.is_empty() {
        None // nothing to detail: save a call
    } else {
        Some(query(ctx, &ceph.health_detail(), "health detail")?)
    };
    let r = report::status_report(&s, detail.as_ref());
    if ctx.json() {
        output::print_json(&r)?;
        return Ok(0);
    }
    println!("cluster   {}  {}", r.fsid, r.health);
    println!(
        "mons      {} (quorum: {})   mgr: {}",
        r.monitors.total,
        if r.monitors.in_quorum.is_empty() {
            "none".to_string()
        } else {
            r.monitors.in_quorum.join(", ")
        },
        if r.mgr_available {
            "active"
        } else {
            "NOT AVAILABLE"
        }
    );
    println!(
        "osds      {} total, {} up, {} in",
        r.osds.total, r.osds.up, r.osds.is_in
    );
    let c = &r.capacity;
    println!(
        "capacity  {} used of {} ({:.1}%), {} available; {} stored in {} objects, {} pools",
        bytes(c.used_bytes),
        bytes(c.total_bytes),
        c.used_percent,
        bytes(c.avail_bytes),
        bytes(c.stored_bytes),
        c.objects,
        c.pools
    );
    let states: Vec<String> = r
        .pgs
        .states
        .iter()
        .map(|s| format!("{} {}", s.count, s.state_name))
        .collect();
    let mut pgline = format!("pgs       {} total: {}", r.pgs.total, states.join(", "));
    if r.pgs.degraded_objects > 0 {
        pgline.push_str(&format!(
            "; {} objects degraded ({:.2}%)",
            r.pgs.degraded_objects, r.pgs.degraded_percent
        ));
    }
    if r.pgs.misplaced_objects > 0 {
        pgline.push_str(&format!("; {} objects misplaced", r.pgs.misplaced_objects));
    }
    println!("{pgline}");
    let io = &r.client_io;
    println!(
        "client    read {}/s, write {}/s, {} read op/s, {} write op/s{}",
        bytes(io.read_bytes_sec),
        bytes(io.write_bytes_sec),
        io.read_op_per_sec,
        io.write_op_per_sec,
        if io.recovering_bytes_per_sec > 0 {
            format!("; recovery {}/s", bytes(io.recovering_bytes_per_sec))
        } else {
            String::new()
        }
    );
    print_checks(&r.checks);
    Ok(0)
}

fn print_checks(checks: &[report::ExplainedCheck]) {
    if checks.is_empty() {
        println!("\nno health checks raised");
        return;
    }
    println!();
    for c in checks {
        println!(
            "{:<8} {}: {}{}",
            c.severity.as_str().to_uppercase(),
            c.code,
            c.summary,
            if c.muted { " (muted)" } else { "" }
        );
        println!("         means:  {}", c.explanation);
        for d in c.detail.iter().take(5) {
            println!("         detail: {d}");
        }
        if c.detail.len() > 5 {
            println!("         detail: … and {} more", c.detail.len() - 5);
        }
        println!("         action: {}", c.action);
    }
}

// ---------------------------------------------------------------------------------------------
// alerts

fn alerts(ctx: &Ctx, ceph: &Ceph, cfg: &CephConfig) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let r = match exec.run(&ceph.health_detail()) {
        Err(e) if is_unreachable(&e) => report::unreachable_report(&format!("{e:#}")),
        Err(e) => return Err(e),
        Ok(out) => {
            let health: Health = tool::parse("health detail", &out)?;
            // Crash reports and `osd df` are answered by the mgr: without one they would hang
            // until the deadline, so they are skipped (and the report says so).
            let mgr_up = !health.checks.contains_key("MGR_DOWN");
            let (crashes, df) = if mgr_up {
                let c: Vec<Crash> = query(ctx, &ceph.crash_ls_new(), "crash ls-new")?;
                let d: OsdDf = query(ctx, &ceph.osd_df(), "osd df")?;
                (Some(c), Some(d))
            } else {
                (None, None)
            };
            report::alert_report(
                &health,
                crashes.as_deref(),
                df.as_ref(),
                cfg.osd_warn_percent,
            )
        }
    };
    if ctx.json() {
        output::print_json(&r)?;
        return Ok(r.exit_code());
    }
    if r.alerts.is_empty() {
        println!("no alerts ({})", r.health);
    }
    for a in &r.alerts {
        println!(
            "{:<8} {}: {}",
            a.severity.as_str().to_uppercase(),
            a.code,
            a.message
        );
        for d in a.detail.iter().take(5) {
            println!("         {d}");
        }
        println!("         action: {}", a.action);
    }
    if !r.recent_crashes.is_empty() {
        println!("\nrecent crashes (not archived):");
        let mut t = Table::new(["ENTITY", "HOST", "TIME", "CRASH ID"]);
        for c in &r.recent_crashes {
            t.row([
                c.entity_name.clone(),
                c.utsname_hostname.clone(),
                c.timestamp.clone(),
                c.crash_id.clone(),
            ]);
        }
        t.print()?;
    }
    if !r.nearfull_osds.is_empty() {
        println!("\nOSDs at or above {:.0}%:", cfg.osd_warn_percent);
        for n in &r.nearfull_osds {
            println!("  {} {:.1}%", n.osd, n.utilization_percent);
        }
    }
    for n in &r.notes {
        println!("note: {n}");
    }
    if !ctx.flags.quiet {
        println!("\ncluster status: {}", r.status.as_str());
    }
    Ok(r.exit_code())
}

/// A `ceph` failure that means "cannot talk to the cluster" (as opposed to a missing tool).
/// A node without a cluster configuration gets one clear line, not librados' "ObjectNotFound
/// (error calling conf_read_file)". (A -c inside CEPH_ARGS is left to the ceph CLI.)
fn cluster_configured(ceph: &Ceph) -> anyhow::Result<()> {
    if std::env::var_os("CEPH_ARGS").is_some() {
        return Ok(());
    }
    let conf = crate::config::resolve::ceph_conf(ceph.conf.clone(), None);
    if conf.exists() {
        return Ok(());
    }
    Err(error::precondition(format!(
        "no Ceph cluster configuration: {} does not exist (this node is not part of a cluster, or point at one with \
         --conf FILE, CEPH_CONF or [ceph] conf)",
        conf.display()
    )))
}

fn is_unreachable(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        matches!(
            c.downcast_ref::<Error>(),
            Some(Error::CommandFailed { .. } | Error::Timeout { .. })
        )
    })
}

// ---------------------------------------------------------------------------------------------
// osd list

fn osd_list(ctx: &Ctx, ceph: &Ceph) -> anyhow::Result<i32> {
    let tree: OsdDf = query(ctx, &ceph.osd_df_tree(), "osd df tree")?;
    let dump: OsdDump = query(ctx, &ceph.osd_dump(), "osd dump")?;
    let crashes: Vec<Crash> = query(ctx, &ceph.crash_ls_new(), "crash ls-new")?;
    let rows = report::osd_rows(&tree, &dump, &crashes);
    if ctx.json() {
        output::print_json(&rows)?;
        return Ok(0);
    }
    let mut t = Table::new([
        "OSD",
        "HOST",
        "CLASS",
        "UP",
        "IN",
        "WEIGHT",
        "REWEIGHT",
        "SIZE",
        "USE%",
        "VAR",
        "PGS",
        "SUGGESTION",
    ])
    .right(5)
    .right(6)
    .right(7)
    .right(8)
    .right(9)
    .right(10);
    for r in &rows {
        t.row([
            r.name.clone(),
            r.host.clone(),
            r.device_class.clone(),
            if r.up { "up" } else { "down" }.to_string(),
            if r.is_in { "in" } else { "out" }.to_string(),
            format!("{:.4}", r.crush_weight),
            format!("{:.2}", r.reweight),
            bytes(r.size_bytes),
            format!("{:.1}", r.utilization_percent),
            format!("{:.2}", r.variance),
            r.pgs.to_string(),
            if r.suggestions.is_empty() {
                "-".to_string()
            } else {
                r.suggestions.join("; ")
            },
        ]);
    }
    t.print()?;
    Ok(0)
}

// ---------------------------------------------------------------------------------------------
// pool capacity

fn pool_capacity(ctx: &Ctx, ceph: &Ceph, cfg: &CephConfig, record: bool) -> anyhow::Result<i32> {
    let df: Df = query(ctx, &ceph.df_detail(), "df detail")?;
    let dump: OsdDump = query(ctx, &ceph.osd_dump(), "osd dump")?;
    let state_dir = ctx.general()?.state_dir;
    let path = state_dir.join(ceph_history::FILE_NAME);
    let mut history = std::fs::read_to_string(&path)
        .map(|t| History::parse(&t))
        .unwrap_or_default();
    if record {
        let _lock = ctx.lock("cephctl-history", Duration::from_secs(30))?;
        // Re-read under the lock: another run may have appended meanwhile.
        history = std::fs::read_to_string(&path)
            .map(|t| History::parse(&t))
            .unwrap_or_default();
        let sample = df
            .pools
            .iter()
            .map(|p| (p.name.clone(), (p.stats.stored, p.stats.max_avail)))
            .collect();
        history.push(crate::clock::unix_now(), sample, cfg.history_samples);
        let exec = ctx.exec()?;
        exec.create_dir_all(&state_dir, 0o755)?;
        exec.write_file(&path, history.to_json().as_bytes(), FileSpec::PUBLIC)?;
    }
    let rows = report::pool_rows(&df, &dump, Some(&history));
    if ctx.json() {
        output::print_json(&rows)?;
        return Ok(0);
    }
    if record && ctx.flags.quiet {
        return Ok(0);
    }
    let mut t = Table::new([
        "POOL",
        "STORED",
        "USED",
        "MAX AVAIL",
        "USE%",
        "OBJECTS",
        "PROTECTION",
        "PGS",
        "QUOTA",
        "FULL IN",
    ])
    .right(1)
    .right(2)
    .right(3)
    .right(4)
    .right(5)
    .right(7);
    for r in &rows {
        let quota = match (r.quota_bytes, r.quota_objects) {
            (0, 0) => "-".to_string(),
            (b, 0) => bytes(b),
            (0, o) => format!("{o} objects"),
            (b, o) => format!("{} / {o} objects", bytes(b)),
        };
        let full_in = match &r.projection {
            None => "no history".to_string(),
            Some(p) => match p.days_until_full {
                Some(d) => format!(
                    "{d:.0} days (+{}/day)",
                    bytes(p.growth_bytes_per_day as u64)
                ),
                None => "not growing".to_string(),
            },
        };
        t.row([
            r.name.clone(),
            bytes(r.stored_bytes),
            bytes(r.used_bytes),
            bytes(r.max_avail_bytes),
            format!("{:.2}", r.used_percent),
            r.objects.to_string(),
            r.protection.clone(),
            r.pg_num.to_string(),
            quota,
            full_in,
        ]);
    }
    t.print()?;
    Ok(0)
}

// ---------------------------------------------------------------------------------------------
// pg balance

fn pg_balance(ctx: &Ctx, ceph: &Ceph, apply: bool) -> anyhow::Result<i32> {
    let df: OsdDf = query(ctx, &ceph.osd_df(), "osd df")?;
    let bal: Balancer = query(ctx, &ceph.balancer_status(), "balancer status")?;
    let auto: Vec<Autoscale> = query(ctx, &ceph.autoscale_status(), "osd pool autoscale-status")?;
    let r = report::balance_report(&df, &bal, &auto);
    if ctx.json() && !apply {
        output::print_json(&r)?;
        return Ok(0);
    }
    if !ctx.json() {
        println!(
            "PGs per OSD      min {}, max {}, mean {:.1} (spread {:.0}%) over {} up+in OSDs",
            r.pgs_min, r.pgs_max, r.pgs_mean, r.pg_spread_percent, r.osds_counted
        );
        println!(
            "utilisation      min {:.1}%, max {:.1}% ({:.1} points apart)",
            r.utilization_min_percent, r.utilization_max_percent, r.utilization_spread_points
        );
        println!(
            "balancer         {} (mode {}){}",
            if r.balancer_active { "on" } else { "off" },
            if r.balancer_mode.is_empty() {
                "none"
            } else {
                &r.balancer_mode
            },
            if r.balancer_result.is_empty() {
                String::new()
            } else {
                format!(": {}", r.balancer_result)
            }
        );
        let mut t = Table::new(["POOL", "PG_NUM", "AUTOSCALE", "SUGGESTED"])
            .right(1)
            .right(3);
        for p in &r.pools {
            t.row([
                p.pool.clone(),
                p.pg_num.to_string(),
                p.autoscale_mode.clone(),
                p.suggested_pg_num.to_string(),
            ]);
        }
        println!();
        t.print()?;
        println!();
        if r.recommendations.is_empty() {
            println!("no changes recommended");
        } else if !apply {
            println!("recommended (run these, or `cephctl pg balance --apply`):");
            for rec in &r.recommendations {
                println!("  {}", rec.command_line());
                println!("      # {}", rec.reason);
            }
        }
    }
    if !apply {
        return Ok(0);
    }
    let _lock = ctx.lock("cephctl", Duration::from_secs(30))?;
    let exec = ctx.exec()?;
    let mut applied = Vec::new();
    for rec in &r.recommendations {
        exec.run(&ceph.change(&rec.args))?;
        if !exec.is_dry_run() {
            applied.push(rec.command_line());
            if !ctx.json() {
                println!("applied: {}", rec.command_line());
            }
        }
    }
    if ctx.json() {
        #[derive(Serialize)]
        struct Applied<'a> {
            report: &'a report::BalanceReport,
            applied: Vec<String>,
            dry_run: bool,
        }
        output::print_json(&Applied {
            report: &r,
            applied,
            dry_run: exec.is_dry_run(),
        })?;
    }
    Ok(0)
}

// ---------------------------------------------------------------------------------------------
// maintenance helpers

/// Loads the OSD map and checks that `osd.N` exists (Ceph itself accepts unknown ids silently
/// for `osd out` and answers "ok" to `ok-to-stop`).
fn existing_osd(ctx: &Ctx, ceph: &Ceph, id: u32) -> anyhow::Result<OsdDump> {
    let dump: OsdDump = query(ctx, &ceph.osd_dump(), "osd dump")?;
    if dump.osd(id).is_none() {
        let known: Vec<String> = dump.osds.iter().map(|o| format!("osd.{}", o.osd)).collect();
        return Err(error::invalid(format!(
            "osd.{id} does not exist (OSDs: {})",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )));
    }
    Ok(dump)
}

#[derive(Serialize)]
struct ChangeResult {
    action: String,
    osd: Option<u32>,
    changed: bool,
    dry_run: bool,
    message: String,
}

fn print_change(ctx: &Ctx, r: ChangeResult) -> anyhow::Result<i32> {
    if ctx.json() {
        output::print_json(&r)?;
    } else if !ctx.flags.quiet && !r.dry_run {
        println!("{}", r.message);
    }
    Ok(0)
}

fn noout(ctx: &Ctx, ceph: &Ceph, set: bool, osd: Option<u32>) -> anyhow::Result<i32> {
    let _lock = ctx.lock("cephctl", Duration::from_secs(30))?;
    let mut changed = true;
    if let Some(id) = osd {
        let dump = existing_osd(ctx, ceph, id)?;
        changed = dump.osd(id).is_some_and(|o| o.has_state("noout")) != set;
    }
    let exec = ctx.exec()?;
    if changed {
        let cmd = if set {
            ceph.noout_set(osd)
        } else {
            ceph.noout_unset(osd)
        };
        exec.run(&cmd)?;
    }
    let who = osd
        .map(|i| format!("osd.{i}"))
        .unwrap_or_else(|| "cluster-wide".into());
    let message = match (set, changed) {
        (true, true) => format!(
            "noout set ({who}): down OSDs will not be marked out; unset it after maintenance"
        ),
        (false, true) => format!("noout unset ({who})"),
        (true, false) => format!("noout already set ({who})"),
        (false, false) => format!("noout was not set ({who})"),
    };
    print_change(
        ctx,
        ChangeResult {
            action: if set { "noout_set" } else { "noout_unset" }.into(),
            osd,
            changed,
            dry_run: exec.is_dry_run(),
            message,
        },
    )
}

fn ok_to_stop(ctx: &Ctx, ceph: &Ceph, id: u32) -> anyhow::Result<i32> {
    existing_osd(ctx, ceph, id)?;
    let out = ctx.exec()?.run(&ceph.ok_to_stop(id))?;
    let v = tool::parse_ok_to_stop(&out)?;
    if ctx.json() {
        #[derive(Serialize)]
        struct R<'a> {
            osd: u32,
            #[serde(flatten)]
            verdict: &'a m::OkToStop,
        }
        output::print_json(&R {
            osd: id,
            verdict: &v,
        })?;
    } else if v.ok_to_stop {
        println!(
            "osd.{id} can be stopped now ({} PGs stay active)",
            v.num_ok_pgs
        );
    } else {
        println!(
            "osd.{id} must NOT be stopped now: {} PG(s) would become inactive{}",
            v.num_not_ok_pgs.max(v.bad_become_inactive.len() as u64),
            if v.bad_become_inactive.is_empty() {
                String::new()
            } else {
                format!(" ({})", v.bad_become_inactive.join(", "))
            }
        );
    }
    Ok(if v.ok_to_stop { 0 } else { 1 })
}

fn osd_in_out(ctx: &Ctx, ceph: &Ceph, id: u32, out: bool) -> anyhow::Result<i32> {
    let _lock = ctx.lock("cephctl", Duration::from_secs(30))?;
    let dump = existing_osd(ctx, ceph, id)?;
    let is_in = dump.osd(id).is_some_and(|o| o.is_in);
    let changed = is_in == out;
    let exec = ctx.exec()?;
    if changed {
        exec.run(&if out {
            ceph.osd_out(id)
        } else {
            ceph.osd_in(id)
        })?;
    }
    let message = match (out, changed) {
        (true, true) => format!("osd.{id} marked out: its data moves to other OSDs (watch `cephctl status` until all PGs are active+clean)"),
        (false, true) => format!("osd.{id} marked in: data moves back onto it"),
        (true, false) => format!("osd.{id} is already out"),
        (false, false) => format!("osd.{id} is already in"),
    };
    print_change(
        ctx,
        ChangeResult {
            action: if out { "osd_out" } else { "osd_in" }.into(),
            osd: Some(id),
            changed,
            dry_run: exec.is_dry_run(),
            message,
        },
    )
}

fn safe_destroy(ctx: &Ctx, ceph: &Ceph, id: u32) -> anyhow::Result<i32> {
    let _lock = ctx.lock("cephctl", Duration::from_secs(30))?;
    let dump = existing_osd(ctx, ceph, id)?;
    let st = dump.osd(id).cloned().unwrap_or_default();
    if st.has_state("destroyed") {
        return print_change(
            ctx,
            ChangeResult {
                action: "osd_destroy".into(),
                osd: Some(id),
                changed: false,
                dry_run: ctx.dry_run(),
                message: format!("osd.{id} is already destroyed"),
            },
        );
    }
    let exec = ctx.exec()?;
    let verdict = tool::parse_safe_to_destroy(&exec.run(&ceph.safe_to_destroy(id))?)?;
    if !verdict.is_safe(id) {
        return Err(Error::Refused(format!(
            "osd.{id} is not safe to destroy: {}",
            verdict.reason(id)
        ))
        .into());
    }
    if st.up {
        return Err(error::precondition(format!(
            "osd.{id} is still up: stop its daemon first (systemctl stop ceph-osd@{id}); Ceph only destroys a down OSD"
        )));
    }
    ctx.confirm(&format!(
        "Destroy osd.{id}: its cephx keys are removed and it is marked destroyed (the id stays for a replacement disk)."
    ))?;
    exec.run(&ceph.osd_destroy(id))?;
    exec.audit_event(
        "ceph-osd-destroy",
        &format!("destroyed osd.{id} after safe-to-destroy"),
        &serde_json::json!({"osd": id, "safe_to_destroy": verdict}),
    )?;
    print_change(
        ctx,
        ChangeResult {
            action: "osd_destroy".into(),
            osd: Some(id),
            changed: true,
            dry_run: exec.is_dry_run(),
            message: format!(
                "osd.{id} destroyed (safe-to-destroy confirmed no data depends on it)"
            ),
        },
    )
}
