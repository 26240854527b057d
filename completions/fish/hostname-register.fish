complete -c hostname-register -l address -d 'Address to publish [config: hostname_register.address] [default: source address of the default route]' -r
complete -c hostname-register -l fqdn -d 'FQDN to publish (overrides etcd and the local name)' -r
complete -c hostname-register -l hosts-dir -d 'dnsmasq hosts directory [config: hostname_register.hosts_dir] [default: /etc/dnsmasq.d/hosts]' -r -F
complete -c hostname-register -l etcd-endpoints -d 'etcd endpoints, comma-separated [env: ETCDCTL_ENDPOINTS] [config: etcd.endpoints]' -r
complete -c hostname-register -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hostname-register -l no-etcd -d 'Do not consult etcd for the FQDN'
complete -c hostname-register -l dns -d 'Also register the record in BIND through dns-update [config: hostname_register.dns_update]'
complete -c hostname-register -l no-dns -d 'Do not call dns-update even if configured'
complete -c hostname-register -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hostname-register -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hostname-register -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hostname-register -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hostname-register -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hostname-register -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hostname-register -s V -l version -d 'Print version'
