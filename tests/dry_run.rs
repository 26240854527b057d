//! The dry-run guarantee, proven with spies: every external tool on PATH is replaced by a spy
//! that records its argv. Each mutating applet path runs under --dry-run; afterwards
//!   1. every spy invocation must be a command the execution layer classed as read-only,
//!   2. the execution layer must report no mutating command as run,
//!   3. the sandbox tree (everything the applet could write) must be unchanged.
//!
//! Spies pass read-only calls through to the real tool when it exists, so plans are computed
//! from real state (e.g. the libvirt test driver), exactly as in production.
//!
//! ADD EVERY NEW MUTATING APPLET PATH TO `CASES`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::Sandbox;

/// Every external program the toolbox may call: the execution layer's own table
/// (`exec::packages::PROGRAMS`), so a program added there is spied on here without an edit;
/// `spy_list_names_every_program_the_code_runs` keeps that table complete.
fn tools() -> Vec<&'static str> {
    debvisor::exec::packages::PROGRAMS
        .iter()
        .map(|(p, _)| *p)
        .collect()
}

/// (name, argv after `debvisor`, extra config). Each must reach its mutating step.
fn cases(sb: &Sandbox, dns: Option<&common::dns::Dns>) -> Vec<(&'static str, Vec<String>, String)> {
    let links = sb.path().join("links");
    std::fs::create_dir_all(&links).unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let demo = format!("test://{}/scripts/demo-node.xml", common::repo().display());
    // A cluster configuration that names no reachable monitor: cephctl gets past its "is a
    // cluster configured here" check, and the spied ceph calls fail like an unreachable one.
    let conf = sb.path().join("ceph.conf");
    std::fs::write(&conf, "[global]\nmon host = 127.0.0.1:1\n").unwrap();
    let ceph_conf = format!(
        "[ceph]\nconf = \"{}\"\nconnect_timeout = 1\n",
        conf.display()
    );
    let mut v = dns_cases(sb, dns);
    v.extend(vec![
        (
            "install-links",
            vec![
                "install-links".into(),
                "--legacy".into(),
                links.display().to_string(),
            ],
            String::new(),
        ),
        (
            "generate man",
            vec![
                "generate".into(),
                "man".into(),
                sb.path().join("man").display().to_string(),
            ],
            String::new(),
        ),
        (
            "blocklist apply",
            {
                let f = sb.path().join("block.txt");
                std::fs::write(&f, "198.51.100.0/24\n2001:db8:bad::1\n").unwrap();
                vec!["blocklist".into(), "apply".into(), f.display().to_string()]
            },
            format!(
                "[blocklist]\nsnippet = \"{}\"\nmetrics_file = \"{}\"\n",
                sb.path().join("nft/10-blocklist.conf").display(),
                sb.path().join("metrics/blocklist.prom").display()
            ),
        ),
        (
            "health-check",
            s(&["health-check", "-c", "test:///default"]),
            String::new(),
        ),
        (
            "health-check --collect-diagnostics",
            vec![
                "health-check".into(),
                "-c".into(),
                "test:///default".into(),
                "--only".into(),
                "disk".into(),
                "--collect-diagnostics".into(),
                sb.path().join("diag.tar.gz").display().to_string(),
            ],
            String::new(),
        ),
        (
            "metrics --textfile",
            vec![
                "metrics".into(),
                "-c".into(),
                "test:///default".into(),
                "--textfile".into(),
                sb.path().join("node-exporter").display().to_string(),
            ],
            String::new(),
        ),
        (
            "vm-convert",
            {
                let src = sb.path().join("disk.raw");
                std::fs::write(&src, vec![0u8; 1 << 20]).unwrap();
                vec![
                    "vm-convert".into(),
                    "--in".into(),
                    src.display().to_string(),
                    "--out".into(),
                    sb.path().join("disk.qcow2").display().to_string(),
                    "--verify".into(),
                ]
            },
            String::new(),
        ),
        (
            "cloudinit-iso",
            vec![
                "cloudinit-iso".into(),
                "--name".into(),
                "vm1".into(),
                "--out".into(),
                sb.path().join("seed.iso").display().to_string(),
            ],
            String::new(),
        ),
        (
            "cloudinit-iso vfat",
            vec![
                "cloudinit-iso".into(),
                "--name".into(),
                "vm1".into(),
                "--format".into(),
                "vfat".into(),
                "--out".into(),
                sb.path().join("seed.img").display().to_string(),
            ],
            String::new(),
        ),
        (
            "hvctl shutdown --force",
            s(&["hvctl", "-c", &demo, "shutdown", "web1", "--force"]),
            String::new(),
        ),
        (
            "hvctl start",
            s(&["hvctl", "-c", &demo, "start", "build-old"]),
            String::new(),
        ),
        (
            "hvctl destroy",
            s(&["hvctl", "-c", "test:///default", "destroy", "test"]),
            String::new(),
        ),
        (
            "hvctl reboot",
            s(&["hvctl", "-c", "test:///default", "reboot", "test"]),
            String::new(),
        ),
        (
            "hvctl snapshot create",
            s(&[
                "hvctl",
                "-c",
                "test:///default",
                "snapshot",
                "test",
                "create",
                "s1",
            ]),
            String::new(),
        ),
        (
            "hvctl snapshot revert",
            s(&[
                "hvctl",
                "-c",
                "test:///default",
                "snapshot",
                "test",
                "revert",
                "s1",
            ]),
            String::new(),
        ),
        (
            "hvctl snapshot delete",
            s(&[
                "hvctl",
                "-c",
                "test:///default",
                "snapshot",
                "test",
                "delete",
                "s1",
            ]),
            String::new(),
        ),
        (
            "hvctl console",
            s(&["hvctl", "-c", "test:///default", "console", "test"]),
            String::new(),
        ),
        (
            "migrate --set-bandwidth",
            s(&[
                "migrate",
                "-c",
                "test:///default",
                "--set-bandwidth",
                "1GiB/s",
                "test",
            ]),
            String::new(),
        ),
        // A full `migrate` dry run needs a hypervisor that reports free memory (the test driver
        // does not): tests/migrate.rs runs it against real libvirtd nodes.
        // cephctl setters: with no reachable cluster the reads fail, so only the cluster-wide
        // noout paths (no read before the change) reach their mutating step here; the others
        // are proven under --dry-run against a real cluster in tests/cephctl.rs.
        (
            "cephctl noout set",
            s(&["cephctl", "noout", "set"]),
            ceph_conf.clone(),
        ),
        (
            "cephctl noout unset",
            s(&["cephctl", "noout", "unset"]),
            ceph_conf.clone(),
        ),
        // zfs-scrub: no zpool here, so the plan is the per-host stagger wait (never slept in a
        // dry run); tests/zfs.rs proves `zpool scrub` is only planned, with a stub zpool.
        (
            "zfs-scrub",
            s(&["zfs-scrub", "tank", "--stagger-max", "1000000000"]),
            String::new(),
        ),
        (
            "hostname-register (file, reload, dns-update)",
            s(&[
                "hostname-register",
                "--address",
                "10.10.20.7",
                "--fqdn",
                "node7.debvisor.local",
                "--dns",
            ]),
            format!(
                "[hostname_register]\nhosts_dir = \"{}\"\netcd = false\n",
                sb.path().join("dnsmasq-hosts").display()
            ),
        ),
        (
            "hostname-register (etcd read runs, writes planned)",
            s(&["hostname-register", "--address", "10.10.20.7"]),
            format!(
                "[etcd]\nendpoints = [\"http://127.0.0.1:9\"]\n[hostname_register]\nhosts_dir = \"{}\"\nfqdn = \"node7.debvisor.local\"\netcd_timeout_secs = 1\n",
                sb.path().join("dnsmasq-hosts").display()
            ),
        ),
        (
            "vm-register",
            s(&["vm-register", "web1", "10.10.20.5"]),
            String::new(),
        ),
        (
            "vm-register --delete",
            s(&["vm-register", "--delete", "web1"]),
            String::new(),
        ),
        (
            "qemu-hook release",
            s(&["qemu-hook", "web1", "release", "end", "-"]),
            String::new(),
        ),
        (
            "vnc-ensure (spawn)",
            s(&["vnc-ensure", "-c", &demo_uri(), "web1"]),
            "[console]\nwebsockify_mode = \"spawn\"\nport_min = 46900\nport_max = 46909\n".into(),
        ),
        (
            "vnc-ensure (systemd)",
            s(&["vnc-ensure", "-c", &demo_uri(), "web2"]),
            format!(
                "[console]\nwebsockify_mode = \"systemd\"\nnginx_reload = true\nunit_env_dir = \"{}\"\n",
                sb.path().join("run/websockify").display()
            ),
        ),
        (
            "console-ticket issue (first use creates the secret)",
            s(&["console-ticket", "web1", "--user", "alice", "--ttl", "60s"]),
            format!(
                "[console]\nsecret_file = \"{}\"\n",
                sb.path().join("etc/new-console.secret").display()
            ),
        ),
        console_ticket_verify_case(sb),
        // firstboot's storage phase on a node with no Ceph cluster: the first monitor and
        // manager bootstrap (keyrings, monmaptool, ceph-mon --mkfs, daemons, mgr key) is planned;
        // it then stops at "no blank disk" (none here). tests/firstboot_ceph.rs runs it for real.
        (
            "firstboot storage (ceph: first monitor)",
            s(&["firstboot", "--phase", "storage"]),
            firstboot_ceph_cfg(sb),
        ),
        // The phases of a zfs node in order (accounts, network, storage, …), destructive steps
        // allowed (`--yes` is added to every case): planned, none run.
        (
            "firstboot (zfs profile, all phases, --yes)",
            s(&["firstboot"]),
            firstboot_cfg(sb),
        ),
        (
            "k8sctl addon enable",
            s(&["k8sctl", "addon", "enable", "monitoring"]),
            addons_cfg(),
        ),
        (
            "k8sctl addon disable",
            s(&["k8sctl", "addon", "disable", "ingress"]),
            addons_cfg(),
        ),
    ]);
    v
}

/// maintenance enable (the etcd mark and the drain are planned; the enable of an interrupted
/// record resumes) and disable of a node marked in the real etcd (uncordon and the etcd delete
/// planned). The Ceph noout steps and the evacuation are proven under --dry-run against the
/// real Ceph and libvirtd nodes in tests/maintenance.rs.
fn maintenance_cases(
    etcd: &common::etcd::Etcd,
    stub: &common::k8s::StubApi,
) -> Vec<(&'static str, Vec<String>, String)> {
    let cfg = format!(
        "[etcd]\nendpoints = [\"{}\"]\n[k8s]\nkubeconfig = \"{}\"\n[maintenance]\nceph = false\n\n\
         [[cluster.nodes]]\nname = \"n1\"\nk8s_name = \"hv1\"\n\n[[cluster.nodes]]\nname = \"n2\"\nk8s_name = \"hv2\"\n",
        etcd.endpoint(),
        stub.kubeconfig().display()
    );
    // n2 is in maintenance (this tool cordoned it), as `maintenance enable n2` leaves it.
    etcd.put(
        "/debvisor/nodes/n2/maintenance",
        r#"{"format":1,"node":"n2","phase":"active","by":"root@h","since":"2026-01-01T00:00:00Z","reason":"dry run","done":[],"noout":[],"cordoned":true,"moved":[],"not_moved":[],"restore_vms":false}"#,
    );
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        (
            "maintenance enable",
            s(&["maintenance", "enable", "n1", "--reason", "dry run"]),
            cfg.clone(),
        ),
        (
            "maintenance disable",
            s(&["maintenance", "disable", "n2", "--restore-vms"]),
            cfg,
        ),
    ]
}

/// dns-update (reads the real BIND under --dry-run; nsupdate and the journal are planned),
/// tsig-keygen, tsig-rotate (local and Ansible delegation).
fn dns_cases(
    sb: &Sandbox,
    dns: Option<&common::dns::Dns>,
) -> Vec<(&'static str, Vec<String>, String)> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let p = |x: &str| sb.path().join(x).display().to_string();
    let key = "key \"k\" {\n\talgorithm hmac-sha256;\n\tsecret \"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=\";\n};\n";
    std::fs::write(sb.path().join("tsig-client.key"), key).unwrap();
    std::fs::write(sb.path().join("tsig-bind.key"), key).unwrap();
    std::fs::write(sb.path().join("playbook.yml"), "- hosts: all\n").unwrap();
    std::fs::write(sb.path().join("inventory"), "[dns_primaries]\n").unwrap();
    let tsig = format!(
        "[tsig]\nkey_name = \"k\"\nbind_include = \"{}\"\nclient_key = \"{}\"\nrndc_key = \"{}\"\n",
        p("tsig-bind.key"),
        p("tsig-client.key"),
        p("tsig-client.key")
    );
    // The rotation phases: a staged next key, and an include already holding both.
    let alt = key
        .replace("key \"k\"", "key \"k-alt\"")
        .replace("c2Vj", "YWx0");
    std::fs::write(sb.path().join("staged.key"), &alt).unwrap();
    std::fs::write(sb.path().join("tsig-bind-both.key"), format!("{key}{alt}")).unwrap();
    let tsig_both = tsig.replace(&p("tsig-bind.key"), &p("tsig-bind-both.key"));
    let mut v = vec![
        (
            "tsig-keygen",
            s(&[
                "tsig-keygen",
                "--bind-include",
                &p("new/bind.key"),
                "--client-key",
                &p("new/client.key"),
            ]),
            String::new(),
        ),
        (
            "tsig-rotate (ansible)",
            s(&["tsig-rotate"]),
            format!(
                "[tsig]\nansible_playbook = \"{}\"\nansible_inventory = \"{}\"\n",
                p("playbook.yml"),
                p("inventory")
            ),
        ),
        (
            "tsig-rotate (local)",
            s(&["tsig-rotate"]),
            format!("[dns]\nzone = \"debvisor.local\"\nprimaries = [\"127.0.0.1:9\"]\n{tsig}"),
        ),
        (
            "tsig-rotate --phase generate",
            s(&[
                "tsig-rotate",
                "--phase",
                "generate",
                "--key",
                &p("staged-new.key"),
            ]),
            tsig.clone(),
        ),
        (
            "tsig-rotate --phase add",
            s(&["tsig-rotate", "--phase", "add", "--key", &p("staged.key")]),
            tsig.clone(),
        ),
        (
            "tsig-rotate --phase switch",
            s(&[
                "tsig-rotate",
                "--phase",
                "switch",
                "--key",
                &p("staged.key"),
            ]),
            format!(
                "[dns]\nzone = \"debvisor.local\"\nprimaries = [\"127.0.0.1:9\"]\n{}",
                tsig_both
            ),
        ),
        (
            "tsig-rotate --phase retire",
            s(&[
                "tsig-rotate",
                "--phase",
                "retire",
                "--key",
                &p("staged.key"),
            ]),
            tsig_both.replace(&p("tsig-client.key"), &p("staged.key")),
        ),
    ];
    if let Some(dns) = dns {
        let cfg = format!(
            "[dns]\nzone = \"debvisor.local\"\nprimaries = [\"{}\"]\nsecondaries = [\"{}\"]\nkey_file = \"{}\"\n",
            dns.primary(),
            dns.secondary(),
            dns.keyfile().display()
        );
        std::fs::write(
            sb.path().join("batch.txt"),
            "add b1 10.10.20.51\ndelete b2\n",
        )
        .unwrap();
        v.push((
            "dns-update",
            s(&["dns-update", "vm1", "10.10.20.50"]),
            cfg.clone(),
        ));
        v.push((
            "dns-update --delete",
            s(&["dns-update", "--delete", "ns1"]),
            cfg.clone(),
        ));
        v.push((
            "dns-update --batch",
            s(&["dns-update", "--batch", &p("batch.txt")]),
            cfg,
        ));
    }
    v
}

fn demo_uri() -> String {
    format!(
        "test://{}",
        common::repo().join("scripts/demo-node.xml").display()
    )
}

/// A real ticket issued before the snapshot; its verification (which consumes it) is planned.
fn console_ticket_verify_case(sb: &Sandbox) -> (&'static str, Vec<String>, String) {
    let config = format!(
        "[console]\nsecret_file = \"{}\"\n",
        sb.path().join("etc/console.secret").display()
    );
    let pre = sb.path().join("etc/console-pre.toml");
    std::fs::write(&pre, &config).unwrap();
    let out = sb
        .cmd()
        .args(["console-ticket", "--config"])
        .arg(&pre)
        .args(["web1", "--user", "alice"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let ticket = String::from_utf8(out.stdout).unwrap().trim().to_string();
    (
        "console-ticket verify",
        vec![
            "console-ticket".into(),
            "verify".into(),
            ticket,
            "--vm".into(),
            "web1".into(),
        ],
        config,
    )
}

fn firstboot_cfg(sb: &Sandbox) -> String {
    let profile = sb.path().join("etc/debvisor-profile");
    std::fs::write(&profile, "PROFILE=zfs\n").unwrap();
    format!(
        "[firstboot]\nprofile_file = \"{}\"\nservice_accounts = [\"dv-test-account-that-does-not-exist\"]\nlibvirt_uri = \"test:///default\"\n",
        profile.display()
    )
}

fn firstboot_ceph_cfg(sb: &Sandbox) -> String {
    let profile = sb.path().join("etc/debvisor-ceph-profile");
    std::fs::write(&profile, "PROFILE=ceph\n").unwrap();
    let p = sb.path().display();
    format!(
        "[firstboot]\nprofile_file = \"{}\"\nceph_conf_dir = \"{p}/etc/ceph\"\nceph_data_dir = \"{p}/lib/ceph\"\n\
         ceph_run_dir = \"{p}/run/ceph\"\nceph_log_dir = \"{p}/log/ceph\"\nceph_daemons = \"direct\"\nceph_mon_id = \"hv1\"\n",
        profile.display()
    )
}

fn addons_cfg() -> String {
    format!(
        "[k8s]\naddons_dir = \"{}\"\n",
        common::repo().join("packaging/addons").display()
    )
}

/// Canned stand-ins: recorded real output for the states the cases need.
fn make_canned(dir: &Path) {
    let canned = dir.join("canned");
    std::fs::create_dir_all(&canned).unwrap();
    // `ip -j addr` / `ip -j route` as recorded inside a simulated node (one NIC, default route).
    let ip = r#"#!/bin/sh
case "$*" in
  *addr*) echo '[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"operstate":"UNKNOWN","link_type":"loopback","address":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host"}]},{"ifindex":2,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"operstate":"UP","link_type":"ether","address":"f6:eb:11:26:36:e1","addr_info":[{"family":"inet","local":"10.251.0.11","prefixlen":24,"scope":"global"}]}]';;
  *route*) echo '[{"dst":"default","gateway":"10.251.0.1","dev":"eth0","flags":[]}]';;
  *) echo '[]';;
esac
"#;
    // OpenZFS's answer for a pool that does not exist.
    let zpool = "#!/bin/sh\ncase \"$1\" in list) echo \"cannot open 'tank': no such pool\" >&2; exit 1;; esac\nexit 0\n";
    for (name, body) in [
        ("ip", ip),
        ("bridge", "#!/bin/sh\necho '[]'\n"),
        ("zpool", zpool),
        ("zfs", "#!/bin/sh\nexit 0\n"),
    ] {
        let p = canned.join(name);
        std::fs::write(&p, body).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn make_spies(dir: &Path, log: &Path, real_path: &str) {
    std::fs::create_dir_all(dir).unwrap();
    make_canned(dir);
    for t in tools() {
        // Tools with a canned stand-in never reach the real one (e.g. `ip`: a dry-run test must
        // not be one bug away from re-plumbing the host's network).
        let canned = dir.join("canned").join(t);
        let script = format!(
            "#!/bin/sh\nprintf '%s\\n' \"$(basename \"$0\") $*\" >> '{log}'\n\
             [ -x '{canned}' ] && exec '{canned}' \"$@\"\n\
             PATH='{real_path}'\nreal=$(command -v '{t}' 2>/dev/null) || exit 0\nexec \"$real\" \"$@\"\n",
            log = log.display(),
            canned = canned.display()
        );
        let p = dir.join(t);
        std::fs::write(&p, script).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn snapshot(dir: &Path, skip: &[PathBuf]) -> BTreeMap<PathBuf, (u64, u128)> {
    let mut m = BTreeMap::new();
    fn walk(d: &Path, skip: &[PathBuf], m: &mut BTreeMap<PathBuf, (u64, u128)>) {
        let Ok(rd) = std::fs::read_dir(d) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if skip.iter().any(|s| p.starts_with(s)) {
                continue;
            }
            let md = std::fs::symlink_metadata(&p).unwrap();
            let mtime = md
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            m.insert(p.clone(), (md.len(), mtime));
            if md.is_dir() {
                walk(&p, skip, m);
            }
        }
    }
    walk(dir, skip, &mut m);
    m
}

/// Cases whose mutating step is a file change only (no command to hold back).
const FILE_ONLY_PLANS: &[&str] = &[
    "tsig-keygen",
    "health-check --collect-diagnostics",
    "metrics --textfile",
    "tsig-rotate --phase generate",
    "install-links",
    "generate man",
    "hvctl console",
    "zfs-scrub",
    "console-ticket issue (first use creates the secret)",
    "console-ticket verify",
];

/// Every program named literally in src/ (`Cmd::new("…")`, `daemon("…")`) is in the execution
/// layer's table, so the spies above cover it (`swapoff` once ran unspied).
#[test]
fn spy_list_names_every_program_the_code_runs() {
    let mut missing = Vec::new();
    let known = tools();
    let mut stack = vec![common::repo().join("src")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            for pat in ["Cmd::new(\"", "daemon(\""] {
                for (i, _) in text.match_indices(pat) {
                    let rest = &text[i + pat.len()..];
                    let prog = &rest[..rest.find('"').unwrap_or(0)];
                    if prog.starts_with('/') || prog.is_empty() {
                        continue; // our own binary by absolute path
                    }
                    if !known.contains(&prog) {
                        missing.push(format!("{}: {prog}", p.display()));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "add to exec::packages::PROGRAMS: {missing:#?}"
    );
}

#[test]
fn nothing_mutating_runs_under_dry_run() {
    let sb = Sandbox::new();
    let spy_dir = sb.path().join("spies");
    let spy_log = sb.path().join("spy.log");
    let real_path = std::env::var("PATH").unwrap_or_default();
    let real_path = format!("{real_path}:/usr/sbin:/sbin");
    make_spies(&spy_dir, &spy_log, &real_path);

    let dns = common::dns::Dns::start("dry_run::dns-update");
    // maintenance: the mark lives in a real etcd, cordon/drain go to the stand-in API server.
    let etcd = common::etcd::Etcd::start("dry_run::maintenance");
    let stub = common::k8s::StubApi::start_with("dry_run::maintenance", false, "k8s-upgrade");
    let mut all = cases(&sb, dns.as_ref());
    if let (Some(e), Some(k)) = (&etcd, &stub) {
        all.extend(maintenance_cases(e, k));
    }
    for (name, argv, config) in all {
        sb.write_config(&config);
        let _ = std::fs::remove_file(sb.exec_log());
        let _ = std::fs::remove_file(&spy_log);
        let skip = [spy_dir.clone(), spy_log.clone(), sb.exec_log()];
        let before = snapshot(sb.path(), &skip);
        let out = sb
            .cmd()
            .args(&argv)
            .arg("--dry-run")
            .arg("--yes")
            .env("PATH", format!("{}:/usr/bin:/bin", spy_dir.display()))
            .output()
            .unwrap();
        let after = snapshot(sb.path(), &skip);
        assert_eq!(
            before, after,
            "{name}: --dry-run changed files in the sandbox"
        );
        assert!(
            out.status.code().is_some_and(|c| c < 100),
            "{name}: crashed: {}",
            String::from_utf8_lossy(&out.stderr)
        );

        let entries = sb.exec_entries();
        for e in &entries {
            assert!(
                !(e["effect"] == "mutating" && e["ran"] == true),
                "{name}: ran a mutating command: {e}"
            );
        }
        let read_only_ran: Vec<String> = entries
            .iter()
            .filter(|e| e["ran"] == true)
            .map(|e| {
                e["argv"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let spied = std::fs::read_to_string(&spy_log).unwrap_or_default();
        for call in spied.lines() {
            assert!(
                read_only_ran.iter().any(|r| r == call || call.starts_with(r.as_str())),
                "{name}: spy saw `{call}`, which the execution layer did not run as read-only\n(read-only runs: {read_only_ran:?})"
            );
        }
        let planned = entries.iter().filter(|e| e["ran"] == false).count();
        let stdout = String::from_utf8_lossy(&out.stdout);
        if name != "health-check" {
            assert!(
                stdout.contains("would "),
                "{name}: no plan printed:\n{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            // The plan is the execution layer's record, not only text: at least one command
            // reached it and was held back (file-only plans are listed in FILE_ONLY_PLANS).
            assert!(
                planned > 0 || FILE_ONLY_PLANS.contains(&name),
                "{name}: no command was planned (the exec log holds no `ran: false` entry)"
            );
        } else {
            assert_eq!(planned, 0);
        }
    }
}
