complete -c debvisor-metrics -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor-metrics -l textfile -d 'Write DIR/debvisor.prom atomically for node_exporter\'s textfile collector (Debian: /var/lib/prometheus/node-exporter) instead of printing' -r -F
complete -c debvisor-metrics -l only -d 'Run only these collectors' -r -f -a "health\t''
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
complete -c debvisor-metrics -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-metrics -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-metrics -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-metrics -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-metrics -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-metrics -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-metrics -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-metrics -s V -l version -d 'Print version'
