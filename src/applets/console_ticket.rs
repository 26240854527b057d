//! console-ticket: issues and verifies console tickets — HMAC-SHA256 signed, single-use,
//! TTL-bound, bound to one VM (format in `model::ticket`).
//!
//! - The secret (`[console] secret_file`, 0600, owned by us) is created atomically on the first
//!   issue, never by verify, and never printed or logged. An existing secret that others can
//!   read, or that another user owns, is refused.
//! - Single use: verify records the ticket's nonce in `STATE_DIR/console-tickets/used.json`
//!   (0600 in a 0700 directory, atomic rewrite under the `console-ticket` lock), pruned of
//!   expired entries on every write. A ticket that fails its signature never touches the store.
//! - Every issue, use and rejection is an audit line (`console-ticket-issue`, `-use`,
//!   `-rejected`) with a short ticket id, never the ticket itself.
//!
//! Exit codes: issue 0; verify 0 valid (and now used), 1 rejected (reason printed).

use std::io::Read as _;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Serialize;

use super::Applet;
use crate::config::sections::ConsoleConfig;
use crate::context::Ctx;
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::ticket::{self, b64url_encode, Claims, Reject, UsedStore};
use crate::output;

pub const APPLET: Applet = Applet {
    name: "console-ticket",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Issue and verify signed, single-use, time-limited console tickets for one VM",
    command: cli,
    run,
};

fn issue_args(cmd: Command, vm_required: bool) -> Command {
    cmd.arg(
        Arg::new("vm")
            .value_name("VM")
            .required(vm_required)
            .help("Domain the ticket is for (letters, digits, '.', '_', '-')"),
    )
    .arg(
        Arg::new("user")
            .long("user")
            .short('u')
            .value_name("USER")
            .help("Who the ticket is for [default: $SUDO_USER, else $USER]"),
    )
    .arg(
        Arg::new("ttl")
            .long("ttl")
            .value_name("DURATION")
            .help("Lifetime: 60s, 5m, 1h (a bare number means minutes, as before) [config: console.default_ttl, max console.max_ttl]"),
    )
    .arg(
        Arg::new("read-only")
            .long("read-only")
            .action(ArgAction::SetTrue)
            .help("View-only console"),
    )
}

fn cli() -> Command {
    let top = clap::Command::new("console-ticket")
        .args_conflicts_with_subcommands(true)
        .subcommand_negates_reqs(true);
    issue_args(top, true)
        .arg(
            Arg::new("verify-legacy")
                .long("verify")
                .value_name("TICKET")
                .hide(true)
                .help("Legacy form of `console-ticket verify TICKET --vm VM`"),
        )
        .subcommand(issue_args(
            clap::Command::new("issue").about("Issue a ticket (same as without a subcommand)"),
            true,
        ))
        .subcommand(
            clap::Command::new("verify")
                .about("Check a ticket (signature, expiry, VM, single use) and consume it")
                .arg(
                    Arg::new("ticket")
                        .value_name("TICKET")
                        .required(true)
                        .help("The ticket, or - to read it from stdin (keeps it out of `ps`)"),
                )
                .arg(
                    Arg::new("vm")
                        .long("vm")
                        .value_name("VM")
                        .help("Require the ticket to be for this VM"),
                ),
        )
        .after_help(
            "Examples:\n  debvisor-console-ticket web1 --user alice --ttl 60s\n  \
             debvisor-console-ticket web1 --user bob --ttl 5m --read-only --json\n  \
             debvisor-console-ticket verify dvt1.eyJ2Ijo….Qk9C… --vm web1\n  \
             echo \"$TICKET\" | debvisor-console-ticket verify - --vm web1\n  \
             debvisor-console-ticket issue verify --user alice   # a VM named \"verify\"",
        )
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    // A ticket is a bearer credential: keep it out of the audit log's argv (the execution layer
    // is created lazily, after this). Prefer `verify -` (stdin) to keep it out of `ps` too.
    for a in ctx.argv.iter_mut() {
        if let Some(i) = a.find(ticket::PREFIX).filter(|_| a.contains('.')) {
            *a = format!("{}{}.<redacted>", &a[..i], ticket::PREFIX);
        }
    }
    let cfg: ConsoleConfig = ctx.config()?.section("console")?;
    match m.subcommand() {
        Some(("verify", sm)) => {
            let t = ticket_arg(sm.get_one::<String>("ticket").expect("required"))?;
            verify(
                ctx,
                &cfg,
                &t,
                sm.get_one::<String>("vm").map(String::as_str),
            )
        }
        Some(("issue", sm)) => issue(ctx, &cfg, sm),
        _ => match m.get_one::<String>("verify-legacy") {
            Some(t) => {
                let t = ticket_arg(t)?;
                verify(ctx, &cfg, &t, m.get_one::<String>("vm").map(String::as_str))
            }
            None => issue(ctx, &cfg, m),
        },
    }
}

/// The ticket argument; `-` reads it from stdin (first line).
fn ticket_arg(a: &str) -> anyhow::Result<String> {
    if a != "-" {
        return Ok(a.to_string());
    }
    let mut line = String::new();
    std::io::Read::take(std::io::stdin(), ticket::MAX_TICKET_LEN as u64 + 2)
        .read_to_string(&mut line)?;
    Ok(line.lines().next().unwrap_or("").trim().to_string())
}

fn ttl_cfg(s: &str, key: &str) -> anyhow::Result<u64> {
    ticket::parse_ttl(s).map_err(|e| crate::error::config(format!("[console] {key}: {e}")))
}

/// Reads the key; refuses a secret file others can read or another user owns.
fn read_key(path: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    let md = match std::fs::metadata(path) {
        Ok(md) => md,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(crate::error::precondition(format!(
                "{}: {e}",
                path.display()
            )))
        }
    };
    if md.mode() & 0o077 != 0 {
        return Err(crate::error::precondition(format!(
            "{}: secret file is accessible by group or others (mode {:04o}); chmod 600 it",
            path.display(),
            md.mode() & 0o7777
        )));
    }
    if md.uid() != nix::unistd::geteuid().as_raw() {
        return Err(crate::error::precondition(format!(
            "{}: secret file is owned by uid {}, not by us",
            path.display(),
            md.uid()
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| crate::error::precondition(format!("{}: {e}", path.display())))?;
    ticket::key_from_secret_file(&bytes)
        .map(Some)
        .map_err(|e| crate::error::precondition(format!("{}: {e}", path.display())))
}

fn random<const N: usize>() -> anyhow::Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("the system random source failed: {e}"))?;
    Ok(b)
}

#[derive(Serialize)]
struct Issued<'a> {
    ticket: &'a str,
    vm: &'a str,
    user: &'a str,
    expiry: u64,
    expires_at: String,
    read_only: bool,
    id: String,
}

fn issue(ctx: &Ctx, cfg: &ConsoleConfig, m: &ArgMatches) -> anyhow::Result<i32> {
    let vm = m.get_one::<String>("vm").expect("required");
    ticket::validate_vm_name(vm).map_err(crate::error::invalid)?;
    let user = match m.get_one::<String>("user") {
        Some(u) => u.clone(),
        None => ["SUDO_USER", "USER"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .ok_or_else(|| crate::error::usage("--user is required (no $SUDO_USER or $USER)"))?,
    };
    ticket::validate_user(&user).map_err(crate::error::invalid)?;
    let max = ttl_cfg(&cfg.max_ttl, "max_ttl")?;
    let ttl = match m.get_one::<String>("ttl") {
        Some(t) => ticket::parse_ttl(t).map_err(crate::error::invalid)?,
        None => ttl_cfg(&cfg.default_ttl, "default_ttl")?,
    };
    if ttl == 0 || ttl > max {
        return Err(crate::error::invalid(format!(
            "TTL {ttl} s is out of range (1 s .. {max} s, [console] max_ttl)"
        )));
    }
    let read_only = m.get_flag("read-only");
    let exec = ctx.exec()?;

    let key = match read_key(&cfg.secret_file)? {
        Some(k) => k,
        None => {
            // First use: create the secret, atomically and 0600 from the start, under the lock
            // (a concurrent first use must not replace a secret that already signed tickets).
            let _lock = ctx.lock("console-ticket", Duration::from_secs(10))?;
            match read_key(&cfg.secret_file)? {
                Some(k) => k,
                None => {
                    let text = ticket::new_secret_file(&random::<32>()?);
                    if let Some(dir) = cfg.secret_file.parent() {
                        exec.create_dir_all(dir, 0o755)?;
                    }
                    exec.write_file(&cfg.secret_file, &text, FileSpec::PRIVATE)?;
                    exec.audit_event(
                        "console-secret-created",
                        &format!(
                            "console ticket secret created at {}",
                            cfg.secret_file.display()
                        ),
                        &serde_json::json!({"path": cfg.secret_file}),
                    )?;
                    ticket::key_from_secret_file(&text).map_err(anyhow::Error::msg)?
                }
            }
        }
    };
    let desc = format!(
        "issue a console ticket for {vm} (user {user}, {ttl} s{})",
        if read_only { ", read-only" } else { "" }
    );
    if exec.is_dry_run() {
        // No unaudited credential: a dry run prints the plan and issues nothing.
        exec.change("issue-ticket", &desc, || Ok(()))?;
        return Ok(0);
    }
    let now = crate::clock::unix_now();
    let claims = Claims {
        v: 1,
        vm: vm.clone(),
        user: user.clone(),
        iat: now,
        exp: now + ttl,
        ro: read_only,
        nonce: b64url_encode(&random::<16>()?),
    };
    let t = ticket::sign(&key, &claims);
    let out = Issued {
        ticket: &t,
        vm,
        user: &user,
        expiry: claims.exp,
        expires_at: crate::clock::rfc3339(std::time::UNIX_EPOCH + Duration::from_secs(claims.exp)),
        read_only,
        id: claims.id(),
    };
    // Audit first: a ticket that could not be audited is never handed out.
    exec.audit_event(
        "console-ticket-issue",
        &desc,
        &serde_json::json!({"vm": vm, "user": user, "id": out.id, "expiry": out.expiry,
                            "read_only": read_only}),
    )?;
    if ctx.json() {
        output::print_json(&out)?;
    } else {
        println!("{t}");
    }
    Ok(0)
}

#[derive(Serialize)]
struct Verdict {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<Reject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vm: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    read_only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiry: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    dry_run: bool,
}

fn verify(ctx: &Ctx, cfg: &ConsoleConfig, t: &str, want_vm: Option<&str>) -> anyhow::Result<i32> {
    if let Some(vm) = want_vm {
        ticket::validate_vm_name(vm).map_err(crate::error::invalid)?;
    }
    let exec = ctx.exec()?;
    let key = read_key(&cfg.secret_file)?.ok_or_else(|| {
        crate::error::precondition(format!(
            "{}: no secret (no ticket was ever issued on this host); verify never creates one",
            cfg.secret_file.display()
        ))
    })?;
    let now = crate::clock::unix_now();
    let claims = match ticket::verify(&key, t, now, want_vm) {
        Ok(c) => c,
        Err((reason, claims)) => return reject(ctx, exec, reason, claims.as_ref(), want_vm),
    };
    let _lock = ctx.lock("console-ticket", Duration::from_secs(10))?;
    let dir = ctx.general()?.state_dir.join("console-tickets");
    let store_path = dir.join("used.json");
    let mut store = match std::fs::read_to_string(&store_path) {
        Ok(text) => UsedStore::parse(&text).map_err(|e| {
            crate::error::invalid(format!("{}: {e}; fix or remove it", store_path.display()))
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => UsedStore::default(),
        Err(e) => return Err(anyhow::anyhow!("reading {}: {e}", store_path.display())),
    };
    if store.is_used(&claims.nonce) {
        return reject(ctx, exec, Reject::AlreadyUsed, Some(&claims), want_vm);
    }
    store.mark(&claims.nonce, claims.exp);
    store.prune(now);
    exec.create_dir_all(&dir, 0o700)?;
    exec.write_file(&store_path, store.render().as_bytes(), FileSpec::PRIVATE)?;
    exec.audit_event(
        "console-ticket-use",
        &format!(
            "console ticket {} for {} used by {}",
            claims.id(),
            claims.vm,
            claims.user
        ),
        &serde_json::json!({"vm": claims.vm, "user": claims.user, "id": claims.id(),
                            "read_only": claims.ro, "expiry": claims.exp}),
    )?;
    let v = Verdict {
        valid: true,
        reason: None,
        vm: Some(claims.vm.clone()),
        user: Some(claims.user.clone()),
        read_only: Some(claims.ro),
        expiry: Some(claims.exp),
        id: Some(claims.id()),
        dry_run: exec.is_dry_run(),
    };
    if ctx.json() {
        output::print_json(&v)?;
    } else if !ctx.flags.quiet {
        println!(
            "valid: {} for {}{}, expires in {} s{}",
            claims.vm,
            claims.user,
            if claims.ro { " (read-only)" } else { "" },
            claims.exp.saturating_sub(now),
            if exec.is_dry_run() {
                " (dry run: not consumed)"
            } else {
                ""
            }
        );
    }
    Ok(0)
}

fn reject(
    ctx: &Ctx,
    exec: &Exec,
    reason: Reject,
    claims: Option<&Claims>,
    want_vm: Option<&str>,
) -> anyhow::Result<i32> {
    exec.audit_event(
        "console-ticket-rejected",
        &format!("console ticket rejected: {}", reason.as_str()),
        &serde_json::json!({"reason": reason, "vm": claims.map(|c| &c.vm),
                            "user": claims.map(|c| &c.user), "id": claims.map(Claims::id),
                            "wanted_vm": want_vm}),
    )?;
    if ctx.json() {
        output::print_json(&Verdict {
            valid: false,
            reason: Some(reason),
            vm: claims.map(|c| c.vm.clone()),
            user: claims.map(|c| c.user.clone()),
            read_only: claims.map(|c| c.ro),
            expiry: claims.map(|c| c.exp),
            id: claims.map(Claims::id),
            dry_run: exec.is_dry_run(),
        })?;
    } else {
        eprintln!(
            "console-ticket: ticket rejected: {}",
            reason.as_str().replace('_', " ")
        );
    }
    Ok(1)
}
