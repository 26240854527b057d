//! Bootstrap of a cluster's first Ceph monitor and manager (firstboot, profile ceph/mixed): the
//! ceph.conf and keyring texts, cephx key encoding, and the parsers of `ceph mon stat` /
//! `ceph mgr stat` that tell whether the monitor is in quorum and a manager is available.
//! Pure: the caller supplies randomness and time. Parsers never panic (proptest below).

use std::net::IpAddr;

use serde::Deserialize;

use super::netlink::{Link, Route};

/// A cephx secret as Ceph encodes it (`CryptoKey::encode`): u16 type (1 = AES), u32 seconds,
/// u32 nanoseconds, u16 length (16), then the 16 secret bytes; little-endian; base64. The result
/// starts with `AQ` like every key `ceph-authtool --gen-key` prints.
pub fn encode_key(secret: &[u8; 16], created_secs: u32) -> String {
    let mut b = Vec::with_capacity(28);
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&created_secs.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(secret);
    super::tsig::base64_encode(&b)
}

/// A random (version 4) UUID from 16 random bytes, for the cluster fsid.
pub fn uuid_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// One entity of a keyring file.
pub struct KeyringEntry<'a> {
    pub name: &'a str,
    pub key: &'a str,
    /// (service, capability), e.g. ("mon", "allow *").
    pub caps: &'a [(&'a str, &'a str)],
}

/// The keyring text, in the layout `ceph-authtool` writes.
pub fn render_keyring(entries: &[KeyringEntry<'_>]) -> String {
    let mut s = String::new();
    for e in entries {
        s.push_str(&format!("[{}]\n\tkey = {}\n", e.name, e.key));
        for (svc, cap) in e.caps {
            s.push_str(&format!("\tcaps {svc} = \"{cap}\"\n"));
        }
    }
    s
}

/// `[v2:IP:P2,v1:IP:P1]` (IPv6 addresses in brackets).
pub fn mon_addrvec(ip: IpAddr, v2: u16, v1: u16) -> String {
    let host = match ip {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => format!("[{a}]"),
    };
    format!("[v2:{host}:{v2},v1:{host}:{v1}]")
}

/// Everything ceph.conf is made of.
pub struct ConfParams<'a> {
    pub fsid: &'a str,
    pub mon_id: &'a str,
    pub mon_host: &'a str,
    pub public_network: &'a str,
    pub conf_dir: &'a str,
    pub data_dir: &'a str,
    pub run_dir: &'a str,
    pub log_dir: &'a str,
    /// Appended verbatim (site settings, with their own `[section]` headers).
    pub extra: &'a str,
}

pub const CONF_HEADER: &str =
    "# Written by debvisor firstboot when it bootstrapped this cluster's first monitor.";

/// ceph.conf for the first monitor. Paths are spelled out even when they equal Ceph's defaults,
/// so a non-default layout (tests) is complete.
pub fn render_conf(p: &ConfParams<'_>) -> String {
    let mut s = format!(
        "{CONF_HEADER}\n[global]\nfsid = {fsid}\nmon initial members = {id}\nmon host = {host}\n\
         public network = {net}\nauth cluster required = cephx\nauth service required = cephx\n\
         auth client required = cephx\nauth allow insecure global id reclaim = false\n\
         run dir = {run}\ncrash dir = {data}/crash\n\
         # restful is deprecated (the dashboard replaces it) and cannot load on Debian 13, whose\n\
         # python3-cryptography is a PyO3 extension; Ceph's default list would enable it.\n\
         mgr initial modules = iostat nfs\n\
         [client]\nkeyring = {conf}/$cluster.$name.keyring\n\
         [mon]\nmon data = {data}/mon/$cluster-$id\nlog file = {log}/$cluster-$name.log\n\
         mon cluster log file = {log}/$cluster.log\n\
         [mgr]\nmgr data = {data}/mgr/$cluster-$id\nlog file = {log}/$cluster-$name.log\n\
         [osd]\nosd data = {data}/osd/$cluster-$id\nlog file = {log}/$cluster-$name.log\n",
        fsid = p.fsid,
        id = p.mon_id,
        host = p.mon_host,
        net = p.public_network,
        run = p.run_dir,
        data = p.data_dir,
        conf = p.conf_dir,
        log = p.log_dir,
    );
    if !p.extra.trim().is_empty() {
        s.push_str(p.extra.trim_end());
        s.push('\n');
    }
    s
}

/// The `fsid = …` of a ceph.conf's `[global]` section (None when absent or not a UUID).
pub fn conf_fsid(text: &str) -> Option<String> {
    let mut global = true;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            global = l == "[global]";
            continue;
        }
        if !global {
            continue;
        }
        let Some((k, v)) = l.split_once('=') else {
            continue;
        };
        if k.trim().replace(['_', ' '], "") == "fsid" {
            let v = v.split(['#', ';']).next().unwrap_or("").trim();
            let ok = v.len() == 36
                && v.chars().enumerate().all(|(i, c)| {
                    matches!(i, 8 | 13 | 18 | 23) == (c == '-')
                        && (c == '-' || c.is_ascii_hexdigit())
                });
            return ok.then(|| v.to_string());
        }
    }
    None
}

/// A monitor / manager id: letters, digits, `-`, `_` (what Ceph's own tools accept).
pub fn valid_daemon_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `ceph mon stat -f json`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MonStat {
    pub num_mons: u32,
    pub quorum: Vec<QuorumMember>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QuorumMember {
    pub rank: i64,
    pub name: String,
}

impl MonStat {
    pub fn in_quorum(&self, id: &str) -> bool {
        self.quorum.iter().any(|m| m.name == id)
    }
}

/// `ceph mgr stat -f json`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MgrStat {
    pub available: bool,
    pub active_name: String,
}

/// `ceph mgr dump -f json`: the modules the active manager could import, and the always-on list
/// per release.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MgrDump {
    pub available: bool,
    pub available_modules: Vec<MgrModule>,
    pub always_on_modules: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MgrModule {
    pub name: String,
    pub can_run: bool,
    pub error_string: String,
}

impl MgrDump {
    /// The always-on modules of the running release. Ceph's release names are alphabetical
    /// (octopus < pacific < quincy < reef < squid), so the newest key is the running one.
    pub fn always_on(&self) -> &[String] {
        self.always_on_modules
            .iter()
            .next_back()
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }

    /// None while the manager has not reported its modules yet; else the always-on modules
    /// that cannot run, with Ceph's reason.
    pub fn failing_always_on(&self) -> Option<Vec<(String, String)>> {
        if !self.available || self.available_modules.is_empty() {
            return None;
        }
        Some(
            self.always_on()
                .iter()
                .filter_map(|name| {
                    let m = self.available_modules.iter().find(|m| &m.name == name);
                    match m {
                        Some(m) if m.can_run => None,
                        Some(m) => Some((name.clone(), m.error_string.clone())),
                        None => Some((name.clone(), "not available to the manager".into())),
                    }
                })
                .collect(),
        )
    }
}

/// Ceph-mon's own start-up rule (`Monitor::check_fsstats` in ceph_mon.cc): it refuses to start
/// when the integer percentage of available space on its data filesystem is at or below
/// `mon_data_avail_crit`. Some(percent available) when it would refuse.
pub fn mon_would_refuse_space(
    avail_bytes: u64,
    total_bytes: u64,
    crit_percent: u64,
) -> Option<u64> {
    if total_bytes == 0 {
        return None;
    }
    let percent = (u128::from(avail_bytes) * 100 / u128::from(total_bytes)) as u64;
    (percent <= crit_percent).then_some(percent)
}

/// The last error a Ceph daemon wrote to its log before it exited: the last entry at level -1
/// (`<time> <thread> -1 <message>`) with its continuation lines (Ceph writes multi-line
/// messages such as the "mon data avail crit" refusal and its hint as one entry), joined by
/// "; " and cut to 400 characters. None when the log holds no error entry.
pub fn last_daemon_error(log: &str) -> Option<String> {
    let mut last: Option<Vec<&str>> = None;
    let mut in_error = false;
    for line in log.lines() {
        let mut fields = line.splitn(4, ' ');
        let (time, _thread, level) = (fields.next(), fields.next(), fields.next());
        let is_entry = time.is_some_and(|t| t.len() >= 19 && t.as_bytes()[4] == b'-');
        if is_entry {
            in_error = level == Some("-1");
            if in_error {
                last = Some(vec![fields.next().unwrap_or("").trim()]);
            }
        } else if in_error && !line.trim().is_empty() {
            if let Some(entry) = last.as_mut() {
                entry.push(line.trim());
            }
        }
    }
    let text = last?.join("; ");
    let mut cut: String = text.chars().take(400).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    (!cut.is_empty()).then_some(cut)
}

/// Parses a `ceph … -f json` answer; None for anything else (a dead cluster prints nothing).
pub fn parse_stat<T: serde::de::DeserializeOwned>(stdout: &str) -> Option<T> {
    serde_json::from_str(stdout.trim()).ok()
}

/// This node's primary address: the first global IPv4 (else IPv6) address of the default
/// route's device, with its prefix length.
pub fn primary_address(links: &[Link], routes: &[Route]) -> Option<(IpAddr, u8)> {
    let dev = routes
        .iter()
        .find(|r| r.dst == "default")
        .and_then(|r| r.dev.as_deref())?;
    let link = links.iter().find(|l| l.ifname == dev)?;
    let mut best: Option<(IpAddr, u8)> = None;
    for a in &link.addr_info {
        if a.scope != "global" {
            continue;
        }
        let Ok(ip) = a.local.parse::<IpAddr>() else {
            continue;
        };
        match (best, ip) {
            (None, _) => best = Some((ip, a.prefixlen)),
            (Some((IpAddr::V6(_), _)), IpAddr::V4(_)) => best = Some((ip, a.prefixlen)),
            _ => {}
        }
    }
    best
}

/// The network an address belongs to, e.g. 10.1.2.3/24 → `10.1.2.0/24`.
pub fn network_of(ip: IpAddr, prefix: u8) -> Option<String> {
    ipnet::IpNet::new(ip, prefix)
        .ok()
        .map(|n| n.trunc().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mon_space_rule_matches_ceph_mon() {
        // Integer percent, refused at or below the threshold (ceph_mon.cc: `<=`).
        assert_eq!(mon_would_refuse_space(5, 100, 5), Some(5));
        assert_eq!(mon_would_refuse_space(59, 1000, 5), Some(5));
        assert_eq!(mon_would_refuse_space(6, 100, 5), None);
        assert_eq!(mon_would_refuse_space(29, 100, 99), Some(29));
        assert_eq!(mon_would_refuse_space(1, 0, 5), None);
        assert_eq!(mon_would_refuse_space(u64::MAX, u64::MAX, 5), None);
    }

    #[test]
    fn last_daemon_error_takes_the_last_error_entry_with_its_hint() {
        // Recorded from ceph-mon 16.2.15 refusing to start (mon data avail crit = 99).
        let log = "2026-12-02T08:02:00.963+0000 7fdd176ca640  0 ceph version 16.2.15 (618f) pacific (stable), process ceph-mon, pid 21845\n\
                   2026-12-02T08:02:00.963+0000 7fdd176ca640 -1 error: monitor data filesystem reached concerning levels of available storage space (available: 3% 7 GiB)\n\
                   you may adjust 'mon data avail crit' to a lower value to make this go away (default: 5%)\n\
                   2026-12-02T08:02:00.970+0000 7fdd176ca640  0 shutting down\n";
        assert_eq!(
            last_daemon_error(log).as_deref(),
            Some("error: monitor data filesystem reached concerning levels of available storage space (available: 3% 7 GiB); you may adjust 'mon data avail crit' to a lower value to make this go away (default: 5%)")
        );
        assert_eq!(
            last_daemon_error("2026-12-02T08:02:00.963+0000 7f  0 fine\n"),
            None
        );
        assert_eq!(last_daemon_error(""), None);
        let long = format!("2026-12-02T08:02:00.963+0000 7f -1 {}\n", "x".repeat(1000));
        assert_eq!(last_daemon_error(&long).unwrap().chars().count(), 401);
    }

    proptest! {
        #[test]
        fn last_daemon_error_never_panics(s in "\\PC*") {
            let _ = last_daemon_error(&s);
        }
    }

    #[test]
    fn always_on_modules_from_recorded_mgr_dumps() {
        // Real `ceph mgr dump -f json` of Ceph 18.2.7 on Debian 13 (tests/fixtures/ceph, reef-*).
        let read = |f: &str| -> MgrDump {
            let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/ceph")
                .join(f);
            parse_stat(&std::fs::read_to_string(p).unwrap()).unwrap()
        };
        let ok = read("reef-healthy-mgr-dump.json");
        assert_eq!(ok.always_on().len(), 10);
        assert!(ok.always_on().iter().any(|m| m == "pg_autoscaler"));
        assert_eq!(ok.failing_always_on(), Some(vec![]));
        let bad = read("reef-mgr-pyo3-mgr-dump.json")
            .failing_always_on()
            .unwrap();
        assert_eq!(bad.len(), 10, "{bad:?}");
        assert!(bad[0].1.contains("PyO3"), "{bad:?}");
        assert_eq!(MgrDump::default().failing_always_on(), None);
    }

    #[test]
    fn keys_look_like_ceph_authtool_keys() {
        let k = encode_key(&[7u8; 16], 1_700_000_000);
        assert!(k.starts_with("AQ"), "{k}");
        assert_eq!(k.len(), 40);
        let raw = crate::model::tsig::base64_decode(&k).unwrap();
        assert_eq!(raw.len(), 28);
        assert_eq!(&raw[10..12], &[16, 0]);
        assert_eq!(&raw[12..], &[7u8; 16]);
    }

    #[test]
    fn uuid_is_version_4() {
        let u = uuid_v4([0xff; 16]);
        assert_eq!(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(conf_fsid(&format!("[global]\nfsid = {u}\n")), Some(u));
    }

    #[test]
    fn keyring_layout() {
        let t = render_keyring(&[KeyringEntry {
            name: "mon.",
            key: "AQxx==",
            caps: &[("mon", "allow *")],
        }]);
        assert_eq!(t, "[mon.]\n\tkey = AQxx==\n\tcaps mon = \"allow *\"\n");
    }

    #[test]
    fn conf_round_trip_and_fsid_only_from_global() {
        let c = render_conf(&ConfParams {
            fsid: "0b7e0c1d-1111-4222-8333-444455556666",
            mon_id: "hv1",
            mon_host: &mon_addrvec("10.0.0.5".parse().unwrap(), 3300, 6789),
            public_network: "10.0.0.0/24",
            conf_dir: "/etc/ceph",
            data_dir: "/var/lib/ceph",
            run_dir: "/var/run/ceph",
            log_dir: "/var/log/ceph",
            extra: "[global]\nosd pool default size = 1",
        });
        assert!(c.contains("mon host = [v2:10.0.0.5:3300,v1:10.0.0.5:6789]\n"));
        assert!(c.contains("mon data = /var/lib/ceph/mon/$cluster-$id\n"));
        assert!(c.ends_with("osd pool default size = 1\n"));
        assert_eq!(
            conf_fsid(&c).as_deref(),
            Some("0b7e0c1d-1111-4222-8333-444455556666")
        );
        assert_eq!(
            conf_fsid("[osd]\nfsid = 0b7e0c1d-1111-4222-8333-444455556666\n"),
            None
        );
        assert_eq!(conf_fsid("[global]\nfsid = nope\n"), None);
        assert_eq!(
            mon_addrvec("fd00::1".parse().unwrap(), 1, 2),
            "[v2:[fd00::1]:1,v1:[fd00::1]:2]"
        );
    }

    #[test]
    fn stats_from_recorded_output() {
        // tests/fixtures/ceph/01-healthy-{mon,mgr}-stat.json (real Ceph 16.2.15 output)
        let m: MonStat = parse_stat(r#"{"epoch":1,"min_mon_release_name":"pacific","num_mons":1,"leader":"a","quorum":[{"rank":0,"name":"a"}]}"#).unwrap();
        assert!(m.in_quorum("a") && !m.in_quorum("b"));
        let g: MgrStat =
            parse_stat(r#"{"epoch":4,"available":true,"active_name":"x","num_standby":0}"#)
                .unwrap();
        assert!(g.available && g.active_name == "x");
        assert!(parse_stat::<MonStat>("").is_none());
    }

    #[test]
    fn primary_address_follows_the_default_route() {
        let links: Vec<Link> = serde_json::from_str(r#"[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host"}]},{"ifindex":2,"ifname":"br0","flags":["UP"],"addr_info":[{"family":"inet6","local":"fd00::5","prefixlen":64,"scope":"global"},{"family":"inet","local":"10.251.0.11","prefixlen":24,"scope":"global"}]}]"#).unwrap();
        let routes: Vec<Route> = serde_json::from_str(
            r#"[{"dst":"default","gateway":"10.251.0.1","dev":"br0","flags":[]}]"#,
        )
        .unwrap();
        let (ip, p) = primary_address(&links, &routes).unwrap();
        assert_eq!((ip.to_string(), p), ("10.251.0.11".into(), 24));
        assert_eq!(network_of(ip, p).unwrap(), "10.251.0.0/24");
        assert!(primary_address(&links, &[]).is_none());
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,300}") {
            let _ = conf_fsid(&s);
            let _ = parse_stat::<MonStat>(&s);
            let _ = parse_stat::<MgrStat>(&s);
            let _ = valid_daemon_id(&s);
        }
    }
}
