//! The packaging interface: `install-links --print` (what scripts/package ships) and the files
//! the package takes from the tree. The .deb itself is tested by scripts/test-package (lintian,
//! reproducibility, install/upgrade/purge in a debootstrap chroot; needs root).

mod common;

use std::collections::BTreeSet;

fn print_links(sb: &common::Sandbox) -> Vec<serde_json::Value> {
    let out = sb
        .cmd()
        .args(["install-links", "--print"])
        .output()
        .unwrap();
    common::assert_ok(&out);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON document per line"))
        .collect()
}

#[test]
fn print_lists_every_applet_link_with_a_committed_man_page() {
    let sb = common::Sandbox::new();
    let links = print_links(&sb);
    let list = sb.cmd().arg("--list").output().unwrap();
    let applets: BTreeSet<String> = String::from_utf8(list.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    let covered: BTreeSet<String> = links
        .iter()
        .map(|l| l["applet"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(applets, covered, "every applet gets at least one link");
    let mut names = Vec::new();
    for l in &links {
        let link = l["link"].as_str().unwrap();
        let sec = l["section"].as_u64().unwrap();
        let man = l["man"].as_str().unwrap();
        assert!(sec == 1 || sec == 8, "{link}: section {sec}");
        assert!(
            link.starts_with("debvisor-") || !link.contains('/'),
            "{link}: odd name"
        );
        let page = common::repo().join(format!("man/{man}.{sec}"));
        assert!(page.exists(), "{link}: {} missing", page.display());
        names.push(link.to_string());
    }
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        names, sorted,
        "sorted, no duplicates (stable package contents)"
    );
    // Every link name dispatches to its applet.
    for l in &links {
        let out = sb
            .cmd_as(l["link"].as_str().unwrap())
            .arg("--help")
            .output()
            .unwrap();
        assert!(out.status.success(), "{l}");
    }
}

#[test]
fn print_changes_nothing_and_conflicts_with_a_directory() {
    let sb = common::Sandbox::new();
    let out = sb
        .cmd()
        .args(["install-links", "--print", "/tmp"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let links = print_links(&sb);
    assert!(!links.is_empty());
    assert!(common::read_json_lines(&sb.audit_log()).is_empty());
}

#[test]
fn packaging_inputs_are_in_the_tree() {
    let r = common::repo();
    for f in [
        "packaging/debvisor.toml",
        "packaging/debian/control",
        "packaging/debian/copyright",
        "packaging/debian/changelog",
        "packaging/debian/postinst",
        "packaging/debian/prerm",
        "packaging/debian/postrm",
        "packaging/debian/lintian-overrides",
        "packaging/systemd/debvisor-firstboot.service",
    ] {
        assert!(r.join(f).exists(), "{f} missing");
    }
    // The changelog's upstream version is the crate's (scripts/package refuses otherwise).
    let cl = std::fs::read_to_string(r.join("packaging/debian/changelog")).unwrap();
    let first = cl.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("debvisor ({}-", env!("CARGO_PKG_VERSION"))),
        "packaging/debian/changelog: add an entry for {}: {first}",
        env!("CARGO_PKG_VERSION")
    );
    // The firstboot unit must never be restartable (it provisions disks).
    let fb =
        std::fs::read_to_string(r.join("packaging/systemd/debvisor-firstboot.service")).unwrap();
    assert!(fb.contains("ConditionPathExists=/etc/debvisor/firstboot.pending"));
    assert!(!fb.contains("Restart="));
}

/// The shipped conffile must be a valid configuration as shipped: a merge once cut a comment
/// into a bare table header, and only the package chroot noticed. Every applet reads its
/// section from this file on a fresh install, so load it here where it fails in seconds.
#[test]
fn shipped_conffile_loads() {
    let conf = common::repo().join("packaging/debvisor.toml");
    let sb = common::Sandbox::new();
    let out = sb
        .cmd()
        .env("DEBVISOR_CONFIG", &conf)
        .args(["health-check", "--only", "disk", "--json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(4), "{err}");
    assert!(!err.contains("debvisor.toml"), "{err}");
    let j = common::json_of(&out);
    assert_eq!(j["checks"][0]["name"], "disk", "{j}");
}
