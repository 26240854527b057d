//! cloudinit-iso: builds a validated, reproducible NoCloud seed (ISO 9660 + Joliet + Rock Ridge
//! labelled `cidata`, or vfat labelled `CIDATA`) for a VM.

use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Applet;
use crate::context::Ctx;
use crate::error::{invalid, precondition, usage};
use crate::exec::files::FileSpec;
use crate::exec::{Cmd, Secret};
use crate::model::cloudinit::{self as ci, Problem, Severity, UserDataKind};
use crate::model::qemu_img::hex;
use crate::output::{self, Table};
use crate::tools::{vfat, xorriso};

pub const APPLET: Applet = Applet {
    name: "cloudinit-iso",
    bare_link: false,
    legacy: &["debvisor-cloudinit-iso", "debvisor-cloudinit-iso-enhanced"],
    section: 8,
    about: "Build a validated, reproducible cloud-init NoCloud seed image (ISO or vfat)",
    command: cli,
    run,
};

fn path_arg(name: &'static str, help: &'static str) -> Arg {
    Arg::new(name)
        .long(name)
        .value_name("FILE")
        .value_parser(clap::value_parser!(PathBuf))
        .help(help)
}

fn cli() -> Command {
    crate::cli::command("cloudinit-iso")
        .arg(Arg::new("name").long("name").value_name("VM").help("VM name: default instance-id and host name"))
        .arg(Arg::new("out").long("out").short('o').visible_alias("output").value_name("FILE").value_parser(clap::value_parser!(PathBuf)).help("The seed image to write"))
        .arg(path_arg("user-data", "user-data (#cloud-config, script or MIME multipart) [default: generated]").short('u'))
        .arg(path_arg("meta-data", "meta-data [default: instance-id and local-hostname]").short('m'))
        .arg(path_arg("network-config", "network-config (version 1 or 2)"))
        .arg(path_arg("vendor-data", "vendor-data"))
        .arg(Arg::new("template").long("template").value_name("NAME").conflicts_with("user-data").help("Generate user-data from an embedded template (see --list-templates)"))
        .arg(Arg::new("ssh-key").long("ssh-key").value_name("FILE").action(ArgAction::Append).value_parser(clap::value_parser!(PathBuf)).help("SSH public key file(s) for the default user"))
        .arg(Arg::new("username").long("username").value_name("USER").conflicts_with("user-data").help("Create this sudo user (with the SSH keys) instead of the image's default user"))
        .arg(path_arg("password-file", "A file holding the user's crypt(3) password hash (console login; SSH password login stays off)").conflicts_with("user-data"))
        .arg(Arg::new("password").long("password").value_name("HASH").hide(true).help("Refused: a hash on the command line is visible to every user (use --password-file)"))
        .arg(Arg::new("packages").long("packages").value_name("PKG,…").value_delimiter(',').action(ArgAction::Append).conflicts_with("user-data").help("Extra packages to install on first boot"))
        .arg(Arg::new("hostname").long("hostname").value_name("HOST").help("Host name [default: the VM name]"))
        .arg(Arg::new("instance-id").long("instance-id").value_name("ID").help("instance-id [default: the VM name]"))
        .arg(Arg::new("format").long("format").value_name("FMT").value_parser(["iso", "vfat"]).default_value("iso").help("Image type"))
        .arg(Arg::new("force").long("force").action(ArgAction::SetTrue).help("Replace an existing output file"))
        .arg(Arg::new("validate-only").long("validate-only").visible_alias("validate").action(ArgAction::SetTrue).help("Only validate the inputs; write nothing"))
        .arg(Arg::new("list-templates").long("list-templates").action(ArgAction::SetTrue).help("List the embedded templates"))
        .arg(Arg::new("show-template").long("show-template").value_name("NAME").help("Print a template's text"))
        .after_help(
            "Examples:\n  debvisor-cloudinit-iso --name web1 --ssh-key ~/.ssh/id_ed25519.pub --out /var/lib/libvirt/images/web1-seed.iso\n  \
             debvisor-cloudinit-iso --name k1 --template k8s-node --ssh-key admin.pub --network-config net.yaml --out k1.iso\n  \
             debvisor-cloudinit-iso --name db1 --user-data ud.yaml --validate-only\n  \
             debvisor-cloudinit-iso --list-templates\n\n\
             The same inputs always give the same bytes (timestamps from SOURCE_DATE_EPOCH or \
             [cloudinit] source_date_epoch); the SHA-256 of the image is printed.",
        )
}

/// `[cloudinit]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct CloudinitConfig {
    /// Warn when the image is larger than this (KiB).
    warn_size_kib: u64,
    /// Timestamp used inside the image when SOURCE_DATE_EPOCH is not set.
    source_date_epoch: u64,
    /// Run `cloud-init schema` on #cloud-config user-data when cloud-init is installed.
    schema_check: bool,
}

impl Default for CloudinitConfig {
    fn default() -> Self {
        CloudinitConfig {
            warn_size_kib: 10 * 1024,
            source_date_epoch: 1_577_836_800, // 2020-01-01T00:00:00Z
            schema_check: true,
        }
    }
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

struct SeedFile {
    name: &'static str,
    bytes: Vec<u8>,
    secret: bool,
    /// Shown in problems: the user's path or "<generated user-data>".
    origin: String,
}

#[derive(Serialize)]
struct Report {
    output: Option<String>,
    format: String,
    label: String,
    bytes: u64,
    sha256: Option<String>,
    files: Vec<String>,
    secret: bool,
    warnings: Vec<Problem>,
}

fn run(ctx: &mut Ctx, a: &ArgMatches) -> anyhow::Result<i32> {
    if a.get_flag("list-templates") {
        return list_templates(ctx);
    }
    if let Some(name) = a.get_one::<String>("show-template") {
        let t = ci::template(name)
            .ok_or_else(|| usage(format!("no template `{name}` (see --list-templates)")))?;
        print!("{}", t.body);
        return Ok(0);
    }
    let cfg: CloudinitConfig = ctx.config()?.section("cloudinit")?;
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
    let validate_only = a.get_flag("validate-only");
    let out = a.get_one::<PathBuf>("out").cloned();
    if out.is_none() && !validate_only {
        return Err(usage("--out FILE is required (or --validate-only)"));
    }
    let format = a
        .get_one::<String>("format")
        .cloned()
        .unwrap_or_else(|| "iso".into());

    // SSH keys.
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

    // The legacy enhanced options (a named user, its password hash, packages).
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

    // Seed files: given or generated.
    let mut files = Vec::new();
    let user_data = match (
        a.get_one::<PathBuf>("user-data"),
        a.get_one::<String>("template"),
    ) {
        (Some(p), _) => SeedFile {
            name: "user-data",
            bytes: read_input(p)?,
            secret: false,
            origin: p.display().to_string(),
        },
        (None, Some(t)) => {
            let t = ci::template(t)
                .ok_or_else(|| usage(format!("no template `{t}` (see --list-templates)")))?;
            SeedFile {
                name: "user-data",
                bytes: user_opts
                    .apply(ci::render_template(t, &hostname, &keys), &keys)
                    .into_bytes(),
                secret: false,
                origin: format!("<template {}>", t.name),
            }
        }
        (None, None) => SeedFile {
            name: "user-data",
            bytes: user_opts
                .apply(ci::default_user_data(&hostname, &keys), &keys)
                .into_bytes(),
            secret: false,
            origin: "<generated user-data>".into(),
        },
    };
    if keys.is_empty() && a.get_one::<PathBuf>("user-data").is_none() {
        tracing::warn!(
            "no --ssh-key: the default user will have no way to log in (password login is off)"
        );
    }
    if !keys.is_empty() && a.get_one::<PathBuf>("user-data").is_some() {
        tracing::warn!("--ssh-key is ignored with --user-data (put the keys in your user-data)");
    }
    files.push(user_data);
    files.push(match a.get_one::<PathBuf>("meta-data") {
        Some(p) => SeedFile {
            name: "meta-data",
            bytes: read_input(p)?,
            secret: false,
            origin: p.display().to_string(),
        },
        None => SeedFile {
            name: "meta-data",
            bytes: ci::default_meta_data(&instance_id, &hostname).into_bytes(),
            secret: false,
            origin: "<generated meta-data>".into(),
        },
    });
    for (arg, fname) in [
        ("network-config", "network-config"),
        ("vendor-data", "vendor-data"),
    ] {
        if let Some(p) = a.get_one::<PathBuf>(arg) {
            files.push(SeedFile {
                name: fname,
                bytes: read_input(p)?,
                secret: false,
                origin: p.display().to_string(),
            });
        }
    }
    for f in &mut files {
        f.secret = ci::has_secrets(&f.bytes);
    }

    // Validation, before anything is written.
    let mut problems: Vec<Problem> = Vec::new();
    let mut cloud_configs = Vec::new();
    for f in &files {
        let text = || String::from_utf8_lossy(&f.bytes).into_owned();
        match f.name {
            "user-data" | "vendor-data" => {
                let (kind, p) = ci::validate_user_data(&f.origin, &f.bytes);
                problems.extend(p);
                if kind == Some(UserDataKind::CloudConfig) {
                    cloud_configs.push(f);
                }
            }
            "meta-data" => problems.extend(ci::validate_meta_data(&f.origin, &text())),
            "network-config" => problems.extend(ci::validate_network_config(&f.origin, &text())),
            _ => {}
        }
    }
    let exec = ctx.exec()?;
    if cfg.schema_check
        && problems.iter().all(|p| p.severity != Severity::Error)
        && which::which("cloud-init").is_ok()
    {
        for f in cloud_configs {
            // Second opinion from cloud-init's own JSON schema (contents on stdin: they may
            // hold secrets and must not land in a file or argv).
            let cmd = Cmd::new("cloud-init")
                .args(["schema", "--config-file", "/dev/stdin"])
                .secret_stdin(Secret::new(f.bytes.clone()))
                .read_only()
                .unchecked()
                .timeout_secs(60)
                .what("cloud-init schema");
            let out = exec.run(&cmd)?;
            if !out.success() {
                let msg = out
                    .stderr
                    .lines()
                    .chain(out.stdout.lines())
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && *l != "Error:" && !l.ends_with("deprecations:"))
                    .collect::<Vec<_>>()
                    .join(" ");
                problems.push(Problem {
                    severity: Severity::Error,
                    file: f.origin.clone(),
                    line: 1,
                    key: String::new(),
                    message: format!(
                        "cloud-init schema: {}",
                        msg.replace("/dev/stdin", &f.origin)
                    ),
                });
            }
        }
    }
    let errors: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    let warnings: Vec<Problem> = problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .cloned()
        .collect();
    if !ctx.json() {
        for w in &warnings {
            eprintln!("cloudinit-iso: warning: {w}");
        }
        if errors.len() > 1 {
            for e in &errors {
                eprintln!("cloudinit-iso: {e}");
            }
        }
    } else {
        for p in &problems {
            output::print_json(&serde_json::json!({"event": "problem", "problem": p}))?;
        }
    }
    if !errors.is_empty() {
        let first = errors[0].to_string();
        return Err(invalid(if errors.len() == 1 {
            format!("invalid seed: {first}")
        } else {
            format!(
                "invalid seed: {} problems, the first: {first}",
                errors.len()
            )
        }));
    }
    let secret = files.iter().any(|f| f.secret);
    let label = if format == "vfat" { "CIDATA" } else { "cidata" };
    let mut report = Report {
        output: None,
        format: format.clone(),
        label: label.to_string(),
        bytes: 0,
        sha256: None,
        files: files.iter().map(|f| f.name.to_string()).collect(),
        secret,
        warnings,
    };
    if validate_only {
        if ctx.json() {
            output::print_json(&report)?;
        } else if !ctx.flags.quiet {
            println!("valid: {}", report.files.join(", "));
        }
        return Ok(0);
    }
    let out = out.unwrap_or_default();
    if out.is_dir() {
        return Err(usage(format!("{} is a directory", out.display())));
    }
    if out.exists() && !a.get_flag("force") {
        return Err(precondition(format!(
            "{} exists; pass --force to replace it",
            out.display()
        )));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(precondition(format!(
                "{}: no such directory",
                dir.display()
            )));
        }
    }
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(cfg.source_date_epoch);

    // Stage the files in a private directory, build, then write the image atomically.
    let scratch = exec.scratch_dir("debvisor-seed.")?;
    let content_dir = scratch.path().join("seed");
    exec.create_dir_all(&content_dir, 0o700)?;
    let mut staged = Vec::new();
    let mut total = 0u64;
    for f in &files {
        let p = content_dir.join(f.name);
        let spec = if f.secret {
            FileSpec::PRIVATE
        } else {
            FileSpec::mode(0o644)
        };
        exec.write_file(&p, &f.bytes, spec)?;
        total += f.bytes.len() as u64;
        staged.push(p);
    }
    staged.sort();
    let image = scratch.path().join("seed.img");
    if format == "vfat" {
        let mut h = Sha256::new();
        for f in &files {
            h.update(f.name.as_bytes());
            h.update(&f.bytes);
        }
        let d = h.finalize();
        let volid = u32::from_be_bytes([d[0], d[1], d[2], d[3]]);
        exec.run(&vfat::mkfs(
            &image,
            label,
            volid,
            vfat::size_kib(total, files.len()),
        ))?;
        exec.run(&vfat::mcopy(&image, &staged, epoch))?;
    } else {
        exec.run(&xorriso::build_iso(&content_dir, &image, label, epoch))?;
    }
    let spec = if secret {
        FileSpec::PRIVATE
    } else {
        FileSpec::PUBLIC
    };
    if exec.is_dry_run() {
        exec.change(
            "write-file",
            &format!(
                "write {} (the built image, mode {:04o})",
                out.display(),
                spec.mode
            ),
            || Ok(()),
        )?;
        return Ok(0);
    }
    let bytes = std::fs::read(&image)
        .map_err(|e| anyhow::anyhow!("reading the built image {}: {e}", image.display()))?;
    let sha = hex(&Sha256::digest(&bytes));
    exec.write_file(&out, &bytes, spec)?;
    drop(scratch);
    report.output = Some(out.display().to_string());
    report.bytes = bytes.len() as u64;
    report.sha256 = Some(sha.clone());
    if report.bytes > cfg.warn_size_kib * 1024 {
        let w = format!(
            "the image is {} (more than [cloudinit] warn_size_kib = {} KiB); some hypervisors and \
             datasources handle large seeds badly",
            output::bytes(report.bytes),
            cfg.warn_size_kib
        );
        if ctx.json() {
            output::print_json(&serde_json::json!({"event": "warning", "message": w}))?;
        } else {
            eprintln!("cloudinit-iso: warning: {w}");
        }
    }
    exec.audit_event(
        "cloudinit_iso",
        &format!("wrote seed {} for {name}", out.display()),
        &serde_json::json!({"output": report.output, "format": format, "sha256": sha,
            "bytes": report.bytes, "files": report.files, "secret": secret}),
    )?;
    if ctx.json() {
        output::print_json(&report)?;
    } else if !ctx.flags.quiet {
        println!(
            "wrote {} ({} {}, label {}, {}, files: {})",
            out.display(),
            format,
            output::bytes(report.bytes),
            label,
            if secret {
                "mode 0600: holds secrets"
            } else {
                "mode 0644"
            },
            report.files.join(", ")
        );
        println!("sha256 {sha}");
    }
    Ok(0)
}

fn list_templates(ctx: &Ctx) -> anyhow::Result<i32> {
    if ctx.json() {
        let v: Vec<_> = ci::TEMPLATES
            .iter()
            .map(|t| serde_json::json!({"name": t.name, "description": t.description}))
            .collect();
        output::print_json(&v)?;
    } else {
        let mut t = Table::new(["TEMPLATE", "DESCRIPTION"]);
        for tp in ci::TEMPLATES {
            t.row([tp.name, tp.description]);
        }
        t.print()?;
    }
    Ok(0)
}
