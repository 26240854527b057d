//! Proof that a change is served everywhere: every primary and secondary polled (one dig
//! process per round) until it reaches the update server's serial and answers the new
//! RRsets, then a DNSSEC validation sample with delv for signed zones.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::engine::{Dns, State};
use crate::error;
use crate::model::dns::{self, Change, Fqdn, RType, Server};
use crate::model::dns_dig::{Query, Reply};
use crate::tools::delv;

/// Whether, and how long, a run waits for every server to serve its change.
#[derive(Debug, Clone, Copy)]
pub(super) struct Propagation {
    /// false with `--no-verify` or `[dns] verify = false`.
    pub verify: bool,
    /// `--deadline` / `[dns] verify_deadline`.
    pub deadline: Duration,
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

impl Dns<'_> {
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
