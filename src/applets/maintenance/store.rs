//! Where maintenance records live: etcd (`PREFIX/NODE/maintenance`, what the whole cluster
//! sees; on when `[etcd] endpoints` is configured) and the local journal
//! (`STATE/maintenance/NODE.json`, what an interrupted command resumes from). The local
//! journal wins when both exist (it is written first, so it is never older).

use std::path::PathBuf;
use std::time::Duration;

use crate::config::views::EtcdView;
use crate::context::Ctx;
use crate::error;
use crate::exec::Exec;
use crate::journal::JsonJournal;
use crate::model::maintenance::{self as model, Record};
use crate::tools::etcdctl::Etcdctl;

use super::MaintenanceConfig;

pub struct Store {
    etcd: Option<Etcdctl>,
    prefix: String,
    dir: PathBuf,
}

impl Store {
    pub fn from_ctx(ctx: &Ctx) -> anyhow::Result<Store> {
        let config = ctx.config()?;
        let cfg: MaintenanceConfig = config.section("maintenance")?;
        let ev: EtcdView = config.section("etcd")?;
        let endpoints = ev.endpoints.filter(|e| !e.is_empty());
        let use_etcd = cfg.etcd.unwrap_or(endpoints.is_some());
        let etcd = use_etcd.then(|| {
            Etcdctl::new(
                endpoints.unwrap_or_else(|| vec![crate::tools::etcdctl::DEFAULT_ENDPOINT.into()]),
                Duration::from_secs(cfg.etcd_timeout_secs.max(1)),
            )
        });
        Ok(Store {
            etcd,
            prefix: cfg.etcd_prefix,
            dir: ctx.general()?.state_dir.join("maintenance"),
        })
    }

    fn journal(&self, node: &str) -> JsonJournal {
        JsonJournal::new(self.dir.join(format!("{node}.json")), "maintenance journal")
    }

    fn local(&self, node: &str) -> anyhow::Result<Option<Record>> {
        let j = self.journal(node);
        match std::fs::read_to_string(&j.path) {
            Ok(t) => Record::parse(&t)
                .map(Some)
                .map_err(|e| error::invalid(format!("{}: {e}", j.path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The record of `node`, or None when it is not in maintenance.
    pub fn load(&self, exec: &Exec, node: &str) -> anyhow::Result<Option<Record>> {
        if let Some(r) = self.local(node)? {
            return Ok(Some(r));
        }
        let Some(e) = &self.etcd else {
            return Ok(None);
        };
        let key = model::etcd_key(&self.prefix, node);
        let out = exec.run(&e.get(&key))?;
        match crate::tools::etcdctl::parse_value(&out.stdout) {
            None => Ok(None),
            Some(v) => Record::parse(&v)
                .map(Some)
                .map_err(|e| error::invalid(format!("etcd key {key}: {e}"))),
        }
    }

    /// Writes the record: local journal first (not under --dry-run), then etcd (planned under
    /// --dry-run).
    pub fn save(&self, exec: &Exec, r: &Record) -> anyhow::Result<()> {
        self.journal(&r.node).save(exec, r)?;
        if let Some(e) = &self.etcd {
            exec.run(&e.put(
                &model::etcd_key(&self.prefix, &r.node),
                &serde_json::to_string(r)?,
            ))?;
        }
        Ok(())
    }

    /// Removes the mark: etcd first (the cluster sees the node back), then the local journal.
    pub fn clear(&self, exec: &Exec, node: &str) -> anyhow::Result<()> {
        if let Some(e) = &self.etcd {
            exec.run(&e.del(&model::etcd_key(&self.prefix, node)))?;
        }
        let j = self.journal(node);
        if j.path.exists() {
            exec.remove_file(&j.path)?;
        }
        Ok(())
    }

    /// Every node's record (one etcd process, plus the local journal directory), sorted by
    /// node. Unreadable etcd values are returned as warnings, not fatal.
    pub fn list(&self, exec: &Exec) -> anyhow::Result<(Vec<Record>, Vec<String>)> {
        let mut recs: std::collections::BTreeMap<String, Record> = Default::default();
        let mut bad = Vec::new();
        if let Some(e) = &self.etcd {
            let prefix = format!("{}/", self.prefix.trim_end_matches('/'));
            let out = exec.run(&e.get_prefix(&prefix))?;
            let (r, b) = model::parse_etcd_listing(&self.prefix, &out.stdout);
            bad = b;
            for x in r {
                recs.insert(x.node.clone(), x);
            }
        }
        if let Ok(rd) = std::fs::read_dir(&self.dir) {
            for entry in rd.flatten() {
                let p = entry.path();
                if p.extension().is_none_or(|x| x != "json") {
                    continue;
                }
                let Some(node) = p.file_stem().and_then(|s| s.to_str()) else {
                    continue;
                };
                match self.local(node) {
                    Ok(Some(r)) => {
                        recs.insert(r.node.clone(), r);
                    }
                    Ok(None) => {}
                    Err(e) => bad.push(format!("{e:#}")),
                }
            }
        }
        Ok((recs.into_values().collect(), bad))
    }
}
