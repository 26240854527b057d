complete -c debvisor-vnc-ensure -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor-vnc-ensure -l host -d 'Host name in the noVNC URL [config: console.public_url] [default: this host\'s name]' -r
complete -c debvisor-vnc-ensure -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-vnc-ensure -l check -d 'Change nothing: exit 0 when the VM\'s instance runs and is current, 1 otherwise'
complete -c debvisor-vnc-ensure -l stop -d 'Stop the VM\'s instance and free its port'
complete -c debvisor-vnc-ensure -l list -d 'List the instances and whether each is running or stale'
complete -c debvisor-vnc-ensure -l prune -d 'Stop and forget every stale instance'
complete -c debvisor-vnc-ensure -l ssl -d 'https:// URL (noVNC then uses wss://)'
complete -c debvisor-vnc-ensure -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-vnc-ensure -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-vnc-ensure -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-vnc-ensure -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-vnc-ensure -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-vnc-ensure -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-vnc-ensure -s V -l version -d 'Print version'
