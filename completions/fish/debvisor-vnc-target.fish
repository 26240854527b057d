complete -c debvisor-vnc-target -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor-vnc-target -l timeout -d 'How long the reachability probe may take' -r
complete -c debvisor-vnc-target -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-vnc-target -l port -d 'Print only the TCP port (for scripts); no reachability probe'
complete -c debvisor-vnc-target -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-vnc-target -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-vnc-target -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-vnc-target -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-vnc-target -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-vnc-target -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-vnc-target -s V -l version -d 'Print version'
