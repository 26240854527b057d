//! packaging/prometheus/debvisor-alerts.yml: accepted by `promtool check rules`, every rule
//! proven by `promtool test rules` (debvisor-alerts.test.yml: a series that fires only after
//! its `for:` and one that stays quiet), and every debvisor_* series a rule reads is one that
//! `debvisor metrics` exports.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn dir() -> PathBuf {
    common::repo().join("packaging/prometheus")
}

fn promtool(test: &str) -> bool {
    if which::which("promtool").is_err() {
        common::skip(
            test,
            "promtool not installed (apt-get install prometheus; scripts/install-deps --test)",
        );
        return false;
    }
    true
}

fn alert_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("- alert: "))
        .map(|s| s.trim().to_string())
        .collect()
}

#[test]
fn promtool_checks_and_unit_tests_the_alert_rules() {
    if !promtool("promtool_checks_and_unit_tests_the_alert_rules") {
        return;
    }
    let out = Command::new("promtool")
        .args(["check", "rules", "debvisor-alerts.yml"])
        .current_dir(dir())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rules = std::fs::read_to_string(dir().join("debvisor-alerts.yml")).unwrap();
    let n = alert_names(&rules).len();
    assert!(
        text.contains(&format!("SUCCESS: {n} rules found")),
        "{text}"
    );

    let out = Command::new("promtool")
        .args(["test", "rules", "debvisor-alerts.test.yml"])
        .current_dir(dir())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "promtool test rules failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // Control: the tests do test the rules — a rule whose threshold moved fails them.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("debvisor-alerts.yml"),
        rules.replace("debvisor_dns_serial_lag > 0", "debvisor_dns_serial_lag > 5"),
    )
    .unwrap();
    std::fs::copy(
        dir().join("debvisor-alerts.test.yml"),
        tmp.path().join("debvisor-alerts.test.yml"),
    )
    .unwrap();
    let out = Command::new("promtool")
        .args(["test", "rules", "debvisor-alerts.test.yml"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(!out.status.success(), "a broken rule passed its tests");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("DebvisorDnsSerialDivergence"), "{said}");
}

#[test]
fn every_alert_has_unit_tests_and_reads_exported_series() {
    let rules = std::fs::read_to_string(dir().join("debvisor-alerts.yml")).unwrap();
    let tests = std::fs::read_to_string(dir().join("debvisor-alerts.test.yml")).unwrap();
    let names = alert_names(&rules);
    for wanted in [
        "DebvisorDnsSerialDivergence",
        "DebvisorDnsZoneExpiring",
        "DebvisorDnssecSignatureExpiring",
        "DebvisorDnssecValidationFailing",
        "DebvisorTsigKeyTooOld",
        "DebvisorCephHealthError",
        "DebvisorCephHealthWarning",
        "DebvisorCephPgsNotClean",
        "DebvisorCephPoolFillingUp",
        "DebvisorZfsPoolNotOnline",
        "DebvisorZfsScrubOverdue",
        "DebvisorBlocklistStale",
        "DebvisorBlocklistDrift",
        "DebvisorRootFilesystemFull",
        "DebvisorCollectorFailing",
        "DebvisorTimerFailed",
    ] {
        assert!(names.iter().any(|n| n == wanted), "no rule {wanted}");
    }
    for n in &names {
        let firing = format!("alertname: {n}\n        exp_alerts:\n          - exp_labels:");
        let quiet = format!("alertname: {n}\n        exp_alerts: []");
        assert!(tests.contains(&firing), "{n}: no test where it fires");
        assert!(tests.contains(&quiet), "{n}: no test where it stays quiet");
    }
    // Every debvisor_* series in the rules is a name the collectors register.
    let src: String = ["src/applets/metrics", "src/applets/blocklist"]
        .iter()
        .flat_map(|d| std::fs::read_dir(common::repo().join(d)).unwrap())
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect();
    let mut series = BTreeSet::new();
    for w in rules.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if let Some(rest) = w.strip_prefix("debvisor_") {
            series.insert(rest.to_string());
        }
    }
    assert!(series.len() > 10, "{series:?}");
    for s in series {
        assert!(
            src.contains(&format!("\"{s}\"")),
            "the rules read debvisor_{s}, which no collector exports"
        );
    }
}
