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

/// Every `.rs` file under src/, as (path relative to src/, text with comments blanked).
fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let rel = f.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
            (rel, without_comments(&std::fs::read_to_string(&f).unwrap()))
        })
        .collect()
}

/// `text` with its `//` and (nested) `/* */` comments replaced by spaces, newlines kept so line
/// numbers stay right. String and char literals are code: a `//` inside one is not a comment.
fn without_comments(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if c[i] == 'r'
            && (i == 0 || !ident(c[i - 1]) || (c[i - 1] == 'b' && (i < 2 || !ident(c[i - 2]))))
            && matches!(next, Some('"') | Some('#'))
        {
            // A raw string r"…", r#"…"#, br"…": no escapes; it ends at `"` and as many `#`.
            let mut j = i + 1;
            while c.get(j) == Some(&'#') {
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            let hashes = j - i - 1;
            out.extend(&c[i..=j]);
            i = j + 1;
            while i < c.len() {
                if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
                    out.extend(&c[i..=i + hashes]);
                    i += hashes + 1;
                    break;
                }
                out.push(c[i]);
                i += 1;
            }
        } else if c[i] == '"' {
            out.push('"');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' && i + 1 < c.len() {
                    out.push(c[i]);
                    i += 1;
                }
                out.push(c[i]);
                i += 1;
            }
            if i < c.len() {
                out.push('"');
                i += 1;
            }
        } else if c[i] == '\'' && (next == Some('\\') || c.get(i + 2) == Some(&'\'')) {
            // A char literal ('"', '\'', '\n'); a lifetime ('a) has no closing quote.
            let end = (i + 2..c.len())
                .find(|&k| c[k] == '\'')
                .unwrap_or(c.len() - 1);
            out.extend(&c[i..=end]);
            i = end + 1;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Whether `code` contains `pat` as a name of its own (not the tail of a longer identifier);
/// `method_ok` also lets `.pat` pass (a method of `Exec`, the execution layer's own API).
fn mentions(code: &str, pat: &str, method_ok: bool) -> bool {
    code.match_indices(pat).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let starts_name = pat.starts_with(|ch: char| ch.is_alphanumeric() || ch == '_');
        match before {
            Some(ch) if starts_name && (ch.is_alphanumeric() || ch == '_') => false,
            Some('.') if method_ok => false,
            _ => true,
        }
    })
}

/// Nothing outside src/exec/ spawns a process, forks, or execs.
#[test]
fn only_the_execution_layer_spawns_processes() {
    let forbidden = [
        "std::process",
        "process::Command",
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
    for (rel, code) in sources() {
        if rel.starts_with("exec/") {
            continue;
        }
        for (i, line) in code.lines().enumerate() {
            for pat in forbidden {
                // std::process may give the PID and the exit; nothing else of it (clap's
                // `Command::new` is then the only `Command` outside src/exec).
                let harmless = line
                    .replace("std::process::id()", "")
                    .replace("std::process::exit(", "");
                if harmless.contains(pat) {
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
    // (pattern, whether `.pattern(` is allowed: the `Exec` method of the same name).
    let forbidden = [
        ("OpenOptions", false),
        ("File::create", false),
        ("File::options(", false),
        ("fs::write", false),
        ("create_dir_all(", true),
        ("create_dir(", false),
        ("DirBuilder", false),
        ("remove_file(", true),
        ("remove_dir", false),
        ("fs::rename(", false),
        ("fs::copy(", false),
        ("hard_link(", false),
        ("set_permissions", false),
        ("symlink(", true),
    ];
    let mut offenders = Vec::new();
    for (rel, code) in sources() {
        // Locks (src/lock.rs) open their lock files themselves.
        if rel.starts_with("exec/") || rel == "lock.rs" {
            continue;
        }
        // Unit tests may build fixtures directly.
        let code = code.split("#[cfg(test)]").next().unwrap();
        for (i, line) in code.lines().enumerate() {
            for (pat, method_ok) in forbidden {
                if mentions(line, pat, method_ok) {
                    offenders.push(format!("src/{rel}:{}: {pat}", i + 1));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "file writes outside src/exec (use Exec's write_file, create_dir_all, remove_file, \
         rename, symlink):\n{}",
        offenders.join("\n")
    );
}

/// Applets never build a `Cmd`: every command comes from a builder in src/tools/ (one module
/// per external program), so "open the applet and its tool module" shows everything it runs.
#[test]
fn applets_take_their_commands_from_the_tools_layer() {
    let mut offenders = Vec::new();
    for (rel, code) in sources() {
        if !rel.starts_with("applets/") {
            continue;
        }
        for (i, line) in code.lines().enumerate() {
            if line.contains("Cmd::new(") {
                offenders.push(format!("src/{rel}:{}: Cmd::new(", i + 1));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "applets building commands (move each into a builder in src/tools/<program>.rs):\n{}",
        offenders.join("\n")
    );
}

/// The comment stripper the checks above rely on.
#[test]
fn comments_are_stripped_and_literals_kept() {
    let t = "a // Cmd::new(\nb /* x /* y */ Cmd::new( */ c\n\"//\" Cmd::new(\nr#\"\"//\"# d\n'\"' e // f\n&'a str // g\n";
    let s = without_comments(t);
    assert_eq!(s.lines().count(), t.lines().count());
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    assert_eq!(lines[0], "a");
    assert_eq!(lines[1].split_whitespace().collect::<Vec<_>>(), ["b", "c"]);
    assert_eq!(lines[2], "\"//\" Cmd::new(");
    assert_eq!(lines[3], "r#\"\"//\"# d");
    assert_eq!(lines[4], "'\"' e");
    assert_eq!(lines[5], "&'a str");
    assert!(mentions("std::fs::remove_file(p)", "remove_file(", true));
    assert!(!mentions("exec.remove_file(p)", "remove_file(", true));
    assert!(!mentions("my_remove_file(p)", "remove_file(", true));
    assert!(mentions("f.set_permissions(p)", "set_permissions", false));
}

/// Every section an applet reads (`.section("NAME")`) is one the loader knows: an unknown
/// section header is reported as a typo, so a section missing from the list makes the shipped
/// conffile (which has every section's header) fail to load on every command.
#[test]
fn every_section_read_is_a_known_section() {
    let known =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/config/mod.rs"))
            .unwrap();
    let list_start = known.find("KNOWN_SECTIONS").unwrap();
    let list = &known[list_start..list_start + known[list_start..].find("];").unwrap()];
    let mut missing = Vec::new();
    for (path, text) in sources() {
        for piece in text.split(".section(\"").skip(1) {
            let name = &piece[..piece.find('"').unwrap_or(0)];
            if !name.is_empty() && !list.contains(&format!("\"{name}\"")) {
                missing.push(format!("{path}: [{name}]"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in config::KNOWN_SECTIONS: {missing:?}"
    );
}
