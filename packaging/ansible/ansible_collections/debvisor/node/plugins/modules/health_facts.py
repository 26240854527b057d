#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: DebVisor contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: health_facts
short_description: The node's C(debvisor health-check) results as facts
description:
  - Runs C(debvisor health-check --json) (read-only) and sets the fact C(debvisor_health) -
    status (V(ok), V(degraded) or V(critical)), score and every check with its message and hint.
  - A degraded or critical node is a result, not a module failure - test the fact in a play
    (the rolling upgrade example stops on it). The module fails only when the tool cannot run
    (bad configuration, unknown check), with the tool's one-line error.
  - With O(metrics=true), also C(debvisor metrics --json) as C(debvisor_metrics), where the
    toolbox has that applet (a warning otherwise).
version_added: "0.1.0"
author: DebVisor contributors
options:
  only:
    description: Run only these checks (the names of C(debvisor health-check --only), e.g. disk, ceph, dns-sync, maintenance).
    type: list
    elements: str
  connect:
    description: libvirt URI.
    type: str
  metrics:
    description: Also gather C(debvisor metrics --json).
    type: bool
    default: false
extends_documentation_fragment:
  - debvisor.node.common
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  facts:
    support: full
'''

EXAMPLES = r'''
- debvisor.node.health_facts:
    only: [libvirt, disk]
- ansible.builtin.assert:
    that: debvisor_health.status == 'ok'
'''

RETURN = r'''
ansible_facts:
  description: C(debvisor_health) (and C(debvisor_metrics)).
  returned: always
  type: dict
  contains:
    debvisor_health:
      description: The C(health-check --json) document.
      returned: always
      type: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.debvisor.node.plugins.module_utils.debvisor import (
    DEBVISOR_COMMON_ARGS, Debvisor)


def main():
    spec = dict(
        only=dict(type='list', elements='str'),
        connect=dict(type='str'),
        metrics=dict(type='bool', default=False),
    )
    spec.update(DEBVISOR_COMMON_ARGS)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    p = module.params
    tool = Debvisor(module)
    args = ['health-check']
    for c in p['only'] or []:
        args += ['--only', c]
    if p['connect']:
        args += ['--connect', p['connect']]
    rc, health, plan, err = tool.run(args, mutating=False, fail=False)
    # health-check exits non-zero on a degraded node but still reports: that is a fact.
    if not (isinstance(health, dict) and 'checks' in health):
        tool.fail(rc, err)
    facts = dict(debvisor_health=health)
    if p['metrics']:
        mrc, metrics, mplan, merr = tool.run(['metrics'], mutating=False, fail=False)
        if mrc == 0 and metrics is not None:
            facts['debvisor_metrics'] = metrics
        elif 'unknown applet' in merr:
            module.warn('this debvisor has no metrics applet; debvisor_metrics not set')
        else:
            tool.fail(mrc, merr)
    module.exit_json(changed=False, ansible_facts=facts)


if __name__ == '__main__':
    main()
