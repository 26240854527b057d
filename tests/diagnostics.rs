//! `health-check --collect-diagnostics FILE`: known secrets planted in the sandbox's files (TSIG
//! and rndc keys, a Ceph keyring, the console-ticket key, a password hash and a join token in
//! the audit log and the join journal) appear nowhere in the archive; the archive is 0600, holds
//! real state (rndc status of a real BIND) and lists what it could not collect.

mod common;

use std::io::Read;
use std::os::unix::fs::PermissionsExt;

use common::dns::Dns;
use common::Sandbox;

const TSIG: &str = "UExBTlRFRC10c2lnLXNlY3JldC0wMTIzNDU2Nzg5YWI=";
const CEPH: &str = "AQBplantedCephKeyAAAAAAAAAAAAAAAAAAAAAA==";
const CONSOLE: &str = "planted-console-ticket-key-5f3a9c0e7d";
const HASH: &str = "$6$plantedsalt$Q1w2E3r4T5y6U7i8O9p0hashhash";
const TOKEN: &str = "abcdef.0123456789plantedtok";

#[test]
fn diagnostics_bundle_redacts_every_planted_secret() {
    let t = "diagnostics_bundle_redacts_every_planted_secret";
    let Some(dns) = Dns::start(t) else {
        return;
    };
    let sb = Sandbox::new();
    let p = |n: &str| sb.path().join(n);
    std::fs::write(
        p("ddns.key"),
        format!("key \"ddns-key\" {{\n\talgorithm hmac-sha256;\n\tsecret \"{TSIG}\";\n}};\n"),
    )
    .unwrap();
    std::fs::write(
        p("ceph.keyring"),
        format!("[client.admin]\n\tkey = {CEPH}\n\tcaps mon = \"allow *\"\n"),
    )
    .unwrap();
    std::fs::write(p("console.secret"), format!("{CONSOLE}\n")).unwrap();
    let rndc_secret = std::fs::read_to_string(dns.get("DNS_RNDC_KEYFILE")).unwrap();
    let rndc_secret = rndc_secret
        .split("secret \"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    sb.write_config(&format!(
        "[dns]\nkey_file = \"{}\"\n[tsig]\nrndc_server = \"{}\"\nrndc_key = \"{}\"\n\
         [ceph]\nconf = \"{}\"\nkeyring = \"{}\"\n[console]\nsecret_file = \"{}\"\n",
        p("ddns.key").display(),
        dns.rndc(),
        dns.get("DNS_RNDC_KEYFILE"),
        p("no-ceph.conf").display(),
        p("ceph.keyring").display(),
        p("console.secret").display(),
    ));
    // Secrets where a careless tool might have logged them.
    std::fs::create_dir_all(sb.audit_log().parent().unwrap()).unwrap();
    let mut audit = String::new();
    for i in 0..1200 {
        audit.push_str(&format!("{{\"n\":{i},\"action\":\"x\"}}\n"));
    }
    audit.push_str(&format!(
        "{{\"action\":\"user\",\"password_hash\":\"{HASH}\",\"note\":\"tsig {TSIG} console {CONSOLE}\"}}\n"
    ));
    std::fs::write(sb.audit_log(), &audit).unwrap();
    std::fs::create_dir_all(p("state/join")).unwrap();
    std::fs::write(
        p("state/join/journal.json"),
        format!("{{\"status\":\"interrupted\",\"token\":\"{TOKEN}\",\"ceph\":\"{CEPH}\"}}\n"),
    )
    .unwrap();

    let out_file = p("diag.tar.gz");
    let out = sb
        .cmd()
        .args(["health-check", "--only", "disk", "--collect-diagnostics"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() <= 2, "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not collected"),
        "{out:?}"
    );
    let mode = std::fs::metadata(&out_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let bytes = std::fs::read(&out_file).unwrap();
    let mut ar = tar::Archive::new(flate2::read::GzDecoder::new(bytes.as_slice()));
    let mut files = std::collections::BTreeMap::new();
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let name = e.path().unwrap().display().to_string();
        let mut s = String::new();
        e.read_to_string(&mut s).unwrap();
        files.insert(name, s);
    }
    let secrets = [TSIG, CEPH, CONSOLE, HASH, TOKEN, rndc_secret.as_str()];
    for (name, text) in &files {
        for s in secrets {
            assert!(!text.contains(s), "{name} leaks {s}:\n{text}");
        }
        // Partial leaks too (a secret split by a naive redaction).
        for s in secrets {
            assert!(!text.contains(&s[..12]), "{name} leaks part of {s}");
        }
    }
    let get = |n: &str| {
        files
            .get(&format!("debvisor-diagnostics/{n}"))
            .unwrap_or_else(|| panic!("no {n} in {:?}", files.keys()))
    };
    // Real state was collected, with the secret-bearing structure still readable.
    assert!(get("versions/debvisor.txt").starts_with("debvisor "));
    assert!(
        get("bind/rndc-status.txt").contains("server is up and running"),
        "{}",
        get("bind/rndc-status.txt")
    );
    assert!(get("config/debvisor.toml").contains("[tsig]"));
    let audit_tail = get("audit/audit.jsonl");
    assert_eq!(audit_tail.lines().count(), 1000);
    assert!(audit_tail.contains("password_hash"), "{audit_tail}");
    assert!(get("journals/join.json").contains("interrupted"));
    assert!(get("health-check.json").contains("\"disk\""));
    // What could not be collected is listed, with the reason.
    let missing = get("MISSING.txt");
    assert!(
        missing.contains("ceph/status.json: no Ceph cluster configured"),
        "{missing}"
    );
    assert!(missing.contains("journals/upgrade.json"), "{missing}");
    assert!(!files.keys().any(|k| k.ends_with("ceph/status.json")));

    // Control: the secrets really were in the sandbox's files.
    let planted = std::fs::read_to_string(sb.audit_log()).unwrap();
    assert!(planted.contains(HASH) && planted.contains(TSIG));
}
