//! blocklist: validate IPv4/IPv6 block and allow lists, compile the exact effective set
//! (union(block) − union(allow), aggregated to the fewest CIDRs) and apply it to nftables
//! atomically, sending only the delta since the last apply. Also diff, stats, verify (SHA-256
//! against blocklist-metadata.json) and a Prometheus textfile.
//!
//! Replaces validate-blocklists.sh, verify-blocklist-integrity.sh (both still answer as argv0)
//! and the Ansible blocklist roles.

mod apply;
mod sources;
mod verify;

use std::io::Write;
use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::Applet;
use crate::context::Ctx;
use crate::model::cidr::push_net;
use crate::model::cidr_nft::{render_full, Layout, RenderOpts};
use crate::model::cidr_set::Sets;
use crate::output::{self, Table};
use sources::{Loaded, Role};

pub const APPLET: Applet = Applet {
    name: "blocklist",
    bare_link: false,
    legacy: &["validate-blocklists", "verify-blocklist-integrity"],
    section: 8,
    about: "Validate, compile and atomically apply IPv4/IPv6 blocklists to nftables",
    command: cli,
    run,
};

/// `[blocklist]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BlocklistConfig {
    pub sources: Vec<PathBuf>,
    pub allow: Vec<PathBuf>,
    pub snippet: PathBuf,
    pub metadata: Option<PathBuf>,
    pub require_integrity: bool,
    pub metrics_file: Option<PathBuf>,
    pub max_block_percent: f64,
    pub max_removal_percent: f64,
    pub full_reload_hours: u64,
    pub check_deltas: bool,
    /// Refuse to load more kernel elements than this (0: only the memory bound).
    pub max_kernel_elements: u64,
    pub priority: i32,
    pub forward: bool,
}

impl Default for BlocklistConfig {
    fn default() -> Self {
        BlocklistConfig {
            sources: vec!["/etc/debvisor/blocklist.txt".into()],
            allow: Vec::new(),
            snippet: "/etc/nftables.d/10-blocklist.conf".into(),
            metadata: None,
            require_integrity: false,
            metrics_file: None,
            max_block_percent: 10.0,
            max_removal_percent: 50.0,
            full_reload_hours: 24,
            check_deltas: true,
            max_kernel_elements: 0,
            priority: -10,
            forward: false,
        }
    }
}

impl BlocklistConfig {
    fn render_opts(&self) -> RenderOpts {
        RenderOpts {
            priority: self.priority,
            forward: self.forward,
        }
    }
}

fn source_args(cmd: Command) -> Command {
    cmd.arg(
        Arg::new("files")
            .value_name("FILE")
            .num_args(0..)
            .value_parser(clap::value_parser!(PathBuf))
            .help("Block sources (files or directories) [default: config blocklist.sources]"),
    )
    .arg(
        Arg::new("block")
            .long("block")
            .short('b')
            .visible_alias("blocklist")
            .value_name("FILE")
            .action(ArgAction::Append)
            .value_parser(clap::value_parser!(PathBuf))
            .help("Another block source (repeatable)"),
    )
    .arg(
        Arg::new("allow")
            .long("allow")
            .short('a')
            .visible_alias("whitelist")
            .value_name("FILE")
            .action(ArgAction::Append)
            .value_parser(clap::value_parser!(PathBuf))
            .help("Allow source carved out of the block set (repeatable) [default: config blocklist.allow]"),
    )
    .arg(
        Arg::new("allow-huge")
            .long("allow-huge")
            .action(ArgAction::SetTrue)
            .help("Accept 0.0.0.0/0 and ::/0 in a block source"),
    )
}

fn cli() -> Command {
    let legacy = |c: Command| {
        c.arg(
            Arg::new("legacy-blocklist")
                .long("blocklist")
                .value_name("FILE")
                .action(ArgAction::Append)
                .value_parser(clap::value_parser!(PathBuf))
                .hide(true),
        )
        .arg(
            Arg::new("legacy-whitelist")
                .long("whitelist")
                .value_name("FILE")
                .action(ArgAction::Append)
                .value_parser(clap::value_parser!(PathBuf))
                .hide(true),
        )
        .arg(
            Arg::new("legacy-check-overlaps")
                .long("check-overlaps")
                .action(ArgAction::SetTrue)
                .hide(true),
        )
        .arg(Arg::new("legacy-sha256").long("sha256").hide(true))
        .arg(
            Arg::new("legacy-metadata")
                .long("metadata")
                .value_parser(clap::value_parser!(PathBuf))
                .hide(true),
        )
        .arg(
            Arg::new("legacy-abort")
                .long("abort-on-failure")
                .action(ArgAction::SetTrue)
                .hide(true),
        )
    };
    legacy(clap::Command::new("blocklist"))
        .subcommand(
            source_args(clap::Command::new("validate"))
                .about("Check sources: bad lines (FILE:LINE: reason), special ranges, duplicates, overlaps; exit 0 valid, 5 invalid")
                .arg(
                    Arg::new("check-overlaps")
                        .long("check-overlaps")
                        .action(ArgAction::SetTrue)
                        .help("Accepted for compatibility (overlaps are always reported)"),
                ),
        )
        .subcommand(
            source_args(clap::Command::new("compile"))
                .about("Print the effective set (block − allow) as the fewest CIDRs, or as the nftables snippet")
                .arg(
                    Arg::new("format")
                        .long("format")
                        .short('f')
                        .value_parser(["list", "nft"])
                        .default_value("list")
                        .help("list: one CIDR per line (a /32 or /128 as a bare address); nft: the snippet"),
                ),
        )
        .subcommand(
            source_args(clap::Command::new("apply"))
                .about("Load the effective set into nftables atomically (only the delta since the last apply, or a staged full load) and write the snippet")
                .arg(
                    Arg::new("full")
                        .long("full")
                        .action(ArgAction::SetTrue)
                        .help("Replace the whole table (heals drift) instead of sending the delta"),
                )
                .arg(
                    Arg::new("force")
                        .long("force")
                        .action(ArgAction::SetTrue)
                        .help("Apply even when the guard refuses (too much address space, or most of the set removed)"),
                ),
        )
        .subcommand(
            clap::Command::new("diff")
                .about("Compare the sets of two lists; exit 0 same, 1 different")
                .arg(
                    Arg::new("a")
                        .required(true)
                        .value_name("A")
                        .value_parser(clap::value_parser!(PathBuf)),
                )
                .arg(
                    Arg::new("b")
                        .required(true)
                        .value_name("B")
                        .value_parser(clap::value_parser!(PathBuf)),
                ),
        )
        .subcommand(
            source_args(clap::Command::new("stats"))
                .about("Entries and addresses per source and for the effective set"),
        )
        .subcommand(
            clap::Command::new("verify")
                .about("Check the SHA-256 of sources against blocklist-metadata.json; fails closed")
                .arg(
                    Arg::new("files")
                        .value_name("FILE")
                        .num_args(0..)
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Files to check (by base name in the metadata) [default: every file in the metadata and every configured source]"),
                )
                .arg(
                    Arg::new("block")
                        .long("blocklist")
                        .value_name("FILE")
                        .action(ArgAction::Append)
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Same as FILE (legacy spelling)"),
                )
                .arg(
                    Arg::new("metadata")
                        .long("metadata")
                        .short('m')
                        .value_name("FILE")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Metadata file [default: config blocklist.metadata]"),
                )
                .arg(
                    Arg::new("sha256")
                        .long("sha256")
                        .value_name("HEX")
                        .help("Check one FILE against this hash instead of the metadata"),
                )
                .arg(
                    Arg::new("print")
                        .long("print")
                        .action(ArgAction::SetTrue)
                        .help("Only print the SHA-256 of each FILE (no check)"),
                )
                .arg(
                    Arg::new("abort-on-failure")
                        .long("abort-on-failure")
                        .action(ArgAction::SetTrue)
                        .hide(true),
                ),
        )
        .after_help(
            "Examples:\n  debvisor blocklist validate /etc/debvisor/blocklist.txt --allow /etc/debvisor/allow.txt\n  \
             debvisor blocklist compile feeds/ --allow allow.txt > effective.txt\n  \
             debvisor blocklist compile --format nft > /tmp/10-blocklist.conf && nft -c -f /tmp/10-blocklist.conf\n  \
             debvisor blocklist apply --dry-run\n  debvisor blocklist apply --full\n  \
             debvisor blocklist diff old.txt new.txt\n  debvisor blocklist stats --json\n  \
             debvisor blocklist verify --metadata /etc/debvisor/blocklist-metadata.json\n  \
             validate-blocklists.sh --blocklist block.txt --whitelist allow.txt --check-overlaps --json",
        )
}

/// Resolved block and allow sources: the command line when given, else the configuration
/// (each independently, so `--block extra.txt` still carves out the configured allow list).
struct SourceOpts {
    block: Vec<PathBuf>,
    allow: Vec<PathBuf>,
    allow_huge: bool,
}

fn many(m: &ArgMatches, id: &str) -> Vec<PathBuf> {
    m.try_get_many::<PathBuf>(id)
        .ok()
        .flatten()
        .map(|v| v.cloned().collect())
        .unwrap_or_default()
}

fn flag(m: &ArgMatches, id: &str) -> bool {
    m.try_get_one::<bool>(id)
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false)
}

/// The files given on the command line under any of `ids`.
fn named(m: &ArgMatches, ids: &[&str]) -> Vec<PathBuf> {
    ids.iter().flat_map(|id| many(m, id)).collect()
}

impl SourceOpts {
    fn from(m: &ArgMatches, cfg: &BlocklistConfig, block_ids: &[&str], allow_ids: &[&str]) -> Self {
        let (block, allow) = (named(m, block_ids), named(m, allow_ids));
        SourceOpts {
            block: if block.is_empty() {
                cfg.sources.clone()
            } else {
                block
            },
            allow: if allow.is_empty() {
                cfg.allow.clone()
            } else {
                allow
            },
            allow_huge: flag(m, "allow-huge"),
        }
    }

    /// For validation: the files named on the command line and nothing else (validating an allow
    /// list on its own must not need a readable block list); the configured ones only when none
    /// is named.
    fn named_or_configured(
        m: &ArgMatches,
        cfg: &BlocklistConfig,
        block_ids: &[&str],
        allow_ids: &[&str],
    ) -> Self {
        let (block, allow) = (named(m, block_ids), named(m, allow_ids));
        if block.is_empty() && allow.is_empty() {
            return SourceOpts::from(m, cfg, block_ids, allow_ids);
        }
        SourceOpts {
            block,
            allow,
            allow_huge: flag(m, "allow-huge"),
        }
    }

    /// Loads for validation: any subset of the sources, at least one.
    fn load_any(&self) -> anyhow::Result<Loaded> {
        if self.block.is_empty() && self.allow.is_empty() {
            return Err(crate::error::usage(
                "no sources: name block or allow files, or set [blocklist] sources / allow",
            ));
        }
        self.read(true)
    }

    fn load(&self, keep_entries: bool) -> anyhow::Result<Loaded> {
        if self.block.is_empty() {
            return Err(crate::error::usage(
                "no block sources: name files or set [blocklist] sources",
            ));
        }
        self.read(keep_entries)
    }

    fn read(&self, keep_entries: bool) -> anyhow::Result<Loaded> {
        let mut l = Loaded::new(keep_entries);
        l.read(&self.block, Role::Block)?;
        l.read(&self.allow, Role::Allow)?;
        l.refuse_huge(self.allow_huge);
        Ok(l)
    }
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let cfg: BlocklistConfig = ctx.config()?.section("blocklist")?;
    let argv0 = ctx
        .argv
        .first()
        .map(|a| {
            let n = std::path::Path::new(a)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            n.trim_end_matches(".sh").to_string()
        })
        .unwrap_or_default();
    match m.subcommand() {
        Some(("validate", sm)) => validate(
            ctx,
            &SourceOpts::named_or_configured(sm, &cfg, &["files", "block"], &["allow"]),
        ),
        Some(("compile", sm)) => compile(ctx, sm, &cfg),
        Some(("apply", sm)) => apply::run(ctx, sm, &cfg),
        Some(("diff", sm)) => diff(ctx, sm),
        Some(("stats", sm)) => stats(
            ctx,
            &SourceOpts::from(sm, &cfg, &["files", "block"], &["allow"]),
        ),
        Some(("verify", sm)) => {
            let files: Vec<PathBuf> = many(sm, "files")
                .into_iter()
                .chain(many(sm, "block"))
                .collect();
            verify_cmd(
                ctx,
                &cfg,
                &files,
                sm.get_one::<PathBuf>("metadata").cloned(),
                sm.get_one::<String>("sha256").cloned(),
                flag(sm, "print"),
            )
        }
        _ if argv0 == "verify-blocklist-integrity" => {
            let files = many(m, "legacy-blocklist");
            let metadata = m.get_one::<PathBuf>("legacy-metadata").cloned();
            let sha = m.get_one::<String>("legacy-sha256").cloned();
            // Legacy mode 4: `--blocklist F` alone prints the hash.
            let print = metadata.is_none() && sha.is_none() && !files.is_empty();
            verify_cmd(ctx, &cfg, &files, metadata, sha, print)
        }
        _ if argv0 == "validate-blocklists"
            || m.contains_id("legacy-blocklist")
            || m.contains_id("legacy-whitelist")
            || flag(m, "legacy-check-overlaps") =>
        {
            validate(
                ctx,
                &SourceOpts::named_or_configured(
                    m,
                    &cfg,
                    &["legacy-blocklist"],
                    &["legacy-whitelist"],
                ),
            )
        }
        _ => Err(crate::error::usage(
            "missing subcommand: validate, compile, apply, diff, stats or verify",
        )),
    }
}

#[derive(Serialize)]
struct ValidateReport<'a> {
    valid: bool,
    files: &'a [sources::FileInfo],
    errors: &'a [sources::Diag],
    warnings: &'a [sources::Diag],
    duplicates: &'a [sources::Overlap],
    overlaps: &'a [sources::Overlap],
}

fn validate(ctx: &Ctx, opts: &SourceOpts) -> anyhow::Result<i32> {
    let l = opts.load_any()?;
    let f = sources::findings(&l);
    let valid = l.errors.is_empty();
    if ctx.json() {
        output::print_json(&ValidateReport {
            valid,
            files: &l.files,
            errors: &l.errors,
            warnings: &f.warnings,
            duplicates: &f.duplicates,
            overlaps: &f.overlaps,
        })?;
    } else {
        let mut err = std::io::stderr().lock();
        for d in &l.errors {
            writeln!(err, "{d}")?;
        }
        if !ctx.flags.quiet {
            for d in &f.warnings {
                writeln!(err, "{d}")?;
            }
            for o in &f.duplicates {
                writeln!(
                    err,
                    "{}:{}: warning: duplicate of {} ({}:{})",
                    o.file, o.line, o.entry, o.covered_by.file, o.covered_by.line
                )?;
            }
            for o in &f.overlaps {
                writeln!(
                    err,
                    "{}:{}: warning: {} is covered by {} ({}:{})",
                    o.file,
                    o.line,
                    o.entry,
                    o.covered_by.entry,
                    o.covered_by.file,
                    o.covered_by.line
                )?;
            }
        }
        if ctx.flags.verbose > 0 {
            let mut t = Table::new(["FILE", "ROLE", "ENTRIES", "IPV4", "IPV6", "INVALID"])
                .right(2)
                .right(3)
                .right(4)
                .right(5);
            for fi in &l.files {
                t.row([
                    fi.path.clone(),
                    format!("{:?}", fi.role).to_lowercase(),
                    fi.entries.to_string(),
                    fi.ipv4.to_string(),
                    fi.ipv6.to_string(),
                    fi.invalid.to_string(),
                ]);
            }
            t.print()?;
        }
        let entries: usize = l.files.iter().map(|f| f.entries).sum();
        println!(
            "{} file{}, {entries} entries: {} invalid, {} warnings, {} duplicates, {} overlaps",
            l.files.len(),
            if l.files.len() == 1 { "" } else { "s" },
            l.errors.len(),
            f.warnings.len(),
            f.duplicates.len(),
            f.overlaps.len()
        );
    }
    if valid {
        Ok(0)
    } else {
        Err(crate::error::invalid(format!(
            "{} invalid entr{}",
            l.errors.len(),
            if l.errors.len() == 1 { "y" } else { "ies" }
        )))
    }
}

/// Loads, validates and computes the effective set (exit 5 on any invalid line).
fn effective(opts: &SourceOpts) -> anyhow::Result<(Loaded, Sets)> {
    let mut l = opts.load(false)?;
    l.ensure_valid()?;
    let sets = l.effective();
    Ok((l, sets))
}

fn cidr_list(sets: &Sets) -> Vec<u8> {
    let mut out = Vec::with_capacity((sets.v4.len() + sets.v6.len()) * 18);
    for n in sets.cidrs() {
        push_net(&mut out, &n);
        out.push(b'\n');
    }
    out
}

fn compile(ctx: &Ctx, m: &ArgMatches, cfg: &BlocklistConfig) -> anyhow::Result<i32> {
    let opts = SourceOpts::from(m, cfg, &["files", "block"], &["allow"]);
    let (_, sets) = effective(&opts)?;
    let nft = m.get_one::<String>("format").map(String::as_str) == Some("nft");
    if ctx.json() {
        #[derive(Serialize)]
        struct C {
            cidrs: usize,
            ipv4_addresses: u128,
            ipv6_addresses: u128,
            set: Vec<String>,
        }
        let set: Vec<String> = sets.cidrs().map(|n| n.to_string()).collect();
        return output::print_json(&C {
            cidrs: set.len(),
            ipv4_addresses: sets.v4.count(),
            ipv6_addresses: sets.v6.count(),
            set,
        })
        .map(|_| 0);
    }
    let bytes = if nft {
        render_full(&sets, &cfg.render_opts())
    } else {
        cidr_list(&sets)
    };
    std::io::stdout().lock().write_all(&bytes)?;
    Ok(0)
}

#[derive(Serialize)]
struct SetDiff {
    same: bool,
    added_cidrs: usize,
    removed_cidrs: usize,
    added_ipv4_addresses: u128,
    removed_ipv4_addresses: u128,
    added_ipv6_addresses: u128,
    removed_ipv6_addresses: u128,
    added: Vec<String>,
    removed: Vec<String>,
}

fn set_diff(old: &Sets, new: &Sets, limit: usize) -> SetDiff {
    let added = new.difference(old);
    let removed = old.difference(new);
    SetDiff {
        same: added.is_empty() && removed.is_empty(),
        added_cidrs: added.v4.cidr_count() + added.v6.cidr_count(),
        removed_cidrs: removed.v4.cidr_count() + removed.v6.cidr_count(),
        added_ipv4_addresses: added.v4.count(),
        removed_ipv4_addresses: removed.v4.count(),
        added_ipv6_addresses: added.v6.count(),
        removed_ipv6_addresses: removed.v6.count(),
        added: added.cidrs().take(limit).map(|n| n.to_string()).collect(),
        removed: removed.cidrs().take(limit).map(|n| n.to_string()).collect(),
    }
}

fn print_diff_lines(d: &SetDiff) {
    for a in &d.added {
        println!("+ {a}");
    }
    if d.added.len() < d.added_cidrs {
        println!("+ … {} more", d.added_cidrs - d.added.len());
    }
    for r in &d.removed {
        println!("- {r}");
    }
    if d.removed.len() < d.removed_cidrs {
        println!("- … {} more", d.removed_cidrs - d.removed.len());
    }
}

fn diff_summary(d: &SetDiff) -> String {
    format!(
        "+{} CIDRs ({} IPv4 + {} IPv6 addresses), -{} CIDRs ({} IPv4 + {} IPv6 addresses)",
        d.added_cidrs,
        d.added_ipv4_addresses,
        d.added_ipv6_addresses,
        d.removed_cidrs,
        d.removed_ipv4_addresses,
        d.removed_ipv6_addresses
    )
}

fn diff(ctx: &Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let load = |id: &str| -> anyhow::Result<Sets> {
        let opts = SourceOpts {
            block: vec![m.get_one::<PathBuf>(id).cloned().unwrap_or_default()],
            allow: Vec::new(),
            allow_huge: true,
        };
        Ok(effective(&opts)?.1)
    };
    let (a, b) = (load("a")?, load("b")?);
    let d = set_diff(&a, &b, usize::MAX);
    if ctx.json() {
        output::print_json(&d)?;
    } else {
        print_diff_lines(&d);
        if !ctx.flags.quiet {
            println!(
                "{}",
                if d.same {
                    "same set".to_string()
                } else {
                    diff_summary(&d)
                }
            );
        }
    }
    Ok(if d.same { 0 } else { 1 })
}

#[derive(Serialize)]
struct SourceStats {
    path: String,
    role: Role,
    entries: usize,
    ipv4: usize,
    ipv6: usize,
    invalid: usize,
    ipv4_addresses: u128,
    ipv6_addresses: u128,
}

#[derive(Serialize)]
struct Stats {
    sources: Vec<SourceStats>,
    cidrs: usize,
    ipv4_cidrs: usize,
    ipv6_cidrs: usize,
    ipv4_addresses: u128,
    ipv6_addresses: u128,
    ipv4_share_percent: f64,
    kernel_elements: KernelElements,
}

#[derive(Serialize)]
struct KernelElements {
    blocked_ips: usize,
    blocked_nets: usize,
    blocked_ips6: usize,
    blocked_nets6: usize,
    /// Per-prefix-length sets (one chain rule each).
    prefix_sets: usize,
}

fn stats(ctx: &Ctx, opts: &SourceOpts) -> anyhow::Result<i32> {
    let mut per = Vec::new();
    for (paths, role) in [(&opts.block, Role::Block), (&opts.allow, Role::Allow)] {
        for p in paths {
            for f in sources::expand(p)? {
                let mut l = Loaded::new(false);
                l.read(std::slice::from_ref(&f), Role::Block)?;
                let info = l.files[0].clone();
                let s = l.effective();
                per.push(SourceStats {
                    path: info.path,
                    role,
                    entries: info.entries,
                    ipv4: info.ipv4,
                    ipv6: info.ipv6,
                    invalid: info.invalid,
                    ipv4_addresses: s.v4.count(),
                    ipv6_addresses: s.v6.count(),
                });
            }
        }
    }
    let (_, sets) = effective(opts)?;
    let lay = Layout::of(&sets);
    let st = Stats {
        sources: per,
        ipv4_cidrs: sets.v4.cidr_count(),
        ipv6_cidrs: sets.v6.cidr_count(),
        cidrs: sets.v4.cidr_count() + sets.v6.cidr_count(),
        ipv4_addresses: sets.v4.count(),
        ipv6_addresses: sets.v6.count(),
        ipv4_share_percent: sets.share_percent().0,
        kernel_elements: KernelElements {
            blocked_ips: lay.v4.ips.len(),
            blocked_nets: lay.v4.nets_len(),
            blocked_ips6: lay.v6.ips.len(),
            blocked_nets6: lay.v6.nets_len(),
            prefix_sets: lay.v4.nets.len() + lay.v6.nets.len(),
        },
    };
    if ctx.json() {
        output::print_json(&st)?;
        return Ok(0);
    }
    let mut t = Table::new([
        "SOURCE",
        "ROLE",
        "ENTRIES",
        "IPV4",
        "IPV6",
        "INVALID",
        "IPV4 ADDRESSES",
    ])
    .right(2)
    .right(3)
    .right(4)
    .right(5)
    .right(6);
    for s in &st.sources {
        t.row([
            s.path.clone(),
            format!("{:?}", s.role).to_lowercase(),
            s.entries.to_string(),
            s.ipv4.to_string(),
            s.ipv6.to_string(),
            s.invalid.to_string(),
            s.ipv4_addresses.to_string(),
        ]);
    }
    t.print()?;
    println!(
        "\neffective set: {} CIDRs ({} IPv4, {} IPv6), {} IPv4 addresses ({:.4}% of the space), {} IPv6 addresses",
        st.cidrs, st.ipv4_cidrs, st.ipv6_cidrs, st.ipv4_addresses, st.ipv4_share_percent, st.ipv6_addresses
    );
    println!(
        "kernel elements: {} addresses + {} prefixes in {} prefix-length sets (IPv4), {} + {} in {} (IPv6)",
        lay.v4.ips.len(),
        lay.v4.nets_len(),
        lay.v4.nets.len(),
        lay.v6.ips.len(),
        lay.v6.nets_len(),
        lay.v6.nets.len()
    );
    Ok(0)
}

fn verify_cmd(
    ctx: &Ctx,
    cfg: &BlocklistConfig,
    files: &[PathBuf],
    metadata: Option<PathBuf>,
    sha: Option<String>,
    print: bool,
) -> anyhow::Result<i32> {
    let read = |p: &PathBuf| std::fs::read(p).ok();
    if print {
        if files.is_empty() {
            return Err(crate::error::usage("--print needs FILE arguments"));
        }
        for f in files {
            let b = read(f)
                .ok_or_else(|| crate::error::invalid(format!("cannot read {}", f.display())))?;
            println!("SHA256: {}  {}", verify::sha256_hex(&b), f.display());
        }
        return Ok(0);
    }
    let mut results = Vec::new();
    if let Some(h) = sha {
        if files.len() != 1 {
            return Err(crate::error::usage("--sha256 checks exactly one FILE"));
        }
        let f = &files[0];
        results.push(verify::check(
            &f.display().to_string(),
            read(f).as_deref(),
            Some(&h),
        ));
    } else {
        let (meta, from_config) = match (metadata, &cfg.metadata) {
            (Some(m), _) => (m, false),
            (None, Some(m)) => (m.clone(), true),
            (None, None) => {
                return Err(crate::error::usage(
                    "no metadata file: pass --metadata FILE or set [blocklist] metadata",
                ))
            }
        };
        let entries = verify::read_metadata(&meta)?;
        let lookup = |f: &PathBuf| {
            let base = f.file_name().map(|b| b.to_string_lossy().into_owned());
            entries.iter().find(|(k, p, _)| {
                Some(k.as_str()) == base.as_deref()
                    || p.file_name().map(|b| b.to_string_lossy().into_owned()) == base
            })
        };
        let mut targets: Vec<PathBuf> = files.to_vec();
        if files.is_empty() {
            for (_, p, h) in &entries {
                results.push(verify::check(
                    &p.display().to_string(),
                    read(p).as_deref(),
                    h.as_deref(),
                ));
            }
            if from_config {
                // Every configured source must be covered by the metadata.
                for p in cfg.sources.iter().chain(&cfg.allow) {
                    for f in sources::expand(p).unwrap_or_else(|_| vec![p.clone()]) {
                        if !entries.iter().any(|(_, mp, _)| same_file(mp, &f)) {
                            targets.push(f);
                        }
                    }
                }
            }
        }
        for f in &targets {
            let name = f.display().to_string();
            match lookup(f) {
                Some((_, _, h)) => {
                    results.push(verify::check(&name, read(f).as_deref(), h.as_deref()))
                }
                None => results.push(verify::unknown(&name, read(f).as_deref())),
            }
        }
        if results.is_empty() {
            return Err(crate::error::invalid(format!(
                "{}: lists no blocklists",
                meta.display()
            )));
        }
    }
    let failed = results
        .iter()
        .filter(|r| r.status != verify::Status::Ok)
        .count();
    if ctx.json() {
        #[derive(Serialize)]
        struct V<'a> {
            ok: bool,
            files: &'a [verify::Result],
        }
        output::print_json(&V {
            ok: failed == 0,
            files: &results,
        })?;
    } else {
        let mut t = Table::new(["FILE", "STATUS", "SHA256", "MESSAGE"]);
        for r in &results {
            t.row([
                r.file.clone(),
                serde_json::to_value(r.status)?
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                r.actual.clone().unwrap_or_default(),
                r.message.clone(),
            ]);
        }
        t.print()?;
    }
    if failed > 0 {
        return Err(crate::error::invalid(format!(
            "integrity check failed for {failed} of {} file{}",
            results.len(),
            if results.len() == 1 { "" } else { "s" }
        )));
    }
    Ok(0)
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
