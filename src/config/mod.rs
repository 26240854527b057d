//! The configuration file (`/etc/debvisor/debvisor.toml`): one section per applet.
//!
//! Precedence, highest first: command-line flags, environment variables, this file, built-in
//! defaults. Each applet owns the struct for its section and reads it with
//! [`Config::section`]; unknown keys and unknown sections are errors that name the file, the
//! line and the key, so a typo never silently falls back to a default.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, Visitor};
use serde::Deserialize;

pub const DEFAULT_PATH: &str = "/etc/debvisor/debvisor.toml";

/// Every section the toolbox knows. A section not listed here is reported as a typo.
pub const KNOWN_SECTIONS: &[&str] = &[
    "general",
    "health",
    "libvirt",
    "migrate",
    "console",
    "dns",
    "etcd",
    "tsig",
    "hostname_register",
    "vm_register",
    "blocklist",
    "ceph",
    "zfs",
    "images",
    "cloudinit",
    "k8s",
    "cluster",
    "firstboot",
    "upgrade",
    "join",
    "maintenance",
    "metrics",
];

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    source: String,
}

/// `[general]`: paths shared by every applet.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct General {
    pub audit_log: PathBuf,
    pub state_dir: PathBuf,
    pub lock_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl Default for General {
    fn default() -> Self {
        General {
            audit_log: "/var/log/debvisor/audit.jsonl".into(),
            state_dir: "/var/lib/debvisor".into(),
            lock_dir: "/run/lock/debvisor".into(),
            log_dir: "/var/log/debvisor".into(),
        }
    }
}

impl Config {
    /// Loads `explicit` (which must exist), else `$DEBVISOR_CONFIG` (which must exist), else the
    /// default path if present. A missing default file means "all defaults".
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Config> {
        let (path, required) = match explicit {
            Some(p) => (p.to_path_buf(), true),
            None => match std::env::var_os("DEBVISOR_CONFIG") {
                Some(p) if !p.is_empty() => (PathBuf::from(p), true),
                _ => (PathBuf::from(DEFAULT_PATH), false),
            },
        };
        match std::fs::read_to_string(&path) {
            Ok(source) => Config::from_str(&source, Some(path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                Ok(Config::default())
            }
            Err(e) => Err(crate::error::config(format!(
                "cannot read configuration file {}: {e}",
                path.display()
            ))),
        }
    }

    pub fn from_str(source: &str, path: Option<PathBuf>) -> anyhow::Result<Config> {
        let cfg = Config {
            path,
            source: source.to_string(),
        };
        // Syntax and unknown sections are checked once, up front.
        let table: toml::Table = toml::from_str(source).map_err(|e| cfg.error(&e))?;
        for (k, v) in &table {
            if !KNOWN_SECTIONS.contains(&k.as_str()) {
                let line = cfg.line_of_section(k);
                return Err(crate::error::config(format!(
                    "{}:{line}: unknown section [{k}] (known: {})",
                    cfg.name(),
                    KNOWN_SECTIONS.join(", ")
                )));
            }
            if !v.is_table() {
                return Err(crate::error::config(format!(
                    "{}:{}: `{k}` must be a section ([{k}])",
                    cfg.name(),
                    cfg.line_of_section(k)
                )));
            }
        }
        Ok(cfg)
    }

    /// Deserializes section `name` (defaults when absent). Errors name file, line and key.
    pub fn section<T: DeserializeOwned + Default>(&self, name: &str) -> anyhow::Result<T> {
        if self.source.is_empty() {
            return Ok(T::default());
        }
        let de = toml::Deserializer::new(&self.source);
        let got: Option<T> = PickSection::<T> {
            name,
            _t: std::marker::PhantomData,
        }
        .deserialize(de)
        .map_err(|e| self.error(&e))?;
        Ok(got.unwrap_or_default())
    }

    pub fn general(&self) -> anyhow::Result<General> {
        let mut g: General = self.section("general")?;
        if let Some(v) = env_path("DEBVISOR_AUDIT_LOG") {
            g.audit_log = v;
        }
        if let Some(v) = env_path("DEBVISOR_STATE_DIR") {
            g.state_dir = v;
        }
        if let Some(v) = env_path("DEBVISOR_LOCK_DIR") {
            g.lock_dir = v;
        }
        if let Some(v) = env_path("DEBVISOR_LOG_DIR") {
            g.log_dir = v;
        }
        Ok(g)
    }

    fn name(&self) -> String {
        self.path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "<config>".into())
    }

    fn line_of_section(&self, name: &str) -> usize {
        self.source
            .lines()
            .position(|l| {
                let t = l.trim();
                t == format!("[{name}]")
                    || t.starts_with(&format!("{name} "))
                    || t.starts_with(&format!("{name}="))
            })
            .map(|i| i + 1)
            .unwrap_or(1)
    }

    /// One line: `FILE:LINE: key `k`: message`.
    fn error(&self, e: &toml::de::Error) -> anyhow::Error {
        let (line, key) = match e.span() {
            Some(span) => {
                let start = span.start.min(self.source.len());
                let line_no = self.source[..start].matches('\n').count() + 1;
                let line_text = self.source.lines().nth(line_no - 1).unwrap_or("");
                let key = line_text
                    .split_once('=')
                    .map(|(k, _)| k.trim().to_string())
                    .filter(|k| !k.is_empty() && !k.starts_with('['));
                (line_no, key)
            }
            None => (1, None),
        };
        let msg = e.message().trim().replace('\n', " ");
        let key = key.map(|k| format!("key `{k}`: ")).unwrap_or_default();
        crate::error::config(format!("{}:{line}: {key}{msg}", self.name()))
    }
}

/// Lenient views of the keys other applets read from a section they do not own (the owner's
/// struct rejects unknown keys; these ignore everything but the shared keys). One definition
/// each, so a shared key cannot be spelt two ways.
pub mod views {
    use std::path::PathBuf;

    use serde::Deserialize;

    /// `[libvirt] uri`
    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    pub struct LibvirtView {
        pub uri: Option<String>,
    }

    /// `[dns] zone, primaries, secondaries`
    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    pub struct DnsView {
        pub zone: Option<String>,
        pub primaries: Vec<String>,
        pub secondaries: Vec<String>,
    }

    /// `[ceph] conf, keyring, mgr_compat_dir, systemd_unit_dir`
    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    pub struct CephView {
        pub conf: Option<PathBuf>,
        pub keyring: Option<PathBuf>,
        pub mgr_compat_dir: Option<PathBuf>,
        pub systemd_unit_dir: Option<PathBuf>,
    }

    /// `[k8s] kubeconfig`
    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    pub struct K8sView {
        pub kubeconfig: Option<PathBuf>,
    }

    /// `[etcd] endpoints`
    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    pub struct EtcdView {
        pub endpoints: Option<Vec<String>>,
    }
}

/// One resolver per setting that several applets share, each with the same precedence:
/// **command-line flag > environment > config file > built-in default**. (An environment
/// variable the external tool reads itself, such as CEPH_CONF, is honoured by passing nothing.)
pub mod sections;

pub mod resolve {
    use std::ffi::OsString;
    use std::path::PathBuf;

    fn env(var: &str) -> Option<OsString> {
        std::env::var_os(var).filter(|v| !v.is_empty())
    }

    /// The Ceph configuration file: `--conf` > `CEPH_CONF` > `[ceph] conf` >
    /// /etc/ceph/ceph.conf (the ceph CLI's default). For checks that need the path itself.
    pub fn ceph_conf(flag: Option<PathBuf>, cfg: Option<PathBuf>) -> PathBuf {
        ceph_conf_from(flag, env("CEPH_CONF"), cfg)
    }

    pub fn ceph_conf_from(
        flag: Option<PathBuf>,
        env: Option<OsString>,
        cfg: Option<PathBuf>,
    ) -> PathBuf {
        flag.or(env.map(PathBuf::from))
            .or(cfg)
            .unwrap_or_else(|| PathBuf::from("/etc/ceph/ceph.conf"))
    }

    /// The libvirt URI: `--connect` > `LIBVIRT_DEFAULT_URI` > `[libvirt] uri` > DEFAULT.
    pub fn libvirt_uri(flag: Option<&str>, cfg: Option<&str>, default: &str) -> String {
        let env = std::env::var("LIBVIRT_DEFAULT_URI").ok();
        libvirt_uri_from(flag, env.as_deref(), cfg, default)
    }

    pub fn libvirt_uri_from(
        flag: Option<&str>,
        env: Option<&str>,
        cfg: Option<&str>,
        default: &str,
    ) -> String {
        [flag, env, cfg]
            .into_iter()
            .flatten()
            .find(|u| !u.is_empty())
            .unwrap_or(default)
            .to_string()
    }

    /// The kubeconfig: `--kubeconfig` > `KUBECONFIG` > `[k8s] kubeconfig` >
    /// /etc/kubernetes/admin.conf (only where it exists; else kubectl's own default).
    pub fn kubeconfig(flag: Option<PathBuf>, cfg: Option<PathBuf>) -> Option<PathBuf> {
        kubeconfig_from(flag, env("KUBECONFIG"), cfg, |p| p.exists())
    }

    pub fn kubeconfig_from(
        flag: Option<PathBuf>,
        env: Option<OsString>,
        cfg: Option<PathBuf>,
        exists: impl Fn(&std::path::Path) -> bool,
    ) -> Option<PathBuf> {
        flag.or(env.map(PathBuf::from))
            .or(cfg)
            .or_else(|| Some(PathBuf::from("/etc/kubernetes/admin.conf")).filter(|p| exists(p)))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn flag_then_env_then_config_then_default() {
            let p = |s: &str| Some(PathBuf::from(s));
            let e = |s: &str| Some(OsString::from(s));
            assert_eq!(
                ceph_conf_from(p("/f"), e("/e"), p("/c")),
                PathBuf::from("/f")
            );
            assert_eq!(ceph_conf_from(None, e("/e"), p("/c")), PathBuf::from("/e"));
            assert_eq!(ceph_conf_from(None, None, p("/c")), PathBuf::from("/c"));
            assert_eq!(
                ceph_conf_from(None, None, None),
                PathBuf::from("/etc/ceph/ceph.conf")
            );
            let yes = |_: &std::path::Path| true;
            let no = |_: &std::path::Path| false;
            assert_eq!(kubeconfig_from(p("/f"), e("/e"), p("/c"), no), p("/f"));
            assert_eq!(kubeconfig_from(None, e("/e"), p("/c"), no), p("/e"));
            assert_eq!(kubeconfig_from(None, None, p("/c"), no), p("/c"));
            assert_eq!(
                kubeconfig_from(None, None, None, yes),
                p("/etc/kubernetes/admin.conf")
            );
            assert_eq!(kubeconfig_from(None, None, None, no), None);
            let d = "qemu:///system";
            assert_eq!(
                libvirt_uri_from(Some("test:///f"), Some("test:///e"), Some("test:///c"), d),
                "test:///f"
            );
            assert_eq!(
                libvirt_uri_from(None, Some("test:///e"), Some("test:///c"), d),
                "test:///e"
            );
            assert_eq!(
                libvirt_uri_from(Some(""), Some(""), Some("test:///c"), d),
                "test:///c"
            );
            assert_eq!(libvirt_uri_from(None, None, None, d), d);
        }
    }
}

fn env_path(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Visits the top-level table and deserializes only the requested section, so errors keep the
/// spans of the original document.
struct PickSection<'a, T> {
    name: &'a str,
    _t: std::marker::PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for PickSection<'_, T> {
    type Value = Option<T>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for PickSection<'_, T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a table")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.name {
                found = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, default)]
    struct Dns {
        servers: Vec<String>,
        ttl: u32,
    }

    #[test]
    fn reads_a_section_and_defaults_the_rest() {
        let c = Config::from_str("[dns]\nservers = [\"127.0.0.1\"]\nttl = 60\n", None).unwrap();
        let d: Dns = c.section("dns").unwrap();
        assert_eq!(d.ttl, 60);
        let g = c.general().unwrap();
        assert_eq!(g.state_dir, PathBuf::from("/var/lib/debvisor"));
    }

    #[test]
    fn type_errors_name_file_line_and_key() {
        let c = Config::from_str(
            "# c\n[dns]\nservers = []\nttl = \"sixty\"\n",
            Some("/etc/debvisor/debvisor.toml".into()),
        )
        .unwrap();
        let e = c.section::<Dns>("dns").unwrap_err();
        let s = e.to_string();
        assert!(
            s.starts_with("/etc/debvisor/debvisor.toml:4: key `ttl`"),
            "{s}"
        );
        assert_eq!(crate::error::exit_code_of(&e), 4);
    }

    #[test]
    fn unknown_keys_and_sections_are_errors() {
        let c = Config::from_str("[dns]\nttl = 5\nsevrers = []\n", None).unwrap();
        let s = c.section::<Dns>("dns").unwrap_err().to_string();
        assert!(s.contains(":3:") && s.contains("sevrers"), "{s}");
        let e = Config::from_str("[general]\n\n[dsn]\nx=1\n", None).unwrap_err();
        assert!(e.to_string().contains(":3: unknown section [dsn]"), "{e}");
        let e = Config::from_str("[dns\n", None).unwrap_err();
        assert!(e.to_string().contains("<config>:1:"), "{e}");
    }
}
