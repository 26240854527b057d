complete -c debvisor-zfs-scrub -l timeout -d 'Longest wait per pool [defaults file: ZFS_SCRUB_TIMEOUT] [config: zfs.scrub_timeout_secs] [default: 43200]' -r
complete -c debvisor-zfs-scrub -l stagger-max -d 'Upper bound of the per-host start delay, 0 for none [defaults file: ZFS_SCRUB_STAGGER] [config: zfs.stagger_max_secs] [default: 1800]' -r
complete -c debvisor-zfs-scrub -l defaults-file -d 'KEY=VALUE file with ZFS_SCRUB_POOLS etc. [config: zfs.defaults_file] [default: /etc/default/debvisor-zfs-scrub]' -r -F
complete -c debvisor-zfs-scrub -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-zfs-scrub -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-zfs-scrub -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-zfs-scrub -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-zfs-scrub -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-zfs-scrub -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-zfs-scrub -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-zfs-scrub -s V -l version -d 'Print version'
