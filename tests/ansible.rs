//! The debvisor.node Ansible collection (packaging/ansible), live: Debian's ansible-playbook
//! runs the modules over ssh against three simulated nodes (scripts/nodes-start: own network
//! namespace, /etc, /var/lib, sshd), each running its own BIND 9 (node1 the primary, node2 and
//! node3 secondaries that forward updates), its own nftables and its own toolbox state. Nothing
//! here is faked: every claim is checked by reading the nodes' state (dig, nft, files), not the
//! modules' word.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::nodes::Cluster;

const ZONE: &str = "debvisor.local";
const KEY: &str = "debvisor-update";

/// Three nodes, each with its own named, the toolbox configured for it, and an inventory.
struct Fleet {
    cluster: Cluster,
    dir: tempfile::TempDir,
    named: Vec<Child>,
}

impl Drop for Fleet {
    fn drop(&mut self) {
        for c in &mut self.named {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(c.id() as i32),
                nix::sys::signal::Signal::SIGTERM,
            );
            let _ = c.wait();
        }
    }
}

fn have_ansible(test: &str) -> bool {
    if common::have("ansible-playbook") {
        return true;
    }
    common::skip(
        test,
        "ansible-playbook is not installed: run scripts/install-deps (ansible-core)",
    );
    false
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `dig +short` at SERVER (empty when nothing answers: waits poll this).
fn dig(server: &str, name: &str, rtype: &str) -> String {
    let out = Command::new("dig")
        .args([
            &format!("@{server}"),
            "+short",
            "+norec",
            "+time=1",
            "+tries=1",
            name,
            rtype,
        ])
        .output()
        .unwrap();
    if !out.status.success() {
        return String::new();
    }
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Polls `f` until it holds or `secs` pass (real state, with a deadline).
fn wait_for(what: &str, secs: u64, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl Fleet {
    fn start(test: &str) -> Option<Fleet> {
        if !have_ansible(test) {
            return None;
        }
        if !common::have("named") && !Path::new("/usr/sbin/named").exists() {
            common::skip(test, "BIND (named) is not installed");
            return None;
        }
        let cluster = Cluster::start_with_host_link(test, 3)?;
        let dir = tempfile::Builder::new()
            .prefix("dv-ansible.")
            .tempdir()
            .unwrap();
        let mut fleet = Fleet {
            cluster,
            dir,
            named: Vec::new(),
        };
        fleet.configure();
        fleet.start_bind();
        Some(fleet)
    }

    fn ip(&self, i: usize) -> String {
        self.cluster.ip(i)
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A host path for node I's /etc/REL (its overlay upper dir).
    fn etc(&self, i: usize, rel: &str) -> PathBuf {
        self.cluster.node_dir(i).join("etc.upper").join(rel)
    }

    /// A host path for node I's /var/lib/debvisor/REL.
    fn varlib(&self, i: usize, rel: &str) -> PathBuf {
        self.cluster.node_dir(i).join("var-lib-debvisor").join(rel)
    }

    fn configure(&self) {
        let p = self.path();
        for k in ["xfr-key", "rndc-key"] {
            let key = run(Command::new("tsig-keygen").args(["-a", "hmac-sha256", k]));
            std::fs::write(p.join(format!("{k}.conf")), key).unwrap();
        }
        // The one update key every server starts with (written by the toolbox itself).
        let out = Command::new(common::bin())
            .args(["tsig-keygen", KEY, "--bind-include"])
            .arg(p.join("start.include"))
            .arg("--client-key")
            .arg(p.join("start.client"))
            .env("DEBVISOR_CONFIG", "/dev/null")
            .env("DEBVISOR_AUDIT_LOG", p.join("audit.jsonl"))
            .env("DEBVISOR_LOCK_DIR", p.join("lock"))
            .env("DEBVISOR_STATE_DIR", p.join("state"))
            .output()
            .unwrap();
        common::assert_ok(&out);
        let include = std::fs::read_to_string(p.join("start.include")).unwrap();
        let client = std::fs::read_to_string(p.join("start.client")).unwrap();
        let secondaries = format!("\"{}:53\", \"{}:53\"", self.ip(2), self.ip(3));
        // [cluster] for maintenance: libvirt's test driver with no VMs per node (nothing to
        // evacuate; no Ceph, etcd or Kubernetes configured, so those steps do not apply).
        std::fs::write(
            p.join("libvirt-empty.xml"),
            "<node><cpu><mode>fixed</mode><nodes>1</nodes><sockets>1</sockets><cores>2</cores>\
             <threads>1</threads><active>2</active><mhz>2000</mhz><model>i686</model></cpu>\
             <memory>8388608</memory></node>\n",
        )
        .unwrap();
        let cluster: String = (1..=3)
            .map(|i| {
                format!(
                    "[[cluster.nodes]]\nname = \"node{i}\"\nlibvirt_uri = \"test://{}\"\n\n",
                    p.join("libvirt-empty.xml").display()
                )
            })
            .collect();
        for i in 1..=3 {
            let nd = self.cluster.node_dir(i);
            std::fs::create_dir_all(nd.join("named")).unwrap();
            self.cluster
                .write_etc(i, "bind/debvisor-tsig.key", &include);
            self.cluster
                .write_etc(i, "debvisor/dns-update.key", &client);
            for (rel, mode) in [
                ("bind/debvisor-tsig.key", 0o640),
                ("debvisor/dns-update.key", 0o600),
            ] {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(self.etc(i, rel), std::fs::Permissions::from_mode(mode))
                    .unwrap();
            }
            self.cluster.write_etc(
                i,
                "debvisor/debvisor.toml",
                &format!(
                    "[general]\naudit_log = \"/var/lib/debvisor/audit.jsonl\"\nlog_dir = \"/var/lib/debvisor/log\"\n\n\
                     [dns]\nzone = \"{ZONE}\"\nprimaries = [\"{}:53\"]\nsecondaries = [{secondaries}]\nkey_file = \"/etc/debvisor/dns-update.key\"\nverify_deadline = 20\n\n\
                     [tsig]\nkey_name = \"{KEY}\"\nbind_include = \"/etc/bind/debvisor-tsig.key\"\nrndc_server = \"{}:953\"\nrndc_key = \"{}\"\n\n\
                     [blocklist]\nsnippet = \"/etc/nftables.d/10-blocklist.conf\"\n\n{cluster}",
                    self.ip(1),
                    self.ip(i),
                    p.join("rndc-key.conf").display()
                ),
            );
            let zones = if i == 1 {
                format!(
                    "zone \"{ZONE}\" {{ type primary; file \"db.zone\"; notify explicit;\n\
                       also-notify {{ {} key \"xfr-key\"; {} key \"xfr-key\"; }};\n\
                       allow-transfer {{ key \"xfr-key\"; }};\n\
                       update-policy {{ grant \"{KEY}\" zonesub ANY; grant \"{KEY}-alt\" zonesub ANY; }}; }};\n",
                    self.ip(2),
                    self.ip(3)
                )
            } else {
                format!(
                    "zone \"{ZONE}\" {{ type secondary; file \"db.zone\"; notify no;\n\
                       primaries {{ {} key \"xfr-key\"; }};\n\
                       allow-update-forwarding {{ any; }}; }};\n",
                    self.ip(1)
                )
            };
            let conf = format!(
                "include \"{p}/xfr-key.conf\"; include \"{p}/rndc-key.conf\"; include \"/etc/bind/debvisor-tsig.key\";\n\
                 options {{ directory \"{d}\"; pid-file \"{d}/named.pid\"; session-keyfile \"{d}/session.key\";\n\
                   managed-keys-directory \"{d}\"; listen-on port 53 {{ {ip}; }}; listen-on-v6 {{ none; }};\n\
                   recursion no; dnssec-validation no; notify-delay 0; }};\n\
                 controls {{ inet {ip} port 953 allow {{ {ip}; }} keys {{ \"rndc-key\"; }}; }};\n{zones}",
                p = p.display(),
                d = nd.join("named").display(),
                ip = self.ip(i),
            );
            std::fs::write(nd.join("named.conf"), conf).unwrap();
            if i == 1 {
                std::fs::write(
                    nd.join("named/db.zone"),
                    format!(
                        "$TTL 60\n@ IN SOA ns1.{ZONE}. hostmaster.{ZONE}. ( 1 60 30 86400 60 )\n  IN NS ns1.{ZONE}.\nns1 IN A {}\n",
                        self.ip(1)
                    ),
                )
                .unwrap();
            }
        }
        // Test-only files on the nodes: a blocklist, an SSH key, a source disk image.
        for i in 1..=3 {
            self.cluster.write_etc(
                i,
                "debvisor/blocklist.txt",
                &format!("192.0.2.0/24\n198.51.100.{i}\n2001:db8:{i}::/48\n"),
            );
            self.cluster.write_etc(
                i,
                "debvisor/admin.pub",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7wH1mq1sY7kTjz2bT2zF8m1Hcq8d9m6YpQvQk0ZP3x admin@example\n",
            );
            let mut f = std::fs::File::create(self.varlib(i, "src.raw")).unwrap();
            let mut block = vec![0u8; 1 << 20];
            for (n, b) in block.iter_mut().enumerate().take(4096) {
                *b = (n * 7 + i) as u8;
            }
            for _ in 0..4 {
                f.write_all(&block).unwrap();
            }
        }
        // The inventory: node1 the primary, node2/node3 secondaries; ssh as set up by
        // scripts/nodes-start (keys, known hosts); the toolbox under test on every node.
        let state = self.cluster.state_path();
        std::fs::write(
            p.join("inventory"),
            format!(
                "[dns_primaries]\nnode1\n\n[dns_secondaries]\nnode2\nnode3\n\n[all:vars]\n\
                 ansible_user=root\nansible_python_interpreter=/usr/bin/python3\n\
                 ansible_ssh_common_args='-F {}'\ndebvisor_bin={}\ndebvisor_config=/etc/debvisor/debvisor.toml\n",
                state.join("ssh_config").display(),
                common::bin().display()
            ),
        )
        .unwrap();
        std::fs::write(p.join("ansible.cfg"), "[defaults]\n").unwrap();
    }

    fn start_bind(&mut self) {
        for i in 1..=3 {
            let nd = self.cluster.node_dir(i);
            let log = std::fs::File::create(nd.join("named.log")).unwrap();
            let child = self
                .cluster
                .exec(i)
                .args(["/usr/sbin/named", "-4", "-g", "-c"])
                .arg(nd.join("named.conf"))
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .unwrap();
            self.named.push(child);
            if i == 1 {
                wait_for("the primary's SOA", 20, || {
                    !dig(&self.ip(1), ZONE, "SOA").is_empty()
                });
            }
        }
        for i in 2..=3 {
            wait_for(
                &format!("node{i}'s secondary to transfer the zone"),
                20,
                || !dig(&self.ip(i), ZONE, "SOA").is_empty(),
            );
        }
    }

    /// ansible-playbook with the collection from this checkout, the JSON callback and check
    /// mode when asked; returns the callback's document and the exit status.
    fn playbook(&self, name: &str, body: &str, extra: &[&str]) -> (serde_json::Value, i32) {
        let pb = self.path().join(name);
        std::fs::write(&pb, body).unwrap();
        self.playbook_file(&pb, extra)
    }

    fn playbook_file(&self, pb: &Path, extra: &[&str]) -> (serde_json::Value, i32) {
        let p = self.path();
        let out = Command::new("ansible-playbook")
            .arg("-i")
            .arg(p.join("inventory"))
            .arg(pb)
            .args(extra)
            .current_dir(p)
            .env("ANSIBLE_CONFIG", p.join("ansible.cfg"))
            .env(
                "ANSIBLE_COLLECTIONS_PATH",
                common::repo().join("packaging/ansible"),
            )
            .env("ANSIBLE_STDOUT_CALLBACK", "results_json")
            .env(
                "ANSIBLE_CALLBACK_PLUGINS",
                common::repo().join("tests/data/ansible/callback_plugins"),
            )
            .env("ANSIBLE_LOCAL_TEMP", p.join("ansible-tmp"))
            .env("ANSIBLE_HOME", p.join("ansible-home"))
            // Every fleet names its hosts node1..3: ssh connection sharing must be per fleet,
            // or a concurrent test's ssh would reuse another fleet's master connection.
            .env("ANSIBLE_SSH_CONTROL_PATH_DIR", p.join("cp"))
            .env("ANSIBLE_NOCOLOR", "1")
            .env("ANSIBLE_FORKS", "3")
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "ansible-playbook printed no JSON ({e}): {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (doc, out.status.code().unwrap_or(-1))
    }

    fn nft_tables(&self, i: usize) -> String {
        run(self.cluster.exec(i).args(["nft", "list", "tables"]))
    }
}

/// The per-task results for HOST: (task name, result) in play order.
fn results(doc: &serde_json::Value, host: &str) -> Vec<(String, serde_json::Value)> {
    let mut v = Vec::new();
    for play in doc["plays"].as_array().unwrap() {
        for t in play["tasks"].as_array().unwrap() {
            if let Some(r) = t["hosts"].get(host) {
                v.push((t["task"]["name"].as_str().unwrap().to_string(), r.clone()));
            }
        }
    }
    v
}

fn stats(doc: &serde_json::Value, host: &str, key: &str) -> u64 {
    doc["stats"][host][key].as_u64().unwrap_or(0)
}

const MODULES: &str = r#"---
- hosts: all
  gather_facts: false
  module_defaults:
    group/debvisor.node.all:
      debvisor_bin: "{{ debvisor_bin }}"
      config: "{{ debvisor_config }}"
  tasks:
    - name: dns_record
      debvisor.node.dns_record:
        name: "ans-{{ inventory_hostname }}"
        address: "10.10.20.{{ 10 + groups['all'].index(inventory_hostname) }}"
        owner: "{{ inventory_hostname }}"
    - name: blocklist validated
      debvisor.node.blocklist:
        sources: [/etc/debvisor/blocklist.txt]
        state: validated
    - name: blocklist
      debvisor.node.blocklist:
        sources: [/etc/debvisor/blocklist.txt]
    - name: tsig_key
      debvisor.node.tsig_key:
        name: vm-key
        bind_include: /etc/bind/vm-tsig.key
        client_key: /etc/debvisor/vm-update.key
    - name: cloudinit_seed
      debvisor.node.cloudinit_seed:
        name: web1
        dest: /var/lib/debvisor/web1-seed.iso
        ssh_keys: [/etc/debvisor/admin.pub]
    - name: vm_image
      debvisor.node.vm_image:
        src: /var/lib/debvisor/src.raw
        src_format: raw
        dest: /var/lib/debvisor/disk.qcow2
    - name: maintenance
      debvisor.node.maintenance:
        node: "{{ inventory_hostname }}"
        reason: ansible test
    - name: health_facts
      debvisor.node.health_facts:
        only: [disk]
        metrics: true
    - name: the health facts are set
      ansible.builtin.assert:
        that:
          - debvisor_health.checks | length >= 1
          - debvisor_health.checks | rejectattr('name', 'eq', 'disk') | list | length == 0
          - debvisor_metrics.metrics | selectattr('name', 'eq', 'debvisor_health_score') | list | length == 1
          - debvisor_metrics.metrics | selectattr('name', 'eq', 'debvisor_collector_success') | list | length == 1
"#;

const MUTATING: &[&str] = &[
    "dns_record",
    "blocklist",
    "tsig_key",
    "cloudinit_seed",
    "vm_image",
    "maintenance",
];

/// `maintenance status --json` on node I: NODE's state there.
fn maintenance_state(fleet: &Fleet, i: usize) -> String {
    let out = run(fleet.cluster.exec(i).args([
        common::bin().to_str().unwrap(),
        "maintenance",
        "status",
        "--json",
        "--config",
        "/etc/debvisor/debvisor.toml",
    ]));
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["node"] == format!("node{i}"))
        .unwrap()["state"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn modules_converge_check_mode_changes_nothing_and_errors_are_the_tools() {
    let test = "ansible::modules_converge";
    let Some(fleet) = Fleet::start(test) else {
        return;
    };
    if !common::have("qemu-img") || !common::have("xorriso") {
        common::skip(
            test,
            "qemu-img and xorriso are needed (scripts/install-deps)",
        );
        return;
    }
    let hosts = ["node1", "node2", "node3"];
    let name = |h: &str| format!("ans-{h}.{ZONE}");

    // --check: every mutating module plans (changed), and the nodes are untouched.
    let (doc, code) = fleet.playbook("modules.yml", MODULES, &["--check", "--diff"]);
    assert_eq!(code, 0, "{doc:#}");
    for h in hosts {
        let r = results(&doc, h);
        for (task, res) in &r {
            if MUTATING.contains(&task.as_str()) {
                assert_eq!(res["changed"], true, "{h} {task} in check mode: {res:#}");
            }
        }
        let dns = &r.iter().find(|(t, _)| t == "dns_record").unwrap().1;
        assert!(
            dns["plan"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l.as_str().unwrap().contains("nsupdate")),
            "{dns:#}"
        );
        assert!(
            dns["diff"]["after"].as_str().unwrap().contains("10.10.20."),
            "{dns:#}"
        );
    }
    for (i, h) in hosts.iter().enumerate() {
        let i = i + 1;
        assert_eq!(
            dig(&fleet.ip(1), &name(h), "A"),
            "",
            "check mode sent an update"
        );
        assert!(
            !fleet.nft_tables(i).contains("debvisor_blocklist"),
            "check mode loaded nft"
        );
        assert!(!fleet.etc(i, "bind/vm-tsig.key").exists());
        assert!(!fleet.etc(i, "debvisor/vm-update.key").exists());
        assert!(!fleet.varlib(i, "web1-seed.iso").exists());
        assert!(!fleet.varlib(i, "disk.qcow2").exists());
        assert!(!fleet.varlib(i, "blocklist/applied.state").exists());
        assert_eq!(maintenance_state(&fleet, i), "none");
    }

    // First run: every mutating module changes something, on every node.
    let (doc, code) = fleet.playbook("modules.yml", MODULES, &[]);
    assert_eq!(code, 0, "{doc:#}");
    for h in hosts {
        for (task, res) in results(&doc, h) {
            let want = MUTATING.contains(&task.as_str());
            assert_eq!(res["changed"], want, "{h} {task} first run: {res:#}");
        }
    }
    // ... as the nodes' own state says.
    for (i, h) in hosts.iter().enumerate() {
        let i = i + 1;
        let addr = format!("10.10.20.{}", 10 + i - 1);
        for s in 1..=3 {
            assert_eq!(dig(&fleet.ip(s), &name(h), "A"), addr, "server node{s}");
        }
        let set =
            run(fleet
                .cluster
                .exec(i)
                .args(["nft", "list", "table", "inet", "debvisor_blocklist"]));
        assert!(
            set.contains("192.0.2.0")
                && set.contains(&format!("198.51.100.{i} "))
                && set.contains(&format!("2001:db8:{i}::")),
            "{set}"
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: PathBuf| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(fleet.etc(i, "debvisor/vm-update.key")), 0o600);
        assert_eq!(mode(fleet.etc(i, "bind/vm-tsig.key")), 0o640);
        assert!(
            std::fs::metadata(fleet.varlib(i, "web1-seed.iso"))
                .unwrap()
                .len()
                > 0
        );
        let info = run(Command::new("qemu-img")
            .args(["info", "--output=json", "-f", "qcow2"])
            .arg(fleet.varlib(i, "disk.qcow2")));
        assert!(info.contains("\"virtual-size\": 4194304"), "{info}");
        assert_eq!(maintenance_state(&fleet, i), "active");
    }
    // No secret in any result: the key files' secrets never reach the controller.
    let out = serde_json::to_string(&doc).unwrap();
    for i in 1..=3 {
        let text = std::fs::read_to_string(fleet.etc(i, "debvisor/vm-update.key")).unwrap();
        let secret = text.split('"').nth(3).unwrap();
        assert!(!out.contains(secret), "a secret in the playbook's results");
    }

    // Again: nothing to do anywhere (changed=0 from the tools' own results).
    let (doc, code) = fleet.playbook("modules.yml", MODULES, &[]);
    assert_eq!(code, 0, "{doc:#}");
    for h in hosts {
        assert_eq!(
            stats(&doc, h, "changed"),
            0,
            "{h}: {:#}",
            results(&doc, h)
                .iter()
                .filter(|(_, r)| r["changed"] == true)
                .map(|(t, _)| t.clone())
                .collect::<Vec<_>>()
                .join(", ")
        );
        assert_eq!(stats(&doc, h, "failures"), 0);
    }

    // A changed input is one change, on the node where it changed; --check then --diff shows it.
    std::fs::write(
        fleet.etc(2, "debvisor/blocklist.txt"),
        "192.0.2.0/24\n198.51.100.2\n2001:db8:2::/48\n203.0.113.77\n",
    )
    .unwrap();
    let (doc, code) = fleet.playbook("modules.yml", MODULES, &["--check", "--diff"]);
    assert_eq!(code, 0);
    let bl = results(&doc, "node2")
        .into_iter()
        .find(|(t, _)| t == "blocklist")
        .unwrap()
        .1;
    assert_eq!(bl["changed"], true, "{bl:#}");
    assert!(
        bl["diff"]["after"]
            .as_str()
            .unwrap()
            .contains("203.0.113.77"),
        "{bl:#}"
    );
    assert!(!fleet.nft_tables(2).is_empty());
    let set =
        run(fleet
            .cluster
            .exec(2)
            .args(["nft", "list", "table", "inet", "debvisor_blocklist"]));
    assert!(
        !set.contains("203.0.113.77"),
        "check mode loaded the change"
    );

    // Bad input: the module fails with the tool's one-line error and exit code.
    std::fs::write(
        fleet.etc(1, "debvisor/bad.txt"),
        "10.0.0.0/8\nnot-an-address\n",
    )
    .unwrap();
    let (doc, code) = fleet.playbook(
        "bad.yml",
        r#"---
- hosts: node1
  gather_facts: false
  module_defaults:
    group/debvisor.node.all:
      debvisor_bin: "{{ debvisor_bin }}"
      config: "{{ debvisor_config }}"
  tasks:
    - name: bad address
      debvisor.node.dns_record:
        name: bad1
        address: 10.10.20.300
      ignore_errors: true
    - name: bad list
      debvisor.node.blocklist:
        sources: [/etc/debvisor/bad.txt]
        state: validated
      ignore_errors: true
"#,
        &[],
    );
    assert_eq!(code, 0, "ignore_errors: {doc:#}");
    let r = results(&doc, "node1");
    let (_, dns) = &r[0];
    assert_eq!(dns["failed"], true, "{dns:#}");
    let msg = dns["msg"].as_str().unwrap();
    assert!(
        msg.starts_with("dns-update: error:") && msg.contains("10.10.20.300"),
        "{msg}"
    );
    assert!(dns["rc"].as_i64().unwrap() > 1, "{dns:#}");
    let (_, bl) = &r[1];
    assert_eq!(bl["failed"], true, "{bl:#}");
    assert_eq!(bl["msg"], "blocklist: error: 1 invalid entry", "{bl:#}");
    assert_eq!(bl["rc"], 5, "{bl:#}");
    assert_eq!(
        bl["result"]["errors"][0]["entry"], "not-an-address",
        "{bl:#}"
    );
    assert_eq!(dig(&fleet.ip(1), &format!("bad1.{ZONE}"), "A"), "");

    // The shipped rolling play, serial: 1 (the upgrade step itself off: `debvisor upgrade` is
    // proven by tests/upgrade.rs, with its stand-ins for apt and reboot): one batch per node,
    // in inventory order, each leaving maintenance before the next one enters it.
    let rolling = common::repo()
        .join("packaging/ansible/ansible_collections/debvisor/node/playbooks/rolling-upgrade.yml");
    let (doc, code) = fleet.playbook_file(
        &rolling,
        &[
            "-e",
            "debvisor_upgrade=false",
            "-e",
            "{\"debvisor_health_checks\": [\"disk\"]}",
        ],
    );
    assert_eq!(code, 0, "{doc:#}");
    let batches: Vec<Vec<String>> = doc["plays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let mut hosts: Vec<String> = p["tasks"][0]["hosts"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            hosts.sort();
            hosts
        })
        .collect();
    assert_eq!(
        batches,
        vec![vec!["node1"], vec!["node2"], vec!["node3"]],
        "serial: 1"
    );
    for (i, h) in hosts.iter().enumerate() {
        let r = results(&doc, h);
        let on = &r.iter().find(|(t, _)| t == "Maintenance on").unwrap().1;
        let off = &r.iter().find(|(t, _)| t == "Maintenance off").unwrap().1;
        // Still in maintenance from the modules play: entering is unchanged, leaving changes.
        assert_eq!(on["changed"], false, "{h}: {on:#}");
        assert_eq!(off["changed"], true, "{h}: {off:#}");
        assert_eq!(off["result"]["state"], "none", "{h}: {off:#}");
        assert_eq!(maintenance_state(&fleet, i + 1), "none");
    }
}

/// A signed update with node C's client key file, sent to node S's server.
fn signed_update(fleet: &Fleet, client: usize, server: usize, n: u64) -> Result<(), String> {
    let mut child = fleet
        .cluster
        .exec(client)
        .args(["nsupdate", "-t", "5", "-k", "/etc/debvisor/dns-update.key"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let script = format!(
        "server {} 53\nzone {ZONE}\nupdate delete loop{client}.{ZONE} TXT\nupdate add loop{client}.{ZONE} 60 TXT \"n{n}\"\nsend\n",
        fleet.ip(server)
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "update {n} by node{client} via node{server}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
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
fn rotate_tsig_ha_rotates_every_server_while_signed_updates_keep_succeeding() {
    let Some(fleet) = Fleet::start("ansible::rotate_tsig_ha") else {
        return;
    };
    let fleet = Arc::new(fleet);
    let playbook = common::repo()
        .join("packaging/ansible/ansible_collections/debvisor/node/playbooks/rotate-tsig-ha.yml");
    let old = std::fs::read_to_string(fleet.etc(1, "debvisor/dns-update.key")).unwrap();
    let old_copy = fleet.path().join("old.key");
    std::fs::write(&old_copy, &old).unwrap();
    for c in 1..=3 {
        for s in 1..=3 {
            signed_update(&fleet, c, s, 0).unwrap();
        }
    }

    // --check changes nothing (only the first step runs, as a dry run).
    let (doc, code) = fleet.playbook_file(&playbook, &["--check"]);
    assert_eq!(code, 0, "{doc:#}");
    for i in 1..=3 {
        assert_eq!(
            key_names(&fleet.etc(i, "bind/debvisor-tsig.key")),
            vec![KEY]
        );
        assert_eq!(
            std::fs::read_to_string(fleet.etc(i, "debvisor/dns-update.key")).unwrap(),
            old
        );
        assert!(!fleet.varlib(i, "tsig-next.key").exists());
    }

    // The loop: every client through every server, until the rotation has finished.
    let stop = Arc::new(AtomicBool::new(false));
    let looper = {
        let (fleet, stop) = (fleet.clone(), stop.clone());
        std::thread::spawn(move || {
            let (mut ok, mut failed) = (0u64, Vec::new());
            let mut n = 1u64;
            while !stop.load(Ordering::SeqCst) {
                let (c, s) = (1 + (n % 3) as usize, 1 + ((n / 3) % 3) as usize);
                match signed_update(&fleet, c, s, n) {
                    Ok(()) => ok += 1,
                    Err(e) => failed.push(e),
                }
                n += 1;
            }
            (ok, failed)
        })
    };
    let started = Instant::now();
    let (doc, code) = fleet.playbook_file(&playbook, &[]);
    let took = started.elapsed();
    // A few more updates after the rotation, with the new keys.
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::SeqCst);
    let (ok, failed) = looper.join().unwrap();
    assert_eq!(code, 0, "{doc:#}");
    assert!(
        failed.is_empty(),
        "{} of {} updates failed during the rotation: {failed:#?}",
        failed.len(),
        ok + failed.len() as u64
    );
    assert!(ok >= 9, "only {ok} updates ran during a {took:?} rotation");
    eprintln!(
        "rotate-tsig-ha: {ok} signed updates succeeded, none failed, during a {took:?} rotation"
    );

    // Every server serves only the new key; every client holds it; the staged copies are gone.
    let new = std::fs::read_to_string(fleet.etc(1, "debvisor/dns-update.key")).unwrap();
    assert_ne!(new, old);
    for i in 1..=3 {
        assert_eq!(
            key_names(&fleet.etc(i, "bind/debvisor-tsig.key")),
            vec![format!("{KEY}-alt")]
        );
        assert_eq!(
            std::fs::read_to_string(fleet.etc(i, "debvisor/dns-update.key")).unwrap(),
            new
        );
        assert!(!fleet.varlib(i, "tsig-next.key").exists());
        for s in 1..=3 {
            signed_update(&fleet, i, s, 999).unwrap();
        }
    }
    // The old key is rejected by every server.
    for s in 1..=3 {
        let mut c = Command::new("nsupdate")
            .args(["-t", "5", "-k"])
            .arg(&old_copy)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        c.stdin
            .take()
            .unwrap()
            .write_all(
                format!(
                    "server {} 53\nzone {ZONE}\nupdate add old.{ZONE} 60 TXT x\nsend\n",
                    fleet.ip(s)
                )
                .as_bytes(),
            )
            .unwrap();
        assert!(
            !c.wait_with_output().unwrap().status.success(),
            "node{s} still accepts the old key"
        );
    }
    // Each step ran everywhere once; a re-run of a step is unchanged; no secret in any result.
    for h in ["node1", "node2", "node3"] {
        let r = results(&doc, h);
        let changed: Vec<&str> = r
            .iter()
            .filter(|(_, res)| res["changed"] == true)
            .map(|(t, _)| t.as_str())
            .collect();
        assert!(
            changed.iter().any(|t| t.contains("Client key")),
            "{h}: {changed:?}"
        );
    }
    let secret = new.split('"').nth(3).unwrap();
    assert!(!serde_json::to_string(&doc).unwrap().contains(secret));

    // Again: a second rotation back to the first slot, still no failed update.
    let (doc, code) = fleet.playbook_file(&playbook, &[]);
    assert_eq!(code, 0, "{doc:#}");
    for i in 1..=3 {
        assert_eq!(
            key_names(&fleet.etc(i, "bind/debvisor-tsig.key")),
            vec![KEY.to_string()]
        );
        for s in 1..=3 {
            signed_update(&fleet, i, s, 1000).unwrap();
        }
    }
}

/// `ansible-test sanity` on the collection, for every sanity test that runs without network:
/// the others (import, pep8, pylint, runtime-metadata, validate-modules, yamllint) make a venv
/// and bootstrap pip from ci-files.testing.ansible.com, which this machine cannot reach. Also:
/// ansible-doc renders every module's documentation, and every shipped playbook passes
/// `ansible-playbook --syntax-check` with the collection resolved.
#[test]
fn collection_passes_ansible_test_sanity_and_docs_render() {
    let test = "ansible::sanity";
    if !have_ansible(test) {
        return;
    }
    let root = common::repo().join("packaging/ansible");
    // ansible-test reads the file list from git when the collection is in a checkout, and the
    // Debian 13 tier sees the checkout without its git directory (a worktree's lives outside):
    // a copy under a temp ansible_collections/debvisor/node is the same files, unversioned.
    let tmp = tempfile::Builder::new()
        .prefix("dv-sanity.")
        .tempdir()
        .unwrap();
    let coll = tmp.path().join("ansible_collections/debvisor/node");
    copy_tree(&root.join("ansible_collections/debvisor/node"), &coll);
    // Sanity tests that build a venv and bootstrap pip from the network (not reachable here).
    const NEED_NETWORK: &[&str] = &[
        "ansible-doc",
        "import",
        "pep8",
        "pylint",
        "runtime-metadata",
        "validate-modules",
        "yamllint",
    ];
    if common::have("ansible-test") {
        // ansible-test wants an exact version: this machine's python3.
        let v = run(Command::new("python3")
            .args(["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]));
        let list = run(Command::new("ansible-test")
            .args(["sanity", "--list-tests"])
            .current_dir(&coll));
        let local: Vec<&str> = list
            .lines()
            .map(str::trim)
            .filter(|t| !t.is_empty() && !NEED_NETWORK.contains(t))
            .collect();
        assert!(local.len() >= 10, "{list}");
        let mut c = Command::new("ansible-test");
        c.args(["sanity", "--python", v.trim()]).current_dir(&coll);
        for t in &local {
            c.args(["--test", t]);
        }
        run(&mut c);
        eprintln!(
            "ansible-test sanity: {} tests passed: {}",
            local.len(),
            local.join(" ")
        );
    } else {
        common::skip(
            test,
            "ansible-test is not installed (Debian's ansible-core ships it)",
        );
    }
    for m in [
        "blocklist",
        "dns_record",
        "tsig_key",
        "vm_image",
        "cloudinit_seed",
        "health_facts",
    ] {
        let doc = run(Command::new("ansible-doc")
            .args(["-t", "module", &format!("debvisor.node.{m}")])
            .env("ANSIBLE_COLLECTIONS_PATH", &root));
        assert!(doc.contains("debvisor"), "{m}: {doc}");
    }
    for pb in std::fs::read_dir(coll.join("playbooks")).unwrap() {
        let pb = pb.unwrap().path();
        run(Command::new("ansible-playbook")
            .args(["--syntax-check", "-i", "localhost,"])
            .arg(&pb)
            .env("ANSIBLE_COLLECTIONS_PATH", &root));
    }
}

/// Copies the collection's files (not ansible-test's own output) for the sanity run.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if name == "output" || name == "__pycache__" {
            continue;
        }
        let (src, dst) = (e.path(), to.join(&name));
        if e.file_type().unwrap().is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}
