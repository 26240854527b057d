//! install-links: creates the applet links (`hvctl`, `debvisor-migrate`, …) in a directory.
//! Idempotent; refuses to replace anything that is not already its own link unless `--force`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Arg, ArgAction, ArgMatches, Command};

use super::{Applet, APPLETS};
use crate::context::Ctx;
use crate::error::{code, Error};
use crate::output;

pub const APPLET: Applet = Applet {
    name: "install-links",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Create (or remove) the applet links in a directory",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("install-links")
        .arg(
            Arg::new("dir")
                .value_name("DIR")
                .required_unless_present("print")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Directory for the links, e.g. /usr/local/bin"),
        )
        .arg(
            Arg::new("target")
                .long("target")
                .value_name("PATH")
                .value_parser(clap::value_parser!(PathBuf))
                .help("What the links point to [default: this binary]"),
        )
        .arg(
            Arg::new("legacy")
                .long("legacy")
                .action(ArgAction::SetTrue)
                .help("Also create the legacy script names (e.g. debvisor-migrate.sh) for drop-in compatibility"),
        )
        .arg(
            Arg::new("force")
                .long("force")
                .action(ArgAction::SetTrue)
                .help("Replace files or foreign links that have an applet's name"),
        )
        .arg(
            Arg::new("remove")
                .long("remove")
                .action(ArgAction::SetTrue)
                .conflicts_with("force")
                .help("Remove the links this command created (only links pointing at the target)"),
        )
        .arg(
            // For packaging (scripts/package builds the .deb's link list from this).
            Arg::new("print")
                .long("print")
                .action(ArgAction::SetTrue)
                .conflicts_with_all(["dir", "target", "legacy", "force", "remove"])
                .help("Print every link a package ships (link, applet, section, man page) as JSON lines; change nothing"),
        )
        .after_help(
            "Examples:\n  debvisor install-links /usr/local/bin\n  debvisor install-links --dry-run --legacy /usr/local/bin\n  \
             debvisor install-links --remove /usr/local/bin\n  debvisor install-links --print",
        )
}

/// Every link name, in a stable order. BIND's own `tsig-keygen` is never shadowed: that applet
/// has no bare link.
pub fn all_link_names(legacy: bool) -> Vec<String> {
    let mut v = Vec::new();
    for a in APPLETS {
        // qemu-hook's only link is /etc/libvirt/hooks/qemu (libvirt's path, not PATH).
        if matches!(a.name, "install-links" | "generate" | "qemu-hook") {
            continue;
        }
        for n in a.link_names() {
            if legacy {
                v.push(format!("{n}.sh"));
            }
            v.push(n);
        }
        if legacy {
            for l in a.legacy {
                v.push(l.to_string());
                v.push(format!("{l}.sh"));
            }
        }
    }
    v.sort();
    v.dedup();
    v
}

#[derive(serde::Serialize)]
struct LinkResult {
    link: String,
    action: &'static str,
}

/// One link a distribution package ships (`install-links --print`).
#[derive(serde::Serialize)]
struct PackageLink {
    link: String,
    applet: &'static str,
    section: u8,
    /// The manual page that documents this link (without section), e.g. `hvctl`.
    man: String,
}

/// Every applet's link names (including install-links and generate, whose manual pages would
/// otherwise document nothing on the PATH), in a stable order.
fn package_links() -> Vec<PackageLink> {
    let mut v: Vec<PackageLink> = APPLETS
        .iter()
        .flat_map(|a| {
            a.link_names().into_iter().map(|link| PackageLink {
                link,
                applet: a.name,
                section: a.section,
                man: super::generate::primary_name(a),
            })
        })
        .collect();
    v.sort_by(|a, b| a.link.cmp(&b.link));
    v
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    if m.get_flag("print") {
        for l in package_links() {
            output::print_json(&l)?;
        }
        return Ok(code::OK);
    }
    let dir = m.get_one::<PathBuf>("dir").expect("required");
    let target = match m.get_one::<PathBuf>("target") {
        Some(t) => t.clone(),
        None => std::env::current_exe()
            .and_then(|p| p.canonicalize())
            .context("cannot determine this binary's path (use --target)")?,
    };
    if !dir.is_dir() {
        return Err(Error::Invalid(format!("{}: not a directory", dir.display())).into());
    }
    let names = all_link_names(m.get_flag("legacy"));
    let exec = ctx.exec()?;
    let _lock = ctx.lock("install-links", std::time::Duration::from_secs(30))?;
    let mut results = Vec::new();

    if m.get_flag("remove") {
        for n in &names {
            let link = dir.join(n);
            if points_to(&link, &target) {
                exec.remove_file(&link)?;
                results.push(LinkResult {
                    link: link.display().to_string(),
                    action: "removed",
                });
            }
        }
        return report(ctx, &results);
    }

    // Check everything first: either all links are created or none.
    let mut plan = Vec::new();
    let mut conflicts = Vec::new();
    for n in &names {
        let link = dir.join(n);
        if points_to(&link, &target) {
            results.push(LinkResult {
                link: link.display().to_string(),
                action: "unchanged",
            });
        } else if link.symlink_metadata().is_ok() {
            if m.get_flag("force") {
                plan.push((link, "replaced"));
            } else {
                conflicts.push(link.display().to_string());
            }
        } else {
            plan.push((link, "created"));
        }
    }
    if !conflicts.is_empty() {
        return Err(Error::Refused(format!(
            "{} exist and are not links to {} (use --force to replace)",
            conflicts.join(", "),
            target.display()
        ))
        .into());
    }
    for (link, action) in plan {
        exec.symlink(&target, &link)?;
        results.push(LinkResult {
            link: link.display().to_string(),
            action,
        });
    }
    report(ctx, &results)
}

fn report(ctx: &Ctx, results: &[LinkResult]) -> anyhow::Result<i32> {
    if ctx.json() {
        output::print_json(results)?;
    } else if !ctx.flags.quiet && !ctx.dry_run() {
        for r in results.iter().filter(|r| r.action != "unchanged") {
            println!("{} {}", r.action, r.link);
        }
        let unchanged = results.iter().filter(|r| r.action == "unchanged").count();
        if unchanged > 0 {
            println!("{unchanged} links already in place");
        }
    }
    Ok(code::OK)
}

fn points_to(link: &Path, target: &Path) -> bool {
    std::fs::read_link(link)
        .map(|t| t == target)
        .unwrap_or(false)
}
