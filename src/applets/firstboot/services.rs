//! Phases that configure services: accounts, Docker, Kubernetes, firewall, libvirt pool, TSIG
//! key, hostname registration. Each checks the system first and changes only what is missing.

use std::path::Path;

use super::{PhaseResult, Run};
use crate::error;
use crate::exec::files::FileSpec;
use crate::model::profile::Profile;
use crate::tools::virsh::Virsh;
use crate::tools::{kubeadm, kubectl, nft, swapoff, systemctl, useradd};

fn passwd_has(user: &str) -> bool {
    std::fs::read_to_string("/etc/passwd")
        .map(|t| t.lines().any(|l| l.split(':').next() == Some(user)))
        .unwrap_or(false)
}

/// Non-login system accounts for the toolbox's services.
pub fn accounts(run: &Run) -> anyhow::Result<PhaseResult> {
    let missing: Vec<&String> = run
        .cfg
        .service_accounts
        .iter()
        .filter(|u| !passwd_has(u))
        .collect();
    if missing.is_empty() {
        return PhaseResult::done(format!(
            "accounts present: {}",
            run.cfg.service_accounts.join(",")
        ));
    }
    for u in &missing {
        run.exec.run(&useradd::system_account(u))?;
    }
    PhaseResult::applied(
        run.exec,
        format!(
            "created {}",
            missing
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ),
    )
}

/// /etc/docker/daemon.json: the storage driver follows the profile (zfs on ZFS nodes).
pub fn docker_daemon_json(profile: Profile, zfs_pool: &str) -> String {
    let driver = match profile {
        Profile::Zfs | Profile::UsbZfs => "zfs",
        _ => "overlay2",
    };
    let mut v = serde_json::json!({
        "storage-driver": driver,
        "log-driver": "journald",
        "live-restore": true,
        "exec-opts": ["native.cgroupdriver=systemd"],
        "iptables": false
    });
    if driver == "zfs" {
        v["storage-opts"] = serde_json::json!([format!("zfs.fsname={zfs_pool}/docker")]);
    }
    let mut s = serde_json::to_string_pretty(&v).expect("static JSON");
    s.push('\n');
    s
}

pub fn docker(run: &Run) -> anyhow::Result<PhaseResult> {
    let path = &run.cfg.docker_daemon_json;
    let body = docker_daemon_json(run.profile, &run.cfg.zfs_pool);
    if let Some(dir) = path.parent() {
        run.exec.create_dir_all(dir, 0o755)?;
    }
    if !run
        .exec
        .write_file_if_changed(path, body.as_bytes(), FileSpec::PUBLIC)?
    {
        return PhaseResult::done(format!("{} up to date", path.display()));
    }
    let active = run.exec.run(&systemctl::docker_is_active());
    if active.map(|o| o.success()).unwrap_or(false) {
        run.exec.run(&systemctl::docker_restart())?;
    }
    PhaseResult::applied(run.exec, format!("wrote {}", path.display()))
}

pub fn kubernetes(run: &Run) -> anyhow::Result<PhaseResult> {
    if Path::new(kubectl::ADMIN_CONF).exists() {
        return PhaseResult::done("control plane already initialised (/etc/kubernetes/admin.conf)");
    }
    if which::which("kubeadm").is_err() {
        return PhaseResult::skipped("kubeadm not installed");
    }
    let exec = run.exec;
    exec.run(&swapoff::all())?;
    let init = match &run.cfg.kubeadm_config {
        Some(c) => kubeadm::init_with_config("kubeadm", c),
        None => kubeadm::init("kubeadm", &run.cfg.pod_network_cidr, &run.hostname),
    };
    exec.run(&init)?;
    let mut notes = vec!["control plane initialised".to_string()];
    match &run.cfg.cni_manifest {
        // A local, packaged manifest: never download and apply remote YAML as root.
        Some(m) => {
            exec.run(&kubectl::admin_apply_file(m))?;
            notes.push(format!("CNI from {}", m.display()));
        }
        None => notes.push("no CNI manifest configured ([firstboot] cni_manifest): pods stay Pending until one is applied".into()),
    }
    if run.cfg.untaint_single_node {
        exec.run(&kubectl::admin_untaint_control_plane(&run.hostname))?;
        notes.push("control-plane taint removed (single node)".into());
    }
    PhaseResult::applied(exec, notes.join("; "))
}

/// The base ruleset. It never flushes the whole ruleset (the blocklist and libvirt keep their
/// own tables): it replaces only `table inet debvisor_base`, then includes /etc/nftables.d.
pub fn nftables_base(ssh_port: u16) -> String {
    format!(
        "#!/usr/sbin/nft -f\n# Written by debvisor firstboot. Local additions belong in /etc/nftables.d/.\n\
table inet debvisor_base {{}}\ndelete table inet debvisor_base\n\
table inet debvisor_base {{\n\
\tchain input {{\n\
\t\ttype filter hook input priority filter; policy drop;\n\
\t\tct state established,related accept\n\
\t\tct state invalid drop\n\
\t\tiif lo accept\n\
\t\tmeta l4proto {{ icmp, ipv6-icmp }} accept\n\
\t\ttcp dport {ssh_port} accept comment \"ssh\"\n\
\t\ttcp dport {{ 53 }} accept comment \"dns\"\n\
\t\tudp dport {{ 53, 67, 68 }} accept comment \"dns, dhcp\"\n\
\t\ttcp dport {{ 16509, 49152-49215 }} accept comment \"libvirt, migration\"\n\
\t\ttcp dport {{ 3300, 6789, 6800-7300 }} accept comment \"ceph\"\n\
\t\ttcp dport {{ 6443, 10250 }} accept comment \"kubernetes\"\n\
\t\ttcp dport {{ 5900-5999, 6080-6199 }} accept comment \"vnc, websockify\"\n\
\t}}\n\
\tchain forward {{\n\
\t\ttype filter hook forward priority filter; policy accept;\n\
\t}}\n\
}}\n\
include \"/etc/nftables.d/*.conf\"\n"
    )
}

pub fn firewall(run: &Run) -> anyhow::Result<PhaseResult> {
    let exec = run.exec;
    let path = &run.cfg.nftables_conf;
    let body = nftables_base(run.cfg.ssh_port);
    let loaded = exec.run(&nft::table_loaded("debvisor_base"))?.success();
    let same = std::fs::read_to_string(path)
        .map(|t| t == body)
        .unwrap_or(false);
    if same && loaded {
        return PhaseResult::done(format!("{} loaded and up to date", path.display()));
    }
    exec.create_dir_all(Path::new("/etc/nftables.d"), 0o755)?;
    // Check the candidate before it replaces the live file: a broken ruleset never lands.
    let candidate = path.with_extension("conf.debvisor-new");
    exec.write_file(&candidate, body.as_bytes(), FileSpec::mode(0o755))?;
    if !exec.is_dry_run() {
        let check = exec.run(&nft::check_file(&candidate))?;
        if !check.success() {
            exec.remove_file(&candidate)?;
            return Err(error::invalid(format!(
                "nft rejected the base ruleset: {}",
                check.stderr.trim()
            )));
        }
    }
    exec.rename(&candidate, path)?;
    exec.run(&nft::load_base_file(path))?;
    PhaseResult::applied(exec, format!("base ruleset loaded from {}", path.display()))
}

pub fn libvirt_pool(run: &Run) -> anyhow::Result<PhaseResult> {
    if which::which("virsh").is_err() {
        return PhaseResult::skipped("virsh not installed");
    }
    let exec = run.exec;
    let virsh = Virsh::new(&run.cfg.libvirt_uri);
    if exec.run(&virsh.pool_info("default"))?.success() {
        return PhaseResult::done("libvirt pool `default` exists");
    }
    let dir = run.cfg.libvirt_pool_dir.display().to_string();
    exec.run(&virsh.pool_define_dir("default", &dir))?;
    exec.run(&virsh.pool_build("default"))?;
    exec.run(&virsh.pool_start("default"))?;
    exec.run(&virsh.pool_autostart("default"))?;
    PhaseResult::applied(exec, format!("pool `default` at {dir}"))
}

fn applet_available(name: &str) -> bool {
    crate::applets::find(name).is_some()
}

pub fn tsig(run: &Run) -> anyhow::Result<PhaseResult> {
    let key = &run.cfg.tsig_key_file;
    if key.exists() {
        return PhaseResult::done(format!("TSIG key {} exists", key.display()));
    }
    if !applet_available("tsig-keygen") {
        return PhaseResult::skipped("this build has no tsig-keygen applet");
    }
    // The client key (nsupdate -k) at [firstboot] tsig_key_file; the BIND include where [tsig]
    // bind_include says. --keep: a matching pair already in place is left alone.
    let cmd = run
        .ctx
        .applet_cmd("tsig-keygen")?
        .arg(&run.cfg.tsig_key_name)
        .arg("--client-key")
        .arg(key)
        .arg("--keep")
        .timeout_secs(60);
    run.exec.run(&cmd)?;
    PhaseResult::applied(run.exec, format!("TSIG key {} created", key.display()))
}

pub fn hostname(run: &Run) -> anyhow::Result<PhaseResult> {
    if !applet_available("hostname-register") {
        return PhaseResult::skipped("this build has no hostname-register applet");
    }
    run.exec
        .run(&run.ctx.applet_cmd("hostname-register")?.timeout_secs(120))?;
    PhaseResult::applied(run.exec, "registered")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_driver_follows_profile() {
        assert!(docker_daemon_json(Profile::Zfs, "tank").contains("\"zfs.fsname=tank/docker\""));
        assert!(docker_daemon_json(Profile::Ceph, "tank").contains("\"overlay2\""));
    }

    #[test]
    fn base_ruleset_never_flushes_everything() {
        let r = nftables_base(2222);
        assert!(!r.contains("flush ruleset"));
        assert!(r.contains("tcp dport 2222 accept"));
        assert!(r.trim_end().ends_with("include \"/etc/nftables.d/*.conf\""));
    }
}
