//! Architecture invariants, checked on the source tree.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Nothing outside src/exec/ spawns a process, forks, or execs.
#[test]
fn only_the_execution_layer_spawns_processes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let forbidden = [
        "std::process::Command",
        "process::Command",
        "Command::new(",
        "duct::",
        "cmd!(",
        "fork(",
        "execv",
        "execvp",
        "posix_spawn",
        "CommandExt",
        "libc::system",
    ];
    let mut offenders = Vec::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
        if rel.starts_with("exec/") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for pat in forbidden {
                // cli.rs builds clap commands with `Command::new`; it never spawns.
                if rel == "cli.rs" && pat == "Command::new(" {
                    continue;
                }
                if code.contains(pat) {
                    offenders.push(format!("src/{rel}:{}: {pat}", i + 1));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "process spawning outside src/exec:\n{}",
        offenders.join("\n")
    );
}

/// Every file write goes through the execution layer (atomic, dry-run aware, audited).
#[test]
fn only_the_execution_layer_writes_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let forbidden = [
        "fs::write(",
        "File::create(",
        "fs::remove_file(",
        "fs::rename(",
        "os::unix::fs::symlink(",
        "fs::remove_dir_all(",
    ];
    let mut offenders = Vec::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
        if rel.starts_with("exec/") || rel == "lock.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        // Unit tests may build fixtures directly.
        let text = text.split("#[cfg(test)]").next().unwrap();
        for (i, line) in text.lines().enumerate() {
            for pat in forbidden {
                if line.contains(pat) {
                    offenders.push(format!("src/{rel}:{}: {pat}", i + 1));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "file writes outside src/exec:\n{}",
        offenders.join("\n")
    );
}
