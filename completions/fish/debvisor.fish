# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_debvisor_global_optspecs
    string join \n l/list h/help V/version
end

function __fish_debvisor_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_debvisor_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_debvisor_using_subcommand
    set -l cmd (__fish_debvisor_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c debvisor -n "__fish_debvisor_needs_command" -s l -l list -d 'List the applets'
complete -c debvisor -n "__fish_debvisor_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_needs_command" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "health-check" -d 'Check this node\'s tools and services and score its health'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "install-links" -d 'Create (or remove) the applet links in a directory'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "generate" -d 'Generate man pages or shell completions'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "hostname-register" -d 'Register this node\'s address and FQDN with dnsmasq (and optionally BIND)'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "vm-register" -d 'Register a VM\'s address in DNS (or remove it); waits for the DHCP lease when asked'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "qemu-hook" -d 'libvirt qemu hook: hands VM DNS registration to a background vm-register job'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "vnc-target" -d 'Show a VM\'s VNC listen address and port, and whether it answers'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "vnc-ensure" -d 'Run one websockify per VM on its own port and print the noVNC URL'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "console-ticket" -d 'Issue and verify signed, single-use, time-limited console tickets for one VM'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "k8sctl" -d 'Kubernetes nodes, workloads, logs, debug containers and addons'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "firstboot" -d 'Provision a fresh node: accounts, bridge, storage, Docker, Kubernetes, firewall, libvirt, DNS'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "upgrade" -d 'Rolling, resumable upgrade of the cluster\'s nodes with Ceph and Kubernetes safety gates'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "join" -d 'Join this node to the cluster: Ceph OSDs and CRUSH placement, Kubernetes, etcd registration, with rollback'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "maintenance" -d 'Node maintenance mode: evacuate VMs, noout its OSDs, drain it, fence off new work; and restore'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "cephctl" -d 'Ceph status, capacity, balance and alerts, and safe OSD maintenance'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "zfs-scrub" -d 'Scrub ZFS pools one at a time, wait, and report the errors found'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "zfs-status" -d 'ZFS pool health, capacity, fragmentation, last scrub and degraded devices'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "dns-update" -d 'Add, replace or delete A/AAAA + PTR records with TSIG-signed updates and verify propagation'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "tsig-keygen" -d 'Generate a TSIG key: BIND include + nsupdate key file, atomically, with safe modes'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "tsig-rotate" -d 'Rotate the TSIG update key with zero downtime (rndc), or delegate to the HA Ansible playbook'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "migrate" -d 'Live-migrate VMs between nodes (pre-checks, progress, rollback report, evacuation)'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "hvctl" -d 'Hypervisor control: list VMs, info, resources, lifecycle, snapshots, console, migration'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "blocklist" -d 'Validate, compile and atomically apply IPv4/IPv6 blocklists to nftables'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "metrics" -d 'Export this node\'s health, DNS, storage, blocklist and VM state as Prometheus metrics'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "vm-convert" -d 'Convert VM disk images safely, resumably and verifiably (qemu-img)'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "cloudinit-iso" -d 'Build a validated, reproducible cloud-init NoCloud seed image (ISO or vfat)'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -l only -d 'Run only these checks' -r -f -a "libvirt\t''
qemu-img\t''
ceph\t''
zfs\t''
dns\t''
dns-sync\t''
dns-expiry\t''
dnssec\t''
tsig\t''
kubernetes\t''
disk\t''
maintenance\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -l collect-diagnostics -d 'Also write a tar.gz for support to FILE (0600, atomically): tool versions, config, audit tail, unit journals, Ceph/libvirt/nftables/ZFS/BIND state, lifecycle journals; secrets redacted; MISSING.txt lists what could not be collected' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l target -d 'What the links point to [default: this binary]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l legacy -d 'Also create the legacy script names (e.g. debvisor-migrate.sh) for drop-in compatibility'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l force -d 'Replace files or foreign links that have an applet\'s name'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l remove -d 'Remove the links this command created (only links pointing at the target)'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l print -d 'Print every link a package ships (link, applet, section, man page) as JSON lines; change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -l address -d 'Address to publish [config: hostname_register.address] [default: source address of the default route]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -l fqdn -d 'FQDN to publish (overrides etcd and the local name)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -l hosts-dir -d 'dnsmasq hosts directory [config: hostname_register.hosts_dir] [default: /etc/dnsmasq.d/hosts]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -l etcd-endpoints -d 'etcd endpoints, comma-separated [env: ETCDCTL_ENDPOINTS] [config: etcd.endpoints]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -l no-etcd -d 'Do not consult etcd for the FQDN'
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -l dns -d 'Also register the record in BIND through dns-update [config: hostname_register.dns_update]'
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -l no-dns -d 'Do not call dns-update even if configured'
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand hostname-register" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -l mac -d 'A MAC address of the VM, to find its DHCP lease (repeatable)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -l timeout -d 'How long --wait waits for an address [config: vm_register.wait_timeout_secs] [default: 300]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -l ttl -d 'Record TTL passed to dns-update [config: vm_register.ttl]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -l wait -d 'Wait for the VM\'s address (DHCP leases, virsh domifaddr), then register it'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -l delete -d 'Remove the VM\'s records (the address recorded at registration unless ADDR is given)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -l list -d 'List the registrations made on this node'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-register" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand qemu-hook" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand qemu-hook" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand qemu-hook" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand qemu-hook" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand qemu-hook" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand qemu-hook" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand qemu-hook" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand qemu-hook" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -l timeout -d 'How long the reachability probe may take' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -l port -d 'Print only the TCP port (for scripts); no reachability probe'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l host -d 'Host name in the noVNC URL [config: console.public_url] [default: this host\'s name]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l check -d 'Change nothing: exit 0 when the VM\'s instance runs and is current, 1 otherwise'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l stop -d 'Stop the VM\'s instance and free its port'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l list -d 'List the instances and whether each is running or stale'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l prune -d 'Stop and forget every stale instance'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l ssl -d 'https:// URL (noVNC then uses wss://)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s u -l user -d 'Who the ticket is for [default: $SUDO_USER, else $USER]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -l ttl -d 'Lifetime: 60s, 5m, 1h (a bare number means minutes, as before) [config: console.default_ttl, max console.max_ttl]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -l verify -d 'Legacy form of `console-ticket verify TICKET --vm VM`' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -l read-only -d 'View-only console'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -a "issue" -d 'Issue a ticket (same as without a subcommand)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -a "verify" -d 'Check a ticket (signature, expiry, VM, single use) and consume it'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -s u -l user -d 'Who the ticket is for [default: $SUDO_USER, else $USER]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -l ttl -d 'Lifetime: 60s, 5m, 1h (a bare number means minutes, as before) [config: console.default_ttl, max console.max_ttl]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -l read-only -d 'View-only console'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -l vm -d 'Require the ticket to be for this VM' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from help" -f -a "issue" -d 'Issue a ticket (same as without a subcommand)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check a ticket (signature, expiry, VM, single use) and consume it'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "nodes" -d 'Node health (Ready, pressure conditions, cordon) and resources'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "workloads" -d 'Deployments, StatefulSets and DaemonSets with ready counts; failing pods first'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "logs" -d 'Pod logs (-f follows until Ctrl-C)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "debug" -d 'Attach an ephemeral debug container to a pod (interactive)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "addon" -d 'Addons shipped with the toolbox (manifests under the addons directory)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from nodes" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from nodes" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from nodes" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from nodes" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from nodes" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from nodes" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from nodes" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from nodes" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from workloads" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from workloads" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from workloads" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from workloads" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from workloads" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from workloads" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from workloads" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from workloads" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -s n -l namespace -r
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -s c -l container -r
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -l tail -r
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -s f -l follow
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -s p -l previous -d 'Logs of the previous (crashed) container'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from logs" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from debug" -s n -l namespace -r
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from debug" -l image -r
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from debug" -l target -d 'Share the process namespace of this container' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from debug" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from debug" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from debug" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from debug" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from debug" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from debug" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from debug" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from debug" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -f -a "list" -d 'Addons and whether they are enabled'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -f -a "enable" -d 'Apply an addon\'s manifest'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -f -a "disable" -d 'Delete an addon\'s objects'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from addon" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from help" -f -a "nodes" -d 'Node health (Ready, pressure conditions, cordon) and resources'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from help" -f -a "workloads" -d 'Deployments, StatefulSets and DaemonSets with ready counts; failing pods first'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from help" -f -a "logs" -d 'Pod logs (-f follows until Ctrl-C)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from help" -f -a "debug" -d 'Attach an ephemeral debug container to a pod (interactive)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from help" -f -a "addon" -d 'Addons shipped with the toolbox (manifests under the addons directory)'
complete -c debvisor -n "__fish_debvisor_using_subcommand k8sctl; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand firstboot" -l phase -d 'Run only this phase (repeatable); the others are not touched' -r -f -a "accounts\t''
network\t''
storage\t''
docker\t''
kubernetes\t''
firewall\t''
libvirt-pool\t''
tsig\t''
hostname\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand firstboot" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand firstboot" -l plan -d 'Print every step and command; change nothing (same as --dry-run)'
complete -c debvisor -n "__fish_debvisor_using_subcommand firstboot" -l force -d 'Run even though a previous run completed (phases still detect what is done)'
complete -c debvisor -n "__fish_debvisor_using_subcommand firstboot" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand firstboot" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand firstboot" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand firstboot" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand firstboot" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand firstboot" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand firstboot" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -l node -d 'Upgrade these nodes, in this order [default: every [cluster] node]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -l check -d 'Run the pre-checks, refresh the package lists (apt-get update) and simulate the package upgrade on every node; no package changes'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -l diff -d 'With --check: list every package change (old → new)'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -l pause -d 'Stop after each node (re-run to continue with the next one)'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -l status -d 'Show the journal of the current/last upgrade'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -l force -d 'Upgrade nodes even when they are in maintenance mode (`debvisor maintenance status`)'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -l abandon -d 'Forget an interrupted upgrade\'s journal (flags it set are listed, not cleared)'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand upgrade" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l mode -d 'What to join: Ceph (OSDs + CRUSH), Kubernetes, or both (etcd registration always)' -r -f -a "ceph\t''
k8s\t''
all\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l cluster -d 'A [[cluster.nodes]] node already in the cluster (reached over ssh for preflight and the join token)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l disk -d 'Create OSDs on exactly these disks (each must pass the blank-disk survey) [default: every blank disk]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l node-name -d 'This node\'s name in CRUSH, Kubernetes and etcd [default: [join] node_name, else the short hostname]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l log-file -d 'Legacy, ignored: logs go to the journal/stderr, actions to the audit log' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l check -d 'Run the preflight checks only and say what a join would do'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l force -d 'Join even though this node is marked in maintenance (`debvisor maintenance status`)'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l rollback -d 'Undo what an interrupted join recorded in its journal'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l skip-ceph -d 'Legacy: --mode k8s'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l skip-k8s -d 'Legacy: --mode ceph'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l force-disk -d 'Legacy: confirm the use of the selected disks (same as --yes)'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand join" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -f -a "enable" -d 'Put NODE into maintenance: mark, noout its OSDs, evacuate its VMs, drain it'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -f -a "disable" -d 'Take NODE out of maintenance: clear the flags this tool set, uncordon, restore, wait for HEALTH_OK'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -f -a "status" -d 'Every [cluster] node\'s maintenance state, since when, by whom, why, and what is pending'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and not __fish_seen_subcommand_from enable disable status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l reason -d 'Why (shown by status and health-check)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l bandwidth -d 'Bandwidth limit with a unit: 100MiB/s, 1GiB/s, 800Mbit/s, 1Gbps, unlimited [config: migrate.bandwidth]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l bandwidth-schedule -d 'Change the bandwidth mid-flight, e.g. 10s=200MiB/s,60s=unlimited (times count from when data starts moving)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l postcopy-after -d 'Pre-copy time before switching to post-copy [default: 10s]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l timeout -d 'Abort the migration (the VM keeps running on the source) after this long, e.g. 10m [config: migrate.timeout]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l max-downtime -d 'Maximum tolerable switch-over downtime, e.g. 300ms [config: migrate.max_downtime]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l storage -d 'Disks: auto (detect shared storage, copy local disks), shared (same paths on both nodes), copy (--copy-storage-all)' -r -f -a "auto\t''
shared\t''
copy\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l force -d 'Enter maintenance even when some VMs cannot be moved (they are named and recorded)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l auto-converge -d 'Throttle the guest\'s vCPUs when memory is dirtied faster than it is sent'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l postcopy -d 'Switch to post-copy when pre-copy has not finished after --postcopy-after (guarantees completion; cannot be rolled back once switched)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l undefine-source -d 'Remove the VM\'s definition from the source after success (default: keep it, shut off)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l p2p -d 'Peer-to-peer: the source libvirtd connects to the target itself'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from disable" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from disable" -l restore-vms -d 'Migrate the VMs that enable moved away back to NODE'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from disable" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from disable" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from disable" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from status" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from status" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from status" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from status" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Put NODE into maintenance: mark, noout its OSDs, evacuate its VMs, drain it'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Take NODE out of maintenance: clear the flags this tool set, uncordon, restore, wait for HEALTH_OK'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from help" -f -a "status" -d 'Every [cluster] node\'s maintenance state, since when, by whom, why, and what is pending'
complete -c debvisor -n "__fish_debvisor_using_subcommand maintenance; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "status" -d 'Health (each check explained, with a suggested action), capacity, OSDs, PGs, client I/O'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "osd" -d 'Per-OSD report and OSD maintenance'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "pool" -d 'Pool reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "pg" -d 'Placement group reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "alerts" -d 'Critical and warning checks (worst first), recent crashes, near-full OSDs; exit 0 ok, 1 warning, 2 critical'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "noout" -d 'Set or unset noout, cluster-wide or for one OSD (maintenance)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "ok-to-stop" -d 'Whether an OSD can be stopped without making PGs inactive; exit 0 yes, 1 no'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "mgr-compat" -d 'Debian 13: let ceph-mgr 18.2 load its modules with the PyO3 python3-bcrypt (status, enable, disable)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -f -a "list" -d 'Host, up/in, weight/reweight, utilisation and variance, PGs and a suggestion per OSD'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -f -a "out" -d 'Mark an OSD out (its data moves to other OSDs)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -f -a "in" -d 'Mark an OSD in again'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -f -a "safe-destroy" -d 'Destroy a (down) OSD, only if `ceph osd safe-to-destroy` says no data would be lost; needs --yes'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -f -a "capacity" -d 'Stored, used, max available, replicas/EC, PGs, quota and fill projection per pool'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -f -a "balance" -d 'PG and utilisation spread, balancer and autoscaler state, and recommendations as exact commands'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -l osd -d 'Only this OSD (N or osd.N) via `ceph osd add-noout`/`rm-noout`' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from mgr-compat" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from mgr-compat" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from mgr-compat" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from mgr-compat" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from mgr-compat" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from mgr-compat" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from mgr-compat" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from mgr-compat" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from mgr-compat" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from mgr-compat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "status" -d 'Health (each check explained, with a suggested action), capacity, OSDs, PGs, client I/O'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "osd" -d 'Per-OSD report and OSD maintenance'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "pool" -d 'Pool reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "pg" -d 'Placement group reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "alerts" -d 'Critical and warning checks (worst first), recent crashes, near-full OSDs; exit 0 ok, 1 warning, 2 critical'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "noout" -d 'Set or unset noout, cluster-wide or for one OSD (maintenance)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "ok-to-stop" -d 'Whether an OSD can be stopped without making PGs inactive; exit 0 yes, 1 no'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "mgr-compat" -d 'Debian 13: let ceph-mgr 18.2 load its modules with the PyO3 python3-bcrypt (status, enable, disable)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -l timeout -d 'Longest wait per pool [defaults file: ZFS_SCRUB_TIMEOUT] [config: zfs.scrub_timeout_secs] [default: 43200]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -l stagger-max -d 'Upper bound of the per-host start delay, 0 for none [defaults file: ZFS_SCRUB_STAGGER] [config: zfs.stagger_max_secs] [default: 1800]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -l defaults-file -d 'KEY=VALUE file with ZFS_SCRUB_POOLS etc. [config: zfs.defaults_file] [default: /etc/default/debvisor-zfs-scrub]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s b -l batch -d 'Read operations from FILE (or stdin): `add NAME ADDR [TTL]`, `delete NAME [ADDR]`, # comments' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l rollback -d 'Restore the records a previous run replaced (its journal ID; default: the latest)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l ttl -d 'TTL of added records [config: dns.ttl] [default: 300]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l owner -d 'Record who registers the names (TXT debvisor-owner=TAG); a delete then leaves a name that another owner registered since (e.g. the destination of a live migration)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s z -l zone -d 'Forward zone [config: dns.zone]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s s -l server -d 'Primary server; repeat for several (the first reachable one gets the update) [config: dns.primaries]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l secondary -d 'Secondary server to verify; repeatable [config: dns.secondaries]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s k -l key-file -d 'TSIG key file for nsupdate -k [config: dns.key_file] [default: /etc/debvisor/dns-update.key]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l deadline -d 'How long to wait for propagation [config: dns.verify_deadline] [default: 30]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s d -l delete -d 'Delete NAME\'s A/AAAA records (only ADDR when given) and the matching PTRs'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l journal -d 'List the rollback journal'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l rollback-on-failure -d 'Restore the old records when the update fails part-way or does not propagate'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l no-verify -d 'Do not wait for the servers to serve the change'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s a -l algorithm -d 'HMAC algorithm [config: tsig.algorithm] [default: hmac-sha256]' -r -f -a "hmac-sha256\t''
hmac-sha384\t''
hmac-sha512\t''
hmac-sha224\t''
hmac-sha1\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l bind-include -d 'BIND include to write (0640 root:GROUP) [config: tsig.bind_include] [default: /etc/bind/debvisor-tsig.key]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l client-key -d 'Client key file for nsupdate -k (0600) [config: tsig.client_key, else dns.key_file]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l group -d 'Group that may read the BIND include [config: tsig.group] [default: bind]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s f -l force -d 'Overwrite existing key files'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l keep -d 'Keep existing key files when they already hold a working key of NAME (or its tsig-rotate slot NAME-alt): nothing is written, and --json says "changed": false'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -l phase -d 'One step of a cluster-wide rotation (the debvisor.node collection\'s rotate-tsig-ha.yml runs each on every DNS server before the next): generate the next key into --key; add it to this server\'s BIND include and reload; switch this node\'s client key to it (proven by a signed update); retire every other key from the include and reload' -r -f -a "generate\t''
add\t''
switch\t''
retire\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -l key -d 'The staged next key for --phase (a key file, 0600; never its contents)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s c -l connect -d 'Source libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l evacuate -d 'Migrate every running VM off NODE (a [cluster] node name or URI)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l to -d 'With --evacuate: target nodes (default: every other [cluster] node)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l parallel -d 'With --evacuate: migrations at a time [config: migrate.parallel] [default: 2]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l set-bandwidth -d 'Change the bandwidth of VM\'s migration that is running now (from another shell)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l bandwidth -d 'Bandwidth limit with a unit: 100MiB/s, 1GiB/s, 800Mbit/s, 1Gbps, unlimited [config: migrate.bandwidth]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l bandwidth-schedule -d 'Change the bandwidth mid-flight, e.g. 10s=200MiB/s,60s=unlimited (times count from when data starts moving)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l postcopy-after -d 'Pre-copy time before switching to post-copy [default: 10s]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l timeout -d 'Abort the migration (the VM keeps running on the source) after this long, e.g. 10m [config: migrate.timeout]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l max-downtime -d 'Maximum tolerable switch-over downtime, e.g. 300ms [config: migrate.max_downtime]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l storage -d 'Disks: auto (detect shared storage, copy local disks), shared (same paths on both nodes), copy (--copy-storage-all)' -r -f -a "auto\t''
shared\t''
copy\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l check -d 'Run the pre-checks only'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l force -d 'Allow a target node that is in maintenance mode (`debvisor maintenance status`)'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l auto-converge -d 'Throttle the guest\'s vCPUs when memory is dirtied faster than it is sent'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l postcopy -d 'Switch to post-copy when pre-copy has not finished after --postcopy-after (guarantees completion; cannot be rolled back once switched)'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l undefine-source -d 'Remove the VM\'s definition from the source after success (default: keep it, shut off)'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l p2p -d 'Peer-to-peer: the source libvirtd connects to the target itself'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s c -l connect -d 'libvirt URI (before the subcommand) [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "list" -d 'List VMs (running, paused, shut off)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "info" -d 'Show one VM\'s details'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "resources" -d 'CPU time and %, memory, block and network I/O (two samples, INTERVAL apart)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "start" -d 'Start a VM'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "shutdown" -d 'Ask a VM to shut down (ACPI) and wait until it is off'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "destroy" -d 'Power a VM off at once (like pulling the plug; destructive)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "reboot" -d 'Reboot a VM (ACPI)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "snapshot" -d 'Create, list, revert or delete snapshots'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "console" -d 'Attach to the VM\'s serial console (Ctrl+] to leave)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "migrate" -d 'Live-migrate a VM to another node (same engine as debvisor-migrate)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s f -l filter -d 'Only VMs matching: state=running|paused|shut_off|…, name=GLOB (same key: any; different keys: all)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s c -l columns -d 'Columns for table/csv output [default: id,name,state,vcpus,memory,cpu_time]' -r -f -a "id\t''
name\t''
state\t''
vcpus\t''
memory\t''
max_memory\t''
rss\t''
cpu_time\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table; --json = json]' -r -f -a "table\t''
json\t''
csv\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -l interval -d 'Time between the two samples' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -s a -l all -d 'Every running VM (two bulk calls, whatever the number of VMs)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -l force -d 'Start it even though this node is in maintenance mode'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -l timeout -d 'Deadline for the guest to power off' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -l force -d 'Destroy (power off) the VM if it is still running at the deadline'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -l no-wait -d 'Send the request and return'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l bandwidth -d 'Bandwidth limit with a unit: 100MiB/s, 1GiB/s, 800Mbit/s, 1Gbps, unlimited [config: migrate.bandwidth]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l bandwidth-schedule -d 'Change the bandwidth mid-flight, e.g. 10s=200MiB/s,60s=unlimited (times count from when data starts moving)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l postcopy-after -d 'Pre-copy time before switching to post-copy [default: 10s]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l timeout -d 'Abort the migration (the VM keeps running on the source) after this long, e.g. 10m [config: migrate.timeout]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l max-downtime -d 'Maximum tolerable switch-over downtime, e.g. 300ms [config: migrate.max_downtime]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l storage -d 'Disks: auto (detect shared storage, copy local disks), shared (same paths on both nodes), copy (--copy-storage-all)' -r -f -a "auto\t''
shared\t''
copy\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l check -d 'Run the pre-checks only'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l force -d 'Allow a target node that is in maintenance mode (`debvisor maintenance status`)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l auto-converge -d 'Throttle the guest\'s vCPUs when memory is dirtied faster than it is sent'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l postcopy -d 'Switch to post-copy when pre-copy has not finished after --postcopy-after (guarantees completion; cannot be rolled back once switched)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l undefine-source -d 'Remove the VM\'s definition from the source after success (default: keep it, shut off)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l p2p -d 'Peer-to-peer: the source libvirtd connects to the target itself'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "list" -d 'List VMs (running, paused, shut off)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "info" -d 'Show one VM\'s details'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "resources" -d 'CPU time and %, memory, block and network I/O (two samples, INTERVAL apart)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "start" -d 'Start a VM'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "shutdown" -d 'Ask a VM to shut down (ACPI) and wait until it is off'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "destroy" -d 'Power a VM off at once (like pulling the plug; destructive)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "reboot" -d 'Reboot a VM (ACPI)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "snapshot" -d 'Create, list, revert or delete snapshots'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "console" -d 'Attach to the VM\'s serial console (Ctrl+] to leave)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Live-migrate a VM to another node (same engine as debvisor-migrate)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l blocklist -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l whitelist -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l sha256 -r
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l metadata -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l check-overlaps
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l abort-on-failure
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "validate" -d 'Check sources: bad lines (FILE:LINE: reason), special ranges, duplicates, overlaps; exit 0 valid, 5 invalid'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "compile" -d 'Print the effective set (block − allow) as the fewest CIDRs, or as the nftables snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "apply" -d 'Load the effective set into nftables atomically (only the delta since the last apply, or a staged full load) and write the snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "diff" -d 'Compare the sets of two lists; exit 0 same, 1 different'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "stats" -d 'Entries and addresses per source and for the effective set'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "verify" -d 'Check the SHA-256 of sources against blocklist-metadata.json; fails closed'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -l check-overlaps -d 'Accepted for compatibility (overlaps are always reported)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s f -l format -d 'list: one CIDR per line (a /32 or /128 as a bare address); nft: the snippet' -r -f -a "list\t''
nft\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -l full -d 'Replace the whole table (heals drift) instead of sending the delta'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -l force -d 'Apply even when the guard refuses (too much address space, or most of the set removed)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l blocklist -d 'Same as FILE (legacy spelling)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -s m -l metadata -d 'Metadata file [default: config blocklist.metadata]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l sha256 -d 'Check one FILE against this hash instead of the metadata' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l print -d 'Only print the SHA-256 of each FILE (no check)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l abort-on-failure
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check sources: bad lines (FILE:LINE: reason), special ranges, duplicates, overlaps; exit 0 valid, 5 invalid'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "compile" -d 'Print the effective set (block − allow) as the fewest CIDRs, or as the nftables snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Load the effective set into nftables atomically (only the delta since the last apply, or a staged full load) and write the snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Compare the sets of two lists; exit 0 same, 1 different'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Entries and addresses per source and for the effective set'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the SHA-256 of sources against blocklist-metadata.json; fails closed'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand metrics" -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand metrics" -l textfile -d 'Write DIR/debvisor.prom atomically for node_exporter\'s textfile collector (Debian: /var/lib/prometheus/node-exporter) instead of printing' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand metrics" -l only -d 'Run only these collectors' -r -f -a "health\t''
dns\t''
ceph\t''
zfs\t''
blocklist\t''
vms\t''
websockify\t''
tsig\t''
journals\t''
units\t''
maintenance\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand metrics" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand metrics" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand metrics" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand metrics" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand metrics" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand metrics" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand metrics" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand metrics" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s i -l in -d 'Source image (file or block device)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s o -l out -d 'Destination image (written as DST.part, renamed on success)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s f -l from -d 'Source format (default: from the header magic; never probed by qemu)' -r -f -a "qcow2\t''
raw\t''
vmdk\t''
vdi\t''
vhdx\t''
vpc\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s O -l to -d 'Destination format' -r -f -a "qcow2\t''
raw\t''
vmdk\t''
vdi\t''
vhdx\t''
vpc\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s t -l cache -d 'Destination cache mode [config: images.cache] [default: writeback]' -r -f -a "none\t''
writeback\t''
writethrough\t''
directsync\t''
unsafe\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l rate-limit -d 'Bandwidth limit in bytes/s (suffixes K, M, G)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s m -l coroutines -l threads -d 'Parallel coroutines, 1..16 [config: images.coroutines] [default: 8]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l check -d 'Re-verify DST against its manifest (read-only)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l allow-backing-dir -d 'Also allow backing/extent files under DIR [config: images.allowed_backing_dirs]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s c -l compress -d 'Compress (qcow2: zstd where supported, else zlib; not resumable)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l sparse -d 'Leave zero areas unallocated (default)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l no-sparse -d 'Write every byte (no zero detection)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s W -l parallel-writes -d 'Allow out-of-order writes (faster on some storage)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l verify -d 'Compare with the source and record a guest-data BLAKE3 in DST.manifest.json'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l force -d 'Replace an existing DST (only after the new image is complete)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s U -l force-shared -d 'Read a disk that a running VM has open (qemu-img -U); the copy may be inconsistent'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l restart -d 'Discard an interrupted conversion instead of resuming it'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l compact -d 'qcow2 without preallocated metadata (file size = data; resumable in 64 MiB chunks, slower)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l name -d 'VM name: default instance-id and host name' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s o -l out -l output -d 'The seed image to write' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s u -l user-data -d 'user-data (#cloud-config, script or MIME multipart) [default: generated]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s m -l meta-data -d 'meta-data [default: instance-id and local-hostname]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l network-config -d 'network-config (version 1 or 2)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l vendor-data -d 'vendor-data' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l template -d 'Generate user-data from an embedded template (see --list-templates)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l ssh-key -d 'SSH public key file(s) for the default user' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l username -d 'Create this sudo user (with the SSH keys) instead of the image\'s default user' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l password-file -d 'A file holding the user\'s crypt(3) password hash (console login; SSH password login stays off)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l password -d 'Refused: a hash on the command line is visible to every user (use --password-file)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l packages -d 'Extra packages to install on first boot' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l hostname -d 'Host name [default: the VM name]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l instance-id -d 'instance-id [default: the VM name]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l format -d 'Image type' -r -f -a "iso\t''
vfat\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l show-template -d 'Print a template\'s text' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l force -d 'Replace an existing output file'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l validate-only -l validate -d 'Only validate the inputs; write nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l list-templates -d 'List the embedded templates'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "health-check" -d 'Check this node\'s tools and services and score its health'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "install-links" -d 'Create (or remove) the applet links in a directory'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "generate" -d 'Generate man pages or shell completions'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "hostname-register" -d 'Register this node\'s address and FQDN with dnsmasq (and optionally BIND)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "vm-register" -d 'Register a VM\'s address in DNS (or remove it); waits for the DHCP lease when asked'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "qemu-hook" -d 'libvirt qemu hook: hands VM DNS registration to a background vm-register job'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "vnc-target" -d 'Show a VM\'s VNC listen address and port, and whether it answers'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "vnc-ensure" -d 'Run one websockify per VM on its own port and print the noVNC URL'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "console-ticket" -d 'Issue and verify signed, single-use, time-limited console tickets for one VM'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "k8sctl" -d 'Kubernetes nodes, workloads, logs, debug containers and addons'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "firstboot" -d 'Provision a fresh node: accounts, bridge, storage, Docker, Kubernetes, firewall, libvirt, DNS'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "upgrade" -d 'Rolling, resumable upgrade of the cluster\'s nodes with Ceph and Kubernetes safety gates'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "join" -d 'Join this node to the cluster: Ceph OSDs and CRUSH placement, Kubernetes, etcd registration, with rollback'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "maintenance" -d 'Node maintenance mode: evacuate VMs, noout its OSDs, drain it, fence off new work; and restore'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "cephctl" -d 'Ceph status, capacity, balance and alerts, and safe OSD maintenance'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "zfs-scrub" -d 'Scrub ZFS pools one at a time, wait, and report the errors found'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "zfs-status" -d 'ZFS pool health, capacity, fragmentation, last scrub and degraded devices'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "dns-update" -d 'Add, replace or delete A/AAAA + PTR records with TSIG-signed updates and verify propagation'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "tsig-keygen" -d 'Generate a TSIG key: BIND include + nsupdate key file, atomically, with safe modes'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "tsig-rotate" -d 'Rotate the TSIG update key with zero downtime (rndc), or delegate to the HA Ansible playbook'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "migrate" -d 'Live-migrate VMs between nodes (pre-checks, progress, rollback report, evacuation)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "hvctl" -d 'Hypervisor control: list VMs, info, resources, lifecycle, snapshots, console, migration'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "blocklist" -d 'Validate, compile and atomically apply IPv4/IPv6 blocklists to nftables'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "metrics" -d 'Export this node\'s health, DNS, storage, blocklist and VM state as Prometheus metrics'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "vm-convert" -d 'Convert VM disk images safely, resumably and verifiably (qemu-img)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "cloudinit-iso" -d 'Build a validated, reproducible cloud-init NoCloud seed image (ISO or vfat)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate hostname-register vm-register qemu-hook vnc-target vnc-ensure console-ticket k8sctl firstboot upgrade join maintenance cephctl zfs-scrub zfs-status dns-update tsig-keygen tsig-rotate migrate hvctl blocklist metrics vm-convert cloudinit-iso help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from console-ticket" -f -a "issue" -d 'Issue a ticket (same as without a subcommand)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from console-ticket" -f -a "verify" -d 'Check a ticket (signature, expiry, VM, single use) and consume it'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from k8sctl" -f -a "nodes" -d 'Node health (Ready, pressure conditions, cordon) and resources'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from k8sctl" -f -a "workloads" -d 'Deployments, StatefulSets and DaemonSets with ready counts; failing pods first'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from k8sctl" -f -a "logs" -d 'Pod logs (-f follows until Ctrl-C)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from k8sctl" -f -a "debug" -d 'Attach an ephemeral debug container to a pod (interactive)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from k8sctl" -f -a "addon" -d 'Addons shipped with the toolbox (manifests under the addons directory)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from maintenance" -f -a "enable" -d 'Put NODE into maintenance: mark, noout its OSDs, evacuate its VMs, drain it'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from maintenance" -f -a "disable" -d 'Take NODE out of maintenance: clear the flags this tool set, uncordon, restore, wait for HEALTH_OK'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from maintenance" -f -a "status" -d 'Every [cluster] node\'s maintenance state, since when, by whom, why, and what is pending'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "status" -d 'Health (each check explained, with a suggested action), capacity, OSDs, PGs, client I/O'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "osd" -d 'Per-OSD report and OSD maintenance'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "pool" -d 'Pool reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "pg" -d 'Placement group reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "alerts" -d 'Critical and warning checks (worst first), recent crashes, near-full OSDs; exit 0 ok, 1 warning, 2 critical'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "noout" -d 'Set or unset noout, cluster-wide or for one OSD (maintenance)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "ok-to-stop" -d 'Whether an OSD can be stopped without making PGs inactive; exit 0 yes, 1 no'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "mgr-compat" -d 'Debian 13: let ceph-mgr 18.2 load its modules with the PyO3 python3-bcrypt (status, enable, disable)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "list" -d 'List VMs (running, paused, shut off)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "info" -d 'Show one VM\'s details'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "resources" -d 'CPU time and %, memory, block and network I/O (two samples, INTERVAL apart)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "start" -d 'Start a VM'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "shutdown" -d 'Ask a VM to shut down (ACPI) and wait until it is off'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "destroy" -d 'Power a VM off at once (like pulling the plug; destructive)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "reboot" -d 'Reboot a VM (ACPI)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "snapshot" -d 'Create, list, revert or delete snapshots'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "console" -d 'Attach to the VM\'s serial console (Ctrl+] to leave)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "migrate" -d 'Live-migrate a VM to another node (same engine as debvisor-migrate)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "validate" -d 'Check sources: bad lines (FILE:LINE: reason), special ranges, duplicates, overlaps; exit 0 valid, 5 invalid'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "compile" -d 'Print the effective set (block − allow) as the fewest CIDRs, or as the nftables snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "apply" -d 'Load the effective set into nftables atomically (only the delta since the last apply, or a staged full load) and write the snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "diff" -d 'Compare the sets of two lists; exit 0 same, 1 different'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "stats" -d 'Entries and addresses per source and for the effective set'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "verify" -d 'Check the SHA-256 of sources against blocklist-metadata.json; fails closed'
