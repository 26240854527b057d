//! tsig-keygen and tsig-rotate against a real BIND primary whose named.conf includes the key
//! file the tool manages (scripts/dns-start DNS_EXTRA_INCLUDE). Crash safety: the rotation is
//! killed with SIGKILL after each of its steps (DEBVISOR_TEST_KILL_AT makes the process kill
//! itself at that exact point); after every kill, and after BIND re-reads its configuration,
//! the client key still works; the next run completes the rotation.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use common::{dns::Dns, Sandbox};
use predicates::prelude::*;

const STEPS: &[&str] = &[
    "include-both",
    "reload-both",
    "client-new",
    "probed",
    "include-new",
    "reload-new",
];

/// A signed update with `key` straight through nsupdate: does the server accept this key?
fn key_works(dns: &Dns, key: &Path) -> bool {
    use std::io::Write;
    let mut c = Command::new("nsupdate")
        .args(["-v", "-t", "5", "-k"])
        .arg(key)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let script = format!(
        "server {} {}\nzone debvisor.local\nupdate add keycheck.debvisor.local. 60 TXT ok\nsend\n",
        dns.get("DNS_ADDR"),
        dns.get("DNS_PRIMARY_PORT")
    );
    c.stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = c.wait_with_output().unwrap();
    out.status.success()
}

fn rndc_reconfig(dns: &Dns) {
    let st = Command::new("rndc")
        .args([
            "-k",
            dns.get("DNS_RNDC_KEYFILE"),
            "-s",
            dns.get("DNS_ADDR"),
            "-p",
            dns.get("DNS_PRIMARY_RNDC_PORT"),
            "reconfig",
        ])
        .status()
        .unwrap();
    assert!(st.success());
}

fn key_names(p: &Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .filter_map(|l| {
            l.strip_prefix("key \"")
                .map(|r| r.split('"').next().unwrap().to_string())
        })
        .collect()
}

#[test]
fn keygen_writes_both_files_safely_and_refuses_to_overwrite() {
    let sb = Sandbox::new();
    let inc = sb.path().join("bind/tsig.key");
    let cli = sb.path().join("etc/dns-update.key");
    let out = sb
        .cmd_as("debvisor-tsig-keygen")
        .args(["node-key", "--bind-include"])
        .arg(&inc)
        .arg("--client-key")
        .arg(&cli)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("grant \"node-key\" zonesub") && stdout.contains("node-key-alt"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&cli).unwrap();
    assert!(text.contains("algorithm hmac-sha256;"), "{text}");
    let secret = text.split('"').nth(3).unwrap();
    assert_eq!(secret.len(), 44, "32 random bytes in base64");
    assert!(!stdout.contains(secret));
    assert!(!std::fs::read_to_string(sb.audit_log())
        .unwrap()
        .contains(secret));
    assert_eq!(
        std::fs::metadata(&cli).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let m = std::fs::metadata(&inc).unwrap();
    assert_eq!(m.permissions().mode() & 0o777, 0o640);
    if let Ok(Some(g)) = nix::unistd::Group::from_name("bind") {
        if common::is_root() {
            assert_eq!(m.gid(), g.gid.as_raw());
        }
    }
    // BIND accepts the include, nsupdate accepts the client file (named-checkconf parses both).
    let conf = sb.path().join("named.conf");
    std::fs::write(&conf, format!("include \"{}\";\n", inc.display())).unwrap();
    let st = Command::new("named-checkconf").arg(&conf).status().unwrap();
    assert!(st.success());
    // A second run refuses (exit 3) and changes nothing; --force replaces.
    sb.cmd()
        .args(["tsig-keygen", "node-key", "--bind-include"])
        .arg(&inc)
        .arg("--client-key")
        .arg(&cli)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&cli).unwrap(), text);
    sb.cmd()
        .args([
            "tsig-keygen",
            "node-key",
            "-a",
            "hmac-sha512",
            "--force",
            "--bind-include",
        ])
        .arg(&inc)
        .arg("--client-key")
        .arg(&cli)
        .assert()
        .success();
    let text2 = std::fs::read_to_string(&cli).unwrap();
    assert!(text2.contains("hmac-sha512") && text2 != text);
    // --keep: the key in place is kept (changed: false, nothing written) ...
    let keep = |name: &str| {
        sb.cmd()
            .args(["tsig-keygen", name, "--keep", "--json", "--bind-include"])
            .arg(&inc)
            .arg("--client-key")
            .arg(&cli)
            .output()
            .unwrap()
    };
    let out = keep("node-key");
    common::assert_ok(&out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["changed"], false, "{doc}");
    assert_eq!(std::fs::read_to_string(&cli).unwrap(), text2);
    assert!(!String::from_utf8_lossy(&out.stdout).contains(text2.split('"').nth(3).unwrap()));
    // ... but a key of another name is not "in place": refused like a plain run.
    assert_eq!(keep("other-key").status.code(), Some(3));
    assert_eq!(std::fs::read_to_string(&cli).unwrap(), text2);
    // Bad names never reach a file.
    sb.cmd()
        .args(["tsig-keygen", "bad name\"; };", "--force", "--bind-include"])
        .arg(&inc)
        .arg("--client-key")
        .arg(&cli)
        .assert()
        .code(5);
    // The bare name is BIND's: only the prefixed link is installed.
    let links = sb.path().join("links");
    std::fs::create_dir_all(&links).unwrap();
    sb.cmd()
        .args(["install-links"])
        .arg(&links)
        .assert()
        .success();
    assert!(links.join("debvisor-tsig-keygen").exists());
    assert!(!links.join("tsig-keygen").exists());
}

fn setup(test: &str) -> Option<(Sandbox, Dns, std::path::PathBuf, std::path::PathBuf)> {
    let sb = Sandbox::new();
    let inc = sb.path().join("bind/rot.key");
    let cli = sb.path().join("etc/rot-client.key");
    sb.cmd()
        .args(["tsig-keygen", "rot-key", "--bind-include"])
        .arg(&inc)
        .arg("--client-key")
        .arg(&cli)
        .assert()
        .success();
    let dns = Dns::start_env(
        test,
        &[
            ("DNS_EXTRA_INCLUDE", inc.to_str().unwrap()),
            ("DNS_EXTRA_GRANTS", "rot-key rot-key-alt"),
        ],
    )?;
    sb.write_config(&format!(
        "[dns]\nzone = \"debvisor.local\"\nprimaries = [\"{}\"]\nkey_file = \"{}\"\n\n[tsig]\nkey_name = \"rot-key\"\nbind_include = \"{}\"\n\
         rndc_server = \"{}\"\nrndc_key = \"{}\"\n",
        dns.primary(),
        cli.display(),
        inc.display(),
        dns.rndc(),
        dns.get("DNS_RNDC_KEYFILE")
    ));
    Some((sb, dns, inc, cli))
}

#[test]
fn rotation_has_no_window_and_retires_the_old_key() {
    let Some((sb, dns, inc, cli)) = setup("dns_tsig::rotation") else {
        return;
    };
    assert!(key_works(&dns, &cli));
    let old = sb.path().join("old.key");
    std::fs::copy(&cli, &old).unwrap();
    let out = sb.cmd().args(["tsig-rotate", "--json"]).output().unwrap();
    common::assert_ok(&out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["status"], "rotated");
    assert_eq!(doc["new_key"], "rot-key-alt");
    assert!(key_works(&dns, &cli), "new key rejected");
    assert!(
        !key_works(&dns, &old),
        "old key still accepted after rotation"
    );
    assert_eq!(key_names(&inc), vec!["rot-key-alt"]);
    // dns-update uses the rotated key file as is.
    sb.cmd()
        .args(["dns-update", "rot1", "10.10.20.40", "--no-verify"])
        .assert()
        .success();
    // Again: back to the first slot.
    sb.cmd()
        .args(["tsig-rotate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("rot-key-alt -> rot-key"));
    assert!(key_works(&dns, &cli));
    let audit = sb.audit_entries();
    assert!(audit
        .iter()
        .any(|e| e["action"] == "tsig-rotate" && e["detail"]["new_key"] == "rot-key"));
    // The lock: a held lock refuses at once (exit 3).
    std::fs::create_dir_all(sb.path().join("lock")).unwrap();
    let f = std::fs::File::create(sb.path().join("lock/tsig-rotate.lock")).unwrap();
    let _held = nix::fcntl::Flock::lock(f, nix::fcntl::FlockArg::LockExclusiveNonblock).unwrap();
    sb.cmd()
        .args(["tsig-rotate"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("lock"));
}

/// The steps a cluster-wide rotation runs on every server (rotate-tsig-ha.yml): each is
/// idempotent (`changed: false` on a re-run), refuses to run out of order, and the client key
/// works after every one of them.
#[test]
fn rotation_phases_are_idempotent_and_ordered() {
    let Some((sb, dns, inc, cli)) = setup("dns_tsig::rotation_phases") else {
        return;
    };
    let staged = sb.path().join("staged/next.key");
    std::fs::create_dir_all(staged.parent().unwrap()).unwrap();
    let old = sb.path().join("old.key");
    std::fs::copy(&cli, &old).unwrap();
    let phase = |p: &str| {
        let out = sb
            .cmd()
            .args(["tsig-rotate", "--json", "--phase", p, "--key"])
            .arg(&staged)
            .output()
            .unwrap();
        let doc = serde_json::from_slice::<serde_json::Value>(&out.stdout).ok();
        (out, doc)
    };
    let changed = |p: &str| -> bool {
        let (out, doc) = phase(p);
        common::assert_ok(&out);
        let doc = doc.unwrap();
        assert_eq!(doc["phase"], p, "{doc}");
        assert_eq!(doc["new_key"], "rot-key-alt", "{doc}");
        doc["changed"].as_bool().unwrap()
    };
    // Out of order: switching to a key the server does not know is refused (exit 3).
    assert!(changed("generate"));
    assert_eq!(
        std::fs::metadata(&staged).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let (out, _) = phase("switch");
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--phase add"));
    let (out, _) = phase("retire");
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert_eq!(key_names(&inc), vec!["rot-key"]);
    let staged_text = std::fs::read_to_string(&staged).unwrap();
    assert!(!changed("generate"), "the staged key is kept");
    assert_eq!(std::fs::read_to_string(&staged).unwrap(), staged_text);
    for p in ["add", "switch", "retire"] {
        assert!(changed(p), "{p}");
        assert!(key_works(&dns, &cli), "client key rejected after {p}");
        assert!(!changed(p), "{p} again");
    }
    assert_eq!(key_names(&inc), vec!["rot-key-alt"]);
    assert_eq!(std::fs::read_to_string(&cli).unwrap(), staged_text);
    assert!(
        !key_works(&dns, &old),
        "old key still accepted after retire"
    );
}

#[test]
fn a_crash_at_any_step_leaves_a_working_key_and_the_next_run_completes() {
    let Some((sb, dns, inc, cli)) = setup("dns_tsig::crash") else {
        return;
    };
    for step in STEPS {
        let out = sb
            .cmd()
            .args(["tsig-rotate"])
            .env("DEBVISOR_TEST_KILL_AT", step)
            .output()
            .unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            out.status.signal(),
            Some(9),
            "{step}: not killed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            key_works(&dns, &cli),
            "after a kill at {step}: the client key does not work"
        );
        // Even when BIND re-reads its configuration now (as after a restart).
        rndc_reconfig(&dns);
        assert!(
            key_works(&dns, &cli),
            "after a kill at {step} + BIND reload: the client key does not work"
        );
        // The next run finishes (or resumes) the rotation.
        let out = sb.cmd().args(["tsig-rotate"]).output().unwrap();
        assert!(
            out.status.success(),
            "{step}: the next run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(key_works(&dns, &cli), "{step}: after the completing run");
        assert_eq!(key_names(&inc).len(), 1, "{step}: {:?}", key_names(&inc));
    }
}

#[test]
fn a_failing_probe_rolls_back_to_the_old_key() {
    let Some((sb, dns, inc, cli)) = setup("dns_tsig::rollback") else {
        return;
    };
    let before = std::fs::read_to_string(&cli).unwrap();
    // The probe goes to a zone the server does not serve: the new key cannot be proven.
    let cfg = std::fs::read_to_string(sb.config_path())
        .unwrap()
        .replace("zone = \"debvisor.local\"", "zone = \"example.com\"");
    sb.write_config(&cfg);
    sb.cmd()
        .args(["tsig-rotate"])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("rolled back to key rot-key"));
    assert_eq!(std::fs::read_to_string(&cli).unwrap(), before);
    assert_eq!(key_names(&inc), vec!["rot-key"]);
    assert!(key_works(&dns, &cli));
}

#[test]
fn ansible_delegation_is_planned_when_configured() {
    let sb = Sandbox::new();
    let pb = sb.path().join("rotate-tsig-ha.yml");
    let inv = sb.path().join("inventory");
    std::fs::write(&pb, "- hosts: all\n").unwrap();
    std::fs::write(&inv, "[dns_primaries]\n").unwrap();
    sb.write_config(&format!(
        "[tsig]\nansible_playbook = \"{}\"\nansible_inventory = \"{}\"\n",
        pb.display(),
        inv.display()
    ));
    sb.cmd()
        .args(["tsig-rotate", "--dry-run"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "delegating the rotation to Ansible",
        ))
        .stdout(
            predicate::str::contains("would run: ansible-playbook -i").and(
                predicate::str::contains("--limit dns_primaries,dns_secondaries,dns_clients"),
            ),
        );
    // Without ansible_playbook: the one the package ships (absent here, so said so, exit 4).
    sb.write_config(&format!(
        "[tsig]\nansible_inventory = \"{}\"\n",
        inv.display()
    ));
    sb.cmd()
        .args(["tsig-rotate", "--dry-run"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "/usr/share/ansible/collections/ansible_collections/debvisor/node/playbooks/rotate-tsig-ha.yml does not exist",
        ));
}
