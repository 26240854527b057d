complete -c debvisor-tsig-keygen -s a -l algorithm -d 'HMAC algorithm [config: tsig.algorithm] [default: hmac-sha256]' -r -f -a "hmac-sha256\t''
hmac-sha384\t''
hmac-sha512\t''
hmac-sha224\t''
hmac-sha1\t''"
complete -c debvisor-tsig-keygen -l bind-include -d 'BIND include to write (0640 root:GROUP) [config: tsig.bind_include] [default: /etc/bind/debvisor-tsig.key]' -r -F
complete -c debvisor-tsig-keygen -l client-key -d 'Client key file for nsupdate -k (0600) [config: tsig.client_key, else dns.key_file]' -r -F
complete -c debvisor-tsig-keygen -l group -d 'Group that may read the BIND include [config: tsig.group] [default: bind]' -r
complete -c debvisor-tsig-keygen -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-tsig-keygen -s f -l force -d 'Overwrite existing key files'
complete -c debvisor-tsig-keygen -l keep -d 'Keep existing key files when they already hold a working key of NAME (or its tsig-rotate slot NAME-alt): nothing is written, and --json says "changed": false'
complete -c debvisor-tsig-keygen -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-tsig-keygen -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-tsig-keygen -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-tsig-keygen -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-tsig-keygen -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-tsig-keygen -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-tsig-keygen -s V -l version -d 'Print version'
