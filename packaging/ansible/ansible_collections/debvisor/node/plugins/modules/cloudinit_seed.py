#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: DebVisor contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: cloudinit_seed
short_description: Build a validated, reproducible NoCloud seed image with C(debvisor cloudinit-iso)
description:
  - Runs C(debvisor cloudinit-iso --out DEST --force --json) - every file is validated against
    its schema, the image is reproducible (same inputs, same bytes), written atomically (0600
    when it holds secrets).
  - C(changed) is the tool's own verdict - an image identical to the one in place is left
    alone and reports C(changed=false).
  - In check mode the inputs are validated (C(--validate-only)) and nothing is built; the
    module reports C(changed=true) then, because only building the image tells whether it
    differs from the one in place.
  - Secrets are files - a password is given as O(password_file) (a crypt(3) hash), never as an
    argument.
version_added: "0.1.0"
author: DebVisor contributors
options:
  name:
    description: VM name - default instance-id and host name.
    type: str
    required: true
  dest:
    description: The seed image to write on the node.
    type: path
    required: true
  user_data:
    description: user-data file (default generated).
    type: path
  meta_data:
    description: meta-data file.
    type: path
  network_config:
    description: network-config file (version 1 or 2).
    type: path
  vendor_data:
    description: vendor-data file.
    type: path
  template:
    description: Generate user-data from an embedded template.
    type: str
  ssh_keys:
    description: SSH public key files for the default user.
    type: list
    elements: path
    default: []
  username:
    description: Create this sudo user instead of the image's default user.
    type: str
  password_file:
    description: A file holding the user's crypt(3) password hash.
    type: path
  packages:
    description: Extra packages to install on first boot.
    type: list
    elements: str
    default: []
  hostname:
    description: Host name (default the VM name).
    type: str
  instance_id:
    description: instance-id (default the VM name).
    type: str
  format:
    description: Image type.
    type: str
    choices: [iso, vfat]
    default: iso
extends_documentation_fragment:
  - debvisor.node.common
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
'''

EXAMPLES = r'''
- debvisor.node.cloudinit_seed:
    name: web1
    dest: /var/lib/libvirt/images/web1-seed.iso
    ssh_keys: [/root/.ssh/id_ed25519.pub]
'''

RETURN = r'''
changed:
  description: The tool's own verdict (the image was written).
  returned: always
  type: bool
result:
  description: The tool's report (output, format, label, bytes, sha256, files, secret, warnings).
  returned: always
  type: dict
rc:
  description: The tool's exit code (on failure, with its one-line error as msg).
  returned: failure
  type: int
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.debvisor.node.plugins.module_utils.debvisor import (
    DEBVISOR_COMMON_ARGS, Debvisor, changed_of)


def main():
    spec = dict(
        name=dict(type='str', required=True),
        dest=dict(type='path', required=True),
        user_data=dict(type='path'),
        meta_data=dict(type='path'),
        network_config=dict(type='path'),
        vendor_data=dict(type='path'),
        template=dict(type='str'),
        ssh_keys=dict(type='list', elements='path', default=[], no_log=False),
        username=dict(type='str'),
        password_file=dict(type='path', no_log=False),
        packages=dict(type='list', elements='str', default=[]),
        hostname=dict(type='str'),
        instance_id=dict(type='str'),
        format=dict(type='str', choices=['iso', 'vfat'], default='iso'),
    )
    spec.update(DEBVISOR_COMMON_ARGS)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    p = module.params
    args = ['cloudinit-iso', '--name', p['name'], '--out', p['dest'], '--format', p['format']]
    for flag, key in (('--user-data', 'user_data'), ('--meta-data', 'meta_data'),
                      ('--network-config', 'network_config'), ('--vendor-data', 'vendor_data'),
                      ('--template', 'template'), ('--username', 'username'),
                      ('--password-file', 'password_file'), ('--hostname', 'hostname'),
                      ('--instance-id', 'instance_id')):
        if p[key]:
            args += [flag, p[key]]
    for k in p['ssh_keys']:
        args += ['--ssh-key', k]
    if p['packages']:
        args += ['--packages', ','.join(p['packages'])]
    tool = Debvisor(module)
    if module.check_mode:
        rc, result, plan, err = tool.run(args + ['--validate-only'], mutating=False)
        module.exit_json(changed=True, result=result)
    rc, result, plan, err = tool.run(args + ['--force'])
    module.exit_json(changed=changed_of(result), result=result)


if __name__ == '__main__':
    main()
