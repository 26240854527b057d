complete -c debvisor-vm-convert -s i -l in -d 'Source image (file or block device)' -r -F
complete -c debvisor-vm-convert -s o -l out -d 'Destination image (written as DST.part, renamed on success)' -r -F
complete -c debvisor-vm-convert -s f -l from -d 'Source format (default: from the header magic; never probed by qemu)' -r -f -a "qcow2\t''
raw\t''
vmdk\t''
vdi\t''
vhdx\t''
vpc\t''"
complete -c debvisor-vm-convert -s O -l to -d 'Destination format' -r -f -a "qcow2\t''
raw\t''
vmdk\t''
vdi\t''
vhdx\t''
vpc\t''"
complete -c debvisor-vm-convert -s t -l cache -d 'Destination cache mode [config: images.cache] [default: writeback]' -r -f -a "none\t''
writeback\t''
writethrough\t''
directsync\t''
unsafe\t''"
complete -c debvisor-vm-convert -l rate-limit -d 'Bandwidth limit in bytes/s (suffixes K, M, G)' -r
complete -c debvisor-vm-convert -s m -l coroutines -l threads -d 'Parallel coroutines, 1..16 [config: images.coroutines] [default: 8]' -r
complete -c debvisor-vm-convert -l check -d 'Re-verify DST against its manifest (read-only)' -r -F
complete -c debvisor-vm-convert -l allow-backing-dir -d 'Also allow backing/extent files under DIR [config: images.allowed_backing_dirs]' -r -F
complete -c debvisor-vm-convert -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-vm-convert -s c -l compress -d 'Compress (qcow2: zstd where supported, else zlib; not resumable)'
complete -c debvisor-vm-convert -l sparse -d 'Leave zero areas unallocated (default)'
complete -c debvisor-vm-convert -l no-sparse -d 'Write every byte (no zero detection)'
complete -c debvisor-vm-convert -s W -l parallel-writes -d 'Allow out-of-order writes (faster on some storage)'
complete -c debvisor-vm-convert -l verify -d 'Compare with the source and record a guest-data BLAKE3 in DST.manifest.json'
complete -c debvisor-vm-convert -l force -d 'Replace an existing DST (only after the new image is complete)'
complete -c debvisor-vm-convert -s U -l force-shared -d 'Read a disk that a running VM has open (qemu-img -U); the copy may be inconsistent'
complete -c debvisor-vm-convert -l restart -d 'Discard an interrupted conversion instead of resuming it'
complete -c debvisor-vm-convert -l compact -d 'qcow2 without preallocated metadata (file size = data; resumable in 64 MiB chunks, slower)'
complete -c debvisor-vm-convert -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-vm-convert -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-vm-convert -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-vm-convert -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-vm-convert -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-vm-convert -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-vm-convert -s V -l version -d 'Print version'
