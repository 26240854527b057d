//! tsig-rotate: replaces the TSIG update key with no window where updates fail.
//!
//! Rotation alternates between two key names, `NAME` and `NAME-alt` (both granted in the
//! zones' update-policy once, see `tsig-keygen`):
//!
//! 1. `include-both`  BIND include = {old, new}           (client: old; BIND loaded: old)
//! 2. `reload-both`   rndc reconfig                       (loaded: old + new)
//! 3. `client-new`    client key file = new               (loaded: old + new)
//! 4. `probed`        a signed UPDATE with the client key file succeeds
//! 5. `include-new`   BIND include = {new}                (loaded: old + new)
//! 6. `reload-new`    rndc reconfig                       (loaded: new); the old key is rejected
//!
//! Invariant: after every step the client's key is in the include AND loaded by BIND, so a
//! crash (kill -9) anywhere, even followed by a BIND restart, leaves a key that works; the next
//! run resumes. Any failure before the old key is retired rolls back (client old, include old,
//! reconfig). With an Ansible playbook and inventory configured, the rotation is delegated to
//! them (cluster-wide HA rotation) instead.

use std::path::Path;
use std::time::Duration;

use std::path::PathBuf;

use clap::{Arg, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::tsig_keygen;
use super::Applet;
use crate::config::sections::{DnsConfig, TsigConfig};
use crate::context::Ctx;
use crate::error::{self, Error};
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::dns;
use crate::model::tsig::{self, Key};
use crate::tools::{ansible_playbook, named_checkconf, nsupdate, rndc};

pub const APPLET: Applet = Applet {
    name: "tsig-rotate",
    bare_link: false,
    legacy: &["run-tsig-rotation"],
    section: 8,
    about: "Rotate the TSIG update key with zero downtime (rndc), or delegate to the HA Ansible playbook",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("tsig-rotate")
        .arg(
            Arg::new("phase")
                .long("phase")
                .value_name("PHASE")
                .value_parser(["generate", "add", "switch", "retire"])
                .requires("key")
                .help(
                    "One step of a cluster-wide rotation (the debvisor.node collection's \
                     rotate-tsig-ha.yml runs each on every DNS server before the next): generate \
                     the next key into --key; add it to this server's BIND include and reload; \
                     switch this node's client key to it (proven by a signed update); retire \
                     every other key from the include and reload",
                ),
        )
        .arg(
            Arg::new("key")
                .long("key")
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .requires("phase")
                .help("The staged next key for --phase (a key file, 0600; never its contents)"),
        )
        .after_help(
            "Examples:\n  debvisor tsig-rotate\n  debvisor tsig-rotate --dry-run\n  debvisor tsig-rotate --json\n  \
             debvisor tsig-rotate --phase add --key /var/lib/debvisor/tsig-next.key --json\n\n\
             Reads [tsig] (key_name, bind_include, client_key, rndc_server, rndc_key, ansible_*) and\n\
             [dns] (zone, primaries: the probe update). Run from tsig-rotate.timer.",
        )
}

/// Crash-recovery record (names only: secrets live in the key files).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Progress {
    old: String,
    new: String,
    step: String,
    time: String,
}

#[derive(Serialize)]
struct Report {
    /// The step of a cluster-wide rotation (--phase), else absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    phase: Option<String>,
    status: &'static str,
    /// Keys changed (under --dry-run: would change): a rotation always replaces the key.
    changed: bool,
    mode: &'static str,
    old_key: Option<String>,
    new_key: Option<String>,
    resumed: bool,
    dry_run: bool,
}

/// Test hook (feature `test-hooks`, test builds only): `DEBVISOR_TEST_KILL_AT=STEP` makes the
/// process SIGKILL itself right after STEP, which is how the crash-safety tests kill it "at each
/// step" deterministically. In a release binary this is a no-op.
fn checkpoint(step: &str) {
    #[cfg(feature = "test-hooks")]
    if std::env::var("DEBVISOR_TEST_KILL_AT").as_deref() == Ok(step) {
        let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL);
    }
    #[cfg(not(feature = "test-hooks"))]
    let _ = step;
}

fn read_keys(path: &Path, what: &str) -> anyhow::Result<Vec<Key>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        error::precondition(format!(
            "cannot read the {what} {}: {e} (create it with `debvisor tsig-keygen`)",
            path.display()
        ))
    })?;
    tsig::parse(&text).map_err(|e| error::config(format!("{what} {}: {e}", path.display())))
}

fn same(a: &Key, b: &Key) -> bool {
    a.name == b.name && a.algorithm == b.algorithm && a.secret.expose() == b.secret.expose()
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let cfg: TsigConfig = ctx.config()?.section("tsig")?;
    let exec = ctx.exec()?;
    let _lock = ctx.lock("tsig-rotate", Duration::ZERO)?;

    if let (Some(phase), Some(key)) = (m.get_one::<String>("phase"), m.get_one::<PathBuf>("key")) {
        return run_phase(ctx, exec, &cfg, phase, key);
    }

    if let (Some(playbook), Some(inventory)) = (&cfg.ansible_playbook, &cfg.ansible_inventory) {
        return delegate(ctx, exec, &cfg, playbook, inventory);
    }
    let dnscfg: DnsConfig = ctx.config()?.section("dns")?;
    let zone = dns::parse_zone(dnscfg.zone.as_deref().ok_or_else(|| {
        error::config("tsig-rotate proves the new key with an update: set [dns] zone")
    })?)
    .map_err(error::config)?;
    let primary = dns::parse_server(dnscfg.primaries.first().ok_or_else(|| {
        error::config("tsig-rotate proves the new key with an update: set [dns] primaries")
    })?)
    .map_err(error::config)?;
    let rndc_server = dns::parse_server(&cfg.rndc_server)
        .map_err(|e| error::config(format!("[tsig] rndc_server: {e}")))?;
    let client_path = cfg.client_key_path(ctx)?;
    let include_path = cfg.bind_include.clone();
    let state_dir = ctx.general()?.state_dir.join("tsig-rotate");
    let progress_path = state_dir.join("progress.json");

    let included = read_keys(&include_path, "BIND include")?;
    let client = read_keys(&client_path, "client key file")?;
    let [client] = client.as_slice() else {
        return Err(error::config(format!(
            "client key file {} must hold exactly one key",
            client_path.display()
        )));
    };
    for k in &included {
        if k.name != cfg.key_name && k.name != format!("{}-alt", cfg.key_name) {
            return Err(error::config(format!(
                "the BIND include {} holds key \"{}\", not {} or {}-alt ([tsig] key_name)",
                include_path.display(),
                k.name,
                cfg.key_name,
                cfg.key_name
            )));
        }
    }
    if !included.iter().any(|k| same(k, client)) {
        return Err(error::precondition(format!(
            "the client key \"{}\" in {} is not in the BIND include {}: refusing to rotate from an inconsistent state",
            client.name,
            client_path.display(),
            include_path.display()
        )));
    }
    let progress: Option<Progress> = std::fs::read_to_string(&progress_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());

    // Decide old/new: fresh rotation, or resume an interrupted one.
    let (old, new, resumed) = match included.as_slice() {
        [only] => {
            let new =
                tsig_keygen::generate(&tsig::alternate(&only.name, &cfg.key_name), &cfg.algorithm)?;
            (only.clone(), new, false)
        }
        [a, b] => {
            // The new key is the one the journal names, else the one clients do not use yet.
            let new_name = progress
                .as_ref()
                .map(|p| p.new.clone())
                .filter(|n| *n == a.name || *n == b.name)
                .unwrap_or_else(|| {
                    if same(a, client) {
                        b.name.clone()
                    } else {
                        a.name.clone()
                    }
                });
            let (new, old) = if a.name == new_name { (a, b) } else { (b, a) };
            tracing::warn!(
                "resuming an interrupted rotation {} -> {}",
                old.name,
                new.name
            );
            (old.clone(), new.clone(), true)
        }
        _ => {
            return Err(error::config(format!(
                "the BIND include {} must hold one or two keys, not {}",
                include_path.display(),
                included.len()
            )))
        }
    };
    let save = |step: &str| -> anyhow::Result<()> {
        exec.create_dir_all(&state_dir, 0o750)?;
        let p = Progress {
            old: old.name.clone(),
            new: new.name.clone(),
            step: step.into(),
            time: crate::clock::now_rfc3339(),
        };
        exec.write_file(
            &progress_path,
            &serde_json::to_vec(&p)?,
            FileSpec::mode(0o640),
        )?;
        Ok(())
    };
    let reconfig = || -> anyhow::Result<()> {
        if let Some(conf) = &cfg.named_conf {
            exec.run(&named_checkconf::check(conf))?;
        }
        exec.run(&rndc::reconfig(&cfg.rndc_key, &rndc_server))?;
        Ok(())
    };

    save("started")?;
    // 1-2: both keys on the server.
    tsig_keygen::write_bind_include(exec, &include_path, &[&old, &new], &cfg.group)?;
    checkpoint("include-both");
    if let Err(e) = reconfig() {
        return rollback(
            exec,
            &cfg,
            &include_path,
            &client_path,
            &old,
            &progress_path,
            &reconfig,
            e,
        );
    }
    checkpoint("reload-both");
    // 3: clients switch.
    save("client-new")?;
    tsig_keygen::write_client_key(exec, &client_path, &new)?;
    checkpoint("client-new");
    // 4: prove the new key works.
    let probe = nsupdate::update(
        &client_path,
        tsig::probe_script(&primary, &zone),
        nsupdate::Timeouts {
            total: dnscfg.update_timeout.max(1),
            udp: 2,
            retries: 1,
        },
        format!("a signed probe update with key {} at {primary}", new.name),
    );
    let out = exec.run(&probe)?;
    if out.ran {
        if let Some(d) = nsupdate::outcome(&out, 1, &primary.to_string(), &client_path).failure {
            let e = anyhow::anyhow!("the new key {} does not work: {d}", new.name);
            return rollback(
                exec,
                &cfg,
                &include_path,
                &client_path,
                &old,
                &progress_path,
                &reconfig,
                e,
            );
        }
    }
    checkpoint("probed");
    // 5-6: retire the old key.
    save("retire-old")?;
    tsig_keygen::write_bind_include(exec, &include_path, &[&new], &cfg.group)?;
    checkpoint("include-new");
    reconfig().map_err(|e| e.context(format!(
        "the new key {} is in use, but BIND did not reload to retire {} (it stays accepted until the next reload)",
        new.name, old.name
    )))?;
    checkpoint("reload-new");
    if progress_path.exists() || ctx.dry_run() {
        exec.remove_file(&progress_path)?;
    }
    exec.audit_event(
        "tsig-rotate",
        &format!("TSIG key rotated {} -> {}", old.name, new.name),
        &serde_json::json!({"old_key": old.name, "new_key": new.name, "resumed": resumed,
            "bind_include": include_path, "client_key": client_path}),
    )?;
    let report = Report {
        phase: None,
        status: if ctx.dry_run() { "dry_run" } else { "rotated" },
        changed: true,
        mode: "local",
        old_key: Some(old.name.clone()),
        new_key: Some(new.name.clone()),
        resumed,
        dry_run: ctx.dry_run(),
    };
    if ctx.json() {
        crate::output::print_json(&report)?;
    } else if !ctx.dry_run() {
        println!(
            "rotated TSIG key {} -> {}{} (probe update at {primary} succeeded; old key retired)",
            old.name,
            new.name,
            if resumed {
                " (resumed an interrupted rotation)"
            } else {
                ""
            }
        );
    }
    Ok(0)
}

/// `rndc reconfig` of the local server (named-checkconf first when [tsig] named_conf is set).
fn reload(exec: &Exec, cfg: &TsigConfig) -> anyhow::Result<()> {
    let rndc_server = dns::parse_server(&cfg.rndc_server)
        .map_err(|e| error::config(format!("[tsig] rndc_server: {e}")))?;
    if let Some(conf) = &cfg.named_conf {
        exec.run(&named_checkconf::check(conf))?;
    }
    exec.run(&rndc::reconfig(&cfg.rndc_key, &rndc_server))?;
    Ok(())
}

/// A signed probe update at the first [dns] primary with the key in `client_path`.
fn probe_update(ctx: &Ctx, exec: &Exec, client_path: &Path, key: &str) -> anyhow::Result<()> {
    let dnscfg: DnsConfig = ctx.config()?.section("dns")?;
    let zone = dns::parse_zone(dnscfg.zone.as_deref().ok_or_else(|| {
        error::config("tsig-rotate proves the new key with an update: set [dns] zone")
    })?)
    .map_err(error::config)?;
    let primary = dns::parse_server(dnscfg.primaries.first().ok_or_else(|| {
        error::config("tsig-rotate proves the new key with an update: set [dns] primaries")
    })?)
    .map_err(error::config)?;
    let probe = nsupdate::update(
        client_path,
        tsig::probe_script(&primary, &zone),
        nsupdate::Timeouts {
            total: dnscfg.update_timeout.max(1),
            udp: 2,
            retries: 1,
        },
        format!("a signed probe update with key {key} at {primary}"),
    );
    let out = exec.run(&probe)?;
    if out.ran {
        if let Some(d) = nsupdate::outcome(&out, 1, &primary.to_string(), client_path).failure {
            anyhow::bail!("the key {key} does not work: {d}");
        }
    }
    Ok(())
}

fn one_key(path: &Path, what: &str) -> anyhow::Result<Key> {
    let keys = read_keys(path, what)?;
    match <[Key; 1]>::try_from(keys) {
        Ok([k]) => Ok(k),
        Err(v) => Err(error::config(format!(
            "the {what} {} must hold exactly one key, not {}",
            path.display(),
            v.len()
        ))),
    }
}

/// One step of a cluster-wide rotation. Each is idempotent (an unchanged re-run reports
/// `changed: false`) and refuses to run out of order, so a play that stops half-way resumes.
fn run_phase(
    ctx: &Ctx,
    exec: &Exec,
    cfg: &TsigConfig,
    phase: &str,
    key_path: &Path,
) -> anyhow::Result<i32> {
    let include_path = cfg.bind_include.clone();
    let client_path = cfg.client_key_path(ctx)?;
    let (changed, old_key, new_key) = match phase {
        "generate" => {
            let client = one_key(&client_path, "client key file")?;
            let next = tsig::alternate(&client.name, &cfg.key_name);
            let staged = one_key(key_path, "staged key").ok();
            // Kept: the next key not yet in use here, or the one this client already switched
            // to (a run that stopped after `switch` resumes with the same key everywhere).
            match staged {
                Some(k) if k.name == next || same(&k, &client) => {
                    (false, Some(client.name), k.name)
                }
                _ => {
                    let key = tsig_keygen::generate(&next, &cfg.algorithm)?;
                    tsig_keygen::write_client_key(exec, key_path, &key)?;
                    (true, Some(client.name), key.name)
                }
            }
        }
        "add" => {
            let new = one_key(key_path, "staged key")?;
            let included = read_keys(&include_path, "BIND include")?;
            if included.iter().any(|k| same(k, &new)) {
                (false, other_name(&included, &new.name), new.name)
            } else {
                let keep: Vec<&Key> = included.iter().filter(|k| k.name != new.name).collect();
                let [old] = keep.as_slice() else {
                    return Err(error::precondition(format!(
                        "the BIND include {} holds {} other key(s): a rotation adds the next key to exactly one",
                        include_path.display(),
                        keep.len()
                    )));
                };
                let old_name = old.name.clone();
                tsig_keygen::write_bind_include(exec, &include_path, &[old, &new], &cfg.group)?;
                reload(exec, cfg)?;
                (true, Some(old_name), new.name)
            }
        }
        "switch" => {
            let new = one_key(key_path, "staged key")?;
            let included = read_keys(&include_path, "BIND include")?;
            if !included.iter().any(|k| same(k, &new)) {
                return Err(error::precondition(format!(
                    "the staged key {} is not in the BIND include {}: run --phase add first",
                    new.name,
                    include_path.display()
                )));
            }
            let client = one_key(&client_path, "client key file")?;
            if same(&client, &new) {
                (false, None, new.name)
            } else {
                tsig_keygen::write_client_key(exec, &client_path, &new)?;
                if let Err(e) = probe_update(ctx, exec, &client_path, &new.name) {
                    tsig_keygen::write_client_key(exec, &client_path, &client)?;
                    return Err(Error::Partial(format!(
                        "{e:#}; the client key file {} is back to {}",
                        client_path.display(),
                        client.name
                    ))
                    .into());
                }
                (true, Some(client.name), new.name)
            }
        }
        _ => {
            // retire
            let new = one_key(key_path, "staged key")?;
            let client = one_key(&client_path, "client key file")?;
            if !same(&client, &new) {
                return Err(error::precondition(format!(
                    "this node's client key file {} does not hold the staged key {}: run --phase switch first",
                    client_path.display(),
                    new.name
                )));
            }
            let included = read_keys(&include_path, "BIND include")?;
            if let [only] = included.as_slice() {
                if same(only, &new) {
                    return phase_report(ctx, exec, phase, false, None, new.name);
                }
            }
            let old = other_name(&included, &new.name);
            tsig_keygen::write_bind_include(exec, &include_path, &[&new], &cfg.group)?;
            reload(exec, cfg)?;
            (true, old, new.name)
        }
    };
    phase_report(ctx, exec, phase, changed, old_key, new_key)
}

fn other_name(keys: &[Key], new: &str) -> Option<String> {
    keys.iter().find(|k| k.name != new).map(|k| k.name.clone())
}

fn phase_report(
    ctx: &Ctx,
    exec: &Exec,
    phase: &str,
    changed: bool,
    old_key: Option<String>,
    new_key: String,
) -> anyhow::Result<i32> {
    if changed {
        exec.audit_event(
            "tsig-rotate",
            &format!("TSIG rotation phase {phase}: key {new_key}"),
            &serde_json::json!({"phase": phase, "old_key": old_key, "new_key": new_key}),
        )?;
    }
    let report = Report {
        phase: Some(phase.to_string()),
        status: if !changed {
            "unchanged"
        } else if ctx.dry_run() {
            "dry_run"
        } else {
            "done"
        },
        changed,
        mode: "phase",
        old_key,
        new_key: Some(new_key),
        resumed: false,
        dry_run: ctx.dry_run(),
    };
    if ctx.json() {
        crate::output::print_json(&report)?;
    } else if !ctx.flags.quiet {
        println!(
            "tsig-rotate phase {phase}: {} (key {})",
            if changed { "done" } else { "nothing to do" },
            report.new_key.as_deref().unwrap_or("-")
        );
    }
    Ok(0)
}

#[allow(clippy::too_many_arguments)]
fn rollback(
    exec: &Exec,
    cfg: &TsigConfig,
    include: &Path,
    client: &Path,
    old: &Key,
    progress: &Path,
    reconfig: &dyn Fn() -> anyhow::Result<()>,
    cause: anyhow::Error,
) -> anyhow::Result<i32> {
    // Order keeps the invariant: client back first (BIND still has old), then the include.
    tsig_keygen::write_client_key(exec, client, old)?;
    tsig_keygen::write_bind_include(exec, include, &[old], &cfg.group)?;
    let reloaded = reconfig();
    if progress.exists() {
        exec.remove_file(progress)?;
    }
    let note = match reloaded {
        Ok(()) => String::new(),
        Err(e) => format!(" (BIND reload after the rollback also failed: {e:#})"),
    };
    Err(Error::Partial(format!("{cause:#}; rolled back to key {}{note}", old.name)).into())
}

fn delegate(
    ctx: &Ctx,
    exec: &Exec,
    cfg: &TsigConfig,
    playbook: &Path,
    inventory: &Path,
) -> anyhow::Result<i32> {
    for (p, what) in [
        (playbook, "ansible_playbook"),
        (inventory, "ansible_inventory"),
    ] {
        if !p.exists() {
            return Err(error::config(format!(
                "[tsig] {what} {} does not exist",
                p.display()
            )));
        }
    }
    eprintln!(
        "tsig-rotate: delegating the rotation to Ansible ({} on {}, limit {})",
        playbook.display(),
        inventory.display(),
        cfg.ansible_limit
    );
    exec.run_streaming(
        &ansible_playbook::tsig_rotation(inventory, playbook, &cfg.ansible_limit),
        &mut |_, line| eprintln!("  {line}"),
    )?;
    if ctx.json() {
        crate::output::print_json(&Report {
            phase: None,
            status: if ctx.dry_run() {
                "dry_run"
            } else {
                "delegated"
            },
            changed: true,
            mode: "ansible",
            old_key: None,
            new_key: None,
            resumed: false,
            dry_run: ctx.dry_run(),
        })?;
    }
    Ok(0)
}
