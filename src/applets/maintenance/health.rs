//! health-check's "maintenance" check: Warning when this node is in maintenance (naming the
//! reason), Ok otherwise (naming the other nodes that are).

use crate::context::Ctx;
use crate::model::maintenance::Record;

/// (warning?, message, hint); unreadable marks (etcd down) are a warning that says so.
pub fn check(ctx: &Ctx, this_node: &str) -> (bool, String, Option<String>) {
    match super::guard::read(ctx) {
        Ok(recs) => {
            let (warn, msg) = summary(&recs, this_node);
            let hint = warn.then(|| format!("debvisor maintenance disable {this_node}"));
            (warn, msg, hint)
        }
        Err(e) => (
            true,
            format!("cannot read the maintenance marks: {e:#}"),
            Some("check [etcd] endpoints (debvisor maintenance status)".into()),
        ),
    }
}

fn describe(r: &Record) -> String {
    format!(
        "{} in maintenance ({}) {}",
        r.node,
        r.phase.as_str(),
        r.since_by()
    )
}

pub fn summary(recs: &[Record], this_node: &str) -> (bool, String) {
    if let Some(r) = recs.iter().find(|r| r.node == this_node) {
        return (true, describe(r));
    }
    if recs.is_empty() {
        return (false, "no node in maintenance".into());
    }
    (
        false,
        format!(
            "this node is not in maintenance; {}",
            recs.iter().map(describe).collect::<Vec<_>>().join("; ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_node_warns_others_do_not() {
        let r = Record::new("n1", "root@h".into(), "t0".into(), Some("DIMM".into()));
        let (warn, msg) = summary(std::slice::from_ref(&r), "n1");
        assert!(warn);
        assert!(
            msg.contains("n1 in maintenance") && msg.contains("DIMM"),
            "{msg}"
        );
        let (warn, msg) = summary(&[r], "n2");
        assert!(!warn && msg.contains("n1"), "{msg}");
        assert_eq!(summary(&[], "n2"), (false, "no node in maintenance".into()));
    }
}
