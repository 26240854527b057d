//! The execution layer's guarantees, exercised through the library API with real processes.

use std::time::{Duration, Instant};

use debvisor::error::{exit_code_of, Error, Termination};
use debvisor::exec::{AuditLog, Cmd, Exec, Node, Secret};

fn exec(dir: &std::path::Path, dry_run: bool) -> Exec {
    let audit = AuditLog::new(
        dir.join("audit.jsonl"),
        "test",
        &["debvisor".into(), "test".into()],
    );
    Exec::new(dry_run, false, audit)
}

fn audit_lines(dir: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn shell_reads_back_exactly_the_quoted_words() {
    let nasty = [
        "x; rm -rf /",
        "$(id)",
        "`id`",
        "a'b\"c",
        "new\nline",
        "*",
        "~root",
        "-n",
        "tab\there",
        "ünï",
    ];
    let script = format!(
        "printf '%s\\0' {}",
        debvisor::exec::quote::join(nasty.iter().copied())
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    let got: Vec<String> = out
        .stdout
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8(s.to_vec()).unwrap())
        .collect();
    assert_eq!(got, nasty);
}

#[test]
fn failure_names_command_status_and_stderr() {
    let d = tempfile::tempdir().unwrap();
    let e = exec(d.path(), false)
        .run(
            &Cmd::new("sh")
                .args(["-c", "echo progress; echo 'boom: disk full' >&2; exit 7"])
                .read_only(),
        )
        .unwrap_err();
    let s = format!("{e:#}");
    assert!(
        s.contains("`sh -c 'echo progress; echo '\\''boom: disk full'\\'' >&2; exit 7'`"),
        "{s}"
    );
    assert!(
        s.contains("exit status 7") && s.contains("boom: disk full"),
        "{s}"
    );
    assert_eq!(exit_code_of(&e), 1);
}

#[test]
fn timeout_kills_the_whole_process_group() {
    let d = tempfile::tempdir().unwrap();
    let marker = d.path().join("grandchild-survived");
    // The grandchild would create the marker after 2 s if it survived the kill.
    let script = format!("(sleep 2; touch {}) & sleep 30", marker.display());
    let t0 = Instant::now();
    let e = exec(d.path(), false)
        .run(
            &Cmd::new("sh")
                .args(["-c", &script])
                .read_only()
                .timeout(Duration::from_millis(300))
                .what("the slow thing"),
        )
        .unwrap_err();
    assert!(t0.elapsed() < Duration::from_secs(10));
    assert!(matches!(
        e.downcast_ref::<Error>(),
        Some(Error::Timeout { .. })
    ));
    assert!(e.to_string().contains("waiting for the slow thing"), "{e}");
    assert_eq!(exit_code_of(&e), 124);
    std::thread::sleep(Duration::from_millis(2500));
    assert!(
        !marker.exists(),
        "a process of the timed-out group survived"
    );
}

#[test]
fn missing_tool_names_the_debian_package() {
    let d = tempfile::tempdir().unwrap();
    let e = exec(d.path(), false)
        .run(&Cmd::new("zpool").env("PATH", "/nonexistent").read_only())
        .err();
    // zpool is not installed on these machines; if it ever is, the check is moot.
    if which::which("zpool").is_err() {
        let e = e.unwrap();
        assert_eq!(exit_code_of(&e), 3);
        assert!(e.to_string().contains("zfsutils-linux"), "{e}");
    }
}

#[test]
fn dry_run_plans_mutations_and_runs_reads() {
    let d = tempfile::tempdir().unwrap();
    let target = d.path().join("created-by-mutation");
    let x = exec(d.path(), true);
    let out = x.run(&Cmd::new("touch").arg(&target)).unwrap();
    assert!(!out.ran);
    assert!(!target.exists());
    let read = x.run(&Cmd::new("echo").arg("hello").read_only()).unwrap();
    assert!(read.ran && read.stdout == "hello\n");
    x.write_file(&target, b"data", debvisor::exec::files::FileSpec::PUBLIC)
        .unwrap();
    assert!(!target.exists());
    assert_eq!(x.plan().len(), 2);
    assert!(
        !d.path().join("audit.jsonl").exists(),
        "dry run must not audit"
    );
}

#[test]
fn mutations_are_audited_with_status_and_duration() {
    let d = tempfile::tempdir().unwrap();
    let x = exec(d.path(), false);
    x.run(&Cmd::new("true")).unwrap();
    x.run(&Cmd::new("false")).unwrap_err();
    x.run(&Cmd::new("true").read_only()).unwrap();
    let lines = audit_lines(d.path());
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["command"], "true");
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[1]["status"], "exit status 1");
    assert_eq!(lines[1]["ok"], false);
    assert_eq!(lines[0]["applet"], "test");
    assert!(lines[0]["time"].as_str().unwrap().ends_with('Z'));
    assert!(lines[0]["duration_ms"].is_number());
}

#[test]
fn audit_fails_closed() {
    let d = tempfile::tempdir().unwrap();
    let blocker = d.path().join("file");
    std::fs::write(&blocker, "").unwrap();
    let audit = AuditLog::new(blocker.join("sub/audit.jsonl"), "t", &[]);
    let marker = d.path().join("ran");
    let e = Exec::new(false, false, audit)
        .run(&Cmd::new("touch").arg(&marker))
        .unwrap_err();
    assert_eq!(exit_code_of(&e), 3);
    assert!(!marker.exists(), "a mutation ran without an audit log");
}

#[test]
fn secrets_reach_the_tool_but_never_argv_or_audit() {
    let d = tempfile::tempdir().unwrap();
    let x = exec(d.path(), false);
    let out = x
        .run(
            &Cmd::new("sh")
                .args(["-c", "stat -c %a \"$1\"; cat \"$1\"; echo \" $0 $*\"", "sh"])
                .secret_file_arg(Secret::new("s3cr3t-value")),
        )
        .unwrap();
    let mut lines = out.stdout.lines();
    assert_eq!(lines.next(), Some("600"));
    let rest: String = lines.collect();
    assert!(rest.starts_with("s3cr3t-value"), "{rest}");
    assert!(
        !rest["s3cr3t-value".len()..].contains("s3cr3t"),
        "secret leaked into argv: {rest}"
    );
    let audit = std::fs::read_to_string(d.path().join("audit.jsonl")).unwrap();
    assert!(!audit.contains("s3cr3t"));
    assert!(audit.contains("<secret-file>"));
    let out = x
        .run(
            &Cmd::new("cat")
                .secret_stdin(Secret::new("via-stdin"))
                .read_only(),
        )
        .unwrap();
    assert_eq!(out.stdout, "via-stdin");
}

#[test]
fn retries_only_when_declared_idempotent() {
    let d = tempfile::tempdir().unwrap();
    let counter = d.path().join("n");
    let script = format!("echo x >> {0}; [ $(wc -l < {0}) -ge 3 ]", counter.display());
    let x = exec(d.path(), false);
    x.run(
        &Cmd::new("sh")
            .args(["-c", &script])
            .idempotent_retries(3, Duration::from_millis(10)),
    )
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(&counter).unwrap().lines().count(),
        3
    );
    std::fs::remove_file(&counter).unwrap();
    x.run(&Cmd::new("sh").args(["-c", &script])).unwrap_err();
    assert_eq!(
        std::fs::read_to_string(&counter).unwrap().lines().count(),
        1
    );
}

#[test]
fn streaming_delivers_progress_lines_as_drawn() {
    let d = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    exec(d.path(), false)
        .run_streaming(
            &Cmd::new("sh")
                .args([
                    "-c",
                    "printf '    (10.00/100%%)\\r    (55.00/100%%)\\r'; echo done",
                ])
                .read_only(),
            &mut |_, l| seen.push(l.to_string()),
        )
        .unwrap();
    assert_eq!(seen, ["    (10.00/100%)", "    (55.00/100%)", "done"]);
}

#[test]
fn remote_commands_become_checked_ssh() {
    // Planned, not run: shows exactly what would be sent to the node.
    let d = tempfile::tempdir().unwrap();
    let x = exec(d.path(), true);
    let node = Node::new("node2", "10.99.0.2");
    x.run(&Cmd::new("virsh").args(["destroy", "vm 1"]).on(&node))
        .unwrap();
    let plan = x.plan();
    assert_eq!(plan[0].would_run, "[node2] virsh destroy 'vm 1'");
    assert_eq!(plan[0].node.as_deref(), Some("node2"));
}

#[test]
fn termination_by_signal_is_reported() {
    let d = tempfile::tempdir().unwrap();
    let e = exec(d.path(), false)
        .run(&Cmd::new("sh").args(["-c", "kill -9 $$"]).read_only())
        .unwrap_err();
    match e.downcast_ref::<Error>() {
        Some(Error::CommandFailed { status, .. }) => assert_eq!(*status, Termination::Signaled(9)),
        other => panic!("{other:?}"),
    }
}
