complete -c debvisor-dns-update -s b -l batch -d 'Read operations from FILE (or stdin): `add NAME ADDR [TTL]`, `delete NAME [ADDR]`, # comments' -r
complete -c debvisor-dns-update -l rollback -d 'Restore the records a previous run replaced (its journal ID; default: the latest)' -r
complete -c debvisor-dns-update -l ttl -d 'TTL of added records [config: dns.ttl] [default: 300]' -r
complete -c debvisor-dns-update -l owner -d 'Record who registers the names (TXT debvisor-owner=TAG); a delete then leaves a name that another owner registered since (e.g. the destination of a live migration)' -r
complete -c debvisor-dns-update -s z -l zone -d 'Forward zone [config: dns.zone]' -r
complete -c debvisor-dns-update -s s -l server -d 'Primary server; repeat for several (the first reachable one gets the update) [config: dns.primaries]' -r
complete -c debvisor-dns-update -l secondary -d 'Secondary server to verify; repeatable [config: dns.secondaries]' -r
complete -c debvisor-dns-update -s k -l key-file -d 'TSIG key file for nsupdate -k [config: dns.key_file] [default: /etc/debvisor/dns-update.key]' -r -F
complete -c debvisor-dns-update -l deadline -d 'How long to wait for propagation [config: dns.verify_deadline] [default: 30]' -r
complete -c debvisor-dns-update -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-dns-update -s d -l delete -d 'Delete NAME\'s A/AAAA records (only ADDR when given) and the matching PTRs'
complete -c debvisor-dns-update -l journal -d 'List the rollback journal'
complete -c debvisor-dns-update -l rollback-on-failure -d 'Restore the old records when the update fails part-way or does not propagate'
complete -c debvisor-dns-update -l no-verify -d 'Do not wait for the servers to serve the change'
complete -c debvisor-dns-update -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-dns-update -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-dns-update -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-dns-update -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-dns-update -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-dns-update -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-dns-update -s V -l version -d 'Print version'
