#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: DebVisor contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: tsig_key
short_description: Generate or rotate the node's TSIG update key (C(debvisor tsig-keygen), C(tsig-rotate))
description:
  - V(present) runs C(debvisor-tsig-keygen NAME --keep --json) - a new key (BIND include 0640,
    client key file 0600, written atomically) unless one of NAME (or its rotation slot
    NAME-alt) is already in place, which reports C(changed=false).
  - V(rotated) runs C(debvisor tsig-rotate --json) - the single-server rotation with no window
    (two key slots, crash checkpoints, probe update). Every run rotates, so it always reports
    C(changed=true); schedule it, do not converge on it.
  - V(phase) runs one step of a cluster-wide rotation (C(tsig-rotate --phase PHASE --key
    KEY_FILE)) - see the collection's C(rotate-tsig-ha.yml), which runs each step on every DNS
    server before the next. Each step is idempotent and refuses to run out of order.
  - Keys are handled as files only - no secret is ever a module argument or a result.
  - In check mode the tool runs with C(--dry-run).
version_added: "0.1.0"
author: DebVisor contributors
options:
  state:
    description: What to do (see the description).
    type: str
    choices: [present, rotated, phase]
    default: present
  name:
    description: Key name for V(present) (default C([tsig] key_name)).
    type: str
  algorithm:
    description: HMAC algorithm for V(present) (default C([tsig] algorithm)).
    type: str
  bind_include:
    description: BIND include file for V(present) (default C([tsig] bind_include)).
    type: path
  client_key:
    description: Client key file for V(present) (default C([tsig] client_key), else C([dns] key_file)).
    type: path
  group:
    description: Group that may read the BIND include (V(present)).
    type: str
  phase:
    description: The rotation step for V(phase).
    type: str
    choices: [generate, add, switch, retire]
  key_file:
    description: The staged next key (a path, mode 0600) for V(phase).
    type: path
extends_documentation_fragment:
  - debvisor.node.common
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
notes:
  - Requires the C(debvisor) toolbox on the managed node (and BIND for V(rotated) and V(phase)).
'''

EXAMPLES = r'''
- name: A TSIG key on every DNS server (kept when present)
  debvisor.node.tsig_key:
    state: present

- name: One step of the HA rotation
  debvisor.node.tsig_key:
    state: phase
    phase: add
    key_file: /var/lib/debvisor/tsig-next.key
'''

RETURN = r'''
changed:
  description: The tool's own verdict.
  returned: always
  type: bool
result:
  description: The tool's JSON report (key names, paths, status; never a secret).
  returned: always
  type: dict
plan:
  description: In check mode, the commands and file writes the tool would run.
  returned: check mode
  type: list
  elements: str
rc:
  description: The tool's exit code (on failure, with its one-line error as msg).
  returned: failure
  type: int
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.debvisor.node.plugins.module_utils.debvisor import (
    DEBVISOR_COMMON_ARGS, Debvisor, changed_of, plan_lines)


def main():
    spec = dict(
        state=dict(type='str', choices=['present', 'rotated', 'phase'], default='present'),
        name=dict(type='str'),
        algorithm=dict(type='str'),
        bind_include=dict(type='path'),
        client_key=dict(type='path', no_log=False),
        group=dict(type='str'),
        phase=dict(type='str', choices=['generate', 'add', 'switch', 'retire']),
        key_file=dict(type='path', no_log=False),
    )
    spec.update(DEBVISOR_COMMON_ARGS)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_if=[('state', 'phase', ['phase', 'key_file'])])
    p = module.params
    if p['state'] == 'present':
        args = ['tsig-keygen']
        if p['name']:
            args.append(p['name'])
        args.append('--keep')
        for flag, key in (('--algorithm', 'algorithm'), ('--bind-include', 'bind_include'),
                          ('--client-key', 'client_key'), ('--group', 'group')):
            if p[key]:
                args += [flag, p[key]]
    elif p['state'] == 'rotated':
        args = ['tsig-rotate']
    else:
        args = ['tsig-rotate', '--phase', p['phase'], '--key', p['key_file']]
    rc, result, plan, err = Debvisor(module).run(args)
    if result:
        # The report names keys and paths only; drop the advisory text block.
        result.pop('update_policy', None)
    out = dict(changed=changed_of(result), result=result)
    if module.check_mode:
        out['plan'] = plan_lines(plan)
    module.exit_json(**out)


if __name__ == '__main__':
    main()
