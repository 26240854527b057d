//! dns-update: add, replace or delete A/AAAA records and their PTRs on the zone's primary
//! with TSIG-signed DNS UPDATEs, then prove that every primary and secondary serves them.
//!
//! One run = O(1) processes whatever the batch size: one dig batch reads the current records
//! (two when replaced addresses need their old PTRs), one nsupdate sends every UPDATE message
//! (split per zone below 64 KB, each guarded by prerequisites so a concurrent change is never
//! clobbered), a few dig batches poll all servers for the new serial and the records.
//! Before anything changes, the old RRsets go to a journal under the state directory;
//! `--rollback [ID]` restores them.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::Applet;
use crate::context::Ctx;
use crate::error::{self, Error};
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::dns::{self, Change, Fqdn, Key, Op, RType, Rrset, Server};
use crate::model::dns_dig::{self, Query, Reply};
use crate::model::dns_nsupdate::{Diagnosis, Failure};
use crate::output::{self, Table};
use crate::tools::{delv, dig, nsupdate};

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
    crate::cli::command("dns-update")
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

/// `[dns]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DnsConfig {
    pub zone: Option<String>,
    pub primaries: Vec<String>,
    pub secondaries: Vec<String>,
    pub key_file: PathBuf,
    pub reverse_zones: Vec<String>,
    pub ptr: bool,
    pub ttl: u32,
    pub update_timeout: u64,
    pub query_timeout: u64,
    pub verify: bool,
    pub verify_deadline: u64,
    pub dnssec_validate: bool,
    pub dnssec_samples: usize,
    pub trust_anchor: Option<PathBuf>,
    pub lock_wait: u64,
}

impl Default for DnsConfig {
    fn default() -> Self {
        DnsConfig {
            zone: None,
            primaries: Vec::new(),
            secondaries: Vec::new(),
            key_file: "/etc/debvisor/dns-update.key".into(),
            reverse_zones: Vec::new(),
            ptr: true,
            ttl: 300,
            update_timeout: 10,
            query_timeout: 2,
            verify: true,
            verify_deadline: 30,
            dnssec_validate: true,
            dnssec_samples: 4,
            trust_anchor: None,
            lock_wait: 60,
        }
    }
}

/// Everything a run needs, resolved from flags and configuration.
pub struct Dns<'a> {
    pub exec: &'a Exec,
    pub zone: Fqdn,
    pub primaries: Vec<Server>,
    pub secondaries: Vec<Server>,
    pub key_file: PathBuf,
    pub reverse_zones: Vec<Fqdn>,
    pub ptr: bool,
    pub cfg: DnsConfig,
}

fn bad(e: String) -> anyhow::Error {
    error::invalid(e)
}

impl<'a> Dns<'a> {
    /// Resolves servers, zone and key file from flags (when given) over `[dns]`.
    pub fn resolve(
        exec: &'a Exec,
        cfg: DnsConfig,
        zone: Option<&str>,
        servers: Option<Vec<String>>,
        secondaries: Option<Vec<String>>,
        key_file: Option<PathBuf>,
    ) -> anyhow::Result<Dns<'a>> {
        let zone_text = zone
            .map(str::to_string)
            .or_else(|| cfg.zone.clone())
            .ok_or_else(|| error::config("no zone: set [dns] zone or pass --zone"))?;
        let zone = dns::parse_zone(&zone_text).map_err(bad)?;
        let from_cfg = servers.is_none();
        let primaries: Vec<Server> = servers
            .unwrap_or_else(|| cfg.primaries.clone())
            .iter()
            .map(|s| dns::parse_server(s))
            .collect::<Result<_, _>>()
            .map_err(|e| {
                if from_cfg {
                    error::config(format!("[dns] primaries: {e}"))
                } else {
                    bad(e)
                }
            })?;
        if primaries.is_empty() {
            return Err(error::config(
                "no primary DNS server: set [dns] primaries or pass --server HOST:PORT",
            ));
        }
        let secondaries: Vec<Server> = secondaries
            .unwrap_or_else(|| cfg.secondaries.clone())
            .iter()
            .map(|s| dns::parse_server(s))
            .collect::<Result<_, _>>()
            .map_err(bad)?;
        let reverse_zones = cfg
            .reverse_zones
            .iter()
            .map(|z| dns::parse_zone(z))
            .collect::<Result<_, _>>()
            .map_err(|e| error::config(format!("[dns] reverse_zones: {e}")))?;
        Ok(Dns {
            exec,
            zone,
            primaries,
            secondaries,
            key_file: key_file.unwrap_or_else(|| cfg.key_file.clone()),
            reverse_zones,
            ptr: cfg.ptr,
            cfg,
        })
    }

    /// The key file must exist and hold a key: nsupdate sends UNSIGNED updates when it cannot
    /// read one (shared/recipes/dns), which would only fail later with a misleading REFUSED.
    pub fn check_key_file(&self) -> anyhow::Result<()> {
        check_key_file(&self.key_file)
    }

    fn timeouts(&self) -> nsupdate::Timeouts {
        nsupdate::Timeouts {
            total: self.cfg.update_timeout.max(1),
            udp: 2,
            retries: 1,
        }
    }

    fn dig(
        &self,
        queries: &[Query],
        dnssec: bool,
        what: &str,
    ) -> anyhow::Result<Vec<(Query, Reply)>> {
        if queries.is_empty() {
            return Ok(Vec::new());
        }
        let out = self
            .exec
            .run(&dig::batch(queries, self.cfg.query_timeout, dnssec, what))?;
        if !out.ran {
            return Ok(Vec::new());
        }
        let replies = dns_dig::parse_yaml(&out.stdout);
        let paired = dns_dig::pair(queries, replies).map_err(|e| {
            anyhow::anyhow!(
                "{e} (dig stderr: {})",
                out.stderr.trim().lines().last().unwrap_or("")
            )
        })?;
        Ok(paired.into_iter().map(|(q, r)| (q.clone(), r)).collect())
    }
}

pub fn check_key_file(path: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => error::config(format!(
            "TSIG key file {} does not exist (create it with `debvisor tsig-keygen`, set [dns] key_file or pass --key-file)",
            path.display()
        )),
        std::io::ErrorKind::PermissionDenied => error::precondition(format!(
            "cannot read TSIG key file {}: permission denied (run as root)",
            path.display()
        )),
        _ => error::precondition(format!("cannot read TSIG key file {}: {e}", path.display())),
    })?;
    let keys = crate::model::tsig::parse(&text)
        .map_err(|e| error::config(format!("TSIG key file {}: {e}", path.display())))?;
    match keys.as_slice() {
        [k] => {
            if k.algorithm == "hmac-md5" {
                tracing::warn!(
                    "TSIG key {} uses hmac-md5; rotate to hmac-sha256 (debvisor tsig-rotate)",
                    k.name
                );
            }
            Ok(())
        }
        [] => Err(error::config(format!(
            "TSIG key file {} holds no key",
            path.display()
        ))),
        _ => Err(error::config(format!(
            "TSIG key file {} holds {} keys; nsupdate needs exactly one",
            path.display(),
            keys.len()
        ))),
    }
}

/// What was read from the update server.
#[derive(Debug, Default)]
pub struct State {
    pub server: Option<Server>,
    pub rrsets: BTreeMap<Key, Rrset>,
    pub serials: BTreeMap<Fqdn, u32>,
    pub signed: BTreeMap<Fqdn, Vec<String>>,
    /// PTR name → its zone on the server (None: not served).
    pub ptr_zones: BTreeMap<Fqdn, Option<Fqdn>>,
}

impl Dns<'_> {
    fn reverse_zone_of(&self, state: &State, ptr: &Fqdn) -> Option<Fqdn> {
        if !self.ptr {
            return None;
        }
        if !self.reverse_zones.is_empty() {
            return self
                .reverse_zones
                .iter()
                .filter(|z| ptr.is_in(z))
                .max_by_key(|z| z.as_str().len())
                .cloned();
        }
        state.ptr_zones.get(ptr).cloned().flatten()
    }

    /// Reads `keys` (plus the zones' SOA and DNSKEY, and the zone of each PTR name when reverse
    /// zones are discovered) from the first primary that answers for the zone.
    pub fn read(
        &self,
        keys: &BTreeSet<Key>,
        extra_zones: &BTreeSet<Fqdn>,
        state: &mut State,
    ) -> anyhow::Result<()> {
        let mut last_err = None;
        let candidates: Vec<Server> = match &state.server {
            Some(s) => vec![s.clone()],
            None => self.primaries.clone(),
        };
        for server in candidates {
            let mut zones: BTreeSet<Fqdn> = extra_zones.clone();
            zones.insert(self.zone.clone());
            zones.extend(self.reverse_zones.iter().cloned());
            let mut q: Vec<Query> = Vec::new();
            let probe: Vec<Query> = zones
                .iter()
                .flat_map(|z| {
                    [RType::SOA, RType::DNSKEY].map(|t| Query {
                        server: server.clone(),
                        name: z.clone(),
                        rtype: t,
                    })
                })
                .collect();
            q.extend(probe.iter().cloned());
            for k in keys {
                q.push(Query {
                    server: server.clone(),
                    name: k.name.clone(),
                    rtype: k.rtype,
                });
                if k.rtype == RType::PTR
                    && self.ptr
                    && self.reverse_zones.is_empty()
                    && !state.ptr_zones.contains_key(&k.name)
                {
                    q.push(Query {
                        server: server.clone(),
                        name: k.name.clone(),
                        rtype: RType::SOA,
                    });
                }
            }
            // A dead server costs one timeout per query: probe first when the batch is large.
            if q.len() > 50 {
                let r = self.dig(&probe, false, &format!("SOA of {} at {server}", self.zone))?;
                if let Some(e) = soa_problem(&r, &self.zone) {
                    last_err = Some(e);
                    continue;
                }
            }
            let replies = self.dig(&q, false, &format!("current records at {server}"))?;
            if replies.is_empty() {
                // dry run of a read-only command never happens; empty means no queries.
                state.server = Some(server);
                return Ok(());
            }
            if let Some(e) = soa_problem(&replies, &self.zone) {
                last_err = Some(e);
                continue;
            }
            for (q, r) in &replies {
                if let Some(e) = &r.error {
                    anyhow::bail!("reading {} {} from {server}: {e}", q.name, q.rtype);
                }
                let status = r.status.as_deref().unwrap_or("");
                match q.rtype {
                    RType::SOA if zones.contains(&q.name) => {
                        if let Some(s) = r.soa().and_then(|s| s.soa_serial()) {
                            if status == "NOERROR" {
                                state.serials.insert(q.name.clone(), s);
                            }
                        }
                    }
                    RType::SOA => {
                        let zone = (status == "NOERROR" || status == "NXDOMAIN")
                            .then(|| r.soa().and_then(|s| dns::parse_any_name(&s.name).ok()))
                            .flatten();
                        if let (Some(z), Some(s)) = (&zone, r.soa().and_then(|s| s.soa_serial())) {
                            state.serials.insert(z.clone(), s);
                        }
                        state.ptr_zones.insert(q.name.clone(), zone);
                    }
                    RType::DNSKEY => {
                        let keys: Vec<String> =
                            r.answers("DNSKEY").map(|k| k.data.clone()).collect();
                        if !keys.is_empty() {
                            state.signed.insert(q.name.clone(), keys);
                        }
                    }
                    t => {
                        if status != "NOERROR" && status != "NXDOMAIN" {
                            if status == "REFUSED" || status == "NOTAUTH" {
                                // Not served there (a reverse zone the server lacks).
                                continue;
                            }
                            anyhow::bail!("reading {} {t} from {server}: {status}", q.name);
                        }
                        if let Some(c) = r.answers("CNAME").find(|c| c.name == q.name.as_str()) {
                            return Err(error::invalid(format!(
                                "{} is an alias (CNAME {}); refusing to add address records beside it",
                                q.name, c.data
                            )));
                        }
                        let mut rs = Rrset::default();
                        for rr in r
                            .answers(t.as_str())
                            .filter(|rr| rr.name == q.name.as_str())
                        {
                            rs.ttl.get_or_insert(rr.ttl);
                            rs.values.insert(dns::canonical_value(t, &rr.data));
                        }
                        if !rs.values.is_empty() {
                            state.rrsets.insert(
                                Key {
                                    name: q.name.clone(),
                                    rtype: t,
                                },
                                rs,
                            );
                        }
                    }
                }
            }
            state.server = Some(server);
            return Ok(());
        }
        Err(last_err.unwrap_or_else(|| error::precondition("no primary DNS server answered")))
    }
}

fn soa_problem(replies: &[(Query, Reply)], zone: &Fqdn) -> Option<anyhow::Error> {
    let (q, r) = replies
        .iter()
        .find(|(q, _)| q.rtype == RType::SOA && &q.name == zone)?;
    if let Some(e) = &r.error {
        return Some(error::precondition(format!(
            "cannot reach the DNS server {}: {e}",
            q.server
        )));
    }
    let st = r.status.as_deref().unwrap_or("");
    if st != "NOERROR" || r.answers("SOA").next().is_none() {
        return Some(error::config(format!(
            "{} does not serve the zone {zone} ({st}): check [dns] zone and primaries",
            q.server
        )));
    }
    None
}

/// The rollback journal of one run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Journal {
    pub id: String,
    pub time: String,
    pub user: String,
    pub zone: Fqdn,
    pub server: String,
    /// pending | applied | partial | failed | unverified | rolled-back
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolled_back_by: Option<String>,
    pub changes: Vec<Change>,
}

fn journal_dir(ctx: &Ctx) -> anyhow::Result<PathBuf> {
    Ok(ctx.general()?.state_dir.join("dns-update"))
}

fn new_journal_id() -> String {
    let t: String = crate::clock::now_rfc3339()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("{t}-{}", std::process::id())
}

fn save_journal(exec: &Exec, dir: &Path, j: &Journal) -> anyhow::Result<()> {
    exec.create_dir_all(dir, 0o750)?;
    let mut body = serde_json::to_vec_pretty(j)?;
    body.push(b'\n');
    exec.write_file(
        &dir.join(format!("{}.json", j.id)),
        &body,
        FileSpec::mode(0o640),
    )
}

fn load_journals(dir: &Path) -> anyhow::Result<Vec<Journal>> {
    let mut out = Vec::new();
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => {
            return Err(error::precondition(format!(
                "cannot read {}: {e}",
                dir.display()
            )))
        }
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "json") {
            let text = std::fs::read_to_string(&p)?;
            match serde_json::from_str::<Journal>(&text) {
                Ok(j) => out.push(j),
                Err(err) => tracing::warn!("ignoring unreadable journal {}: {err}", p.display()),
            }
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Per-server verification result.
#[derive(Debug, Clone, Serialize)]
pub struct ServerReport {
    pub server: String,
    pub role: &'static str,
    pub serial: Option<u32>,
    pub verified: bool,
    pub elapsed_ms: Option<u128>,
    pub dnssec: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The outcome of sending changes.
pub struct Applied {
    pub server: Server,
    /// Changes now in effect on the update server.
    pub applied: Vec<Change>,
    /// Changes not in effect (failed message, concurrent change).
    pub not_applied: Vec<Change>,
    pub failure: Option<Diagnosis>,
}

fn failure_error(d: &Diagnosis, secs: u64) -> anyhow::Error {
    match d.kind {
        Failure::Auth | Failure::Refused | Failure::Unreachable => {
            error::precondition(d.message.clone())
        }
        Failure::WrongZone => error::config(d.message.clone()),
        Failure::Timeout => Error::Timeout {
            secs,
            what: format!("the DNS UPDATE reply ({})", d.message),
        }
        .into(),
        _ => anyhow::anyhow!("{}", d.message),
    }
}

impl Dns<'_> {
    /// Sends the changes (one nsupdate process, all messages) to the server the state was read
    /// from, failing over to the next primary when it cannot be reached. When anything failed,
    /// reads the records back to say exactly what is in effect.
    pub fn apply(&self, changes: &[Change], state: &State) -> anyhow::Result<Applied> {
        let messages = dns::split_messages(changes, dns::MAX_MESSAGE_BYTES);
        let first = state
            .server
            .clone()
            .unwrap_or_else(|| self.primaries[0].clone());
        let mut order = vec![first.clone()];
        order.extend(self.primaries.iter().filter(|p| **p != first).cloned());
        let mut last: Option<(Server, Diagnosis)> = None;
        for server in order {
            let script = dns::render_nsupdate(&server, &messages);
            let cmd = nsupdate::update(
                &self.key_file,
                script,
                self.timeouts(),
                format!(
                    "DNS UPDATE of {} RRset(s) in {} message(s) to {server}",
                    changes.len(),
                    messages.len()
                ),
            );
            let out = self.exec.run(&cmd)?;
            if !out.ran {
                return Ok(Applied {
                    server,
                    applied: Vec::new(),
                    not_applied: changes.to_vec(),
                    failure: None,
                });
            }
            let oc = nsupdate::outcome(&out, messages.len(), &server.to_string(), &self.key_file);
            match oc.failure {
                None => {
                    return Ok(Applied {
                        server,
                        applied: changes.to_vec(),
                        not_applied: Vec::new(),
                        failure: None,
                    })
                }
                Some(d) if d.kind.try_next_server() && oc.statuses.is_empty() => {
                    tracing::warn!("{d}; trying the next primary");
                    last = Some((server, d));
                }
                Some(d) => {
                    // Some messages may have been applied: read back what is in effect.
                    let (applied, not_applied) = if oc.statuses.iter().any(|s| s == "NOERROR") {
                        self.split_by_effect(&server, changes)?
                    } else {
                        (Vec::new(), changes.to_vec())
                    };
                    return Ok(Applied {
                        server,
                        applied,
                        not_applied,
                        failure: Some(d),
                    });
                }
            }
        }
        let (server, d) = last.expect("at least one primary");
        Ok(Applied {
            server,
            applied: Vec::new(),
            not_applied: changes.to_vec(),
            failure: Some(d),
        })
    }

    fn split_by_effect(
        &self,
        server: &Server,
        changes: &[Change],
    ) -> anyhow::Result<(Vec<Change>, Vec<Change>)> {
        let q: Vec<Query> = changes
            .iter()
            .map(|c| Query {
                server: server.clone(),
                name: c.name.clone(),
                rtype: c.rtype,
            })
            .collect();
        let replies = self.dig(&q, false, &format!("records in effect at {server}"))?;
        let mut applied = Vec::new();
        let mut not = Vec::new();
        for (c, (_, r)) in changes.iter().zip(replies) {
            let now: BTreeSet<String> = r
                .answers(c.rtype.as_str())
                .filter(|rr| rr.name == c.name.as_str())
                .map(|rr| dns::canonical_value(c.rtype, &rr.data))
                .collect();
            if now == c.new.iter().cloned().collect::<BTreeSet<_>>() {
                applied.push(c.clone());
            } else {
                not.push(c.clone());
            }
        }
        Ok((applied, not))
    }

    /// Polls every primary and secondary until it serves the zones at (at least) the serial the
    /// update server reached and answers every changed RRset as expected, or until `deadline`.
    /// Each round is ONE dig process for all servers: SOA queries for servers not yet there,
    /// record queries for servers that are.
    pub fn verify(
        &self,
        changes: &[Change],
        update_server: &Server,
        state: &State,
        deadline: Duration,
    ) -> anyhow::Result<Vec<ServerReport>> {
        let start = Instant::now();
        let zones: BTreeSet<Fqdn> = changes.iter().map(|c| c.zone.clone()).collect();
        let signed = |z: &Fqdn| state.signed.contains_key(z);
        let any_signed = zones.iter().any(signed);
        struct S {
            server: Server,
            role: &'static str,
            is_update: bool,
            serials: BTreeMap<Fqdn, u32>,
            verified: bool,
            ms: Option<u128>,
            error: Option<String>,
        }
        let mut servers: Vec<S> = Vec::new();
        for (list, role) in [
            (&self.primaries, "primary"),
            (&self.secondaries, "secondary"),
        ] {
            for s in list {
                if servers.iter().any(|x| x.server == *s) {
                    continue;
                }
                servers.push(S {
                    server: s.clone(),
                    role,
                    is_update: s == update_server,
                    serials: BTreeMap::new(),
                    verified: false,
                    ms: None,
                    error: None,
                });
            }
        }
        let mut targets: BTreeMap<Fqdn, u32> = BTreeMap::new();
        let mut sleep = Duration::from_millis(40);
        loop {
            let ready = |s: &S, targets: &BTreeMap<Fqdn, u32>| {
                s.is_update
                    || zones
                        .iter()
                        .all(|z| match (s.serials.get(z), targets.get(z)) {
                            (Some(a), Some(b)) => dns::serial_ge(*a, *b),
                            _ => false,
                        })
            };
            let mut q: Vec<Query> = Vec::new();
            let mut checking: Vec<usize> = Vec::new();
            for (i, s) in servers.iter().enumerate() {
                if s.verified {
                    continue;
                }
                if ready(s, &targets) {
                    checking.push(i);
                    q.extend(changes.iter().map(|c| Query {
                        server: s.server.clone(),
                        name: c.name.clone(),
                        rtype: c.rtype,
                    }));
                }
                q.extend(zones.iter().map(|z| Query {
                    server: s.server.clone(),
                    name: z.clone(),
                    rtype: RType::SOA,
                }));
            }
            if q.is_empty() {
                break;
            }
            let replies = self.dig(&q, any_signed, "propagation to every server")?;
            let mut by_server: BTreeMap<String, Vec<(Query, Reply)>> = BTreeMap::new();
            for (q, r) in replies {
                by_server
                    .entry(q.server.to_string())
                    .or_default()
                    .push((q, r));
            }
            for (i, s) in servers.iter_mut().enumerate() {
                let Some(rs) = by_server.get(&s.server.to_string()) else {
                    continue;
                };
                let mut problems = Vec::new();
                for (q, r) in rs {
                    if let Some(e) = &r.error {
                        problems.push(format!("{} {}: {e}", q.name, q.rtype));
                        continue;
                    }
                    if q.rtype == RType::SOA && zones.contains(&q.name) {
                        match r.answers("SOA").next().and_then(|a| a.soa_serial()) {
                            Some(serial) => {
                                s.serials.insert(q.name.clone(), serial);
                            }
                            None => problems.push(format!(
                                "does not serve {} ({})",
                                q.name,
                                r.status.as_deref().unwrap_or("?")
                            )),
                        }
                    }
                }
                if checking.contains(&i) {
                    let mut ok = problems.is_empty();
                    let mut mism = Vec::new();
                    for (c, (_, r)) in changes.iter().zip(rs.iter()) {
                        let got: BTreeSet<String> = r
                            .answers(c.rtype.as_str())
                            .filter(|rr| rr.name == c.name.as_str())
                            .map(|rr| dns::canonical_value(c.rtype, &rr.data))
                            .collect();
                        let want: BTreeSet<String> = c.new.iter().cloned().collect();
                        if got != want {
                            ok = false;
                            if mism.len() < 3 {
                                mism.push(format!(
                                    "{} {} is [{}], expected [{}]",
                                    c.name,
                                    c.rtype,
                                    got.into_iter().collect::<Vec<_>>().join(" "),
                                    c.new.join(" ")
                                ));
                            }
                        } else if signed(&c.zone)
                            && !want.is_empty()
                            && !r
                                .answers("RRSIG")
                                .any(|s| s.rrsig_covers() == Some(c.rtype.as_str()))
                        {
                            ok = false;
                            if mism.len() < 3 {
                                mism.push(format!("{} {} is not signed yet", c.name, c.rtype));
                            }
                        }
                    }
                    if ok {
                        s.verified = true;
                        s.ms = Some(start.elapsed().as_millis());
                        s.error = None;
                        if s.is_update {
                            for z in &zones {
                                if let Some(v) = s.serials.get(z) {
                                    targets.insert(z.clone(), *v);
                                }
                            }
                        }
                    } else {
                        problems.extend(mism);
                    }
                }
                if !s.verified {
                    s.error = (!problems.is_empty()).then(|| problems.join("; "));
                }
            }
            if servers.iter().all(|s| s.verified) || start.elapsed() >= deadline {
                break;
            }
            let due = servers.iter().any(|s| {
                !s.verified && !s.is_update && ready(s, &targets) && !s.serials.is_empty()
            });
            if !due {
                std::thread::sleep(sleep.min(deadline.saturating_sub(start.elapsed())));
                sleep = (sleep * 2).min(Duration::from_millis(500));
            }
        }
        // DNSSEC: validate a sample of the new RRsets at every verified server with delv.
        let mut dnssec: BTreeMap<String, &'static str> = BTreeMap::new();
        let samples: Vec<&Change> = changes
            .iter()
            .filter(|c| signed(&c.zone) && !c.new.is_empty())
            .take(self.cfg.dnssec_samples)
            .collect();
        if any_signed && self.cfg.dnssec_validate && !samples.is_empty() {
            for s in servers.iter_mut().filter(|s| s.verified) {
                let mut verdict = "validated";
                for c in &samples {
                    let anchor = self.trust_anchor(&c.zone, state)?;
                    let out = self.exec.run(&delv::validate(
                        &s.server, &c.zone, &c.name, c.rtype, anchor,
                    ))?;
                    if !delv::fully_validated(&out.stdout, &out.stderr) {
                        verdict = "failed";
                        s.verified = false;
                        let why = out
                            .stderr
                            .lines()
                            .chain(out.stdout.lines())
                            .find(|l| l.contains("resolution failed") || l.contains("fail"))
                            .unwrap_or("not validated")
                            .trim()
                            .to_string();
                        s.error = Some(format!("DNSSEC: {} {}: {why}", c.name, c.rtype));
                        break;
                    }
                }
                dnssec.insert(s.server.to_string(), verdict);
            }
        }
        Ok(servers
            .into_iter()
            .map(|s| {
                let serial = s
                    .serials
                    .get(&self.zone)
                    .or_else(|| zones.iter().next().and_then(|z| s.serials.get(z)))
                    .copied();
                let key = s.server.to_string();
                ServerReport {
                    dnssec: dnssec.get(&key).copied().unwrap_or(if any_signed {
                        "not checked"
                    } else {
                        "unsigned"
                    }),
                    server: key,
                    role: s.role,
                    serial,
                    elapsed_ms: s.ms,
                    error: if s.verified {
                        None
                    } else {
                        Some(s.error.unwrap_or_else(|| "not verified".into()))
                    },
                    verified: s.verified,
                }
            })
            .collect())
    }

    fn trust_anchor(&self, zone: &Fqdn, state: &State) -> anyhow::Result<String> {
        if let Some(p) = &self.cfg.trust_anchor {
            return std::fs::read_to_string(p)
                .map_err(|e| error::config(format!("[dns] trust_anchor {}: {e}", p.display())));
        }
        let keys = state.signed.get(zone).cloned().unwrap_or_default();
        delv::anchor_from_dnskeys(zone, &keys)
            .ok_or_else(|| anyhow::anyhow!("no key-signing DNSKEY found for {zone}"))
    }
}

/// The whole JSON report (one document).
#[derive(Debug, Serialize)]
struct Report {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    journal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rollback_of: Option<String>,
    zone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ip_address: Option<String>,
    tsig_enabled: bool,
    changes: Vec<Change>,
    /// Deletes left out with --owner: the name was registered by another owner since.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kept: Vec<Kept>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_applied: Vec<Change>,
    servers: Vec<ServerReport>,
    propagation_verified: Option<bool>,
    dnssec_validated: Option<bool>,
    dry_run: bool,
    timestamp: String,
    elapsed_ms: u128,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct Kept {
    name: String,
    owner: String,
}

fn print_human(r: &Report) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for k in &r.kept {
        writeln!(
            out,
            "{}: left in place: registered by {} since (--owner)",
            k.name, k.owner
        )?;
    }
    let verb = if r.dry_run { "would change" } else { "changed" };
    let head = match r.status {
        "unchanged" => format!("{}: records already as requested; nothing to do", r.zone),
        _ => format!(
            "{}: {verb} {} RRset(s){}",
            r.zone,
            r.changes.len(),
            r.journal
                .as_ref()
                .map(|j| format!(" (journal {j})"))
                .unwrap_or_default()
        ),
    };
    writeln!(out, "{head}")?;
    if !r.changes.is_empty() {
        let mut t = Table::new(["NAME", "TYPE", "TTL", "OLD", "NEW"]).right(2);
        const MAX: usize = 20;
        for c in r.changes.iter().take(MAX) {
            let show = |v: &[String]| {
                if v.is_empty() {
                    "-".to_string()
                } else {
                    v.join(" ")
                }
            };
            t.row([
                c.name.to_string(),
                c.rtype.to_string(),
                c.ttl.to_string(),
                show(&c.old),
                show(&c.new),
            ]);
        }
        out.write_all(t.render().as_bytes())?;
        if r.changes.len() > MAX {
            writeln!(
                out,
                "… and {} more (--json lists all)",
                r.changes.len() - MAX
            )?;
        }
    }
    if !r.not_applied.is_empty() {
        writeln!(out, "NOT applied: {} RRset(s)", r.not_applied.len())?;
    }
    if !r.servers.is_empty() {
        let mut t = Table::new([
            "SERVER", "ROLE", "SERIAL", "VERIFIED", "DNSSEC", "TIME", "ERROR",
        ])
        .right(2);
        for s in &r.servers {
            t.row([
                s.server.clone(),
                s.role.to_string(),
                s.serial
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "-".into()),
                if s.verified { "yes" } else { "NO" }.to_string(),
                s.dnssec.to_string(),
                s.elapsed_ms
                    .map(|m| format!("{m} ms"))
                    .unwrap_or_else(|| "-".into()),
                s.error.clone().unwrap_or_default(),
            ]);
        }
        out.write_all(t.render().as_bytes())?;
    }
    Ok(())
}

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
    let verify = cfg.verify && !m.get_flag("no-verify");
    let deadline = Duration::from_secs(
        m.get_one::<u64>("deadline")
            .copied()
            .unwrap_or(cfg.verify_deadline),
    );
    let rollback_on_failure = m.get_flag("rollback-on-failure");

    if let Some(id) = m.get_one::<String>("rollback") {
        d.check_key_file()?;
        let _lock = ctx.lock("dns-update", Duration::from_secs(cfg.lock_wait))?;
        return rollback(ctx, &d, id, verify, deadline, started);
    }

    let (ops, single) = if let Some(src) = m.get_one::<String>("batch") {
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
        (ops, None)
    } else {
        let name = m.get_one::<String>("name").ok_or_else(|| {
            error::usage("give NAME ADDR, --delete NAME [ADDR], --batch FILE or --rollback")
        })?;
        let fqdn = dns::host_fqdn(name, &d.zone).map_err(bad)?;
        let addr = match m.get_one::<String>("addr") {
            Some(a) => Some(dns::parse_addr(a).map_err(bad)?),
            None => None,
        };
        let delete = m.get_flag("delete")
            || m.get_one::<String>("action").map(String::as_str) == Some("delete");
        let op = if delete {
            Op::Delete {
                name: fqdn.clone(),
                addr,
            }
        } else {
            let addr = addr.ok_or_else(|| {
                error::usage("ADDR is required to add a record (or use --delete)")
            })?;
            Op::Add {
                name: fqdn.clone(),
                addr,
                ttl: m.get_one::<String>("ttl").map(|_| ttl),
            }
        };
        (
            vec![op],
            Some((fqdn.to_string(), addr.map(|a| a.to_string()))),
        )
    };
    let owner = match m.get_one::<String>("owner") {
        Some(t) if !dns::valid_owner(t) => {
            return Err(bad(format!(
                "--owner `{}`: letters, digits, `.`, `_` and `-` only (at most 63)",
                t.escape_debug()
            )))
        }
        other => other.cloned(),
    };
    d.check_key_file()?;
    let _lock = ctx.lock("dns-update", Duration::from_secs(cfg.lock_wait))?;

    // 1. Read what is there now.
    let mut keys: BTreeSet<Key> = BTreeSet::new();
    // The owner TXT: with --owner for every name; without, for deleted names (so that the
    // removal of a name's last address also removes its owner tag).
    let tracks_owner = |op: &Op| owner.is_some() || matches!(op, Op::Delete { .. });
    for op in &ops {
        if tracks_owner(op) {
            keys.insert(Key {
                name: op.name().clone(),
                rtype: RType::TXT,
            });
        }
    }
    for op in &ops {
        match op {
            Op::Add { name, addr, .. } => {
                keys.insert(Key {
                    name: name.clone(),
                    rtype: RType::for_addr(addr),
                });
                if d.ptr {
                    keys.insert(Key {
                        name: dns::ptr_name(addr),
                        rtype: RType::PTR,
                    });
                }
            }
            Op::Delete { name, addr } => {
                keys.insert(Key {
                    name: name.clone(),
                    rtype: RType::A,
                });
                keys.insert(Key {
                    name: name.clone(),
                    rtype: RType::AAAA,
                });
                if let (Some(a), true) = (addr, d.ptr) {
                    keys.insert(Key {
                        name: dns::ptr_name(a),
                        rtype: RType::PTR,
                    });
                }
            }
        }
    }
    let mut state = State::default();
    d.read(&keys, &BTreeSet::new(), &mut state)?;
    if d.ptr {
        let more: BTreeSet<Key> = dns::ptrs_of_current(&ops, &state.rrsets)
            .into_iter()
            .map(|n| Key {
                name: n,
                rtype: RType::PTR,
            })
            .filter(|k| !keys.contains(k))
            .collect();
        if !more.is_empty() {
            d.read(&more, &BTreeSet::new(), &mut state)?;
        }
    }
    // 2. Plan. With --owner, deletes of names another owner registered are left out.
    let txt_of = |n: &Fqdn| {
        state
            .rrsets
            .get(&Key {
                name: n.clone(),
                rtype: RType::TXT,
            })
            .cloned()
            .unwrap_or_default()
    };
    let mut kept = Vec::new();
    let ops: Vec<Op> = match &owner {
        None => ops,
        Some(tag) => ops
            .into_iter()
            .filter(|op| match (op, dns::owner_in(&txt_of(op.name()))) {
                (Op::Delete { name, .. }, Some(other)) if other != *tag => {
                    kept.push(Kept {
                        name: name.to_string(),
                        owner: other,
                    });
                    false
                }
                _ => true,
            })
            .collect(),
    };
    let rz = |n: &Fqdn| d.reverse_zone_of(&state, n);
    let mut changes = dns::plan(&d.zone, &ops, &state.rrsets, ttl, &rz).map_err(bad)?;
    {
        // The owner TXT follows the addresses: set (with --owner) while the name has one,
        // removed with the last one.
        let names: BTreeSet<&Fqdn> = ops
            .iter()
            .filter(|op| tracks_owner(op))
            .map(Op::name)
            .collect();
        for name in names {
            let has_addr = [RType::A, RType::AAAA].iter().any(|t| {
                let k = Key {
                    name: name.clone(),
                    rtype: *t,
                };
                match changes.iter().find(|c| c.key() == k) {
                    Some(c) => !c.new.is_empty(),
                    None => state.rrsets.get(&k).is_some_and(|r| !r.values.is_empty()),
                }
            });
            let tag = match (&owner, has_addr) {
                (Some(t), true) => Some(t.as_str()),
                (None, true) => continue,
                (_, false) => None,
            };
            if let Some(c) = dns::owner_change(&d.zone, name, &txt_of(name), tag, ttl) {
                changes.push(c);
            }
        }
    }
    let mut report = Report {
        status: "ok",
        journal: None,
        rollback_of: None,
        zone: d.zone.to_string(),
        hostname: single.as_ref().map(|s| s.0.clone()),
        ip_address: single.as_ref().and_then(|s| s.1.clone()),
        tsig_enabled: true,
        changes: changes.clone(),
        kept,
        not_applied: Vec::new(),
        servers: Vec::new(),
        propagation_verified: None,
        dnssec_validated: None,
        dry_run: ctx.dry_run(),
        timestamp: crate::clock::now_rfc3339(),
        elapsed_ms: 0,
        error: None,
    };
    if d.ptr {
        let orphans: Vec<String> = ops
            .iter()
            .filter_map(|op| match op {
                Op::Add { addr, .. } if rz(&dns::ptr_name(addr)).is_none() => {
                    Some(addr.to_string())
                }
                _ => None,
            })
            .collect();
        if let Some(first) = orphans.first() {
            tracing::warn!(
                "no reverse zone on the server for {} address(es) (e.g. {first}); their PTRs are not managed",
                orphans.len()
            );
        }
    }
    if changes.is_empty() {
        report.status = "unchanged";
        return finish(ctx, &mut report, started, 0);
    }
    let server = state.server.clone().expect("read sets the server");
    let code = apply_and_verify(
        ctx,
        &d,
        &mut report,
        &state,
        changes,
        &server,
        verify,
        deadline,
        rollback_on_failure,
        None,
    )?;
    finish(ctx, &mut report, started, code)
}

fn finish(ctx: &Ctx, report: &mut Report, started: Instant, code: i32) -> anyhow::Result<i32> {
    report.elapsed_ms = started.elapsed().as_millis();
    if ctx.json() {
        output::print_json(report)?;
    } else if !ctx.flags.quiet || code != 0 {
        print_human(report)?;
    }
    if code != 0 {
        if let Some(e) = &report.error {
            return Err(match code {
                6 => Error::Partial(e.clone()).into(),
                _ => anyhow::anyhow!("{e}"),
            });
        }
    }
    Ok(code)
}

/// Journal → send → audit → verify (→ roll back). Returns the exit code; hard failures where
/// nothing changed are errors with their own codes.
#[allow(clippy::too_many_arguments)]
fn apply_and_verify(
    ctx: &Ctx,
    d: &Dns,
    report: &mut Report,
    state: &State,
    changes: Vec<Change>,
    server: &Server,
    verify: bool,
    deadline: Duration,
    rollback_on_failure: bool,
    rollback_of: Option<&str>,
) -> anyhow::Result<i32> {
    let exec = d.exec;
    let dir = journal_dir(ctx)?;
    let mut journal = Journal {
        id: new_journal_id(),
        time: crate::clock::now_rfc3339(),
        user: std::env::var("SUDO_USER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_else(|_| format!("uid:{}", nix::unistd::getuid())),
        zone: d.zone.clone(),
        server: server.to_string(),
        status: "pending".into(),
        rollback_of: rollback_of.map(str::to_string),
        rolled_back_by: None,
        changes: changes.clone(),
    };
    // The old records are on disk before anything changes.
    save_journal(exec, &dir, &journal)?;
    report.journal = (!ctx.dry_run()).then(|| journal.id.clone());
    let applied = d.apply(&changes, state)?;
    if ctx.dry_run() {
        report.status = "dry_run";
        return Ok(0);
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
            return undo(ctx, d, report, &mut journal, &dir, deadline);
        }
        return Ok(6);
    }
    journal.status = "applied".into();
    save_journal(exec, &dir, &journal)?;
    if !verify {
        return Ok(0);
    }
    let servers = d.verify(&applied.applied, &applied.server, state, deadline)?;
    let all = servers.iter().all(|s| s.verified);
    let signed_zone = applied
        .applied
        .iter()
        .any(|c| state.signed.contains_key(&c.zone));
    report.propagation_verified = Some(all);
    report.dnssec_validated = signed_zone.then(|| servers.iter().all(|s| s.dnssec == "validated"));
    report.servers = servers;
    if all {
        return Ok(0);
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
        deadline.as_secs(),
        bad.join("; ")
    ));
    if rollback_on_failure {
        return undo(ctx, d, report, &mut journal, &dir, deadline);
    }
    Ok(6)
}

/// --rollback-on-failure: restore the journal's old records right away.
fn undo(
    ctx: &Ctx,
    d: &Dns,
    report: &mut Report,
    journal: &mut Journal,
    dir: &Path,
    deadline: Duration,
) -> anyhow::Result<i32> {
    let why = report.error.clone().unwrap_or_default();
    let server = dns::parse_server(&journal.server).map_err(bad)?;
    // The servers that never got the change cannot confirm its removal either: the primary's
    // NOERROR (with prerequisites) is the proof here.
    let (done, conflicts) = restore(ctx, d, journal, &server, false, deadline)?;
    journal.status = "rolled-back".into();
    journal.rolled_back_by = Some(done.clone());
    save_journal(d.exec, dir, journal)?;
    report.status = "rolled_back";
    report.error = Some(format!(
        "{why}; rolled back (journal {done}){}",
        if conflicts.is_empty() {
            String::new()
        } else {
            format!("; NOT restored (changed since): {}", conflicts.join(", "))
        }
    ));
    Ok(6)
}

/// Restores a journal's old records where the current records are still the journal's new
/// ones. Returns the rollback's own journal ID and the RRsets that changed since (skipped).
fn restore(
    ctx: &Ctx,
    d: &Dns,
    journal: &Journal,
    server: &Server,
    verify: bool,
    deadline: Duration,
) -> anyhow::Result<(String, Vec<String>)> {
    let keys: BTreeSet<Key> = journal.changes.iter().map(|c| c.key()).collect();
    let zones: BTreeSet<Fqdn> = journal.changes.iter().map(|c| c.zone.clone()).collect();
    let mut state = State {
        server: Some(server.clone()),
        ..Default::default()
    };
    d.read(&keys, &zones, &mut state)?;
    let mut inverse = Vec::new();
    let mut conflicts = Vec::new();
    for c in &journal.changes {
        let cur: Vec<String> = state
            .rrsets
            .get(&c.key())
            .map(|r| r.values.iter().cloned().collect())
            .unwrap_or_default();
        let sorted = |v: &[String]| v.iter().cloned().collect::<BTreeSet<_>>();
        if sorted(&cur) == sorted(&c.old) {
            continue;
        }
        if sorted(&cur) == sorted(&c.new) {
            let mut inv = c.inverse();
            inv.old = cur;
            inverse.push(inv);
        } else {
            conflicts.push(format!("{} {}", c.name, c.rtype));
        }
    }
    if inverse.is_empty() {
        return Ok(("(nothing to restore)".into(), conflicts));
    }
    let mut sub = Report {
        status: "ok",
        journal: None,
        rollback_of: Some(journal.id.clone()),
        zone: d.zone.to_string(),
        hostname: None,
        ip_address: None,
        tsig_enabled: true,
        changes: Vec::new(),
        kept: Vec::new(),
        not_applied: Vec::new(),
        servers: Vec::new(),
        propagation_verified: None,
        dnssec_validated: None,
        dry_run: ctx.dry_run(),
        timestamp: crate::clock::now_rfc3339(),
        elapsed_ms: 0,
        error: None,
    };
    let code = apply_and_verify(
        ctx,
        d,
        &mut sub,
        &state,
        inverse,
        server,
        verify,
        deadline,
        false,
        Some(&journal.id),
    )?;
    if code != 0 {
        return Err(Error::Partial(format!(
            "rollback of {} incomplete: {}",
            journal.id,
            sub.error.unwrap_or_default()
        ))
        .into());
    }
    Ok((sub.journal.unwrap_or_default(), conflicts))
}

fn rollback(
    ctx: &Ctx,
    d: &Dns,
    id: &str,
    verify: bool,
    deadline: Duration,
    started: Instant,
) -> anyhow::Result<i32> {
    let dir = journal_dir(ctx)?;
    let journals = load_journals(&dir)?;
    let restorable = |j: &&Journal| {
        j.rolled_back_by.is_none()
            && j.rollback_of.is_none()
            && matches!(j.status.as_str(), "applied" | "partial" | "unverified")
    };
    let mut j = if id == "latest" {
        journals.iter().rfind(restorable).cloned().ok_or_else(|| {
            error::precondition(format!("no journal to roll back in {}", dir.display()))
        })?
    } else {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(error::invalid(format!(
                "invalid journal ID `{}`",
                id.escape_debug()
            )));
        }
        let j = journals
            .iter()
            .find(|j| j.id == id)
            .cloned()
            .ok_or_else(|| error::invalid(format!("no journal {id} in {}", dir.display())))?;
        if !restorable(&&j) {
            return Err(error::precondition(format!(
                "journal {id} cannot be rolled back (status {}{})",
                j.status,
                j.rolled_back_by
                    .as_ref()
                    .map(|b| format!(", already rolled back by {b}"))
                    .unwrap_or_default()
            )));
        }
        j
    };
    if j.zone != d.zone {
        return Err(error::invalid(format!(
            "journal {} is for zone {}, not {}",
            j.id, j.zone, d.zone
        )));
    }
    let server = dns::parse_server(&j.server)
        .ok()
        .filter(|s| d.primaries.contains(s))
        .unwrap_or_else(|| d.primaries[0].clone());
    let (done, conflicts) = restore(ctx, d, &j, &server, verify, deadline)?;
    if !ctx.dry_run() {
        j.status = "rolled-back".into();
        j.rolled_back_by = Some(done.clone());
        save_journal(d.exec, &dir, &j)?;
    }
    let doc = serde_json::json!({
        "status": if conflicts.is_empty() { "rolled_back" } else { "partial" },
        "journal": j.id, "rollback_journal": done, "zone": j.zone,
        "restored": j.changes.iter().filter(|c| !conflicts.contains(&format!("{} {}", c.name, c.rtype))).map(|c| c.inverse()).collect::<Vec<_>>(),
        "conflicts": conflicts, "dry_run": ctx.dry_run(), "elapsed_ms": started.elapsed().as_millis(),
    });
    if ctx.json() {
        output::print_json(&doc)?;
    } else {
        println!(
            "rolled back journal {} ({} RRset(s)); rollback journal {done}",
            j.id,
            j.changes.len() - conflicts.len()
        );
    }
    if !conflicts.is_empty() {
        return Err(Error::Partial(format!(
            "not restored because they changed since {}: {}",
            j.id,
            conflicts.join(", ")
        ))
        .into());
    }
    Ok(0)
}

fn list_journal(ctx: &Ctx) -> anyhow::Result<i32> {
    let journals = load_journals(&journal_dir(ctx)?)?;
    if ctx.json() {
        for j in &journals {
            output::print_json(j)?;
        }
        return Ok(0);
    }
    let mut t = Table::new(["ID", "TIME", "USER", "ZONE", "STATUS", "RRSETS", "NOTE"]).right(5);
    for j in &journals {
        t.row([
            j.id.clone(),
            j.time.clone(),
            j.user.clone(),
            j.zone.to_string(),
            j.status.clone(),
            j.changes.len().to_string(),
            j.rollback_of
                .as_ref()
                .map(|r| format!("rollback of {r}"))
                .or_else(|| {
                    j.rolled_back_by
                        .as_ref()
                        .map(|r| format!("rolled back by {r}"))
                })
                .unwrap_or_default(),
        ]);
    }
    t.print()?;
    Ok(0)
}
