# -*- coding: utf-8 -*-
# Copyright: DebVisor contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The options every module takes (module_utils.debvisor.DEBVISOR_COMMON_ARGS), documented
    # once: `extends_documentation_fragment: [debvisor.node.common]`.
    DOCUMENTATION = r'''
options:
  debvisor_bin:
    description: The toolbox binary on the node.
    type: path
    default: debvisor
  config:
    description: The toolbox configuration file (C(DEBVISOR_CONFIG); default C(/etc/debvisor/debvisor.toml)).
    type: path
'''
