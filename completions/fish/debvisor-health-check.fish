complete -c debvisor-health-check -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor-health-check -l only -d 'Run only these checks' -r -f -a "libvirt\t''
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
complete -c debvisor-health-check -l collect-diagnostics -d 'Also write a tar.gz for support to FILE (0600, atomically): tool versions, config, audit tail, unit journals, Ceph/libvirt/nftables/ZFS/BIND state, lifecycle journals; secrets redacted; MISSING.txt lists what could not be collected' -r -F
complete -c debvisor-health-check -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-health-check -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-health-check -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-health-check -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-health-check -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-health-check -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-health-check -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-health-check -s V -l version -d 'Print version'
