//! Checks of what the user hands in: VM and host names, SSH public key files, and whether a
//! seed file holds secrets (which decides the file modes and what may be logged).

/// Whether a seed file holds secrets (passwords, password hashes, private keys): such files and
/// the image are written 0600 and their contents are never logged.
pub fn has_secrets(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    if text.contains("PRIVATE KEY-----") {
        return true;
    }
    text.lines().any(|l| {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        [
            "passwd:",
            "hashed_passwd:",
            "plain_text_passwd:",
            "password:",
            "chpasswd:",
            "ssh_keys:",
        ]
        .iter()
        .any(|k| t.starts_with(k))
    })
}

/// RFC 1123 host name (labels of letters, digits and inner hyphens).
pub fn valid_hostname(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 253
        && h.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// VM names: what libvirt and file names tolerate without quoting surprises.
pub fn valid_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 64
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        && !n.starts_with(['.', '-'])
}

/// Checks one line of an SSH public key file.
pub fn valid_ssh_key(line: &str) -> bool {
    let mut f = line.split_whitespace();
    let (Some(kind), Some(blob)) = (f.next(), f.next()) else {
        return false;
    };
    let known = kind.starts_with("ssh-")
        || kind.starts_with("ecdsa-sha2-")
        || kind.starts_with("sk-ssh-")
        || kind.starts_with("sk-ecdsa-");
    known
        && blob.len() >= 16
        && blob
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
}

/// The public keys in an authorized_keys-style file (comments and blank lines skipped).
pub fn parse_ssh_keys(text: &str) -> Result<Vec<String>, (usize, String)> {
    let mut v = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.contains("PRIVATE KEY") {
            return Err((i + 1, "this is a PRIVATE key; give the .pub file".into()));
        }
        if !valid_ssh_key(t) {
            return Err((
                i + 1,
                "not an SSH public key (type, base64 blob, comment)".into(),
            ));
        }
        v.push(t.to_string());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keys_and_secrets() {
        assert!(valid_hostname("web-1.example.org"));
        assert!(!valid_hostname("-x"));
        assert!(!valid_hostname("a b"));
        assert!(valid_name("vm_1.test"));
        assert!(!valid_name("../x"));
        assert!(parse_ssh_keys("# c\nssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ x\n").is_ok());
        assert_eq!(parse_ssh_keys("x\n").unwrap_err().0, 1);
        assert!(parse_ssh_keys("-----BEGIN OPENSSH PRIVATE KEY-----\n").is_err());
        assert!(has_secrets(
            b"#cloud-config\nusers:\n  - name: a\n    passwd: $6$x\n"
        ));
        assert!(has_secrets(b"chpasswd:\n  list: |\n    a:b\n"));
        assert!(!has_secrets(b"#cloud-config\nssh_pwauth: false\n"));
    }
}
