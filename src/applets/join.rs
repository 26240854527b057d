//! join: run ON a new node to join it to the cluster — Ceph OSDs on its blank disks with CRUSH
//! placement, Kubernetes (kubeadm join with a token fetched from a cluster node over ssh, then
//! labels and taints), and its registration in etcd.
//!
//! Preflight first (cluster node reachable over ssh, same toolbox version, clocks in sync,
//! monitors / API server / etcd reachable, membership). Every created thing is recorded in a
//! journal before it is created; a failure rolls back what this run created, in reverse order,
//! and says exactly what was (and was not) rolled back.

use crate::config::views::{CephView, EtcdView, K8sView};
use crate::journal::JsonJournal;
use std::collections::BTreeMap;
use std::net::{IpAddr, ToSocketAddrs, UdpSocket};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::Applet;
use crate::cluster::{ClusterConfig, NodeConfig};
use crate::context::Ctx;
use crate::error::{self, code, Error};
use crate::exec::{Exec, Secret};
use crate::model::disks::{Policy, Verdict};
use crate::model::join::{self as jm, Created, Journal};
use crate::tools::ceph::Ceph;
use crate::tools::etcdctl::{self, Etcdctl};
use crate::tools::kubectl::Kubectl;
use crate::tools::{ceph_daemon, ceph_volume, date, debvisor, kubeadm};

pub const APPLET: Applet = Applet {
    name: "join",
    bare_link: false,
    legacy: &[],
    section: 8,
    about: "Join this node to the cluster: Ceph OSDs and CRUSH placement, Kubernetes, etcd registration, with rollback",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("join")
        .arg(Arg::new("mode").long("mode").value_name("MODE").value_parser(["ceph", "k8s", "all"]).default_value("all").help("What to join: Ceph (OSDs + CRUSH), Kubernetes, or both (etcd registration always)"))
        .arg(Arg::new("cluster").long("cluster").value_name("NODE").required_unless_present_any(["rollback", "monitor-host"]).conflicts_with("monitor-host").help("A [[cluster.nodes]] node already in the cluster (reached over ssh for preflight and the join token)"))
        .arg(Arg::new("disk").long("disk").value_name("DEV").action(ArgAction::Append).help("Create OSDs on exactly these disks (each must pass the blank-disk survey) [default: every blank disk]"))
        .arg(Arg::new("node-name").long("node-name").value_name("NAME").help("This node's name in CRUSH, Kubernetes and etcd [default: [join] node_name, else the short hostname]"))
        .arg(Arg::new("check").long("check").action(ArgAction::SetTrue).help("Run the preflight checks only and say what a join would do"))
        .arg(Arg::new("force").long("force").action(ArgAction::SetTrue).help("Join even though this node is marked in maintenance (`debvisor maintenance status`)"))
        .arg(Arg::new("rollback").long("rollback").action(ArgAction::SetTrue).conflicts_with("check").help("Undo what an interrupted join recorded in its journal"))
        // The legacy debvisor-join.sh command line: CLUSTER_NAME [MONITOR_HOST] and its flags.
        .arg(Arg::new("cluster-name").value_name("CLUSTER_NAME").help("Legacy form: the cluster's name (labels the node debvisor.io/cluster=NAME)"))
        .arg(Arg::new("monitor-host").value_name("MONITOR_HOST").help("Legacy form: a [[cluster.nodes]] node of the cluster (same as --cluster)"))
        .arg(Arg::new("skip-ceph").long("skip-ceph").action(ArgAction::SetTrue).conflicts_with_all(["mode", "skip-k8s"]).help("Legacy: --mode k8s"))
        .arg(Arg::new("skip-k8s").long("skip-k8s").action(ArgAction::SetTrue).conflicts_with("mode").help("Legacy: --mode ceph"))
        .arg(Arg::new("force-disk").long("force-disk").action(ArgAction::SetTrue).help("Legacy: confirm the use of the selected disks (same as --yes)"))
        .arg(Arg::new("log-file").long("log-file").value_name("FILE").hide(true).help("Legacy, ignored: logs go to the journal/stderr, actions to the audit log"))
        .after_help(
            "Examples:\n  debvisor-join --mode all --cluster hv1 --dry-run\n  debvisor-join --mode ceph --cluster hv1 --disk /dev/sdb --yes\n  \
             debvisor-join --mode k8s --cluster hv1 --check\n  debvisor-join --rollback\n  \
             debvisor-join --dry-run --check production hv1     # the legacy form (CLUSTER_NAME MONITOR_HOST)",
        )
}

/// `[join]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct JoinConfig {
    node_name: Option<String>,
    fqdn: Option<String>,
    address: Option<String>,
    max_clock_skew_secs: f64,
    remote_debvisor: String,
    remote_kubeadm: String,
    kubeadm: String,
    ceph_volume: String,
    crush_root: String,
    token_ttl: String,
    labels: BTreeMap<String, String>,
    taints: Vec<String>,
    register_timeout_secs: u64,
    kubeadm_timeout_secs: u64,
    include_loop_disks: bool,
    disk_allowlist: Vec<String>,
    min_disk_gib: u64,
    root_mount: String,
    etcd: bool,
    etcd_prefix: String,
}

impl Default for JoinConfig {
    fn default() -> Self {
        JoinConfig {
            node_name: None,
            fqdn: None,
            address: None,
            max_clock_skew_secs: 1.0,
            remote_debvisor: "debvisor".into(),
            remote_kubeadm: "kubeadm".into(),
            kubeadm: "kubeadm".into(),
            ceph_volume: "ceph-volume".into(),
            crush_root: "default".into(),
            token_ttl: "30m".into(),
            labels: BTreeMap::new(),
            taints: Vec::new(),
            register_timeout_secs: 120,
            kubeadm_timeout_secs: 600,
            include_loop_disks: false,
            disk_allowlist: Vec::new(),
            min_disk_gib: 1,
            root_mount: "/".into(),
            etcd: true,
            etcd_prefix: "/debvisor/nodes".into(),
        }
    }
}

struct Joiner<'a> {
    ctx: &'a Ctx,
    exec: &'a Exec,
    cfg: JoinConfig,
    cluster_node: Option<NodeConfig>,
    /// Every configured node (a rollback reaches the node a token was created on by name).
    cluster: ClusterConfig,
    name: String,
    ceph_on: bool,
    k8s_on: bool,
    ceph: Ceph,
    kubectl: Kubectl,
    etcd: Option<Etcdctl>,
    journal: JsonJournal,
}

/// What preflight found.
#[derive(Debug, Default, Serialize)]
struct Preflight {
    version: String,
    clock_skew_secs: f64,
    ceph_member_osds: Option<Vec<u32>>,
    k8s_member: bool,
    etcd_member: bool,
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    if m.get_flag("force-disk") {
        ctx.flags.yes = true;
    }
    if m.get_one::<String>("log-file").is_some() {
        tracing::warn!("--log-file is ignored: logs go to the journal (or stderr), every action to the audit log");
    }
    let config = ctx.config()?;
    let mut cfg: JoinConfig = config.section("join")?;
    if let Some(name) = m.get_one::<String>("cluster-name") {
        let label = format!("debvisor.io/cluster={name}");
        if !jm::valid_label(&label) {
            return Err(error::usage(format!(
                "CLUSTER_NAME `{name}` is not a valid Kubernetes label value"
            )));
        }
        cfg.labels
            .insert("debvisor.io/cluster".into(), name.clone());
    }
    let cluster: ClusterConfig = config.section("cluster")?;
    let cv: CephView = config.section("ceph")?;
    let kv: K8sView = config.section("k8s")?;
    let ev: EtcdView = config.section("etcd")?;
    let general = ctx.general()?;
    for l in cfg.labels.iter().map(|(k, v)| format!("{k}={v}")) {
        if !jm::valid_label(&l) {
            return Err(error::config(format!("[join] labels: invalid label `{l}`")));
        }
    }
    for t in &cfg.taints {
        if !jm::valid_taint(t) {
            return Err(error::config(format!(
                "[join] taints: invalid taint `{t}` (key[=value]:NoSchedule|PreferNoSchedule|NoExecute)"
            )));
        }
    }
    let mode = if m.get_flag("skip-ceph") {
        "k8s"
    } else if m.get_flag("skip-k8s") {
        "ceph"
    } else {
        m.get_one::<String>("mode")
            .map(String::as_str)
            .unwrap_or("all")
    };
    let cluster_node = match m
        .get_one::<String>("cluster")
        .or(m.get_one::<String>("monitor-host"))
    {
        Some(c) => Some(cluster.find(c).ok_or_else(|| {
            error::config(format!(
                "unknown cluster node `{c}`: add it to [[cluster.nodes]] (name, address, ssh_user, …)"
            ))
        })?),
        None => None,
    };
    let name = match m
        .get_one::<String>("node-name")
        .cloned()
        .or(cfg.node_name.clone())
    {
        Some(n) => n,
        None => crate::cluster::local_node_name()
            .map_err(|e| error::precondition(format!("cannot read the hostname: {e}")))?,
    };
    if !jm::valid_node_name(&name) {
        return Err(error::invalid(format!(
            "node name `{name}` is not a valid CRUSH/Kubernetes name (a-z, 0-9, '-'; ≤ 63); pass --node-name"
        )));
    }
    // A node marked in maintenance takes no new work, joining included (undoing is allowed).
    if !m.get_flag("rollback") {
        super::maintenance::guard::refuse(
            ctx,
            &name,
            &format!("joining {name}"),
            m.get_flag("force"),
        )?;
    }
    let endpoints = ev
        .endpoints
        .clone()
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| vec![etcdctl::DEFAULT_ENDPOINT.to_string()]);
    let j = Joiner {
        ctx,
        exec: ctx.exec()?,
        ceph_on: mode != "k8s",
        k8s_on: mode != "ceph",
        ceph: Ceph::resolve(
            None,
            None,
            // Ceph::resolve applies flag > CEPH_CONF/CEPH_ARGS > [ceph] conf itself.
            cv.conf.clone(),
            cv.keyring.clone(),
            10,
        ),
        kubectl: Kubectl {
            kubeconfig: crate::config::resolve::kubeconfig(None, kv.kubeconfig.clone()),
            context: None,
            request_timeout: 10,
            deadline: 30,
            cache_dir: std::env::var_os("DEBVISOR_KUBECTL_CACHE_DIR").map(PathBuf::from),
        },
        etcd: cfg
            .etcd
            .then(|| Etcdctl::new(endpoints, Duration::from_secs(5))),
        cfg,
        cluster_node,
        cluster,
        name,
        journal: JsonJournal::new(general.state_dir.join("join/journal.json"), "join journal"),
    };
    let _lock = ctx.lock("join", Duration::from_secs(5))?;
    if m.get_flag("rollback") {
        return j.rollback_interrupted();
    }
    if let Some(old) = j.load_journal()?.filter(Journal::open) {
        return Err(error::precondition(format!(
            "an interrupted join ({}) left: {}; undo it with `debvisor join --rollback` first",
            old.id,
            describe_all(&old.created)
        )));
    }
    let pre = j.preflight()?;
    let cluster_name = j
        .cluster_node
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let do_ceph = j.ceph_on && pre.ceph_member_osds.is_none();
    let do_k8s = j.k8s_on && !pre.k8s_member;
    let do_etcd = j.etcd.is_some() && (!pre.etcd_member || do_ceph || do_k8s);
    if !do_ceph && !do_k8s && !do_etcd {
        let mut what = Vec::new();
        if let Some(ids) = &pre.ceph_member_osds {
            what.push(format!(
                "CRUSH host {} holds {}",
                j.name,
                ids.iter()
                    .map(|i| format!("osd.{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if j.k8s_on {
            what.push(format!("Kubernetes node {} exists", j.name));
        }
        if pre.etcd_member {
            what.push("registered in etcd".into());
        }
        println!(
            "{} is already a member of the cluster of {cluster_name} ({}): nothing to do",
            j.name,
            what.join("; ")
        );
        return Ok(code::OK);
    }
    // Disks first: a join that cannot create an OSD must not start.
    let disks = if do_ceph {
        j.choose_disks(m.get_many::<String>("disk").map(|d| d.cloned().collect()))?
    } else {
        Vec::new()
    };
    if m.get_flag("check") {
        println!(
            "preflight ok: {} → cluster of {cluster_name}; toolbox {}; clock skew {:+.3} s",
            j.name, pre.version, pre.clock_skew_secs
        );
        if do_ceph {
            for d in &disks {
                println!(
                    "would create an OSD on {} ({} TiB)",
                    d.path,
                    jm::crush_weight(d.size)
                );
            }
        }
        if do_k8s {
            println!("would join Kubernetes as {}", j.name);
        }
        if do_etcd {
            println!("would register {} in etcd", j.name);
        }
        return Ok(code::OK);
    }
    if do_ceph {
        ctx.confirm(&format!(
            "create Ceph OSDs on {} (their contents will be destroyed)",
            disks
                .iter()
                .map(|d| d.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
    }
    let mut journal = Journal {
        id: format!("join-{}", crate::clock::unix_now()),
        started: crate::clock::now_rfc3339(),
        node: j.name.clone(),
        cluster: cluster_name.clone(),
        mode: mode.to_string(),
        ..Default::default()
    };
    j.save(&journal)?;
    let result = (|| -> anyhow::Result<()> {
        if do_ceph {
            j.join_ceph(&mut journal, &disks)?;
        }
        // Registration data before Kubernetes; `joined_at` (the membership marker) last.
        if do_etcd {
            j.register_etcd(
                &mut journal,
                do_ceph || pre.ceph_member_osds.is_some(),
                false,
            )?;
        }
        if do_k8s {
            j.join_k8s(&mut journal)?;
        }
        if do_etcd {
            j.register_etcd(&mut journal, false, true)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let (rolled, left) = j.rollback(&mut journal);
        let mut msg = format!("join of {} failed: {e:#}", j.name);
        if rolled.is_empty() {
            msg.push_str("; nothing had been created");
        } else {
            msg.push_str(&format!("; rolled back: {}", rolled.join(", ")));
        }
        if !left.is_empty() {
            msg.push_str(&format!(
                "; NOT rolled back: {} (journal kept at {}; fix and run `debvisor join --rollback`)",
                left.join(", "),
                j.journal.path.display()
            ));
        }
        let _ = j.exec.audit_event(
            "join",
            &format!("join of {} failed and was rolled back", j.name),
            &serde_json::json!({"node": j.name, "error": format!("{e:#}"), "rolled_back": rolled, "left": left}),
        );
        return Err(Error::Partial(msg).into());
    }
    journal.finished = Some(crate::clock::now_rfc3339());
    j.save(&journal)?;
    let osds = journal.osd_ids();
    let summary = format!(
        "joined {} to the cluster of {cluster_name}: {}{}{}",
        j.name,
        if do_ceph {
            format!(
                "OSDs {} under CRUSH host {}",
                osds.iter()
                    .map(|i| format!("osd.{i}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                j.name
            )
        } else {
            "no new OSDs".into()
        },
        if do_k8s {
            format!("; Kubernetes node {}", j.name)
        } else {
            String::new()
        },
        if do_etcd { "; registered in etcd" } else { "" },
    );
    tracing::info!(node = %j.name, osds = ?osds, "{summary}");
    j.exec.audit_event(
        "join",
        &summary,
        &serde_json::json!({"node": j.name, "cluster": cluster_name, "osds": osds,
            "k8s_node": do_k8s.then(|| j.name.clone()), "created": journal.created}),
    )?;
    if !ctx.flags.quiet && !j.exec.is_dry_run() {
        println!("{summary}");
    }
    Ok(code::OK)
}

fn describe_all(c: &[Created]) -> String {
    c.iter()
        .map(Created::describe)
        .collect::<Vec<_>>()
        .join(", ")
}

fn now_f64() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

impl Joiner<'_> {
    fn load_journal(&self) -> anyhow::Result<Option<Journal>> {
        self.journal.load()
    }

    fn save(&self, j: &Journal) -> anyhow::Result<()> {
        self.journal.save(self.exec, j)
    }

    fn record(&self, j: &mut Journal, c: Created) -> anyhow::Result<()> {
        j.created.push(c);
        self.save(j)
    }

    fn cluster(&self) -> anyhow::Result<&NodeConfig> {
        self.cluster_node
            .as_ref()
            .ok_or_else(|| error::usage("--cluster NODE is required"))
    }

    fn preflight(&self) -> anyhow::Result<Preflight> {
        let cn = self.cluster()?;
        let node = cn.ssh();
        let mut p = Preflight::default();
        // 1. Reachable over ssh, and the same toolbox version.
        let out = self
            .exec
            .run(&debvisor::version(&self.cfg.remote_debvisor, &node))?;
        match out.code() {
            Some(0) => {}
            Some(255) => {
                return Err(error::precondition(format!(
                    "cluster node {} is unreachable over ssh: {}",
                    cn.name,
                    out.stderr.trim()
                )))
            }
            _ => {
                return Err(error::precondition(format!(
                    "cannot read the toolbox version on {} (`{} --version`: {}): is debvisor installed there?",
                    cn.name,
                    self.cfg.remote_debvisor,
                    out.stderr.trim()
                )))
            }
        }
        let theirs = jm::parse_version(&out.stdout).ok_or_else(|| {
            error::precondition(format!(
                "{}: unexpected `debvisor --version` output {:?}",
                cn.name,
                out.stdout.trim()
            ))
        })?;
        let ours = crate::cli::VERSION;
        if theirs != ours {
            return Err(error::precondition(format!(
                "toolbox version mismatch: this node runs debvisor {ours}, {} runs {theirs}; install the same version first",
                cn.name
            )));
        }
        p.version = theirs;
        // 2. Clocks: the remote time against the midpoint of our round trip.
        let before = now_f64();
        let out = self.exec.run(&date::epoch_nanos(&node))?;
        let after = now_f64();
        let skew = jm::clock_skew(before, &out.stdout, after).ok_or_else(|| {
            error::precondition(format!(
                "{}: unparsable `date +%s.%N` output {:?}",
                cn.name,
                out.stdout.trim()
            ))
        })?;
        if skew.abs() > self.cfg.max_clock_skew_secs {
            return Err(error::precondition(format!(
                "clock skew with {} is {skew:+.3} s (limit {} s, [join] max_clock_skew_secs; round trip {:.3} s): \
                 fix time synchronisation (chrony/systemd-timesyncd) first",
                cn.name,
                self.cfg.max_clock_skew_secs,
                after - before
            )));
        }
        p.clock_skew_secs = skew;
        // 3. Ceph monitors, and whether our host bucket already holds OSDs.
        if self.ceph_on {
            self.exec
                .run(&self.ceph.status())
                .map_err(|e| error::precondition(format!("Ceph monitors unreachable: {e:#}")))?;
            let ids = self.osds_under(&self.name)?;
            p.ceph_member_osds = (!ids.is_empty()).then_some(ids);
        }
        // 4. Kubernetes API server, and whether our node exists.
        if self.k8s_on {
            self.exec
                .run(
                    &self
                        .kubectl
                        .cmd(["get", "--raw", "/version"])
                        .read_only()
                        .what("the Kubernetes API server"),
                )
                .map_err(|e| error::precondition(format!("Kubernetes API unreachable: {e:#}")))?;
            p.k8s_member = self.k8s_node_exists()?;
        }
        // 5. etcd, and whether we are registered.
        if let Some(e) = &self.etcd {
            let out = self
                .exec
                .run(&e.get(&self.key("joined_at")))
                .map_err(|err| error::precondition(format!("etcd unreachable: {err:#}")))?;
            p.etcd_member = etcdctl::parse_value(&out.stdout).is_some();
        }
        Ok(p)
    }

    fn key(&self, leaf: &str) -> String {
        format!(
            "{}/{}/info/{leaf}",
            self.cfg.etcd_prefix.trim_end_matches('/'),
            self.name
        )
    }

    fn osds_under(&self, bucket: &str) -> anyhow::Result<Vec<u32>> {
        let out = self.exec.run(&self.ceph.osd_ls_tree(bucket))?;
        if !out.success() {
            if out.stderr.contains("does not exist") || out.code() == Some(2) {
                return Ok(Vec::new());
            }
            return Err(Error::CommandFailed {
                command: format!("ceph osd ls-tree {bucket}"),
                status: out.status,
                stderr: out.stderr,
            }
            .into());
        }
        Ok(serde_json::from_str(&out.stdout).unwrap_or_default())
    }

    fn k8s_node_exists(&self) -> anyhow::Result<bool> {
        let out = self.exec.run(
            &self
                .kubectl
                .cmd(["get", "node", &self.name, "-o", "name"])
                .read_only()
                .unchecked(),
        )?;
        if out.success() {
            return Ok(true);
        }
        if out.stderr.contains("NotFound") || out.stderr.contains("not found") {
            return Ok(false);
        }
        Err(Error::CommandFailed {
            command: format!("kubectl get node {}", self.name),
            status: out.status,
            stderr: out.stderr,
        }
        .into())
    }

    /// The disks to use: `--disk` (each must pass the survey) or every blank one.
    fn choose_disks(&self, explicit: Option<Vec<String>>) -> anyhow::Result<Vec<Verdict>> {
        let policy = Policy {
            include_loop: self.cfg.include_loop_disks,
            allow: (!self.cfg.disk_allowlist.is_empty()).then(|| self.cfg.disk_allowlist.clone()),
            min_size: self.cfg.min_disk_gib << 30,
            require_removable: false,
        };
        let verdicts =
            super::firstboot::storage::survey_disks(self.exec, &self.cfg.root_mount, &policy)?;
        let chosen: Vec<Verdict> = match explicit {
            Some(want) => {
                let mut v = Vec::new();
                for d in want {
                    match verdicts.iter().find(|x| x.path == d) {
                        Some(x) if x.usable => v.push(x.clone()),
                        Some(x) => {
                            return Err(error::precondition(format!(
                                "--disk {d} refused: {}",
                                x.reason
                            )))
                        }
                        None => {
                            return Err(error::precondition(format!(
                                "--disk {d}: no such disk (lsblk does not list it)"
                            )))
                        }
                    }
                }
                v
            }
            None => verdicts.iter().filter(|v| v.usable).cloned().collect(),
        };
        if chosen.is_empty() {
            let why: Vec<String> = verdicts
                .iter()
                .map(|v| format!("{}: {}", v.path, v.reason))
                .collect();
            return Err(error::precondition(format!(
                "no blank disk for a Ceph OSD ({})",
                if why.is_empty() {
                    "no disks found".into()
                } else {
                    why.join("; ")
                }
            )));
        }
        Ok(chosen)
    }

    fn join_ceph(&self, j: &mut Journal, disks: &[Verdict]) -> anyhow::Result<()> {
        let host = &self.name;
        let tree: serde_json::Value =
            serde_json::from_str(&self.exec.run(&self.ceph.query(&["osd", "tree"]))?.stdout)
                .unwrap_or_default();
        let existing = tree["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|n| n["name"].as_str() == Some(host));
        match existing.and_then(|n| n["type"].as_str()) {
            Some("host") => {}
            Some(other) => {
                return Err(error::precondition(format!(
                    "CRUSH already has a bucket named {host} of type {other}"
                )))
            }
            None => {
                self.record(j, Created::CrushBucket { name: host.clone() })?;
                self.exec.run(&self.ceph.crush_add_host(host))?;
                self.exec
                    .run(&self.ceph.crush_move_to_root(host, &self.cfg.crush_root))?;
            }
        }
        for d in disks {
            self.record(
                j,
                Created::Osd {
                    device: d.path.clone(),
                    id: None,
                },
            )?;
            let out = self
                .exec
                .run(&ceph_volume::lvm_create(&self.cfg.ceph_volume, &d.path))?;
            let id = jm::parse_ceph_volume_osd_id(&out.stdout, &out.stderr);
            let osd = match id {
                Some(id) => {
                    if let Some(Created::Osd { id: slot, .. }) = j.created.last_mut() {
                        *slot = Some(id);
                    }
                    self.save(j)?;
                    tracing::info!(osd = id, device = %d.path, "created OSD");
                    if !self.ctx.flags.quiet && !self.exec.is_dry_run() {
                        eprintln!("join: created osd.{id} on {}", d.path);
                    }
                    format!("osd.{id}")
                }
                None if self.exec.is_dry_run() => format!("osd.<new id on {}>", d.path),
                None => {
                    return Err(anyhow::anyhow!(
                        "ceph-volume reported success on {} but printed no OSD id",
                        d.path
                    ))
                }
            };
            self.exec.run(&self.ceph.crush_create_or_move(
                &osd,
                &jm::crush_weight(d.size),
                host,
            ))?;
        }
        Ok(())
    }

    fn join_k8s(&self, j: &mut Journal) -> anyhow::Result<()> {
        let cn = self.cluster()?;
        let out = self.exec.run(&kubeadm::token_create(
            &self.cfg.remote_kubeadm,
            &cn.ssh(),
            &self.cfg.token_ttl,
        ))?;
        let (config, token) = if self.exec.is_dry_run() {
            (String::new(), None)
        } else {
            let jc = jm::parse_join_command(&out.stdout).map_err(|e| {
                anyhow::anyhow!(
                    "unusable output of `kubeadm token create` on {}: {e}",
                    cn.name
                )
            })?;
            let token = Created::K8sToken {
                on: cn.name.clone(),
                id: jc.token_id().to_string(),
            };
            // Recorded first: a failed join revokes it with the rest (rollback).
            self.record(j, token.clone())?;
            (jm::join_configuration(&jc, &self.name), Some(token))
        };
        self.record(
            j,
            Created::K8sJoin {
                node: self.name.clone(),
            },
        )?;
        self.exec.run(&kubeadm::join(
            &self.cfg.kubeadm,
            Secret::new(config),
            self.cfg.kubeadm_timeout_secs,
        ))?;
        if !self.exec.is_dry_run() {
            let deadline = Instant::now() + Duration::from_secs(self.cfg.register_timeout_secs);
            while !self.k8s_node_exists()? {
                if Instant::now() >= deadline {
                    return Err(Error::Timeout {
                        secs: self.cfg.register_timeout_secs,
                        what: format!("Kubernetes node {} to register", self.name),
                    }
                    .into());
                }
                std::thread::sleep(Duration::from_secs(1));
            }
            if !self.ctx.flags.quiet {
                eprintln!("join: Kubernetes node {} registered", self.name);
            }
        }
        // The token served its purpose: revoke it now rather than leave it valid for its TTL.
        if let Some(t) = token {
            match self.undo(&t) {
                Ok(()) => {
                    j.created.retain(|c| *c != t);
                    self.save(j)?;
                }
                Err(e) => tracing::warn!(
                    "could not revoke {} ({e:#}); it expires after [join] token_ttl",
                    t.describe()
                ),
            }
        }
        if !self.cfg.labels.is_empty() {
            let mut args = vec!["label".to_string(), "node".into(), self.name.clone()];
            args.extend(self.cfg.labels.iter().map(|(k, v)| format!("{k}={v}")));
            args.push("--overwrite".into());
            self.exec.run(
                &self
                    .kubectl
                    .cmd(args)
                    .what(format!("labelling node {}", self.name)),
            )?;
        }
        if !self.cfg.taints.is_empty() {
            let mut args = vec!["taint".to_string(), "node".into(), self.name.clone()];
            args.extend(self.cfg.taints.iter().cloned());
            args.push("--overwrite".into());
            self.exec.run(
                &self
                    .kubectl
                    .cmd(args)
                    .what(format!("tainting node {}", self.name)),
            )?;
        }
        Ok(())
    }

    /// Writes fqdn/address/roles (`marker == false`) or `joined_at` (`marker == true`).
    fn register_etcd(&self, j: &mut Journal, ceph_role: bool, marker: bool) -> anyhow::Result<()> {
        let Some(e) = &self.etcd else {
            return Ok(());
        };
        let cn = self.cluster()?;
        let get = |leaf: &str| -> anyhow::Result<Option<String>> {
            Ok(etcdctl::parse_value(
                &self.exec.run(&e.get(&self.key(leaf)))?.stdout,
            ))
        };
        if marker {
            let key = self.key("joined_at");
            let previous = get("joined_at")?;
            self.record(
                j,
                Created::EtcdKey {
                    key: key.clone(),
                    previous,
                },
            )?;
            self.exec.run(&e.put(&key, &crate::clock::now_rfc3339()))?;
            return Ok(());
        }
        let fqdn = match &self.cfg.fqdn {
            Some(f) => f.clone(),
            None => nix::unistd::gethostname()
                .map(|h| h.to_string_lossy().into_owned())
                .unwrap_or_else(|_| self.name.clone()),
        };
        let address = match &self.cfg.address {
            Some(a) => a.clone(),
            None => route_source(cn.address.as_deref().unwrap_or(&cn.name))?,
        };
        let get = |leaf: &str| -> anyhow::Result<Option<String>> {
            Ok(etcdctl::parse_value(
                &self.exec.run(&e.get(&self.key(leaf)))?.stdout,
            ))
        };
        // Roles accumulate: joining Kubernetes later keeps the "ceph" role.
        let old_roles = get("roles")?;
        let mut roles: Vec<String> = old_roles
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect();
        if ceph_role || self.ceph_on {
            roles.push("ceph".into());
        }
        if self.k8s_on {
            roles.push("k8s".into());
        }
        roles.sort();
        roles.dedup();
        let values = [
            ("fqdn", fqdn),
            ("address", address),
            ("roles", roles.join(",")),
        ];
        for (leaf, value) in values {
            let key = self.key(leaf);
            let previous = if leaf == "roles" {
                old_roles.clone()
            } else {
                get(leaf)?
            };
            if previous.as_deref() == Some(value.as_str()) {
                continue;
            }
            self.record(
                j,
                Created::EtcdKey {
                    key: key.clone(),
                    previous,
                },
            )?;
            self.exec.run(&e.put(&key, &value))?;
        }
        Ok(())
    }

    /// Undoes `j.created` in reverse order. Returns (rolled back, left); the journal keeps only
    /// what could not be undone.
    fn rollback(&self, j: &mut Journal) -> (Vec<String>, Vec<String>) {
        let mut rolled = Vec::new();
        let mut left_items = Vec::new();
        let mut left = Vec::new();
        for c in j.created.clone().into_iter().rev() {
            match self.undo(&c) {
                Ok(()) => {
                    tracing::info!(item = %c.describe(), "rolled back");
                    rolled.push(c.describe());
                }
                Err(e) => {
                    left.push(format!("{} ({e:#})", c.describe()));
                    left_items.insert(0, c);
                }
            }
        }
        j.created = left_items;
        j.rolled_back = Some(crate::clock::now_rfc3339());
        let _ = self.save(j);
        (rolled, left)
    }

    fn undo(&self, c: &Created) -> anyhow::Result<()> {
        match c {
            Created::EtcdKey { key, previous } => {
                let e = self
                    .etcd
                    .as_ref()
                    .ok_or_else(|| anyhow::anyhow!("etcd is disabled in [join]"))?;
                match previous {
                    Some(v) => self.exec.run(&e.put(key, v))?,
                    None => self.exec.run(&e.del(key))?,
                };
            }
            Created::K8sToken { on, id } => {
                let cn = self
                    .cluster
                    .find(on)
                    .ok_or_else(|| anyhow::anyhow!("{on} is no longer in [[cluster.nodes]]"))?;
                self.exec.run(&kubeadm::token_delete(
                    &self.cfg.remote_kubeadm,
                    &cn.ssh(),
                    id,
                ))?;
            }
            Created::K8sJoin { node } => {
                self.exec.run(&kubeadm::reset(&self.cfg.kubeadm))?;
                self.exec.run(
                    &self
                        .kubectl
                        .cmd(["delete", "node", node, "--ignore-not-found"])
                        .what(format!("deleting Kubernetes node {node}")),
                )?;
            }
            Created::CrushBucket { name } => {
                let inside = self.osds_under(name)?;
                if !inside.is_empty() {
                    anyhow::bail!(
                        "not empty: {}",
                        inside
                            .iter()
                            .map(|i| format!("osd.{i}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                self.exec.run(&self.ceph.crush_rm(name))?;
            }
            Created::Osd { device, id } => {
                if let Some(id) = id {
                    // ceph-volume started the daemon; purge needs it down.
                    self.exec
                        .run(&ceph_daemon::systemd_stop("osd", &id.to_string()))?;
                    self.exec.run(&self.ceph.osd_out(*id))?;
                    self.exec.run(&self.ceph.osd_purge(*id))?;
                }
                self.exec
                    .run(&ceph_volume::lvm_zap(&self.cfg.ceph_volume, device))?;
                if id.is_none() {
                    anyhow::bail!(
                        "{device} wiped, but the OSD id is unknown: look for a new down OSD in `ceph osd tree` and purge it"
                    );
                }
            }
        }
        Ok(())
    }

    fn rollback_interrupted(&self) -> anyhow::Result<i32> {
        let Some(mut j) = self
            .load_journal()?
            .filter(|j| !j.created.is_empty() && j.finished.is_none())
        else {
            println!(
                "no interrupted join to roll back ({})",
                self.journal.path.display()
            );
            return Ok(code::OK);
        };
        let (rolled, left) = self.rollback(&mut j);
        println!(
            "rolled back: {}",
            if rolled.is_empty() {
                "nothing".into()
            } else {
                rolled.join(", ")
            }
        );
        if !left.is_empty() {
            return Err(Error::Partial(format!("NOT rolled back: {}", left.join(", "))).into());
        }
        Ok(code::OK)
    }
}

/// The local IPv4/IPv6 address the kernel uses to reach `host` (a UDP "connect" sends nothing).
fn route_source(host: &str) -> anyhow::Result<String> {
    let err = |e: String| {
        error::precondition(format!(
            "cannot find this node's address towards {host}: {e}; set [join] address"
        ))
    };
    let target: IpAddr = match host.parse() {
        Ok(ip) => ip,
        Err(_) => (host, 22)
            .to_socket_addrs()
            .map_err(|e| err(e.to_string()))?
            .next()
            .ok_or_else(|| err("no address".into()))?
            .ip(),
    };
    let bind: IpAddr = if target.is_ipv4() {
        std::net::Ipv4Addr::UNSPECIFIED.into()
    } else {
        std::net::Ipv6Addr::UNSPECIFIED.into()
    };
    let sock = UdpSocket::bind((bind, 0)).map_err(|e| err(e.to_string()))?;
    sock.connect((target, 53)).map_err(|e| err(e.to_string()))?;
    Ok(sock
        .local_addr()
        .map_err(|e| err(e.to_string()))?
        .ip()
        .to_string())
}
