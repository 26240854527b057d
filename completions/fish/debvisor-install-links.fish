complete -c debvisor-install-links -l target -d 'What the links point to [default: this binary]' -r -F
complete -c debvisor-install-links -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-install-links -l legacy -d 'Also create the legacy script names (e.g. debvisor-migrate.sh) for drop-in compatibility'
complete -c debvisor-install-links -l force -d 'Replace files or foreign links that have an applet\'s name'
complete -c debvisor-install-links -l remove -d 'Remove the links this command created (only links pointing at the target)'
complete -c debvisor-install-links -l print -d 'Print every link a package ships (link, applet, section, man page) as JSON lines; change nothing'
complete -c debvisor-install-links -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-install-links -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-install-links -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-install-links -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-install-links -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-install-links -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-install-links -s V -l version -d 'Print version'
