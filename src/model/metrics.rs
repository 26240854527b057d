//! Node metrics as values (gauges with labels), rendered in the Prometheus text exposition format
//! through the `prometheus-client` crate (escaping, HELP/TYPE lines, number formatting), or as
//! JSON with the same names and values. Plus the pure parsers the collectors need: RRSIG
//! expirations, `rndc zonestatus`, RFC 1982 serial arithmetic, HTTP dates, `systemctl show`.
//! Nothing here does I/O; parsers never panic.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicU64;

use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use serde::Serialize;

/// Every metric name starts with this (`debvisor_…`).
pub const PREFIX: &str = "debvisor";

/// Label pairs, in the order given.
pub type Labels = Vec<(String, String)>;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

/// One gauge family: `debvisor_NAME`, its help, its samples.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metric {
    /// Full name, with the `debvisor_` prefix.
    pub name: String,
    pub help: String,
    pub samples: Vec<Sample>,
}

/// The metrics of one run, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Set {
    metrics: BTreeMap<String, Metric>,
}

impl Set {
    pub fn new() -> Set {
        Set::default()
    }

    /// Adds one sample of gauge `debvisor_NAME`. Non-finite values are dropped (neither the
    /// text format's consumers nor JSON want NaN); a repeated label set replaces the value.
    pub fn gauge(&mut self, name: &str, help: &str, labels: &[(&str, &str)], value: f64) {
        if !value.is_finite() {
            return;
        }
        let full = format!("{PREFIX}_{name}");
        let m = self.metrics.entry(full.clone()).or_insert_with(|| Metric {
            name: full,
            help: help.to_string(),
            samples: Vec::new(),
        });
        let labels: BTreeMap<String, String> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if let Some(s) = m.samples.iter_mut().find(|s| s.labels == labels) {
            s.value = value;
        } else {
            m.samples.push(Sample { labels, value });
        }
    }

    /// Moves every metric of `other` into this set.
    pub fn extend(&mut self, other: Set) {
        for (name, m) in other.metrics {
            match self.metrics.get_mut(&name) {
                Some(mine) => {
                    for s in m.samples {
                        if let Some(x) = mine.samples.iter_mut().find(|x| x.labels == s.labels) {
                            x.value = s.value;
                        } else {
                            mine.samples.push(s);
                        }
                    }
                }
                None => {
                    self.metrics.insert(name, m);
                }
            }
        }
    }

    pub fn metrics(&self) -> impl Iterator<Item = &Metric> {
        self.metrics.values()
    }

    pub fn get(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        let m = self.metrics.get(name)?;
        m.samples
            .iter()
            .find(|s| {
                s.labels.len() == labels.len()
                    && labels
                        .iter()
                        .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
            })
            .map(|s| s.value)
    }

    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }

    /// The Prometheus text exposition format (what node_exporter's textfile collector reads):
    /// `# HELP`, `# TYPE … gauge`, one line per sample, families sorted by name.
    pub fn render(&self) -> String {
        let mut reg = Registry::default();
        for m in self.metrics.values() {
            let fam: Family<Labels, Gauge<f64, AtomicU64>> = Family::default();
            for s in &m.samples {
                let l: Labels = s
                    .labels
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                fam.get_or_create(&l).set(s.value);
            }
            // The crate appends the final full stop itself.
            reg.register(
                m.name.clone(),
                m.help.trim_end_matches('.').to_string(),
                fam,
            );
        }
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode_registry(&mut out, &reg);
        out
    }

    /// `{"metrics": [{"name", "help", "samples": [{"labels", "value"}]}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "metrics": self.metrics.values().collect::<Vec<_>>() })
    }
}

// ---------------------------------------------------------------------------------------------
// DNS

/// RFC 1982 serial arithmetic: how far `secondary` is behind `primary` (0 when equal or ahead).
pub fn serial_lag(primary: u32, secondary: u32) -> u32 {
    let d = primary.wrapping_sub(secondary);
    if d == 0 || d >= 1 << 31 {
        0
    } else {
        d
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn unix_of(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + (h * 3600 + mi * 60 + s) as i64)
}

/// An RRSIG time field as dig prints it: `YYYYMMDDHHMMSS` (UTC), or seconds since the epoch.
pub fn parse_rrsig_time(s: &str) -> Option<i64> {
    if s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n = |a: usize, b: usize| s[a..b].parse::<u32>().ok();
        return unix_of(
            n(0, 4)? as i64,
            n(4, 6)?,
            n(6, 8)?,
            n(8, 10)?,
            n(10, 12)?,
            n(12, 14)?,
        );
    }
    s.parse::<i64>().ok()
}

/// An RRSIG's (covered type, expiration unix time) from its RDATA as dig prints it:
/// `SOA 13 2 300 20261216000000 20261202000000 12345 zone. SIG…`.
pub fn rrsig_expiration(data: &str) -> Option<(String, i64)> {
    let f: Vec<&str> = data.split_ascii_whitespace().collect();
    if f.len() < 6 {
        return None;
    }
    Some((f[0].to_string(), parse_rrsig_time(f[4])?))
}

/// An HTTP/RFC 1123 date as rndc prints it: `Thu, 03 Dec 2026 04:20:00 GMT`.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s.split_once(", ").map(|(_, r)| r).unwrap_or(s);
    let f: Vec<&str> = s.split_ascii_whitespace().collect();
    if f.len() < 4 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let d: u32 = f[0].parse().ok()?;
    let mo = MONTHS.iter().position(|m| *m == f[1])? as u32 + 1;
    let y: i64 = f[2].parse().ok()?;
    let t: Vec<u32> = f[3].split(':').filter_map(|x| x.parse().ok()).collect();
    if t.len() != 3 {
        return None;
    }
    unix_of(y, mo, d, t[0], t[1], t[2])
}

/// What `rndc zonestatus ZONE` says about a zone's freshness.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZoneStatus {
    pub serial: Option<u32>,
    /// Unix time the secondary's copy expires (secondaries only).
    pub expires: Option<i64>,
    pub next_refresh: Option<i64>,
    pub zone_type: Option<String>,
}

pub fn parse_zonestatus(text: &str) -> ZoneStatus {
    let mut z = ZoneStatus::default();
    for line in text.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.trim() {
            "serial" => z.serial = v.parse().ok(),
            "expires" => z.expires = parse_http_date(v),
            "next refresh" => z.next_refresh = parse_http_date(v),
            "type" => z.zone_type = Some(v.to_string()),
            _ => {}
        }
    }
    z
}

/// SOA RDATA `MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM` → (serial, refresh, expire).
pub fn soa_timers(data: &str) -> Option<(u32, u64, u64)> {
    let f: Vec<&str> = data.split_ascii_whitespace().collect();
    if f.len() < 7 {
        return None;
    }
    Some((f[2].parse().ok()?, f[3].parse().ok()?, f[5].parse().ok()?))
}

// ---------------------------------------------------------------------------------------------
// systemd

/// One unit of `systemctl show -p Id,Result,ActiveState,ExecMainStatus,ExecMainExitTimestampMonotonic…`
/// output (blocks separated by blank lines).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitState {
    pub id: String,
    pub result: String,
    pub active_state: String,
    pub exit_status: Option<i64>,
    /// `ExecMainExitTimestamp` as printed (`Wed 2026-12-02 04:00:01 UTC`), empty when never run.
    pub last_exit: String,
}

pub fn parse_systemctl_show(text: &str) -> Vec<UnitState> {
    let mut out = Vec::new();
    let mut cur = UnitState::default();
    let flush = |cur: &mut UnitState, out: &mut Vec<UnitState>| {
        if !cur.id.is_empty() {
            out.push(std::mem::take(cur));
        }
        *cur = UnitState::default();
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut cur, &mut out);
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        match k {
            "Id" => cur.id = v.to_string(),
            "Result" => cur.result = v.to_string(),
            "ActiveState" => cur.active_state = v.to_string(),
            "ExecMainStatus" => cur.exit_status = v.parse().ok(),
            "ExecMainExitTimestamp" => cur.last_exit = v.to_string(),
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// `Wed 2026-12-02 04:00:01 UTC` (systemd's timestamp, UTC only) → unix time.
pub fn parse_systemd_utc(s: &str) -> Option<i64> {
    let f: Vec<&str> = s.split_ascii_whitespace().collect();
    let (date, time) = match f.as_slice() {
        [_, d, t, "UTC"] | [d, t, "UTC"] => (*d, *t),
        _ => return None,
    };
    let d: Vec<u32> = date.split('-').filter_map(|x| x.parse().ok()).collect();
    let t: Vec<u32> = time.split(':').filter_map(|x| x.parse().ok()).collect();
    if d.len() != 3 || t.len() != 3 {
        return None;
    }
    unix_of(d[0] as i64, d[1], d[2], t[0], t[1], t[2])
}

/// zpool's `… on Sun Jan 14 00:24:01 2024` (the scan line's time, local time as printed; read as
/// UTC, which the systemd units and the test hosts use) → unix time.
pub fn parse_zpool_time(s: &str) -> Option<i64> {
    let f: Vec<&str> = s.split_ascii_whitespace().collect();
    let n = f.len();
    if n < 4 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let y: i64 = f[n - 1].parse().ok()?;
    let t: Vec<u32> = f[n - 2].split(':').filter_map(|x| x.parse().ok()).collect();
    let d: u32 = f[n - 3].parse().ok()?;
    let mo = MONTHS.iter().position(|m| *m == f[n - 4])? as u32 + 1;
    if t.len() != 3 {
        return None;
    }
    unix_of(y, mo, d, t[0], t[1], t[2])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn renders_prometheus_text_with_escaped_labels() {
        let mut s = Set::new();
        s.gauge(
            "dns_soa_serial",
            "SOA serial per server.",
            &[("server", "127.0.0.1:53"), ("zone", "a\"b")],
            7.0,
        );
        s.gauge("health_score", "Score.", &[], 90.0);
        s.gauge("bad", "NaN dropped.", &[], f64::NAN);
        let t = s.render();
        assert!(
            t.contains("# HELP debvisor_dns_soa_serial SOA serial per server.\n"),
            "{t}"
        );
        assert!(t.contains("# TYPE debvisor_dns_soa_serial gauge\n"), "{t}");
        assert!(
            t.contains("debvisor_dns_soa_serial{server=\"127.0.0.1:53\",zone=\"a\\\"b\"} 7"),
            "{t}"
        );
        assert!(t.contains("debvisor_health_score 90"), "{t}");
        assert!(!t.contains("bad"), "{t}");
        assert!(!t.contains("# EOF"), "{t}");
        assert_eq!(s.get("debvisor_health_score", &[]), Some(90.0));
        let j = s.to_json();
        assert_eq!(j["metrics"][0]["name"], "debvisor_dns_soa_serial");
        assert_eq!(j["metrics"][0]["samples"][0]["labels"]["zone"], "a\"b");
    }

    #[test]
    fn serial_arithmetic_wraps() {
        assert_eq!(serial_lag(5, 3), 2);
        assert_eq!(serial_lag(3, 3), 0);
        assert_eq!(serial_lag(3, 5), 0, "secondary ahead is not behind");
        assert_eq!(serial_lag(1, u32::MAX), 2, "wrap-around");
    }

    #[test]
    fn dates() {
        assert_eq!(parse_rrsig_time("20261216000000"), Some(1_797_379_200));
        assert_eq!(parse_rrsig_time("1797379200"), Some(1_797_379_200));
        assert_eq!(
            parse_http_date("Wed, 16 Dec 2026 00:00:00 GMT"),
            Some(1_797_379_200)
        );
        assert_eq!(
            parse_systemd_utc("Wed 2026-12-16 00:00:00 UTC"),
            Some(1_797_379_200)
        );
        assert_eq!(
            parse_zpool_time("Wed Dec 16 00:00:00 2026"),
            Some(1_797_379_200)
        );
        assert_eq!(parse_http_date("garbage"), None);
        let (t, e) = rrsig_expiration(
            "SOA 13 2 300 20261216000000 20261202000000 4242 debvisor.local. AbC=",
        )
        .unwrap();
        assert_eq!((t.as_str(), e), ("SOA", 1_797_379_200));
    }

    #[test]
    fn zonestatus_of_a_secondary() {
        // Shape of `rndc zonestatus` (BIND 9.18/9.20) on a secondary.
        let z = parse_zonestatus(
            "name: debvisor.local\ntype: secondary\nfiles: db.debvisor.local\nserial: 3\n\
             nodes: 3\nlast loaded: Wed, 02 Dec 2026 04:20:00 GMT\n\
             next refresh: Wed, 02 Dec 2026 04:21:00 GMT\nexpires: Wed, 16 Dec 2026 00:00:00 GMT\n\
             secure: no\n",
        );
        assert_eq!(z.serial, Some(3));
        assert_eq!(z.expires, Some(1_797_379_200));
        assert_eq!(z.zone_type.as_deref(), Some("secondary"));
        assert!(z.next_refresh.is_some());
    }

    #[test]
    fn systemctl_show_blocks() {
        let u = parse_systemctl_show(
            "Id=debvisor-blocklist.service\nResult=exit-code\nActiveState=failed\nExecMainStatus=3\n\
             ExecMainExitTimestamp=Wed 2026-12-16 00:00:00 UTC\n\n\
             Id=tsig-rotate.service\nResult=success\nActiveState=inactive\nExecMainStatus=0\n\
             ExecMainExitTimestamp=\n",
        );
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].result, "exit-code");
        assert_eq!(u[0].exit_status, Some(3));
        assert_eq!(parse_systemd_utc(&u[0].last_exit), Some(1_797_379_200));
        assert_eq!(u[1].last_exit, "");
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,200}") {
            let _ = parse_zonestatus(&s);
            let _ = parse_systemctl_show(&s);
            let _ = parse_http_date(&s);
            let _ = parse_rrsig_time(&s);
            let _ = rrsig_expiration(&s);
            let _ = parse_systemd_utc(&s);
            let _ = parse_zpool_time(&s);
            let _ = soa_timers(&s);
        }
    }
}
