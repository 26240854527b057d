//! nsupdate's output: the per-message status printed by `answer`, and its error texts
//! (recorded from BIND 9.18 and 9.20: tests/fixtures/tools/*/bind) translated into clear messages and
//! failure kinds that map to exit codes.

use std::fmt;

/// Statuses of the UPDATE replies, in order (one per `send` + `answer` that got a reply).
pub fn reply_statuses(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| {
            let rest = l.split_once("opcode: UPDATE, status: ")?.1;
            Some(rest.split(',').next().unwrap_or("").trim().to_string())
        })
        .collect()
}

/// Why an update failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The server rejected our TSIG key or signature (BADSIG, BADKEY, BADTIME).
    Auth,
    /// Refused (no key accepted, or not allowed by the update policy, or sent to a secondary).
    Refused,
    /// The server is not authoritative for the zone, or a name is outside it.
    WrongZone,
    /// A prerequisite failed: the records changed since they were read.
    Concurrent,
    /// No server answered.
    Unreachable,
    /// The server did not answer in time (the update may still be applied later).
    Timeout,
    /// The message did not fit (should never happen: batches are split).
    TooLarge,
    /// nsupdate rejected the script (should never happen: input is validated).
    Syntax,
    /// No reply and no recognised error text (e.g. the script was not sent).
    NotSent,
    Other,
}

impl Failure {
    /// Whether trying the next primary could help.
    pub fn try_next_server(&self) -> bool {
        matches!(self, Failure::Unreachable | Failure::Timeout)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    pub kind: Failure,
    pub message: String,
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Explains a failed run from its stderr and the reply statuses. `server` and `key_file`
/// name what to check.
pub fn diagnose(stderr: &str, statuses: &[String], server: &str, key_file: &str) -> Diagnosis {
    let has = |s: &str| stderr.contains(s);
    let d = |kind, message: String| Diagnosis { kind, message };
    // stderr carries the TSIG error (`NOTAUTH(BADSIG)`); the reply header only says NOTAUTH.
    let failed_status = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("update failed: "))
        .map(|s| s.trim().to_string())
        .or_else(|| statuses.iter().find(|s| s.as_str() != "NOERROR").cloned());
    if has("could not read key from") || has("could not create key from") {
        return d(
            Failure::Auth,
            format!("nsupdate could not read the TSIG key file {key_file}"),
        );
    }
    if has("unknown key type") {
        return d(
            Failure::Auth,
            format!("the TSIG key in {key_file} has an algorithm nsupdate does not know"),
        );
    }
    if has("ran out of space") {
        return d(
            Failure::TooLarge,
            "an UPDATE message exceeded 64 KB (this is a bug: batches are split)".into(),
        );
    }
    if has("syntax error")
        || has("invalid owner name")
        || has("invalid rdata")
        || has("bad dotted quad")
    {
        let first = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        return d(
            Failure::Syntax,
            format!(
                "nsupdate rejected the update script ({first}); nothing after the error was sent"
            ),
        );
    }
    if let Some(st) = failed_status.as_deref() {
        let (kind, msg) = if st.contains("BADSIG") {
            (Failure::Auth, format!("{server} rejected the TSIG signature (BADSIG): the secret in {key_file} does not match the server's key"))
        } else if st.contains("BADKEY") {
            (Failure::Auth, format!("{server} does not know the TSIG key in {key_file} (BADKEY): wrong key name or algorithm, or the server is a secondary"))
        } else if st.contains("BADTIME") {
            (Failure::Auth, format!("{server} rejected the TSIG time (BADTIME): the clocks differ by more than 5 minutes"))
        } else if st.starts_with("NOTAUTH") {
            (Failure::WrongZone, format!("{server} is not authoritative for the zone (NOTAUTH): check --zone and --server"))
        } else if st.starts_with("NOTZONE") {
            (
                Failure::WrongZone,
                format!("a name is outside the zone being updated (NOTZONE) at {server}"),
            )
        } else if st.starts_with("REFUSED") {
            (Failure::Refused, format!("{server} refused the update (REFUSED): the key in {key_file} is not allowed by the zone's update-policy, or the server is not a primary"))
        } else if st.starts_with("NXRRSET")
            || st.starts_with("YXRRSET")
            || st.starts_with("NXDOMAIN")
            || st.starts_with("YXDOMAIN")
        {
            (Failure::Concurrent, format!("the records changed on {server} since they were read ({st}); nothing was overwritten: run the command again"))
        } else if st.starts_with("SERVFAIL") {
            (
                Failure::Other,
                format!("{server} failed to apply the update (SERVFAIL): see the server's log"),
            )
        } else {
            (
                Failure::Other,
                format!("{server} answered the update with {st}"),
            )
        };
        return d(kind, msg);
    }
    if has("timed out") {
        return d(
            Failure::Timeout,
            format!("{server} did not answer the update in time; it may still apply it later (prerequisites keep that safe)"),
        );
    }
    if has("could not reach any name server")
        || has("connection refused")
        || has("operation canceled")
        || has("network unreachable")
        || has("host unreachable")
    {
        return d(
            Failure::Unreachable,
            format!("cannot reach the DNS server {server}"),
        );
    }
    let tail = stderr.trim();
    d(
        if tail.is_empty() {
            Failure::NotSent
        } else {
            Failure::Other
        },
        if tail.is_empty() {
            format!(
                "nsupdate reported no reply from {server} (the update was not confirmed as sent)"
            )
        } else {
            format!("nsupdate failed: {}", tail.lines().last().unwrap_or(tail))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(stderr: &str) -> Failure {
        diagnose(stderr, &[], "127.0.0.1:53", "/k").kind
    }

    #[test]
    fn recipe_texts() {
        assert_eq!(
            kind(
                "; TSIG error with server: tsig indicates error\nupdate failed: NOTAUTH(BADSIG)\n"
            ),
            Failure::Auth
        );
        assert_eq!(kind("update failed: NOTAUTH(BADKEY)\n"), Failure::Auth);
        assert_eq!(kind("update failed: REFUSED\n"), Failure::Refused);
        assert_eq!(kind("update failed: REFUSED(BADKEY)\n"), Failure::Auth);
        assert_eq!(kind("update failed: NOTAUTH\n"), Failure::WrongZone);
        assert_eq!(kind("update failed: NOTZONE\n"), Failure::WrongZone);
        assert_eq!(kind("update failed: NXRRSET\n"), Failure::Concurrent);
        assert_eq!(kind("update failed: YXDOMAIN\n"), Failure::Concurrent);
        assert_eq!(
            kind("; Communication with 127.0.0.1#1 failed: REFUSED\ncould not reach any name server\n"),
            Failure::Unreachable
        );
        assert_eq!(
            kind("; Communication with 127.0.0.1#5 failed: operation canceled\n"),
            Failure::Unreachable
        );
        assert_eq!(
            kind("; Communication with 127.0.0.1#5 failed: timed out\n"),
            Failure::Timeout
        );
        assert_eq!(
            kind("dns_request_create: ran out of space\n"),
            Failure::TooLarge
        );
        assert_eq!(
            kind("invalid owner name: empty label\nsyntax error\n"),
            Failure::Syntax
        );
        assert_eq!(
            kind("could not read key from /k.{private,key}: file not found\nupdate failed: REFUSED\n"),
            Failure::Auth
        );
        assert_eq!(kind(""), Failure::NotSent);
        let d = diagnose(
            "update failed: NOTAUTH(BADSIG)\n",
            &["NOTAUTH".into()],
            "s",
            "/k",
        );
        assert_eq!(d.kind, Failure::Auth);
        let d = diagnose("", &["NOERROR".into(), "NXRRSET".into()], "s", "/k");
        assert_eq!(d.kind, Failure::Concurrent);
    }

    #[test]
    fn statuses_from_answer_output() {
        let out =
            "Answer:\n;; ->>HEADER<<- opcode: UPDATE, status: NOERROR, id:  40718\n;; flags: qr\n\
                   Answer:\n;; ->>HEADER<<- opcode: UPDATE, status: NXRRSET, id:     24\n";
        assert_eq!(reply_statuses(out), vec!["NOERROR", "NXRRSET"]);
        assert!(reply_statuses("").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            let _ = diagnose(&s, &reply_statuses(&s), "s", "k");
        }
    }
}
