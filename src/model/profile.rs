//! firstboot's inputs, read as DATA (the legacy script `source`d them as shell, so a
//! `DRY_RUN=false` line in the profile overrode --dry-run and wiped disks).
//!
//! - /etc/debvisor-profile: `PROFILE=ceph|zfs|mixed|usb-zfs` (with `export`, quotes and comments
//!   as a shell reads them: model::shell_vars), or the bare word.
//! - /etc/debvisor-mode: first word, `prod|production|lab|dev|development`.
//! - /etc/debvisor-addons.conf: `ADDON_NAME=yes|no` lines.
//!
//! Anything else is an error naming the file and the line.

use std::collections::BTreeMap;

use serde::Serialize;

use super::shell_vars::{self, Line};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    Ceph,
    Zfs,
    Mixed,
    UsbZfs,
}

impl Profile {
    pub fn name(self) -> &'static str {
        match self {
            Profile::Ceph => "ceph",
            Profile::Zfs => "zfs",
            Profile::Mixed => "mixed",
            Profile::UsbZfs => "usb-zfs",
        }
    }
    fn parse(s: &str) -> Option<Profile> {
        match s.trim().trim_matches(|c| c == '"' || c == '\'') {
            "ceph" => Some(Profile::Ceph),
            "zfs" => Some(Profile::Zfs),
            "mixed" => Some(Profile::Mixed),
            "usb-zfs" => Some(Profile::UsbZfs),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Prod,
    Lab,
}

/// Meaningful lines: (1-based line number, trimmed text without comments).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.split('#').next().unwrap_or("").trim();
        (!l.is_empty()).then_some((i + 1, l))
    })
}

pub fn parse_profile(file: &str, text: &str) -> Result<Profile, String> {
    let mut found = None;
    for l in shell_vars::parse(text).map_err(|e| located(file, &e))? {
        let (n, value) = match l {
            Line::Assign {
                line, name, value, ..
            } if name == "PROFILE" => (line, value),
            Line::Assign { line, name, .. } => {
                return Err(format!(
                    "{file}:{line}: unknown key `{name}` (only PROFILE=… is allowed)"
                ))
            }
            Line::Word { line, word } => (line, word),
        };
        let p = Profile::parse(&value).ok_or_else(|| {
            format!(
                "{file}:{n}: unknown profile `{}` (expected ceph, zfs, mixed or usb-zfs)",
                value.trim()
            )
        })?;
        if found.is_some() {
            return Err(format!("{file}:{n}: profile given twice"));
        }
        found = Some(p);
    }
    found.ok_or_else(|| format!("{file}: no profile (expected PROFILE=ceph|zfs|mixed|usb-zfs)"))
}

/// "line N: fault" from the shell-file reader as "FILE:N: fault".
fn located(file: &str, e: &str) -> String {
    match e.strip_prefix("line ") {
        Some(rest) => format!("{file}:{rest}"),
        None => format!("{file}: {e}"),
    }
}

pub fn parse_mode(file: &str, text: &str) -> Result<Mode, String> {
    let Some((n, l)) = lines(text).next() else {
        return Ok(Mode::Lab);
    };
    let word = l
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let word = word.strip_prefix("mode=").unwrap_or(&word).to_string();
    match word.as_str() {
        "prod" | "production" => Ok(Mode::Prod),
        "lab" | "dev" | "development" => Ok(Mode::Lab),
        _ => Err(format!("{file}:{n}: unknown mode `{word}` (expected prod, production, lab, dev or development)")),
    }
}

pub const KNOWN_ADDONS: [&str; 4] = [
    "ADDON_RPC_SERVICE",
    "ADDON_WEB_PANEL",
    "ADDON_VNC_CONSOLE",
    "ADDON_MONITORING_STACK",
];

pub fn parse_addons(file: &str, text: &str) -> Result<BTreeMap<String, bool>, String> {
    let mut m = BTreeMap::new();
    for l in shell_vars::parse(text).map_err(|e| located(file, &e))? {
        let Line::Assign {
            line: n,
            name: k,
            value: v,
            ..
        } = l
        else {
            let Line::Word { line, .. } = l else {
                unreachable!()
            };
            return Err(format!("{file}:{line}: expected KEY=yes|no"));
        };
        if !KNOWN_ADDONS.contains(&k.as_str()) {
            return Err(format!(
                "{file}:{n}: unknown addon `{k}` (known: {})",
                KNOWN_ADDONS.join(", ")
            ));
        }
        let v = match v.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" | "on" => true,
            "no" | "false" | "0" | "off" => false,
            other => {
                return Err(format!(
                    "{file}:{n}: `{k}` must be yes or no, not `{other}`"
                ))
            }
        };
        m.insert(k, v);
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn profile_forms() {
        assert_eq!(parse_profile("p", "PROFILE=zfs\n"), Ok(Profile::Zfs));
        assert_eq!(
            parse_profile("p", "# comment\nusb-zfs\n"),
            Ok(Profile::UsbZfs)
        );
        assert_eq!(parse_profile("p", "PROFILE=\"mixed\""), Ok(Profile::Mixed));
        // The legacy attack: a profile that tries to turn dry-run off is refused, not executed.
        assert_eq!(
            parse_profile("/etc/debvisor-profile", "PROFILE=zfs\nDRY_RUN=false\n").unwrap_err(),
            "/etc/debvisor-profile:2: unknown key `DRY_RUN` (only PROFILE=… is allowed)"
        );
        // Refused as a shell construct, never run (an unknown profile before the shell reader).
        let e = parse_profile("p", "PROFILE=$(rm -rf /)").unwrap_err();
        assert!(e.starts_with("p:1: ") && e.contains("not a script"), "{e}");
        // What admins write in a shell-sourced file (legacy parity).
        assert_eq!(parse_profile("p", "export PROFILE=zfs\n"), Ok(Profile::Zfs));
        assert_eq!(
            parse_profile("p", "# DebVisor\nexport PROFILE='ceph'  # storage\n"),
            Ok(Profile::Ceph)
        );
        assert!(parse_profile("p", "").is_err());
    }

    #[test]
    fn mode_and_addons() {
        assert_eq!(parse_mode("m", "Production\n"), Ok(Mode::Prod));
        assert_eq!(parse_mode("m", ""), Ok(Mode::Lab));
        assert!(parse_mode("m", "\n\nstaging")
            .unwrap_err()
            .starts_with("m:3:"));
        let a = parse_addons("a", "ADDON_WEB_PANEL=yes\nADDON_RPC_SERVICE=no\n").unwrap();
        assert!(a["ADDON_WEB_PANEL"]);
        assert!(parse_addons("a", "ADDON_X=yes")
            .unwrap_err()
            .contains("a:1: unknown addon"));
        assert!(parse_addons("a", "ADDON_WEB_PANEL=maybe").is_err());
    }

    proptest! {
        #[test]
        fn never_panic(s in "\\PC{0,200}") {
            let _ = parse_profile("f", &s);
            let _ = parse_mode("f", &s);
            let _ = parse_addons("f", &s);
        }
    }
}
