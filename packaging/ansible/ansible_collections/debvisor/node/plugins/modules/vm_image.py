#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: DebVisor contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: vm_image
short_description: Convert a VM disk image with C(debvisor vm-convert), verified
description:
  - When O(dest) does not exist (or O(force=true)), runs C(debvisor vm-convert --in SRC --out
    DEST --json) - format pinned (never probed), resumable, written as DEST.part and renamed
    when complete - with C(--verify) by default (compared with the source, guest-data BLAKE3
    in C(DEST.manifest.json)).
  - When O(dest) exists, runs C(debvisor vm-convert --check DEST --json) (read-only) - a dest
    that matches its manifest is done (C(changed=false)); one that does not fails with the
    tool's message (O(force=true) replaces it).
  - In check mode the conversion runs with C(--dry-run) and returns the plan.
version_added: "0.1.0"
author: DebVisor contributors
options:
  src:
    description: Source image (file or block device) on the node.
    type: path
    required: true
  dest:
    description: Destination image on the node.
    type: path
    required: true
  format:
    description: Destination format.
    type: str
    choices: [qcow2, raw, vmdk, vdi, vhdx, vpc]
    default: qcow2
  src_format:
    description: Source format (default from the header magic).
    type: str
    choices: [qcow2, raw, vmdk, vdi, vhdx, vpc]
  verify:
    description: Verify the copy and record its manifest.
    type: bool
    default: true
  compress:
    description: Compress (qcow2; not resumable).
    type: bool
    default: false
  force:
    description: Replace an existing O(dest) (only once the new image is complete).
    type: bool
    default: false
extends_documentation_fragment:
  - debvisor.node.common
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
'''

EXAMPLES = r'''
- debvisor.node.vm_image:
    src: /srv/import/web1.vmdk
    dest: /var/lib/libvirt/images/web1.qcow2
'''

RETURN = r'''
changed:
  description: True when a conversion ran (or would, in check mode).
  returned: always
  type: bool
result:
  description: The conversion's C(done) event, or the C(--check) report of an existing dest.
  returned: always
  type: dict
plan:
  description: In check mode, the commands and file writes the tool would run.
  returned: check mode, when converting
  type: list
  elements: str
rc:
  description: The tool's exit code (on failure, with its one-line error as msg).
  returned: failure
  type: int
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.debvisor.node.plugins.module_utils.debvisor import (
    DEBVISOR_COMMON_ARGS, Debvisor, changed_of, plan_lines)

FORMATS = ['qcow2', 'raw', 'vmdk', 'vdi', 'vhdx', 'vpc']


def main():
    spec = dict(
        src=dict(type='path', required=True),
        dest=dict(type='path', required=True),
        format=dict(type='str', choices=FORMATS, default='qcow2'),
        src_format=dict(type='str', choices=FORMATS),
        verify=dict(type='bool', default=True),
        compress=dict(type='bool', default=False),
        force=dict(type='bool', default=False),
    )
    spec.update(DEBVISOR_COMMON_ARGS)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    p = module.params
    tool = Debvisor(module)
    if os.path.exists(p['dest']) and not p['force']:
        rc, result, plan, err = tool.run(['vm-convert', '--check', p['dest']], mutating=False,
                                         fail=False)
        if rc == 0 and result and result.get('status') == 'ok':
            module.exit_json(changed=False, result=result)
        if result is None:
            tool.fail(rc or 1, err)
        module.fail_json(rc=rc or 1, result=result,
                         msg='vm-convert: error: %s exists and does not verify: %s '
                             '(force: true replaces it)'
                             % (p['dest'], result.get('message') or result.get('status')))
    args = ['vm-convert', '--in', p['src'], '--out', p['dest'], '--to', p['format']]
    if p['src_format']:
        args += ['--from', p['src_format']]
    if p['verify']:
        args.append('--verify')
    if p['compress']:
        args.append('--compress')
    if p['force']:
        args.append('--force')
    rc, result, plan, err = tool.run(args)
    out = dict(changed=changed_of(result) or module.check_mode, result=result)
    if module.check_mode:
        out['plan'] = plan_lines(plan)
    module.exit_json(**out)


if __name__ == '__main__':
    main()
