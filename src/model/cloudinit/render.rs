//! Rendering of generated seed files: the default user-data and meta-data and a template's
//! text, every interpolated value a quoted YAML scalar (no injection through names or keys).

use super::templates::Template;

/// A YAML double-quoted scalar (JSON strings are valid YAML): no injection through names.
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

pub(super) fn yaml_list(items: &[String], indent: &str) -> String {
    items
        .iter()
        .map(|k| format!("{indent}- {}\n", quote(k)))
        .collect()
}

/// Default user-data: the distribution's default user with the given keys, password login off.
pub fn default_user_data(hostname: &str, keys: &[String]) -> String {
    let mut s = String::from("#cloud-config\n");
    s.push_str(&format!("hostname: {}\n", quote(hostname)));
    s.push_str("users:\n  - default\n");
    if !keys.is_empty() {
        s.push_str("ssh_authorized_keys:\n");
        s.push_str(&yaml_list(keys, "  "));
    }
    s.push_str("ssh_pwauth: false\ndisable_root: true\n");
    s
}

pub fn default_meta_data(instance_id: &str, hostname: &str) -> String {
    format!(
        "instance-id: {}\nlocal-hostname: {}\n",
        quote(instance_id),
        quote(hostname)
    )
}

pub fn render_template(t: &Template, hostname: &str, keys: &[String]) -> String {
    let list = format!(
        "[{}]",
        keys.iter().map(|k| quote(k)).collect::<Vec<_>>().join(", ")
    );
    t.body
        .replace("{{hostname}}", &quote(hostname))
        .replace("{{ssh_authorized_keys}}", &list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cloudinit::{
        validate_meta_data, validate_user_data, UserDataKind, TEMPLATES,
    };

    #[test]
    fn defaults_and_templates_are_valid_and_injection_free() {
        let keys = vec!["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9vb2Jhcg== me@x".to_string()];
        let ud = default_user_data("web1\nruncmd: [rm -rf /]", &keys);
        let (_, p) = validate_user_data("user-data", ud.as_bytes());
        assert!(p.is_empty(), "{p:?}\n{ud}");
        assert!(!ud.contains("\nruncmd"));
        for t in TEMPLATES {
            let r = render_template(t, "node-1", &keys);
            let (k, p) = validate_user_data(t.name, r.as_bytes());
            assert_eq!(k, Some(UserDataKind::CloudConfig));
            assert!(p.is_empty(), "{}: {p:?}\n{r}", t.name);
            assert!(r.contains("ssh-ed25519"));
        }
        assert!(validate_meta_data("m", &default_meta_data("vm1", "vm1")).is_empty());
    }
}
