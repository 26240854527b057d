//! Putting a journal's old records back: right after a failed run (`--rollback-on-failure`) or
//! later (`--rollback [ID]`). Only RRsets that still hold the journal's new values are
//! restored; one changed since by someone else is a conflict and left alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use super::engine::{bad, Dns, State};
use super::journal::{journal_dir, load_journals, save_journal, Journal};
use super::propagation::Propagation;
use super::report::Report;
use super::{apply_and_verify, Update};
use crate::context::Ctx;
use crate::error::{self, code, Error};
use crate::model::dns::{self, Change, Key, Rrset, Server};
use crate::output;

/// --rollback-on-failure: restore the journal's old records right away.
pub(super) fn undo(
    ctx: &Ctx,
    d: &Dns,
    report: &mut Report,
    journal: &mut Journal,
    dir: &Path,
    deadline: Duration,
) -> anyhow::Result<i32> {
    let why = report.error.clone().unwrap_or_default();
    let server = dns::parse_server(&journal.server).map_err(bad)?;
    // The servers that never got the change cannot confirm its removal either: the primary's
    // NOERROR (with prerequisites) is the proof here.
    let unverified = Propagation {
        verify: false,
        deadline,
    };
    let (done, conflicts) = restore(ctx, d, journal, &server, unverified)?;
    journal.status = "rolled-back".into();
    journal.rolled_back_by = Some(done.clone());
    save_journal(d.exec, dir, journal)?;
    report.status = "rolled_back";
    report.error = Some(format!(
        "{why}; rolled back (journal {done}){}",
        if conflicts.is_empty() {
            String::new()
        } else {
            format!("; NOT restored (changed since): {}", conflicts.join(", "))
        }
    ));
    Ok(code::PARTIAL)
}

/// What restoring a journal takes, given the records in effect now.
#[derive(Debug, Default, PartialEq)]
struct RestorePlan {
    /// The inverse of each change still in effect, from the current values back to the old.
    inverse: Vec<Change>,
    /// `NAME TYPE` of the RRsets changed since: neither the journal's old nor its new values.
    conflicts: Vec<String>,
}

/// Compares as sets: the order of values is the server's, not ours.
fn restore_plan(changes: &[Change], current: &BTreeMap<Key, Rrset>) -> RestorePlan {
    let mut plan = RestorePlan::default();
    for c in changes {
        let cur: Vec<String> = current
            .get(&c.key())
            .map(|r| r.values.iter().cloned().collect())
            .unwrap_or_default();
        let sorted = |v: &[String]| v.iter().cloned().collect::<BTreeSet<_>>();
        if sorted(&cur) == sorted(&c.old) {
            continue;
        }
        if sorted(&cur) == sorted(&c.new) {
            let mut inv = c.inverse();
            inv.old = cur;
            plan.inverse.push(inv);
        } else {
            plan.conflicts.push(conflict_label(c));
        }
    }
    plan
}

fn conflict_label(c: &Change) -> String {
    format!("{} {}", c.name, c.rtype)
}

/// Restores a journal's old records where the current records are still the journal's new
/// ones. Returns the rollback's own journal ID and the RRsets that changed since (skipped).
fn restore(
    ctx: &Ctx,
    d: &Dns,
    journal: &Journal,
    server: &Server,
    propagation: Propagation,
) -> anyhow::Result<(String, Vec<String>)> {
    let keys: BTreeSet<Key> = journal.changes.iter().map(|c| c.key()).collect();
    let zones = journal.changes.iter().map(|c| c.zone.clone()).collect();
    let mut state = State {
        server: Some(server.clone()),
        ..Default::default()
    };
    d.read(&keys, &zones, &mut state)?;
    let RestorePlan { inverse, conflicts } = restore_plan(&journal.changes, &state.rrsets);
    if inverse.is_empty() {
        return Ok(("(nothing to restore)".into(), conflicts));
    }
    let mut sub = Report {
        rollback_of: Some(journal.id.clone()),
        ..Report::new(&d.zone, ctx.dry_run())
    };
    let status = apply_and_verify(
        ctx,
        d,
        &mut sub,
        Update {
            state: &state,
            changes: inverse,
            server,
            propagation,
            rollback_on_failure: false,
            rollback_of: Some(&journal.id),
        },
    )?;
    if status != code::OK {
        return Err(Error::Partial(format!(
            "rollback of {} incomplete: {}",
            journal.id,
            sub.error.unwrap_or_default()
        ))
        .into());
    }
    Ok((sub.journal.unwrap_or_default(), conflicts))
}

/// Whether `--rollback` may restore a journal: a run whose changes took (some) effect, not
/// itself a rollback, not rolled back yet.
fn restorable(j: &Journal) -> bool {
    j.rolled_back_by.is_none()
        && j.rollback_of.is_none()
        && matches!(j.status.as_str(), "applied" | "partial" | "unverified")
}

/// The journal `--rollback ID` names (`latest`: the newest restorable one) among `journals`
/// (oldest first) read from `dir`.
fn choose(journals: &[Journal], id: &str, dir: &Path) -> anyhow::Result<Journal> {
    if id == "latest" {
        return journals
            .iter()
            .rfind(|j| restorable(j))
            .cloned()
            .ok_or_else(|| {
                error::precondition(format!("no journal to roll back in {}", dir.display()))
            });
    }
    // The ID comes from the command line; it names a file.
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(error::invalid(format!(
            "invalid journal ID `{}`",
            id.escape_debug()
        )));
    }
    let j = journals
        .iter()
        .find(|j| j.id == id)
        .cloned()
        .ok_or_else(|| error::invalid(format!("no journal {id} in {}", dir.display())))?;
    if !restorable(&j) {
        return Err(error::precondition(format!(
            "journal {id} cannot be rolled back (status {}{})",
            j.status,
            j.rolled_back_by
                .as_ref()
                .map(|b| format!(", already rolled back by {b}"))
                .unwrap_or_default()
        )));
    }
    Ok(j)
}

/// `--rollback [ID]`.
pub(super) fn rollback(
    ctx: &Ctx,
    d: &Dns,
    id: &str,
    propagation: Propagation,
    started: Instant,
) -> anyhow::Result<i32> {
    let dir = journal_dir(ctx)?;
    let journals = load_journals(&dir)?;
    let mut j = choose(&journals, id, &dir)?;
    if j.zone != d.zone {
        return Err(error::invalid(format!(
            "journal {} is for zone {}, not {}",
            j.id, j.zone, d.zone
        )));
    }
    // The server the journal was applied at, unless it is no longer a primary.
    let server = dns::parse_server(&j.server)
        .ok()
        .filter(|s| d.primaries.contains(s))
        .unwrap_or_else(|| d.primaries[0].clone());
    let (done, conflicts) = restore(ctx, d, &j, &server, propagation)?;
    if !ctx.dry_run() {
        j.status = "rolled-back".into();
        j.rolled_back_by = Some(done.clone());
        save_journal(d.exec, &dir, &j)?;
    }
    let doc = serde_json::json!({
        "status": if conflicts.is_empty() { "rolled_back" } else { "partial" },
        "journal": j.id, "rollback_journal": done, "zone": j.zone,
        "restored": restored(&j, &conflicts),
        "conflicts": conflicts, "dry_run": ctx.dry_run(), "elapsed_ms": started.elapsed().as_millis(),
    });
    if ctx.json() {
        output::print_json(&doc)?;
    } else {
        println!(
            "rolled back journal {} ({} RRset(s)); rollback journal {done}",
            j.id,
            j.changes.len() - conflicts.len()
        );
    }
    if !conflicts.is_empty() {
        return Err(Error::Partial(format!(
            "not restored because they changed since {}: {}",
            j.id,
            conflicts.join(", ")
        ))
        .into());
    }
    Ok(code::OK)
}

/// The report's `restored`: the journal's changes undone, less the conflicts.
fn restored(j: &Journal, conflicts: &[String]) -> Vec<Change> {
    j.changes
        .iter()
        .filter(|c| !conflicts.contains(&conflict_label(c)))
        .map(|c| c.inverse())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::exit_code_of;
    use crate::model::dns::{parse_zone, Fqdn, RType};

    fn fqdn(s: &str) -> Fqdn {
        parse_zone(s).unwrap()
    }

    fn change(name: &str, rtype: RType, old: &[&str], new: &[&str]) -> Change {
        Change {
            zone: fqdn("example.test"),
            name: fqdn(name),
            rtype,
            ttl: 300,
            old: old.iter().map(|s| s.to_string()).collect(),
            new: new.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn current(entries: &[(&str, RType, &[&str])]) -> BTreeMap<Key, Rrset> {
        entries
            .iter()
            .map(|(name, rtype, values)| {
                (
                    Key {
                        name: fqdn(name),
                        rtype: *rtype,
                    },
                    Rrset {
                        ttl: Some(300),
                        values: values.iter().map(|s| s.to_string()).collect(),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn plan_inverts_what_is_still_in_effect() {
        let changes = [
            // Still the new values, in another order: restored from them.
            change(
                "vm1.example.test",
                RType::A,
                &["10.0.0.1"],
                &["10.0.0.2", "10.0.0.3"],
            ),
            // Added, now absent again: already as before.
            change("vm2.example.test", RType::A, &[], &["10.0.0.9"]),
            // Changed by someone else since: a conflict.
            change("vm3.example.test", RType::AAAA, &["fd00::1"], &["fd00::2"]),
            // Deleted and still absent: recreated.
            change("vm4.example.test", RType::TXT, &["\"x\""], &[]),
        ];
        let now = current(&[
            ("vm1.example.test", RType::A, &["10.0.0.3", "10.0.0.2"]),
            ("vm3.example.test", RType::AAAA, &["fd00::7"]),
        ]);
        let plan = restore_plan(&changes, &now);
        assert_eq!(
            plan.inverse,
            [
                change(
                    "vm1.example.test",
                    RType::A,
                    &["10.0.0.2", "10.0.0.3"],
                    &["10.0.0.1"]
                ),
                change("vm4.example.test", RType::TXT, &[], &["\"x\""]),
            ]
        );
        assert_eq!(plan.conflicts, ["vm3.example.test. AAAA"]);
    }

    #[test]
    fn plan_is_empty_when_everything_is_back() {
        let changes = [change(
            "vm1.example.test",
            RType::A,
            &["10.0.0.1"],
            &["10.0.0.2"],
        )];
        let now = current(&[("vm1.example.test", RType::A, &["10.0.0.1"])]);
        assert_eq!(restore_plan(&changes, &now), RestorePlan::default());
    }

    #[test]
    fn restored_leaves_out_conflicts() {
        let j = Journal {
            id: "j1".into(),
            time: String::new(),
            user: String::new(),
            zone: fqdn("example.test"),
            server: "127.0.0.1:53".into(),
            status: "applied".into(),
            rollback_of: None,
            rolled_back_by: None,
            changes: vec![
                change("vm1.example.test", RType::A, &["10.0.0.1"], &["10.0.0.2"]),
                change("vm3.example.test", RType::AAAA, &[], &["fd00::2"]),
            ],
        };
        let conflicts = ["vm3.example.test. AAAA".to_string()];
        assert_eq!(
            restored(&j, &conflicts),
            [change(
                "vm1.example.test",
                RType::A,
                &["10.0.0.2"],
                &["10.0.0.1"]
            )]
        );
    }

    fn journal(id: &str, status: &str) -> Journal {
        Journal {
            id: id.into(),
            time: String::new(),
            user: String::new(),
            zone: fqdn("example.test"),
            server: "127.0.0.1:53".into(),
            status: status.into(),
            rollback_of: None,
            rolled_back_by: None,
            changes: Vec::new(),
        }
    }

    #[test]
    fn latest_is_the_newest_restorable_run() {
        let mut undone = journal("j4", "applied");
        undone.rolled_back_by = Some("j5".into());
        let mut undo = journal("j5", "applied");
        undo.rollback_of = Some("j4".into());
        let journals = [
            journal("j1", "applied"),
            journal("j2", "unverified"),
            journal("j3", "failed"),
            undone,
            undo,
        ];
        let dir = Path::new("/state/dns-update");
        assert_eq!(choose(&journals, "latest", dir).unwrap().id, "j2");
        let none = choose(&journals[2..], "latest", dir).unwrap_err();
        assert_eq!(
            none.to_string(),
            "no journal to roll back in /state/dns-update"
        );
        assert_eq!(exit_code_of(&none), code::PRECONDITION);
    }

    #[test]
    fn an_id_must_name_a_restorable_journal() {
        let mut undone = journal("j1", "rolled-back");
        undone.rolled_back_by = Some("j2".into());
        let journals = [undone, journal("j3", "partial"), journal("j4", "pending")];
        let dir = Path::new("/d");
        assert_eq!(choose(&journals, "j3", dir).unwrap().id, "j3");

        let e = choose(&journals, "j1", dir).unwrap_err();
        assert_eq!(
            e.to_string(),
            "journal j1 cannot be rolled back (status rolled-back, already rolled back by j2)"
        );
        assert_eq!(exit_code_of(&e), code::PRECONDITION);
        let e = choose(&journals, "j4", dir).unwrap_err();
        assert_eq!(
            e.to_string(),
            "journal j4 cannot be rolled back (status pending)"
        );

        let e = choose(&journals, "j9", dir).unwrap_err();
        assert_eq!(e.to_string(), "no journal j9 in /d");
        assert_eq!(exit_code_of(&e), code::INVALID);
        for bad in ["", "../j1", "j1.json"] {
            let e = choose(&journals, bad, dir).unwrap_err();
            assert!(e.to_string().starts_with("invalid journal ID"), "{e}");
            assert_eq!(exit_code_of(&e), code::INVALID);
        }
    }
}
