#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: DebVisor contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: dns_record
short_description: Add, replace or delete a host's DNS records with C(debvisor dns-update)
description:
  - Runs C(debvisor dns-update --json) on the managed node. The toolbox reads the current
    records, sends one signed update (C(nsupdate -k KEYFILE)), verifies every server and
    keeps a rollback journal.
  - Adding a name replaces its A/AAAA RRset (and the matching PTR); a re-run with the same
    address changes nothing and reports C(changed=false), from the tool's own result.
  - In check mode the tool runs with C(--dry-run) and the module returns its plan.
  - The TSIG key is given as a key file path only (O(key_file)); no secret is ever a module
    argument or result.
version_added: "0.1.0"
author: DebVisor contributors
options:
  name:
    description: Host name, relative to the zone or an FQDN inside it.
    type: str
    required: true
  address:
    description:
      - IPv4 or IPv6 address. Required with O(state=present); with O(state=absent), only this
        address is deleted (default all of the name's addresses).
    type: str
  state:
    description: V(present) adds or replaces the address, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  owner:
    description:
      - Owner tag (TXT C(debvisor-owner=TAG)); a delete then leaves a name that another owner
        registered since.
    type: str
  ttl:
    description: TTL of added records (default C([dns] ttl)).
    type: int
  zone:
    description: Forward zone (default C([dns] zone)).
    type: str
  server:
    description: Primary servers as HOST:PORT (default C([dns] primaries)).
    type: list
    elements: str
  secondary:
    description: Secondary servers to verify, HOST:PORT (default C([dns] secondaries)).
    type: list
    elements: str
  key_file:
    description: TSIG key file for C(nsupdate -k) (a path; default C([dns] key_file)).
    type: path
  verify:
    description: Wait until every server serves the change.
    type: bool
    default: true
extends_documentation_fragment:
  - debvisor.node.common
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
notes:
  - Requires the C(debvisor) toolbox on the managed node.
'''

EXAMPLES = r'''
- name: Register vm1
  debvisor.node.dns_record:
    name: vm1
    address: 10.10.20.5
    owner: "{{ inventory_hostname }}"

- name: Remove vm1 (left alone if another node registered it since)
  debvisor.node.dns_record:
    name: vm1
    state: absent
    owner: "{{ inventory_hostname }}"
'''

RETURN = r'''
changed:
  description: The tool's own verdict (records changed, or would in check mode).
  returned: always
  type: bool
result:
  description: The C(dns-update --json) report (status, changes, servers, propagation_verified, ...).
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
        name=dict(type='str', required=True),
        address=dict(type='str'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        owner=dict(type='str'),
        ttl=dict(type='int'),
        zone=dict(type='str'),
        server=dict(type='list', elements='str'),
        secondary=dict(type='list', elements='str'),
        key_file=dict(type='path', no_log=False),
        verify=dict(type='bool', default=True),
    )
    spec.update(DEBVISOR_COMMON_ARGS)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_if=[('state', 'present', ['address'])])
    p = module.params
    args = ['dns-update']
    if p['state'] == 'absent':
        args.append('--delete')
    args.append(p['name'])
    if p['address']:
        args.append(p['address'])
    for flag, key in (('--owner', 'owner'), ('--zone', 'zone'), ('--key-file', 'key_file')):
        if p[key]:
            args += [flag, p[key]]
    if p['ttl'] is not None:
        args += ['--ttl', str(p['ttl'])]
    for s in p['server'] or []:
        args += ['--server', s]
    for s in p['secondary'] or []:
        args += ['--secondary', s]
    if not p['verify']:
        args.append('--no-verify')
    rc, result, plan, err = Debvisor(module).run(args)
    out = dict(changed=changed_of(result), result=result)
    if module.check_mode:
        out['plan'] = plan_lines(plan)
    if module._diff and result:
        before, after = [], []
        for c in result.get('changes', []):
            label = '%s %s' % (c.get('name'), c.get('rtype', c.get('type', '')))
            before += ['%s %s' % (label, v) for v in c.get('old', [])]
            after += ['%s %s' % (label, v) for v in c.get('new', [])]
        out['diff'] = dict(before='\n'.join(before) + ('\n' if before else ''),
                           after='\n'.join(after) + ('\n' if after else ''))
    module.exit_json(**out)


if __name__ == '__main__':
    main()
