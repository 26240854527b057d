complete -c debvisor-upgrade -l node -d 'Upgrade these nodes, in this order [default: every [cluster] node]' -r
complete -c debvisor-upgrade -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-upgrade -l check -d 'Run the pre-checks and simulate the package upgrade on every node; change nothing'
complete -c debvisor-upgrade -l diff -d 'With --check: list every package change (old → new)'
complete -c debvisor-upgrade -l pause -d 'Stop after each node (re-run to continue with the next one)'
complete -c debvisor-upgrade -l status -d 'Show the journal of the current/last upgrade'
complete -c debvisor-upgrade -l abandon -d 'Forget an interrupted upgrade\'s journal (flags it set are listed, not cleared)'
complete -c debvisor-upgrade -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-upgrade -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-upgrade -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-upgrade -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor-upgrade -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-upgrade -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-upgrade -s V -l version -d 'Print version'
