complete -c debvisor-tsig-rotate -l phase -d 'One step of a cluster-wide rotation (the debvisor.node collection\'s rotate-tsig-ha.yml runs each on every DNS server before the next): generate the next key into --key; add it to this server\'s BIND include and reload; switch this node\'s client key to it (proven by a signed update); retire every other key from the include and reload' -r -f -a "generate\t''
add\t''
switch\t''
retire\t''"
complete -c debvisor-tsig-rotate -l key -d 'The staged next key for --phase (a key file, 0600; never its contents)' -r -F
complete -c debvisor-tsig-rotate -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-tsig-rotate -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-tsig-rotate -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-tsig-rotate -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-tsig-rotate -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-tsig-rotate -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-tsig-rotate -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-tsig-rotate -s V -l version -d 'Print version'
