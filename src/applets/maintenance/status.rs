//! `maintenance status`: every [cluster] node (and any other node with a record), its state,
//! since when, by whom, why, and what is pending. One etcd read.

use serde::Serialize;

use super::{moved_out, Env, MovedOut};
use crate::error::code;
use crate::model::maintenance::{NotMoved, Record};
use crate::output::{self, Table};

#[derive(Debug, Serialize)]
struct NodeStatus {
    node: String,
    state: &'static str,
    since: Option<String>,
    by: Option<String>,
    reason: Option<String>,
    noout_osds: Vec<u32>,
    cordoned: bool,
    moved: Vec<MovedOut>,
    not_moved: Vec<NotMoved>,
    pending: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Report {
    nodes: Vec<NodeStatus>,
    warnings: Vec<String>,
}

fn of(name: &str, r: Option<&Record>) -> NodeStatus {
    match r {
        None => NodeStatus {
            node: name.to_string(),
            state: "none",
            since: None,
            by: None,
            reason: None,
            noout_osds: Vec::new(),
            cordoned: false,
            moved: Vec::new(),
            not_moved: Vec::new(),
            pending: Vec::new(),
        },
        Some(r) => NodeStatus {
            node: name.to_string(),
            state: r.phase.as_str(),
            since: Some(r.since.clone()),
            by: Some(r.by.clone()),
            reason: r.reason.clone(),
            noout_osds: r.noout.clone(),
            cordoned: r.cordoned,
            moved: moved_out(&r.moved),
            not_moved: r.not_moved.clone(),
            pending: r.pending(),
        },
    }
}

pub fn run(env: &Env) -> anyhow::Result<i32> {
    let ctx = env.ctx;
    let (recs, warnings) = env.store.list(ctx.exec()?)?;
    let mut nodes: Vec<NodeStatus> = env
        .nodes
        .iter()
        .map(|n| of(&n.name, recs.iter().find(|r| r.node == n.name)))
        .collect();
    for r in &recs {
        if !env.nodes.iter().any(|n| n.name == r.node) {
            nodes.push(of(&r.node, Some(r)));
        }
    }
    let report = Report { nodes, warnings };
    if ctx.json() {
        output::print_json(&report)?;
        return Ok(code::OK);
    }
    let mut t = Table::new(["NODE", "STATE", "SINCE", "BY", "REASON", "PENDING"]);
    for n in &report.nodes {
        t.row([
            n.node.clone(),
            n.state.to_string(),
            n.since.clone().unwrap_or_else(|| "-".into()),
            n.by.clone().unwrap_or_else(|| "-".into()),
            n.reason.clone().unwrap_or_else(|| "-".into()),
            if n.pending.is_empty() {
                "-".into()
            } else {
                n.pending.join("; ")
            },
        ]);
    }
    t.print()?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    Ok(code::OK)
}
