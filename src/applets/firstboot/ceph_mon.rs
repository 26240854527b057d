//! The storage phase's Ceph bootstrap: on a node with no cluster, the cluster's FIRST monitor and
//! manager, the way scripts/ceph-start does it by hand: fsid, ceph.conf,
//! keyrings (mon., client.admin, client.bootstrap-osd; keys generated in-process and written
//! 0600, never on argv), `monmaptool --create`, `ceph-mon --mkfs`, start the mon, wait for
//! quorum, `ceph auth get-or-create mgr.ID` (keyring captured from stdout and written 0600),
//! start the mgr, wait until it is available.
//!
//! Done-state comes from the system: a mon data dir with `store.db` means mkfs ran; ceph.conf is
//! written only after a successful mkfs (staged under DATA/tmp until then), so "ceph.conf exists
//! but this node has no mon data" means the cluster lives elsewhere (OSDs only, as before);
//! `ceph mon stat` / `ceph mgr stat` tell whether the daemons must be (re)started.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::Run;
use crate::error;
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::ceph_bootstrap as cb;
use crate::tools::ceph::Ceph;
use crate::tools::ceph_daemon;

/// How the monitor and manager are run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Daemons {
    /// `systemctl enable --now ceph-mon@ID` / `ceph-mgr@ID` (daemons as user `ceph_user`).
    Systemd,
    /// Detached `ceph-mon -f` / `ceph-mgr -f` processes whose PIDs go to RUN_DIR (no init system:
    /// containers, tests).
    Direct,
}

/// Where everything lives.
pub struct Layout {
    pub conf: PathBuf,
    pub admin_keyring: PathBuf,
    pub bootstrap_osd_keyring: PathBuf,
    pub mon_id: String,
    pub mon_data: PathBuf,
    pub mgr_data: PathBuf,
    pub staging: PathBuf,
    conf_dir: PathBuf,
    data_dir: PathBuf,
    run_dir: PathBuf,
    log_dir: PathBuf,
}

impl Layout {
    pub fn new(run: &Run) -> anyhow::Result<Layout> {
        let c = run.cfg;
        let short = run.hostname.split('.').next().unwrap_or("").to_string();
        let mon_id = c.ceph_mon_id.clone().unwrap_or(short);
        if !cb::valid_daemon_id(&mon_id) {
            return Err(error::config(format!(
                "[firstboot] ceph_mon_id: `{}` is not a valid monitor id (letters, digits, - and _); set ceph_mon_id",
                mon_id.escape_debug()
            )));
        }
        let data = c.ceph_data_dir.clone();
        // The packaged units (ceph-mon@, ceph-mgr@) only know Ceph's default paths.
        if c.ceph_daemons == Daemons::Systemd
            && (c.ceph_conf_dir != Path::new("/etc/ceph") || data != Path::new("/var/lib/ceph"))
        {
            return Err(error::config(
                "[firstboot] ceph_daemons = \"systemd\" needs ceph_conf_dir = \"/etc/ceph\" and ceph_data_dir = \"/var/lib/ceph\" \
                 (the ceph-mon@/ceph-mgr@ units read those); use ceph_daemons = \"direct\" for another layout",
            ));
        }
        Ok(Layout {
            conf: c.ceph_conf_dir.join("ceph.conf"),
            admin_keyring: c.ceph_conf_dir.join("ceph.client.admin.keyring"),
            bootstrap_osd_keyring: data.join("bootstrap-osd/ceph.keyring"),
            mon_data: data.join(format!("mon/ceph-{mon_id}")),
            mgr_data: data.join(format!("mgr/ceph-{mon_id}")),
            staging: data.join("tmp/debvisor-bootstrap"),
            mon_id,
            conf_dir: c.ceph_conf_dir.clone(),
            data_dir: data,
            run_dir: c.ceph_run_dir.clone(),
            log_dir: c.ceph_log_dir.clone(),
        })
    }

    /// The admin client of the bootstrapped cluster.
    pub fn client(&self) -> Ceph {
        Ceph {
            conf: Some(self.conf.clone()),
            keyring: Some(self.admin_keyring.clone()),
            connect_timeout: 5,
        }
    }

    /// Where the daemon logs (`log file = LOG/$cluster-$name.log` in the rendered conf).
    fn log_file(&self, kind: &str) -> PathBuf {
        self.log_dir
            .join(format!("ceph-{kind}.{}.log", self.mon_id))
    }

    fn pid_file(&self, kind: &str) -> PathBuf {
        self.run_dir
            .join(format!("debvisor-ceph-{kind}.{}.pid", self.mon_id))
    }
}

/// What [`ensure_first_mon`] found or did.
pub enum MonOutcome {
    /// ceph.conf exists and this node holds no monitor: the cluster lives elsewhere.
    Elsewhere,
    /// Monitor in quorum and a manager available; nothing changed.
    Done,
    /// What was done (or, under --dry-run, planned).
    Applied(Vec<String>),
}

/// (uid, gid, name) of the daemon user under systemd; None for direct daemons or `ceph_user = ""`.
fn owner(run: &Run) -> anyhow::Result<Option<(u32, u32, String)>> {
    if run.cfg.ceph_daemons != Daemons::Systemd || run.cfg.ceph_user.is_empty() {
        return Ok(None);
    }
    let name = &run.cfg.ceph_user;
    match nix::unistd::User::from_name(name) {
        Ok(Some(u)) => Ok(Some((u.uid.as_raw(), u.gid.as_raw(), name.clone()))),
        _ => Err(error::precondition(format!(
            "user `{name}` does not exist: install ceph-mon and ceph-mgr (they create it) or set [firstboot] ceph_user"
        ))),
    }
}

fn new_key() -> anyhow::Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("the system random source failed: {e}"))?;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as u32)
        .unwrap_or(0);
    Ok(cb::encode_key(&b, secs))
}

/// The `key = …` of the first entity in a keyring file.
fn key_in(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|l| {
        let (k, v) = l.trim().split_once('=')?;
        (k.trim() == "key").then(|| v.trim().to_string())
    })
}

/// The key of an existing keyring file, or a new keyring written 0600 with a fresh key.
fn ensure_keyring(
    exec: &Exec,
    path: &Path,
    entity: &str,
    caps: &[(&str, &str)],
) -> anyhow::Result<String> {
    if let Some(k) = key_in(path) {
        return Ok(k);
    }
    let key = new_key()?;
    if let Some(dir) = path.parent() {
        exec.create_dir_all(dir, 0o755)?;
    }
    let text = cb::render_keyring(&[cb::KeyringEntry {
        name: entity,
        key: &key,
        caps,
    }]);
    exec.write_file(path, text.as_bytes(), FileSpec::PRIVATE)?;
    Ok(key)
}

const ADMIN_CAPS: &[(&str, &str)] = &[
    ("mds", "allow *"),
    ("mgr", "allow *"),
    ("mon", "allow *"),
    ("osd", "allow *"),
];
const BOOTSTRAP_OSD_CAPS: &[(&str, &str)] = &[("mgr", "allow r"), ("mon", "profile bootstrap-osd")];

/// The monitor's address and public network: configured, else the primary address.
fn addresses(run: &Run) -> anyhow::Result<(IpAddr, String)> {
    let c = run.cfg;
    let configured_ip = match &c.ceph_mon_ip {
        Some(s) => Some(s.parse::<IpAddr>().map_err(|_| {
            error::config(format!(
                "[firstboot] ceph_mon_ip: `{s}` is not an IP address"
            ))
        })?),
        None => None,
    };
    if let (Some(ip), Some(net)) = (configured_ip, &c.ceph_public_network) {
        return Ok((ip, net.clone()));
    }
    let (links, routes) = super::network::links_and_routes(run.exec)?;
    let primary = cb::primary_address(&links, &routes);
    let ip = match (configured_ip, primary) {
        (Some(ip), _) => ip,
        (None, Some((ip, _))) => ip,
        (None, None) => {
            return Err(error::precondition(
                "no default route, so no primary address for the Ceph monitor: set [firstboot] ceph_mon_ip and ceph_public_network",
            ))
        }
    };
    let net = match &c.ceph_public_network {
        Some(n) => n.clone(),
        None => {
            // The network of the configured/primary address as the link carries it.
            let prefix = links
                .iter()
                .flat_map(|l| l.addr_info.iter())
                .find(|a| a.local.parse::<IpAddr>().ok() == Some(ip))
                .map(|a| a.prefixlen);
            match prefix.and_then(|p| cb::network_of(ip, p)) {
                Some(n) => n,
                None => {
                    return Err(error::precondition(format!(
                        "{ip} is not an address of this node: set [firstboot] ceph_public_network"
                    )))
                }
            }
        }
    };
    Ok((ip, net))
}

/// Whether a daemon we started directly still runs (its PID file names a live `ceph-KIND`
/// process reading our conf — guards against PID reuse).
fn direct_running(l: &Layout, kind: &str) -> Option<u32> {
    let pid: u32 = std::fs::read_to_string(l.pid_file(kind))
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let argv = crate::tools::procfs::proc_cmdline(pid)?;
    let ok = argv
        .first()
        .is_some_and(|a| a.ends_with(&format!("ceph-{kind}")))
        && argv.iter().any(|a| Path::new(a) == l.conf);
    ok.then_some(pid)
}

/// Starts the mon or mgr (unless a direct one still runs). Returns what it did.
fn start(
    run: &Run,
    l: &Layout,
    kind: &str,
    mgr_pythonpath: Option<&Path>,
) -> anyhow::Result<String> {
    let exec = run.exec;
    match run.cfg.ceph_daemons {
        Daemons::Systemd => {
            exec.run(&ceph_daemon::systemd_enable(kind, &l.mon_id))?;
            Ok(format!("started ceph-{kind}@{} (systemd)", l.mon_id))
        }
        Daemons::Direct => {
            if let Some(pid) = direct_running(l, kind) {
                return Ok(format!("{kind}.{} already running (pid {pid})", l.mon_id));
            }
            exec.create_dir_all(&l.run_dir, 0o750)?;
            // From / as under systemd: Ceph 18's built-in osd_class_dir is a relative path.
            let mut cmd = ceph_daemon::foreground(kind, &l.conf, &l.mon_id).cwd("/");
            if let (true, Some(dir)) = (kind == "mgr", mgr_pythonpath) {
                cmd = cmd.env("PYTHONPATH", dir);
            }
            let pid = exec.spawn_daemon(&cmd)?;
            if let Some(pid) = pid {
                exec.write_file(
                    &l.pid_file(kind),
                    pid.to_string().as_bytes(),
                    FileSpec::PUBLIC,
                )?;
            }
            Ok(format!(
                "started {kind}.{}{}",
                l.mon_id,
                pid.map(|p| format!(" (pid {p})")).unwrap_or_default()
            ))
        }
    }
}

/// ceph-mon exits at once when its data filesystem is too full, and its log often loses that
/// last line (the daemon exits before its log thread flushes), so the rule is checked here first
/// with the monitor's own threshold: the operator gets the figures and the fix, not a dead mon.
fn check_mon_space(exec: &Exec, l: &Layout) -> anyhow::Result<()> {
    let option = "mon_data_avail_crit";
    let out = exec.run(&ceph_daemon::show_config_value(
        "mon", &l.conf, &l.mon_id, option,
    ))?;
    let Ok(crit) = out.stdout.trim().parse::<u64>() else {
        return Err(error::precondition(format!(
            "ceph-mon printed `{}` for {option}, not a percentage",
            out.stdout.trim()
        )));
    };
    // The data dir exists after mkfs; statvfs its nearest existing ancestor otherwise.
    let Some(dir) = l.mon_data.ancestors().find(|d| d.exists()) else {
        return Ok(());
    };
    let space = crate::tools::fs_space::of(dir)
        .map_err(|e| anyhow::anyhow!("cannot read the free space of {}: {e}", dir.display()))?;
    match cb::mon_would_refuse_space(space.avail, space.total, crit) {
        None => Ok(()),
        Some(percent) => Err(error::precondition(format!(
            "{} has {percent}% ({} MiB) available, at or below {option} = {crit}%: ceph-mon would refuse to start; \
             free space there, or lower `mon data avail crit` in {}",
            dir.display(),
            space.avail >> 20,
            l.conf.display()
        ))),
    }
}

/// Polls `check` every half second until it holds, the daemon dies (direct) or time runs out.
fn wait_for(
    run: &Run,
    l: &Layout,
    kind: &str,
    what: &str,
    mut check: impl FnMut() -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(run.cfg.ceph_wait_secs);
    loop {
        if check()? {
            return Ok(());
        }
        if run.cfg.ceph_daemons == Daemons::Direct && direct_running(l, kind).is_none() {
            // The daemon's own last word says why (disk space, bind failure, bad keyring):
            // an operator should not have to open the log to learn it.
            let log = l.log_file(kind);
            let why = std::fs::read_to_string(&log)
                .ok()
                .and_then(|text| cb::last_daemon_error(&text))
                .map(|e| format!(": {e}"))
                .unwrap_or_default();
            return Err(error::precondition(format!(
                "{kind}.{} exited before {what}{why} (log: {})",
                l.mon_id,
                log.display()
            )));
        }
        if Instant::now() >= deadline {
            return Err(timeout(what, run.cfg.ceph_wait_secs, kind, l));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn timeout(what: &str, secs: u64, kind: &str, l: &Layout) -> anyhow::Error {
    crate::error::Error::Timeout {
        what: format!("{what} (log: {})", l.log_file(kind).display()),
        secs,
    }
    .into()
}

fn mon_in_quorum(exec: &Exec, ceph: &Ceph, id: &str) -> anyhow::Result<bool> {
    let out = exec.run(&ceph.query(&["mon", "stat"]).unchecked())?;
    Ok(
        out.success()
            && cb::parse_stat::<cb::MonStat>(&out.stdout).is_some_and(|s| s.in_quorum(id)),
    )
}

fn mgr_available(exec: &Exec, ceph: &Ceph) -> anyhow::Result<bool> {
    let out = exec.run(&ceph.query(&["mgr", "stat"]).unchecked())?;
    Ok(out.success() && cb::parse_stat::<cb::MgrStat>(&out.stdout).is_some_and(|s| s.available))
}

/// Makes sure this node runs the cluster's first monitor and a manager when no cluster exists
/// (see the module doc for how each step's done-state is detected).
pub fn ensure_first_mon(run: &Run) -> anyhow::Result<MonOutcome> {
    let exec = run.exec;
    let l = Layout::new(run)?;
    let mon_made = l.mon_data.join("store.db").exists();
    let conf_exists = l.conf.exists();
    if conf_exists && !mon_made {
        let ours = std::fs::read_to_string(&l.conf).is_ok_and(|t| t.starts_with(cb::CONF_HEADER));
        if ours {
            return Err(error::precondition(format!(
                "{} was written by firstboot for mon.{} but its data {} is missing: restore it, or move {} away to bootstrap a new cluster",
                l.conf.display(),
                l.mon_id,
                l.mon_data.display(),
                l.conf.display()
            )));
        }
        return Ok(MonOutcome::Elsewhere);
    }
    if !conf_exists && !mon_made && !run.cfg.ceph_bootstrap {
        return Err(error::precondition(format!(
            "no {}: this node has no Ceph cluster, and [firstboot] ceph_bootstrap = false forbids creating one here; \
             join the existing cluster with `debvisor join --mode ceph`",
            l.conf.display()
        )));
    }
    let owner = owner(run)?;
    let chown = |p: &Path| -> anyhow::Result<()> {
        if let Some((u, g, _)) = &owner {
            exec.chown(p, Some(*u), Some(*g))?;
        }
        Ok(())
    };
    let mut did = Vec::new();
    // The whole plan is printed under --dry-run; nothing exists to query then.
    let fresh_plan = exec.is_dry_run() && !conf_exists;

    if !conf_exists {
        let staged_conf = l.staging.join("ceph.conf");
        let conf_text = if mon_made {
            // mkfs ran, ceph.conf was not written yet (an interrupted run): finish from the stage.
            std::fs::read_to_string(&staged_conf).map_err(|_| {
                error::precondition(format!(
                    "{} exists but neither {} nor its staged copy {}: move the mon data away to bootstrap again",
                    l.mon_data.display(),
                    l.conf.display(),
                    staged_conf.display()
                ))
            })?
        } else {
            if std::fs::read_dir(&l.mon_data).is_ok_and(|mut d| d.next().is_some()) {
                return Err(error::precondition(format!(
                    "{} is not empty but holds no monitor store (store.db): move it away to bootstrap the monitor",
                    l.mon_data.display()
                )));
            }
            let (ip, net) = addresses(run)?;
            let fsid = match std::fs::read_to_string(&staged_conf)
                .ok()
                .and_then(|t| cb::conf_fsid(&t))
            {
                Some(f) => f,
                None => {
                    let mut b = [0u8; 16];
                    getrandom::fill(&mut b)
                        .map_err(|e| anyhow::anyhow!("the system random source failed: {e}"))?;
                    cb::uuid_v4(b)
                }
            };
            let host = cb::mon_addrvec(ip, run.cfg.ceph_mon_port_v2, run.cfg.ceph_mon_port_v1);
            let s = |p: &Path| p.display().to_string();
            let conf_rendered = cb::render_conf(&cb::ConfParams {
                fsid: &fsid,
                mon_id: &l.mon_id,
                mon_host: &host,
                public_network: &net,
                conf_dir: &s(&l.conf_dir),
                data_dir: &s(&l.data_dir),
                run_dir: &s(&l.run_dir),
                log_dir: &s(&l.log_dir),
                extra: &run.cfg.ceph_extra_conf,
            });
            exec.create_dir_all(&l.conf_dir, 0o755)?;
            exec.create_dir_all(&l.staging, 0o700)?;
            for d in [&l.run_dir, &l.log_dir, &l.data_dir.join("crash")] {
                exec.create_dir_all(d, 0o750)?;
                chown(d)?;
            }
            exec.write_file_if_changed(&staged_conf, conf_rendered.as_bytes(), FileSpec::PUBLIC)?;
            let admin = ensure_keyring(exec, &l.admin_keyring, "client.admin", ADMIN_CAPS)?;
            let bootstrap = ensure_keyring(
                exec,
                &l.bootstrap_osd_keyring,
                "client.bootstrap-osd",
                BOOTSTRAP_OSD_CAPS,
            )?;
            // The monitor's own keyring, with the admin and bootstrap-osd keys it must know.
            let mon_keyring = l.staging.join("ceph.mon.keyring");
            let mon_key = new_key()?;
            let text = cb::render_keyring(&[
                cb::KeyringEntry {
                    name: "mon.",
                    key: &mon_key,
                    caps: &[("mon", "allow *")],
                },
                cb::KeyringEntry {
                    name: "client.admin",
                    key: &admin,
                    caps: ADMIN_CAPS,
                },
                cb::KeyringEntry {
                    name: "client.bootstrap-osd",
                    key: &bootstrap,
                    caps: BOOTSTRAP_OSD_CAPS,
                },
            ]);
            exec.write_file(&mon_keyring, text.as_bytes(), FileSpec::PRIVATE)?;
            chown(&mon_keyring)?;
            let monmap = l.staging.join("monmap");
            exec.run(&ceph_daemon::monmap_create(
                &monmap, &l.mon_id, &host, &fsid,
            ))?;
            chown(&monmap)?;
            exec.create_dir_all(&l.mon_data, 0o750)?;
            chown(&l.mon_data)?;
            exec.run(&ceph_daemon::mon_mkfs(
                &staged_conf,
                &l.mon_id,
                &monmap,
                &mon_keyring,
                owner.as_ref().map(|o| o.2.as_str()),
            ))?;
            did.push(format!(
                "bootstrapped cluster {fsid}: mon.{} at {host}, public network {net}",
                l.mon_id
            ));
            conf_rendered
        };
        // Only now, after a successful mkfs, does the cluster "exist" for later runs.
        exec.write_file(&l.conf, conf_text.as_bytes(), FileSpec::mode(0o644))?;
        for f in ["ceph.mon.keyring", "monmap", "ceph.conf"] {
            let p = l.staging.join(f);
            if p.exists() {
                exec.remove_file(&p)?;
            }
        }
        if mon_made {
            did.push(format!(
                "finished the interrupted bootstrap: wrote {}",
                l.conf.display()
            ));
        }
    }

    let ceph = l.client();
    // Monitor: started when its process is not running here (the cluster map alone lags: a
    // dead mgr stays "available" for the beacon grace), then quorum awaited.
    if fresh_plan || !local_running(run, &l, "mon")? {
        if !fresh_plan {
            check_mon_space(exec, &l)?;
        }
        did.push(start(run, &l, "mon", None)?);
    }
    if !exec.is_dry_run() {
        wait_for(
            run,
            &l,
            "mon",
            &format!("mon.{} in quorum", l.mon_id),
            || mon_in_quorum(exec, &ceph, &l.mon_id),
        )?;
    }
    // Manager: its key (from the monitor), its process, then "available".
    let keyring = l.mgr_data.join("keyring");
    if key_in(&keyring).is_none() {
        exec.create_dir_all(&l.mgr_data, 0o750)?;
        chown(&l.mgr_data)?;
        let out = exec.run(
            &ceph
                .change(&[
                    "auth",
                    "get-or-create",
                    &format!("mgr.{}", l.mon_id),
                    "mon",
                    "allow profile mgr",
                    "osd",
                    "allow *",
                    "mds",
                    "allow *",
                ])
                .what(format!("creating the key of mgr.{}", l.mon_id)),
        )?;
        // stdout is the keyring itself: straight into a 0600 file, never logged.
        if !exec.is_dry_run() && !out.stdout.contains("key = ") {
            return Err(error::precondition(format!(
                "`ceph auth get-or-create mgr.{}` printed no keyring",
                l.mon_id
            )));
        }
        exec.write_file(&keyring, out.stdout.as_bytes(), FileSpec::PRIVATE)?;
        chown(&keyring)?;
        did.push(format!("created the key of mgr.{}", l.mon_id));
    }
    // Debian 13: ceph-mgr 18.2 cannot load its modules with the PyO3 python3-bcrypt; the
    // compatibility module goes in before the manager starts (crate::ceph_mgr_compat).
    let compat = mgr_compat(run)?;
    if let Some((_, Some(m))) = &compat {
        did.push(m.clone());
    }
    let pythonpath = compat.as_ref().map(|(p, _)| p.as_path());
    let running = !fresh_plan && local_running(run, &l, "mgr")?;
    if !running {
        did.push(start(run, &l, "mgr", pythonpath)?);
    } else if matches!(&compat, Some((_, Some(_)))) && run.cfg.ceph_daemons == Daemons::Systemd {
        // A manager started before the module existed: restart it so that it loads it.
        exec.run(&ceph_daemon::systemd_restart("mgr", &l.mon_id))?;
        did.push(format!(
            "restarted ceph-mgr@{} to load the compatibility module",
            l.mon_id
        ));
    }
    if !exec.is_dry_run() {
        wait_for(run, &l, "mgr", "a manager to become available", || {
            mgr_available(exec, &ceph)
        })?;
        wait_for(
            run,
            &l,
            "mgr",
            "the manager's always-on modules to load",
            || mgr_modules_loaded(exec, &ceph),
        )?;
    }
    Ok(if did.is_empty() {
        MonOutcome::Done
    } else {
        MonOutcome::Applied(did)
    })
}

/// Installs the ceph-mgr bcrypt compatibility module where this system needs it: Some((its
/// PYTHONPATH dir, what changed)) then, None where it is not needed (Debian 12, a fixed Ceph).
/// Under systemd also the ceph-mgr@ drop-in (plus daemon-reload when it changed).
fn mgr_compat(run: &Run) -> anyhow::Result<Option<(PathBuf, Option<String>)>> {
    let need = crate::ceph_mgr_compat::detect();
    if !need.needed {
        return Ok(None);
    }
    let view: crate::config::views::CephView = run.ctx.config()?.section("ceph")?;
    let paths = crate::ceph_mgr_compat::Paths::new(
        view.mgr_compat_dir.as_deref(),
        view.systemd_unit_dir.as_deref(),
    );
    let systemd = run.cfg.ceph_daemons == Daemons::Systemd;
    let changed = crate::ceph_mgr_compat::enable(run.exec, &paths, systemd)?;
    if changed && systemd {
        run.exec.run(&ceph_daemon::systemd_daemon_reload())?;
    }
    let msg = changed.then(|| {
        format!(
            "installed the ceph-mgr bcrypt compatibility module {} ({})",
            paths.module().display(),
            need.reason
        )
    });
    Ok(Some((paths.python_dir, msg)))
}

/// Whether every always-on manager module of this release can run (false until the manager
/// reported them); a module that cannot is an error naming it, Ceph's reason and the remedy.
fn mgr_modules_loaded(exec: &Exec, ceph: &Ceph) -> anyhow::Result<bool> {
    let out = exec.run(&ceph.query(&["mgr", "dump"]).unchecked())?;
    let Some(dump) = cb::parse_stat::<cb::MgrDump>(&out.stdout).filter(|_| out.success()) else {
        return Ok(false);
    };
    match dump.failing_always_on() {
        None => Ok(false),
        Some(bad) if bad.is_empty() => Ok(true),
        Some(bad) => {
            let list: Vec<String> = bad.iter().map(|(m, e)| format!("{m} ({e})")).collect();
            Err(error::precondition(format!(
                "the manager cannot run its always-on modules: {}; see `cephctl mgr-compat status`",
                list.join(", ")
            )))
        }
    }
}

/// Whether this node's mon/mgr process runs: our PID file (direct) or the unit (systemd).
fn local_running(run: &Run, l: &Layout, kind: &str) -> anyhow::Result<bool> {
    Ok(match run.cfg.ceph_daemons {
        Daemons::Direct => direct_running(l, kind).is_some(),
        Daemons::Systemd => run
            .exec
            .run(&ceph_daemon::systemd_is_active(kind, &l.mon_id))?
            .success(),
    })
}
