//! dig: DNS queries. Many queries, one process: the batch goes on stdin (`dig -f -`) and the
//! `+yaml` output is parsed per query (model::dns_dig).

use crate::exec::Cmd;
use crate::model::dns_dig::{self, Query};

/// A read-only batch of queries; `dnssec` also asks for RRSIGs.
pub fn batch(queries: &[Query], timeout_secs: u64, dnssec: bool, what: impl Into<String>) -> Cmd {
    let mut c = Cmd::new("dig")
        .args(["-f", "-", "+yaml", "+norec", "+tries=1"])
        .arg(format!("+time={}", timeout_secs.max(1)));
    if dnssec {
        c = c.arg("+dnssec");
    }
    // Worst case every query times out; the layer's deadline bounds the whole batch.
    let deadline = (queries.len() as u64 * timeout_secs.max(1)).clamp(10, 600);
    c.stdin(dns_dig::render_batch(queries))
        .env("LC_ALL", "C")
        .read_only()
        .unchecked()
        .timeout_secs(deadline)
        .what(what)
}
