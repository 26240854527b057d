//! The servers' side of a run: the settings resolved from flags and `[dns]`, the TSIG key file
//! check, reading the current records (one dig batch) and sending the UPDATE messages (one
//! nsupdate process), failing over to the next primary when the first cannot be reached.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::DnsConfig;
use crate::error::{self, Error};
use crate::exec::Exec;
use crate::model::dns::{self, Change, Fqdn, Key, RType, Rrset, Server};
use crate::model::dns_dig::{self, Query, Reply};
use crate::model::dns_nsupdate::{Diagnosis, Failure};
use crate::tools::{dig, nsupdate};

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

/// A model validation message as an invalid-input error.
pub(super) fn bad(e: String) -> anyhow::Error {
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
    /// read one (it only warns), which would only fail later with a misleading REFUSED.
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

    pub(super) fn dig(
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
    pub(super) fn reverse_zone_of(&self, state: &State, ptr: &Fqdn) -> Option<Fqdn> {
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

/// The outcome of sending changes.
pub struct Applied {
    pub server: Server,
    /// Changes now in effect on the update server.
    pub applied: Vec<Change>,
    /// Changes not in effect (failed message, concurrent change).
    pub not_applied: Vec<Change>,
    pub failure: Option<Diagnosis>,
}

pub(super) fn failure_error(d: &Diagnosis, secs: u64) -> anyhow::Error {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{code, exit_code_of};
    use crate::exec::AuditLog;
    use crate::model::dns::parse_zone;
    use crate::model::dns_dig::Rr;

    fn exec() -> Exec {
        Exec::new(
            false,
            false,
            AuditLog::new("/nonexistent/audit.log".into(), "dns-update", &[]),
        )
    }

    fn config() -> DnsConfig {
        DnsConfig {
            zone: Some("example.test".into()),
            primaries: vec!["10.0.0.1".into()],
            ..DnsConfig::default()
        }
    }

    fn fqdn(s: &str) -> Fqdn {
        parse_zone(s).unwrap()
    }

    #[test]
    fn flags_win_over_the_configuration() {
        let exec = exec();
        let d = Dns::resolve(
            &exec,
            config(),
            Some("Other.Test."),
            Some(vec!["[fd00::1]:5353".into(), "ns2.other.test".into()]),
            Some(vec!["10.0.0.9:54".into()]),
            Some("/tmp/k.key".into()),
        )
        .unwrap();
        assert_eq!(d.zone, fqdn("other.test"));
        let servers: Vec<String> = d.primaries.iter().map(|s| s.to_string()).collect();
        assert_eq!(servers, ["[fd00::1]:5353", "ns2.other.test:53"]);
        assert_eq!(d.secondaries[0].to_string(), "10.0.0.9:54");
        assert_eq!(d.key_file, PathBuf::from("/tmp/k.key"));

        let d = Dns::resolve(&exec, config(), None, None, None, None).unwrap();
        assert_eq!(d.zone, fqdn("example.test"));
        assert_eq!(d.primaries[0].to_string(), "10.0.0.1:53");
        assert!(d.secondaries.is_empty());
        assert_eq!(d.key_file, PathBuf::from("/etc/debvisor/dns-update.key"));
    }

    #[test]
    fn resolve_errors_say_where_the_bad_value_came_from() {
        let exec = exec();
        let err = |cfg: DnsConfig, servers: Option<Vec<String>>| {
            Dns::resolve(&exec, cfg, None, servers, None, None)
                .err()
                .expect("an error")
        };
        let no_zone = err(
            DnsConfig {
                zone: None,
                ..config()
            },
            None,
        );
        assert_eq!(
            no_zone.to_string(),
            "no zone: set [dns] zone or pass --zone"
        );
        assert_eq!(exit_code_of(&no_zone), code::CONFIG);

        let none = err(
            DnsConfig {
                primaries: vec![],
                ..config()
            },
            None,
        );
        assert!(
            none.to_string().starts_with("no primary DNS server"),
            "{none}"
        );
        assert_eq!(exit_code_of(&none), code::CONFIG);

        let in_file = err(
            DnsConfig {
                primaries: vec!["a b".into()],
                ..config()
            },
            None,
        );
        assert!(
            in_file.to_string().starts_with("[dns] primaries: "),
            "{in_file}"
        );
        assert_eq!(exit_code_of(&in_file), code::CONFIG);

        let on_argv = err(config(), Some(vec!["10.0.0.1:0".into()]));
        assert_eq!(
            on_argv.to_string(),
            "invalid server `10.0.0.1:0` (HOST:PORT)"
        );
        assert_eq!(exit_code_of(&on_argv), code::INVALID);
    }

    #[test]
    fn the_longest_configured_reverse_zone_holds_a_ptr() {
        let exec = exec();
        let cfg = DnsConfig {
            reverse_zones: vec!["10.in-addr.arpa".into(), "0.0.10.in-addr.arpa".into()],
            ..config()
        };
        let mut d = Dns::resolve(&exec, cfg, None, None, None, None).unwrap();
        let state = State::default();
        let ptr = fqdn("5.0.0.10.in-addr.arpa");
        assert_eq!(
            d.reverse_zone_of(&state, &ptr),
            Some(fqdn("0.0.10.in-addr.arpa"))
        );
        assert_eq!(
            d.reverse_zone_of(&state, &fqdn("5.1.168.192.in-addr.arpa")),
            None
        );
        d.ptr = false;
        assert_eq!(d.reverse_zone_of(&state, &ptr), None);
    }

    #[test]
    fn without_configured_reverse_zones_the_servers_zone_holds_a_ptr() {
        let exec = exec();
        let d = Dns::resolve(&exec, config(), None, None, None, None).unwrap();
        let mut state = State::default();
        let served = fqdn("5.0.0.10.in-addr.arpa");
        let unserved = fqdn("6.0.0.10.in-addr.arpa");
        state
            .ptr_zones
            .insert(served.clone(), Some(fqdn("10.in-addr.arpa")));
        state.ptr_zones.insert(unserved.clone(), None);
        assert_eq!(
            d.reverse_zone_of(&state, &served),
            Some(fqdn("10.in-addr.arpa"))
        );
        assert_eq!(d.reverse_zone_of(&state, &unserved), None);
    }

    #[test]
    fn update_failures_carry_their_exit_codes() {
        let diag = |kind| Diagnosis {
            kind,
            message: "the reason".into(),
        };
        for (kind, exit) in [
            (Failure::Auth, code::PRECONDITION),
            (Failure::Refused, code::PRECONDITION),
            (Failure::Unreachable, code::PRECONDITION),
            (Failure::WrongZone, code::CONFIG),
            (Failure::Timeout, code::TIMEOUT),
            (Failure::Concurrent, code::FAILED),
            (Failure::Other, code::FAILED),
        ] {
            assert_eq!(
                exit_code_of(&failure_error(&diag(kind), 10)),
                exit,
                "{kind:?}"
            );
        }
        assert_eq!(
            failure_error(&diag(Failure::Timeout), 10).to_string(),
            "timed out after 10 s waiting for the DNS UPDATE reply (the reason)"
        );
    }

    #[test]
    fn the_zone_soa_decides_whether_a_server_serves_the_zone() {
        let zone = fqdn("example.test");
        let query = |rtype| Query {
            server: dns::parse_server("10.0.0.1").unwrap(),
            name: zone.clone(),
            rtype,
        };
        let soa = Rr {
            name: "example.test.".into(),
            ttl: 60,
            rtype: "SOA".into(),
            data: "ns1.example.test. admin.example.test. 7 3600 600 86400 60".into(),
        };
        let answered = Reply {
            status: Some("NOERROR".into()),
            answer: vec![soa],
            ..Reply::default()
        };
        assert!(soa_problem(&[(query(RType::SOA), answered.clone())], &zone).is_none());
        // Only the zone's SOA counts.
        assert!(soa_problem(&[(query(RType::DNSKEY), Reply::default())], &zone).is_none());

        let unreachable = Reply {
            error: Some("timed out".into()),
            ..Reply::default()
        };
        let e = soa_problem(&[(query(RType::SOA), unreachable)], &zone).unwrap();
        assert_eq!(
            e.to_string(),
            "cannot reach the DNS server 10.0.0.1:53: timed out"
        );
        assert_eq!(exit_code_of(&e), code::PRECONDITION);

        let refused = Reply {
            status: Some("REFUSED".into()),
            ..Reply::default()
        };
        let e = soa_problem(&[(query(RType::SOA), refused)], &zone).unwrap();
        assert_eq!(
            e.to_string(),
            "10.0.0.1:53 does not serve the zone example.test. (REFUSED): check [dns] zone and primaries"
        );
        assert_eq!(exit_code_of(&e), code::CONFIG);
    }

    #[test]
    fn a_key_file_must_exist_and_hold_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.key");
        let e = check_key_file(&missing).unwrap_err();
        assert!(e.to_string().starts_with("TSIG key file "), "{e}");
        assert!(e.to_string().contains("does not exist"), "{e}");
        assert_eq!(exit_code_of(&e), code::CONFIG);

        let empty = dir.path().join("empty.key");
        std::fs::write(&empty, "").unwrap();
        let e = check_key_file(&empty).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("TSIG key file {} holds no key", empty.display())
        );
        assert_eq!(exit_code_of(&e), code::CONFIG);
    }
}
