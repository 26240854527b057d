# -*- coding: utf-8 -*-
# Copyright: DebVisor contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs `debvisor APPLET ... --json` on the managed node for the debvisor.node modules.

One place decides how a module talks to the toolbox:
  * check mode adds `--dry-run`: the toolbox itself guarantees that mutating commands and file
    writes are printed, not run (its execution layer, not the module, enforces it);
  * the result is the applet's last JSON document; under --dry-run the documents before it are
    the plan (one per command or file write it would run);
  * `changed` is the applet's own `changed` field, never guessed by the module;
  * on failure the module fails with the tool's one-line error (`APPLET: error: ...`) as `msg`
    and its documented exit code as `rc`.
Secrets never pass through here: the modules take key files by path only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

DEBVISOR_COMMON_ARGS = dict(
    debvisor_bin=dict(type='path', default='debvisor'),
    config=dict(type='path'),
)


def parse_documents(text):
    """The JSON documents in TEXT (one per line, but any whitespace between them is accepted)."""
    decoder = json.JSONDecoder()
    docs = []
    i = 0
    n = len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        try:
            doc, end = decoder.raw_decode(text, i)
        except ValueError:
            # Not JSON (a human line): skip to the next line.
            nl = text.find('\n', i)
            if nl < 0:
                break
            i = nl + 1
            continue
        docs.append(doc)
        i = end
    return docs


def error_line(stderr):
    """The tool's one-line error: the last `...: error: ...` line of stderr, else its last line."""
    lines = [l.strip() for l in (stderr or '').splitlines() if l.strip()]
    for l in reversed(lines):
        if ': error: ' in l or l.startswith('error: '):
            return l
    return lines[-1] if lines else ''


class Debvisor(object):
    """Runs one applet for a module (the module's own params select binary and config)."""

    def __init__(self, module):
        self.module = module
        self.binary = self._binary(module.params.get('debvisor_bin') or 'debvisor')

    def _binary(self, name):
        if '/' in name:
            return name
        return self.module.get_bin_path(name, required=True)

    def run(self, args, mutating=True, fail=True):
        """Runs `debvisor ARGS --json` (plus `--dry-run` in check mode when MUTATING).

        Returns (rc, result, plan, stderr): the last JSON document (or None), the plan documents
        of a dry run, and stderr. With FAIL, a non-zero exit fails the module with the tool's
        error line as msg and its exit code as rc.
        """
        argv = [self.binary] + list(args) + ['--json']
        dry = mutating and self.module.check_mode
        if dry:
            argv.append('--dry-run')
        env = {}
        if self.module.params.get('config'):
            env['DEBVISOR_CONFIG'] = self.module.params['config']
        rc, out, err = self.module.run_command(argv, environ_update=env)
        docs = parse_documents(out)
        plan = [d for d in docs if isinstance(d, dict) and 'would_run' in d]
        rest = [d for d in docs if not (isinstance(d, dict) and 'would_run' in d)]
        result = rest[-1] if rest else None
        if rc != 0 and fail:
            self.fail(rc, err, result)
        return rc, result, plan, err

    def fail(self, rc, stderr, result=None):
        kw = dict(msg=error_line(stderr) or 'debvisor exited with status %d' % rc, rc=rc)
        if result is not None:
            kw['result'] = result
        self.module.fail_json(**kw)


def plan_lines(plan):
    """The dry run's plan as lines (`run: CMD` / `write-file: PATH ...`)."""
    return ['%s: %s' % (p.get('action', ''), p.get('would_run', '')) for p in plan]


def changed_of(result):
    """The applet's own verdict (its top-level `changed`)."""
    return bool(result and result.get('changed'))
