//! `cephctl mgr-compat status|enable|disable`: the Debian 13 ceph-mgr / PyO3 bcrypt fix
//! (crate::ceph_mgr_compat) for nodes firstboot did not build. Needs no cluster connection.

use std::time::Duration;

use clap::{Arg, ArgMatches, Command};
use serde::Serialize;

use crate::ceph_mgr_compat::{self as compat, Paths};
use crate::context::Ctx;
use crate::output;
use crate::tools::ceph_daemon;

pub fn cli() -> Command {
    clap::Command::new("mgr-compat")
        .about("Debian 13: let ceph-mgr 18.2 load its modules with the PyO3 python3-bcrypt (status, enable, disable)")
        .long_about(
            "Ceph 18.2's manager runs its Python modules in sub-interpreters and imports bcrypt in all of them; \
             Debian 13's python3-bcrypt is a PyO3 extension, which cannot load there, so every module fails \
             (MGR_MODULE_DEPENDENCY) and the cluster never reaches HEALTH_OK. `enable` installs a bcrypt module \
             that runs the real python3-bcrypt in a child process (as upstream Ceph does since PR 62951) on \
             ceph-mgr's PYTHONPATH (a ceph-mgr@.service drop-in) and restarts the managers; `disable` removes \
             both files again. Nothing is done where the condition does not hold (`status` says why).",
        )
        .arg(
            Arg::new("action")
                .value_parser(["status", "enable", "disable"])
                .default_value("status")
                .help("status (exit 1 when needed but not enabled), enable or disable"),
        )
}

#[derive(Serialize)]
struct Report {
    action: String,
    needed: bool,
    reason: String,
    module: String,
    module_installed: bool,
    dropin: String,
    dropin_installed: bool,
    changed: bool,
    dry_run: bool,
    message: String,
}

pub fn run(ctx: &Ctx, paths: &Paths, a: &ArgMatches) -> anyhow::Result<i32> {
    let action = a
        .get_one::<String>("action")
        .map(String::as_str)
        .unwrap_or("status");
    let need = compat::detect();
    let exec = ctx.exec()?;
    let _lock = if action == "status" {
        None
    } else {
        ctx.lock("ceph-mgr-compat", Duration::from_secs(30))?
    };
    let systemd_runs = std::path::Path::new("/run/systemd/system").exists();
    let (changed, message) = match action {
        "enable" if !need.needed => (false, format!("not needed: {}", need.reason)),
        "enable" => {
            let changed = compat::enable(exec, paths, true)?;
            (changed, restart(ctx, changed, systemd_runs, "enabled")?)
        }
        "disable" => {
            let changed = compat::disable(exec, paths)?;
            (changed, restart(ctx, changed, systemd_runs, "disabled")?)
        }
        _ => (false, String::new()),
    };
    let inst = compat::installed(paths);
    let message = if action == "status" {
        match (need.needed, inst.module && inst.dropin) {
            (true, true) => format!("enabled (needed: {})", need.reason),
            (true, false) => format!(
                "NEEDED but not enabled: {}; run `cephctl mgr-compat enable`",
                need.reason
            ),
            (false, true) => format!("enabled, but not needed here: {}", need.reason),
            (false, false) => format!("not needed: {}", need.reason),
        }
    } else {
        message
    };
    let code = i32::from(action == "status" && need.needed && !(inst.module && inst.dropin));
    let r = Report {
        action: action.into(),
        needed: need.needed,
        reason: need.reason,
        module: paths.module().display().to_string(),
        module_installed: inst.module,
        dropin: paths.dropin().display().to_string(),
        dropin_installed: inst.dropin,
        changed,
        dry_run: exec.is_dry_run(),
        message,
    };
    if ctx.json() {
        output::print_json(&r)?;
    } else if !ctx.flags.quiet && (!r.dry_run || !r.changed) {
        println!("{}", r.message);
    }
    Ok(code)
}

/// After a change: reload systemd and restart the running managers, so they pick it up.
fn restart(ctx: &Ctx, changed: bool, systemd_runs: bool, what: &str) -> anyhow::Result<String> {
    if !changed {
        return Ok(format!("already {what}: nothing changed"));
    }
    if !systemd_runs {
        return Ok(format!(
            "{what}; systemd is not running here: restart ceph-mgr yourself (with PYTHONPATH from the drop-in when it is started by hand)"
        ));
    }
    let exec = ctx.exec()?;
    exec.run(&ceph_daemon::systemd_daemon_reload())?;
    exec.run(&ceph_daemon::systemd_try_restart_mgrs())?;
    Ok(format!("{what}; restarted the running ceph-mgr units"))
}
