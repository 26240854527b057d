#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: DebVisor contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: maintenance
short_description: Put a cluster node into or out of maintenance with C(debvisor maintenance)
description:
  - V(enabled) runs C(debvisor maintenance enable NODE --json --yes) - the journaled sequence
    (cluster-wide mark, per-OSD noout, VM evacuation to nodes not in maintenance,
    cordon/drain), resumed when interrupted. A node already in maintenance reports
    C(changed=false), from the tool's own result.
  - V(disabled) runs C(debvisor maintenance disable NODE --json --yes) (uncordon, unset noout,
    optionally bring the VMs back, wait for health).
  - In check mode the tool runs with C(--dry-run) and returns the plan.
version_added: "0.1.0"
author: DebVisor contributors
options:
  node:
    description: The [cluster] node (usually C(inventory_hostname)).
    type: str
    required: true
  state:
    description: V(enabled) enters maintenance, V(disabled) leaves it.
    type: str
    choices: [enabled, disabled]
    default: enabled
  reason:
    description: Why (shown by C(maintenance status) and C(health-check)); V(enabled) only.
    type: str
  force:
    description: Enter maintenance even when some VMs cannot be moved (they are named and recorded).
    type: bool
    default: false
  restore_vms:
    description: With V(disabled), migrate the VMs that V(enabled) moved away back to the node.
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
- debvisor.node.maintenance:
    node: "{{ inventory_hostname }}"
    reason: kernel upgrade
- debvisor.node.maintenance:
    node: "{{ inventory_hostname }}"
    state: disabled
    restore_vms: true
'''

RETURN = r'''
changed:
  description: The tool's own verdict.
  returned: always
  type: bool
result:
  description: The tool's report (node, action, state, noout_osds, cordoned, moved, not_moved, restored).
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
        node=dict(type='str', required=True),
        state=dict(type='str', choices=['enabled', 'disabled'], default='enabled'),
        reason=dict(type='str'),
        force=dict(type='bool', default=False),
        restore_vms=dict(type='bool', default=False),
    )
    spec.update(DEBVISOR_COMMON_ARGS)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    p = module.params
    if p['state'] == 'enabled':
        args = ['maintenance', 'enable', p['node']]
        if p['reason']:
            args += ['--reason', p['reason']]
        if p['force']:
            args.append('--force')
    else:
        args = ['maintenance', 'disable', p['node']]
        if p['restore_vms']:
            args.append('--restore-vms')
    args.append('--yes')
    rc, result, plan, err = Debvisor(module).run(args)
    out = dict(changed=changed_of(result), result=result)
    if module.check_mode:
        out['plan'] = plan_lines(plan)
    module.exit_json(**out)


if __name__ == '__main__':
    main()
