//! The diagnostics bundle as data: redaction of secrets from collected text, and the tar.gz built
//! in memory (the `tar` and `flate2` crates: a reproducible archive without running tar, written
//! atomically by the caller through the execution layer). Pure: no I/O; never panics.

use std::io::Write;

const REDACTED: &str = "<redacted>";

/// Key names whose value is a secret wherever they appear (`NAME = VALUE`, `NAME: VALUE`,
/// `"NAME": "VALUE"`), compared lowercased on the name's last word.
fn secret_key(name: &str) -> bool {
    let n = name
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    let last = n.rsplit(['_', '-', '.', ' ']).next().unwrap_or("");
    matches!(
        last,
        "secret" | "password" | "passwd" | "token" | "hash" | "key" | "psk" | "credentials"
    ) && !n.ends_with("_file")
}

/// A token that is a secret by its shape: a crypt(3) hash (`$6$…`, `$y$…`, `$2b$…`), or a Ceph
/// key (base64 of 40 characters starting `AQ`, as in keyrings and `ceph auth` output).
fn secret_token(t: &str) -> bool {
    let crypt = [
        "$1$", "$5$", "$6$", "$y$", "$2a$", "$2b$", "$2y$", "$argon2", "$gy$",
    ];
    if crypt.iter().any(|p| t.starts_with(p)) && t.len() > 12 {
        return true;
    }
    t.len() == 40
        && t.starts_with("AQ")
        && t.ends_with("==")
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
}

/// Redacts `text`: every known secret value (read from the key files themselves), BIND
/// `secret "…";` clauses, values of secret-named keys, crypt hashes and Ceph keys.
pub fn redact(text: &str, known: &[String]) -> String {
    let mut s = text.to_string();
    let mut known: Vec<&String> = known.iter().filter(|k| k.len() >= 6).collect();
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    for k in known {
        s = s.replace(k.as_str(), REDACTED);
    }
    // A JSON document (journals, reports): secret-named members anywhere in the tree.
    if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&s) {
        if v.is_object() || v.is_array() {
            redact_json(&mut v);
            return serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
        }
    }
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        // JSON lines (the audit log): the same, line by line.
        let body = line.trim_end_matches('\n');
        if body.starts_with('{') {
            if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(body) {
                redact_json(&mut v);
                out.push_str(&serde_json::to_string(&v).unwrap_or_default());
                out.push_str(&line[body.len()..]);
                continue;
            }
        }
        out.push_str(&redact_line(line));
    }
    out
}

fn redact_json(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if secret_key(k) && !x.is_null() && !x.is_object() && !x.is_array() {
                    *x = Value::String(REDACTED.into());
                } else {
                    redact_json(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(redact_json),
        Value::String(s) => {
            let r = redact_line(s);
            if r != *s {
                *s = r;
            }
        }
        _ => {}
    }
}

fn redact_line(line: &str) -> String {
    // BIND key clause: secret "BASE64";
    let mut l = line.to_string();
    if let Some(i) = l.find("secret \"") {
        let start = i + "secret \"".len();
        if let Some(len) = l[start..].find('"') {
            l.replace_range(start..start + len, REDACTED);
        }
    }
    // NAME = VALUE / NAME: VALUE / "NAME": "VALUE"
    for sep in ['=', ':'] {
        if let Some(i) = l.find(sep) {
            let (name, rest) = l.split_at(i);
            let name_word = name
                .trim_end()
                .rsplit([' ', '\t', '{', ',', '['])
                .next()
                .unwrap_or(name);
            if secret_key(name_word) && !rest[1..].trim().is_empty() {
                let nl = if l.ends_with('\n') { "\n" } else { "" };
                let keep = name.to_string();
                l = format!("{keep}{sep} {REDACTED}{nl}");
                break;
            }
        }
    }
    // Shapes: whitespace/quote-separated tokens.
    let mut out = String::with_capacity(l.len());
    let mut tok = String::new();
    let flush = |tok: &mut String, out: &mut String| {
        if secret_token(tok) {
            out.push_str(REDACTED);
        } else {
            out.push_str(tok);
        }
        tok.clear();
    };
    for c in l.chars() {
        if c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | ':') {
            flush(&mut tok, &mut out);
            out.push(c);
        } else {
            tok.push(c);
        }
    }
    flush(&mut tok, &mut out);
    out
}

/// The secret values of files the toolbox knows to hold secrets: BIND/TSIG key files
/// (`secret "…"`), Ceph keyrings (`key = …`), and raw secret files (console-ticket key: the
/// whole trimmed content).
pub fn secrets_of(kind: SecretFile, text: &str) -> Vec<String> {
    match kind {
        SecretFile::Raw => {
            let t = text.trim();
            if t.is_empty() {
                vec![]
            } else {
                vec![t.to_string()]
            }
        }
        SecretFile::Bind => text
            .split("secret \"")
            .skip(1)
            .filter_map(|r| r.split('"').next())
            .map(String::from)
            .collect(),
        SecretFile::Keyring => text
            .lines()
            .filter_map(|l| l.split_once('='))
            .filter(|(k, _)| k.trim() == "key")
            .map(|(_, v)| v.trim().to_string())
            .collect(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretFile {
    Bind,
    Keyring,
    Raw,
}

/// One file of the bundle.
pub struct Entry {
    pub path: String,
    pub data: Vec<u8>,
}

/// A gzip-compressed tar of `entries` under `top/`, files 0600, with `mtime` on every entry.
pub fn archive(top: &str, entries: &[Entry], mtime: u64) -> std::io::Result<Vec<u8>> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for e in entries {
        let mut h = tar::Header::new_gnu();
        h.set_size(e.data.len() as u64);
        h.set_mode(0o600);
        h.set_mtime(mtime);
        h.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut h, format!("{top}/{}", e.path), e.data.as_slice())?;
    }
    let mut gz = tar.into_inner()?;
    gz.flush()?;
    gz.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn redacts_every_kind_of_secret() {
        let tsig = "key \"ddns\" {\n\talgorithm hmac-sha256;\n\tsecret \"c2VjcmV0LXRzaWctdmFsdWU=\";\n};\n";
        let r = redact(tsig, &[]);
        assert!(!r.contains("c2VjcmV0LXRzaWctdmFsdWU="), "{r}");
        assert!(r.contains("algorithm hmac-sha256"), "{r}");
        let r = redact(
            "[client.admin]\n\tkey = AQBxCZNnAAAAABAAgC3rhWkq8rqExampleKey1A==\n",
            &[],
        );
        assert!(!r.contains("AQBxCZNn"), "{r}");
        let r = redact(
            "{\"user\":\"ops\",\"password_hash\":\"$6$salt$abcdefghijkl\"}",
            &[],
        );
        assert!(!r.contains("$6$salt"), "{r}");
        let r = redact(
            "admin:$y$j9T$abcdefgh$ijklmnopqrstuv:19000:0:99999:7:::\n",
            &[],
        );
        assert!(!r.contains("$y$j9T"), "{r}");
        assert!(r.starts_with("admin:"), "{r}");
        let r = redact(
            "token = \"kubeadm.join.tokenvalue\"\nkey_file = \"/etc/k\"\n",
            &[],
        );
        assert!(!r.contains("tokenvalue"), "{r}");
        assert!(r.contains("/etc/k"), "a path is not a secret: {r}");
        let r = redact(
            "ticket key is 0123456789abcdef0123 here",
            &["0123456789abcdef0123".into()],
        );
        assert_eq!(r, "ticket key is <redacted> here");
    }

    #[test]
    fn secret_values_of_files() {
        assert_eq!(
            secrets_of(SecretFile::Bind, "key \"k\" { secret \"AAA=\"; };"),
            ["AAA="]
        );
        assert_eq!(
            secrets_of(SecretFile::Keyring, "[client.admin]\n  key = AQxyz==\n"),
            ["AQxyz=="]
        );
        assert_eq!(secrets_of(SecretFile::Raw, " s3cr3t \n"), ["s3cr3t"]);
    }

    #[test]
    fn archive_roundtrips() {
        let a = archive(
            "dv",
            &[Entry {
                path: "x/y.txt".into(),
                data: b"hello".to_vec(),
            }],
            1,
        )
        .unwrap();
        let mut t = tar::Archive::new(flate2::read::GzDecoder::new(a.as_slice()));
        let names: Vec<String> = t
            .entries()
            .unwrap()
            .map(|e| e.unwrap().path().unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["dv/x/y.txt"]);
    }

    proptest! {
        #[test]
        fn redaction_never_panics(s in "\\PC{0,300}") {
            let _ = redact(&s, &[s.chars().take(8).collect()]);
            let _ = secrets_of(SecretFile::Bind, &s);
            let _ = secrets_of(SecretFile::Keyring, &s);
        }
    }
}
