//! console-ticket end to end through the binary: issue, verify, single use (also under
//! concurrent verifies), expiry, VM binding, tampering, name validation (the legacy `:` and
//! `../` bugs), safe secret creation, and the audit trail.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::Sandbox;
use serde_json::Value;

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.write_config(&format!(
        "[console]\nsecret_file = \"{}\"\nmax_ttl = \"2h\"\n",
        sb.path().join("etc/console.secret").display()
    ));
    sb
}

fn issue(sb: &Sandbox, args: &[&str]) -> Value {
    let out = sb
        .cmd_as("debvisor-console-ticket")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn verify(sb: &Sandbox, ticket: &str, vm: Option<&str>) -> (i32, Value) {
    let mut c = sb.cmd();
    c.args(["console-ticket", "verify", ticket, "--json"]);
    if let Some(vm) = vm {
        c.args(["--vm", vm]);
    }
    let out = c.output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    (out.status.code().unwrap(), v)
}

#[test]
fn issue_verify_single_use_and_audit() {
    let sb = sandbox();
    let secret = sb.path().join("etc/console.secret");
    // verify never creates the secret
    let out = sb
        .cmd()
        .args(["console-ticket", "verify", "dvt1.x.y"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(!secret.exists());

    let t = issue(&sb, &["web1", "--user", "alice", "--ttl", "60s"]);
    let ticket = t["ticket"].as_str().unwrap().to_string();
    assert_eq!(t["vm"], "web1");
    assert_eq!(t["user"], "alice");
    assert_eq!(t["read_only"], false);
    let md = std::fs::metadata(&secret).unwrap();
    assert_eq!(md.permissions().mode() & 0o777, 0o600);
    let secret_text = std::fs::read_to_string(&secret).unwrap();
    assert_eq!(secret_text.trim_end().len(), 44);

    // wrong VM: rejected, and not consumed
    let (code, v) = verify(&sb, &ticket, Some("web2"));
    assert_eq!((code, v["reason"].as_str()), (1, Some("wrong_vm")));
    // valid once
    let (code, v) = verify(&sb, &ticket, Some("web1"));
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["valid"], true);
    assert_eq!(v["user"], "alice");
    // and never again (here read from stdin: `verify -` keeps the ticket out of `ps`)
    let out = sb
        .cmd()
        .args(["console-ticket", "verify", "-", "--json"])
        .write_stdin(format!("{ticket}\n"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["reason"], "already_used", "{out:?}");
    let (code, v) = verify(&sb, &ticket, None);
    assert_eq!((code, v["reason"].as_str()), (1, Some("already_used")));
    let store = sb.path().join("state/console-tickets/used.json");
    assert_eq!(
        std::fs::metadata(&store).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(store.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );

    // read-only tickets say so; the legacy `--verify TICKET VM` form still works
    let t = issue(
        &sb,
        &[
            "issue",
            "web1",
            "--user",
            "bob",
            "--ttl",
            "5",
            "--read-only",
        ],
    );
    let out = sb
        .cmd_as("debvisor-console-ticket.sh")
        .args(["--json", "--verify", t["ticket"].as_str().unwrap(), "web1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["read_only"], true);

    // The audit log has every issue, use and rejection — and never a ticket or the secret.
    let audit = std::fs::read_to_string(sb.audit_log()).unwrap();
    assert_eq!(audit.matches("\"console-ticket-issue\"").count(), 2);
    assert_eq!(audit.matches("\"console-ticket-use\"").count(), 2);
    assert_eq!(audit.matches("\"console-ticket-rejected\"").count(), 3);
    assert_eq!(audit.matches("\"console-secret-created\"").count(), 1);
    assert!(!audit.contains(&ticket));
    assert!(!audit.contains(ticket.rsplit('.').next().unwrap()));
    assert!(!audit.contains(secret_text.trim_end()));
}

#[test]
fn expiry_tampering_and_concurrent_single_use() {
    let sb = sandbox();
    let t = issue(&sb, &["web1", "--user", "alice", "--ttl", "1s"]);
    let ticket = t["ticket"].as_str().unwrap().to_string();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (code, v) = verify(&sb, &ticket, None);
    assert_eq!((code, v["reason"].as_str()), (1, Some("expired")));

    // Tampering: swap in claims with a later expiry, keep the MAC.
    let t = issue(&sb, &["web1", "--user", "alice", "--ttl", "60s"]);
    let ticket = t["ticket"].as_str().unwrap().to_string();
    let parts: Vec<&str> = ticket.split('.').collect();
    let other = issue(&sb, &["web1", "--user", "alice", "--ttl", "2h"]);
    let other_parts: Vec<String> = other["ticket"]
        .as_str()
        .unwrap()
        .split('.')
        .map(String::from)
        .collect();
    let forged = format!("{}.{}.{}", parts[0], other_parts[1], parts[2]);
    let (code, v) = verify(&sb, &forged, None);
    assert_eq!((code, v["reason"].as_str()), (1, Some("bad_signature")));
    let (code, v) = verify(&sb, "garbage", None);
    assert_eq!((code, v["reason"].as_str()), (1, Some("malformed")));

    // Eight concurrent verifies of one ticket: exactly one wins.
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let mut c = sb.cmd();
            c.args(["console-ticket", "verify", &ticket, "--vm", "web1"]);
            std::thread::spawn(move || c.output().unwrap().status.code())
        })
        .collect();
    let codes: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == Some(0)).count(),
        1,
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == Some(1)).count(),
        7,
        "{codes:?}"
    );
}

#[test]
fn names_ttl_and_secret_safety() {
    let sb = sandbox();
    // Legacy bugs: `:` made a never-expiring ticket, `../` wrote outside the ticket directory.
    for bad in ["web:x", "../escaped", "a/b", "x y", ""] {
        let out = sb
            .cmd()
            .args(["console-ticket", bad, "--user", "a"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5), "{bad:?}: {out:?}");
    }
    assert!(!sb.path().join("escaped").exists());
    assert!(!sb.path().join("state/escaped").exists());
    for bad_ttl in ["0s", "3h", "5x"] {
        let out = sb
            .cmd()
            .args(["console-ticket", "web1", "--user", "a", "--ttl", bad_ttl])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5), "{bad_ttl}");
    }
    // Nothing was created by the refused runs.
    assert!(!sb.path().join("etc/console.secret").exists());

    // Dry run: plans the secret and the ticket, writes and prints nothing secret.
    let out = sb
        .cmd()
        .args(["console-ticket", "web1", "--user", "a", "--dry-run"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("would write ") && stdout.contains("secret"),
        "{stdout}"
    );
    assert!(stdout.contains("would issue a console ticket"), "{stdout}");
    assert!(!stdout.contains("dvt1."));
    assert!(!sb.path().join("etc/console.secret").exists());

    // A secret others can read is refused, not used.
    issue(&sb, &["web1", "--user", "a"]);
    let secret = sb.path().join("etc/console.secret");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = sb
        .cmd()
        .args(["console-ticket", "web1", "--user", "a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("chmod 600"));
}
