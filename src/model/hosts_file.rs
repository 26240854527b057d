//! hosts(5) lines for dnsmasq's `hostsdir` (`/etc/dnsmasq.d/hosts/<host>.conf`), and the DNS
//! name checks shared by hostname-register and vm-register.
//!
//! A name that reaches a file path, a hosts line or a DNS update is validated here first: only
//! letters, digits and hyphens per label (RFC 1123), so it can never carry a path separator, a
//! newline, a space or a shell/nsupdate metacharacter.

use std::net::IpAddr;

/// The first line of every file hostname-register writes; only files carrying it are ever
/// removed as stale.
pub const MARKER: &str = "# managed by debvisor hostname-register; do not edit";

/// One DNS label: 1–63 of `[A-Za-z0-9-]`, not starting or ending with `-`.
pub fn validate_label(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("empty name".into());
    }
    if s.len() > 63 {
        return Err(format!(
            "`{}…` is longer than 63 characters",
            safe_prefix(s)
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(format!(
            "`{}` contains {c:?} (only letters, digits and `-` are allowed)",
            safe_prefix(s)
        ));
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Err(format!("`{s}` starts or ends with `-`"));
    }
    Ok(())
}

/// A fully qualified name of at least two labels (a trailing dot is accepted). Returns it
/// lower-cased, without the trailing dot.
pub fn normalize_fqdn(s: &str) -> Result<String, String> {
    let t = s.strip_suffix('.').unwrap_or(s);
    if t.len() > 253 {
        return Err(format!(
            "`{}…` is longer than 253 characters",
            safe_prefix(s)
        ));
    }
    let labels: Vec<&str> = t.split('.').collect();
    if labels.len() < 2 {
        return Err(format!(
            "`{}` is not fully qualified (expected host.domain)",
            safe_prefix(s)
        ));
    }
    for l in &labels {
        validate_label(l).map_err(|e| format!("invalid name `{}`: {e}", safe_prefix(s)))?;
    }
    Ok(t.to_ascii_lowercase())
}

/// The host part (first label) of a normalized FQDN.
pub fn host_of(fqdn: &str) -> &str {
    fqdn.split('.').next().unwrap_or(fqdn)
}

/// The file contents: the marker and one hosts(5) line `ADDR FQDN HOST`.
pub fn render(addr: IpAddr, fqdn: &str, host: &str) -> String {
    if fqdn == host {
        format!("{MARKER}\n{addr} {fqdn}\n")
    } else {
        format!("{MARKER}\n{addr} {fqdn} {host}\n")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostsLine {
    pub addr: IpAddr,
    pub names: Vec<String>,
}

/// Parses hosts(5) text leniently: comments and malformed lines are skipped. Never panics.
pub fn parse(text: &str) -> Vec<HostsLine> {
    text.lines()
        .filter_map(|l| {
            let l = l.split('#').next().unwrap_or("");
            let mut f = l.split_whitespace();
            let addr = f.next()?.parse().ok()?;
            let names: Vec<String> = f.map(str::to_string).collect();
            (!names.is_empty()).then_some(HostsLine { addr, names })
        })
        .collect()
}

/// Whether a file was written by hostname-register (so it may be removed when stale).
pub fn is_managed(text: &str) -> bool {
    text.lines().next() == Some(MARKER)
}

/// At most 40 characters of untrusted input, with control characters escaped, for messages.
pub fn safe_prefix(s: &str) -> String {
    s.chars().take(40).flat_map(char::escape_default).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn labels_and_fqdns() {
        assert!(validate_label("node-1").is_ok());
        for bad in [
            "", "-a", "a-", "a.b", "a/b", "../x", "a b", "a\nb", "a;b", "é", "a_b",
        ] {
            assert!(validate_label(bad).is_err(), "{bad:?}");
        }
        assert!(validate_label(&"a".repeat(64)).is_err());
        assert_eq!(
            normalize_fqdn("Node1.DebVisor.local.").unwrap(),
            "node1.debvisor.local"
        );
        assert!(normalize_fqdn("node1").is_err());
        assert!(normalize_fqdn("node1..local").is_err());
        assert!(normalize_fqdn("../../etc/passwd").is_err());
        assert!(normalize_fqdn("a.b\nupdate add x").is_err());
        assert_eq!(host_of("node1.debvisor.local"), "node1");
    }

    #[test]
    fn renders_and_parses_back() {
        let s = render(
            "10.10.20.7".parse().unwrap(),
            "node7.debvisor.local",
            "node7",
        );
        assert_eq!(
            s,
            format!("{MARKER}\n10.10.20.7 node7.debvisor.local node7\n")
        );
        assert!(is_managed(&s));
        assert_eq!(
            parse(&s),
            vec![HostsLine {
                addr: "10.10.20.7".parse().unwrap(),
                names: vec!["node7.debvisor.local".into(), "node7".into()]
            }]
        );
        assert!(parse("garbage\n1.2.3.4\n# x\n").is_empty());
        assert!(!is_managed("10.0.0.1 x\n"));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = parse(&s);
            let _ = normalize_fqdn(&s);
            let _ = validate_label(&s);
            let _ = safe_prefix(&s);
        }

        #[test]
        fn valid_names_cannot_carry_separators(s in "[a-z0-9./ ;\n-]{1,30}") {
            if let Ok(n) = normalize_fqdn(&s) {
                prop_assert!(!n.contains('/') && !n.contains(' ') && !n.contains('\n') && !n.contains(';'));
            }
        }
    }
}
