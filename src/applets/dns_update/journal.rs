//! The rollback journal: one JSON file per run under `<state_dir>/dns-update/`, holding the old
//! and new RRsets. It is on disk before anything changes and follows the run
//! (pending → applied | partial | failed | unverified → rolled-back). Its format is an
//! interface: `--rollback` reads the files earlier versions wrote.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::context::Ctx;
use crate::error::{self, code};
use crate::exec::files::FileSpec;
use crate::exec::Exec;
use crate::model::dns::{Change, Fqdn, Server};
use crate::output::{self, Table};

/// The rollback journal of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    pub id: String,
    pub time: String,
    pub user: String,
    pub zone: Fqdn,
    pub server: String,
    /// pending | applied | partial | failed | unverified | rolled-back
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolled_back_by: Option<String>,
    pub changes: Vec<Change>,
}

impl Journal {
    /// A pending journal for `changes` about to be sent to `server`; `rollback_of` names the
    /// journal they undo.
    pub(super) fn new(
        zone: &Fqdn,
        server: &Server,
        rollback_of: Option<&str>,
        changes: Vec<Change>,
    ) -> Journal {
        Journal {
            id: new_journal_id(),
            time: crate::clock::now_rfc3339(),
            user: invoking_user(),
            zone: zone.clone(),
            server: server.to_string(),
            status: "pending".into(),
            rollback_of: rollback_of.map(str::to_string),
            rolled_back_by: None,
            changes,
        }
    }

    /// What the `--journal` listing says about the journal's relation to others.
    fn note(&self) -> String {
        self.rollback_of
            .as_ref()
            .map(|r| format!("rollback of {r}"))
            .or_else(|| {
                self.rolled_back_by
                    .as_ref()
                    .map(|r| format!("rolled back by {r}"))
            })
            .unwrap_or_default()
    }
}

/// The person behind the run: through sudo, the user who called sudo.
fn invoking_user() -> String {
    std::env::var("SUDO_USER")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| format!("uid:{}", nix::unistd::getuid()))
}

pub(super) fn journal_dir(ctx: &Ctx) -> anyhow::Result<PathBuf> {
    Ok(ctx.general()?.state_dir.join("dns-update"))
}

/// The time stamp sorts the journals; the PID keeps two runs in the same second apart.
fn new_journal_id() -> String {
    let t: String = crate::clock::now_rfc3339()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("{t}-{}", std::process::id())
}

/// The file contents: pretty-printed JSON and a final newline.
fn to_file_bytes(j: &Journal) -> anyhow::Result<Vec<u8>> {
    let mut body = serde_json::to_vec_pretty(j)?;
    body.push(b'\n');
    Ok(body)
}

pub(super) fn save_journal(exec: &Exec, dir: &Path, j: &Journal) -> anyhow::Result<()> {
    exec.create_dir_all(dir, 0o750)?;
    let body = to_file_bytes(j)?;
    exec.write_file(
        &dir.join(format!("{}.json", j.id)),
        &body,
        FileSpec::mode(0o640),
    )
}

/// Every readable journal in `dir`, oldest first; a missing directory holds none.
pub(super) fn load_journals(dir: &Path) -> anyhow::Result<Vec<Journal>> {
    let mut out = Vec::new();
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => {
            return Err(error::precondition(format!(
                "cannot read {}: {e}",
                dir.display()
            )))
        }
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "json") {
            let text = std::fs::read_to_string(&p)?;
            match serde_json::from_str::<Journal>(&text) {
                Ok(j) => out.push(j),
                Err(err) => tracing::warn!("ignoring unreadable journal {}: {err}", p.display()),
            }
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// `--journal`: one JSON document per journal, or a table.
pub(super) fn list_journal(ctx: &Ctx) -> anyhow::Result<i32> {
    let journals = load_journals(&journal_dir(ctx)?)?;
    if ctx.json() {
        for j in &journals {
            output::print_json(j)?;
        }
        return Ok(code::OK);
    }
    journal_table(&journals).print()?;
    Ok(code::OK)
}

fn journal_table(journals: &[Journal]) -> Table {
    let mut t = Table::new(["ID", "TIME", "USER", "ZONE", "STATUS", "RRSETS", "NOTE"]).right(5);
    for j in journals {
        t.row([
            j.id.clone(),
            j.time.clone(),
            j.user.clone(),
            j.zone.to_string(),
            j.status.clone(),
            j.changes.len().to_string(),
            j.note(),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dns::{parse_zone, RType};

    fn fqdn(s: &str) -> Fqdn {
        parse_zone(s).unwrap()
    }

    fn journal(id: &str, status: &str) -> Journal {
        Journal {
            id: id.into(),
            time: "2024-05-01T10:00:00Z".into(),
            user: "alice".into(),
            zone: fqdn("example.test"),
            server: "127.0.0.1:5353".into(),
            status: status.into(),
            rollback_of: None,
            rolled_back_by: None,
            changes: vec![Change {
                zone: fqdn("example.test"),
                name: fqdn("vm1.example.test"),
                rtype: RType::A,
                ttl: 300,
                old: vec!["10.0.0.4".into()],
                new: vec!["10.0.0.5".into()],
            }],
        }
    }

    #[test]
    fn file_format_is_pretty_json_without_empty_links() {
        let text = String::from_utf8(to_file_bytes(&journal("j1", "applied")).unwrap()).unwrap();
        assert_eq!(
            text,
            r#"{
  "id": "j1",
  "time": "2024-05-01T10:00:00Z",
  "user": "alice",
  "zone": "example.test.",
  "server": "127.0.0.1:5353",
  "status": "applied",
  "changes": [
    {
      "zone": "example.test.",
      "name": "vm1.example.test.",
      "type": "A",
      "ttl": 300,
      "old": [
        "10.0.0.4"
      ],
      "new": [
        "10.0.0.5"
      ]
    }
  ]
}
"#
        );
    }

    #[test]
    fn serialization_round_trips_with_links() {
        let mut j = journal("j2", "rolled-back");
        j.rollback_of = Some("j0".into());
        j.rolled_back_by = Some("j3".into());
        let bytes = to_file_bytes(&j).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.contains(r#""rollback_of": "j0""#), "{text}");
        assert!(text.contains(r#""rolled_back_by": "j3""#), "{text}");
        assert_eq!(serde_json::from_slice::<Journal>(&bytes).unwrap(), j);
    }

    #[test]
    fn new_journal_is_pending_and_names_the_server() {
        let server = crate::model::dns::parse_server("[fd00::1]:53").unwrap();
        let j = Journal::new(&fqdn("example.test"), &server, Some("j0"), Vec::new());
        assert_eq!(j.status, "pending");
        assert_eq!(j.server, "[fd00::1]:53");
        assert_eq!(j.rollback_of.as_deref(), Some("j0"));
        assert_eq!(j.rolled_back_by, None);
        // The ID sorts by time: digits and `T`/`Z` of the time stamp, then `-PID`.
        let (stamp, pid) = j.id.rsplit_once('-').unwrap();
        assert_eq!(pid, std::process::id().to_string());
        assert!(stamp.chars().all(|c| c.is_ascii_alphanumeric()), "{stamp}");
    }

    #[test]
    fn loads_readable_journals_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        for id in ["20240502T000000Z-2", "20240501T000000Z-1"] {
            std::fs::write(
                dir.path().join(format!("{id}.json")),
                to_file_bytes(&journal(id, "applied")).unwrap(),
            )
            .unwrap();
        }
        std::fs::write(dir.path().join("broken.json"), "{not json").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let ids: Vec<String> = load_journals(dir.path())
            .unwrap()
            .into_iter()
            .map(|j| j.id)
            .collect();
        assert_eq!(ids, ["20240501T000000Z-1", "20240502T000000Z-2"]);
        assert!(load_journals(&dir.path().join("missing"))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn listing_notes_rollback_links() {
        let mut undone = journal("j1", "rolled-back");
        undone.rolled_back_by = Some("j2".into());
        let mut undo = journal("j2", "applied");
        undo.rollback_of = Some("j1".into());
        let table = journal_table(&[undone, undo]).render();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3, "{table}");
        assert!(lines[0].starts_with("ID"), "{table}");
        assert!(lines[1].starts_with("j1"), "{table}");
        assert!(lines[1].ends_with("rolled back by j2"), "{table}");
        assert!(lines[2].ends_with("rollback of j1"), "{table}");
        assert!(
            lines[1].contains("  alice  example.test.  rolled-back"),
            "{table}"
        );
    }
}
