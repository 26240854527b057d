complete -c debvisor-vm-register -l mac -d 'A MAC address of the VM, to find its DHCP lease (repeatable)' -r
complete -c debvisor-vm-register -l timeout -d 'How long --wait waits for an address [config: vm_register.wait_timeout_secs] [default: 300]' -r
complete -c debvisor-vm-register -l ttl -d 'Record TTL passed to dns-update [config: vm_register.ttl]' -r
complete -c debvisor-vm-register -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor-vm-register -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-vm-register -l wait -d 'Wait for the VM\'s address (DHCP leases, virsh domifaddr), then register it'
complete -c debvisor-vm-register -l delete -d 'Remove the VM\'s records (the address recorded at registration unless ADDR is given)'
complete -c debvisor-vm-register -l list -d 'List the registrations made on this node'
complete -c debvisor-vm-register -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-vm-register -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-vm-register -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-vm-register -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-vm-register -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-vm-register -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-vm-register -s V -l version -d 'Print version'
