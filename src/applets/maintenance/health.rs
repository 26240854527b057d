//! health-check's "maintenance" check: Warning when this node is in maintenance (naming the
//! reason), Ok otherwise (naming the other nodes that are).

use crate::context::Ctx;
use crate::model::maintenance::Record;

/// (warning?, message)
pub fn check(ctx: &Ctx, this_node: &str) -> Option<(bool, String)> {
    let recs = super::guard::marked(ctx)?;
    Some(summary(&recs, this_node))
}

fn describe(r: &Record) -> String {
    format!(
        "{} in maintenance ({}) since {} by {}{}",
        r.node,
        r.phase.as_str(),
        r.since,
        r.by,
        r.reason
            .as_deref()
            .map(|x| format!(": {x}"))
            .unwrap_or_default()
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
