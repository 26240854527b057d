//! date: a node's clock.

use crate::exec::{Cmd, Node};

/// `date +%s.%N` on a node over ssh: seconds since the epoch with nanoseconds (parse with
/// `model::join::clock_skew`).
pub fn epoch_nanos(node: &Node) -> Cmd {
    Cmd::new("date")
        .arg("+%s.%N")
        .on(node)
        .read_only()
        .timeout_secs(30)
        .what(format!("the clock of {}", node.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command() {
        let n = Node::new("hv1".to_string(), "10.0.0.1".to_string());
        let c = epoch_nanos(&n);
        assert_eq!(c.to_string(), "[hv1] date +%s.%N");
        assert_eq!(c.effect(), crate::exec::Effect::ReadOnly);
    }
}
