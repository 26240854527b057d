//! Validation of the seed files: recognising the kind of user-data, then checking
//! user-data / vendor-data, meta-data and network-config against the schema table, with file,
//! line and key in every problem. Never panics on input.

use saphyr::{MarkedYaml, Scalar, YamlData};

use super::check::Checker;
use super::schema::{CLOUD_CONFIG, CLOUD_CONFIG_ARCHIVE, META_DATA, T, V1, V2};
use super::yaml::{as_str, get, is_null, kind, parse};
use super::{Problem, Severity, UserDataKind};

/// Recognises the kind of a user-data (or vendor-data) file.
pub fn user_data_kind(bytes: &[u8]) -> Option<UserDataKind> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Some(UserDataKind::Gzip);
    }
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let first = text.lines().next().unwrap_or("").trim_end();
    let lower = first.to_ascii_lowercase();
    if first.starts_with("#cloud-config-archive") {
        Some(UserDataKind::CloudConfigArchive)
    } else if first.starts_with("#cloud-config") {
        Some(UserDataKind::CloudConfig)
    } else if first.starts_with("#!") {
        Some(UserDataKind::Script)
    } else if first.starts_with("#include") {
        Some(UserDataKind::Include)
    } else if first.starts_with("#cloud-boothook") {
        Some(UserDataKind::Boothook)
    } else if first.starts_with("#part-handler") {
        Some(UserDataKind::PartHandler)
    } else if lower.starts_with("content-type: multipart/") || lower.starts_with("mime-version:") {
        Some(UserDataKind::Multipart)
    } else {
        None
    }
}

/// Validates user-data or vendor-data.
pub fn validate_user_data(file: &str, bytes: &[u8]) -> (Option<UserDataKind>, Vec<Problem>) {
    let kind = user_data_kind(bytes);
    let problems = match kind {
        None => vec![whole_file_error(
            file,
            "not recognised as user-data: it must start with #cloud-config, a script (#!), \
             #include, #cloud-boothook, or be MIME multipart",
        )],
        Some(UserDataKind::CloudConfig) => validate_cloud_config(file, bytes),
        Some(UserDataKind::CloudConfigArchive) => validate_cloud_config_archive(file, bytes),
        Some(UserDataKind::Multipart) => validate_multipart(file, bytes),
        _ => Vec::new(),
    };
    (kind, problems)
}

/// A problem with the file as a whole (reported at line 1, no key).
fn whole_file_error(file: &str, msg: &str) -> Problem {
    Problem {
        severity: Severity::Error,
        file: file.into(),
        line: 1,
        key: String::new(),
        message: msg.into(),
    }
}

/// The problems of one document against a schema entry.
fn check_document(file: &str, doc: &MarkedYaml, t: &T, path: &str) -> Vec<Problem> {
    let mut c = Checker::new(file);
    c.check(doc, t, path, 0);
    c.problems
}

/// `#cloud-config`: the known top-level keys (unknown ones are warnings); an empty document is
/// fine.
fn validate_cloud_config(file: &str, bytes: &[u8]) -> Vec<Problem> {
    let mut problems = Vec::new();
    match std::str::from_utf8(bytes) {
        Err(_) => problems.push(whole_file_error(file, "#cloud-config must be UTF-8 text")),
        Ok(text) => {
            if let Some(doc) = parse(file, text, &mut problems) {
                if !is_null(&doc) {
                    problems.extend(check_document(file, &doc, &T::Map(CLOUD_CONFIG, false), ""));
                }
            }
        }
    }
    problems
}

/// `#cloud-config-archive`: a list of parts.
fn validate_cloud_config_archive(file: &str, bytes: &[u8]) -> Vec<Problem> {
    let mut problems = Vec::new();
    match std::str::from_utf8(bytes) {
        Err(_) => problems.push(whole_file_error(
            file,
            "#cloud-config-archive must be UTF-8 text",
        )),
        Ok(text) => {
            if let Some(doc) = parse(file, text, &mut problems) {
                problems.extend(check_document(file, &doc, &CLOUD_CONFIG_ARCHIVE, ""));
            }
        }
    }
    problems
}

/// MIME multipart: a boundary is declared (in the first 20 lines) and used.
fn validate_multipart(file: &str, bytes: &[u8]) -> Vec<Problem> {
    let text = String::from_utf8_lossy(bytes);
    let boundary = text
        .lines()
        .take(20)
        .find_map(|l| {
            let i = l.to_ascii_lowercase().find("boundary=")?;
            Some(l[i + 9..].trim().trim_matches('"').to_string())
        })
        .filter(|b| !b.is_empty());
    match boundary {
        None => vec![whole_file_error(file, "MIME multipart without a boundary")],
        Some(b) if !text.contains(&format!("--{b}")) => vec![whole_file_error(
            file,
            &format!("MIME boundary `{b}` never appears"),
        )],
        _ => Vec::new(),
    }
}

/// Validates NoCloud meta-data.
pub fn validate_meta_data(file: &str, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(doc) = parse(file, text, &mut problems) {
        let mut c = Checker::new(file);
        c.check(&doc, &T::Map(META_DATA, true), "", 0);
        if matches!(doc.data, YamlData::Mapping(_)) && get(&doc, "instance-id").is_none() {
            c.err(
                &doc,
                "instance-id",
                "missing (cloud-init needs it to tell new instances apart)".into(),
            );
        }
        problems.extend(c.problems);
    }
    problems
}

/// Validates network-config, version 1 or 2 (optionally under a top-level `network:` key).
pub fn validate_network_config(file: &str, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(doc) = parse(file, text, &mut problems) else {
        return problems;
    };
    let mut c = Checker::new(file);
    let root = match get(&doc, "network") {
        Some(n) => n,
        None => &doc,
    };
    let path = if std::ptr::eq(root, &doc) {
        ""
    } else {
        "network"
    };
    match get(root, "version") {
        None => c.err(root, "version", "missing (1 or 2)".into()),
        Some(v) => match &v.data {
            YamlData::Value(Scalar::Integer(1)) => {
                c.check(root, &T::Map(V1, true), path, 0);
                check_v1_required_keys(&mut c, root);
            }
            YamlData::Value(Scalar::Integer(2)) => {
                c.check(root, &T::Map(V2, true), path, 0);
            }
            _ => c.err(v, "version", format!("must be 1 or 2, got {}", kind(v))),
        },
    }
    problems.extend(c.problems);
    problems
}

/// What the v1 schema table cannot say: `config` is required, every entry has a `type`, and
/// interfaces (physical, bond, bridge, vlan) have a `name`.
fn check_v1_required_keys(c: &mut Checker, root: &MarkedYaml) {
    if get(root, "config").is_none() {
        c.err(root, "config", "missing (a list of interfaces)".into());
    }
    if let Some(YamlData::Sequence(items)) = get(root, "config").map(|n| &n.data) {
        for (i, it) in items.iter().enumerate() {
            let t = get(it, "type").and_then(as_str);
            if t.is_none() {
                c.err(it, &format!("config[{i}].type"), "missing".into());
            }
            if matches!(t, Some("physical" | "bond" | "bridge" | "vlan"))
                && get(it, "name").is_none()
            {
                c.err(it, &format!("config[{i}].name"), "missing".into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cloudinit::parse_ssh_keys;
    use proptest::prelude::*;

    fn errors(p: &[Problem]) -> Vec<String> {
        p.iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn cloud_config_types_with_lines_and_keys() {
        let ud = b"#cloud-config\nhostname: web\nssh_authorized_keys: 5\nusers:\n  - default\n  - name: bob\n    lock_passwd: maybe\nfrobnicate: 1\n";
        let (k, p) = validate_user_data("user-data", ud);
        assert_eq!(k, Some(UserDataKind::CloudConfig));
        let e = errors(&p);
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(
            e[0],
            "user-data:3: key `ssh_authorized_keys`: expected a list, got an integer"
        );
        assert_eq!(
            e[1],
            "user-data:7: key `users[1].lock_passwd`: expected true or false, got a string"
        );
        let w: Vec<_> = p
            .iter()
            .filter(|p| p.severity == Severity::Warning)
            .collect();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].key, "frobnicate");
        assert_eq!(w[0].line, 8);
    }

    #[test]
    fn bad_yaml_and_unknown_kinds() {
        let (_, p) = validate_user_data("u", b"#cloud-config\nusers: [a\nb: c\n");
        assert!(errors(&p)[0].starts_with("u:"), "{p:?}");
        assert!(errors(&p)[0].contains("invalid YAML"));
        let (k, p) = validate_user_data("u", b"hello\n");
        assert_eq!(k, None);
        assert_eq!(errors(&p).len(), 1);
        assert!(validate_user_data("u", b"#!/bin/sh\necho hi\n")
            .1
            .is_empty());
        let mime = b"Content-Type: multipart/mixed; boundary=\"XX\"\nMIME-Version: 1.0\n\n--XX\nContent-Type: text/cloud-config\n\n#cloud-config\n--XX--\n";
        let (k, p) = validate_user_data("u", mime);
        assert_eq!(k, Some(UserDataKind::Multipart));
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn meta_data_known_keys() {
        assert!(validate_meta_data("m", "instance-id: a\nlocal-hostname: b\n").is_empty());
        let p = validate_meta_data("m", "instance-id: a\nlocal_hostname: b\n");
        assert_eq!(errors(&p), vec!["m:2: key `local_hostname`: unknown key"]);
        let p = validate_meta_data("m", "local-hostname: [x]\n");
        let e = errors(&p);
        assert!(e.iter().any(|x| x.contains("instance-id")), "{e:?}");
        assert!(
            e.iter()
                .any(|x| x == "m:1: key `local-hostname`: expected a string, got a list"),
            "{e:?}"
        );
        assert!(!errors(&validate_meta_data("m", "[1, 2]\n")).is_empty());
    }

    #[test]
    fn network_config_v1_and_v2() {
        let v1 = "version: 1\nconfig:\n  - type: physical\n    name: eth0\n    subnets:\n      - type: static\n        address: 10.0.0.2/24\n        gateway: 10.0.0.1\n  - type: nameserver\n    address: [10.0.0.1]\n";
        assert!(
            validate_network_config("n", v1).is_empty(),
            "{:?}",
            validate_network_config("n", v1)
        );
        let bad1 = "version: 1\nconfig:\n  - type: physical\n    subnets:\n      - type: staticc\n";
        let e = errors(&validate_network_config("n", bad1));
        assert!(
            e.iter()
                .any(|x| x
                    .starts_with("n:5: key `config[0].subnets[0].type`: `staticc` is not one of")),
            "{e:?}"
        );
        assert!(e.iter().any(|x| x.contains("config[0].name")), "{e:?}");
        let v2 = "network:\n  version: 2\n  ethernets:\n    eth0:\n      match:\n        macaddress: '52:54:00:12:34:56'\n      dhcp4: true\n      addresses: [192.0.2.5/24]\n      nameservers:\n        addresses: [192.0.2.1]\n      routes:\n        - to: default\n          via: 192.0.2.1\n";
        assert!(
            validate_network_config("n", v2).is_empty(),
            "{:?}",
            validate_network_config("n", v2)
        );
        let bad2 = "version: 2\nethernets:\n  eth0:\n    dhcp4: maybe\n    mtu: big\n    gatway4: 1.2.3.4\n";
        let e = errors(&validate_network_config("n", bad2));
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(
            e.contains(&"n:6: key `ethernets.eth0.gatway4`: unknown key".to_string()),
            "{e:?}"
        );
        let e = errors(&validate_network_config("n", "version: 3\n"));
        assert_eq!(e.len(), 1);
    }

    proptest! {
        #[test]
        fn validators_never_panic(s in "(?s).{0,300}") {
            let _ = validate_user_data("u", s.as_bytes());
            let _ = validate_user_data("u", format!("#cloud-config\n{s}").as_bytes());
            let _ = validate_meta_data("m", &s);
            let _ = validate_network_config("n", &s);
            let _ = parse_ssh_keys(&s);
        }

        #[test]
        fn yamlish_input_never_panics(lines in proptest::collection::vec("[ a-z:\\-\\[\\]{}0-9,'\"#|>&*!]{0,20}", 0..12)) {
            let text = lines.join("\n");
            let _ = validate_user_data("u", format!("#cloud-config\n{text}").as_bytes());
            let _ = validate_network_config("n", &text);
        }
    }
}
