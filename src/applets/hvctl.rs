//! hvctl: the hypervisor CLI. List VMs (bulk: a constant number of virsh calls whatever the
//! number of VMs), show info and resource usage, start/stop/reboot, snapshots, the serial
//! console, and live migration (the same engine as `debvisor-migrate`).

use crate::config::views::LibvirtView;
use std::time::{Duration, Instant};

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Serialize;

use super::migrate;
use super::Applet;
use crate::context::Ctx;
use crate::error::{precondition, usage, Error};
use crate::exec::Exec;
use crate::model::virsh::{self as vm, DomState};
use crate::model::virsh_list::{self, Filter, Usage, VmRow};
use crate::model::virsh_units::parse_duration;
use crate::output::{self, Table};
use crate::tools::virsh::{self, Virsh};

pub const APPLET: Applet = Applet {
    name: "hvctl",
    bare_link: true,
    legacy: &[],
    section: 8,
    about:
        "Hypervisor control: list VMs, info, resources, lifecycle, snapshots, console, migration",
    command: cli,
    run,
};

const COLUMNS: [&str; 8] = [
    "id",
    "name",
    "state",
    "vcpus",
    "memory",
    "max_memory",
    "rss",
    "cpu_time",
];
const DEFAULT_COLUMNS: &str = "id,name,state,vcpus,memory,cpu_time";

fn vm_arg() -> Arg {
    Arg::new("vm")
        .value_name("VM")
        .required(true)
        .help("Domain name")
}

fn cli() -> Command {
    clap::Command::new("hvctl")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            super::args::connect()
                .help("libvirt URI (before the subcommand) [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]"),
        )
        .subcommand(
            clap::Command::new("list")
                .about("List VMs (running, paused, shut off)")
                .arg(
                    Arg::new("filter")
                        .long("filter")
                        .short('f')
                        .value_name("KEY=VALUE,…")
                        .action(ArgAction::Append)
                        .help("Only VMs matching: state=running|paused|shut_off|…, name=GLOB (same key: any; different keys: all)"),
                )
                .arg(
                    Arg::new("columns")
                        .long("columns")
                        .short('c')
                        .value_name("COLS")
                        .value_delimiter(',')
                        .value_parser(COLUMNS)
                        .help("Columns for table/csv output [default: id,name,state,vcpus,memory,cpu_time]"),
                )
                .arg(
                    Arg::new("output")
                        .long("output")
                        .short('o')
                        .value_name("FORMAT")
                        .value_parser(["table", "json", "csv"])
                        .help("Output format [default: table; --json = json]"),
                ),
        )
        .subcommand(clap::Command::new("info").about("Show one VM's details").arg(vm_arg()))
        .subcommand(
            clap::Command::new("resources")
                .about("CPU time and %, memory, block and network I/O (two samples, INTERVAL apart)")
                .arg(Arg::new("vm").value_name("VM").required_unless_present("all"))
                .arg(
                    Arg::new("all")
                        .long("all")
                        .short('a')
                        .action(ArgAction::SetTrue)
                        .conflicts_with("vm")
                        .help("Every running VM (two bulk calls, whatever the number of VMs)"),
                )
                .arg(
                    Arg::new("interval")
                        .long("interval")
                        .value_name("DURATION")
                        .default_value("1s")
                        .help("Time between the two samples"),
                ),
        )
        .subcommand(
            clap::Command::new("start")
                .about("Start a VM")
                .arg(vm_arg())
                .arg(
                    Arg::new("force")
                        .long("force")
                        .action(ArgAction::SetTrue)
                        .help("Start it even though this node is in maintenance mode"),
                ),
        )
        .subcommand(
            clap::Command::new("shutdown")
                .about("Ask a VM to shut down (ACPI) and wait until it is off")
                .arg(vm_arg())
                .arg(
                    Arg::new("timeout")
                        .long("timeout")
                        .value_name("DURATION")
                        .default_value("120s")
                        .help("Deadline for the guest to power off"),
                )
                .arg(
                    Arg::new("force")
                        .long("force")
                        .action(ArgAction::SetTrue)
                        .help("Destroy (power off) the VM if it is still running at the deadline"),
                )
                .arg(
                    Arg::new("no-wait")
                        .long("no-wait")
                        .action(ArgAction::SetTrue)
                        .conflicts_with("force")
                        .help("Send the request and return"),
                ),
        )
        .subcommand(
            clap::Command::new("destroy")
                .about("Power a VM off at once (like pulling the plug; destructive)")
                .arg(vm_arg()),
        )
        .subcommand(clap::Command::new("reboot").about("Reboot a VM (ACPI)").arg(vm_arg()))
        .subcommand(
            clap::Command::new("snapshot")
                .about("Create, list, revert or delete snapshots")
                .arg(vm_arg())
                .arg(
                    Arg::new("action")
                        .value_name("ACTION")
                        .required(true)
                        .value_parser(["create", "list", "revert", "delete"]),
                )
                .arg(
                    Arg::new("name")
                        .value_name("NAME")
                        .help("Snapshot name (create: default hvctl-YYYYmmdd-HHMMSS)"),
                ),
        )
        .subcommand(
            clap::Command::new("console")
                .about("Attach to the VM's serial console (Ctrl+] to leave)")
                .arg(vm_arg()),
        )
        .subcommand(migrate::migration_args(
            clap::Command::new("migrate")
                .about("Live-migrate a VM to another node (same engine as debvisor-migrate)")
                .arg(vm_arg())
                .arg(
                    Arg::new("target")
                        .value_name("NODE")
                        .required(true)
                        .help("Target: a [cluster] node name or a libvirt URI"),
                )
                .arg(
                    Arg::new("check")
                        .long("check")
                        .action(ArgAction::SetTrue)
                        .help("Run the pre-checks only"),
                )
                .arg(migrate::force_arg()),
        ))
        .after_help(
            "Examples:\n  hvctl list\n  hvctl list --filter state=running,name=web* -c name,state,memory\n  \
             hvctl list -o csv\n  hvctl --json list\n  hvctl -c test:///default info test\n  \
             hvctl resources --all --interval 2s\n  hvctl shutdown web1 --timeout 60s --force\n  \
             hvctl snapshot web1 create before-upgrade\n  hvctl snapshot web1 revert before-upgrade\n  \
             hvctl console web1\n  hvctl migrate web1 hv2 --bandwidth 1Gbps",
        )
}

fn connect(ctx: &Ctx, m: &ArgMatches) -> anyhow::Result<Virsh> {
    let lv: LibvirtView = ctx.config()?.section("libvirt")?;
    Ok(Virsh::new(virsh::resolve_uri(
        m.get_one::<String>("connect").map(String::as_str),
        lv.uri.as_deref(),
    )))
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let v = connect(ctx, m)?;
    let Some((sub, sm)) = m.subcommand() else {
        return Err(usage("missing subcommand"));
    };
    let name = || sm.get_one::<String>("vm").cloned().unwrap_or_default();
    match sub {
        "list" => list(ctx, &v, sm),
        "info" => info(ctx, &v, &name()),
        "resources" => resources(ctx, &v, sm),
        "start" => {
            let node = migrate::source_node(ctx, Some(&v.uri))?;
            super::maintenance::guard::refuse(
                ctx,
                &node.name,
                &format!("starting {} on {}", name(), node.name),
                sm.get_flag("force"),
            )?;
            start(ctx, &v, &name())
        }
        "shutdown" => shutdown(ctx, &v, &name(), sm),
        "destroy" => destroy(ctx, &v, &name()),
        "reboot" => reboot(ctx, &v, &name()),
        "snapshot" => snapshot(ctx, &v, &name(), sm),
        "console" => console(ctx, &v, &name()),
        "migrate" => {
            let source = migrate::source_node(ctx, Some(&v.uri))?;
            let target = migrate::resolve_node(ctx, sm.get_one::<String>("target").unwrap())?;
            let req = migrate::request_from(ctx, sm, &name(), source, target)?;
            migrate::migrate_one(ctx, req, sm.get_flag("check"), sm.get_flag("force"))
        }
        other => Err(usage(format!("unknown subcommand {other}"))),
    }
}

fn dash<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "-".into())
}

fn state_str(s: Option<DomState>) -> String {
    s.map(|s| s.as_str().replace('_', " "))
        .unwrap_or_else(|| "-".into())
}

/// All VMs: `virsh list --all` + `virsh domstats` in one virsh process, whatever the number of
/// VMs; plus, only where domstats left vCPUs, memory or CPU time unknown (the test driver; shut-off
/// VMs), ONE more virsh process with their `dominfo`s. Two processes at most, for any number.
pub fn fetch_rows(exec: &Exec, v: &Virsh) -> anyhow::Result<Vec<VmRow>> {
    let out = exec.run(&v.list_and_stats())?.stdout;
    let list = vm::parse_list(&out);
    let stats = vm::parse_domstats(&out);
    let mut rows = virsh_list::join(&list, &stats);
    let safe = |n: &str| !n.is_empty() && !n.contains(['\'', '\\', ';', '\n']);
    let missing: Vec<String> = rows
        .iter()
        .filter(|r| r.vcpus.is_none() || r.memory_bytes.is_none() || r.cpu_time_s.is_none())
        .filter(|r| safe(&r.name))
        .map(|r| r.name.clone())
        .collect();
    if !missing.is_empty() {
        let infos = vm::parse_dominfo_many(&exec.run(&v.dominfo_many(&missing))?.stdout);
        // The test driver's "CPU time" is the wall clock since 1970, not accounting: left unknown.
        let cpu_accounting = !v.uri.starts_with("test:");
        for r in &mut rows {
            if let Some(i) = infos.iter().find(|i| i.name == r.name) {
                r.vcpus = r.vcpus.or(i.vcpus);
                r.memory_bytes = r.memory_bytes.or(i.used_memory_bytes);
                r.max_memory_bytes = r.max_memory_bytes.or(i.max_memory_bytes);
                if cpu_accounting {
                    r.cpu_time_s = r.cpu_time_s.or(i.cpu_time_s);
                }
            }
        }
    }
    Ok(rows)
}

fn cell(r: &VmRow, col: &str) -> String {
    match col {
        "id" => dash(r.id),
        "name" => r.name.clone(),
        "state" => state_str(r.state),
        "vcpus" => dash(r.vcpus),
        "memory" => dash(r.memory_bytes.map(output::bytes)),
        "max_memory" => dash(r.max_memory_bytes.map(output::bytes)),
        "rss" => dash(r.rss_bytes.map(output::bytes)),
        "cpu_time" => dash(r.cpu_time_s.map(|s| format!("{s:.1}s"))),
        _ => String::new(),
    }
}

fn list(ctx: &Ctx, v: &Virsh, m: &ArgMatches) -> anyhow::Result<i32> {
    let specs: Vec<String> = m
        .get_many::<String>("filter")
        .map(|i| i.cloned().collect())
        .unwrap_or_default();
    let filter = Filter::parse(&specs).map_err(usage)?;
    let format = m
        .get_one::<String>("output")
        .map(String::as_str)
        .unwrap_or(if ctx.json() { "json" } else { "table" });
    let rows: Vec<VmRow> = fetch_rows(ctx.exec()?, v)?
        .into_iter()
        .filter(|r| filter.matches(r))
        .collect();
    if format == "json" {
        output::print_json(&rows)?;
        return Ok(0);
    }
    let cols: Vec<String> = m
        .get_many::<String>("columns")
        .map(|c| c.cloned().collect())
        .unwrap_or_else(|| DEFAULT_COLUMNS.split(',').map(String::from).collect());
    // Tables: upper-case headers; CSV: the column keys themselves (stable for scripts).
    let csv = format == "csv";
    let mut t = Table::new(
        cols.iter()
            .map(|c| if csv { c.clone() } else { c.to_uppercase() }),
    );
    for (i, c) in cols.iter().enumerate() {
        if matches!(
            c.as_str(),
            "id" | "vcpus" | "memory" | "max_memory" | "rss" | "cpu_time"
        ) {
            t = t.right(i);
        }
    }
    for r in &rows {
        t.row(cols.iter().map(|c| cell(r, c)));
    }
    if csv {
        print!("{}", t.render_csv());
    } else {
        t.print()?;
    }
    Ok(0)
}

#[derive(Serialize)]
struct Info {
    #[serde(flatten)]
    info: vm::DomInfo,
    disks: Vec<vm::BlockDev>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rss_bytes: Option<u64>,
}

fn info(ctx: &Ctx, v: &Virsh, name: &str) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let info = match exec.run(&v.dominfo(name)) {
        Ok(out) => vm::parse_dominfo(&out.stdout),
        Err(e) => return Err(no_such_vm(e, v, name)),
    };
    let disks = vm::parse_domblklist(&exec.run(&v.domblklist(name))?.stdout);
    let stats = vm::parse_domstats(&exec.run(&v.domstats_of(&[name.to_string()]))?.stdout);
    let rss = stats.first().and_then(|s| s.rss_kib()).map(|k| k * 1024);
    let doc = Info {
        info,
        disks,
        rss_bytes: rss,
    };
    if ctx.json() {
        output::print_json(&doc)?;
        return Ok(0);
    }
    let i = &doc.info;
    let mut t = Table::new(["FIELD", "VALUE"]);
    t.row(["name".to_string(), i.name.clone()]);
    t.row(["uuid".to_string(), i.uuid.clone()]);
    t.row(["id".to_string(), dash(i.id)]);
    t.row(["state".to_string(), state_str(i.state)]);
    t.row(["vcpus".to_string(), dash(i.vcpus)]);
    t.row([
        "memory".to_string(),
        dash(i.used_memory_bytes.map(output::bytes)),
    ]);
    t.row([
        "max memory".to_string(),
        dash(i.max_memory_bytes.map(output::bytes)),
    ]);
    t.row(["rss".to_string(), dash(doc.rss_bytes.map(output::bytes))]);
    t.row([
        "cpu time".to_string(),
        dash(i.cpu_time_s.map(|s| format!("{s:.1}s"))),
    ]);
    t.row(["persistent".to_string(), dash(i.persistent)]);
    t.row(["autostart".to_string(), dash(i.autostart)]);
    for d in &doc.disks {
        t.row([
            format!("disk {}", d.target),
            format!("{} ({} {})", d.source, d.kind, d.device),
        ]);
    }
    t.print()?;
    Ok(0)
}

fn rate(v: Option<f64>) -> String {
    v.map(|r| format!("{}/s", output::bytes(r as u64)))
        .unwrap_or_else(|| "-".into())
}

fn resources(ctx: &Ctx, v: &Virsh, m: &ArgMatches) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let interval = parse_duration(m.get_one::<String>("interval").unwrap())
        .map_err(|e| usage(format!("--interval: {e}")))?;
    let cmd = match m.get_one::<String>("vm") {
        Some(n) => v.domstats_of(std::slice::from_ref(n)),
        None => v.domstats_all(),
    };
    // Two samples, one bulk call each: CPU % and I/O rates need a time difference.
    let t0 = Instant::now();
    let first = vm::parse_domstats(&exec.run(&cmd)?.stdout);
    std::thread::sleep(interval);
    let t1 = Instant::now();
    let second = vm::parse_domstats(&exec.run(&cmd)?.stdout);
    let secs = (t1 - t0).as_secs_f64();
    let rows: Vec<Usage> = virsh_list::usage(&first, &second, secs)
        .into_iter()
        .filter(|u| m.get_one::<String>("vm").is_some() || u.state.is_some_and(|s| s.is_active()))
        .collect();
    if ctx.json() {
        output::print_json(&rows)?;
        return Ok(0);
    }
    let mut t = Table::new([
        "NAME", "STATE", "CPU%", "CPU_TIME", "MEMORY", "RSS", "DISK_RD", "DISK_WR", "NET_RX",
        "NET_TX",
    ]);
    for i in 2..10 {
        t = t.right(i);
    }
    for u in &rows {
        t.row([
            u.name.clone(),
            state_str(u.state),
            dash(u.cpu_percent.map(|p| format!("{p:.1}"))),
            dash(u.cpu_time_s.map(|s| format!("{s:.1}s"))),
            dash(u.memory_bytes.map(output::bytes)),
            dash(u.rss_bytes.map(output::bytes)),
            rate(u.block_rd_bytes_per_s),
            rate(u.block_wr_bytes_per_s),
            rate(u.net_rx_bytes_per_s),
            rate(u.net_tx_bytes_per_s),
        ]);
    }
    t.print()?;
    if !ctx.flags.quiet {
        println!("\n(rates over {secs:.1} s; CPU% = share of one host CPU)");
    }
    Ok(0)
}

/// virsh's "failed to get domain 'X'" as one line naming the VM and the connection; any other
/// failure unchanged.
fn no_such_vm(e: anyhow::Error, v: &Virsh, name: &str) -> anyhow::Error {
    let missing = e.chain().any(|c| {
        matches!(c.downcast_ref::<crate::error::Error>(),
            Some(crate::error::Error::CommandFailed { stderr, .. })
                if stderr.contains("failed to get domain") || stderr.contains("Domain not found"))
    });
    if missing {
        precondition(format!(
            "no VM named `{name}` on {} (`hvctl list --all` shows the defined ones)",
            v.uri
        ))
    } else {
        e
    }
}

/// The VM's state; None when it is not defined (an error for lifecycle commands).
fn state_of(exec: &Exec, v: &Virsh, name: &str) -> anyhow::Result<DomState> {
    let out = exec.run(&v.domstate(name))?;
    if !out.success() {
        return Err(precondition(format!(
            "{name}: {}",
            out.stderr
                .trim()
                .trim_start_matches("error: ")
                .lines()
                .last()
                .unwrap_or("not found")
        )));
    }
    vm::parse_domstate(&out.stdout)
        .ok_or_else(|| anyhow::anyhow!("{name}: unrecognised state `{}`", out.stdout.trim()))
}

fn done(ctx: &Ctx, name: &str, action: &str, state: &str, msg: String) -> anyhow::Result<i32> {
    let (state, msg) = if ctx.dry_run() {
        (
            "planned",
            format!("dry run: {action} of {name} planned, nothing changed"),
        )
    } else {
        (state, msg)
    };
    if ctx.json() {
        output::print_json(&serde_json::json!({
            "vm": name, "action": action, "state": state, "dry_run": ctx.dry_run(), "message": msg,
        }))?;
    } else if !ctx.dry_run() && !ctx.flags.quiet {
        println!("{msg}");
    }
    Ok(0)
}

fn start(ctx: &Ctx, v: &Virsh, name: &str) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let st = state_of(exec, v, name)?;
    if st.is_active() {
        return done(
            ctx,
            name,
            "start",
            st.as_str(),
            format!("{name} is already {}", state_str(Some(st))),
        );
    }
    exec.run(&v.start(name))?;
    done(ctx, name, "start", "running", format!("{name} started"))
}

fn shutdown(ctx: &Ctx, v: &Virsh, name: &str, m: &ArgMatches) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let timeout = parse_duration(m.get_one::<String>("timeout").unwrap())
        .map_err(|e| usage(format!("--timeout: {e}")))?;
    let force = m.get_flag("force");
    let st = state_of(exec, v, name)?;
    if st == DomState::ShutOff {
        return done(
            ctx,
            name,
            "shutdown",
            st.as_str(),
            format!("{name} is already shut off"),
        );
    }
    if force {
        // Asked up front, so an unattended run does not stop at the deadline.
        ctx.confirm(&format!(
            "{name} will be destroyed (powered off hard) if it is still running after {} s",
            timeout.as_secs()
        ))?;
    }
    exec.run(&v.shutdown(name))?;
    if ctx.dry_run() {
        if !ctx.json() {
            println!(
                "would wait up to {} s for {name} to power off{}",
                timeout.as_secs(),
                if force { ", then destroy it" } else { "" }
            );
        }
        if force {
            exec.run(&v.destroy(name))?;
        }
        return done(ctx, name, "shutdown", "planned", String::new());
    }
    if m.get_flag("no-wait") {
        return done(
            ctx,
            name,
            "shutdown",
            "requested",
            format!("{name}: shutdown requested"),
        );
    }
    let start = Instant::now();
    loop {
        let st = state_of(exec, v, name)?;
        if st == DomState::ShutOff {
            return done(
                ctx,
                name,
                "shutdown",
                "shut_off",
                format!("{name} shut down in {:.1} s", start.elapsed().as_secs_f64()),
            );
        }
        if start.elapsed() >= timeout {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    if !force {
        return Err(Error::Timeout {
            secs: timeout.as_secs(),
            what: format!(
                "{name} to power off (it ignores ACPI? use --force to destroy it at the deadline)"
            ),
        }
        .into());
    }
    exec.run(&v.destroy(name))?;
    let st = state_of(exec, v, name)?;
    done(
        ctx,
        name,
        "shutdown",
        st.as_str(),
        format!(
            "{name} did not power off within {} s: destroyed (forced)",
            timeout.as_secs()
        ),
    )
}

fn destroy(ctx: &Ctx, v: &Virsh, name: &str) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let st = state_of(exec, v, name)?;
    if !st.is_active() {
        return done(
            ctx,
            name,
            "destroy",
            st.as_str(),
            format!("{name} is already {}", state_str(Some(st))),
        );
    }
    ctx.confirm(&format!(
        "{name} will be powered off at once (unsaved guest data is lost)"
    ))?;
    exec.run(&v.destroy(name))?;
    done(
        ctx,
        name,
        "destroy",
        "shut_off",
        format!("{name} destroyed (powered off)"),
    )
}

fn reboot(ctx: &Ctx, v: &Virsh, name: &str) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let st = state_of(exec, v, name)?;
    if st != DomState::Running {
        return Err(precondition(format!(
            "{name} is {}, not running",
            state_str(Some(st))
        )));
    }
    exec.run(&v.reboot(name))?;
    done(
        ctx,
        name,
        "reboot",
        "running",
        format!("{name}: reboot requested"),
    )
}

fn valid_snapshot_name(n: &str) -> anyhow::Result<()> {
    if n.is_empty()
        || n.starts_with('-')
        || n.len() > 128
        || !n
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | ':'))
    {
        return Err(crate::error::invalid(format!(
            "invalid snapshot name `{n}` (letters, digits, - _ . + :; not starting with -)"
        )));
    }
    Ok(())
}

fn snapshot(ctx: &Ctx, v: &Virsh, name: &str, m: &ArgMatches) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let action = m.get_one::<String>("action").unwrap().as_str();
    let snap = m.get_one::<String>("name").cloned();
    let need = |what: &str| -> anyhow::Result<String> {
        let s = snap
            .clone()
            .ok_or_else(|| usage(format!("snapshot {what} needs a NAME")))?;
        valid_snapshot_name(&s)?;
        Ok(s)
    };
    match action {
        "list" => {
            let snaps = vm::parse_snapshot_list(&exec.run(&v.snapshot_list(name))?.stdout);
            if ctx.json() {
                output::print_json(&snaps)?;
            } else {
                let mut t = Table::new(["NAME", "CREATED", "STATE"]);
                for s in &snaps {
                    t.row([s.name.clone(), s.created.clone(), s.state.clone()]);
                }
                t.print()?;
            }
            Ok(0)
        }
        "create" => {
            let s = match snap.clone() {
                Some(s) => {
                    valid_snapshot_name(&s)?;
                    s
                }
                None => {
                    let now = crate::clock::now_rfc3339();
                    let digits: String = now
                        .chars()
                        .take(19)
                        .filter(|c| c.is_ascii_digit())
                        .collect();
                    format!(
                        "hvctl-{}-{}",
                        &digits[..8.min(digits.len())],
                        &digits[8.min(digits.len())..]
                    )
                }
            };
            state_of(exec, v, name)?;
            exec.run(&v.snapshot_create(name, &s))?;
            done(
                ctx,
                name,
                "snapshot-create",
                &s,
                format!("{name}: snapshot {s} created"),
            )
        }
        "revert" => {
            let s = need("revert")?;
            ctx.confirm(&format!(
                "{name} will be reverted to snapshot {s}: its current state is lost"
            ))?;
            exec.run(&v.snapshot_revert(name, &s))?;
            done(
                ctx,
                name,
                "snapshot-revert",
                &s,
                format!("{name}: reverted to snapshot {s}"),
            )
        }
        "delete" => {
            let s = need("delete")?;
            ctx.confirm(&format!("snapshot {s} of {name} will be deleted"))?;
            exec.run(&v.snapshot_delete(name, &s))?;
            done(
                ctx,
                name,
                "snapshot-delete",
                &s,
                format!("{name}: snapshot {s} deleted"),
            )
        }
        _ => Err(usage(format!("unknown snapshot action {action}"))),
    }
}

fn console(ctx: &Ctx, v: &Virsh, name: &str) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let st = state_of(exec, v, name)?;
    if !st.is_active() {
        return Err(precondition(format!(
            "{name} is {}: no console",
            state_str(Some(st))
        )));
    }
    // Replaces this process: virsh gets the terminal directly.
    exec.exec_replace(&v.console(name))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_valid() {
        crate::cli::applet_command(&APPLET).debug_assert();
    }

    #[test]
    fn snapshot_names() {
        assert!(valid_snapshot_name("before-upgrade.1").is_ok());
        assert!(valid_snapshot_name("../x").is_err());
        assert!(valid_snapshot_name("-rf").is_err());
        assert!(valid_snapshot_name("").is_err());
    }
}
