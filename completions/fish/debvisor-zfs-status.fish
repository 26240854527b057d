complete -c debvisor-zfs-status -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-zfs-status -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-zfs-status -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-zfs-status -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-zfs-status -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-zfs-status -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-zfs-status -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-zfs-status -s V -l version -d 'Print version'
