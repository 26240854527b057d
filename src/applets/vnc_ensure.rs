//! vnc-ensure: makes sure one websockify instance per VM runs on its own port and reaches the
//! VM's VNC server, and prints the noVNC URL.
//!
//! Design (one websockify per VM, not one with a token file): an instance per VM isolates
//! failures and restarts, maps one-to-one onto the legacy unit `debvisor-websockify@VM.service`,
//! and needs no websockify plugin. Ports come from `[console] port_min..=port_max`; the
//! allocation lives in `STATE_DIR/vnc/instances.json`, changed only under the `vnc-ensure`
//! lock, so two VMs never get the same port (the legacy unit bound every VM to 59080). A VM
//! keeps its port across restarts (stable URLs); a port still bound by something else is
//! skipped. nginx routes `/vnc/VM` with a map file (`STATE_DIR/vnc/nginx-ports.map`) that this
//! applet keeps current (see packaging/nginx/).
//!
//! An instance is *stale* when its process is gone (or the PID now belongs to something else),
//! its port no longer listens, or the VM's VNC port changed (autoport after a VM restart); a
//! stale instance is stopped and replaced on the same port.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::vnc_target::{endpoint, virsh_for};
use super::Applet;
use crate::context::Ctx;
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::ticket::validate_vm_name;
use crate::output::{self, Table};
use crate::tools::{systemctl, vnc, websockify};

pub const APPLET: Applet = Applet {
    name: "vnc-ensure",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Run one websockify per VM on its own port and print the noVNC URL",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("vnc-ensure")
        .arg(
            Arg::new("vm")
                .value_name("VM")
                .required_unless_present_any(["list", "prune"])
                .help("Domain name"),
        )
        .arg(super::args::connect())
        .arg(
            Arg::new("check")
                .long("check")
                .action(ArgAction::SetTrue)
                .help("Change nothing: exit 0 when the VM's instance runs and is current, 1 otherwise"),
        )
        .arg(
            Arg::new("stop")
                .long("stop")
                .action(ArgAction::SetTrue)
                .conflicts_with("check")
                .help("Stop the VM's instance and free its port"),
        )
        .arg(
            Arg::new("list")
                .long("list")
                .action(ArgAction::SetTrue)
                .conflicts_with_all(["vm", "prune"])
                .help("List the instances and whether each is running or stale"),
        )
        .arg(
            Arg::new("prune")
                .long("prune")
                .action(ArgAction::SetTrue)
                .conflicts_with("vm")
                .help("Stop and forget every stale instance"),
        )
        .arg(
            Arg::new("host")
                .long("host")
                .value_name("HOST")
                .help("Host name in the noVNC URL [config: console.public_url] [default: this host's name]"),
        )
        .arg(
            Arg::new("ssl")
                .long("ssl")
                .action(ArgAction::SetTrue)
                .help("https:// URL (noVNC then uses wss://)"),
        )
        .after_help(
            "Examples:\n  debvisor-vnc-ensure web1\n  debvisor-vnc-ensure --ssl --host hv1.example.com web1\n  \
             debvisor-vnc-ensure --check web1\n  debvisor-vnc-ensure --list\n  \
             debvisor-vnc-ensure --stop web1\n  debvisor-vnc-ensure --prune\n  \
             debvisor vnc-ensure --dry-run web1",
        )
}

pub use crate::config::sections::ConsoleConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Spawn,
    Systemd,
}

impl ConsoleConfig {
    fn mode(&self) -> anyhow::Result<Mode> {
        match self.websockify_mode.as_str() {
            "spawn" => Ok(Mode::Spawn),
            "systemd" => Ok(Mode::Systemd),
            "auto" => Ok(if Path::new("/run/systemd/system").is_dir() {
                Mode::Systemd
            } else {
                Mode::Spawn
            }),
            other => Err(crate::error::config(format!(
                "[console] websockify_mode = {other:?}: expected \"auto\", \"spawn\" or \"systemd\""
            ))),
        }
    }
}

/// One websockify instance as recorded in the state file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub port: u16,
    pub listen: String,
    /// websockify's target (`host:port` or `unix:PATH`).
    pub target: String,
    pub mode: Mode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    pub started_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub instances: BTreeMap<String, Instance>,
}

impl State {
    /// The lowest port of the range that no other VM holds and nothing else has bound.
    pub fn allocate(
        &self,
        vm: &str,
        min: u16,
        max: u16,
        bound: &dyn Fn(u16) -> bool,
    ) -> Option<u16> {
        let taken: Vec<u16> = self
            .instances
            .iter()
            .filter(|(n, _)| n.as_str() != vm)
            .map(|(_, i)| i.port)
            .collect();
        (min..=max).find(|p| !taken.contains(p) && !bound(*p))
    }

    pub fn nginx_map(&self) -> String {
        let mut s = String::from(
            "# /vnc/VM -> websockify port; written by `debvisor vnc-ensure`, do not edit.\n",
        );
        for (vm, i) in &self.instances {
            s.push_str(&format!("/vnc/{vm} {};\n", i.port));
        }
        s
    }
}

/// Instance health, without any process spawn (list and check stay O(1) in spawns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    Running,
    /// The recorded process is gone or is no longer a websockify on this port.
    ProcessGone,
    /// The process lives but its port does not accept connections.
    NotListening,
}

pub(crate) fn health(i: &Instance) -> Health {
    let listen_arg = websockify::host_port(&i.listen, i.port);
    if i.mode == Mode::Spawn {
        match i.pid {
            Some(pid) if websockify::is_websockify(pid, &listen_arg) => {}
            _ => return Health::ProcessGone,
        }
    }
    if websockify::listening(&i.listen, i.port, Duration::from_secs(1)) {
        Health::Running
    } else {
        Health::NotListening
    }
}

struct Paths {
    state: PathBuf,
    nginx_map: PathBuf,
    dir: PathBuf,
    log_dir: PathBuf,
}

fn paths(ctx: &Ctx) -> anyhow::Result<Paths> {
    let g = ctx.general()?;
    let dir = g.state_dir.join("vnc");
    Ok(Paths {
        state: dir.join("instances.json"),
        nginx_map: dir.join("nginx-ports.map"),
        dir,
        log_dir: g.log_dir,
    })
}

pub(crate) fn load_state(p: &Path) -> anyhow::Result<State> {
    match std::fs::read_to_string(p) {
        Ok(t) if t.trim().is_empty() => Ok(State::default()),
        Ok(t) => serde_json::from_str(&t).map_err(|e| {
            crate::error::invalid(format!(
                "{}: unparsable state file ({e}); fix or remove it",
                p.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
        Err(e) => Err(anyhow::anyhow!("reading {}: {e}", p.display())),
    }
}

fn save_state(
    exec: &Exec,
    paths: &Paths,
    state: &State,
    cfg: &ConsoleConfig,
) -> anyhow::Result<()> {
    exec.create_dir_all(&paths.dir, 0o755)?;
    let json = serde_json::to_string_pretty(state)? + "\n";
    exec.write_file_if_changed(&paths.state, json.as_bytes(), FileSpec::mode(0o644))?;
    let changed = exec.write_file_if_changed(
        &paths.nginx_map,
        state.nginx_map().as_bytes(),
        FileSpec::PUBLIC,
    )?;
    if changed && cfg.nginx_reload {
        exec.run(&systemctl::nginx_reload())?;
    }
    Ok(())
}

/// Stops an instance (signal for a spawned one, systemctl for a unit).
fn stop_instance(exec: &Exec, vm: &str, i: &Instance) -> anyhow::Result<()> {
    match i.mode {
        Mode::Systemd => {
            exec.run(&websockify::unit_stop(vm))?;
        }
        Mode::Spawn => {
            let listen_arg = websockify::host_port(&i.listen, i.port);
            let Some(pid) = i.pid else {
                return Ok(());
            };
            // The instance is its process group (started in its own session): the daemon and
            // the per-connection children it forks, each holding the listening socket. Only
            // members that are still this websockify are signalled: never a PID that is not ours.
            let ours = || {
                crate::tools::procfs::group_members(pid)
                    .into_iter()
                    .filter(|p| websockify::is_websockify(*p, &listen_arg))
                    .collect::<Vec<_>>()
            };
            if ours().is_empty() {
                return Ok(()); // already gone
            }
            exec.change(
                "stop-websockify",
                &format!("kill -TERM {pid} and its children (websockify {listen_arg} for {vm})"),
                || {
                    use nix::sys::signal::Signal;
                    if signal_until_gone(&ours, Signal::SIGTERM, Duration::from_secs(5))
                        || signal_until_gone(&ours, Signal::SIGKILL, Duration::from_secs(5))
                    {
                        return Ok(());
                    }
                    anyhow::bail!(
                        "websockify {listen_arg} for {vm} (process group {pid}) survived SIGKILL: \
                         processes {:?}",
                        ours()
                    )
                },
            )?;
        }
    }
    Ok(())
}

/// Sends `signal` to every process `members` names, then polls until none is left or `wait`
/// passes; whether they are all gone.
fn signal_until_gone(
    members: &dyn Fn() -> Vec<u32>,
    signal: nix::sys::signal::Signal,
    wait: Duration,
) -> bool {
    use nix::unistd::Pid;
    for p in members() {
        // ESRCH: it exited between the listing and the signal, which is what we want.
        let _ = nix::sys::signal::kill(Pid::from_raw(p as i32), signal);
    }
    let deadline = Instant::now() + wait;
    loop {
        if members().is_empty() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[derive(Debug, Serialize)]
struct EnsureReport {
    vm: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    replaced: Option<Health>,
    port: u16,
    listen: String,
    target: String,
    mode: Mode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pid: Option<u32>,
    url: String,
    websocket: String,
    vnc_reachable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    banner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warning: Option<String>,
    dry_run: bool,
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let cfg: ConsoleConfig = ctx.config()?.section("console")?;
    if cfg.port_min == 0 || cfg.port_min > cfg.port_max {
        return Err(crate::error::config(format!(
            "[console] port_min ({}) .. port_max ({}) is not a valid range",
            cfg.port_min, cfg.port_max
        )));
    }
    let paths = paths(ctx)?;
    if m.get_flag("list") {
        return list(ctx, &paths);
    }
    if m.get_flag("prune") {
        return prune(ctx, &paths, &cfg);
    }
    let vm = m.get_one::<String>("vm").expect("required").clone();
    validate_vm_name(&vm).map_err(crate::error::invalid)?;
    if m.get_flag("stop") {
        return stop(ctx, &paths, &cfg, &vm);
    }
    if m.get_flag("check") {
        return check(ctx, m, &paths, &vm);
    }
    ensure(ctx, m, &paths, &cfg, &vm)
}

fn list(ctx: &Ctx, paths: &Paths) -> anyhow::Result<i32> {
    let state = load_state(&paths.state)?;
    #[derive(Serialize)]
    struct Row<'a> {
        vm: &'a str,
        #[serde(flatten)]
        instance: &'a Instance,
        health: Health,
    }
    let rows: Vec<Row> = state
        .instances
        .iter()
        .map(|(vm, i)| Row {
            vm,
            instance: i,
            health: health(i),
        })
        .collect();
    if ctx.json() {
        output::print_json(&rows)?;
    } else {
        let mut t =
            Table::new(["VM", "PORT", "TARGET", "MODE", "PID", "HEALTH", "STARTED"]).right(1);
        for r in &rows {
            t.row([
                r.vm.to_string(),
                r.instance.port.to_string(),
                r.instance.target.clone(),
                format!("{:?}", r.instance.mode).to_lowercase(),
                r.instance.pid.map(|p| p.to_string()).unwrap_or("-".into()),
                serde_json::to_value(r.health)?
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                r.instance.started_at.clone(),
            ]);
        }
        t.print()?;
    }
    Ok(0)
}

fn prune(ctx: &Ctx, paths: &Paths, cfg: &ConsoleConfig) -> anyhow::Result<i32> {
    let _lock = ctx.lock("vnc-ensure", Duration::from_secs(30))?;
    let exec = ctx.exec()?;
    let mut state = load_state(&paths.state)?;
    let stale: Vec<(String, Instance, Health)> = state
        .instances
        .iter()
        .map(|(vm, i)| (vm.clone(), i.clone(), health(i)))
        .filter(|(_, _, h)| *h != Health::Running)
        .collect();
    for (vm, i, h) in &stale {
        stop_instance(exec, vm, i)?;
        state.instances.remove(vm);
        exec.audit_event(
            "vnc-instance-pruned",
            &format!("stale websockify for {vm} on port {} forgotten", i.port),
            &serde_json::json!({"vm": vm, "port": i.port, "health": h}),
        )?;
        if !ctx.flags.quiet && !ctx.json() {
            println!(
                "pruned {vm} (port {}, {})",
                i.port,
                serde_json::to_value(h)?.as_str().unwrap_or("")
            );
        }
    }
    if !stale.is_empty() {
        save_state(exec, paths, &state, cfg)?;
    }
    if ctx.json() {
        output::print_json(&serde_json::json!({
            "pruned": stale.iter().map(|(vm, _, _)| vm).collect::<Vec<_>>(),
            "dry_run": ctx.dry_run(),
        }))?;
    }
    Ok(0)
}

fn stop(ctx: &Ctx, paths: &Paths, cfg: &ConsoleConfig, vm: &str) -> anyhow::Result<i32> {
    let _lock = ctx.lock("vnc-ensure", Duration::from_secs(30))?;
    let exec = ctx.exec()?;
    let mut state = load_state(&paths.state)?;
    let Some(i) = state.instances.remove(vm) else {
        if !ctx.flags.quiet {
            eprintln!("vnc-ensure: no instance recorded for {vm}; nothing to stop");
        }
        return Ok(0);
    };
    stop_instance(exec, vm, &i)?;
    save_state(exec, paths, &state, cfg)?;
    exec.audit_event(
        "vnc-instance-stopped",
        &format!("websockify for {vm} on port {} stopped", i.port),
        &serde_json::json!({"vm": vm, "port": i.port}),
    )?;
    if ctx.json() {
        output::print_json(
            &serde_json::json!({"vm": vm, "stopped": true, "port": i.port, "dry_run": ctx.dry_run()}),
        )?;
    } else if !ctx.flags.quiet {
        println!("stopped websockify for {vm} (port {})", i.port);
    }
    Ok(0)
}

fn check(ctx: &Ctx, m: &ArgMatches, paths: &Paths, vm: &str) -> anyhow::Result<i32> {
    let state = load_state(&paths.state)?;
    let virsh = virsh_for(ctx, m)?;
    let exec = ctx.exec()?;
    let (ep, _) = endpoint(exec, &virsh, vm)?;
    let (status, code) = match state.instances.get(vm) {
        None => ("absent".to_string(), 1),
        Some(i) => match health(i) {
            Health::Running if i.target == ep.target() => ("running".to_string(), 0),
            Health::Running => (
                format!("stale: target {} but VNC is now {}", i.target, ep.target()),
                1,
            ),
            h => (
                format!("stale: {}", serde_json::to_value(h)?.as_str().unwrap_or("")),
                1,
            ),
        },
    };
    if ctx.json() {
        output::print_json(&serde_json::json!({
            "vm": vm, "ok": code == 0, "status": status,
            "port": state.instances.get(vm).map(|i| i.port),
        }))?;
    } else if !ctx.flags.quiet {
        println!("{vm}: {status}");
    }
    Ok(code)
}

fn public_base(m: &ArgMatches, cfg: &ConsoleConfig) -> String {
    let scheme = if m.get_flag("ssl") { "https" } else { "http" };
    if let Some(h) = m.get_one::<String>("host") {
        return format!("{scheme}://{h}");
    }
    if let Some(u) = &cfg.public_url {
        return u.trim_end_matches('/').to_string();
    }
    let host = nix::unistd::gethostname()
        .ok()
        .and_then(|h| h.into_string().ok())
        .unwrap_or_else(|| "localhost".into());
    format!("{scheme}://{host}")
}

fn ensure(
    ctx: &Ctx,
    m: &ArgMatches,
    paths: &Paths,
    cfg: &ConsoleConfig,
    vm: &str,
) -> anyhow::Result<i32> {
    let mode = cfg.mode()?;
    let virsh = virsh_for(ctx, m)?;
    let _lock = ctx.lock("vnc-ensure", Duration::from_secs(30))?;
    let exec = ctx.exec()?;
    let (ep, _) = endpoint(exec, &virsh, vm)?;
    let target = ep.target();
    let vnc_probe = vnc::probe(&ep, Duration::from_secs(3));
    let mut state = load_state(&paths.state)?;
    let url = format!(
        "{}/novnc/vnc.html?path=vnc/{vm}&autoconnect=1",
        public_base(m, cfg)
    );

    // An instance already recorded: keep it when healthy and current, else replace it.
    let mut replaced = None;
    let mut keep_port = None;
    if let Some(i) = state.instances.get(vm).cloned() {
        let h = health(&i);
        if h == Health::Running && i.target == target && i.mode == mode && i.listen == cfg.listen {
            return report(ctx, vm, "running", None, &i, url, &vnc_probe, None);
        }
        tracing::info!(vm, ?h, old_target = %i.target, new_target = %target, "replacing websockify instance");
        replaced = Some(h);
        stop_instance(exec, vm, &i)?;
        if i.listen == cfg.listen && (cfg.port_min..=cfg.port_max).contains(&i.port) {
            keep_port = Some(i.port);
        }
    }
    let listen = cfg.listen.clone();
    let bound = |p: u16| {
        websockify::listening(&listen, p, Duration::from_millis(300)) || !bindable(&listen, p)
    };
    let port = match keep_port.filter(|p| exec.is_dry_run() || !bound(*p)) {
        Some(p) => p,
        None => state
            .allocate(vm, cfg.port_min, cfg.port_max, &bound)
            .ok_or_else(|| {
                crate::error::precondition(format!(
                    "no free websockify port in [console] port_min..port_max ({}..{}): \
                     run `vnc-ensure --prune` or widen the range",
                    cfg.port_min, cfg.port_max
                ))
            })?,
    };
    let listen_arg = websockify::host_port(&listen, port);

    let pid = match mode {
        Mode::Spawn => {
            exec.create_dir_all(&paths.log_dir, 0o755)?;
            let log = paths.log_dir.join(format!("websockify-{vm}.log"));
            let cmd = websockify::daemon(
                &cfg.websockify,
                &listen,
                port,
                &ep,
                Some(&log),
                cfg.web_dir.as_deref(),
            );
            exec.spawn_daemon(&cmd)?
        }
        Mode::Systemd => {
            exec.create_dir_all(&cfg.unit_env_dir, 0o755)?;
            let env = websockify::env_file(vm, &listen, port, &ep);
            exec.write_file_if_changed(
                &cfg.unit_env_dir.join(format!("{vm}.env")),
                env.as_bytes(),
                FileSpec::PUBLIC,
            )?;
            exec.run(&websockify::unit_restart(vm))?;
            None
        }
    };
    let inst = Instance {
        port,
        listen: listen.clone(),
        target: target.clone(),
        mode,
        pid,
        started_at: crate::clock::now_rfc3339(),
    };

    if !exec.is_dry_run() {
        // Verify it really listens (websockify needs ~0.6 s); a dead process ends the wait.
        let gone = || pid.is_some_and(|p| !websockify::is_websockify(p, &listen_arg));
        let wait = Duration::from_secs(cfg.start_timeout_secs.max(1));
        if !websockify::wait_listening(&listen, port, wait, &gone) {
            let _ = stop_instance(exec, vm, &inst);
            state.instances.remove(vm);
            save_state(exec, paths, &state, cfg)?;
            anyhow::bail!(
                "websockify for {vm} did not listen on {listen_arg} within {} s (see {})",
                wait.as_secs(),
                match mode {
                    Mode::Spawn => paths
                        .log_dir
                        .join(format!("websockify-{vm}.log"))
                        .display()
                        .to_string(),
                    Mode::Systemd => format!("journalctl -u {}", websockify::unit_name(vm)),
                }
            );
        }
    }
    state.instances.insert(vm.to_string(), inst.clone());
    save_state(exec, paths, &state, cfg)?;
    exec.audit_event(
        "vnc-instance-started",
        &format!("websockify for {vm} on {listen_arg} -> {target}"),
        &serde_json::json!({"vm": vm, "port": port, "target": target, "mode": mode, "pid": pid,
                            "replaced": replaced}),
    )?;
    let status = if replaced.is_some() {
        "restarted"
    } else {
        "started"
    };
    // End-to-end: a WebSocket through websockify must reach the RFB banner.
    let chain = if exec.is_dry_run() {
        None
    } else {
        Some(websockify::ws_probe(
            &listen,
            port,
            &format!("/vnc/{vm}"),
            Duration::from_secs(5),
        ))
    };
    report(ctx, vm, status, replaced, &inst, url, &vnc_probe, chain)
}

/// Whether `port` can be bound on `host` right now (a quick bind-and-release test).
fn bindable(host: &str, port: u16) -> bool {
    std::net::TcpListener::bind((host, port)).is_ok()
}

#[allow(clippy::too_many_arguments)]
fn report(
    ctx: &Ctx,
    vm: &str,
    status: &'static str,
    replaced: Option<Health>,
    i: &Instance,
    url: String,
    vnc_probe: &vnc::Probe,
    chain: Option<anyhow::Result<String>>,
) -> anyhow::Result<i32> {
    let (banner, chain_err) = match chain {
        Some(Ok(b)) => (Some(b), None),
        Some(Err(e)) => (None, Some(format!("{e:#}"))),
        None => (None, None),
    };
    let warning = if !vnc_probe.reachable {
        Some(format!(
            "the VM's VNC server at {} does not answer ({}): the console will not connect",
            i.target,
            vnc_probe.error.clone().unwrap_or_default()
        ))
    } else {
        chain_err.map(|e| format!("websockify listens, but the end-to-end check failed: {e}"))
    };
    let r = EnsureReport {
        vm: vm.to_string(),
        status,
        replaced,
        port: i.port,
        listen: i.listen.clone(),
        target: i.target.clone(),
        mode: i.mode,
        pid: i.pid,
        url,
        websocket: format!("ws://{}/", websockify::host_port(&i.listen, i.port)),
        vnc_reachable: vnc_probe.reachable,
        banner,
        warning,
        dry_run: ctx.dry_run(),
    };
    if ctx.json() {
        output::print_json(&r)?;
        return Ok(0);
    }
    if let Some(w) = &r.warning {
        eprintln!("vnc-ensure: warning: {w}");
    }
    if ctx.dry_run() {
        println!(
            "{} (dry run: websockify would listen on port {})",
            r.url, r.port
        );
    } else if !ctx.flags.quiet {
        let what = match (status, replaced) {
            ("running", _) => "already running".to_string(),
            (s, Some(h)) => format!(
                "{s} (replaced a stale instance: {})",
                serde_json::to_value(h)?.as_str().unwrap_or("")
            ),
            (s, None) => s.to_string(),
        };
        eprintln!(
            "vnc-ensure: {vm}: websockify {what} on {} -> {}",
            websockify::host_port(&r.listen, r.port),
            r.target
        );
        println!("{}", r.url);
    } else {
        println!("{}", r.url);
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_console_key_parses() {
        // Uncomment every `# key = value` line of [console] in the packaged example.
        let text = include_str!("../../packaging/debvisor.toml");
        let section = text.split("\n[console]\n").nth(1).unwrap();
        let section = section.split("\n[").next().unwrap();
        let body: String = section
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| {
                l.split_once(" = ").is_some_and(|(k, _)| {
                    !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                })
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let cfg = crate::config::Config::from_str(&format!("[console]\n{body}"), None).unwrap();
        let c: ConsoleConfig = cfg.section("console").unwrap();
        assert_eq!(c.port_min, 6080);
        assert_eq!(c.public_url.as_deref(), Some("https://hv1.example.com"));
        assert!(body.lines().count() >= 13, "{body}");
    }

    #[test]
    fn allocation_skips_taken_and_bound_ports() {
        let mut s = State::default();
        let inst = |port| Instance {
            port,
            listen: "127.0.0.1".into(),
            target: "127.0.0.1:5900".into(),
            mode: Mode::Spawn,
            pid: None,
            started_at: String::new(),
        };
        s.instances.insert("a".into(), inst(6080));
        s.instances.insert("b".into(), inst(6082));
        assert_eq!(s.allocate("c", 6080, 6085, &|p| p == 6081), Some(6083));
        // A VM's own recorded port is not "taken" by itself.
        assert_eq!(s.allocate("a", 6080, 6085, &|_| false), Some(6080));
        assert_eq!(s.allocate("c", 6080, 6082, &|p| p == 6081), None);
        assert_eq!(
            s.nginx_map().lines().skip(1).collect::<Vec<_>>(),
            ["/vnc/a 6080;", "/vnc/b 6082;"]
        );
    }
}
