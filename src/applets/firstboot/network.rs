//! Phase "network": bridge br0 on the primary NIC, keeping its addresses and MAC; STP switched
//! on only after the port forwards; networkd files so it survives a reboot.

use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::{PhaseResult, Run};
use crate::error::Error;
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::netlink::{self, BridgePort, BridgeState, Link, Route};
use crate::tools::ip;

/// This node's links with their addresses, and its default routes (`ip -j`).
pub fn links_and_routes(exec: &Exec) -> anyhow::Result<(Vec<Link>, Vec<Route>)> {
    let links: Vec<Link> = serde_json::from_str(&exec.run(&ip::links_with_addrs())?.stdout)
        .context("parsing `ip -j addr`")?;
    let routes: Vec<Route> = serde_json::from_str(&exec.run(&ip::default_routes())?.stdout)
        .context("parsing `ip -j route`")?;
    Ok((links, routes))
}

pub fn bridge(run: &Run) -> anyhow::Result<PhaseResult> {
    let exec = run.exec;
    let plan = match settled_state(run)? {
        BridgeState::Done { nic } => {
            ensure_stp(run)?;
            return PhaseResult::done(format!("{} already bridges {nic}", run.cfg.bridge));
        }
        BridgeState::Settling { nic } => {
            return Err(crate::error::precondition(format!(
                "{} exists with port {nic} but no IPv4 address (it did not get one within {} s); fix or delete it by hand",
                run.cfg.bridge,
                settle_secs(run)
            )))
        }
        BridgeState::Todo(p) => p,
    };
    for (name, body) in plan.networkd_files() {
        exec.create_dir_all(&run.cfg.networkd_dir, 0o755)?;
        exec.write_file_if_changed(
            &run.cfg.networkd_dir.join(name),
            body.as_bytes(),
            FileSpec::PUBLIC,
        )?;
    }
    exec.run(
        &ip::batch(plan.ip_batch())
            .what(format!("moving {} into bridge {}", plan.nic, plan.bridge)),
    )?;
    if !exec.is_dry_run() {
        wait_forwarding(run, &plan.nic)?;
    }
    exec.run(&ip::set_stp(&plan.bridge, true))?;
    PhaseResult::applied(
        exec,
        format!(
            "{} now carries {} (MAC {}) on port {}; STP on",
            plan.bridge,
            plan.addrs.join(","),
            plan.mac,
            plan.nic
        ),
    )
}

/// How long a bridge this phase configured earlier may take to come back: networkd gives it its
/// addresses only once a port forwards (with STP, listening + learning = 2 × forward delay).
fn settle_secs(run: &Run) -> u64 {
    run.cfg.stp_wait_secs + 30
}

/// The bridge's state, waiting (bounded) while a bridge set up by an earlier run is still being
/// brought up by networkd. At boot, network-online.target can be reached through another link
/// before that (found on a Debian 13 guest: the reboot after a failed storage phase failed the
/// network phase with "br0 exists but is incomplete"). Only a bridge with our networkd file is
/// waited for; anything else is reported at once.
fn settled_state(run: &Run) -> anyhow::Result<BridgeState> {
    let ours = run
        .cfg
        .networkd_dir
        .join(netlink::bridge_network_file(&run.cfg.bridge))
        .exists();
    let deadline = Instant::now() + Duration::from_secs(settle_secs(run));
    let mut said = false;
    loop {
        let (links, routes) = links_and_routes(run.exec)?;
        let routes: Vec<Route> = match &run.cfg.primary_nic {
            Some(nic) => vec![Route {
                dev: Some(nic.clone()),
                ..routes.into_iter().next().unwrap_or_default()
            }],
            None => routes,
        };
        let state = netlink::bridge_state(&links, &routes, &run.cfg.bridge)
            .map_err(crate::error::precondition)?;
        let waiting = matches!(state, BridgeState::Settling { .. })
            && ours
            && !run.exec.is_dry_run()
            && Instant::now() < deadline;
        if !waiting {
            return Ok(state);
        }
        if !said {
            tracing::info!(
                "{} has no address yet: waiting for networkd",
                run.cfg.bridge
            );
            said = true;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

fn ensure_stp(run: &Run) -> anyhow::Result<()> {
    let out = run.exec.run(&ip::link_details(&run.cfg.bridge))?;
    let links: Vec<Link> = serde_json::from_str(&out.stdout).unwrap_or_default();
    let stp = links
        .first()
        .and_then(|l| l.linkinfo.as_ref())
        .and_then(|i| i.info_data.as_ref())
        .and_then(|d| d.get("stp_state"))
        .and_then(|v| v.as_u64());
    if stp != Some(1) {
        run.exec.run(&ip::set_stp(&run.cfg.bridge, true))?;
    }
    Ok(())
}

/// Waits until the bridge port forwards, so enabling STP does not send it back to listening.
fn wait_forwarding(run: &Run, nic: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(run.cfg.stp_wait_secs);
    loop {
        let out = run.exec.run(&ip::bridge_port(nic))?;
        let ports: Vec<BridgePort> = serde_json::from_str(&out.stdout).unwrap_or_default();
        if ports
            .iter()
            .any(|p| p.state.as_deref() == Some("forwarding"))
        {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(Error::Timeout {
                secs: run.cfg.stp_wait_secs,
                what: format!("bridge port {nic} to reach the forwarding state"),
            }
            .into());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}
