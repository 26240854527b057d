//! The schema table: the expected shape of every key of cloud-config user-data, NoCloud
//! meta-data and network-config (v1 and v2), as data. `check.rs` walks a document against it;
//! whether an unknown key is an error or a warning is part of each mapping's entry.

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

pub(super) const STRS: T = T::List(&T::Str);
pub(super) const CMDS: T = T::List(&T::StrOrList);

pub(super) const USER: &[(&str, T)] = &[
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

pub(super) const WRITE_FILE: &[(&str, T)] = &[
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

pub(super) const CHPASSWD: &[(&str, T)] = &[
    ("expire", T::Bool),
    ("list", T::StrOrList),
    ("users", T::List(&T::AnyMap)),
];

/// Top-level cloud-config keys with their types. Unknown top-level keys are warnings (cloud-init
/// modules and distributions add their own).
pub(super) const CLOUD_CONFIG: &[(&str, T)] = &[
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
pub(super) const META_DATA: &[(&str, T)] = &[
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

pub(super) const V1_ROUTE: &[(&str, T)] = &[
    ("gateway", T::Str),
    ("netmask", T::Str),
    ("network", T::Str),
    ("destination", T::Str),
    ("metric", T::Int),
    ("prefix", T::StrOrInt),
];

pub(super) const V1_SUBNET: &[(&str, T)] = &[
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
pub(super) const V1_ITEM: &[(&str, T)] = &[
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

pub(super) const V1: &[(&str, T)] = &[
    ("version", T::Int),
    ("config", T::List(&T::Map(V1_ITEM, true))),
];

pub(super) const V2_ROUTE: &[(&str, T)] = &[
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

pub(super) const V2_DEVICE: &[(&str, T)] = &[
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

pub(super) const V2: &[(&str, T)] = &[
    ("version", T::Int),
    ("renderer", T::Enum(&["networkd", "NetworkManager"])),
    ("ethernets", T::MapOf(&T::Map(V2_DEVICE, true))),
    ("bonds", T::MapOf(&T::Map(V2_DEVICE, true))),
    ("bridges", T::MapOf(&T::Map(V2_DEVICE, true))),
    ("vlans", T::MapOf(&T::Map(V2_DEVICE, true))),
];

/// `#cloud-config-archive`: a list of parts, each a string or a mapping with these keys.
pub(super) const CLOUD_CONFIG_ARCHIVE: T = T::List(&T::StrOrMap(
    &[
        ("content", T::Str),
        ("type", T::Str),
        ("filename", T::Str),
        ("launch-index", T::Int),
    ],
    false,
));
