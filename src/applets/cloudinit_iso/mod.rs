//! cloudinit-iso: builds a validated, reproducible NoCloud seed (ISO 9660 + Joliet + Rock Ridge
//! labelled `cidata`, or vfat labelled `CIDATA`) for a VM.
//!
//! This file is the applet (command line, `[cloudinit]`, the template listing) and the order
//! of the steps: `inputs.rs` gathers the seed files, `validate.rs` checks them before anything
//! is written, `build.rs` builds the image and installs it.

mod build;
mod inputs;
mod validate;

use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::Applet;
use crate::context::Ctx;
use crate::error::usage;
use crate::model::cloudinit::{self as ci, Problem};
use crate::output::{self, Table};

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
    clap::Command::new("cloudinit-iso")
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

/// What the seed is and holds: the JSON output (also after `--validate-only`).
#[derive(Serialize)]
struct Report {
    /// The image was written: false when `--force` found the output already holding exactly
    /// the image this run built (seeds are reproducible), so it was left alone.
    changed: bool,
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
    let id = inputs::identity(a)?;
    let validate_only = a.get_flag("validate-only");
    let out = a.get_one::<PathBuf>("out").cloned();
    if out.is_none() && !validate_only {
        return Err(usage("--out FILE is required (or --validate-only)"));
    }
    let format = a
        .get_one::<String>("format")
        .cloned()
        .unwrap_or_else(|| "iso".into());
    let files = inputs::seed_files(a, &id)?;
    let warnings = validate::validate_seed(ctx, &cfg, &files)?;
    let secret = files.iter().any(|f| f.secret);
    let label = if format == "vfat" { "CIDATA" } else { "cidata" };
    let report = Report {
        changed: false,
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
    build::check_output(&out, a.get_flag("force"))?;
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(cfg.source_date_epoch);
    let seed = build::Seed {
        name: &id.name,
        files: &files,
        format: &format,
        label,
        epoch,
        secret,
    };
    build::build_and_install(ctx, &cfg, &seed, &out, report)
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
