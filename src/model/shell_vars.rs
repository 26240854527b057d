//! Shell-sourced `NAME=value` files read as DATA, the one reader for every such file (firstboot's
//! profile and addons files, zfs-scrub's defaults file): a line means what `sh` would make of it
//! — `export NAME=value`, '…' and "…" quoting, backslash escapes, `#` comments — but nothing is
//! ever executed or expanded. A value that a shell would expand (`$`, backticks) is marked, and
//! each caller decides whether that is an error (it is, for a key the caller uses).

/// One meaningful line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// `[export] NAME=VALUE`, with the value as the shell would assign it.
    Assign {
        line: usize,
        name: String,
        value: String,
        /// The value held an unquoted or double-quoted `$` or backtick (a shell would expand it).
        expands: bool,
    },
    /// A line without `=`: one word (legacy files allowed a bare value, e.g. `zfs`).
    Word { line: usize, word: String },
}

/// Parses the whole text; the error names the line and the fault.
pub fn parse(text: &str) -> Result<Vec<Line>, String> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let l = raw.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let l = match l.strip_prefix("export") {
            Some(rest) if rest.starts_with([' ', '\t']) => rest.trim_start(),
            _ => l,
        };
        let Some(eq) = l.find('=') else {
            let (word, _) = value(n, l)?;
            if word.split_whitespace().count() != 1 {
                return Err(format!("line {n}: expected NAME=value, got `{l}`"));
            }
            out.push(Line::Word { line: n, word });
            continue;
        };
        let name = &l[..eq];
        if name.is_empty()
            || name.starts_with(|c: char| c.is_ascii_digit())
            || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(format!(
                "line {n}: `{}` is not a variable name",
                name.trim()
            ));
        }
        let (value, expands) = value(n, &l[eq + 1..])?;
        out.push(Line::Assign {
            line: n,
            name: name.to_string(),
            value,
            expands,
        });
    }
    Ok(out)
}

/// One shell word (the text after `=`): quotes removed, escapes applied; an unquoted blank ends
/// it, and only a comment may follow.
fn value(n: usize, s: &str) -> Result<(String, bool), String> {
    let mut v = String::new();
    let mut expands = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => loop {
                match chars.next() {
                    Some('\'') => break,
                    Some(x) => v.push(x),
                    None => return Err(format!("line {n}: unterminated '…' quote")),
                }
            },
            '"' => loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(x @ ('$' | '`' | '"' | '\\')) => v.push(x),
                        Some(x) => {
                            v.push('\\');
                            v.push(x);
                        }
                        None => return Err(format!("line {n}: unterminated \"…\" quote")),
                    },
                    Some(x) => {
                        expands |= x == '$' || x == '`';
                        v.push(x);
                    }
                    None => return Err(format!("line {n}: unterminated \"…\" quote")),
                }
            },
            '\\' => match chars.next() {
                Some(x) => v.push(x),
                None => {
                    return Err(format!(
                        "line {n}: a trailing backslash (line continuation) is not supported"
                    ))
                }
            },
            ' ' | '\t' => {
                let rest: String = chars.collect();
                let rest = rest.trim_start();
                if rest.is_empty() || rest.starts_with('#') {
                    break;
                }
                return Err(format!(
                    "line {n}: `{}` after the value: a shell would run it as a command (quote the value)",
                    rest
                ));
            }
            ';' | '&' | '|' | '<' | '>' | '(' | ')' => {
                return Err(format!(
                    "line {n}: `{c}` outside quotes: this file is data, not a script"
                ))
            }
            x => {
                expands |= x == '$' || x == '`';
                v.push(x);
            }
        }
    }
    Ok((v, expands))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn assign(text: &str) -> (String, String, bool) {
        match parse(text).unwrap().pop().unwrap() {
            Line::Assign {
                name,
                value,
                expands,
                ..
            } => (name, value, expands),
            w => panic!("not an assignment: {w:?}"),
        }
    }

    #[test]
    fn as_a_shell_reads_it() {
        let a = |n: &str, v: &str, e: bool| (n.to_string(), v.to_string(), e);
        assert_eq!(assign("PROFILE=zfs"), a("PROFILE", "zfs", false));
        assert_eq!(assign("export PROFILE=zfs"), a("PROFILE", "zfs", false));
        assert_eq!(
            assign("  export\tPROFILE='zfs' # admin"),
            a("PROFILE", "zfs", false)
        );
        assert_eq!(assign("P=\"a b\""), a("P", "a b", false));
        assert_eq!(assign("P=a\"b\"'c'"), a("P", "abc", false));
        assert_eq!(assign("P='$HOME'"), a("P", "$HOME", false));
        assert_eq!(assign("P=\"$HOME\""), a("P", "$HOME", true));
        assert_eq!(assign("P=\"\\$HOME\""), a("P", "$HOME", false));
        assert_eq!(assign("P=`id`"), a("P", "`id`", true));
        assert_eq!(assign("P=a\\ b"), a("P", "a b", false));
        assert_eq!(assign("P="), a("P", "", false));
        assert_eq!(assign("export_X=1"), a("export_X", "1", false));
        assert_eq!(
            parse("# c\n\nzfs\n").unwrap(),
            vec![Line::Word {
                line: 3,
                word: "zfs".into()
            }]
        );
    }

    #[test]
    fn refuses_what_a_shell_would_execute() {
        for (bad, why) in [
            ("P=a b", "run it as a command"),
            ("P=a; rm -rf /", "outside quotes"),
            ("P=$(id)", "outside quotes"),
            ("P='open", "unterminated"),
            ("P=\"open", "unterminated"),
            ("1P=x", "not a variable name"),
            ("A-B=x", "not a variable name"),
            ("two words", "run it as a command"),
            ("''", "expected NAME=value"),
            ("P=x\\", "trailing backslash"),
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.starts_with("line 1: ") && e.contains(why), "{bad}: {e}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            let _ = parse(&s);
        }
    }
}
