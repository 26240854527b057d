//! cloudinit-iso with the real xorriso / mkfs.vfat / mcopy, read back with independent readers
//! (isoinfo from genisoimage, mtools' mdir/mtype). Nothing boots.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use common::Sandbox;

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIApJDcpjhp31xo3zmEdSGJgtLdtHQGktlUph9RHpP/dj admin@test";

use common::have;

fn isoinfo(args: &[&str]) -> String {
    let out = Command::new("isoinfo").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "isoinfo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn need(test: &str, tools: &[&str]) -> bool {
    for t in tools {
        if !have(t) {
            common::skip(test, &format!("{t} not installed (scripts/install-deps)"));
            return false;
        }
    }
    true
}

fn key_file(sb: &Sandbox) -> std::path::PathBuf {
    let p = sb.path().join("admin.pub");
    std::fs::write(&p, format!("# admin\n{KEY}\n")).unwrap();
    p
}

fn sha256(p: &Path) -> String {
    let out = Command::new("sha256sum").arg(p).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn iso_defaults_read_back_with_isoinfo_and_reproducible() {
    if !need("iso_defaults_read_back", &["xorriso", "isoinfo"]) {
        return;
    }
    let sb = Sandbox::new();
    let key = key_file(&sb);
    let net = sb.path().join("net.yaml");
    std::fs::write(
        &net,
        "version: 2\nethernets:\n  eth0:\n    dhcp4: true\n    nameservers:\n      addresses: [192.0.2.1]\n",
    )
    .unwrap();
    let iso = sb.path().join("web1-seed.iso");
    let out = sb
        .cmd_as("debvisor-cloudinit-iso")
        .args(["--name", "web1", "--ssh-key"])
        .arg(&key)
        .arg("--network-config")
        .arg(&net)
        .arg("--out")
        .arg(&iso)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let digest = sha256(&iso);
    assert!(stdout.contains(&format!("sha256 {digest}")), "{stdout}");

    let d = isoinfo(&["-d", "-i", iso.to_str().unwrap()]);
    assert!(d.contains("Volume id: cidata"), "{d}");
    assert!(d.contains("Joliet"), "{d}");
    assert!(d.contains("Rock Ridge"), "{d}");
    for ext in ["-R", "-J"] {
        let l = isoinfo(&["-f", ext, "-i", iso.to_str().unwrap()]);
        let mut names: Vec<&str> = l.lines().collect();
        names.sort();
        assert_eq!(
            names,
            vec!["/meta-data", "/network-config", "/user-data"],
            "{ext}"
        );
    }
    let ud = isoinfo(&["-R", "-i", iso.to_str().unwrap(), "-x", "/user-data"]);
    assert!(ud.starts_with("#cloud-config\n"), "{ud}");
    assert!(ud.contains("hostname: \"web1\""));
    assert!(ud.contains("  - default"));
    assert!(ud.contains(KEY));
    assert!(ud.contains("ssh_pwauth: false"));
    let md = isoinfo(&["-J", "-i", iso.to_str().unwrap(), "-x", "/meta-data"]);
    assert_eq!(md, "instance-id: \"web1\"\nlocal-hostname: \"web1\"\n");
    let nc = isoinfo(&["-R", "-i", iso.to_str().unwrap(), "-x", "/network-config"]);
    assert_eq!(nc, std::fs::read_to_string(&net).unwrap());
    assert_eq!(
        std::fs::metadata(&iso).unwrap().permissions().mode() & 0o777,
        0o644
    );

    // Same inputs, later, from another directory: byte-identical.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let iso2 = sb.path().join("again.iso");
    let out = sb
        .cmd()
        .args(["cloudinit-iso", "--name", "web1", "--ssh-key"])
        .arg(&key)
        .arg("--network-config")
        .arg(&net)
        .arg("--out")
        .arg(&iso2)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let rep: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(rep["sha256"], digest);
    assert_eq!(rep["changed"], true, "{rep}");
    assert_eq!(std::fs::read(&iso).unwrap(), std::fs::read(&iso2).unwrap());
    // Again with --force: the same image is already there, so it is left alone (same inode,
    // changed: false), which is what the Ansible module's `changed` reports.
    use std::os::unix::fs::MetadataExt as _;
    let inode = std::fs::metadata(&iso2).unwrap().ino();
    let out = sb
        .cmd()
        .args(["cloudinit-iso", "--name", "web1", "--ssh-key"])
        .arg(&key)
        .arg("--network-config")
        .arg(&net)
        .arg("--out")
        .arg(&iso2)
        .args(["--force", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let rep: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(rep["changed"], false, "{rep}");
    assert_eq!(rep["sha256"], digest);
    assert_eq!(
        std::fs::metadata(&iso2).unwrap().ino(),
        inode,
        "not rewritten"
    );
    // A different SOURCE_DATE_EPOCH gives a different (but again stable) image.
    let iso3 = sb.path().join("epoch.iso");
    let out = sb
        .cmd()
        .args(["cloudinit-iso", "--name", "web1", "--ssh-key"])
        .arg(&key)
        .arg("--network-config")
        .arg(&net)
        .arg("--out")
        .arg(&iso3)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_ne!(sha256(&iso3), digest);
    // Existing output is refused without --force.
    let out = sb
        .cmd()
        .args(["cloudinit-iso", "--name", "web1", "--out"])
        .arg(&iso)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(sb
        .audit_entries()
        .iter()
        .any(|e| e["action"] == "cloudinit_iso"));
}

#[test]
fn templates_vfat_and_secrets() {
    if !need(
        "templates_vfat_and_secrets",
        &["mkfs.vfat", "mcopy", "mtype"],
    ) {
        return;
    }
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["cloudinit-iso", "--list-templates", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["ssh-only", "docker-host", "k8s-node"]);

    let key = key_file(&sb);
    let img = sb.path().join("k1.img");
    let out = sb
        .cmd()
        .args([
            "cloudinit-iso",
            "--name",
            "k1",
            "--template",
            "k8s-node",
            "--format",
            "vfat",
            "--ssh-key",
        ])
        .arg(&key)
        .arg("--out")
        .arg(&img)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let label = Command::new("mlabel")
        .args(["-s", "-i"])
        .arg(&img)
        .arg("::")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&label.stdout).contains("CIDATA"));
    let ud = Command::new("mtype")
        .arg("-i")
        .arg(&img)
        .arg("::/user-data")
        .output()
        .unwrap();
    let ud = String::from_utf8_lossy(&ud.stdout);
    assert!(ud.contains("br_netfilter") && ud.contains(KEY), "{ud}");
    let md = Command::new("mtype")
        .arg("-i")
        .arg(&img)
        .arg("::/meta-data")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&md.stdout),
        "instance-id: \"k1\"\nlocal-hostname: \"k1\"\n"
    );
    let img2 = sb.path().join("k1b.img");
    let out = sb
        .cmd()
        .args([
            "cloudinit-iso",
            "--name",
            "k1",
            "--template",
            "k8s-node",
            "--format",
            "vfat",
            "--ssh-key",
        ])
        .arg(&key)
        .arg("--out")
        .arg(&img2)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(std::fs::read(&img).unwrap(), std::fs::read(&img2).unwrap());

    // A password hash makes the image private and never appears in logs or plans.
    if !have("xorriso") {
        return;
    }
    let ud = sb.path().join("ud.yaml");
    std::fs::write(
        &ud,
        "#cloud-config\nusers:\n  - name: ops\n    hashed_passwd: $6$SECRETSALT$abcdef\n    lock_passwd: false\n",
    )
    .unwrap();
    let iso = sb.path().join("ops.iso");
    let out = sb
        .cmd()
        .args(["cloudinit-iso", "--name", "ops", "-v", "-v", "--user-data"])
        .arg(&ud)
        .arg("--out")
        .arg(&iso)
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert_eq!(
        std::fs::metadata(&iso).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let all = format!(
        "{}{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(sb.audit_log()).unwrap_or_default()
    );
    assert!(!all.contains("SECRETSALT"), "secret leaked");
    let plan = sb
        .cmd()
        .args(["cloudinit-iso", "--name", "ops", "--dry-run", "--user-data"])
        .arg(&ud)
        .arg("--out")
        .arg(sb.path().join("never.iso"))
        .output()
        .unwrap();
    let p = String::from_utf8_lossy(&plan.stdout);
    assert!(p.contains("secret") && !p.contains("SECRETSALT"), "{p}");
    assert!(!sb.path().join("never.iso").exists());
}

#[test]
fn validation_errors_name_file_line_and_key_and_write_nothing() {
    let sb = Sandbox::new();
    let iso = sb.path().join("x.iso");
    let cases: &[(&str, &str, &str)] = &[
        ("--user-data", "#cloud-config\nhostname: a\nssh_authorized_keys: 5\n", ":3: key `ssh_authorized_keys`: expected a list"),
        ("--user-data", "hello world\n", ":1: not recognised as user-data"),
        ("--user-data", "#cloud-config\nusers: [a\n", "invalid YAML"),
        ("--meta-data", "instance-id: x\nlocal_hostname: y\n", ":2: key `local_hostname`: unknown key"),
        ("--network-config", "version: 2\nethernets:\n  eth0:\n    dhcp4: maybe\n", ":4: key `ethernets.eth0.dhcp4`: expected true or false"),
        ("--network-config", "version: 1\nconfig:\n  - type: physical\n    name: eth0\n    subnets:\n      - type: bogus\n", ":6: key `config[0].subnets[0].type`: `bogus` is not one of"),
    ];
    for (flag, text, want) in cases {
        let f = sb.path().join("input.yaml");
        std::fs::write(&f, text).unwrap();
        let out = sb
            .cmd()
            .args(["cloudinit-iso", "--name", "x", flag])
            .arg(&f)
            .arg("--out")
            .arg(&iso)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(5), "{flag} {text:?}: {err}");
        assert!(
            err.contains(&f.display().to_string()) && err.contains(want),
            "{flag}: want {want:?} in {err}"
        );
        assert!(!iso.exists());
    }
    // Bad names and keys are usage/invalid errors before anything happens.
    let out = sb
        .cmd()
        .args(["cloudinit-iso", "--name", "a;b", "--out"])
        .arg(&iso)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let k = sb.path().join("priv");
    std::fs::write(&k, "-----BEGIN OPENSSH PRIVATE KEY-----\nxx\n").unwrap();
    let out = sb
        .cmd()
        .args(["cloudinit-iso", "--name", "a", "--ssh-key"])
        .arg(&k)
        .arg("--out")
        .arg(&iso)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PRIVATE"));
}

#[test]
fn cloud_init_schema_is_a_second_opinion() {
    if !need("cloud_init_schema_is_a_second_opinion", &["cloud-init"]) {
        return;
    }
    let sb = Sandbox::new();
    // Our own checker accepts an integer mode; cloud-init's schema wants a string.
    let f = sb.path().join("ud.yaml");
    std::fs::write(
        &f,
        "#cloud-config\nwrite_files:\n  - path: /etc/x\n    permissions: 644\n    content: hi\n",
    )
    .unwrap();
    let out = sb
        .cmd()
        .args([
            "cloudinit-iso",
            "--name",
            "x",
            "--validate-only",
            "--user-data",
        ])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cloud-init schema") && err.contains("permissions"),
        "{err}"
    );
    // And it is skipped when switched off.
    sb.write_config("[cloudinit]\nschema_check = false\n");
    let out = sb
        .cmd()
        .args([
            "cloudinit-iso",
            "--name",
            "x",
            "--validate-only",
            "--user-data",
        ])
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success());
}

/// The legacy enhanced options: a named sudo user with the keys and a password hash read from
/// a file (never from argv), extra packages; the image then holds a secret and is 0600.
#[test]
fn named_user_password_file_and_packages() {
    if !need(
        "named_user_password_file_and_packages",
        &["xorriso", "isoinfo"],
    ) {
        return;
    }
    let sb = Sandbox::new();
    let key = key_file(&sb);
    let hash = "$6$dvtestsalt$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ./";
    let pw = sb.path().join("pw.hash");
    std::fs::write(&pw, format!("{hash}\n")).unwrap();
    std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600)).unwrap();
    let iso = sb.path().join("u.iso");
    let out = sb
        .cmd_as("debvisor-cloudinit-iso")
        .args([
            "--name",
            "db1",
            "--username",
            "alice",
            "--packages",
            "htop,curl",
        ])
        .arg("--ssh-key")
        .arg(&key)
        .arg("--password-file")
        .arg(&pw)
        .arg("--out")
        .arg(&iso)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let ud = isoinfo(&["-R", "-i", iso.to_str().unwrap(), "-x", "/user-data"]);
    assert!(
        ud.contains("  - name: \"alice\"\n    groups: [sudo]\n"),
        "{ud}"
    );
    assert!(ud.contains(&format!("    passwd: \"{hash}\"\n")), "{ud}");
    assert!(ud.contains(KEY) && !ud.contains("- default"), "{ud}");
    assert!(
        ud.contains("packages:\n  - \"htop\"\n  - \"curl\"\n"),
        "{ud}"
    );
    assert!(ud.contains("ssh_pwauth: false"), "{ud}");
    assert_eq!(
        std::fs::metadata(&iso).unwrap().permissions().mode() & 0o777,
        0o600,
        "the seed holds a password hash"
    );
    for log in [sb.audit_log(), sb.exec_log()] {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(!text.contains("dvtestsalt"), "hash in {}", log.display());
    }
    assert!(!String::from_utf8_lossy(&out.stdout).contains("dvtestsalt"));

    // Refused, exit 2, the secret not echoed, nothing written.
    let refused = |args: &[&std::ffi::OsStr], out_name: &str, says: &str, secret: &str| {
        let out = sb
            .cmd_as("debvisor-cloudinit-iso")
            .args(["--name", "db1", "--username", "alice"])
            .args(args)
            .arg("--out")
            .arg(sb.path().join(out_name))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says) && !err.contains(secret), "{err}");
    };
    // The legacy --password HASH (argv is public).
    refused(
        &["--password".as_ref(), hash.as_ref()],
        "v.iso",
        "--password-file",
        "dvtestsalt",
    );
    // A plain-text password in the file.
    std::fs::write(&pw, "hunter2\n").unwrap();
    refused(
        &["--password-file".as_ref(), pw.as_os_str()],
        "w.iso",
        "crypt(3)",
        "hunter2",
    );
    assert!(!sb.path().join("v.iso").exists() && !sb.path().join("w.iso").exists());
}
