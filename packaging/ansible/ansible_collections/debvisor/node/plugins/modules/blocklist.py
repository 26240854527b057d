#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: DebVisor contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: blocklist
short_description: Validate or apply the node's nftables blocklist with C(debvisor blocklist)
description:
  - V(validated) runs C(debvisor blocklist validate --json) (read-only) and fails, with the
    tool's message and the invalid entries, when a source is invalid.
  - V(applied) runs C(debvisor blocklist apply --json), which validates, guards against
    accidental mass changes, and loads the set in one nftables transaction (a delta against the
    last applied set). C(changed) is the tool's own verdict; an unchanged re-run sends nothing
    and reports C(changed=false).
  - In check mode the tool runs with C(--dry-run); the plan and the CIDR diff are returned.
version_added: "0.1.0"
author: DebVisor contributors
options:
  sources:
    description: Block sources (files or directories on the node; default C([blocklist] sources)).
    type: list
    elements: path
    default: []
  allow:
    description: Allow sources carved out of the block set (default C([blocklist] allow)).
    type: list
    elements: path
    default: []
  state:
    description: V(validated) only checks the sources; V(applied) loads them.
    type: str
    choices: [applied, validated]
    default: applied
  full:
    description: Replace the whole table (heals drift) instead of sending the delta.
    type: bool
    default: false
  force:
    description: Apply even when the guard refuses (too much address space, or most of the set removed).
    type: bool
    default: false
  allow_huge:
    description: Accept 0.0.0.0/0 and ::/0 in a block source.
    type: bool
    default: false
extends_documentation_fragment:
  - debvisor.node.common
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
notes:
  - Requires the C(debvisor) toolbox and nftables on the managed node.
'''

EXAMPLES = r'''
- name: Refuse a bad list before anything is loaded
  debvisor.node.blocklist:
    sources: [/etc/debvisor/blocklist.d]
    state: validated

- name: Load it
  debvisor.node.blocklist:
    sources: [/etc/debvisor/blocklist.d]
    allow: [/etc/debvisor/allowlist.txt]
'''

RETURN = r'''
changed:
  description: The tool's own verdict (the kernel set changed, or would in check mode).
  returned: always
  type: bool
result:
  description: The tool's JSON report (apply - mode, elements_added, elements_removed, added, removed; validate - valid, files, errors, warnings).
  returned: always
  type: dict
plan:
  description: In check mode, the commands and file writes the tool would run.
  returned: check mode, state=applied
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
        sources=dict(type='list', elements='path', default=[]),
        allow=dict(type='list', elements='path', default=[]),
        state=dict(type='str', choices=['applied', 'validated'], default='applied'),
        full=dict(type='bool', default=False),
        force=dict(type='bool', default=False),
        allow_huge=dict(type='bool', default=False),
    )
    spec.update(DEBVISOR_COMMON_ARGS)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    p = module.params
    tool = Debvisor(module)
    sub = 'validate' if p['state'] == 'validated' else 'apply'
    args = ['blocklist', sub] + list(p['sources'])
    for a in p['allow']:
        args += ['--allow', a]
    if p['allow_huge']:
        args.append('--allow-huge')
    if sub == 'apply':
        if p['full']:
            args.append('--full')
        if p['force']:
            args.append('--force')
    rc, result, plan, err = tool.run(args, mutating=(sub == 'apply'), fail=False)
    if rc != 0:
        tool.fail(rc, err, result)
    out = dict(changed=changed_of(result) if sub == 'apply' else False, result=result)
    if sub == 'apply':
        if module.check_mode:
            out['plan'] = plan_lines(plan)
        if module._diff and result:
            out['diff'] = dict(
                before=''.join('%s\n' % c for c in result.get('removed', [])),
                after=''.join('%s\n' % c for c in result.get('added', [])))
    module.exit_json(**out)


if __name__ == '__main__':
    main()
