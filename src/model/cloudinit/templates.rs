//! The embedded template library (`--template`, `--list-templates`, `--show-template`).

/// One embedded template: its name, a one-line description, and its text.
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

/// The template called `name`.
pub fn template(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}
