//! The legacy enhanced tool's options (`--username`, `--password-file`, `--packages`): checked
//! without ever echoing the hash, then applied to generated user-data.

use super::render::{quote, yaml_list};

/// The legacy enhanced tool's options: a named sudo user instead of the image's default one,
/// its password hash (console login; SSH password login stays off), extra packages.
#[derive(Debug, Default, Clone)]
pub struct UserOptions {
    pub username: Option<String>,
    pub password_hash: Option<String>,
    pub packages: Vec<String>,
}

/// A crypt(3) hash as `mkpasswd` prints it (`$6$salt$…`, `$y$…`): nothing that could break
/// out of a YAML string, and never a plain-text password by mistake.
fn valid_crypt_hash(h: &str) -> bool {
    h.len() >= 13
        && h.starts_with('$')
        && h[1..].contains('$')
        && h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"./$=+-".contains(&b))
}

/// Debian package names (policy 5.6.1), optionally `=VERSION`.
fn valid_package(p: &str) -> bool {
    let (name, version) = p.split_once('=').unwrap_or((p, ""));
    name.len() >= 2
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b))
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.~:".contains(&b))
}

impl UserOptions {
    /// Checks every value; the messages never contain the hash.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(u) = &self.username {
            let ok = !u.is_empty()
                && u.len() <= 32
                && (u.as_bytes()[0].is_ascii_lowercase() || u.starts_with('_'))
                && u.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-".contains(&b));
            if !ok {
                return Err(format!(
                    "--username `{}`: not a valid user name (lower-case letters, digits, _ and -, at most 32)",
                    u.escape_debug()
                ));
            }
        }
        if let Some(h) = &self.password_hash {
            if !valid_crypt_hash(h) {
                return Err("--password-file: the file does not hold a crypt(3) hash (make one with `mkpasswd -m sha-512`)".into());
            }
            if self.username.is_none() {
                return Err(
                    "--password-file needs --username (the image's default user has no fixed name)"
                        .into(),
                );
            }
        }
        if let Some(p) = self.packages.iter().find(|p| !valid_package(p)) {
            return Err(format!(
                "--packages: `{}` is not a Debian package name",
                p.escape_debug()
            ));
        }
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.username.is_none() && self.password_hash.is_none() && self.packages.is_empty()
    }

    /// Applies the options to generated user-data (the default or a template, which list
    /// `users:` with `- default`).
    pub fn apply(&self, user_data: String, keys: &[String]) -> String {
        if self.is_empty() {
            return user_data;
        }
        let mut out = user_data;
        if let Some(u) = &self.username {
            let mut block = format!(
                "users:\n  - name: {}\n    groups: [sudo]\n    sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n    shell: /bin/bash\n",
                quote(u)
            );
            match &self.password_hash {
                Some(h) => block.push_str(&format!(
                    "    lock_passwd: false\n    passwd: {}\n",
                    quote(h)
                )),
                None => block.push_str("    lock_passwd: true\n"),
            }
            if !keys.is_empty() {
                block.push_str("    ssh_authorized_keys:\n");
                block.push_str(&yaml_list(keys, "      "));
            }
            out = out.replacen("users:\n  - default\n", &block, 1);
        }
        if !self.packages.is_empty() {
            let items = yaml_list(&self.packages, "  ");
            out = match out.find("\npackages:\n") {
                Some(i) => {
                    let at = i + "\npackages:\n".len();
                    format!("{}{items}{}", &out[..at], &out[at..])
                }
                None => format!("{out}package_update: true\npackages:\n{items}"),
            };
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cloudinit::{
        default_user_data, render_template, template, validate_user_data, Severity,
    };

    #[test]
    fn user_options_named_user_password_and_packages() {
        let keys = vec!["ssh-ed25519 AAAA k".to_string()];
        let o = UserOptions {
            username: Some("alice".into()),
            password_hash: Some("$6$salt$abcdefghijklmnop".into()),
            packages: vec!["htop".into(), "curl=7.88.1-10".into()],
        };
        assert_eq!(o.validate(), Ok(()));
        let ud = o.apply(default_user_data("web1", &keys), &keys);
        assert!(
            ud.contains("users:\n  - name: \"alice\"\n    groups: [sudo]\n"),
            "{ud}"
        );
        assert!(ud.contains("    lock_passwd: false\n    passwd: \"$6$salt$abcdefghijklmnop\"\n"));
        assert!(ud.contains("    ssh_authorized_keys:\n      - \"ssh-ed25519 AAAA k\"\n"));
        assert!(!ud.contains("- default"));
        assert!(
            ud.ends_with("package_update: true\npackages:\n  - \"htop\"\n  - \"curl=7.88.1-10\"\n"),
            "{ud}"
        );
        let (_, problems) = validate_user_data("user-data", ud.as_bytes());
        assert!(
            problems.iter().all(|p| p.severity != Severity::Error),
            "{ud}\n{problems:?}"
        );
        // A template's own package list is extended, not duplicated.
        let t = template("docker-host").unwrap();
        let ud = o.apply(render_template(t, "h", &keys), &keys);
        assert_eq!(ud.matches("packages:").count(), 1, "{ud}");
        assert!(
            ud.contains("packages:\n  - \"htop\"\n  - \"curl=7.88.1-10\"\n  - docker.io\n"),
            "{ud}"
        );
        // Nothing to do: unchanged.
        assert_eq!(UserOptions::default().apply("x".into(), &keys), "x");
    }

    #[test]
    fn user_options_refuse_bad_values_without_echoing_the_hash() {
        let bad = |o: UserOptions| o.validate().unwrap_err();
        assert!(bad(UserOptions {
            username: Some("Root\nx".into()),
            ..Default::default()
        })
        .contains("--username"));
        let e = bad(UserOptions {
            username: Some("a".into()),
            password_hash: Some("hunter2 plain".into()),
            ..Default::default()
        });
        assert!(e.contains("crypt(3)") && !e.contains("hunter2"), "{e}");
        assert!(bad(UserOptions {
            password_hash: Some("$6$salt$abcdefghijklmnop".into()),
            ..Default::default()
        })
        .contains("needs --username"));
        assert!(bad(UserOptions {
            packages: vec!["x; rm -rf /".into()],
            ..Default::default()
        })
        .contains("--packages"));
        assert!(!valid_crypt_hash("$6$a\"b$cccccccccccc"));
    }
}
