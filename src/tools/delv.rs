//! delv: DNSSEC validation of one RRset with an explicit trust anchor (passed on stdin).
//!
//! Trap (BIND 9.18 and 9.20, recorded in tests/fixtures/tools/*/bind): a broken trust chain
//! still exits 0, so success is the line
//! `; fully validated`, never the exit status.

use crate::exec::Cmd;
use crate::model::dns::{Fqdn, RType, Server};

pub fn validate(server: &Server, zone: &Fqdn, name: &Fqdn, rtype: RType, anchor: String) -> Cmd {
    Cmd::new("delv")
        .arg(format!("@{}", server.host))
        .args(["-p", &server.port.to_string()])
        .args(["-a", "/dev/stdin"])
        .arg(format!("+root={}", zone.as_str().trim_end_matches('.')))
        .arg(name.as_str())
        .arg(rtype.as_str())
        .stdin(anchor)
        .env("LC_ALL", "C")
        .read_only()
        .unchecked()
        .timeout_secs(20)
        .what(format!("DNSSEC validation of {name} {rtype} at {server}"))
}

/// Whether delv's output says the answer validated.
pub fn fully_validated(stdout: &str, stderr: &str) -> bool {
    stdout
        .lines()
        .chain(stderr.lines())
        .any(|l| l.trim() == "; fully validated")
}

/// The trust-anchors statement for a zone from its DNSKEY records (flags 257 = KSK/CSK), as dig
/// prints them: `257 3 13 BASE64 BASE64…`.
pub fn anchor_from_dnskeys(zone: &Fqdn, dnskeys: &[String]) -> Option<String> {
    let mut s = String::from("trust-anchors {\n");
    let mut n = 0;
    for k in dnskeys {
        let f: Vec<&str> = k.split_ascii_whitespace().collect();
        if f.len() < 4 || f[0] != "257" || f[1] != "3" || f[2].parse::<u8>().is_err() {
            continue;
        }
        let key: String = f[3..].concat();
        if !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
        {
            continue;
        }
        s.push_str(&format!(
            "  \"{zone}\" static-key 257 3 {} \"{key}\";\n",
            f[2]
        ));
        n += 1;
    }
    s.push_str("};\n");
    (n > 0).then_some(s)
}
