//! dns-update against a real BIND 9 primary + secondary (scripts/dns-start): TSIG updates with
//! PTRs, NOTIFY/IXFR propagation checked on both servers, the rollback journal, batch mode,
//! translated nsupdate errors, input validation, and a DNSSEC-signed zone validated with delv.

mod common;

use std::process::Command;

use common::{dns::Dns, Sandbox};
use predicates::prelude::*;

fn config(dns: &Dns, extra: &str) -> String {
    format!(
        "[dns]\nzone = \"{}\"\nprimaries = [\"{}\"]\nsecondaries = [\"{}\"]\nkey_file = \"{}\"\nverify_deadline = 20\n{extra}",
        dns.get("DNS_ZONE"),
        dns.primary(),
        dns.secondary(),
        dns.keyfile().display()
    )
}

/// What a server answers, straight from dig (independent of the tool under test).
fn dig(server: &str, name: &str, rtype: &str) -> String {
    let (host, port) = server.rsplit_once(':').unwrap();
    let out = Command::new("dig")
        .args([
            &format!("@{host}"),
            "-p",
            port,
            "+norec",
            "+short",
            "+time=2",
            "+tries=1",
            name,
            rtype,
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn json(out: &std::process::Output) -> serde_json::Value {
    let s = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(s.lines().last().unwrap_or("")).unwrap_or_else(|e| {
        panic!(
            "bad JSON ({e}): {s}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn add_replace_delete_with_ptr_journal_and_rollback() {
    let Some(dns) = Dns::start("dns_update::add_replace_delete") else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&config(&dns, ""));
    let (p, s) = (dns.primary(), dns.secondary());

    // Add: A + PTR, verified on primary AND secondary (NOTIFY + IXFR).
    let out = sb
        .cmd()
        .args(["dns-update", "vm1", "10.10.20.5", "--json"])
        .output()
        .unwrap();
    common::assert_ok(&out);
    let doc = json(&out);
    assert_eq!(doc["status"], "ok");
    assert_eq!(doc["changed"], true, "{doc}");
    assert_eq!(doc["propagation_verified"], true);
    assert_eq!(doc["servers"].as_array().unwrap().len(), 2);
    assert!(doc["servers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["verified"] == true));
    for server in [&p, &s] {
        assert_eq!(dig(server, "vm1.debvisor.local", "A"), "10.10.20.5");
        assert_eq!(
            dig(server, "5.20.10.10.in-addr.arpa", "PTR"),
            "vm1.debvisor.local."
        );
    }
    // Processes: O(1), whatever the size (read, nsupdate, a few polls).
    let procs = sb.exec_entries();
    assert_eq!(
        procs.iter().filter(|e| e["argv"][0] == "nsupdate").count(),
        1
    );
    assert!(procs.len() < 12, "{} processes: {procs:?}", procs.len());
    // Never -y: the key goes as a file; the secret is nowhere in the logs.
    let nsupdate = procs.iter().find(|e| e["argv"][0] == "nsupdate").unwrap();
    let argv: Vec<&str> = nsupdate["argv"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(argv.contains(&"-k") && !argv.contains(&"-y"), "{argv:?}");
    let secret = std::fs::read_to_string(dns.keyfile()).unwrap();
    let secret = secret.split('"').nth(3).unwrap();
    assert!(!std::fs::read_to_string(sb.audit_log())
        .unwrap()
        .contains(secret));

    // Same again: nothing to do, nothing sent.
    let _ = std::fs::remove_file(sb.exec_log());
    sb.cmd()
        .args(["dns-update", "vm1", "10.10.20.5"])
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing to do"));
    assert!(!sb.exec_entries().iter().any(|e| e["argv"][0] == "nsupdate"));

    // Replace: the old PTR goes, the new one comes; the audit log has old and new values.
    sb.cmd()
        .args(["dns-update", "vm1", "10.10.20.6", "--ttl", "60"])
        .assert()
        .success();
    for server in [&p, &s] {
        assert_eq!(dig(server, "vm1.debvisor.local", "A"), "10.10.20.6");
        assert_eq!(
            dig(server, "6.20.10.10.in-addr.arpa", "PTR"),
            "vm1.debvisor.local."
        );
        assert_eq!(dig(server, "5.20.10.10.in-addr.arpa", "PTR"), "");
    }
    let audit = sb.audit_entries();
    let a = audit
        .iter()
        .rev()
        .find(|e| e["action"] == "dns-update" && e["detail"]["type"] == "A")
        .expect("audit line for the A change");
    assert_eq!(a["detail"]["old"], serde_json::json!(["10.10.20.5"]));
    assert_eq!(a["detail"]["new"], serde_json::json!(["10.10.20.6"]));
    assert_eq!(a["detail"]["ttl"], 60);
    assert!(a["user"].is_string());

    // Roll back the replacement (latest journal): .5 is back, on both servers.
    sb.cmd()
        .args(["dns-update", "--rollback"])
        .assert()
        .success()
        .stdout(predicate::str::contains("rolled back journal"));
    for server in [&p, &s] {
        assert_eq!(dig(server, "vm1.debvisor.local", "A"), "10.10.20.5");
        assert_eq!(
            dig(server, "5.20.10.10.in-addr.arpa", "PTR"),
            "vm1.debvisor.local."
        );
        assert_eq!(dig(server, "6.20.10.10.in-addr.arpa", "PTR"), "");
    }
    let out = sb
        .cmd()
        .args(["dns-update", "--journal", "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().any(|l| l.contains("\"rolled-back\"")),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.contains("\"rollback_of\"")),
        "{text}"
    );

    // Delete: A and PTR gone everywhere.
    sb.cmd()
        .args(["dns-update", "--delete", "vm1"])
        .assert()
        .success();
    for server in [&p, &s] {
        assert_eq!(dig(server, "vm1.debvisor.local", "A"), "");
        assert_eq!(dig(server, "5.20.10.10.in-addr.arpa", "PTR"), "");
    }
}

#[test]
fn batch_from_stdin_and_rollback_on_failed_propagation() {
    let Some(dns) = Dns::start("dns_update::batch") else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&config(&dns, ""));
    let batch = "# a hypervisor's VMs\nadd web1 10.10.20.11\nadd web2 10.10.20.12 120\nadd web2 fd00::12\nadd db1 10.10.20.13\n";
    let out = sb
        .cmd()
        .args(["dns-update", "--batch", "-", "--json"])
        .write_stdin(batch)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let doc = json(&out);
    // 4 forward RRsets (web2 A and AAAA) + 3 PTRs (no ip6.arpa zone on the server).
    assert_eq!(doc["changes"].as_array().unwrap().len(), 7, "{doc}");
    assert_eq!(
        dig(&dns.secondary(), "web2.debvisor.local", "AAAA"),
        "fd00::12"
    );
    assert_eq!(
        dig(&dns.secondary(), "12.20.10.10.in-addr.arpa", "PTR"),
        "web2.debvisor.local."
    );
    sb.cmd()
        .args(["dns-update", "--batch", "-"])
        .write_stdin("delete web1\ndelete web2 fd00::12\n")
        .assert()
        .success();
    assert_eq!(dig(&dns.primary(), "web1.debvisor.local", "A"), "");
    assert_eq!(
        dig(&dns.primary(), "web2.debvisor.local", "A"),
        "10.10.20.12"
    );
    assert_eq!(dig(&dns.primary(), "web2.debvisor.local", "AAAA"), "");

    // A secondary that never gets the change (nothing listens there): verification fails
    // within the deadline, the change is rolled back on the primary, exit 6.
    let dead = "127.0.0.1:9";
    let out = sb
        .cmd()
        .args([
            "dns-update",
            "app1",
            "10.10.20.21",
            "--secondary",
            dead,
            "--deadline",
            "2",
            "--rollback-on-failure",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    assert_eq!(doc["status"], "rolled_back");
    assert!(String::from_utf8_lossy(&out.stderr).contains("rolled back"));
    let servers = doc["servers"].as_array().unwrap();
    assert!(servers
        .iter()
        .any(|s| s["server"] == dns.primary() && s["verified"] == true));
    assert!(servers
        .iter()
        .any(|s| s["server"] == dead && s["verified"] == false));
    assert_eq!(dig(&dns.primary(), "app1.debvisor.local", "A"), "");
    assert_eq!(dig(&dns.primary(), "21.20.10.10.in-addr.arpa", "PTR"), "");
    // Without --rollback-on-failure the change stays and the run says so (exit 6).
    sb.cmd()
        .args([
            "dns-update",
            "app1",
            "10.10.20.21",
            "--secondary",
            dead,
            "--deadline",
            "1",
        ])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("not verified"));
    assert_eq!(
        dig(&dns.primary(), "app1.debvisor.local", "A"),
        "10.10.20.21"
    );
}

#[test]
fn nsupdate_errors_become_clear_messages_and_exit_codes() {
    let Some(dns) = Dns::start("dns_update::errors") else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&config(&dns, ""));

    // Wrong secret: BADSIG → exit 3, says which file.
    let bad_key = sb.path().join("bad.key");
    std::fs::write(&bad_key, "key \"ddns-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=\";\n};\n").unwrap();
    sb.cmd()
        .args(["dns-update", "vm1", "10.10.20.5", "--key-file"])
        .arg(&bad_key)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("BADSIG").and(predicate::str::contains("bad.key")));
    // Unknown key name: BADKEY.
    std::fs::write(&bad_key, "key \"nope\" {\n\talgorithm hmac-sha256;\n\tsecret \"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=\";\n};\n").unwrap();
    sb.cmd()
        .args(["dns-update", "vm1", "10.10.20.5", "--key-file"])
        .arg(&bad_key)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("BADKEY"));
    // Missing key file: refused before nsupdate (which would send the update unsigned).
    let _ = std::fs::remove_file(sb.exec_log());
    sb.cmd()
        .args([
            "dns-update",
            "vm1",
            "10.10.20.5",
            "--key-file",
            "/nonexistent/k.key",
        ])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("does not exist"));
    assert!(sb.exec_entries().is_empty());
    // The update sent to the secondary (as if it were the primary): refused, exit 3.
    sb.cmd()
        .args([
            "dns-update",
            "vm1",
            "10.10.20.5",
            "--no-verify",
            "--server",
            &dns.secondary(),
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("not a primary").or(predicate::str::contains("BADKEY")));
    // A zone the server does not serve: configuration error (4).
    sb.cmd()
        .args(["dns-update", "--zone", "example.com", "vm1", "10.10.20.5"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "does not serve the zone example.com.",
        ));
    // Nobody listening: exit 3 "cannot reach".
    sb.cmd()
        .args(["dns-update", "vm1", "10.10.20.5", "--server", "127.0.0.1:9"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("cannot reach"));
    // Failover: a dead first primary, then the real one.
    sb.cmd()
        .args([
            "dns-update",
            "vm9",
            "10.10.20.9",
            "--no-verify",
            "--server",
            "127.0.0.1:9",
            "--server",
            &dns.primary(),
        ])
        .assert()
        .success();
    assert_eq!(dig(&dns.primary(), "vm9.debvisor.local", "A"), "10.10.20.9");

    // Injection attempts are invalid input (5) and nothing runs at all.
    let _ = std::fs::remove_file(sb.exec_log());
    for args in [
        vec!["vm1\nupdate delete debvisor.local. NS", "10.10.20.5"],
        vec!["bad_name!", "10.10.20.5"],
        vec!["vm1", "10.10.20.999"],
        vec!["vm1.example.com.", "10.10.20.5"],
        vec!["vm1", "10.10.20.5", "--ttl", "abc"],
        vec![
            "vm1",
            "10.10.20.5",
            "--server",
            "127.0.0.1/53; touch X; echo ",
        ],
    ] {
        sb.cmd().arg("dns-update").args(&args).assert().code(5);
    }
    sb.cmd()
        .args(["dns-update", "--batch", "-"])
        .write_stdin("add ok1 10.10.20.1\nadd x;reboot 10.10.20.2\n")
        .assert()
        .code(5)
        .stderr(predicate::str::contains("line 2"));
    assert!(sb.exec_entries().is_empty(), "{:?}", sb.exec_entries());
    assert_eq!(
        dig(&dns.primary(), "debvisor.local", "NS"),
        "ns1.debvisor.local."
    );
    assert_eq!(dig(&dns.primary(), "ok1.debvisor.local", "A"), "");
}

#[test]
fn signed_zone_is_validated_with_delv() {
    let Some(dns) = Dns::start_signed("dns_update::dnssec") else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&config(&dns, ""));
    let out = sb
        .cmd()
        .args(["dns-update", "sec1", "10.10.20.30", "--json"])
        .output()
        .unwrap();
    common::assert_ok(&out);
    let doc = json(&out);
    assert_eq!(doc["dnssec_validated"], true, "{doc}");
    assert!(doc["servers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["dnssec"] == "validated"));
    assert!(sb.exec_entries().iter().any(|e| e["argv"][0] == "delv"));
    // A wrong trust anchor must fail validation (delv exits 0 on a broken chain: the tool must
    // read its output), leaving the record in place: exit 6.
    let anchor = sb.path().join("anchor.conf");
    std::fs::write(&anchor, "trust-anchors { \"debvisor.local.\" static-key 257 3 13 \"7DfBZ5hrrCqMRxn27jacRI4p3CKqV5/pJYqzr9T9hotS/5oG/cw2UHM7l0vkUAmRpKqvMK++72OIoa89WeX2Xw==\"; };\n").unwrap();
    sb.write_config(&config(
        &dns,
        &format!("trust_anchor = \"{}\"\n", anchor.display()),
    ));
    let out = sb
        .cmd()
        .args(["dns-update", "sec2", "10.10.20.31", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["dnssec_validated"], false);
}

/// --owner: the TXT `debvisor-owner=TAG` follows the addresses; a delete by another owner
/// leaves the name in place (the source of a live migration cleaning up after the destination
/// has registered the same name and address).
#[test]
fn owner_tag_protects_a_name_registered_elsewhere() {
    let Some(dns) = Dns::start("dns_update::owner_tag") else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config(&config(&dns, ""));
    let (p, s) = (dns.primary(), dns.secondary());
    let run = |args: &[&str]| {
        let out = sb
            .cmd()
            .arg("dns-update")
            .args(args)
            .arg("--json")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        json(&out)
    };
    // The source registers, then the destination registers the same address.
    let doc = run(&["mig1", "10.10.20.77", "--owner", "hvA"]);
    assert_eq!(doc["propagation_verified"], true, "{doc}");
    assert_eq!(
        dig(&p, "mig1.debvisor.local", "TXT"),
        "\"debvisor-owner=hvA\""
    );
    let doc = run(&["mig1", "10.10.20.77", "--owner", "hvB"]);
    assert_eq!(
        doc["changes"].as_array().unwrap().len(),
        1,
        "only the owner changes: {doc}"
    );
    assert_eq!(
        dig(&p, "mig1.debvisor.local", "TXT"),
        "\"debvisor-owner=hvB\""
    );
    // The source's clean-up: left in place, said so, nothing sent.
    let doc = run(&["--delete", "mig1", "10.10.20.77", "--owner", "hvA"]);
    assert_eq!(doc["status"], "unchanged", "{doc}");
    assert_eq!(doc["changed"], false, "{doc}");
    assert_eq!(doc["kept"][0]["owner"], "hvB", "{doc}");
    assert_eq!(dig(&p, "mig1.debvisor.local", "A"), "10.10.20.77");
    assert_eq!(dig(&s, "mig1.debvisor.local", "A"), "10.10.20.77");
    // The owner's delete removes the address, its PTR and the owner TXT, everywhere.
    let doc = run(&["--delete", "mig1", "--owner", "hvB"]);
    assert_eq!(doc["propagation_verified"], true, "{doc}");
    for server in [&p, &s] {
        assert_eq!(dig(server, "mig1.debvisor.local", "A"), "");
        assert_eq!(dig(server, "mig1.debvisor.local", "TXT"), "");
    }
    assert_eq!(dig(&p, "77.20.10.10.in-addr.arpa", "PTR"), "");
    // Without --owner (legacy callers) a delete works as before.
    run(&["mig2", "10.10.20.78", "--owner", "hvA"]);
    run(&["--delete", "mig2"]);
    assert_eq!(dig(&p, "mig2.debvisor.local", "A"), "");
    assert_eq!(
        dig(&p, "mig2.debvisor.local", "TXT"),
        "",
        "owner tag left behind"
    );
    // A bad tag is refused before anything is read or sent.
    let out = sb
        .cmd()
        .args(["dns-update", "mig3", "10.10.20.79", "--owner", "a b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
}
