//! The live-migration engine shared by `debvisor-migrate` and `hvctl migrate`.
//!
//! Steps: pre-checks (read-only) → start `virsh migrate` in the background → poll `domjobinfo`
//! for progress, apply the bandwidth schedule / max downtime / post-copy switch / timeout abort
//! → verify where the VM runs. The engine never starts, destroys or undefines a VM to "repair"
//! a failed migration (the legacy script restarted it on the source and could leave two running
//! copies): it reports what it finds and lets the operator decide.
//!
//! A [`Migration`] is a state machine polled by the caller, so an evacuation can drive several
//! at once from one thread.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::{precondition, Error};
use crate::exec::background::{interrupted, Running};
use crate::exec::{Cmd, Exec, Output};
use crate::model::virsh::{self as vm, DomState, JobInfo};
use crate::model::virsh_units::ScheduleStep;
use crate::tools::virsh::{MigrateOpts, Virsh};

/// A node to migrate to (or from).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeRef {
    pub name: String,
    pub uri: String,
}

/// How storage is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageMode {
    /// Detect: network disks and shared filesystems are shared, local files are copied.
    Auto,
    /// The operator declares the disks shared (same path on both nodes).
    Shared,
    /// Copy every disk to the target (`--copy-storage-all`).
    Copy,
}

/// What to migrate and how.
#[derive(Debug, Clone)]
pub struct Request {
    pub vm: String,
    pub source: NodeRef,
    pub target: NodeRef,
    /// MiB/s at the start; None = unlimited.
    pub bandwidth_mib: Option<u64>,
    pub schedule: Vec<ScheduleStep>,
    pub auto_converge: bool,
    pub postcopy: bool,
    /// Switch to post-copy once pre-copy has run this long without finishing.
    pub postcopy_after: Duration,
    /// Abort (pre-copy) after this long.
    pub timeout: Option<Duration>,
    pub max_downtime_ms: Option<u64>,
    pub storage: StorageMode,
    pub shared_paths: Vec<PathBuf>,
    pub undefine_source: bool,
    pub p2p: bool,
    pub memory_reserve_bytes: u64,
    pub poll: Duration,
}

/// One progress or control event, rendered by the caller (bar, log line or JSON).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Prechecked {
        vm: String,
        source: String,
        target: String,
        memory_bytes: u64,
        target_available_bytes: u64,
        storage: String,
        disks: Vec<String>,
    },
    Started {
        vm: String,
        command: String,
    },
    Progress {
        vm: String,
        elapsed_ms: u64,
        percent: Option<f64>,
        data_total: Option<u64>,
        data_processed: Option<u64>,
        data_remaining: Option<u64>,
        /// Rate actually achieved (bytes/s), from the job statistics.
        rate_bytes_per_s: Option<u64>,
        eta_s: Option<f64>,
        iteration: Option<u64>,
        dirty_rate_pages: Option<u64>,
        expected_downtime_ms: Option<u64>,
        postcopy: bool,
    },
    Bandwidth {
        vm: String,
        mib_per_s: u64,
        reason: String,
    },
    MaxDowntime {
        vm: String,
        ms: u64,
    },
    Postcopy {
        vm: String,
        after_ms: u64,
    },
    Abort {
        vm: String,
        reason: String,
    },
}

/// Where the VM ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Runs on the target, not on the source (verified).
    Migrated,
    /// Failed or aborted; still runs on the source, not on the target (verified).
    RolledBack,
    /// Runs on both nodes: needs an operator NOW (nothing was touched).
    RunningOnBoth,
    /// Runs on neither node (nothing was started).
    RunningNowhere,
    /// Dry run: the migration was only planned.
    Planned,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub event: &'static str,
    pub vm: String,
    pub source: String,
    pub target: String,
    pub status: Status,
    pub ok: bool,
    pub message: String,
    /// Why the migration did not complete (error, timeout, interrupt), if it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    pub source_state: Option<DomState>,
    pub target_state: Option<DomState>,
    /// Source definition kept (shut off) or removed.
    pub source_defined: bool,
    /// Downtime measured by the hypervisor for the switch-over (target's completed job).
    pub downtime_ms: Option<u64>,
    pub duration_ms: u64,
    pub postcopy_used: bool,
    pub bandwidth_changes: u32,
}

impl Outcome {
    /// The error for a non-success (exit 6 when safely rolled back, 1 otherwise).
    pub fn error(&self) -> Option<anyhow::Error> {
        match self.status {
            Status::Migrated | Status::Planned => None,
            Status::RolledBack => Some(Error::Partial(self.message.clone()).into()),
            _ => Some(anyhow::anyhow!("{}", self.message)),
        }
    }
}

/// Result of the pre-checks: what will be run.
#[derive(Debug, Clone)]
pub struct Prechecked {
    pub req: Request,
    pub opts: MigrateOpts,
    pub memory_bytes: u64,
}

fn first_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string()
}

/// Runs a command to completion without being cut short by a pending Ctrl-C (after one, the
/// engine still has to abort the job and verify where the VM runs).
fn run(exec: &Exec, cmd: &Cmd) -> anyhow::Result<Output> {
    exec.start(cmd)?.wait()
}

/// `domstate` of `vm` at `uri`: None when the domain is not defined there.
pub fn state_at(exec: &Exec, uri: &str, vmname: &str) -> anyhow::Result<Option<DomState>> {
    let out = run(exec, &Virsh::new(uri).domstate(vmname))?;
    if out.success() {
        Ok(vm::parse_domstate(&out.stdout))
    } else if out.stderr.contains("failed to get domain") || out.stderr.contains("not found") {
        Ok(None)
    } else {
        anyhow::bail!(
            "cannot read the state of {vmname} at {uri}: {}",
            first_line(&out.stderr)
        )
    }
}

/// Filesystems whose files are the same on every node (statfs f_type).
fn is_shared_fs(path: &Path) -> Option<&'static str> {
    const SHARED: [(i64, &str); 7] = [
        (0x6969, "nfs"),
        (0x00c3_6400, "cephfs"),
        (0x0116_1970, "gfs2"),
        (0x7461_636f, "ocfs2"),
        (0xff53_4d42, "cifs"),
        (0xfe53_4d42, "smb2"),
        (0x0102_1997, "9p"),
    ];
    let st = nix::sys::statfs::statfs(path).ok()?;
    let t = st.filesystem_type().0 as i64;
    SHARED.iter().find(|(m, _)| *m == t).map(|(_, n)| *n)
}

fn uri_is_local(uri: &str) -> bool {
    // qemu:///system, qemu+unix:///system?socket=…: no host part.
    uri.split_once("://")
        .map(|(_, rest)| rest.starts_with('/'))
        .unwrap_or(false)
}

/// Decides per disk whether it is shared. Returns (copy storage?, declared-shared?, notes).
fn storage_decision(req: &Request, disks: &[vm::BlockDev]) -> (bool, bool, Vec<String>) {
    let mut notes = Vec::new();
    let mut all_shared = true;
    let mut declared = false;
    for d in disks {
        if d.source == "-" || d.device == "cdrom" || d.device == "floppy" {
            continue;
        }
        let why: Option<String> = if d.kind == "network" {
            Some("network disk".into())
        } else if let Some(p) = req
            .shared_paths
            .iter()
            .find(|p| Path::new(&d.source).starts_with(p))
        {
            declared = true;
            Some(format!("under shared path {}", p.display()))
        } else if d.kind == "block"
            && (d.source.starts_with("/dev/rbd")
                || d.source.starts_with("/dev/mapper/mpath")
                || d.source.contains("-iscsi-"))
        {
            Some("shared block device".into())
        } else if uri_is_local(&req.source.uri) {
            is_shared_fs(Path::new(&d.source)).map(|fs| format!("on {fs}"))
        } else {
            None
        };
        match why {
            Some(w) => notes.push(format!("{} {}: shared ({w})", d.target, d.source)),
            None => {
                all_shared = false;
                notes.push(format!("{} {}: local", d.target, d.source));
            }
        }
    }
    match req.storage {
        StorageMode::Shared => {
            let notes = notes
                .into_iter()
                .map(|n| n.replace(": local", ": declared shared (--storage shared)"))
                .collect();
            (false, true, notes)
        }
        StorageMode::Copy => (true, false, notes),
        StorageMode::Auto => (!all_shared, all_shared && declared, notes),
    }
}

/// Read-only pre-checks. Errors are preconditions (exit 3) naming what is wrong.
pub fn precheck(
    exec: &Exec,
    req: &Request,
    on_event: &mut dyn FnMut(&Event),
) -> anyhow::Result<Prechecked> {
    let src = Virsh::new(&req.source.uri);
    let dst = Virsh::new(&req.target.uri);
    if req.source.uri == req.target.uri {
        return Err(precondition(format!(
            "{} is both source and target",
            req.target.uri
        )));
    }
    // 1. The VM exists and runs on the source.
    match state_at(exec, &req.source.uri, &req.vm)? {
        None => {
            return Err(precondition(format!(
                "{} is not defined on the source {}",
                req.vm, req.source.name
            )))
        }
        Some(s) if !matches!(s, DomState::Running | DomState::Paused | DomState::Blocked) => {
            return Err(precondition(format!(
                "{} is {} on {}: only running (or paused) VMs are live-migrated",
                req.vm,
                s.as_str(),
                req.source.name
            )))
        }
        Some(_) => {}
    }
    // 2. The target is reachable.
    if let Err(e) = run(exec, &dst.probe().timeout_secs(20)) {
        return Err(precondition(format!(
            "target {} ({}) is not reachable: {e:#}",
            req.target.name, req.target.uri
        )));
    }
    // 3. Not defined (let alone running) on the target.
    if let Some(s) = state_at(exec, &req.target.uri, &req.vm)? {
        return Err(precondition(format!(
            "{} is already defined on the target {} (state: {}); refusing to create a second copy",
            req.vm,
            req.target.name,
            s.as_str()
        )));
    }
    // 4. Memory: the VM's maximum memory plus a reserve must be available on the target.
    let info = vm::parse_dominfo(&run(exec, &src.dominfo(&req.vm))?.stdout);
    let memory = info
        .max_memory_bytes
        .or(info.used_memory_bytes)
        .ok_or_else(|| anyhow::anyhow!("cannot read the memory size of {}", req.vm))?;
    let avail = match run(exec, &dst.nodememstats()) {
        Ok(o) => vm::parse_nodememstats(&o.stdout).available(),
        Err(_) => None,
    };
    let avail = match avail {
        Some(a) => a,
        None => {
            let o = run(exec, &dst.freecell())?;
            vm::parse_freecell_total(&o.stdout).ok_or_else(|| {
                precondition(format!(
                    "cannot read the free memory of target {}",
                    req.target.name
                ))
            })?
        }
    };
    let need = memory.saturating_add(req.memory_reserve_bytes);
    if avail < need {
        return Err(precondition(format!(
            "target {} has {} available, {} needs {} (memory {} + reserve {})",
            req.target.name,
            crate::output::bytes(avail),
            req.vm,
            crate::output::bytes(need),
            crate::output::bytes(memory),
            crate::output::bytes(req.memory_reserve_bytes)
        )));
    }
    // 5. Storage: shared or copied.
    let disks = vm::parse_domblklist(&run(exec, &src.domblklist(&req.vm))?.stdout);
    let (copy, declared_shared, notes) = storage_decision(req, &disks);
    on_event(&Event::Prechecked {
        vm: req.vm.clone(),
        source: req.source.name.clone(),
        target: req.target.name.clone(),
        memory_bytes: memory,
        target_available_bytes: avail,
        storage: if copy { "copy" } else { "shared" }.into(),
        disks: notes,
    });
    let opts = MigrateOpts {
        live: true,
        persistent: true,
        undefine_source: req.undefine_source,
        bandwidth_mib: req.bandwidth_mib,
        auto_converge: req.auto_converge,
        postcopy: req.postcopy,
        copy_storage_all: copy,
        unsafe_shared: declared_shared,
        p2p: req.p2p,
    };
    Ok(Prechecked {
        req: req.clone(),
        opts,
        memory_bytes: memory,
    })
}

/// A migration in flight.
pub struct Migration<'a> {
    exec: &'a Exec,
    pub req: Request,
    running: Running<'a>,
    started: Instant,
    /// When data first moved (the bandwidth schedule counts from here: qemu's setup phase,
    /// which a loaded host stretches to seconds, is not part of the transfer).
    transfer_started: Option<Instant>,
    next_poll: Instant,
    schedule_next: usize,
    postcopy_switched: bool,
    downtime_set: bool,
    abort: Option<String>,
    bandwidth_changes: u32,
    last: Option<JobInfo>,
}

impl<'a> Migration<'a> {
    /// Starts `virsh migrate` in the background (planned only under --dry-run).
    pub fn start(
        exec: &'a Exec,
        pre: Prechecked,
        on_event: &mut dyn FnMut(&Event),
    ) -> anyhow::Result<Migration<'a>> {
        let src = Virsh::new(&pre.req.source.uri);
        // Generous deadline: the engine aborts on --timeout itself; this only bounds a hang.
        let limit = pre
            .req
            .timeout
            .map(|t| t + Duration::from_secs(120))
            .unwrap_or(Duration::from_secs(6 * 3600));
        let cmd = src
            .migrate(&pre.req.vm, &pre.req.target.uri, &pre.opts)
            .timeout(limit);
        let running = exec.start(&cmd)?;
        on_event(&Event::Started {
            vm: pre.req.vm.clone(),
            command: running.command().to_string(),
        });
        let now = Instant::now();
        Ok(Migration {
            exec,
            req: pre.req,
            running,
            started: now,
            transfer_started: None,
            next_poll: now + Duration::from_millis(200),
            schedule_next: 0,
            postcopy_switched: false,
            downtime_set: false,
            abort: None,
            bandwidth_changes: 0,
            last: None,
        })
    }

    fn src(&self) -> Virsh {
        Virsh::new(&self.req.source.uri)
    }

    /// Aborts the job (pre-copy only; a post-copy migration cannot be rolled back).
    pub fn abort(&mut self, reason: &str, on_event: &mut dyn FnMut(&Event)) {
        if self.abort.is_some() {
            return;
        }
        if self.postcopy_switched {
            tracing::warn!(vm = %self.req.vm, "cannot abort in post-copy: letting it finish");
            return;
        }
        on_event(&Event::Abort {
            vm: self.req.vm.clone(),
            reason: reason.to_string(),
        });
        self.abort = Some(reason.to_string());
        if let Err(e) = run(self.exec, &self.src().domjobabort(&self.req.vm)) {
            // The job may have just finished; verification tells.
            tracing::warn!(vm = %self.req.vm, "domjobabort: {e:#}");
        }
    }

    /// One step: returns the verified outcome once `virsh migrate` has ended.
    pub fn step(&mut self, on_event: &mut dyn FnMut(&Event)) -> anyhow::Result<Option<Outcome>> {
        if self.running.planned() {
            let _ = self.running.poll();
            return Ok(Some(self.outcome(Status::Planned, None, None, None, None)));
        }
        match self.running.poll() {
            Ok(Some(_)) => return self.verify(None).map(Some),
            Err(e) => {
                // The reason is virsh's own error line, not the whole command.
                let reason = match e.downcast_ref::<Error>() {
                    Some(Error::CommandFailed { stderr, .. }) => stderr
                        .lines()
                        .map(str::trim)
                        .rfind(|l| !l.is_empty())
                        .unwrap_or("virsh migrate failed")
                        .trim_start_matches("error: ")
                        .to_string(),
                    _ => format!("{e:#}"),
                };
                let why = match &self.abort {
                    Some(r) => format!("{r}: {reason}"),
                    None => reason,
                };
                return self.verify(Some(why)).map(Some);
            }
            Ok(None) => {}
        }
        if let Some(sig) = interrupted() {
            self.abort(&format!("interrupted by signal {sig}"), on_event);
        }
        let elapsed = self.started.elapsed();
        if let (Some(t), None) = (self.req.timeout, &self.abort) {
            if elapsed >= t && !self.postcopy_switched {
                self.abort(&format!("timeout after {} s", t.as_secs()), on_event);
            }
        }
        if Instant::now() < self.next_poll || self.abort.is_some() {
            return Ok(None);
        }
        self.next_poll = Instant::now() + self.req.poll;
        let out = run(self.exec, &self.src().domjobinfo(&self.req.vm, false))?;
        let job = vm::parse_jobinfo(&out.stdout);
        if !job.active() {
            return Ok(None); // not started yet, or just finishing
        }
        if let (Some(ms), false) = (self.req.max_downtime_ms, self.downtime_set) {
            self.downtime_set = true;
            run(
                self.exec,
                &self.src().migrate_setmaxdowntime(&self.req.vm, ms),
            )?;
            on_event(&Event::MaxDowntime {
                vm: self.req.vm.clone(),
                ms,
            });
        }
        if self.transfer_started.is_none() && job.data_processed.unwrap_or(0) > 0 {
            self.transfer_started = Some(Instant::now());
        }
        let transferring = self.transfer_started.map(|t| t.elapsed());
        while let Some(step) = self.req.schedule.get(self.schedule_next) {
            if transferring.is_none_or(|t| t < step.after) {
                break;
            }
            self.schedule_next += 1;
            self.set_bandwidth(step.mib_per_s, "schedule", on_event)?;
        }
        if self.req.postcopy && !self.postcopy_switched && elapsed >= self.req.postcopy_after {
            // Still in pre-copy after the grace period: switch, which guarantees completion.
            run(self.exec, &self.src().migrate_postcopy(&self.req.vm))?;
            self.postcopy_switched = true;
            on_event(&Event::Postcopy {
                vm: self.req.vm.clone(),
                after_ms: elapsed.as_millis() as u64,
            });
        }
        on_event(&Event::Progress {
            vm: self.req.vm.clone(),
            elapsed_ms: elapsed.as_millis() as u64,
            percent: job.percent().map(|p| (p * 10.0).round() / 10.0),
            data_total: job.data_total,
            data_processed: job.data_processed,
            data_remaining: job.data_remaining,
            rate_bytes_per_s: job.memory_bps,
            eta_s: job.eta_secs().map(|e| (e * 10.0).round() / 10.0),
            iteration: job.iteration,
            dirty_rate_pages: job.dirty_rate_pages,
            expected_downtime_ms: job.downtime_ms,
            postcopy: self.postcopy_switched,
        });
        self.last = Some(job);
        Ok(None)
    }

    /// Changes the bandwidth of the running migration (MiB/s; 0 = unlimited).
    pub fn set_bandwidth(
        &mut self,
        mib: u64,
        reason: &str,
        on_event: &mut dyn FnMut(&Event),
    ) -> anyhow::Result<()> {
        // libvirt takes 0 as "no limit" only on some versions; a huge value is unambiguous.
        let value = if mib == 0 { 8_796_093_022_207 } else { mib };
        run(self.exec, &self.src().migrate_setspeed(&self.req.vm, value))?;
        self.bandwidth_changes += 1;
        on_event(&Event::Bandwidth {
            vm: self.req.vm.clone(),
            mib_per_s: mib,
            reason: reason.to_string(),
        });
        Ok(())
    }

    fn outcome(
        &self,
        status: Status,
        failure: Option<String>,
        src: Option<DomState>,
        dst: Option<DomState>,
        downtime: Option<u64>,
    ) -> Outcome {
        let r = &self.req;
        let message = match status {
            Status::Migrated => format!(
                "{} migrated from {} to {}{}",
                r.vm,
                r.source.name,
                r.target.name,
                downtime
                    .map(|d| format!(" (downtime {d} ms)"))
                    .unwrap_or_default()
            ),
            Status::RolledBack => format!(
                "migration of {} to {} did not complete ({}); verified: {} still runs on {} and not on {}",
                r.vm,
                r.target.name,
                failure.as_deref().unwrap_or("unknown reason"),
                r.vm,
                r.source.name,
                r.target.name
            ),
            Status::RunningOnBoth => format!(
                "{} is active on BOTH {} and {} after the migration ({}): nothing was touched; \
                 destroy one copy by hand after checking which one is current",
                r.vm,
                r.source.name,
                r.target.name,
                failure.as_deref().unwrap_or("virsh reported success")
            ),
            Status::RunningNowhere => format!(
                "{} runs neither on {} ({}) nor on {} ({}) after the migration ({}); it was not restarted",
                r.vm,
                r.source.name,
                src.map(|s| s.as_str()).unwrap_or("undefined"),
                r.target.name,
                dst.map(|s| s.as_str()).unwrap_or("undefined"),
                failure.as_deref().unwrap_or("virsh reported success")
            ),
            Status::Planned => format!(
                "would migrate {} from {} to {}",
                r.vm, r.source.name, r.target.name
            ),
        };
        Outcome {
            event: "result",
            vm: r.vm.clone(),
            source: r.source.name.clone(),
            target: r.target.name.clone(),
            status,
            ok: matches!(status, Status::Migrated | Status::Planned),
            message,
            failure,
            source_state: src,
            target_state: dst,
            source_defined: src.is_some(),
            downtime_ms: downtime,
            duration_ms: self.started.elapsed().as_millis() as u64,
            postcopy_used: self.postcopy_switched,
            bandwidth_changes: self.bandwidth_changes,
        }
    }

    /// Verifies where the VM runs after `virsh migrate` ended (successfully or not).
    fn verify(&mut self, failure: Option<String>) -> anyhow::Result<Outcome> {
        let src = state_at(self.exec, &self.req.source.uri, &self.req.vm)?;
        let dst = state_at(self.exec, &self.req.target.uri, &self.req.vm)?;
        let on_src = src.is_some_and(|s| s.is_active());
        let on_dst = dst.is_some_and(|s| s.is_active());
        let status = match (on_src, on_dst) {
            (false, true) => Status::Migrated,
            (true, false) => Status::RolledBack,
            (true, true) => Status::RunningOnBoth,
            (false, false) => Status::RunningNowhere,
        };
        let mut failure = failure;
        if status == Status::Migrated && self.req.undefine_source && src.is_some() {
            failure = Some(format!(
                "source definition of {} was not removed",
                self.req.vm
            ));
        }
        let downtime = if status == Status::Migrated {
            run(
                self.exec,
                &Virsh::new(&self.req.target.uri).domjobinfo(&self.req.vm, true),
            )
            .ok()
            .map(|o| vm::parse_jobinfo(&o.stdout))
            .filter(|j| j.job_type == "completed")
            .and_then(|j| j.downtime_ms)
        } else {
            None
        };
        Ok(self.outcome(status, failure, src, dst, downtime))
    }
}

/// Runs one migration to the end (pre-checks done by the caller).
pub fn run_one(
    exec: &Exec,
    pre: Prechecked,
    on_event: &mut dyn FnMut(&Event),
) -> anyhow::Result<Outcome> {
    let mut m = Migration::start(exec, pre, on_event)?;
    loop {
        if let Some(o) = m.step(on_event)? {
            return Ok(o);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(storage: StorageMode, shared: &[&str]) -> Request {
        Request {
            vm: "v".into(),
            source: NodeRef {
                name: "a".into(),
                uri: "qemu+tcp://a/system".into(),
            },
            target: NodeRef {
                name: "b".into(),
                uri: "qemu+tcp://b/system".into(),
            },
            bandwidth_mib: None,
            schedule: vec![],
            auto_converge: false,
            postcopy: false,
            postcopy_after: Duration::from_secs(10),
            timeout: None,
            max_downtime_ms: None,
            storage,
            shared_paths: shared.iter().map(PathBuf::from).collect(),
            undefine_source: false,
            p2p: false,
            memory_reserve_bytes: 0,
            poll: Duration::from_millis(500),
        }
    }

    fn disk(kind: &str, src: &str) -> vm::BlockDev {
        vm::BlockDev {
            kind: kind.into(),
            device: "disk".into(),
            target: "vda".into(),
            source: src.into(),
        }
    }

    #[test]
    fn storage_is_copied_unless_shared() {
        let local = [disk("file", "/var/lib/libvirt/images/v.qcow2")];
        assert!(storage_decision(&req(StorageMode::Auto, &[]), &local).0);
        let (copy, declared, _) =
            storage_decision(&req(StorageMode::Auto, &["/var/lib/libvirt"]), &local);
        assert!(!copy && declared);
        let net = [disk("network", "rbd/v")];
        let (copy, declared, _) = storage_decision(&req(StorageMode::Auto, &[]), &net);
        assert!(!copy && !declared);
        assert!(storage_decision(&req(StorageMode::Copy, &[]), &net).0);
        assert!(!storage_decision(&req(StorageMode::Shared, &[]), &local).0);
        let cd = [vm::BlockDev {
            device: "cdrom".into(),
            ..disk("file", "-")
        }];
        assert!(!storage_decision(&req(StorageMode::Auto, &[]), &cd).0);
    }

    #[test]
    fn local_uris() {
        assert!(uri_is_local("qemu:///system"));
        assert!(uri_is_local("qemu+unix:///system?socket=/x"));
        assert!(!uri_is_local("qemu+tcp://127.0.0.2/system"));
    }
}
