//! "Prevents new operations": the check other applets make before they put work on a node
//! (migrate/hvctl migrate onto it, hvctl start on it, upgrade of it). One store read.
//! When the store cannot be read (etcd down), the operation is not blocked: a warning says
//! the check could not be made (an outage must not also stop the evacuation that answers it).

use crate::context::Ctx;
use crate::error::Error;
use crate::model::maintenance::Record;

use super::store::Store;

/// The records of the nodes in maintenance, or why they cannot be read.
pub fn read(ctx: &Ctx) -> anyhow::Result<Vec<Record>> {
    Store::from_ctx(ctx).and_then(|s| Ok(s.list(ctx.exec()?)?.0))
}

/// The records of the nodes in maintenance; None (after a warning) when they cannot be read.
pub fn marked(ctx: &Ctx) -> Option<Vec<Record>> {
    match read(ctx) {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::warn!("cannot read the maintenance marks, not checked: {e:#}");
            eprintln!("warning: cannot read the maintenance marks (not checked): {e:#}");
            None
        }
    }
}

/// The names of the nodes in maintenance (empty when unknown).
pub fn marked_names(ctx: &Ctx) -> Vec<String> {
    marked(ctx)
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.node)
        .collect()
}

/// Refuses (exit 3, one line naming node, who and why) to `what` on `node` while it is in
/// maintenance, unless `force`.
pub fn refuse(ctx: &Ctx, node: &str, what: &str, force: bool) -> anyhow::Result<()> {
    let Some(recs) = marked(ctx) else {
        return Ok(());
    };
    let Some(r) = recs.iter().find(|r| r.node == node) else {
        return Ok(());
    };
    let why = format!(
        "{node} is in maintenance ({}, {})",
        r.phase.as_str(),
        r.since_by()
    );
    if force {
        eprintln!("warning: {why}; going ahead ({what}) because of --force");
        return Ok(());
    }
    Err(Error::Refused(format!("{what}: {why}; use --force to override")).into())
}
