//! blocklist: validation, exact compile (checked against FireHOL iprange), and apply against
//! real nft inside a network namespace each test creates (tests/common/netns.rs).

mod common;

use std::path::{Path, PathBuf};

use common::netns::Netns;
use common::Sandbox;

fn write(sb: &Sandbox, name: &str, text: &str) -> PathBuf {
    let p = sb.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Sandbox config: snippet and metrics inside the sandbox.
fn config(sb: &Sandbox, extra: &str) {
    sb.write_config(&format!(
        "[blocklist]\nsnippet = \"{}\"\nmetrics_file = \"{}\"\n{extra}",
        sb.path().join("nftables.d/10-blocklist.conf").display(),
        sb.path().join("metrics/blocklist.prom").display()
    ));
}

/// A seeded xorshift generator (no external crates).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn random_list(seed: u64, n: usize, v6: bool) -> String {
    random_list_lens(seed, n, v6, &[32, 32, 32, 24, 28, 20, 16])
}

/// Allow lists: narrower entries, so they carve holes rather than erase the block set.
fn allow_list(seed: u64, n: usize, v6: bool) -> String {
    random_list_lens(seed, n, v6, &[32, 32, 30, 28, 24])
}

fn random_list_lens(seed: u64, n: usize, v6: bool, lens: &[u32]) -> String {
    let mut r = Rng(seed);
    let mut out = String::new();
    for _ in 0..n {
        let x = r.next();
        if v6 && x.is_multiple_of(4) {
            let len = 100 + (r.next() % 29) as u32;
            let a: u128 = (0x2001_0db8u128 << 96) | ((r.next() as u128 & 0xffff_ffff) << 16);
            let mask = if len == 128 { 0 } else { u128::MAX >> len };
            out.push_str(&format!("{}/{len}\n", std::net::Ipv6Addr::from(a & !mask)));
        } else {
            // A /12 window (20.0.0.0/12) so that entries overlap and nest.
            let len = lens[(x % lens.len() as u64) as usize];
            let a: u32 = 0x1400_0000 | (r.next() as u32 & 0x000f_ffff);
            let mask = if len == 32 { 0 } else { u32::MAX >> len };
            out.push_str(&format!("{}/{len}\n", std::net::Ipv4Addr::from(a & !mask)));
        }
    }
    out
}

#[test]
fn validate_reports_every_bad_line_and_overlaps() {
    let sb = Sandbox::new();
    config(&sb, "");
    let pwned = sb.path().join("PWNED");
    let block = write(
        &sb,
        "block.txt",
        &format!(
            "# Inline comments are supported: 10.0.0.0/8 # Private RFC1918 range\n\
             203.0.113.0/24        # Known botnet C2 infrastructure\n\
             10.0.0.1/8\n\
             10.0.0.0/33\n\
             example.com\n\
             1.2.3.4 junk\n\
             /24\n\
             203.0.113.10/32\n\
             203.0.113.0/26\n\
             198.51.100.0/24\n\
             198.51.100.50\n\
             192.0.2.0/25\n\
             192.0.2.128/25\n\
             2001:db8:bad::1/128   # Known attacker single IP\n\
             1.1.1.1\\'),open(\\'{}\\',\\'w\\'),ip_network(\\'1.1.1.1\n\
             0.0.0.0/0\n",
            pwned.display()
        ),
    );
    let allow = write(&sb, "allow.txt", "203.0.113.10          # vendor\n");
    let out = sb
        .cmd()
        .args(["blocklist", "validate", &s(&block), "--allow", &s(&allow)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    let b = s(&block);
    for want in [
        format!("{b}:3: host bits set in 10.0.0.1/8 (the network is 10.0.0.0/8)"),
        format!("{b}:4: bad prefix length /33 (must be 0-32)"),
        format!("{b}:5: not an IPv4/IPv6 address or CIDR: \"example.com\""),
        format!("{b}:6: garbage after the address 1.2.3.4: \"junk\""),
        format!("{b}:7: empty entry"),
        format!("{b}:15: not an IPv4/IPv6 address"),
        format!("{b}:16: 0.0.0.0/0 would block the whole address space"),
        format!("{b}:8: warning: 203.0.113.10 is covered by 203.0.113.0/26 ({b}:9)"),
        format!("{b}:9: warning: 203.0.113.0/26 is covered by 203.0.113.0/24 ({b}:2)"),
        format!("{b}:11: warning: 198.51.100.50 is covered by 198.51.100.0/24 ({b}:10)"),
        format!("{b}:2: warning: 203.0.113.0/24 is in a special range: documentation (RFC 5737)"),
    ] {
        assert!(err.contains(&want), "missing {want:?} in:\n{err}");
    }
    // Adjacent halves are not overlaps; the injection line executed nothing.
    assert!(
        !err.contains("192.0.2.128/25 is covered by 192.0.2.0/25"),
        "{err}"
    );
    assert!(!pwned.exists());

    // --allow-huge accepts ::/0 and 0.0.0.0/0.
    let huge = write(&sb, "huge.txt", "::/0\n");
    sb.cmd()
        .args(["blocklist", "validate", &s(&huge), "--allow-huge"])
        .assert()
        .code(0);
    sb.cmd()
        .args(["blocklist", "validate", &s(&huge)])
        .assert()
        .code(5);

    // JSON: one document on stdout.
    let out = sb
        .cmd()
        .args(["blocklist", "validate", "--json", &s(&block)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"].as_array().unwrap().len(), 7);
    assert_eq!(v["overlaps"].as_array().unwrap().len(), 7); // 3 real + 4 under 0.0.0.0/0
    assert_eq!(v["errors"][0]["line"], 3);
}

#[test]
fn legacy_command_lines_still_work() {
    let sb = Sandbox::new();
    config(&sb, "");
    let block = write(&sb, "b.txt", "203.0.113.0/24 # x\n2001:db8::/32\n");
    let allow = write(&sb, "w.txt", "203.0.113.10\n");
    for argv0 in ["validate-blocklists.sh", "validate-blocklists"] {
        let out = sb
            .cmd_as(argv0)
            .args([
                "--blocklist",
                &s(&block),
                "--whitelist",
                &s(&allow),
                "--check-overlaps",
                "--verbose",
                "--json",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["valid"], true);
        assert_eq!(v["files"].as_array().unwrap().len(), 2);
    }
    sb.cmd()
        .args(["blocklist", "--blocklist", &s(&block), "--check-overlaps"])
        .assert()
        .code(0);
    // An allow list validated on its own (as the legacy docs describe), while the configured
    // block list does not exist: only what was asked for is read.
    config(
        &sb,
        &format!(
            "sources = [\"{}\"]\n",
            s(&sb.path().join("missing-block.txt"))
        ),
    );
    let out = sb
        .cmd_as("validate-blocklists")
        .args(["--whitelist", &s(&allow), "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["files"][0]["role"], "allow");
    // Nothing named: the configured sources are validated, so the missing one is an error.
    let out = sb.cmd_as("validate-blocklists").output().unwrap();
    assert_ne!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("missing-block.txt"),
        "{out:?}"
    );
    config(&sb, "");
    // verify-blocklist-integrity: `--blocklist F` alone prints the hash; `--sha256` checks.
    let out = sb
        .cmd_as("verify-blocklist-integrity.sh")
        .args(["--blocklist", &s(&block)])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let hex = text.split_whitespace().nth(1).unwrap().to_string();
    assert!(text.starts_with("SHA256: ") && hex.len() == 64, "{text}");
    sb.cmd_as("verify-blocklist-integrity.sh")
        .args(["--blocklist", &s(&block), "--sha256", &hex.to_uppercase()])
        .assert()
        .code(0);
    // A mismatch fails even without --abort-on-failure (the legacy script exited 0).
    sb.cmd_as("verify-blocklist-integrity.sh")
        .args(["--blocklist", &s(&allow), "--sha256", &hex])
        .assert()
        .code(5);
}

#[test]
fn verify_fails_closed() {
    let sb = Sandbox::new();
    let dir = sb.path().join("lists");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), "1.2.3.4\n").unwrap();
    std::fs::write(dir.join("b.txt"), "5.6.7.8\n").unwrap();
    let sha = |p: &Path| {
        let o = std::process::Command::new("sha256sum")
            .arg(p)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    let meta = dir.join("blocklist-metadata.json");
    let write_meta = |b_hash: &str| {
        let doc = serde_json::json!({
            "version": "1.0", "last_updated": "2024-01-01", "blocklist_format_version": "1",
            "blocklists": {
                "a.txt": {"description": "a", "sources": [], "sha256": sha(&dir.join("a.txt")), "entry_count": 1},
                "b.txt": {"description": "b", "sources": [], "sha256": b_hash, "entry_count": 1}
            },
            "deployment": {"integrity": {"method": "SHA256", "on_failure": "abort_deployment"}}
        });
        std::fs::write(&meta, doc.to_string()).unwrap();
    };
    config(
        &sb,
        &format!(
            "sources = [\"{}\"]\nmetadata = \"{}\"\n",
            dir.display(),
            meta.display()
        ),
    );
    write_meta(&sha(&dir.join("b.txt")));
    sb.cmd().args(["blocklist", "verify"]).assert().code(0);
    // Placeholder hash (as shipped): fails.
    write_meta("placeholder-compute-after-generation");
    let out = sb
        .cmd()
        .args(["blocklist", "verify", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert!(v["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["status"] == "missing-hash"));
    // Mismatch after tampering.
    write_meta(&sha(&dir.join("b.txt")));
    std::fs::write(dir.join("b.txt"), "5.6.7.9\n").unwrap();
    sb.cmd().args(["blocklist", "verify"]).assert().code(5);
    // A configured source unknown to the metadata fails.
    write_meta(&sha(&dir.join("b.txt")));
    sb.cmd().args(["blocklist", "verify"]).assert().code(0);
    std::fs::write(dir.join("c.txt"), "9.9.9.9\n").unwrap();
    let out = sb.cmd().args(["blocklist", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not listed in the metadata"));
    // By base name, hashing the file given (not the metadata directory's copy).
    let other = sb.path().join("a.txt");
    std::fs::write(&other, "1.2.3.4\n").unwrap();
    sb.cmd()
        .args(["blocklist", "verify", "--metadata", &s(&meta), &s(&other)])
        .assert()
        .code(0);
    std::fs::write(&other, "1.2.3.5\n").unwrap();
    sb.cmd()
        .args(["blocklist", "verify", "--metadata", &s(&meta), &s(&other)])
        .assert()
        .code(5);
}

/// compile agrees with FireHOL iprange (IPv4) on a seeded input with overlaps and an allow list.
#[test]
fn compile_equals_iprange() {
    if which::which("iprange").is_err() {
        common::skip("compile_equals_iprange", "iprange is not installed");
        return;
    }
    let sb = Sandbox::new();
    config(&sb, "");
    let block = write(&sb, "block.txt", &random_list(7, 20_000, false));
    let allow = write(&sb, "allow.txt", &allow_list(11, 2_000, false));
    let ours = sb
        .cmd()
        .args(["blocklist", "compile", &s(&block), "--allow", &s(&allow)])
        .output()
        .unwrap();
    assert!(ours.status.success(), "{ours:?}");
    let theirs = std::process::Command::new("iprange")
        .arg(&block)
        .arg("--except")
        .arg(&allow)
        .output()
        .unwrap();
    assert!(theirs.status.success());
    let norm = |b: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(b)
            .lines()
            .map(|l| l.trim_end_matches("/32").to_string())
            .collect()
    };
    let (a, b) = (norm(&ours.stdout), norm(&theirs.stdout));
    assert!(a.len() > 1000, "{}", a.len());
    assert_eq!(a, b);
}

#[test]
fn diff_and_stats() {
    let sb = Sandbox::new();
    config(&sb, "");
    let a = write(&sb, "a.txt", "10.0.0.0/25\n10.0.0.128/25\n2001:db8::/48\n");
    let b = write(
        &sb,
        "b.txt",
        "10.0.0.0/24 # same set, aggregated\n2001:db8::/48\n",
    );
    let c = write(&sb, "c.txt", "10.0.0.0/24\n10.0.1.1\n");
    sb.cmd()
        .args(["blocklist", "diff", &s(&a), &s(&b)])
        .assert()
        .code(0);
    let out = sb
        .cmd()
        .args(["blocklist", "diff", &s(&a), &s(&c), "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], serde_json::json!(["10.0.1.1"]));
    assert_eq!(v["removed"], serde_json::json!(["2001:db8::/48"]));
    let out = sb
        .cmd()
        .args([
            "blocklist",
            "stats",
            &s(&a),
            &s(&c),
            "--allow",
            &s(&b),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sources"].as_array().unwrap().len(), 3);
    assert_eq!(v["sources"][0]["entries"], 3);
    assert_eq!(v["ipv4_addresses"], 1);
    assert_eq!(v["cidrs"], 1);
    assert_eq!(v["kernel_elements"]["blocked_ips"], 1);
}

/// Every `@set` named in the rules of the blocklist's own chains (input, forward).
fn referenced(v: &serde_json::Value) -> std::collections::BTreeSet<String> {
    fn walk(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::String(s) if s.starts_with('@') => {
                out.insert(s[1..].to_string());
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    for item in v["nftables"].as_array().unwrap() {
        let chain = item["rule"]["chain"].as_str().unwrap_or("");
        if chain.starts_with("debvisor_blocklist_") {
            walk(&item["rule"]["expr"], &mut out);
        }
    }
    out
}

/// The set names in the blocklist table, and those its chains reference.
fn table_sets(ns: &Netns) -> (Vec<String>, Vec<String>) {
    let j = ns.nft(&["-j", "-t", "list", "table", "inet", "debvisor_blocklist"]);
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    let mut all: Vec<String> = v["nftables"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["set"]["name"].as_str().map(str::to_string))
        .collect();
    all.sort();
    (all, referenced(&v).into_iter().collect())
}

/// The union of the table's live sets (those its chains reference: a staged load's sets, or
/// what an interrupted one left, block nothing) as read back from the kernel, as CIDR strings.
fn live(ns: &Netns) -> Vec<String> {
    // Parsed here with serde_json + ipnet, independently of the tool's own parser: elements
    // are strings (network addresses in the `blocked_nets_LEN` / `blocked_nets6_LEN` sets, or
    // `blocked_nets_b_LEN` / `blocked_nets6_b_LEN` of the other generation), {"prefix":…} or
    // {"range":[a,b]}; merged, then split into CIDRs by ipnet.
    let mut v4: Vec<(u32, u32)> = Vec::new();
    let mut v6: Vec<(u128, u128)> = Vec::new();
    {
        let j = ns.nft(&["-j", "list", "table", "inet", "debvisor_blocklist"]);
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        let refs = referenced(&v);
        for item in v["nftables"].as_array().unwrap() {
            let Some(elems) = item["set"]["elem"].as_array() else {
                continue;
            };
            let name = item["set"]["name"].as_str().unwrap();
            if !refs.contains(name) {
                continue;
            }
            let plen = name
                .strip_prefix("blocked_nets6_")
                .or_else(|| name.strip_prefix("blocked_nets_"))
                .map(|l| l.trim_start_matches("b_").parse::<u8>().unwrap());
            for e in elems {
                let (lo, hi) = if let (Some(a), Some(l)) = (e.as_str(), plen) {
                    let n: ipnet::IpNet = format!("{a}/{l}").parse().unwrap();
                    assert_eq!(n.network().to_string(), a, "host bits in {name}");
                    (n.network().to_string(), n.broadcast().to_string())
                } else if let Some(a) = e.as_str() {
                    (a.to_string(), a.to_string())
                } else if let Some(p) = e.get("prefix") {
                    let net = format!("{}/{}", p["addr"].as_str().unwrap(), p["len"]);
                    let n: ipnet::IpNet = net.parse().unwrap();
                    (n.network().to_string(), n.broadcast().to_string())
                } else {
                    let r = e["range"].as_array().unwrap();
                    (
                        r[0].as_str().unwrap().to_string(),
                        r[1].as_str().unwrap().to_string(),
                    )
                };
                match (
                    lo.parse::<std::net::IpAddr>().unwrap(),
                    hi.parse::<std::net::IpAddr>().unwrap(),
                ) {
                    (std::net::IpAddr::V4(a), std::net::IpAddr::V4(b)) => {
                        v4.push((a.into(), b.into()))
                    }
                    (std::net::IpAddr::V6(a), std::net::IpAddr::V6(b)) => {
                        v6.push((a.into(), b.into()))
                    }
                    _ => panic!("mixed range {e}"),
                }
            }
        }
    }
    let mut out = Vec::new();
    for (lo, hi) in merge(v4) {
        out.extend(ipnet::Ipv4Subnets::new(lo.into(), hi.into(), 0).map(|n| canon(&n.to_string())));
    }
    for (lo, hi) in merge(v6) {
        out.extend(ipnet::Ipv6Subnets::new(lo.into(), hi.into(), 0).map(|n| canon(&n.to_string())));
    }
    out
}

fn merge<T>(mut v: Vec<(T, T)>) -> Vec<(T, T)>
where
    T: Ord + Copy + std::fmt::Debug + Into<u128>,
{
    v.sort();
    let mut out: Vec<(T, T)> = Vec::new();
    for (lo, hi) in v {
        if let Some(last) = out.last_mut() {
            let (l1, h1): (u128, u128) = (last.1.into(), lo.into());
            assert!(h1 > l1, "kernel sets overlap: {last:?} and {lo:?}");
            if h1 == l1 + 1 {
                last.1 = hi;
                continue;
            }
        }
        out.push((lo, hi));
    }
    out
}

/// A single address without its prefix length, as `compile` prints it (an IPv6 /32 is a
/// network).
fn canon(s: &str) -> String {
    match s.split_once('/') {
        Some((a, "32")) if !a.contains(':') => a.to_string(),
        Some((a, "128")) => a.to_string(),
        _ => s.to_string(),
    }
}

fn compiled(sb: &Sandbox, args: &[&str]) -> Vec<String> {
    let out = sb
        .cmd()
        .args(["blocklist", "compile"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn apply(sb: &Sandbox, ns: &Netns, args: &[&str]) -> std::process::Output {
    let mut c = ns.command(common::bin());
    c.args(["blocklist", "apply"]).args(args);
    for (k, v) in [
        ("DEBVISOR_CONFIG", sb.config_path()),
        ("DEBVISOR_AUDIT_LOG", sb.audit_log()),
        ("DEBVISOR_STATE_DIR", sb.path().join("state")),
        ("DEBVISOR_LOCK_DIR", sb.path().join("lock")),
        ("DEBVISOR_LOG_DIR", sb.path().join("log")),
        ("DEBVISOR_EXEC_LOG", sb.exec_log()),
    ] {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn nft_runs(sb: &Sandbox) -> Vec<String> {
    sb.exec_entries()
        .iter()
        .filter(|e| e["ran"] == true)
        .map(|e| {
            e["argv"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn apply_loads_exactly_the_computed_set_and_sends_deltas() {
    let Some(ns) = Netns::create("apply_loads_exactly_the_computed_set") else {
        return;
    };
    let sb = Sandbox::new();
    config(&sb, "");
    let mut text = random_list(3, 3000, true);
    text.push_str("20.0.0.0/12 # covers most of the above\n");
    let block = write(&sb, "block.txt", &text);
    let allow = write(&sb, "allow.txt", &allow_list(5, 300, true));
    let args = [s(&block), "--allow".into(), s(&allow)];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    // First apply: no state yet → full load.
    let out = apply(&sb, &ns, &args);
    common::assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("applied (full)"));
    let want = compiled(&sb, &args);
    assert!(want.len() > 100);
    assert_eq!(live(&ns), want);

    // The snippet on disk passes `nft -c` in a fresh namespace and loads the same set there.
    let snippet = sb.path().join("nftables.d/10-blocklist.conf");
    let ns2 = Netns::create("apply_loads_exactly_the_computed_set (2)").unwrap();
    ns2.nft(&["-c", "-f", &s(&snippet)]);
    ns2.nft(&["-f", &s(&snippet)]);
    ns2.nft(&["-f", &s(&snippet)]); // idempotent: loading twice replaces the table
    assert_eq!(live(&ns2), want);
    drop(ns2);

    // Change the inputs: only the delta is sent (no listing of the live set), in one nft -f.
    let _ = std::fs::remove_file(sb.exec_log());
    let mut text2: String = text.lines().skip(50).map(|l| format!("{l}\n")).collect();
    text2.push_str("9.9.9.9\n20.16.0.0/16\n2001:db8:ffff::/48\n");
    std::fs::write(&block, &text2).unwrap();
    let out = apply(&sb, &ns, &args);
    common::assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("applied (delta)"));
    let runs = nft_runs(&sb);
    assert_eq!(runs, vec!["nft -c -f -", "nft -f -"], "{runs:?}");
    let want2 = compiled(&sb, &args);
    assert_ne!(want, want2);
    assert_eq!(live(&ns), want2);

    // Nothing changed: no nft call that mutates.
    let _ = std::fs::remove_file(sb.exec_log());
    let out = apply(&sb, &ns, &args);
    assert!(out.status.success());
    assert!(nft_runs(&sb).is_empty(), "{:?}", nft_runs(&sb));

    // Drift: someone deletes the table; the delta fails and a full reload heals it.
    ns.nft(&["delete", "table", "inet", "debvisor_blocklist"]);
    std::fs::write(&block, format!("{text2}9.9.9.10\n")).unwrap();
    let out = apply(&sb, &ns, &args);
    common::assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("doing a full reload"));
    let want3 = compiled(&sb, &args);
    assert_eq!(live(&ns), want3);
    // --full reloads the whole table (and lists the live set first to show any drift). The
    // reload above staged the other generation: the address set is whichever the chain names.
    let ips = table_sets(&ns)
        .1
        .into_iter()
        .find(|n| n.starts_with("blocked_ips") && !n.starts_with("blocked_ips6"))
        .unwrap();
    ns.nft(&[
        "add",
        "element",
        "inet",
        "debvisor_blocklist",
        &ips,
        "{ 8.8.4.4 }",
    ]);
    let out = apply(&sb, &ns, &[&args[..], &["--full"]].concat());
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("applied (full)"), "{stdout}");
    assert!(
        stdout.contains("against the live set") && stdout.contains("- 8.8.4.4"),
        "{stdout}"
    );
    assert_eq!(live(&ns), want3);

    let metrics = std::fs::read_to_string(sb.path().join("metrics/blocklist.prom")).unwrap();
    assert!(
        metrics.contains("debvisor_blocklist_last_apply_success 1"),
        "{metrics}"
    );
    assert!(sb
        .audit_entries()
        .iter()
        .any(|e| e["action"] == "blocklist-apply"));
}

/// `changed` in apply's JSON is what Ansible's `changed` reports: true when the kernel set
/// changed (or, with --dry-run, would change), false on an unchanged re-run.
#[test]
fn apply_json_says_whether_the_set_changed() {
    let Some(ns) = Netns::create("apply_json_says_whether_the_set_changed") else {
        return;
    };
    let sb = Sandbox::new();
    config(&sb, "");
    let block = write(&sb, "block.txt", "192.0.2.0/24\n198.51.100.7\n");
    let doc = |args: &[&str]| -> serde_json::Value {
        let out = apply(&sb, &ns, &[&[s(&block).as_str(), "--json"], args].concat());
        common::assert_ok(&out);
        // Under --dry-run the plan steps come first, one JSON document each; the report last.
        serde_json::Deserializer::from_slice(&out.stdout)
            .into_iter::<serde_json::Value>()
            .map(Result::unwrap)
            .last()
            .unwrap()
    };
    let first = doc(&[]);
    assert_eq!(first["changed"], true, "{first}");
    let want = live(&ns);
    let again = doc(&[]);
    assert_eq!(again["changed"], false, "{again}");
    assert_eq!(again["mode"], "none", "{again}");
    std::fs::write(&block, "192.0.2.0/24\n198.51.100.7\n203.0.113.9\n").unwrap();
    let dry = doc(&["--dry-run"]);
    assert_eq!(dry["changed"], true, "{dry}");
    assert_eq!(dry["dry_run"], true, "{dry}");
    assert_eq!(live(&ns), want, "a dry run changes nothing");
}

#[test]
fn bad_input_or_guard_keeps_the_previous_set() {
    let Some(ns) = Netns::create("bad_input_keeps_the_previous_set") else {
        return;
    };
    let sb = Sandbox::new();
    config(&sb, "max_block_percent = 1.0\n");
    let block = write(
        &sb,
        "block.txt",
        "198.18.0.0/15\n192.0.2.7\n2001:db8::/64\n",
    );
    let out = apply(&sb, &ns, &[&s(&block)]);
    common::assert_ok(&out);
    let before = ns.nft(&["list", "table", "inet", "debvisor_blocklist"]);
    let state = std::fs::read(sb.path().join("state/blocklist/applied.state")).unwrap();

    // A bad line: exit 5, nothing sent to nft, set and state unchanged.
    std::fs::write(&block, "198.18.0.0/15\n192.0.2.7/24\n").unwrap();
    let _ = std::fs::remove_file(sb.exec_log());
    let out = apply(&sb, &ns, &[&s(&block)]);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains(":2: host bits set"));
    assert!(nft_runs(&sb).is_empty());
    assert_eq!(
        ns.nft(&["list", "table", "inet", "debvisor_blocklist"]),
        before
    );

    // The guard: most of the set removed → refused (exit 3) unless --force.
    std::fs::write(&block, "192.0.2.7\n").unwrap();
    let out = apply(&sb, &ns, &[&s(&block)]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("max_removal_percent"));
    // Too much address space → refused.
    std::fs::write(&block, "0.0.0.0/1\n").unwrap();
    let out = apply(&sb, &ns, &[&s(&block)]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("max_block_percent"));
    assert_eq!(
        ns.nft(&["list", "table", "inet", "debvisor_blocklist"]),
        before
    );
    assert_eq!(
        std::fs::read(sb.path().join("state/blocklist/applied.state")).unwrap(),
        state
    );

    // --dry-run prints the plan as a diff and changes nothing.
    std::fs::write(&block, "198.18.0.0/15\n192.0.2.8\n2001:db8::/64\n").unwrap();
    let out = apply(&sb, &ns, &[&s(&block), "--dry-run"]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("+ 192.0.2.8"), "{stdout}");
    assert!(stdout.contains("- 192.0.2.7"), "{stdout}");
    assert!(stdout.contains("would run: nft -f -"), "{stdout}");
    assert_eq!(
        ns.nft(&["list", "table", "inet", "debvisor_blocklist"]),
        before
    );
}

/// The rules really drop traffic: a TCP SYN from a blocked source (an address, or inside a
/// blocked prefix, also one whose prefix-length set a later delta creates) is dropped
/// (timeout), one from an unblocked source reaches the stack (connection refused).
#[test]
fn blocked_source_is_dropped() {
    let Some(ns) = Netns::create("blocked_source_is_dropped") else {
        return;
    };
    let sb = Sandbox::new();
    config(&sb, "");
    let block = write(&sb, "block.txt", "127.0.0.2 # test source\n127.0.0.64/26\n");
    let out = apply(&sb, &ns, &[&s(&block)]);
    common::assert_ok(&out);
    let probe = |src: &str| -> String {
        let code = format!(
            "import socket\ntry:\n socket.create_connection(('127.0.0.1', 9), timeout=1, source_address=('{src}', 0))\n print('open')\nexcept socket.timeout:\n print('dropped')\nexcept ConnectionRefusedError:\n print('refused')\n"
        );
        let o = ns.run("/usr/bin/python3", &["-c", &code]);
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    assert_eq!(probe("127.0.0.2"), "dropped");
    assert_eq!(probe("127.0.0.3"), "refused");
    assert_eq!(probe("127.0.0.70"), "dropped");
    assert_eq!(probe("127.0.0.130"), "refused");
    assert_eq!(probe("127.0.1.9"), "refused");
    // The /26 was loaded as 64 addresses (cheaper than a set and a rule for one network).
    let chain = || {
        ns.nft(&[
            "list",
            "chain",
            "inet",
            "debvisor_blocklist",
            "debvisor_blocklist_input",
        ])
    };
    assert!(!chain().contains("blocked_nets"), "{}", chain());
    // A delta: a /24 and a /17 would be 33,024 addresses, past what a delta may expand into
    // the kernel's sets: a /24 set and its rule come with the delta (the least growth: the /17
    // goes into 128 of its /24s).
    write(
        &sb,
        "block.txt",
        "127.0.0.2 # test source\n127.0.0.64/26\n127.0.1.0/24\n127.0.128.0/17\n",
    );
    let out = apply(&sb, &ns, &[&s(&block)]);
    common::assert_ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("applied (delta)"), "{stdout}");
    assert_eq!(probe("127.0.1.9"), "dropped");
    assert_eq!(probe("127.0.0.70"), "dropped");
    assert_eq!(probe("127.0.200.9"), "dropped");
    assert_eq!(probe("127.0.0.130"), "refused");
    let counters = chain();
    assert!(
        counters.contains("@blocked_nets_24 counter packets 2 "),
        "{counters}"
    );
    assert_eq!(counters.matches("blocked_nets").count(), 1, "{counters}");
    assert!(
        !counters.contains("ip saddr @blocked_ips counter packets 0 "),
        "{counters}"
    );
}

/// A set the kernel cannot take (here: more elements than `max_kernel_elements`; on a real host
/// also more memory than the load needs) is refused with exit 3 and one line naming the input,
/// before any nft run: the live table and the state stay as they were, --force or not.
#[test]
fn a_set_the_kernel_cannot_take_is_refused_before_nft_runs() {
    let Some(ns) = Netns::create("a_set_the_kernel_cannot_take_is_refused") else {
        return;
    };
    let sb = Sandbox::new();
    config(&sb, "max_kernel_elements = 100\n");
    let small: String = (1..=60)
        .map(|i| format!("198.51.100.{}\n", 2 * i))
        .collect();
    let block = write(&sb, "feed.txt", &small);
    common::assert_ok(&apply(&sb, &ns, &[&s(&block)]));
    let before = ns.nft(&["list", "table", "inet", "debvisor_blocklist"]);
    let state = std::fs::read(sb.path().join("state/blocklist/applied.state")).unwrap();

    // 60 + 60 single addresses (none adjacent): 120 kernel elements, over the cap.
    let more: String = (1..=60).map(|i| format!("203.0.113.{}\n", 2 * i)).collect();
    std::fs::write(&block, format!("{small}{more}")).unwrap();
    for extra in [&[][..], &["--force"][..], &["--full"][..]] {
        let _ = std::fs::remove_file(sb.exec_log());
        let out = apply(&sb, &ns, &[&[s(&block).as_str()], extra].concat());
        assert_eq!(out.status.code(), Some(3), "{extra:?}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let want = format!(
            "{}: the kernel cannot take this set: 120 kernel elements, more than the 100 of [blocklist] max_kernel_elements; nothing was changed",
            block.display()
        );
        assert!(stderr.contains(&want), "{stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        let mutating: Vec<String> = nft_runs(&sb)
            .into_iter()
            .filter(|r| !r.starts_with("nft -j list"))
            .collect();
        assert!(mutating.is_empty(), "{extra:?}: {mutating:?}");
        assert_eq!(
            ns.nft(&["list", "table", "inet", "debvisor_blocklist"]),
            before
        );
        assert_eq!(
            std::fs::read(sb.path().join("state/blocklist/applied.state")).unwrap(),
            state
        );
    }
    // Within the cap again: applied as a delta.
    let fewer: String = (1..=30).map(|i| format!("203.0.113.{}\n", 2 * i)).collect();
    std::fs::write(&block, format!("{small}{fewer}")).unwrap();
    let out = apply(&sb, &ns, &[&s(&block)]);
    common::assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("applied (delta)"));
}

/// Sets are declared with a `size` (the kernel's fixed-size hash); a delta that would overfill
/// one becomes a full reload that sizes the sets anew, and the kernel holds the new set.
#[test]
fn a_delta_that_overfills_a_set_becomes_a_full_reload() {
    let Some(ns) = Netns::create("a_delta_that_overfills_a_set") else {
        return;
    };
    let sb = Sandbox::new();
    config(&sb, "");
    let block = write(&sb, "feed.txt", "198.51.100.1\n");
    common::assert_ok(&apply(&sb, &ns, &[&s(&block)]));
    let listed = ns.nft(&["list", "set", "inet", "debvisor_blocklist", "blocked_ips"]);
    assert!(listed.contains("size 1024"), "{listed}");
    // 1500 addresses (every other one, so none merge into prefixes) > size 1024.
    let many: String = (0..1500u32)
        .map(|i| format!("{}\n", std::net::Ipv4Addr::from(0x1400_0000 + 2 * i)))
        .collect();
    std::fs::write(&block, format!("198.51.100.1\n{many}")).unwrap();
    let out = apply(&sb, &ns, &[&s(&block)]);
    common::assert_ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("applied (full)"), "{stdout}");
    // The full reload staged the new sets under the other generation's names.
    let listed = ns.nft(&["list", "set", "inet", "debvisor_blocklist", "blocked_ips_b"]);
    assert!(listed.contains("size 2251"), "{}", &listed[..200]);
    assert_eq!(live(&ns), compiled(&sb, &[&s(&block)]));
    // Room left: the next growth is a delta.
    std::fs::write(&block, format!("198.51.100.1\n198.51.100.3\n{many}")).unwrap();
    let out = apply(&sb, &ns, &[&s(&block)]);
    common::assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("applied (delta)"));
    assert_eq!(live(&ns), compiled(&sb, &[&s(&block)]));
}

/// A full load is staged: the new sets are filled under the other generation's names in
/// bounded nft runs, then one transaction switches the chains to them and deletes the old ones.
/// Generations alternate at each full load; a delta edits the live one; sets an interrupted load
/// left (garbage under the staging names) count nowhere and are cleared by the next full load.
#[test]
fn staged_full_loads_alternate_generations_and_clear_leftovers() {
    let Some(ns) = Netns::create("staged_full_loads_alternate_generations") else {
        return;
    };
    let sb = Sandbox::new();
    config(&sb, "");
    // 150,000 addresses, none adjacent (so none merge): two element runs of the full load.
    let mut feed: String = (0..150_000u32)
        .map(|i| format!("{}\n", std::net::Ipv4Addr::from(0x1400_0000 + 2 * i)))
        .collect();
    // The /24 and /25 become addresses (cheaper than two sets and rules), the /8 keeps a set.
    feed.push_str("198.51.100.0/24\n203.0.113.0/25\n10.0.0.0/8\n2001:db8::1\n2001:db8:1::/48\n");
    let block = write(&sb, "feed.txt", &feed);
    let args = [s(&block)];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let want = compiled(&sb, &args);
    let chain = || {
        ns.nft(&[
            "list",
            "chain",
            "inet",
            "debvisor_blocklist",
            "debvisor_blocklist_input",
        ])
    };
    let state =
        || std::fs::read_to_string(sb.path().join("state/blocklist/applied.state")).unwrap();

    // First load (no table): generation A, the names of every earlier layout.
    let _ = std::fs::remove_file(sb.exec_log());
    let out = apply(&sb, &ns, &args);
    common::assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("applied (full)"));
    let runs = nft_runs(&sb);
    assert_eq!(
        runs,
        ["nft -f -", "nft -f -", "nft -f -", "nft -f -"],
        "prepare, two element runs, switch (the baseline without a state: read over netlink)"
    );
    assert_eq!(live(&ns), want);
    let (all, refs) = table_sets(&ns);
    assert_eq!(all, refs, "only live sets in the table");
    assert!(refs.contains(&"blocked_ips".to_string()), "{refs:?}");
    assert!(state().contains("\ngeneration a\n"));

    // Second full load: generation B; generation A's sets are gone; same set live.
    let out = apply(&sb, &ns, &[args[0], "--full"]);
    common::assert_ok(&out);
    assert_eq!(live(&ns), want);
    let (all, refs) = table_sets(&ns);
    assert_eq!(all, refs);
    assert_eq!(
        refs,
        [
            "blocked_ips6_b",
            "blocked_ips_b",
            "blocked_nets6_b_48",
            "blocked_nets_b_8"
        ]
    );
    assert!(
        chain().contains("ip saddr @blocked_ips_b counter"),
        "{}",
        chain()
    );
    assert!(state().contains("\ngeneration b\n"));
    // The snippet: one complete file with generation B's names, loadable on its own.
    let snippet = sb.path().join("nftables.d/10-blocklist.conf");
    let text = std::fs::read_to_string(&snippet).unwrap();
    assert!(text.contains("  set blocked_ips_b {") && !text.contains("  set blocked_ips {"));
    let ns2 = Netns::create("staged_full_loads_alternate_generations (2)").unwrap();
    ns2.nft(&["-f", &s(&snippet)]);
    assert_eq!(live(&ns2), want);
    drop(ns2);

    // A delta edits generation B (a new prefix length included, too big to expand into the
    // sets there are: its set is a B set).
    let feed2 = format!("{}172.16.0.0/12\n", feed.replace("198.51.100.0/24\n", ""));
    std::fs::write(&block, &feed2).unwrap();
    let _ = std::fs::remove_file(sb.exec_log());
    let out = apply(&sb, &ns, &args);
    common::assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("applied (delta)"));
    assert_eq!(nft_runs(&sb), ["nft -c -f -", "nft -f -"]);
    let want2 = compiled(&sb, &args);
    assert_eq!(live(&ns), want2);
    let (all, refs) = table_sets(&ns);
    assert_eq!(all, refs);
    assert!(refs.contains(&"blocked_nets_b_12".to_string()), "{refs:?}");

    // A crash mid-staging left generation A's sets with garbage (one of a length the layout
    // does not have): the live-set reading ignores them (the plan of --full against the live
    // set shows no change)…
    for cmd in [
        "add set inet debvisor_blocklist blocked_ips { type ipv4_addr; size 1024; }",
        "add element inet debvisor_blocklist blocked_ips { 9.9.9.9 }",
        "add set inet debvisor_blocklist blocked_nets_17 { type ipv4_addr; }",
        "add element inet debvisor_blocklist blocked_nets_17 { 10.0.0.0 }",
        "add set inet debvisor_blocklist blocked_ips6 { type ipv6_addr; size 4; }",
        "add element inet debvisor_blocklist blocked_ips6 { 2001:db8:bad::1 }",
    ] {
        ns.nft(&cmd.split(' ').collect::<Vec<_>>());
    }
    assert_eq!(live(&ns), want2, "leftovers are not live");
    let _ = std::fs::remove_file(sb.exec_log());
    let out = apply(&sb, &ns, &[args[0], "--full", "--verbose"]);
    common::assert_ok(&out);
    assert_eq!(nft_runs(&sb).len(), 4, "staged: {:?}", nft_runs(&sb));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("against the live set): +0 CIDRs (0 IPv4 + 0 IPv6 addresses), -0 CIDRs"),
        "{stdout}"
    );
    // … and the full load cleared them: generation A again, only its live sets, no garbage.
    assert_eq!(live(&ns), want2);
    let (all, refs) = table_sets(&ns);
    assert_eq!(all, refs);
    assert!(refs.contains(&"blocked_ips".to_string()), "{refs:?}");
    assert!(!all.contains(&"blocked_nets_17".to_string()), "{all:?}");
    let listed = ns.nft(&["list", "set", "inet", "debvisor_blocklist", "blocked_ips6"]);
    assert!(
        !listed.contains("size 4") && !listed.contains("bad"),
        "{listed}"
    );
    assert!(state().contains("\ngeneration a\n"));
    // The state of this version says which generation is live; the delta afterwards edits A.
    std::fs::write(&block, &feed).unwrap();
    let out = apply(&sb, &ns, &args);
    common::assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("applied (delta)"));
    assert_eq!(live(&ns), want);
}

/// The switch is one kernel transaction: when the kernel refuses it (here: a rule of the
/// admin's own in the blocklist table still references the live set, so that set cannot be
/// deleted), nothing of it happens, the staging sets are deleted again, and the live ruleset
/// is exactly as before; the error says so. Once the rule is gone, the full load goes through.
#[test]
fn a_refused_switch_leaves_the_live_ruleset_as_it_was() {
    let Some(ns) = Netns::create("a_refused_switch_leaves_the_live_ruleset") else {
        return;
    };
    let sb = Sandbox::new();
    config(&sb, "");
    let block = write(
        &sb,
        "feed.txt",
        "192.0.2.1\n198.51.100.0/24\n2001:db8::/64\n",
    );
    common::assert_ok(&apply(&sb, &ns, &[&s(&block)]));
    ns.nft(&["add", "chain", "inet", "debvisor_blocklist", "admin"]);
    ns.nft(&[
        "add",
        "rule",
        "inet",
        "debvisor_blocklist",
        "admin",
        "ip",
        "saddr",
        "@blocked_ips",
        "accept",
    ]);
    let before = ns.nft(&["list", "ruleset"]);
    let state = std::fs::read(sb.path().join("state/blocklist/applied.state")).unwrap();
    std::fs::write(
        &block,
        "192.0.2.1\n192.0.2.9\n198.51.100.0/24\n2001:db8::/64\n",
    )
    .unwrap();
    let _ = std::fs::remove_file(sb.exec_log());
    let out = apply(&sb, &ns, &[&s(&block), "--full"]);
    assert_ne!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("nft rejected the new blocklist; the live set is unchanged"),
        "{stderr}"
    );
    // Prepare, elements, the refused switch, the staging sets deleted (--full read the live
    // table over netlink: no nft run).
    assert_eq!(nft_runs(&sb).len(), 4, "{:?}", nft_runs(&sb));
    assert_eq!(ns.nft(&["list", "ruleset"]), before);
    assert_eq!(
        std::fs::read(sb.path().join("state/blocklist/applied.state")).unwrap(),
        state
    );
    ns.nft(&["delete", "chain", "inet", "debvisor_blocklist", "admin"]);
    common::assert_ok(&apply(&sb, &ns, &[&s(&block), "--full"]));
    assert_eq!(live(&ns), compiled(&sb, &[&s(&block)]));
}

/// The live table is read over netlink, not listed by nft. A table of an old version (interval
/// sets `blocked_nets` / `blocked_nets6` with prefixes, a range and a single address, referenced
/// by the input chain) reads as exactly the set it holds: `--full`'s plan against it is "same"
/// for the same CIDRs and names the one that differs; the full load then replaces it.
#[test]
fn the_live_reading_understands_an_old_interval_set_table() {
    let Some(ns) = Netns::create("the_live_reading_understands_an_old_interval_set_table") else {
        return;
    };
    let sb = Sandbox::new();
    config(&sb, "");
    let old = write(
        &sb,
        "old.nft",
        "table inet debvisor_blocklist {\n\
         \x20 set blocked_nets { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 192.0.2.10-192.0.2.20, 198.51.100.7, 255.255.255.0/24 } }\n\
         \x20 set blocked_nets6 { type ipv6_addr; flags interval; elements = { 2001:db8::/32 } }\n\
         \x20 set unrelated { type ipv4_addr; elements = { 203.0.113.1 } }\n\
         \x20 chain debvisor_blocklist_input { type filter hook input priority -10; policy accept; ip saddr @blocked_nets drop; ip6 saddr @blocked_nets6 drop; }\n\
         }\n",
    );
    ns.nft(&["-f", &s(&old)]);
    let same = "10.0.0.0/8\n192.0.2.10/31\n192.0.2.12/30\n192.0.2.16/30\n192.0.2.20\n198.51.100.7\n255.255.255.0/24\n2001:db8::/32\n";
    let block = write(&sb, "block.txt", same);
    let plan = |extra: &[&str]| -> serde_json::Value {
        let out = apply(
            &sb,
            &ns,
            &[
                &[
                    s(&block).as_str(),
                    "--full",
                    "--dry-run",
                    "--json",
                    "--force",
                ],
                extra,
            ]
            .concat(),
        );
        common::assert_ok(&out);
        serde_json::Deserializer::from_slice(&out.stdout)
            .into_iter::<serde_json::Value>()
            .map(Result::unwrap)
            .last()
            .unwrap()
    };
    let p = plan(&[]);
    assert_eq!(p["baseline"], "live", "{p}");
    assert_eq!(p["same"], true, "{p}");
    std::fs::write(&block, same.replace("198.51.100.7\n", "")).unwrap();
    let p = plan(&[]);
    assert_eq!(p["same"], false, "{p}");
    assert_eq!(p["removed"], serde_json::json!(["198.51.100.7"]), "{p}");
    assert_eq!(p["added_cidrs"], 0, "{p}");
    // No nft listing ran (the exec log records every program run).
    assert!(
        !nft_runs(&sb).iter().any(|r| r.contains("list")),
        "{:?}",
        nft_runs(&sb)
    );
    // The full load replaces the old layout with the hash sets.
    let out = apply(&sb, &ns, &[&s(&block), "--full", "--force"]);
    common::assert_ok(&out);
    assert_eq!(live(&ns), compiled(&sb, &[&s(&block)]));
}
