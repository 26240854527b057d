//! `debvisor metrics` against real components: a real BIND primary + secondary (signed, with
//! 2-day signatures), a real prometheus-node-exporter reading the textfile directory and a real
//! Prometheus scraping it (scripts/prometheus-start). Transfers are then really broken (the
//! primary stops notifying and refuses transfers) and the zone updated: Prometheus's API must
//! show the serial lag and fire the divergence alert (a test copy of the shipped rules with a
//! short `for:`). health-check's DNS checks are proven against the same BIND.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::dns::Dns;
use common::prometheus::{value, Prometheus};
use common::Sandbox;

fn dns_config(dns: &Dns) -> String {
    format!(
        "[dns]\nzone = \"debvisor.local\"\nprimaries = [\"{p}\"]\nsecondaries = [\"{s}\"]\n\
         key_file = \"{key}\"\nrndc_key = \"{rk}\"\n\n[dns.rndc_servers]\n\"{s}\" = \"{a}:{sr}\"\n",
        p = dns.primary(),
        s = dns.secondary(),
        key = dns.keyfile().display(),
        rk = dns.get("DNS_RNDC_KEYFILE"),
        a = dns.get("DNS_ADDR"),
        sr = dns.get("DNS_SECONDARY_RNDC_PORT"),
    )
}

/// Really breaks zone transfers: the primary stops sending NOTIFY and refuses transfers
/// (named.conf rewritten, `rndc reconfig`), then takes an update, so its serial moves on alone.
fn break_transfers_and_update(dns: &Dns) {
    let conf = dns.dir.path().join("primary/named.conf");
    let text = std::fs::read_to_string(&conf).unwrap();
    let broken = text.replace("notify explicit;", "notify no;").replace(
        "allow-transfer { key \"xfr-key\"; };",
        "allow-transfer { none; };",
    );
    assert_ne!(text, broken, "named.conf changed shape");
    std::fs::write(&conf, broken).unwrap();
    let out = Command::new("rndc")
        .args(["-k", dns.get("DNS_RNDC_KEYFILE")])
        .args([
            "-s",
            dns.get("DNS_ADDR"),
            "-p",
            dns.get("DNS_PRIMARY_RNDC_PORT"),
        ])
        .arg("reconfig")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut child = Command::new("nsupdate")
        .arg("-k")
        .arg(dns.keyfile())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    write!(
        child.stdin.take().unwrap(),
        "server {} {}\nzone debvisor.local\nupdate add diverged.debvisor.local 300 A 10.9.9.9\nsend\n",
        dns.get("DNS_ADDR"),
        dns.get("DNS_PRIMARY_PORT")
    )
    .unwrap();
    assert!(child.wait().unwrap().success(), "nsupdate failed");
}

fn metrics_to(sb: &Sandbox, dir: &Path) -> String {
    sb.ok(&[
        "metrics",
        "--quiet",
        "--textfile",
        dir.to_str().unwrap(),
        "--only",
        "dns,tsig,journals",
    ]);
    std::fs::read_to_string(dir.join("debvisor.prom")).unwrap()
}

#[test]
fn prometheus_sees_serial_divergence_and_signature_expiry() {
    let t = "prometheus_sees_serial_divergence_and_signature_expiry";
    let Some(dns) = Dns::start_signed_env(t, &[("DNS_SIG_VALIDITY_DAYS", "2")]) else {
        return;
    };
    // The shipped rules, with short `for:` so the test need not wait 10 minutes.
    let rules_dir = tempfile::tempdir().unwrap();
    let rules = rules_dir.path().join("rules.yml");
    let shipped =
        std::fs::read_to_string(common::repo().join("packaging/prometheus/debvisor-alerts.yml"))
            .unwrap();
    let fast = shipped
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("for: ") {
                "        for: 1s".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&rules, fast).unwrap();
    let Some(prom) = Prometheus::start(t, Some(&rules)) else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&dns_config(&dns));
    let text = metrics_to(&sb, &prom.textfile_dir());
    assert!(
        text.contains("# TYPE debvisor_dns_soa_serial gauge"),
        "{text}"
    );

    // In sync: Prometheus scraped lag 0 and both serials.
    let secondary = dns.secondary();
    let lag_q = format!("debvisor_dns_serial_lag{{server=\"{secondary}\"}}");
    prom.wait_for("lag 0 scraped", &lag_q, 30, |r| {
        r.len() == 1 && value(&r[0]) == 0.0
    });
    let serials = prom.query("debvisor_dns_soa_serial");
    assert_eq!(serials.len(), 2, "{serials:?}");
    // The expiry countdown comes from rndc zonestatus (SOA expire is one day here).
    let exp = prom.query("debvisor_dns_zone_expiry_seconds{source=\"rndc\"}");
    assert_eq!(exp.len(), 1, "{exp:?}");
    assert!((80_000.0..=86_400.0).contains(&value(&exp[0])), "{exp:?}");
    // DNSSEC: signatures valid 2 days show their remaining seconds, and the alert fires.
    let sig = prom.query("debvisor_dns_rrsig_expiry_seconds{type=\"SOA\"}");
    assert_eq!(sig.len(), 2, "{sig:?}");
    for s in &sig {
        let v = value(s);
        assert!((86_400.0..=2.0 * 86_400.0).contains(&v), "{sig:?}");
    }
    let validated = prom.query("debvisor_dns_dnssec_validated");
    assert!(validated.iter().all(|r| value(r) == 1.0), "{validated:?}");
    prom.wait_for(
        "the signature-expiry alert",
        "ALERTS{alertname=\"DebvisorDnssecSignatureExpiring\",alertstate=\"firing\"}",
        30,
        |r| !r.is_empty(),
    );
    let div_q = "ALERTS{alertname=\"DebvisorDnsSerialDivergence\",alertstate=\"firing\"}";
    assert!(prom.query(div_q).is_empty(), "diverged while in sync");

    // Break transfers for real, update the primary, collect again.
    break_transfers_and_update(&dns);
    let text = metrics_to(&sb, &prom.textfile_dir());
    assert!(
        text.lines()
            .any(|l| l.starts_with("debvisor_dns_serial_lag{")
                && !l.ends_with(" 0.0")
                && !l.ends_with(" 0")),
        "{text}"
    );
    let r = prom.wait_for("lag > 0 scraped", &lag_q, 30, |r| {
        r.len() == 1 && value(&r[0]) > 0.0
    });
    assert!(value(&r[0]) >= 1.0, "{r:?}");
    let firing = prom.wait_for("the divergence alert", div_q, 30, |r| !r.is_empty());
    assert_eq!(
        firing[0]["metric"]["server"],
        secondary.as_str(),
        "{firing:?}"
    );
    assert_eq!(firing[0]["metric"]["severity"], "warning");

    // One dig for every server, one rndc per secondary, one delv per server: never per record.
    let procs = sb.exec_entries();
    let count = |p: &str| procs.iter().filter(|e| e["argv"][0] == p).count();
    assert_eq!(count("dig"), 2, "one batch per run: {procs:?}");
    assert_eq!(count("rndc"), 2, "{procs:?}");
    assert_eq!(count("delv"), 4, "{procs:?}");
}

#[test]
fn health_check_sees_divergence_and_near_expiry_signatures_at_real_bind() {
    let t = "health_check_sees_divergence_and_near_expiry_signatures_at_real_bind";
    let Some(dns) = Dns::start_signed_env(t, &[("DNS_SIG_VALIDITY_DAYS", "2")]) else {
        return;
    };
    let sb = Sandbox::new();
    // SOA expire is one day in the test zone: warn only below one hour here ([dns] threshold).
    sb.write_config(&dns_config(&dns).replacen("[dns]\n", "[dns]\nexpiry_warn_hours = 1\n", 1));
    let run = |code: i32| -> serde_json::Value {
        let out = sb
            .cmd()
            .args([
                "health-check",
                "--json",
                "--only",
                "dns,dns-sync,dns-expiry,dnssec,tsig",
            ])
            .assert()
            .code(code)
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    };
    let find = |v: &serde_json::Value, name: &str| -> Vec<serde_json::Value> {
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["name"] == name)
            .cloned()
            .collect()
    };
    // In sync, but signatures expire within 3 days ([dns] rrsig_warn_days): degraded.
    let v = run(1);
    let sync = find(&v, "dns-sync");
    assert_eq!(sync.len(), 1, "{v}");
    assert_eq!(sync[0]["status"], "ok", "{v}");
    let expiry = find(&v, "dns-expiry");
    assert_eq!(expiry[0]["status"], "ok", "{v}");
    assert!(
        expiry[0]["message"].as_str().unwrap().contains("from rndc"),
        "{v}"
    );
    let sec = find(&v, "dnssec");
    assert_eq!(sec.len(), 2, "{v}");
    for c in &sec {
        assert_eq!(c["status"], "warning", "{v}");
        assert!(c["message"].as_str().unwrap().contains("validates"), "{v}");
        assert!(c["hint"].as_str().unwrap().contains("rndc"), "{v}");
    }
    let tsig = find(&v, "tsig");
    assert_eq!(tsig[0]["status"], "ok", "{v}");

    break_transfers_and_update(&dns);
    let v = run(1);
    let sync = find(&v, "dns-sync");
    assert_eq!(sync[0]["status"], "warning", "{v}");
    let msg = sync[0]["message"].as_str().unwrap();
    assert!(msg.contains("behind the primary"), "{msg}");
    assert!(
        sync[0]["hint"]
            .as_str()
            .unwrap()
            .contains("rndc retransfer"),
        "{v}"
    );
    assert_eq!(v["score"], 100 - 10 * 3, "{v}");
}

#[test]
fn a_failing_collector_is_a_zero_in_a_whole_file() {
    let sb = Sandbox::new();
    // A corrupt blocklist state file: that collector fails, the others still report.
    std::fs::create_dir_all(sb.path().join("state/blocklist")).unwrap();
    std::fs::write(sb.path().join("state/blocklist/applied.state"), "garbage").unwrap();
    // vnc-ensure's record of two websockify instances: one whose process is gone (a PID that
    // exited), one that listens (a real socket of this test) but whose PID is not a websockify.
    let gone = Command::new("true").spawn().unwrap();
    let gone_pid = gone.id();
    let mut gone = gone;
    gone.wait().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::fs::create_dir_all(sb.path().join("state/vnc")).unwrap();
    std::fs::write(
        sb.path().join("state/vnc/instances.json"),
        format!(
            "{{\"instances\":{{\"a\":{{\"port\":{port},\"listen\":\"127.0.0.1\",\"target\":\"127.0.0.1:5900\",\"mode\":\"systemd\",\"started_at\":\"x\"}},             \"b\":{{\"port\":1,\"listen\":\"127.0.0.1\",\"target\":\"127.0.0.1:5901\",\"mode\":\"spawn\",\"pid\":{gone_pid},\"started_at\":\"x\"}}}}}}"
        ),
    )
    .unwrap();
    let dir = sb.path().join("textfile");
    sb.ok(&[
        "metrics",
        "--quiet",
        "--textfile",
        dir.to_str().unwrap(),
        "--only",
        "blocklist,journals,tsig,websockify",
    ]);
    let text = std::fs::read_to_string(dir.join("debvisor.prom")).unwrap();
    assert!(
        text.contains("debvisor_collector_success{collector=\"blocklist\"} 0"),
        "{text}"
    );
    assert!(
        text.contains("debvisor_collector_success{collector=\"journals\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("debvisor_journal_present{journal=\"join\"} 0"),
        "{text}"
    );
    assert!(!text.contains("debvisor_blocklist_entries"), "{text}");
    assert!(
        text.contains("debvisor_websockify_instances{state=\"running\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("debvisor_websockify_instances{state=\"process_gone\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("debvisor_websockify_instances{state=\"not_listening\"} 0"),
        "{text}"
    );
    drop(listener);
    // Atomic: only the final file is left in the directory.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["debvisor.prom"]);

    // --json: the same values.
    let v = sb.json_ok(&["metrics", "--json", "--only", "blocklist"]);
    let m = v["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "debvisor_collector_success")
        .unwrap()
        .clone();
    assert_eq!(m["samples"][0]["labels"]["collector"], "blocklist");
    assert_eq!(m["samples"][0]["value"], 0.0);
}

#[test]
fn blocklist_collector_sees_entries_and_kernel_drift_in_real_nftables() {
    let Some(ns) = common::netns::Netns::create("blocklist_collector_sees_kernel_drift") else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&format!(
        "[blocklist]\nsnippet = \"{}\"\n",
        sb.path().join("nft/10-blocklist.conf").display()
    ));
    let block = sb.path().join("block.txt");
    std::fs::write(&block, "198.51.100.0/24\n203.0.113.7\n2001:db8:bad::/48\n").unwrap();
    let run = |args: &[&str]| -> std::process::Output {
        let mut c = ns.command(common::bin());
        c.args(args);
        for (k, v) in [
            ("DEBVISOR_CONFIG", sb.config_path()),
            ("DEBVISOR_AUDIT_LOG", sb.audit_log()),
            ("DEBVISOR_STATE_DIR", sb.path().join("state")),
            ("DEBVISOR_LOCK_DIR", sb.path().join("lock")),
            ("DEBVISOR_LOG_DIR", sb.path().join("log")),
        ] {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        common::assert_ok(&out);
        out
    };
    run(&["blocklist", "apply", block.to_str().unwrap()]);
    let metrics = || String::from_utf8(run(&["metrics", "--only", "blocklist"]).stdout).unwrap();
    let text = metrics();
    assert!(
        text.contains("debvisor_blocklist_entries{family=\"ipv4\"} 2"),
        "{text}"
    );
    assert!(
        text.contains("debvisor_blocklist_entries{family=\"ipv6\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("debvisor_blocklist_kernel_in_sync 1"),
        "{text}"
    );
    assert!(
        text.contains("debvisor_blocklist_last_success_age_seconds "),
        "{text}"
    );

    // Someone removes an element behind the blocklist's back: drift.
    ns.nft(&[
        "delete",
        "element",
        "inet",
        "debvisor_blocklist",
        "blocked_ips",
        "{ 203.0.113.7 }",
    ]);
    let text = metrics();
    assert!(
        text.contains("debvisor_blocklist_kernel_in_sync 0"),
        "{text}"
    );
    assert!(
        text.contains("debvisor_collector_success{collector=\"blocklist\"} 1"),
        "{text}"
    );
}

#[test]
fn ceph_collector_reports_what_the_real_cluster_says() {
    let Some(ceph) = common::ceph::Ceph::start("ceph_collector_reports_the_real_cluster", 1) else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&format!(
        "[ceph]\nconf = \"{}\"\nkeyring = \"{}\"\n",
        ceph.conf().display(),
        ceph.keyring().display()
    ));
    let v = sb.json_ok(&["metrics", "--json", "--only", "ceph"]);
    let get = |name: &str, labels: &[(&str, &str)]| -> Option<f64> {
        let m = v["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)?;
        m["samples"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| labels.iter().all(|(k, val)| s["labels"][*k] == *val))
            .and_then(|s| s["value"].as_f64())
    };
    assert_eq!(
        get("debvisor_collector_success", &[("collector", "ceph")]),
        Some(1.0),
        "{v}"
    );
    // The same cluster, asked directly.
    let st = ceph.json(&["status"]);
    let want = match st["health"]["status"].as_str().unwrap() {
        "HEALTH_OK" => 0.0,
        "HEALTH_WARN" => 1.0,
        _ => 2.0,
    };
    assert_eq!(get("debvisor_ceph_health_status", &[]), Some(want), "{v}");
    assert_eq!(
        get("debvisor_ceph_osds", &[("state", "total")]),
        st["osdmap"]["num_osds"].as_f64(),
        "{v}"
    );
    assert_eq!(
        get("debvisor_ceph_osds", &[("state", "up")]),
        st["osdmap"]["num_up_osds"].as_f64(),
        "{v}"
    );
    let df = ceph.json(&["df", "detail"]);
    for p in df["pools"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let r = get("debvisor_ceph_pool_used_ratio", &[("pool", name)]);
        assert!(r.is_some_and(|r| (0.0..=1.0).contains(&r)), "{name}: {v}");
    }
    // Two ceph processes, whatever the number of pools and OSDs.
    let n = sb
        .exec_entries()
        .iter()
        .filter(|e| e["argv"][0] == "ceph")
        .count();
    assert_eq!(n, 2);
}
