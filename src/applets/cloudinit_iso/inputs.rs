//! The seed's inputs, read and checked before anything else: who the VM is, the SSH keys, the
//! legacy enhanced options, and the seed files, each given, from a template or generated.

use std::path::{Path, PathBuf};

use clap::ArgMatches;

use crate::error::{invalid, precondition, usage};
use crate::model::cloudinit as ci;

/// Who the seed is for.
pub(super) struct Identity {
    /// `--name`: the VM.
    pub name: String,
    pub hostname: String,
    pub instance_id: String,
}

/// One file of the seed, as it will be written into the image.
pub(super) struct SeedFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub secret: bool,
    /// Shown in problems: the user's path or "<generated user-data>".
    pub origin: String,
}

/// Input files are small; refuse anything absurd before reading it into memory.
const MAX_INPUT: u64 = 16 << 20;

fn read_input(p: &Path) -> anyhow::Result<Vec<u8>> {
    let md = std::fs::metadata(p).map_err(|e| precondition(format!("{}: {e}", p.display())))?;
    if md.len() > MAX_INPUT {
        return Err(invalid(format!("{}: larger than 16 MiB", p.display())));
    }
    std::fs::read(p).map_err(|e| precondition(format!("{}: {e}", p.display())))
}

/// A given file, as it is.
fn given(name: &'static str, p: &Path) -> anyhow::Result<SeedFile> {
    Ok(SeedFile {
        name,
        bytes: read_input(p)?,
        secret: false,
        origin: p.display().to_string(),
    })
}

/// `--name`, `--hostname` (default: the name) and `--instance-id` (default: the name), checked.
pub(super) fn identity(a: &ArgMatches) -> anyhow::Result<Identity> {
    let name = a
        .get_one::<String>("name")
        .ok_or_else(|| usage("--name VM is required"))?
        .clone();
    if !ci::valid_name(&name) {
        return Err(usage(format!(
            "--name `{name}`: use letters, digits, '.', '_' and '-' (at most 64)"
        )));
    }
    let hostname = a
        .get_one::<String>("hostname")
        .cloned()
        .unwrap_or_else(|| name.clone());
    if !ci::valid_hostname(&hostname) {
        return Err(usage(format!(
            "host name `{hostname}` is not a valid RFC 1123 name (pass --hostname)"
        )));
    }
    let instance_id = a
        .get_one::<String>("instance-id")
        .cloned()
        .unwrap_or_else(|| name.clone());
    if instance_id.is_empty() || instance_id.chars().any(|c| c.is_control()) {
        return Err(usage("--instance-id must be non-empty printable text"));
    }
    Ok(Identity {
        name,
        hostname,
        instance_id,
    })
}

/// Every file of the seed, in order: user-data, meta-data, then network-config and
/// vendor-data when given; each marked when it holds secrets.
pub(super) fn seed_files(a: &ArgMatches, id: &Identity) -> anyhow::Result<Vec<SeedFile>> {
    let keys = ssh_keys(a)?;
    let user_opts = user_options(a)?;
    let mut files = vec![user_data(a, &id.hostname, &keys, &user_opts)?];
    if keys.is_empty() && a.get_one::<PathBuf>("user-data").is_none() {
        tracing::warn!(
            "no --ssh-key: the default user will have no way to log in (password login is off)"
        );
    }
    if !keys.is_empty() && a.get_one::<PathBuf>("user-data").is_some() {
        tracing::warn!("--ssh-key is ignored with --user-data (put the keys in your user-data)");
    }
    files.push(match a.get_one::<PathBuf>("meta-data") {
        Some(p) => given("meta-data", p)?,
        None => SeedFile {
            name: "meta-data",
            bytes: ci::default_meta_data(&id.instance_id, &id.hostname).into_bytes(),
            secret: false,
            origin: "<generated meta-data>".into(),
        },
    });
    for (arg, fname) in [
        ("network-config", "network-config"),
        ("vendor-data", "vendor-data"),
    ] {
        if let Some(p) = a.get_one::<PathBuf>(arg) {
            files.push(given(fname, p)?);
        }
    }
    for f in &mut files {
        f.secret = ci::has_secrets(&f.bytes);
    }
    Ok(files)
}

/// The public keys of every `--ssh-key` file (a file without one is refused).
fn ssh_keys(a: &ArgMatches) -> anyhow::Result<Vec<String>> {
    let mut keys = Vec::new();
    for f in a.get_many::<PathBuf>("ssh-key").into_iter().flatten() {
        let text = String::from_utf8(read_input(f)?)
            .map_err(|_| invalid(format!("{}: not text", f.display())))?;
        let k = ci::parse_ssh_keys(&text)
            .map_err(|(line, why)| invalid(format!("{}:{line}: {why}", f.display())))?;
        if k.is_empty() {
            return Err(invalid(format!("{}: no SSH public key in it", f.display())));
        }
        keys.extend(k);
    }
    Ok(keys)
}

/// The legacy enhanced options (a named user, its password hash, packages), checked; a hash
/// on the command line (`--password`) is refused.
fn user_options(a: &ArgMatches) -> anyhow::Result<ci::UserOptions> {
    if a.get_one::<String>("password").is_some() {
        return Err(usage(
            "--password puts the hash on the command line, where every user can read it (ps); \
             put it in a file readable only by you and pass --password-file FILE",
        ));
    }
    let user_opts = ci::UserOptions {
        username: a.get_one::<String>("username").cloned(),
        password_hash: match a.get_one::<PathBuf>("password-file") {
            Some(f) => {
                let text = String::from_utf8(read_input(f)?)
                    .map_err(|_| invalid(format!("{}: not text", f.display())))?;
                Some(text.trim().to_string())
            }
            None => None,
        },
        packages: a
            .get_many::<String>("packages")
            .into_iter()
            .flatten()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
    };
    user_opts.validate().map_err(usage)?;
    Ok(user_opts)
}

/// user-data: `--user-data` as given, else rendered from `--template` or the default, with
/// the keys and the enhanced options applied.
fn user_data(
    a: &ArgMatches,
    hostname: &str,
    keys: &[String],
    user_opts: &ci::UserOptions,
) -> anyhow::Result<SeedFile> {
    Ok(
        match (
            a.get_one::<PathBuf>("user-data"),
            a.get_one::<String>("template"),
        ) {
            (Some(p), _) => given("user-data", p)?,
            (None, Some(t)) => {
                let t = ci::template(t)
                    .ok_or_else(|| usage(format!("no template `{t}` (see --list-templates)")))?;
                SeedFile {
                    name: "user-data",
                    bytes: user_opts
                        .apply(ci::render_template(t, hostname, keys), keys)
                        .into_bytes(),
                    secret: false,
                    origin: format!("<template {}>", t.name),
                }
            }
            (None, None) => SeedFile {
                name: "user-data",
                bytes: user_opts
                    .apply(ci::default_user_data(hostname, keys), keys)
                    .into_bytes(),
                secret: false,
                origin: "<generated user-data>".into(),
            },
        },
    )
}
