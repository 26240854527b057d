//! `health-check --collect-diagnostics FILE`: a tar.gz of what a support engineer asks for
//! first, every secret redacted, written atomically (0600). What could not be collected is
//! listed in `MISSING.txt` inside the archive, with the reason.
//!
//! Secrets are removed twice over: the exact values read from the files known to hold them
//! (TSIG/rndc key files, the Ceph keyring, the console-ticket key) are replaced wherever they
//! appear, and shapes are redacted in every text (BIND `secret "…"`, secret-named keys, crypt
//! hashes, Ceph keys): `model::diagnostics`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::sections::{ConsoleConfig, DnsConfig, TsigConfig};
use crate::config::views::{CephView, LibvirtView};
use crate::context::Ctx;
use crate::exec::files::FileSpec;
use crate::exec::{Cmd, Exec};
use crate::model::cidr_nft::TABLE;
use crate::model::diagnostics::{self as dm, Entry, SecretFile};
use crate::model::dns as dnsm;
use crate::tools::ceph::Ceph;
use crate::tools::virsh::{self, Virsh};
use crate::tools::{dpkg_query, journalctl, nft, rndc, zpool};

/// Audit lines kept (the newest).
const AUDIT_LINES: usize = 1000;

#[derive(Debug, Serialize)]
pub struct Summary {
    pub file: PathBuf,
    pub collected: Vec<String>,
    pub missing: Vec<(String, String)>,
}

struct Bundle<'a> {
    exec: &'a Exec,
    known: Vec<String>,
    entries: Vec<Entry>,
    missing: Vec<(String, String)>,
}

impl Bundle<'_> {
    fn add(&mut self, path: &str, text: &str) {
        self.entries.push(Entry {
            path: path.to_string(),
            data: dm::redact(text, &self.known).into_bytes(),
        });
    }

    fn miss(&mut self, path: &str, why: impl Into<String>) {
        self.missing.push((path.to_string(), why.into()));
    }

    /// Runs a read-only command; its stdout (and stderr when it says something) goes in.
    fn run(&mut self, path: &str, cmd: &Cmd) {
        match self.exec.run(cmd) {
            Ok(out) if out.success() || !out.stdout.trim().is_empty() => {
                let mut t = out.stdout.clone();
                if !out.stderr.trim().is_empty() {
                    t.push_str("\n--- stderr ---\n");
                    t.push_str(&out.stderr);
                }
                self.add(path, &t);
            }
            Ok(out) => self.miss(path, format!("failed: {}", out.stderr.trim())),
            Err(e) => self.miss(path, format!("{e:#}")),
        }
    }

    fn file(&mut self, path: &str, src: &Path) {
        match std::fs::read_to_string(src) {
            Ok(t) => self.add(path, &t),
            Err(e) => self.miss(path, format!("{}: {e}", src.display())),
        }
    }
}

fn known_secrets(files: &[(SecretFile, PathBuf)]) -> Vec<String> {
    files
        .iter()
        .filter_map(|(k, p)| {
            std::fs::read_to_string(p)
                .ok()
                .map(|t| dm::secrets_of(*k, &t))
        })
        .flatten()
        .collect()
}

fn tool(name: &str) -> bool {
    which::which(name).is_ok()
}

pub fn collect(
    ctx: &Ctx,
    file: &Path,
    connect: Option<&str>,
    checks: &[super::Check],
) -> anyhow::Result<Summary> {
    let cfg = ctx.config()?;
    let general = ctx.general()?;
    let dns: DnsConfig = cfg.section("dns")?;
    let tsig: TsigConfig = cfg.section("tsig")?;
    let console: ConsoleConfig = cfg.section("console")?;
    let ceph: CephView = cfg.section("ceph")?;
    let libvirt: LibvirtView = cfg.section("libvirt")?;
    let exec = ctx.exec()?;

    let keyring = ceph
        .keyring
        .clone()
        .unwrap_or_else(|| "/etc/ceph/ceph.client.admin.keyring".into());
    let mut secret_files = vec![
        (SecretFile::Bind, dns.key_file.clone()),
        (SecretFile::Bind, tsig.bind_include.clone()),
        (SecretFile::Bind, tsig.rndc_key.clone()),
        (SecretFile::Keyring, keyring),
        (SecretFile::Raw, console.secret_file.clone()),
    ];
    if let Some(c) = &tsig.client_key {
        secret_files.push((SecretFile::Bind, c.clone()));
    }
    let mut b = Bundle {
        exec,
        known: known_secrets(&secret_files),
        entries: Vec::new(),
        missing: Vec::new(),
    };

    // Versions of every tool: this binary, and the Debian package of every program it runs.
    let mut pkgs: Vec<String> = crate::exec::packages::PROGRAMS
        .iter()
        .map(|(_, p)| p.to_string())
        .filter(|p| !p.contains(' '))
        .collect();
    pkgs.sort();
    pkgs.dedup();
    b.add(
        "versions/debvisor.txt",
        &format!("debvisor {}\n", crate::cli::VERSION),
    );
    if tool("dpkg-query") {
        b.run("versions/packages.txt", &dpkg_query::versions_here(&pkgs));
    } else {
        b.miss("versions/packages.txt", "dpkg-query not found");
    }

    // The configuration and the audit log's tail.
    match &cfg.path {
        Some(p) => b.file("config/debvisor.toml", p),
        None => b.miss(
            "config/debvisor.toml",
            "no configuration file (defaults in use)",
        ),
    }
    match std::fs::read_to_string(&general.audit_log) {
        Ok(t) => {
            let lines: Vec<&str> = t.lines().collect();
            let tail = &lines[lines.len().saturating_sub(AUDIT_LINES)..];
            b.add("audit/audit.jsonl", &(tail.join("\n") + "\n"));
        }
        Err(e) => b.miss(
            "audit/audit.jsonl",
            format!("{}: {e}", general.audit_log.display()),
        ),
    }
    b.add(
        "health-check.json",
        &serde_json::to_string_pretty(checks).unwrap_or_default(),
    );

    // journalctl -u of every debvisor unit, when journald runs.
    if Path::new("/run/systemd/journal/socket").exists() && tool("journalctl") {
        let units: Vec<String> = [
            "debvisor-blocklist",
            "debvisor-ceph-health",
            "debvisor-zfs-scrub",
            "debvisor-metrics",
            "debvisor-firstboot",
            "debvisor-websockify@*",
            "tsig-rotate",
            "hostname-register",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        b.run(
            "journal/debvisor-units.txt",
            &journalctl::units_tail(&units, 5000),
        );
    } else {
        b.miss("journal/debvisor-units.txt", "journald is not running");
    }

    // Ceph.
    let conf = crate::config::resolve::ceph_conf(None, ceph.conf.clone());
    if conf.exists() && tool("ceph") {
        let c = Ceph::resolve(None, None, ceph.conf.clone(), ceph.keyring.clone(), 10);
        b.run("ceph/status.json", &c.status());
        b.run("ceph/health-detail.json", &c.health_detail());
    } else {
        b.miss(
            "ceph/status.json",
            format!("no Ceph cluster configured ({} absent)", conf.display()),
        );
    }
    // VMs.
    if tool("virsh") {
        let uri = virsh::resolve_uri(connect, libvirt.uri.as_deref());
        b.run("libvirt/virsh-list.txt", &Virsh::new(uri).list_all());
    } else {
        b.miss("libvirt/virsh-list.txt", "virsh not found");
    }
    // The blocklist's table.
    if tool("nft") {
        b.run("nftables/blocklist.json", &nft::list_table_json(TABLE));
    } else {
        b.miss("nftables/blocklist.json", "nft not found");
    }
    // ZFS.
    if tool("zpool") {
        b.run("zfs/zpool-status.txt", &zpool::status(&[]));
    } else {
        b.miss("zfs/zpool-status.txt", "ZFS not installed");
    }
    // BIND.
    match dnsm::parse_server(&tsig.rndc_server) {
        Ok(server) if tool("rndc") && tsig.rndc_key.exists() => b.run(
            "bind/rndc-status.txt",
            &rndc::status(&tsig.rndc_key, &server),
        ),
        Ok(_) => b.miss(
            "bind/rndc-status.txt",
            format!(
                "rndc or its key ({}) not available",
                tsig.rndc_key.display()
            ),
        ),
        Err(e) => b.miss("bind/rndc-status.txt", format!("[tsig] rndc_server: {e}")),
    }
    // The lifecycle journals.
    for (name, p) in [
        (
            "journals/firstboot-report.json",
            general.log_dir.join("firstboot-report.json"),
        ),
        (
            "journals/join.json",
            general.state_dir.join("join/journal.json"),
        ),
        (
            "journals/upgrade.json",
            general.state_dir.join("upgrade/journal.json"),
        ),
    ] {
        b.file(name, &p);
    }

    let missing_text: String = b
        .missing
        .iter()
        .map(|(p, why)| format!("{p}: {why}\n"))
        .collect();
    b.add("MISSING.txt", &missing_text);
    let collected: Vec<String> = b.entries.iter().map(|e| e.path.clone()).collect();
    let now = crate::clock::unix_now();
    let bytes = dm::archive("debvisor-diagnostics", &b.entries, now)?;
    exec.write_file(file, &bytes, FileSpec::mode(0o600))?;
    Ok(Summary {
        file: file.to_path_buf(),
        collected,
        missing: b.missing,
    })
}
