//! health-check's DNS checks, from the same probe `debvisor metrics` exports (one dig batch for
//! every server, rndc zonestatus where configured, delv when signed): each server serves the
//! zone (`dns`), each secondary is in sync and far from expiry (`dns-sync`), signatures are valid
//! and not about to expire (`dnssec`); and the TSIG key's age (`tsig`). Thresholds come from
//! `[dns]` (`expiry_warn_hours`, `rrsig_warn_days`) and `[tsig]` (`rotation_days`).

use std::path::Path;

use super::{tool_present, Check, Status};
use crate::applets::metrics::dns::{DnsReport, Probe};
use crate::config::sections::{DnsConfig, TsigConfig};
use crate::config::views::DnsView;
use crate::exec::Exec;

pub fn checks(
    exec: &Exec,
    view: &DnsView,
    dns: &DnsConfig,
    tsig: &TsigConfig,
    wanted: &dyn Fn(&str) -> bool,
) -> anyhow::Result<Vec<Check>> {
    let servers = view.primaries.len() + view.secondaries.len();
    let Some(probe) = Probe::from_config(dns, tsig)?.filter(|_| servers > 0) else {
        return Ok(vec![Check::new(
            "dns",
            Status::Skipped,
            "no DNS servers configured ([dns] zone, primaries)",
        )]);
    };
    if !tool_present("dig") {
        return Ok(vec![Check::new("dns", Status::Warning, "dig not found")
            .hint("apt-get install bind9-dnsutils")]);
    }
    let now = crate::clock::unix_now() as i64;
    let report = match probe.run(exec, now) {
        Ok(r) => r,
        Err(e) => {
            return Ok(vec![Check::new("dns", Status::Critical, format!("{e:#}"))
                .hint("check that dig works and the [dns] servers are right")])
        }
    };
    Ok(from_report(&report, dns, wanted))
}

pub fn from_report(r: &DnsReport, dns: &DnsConfig, wanted: &dyn Fn(&str) -> bool) -> Vec<Check> {
    let zone = r.zone.as_str();
    let mut out = Vec::new();
    if wanted("dns") {
        for s in &r.servers {
            out.push(
                match (s.serial, &s.error) {
                    (Some(serial), _) => Check::new(
                        "dns",
                        Status::Ok,
                        format!("{} serves {zone} (SOA serial {serial})", s.server),
                    ),
                    (None, Some(e)) if e.starts_with("answered") => Check::new(
                        "dns",
                        Status::Critical,
                        format!("{} answered but does not serve {zone}", s.server),
                    )
                    .hint("check the zone is loaded (rndc zonestatus)"),
                    (None, e) => Check::new(
                        "dns",
                        Status::Critical,
                        format!("{}: {}", s.server, e.as_deref().unwrap_or("no reply")),
                    )
                    .hint("check that named runs and the address/port are right"),
                }
                .about(s.server.clone()),
            );
        }
    }
    if wanted("dns-sync") {
        for s in r.servers.iter().filter(|s| s.role == "secondary") {
            if let (Some(lag), Some(p), Some(mine)) = (s.lag, r.primary_serial, s.serial) {
                let c = if lag > 0 {
                    Check::new(
                        "dns-sync",
                        Status::Warning,
                        format!(
                            "secondary {} serves serial {mine} of {zone}, {lag} behind the primary's {p}",
                            s.server
                        ),
                    )
                    .hint(format!(
                        "zone transfers are not arriving: check the secondary's log, `rndc retransfer {zone}` on it, and the primary's also-notify / allow-transfer and the transfer key"
                    ))
                } else {
                    Check::new(
                        "dns-sync",
                        Status::Ok,
                        format!("secondary {} is in sync ({zone} serial {mine})", s.server),
                    )
                };
                out.push(c.about(s.server.clone()));
            }
        }
    }
    if wanted("dns-expiry") {
        for s in r.servers.iter().filter(|s| s.role == "secondary") {
            if let (Some(t), Some(src)) = (s.expires_at, s.expires_source) {
                let left = t - r.now;
                let warn = (dns.expiry_warn_hours * 3600) as i64;
                let status = if left <= 0 {
                    Status::Critical
                } else if left < warn {
                    Status::Warning
                } else {
                    Status::Ok
                };
                let msg = format!(
                    "{}'s copy of {zone} expires in {} (from {src})",
                    s.server,
                    human_secs(left)
                );
                let c = Check::new("dns-expiry", status, msg).about(s.server.clone());
                out.push(if status > Status::Ok {
                    c.hint(format!(
                        "the secondary has not refreshed from the primary: when the zone expires it stops answering; fix transfers, then `rndc refresh {zone}` on it"
                    ))
                } else {
                    c
                });
            }
        }
    }
    if wanted("dnssec") && r.signed {
        let warn = (dns.rrsig_warn_days * 86_400) as i64;
        for s in &r.servers {
            if s.validated == Some(false) {
                out.push(
                    Check::new(
                        "dnssec",
                        Status::Critical,
                        format!("{zone} at {} does not validate (delv)", s.server),
                    )
                    .about(s.server.clone())
                    .hint("resolvers will answer SERVFAIL: check the keys and signing (rndc dnssec -status), and the DS at the parent"),
                );
                continue;
            }
            let Some((rtype, exp)) = s.rrsig_expires.iter().min_by_key(|(_, e)| *e) else {
                continue;
            };
            let left = exp - r.now;
            let status = if left <= 0 {
                Status::Critical
            } else if left < warn {
                Status::Warning
            } else {
                Status::Ok
            };
            let c = Check::new(
                "dnssec",
                status,
                format!(
                    "{zone} at {}: {rtype} signature expires in {}{}",
                    s.server,
                    human_secs(left),
                    if s.validated == Some(true) {
                        ", validates"
                    } else {
                        ""
                    }
                ),
            )
            .about(s.server.clone());
            out.push(if status > Status::Ok {
                c.hint("re-signing is not happening: check named's signing (rndc signing -list, rndc dnssec -status) and, on a secondary, that transfers arrive")
            } else {
                c
            });
        }
    }
    out
}

/// The TSIG key's age against twice the rotation interval.
pub fn tsig_check(dns: &DnsConfig, tsig: &TsigConfig) -> Check {
    let path = tsig.client_key.clone().unwrap_or(dns.key_file.clone());
    tsig_check_at(&path, tsig.rotation_days, crate::clock::unix_now() as i64)
}

pub fn tsig_check_at(path: &Path, rotation_days: u64, now: i64) -> Check {
    let Some(t) = crate::applets::metrics::node::mtime(path) else {
        return Check::new(
            "tsig",
            Status::Skipped,
            format!("no TSIG key at {}", path.display()),
        );
    };
    let age = (now - t).max(0);
    let limit = (rotation_days * 2 * 86_400) as i64;
    let msg = format!(
        "TSIG key {} is {} old (rotation every {rotation_days} days)",
        path.display(),
        human_secs(age)
    );
    if age > limit {
        Check::new("tsig", Status::Warning, msg)
            .about(path.display().to_string())
            .hint("rotation is overdue: check tsig-rotate.timer and run `debvisor tsig-rotate`")
    } else {
        Check::new("tsig", Status::Ok, msg).about(path.display().to_string())
    }
}

fn human_secs(s: i64) -> String {
    let a = s.abs();
    let t = if a >= 86_400 {
        format!("{:.1} days", a as f64 / 86_400.0)
    } else if a >= 3600 {
        format!("{:.1} hours", a as f64 / 3600.0)
    } else {
        format!("{a} s")
    };
    if s < 0 {
        format!("-{t}")
    } else {
        t
    }
}
