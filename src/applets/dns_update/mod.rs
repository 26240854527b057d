//! dns-update: add, replace or delete A/AAAA records and their PTRs on the zone's primary
//! with TSIG-signed DNS UPDATEs, then prove that every primary and secondary serves them.
//!
//! One run = O(1) processes whatever the batch size: one dig batch reads the current records
//! (two when replaced addresses need their old PTRs), one nsupdate sends every UPDATE message
//! (split per zone below 64 KB, each guarded by prerequisites so a concurrent change is never
//! clobbered), a few dig batches poll all servers for the new serial and the records.
//! Before anything changes, the old RRsets go to a journal under the state directory;
//! `--rollback [ID]` restores them.
//!
//! This file is the applet: flags, validation and the order of the steps. The steps live
//! beside it: `engine` (settings, reading the records, sending the UPDATEs), `plan` (what to
//! read, the owner tags), `journal` (the rollback journal on disk), `propagation` (every
//! server serves the change), `rollback` (restoring a journal) and `report` (what is printed).

mod engine;
mod journal;
mod plan;
mod propagation;
mod report;
mod rollback;

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::{Arg, ArgAction, ArgMatches, Command};

use super::Applet;
use crate::context::Ctx;
use crate::error::{self, code};
use crate::model::dns::{self, Change, Fqdn, Op, Server};
use engine::{bad, failure_error};
use journal::{journal_dir, list_journal, save_journal};
use propagation::Propagation;
use report::{finish, Report};

pub use engine::{Dns, State};
pub use journal::Journal;

pub const APPLET: Applet = Applet {
    name: "dns-update",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Add, replace or delete A/AAAA + PTR records with TSIG-signed updates and verify propagation",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("dns-update")
        .arg(Arg::new("name").value_name("NAME").help("Host name (relative to the zone, or an FQDN inside it)"))
        .arg(Arg::new("addr").value_name("ADDR").help("IPv4 or IPv6 address"))
        .arg(
            Arg::new("action")
                .value_name("ACTION")
                .value_parser(["add", "delete"])
                .hide(true)
                .help("Legacy form: NAME ADDR add|delete"),
        )
        .arg(Arg::new("delete").long("delete").short('d').action(ArgAction::SetTrue)
            .conflicts_with_all(["batch", "rollback", "ttl"])
            .help("Delete NAME's A/AAAA records (only ADDR when given) and the matching PTRs"))
        .arg(Arg::new("batch").long("batch").short('b').value_name("FILE|-")
            .conflicts_with_all(["name", "rollback"])
            .help("Read operations from FILE (or stdin): `add NAME ADDR [TTL]`, `delete NAME [ADDR]`, # comments"))
        .arg(Arg::new("rollback").long("rollback").value_name("ID").num_args(0..=1)
            .default_missing_value("latest").conflicts_with_all(["name", "batch"])
            .help("Restore the records a previous run replaced (its journal ID; default: the latest)"))
        .arg(Arg::new("journal").long("journal").action(ArgAction::SetTrue)
            .conflicts_with_all(["name", "batch", "rollback"])
            .help("List the rollback journal"))
        .arg(Arg::new("rollback-on-failure").long("rollback-on-failure").action(ArgAction::SetTrue)
            .help("Restore the old records when the update fails part-way or does not propagate"))
        .arg(Arg::new("ttl").long("ttl").value_name("SECONDS").help("TTL of added records [config: dns.ttl] [default: 300]"))
        .arg(Arg::new("owner").long("owner").value_name("TAG").help("Record who registers the names (TXT debvisor-owner=TAG); a delete then leaves a name that another owner registered since (e.g. the destination of a live migration)"))
        .arg(Arg::new("zone").long("zone").short('z').value_name("ZONE").help("Forward zone [config: dns.zone]"))
        .arg(Arg::new("server").long("server").short('s').value_name("HOST:PORT").action(ArgAction::Append)
            .help("Primary server; repeat for several (the first reachable one gets the update) [config: dns.primaries]"))
        .arg(Arg::new("secondary").long("secondary").value_name("HOST:PORT").action(ArgAction::Append)
            .help("Secondary server to verify; repeatable [config: dns.secondaries]"))
        .arg(Arg::new("key-file").long("key-file").short('k').value_name("FILE")
            .value_parser(clap::value_parser!(PathBuf))
            .help("TSIG key file for nsupdate -k [config: dns.key_file] [default: /etc/debvisor/dns-update.key]"))
        .arg(Arg::new("no-verify").long("no-verify").action(ArgAction::SetTrue)
            .help("Do not wait for the servers to serve the change"))
        .arg(Arg::new("deadline").long("deadline").value_name("SECONDS")
            .value_parser(clap::value_parser!(u64))
            .help("How long to wait for propagation [config: dns.verify_deadline] [default: 30]"))
        .after_help(
            "Examples:\n  debvisor dns-update vm1 10.10.20.5\n  debvisor dns-update vm1 fd00::5 --ttl 60\n  \
             debvisor dns-update --delete vm1\n  debvisor dns-update --batch /run/vms.txt --rollback-on-failure\n  \
             printf 'add vm1 10.10.20.5\\ndelete vm2\\n' | debvisor dns-update --batch -\n  \
             debvisor dns-update --zone debvisor.local --server 10.10.0.1:53 --secondary 10.10.0.2 vm1 10.10.20.5\n  \
             debvisor dns-update --journal\n  debvisor dns-update --rollback",
        )
}

pub use crate::config::sections::DnsConfig;

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let started = Instant::now();
    let cfg: DnsConfig = ctx.config()?.section("dns")?;

    if m.get_flag("journal") {
        return list_journal(ctx);
    }
    // Validate every input before anything is read or sent.
    let zone_flag = m.get_one::<String>("zone").map(String::as_str);
    let many = |id: &str| {
        m.get_many::<String>(id)
            .map(|v| v.cloned().collect::<Vec<_>>())
    };
    let exec = ctx.exec()?;
    let d = Dns::resolve(
        exec,
        cfg.clone(),
        zone_flag,
        many("server"),
        many("secondary"),
        m.get_one::<PathBuf>("key-file").cloned(),
    )?;
    let ttl = match m.get_one::<String>("ttl") {
        Some(t) => dns::parse_ttl(t).map_err(bad)?,
        None => cfg.ttl,
    };
    let propagation = Propagation {
        verify: cfg.verify && !m.get_flag("no-verify"),
        deadline: Duration::from_secs(
            m.get_one::<u64>("deadline")
                .copied()
                .unwrap_or(cfg.verify_deadline),
        ),
    };
    let rollback_on_failure = m.get_flag("rollback-on-failure");

    if let Some(id) = m.get_one::<String>("rollback") {
        d.check_key_file()?;
        let _lock = ctx.lock("dns-update", Duration::from_secs(cfg.lock_wait))?;
        return rollback::rollback(ctx, &d, id, propagation, started);
    }

    let (ops, single) = operations(m, &d, ttl)?;
    let owner = match m.get_one::<String>("owner") {
        Some(t) if !dns::valid_owner(t) => {
            return Err(bad(format!(
                "--owner `{}`: letters, digits, `.`, `_` and `-` only (at most 63)",
                t.escape_debug()
            )))
        }
        other => other.map(String::as_str),
    };
    d.check_key_file()?;
    let _lock = ctx.lock("dns-update", Duration::from_secs(cfg.lock_wait))?;

    // 1. Read what is there now.
    let keys = plan::keys_to_read(&ops, owner, d.ptr);
    let mut state = State::default();
    d.read(&keys, &BTreeSet::new(), &mut state)?;
    if d.ptr {
        let more = plan::current_ptr_keys(&ops, &state.rrsets, &keys);
        if !more.is_empty() {
            d.read(&more, &BTreeSet::new(), &mut state)?;
        }
    }
    // 2. Plan. With --owner, deletes of names another owner registered are left out.
    let (ops, kept) = plan::leave_others_names(ops, owner, &state.rrsets);
    let rz = |n: &Fqdn| d.reverse_zone_of(&state, n);
    let mut changes = dns::plan(&d.zone, &ops, &state.rrsets, ttl, &rz).map_err(bad)?;
    let owner_tags = plan::owner_changes(&d.zone, &ops, owner, &changes, &state.rrsets, ttl);
    changes.extend(owner_tags);
    let mut report = Report {
        hostname: single.as_ref().map(|s| s.hostname.clone()),
        ip_address: single.as_ref().and_then(|s| s.ip_address.clone()),
        changes: changes.clone(),
        kept,
        ..Report::new(&d.zone, ctx.dry_run())
    };
    if d.ptr {
        let orphans = plan::unmanaged_ptrs(&ops, rz);
        if let Some(first) = orphans.first() {
            tracing::warn!(
                "no reverse zone on the server for {} address(es) (e.g. {first}); their PTRs are not managed",
                orphans.len()
            );
        }
    }
    if changes.is_empty() {
        report.status = "unchanged";
        return finish(ctx, &mut report, started, code::OK);
    }
    let server = state.server.clone().expect("read sets the server");
    let exit = apply_and_verify(
        ctx,
        &d,
        &mut report,
        Update {
            state: &state,
            changes,
            server: &server,
            propagation,
            rollback_on_failure,
            rollback_of: None,
        },
    )?;
    finish(ctx, &mut report, started, exit)
}

/// The host (and address) a call with one operation names; the report repeats them.
struct Single {
    hostname: String,
    ip_address: Option<String>,
}

/// The operations of the run, from `--batch` or from NAME [ADDR] (a batch of one).
fn operations(m: &ArgMatches, d: &Dns, ttl: u32) -> anyhow::Result<(Vec<Op>, Option<Single>)> {
    if let Some(src) = m.get_one::<String>("batch") {
        let text = if src == "-" {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("reading the batch from stdin")?;
            s
        } else {
            std::fs::read_to_string(src)
                .map_err(|e| error::invalid(format!("cannot read batch file {src}: {e}")))?
        };
        let ops = dns::parse_batch(&text, &d.zone).map_err(|e| bad(format!("{src}: {e}")))?;
        return Ok((ops, None));
    }
    let name = m.get_one::<String>("name").ok_or_else(|| {
        error::usage("give NAME ADDR, --delete NAME [ADDR], --batch FILE or --rollback")
    })?;
    let fqdn = dns::host_fqdn(name, &d.zone).map_err(bad)?;
    let addr = match m.get_one::<String>("addr") {
        Some(a) => Some(dns::parse_addr(a).map_err(bad)?),
        None => None,
    };
    let delete =
        m.get_flag("delete") || m.get_one::<String>("action").map(String::as_str) == Some("delete");
    let op = if delete {
        Op::Delete {
            name: fqdn.clone(),
            addr,
        }
    } else {
        let addr =
            addr.ok_or_else(|| error::usage("ADDR is required to add a record (or use --delete)"))?;
        Op::Add {
            name: fqdn.clone(),
            addr,
            ttl: m.get_one::<String>("ttl").map(|_| ttl),
        }
    };
    let single = Single {
        hostname: fqdn.to_string(),
        ip_address: addr.map(|a| a.to_string()),
    };
    Ok((vec![op], Some(single)))
}

/// One set of changes for [`apply_and_verify`], and what to do when it fails.
struct Update<'a> {
    /// What was read before planning (the update server, the zones' signing keys).
    state: &'a State,
    changes: Vec<Change>,
    /// Where the changes go first: the primary the state was read from.
    server: &'a Server,
    propagation: Propagation,
    /// --rollback-on-failure: restore the old records when the update fails part-way or does
    /// not propagate.
    rollback_on_failure: bool,
    /// The journal these changes undo, when they are a rollback.
    rollback_of: Option<&'a str>,
}

/// Journal → send → audit → verify (→ roll back). Returns the exit code; hard failures where
/// nothing changed are errors with their own codes.
fn apply_and_verify(
    ctx: &Ctx,
    d: &Dns,
    report: &mut Report,
    update: Update,
) -> anyhow::Result<i32> {
    let Update {
        state,
        changes,
        server,
        propagation,
        rollback_on_failure,
        rollback_of,
    } = update;
    let exec = d.exec;
    let dir = journal_dir(ctx)?;
    let mut journal = Journal::new(&d.zone, server, rollback_of, changes.clone());
    // The old records are on disk before anything changes.
    save_journal(exec, &dir, &journal)?;
    report.journal = (!ctx.dry_run()).then(|| journal.id.clone());
    let applied = d.apply(&changes, state)?;
    if ctx.dry_run() {
        report.status = "dry_run";
        return Ok(code::OK);
    }
    let action = if rollback_of.is_some() {
        "dns-rollback"
    } else {
        "dns-update"
    };
    for c in &applied.applied {
        exec.audit_event(
            action,
            &format!(
                "{} {} [{}] -> [{}] at {}",
                c.name,
                c.rtype,
                c.old.join(" "),
                c.new.join(" "),
                applied.server
            ),
            &serde_json::json!({
                "zone": c.zone, "name": c.name, "type": c.rtype, "ttl": c.ttl,
                "old": c.old, "new": c.new, "server": applied.server.to_string(),
                "journal": journal.id, "rollback_of": rollback_of,
            }),
        )?;
    }
    report.changes = applied.applied.clone();
    report.not_applied = applied.not_applied.clone();
    if let Some(f) = &applied.failure {
        if applied.applied.is_empty() {
            journal.status = "failed".into();
            save_journal(exec, &dir, &journal)?;
            report.status = "failed";
            report.journal = None;
            // Nothing changed: the error carries its own exit code.
            return Err(failure_error(f, d.cfg.update_timeout));
        }
        journal.status = "partial".into();
        journal.changes = applied.applied.clone();
        save_journal(exec, &dir, &journal)?;
        report.status = "partial";
        report.error = Some(format!(
            "{f}; {} of {} RRset(s) applied",
            applied.applied.len(),
            changes.len()
        ));
        if rollback_on_failure {
            return rollback::undo(ctx, d, report, &mut journal, &dir, propagation.deadline);
        }
        return Ok(code::PARTIAL);
    }
    journal.status = "applied".into();
    save_journal(exec, &dir, &journal)?;
    if !propagation.verify {
        return Ok(code::OK);
    }
    let servers = d.verify(
        &applied.applied,
        &applied.server,
        state,
        propagation.deadline,
    )?;
    let all = servers.iter().all(|s| s.verified);
    let signed_zone = applied
        .applied
        .iter()
        .any(|c| state.signed.contains_key(&c.zone));
    report.propagation_verified = Some(all);
    report.dnssec_validated = signed_zone.then(|| servers.iter().all(|s| s.dnssec == "validated"));
    report.servers = servers;
    if all {
        return Ok(code::OK);
    }
    journal.status = "unverified".into();
    save_journal(exec, &dir, &journal)?;
    let bad: Vec<String> = report
        .servers
        .iter()
        .filter(|s| !s.verified)
        .map(|s| {
            format!(
                "{}: {}",
                s.server,
                s.error.as_deref().unwrap_or("not verified")
            )
        })
        .collect();
    report.status = "unverified";
    report.error = Some(format!(
        "applied at {} but not verified within {} s on {}",
        applied.server,
        propagation.deadline.as_secs(),
        bad.join("; ")
    ));
    if rollback_on_failure {
        return rollback::undo(ctx, d, report, &mut journal, &dir, propagation.deadline);
    }
    Ok(code::PARTIAL)
}
