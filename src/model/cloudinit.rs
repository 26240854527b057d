//! NoCloud seed contents: validation of user-data / vendor-data, meta-data and network-config
//! (v1 and v2) with file, line and key in every problem; rendering of the defaults; the
//! embedded template library; secret detection. Pure logic, no I/O; never panics on input.
//!
//! YAML is parsed with saphyr (YAML 1.2, with source spans). cloud-init itself uses PyYAML
//! (YAML 1.1), so `yes`/`no`/`on`/`off` are accepted where a boolean is expected.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding: `file:line: key `k`: message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if !self.key.is_empty() {
            write!(f, "key `{}`: ", self.key)?;
        }
        f.write_str(&self.message)
    }
}

/// What kind of user-data a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UserDataKind {
    CloudConfig,
    Script,
    Include,
    Boothook,
    PartHandler,
    CloudConfigArchive,
    Multipart,
    Gzip,
}

/// Expected shape of a YAML value.
#[derive(Debug)]
pub enum T {
    Any,
    Str,
    Int,
    Bool,
    /// A string or an integer (uids, file modes, sizes).
    StrOrInt,
    /// A boolean or a string (`ssh_pwauth: unchanged`).
    BoolOrStr,
    /// A string or a list of strings.
    StrOrList,
    /// One of these strings.
    Enum(&'static [&'static str]),
    List(&'static T),
    /// A string or a mapping with these keys (list entries like `- default`).
    StrOrMap(&'static [(&'static str, T)], bool),
    /// A mapping with these keys; `bool`: unknown keys are errors (true) or warnings (false).
    Map(&'static [(&'static str, T)], bool),
    /// Any mapping (keys not checked).
    AnyMap,
    /// A mapping of names to values of one shape (netplan `ethernets: {eth0: …}`).
    MapOf(&'static T),
    /// A list or a mapping.
    ListOrMap,
}

const STRS: T = T::List(&T::Str);
const CMDS: T = T::List(&T::StrOrList);

const USER: &[(&str, T)] = &[
    ("name", T::Str),
    ("gecos", T::Str),
    ("groups", T::StrOrList),
    ("sudo", T::Any),
    ("shell", T::Str),
    ("lock_passwd", T::Bool),
    ("passwd", T::Str),
    ("hashed_passwd", T::Str),
    ("plain_text_passwd", T::Str),
    ("ssh_authorized_keys", STRS),
    ("ssh_import_id", STRS),
    ("ssh_redirect_user", T::Bool),
    ("primary_group", T::Str),
    ("homedir", T::Str),
    ("system", T::Bool),
    ("uid", T::StrOrInt),
    ("no_create_home", T::Bool),
    ("no_user_group", T::Bool),
    ("no_log_init", T::Bool),
    ("create_groups", T::Bool),
    ("expiredate", T::Str),
    ("inactive", T::StrOrInt),
    ("selinux_user", T::Str),
    ("snapuser", T::Str),
    ("doas", STRS),
];

const WRITE_FILE: &[(&str, T)] = &[
    ("path", T::Str),
    ("content", T::Str),
    ("source", T::AnyMap),
    (
        "encoding",
        T::Enum(&[
            "b64",
            "base64",
            "gz",
            "gzip",
            "gz+base64",
            "gzip+base64",
            "gz+b64",
            "gzip+b64",
            "text/plain",
        ]),
    ),
    ("owner", T::Str),
    ("permissions", T::StrOrInt),
    ("append", T::Bool),
    ("defer", T::Bool),
];

const CHPASSWD: &[(&str, T)] = &[
    ("expire", T::Bool),
    ("list", T::StrOrList),
    ("users", T::List(&T::AnyMap)),
];

/// Top-level cloud-config keys with their types. Unknown top-level keys are warnings (cloud-init
/// modules and distributions add their own).
const CLOUD_CONFIG: &[(&str, T)] = &[
    ("hostname", T::Str),
    ("fqdn", T::Str),
    ("prefer_fqdn_over_hostname", T::Bool),
    ("preserve_hostname", T::Bool),
    ("create_hostname_file", T::Bool),
    ("manage_etc_hosts", T::BoolOrStr),
    ("users", T::List(&T::StrOrMap(USER, false))),
    ("user", T::StrOrMap(USER, false)),
    ("groups", T::Any),
    ("ssh_authorized_keys", STRS),
    ("ssh_pwauth", T::BoolOrStr),
    ("ssh_deletekeys", T::Bool),
    ("ssh_genkeytypes", STRS),
    ("ssh_keys", T::AnyMap),
    ("ssh_quiet_keygen", T::Bool),
    ("ssh_publish_hostkeys", T::AnyMap),
    ("ssh_import_id", STRS),
    ("no_ssh_fingerprints", T::Bool),
    ("disable_root", T::Bool),
    ("disable_root_opts", T::Str),
    ("allow_public_ssh_keys", T::Bool),
    ("chpasswd", T::Map(CHPASSWD, false)),
    ("password", T::Str),
    ("packages", CMDS),
    ("package_update", T::Bool),
    ("package_upgrade", T::Bool),
    ("package_reboot_if_required", T::Bool),
    ("apt", T::AnyMap),
    ("apt_pipelining", T::Any),
    ("yum_repos", T::AnyMap),
    ("zypper", T::AnyMap),
    ("snap", T::AnyMap),
    ("runcmd", CMDS),
    ("bootcmd", CMDS),
    ("write_files", T::List(&T::Map(WRITE_FILE, true))),
    ("timezone", T::Str),
    ("locale", T::Str),
    ("locale_configfile", T::Str),
    ("keyboard", T::AnyMap),
    ("ntp", T::AnyMap),
    ("growpart", T::AnyMap),
    ("resize_rootfs", T::BoolOrStr),
    ("mounts", T::List(&T::List(&T::Any))),
    ("mount_default_fields", T::List(&T::Any)),
    ("swap", T::AnyMap),
    ("disk_setup", T::AnyMap),
    ("fs_setup", T::List(&T::AnyMap)),
    ("device_aliases", T::AnyMap),
    ("power_state", T::AnyMap),
    ("final_message", T::Str),
    ("output", T::AnyMap),
    ("ca_certs", T::AnyMap),
    ("ca-certs", T::AnyMap),
    ("phone_home", T::AnyMap),
    ("random_seed", T::AnyMap),
    ("rsyslog", T::Any),
    ("manage_resolv_conf", T::Bool),
    ("resolv_conf", T::AnyMap),
    ("merge_how", T::Any),
    ("merge_type", T::Any),
    ("system_info", T::AnyMap),
    ("vendor_data", T::AnyMap),
    ("ansible", T::AnyMap),
    ("puppet", T::AnyMap),
    ("chef", T::AnyMap),
    ("salt_minion", T::AnyMap),
    ("landscape", T::AnyMap),
    ("lxd", T::AnyMap),
    ("mcollective", T::AnyMap),
    ("wireguard", T::AnyMap),
    ("ubuntu_advantage", T::AnyMap),
    ("ubuntu_pro", T::AnyMap),
    ("byobu_by_default", T::Str),
    ("debconf_selections", T::AnyMap),
    ("rh_subscription", T::AnyMap),
    ("spacewalk", T::AnyMap),
    ("reporting", T::AnyMap),
    ("seed_random", T::Any),
    ("updates", T::AnyMap),
    ("drivers", T::AnyMap),
    ("autoinstall", T::AnyMap),
    ("cloud_init_modules", T::List(&T::Any)),
    ("cloud_config_modules", T::List(&T::Any)),
    ("cloud_final_modules", T::List(&T::Any)),
];

/// NoCloud meta-data keys. Unknown keys are errors.
const META_DATA: &[(&str, T)] = &[
    ("instance-id", T::Str),
    ("local-hostname", T::Str),
    ("hostname", T::Str),
    ("public-keys", T::Any),
    ("public_keys", T::Any),
    ("network-interfaces", T::Str),
    ("dsmode", T::Enum(&["local", "net", "disabled"])),
    ("availability-zone", T::Str),
    ("availability_zone", T::Str),
    ("cloud-name", T::Str),
    ("region", T::Str),
    ("platform", T::Str),
    ("launch-index", T::Int),
    ("seedfrom", T::Str),
];

const V1_ROUTE: &[(&str, T)] = &[
    ("gateway", T::Str),
    ("netmask", T::Str),
    ("network", T::Str),
    ("destination", T::Str),
    ("metric", T::Int),
    ("prefix", T::StrOrInt),
];

const V1_SUBNET: &[(&str, T)] = &[
    (
        "type",
        T::Enum(&[
            "static",
            "static6",
            "dhcp",
            "dhcp4",
            "dhcp6",
            "manual",
            "ipv6_dhcpv6-stateful",
            "ipv6_dhcpv6-stateless",
            "ipv6_slaac",
        ]),
    ),
    ("address", T::Str),
    ("netmask", T::Str),
    ("prefix", T::StrOrInt),
    ("gateway", T::Str),
    ("dns_nameservers", STRS),
    ("dns_search", STRS),
    ("routes", T::List(&T::Map(V1_ROUTE, true))),
    ("control", T::Enum(&["auto", "hotplug", "manual"])),
    ("mtu", T::Int),
    ("metric", T::Int),
    ("ipv4", T::Bool),
    ("ipv6", T::Bool),
];

/// v1 `config:` entries (the union of the keys of every type; the type is checked apart).
const V1_ITEM: &[(&str, T)] = &[
    (
        "type",
        T::Enum(&[
            "physical",
            "bond",
            "bridge",
            "vlan",
            "nameserver",
            "route",
            "infiniband",
        ]),
    ),
    ("name", T::Str),
    ("mac_address", T::Str),
    ("mtu", T::Int),
    ("subnets", T::List(&T::Map(V1_SUBNET, true))),
    ("accept-ra", T::Bool),
    ("wakeonlan", T::Bool),
    ("bond_interfaces", STRS),
    ("bridge_interfaces", STRS),
    ("params", T::AnyMap),
    ("vlan_link", T::Str),
    ("vlan_id", T::Int),
    ("address", T::StrOrList),
    ("search", T::StrOrList),
    ("interface", T::Str),
    ("destination", T::Str),
    ("gateway", T::Str),
    ("metric", T::Int),
    ("network", T::Str),
    ("netmask", T::Str),
    ("keep_configuration", T::Bool),
];

const V1: &[(&str, T)] = &[
    ("version", T::Int),
    ("config", T::List(&T::Map(V1_ITEM, true))),
];

const V2_ROUTE: &[(&str, T)] = &[
    ("to", T::Str),
    ("via", T::Str),
    ("from", T::Str),
    ("metric", T::Int),
    ("on-link", T::Bool),
    ("table", T::Int),
    ("scope", T::Enum(&["global", "link", "host"])),
    ("type", T::Str),
    ("mtu", T::Int),
];

const V2_DEVICE: &[(&str, T)] = &[
    (
        "match",
        T::Map(
            &[
                ("name", T::Str),
                ("macaddress", T::Str),
                ("driver", T::StrOrList),
            ],
            true,
        ),
    ),
    ("set-name", T::Str),
    ("wakeonlan", T::Bool),
    ("dhcp4", T::Bool),
    ("dhcp6", T::Bool),
    ("dhcp4-overrides", T::AnyMap),
    ("dhcp6-overrides", T::AnyMap),
    ("dhcp-identifier", T::Enum(&["duid", "mac"])),
    ("accept-ra", T::Bool),
    ("addresses", T::List(&T::Any)),
    ("gateway4", T::Str),
    ("gateway6", T::Str),
    (
        "nameservers",
        T::Map(&[("addresses", STRS), ("search", STRS)], true),
    ),
    ("mtu", T::Int),
    ("ipv6-mtu", T::Int),
    ("ipv6-privacy", T::Bool),
    ("link-local", STRS),
    ("routes", T::List(&T::Map(V2_ROUTE, true))),
    ("routing-policy", T::List(&T::AnyMap)),
    ("optional", T::Bool),
    ("critical", T::Bool),
    ("macaddress", T::Str),
    ("renderer", T::Enum(&["networkd", "NetworkManager"])),
    ("interfaces", STRS),
    ("parameters", T::AnyMap),
    ("id", T::Int),
    ("link", T::Str),
];

const V2: &[(&str, T)] = &[
    ("version", T::Int),
    ("renderer", T::Enum(&["networkd", "NetworkManager"])),
    ("ethernets", T::MapOf(&T::Map(V2_DEVICE, true))),
    ("bonds", T::MapOf(&T::Map(V2_DEVICE, true))),
    ("bridges", T::MapOf(&T::Map(V2_DEVICE, true))),
    ("vlans", T::MapOf(&T::Map(V2_DEVICE, true))),
];

fn kind(n: &MarkedYaml) -> &'static str {
    match &n.data {
        YamlData::Value(Scalar::Null) => "null",
        YamlData::Value(Scalar::Boolean(_)) => "a boolean",
        YamlData::Value(Scalar::Integer(_)) => "an integer",
        YamlData::Value(Scalar::FloatingPoint(_)) => "a number",
        YamlData::Value(Scalar::String(_)) | YamlData::Representation(..) => "a string",
        YamlData::Sequence(_) => "a list",
        YamlData::Mapping(_) => "a mapping",
        YamlData::Tagged(..) => "a tagged value",
        YamlData::Alias(_) => "an alias",
        YamlData::BadValue => "an invalid value",
    }
}

fn as_str<'a>(n: &'a MarkedYaml) -> Option<&'a str> {
    match &n.data {
        YamlData::Value(Scalar::String(s)) => Some(s),
        YamlData::Representation(s, ..) => Some(s),
        _ => None,
    }
}

fn is_bool(n: &MarkedYaml) -> bool {
    match &n.data {
        YamlData::Value(Scalar::Boolean(_)) => true,
        // YAML 1.1 booleans, as cloud-init's parser reads them.
        _ => as_str(n).is_some_and(|s| {
            matches!(
                s.to_ascii_lowercase().as_str(),
                "yes" | "no" | "on" | "off" | "true" | "false" | "y" | "n"
            )
        }),
    }
}

fn is_int(n: &MarkedYaml) -> bool {
    matches!(n.data, YamlData::Value(Scalar::Integer(_)))
}

fn is_scalar_text(n: &MarkedYaml) -> bool {
    // Numbers and booleans are fine where text is expected only when the schema says so;
    // a string field given `5` is reported (cloud-init's schema does the same).
    as_str(n).is_some()
}

fn key_name(k: &MarkedYaml) -> String {
    match &k.data {
        YamlData::Value(Scalar::String(s)) => s.to_string(),
        YamlData::Value(Scalar::Integer(i)) => i.to_string(),
        YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
        YamlData::Value(Scalar::Null) => "null".into(),
        _ => "?".into(),
    }
}

struct Checker<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn push(&mut self, sev: Severity, n: &MarkedYaml, key: &str, msg: String) {
        self.problems.push(Problem {
            severity: sev,
            file: self.file.to_string(),
            line: n.span.start.line().max(1),
            key: key.to_string(),
            message: msg,
        });
    }

    fn err(&mut self, n: &MarkedYaml, key: &str, msg: String) {
        self.push(Severity::Error, n, key, msg);
    }

    fn check(&mut self, n: &MarkedYaml, t: &T, path: &str, depth: usize) {
        if depth > 32 {
            return;
        }
        if let YamlData::Tagged(_, inner) = &n.data {
            return self.check(inner, t, path, depth + 1);
        }
        let got = kind(n);
        match t {
            T::Any => {}
            T::Str => {
                if !is_scalar_text(n) {
                    self.err(n, path, format!("expected a string, got {got}"));
                }
            }
            T::Int => {
                if !is_int(n) {
                    self.err(n, path, format!("expected an integer, got {got}"));
                }
            }
            T::Bool => {
                if !is_bool(n) {
                    self.err(n, path, format!("expected true or false, got {got}"));
                }
            }
            T::StrOrInt => {
                if !is_scalar_text(n) && !is_int(n) {
                    self.err(
                        n,
                        path,
                        format!("expected a string or an integer, got {got}"),
                    );
                }
            }
            T::BoolOrStr => {
                if !is_scalar_text(n) && !is_bool(n) {
                    self.err(
                        n,
                        path,
                        format!("expected true, false or a string, got {got}"),
                    );
                }
            }
            T::StrOrList => match &n.data {
                YamlData::Sequence(items) => {
                    for (i, it) in items.iter().enumerate() {
                        self.check(it, &T::Str, &format!("{path}[{i}]"), depth + 1);
                    }
                }
                _ if is_scalar_text(n) => {}
                _ => self.err(
                    n,
                    path,
                    format!("expected a string or a list of strings, got {got}"),
                ),
            },
            T::Enum(allowed) => match as_str(n) {
                Some(s) if allowed.contains(&s) => {}
                Some(s) => self.err(
                    n,
                    path,
                    format!("`{s}` is not one of {}", allowed.join(", ")),
                ),
                None => self.err(
                    n,
                    path,
                    format!("expected one of {}, got {got}", allowed.join(", ")),
                ),
            },
            T::List(inner) => match &n.data {
                YamlData::Sequence(items) => {
                    for (i, it) in items.iter().enumerate() {
                        self.check(it, inner, &format!("{path}[{i}]"), depth + 1);
                    }
                }
                _ => self.err(n, path, format!("expected a list, got {got}")),
            },
            T::StrOrMap(keys, strict) => {
                if !is_scalar_text(n) {
                    self.check(n, &T::Map(keys, *strict), path, depth + 1);
                }
            }
            T::Map(keys, strict) => match &n.data {
                YamlData::Mapping(map) => {
                    for (k, v) in map.iter() {
                        let name = key_name(k);
                        let p = if path.is_empty() {
                            name.clone()
                        } else {
                            format!("{path}.{name}")
                        };
                        match keys.iter().find(|(kn, _)| *kn == name) {
                            Some((_, kt)) => self.check(v, kt, &p, depth + 1),
                            None => {
                                let sev = if *strict {
                                    Severity::Error
                                } else {
                                    Severity::Warning
                                };
                                self.push(sev, k, &p, "unknown key".to_string());
                            }
                        }
                    }
                }
                _ => self.err(n, path, format!("expected a mapping, got {got}")),
            },
            T::AnyMap => {
                if !matches!(n.data, YamlData::Mapping(_)) {
                    self.err(n, path, format!("expected a mapping, got {got}"));
                }
            }
            T::MapOf(inner) => match &n.data {
                YamlData::Mapping(map) => {
                    for (k, v) in map.iter() {
                        let p = format!("{path}.{}", key_name(k));
                        self.check(v, inner, &p, depth + 1);
                    }
                }
                _ => self.err(n, path, format!("expected a mapping, got {got}")),
            },
            T::ListOrMap => {
                if !matches!(n.data, YamlData::Mapping(_) | YamlData::Sequence(_)) {
                    self.err(n, path, format!("expected a list or a mapping, got {got}"));
                }
            }
        }
    }
}

fn get<'a>(map: &'a MarkedYaml<'a>, key: &str) -> Option<&'a MarkedYaml<'a>> {
    match &map.data {
        YamlData::Mapping(m) => m.iter().find(|(k, _)| key_name(k) == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Parses one YAML document; a syntax error becomes a problem at its line.
fn parse<'a>(file: &str, text: &'a str, problems: &mut Vec<Problem>) -> Option<MarkedYaml<'a>> {
    match MarkedYaml::load_from_str(text) {
        Ok(mut docs) => {
            if docs.len() > 1 {
                problems.push(Problem {
                    severity: Severity::Error,
                    file: file.into(),
                    line: docs[1].span.start.line().max(1),
                    key: String::new(),
                    message: "more than one YAML document (---)".into(),
                });
                return None;
            }
            Some(docs.pop().unwrap_or_else(|| MarkedYaml {
                span: Default::default(),
                data: YamlData::Value(Scalar::Null),
            }))
        }
        Err(e) => {
            problems.push(Problem {
                severity: Severity::Error,
                file: file.into(),
                line: e.marker().line().max(1),
                key: String::new(),
                message: format!("invalid YAML: {}", e.info()),
            });
            None
        }
    }
}

fn is_null(n: &MarkedYaml) -> bool {
    matches!(n.data, YamlData::Value(Scalar::Null))
}

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
    let mut problems = Vec::new();
    let kind = user_data_kind(bytes);
    let one = |msg: &str| Problem {
        severity: Severity::Error,
        file: file.into(),
        line: 1,
        key: String::new(),
        message: msg.into(),
    };
    match kind {
        None => {
            problems.push(one(
                "not recognised as user-data: it must start with #cloud-config, a script (#!), \
                 #include, #cloud-boothook, or be MIME multipart",
            ));
        }
        Some(UserDataKind::CloudConfig) => match std::str::from_utf8(bytes) {
            Err(_) => problems.push(one("#cloud-config must be UTF-8 text")),
            Ok(text) => {
                if let Some(doc) = parse(file, text, &mut problems) {
                    if !is_null(&doc) {
                        let mut c = Checker {
                            file,
                            problems: Vec::new(),
                        };
                        c.check(&doc, &T::Map(CLOUD_CONFIG, false), "", 0);
                        problems.extend(c.problems);
                    }
                }
            }
        },
        Some(UserDataKind::CloudConfigArchive) => match std::str::from_utf8(bytes) {
            Err(_) => problems.push(one("#cloud-config-archive must be UTF-8 text")),
            Ok(text) => {
                if let Some(doc) = parse(file, text, &mut problems) {
                    let mut c = Checker {
                        file,
                        problems: Vec::new(),
                    };
                    c.check(
                        &doc,
                        &T::List(&T::StrOrMap(
                            &[
                                ("content", T::Str),
                                ("type", T::Str),
                                ("filename", T::Str),
                                ("launch-index", T::Int),
                            ],
                            false,
                        )),
                        "",
                        0,
                    );
                    problems.extend(c.problems);
                }
            }
        },
        Some(UserDataKind::Multipart) => {
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
                None => problems.push(one("MIME multipart without a boundary")),
                Some(b) if !text.contains(&format!("--{b}")) => {
                    problems.push(one(&format!("MIME boundary `{b}` never appears")))
                }
                _ => {}
            }
        }
        _ => {}
    }
    (kind, problems)
}

/// Validates NoCloud meta-data.
pub fn validate_meta_data(file: &str, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(doc) = parse(file, text, &mut problems) {
        let mut c = Checker {
            file,
            problems: Vec::new(),
        };
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
    let mut c = Checker {
        file,
        problems: Vec::new(),
    };
    let root = match get(&doc, "network") {
        Some(n) => n,
        None => &doc,
    };
    match get(root, "version") {
        None => c.err(root, "version", "missing (1 or 2)".into()),
        Some(v) => match &v.data {
            YamlData::Value(Scalar::Integer(1)) => {
                c.check(
                    root,
                    &T::Map(V1, true),
                    if std::ptr::eq(root, &doc) {
                        ""
                    } else {
                        "network"
                    },
                    0,
                );
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
            YamlData::Value(Scalar::Integer(2)) => {
                c.check(
                    root,
                    &T::Map(V2, true),
                    if std::ptr::eq(root, &doc) {
                        ""
                    } else {
                        "network"
                    },
                    0,
                );
            }
            _ => c.err(v, "version", format!("must be 1 or 2, got {}", kind(v))),
        },
    }
    problems.extend(c.problems);
    problems
}

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

/// A YAML double-quoted scalar (JSON strings are valid YAML): no injection through names.
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
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

fn yaml_list(items: &[String], indent: &str) -> String {
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

pub fn default_meta_data(instance_id: &str, hostname: &str) -> String {
    format!(
        "instance-id: {}\nlocal-hostname: {}\n",
        quote(instance_id),
        quote(hostname)
    )
}

pub struct Template {
    pub name: &'static str,
    pub description: &'static str,
    pub body: &'static str,
}

/// The embedded template library. Placeholders: `{{hostname}}` and `{{ssh_authorized_keys}}`
/// (both replaced by quoted YAML, never raw text).
pub const TEMPLATES: &[Template] = &[
    Template {
        name: "ssh-only",
        description: "default user with SSH keys only; password login and root login off",
        body: "#cloud-config\nhostname: {{hostname}}\nusers:\n  - default\n\
               ssh_authorized_keys: {{ssh_authorized_keys}}\nssh_pwauth: false\ndisable_root: true\n\
               chpasswd:\n  expire: false\n",
    },
    Template {
        name: "docker-host",
        description: "Docker engine from Debian (docker.io), default user in the docker group",
        body: "#cloud-config\nhostname: {{hostname}}\nusers:\n  - default\n\
               ssh_authorized_keys: {{ssh_authorized_keys}}\nssh_pwauth: false\ndisable_root: true\n\
               package_update: true\npackages:\n  - docker.io\n  - docker-compose\n\
               runcmd:\n  - [systemctl, enable, --now, docker]\n\
               \x20 - [sh, -c, 'usermod -aG docker \"$(getent passwd 1000 | cut -d: -f1)\"']\n",
    },
    Template {
        name: "k8s-node",
        description: "Kubernetes node prerequisites: containerd, kernel modules, sysctls, swap off",
        body: "#cloud-config\nhostname: {{hostname}}\nusers:\n  - default\n\
               ssh_authorized_keys: {{ssh_authorized_keys}}\nssh_pwauth: false\ndisable_root: true\n\
               package_update: true\npackages:\n  - containerd\n  - apt-transport-https\n  - ca-certificates\n  - curl\n  - gpg\n\
               write_files:\n  - path: /etc/modules-load.d/k8s.conf\n    permissions: '0644'\n    content: |\n      overlay\n      br_netfilter\n\
               \x20 - path: /etc/sysctl.d/99-kubernetes.conf\n    permissions: '0644'\n    content: |\n      net.bridge.bridge-nf-call-iptables = 1\n      net.bridge.bridge-nf-call-ip6tables = 1\n      net.ipv4.ip_forward = 1\n\
               runcmd:\n  - [modprobe, overlay]\n  - [modprobe, br_netfilter]\n  - [sysctl, --system]\n  - [swapoff, -a]\n  - [sed, -i, '/ swap / s/^/#/', /etc/fstab]\n  - [systemctl, enable, --now, containerd]\n",
    },
];

pub fn template(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
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
    use proptest::prelude::*;

    fn errors(p: &[Problem]) -> Vec<String> {
        p.iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.to_string())
            .collect()
    }

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
