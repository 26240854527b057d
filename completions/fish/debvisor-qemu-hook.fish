complete -c debvisor-qemu-hook -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-qemu-hook -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-qemu-hook -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-qemu-hook -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-qemu-hook -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-qemu-hook -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-qemu-hook -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-qemu-hook -s V -l version -d 'Print version'
