//! tsig-keygen: a new TSIG key from the OS CSPRNG, written atomically as BIND's include
//! (0640 root:bind) and as the client key file for `nsupdate -k` (0600). Refuses to overwrite
//! without `--force`; prints the update-policy to put in the zones. Never prints the secret.
//!
//! Installed as `debvisor-tsig-keygen` only: the bare name belongs to BIND's own tool.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Serialize;

use super::Applet;
use crate::context::Ctx;
use crate::error;
use crate::exec::files::FileSpec;
use crate::exec::{Exec, Secret};
use crate::model::tsig::{self, Key};

pub const APPLET: Applet = Applet {
    name: "tsig-keygen",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Generate a TSIG key: BIND include + nsupdate key file, atomically, with safe modes",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("tsig-keygen")
        .arg(Arg::new("name").value_name("NAME").help("Key name [config: tsig.key_name] [default: debvisor-update]"))
        .arg(
            Arg::new("algorithm")
                .long("algorithm")
                .short('a')
                .value_name("ALG")
                .value_parser(tsig::ALGORITHMS.iter().map(|(a, _)| *a).collect::<Vec<_>>())
                .help("HMAC algorithm [config: tsig.algorithm] [default: hmac-sha256]"),
        )
        .arg(Arg::new("bind-include").long("bind-include").value_name("FILE").value_parser(clap::value_parser!(PathBuf))
            .help("BIND include to write (0640 root:GROUP) [config: tsig.bind_include] [default: /etc/bind/debvisor-tsig.key]"))
        .arg(Arg::new("client-key").long("client-key").value_name("FILE").value_parser(clap::value_parser!(PathBuf))
            .help("Client key file for nsupdate -k (0600) [config: tsig.client_key, else dns.key_file]"))
        .arg(Arg::new("group").long("group").value_name("GROUP")
            .help("Group that may read the BIND include [config: tsig.group] [default: bind]"))
        .arg(Arg::new("force").long("force").short('f').action(ArgAction::SetTrue)
            .help("Overwrite existing key files"))
        .arg(Arg::new("keep").long("keep").action(ArgAction::SetTrue).conflicts_with("force")
            .help("Keep existing key files when they already hold a working key of NAME (or its tsig-rotate slot NAME-alt): nothing is written, and --json says \"changed\": false"))
        .after_help(
            "Examples:\n  debvisor tsig-keygen\n  debvisor tsig-keygen debvisor-vm -a hmac-sha512\n  \
             debvisor tsig-keygen ddns-key --bind-include /etc/bind/ddns.key --client-key /etc/debvisor/dns-update.key --force",
        )
}

pub use crate::config::sections::TsigConfig;

impl TsigConfig {
    pub fn client_key_path(&self, ctx: &Ctx) -> anyhow::Result<PathBuf> {
        if let Some(p) = &self.client_key {
            return Ok(p.clone());
        }
        let dns: crate::config::sections::DnsConfig = ctx.config()?.section("dns")?;
        Ok(dns.key_file)
    }
}

/// A new key of `algorithm` from the OS CSPRNG (/dev/urandom, never blocks after boot).
pub fn generate(name: &str, algorithm: &str) -> anyhow::Result<Key> {
    tsig::check_key_name(name).map_err(error::invalid)?;
    let n = tsig::key_bytes(algorithm)
        .ok_or_else(|| error::invalid(format!("unsupported TSIG algorithm `{algorithm}`")))?;
    let mut buf = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| error::precondition(format!("cannot read the OS random generator: {e}")))?;
    let secret = Secret::new(tsig::base64_encode(&buf).into_bytes());
    buf.iter_mut().for_each(|b| *b = 0);
    Ok(Key {
        name: name.to_string(),
        algorithm: algorithm.to_string(),
        secret,
    })
}

/// Writes the BIND include (0640, group-readable by `group` when it exists) atomically.
pub fn write_bind_include(
    exec: &Exec,
    path: &Path,
    keys: &[&Key],
    group: &str,
) -> anyhow::Result<()> {
    ensure_parent(exec, path)?;
    exec.write_file(
        path,
        &tsig::render(keys),
        FileSpec {
            mode: 0o640,
            secret: true,
        },
    )?;
    match nix::unistd::Group::from_name(group) {
        Ok(Some(g)) => exec.chown(path, Some(0), Some(g.gid.as_raw()))?,
        _ => tracing::warn!(
            "group `{group}` does not exist; {} stays root-only",
            path.display()
        ),
    }
    Ok(())
}

/// Writes the client key file (0600) atomically.
pub fn write_client_key(exec: &Exec, path: &Path, key: &Key) -> anyhow::Result<()> {
    ensure_parent(exec, path)?;
    exec.write_file(path, &tsig::render(&[key]), FileSpec::PRIVATE)
}

fn ensure_parent(exec: &Exec, path: &Path) -> anyhow::Result<()> {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() && !d.is_dir() => exec.create_dir_all(d, 0o750),
        _ => Ok(()),
    }
}

/// `--keep`: the name of the key already in place (NAME or NAME-alt), when the client key file
/// holds exactly one such key and the BIND include holds the same key; None when a key must be
/// written. Unreadable or malformed files are errors naming the file.
fn existing_key(include: &Path, client: &Path, name: &str) -> anyhow::Result<Option<String>> {
    let read = |p: &Path, what: &str| -> anyhow::Result<Vec<Key>> {
        let text = std::fs::read_to_string(p).map_err(|e| {
            error::precondition(format!("cannot read the {what} {}: {e}", p.display()))
        })?;
        tsig::parse(&text).map_err(|e| error::config(format!("{what} {}: {e}", p.display())))
    };
    let included = read(include, "BIND include")?;
    let client_keys = read(client, "client key file")?;
    let [c] = client_keys.as_slice() else {
        return Ok(None);
    };
    let slot = c.name == name || c.name == format!("{name}-alt");
    let served = included.iter().any(|k| {
        k.name == c.name && k.algorithm == c.algorithm && k.secret.expose() == c.secret.expose()
    });
    Ok((slot && served).then(|| c.name.clone()))
}

#[derive(Serialize)]
struct Report<'a> {
    name: &'a str,
    algorithm: &'a str,
    bind_include: String,
    client_key: String,
    update_policy: String,
    /// A key was written (under --dry-run: would be); false when --keep found one in place.
    changed: bool,
    dry_run: bool,
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let cfg: TsigConfig = ctx.config()?.section("tsig")?;
    let name = m
        .get_one::<String>("name")
        .cloned()
        .unwrap_or_else(|| cfg.key_name.clone());
    let algorithm = m
        .get_one::<String>("algorithm")
        .cloned()
        .unwrap_or_else(|| cfg.algorithm.clone());
    let include = m
        .get_one::<PathBuf>("bind-include")
        .cloned()
        .unwrap_or_else(|| cfg.bind_include.clone());
    let client = match m.get_one::<PathBuf>("client-key") {
        Some(p) => p.clone(),
        None => cfg.client_key_path(ctx)?,
    };
    let group = m
        .get_one::<String>("group")
        .cloned()
        .unwrap_or_else(|| cfg.group.clone());
    if include == client {
        return Err(error::invalid(
            "the BIND include and the client key file must be different files",
        ));
    }
    if m.get_flag("keep") && include.exists() && client.exists() {
        if let Some(kept) = existing_key(&include, &client, &name)? {
            if ctx.json() {
                crate::output::print_json(&Report {
                    name: &kept,
                    algorithm: &algorithm,
                    bind_include: include.display().to_string(),
                    client_key: client.display().to_string(),
                    update_policy: tsig::policy_snippet(&name),
                    changed: false,
                    dry_run: ctx.dry_run(),
                })?;
            } else if !ctx.flags.quiet {
                println!(
                    "TSIG key \"{kept}\" already in place ({} and {}); nothing to do",
                    include.display(),
                    client.display()
                );
            }
            return Ok(0);
        }
    }
    // Check everything before writing anything: never a half-written pair.
    if !m.get_flag("force") {
        let existing: Vec<String> = [&include, &client]
            .iter()
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(error::Error::Refused(format!(
                "{} already exist(s); pass --force to replace the key (clients using it will fail until updated; \
                 `debvisor tsig-rotate` replaces keys without downtime)",
                existing.join(", ")
            ))
            .into());
        }
    }
    let key = generate(&name, &algorithm)?;
    let exec = ctx.exec()?;
    let _lock = ctx.lock("tsig", std::time::Duration::from_secs(30))?;
    write_bind_include(exec, &include, &[&key], &group)?;
    write_client_key(exec, &client, &key)?;
    exec.audit_event(
        "tsig-keygen",
        &format!("new TSIG key {name} ({algorithm})"),
        &serde_json::json!({"name": name, "algorithm": algorithm, "bind_include": include, "client_key": client}),
    )?;
    let policy = tsig::policy_snippet(&name);
    if ctx.json() {
        crate::output::print_json(&Report {
            name: &name,
            algorithm: &algorithm,
            bind_include: include.display().to_string(),
            client_key: client.display().to_string(),
            update_policy: policy,
            changed: true,
            dry_run: ctx.dry_run(),
        })?;
    } else {
        println!(
            "{} TSIG key \"{name}\" ({algorithm}):\n  BIND include: {} (0640 root:{group})\n  client key:   {} (0600)\n\n\
             In named.conf:\n  include \"{}\";\nIn every zone DebVisor updates (forward and reverse):\n{}",
            if ctx.dry_run() { "would write" } else { "wrote" },
            include.display(),
            client.display(),
            include.display(),
            policy.lines().map(|l| format!("  {l}\n")).collect::<String>()
        );
    }
    Ok(0)
}
