complete -c debvisor-migrate -s c -l connect -d 'Source libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor-migrate -l evacuate -d 'Migrate every running VM off NODE (a [cluster] node name or URI)' -r
complete -c debvisor-migrate -l to -d 'With --evacuate: target nodes (default: every other [cluster] node)' -r
complete -c debvisor-migrate -l parallel -d 'With --evacuate: migrations at a time [config: migrate.parallel] [default: 2]' -r
complete -c debvisor-migrate -l set-bandwidth -d 'Change the bandwidth of VM\'s migration that is running now (from another shell)' -r
complete -c debvisor-migrate -l bandwidth -d 'Bandwidth limit with a unit: 100MiB/s, 1GiB/s, 800Mbit/s, 1Gbps, unlimited [config: migrate.bandwidth]' -r
complete -c debvisor-migrate -l bandwidth-schedule -d 'Change the bandwidth mid-flight, e.g. 10s=200MiB/s,60s=unlimited (times count from when data starts moving)' -r
complete -c debvisor-migrate -l postcopy-after -d 'Pre-copy time before switching to post-copy [default: 10s]' -r
complete -c debvisor-migrate -l timeout -d 'Abort the migration (the VM keeps running on the source) after this long, e.g. 10m [config: migrate.timeout]' -r
complete -c debvisor-migrate -l max-downtime -d 'Maximum tolerable switch-over downtime, e.g. 300ms [config: migrate.max_downtime]' -r
complete -c debvisor-migrate -l storage -d 'Disks: auto (detect shared storage, copy local disks), shared (same paths on both nodes), copy (--copy-storage-all)' -r -f -a "auto\t''
shared\t''
copy\t''"
complete -c debvisor-migrate -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-migrate -l check -d 'Run the pre-checks only'
complete -c debvisor-migrate -l force -d 'Allow a target node that is in maintenance mode (`debvisor maintenance status`)'
complete -c debvisor-migrate -l auto-converge -d 'Throttle the guest\'s vCPUs when memory is dirtied faster than it is sent'
complete -c debvisor-migrate -l postcopy -d 'Switch to post-copy when pre-copy has not finished after --postcopy-after (guarantees completion; cannot be rolled back once switched)'
complete -c debvisor-migrate -l undefine-source -d 'Remove the VM\'s definition from the source after success (default: keep it, shut off)'
complete -c debvisor-migrate -l p2p -d 'Peer-to-peer: the source libvirtd connects to the target itself'
complete -c debvisor-migrate -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-migrate -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-migrate -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-migrate -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-migrate -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-migrate -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-migrate -s V -l version -d 'Print version'
