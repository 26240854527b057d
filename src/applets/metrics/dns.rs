//! The DNS collector: one dig batch (SOA with DNSSEC records at every configured server, plus the
//! DNSKEY RRset at the first primary), one `rndc zonestatus` per secondary that has a control
//! channel configured, and one delv per server when the zone is signed. Processes grow with the
//! number of DNS servers, never with the number of records. The same probe feeds health-check's
//! DNS checks (serial divergence, expiry, DNSSEC), so monitoring and health-check agree.

use std::path::PathBuf;

use serde::Serialize;

use crate::config::sections::{DnsConfig, TsigConfig};
use crate::exec::Exec;
use crate::model::dns::{self as dm, Fqdn, RType, Server};
use crate::model::dns_dig::{self, Query};
use crate::model::metrics::{self as mm, Set};
use crate::tools::{delv, dig, rndc};

#[derive(Debug, Clone, Serialize)]
pub struct ServerState {
    pub server: String,
    pub role: &'static str,
    /// The SOA serial it serves, None when it did not answer for the zone.
    pub serial: Option<u32>,
    pub error: Option<String>,
    /// SOA refresh and expire timers.
    pub refresh: Option<u64>,
    pub expire: Option<u64>,
    /// Serial lag behind the primary (secondaries only).
    pub lag: Option<u32>,
    /// Unix time this server's copy expires, and where that came from (`rndc` or `soa`).
    pub expires_at: Option<i64>,
    pub expires_source: Option<&'static str>,
    /// Earliest RRSIG expiration per covered type (SOA, DNSKEY).
    pub rrsig_expires: Vec<(String, i64)>,
    /// delv's verdict (signed zones only).
    pub validated: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DnsReport {
    pub zone: String,
    pub signed: bool,
    pub primary_serial: Option<u32>,
    pub servers: Vec<ServerState>,
    pub now: i64,
}

/// What the probe needs from `[dns]` and `[tsig]`.
pub struct Probe {
    pub zone: Fqdn,
    pub primaries: Vec<Server>,
    pub secondaries: Vec<Server>,
    pub rndc: Vec<(Server, Server)>,
    pub rndc_key: PathBuf,
    pub timeout: u64,
    pub trust_anchor: Option<PathBuf>,
}

impl Probe {
    /// None when no zone or servers are configured; an error names a malformed entry.
    pub fn from_config(dns: &DnsConfig, tsig: &TsigConfig) -> anyhow::Result<Option<Probe>> {
        let Some(zone) = dns.zone.as_deref() else {
            return Ok(None);
        };
        if dns.primaries.is_empty() && dns.secondaries.is_empty() {
            return Ok(None);
        }
        let bad = |k: &str, e: String| crate::error::config(format!("[dns] {k}: {e}"));
        let zone = dm::parse_zone(zone).map_err(|e| bad("zone", e))?;
        let parse = |k: &str, v: &[String]| -> anyhow::Result<Vec<Server>> {
            v.iter()
                .map(|s| dm::parse_server(s).map_err(|e| bad(k, e)))
                .collect()
        };
        let primaries = parse("primaries", &dns.primaries)?;
        let secondaries = parse("secondaries", &dns.secondaries)?;
        let mut rndc = Vec::new();
        for (dns_server, ctl) in &dns.rndc_servers {
            let a = dm::parse_server(dns_server).map_err(|e| bad("rndc_servers", e))?;
            let b = dm::parse_server(ctl).map_err(|e| bad("rndc_servers", e))?;
            rndc.push((a, b));
        }
        Ok(Some(Probe {
            zone,
            primaries,
            secondaries,
            rndc,
            rndc_key: dns.rndc_key.clone().unwrap_or(tsig.rndc_key.clone()),
            timeout: dns.query_timeout.max(1),
            trust_anchor: dns.trust_anchor.clone(),
        }))
    }

    pub fn run(&self, exec: &Exec, now: i64) -> anyhow::Result<DnsReport> {
        let servers: Vec<(&Server, &'static str)> = self
            .primaries
            .iter()
            .map(|s| (s, "primary"))
            .chain(self.secondaries.iter().map(|s| (s, "secondary")))
            .collect();
        let mut queries: Vec<Query> = servers
            .iter()
            .map(|(s, _)| Query {
                server: (*s).clone(),
                name: self.zone.clone(),
                rtype: RType::SOA,
            })
            .collect();
        let key_server = servers[0].0.clone();
        queries.push(Query {
            server: key_server,
            name: self.zone.clone(),
            rtype: RType::DNSKEY,
        });
        let out = exec.run(&dig::batch(
            &queries,
            self.timeout,
            true,
            format!("SOA of {} at every DNS server", self.zone),
        ))?;
        let replies = dns_dig::parse_yaml(&out.stdout);
        let pairs = dns_dig::pair(&queries, replies).map_err(|e| anyhow::anyhow!("dig: {e}"))?;

        let mut states = Vec::new();
        let mut dnskeys: Vec<String> = Vec::new();
        let mut key_sigs: Vec<(String, i64)> = Vec::new();
        for (q, reply) in &pairs {
            if q.rtype == RType::DNSKEY {
                dnskeys = reply.answers("DNSKEY").map(|r| r.data.clone()).collect();
                key_sigs = reply
                    .answers("RRSIG")
                    .filter_map(|r| mm::rrsig_expiration(&r.data))
                    .collect();
                continue;
            }
            let role = servers
                .iter()
                .find(|(s, _)| **s == q.server)
                .map(|(_, r)| *r)
                .unwrap_or("secondary");
            let soa = reply
                .answers("SOA")
                .next()
                .and_then(|r| mm::soa_timers(&r.data));
            let error = match (&soa, &reply.status, &reply.error) {
                (Some(_), _, _) => None,
                (None, _, Some(e)) => Some(e.clone()),
                (None, Some(st), None) => Some(format!("answered {st} without the zone's SOA")),
                (None, None, None) => Some("no reply".to_string()),
            };
            states.push(ServerState {
                server: q.server.to_string(),
                role,
                serial: soa.map(|s| s.0),
                error,
                refresh: soa.map(|s| s.1),
                expire: soa.map(|s| s.2),
                lag: None,
                expires_at: None,
                expires_source: None,
                rrsig_expires: earliest(
                    reply
                        .answers("RRSIG")
                        .filter_map(|r| mm::rrsig_expiration(&r.data)),
                ),
                validated: None,
            });
        }
        if let Some(first) = states.first_mut() {
            let mut all = first.rrsig_expires.clone();
            all.extend(key_sigs);
            first.rrsig_expires = earliest(all.into_iter());
        }
        // The primary's serial: the highest (RFC 1982) among the primaries that answered.
        let primary_serial = states
            .iter()
            .filter(|s| s.role == "primary")
            .filter_map(|s| s.serial)
            .reduce(|a, b| if mm::serial_lag(b, a) > 0 { b } else { a });
        for s in states.iter_mut().filter(|s| s.role == "secondary") {
            if let (Some(p), Some(mine)) = (primary_serial, s.serial) {
                s.lag = Some(mm::serial_lag(p, mine));
            }
        }
        // Expiry: rndc zonestatus where a control channel is configured, else the SOA timers
        // of a secondary that is in sync (it refreshed within `refresh`: expire - refresh is a
        // lower bound of what is left).
        for s in states.iter_mut().filter(|s| s.role == "secondary") {
            let ctl = self
                .rndc
                .iter()
                .find(|(d, _)| d.to_string() == s.server)
                .map(|(_, c)| c);
            if let Some(ctl) = ctl {
                let zone = self.zone.as_str().trim_end_matches('.');
                if let Ok(out) = exec.run(&rndc::zonestatus(&self.rndc_key, ctl, zone)) {
                    if let Some(t) = mm::parse_zonestatus(&out.stdout).expires {
                        s.expires_at = Some(t);
                        s.expires_source = Some("rndc");
                        continue;
                    }
                }
            }
            if let (Some(0), Some(exp), Some(refresh)) = (s.lag, s.expire, s.refresh) {
                s.expires_at = Some(now + exp.saturating_sub(refresh) as i64);
                s.expires_source = Some("soa");
            }
        }
        let signed = !dnskeys.is_empty();
        if signed {
            let anchor = match &self.trust_anchor {
                Some(p) => std::fs::read_to_string(p).ok(),
                None => delv::anchor_from_dnskeys(&self.zone, &dnskeys),
            };
            for s in states.iter_mut().filter(|s| s.serial.is_some()) {
                let Some(anchor) = anchor.clone() else {
                    s.validated = Some(false);
                    continue;
                };
                let Ok(server) = dm::parse_server(&s.server) else {
                    continue;
                };
                let v = exec
                    .run(&delv::validate(
                        &server,
                        &self.zone,
                        &self.zone,
                        RType::SOA,
                        anchor,
                    ))
                    .map(|o| delv::fully_validated(&o.stdout, &o.stderr))
                    .unwrap_or(false);
                s.validated = Some(v);
            }
        }
        Ok(DnsReport {
            zone: self.zone.as_str().trim_end_matches('.').to_string(),
            signed,
            primary_serial,
            servers: states,
            now,
        })
    }
}

fn earliest(it: impl Iterator<Item = (String, i64)>) -> Vec<(String, i64)> {
    let mut m: std::collections::BTreeMap<String, i64> = Default::default();
    for (t, e) in it {
        let v = m.entry(t).or_insert(e);
        *v = (*v).min(e);
    }
    m.into_iter().collect()
}

/// The report as gauges.
pub fn metrics(r: &DnsReport, set: &mut Set) {
    let z = r.zone.as_str();
    set.gauge(
        "dns_zone_signed",
        "1 when the zone has DNSKEY records at the first primary.",
        &[("zone", z)],
        r.signed as u8 as f64,
    );
    for s in &r.servers {
        let l = [("zone", z), ("server", s.server.as_str()), ("role", s.role)];
        set.gauge(
            "dns_server_up",
            "1 when the server answered with the zone's SOA.",
            &l,
            s.serial.is_some() as u8 as f64,
        );
        if let Some(serial) = s.serial {
            set.gauge(
                "dns_soa_serial",
                "SOA serial each server serves.",
                &l,
                serial as f64,
            );
        }
        let l2 = [("zone", z), ("server", s.server.as_str())];
        if let Some(lag) = s.lag {
            set.gauge(
                "dns_serial_lag",
                "How far (RFC 1982 serial arithmetic) a secondary's SOA serial is behind the primary's.",
                &l2,
                lag as f64,
            );
        }
        if let (Some(t), Some(src)) = (s.expires_at, s.expires_source) {
            set.gauge(
                "dns_zone_expiry_seconds",
                "Seconds until a secondary's copy of the zone expires (source: rndc zonestatus, or SOA expire minus refresh when in sync).",
                &[("zone", z), ("server", s.server.as_str()), ("source", src)],
                (t - r.now) as f64,
            );
        }
        for (rtype, exp) in &s.rrsig_expires {
            set.gauge(
                "dns_rrsig_expiry_seconds",
                "Seconds until the earliest RRSIG over the zone's SOA / DNSKEY expires.",
                &[("zone", z), ("server", s.server.as_str()), ("type", rtype)],
                (exp - r.now) as f64,
            );
        }
        if let Some(v) = s.validated {
            set.gauge(
                "dns_dnssec_validated",
                "1 when delv fully validates the zone's SOA at this server.",
                &l2,
                v as u8 as f64,
            );
        }
    }
}
