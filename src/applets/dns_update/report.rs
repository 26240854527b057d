//! What a run tells its caller: one JSON document (its field names are an interface) or a
//! summary with a table of changes and one of servers, and the exit code's error.

use std::io::Write;
use std::time::Instant;

use serde::Serialize;

use super::propagation::ServerReport;
use crate::context::Ctx;
use crate::error::{code, Error};
use crate::model::dns::{Change, Fqdn};
use crate::output::{self, Table};

/// The whole JSON report (one document).
#[derive(Debug, Serialize)]
pub(super) struct Report {
    pub status: &'static str,
    /// The run changed records on the server (under --dry-run: would change them); set by
    /// `finish` from the status and the changes (what Ansible's `changed` reports).
    pub changed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollback_of: Option<String>,
    pub zone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    pub tsig_enabled: bool,
    pub changes: Vec<Change>,
    /// Deletes left out with --owner: the name was registered by another owner since.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<Kept>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_applied: Vec<Change>,
    pub servers: Vec<ServerReport>,
    pub propagation_verified: Option<bool>,
    pub dnssec_validated: Option<bool>,
    pub dry_run: bool,
    pub timestamp: String,
    pub elapsed_ms: u128,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Report {
    /// The report of a run in `zone` before it does anything: status ok, no changes.
    pub fn new(zone: &Fqdn, dry_run: bool) -> Report {
        Report {
            status: "ok",
            changed: false,
            journal: None,
            rollback_of: None,
            zone: zone.to_string(),
            hostname: None,
            ip_address: None,
            tsig_enabled: true,
            changes: Vec::new(),
            kept: Vec::new(),
            not_applied: Vec::new(),
            servers: Vec::new(),
            propagation_verified: None,
            dnssec_validated: None,
            dry_run,
            timestamp: crate::clock::now_rfc3339(),
            elapsed_ms: 0,
            error: None,
        }
    }
}

impl Report {
    /// Records changed (or, in a dry run, would change): there are changes and the run neither
    /// found nothing to do, nor failed before sending, nor rolled them back.
    pub fn changes_records(&self) -> bool {
        !self.changes.is_empty() && !matches!(self.status, "unchanged" | "failed" | "rolled_back")
    }
}

/// A delete left out with --owner, and who registered the name since.
#[derive(Debug, Serialize, PartialEq)]
pub(super) struct Kept {
    pub name: String,
    pub owner: String,
}

/// Prints the report (JSON, or the summary unless --quiet on success) and turns a failed run's
/// error text into the error that carries its exit code.
pub(super) fn finish(
    ctx: &Ctx,
    report: &mut Report,
    started: Instant,
    exit: i32,
) -> anyhow::Result<i32> {
    report.elapsed_ms = started.elapsed().as_millis();
    report.changed = report.changes_records();
    if ctx.json() {
        output::print_json(report)?;
    } else if !ctx.flags.quiet || exit != code::OK {
        write_human(report, &mut std::io::stdout().lock())?;
    }
    if let Some(e) = exit_error(exit, report.error.as_deref()) {
        return Err(e);
    }
    Ok(exit)
}

/// The error a failed run ends with: exit 6 stays 6 (partial or rolled back), others exit 1.
fn exit_error(exit: i32, error: Option<&str>) -> Option<anyhow::Error> {
    if exit == code::OK {
        return None;
    }
    let e = error?;
    Some(match exit {
        code::PARTIAL => Error::Partial(e.to_string()).into(),
        _ => anyhow::anyhow!("{e}"),
    })
}

/// The summary for people: the changes (at most 20 rows) and, when verified, the servers.
fn write_human(r: &Report, out: &mut impl Write) -> std::io::Result<()> {
    for k in &r.kept {
        writeln!(
            out,
            "{}: left in place: registered by {} since (--owner)",
            k.name, k.owner
        )?;
    }
    let verb = if r.dry_run { "would change" } else { "changed" };
    let head = match r.status {
        "unchanged" => format!("{}: records already as requested; nothing to do", r.zone),
        _ => format!(
            "{}: {verb} {} RRset(s){}",
            r.zone,
            r.changes.len(),
            r.journal
                .as_ref()
                .map(|j| format!(" (journal {j})"))
                .unwrap_or_default()
        ),
    };
    writeln!(out, "{head}")?;
    if !r.changes.is_empty() {
        let mut t = Table::new(["NAME", "TYPE", "TTL", "OLD", "NEW"]).right(2);
        const MAX: usize = 20;
        for c in r.changes.iter().take(MAX) {
            let show = |v: &[String]| {
                if v.is_empty() {
                    "-".to_string()
                } else {
                    v.join(" ")
                }
            };
            t.row([
                c.name.to_string(),
                c.rtype.to_string(),
                c.ttl.to_string(),
                show(&c.old),
                show(&c.new),
            ]);
        }
        out.write_all(t.render().as_bytes())?;
        if r.changes.len() > MAX {
            writeln!(
                out,
                "… and {} more (--json lists all)",
                r.changes.len() - MAX
            )?;
        }
    }
    if !r.not_applied.is_empty() {
        writeln!(out, "NOT applied: {} RRset(s)", r.not_applied.len())?;
    }
    if !r.servers.is_empty() {
        let mut t = Table::new([
            "SERVER", "ROLE", "SERIAL", "VERIFIED", "DNSSEC", "TIME", "ERROR",
        ])
        .right(2);
        for s in &r.servers {
            t.row([
                s.server.clone(),
                s.role.to_string(),
                s.serial
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "-".into()),
                if s.verified { "yes" } else { "NO" }.to_string(),
                s.dnssec.to_string(),
                s.elapsed_ms
                    .map(|m| format!("{m} ms"))
                    .unwrap_or_else(|| "-".into()),
                s.error.clone().unwrap_or_default(),
            ]);
        }
        out.write_all(t.render().as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::exit_code_of;
    use crate::model::dns::{parse_zone, RType};

    fn fqdn(s: &str) -> Fqdn {
        parse_zone(s).unwrap()
    }

    fn a_change(host: &str, old: &[&str], new: &[&str]) -> Change {
        Change {
            zone: fqdn("example.test"),
            name: fqdn(&format!("{host}.example.test")),
            rtype: RType::A,
            ttl: 300,
            old: old.iter().map(|s| s.to_string()).collect(),
            new: new.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn human(r: &Report) -> String {
        let mut out = Vec::new();
        write_human(r, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn unchanged_says_nothing_to_do() {
        let mut r = Report::new(&fqdn("example.test"), false);
        r.status = "unchanged";
        r.kept.push(Kept {
            name: "vm2.example.test.".into(),
            owner: "node-b".into(),
        });
        assert_eq!(
            human(&r),
            "vm2.example.test.: left in place: registered by node-b since (--owner)\n\
             example.test.: records already as requested; nothing to do\n"
        );
    }

    #[test]
    fn summary_lists_changes_and_servers() {
        let mut r = Report::new(&fqdn("example.test"), false);
        r.journal = Some("j1".into());
        r.changes = vec![a_change("vm1", &[], &["10.0.0.5"])];
        r.not_applied = vec![a_change("vm2", &["10.0.0.6"], &[])];
        r.servers = vec![
            ServerReport {
                server: "127.0.0.1:53".into(),
                role: "primary",
                serial: Some(7),
                verified: true,
                elapsed_ms: Some(12),
                dnssec: "unsigned",
                error: None,
            },
            ServerReport {
                server: "127.0.0.2:53".into(),
                role: "secondary",
                serial: None,
                verified: false,
                elapsed_ms: None,
                dnssec: "unsigned",
                error: Some("not verified".into()),
            },
        ];
        assert_eq!(
            human(&r),
            "example.test.: changed 1 RRset(s) (journal j1)\n\
             NAME               TYPE  TTL  OLD  NEW\n\
             vm1.example.test.  A     300  -    10.0.0.5\n\
             NOT applied: 1 RRset(s)\n\
             SERVER        ROLE       SERIAL  VERIFIED  DNSSEC    TIME   ERROR\n\
             127.0.0.1:53  primary         7  yes       unsigned  12 ms\n\
             127.0.0.2:53  secondary       -  NO        unsigned  -      not verified\n"
        );
    }

    #[test]
    fn a_dry_run_would_change_and_long_lists_are_cut() {
        let mut r = Report::new(&fqdn("example.test"), true);
        r.changes = (0..23)
            .map(|i| a_change(&format!("vm{i:02}"), &[], &["10.0.0.1"]))
            .collect();
        let text = human(&r);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "example.test.: would change 23 RRset(s)");
        // Head line, table header, 20 rows, the remainder line.
        assert_eq!(lines.len(), 23, "{text}");
        assert!(lines[21].starts_with("vm19.example.test."), "{text}");
        assert_eq!(lines[22], "… and 3 more (--json lists all)");
    }

    #[test]
    fn changed_only_when_records_change() {
        let mut r = Report::new(&fqdn("example.test"), false);
        assert!(!r.changes_records(), "no changes");
        r.changes.push(a_change("vm1", &[], &["10.0.0.5"]));
        for (status, changed) in [
            ("ok", true),
            ("dry_run", true),
            ("partial", true),
            ("unverified", true),
            ("unchanged", false),
            ("failed", false),
            ("rolled_back", false),
        ] {
            r.status = status;
            assert_eq!(r.changes_records(), changed, "{status}");
        }
    }

    #[test]
    fn json_leaves_out_empty_optional_fields() {
        let mut r = Report::new(&fqdn("example.test"), false);
        r.timestamp = "2024-05-01T10:00:00Z".into();
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"status":"ok","changed":false,"zone":"example.test.","tsig_enabled":true,"changes":[],"servers":[],"propagation_verified":null,"dnssec_validated":null,"dry_run":false,"timestamp":"2024-05-01T10:00:00Z","elapsed_ms":0}"#
        );
        r.journal = Some("j1".into());
        r.rollback_of = Some("j0".into());
        r.hostname = Some("vm1.example.test.".into());
        r.ip_address = Some("10.0.0.5".into());
        r.error = Some("boom".into());
        r.kept.push(Kept {
            name: "vm2.example.test.".into(),
            owner: "b".into(),
        });
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["journal"], "j1");
        assert_eq!(v["rollback_of"], "j0");
        assert_eq!(v["hostname"], "vm1.example.test.");
        assert_eq!(v["ip_address"], "10.0.0.5");
        assert_eq!(v["error"], "boom");
        assert_eq!(
            v["kept"],
            serde_json::json!([{"name": "vm2.example.test.", "owner": "b"}])
        );
        assert!(v.get("not_applied").is_none());
    }

    #[test]
    fn only_a_partial_run_keeps_exit_code_6() {
        assert!(exit_error(code::OK, Some("ignored")).is_none());
        assert!(exit_error(code::PARTIAL, None).is_none());
        let partial = exit_error(code::PARTIAL, Some("rolled back")).unwrap();
        assert_eq!(partial.to_string(), "rolled back");
        assert_eq!(exit_code_of(&partial), code::PARTIAL);
        let other = exit_error(code::FAILED, Some("failed")).unwrap();
        assert_eq!(exit_code_of(&other), code::FAILED);
    }
}
